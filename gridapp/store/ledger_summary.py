"""Reading the 月度工作汇总 of a month (:func:`summary_ledger`); what it shows and what
累计数 means (since 1 January of that year): :mod:`gridapp.models.ledger_summary`.

The figures are those of the other ledgers, counted per grid: the register's changes
(``household_event``: 新立户 are 立户 and 分户, a 分户 counted once, in the grid of the
household the members left — the home page halves the split events, which would go wrong
per grid when the new household is in another grid), the petition metrics (登记 and 超期 from
``gridapp.models.petition_metrics.compute``; 办结 by the 办结 date) and the party activities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any

from gridapp.models.ledger import LedgerScope
from gridapp.models.ledger_summary import Count, SummaryLedger, SummaryRow
from gridapp.models.petition_metrics import compute, month_bounds
from gridapp.store.db import Store
from gridapp.store.ledger_scope import group_order, month_start, resolve_scope, scope_clause
from gridapp.store.petition_metrics import read_facts
from gridapp.store.petitions import PetitionRepository

TOTAL = "*"
Figures = dict[str, dict[str, float]]  # grid code -> figure name -> value


# A 分户 writes a ``split`` event on both households. The one formed by it has it as its first
# event (the household left has earlier ones: 立户 at least); the other is counted, so that a
# 分户 counts once, in the grid of the household the members left (as the 户籍人口台账 does).
NEW_FROM_SPLIT = (
    "e.kind = 'split' AND NOT EXISTS (SELECT 1 FROM household_event f"
    " WHERE f.household_id = e.household_id AND f.deleted = 0 AND f.id <> e.id"
    " AND (f.kind = 'created' OR f.event_date < e.event_date"
    " OR (f.event_date = e.event_date AND f.rowid < e.rowid)))"
)


def _events(store: Store, scope: LedgerScope, start: date, end: date) -> Figures:
    where, params = scope_clause(scope, "h")
    rows = store.query(
        f"SELECT h.grid_code AS grid, CASE WHEN {NEW_FROM_SPLIT} THEN 'split_new' ELSE e.kind"
        " END AS kind, count(*) AS n FROM household_event e"
        " JOIN household h ON h.id = e.household_id"
        f" WHERE e.deleted = 0 AND e.event_date >= ? AND e.event_date <= ? AND {where}"
        " GROUP BY 1, 2",
        [start.isoformat(), end.isoformat(), *params],
    )
    out: Figures = {}
    for r in rows:
        out.setdefault(str(r["grid"]), {})[str(r["kind"])] = float(r["n"])
    for figures in out.values():
        figures["new_households"] = figures.get("created", 0) + figures.get("split", 0)
    return out


def _closed(store: Store, scope: LedgerScope, start: date, end: date) -> Figures:
    where, params = scope_clause(scope, "p")
    rows = store.query(
        "SELECT p.grid_code AS grid, count(*) AS n FROM petition p WHERE p.deleted = 0"
        f" AND p.closed_date >= ? AND p.closed_date <= ? AND {where} GROUP BY p.grid_code",
        [start.isoformat(), end.isoformat(), *params],
    )
    return {str(r["grid"]): {"closed": float(r["n"])} for r in rows}


def _party(store: Store, scope: LedgerScope, start: date, end: date) -> Figures:
    where, params = scope_clause(scope, "a")
    span = [start.isoformat(), end.isoformat(), *params]
    dated = f"a.deleted = 0 AND a.activity_date >= ? AND a.activity_date <= ? AND {where}"
    out: Figures = {}
    for r in store.query(
        f"SELECT a.grid_code AS grid, count(*) AS n FROM party_activity a WHERE {dated}"
        " GROUP BY a.grid_code",
        span,
    ):
        out[str(r["grid"])] = {"activities": float(r["n"]), "hours": 0.0}
    for r in store.query(
        "SELECT a.grid_code AS grid, sum(p.hours) AS hours FROM activity_participation p"
        f" JOIN party_activity a ON a.id = p.activity_id WHERE p.deleted = 0 AND {dated}"
        " GROUP BY a.grid_code",
        span,
    ):
        out[str(r["grid"])]["hours"] = round(float(r["hours"] or 0), 2)
    return out


def _petitions(
    store: Store, scope: LedgerScope, first: date, today: date
) -> tuple[Figures, Figures]:
    """The month's (registered, overdue) per grid, and registered summed over January..month."""
    repo = PetitionRepository(store)
    policy, weights = repo.policy(), repo.metric_weights()
    where, params = scope_clause(scope, "p")
    month: Figures = {}
    year: Figures = {}
    for number in range(1, first.month + 1):
        key = f"{first.year:04d}-{number:02d}"
        facts = read_facts(store.conn, policy, key, where, params)
        for grid, metrics in compute(facts, key, today, weights).items():
            if grid == "*":
                continue
            figures = year.setdefault(grid, {"registered": 0.0})
            figures["registered"] += metrics.registered
            if number == first.month:
                month[grid] = {"registered": metrics.registered, "overdue": metrics.overdue}
    return month, year


def summary_ledger(
    store: Store, month: date, scope_code: str, today: date | None = None
) -> SummaryLedger:
    """月度工作汇总 of ``month`` (first day) for ``scope_code`` (village or grid code).
    ``today`` (default: the date today) judges 超期 while the month is still running."""
    first = month_start(month)
    scope = resolve_scope(store, scope_code)
    today = today or date.today()
    _, last = month_bounds(first.strftime("%Y-%m"))
    january = date(first.year, 1, 1)
    petitions_month, petitions_year = _petitions(store, scope, first, today)
    sources: list[tuple[Callable[..., Figures], Figures, Figures]] = [
        (f, f(store, scope, first, last), f(store, scope, january, last))
        for f in (_events, _closed, _party)
    ]
    grids = {code for code, _ in scope.grids}
    for _, m, y in sources:
        grids |= set(m) | set(y)
    grids |= set(petitions_month) | set(petitions_year)

    def count(name: str, grid: str, month_figs: Figures, year_figs: Figures) -> Count:
        return Count(
            month_figs.get(grid, {}).get(name, 0.0), year_figs.get(grid, {}).get(name, 0.0)
        )

    (events_m, events_y), (closed_m, closed_y), (party_m, party_y) = ((m, y) for _, m, y in sources)
    rows = []
    for grid in sorted(grids, key=group_order):
        rows.append(
            SummaryRow(
                grid_code=grid,
                grid_name=scope.grid_name_of(grid),
                new_households=count("new_households", grid, events_m, events_y),
                moved_in=count("move_in", grid, events_m, events_y),
                births=count("birth", grid, events_m, events_y),
                moved_out=count("move_out", grid, events_m, events_y),
                deaths=count("death", grid, events_m, events_y),
                petitions_registered=count("registered", grid, petitions_month, petitions_year),
                petitions_closed=count("closed", grid, closed_m, closed_y),
                petitions_overdue=Count(petitions_month.get(grid, {}).get("overdue", 0.0), None),
                party_activities=count("activities", grid, party_m, party_y),
                party_hours=count("hours", grid, party_m, party_y),
            )
        )
    return SummaryLedger(
        month=first,
        start=january,
        end=last,
        scope=scope,
        rows=tuple(rows),
        total=_total(rows),
    )


def _total(rows: list[SummaryRow]) -> SummaryRow:
    values: dict[str, Any] = {"grid_code": TOTAL, "grid_name": ""}
    for f in fields(SummaryRow):
        if f.name in values:
            continue
        counts: list[Count] = [getattr(r, f.name) for r in rows]
        year = None if f.name == "petitions_overdue" else sum(c.year or 0 for c in counts)
        month_sum = sum(c.month for c in counts)
        if f.name == "party_hours":
            month_sum, year = round(month_sum, 2), round(year or 0, 2)
        values[f.name] = Count(month_sum, year)
    return SummaryRow(**values)
