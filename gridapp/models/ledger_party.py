"""党员双报到台账 and the per-member feedback sheet (what they show; the store reads them).

The ledger of a month has three parts:

1. **Roster (名册)** — every party member of the scope (by the grid the member is assigned to,
   or the village), by grid then name, with the report status at the month's end: "active"
   (报到 on or before the last day and not 注销 by then), "cancelled" (注销 on or before the
   last day) or "" (not reported by then); and the member's totals for the month and for the
   year so far (1 January to the month's last day): 参加活动次数, 服务时长, 积分.
2. **Activities (活动)** — the month's activities of the scope (the activity's grid; an
   activity without a grid belongs to its village, and to a grid scope when a member of that
   grid took part), by date, with every participant's hours and points and a subtotal each.
3. **Totals** over the roster and over the activities.

Totals use the party rules (``gridapp.models.party_rules.totals``: sums rounded to 0.01).
ID numbers and phones are raw here; :data:`SENSITIVE_FIELDS` names them for the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gridapp.models.ledger import LedgerScope
from gridapp.models.party_rules import Totals

SENSITIVE_FIELDS = frozenset({"id_number", "phone"})
REPORTED = "active"
CANCELLED = "cancelled"
NOT_REPORTED = ""


@dataclass(frozen=True)
class RosterRow:
    member_id: str
    name: str
    id_number: str  # sensitive
    phone: str  # sensitive
    sex: str
    membership: str  # party_membership code
    work_unit: str
    party_org: str
    grid_code: str
    report_status: str  # REPORTED | CANCELLED | NOT_REPORTED at the month's end
    report_date: date | None
    cancel_date: date | None
    month: Totals  # this month
    year: Totals  # 1 January .. the month's last day
    posts: tuple[str, ...] = ()  # service posts held (claimed by the month's end, not withdrawn)


@dataclass(frozen=True)
class ParticipantRow:
    member_id: str
    name: str
    hours: float
    points: float
    content: str
    evaluation: str  # 群众评价


@dataclass(frozen=True)
class ActivityRow:
    activity_id: str
    activity_date: date
    theme: str
    place: str
    organiser: str
    grid_code: str
    participants: tuple[ParticipantRow, ...]
    people: int  # subtotal: participants
    hours: float  # subtotal
    points: float  # subtotal


@dataclass(frozen=True)
class PartyLedger:
    """党员双报到台账 of ``month`` (its first day) for ``scope``."""

    month: date
    end: date
    scope: LedgerScope
    roster: tuple[RosterRow, ...]
    reported: int  # members REPORTED at the month's end
    cancelled: int
    not_reported: int
    month_totals: Totals  # the roster's month totals summed
    year_totals: Totals  # the roster's year-so-far totals summed
    activities: tuple[ActivityRow, ...]
    activity_count: int
    participations: int
    activity_hours: float
    activity_points: float
    sensitive_fields: frozenset[str] = SENSITIVE_FIELDS


@dataclass(frozen=True)
class FeedbackRow:
    """One member's line of the feedback sheet to the work unit (社区向单位党组织反馈)."""

    member_id: str
    name: str
    id_number: str  # sensitive
    phone: str  # sensitive
    work_unit: str
    party_org: str
    grid_code: str
    report_date: date | None
    posts: tuple[str, ...]  # service posts claimed
    activities: int
    hours: float
    points: float
    rating: str  # feedback_rating code once saved, else ""
    opinion: str
    signer: str
    signed_date: date | None


@dataclass(frozen=True)
class PartyFeedbackSheet:
    """The feedback sheet for ``period`` (``2026Q3``, ``2026H1`` or ``2026``): one row per
    member of the scope who had reported by the period's end and was not 注销 before its
    start, by grid then name, and the totals."""

    period: str
    start: date
    end: date
    scope: LedgerScope
    rows: tuple[FeedbackRow, ...]
    activities: int
    hours: float
    points: float
    sensitive_fields: frozenset[str] = SENSITIVE_FIELDS
