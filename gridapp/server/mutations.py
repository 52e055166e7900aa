"""One pushed mutation checked against the server's schema (a bad one is ``rejected`` per
record), the batch's shape, and the foreign keys the server checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from gridapp.models import hlc as hlc_mod
from gridapp.server import schema as s
from gridapp.server.common import (
    _AREA,
    _ID,
    MAX_BATCH,
    MAX_FUTURE_MS,
    MAX_INT,
    MAX_TEXT,
    LimitError,
    RequestError,
    in_scope,
    storable_text,
)
from gridapp.server.devices import Device

# --- checking one mutation ------------------------------------------------------------


class _Rejected(Exception):
    def __init__(self, reason: str, field: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


def _check_value(spec: s.TableSpec, field: str, value: Any) -> Any:
    """The stored form of one field value, or :class:`_Rejected`."""
    if field not in spec.kinds:
        raise _Rejected("unknown_field", field)
    if value is None:
        if field in spec.optional:
            return None
        raise _Rejected("bad_value", field)
    kind = spec.kinds[field]
    if kind == "text":
        if isinstance(value, str) and len(value) <= MAX_TEXT and storable_text(value):
            return value
    elif kind == "date":
        if isinstance(value, str) and len(value) == 10:
            try:
                date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return value
    elif kind == "bool":
        if isinstance(value, bool) or value in (0, 1):
            return int(value)
    elif kind == "int":
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) < MAX_INT:
            return value
    elif isinstance(value, float):
        if math.isfinite(value):
            return value
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) < MAX_INT:
        return value
    raise _Rejected("bad_value", field)


def _check_area(value: Any) -> str:
    if isinstance(value, str) and _AREA.match(value):
        return value
    raise _Rejected("bad_value", "area_code")


@dataclass
class _Mutation:
    seq: int
    tbl: str
    id: str
    op: str
    base: int
    area: str  # the row's area when the PC made the edit
    values: dict[str, Any]  # data fields -> new values (create: the payload)
    new_area: str | None  # an update that moves the row; a create's area
    hlc: str
    wall: str
    user: str
    resolves: str | None = None  # the conflict this edit settles (§6)


def _parse(m: dict[str, Any]) -> _Mutation:
    """Check one mutation against the server's schema (:class:`_Rejected` if bad)."""
    tbl, row_id, op = m.get("tbl"), m.get("id"), m.get("op")
    if tbl not in s.SPECS:
        raise _Rejected("unknown_table")
    if not isinstance(row_id, str) or not _ID.match(row_id):
        raise _Rejected("bad_id")
    if op not in ("create", "update", "delete"):
        raise _Rejected("bad_op")
    base = m.get("base_version", 0)
    if not isinstance(base, int) or isinstance(base, bool) or not 0 <= base < MAX_INT:
        raise _Rejected("bad_base_version")
    area = _check_area(m.get("area_code"))
    changes = m.get("changes") or {}
    if not isinstance(changes, dict):
        raise _Rejected("bad_changes")
    spec = s.SPECS[tbl]
    values: dict[str, Any] = {}
    new_area: str | None = None
    if op == "create":
        for field, value in changes.items():
            if field == "id":
                if value != row_id:
                    raise _Rejected("bad_value", "id")
            elif field == "area_code":
                if value != area:
                    raise _Rejected("bad_value", "area_code")
            elif field != "version":
                values[field] = _check_value(spec, field, value)
        new_area = area
    elif op == "update":
        if spec.append_only:
            raise _Rejected("append_only")
        if not changes:
            raise _Rejected("bad_changes")
        for field, change in changes.items():
            if not isinstance(change, dict) or "new" not in change:
                raise _Rejected("bad_changes", str(field))
            if field == "area_code":
                new_area = _check_area(change["new"])
            else:
                values[field] = _check_value(spec, field, change["new"])
    resolves = m.get("resolves")
    if resolves is not None and (not isinstance(resolves, str) or not _ID.match(resolves)):
        raise _Rejected("bad_value", "resolves")
    text = {k: m.get(k, "") for k in ("hlc", "client_wall", "user_id")}
    for key, value in text.items():
        if not isinstance(value, str) or len(value) > 200 or not storable_text(value):
            raise _Rejected("bad_value", key)
    return _Mutation(
        m["device_seq"],
        tbl,
        row_id,
        op,
        base,
        area,
        values,
        new_area,
        text["hlc"],
        text["client_wall"],
        text["user_id"],
        resolves,
    )


def _clamp_hlc(stamp_text: str, moment: datetime) -> str:
    """An HLC more than 24 h ahead of the server is clamped; an unreadable one dropped."""
    try:
        millis, counter = hlc_mod.parse(stamp_text)
        device = stamp_text.split("-", 2)[2]
    except (ValueError, IndexError):
        return ""
    limit = int(moment.timestamp() * 1000) + MAX_FUTURE_MS
    if millis > limit:
        return hlc_mod.HybridClock(device, limit, counter).format()
    return stamp_text


def _check_batch(mutations: Any) -> None:
    if not isinstance(mutations, list):
        raise RequestError("bad_batch", "mutations is a list")
    if len(mutations) > MAX_BATCH:
        raise LimitError("batch_too_large", f"at most {MAX_BATCH} mutations")
    previous = 0
    for m in mutations:
        seq = m.get("device_seq") if isinstance(m, dict) else None
        if not isinstance(seq, int) or isinstance(seq, bool) or not previous < seq < MAX_INT:
            raise RequestError(
                "bad_batch", f"each mutation has a device_seq, increasing, below {MAX_INT}"
            )
        previous = seq


def _refuse_out_of_scope(conn: sa.Connection, dev: Device, mutations: list[Any]) -> bool:
    """Whether the batch is refused whole (403 ``forbidden_scope``): every mutation names an
    area outside the device's scope and none is a replay. Such a batch is still answered
    and recorded per record (each ``forbidden``, the device's sequence moves on) before the
    403 goes out, so its entries never leave a gap that would hold the PC's later edits;
    a replay of it gets the stored answers. A mixed batch, or an edit of a row that moved
    out of the scope since (its area as the PC knew it is in scope), is answered per record."""
    if not mutations:
        return False
    for m in mutations:
        area = m.get("area_code")
        if not isinstance(area, str) or in_scope(area, dev.scopes):
            return False
    am = s.applied_mutation
    replayed = conn.execute(
        sa.select(am.c.device_seq)
        .where(
            am.c.device_id == dev.device_id,
            am.c.device_seq.in_([int(m["device_seq"]) for m in mutations]),
        )
        .limit(1)
    ).first()
    return replayed is None
