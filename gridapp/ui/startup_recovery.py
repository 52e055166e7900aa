"""Start-up recovery before any window: a database file too damaged to open.

A damaged first page (or schema page) makes SQLCipher's key check fail, which reads as "the
database key is wrong"; a failed check before a migration is a ``CorruptDatabaseError``.
:func:`recover_unopened` (called by ``gridapp.ui.app.start``) tells the two apart from a
really wrong key by the backups: one that opens with the very same key proves the key
right and the file damaged. It offers the newest backup that passes its checks and restores
it when the worker agrees; the window then opens as usual. See ``docs/backups.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from gridapp.models.errors import ValidationError
from gridapp.store import backups as bk
from gridapp.store import restore as rs
from gridapp.store.connection import DB_FILE
from gridapp.store.errors import CorruptDatabaseError, StoreError, WrongKeyError
from gridapp.store.keys import KeyStore

_RECOVERED: set[Path] = set()  # data folders restored at start in this process (no loop)


def recover_unopened(
    data_dir: Path, exc: StoreError, passphrase_provider: Callable[[bool], str | None]
) -> bool:
    """At start-up, before any window: the database could not be opened. When its file is
    damaged — a failed check before a migration, or "the key is wrong" while the very same
    key opens a backup (a damaged first page reads as a wrong key) — offer the newest backup
    that passes its checks. True when it was restored (the caller opens again); False to
    show ``exc`` as before (a really wrong key, no good backup, the worker said no)."""
    db_path = data_dir / DB_FILE
    if not isinstance(exc, CorruptDatabaseError | WrongKeyError) or not db_path.exists():
        return False
    if data_dir in _RECOVERED:
        return False
    try:
        key = KeyStore(data_dir, passphrase_provider).load()
    except StoreError:
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        good, _failed = rs.newest_good(data_dir, key.key)
    finally:
        QApplication.restoreOverrideCursor()
    if good is None:
        return False
    backup = next(b for b in bk.list_backups([good.path.parent]) if b.path == good.path)
    question = QApplication.translate(
        "StartupRecovery",
        "The database file is damaged and cannot be opened ({detail}). The newest backup "
        "that passes its checks was made {made} ({size}). Restore it? The damaged file is "
        "kept aside in the folder “backups”; changes made after the backup are only in it: "
        "do not delete it, and tell the county's IT staff.",
    )
    if isinstance(exc, WrongKeyError):  # the key is right: it opens the backup
        detail = QApplication.translate(
            "StartupRecovery", "its first page does not decrypt with the key that opens the backups"
        )
    else:
        detail = exc.text()
    text = (
        question.replace("{detail}", detail)
        .replace("{made}", f"{backup.made:%Y-%m-%d %H:%M}")
        .replace("{size}", bk.format_size(backup.size))
    )
    if not _confirm(text):
        return False
    try:
        result = rs.restore(data_dir, key, good.path, checked=good)
    except (StoreError, ValidationError) as failure:
        if isinstance(failure, StoreError):
            detail = failure.text()
        else:
            detail = "\n".join(failure.messages().values())
        _tell(
            QApplication.translate("StartupRecovery", "Nothing was restored: {detail}").replace(
                "{detail}", detail
            )
        )
        return False
    result.store.close()
    _RECOVERED.add(data_dir)
    lines = [
        QApplication.translate("StartupRecovery", "Restored from {name}.").replace(
            "{name}", good.path.name
        )
    ]
    if result.set_aside is not None:
        lines.append(
            QApplication.translate(
                "StartupRecovery", "The damaged database is kept in {path}."
            ).replace("{path}", str(result.set_aside))
        )
    if note := rs.loss_note(result):
        lines.append(note)
    _tell("\n".join(lines))
    return True


def _confirm(text: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Warning, QApplication.translate("StartupRecovery", "GridApp"), text
    )
    restore = box.addButton(
        QApplication.translate("StartupRecovery", "Restore the backup"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is restore


def _tell(text: str) -> None:
    QMessageBox.information(None, QApplication.translate("StartupRecovery", "GridApp"), text)
