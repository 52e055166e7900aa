"""Shared by the county server's modules: limits, the errors the HTTP layer maps to status
codes, times, scope matching, transactions and the change feed.

:class:`AuthError` 401, :class:`ForbiddenError` 403, :class:`LimitError` 413 (422 for a
batch or page over its limit), :class:`RequestError` 422, :class:`EnrolmentError` 400/401,
:class:`UpgradeError` 426, :class:`RateLimitError` 429.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from gridapp.models import hlc as hlc_mod
from gridapp.server import schema as s

ROLES = ("worker", "chief", "county")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O/1/I
CODE_LENGTH = 10
CODE_VALID = timedelta(hours=24)
MAX_BATCH = 200
MAX_PAGE = 500
MAX_TEXT = 100_000  # characters in one text value
MAX_INT = 2**53  # integers (device_seq, versions, cursors, values) stay below it
HOLD_WINDOW = 5 * MAX_BATCH  # a mutation this far past a gap is answered "held" but not kept
MAX_FUTURE_MS = hlc_mod.MAX_FUTURE_MS
SERVER_DEVICE = "server"  # updated_by / device_id of the rows the server itself writes
LOCK_NAMESPACE = 0x67726964  # "grid": first key of the county's advisory writer lock
# \Z, not $: "$" also matches before a final newline.
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")
_AREA = re.compile(r"^[0-9]{6}([0-9]{3}([0-9]{3})?)?\Z")
_GRID = re.compile(r"^[0-9]{12}-[0-9]{1,4}\Z")


# --- errors ----------------------------------------------------------------------------


class ServerError(Exception):
    """A refusal the client is told about (``reason`` is a stable code)."""

    status = 400

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class AuthError(ServerError):
    """Unknown device, wrong secret or revoked device (401)."""

    status = 401


class EnrolmentError(ServerError):
    """A bad, used or expired enrolment code (401), or a bad enrolment request (400)."""

    status = 401


class ForbiddenError(ServerError):
    """A request that names only data outside the device's scope (403)."""

    status = 403


class RateLimitError(ServerError):
    """Too many requests from one device (429); ``retry_after`` in seconds."""

    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("rate_limited", f"retry after {retry_after} s")
        self.retry_after = retry_after


class UpgradeError(ServerError):
    """The PC's program is older than the server accepts (426)."""

    status = 426

    def __init__(self, min_app_version: str) -> None:
        super().__init__("upgrade_required", f"at least version {min_app_version}")
        self.min_app_version = min_app_version


class LimitError(ServerError):
    status = 413


class RequestError(ServerError):
    """A malformed request (422); a bad record inside a good batch is rejected per record."""

    status = 422


class SetupError(ServerError):
    """The server database is not initialised, or ``init`` was refused."""

    status = 500


# --- small helpers ---------------------------------------------------------------------


def utcnow() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A stored time: UTC ISO 8601 with milliseconds (sorts as time)."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def storable_text(text: str) -> bool:
    """Whether both databases can store ``text`` (PostgreSQL refuses NUL; a lone surrogate
    from a JSON ``\\ud800`` escape cannot be encoded as UTF-8)."""
    return "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)


def storable(value: Any) -> bool:
    """Whether a decoded JSON value can be stored as JSON on both databases: texts (and
    keys) :func:`storable_text`, numbers finite and within ``MAX_INT`` (integers)."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return abs(value) < MAX_INT
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(storable(v) for v in value)
    if isinstance(value, dict):
        return all(
            isinstance(k, str) and storable_text(k) and storable(v) for k, v in value.items()
        )
    return False


def printable(text: str, size: int) -> str:
    """``text`` cut to ``size`` characters with what cannot be stored dropped (an echo of
    a refused value in an answer or a log row)."""
    return "".join(c for c in text[:size] if storable_text(c))


def in_scope(area_code: str, scopes: Sequence[str]) -> bool:
    """Whether a row of ``area_code`` is in a device's scope (prefix match)."""
    return bool(area_code) and any(area_code.startswith(code) for code in scopes)


@contextmanager
def _write(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction (SQLite: BEGIN IMMEDIATE)."""
    with engine.connect() as conn:
        conn.execution_options(**{s.WRITE_OPTION: True})
        with conn.begin():
            yield conn


@contextmanager
def _read(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A read transaction on one snapshot (PostgreSQL: REPEATABLE READ)."""
    with engine.connect() as conn:
        if s.is_postgres(conn):
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def county_code(conn: sa.Connection) -> str:
    code = conn.execute(sa.select(s.county.c.code)).scalar()
    if code is None:
        raise SetupError("not_initialised", "run gridapp-server init first")
    return str(code)


def _writer_lock(conn: sa.Connection) -> None:
    """PostgreSQL: serialise the county's writers of ``change_log`` until commit, so
    ``server_seq`` values become visible in order (a pull never skips a late commit)."""
    if s.is_postgres(conn):
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(:a, :b)"),
            {"a": LOCK_NAMESPACE, "b": int(county_code(conn))},
        )


# Built once: values go as parameters, so SQLAlchemy neither rebuilds nor re-keys it per row.
_LOG_INSERT = s.change_log.insert().returning(s.change_log.c.server_seq)


def _log(
    conn: sa.Connection,
    tbl: str,
    row_id: str,
    version: int,
    area: str,
    prev_area: str,
    op: str,
    fields: list[str],
    device_id: str,
    moment: datetime,
    conflict_id: str | None = None,
) -> int:
    """Append to the change feed; returns the new ``server_seq``."""
    result = conn.execute(
        _LOG_INSERT,
        dict(
            tbl=tbl,
            id=row_id,
            version=version,
            area_code=area,
            prev_area_code=prev_area,
            op=op,
            fields=fields,
            device_id=device_id,
            conflict_id=conflict_id,
            committed_at=stamp(moment),
        ),
    )
    return int(result.scalar_one())
