"""``gridapp recover`` and ``gridapp recovery-sheet``: the printed recovery code (恢复码).

- ``recovery-sheet -o FILE.pdf [--json]`` — make a NEW recovery code and write its one-page
  sheet (the code of every earlier sheet stops working). Needs the database open, so it also
  gives a register made before recovery codes existed its first code. Needs the backup
  permission.
- ``recover --code CODE [--record FILE] [--json]`` — unwrap the database key with the code
  and keep it again (in the system keyring, or under a new passphrase asked twice), so the
  database opens as before; written to the audit log. ``--record``: a key-recovery.json kept
  elsewhere (beside a backup on a USB drive); it is copied into the data folder. A typo or
  a wrong code: a Chinese message, exit 1, nothing changed.

How it works and what to tell the user: ``docs/key-recovery.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gridapp import paths
from gridapp.cli.common import EXIT_OK, open_store, print_json, terminal_passphrase
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.reports.recovery_sheet import write_recovery_sheet
from gridapp.store.db import Store
from gridapp.store.recovery import log_recovery, recover_key, recovery_sheet

MSG_SHEET_WRITTEN = QT_TRANSLATE_NOOP(
    "Messages",
    "Recovery sheet written: {path} (sheet {sheet}). The code of every earlier sheet no "
    "longer works. Print it, seal it in an envelope, then delete the file: it holds the code.",
)
MSG_RECOVERED_KEYRING = QT_TRANSLATE_NOOP(
    "Messages",
    "The database key was recovered and is kept in the system keyring ({backend}) again. "
    "The database opens as before.",
)
MSG_RECOVERED_PASSPHRASE = QT_TRANSLATE_NOOP(
    "Messages",
    "The database key was recovered and is now protected by the new passphrase. "
    "The database opens as before.",
)


def add_commands(subparsers: Any) -> None:
    sheet = subparsers.add_parser(
        "recovery-sheet",
        help="make a new recovery code and print its sheet (恢复码)",
        description="Make a NEW recovery code (earlier sheets stop working) and write its "
        "one-page sheet to keep sealed in the office safe.",
    )
    sheet.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    sheet.add_argument("--json", action="store_true", help="print JSON")
    sheet.set_defaults(func=cmd_sheet)
    recover = subparsers.add_parser(
        "recover",
        help="open the database again with the recovery code",
        description="Unwrap the database key with the code of the recovery sheet and keep it "
        "again (system keyring, or a new passphrase).",
    )
    recover.add_argument("--code", required=True, metavar="CODE", help="e.g. K7M2-X9QP-…")
    recover.add_argument(
        "--record",
        metavar="FILE",
        help="key-recovery.json kept elsewhere, e.g. beside a backup (default: the data folder's)",
    )
    recover.add_argument("--json", action="store_true", help="print JSON")
    recover.set_defaults(func=cmd_recover)


def cmd_sheet(args: argparse.Namespace) -> int:
    output = Path(args.output)
    with open_store(args) as store:
        facts = recovery_sheet(store, output, write_recovery_sheet)
    if args.json:
        print_json(
            {"ok": True, "path": str(output), "sheet_id": facts.sheet_id, "made": facts.created}
        )
    print(tr(MSG_SHEET_WRITTEN, path=output, sheet=facts.sheet_id), file=sys.stderr)
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    chosen: list[str] = []

    def new_passphrase(confirm: bool) -> str | None:
        value = terminal_passphrase(confirm)
        if value is not None:
            chosen.append(value)
        return value

    def same_passphrase(confirm: bool) -> str | None:
        return chosen[-1] if chosen else terminal_passphrase(confirm)

    record = Path(args.record) if args.record else None
    info = recover_key(data_dir, args.code, passphrase_provider=new_passphrase, record_path=record)
    with Store.open(data_dir, passphrase_provider=same_passphrase) as store:
        log_recovery(store, info)
    if args.json:
        print_json({"ok": True, "kept_in": info.method, "backend": info.backend})
    if info.method == "keyring":
        note = tr(MSG_RECOVERED_KEYRING, backend=info.backend)
    else:
        note = tr(MSG_RECOVERED_PASSPHRASE)
    print(note, file=sys.stderr)
    return EXIT_OK
