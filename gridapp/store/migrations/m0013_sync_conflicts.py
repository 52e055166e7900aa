"""Schema 13: conflicts on the PC (``gridapp.store.conflicts``, ``docs/sync-conflicts.md``).

- ``sync_conflict``: every conflict of this PC's scope the server told us about — from the
  reply to our own push (contract §5.2) or from the pull feed (§6) — with both values, so a
  person can choose. ``status`` is ``open`` (nobody chose yet), ``resolving`` (a choice was
  made here and its edit waits for the server) or ``resolved`` (the server says so).
  ``resolution`` is JSON: what was chosen, by whom, on which device.
- ``outbox.resolves``: the conflict an outbox entry settles; sent as the mutation's
  ``resolves`` (contract §6). Empty for ordinary edits.

Local bookkeeping only: nothing here is synced as a row. Re-runnable (the upgrade tests turn
``user_version`` back by hand).
"""

from __future__ import annotations

from gridapp.store.connection import Connection

OUTBOX_COLUMNS = (("resolves", "TEXT NOT NULL DEFAULT ''"),)

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS sync_conflict (
        conflict_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        area_code TEXT NOT NULL DEFAULT '',
        fields TEXT NOT NULL DEFAULT '[]',
        base_version INTEGER NOT NULL DEFAULT 0,
        server_version INTEGER NOT NULL DEFAULT 0,
        local_values TEXT NOT NULL DEFAULT '{}',
        server_values TEXT NOT NULL DEFAULT '{}',
        other_id TEXT NOT NULL DEFAULT '',
        device_id TEXT NOT NULL DEFAULT '',
        device_seq INTEGER NOT NULL DEFAULT 0,
        user_id TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'resolving', 'resolved')),
        resolution TEXT NOT NULL DEFAULT '',
        resolved_at TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS sync_conflict_status ON sync_conflict(status, created_at)",
    "CREATE INDEX IF NOT EXISTS sync_conflict_row ON sync_conflict(tbl, row_id)",
]


def up(conn: Connection) -> None:
    """Add the outbox column and the conflict table (in the runner's transaction)."""
    present = {r[1] for r in conn.execute("PRAGMA table_info(outbox)")}
    for name, ddl in OUTBOX_COLUMNS:
        if name not in present:
            conn.execute(f"ALTER TABLE outbox ADD COLUMN {name} {ddl}")
    for statement in STATEMENTS:
        conn.execute(statement)
