"""The recovery code (恢复码): a printed code that unwraps the database key.

For the day the keyring entry is lost, the passphrase forgotten or the PC replaced. The code
is 27 random symbols and one check symbol (28, written in 7 groups of 4), from an alphabet of
31 symbols without look-alikes (no 0/O, 1/I/L): about 133 bits. The check symbol makes the
weighted sum of all 28 values (weights 1…28) divisible by 31; 31 is prime and larger than
every weight, so any single wrong symbol and any two swapped symbols are caught before the
KDF runs.

``key-recovery.json`` beside the database holds the key wrapped under the code (scrypt +
AES-256-GCM, :func:`gridapp.store.keys.wrap_key` with an AAD of its own) with the date it was
made and a sheet number, never the code. A new code replaces the file, so the sheet printed
before stops working. Layout and wording of the printed sheet: ``docs/key-recovery.md``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.access import Permission
from gridapp.models.errors import FieldError, ValidationError
from gridapp.store.access import require
from gridapp.store.connection import DB_FILE, connect
from gridapp.store.errors import (
    MissingDatabaseError,
    StoreError,
    WrongKeyError,
    WrongPassphraseError,
)
from gridapp.store.keys import (
    KeyInfo,
    KeyStore,
    PassphraseProvider,
    _write_json_atomic,
    unwrap_key,
    wrap_key,
)

if TYPE_CHECKING:
    from gridapp.store.db import Store

RECOVERY_FILE = "key-recovery.json"
ACTION_SHEET = "recovery sheet"
ACTION_RECOVERED = "key recovered"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 symbols (a prime): no 0 O 1 I L
DATA_SYMBOLS = 27
CODE_SYMBOLS = DATA_SYMBOLS + 1
GROUP = 4
_AAD = b"gridapp-db-key-recovery-v1"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}

MSG_BAD_CHARS = QT_TRANSLATE_NOOP(
    "Messages",
    "The recovery code holds characters it never contains: {chars}. It uses the digits 2–9 "
    "and the capital letters other than I, L and O. Nothing was changed.",
)
MSG_BAD_LENGTH = QT_TRANSLATE_NOOP(
    "Messages",
    "The recovery code has {count} characters; it has {expected} (7 groups of 4). "
    "Nothing was changed.",
)
MSG_BAD_CHECK = QT_TRANSLATE_NOOP(
    "Messages",
    "The recovery code has a typing error (its check character does not match): compare "
    "it with the sheet group by group. Nothing was changed.",
)
MSG_WRONG_CODE = QT_TRANSLATE_NOOP(
    "Messages",
    "This recovery code does not open this database: it is not the code of the newest "
    "recovery sheet of this data folder (a newer sheet makes older ones invalid). "
    "Nothing was changed.",
)


class NoRecoveryCodeError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The data folder {path} has no recovery code ({file} is missing): the key cannot be "
        "recovered with a code. Copy {file} from the old data folder, or restore the key.",
    )


class RecoveryMismatchError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The recovery code unwrapped a key, but it does not open the database in {path}: "
        "{file} belongs to another database. Nothing was changed.",
    )


class NoSetupCodeError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The recovery code made with this database is no longer in memory: print a new "
        "recovery sheet (it makes a new code).",
    )


def _code_error(message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError("code", message, dict(params))])


def _check_value(values: list[int]) -> int:
    """The value that makes ``sum((i + 1) * v)`` over all symbols divisible by 31."""
    total = sum((i + 1) * v for i, v in enumerate(values))
    weight = len(values) + 1
    # weight * check ≡ -total (mod 31); weight < 31 has an inverse modulo the prime 31.
    return (-total * pow(weight, -1, len(ALPHABET))) % len(ALPHABET)


def format_code(symbols: str) -> str:
    """``symbols`` in groups of four: ``K7M2-X9QP-…``."""
    return "-".join(symbols[i : i + GROUP] for i in range(0, len(symbols), GROUP))


def new_code() -> str:
    """A fresh random code, formatted."""
    values = [secrets.randbelow(len(ALPHABET)) for _ in range(DATA_SYMBOLS)]
    values.append(_check_value(values))
    return format_code("".join(ALPHABET[v] for v in values))


def parse_code(text: str) -> str:
    """The 28 symbols of a typed code (case, spaces and dashes do not matter), or a
    :class:`ValidationError` saying what is wrong — before any KDF runs."""
    symbols = "".join(c for c in text.upper() if c not in " -\t\r\n_")
    bad = sorted({c for c in symbols if c not in _VALUE})
    if bad:
        raise _code_error(MSG_BAD_CHARS, chars=" ".join(f"“{c}”" for c in bad))
    if len(symbols) != CODE_SYMBOLS:
        raise _code_error(MSG_BAD_LENGTH, count=len(symbols), expected=CODE_SYMBOLS)
    values = [_VALUE[c] for c in symbols]
    if _check_value(values[:-1]) != values[-1]:
        raise _code_error(MSG_BAD_CHECK)
    return symbols


@dataclass(frozen=True)
class RecoveryRecord:
    """What ``key-recovery.json`` tells without the code: when it was made and its sheet."""

    created: str  # ISO date and time, local
    sheet_id: str  # printed on the sheet, to tell the valid sheet from older ones


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (ValueError, UnicodeDecodeError):
        return None  # unreadable counts as absent: a new sheet replaces it
    return data if isinstance(data, dict) else None


def recovery_record(data_dir: Path) -> RecoveryRecord | None:
    """The current recovery code's record, or None when this data folder has none (a
    register made before recovery codes existed)."""
    data = _read(data_dir / RECOVERY_FILE)
    if data is None:
        return None
    return RecoveryRecord(str(data.get("created", "")), str(data.get("sheet_id", "")))


def _new_record() -> RecoveryRecord:
    return RecoveryRecord(
        created=datetime.now().isoformat(timespec="seconds"),
        sheet_id="".join(secrets.choice(ALPHABET) for _ in range(6)),
    )


def _save(data_dir: Path, key: bytes, code: str, record: RecoveryRecord) -> None:
    """Wrap ``key`` under ``code`` and replace ``key-recovery.json`` atomically: from this
    moment the code made before no longer works."""
    wrapped = wrap_key(key, parse_code(code), aad=_AAD)
    data = {"version": 1, "created": record.created, "sheet_id": record.sheet_id, **wrapped}
    _write_json_atomic(data_dir / RECOVERY_FILE, data)


def make_recovery_code(data_dir: Path, key: bytes) -> str:
    """Make a new code for ``key`` (a new database's) and keep its record; returns the
    formatted code, which exists nowhere else (the set-up prints it)."""
    code = new_code()
    _save(data_dir, key, code, _new_record())
    return code


def unwrap_with_code(data_dir: Path, code: str, record_path: Path | None = None) -> bytes:
    """The database key of ``data_dir`` unwrapped by ``code``, checked against the database
    itself; a typo, a wrong code or a record of another database raises, changing nothing.
    ``record_path``: a ``key-recovery.json`` kept elsewhere (beside a backup on a USB drive)
    instead of the data folder's."""
    symbols = parse_code(code)
    db_path = data_dir / DB_FILE
    if not db_path.exists():
        raise MissingDatabaseError(path=str(db_path))
    source = record_path or data_dir / RECOVERY_FILE
    record = _read(source)
    if record is None:
        raise NoRecoveryCodeError(path=str(source.parent), file=source.name)
    try:
        key = unwrap_key(record, symbols, aad=_AAD)
    except WrongPassphraseError as exc:
        raise _code_error(MSG_WRONG_CODE) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise NoRecoveryCodeError(path=str(source.parent), file=source.name) from exc
    try:
        connect(db_path, key).close()
    except WrongKeyError as exc:
        raise RecoveryMismatchError(path=str(data_dir), file=source.name) from exc
    return key


def recover_key(
    data_dir: Path,
    code: str,
    passphrase_provider: PassphraseProvider | None = None,
    keyring_backend: Any | None = None,
    use_keyring: bool = True,
    record_path: Path | None = None,
) -> KeyInfo:
    """Unwrap the key with ``code`` and keep it again — in the secure keyring if this PC has
    one, else under a new passphrase from ``passphrase_provider`` (asked with
    ``confirm=True``) — so the database opens normally afterwards. ``key.json`` is
    rewritten only once the key has opened the database. A record read from
    ``record_path`` is copied into the data folder, so the same sheet works there later."""
    key = unwrap_with_code(data_dir, code, record_path)
    info = KeyStore(data_dir, passphrase_provider, keyring_backend, use_keyring).keep(key)
    target = data_dir / RECOVERY_FILE
    if record_path is not None and record_path.resolve() != target.resolve():
        record = _read(record_path)
        assert record is not None  # read a moment ago
        _write_json_atomic(target, record)
    return info


@dataclass(frozen=True)
class RecoverySheetFacts:
    """What a recovery sheet prints besides its fixed wording."""

    code: str  # formatted, 7 groups of 4
    sheet_id: str
    created: str  # ISO date and time
    village: str  # "name (code)" of this PC's work scope, or "" when none is chosen
    computer: str  # the PC's network name
    data_folder: str
    made_by: str


SheetRenderer = Callable[[Path, RecoverySheetFacts], None]
"""Writes the sheet's PDF to the path given (``gridapp.reports.recovery_sheet``)."""


def _village(store: Store) -> str:
    from gridapp.store.scope import load_scope

    scope = load_scope(store)
    if scope is None:
        return ""
    return f"{scope.village_name}（{scope.village_code}）"


def recovery_sheet(
    store: Store, output: Path, render: SheetRenderer, *, renew: bool = True
) -> RecoverySheetFacts:
    """Print a recovery sheet to ``output`` and log it in the audit trail.

    ``renew=True`` (``gridapp recovery-sheet``, the window's Settings): a NEW code, which
    needs the backup permission; the code of every sheet printed before stops working once
    this sheet is written — never before, so a failed print leaves the old sheet valid.
    ``renew=False`` (set-up): the code made with the new database
    (``store.key.recovery_code``), which exists only in memory.
    """
    if renew:
        require(store, Permission.BACKUP)
        code, record = new_code(), _new_record()
    else:
        code, current = store.key.recovery_code, recovery_record(store.data_dir)
        if not code or current is None:
            raise NoSetupCodeError()
        record = current
    facts = RecoverySheetFacts(
        code=code,
        sheet_id=record.sheet_id,
        created=record.created,
        village=_village(store),
        computer=socket.gethostname(),
        data_folder=str(store.data_dir.resolve()),
        made_by=store.user_id,
    )
    part = output.with_name(output.name + ".part")
    try:
        render(part, facts)
        detail = {"sheet_id": record.sheet_id, "new_code": renew}
        with store.write(ACTION_SHEET, detail):
            if renew:
                _save(store.data_dir, store.key.key, code, record)
        os.replace(part, output)
    finally:
        part.unlink(missing_ok=True)
    if renew:  # the set-up code, if still held, no longer works
        store.key = dataclasses.replace(store.key, recovery_code="")
    return facts


def log_recovery(store: Store, info: KeyInfo) -> None:
    """The audit entry of a key recovery, written on the store opened with the recovered
    key (who ran it, how the key is kept now, which sheet's code was used)."""
    record = recovery_record(store.data_dir)
    detail = {"kept_in": info.method, "sheet_id": record.sheet_id if record else ""}
    with store.write(ACTION_RECOVERED, detail):
        pass
