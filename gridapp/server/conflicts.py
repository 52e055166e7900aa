"""Conflicts (``docs/sync-protocol.md`` §6): recorded by a push for a person to decide, put in
the change feed of their area, resolved by a later edit that names them, listed.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gridapp.server import schema as s
from gridapp.server.common import _log, _read, stamp
from gridapp.server.mutations import _Mutation


def resolve_conflict(
    conn: sa.Connection, device_id: str, moment: datetime, m: _Mutation, result: dict[str, Any]
) -> None:
    """Mark the open conflict ``m.resolves`` of the same row resolved by this edit."""
    c = s.conflict
    key = (c.c.conflict_id == m.resolves, c.c.tbl == m.tbl, c.c.id == m.id)
    found = conn.execute(
        sa.select(c.c.area_code, c.c.fields).where(*key, c.c.status == "open")
    ).first()
    if found is None:
        return
    resolution = {
        "device_id": device_id,
        "device_seq": m.seq,
        "user_id": m.user,
        "values": m.values,
        "version": result.get("version"),
    }
    conn.execute(
        c.update()
        .where(*key)
        .values(status="resolved", resolution=resolution, resolved_at=stamp(moment))
    )
    _log(
        conn,
        m.tbl,
        m.id,
        int(result.get("version") or 0),
        found.area_code,
        found.area_code,
        "conflict",
        list(found.fields),
        device_id,
        moment,
        conflict_id=m.resolves,
    )


def record_conflict(
    conn: sa.Connection,
    device_id: str,
    moment: datetime,
    m: _Mutation,
    kind: str,
    row: Any,
    fields: list[str],
    local: dict[str, Any],
    server: dict[str, Any],
    *,
    server_version: int | None = None,
    area: str | None = None,
    other_id: str | None = None,
) -> dict[str, Any]:
    """Store a conflict for a person, and put it in the change feed of its area."""
    version = server_version if server_version is not None else (int(row.version) if row else 0)
    area = area or (row.area_code if row is not None else m.area)
    conflict_id = str(uuid.uuid4())
    conflict: dict[str, Any] = {
        "conflict_id": conflict_id,
        "kind": kind,
        "tbl": m.tbl,
        "id": m.id,
        "area_code": area,
        "fields": fields,
        "base_version": m.base,
        "server_version": version,
        "local_values": local,
        "server_values": server,
        "other_id": other_id,
        "device_id": device_id,
        "device_seq": m.seq,
        "user_id": m.user,
        "created_at": stamp(moment),
        "status": "open",
    }
    conn.execute(s.conflict.insert().values(conflict))
    _log(
        conn,
        m.tbl,
        m.id,
        version,
        area,
        area,
        "conflict",
        fields,
        device_id,
        moment,
        conflict_id=conflict_id,
    )
    return conflict


def _conflict_dict(c: Any) -> dict[str, Any]:
    return {
        "conflict_id": c.conflict_id,
        "kind": c.kind,
        "tbl": c.tbl,
        "id": c.id,
        "area_code": c.area_code,
        "fields": list(c.fields),
        "base_version": int(c.base_version),
        "server_version": int(c.server_version),
        "local_values": dict(c.local_values),
        "server_values": dict(c.server_values),
        "other_id": c.other_id,
        "device_id": c.device_id,
        "device_seq": int(c.device_seq),
        "user_id": c.user_id,
        "created_at": c.created_at,
        "status": c.status,
        "resolution": c.resolution,
        "resolved_at": c.resolved_at,
    }


def conflicts(engine: sa.Engine, status: str | None = "open") -> list[dict[str, Any]]:
    """Recorded conflicts (open ones by default), oldest first."""
    query = sa.select(s.conflict).order_by(s.conflict.c.created_at, s.conflict.c.conflict_id)
    if status is not None:
        query = query.where(s.conflict.c.status == status)
    with _read(engine) as conn:
        return [_conflict_dict(c) for c in conn.execute(query)]
