"""The login dialog, the idle lock and 设置 → 账户 (issue #8), over a real SQLCipher store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gridapp.models.access import ADMIN, GRID_WORKER, SECRETARY
from gridapp.store.access import AccessDenied
from gridapp.store.accounts import AccountRepository
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.ui import app as ui_app
from gridapp.ui import session_guard as guard_module
from gridapp.ui.account_dialog import AccountDialog
from gridapp.ui.accounts_panel import AccountsDialog, AccountsPanel
from gridapp.ui.app import install_translators
from gridapp.ui.login import LockScreen, LoginDialog
from gridapp.ui.main_window import MainWindow
from gridapp.ui.tasks import TaskRunner
from tests import factories

WAIT_MS = 10_000
NAMES = ("张三丰", "王芳", "张小明")  # the household of factories.zhang_family
PASSWORDS = {"admin": "admin-pass-1", "wang": "worker-pass-1", "zhang": "secretary-pass-1"}


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "zh_CN")
    yield
    guard_module._WINDOWS.clear()  # windows made by 切换账户 / set-up (qtbot closes them)


@pytest.fixture
def accounts(store: Store) -> Store:
    """An administrator (made in set-up mode), a grid worker and a secretary; nobody logged
    in; the 张 household in the register."""
    HouseholdRepository(store).create_household(factories.zhang_family())
    repo = AccountRepository(store)
    repo.add("admin", "李管理", ADMIN, PASSWORDS["admin"])
    repo.login("admin", PASSWORDS["admin"])
    repo.add("wang", "王网格", GRID_WORKER, PASSWORDS["wang"])
    repo.add("zhang", "张书记", SECRETARY, PASSWORDS["zhang"])
    repo.logout()
    return store


def log_in(store: Store, username: str) -> None:
    AccountRepository(store).login(username, PASSWORDS[username])


def open_window(qtbot: Any, store: Store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    idle(qtbot, window)
    return window


def idle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)


def closed(dialog: QWidget) -> bool:
    """A dialog closed (deleted once finished, or hidden)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def shown_texts(root: QWidget) -> str:
    """Every text a person could read in ``root`` as drawn: labels, fields, buttons and the
    cells of item views, of widgets visible now."""
    root.grab()  # painted as it is now
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QPushButton | QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), 50)):
                for column in range(40):  # a list model's columnCount is private
                    index = model.index(row, column)
                    if not index.isValid():
                        break
                    texts.append(str(model.data(index) or ""))
    return "\n".join(texts)


def login_dialog(qtbot: Any, store: Store) -> tuple[LoginDialog, TaskRunner]:
    tasks = TaskRunner(None)
    dialog = LoginDialog(store, tasks)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog, tasks


def try_login(qtbot: Any, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            not shiboken6.isValid(dialog)
            or dialog.login_button.isEnabled()
            or not dialog.isVisible()
        ),
        timeout=WAIT_MS,
    )


# --- the login dialog -----------------------------------------------------------------------


def test_login_refuses_a_wrong_password_with_a_message_then_accepts(
    qtbot: Any, accounts: Store
) -> None:
    dialog, tasks = login_dialog(qtbot, accounts)
    try:
        try_login(qtbot, dialog, "wang", "not-the-password")
        assert dialog.isVisible() and dialog.session is None
        assert accounts.session is None
        assert dialog.message.isVisible()
        assert "4" in dialog.message.text()  # the attempts left
        assert dialog.password.text() == ""  # typed again, not kept
        try_login(qtbot, dialog, "wang", PASSWORDS["wang"])
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert accounts.session is not None and accounts.session.username == "wang"
        assert accounts.session.role == GRID_WORKER
    finally:
        tasks.shutdown()


def test_the_fifth_wrong_password_shows_the_lock_message(qtbot: Any, accounts: Store) -> None:
    dialog, tasks = login_dialog(qtbot, accounts)
    try:
        for _attempt in range(5):
            try_login(qtbot, dialog, "wang", "wrong-password")
        locked = dialog.message.text()
        account = AccountRepository(accounts).get("wang")
        assert account is not None and account.locked_until
        until = account.locked_until[11:16]  # HH:MM
        assert until in locked
        # Locked: even the right password is refused now, with the same kind of message.
        try_login(qtbot, dialog, "wang", PASSWORDS["wang"])
        assert dialog.session is None and accounts.session is None
        assert until in dialog.message.text()
    finally:
        tasks.shutdown()


def test_a_disabled_account_is_refused_in_the_dialog(qtbot: Any, accounts: Store) -> None:
    log_in(accounts, "admin")
    AccountRepository(accounts).disable("wang")
    AccountRepository(accounts).logout()
    dialog, tasks = login_dialog(qtbot, accounts)
    try:
        try_login(qtbot, dialog, "wang", PASSWORDS["wang"])
        assert dialog.session is None and "wang" in dialog.message.text()
    finally:
        tasks.shutdown()


# --- the window: who is logged in, the idle lock --------------------------------------------


def test_the_window_names_the_account_and_its_role(qtbot: Any, accounts: Store) -> None:
    log_in(accounts, "wang")
    window = open_window(qtbot, accounts)
    assert window.user_label.text() == "王网格（网格员）"
    status = window.status_user_label
    assert status.full_text() == "当前用户：王网格（网格员）"
    # A narrow status bar shortens the role, never the name.
    assert status.text().startswith("当前用户：王网格")


def test_input_restarts_the_idle_count(qtbot: Any, accounts: Store) -> None:
    log_in(accounts, "zhang")
    window = open_window(qtbot, accounts)
    guard = window.guard
    assert guard.idle_timer.isActive()
    assert guard.idle_timer.interval() == 10 * 60_000  # AccountSettings.idle_minutes
    guard.idle_timer.stop()
    qtbot.keyClick(window.search_box, Qt.Key.Key_A)  # a stopped count is not started by input
    assert not guard.idle_timer.isActive()
    guard.set_idle_ms(123_456)
    guard.idle_timer.start(1)  # about to run out …
    qtbot.keyClick(window.search_box, Qt.Key.Key_B)  # … a key counts from the start again
    assert guard.idle_timer.remainingTime() > 100_000
    assert not guard.locked


def test_idle_lock_hides_every_record_and_unlocking_brings_back_the_open_dialog(
    qtbot: Any, accounts: Store
) -> None:
    log_in(accounts, "zhang")
    window = open_window(qtbot, accounts)
    household = HouseholdRepository(accounts).household_by_no("360000001")
    assert household is not None
    window.open_household(household.id)
    idle(qtbot, window)
    assert "张三丰" in shown_texts(window)  # the register is on screen before the lock
    # Work in progress in a dialog: the password change form with something typed.
    window.show_page("settings")
    idle(qtbot, window)
    panel = window.findChild(AccountsPanel)
    assert panel is not None
    qtbot.mouseClick(panel.password_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, AccountDialog) and dialog.isVisible()
    dialog.old_password.setText("half typed")
    window.show_page("household")

    window.guard.set_idle_ms(20)
    qtbot.waitUntil(lambda: window.guard.locked, timeout=WAIT_MS)
    window.guard.set_idle_ms(10 * 60_000)  # not locked again the moment it is unlocked
    assert not window.guard.idle_timer.isActive()  # no counting while locked
    idle(qtbot, window)
    assert isinstance(window.centralWidget(), LockScreen)
    assert not dialog.isVisible()
    texts = shown_texts(window)
    for name in NAMES:
        assert name not in texts
    assert "张书记" in texts  # whom it is locked for
    assert accounts.session is None  # nothing may be read while locked
    screen = window.centralWidget()
    assert isinstance(screen, LockScreen)

    screen.password.setText("wrong-password")
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.message.isVisible(), timeout=WAIT_MS)
    assert window.guard.locked and "4" in screen.message.text()

    screen.password.setText(PASSWORDS["zhang"])
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.guard.locked, timeout=WAIT_MS)
    assert not isinstance(window.centralWidget(), LockScreen)
    assert "张三丰" in shown_texts(window)
    assert dialog.isVisible() and dialog.old_password.text() == "half typed"
    assert accounts.session is not None and accounts.session.username == "zhang"
    assert window.guard.idle_timer.isActive()


def test_switching_account_opens_a_fresh_window_for_the_other_user(
    qtbot: Any, accounts: Store
) -> None:
    log_in(accounts, "zhang")
    window = MainWindow(accounts)  # closed by the switch
    window.show()
    idle(qtbot, window)
    window.guard.lock()
    idle(qtbot, window)
    screen = window.centralWidget()
    assert isinstance(screen, LockScreen)
    qtbot.mouseClick(screen.switch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.guard._login is not None, timeout=WAIT_MS)
    login = window.guard._login
    assert login is not None
    assert accounts.session is None and accounts.locked_session is None  # logged out
    try_login(qtbot, login, "wang", PASSWORDS["wang"])
    qtbot.waitUntil(
        lambda: len(guard_module._WINDOWS) == 1 and guard_module._WINDOWS[0] is not window
    )
    new = guard_module._WINDOWS[0]
    qtbot.addWidget(new)
    idle(qtbot, new)
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=WAIT_MS)  # the old one is gone
    assert new.isVisible() and new.user_label.text() == "王网格（网格员）"
    assert not isinstance(new.centralWidget(), LockScreen)


# --- 设置 → 账户 ------------------------------------------------------------------------------


def settings_panel(qtbot: Any, window: MainWindow) -> AccountsPanel:
    window.show_page("settings")
    idle(qtbot, window)
    panel = window.findChild(AccountsPanel)
    assert panel is not None
    return panel


def test_a_grid_worker_does_not_see_account_management(qtbot: Any, accounts: Store) -> None:
    log_in(accounts, "wang")
    window = open_window(qtbot, accounts)
    panel = settings_panel(qtbot, window)
    assert panel.password_button.isVisible()
    assert not panel.manage_button.isVisible()
    assert "王网格（网格员）" in panel.summary.text()
    with pytest.raises(AccessDenied):  # and the repository refuses it anyway
        AccountRepository(accounts).add("li", "李四", GRID_WORKER, "another-pass-1")


def test_an_admin_adds_an_account_in_the_panel_and_it_can_log_in(
    qtbot: Any, accounts: Store
) -> None:
    log_in(accounts, "admin")
    window = open_window(qtbot, accounts)
    panel = settings_panel(qtbot, window)
    assert panel.manage_button.isVisible()
    qtbot.mouseClick(panel.manage_button, Qt.MouseButton.LeftButton)
    manage = panel.dialog
    assert isinstance(manage, AccountsDialog)
    idle(qtbot, window)
    assert manage.table.rowCount() == 3
    qtbot.mouseClick(manage.add_button, Qt.MouseButton.LeftButton)
    add = manage.sub_dialog
    assert add is not None
    add.username.setText("liuxm")
    add.display_name.setText("刘晓梅")
    add.role.setCurrentIndex(add.role.findData(GRID_WORKER))
    add.password.setText("liu-pass-123")
    add.again.setText("liu-pass-12")  # a typing slip
    qtbot.mouseClick(add.ok_button, Qt.MouseButton.LeftButton)
    assert add.isVisible() and add.message.text() == "两次输入的密码不一样。"
    add.again.setText("liu-pass-123")
    qtbot.mouseClick(add.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(add), timeout=WAIT_MS)
    idle(qtbot, window)
    rows = {
        manage.table.item(r, 0).text(): [
            manage.table.item(r, c).text() for c in range(manage.table.columnCount())
        ]
        for r in range(manage.table.rowCount())
    }
    assert rows["liuxm"] == ["liuxm", "刘晓梅", "网格员", "正常"]
    AccountRepository(accounts).logout()
    dialog, tasks = login_dialog(qtbot, accounts)
    try:
        try_login(qtbot, dialog, "liuxm", "liu-pass-123")
        assert accounts.session is not None and accounts.session.display_name == "刘晓梅"
    finally:
        tasks.shutdown()


def test_admin_disables_an_account_and_sets_the_idle_minutes(qtbot: Any, accounts: Store) -> None:
    log_in(accounts, "admin")
    window = open_window(qtbot, accounts)
    panel = settings_panel(qtbot, window)
    qtbot.mouseClick(panel.manage_button, Qt.MouseButton.LeftButton)
    manage = panel.dialog
    assert isinstance(manage, AccountsDialog)
    idle(qtbot, window)
    names = [manage.table.item(r, 0).text() for r in range(manage.table.rowCount())]
    row = names.index("wang")
    manage.table.selectRow(row)
    assert manage.disable_button.text() == "停用"
    qtbot.mouseClick(manage.disable_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert manage.table.item(row, 3).text() == "已停用"
    assert manage.disable_button.text() == "启用"
    account = AccountRepository(accounts).get("wang")
    assert account is not None and account.disabled
    manage.idle_minutes.setValue(3)
    qtbot.mouseClick(manage.save_settings_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert AccountRepository(accounts).settings().idle_minutes == 3
    assert window.guard.idle_timer.interval() == 3 * 60_000  # the window follows at once


def test_admin_resets_a_password_and_changes_a_role(qtbot: Any, accounts: Store) -> None:
    log_in(accounts, "admin")
    window = open_window(qtbot, accounts)
    panel = settings_panel(qtbot, window)
    qtbot.mouseClick(panel.manage_button, Qt.MouseButton.LeftButton)
    manage = panel.dialog
    assert isinstance(manage, AccountsDialog)
    idle(qtbot, window)
    names = [manage.table.item(r, 0).text() for r in range(manage.table.rowCount())]
    manage.table.selectRow(names.index("wang"))
    qtbot.mouseClick(manage.reset_button, Qt.MouseButton.LeftButton)
    reset = manage.sub_dialog
    assert reset is not None and not reset.username.isVisible()
    reset.password.setText("short")
    reset.again.setText("short")
    qtbot.mouseClick(reset.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reset.message.isVisible(), timeout=WAIT_MS)
    assert "8" in reset.message.text()  # the repository's refusal, in the dialog
    reset.password.setText("new-worker-pass")
    reset.again.setText("new-worker-pass")
    qtbot.mouseClick(reset.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(reset), timeout=WAIT_MS)
    manage.table.selectRow(names.index("wang"))
    qtbot.mouseClick(manage.role_button, Qt.MouseButton.LeftButton)
    role = manage.sub_dialog
    assert role is not None and role.role.currentData() == GRID_WORKER
    role.role.setCurrentIndex(role.role.findData(SECRETARY))
    qtbot.mouseClick(role.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(role), timeout=WAIT_MS)
    idle(qtbot, window)
    assert manage.table.item(names.index("wang"), 2).text() == "网格长/社区书记"
    repo = AccountRepository(accounts)
    repo.logout()
    session = repo.login("wang", "new-worker-pass")
    assert session.role == SECRETARY


def test_everyone_changes_their_own_password(qtbot: Any, accounts: Store) -> None:
    log_in(accounts, "wang")
    window = open_window(qtbot, accounts)
    panel = settings_panel(qtbot, window)
    qtbot.mouseClick(panel.password_button, Qt.MouseButton.LeftButton)
    change = panel.dialog
    assert isinstance(change, AccountDialog)
    change.old_password.setText("not-my-password")
    change.password.setText("my-new-password")
    change.again.setText("my-new-password")
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: change.message.isVisible(), timeout=WAIT_MS)
    assert change.message.text()  # the current password is wrong: nothing changed
    change.old_password.setText(PASSWORDS["wang"])
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(change), timeout=WAIT_MS)
    repo = AccountRepository(accounts)
    repo.logout()
    assert repo.login("wang", "my-new-password").username == "wang"


def test_set_up_mode_makes_the_first_administrator_from_settings(qtbot: Any, store: Store) -> None:
    window = MainWindow(store)  # replaced once the administrator is logged in
    window.show()
    idle(qtbot, window)
    assert not window.guard.idle_timer.isActive()  # no account: no login, no idle lock
    panel = settings_panel(qtbot, window)
    assert panel.setup_button.isVisible() and not panel.manage_button.isVisible()
    qtbot.mouseClick(panel.setup_button, Qt.MouseButton.LeftButton)
    setup = panel.dialog
    assert isinstance(setup, AccountDialog)
    assert not setup.old_password.isVisible() and not setup.role.isVisible()  # not its fields
    setup.username.setText("admin")
    setup.display_name.setText("李管理")
    setup.password.setText("admin-pass-1")
    setup.again.setText("admin-pass-1")
    qtbot.mouseClick(setup.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(guard_module._WINDOWS) == 1, timeout=WAIT_MS)
    new = guard_module._WINDOWS[0]
    qtbot.addWidget(new)
    idle(qtbot, new)
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=WAIT_MS)
    assert store.session is not None and store.session.role == ADMIN
    assert new.user_label.text() == "李管理（管理员）"
    assert new.stack.currentWidget() is new.pages["settings"]
    panel = settings_panel(qtbot, new)
    assert panel.manage_button.isVisible() and not panel.setup_button.isVisible()
    assert new.guard.idle_timer.isActive()


# --- start-up ---------------------------------------------------------------------------------


def answer_login(username: str, password: str) -> None:
    """Fill in and submit the login dialog that start() is about to run (exec)."""

    def fill() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog)]
        if not dialogs or not dialogs[0].isVisible():
            QTimer.singleShot(20, fill)  # not shown yet
            return
        dialog = dialogs[0]
        if not username:
            dialog.reject()
            return
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.log_in()

    QTimer.singleShot(0, fill)


def test_start_asks_for_a_login_before_the_window_opens(
    qtbot: Any, accounts: Store, data_dir: Any
) -> None:
    answer_login("wang", PASSWORDS["wang"])
    window = ui_app.start(data_dir)
    assert window is not None
    qtbot.addWidget(window)
    try:
        idle(qtbot, window)
        assert window.store.session is not None and window.store.session.username == "wang"
        assert window.user_label.text() == "王网格（网格员）"
    finally:
        window.close()
        window.store.close()


def test_quitting_the_login_dialog_opens_no_window(
    qtbot: Any, accounts: Store, data_dir: Any
) -> None:
    answer_login("", "")
    assert ui_app.start(data_dir) is None
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not [w for w in shown if isinstance(w, MainWindow)]
