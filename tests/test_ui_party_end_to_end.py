"""Issue #5's "done when": one party member walked through the real main window over a real
SQLCipher store — 新增党员 (linked from the household register with Ins) → 报到 → 认领 a
service post → three activities with hours → the member's totals for the quarter on the
党员 tab → the quarter's feedback sheet saved on the 反馈 tab — typed from the keyboard, the
database and what the page shows checked after every step."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTableWidget, QWidget
from shiboken6 import isValid

from gridapp.models import party_rules as rules
from gridapp.models.party import ServicePost
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository, new_id
from gridapp.store.party import PartyRepository
from gridapp.store.party_service import ServiceRepository
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.dialogs.party_activity import ActivityDialog
from gridapp.ui.dialogs.party_feedback import FeedbackDialog
from gridapp.ui.dialogs.party_member import MemberDialog, SpecDialog
from gridapp.ui.dialogs.party_post import ClaimDialog
from gridapp.ui.main_window import MainWindow
from gridapp.ui.pages.party import PartyPage
from gridapp.ui.party_service_tabs import ActivitiesTab, FeedbackTab, PostsTab
from tests import factories
from tests.test_ui_forms import WAIT, add_places, type_text

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise",
    "This plugin does not support grabbing",
    "This plugin does not support propagateSizeHints",
)
TODAY = date.today()
QUARTER = rules.period_of(TODAY, rules.PeriodKind.QUARTER)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
HOURS = (("清理楼道杂物", "2.5"), ("义诊咨询", "1.5"), ("夜间治安巡逻", "3"))


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


def idle(qtbot: Any, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=WAIT)


def active(qtbot: Any, widget: QWidget) -> None:
    top = widget.window()
    top.activateWindow()
    qtbot.waitUntil(
        lambda: QApplication.activeWindow() is top and getattr(top, "loaded", True),
        timeout=WAIT,
    )


def gone(dialog: QWidget) -> bool:
    return not isValid(dialog) or not dialog.isVisible()


def cells(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def line(dialog: Any, name: str) -> QLineEdit:
    editor = dialog.form.fields[name].editor
    assert isinstance(editor, QLineEdit)
    return editor


def enter(qtbot: Any, widget: QWidget) -> None:
    active(qtbot, widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def modal(qtbot: Any) -> QWidget:
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=WAIT)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    active(qtbot, dialog)
    return dialog


def show_tab(qtbot: Any, win: MainWindow, page: PartyPage, tab: QWidget) -> None:
    active(qtbot, page)
    page.tabs.setCurrentWidget(tab)
    idle(qtbot, win)


def test_a_member_reports_claims_serves_and_gets_the_quarters_feedback(
    qtbot: Any, win: MainWindow, store: Store, family: HouseholdBundle
) -> None:
    party = PartyRepository(store)
    service = ServiceRepository(store)
    # The community published a post beforehand.
    post = service.add_post(ServicePost(new_id(), "治安巡逻岗", "safety", planned=2))

    # 1. 新增党员: Ctrl+Shift+M, Ins, the name, Enter links 张三丰; the rest typed; Enter saves.
    win.show_page("party")
    page = win.pages["party"]
    assert isinstance(page, PartyPage)
    idle(qtbot, win)
    members = page.members
    active(qtbot, page)
    members.table.setFocus()
    qtbot.keyClick(members.table, Qt.Key.Key_M, CTRL_SHIFT)
    dialog = modal(qtbot)
    assert isinstance(dialog, MemberDialog)
    idle(qtbot, win)
    qtbot.keyClick(dialog, Qt.Key.Key_Insert)
    qtbot.waitUntil(dialog.picker.edit.hasFocus, timeout=WAIT)
    type_text(qtbot, dialog.picker.edit, "张三丰")
    idle(qtbot, win)
    qtbot.keyClick(dialog.picker.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.linked is not None, timeout=WAIT)
    type_text(qtbot, line(dialog, "party_org"), "县人民医院党委第二支部")
    type_text(qtbot, line(dialog, "work_unit"), "县人民医院")
    type_text(qtbot, line(dialog, "joined_date"), "1995-07-01")
    enter(qtbot, line(dialog, "joined_date"))
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    [member] = party.members()
    head = family.members[0]
    assert (member.name, member.person_id, member.grid_code) == ("张三丰", head.id, factories.GRID)
    idle(qtbot, win)
    qtbot.waitUntil(lambda: members.table.rowCount() == 1, timeout=WAIT)
    assert cells(members.table)[0] == [
        "张三丰",
        "县人民医院党委第二支部",
        "正式党员",
        "",
        "第一网格",
        "未报到",
        "0 小时",
    ]

    # 2. 报到 (Ctrl+Shift+B): the community and grid are the member's; the date typed.
    active(qtbot, page)
    members.table.setFocus()
    qtbot.keyClick(members.table, Qt.Key.Key_B, CTRL_SHIFT)
    report = modal(qtbot)
    assert isinstance(report, SpecDialog)
    assert report.form.fields["community_code"].raw() == factories.VILLAGE
    assert report.form.fields["grid_code"].raw() == factories.GRID
    edit = line(report, "report_date")
    edit.selectAll()
    type_text(qtbot, edit, QUARTER.start().isoformat())
    enter(qtbot, edit)
    qtbot.waitUntil(lambda: gone(report), timeout=WAIT)
    [saved_report] = party.reports(member.id)
    assert (saved_report.report_date, saved_report.status) == (QUARTER.start(), "active")
    idle(qtbot, win)
    qtbot.waitUntil(lambda: cells(members.table)[0][5] == "已报到", timeout=WAIT)
    assert cells(members.table)[0][3] == QUARTER.start().isoformat()

    # 3. 认领: on the 岗位项目 tab, Enter on the post, the member's name, Enter, Enter.
    posts = page.tabs.widget(2)
    assert isinstance(posts, PostsTab)
    show_tab(qtbot, win, page, posts)
    qtbot.waitUntil(lambda: posts.table.rowCount() == 1, timeout=WAIT)
    posts.table.setCurrentCell(0, 0)
    enter(qtbot, posts.table)
    claim = modal(qtbot)
    assert isinstance(claim, ClaimDialog)
    type_text(qtbot, claim.picker.edit, "张三")
    enter(qtbot, claim.picker.edit)
    assert "张三丰" in claim.chosen.text()
    enter(qtbot, claim.save_button)
    qtbot.waitUntil(lambda: gone(claim), timeout=WAIT)
    assert [c.member_id for c in service.claims(post_id=post.id)] == [member.id]
    idle(qtbot, win)
    qtbot.waitUntil(lambda: cells(posts.table)[0][5] == "张三丰", timeout=WAIT)

    # 4. Three activities, each: Ins, the theme, Ins, the member, the hours, Ctrl+Enter.
    activities = page.tabs.widget(3)
    assert isinstance(activities, ActivitiesTab)
    show_tab(qtbot, win, page, activities)
    for count, (theme, hours) in enumerate(HOURS, start=1):
        active(qtbot, page)
        activities.setFocus()
        qtbot.keyClick(activities, Qt.Key.Key_Insert)
        act = modal(qtbot)
        assert isinstance(act, ActivityDialog)
        theme_edit = act.form.fields["theme"].editor
        type_text(qtbot, theme_edit, theme)
        qtbot.keyClick(theme_edit, Qt.Key.Key_Insert)
        qtbot.waitUntil(act.picker.edit.hasFocus, timeout=WAIT)
        type_text(qtbot, act.picker.edit, "张三丰")
        qtbot.keyClick(act.picker.edit, Qt.Key.Key_Return)
        assert [m.name for m in act.members()] == ["张三丰"]
        act.default_hours.selectAll()
        type_text(qtbot, act.default_hours, hours)
        assert act.table.item(0, 2).text() == hours
        qtbot.keyClick(act.default_hours, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda act=act: gone(act), timeout=WAIT)
        assert len(service.activities(member.id)) == count
        idle(qtbot, win)
        qtbot.waitUntil(lambda count=count: activities.table.rowCount() == count, timeout=WAIT)
    assert sorted(
        (a.theme, service.participations(a.id)[0].hours) for a in service.activities(member.id)
    ) == sorted((theme, float(hours)) for theme, hours in HOURS)
    totals = service.totals(member.id, QUARTER)
    assert (totals.activities, totals.hours, totals.points) == (3, 7.0, 7.0)

    # 5. The 党员 tab: the year's hours in the roster, the quarter's totals in the details.
    show_tab(qtbot, win, page, members)
    qtbot.waitUntil(lambda: cells(members.table)[0][6] == "7 小时", timeout=WAIT)
    members.table.selectRow(0)
    qtbot.waitUntil(lambda: members.totals_table.rowCount() == 1, timeout=WAIT)
    assert cells(members.totals_table) == [
        [f"{QUARTER.year}年第{QUARTER.index}季度", "3", "7 小时", "7"]
    ]
    assert [r[0] for r in cells(members.claims_table)] == ["治安巡逻岗"]
    assert sorted(r[1] for r in cells(members.activities_table)) == sorted(t for t, _ in HOURS)

    # 6. 反馈: the quarter is chosen; Enter on the member opens the sheet; 等次, signer, save.
    feedback = page.tabs.widget(4)
    assert isinstance(feedback, FeedbackTab)
    show_tab(qtbot, win, page, feedback)
    assert feedback.period_box.currentData() == QUARTER.code()
    qtbot.waitUntil(lambda: feedback.table.rowCount() == 1, timeout=WAIT)
    assert cells(feedback.table)[0][0] == "张三丰"
    assert cells(feedback.table)[0][2:] == ["3", "7", "7", "—"]
    feedback.table.setCurrentCell(0, 0)
    enter(qtbot, feedback.table)
    sheet = modal(qtbot)
    assert isinstance(sheet, FeedbackDialog)
    assert sheet.values["activities"].text() == "3"
    assert sheet.values["hours"].text() == "7 小时"
    assert "治安巡逻岗" in sheet.values["posts"].text()
    rating = sheet.form.fields["rating"].editor
    assert isinstance(rating, QComboBox)
    type_text(qtbot, rating, "良好")
    type_text(qtbot, sheet.form.fields["signer"].editor, "刘书记")
    enter(qtbot, sheet.form.fields["signer"].editor)
    qtbot.waitUntil(lambda: gone(sheet), timeout=WAIT)
    saved = service.feedback(member.id, QUARTER.code())
    assert saved is not None
    assert (saved.activities, saved.hours, saved.points, saved.rating, saved.signer) == (
        3,
        7.0,
        7.0,
        "good",
        "刘书记",
    )
    idle(qtbot, win)
    qtbot.waitUntil(lambda: cells(feedback.table)[0][5] == "良好", timeout=WAIT)
