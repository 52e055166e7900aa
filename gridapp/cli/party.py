"""``gridapp party …``: scripting 党员双报到 (in-service party members reporting where they
live, unit party organisations, the roster and the community's settings).

- ``member add --json-file F`` reads one member as a JSON object: ``id_number`` and the
  fields of :data:`~gridapp.models.party_register.MEMBER_FIELDS` (``name``, ``phone``,
  ``address``, ``work_unit``, ``party_org``, ``joined_date``, ``membership`` 正式/预备,
  ``skills``, ``education``, ``grid_code``, ``note``; codes or their Chinese labels). A member
  whose ID number belongs to a person living here is linked to that person (name, sex, birth
  date, phone and address from the register). It prints the ID number.
  ``member update ID_NUMBER FIELD=VALUE …`` changes fields (old and new values kept).
- ``report ID_NUMBER --date D [--grid CODE] [--community CODE] [--channel 线下|线上]``: 报到;
  ``cancel ID_NUMBER --date D --reason TEXT``: 注销 (after it the member cannot report again).
- ``org add --json-file F`` (``name``, ``org_type``, ``contact``, ``phone``, ``address``,
  ``report_date``, ``grid_code``, ``note``), ``org receipt ORG --date D --signer NAME`` (回执),
  ``org cancel ORG --date D --reason TEXT``, ``org list``; ``ORG`` is the id or the name.
- ``list [--below-threshold] [--year YYYY]``: the roster with each member's report and the
  year's activities, hours and points; with ``--below-threshold`` only the members in service
  that year whose hours stay below the settings' yearly threshold.
- ``show ID_NUMBER``: the member, every report (the history, 注销 included) and, from the
  service side, claims, activities and totals per feedback period.
- ``settings [--threshold H] [--period quarter|half|year] [--points-per-hour P] [--bonus B]``.

The service commands (``post``, ``activity``, ``feedback``) come from
:mod:`gridapp.cli.party_service`. Every refusal prints a Chinese message, exits 1 and
changes nothing.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from gridapp.cli.common import EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes
from gridapp.models.access import Permission
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.idnumber import mask_id_number, mask_phone
from gridapp.models.party import PartyMember, PartyOrg, PartyReport
from gridapp.models.party_register import MEMBER_FIELDS, ORG_FIELDS
from gridapp.models.party_rules import PartySettings
from gridapp.store.access import allowed
from gridapp.store.db import Store
from gridapp.store.households import new_id
from gridapp.store.masking import log_action
from gridapp.store.party import PartyRepository
from gridapp.store.rows import to_row

MSG_BAD_JSON = QT_TRANSLATE_NOOP("Messages", "Not a readable JSON file: {detail}")
MSG_NOT_MEMBER = QT_TRANSLATE_NOOP(
    "Messages", "The file must hold one JSON object (a party member)."
)
MSG_NOT_ORG = QT_TRANSLATE_NOOP(
    "Messages", "The file must hold one JSON object (a unit party organisation)."
)
MSG_UNKNOWN_KEY = QT_TRANSLATE_NOOP("Messages", "Unknown field “{field}”.")
MSG_ASSIGNMENT = QT_TRANSLATE_NOOP(
    "Messages", "Write each value as FIELD=VALUE, e.g. work_unit=县财政局."
)
MSG_BAD_YEAR = QT_TRANSLATE_NOOP("Messages", "A year is written YYYY, e.g. 2026.")
MEMBER_KEYS = {"id_number", *MEMBER_FIELDS}


def add_commands(subparsers: Any) -> None:
    party = subparsers.add_parser("party", help="党员双报到: members, reports, roster")
    actions = party.add_subparsers(dest="action", metavar="ACTION", required=True)

    member = actions.add_parser("member", help="in-service party members: add, update")
    steps = member.add_subparsers(dest="member_action", metavar="ACTION", required=True)
    add = steps.add_parser("add", help="add a member from a JSON file")
    add.add_argument("--json-file", required=True, metavar="FILE")
    add.add_argument("--json", action="store_true", help="print the saved member as JSON")
    add.set_defaults(func=cmd_member_add)
    update = steps.add_parser("update", help="change a member's fields: FIELD=VALUE …")
    update.add_argument("id_number", metavar="ID_NUMBER")
    update.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    update.add_argument("--json", action="store_true")
    update.set_defaults(func=cmd_member_update)

    report = actions.add_parser("report", help="报到: a member reports to the community")
    report.add_argument("id_number", metavar="ID_NUMBER")
    report.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    report.add_argument("--grid", default="", metavar="CODE", help="the grid assigned")
    report.add_argument(
        "--community", default="", metavar="CODE", help="12-digit village/community code"
    )
    report.add_argument("--channel", default="offline", help="线下 (default) or 线上")
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=cmd_report)
    cancel = actions.add_parser("cancel", help="注销 a member's report (date and reason)")
    cancel.add_argument("id_number", metavar="ID_NUMBER")
    cancel.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    cancel.add_argument("--reason", required=True)
    cancel.add_argument("--json", action="store_true")
    cancel.set_defaults(func=cmd_cancel)

    org = actions.add_parser("org", help="党组织报到: unit party organisations and 回执")
    org_steps = org.add_subparsers(dest="org_action", metavar="ACTION", required=True)
    org_add = org_steps.add_parser("add", help="an organisation reports (JSON file)")
    org_add.add_argument("--json-file", required=True, metavar="FILE")
    org_add.add_argument("--json", action="store_true")
    org_add.set_defaults(func=cmd_org_add)
    receipt = org_steps.add_parser("receipt", help="the community countersigns the 回执")
    receipt.add_argument("org", metavar="ORG", help="id or name")
    receipt.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    receipt.add_argument("--signer", required=True)
    receipt.add_argument("--json", action="store_true")
    receipt.set_defaults(func=cmd_org_receipt)
    org_cancel = org_steps.add_parser("cancel", help="注销 an organisation's report")
    org_cancel.add_argument("org", metavar="ORG", help="id or name")
    org_cancel.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    org_cancel.add_argument("--reason", required=True)
    org_cancel.add_argument("--json", action="store_true")
    org_cancel.set_defaults(func=cmd_org_cancel)
    org_list = org_steps.add_parser("list", help="every organisation's report")
    org_list.add_argument("--json", action="store_true")
    org_list.set_defaults(func=cmd_org_list)

    listing = actions.add_parser("list", help="the roster with the year's hours")
    listing.add_argument("--json", action="store_true")
    listing.add_argument(
        "--below-threshold", action="store_true", help="only members below the yearly hours"
    )
    listing.add_argument("--year", metavar="YYYY", help="default: this year")
    listing.set_defaults(func=cmd_list)
    show = actions.add_parser("show", help="one member: reports, claims, activities, totals")
    show.add_argument("id_number", metavar="ID_NUMBER")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)
    settings = actions.add_parser(
        "settings", help="show or change the hours threshold, feedback period, points"
    )
    settings.add_argument("--threshold", metavar="H", help="yearly hours threshold (0: none)")
    settings.add_argument("--period", metavar="KIND", help="feedback period: quarter, half, year")
    settings.add_argument("--points-per-hour", metavar="P")
    settings.add_argument("--bonus", metavar="B", help="points added per activity")
    settings.add_argument("--json", action="store_true")
    settings.set_defaults(func=cmd_settings)

    try:
        from gridapp.cli.party_service import add_service_commands
    except ModuleNotFoundError as exc:
        if exc.name != "gridapp.cli.party_service":
            raise
    else:
        add_service_commands(actions)


def _fail(field: str, message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field, message, params)])


def _read_object(path: Path, not_object: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail("json_file", MSG_BAD_JSON, detail=str(exc)[:200]) from None
    if not isinstance(data, dict):
        raise _fail("json_file", not_object)
    return data


def _values(data: dict[str, Any], known: set[str] | dict[str, Any]) -> dict[str, Any]:
    """The file's values (null as empty), refusing keys that are not fields."""
    errors = [
        FieldError(str(key)[:40], MSG_UNKNOWN_KEY, {"field": str(key)[:40]})
        for key in data
        if key not in known
    ]
    if errors:
        raise ValidationError(errors)
    return {k: ("" if v is None else v) for k, v in data.items()}


def read_member_file(path: Path) -> PartyMember:
    """The member a JSON file describes (raw values; the store checks them)."""
    values = _values(_read_object(path, MSG_NOT_MEMBER), MEMBER_KEYS)
    values.setdefault("id_number", "")
    values.setdefault("name", "")
    values.setdefault("membership", "full")
    values.setdefault("joined_date", None)
    return PartyMember(id=new_id(), **values)


def read_org_file(path: Path) -> PartyOrg:
    values = _values(_read_object(path, MSG_NOT_ORG), ORG_FIELDS)
    values.setdefault("name", "")
    values.setdefault("report_date", None)
    return PartyOrg(id=new_id(), **values)


def _assignments(items: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise _fail("assignments", MSG_ASSIGNMENT)
        values[name.strip()] = value
    return values


def _label(table: str, code: str) -> str:
    return codes.table(table).label(code) if code else ""


def report_record(report: PartyReport) -> dict[str, Any]:
    record = to_row(report)
    for key in ("version", "member_id", "area_code"):
        record.pop(key, None)
    record["channel_label"] = _label("report_channel", report.channel)
    return record


def member_record(
    repo: PartyRepository, member: PartyMember, unmask: bool = False
) -> dict[str, Any]:
    """A member as a JSON-ready dict with the report history. ID number and phone are masked
    (issue #8) but for ``show`` (``unmask``) by a role that may unmask: logged as ``unmask``."""
    if unmask and allowed(repo.store, Permission.UNMASK):
        detail = {"what": "party_member", "name": member.name}
        log_action(repo.store, "unmask", detail, table="party_member", row_id=member.id)
    else:
        member = replace(
            member,
            id_number=mask_id_number(member.id_number) if member.id_number else "",
            phone=mask_phone(member.phone) if member.phone else "",
        )
    record = to_row(member)
    record.pop("version", None)
    record["linked"] = member.person_id is not None
    record["membership_label"] = _label("party_membership", member.membership)
    record["reports"] = [report_record(r) for r in repo.reports(member.id)]
    current = repo.current_report(member.id)
    record["report_status"] = (
        current.status
        if current
        else (record["reports"][-1]["status"] if record["reports"] else "")
    )
    return record


def org_record(org: PartyOrg) -> dict[str, Any]:
    record = to_row(org)
    record.pop("version", None)
    return record


def _service_record(store: Store, member_id: str) -> dict[str, Any]:
    """Claims, activities and totals per period from the service side, when it is there."""
    try:
        from gridapp.store import party_service
    except ModuleNotFoundError as exc:
        if exc.name != "gridapp.store.party_service":
            raise
        return {}
    found = getattr(party_service, "member_record", None)
    return dict(found(store, member_id)) if found is not None else {}


def _print(record: dict[str, Any] | list[Any], as_json: bool, line: str) -> None:
    if as_json:
        print_json(record)
    else:
        print(line)


def cmd_member_add(args: argparse.Namespace) -> int:
    member = read_member_file(Path(args.json_file))
    with open_store(args) as store:
        repo = PartyRepository(store)
        saved = repo.add_member(member)
        record = member_record(repo, saved)
    _print(record, args.json, saved.id_number)
    return EXIT_OK


def cmd_member_update(args: argparse.Namespace) -> int:
    values = _assignments(args.assignments)
    with open_store(args) as store:
        repo = PartyRepository(store)
        current = repo.require_member(args.id_number)
        saved = repo.update_member(current.id, values)
        record = member_record(repo, saved)
    changed = [k for k in MEMBER_FIELDS if getattr(current, k) != getattr(saved, k)]
    _print(record, args.json, f"{saved.id_number}\t{','.join(changed)}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = PartyRepository(store)
        member = repo.require_member(args.id_number)
        saved = repo.report(
            member.id,
            args.date,
            community_code=args.community,
            grid_code=args.grid,
            channel=args.channel,
        )
    line = f"{member.id_number}\t{member.name}\t{saved.report_date}\t{saved.grid_code}"
    _print(report_record(saved), args.json, line)
    return EXIT_OK


def cmd_cancel(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = PartyRepository(store)
        member = repo.require_member(args.id_number)
        saved = repo.cancel_report(member.id, args.date, args.reason)
    line = f"{member.id_number}\t{member.name}\t{saved.cancel_date}\t{saved.cancel_reason}"
    _print(report_record(saved), args.json, line)
    return EXIT_OK


def cmd_org_add(args: argparse.Namespace) -> int:
    org = read_org_file(Path(args.json_file))
    with open_store(args) as store:
        saved = PartyRepository(store).add_org(org)
    _print(org_record(saved), args.json, f"{saved.id}\t{saved.name}")
    return EXIT_OK


def cmd_org_receipt(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = PartyRepository(store)
        saved = repo.sign_receipt(repo.require_org(args.org).id, args.date, args.signer)
    line = f"{saved.name}\t{saved.receipt_date}\t{saved.receipt_signer}"
    _print(org_record(saved), args.json, line)
    return EXIT_OK


def cmd_org_cancel(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = PartyRepository(store)
        saved = repo.cancel_org(repo.require_org(args.org).id, args.date, args.reason)
    line = f"{saved.name}\t{saved.cancel_date}\t{saved.cancel_reason}"
    _print(org_record(saved), args.json, line)
    return EXIT_OK


def cmd_org_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = [org_record(o) for o in PartyRepository(store).orgs()]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            line = [row["name"], row["report_date"] or "", row["status"]]
            print("\t".join([*line, row["receipt_date"] or "", row["receipt_signer"]]))
    return EXIT_OK


def _year(text: str | None) -> int:
    if text is None:
        return date.today().year
    value = text.strip()
    if not re.fullmatch(r"\d{4}", value) or not 1900 <= int(value) <= 9999:
        raise _fail("year", MSG_BAD_YEAR)
    return int(value)


def cmd_list(args: argparse.Namespace) -> int:
    year = _year(args.year)
    with open_store(args) as store:
        repo = PartyRepository(store)
        rows = repo.roster(year)
        if args.below_threshold:
            from gridapp.store.party_service import ServiceRepository

            by_id = {row["member_id"]: row for row in rows}
            rows = [
                {**by_id[below.member.id], "threshold": below.threshold}
                for below in ServiceRepository(store).below_threshold(year)
                if below.member.id in by_id
            ]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            line = [row["id_number"], row["name"], row["party_org"], row["report_status"]]
            print("\t".join([*line, row["report_date"], f"{row['hours']:g}"]))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = PartyRepository(store)
        member = repo.require_member(args.id_number)
        record = member_record(repo, member, unmask=True)
        record.update(_service_record(store, member.id))
    if args.json:
        print_json(record)
    else:
        for key, value in record.items():
            print(f"{key}: {value}")
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    changes = {
        name: value
        for name, value in (
            ("yearly_hours_threshold", args.threshold),
            ("feedback_period", args.period),
            ("points_per_hour", args.points_per_hour),
            ("activity_bonus", args.bonus),
        )
        if value is not None
    }
    with open_store(args) as store:
        repo = PartyRepository(store)
        if changes:
            values = {**repo.settings().settings(), **changes}
            repo.set_settings(PartySettings.from_settings(values))
        record = repo.settings().settings()
    if args.json:
        print_json(record)
    else:
        for key, value in record.items():
            print(f"{key}: {value}")
    return EXIT_OK
