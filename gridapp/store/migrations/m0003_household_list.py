"""Schema 3: indexes for the household list's keyset pages (see store/household_list.py).

Each ends in ``household_no``, the list's tiebreaker, and covers only live rows, so a page
``WHERE (address, household_no) > (?, ?) ORDER BY address, household_no LIMIT ?`` is a
range scan and the position anchors are a covering-index scan. The member index serves the
head-name and member-count subqueries of every listed row. ``IF NOT EXISTS``: a database
turned back to an older version by hand (as the upgrade tests do) may still hold them.
"""

from __future__ import annotations

from gridapp.store.connection import Connection

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS household_list_address"
    " ON household(address, household_no) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS household_list_updated"
    " ON household(updated_at, household_no) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS person_household_relation"
    " ON person(household_id, deleted, relation, name)",
]


def up(conn: Connection) -> None:
    """Create the household-list indexes (inside the migration runner's transaction)."""
    for statement in STATEMENTS:
        conn.execute(statement)
