"""Schema 8: the workflow fields of a petition (``gridapp.models.petition_flow``).

Who holds the petition now (``holder``: village, township, county or department) and where
the last 转送/交办 came from; the 延期, 不予受理, 答复 and 回访 details the lists and ledgers
show; the dates of 复查 and 复核 and their decisions; 终结; the date of the latest step (no
step may be dated before it); and the persons a 检举控告类 petition accuses (it never reaches
them). Existing rows keep their values: defaults are the dataclass defaults, and
``last_step_date`` stays NULL (the flow then starts from the registration date).
"""

from __future__ import annotations

from gridapp.store.connection import Connection

COLUMNS = (
    ("holder", "TEXT NOT NULL DEFAULT 'village'"),
    ("transferred_from", "TEXT NOT NULL DEFAULT ''"),
    ("transfer_date", "TEXT"),
    ("extended_until", "TEXT"),
    ("extension_reason", "TEXT NOT NULL DEFAULT ''"),
    ("reject_reason", "TEXT NOT NULL DEFAULT ''"),
    ("reply_text", "TEXT NOT NULL DEFAULT ''"),
    ("reply_method", "TEXT NOT NULL DEFAULT ''"),
    ("callback_date", "TEXT"),
    ("review_request_date", "TEXT"),
    ("review_answer_date", "TEXT"),
    ("review_decision", "TEXT NOT NULL DEFAULT ''"),
    ("recheck_request_date", "TEXT"),
    ("recheck_answer_date", "TEXT"),
    ("recheck_decision", "TEXT NOT NULL DEFAULT ''"),
    ("concluded_date", "TEXT"),
    ("last_step_date", "TEXT"),
    ("accused_ids", "TEXT NOT NULL DEFAULT ''"),
)


def up(conn: Connection) -> None:
    """Add the columns (in the runner's transaction); re-runnable."""
    present = {r[1] for r in conn.execute("PRAGMA table_info(petition)")}
    for name, ddl in COLUMNS:
        if name not in present:
            conn.execute(f"ALTER TABLE petition ADD COLUMN {name} {ddl}")
