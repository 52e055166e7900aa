"""诉求信访 metrics per month and per grid (pure computation; the store reads the facts).

The formulas (docs/petition-metrics.md) — for a month M, over the petitions of one grid (or
all of them):

- 登记件数: registered in M. 重复信访: of those, marked repeat.
- 响应率 = responded / registered in M, where a petition has responded once its first step
  (受理告知, 不予受理 or 转送/交办) was taken, by the end of M.
- 按期受理率 = responded on or before its 受理告知 deadline / petitions whose 受理告知
  deadline fell in M.
- 按期办结率 = replied on or before its 办理 deadline (an approved extension included) /
  petitions whose 办理 deadline fell in M.
- 解决率 = replied in M with a 处理意见 that grants the request (支持, 调解协议, 和解协议) /
  replied in M.
- 满意率 = (满意 + w × 基本满意) / petitions called back and reached in M (参评);
  ``w`` is a setting (1.0: 基本满意 counts as satisfied; 0.9 in some 12345 assessments).
- 超期数: open at the end of M (or today, for the running month) and past their due date.
- 综合 = weighted sum of 响应率, 解决率 and 满意率 (weights a setting; default 0.1 / 0.5 / 0.4
  as in one 接诉即办 assessment — a county sets its own).

A rate with nothing to count is None (shown as "—"), never 0 % or 100 %.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

RESOLVED_DECISIONS = frozenset({"support", "mediation", "settlement"})
SATISFIED = "satisfied"
BASIC = "basic"
ALL_GRIDS = "*"  # the key of the all-grids figures (a grid code never holds "*")


@dataclass(frozen=True)
class MetricWeights:
    """The county's settings for the metrics."""

    basic_satisfied: float = 1.0  # how much a 基本满意 counts in 满意率
    response: float = 0.1
    resolution: float = 0.5
    satisfaction: float = 0.4

    def settings(self) -> dict[str, float]:
        return {
            "basic_satisfied": self.basic_satisfied,
            "response": self.response,
            "resolution": self.resolution,
            "satisfaction": self.satisfaction,
        }

    @classmethod
    def from_settings(cls, values: dict[str, Any]) -> MetricWeights:
        known = cls().settings()
        return cls(**{k: float(values[k]) for k in known if k in values})


@dataclass(frozen=True)
class PetitionFacts:
    """What the metrics need of one petition (dates None when the step has not happened)."""

    grid_code: str
    reg_date: date
    is_repeat: bool
    status: str
    open: bool  # still owes a step by a deadline (the workflow's OPEN_STATUSES)
    due_date: date | None  # the current stage's deadline
    responded: date | None  # first 受理告知 / 不予受理 / 转送
    notify_by: date | None  # 受理告知 deadline
    replied: date | None
    handle_by: date | None  # 办理 deadline (with an approved extension)
    decision: str
    called_back: date | None  # latest 回访 that reached the petitioner
    satisfaction: str


@dataclass
class MonthMetrics:
    """The figures of one month for one grid (ALL_GRIDS: all of them; "": no grid)."""

    grid_code: str
    month: str
    registered: int = 0
    repeat: int = 0
    responded: int = 0
    notify_due: int = 0
    notified_in_time: int = 0
    handle_due: int = 0
    handled_in_time: int = 0
    replied: int = 0
    resolved: int = 0
    rated: int = 0
    satisfied: int = 0
    basic: int = 0
    overdue: int = 0
    weights: MetricWeights = field(default_factory=MetricWeights)

    @staticmethod
    def _rate(part: float, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def response_rate(self) -> float | None:
        return self._rate(self.responded, self.registered)

    @property
    def on_time_acceptance_rate(self) -> float | None:
        return self._rate(self.notified_in_time, self.notify_due)

    @property
    def on_time_completion_rate(self) -> float | None:
        return self._rate(self.handled_in_time, self.handle_due)

    @property
    def resolution_rate(self) -> float | None:
        return self._rate(self.resolved, self.replied)

    @property
    def satisfaction_rate(self) -> float | None:
        points = self.satisfied + self.weights.basic_satisfied * self.basic
        return self._rate(points, self.rated)

    @property
    def composite(self) -> float | None:
        """The weighted sum of 响应率, 解决率 and 满意率; None unless all three exist."""
        parts = (self.response_rate, self.resolution_rate, self.satisfaction_rate)
        if any(p is None for p in parts):
            return None
        w = self.weights
        r, s, t = (float(p or 0.0) for p in parts)
        return w.response * r + w.resolution * s + w.satisfaction * t


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of "YYYY-MM"."""
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def compute(
    facts: Iterable[PetitionFacts],
    month: str,
    today: date,
    weights: MetricWeights | None = None,
) -> dict[str, MonthMetrics]:
    """The month's figures per grid code ("" for petitions without one), and for all grids
    under ``ALL_GRIDS``."""
    first, last = month_bounds(month)
    weights = weights or MetricWeights()
    cutoff = min(last, today)  # 超期 is judged at the month's end, or today while it runs
    out: dict[str, MonthMetrics] = {ALL_GRIDS: MonthMetrics(ALL_GRIDS, month, weights=weights)}

    def within(day: date | None) -> bool:
        return day is not None and first <= day <= last

    for fact in facts:
        if fact.reg_date > last:
            continue
        grid = out.setdefault(fact.grid_code, MonthMetrics(fact.grid_code, month, weights=weights))
        for m in (grid, out[ALL_GRIDS]):
            if within(fact.reg_date):
                m.registered += 1
                m.repeat += fact.is_repeat
                m.responded += fact.responded is not None and fact.responded <= last
            if within(fact.notify_by):
                m.notify_due += 1
                m.notified_in_time += (
                    fact.responded is not None
                    and fact.notify_by is not None
                    and fact.responded <= fact.notify_by
                )
            if within(fact.handle_by):
                m.handle_due += 1
                m.handled_in_time += (
                    fact.replied is not None
                    and fact.handle_by is not None
                    and fact.replied <= fact.handle_by
                )
            if within(fact.replied):
                m.replied += 1
                m.resolved += fact.decision in RESOLVED_DECISIONS
            if within(fact.called_back):
                m.rated += 1
                m.satisfied += fact.satisfaction == SATISFIED
                m.basic += fact.satisfaction == BASIC
            if fact.open and fact.due_date is not None and fact.due_date < cutoff:
                m.overdue += 1
    return out
