"""Reading the 诉求信访台账 of a month (:func:`petition_ledger`) and the scope every monthly
ledger is drawn for (:func:`resolve_scope`, :func:`scope_clause`, :func:`month_start`).

Which petitions, in which order, with which subtotals: :mod:`gridapp.models.ledger_petitions`.
The metrics block is the petition metrics (``gridapp.models.petition_metrics.compute`` over
``gridapp.store.petition_metrics.read_facts``) narrowed to the scope — the same figures the
petition page shows for that grid.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import petition_flow
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.ledger_petitions import PetitionGroup, PetitionLedger, PetitionLedgerRow
from gridapp.models.ledger_summary import GRID, VILLAGE, LedgerScope
from gridapp.models.petition import Petition
from gridapp.models.petition_metrics import ALL_GRIDS, MonthMetrics, compute, month_bounds
from gridapp.models.places import village_of
from gridapp.store.db import Store
from gridapp.store.petition_metrics import read_facts
from gridapp.store.petitions import PetitionRepository
from gridapp.store.rows import from_row
from gridapp.store.scope import load_scope

MSG_BAD_SCOPE = QT_TRANSLATE_NOOP(
    "Messages",
    "“{scope}” is not a village or grid of this register: give a 12-digit village code or a"
    " grid code such as 360423100200-01.",
)
MSG_BAD_MONTH = QT_TRANSLATE_NOOP("Messages", "The month is a date, e.g. 2026-11-01.")
TOP = "\U0010ffff"  # sorts after every character: [q, q + TOP) is "starts with q"
_VILLAGE_CODE = re.compile(r"^\d{12}$")
_GRID_CODE = re.compile(r"^\d{12}-[0-9A-Za-z]{1,20}$")
DONE = petition_flow.DONE_STATUSES


def _bad_scope(code: object) -> ValidationError:
    return ValidationError([FieldError("scope", MSG_BAD_SCOPE, {"scope": str(code)[:40]})])


def month_start(month: object) -> date:
    """The first day of ``month`` (a date; any day of the month will do)."""
    if not isinstance(month, date):
        raise ValidationError([FieldError("month", MSG_BAD_MONTH)])
    return date(month.year, month.month, 1)


def resolve_scope(store: Store, scope_code: object) -> LedgerScope:
    """The village or grid ``scope_code`` names, with its name and (for a village) its grids.

    A code must be a current village or grid of the place table, or the village / grid this
    PC works for (chosen at first run, before places were synced); anything else raises a
    :class:`ValidationError` naming the code."""
    code = str(scope_code or "").strip()
    if _VILLAGE_CODE.match(code):
        level = VILLAGE
    elif _GRID_CODE.match(code):
        level = GRID
    else:
        raise _bad_scope(scope_code)
    village = village_of(code)
    rows = store.query(
        "SELECT code, name, level FROM place WHERE deleted = 0 AND valid_to = ''"
        " AND (code = ? OR code = ? OR (level = 'grid' AND parent_code = ?)) ORDER BY code",
        (code, village, village),
    )
    names = {(str(r["code"]), str(r["level"])): str(r["name"]) for r in rows}
    grids = [(str(r["code"]), str(r["name"])) for r in rows if r["level"] == GRID]
    work = load_scope(store)
    known = (code, level) in names
    if not known and work is not None:
        known = code in (work.village_code, work.grid_code) and bool(code)
        if work.village_code == village:
            names.setdefault((village, VILLAGE), work.village_name)
            if work.grid_code and work.grid_code not in dict(grids):
                grids.append((work.grid_code, work.grid_name))
    if not known:
        raise _bad_scope(scope_code)
    village_name = names.get((village, VILLAGE), "")
    if level == GRID:
        grid_name = dict(grids).get(code, names.get((code, GRID), ""))
        return LedgerScope(code, GRID, village, village_name, code, grid_name, ((code, grid_name),))
    return LedgerScope(code, VILLAGE, village, village_name, grids=tuple(sorted(grids)))


def scope_clause(scope: LedgerScope, alias: str) -> tuple[str, list[Any]]:
    """SQL (over a table with ``grid_code`` and ``area_code``, aliased ``alias``) keeping the
    rows of ``scope``: a grid's rows, or a village's rows (its area or any of its grids)."""
    if scope.level == GRID:
        return f"{alias}.grid_code = ?", [scope.grid_code]
    head = scope.village_code + "-"
    return (
        f"({alias}.area_code = ? OR ({alias}.grid_code >= ? AND {alias}.grid_code < ?))",
        [scope.village_code, head, head + TOP],
    )


def in_scope(scope: LedgerScope, grid_code: str, area_code: str) -> bool:
    """The same rule as :func:`scope_clause`, for a row already read."""
    if scope.level == GRID:
        return grid_code == scope.grid_code
    return area_code == scope.village_code or grid_code.startswith(scope.village_code + "-")


def group_order(grid_code: str) -> tuple[int, str]:
    """Grids in code order, "no grid" last."""
    return (0 if grid_code else 1, grid_code)


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
