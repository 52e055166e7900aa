"""Logging in, the idle lock and switching accounts (issue #8, docs/window.md "Accounts").

- :class:`LoginDialog`: 账户名, 密码, 登录. Shown before the main window when the PC has
  accounts (``gridapp.ui.app.start``) and after 切换账户; the refusal of
  :meth:`AccountRepository.login` (wrong password with the attempts left, locked until …,
  disabled) is shown in the dialog itself, which stays open.
- :class:`SessionGuard`: the main window's idle lock. An application event filter restarts a
  timer on every key, click, wheel or mouse move; when it runs out the window's central widget
  (the top bar with the search, the navigation and every page) is *taken out* of the window and
  a :class:`LockScreen` put in its place, so no record is left drawn behind a dialog. Open
  dialogs and windows are hidden, not closed: unlocking with the same user's password shows
  them again with what was typed in them.
- 切换账户 on the lock screen logs out and asks for a login; the same user gets the window
  back as it was; another user gets a fresh window (:func:`fresh_window`), never the previous
  user's pages or dialogs.

Standard dialogs run with ``exec()`` (message boxes, file and print dialogs) end when hidden
(Qt exits their event loop: a question answers "no button", the safe choice); they are not
shown again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtPrintSupport import QAbstractPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.access import ROLE_LABELS
from gridapp.models.errors import ValidationError
from gridapp.store.accounts import AccountRepository, Session
from gridapp.store.db import Changes, Store
from gridapp.store.errors import StoreError
from gridapp.ui.elided_label import ElidedLabel
from gridapp.ui.heading import Heading
from gridapp.ui.tasks import TaskContext, TaskRunner

if TYPE_CHECKING:
    from gridapp.ui.main_window import MainWindow

# Input that counts as "someone is at the PC" (a move too: reading without typing is work).
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
# Dialogs that run their own event loop (exec): hiding them ends them, so they are not shown
# again after unlocking.
EXEC_DIALOGS = (QMessageBox, QInputDialog, QFileDialog, QAbstractPrintDialog)
MESSAGE_STYLE = "color: #b00020;"
ACCOUNT_TABLE = "account"


def reshown(widget: QWidget) -> bool:
    """Whether a window hidden by the lock comes back after unlocking: dialogs and windows,
    not popups or tooltips, and not the standard dialogs whose exec() the hiding ended."""
    if isinstance(widget, EXEC_DIALOGS):
        return False
    return isinstance(widget, QDialog) or widget.windowType() == Qt.WindowType.Window


def role_text(role: str) -> str:
    """A role in the user's language (管理员, 网格员, …)."""
    label = ROLE_LABELS.get(role)
    return QCoreApplication.translate("Access", label) if label else role


def session_text(session: Session) -> str:
    """``张晓红（网格员）``: who is logged in, as the window shows it."""
    name = session.display_name or session.username
    return QCoreApplication.translate("LoginDialog", "{name} ({role})").format(
        name=name, role=role_text(session.role)
    )


def user_text(store: Store) -> str:
    """The window's 当前用户: the account's name and role, else (no account on this PC) the
    OS user the audit log names."""
    session = store.session
    return session_text(session) if session is not None else store.user_id


class UserLabel(ElidedLabel):
    """当前用户 of the status bar: at a large text size the role gives up width (cut at its
    end, whole in the tooltip and the top bar), never the name."""

    def __init__(self, template: str, store: Store, parent: QWidget | None = None) -> None:
        self.name = ""
        super().__init__(template, user_text(store), parent, Qt.TextElideMode.ElideRight)
        self.show_user(store)

    def show_user(self, store: Store) -> None:
        session = store.session
        self.name = (session.display_name or session.username) if session else store.user_id
        self.set_value(user_text(store))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        least = self.template.replace("{value}", self.name + "（…")
        width = self.fontMetrics().horizontalAdvance(least) + self._overhead()
        return QSize(min(width, self.sizeHint().width()), hint.height())


def error_text(exc: BaseException) -> str:
    """The user's message of a refusal (the repository's Chinese text)."""
    if isinstance(exc, ValidationError):
        return "\n".join(dict.fromkeys(exc.messages().values()))
    if isinstance(exc, StoreError):
        return exc.text()
    return str(exc)


class LoginDialog(QDialog):
    """账户名 + 密码 → :meth:`AccountRepository.login` on the worker; ``session`` once
    accepted. Refusals are shown in the dialog (``message``) and it stays open."""

    def __init__(
        self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, username: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.store = store
        self.tasks = tasks
        self.session: Session | None = None
        self._busy = False
        self.setWindowTitle(self.tr("GridApp: log in"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(Heading(self.tr("GridApp"), self, factor=1.5))
        intro = QLabel(self.tr("Log in with your own account."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit(username, self)
        self.username.setObjectName("username")
        self.username.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 22)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.login_button = QPushButton(self.tr("Log in"), self)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.log_in)
        self.cancel_button = QPushButton(self.tr("Quit"), self)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        (self.password if username else self.username).setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.adjustSize()

    def log_in(self) -> None:
        if self._busy:
            return
        username = self.username.text().strip()
        password = self.password.text()
        if not username or not password:
            self.show_message(self.tr("Enter your user name and password."))
            (self.password if username else self.username).setFocus()
            return
        self._busy = True
        self.login_button.setEnabled(False)
        store = self.store

        def run(_ctx: TaskContext) -> Session:
            return AccountRepository(store).login(username, password)

        self.tasks.submit(
            run, on_done=self._logged_in, on_error=self._refused, label=self.tr("Logging in…")
        )

    def _logged_in(self, session: Session) -> None:
        self._busy = False
        self.session = session
        self.password.clear()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._busy = False
        self.login_button.setEnabled(True)
        self.show_message(error_text(exc))
        self.password.clear()
        self.password.setFocus()

    def reject(self) -> None:
        if not self._busy:  # a login on its way ends first (its audit entry is written)
            super().reject()


def log_in_before_start(store: Store) -> Session | None:
    """The login dialog before the main window exists (``app.start``); None when the user
    quits it."""
    tasks = TaskRunner(None)
    try:
        dialog = LoginDialog(store, tasks)
        dialog.exec()
        return dialog.session
    finally:
        tasks.shutdown()


class LockScreen(QWidget):
    """What the window shows while locked: who it is locked for, their password, 解锁 and
    切换账户. Holds no record of the register."""

    unlock_requested = Signal(str)
    switch_requested = Signal()

    def __init__(self, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        row = QHBoxLayout()
        row.addStretch(1)
        box = QWidget(self)
        box.setObjectName("lockBox")
        column = QVBoxLayout(box)
        column.setSpacing(12)
        column.addWidget(Heading(self.tr("GridApp is locked"), box, factor=1.6))
        self.who = QLabel(box)
        self.who.setObjectName("lockedFor")
        self.who.setWordWrap(True)
        column.addWidget(self.who)
        self.password = QLineEdit(box)
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)
        self.password.returnPressed.connect(self._unlock)
        column.addWidget(self.password)
        self.message = QLabel(box)
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.hide()
        column.addWidget(self.message)
        buttons = QHBoxLayout()
        self.unlock_button = QPushButton(self.tr("Unlock"), box)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        self.switch_button = QPushButton(self.tr("Switch account"), box)
        self.switch_button.setObjectName("switchButton")
        self.switch_button.clicked.connect(self.switch_requested)
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        buttons.addWidget(self.switch_button)
        column.addLayout(buttons)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)
        self.set_locked_for(who)

    def set_locked_for(self, who: str) -> None:
        self.who.setText(
            self.tr(
                "Locked after a time without use.\n{user}: enter your password to go on."
            ).replace("{user}", who)
        )

    def set_logged_out(self) -> None:
        """After 切换账户: nobody to unlock for; only logging in is left."""
        self.who.setText(self.tr("Logged out. Log in to go on working."))
        self.password.hide()
        self.unlock_button.hide()
        self.switch_button.setText(self.tr("Log in…"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.switch_button.setEnabled(not busy)

    def _unlock(self) -> None:
        if self.unlock_button.isEnabled() and self.password.isVisible():
            self.unlock_requested.emit(self.password.text())


class SessionGuard(QObject):
    """The idle lock of a main window (module docstring). Inert in set-up mode (no
    session); starts when a session appears (a login, the first administrator made in
    设置 → 账户)."""

    session_changed = Signal()  # the logged-in account changed (the window's user labels)
    account_switched = Signal()  # another account logged in after 切换账户 (a fresh window)
    locked_changed = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.store: Store = window.store
        self.tasks: TaskRunner = window.tasks
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.idle_ms = 10 * 60_000
        self.locked = False
        self.lock_screen: LockScreen | None = None
        self._central: QWidget | None = None
        self._hidden: list[QWidget] = []
        self._session = self.store.session
        self._login: LoginDialog | None = None
        self._previous = ""  # the user name locked out by 切换账户
        self._focus: QWidget | None = None
        self._shortcuts: list[QShortcut] = []
        window.signals.data_changed.connect(self._data_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if self._session is not None:
            self.read_settings()

    # --- idle time ----------------------------------------------------------------------------

    def read_settings(self) -> None:
        """Take the idle minutes of 设置 → 账户 (on the worker) and start counting."""
        store = self.store

        def run(_ctx: TaskContext) -> int:
            return AccountRepository(store).settings().idle_minutes

        self.tasks.submit(run, on_done=self.set_idle_minutes, quiet=True)

    def set_idle_minutes(self, minutes: int) -> None:
        self.set_idle_ms(minutes * 60_000)

    def set_idle_ms(self, milliseconds: int) -> None:
        """The idle time (tests give a short one); counting starts again."""
        self.idle_ms = milliseconds
        self.idle_timer.setInterval(milliseconds)
        if self.store.session is not None and not self.locked:
            self.idle_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.idle_timer.isActive():
            self.idle_timer.start(self.idle_ms)  # someone is at the PC: count from now
        return False

    def _data_changed(self, changes: Changes | None) -> None:
        session = self.store.session
        if session != self._session and not self.locked:
            self._session = session
            self.session_changed.emit()
            if session is None:
                self.idle_timer.stop()
        if session is not None and (changes is None or changes.touches(ACCOUNT_TABLE)):
            self.read_settings()  # the administrator may have changed the idle time

    # --- locking ------------------------------------------------------------------------------

    def lock(self) -> None:
        """Cover the window: take its central widget out, hide every other window."""
        session = self.store.session
        if self.locked or session is None:
            return
        self.locked = True
        self.idle_timer.stop()
        window = self.window
        window.search.hide_popup()
        self._focus = QApplication.focusWidget()
        # The window's own keys (Ctrl+N, Alt+1…) must not reach the pages behind the lock.
        self._shortcuts = [
            s
            for s in window.findChildren(QShortcut, "", Qt.FindChildOption.FindDirectChildrenOnly)
            if s.isEnabled()
        ]
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        self._hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not window and w.isVisible() and not isinstance(w, LoginDialog)
        ]
        for widget in self._hidden:
            widget.hide()
        self._central = window.takeCentralWidget()
        screen = LockScreen(session_text(session))
        screen.unlock_requested.connect(self.unlock)
        screen.switch_requested.connect(self.switch_account)
        self.lock_screen = screen
        window.setCentralWidget(screen)
        screen.password.setFocus()
        store = self.store

        def run(_ctx: TaskContext) -> None:
            AccountRepository(store).lock()  # the session is put aside (audit session_lock)

        self.tasks.submit(run, quiet=True)
        self.locked_changed.emit(True)

    def unlock(self, password: str) -> None:
        screen = self.lock_screen
        if screen is None:
            return
        if not password:
            screen.show_message(self.tr("Enter your password."))
            return
        screen.set_busy(True)
        store = self.store

        def run(_ctx: TaskContext) -> Session:
            return AccountRepository(store).unlock(password)

        def refused(exc: BaseException) -> None:
            screen.set_busy(False)
            screen.password.clear()
            screen.show_message(error_text(exc))
            screen.password.setFocus()

        self.tasks.submit(run, on_done=lambda _s: self._restore(), on_error=refused, quiet=True)

    def _restore(self) -> None:
        """Put the window back as it was, with the dialogs that were open."""
        window = self.window
        screen = window.takeCentralWidget()
        if self._central is not None:
            window.setCentralWidget(self._central)
            self._central.show()
        self._central = None
        if screen is not None:
            screen.deleteLater()
        self.lock_screen = None
        for shortcut in self._shortcuts:
            if shiboken6.isValid(shortcut):
                shortcut.setEnabled(True)
        self._shortcuts = []
        for widget in self._hidden:
            if shiboken6.isValid(widget) and reshown(widget):
                widget.show()
        self._hidden = []
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.locked = False
        self._session = self.store.session
        self.session_changed.emit()
        self.locked_changed.emit(False)
        if self.store.session is not None:
            self.idle_timer.start(self.idle_ms)

    def switch_account(self) -> None:
        """Log out (if still logged in), then ask for a login over the locked window."""
        screen = self.lock_screen
        if screen is None or self._login is not None:
            return
        previous = self.store.session or getattr(self.store, "locked_session", None)
        store = self.store
        if previous is None or screen.password.isHidden():
            self._ask_login("")
            return
        screen.set_busy(True)

        def run(_ctx: TaskContext) -> None:
            AccountRepository(store).logout()

        def done(_result: None) -> None:
            screen.set_busy(False)
            screen.set_logged_out()
            self._previous = previous.username
            self._ask_login("")

        self.tasks.submit(run, on_done=done, on_error=lambda exc: done(None), quiet=True)

    def _ask_login(self, username: str) -> None:
        dialog = LoginDialog(self.store, self.tasks, self.window, username)
        dialog.cancel_button.setText(self.tr("Cancel"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._login = dialog
        dialog.finished.connect(lambda _code: self._logged_in(dialog))
        dialog.open()

    def _logged_in(self, dialog: LoginDialog) -> None:
        self._login = None
        dialog.deleteLater()
        session = dialog.session
        if session is None:
            return  # still locked, logged out: 登录… again
        if session.username.casefold() == self._previous.casefold():
            self._restore()
            return
        # Someone else: nothing of the previous user's work is shown to them.
        for widget in self._hidden:
            if shiboken6.isValid(widget):
                widget.close()
                widget.deleteLater()
        self._hidden = []
        self.account_switched.emit()
        fresh_window(self.window)


# Windows opened by 切换账户 (a Python reference keeps a parentless window alive).
_WINDOWS: list[QWidget] = []


def fresh_window(old: MainWindow) -> MainWindow:
    """A new main window over ``old``'s store in its place (the pages read anew under the
    new session); ``old`` is closed and deleted."""
    new = type(old)(old.store)
    _WINDOWS.append(new)
    new.setGeometry(old.geometry())
    new.show()
    old.close()
    old.deleteLater()
    if old in _WINDOWS:
        _WINDOWS.remove(old)
    return new
