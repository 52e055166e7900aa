"""County server databases for tests: a SQLite file, or PostgreSQL in a throw-away schema.

PostgreSQL is used when GRIDAPP_TEST_PG_URL is set (``.ci/run`` sets it); without it a test
that asks for one is skipped with a message.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from gridapp.server.schema import make_engine

PG_URL = os.environ.get("GRIDAPP_TEST_PG_URL", "")


def pg_engine() -> Iterator[sa.Engine]:
    """An engine on a schema of its own, dropped afterwards (skips without PostgreSQL)."""
    if not PG_URL:
        pytest.skip(
            "PostgreSQL tests need GRIDAPP_TEST_PG_URL, e.g. "
            "postgresql://postgres@127.0.0.1:5432/test"
        )
    name = f"gridapp_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    engine = make_engine(PG_URL, schema=name)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()
