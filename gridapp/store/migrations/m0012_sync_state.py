"""Schema 12: what the sync engine keeps on the PC (``gridapp.store.sync_state``).

- ``outbox.conflict_id`` / ``outbox.reason``: the server's answer to an entry it did not take
  as sent — the conflict it recorded, or why it refused the entry (shown to the user).
- ``outbox_open_row``: the entries of one row that are not yet acknowledged, found without
  reading the whole outbox (partial: acknowledged entries, the vast majority, stay out).
- ``sync_shadow``: the server's value of a field a pull did NOT take because a local edit of
  it was pending; if the server later answers that edit with a conflict, the row takes the
  server's value (the local one lives on in the conflict), so the PC ends equal to the server.
- ``sync_tombstone``: rows the server deleted that this PC never had — remembered by version,
  so an older copy of the row can never bring it back.
- ``sync_removed``: rows the server took out of this PC's scope while local edits of them were
  pending: kept (nothing unsynced is thrown away) and shown to the user.

Local bookkeeping only: nothing here is synced. Re-runnable (the upgrade tests turn
``user_version`` back by hand).
"""

from __future__ import annotations

from gridapp.store.connection import Connection

OUTBOX_COLUMNS = (
    ("conflict_id", "TEXT NOT NULL DEFAULT ''"),
    ("reason", "TEXT NOT NULL DEFAULT ''"),
)

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS outbox_open_row ON outbox(row_id) WHERE state != 'acked'",
    """CREATE TABLE IF NOT EXISTS sync_shadow (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value,
        PRIMARY KEY (tbl, row_id, field)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS sync_tombstone (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (tbl, row_id)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS sync_removed (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        removed_at TEXT NOT NULL,
        PRIMARY KEY (tbl, row_id)) WITHOUT ROWID""",
]


def up(conn: Connection) -> None:
    """Add the outbox columns, the index and the three tables (in the runner's transaction)."""
    present = {r[1] for r in conn.execute("PRAGMA table_info(outbox)")}
    for name, ddl in OUTBOX_COLUMNS:
        if name not in present:
            conn.execute(f"ALTER TABLE outbox ADD COLUMN {name} {ddl}")
    for statement in STATEMENTS:
        conn.execute(statement)
