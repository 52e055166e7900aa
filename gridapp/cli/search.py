"""``gridapp search QUERY``: find persons by name, pinyin, ID number, phone or address.

Results never show a whole ID number or phone number (masked as in every list); ``--json``
prints a list of objects for scripts.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from gridapp.cli.common import EXIT_INVALID, EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP, tr, translate
from gridapp.models import codes
from gridapp.models.register import HOUSEHOLD_FIELDS, PERSON_FIELDS
from gridapp.store import search

MSG_NONE = QT_TRANSLATE_NOOP("Messages", "Nobody found for “{query}”.")
MSG_MORE = QT_TRANSLATE_NOOP(
    "Messages", "Showing the first {count}; there may be more (use --limit)."
)
MSG_BAD_LIMIT = QT_TRANSLATE_NOOP("Messages", "--limit must be between 1 and {max}.")
MSG_HEAD = QT_TRANSLATE_NOOP("Messages", "head of household")


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "search",
        help="find persons by name, pinyin, ID number, phone or address",
        description="Find persons by name or part of it (王芳, 三丰, 王), pinyin (zsf, "
        "zhangsanfeng), ID number or its last digits, phone number or its last digits, "
        "or part of the household address (3组15号).",
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="what to look for")
    parser.add_argument(
        "--limit",
        type=int,
        default=search.DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N results (default {search.DEFAULT_LIMIT})",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.set_defaults(func=cmd_search)


def hit_record(hit: search.SearchHit) -> dict[str, Any]:
    """A hit as JSON: masked numbers only, status as code and label."""
    record = asdict(hit)
    record["status_label"] = codes.table("person_status").label(hit.status)
    return record


def _line(hit: search.SearchHit) -> str:
    parts = [hit.name, hit.id_masked, hit.phone_masked or "-", hit.household_no, hit.address]
    if hit.is_head:
        parts.append(f"({tr(MSG_HEAD)})")
    if hit.status != search.STATUS_NORMAL:
        parts.append(f"[{codes.table('person_status').label(hit.status)}]")
    return "  ".join(parts)


def cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    if not 1 <= args.limit <= search.MAX_LIMIT:
        print(tr(MSG_BAD_LIMIT, max=search.MAX_LIMIT), file=sys.stderr)
        if args.json:
            print_json([])
        return EXIT_INVALID
    with open_store(args) as store:
        result = search.search(store.conn, query, args.limit)
    if result.message is not None:
        print(result.text(), file=sys.stderr)
        if args.json:
            print_json([])
        return EXIT_INVALID
    if args.json:
        print_json([hit_record(h) for h in result.hits])
        return EXIT_OK
    if not result.hits:
        print(tr(MSG_NONE, query=query.strip()))
        return EXIT_OK
    specs = [PERSON_FIELDS[f] for f in ("name", "id_number", "phone")]
    specs += [HOUSEHOLD_FIELDS[f] for f in ("household_no", "address")]
    header = [translate("Fields", spec.label) for spec in specs]
    print("  ".join(header))
    for hit in result.hits:
        print(_line(hit))
    if len(result.hits) == args.limit:
        print(tr(MSG_MORE, count=args.limit), file=sys.stderr)
    return EXIT_OK
