"""Pull (``docs/sync-protocol.md`` §5.3): pages of the change feed for a device's scope (and
the places above it), and the server's current row of a record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from gridapp.server import schema as s
from gridapp.server.common import (
    MAX_INT,
    MAX_PAGE,
    AuthError,
    LimitError,
    RequestError,
    _read,
    in_scope,
)
from gridapp.server.confidential import device_persons, withheld
from gridapp.server.conflicts import _conflict_dict


def ancestors(scopes: Sequence[str]) -> list[str]:
    """The county and township codes above a device's villages and townships: their
    ``place`` records are sent to it (read-only) so it can show the names."""
    found: list[str] = []
    for code in scopes:
        for size in (6, 9):
            if len(code) > size and code[:size] not in found:
                found.append(code[:size])
    return found


def visible(tbl: str, area_code: str, scopes: Sequence[str]) -> bool:
    """Whether a device of ``scopes`` receives a row: in scope, or a place above it."""
    return in_scope(area_code, scopes) or (tbl == "place" and area_code in ancestors(scopes))


def _scope_clause(scopes: Sequence[str]) -> sa.ColumnElement[bool]:
    log = s.change_log
    terms = [log.c.area_code.startswith(code, autoescape=True) for code in scopes]
    terms += [log.c.prev_area_code.startswith(code, autoescape=True) for code in scopes]
    above = ancestors(scopes)
    if above:
        terms.append(sa.and_(log.c.tbl == "place", log.c.area_code.in_(above)))
    return sa.or_(*terms)


def pull(
    engine: sa.Engine, device_id: str, cursor: int = 0, limit: int = MAX_PAGE
) -> dict[str, Any]:
    """One page of the change feed after ``cursor`` for the device's scope (§5.3).

    ``changes`` are whole rows at their current version (each row once, in feed order),
    ``removed`` the rows of the page that are no longer in scope or are withheld from this
    device (an accusation and its rows never reach a PC used by a person it accuses:
    :mod:`gridapp.server.confidential`), ``conflicts`` the
    conflicts recorded in scope. The page comes from one snapshot, and ``next_cursor``
    never passes a change that is not committed yet."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
        raise LimitError("page_too_large", f"limit is 1 to {MAX_PAGE}")
    if not isinstance(cursor, int) or isinstance(cursor, bool) or not 0 <= cursor < MAX_INT:
        raise RequestError("bad_cursor")
    log, rec = s.change_log, s.record
    with _read(engine) as conn:
        row = conn.execute(sa.select(s.device).where(s.device.c.device_id == device_id)).first()
        if row is None:
            raise AuthError("unknown_device")
        if row.revoked_at is not None:
            raise AuthError("revoked")
        scopes = tuple(row.scopes)
        entries = conn.execute(
            sa.select(log.c.server_seq, log.c.tbl, log.c.id, log.c.op, log.c.conflict_id)
            .where(log.c.server_seq > cursor, _scope_clause(scopes))
            .order_by(log.c.server_seq)
            .limit(limit + 1)
        ).all()
        has_more = len(entries) > limit
        entries = entries[:limit]
        if has_more:
            next_cursor = int(entries[-1].server_seq)
        else:
            top = conn.execute(sa.select(sa.func.max(log.c.server_seq))).scalar()
            next_cursor = max(cursor, int(top or 0))
        keys: dict[tuple[str, str], None] = {}
        conflict_ids: dict[str, None] = {}
        for e in entries:
            if e.op == "conflict":
                conflict_ids.setdefault(e.conflict_id, None)
            else:
                keys.setdefault((e.tbl, e.id), None)
        by_table: dict[str, list[str]] = {}
        for tbl, row_id in keys:
            by_table.setdefault(tbl, []).append(row_id)
        rows: dict[tuple[str, str], Any] = {}
        for tbl, ids in by_table.items():
            for r in conn.execute(sa.select(rec).where(rec.c.tbl == tbl, rec.c.id.in_(ids))):
                rows[(r.tbl, r.id)] = r
        hidden = withheld(
            conn,
            device_persons(conn, device_id),
            [(r.tbl, r.id, r.data) for r in rows.values()],
        )
        conflicts = []
        if conflict_ids:
            found = conn.execute(
                sa.select(s.conflict).where(s.conflict.c.conflict_id.in_(list(conflict_ids)))
            ).all()
            order = {cid: i for i, cid in enumerate(conflict_ids)}
            for c in sorted(found, key=lambda c: order[c.conflict_id]):
                conflicts.append(_conflict_dict(c))
    changes, removed = [], []
    for key in keys:
        current = rows.get(key)
        if current is None:
            continue
        r = current
        if visible(r.tbl, r.area_code, scopes) and key not in hidden:
            changes.append(
                {
                    "tbl": r.tbl,
                    "id": r.id,
                    "version": int(r.version),
                    "deleted": bool(r.deleted),
                    "area_code": r.area_code,
                    "data": dict(r.data),
                }
            )
        else:
            removed.append({"tbl": r.tbl, "id": r.id})
    return {
        "changes": changes,
        "removed": removed,
        "conflicts": conflicts,
        "next_cursor": next_cursor,
        "has_more": has_more,
    }


def record_state(engine: sa.Engine, tbl: str, row_id: str) -> dict[str, Any] | None:
    """The server's current row (for tests and the admin)."""
    rec = s.record
    with _read(engine) as conn:
        r = conn.execute(sa.select(rec).where(rec.c.tbl == tbl, rec.c.id == row_id)).first()
    if r is None:
        return None
    return {
        "tbl": r.tbl,
        "id": r.id,
        "version": int(r.version),
        "deleted": bool(r.deleted),
        "area_code": r.area_code,
        "data": dict(r.data),
    }
