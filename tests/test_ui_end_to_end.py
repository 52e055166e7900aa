"""End to end through the real main window over a real SQLCipher store, driven the way a
grid worker drives it — keys where the UI is keyboard-first — with the database checked
after every step: a new household of three (Ctrl+N), finding its head by pinyin initials
(Ctrl+F), a new phone number, a member moving out (迁出), and a split (分户)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox

from gridapp.models.idnumber import make_id_number
from gridapp.store.db import Store
from gridapp.store.household_view import load_household_view
from gridapp.store.households import HouseholdRepository
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.dialogs.register_actions import MoveOutDialog, SplitDialog
from gridapp.ui.forms.household_form import HouseholdDialog
from gridapp.ui.forms.person_form import PersonDialog
from gridapp.ui.main_window import MainWindow
from gridapp.ui.pages.household import HouseholdPage
from gridapp.ui.pages.households import HouseholdsPage
from tests import factories
from tests.test_ui_forms import WAIT, add_places, enter_member, field, line, press, type_text
from tests.test_ui_register_actions import confirm

# The offscreen platform cannot raise a type-ahead popup or grab the keyboard for it.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)

HEAD_ID = make_id_number("360423", date(1968, 4, 9), 31)  # 张三丰, male
WIFE_ID = make_id_number("360423", date(1970, 11, 30), 42)  # 王芳, female
SON_ID = make_id_number("360423", date(1995, 2, 28), 53)  # 张小明, male
NUMBER = "360000101"
SPLIT_NUMBER = "360000102"
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def win(qtbot: Any, qapp: QApplication, store: Store) -> MainWindow:
    install_font(qapp)
    install_translators(qapp, "zh_CN")
    add_places(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT)
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT)
    return window


def back_to_window(qtbot: Any, win: MainWindow) -> None:
    """A dialog closed: the window manager gives the keyboard back to the main window (the
    offscreen platform has none, so the test does what it would)."""
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=WAIT)


def keys(qtbot: Any, win: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    """A key combination pressed wherever the keyboard is in the window."""
    qtbot.keyClick(QApplication.focusWidget() or win, key, modifier)


def household_page(win: MainWindow) -> HouseholdPage:
    page = win.pages["household"]
    assert isinstance(page, HouseholdPage)
    return page


def page_shows(win: MainWindow, household_id: str) -> bool:
    """The household page is in front with a fresh read of ``household_id``."""
    page = household_page(win)
    return (
        win.stack.currentWidget() is page
        and page.view is not None
        and page.view.household.id == household_id
        and not page.loading
        and not win.tasks.busy()
    )


def member_cells(page: HouseholdPage) -> dict[str, list[str]]:
    """The member table as the user sees it: name -> the row's cells."""
    model = page.member_model
    rows = [
        [str(model.data(model.index(r, c)) or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    return {row[0]: row for row in rows}


def select_member(qtbot: Any, page: HouseholdPage, person_id: str) -> None:
    """Arrow keys in the member table until ``person_id`` is the selected member."""
    table = page.member_table
    table.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(table, Qt.Key.Key_Home)
    for _ in range(page.member_model.rowCount()):
        if page.selected_person_id() == person_id:
            return
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert page.selected_person_id() == person_id


def persons(store: Store) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in store.query("SELECT * FROM person WHERE deleted = 0")}


def summary(store: Store, household_id: str) -> tuple[str, int]:
    row = store.query(
        "SELECT head_name, member_count FROM household WHERE id = ?", (household_id,)
    )[0]
    return row["head_name"], row["member_count"]


def test_a_household_from_creation_to_split(qtbot: Any, win: MainWindow, store: Store) -> None:
    repo = HouseholdRepository(store)

    # --- a. Ctrl+N: the new household with three members; Enter saves -------------------------
    keys(qtbot, win, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), HouseholdDialog), timeout=WAIT)
    dialog = QApplication.activeWindow()
    assert isinstance(dialog, HouseholdDialog)
    number = line(dialog.fields["household_no"])
    qtbot.waitUntil(number.hasFocus, timeout=WAIT)
    type_text(qtbot, number, NUMBER)
    qtbot.keyClick(number, Qt.Key.Key_Tab)
    grid = dialog.fields["grid_code"].editor
    assert isinstance(grid, QComboBox)
    qtbot.waitUntil(lambda: grid.count() == 3, timeout=WAIT)  # （未指定） and two grids
    assert grid.hasFocus()  # Tab goes on to the grid: the first grid is one key down
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.currentText() == "石泉村·第一网格"
    type_text(qtbot, line(dialog.fields["address"]), "石泉村3组15号")
    enter_member(qtbot, dialog, HEAD_ID, "张三丰", phone="13907921234")  # the first: 户主
    qtbot.waitUntil(lambda: dialog.member_dialog is None, timeout=WAIT)
    enter_member(qtbot, dialog, WIFE_ID, "王芳", relation="妻", phone="13907925678")
    qtbot.waitUntil(lambda: dialog.member_dialog is None, timeout=WAIT)
    enter_member(qtbot, dialog, SON_ID, "张小明", relation="长子")
    qtbot.waitUntil(lambda: dialog.member_table.rowCount() == 3, timeout=WAIT)
    # The ID numbers filled sex and birth date.
    table = dialog.member_table
    entered = {
        table.item(r, 0).text(): tuple(table.item(r, c).text() for c in (1, 2, 3)) for r in range(3)
    }
    assert entered == {
        "张三丰": ("户主", "男", "1968-04-09"),
        "王芳": ("妻", "女", "1970-11-30"),
        "张小明": ("长子", "男", "1995-02-28"),
    }
    assert dialog.save_button.text() == "保存"
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        press(qtbot, line(dialog.fields["address"]), Qt.Key.Key_Return)

    [household] = store.query("SELECT * FROM household WHERE deleted = 0")
    hid = household["id"]
    assert (household["household_no"], household["grid_code"], household["area_code"]) == (
        NUMBER,
        factories.GRID,
        factories.VILLAGE,
    )
    people = persons(store)
    assert {
        n: (p["relation"], p["sex"], p["birth_date"], p["status"]) for n, p in people.items()
    } == {
        "张三丰": ("02", "1", "1968-04-09", "1"),
        "王芳": ("12", "2", "1970-11-30", "1"),
        "张小明": ("22", "1", "1995-02-28", "1"),
    }
    assert {p["household_id"] for p in people.values()} == {hid}
    assert summary(store, hid) == ("张三丰", 3)
    head_id, wife_id, son_id = (people[n]["id"] for n in ("张三丰", "王芳", "张小明"))
    # The window opened the new household.
    qtbot.waitUntil(lambda: page_shows(win, hid), timeout=WAIT)
    page = household_page(win)
    assert page.heading.text() == f"户号 {NUMBER} · 户主：张三丰"
    assert set(member_cells(page)) == {"张三丰", "王芳", "张小明"}

    # --- b. Ctrl+F, pinyin initials, Enter: that person's household ---------------------------
    back_to_window(qtbot, win)
    keys(qtbot, win, Qt.Key.Key_1, ALT)  # away to the home page first
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.pages["home"], timeout=WAIT)
    keys(qtbot, win, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(win.search_box.hasFocus, timeout=WAIT)
    qtbot.keyClicks(win.search_box, "zsf")
    qtbot.waitUntil(lambda: [h.name for h in win.search.hits] == ["张三丰"], timeout=WAIT)
    assert win.search.popup_visible()
    qtbot.keyClick(win.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page_shows(win, hid), timeout=WAIT)
    assert page.selected_person_id() == head_id
    assert page.member_table.hasFocus()  # ready for Enter on the member

    # --- c. a new phone number through the edit form --------------------------------------------
    select_member(qtbot, page, wife_id)
    with qtbot.waitSignal(win.signals.data_changed, timeout=WAIT):
        qtbot.keyClick(page.member_table, Qt.Key.Key_Return)  # Enter edits the member
        editor = page.dialog
        assert isinstance(editor, PersonDialog)
        qtbot.waitUntil(lambda: editor.loaded, timeout=WAIT)
        phone = line(field(editor, "phone"))
        assert phone.text() == "13907925678"
        phone.setFocus(Qt.FocusReason.OtherFocusReason)
        phone.selectAll()
        type_text(qtbot, phone, "13800001111")
        press(qtbot, phone, Qt.Key.Key_Return)

    assert persons(store)["王芳"]["phone"] == "13800001111"
    [entry] = store.query(
        "SELECT changes FROM outbox WHERE tbl = 'person' AND row_id = ? AND op = 'update'",
        (wife_id,),
    )
    # The old number stays on record beside the new one.
    assert json.loads(entry["changes"]) == {"phone": {"old": "13907925678", "new": "13800001111"}}
    audit = store.query("SELECT action, tbl, row_id FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert audit == [{"action": "update person", "tbl": "person", "row_id": wife_id}]
    back_to_window(qtbot, win)
    qtbot.waitUntil(lambda: page_shows(win, hid), timeout=WAIT)
    qtbot.waitUntil(lambda: member_cells(page)["王芳"][5] == "138****1111", timeout=WAIT)

    # --- d. 迁出 of the son, with date and destination, confirmed -----------------------------
    select_member(qtbot, page, son_id)
    qtbot.mouseClick(page.move_out_button, Qt.MouseButton.LeftButton)
    leave = page.dialog
    assert isinstance(leave, MoveOutDialog)
    qtbot.waitUntil(lambda: leave.is_loaded, timeout=WAIT)
    assert leave.person_box.currentData() == son_id
    moved_on = leave.date.date().toPython()
    assert moved_on == date.today()  # today unless changed
    type_text(qtbot, leave.destination, "南昌市东湖区")
    qtbot.keyClick(leave.destination, Qt.Key.Key_Return)
    with qtbot.waitSignal(win.signals.data_changed, timeout=WAIT):
        confirm(qtbot, leave, win.ctx)

    son = persons(store)["张小明"]
    assert (son["status"], son["status_date"], son["household_id"]) == (
        "2",
        moved_on.isoformat(),
        hid,
    )
    [moved] = store.query(
        "SELECT event_date, person_id, detail FROM household_event"
        " WHERE household_id = ? AND kind = 'move_out'",
        (hid,),
    )
    assert (moved["event_date"], moved["person_id"]) == (moved_on.isoformat(), son_id)
    assert "南昌市东湖区" in moved["detail"]
    assert summary(store, hid) == ("张三丰", 2)  # no longer counted as living here
    view = load_household_view(store, hid)
    assert [m.name for m in view.current_members] == ["张三丰", "王芳"]
    back_to_window(qtbot, win)
    qtbot.waitUntil(lambda: page_shows(win, hid), timeout=WAIT)
    qtbot.waitUntil(lambda: "迁出" in member_cells(page)["张小明"][7], timeout=WAIT)
    assert page.tabs.tabText(0) == "成员 (2)"
    select_member(qtbot, page, son_id)
    assert not page.move_out_button.isEnabled()  # he has left: nothing more to move out

    # --- e. 分户: the wife forms a household of her own ----------------------------------------
    qtbot.mouseClick(page.split_button, Qt.MouseButton.LeftButton)
    split = page.dialog
    assert isinstance(split, SplitDialog)
    qtbot.waitUntil(lambda: split.is_loaded, timeout=WAIT)
    qtbot.waitUntil(split.number.hasFocus, timeout=WAIT)
    assert set(split.checks) == {wife_id}  # the head stays; the son has left
    type_text(qtbot, split.number, SPLIT_NUMBER)
    split.address.selectAll()
    type_text(qtbot, split.address, "石泉村3组17号")
    tick = split.checks[wife_id]
    assert isinstance(tick, QCheckBox)
    tick.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tick, Qt.Key.Key_Space)
    assert split.head_buttons[wife_id].isChecked()  # alone: the head of the new household
    assert split.save_button.text() == "分户"
    with qtbot.waitSignal(win.signals.data_changed, timeout=WAIT):
        qtbot.keyClick(split.address, Qt.Key.Key_Return)

    households = {
        h["household_no"]: h for h in store.query("SELECT * FROM household WHERE deleted = 0")
    }
    assert set(households) == {NUMBER, SPLIT_NUMBER}
    new = households[SPLIT_NUMBER]
    assert (new["address"], new["grid_code"], new["area_code"]) == (
        "石泉村3组17号",
        factories.GRID,
        factories.VILLAGE,
    )
    people = persons(store)
    assert (people["王芳"]["household_id"], people["王芳"]["relation"]) == (new["id"], "02")
    assert people["张三丰"]["household_id"] == hid and people["张小明"]["household_id"] == hid
    assert [m.name for m in repo.members(new["id"])] == ["王芳"]
    for household_id in (hid, new["id"]):
        [event] = store.query(
            "SELECT person_id FROM household_event WHERE household_id = ? AND kind = 'split'",
            (household_id,),
        )
        assert event["person_id"] == wife_id
    assert summary(store, hid) == ("张三丰", 1)
    assert summary(store, new["id"]) == ("王芳", 1)
    # The page of the old household: the head, and the son who left; she is gone from it.
    back_to_window(qtbot, win)
    qtbot.waitUntil(lambda: page_shows(win, hid), timeout=WAIT)
    qtbot.waitUntil(lambda: set(member_cells(page)) == {"张三丰", "张小明"}, timeout=WAIT)
    assert page.tabs.tabText(0) == "成员 (1)"

    # The household list (Alt+2) shows both, each with its head and who lives there.
    keys(qtbot, win, Qt.Key.Key_2, ALT)
    households_page = win.pages["households"]
    assert isinstance(households_page, HouseholdsPage)
    model = households_page.model
    qtbot.waitUntil(lambda: model.loaded and model.rowCount() == 2, timeout=WAIT)
    qtbot.waitUntil(lambda: all(model.row_at(r) is not None for r in range(2)), timeout=WAIT)
    listed = {
        row.household_no: (row.head_name, row.member_count)
        for row in (model.row_at(r) for r in range(2))
        if row is not None
    }
    assert listed == {NUMBER: ("张三丰", 1), SPLIT_NUMBER: ("王芳", 1)}
    assert store.verify_audit() == []
