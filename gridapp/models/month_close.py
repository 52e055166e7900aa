"""Closing a month (月结) and its amendments (更正): no SQL here.

A closed month keeps a **snapshot** of what its village-scope ledgers showed: each ledger
reduced to keyed rows (:func:`reduce_ledger`) — a household member, a register change, a
petition by 登记编号, a party member, an activity, a grid's summary figures — each with its
printed fields as text. The **amendments** of a closed month are the difference between
that snapshot and the same reduction of the ledger read now (:func:`diff_rows`): rows
added, removed, or changed with each field before → after. The ledger of the month after a
closed month lists them (``docs/month-close.md``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes
from gridapp.models.ledger import (
    HOUSEHOLDS,
    PARTY,
    PETITIONS,
    SUMMARY,
    HouseholdLedger,
    month_end,
)
from gridapp.models.ledger_party import CANCELLED, REPORTED, PartyLedger
from gridapp.models.ledger_petitions import PetitionLedger
from gridapp.models.ledger_summary import Count, SummaryLedger
from gridapp.models.petition_flow import COUNTY, SECRETARY, TOWNSHIP

# The ledgers a close keeps (the feedback sheet is for a period, not a month).
CLOSED_KINDS = (HOUSEHOLDS, PARTY, PETITIONS, SUMMARY)
# The ledgers by name (the renderers' titles).
KIND_LABELS = {
    HOUSEHOLDS: QT_TRANSLATE_NOOP("Messages", "Household register ledger"),
    PARTY: QT_TRANSLATE_NOOP("Messages", "Party members' dual reporting ledger"),
    PETITIONS: QT_TRANSLATE_NOOP("Messages", "Petition ledger"),
    SUMMARY: QT_TRANSLATE_NOOP("Messages", "Monthly work summary"),
}
# Who may close and reopen until accounts exist (issue #8): the community secretary (the
# chief who signs the ledger) and the levels above the village. A handling department is
# not the village's chief.
CLOSING_ROLES = frozenset({SECRETARY, TOWNSHIP, COUNTY})

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
CHANGE_LABELS = {
    ADDED: QT_TRANSLATE_NOOP("Messages", "Added"),
    REMOVED: QT_TRANSLATE_NOOP("Messages", "Removed"),
    CHANGED: QT_TRANSLATE_NOOP("Messages", "Changed"),
}

# The parts of a ledger rows belong to (a key starts with its part).
PART_LABELS = {
    "member": QT_TRANSLATE_NOOP("Messages", "Member"),
    "event": QT_TRANSLATE_NOOP("Messages", "Register change"),
    "petition": QT_TRANSLATE_NOOP("Messages", "Petition"),
    "roster": QT_TRANSLATE_NOOP("Messages", "Party member"),
    "activity": QT_TRANSLATE_NOOP("Messages", "Party activity"),
    "grid": QT_TRANSLATE_NOOP("Messages", "Grid figures"),
}

# The order parts are listed in: the ledger's main table first, then its details.
PART_ORDER = ("member", "petition", "roster", "grid", "event", "activity")

# Field id -> label (English, marked; drawn in Chinese).
FIELD_LABELS = {
    "grid": QT_TRANSLATE_NOOP("Messages", "Grid"),
    "household_no": QT_TRANSLATE_NOOP("Messages", "Household no."),
    "address": QT_TRANSLATE_NOOP("Messages", "Address"),
    "name": QT_TRANSLATE_NOOP("Messages", "Name"),
    "relation": QT_TRANSLATE_NOOP("Messages", "Relation to head"),
    "sex": QT_TRANSLATE_NOOP("Messages", "Sex"),
    "birth_date": QT_TRANSLATE_NOOP("Messages", "Date of birth"),
    "id_number": QT_TRANSLATE_NOOP("Messages", "ID number"),
    "phone": QT_TRANSLATE_NOOP("Messages", "Phone"),
    "tags": QT_TRANSLATE_NOOP("Messages", "Tags"),
    "date": QT_TRANSLATE_NOOP("Messages", "Date"),
    "change": QT_TRANSLATE_NOOP("Messages", "Change"),
    "detail": QT_TRANSLATE_NOOP("Messages", "Details"),
    "reg_date": QT_TRANSLATE_NOOP("Messages", "Registered"),
    "channel": QT_TRANSLATE_NOOP("Messages", "Channel"),
    "petitioner": QT_TRANSLATE_NOOP("Messages", "Petitioner"),
    "headcount": QT_TRANSLATE_NOOP("Messages", "People"),
    "problem_address": QT_TRANSLATE_NOOP("Messages", "Place of the problem"),
    "kind": QT_TRANSLATE_NOOP("Messages", "Kind"),
    "category": QT_TRANSLATE_NOOP("Messages", "Category"),
    "summary": QT_TRANSLATE_NOOP("Messages", "Summary"),
    "accepted_date": QT_TRANSLATE_NOOP("Messages", "Acceptance notice"),
    "decision": QT_TRANSLATE_NOOP("Messages", "Result"),
    "reply_date": QT_TRANSLATE_NOOP("Messages", "Replied"),
    "closed_date": QT_TRANSLATE_NOOP("Messages", "Closed"),
    "report_status": QT_TRANSLATE_NOOP("Messages", "Report status"),
    "report_date": QT_TRANSLATE_NOOP("Messages", "Reported"),
    "cancel_date": QT_TRANSLATE_NOOP("Messages", "Cancelled"),
    "activities": QT_TRANSLATE_NOOP("Messages", "Activities this month"),
    "hours": QT_TRANSLATE_NOOP("Messages", "Hours this month"),
    "points": QT_TRANSLATE_NOOP("Messages", "Points this month"),
    "theme": QT_TRANSLATE_NOOP("Messages", "Theme"),
    "place": QT_TRANSLATE_NOOP("Messages", "Place"),
    "people": QT_TRANSLATE_NOOP("Messages", "Participants"),
    "participants": QT_TRANSLATE_NOOP("Messages", "Who took part"),
    "new_households": QT_TRANSLATE_NOOP("Messages", "New households"),
    "moved_in": QT_TRANSLATE_NOOP("Messages", "Moved in"),
    "births": QT_TRANSLATE_NOOP("Messages", "Births"),
    "moved_out": QT_TRANSLATE_NOOP("Messages", "Moved out"),
    "deaths": QT_TRANSLATE_NOOP("Messages", "Deaths"),
    "petitions_registered": QT_TRANSLATE_NOOP("Messages", "Petitions registered"),
    "petitions_closed": QT_TRANSLATE_NOOP("Messages", "Petitions closed"),
    "petitions_overdue": QT_TRANSLATE_NOOP("Messages", "Petitions overdue"),
    "party_activities": QT_TRANSLATE_NOOP("Messages", "Party activities"),
    "party_hours": QT_TRANSLATE_NOOP("Messages", "Service hours"),
}
YEAR_SUFFIX = QT_TRANSLATE_NOOP("Messages", "{field} (year to date)")
SENSITIVE = frozenset({"id_number", "phone"})
REPORT_STATUS = {
    REPORTED: QT_TRANSLATE_NOOP("Messages", "Reported"),
    CANCELLED: QT_TRANSLATE_NOOP("Messages", "Cancelled"),
    "": QT_TRANSLATE_NOOP("Messages", "Not reported"),
}


@dataclass(frozen=True)
class SnapshotRow:
    """One keyed row of a ledger as printed: ``label`` names it for a reader, ``grid`` is
    the grid it is listed under ("" : the village's, no grid), ``fields`` its printed
    values as text."""

    label: str
    grid: str
    fields: Mapping[str, str]

    def as_json(self) -> dict[str, Any]:
        return {"label": self.label, "grid": self.grid, "fields": dict(self.fields)}

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> SnapshotRow:
        return SnapshotRow(
            str(data.get("label", "")),
            str(data.get("grid", "")),
            {str(k): str(v) for k, v in dict(data.get("fields", {})).items()},
        )


Rows = dict[str, SnapshotRow]  # key -> row


@dataclass(frozen=True)
class FieldChange:
    field: str  # a key of FIELD_LABELS (or "<field>.year" for 累计数)
    before: str
    after: str


@dataclass(frozen=True)
class Amendment:
    """One 更正 of a closed month: a row of ``kind``'s ledger added, removed or changed
    after the month was closed (here or on another PC of the village, by sync)."""

    kind: str  # ledger kind
    month: date  # the closed month (first day)
    closed_at: str  # when it was closed (ISO, seconds)
    change: str  # ADDED | REMOVED | CHANGED
    key: str
    part: str  # a key of PART_LABELS
    label: str
    grid: str  # the grid after the change (before it for a removed row)
    fields: tuple[FieldChange, ...]
    grids: frozenset[str] = frozenset()  # every grid the row was listed under


@dataclass(frozen=True)
class MonthClose:
    """One close of a village's month; ``reopened_at`` "" while it stands."""

    id: str
    village_code: str
    month: date
    closed_at: str
    closed_by: str
    role: str
    reopened_at: str = ""
    reopened_by: str = ""
    reopen_reason: str = ""

    @property
    def standing(self) -> bool:
        return not self.reopened_at


@dataclass(frozen=True)
class MonthStatus:
    """A village's month: closed or not, and every close and reopening so far (oldest
    first)."""

    village_code: str
    month: date
    history: tuple[MonthClose, ...]

    @property
    def current(self) -> MonthClose | None:
        """The close that stands (None: the month is open)."""
        return next((c for c in self.history if c.standing), None)

    @property
    def closed(self) -> bool:
        return self.current is not None


def month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_is_over(month: date, today: date) -> bool:
    """A month may be closed once today is after its last day."""
    return today > month_end(month)


def previous_month(month: date) -> date:
    """The first day of the month before ``month``."""
    if month.month == 1:
        return date(month.year - 1, 12, 1)
    return date(month.year, month.month - 1, 1)


def snapshot_digest(snapshot: Mapping[str, Rows]) -> str:
    """SHA-256 of the snapshot's JSON (kept in the audit entry of the close)."""
    return hashlib.sha256(dumps_snapshot(snapshot).encode("utf-8")).hexdigest()


def dumps_snapshot(snapshot: Mapping[str, Rows]) -> str:
    data = {
        kind: {key: row.as_json() for key, row in sorted(rows.items())}
        for kind, rows in sorted(snapshot.items())
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads_snapshot(text: str) -> dict[str, Rows]:
    data = json.loads(text or "{}")
    return {
        str(kind): {str(k): SnapshotRow.from_json(v) for k, v in rows.items()}
        for kind, rows in data.items()
    }


# --- reducing a ledger to keyed rows ---------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _code(table: str, code: str) -> str:
    return codes.table(table).label(code) if code else ""


def _clean(fields: Mapping[str, object]) -> dict[str, str]:
    return {k: _text(v) for k, v in fields.items()}


def reduce_ledger(kind: str, data: object) -> Rows:
    """The keyed rows of one ledger's data (a dataclass of ``gridapp.models.ledger*``)."""
    if kind == HOUSEHOLDS and isinstance(data, HouseholdLedger):
        return _households(data)
    if kind == PETITIONS and isinstance(data, PetitionLedger):
        return _petitions(data)
    if kind == PARTY and isinstance(data, PartyLedger):
        return _party(data)
    if kind == SUMMARY and isinstance(data, SummaryLedger):
        return _summary(data)
    raise ValueError(f"no snapshot rows for {kind!r} / {type(data).__name__}")


def _households(ledger: HouseholdLedger) -> Rows:
    rows: Rows = {}
    for grid in ledger.grids:
        for household in grid.households:
            for member in household.members:
                key = "member:" + (member.id_number or f"{household.household_no}/{member.name}")
                rows[key] = SnapshotRow(
                    f"{member.name}（{household.household_no}）",
                    grid.code,
                    _clean(
                        {
                            "household_no": household.household_no,
                            "address": household.address,
                            "name": member.name,
                            "relation": _code("relation", member.relation),
                            "sex": _code("sex", member.sex),
                            "birth_date": member.birth_date,
                            "id_number": member.id_number,
                            "phone": member.phone,
                            "tags": "、".join(_code("person_tag", t) for t in member.tags),
                        }
                    ),
                )
    for event in ledger.events:
        kind = _code("household_event", event.kind)
        key = f"event:{event.event_date}/{event.kind}/{event.household_no}/{event.person_name}"
        rows[key] = SnapshotRow(
            f"{event.event_date} {kind} {event.person_name}".strip(),
            event.grid_code,
            _clean(
                {
                    "date": event.event_date,
                    "change": kind,
                    "household_no": event.household_no,
                    "name": event.person_name,
                    "detail": event.detail,
                }
            ),
        )
    return rows


def _petitions(ledger: PetitionLedger) -> Rows:
    """Registration fields and the steps dated within the month; the state reached after
    the month (a reply in the next month, a 办结 later, the deadline extended, 承办 handed
    on) is the next month's progress, not a correction, so it is left out."""
    end = ledger.end
    rows: Rows = {}
    for group in ledger.groups:
        for r in group.rows:
            replied = _within(r.reply_date, end)
            rows["petition:" + r.reg_no] = SnapshotRow(
                r.reg_no,
                r.grid_code,
                _clean(
                    {
                        "reg_date": r.reg_date,
                        "channel": _code("petition_channel", r.channel),
                        "petitioner": r.petitioner,
                        "phone": r.petitioner_phone,
                        "headcount": r.headcount,
                        "problem_address": r.problem_address,
                        "kind": _code("petition_kind", r.kind),
                        "category": _code("petition_category", r.category),
                        "summary": r.summary,
                        "accepted_date": _within(r.accepted_date, end),
                        "decision": _code("petition_decision", r.decision) if replied else "",
                        "reply_date": replied,
                        "closed_date": _within(r.closed_date, end),
                    }
                ),
            )
    return rows


def _within(day: date | None, end: date) -> date | None:
    return day if day is not None and day <= end else None


def _party(ledger: PartyLedger) -> Rows:
    """The roster at the month's end and the month's activities; a report or 注销 dated
    after the month is the next month's news, not a correction."""
    rows: Rows = {}
    for m in ledger.roster:
        status = REPORT_STATUS.get(m.report_status, REPORT_STATUS[""])
        rows["roster:" + m.member_id] = SnapshotRow(
            m.name,
            m.grid_code,
            _clean(
                {
                    "name": m.name,
                    "id_number": m.id_number,
                    "phone": m.phone,
                    "report_status": status,
                    "report_date": _within(m.report_date, ledger.end),
                    "cancel_date": _within(m.cancel_date, ledger.end),
                    "activities": m.month.activities,
                    "hours": m.month.hours,
                    "points": m.month.points,
                }
            ),
        )
    for a in ledger.activities:
        rows["activity:" + a.activity_id] = SnapshotRow(
            f"{a.activity_date} {a.theme}",
            a.grid_code,
            _clean(
                {
                    "date": a.activity_date,
                    "theme": a.theme,
                    "place": a.place,
                    "people": a.people,
                    "hours": a.hours,
                    "participants": "、".join(f"{p.name} {_text(p.hours)}" for p in a.participants),
                }
            ),
        )
    return rows


SUMMARY_FIELDS = (
    "new_households",
    "moved_in",
    "births",
    "moved_out",
    "deaths",
    "petitions_registered",
    "petitions_closed",
    "petitions_overdue",
    "party_activities",
    "party_hours",
)


def _summary(ledger: SummaryLedger) -> Rows:
    rows: Rows = {}
    for row in ledger.rows:
        fields: dict[str, str] = {}
        for name in SUMMARY_FIELDS:
            count: Count = getattr(row, name)
            fields[name] = _text(count.month)
            if count.year is not None:
                fields[name + ".year"] = _text(count.year)
        rows["grid:" + row.grid_code] = SnapshotRow(row.grid_name, row.grid_code, fields)
    return rows


# --- differences -----------------------------------------------------------------------------


def diff_rows(kind: str, month: date, closed_at: str, before: Rows, after: Rows) -> list[Amendment]:
    """The amendments between a closed month's snapshot rows and the rows read now (see
    :func:`_order`): added, removed and changed rows; unchanged rows are not listed. Added
    and removed rows list their non-empty fields."""
    out: list[Amendment] = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None and new is not None:
            changes = tuple(FieldChange(f, "", v) for f, v in new.fields.items() if v)
            change, row, grids = ADDED, new, {new.grid}
        elif new is None and old is not None:
            changes = tuple(FieldChange(f, v, "") for f, v in old.fields.items() if v)
            change, row, grids = REMOVED, old, {old.grid}
        elif old is not None and new is not None:
            names = list(old.fields) + [f for f in new.fields if f not in old.fields]
            changes = tuple(
                FieldChange(f, old.fields.get(f, ""), new.fields.get(f, ""))
                for f in names
                if old.fields.get(f, "") != new.fields.get(f, "")
            )
            if old.grid != new.grid:
                changes = (FieldChange("grid", old.grid, new.grid), *changes)
            if not changes:
                continue
            change, row, grids = CHANGED, new, {old.grid, new.grid}
        else:
            continue
        head = (kind, month, closed_at, change, key, key.split(":", 1)[0])
        out.append(Amendment(*head, row.label, row.grid, changes, frozenset(grids)))
    return sorted(out, key=_order)


def _order(amendment: Amendment) -> tuple[int, bool, str, str, str]:
    """Part (main table first), grid (the village's own rows last), label, key."""
    part = amendment.part
    rank = PART_ORDER.index(part) if part in PART_ORDER else len(PART_ORDER)
    return (rank, not amendment.grid, amendment.grid, amendment.label, amendment.key)


def of_grid(amendments: Iterable[Amendment], grid_code: str) -> list[Amendment]:
    """The amendments a grid's ledger lists: rows listed under that grid before or after."""
    return [a for a in amendments if grid_code in a.grids]


@dataclass(frozen=True)
class PrintableLedger:
    """Everything a printed ledger shows: its ``data`` (a ``gridapp.models.ledger*``
    dataclass), the corrections of the closed month before it (``amendments``; None: that
    month is not closed, no 上月更正 section) and its own month's close (``closed``; None:
    open), said on the first page of a fresh print."""

    data: object
    amendments: tuple[Amendment, ...] | None = None
    closed: MonthClose | None = None
