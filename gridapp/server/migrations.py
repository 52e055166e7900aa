"""Numbered migrations of the server database, recorded in ``schema_version``.

Each step runs in its own transaction together with its ``schema_version`` row, so a step is
either wholly applied or not at all (PostgreSQL and SQLite both have transactional DDL). A
database written by a newer server is refused. Steps never drop data.

Step 1 creates the tables of :mod:`gridapp.server.schema` except those of later steps; step 2
adds ``blob``, ``device_person`` and ``audit_entry`` (attachments and audit). When a table
changes later, the change is a new step (``ALTER TABLE`` through SQLAlchemy), and step 1 keeps
creating what it created: freeze its table definitions here before editing them in ``schema``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from gridapp.server import schema as s


class NewerSchemaError(RuntimeError):
    """The database was written by a newer server."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(f"database schema {found} is newer than this server's ({known})")
        self.found = found
        self.known = known


def _v1_core(conn: sa.Connection) -> None:
    later = (s.schema_version, *s.MIGRATION_2_TABLES)
    tables = [t for t in s.metadata.sorted_tables if t not in later]
    s.metadata.create_all(conn, tables=tables)


def _v2_blobs_audit(conn: sa.Connection) -> None:
    """Attachment bytes, the persons using a device, the PCs' audit chains (§8, §9), and an
    index of attachment records by content (who may read a blob)."""
    s.metadata.create_all(conn, tables=list(s.MIGRATION_2_TABLES))
    conn.execute(sa.text(s.attachment_sha_index_sql(conn)))


MIGRATIONS: list[tuple[int, Callable[[sa.Connection], None]]] = [
    (1, _v1_core),
    (2, _v2_blobs_audit),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: sa.Connection) -> int:
    """The schema version of the database (0: empty)."""
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    found = conn.execute(sa.select(sa.func.max(s.schema_version.c.version))).scalar()
    return int(found or 0)


def migrate(engine: sa.Engine) -> list[int]:
    """Bring the database to the latest schema; returns the step numbers applied."""
    applied = []
    with engine.connect() as conn:
        conn.execution_options(**{s.WRITE_OPTION: True})
        with conn.begin():
            s.schema_version.create(conn, checkfirst=True)
        for number, step in MIGRATIONS:
            with conn.begin():
                found = current_version(conn)
                if found > LATEST:
                    raise NewerSchemaError(found, LATEST)
                if found >= number:
                    continue
                step(conn)
                conn.execute(
                    s.schema_version.insert().values(
                        version=number, applied_at=datetime.now(UTC).isoformat()
                    )
                )
                applied.append(number)
        with conn.begin():
            found = current_version(conn)
            if found > LATEST:
                raise NewerSchemaError(found, LATEST)
    return applied
