"""Schema 11: who countersigned a unit party organisation's 回执.

党组织报到 (domain notes §2.12): the community countersigns the unit's 报到单 (签署接收意见) and
returns it as a 回执. Schema 1 kept its date (``party_org.receipt_date``); the signer's name
goes beside it. Existing rows keep their values (an empty signer).
"""

from __future__ import annotations

from gridapp.store.connection import Connection

COLUMNS = (("receipt_signer", "TEXT NOT NULL DEFAULT ''"),)


def up(conn: Connection) -> None:
    """Add the column (in the runner's transaction); re-runnable."""
    present = {r[1] for r in conn.execute("PRAGMA table_info(party_org)")}
    for name, ddl in COLUMNS:
        if name not in present:
            conn.execute(f"ALTER TABLE party_org ADD COLUMN {name} {ddl}")
