"""The person and household forms, driven like a grid worker drives them: typing, Tab,
Enter, Esc — and what the database holds afterwards."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from gridapp.models.idnumber import make_id_number
from gridapp.models.places import Place
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.context import AppSignals, UiContext
from gridapp.ui.forms.fields import FieldEditor
from gridapp.ui.forms.household_form import HouseholdDialog, open_new_household
from gridapp.ui.forms.person_form import ADD, EDIT, PersonDialog
from gridapp.ui.tasks import TaskRunner
from tests import factories

# The offscreen platform cannot raise a type-ahead popup or grab the keyboard for it.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)
WAIT = 10_000
HEAD_ID = make_id_number("360423", date(1962, 5, 17), 135)  # male
WIFE_ID = make_id_number("360423", date(1965, 8, 2), 246)  # female
SON_ID = make_id_number("360423", date(1990, 12, 24), 357)  # male


class FakeNav:
    """Records where the window was asked to go."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def show_page(self, name: str) -> None:
        self.calls.append(("show_page", (name,)))

    def open_household(self, household_id: str, person_id: str | None = None) -> None:
        self.calls.append(("open_household", (household_id, person_id)))

    def open_person(self, person_id: str) -> None:
        self.calls.append(("open_person", (person_id,)))

    def new_household(self) -> None:
        self.calls.append(("new_household", ()))


@pytest.fixture
def window(qtbot: Any, qapp: QApplication) -> QWidget:
    install_font(qapp)
    install_translators(qapp, "zh_CN")
    widget = QWidget()
    widget.resize(1000, 700)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def ctx(store: Store, window: QWidget) -> Iterator[UiContext]:
    tasks = TaskRunner(window)
    context = UiContext(store=store, tasks=tasks, signals=AppSignals(window), nav=FakeNav())
    yield context
    tasks.shutdown()


@pytest.fixture
def changes(ctx: UiContext) -> list[Any]:
    """Every data_changed emission."""
    seen: list[Any] = []
    ctx.signals.data_changed.connect(seen.append)
    return seen


class Answers:
    """Answers the "discard?" questions take, in order; the questions asked."""

    def __init__(self) -> None:
        self.queue: list[QMessageBox.StandardButton] = []
        self.asked: list[str] = []

    def append(self, answer: QMessageBox.StandardButton) -> None:
        self.queue.append(answer)

    def question(self, parent: object, title: str, text: str, *args: object) -> Any:
        self.asked.append(text)
        return self.queue.pop(0)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """Message-box questions answered from a queue (a real one would block the test)."""
    recorded = Answers()
    monkeypatch.setattr(QMessageBox, "question", recorded.question)
    return recorded


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type as a person does: ASCII as key presses, Chinese as an input method commits it."""
    if isinstance(widget, QComboBox):
        widget = widget.lineEdit()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def field(form_owner: Any, name: str) -> FieldEditor:
    fields: dict[str, FieldEditor] = form_owner.form.fields
    return fields[name]


def line(f: FieldEditor) -> QLineEdit:
    assert isinstance(f.editor, QLineEdit)
    return f.editor


def press(qtbot: Any, widget: QObject, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key)


def choose(qtbot: Any, combo: QWidget, text: str) -> None:
    """Type into a code box and leave it with Tab (through the type-ahead list if it shows,
    where the keyboard goes while it is open)."""
    assert isinstance(combo, QComboBox)
    type_text(qtbot, combo, text)
    target = QApplication.activePopupWidget() or combo.lineEdit()
    qtbot.keyClick(target, Qt.Key.Key_Tab)


def shown(qtbot: Any, dialog: QWidget) -> None:
    """Open a dialog and wait until it is the window the keyboard types into."""
    dialog.open()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)


def add_places(store: Store) -> None:
    with store.write("places") as capture:
        insert_records(
            capture,
            "place",
            [
                Place(factories.uid(), factories.VILLAGE, "石泉村", "village", "360423100"),
                Place(factories.uid(), factories.GRID, "第一网格", "grid", factories.VILLAGE),
                Place(factories.uid(), "360423100200-02", "第二网格", "grid", factories.VILLAGE),
            ],
        )


def zhang(store: Store) -> HouseholdBundle:
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    return bundle


def enter_member(
    qtbot: Any,
    dialog: HouseholdDialog,
    id_number: str,
    name: str,
    relation: str = "",
    phone: str = "",
) -> PersonDialog:
    """Ins, then type the member's ID number, name, relation and phone; Enter."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    press(qtbot, dialog, Qt.Key.Key_Insert)
    member = dialog.member_dialog
    assert member is not None
    id_edit = line(field(member, "id_number"))
    qtbot.waitUntil(lambda: id_edit.hasFocus(), timeout=WAIT)
    type_text(qtbot, id_edit, id_number)
    type_text(qtbot, line(field(member, "name")), name)
    if relation:
        combo = field(member, "relation").editor
        assert isinstance(combo, QComboBox)
        combo.lineEdit().clear()
        choose(qtbot, combo, relation)
    if phone:
        type_text(qtbot, line(field(member, "phone")), phone)
    press(qtbot, line(field(member, "name")), Qt.Key.Key_Return)
    return member


# --- the new-household dialog ------------------------------------------------------------


def test_new_household_with_three_members(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget, changes: list[Any]
) -> None:
    add_places(store)
    dialog = open_new_household(ctx, window)
    number = line(dialog.fields["household_no"])
    # Focus lands where typing starts: the first empty required field.
    qtbot.waitUntil(lambda: number.hasFocus(), timeout=WAIT)
    assert dialog.save_button.text() == "还缺：户号、地址、成员"
    type_text(qtbot, number, "360000077")
    type_text(qtbot, line(dialog.fields["address"]), "石泉村3组16号")
    grid = dialog.fields["grid_code"].editor
    assert isinstance(grid, QComboBox)
    qtbot.waitUntil(lambda: grid.count() == 3, timeout=WAIT)  # （未指定） and two grids
    grid.setCurrentIndex(grid.findText("石泉村·第二网格"))
    assert dialog.save_button.text() == "还缺：成员"

    # Enter with no members yet saves nothing and says what is missing.
    press(qtbot, line(dialog.fields["address"]), Qt.Key.Key_Return)
    assert dialog.isVisible() and store.query("SELECT * FROM household") == []

    head = enter_member(qtbot, dialog, HEAD_ID, "李大山", phone="13907921111")
    # The ID number filled sex and birth date; the first member is the head.
    assert line(field(head, "sex")).text() == "男"
    assert line(field(head, "birth_date")).text() == "1962-05-17"
    qtbot.waitUntil(lambda: dialog.member_dialog is None, timeout=WAIT)
    enter_member(qtbot, dialog, WIFE_ID, "王秀英", relation="妻")
    qtbot.waitUntil(lambda: dialog.member_dialog is None, timeout=WAIT)
    enter_member(qtbot, dialog, SON_ID, "李小山", relation="长子")
    qtbot.waitUntil(lambda: dialog.member_table.rowCount() == 3, timeout=WAIT)
    # The table shows masked ID numbers only.
    shown = {dialog.member_table.item(r, 4).text() for r in range(3)}
    assert shown == {
        HEAD_ID[:6] + "********" + HEAD_ID[-4:],
        WIFE_ID[:6] + "********" + WIFE_ID[-4:],
        SON_ID[:6] + "********" + SON_ID[-4:],
    }
    assert dialog.save_button.text() == "保存"

    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        press(qtbot, line(dialog.fields["address"]), Qt.Key.Key_Return)

    households = store.query("SELECT * FROM household")
    assert len(households) == 1
    saved = households[0]
    assert (saved["household_no"], saved["address"], saved["grid_code"], saved["area_code"]) == (
        "360000077",
        "石泉村3组16号",
        "360423100200-02",
        factories.VILLAGE,
    )
    people = {
        p["name"]: p
        for p in store.query("SELECT * FROM person WHERE household_id = ?", (saved["id"],))
    }
    assert {n: (p["relation"], p["sex"], p["birth_date"]) for n, p in people.items()} == {
        "李大山": ("02", "1", "1962-05-17"),
        "王秀英": ("12", "2", "1965-08-02"),
        "李小山": ("22", "1", "1990-12-24"),
    }
    assert people["李大山"]["phone"] == "13907921111"
    assert people["李大山"]["id_number"] == HEAD_ID
    # One audited action; the window opens the new household.
    assert [a["action"] for a in store.query("SELECT action FROM audit_log")][-1] == (
        "create household"
    )
    assert ("open_household", (saved["id"], None)) in ctx.nav.calls  # type: ignore[attr-defined]
    assert changes and changes[-1].touches("household")


def test_existing_id_number_offers_to_open_that_person(
    qtbot: Any,
    store: Store,
    ctx: UiContext,
    window: QWidget,
    answers: Answers,
) -> None:
    family = zhang(store)
    wife = family.members[1]
    dialog = open_new_household(ctx, window)
    type_text(qtbot, line(dialog.fields["household_no"]), "360000078")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    press(qtbot, dialog, Qt.Key.Key_Insert)
    member = dialog.member_dialog
    assert member is not None
    id_edit = line(field(member, "id_number"))
    type_text(qtbot, id_edit, wife.id_number)

    message = field(member, "id_number").message
    qtbot.waitUntil(lambda: message.text() == "已登记：王芳（户号 360000001）", timeout=WAIT)
    assert message.isVisible()
    open_button = member.form.open_button
    assert open_button.isVisible() and open_button.text() == "打开此人"
    # Enter does not take the duplicate.
    press(qtbot, line(field(member, "name")), Qt.Key.Key_Return)
    assert member.isVisible() and dialog.members == []

    answers.append(QMessageBox.StandardButton.Discard)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    assert ("open_person", (wife.id,)) in ctx.nav.calls  # type: ignore[attr-defined]
    assert store.query("SELECT * FROM household WHERE household_no = '360000078'") == []


def test_refused_save_keeps_everything_typed(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget
) -> None:
    zhang(store)
    dialog = open_new_household(ctx, window)
    type_text(qtbot, line(dialog.fields["household_no"]), "360000001")  # taken
    type_text(qtbot, line(dialog.fields["address"]), "石泉村1组1号")
    enter_member(qtbot, dialog, HEAD_ID, "李大山")
    qtbot.waitUntil(lambda: dialog.member_table.rowCount() == 1, timeout=WAIT)

    press(qtbot, line(dialog.fields["address"]), Qt.Key.Key_Return)
    message = dialog.fields["household_no"].message
    qtbot.waitUntil(lambda: message.isVisible(), timeout=WAIT)
    assert message.text() == "户号 360000001 已登记。"
    assert dialog.isVisible()
    assert line(dialog.fields["address"]).text() == "石泉村1组1号"
    assert [m.name for m in dialog.members] == ["李大山"]
    assert line(dialog.fields["household_no"]).hasFocus()
    assert len(store.query("SELECT * FROM household")) == 1

    # Fixed in place, saved without retyping anything else.
    number = line(dialog.fields["household_no"])
    number.selectAll()
    type_text(qtbot, number, "360000002")
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        press(qtbot, number, Qt.Key.Key_Return)
    assert len(store.query("SELECT * FROM household")) == 2


def test_members_need_exactly_one_head(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget
) -> None:
    dialog = open_new_household(ctx, window)
    type_text(qtbot, line(dialog.fields["household_no"]), "360000079")
    type_text(qtbot, line(dialog.fields["address"]), "石泉村2组2号")
    enter_member(qtbot, dialog, WIFE_ID, "王秀英", relation="妻")
    qtbot.waitUntil(lambda: dialog.member_table.rowCount() == 1, timeout=WAIT)
    assert dialog.save_button.text() == "还缺：户主"
    assert dialog.member_problem.isVisible()
    assert "户主" in dialog.member_problem.text()
    press(qtbot, line(dialog.fields["address"]), Qt.Key.Key_Return)
    assert dialog.isVisible() and store.query("SELECT * FROM household") == []


def test_escape_asks_before_discarding(
    qtbot: Any,
    store: Store,
    ctx: UiContext,
    window: QWidget,
    answers: Answers,
) -> None:
    dialog = open_new_household(ctx, window)
    number = line(dialog.fields["household_no"])
    type_text(qtbot, number, "3600")
    answers.append(QMessageBox.StandardButton.Cancel)
    press(qtbot, number, Qt.Key.Key_Escape)
    assert dialog.isVisible() and number.text() == "3600"
    answers.append(QMessageBox.StandardButton.Discard)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        press(qtbot, number, Qt.Key.Key_Escape)
    assert answers.asked == ["放弃这个新户已填写的全部内容吗？"] * 2  # type: ignore[attr-defined]


def test_escape_on_an_untouched_form_just_closes(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget, answers: Answers
) -> None:
    dialog = open_new_household(ctx, window)
    number = line(dialog.fields["household_no"])
    qtbot.waitUntil(lambda: number.hasFocus(), timeout=WAIT)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        press(qtbot, number, Qt.Key.Key_Escape)
    assert answers.asked == []  # type: ignore[attr-defined]


# --- validation as you type ----------------------------------------------------------------


def test_messages_appear_as_you_type(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget
) -> None:
    dialog = PersonDialog(ctx, window, mode="collect")
    shown(qtbot, dialog)
    phone = field(dialog, "phone")
    type_text(qtbot, line(phone), "139")
    # Not called wrong at the first keystroke; after a pause in typing it is.
    assert not phone.message.isVisible()
    qtbot.waitUntil(lambda: phone.message.isVisible(), timeout=WAIT)
    assert "电话号码无效" in phone.message.text()
    assert dialog.save_button.text().startswith("还缺：")
    # Fixed: the message goes at once.
    type_text(qtbot, line(phone), "07921234")
    assert not phone.message.isVisible()

    # A complete ID number with a wrong check digit is called wrong at once.
    id_field = field(dialog, "id_number")
    wrong = HEAD_ID[:17] + ("0" if HEAD_ID[17] != "0" else "1")
    type_text(qtbot, line(id_field), wrong)
    assert id_field.message.isVisible()
    assert "校验" in id_field.message.text()
    assert line(field(dialog, "sex")).text() == ""
    line(id_field).backspace()
    type_text(qtbot, line(id_field), HEAD_ID[17])
    assert not id_field.message.isVisible()
    assert line(field(dialog, "sex")).text() == "男"

    date_field = field(dialog, "status_date") if "status_date" in dialog.form.fields else None
    assert date_field is None  # status changes only through 迁出/死亡


def test_save_button_lists_what_is_missing_and_wrong(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget
) -> None:
    dialog = PersonDialog(ctx, window, mode="collect", head_name="张三丰")
    shown(qtbot, dialog)
    assert dialog.save_button.text() == "还缺：公民身份号码、姓名、与户主关系"
    type_text(qtbot, line(field(dialog, "id_number")), HEAD_ID)
    type_text(qtbot, line(field(dialog, "name")), "李")
    assert dialog.save_button.text() == "还缺：与户主关系"
    relation = field(dialog, "relation").editor
    assert isinstance(relation, QComboBox)
    choose(qtbot, relation, "户主")
    # A second head is refused with the store's own words.
    assert (
        field(dialog, "relation").message.text() == "本户已有户主（张三丰），请选择其他与户主关系。"
    )
    assert dialog.save_button.text() == "请改正：与户主关系"
    press(qtbot, line(field(dialog, "name")), Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result_person is None
    assert relation.lineEdit().hasFocus()


# --- the person dialog ----------------------------------------------------------------------


def test_edit_phone_through_the_person_dialog(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget, changes: list[Any]
) -> None:
    family = zhang(store)
    wife = family.members[1]
    dialog = PersonDialog(ctx, window, mode=EDIT, person_id=wife.id)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT)
    assert dialog.heading.text() == "编辑：王芳（户号 360000001）"
    phone = line(field(dialog, "phone"))
    assert phone.text() == "13907925678"
    phone.setFocus()
    phone.selectAll()
    type_text(qtbot, phone, "0792-7654321")
    press(qtbot, phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)

    row = store.query("SELECT phone, name FROM person WHERE id = ?", (wife.id,))[0]
    assert row == {"phone": "0792-7654321", "name": "王芳"}
    # Only the changed field went into the outbox.
    entry = store.query("SELECT changes FROM outbox WHERE row_id = ? AND op = 'update'", (wife.id,))
    assert [json.loads(e["changes"]) for e in entry] == [
        {"phone": {"old": "13907925678", "new": "0792-7654321"}}
    ]
    assert changes and changes[-1].touches("person")


def test_a_wrong_phone_is_not_saved(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget
) -> None:
    wife = zhang(store).members[1]
    dialog = PersonDialog(ctx, window, mode=EDIT, person_id=wife.id)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT)
    phone = line(field(dialog, "phone"))
    phone.selectAll()
    type_text(qtbot, phone, "12345")
    press(qtbot, phone, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert field(dialog, "phone").message.isVisible()
    assert phone.text() == "12345"
    assert store.query("SELECT phone FROM person WHERE id = ?", (wife.id,))[0]["phone"] == (
        "13907925678"
    )


def test_the_head_changes_only_through_head_change(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget
) -> None:
    family = zhang(store)
    head, wife = family.members[0], family.members[1]
    dialog = PersonDialog(ctx, window, mode=EDIT, person_id=head.id)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT)
    assert not field(dialog, "relation").editor.isEnabled()
    other = PersonDialog(ctx, window, mode=EDIT, person_id=wife.id)
    shown(qtbot, other)
    qtbot.waitUntil(lambda: other.loaded, timeout=WAIT)
    relation = field(other, "relation").editor
    assert isinstance(relation, QComboBox)
    relation.lineEdit().selectAll()
    choose(qtbot, relation, "户主")
    assert "变更户主" in field(other, "relation").message.text()
    press(qtbot, relation.lineEdit(), Qt.Key.Key_Return)
    assert other.isVisible()
    heads = store.query("SELECT name FROM person WHERE relation = '02'")
    assert heads == [{"name": "张三丰"}]


def test_add_a_baby_by_birth(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget, changes: list[Any]
) -> None:
    family = zhang(store)
    born = date.today().replace(day=1)
    baby_id = make_id_number("360423", born, 468)
    dialog = PersonDialog(
        ctx,
        window,
        mode=ADD,
        household_id=family.household.id,
        household_no="360000001",
        kind="birth",
        head_name="张三丰",
    )
    shown(qtbot, dialog)
    id_edit = line(field(dialog, "id_number"))
    qtbot.waitUntil(lambda: id_edit.hasFocus(), timeout=WAIT)
    type_text(qtbot, id_edit, baby_id)
    type_text(qtbot, line(field(dialog, "name")), "张小花")
    relation = field(dialog, "relation").editor
    assert isinstance(relation, QComboBox)
    choose(qtbot, relation, "孙女")
    # 出生: the date of the change follows the birth date from the ID number.
    assert line(dialog.date_field).text() == born.isoformat()
    press(qtbot, id_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)

    baby = store.query("SELECT * FROM person WHERE id_number = ?", (baby_id,))[0]
    assert (baby["household_id"], baby["relation"], baby["sex"], baby["status"]) == (
        family.household.id,
        "42",
        "2",
        "1",
    )
    events = store.query(
        "SELECT kind, event_date, detail FROM household_event WHERE person_id = ?", (baby["id"],)
    )
    assert [(e["kind"], e["event_date"]) for e in events] == [("birth", born.isoformat())]
    assert "张小花" in events[0]["detail"]
    assert changes and changes[-1].touches("person")


def test_a_refused_member_keeps_the_dialog_open(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget
) -> None:
    family = zhang(store)
    dialog = PersonDialog(
        ctx,
        window,
        mode=ADD,
        household_id=family.household.id,
        household_no="360000001",
        head_name="张三丰",
    )
    shown(qtbot, dialog)
    type_text(qtbot, line(field(dialog, "id_number")), SON_ID)
    type_text(qtbot, line(field(dialog, "name")), "刘强")
    relation = field(dialog, "relation").editor
    assert isinstance(relation, QComboBox)
    choose(qtbot, relation, "女婿")
    date_edit = line(dialog.date_field)
    date_edit.selectAll()
    type_text(qtbot, date_edit, "1980-01-01")  # before he was born: the store refuses
    press(qtbot, date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.date_field.message.isVisible(), timeout=WAIT)
    assert "出生日期" in dialog.date_field.message.text()
    assert dialog.isVisible() and line(field(dialog, "name")).text() == "刘强"
    assert store.query("SELECT * FROM person WHERE id_number = ?", (SON_ID,)) == []


def test_enter_in_a_note_is_a_new_line_and_ctrl_enter_saves(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget
) -> None:
    dialog = PersonDialog(ctx, window, mode="collect")
    shown(qtbot, dialog)
    type_text(qtbot, line(field(dialog, "id_number")), HEAD_ID)
    type_text(qtbot, line(field(dialog, "name")), "李大山")
    note = field(dialog, "note").editor
    assert isinstance(note, QPlainTextEdit)
    type_text(qtbot, note, "在外务工")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    type_text(qtbot, note, "年底回乡")
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    person = dialog.result_person
    assert person is not None
    assert (person.name, person.relation, person.note) == ("李大山", "02", "在外务工\n年底回乡")
    assert (person.sex, person.birth_date) == ("1", date(1962, 5, 17))


# --- 迁回: a person on record who moved out comes back ---------------------------------------


def test_a_moved_out_person_is_brought_back_not_registered_twice(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget, changes: list[Any]
) -> None:
    family = zhang(store)
    son = family.members[2]
    RegisterActions(store).move_out(son.id, date(2024, 3, 1), "上海")
    li = factories.household(
        "360000005", "石泉村1组5号", [factories.person("李四", "02", date(1960, 1, 1), True)]
    )
    HouseholdRepository(store).create_household(li)
    dialog = PersonDialog(
        ctx,
        window,
        mode=ADD,
        household_id=li.household.id,
        household_no="360000005",
        head_name="李四",
    )
    shown(qtbot, dialog)
    id_edit = line(field(dialog, "id_number"))
    qtbot.waitUntil(lambda: id_edit.hasFocus(), timeout=WAIT)
    type_text(qtbot, id_edit, son.id_number)
    message = field(dialog, "id_number").message
    qtbot.waitUntil(lambda: dialog.form.bring_back_button.isVisible(), timeout=WAIT)
    assert (
        message.text()
        == "已登记：张小明（户号 360000001），状态：迁出。可用下方按钮将此人迁回本户。"
    )
    assert dialog.form.bring_back_button.text() == "迁回本户"
    assert dialog.form.open_button.isVisible()  # opening the record is still offered
    # Enter does not register him a second time.
    press(qtbot, id_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert len(store.query("SELECT id FROM person WHERE id_number = ?", (son.id_number,))) == 1

    qtbot.mouseClick(dialog.form.bring_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.returning is not None, timeout=WAIT)
    # His record fills the form; the relation to this household's head is chosen anew.
    assert line(field(dialog, "name")).text() == "张小明"
    assert not message.isVisible()
    assert dialog.heading.text() == "迁回：张小明（2024-03-01迁出户号 360000001）"
    assert dialog.kind_field.editor.currentText() == "迁入"  # type: ignore[attr-defined]
    assert not dialog.kind_field.editor.isEnabled()
    assert dialog.save_button.text() == "还缺：与户主关系"
    relation = field(dialog, "relation").editor
    assert isinstance(relation, QComboBox)
    choose(qtbot, relation, "女婿")
    phone = line(field(dialog, "phone"))
    type_text(qtbot, phone, "13912340000")
    date_edit = line(dialog.date_field)
    date_edit.selectAll()
    type_text(qtbot, date_edit, "2025-01-01")
    assert dialog.save_button.text() == "迁回本户"
    press(qtbot, date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)

    rows = store.query("SELECT * FROM person WHERE id_number = ?", (son.id_number,))
    assert len(rows) == 1 and rows[0]["id"] == son.id
    row = rows[0]
    assert (row["household_id"], row["relation"], row["status"], row["status_date"]) == (
        li.household.id,
        "28",
        "1",
        "2025-01-01",
    )
    assert row["phone"] == "13912340000"
    [event] = [e for e in HouseholdRepository(store).events(li.household.id) if e.kind != "created"]
    assert (event.kind, event.person_id) == ("move_in", son.id)
    assert event.detail.startswith("张小明迁回（女婿），原于2024-03-01自户号360000001迁出。")
    [entry] = store.query(
        "SELECT changes FROM outbox WHERE row_id = ? AND op = 'update' ORDER BY device_seq DESC"
        " LIMIT 1",
        (son.id,),
    )
    diff = json.loads(entry["changes"])
    assert diff["household_id"] == {"old": family.household.id, "new": li.household.id}
    assert diff["status"] == {"old": "2", "new": "1"}
    assert changes and changes[-1].touches("person")


def test_bringing_back_is_offered_only_where_there_is_a_household(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget
) -> None:
    family = zhang(store)
    son, wife = family.members[2], family.members[1]
    RegisterActions(store).move_out(son.id, date(2024, 3, 1), "上海")
    # A new household's member list (collect): opening the record only.
    dialog = PersonDialog(ctx, window, mode="collect")
    shown(qtbot, dialog)
    type_text(qtbot, line(field(dialog, "id_number")), son.id_number)
    qtbot.waitUntil(lambda: dialog.form.open_button.isVisible(), timeout=WAIT)
    assert not dialog.form.bring_back_button.isVisible()
    # Someone living in a household now is no one to bring back.
    dialog.close_without_asking()
    adding = PersonDialog(
        ctx,
        window,
        mode=ADD,
        household_id=family.household.id,
        household_no="360000001",
        head_name="张三丰",
    )
    shown(qtbot, adding)
    type_text(qtbot, line(field(adding, "id_number")), wife.id_number)
    qtbot.waitUntil(lambda: adding.form.open_button.isVisible(), timeout=WAIT)
    assert not adding.form.bring_back_button.isVisible()
    # Choosing 迁回 and then typing another number goes back to a new person.
    id_edit = line(field(adding, "id_number"))
    id_edit.selectAll()
    type_text(qtbot, id_edit, son.id_number)
    qtbot.waitUntil(lambda: adding.form.bring_back_button.isVisible(), timeout=WAIT)
    qtbot.mouseClick(adding.form.bring_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: adding.returning is not None, timeout=WAIT)
    id_edit.selectAll()
    type_text(qtbot, id_edit, HEAD_ID)
    assert adding.returning is None
    assert adding.heading.text() == "户号 360000001 新增成员"
    assert adding.kind_field.editor.isEnabled()
