"""The household list: filtered, sorted pages of plain rows by KEYSET pagination.

A page continues after the sort key of the last row seen — ``(sort value, household_no) >
(?, ?)`` — so reading page 1,500 costs the same as page 1 (``LIMIT ? OFFSET ?`` would read
and discard every row before it). To jump to row N without reading rows 0..N, a caller
takes :func:`page_anchors` once per filter and order: the sort keys of every ``every``-th
row, from one scan of the sort keys only (a covering-index scan for household number,
address and update time). Page k then starts after ``anchors[k]``.

The SQL text below is assembled only from the constant fragments of this module; every
value is a bound parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gridapp.models.household import HEAD_RELATION
from gridapp.store.connection import Connection

HEAD_NAME_SQL = (
    "coalesce((SELECT p.name FROM person p WHERE p.household_id = h.id AND p.deleted = 0"
    f" AND p.relation = '{HEAD_RELATION}' ORDER BY p.name LIMIT 1), '')"
)
MEMBER_COUNT_SQL = "(SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0)"

# household.head_name / member_count (schema 4) are these, stored: recomputed by the
# migration for all rows and by the repository for the households a write touches.
SUMMARY_UPDATE_SQL = (
    f"UPDATE household AS h SET head_name = {HEAD_NAME_SQL}, member_count = {MEMBER_COUNT_SQL}"
)
# Derived, local columns of ``household``: never in an outbox payload; whoever applies rows
# from elsewhere (sync) recomputes them with :func:`refresh_summary`.
DERIVED_COLUMNS = ("head_name", "member_count")
SUMMARY_SET_SQL = "UPDATE household SET head_name = ?, member_count = ? WHERE id = ?"

# sort key -> SQL expression of its value (the tiebreaker is always h.household_no).
SORT_EXPRESSIONS = {
    "household_no": "h.household_no",
    "head_name": "h.head_name",
    "address": "h.address",
    "member_count": "h.member_count",
    "updated_at": "h.updated_at",
}
SORT_KEYS = tuple(SORT_EXPRESSIONS)

_TEXT_FILTER = (
    "(h.household_no LIKE ? ESCAPE '\\' OR h.address LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1"
    " FROM person p WHERE p.household_id = h.id AND p.deleted = 0 AND p.name LIKE ? ESCAPE '\\'))"
)
# Tag and member filters are uncorrelated IN (...) sets, computed once per query: as a
# correlated EXISTS the planner walked every row of the tag per household (minutes at scale).
_TAG_FILTER = (
    "h.id IN (SELECT household_id FROM household_tag WHERE deleted = 0 AND tag = ?"
    " UNION SELECT p.household_id FROM person_tag t JOIN person p ON p.id = t.person_id"
    " WHERE t.deleted = 0 AND p.deleted = 0 AND t.tag = ?)"
)
_MEMBER_FILTER = "h.id IN (SELECT p.household_id FROM person p WHERE p.deleted = 0"

TAGS_SQL = (
    "SELECT household_id, tag FROM household_tag WHERE deleted = 0 AND household_id IN ({marks})"
    " UNION SELECT p.household_id, t.tag FROM person_tag t JOIN person p ON p.id = t.person_id"
    " WHERE t.deleted = 0 AND p.deleted = 0 AND p.household_id IN ({marks})"
)


@dataclass(frozen=True)
class HouseholdFilter:
    """What the household list shows; empty fields do not filter.

    ``tag`` is a ``household_tag`` or ``person_tag`` code (a household matches if it or any
    member carries it); ``population_type`` and ``status`` match if some member has them
    (both at once when both are given).
    """

    grid_code: str = ""
    tag: str = ""
    population_type: str = ""
    status: str = ""
    text: str = ""


@dataclass
class HouseholdRow:
    """One line of the household list (plain values, ready to show)."""

    id: str
    household_no: str
    head_name: str
    address: str
    member_count: int
    grid_code: str
    tags: list[str] = field(default_factory=list)
    updated_at: str = ""

    def sort_value(self, sort_key: str) -> Any:
        """The native value this row is ordered by under ``sort_key``."""
        return getattr(self, sort_key)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where(flt: HouseholdFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (without the keyword) and its parameters for ``flt``."""
    clauses = ["h.deleted = 0"]
    params: list[Any] = []
    if flt.grid_code:
        clauses.append("h.grid_code = ?")
        params.append(flt.grid_code)
    if flt.tag:
        clauses.append(_TAG_FILTER)
        params += [flt.tag, flt.tag]
    if flt.population_type or flt.status:
        member = _MEMBER_FILTER
        if flt.population_type:
            member += " AND p.population_type = ?"
            params.append(flt.population_type)
        if flt.status:
            member += " AND p.status = ?"
            params.append(flt.status)
        clauses.append(member + ")")
    if flt.text.strip():
        pattern = _like(flt.text.strip())
        clauses.append(_TEXT_FILTER)
        params += [pattern, pattern, pattern]
    return " AND ".join(clauses), params


def _sort_sql(sort_key: str) -> str:
    try:
        return SORT_EXPRESSIONS[sort_key]
    except KeyError:
        raise ValueError(f"unknown sort key: {sort_key!r}") from None


def count_households(conn: Connection, flt: HouseholdFilter) -> int:
    """How many households ``flt`` lets through."""
    clause, params = where(flt)
    return int(
        conn.execute(f"SELECT count(*) FROM household h WHERE {clause}", params).fetchone()[0]
    )


def page_sql(sort_key: str, descending: bool, after: bool) -> str:
    """The page query for one order (kept separate so tests can read the text)."""
    expr = _sort_sql(sort_key)
    direction = "DESC" if descending else "ASC"
    seek = f" AND ({expr}, h.household_no) {'<' if descending else '>'} (?, ?)" if after else ""
    return (
        "SELECT h.id, h.household_no, h.address, h.grid_code, h.updated_at,"
        " h.head_name, h.member_count FROM household h WHERE {where}"
        + seek
        + f" ORDER BY {expr} {direction},"
        f" h.household_no {direction} LIMIT ?"
    )


def household_page(
    conn: Connection,
    flt: HouseholdFilter,
    sort_key: str,
    after: Sequence[Any] | None,
    limit: int,
    descending: bool = False,
) -> list[HouseholdRow]:
    """Up to ``limit`` rows that come after the key ``after`` (None: from the start).

    ``after`` is ``(sort value, household_no)`` of the last row already read — see
    :func:`row_key`.
    """
    clause, params = where(flt)
    sql = page_sql(sort_key, descending, after is not None).replace("{where}", clause)
    if after is not None:
        params += list(after)
    params.append(limit)
    rows = [
        HouseholdRow(
            id=r[0],
            household_no=r[1],
            address=r[2],
            grid_code=r[3],
            updated_at=r[4],
            head_name=r[5],
            member_count=int(r[6]),
        )
        for r in conn.execute(sql, params)
    ]
    _fill_tags(conn, rows)
    return rows


def row_key(row: HouseholdRow, sort_key: str) -> tuple[Any, str]:
    """The keyset key of ``row``: pass it as ``after`` to continue behind it."""
    return (row.sort_value(sort_key), row.household_no)


def page_anchors(
    conn: Connection,
    flt: HouseholdFilter,
    sort_key: str,
    every: int,
    descending: bool = False,
) -> list[tuple[Any, str] | None]:
    """Where each page of ``every`` rows starts: ``anchors[k]`` is the ``after`` of page k.

    One scan of the sort keys only, so position N is two steps away: page N // every
    after ``anchors[N // every]``, then row N % every of it.
    """
    clause, params = where(flt)
    expr = _sort_sql(sort_key)
    direction = "DESC" if descending else "ASC"
    cursor = conn.execute(
        f"SELECT {expr}, h.household_no FROM household h WHERE {clause}"
        f" ORDER BY {expr} {direction}, h.household_no {direction}",
        params,
    )
    anchors: list[tuple[Any, str] | None] = [None]
    for index, (value, number) in enumerate(cursor, start=1):
        if index % every == 0:
            anchors.append((value, number))
    return anchors


def refresh_summary(conn: Connection, household_id: str) -> None:
    """Recompute the stored head name and member count of one household."""
    conn.execute(SUMMARY_UPDATE_SQL + " WHERE h.id = ?", (household_id,))


def _fill_tags(conn: Connection, rows: list[HouseholdRow]) -> None:
    if not rows:
        return
    by_id = {r.id: r for r in rows}
    ids = list(by_id)
    marks = ",".join("?" for _ in ids)
    found: dict[str, set[str]] = {}
    for household_id, tag in conn.execute(TAGS_SQL.format(marks=marks), ids + ids):
        found.setdefault(household_id, set()).add(tag)
    for household_id, tags in found.items():
        by_id[household_id].tags = sorted(tags)
