"""Schema 4: each household's head name and member count, kept on the household row.

Sorting the household list by head or by member count must not compute them for every
household on every page. These two columns are derived, local data (never in an outbox
payload): the repository's write paths keep them in step (``insert_bundles``,
``update_person``) and this migration fills them for existing rows. Their indexes end in
``household_no``, the list's keyset tiebreaker.
"""

from __future__ import annotations

from gridapp.store.connection import Connection
from gridapp.store.household_list import SUMMARY_UPDATE_SQL

COLUMNS = [
    ("head_name", "TEXT NOT NULL DEFAULT ''"),
    ("member_count", "INTEGER NOT NULL DEFAULT 0"),
]
INDEXES = [
    "CREATE INDEX IF NOT EXISTS household_list_head"
    " ON household(head_name, household_no) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS household_list_members"
    " ON household(member_count, household_no) WHERE deleted = 0",
]


def up(conn: Connection) -> None:
    """Add, fill and index the columns (inside the migration runner's transaction)."""
    # A database turned back to an older version by hand (as upgrade tests do) may have them.
    present = {r[1] for r in conn.execute("PRAGMA table_info(household)")}
    for name, kind in COLUMNS:
        if name not in present:
            conn.execute(f"ALTER TABLE household ADD COLUMN {name} {kind}")
    conn.execute(SUMMARY_UPDATE_SQL)
    for statement in INDEXES:
        conn.execute(statement)
