"""Schema 5: indexes for the household list's filters (see store/household_list.py).

The member filters (population type, status) and the tag filter are uncorrelated
``h.id IN (SELECT household_id ...)`` sets. Without these indexes each set was a scan of the
whole ``person`` table (~270 ms at 30,000 households); with them it is a range of one
partial covering index, as small as the matches. The grid index serves sorting the list by
grid (a keyset range scan like the other sort keys). ``IF NOT EXISTS``: a database turned
back to an older version by hand (as the upgrade tests do) may still hold them.
"""

from __future__ import annotations

from gridapp.store.connection import Connection

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS person_list_type"
    " ON person(population_type, status, household_id) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS person_list_status"
    " ON person(status, household_id) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS person_tag_list"
    " ON person_tag(tag, person_id, end_date) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS household_tag_list"
    " ON household_tag(tag, household_id, end_date) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS household_list_grid"
    " ON household(grid_code, household_no) WHERE deleted = 0",
]


def up(conn: Connection) -> None:
    """Create the filter indexes (inside the migration runner's transaction)."""
    for statement in STATEMENTS:
        conn.execute(statement)
