"""``gridapp backup`` and ``gridapp restore``: encrypted backups of the database.

- ``backup`` — a backup into ``data_dir/backups`` (copied to the chosen folder when it is
  there, then rotated: see ``docs/backups.md``); ``-o FILE`` writes one file there instead.
- ``backup --list`` — the backups of the local and the chosen folder, newest first.
- ``backup --folder DIR`` / ``backup --no-folder`` — choose (or stop using) a second folder,
  such as a USB drive, for the daily backups.
- ``restore FILE`` — check the file, keep the current database aside, replace it; says how
  many changes of the current database are not in the backup. ``restore --newest``: the
  newest backup that passes its checks (what the window's guided recovery picks).

Making and restoring backups needs the role's "make and restore backups" (set-up mode has
it). A damaged database cannot say who may restore it: restoring over it is allowed and the
restore entry of the audit log says so. Messages in Chinese; exit 1 when a backup is refused
(nothing changed), 2 when the store cannot be opened.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from gridapp import paths
from gridapp.cli.common import EXIT_OK, open_store, print_json, terminal_passphrase
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.access import Permission
from gridapp.models.errors import FieldError, ValidationError
from gridapp.store import backups as bk
from gridapp.store import restore as rs
from gridapp.store.access import require
from gridapp.store.errors import CorruptDatabaseError
from gridapp.store.keys import KeyStore

MSG_MADE = QT_TRANSLATE_NOOP("Messages", "Backup written: {path} ({size}, encrypted).")
MSG_COPIED = QT_TRANSLATE_NOOP("Messages", "Copy in the backup folder: {path}.")
MSG_FOLDER_MISSING = QT_TRANSLATE_NOOP(
    "Messages",
    "The backup folder {folder} is not there (is the USB drive plugged in?). The backup "
    "is kept on this computer.",
)
MSG_FOLDER_SET = QT_TRANSLATE_NOOP(
    "Messages", "Daily backups are kept in {local} and copied to {folder}."
)
MSG_FOLDER_CLEARED = QT_TRANSLATE_NOOP("Messages", "Daily backups are kept in {local} only.")
MSG_FOLDER_NOT_DIR = QT_TRANSLATE_NOOP(
    "Messages", "{folder} is not a folder that exists: plug in the drive or make the folder."
)
MSG_NO_BACKUPS = QT_TRANSLATE_NOOP("Messages", "No backups yet in {folders}.")
MSG_RESTORED = QT_TRANSLATE_NOOP("Messages", "Restored from {name} (made {made}).")
MSG_ASIDE = QT_TRANSLATE_NOOP(
    "Messages", "The database as it was before the restore is kept in {path}."
)
MSG_SKIPPED = QT_TRANSLATE_NOOP("Messages", "Skipped: {problem}")
MSG_NEED_SOURCE = QT_TRANSLATE_NOOP("Messages", "Name the backup file to restore, or use --newest.")


def add_commands(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="make an encrypted backup of the database (or list them, or choose a folder)",
        description="An encrypted copy of the database (SQLite's online backup API).",
    )
    backup.add_argument("-o", "--output", metavar="FILE", help="write the backup to FILE")
    backup.add_argument("--list", action="store_true", help="list the backups, newest first")
    backup.add_argument("--folder", metavar="DIR", help="also copy daily backups to DIR")
    backup.add_argument(
        "--no-folder", action="store_true", help="keep daily backups on this computer only"
    )
    backup.add_argument("--json", action="store_true", help="print JSON")
    backup.set_defaults(func=cmd_backup)
    restore = subparsers.add_parser(
        "restore",
        help="replace the database by a backup (the current one is kept aside)",
        description="Check a backup, keep the current database aside, restore the backup.",
    )
    restore.add_argument("file", nargs="?", metavar="FILE", help="the backup to restore")
    restore.add_argument(
        "--newest", action="store_true", help="the newest backup that passes its checks"
    )
    restore.add_argument("--json", action="store_true", help="print JSON")
    restore.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    with open_store(args) as store:
        require(store, Permission.BACKUP)
        if args.folder is not None or args.no_folder:
            return _set_folder(args, data_dir)
        if args.list:
            return _list(args, data_dir)
        result = bk.make_backup(store, Path(args.output) if args.output else None)
    if args.json:
        print_json(
            {
                "ok": True,
                "path": str(result.path),
                "copy": str(result.copy) if result.copy else None,
                "folder_missing": result.folder_missing or None,
                "removed": [str(p) for p in result.removed],
            }
        )
        return EXIT_OK
    size = bk.format_size(result.path.stat().st_size)
    print(tr(MSG_MADE, path=str(result.path), size=size))
    if result.copy is not None:
        print(tr(MSG_COPIED, path=str(result.copy)))
    if result.folder_missing:
        print(tr(MSG_FOLDER_MISSING, folder=result.folder_missing), file=sys.stderr)
    return EXIT_OK


def _set_folder(args: argparse.Namespace, data_dir: Path) -> int:
    local = str(bk.local_dir(data_dir))
    if args.no_folder:
        bk.save_settings(data_dir, replace(bk.load_settings(data_dir), folder=""))
        print(tr(MSG_FOLDER_CLEARED, local=local))
        return EXIT_OK
    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        raise ValidationError([FieldError("folder", MSG_FOLDER_NOT_DIR, {"folder": str(folder)})])
    chosen = replace(bk.load_settings(data_dir), folder=str(folder.resolve()))
    bk.save_settings(data_dir, chosen)
    print(tr(MSG_FOLDER_SET, local=local, folder=str(folder.resolve())))
    return EXIT_OK


def _list(args: argparse.Namespace, data_dir: Path) -> int:
    settings = bk.load_settings(data_dir)
    folders = bk.backup_folders(data_dir, settings)
    found = bk.list_backups(folders)
    if args.json:
        rows = [
            {"path": str(b.path), "made": b.made.isoformat(timespec="seconds"), "size": b.size}
            for b in found
        ]
        print_json({"ok": True, "backups": rows})
        return EXIT_OK
    if not found:
        print(tr(MSG_NO_BACKUPS, folders="、".join(str(f) for f in folders)))
    if settings.folder and settings.target() not in folders:
        print(tr(MSG_FOLDER_MISSING, folder=settings.folder), file=sys.stderr)
    for backup in found:
        made = backup.made.strftime("%Y-%m-%d %H:%M")
        print(f"{made}  {bk.format_size(backup.size):>9}  {backup.path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    if not args.file and not args.newest:
        raise ValidationError([FieldError("file", MSG_NEED_SOURCE)])
    try:
        store = open_store(args)
    except CorruptDatabaseError:
        store = None  # damaged: nobody can be asked about; restore over it (docstring)
    if store is not None:
        require(store, Permission.BACKUP)
    key = store.key if store is not None else _key(data_dir)
    skipped: list[rs.BackupCheck] = []
    if args.newest:
        good, skipped = rs.newest_good(data_dir, key.key)
        for verdict in skipped:
            assert verdict.problem is not None
            print(tr(MSG_SKIPPED, problem=verdict.problem.text()), file=sys.stderr)
        if good is None:
            if store is not None:
                store.close()
            folders = "、".join(str(f) for f in bk.backup_folders(data_dir))
            raise ValidationError(
                [FieldError("backup", rs.MSG_NO_GOOD_BACKUP, {"folders": folders})]
            )
        source = good.path
    else:
        source = Path(args.file)
    if store is not None:
        result = rs.restore_over(store, source)
    else:
        result = rs.restore(data_dir, key, source, session=None)
    result.store.close()
    made = bk.list_backups([source.parent])
    when = next((b.made for b in made if b.path.name == source.name), None)
    if args.json:
        print_json(
            {
                "ok": True,
                "source": str(source),
                "set_aside": str(result.set_aside) if result.set_aside else None,
                "later_changes": result.later_changes,
                "unsent": result.unsent,
                "skipped": [str(v.path) for v in skipped],
            }
        )
        return EXIT_OK
    shown = when.strftime("%Y-%m-%d %H:%M") if when else "?"
    print(tr(MSG_RESTORED, name=source.name, made=shown))
    if result.set_aside is not None:
        print(tr(MSG_ASIDE, path=str(result.set_aside)))
        print(rs.loss_note(result))
    return EXIT_OK


def _key(data_dir: Path) -> Any:
    return KeyStore(data_dir, terminal_passphrase).load()
