"""A 10,000-row ledger (issue #7) through the ledger framework, beside raw reportlab.

Both sides lay out the same 10,000 member rows of a 户籍人口台账 (12 columns, A4 landscape,
the bundled CJK font embedded as a subset) into memory:

- **ours**: :class:`gridapp.reports.layout.LedgerDocument` — every string checked against the
  font, cells too wide for their column wrapped, 300-row chunks joined without a second
  header, the footer (signatures, 第 N 页 共 M 页, print time) on every page;
- **baseline**: raw reportlab in the same run — ``SimpleDocTemplate`` with Tables of 300 rows
  (``repeatRows=1``), plain strings in the same font, no footer;
- and, for the record, raw reportlab with ONE table of all rows (what the chunks avoid).

Also the real 户籍人口台账 of a demo village (data read from the store, then the PDF).

    python -m bench --only ledger_bench

Five rounds, each ours then the baseline (a busy moment slows both); best and median.
It prints a markdown table and asserts nothing.
"""

from __future__ import annotations

import io
import os
import time
from datetime import date

from bench.common import machine, median

ROWS = 10_000
TITLES = (
    ("序号", 10),
    ("户号", 22),
    ("户主", 16),
    ("地址", 40),
    ("人数", 10),
    ("姓名", 18),
    ("与户主关系", 18),
    ("性别", 10),
    ("出生日期", 20),
    ("公民身份号码", 34),
    ("联系电话", 24),
    ("标签", 40),
)
NAMES = ("王宇鹏", "罗梦瑶", "陈丹颖", "周世成", "阿不力孜·卡德尔", "马明", "汪婷婷", "郭玉琴")


def rows() -> list[list[str]]:
    out = []
    for i in range(ROWS):
        out.append(
            [
                str(i // 3 + 1) if i % 3 == 0 else "",
                f"1701{i // 3:05d}" if i % 3 == 0 else "",
                NAMES[(i // 3) % len(NAMES)] if i % 3 == 0 else "",
                f"杨堡村{i % 11 + 1}组{i % 40 + 1}号" if i % 3 == 0 else "",
                "3" if i % 3 == 0 else "",
                NAMES[i % len(NAMES)],
                ("户主", "妻", "长子")[i % 3],
                ("男", "女")[i % 2],
                f"19{60 + i % 40}-0{i % 9 + 1}-1{i % 9}",
                f"360423********{i % 10000:04d}",
                f"13{i % 10}****{i % 10000:04d}",
                "低保对象、残疾人" if i % 17 == 0 else "",
            ]
        )
    return out


def ours(data: list[list[str]]) -> tuple[float, int, int]:
    from gridapp.reports.layout import (
        Column,
        LedgerDocument,
        LedgerHeading,
        TableRow,
    )

    started = time.perf_counter()
    heading = LedgerHeading("户籍人口台账", "杨堡村", "360423100200", "", date(2026, 11, 1))
    document = LedgerDocument(heading, wide=True)
    document.table([Column(t, w) for t, w in TITLES], [TableRow(r) for r in data])
    out = io.BytesIO()
    pages = document.write(out)
    return time.perf_counter() - started, pages, len(out.getvalue())


def raw(data: list[list[str]], chunk: int) -> tuple[float, int]:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from gridapp.reports.layout import ledger_font

    font = ledger_font().fontName
    started = time.perf_counter()
    header = [t for t, _ in TITLES]
    widths = [w * mm * 0.93 for _, w in TITLES]
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), font, 7),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
        ]
    )
    story = []
    for start in range(0, len(data), chunk):
        table = Table([header, *data[start : start + chunk]], colWidths=widths, repeatRows=1)
        table.setStyle(style)
        story.append(table)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm)
    doc.build(story)
    return time.perf_counter() - started, len(out.getvalue())


def village() -> tuple[float, float, int, int]:
    """The real 户籍人口台账 of a demo village: (read s, PDF s, member rows, pages)."""
    import tempfile
    from pathlib import Path

    from gridapp.demo.load import load_demo
    from gridapp.reports.households import household_ledger_document
    from gridapp.store.db import Store
    from gridapp.store.ledger_households import read_household_ledger
    from gridapp.store.ledger_scope import resolve_scope

    os.environ.setdefault("GRIDAPP_PASSPHRASE", "bench passphrase 口令")
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp), create=True) as store:
        load_demo(store, households=3_000, seed=1)
        code = store.query(
            "SELECT area_code FROM household GROUP BY area_code ORDER BY count(*) DESC LIMIT 1"
        )[0]["area_code"]
        scope = resolve_scope(store, code)
        started = time.perf_counter()
        ledger = read_household_ledger(store, scope, date(2026, 11, 1))
        read = time.perf_counter() - started
        started = time.perf_counter()
        document = household_ledger_document(ledger)
        pages = document.write(io.BytesIO())
        build = time.perf_counter() - started
        return read, build, sum(g.persons for g in ledger.grids), pages


RUNS = 5


def run(households: int) -> str:
    """``RUNS`` rounds, each laying out ours and then the 300-row baseline (so a busy moment
    on this shared machine slows both); best and median of each side."""
    data = rows()
    ours(data[:300])  # the font is loaded and registered once per process: not timed
    load = os.getloadavg()[0]
    mine: list[float] = []
    base: list[float] = []
    ratios: list[float] = []
    pages = size = raw_size = 0
    for _ in range(RUNS):
        ours_s, pages, size = ours(data)
        raw_s, raw_size = raw(data, 300)
        mine.append(ours_s)
        base.append(raw_s)
        ratios.append(ours_s / raw_s)
    one_s, _ = raw(data, ROWS)
    lines = [
        f"### Ledgers: a {ROWS:,}-row 户籍人口台账",
        "",
        f"Machine: {machine()}; load average {load:.1f} at the start (the machine is "
        f"shared). A4 landscape, 12 columns, the bundled font embedded as a subset, into "
        f"memory; {RUNS} rounds of ours then the baseline, best and median of each (the "
        "one-table baseline: one run). Rerun: `python -m bench --only ledger_bench`.",
        "",
        "| what | best s | median s | pages | PDF KiB |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| **ours**: `LedgerDocument` (glyph check, wrapping, chunks joined, footers) "
        f"| **{min(mine):.2f}** | **{median(mine):.2f}** | {pages} | {size // 1024} |",
        f"| baseline: raw reportlab, Tables of 300 rows, no footer | {min(base):.2f} "
        f"| {median(base):.2f} | | {raw_size // 1024} |",
        f"| ours ÷ baseline, same round | {min(ratios):.2f} | {median(ratios):.2f} | | |",
        f"| raw reportlab, one Table of all rows | {one_s:.2f} | | | |",
    ]
    try:
        read_s, build_s, members, village_pages = village()
    except Exception as exc:  # the demo village is an extra; the table above stands alone
        lines.append(f"| demo village: not measured ({type(exc).__name__}: {exc}) | | | | |")
    else:
        lines.append(
            f"| a demo village's real ledger ({members:,} members): read from the store / PDF "
            f"| {read_s:.2f} / {build_s:.2f} | | {village_pages} | |"
        )
    verdict = "met" if min(mine) < 5 else "NOT met"
    lines += [
        "",
        f"Target (issue #7): < 5 s for 10,000 rows — {verdict} (best of the rounds). Where "
        'the time went and what changed: docs/ledgers.md "Measured".',
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(0))
