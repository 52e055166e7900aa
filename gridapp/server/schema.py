"""The county server's database: tables (SQLAlchemy Core), engines, and what it knows of the
synced record types.

One generic ``record`` table holds every synced table's rows — ``(tbl, id)`` with the sync
columns the contract names (``area_code``, ``version``, ``deleted``) and the data fields as
JSON — instead of a copy of the PCs' 18 table schemas. The server never queries record data
(it only validates, merges, stores and sends it), so it needs the field names and value kinds
of each table, which come from the record dataclasses of :mod:`gridapp.models` (the same
classes the PC's store writes from), plus the conflict rules of the contract (HARD fields,
append-only logs, natural keys). ``docs/server.md`` explains the choice.

The same tables run on SQLite (``sqlite:///county.db``) and PostgreSQL
(``postgresql://…``, driven by psycopg 3).
"""

from __future__ import annotations

import dataclasses
import typing
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from gridapp.models.household import Household, HouseholdEvent, HouseholdTag, Person, PersonTag
from gridapp.models.party import (
    ActivityParticipation,
    PartyActivity,
    PartyFeedback,
    PartyMember,
    PartyOrg,
    PartyReport,
    PostClaim,
    ServicePost,
)
from gridapp.models.petition import Petition, PetitionAttachment, Petitioner, PetitionProgress
from gridapp.models.places import Place

metadata = sa.MetaData()

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite: INTEGER PK = rowid
TIME = sa.Text  # UTC, ISO 8601 with milliseconds and "Z": sorts as time on every backend

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", TIME, nullable=False),
)

county = sa.Table(
    "county",
    metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
)

# The county's administrative tree as loaded by ``init --places`` (reference for scopes);
# each place also syncs to the PCs as a ``record`` of table ``place``.
place = sa.Table(
    "place",
    metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("level", sa.Text, nullable=False),
    sa.Column("parent_code", sa.Text),
    sa.Column("valid_from", sa.Text, nullable=False, server_default=""),
    sa.Column("valid_to", sa.Text, nullable=False, server_default=""),
)

device = sa.Table(
    "device",
    metadata,
    sa.Column("device_id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, server_default=""),
    sa.Column("secret_hash", sa.Text, nullable=False),  # sha256 hex of the secret
    sa.Column("scopes", JSON, nullable=False),  # list of area codes (6, 9 or 12 digits)
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("prefix", sa.Text, nullable=False, unique=True),  # 4 hex digits
    sa.Column("app_version", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", TIME, nullable=False),
    sa.Column("revoked_at", TIME),
    sa.Column("last_device_seq", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("last_seen_at", TIME),
    sa.Column("clock_offset_ms", sa.BigInteger),
)

enrolment = sa.Table(
    "enrolment",
    metadata,
    sa.Column("code_hash", sa.Text, primary_key=True),
    sa.Column("scopes", JSON, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("created_at", TIME, nullable=False),
    sa.Column("expires_at", TIME, nullable=False),
    sa.Column("used_at", TIME),
    sa.Column("device_id", sa.Text),  # the device that used it
)

record = sa.Table(
    "record",
    metadata,
    sa.Column("tbl", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("area_code", sa.Text, nullable=False),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("data", JSON, nullable=False),
    # The natural key of a live row (``TableSpec.unique``); NULL when deleted or none.
    sa.Column("ukey", sa.Text),
    sa.Column("updated_by", sa.Text, nullable=False),
    sa.Column("updated_at", TIME, nullable=False),
    sa.Column("server_seq", sa.BigInteger, nullable=False),
    sa.Index(
        "record_ukey",
        "tbl",
        "ukey",
        unique=True,
        sqlite_where=sa.text("ukey IS NOT NULL"),
        postgresql_where=sa.text("ukey IS NOT NULL"),
    ),
)

change_log = sa.Table(
    "change_log",
    metadata,
    sa.Column("server_seq", SEQ, primary_key=True, autoincrement=True),
    sa.Column("tbl", sa.Text, nullable=False),
    sa.Column("id", sa.Text, nullable=False),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("area_code", sa.Text, nullable=False),
    # The row's area before this change (a move): devices of the old area learn it left.
    sa.Column("prev_area_code", sa.Text, nullable=False, server_default=""),
    sa.Column("op", sa.Text, nullable=False),  # create | update | delete | conflict
    sa.Column("fields", JSON, nullable=False),  # names of the fields this change set
    sa.Column("device_id", sa.Text, nullable=False),
    sa.Column("conflict_id", sa.Text),
    sa.Column("committed_at", TIME, nullable=False),
    sa.Index("change_log_row", "tbl", "id", "version"),
    sqlite_autoincrement=True,
)

applied_mutation = sa.Table(
    "applied_mutation",
    metadata,
    sa.Column("device_id", sa.Text, primary_key=True),
    sa.Column("device_seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("tbl", sa.Text, nullable=False, server_default=""),
    sa.Column("id", sa.Text, nullable=False, server_default=""),
    sa.Column("op", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("result", JSON, nullable=False),
    sa.Column("hlc", sa.Text, nullable=False, server_default=""),  # clamped to server + 24 h
    sa.Column("client_wall", sa.Text, nullable=False, server_default=""),  # as claimed
    sa.Column("user_id", sa.Text, nullable=False, server_default=""),
    sa.Column("batch_id", sa.Text, nullable=False, server_default=""),
    sa.Column("received_at", TIME, nullable=False),  # the time of record
)

conflict = sa.Table(
    "conflict",
    metadata,
    sa.Column("conflict_id", sa.Text, primary_key=True),
    # field: same/HARD fields | update_delete | delete_update | duplicate (natural key taken)
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("tbl", sa.Text, nullable=False),
    sa.Column("id", sa.Text, nullable=False),
    sa.Column("area_code", sa.Text, nullable=False),
    sa.Column("fields", JSON, nullable=False),
    sa.Column("base_version", sa.BigInteger, nullable=False),
    sa.Column("server_version", sa.BigInteger, nullable=False),
    sa.Column("local_values", JSON, nullable=False),
    sa.Column("server_values", JSON, nullable=False),
    sa.Column("other_id", sa.Text),  # duplicate: the live row holding the natural key
    sa.Column("device_id", sa.Text, nullable=False),
    sa.Column("device_seq", sa.BigInteger, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", TIME, nullable=False),
    sa.Column("status", sa.Text, nullable=False, server_default="open"),
    sa.Column("resolution", JSON),
    sa.Column("resolved_at", TIME),
    sa.Index("conflict_row", "tbl", "id"),
)

held_mutation = sa.Table(
    "held_mutation",
    metadata,
    sa.Column("device_id", sa.Text, primary_key=True),
    sa.Column("device_seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("mutation", JSON, nullable=False),
    sa.Column("batch_id", sa.Text, nullable=False, server_default=""),
    sa.Column("received_at", TIME, nullable=False),
)


# --- attachments and audit (§8, §9; server migration 2) --------------------------------

# Attachment bytes, once per content (``gridapp.server.blobs``).
blob = sa.Table(
    "blob",
    metadata,
    sa.Column("sha256", sa.Text, primary_key=True),  # lower-case hex of the content
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),  # PostgreSQL bytea, SQLite BLOB
    sa.Column("device_id", sa.Text, nullable=False),  # the device that sent it first
    sa.Column("received_at", TIME, nullable=False),
)

# The persons (person record ids) who use a device: a petition accusing one of them never
# reaches it (``petition_flow.may_reach_device``). Filled by the county, not by the PCs.
device_person = sa.Table(
    "device_person",
    metadata,
    sa.Column("device_id", sa.Text, primary_key=True),
    sa.Column("person_id", sa.Text, primary_key=True),
)

# The PCs' audit chains as pushed (``gridapp.server.audit``); never updated or deleted.
audit_entry = sa.Table(
    "audit_entry",
    metadata,
    sa.Column("device_id", sa.Text, primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("hlc", sa.Text, nullable=False),
    sa.Column("client_wall", sa.Text, nullable=False),  # as claimed by the PC
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("tbl", sa.Text, nullable=False),
    sa.Column("row_id", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),  # canonical JSON (what was hashed)
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
    sa.Column("received_at", TIME, nullable=False),  # the time of record
)

MIGRATION_2_TABLES = (blob, device_person, audit_entry)


def attachment_sha_sql(conn: sa.Connection | sa.Engine) -> str:
    """The SQL expression of an attachment record's ``sha256``, as the index
    ``record_attachment_sha`` (server migration 2) holds it: a query must use this very text,
    with ``tbl = 'petition_attachment'`` as a literal, for the planner to use the index."""
    if is_postgres(conn):
        return "(record.data ->> 'sha256')"
    return "json_extract(record.data, '$.sha256')"


def attachment_sha_index_sql(conn: sa.Connection) -> str:
    column = "(data ->> 'sha256')" if is_postgres(conn) else "json_extract(data, '$.sha256')"
    return (
        f"CREATE INDEX IF NOT EXISTS record_attachment_sha ON record ({column})"
        " WHERE tbl = 'petition_attachment'"
    )


# --- engines ---------------------------------------------------------------------------

WRITE_OPTION = "gridapp_write"


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy's default driver is psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, *, schema: str | None = None) -> sa.Engine:
    """An engine for ``url``. SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE`` for
    write transactions (one writer at a time, no lock upgrade deadlocks); on PostgreSQL
    ``schema`` sets the search path (tests use a throw-away schema)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            write = conn.get_execution_options().get(WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    connect_args: dict[str, Any] = {}
    if schema:
        connect_args["options"] = f"-csearch_path={schema}"
    return sa.create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def is_postgres(conn: sa.Connection | sa.Engine) -> bool:
    return conn.dialect.name == "postgresql"


# --- the synced record types -----------------------------------------------------------

MODELS: dict[str, type] = {
    "place": Place,
    "household": Household,
    "person": Person,
    "person_tag": PersonTag,
    "household_tag": HouseholdTag,
    "household_event": HouseholdEvent,
    "party_member": PartyMember,
    "party_report": PartyReport,
    "party_org": PartyOrg,
    "service_post": ServicePost,
    "post_claim": PostClaim,
    "party_activity": PartyActivity,
    "activity_participation": ActivityParticipation,
    "party_feedback": PartyFeedback,
    "petition": Petition,
    "petition_petitioner": Petitioner,
    "petition_progress": PetitionProgress,
    "petition_attachment": PetitionAttachment,
}
SYNCED_TABLES = tuple(MODELS)

# Columns of the record table, not data fields.
ROW_COLUMNS = frozenset({"id", "version", "area_code"})

# Fields a person always decides when an edit was made against an older version (never
# merged): identity (the head of a household is ``relation`` = 户主), every petition field
# and the status fields of 报到 (members' and unit organisations').
_STATUS = frozenset({"status", "cancel_date", "cancel_reason"})
_HARD: dict[str, frozenset[str] | None] = {  # None: every field
    "person": frozenset({"id_number", "name", "relation"}),
    "petition": None,
    "petition_petitioner": None,
    "petition_attachment": None,
    "party_report": _STATUS,
    "party_org": _STATUS,
}
APPEND_ONLY = frozenset({"household_event", "petition_progress"})
# A second live row with the same values is refused as a conflict ("duplicate"): the PCs
# hold unique indexes on these (a pulled duplicate could not be written there).
_UNIQUE: dict[str, tuple[str, ...]] = {
    "place": ("code",),
    "household": ("household_no",),
    "person": ("id_number",),
    "party_member": ("id_number",),
    "petition": ("reg_no",),
    "party_feedback": ("member_id", "period"),
}


@dataclass(frozen=True)
class TableSpec:
    """What the server knows of one synced table."""

    name: str
    kinds: dict[str, str]  # data field -> text | date | bool | int | float
    optional: frozenset[str]  # fields that may be null
    defaults: dict[str, Any]  # a new row's value of each field the create left out
    hard: frozenset[str]
    append_only: bool
    unique: tuple[str, ...]

    def ukey(self, data: dict[str, Any], deleted: bool) -> str | None:
        """The natural key of a row (None: deleted, no key, or a key field empty)."""
        if deleted or not self.unique:
            return None
        values = [data.get(f) for f in self.unique]
        if any(v in (None, "") for v in values):
            return None
        return "\x1f".join(str(v) for v in values)


def _kind(hint: Any) -> tuple[str, bool]:
    args = typing.get_args(hint) or (hint,)
    optional = type(None) in args
    for candidate, name in ((date, "date"), (bool, "bool"), (int, "int"), (float, "float")):
        if candidate in args:
            return name, optional
    return "text", optional


def _default(field: dataclasses.Field[Any], kind: str, optional: bool) -> Any:
    if field.default is not dataclasses.MISSING:
        value = field.default
        return int(value) if kind == "bool" else value
    if optional:
        return None
    return {"text": "", "int": 0, "float": 0.0, "bool": 0, "date": None}[kind]


def _spec(name: str, cls: type) -> TableSpec:
    hints = typing.get_type_hints(cls)
    kinds: dict[str, str] = {}
    optional = set()
    defaults: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name in ROW_COLUMNS:
            continue
        kind, nullable = _kind(hints[field.name])
        kinds[field.name] = kind
        if nullable:
            optional.add(field.name)
        defaults[field.name] = _default(field, kind, nullable)
    hard = _HARD.get(name, frozenset())
    return TableSpec(
        name=name,
        kinds=kinds,
        optional=frozenset(optional),
        defaults=defaults,
        hard=frozenset(kinds) | {"area_code"} if hard is None else hard,
        append_only=name in APPEND_ONLY,
        unique=_UNIQUE.get(name, ()),
    )


SPECS: dict[str, TableSpec] = {name: _spec(name, cls) for name, cls in MODELS.items()}

PLACE_NAMESPACE = uuid.UUID("5f0c7f0e-6a34-4d7e-9a55-0b8f3f2f6c11")


def place_record_id(code: str) -> str:
    """The record id of a place the server loads (the same on every server and PC)."""
    return str(uuid.uuid5(PLACE_NAMESPACE, code))
