"""Logging in (issue #8, docs/window.md "Accounts"): who is logged in, as the window shows it,
the login dialog and the lock screen.

- :class:`LoginDialog`: 账户名, 密码, 登录. Shown before the main window when the PC has
  accounts (``gridapp.ui.app.start``) and after 切换账户; the refusal of
  :meth:`AccountRepository.login` (wrong password with the attempts left, locked until …,
  disabled) is shown in the dialog itself, which stays open.
- :class:`LockScreen`: what the window shows instead of its pages while idle-locked
  (``gridapp.ui.session_guard``): whom it is locked for, their password, 解锁, 切换账户.
- :class:`UserLabel`: 当前用户 in the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.access import ROLE_LABELS
from gridapp.models.errors import ValidationError
from gridapp.store.accounts import AccountRepository, Session
from gridapp.store.db import Store
from gridapp.store.errors import StoreError
from gridapp.ui.elided_label import ElidedLabel
from gridapp.ui.heading import Heading
from gridapp.ui.tasks import TaskContext, TaskRunner

MESSAGE_STYLE = "color: #b00020;"
ACCOUNT_TABLE = "account"


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
