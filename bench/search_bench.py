"""Search at scale: ``gridapp search`` over a demo county beside a naive ``LIKE '%q%'`` scan.

Builds (once, then reuses) a demo county in ``bench/out/search-<households>-seed<seed>``
through the real write path (``HouseholdRepository.insert_bundles`` in ``Store.write`` blocks
of 5,000 households, which indexes as it goes), re-indexes it from scratch to time bulk
indexing, and then times random queries of each kind the search box gets. The baseline runs
the same queries in the same run over an unencrypted stdlib-sqlite3 copy of the person rows
(name, pinyin, initials, ID, phone, household address): ``col LIKE '%q%' OR …  LIMIT 20``.

    python -m bench.search_bench                     # 300,000 households, ~1M persons
    python -m bench.search_bench --households 20000  # quick run

It prints a markdown table and asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import machine, percentile
from bench.demo_bench import build_county
from gridapp.models.names import name_keys
from gridapp.store import search
from gridapp.store.db import Store

CHUNK = 5_000
KINDS = (
    "surname (1 char)",
    "2-char substring of a name",
    "full name",
    "pinyin initials",
    "full pinyin",
    "pinyin prefix as typed",
    "ID last 6 digits",
    "full ID",
    "phone (full)",
    "phone last 4 digits",
    "address fragment",
)


def build(households: int, seed: int) -> tuple[Path, float]:
    """The demo county database, shared with bench.demo_bench (built once per size)."""
    return build_county(households, seed)


@dataclass
class IndexFigures:
    persons: int = 0
    rebuild_seconds: float = 0.0
    tokens_seconds: float = 0.0
    db_mib: float = 0.0
    index_mib: dict[str, float] = field(default_factory=dict)


def reindex(store: Store) -> IndexFigures:
    """Time a full rebuild of the index (and the Python token work alone); sizes after."""
    figures = IndexFigures()
    conn = store.conn
    started = time.perf_counter()
    with store.transaction():
        figures.persons = search.rebuild(conn)
    figures.rebuild_seconds = time.perf_counter() - started
    # The Python share of that: reading the rows and making the tokens (pinyin cache warm).
    started = time.perf_counter()
    for _rowid, name, id_number, phone in conn.execute(
        "SELECT rowid, name, id_number, phone FROM person WHERE deleted = 0"
    ):
        search.name_columns(name)
        search.key_column(name, id_number, phone)
    for (address,) in conn.execute("SELECT address FROM household WHERE deleted = 0"):
        search.address_column(address)
    figures.tokens_seconds = time.perf_counter() - started
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    size = sum(p.stat().st_size for p in store.data_dir.iterdir() if p.is_file())
    figures.db_mib = size / 2**20
    for table in ("search_name", "search_key", "search_address"):
        data = conn.execute(f"SELECT sum(length(block)) FROM {table}_data").fetchone()[0]
        docs = conn.execute(f"SELECT sum(length(sz)) + 9 * count(*) FROM {table}_docsize")
        figures.index_mib[table] = ((data or 0) + (docs.fetchone()[0] or 0)) / 2**20
    return figures


def make_queries(store: Store, per_kind: int, seed: int) -> dict[str, list[str]]:
    """``per_kind`` random queries of each kind, drawn from random registered persons."""
    rng = random.Random(seed)
    conn = store.conn
    top = conn.execute("SELECT max(rowid) FROM person").fetchone()[0]
    queries: dict[str, list[str]] = {kind: [] for kind in KINDS}

    def person() -> tuple[str, str, str, str]:
        while True:
            row = conn.execute(
                "SELECT p.name, p.id_number, p.phone, h.address FROM person p"
                " JOIN household h ON h.id = p.household_id WHERE p.rowid = ?",
                (rng.randint(1, top),),
            ).fetchone()
            if row is not None:
                return row[0], row[1], row[2], row[3]

    while any(len(q) < per_kind for q in queries.values()):
        name, id_number, phone, address = person()
        keys = name_keys(name)
        start = rng.randrange(max(1, len(name) - 1))
        frag = rng.randint(3, 6)
        at = rng.randrange(max(1, len(address) - frag))
        candidates = {
            "surname (1 char)": name[0],
            "2-char substring of a name": name[start : start + 2] if len(name) >= 2 else "",
            "full name": name,
            "pinyin initials": keys.initials,
            "full pinyin": keys.full,
            "pinyin prefix as typed": keys.full[: rng.randint(2, max(2, len(keys.full)))],
            "ID last 6 digits": id_number[-6:],
            "full ID": id_number.lower() if rng.random() < 0.5 else id_number,
            "phone (full)": phone,
            "phone last 4 digits": phone[-4:] if len(phone) >= 4 else "",
            "address fragment": address[at : at + frag],
        }
        for kind, text in candidates.items():
            if text and len(queries[kind]) < per_kind:
                queries[kind].append(text)
    return queries


def plain_copy(store: Store, folder: Path) -> Path:
    """An unencrypted stdlib-sqlite3 copy of what the naive search scans (built once)."""
    path = folder.parent / (folder.name + "-plain.db")
    marker = path.with_suffix(".complete")
    if marker.exists() and path.exists():
        return path
    path.unlink(missing_ok=True)
    plain = sqlite3.connect(str(path))
    plain.execute(
        "CREATE TABLE person (name, pinyin, initials, id_number, phone, household_no,"
        " address, status)"
    )
    rows = store.conn.execute(
        "SELECT p.name, p.id_number, p.phone, h.household_no, h.address, p.status"
        " FROM person p LEFT JOIN household h ON h.id = p.household_id WHERE p.deleted = 0"
    )
    with plain:
        while chunk := rows.fetchmany(10_000):
            out = []
            for name, id_number, phone, household_no, address, status in chunk:
                keys = name_keys(name)
                out.append(
                    (
                        name,
                        keys.full,
                        keys.initials,
                        id_number,
                        phone,
                        household_no,
                        address,
                        status,
                    )
                )
            plain.executemany("INSERT INTO person VALUES (?,?,?,?,?,?,?,?)", out)
    plain.close()
    marker.write_text("ok")
    return path


BASELINE_SQL = (
    "SELECT name, id_number, household_no, address FROM person"
    " WHERE name LIKE ?1 OR pinyin LIKE ?1 OR initials LIKE ?1 OR id_number LIKE ?1"
    " OR phone LIKE ?1 OR address LIKE ?1 LIMIT 20"
)


def time_queries(
    store: Store, plain_path: Path, queries: dict[str, list[str]], baseline: int
) -> list[tuple[str, list[float], float, list[float], float]]:
    """Per kind: (kind, our times, our mean hits, baseline times, baseline mean hits)."""
    conn = store.conn
    for texts in queries.values():  # a short warm-up of the page cache
        for text in texts[:5]:
            search.search(conn, text)
    # Interleave the kinds, as a day's searches would.
    order = [(kind, text) for kind, texts in queries.items() for text in texts]
    random.Random(7).shuffle(order)
    ours: dict[str, list[float]] = {k: [] for k in queries}
    our_hits: dict[str, int] = {k: 0 for k in queries}
    for kind, text in order:
        started = time.perf_counter()
        result = search.search(conn, text)
        ours[kind].append(time.perf_counter() - started)
        our_hits[kind] += len(result.hits)
    plain = sqlite3.connect(str(plain_path))
    base: dict[str, list[float]] = {k: [] for k in queries}
    base_hits: dict[str, int] = {k: 0 for k in queries}
    for kind, texts in queries.items():
        for text in texts[:baseline]:
            started = time.perf_counter()
            found = plain.execute(BASELINE_SQL, (f"%{text}%",)).fetchall()
            base[kind].append(time.perf_counter() - started)
            base_hits[kind] += len(found)
    plain.close()
    return [
        (
            kind,
            ours[kind],
            our_hits[kind] / max(1, len(ours[kind])),
            base[kind],
            base_hits[kind] / max(1, len(base[kind])),
        )
        for kind in queries
    ]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def run(households: int, seed: int = 1, per_kind: int = 200, baseline: int | None = None) -> str:
    """Build or reuse the county, re-index it, time the queries; a markdown section."""
    folder, load_seconds = build(households, seed)
    with Store.open(folder) as store:
        figures = reindex(store)
        queries = make_queries(store, per_kind, seed)
        plain_path = plain_copy(store, folder)
        rows = time_queries(store, plain_path, queries, baseline or per_kind)
    all_ours = [t for row in rows for t in row[1]]
    lines = [
        f"### Search: {households:,} households, {figures.persons:,} persons\n",
        f"Machine: {machine()}. {per_kind} random queries per kind, kinds interleaved, "
        f"limit 20; baseline: the same queries (first {baseline or per_kind} of each kind) "
        "as `LIKE '%q%'` over name, pinyin, initials, ID, phone and address of an "
        "unencrypted stdlib-sqlite3 copy, `LIMIT 20`, no ranking.\n",
        "| query kind | p50 ms | p95 ms | max ms | hits | baseline p50 ms | baseline p95 ms |"
        " baseline hits |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, ours, hits, base, base_hits in rows:
        lines.append(
            f"| {kind} | {_ms(percentile(ours, 50))} | {_ms(percentile(ours, 95))} | "
            f"{_ms(max(ours))} | {hits:.1f} | {_ms(percentile(base, 50))} | "
            f"{_ms(percentile(base, 95))} | {base_hits:.1f} |"
        )
    lines.append(
        f"| **all kinds** | {_ms(percentile(all_ours, 50))} | {_ms(percentile(all_ours, 95))} "
        f"| {_ms(max(all_ours))} | | | | |"
    )
    index_total = sum(figures.index_mib.values())
    sizes = ", ".join(f"`{t}` {mib:,.0f}" for t, mib in figures.index_mib.items())
    lines += [
        "",
        "| indexing | figure |",
        "| --- | --- |",
        f"| `gridapp demo` load (rows + outbox + audit + index), see the demo table "
        f"| {load_seconds:,.0f} s |",
        f"| `search.rebuild` of {figures.persons:,} persons and {households:,} households "
        f"| {figures.rebuild_seconds:,.1f} s |",
        f"| of which reading rows and making tokens in Python | {figures.tokens_seconds:,.1f} s |",
        f"| database on disk (encrypted, after checkpoint) | {figures.db_mib:,.0f} MiB |",
        f"| search index ({sizes}) | {index_total:,.0f} MiB |",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_bench")
    parser.add_argument("--households", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument(
        "--baseline-queries", type=int, default=None, help="baseline queries per kind"
    )
    args = parser.parse_args()
    print(run(args.households, args.seed, args.queries, args.baseline_queries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
