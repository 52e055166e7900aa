"""The register-action dialogs driven like a grid worker would: keyboard and mouse, the
database checked afterwards, refusals shown in Chinese with nothing changed."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.store.search import search_persons
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.context import AppSignals, UiContext
from gridapp.ui.dialogs.action_dialog import ActionDialog
from gridapp.ui.dialogs.register_actions import KINDS, start_register_action
from gridapp.ui.dialogs.tags import TagsDialog
from gridapp.ui.tasks import TaskRunner
from tests import factories
from tests.test_register_actions import dump
from tests.test_ui_language import WORD, texts_of

WAIT_MS = 5_000


class FakeNav:
    def show_page(self, name: str) -> None: ...

    def open_household(self, household_id: str, person_id: str | None = None) -> None: ...

    def open_person(self, person_id: str) -> None: ...

    def new_household(self) -> None: ...


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_font(app)
    install_translators(app, "zh_CN")
    widget = QWidget()
    widget.resize(900, 700)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def ctx(store: Store, window: QWidget) -> Iterator[UiContext]:
    tasks = TaskRunner(window)
    yield UiContext(store=store, tasks=tasks, signals=AppSignals(), nav=FakeNav())
    tasks.shutdown()


@pytest.fixture
def zhang(store: Store) -> HouseholdBundle:
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    return bundle


def open_action(
    qtbot: Any, ctx: UiContext, window: QWidget, kind: str, hid: str, pid: str | None = None
) -> Any:
    dialog = start_register_action(ctx, window, kind, hid, pid)
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.is_loaded, timeout=WAIT_MS)
    return dialog


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type like a user: ASCII as key clicks, Chinese as an input method commits it
    (QTest cannot click keys for characters outside ASCII)."""
    for chunk in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def set_date(edit: Any, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def confirm(qtbot: Any, dialog: ActionDialog, ctx: UiContext, accept: bool = True) -> None:
    """Answer the confirmation box (real buttons, clicked)."""
    qtbot.waitUntil(lambda: dialog.confirm_box is not None, timeout=WAIT_MS)
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox)
    role = QMessageBox.ButtonRole.AcceptRole if accept else QMessageBox.ButtonRole.RejectRole
    [button] = [b for b in box.buttons() if box.buttonRole(b) == role]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def person_row(store: Store, person_id: str) -> dict[str, Any]:
    return store.query("SELECT * FROM person WHERE id = ?", (person_id,))[0]


def changes_recorded(store: Store, household_id: str) -> list[Any]:
    """The household's history after its creation."""
    return [e for e in HouseholdRepository(store).events(household_id) if e.kind != "created"]


def wait_error(qtbot: Any, dialog: ActionDialog, field: str) -> str:
    qtbot.waitUntil(lambda: dialog.error_text(field) != "", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    return dialog.error_text(field)


# --- 迁出 -------------------------------------------------------------------------------------


def test_move_out_with_keyboard_and_confirmation(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    wife = zhang.members[1]
    dialog = open_action(qtbot, ctx, window, "move_out", zhang.household.id, wife.id)
    assert dialog.person_box.currentText().startswith("王芳")
    assert not dialog.person_box.isEnabled()  # the member was chosen on the page
    assert dialog.focusWidget() is dialog.date  # typing starts at the first open field
    assert dialog.date.date() == QDate.currentDate()
    assert dialog.save_button.text() == "还需填写：迁往地"
    assert not dialog.save_button.isEnabled()
    set_date(dialog.date, date(2025, 3, 1))
    type_text(qtbot, dialog.destination, "南昌市东湖区")
    type_text(qtbot, dialog.detail, "随女儿居住")
    assert dialog.save_button.text() == "登记迁出" and dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.detail, Qt.Key.Key_Return)  # Enter saves …
    qtbot.waitUntil(lambda: dialog.confirm_box is not None, timeout=WAIT_MS)
    text = dialog.confirm_box.text()  # … after saying what will happen
    assert "王芳" in text and "2025-03-01" in text and "迁出" in text and "南昌市东湖区" in text
    with qtbot.waitSignal(ctx.signals.data_changed, timeout=WAIT_MS) as changed:
        confirm(qtbot, dialog, ctx)
    assert changed.args[0].touches("person")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = person_row(store, wife.id)
    assert (row["status"], row["status_date"]) == ("2", "2025-03-01")
    [event] = [
        e for e in HouseholdRepository(store).events(zhang.household.id) if e.kind != "created"
    ]
    assert event.detail.startswith("王芳迁出，迁往南昌市东湖区")
    assert "备注：随女儿居住" in event.detail


def test_a_member_who_already_left_is_not_swapped_for_another(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    son = zhang.members[2]
    RegisterActions(store).move_out(son.id, date(2025, 1, 1), "上海")
    # The page still showed him (it had not reloaded yet) when 死亡 was chosen for him.
    dialog = open_action(qtbot, ctx, window, "death", zhang.household.id, son.id)
    assert dialog.person_box.currentText() == "请选择…" and dialog.person_box.isEnabled()
    assert son.id not in [dialog.person_box.itemData(i) for i in range(dialog.person_box.count())]
    assert dialog.save_button.text() == "还需填写：人员"


def test_going_back_from_the_confirmation_changes_nothing(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    son = zhang.members[2]
    dialog = open_action(qtbot, ctx, window, "move_out", zhang.household.id, son.id)
    before = dump(store)
    type_text(qtbot, dialog.destination, "上海")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, dialog, ctx, accept=False)
    assert dialog.isVisible() and dialog.destination.text() == "上海"
    assert dump(store) == before
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dump(store) == before


def test_head_cannot_move_out_message_in_chinese_and_input_kept(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    head = zhang.members[0]
    dialog = open_action(qtbot, ctx, window, "move_out", zhang.household.id, head.id)
    before = dump(store)
    type_text(qtbot, dialog.destination, "九江市")
    qtbot.keyClick(dialog.destination, Qt.Key.Key_Return)
    confirm(qtbot, dialog, ctx)
    message = wait_error(qtbot, dialog, "person_id")
    assert message == "张三丰是户主，户内还有其他成员：请先办理变更户主。"
    assert dialog.isVisible() and dialog.destination.text() == "九江市"
    assert dialog.save_button.isEnabled()
    assert dump(store) == before


# --- 死亡 -------------------------------------------------------------------------------------


def test_record_death_choosing_the_member(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    son = zhang.members[2]
    dialog = open_action(qtbot, ctx, window, "death", zhang.household.id)
    assert dialog.focusWidget() is dialog.person_box
    assert dialog.person_box.currentText() == "请选择…"  # nobody preselected for a death
    assert dialog.save_button.text() == "还需填写：人员"
    while dialog.person_box.currentData() != son.id:
        qtbot.keyClick(dialog.person_box, Qt.Key.Key_Down)
    set_date(dialog.date, date(1990, 1, 1))  # before he was born
    before = dump(store)
    qtbot.keyClick(dialog.person_box, Qt.Key.Key_Return)
    confirm(qtbot, dialog, ctx)
    assert wait_error(qtbot, dialog, "event_date") == "日期早于张小明的出生日期（1995-02-28）。"
    assert dump(store) == before
    set_date(dialog.date, date(2025, 1, 5))
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    with qtbot.waitSignal(ctx.signals.data_changed, timeout=WAIT_MS):
        confirm(qtbot, dialog, ctx)
    assert dialog.error_text("event_date") == ""
    row = person_row(store, son.id)
    assert (row["status"], row["status_date"]) == ("3", "2025-01-05")


# --- 变更户主 ---------------------------------------------------------------------------------


def test_change_head(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    head, wife, son = zhang.members
    dialog = open_action(qtbot, ctx, window, "head_change", zhang.household.id)
    while dialog.head_box.currentData() != son.id:
        qtbot.keyClick(dialog.head_box, Qt.Key.Key_Down)
    # The former head has no relation yet: the button asks for it.
    assert dialog.save_button.text() == "还需填写：张三丰与新户主的关系"
    assert set(dialog.relation_boxes) == {head.id, wife.id}
    father = dialog.relation_boxes[head.id]
    father.setCurrentIndex(father.findText("父亲"))
    mother = dialog.relation_boxes[wife.id]
    mother.setCurrentIndex(mother.findText("母亲"))
    assert dialog.save_button.text() == "变更户主"
    set_date(dialog.date, date(2025, 2, 1))
    with qtbot.waitSignal(ctx.signals.data_changed, timeout=WAIT_MS):
        qtbot.keyClick(mother, Qt.Key.Key_Return)
    assert dialog.confirm_box is None  # not destructive: no question asked
    assert [person_row(store, p.id)["relation"] for p in (head, wife, son)] == ["51", "52", "02"]
    [event] = [
        e for e in HouseholdRepository(store).events(zhang.household.id) if e.kind != "created"
    ]
    assert event.detail.startswith("户主由张三丰变更为张小明。")


def test_change_head_refusal_shows_under_the_relation(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    head, _wife, son = zhang.members
    dialog = open_action(qtbot, ctx, window, "head_change", zhang.household.id)
    while dialog.head_box.currentData() != son.id:
        qtbot.keyClick(dialog.head_box, Qt.Key.Key_Down)
    father = dialog.relation_boxes[head.id]
    father.setCurrentIndex(father.findText("父亲"))
    set_date(dialog.date, date(1994, 1, 1))  # before the new head was born
    before = dump(store)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "出生日期" in wait_error(qtbot, dialog, "event_date")
    assert dialog.isVisible() and father.currentText() == "父亲"
    assert dump(store) == before


# --- 分户 -------------------------------------------------------------------------------------


def test_split_household(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    head, wife, son = zhang.members
    bride = factories.person("刘晓燕", "38", date(1997, 7, 7), False)
    RegisterActions(store).add_member(zhang.household.id, bride, "move_in", date(2024, 1, 1))
    dialog = open_action(qtbot, ctx, window, "split", zhang.household.id)
    assert dialog.focusWidget() is dialog.number
    assert dialog.address.text() == "石泉村3组15号"  # the old address, to be edited
    assert not dialog.findChild(QWidget, f"leave_{head.id}").isEnabled()
    type_text(qtbot, dialog.number, "360000088")
    dialog.address.clear()
    type_text(qtbot, dialog.address, "石泉村3组17号")
    assert dialog.save_button.text() == "还需填写：分出的成员"
    qtbot.mouseClick(dialog.checks[son.id], Qt.MouseButton.LeftButton)
    assert dialog.head_buttons[son.id].isChecked()  # one member: the new head
    dialog.checks[bride.id].click()
    relation = dialog.relation_boxes[bride.id]
    assert relation.isEnabled() and not dialog.relation_boxes[son.id].isEnabled()
    relation.setCurrentIndex(relation.findText("妻"))
    set_date(dialog.date, date(2025, 4, 1))
    assert dialog.save_button.text() == "分户"
    with qtbot.waitSignal(ctx.signals.data_changed, timeout=WAIT_MS) as changed:
        qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    assert changed.args[0].count("household") == 2
    new = HouseholdRepository(store).household_by_no("360000088")
    assert new is not None and new.address == "石泉村3组17号"
    assert person_row(store, son.id)["household_id"] == new.id
    assert person_row(store, bride.id)["relation"] == "12"
    assert person_row(store, wife.id)["household_id"] == zhang.household.id
    [hit] = search_persons(store.conn, "张小明")
    assert hit.household_no == "360000088"


def test_split_into_a_taken_number_is_refused(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    son = zhang.members[2]
    dialog = open_action(qtbot, ctx, window, "split", zhang.household.id)
    type_text(qtbot, dialog.number, "360000001")
    dialog.checks[son.id].click()
    before = dump(store)
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    assert wait_error(qtbot, dialog, "household_no") == "户号 360000001 已登记。"
    assert dialog.number.text() == "360000001" and dialog.checks[son.id].isChecked()
    assert dump(store) == before


# --- tags -------------------------------------------------------------------------------------


def test_person_tags_add_and_end(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    son = zhang.members[2]
    dialog = open_action(qtbot, ctx, window, "person_tags", zhang.household.id, son.id)
    assert isinstance(dialog, TagsDialog)
    assert dialog.intro.text() == "张小明的标签：暂无，可在下方添加。"
    assert dialog.table.rowCount() == 0
    assert dialog.focusWidget() is dialog.tag_box
    dialog.tag_box.setCurrentIndex(dialog.tag_box.findText("退役军人"))
    set_date(dialog.start_date, date(2024, 9, 1))
    type_text(qtbot, dialog.note, "2024年退伍")
    with qtbot.waitSignal(ctx.signals.data_changed, timeout=WAIT_MS):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    assert dialog.isVisible()  # the list stays open for more changes
    assert dialog.intro.text() == "张小明的标签"
    cells = [dialog.table.item(0, c).text() for c in range(5)]
    assert cells == ["退役军人", "2024-09-01", "", "有效", "2024年退伍"]
    assert dialog.note.text() == "" and dialog.tag_box.currentIndex() == 0

    # End it: a date before its start is refused in Chinese …
    dialog.table.selectRow(0)
    assert dialog.end_button.text() == "结束标签" and dialog.end_button.isEnabled()
    set_date(dialog.close_date, date(2024, 8, 1))
    before = dump(store)
    qtbot.keyClick(dialog.close_date, Qt.Key.Key_Return)  # Enter here ends, not adds
    assert wait_error(qtbot, dialog, "close_date") == "结束日期早于开始日期（2024-09-01）。"
    assert dump(store) == before
    # … a later one ends it.
    set_date(dialog.close_date, date(2025, 5, 31))
    with qtbot.waitSignal(ctx.signals.data_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.item(0, 3).text() == "已结束", timeout=WAIT_MS)
    assert dialog.table.item(0, 2).text() == "2025-05-31"
    [tag] = RegisterActions(store).person_tags(son.id)
    assert tag.end_date == date(2025, 5, 31)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # 关闭
    assert not dialog.isVisible()


def test_household_tag_with_end_date_and_overlap_refused(
    qtbot: Any, ctx: UiContext, window: QWidget, store: Store, zhang: HouseholdBundle
) -> None:
    dialog = open_action(qtbot, ctx, window, "household_tags", zhang.household.id)
    assert dialog.intro.text().startswith("户号360000001的标签")
    dialog.tag_box.setCurrentIndex(dialog.tag_box.findText("低保户"))
    set_date(dialog.start_date, date(2023, 1, 1))
    dialog.has_end.click()
    assert dialog.end_date.isEnabled()
    set_date(dialog.end_date, date(2026, 12, 31))  # a planned end may lie ahead
    with qtbot.waitSignal(ctx.signals.data_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    [tag] = RegisterActions(store).household_tags(zhang.household.id)
    assert (tag.tag, tag.start_date, tag.end_date) == (
        "dibao",
        date(2023, 1, 1),
        date(2026, 12, 31),
    )
    dialog.tag_box.setCurrentIndex(dialog.tag_box.findText("低保户"))
    set_date(dialog.start_date, date(2024, 1, 1))
    before = dump(store)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert wait_error(qtbot, dialog, "tag") == "这段时间已有“低保户”标签（2023-01-01起）。"
    assert dump(store) == before


# --- how they look ----------------------------------------------------------------------------


@pytest.fixture(params=[100, 150], ids=["text100", "text150"])
def text_size(request: Any, window: QWidget) -> Iterator[int]:
    """The application font at 100 % and 150 % (the 字号 setting goes up to 175 %)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = app.font()
    bigger = app.font()
    bigger.setPointSizeF(normal.pointSizeF() * request.param / 100)
    app.setFont(bigger)
    yield request.param
    app.setFont(normal)


def assert_readable(dialog: QWidget) -> None:
    """No English word, and every label and button at least as wide as its text needs —
    once the layout has settled in the event loop (slower on a loaded machine)."""
    english = [text for text in texts_of(dialog) if WORD.search(text)]
    assert english == []

    def clipped() -> list[str]:
        return [
            widget.text()
            for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
            if widget.isVisibleTo(dialog)
            and not (isinstance(widget, QLabel) and widget.wordWrap())
            and widget.width() < widget.minimumSizeHint().width()
        ]

    deadline = time.monotonic() + 5
    while clipped() and time.monotonic() < deadline:
        QTest.qWait(20)
    assert clipped() == []


@pytest.mark.parametrize("kind", KINDS)
def test_each_dialog_renders_in_chinese_without_clipping(
    qtbot: Any,
    ctx: UiContext,
    window: QWidget,
    zhang: HouseholdBundle,
    kind: str,
    text_size: int,
    tmp_path: Path,
) -> None:
    son = zhang.members[2]
    chosen = son.id if kind == "person_tags" else None  # 迁出/死亡 show their member list
    dialog = open_action(qtbot, ctx, window, kind, zhang.household.id, chosen)
    dialog.adjustSize()
    qtbot.waitExposed(dialog)
    shot = tmp_path / f"{kind}-{text_size}.png"
    assert dialog.grab().save(str(shot))
    assert_readable(dialog)
    if kind in ("move_out", "death"):
        dialog.person_box.setCurrentIndex(dialog.person_box.findData(son.id))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        if kind == "move_out":
            assert dialog.confirm_box is None  # the destination is still missing
            type_text(qtbot, dialog.destination, "上海")
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        box = dialog.confirm_box
        assert box is not None
        qtbot.waitExposed(box)
        assert box.grab().save(str(tmp_path / f"{kind}-confirm-{text_size}.png"))
        assert_readable(box)
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc goes back; nothing saved


def test_unknown_kind_is_a_programming_error(ctx: UiContext, window: QWidget) -> None:
    with pytest.raises(ValueError):
        start_register_action(ctx, window, "adopt", "x")
