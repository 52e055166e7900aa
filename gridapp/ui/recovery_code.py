"""The recovery code (恢复码) in the window: printing its sheet at set-up and from 设置, and
opening the database with it when the key is lost (the keyring entry gone, the passphrase
forgotten, the data folder moved to a new PC). The rules and the sheet are
``gridapp.store.recovery`` and ``gridapp.reports.recovery_sheet``; docs/key-recovery.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from gridapp.models.errors import ValidationError
from gridapp.reports.recovery_sheet import write_recovery_sheet
from gridapp.store.db import Store
from gridapp.store.errors import (
    MissingKeyError,
    PassphraseRequiredError,
    StoreError,
    WrongKeyError,
    WrongPassphraseError,
)
from gridapp.store.keys import KeyInfo
from gridapp.store.recovery import log_recovery, parse_code, recover_key, recovery_sheet
from gridapp.ui.tasks import TaskRunner

CONTEXT = "RecoveryCode"
# What a lost key looks like when the database will not open.
KEY_ERRORS = (MissingKeyError, PassphraseRequiredError, WrongKeyError, WrongPassphraseError)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _sheet_path(parent: QWidget | None) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = _tr("GridApp recovery sheet.pdf")
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _tr("Save the recovery sheet"), str(Path(folder) / name), "PDF (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def _printed(parent: QWidget | None, path: Path) -> None:
    QMessageBox.information(
        parent,
        _tr("Recovery sheet"),
        _tr(
            "The recovery sheet was saved to {path}.\n\nPrint it, seal it in an envelope and keep "
            "it in the office safe; then delete the file — it holds the code."
        ).replace("{path}", str(path)),
    )


def _write_sheet(
    tasks: TaskRunner, store: Store, path: Path, renew: bool, parent: QWidget | None
) -> None:
    """Write the sheet as a worker job (the store's connection is the worker's)."""
    tasks.submit(
        lambda _ctx: recovery_sheet(store, path, write_recovery_sheet, renew=renew),
        on_done=lambda _facts: _printed(parent, path),
        label=_tr("Writing the recovery sheet…"),
    )


# The buttons of a yes/no question; anything else means its loop was ended from outside.
ANSWERS = (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)


def offer_setup_sheet(tasks: TaskRunner, store: Store, parent: QWidget | None) -> bool:
    """Right after a new database was made: ask to save (and print) the sheet with the code
    made with it; True when its writing was started. Declining needs a second answer:
    without the sheet, a lost key means a lost register."""
    if not store.key.recovery_code:
        return False
    while True:
        answer = QMessageBox.question(
            parent,
            _tr("Recovery sheet"),
            _tr(
                "A recovery code was made for this new register. If the database key is ever "
                "lost (the PC replaced, the passphrase forgotten), only this code opens the "
                "register again.\n\nSave the recovery sheet now to print it?"
            ),
        )
        if answer not in ANSWERS:  # not answered: the application is quitting (SIGTERM)
            return False
        if answer == QMessageBox.StandardButton.Yes:
            path = _sheet_path(parent)
            if path is not None:
                _write_sheet(tasks, store, path, False, parent)
                return True
        sure = QMessageBox.question(
            parent,
            _tr("Recovery sheet"),
            _tr(
                "Without the sheet, a lost key cannot be recovered. You can print a new sheet "
                "later under Settings (it makes a new code). Skip it for now?"
            ),
        )
        if sure == QMessageBox.StandardButton.Yes or sure not in ANSWERS:
            return False


def print_new_sheet(tasks: TaskRunner, store: Store, parent: QWidget | None) -> bool:
    """设置 → 打印新的恢复码单…: a NEW code (earlier sheets stop working); True when its
    writing was started. A role without the backup permission is refused by the store."""
    answer = QMessageBox.question(
        parent,
        _tr("Recovery sheet"),
        _tr(
            "A new recovery code is made and the code of every earlier sheet stops working "
            "once the new sheet is saved. Go on?"
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    path = _sheet_path(parent)
    if path is None:
        return False
    _write_sheet(tasks, store, path, True, parent)
    return True


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "\n".join(exc.messages().values())
    if isinstance(exc, StoreError):
        return exc.text()
    return str(exc)


def _open_with_code(
    data_dir: Path, code: str, ask_passphrase: Callable[[bool], str | None]
) -> tuple[Store, KeyInfo]:
    """Keep the key the code unwraps again (keyring, or a new passphrase asked twice) and
    open the store with it."""
    chosen: list[str] = []

    def new_passphrase(confirm: bool) -> str | None:
        value = ask_passphrase(confirm)
        if value is not None:
            chosen.append(value)
        return value

    def same_passphrase(confirm: bool) -> str | None:
        return chosen[-1] if chosen else ask_passphrase(confirm)

    info = recover_key(data_dir, code, passphrase_provider=new_passphrase)
    return Store.open(data_dir, passphrase_provider=same_passphrase, check=False), info


def recover_with_code(
    data_dir: Path,
    exc: StoreError,
    ask_passphrase: Callable[[bool], str | None],
    parent: QWidget | None = None,
) -> Store | None:
    """The database did not open with ``exc``: when it is a lost key, offer the recovery
    code; the store opened with the recovered key (and the audit entry written), or None."""
    if not isinstance(exc, KEY_ERRORS):
        return None
    title = _tr("Recover with the recovery code")
    box = QMessageBox(QMessageBox.Icon.Critical, _tr("GridApp"), exc.text(), parent=parent)
    recover = box.addButton(title, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is not recover:
        return None
    ask = _tr("The code on the recovery sheet (7 groups of 4 characters):")
    prompt = ask
    while True:
        text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal)
        if not ok:
            return None
        try:
            # parse_code catches a typo before the slow key step.
            store, info = _open_with_code(data_dir, parse_code(text), ask_passphrase)
        except ValidationError as error:
            prompt = "\n".join(error.messages().values()) + "\n\n" + ask
            continue
        except StoreError as error:
            QMessageBox.critical(parent, _tr("GridApp"), error.text())
            return None
        log_recovery(store, info)
        QMessageBox.information(
            parent,
            title,
            _tr("The database key was recovered. Keep the sheet: the same code works again."),
        )
        return store
