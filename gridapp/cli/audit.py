"""``gridapp audit``: reading and checking this PC's audit log (issue #8, ``docs/audit.md``).

- ``audit verify [--json]`` walks the whole hash chain and names, by entry number (seq),
  every changed, removed, replaced, inserted or moved entry and a cut tail. Exit 0 when the
  log is intact, 1 when anything is wrong.
- ``audit list [--since DATE] [--until DATE] [--action A] [--user U] [--limit N] [--json]``
  prints entries newest first, a page at a time (``--limit 0``: all); ``--action`` takes an
  action code (``login``) or its name (登录).

Both need a role that may read the audit log (secretary, county roles, administrator).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date
from typing import Any

from gridapp.cli.common import EXIT_INVALID, EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.errors import FieldError, ValidationError
from gridapp.store.audit import AuditFilter, AuditLog, AuditRow
from gridapp.store.audit_labels import detail_text, label

MSG_BAD_DATE = QT_TRANSLATE_NOOP(
    "Messages", "“{date}” is not a date: write it as YYYY-MM-DD, e.g. 2026-11-30."
)
MSG_NO_ENTRIES = QT_TRANSLATE_NOOP("Messages", "No audit entry matches.")
MSG_MORE = QT_TRANSLATE_NOOP(
    "Messages", "… only the newest {limit} are shown; --limit N shows more, --limit 0 all."
)
PAGE = 500
DEFAULT_LIMIT = 100


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="read or verify the audit log (who did what, hash-chained)",
        description="This PC's audit log: every login, edit, export, print, unmasking …",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("verify", help="check the chain: changed or removed entries")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(func=cmd_verify)
    show = actions.add_parser("list", help="entries, newest first")
    show.add_argument("--since", metavar="YYYY-MM-DD", help="from this day on")
    show.add_argument("--until", metavar="YYYY-MM-DD", help="up to this day (inclusive)")
    show.add_argument("--action", metavar="A", help="an action code (login) or its name (登录)")
    show.add_argument("--user", metavar="U", help="one user's entries")
    show.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N entries (default {DEFAULT_LIMIT}; 0: all)",
    )
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=cmd_list)


def _date(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError([FieldError(field, MSG_BAD_DATE, {"date": text})]) from None


def cmd_verify(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        result = AuditLog(store).verify()
    finally:
        store.close()
    if args.json:
        print_json(result.to_json())
    else:
        for finding in result.findings:
            print(finding.text())
        print(result.summary())
    return EXIT_OK if result.ok else EXIT_INVALID


def _entries(log: AuditLog, flt: AuditFilter) -> Iterator[AuditRow]:
    """The matching entries, newest first, read a page at a time."""
    after: int | None = None
    while True:
        page = log.page(flt, after, PAGE)
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].seq


def cmd_list(args: argparse.Namespace) -> int:
    since, until = _date(args.since, "since"), _date(args.until, "until")
    limit = max(args.limit, 0)
    store = open_store(args)
    shown: list[dict[str, Any]] = []
    count, more = 0, False
    try:
        log = AuditLog(store)
        actions = log.resolve_action(args.action) if args.action else ()
        flt = AuditFilter(since=since, until=until, actions=actions, user=args.user or "")
        for row in _entries(log, flt):
            if limit and count == limit:
                more = True
                break
            count += 1
            if args.json:
                shown.append(row.to_json())
                continue
            record = f"{row.tbl}:{row.row_id}" if row.row_id else row.tbl
            fields = [str(row.seq), row.at, row.user_id, label(row.action), record]
            print("\t".join([*fields, detail_text(row.detail)]))
    finally:
        store.close()
    if args.json:
        print_json(shown)
    elif not count:
        print(tr(MSG_NO_ENTRIES))
    elif more:
        print(tr(MSG_MORE, limit=limit), file=sys.stderr)
    return EXIT_OK
