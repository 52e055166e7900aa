"""The window's side of backups: the daily backup beside the work, and the guided recovery.

:class:`DailyBackups` makes the day's backup (:func:`gridapp.store.backups.make_backup`) once
the start-up integrity check has passed, and looks again every hour while the window runs:
on a connection of its own, on a thread beside the queue, never holding up the worker who is
typing. A chosen backup folder that is not there (USB drive unplugged) is said calmly in the
status bar; the local backup is made all the same.

:class:`RecoveryDialog` is offered when the start-up check fails: it says what is wrong,
lists the backups (date, size, where) and checks them newest first until one passes its own
checks, which it selects. Restoring stops the window's work (sync, worker), keeps the damaged
file aside, puts the backup in place and opens a fresh window on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.access import Permission
from gridapp.models.errors import ValidationError
from gridapp.store import backups as bk
from gridapp.store import restore as rs
from gridapp.store.access import AccessDenied, require
from gridapp.store.db import Store
from gridapp.store.errors import StoreError
from gridapp.ui.startup_recovery import recover_unopened  # gridapp.ui.app calls it here
from gridapp.ui.tasks import TaskContext, TaskRunner

if TYPE_CHECKING:
    from gridapp.ui.main_window import MainWindow

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 60 * 60 * 1000  # is a new day's backup due? (a PC left on overnight)
STATUS_MS = 60 * 1000  # how long a backup note stays in the status bar
SYNC_POLL_MS = 200  # a restore waits for a stopped sync round to let go of the file


class DailyBackups(QObject):
    """The daily backup of ``window``'s store, beside its work (module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.running = False
        self.last: bk.BackupResult | None = None  # the newest backup made in this window
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.run_if_due)

    def start(self) -> None:
        """Begin: the day's backup now if none was made today, then a look every hour."""
        self.timer.start()
        self.run_if_due()

    def run_if_due(self) -> None:
        if self.running or not bk.daily_due(self.window.store.data_dir):
            return
        store = self.window.store

        def job(stopping: Callable[[], bool]) -> bk.BackupResult | None:
            if stopping():
                return None
            other = store.beside()
            try:
                return bk.make_backup(other, automatic=True)
            finally:
                other.close()

        self.running = True
        try:
            self.window.tasks.beside(job, on_done=self._done, on_error=self._failed)
        except RuntimeError:  # the window is closing
            self.running = False

    def _done(self, result: bk.BackupResult | None) -> None:
        self.running = False
        if result is None:
            return
        self.last = result
        if result.folder_missing:
            text = self.tr(
                "Backup folder {folder} not found (is the USB drive plugged in?): "
                "today's backup is kept on this computer."
            ).replace("{folder}", result.folder_missing)
            self.window.statusBar().showMessage(text, STATUS_MS)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        detail = exc.text() if isinstance(exc, StoreError) else str(exc)
        log.error("daily backup failed: %s", detail)
        text = self.tr("Today's backup could not be made: {detail}").replace("{detail}", detail)
        self.window.statusBar().showMessage(text, STATUS_MS)


# --- guided recovery --------------------------------------------------------------------

_WINDOWS: list[QWidget] = []  # windows opened on a restored database (kept alive here)


def reopen_window(store: Store) -> QWidget:
    """A fresh main window on the restored ``store`` (its start-up check runs as usual)."""
    from gridapp.ui.main_window import MainWindow

    window = MainWindow(store)
    _WINDOWS.append(window)
    window.show()
    window.check_integrity()
    return window


class RecoveryDialog(QDialog):
    """What is wrong, the backups, and restoring the newest good one (module docstring)."""

    def __init__(
        self,
        window: MainWindow,
        problems: list[str],
        reopen: Callable[[Store], Any] = reopen_window,
    ) -> None:
        super().__init__(window)
        self.window_ = window
        self.reopen = reopen
        self.tasks = TaskRunner(self)
        self.verdicts: dict[Path, rs.BackupCheck] = {}
        self.restored: rs.RestoreResult | None = None
        self.new_window: Any = None
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.resize(760, 440)
        layout = QVBoxLayout(self)
        if problems:
            text = self.tr(
                "The database failed its integrity check ({count} problems): part of the file "
                "is damaged, e.g. by a power cut or a failing disk. GridApp can put back the "
                "newest backup that passes its own checks. The damaged file is kept aside in "
                "the folder “backups”; changes made after the backup are only in it, so do "
                "not delete it and tell the county's IT staff."
            ).replace("{count}", str(len(problems)))
        else:
            text = self.tr(
                "Put a backup back in place of the current database. The current database "
                "is kept aside in the folder “backups”; changes made after the backup are "
                "only in it."
            )
        self.intro = QLabel(text, self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("backupList")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Made"), self.tr("Size"), self.tr("Check"), self.tr("File")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        self.status.setObjectName("recoveryStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.other_button = QPushButton(self.tr("Another file…"), self)
        self.other_button.setObjectName("otherBackup")
        self.other_button.clicked.connect(self.choose_other)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = QPushButton(self.tr("Restore the chosen backup"), self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_chosen)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.files = [
            b for b in bk.list_backups(bk.backup_folders(window.store.data_dir)) if b.candidate
        ]
        self._fill()
        if not self.files:
            folders = "、".join(map(str, bk.backup_folders(window.store.data_dir)))
            self.status.setText(
                self.tr(
                    "There is no backup in {folders}. Do not go on entering data; call the "
                    "county's IT staff."
                ).replace("{folders}", folders)
            )
        self._check_newest_first(0)

    # --- the list ---------------------------------------------------------------------------

    def _fill(self) -> None:
        self.table.setRowCount(len(self.files))
        for row, backup in enumerate(self.files):
            verdict = self.verdicts.get(backup.path)
            if verdict is None:
                state = self.tr("not checked")
            else:
                state = self.tr("passed") if verdict.ok else self.tr("failed")
            cells = [
                backup.made.strftime("%Y-%m-%d %H:%M"),
                bk.format_size(backup.size),
                state,
                str(backup.path),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if verdict is not None and verdict.problem is not None:
                    item.setToolTip(verdict.problem.text())
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def _row_of(self, path: Path) -> int:
        return next(row for row, b in enumerate(self.files) if b.path == path)

    def _check(self, path: Path, then: Callable[[rs.BackupCheck], None]) -> None:
        """Check ``path`` on the dialog's worker, show the verdict, then ``then(verdict)``."""
        key = self.window_.store.key.key
        self.status.setText(self.tr("Checking {name} …").replace("{name}", path.name))

        def job(ctx: TaskContext) -> rs.BackupCheck | None:
            return rs.check_backup(path, key, ctx.cancelled)

        def done(verdict: rs.BackupCheck | None) -> None:
            if verdict is None:
                return
            self.verdicts[path] = verdict
            chosen = self.chosen()
            self._fill()
            if chosen is not None:
                self.table.selectRow(self._row_of(chosen))
            self._selection_changed()
            then(verdict)

        self.tasks.submit(job, on_done=done, quiet=True)

    def _check_newest_first(self, index: int) -> None:
        """Check the backups newest first until one passes; choose it."""
        if index >= len(self.files):
            if self.files:
                self.status.setText(self.tr("No backup passed its checks."))
            return
        path = self.files[index].path

        def then(verdict: rs.BackupCheck) -> None:
            if not verdict.ok:
                self._check_newest_first(index + 1)
                return
            self.table.selectRow(self._row_of(path))
            self.status.setText(
                self.tr("The newest good backup is chosen: {name}.").replace("{name}", path.name)
            )

        self._check(path, then)

    def choose_other(self) -> None:
        """A backup file from elsewhere (another USB drive, a copy from the county)."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Backup file"), "", self.tr("GridApp backups (*.db)")
        )
        if chosen:
            self.add_file(Path(chosen))

    def add_file(self, path: Path) -> None:
        if all(b.path != path for b in self.files):
            listed = bk.list_backups([path.parent])
            backup = next((b for b in listed if b.path == path), None)
            if backup is None:
                return
            previous = self.chosen()
            self.files.insert(0, backup)
            self._fill()
            self.table.clearSelection()  # rows moved: keep the choice, not the row number
            if previous is not None:
                self.table.selectRow(self._row_of(previous))

        def then(verdict: rs.BackupCheck) -> None:
            if verdict.ok:
                self.table.selectRow(self._row_of(path))
                self.status.setText(self.tr("Chosen: {name}.").replace("{name}", path.name))
            else:
                assert verdict.problem is not None
                self.status.setText(verdict.problem.text())

        self._check(path, then)

    def chosen(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.files[rows[0].row()].path

    def _selection_changed(self) -> None:
        path = self.chosen()
        verdict = self.verdicts.get(path) if path is not None else None
        self.restore_button.setEnabled(path is not None and (verdict is None or verdict.ok))

    # --- restoring --------------------------------------------------------------------------

    def restore_chosen(self) -> None:
        path = self.chosen()
        if path is None:
            return
        window = self.window_
        store = window.store
        try:
            require(store, Permission.BACKUP)
        except AccessDenied as exc:
            self.status.setText("\n".join(exc.messages().values()))
            return
        except sqlcipher3.DatabaseError:
            pass  # the damaged file cannot say who may restore it (docs/backups.md)
        self.restore_button.setEnabled(False)
        self.status.setText(self.tr("Restoring {name} …").replace("{name}", path.name))
        session, user_id = store.session, store.user_id
        data_dir, key = store.data_dir, store.key
        checked = self.verdicts.get(path)
        # Nothing else may hold the file while it is replaced: the window stops its work.
        window.sync.shutdown()
        window.tasks.shutdown()

        def job(ctx: TaskContext) -> rs.RestoreResult:
            return rs.restore(
                data_dir, key, path, session=session, user_id=user_id, checked=checked
            )

        def go() -> None:
            if window.sync.busy():  # a sync round in flight has a connection of its own
                QTimer.singleShot(SYNC_POLL_MS, go)
                return
            store.close()
            # The session moves to the restored store: nothing logs out of the closed one.
            store.session = store.locked_session = None
            self.tasks.submit(job, on_done=self._restored, on_error=self._restore_failed)

        go()

    def _restored(self, result: rs.RestoreResult) -> None:
        self.restored = result
        lines = [
            self.tr("Restored from {name}.").replace("{name}", result.source.name),
        ]
        if result.set_aside is not None:
            lines.append(
                self.tr("The damaged database is kept in {path}.").replace(
                    "{path}", str(result.set_aside)
                )
            )
        if note := rs.loss_note(result):
            lines.append(note)
        self.status.setText("\n".join(lines))
        self.new_window = self.reopen(result.store)
        self.window_.close()
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Restore from a backup"),
            "\n".join(lines),
            QMessageBox.StandardButton.Ok,
            self.new_window if isinstance(self.new_window, QWidget) else None,
        )
        box.setObjectName("restoredMessage")
        self.restored_box = box
        box.open()
        self.accept()

    def _restore_failed(self, exc: BaseException) -> None:
        text = exc.messages() if isinstance(exc, ValidationError) else None
        detail = "\n".join(text.values()) if text else getattr(exc, "text", lambda: str(exc))()
        self.status.setText(
            self.tr("Nothing was restored: {detail} Start GridApp again.").replace(
                "{detail}", str(detail)
            )
        )

    def done(self, result: int) -> None:
        self.tasks.shutdown()
        super().done(result)


def offer_recovery(window: MainWindow, problems: list[str]) -> RecoveryDialog:
    """Open the guided recovery over ``window`` (from the integrity message's button)."""
    dialog = RecoveryDialog(window, problems)
    window.recovery = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


__all__ = ["DailyBackups", "RecoveryDialog", "offer_recovery", "recover_unopened"]
