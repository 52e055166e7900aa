"""``gridapp person show|set`` and ``gridapp stats``: scripting the household register."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from gridapp.cli.common import EXIT_INVALID, EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.access import Permission
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.idnumber import parse_id_number
from gridapp.store.access import allowed
from gridapp.store.errors import NotFoundError
from gridapp.store.households import HouseholdRepository
from gridapp.store.masking import masked_person
from gridapp.store.rows import to_row

MSG_NOT_FOUND = QT_TRANSLATE_NOOP("Messages", "No person with this ID number is registered.")
MSG_ASSIGNMENT = QT_TRANSLATE_NOOP(
    "Messages", "Write each change as FIELD=VALUE, e.g. phone=13800138000."
)
MSG_UPDATED = QT_TRANSLATE_NOOP("Messages", "Updated {count} field(s) of {name}.")
MSG_UNCHANGED = QT_TRANSLATE_NOOP("Messages", "Nothing changed: the values were already so.")


def add_commands(subparsers: Any) -> None:
    person = subparsers.add_parser("person", help="show or change one person")
    actions = person.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="all fields of a person")
    show.add_argument("id_number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)
    change = actions.add_parser("set", help="change fields: FIELD=VALUE …")
    change.add_argument("id_number")
    change.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    change.add_argument("--json", action="store_true")
    change.set_defaults(func=cmd_set)
    stats = subparsers.add_parser("stats", help="counts of households, persons, …")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=cmd_stats)


def _lookup(repo: HouseholdRepository, raw: str) -> Any:
    number = parse_id_number(raw).number
    person = repo.person_by_id_number(number)
    if person is None:
        raise ValidationError([FieldError("id_number", MSG_NOT_FOUND)])
    return person


def person_record(repo: HouseholdRepository, person: Any, unmask: bool = False) -> dict[str, Any]:
    """A person as a JSON-ready dict: every field, dates as YYYY-MM-DD, plus household and tags.

    Issue #8: ``show`` names one person, so with ``unmask`` a role that may unmask sees the
    full ID number and phone — logged as an ``unmask`` (``HouseholdRepository.unmask_person``);
    otherwise they are masked, and no 重点管理 tags without the right to see them."""
    if unmask and allowed(repo.store, Permission.UNMASK):
        id_number, phone = repo.unmask_person(person.id)
        person = replace(person, id_number=id_number, phone=phone)
    else:
        person = masked_person(person)
    record = to_row(person)
    record["verified"] = bool(record["verified"])
    try:
        household = repo.get_household(person.household_id) if person.household_id else None
    except NotFoundError:
        household = None
    record["household_no"] = household.household_no if household else ""
    record["household_address"] = household.address if household else ""
    record["tags"] = [
        {
            "tag": t.tag,
            "start_date": t.start_date and t.start_date.isoformat(),
            "end_date": t.end_date and t.end_date.isoformat(),
        }
        for t in repo.person_tags(person.id)
    ]
    return record


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = HouseholdRepository(store)
        record = person_record(repo, _lookup(repo, args.id_number), unmask=True)
    if args.json:
        print_json(record)
    else:
        for key, value in record.items():
            print(f"{key}: {value}")
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    values: dict[str, str] = {}
    for item in args.assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            print(tr(MSG_ASSIGNMENT), file=sys.stderr)
            return EXIT_INVALID
        values[name.strip()] = value
    with open_store(args) as store:
        repo = HouseholdRepository(store)
        person = _lookup(repo, args.id_number)
        changes = repo.update_person(person.id, values)
        changed = changes.count("person")
        record = person_record(repo, repo.get_person(person.id))
    if args.json:
        print_json({"ok": True, "changed": changed, "person": record})
    elif changed:
        print(tr(MSG_UPDATED, count=len(values), name=person.name))
    else:
        print(tr(MSG_UNCHANGED))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        stats = HouseholdRepository(store).stats()
    if args.json:
        print_json(stats)
    else:
        for key, value in stats.items():
            print(f"{key}: {value}")
    return EXIT_OK
