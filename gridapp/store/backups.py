"""Backups of the encrypted database: daily and on demand, rotated, checked, restored.

A backup is a copy made with SQLite's online backup API (:meth:`Store.backup`), encrypted
with the database key: never plaintext, readable only on this PC (or with the recovery code).

- **Daily**: the window makes one when it starts and once a day while it runs, beside its
  work, named ``gridapp-YYYYMMDD-HHMMSS.db`` in ``data_dir/backups``; a copy also goes to the
  chosen folder (a setting, e.g. a USB drive) when it is there. A missing folder is reported
  and the local backup kept.
- **Rotation** (:func:`rotate`): the newest backup of each of the last :data:`KEEP_DAILY`
  days that have one, and the newest of each of the last :data:`KEEP_WEEKLY` ISO weeks.
  Other files (pre-migration copies, ``before-restore-*`` copies, anything else) are never
  deleted.
- **Restore** (:func:`restore`): the file is checked first (opens with the key, full
  ``integrity_check`` and ``cipher_integrity_check``, schema not newer than this program),
  the current database is kept aside as ``backups/before-restore-<time>.db`` (with its WAL),
  then the checked copy replaces it with one rename. The caller closes the store first.

Details and choices: ``docs/backups.md``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.access import Permission
from gridapp.models.errors import FieldError, ValidationError
from gridapp.store import migrations
from gridapp.store.access import require
from gridapp.store.connection import DB_FILE, Connection, connect
from gridapp.store.db import BACKUP_DIR, Store
from gridapp.store.keys import KeyInfo

SETTINGS_FILE = "backup.json"
DAILY_PREFIX = "gridapp-"
STAMP = "%Y%m%d-%H%M%S"
ASIDE_PREFIX = "before-restore-"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
# Files a guided recovery may restore from (a set-aside copy may be the damaged file itself).
CANDIDATE_PREFIXES = (DAILY_PREFIX, "pre-migration-")

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
MSG_NO_GOOD_BACKUP = QT_TRANSLATE_NOOP(
    "Messages", "No backup that passes its checks was found in {folders}."
)


@dataclass(frozen=True)
class BackupSettings:
    """Where backups go besides ``data_dir/backups``: a chosen folder ("" for none)."""

    folder: str = ""


def settings_path(data_dir: Path) -> Path:
    return data_dir / SETTINGS_FILE


def load_settings(data_dir: Path) -> BackupSettings:
    """The backup settings of ``data_dir`` (defaults when missing or unreadable).

    They live in a file beside the database, not in it: the guided recovery reads them
    when the database itself is damaged, and a restore does not turn them back.
    """
    try:
        data = json.loads(settings_path(data_dir).read_text("utf-8"))
    except (OSError, ValueError):
        return BackupSettings()
    folder = data.get("folder", "") if isinstance(data, dict) else ""
    return BackupSettings(folder=folder if isinstance(folder, str) else "")


def save_settings(data_dir: Path, settings: BackupSettings) -> None:
    path = settings_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"folder": settings.folder}, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)


def local_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR


# --- listing and rotation ---------------------------------------------------------------


@dataclass(frozen=True)
class BackupFile:
    """One backup file on disk."""

    path: Path
    made: datetime  # from the name when it carries a time, else the file's mtime
    size: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def candidate(self) -> bool:
        """Whether a guided recovery may pick it (daily and pre-migration backups)."""
        return self.name.startswith(CANDIDATE_PREFIXES)


def _stamp_of(name: str) -> datetime | None:
    """The time in a backup's name (``…-YYYYMMDD-HHMMSS.db``), if any."""
    stem = name.removesuffix(".db")
    if len(stem) < 15:
        return None
    try:
        return datetime.strptime(stem[-15:], STAMP)
    except ValueError:
        return None


def list_backups(folders: list[Path]) -> list[BackupFile]:
    """Backup files (``*.db``) in ``folders``, newest first; a name found twice (a copy on
    the USB drive) is listed once, from the first folder."""
    found: dict[str, BackupFile] = {}
    for folder in folders:
        try:
            paths = sorted(folder.glob("*.db"))
        except OSError:
            continue
        for path in paths:
            if path.name in found or not path.is_file():
                continue
            stat = path.stat()
            made = _stamp_of(path.name) or datetime.fromtimestamp(stat.st_mtime)
            found[path.name] = BackupFile(path, made, stat.st_size)
    return sorted(found.values(), key=lambda b: (b.made, b.name), reverse=True)


def backup_folders(data_dir: Path, settings: BackupSettings | None = None) -> list[Path]:
    """The local backup folder, then the chosen one when set and present."""
    settings = settings or load_settings(data_dir)
    folders = [local_dir(data_dir)]
    if settings.folder and Path(settings.folder).is_dir():
        folders.append(Path(settings.folder))
    return folders


def rotate(
    folder: Path, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY
) -> list[Path]:
    """Delete the daily backups (``gridapp-<time>.db``) rotation does not keep; returns them.

    Kept: the newest of each of the ``keep_daily`` most recent days that have a backup, and
    the newest of each of the ``keep_weekly`` most recent ISO weeks.
    """
    daily = [b for b in list_backups([folder]) if b.name.startswith(DAILY_PREFIX)]
    daily = [b for b in daily if _stamp_of(b.name) is not None]  # newest first
    keep: set[Path] = set()
    days: dict[date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for backup in daily:
        days.setdefault(backup.made.date(), backup.path)
        iso = backup.made.isocalendar()
        weeks.setdefault((iso[0], iso[1]), backup.path)
    keep.update(list(days.values())[:keep_daily])
    keep.update(list(weeks.values())[:keep_weekly])
    removed = []
    for backup in daily:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def daily_due(data_dir: Path, today: date | None = None) -> bool:
    """True when ``data_dir/backups`` holds no daily backup made today."""
    today = today or date.today()
    return not any(
        b.name.startswith(DAILY_PREFIX) and b.made.date() == today
        for b in list_backups([local_dir(data_dir)])
    )


# --- making backups ---------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path  # the backup made
    copy: Path | None = None  # its copy in the chosen folder
    folder_missing: str = ""  # the chosen folder, when it was not there
    removed: list[Path] = field(default_factory=list)  # rotated away


def _audit(store: Store, action: str, detail: dict[str, Any]) -> None:
    with store.write(action, detail):
        pass


def make_backup(store: Store, dest: Path | None = None, *, automatic: bool = False) -> BackupResult:
    """Back ``store`` up and write the audit entry "backup".

    Without ``dest``: a daily backup into ``data_dir/backups``, copied to the chosen folder
    when it is there, then both rotated. A person's backup (``automatic=False``) needs
    :attr:`Permission.BACKUP`; the program's own daily one is made for whoever works.
    """
    if not automatic:
        require(store, Permission.BACKUP)
    if dest is not None:
        path = store.backup(dest)
        _audit(store, "backup", {"file": path.name, "folder": str(path.parent)})
        return BackupResult(path)
    stamp = datetime.now().strftime(STAMP)
    path = store.backup(local_dir(store.data_dir) / f"{DAILY_PREFIX}{stamp}.db")
    removed = rotate(path.parent)
    settings = load_settings(store.data_dir)
    copy: Path | None = None
    missing = ""
    if settings.folder:
        folder = Path(settings.folder)
        try:
            copy = _copy_into(path, folder)
            removed += rotate(folder)
        except OSError:
            missing = settings.folder
    detail: dict[str, Any] = {"file": path.name, "automatic": automatic}
    if copy is not None:
        detail["copy"] = str(copy)
    if missing:
        detail["folder_missing"] = missing
    _audit(store, "backup", detail)
    return BackupResult(path, copy, missing, removed)


def _copy_into(path: Path, folder: Path) -> Path:
    """Copy a finished backup into ``folder`` (which must exist: a USB drive that is not
    plugged in is not created as an empty folder on the PC)."""
    if not folder.is_dir():
        raise FileNotFoundError(str(folder))
    dest = folder / path.name
    partial = folder / (path.name + ".partial")
    shutil.copyfile(path, partial)
    _fsync(partial)
    os.replace(partial, dest)
    return dest


def _fsync(path: Path) -> None:
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory handles to flush; its renames are journalled
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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


def outbox_counts(db_path: Path, key: bytes, after_seq: int) -> tuple[int, int]:
    """(entries newer than ``after_seq``, entries still pending) in the database at
    ``db_path``; (-1, -1) when a damaged file cannot tell."""
    try:
        conn = open_readonly(db_path, key)
        try:
            later = conn.execute(
                "SELECT count(*) FROM outbox WHERE device_seq > ?", (after_seq,)
            ).fetchone()[0]
            unsent = conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[
                0
            ]
        finally:
            conn.close()
    except sqlcipher3.DatabaseError:
        return -1, -1
    return int(later), int(unsent)


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
    _fsync(staging)
    later, unsent = (0, 0)
    aside: Path | None = None
    if db_path.exists():
        later, unsent = outbox_counts(db_path, key.key, backup_seq)
        aside = _set_aside(db_path, local_dir(data_dir))
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(staging, db_path)
    _fsync_dir(data_dir)
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
    _audit(store, "restore", detail)
    return RestoreResult(source, aside, later, unsent, store)


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
            _fsync(dest)
    _fsync_dir(folder)
    return aside


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


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
