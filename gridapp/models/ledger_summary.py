"""月度工作汇总 (monthly work summary).

What the summary shows, per grid of the scope and in total, each figure as 当月数 | 累计数:

- 户籍: 新立户 (立户, dated when entered, and 分户 — counted once, in the grid of the
  household the members left), 迁入, 出生, 迁出, 死亡 — from the register's
  change history (``household_event``), placed in the grid of the household it happened in.
- 诉求信访: 登记 (registered), 办结 (closed: the 办结 date), 超期 (open and past its due date
  at the end of the month — the petition metrics' 超期数).
- 党员双报到: 活动 (activities held) and 服务时长 (hours of their participants), placed in the
  activity's grid.

**累计数 = since 1 January of the ledger's year, up to the last day of its month (both
included).** 超期 is a state at the month's end, not a flow: it has no 累计数 (None, shown as
"—"). The rows are in grid-code order; petitions or activities that have no grid but belong to
the village are counted on a last row with an empty grid code (“未分网格”).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gridapp.models.ledger import LedgerScope


@dataclass(frozen=True)
class Count:
    """One figure as 当月数 | 累计数 (``year`` None: no cumulative figure, shown "—")."""

    month: float
    year: float | None


@dataclass(frozen=True)
class SummaryRow:
    """One grid's figures (``grid_code`` "" : things of the village without a grid).

    Household fields count register changes; ``petitions_overdue.year`` is always None."""

    grid_code: str
    grid_name: str
    new_households: Count
    moved_in: Count
    births: Count
    moved_out: Count
    deaths: Count
    petitions_registered: Count
    petitions_closed: Count
    petitions_overdue: Count
    party_activities: Count
    party_hours: Count


@dataclass(frozen=True)
class SummaryLedger:
    """月度工作汇总 for ``month`` (its first day): ``rows`` per grid in display order and
    ``total`` (grid_code "*", the sum of the rows). Nothing happened: rows with zeros."""

    month: date
    start: date  # 1 January of the year: where 累计数 begins
    end: date  # the month's last day
    scope: LedgerScope
    rows: tuple[SummaryRow, ...]
    total: SummaryRow
    sensitive_fields: frozenset[str] = frozenset()  # nothing personal in the summary
