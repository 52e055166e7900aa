"""What both directions of sync do on the PC: the constants, errors and bookkeeping (cursor,
last sync, pending count, settled entries), the sync transaction, and the row helpers that
push results and pulled pages share (columns, pending fields, removing a row, recomputing
derived columns and the search index). See :mod:`gridapp.store.sync_state`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.store import household_list
from gridapp.store import search_index as search
from gridapp.store.db import Store
from gridapp.store.errors import StoreError
from gridapp.store.home import META_LAST_SYNC
from gridapp.store.migrations.m0001_core import SYNCED_TABLES

META_PULL_CURSOR = "pull_cursor"

MAX_BATCH = 200  # mutations per push (contract §5, §7)

MAX_BATCH_BYTES = 1_500_000  # a push body stays well under the server's 2 MiB

REASON_OUT_OF_SCOPE = "已移出本机范围"  # contract §4: what a ``forbidden`` entry shows

# Columns every synced row has that travel outside ``data`` (top level of a change).
_SYNC_KEYS = ("id", "area_code", "version", "deleted")

# Local columns: never synced, never in a pulled row.
_LOCAL = frozenset({"pending", "updated_hlc", "created_at", "updated_at"})

# Derived columns each side recomputes (household summary; person_tag's household by trigger).
DERIVED: Mapping[str, frozenset[str]] = {
    "household": frozenset(household_list.DERIVED_COLUMNS),
    "person_tag": frozenset({"household_id"}),
}

# Children before parents, for removing rows (SYNCED_TABLES lists parents first).
_REMOVE_ORDER = {table: n for n, table in enumerate(reversed(SYNCED_TABLES))}

# The number a live row holds alone (the local schema's partial UNIQUE indexes).
UNIQUE_COLUMNS = {
    "place": "code",
    "household": "household_no",
    "person": "id_number",
    "party_member": "id_number",
    "petition": "reg_no",
}


class SyncDataError(StoreError):
    """The server sent something this program cannot apply; nothing of it was applied."""

    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The server sent data this program does not understand ({detail}). "
        "Nothing of it was applied; the sync stopped and will try again later.",
    )


class SyncConflictingRowError(StoreError):
    """A pulled row collides with a different local row on a unique number."""

    message = QT_TRANSLATE_NOOP(
        "Messages",
        "A record from the server ({table} {id}) has the same number as another record on "
        "this PC ({detail}). Nothing of this page was applied; the sync stopped.",
    )


def pull_cursor(store: Store) -> int:
    """The ``server_seq`` the next pull starts after (0: never pulled)."""
    value = store.meta(META_PULL_CURSOR)
    return int(value) if value else 0


def last_sync(store: Store) -> str | None:
    """ISO time of the last complete sync round (what the status bar shows), or None."""
    return store.meta(META_LAST_SYNC)


def mark_synced(store: Store, when: datetime | None = None) -> str:
    """Record that a sync round finished (push and pull both done); returns the time written."""
    stamp = (when or datetime.now()).isoformat(timespec="seconds")
    with store.transaction():
        store.set_meta(META_LAST_SYNC, stamp)
    return stamp


def pending_count(store: Store) -> int:
    """Outbox entries still to be sent (including ``held`` ones)."""
    return int(
        store.conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
    )


def settled_entries(store: Store, state: str) -> list[dict[str, Any]]:
    """Outbox entries in ``state`` ('rejected' or 'conflict'), oldest first, for the user."""
    if state not in ("rejected", "conflict"):
        raise ValueError(state)
    rows = store.query(
        "SELECT device_seq, tbl, row_id, op, base_version, changes, area_code, hlc,"
        " client_wall, user_id, state, conflict_id, reason FROM outbox"
        " WHERE state = ? ORDER BY device_seq",
        (state,),
    )
    for row in rows:
        row["changes"] = json.loads(row["changes"])
    return rows


def removed_but_kept(store: Store) -> list[dict[str, Any]]:
    """Rows the server took out of this PC's scope while local edits of them were pending."""
    return store.query("SELECT tbl, row_id, removed_at FROM sync_removed ORDER BY removed_at")


@contextmanager
def _sync_transaction(store: Store) -> Iterator[None]:
    """One transaction with foreign keys off: the server is the arbiter of references.

    A row in scope may name one outside it (a petitioner living in another village), a
    child may arrive before its parent, a row leaving the scope may leave a child behind;
    none of these must block a page or a push reply. The pragma cannot be
    changed inside a transaction, so it is switched around it and always switched back.
    """
    conn = store.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _open_states(store: Store, tbl: str, row_id: str) -> list[tuple[str, str, str]]:
    """(state, op, changes) of the row's entries that are not acknowledged, oldest first."""
    rows = store.conn.execute(
        "SELECT state, op, changes FROM outbox WHERE row_id = ? AND state != 'acked'"
        " AND tbl = ? ORDER BY device_seq",
        (row_id, tbl),
    ).fetchall()
    return [(str(s), str(o), str(c)) for s, o, c in rows]


def _columns(store: Store, table: str) -> tuple[list[str], dict[str, Any]]:
    """(synced data columns, fill value for NOT NULL columns without default) of ``table``."""
    data, fill = [], {}
    for _cid, name, _type, notnull, default, _pk in store.conn.execute(
        f"PRAGMA table_info({table})"  # our own table names (SYNCED_TABLES)
    ):
        if name in _SYNC_KEYS or name in _LOCAL or name in DERIVED.get(table, ()):
            continue
        data.append(name)
        if notnull and default is None:
            fill[name] = ""
    return data, fill


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float)


def _pending_fields(store: Store, tbl: str, row_id: str) -> set[str]:
    """Fields whose local value the server has not taken yet (pending or refused edits)."""
    fields: set[str] = set()
    for state, op, changes in _open_states(store, tbl, row_id):
        if state not in ("pending", "sent", "rejected"):
            continue
        if op == "delete":
            fields.add("deleted")
        else:
            fields.update(json.loads(changes))
    return fields


_IN_JSON = "IN (SELECT value FROM json_each(?))"

_KNOWN_CHUNK = 500


def _remove_row(store: Store, tbl: str, row_id: str, old_households: set[str]) -> None:
    """Delete a row for good, with its search entries; note the household to recount."""
    conn = store.conn
    if tbl == "person":
        found = conn.execute(
            "SELECT rowid, household_id FROM person WHERE id = ?", (row_id,)
        ).fetchone()
        if found is not None:
            conn.execute("DELETE FROM search_name WHERE rowid = ?", (found[0],))
            conn.execute("DELETE FROM search_key WHERE rowid = ?", (found[0],))
            if found[1]:
                old_households.add(str(found[1]))
            # The person's tags (kept by triggers only on insert/update) lose the household.
            conn.execute("UPDATE person_tag SET household_id = '' WHERE person_id = ?", (row_id,))
    elif tbl == "household":
        found = conn.execute("SELECT rowid FROM household WHERE id = ?", (row_id,)).fetchone()
        if found is not None:
            conn.execute("DELETE FROM search_address WHERE rowid = ?", (found[0],))
    conn.execute(f"DELETE FROM {tbl} WHERE id = ?", (row_id,))
    conn.execute("DELETE FROM sync_shadow WHERE tbl = ? AND row_id = ?", (tbl, row_id))


def _derived_after(
    store: Store, touched: Mapping[str, set[str]], extra: Mapping[str, set[str]]
) -> None:
    """Recompute the household summary and search index of the rows touched."""
    conn = store.conn
    households = set(touched.get("household", ())) | set(extra.get("household", ()))
    # Read and index a page's rows together: one query per 500 rows, not several per row.
    person_ids = sorted(touched.get("person", ()))
    for start in range(0, len(person_ids), _KNOWN_CHUNK):
        chunk = json.dumps(person_ids[start : start + _KNOWN_CHUNK])
        live = []
        for row_id, name, number, phone, deleted, household_id in conn.execute(
            f"SELECT id, name, id_number, phone, deleted, household_id FROM person"
            f" WHERE id {_IN_JSON}",
            (chunk,),
        ):
            if deleted:
                search.reindex_person(conn, row_id)  # leaves the index
            else:
                live.append({"id": row_id, "name": name, "id_number": number, "phone": phone})
            if household_id:
                households.add(str(household_id))
        search.index_persons(conn, live)
    household_ids = sorted(touched.get("household", ()))
    for start in range(0, len(household_ids), _KNOWN_CHUNK):
        chunk = json.dumps(household_ids[start : start + _KNOWN_CHUNK])
        live = []
        for row_id, address, deleted in conn.execute(
            f"SELECT id, address, deleted FROM household WHERE id {_IN_JSON}", (chunk,)
        ):
            if deleted:
                search.reindex_household(conn, row_id)
            else:
                live.append({"id": row_id, "address": address})
        search.index_households(conn, live)
    conn.executemany(
        household_list.SUMMARY_UPDATE_SQL + " WHERE h.id = ?", [(h,) for h in sorted(households)]
    )
