"""The 党员双报到 page in the real main window: the roster and its member details, 新增党员
(linked from the register with Ins, or typed in), 报到 and 注销 with the store's refusals,
and the unit party organisations with their 回执 — in Chinese, typed from the keyboard, the
database checked after every step."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from shiboken6 import isValid

from gridapp.models.idnumber import make_id_number
from gridapp.models.party import PartyMember, PartyOrg
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.party import PartyRepository
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.dialogs.party_member import MemberDialog, SpecDialog
from gridapp.ui.main_window import MainWindow
from gridapp.ui.pages.party import PartyPage
from tests import factories
from tests.test_ui_forms import WAIT, add_places, type_text
from tests.test_ui_language import latin_words, texts_of

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise",
    "This plugin does not support grabbing",
    "This plugin does not support propagateSizeHints",
)
TODAY = date.today()
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TYPED_ID = make_id_number("360102", date(1980, 6, 15), 271)  # male, not in the register


@pytest.fixture
def family(store: Store) -> HouseholdBundle:
    add_places(store)
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    return bundle


@pytest.fixture
def win(qtbot: Any, qapp: QApplication, store: Store, family: HouseholdBundle) -> MainWindow:
    install_font(qapp)
    install_translators(qapp, "zh_CN")
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT)
    idle(qtbot, window)
    return window


# --- driving ---------------------------------------------------------------------------------


def gone(dialog: QWidget) -> bool:
    """The dialog closed (and was deleted: WA_DeleteOnClose)."""
    return not isValid(dialog) or not dialog.isVisible()


def idle(qtbot: Any, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=WAIT)


def active(qtbot: Any, widget: QWidget) -> None:
    top = widget.window()
    top.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top, timeout=WAIT)


def open_page(qtbot: Any, win: MainWindow) -> PartyPage:
    win.show_page("party")
    page = win.pages["party"]
    assert isinstance(page, PartyPage)
    idle(qtbot, win)
    active(qtbot, page)
    return page


def member_rows(page: PartyPage) -> list[list[str]]:
    table = page.members.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def line_of(dialog: MemberDialog | SpecDialog, name: str) -> QLineEdit:
    editor = dialog.form.fields[name].editor
    assert isinstance(editor, QLineEdit)
    return editor


def retype(qtbot: Any, edit: QLineEdit, text: str) -> None:
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, text)


def enter(qtbot: Any, edit: QLineEdit) -> None:
    active(qtbot, edit)
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def new_member_dialog(qtbot: Any, win: MainWindow, page: PartyPage) -> MemberDialog:
    active(qtbot, page)
    page.members.table.setFocus()
    qtbot.keyClick(page.members.table, Qt.Key.Key_M, CTRL_SHIFT)
    dialog = page.members.dialog
    assert isinstance(dialog, MemberDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    idle(qtbot, win)
    return dialog


def key_dialog(qtbot: Any, win: MainWindow, page: PartyPage, key: Qt.Key) -> SpecDialog:
    active(qtbot, page)
    page.members.table.setFocus()
    qtbot.keyClick(page.members.table, key, CTRL_SHIFT)
    dialog = page.members.dialog
    assert isinstance(dialog, SpecDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    idle(qtbot, win)
    return dialog


def add_member(store: Store, name: str = "李卫东", number: str = TYPED_ID) -> PartyMember:
    return PartyRepository(store).add_member(
        PartyMember(
            id=factories.uid(),
            id_number=number,
            name=name,
            party_org="县教育局机关党支部",
            joined_date=date(2005, 7, 1),
        )
    )


def select(qtbot: Any, page: PartyPage, name: str) -> None:
    qtbot.waitUntil(lambda: any(r[0] == name for r in member_rows(page)), timeout=WAIT)
    row = next(i for i, r in enumerate(member_rows(page)) if r[0] == name)
    page.members.table.selectRow(row)
    qtbot.waitUntil(
        lambda: page.members.detail is not None and page.members.detail.member.name == name,
        timeout=WAIT,
    )


# --- tests ------------------------------------------------------------------------------------


def test_the_page_is_in_chinese(qtbot: Any, win: MainWindow, store: Store) -> None:
    add_member(store)
    page = open_page(qtbot, win)
    qtbot.waitUntil(lambda: page.members.table.rowCount() == 1, timeout=WAIT)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs[:2] == ["党员", "单位党组织"]
    assert len(tabs) == 5
    data = {TYPED_ID, store.user_id}
    for index in (0, 1):  # the service tabs are tested with party_service_tabs.py
        page.tabs.setCurrentIndex(index)
        idle(qtbot, win)
        assert latin_words(texts_of(page), data) == set(), page.tabs.tabText(index)
    page.tabs.setCurrentIndex(0)
    assert member_rows(page) == [
        ["李卫东", "县教育局机关党支部", "正式党员", "", "", "未报到", "0 小时"]
    ]
    dialog = new_member_dialog(qtbot, win, page)
    # The Insert key's name is written in the form, as in 登记信访.
    assert latin_words(texts_of(dialog), data) - {"Ins"} == set()
    dialog.close_without_asking()


def test_add_a_member_linked_from_the_register(
    qtbot: Any, win: MainWindow, store: Store, family: HouseholdBundle
) -> None:
    page = open_page(qtbot, win)
    assert page.members.empty.isVisible()
    dialog = new_member_dialog(qtbot, win, page)
    qtbot.keyClick(dialog, Qt.Key.Key_Insert)
    search = dialog.picker.edit
    qtbot.waitUntil(search.hasFocus, timeout=WAIT)
    type_text(qtbot, search, "张三丰")
    idle(qtbot, win)
    assert dialog.picker.popup_visible()
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.linked is not None, timeout=WAIT)
    head = family.members[0]
    assert line_of(dialog, "id_number").text() == head.id_number
    assert line_of(dialog, "name").text() == "张三丰"
    assert line_of(dialog, "name").isReadOnly()
    assert "张三丰" in dialog.link_note.text()
    # Enter with the required fields still empty saves nothing and says what is missing.
    enter(qtbot, line_of(dialog, "name"))
    assert "还缺" in dialog.save_button.text()
    assert PartyRepository(store).members() == []
    type_text(qtbot, line_of(dialog, "party_org"), "县人民医院党委第二支部")
    retype(qtbot, line_of(dialog, "joined_date"), "1995-07-01")
    enter(qtbot, line_of(dialog, "joined_date"))
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    saved = PartyRepository(store).members()
    assert [(m.name, m.person_id, m.party_org) for m in saved] == [
        ("张三丰", head.id, "县人民医院党委第二支部")
    ]
    idle(qtbot, win)
    qtbot.waitUntil(lambda: len(member_rows(page)) == 1, timeout=WAIT)
    assert member_rows(page)[0][:3] == ["张三丰", "县人民医院党委第二支部", "正式党员"]
    assert member_rows(page)[0][5] == "未报到"
    qtbot.waitUntil(lambda: page.members.detail is not None, timeout=WAIT)
    assert "已关联户籍人口" in page.members.detail_info.text()


def test_add_a_typed_in_member_with_bad_input_first(
    qtbot: Any, win: MainWindow, store: Store
) -> None:
    page = open_page(qtbot, win)
    dialog = new_member_dialog(qtbot, win, page)
    type_text(qtbot, line_of(dialog, "id_number"), TYPED_ID)
    idle(qtbot, win)
    assert dialog.linked is None
    assert dialog.form.fields["sex"].raw() == "男"
    type_text(qtbot, line_of(dialog, "name"), "李卫东")
    type_text(qtbot, line_of(dialog, "party_org"), "县教育局机关党支部")
    # Joined at 15: the message is at the field, and Enter saves nothing.
    retype(qtbot, line_of(dialog, "joined_date"), "1995-07-01")
    type_text(qtbot, line_of(dialog, "phone"), "12345")
    enter(qtbot, line_of(dialog, "joined_date"))
    joined = dialog.form.fields["joined_date"].message
    assert joined.isVisible() and "十八" in joined.text()
    assert dialog.form.fields["phone"].message.isVisible()
    assert dialog.isVisible()
    assert PartyRepository(store).members() == []
    # A date in the future is refused too.
    retype(qtbot, line_of(dialog, "joined_date"), (TODAY + timedelta(days=3)).isoformat())
    enter(qtbot, line_of(dialog, "joined_date"))
    assert dialog.form.fields["joined_date"].message.text()
    retype(qtbot, line_of(dialog, "joined_date"), "2005-07-01")
    retype(qtbot, line_of(dialog, "phone"), "13907921111")
    assert not dialog.form.fields["joined_date"].message.isVisible()
    enter(qtbot, line_of(dialog, "phone"))
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    saved = PartyRepository(store).member_by_id_number(TYPED_ID)
    assert saved is not None and saved.person_id is None
    assert (saved.name, saved.phone, saved.joined_date) == (
        "李卫东",
        "13907921111",
        date(2005, 7, 1),
    )
    idle(qtbot, win)
    qtbot.waitUntil(lambda: [r[0] for r in member_rows(page)] == ["李卫东"], timeout=WAIT)
    # The same ID number again: refused at the field as soon as it is typed.
    dialog = new_member_dialog(qtbot, win, page)
    type_text(qtbot, line_of(dialog, "id_number"), TYPED_ID)
    idle(qtbot, win)
    message = dialog.form.fields["id_number"].message
    qtbot.waitUntil(message.isVisible, timeout=WAIT)
    assert "已登记为党员" in message.text()
    dialog.close_without_asking()


def test_esc_asks_before_throwing_typed_text_away(
    qtbot: Any, win: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_page(qtbot, win)
    dialog = new_member_dialog(qtbot, win, page)
    type_text(qtbot, line_of(dialog, "name"), "李")
    asked: list[str] = []

    def answer(*args: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.keyClick(line_of(dialog, "name"), Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    dialog.close_without_asking()


def test_a_second_report_is_refused_and_nothing_changes(
    qtbot: Any, win: MainWindow, store: Store
) -> None:
    member = add_member(store)
    page = open_page(qtbot, win)
    select(qtbot, page, "李卫东")
    dialog = key_dialog(qtbot, win, page, Qt.Key.Key_B)
    # This PC has no work scope and the member typed in: the community must be chosen.
    assert dialog.form.fields["community_code"].raw() in ("", factories.VILLAGE)
    combo = dialog.form.fields["community_code"].editor
    combo.setCurrentIndex(combo.findData(factories.VILLAGE))  # type: ignore[attr-defined]
    grid = dialog.form.fields["grid_code"].editor
    grid.setCurrentIndex(grid.findData(factories.GRID))  # type: ignore[attr-defined]
    retype(qtbot, line_of(dialog, "report_date"), "2026-01-05")
    enter(qtbot, line_of(dialog, "report_date"))
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    reports = PartyRepository(store).reports(member.id)
    assert [(r.report_date, r.grid_code, r.status) for r in reports] == [
        (date(2026, 1, 5), factories.GRID, "active")
    ]
    idle(qtbot, win)
    qtbot.waitUntil(lambda: member_rows(page)[0][5] == "已报到", timeout=WAIT)
    assert member_rows(page)[0][3:5] == ["2026-01-05", "第一网格"]
    qtbot.waitUntil(lambda: page.members.reports_table.rowCount() == 1, timeout=WAIT)

    dialog = key_dialog(qtbot, win, page, Qt.Key.Key_B)
    enter(qtbot, line_of(dialog, "report_date"))
    qtbot.waitUntil(dialog.general.isVisible, timeout=WAIT)
    assert "不能重复报到" in dialog.general.text()
    assert dialog.isVisible()
    assert PartyRepository(store).reports(member.id) == reports
    dialog.close_without_asking()


def test_after_cancel_a_report_is_refused(qtbot: Any, win: MainWindow, store: Store) -> None:
    member = add_member(store)
    repo = PartyRepository(store)
    repo.report(member.id, date(2026, 1, 5), community_code=factories.VILLAGE)
    page = open_page(qtbot, win)
    select(qtbot, page, "李卫东")
    dialog = key_dialog(qtbot, win, page, Qt.Key.Key_D)
    # The reason is required: Enter without it saves nothing.
    enter(qtbot, line_of(dialog, "cancel_date"))
    assert dialog.form.fields["cancel_reason"].message.isVisible()
    assert repo.current_report(member.id) is not None
    type_text(qtbot, line_of(dialog, "cancel_reason"), "工作调动")
    enter(qtbot, line_of(dialog, "cancel_reason"))
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    reports = repo.reports(member.id)
    assert [(r.status, r.cancel_reason) for r in reports] == [("cancelled", "工作调动")]
    idle(qtbot, win)
    qtbot.waitUntil(lambda: member_rows(page)[0][5] == "已注销", timeout=WAIT)

    dialog = key_dialog(qtbot, win, page, Qt.Key.Key_B)
    combo = dialog.form.fields["community_code"].editor
    combo.setCurrentIndex(combo.findData(factories.VILLAGE))  # type: ignore[attr-defined]
    enter(qtbot, line_of(dialog, "report_date"))
    qtbot.waitUntil(dialog.general.isVisible, timeout=WAIT)
    assert "注销后不能再报到" in dialog.general.text()
    assert repo.reports(member.id) == reports
    dialog.close_without_asking()


def test_a_unit_organisation_reports_and_its_receipt_is_signed_once(
    qtbot: Any, win: MainWindow, store: Store
) -> None:
    page = open_page(qtbot, win)
    page.tabs.setCurrentWidget(page.orgs)
    idle(qtbot, win)
    assert page.orgs.empty.isVisible()
    page.orgs.table.setFocus()
    qtbot.keyClick(page.orgs.table, Qt.Key.Key_O, CTRL_SHIFT)
    dialog = page.orgs.dialog
    assert isinstance(dialog, SpecDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    type_text(qtbot, line_of(dialog, "name"), "县税务局机关党支部")
    type_text(qtbot, line_of(dialog, "contact"), "刘明")
    retype(qtbot, line_of(dialog, "report_date"), "2026-01-06")
    enter(qtbot, line_of(dialog, "contact"))
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    repo = PartyRepository(store)
    assert [(o.name, o.contact, o.receipt_date) for o in repo.orgs()] == [
        ("县税务局机关党支部", "刘明", None)
    ]
    idle(qtbot, win)
    table = page.orgs.table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=WAIT)
    assert table.item(0, 5).text() == "未签收"

    active(qtbot, page)
    qtbot.mouseClick(page.orgs.receipt_button, Qt.MouseButton.LeftButton)
    dialog = page.orgs.dialog
    assert isinstance(dialog, SpecDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    # Before the report date: refused at the field.
    retype(qtbot, line_of(dialog, "receipt_date"), "2026-01-01")
    type_text(qtbot, line_of(dialog, "receipt_signer"), "王书记")
    enter(qtbot, line_of(dialog, "receipt_signer"))
    message = dialog.form.fields["receipt_date"].message
    qtbot.waitUntil(message.isVisible, timeout=WAIT)
    assert "早于" in message.text()
    assert repo.orgs()[0].receipt_date is None
    retype(qtbot, line_of(dialog, "receipt_date"), "2026-01-08")
    enter(qtbot, line_of(dialog, "receipt_signer"))
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    org = repo.orgs()[0]
    assert (org.receipt_date, org.receipt_signer) == (date(2026, 1, 8), "王书记")
    idle(qtbot, win)
    qtbot.waitUntil(lambda: table.item(0, 5).text() == "2026-01-08 王书记", timeout=WAIT)

    active(qtbot, page)
    qtbot.mouseClick(page.orgs.receipt_button, Qt.MouseButton.LeftButton)
    dialog = page.orgs.dialog
    assert isinstance(dialog, SpecDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    type_text(qtbot, line_of(dialog, "receipt_signer"), "李主任")
    enter(qtbot, line_of(dialog, "receipt_signer"))
    qtbot.waitUntil(
        lambda: "不能重复签收" in dialog.form.fields["receipt_date"].message.text(),
        timeout=WAIT,
    )
    assert repo.orgs() == [org]
    dialog.close_without_asking()


def test_org_dialog_keeps_nothing_when_the_name_is_taken(
    qtbot: Any, win: MainWindow, store: Store
) -> None:
    PartyRepository(store).add_org(
        PartyOrg(factories.uid(), "县税务局机关党支部", contact="刘明", report_date=TODAY)
    )
    page = open_page(qtbot, win)
    page.tabs.setCurrentWidget(page.orgs)
    idle(qtbot, win)
    dialog = page.orgs.new_org()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    type_text(qtbot, line_of(dialog, "name"), "县税务局机关党支部")
    type_text(qtbot, line_of(dialog, "contact"), "赵强")
    enter(qtbot, line_of(dialog, "contact"))
    message = dialog.form.fields["name"].message
    qtbot.waitUntil(message.isVisible, timeout=WAIT)
    assert "不能重复报到" in message.text()
    assert len(PartyRepository(store).orgs()) == 1
    dialog.close_without_asking()
