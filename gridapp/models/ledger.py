"""Plain data of the monthly ledgers (月度台账), read by ``gridapp.store.ledger_*`` and drawn
by ``gridapp.reports``: no SQL and no drawing here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

# The register changes a 户籍人口台账 counts, in the order of its columns.
CHANGE_KINDS = ("move_in", "move_out", "birth", "death", "split")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date | None:
    """``YYYY-MM`` as the first day of that month; None when it is not a month."""
    match = _MONTH.match(text.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1900 <= year <= 9999 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def month_end(first: date) -> date:
    """The last day of the month that starts on ``first``."""
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


# The levels a ledger may be drawn for (a village / community, or one of its grids).
VILLAGE = "village"
GRID = "grid"


@dataclass(frozen=True)
class LedgerScope:
    """Who the ledger is for: the header's 填报单位 (village name and code) and 网格.

    ``code`` is what was asked for: a 12-digit village code or a grid code
    (``<village>-NN``). ``grids`` are the grids of the scope as (code, name), in code order
    (just the one grid for a grid scope)."""

    code: str
    level: str  # VILLAGE | GRID
    village_code: str
    village_name: str
    grid_code: str = ""
    grid_name: str = ""
    grids: tuple[tuple[str, str], ...] = ()

    def grid_name_of(self, code: str) -> str:
        """The grid's name, or "" (no grid, or one not in the place table)."""
        return dict(self.grids).get(code, "")


@dataclass(frozen=True)
class LedgerMember:
    """A member of a household at the end of the month."""

    name: str
    relation: str  # GB/T 4761 code
    sex: str  # GB/T 2261.1 code
    birth_date: date | None
    id_number: str
    phone: str
    tags: tuple[str, ...] = ()  # person_tag codes running at the end of the month


@dataclass
class LedgerHousehold:
    household_no: str
    address: str
    members: list[LedgerMember] = field(default_factory=list)

    @property
    def head_name(self) -> str:
        heads = [m.name for m in self.members if m.relation == "02"]
        return heads[0] if heads else ""


@dataclass
class LedgerGrid:
    code: str
    name: str
    households: list[LedgerHousehold] = field(default_factory=list)

    @property
    def persons(self) -> int:
        return sum(len(h.members) for h in self.households)


@dataclass(frozen=True)
class ChangeCount:
    """当月数 and 累计数 (from 1 January of the ledger's year to the end of its month)."""

    month: int = 0
    year_to_date: int = 0


@dataclass(frozen=True)
class LedgerEvent:
    """One register change of the month, as listed under the counts."""

    event_date: date
    kind: str  # household_event code
    grid_code: str
    household_no: str
    person_name: str
    detail: str


@dataclass
class HouseholdLedger:
    """Everything the 户籍人口台账 of one month and scope shows."""

    scope: LedgerScope
    month: date  # first day of the month
    grids: list[LedgerGrid]
    changes: dict[str, dict[str, ChangeCount]]  # grid code -> kind -> counts
    events: list[LedgerEvent]

    @property
    def households(self) -> int:
        return sum(len(g.households) for g in self.grids)

    @property
    def persons(self) -> int:
        return sum(g.persons for g in self.grids)

    def change_total(self, kind: str) -> ChangeCount:
        counts = [c[kind] for c in self.changes.values() if kind in c]
        return ChangeCount(sum(c.month for c in counts), sum(c.year_to_date for c in counts))


# The ledgers that can be printed, in the order the window and the command list them.
HOUSEHOLDS = "households"
PARTY = "party"
PETITIONS = "petitions"
SUMMARY = "summary"
PARTY_FEEDBACK = "party-feedback"
KINDS = (HOUSEHOLDS, PARTY, PETITIONS, SUMMARY, PARTY_FEEDBACK)


@dataclass(frozen=True)
class LedgerRequest:
    """Which ledger to draw: ``kind`` (one of :data:`KINDS`), the month (its first day) and
    the scope code (a 12-digit village code or a grid code). The party feedback sheet is
    for a ``period`` (``2026Q3`` / ``2026H1`` / ``2026``) instead of a month."""

    kind: str
    month: date
    scope_code: str
    period: str = ""
