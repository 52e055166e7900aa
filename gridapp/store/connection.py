"""Opening the SQLCipher database file with the settings villages need.

Every client database goes through sqlcipher3's bundled SQLite (3.53): the stdlib module is
3.40 here, which has the WAL-reset corruption bug, and two SQLite libraries on one file in one
process risk corruption. Settings: WAL + ``synchronous=FULL`` (power cuts are common),
foreign keys on, ``secure_delete`` so freed pages hold no old names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from gridapp.store.errors import CorruptDatabaseError, WrongKeyError

if TYPE_CHECKING:
    # sqlcipher3 ships no type hints; its DB-API objects have the stdlib module's shape.
    from sqlite3 import Connection as Connection
else:
    Connection = sqlcipher3.Connection
DatabaseError = sqlcipher3.DatabaseError
IntegrityError = sqlcipher3.IntegrityError
DB_FILE = "gridapp.db"
# Page cache: 64 MiB normally; bulk loads raise it (every page read is also a decryption).
CACHE_KIB = 64 * 1024
BULK_CACHE_KIB = 256 * 1024


def connect(path: Path, key: bytes, *, check: bool = False) -> Connection:
    """Open ``path`` with the raw 256-bit ``key``; a wrong key raises :class:`WrongKeyError`.

    The connection is in autocommit mode: writers open explicit ``BEGIN IMMEDIATE``
    transactions (see :meth:`gridapp.store.db.Store.write`).
    """
    if len(key) != 32:
        raise WrongKeyError()
    conn: Connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # The key is our own 32 random bytes in hex, never user text: safe to format in.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise WrongKeyError() from exc
    for pragma in (
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA busy_timeout = 10000",
        "PRAGMA secure_delete = ON",
        "PRAGMA temp_store = MEMORY",
        f"PRAGMA cache_size = -{CACHE_KIB}",
    ):
        conn.execute(pragma).fetchall()
    if check:
        integrity_check(conn)
    return conn


def integrity_check(conn: Connection, quick: bool = True) -> None:
    """Raise :class:`CorruptDatabaseError` unless SQLite and SQLCipher both find it sound."""
    problems = integrity_problems(conn, quick)
    if problems:
        raise CorruptDatabaseError(detail="; ".join(problems[:5]))


def integrity_problems(conn: Connection, quick: bool = True) -> list[str]:
    """What ``quick_check`` (or ``integrity_check``) and ``cipher_integrity_check`` report.

    Both read every page of the file: seconds per gigabyte.
    """
    pragma = "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
    try:
        problems = [str(r[0]) for r in conn.execute(pragma).fetchall() if r[0] != "ok"]
    except sqlcipher3.OperationalError:
        raise  # interrupted, locked: not a verdict on the file
    except sqlcipher3.DatabaseError as exc:
        # A page that fails to decrypt (its HMAC does not match) stops the check itself.
        problems = [str(exc)]
    problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    return problems


def check_file(
    path: Path, key: bytes, cancelled: Callable[[], bool] | None = None
) -> list[str] | None:
    """Check the database file on a connection of its own; safe on any thread.

    WAL lets it read beside the program's own connection while the worker keeps typing.
    Returns the problems found ([] when sound), or None when ``cancelled()`` became true
    (the window was closed before the check ended).
    """
    conn = connect(path, key)
    try:
        if cancelled is not None:
            # SQLite calls this every N virtual-machine steps; non-zero interrupts the check.
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, 10_000)
        try:
            return integrity_problems(conn)
        except sqlcipher3.OperationalError:
            if cancelled is not None and cancelled():
                return None
            raise
    finally:
        conn.close()


def backup_to(conn: Connection, dest: Path, key: bytes) -> None:
    """Copy the live database into a new encrypted file with SQLite's online backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    target: Connection = sqlcipher3.connect(str(tmp), isolation_level=None)
    try:
        target.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.backup(target)
    finally:
        target.close()
    tmp.replace(dest)
