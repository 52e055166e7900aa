"""The ledger page framework: long tables in chunks with the header on every page and never
twice, wrapped text kept whole, distinct subtotal/total rows, footers, and refused glyphs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pdfplumber
import pytest

from gridapp.reports.layout import (
    CHUNK_ROWS,
    Column,
    LedgerDocument,
    LedgerHeading,
    MissingGlyphError,
    TableRow,
    check_glyphs,
    shown_id,
    shown_phone,
)

HEADING = LedgerHeading("测试台账", "石泉村", "360423100200", "第一网格", date(2026, 11, 1))
COLUMNS = [Column("序号", 15, "CENTER"), Column("姓名", 30), Column("情况说明", 80)]
LONG = "群众反映村道路灯损坏已久夜间出行不便，" * 12 + "结尾标记"


def _document(rows: int, wide: bool = False) -> LedgerDocument:
    doc = LedgerDocument(HEADING, wide=wide, printed_at=datetime(2026, 12, 1, 9, 30))
    doc.section("一、明细")
    body = [TableRow([str(n), f"张{n}", LONG if n == 400 else "正常"]) for n in range(1, rows + 1)]
    body.insert(200, TableRow(["", "小计", "199"], "subtotal"))
    body.append(TableRow(["", "合计", str(rows)], "total"))
    doc.table(COLUMNS, body)
    return doc


def test_long_table_repeats_its_header_once_per_page(tmp_path: Path) -> None:
    rows = 2 * CHUNK_ROWS + 100  # three chunks
    out = tmp_path / "long.pdf"
    pages = _document(rows).write(out)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == pages > 10
        numbers: list[int] = []
        long_cell = ""
        for index, page in enumerate(pdf.pages, 1):
            tables = page.extract_tables()
            assert len(tables) == 1, index  # chunks join into one table on the page
            assert tables[0][0] == ["序号", "姓名", "情况说明"], index
            assert sum(1 for r in tables[0] if r[0] == "序号") == 1, index
            numbers += [int(r[0]) for r in tables[0][1:] if r[0] and r[0].isdigit()]
            long_cell += "".join(r[2] for r in tables[0] if r[0] == "400")
            text = page.extract_text()
            assert f"第 {index} 页 共 {pages} 页" in text and "打印时间：2026-12-01 09:30" in text
            assert ("单位盖章" in text) == (index == pages)
        assert numbers == list(range(1, rows + 1))  # every row once, in order
        assert long_cell.count("\n") >= 3  # wrapped over several lines ...
        assert long_cell.replace("\n", "") == LONG  # ... and not cut off
        first = pdf.pages[0].extract_text()
        assert "填报单位：石泉村（360423100200）" in first and "统计期：2026年11月" in first
        assert "网格：第一网格" in first


def test_subtotal_and_total_rows_are_shaded(tmp_path: Path) -> None:
    out = tmp_path / "short.pdf"
    _document(20, wide=True).write(out)
    with pdfplumber.open(out) as pdf:
        fills = {
            tuple(round(c, 2) for c in r["non_stroking_color"])
            for r in pdf.pages[0].rects
            if r.get("fill") and r["non_stroking_color"]
        }
    assert {(0.91, 0.9, 0.9), (0.75, 0.75, 0.75)} <= fills  # subtotal, total


def test_a_character_outside_the_font_is_refused(tmp_path: Path) -> None:
    assert check_glyphs("张三丰 王芳·阿不力孜") == "张三丰 王芳·阿不力孜"
    rare = "\U00020000"  # CJK Extension B: not in the bundled font
    with pytest.raises(MissingGlyphError, match="U\\+20000"):
        check_glyphs(f"王{rare}")
    doc = LedgerDocument(HEADING)
    with pytest.raises(MissingGlyphError) as caught:
        doc.table(COLUMNS, [TableRow(["1", f"李{rare}", ""])])
    assert "缺少字符" in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_masking_unless_the_role_may_print() -> None:
    number = "360423196804091234"
    assert shown_id(number) == "360423********1234"
    assert shown_id(number, unmasked=True) == number
    assert shown_phone("13907921234") != "13907921234"
    assert shown_phone("13907921234", unmasked=True) == "13907921234"


def test_grouped_columns_get_a_two_row_header_on_every_page(tmp_path: Path) -> None:
    columns = [
        Column("网格", 30),
        Column("当月数", 20, "RIGHT", group="迁入"),
        Column("累计数", 20, "RIGHT", group="迁入"),
        Column("当月数", 20, "RIGHT", group="迁出"),
        Column("累计数", 20, "RIGHT", group="迁出"),
    ]
    rows = [TableRow([f"网格{n}", str(n), str(2 * n), str(n % 3), str(n % 7)]) for n in range(700)]
    heading = LedgerHeading(
        "测试台账", "石泉村", "360423100200", "", date(2026, 7, 1), "2026年第三季度"
    )
    doc = LedgerDocument(heading)
    doc.table(columns, rows)
    out = tmp_path / "grouped.pdf"
    pages = doc.write(out)
    seen: list[str] = []
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == pages > 2
        assert "统计期：2026年第三季度" in pdf.pages[0].extract_text()
        for index, page in enumerate(pdf.pages, 1):
            (table,) = page.extract_tables()
            assert table[0] == ["网格", "迁入", None, "迁出", None], index
            assert table[1] == [None, "当月数", "累计数", "当月数", "累计数"], index
            seen += [r[0] for r in table[2:]]
    assert seen == [f"网格{n}" for n in range(700)]


def _inside(char: dict[str, float], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    tol = 0.5
    return (
        char["x0"] >= x0 - tol
        and char["x1"] <= x1 + tol
        and char["top"] >= top - tol
        and char["bottom"] <= bottom + tol
    )


def test_text_sits_inside_its_cell_aligned_as_its_column_says(tmp_path: Path) -> None:
    columns = [
        Column("左对齐", 30),
        Column("居中", 30, "CENTER"),
        Column("右对齐", 30, "RIGHT"),
        Column("情况说明", 50),
    ]

    def note(n: int) -> str:
        if n % 7 == 0:
            return f"第{n}行：" + "群众反映村道路灯损坏已久，" * 4  # wraps onto several lines
        return "第一行\n第二行" if n % 5 == 0 else "正常"  # two lines as written, or one

    rows = [TableRow([f"甲{n}", f"乙{n}", f"丙{n}", note(n)]) for n in range(1, 121)]
    rows.append(TableRow(["合计", "", "", "120"], "total"))
    doc = LedgerDocument(HEADING, printed_at=datetime(2026, 12, 1, 9, 30))
    doc.table(columns, rows)
    out = tmp_path / "aligned.pdf"
    pages = doc.write(out)
    seen: dict[str, str] = {}
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == pages > 1
        for page in pdf.pages:
            (table,) = page.find_tables()
            boxes = [box for row in table.rows for box in row.cells if box]
            chars = page.crop(table.bbox).chars
            assert chars and all(any(_inside(c, b) for b in boxes) for c in chars)  # none spill
            for row, texts in zip(table.rows[1:], table.extract()[1:], strict=True):
                left, centre, right, _ = row.cells
                seen[texts[0]] = texts[3]
                assert left and centre and right
                mine = [c for c in chars if _inside(c, left)]
                assert abs(min(c["x0"] for c in mine) - left[0] - 3) < 1, texts
                mine = [c for c in chars if _inside(c, right)]
                if mine:
                    assert abs(right[2] - max(c["x1"] for c in mine) - 3) < 1, texts
                mine = [c for c in chars if _inside(c, centre)]
                if mine:
                    middle = (min(c["x0"] for c in mine) + max(c["x1"] for c in mine)) / 2
                    assert abs(middle - (centre[0] + centre[2]) / 2) < 1, texts
    assert seen["甲5"] == "第一行\n第二行"
    assert seen["甲7"].replace("\n", "") == note(7) and seen["甲7"].count("\n") >= 1
    assert [k for k in seen if k != "合计"] == [f"甲{n}" for n in range(1, 121)]


def test_each_document_draws_its_own_glyphs(tmp_path: Path) -> None:
    """The same text in two documents written one after the other reads back right in both:
    each PDF numbers the glyphs of its font subset in its own order."""
    texts = []
    for name, rows in (("a", [["张三"]]), ("b", [["李四"], ["王五"], ["张三"]])):
        doc = LedgerDocument(HEADING, printed_at=datetime(2026, 12, 1, 9, 30))
        doc.table([Column("姓名", 40)], [TableRow(r) for r in rows])
        out = tmp_path / f"{name}.pdf"
        doc.write(out)
        with pdfplumber.open(out) as pdf:
            texts.append(pdf.pages[0].extract_tables()[0])
    assert texts == [[["姓名"], ["张三"]], [["姓名"], ["李四"], ["王五"], ["张三"]]]


def test_the_first_cell_with_a_missing_glyph_is_named() -> None:
    rare, other = "\U00020000", "\U0002a6d6"  # CJK Extension B: not in the bundled font
    rows = [TableRow(["1", "张三"]), TableRow(["2", f"李{rare}"]), TableRow(["3", f"王{other}"])]
    doc = LedgerDocument(HEADING)
    with pytest.raises(MissingGlyphError) as caught:
        doc.table([Column("序号", 15), Column("姓名", 30)], rows)
    assert caught.value.text == f"李{rare}" and "U+20000" in caught.value.chars
    assert "U+2A6D6" not in caught.value.chars


def test_a_group_heading_reads_from_the_left_of_its_row(tmp_path: Path) -> None:
    doc = LedgerDocument(HEADING, printed_at=datetime(2026, 12, 1, 9, 30))
    rows = [TableRow(["第二网格（360423100200-02）"], "group"), TableRow(["1", "张三", "正常"])]
    doc.table(COLUMNS, rows)  # the first column (序号) is centred
    out = tmp_path / "group.pdf"
    doc.write(out)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        (table,) = page.find_tables()
        heading = next(w for w in page.extract_words() if w["text"].startswith("第二网格"))
        assert heading["x0"] - table.bbox[0] < 10  # at the left edge, not centred
