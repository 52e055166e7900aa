"""Sync against a real county server: ``gridapp-server``'s app under uvicorn on 127.0.0.1 in a
process of its own (SQLite county; PostgreSQL too with ``--pg URL`` or GRIDAPP_TEST_PG_URL, in
a schema of its own that is dropped afterwards), PCs through :func:`gridapp.sync.client.sync_once`.

1. First sync of a fresh enrolled PC onto a scope of ~100,000 records, and onto a scope of a
   fifth of that on the same server: seconds, and the PC process's peak RSS during the sync
   (``VmHWM`` after resetting it through ``/proc/self/clear_refs``), each in a fresh process.
   Baselines in the same run: the raw page download (no applying), and writing the same rows
   into a fresh SQLCipher database with one ``executemany`` per table in one transaction.
2. A no-op sync (nothing to push or pull); baseline: one bare authenticated hello.
3. Many PCs syncing at once (a process each, each its own encrypted store with a few hundred
   edits made through the repository): a push round, then a pull round; per-round p50/p95,
   errors, and the server's and every PC's counts checked after.

The county is seeded from a demo PC store (``gridapp demo`` data: households, persons, tags,
events, party and petition records; places come from ``gridapp-server init`` as a county
loads them) whose outbox goes through :func:`gridapp.server.core.push` in batches of 200,
the way a PC's first push would, without HTTP. A seeded SQLite county is kept in
``bench/out`` and copied for each run; the PostgreSQL county is a table-by-table copy of it.

``python -m bench.sync_bench [--records 100000] [--devices 20] [--edits 300] [--pg URL]``;
``--records 20000`` is a quick run. ``python -m bench --only sync_bench`` writes the section
into docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench.common import OUT, PASSPHRASE, ensure_env, machine, median, percentile

DEMO_RATIO = 20_461 / 3_000  # synced records per demo household (without places), seed 1
BATCH = 200
COUNTY_FILE = "county.db"


# --- helpers ---------------------------------------------------------------------------


class _Keyring:
    """An in-memory keyring (stands in for Windows Credential Manager on the PC)."""

    priority = 10

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


def _memory_keyring() -> Any:
    from keyring.backend import KeyringBackend

    class MemoryKeyring(_Keyring, KeyringBackend):  # type: ignore[misc]
        def __init__(self) -> None:
            KeyringBackend.__init__(self)
            _Keyring.__init__(self)

    return MemoryKeyring()


def _status_kib(name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    """Reset VmHWM (Linux ≥ 4.0); False where it cannot be reset."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Database:
    """A county database for one run: a SQLite file or a PostgreSQL schema of its own."""

    url: str
    schema: str | None = None
    label: str = "SQLite"

    def engine(self) -> Any:
        from gridapp.server.schema import make_engine

        return make_engine(self.url, schema=self.schema)

    def args(self) -> list[str]:
        return ["--db", self.url] + (["--schema", self.schema] if self.schema else [])


@contextlib.contextmanager
def pg_schema(url: str) -> Iterator[Database]:
    import sqlalchemy as sa

    name = f"bench_sync_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    try:
        yield Database(url, name, "PostgreSQL")
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


@contextlib.contextmanager
def server(db: Database, log: Path) -> Iterator[str]:
    """``create_app`` under uvicorn in a process of its own; yields the base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "bench.sync_bench", "serve", *db.args(), "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {log}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(db: Database, port: int) -> None:
    import inspect

    import uvicorn

    from gridapp.server.app import create_app

    options: dict[str, Any] = {}
    if "rate_limit" in inspect.signature(create_app).parameters:
        options["rate_limit"] = 0  # a bench client is not a runaway PC
    app = create_app(db.engine(), **options)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _child(*args: str) -> dict[str, Any]:
    """Run ``python -m bench.sync_bench ARGS`` and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.sync_bench", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- seeding ---------------------------------------------------------------------------


def demo_households(records: int) -> int:
    return max(1, round(records / DEMO_RATIO))


def demo_store(households: int) -> Path:
    """A demo PC store of ``households`` households (kept in bench/out)."""
    from gridapp.demo.load import load_demo
    from gridapp.store.db import Store

    ensure_env()
    folder = OUT / f"sync-demo-{households}"
    marker = folder / "complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        with Store.open(folder, create=True) as store:
            load_demo(store, households, seed=1, today=date(2026, 11, 1))
        marker.write_text("ok")
    return folder


def _mutations(folder: Path) -> Iterator[dict[str, Any]]:
    """The demo store's outbox without places, renumbered from 1, as contract mutations."""
    from gridapp.store.db import Store

    with Store.open(folder) as store:
        seq, last = 0, 0
        while True:
            rows = store.conn.execute(
                "SELECT device_seq, tbl, row_id, op, base_version, area_code, changes, hlc,"
                " client_wall, user_id FROM outbox WHERE device_seq > ? AND tbl != 'place'"
                " ORDER BY device_seq LIMIT 5000",
                (last,),
            ).fetchall()
            if not rows:
                return
            for dseq, tbl, row_id, op, base, area, changes, hlc, wall, user in rows:
                last = dseq
                seq += 1
                yield {
                    "device_seq": seq,
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


@dataclass
class Seeded:
    households: int
    records: int = 0  # records on the server (places included)
    places: int = 0
    seconds: float = 0.0  # core.push of the whole outbox (0: reused from bench/out)
    statuses: dict[str, int] = field(default_factory=dict)
    by_area: dict[str, int] = field(default_factory=dict)  # live records per area code


def seed(db: Database, households: int) -> Seeded:
    """Init the county with the demo's places and push the demo outbox through core.push."""
    import sqlalchemy as sa

    from gridapp.demo import people
    from gridapp.server import core
    from gridapp.server import schema as s

    folder = demo_store(households)
    places = people.demo_places(1, households)
    county = places[0]
    engine = db.engine()
    result = Seeded(households)
    try:
        core.init(
            engine,
            county.code,
            county.name,
            [core.PlaceRow(p.code, p.name, p.level, p.parent_code) for p in places[1:]],
        )
        code = core.create_enrolment(engine, [county.code], "county")
        device = core.enroll(engine, code, "bench-seed-pc", "demo PC").device_id
        started = time.perf_counter()
        batch: list[dict[str, Any]] = []

        def send() -> None:
            for r in core.push(engine, device, batch)["results"]:
                result.statuses[r["status"]] = result.statuses.get(r["status"], 0) + 1
            batch.clear()

        for mutation in _mutations(folder):
            batch.append(mutation)
            if len(batch) == BATCH:
                send()
        if batch:
            send()
        result.seconds = time.perf_counter() - started
        rec = s.record
        with engine.connect() as conn:
            for area, count in conn.execute(
                sa.select(rec.c.area_code, sa.func.count())
                .where(rec.c.deleted.is_(False))
                .group_by(rec.c.area_code)
            ):
                result.by_area[str(area)] = int(count)
            result.places = int(
                conn.execute(
                    sa.select(sa.func.count()).select_from(rec).where(rec.c.tbl == "place")
                ).scalar_one()
            )
        result.records = sum(result.by_area.values())
    finally:
        engine.dispose()
    return result


def copy_county(source: Database, target: Database) -> float:
    """Copy a seeded county table by table (``executemany`` in chunks) into ``target``
    after migrating it: the same rows as if the pushes had gone there. Returns seconds."""
    import sqlalchemy as sa

    from gridapp.server import schema as s
    from gridapp.server.migrations import migrate

    started = time.perf_counter()
    src, dst = source.engine(), target.engine()
    try:
        migrate(dst)
        with src.connect() as read, dst.begin() as write:
            for table in s.metadata.sorted_tables:
                if table is s.schema_version:
                    continue
                result = read.execution_options(yield_per=5000).execute(sa.select(table))
                for rows in result.partitions():
                    write.execute(table.insert(), [dict(r._mapping) for r in rows])
            if write.dialect.name == "postgresql":
                write.execute(
                    sa.text(
                        "SELECT setval(pg_get_serial_sequence('change_log', 'server_seq'),"
                        " (SELECT max(server_seq) FROM change_log))"
                    )
                )
    finally:
        src.dispose()
        dst.dispose()
    return time.perf_counter() - started


def sqlite_county(records: int, folder: Path) -> tuple[Database, Seeded]:
    """A seeded SQLite county in ``folder`` (a copy of the one kept in bench/out)."""
    households = demo_households(records)
    kept = OUT / f"sync-county-{households}"
    info = kept / "seeded.json"
    if not info.exists():
        shutil.rmtree(kept, ignore_errors=True)
        kept.mkdir(parents=True)
        seeded = seed(Database(f"sqlite:///{kept / COUNTY_FILE}"), households)
        info.write_text(json.dumps(seeded.__dict__))
    else:
        seeded = Seeded(**json.loads(info.read_text()))
        seeded.seconds = 0.0
    shutil.copy(kept / COUNTY_FILE, folder / COUNTY_FILE)
    db = Database(f"sqlite:///{folder / COUNTY_FILE}")
    from gridapp.server.migrations import migrate

    engine = db.engine()
    try:
        migrate(engine)  # a county kept from a run before a server migration was added
    finally:
        engine.dispose()
    return db, seeded


def small_scope(seeded: Seeded, share: float) -> tuple[list[str], int]:
    """Villages holding about ``share`` of the county's records, and their record count."""
    villages: dict[str, int] = {}
    for area, count in seeded.by_area.items():
        if len(area) == 12:
            villages[area] = villages.get(area, 0) + count
    goal = share * seeded.records
    chosen, total = [], 0
    for code in sorted(villages):
        if total >= goal:
            break
        chosen.append(code)
        total += villages[code]
    return chosen, total


def enrolment(db: Database, scopes: Sequence[str], role: str = "worker") -> str:
    from gridapp.server import core

    engine = db.engine()
    try:
        return core.create_enrolment(engine, list(scopes), role)
    finally:
        engine.dispose()


# --- 1 and 2: first sync and no-op sync (each in a PC process of its own) -------------------


def first_sync(url: str, code: str, folder: Path, noops: int) -> dict[str, Any]:
    """Enrol a fresh PC, sync once (timed, peak RSS), then ``noops`` no-op syncs."""
    import httpx

    from gridapp import __version__
    from gridapp.store import migrations
    from gridapp.store.db import Store
    from gridapp.sync.client import enroll, sync_once
    from gridapp.sync.credentials import CredentialStore

    ensure_env()
    out: dict[str, Any] = {}
    with Store.open(folder, create=True) as store:
        creds = CredentialStore(folder, keyring_backend=_memory_keyring())
        enroll(store, url, code, credentials=creds)
        out["rss_before_kib"] = _status_kib("VmRSS")
        out["peak_reset"] = _reset_peak()
        started = time.perf_counter()
        report = sync_once(store, credentials=creds)
        out["seconds"] = time.perf_counter() - started
        out["peak_kib"] = _status_kib("VmHWM")
        out["pulled"] = report.pulled
        out["cache_kib"] = -int(store.conn.execute("PRAGMA cache_size").fetchone()[0])
        out["db_kib"] = sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) // 1024
        out["rows"] = sum(
            store.conn.execute(f"SELECT count(*) FROM {tbl}").fetchone()[0]
            for tbl in _synced_tables()
        )
        if noops:
            times = []
            for _ in range(noops):
                started = time.perf_counter()
                again = sync_once(store, credentials=creds)
                times.append(time.perf_counter() - started)
                assert again.pushed == 0 and again.pulled == 0, again
            out["noop"] = times
            token = creds.load().authorization()
            context = httpx.create_ssl_context()  # made once, as the sync client does
            bare = []
            for _ in range(noops):
                started = time.perf_counter()
                with httpx.Client(
                    base_url=url, headers={"Authorization": token}, verify=context
                ) as client:
                    reply = client.post(
                        "/v1/sync/hello",
                        json={
                            "app_version": __version__,
                            "schema_version": migrations.LATEST,
                            "client_now": "2026-12-01T08:00:00+00:00",
                        },
                    )
                    reply.raise_for_status()
                bare.append(time.perf_counter() - started)
            out["hello"] = bare
            # Without an OS keyring the secret is wrapped under the passphrase (scrypt).
            wrapped = CredentialStore(folder, use_keyring=False)
            wrapped.save(creds.load())
            slow = []
            for _ in range(max(3, noops // 4)):
                started = time.perf_counter()
                sync_once(store, credentials=wrapped)
                slow.append(time.perf_counter() - started)
            out["noop_passphrase"] = slow
    return out


def _synced_tables() -> tuple[str, ...]:
    from gridapp.store.migrations.m0001_core import SYNCED_TABLES

    return tuple(SYNCED_TABLES)


def download_baseline(url: str, code: str, folder: Path) -> dict[str, Any]:
    """The raw pages (GET, JSON decoded, kept), then the same rows into a fresh SQLCipher
    database: one table per synced table, one executemany each, one transaction."""
    import httpx
    import sqlcipher3

    from gridapp.server import core  # noqa: F401  (the same imports as a PC process)
    from gridapp.store.db import Store
    from gridapp.sync.client import enroll
    from gridapp.sync.credentials import CredentialStore

    ensure_env()
    with Store.open(folder / "pc", create=True) as store:
        creds = CredentialStore(folder / "pc", keyring_backend=_memory_keyring())
        token = enroll(store, url, code, credentials=creds).authorization()
    rows: dict[str, list[dict[str, Any]]] = {}
    pages = 0
    started = time.perf_counter()
    with httpx.Client(base_url=url, headers={"Authorization": token}, timeout=60) as client:
        cursor = 0
        while True:
            reply = client.get("/v1/sync/pull", params={"cursor": cursor, "limit": 500})
            reply.raise_for_status()
            page = reply.json()
            pages += 1
            for change in page["changes"]:
                rows.setdefault(change["tbl"], []).append(change)
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
    downloaded = time.perf_counter() - started
    conn = sqlcipher3.connect(str(folder / "raw.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    started = time.perf_counter()
    conn.execute("BEGIN")
    for tbl, changes in rows.items():
        names = sorted({name for c in changes for name in c["data"]} - {"id", "area_code"})
        columns = ["id", "area_code", "version", "deleted", *names]
        conn.execute(f"CREATE TABLE {tbl} ({', '.join(columns)})")
        conn.executemany(
            f"INSERT INTO {tbl} VALUES ({', '.join('?' for _ in columns)})",
            (
                [c["id"], c["area_code"], c["version"], int(c["deleted"])]
                + [c["data"].get(n) for n in names]
                for c in changes
            ),
        )
    conn.execute("COMMIT")
    written = time.perf_counter() - started
    conn.close()
    return {
        "download": downloaded,
        "write": written,
        "pages": pages,
        "rows": sum(len(v) for v in rows.values()),
    }


# --- 3: many PCs at once -----------------------------------------------------------------


@dataclass
class Fleet:
    devices: int
    edits: list[int] = field(default_factory=list)  # outbox entries per PC before the round
    creates: list[int] = field(default_factory=list)  # of which creates (new records)
    rounds: dict[str, list[float]] = field(default_factory=dict)
    walls: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    server_records: int = 0
    expected_records: int = 0
    duplicated: int = 0
    pcs_equal: int = 0
    pending_left: int = 0


def _fleet_bundles(devices: int, per_device: int) -> tuple[list[Any], list[list[Any]]]:
    """Demo places and, per PC, ``per_device`` distinct households to register."""
    import random

    from gridapp.demo import people
    from gridapp.models.household import Household, Person, PersonTag
    from gridapp.store.households import HouseholdBundle

    rng = random.Random(7)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    places = people.demo_places(7, devices * per_device)
    bundles = []
    for generated in people.demo_households(7, devices * per_device, places):
        household = Household(id=new_id(), **generated.fields)  # type: ignore[arg-type]
        members, tags = [], []
        for demo_person in generated.members:
            person = Person(id=new_id(), household_id=household.id, **demo_person.fields)  # type: ignore[arg-type]
            members.append(person)
            for tag in people.person_tags_for(demo_person, generated):
                tags.append(
                    PersonTag(
                        new_id(), person.id, tag, date(2024, 1, 1), area_code=person.area_code
                    )
                )
        bundles.append(HouseholdBundle(household, members, tags))
    return places, [bundles[i::devices] for i in range(devices)]


def fleet_pc(index: int, devices: int, per_device: int, folder: Path, url: str, code: str) -> None:
    """One PC of the fleet, in a process of its own: register its households and change a
    phone in each (through the repository), say so, then sync once per "go" on stdin."""
    from gridapp.models.errors import ValidationError
    from gridapp.store.db import Store
    from gridapp.store.households import HouseholdRepository
    from gridapp.store.sync_state import pending_count
    from gridapp.sync.client import enroll, sync_once
    from gridapp.sync.credentials import CredentialStore

    ensure_env()
    _places, slices = _fleet_bundles(devices, per_device)
    with Store.open(folder, create=True) as store:
        creds = CredentialStore(folder, keyring_backend=_memory_keyring())
        enroll(store, url, code, credentials=creds, device_name=f"PC {index}")
        repo = HouseholdRepository(store)
        made = []
        for bundle in slices[index]:
            try:
                repo.create_household(bundle, today=date(2026, 11, 1))
            except ValidationError:
                continue
            made.append(bundle)
        for n, bundle in enumerate(made):
            repo.update_person(bundle.members[0].id, {"phone": f"139{index:04d}{n:04d}"})
        creates = store.conn.execute(
            "SELECT count(*) FROM outbox WHERE state = 'pending' AND op = 'create'"
        ).fetchone()[0]
        print(json.dumps({"edits": pending_count(store), "creates": creates}), flush=True)
        for line in sys.stdin:
            if line.strip() != "go":
                break
            out: dict[str, Any] = {}
            started = time.perf_counter()
            try:
                report = sync_once(store, credentials=creds)
            except Exception as exc:  # counted and shown by the parent, never hidden
                out["error"] = f"{type(exc).__name__}: {exc}"
            else:
                out.update(applied=report.applied, conflicts=report.conflicts)
                out["rejected"] = report.rejected
            out["seconds"] = time.perf_counter() - started
            print(json.dumps(out), flush=True)
        print(json.dumps({"pending": pending_count(store), "counts": _pc_counts(store)}))


def fleet(db: Database, log: Path, work: Path, devices: int, edits: int) -> Fleet:
    """``devices`` PCs (processes), each registering households until it holds about
    ``edits`` outbox entries (creates, then a phone change per household); all sync at
    once (a push round), then all again (a pull round); the counts are checked after."""
    import sqlalchemy as sa

    from gridapp.server import core
    from gridapp.server import schema as s

    ensure_env()
    per_device = max(1, edits // 7)
    places, _slices = _fleet_bundles(devices, per_device)
    county = places[0]
    engine = db.engine()
    core.init(
        engine,
        county.code,
        county.name,
        [core.PlaceRow(p.code, p.name, p.level, p.parent_code) for p in places[1:]],
    )
    result = Fleet(devices)
    finals: list[dict[str, Any]] = []
    with server(db, log) as url:
        pcs = []
        try:
            for n in range(devices):
                code = core.create_enrolment(engine, [county.code], "worker")
                args = [str(n), str(devices), str(per_device), str(work / f"pc{n}"), url, code]
                pcs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "bench.sync_bench", "fleet-pc", *args],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        text=True,
                    )
                )
            for pc in pcs:
                assert pc.stdout is not None
                ready = json.loads(pc.stdout.readline())
                result.edits.append(int(ready["edits"]))
                result.creates.append(int(ready["creates"]))
            for name in ("push", "pull"):
                started = time.perf_counter()
                for pc in pcs:
                    assert pc.stdin is not None
                    pc.stdin.write("go\n")
                    pc.stdin.flush()
                for index, pc in enumerate(pcs):
                    assert pc.stdout is not None
                    answer = json.loads(pc.stdout.readline())
                    if "error" in answer:
                        result.errors.append(f"{name} round, PC {index}: {answer['error']}")
                    else:
                        result.rounds.setdefault(name, []).append(answer["seconds"])
                        result.applied += answer["applied"]
                        result.conflicts += answer["conflicts"]
                        result.rejected += answer["rejected"]
                result.walls[name] = time.perf_counter() - started
            for pc in pcs:
                assert pc.stdin is not None and pc.stdout is not None
                pc.stdin.write("done\n")
                pc.stdin.flush()
                finals.append(json.loads(pc.stdout.readline()))
        finally:
            for pc in pcs:
                with contextlib.suppress(Exception):
                    if pc.stdin is not None:
                        pc.stdin.close()
                try:
                    pc.wait(60)
                except subprocess.TimeoutExpired:
                    pc.kill()
                    pc.wait()
    rec, log_t = s.record, s.change_log
    with engine.connect() as conn:
        server_counts = {
            str(t): int(c)
            for t, c in conn.execute(
                sa.select(rec.c.tbl, sa.func.count())
                .where(rec.c.deleted.is_(False))
                .group_by(rec.c.tbl)
            )
        }
        twice = (
            sa.select(log_t.c.tbl, log_t.c.id)
            .where(log_t.c.op == "create")
            .group_by(log_t.c.tbl, log_t.c.id)
            .having(sa.func.count() > 1)
        )
        result.duplicated = int(
            conn.execute(sa.select(sa.func.count()).select_from(twice.subquery())).scalar_one()
        )
    engine.dispose()
    result.server_records = sum(v for k, v in server_counts.items() if k != "place")
    result.expected_records = sum(result.creates)
    result.pending_left = sum(int(f["pending"]) for f in finals)
    result.pcs_equal = sum(1 for f in finals if f["counts"] == server_counts)
    return result


def _pc_counts(store: Any) -> dict[str, int]:
    counts = {}
    for tbl in _synced_tables():
        n = int(store.conn.execute(f"SELECT count(*) FROM {tbl} WHERE deleted = 0").fetchone()[0])
        if n:
            counts[tbl] = n
    return counts


# --- the run ---------------------------------------------------------------------------


@dataclass
class Backend:
    label: str
    seeded: Seeded
    small_villages: int = 0
    small_records: int = 0
    big: dict[str, Any] = field(default_factory=dict)
    small: dict[str, Any] = field(default_factory=dict)
    base: dict[str, Any] = field(default_factory=dict)
    fleet: Fleet | None = None


def measure(db: Database, seeded: Seeded, work: Path, devices: int, edits: int) -> Backend:
    result = Backend(db.label, seeded)
    villages, result.small_records = small_scope(seeded, 0.2)
    result.small_villages = len(villages)
    county = min(seeded.by_area, key=len)
    log = work / "server.log"
    with server(db, log) as url:
        for name, scopes, noops in (("small", villages, 0), ("big", [county], 20)):
            folder = work / f"first-{name}"
            code = enrolment(db, scopes, "county" if name == "big" else "worker")
            print(f"  {db.label}: first sync, {name} scope …", file=sys.stderr, flush=True)
            setattr(result, name, _child("first-sync", url, code, str(folder), str(noops)))
        code = enrolment(db, [county], "county")
        (work / "baseline").mkdir()
        print(f"  {db.label}: baseline download …", file=sys.stderr, flush=True)
        result.base = _child("baseline", url, code, str(work / "baseline"))
    if devices:
        print(f"  {db.label}: {devices} PCs at once …", file=sys.stderr, flush=True)
        if db.schema is None:
            fleet_db = Database(f"sqlite:///{work / 'fleet.db'}")
            (work / "fleet").mkdir()
            result.fleet = fleet(fleet_db, log, work / "fleet", devices, edits)
        else:
            with pg_schema(db.url) as fleet_db:
                (work / "fleet").mkdir()
                result.fleet = fleet(fleet_db, log, work / "fleet", devices, edits)
    return result


LOADS: list[float] = []


def run_all(records: int, devices: int, edits: int, pg: str | None) -> str:
    ensure_env()
    LOADS[:] = [os.getloadavg()[0]]
    OUT.mkdir(exist_ok=True)
    backends = []
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        work = Path(tmp) / "sqlite"
        work.mkdir()
        print("Sync bench: SQLite county …", file=sys.stderr, flush=True)
        db, seeded = sqlite_county(records, work)
        backends.append(measure(db, seeded, work, devices, edits))
        if pg:
            work = Path(tmp) / "pg"
            work.mkdir()
            print("Sync bench: PostgreSQL county …", file=sys.stderr, flush=True)
            with pg_schema(pg) as db:
                copied = Seeded(**seeded.__dict__)
                kept = OUT / f"sync-county-{seeded.households}" / COUNTY_FILE
                copied.seconds = -copy_county(Database(f"sqlite:///{kept}"), db)
                backends.append(measure(db, copied, work, devices, edits))
    return report(backends, devices)


def _mib(kib: float) -> str:
    return f"{kib / 1024:.0f}"


def _p(values: list[float], p: float) -> str:
    return f"{percentile(values, p) * 1000:.1f}"


def report(backends: list[Backend], devices: int) -> str:
    first = backends[0]
    big = first.seeded.records
    labels = " | ".join(b.label for b in backends)
    rule = " | ".join("---:" for _ in backends)
    lines = [
        f"### Sync: first sync of {big:,} records, no-op sync, {devices} PCs at once\n",
        f"Machine: {machine()}. The county server is `create_app` under uvicorn on 127.0.0.1 in a "
        "process of its own (SQLite in WAL mode"
        + (", and PostgreSQL in a schema of its own" if len(backends) > 1 else "")
        + "); PCs are encrypted stores syncing with `sync_once` over HTTP, each first sync and "
        "each PC of the fleet in a process of its own. The county was seeded from a "
        f"`gridapp demo` PC store ({first.seeded.households:,} households: households, persons, "
        "tags, events, party and petition records; places loaded by `gridapp-server init`) "
        "whose outbox went through `core.push` in batches of 200 (no HTTP)"
        + ("; the PostgreSQL county is a copy of it" if len(backends) > 1 else "")
        + ". Baselines in the same run. "
        f"Load average (1 min) at the start / end of the run: {LOADS[0]:.1f} / "
        f"{os.getloadavg()[0]:.1f} (other work shared the machine). "
        "Rerun: `make bench-sync` (rewrites this section) or `python -m bench.sync_bench` "
        "(prints it; `--records 20000` for a quick run, "
        "`--pg postgresql://…` or GRIDAPP_TEST_PG_URL for PostgreSQL).\n",
        f"| what | {labels} | target |",
        f"| --- | {rule} | --- |",
    ]

    def row(what: str, values: list[str], target: str = "") -> None:
        lines.append(f"| {what} | {' | '.join(values)} | {target} |")

    def seeded_push(b: Backend) -> str:
        if b.seeded.seconds < 0:
            return f"copied from the SQLite county: {-b.seeded.seconds:.0f} s"
        if not b.seeded.seconds:
            return "(kept from an earlier run)"
        pushed = sum(b.seeded.statuses.values())
        return f"{b.seeded.seconds:.0f} s ({pushed / b.seeded.seconds:,.0f} mutations/s)"

    row("county seeded: `core.push` of the demo outbox", [seeded_push(b) for b in backends])
    row(
        "records on the server (live, places included)",
        [f"{b.seeded.records:,}" for b in backends],
    )
    row(
        "**first sync, county scope** (s; rows written on the PC)",
        [f"**{b.big['seconds']:.1f}** ({b.big['rows']:,})" for b in backends],
        "< 60 s",
    )
    row(
        "baseline: the same pages downloaded and decoded, not applied (s; pages)",
        [f"{b.base['download']:.1f} ({b.base['pages']})" for b in backends],
    )
    row(
        "baseline: the same rows written into a fresh SQLCipher file, one `executemany` per "
        "table, one transaction (s)",
        [f"{b.base['write']:.1f}" for b in backends],
    )
    row(
        "first sync, a scope of about a fifth (s; villages; rows written)",
        [f"{b.small['seconds']:.1f} ({b.small_villages}; {b.small['rows']:,})" for b in backends],
    )
    row(
        "PC process peak RSS during the first sync, fifth / whole county (MiB)",
        [f"{_mib(b.small['peak_kib'])} / {_mib(b.big['peak_kib'])}" for b in backends],
        "not growing with the scope",
    )
    row(
        "PC database after the first sync, fifth / whole county (MiB); its page cache's cap",
        [
            f"{_mib(b.small['db_kib'])} / {_mib(b.big['db_kib'])}; {_mib(b.big['cache_kib'])}"
            for b in backends
        ],
    )
    row(
        "PC process RSS before the sync, enrolled (MiB)",
        [_mib(b.big["rss_before_kib"]) for b in backends],
    )
    row(
        "baseline: peak RSS of the baseline process holding all pages (MiB)",
        [_mib(b.base.get("peak_kib", 0)) for b in backends],
    )
    row(
        "**no-op sync**, secret in the OS keyring: p50 / p95 of 20 (ms)",
        [f"**{_p(b.big['noop'], 50)}** / {_p(b.big['noop'], 95)}" for b in backends],
        "< 200 ms",
    )
    row(
        "no-op sync, secret wrapped under the passphrase (scrypt each round): p50 (ms)",
        [_p(b.big["noop_passphrase"], 50) for b in backends],
    )
    row(
        "baseline: one authenticated hello on a new connection: p50 / p95 (ms)",
        [f"{_p(b.big['hello'], 50)} / {_p(b.big['hello'], 95)}" for b in backends],
    )
    fleets = [b.fleet for b in backends]
    if all(f is not None for f in fleets):
        fl = [f for f in fleets if f is not None]
        row(
            f"{devices} PCs: edits each to push (creates + updates)",
            [f"{median([float(e) for e in f.edits]):.0f}" for f in fl],
        )
        for name, what in (("push", "push round (push, then pull)"), ("pull", "pull round")):
            row(
                f"{devices} PCs at once, {what}: wall s; per PC p50 / p95 (ms)",
                [
                    f"{f.walls.get(name, 0):.1f}; {_p(f.rounds.get(name, []), 50)} / "
                    f"{_p(f.rounds.get(name, []), 95)}"
                    for f in fl
                ],
            )
        row(
            f"{devices} PCs: errors (5xx, refused, failed rounds); conflicts; rejected",
            [f"{len(f.errors)}; {f.conflicts}; {f.rejected}" for f in fl],
            "0",
        )
        row(
            f"{devices} PCs: records on the server / created by the PCs; created twice",
            [f"{f.server_records:,} / {f.expected_records:,}; {f.duplicated}" for f in fl],
            "equal; 0",
        )
        row(
            f"{devices} PCs: PCs holding exactly the server's rows afterwards; edits left pending",
            [f"{f.pcs_equal} of {f.devices}; {f.pending_left}" for f in fl],
            f"{devices}; 0",
        )
        for f in fl:
            for error in f.errors[:5]:
                lines.append(f"\n{error}")
    lines.append("")
    return "\n".join(lines)


def run(households: int) -> str:
    """For ``python -m bench``: 100,000 records (fewer in a quick run below that)."""
    pg = os.environ.get("GRIDAPP_TEST_PG_URL")
    return run_all(min(100_000, households), 20, 300, pg)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_bench")
    sub = parser.add_subparsers(dest="command")
    bench = sub.add_parser("run", help="the benchmark (the default)")
    for p in (parser, bench):
        p.add_argument("--records", type=int, default=100_000)
        p.add_argument("--devices", type=int, default=20)
        p.add_argument("--edits", type=int, default=300, help="edits per PC to push")
        p.add_argument("--pg", default=os.environ.get("GRIDAPP_TEST_PG_URL"))
    srv = sub.add_parser("serve")
    srv.add_argument("--db", required=True)
    srv.add_argument("--schema")
    srv.add_argument("--port", type=int, required=True)
    fs = sub.add_parser("first-sync")
    fs.add_argument("url")
    fs.add_argument("code")
    fs.add_argument("folder")
    fs.add_argument("noops", type=int)
    fp = sub.add_parser("fleet-pc")
    fp.add_argument("index", type=int)
    fp.add_argument("devices", type=int)
    fp.add_argument("per_device", type=int)
    fp.add_argument("folder")
    fp.add_argument("url")
    fp.add_argument("code")
    bl = sub.add_parser("baseline")
    bl.add_argument("url")
    bl.add_argument("code")
    bl.add_argument("folder")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(Database(args.db, args.schema), args.port)
    elif args.command == "first-sync":
        print(json.dumps(first_sync(args.url, args.code, Path(args.folder), args.noops)))
    elif args.command == "fleet-pc":
        fleet_pc(args.index, args.devices, args.per_device, Path(args.folder), args.url, args.code)
    elif args.command == "baseline":
        out = download_baseline(args.url, args.code, Path(args.folder))
        out["peak_kib"] = _status_kib("VmHWM")
        print(json.dumps(out))
    else:
        print(run_all(args.records, args.devices, args.edits, args.pg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
