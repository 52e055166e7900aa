"""The PC's side of sync in the store: outbox batches, push results, pulled pages, the cursor.

``docs/sync-protocol.md`` is the contract; ``docs/sync-client.md`` describes this module.

- :func:`outbox_batch` turns pending outbox entries into contract mutations (§5.1), in
  ``device_seq`` order, bounded in count and size.
- :func:`record_results` records the server's answers to a push (§5.2) in one transaction.
- :func:`apply_pull_page` applies one pulled page (§5.3) and moves the cursor in the SAME
  transaction, so a crash leaves either the whole page with its cursor or neither.

Local edits always win locally until the server has decided about them: a pulled page never
overwrites a field with a pending local edit. A row's ``pending`` flag stays 1 while any of
its outbox entries waits for the server (``pending``, including ``held``) or was refused
(``rejected``: the local value is the only copy of the user's edit and must stay visible);
acknowledged and conflicting entries settle it — for a conflict the server kept its value
and recorded ours, so the row takes the server's value (from the conflict in the reply,
``sync_shadow`` or the next pull) and the PC ends equal to the server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.store import conflicts as conflict_store
from gridapp.store import household_list
from gridapp.store import search_index as search
from gridapp.store.connection import DatabaseError, IntegrityError
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

# Push result statuses (contract §5.2) and the outbox state each leaves.
_ACKED = frozenset({"applied", "acked", "merged"})
# The number a live row holds alone (the local schema's partial UNIQUE indexes).
UNIQUE_COLUMNS = {
    "place": "code",
    "household": "household_no",
    "person": "id_number",
    "party_member": "id_number",
    "petition": "reg_no",
}
_STATUSES = _ACKED | {"conflict", "rejected", "forbidden", "held"}


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


# --- cursor and bookkeeping ----------------------------------------------------------------


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


# --- push ------------------------------------------------------------------------------------


def outbox_batch(
    store: Store, limit: int = MAX_BATCH, max_bytes: int = MAX_BATCH_BYTES
) -> list[dict[str, Any]]:
    """The next push batch: pending outbox entries as contract mutations (§5.1).

    In ``device_seq`` order from the oldest pending one (``held`` entries are pending and go
    again with their successors); at most ``limit`` (never over :data:`MAX_BATCH`) and about
    ``max_bytes`` of JSON (always at least one entry). Reading only: entries stay pending
    until :func:`record_results` records the server's answer, so a lost reply means the same
    entries go again — the server recognises them by ``device_seq``.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    limit = min(limit, MAX_BATCH)
    cursor = store.conn.execute(
        "SELECT device_seq, tbl, row_id, op, base_version, area_code, changes, hlc,"
        " client_wall, user_id, resolves FROM outbox WHERE state = 'pending'"
        " ORDER BY device_seq LIMIT ?",
        (limit,),
    )
    batch: list[dict[str, Any]] = []
    size = 0
    for seq, tbl, row_id, op, base, area, changes, hlc, wall, user, resolves in cursor:
        size += len(changes.encode("utf-8")) + 300  # the payload and the fixed keys
        if batch and size > max_bytes:
            break
        mutation: dict[str, Any] = {
            "device_seq": int(seq),
            "tbl": tbl,
            "id": row_id,
            "op": op,
            "base_version": int(base),
            "area_code": area,
            "changes": json.loads(changes),
            "hlc": hlc,
            "client_wall": wall,
            "user_id": user,
        }
        if resolves:  # a person's choice for a conflict (contract §6)
            mutation["resolves"] = resolves
        batch.append(mutation)
    return batch


@dataclass
class ResultSummary:
    """What :func:`record_results` did: counts by outbox state, and answers with no entry."""

    acked: int = 0
    conflict: int = 0
    rejected: int = 0
    held: int = 0
    unknown: list[int] = field(default_factory=list)


def _check_results(results: Sequence[Mapping[str, Any]]) -> None:
    for result in results:
        if not isinstance(result, Mapping):
            raise SyncDataError(detail=f"push result {result!r}")
        seq = result.get("device_seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise SyncDataError(detail=f"push result without device_seq: {dict(result)!r}")
        if result.get("status") not in _STATUSES:
            raise SyncDataError(detail=f"push result status {result.get('status')!r}")
        version = result.get("version")
        if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
            raise SyncDataError(detail=f"push result version {version!r}")
        conflict = result.get("conflict")
        if conflict is not None:
            if not isinstance(conflict, Mapping):
                raise SyncDataError(detail=f"push result conflict {conflict!r}")
            values = conflict.get("server_values")
            if not isinstance(values, Mapping | None) or not all(
                _scalar(v) for v in (values or {}).values()
            ):
                raise SyncDataError(detail=f"push result conflict {conflict!r}")


def record_results(store: Store, results: Sequence[Mapping[str, Any]]) -> ResultSummary:
    """Record the server's answers to a push (contract §5.2) in ONE transaction.

    ``applied``/``merged`` -> acked; ``conflict`` -> kept as 'conflict' with its conflict id,
    and the row takes the server's value of the fields it kept (:func:`_take_server_side`);
    ``rejected``/``forbidden`` -> kept as 'rejected' with the reason (shown to the user, never
    sent again); ``held`` -> stays pending (sent again with its successors). An ``applied``
    answer with a version moves the local row to that version and rebases the row's later
    pending entries on it (they were made on top of this edit). Then every row concerned
    settles: see the module docstring. A malformed answer raises :class:`SyncDataError` and
    records nothing. Answers are idempotent: a replayed reply changes nothing more.
    """
    _check_results(results)
    summary = ResultSummary()
    conn = store.conn
    touched: set[tuple[str, str]] = set()
    with _sync_transaction(store):
        for result in results:
            seq = int(result["device_seq"])
            entry = conn.execute(
                "SELECT tbl, row_id, op, base_version, changes, resolves FROM outbox"
                " WHERE device_seq = ?",
                (seq,),
            ).fetchone()
            if entry is None:
                summary.unknown.append(seq)
                continue
            tbl, row_id, op, base, changes, resolves = entry
            status = str(result["status"])
            touched.add((tbl, row_id))
            if resolves:  # the answer to a person's choice settles (or reopens) the conflict
                conflict_store.settle_entry(store, resolves, status)
            if status in _ACKED:
                conn.execute("UPDATE outbox SET state = 'acked' WHERE device_seq = ?", (seq,))
                version = result.get("version")
                if status != "merged" and isinstance(version, int):
                    _rebase(store, tbl, row_id, seq, int(base), version)
                summary.acked += 1
            elif status == "conflict":
                conn.execute(
                    "UPDATE outbox SET state = 'conflict', conflict_id = ? WHERE device_seq = ?",
                    (str(result.get("conflict_id") or ""), seq),
                )
                conflict = result.get("conflict")
                if conflict_store.check(conflict) is None:  # kept for a person to choose
                    assert conflict is not None
                    conflict_store.save(store, conflict)
                _take_server_side(store, tbl, row_id, op, json.loads(changes), conflict)
                summary.conflict += 1
            elif status in ("rejected", "forbidden"):
                reason = str(result.get("reason") or "")
                if status == "forbidden" and not reason:
                    reason = REASON_OUT_OF_SCOPE
                conn.execute(
                    "UPDATE outbox SET state = 'rejected', reason = ? WHERE device_seq = ?",
                    (reason, seq),
                )
                summary.rejected += 1
            else:  # held: a gap before it; it goes again with its successors
                summary.held += 1
        for tbl, row_id in sorted(touched):
            _settle(store, tbl, row_id)
    return summary


def _rebase(store: Store, tbl: str, row_id: str, seq: int, base: int, version: int) -> None:
    """An entry applied at exactly its base: the row is now at ``version`` on the server."""
    if tbl not in SYNCED_TABLES:
        return
    conn = store.conn
    # Table names come from SYNCED_TABLES (checked above), never from the server as such.
    conn.execute(
        f"UPDATE {tbl} SET version = ? WHERE id = ? AND version = ?", (version, row_id, base)
    )
    conn.execute(
        "UPDATE outbox SET base_version = ? WHERE row_id = ? AND tbl = ? AND device_seq > ?"
        " AND state = 'pending' AND base_version = ?",
        (version, row_id, tbl, seq, base),
    )


def _open_states(store: Store, tbl: str, row_id: str) -> list[tuple[str, str, str]]:
    """(state, op, changes) of the row's entries that are not acknowledged, oldest first."""
    rows = store.conn.execute(
        "SELECT state, op, changes FROM outbox WHERE row_id = ? AND state != 'acked'"
        " AND tbl = ? ORDER BY device_seq",
        (row_id, tbl),
    ).fetchall()
    return [(str(s), str(o), str(c)) for s, o, c in rows]


def _take_server_side(
    store: Store, tbl: str, row_id: str, op: str, changes: Any, conflict: Mapping[str, Any] | None
) -> None:
    """A conflict: the row takes the server's value of the fields the server kept.

    Those values come from the conflict the reply carries (``server_values``; kind
    ``duplicate`` on a create: the server never wrote the row, so here it becomes a
    tombstone — its values live on in the outbox entry and the conflict), else from
    ``sync_shadow`` (a pull seen while the edit was pending: a field whose server value
    differs from the value our edit started from). Fields the server did not change took
    our value; fields a later local edit still waits with keep the local value.
    """
    if tbl not in SYNCED_TABLES:
        return
    conn = store.conn
    shadow = dict(
        conn.execute(
            "SELECT field, value FROM sync_shadow WHERE tbl = ? AND row_id = ?", (tbl, row_id)
        ).fetchall()
    )
    restore: dict[str, Any] = {}
    if op == "delete":
        if "deleted" in shadow:
            restore["deleted"] = shadow["deleted"]
    else:
        for name, change in changes.items():
            # A create has no old value: two PCs made the same row; the server's stays.
            if name in shadow and (op == "create" or shadow[name] != change.get("old")):
                restore[name] = shadow[name]
    if conflict is not None:
        kind = conflict.get("kind")
        if kind in ("duplicate", "parent_missing") and op == "create":
            restore["deleted"] = 1
        else:
            allowed = {*_columns(store, tbl)[0], "area_code"}
            values = conflict.get("server_values") or {}
            restore.update({k: v for k, v in values.items() if k in allowed})
            if kind == "update_delete":
                restore["deleted"] = 1
            elif kind == "delete_update":
                restore["deleted"] = 0
    for name in _pending_fields(store, tbl, row_id):
        restore.pop(name, None)
    if not restore:
        return
    _yield_number(store, tbl, row_id, restore)
    sets = ", ".join(f"{name} = ?" for name in restore)  # names: checked columns only
    old_households: set[str] = set()
    if tbl == "person":
        found = conn.execute("SELECT household_id FROM person WHERE id = ?", (row_id,)).fetchone()
        if found is not None and found[0]:
            old_households.add(str(found[0]))
    conn.execute(f"UPDATE {tbl} SET {sets} WHERE id = ?", [*restore.values(), row_id])
    conn.executemany(
        "DELETE FROM sync_shadow WHERE tbl = ? AND row_id = ? AND field = ?",
        [(tbl, row_id, name) for name in restore],
    )
    _derived_after(store, {tbl: {row_id}}, {"household": old_households})


def _yield_number(store: Store, tbl: str, row_id: str, restore: dict[str, Any]) -> None:
    """The row takes back the server's live values, number included: another local row that
    holds that number only through an edit still waiting for the server gives it up now.

    The server holds the number on this row, so it will refuse that edit (a ``duplicate``
    conflict) and keep its values in the conflict: a waiting create becomes a local
    tombstone (as the refused create will), a waiting change of the number goes back to
    the number it had. Nothing typed is lost: the outbox entry still carries it.
    """
    column = UNIQUE_COLUMNS.get(tbl)
    if column is None:
        return
    conn = store.conn
    found = conn.execute(f"SELECT {column}, deleted FROM {tbl} WHERE id = ?", (row_id,)).fetchone()
    if found is None:
        return
    number = restore.get(column, found[0])
    if restore.get("deleted", found[1]) or number is None or number == "":
        return  # the row stays deleted, or holds no number
    holders = conn.execute(
        f"SELECT id FROM {tbl} WHERE {column} = ? AND deleted = 0 AND id != ?", (number, row_id)
    ).fetchall()
    for (other,) in holders:
        waiting = _open_states(store, tbl, str(other))
        if any(op == "create" for _state, op, _c in waiting):
            conn.execute(f"UPDATE {tbl} SET deleted = 1 WHERE id = ?", (other,))
            _derived_after(store, {tbl: {str(other)}}, {})
            continue
        for _state, op, changes in reversed(waiting):
            change = json.loads(changes).get(column) if op == "update" else None
            if isinstance(change, dict) and change.get("new") == number:
                conn.execute(
                    f"UPDATE {tbl} SET {column} = ? WHERE id = ?", (change.get("old"), other)
                )
                _derived_after(store, {tbl: {str(other)}}, {})
                break


def _settle(store: Store, tbl: str, row_id: str) -> None:
    """Clear the row's pending flag once the server has decided about all its edits."""
    if tbl not in SYNCED_TABLES:
        return
    conn = store.conn
    if any(
        state in ("pending", "sent", "rejected")
        for state, _op, _c in _open_states(store, tbl, row_id)
    ):
        return
    conn.execute(f"UPDATE {tbl} SET pending = 0 WHERE id = ?", (row_id,))
    conn.execute("DELETE FROM sync_shadow WHERE tbl = ? AND row_id = ?", (tbl, row_id))
    if conn.execute(
        "SELECT 1 FROM sync_removed WHERE tbl = ? AND row_id = ?", (tbl, row_id)
    ).fetchone():
        households: set[str] = set()
        _remove_row(store, tbl, row_id, households)
        conn.execute("DELETE FROM sync_removed WHERE tbl = ? AND row_id = ?", (tbl, row_id))
        _derived_after(store, {}, {"household": households})


# --- pull ------------------------------------------------------------------------------------


@dataclass
class PullSummary:
    """What :func:`apply_pull_page` did with one page."""

    written: int = 0  # rows inserted, updated or tombstoned
    skipped: int = 0  # already at that version or newer
    merged_pending: int = 0  # rows with pending local edits: the rest taken from the server
    removed: int = 0  # rows deleted because they left this PC's scope
    kept_removed: int = 0  # rows that left the scope but hold unsynced edits: kept, marked
    conflicts: int = 0  # conflicts recorded or settled (kept in sync_conflict)
    cursor: int = 0
    has_more: bool = False


@dataclass(frozen=True)
class _Change:
    tbl: str
    id: str
    version: int
    deleted: int
    area_code: str
    data: dict[str, Any]


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


def _parse_page(
    store: Store, page: Mapping[str, Any]
) -> tuple[list[_Change], list[tuple[str, str]], int, bool]:
    """Check a whole page before anything is written; raise :class:`SyncDataError`."""
    if not isinstance(page, Mapping):
        raise SyncDataError(detail="page is not an object")
    raw_changes = page.get("changes", [])
    raw_removed = page.get("removed", [])
    cursor = page.get("next_cursor")
    if not isinstance(raw_changes, list) or not isinstance(raw_removed, list):
        raise SyncDataError(detail="changes and removed must be lists")
    if not isinstance(cursor, int) or isinstance(cursor, bool) or cursor < 0:
        raise SyncDataError(detail=f"next_cursor {cursor!r}")
    known: dict[str, set[str]] = {}
    changes: list[_Change] = []
    for raw in raw_changes:
        if not isinstance(raw, Mapping):
            raise SyncDataError(detail=f"change {raw!r}")
        tbl = raw.get("tbl")
        if tbl not in SYNCED_TABLES:
            raise SyncDataError(detail=f"unknown table {tbl!r}")
        row_id, version, deleted = raw.get("id"), raw.get("version"), raw.get("deleted", False)
        area, data = raw.get("area_code", ""), raw.get("data", {})
        if not isinstance(row_id, str) or not row_id:
            raise SyncDataError(detail=f"{tbl}: id {row_id!r}")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise SyncDataError(detail=f"{tbl} {row_id}: version {version!r}")
        if deleted not in (True, False, 0, 1) or not isinstance(area, str):
            raise SyncDataError(detail=f"{tbl} {row_id}: deleted or area_code")
        if not isinstance(data, Mapping):
            raise SyncDataError(detail=f"{tbl} {row_id}: data {data!r}")
        if tbl not in known:
            known[tbl] = set(_columns(store, tbl)[0])
        fields = known[tbl]
        values: dict[str, Any] = {}
        for name, value in data.items():
            kind = type(value)
            if name in fields and (kind is str or kind is int or kind is float or value is None):
                values[name] = value  # the common case, checked without the calls below
                continue
            if name in ("id", "area_code"):
                if value != {"id": row_id, "area_code": area}[name]:
                    raise SyncDataError(detail=f"{tbl} {row_id}: {name} differs inside data")
                continue
            if name not in known[tbl]:
                raise SyncDataError(detail=f"{tbl} {row_id}: unknown field {name!r}")
            if not _scalar(value):
                raise SyncDataError(detail=f"{tbl} {row_id}: {name} = {value!r}")
            values[name] = int(value) if isinstance(value, bool) else value
        changes.append(_Change(str(tbl), row_id, version, int(deleted), area, values))
    removed: list[tuple[str, str]] = []
    for raw in raw_removed:
        if not isinstance(raw, Mapping) or raw.get("tbl") not in SYNCED_TABLES:
            raise SyncDataError(detail=f"removed {raw!r}")
        if not isinstance(raw.get("id"), str) or not raw["id"]:
            raise SyncDataError(detail=f"removed {raw!r}")
        removed.append((str(raw["tbl"]), str(raw["id"])))
    return changes, removed, cursor, bool(page.get("has_more", False))


def apply_pull_page(store: Store, page: Mapping[str, Any]) -> PullSummary:
    """Apply one pulled page (contract §5.3) and its cursor in ONE local transaction.

    The whole page is checked first: an unknown table or field, a bad version or value
    raises :class:`SyncDataError` and nothing changes. Then, for each change: skipped if the
    row here is at that version or newer (or was deleted at it); merged if the row has
    pending local edits (their fields keep the local value, everything else is the
    server's, the row takes the server's version); otherwise written as sent (insert,
    update or tombstone). Rows in ``removed`` are deleted unless they hold unsynced edits —
    those are kept and listed in ``sync_removed``. The household summary and the search
    index of every row touched are recomputed; ``pull_cursor`` becomes ``next_cursor`` (never
    moving backwards) before the commit.
    """
    changes, removed, cursor, has_more = _parse_page(store, page)
    summary = PullSummary(has_more=has_more)
    touched: dict[str, set[str]] = {}
    old_households: set[str] = set()
    columns: dict[str, tuple[list[str], dict[str, Any]]] = {}
    with _sync_transaction(store):
        for change in changes:
            if change.tbl not in columns:
                columns[change.tbl] = _columns(store, change.tbl)
        known = _known_rows(store, changes, columns)
        for change in changes:
            outcome = _apply_change(
                store, change, columns[change.tbl], old_households, known.get(change.tbl)
            )
            if outcome == "skipped":
                summary.skipped += 1
                continue
            if outcome == "merged":
                summary.merged_pending += 1
            else:
                summary.written += 1
            touched.setdefault(change.tbl, set()).add(change.id)
        for tbl, row_id in sorted(removed, key=lambda r: _REMOVE_ORDER[r[0]]):
            outcome = _remove(store, tbl, row_id, old_households)
            if outcome == "removed":
                summary.removed += 1
            elif outcome == "kept":
                summary.kept_removed += 1
        _derived_after(store, touched, {"household": old_households})
        raw_conflicts = page.get("conflicts")
        for raw in raw_conflicts if isinstance(raw_conflicts, list) else []:
            # A conflict this program cannot read is left out: it holds no row data, and
            # refusing the page for it would stop every later change from arriving.
            if conflict_store.check(raw) is None:
                conflict_store.save(store, raw)
                summary.conflicts += 1
        summary.cursor = max(cursor, pull_cursor(store))
        store.set_meta(META_PULL_CURSOR, str(summary.cursor))
    return summary


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


@dataclass
class _Known:
    """What a page's rows of one table are here, read once per page (not once per row)."""

    rows: dict[str, tuple[Any, ...]]  # id -> (version, pending, area_code, deleted, data…)
    tombstones: dict[str, int]  # id -> version of a row deleted before this PC had it


def _known_rows(
    store: Store, changes: Sequence[_Change], columns: Mapping[str, tuple[list[str], Any]]
) -> dict[str, _Known]:
    """The local rows and tombstones of a page's changes, by table (a page names each row
    once, so what is read here stays true while the page is applied)."""
    ids: dict[str, list[str]] = {}
    for change in changes:
        ids.setdefault(change.tbl, []).append(change.id)
    known: dict[str, _Known] = {}
    for tbl, row_ids in ids.items():
        # Table and column names come from SYNCED_TABLES and PRAGMA table_info only.
        cols = ", ".join(["area_code", "deleted", *columns[tbl][0]])
        entry = known[tbl] = _Known({}, {})
        for start in range(0, len(row_ids), _KNOWN_CHUNK):
            chunk = json.dumps(row_ids[start : start + _KNOWN_CHUNK])
            for row in store.conn.execute(
                f"SELECT id, version, pending, {cols} FROM {tbl} WHERE id {_IN_JSON}", (chunk,)
            ):
                entry.rows[str(row[0])] = tuple(row[1:])
            for row_id, version in store.conn.execute(
                f"SELECT row_id, version FROM sync_tombstone WHERE tbl = ? AND row_id {_IN_JSON}",
                (tbl, chunk),
            ):
                entry.tombstones[str(row_id)] = int(version)
    return known


def _apply_change(
    store: Store,
    change: _Change,
    columns: tuple[list[str], dict[str, Any]],
    old_households: set[str],
    known: _Known | None = None,
) -> str:
    conn, tbl = store.conn, change.tbl
    data_cols, fill = columns
    # Table and column names below come from SYNCED_TABLES and PRAGMA table_info only.
    cols = ["area_code", "deleted", *data_cols]
    if known is not None:
        local_row = known.rows.get(change.id)
    else:
        local_row = conn.execute(
            f"SELECT version, pending, {', '.join(cols)} FROM {tbl} WHERE id = ?", (change.id,)
        ).fetchone()
    incoming = {"area_code": change.area_code, "deleted": change.deleted, **change.data}
    now = datetime.now().isoformat(timespec="seconds")
    if local_row is None:
        if known is not None:
            stone = known.tombstones.get(change.id)
            gone = None if stone is None else (stone,)
        else:
            gone = conn.execute(
                "SELECT version FROM sync_tombstone WHERE tbl = ? AND row_id = ?",
                (tbl, change.id),
            ).fetchone()
        if gone is not None and int(gone[0]) >= change.version:
            return "skipped"
        if change.deleted:
            # A row deleted before this PC ever had it: remember the version, store nothing.
            conn.execute(
                "INSERT INTO sync_tombstone (tbl, row_id, version) VALUES (?, ?, ?)"
                " ON CONFLICT (tbl, row_id) DO UPDATE SET version = excluded.version",
                (tbl, change.id, change.version),
            )
            return "written"
        if gone is not None:
            conn.execute(
                "DELETE FROM sync_tombstone WHERE tbl = ? AND row_id = ?", (tbl, change.id)
            )
        row = {**fill, **incoming, "id": change.id, "version": change.version}
        row.update({"pending": 0, "created_at": now, "updated_at": now})
        names = list(row)
        _execute_row(
            store,
            change,
            f"INSERT INTO {tbl} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [row[n] for n in names],
        )
        return "written"
    version, pending = int(local_row[0]), int(local_row[1])
    local = dict(zip(cols, local_row[2:], strict=True))
    if version >= change.version:
        return "skipped"
    if tbl == "person" and local.get("household_id"):
        old_households.add(str(local["household_id"]))
    kept = _pending_fields(store, tbl, change.id) if pending else set()
    for name in kept & incoming.keys():
        if incoming[name] == local.get(name):
            conn.execute(
                "DELETE FROM sync_shadow WHERE tbl = ? AND row_id = ? AND field = ?",
                (tbl, change.id, name),
            )
        else:
            conn.execute(
                "INSERT INTO sync_shadow (tbl, row_id, field, value) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (tbl, row_id, field) DO UPDATE SET value = excluded.value",
                (tbl, change.id, name, incoming[name]),
            )
    values = {k: v for k, v in incoming.items() if k not in kept}
    values.update({"version": change.version, "updated_at": now})
    sets = ", ".join(f"{name} = ?" for name in values)
    _execute_row(
        store, change, f"UPDATE {tbl} SET {sets} WHERE id = ?", [*values.values(), change.id]
    )
    return "merged" if pending else "written"


def _execute_row(store: Store, change: _Change, sql: str, params: list[Any]) -> None:
    try:
        store.conn.execute(sql, params)
    except IntegrityError as exc:
        if "UNIQUE" not in str(exc):  # a CHECK or NOT NULL the server's row does not meet
            raise SyncDataError(detail=f"{change.tbl} {change.id}: {exc}") from exc
        raise SyncConflictingRowError(table=change.tbl, id=change.id, detail=str(exc)) from exc
    except DatabaseError as exc:
        raise SyncDataError(detail=f"{change.tbl} {change.id}: {exc}") from exc


def _remove(store: Store, tbl: str, row_id: str, old_households: set[str]) -> str:
    """A row left this PC's scope: delete it, or keep and mark it if it holds local edits."""
    conn = store.conn
    row = conn.execute(f"SELECT pending FROM {tbl} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        return "absent"
    if int(row[0]):
        conn.execute(
            "INSERT INTO sync_removed (tbl, row_id, removed_at) VALUES (?, ?, ?)"
            " ON CONFLICT (tbl, row_id) DO NOTHING",
            (tbl, row_id, datetime.now().isoformat(timespec="seconds")),
        )
        return "kept"
    _remove_row(store, tbl, row_id, old_households)
    return "removed"


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
