"""The PCs' audit chains on the county server (``docs/sync-protocol.md`` §9).

``POST /v1/audit {entries: [...]}`` receives a device's audit entries in ``seq`` order (at most
:data:`MAX_ENTRIES` per request). Each entry's hash is recomputed with
:func:`gridapp.models.audit_chain.entry_hash` (the PC's own function) and its ``prev_hash``
must be the hash of the device's previous stored entry (:data:`GENESIS_HASH` for its first).
A batch is one transaction: an entry already stored with the same hash is a replay and
skipped; any broken link, wrong hash or rewritten entry refuses the whole batch (422
``audit_chain_broken`` with the first bad ``seq``) and nothing of it is stored.

Entries are never updated. The only deletion is :func:`purge` (``gridapp-server audit purge
--before DATE``), and it refuses any date less than six months ago (网络安全法 art. 21 and
等保 2.0 ask for at least six months of logs; :data:`RETENTION_DAYS`, or six calendar months
when that is longer): it removes entries the server RECEIVED before that day — an entry kept
offline on a PC for weeks is kept at least six months after it arrived — and always keeps
each device's last entry, the link its next batch must continue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.audit_chain import GENESIS_HASH, dumps, entry_hash
from gridapp.server import app as http
from gridapp.server import core
from gridapp.server import schema as s

RETENTION_DAYS = 180  # the shortest "six months"; six calendar months back when longer
MAX_ENTRIES = 500
MAX_SEQ = 2**63 - 1  # a BIGINT
_TEXT_FIELDS = ("hlc", "client_wall", "user_id", "action", "tbl", "row_id", "prev_hash", "hash")


class AuditChainError(core.RequestError):
    """An entry whose hash or link does not hold (``seq`` names the first one)."""

    def __init__(self, seq: int, detail: str = "") -> None:
        super().__init__("audit_chain_broken", detail or str(seq))
        self.seq = seq


def _entry(raw: Mapping[str, Any]) -> dict[str, Any]:
    """One entry as stored; :class:`core.RequestError` when it is malformed."""
    if not isinstance(raw, Mapping):
        raise core.RequestError("bad_entry", "an entry is an object")
    seq = raw.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= MAX_SEQ:
        raise core.RequestError("bad_entry", "seq is a positive integer")
    entry: dict[str, Any] = {"seq": seq}
    for name in _TEXT_FIELDS:
        value = raw.get(name, "")
        if not isinstance(value, str) or len(value) > core.MAX_TEXT or not _storable(value):
            raise core.RequestError("bad_entry", f"{name} of entry {seq} is text")
        entry[name] = value
    entry["detail"] = raw.get("detail", {})
    try:
        detail = dumps(entry["detail"])
    except (TypeError, ValueError) as exc:
        raise core.RequestError("bad_entry", f"detail of entry {seq} is JSON") from exc
    if len(detail) > core.MAX_TEXT or not _storable(detail):
        raise core.RequestError("bad_entry", f"detail of entry {seq} is JSON text")
    return entry


def _storable(text: str) -> bool:
    """UTF-8 text without NUL (PostgreSQL's text refuses NUL; a lone surrogate has no UTF-8
    form — no PC writes either)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def push_audit(
    engine: sa.Engine, device_id: str, entries: Sequence[Mapping[str, Any]]
) -> dict[str, int]:
    """Store a batch of ``device_id``'s audit entries (see the module docstring); returns
    ``{stored, last_seq}`` (``last_seq``: the device's last stored entry, 0 for none)."""
    if not isinstance(entries, Sequence) or len(entries) > MAX_ENTRIES:
        raise core.LimitError("batch_too_large", f"at most {MAX_ENTRIES} entries")
    parsed = [_entry(e) for e in entries]
    seqs = [e["seq"] for e in parsed]
    if seqs != sorted(set(seqs)):
        raise core.RequestError("bad_entry", "entries in increasing seq order, each once")
    table = s.audit_entry
    with core._write(engine) as conn:
        core._locked_device(conn, device_id)  # one batch of a device at a time
        last = conn.execute(
            sa.select(table.c.seq, table.c.hash)
            .where(table.c.device_id == device_id)
            .order_by(table.c.seq.desc())
            .limit(1)
        ).first()
        last_seq, last_hash = (int(last.seq), str(last.hash)) if last else (0, GENESIS_HASH)
        known: dict[int, str] = {}
        old = [seq for seq in seqs if seq <= last_seq]
        if old:
            known = {
                int(r.seq): str(r.hash)
                for r in conn.execute(
                    sa.select(table.c.seq, table.c.hash).where(
                        table.c.device_id == device_id, table.c.seq.in_(old)
                    )
                )
            }
        now = core.stamp(core.utcnow())
        rows = []
        for e in parsed:
            expected = entry_hash(
                e["hlc"],
                e["client_wall"],
                e["user_id"],
                e["action"],
                e["tbl"],
                e["row_id"],
                e["detail"],
                e["prev_hash"],
            )
            if e["hash"] != expected:
                raise AuditChainError(e["seq"])
            if e["seq"] <= last_seq:
                if known.get(e["seq"]) != e["hash"]:
                    raise AuditChainError(e["seq"])  # a stored entry rewritten, or a gap
                continue  # a replay
            if e["prev_hash"] != last_hash:
                raise AuditChainError(e["seq"])
            rows.append(
                {
                    **{k: e[k] for k in _TEXT_FIELDS},
                    "device_id": device_id,
                    "seq": e["seq"],
                    "detail": dumps(e["detail"]),
                    "received_at": now,
                }
            )
            last_seq, last_hash = e["seq"], e["hash"]
        if rows:
            conn.execute(table.insert(), rows)
    return {"stored": len(rows), "last_seq": last_seq}


def device_trail(engine: sa.Engine, device_id: str) -> list[dict[str, Any]]:
    """A device's stored audit entries in order (for the admin and tests)."""
    table = s.audit_entry
    with core._read(engine) as conn:
        rows = conn.execute(
            sa.select(table).where(table.c.device_id == device_id).order_by(table.c.seq)
        ).all()
    return [dict(r._mapping) for r in rows]


# --- retention -----------------------------------------------------------------------------

MSG_TOO_RECENT = QT_TRANSLATE_NOOP(
    "Messages",
    "Audit entries are kept at least six months: the earliest day to purge before is "
    "{earliest}, not {before}.",
)


class RetentionError(core.ServerError):
    """A purge that would remove entries younger than six months (nothing removed)."""

    def __init__(self, before: date, earliest: date) -> None:
        super().__init__("retention", tr(MSG_TOO_RECENT, before=before, earliest=earliest))
        self.earliest = earliest


def earliest_purge(today: date) -> date:
    """The latest ``before`` day :func:`purge` accepts on ``today``: 180 days back, or six
    calendar months back when that is earlier (the 31st of a month with fewer days: its
    last day)."""
    year, month = (
        (today.year, today.month - 6) if today.month > 6 else (today.year - 1, today.month + 6)
    )
    day = today.day
    while True:
        try:
            calendar_back = date(year, month, day)
            break
        except ValueError:
            day -= 1
    return min(today - timedelta(days=RETENTION_DAYS), calendar_back)


def purge(engine: sa.Engine, before: date, now: datetime | None = None) -> int:
    """Remove the audit entries received before ``before`` (00:00 UTC), keeping each
    device's last entry; :class:`RetentionError` when ``before`` is within six months of
    ``now``. Returns how many entries were removed."""
    moment = now or core.utcnow()
    earliest = earliest_purge(moment.astimezone(UTC).date())
    if before > earliest:
        raise RetentionError(before, earliest)
    cutoff = core.stamp(datetime.combine(before, time(), UTC))
    table = s.audit_entry
    newest = table.alias("newest")
    last_seq = (
        sa.select(sa.func.max(newest.c.seq))
        .where(newest.c.device_id == table.c.device_id)
        .scalar_subquery()
    )
    with core._write(engine) as conn:
        result = conn.execute(
            table.delete().where(table.c.received_at < cutoff, table.c.seq < last_seq)
        )
    return int(result.rowcount or 0)


# --- HTTP ------------------------------------------------------------------------------


class AuditEntry(BaseModel):
    seq: int = Field(ge=1)
    hlc: str
    client_wall: str
    user_id: str = ""
    action: str
    tbl: str = ""
    row_id: str = ""
    detail: Any = Field(default_factory=dict, description="the entry's detail as JSON")
    prev_hash: str
    hash: str


class AuditRequest(BaseModel):
    entries: list[AuditEntry] = Field(max_length=MAX_ENTRIES)


class AuditReply(BaseModel):
    stored: int = Field(description="entries new to the server (a replay stores none)")
    last_seq: int = Field(description="the device's last stored entry")


router = APIRouter(tags=["audit"])


@router.post(
    "/v1/audit",
    response_model=AuditReply,
    responses={
        401: {"model": http.ErrorReply, "description": "bad credentials or revoked"},
        413: {"model": http.ErrorReply, "description": "body over 2 MiB"},
        422: {
            "model": http.ErrorReply,
            "description": "malformed, over 500 entries, or audit_chain_broken (detail: seq)",
        },
    },
)
def post_audit(body: AuditRequest, request: Request, dev: http.Authenticated) -> Any:
    """Store this device's audit entries (idempotent by device and seq)."""
    entries = [e.model_dump() for e in body.entries]
    try:
        return push_audit(request.app.state.engine, dev.device_id, entries)
    except AuditChainError as exc:
        return JSONResponse({"error": exc.reason, "detail": exc.seq}, status_code=422)
