"""Schema 14: closing a month (月结, ``gridapp.store.month_close``, ``docs/month-close.md``).

- ``month_close``: every close of a village's month, with who closed it, the PC's role, and
  the snapshot of what its ledgers showed (JSON, inside the encrypted database). A reopening
  fills ``reopened_*`` and the reason; the row stays as history. At most one close per
  village and month stands (``reopened_at`` empty) — the partial unique index refuses a
  second.
- ``month_close_copy``: the PDF of each village-scope ledger as it was when the month was
  closed (the copy that was signed can be printed again exactly).

Local to this PC: nothing here is synced (the county server has no table for it yet).
Re-runnable (the upgrade tests turn ``user_version`` back by hand).
"""

from __future__ import annotations

from gridapp.store.connection import Connection

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS month_close (
        id TEXT PRIMARY KEY,
        village_code TEXT NOT NULL,
        month TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        closed_by TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL DEFAULT '',
        snapshot TEXT NOT NULL DEFAULT '{}',
        reopened_at TEXT NOT NULL DEFAULT '',
        reopened_by TEXT NOT NULL DEFAULT '',
        reopen_reason TEXT NOT NULL DEFAULT '')""",
    "CREATE UNIQUE INDEX IF NOT EXISTS month_close_standing"
    " ON month_close(village_code, month) WHERE reopened_at = ''",
    "CREATE INDEX IF NOT EXISTS month_close_month ON month_close(village_code, month, closed_at)",
    """CREATE TABLE IF NOT EXISTS month_close_copy (
        close_id TEXT NOT NULL REFERENCES month_close(id),
        kind TEXT NOT NULL,
        pages INTEGER NOT NULL DEFAULT 0,
        pdf BLOB NOT NULL,
        PRIMARY KEY (close_id, kind))""",
]


def up(conn: Connection) -> None:
    """Add the month-close tables (in the runner's transaction)."""
    for statement in STATEMENTS:
        conn.execute(statement)
