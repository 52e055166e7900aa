"""Keyset paging helpers shared by the lists (households, petitions).

A list is ordered by ``(sort expression, tiebreak)`` — the tiebreak unique (household number,
登记编号) — and read a page at a time after the key of the last row read. To reach row N
without reading everything before it, :func:`anchors` takes one scan of the sort keys and
keeps every ``every``-th key; :func:`position` finds where one row stands (to keep a
selection after the list was read again). ``source``, ``expr`` and ``tiebreak`` come from
the list modules' own constants, never from user input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gridapp.store.connection import Connection


def anchors(
    conn: Connection,
    source: str,
    expr: str,
    tiebreak: str,
    clause: str,
    params: Sequence[Any],
    every: int,
    descending: bool = False,
) -> list[tuple[Any, Any] | None]:
    """``anchors[k]`` is the ``after`` key of page k (None for the first page)."""
    direction = "DESC" if descending else "ASC"
    cursor = conn.execute(
        f"SELECT {expr}, {tiebreak} FROM {source} WHERE {clause}"
        f" ORDER BY {expr} {direction}, {tiebreak} {direction}",
        list(params),
    )
    found: list[tuple[Any, Any] | None] = [None]
    for index, (value, tie) in enumerate(cursor, start=1):
        if index % every == 0:
            found.append((value, tie))
    return found


def position(
    conn: Connection,
    source: str,
    expr: str,
    tiebreak: str,
    clause: str,
    params: Sequence[Any],
    id_column: str,
    row_id: str,
    descending: bool = False,
) -> int | None:
    """Where the row ``row_id`` stands in the list (0-based), or None if it is left out.

    Two indexed steps: its sort key, then a count of the rows before that key.
    """
    row = conn.execute(
        f"SELECT {expr}, {tiebreak} FROM {source} WHERE {clause} AND {id_column} = ?",
        [*params, row_id],
    ).fetchone()
    if row is None:
        return None
    before = ">" if descending else "<"
    sql = f"SELECT count(*) FROM {source} WHERE {clause} AND ({expr}, {tiebreak}) {before} (?, ?)"
    return int(conn.execute(sql, [*params, row[0], row[1]]).fetchone()[0])
