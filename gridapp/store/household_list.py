"""The household list: filtered, sorted pages of plain rows by KEYSET pagination.

A page continues after the sort key of the last row seen — ``(sort value, household_no) >
(?, ?)`` — so reading page 1,500 costs the same as page 1 (``LIMIT ? OFFSET ?`` would read
and discard every row before it). To jump to row N without reading rows 0..N, a caller
takes :func:`page_anchors` once per filter and order: the sort keys of every ``every``-th
row, from one scan of the sort keys only (a covering-index scan for household number,
address and update time). Page k then starts after ``anchors[k]``.

Filters (:class:`HouseholdFilter`) are uncorrelated ``IN (...)`` sets computed once per query
over partial covering indexes (schema 5, ``m0005_household_filters``); the text filter goes
through the search index (:mod:`gridapp.store.search`) rather than ``LIKE`` over every
person. Only tags that run today count, as on the household page.

The SQL text below is assembled only from the constant fragments of this module; every
value is a bound parameter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gridapp.models.household import HEAD_RELATION, Person
from gridapp.store import keyset
from gridapp.store.connection import Connection
from gridapp.store.search_index import bigrams, search_chars

ACTIVE_STATUS = "1"  # person_status 正常: living in the household now
# The head shown for a household is its ACTIVE head: a former head who moved out or died
# keeps relation 户主 on record but is never shown as head (no active head: ''). The member
# count counts current members only (status 正常), not those who moved out or died.
HEAD_NAME_SQL = (
    "coalesce((SELECT p.name FROM person p WHERE p.household_id = h.id AND p.deleted = 0"
    f" AND p.relation = '{HEAD_RELATION}' AND p.status = '{ACTIVE_STATUS}'"
    " ORDER BY p.name LIMIT 1), '')"
)
MEMBER_COUNT_SQL = (
    "(SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0"
    f" AND p.status = '{ACTIVE_STATUS}')"
)

# household.head_name / member_count (schema 4) are these, stored: recomputed by the
# migration for all rows and by the repository for the households a write touches.
SUMMARY_UPDATE_SQL = (
    f"UPDATE household AS h SET head_name = {HEAD_NAME_SQL}, member_count = {MEMBER_COUNT_SQL}"
)
# Derived, local columns of ``household``: never in an outbox payload; whoever applies rows
# from elsewhere (sync) recomputes them with :func:`refresh_summary`.
DERIVED_COLUMNS = ("head_name", "member_count")
SUMMARY_SET_SQL = "UPDATE household SET head_name = ?, member_count = ? WHERE id = ?"


def summary_of(members: Sequence[Person]) -> tuple[str, int]:
    """The stored head name and member count of members not yet written: the same rule as
    :data:`HEAD_NAME_SQL` and :data:`MEMBER_COUNT_SQL`."""
    current = [m for m in members if m.status == ACTIVE_STATUS]
    head = min((m.name for m in current if m.relation == HEAD_RELATION), default="")
    return head, len(current)


# sort key -> SQL expression of its value (the tiebreaker is always h.household_no).
SORT_EXPRESSIONS = {
    "household_no": "h.household_no",
    "head_name": "h.head_name",
    "address": "h.address",
    "member_count": "h.member_count",
    "grid_code": "h.grid_code",
    "updated_at": "h.updated_at",
}
SORT_KEYS = tuple(SORT_EXPRESSIONS)
_SOURCE, _TIE = "household h", "h.household_no"  # the list's table and its unique tiebreak

# A tag counts while it runs: no end date, or one not yet passed (the ``?`` is today).
_CURRENT = "(t.end_date IS NULL OR t.end_date = '' OR t.end_date >= ?)"
# Tag and member filters are uncorrelated IN (...) sets, computed once per query: as a
# correlated EXISTS the planner walked every row of the tag per household (minutes at scale).
# A person's tag carries the person's household (schema 7: kept by triggers, '' while the
# person is deleted), so neither form looks a tagged person up.
_TAG_FILTER = (
    "h.id IN (SELECT t.household_id FROM household_tag t WHERE t.deleted = 0 AND t.tag = ?"
    f" AND {_CURRENT} UNION SELECT t.household_id FROM person_tag t"
    f" WHERE t.deleted = 0 AND t.tag = ? AND {_CURRENT})"
)
_MEMBER_FILTER = "h.id IN (SELECT p.household_id FROM person p WHERE p.deleted = 0"

# A *page* under a filter most households pass (户籍人口: 9 in 10 at 300,000 households) is
# faster read household by household: walk the list's order and ask each household whether
# it passes, until the page is full (6 ms instead of 700 ms for the IN set of 900,000
# persons). For a rare value the same walk crosses the whole list, so :func:`dense_filters`
# first counts the matching rows, up to DENSE_ROWS (a few ms on the covering indexes), and
# only a filter that reaches it is read this way. The "+" in "+p.population_type" keeps the
# planner off the indexes led by that column — it must look up by household (the per-
# household walk over a tag's whole index was what once took minutes).
DENSE_ROWS = 20_000
_MEMBER_EXISTS = "EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.deleted = 0"
_TAG_EXISTS = (
    "(EXISTS (SELECT 1 FROM household_tag t INDEXED BY household_tag_household"
    " WHERE t.household_id = h.id AND t.deleted = 0"
    f" AND +t.tag = ? AND {_CURRENT}) OR EXISTS (SELECT 1 FROM person_tag t"
    " INDEXED BY person_tag_household WHERE t.tag = ? AND t.household_id = h.id"
    f" AND t.deleted = 0 AND {_CURRENT}))"
)
# A township or village: the households whose grid code starts with its code.
_PLACE_FILTER = "h.grid_code >= ? AND h.grid_code < ?"
_TOP = "\U0010ffff"  # sorts after every character: [q, q + _TOP) is "starts with q"

# The text filter: the union of household rowids found by each way the text can match.
_TEXT_BY_NAME_FTS = (
    "SELECT h2.rowid FROM search_name f JOIN person p ON p.rowid = f.rowid"
    " JOIN household h2 ON h2.id = p.household_id"
    " WHERE search_name MATCH ? AND p.deleted = 0"
)
_TEXT_BY_KEY_FTS = _TEXT_BY_NAME_FTS.replace("search_name", "search_key")
_TEXT_BY_NAME_START = (
    "SELECT h2.rowid FROM person p JOIN household h2 ON h2.id = p.household_id"
    " WHERE p.name >= ? AND p.name < ? AND p.deleted = 0"
)
_TEXT_BY_ID_START = _TEXT_BY_NAME_START.replace("p.name", "p.id_number")
_TEXT_BY_ADDRESS_FTS = "SELECT rowid FROM search_address WHERE search_address MATCH ?"
_TEXT_BY_ADDRESS_LIKE = (
    "SELECT rowid FROM household WHERE deleted = 0 AND address LIKE ? ESCAPE '\\'"
)
_TEXT_BY_NUMBER_LIKE = (
    "SELECT rowid FROM household WHERE deleted = 0 AND household_no LIKE ? ESCAPE '\\'"
)
MAX_TEXT_CHARS = 100
ID_PREFIX_DIGITS = 6
_ID_START = re.compile(r"[0-9]+x?")

TAGS_SQL = (
    "SELECT t.household_id, t.tag FROM household_tag t WHERE t.deleted = 0"
    f" AND {_CURRENT} AND t.household_id IN ({{marks}})"
    " UNION SELECT p.household_id, t.tag FROM person_tag t JOIN person p ON p.id = t.person_id"
    f" WHERE t.deleted = 0 AND p.deleted = 0 AND {_CURRENT} AND p.household_id IN ({{marks}})"
)
USED_GRIDS_SQL = "SELECT DISTINCT grid_code FROM household WHERE deleted = 0 ORDER BY grid_code"


@dataclass(frozen=True)
class HouseholdFilter:
    """What the household list shows; empty fields do not filter.

    ``grid_code`` is one grid; ``place_code`` a township or village (every grid under it).
    ``tag`` is a ``household_tag`` or ``person_tag`` code (a household matches if it or any
    member carries it today); ``population_type`` and ``status`` match if some member has
    them (both at once when both are given). ``text`` matches a member's name (any part, or
    the pinyin or its initials from the start), the address (any part), the household number
    (any part) or a member's ID or phone number (the last digits; an ID number also from the
    start) — see :func:`text_clause`.
    """

    grid_code: str = ""
    place_code: str = ""
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


def _phrase(tokens: Sequence[str], prefix: bool = False, column: str = "") -> str:
    """An FTS5 query from our own tokens: one quoted phrase (quotes doubled)."""
    body = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"' + ("*" if prefix else "")
    return f"{column} : {body}" if column else body


def text_clause(text: str) -> tuple[str, list[Any]]:
    """The text filter: ``h.rowid IN (...)``, a union of indexed lookups, and its parameters.

    What the text is decides which lookups run (``search_chars`` normalises it as the search
    index does: NFKC, lower case, letters and digits only):

    - two or more characters: members' names containing them (name bigrams) and addresses
      containing them (address bigrams); one character: names containing it (a range on
      ``person(name)`` for the first character, the name tail index for the others) and
      addresses by ``LIKE`` (a scan of the household table only);
    - letters only: also names whose full pinyin or initials (of the whole or the given
      name) start with them;
    - digits (an ID number's tail may end in X): also members whose ID or phone number ends
      with them (reversed-number keys), or whose ID number starts with them (six or more);
    - text without Chinese characters: also household numbers containing it (``LIKE``).
    """
    raw = text.strip()
    chars = search_chars(raw)[:MAX_TEXT_CHARS]
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        parts.append(sql)
        params.extend(values)

    if len(chars) >= 2:
        add(_TEXT_BY_NAME_FTS, _phrase(bigrams(chars), column="bigram"))
        add(_TEXT_BY_ADDRESS_FTS, _phrase(bigrams(chars), column="bigram"))
    elif chars:
        add(_TEXT_BY_NAME_START, chars, chars + _TOP)
        add(_TEXT_BY_NAME_FTS, _phrase([chars], column="tail"))
        add(_TEXT_BY_ADDRESS_LIKE, _like(raw))
    if chars.isascii() and chars.isalpha():
        if len(chars) >= 2:
            add(_TEXT_BY_KEY_FTS, _phrase([chars], prefix=True))
            add(_TEXT_BY_KEY_FTS, _phrase(["0" + chars], prefix=True))  # given name
        else:
            add(_TEXT_BY_KEY_FTS, _phrase([chars]))
    if len(chars) >= 2 and _ID_START.fullmatch(chars):  # digits, or an ID's tail with its X
        add(_TEXT_BY_KEY_FTS, _phrase([chars[::-1]], prefix=True))
    if len(chars) >= ID_PREFIX_DIGITS and _ID_START.fullmatch(chars):
        add(_TEXT_BY_ID_START, chars.upper(), chars.upper() + _TOP)
    if raw and raw.isascii():
        add(_TEXT_BY_NUMBER_LIKE, _like(raw))
    if not parts:
        return "0", []
    return "h.rowid IN (" + " UNION ".join(parts) + ")", params


def where(
    flt: HouseholdFilter, today: date | None = None, dense: frozenset[str] = frozenset()
) -> tuple[str, list[Any]]:
    """The WHERE clause (without the keyword) and its parameters for ``flt``.

    ``today`` decides which tags still run (default: the computer's date). ``dense`` names
    the filters ("tag", "members") to test household by household (see DENSE_ROWS).
    """
    clauses = ["h.deleted = 0"]
    params: list[Any] = []
    if flt.grid_code:
        clauses.append("h.grid_code = ?")
        params.append(flt.grid_code)
    if flt.place_code:
        clauses.append(_PLACE_FILTER)
        params += [flt.place_code, flt.place_code + _TOP]
    if flt.tag:
        day = (today or date.today()).isoformat()
        clauses.append(_TAG_EXISTS if "tag" in dense else _TAG_FILTER)
        params += [flt.tag, day, flt.tag, day]
    if flt.population_type or flt.status:
        per_household = "members" in dense
        member = _MEMBER_EXISTS if per_household else _MEMBER_FILTER
        plus = "+" if per_household else ""
        if flt.population_type:
            member += f" AND {plus}p.population_type = ?"
            params.append(flt.population_type)
        if flt.status:
            member += f" AND {plus}p.status = ?"
            params.append(flt.status)
        clauses.append(member + ")")
    if flt.text.strip():
        clause, values = text_clause(flt.text)
        clauses.append(clause)
        params += values
    return " AND ".join(clauses), params


def dense_filters(conn: Connection, flt: HouseholdFilter) -> frozenset[str]:
    """Which of ``flt``'s tag and member filters match at least DENSE_ROWS rows."""
    dense = set()
    if flt.tag:
        rows = 0
        for table in ("household_tag", "person_tag"):
            rows += conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {table} t WHERE t.deleted = 0"
                " AND t.tag = ? LIMIT ?)",
                (flt.tag, DENSE_ROWS),
            ).fetchone()[0]
        if rows >= DENSE_ROWS:
            dense.add("tag")
    if flt.population_type or flt.status:
        sql = "SELECT count(*) FROM (SELECT 1 FROM person p WHERE p.deleted = 0"
        params: list[Any] = []
        if flt.population_type:
            sql += " AND p.population_type = ?"
            params.append(flt.population_type)
        if flt.status:
            sql += " AND p.status = ?"
            params.append(flt.status)
        if conn.execute(sql + " LIMIT ?)", [*params, DENSE_ROWS]).fetchone()[0] >= DENSE_ROWS:
            dense.add("members")
    return frozenset(dense)


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
    :func:`row_key`. A filter most households pass is tested household by household
    (:func:`dense_filters`), so the first page does not wait for the whole matching set.
    """
    clause, params = where(flt, dense=dense_filters(conn, flt))
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
    return keyset.anchors(conn, _SOURCE, expr, _TIE, clause, params, every, descending)


def household_position(
    conn: Connection,
    flt: HouseholdFilter,
    sort_key: str,
    household_id: str,
    descending: bool = False,
) -> int | None:
    """Where the household stands in the list (0-based), or None if ``flt`` leaves it out
    — so a page can keep its selection after the list was read again."""
    clause, params = where(flt)
    expr = _sort_sql(sort_key)
    return keyset.position(
        conn, _SOURCE, expr, _TIE, clause, params, "h.id", household_id, descending
    )


def household_ids(conn: Connection, flt: HouseholdFilter) -> set[str]:
    """The ids of every household ``flt`` lets through (for exporting what a filter shows)."""
    clause, params = where(flt)
    return {str(r[0]) for r in conn.execute(f"SELECT h.id FROM household h WHERE {clause}", params)}


def used_grid_codes(conn: Connection) -> list[str]:
    """The grid codes live households carry (an imported roster may name grids that the
    places table does not know)."""
    return [str(code) for (code,) in conn.execute(USED_GRIDS_SQL)]


def refresh_summary(conn: Connection, household_id: str) -> None:
    """Recompute the stored head name and member count of one household."""
    conn.execute(SUMMARY_UPDATE_SQL + " WHERE h.id = ?", (household_id,))


def _fill_tags(conn: Connection, rows: list[HouseholdRow], today: date | None = None) -> None:
    if not rows:
        return
    by_id = {r.id: r for r in rows}
    ids = list(by_id)
    day = (today or date.today()).isoformat()
    marks = ",".join("?" for _ in ids)
    found: dict[str, set[str]] = {}
    for household_id, tag in conn.execute(TAGS_SQL.format(marks=marks), [day, *ids, day, *ids]):
        found.setdefault(household_id, set()).add(tag)
    for household_id, tags in found.items():
        by_id[household_id].tags = sorted(tags)
