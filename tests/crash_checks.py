"""The checks the crash harness (:mod:`tests.crash_harness`) runs on a store after each
kill, with the worker (:mod:`tests.crash_worker`) dead. :func:`check` opens the store and
finds (``docs/crash-safety.md`` "What is checked after each kill"):

- ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA cipher_integrity_check`` returns no row;
- :meth:`Store.verify_audit` finds no broken link in the audit chain, and there are at least
  as many audit entries as confirmed actions;
- every write in the journal confirmed by an ``ok`` line is in the database with the
  confirmed value — or with the value of an action begun after it (the one in flight at a
  kill may have committed without being confirmed): anything else is a **loss**;
- the outbox matches the data: folding a row's outbox entries in ``device_seq`` order (the
  order :func:`gridapp.store.sync_state.outbox_batch` sends them in: a create's values, then
  each update's ``new``) gives the row's synced columns exactly; a row with an entry still
  waiting is marked ``pending``; every confirmed field has an entry;
- the server's records plus the next push (the mutations :func:`outbox_batch` puts on the
  wire) give exactly what this PC shows, row by row;
- nothing is half-applied from a pull: every record the server had at or below this PC's
  ``pull_cursor`` is here at the server's version (or newer);
- after a confirmed sync round the server holds every write confirmed before it.

A file that cannot be opened or read is an integrity failure.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

PASSPHRASE = "crash harness 口令"


@dataclass
class RoundResult:
    """What one check found (all lists empty: the store came through the kill intact)."""

    confirmed: int = 0  # confirmed actions in the journal so far
    fields: int = 0  # confirmed (row, column) values checked
    losses: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    outbox: list[str] = field(default_factory=list)
    pull: list[str] = field(default_factory=list)
    server: list[str] = field(default_factory=list)
    skipped_push_checks: int = 0  # rounds with more pending entries than one push

    @property
    def problems(self) -> list[str]:
        return [*self.losses, *self.integrity, *self.outbox, *self.pull, *self.server]


def read_journal(journal: Path) -> list[dict[str, Any]]:
    """The journal's complete lines (a kill may cut the last one short)."""
    lines: list[dict[str, Any]] = []
    if not journal.exists():
        return lines
    for text in journal.read_text("utf-8").splitlines():
        try:
            lines.append(json.loads(text))
        except json.JSONDecodeError:
            continue
    return lines


@contextmanager
def passphrase() -> Iterator[None]:
    """GRIDAPP_PASSPHRASE set to the harness's passphrase (this process's own put back)."""
    saved = os.environ.get("GRIDAPP_PASSPHRASE")
    os.environ["GRIDAPP_PASSPHRASE"] = PASSPHRASE
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("GRIDAPP_PASSPHRASE", None)
        else:
            os.environ["GRIDAPP_PASSPHRASE"] = saved


def check(data_dir: Path, journal: Path, engine: sa.Engine | None = None) -> RoundResult:
    """Open the store the dead child left and check it (see the module docstring). A file
    that cannot be opened or read is an integrity failure (the other checks are not run)."""
    from gridapp.store.connection import DatabaseError
    from gridapp.store.db import Store
    from gridapp.store.errors import StoreError

    result = RoundResult()
    try:
        with passphrase():
            store = Store.open(data_dir, check=False, use_keyring=False)
    except (DatabaseError, StoreError) as exc:
        result.integrity.append(f"the store does not open: {exc}")
        return result
    with store:
        try:
            _check_integrity(store, result)
            events = _by_id(store, read_journal(journal), result)
            _check_confirmed(store, events, result)
            _check_outbox(store, events, result)
            if engine is not None:
                _check_pull(store, engine, result)
                _check_next_push(store, engine, result)
                _check_server(store, events, engine, result)
        except DatabaseError as exc:
            result.integrity.append(f"the store cannot be read: {exc}")
    return result


def _check_integrity(store: Any, result: RoundResult) -> None:
    rows = [str(r[0]) for r in store.conn.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        result.integrity.append(f"integrity_check: {rows[:5]}")
    cipher = [str(r[0]) for r in store.conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    if cipher:
        result.integrity.append(f"cipher_integrity_check: {cipher[:5]}")
    bad = store.verify_audit()
    if bad:
        result.integrity.append(f"audit chain broken at {bad[:5]}")


def _by_id(store: Any, events: list[dict[str, Any]], result: RoundResult) -> list[dict[str, Any]]:
    """The journal with rows named by a number (an import's 户号 and ID numbers) named by
    their id: a later edit of the same row names it by id. A confirmed row not found by its
    number is a loss; an unconfirmed one is left out."""
    found: dict[tuple[str, str, str], str | None] = {}
    for event in events:
        writes = []
        for write in event.get("w", []):
            if "key" in write:
                column, value = write["key"]
                key = (write["t"], str(column), str(value))
                if key not in found:
                    # Table and column names come from the worker's own journal lines.
                    row = store.conn.execute(
                        f"SELECT id FROM {write['t']} WHERE {column} = ? AND deleted = 0",
                        (value,),
                    ).fetchone()
                    found[key] = None if row is None else str(row[0])
                if found[key] is None:
                    if event["s"] == "ok":
                        result.losses.append(f"{key[0]} {key[1]}={key[2]}: confirmed row missing")
                    continue
                write = {"t": write["t"], "id": found[key], "v": write["v"]}
            writes.append(write)
        events_w = {**event, "w": writes}
        event.clear()
        event.update(events_w)
    return events


def _row_key(write: dict[str, Any]) -> tuple[str, str, str]:
    if "id" in write:
        return write["t"], "id", str(write["id"])
    column, value = write["key"]
    return write["t"], str(column), str(value)


def _expected(
    events: list[dict[str, Any]],
) -> dict[tuple[str, str, str, str], tuple[Any, set[Any]]]:
    """(table, key column, key, field) -> (last confirmed value, values begun after it)."""
    expected: dict[tuple[str, str, str, str], tuple[Any, set[Any]]] = {}
    later: dict[tuple[str, str, str, str], set[Any]] = {}
    for event in events:
        for write in event.get("w", []):
            for name, value in write["v"].items():
                key = (*_row_key(write), name)
                if event["s"] == "ok":
                    expected[key] = (value, set())
                    later[key] = expected[key][1]
                elif event["s"] == "begin" and key in later:
                    later[key].add(value)
    return expected


def _text(value: Any) -> Any:
    return "" if value is None else value


def _check_confirmed(store: Any, events: list[dict[str, Any]], result: RoundResult) -> None:
    """Every confirmed value is in the database (or one begun after it)."""
    confirmed = [e for e in events if e["s"] == "ok"]
    result.confirmed = len(confirmed)
    audits = store.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action NOT LIKE 'sync%'"
    ).fetchone()[0]
    writes = sum(1 for e in confirmed if e["w"])
    if audits < writes:
        result.losses.append(f"{writes} confirmed actions but {audits} audit entries")
    for (tbl, column, key, name), (value, begun) in _expected(events).items():
        result.fields += 1
        # Table and column names come from the worker's own journal lines.
        row = store.conn.execute(f"SELECT {name} FROM {tbl} WHERE {column} = ?", (key,)).fetchone()
        if row is None:
            result.losses.append(f"{tbl} {column}={key}: confirmed row missing")
        elif _text(row[0]) != value and _text(row[0]) not in begun:
            result.losses.append(f"{tbl} {column}={key}: {name} = {row[0]!r}, confirmed {value!r}")


def _fold(entries: list[tuple[str, str]]) -> tuple[bool, dict[str, Any]]:
    """What a row's outbox entries say its synced columns are: (created here, values)."""
    created = False
    values: dict[str, Any] = {}
    for op, changes in entries:
        payload = json.loads(changes)
        if op == "create":
            created = True
            values = {**values, **payload, "deleted": 0}
        elif op == "update":
            values.update({k: v["new"] for k, v in payload.items()})
        elif op == "delete":
            values["deleted"] = 1
    return created, values


def _check_outbox(store: Any, events: list[dict[str, Any]], result: RoundResult) -> None:
    from gridapp.store.migrations.m0001_core import SYNCED_TABLES
    from gridapp.store.sync_rows import _columns

    entries: dict[tuple[str, str], list[tuple[str, str]]] = {}
    waiting: set[tuple[str, str]] = set()
    for tbl, row_id, op, changes, state in store.conn.execute(
        "SELECT tbl, row_id, op, changes, state FROM outbox ORDER BY device_seq"
    ):
        entries.setdefault((tbl, row_id), []).append((op, changes))
        if state == "pending":
            waiting.add((tbl, row_id))
    covered: dict[tuple[str, str], set[str]] = {}
    for tbl in SYNCED_TABLES:
        columns = _columns(store, tbl)[0]
        names = ", ".join(["id", "deleted", "pending", *columns])
        for row in store.conn.execute(f"SELECT {names} FROM {tbl}"):  # our own table names
            row_id, deleted, pending = str(row[0]), int(row[1]), int(row[2])
            current = dict(zip(["deleted", *columns], [deleted, *row[3:]], strict=True))
            mine = entries.get((tbl, row_id), [])
            created, values = _fold(mine)
            covered[(tbl, row_id)] = set(values)
            if (tbl, row_id) in waiting and not pending:
                result.outbox.append(f"{tbl} {row_id}: an entry waits but the row is not pending")
            if not mine:
                continue
            names_checked = ["deleted", *columns] if created else list(values)
            for name in names_checked:
                if name not in current:
                    continue
                want = values.get(name)
                if _text(current[name]) != _text(want):
                    result.outbox.append(
                        f"{tbl} {row_id}: {name} = {current[name]!r}, outbox says {want!r}"
                    )
    ids = {}
    for tbl, column, key in {_row_key(w) for e in events if e["s"] == "ok" for w in e["w"]}:
        if column != "id":
            found = store.conn.execute(
                f"SELECT id FROM {tbl} WHERE {column} = ?", (key,)
            ).fetchone()
            if found is None:
                continue  # reported as a loss
            ids[(tbl, column, key)] = str(found[0])
        else:
            ids[(tbl, column, key)] = key
    for event in events:
        if event["s"] != "ok":
            continue
        for write in event["w"]:
            row = ids.get(_row_key(write))
            if row is None:
                continue
            missing = set(write["v"]) - covered.get((write["t"], row), set())
            if missing:
                result.outbox.append(f"{write['t']} {row}: no outbox entry for {sorted(missing)}")


def _check_next_push(store: Any, engine: sa.Engine, result: RoundResult) -> None:
    """What the server holds plus what the next push sends (:func:`outbox_batch`, the
    mutations as they go on the wire) is what this PC shows, row by row.

    Rows with an entry the server refused (kept for the user) are left out; so is a round
    with more pending entries than one push batch holds (``skipped_push_checks``)."""
    from gridapp.server.schema import record
    from gridapp.store.migrations.m0001_core import SYNCED_TABLES
    from gridapp.store.sync_rows import _columns
    from gridapp.store.sync_state import MAX_BATCH, outbox_batch, pending_count

    if pending_count(store) > MAX_BATCH:
        result.skipped_push_checks += 1
        return
    batch = outbox_batch(store, MAX_BATCH, max_bytes=1 << 40)
    sent: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for mutation in batch:
        sent.setdefault((mutation["tbl"], mutation["id"]), []).append(
            (mutation["op"], json.dumps(mutation["changes"]))
        )
    refused = set(
        store.conn.execute("SELECT tbl, row_id FROM outbox WHERE state IN ('rejected', 'conflict')")
    )
    with engine.connect() as conn:
        server = {
            (str(tbl), str(row_id)): (
                bool(deleted),
                data if isinstance(data, dict) else json.loads(data),
            )
            for tbl, row_id, deleted, data in conn.execute(
                sa.select(record.c.tbl, record.c.id, record.c.deleted, record.c.data)
            )
        }
    for tbl in SYNCED_TABLES:
        columns = _columns(store, tbl)[0]
        names = ", ".join(["id", "deleted", *columns])
        for row in store.conn.execute(f"SELECT {names} FROM {tbl}"):  # our own table names
            key = (tbl, str(row[0]))
            if key in refused:
                continue
            current = dict(zip(["deleted", *columns], row[1:], strict=True))
            there = server.get(key)
            created, values = _fold(sent.get(key, []))
            if there is None and not created:
                result.outbox.append(f"{tbl} {row[0]}: neither on the server nor to be sent")
                continue
            if not created and there is not None:
                values = {**there[1], "deleted": int(there[0]), **values}
            for name, value in current.items():
                if _text(value) != _text(values.get(name)):
                    result.outbox.append(
                        f"{tbl} {row[0]}: {name} = {value!r} here, server + next push "
                        f"{values.get(name)!r}"
                    )


def _check_pull(store: Any, engine: sa.Engine, result: RoundResult) -> None:
    """Every server record at or below the PC's cursor is here at that version or newer."""
    from gridapp.server.schema import record
    from gridapp.store.sync_state import pull_cursor

    cursor = pull_cursor(store)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(record.c.tbl, record.c.id, record.c.version, record.c.deleted).where(
                record.c.server_seq <= cursor
            )
        ).fetchall()
    for tbl, row_id, version, deleted in rows:
        local = store.conn.execute(
            f"SELECT version FROM {tbl} WHERE id = ?", (row_id,)
        ).fetchone()  # tbl: a synced table name the server's schema checked
        if local is None:
            stone = store.conn.execute(
                "SELECT version FROM sync_tombstone WHERE tbl = ? AND row_id = ?", (tbl, row_id)
            ).fetchone()
            if not deleted and stone is None:
                result.pull.append(f"{tbl} {row_id} v{version}: below the cursor, not here")
        elif int(local[0]) < int(version):
            result.pull.append(f"{tbl} {row_id}: v{local[0]} here, v{version} below the cursor")


def _check_server(
    store: Any, events: list[dict[str, Any]], engine: sa.Engine, result: RoundResult
) -> None:
    """Writes confirmed before a confirmed sync round are on the server (or later values)."""
    from gridapp.server.schema import record

    last_sync = max(
        (i for i, e in enumerate(events) if e["op"] == "sync" and e["s"] == "ok"), default=-1
    )
    if last_sync < 0:
        return
    expected = _expected(events[:last_sync])
    later = _expected([e for e in events[last_sync:] if e["s"] == "ok"])
    begun = {
        (*_row_key(write), name)
        for event in events[last_sync:]
        if event["s"] == "begin"
        for write in event["w"]
        for name in write["v"]
    }
    with engine.connect() as conn:
        data = {
            (tbl, row_id): payload
            for tbl, row_id, payload in conn.execute(
                sa.select(record.c.tbl, record.c.id, record.c.data)
            )
        }
    refused = {
        (str(t), "id", str(r))
        for t, r in store.conn.execute(
            "SELECT tbl, row_id FROM outbox WHERE state IN ('rejected', 'conflict')"
        )
    }
    by_key: dict[tuple[str, str, str], dict[str, Any]] = {}
    for (tbl, row_id), payload in data.items():
        values = payload if isinstance(payload, dict) else json.loads(payload)
        by_key[(tbl, "id", row_id)] = values
        for column in ("household_no", "id_number"):
            if values.get(column):
                by_key[(tbl, column, str(values[column]))] = values
    for (tbl, column, key, name), (value, also) in expected.items():
        full = (tbl, column, key, name)
        if full in later or full in begun or (tbl, column, key) in refused:
            continue  # changed again after the sync: the server may hold the older value
        values = by_key.get((tbl, column, key))
        if values is None:
            result.server.append(f"{tbl} {column}={key}: synced, not on the server")
        elif _text(values.get(name)) != value and _text(values.get(name)) not in also:
            result.server.append(
                f"{tbl} {column}={key}: {name} = {values.get(name)!r} on the server, "
                f"confirmed {value!r}"
            )
