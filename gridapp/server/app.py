"""The county server's HTTP API (``docs/sync-protocol.md`` §3, §5, §7) over :mod:`core`.

``create_app(engine)`` builds a FastAPI app: ``POST /v1/enroll``, ``POST /v1/sync/hello``,
``POST /v1/sync/push``, ``GET /v1/sync/pull`` and ``GET /v1/health``. Every endpoint but
enroll and health needs ``Authorization: Bearer <device_id>.<secret>``. Refusals are
``{"error": <code>, "detail": …}``: 401 for credentials (``bad_credentials``,
``unknown_device``, ``revoked``), 403 ``forbidden_scope`` for a push that names only data
outside the device's scope, 413 for a body over 2 MiB (after gzip too), 422 for a malformed
request, a batch over 200 mutations or a page limit over 500, 426 ``upgrade_required`` for a
program older than ``min_app_version`` and 429 ``rate_limited`` (with ``Retry-After``) for a
device over its requests per minute. The endpoints are plain functions: FastAPI runs them in
its thread pool, and each core call is its own transaction.
"""

from __future__ import annotations

import gzip
import math
import re
import threading
import time
import zlib
from collections.abc import Callable
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

RATE_LIMIT = 600  # requests per minute per device (0: no limit)
VERSION_HEADER = "X-GridApp-Version"  # the PC's program version, on every request
MAX_BODY = 2 * 1024 * 1024  # bytes of a request body, on the wire and after gzip
# Paths (method, prefix) allowed a larger body: an attachment's bytes (gridapp.server.blobs).
WIDE_BODIES: tuple[tuple[str, str, int], ...] = (("PUT", "/v1/blobs/", 20 * 1024 * 1024),)


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


class HealthReply(BaseModel):
    status: str = Field(description="ok")
    server_time: str
    version: str = Field(description="the server program's version")


# --- the body limit --------------------------------------------------------------------


def _refuse(status: int, error: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


class BodyLimit:
    """Refuses a request body over ``limit`` bytes (413) before the app reads it, and
    unpacks a gzip body (``Content-Encoding: gzip``) with the same limit on its content.
    ``wide`` names (method, path prefix, limit) that may carry more (attachment bytes)."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int = MAX_BODY,
        wide: tuple[tuple[str, str, int], ...] = WIDE_BODIES,
    ) -> None:
        self.app = app
        self.limit = limit
        self.wide = wide

    def limit_for(self, scope: Scope) -> int:
        method, path = scope.get("method", ""), scope.get("path", "")
        for wide_method, prefix, limit in self.wide:
            if method == wide_method and path.startswith(prefix):
                return limit
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        too_large = _refuse(413, "body_too_large", f"at most {limit} bytes")
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
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
            if len(body) > limit:
                await too_large(scope, receive, send)
                return
        encoding = headers.get(b"content-encoding", b"").strip().lower()
        if encoding == b"gzip":
            try:
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                data = inflater.decompress(bytes(body), limit + 1)
            except zlib.error:
                await _refuse(422, "bad_body", "not gzip")(scope, receive, send)
                return
            if len(data) > limit:
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


# --- rate limit and program version ----------------------------------------------------


class RateLimiter:
    """``per_minute`` requests per device, in memory: a token bucket that holds at most
    ``per_minute`` tokens and gains one every ``60 / per_minute`` seconds (a burst of a whole
    minute's requests is allowed, then the steady rate). ``0`` disables it."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 0:
            raise ValueError("a rate limit is 0 (none) or more requests per minute")
        self.per_minute = per_minute
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str) -> int:
        """0 if a request of ``key`` may go now, else the seconds to wait (at least 1)."""
        if self.per_minute == 0:
            return 0
        interval = 60.0 / self.per_minute
        with self._lock:
            now = self.clock()
            tokens, at = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - at) / interval)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) * interval))


def version_tuple(text: str) -> tuple[int, ...]:
    """A program version as numbers (``"0.10.2"`` -> ``(0, 10, 2)``): the leading digits of
    each dot-separated part (``"1.2rc1"`` -> ``(1, 2)``); ``()`` for no number at all."""
    numbers = []
    for part in text.strip().split("."):
        digits = re.match(r"[0-9]+", part)
        if digits is None:
            break
        numbers.append(int(digits.group()))
    return tuple(numbers)


def version_below(version: str, minimum: str) -> bool:
    """Whether ``version`` is older than ``minimum`` (numeric compare; missing parts are 0;
    a version without a number is older than any)."""
    have, want = version_tuple(version), version_tuple(minimum)
    if not have:
        return True
    size = max(len(have), len(want))
    return have + (0,) * (size - len(have)) < want + (0,) * (size - len(want))


def _check_version(request: Request, version: str | None) -> None:
    """:class:`core.UpgradeError` (426) when ``version`` is below the app's minimum."""
    minimum: str | None = request.app.state.min_app_version
    if minimum and version is not None and version_below(version, minimum):
        raise core.UpgradeError(minimum)


# --- the app ---------------------------------------------------------------------------


def _device(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer <device_id>.<secret>")] = None,
    x_gridapp_version: Annotated[
        str | None, Header(description="the PC's program version (426 when too old)")
    ] = None,
) -> core.Device:
    """The authenticated device of a request: 426 for a program below the minimum (when
    the request names its version), 401 for bad credentials, 429 over the rate limit."""
    _check_version(request, x_gridapp_version)
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or "." not in token.strip():
        raise core.AuthError("bad_credentials")
    engine: sa.Engine = request.app.state.engine
    dev = core.authenticate(engine, token)
    limiter: RateLimiter = request.app.state.rate_limiter
    wait = limiter.take(dev.device_id)
    if wait:
        raise core.RateLimitError(wait)
    return dev


Authenticated = Annotated[core.Device, Depends(_device)]


def _status(exc: core.ServerError) -> int:
    if isinstance(exc, core.EnrolmentError) and exc.reason == "bad_device_id":
        return 400
    if isinstance(exc, core.LimitError):
        return 422  # a batch or page over its limit (the body limit is the 413)
    return exc.status


def create_app(
    engine: sa.Engine,
    *,
    min_app_version: str | None = None,
    rate_limit: int = RATE_LIMIT,
) -> FastAPI:
    """The HTTP app over ``engine`` (a set-up county database). ``min_app_version``: older
    programs get 426; ``rate_limit``: requests per minute per device (0: none)."""
    if min_app_version is not None and not version_tuple(min_app_version):
        raise ValueError(f"not a program version: {min_app_version!r}")
    app = FastAPI(
        title="GridApp county server",
        version=__version__,
        description="Sync API of 网格通 (docs/sync-protocol.md).",
    )
    app.state.engine = engine
    app.state.min_app_version = min_app_version or None
    app.state.rate_limiter = RateLimiter(rate_limit)
    app.add_middleware(BodyLimit)

    @app.exception_handler(core.ServerError)
    async def server_error(request: Request, exc: core.ServerError) -> JSONResponse:
        status = _status(exc)
        headers: dict[str, str] = {}
        body: dict[str, Any] = {"error": exc.reason}
        if status < 500 and exc.detail:
            body["detail"] = exc.detail
        if status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        elif isinstance(exc, core.RateLimitError):
            headers["Retry-After"] = str(exc.retry_after)
        elif isinstance(exc, core.UpgradeError):
            body["min_app_version"] = exc.min_app_version
        return JSONResponse(body, status_code=status, headers=headers or None)

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
        403: {"model": ErrorReply, "description": "forbidden_scope: only data outside the scope"},
        413: {"model": ErrorReply, "description": "body over 2 MiB"},
        422: {"model": ErrorReply, "description": "malformed request or over a limit"},
        426: {"model": ErrorReply, "description": "upgrade_required (with min_app_version)"},
        429: {"model": ErrorReply, "description": "rate_limited (with Retry-After, seconds)"},
    }

    @app.get("/v1/health", response_model=HealthReply, responses={503: {"model": ErrorReply}})
    def health() -> Any:
        """The PCs' reachability probe: no authentication, no write (a ``SELECT 1``)."""
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            return JSONResponse({"error": "database_unavailable"}, status_code=503)
        return {"status": "ok", "server_time": core.stamp(core.utcnow()), "version": __version__}

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
    def hello(request: Request, body: HelloRequest, dev: Authenticated) -> dict[str, Any]:
        if body.device_id is not None and body.device_id != dev.device_id:
            raise core.AuthError("bad_credentials", "device_id is not the authenticated device")
        _check_version(request, body.app_version)
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
    ) -> JSONResponse:
        # Sent as built (the reply model above documents it): checking and re-encoding up
        # to 500 whole rows through the model cost as much as reading them (sync_bench).
        return JSONResponse(core.pull(engine, dev.device_id, cursor, limit))

    # Attachments (§8) and audit (§9): their modules import this one's Authenticated.
    from gridapp.server import audit, blobs

    app.include_router(blobs.router)
    app.include_router(audit.router)

    return app
