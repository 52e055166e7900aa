"""月度工作汇总 as a county office reads it: `gridapp report summary` on the hand-counted
fixture village of tests/test_ledger_data.py (October 2026), read back from the PDF with
pdfplumber and checked against summary_ledger(), against counts taken straight from the
tables, and against the figures counted by hand in that fixture's comments."""

from __future__ import annotations

import functools
import os
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from gridapp.cli import main
from gridapp.models.ledger_summary import SummaryRow
from gridapp.models.party import PartyActivity
from gridapp.models.places import Place
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.ledger_summary import summary_ledger
from gridapp.store.party_service import Participant, ServiceRepository
from tests import factories
from tests.conftest import PASSPHRASE
from tests.pdf_read import assert_fonts_embedded
from tests.test_ledger_data import (
    G1,
    G2,
    G3,
    OCTOBER,
    TODAY,
    VILLAGE,
    add_places,
    households,
    party,
    petitions,
)

# The figures in the table's column order (after 网格), as fields of SummaryRow.
FIELDS = (
    "new_households",
    "moved_in",
    "births",
    "moved_out",
    "deaths",
    "petitions_registered",
    "petitions_closed",
    "petitions_overdue",
    "party_activities",
    "party_hours",
)
NAMES = {G1: "第一网格", G2: "第二网格", G3: "第三网格", "": "未分网格"}
YEAR_START, MONTH_START, MONTH_END = "2026-01-01", "2026-10-01", "2026-10-31"


@pytest.fixture(scope="module")
def village() -> Path:
    """The fixture village with its register changes, petitions and party activities, and
    one October activity of the village that has no grid (the 未分网格 row)."""
    os.environ.setdefault("GRIDAPP_PASSPHRASE", PASSPHRASE)
    import tempfile

    data_dir = Path(tempfile.mkdtemp(prefix="summary-")) / "data"
    with Store.open(data_dir, create=True, use_keyring=False) as store:
        add_places(store)
        households(store)
        petitions(store)
        members = party(store)
        ServiceRepository(store).add_activity(
            PartyActivity(factories.uid(), "村级宣讲", date(2026, 10, 15), area_code=VILLAGE),
            [Participant(members["M1"].id, 1.5, "宣讲"), Participant(members["M2"].id, 2, "宣讲")],
            today=TODAY,
        )
    return data_dir


def _report(data_dir: Path, out: Path, month: str = "2026-10", *extra: str) -> int:
    args = ["--data-dir", str(data_dir), "report", "summary", "--month", month]
    return main([*args, "-o", str(out), *extra])


@functools.cache
def _rows(pdf_path: Path) -> list[list[str]]:
    """The summary table's rows (21 cells) of every page, header rows included."""
    with pdfplumber.open(pdf_path) as pdf:
        return [
            [c or "" for c in row]
            for page in pdf.pages
            for table in page.extract_tables()
            for row in table
            if len(row) == 21
        ]


def _chart_words(pdf_path: Path) -> list[str]:
    """The words drawn outside the summary table: the charts' titles, legends and labels."""
    words = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            # pdfplumber also takes a chart's grid lines for a table: keep the ledger's own.
            boxes = [t.bbox for t in page.find_tables() if len(t.extract()[0]) == 21]
            for w in page.extract_words():
                inside = any(
                    x0 <= w["x0"] and w["x1"] <= x1 and top <= w["top"] and w["bottom"] <= bottom
                    for x0, top, x1, bottom in boxes
                )
                if not inside:
                    words.append(w["text"])
    return words


def _texts(pdf_path: Path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _printed(row: SummaryRow) -> list[str]:
    """A SummaryRow as the ledger should print it."""
    out = []
    for name in FIELDS:
        count = getattr(row, name)
        for value in (count.month, count.year):
            if value is None:
                out.append("—")
            else:
                out.append(f"{value:.1f}" if name == "party_hours" else str(round(value)))
    return out


def _by_grid(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for r in rows:
        out.setdefault(str(r["grid"]), {})[str(r["what"])] = float(r["n"])
    return out


def _database(data_dir: Path, start: str, grid: str | None = None) -> dict[str, dict[str, float]]:
    """Per grid code, the figures from ``start`` to the end of October counted straight from
    the tables (not through the summary's code): register changes, petitions registered and
    closed, activities and hours. A 分户 counts on the household whose history it does not
    open (the one the members left)."""
    scope = "h.grid_code = ?" if grid else "(h.area_code = ? OR h.grid_code LIKE ?)"
    params: list[Any] = [grid] if grid else [VILLAGE, VILLAGE + "-%"]
    span = [start, MONTH_END]
    with Store.open(data_dir) as store:
        events = store.query(
            "SELECT h.grid_code AS grid, e.kind AS what, e.id, e.household_id, e.event_date"
            " FROM household_event e JOIN household h ON h.id = e.household_id"
            f" WHERE e.deleted = 0 AND e.event_date BETWEEN ? AND ? AND {scope}",
            span + params,
        )
        history = store.query(
            "SELECT household_id, id, kind FROM household_event WHERE deleted = 0"
            " ORDER BY event_date, rowid"
        )
        counted = []
        for e in events:
            if e["what"] == "split":
                first = next(h for h in history if h["household_id"] == e["household_id"])
                if first["id"] == e["id"] and first["kind"] == "split":
                    continue  # the household the 分户 formed
            kind = {"created": "new_households", "split": "new_households"}.get(e["what"])
            counted.append({"grid": e["grid"], "what": kind or e["what"], "n": 1})
        figures: dict[str, dict[str, float]] = {}
        for c in counted:
            grid_figures = figures.setdefault(c["grid"], {})
            grid_figures[c["what"]] = grid_figures.get(c["what"], 0) + 1
        where = scope.replace("h.", "p.")
        queries = [
            "SELECT p.grid_code AS grid, 'registered' AS what, count(*) AS n FROM petition p"
            f" WHERE p.deleted = 0 AND p.reg_date BETWEEN ? AND ? AND {where} GROUP BY 1",
            "SELECT p.grid_code AS grid, 'closed' AS what, count(*) AS n FROM petition p"
            f" WHERE p.deleted = 0 AND p.closed_date BETWEEN ? AND ? AND {where} GROUP BY 1",
            "SELECT a.grid_code AS grid, 'activities' AS what, count(*) AS n FROM party_activity a"
            f" WHERE a.deleted = 0 AND a.activity_date BETWEEN ? AND ? AND"
            f" {scope.replace('h.', 'a.')} GROUP BY 1",
            "SELECT a.grid_code AS grid, 'hours' AS what, sum(p.hours) AS n"
            " FROM activity_participation p JOIN party_activity a ON a.id = p.activity_id"
            " WHERE p.deleted = 0 AND a.deleted = 0 AND a.activity_date BETWEEN ? AND ? AND"
            f" {scope.replace('h.', 'a.')} GROUP BY 1",
        ]
        for sql in queries:
            for grid_code, values in _by_grid(store.query(sql, span + params)).items():
                figures.setdefault(grid_code, {}).update(values)
    return figures


@pytest.fixture(scope="module")
def village_pdf(village: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "汇总.pdf"
    assert _report(village, out, "2026-10", "--scope", VILLAGE) == 0
    return out


def test_every_grid_row_and_the_total_equal_the_database(village: Path, village_pdf: Path) -> None:
    rows = _rows(village_pdf)
    assert rows[0][:2] == ["网格", "新立户"] and rows[1][1:3] == ["当月数", "累计数"]
    body = {r[0]: r[1:] for r in rows[2:]}
    assert list(body) == ["第一网格", "第二网格", "第三网格", "未分网格", "合计"]
    with Store.open(village) as store:
        ledger = summary_ledger(store, OCTOBER, VILLAGE, today=date.today())
    for row in ledger.rows:
        assert body[NAMES[row.grid_code]] == _printed(row), row.grid_code
    assert body["合计"] == _printed(ledger.total)

    # The same figures counted straight from the tables, month and year to date.
    month = _database(village, MONTH_START)
    year = _database(village, YEAR_START)
    checks = [
        ("new_households", 0),
        ("move_in", 2),
        ("birth", 4),
        ("move_out", 6),
        ("death", 8),
        ("registered", 10),
        ("closed", 12),
        ("activities", 16),
        ("hours", 18),
    ]
    for grid, name in NAMES.items():
        printed = body[name]
        for what, column in checks:
            decimals = 1 if what == "hours" else 0
            expected = [month.get(grid, {}).get(what, 0.0), year.get(grid, {}).get(what, 0.0)]
            assert printed[column : column + 2] == [f"{v:.{decimals}f}" for v in expected], (
                name,
                what,
            )
    # And as counted by hand in the fixture (tests/test_ledger_data.py), plus 村级宣讲.
    first, second, no_grid, total = (body[n] for n in ("第一网格", "第二网格", "未分网格", "合计"))
    assert first[4:6] == ["1", "1"] and first[6:8] == ["0", "1"]  # births; moved out in June
    assert second[0:4] == ["1", "1", "1", "1"]  # 新立户 (the 分户), 迁入
    assert first[10:16] == ["1", "4", "1", "1", "1", "—"]  # petitions
    assert second[10:16] == ["1", "3", "1", "1", "0", "—"]
    assert no_grid[16:20] == ["1", "1", "3.5", "3.5"]
    assert total[10:20] == ["2", "7", "2", "2", "1", "—", "3", "5", "12.0", "19.5"]


def test_the_charts_name_every_grid(village_pdf: Path) -> None:
    words = _chart_words(village_pdf)
    text = "".join(words)
    for title in ("本月户籍变动", "本月诉求信访", "本月党员活动", "本月党员服务时长"):
        assert title in text, title
    for name in ("新立户", "出生", "诉求登记", "诉求办结", "诉求超期"):  # legends
        assert name in words, name
    for name in NAMES.values():  # one category label per chart
        assert words.count(name) == 4, (name, words)


def test_pages_header_footer_and_font(village_pdf: Path) -> None:
    texts = _texts(village_pdf)
    first = texts[0]
    assert "月度工作汇总" in first and "填报单位：石泉村（360423100200）" in first
    assert "网格：全部网格" in first and "统计期：2026年10月" in first
    assert "自 2026-01-01 至 2026-10-31" in first
    for number, text in enumerate(texts, 1):
        assert f"第 {number} 页 共 {len(texts)} 页" in text and "填报人" in text
        assert ("单位盖章" in text) == (number == len(texts))
    assert_fonts_embedded(village_pdf)


def test_a_grid_scope_has_one_row(village: Path, tmp_path: Path) -> None:
    out = tmp_path / "grid.pdf"
    assert _report(village, out, "2026-10", "--scope", G2) == 0
    body = {r[0]: r[1:] for r in _rows(out)[2:]}
    assert list(body) == ["第二网格", "合计"]
    assert body["第二网格"] == body["合计"]
    month, year = _database(village, MONTH_START, G2), _database(village, YEAR_START, G2)
    assert body["合计"][10:14] == [
        str(round(month[G2]["registered"])),
        str(round(year[G2]["registered"])),
        str(round(month[G2]["closed"])),
        str(round(year[G2]["closed"])),
    ]
    assert "网格：第二网格" in _texts(out)[0]
    assert _chart_words(out).count("第二网格") == 4 and "第一网格" not in _chart_words(out)


def test_an_empty_month_prints_zeros_and_still_draws_its_charts(
    village: Path, tmp_path: Path
) -> None:
    out = tmp_path / "empty.pdf"
    assert _report(village, out, "2025-03", "--scope", VILLAGE) == 0
    body = {r[0]: r[1:] for r in _rows(out)[2:]}
    assert list(body) == ["第一网格", "第二网格", "第三网格", "合计"]
    zeros = ["0"] * 14 + ["0", "—", "0", "0", "0.0", "0.0"]
    for name, cells in body.items():
        assert cells == zeros, name
    words = _chart_words(out)
    assert words.count("第一网格") == 4 and "本月户籍变动（分网格）" in "".join(words)


def test_a_grid_name_outside_the_font_writes_nothing(
    store: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rare = "第\U00020000网格"
    with store.write("places") as capture:
        insert_records(
            capture,
            "place",
            [
                Place(factories.uid(), VILLAGE, "石泉村", "village", "360423100", "2020-01-01"),
                Place(factories.uid(), G1, rare, "grid", VILLAGE, "2020-01-01"),
            ],
        )
    out = tmp_path / "out" / "汇总.pdf"
    out.parent.mkdir()
    assert _report(data_dir, out, "2026-10", "--scope", VILLAGE) == 1
    assert "U+20000" in capsys.readouterr().err
    assert list(out.parent.iterdir()) == []


def test_many_grids_with_long_names_lay_out_and_keep_every_row(tmp_path: Path) -> None:
    """40 grids, some with long names: the table runs over pages with its header on each, and
    the charts (one a row, names slanted) still fit their pages."""
    from gridapp.models.ledger import LedgerScope
    from gridapp.models.ledger_summary import Count, SummaryLedger
    from gridapp.reports.summary import summary_ledger_document
    from gridapp.store.ledger_summary import _total

    names = [
        f"阿不力孜·卡德尔居民小组第{i}网格" if i % 3 == 0 else f"第{i}网格" for i in range(1, 41)
    ]
    rows = [
        SummaryRow(
            f"{VILLAGE}-{i:02d}",
            name,
            *[Count(i % 4, i) for _ in range(7)],
            Count(i % 2, None),
            Count(1, i),
            Count(i * 1.5, i * 10.25),
        )
        for i, name in enumerate(names, 1)
    ]
    scope = LedgerScope(
        VILLAGE, "village", VILLAGE, "石泉村", grids=tuple((r.grid_code, r.grid_name) for r in rows)
    )
    ledger = SummaryLedger(
        OCTOBER, date(2026, 1, 1), date(2026, 10, 31), scope, tuple(rows), _total(rows)
    )
    out = tmp_path / "many.pdf"
    pages = summary_ledger_document(ledger).write(out)
    table = _rows(out)
    headers = [r for r in table if r[0] == "网格"]
    body = {r[0].replace("\n", ""): r[1:] for r in table if r[0] not in ("网格", "")}
    assert list(body) == [*names, "合计"]
    assert body["第40网格"][18:20] == ["60.0", "410.0"]
    assert body["合计"][18:20] == [f"{sum(i * 1.5 for i in range(1, 41)):.1f}", "8405.0"]
    texts = _texts(out)
    assert len(texts) == pages > 3
    assert len(headers) == sum(1 for t in texts if "网格" in t and "当月数" in t)
    assert "本月党员服务时长（分网格，小时）" in texts[-1]


def test_chart_text_outside_the_font_is_refused() -> None:
    """A chart's own text (title, legend, names) is checked like the table's."""
    from gridapp.reports.charts import Series, bar_chart
    from gridapp.reports.layout import MissingGlyphError

    rare = "\U00020000"
    for title, names, series in [
        (f"图{rare}", ["第一网格"], "登记"),
        ("图", [f"第{rare}网格"], "登记"),
        ("图", ["第一网格"], f"登{rare}"),
    ]:
        with pytest.raises(MissingGlyphError, match="U\\+20000"):
            bar_chart(
                title,
                names,
                [Series(series, [1.0]), Series("办结", [0.0])],
                width=300,
                plot_height=100,
            )


PEAKS = [0, 0.1, 0.5, 1, 3, 7, 10, 17, 99, 182.5, 1234]


@pytest.mark.parametrize(
    ("peak", "integer"),
    [(p, True) for p in PEAKS if float(p).is_integer()] + [(p, False) for p in PEAKS],
)
def test_the_value_axis_holds_the_highest_bar_with_distinct_ticks(
    peak: float, integer: bool
) -> None:
    from gridapp.reports.charts import value_axis

    top, step = value_axis(peak, integer)
    ticks = round(top / step)
    assert top >= peak and 2 <= ticks <= 8 and abs(ticks * step - top) < 1e-9
    labels = [
        f"{n * step:.0f}" if step.is_integer() else f"{n * step:.1f}" for n in range(ticks + 1)
    ]
    assert len(set(labels)) == len(labels)  # no two ticks print the same
    if integer:
        assert step.is_integer()
