"""``gridapp demo``: fill the data directory with a realistic, deterministic demo county."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from gridapp.cli.common import EXIT_INVALID, EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP, tr

MSG_NOT_EMPTY = QT_TRANSLATE_NOOP(
    "Messages",
    "The register already holds {households} households; demo data is only loaded into an "
    "empty data directory. Use --data-dir to choose another one.",
)
MSG_SKIPPED = QT_TRANSLATE_NOOP("Messages", "The register already holds data; no demo data loaded.")
MSG_PROGRESS = QT_TRANSLATE_NOOP("Messages", "Demo data: {done} of {total} households")
MSG_DONE = QT_TRANSLATE_NOOP(
    "Messages",
    "Demo data loaded: {households} households, {persons} persons, {party} party members, "
    "{petitions} petitions ({seconds:.1f} s).",
)
MSG_BAD_COUNT = QT_TRANSLATE_NOOP(
    "Messages", "The number of households must be between 1 and 1,000,000."
)
MAX_HOUSEHOLDS = 1_000_000


def add_commands(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="load a demo county into an empty data directory")
    demo.add_argument("--households", type=int, default=300, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing (and succeed) if data exists"
    )
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from gridapp.demo.load import load_demo
    from gridapp.store.households import HouseholdRepository

    if not 1 <= args.households <= MAX_HOUSEHOLDS:
        print(tr(MSG_BAD_COUNT), file=sys.stderr)
        return EXIT_INVALID
    with open_store(args, create=True) as store:
        existing = HouseholdRepository(store).stats()["households"]
        if existing:
            if args.if_empty:
                print(tr(MSG_SKIPPED), file=sys.stderr)
                return EXIT_OK
            print(tr(MSG_NOT_EMPTY, households=existing), file=sys.stderr)
            return EXIT_INVALID
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            print(tr(MSG_PROGRESS, done=done, total=total), file=sys.stderr)

        summary = load_demo(store, args.households, seed=args.seed, progress=progress)
        seconds = time.monotonic() - started
    if args.json:
        print_json({"ok": True, **vars(summary), "seconds": round(seconds, 2)})
    else:
        print(
            tr(
                MSG_DONE,
                households=summary.households,
                persons=summary.persons,
                party=summary.party_members,
                petitions=summary.petitions,
                seconds=seconds,
            )
        )
    return EXIT_OK
