"""``gridapp conflicts [--json] [--all]`` and ``gridapp conflicts resolve ID …``: the sync
conflicts this PC knows, with both values, and a person's choice (``docs/sync-conflicts.md``).

``resolve ID --take local|server`` takes one side for every field, ``--set FIELD=VALUE``
(repeatable, also after ``--take``) types a value; a conflict of another kind is acknowledged
by ``resolve ID`` alone, and a deletion that met others' edits is deleted after all with
``--delete``. The choice is one edit sent with the next sync.

Exit status: 0 done, 1 the choice was refused (nothing changed), 2 the store could not be used.
"""

from __future__ import annotations

import argparse
from typing import Any

from gridapp.cli.common import EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.errors import FieldError, ValidationError
from gridapp.store import conflicts as conflict_store
from gridapp.store.conflicts import Conflict

MSG_NONE = QT_TRANSLATE_NOOP("Messages", "No open conflicts.")
MSG_NONE_AT_ALL = QT_TRANSLATE_NOOP("Messages", "No conflicts.")
MSG_LINE = QT_TRANSLATE_NOOP(
    "Messages", "{id}  {time}  {kind}  {record}  ({status}, edit by {user})"
)
MSG_VALUES = QT_TRANSLATE_NOOP("Messages", "    {field}: this PC {local} | county {server}")
MSG_VALUES_OTHER = QT_TRANSLATE_NOOP("Messages", "    {field}: other PC {local} | county {server}")
MSG_CHOOSE = QT_TRANSLATE_NOOP(
    "Messages",
    "Say what to keep: --take local, --take server or --set FIELD=VALUE.",
)
MSG_BAD_SET = QT_TRANSLATE_NOOP("Messages", "--set needs FIELD=VALUE, not {text}.")
MSG_RESOLVING = QT_TRANSLATE_NOOP(
    "Messages", "The choice for conflict {id} is saved; it goes to the county with the next sync."
)
STATUS_LABELS = {
    "open": QT_TRANSLATE_NOOP("Messages", "open"),
    "resolving": QT_TRANSLATE_NOOP("Messages", "being settled"),
    "resolved": QT_TRANSLATE_NOOP("Messages", "resolved"),
}


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "conflicts",
        help="list sync conflicts, or resolve one",
        description="Sync conflicts the county server recorded for this PC's scope: open ones "
        "(or --all) with both values; `conflicts resolve ID` chooses.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--all", action="store_true", help="also settled conflicts")
    parser.set_defaults(func=cmd_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    resolve = actions.add_parser(
        "resolve",
        help="choose for one conflict",
        description="Choose for one conflict: one edit that settles it with the next sync.",
    )
    resolve.add_argument("conflict_id", metavar="ID")
    resolve.add_argument("--take", choices=("local", "server"), help="one side for every field")
    resolve.add_argument(
        "--set", action="append", default=[], metavar="FIELD=VALUE", help="a typed value"
    )
    resolve.add_argument(
        "--delete", action="store_true", help="a deletion that met others' edits: delete"
    )
    resolve.add_argument("--json", action="store_true", help="print JSON")
    resolve.set_defaults(func=cmd_resolve)


def _print_text(conflict: Conflict) -> None:
    kind = conflict_store.KIND_LABELS.get(conflict.kind)
    table = conflict_store.table_label(conflict.tbl)
    print(
        tr(
            MSG_LINE,
            id=conflict.conflict_id,
            time=conflict_store.local_time(conflict.created_at),
            kind=tr(kind) if kind else conflict.kind,
            record=f"{table} {conflict.label}".strip(),
            status=tr(STATUS_LABELS.get(conflict.status, conflict.status)),
            user=conflict.user_id or "—",
        )
    )
    for name in conflict.shown_fields:
        print(
            tr(
                MSG_VALUES if conflict.own else MSG_VALUES_OTHER,
                field=conflict_store.field_label(conflict.tbl, name),
                local=conflict_store.value_text(
                    conflict.tbl, name, conflict.local_values.get(name)
                ),
                server=conflict_store.value_text(
                    conflict.tbl, name, conflict.server_values.get(name)
                ),
            )
        )


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        found = (
            conflict_store.all_conflicts(store)
            if args.all
            else conflict_store.open_conflicts(store)
        )
    if args.json:
        print_json({"ok": True, "conflicts": [c.as_dict() for c in found]})
        return EXIT_OK
    if not found:
        print(tr(MSG_NONE_AT_ALL if args.all else MSG_NONE))
    for conflict in found:
        _print_text(conflict)
    return EXIT_OK


def _values(args: argparse.Namespace, conflict: Conflict) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if args.take == "local":
        values = {
            f: conflict.local_values[f] for f in conflict.fields if f in conflict.local_values
        }
    elif args.take == "server":
        values = {
            f: conflict.server_values[f] for f in conflict.fields if f in conflict.server_values
        }
    for text in args.set:
        name, sep, value = str(text).partition("=")
        if not sep or not name.strip():
            raise ValidationError([FieldError("set", MSG_BAD_SET, {"text": text[:40]})])
        values[name.strip()] = value
    return values


def cmd_resolve(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        conflict = conflict_store.get(store, args.conflict_id)
        if conflict.status != "open":
            raise ValidationError([FieldError("conflict", conflict_store.MSG_SETTLED)])
        values = _values(args, conflict)
        if conflict.kind == "field" and not values and args.take != "server":
            raise ValidationError([FieldError("take", MSG_CHOOSE)])
        if conflict.kind != "field" and (args.take or args.set):
            raise ValidationError([FieldError("conflict", conflict_store.MSG_NO_CHOICE)])
        settled = conflict_store.resolve(store, conflict.conflict_id, values, delete=args.delete)
    if args.json:
        print_json({"ok": True, "conflict": settled.as_dict()})
        return EXIT_OK
    print(tr(MSG_RESOLVING, id=settled.conflict_id))
    return EXIT_OK
