"""The household list at scale: keyset pages and anchor jumps beside ``LIMIT ? OFFSET ?``.

Uses the demo county of ``bench.demo_bench.build_county`` (built once per size). For each
sort key of the list it times what the table model does: the count and first page of 200
rows; the anchors (one scan of the sort keys, once per filter and order); one random jump
to row N; and the p95 of 200 random jumps (one keyset page after the page's anchor). The
baseline reads the same pages in the same run with ``LIMIT ? OFFSET ?`` (fewer jumps for
the computed sort keys, whose every query sorts the whole table), and the bench checks that
both ways return the same households.

    python -m bench --only list_bench --households 3000 --no-doc

A second table times each filter of the list page (count + first page, what the page shows
first, and the anchors a jump needs) — grid, place, tag, population type and status of
members (common and rare values), and the text filter (name, one character, pinyin, phone
digits, address).

It prints markdown tables and asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date
from typing import Any

from bench.common import machine, percentile
from bench.demo_bench import build_county
from gridapp.store import household_list
from gridapp.store.db import Store
from gridapp.store.household_list import HouseholdFilter
from gridapp.store.households import HouseholdRepository

PAGE = 200
JUMPS = 200


def offset_page(store: Store, sort_key: str, position: int) -> list[str]:
    """The baseline: the page holding ``position`` by LIMIT/OFFSET (and its tags); its ids."""
    expr = household_list.SORT_EXPRESSIONS[sort_key]
    rows = store.conn.execute(
        "SELECT h.id, h.household_no, h.address, h.grid_code, h.updated_at, h.head_name,"
        f" h.member_count FROM household h WHERE h.deleted = 0 ORDER BY {expr}, h.household_no"
        " LIMIT ? OFFSET ?",
        (PAGE, position - position % PAGE),
    ).fetchall()
    ids = [r[0] for r in rows]
    marks = ",".join("?" for _ in ids)
    day = date.today().isoformat()
    store.conn.execute(
        household_list.TAGS_SQL.format(marks=marks), [day, *ids, day, *ids]
    ).fetchall()
    return ids


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def _time(job: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = job()
    return time.perf_counter() - started, result


def measure(store: Store, sort_key: str, rng: random.Random) -> dict[str, Any]:
    repo = HouseholdRepository(store)
    flt = HouseholdFilter()
    first, (count, _page) = _time(
        lambda: (
            repo.count_households(flt),
            repo.household_page(flt, sort_key, None, PAGE),
        )
    )
    anchor_s, anchors = _time(lambda: repo.household_anchors(flt, sort_key, PAGE))
    positions = [rng.randrange(count) for _ in range(JUMPS)]
    jump_s, _ = _time(
        lambda: repo.household_position_page(flt, sort_key, anchors, positions[0], PAGE)
    )
    jumps = []
    for position in positions:
        seconds, _page = _time(
            lambda p=position: repo.household_position_page(flt, sort_key, anchors, p, PAGE)
        )
        jumps.append(seconds)
    base_n = JUMPS
    base = []
    same = True
    for position in positions[:base_n]:
        seconds, ids = _time(lambda p=position: offset_page(store, sort_key, p))
        base.append(seconds)
        ours = repo.household_position_page(flt, sort_key, anchors, position, PAGE)
        same = same and ids == [r.id for r in ours]
    return {
        "first": first,
        "anchors": anchor_s,
        "jump": jump_s,
        "position": positions[0],
        "p95": percentile(jumps, 95),
        "base_n": base_n,
        "base_p50": percentile(base, 50),
        "base_p95": percentile(base, 95),
        "same": same,
        "count": count,
    }


def filter_cases(store: Store) -> dict[str, HouseholdFilter]:
    """The filters the list page offers, with values taken from the county itself."""

    def one(sql: str) -> str:
        row = store.conn.execute(sql).fetchone()
        return str(row[0]) if row else ""

    grid = one("SELECT grid_code FROM household WHERE deleted = 0 LIMIT 1 OFFSET 1000")
    name = one("SELECT name FROM person WHERE deleted = 0 LIMIT 1 OFFSET 5000")
    phone = one("SELECT phone FROM person WHERE deleted = 0 AND phone <> '' LIMIT 1 OFFSET 700")
    road = one("SELECT substr(address, 5, 3) FROM household LIMIT 1 OFFSET 3000")
    return {
        "none": HouseholdFilter(),
        "grid": HouseholdFilter(grid_code=grid),
        "village": HouseholdFilter(place_code=grid[:12]),
        "tag 低保": HouseholdFilter(tag="dibao"),
        "tag 留守儿童": HouseholdFilter(tag="left_behind_child"),
        "population type 户籍 (common)": HouseholdFilter(population_type="1"),
        "population type 流动 (rare)": HouseholdFilter(population_type="2"),
        "status 正常 (common)": HouseholdFilter(status="1"),
        "status 死亡 (rare)": HouseholdFilter(status="3"),
        "grid + 流动": HouseholdFilter(grid_code=grid, population_type="2"),
        f"text: a name ({name})": HouseholdFilter(text=name),
        f"text: one character ({name[0]})": HouseholdFilter(text=name[0]),
        "text: pinyin (wang)": HouseholdFilter(text="wang"),
        "text: last 4 digits of a phone": HouseholdFilter(text=phone[-4:]),
        f"text: part of an address ({road})": HouseholdFilter(text=road),
    }


def measure_filters(store: Store) -> list[tuple[str, int, float, float, float]]:
    """(filter, households, count ms, first page ms, anchors ms), best of three."""
    repo = HouseholdRepository(store)
    results = []
    for label, flt in filter_cases(store).items():
        best = [float("inf")] * 3
        count = 0
        for _ in range(3):
            count_s, count = _time(lambda f=flt: repo.count_households(f))
            page_s, _ = _time(lambda f=flt: repo.household_page(f, "household_no", None, PAGE))
            anchor_s, _ = _time(lambda f=flt: repo.household_anchors(f, "household_no", PAGE))
            best = [min(b, t) for b, t in zip(best, (count_s, page_s, anchor_s), strict=True)]
        results.append((label, count, *best))
    return results


def run(households: int, seed: int = 1) -> str:
    """Build or reuse the county and time the list's pages; a markdown section."""
    folder, _load_seconds = build_county(households, seed)
    rng = random.Random(seed)
    results = {}
    with Store.open(folder) as store:
        for key in household_list.SORT_KEYS:
            results[key] = measure(store, key, rng)
        filters = measure_filters(store)
    count = next(iter(results.values()))["count"]
    lines = [
        f"### Household list: {count:,} households, pages of {PAGE}\n",
        f"Machine: {machine()}. Keyset pages (`(sort value, household_no) > (?, ?)`), "
        f"jumps through anchors taken once per order; p95 over {JUMPS} random jumps. "
        "Baseline: the same page by `ORDER BY … LIMIT ? OFFSET ?` in the same run, "
        "with the same tags query.\n",
        "| sort key | first page + count ms | anchors ms (once) | jump to row N ms "
        "| jump p95 ms | OFFSET p50 ms | OFFSET p95 ms | OFFSET jumps | same rows |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, r in results.items():
        lines.append(
            f"| {key} | {_ms(r['first'])} | {_ms(r['anchors'])} "
            f"| {_ms(r['jump'])} (N = {r['position']:,}) | {_ms(r['p95'])} "
            f"| {_ms(r['base_p50'])} | {_ms(r['base_p95'])} | {r['base_n']} "
            f"| {'yes' if r['same'] else 'NO'} |"
        )
    lines += [
        "",
        f"### Household list filters: {count:,} households\n",
        "Best of three; the page sorted by household number. The list shows count + first "
        "page; anchors are read only for a jump.\n",
        "| filter | households | count ms | first page ms | anchors ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, found, count_s, page_s, anchor_s in filters:
        lines.append(f"| {label} | {found:,} | {_ms(count_s)} | {_ms(page_s)} | {_ms(anchor_s)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.list_bench")
    parser.add_argument("--households", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(run(args.households, args.seed))


if __name__ == "__main__":
    main()
