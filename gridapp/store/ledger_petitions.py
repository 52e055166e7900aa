"""Reading the 诉求信访台账 of a month (:func:`petition_ledger`).

Which petitions, in which order, with which subtotals: :mod:`gridapp.models.ledger_petitions`.
The metrics block is the petition metrics (``gridapp.models.petition_metrics.compute`` over
``gridapp.store.petition_metrics.read_facts``) narrowed to the scope — the same figures the
petition page shows for that grid.
"""

from __future__ import annotations

from datetime import date

from gridapp.models import petition_flow
from gridapp.models.ledger import LedgerScope
from gridapp.models.ledger_petitions import PetitionGroup, PetitionLedger, PetitionLedgerRow
from gridapp.models.petition import Petition
from gridapp.models.petition_metrics import ALL_GRIDS, MonthMetrics, compute, month_bounds
from gridapp.store.db import Store
from gridapp.store.ledger_scope import (
    group_order,
    month_start,
    resolve_scope,
    scope_clause,
)
from gridapp.store.petition_metrics import read_facts
from gridapp.store.petitions import PetitionRepository
from gridapp.store.rows import from_row

DONE = petition_flow.DONE_STATUSES


ROWS_SQL = (
    "SELECT p.*, (SELECT t.name || char(9) || t.id_number || char(9) || t.phone"
    "  FROM petition_petitioner t WHERE t.petition_id = p.id AND t.deleted = 0"
    "  ORDER BY t.is_primary DESC, t.rowid LIMIT 1) AS main_petitioner,"
    " (SELECT count(*) FROM petition_petitioner t WHERE t.petition_id = p.id AND t.deleted = 0)"
    "  AS petitioner_count"
    " FROM petition p WHERE p.deleted = 0 AND p.reg_date <= ?"
    " AND (p.reg_date >= ? OR p.status NOT IN ({done})"
    "  OR coalesce(p.last_step_date, p.reg_date) >= ?)"
    " AND {scope} ORDER BY p.reg_date, p.reg_no"
)


def petition_ledger(
    store: Store, month: date, scope_code: str, today: date | None = None
) -> PetitionLedger:
    """诉求信访台账 of ``month`` (first day) for ``scope_code`` (village or grid code).

    ``today`` (default: the date today) judges 超期 while the month is still running. A month
    with no petitions gives no groups and zero totals."""
    first = month_start(month)
    scope = resolve_scope(store, scope_code)
    today = today or date.today()
    key = first.strftime("%Y-%m")
    _, last = month_bounds(key)
    repo = PetitionRepository(store)
    policy = repo.policy()
    where, params = scope_clause(scope, "p")
    facts = read_facts(store.conn, policy, key, where, params)
    metrics = compute(facts, key, today, repo.metric_weights())
    cutoff = min(last, today)
    sql = ROWS_SQL.format(done=",".join("?" for _ in DONE), scope=where)
    rows = store.query(
        sql, [last.isoformat(), first.isoformat(), *DONE, first.isoformat(), *params]
    )
    by_grid: dict[str, list[PetitionLedgerRow]] = {}
    for raw in rows:
        petition = from_row(Petition, raw)
        name, id_number, phone = (str(raw["main_petitioner"] or "") + "\t\t").split("\t")[:3]
        is_open = petition.status in petition_flow.OPEN_STATUSES
        row = PetitionLedgerRow(
            reg_no=petition.reg_no,
            reg_date=petition.reg_date,
            channel=petition.channel,
            petitioner=name,
            petitioner_id_number=id_number,
            petitioner_phone=phone,
            petitioners=int(raw["petitioner_count"]),
            headcount=petition.headcount,
            problem_area_code=petition.problem_area_code,
            problem_address=petition.problem_address,
            kind=petition.kind,
            category=petition.category,
            summary=petition.summary,
            handling_unit=petition.handling_unit,
            handler=petition.handler,
            accepted_date=petition.accepted_date,
            handle_by=petition_flow.handle_by(petition, policy),
            due_date=petition.due_date if is_open else None,
            decision=petition.decision,
            reply_date=petition.reply_date,
            satisfaction=petition.satisfaction,
            status=petition.status,
            closed_date=petition.closed_date,
            is_repeat=petition.is_repeat,
            registered_in_month=petition.reg_date >= first,
            finished=petition.status in DONE,
            overdue=is_open and petition.due_date is not None and petition.due_date < cutoff,
            grid_code=petition.grid_code,
        )
        by_grid.setdefault(petition.grid_code, []).append(row)
    groups = tuple(
        _group(scope, grid, by_grid[grid], metrics.get(grid) or MonthMetrics(grid, key))
        for grid in sorted(by_grid, key=group_order)
    )
    return PetitionLedger(
        month=first,
        end=last,
        scope=scope,
        groups=groups,
        count=sum(g.count for g in groups),
        registered=sum(g.registered for g in groups),
        carried_over=sum(g.carried_over for g in groups),
        finished=sum(g.finished for g in groups),
        overdue=sum(g.overdue for g in groups),
        headcount=sum(g.headcount for g in groups),
        metrics=metrics[ALL_GRIDS],
    )


def _group(
    scope: LedgerScope, grid: str, rows: list[PetitionLedgerRow], metrics: MonthMetrics
) -> PetitionGroup:
    registered = sum(r.registered_in_month for r in rows)
    return PetitionGroup(
        grid_code=grid,
        grid_name=scope.grid_name_of(grid),
        rows=tuple(rows),
        count=len(rows),
        registered=registered,
        carried_over=len(rows) - registered,
        finished=sum(r.finished for r in rows),
        overdue=sum(r.overdue for r in rows),
        headcount=sum(r.headcount for r in rows),
        metrics=metrics,
    )
