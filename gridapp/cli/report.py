"""``gridapp report KIND --month YYYY-MM [--scope CODE] -o FILE.pdf``: a monthly ledger as PDF.

KIND ``households`` (户籍人口台账) is written now; ``party``, ``petitions`` and ``summary``
are refused with a message until their ledgers are drawn (issue #7). The scope defaults to
the PC's work scope (its grid if one was chosen, else its village). Nothing is written when
the month or scope is refused.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from gridapp.cli.common import EXIT_INVALID, EXIT_OK, open_store
from gridapp.i18n import QT_TRANSLATE_NOOP, tr

KINDS = ("households", "party", "petitions", "summary")

MSG_BAD_MONTH = QT_TRANSLATE_NOOP(
    "Messages", "“{month}” is not a month: write it as YYYY-MM, e.g. 2026-11."
)
MSG_UNKNOWN_SCOPE = QT_TRANSLATE_NOOP(
    "Messages",
    "“{scope}” is not a village or grid of this register: give a 12-digit village code or "
    "a grid code such as 360423100200-01.",
)
MSG_NO_SCOPE = QT_TRANSLATE_NOOP(
    "Messages", "No work scope is chosen on this PC: give the village or grid with --scope."
)
MSG_LATER = QT_TRANSLATE_NOOP(
    "Messages", "The “{kind}” ledger is not available yet; only “households” can be printed now."
)
MSG_WRITTEN = QT_TRANSLATE_NOOP("Messages", "Ledger written: {path} ({pages} pages).")
MSG_CANNOT_WRITE = QT_TRANSLATE_NOOP("Messages", "The ledger could not be written: {error}")


def add_commands(subparsers: Any) -> None:
    report = subparsers.add_parser("report", help="write a monthly ledger (月度台账) as PDF")
    report.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    report.add_argument("--month", required=True, metavar="YYYY-MM")
    report.add_argument("--scope", metavar="CODE", help="village (12 digits) or grid code")
    report.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    report.add_argument(
        "--unmasked", action="store_true", help="print ID and phone numbers in full"
    )
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from gridapp.models.ledger import parse_month
    from gridapp.reports.households import write_household_ledger
    from gridapp.reports.layout import MissingGlyphError
    from gridapp.store.ledger_households import find_scope, read_household_ledger
    from gridapp.store.scope import load_scope

    if args.kind != "households":
        print(tr(MSG_LATER, kind=args.kind), file=sys.stderr)
        return EXIT_INVALID
    month = parse_month(args.month)
    if month is None:
        print(tr(MSG_BAD_MONTH, month=args.month), file=sys.stderr)
        return EXIT_INVALID
    with open_store(args) as store:
        code = args.scope
        if not code:
            chosen = load_scope(store)
            if chosen is None:
                print(tr(MSG_NO_SCOPE), file=sys.stderr)
                return EXIT_INVALID
            code = chosen.grid_code or chosen.village_code
        scope = find_scope(store, code)
        if scope is None:
            print(tr(MSG_UNKNOWN_SCOPE, scope=code), file=sys.stderr)
            return EXIT_INVALID
        ledger = read_household_ledger(store, scope, month)
    # Write beside the target first: a refused or failed ledger leaves no half-written file.
    partial = args.output.with_name(args.output.name + ".part")
    try:
        pages = write_household_ledger(ledger, partial, unmasked=args.unmasked)
        os.replace(partial, args.output)
    except (MissingGlyphError, OSError) as exc:
        partial.unlink(missing_ok=True)
        print(tr(MSG_CANNOT_WRITE, error=exc), file=sys.stderr)
        return EXIT_INVALID
    print(tr(MSG_WRITTEN, path=args.output, pages=pages))
    return EXIT_OK
