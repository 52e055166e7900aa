"""登记信访 in the window: the registration form driven as a worker drives it — typing, Ins,
Ctrl+Shift+N, Enter, Esc — from the petition list, a household member and the global search,
and what the database holds afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListView,
    QMessageBox,
    QWidget,
)

from gridapp.models.household import Person
from gridapp.store.attachments import AttachmentStore
from gridapp.store.db import Changes, Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.dialogs.petition_register import (
    PetitionerDialog,
    PetitionRegisterDialog,
    registration_dialog,
)
from gridapp.ui.main_window import MainWindow
from tests import factories
from tests.test_ui_forms import Answers, type_text
from tests.test_ui_forms import answers as answers
from tests.test_ui_language import ALLOWED, latin_words, texts_of

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)
WAIT = 10_000


@pytest.fixture
def family(store: Store) -> HouseholdBundle:
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    return bundle


@pytest.fixture
def window(qtbot: Any, store: Store, family: HouseholdBundle) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_font(app)
    install_translators(app, "zh_CN")
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=WAIT)
    return win


@pytest.fixture
def opened_petitions(window: MainWindow) -> list[str]:
    """The petitions the window was asked to open (the page opens them too)."""
    seen: list[str] = []
    show = window.open_petition

    def record(petition_id: str) -> None:
        seen.append(petition_id)
        show(petition_id)

    window.open_petition = record  # type: ignore[method-assign]
    return seen


def member(bundle: HouseholdBundle, name: str) -> Person:
    return next(p for p in bundle.members if p.name == name)


def wait_idle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT)


def open_dialog(
    qtbot: Any, window: MainWindow, person_id: str | None = None
) -> PetitionRegisterDialog:
    window.register_petition(person_id)
    return wait_for_dialog(qtbot, window)


def wait_for_dialog(qtbot: Any, window: MainWindow) -> PetitionRegisterDialog:
    qtbot.waitUntil(lambda: registration_dialog(window) is not None, timeout=WAIT)
    dialog = registration_dialog(window)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded and QApplication.activeWindow() is dialog, timeout=WAIT)
    wait_idle(qtbot, window)
    return dialog


def editor(dialog: PetitionRegisterDialog | PetitionerDialog, name: str) -> QWidget:
    return dialog.fields[name].editor


def line(dialog: PetitionRegisterDialog | PetitionerDialog, name: str) -> QLineEdit:
    widget = editor(dialog, name)
    assert isinstance(widget, QLineEdit)
    return widget


def pick(qtbot: Any, combo: QWidget, text: str) -> None:
    """Type into a code box, close its type-ahead list with Esc and leave the box with Tab
    (the offscreen platform leaves the list open, and active, where a real one closes)."""
    assert isinstance(combo, QComboBox)
    dialog = combo.window()
    type_text(qtbot, combo, text)
    popup = QApplication.activePopupWidget()
    if popup is not None:
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QListView) and widget.isVisible():
            widget.hide()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    combo.lineEdit().setFocus()
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Tab)
    qtbot.wait(20)


def fill_basics(qtbot: Any, dialog: PetitionRegisterDialog, channel: str = "来信") -> None:
    """信访形式, 事项类别, 诉求概况 and 诉求内容, typed as a worker types them."""
    combo = editor(dialog, "channel")
    assert isinstance(combo, QComboBox)
    # Focus starts in the first empty required field: 信访形式 (登记日期 is today).
    assert combo.hasFocus() or combo.lineEdit().hasFocus()
    pick(qtbot, combo, channel)
    pick(qtbot, editor(dialog, "kind"), "申诉求决类")
    type_text(qtbot, line(dialog, "summary"), "村道破损，雨天积水")
    type_text(qtbot, editor(dialog, "content"), "三组到五组的村道破损")


def rows(dialog: PetitionRegisterDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def link_by_search(
    qtbot: Any, window: MainWindow, dialog: PetitionRegisterDialog, text: str
) -> None:
    """Ins, type, Enter: the first hit becomes a petitioner."""
    before = len(dialog.entries)
    qtbot.keyClick(dialog, Qt.Key.Key_Insert)
    search = dialog.picker.edit
    qtbot.waitUntil(search.hasFocus, timeout=WAIT)
    type_text(qtbot, search, text)
    wait_idle(qtbot, window)
    assert dialog.picker.popup_visible()
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.entries) == before + 1, timeout=WAIT)


def type_in(
    qtbot: Any, dialog: PetitionRegisterDialog, name: str, phone: str = "", id_number: str = ""
) -> PetitionerDialog:
    """Ctrl+Shift+N, then name, ID number and phone of someone not in the register."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    qtbot.keyClick(
        dialog,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    person = dialog.petitioner_dialog
    assert person is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is person, timeout=WAIT)
    assert line(person, "name").hasFocus()
    type_text(qtbot, line(person, "name"), name)
    if id_number:
        type_text(qtbot, line(person, "id_number"), id_number)
    if phone:
        type_text(qtbot, line(person, "phone"), phone)
    return person


def save(qtbot: Any, dialog: PetitionRegisterDialog) -> None:
    """Enter in a line of the form."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    summary = line(dialog, "summary")
    summary.setFocus()
    qtbot.keyClick(summary, Qt.Key.Key_Return)


def done_box(window: MainWindow) -> QMessageBox | None:
    box = window.findChild(QMessageBox, "petitionRegistered")
    return box if isinstance(box, QMessageBox) and box.isVisible() else None


def petition_count(store: Store) -> int:
    return int(store.query("SELECT count(*) AS n FROM petition")[0]["n"])


def test_register_a_linked_and_a_typed_in_petitioner(
    qtbot: Any,
    window: MainWindow,
    store: Store,
    family: HouseholdBundle,
    opened_petitions: list[str],
) -> None:
    changes: list[Any] = []
    window.signals.data_changed.connect(changes.append)
    dialog = open_dialog(qtbot, window)
    assert dialog.save_button.text() == "还缺：信访形式、事项类别、诉求概况、信访人"
    fill_basics(qtbot, dialog)
    link_by_search(qtbot, window, dialog, "zsf")
    person = type_in(qtbot, dialog, "李四", phone="13800138000")
    qtbot.keyClick(line(person, "phone"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.entries) == 2, timeout=WAIT)
    head = member(family, "张三丰")
    assert rows(dialog) == [
        [
            "张三丰（主）",
            head.id_number[:6] + "********" + head.id_number[-4:],
            "139****1234",
            "户号 360000001",
            "石泉村3组15号",
        ],
        ["李四", "", "138****8000", "手工填写", ""],
    ]
    assert dialog.fields["headcount"].raw() == "2"  # 人数 follows the petitioners named
    assert dialog.save_button.text() == "登记"
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: done_box(window) is not None, timeout=WAIT)

    repo = PetitionRepository(store)
    (row,) = store.query("SELECT id, reg_no FROM petition")
    box = done_box(window)
    assert box is not None and box.text() == f"已登记，编号 {row['reg_no']}。"
    petition = repo.get(row["id"])
    assert (petition.channel, petition.kind, petition.summary) == (
        "letter",
        "claim",
        "村道破损，雨天积水",
    )
    assert petition.content == "三组到五组的村道破损"
    assert petition.headcount == 2 and petition.confidential and not petition.is_repeat
    assert petition.status == "registered" and petition.due_date is not None
    saved = repo.petitioners(petition.id)
    assert [(p.name, p.person_id, p.is_primary) for p in saved] == [
        ("张三丰", head.id, True),
        ("李四", None, False),
    ]
    assert saved[0].id_number == head.id_number and saved[1].phone == "13800138000"
    assert [e.action for e in repo.progress(petition.id)] == ["register"]
    # The window heard of the write and opened the new petition.
    assert any(isinstance(c, Changes) and c.touches("petition") for c in changes)
    assert opened_petitions == [petition.id]
    assert window.stack.currentWidget() is window.pages["petition"]
    assert registration_dialog(window) is None or not registration_dialog(window).isVisible()  # type: ignore[union-attr]


def test_a_group_visit_with_six_representatives_is_refused(
    qtbot: Any, window: MainWindow, store: Store
) -> None:
    dialog = open_dialog(qtbot, window)
    fill_basics(qtbot, dialog, channel="来访")
    for name in ("甲一", "乙二", "丙三", "丁四", "戊五", "己六"):
        person = type_in(qtbot, dialog, name)
        qtbot.keyClick(line(person, "name"), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.petitioner_dialog is None, timeout=WAIT)
    assert len(dialog.entries) == 6
    message = "多人走访应推选代表，代表人数不得超过5人（《信访工作条例》第二十条），现填写了 6 人。"
    assert dialog.people_problem.isVisible() and dialog.people_problem.text() == message
    assert dialog.save_button.text() == "请改正：信访人"
    save(qtbot, dialog)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and petition_count(store) == 0
    assert dialog.table.hasFocus()  # the cursor goes where the problem is
    # 人数 typed below the petitioners named: the model's message under 人数.
    headcount = line(dialog, "headcount")
    headcount.selectAll()
    type_text(qtbot, headcount, "4")
    qtbot.keyClick(headcount, Qt.Key.Key_Tab)
    assert dialog.fields["headcount"].message.text() == "人数（4）少于已填写的信访人数（6）。"
    # A letter signed by six is no group visit: the rule no longer applies.
    combo = editor(dialog, "channel")
    assert isinstance(combo, QComboBox)
    combo.lineEdit().clear()
    pick(qtbot, combo, "来信")
    assert not dialog.people_problem.isVisible()
    assert dialog.save_button.text() == "请改正：人数"
    assert petition_count(store) == 0


def test_from_the_household_page_member(
    qtbot: Any, window: MainWindow, family: HouseholdBundle, answers: Answers
) -> None:
    wife = member(family, "王芳")
    window.open_household(family.household.id, wife.id)
    page = window.pages["household"]
    qtbot.waitUntil(lambda: page.selected_person_id() == wife.id, timeout=WAIT)  # type: ignore[attr-defined]
    button = page.findChild(QWidget, "registerPetition")
    assert button is not None and button.isEnabled() and button.text() == "登记信访"
    qtbot.keyClick(
        page.member_table,  # type: ignore[attr-defined]
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = wait_for_dialog(qtbot, window)
    assert [e.petitioner.person_id for e in dialog.entries] == [wife.id]
    assert rows(dialog)[0][0] == "王芳（主）"
    # The person the dialog was opened for is not "typed": Esc closes without asking.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert answers.asked == []


def test_ctrl_enter_in_the_search_registers_for_that_person(
    qtbot: Any, window: MainWindow, store: Store, family: HouseholdBundle
) -> None:
    window.focus_search()
    type_text(qtbot, window.search_box, "王芳")
    wait_idle(qtbot, window)
    assert [hit.name for hit in window.search.hits] == ["王芳"]
    assert "Ctrl+Enter 登记信访" in window.search.popup.hint.text()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_for_dialog(qtbot, window)
    assert [e.petitioner.name for e in dialog.entries] == ["王芳"]
    assert not window.search.popup_visible()
    fill_basics(qtbot, dialog)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: done_box(window) is not None, timeout=WAIT)
    (petition,) = store.query("SELECT id FROM petition")
    (petitioner,) = PetitionRepository(store).petitioners(petition["id"])
    assert petitioner.person_id == member(family, "王芳").id and petitioner.is_primary


def test_esc_with_typed_text_asks_first(
    qtbot: Any, window: MainWindow, store: Store, answers: Answers
) -> None:
    dialog = open_dialog(qtbot, window)
    summary = line(dialog, "summary")
    type_text(qtbot, summary, "噪音扰民")
    answers.append(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(summary, Qt.Key.Key_Escape)
    assert answers.asked == ["放弃本次登记及已填写的全部内容？"]
    assert dialog.isVisible() and summary.text() == "噪音扰民"
    answers.append(QMessageBox.StandardButton.Discard)
    qtbot.keyClick(summary, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert len(answers.asked) == 2 and petition_count(store) == 0


def test_esc_in_the_empty_person_search_cancels(
    qtbot: Any, window: MainWindow, answers: Answers
) -> None:
    dialog = open_dialog(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_Insert)
    qtbot.waitUntil(dialog.picker.edit.hasFocus, timeout=WAIT)
    qtbot.keyClick(dialog.picker.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert answers.asked == []


def test_repeat_petition_needs_the_number_of_times(qtbot: Any, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    fill_basics(qtbot, dialog)
    count = line(dialog, "repeat_count")
    assert count.isReadOnly()  # until 是否重复信访 is ticked
    dialog.fields["is_repeat"].editor.click()  # type: ignore[attr-defined]
    assert not count.isReadOnly()
    link_by_search(qtbot, window, dialog, "zsf")
    assert "信访次数" in dialog.save_button.text()
    count.selectAll()
    type_text(qtbot, count, "1")
    qtbot.keyClick(count, Qt.Key.Key_Tab)
    assert dialog.fields["repeat_count"].message.text() == "重复信访至少是第2次，请填写信访次数。"
    count.selectAll()
    type_text(qtbot, count, "3")
    assert dialog.fields["repeat_count"].message.text() == ""


def test_a_typed_in_id_number_of_a_registered_person_links_them(
    qtbot: Any, window: MainWindow, store: Store, family: HouseholdBundle
) -> None:
    dialog = open_dialog(qtbot, window)
    fill_basics(qtbot, dialog)
    son = member(family, "张小明")
    person = type_in(qtbot, dialog, "小明", id_number="12345")
    id_edit = line(person, "id_number")
    qtbot.keyClick(id_edit, Qt.Key.Key_Tab)
    assert person.fields["id_number"].message.text() != ""  # checked like a person's
    qtbot.keyClick(id_edit, Qt.Key.Key_Return)
    assert person.isVisible()  # a wrong ID number is not accepted
    id_edit.clear()
    type_text(qtbot, id_edit, son.id_number)
    wait_idle(qtbot, window)
    assert person.hint.isVisible()
    assert person.hint.text().startswith("此身份证号已登记：张小明（户号 360000001）")
    qtbot.keyClick(id_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.entries) == 1, timeout=WAIT)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: done_box(window) is not None, timeout=WAIT)
    (petition,) = store.query("SELECT id FROM petition")
    (petitioner,) = PetitionRepository(store).petitioners(petition["id"])
    # Linked at saving, as `gridapp petition add` links; the register's name wins.
    assert (petitioner.person_id, petitioner.name) == (son.id, "张小明")


def test_attachments_are_added_after_saving(
    qtbot: Any, window: MainWindow, store: Store, family: HouseholdBundle, tmp_path: Path
) -> None:
    photo = tmp_path / "现场照片.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    assert image.save(str(photo), "PNG")
    note = tmp_path / "说明.txt"
    note.write_text("不是图片", encoding="utf-8")
    dialog = open_dialog(qtbot, window, member(family, "王芳").id)
    fill_basics(qtbot, dialog)
    dialog.add_files([photo, note])
    wait_idle(qtbot, window)
    assert [dialog.file_list.item(i).text() for i in range(dialog.file_list.count())] == [
        "现场照片.png"
    ]
    assert dialog.file_problem.isVisible() and "说明.txt" in dialog.file_problem.text()
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: done_box(window) is not None, timeout=WAIT)
    box = done_box(window)
    assert box is not None and box.text().endswith("已添加 1 个附件。")
    (petition,) = store.query("SELECT id FROM petition")
    with AttachmentStore(store) as attachments:
        (row,) = attachments.attachments_of(petition["id"])
        assert row.filename == "现场照片.png" and row.mime == "image/png"


def test_no_english_in_the_forms(
    qtbot: Any, window: MainWindow, store: Store, family: HouseholdBundle
) -> None:
    dialog = open_dialog(qtbot, window, member(family, "张三丰").id)
    type_text(qtbot, dialog.picker.edit, "王")
    wait_idle(qtbot, window)
    ids = {p.id_number for p in family.members}
    data = {store.user_id, str(store.data_dir), *ids}
    # The Insert key; the file types accepted and their size in MB.
    allowed = {"ins", "jpeg", "png", "tiff", "mb"}
    assert not allowed & ALLOWED
    words = latin_words(texts_of(dialog), data)
    assert {w for w in words if w.lower() not in allowed} == set()
    person = type_in(qtbot, dialog, "李四")
    assert latin_words(texts_of(person), data) == set()
