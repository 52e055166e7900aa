"""The county server's core: enrolment, devices, push and pull (``docs/sync-protocol.md``).

Plain functions over a SQLAlchemy :class:`~sqlalchemy.Engine`; each opens its own
transaction (a push batch is exactly one). The HTTP layer maps the exceptions here to status
codes: :class:`AuthError` 401, :class:`ForbiddenError` 403, :class:`LimitError` 413,
:class:`RequestError` 422, :class:`EnrolmentError` 400/401.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import math
import re
import secrets
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from gridapp.models import hlc as hlc_mod
from gridapp.models.places import village_of
from gridapp.server import schema as s
from gridapp.server.migrations import migrate

ROLES = ("worker", "chief", "county")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O/1/I
CODE_LENGTH = 10
CODE_VALID = timedelta(hours=24)
MAX_BATCH = 200
MAX_PAGE = 500
MAX_TEXT = 100_000  # characters in one text value
HOLD_WINDOW = 5 * MAX_BATCH  # a mutation this far past a gap is answered "held" but not kept
MAX_FUTURE_MS = hlc_mod.MAX_FUTURE_MS
SERVER_DEVICE = "server"  # updated_by / device_id of the rows the server itself writes
LOCK_NAMESPACE = 0x67726964  # "grid": first key of the county's advisory writer lock
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_AREA = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")
_GRID = re.compile(r"^\d{12}-\d{1,4}$")

# Foreign keys of the synced tables (gridapp/store/migrations/m0001_core.py): field -> the
# table of the row it names. A create or edit naming a row that is not live on the server
# is not written (a ``parent_missing`` conflict): e.g. the tag of a person whose create was
# refused as a duplicate. The parent may be outside the device's scope.
PARENTS: dict[str, dict[str, str]] = {
    "person": {"household_id": "household"},
    "person_tag": {"person_id": "person"},
    "household_tag": {"household_id": "household"},
    "household_event": {"household_id": "household", "person_id": "person"},
    "party_member": {"person_id": "person"},
    "party_report": {"member_id": "party_member"},
    "post_claim": {"post_id": "service_post", "member_id": "party_member", "org_id": "party_org"},
    "party_activity": {"post_id": "service_post"},
    "activity_participation": {"activity_id": "party_activity", "member_id": "party_member"},
    "party_feedback": {"member_id": "party_member"},
    "petition_petitioner": {"petition_id": "petition", "person_id": "person"},
    "petition_progress": {"petition_id": "petition"},
    "petition_attachment": {"petition_id": "petition"},
}


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


# --- init and places -------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: str = ""
    valid_to: str = ""


def _place_level(code: str, county: str) -> tuple[str, str | None]:
    """(level, parent code) of a place code of ``county``; ValueError if it is none."""
    if _GRID.match(code) and code.startswith(county):
        return "grid", code.split("-", 1)[0]
    if not _AREA.match(code) or not code.startswith(county):
        raise ValueError(f"not a place code of county {county}: {code!r}")
    return {6: ("county", None), 9: ("township", code[:6]), 12: ("village", code[:9])}[len(code)]


def read_places(path: Path, county: str) -> list[PlaceRow]:
    """Places from a JSON list of ``{code, name[, valid_from, valid_to]}`` objects or a CSV
    (or tab-separated) file with a ``code,name`` header; levels and parents follow from the
    codes (township 9 digits, village 12, grid ``<village>-NN``)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        items = json.loads(text)
        if not isinstance(items, list):
            raise ValueError("a places file in JSON is a list of objects")
    else:
        dialect = "excel-tab" if "\t" in text.splitlines()[0] else "excel"
        items = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    rows = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError(f"not a place: {item!r}")
        code = str(item.get("code", "")).strip()
        name = str(item.get("name", "")).strip()
        if not name:
            raise ValueError(f"place {code!r} has no name")
        level, parent = _place_level(code, county)
        rows.append(
            PlaceRow(
                code,
                name,
                level,
                parent,
                str(item.get("valid_from") or ""),
                str(item.get("valid_to") or ""),
            )
        )
    return rows


def init(
    engine: sa.Engine,
    code: str,
    name: str,
    places: Sequence[PlaceRow] = (),
    now: datetime | None = None,
) -> int:
    """Create or upgrade the schema, record the county and load its places (each becomes a
    synced ``place`` record with a fixed id). Re-running adds or updates places; a database
    of another county is refused. Returns the number of place records written."""
    if not re.fullmatch(r"\d{6}", code):
        raise SetupError("bad_county", f"a county code has 6 digits: {code!r}")
    migrate(engine)
    moment = now or utcnow()
    written = 0
    with _write(engine) as conn:
        found = conn.execute(sa.select(s.county)).first()
        if found is None:
            conn.execute(s.county.insert().values(code=code, name=name, created_at=stamp(moment)))
        elif found.code != code:
            raise SetupError("other_county", f"this database belongs to county {found.code}")
        elif name and found.name != name:
            conn.execute(s.county.update().values(name=name))
        _writer_lock(conn)
        county_place = PlaceRow(code, name, "county", None)
        for row in [county_place, *[p for p in places if p.code != code]]:
            level, parent = _place_level(row.code, code)
            values = {
                "name": row.name,
                "level": level,
                "parent_code": parent,
                "valid_from": row.valid_from,
                "valid_to": row.valid_to,
            }
            if conn.execute(sa.select(s.place.c.code).where(s.place.c.code == row.code)).first():
                conn.execute(s.place.update().where(s.place.c.code == row.code).values(values))
            else:
                conn.execute(s.place.insert().values(code=row.code, **values))
            area = village_of(row.code) if level in ("village", "grid") else row.code
            data = dict(s.SPECS["place"].defaults) | {"code": row.code, **values}
            if _server_write(conn, "place", s.place_record_id(row.code), area, data, moment):
                written += 1
    return written


def _server_write(
    conn: sa.Connection, tbl: str, row_id: str, area: str, data: dict[str, Any], moment: datetime
) -> bool:
    """Create or update a record as the server (init); False if nothing changed."""
    rec = s.record
    current = conn.execute(
        sa.select(rec).where(rec.c.tbl == tbl, rec.c.id == row_id).with_for_update()
    ).first()
    if current is not None and current.data == data and current.area_code == area:
        return False
    version = 1 if current is None else int(current.version) + 1
    fields = sorted(
        data if current is None else {k for k in data if current.data.get(k) != data[k]}
    )
    seq = _log(
        conn,
        tbl,
        row_id,
        version,
        area,
        current.area_code if current else "",
        "create" if current is None else "update",
        fields,
        SERVER_DEVICE,
        moment,
    )
    values = {
        "area_code": area,
        "version": version,
        "deleted": False,
        "data": data,
        "ukey": s.SPECS[tbl].ukey(data, False),
        "updated_by": SERVER_DEVICE,
        "updated_at": stamp(moment),
        "server_seq": seq,
    }
    if current is None:
        conn.execute(rec.insert().values(tbl=tbl, id=row_id, **values))
    else:
        conn.execute(rec.update().where(rec.c.tbl == tbl, rec.c.id == row_id).values(values))
    return True


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
        s.change_log.insert()
        .values(
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
        )
        .returning(s.change_log.c.server_seq)
    )
    return int(result.scalar_one())


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
    if not _ID.match(device_id):
        raise EnrolmentError("bad_device_id", "1–64 letters, digits, '-' or '_'")
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
    if not device_id or not secret:
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


# --- push ------------------------------------------------------------------------------


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
        if isinstance(value, str) and len(value) <= MAX_TEXT:
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
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**53:
            return value
    elif isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
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
    if not isinstance(base, int) or isinstance(base, bool) or base < 0:
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
        if not isinstance(value, str) or len(value) > 200:
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
        if not isinstance(seq, int) or isinstance(seq, bool) or seq <= previous:
            raise RequestError("bad_batch", "each mutation has a device_seq, increasing")
        previous = seq


class _Push:
    """One push batch inside its transaction."""

    def __init__(self, conn: sa.Connection, dev: Device, batch_id: str, moment: datetime) -> None:
        self.conn = conn
        self.dev = dev
        self.last = dev.last_device_seq
        self.batch_id = batch_id
        self.moment = moment
        self.now = stamp(moment)

    # -- the batch loop --

    def one(self, m: dict[str, Any]) -> dict[str, Any]:
        seq = int(m["device_seq"])
        stored = self._stored(seq)
        if stored is not None:
            return stored
        if seq <= self.last:  # never happens: every seq up to last has a stored result
            return {"device_seq": seq, "status": "rejected", "reason": "seq_reused"}
        if seq > self.last + 1:
            if seq <= self.last + HOLD_WINDOW:  # the PC re-sends held ones anyway
                self._hold(seq, m)
            return {"device_seq": seq, "status": "held"}
        result = self._apply_and_record(m)
        self._drain_held()
        return result

    def _stored(self, seq: int) -> dict[str, Any] | None:
        am = s.applied_mutation
        found = self.conn.execute(
            sa.select(am.c.result).where(
                am.c.device_id == self.dev.device_id, am.c.device_seq == seq
            )
        ).scalar()
        return dict(found) if found is not None else None

    def _hold(self, seq: int, m: dict[str, Any]) -> None:
        held = s.held_mutation
        exists = self.conn.execute(
            sa.select(held.c.device_seq).where(
                held.c.device_id == self.dev.device_id, held.c.device_seq == seq
            )
        ).first()
        if exists is None:
            self.conn.execute(
                held.insert().values(
                    device_id=self.dev.device_id,
                    device_seq=seq,
                    mutation=m,
                    batch_id=self.batch_id,
                    received_at=self.now,
                )
            )

    def _drain_held(self) -> None:
        """Apply held mutations that now follow without a gap."""
        held = s.held_mutation
        while True:
            key = (held.c.device_id == self.dev.device_id, held.c.device_seq == self.last + 1)
            m = self.conn.execute(sa.select(held.c.mutation).where(*key)).scalar()
            if m is None:
                return
            self.conn.execute(held.delete().where(*key))
            self._apply_and_record(dict(m))

    def _apply_and_record(self, m: dict[str, Any]) -> dict[str, Any]:
        seq = int(m["device_seq"])
        mutation: _Mutation | None = None
        try:
            mutation = _parse(m)
        except _Rejected as exc:
            result: dict[str, Any] = {"device_seq": seq, "status": "rejected", "reason": exc.reason}
            if exc.field:
                result["field"] = exc.field
        else:
            result = self._apply(mutation)
            if mutation.resolves and result["status"] in ("applied", "merged"):
                self._resolve(mutation, result)
        held = s.held_mutation
        self.conn.execute(
            held.delete().where(held.c.device_id == self.dev.device_id, held.c.device_seq == seq)
        )
        am = s.applied_mutation
        self.conn.execute(
            am.insert().values(
                device_id=self.dev.device_id,
                device_seq=seq,
                tbl=str(m.get("tbl", ""))[:64],
                id=str(m.get("id", ""))[:64],
                op=str(m.get("op", ""))[:16],
                status=result["status"],
                result=result,
                hlc=_clamp_hlc(mutation.hlc, self.moment) if mutation else "",
                client_wall=mutation.wall if mutation else "",
                user_id=mutation.user if mutation else "",
                batch_id=self.batch_id,
                received_at=self.now,
            )
        )
        self.last = seq
        return result

    # -- one mutation --

    def _row(self, tbl: str, row_id: str) -> Any:
        rec = s.record
        return self.conn.execute(
            sa.select(rec).where(rec.c.tbl == tbl, rec.c.id == row_id).with_for_update()
        ).first()

    def _apply(self, m: _Mutation) -> dict[str, Any]:
        scopes = self.dev.scopes
        row = self._row(m.tbl, m.id)
        if (
            not in_scope(m.area, scopes)
            or (row is not None and not in_scope(row.area_code, scopes))
            or (m.new_area is not None and not in_scope(m.new_area, scopes))
        ):
            return self._result(m, "forbidden")  # the PC shows 已移出本机范围 (§4)
        if m.op == "create" and row is None:
            return self._create(m)
        if row is None:
            if m.op == "delete" and m.resolves:  # a refused create, acknowledged (§6)
                return self._result(m, "applied", version=0)
            return self._result(m, "rejected", reason="unknown_record")
        base = 0 if m.op == "create" else m.base
        if base > int(row.version):
            return self._result(m, "rejected", reason="base_version_ahead")
        if m.op == "delete":
            return self._delete(m, row)
        return self._update(m, row, base)

    def _result(self, m: _Mutation, status: str, **extra: Any) -> dict[str, Any]:
        return {"device_seq": m.seq, "status": status, **extra}

    def _create(self, m: _Mutation) -> dict[str, Any]:
        spec = s.SPECS[m.tbl]
        data = dict(spec.defaults) | m.values
        area = m.new_area or m.area
        ukey = spec.ukey(data, False)
        other = self._holder(m.tbl, ukey, m.id)
        if other is not None:
            fields = list(spec.unique)
            conflict = self._conflict(
                m,
                "duplicate",
                None,
                fields,
                {f: data.get(f) for f in fields},
                {f: other.data.get(f) for f in fields},
                area=area,
                other_id=other.id,
            )
            return self._result(
                m, "conflict", conflict_id=conflict["conflict_id"], conflict=conflict
            )
        missing = self._missing_parents(m.tbl, data)
        if missing:
            fields = sorted(missing)
            conflict = self._conflict(
                m,
                "parent_missing",
                None,
                fields,
                {f: data.get(f) for f in fields},
                {},
                area=area,
                other_id=missing[fields[0]],
            )
            return self._result(
                m, "conflict", conflict_id=conflict["conflict_id"], conflict=conflict
            )
        seq = _log(
            self.conn,
            m.tbl,
            m.id,
            1,
            area,
            "",
            "create",
            sorted([*m.values, "area_code"]),
            self.dev.device_id,
            self.moment,
        )
        self.conn.execute(
            s.record.insert().values(
                tbl=m.tbl,
                id=m.id,
                area_code=area,
                version=1,
                deleted=False,
                data=data,
                ukey=ukey,
                updated_by=self.dev.device_id,
                updated_at=self.now,
                server_seq=seq,
            )
        )
        return self._result(m, "applied", version=1)

    def _holder(self, tbl: str, ukey: str | None, row_id: str) -> Any:
        """Another live row holding the natural key ``ukey``."""
        if ukey is None:
            return None
        rec = s.record
        return self.conn.execute(
            sa.select(rec.c.id, rec.c.data).where(
                rec.c.tbl == tbl, rec.c.ukey == ukey, rec.c.id != row_id
            )
        ).first()

    def _missing_parents(self, tbl: str, values: dict[str, Any]) -> dict[str, str]:
        """The foreign keys among ``values`` naming a row that is not live here."""
        rec = s.record
        missing = {}
        for field, parent in PARENTS.get(tbl, {}).items():
            value = values.get(field)
            if not isinstance(value, str) or not value:
                continue
            found = self.conn.execute(
                sa.select(rec.c.deleted).where(rec.c.tbl == parent, rec.c.id == value)
            ).first()
            if found is None or found.deleted:
                missing[field] = value
        return missing

    def _others_fields(self, m: _Mutation, base: int) -> set[str] | None:
        """Fields other devices changed after ``base`` (None: nobody else changed the row
        since — later versions are this device's own earlier edits)."""
        log = s.change_log
        rows = self.conn.execute(
            sa.select(log.c.fields).where(
                log.c.tbl == m.tbl,
                log.c.id == m.id,
                log.c.version > base,
                log.c.op != "conflict",
                log.c.device_id != self.dev.device_id,
            )
        ).all()
        if not rows:
            return None
        return {f for (fields,) in rows for f in fields}

    def _update(self, m: _Mutation, row: Any, base: int) -> dict[str, Any]:
        spec = s.SPECS[m.tbl]
        wanted: dict[str, Any] = dict(m.values)
        if m.new_area is not None:
            wanted["area_code"] = m.new_area
        current = dict(row.data) | {"area_code": row.area_code}
        if row.deleted:
            conflict = self._conflict(
                m,
                "update_delete",
                row,
                sorted(wanted),
                wanted,
                {f: current.get(f) for f in wanted},
            )
            return self._result(
                m,
                "conflict",
                version=int(row.version),
                conflict_id=conflict["conflict_id"],
                conflict=conflict,
            )
        differing = {f for f, v in wanted.items() if current.get(f) != v}
        held: set[str] = set()
        status = "applied"
        if int(row.version) > base:
            theirs = self._others_fields(m, base)
            if theirs is not None:
                held = (differing & theirs) | (differing & spec.hard)
                status = "merged"
        kind = "field"
        missing = self._missing_parents(m.tbl, {f: wanted[f] for f in differing - held})
        if missing and not held:
            kind = "parent_missing"
        held |= set(missing)
        applied = {f: wanted[f] for f in differing - held}
        data = dict(row.data) | {f: v for f, v in applied.items() if f != "area_code"}
        ukey = spec.ukey(data, False)
        other = self._holder(m.tbl, ukey, m.id)
        if other is not None:  # the edit would take another row's natural key
            kind = "duplicate" if not held else kind
            for f in spec.unique:
                applied.pop(f, None)
                if f in differing:
                    held.add(f)
            data = dict(row.data) | {f: v for f, v in applied.items() if f != "area_code"}
            ukey = spec.ukey(data, False)
        version = int(row.version)
        if applied:
            version += 1
            area = str(applied.get("area_code", row.area_code))
            seq = _log(
                self.conn,
                m.tbl,
                m.id,
                version,
                area,
                row.area_code,
                "update",
                sorted(applied),
                self.dev.device_id,
                self.moment,
            )
            self.conn.execute(
                s.record.update()
                .where(s.record.c.tbl == m.tbl, s.record.c.id == m.id)
                .values(
                    area_code=area,
                    version=version,
                    data=data,
                    ukey=ukey,
                    updated_by=self.dev.device_id,
                    updated_at=self.now,
                    server_seq=seq,
                )
            )
        if not held:
            return self._result(m, status, version=version)
        conflict = self._conflict(
            m,
            kind,
            row,
            sorted(held),
            {f: wanted[f] for f in held},
            {f: current.get(f) for f in held},
            server_version=version,
            other_id=other.id if other is not None else next(iter(missing.values()), None),
        )
        return self._result(
            m, "conflict", version=version, conflict_id=conflict["conflict_id"], conflict=conflict
        )

    def _delete(self, m: _Mutation, row: Any) -> dict[str, Any]:
        version = int(row.version)
        if row.deleted:  # both wanted it gone: nothing to decide
            return self._result(m, "applied", version=version)
        if version > m.base and self._others_fields(m, m.base) is not None:
            conflict = self._conflict(m, "delete_update", row, [], {"deleted": True}, {})
            return self._result(
                m,
                "conflict",
                version=version,
                conflict_id=conflict["conflict_id"],
                conflict=conflict,
            )
        version += 1
        seq = _log(
            self.conn,
            m.tbl,
            m.id,
            version,
            row.area_code,
            row.area_code,
            "delete",
            [],
            self.dev.device_id,
            self.moment,
        )
        self.conn.execute(
            s.record.update()
            .where(s.record.c.tbl == m.tbl, s.record.c.id == m.id)
            .values(
                version=version,
                deleted=True,
                ukey=None,
                updated_by=self.dev.device_id,
                updated_at=self.now,
                server_seq=seq,
            )
        )
        return self._result(m, "applied", version=version)

    def _resolve(self, m: _Mutation, result: dict[str, Any]) -> None:
        """Mark the open conflict ``m.resolves`` of the same row resolved by this edit."""
        c = s.conflict
        key = (c.c.conflict_id == m.resolves, c.c.tbl == m.tbl, c.c.id == m.id)
        found = self.conn.execute(
            sa.select(c.c.area_code, c.c.fields).where(*key, c.c.status == "open")
        ).first()
        if found is None:
            return
        resolution = {
            "device_id": self.dev.device_id,
            "device_seq": m.seq,
            "user_id": m.user,
            "values": m.values,
            "version": result.get("version"),
        }
        self.conn.execute(
            c.update()
            .where(*key)
            .values(status="resolved", resolution=resolution, resolved_at=self.now)
        )
        _log(
            self.conn,
            m.tbl,
            m.id,
            int(result.get("version") or 0),
            found.area_code,
            found.area_code,
            "conflict",
            list(found.fields),
            self.dev.device_id,
            self.moment,
            conflict_id=m.resolves,
        )

    def _conflict(
        self,
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
            "device_id": self.dev.device_id,
            "device_seq": m.seq,
            "user_id": m.user,
            "created_at": self.now,
            "status": "open",
        }
        self.conn.execute(s.conflict.insert().values(conflict))
        _log(
            self.conn,
            m.tbl,
            m.id,
            version,
            area,
            area,
            "conflict",
            fields,
            self.dev.device_id,
            self.moment,
            conflict_id=conflict_id,
        )
        return conflict


def _refuse_out_of_scope(conn: sa.Connection, dev: Device, mutations: list[Any]) -> None:
    """:class:`ForbiddenError` (403, nothing written) for a batch every mutation of which
    names an area outside the device's scope and is not a replay. A mixed batch, or an edit
    of a row that moved out of the scope since (its area as the PC knew it is in scope),
    is answered per record (``forbidden``)."""
    if not mutations:
        return
    for m in mutations:
        area = m.get("area_code")
        if not isinstance(area, str) or in_scope(area, dev.scopes):
            return
    am = s.applied_mutation
    replayed = conn.execute(
        sa.select(am.c.device_seq)
        .where(
            am.c.device_id == dev.device_id,
            am.c.device_seq.in_([int(m["device_seq"]) for m in mutations]),
        )
        .limit(1)
    ).first()
    if replayed is None:
        raise ForbiddenError(
            "forbidden_scope", f"every mutation is outside the scope {','.join(dev.scopes)}"
        )


def push(
    engine: sa.Engine,
    device_id: str,
    mutations: list[dict[str, Any]],
    *,
    batch_id: str = "",
    now: datetime | None = None,
) -> dict[str, Any]:
    """Apply a batch of mutations in ONE transaction (``docs/sync-protocol.md`` §5.2).

    Returns ``{results: [{device_seq, status, version?, conflict_id?, conflict?, reason?,
    field?}], last_device_seq}``; status is applied, merged, conflict, rejected, forbidden
    or held. A replayed mutation returns its stored result and changes nothing."""
    _check_batch(mutations)
    moment = now or utcnow()
    with _write(engine) as conn:
        dev = _locked_device(conn, device_id)
        _refuse_out_of_scope(conn, dev, mutations)
        _writer_lock(conn)
        batch = _Push(conn, dev, batch_id, moment)
        results = [batch.one(m) for m in mutations]
        conn.execute(
            s.device.update()
            .where(s.device.c.device_id == device_id)
            .values(last_device_seq=batch.last, last_seen_at=stamp(moment))
        )
    return {"results": results, "last_device_seq": batch.last}


# --- pull ------------------------------------------------------------------------------


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
    ``removed`` the rows of the page that are no longer in scope, ``conflicts`` the
    conflicts recorded in scope. The page comes from one snapshot, and ``next_cursor``
    never passes a change that is not committed yet."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
        raise LimitError("page_too_large", f"limit is 1 to {MAX_PAGE}")
    if not isinstance(cursor, int) or isinstance(cursor, bool) or cursor < 0:
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
        if visible(r.tbl, r.area_code, scopes):
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
