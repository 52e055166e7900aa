"""党员双报到台账 (A4 landscape) and the members' feedback sheet of a period
(双报到党员表现反馈表, A4 portrait), drawn from ``gridapp.models.ledger_party``.

The ledger: 一、报到党员花名册 by the grid the member is assigned to (编入网格) with a subtotal
per grid and a total; 二、本月活动 one row per activity by grid, with subtotals and a total;
三、本月汇总 (this month | year to date). The feedback sheet: one row per member in service
during the period, by grid, with subtotals and a total. Layout choices: ``docs/ledgers.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Literal, TypeVar

from reportlab.platypus import KeepTogether

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes
from gridapp.models.ledger import LedgerScope
from gridapp.models.ledger_party import (
    CANCELLED,
    REPORTED,
    ActivityRow,
    PartyFeedbackSheet,
    PartyLedger,
    RosterRow,
)
from gridapp.reports.layout import (
    Column,
    LedgerDocument,
    TableRow,
    scope_heading,
    shown_phone,
    ymd,
    zh,
)

TITLE = QT_TRANSLATE_NOOP("Messages", "Party members' dual reporting ledger")
SEC_ROSTER = QT_TRANSLATE_NOOP("Messages", "1. Roster of reported party members")
SEC_ACTIVITIES = QT_TRANSLATE_NOOP("Messages", "2. This month's activities")
SEC_SUMMARY = QT_TRANSLATE_NOOP("Messages", "3. Summary of the month")
NOTE_ROSTER = QT_TRANSLATE_NOOP(
    "Messages",
    "As at {end}: {members} party members ({full} full, {probationary} probationary); "
    "{reported} reported, {cancelled} cancelled, {not_reported} not reported. "
    "Year to date: from 1 January to the end of the month; service time in hours. "
    "Phone numbers are masked.",
)
NOTE_ROSTER_UNMASKED = QT_TRANSLATE_NOOP(
    "Messages",
    "As at {end}: {members} party members ({full} full, {probationary} probationary); "
    "{reported} reported, {cancelled} cancelled, {not_reported} not reported. "
    "Year to date: from 1 January to the end of the month; service time in hours. "
    "Phone numbers in full.",
)
NOTE_ACTIVITIES_GRID = QT_TRANSLATE_NOOP(
    "Messages",
    "Village activities without a grid are listed when a member of this grid took part; "
    "an activity's people and hours count all its participants.",
)
NO_MEMBERS = QT_TRANSLATE_NOOP("Messages", "No party members in this scope.")
NO_ACTIVITIES = QT_TRANSLATE_NOOP("Messages", "No activities this month.")

COL_NO = QT_TRANSLATE_NOOP("Messages", "No.")
COL_NAME = QT_TRANSLATE_NOOP("Messages", "Name")
COL_SEX = QT_TRANSLATE_NOOP("Messages", "Sex")
COL_MEMBERSHIP = QT_TRANSLATE_NOOP("Messages", "Full / probationary")
COL_WORK_UNIT = QT_TRANSLATE_NOOP("Messages", "Work unit")
COL_PARTY_ORG = QT_TRANSLATE_NOOP("Messages", "Party organisation")
COL_PHONE = QT_TRANSLATE_NOOP("Messages", "Phone")
COL_REPORT_DATE = QT_TRANSLATE_NOOP("Messages", "Report date")
COL_REPORT_STATUS = QT_TRANSLATE_NOOP("Messages", "Report status")
COL_POSTS = QT_TRANSLATE_NOOP("Messages", "Posts claimed")
COL_ACTIVITY_COUNT = QT_TRANSLATE_NOOP("Messages", "Activities joined")
COL_HOURS = QT_TRANSLATE_NOOP("Messages", "Service hours")
COL_POINTS = QT_TRANSLATE_NOOP("Messages", "Points")
GROUP_MONTH = QT_TRANSLATE_NOOP("Messages", "This month")
GROUP_YEAR = QT_TRANSLATE_NOOP("Messages", "Year to date")
COL_DATE = QT_TRANSLATE_NOOP("Messages", "Date")
COL_THEME = QT_TRANSLATE_NOOP("Messages", "Activity")
COL_PLACE = QT_TRANSLATE_NOOP("Messages", "Place")
COL_ORGANISER = QT_TRANSLATE_NOOP("Messages", "Organiser")
COL_PARTICIPANTS = QT_TRANSLATE_NOOP("Messages", "Members taking part (hours)")
COL_CONTENT = QT_TRANSLATE_NOOP("Messages", "Service content")
COL_EVALUATION = QT_TRANSLATE_NOOP("Messages", "Residents' evaluation")
COL_PEOPLE = QT_TRANSLATE_NOOP("Messages", "People")
COL_ITEM = QT_TRANSLATE_NOOP("Messages", "Item")
ROW_SUBTOTAL = QT_TRANSLATE_NOOP("Messages", "Subtotal")
ROW_TOTAL = QT_TRANSLATE_NOOP("Messages", "Total")
ROW_NO_GRID = QT_TRANSLATE_NOOP("Messages", "Not assigned to a grid")
ROW_VILLAGE_ACTIVITIES = QT_TRANSLATE_NOOP("Messages", "Village activities (no grid)")
ROW_PERSONS = QT_TRANSLATE_NOOP("Messages", "{count} persons")
ROW_REPORTED = QT_TRANSLATE_NOOP("Messages", "{count} reported")
ROW_ACTIVITIES = QT_TRANSLATE_NOOP("Messages", "{count} activities")
PARTICIPANT = QT_TRANSLATE_NOOP("Messages", "{name} ({hours} h)")
LIST_SEPARATOR = QT_TRANSLATE_NOOP("Messages", ", ")
STATUS_REPORTED = QT_TRANSLATE_NOOP("Messages", "Reported")
STATUS_CANCELLED = QT_TRANSLATE_NOOP("Messages", "Cancelled ({date})")
STATUS_NOT_REPORTED = QT_TRANSLATE_NOOP("Messages", "Not reported")
SUM_MEMBERS = QT_TRANSLATE_NOOP("Messages", "Party members (persons)")
SUM_REPORTED = QT_TRANSLATE_NOOP("Messages", "of whom reported")
SUM_CANCELLED = QT_TRANSLATE_NOOP("Messages", "of whom cancelled")
SUM_NOT_REPORTED = QT_TRANSLATE_NOOP("Messages", "of whom not reported")
SUM_ACTIVITIES = QT_TRANSLATE_NOOP("Messages", "Activities held (times)")
SUM_PARTICIPATIONS = QT_TRANSLATE_NOOP("Messages", "Participations (person-times)")
SUM_HOURS = QT_TRANSLATE_NOOP("Messages", "Service hours (hours)")
SUM_POINTS = QT_TRANSLATE_NOOP("Messages", "Points earned")

Align = Literal["LEFT", "CENTER", "RIGHT"]
T = TypeVar("T")


def num(value: float) -> str:
    """Hours and points as printed: 2.5, 3, 0 (at most two decimals, no trailing zeros)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def dsum(values: Iterable[float]) -> float:
    """A sum of hours or points in exact decimals (they are kept to 0.01)."""
    return float(sum((Decimal(f"{v:.2f}") for v in values), Decimal(0)))


def label(table: str, code: str) -> str:
    entry = codes.table(table).get(code) if code else None
    return entry.label if entry is not None else code


def grid_heading(scope: LedgerScope, grid_code: str, none: str = ROW_NO_GRID) -> str:
    """A group row's text: 第一网格（360423100200-01）, or the text for "no grid"."""
    if not grid_code:
        return zh(none)
    name = scope.grid_name_of(grid_code)
    return f"{name}（{grid_code}）" if name else grid_code


def by_grid(rows: Sequence[T], grid: str) -> list[tuple[str, list[T]]]:
    """Rows (already in grid order) cut into runs of one grid: (grid code, rows)."""
    groups: list[tuple[str, list[T]]] = []
    for row in rows:
        code = getattr(row, grid)
        if not groups or groups[-1][0] != code:
            groups.append((code, []))
        groups[-1][1].append(row)
    return groups


def columns(spec: Sequence[tuple[str, float, Align, str]]) -> list[Column]:
    return [
        Column(zh(title), width, align, zh(group) if group else "")
        for title, width, align, group in spec
    ]


ROSTER_COLUMNS: tuple[tuple[str, float, Align, str], ...] = (
    (COL_NO, 8, "CENTER", ""),
    (COL_NAME, 16, "LEFT", ""),
    (COL_SEX, 8, "CENTER", ""),
    (COL_MEMBERSHIP, 14, "CENTER", ""),
    (COL_WORK_UNIT, 25, "LEFT", ""),
    (COL_PARTY_ORG, 36, "LEFT", ""),
    (COL_PHONE, 24, "LEFT", ""),
    (COL_REPORT_DATE, 19, "CENTER", ""),
    (COL_REPORT_STATUS, 21, "CENTER", ""),
    (COL_POSTS, 25, "LEFT", ""),
    (COL_ACTIVITY_COUNT, 14, "RIGHT", GROUP_MONTH),
    (COL_HOURS, 14, "RIGHT", GROUP_MONTH),
    (COL_POINTS, 10, "RIGHT", GROUP_MONTH),
    (COL_ACTIVITY_COUNT, 14, "RIGHT", GROUP_YEAR),
    (COL_HOURS, 14, "RIGHT", GROUP_YEAR),
    (COL_POINTS, 10, "RIGHT", GROUP_YEAR),
)

ACTIVITY_COLUMNS: tuple[tuple[str, float, Align, str], ...] = (
    (COL_NO, 8, "CENTER", ""),
    (COL_DATE, 19, "CENTER", ""),
    (COL_THEME, 38, "LEFT", ""),
    (COL_PLACE, 24, "LEFT", ""),
    (COL_ORGANISER, 24, "LEFT", ""),
    (COL_PARTICIPANTS, 68, "LEFT", ""),
    (COL_CONTENT, 30, "LEFT", ""),
    (COL_EVALUATION, 20, "LEFT", ""),
    (COL_PEOPLE, 14, "RIGHT", ""),
    (COL_HOURS, 14, "RIGHT", ""),
    (COL_POINTS, 12, "RIGHT", ""),
)


def status_text(row: RosterRow) -> str:
    if row.report_status == REPORTED:
        return zh(STATUS_REPORTED)
    if row.report_status == CANCELLED:
        return zh(STATUS_CANCELLED, date=ymd(row.cancel_date))
    return zh(STATUS_NOT_REPORTED)


def _figures(month: Sequence[RosterRow]) -> list[str]:
    """The six figure cells summed over ``month`` rows: this month, year to date."""
    return [
        str(sum(r.month.activities for r in month)),
        num(dsum(r.month.hours for r in month)),
        num(dsum(r.month.points for r in month)),
        str(sum(r.year.activities for r in month)),
        num(dsum(r.year.hours for r in month)),
        num(dsum(r.year.points for r in month)),
    ]


def roster_rows(ledger: PartyLedger, unmasked: bool = False) -> list[TableRow]:
    """Per grid: a group row, one row per member, a subtotal; then the total."""
    rows: list[TableRow] = []
    separator = zh(LIST_SEPARATOR)
    number = 0
    for grid_code, members in by_grid(ledger.roster, "grid_code"):
        rows.append(TableRow([grid_heading(ledger.scope, grid_code)], "group"))
        for member in members:
            number += 1
            cells = [
                str(number),
                member.name,
                label("sex", member.sex),
                label("party_membership", member.membership),
                member.work_unit,
                member.party_org,
                shown_phone(member.phone, unmasked),
                ymd(member.report_date),
                status_text(member),
                separator.join(member.posts),
                str(member.month.activities),
                num(member.month.hours),
                num(member.month.points),
                str(member.year.activities),
                num(member.year.hours),
                num(member.year.points),
            ]
            rows.append(TableRow(cells))
        reported = sum(m.report_status == REPORTED for m in members)
        rows.append(TableRow(_summary_cells(ROW_SUBTOTAL, members, reported), "subtotal"))
    total = _summary_cells(ROW_TOTAL, ledger.roster, ledger.reported)
    m, y = ledger.month_totals, ledger.year_totals
    total[10:] = [
        str(m.activities),
        num(m.hours),
        num(m.points),
        str(y.activities),
        num(y.hours),
        num(y.points),
    ]
    rows.append(TableRow(total, "total"))
    return rows


def _summary_cells(title: str, members: Sequence[RosterRow], reported: int) -> list[str]:
    return [
        "",
        zh(title),
        "",
        "",
        zh(ROW_PERSONS, count=len(members)),
        "",
        "",
        "",
        zh(ROW_REPORTED, count=reported),
        "",
        *_figures(members),
    ]


def _distinct(values: Iterable[str], separator: str) -> str:
    return separator.join(dict.fromkeys(v for v in values if v))


def activity_rows(ledger: PartyLedger) -> list[TableRow]:
    """Per grid (village activities without a grid last): a group row, the activities by
    date, a subtotal; then the total."""
    separator = zh(LIST_SEPARATOR)
    ordered = sorted(ledger.activities, key=lambda a: (a.grid_code == "", a.grid_code))
    rows: list[TableRow] = []
    number = 0
    for grid_code, activities in by_grid(ordered, "grid_code"):
        rows.append(
            TableRow([grid_heading(ledger.scope, grid_code, ROW_VILLAGE_ACTIVITIES)], "group")
        )
        for activity in activities:
            number += 1
            rows.append(TableRow(_activity_cells(number, activity, separator)))
        rows.append(
            TableRow(
                [
                    "",
                    zh(ROW_SUBTOTAL),
                    zh(ROW_ACTIVITIES, count=len(activities)),
                    *[""] * 5,
                    str(sum(a.people for a in activities)),
                    num(dsum(a.hours for a in activities)),
                    num(dsum(a.points for a in activities)),
                ],
                "subtotal",
            )
        )
    rows.append(
        TableRow(
            [
                "",
                zh(ROW_TOTAL),
                zh(ROW_ACTIVITIES, count=ledger.activity_count),
                *[""] * 5,
                str(ledger.participations),
                num(ledger.activity_hours),
                num(ledger.activity_points),
            ],
            "total",
        )
    )
    return rows


def _activity_cells(number: int, activity: ActivityRow, separator: str) -> list[str]:
    people = separator.join(
        zh(PARTICIPANT, name=p.name, hours=num(p.hours)) for p in activity.participants
    )
    return [
        str(number),
        ymd(activity.activity_date),
        activity.theme,
        activity.place,
        activity.organiser,
        people,
        _distinct((p.content for p in activity.participants), separator),
        _distinct((p.evaluation for p in activity.participants), separator),
        str(activity.people),
        num(activity.hours),
        num(activity.points),
    ]


def summary_rows(ledger: PartyLedger) -> list[TableRow]:
    """三、本月汇总: members by report status at the month's end; activities, participations,
    hours and points this month and year to date."""
    m, y = ledger.month_totals, ledger.year_totals
    return [
        TableRow([zh(SUM_MEMBERS), str(len(ledger.roster)), ""]),
        TableRow([zh(SUM_REPORTED), str(ledger.reported), ""]),
        TableRow([zh(SUM_CANCELLED), str(ledger.cancelled), ""]),
        TableRow([zh(SUM_NOT_REPORTED), str(ledger.not_reported), ""]),
        TableRow([zh(SUM_ACTIVITIES), str(ledger.activity_count), ""]),
        TableRow([zh(SUM_PARTICIPATIONS), str(m.activities), str(y.activities)]),
        TableRow([zh(SUM_HOURS), num(m.hours), num(y.hours)]),
        TableRow([zh(SUM_POINTS), num(m.points), num(y.points)]),
    ]


def party_ledger_document(
    ledger: PartyLedger, *, unmasked: bool = False, printed_at: datetime | None = None
) -> LedgerDocument:
    """The laid-out (not yet written) 党员双报到台账 of ``ledger``."""
    scope = ledger.scope
    doc = LedgerDocument(
        scope_heading(zh(TITLE), scope, ledger.month), wide=True, printed_at=printed_at
    )
    doc.section(zh(SEC_ROSTER))
    full = sum(r.membership == "full" for r in ledger.roster)
    doc.note(
        zh(
            NOTE_ROSTER_UNMASKED if unmasked else NOTE_ROSTER,
            end=ymd(ledger.end),
            members=len(ledger.roster),
            full=full,
            probationary=len(ledger.roster) - full,
            reported=ledger.reported,
            cancelled=ledger.cancelled,
            not_reported=ledger.not_reported,
        )
    )
    if ledger.roster:
        doc.table(columns(ROSTER_COLUMNS), roster_rows(ledger, unmasked))
    else:
        doc.note(zh(NO_MEMBERS))
    doc.section(zh(SEC_ACTIVITIES))
    if ledger.activities:
        if scope.grid_code:
            doc.note(zh(NOTE_ACTIVITIES_GRID))
        doc.table(columns(ACTIVITY_COLUMNS), activity_rows(ledger))
    else:
        doc.note(zh(NO_ACTIVITIES))
    # The summary block is short: its title and table stay on one page.
    start = len(doc.story)
    doc.section(zh(SEC_SUMMARY))
    doc.table(
        [
            Column(zh(COL_ITEM), 60),
            Column(zh(GROUP_MONTH), 30, "RIGHT"),
            Column(zh(GROUP_YEAR), 30, "RIGHT"),
        ],
        summary_rows(ledger),
    )
    block = doc.story[start:]
    del doc.story[start:]
    doc.add(KeepTogether(block))
    return doc


def party_feedback_document(
    sheet: PartyFeedbackSheet, *, unmasked: bool = False, printed_at: datetime | None = None
) -> LedgerDocument:
    """The laid-out 双报到党员表现反馈表 of ``sheet`` (:mod:`gridapp.reports.party_feedback`)."""
    from gridapp.reports.party_feedback import feedback_document

    return feedback_document(sheet, unmasked=unmasked, printed_at=printed_at)
