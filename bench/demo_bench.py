"""Demo generation at scale: our loader (encrypted, outbox, audit, search index) beside a
raw sqlite3 baseline that inserts the same person rows into an unencrypted table with one
executemany and nothing else, in the same run."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import county_dir, ensure_env, machine
from gridapp.demo import people
from gridapp.demo.load import load_demo
from gridapp.store.db import Store


def build_county(households: int, seed: int = 1, force: bool = False) -> tuple[Path, float]:
    """Build (or reuse) the demo county database; returns its folder and load seconds."""
    ensure_env()
    folder = county_dir(households, seed)
    marker = folder / "complete"
    if marker.exists() and not force:
        return folder, float(marker.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    with Store.open(folder, create=True) as store:
        load_demo(store, households, seed=seed, today=date(2026, 11, 1))
    seconds = time.perf_counter() - started
    marker.write_text(f"{seconds:.2f}")
    return folder, seconds


def baseline(households: int, seed: int = 1) -> tuple[float, float, int]:
    """(generation seconds, raw insert seconds, persons) for the same demo people."""
    started = time.perf_counter()
    places = people.demo_places(seed, households)
    rows = []
    for h in people.demo_households(seed, households, places):
        for p in h.members:
            f = p.fields
            rows.append(
                (f["id_number"], f["name"], str(f["birth_date"]), f["phone"], h.fields["address"])
            )
    generated = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(str(Path(tmp) / "raw.db"))
        conn.execute("CREATE TABLE person (id_number, name, birth_date, phone, address)")
        started = time.perf_counter()
        with conn:
            conn.executemany("INSERT INTO person VALUES (?,?,?,?,?)", rows)
        inserted = time.perf_counter() - started
        conn.close()
    return generated, inserted, len(rows)


def run(households: int) -> str:
    folder, ours = build_county(households, force=True)
    with Store.open(folder) as store:
        persons = store.conn.execute("SELECT count(*) FROM person").fetchone()[0]
        outbox = store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 2**20
    generated, inserted, raw_persons = baseline(households)
    return "\n".join(
        [
            f"### Demo county: {households:,} households\n",
            f"Machine: {machine()}\n",
            "| what | seconds | persons | note |",
            "| --- | --- | --- | --- |",
            f"| `gridapp demo` (generate + encrypted insert + outbox + audit + search index) | "
            f"{ours:.1f} | {persons:,} | {outbox:,} outbox entries, {size:,.0f} MiB on disk |",
            f"| baseline: generate the same people only | {generated:.1f} | {raw_persons:,} | |",
            f"| baseline: raw sqlite3 executemany of 5 columns, unencrypted | {inserted:.1f} | "
            f"{raw_persons:,} | no index, no outbox |",
            "",
        ]
    )
