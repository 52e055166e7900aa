"""The idle lock and 切换账户 of a main window (issue #8, docs/window.md "Accounts").

:class:`SessionGuard`: an application event filter restarts a timer on every key, click,
wheel or mouse move; when it runs out the window's central widget (the top bar with the
search, the navigation and every page) is *taken out* of the window and a
:class:`~gridapp.ui.login.LockScreen` put in its place, so no record is left drawn behind a
dialog. Open dialogs and windows are hidden, not closed: unlocking with the same user's
password shows them again with what was typed in them. 切换账户 logs out and asks for a login;
the same user gets the window back as it was; another user gets a fresh window
(:func:`fresh_window`), never the previous user's pages or dialogs.

Standard dialogs run with ``exec()`` (message boxes, file and print dialogs) end when hidden
(Qt exits their event loop: a question answers "no button", the safe choice); they are not
shown again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtPrintSupport import QAbstractPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)

from gridapp.store.accounts import AccountRepository, Session
from gridapp.store.db import Changes, Store
from gridapp.ui.login import ACCOUNT_TABLE, LockScreen, LoginDialog, error_text, session_text
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


def reshown(widget: QWidget) -> bool:
    """Whether a window hidden by the lock comes back after unlocking: dialogs and windows,
    not popups or tooltips, and not the standard dialogs whose exec() the hiding ended."""
    if isinstance(widget, EXEC_DIALOGS):
        return False
    return isinstance(widget, QDialog) or widget.windowType() == Qt.WindowType.Window


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
