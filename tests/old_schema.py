"""A register as an older release left it: the rows of a current store copied into a new
database migrated only up to an older schema version, to test the upgrade from it."""

from __future__ import annotations

from pathlib import Path

from gridapp.store import migrations
from gridapp.store.connection import DB_FILE, connect

TABLES = ("meta", "place", "household", "person", "outbox", "audit_log")


def old_copy(data_dir: Path, key: bytes, version: int, absent: str) -> Path:
    """The data folder of a schema-``version`` copy of the closed store in ``data_dir``
    (its key file beside it); ``absent`` is a table that version must not have yet."""
    old_dir = data_dir.parent / "old"
    old_dir.mkdir()
    conn = connect(old_dir / DB_FILE, key)
    src = connect(data_dir / DB_FILE, key)
    try:
        migrations.migrate(conn, target=version)
        for table in TABLES:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            rows = src.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            marks = ", ".join("?" for _ in cols)
            conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)
        found = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (absent,))
        assert found.fetchone()[0] == 0, f"schema {version} already has {absent}"
    finally:
        src.close()
        conn.close()
    (old_dir / "key.json").write_bytes((data_dir / "key.json").read_bytes())
    return old_dir
