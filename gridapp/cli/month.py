"""``gridapp month``: closing a village's month (月结), reopening it (反结账), and the copy kept.

- ``month status [--month YYYY-MM] [--scope VILLAGE] [--json]`` — the months closed so far
  (newest first) with every close and reopening; with ``--month`` that month alone and how
  many corrections (更正) its ledgers have since it was closed.
- ``month close --month YYYY-MM [--scope VILLAGE]`` — close a month that is over; keeps the
  snapshot of its four village ledgers and their PDFs.
- ``month reopen --month YYYY-MM --reason TEXT [--scope VILLAGE]``.
- ``month copy --month YYYY-MM --kind KIND -o FILE.pdf [--scope VILLAGE]`` — the ledger as it
  was signed when the month was closed.

The scope defaults to the village of this PC's work scope. A bad, future or running month, an
unknown scope, a month closed twice or a role below the community secretary: a Chinese
message, exit 1, nothing changed. Rules in ``docs/month-close.md``.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from typing import Any

from gridapp.cli.common import EXIT_INVALID, EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.ledger import LedgerRequest, parse_month
from gridapp.models.month_close import CLOSED_KINDS, KIND_LABELS, MonthClose, MonthStatus, month_key
from gridapp.models.petition_flow import role_label
from gridapp.store.db import Store

MSG_BAD_MONTH = QT_TRANSLATE_NOOP(
    "Messages", "“{month}” is not a month: write it as YYYY-MM, e.g. 2026-11."
)
MSG_NO_SCOPE = QT_TRANSLATE_NOOP(
    "Messages", "No work scope is chosen on this PC: give the village with --scope."
)
MSG_NONE_CLOSED = QT_TRANSLATE_NOOP("Messages", "No month of {village} has been closed.")
MSG_OPEN = QT_TRANSLATE_NOOP("Messages", "{month}  {village}: open (not closed).")
MSG_CLOSED_LINE = QT_TRANSLATE_NOOP("Messages", "{month}  closed {when} by {user} ({role})")
MSG_REOPENED_LINE = QT_TRANSLATE_NOOP("Messages", "         reopened {when} by {user}: {reason}")
MSG_STANDING = QT_TRANSLATE_NOOP(
    "Messages", "{month}  {village}: closed since {when}; corrections since: {count}."
)
MSG_CLOSED = QT_TRANSLATE_NOOP(
    "Messages", "Closed: {village} {month}. Ledger copies kept: {copies}."
)
MSG_REOPENED = QT_TRANSLATE_NOOP(
    "Messages", "Reopened: {village} {month} (the close stays in the history)."
)
MSG_NO_COPY = QT_TRANSLATE_NOOP(
    "Messages",
    "No copy of the {kind} ledger of {month} is kept (the month is not closed, or"
    " that ledger could not be drawn when it was closed).",
)
MSG_COPY_WRITTEN = QT_TRANSLATE_NOOP("Messages", "Ledger copy written: {path}.")


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "month",
        help="close a month (月结), reopen it, or see which months are closed",
        description="Closing a village's month after its ledgers are printed and signed.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="which months are closed")
    status.add_argument("--month", metavar="YYYY-MM", help="one month, with its corrections")
    close = actions.add_parser("close", help="close a month that is over")
    close.add_argument("--month", metavar="YYYY-MM", required=True)
    reopen = actions.add_parser("reopen", help="reopen a closed month (with a reason)")
    reopen.add_argument("--month", metavar="YYYY-MM", required=True)
    reopen.add_argument("--reason", metavar="TEXT", required=True)
    copy = actions.add_parser("copy", help="the ledger PDF kept when the month was closed")
    copy.add_argument("--month", metavar="YYYY-MM", required=True)
    copy.add_argument("--kind", choices=CLOSED_KINDS, required=True)
    copy.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    for sub, func in ((status, cmd_status), (close, cmd_close), (reopen, cmd_reopen)):
        sub.add_argument("--json", action="store_true", help="print JSON")
        sub.set_defaults(func=func)
    copy.set_defaults(func=cmd_copy)
    for sub in (status, close, reopen, copy):
        sub.add_argument("--scope", metavar="VILLAGE", help="12-digit village code")


def _month(text: str | None) -> date:
    parsed = parse_month(text or "")
    if parsed is None:
        raise ValidationError([FieldError("month", MSG_BAD_MONTH, {"month": text or ""})])
    return parsed


def _scope(store: Store, args: argparse.Namespace) -> str:
    from gridapp.store.scope import load_scope

    if args.scope:
        return str(args.scope).strip()
    chosen = load_scope(store)
    if chosen is None:
        raise ValidationError([FieldError("scope", MSG_NO_SCOPE)])
    return chosen.village_code


def _shown_month(month: date) -> str:
    return f"{month.year}年{month.month:02d}月"


def _close_json(close: MonthClose) -> dict[str, Any]:
    return {
        "closed_at": close.closed_at,
        "closed_by": close.closed_by,
        "role": close.role,
        "reopened_at": close.reopened_at,
        "reopened_by": close.reopened_by,
        "reopen_reason": close.reopen_reason,
    }


def _status_json(status: MonthStatus) -> dict[str, Any]:
    return {
        "month": month_key(status.month),
        "closed": status.closed,
        "history": [_close_json(c) for c in status.history],
    }


def _print_history(status: MonthStatus) -> None:
    for close in status.history:
        print(
            tr(
                MSG_CLOSED_LINE,
                month=month_key(status.month),
                when=close.closed_at.replace("T", " "),
                user=close.closed_by,
                role=role_label(close.role),
            )
        )
        if close.reopened_at:
            print(
                tr(
                    MSG_REOPENED_LINE,
                    when=close.reopened_at.replace("T", " "),
                    user=close.reopened_by,
                    reason=close.reopen_reason,
                )
            )


def cmd_status(args: argparse.Namespace) -> int:
    from gridapp.store.month_close import MonthCloseRepository

    month = _month(args.month) if args.month else None
    with open_store(args) as store:
        repo = MonthCloseRepository(store)
        village = repo.village(_scope(store, args))
        name = village.village_name or village.village_code
        if month is None:
            months = repo.history(village.code)
            if args.json:
                print_json(
                    {
                        "ok": True,
                        "village": village.code,
                        "months": [_status_json(s) for s in months],
                    }
                )
            elif not months:
                print(tr(MSG_NONE_CLOSED, village=name))
            for status in [] if args.json else months:
                _print_history(status)
            return EXIT_OK
        status = repo.status(month, village.code)
        count = len(repo.amendments(month, village.code)) if status.closed else 0
    if args.json:
        print_json(
            {"ok": True, "village": village.code, **_status_json(status), "corrections": count}
        )
        return EXIT_OK
    current = status.current
    if current is None:
        print(tr(MSG_OPEN, month=month_key(month), village=name))
    else:
        when = current.closed_at.replace("T", " ")
        print(tr(MSG_STANDING, month=month_key(month), village=name, when=when, count=count))
    _print_history(status)
    return EXIT_OK


def cmd_close(args: argparse.Namespace) -> int:
    from gridapp.reports.amendments import copy_renderer
    from gridapp.store.ledgers import read_amendments
    from gridapp.store.month_close import MonthCloseRepository

    month = _month(args.month)
    with open_store(args) as store:
        repo = MonthCloseRepository(store)
        scope = _scope(store, args)

        render = copy_renderer(
            lambda kind: read_amendments(store, LedgerRequest(kind, month, scope))
        )
        close = repo.close(month, scope, render)
        village = repo.village(scope)
        kept = [kind for kind in CLOSED_KINDS if repo.has_copy(month, scope, kind)]
    if args.json:
        print_json(
            {
                "ok": True,
                "village": close.village_code,
                "month": month_key(month),
                **_close_json(close),
                "copies": kept,
            }
        )
        return EXIT_OK
    name = village.village_name or village.village_code
    copies = "、".join(tr(KIND_LABELS[kind]) for kind in kept) or "—"
    print(tr(MSG_CLOSED, village=name, month=_shown_month(month), copies=copies))
    return EXIT_OK


def cmd_reopen(args: argparse.Namespace) -> int:
    from gridapp.store.month_close import MonthCloseRepository

    month = _month(args.month)
    with open_store(args) as store:
        repo = MonthCloseRepository(store)
        scope = _scope(store, args)
        close = repo.reopen(month, scope, args.reason)
        village = repo.village(scope)
    if args.json:
        print_json(
            {
                "ok": True,
                "village": close.village_code,
                "month": month_key(month),
                **_close_json(close),
            }
        )
        return EXIT_OK
    name = village.village_name or village.village_code
    print(tr(MSG_REOPENED, village=name, month=_shown_month(month)))
    return EXIT_OK


def cmd_copy(args: argparse.Namespace) -> int:
    from gridapp.store.month_close import MonthCloseRepository

    month = _month(args.month)
    with open_store(args) as store:
        pdf = MonthCloseRepository(store).copy(month, _scope(store, args), args.kind)
    if pdf is None:
        kind = tr(KIND_LABELS[args.kind])
        print(tr(MSG_NO_COPY, kind=kind, month=month_key(month)), file=sys.stderr)
        return EXIT_INVALID
    partial = args.output + ".part"
    with open(partial, "wb") as out:
        out.write(pdf)
    os.replace(partial, args.output)
    print(tr(MSG_COPY_WRITTEN, path=args.output))
    return EXIT_OK
