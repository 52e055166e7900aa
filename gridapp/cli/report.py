"""``gridapp report KIND --month YYYY-MM [--scope CODE] -o FILE.pdf``: a monthly ledger as PDF.

KIND is one of households (户籍人口台账), party (党员双报到台账), petitions (诉求信访台账),
summary (月度工作汇总) and party-feedback (the members' feedback sheet of ``--period``
2026Q3 / 2026H1 / 2026). The scope defaults to the PC's work scope (its grid if one was
chosen, else its village). Nothing is written when the month, period or scope is refused,
and a failed ledger leaves no half-written file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from gridapp.cli.common import EXIT_INVALID, EXIT_OK, open_store
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.ledger import KINDS, PARTY_FEEDBACK

MSG_BAD_MONTH = QT_TRANSLATE_NOOP(
    "Messages", "“{month}” is not a month: write it as YYYY-MM, e.g. 2026-11."
)
MSG_NO_SCOPE = QT_TRANSLATE_NOOP(
    "Messages", "No work scope is chosen on this PC: give the village or grid with --scope."
)
MSG_LATER = QT_TRANSLATE_NOOP("Messages", "The “{kind}” ledger is not available yet.")
MSG_NEED_PERIOD = QT_TRANSLATE_NOOP(
    "Messages", "The feedback sheet is for a period: give --period, e.g. 2026Q3, 2026H1 or 2026."
)
MSG_WRITTEN = QT_TRANSLATE_NOOP("Messages", "Ledger written: {path} ({pages} pages).")
MSG_CANNOT_WRITE = QT_TRANSLATE_NOOP("Messages", "The ledger could not be written: {error}")


def add_commands(subparsers: Any) -> None:
    report = subparsers.add_parser("report", help="write a monthly ledger (月度台账) as PDF")
    report.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    report.add_argument("--month", metavar="YYYY-MM", help="the month (not for party-feedback)")
    report.add_argument("--period", metavar="PERIOD", help="party-feedback: 2026Q3, 2026H1, 2026")
    report.add_argument("--scope", metavar="CODE", help="village (12 digits) or grid code")
    report.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    report.add_argument(
        "--unmasked", action="store_true", help="print ID and phone numbers in full"
    )
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from datetime import date

    from gridapp.models.errors import ValidationError
    from gridapp.models.ledger import LedgerRequest, parse_month
    from gridapp.reports.layout import MissingGlyphError
    from gridapp.reports.registry import printable_document
    from gridapp.store.ledgers import read_printable
    from gridapp.store.scope import load_scope

    period = ""
    if args.kind == PARTY_FEEDBACK:
        period = (args.period or "").strip()
        if not period:
            print(tr(MSG_NEED_PERIOD), file=sys.stderr)
            return EXIT_INVALID
        month = date.today().replace(day=1)
    else:
        parsed = parse_month(args.month or "")
        if parsed is None:
            print(tr(MSG_BAD_MONTH, month=args.month or ""), file=sys.stderr)
            return EXIT_INVALID
        month = parsed
    with open_store(args) as store:
        code = args.scope
        if not code:
            chosen = load_scope(store)
            if chosen is None:
                print(tr(MSG_NO_SCOPE), file=sys.stderr)
                return EXIT_INVALID
            code = chosen.grid_code or chosen.village_code
        request = LedgerRequest(args.kind, month, code, period)
        try:
            printable = read_printable(store, request, unmasked=args.unmasked)
        except ValidationError as exc:
            for message in exc.messages().values():
                print(message, file=sys.stderr)
            return EXIT_INVALID
    try:
        document = printable_document(printable, unmasked=args.unmasked)
    except ModuleNotFoundError:
        print(tr(MSG_LATER, kind=args.kind), file=sys.stderr)
        return EXIT_INVALID
    except MissingGlyphError as exc:
        print(tr(MSG_CANNOT_WRITE, error=exc), file=sys.stderr)
        return EXIT_INVALID
    # Write beside the target first: a refused or failed ledger leaves no half-written file.
    partial = args.output.with_name(args.output.name + ".part")
    try:
        pages = document.write(partial)
        os.replace(partial, args.output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        print(tr(MSG_CANNOT_WRITE, error=exc), file=sys.stderr)
        return EXIT_INVALID
    print(tr(MSG_WRITTEN, path=args.output, pages=pages))
    return EXIT_OK
