"""``gridapp petition add|list|show|advance|correct``: scripting 诉求信访.

``correct NUMBER FIELD=VALUE … --reason TEXT`` corrects registration fields (更正登记信息:
every field of the registration file but ``reg_date``), kept with the old and new values.

``add --json-file F`` reads one petition as a JSON object: the fields of the registration
form (``reg_date``, ``channel``, ``kind``, ``category``, ``summary``, ``content``,
``headcount``, ``is_repeat``, ``repeat_count``, ``problem_area_code``, ``problem_address``,
``confidential``; codes or their Chinese labels) and ``petitioners``: a list of objects with
``name``, ``id_number``, ``phone``, ``address`` and ``is_primary``. A petitioner whose ID
number is registered is linked to that person. It prints the new 登记编号.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from gridapp.cli.common import EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import petition_flow
from gridapp.models.access import Permission
from gridapp.models.deadlines import DeadlinePolicy, traffic_light
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import parse_date
from gridapp.models.idnumber import parse_id_number
from gridapp.models.petition import STATUSES, Petition, Petitioner
from gridapp.models.petition_metrics import ALL_GRIDS, MetricWeights
from gridapp.models.petition_register import PETITION_FIELDS, PETITIONER_FIELDS
from gridapp.store.access import allowed
from gridapp.store.households import HouseholdRepository, new_id
from gridapp.store.petition_list import PetitionFilter, PetitionRow, row_key
from gridapp.store.petitions import PetitionRepository
from gridapp.store.rows import to_row

MSG_BAD_JSON = QT_TRANSLATE_NOOP("Messages", "Not a readable JSON file: {detail}")
MSG_NOT_OBJECT = QT_TRANSLATE_NOOP(
    "Messages", "The file must hold one JSON object (a petition), with a list “petitioners”."
)
MSG_UNKNOWN_KEY = QT_TRANSLATE_NOOP("Messages", "Unknown field “{field}”.")
MSG_BAD_MONTH = QT_TRANSLATE_NOOP("Messages", "A month is written YYYY-MM, e.g. 2026-11.")
MSG_UNKNOWN_STATUS = QT_TRANSLATE_NOOP(
    "Messages", "There is no status “{value}”; the statuses are: {known}."
)
MSG_BAD_WEIGHTS = QT_TRANSLATE_NOOP(
    "Messages", "Give three weights for 响应率, 解决率 and 满意率, e.g. 0.1,0.5,0.4."
)
MSG_ASSIGNMENT = QT_TRANSLATE_NOOP("Messages", "Write each value as FIELD=VALUE, e.g. method=书面.")
PAGE = 500
PETITIONER_KEYS = {*PETITIONER_FIELDS, "id_number", "is_primary"}


def add_commands(subparsers: Any) -> None:
    petition = subparsers.add_parser("petition", help="诉求信访: register, list, show")
    actions = petition.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="register a petition from a JSON file")
    add.add_argument("--json-file", required=True, metavar="FILE")
    add.add_argument("--json", action="store_true", help="print the saved petition as JSON")
    add.set_defaults(func=cmd_add)
    listing = actions.add_parser("list", help="petitions, newest first")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--status", action="append", default=[], metavar="S")
    listing.add_argument("--overdue", action="store_true", help="open and past the due date")
    listing.add_argument("--month", metavar="YYYY-MM", help="registered in this month")
    listing.set_defaults(func=cmd_list)
    step = actions.add_parser("advance", help="take a workflow step: ACTION FIELD=VALUE …")
    step.add_argument("reg_no")
    step.add_argument("step", metavar="ACTION", help="accept, reject, transfer, object, handle, …")
    step.add_argument("assignments", nargs="*", metavar="FIELD=VALUE")
    step.add_argument("--date", metavar="YYYY-MM-DD", help="the day of the step (default today)")
    step.add_argument("--role", help="grid_worker, secretary, township, county, department")
    step.add_argument("--json", action="store_true", help="print the petition as JSON")
    step.set_defaults(func=cmd_advance)
    fix = actions.add_parser(
        "correct", help="更正登记信息: correct registration fields: FIELD=VALUE … --reason TEXT"
    )
    fix.add_argument("reg_no")
    fix.add_argument(
        "assignments", nargs="+", metavar="FIELD=VALUE", help="summary, channel, kind, headcount, …"
    )
    fix.add_argument("--reason", required=True, help="why (kept in the progress)")
    fix.add_argument("--json", action="store_true", help="print the petition as JSON")
    fix.set_defaults(func=cmd_correct)
    metrics = actions.add_parser("metrics", help="the month's figures per grid")
    metrics.add_argument("--month", required=True, metavar="YYYY-MM")
    metrics.add_argument("--json", action="store_true")
    metrics.set_defaults(func=cmd_metrics)
    settings = actions.add_parser(
        "settings", help="show or change the county's day rule, metric weights and this PC's role"
    )
    settings.add_argument("--day-rule", choices=["calendar", "working"])
    settings.add_argument(
        "--roll-to-working-day", choices=["yes", "no"], help="民法典 art. 203 (default yes)"
    )
    settings.add_argument("--basic-satisfied", type=float, metavar="W", help="weight of 基本满意")
    settings.add_argument(
        "--weights", metavar="R,S,T", help="weights of 响应率, 解决率, 满意率 in 综合"
    )
    settings.add_argument("--role", choices=list(petition_flow.ROLES), help="this PC's role")
    settings.add_argument("--json", action="store_true")
    settings.set_defaults(func=cmd_settings)
    show = actions.add_parser("show", help="one petition with petitioners and progress")
    show.add_argument("reg_no")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)


def _fail(field: str, message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field, message, params)])


def read_petition_file(path: Path) -> tuple[Petition, list[Petitioner]]:
    """The petition and petitioners a JSON file describes (unchecked; the store checks)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail("json_file", MSG_BAD_JSON, detail=str(exc)[:200]) from None
    if not isinstance(data, dict) or not isinstance(data.get("petitioners", []), list):
        raise _fail("json_file", MSG_NOT_OBJECT)
    people = data.pop("petitioners", [])
    errors = [
        FieldError(str(key)[:40], MSG_UNKNOWN_KEY, {"field": str(key)[:40]})
        for key in data
        if key not in PETITION_FIELDS
    ]
    for index, person in enumerate(people):
        if not isinstance(person, dict):
            raise _fail("json_file", MSG_NOT_OBJECT)
        errors += [
            FieldError(f"petitioners[{index}].{key}"[:60], MSG_UNKNOWN_KEY, {"field": key[:40]})
            for key in person
            if key not in PETITIONER_KEYS
        ]
    if errors:
        raise ValidationError(errors)
    values: dict[str, Any] = {k: ("" if v is None else v) for k, v in data.items()}
    values.setdefault("reg_date", date.today().isoformat())
    # Raw values: the registration's checks turn them into dates, codes and numbers.
    petition = Petition(id=new_id(), reg_no="", **values)
    petitioners = [
        Petitioner(
            id=new_id(),
            petition_id=petition.id,
            name=str(p.get("name") or ""),
            id_number=str(p.get("id_number") or ""),
            phone=str(p.get("phone") or ""),
            address=str(p.get("address") or ""),
            is_primary=bool(p.get("is_primary", False)),
        )
        for p in people
    ]
    return petition, petitioners


def cmd_add(args: argparse.Namespace) -> int:
    petition, petitioners = read_petition_file(Path(args.json_file))
    with open_store(args) as store:
        people = HouseholdRepository(store)
        linked = []
        for petitioner in petitioners:
            person = None
            if petitioner.id_number.strip():
                try:
                    number = parse_id_number(petitioner.id_number).number
                except ValidationError:
                    number = ""  # the registration's own check names the petitioner
                person = people.person_by_id_number(number) if number else None
            linked.append(
                petitioner if person is None else replace(petitioner, person_id=person.id)
            )
        repo = PetitionRepository(store)
        saved = repo.register(petition, linked)
        record = petition_record(repo, saved)
    if args.json:
        print_json(record)
    else:
        print(saved.reg_no)
    return EXIT_OK


def _petitioners(repo: PetitionRepository, petition_id: str, unmask: bool) -> list[Petitioner]:
    """The petitioners as printed (issue #8): ``show`` names one petition, so there a role
    that may unmask and see the petitioner gets the full numbers, logged as an ``unmask``;
    otherwise as :meth:`PetitionRepository.petitioners` gives them (masked, or none)."""
    if unmask and allowed(repo.store, Permission.UNMASK):
        petition = repo.get(petition_id)
        if repo.visibility(petition).petitioner and repo.petitioners(petition_id):
            return repo.unmask_petitioners(petition_id)
    return repo.petitioners(petition_id)


def petition_record(
    repo: PetitionRepository, petition: Petition, unmask: bool = False
) -> dict[str, Any]:
    """A petition as a JSON-ready dict with its petitioners and progress entries."""
    record = to_row(petition)
    for name in ("is_repeat", "confidential"):
        record[name] = bool(record[name])
    record.pop("version", None)
    record["petitioners"] = [
        {
            key: to_row(p)[key]
            for key in ("name", "person_id", "id_number", "phone", "address", "is_primary")
        }
        for p in _petitioners(repo, petition.id, unmask)
    ]
    for entry in record["petitioners"]:
        entry["is_primary"] = bool(entry["is_primary"])
    deadlines = repo.deadlines(petition)
    record["deadlines"] = {
        name: value.isoformat() for name, value in vars(deadlines).items() if value is not None
    }
    done = petition.status not in petition_flow.OPEN_STATUSES
    due = petition.due_date
    record["light"] = traffic_light(due, date.today(), done=done).value
    record["status_label"] = petition_flow.status_label(petition.status)
    record["progress"] = [
        {
            "action": step.action,
            "date": step.action_date.isoformat(),
            "actor": step.actor,
            "detail": json.loads(step.detail or "{}"),
        }
        for step in repo.progress(petition.id)
    ]
    return record


def _assignments(items: list[str]) -> dict[str, str]:
    """FIELD=VALUE arguments as a dict."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise _fail("assignments", MSG_ASSIGNMENT)
        values[name.strip()] = value
    return values


def cmd_advance(args: argparse.Namespace) -> int:
    values = _assignments(args.assignments)
    on = parse_date(args.date, "date") if args.date else date.today()
    with open_store(args) as store:
        repo = PetitionRepository(store)
        current = repo.require(args.reg_no)
        saved = repo.advance(current.id, args.step, values, on=on, role=args.role)
        record = petition_record(repo, saved)
    if args.json:
        print_json(record)
    else:
        print(f"{saved.reg_no}\t{record['status_label']}\t{saved.due_date or ''}")
    return EXIT_OK


def cmd_correct(args: argparse.Namespace) -> int:
    """更正登记信息: prints the number and the fields corrected."""
    values = _assignments(args.assignments)
    with open_store(args) as store:
        repo = PetitionRepository(store)
        current = repo.require(args.reg_no)
        saved = repo.correct(current.id, values, on=date.today(), reason=args.reason)
        record = petition_record(repo, saved)
    if args.json:
        print_json(record)
    else:
        changed = [k for k in PETITION_FIELDS if getattr(current, k) != getattr(saved, k)]
        print(f"{saved.reg_no}\t{','.join(changed)}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = PetitionRepository(store)
        record = petition_record(repo, repo.require(args.reg_no), unmask=True)
    if args.json:
        print_json(record)
    else:
        for key, value in record.items():
            print(f"{key}: {value}")
    return EXIT_OK


def _status(value: str) -> str:
    """A status code, or its label in Chinese or English, as the code."""
    wanted = value.strip()
    for code in STATUSES:
        labels = {code, petition_flow.status_label(code), petition_flow.status_label(code, "en")}
        if wanted in labels:
            return code
    known = "、".join(STATUSES)
    raise _fail("status", MSG_UNKNOWN_STATUS, value=wanted[:40], known=known)


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def cmd_metrics(args: argparse.Namespace) -> int:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month or ""):
        raise _fail("month", MSG_BAD_MONTH)
    with open_store(args) as store:
        figures = PetitionRepository(store).metrics(args.month, date.today())
    counts = (
        "grid_code registered repeat responded notify_due notified_in_time handle_due"
        " handled_in_time replied resolved rated satisfied basic overdue"
    )
    rates = (
        "response_rate on_time_acceptance_rate on_time_completion_rate resolution_rate"
        " satisfaction_rate composite"
    )
    ordered = sorted(figures.values(), key=lambda m: (m.grid_code != ALL_GRIDS, m.grid_code))
    rows = [{name: getattr(m, name) for name in (counts + " " + rates).split()} for m in ordered]
    if args.json:
        print_json({"month": args.month, "grids": rows})
    else:
        head = ["网格", "登记", "重复", "响应率", "按期受理率", "按期办结率", "解决率", "满意率"]
        print("\t".join([*head, "超期", "综合"]))
        for r in rows:
            grid = "合计" if r["grid_code"] == ALL_GRIDS else (r["grid_code"] or "（未指定）")
            shown = [
                _percent(r[name])
                for name in (
                    "response_rate",
                    "on_time_acceptance_rate",
                    "on_time_completion_rate",
                    "resolution_rate",
                    "satisfaction_rate",
                )
            ]
            composite = "—" if r["composite"] is None else f"{r['composite']:.3f}"
            line = [grid, str(r["registered"]), str(r["repeat"]), *shown]
            print("\t".join([*line, str(r["overdue"]), composite]))
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = PetitionRepository(store)
        policy = repo.policy()
        if args.day_rule or args.roll_to_working_day:
            settings = policy.settings()
            if args.day_rule:
                settings["day_rule"] = args.day_rule
            if args.roll_to_working_day:
                settings["roll_to_working_day"] = args.roll_to_working_day == "yes"
            repo.set_policy(DeadlinePolicy.from_settings(settings, policy.calendar))
        if args.basic_satisfied is not None or args.weights:
            values = repo.metric_weights().settings()
            if args.basic_satisfied is not None:
                values["basic_satisfied"] = args.basic_satisfied
            if args.weights:
                values.update(_weights(args.weights))
            repo.set_metric_weights(MetricWeights.from_settings(values))
        if args.role:
            repo.set_role(args.role)
        record = {
            **repo.policy().settings(),
            "metric_weights": repo.metric_weights().settings(),
            "role": repo.role(),
            "holiday_years": _years(repo.policy().calendar.years),
        }
    if args.json:
        print_json(record)
    else:
        for key, value in record.items():
            print(f"{key}: {value}")
    return EXIT_OK


def _years(years: frozenset[int]) -> str:
    return f"{min(years)}-{max(years)}" if years else ""


def _weights(text: str) -> dict[str, float]:
    parts = [p.strip() for p in text.split(",")]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 3 or any(n < 0 for n in numbers):
        raise _fail("weights", MSG_BAD_WEIGHTS)
    return dict(zip(("response", "resolution", "satisfaction"), numbers, strict=True))


def _listed(row: PetitionRow) -> dict[str, Any]:
    """A list row as printed (without the fields that only decide who sees the content)."""
    record = dict(vars(row))
    for name in ("holder", "accused_ids", "confidential"):
        record.pop(name, None)
    return record


def cmd_list(args: argparse.Namespace) -> int:
    if args.month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        raise _fail("month", MSG_BAD_MONTH)
    flt = PetitionFilter(
        statuses=tuple(_status(value) for value in args.status),
        overdue=args.overdue,
        month=args.month or "",
        open_statuses=petition_flow.OPEN_STATUSES,
    )
    rows = []
    with open_store(args) as store:
        after = None
        while True:
            page = PetitionRepository(store).page(flt, after, PAGE)
            rows += [_listed(row) for row in page]
            if len(page) < PAGE:
                break
            after = row_key(page[-1])
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            line = [row["reg_no"], row["reg_date"], row["status"], row["due_date"]]
            print("\t".join([*line, row["petitioner"], row["summary"]]))
    sys.stdout.flush()
    return EXIT_OK
