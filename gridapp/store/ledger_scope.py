"""The scope every monthly ledger is drawn for: a village of the register or one of its grids
(:func:`resolve_scope`), the SQL that keeps its rows (:func:`scope_clause`), and the month's
first day (:func:`month_start`)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.ledger import GRID, VILLAGE, LedgerScope
from gridapp.models.places import village_of
from gridapp.store.db import Store
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
