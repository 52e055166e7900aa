"""Backups of the encrypted database: daily and on demand, rotated, listed.

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
- Checking a backup and restoring it: :mod:`gridapp.store.restore`.

Details and choices: ``docs/backups.md``.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gridapp.models.access import Permission
from gridapp.store.access import require
from gridapp.store.db import BACKUP_DIR, Store
from gridapp.store.recovery import RECOVERY_FILE

SETTINGS_FILE = "backup.json"
DAILY_PREFIX = "gridapp-"
STAMP = "%Y%m%d-%H%M%S"
SUBFOLDER_PREFIX = "GridApp-"  # + the first 8 hex digits of the device id
KEEP_DAILY = 7
KEEP_WEEKLY = 4
# Files a guided recovery may restore from (a set-aside copy may be the damaged file itself).
CANDIDATE_PREFIXES = (DAILY_PREFIX, "pre-migration-")


@dataclass(frozen=True)
class BackupSettings:
    """Where backups go besides ``data_dir/backups``: a chosen folder ("" for none), and
    the sub-folder of this register in it (named at its first copy: several PCs may share
    one USB drive or folder, and each rotates and keeps its recovery record apart)."""

    folder: str = ""
    subfolder: str = ""

    def target(self) -> Path | None:
        """Where copies go: the chosen folder's sub-folder of this register."""
        if not self.folder:
            return None
        return Path(self.folder) / self.subfolder if self.subfolder else Path(self.folder)


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
    if not isinstance(data, dict):
        return BackupSettings()
    values = [data.get(k, "") for k in ("folder", "subfolder")]
    folder, subfolder = (v if isinstance(v, str) else "" for v in values)
    return BackupSettings(folder=folder, subfolder=subfolder)


def save_settings(data_dir: Path, settings: BackupSettings) -> None:
    path = settings_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    data = {"folder": settings.folder, "subfolder": settings.subfolder}
    tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
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
    target = settings.target()
    if target is not None and target.is_dir():
        folders.append(target)
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


def audit(store: Store, action: str, detail: dict[str, Any]) -> None:
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
        path = _backup(store, dest)
        audit(store, "backup", {"file": path.name, "folder": str(path.parent)})
        return BackupResult(path)
    stamp = datetime.now().strftime(STAMP)
    path = _backup(store, local_dir(store.data_dir) / f"{DAILY_PREFIX}{stamp}.db")
    removed = rotate(path.parent)
    settings = load_settings(store.data_dir)
    copy: Path | None = None
    missing = ""
    if settings.folder:
        if not settings.subfolder:
            settings = replace(settings, subfolder=f"{SUBFOLDER_PREFIX}{store.device_id[:8]}")
            save_settings(store.data_dir, settings)
        try:
            if not Path(settings.folder).is_dir():
                raise FileNotFoundError(settings.folder)
            folder = Path(settings.folder) / settings.subfolder
            folder.mkdir(exist_ok=True)
            copy = _copy_into(path, folder)
            removed += rotate(folder)
            # The key wrapped under the recovery code: with it a backup on the drive opens
            # on a new PC after a dead disk (gridapp recover --record, docs/key-recovery.md).
            record = store.data_dir / RECOVERY_FILE
            if record.exists():
                _copy_into(record, folder)
        except OSError:
            missing = settings.folder
    detail: dict[str, Any] = {"file": path.name, "automatic": automatic}
    if copy is not None:
        detail["copy"] = str(copy)
    if missing:
        detail["folder_missing"] = missing
    audit(store, "backup", detail)
    return BackupResult(path, copy, missing, removed)


def _backup(store: Store, dest: Path) -> Path:
    """:meth:`Store.backup`, leaving no ``.partial`` file behind when it fails (a full disk,
    a drive pulled out): the next attempt starts clean and nothing half-written lies about."""
    try:
        return store.backup(dest)
    except BaseException:
        dest.with_name(dest.name + ".partial").unlink(missing_ok=True)
        raise


def _copy_into(path: Path, folder: Path) -> Path:
    """Copy a finished backup (or the recovery record) into ``folder``, which must exist: a
    USB drive that is not plugged in is not created as an empty folder on the PC."""
    if not folder.is_dir():
        raise FileNotFoundError(str(folder))
    dest = folder / path.name
    partial = folder / (path.name + ".partial")
    shutil.copyfile(path, partial)
    fsync_file(partial)
    os.replace(partial, dest)
    return dest


def fsync_file(path: Path) -> None:
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory handles to flush; its renames are journalled
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
