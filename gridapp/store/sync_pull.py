"""Pull on the PC: one pulled page (§5.3) applied with its cursor in ONE transaction —
rows written, pending local fields kept, tombstones remembered, rows that left the scope
removed unless edits of them wait. See :mod:`gridapp.store.sync_state`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gridapp.store import conflicts as conflict_store
from gridapp.store.connection import DatabaseError, IntegrityError
from gridapp.store.db import Store
from gridapp.store.migrations.m0001_core import SYNCED_TABLES
from gridapp.store.sync_rows import (
    _IN_JSON,
    _KNOWN_CHUNK,
    _REMOVE_ORDER,
    META_PULL_CURSOR,
    SyncConflictingRowError,
    SyncDataError,
    _columns,
    _derived_after,
    _pending_fields,
    _remove_row,
    _scalar,
    _sync_transaction,
    pull_cursor,
)


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
