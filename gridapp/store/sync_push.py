"""Push on the PC: outbox entries as contract mutations (§5.1) and the server's answers
recorded in one transaction (§5.2). See :mod:`gridapp.store.sync_state`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gridapp.store import conflicts as conflict_store
from gridapp.store.db import Store
from gridapp.store.migrations.m0001_core import SYNCED_TABLES
from gridapp.store.sync_rows import (
    MAX_BATCH,
    MAX_BATCH_BYTES,
    REASON_OUT_OF_SCOPE,
    UNIQUE_COLUMNS,
    SyncDataError,
    _columns,
    _derived_after,
    _open_states,
    _pending_fields,
    _remove_row,
    _scalar,
    _sync_transaction,
)

# Push result statuses (contract §5.2) and the outbox state each leaves.
_ACKED = frozenset({"applied", "acked", "merged"})

_STATUSES = _ACKED | {"conflict", "rejected", "forbidden", "held"}


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
