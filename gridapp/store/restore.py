"""Checking a backup and restoring it over the database of a data directory.

:func:`check_backup` opens a backup read-only with the key (``immutable`` when no WAL lies
beside it: no ``-wal``/``-shm`` files appear next to a backup on a USB drive), runs the full
``integrity_check`` and ``cipher_integrity_check`` and compares its schema with this
program's. :func:`restore` keeps the current database aside as
``backups/before-restore-<time>.db`` (with its WAL, synced to disk first), writes the checked
backup to a staging file beside the database with the online backup API, and replaces the
database with one rename: a power cut leaves either the old or the new file, never half of
one. It counts what only the set-aside copy holds (outbox entries newer than the backup, and
the unsent ones) so nothing typed is lost silently. The store must be closed first.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.access import Permission
from gridapp.models.audit_chain import GENESIS_HASH
from gridapp.models.errors import FieldError, ValidationError
from gridapp.store import migrations
from gridapp.store.access import require
from gridapp.store.backups import (
    STAMP,
    backup_folders,
    fsync_dir,
    fsync_file,
    list_backups,
    local_dir,
)
from gridapp.store.connection import DB_FILE, Connection, connect
from gridapp.store.db import Store
from gridapp.store.keys import KeyInfo
from gridapp.store.sync_files import META_AUDIT_PUSHED, audit_pushed_seq

ASIDE_PREFIX = "before-restore-"
MSG_UNREADABLE = QT_TRANSLATE_NOOP(
    "Messages",
    "The backup {name} cannot be decrypted with this computer's database key (made on "
    "another computer or with another key, or not a GridApp backup).",
)
MSG_DAMAGED = QT_TRANSLATE_NOOP("Messages", "The backup {name} is damaged: {detail}")
MSG_NEWER = QT_TRANSLATE_NOOP(
    "Messages",
    "The backup {name} was made by a newer version of GridApp (schema {found}, this "
    "program knows up to {known}). Update the program first; nothing was changed.",
)
MSG_MISSING = QT_TRANSLATE_NOOP("Messages", "There is no file {name}.")
MSG_IN_USE = QT_TRANSLATE_NOOP(
    "Messages",
    "The database is open in another GridApp (a window or a command). Close it first; "
    "nothing was changed.",
)
MSG_NO_GOOD_BACKUP = QT_TRANSLATE_NOOP(
    "Messages", "No backup that passes its checks was found in {folders}."
)
MSG_LATER = QT_TRANSLATE_NOOP(
    "Messages",
    "Not in the restored data: {later} changes made after this backup, {unsent} of them "
    "not yet sent to the county. Those are only in the set-aside copy: do not delete it, "
    "call the county's IT staff.",
)
MSG_NOTHING_LATER = QT_TRANSLATE_NOOP(
    "Messages", "Every change of the database before the restore is in this backup."
)
MSG_LATER_UNKNOWN = QT_TRANSLATE_NOOP(
    "Messages",
    "The damaged database could not tell which changes are missing from the backup: it is "
    "kept in the set-aside copy; do not delete it, call the county's IT staff.",
)


# --- checking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupCheck:
    """The verdict on one backup file: ``problem`` is "" when it may be restored."""

    path: Path
    problem: FieldError | None = None
    schema: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None


def open_readonly(path: Path, key: bytes) -> Connection:
    """Open a backup without changing it: read-only, and, when no WAL lies beside it,
    ``immutable`` so no ``-wal``/``-shm`` files appear next to it (a backup's journal mode
    is WAL, copied from the live file)."""
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    uri = f"{path.resolve().as_uri()}?mode=ro{immutable}"
    conn: Connection = sqlcipher3.connect(uri, uri=True, isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def check_backup(
    path: Path, key: bytes, cancelled: Callable[[], bool] | None = None
) -> BackupCheck | None:
    """Check ``path``: it opens with ``key``, passes the full ``integrity_check`` and
    ``cipher_integrity_check``, and its schema is not newer than this program's. None when
    ``cancelled()`` turned true."""
    params: dict[str, object] = {"name": path.name}
    if not path.is_file():
        return BackupCheck(path, FieldError("backup", MSG_MISSING, params))
    try:
        conn = open_readonly(path, key)
    except sqlcipher3.DatabaseError:
        return BackupCheck(path, FieldError("backup", MSG_UNREADABLE, params))
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            return BackupCheck(path, FieldError("backup", MSG_UNREADABLE, params))
        if cancelled is not None:
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, 10_000)
        problems: list[str] = []
        try:
            problems += [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        except sqlcipher3.OperationalError:
            if cancelled is not None and cancelled():
                return None
            raise
        except sqlcipher3.DatabaseError as exc:
            problems.append(str(exc))  # a page that does not decrypt stops the check
        problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
        if problems:
            detail = "; ".join(problems[:3])
            return BackupCheck(
                path, FieldError("backup", MSG_DAMAGED, {**params, "detail": detail})
            )
        schema = migrations.schema_version(conn)
        if schema > migrations.LATEST:
            found = {**params, "found": schema, "known": migrations.LATEST}
            return BackupCheck(path, FieldError("backup", MSG_NEWER, found), schema)
        return BackupCheck(path, None, schema)
    finally:
        conn.close()


def newest_good(
    data_dir: Path, key: bytes, cancelled: Callable[[], bool] | None = None
) -> tuple[BackupCheck | None, list[BackupCheck]]:
    """The newest recovery candidate that passes :func:`check_backup`, and the ones that
    failed on the way (newest first)."""
    failed: list[BackupCheck] = []
    for backup in list_backups(backup_folders(data_dir)):
        if not backup.candidate:
            continue
        verdict = check_backup(backup.path, key, cancelled)
        if verdict is None:
            return None, failed
        if verdict.ok:
            return verdict, failed
        failed.append(verdict)
    return None, failed


# --- restoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    set_aside: Path | None  # the database as it was before, with its WAL (None if none)
    later_changes: int  # outbox entries of the old database newer than the backup
    unsent: int  # outbox entries of the old database not yet sent to the county
    store: Store  # the restored database, open (the caller closes it)


def outbox_counts(db_path: Path, key: bytes, after_seq: int) -> tuple[int, int, int]:
    """(entries newer than ``after_seq``, those of them still pending, the highest ``device_seq``
    the county has seen — sent, acknowledged or answered) in the database at ``db_path``; -1
    for what a damaged file cannot give. Each is tried through the table and then through
    the ``outbox_state`` index alone, which may lie on sound pages."""
    queries = (
        ("SELECT count(*) FROM outbox{by} WHERE device_seq > ?", after_seq),
        ("SELECT count(*) FROM outbox{by} WHERE state = 'pending' AND device_seq > ?", after_seq),
        (
            "SELECT coalesce(max(device_seq), 0) FROM outbox{by} WHERE state != 'pending'"
            " AND device_seq > ?",
            0,
        ),
    )
    counts = [-1, -1, -1]
    for number, (sql, param) in enumerate(queries):
        for by in ("", " INDEXED BY outbox_state"):
            # A page that fails its HMAC leaves the connection failing: one per attempt.
            try:
                conn = open_readonly(db_path, key)
                try:
                    counts[number] = int(conn.execute(sql.format(by=by), (param,)).fetchone()[0])
                finally:
                    conn.close()
                break
            except sqlcipher3.DatabaseError:
                continue
    return counts[0], counts[1], counts[2]


def restore(
    data_dir: Path,
    key: KeyInfo,
    source: Path,
    *,
    session: Any = None,
    user_id: str = "",
    checked: BackupCheck | None = None,
) -> RestoreResult:
    """Replace the database of ``data_dir`` by the backup ``source``.

    The store of ``data_dir`` must be closed (every connection). Raises
    :class:`ValidationError` — nothing changed — when the backup fails its checks. The
    audit entry "restore" is written to the restored database in the name of ``session`` /
    ``user_id`` (whoever asked for it). ``checked``: the passed check of ``source`` made
    just before (not made twice: a large file takes seconds per gigabyte).
    """
    verdict = checked if checked is not None and checked.path == source else None
    verdict = verdict or check_backup(source, key.key)
    assert verdict is not None
    if verdict.problem is not None:
        raise ValidationError([verdict.problem])
    db_path = data_dir / DB_FILE
    if open_elsewhere(db_path):
        raise ValidationError([FieldError("database", MSG_IN_USE)])
    staging = data_dir / (DB_FILE + ".restoring")
    staging.unlink(missing_ok=True)
    src = open_readonly(source, key.key)
    try:
        backup_seq = _max_seq(src)
        target = sqlcipher3.connect(str(staging), isolation_level=None)
        try:
            target.execute(f"PRAGMA key = \"x'{key.key.hex()}'\"")
            src.backup(target)
        finally:
            target.close()
    finally:
        src.close()
    fsync_file(staging)
    later, unsent, seen = (0, 0, 0)
    aside: Path | None = None
    if db_path.exists():
        later, unsent, seen = outbox_counts(db_path, key.key, backup_seq)
        aside = _set_aside(db_path, local_dir(data_dir))
    try:
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(staging, db_path)
    except PermissionError as exc:  # Windows: another program holds the file open
        staging.unlink(missing_ok=True)
        raise ValidationError([FieldError("database", MSG_IN_USE)]) from exc
    fsync_dir(data_dir)
    conn = connect(db_path, key.key)
    try:
        migrations.migrate(conn, backup_dir=local_dir(data_dir), key=key.key)
    except BaseException:
        conn.close()
        raise
    store = Store(conn, data_dir, key)
    store.session = session
    if user_id:
        store.user_id = user_id
    detail: dict[str, Any] = {
        "file": source.name,
        "set_aside": aside.name if aside else "",
        "later_changes": later,
        "unsent": unsent,
    }
    # The county may already hold changes numbered up to ``seen`` from the set-aside
    # database: new changes must not reuse those numbers, or the server would take them for
    # replays and drop them without a word (docs/sync-protocol.md 5.2).
    renumber = seen > backup_seq
    if renumber:
        detail["outbox_continues_after"] = seen
    with store.write("restore", detail):
        if renumber:
            _continue_outbox_after(store, seen)
        if aside is not None:
            # Before the "restore" entry itself is chained on (at the end of this write).
            detail["audit_carried_over"] = _carry_audit_over(store, aside, key.key)
    return RestoreResult(source, aside, later, unsent, store)


def _carry_audit_over(store: Store, aside: Path, key: bytes) -> int:
    """Append the audit entries written after the backup was made — they are in the
    set-aside database, and the county may hold them already — to the restored log
    unchanged (seq, hashes and all), with the mark of what the county stored: the chain here
    and the county's copy then go on from the same entry, and the next push is not refused
    for reusing numbers the county holds. Nothing is carried over when the set-aside file
    cannot be read (a damaged database) or its entries do not continue the restored chain
    (a backup of another database); the county then refuses the next push loudly
    (docs/backups.md). Returns the number of entries carried over."""
    conn = store.conn
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    last_seq, last_hash = (int(last[0]), str(last[1])) if last else (0, GENESIS_HASH)
    try:
        old = open_readonly(aside, key)
        try:
            columns = [str(r[1]) for r in old.execute("PRAGMA table_info(audit_log)")]
            rows = old.execute(
                f"SELECT {', '.join(columns)} FROM audit_log WHERE seq > ? ORDER BY seq",
                (last_seq,),
            ).fetchall()
            marked = old.execute("SELECT v FROM meta WHERE k = ?", (META_AUDIT_PUSHED,)).fetchone()
        finally:
            old.close()
    except sqlcipher3.DatabaseError:
        return 0
    if not rows or rows[0][columns.index("prev_hash")] != last_hash:
        return 0
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO audit_log ({', '.join(columns)}) VALUES ({marks})", rows)
    if marked is not None and int(marked[0]) > audit_pushed_seq(store):
        store.set_meta(META_AUDIT_PUSHED, str(int(marked[0])))  # inside the restore's write
    return len(rows)


def _continue_outbox_after(store: Store, seq: int) -> None:
    conn = store.conn
    if conn.execute("SELECT 1 FROM sqlite_sequence WHERE name = 'outbox'").fetchone():
        conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'", (seq,))
    else:
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)", (seq,))


def open_elsewhere(db_path: Path) -> bool:
    """Whether another process has the database open (POSIX; on Windows the rename fails
    instead). Every SQLite connection in WAL mode holds a shared lock on the ``-shm`` file's
    "DMS" byte (offset 128) while it is open: if an exclusive lock on it cannot be had,
    someone else is there — a window, a command, a sync. This process must have closed its
    own connections (a POSIX lock is per process, and closing this file drops its locks)."""
    shm = Path(f"{db_path}-shm")
    if os.name != "posix" or not shm.exists():
        return False
    import fcntl

    with shm.open("rb+") as f:
        try:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS)
        except OSError:
            return True
        fcntl.lockf(f, fcntl.LOCK_UN, 1, _SHM_DMS)
    return False


_SHM_DMS = 128  # SQLite's unix VFS: UNIX_SHM_BASE (120) + SQLITE_SHM_NLOCK (8)


def _max_seq(conn: Connection) -> int:
    try:
        row = conn.execute("SELECT max(device_seq) FROM outbox").fetchone()
    except sqlcipher3.OperationalError:
        return 0  # a backup from before the outbox
    return int(row[0] or 0)


def _set_aside(db_path: Path, folder: Path) -> Path:
    """Copy the database file and its WAL to ``folder/before-restore-<time>.db`` (synced to
    disk before the live file is touched)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime(STAMP)
    aside = folder / f"{ASIDE_PREFIX}{stamp}.db"
    n = 1
    while aside.exists():
        n += 1
        aside = folder / f"{ASIDE_PREFIX}{stamp}-{n}.db"
    pairs = [(db_path, aside), (Path(f"{db_path}-wal"), Path(f"{aside}-wal"))]
    for src, dest in pairs:
        if src.exists():
            shutil.copyfile(src, dest)
            fsync_file(dest)
    fsync_dir(folder)
    return aside


def loss_note(result: RestoreResult) -> str:
    """What the restored data lacks, in the user's language (nothing typed is lost
    silently: it names the set-aside copy that holds it)."""
    if result.set_aside is None:
        return ""
    if result.later_changes < 0 or result.unsent < 0:
        return tr(MSG_LATER_UNKNOWN)
    if result.later_changes:
        return tr(MSG_LATER, later=result.later_changes, unsent=result.unsent)
    return tr(MSG_NOTHING_LATER)


def restore_over(store: Store, source: Path) -> RestoreResult:
    """Restore ``source`` over the database ``store`` has open, for whoever works at it
    (needs :attr:`Permission.BACKUP`). Closes ``store``; the caller has closed every other
    connection to the file (the window's sync thread, a job beside)."""
    require(store, Permission.BACKUP)
    verdict = check_backup(source, store.key.key)
    assert verdict is not None
    if verdict.problem is not None:
        raise ValidationError([verdict.problem])  # nothing changed, the store stays open
    session, user_id = store.session, store.user_id
    data_dir, key = store.data_dir, store.key
    store.close()
    return restore(data_dir, key, source, session=session, user_id=user_id, checked=verdict)
