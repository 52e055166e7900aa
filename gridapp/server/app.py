"""The county server's HTTP API (``docs/sync-protocol.md`` §3, §5, §7) over :mod:`core`.

``create_app(engine)`` builds a FastAPI app: ``POST /v1/enroll``, ``POST /v1/sync/hello``,
``POST /v1/sync/push`` and ``GET /v1/sync/pull``. Every endpoint but enroll needs
``Authorization: Bearer <device_id>.<secret>``. Refusals are ``{"error": <code>, "detail":
…}``: 401 for credentials (``bad_credentials``, ``unknown_device``, ``revoked``), 413 for a
body over 2 MiB (after gzip too), 422 for a malformed request, a batch over 200 mutations or
a page limit over 500. The endpoints are plain functions: FastAPI runs them in its thread
pool, and each core call is its own transaction.
"""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gridapp import __version__
from gridapp.server import core

MAX_BODY = 2 * 1024 * 1024  # bytes of a request body, on the wire and after gzip


# --- payloads --------------------------------------------------------------------------


class EnrollRequest(BaseModel):
    code: str = Field(description="the one-time code printed by `gridapp-server enroll`")
    device_id: str = Field(description="the PC's device id (1–64 letters, digits, - or _)")
    device_name: str = ""
    app_version: str = ""


class EnrollReply(BaseModel):
    device_id: str
    device_secret: str = Field(description="shown once; the server keeps its sha256 only")
    scopes: list[str]
    role: str
    county: str
    prefix: str = Field(description="the device prefix (4 hex digits, unique in the county)")
    server_time: str


class HelloRequest(BaseModel):
    device_id: str | None = None
    app_version: str = ""
    schema_version: int | None = None
    client_now: datetime
    client_hlc: str = ""


class HelloReply(BaseModel):
    server_now: str
    clock_offset_ms: int
    min_app_version: str | None = None
    scopes: list[str]
    role: str
    limits: dict[str, int]


class Mutation(BaseModel):
    """One outbox entry (§5.1). Its fields are checked by the core: a bad record inside a
    good batch comes back ``rejected`` with a reason, not as a refused request."""

    model_config = ConfigDict(extra="allow")

    device_seq: int = Field(ge=1)
    tbl: str
    id: str
    op: str = Field(description="create, update or delete")
    base_version: int = 0
    area_code: str
    changes: dict[str, Any] = Field(default_factory=dict)
    hlc: str = ""
    client_wall: str = ""
    user_id: str = ""
    resolves: str | None = None


class PushRequest(BaseModel):
    batch_id: str = ""
    mutations: list[Mutation] = Field(max_length=core.MAX_BATCH)


class MutationResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    device_seq: int
    status: str = Field(description="applied, merged, conflict, rejected, forbidden or held")
    version: int | None = None
    conflict_id: str | None = None
    conflict: dict[str, Any] | None = None
    reason: str | None = None
    field: str | None = None


class PushReply(BaseModel):
    results: list[MutationResult]
    last_device_seq: int


class PullReply(BaseModel):
    changes: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    next_cursor: int
    has_more: bool


class ErrorReply(BaseModel):
    error: str
    detail: Any = None


# --- the body limit --------------------------------------------------------------------


def _refuse(status: int, error: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


class BodyLimit:
    """Refuses a request body over ``limit`` bytes (413) before the app reads it, and
    unpacks a gzip body (``Content-Encoding: gzip``) with the same limit on its content."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        too_large = _refuse(413, "body_too_large", f"at most {self.limit} bytes")
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await too_large(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = bool(message.get("more_body", False))
            if len(body) > self.limit:
                await too_large(scope, receive, send)
                return
        encoding = headers.get(b"content-encoding", b"").strip().lower()
        if encoding == b"gzip":
            try:
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                data = inflater.decompress(bytes(body), self.limit + 1)
            except zlib.error:
                await _refuse(422, "bad_body", "not gzip")(scope, receive, send)
                return
            if len(data) > self.limit:
                await too_large(scope, receive, send)
                return
            body = bytearray(data)
            scope = dict(scope)
            scope["headers"] = [
                (k, v)
                for k, v in scope["headers"]
                if k.lower() not in (b"content-encoding", b"content-length")
            ] + [(b"content-length", str(len(body)).encode())]
        elif encoding not in (b"", b"identity"):
            await _refuse(415, "bad_encoding", "gzip or none")(scope, receive, send)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


def gzip_body(data: bytes) -> bytes:
    """A request body packed the way :class:`BodyLimit` unpacks it (for clients and tests)."""
    return gzip.compress(data)


# --- the app ---------------------------------------------------------------------------


def _device(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer <device_id>.<secret>")] = None,
) -> core.Device:
    """The authenticated device of a request (401 otherwise)."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or "." not in token.strip():
        raise core.AuthError("bad_credentials")
    engine: sa.Engine = request.app.state.engine
    return core.authenticate(engine, token)


Authenticated = Annotated[core.Device, Depends(_device)]


def _status(exc: core.ServerError) -> int:
    if isinstance(exc, core.EnrolmentError) and exc.reason == "bad_device_id":
        return 400
    if isinstance(exc, core.LimitError):
        return 422  # a batch or page over its limit (the body limit is the 413)
    return exc.status


def create_app(engine: sa.Engine, *, min_app_version: str | None = None) -> FastAPI:
    """The HTTP app over ``engine`` (a set-up county database)."""
    app = FastAPI(
        title="GridApp county server",
        version=__version__,
        description="Sync API of 网格通 (docs/sync-protocol.md).",
    )
    app.state.engine = engine
    app.add_middleware(BodyLimit)

    @app.exception_handler(core.ServerError)
    async def server_error(request: Request, exc: core.ServerError) -> JSONResponse:
        status = _status(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        body: dict[str, Any] = {"error": exc.reason}
        if status < 500 and exc.detail:
            body["detail"] = exc.detail
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return JSONResponse(
            {"error": "bad_request", "detail": jsonable_encoder(errors)}, status_code=422
        )

    refusals: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorReply, "description": "bad_credentials, unknown_device or revoked"},
        413: {"model": ErrorReply, "description": "body over 2 MiB"},
        422: {"model": ErrorReply, "description": "malformed request or over a limit"},
    }

    @app.post("/v1/enroll", response_model=EnrollReply, responses=refusals)
    def enroll(body: EnrollRequest) -> dict[str, Any]:
        cred = core.enroll(engine, body.code, body.device_id, body.device_name, body.app_version)
        return {
            "device_id": cred.device_id,
            "device_secret": cred.device_secret,
            "scopes": cred.scopes,
            "role": cred.role,
            "county": cred.county,
            "prefix": cred.prefix,
            "server_time": cred.server_time,
        }

    @app.post("/v1/sync/hello", response_model=HelloReply, responses=refusals)
    def hello(body: HelloRequest, dev: Authenticated) -> dict[str, Any]:
        if body.device_id is not None and body.device_id != dev.device_id:
            raise core.AuthError("bad_credentials", "device_id is not the authenticated device")
        client_now = body.client_now
        if client_now.tzinfo is None:
            client_now = client_now.replace(tzinfo=UTC)
        reply = core.hello(engine, dev.device_id, client_now)
        reply["min_app_version"] = min_app_version
        return reply

    @app.post(
        "/v1/sync/push",
        response_model=PushReply,
        response_model_exclude_unset=True,
        responses=refusals,
    )
    def push(body: PushRequest, dev: Authenticated) -> dict[str, Any]:
        mutations = [m.model_dump(exclude_unset=True) for m in body.mutations]
        return core.push(engine, dev.device_id, mutations, batch_id=body.batch_id)

    @app.get("/v1/sync/pull", response_model=PullReply, responses=refusals)
    def pull(
        dev: Authenticated,
        cursor: Annotated[int, Query(ge=0, description="next_cursor of the last page")] = 0,
        limit: Annotated[int, Query(ge=1, le=core.MAX_PAGE)] = core.MAX_PAGE,
    ) -> dict[str, Any]:
        return core.pull(engine, dev.device_id, cursor, limit)

    return app
