"""``gridapp import households FILE`` and ``gridapp export households -o FILE``.

Import is all or nothing: with any bad row nothing is written, every problem is listed with
its spreadsheet row and column, and the exit status is 1. ``--dry-run`` checks everything
(including ID numbers already in the database) and writes nothing; without a database yet it
creates none. ``--json`` prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gridapp import paths
from gridapp.cli.common import EXIT_INVALID, EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.io.export import export_households
from gridapp.io.roster import ImportReport, commit_roster, load_roster
from gridapp.store.db import Store

MSG_IMPORTED = QT_TRANSLATE_NOOP(
    "Messages", "Imported {households} households with {persons} persons."
)
MSG_DRY_RUN = QT_TRANSLATE_NOOP(
    "Messages",
    "The roster is valid: {households} households with {persons} persons would be imported "
    "(nothing was written).",
)
MSG_REFUSED = QT_TRANSLATE_NOOP("Messages", "Nothing was imported: {count} problem(s) found.")
MSG_ROW_ERROR = QT_TRANSLATE_NOOP("Messages", "Row {row}, column {column}: {message}")
MSG_FILE_ERROR = QT_TRANSLATE_NOOP("Messages", "File {file}: {message}")
MSG_MORE_ERRORS = QT_TRANSLATE_NOOP("Messages", "… and {count} more (use --json to see them all).")
MSG_EXPORTED = QT_TRANSLATE_NOOP(
    "Messages", "Exported {households} households with {persons} persons to {file}."
)
MSG_CANNOT_WRITE = QT_TRANSLATE_NOOP("Messages", "The file {file} cannot be written: {reason}")

SHOWN_ERRORS = 200


def add_commands(subparsers: Any) -> None:
    importing = subparsers.add_parser("import", help="import a roster (.xlsx / .csv)")
    kinds = importing.add_subparsers(dest="kind", metavar="KIND", required=True)
    households = kinds.add_parser("households", help="households and persons, one row a person")
    households.add_argument("file", metavar="FILE")
    households.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    households.add_argument("--json", action="store_true", help="print the report as JSON")
    households.set_defaults(func=cmd_import_households)

    exporting = subparsers.add_parser("export", help="export the register (.xlsx / .csv)")
    kinds = exporting.add_subparsers(dest="kind", metavar="KIND", required=True)
    households = kinds.add_parser("households", help="households and persons, one row a person")
    households.add_argument("-o", "--output", metavar="FILE", required=True)
    households.add_argument("--json", action="store_true", help="print the result as JSON")
    households.set_defaults(func=cmd_export_households)


def _print_report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        print_json(report.to_json())
        return
    if report.ok:
        message = MSG_DRY_RUN if report.dry_run else MSG_IMPORTED
        print(tr(message, households=report.households, persons=report.persons))
        return
    for error in report.errors[:SHOWN_ERRORS]:
        if error.row:
            line = tr(MSG_ROW_ERROR, row=error.row, column=error.column, message=error.text())
        else:
            line = tr(MSG_FILE_ERROR, file=report.file, message=error.text())
        print(line, file=sys.stderr)
    if len(report.errors) > SHOWN_ERRORS:
        print(tr(MSG_MORE_ERRORS, count=len(report.errors) - SHOWN_ERRORS), file=sys.stderr)
    print(tr(MSG_REFUSED, count=len(report.errors)), file=sys.stderr)


def cmd_import_households(args: argparse.Namespace) -> int:
    # The file is checked before the data directory is touched, so a bad file never creates
    # an empty database.
    plan = load_roster(Path(args.file))
    if plan.errors:
        report = commit_roster(None, plan)
    elif args.dry_run and not Store.exists(paths.data_dir(args.data_dir)):
        report = commit_roster(None, plan, dry_run=True)
    else:
        with open_store(args, create=not args.dry_run) as store:
            report = commit_roster(store, plan, dry_run=args.dry_run)
    _print_report(report, args.json)
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_export_households(args: argparse.Namespace) -> int:
    path = Path(args.output)
    with open_store(args) as store:
        try:
            result = export_households(store, path)
        except OSError as exc:
            message = tr(MSG_CANNOT_WRITE, file=str(path), reason=exc.strerror or str(exc))
            if args.json:
                print_json({"ok": False, "error": message})
            print(message, file=sys.stderr)
            return EXIT_INVALID
    if args.json:
        print_json(
            {
                "ok": True,
                "file": str(path),
                "households": result.households,
                "persons": result.persons,
            }
        )
    else:
        print(
            tr(MSG_EXPORTED, households=result.households, persons=result.persons, file=str(path))
        )
    return EXIT_OK
