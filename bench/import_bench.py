"""Roster import at scale: ``gridapp import households`` on a 10,000-person roster (.xlsx and
.csv) beside baselines measured in the same run on the same rows — reading the file with
openpyxl / csv alone, and a raw sqlite3 ``executemany`` of the person rows into an unencrypted
table with nothing else (no checks, no outbox, no audit, no search index). Optionally a
million-person register imported as five 200,000-row files into one database.

``python -m bench.import_bench [--persons 10000] [--large 0|1000000]``; ``make bench`` calls
:func:`run`, where ``households`` (300,000 = the reference county) sizes the large import.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl

from bench.common import OUT, ensure_env, machine
from gridapp.io.roster import COLUMNS, SheetLimits, commit_roster, load_roster
from gridapp.models.idnumber import make_id_number
from gridapp.store.db import Store

HEADERS = [c.header for c in COLUMNS]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强海燕"
RELATIONS = ["配偶", "子", "女", "孙子", "孙女", "儿媳", "母亲"]
TAGS = ["", "", "", "", "", "", "低保", "残疾人", "留守儿童", "空巢老人", "低保、残疾人"]
NOTES = ["", "", "", "", '在外务工, 联系: "小明"', "长期在宁波\n春节回村", "=待核实", "+86 号码"]
EDUCATION = ["小学", "初中", "高中", "大专", "本科", "20", "70"]
PERSONS_PER_FILE = 200_000


def roster_rows(persons: int, seed: int = 1, start: int = 0) -> Iterator[list[str]]:
    """``persons`` roster rows in households of 1–6, with unique valid ID numbers.

    ``start`` offsets the household numbers and ID numbers so several files do not collide.
    """
    rng = random.Random(seed + start)
    made = 0
    household = start // 3
    serial = start
    while made < persons:
        household += 1
        size = min(rng.choice([1, 2, 3, 3, 4, 4, 5, 6]), persons - made)
        number = f"36042310{household:09d}"
        address = f"石泉村{household % 40 + 1}组{household}号"
        grid = f"360423100200-{household % 9 + 1:02d}"
        for member in range(size):
            serial += 1
            # Each serial gets its own (birth date, sequence) pair: IDs never repeat.
            birth = date(1930, 1, 1) + timedelta(days=serial // 500 % 30_000)
            seq = serial % 500 * 2 + (1 if member % 2 == 0 else 0)
            id_number = make_id_number(f"36{serial // 15_000_000 % 90 + 10:02d}23", birth, seq)
            yield [
                number,
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN]),
                id_number,
                "户主" if member == 0 else rng.choice(RELATIONS),
                address,
                grid,
                f"139{rng.randrange(10**8):08d}" if rng.random() < 0.7 else "",
                rng.choice(["汉", "汉族", "01", "回族"]),
                rng.choice(["群众", "党员", "团员", "13"]),
                rng.choice(EDUCATION),
                rng.choice(["已婚", "未婚", "20", "丧偶"]),
                rng.choice(TAGS),
                rng.choice(NOTES),
            ]
            made += 1


def write_csv(path: Path, rows: Iterator[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: Iterator[list[str]]) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def timed_import(data_dir: Path, path: Path) -> tuple[float, float, int]:
    """(seconds reading+checking the file, seconds checking the database+writing, persons)."""
    started = time.perf_counter()
    plan = load_roster(path, limits=SheetLimits(max_bytes=2**31, max_rows=PERSONS_PER_FILE))
    loaded = time.perf_counter()
    assert not plan.errors, [e.text("en") for e in plan.errors[:5]]
    with Store.open(data_dir, create=True) as store:
        report = commit_roster(store, plan)
    assert report.ok, [e.text("en") for e in report.errors[:5]]
    return loaded - started, time.perf_counter() - loaded, report.persons


def cli_import(data_dir: Path, path: Path) -> float:
    """Wall time of ``gridapp import households FILE`` in a fresh process."""
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "gridapp",
            "--data-dir",
            str(data_dir),
            "import",
            "households",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def baseline_read_xlsx(path: Path) -> float:
    started = time.perf_counter()
    workbook = openpyxl.load_workbook(path, read_only=True)
    for _ in workbook.worksheets[0].iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - started


def baseline_read_csv(path: Path) -> float:
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for _ in csv.reader(handle):
            pass
    return time.perf_counter() - started


def baseline_insert(rows: list[list[str]], folder: Path) -> float:
    conn = sqlite3.connect(str(folder / "raw.db"))
    marks = ",".join("?" for _ in HEADERS)
    conn.execute(f"CREATE TABLE person ({', '.join(f'c{i}' for i in range(len(HEADERS)))})")
    started = time.perf_counter()
    with conn:
        conn.executemany(f"INSERT INTO person VALUES ({marks})", rows)
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def small(persons: int, folder: Path) -> list[str]:
    rows = list(roster_rows(persons))
    xlsx, csv_path = folder / "roster.xlsx", folder / "roster.csv"
    write_xlsx(xlsx, iter(rows))
    write_csv(csv_path, iter(rows))
    lines = []
    for label, path in (("xlsx", xlsx), ("csv", csv_path)):
        read, write, done = timed_import(folder / f"data-{label}", path)
        cli = cli_import(folder / f"cli-{label}", path)
        lines.append(
            f"| import {done:,} persons from .{label} (read + check file / check DB + write) "
            f"| {read + write:.2f} | {read:.2f} + {write:.2f}; `gridapp import` process: "
            f"{cli:.2f} s |"
        )
    lines.append(
        f"| baseline: openpyxl read-only iteration of the .xlsx | "
        f"{baseline_read_xlsx(xlsx):.2f} | values only, no checks |"
    )
    lines.append(f"| baseline: csv.reader over the .csv | {baseline_read_csv(csv_path):.2f} | |")
    lines.append(
        f"| baseline: raw sqlite3 executemany of the same {len(rows):,} rows | "
        f"{baseline_insert(rows, folder):.2f} | unencrypted, 13 text columns, "
        "no index, no outbox |"
    )
    return lines


def large(persons: int, folder: Path) -> list[str]:
    """``persons`` imported as files of at most 200,000 rows into ONE growing database."""
    data_dir = folder / "data-large"
    total_read = total_write = 0.0
    done = 0
    files = 0
    per_file: list[str] = []
    while done < persons:
        count = min(PERSONS_PER_FILE, persons - done)
        path = folder / f"part{files}.csv"
        write_csv(path, roster_rows(count, start=done))
        read, write, written = timed_import(data_dir, path)
        path.unlink()
        total_read += read
        total_write += write
        done += written
        files += 1
        per_file.append(f"{read + write:.0f}")
    size = sum(p.stat().st_size for p in data_dir.iterdir() if p.is_file()) / 2**20
    return [
        f"| import {done:,} persons as {files} .csv files of ≤ {PERSONS_PER_FILE:,} rows into "
        f"one database | {total_read + total_write:.0f} | read + check {total_read:.0f} s, "
        f"check DB + write {total_write:.0f} s; per file: {', '.join(per_file)} s; "
        f"{size:,.0f} MiB on disk |"
    ]


def report(persons: int, large_persons: int) -> str:
    ensure_env()
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="import-bench-", dir=OUT))
    try:
        lines = [
            f"### Roster import: {persons:,} persons\n",
            f"Machine: {machine()}\n",
            "| what | seconds | note |",
            "| --- | --- | --- |",
            *small(persons, folder),
        ]
        if large_persons:
            lines += large(large_persons, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return "\n".join([*lines, ""])


def run(households: int) -> str:
    """For ``python -m bench``: 10,000 persons, plus about 3.3 persons per household at scale."""
    return report(10_000, int(households * 10 / 3))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_bench")
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=0, help="also import this many persons")
    args: Any = parser.parse_args(argv)
    print(report(args.persons, args.large))
    return 0


if __name__ == "__main__":
    sys.exit(main())
