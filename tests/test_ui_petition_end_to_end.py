"""Issue #4's "done when": one petition walked through the real main window over a real
SQLCipher store — 登记 (the registration dialog, from a registered person) → 受理告知 → 开始办理
→ 延期 → 答复 → 回访 with 满意度 → 办结 — through the petition page's buttons and the step
dialogs, typed the way a grid worker types, with the database checked after every step."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from gridapp.models.deadlines import max_extension
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.dialogs.petition_register import PetitionRegisterDialog, registration_dialog
from gridapp.ui.dialogs.petition_step import StepDialog
from gridapp.ui.main_window import MainWindow
from gridapp.ui.pages.petition import PetitionPage
from tests import factories
from tests.test_ui_forms import WAIT, add_places, type_text

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise",
    "This plugin does not support grabbing",
    "This plugin does not support propagateSizeHints",
)
TODAY = date.today()
CTRL = Qt.KeyboardModifier.ControlModifier


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
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT)
    return window


# --- driving the window ------------------------------------------------------------------------


def idle(qtbot: Any, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=WAIT)


def active(qtbot: Any, widget: QWidget) -> None:
    """``widget``'s window takes the keyboard (the offscreen platform has no window manager
    to give it back when a dialog closes)."""
    top = widget.window()
    top.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top, timeout=WAIT)


def pick(qtbot: Any, combo: QWidget, text: str) -> None:
    """Type a code's Chinese label into its box and leave it with Tab (the offscreen
    platform leaves the type-ahead list open where a real one closes: close it first)."""
    assert isinstance(combo, QComboBox)
    type_text(qtbot, combo, text)
    popup = QApplication.activePopupWidget()
    if popup is not None:
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QListView) and widget.isVisible():
            widget.hide()
    active(qtbot, combo)
    line = combo.lineEdit()
    assert line is not None
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Tab)


def type_date(qtbot: Any, edit: QWidget, day: date) -> None:
    """A date typed over the whole date field, as YYYY-MM-DD."""
    assert isinstance(edit, QDateEdit)
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    edit.selectAll()
    qtbot.keyClicks(edit, day.isoformat())
    assert edit.date().toPython() == day


def page_of(win: MainWindow) -> PetitionPage:
    page = win.pages["petition"]
    assert isinstance(page, PetitionPage)
    return page


def step(qtbot: Any, win: MainWindow, action: str) -> StepDialog:
    """Click the step's button on the petition page; its dialog takes the keyboard."""
    page = page_of(win)
    active(qtbot, page)
    assert set(page.step_buttons) >= {action}, sorted(page.step_buttons)
    qtbot.mouseClick(page.step_buttons[action], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, StepDialog) and dialog.action == action
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    return dialog


def press_enter(qtbot: Any, dialog: StepDialog, name: str) -> None:
    """Enter in a one-line field (Ctrl+Enter in a multi-line box) saves the step."""
    widget = dialog.field(name).editor
    active(qtbot, widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    modifier = CTRL if isinstance(widget, QPlainTextEdit) else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(widget, Qt.Key.Key_Return, modifier)


def shows(qtbot: Any, win: MainWindow, status: str) -> None:
    """The page is in front with a fresh read of the petition in ``status``."""
    page = page_of(win)
    qtbot.waitUntil(
        lambda: (
            win.stack.currentWidget() is page
            and page.view is not None
            and page.view.petition.status == status
            and not page.loading
        ),
        timeout=WAIT,
    )
    idle(qtbot, win)


def steps_recorded(store: Store, petition_id: str) -> list[str]:
    return [e.action for e in PetitionRepository(store).progress(petition_id)]


def last_detail(store: Store, petition_id: str) -> dict[str, Any]:
    entry = PetitionRepository(store).progress(petition_id)[-1]
    assert entry.action_date == TODAY and entry.actor == store.user_id
    detail: dict[str, Any] = json.loads(entry.detail)
    return detail


def petition_updates(store: Store, petition_id: str) -> int:
    rows = store.query(
        "SELECT count(*) AS n FROM outbox WHERE tbl = 'petition' AND row_id = ? AND op = 'update'",
        (petition_id,),
    )
    return int(rows[0]["n"])


# --- the walk ----------------------------------------------------------------------------------


def register_in_the_window(
    qtbot: Any, win: MainWindow, store: Store, family: HouseholdBundle
) -> str:
    """登记 from 张三丰's record: the registration dialog opens with him as petitioner."""
    head = family.members[0]
    win.ctx.nav.register_petition(head.id)
    qtbot.waitUntil(lambda: registration_dialog(win) is not None, timeout=WAIT)
    dialog = registration_dialog(win)
    assert isinstance(dialog, PetitionRegisterDialog)
    qtbot.waitUntil(lambda: dialog.loaded and len(dialog.entries) == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    idle(qtbot, win)
    pick(qtbot, dialog.fields["channel"].editor, "来访")
    pick(qtbot, dialog.fields["kind"].editor, "申诉求决类")
    pick(qtbot, dialog.fields["category"].editor, "土地征收")
    summary = dialog.fields["summary"].editor
    assert isinstance(summary, QLineEdit)
    type_text(qtbot, summary, "土地征收补偿款未足额发放")
    type_text(qtbot, dialog.fields["content"].editor, "反映2024年修路征地补偿款少发3200元。")
    active(qtbot, summary)
    summary.setFocus()
    qtbot.keyClick(summary, Qt.Key.Key_Return)
    # 已登记，编号 …: the number in a message, and the petition opens.
    qtbot.waitUntil(
        lambda: win.findChild(QMessageBox, "petitionRegistered") is not None, timeout=WAIT
    )
    box = win.findChild(QMessageBox, "petitionRegistered")
    assert isinstance(box, QMessageBox)
    [row] = store.query("SELECT id, reg_no FROM petition WHERE deleted = 0")
    assert f"已登记，编号 {row['reg_no']}" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    shows(qtbot, win, "registered")
    return str(row["id"])


def test_one_petition_from_registration_through_extension_to_closing(
    qtbot: Any, win: MainWindow, store: Store, family: HouseholdBundle
) -> None:
    repo = PetitionRepository(store)
    policy = repo.policy()
    petition_id = register_in_the_window(qtbot, win, store, family)
    page = page_of(win)

    # 登记
    saved = repo.get(petition_id)
    assert (saved.status, saved.channel, saved.kind, saved.category) == (
        "registered",
        "visit",
        "claim",
        "01",
    )
    assert saved.due_date == policy.add(TODAY, 15)  # 受理告知 within 15 日
    [person] = repo.petitioners(petition_id)
    assert (person.person_id, person.name) == (family.members[0].id, "张三丰")
    assert steps_recorded(store, petition_id) == ["register"]
    assert page.heading.text() == f"登记编号 {saved.reg_no} · 登记（待受理）"
    assert page.role_label.text() == "当前身份：社区书记"
    assert set(page.step_buttons) == {"accept", "reject", "transfer"}

    # 受理告知: 告知方式, 承办单位, 承办人 — Enter saves
    dialog = step(qtbot, win, "accept")
    assert dialog.save_button.text() == "还缺：告知方式"
    pick(qtbot, dialog.field("method").editor, "书面")
    type_text(qtbot, dialog.field("unit").editor, "村委会")
    type_text(qtbot, dialog.field("handler").editor, "王书记")
    press_enter(qtbot, dialog, "handler")
    shows(qtbot, win, "accepted")
    saved = repo.get(petition_id)
    handle_due = policy.add(TODAY, 60)
    assert (saved.accepted_date, saved.due_date) == (TODAY, handle_due)
    assert (saved.handling_unit, saved.handler) == ("村委会", "王书记")
    assert steps_recorded(store, petition_id) == ["register", "accept"]
    detail = last_detail(store, petition_id)
    assert (detail["method"], detail["handle_by"], detail["notified_in_time"]) == (
        "written",
        handle_due.isoformat(),
        True,
    )
    assert petition_updates(store, petition_id) == 1
    assert "告知方式：书面" in page.timeline_entries[-1].details.text()

    # 开始办理
    dialog = step(qtbot, win, "handle")
    assert dialog.save_button.text() == "开始办理"  # nothing required
    type_text(qtbot, dialog.field("note").editor, "入户核实补偿款发放情况")
    press_enter(qtbot, dialog, "handler")
    shows(qtbot, win, "in_progress")
    assert steps_recorded(store, petition_id)[-1] == "handle"
    assert last_detail(store, petition_id)["note"] == "入户核实补偿款发放情况"
    assert repo.get(petition_id).handler == "王书记"  # kept: none given

    # 延期: 批准人, 延期至 (at most 30 日 beyond the due date), 延期理由, 告知日期
    dialog = step(qtbot, win, "extend")
    latest = max_extension(policy, handle_due)
    assert dialog.field("until").raw() == latest
    type_text(qtbot, dialog.field("approver").editor, "村主任李明")
    type_date(qtbot, dialog.field("until").editor, latest + timedelta(days=1))
    assert dialog.save_button.text() == "还缺：延期理由"
    type_text(qtbot, dialog.field("reason").editor, "涉及镇国土所核算，需协调")
    assert dialog.save_button.text() == "请改正：延期至"
    assert latest.isoformat() in dialog.field("until").message.text()
    press_enter(qtbot, dialog, "approver")  # refused as typed: nothing is saved
    qtbot.wait(50)
    assert dialog.isVisible() and repo.get(petition_id).status == "in_progress"
    until = handle_due + timedelta(days=20)
    type_date(qtbot, dialog.field("until").editor, until)
    press_enter(qtbot, dialog, "reason")  # Ctrl+Enter in the reason box
    shows(qtbot, win, "extended")
    saved = repo.get(petition_id)
    assert (saved.extended_until, saved.due_date) == (until, until)
    assert saved.extension_reason == "涉及镇国土所核算，需协调"
    detail = last_detail(store, petition_id)
    assert (detail["approver"], detail["told_date"], detail["previous_due"]) == (
        "村主任李明",
        TODAY.isoformat(),
        handle_due.isoformat(),
    )
    assert page.outcome_values["extended_until"].text() == until.isoformat()
    assert page.deadline_labels[-1][0].text() == "办理答复（已延期）"
    assert page.deadline_labels[-1][1].text() == until.isoformat()
    assert "extend" not in page.step_buttons  # once only

    # 答复: 处理意见, 答复内容, 答复方式
    dialog = step(qtbot, win, "reply")
    pick(qtbot, dialog.field("decision").editor, "支持")
    type_text(qtbot, dialog.field("text").editor, "经核实，差额3200元已补发到位。")
    pick(qtbot, dialog.field("method").editor, "书面")
    press_enter(qtbot, dialog, "text")
    shows(qtbot, win, "replied")
    saved = repo.get(petition_id)
    assert (saved.decision, saved.reply_method, saved.reply_date) == ("support", "written", TODAY)
    assert saved.reply_text == "经核实，差额3200元已补发到位。"
    detail = last_detail(store, petition_id)
    assert detail["in_time"] is True
    assert detail["review_request_by"] == policy.add(TODAY, 30).isoformat()
    assert page.outcome_values["reply_text"].text() == "经核实，差额3200元已补发到位。"

    # 回访 with 满意度
    dialog = step(qtbot, win, "callback")
    assert dialog.save_button.text() == "还缺：满意度"
    pick(qtbot, dialog.field("satisfaction").editor, "满意")
    pick(qtbot, dialog.field("method").editor, "电话")
    assert dialog.save_button.text() == "回访"
    press_enter(qtbot, dialog, "satisfaction")
    shows(qtbot, win, "called_back")
    saved = repo.get(petition_id)
    assert (saved.satisfaction, saved.callback_date) == ("satisfied", TODAY)
    detail = last_detail(store, petition_id)
    assert (detail["reached"], detail["satisfaction"], detail["method"]) == (
        True,
        "satisfied",
        "phone",
    )
    assert page.outcome_values["satisfaction"].text() == "满意"

    # 办结
    dialog = step(qtbot, win, "close")
    type_text(qtbot, dialog.field("note").editor, "群众满意，结案")
    press_enter(qtbot, dialog, "note")
    shows(qtbot, win, "closed")
    saved = repo.get(petition_id)
    assert (saved.closed_date, saved.last_step_date) == (TODAY, TODAY)
    assert steps_recorded(store, petition_id) == [
        "register",
        "accept",
        "handle",
        "extend",
        "reply",
        "callback",
        "close",
    ]
    assert last_detail(store, petition_id)["satisfaction"] == "satisfied"
    # Every step was one change of the petition row, in the outbox with its progress entry.
    assert petition_updates(store, petition_id) == 6
    entries = store.query(
        "SELECT count(*) AS n FROM outbox WHERE tbl = 'petition_progress' AND op = 'create'"
    )
    assert entries[0]["n"] == 7

    # What the page says now.
    assert page.heading.text() == f"登记编号 {saved.reg_no} · 已办结"
    assert page.light_label.text() == "当前没有在计的期限。"
    assert [card.title.text().split(" · ")[1] for card in page.timeline_entries] == [
        "登记",
        "受理告知",
        "开始办理",
        "延期",
        "答复",
        "回访",
        "办结",
    ]
    states = {what.text(): state.text() for what, _day, state in page.deadline_labels}
    assert states["受理告知（15 日）"] == "按期办理"
    assert states["办理答复（已延期）"] == "按期办理"
    assert set(page.step_buttons) == {"review_request"}  # a 复查 may still be requested
