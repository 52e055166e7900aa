"""``gridapp party post|activity|feedback``: scripting 双报到 service posts, activities and
feedback. :func:`add_service_commands` adds them to the ``party`` command of
:mod:`gridapp.cli.party`.

- ``post add --name N --category C [--kind post|project] [--planned N] …`` prints the id;
  ``post list`` is the 公示 list (claimed/planned and who); ``post claim POST --member
  ID_NUMBER`` or ``--org ORG`` (``POST``: the id or the name), ``post withdraw`` likewise.
- ``activity add --json-file F`` reads one activity: ``theme``, ``date``, ``place``,
  ``organiser``, optional ``post`` (id or name), ``grid_code``, ``note`` and
  ``participants``: a list of objects with ``id_number`` (or ``name``), ``hours``,
  ``content``, ``evaluation`` and optional ``points`` (otherwise from the settings). It
  prints the new activity's id. ``activity join ACTIVITY WHO… --hours H`` adds people from a
  sign-in list (ID numbers or names); one not found changes nothing.
- ``feedback show ID_NUMBER [--period 2026Q3]`` prints the feedback sheet (default: the
  current period of the settings' feedback period); ``feedback save ID_NUMBER --rating R
  --signer S [--period P] [--date D] [--opinion T]`` saves the community's opinion.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from gridapp.cli.common import EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import parse_date
from gridapp.models.party import PartyActivity, ServicePost
from gridapp.store.households import new_id
from gridapp.store.party_service import (
    FeedbackSheet,
    Participant,
    ServiceRepository,
    split_tokens,
)
from gridapp.store.rows import to_row

MSG_BAD_JSON = QT_TRANSLATE_NOOP("Messages", "Not a readable JSON file: {detail}")
MSG_NOT_ACTIVITY = QT_TRANSLATE_NOOP(
    "Messages", "The file must hold one JSON object (an activity), with a list “participants”."
)
MSG_UNKNOWN_KEY = QT_TRANSLATE_NOOP("Messages", "Unknown field “{field}”.")
ACTIVITY_KEYS = {
    "theme": "theme",
    "date": "activity_date",
    "activity_date": "activity_date",
    "place": "place",
    "organiser": "organiser",
    "post": "post_id",
    "grid_code": "grid_code",
    "note": "note",
}
PARTICIPANT_KEYS = {"id_number", "name", "member", "hours", "content", "evaluation", "points"}


def add_service_commands(actions: Any) -> None:
    """Add ``post``, ``activity`` and ``feedback`` to the ``party`` command's actions."""
    post = actions.add_parser("post", help="service posts and projects: add, list (公示), claim")
    steps = post.add_subparsers(dest="post_action", metavar="ACTION", required=True)
    add = steps.add_parser("add", help="add a service post or project")
    add.add_argument("--name", required=True)
    add.add_argument(
        "--category", required=True, help="组织建设, 法律咨询与援助, … (code or label)"
    )
    add.add_argument("--kind", default="post", help="post (岗位, default) or project (项目)")
    add.add_argument("--planned", default="1", metavar="N", help="places planned (拟认领数)")
    add.add_argument("--skills", default="", help="skills required")
    add.add_argument("--contact", default="")
    add.add_argument("--phone", default="")
    add.add_argument("--grid", default="", metavar="CODE")
    add.add_argument("--note", default="")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_post_add)
    listing = steps.add_parser("list", help="公示: every post with claimed/planned and who")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_post_list)
    for name, func, text in (
        ("claim", cmd_post_claim, "a member or a unit party organisation claims a post"),
        ("withdraw", cmd_post_withdraw, "withdraw a claim (kept in the history)"),
    ):
        step = steps.add_parser(name, help=text)
        step.add_argument("post", metavar="POST", help="the post's id or name")
        who = step.add_mutually_exclusive_group(required=True)
        who.add_argument("--member", metavar="ID_NUMBER", help="the member's ID number or name")
        who.add_argument("--org", metavar="ORG", help="the unit party organisation's id or name")
        if name == "claim":
            step.add_argument("--date", metavar="YYYY-MM-DD", help="claim date (default today)")
        step.add_argument("--json", action="store_true")
        step.set_defaults(func=func)

    activity = actions.add_parser("activity", help="activities with participants and hours")
    steps = activity.add_subparsers(dest="activity_action", metavar="ACTION", required=True)
    add = steps.add_parser("add", help="record an activity and its participants from JSON")
    add.add_argument("--json-file", required=True, metavar="FILE")
    add.add_argument("--json", action="store_true", help="print the activity as JSON")
    add.set_defaults(func=cmd_activity_add)
    join = steps.add_parser("join", help="add people from a sign-in list (ID numbers or names)")
    join.add_argument("activity", metavar="ACTIVITY", help="the activity's id")
    join.add_argument("who", nargs="+", metavar="WHO", help="ID numbers or names (、， allowed)")
    join.add_argument("--hours", required=True, metavar="H")
    join.add_argument("--content", default="")
    join.add_argument("--evaluation", default="")
    join.add_argument("--json", action="store_true")
    join.set_defaults(func=cmd_activity_join)

    feedback = actions.add_parser("feedback", help="feedback to a member's work unit per period")
    steps = feedback.add_subparsers(dest="feedback_action", metavar="ACTION", required=True)
    show = steps.add_parser("show", help="the feedback sheet of a member and period")
    show.add_argument("member", metavar="ID_NUMBER")
    show.add_argument("--period", metavar="P", help="2026Q3, 2026H1 or 2026 (default: current)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_feedback_show)
    save = steps.add_parser("save", help="save the community's opinion (等次) for a period")
    save.add_argument("member", metavar="ID_NUMBER")
    save.add_argument("--period", metavar="P", help="2026Q3, 2026H1 or 2026 (default: current)")
    save.add_argument("--rating", required=True, help="优秀, 良好, 合格 or 不合格")
    save.add_argument("--signer", required=True, help="who signs for the community")
    save.add_argument("--date", metavar="YYYY-MM-DD", help="date signed (default today)")
    save.add_argument("--opinion", default="")
    save.add_argument("--json", action="store_true")
    save.set_defaults(func=cmd_feedback_save)


def _fail(where: str, message: str, /, **params: object) -> ValidationError:
    return ValidationError([FieldError(where, message, params)])


# --- posts -----------------------------------------------------------------------------------


def post_record(post: ServicePost) -> dict[str, Any]:
    record = to_row(post)
    record.pop("version", None)
    record["category_label"] = codes.table("party_post_category").label(post.category)
    return record


def cmd_post_add(args: argparse.Namespace) -> int:
    post = ServicePost(
        new_id(),
        args.name,
        args.category,
        kind=args.kind,
        planned=args.planned,
        skills_required=args.skills,
        contact=args.contact,
        phone=args.phone,
        grid_code=args.grid,
        note=args.note,
    )
    with open_store(args) as store:
        saved = ServiceRepository(store).add_post(post)
    if args.json:
        print_json(post_record(saved))
    else:
        print(saved.id)
    return EXIT_OK


def cmd_post_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        board = ServiceRepository(store).board()
    rows = [
        {**post_record(r.post), "claimed": r.claimed, "planned": r.planned, "who": r.who}
        for r in board
    ]
    if args.json:
        print_json(rows)
    else:
        kinds = {"post": "岗位", "project": "项目"}
        for row in rows:
            line = [row["name"], kinds.get(row["kind"], row["kind"]), row["category_label"]]
            print("\t".join([*line, f"{row['claimed']}/{row['planned']}", "、".join(row["who"])]))
    return EXIT_OK


def cmd_post_claim(args: argparse.Namespace) -> int:
    on = parse_date(args.date, "date") if args.date else date.today()
    with open_store(args) as store:
        repo = ServiceRepository(store)
        repo.claim(args.post, member=args.member, org=args.org, on=on)
        return _print_board_row(repo, args)


def cmd_post_withdraw(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = ServiceRepository(store)
        repo.withdraw(args.post, member=args.member, org=args.org)
        return _print_board_row(repo, args)


def _print_board_row(repo: ServiceRepository, args: argparse.Namespace) -> int:
    """The post's 公示 line after a claim or withdrawal."""
    post = repo.find_post(args.post)
    row = next(r for r in repo.board() if r.post.id == post.id)
    if args.json:
        print_json(
            {"post": post.name, "claimed": row.claimed, "planned": row.planned, "who": row.who}
        )
    else:
        print(f"{post.name}\t{row.claimed}/{row.planned}\t{'、'.join(row.who)}")
    return EXIT_OK


# --- activities ------------------------------------------------------------------------------


def read_activity_file(path: Path) -> tuple[PartyActivity, list[Participant]]:
    """The activity and participants a JSON file describes (unchecked; the store checks)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail("json_file", MSG_BAD_JSON, detail=str(exc)[:200]) from None
    if not isinstance(data, dict) or not isinstance(data.get("participants", []), list):
        raise _fail("json_file", MSG_NOT_ACTIVITY)
    people = data.pop("participants", [])
    errors = [
        FieldError(str(key)[:40], MSG_UNKNOWN_KEY, {"field": str(key)[:40]})
        for key in data
        if key not in ACTIVITY_KEYS
    ]
    for index, person in enumerate(people):
        if not isinstance(person, dict):
            raise _fail("json_file", MSG_NOT_ACTIVITY)
        errors += [
            FieldError(f"participants[{index}].{key}"[:60], MSG_UNKNOWN_KEY, {"field": key[:40]})
            for key in person
            if key not in PARTICIPANT_KEYS
        ]
    if errors:
        raise ValidationError(errors)
    values: dict[str, Any] = {ACTIVITY_KEYS[k]: ("" if v is None else v) for k, v in data.items()}
    values.setdefault("theme", "")
    values.setdefault("activity_date", "")
    post = str(values.pop("post_id", "") or "") or None
    activity = PartyActivity(id=new_id(), post_id=post, **values)
    participants = [
        Participant(
            who=str(p.get("id_number") or p.get("member") or p.get("name") or ""),
            hours=p.get("hours"),
            content=str(p.get("content") or ""),
            evaluation=str(p.get("evaluation") or ""),
            points=p.get("points"),
        )
        for p in people
    ]
    return activity, participants


def activity_record(repo: ServiceRepository, activity_id: str) -> dict[str, Any]:
    activity = repo.get_activity(activity_id)
    record = to_row(activity)
    record.pop("version", None)
    record["participants"] = []
    for part in repo.participations(activity_id):
        member = repo.member(part.member_id)
        record["participants"].append(
            {
                "member_id": part.member_id,
                "name": member.name if member else "",
                "id_number": member.id_number if member else "",
                "hours": part.hours,
                "content": part.content,
                "evaluation": part.evaluation,
                "points": part.points,
            }
        )
    return record


def cmd_activity_add(args: argparse.Namespace) -> int:
    activity, participants = read_activity_file(Path(args.json_file))
    with open_store(args) as store:
        repo = ServiceRepository(store)
        saved = repo.add_activity(activity, participants)
        record = activity_record(repo, saved.id)
    if args.json:
        print_json(record)
    else:
        print(saved.id)
    return EXIT_OK


def cmd_activity_join(args: argparse.Namespace) -> int:
    tokens = [t for item in args.who for t in split_tokens(item)]
    with open_store(args) as store:
        repo = ServiceRepository(store)
        added = repo.quick_add(args.activity, tokens, args.hours, args.content, args.evaluation)
        record = activity_record(repo, args.activity)
    if args.json:
        print_json(record)
    else:
        names = {p["member_id"]: p["name"] for p in record["participants"]}
        print("、".join(names[p.member_id] for p in added))
    return EXIT_OK


# --- feedback --------------------------------------------------------------------------------


def sheet_record(sheet: FeedbackSheet) -> dict[str, Any]:
    """The feedback sheet as a JSON-ready dict."""
    member = sheet.member
    saved = sheet.saved
    rating = saved.rating if saved else ""
    return {
        "name": member.name,
        "id_number": member.id_number,
        "work_unit": member.work_unit,
        "party_org": member.party_org,
        "period": sheet.period,
        "start": sheet.start.isoformat(),
        "end": sheet.end.isoformat(),
        "report_date": sheet.report_date.isoformat() if sheet.report_date else None,
        "posts": sheet.posts,
        "activities": sheet.activities,
        "hours": sheet.hours,
        "points": sheet.points,
        "saved": saved is not None,
        "rating": rating,
        "rating_label": codes.table("feedback_rating").label(rating) if rating else "",
        "opinion": saved.opinion if saved else "",
        "signer": saved.signer if saved else "",
        "signed_date": saved.signed_date.isoformat() if saved and saved.signed_date else None,
        "saved_totals": (
            {"activities": saved.activities, "hours": saved.hours, "points": saved.points}
            if saved
            else None
        ),
    }


def _print_sheet(record: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(record)
        return
    for key, value in record.items():
        print(f"{key}: {'、'.join(value) if isinstance(value, list) else value}")


def cmd_feedback_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        sheet = ServiceRepository(store).feedback_sheet(args.member, args.period)
    _print_sheet(sheet_record(sheet), args.json)
    return EXIT_OK


def cmd_feedback_save(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = ServiceRepository(store)
        saved = repo.save_feedback(
            args.member,
            args.period,
            rating=args.rating,
            signer=args.signer,
            signed_date=args.date,
            opinion=args.opinion,
        )
        sheet = repo.feedback_sheet(saved.member_id, saved.period)
    _print_sheet(sheet_record(sheet), args.json)
    return EXIT_OK
