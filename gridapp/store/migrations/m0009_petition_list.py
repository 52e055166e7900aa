"""Schema 9: indexes for the petition list (store/petition_list.py).

The list is read newest first by keyset pages over ``(reg_date, reg_no)``, or by the due date
(限办日期) for "what is due next"; both are partial indexes over live rows, so 100,000
petitions page as cheaply as a hundred. ``IF NOT EXISTS``: a database turned back to an older
version by hand (as the upgrade tests do) may still hold them.
"""

from __future__ import annotations

from gridapp.store.connection import Connection

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS petition_list ON petition(reg_date, reg_no) WHERE deleted = 0",
    # The list sorts by coalesce(due_date, ''): an index on that very expression serves it.
    "CREATE INDEX IF NOT EXISTS petition_list_due"
    " ON petition(coalesce(due_date, ''), reg_no) WHERE deleted = 0",
]


def up(conn: Connection) -> None:
    """Create the list indexes (inside the migration runner's transaction)."""
    for statement in STATEMENTS:
        conn.execute(statement)
