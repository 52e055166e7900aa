"""Enrolment codes, device secrets, authentication, revocation and the session's hello."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gridapp.server import schema as s
from gridapp.server.common import (
    _AREA,
    _ID,
    CODE_ALPHABET,
    CODE_LENGTH,
    CODE_VALID,
    MAX_BATCH,
    MAX_PAGE,
    ROLES,
    AuthError,
    EnrolmentError,
    RequestError,
    SetupError,
    _read,
    _sha256,
    _write,
    county_code,
    stamp,
    storable_text,
    utcnow,
)

# --- enrolment and devices -------------------------------------------------------------


@dataclass(frozen=True)
class Device:
    device_id: str
    name: str
    scopes: tuple[str, ...]
    role: str
    prefix: str
    revoked_at: str | None
    last_device_seq: int


@dataclass(frozen=True)
class Credentials:
    """What ``POST /v1/enroll`` answers; ``device_secret`` is shown this once."""

    device_id: str
    device_secret: str
    scopes: list[str]
    role: str
    county: str
    prefix: str
    server_time: str

    @property
    def token(self) -> str:
        """The bearer token: ``<device_id>.<secret>``."""
        return f"{self.device_id}.{self.device_secret}"


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def _check_scopes(scopes: Sequence[str], county: str) -> list[str]:
    cleaned = []
    for code in scopes:
        code = code.strip()
        if not _AREA.match(code) or not code.startswith(county):
            raise RequestError(
                "bad_scope",
                f"a scope is the county ({county}), a township (9 digits) or a village "
                f"(12 digits) of it, not {code!r}",
            )
        if code not in cleaned:
            cleaned.append(code)
    if not cleaned:
        raise RequestError("bad_scope", "at least one area code")
    return cleaned


def create_enrolment(
    engine: sa.Engine, scopes: Sequence[str], role: str = "worker", now: datetime | None = None
) -> str:
    """A one-time enrolment code for a device of ``scopes`` (valid 24 hours, single use);
    only its hash is stored."""
    if role not in ROLES:
        raise RequestError("bad_role", f"role is one of {', '.join(ROLES)}, not {role!r}")
    moment = now or utcnow()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with _write(engine) as conn:
        cleaned = _check_scopes(scopes, county_code(conn))
        conn.execute(
            s.enrolment.insert().values(
                code_hash=_sha256(code),
                scopes=cleaned,
                role=role,
                created_at=stamp(moment),
                expires_at=stamp(moment + CODE_VALID),
            )
        )
    return code


def _new_prefix(conn: sa.Connection, device_id: str) -> str:
    taken = set(conn.execute(sa.select(s.device.c.prefix)).scalars())
    first = device_id.replace("-", "")[:4].upper()
    if re.fullmatch(r"[0-9A-F]{4}", first) and first not in taken:
        return first
    if len(taken) >= 0x10000:
        raise SetupError("no_prefix", "every device prefix of the county is taken")
    while True:
        candidate = f"{secrets.randbelow(0x10000):04X}"
        if candidate not in taken:
            return candidate


def enroll(
    engine: sa.Engine,
    code: str,
    device_id: str,
    name: str = "",
    app_version: str = "",
    now: datetime | None = None,
) -> Credentials:
    """Exchange an enrolment code for a device secret (shown once; its hash is stored).

    A device enrolled before (a lost answer, a reinstalled keyring) may enrol again with a
    new code: it gets a new secret and the code's scope, and keeps its prefix and its
    ``device_seq`` position. A revoked device may not."""
    if not isinstance(device_id, str) or not _ID.match(device_id):
        raise EnrolmentError("bad_device_id", "1–64 letters, digits, '-' or '_'")
    for text in (name, app_version):
        if not isinstance(text, str) or len(text) > 200 or not storable_text(text):
            raise RequestError("bad_request", "device_name and app_version: short texts")
    if not storable_text(code):
        raise EnrolmentError("invalid_code")
    moment = now or utcnow()
    secret = secrets.token_urlsafe(32)
    with _write(engine) as conn:
        county = county_code(conn)
        offer = conn.execute(
            sa.select(s.enrolment)
            .where(s.enrolment.c.code_hash == _sha256(normalise_code(code)))
            .with_for_update()
        ).first()
        if offer is None:
            raise EnrolmentError("invalid_code")
        if offer.used_at is not None:
            raise EnrolmentError("used_code")
        if offer.expires_at <= stamp(moment):
            raise EnrolmentError("expired_code")
        found = conn.execute(
            sa.select(s.device).where(s.device.c.device_id == device_id).with_for_update()
        ).first()
        if found is not None and found.revoked_at is not None:
            raise EnrolmentError("revoked")
        conn.execute(
            s.enrolment.update()
            .where(s.enrolment.c.code_hash == offer.code_hash)
            .values(used_at=stamp(moment), device_id=device_id)
        )
        values = {
            "name": name,
            "secret_hash": _sha256(secret),
            "scopes": list(offer.scopes),
            "role": offer.role,
            "app_version": app_version,
            "last_seen_at": stamp(moment),
        }
        if found is None:
            prefix = _new_prefix(conn, device_id)
            conn.execute(
                s.device.insert().values(
                    device_id=device_id, prefix=prefix, created_at=stamp(moment), **values
                )
            )
        else:
            prefix = found.prefix
            conn.execute(s.device.update().where(s.device.c.device_id == device_id).values(values))
    return Credentials(
        device_id, secret, list(offer.scopes), offer.role, county, prefix, stamp(moment)
    )


def _device_from(row: Any) -> Device:
    return Device(
        row.device_id,
        row.name,
        tuple(row.scopes),
        row.role,
        row.prefix,
        row.revoked_at,
        int(row.last_device_seq),
    )


def authenticate(engine: sa.Engine, token: str, now: datetime | None = None) -> Device:
    """The device of a bearer token ``<device_id>.<secret>`` (the ``Bearer`` word may be
    included); :class:`AuthError` ``unknown_device`` or ``revoked`` otherwise. The secret's
    hash is compared in constant time; ``last_seen_at`` is updated."""
    token = token.strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    device_id, _, secret = token.rpartition(".")
    if not _ID.match(device_id) or not secret or not storable_text(secret):
        raise AuthError("unknown_device")
    with _write(engine) as conn:
        row = conn.execute(sa.select(s.device).where(s.device.c.device_id == device_id)).first()
        given = _sha256(secret)
        if row is None or not hmac.compare_digest(given, str(row.secret_hash)):
            raise AuthError("unknown_device")
        if row.revoked_at is not None:
            raise AuthError("revoked")
        conn.execute(
            s.device.update()
            .where(s.device.c.device_id == device_id)
            .values(last_seen_at=stamp(now or utcnow()))
        )
        return _device_from(row)


def revoke(engine: sa.Engine, device_id: str, now: datetime | None = None) -> bool:
    """Revoke a device (every later request gets 401); False if there is no such device.
    Revoking twice keeps the first time."""
    with _write(engine) as conn:
        row = conn.execute(sa.select(s.device).where(s.device.c.device_id == device_id)).first()
        if row is None:
            return False
        if row.revoked_at is None:
            conn.execute(
                s.device.update()
                .where(s.device.c.device_id == device_id)
                .values(revoked_at=stamp(now or utcnow()))
            )
        return True


def devices(engine: sa.Engine) -> list[dict[str, Any]]:
    """Every enrolled device, in enrolment order (never its secret or hash)."""
    with _read(engine) as conn:
        rows = conn.execute(sa.select(s.device).order_by(s.device.c.created_at)).all()
    return [
        {
            "device_id": r.device_id,
            "name": r.name,
            "scopes": list(r.scopes),
            "role": r.role,
            "prefix": r.prefix,
            "app_version": r.app_version,
            "created_at": r.created_at,
            "revoked_at": r.revoked_at,
            "last_device_seq": int(r.last_device_seq),
            "last_seen_at": r.last_seen_at,
            "clock_offset_ms": r.clock_offset_ms,
        }
        for r in rows
    ]


def _locked_device(conn: sa.Connection, device_id: str) -> Device:
    row = conn.execute(
        sa.select(s.device).where(s.device.c.device_id == device_id).with_for_update()
    ).first()
    if row is None:
        raise AuthError("unknown_device")
    if row.revoked_at is not None:
        raise AuthError("revoked")
    return _device_from(row)


def hello(
    engine: sa.Engine, device_id: str, client_now: datetime, now: datetime | None = None
) -> dict[str, Any]:
    """The session's greeting: the server's time and the PC clock's offset (stored)."""
    moment = now or utcnow()
    offset = round((moment - client_now).total_seconds() * 1000)
    with _write(engine) as conn:
        dev = _locked_device(conn, device_id)
        conn.execute(
            s.device.update()
            .where(s.device.c.device_id == device_id)
            .values(clock_offset_ms=offset, last_seen_at=stamp(moment))
        )
    return {
        "server_now": stamp(moment),
        "clock_offset_ms": offset,
        "scopes": list(dev.scopes),
        "role": dev.role,
        "limits": {"batch": MAX_BATCH, "page": MAX_PAGE},
    }
