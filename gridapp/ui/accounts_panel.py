"""设置 → 账户 (issue #8): who is logged in, 修改密码, 立即锁定; for the administrator
管理账户 (the list, 添加, 停用 / 启用, 重置密码, 更改角色, the lock and idle minutes); on a PC
without accounts 设置管理员账户 (set-up mode ends: the first account is an administrator, who
is logged in at once).

The group in the settings page is one line of text and buttons (the page has no room for a
table at 150 %); the list of accounts is the 管理账户 dialog. Every read and write goes
through the worker; the repository refuses what the role may not do (hiding 管理账户 from a
grid worker is a courtesy).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.access import Permission, may
from gridapp.models.accounts import SETTING_LIMITS, AccountSettings
from gridapp.store.accounts import Account, AccountRepository
from gridapp.store.db import Changes
from gridapp.ui.account_dialog import (
    ADD,
    CHANGE,
    RESET,
    ROLE,
    SETUP,
    AccountDialog,
    account_changes,
)
from gridapp.ui.context import UiContext
from gridapp.ui.login import ACCOUNT_TABLE, MESSAGE_STYLE, error_text, role_text, session_text
from gridapp.ui.tasks import TaskContext


def status_text(account: Account, now: datetime | None = None) -> str:
    """正常 / 已停用 / 锁定至 HH:MM (with the date when not today)."""
    # Literal calls: lupdate (make ts) finds only these.
    if account.disabled:
        return QCoreApplication.translate("AccountsDialog", "Disabled")
    now = now or datetime.now()
    if account.locked_at(now):
        until = datetime.fromisoformat(account.locked_until)
        shown = until.strftime("%H:%M" if until.date() == now.date() else "%m-%d %H:%M")
        text = QCoreApplication.translate("AccountsDialog", "Locked until {time}")
        return text.replace("{time}", shown)
    return QCoreApplication.translate("AccountsDialog", "Active")


class AccountsDialog(QDialog):
    """管理账户 (administrator): the accounts of this PC and the login settings."""

    def __init__(self, ctx: UiContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.ctx = ctx
        self.accounts: list[Account] = []
        self.sub_dialog: AccountDialog | None = None
        self.setWindowTitle(self.tr("Accounts of this computer"))
        layout = QVBoxLayout(self)
        columns = [self.tr("User name"), self.tr("Full name"), self.tr("Role"), self.tr("Status")]
        self.table = QTableWidget(0, len(columns), self)
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = self._button(self.tr("Add…"), "addAccount", self._add)
        self.disable_button = self._button(self.tr("Disable"), "disableAccount", self._toggle)
        self.reset_button = self._button(self.tr("Reset password…"), "resetPassword", self._reset)
        self.role_button = self._button(self.tr("Change role…"), "changeRole", self._role)
        for button in (self.add_button, self.disable_button, self.reset_button, self.role_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setObjectName("accountsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.hide()
        layout.addWidget(self.message)

        guard = QGroupBox(self.tr("Logging in"), self)
        form = QFormLayout(guard)
        self.max_failures = self._spin("maxFailures", "max_failures", self.tr(" times"))
        self.lock_minutes = self._spin("lockMinutes", "lock_minutes", self.tr(" minutes"))
        self.idle_minutes = self._spin("idleMinutes", "idle_minutes", self.tr(" minutes"))
        form.addRow(self.tr("Wrong passwords before an account locks"), self.max_failures)
        form.addRow(self.tr("An account stays locked for"), self.lock_minutes)
        form.addRow(self.tr("Lock the window after no use for"), self.idle_minutes)
        self.save_settings_button = self._button(
            self.tr("Save settings"), "saveSettings", self._save_settings
        )
        self.settings_note = QLabel(guard)
        note_row = QHBoxLayout()
        note_row.addWidget(self.settings_note, 1)
        note_row.addWidget(self.save_settings_button)
        form.addRow(note_row)
        layout.addWidget(guard)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        close_row.addWidget(self._button(self.tr("Close"), "closeAccounts", self.accept))
        layout.addLayout(close_row)
        width = self.fontMetrics().horizontalAdvance("M")
        self.resize(width * 46, width * 34)
        self._selection_changed()
        self.reload()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _spin(self, name: str, key: str, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(*SETTING_LIMITS[key])
        spin.setSuffix(suffix)
        spin.valueChanged.connect(lambda _v: self.settings_note.setText(""))
        return spin

    # --- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        store = self.ctx.store

        def run(_ctx: TaskContext) -> tuple[list[Account], AccountSettings]:
            repo = AccountRepository(store)
            return repo.list(), repo.settings()

        self.ctx.tasks.submit(run, on_done=self._show, quiet=True)

    def _show(self, result: tuple[list[Account], AccountSettings]) -> None:
        accounts, settings = result
        selected = self.selected()
        self.accounts = accounts
        self.table.setRowCount(len(accounts))
        now = datetime.now()
        for row, account in enumerate(accounts):
            values = (
                account.username,
                account.display_name,
                role_text(account.role),
                status_text(account, now),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if account.disabled:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if selected is not None and account.username == selected.username:
                self.table.selectRow(row)
        spins: list[tuple[QSpinBox, int]] = [
            (self.max_failures, settings.max_failures),
            (self.lock_minutes, settings.lock_minutes),
            (self.idle_minutes, settings.idle_minutes),
        ]
        for spin, number in spins:
            spin.blockSignals(True)
            spin.setValue(number)
            spin.blockSignals(False)
        self._selection_changed()

    def selected(self) -> Account | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.accounts):
            return None
        return self.accounts[rows[0].row()]

    def _selection_changed(self) -> None:
        account = self.selected()
        for button in (self.disable_button, self.reset_button, self.role_button):
            button.setEnabled(account is not None)
        enable = account is not None and account.disabled
        self.disable_button.setText(self.tr("Enable") if enable else self.tr("Disable"))

    # --- actions ----------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _open(self, mode: str, account: Account | None = None) -> AccountDialog:
        self.show_message("")
        dialog = AccountDialog(self.ctx, mode, self, account)
        dialog.done_with.connect(lambda _result: self.reload())
        dialog.finished.connect(lambda _code: dialog.deleteLater())
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def _add(self) -> None:
        self._open(ADD)

    def _reset(self) -> None:
        account = self.selected()
        if account is not None:
            self._open(RESET, account)

    def _role(self) -> None:
        account = self.selected()
        if account is not None:
            self._open(ROLE, account)

    def _toggle(self) -> None:
        account = self.selected()
        if account is None:
            return
        store = self.ctx.store
        username, disabled = account.username, account.disabled

        def run(_ctx: TaskContext) -> None:
            repo = AccountRepository(store)
            if disabled:
                repo.enable(username)
            else:
                repo.disable(username)

        def done(_result: None) -> None:
            self.show_message("")
            self.ctx.signals.data_changed.emit(account_changes(account.id))
            self.reload()

        self.ctx.tasks.submit(
            run, on_done=done, on_error=lambda exc: self.show_message(error_text(exc))
        )

    def _save_settings(self) -> None:
        settings = AccountSettings(
            lock_minutes=self.lock_minutes.value(),
            idle_minutes=self.idle_minutes.value(),
            max_failures=self.max_failures.value(),
        )
        store = self.ctx.store

        def run(_ctx: TaskContext) -> None:
            AccountRepository(store).set_settings(settings)

        def done(_result: None) -> None:
            self.settings_note.setText(self.tr("Saved."))
            self.ctx.signals.data_changed.emit(account_changes())

        self.ctx.tasks.submit(
            run, on_done=done, on_error=lambda exc: self.settings_note.setText(error_text(exc))
        )


class AccountsPanel(QGroupBox):
    """The 账户 group of the settings page (module docstring)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsPanel")
        self.setTitle(self.tr("Accounts"))
        self.ctx = ctx
        self.has_accounts: bool | None = None  # None until read
        self.dialog: QDialog | None = None
        row = QHBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("accountSummary")
        self.summary.setWordWrap(True)
        row.addWidget(self.summary, 1)
        self.setup_button = self._button(self.tr("Set up administrator account…"), self._setup)
        self.password_button = self._button(self.tr("Change my password…"), self._password)
        self.lock_button = self._button(self.tr("Lock now"), self._lock)
        self.manage_button = self._button(self.tr("Manage accounts…"), self._manage)
        for button in (
            self.setup_button,
            self.password_button,
            self.lock_button,
            self.manage_button,
        ):
            row.addWidget(button)
            button.hide()
        ctx.signals.data_changed.connect(self._data_changed)

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        return button

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def _data_changed(self, changes: Changes | None) -> None:
        if self.isVisible() and (changes is None or changes.touches(ACCOUNT_TABLE)):
            self.reload()

    def reload(self) -> None:
        store = self.ctx.store

        def run(_ctx: TaskContext) -> bool:
            return store.accounts_exist()

        self.ctx.tasks.submit(run, on_done=self._show, quiet=True)

    def _show(self, has_accounts: bool) -> None:
        self.has_accounts = has_accounts
        session = self.ctx.store.session
        if not has_accounts:
            self.summary.setText(
                self.tr(
                    "No accounts on this computer yet: GridApp opens without logging in "
                    "and the audit log names the computer's user. Set up the administrator, "
                    "who then adds an account for each worker."
                )
            )
        elif session is not None:
            self.summary.setText(
                self.tr("Logged in: {user}").replace("{user}", session_text(session))
            )
        else:
            self.summary.setText(self.tr("Nobody is logged in."))
        self.setup_button.setVisible(not has_accounts)
        self.password_button.setVisible(session is not None)
        self.lock_button.setVisible(session is not None)
        manage = session is not None and may(session.role, Permission.MANAGE_USERS)
        self.manage_button.setVisible(manage)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _code: dialog.deleteLater())
        dialog.open()

    def _setup(self) -> None:
        dialog = AccountDialog(self.ctx, SETUP, self.window())
        dialog.done_with.connect(lambda _account: QTimer.singleShot(0, self._set_up))
        self._open(dialog)

    def _set_up(self) -> None:
        """The administrator is logged in: a fresh window, whose pages read under that role
        (set-up mode showed them with the PC's petition role, unmasked)."""
        from gridapp.ui.main_window import MainWindow
        from gridapp.ui.session_guard import fresh_window

        window = self.window()
        if isinstance(window, MainWindow):
            fresh_window(window).show_page("settings")

    def _password(self) -> None:
        self._open(AccountDialog(self.ctx, CHANGE, self.window()))

    def _manage(self) -> None:
        self._open(AccountsDialog(self.ctx, self.window()))

    def _lock(self) -> None:
        guard = getattr(self.window(), "guard", None)
        if guard is not None:
            guard.lock()
