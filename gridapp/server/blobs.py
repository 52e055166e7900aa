"""Attachment bytes on the county server (``docs/sync-protocol.md`` §8).

``PUT /v1/blobs/{sha256}`` stores a blob once (the hash is checked; a second PUT of the same
content writes nothing) and ``GET /v1/blobs/{sha256}`` serves it only to a device that may read
it: its scope holds a live ``petition_attachment`` record naming the content, on a live
petition that may reach the device (``petition_flow.may_reach_device``: a petition never
reaches a device used by a person it accuses; the county lists those persons in
``device_person``). Otherwise 403 — also for content the server does not hold, so a device
learns nothing of blobs it may not read; 404 when the device may read it but the bytes have
not arrived yet (the PC fetches them in a later round).

A blob goes up before the rows that name it, so a PUT is accepted from any enrolled device
without a record naming it yet.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.dialects import postgresql, sqlite
from starlette.concurrency import run_in_threadpool

from gridapp.models import petition_flow
from gridapp.server import app as http
from gridapp.server import core
from gridapp.server import schema as s
from gridapp.server.confidential import device_persons, petition_of

MAX_BLOB = 20 * 1024 * 1024  # bytes: the PCs' attachment limit (gridapp.store.attachments)
MAX_MISSING = 500  # hashes per answer of GET /v1/missing-blobs
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")


class BlobMissingError(core.ServerError):
    """The device may read the content but the server does not hold its bytes yet."""

    status = 404


def _checked_sha(sha256: str) -> str:
    sha = sha256.strip().lower()
    if not _SHA256.match(sha):
        raise core.RequestError("bad_sha256", "64 hexadecimal digits")
    return sha


def put_blob(engine: sa.Engine, device_id: str, sha256: str, data: bytes) -> bool:
    """Store ``data`` under ``sha256``; True if it was new, False if the server had it (then
    nothing is written). :class:`core.RequestError` ``hash_mismatch`` (422) when the content
    is not what the hash names, ``empty_blob`` for no bytes; :class:`core.LimitError` over
    :data:`MAX_BLOB`."""
    sha = _checked_sha(sha256)
    if len(data) > MAX_BLOB:
        raise core.LimitError("body_too_large", f"at most {MAX_BLOB} bytes")
    if not data:
        raise core.RequestError("empty_blob", "no bytes")
    if hashlib.sha256(data).hexdigest() != sha:
        raise core.RequestError("hash_mismatch", "the content's SHA-256 is not the one named")
    with core._write(engine) as conn:
        insert = postgresql.insert if s.is_postgres(conn) else sqlite.insert
        statement = (
            insert(s.blob)
            .values(
                sha256=sha,
                size=len(data),
                data=data,
                device_id=device_id,
                received_at=core.stamp(core.utcnow()),
            )
            .on_conflict_do_nothing(index_elements=["sha256"])
            .returning(s.blob.c.sha256)
        )
        return conn.execute(statement).first() is not None


def set_device_persons(engine: sa.Engine, device_id: str, person_ids: Collection[str]) -> None:
    """Record who uses a device (replaces the list): petitions accusing one of them, and their
    attachments, never reach it."""
    dp = s.device_person
    with core._write(engine) as conn:
        conn.execute(dp.delete().where(dp.c.device_id == device_id))
        ids = sorted({p.strip() for p in person_ids if p.strip()})
        if ids:
            conn.execute(dp.insert(), [{"device_id": device_id, "person_id": p} for p in ids])


def resolve_persons(engine: sa.Engine, values: Collection[str]) -> list[str]:
    """Person record ids for ``values``: an 18-character 公民身份号码 names the live person
    records holding it (:class:`core.RequestError` ``unknown_person`` if none does); anything
    else is taken as a person record id."""
    rec = s.record
    found: list[str] = []
    with core._read(engine) as conn:
        for value in (v.strip() for v in values):
            if not value:
                continue
            if not _ID_NUMBER.match(value.upper()):
                found.append(value)
                continue
            ids = conn.execute(
                sa.select(rec.c.id).where(
                    rec.c.tbl == "person",
                    rec.c.deleted.is_(False),
                    rec.c.data["id_number"].as_string() == value.upper(),
                )
            ).all()
            if not ids:
                raise core.RequestError("unknown_person", f"no person holds {value}")
            found.extend(str(r[0]) for r in ids)
    return sorted(set(found))


def may_read(conn: sa.Connection, device: core.Device, sha256: str) -> bool:
    """Whether ``device`` may read the content ``sha256`` (see the module docstring)."""
    rec = s.record
    attachments = conn.execute(
        sa.select(rec.c.area_code, rec.c.data).where(
            # Literal text, so that the index record_attachment_sha serves it.
            sa.text("record.tbl = 'petition_attachment'"),
            sa.text(f"{s.attachment_sha_sql(conn)} = :sha").bindparams(sha=sha256),
            rec.c.deleted.is_(False),
        )
    ).all()
    petition_ids = {
        str(a.data.get("petition_id", ""))
        for a in attachments
        if core.in_scope(a.area_code, device.scopes)
    }
    if not petition_ids:
        return False
    persons = device_persons(conn, device.device_id)
    petitions = conn.execute(
        sa.select(rec.c.id, rec.c.area_code, rec.c.data).where(
            rec.c.tbl == "petition", rec.c.id.in_(sorted(petition_ids)), rec.c.deleted.is_(False)
        )
    ).all()
    return any(
        core.in_scope(p.area_code, device.scopes)
        and petition_flow.may_reach_device(petition_of({**p.data, "id": p.id}), persons)
        for p in petitions
    )


def missing_blobs(engine: sa.Engine, device: core.Device, limit: int = MAX_MISSING) -> list[str]:
    """Contents that live attachment records of the device's scope name and the server does
    not hold (at most ``limit``): the PCs that hold them send them again, so a blob the
    server lost (a restore from an older backup) or never got comes back by itself. The
    device already knows these hashes from its rows."""
    sha: sa.ColumnClause[str] = sa.literal_column(s.attachment_sha_sql(engine), sa.Text)
    rec = s.record
    scope = sa.or_(*(rec.c.area_code.startswith(code, autoescape=True) for code in device.scopes))
    held = sa.select(s.blob.c.sha256).where(s.blob.c.sha256 == sha).exists()
    query = (
        sa.select(sha)
        .select_from(rec)
        .where(sa.text("record.tbl = 'petition_attachment'"), rec.c.deleted.is_(False), scope)
        .where(~held)
        .distinct()
        .order_by(sha)
        .limit(limit)
    )
    with core._read(engine) as conn:
        return [str(r[0]) for r in conn.execute(query) if r[0]]


def get_blob(engine: sa.Engine, device: core.Device, sha256: str) -> bytes:
    """The bytes of ``sha256`` for ``device``: :class:`core.ForbiddenError` (403) when it may
    not read them, :class:`BlobMissingError` (404) when it may but they are not here."""
    sha = _checked_sha(sha256)
    with core._read(engine) as conn:
        if not may_read(conn, device, sha):
            raise core.ForbiddenError("forbidden", "no attachment of this PC's scope names it")
        data = conn.execute(sa.select(s.blob.c.data).where(s.blob.c.sha256 == sha)).scalar()
    if data is None:
        raise BlobMissingError("blob_missing", "not received from the PC that attached it yet")
    return bytes(data)


def blob_count(engine: sa.Engine) -> int:
    """How many distinct blobs the server holds (tests and the admin)."""
    with core._read(engine) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(s.blob)).scalar() or 0)


# --- HTTP ------------------------------------------------------------------------------

router = APIRouter(tags=["attachments"])

Sha256 = Annotated[str, Path(description="SHA-256 of the content, 64 hexadecimal digits")]
_REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": http.ErrorReply, "description": "bad_credentials, unknown_device or revoked"},
    413: {"model": http.ErrorReply, "description": "body over 20 MiB"},
    422: {"model": http.ErrorReply, "description": "bad_sha256, hash_mismatch or empty_blob"},
}


class MissingReply(BaseModel):
    missing: list[str] = Field(description="SHA-256 of contents the server lacks")


@router.get("/v1/missing-blobs", response_model=MissingReply, responses=_REFUSALS)
def missing(request: Request, dev: http.Authenticated) -> dict[str, Any]:
    """Contents that live attachment rows of this device's scope name and the server does
    not hold: a PC holding one sends it (again)."""
    return {"missing": missing_blobs(request.app.state.engine, dev)}


@router.put(
    "/v1/blobs/{sha256}",
    responses=_REFUSALS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def put(sha256: Sha256, request: Request, dev: http.Authenticated) -> dict[str, Any]:
    """Store an attachment's bytes (the body) under their SHA-256; idempotent."""
    data = await request.body()
    engine: sa.Engine = request.app.state.engine
    stored = await run_in_threadpool(put_blob, engine, dev.device_id, sha256, data)
    return {"sha256": sha256.lower(), "stored": stored}


@router.get(
    "/v1/blobs/{sha256}",
    response_class=Response,
    responses={
        **_REFUSALS,
        200: {"content": {"application/octet-stream": {}}, "description": "the bytes"},
        403: {"model": http.ErrorReply, "description": "this device may not read it"},
        404: {"model": http.ErrorReply, "description": "not received yet"},
    },
)
def get(sha256: Sha256, request: Request, dev: http.Authenticated) -> Response:
    """The bytes of an attachment this device may read."""
    data = get_blob(request.app.state.engine, dev, sha256)
    return Response(
        content=data,
        media_type="application/octet-stream",
        headers={"Cache-Control": "no-store"},
    )
