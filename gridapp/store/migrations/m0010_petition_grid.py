"""Schema 10: the petition list filtered by grid or village reads an index.

``petition(grid_code, reg_date, reg_no) WHERE deleted = 0``: a grid is one range of it, a
village (every grid whose code starts with the village's) a range too, and within a grid the
rows come in the list's default order (newest first). Without it the filter walked the whole
list (90-205 ms at 100,000 petitions; docs/petition-list.md).
"""

from __future__ import annotations

from gridapp.store.connection import Connection

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS petition_list_grid"
    " ON petition(grid_code, reg_date, reg_no) WHERE deleted = 0",
]


def up(conn: Connection) -> None:
    """Create the index (inside the migration runner's transaction)."""
    for statement in STATEMENTS:
        conn.execute(statement)
