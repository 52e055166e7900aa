"""设置 → 备份: where the daily backups go, the newest one, 立即备份 and 从备份恢复….

The local folder (``data_dir/backups``) always gets the backup; a chosen folder (a USB drive,
a shared folder) gets a copy when it is there. Choosing or clearing that folder and backing
up now need the role's "make and restore backups"; both run on the worker (the check reads
the store), and a refusal is said in the panel itself.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gridapp.models.access import Permission
from gridapp.models.errors import ValidationError
from gridapp.store import backups as bk
from gridapp.store.access import require
from gridapp.store.errors import StoreError
from gridapp.store.recovery import recovery_record
from gridapp.ui.context import UiContext
from gridapp.ui.recovery_code import print_new_sheet
from gridapp.ui.tasks import TaskContext


class BackupPanel(QGroupBox):
    """The backup settings and 立即备份 (module docstring)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data_dir = ctx.store.data_dir
        self.setTitle(self.tr("Backups"))
        self.setObjectName("backupPanel")
        form = QFormLayout(self)
        self.local = QLineEdit(str(bk.local_dir(self.data_dir)), self)
        self.local.setObjectName("localBackups")
        self.local.setReadOnly(True)  # a path to read and copy, as 数据目录 above
        form.addRow(self.tr("On this computer"), self.local)
        self.folder = QLineEdit(self)
        self.folder.setObjectName("backupFolder")
        self.folder.setReadOnly(True)
        self.folder.setPlaceholderText(self.tr("none: backups stay on this computer"))
        self.choose_button = QPushButton(self.tr("Choose folder…"), self)
        self.choose_button.clicked.connect(self.choose_folder)
        self.clear_button = QPushButton(self.tr("Stop copying"), self)
        self.clear_button.clicked.connect(lambda: self.set_folder(""))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        form.addRow(self.tr("Copy to folder"), row)
        self.newest = QLabel(self)
        self.newest.setObjectName("newestBackup")
        form.addRow(self.tr("Newest backup"), self.newest)
        self.backup_button = QPushButton(self.tr("Back up now"), self)
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.status = QLabel(self)
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("Restore from a backup…"), self)
        self.restore_button.setObjectName("restoreFromBackup")
        self.restore_button.clicked.connect(self.restore_from_backup)
        now_row = QHBoxLayout()
        now_row.addWidget(self.backup_button)
        now_row.addWidget(self.restore_button)
        now_row.addWidget(self.status, 1)
        form.addRow("", now_row)
        # 恢复码: the printed code that opens the register when the key is lost.
        self.recovery = QLabel(self)
        self.recovery.setObjectName("recoverySheet")
        self.recovery.setWordWrap(True)
        self.recovery_button = QPushButton(self.tr("Print a new recovery sheet…"), self)
        self.recovery_button.setObjectName("printRecoverySheet")
        self.recovery_button.clicked.connect(self.print_recovery_sheet)
        recovery_row = QHBoxLayout()
        recovery_row.addWidget(self.recovery, 1)
        recovery_row.addWidget(self.recovery_button)
        form.addRow(self.tr("Recovery code"), recovery_row)
        self.refresh()

    def refresh(self) -> None:
        """Show the chosen folder and the newest backup (a folder listing, no store read)."""
        record = recovery_record(self.data_dir)
        if record is None:
            self.recovery.setText(
                self.tr("This computer has no recovery code yet: print a sheet now.")
            )
        else:
            self.recovery.setText(
                self.tr("Sheet {sheet} of {date}.")
                .replace("{sheet}", record.sheet_id)
                .replace("{date}", record.created[:10])
            )
        settings = bk.load_settings(self.data_dir)
        self.folder.setText(settings.folder)
        self.clear_button.setEnabled(bool(settings.folder))
        found = bk.list_backups(bk.backup_folders(self.data_dir, settings))
        daily = [b for b in found if b.candidate]
        if daily:
            newest = daily[0]
            self.newest.setText(f"{newest.made:%Y-%m-%d %H:%M}  ({bk.format_size(newest.size)})")
        else:
            self.newest.setText(self.tr("none yet"))
        if settings.folder and not Path(settings.folder).is_dir():
            self.status.setText(
                self.tr("The folder {folder} is not there now (USB drive unplugged?).").replace(
                    "{folder}", settings.folder
                )
            )

    def print_recovery_sheet(self) -> None:
        """A NEW recovery code and its sheet (earlier sheets stop working)."""
        if print_new_sheet(self.ctx.tasks, self.ctx.store, self):
            self.ctx.tasks.submit(lambda _ctx: None, on_done=lambda _r: self.refresh(), quiet=True)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for copies of the backups"), self.folder.text()
        )
        if chosen:
            self.set_folder(chosen)

    def set_folder(self, folder: str) -> None:
        store, data_dir = self.ctx.store, self.data_dir

        def job(task_ctx: TaskContext) -> None:
            require(store, Permission.BACKUP)
            bk.save_settings(data_dir, replace(bk.load_settings(data_dir), folder=folder))

        def done(_result: None) -> None:
            self.status.setText("")
            self.refresh()

        self.ctx.tasks.submit(job, on_done=done, on_error=self._refused, quiet=True)

    def back_up_now(self) -> None:
        store = self.ctx.store
        self.backup_button.setEnabled(False)
        self.status.setText(self.tr("Backing up …"))

        def job(task_ctx: TaskContext) -> bk.BackupResult:
            return bk.make_backup(store)

        self.ctx.tasks.submit(
            job, on_done=self._backed_up, on_error=self._refused, label=self.tr("Backing up …")
        )

    def restore_from_backup(self) -> None:
        """The recovery dialog over a sound database: put back an earlier backup (the
        current database is kept aside; the role must be allowed to restore)."""
        from gridapp.ui.backup_recovery import offer_recovery
        from gridapp.ui.main_window import MainWindow

        window = self.window()
        if isinstance(window, MainWindow):
            offer_recovery(window, [])

    def _backed_up(self, result: bk.BackupResult) -> None:
        self.backup_button.setEnabled(True)
        lines = [self.tr("Backup written: {path}").replace("{path}", str(result.path))]
        if result.copy is not None:
            lines.append(self.tr("Copy: {path}").replace("{path}", str(result.copy)))
        if result.folder_missing:
            lines.append(
                self.tr("The folder {folder} is not there now (USB drive unplugged?).").replace(
                    "{folder}", result.folder_missing
                )
            )
        self.refresh()
        self.status.setText("\n".join(lines))

    def _refused(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.status.setText("\n".join(exc.messages().values()))
        elif isinstance(exc, StoreError):
            self.status.setText(exc.text())
        else:
            self.status.setText(str(exc))
