"""One account action in a small dialog with exactly the fields it needs (issue #8,
设置 → 账户): the first administrator, adding an account, resetting a password, changing a
role, changing one's own password. Opened by :mod:`gridapp.ui.accounts_panel`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.access import ADMIN, ROLES
from gridapp.store.accounts import Account, AccountRepository
from gridapp.store.db import Changes
from gridapp.ui.context import UiContext
from gridapp.ui.login import ACCOUNT_TABLE, MESSAGE_STYLE, error_text, role_text
from gridapp.ui.tasks import TaskContext

# AccountDialog modes
SETUP, ADD, RESET, ROLE, CHANGE = "setup", "add", "reset", "role", "change"


def account_changes(row_id: str = "") -> Changes:
    """What an account action changed (the window's user labels and idle time follow)."""
    return Changes({ACCOUNT_TABLE: {row_id or "*"}})


class AccountDialog(QDialog):
    """One account action with exactly the fields it needs (``mode``): SETUP (the first
    administrator), ADD, RESET (a new password for ``account``), ROLE, CHANGE (one's own
    password). Runs it on the worker; a refusal is shown in the dialog, which stays open."""

    done_with = Signal(object)  # the action's result once it succeeded

    def __init__(
        self, ctx: UiContext, mode: str, parent: QWidget | None, account: Account | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"accountDialog_{mode}")
        self.ctx = ctx
        self.mode = mode
        self.account = account
        self._busy = False
        titles = {
            SETUP: self.tr("Set up the administrator account"),
            ADD: self.tr("Add an account"),
            RESET: self.tr("Reset password"),
            ROLE: self.tr("Change role"),
            CHANGE: self.tr("Change my password"),
        }
        self.setWindowTitle(titles[mode])
        layout = QVBoxLayout(self)
        if mode == SETUP:
            intro = QLabel(
                self.tr(
                    "The administrator adds an account for everyone who works on this "
                    "computer. From then on everybody logs in with their own account, and "
                    "every change, print and export names them."
                ),
                self,
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        elif account is not None:
            layout.addWidget(QLabel(self.tr("Account: {name}").replace("{name}", _who(account))))
        form = QFormLayout()
        self.username = self._line("username")
        self.display_name = self._line("displayName")
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for role in ROLES:
            self.role.addItem(role_text(role), role)
        self.old_password = self._line("oldPassword", secret=True)
        self.password = self._line("newPassword", secret=True)
        self.again = self._line("passwordAgain", secret=True)
        if mode in (SETUP, ADD):
            form.addRow(self.tr("User name"), self.username)
            form.addRow(self.tr("Full name"), self.display_name)
            if mode == ADD:
                form.addRow(self.tr("Role"), self.role)
            else:
                form.addRow(self.tr("Role"), QLabel(role_text(ADMIN), self))
        if mode == ROLE:
            form.addRow(self.tr("Role"), self.role)
            if account is not None:
                self.role.setCurrentIndex(max(0, self.role.findData(account.role)))
        if mode == CHANGE:
            form.addRow(self.tr("Current password"), self.old_password)
        if mode != ROLE:
            form.addRow(
                self.tr("Password") if mode in (SETUP, ADD) else self.tr("New password"),
                self.password,
            )
            form.addRow(self.tr("Password again"), self.again)
        layout.addLayout(form)
        for field in (
            self.username,
            self.display_name,
            self.role,
            self.old_password,
            self.password,
            self.again,
        ):
            if form.indexOf(field) < 0:
                field.hide()  # not this action's: it would sit in the dialog's corner
        if mode != ROLE:
            hint = QLabel(self.tr("At least 8 characters; not the user name."), self)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        self.message = QLabel(self)
        self.message.setObjectName("accountMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.ok_button = QPushButton(self.tr("Save"), self)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        row.addWidget(self.ok_button)
        row.addWidget(cancel)
        layout.addLayout(row)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)

    def _line(self, name: str, secret: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def submit(self) -> None:
        if self._busy:
            return
        mode = self.mode
        if mode != ROLE and self.password.text() != self.again.text():
            self.show_message(self.tr("The two passwords differ."))
            self.again.clear()
            self.again.setFocus()
            return
        store = self.ctx.store
        username = self.username.text().strip()
        shown = self.display_name.text().strip()
        role = str(self.role.currentData())
        old, new = self.old_password.text(), self.password.text()
        target = self.account.username if self.account is not None else ""

        def run(_ctx: TaskContext) -> object:
            repo = AccountRepository(store)
            if mode == SETUP:
                account = repo.add(username, shown, ADMIN, new)
                repo.login(account.username, new)  # set-up ends: the administrator works on
                return account
            if mode == ADD:
                return repo.add(username, shown, role, new)
            if mode == RESET:
                repo.reset_password(target, new)
            elif mode == ROLE:
                repo.set_role(target, role)
            elif mode == CHANGE:
                repo.change_password(old, new)
            return None

        self._busy = True
        self.ok_button.setEnabled(False)
        self.ctx.tasks.submit(run, on_done=self._done, on_error=self._refused)

    def _done(self, result: object) -> None:
        self._busy = False
        row_id = result.id if isinstance(result, Account) else ""
        self.done_with.emit(result)
        self.ctx.signals.data_changed.emit(account_changes(row_id))
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.show_message(error_text(exc))


def _who(account: Account) -> str:
    if account.display_name and account.display_name != account.username:
        return f"{account.display_name} ({account.username})"
    return account.username
