"""诉求信访台账 as a county office reads it: `gridapp report petitions` on the hand-counted
village of tests/test_ledger_data.py (石泉村, two grids with petitions) and its neighbour 新塘村,
read back from the PDF with pdfplumber.

石泉村's October petitions are the fixture's P1–P9 (counted by hand there). 新塘村 gets many
more in October — long 概况, an accusation — so its ledger runs over several pages, and none of
them may show up in 石泉村's.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gridapp.cli import main
from gridapp.models.petition import Petition
from gridapp.store.db import Store
from gridapp.store.petitions import PetitionRepository
from tests.pdf_read import assert_fonts_embedded
from tests.pdf_read import page_texts as _page_texts
from tests.pdf_read import tables as _tables
from tests.test_ledger_data import (
    G1,
    G2,
    OTHER,
    TODAY,
    VILLAGE,
    add_places,
    d,
    petitions,
    register,
    work_in,
)

HEADER = [
    "序号",
    "编号",
    "登记日期",
    "形式",
    "信访人",
    "人数",
    "属地",
    "类别",
    "概况",
    "承办",
    "受理告知日",
    "限办日期",
    "结果",
    "答复日",
    "满意度",
    "状态",
]
METRICS_HEADER = [
    "网格",
    "登记件数",
    "重复信访",
    "响应率",
    "按期受理率",
    "按期办结率",
    "解决率",
    "满意率",
    "超期数",
    "综合",
]
NEIGHBOUR_PETITIONS = 36
LONG = "".join(f"第{i:03d}条情况说明，村民反映排水沟堵塞已久。" for i in range(30))[:500]
ACCUSER = "检举人甲"


def _neighbour(store: Store) -> list[Petition]:
    """新塘村's October: many petitions, every fifth with a 500-character 概况, one accusation."""
    repo = PetitionRepository(store)
    work_in(store, OTHER + "-01")
    out = []
    for n in range(NEIGHBOUR_PETITIONS):
        out.append(register(repo, d(10, 1 + n % 28), summary=f"新塘村诉求{n:02d}"))
    with store.transaction():
        for p in out[::5]:
            store.conn.execute("UPDATE petition SET summary = ? WHERE id = ?", (LONG, p.id))
    accusation = register(
        repo, d(10, 30), kind="accusation", summary="检举某单位违规收费", content="检举材料。"
    )
    with store.transaction():
        store.conn.execute(
            "UPDATE petition_petitioner SET name = ? WHERE petition_id = ?",
            (ACCUSER, accusation.id),
        )
    work_in(store, G1)
    return [*out, accusation]


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Petition]]:
    os.environ.setdefault("GRIDAPP_PASSPHRASE", "test passphrase 口令")
    data_dir = tmp_path_factory.mktemp("petitions") / "data"
    with Store.open(data_dir, create=True, use_keyring=False) as store:
        add_places(store)
        p = petitions(store)
        for n, petition in enumerate(_neighbour(store)):
            p[f"N{n}"] = petition
    return data_dir, p


def _report(data_dir: Path, out: Path, scope: str, *extra: str, month: str = "2026-10") -> int:
    args = ["--data-dir", str(data_dir), "report", "petitions", "--month", month]
    return main([*args, "--scope", scope, "-o", str(out), *extra])


def _rows(pdf_path: Path) -> list[list[str]]:
    """The petition table's rows, header rows included, in order over all pages."""
    return [r for page in _tables(pdf_path) for t in page for r in t if len(r) == len(HEADER)]


def _blocks(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    """Rows by the grid block they stand in (group row → its petition rows and 小计)."""
    blocks: dict[str, list[list[str]]] = {}
    current = ""
    for row in rows:
        if row == HEADER:
            continue
        match = re.search(r"（([\d-]+)）$", row[0])
        if match and not any(row[1:]):
            current = match.group(1)
            blocks[current] = []
        else:
            blocks.setdefault(current, []).append(row)
    return blocks


FIGURES = re.compile(r"共(\d+)件（本月登记(\d+)，上月结转(\d+)）；已办结(\d+)，超期(\d+)")


def _figures(row: list[str]) -> tuple[int, ...]:
    match = FIGURES.fullmatch(re.sub(r"\s", "", row[8]))
    assert match, row
    return (*(int(g) for g in match.groups()), int(row[5]))


@pytest.fixture(scope="module")
def village_pdf(
    village: tuple[Path, dict[str, Petition]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "信访.pdf"
    assert _report(village[0], out, VILLAGE) == 0
    return out


def _truth(data_dir: Path, reg_nos: list[str]) -> dict[str, Any]:
    """Straight from the tables: count, registered in October, finished, 人数 of ``reg_nos``."""
    with Store.open(data_dir) as store:
        marks = ",".join("?" for _ in reg_nos)
        return store.query(
            "SELECT count(*) AS n, sum(reg_date >= '2026-10-01') AS registered,"
            " sum(status IN ('closed', 'rejected', 'concluded')) AS finished,"
            f" sum(headcount) AS persons FROM petition WHERE reg_no IN ({marks})",
            reg_nos,
        )[0]


def test_each_petition_once_in_its_grid_with_subtotals_and_total(
    village: tuple[Path, dict[str, Petition]], village_pdf: Path
) -> None:
    data_dir, p = village
    rows = _rows(village_pdf)
    assert rows[0] == HEADER
    blocks = _blocks(rows)
    assert list(blocks) == [G1, G2]
    expected = {G1: ["P2", "P3", "P1"], G2: ["P8", "P6", "P5"]}
    printed = [r[1] for r in rows if r[1].count("-") == 2]
    for grid, names in expected.items():
        petition_rows = [r for r in blocks[grid] if r[1] not in ("小计", "合计")]
        assert [r[1] for r in petition_rows] == [p[n].reg_no for n in names]
        assert all(printed.count(p[n].reg_no) == 1 for n in names)
    # None of the neighbour's, nor August's finished P4 nor November's P7.
    assert len(printed) == 6
    assert not {p[n].reg_no for n in p if n.startswith("N") or n in ("P4", "P7")} & set(printed)
    # 序号 runs 1..6 over the grids.
    assert [r[0] for r in rows if r[1] in printed] == [str(n) for n in range(1, 7)]

    # count, this month, carried over, finished, overdue, 人数: the database's figures
    # (overdue counted by hand in test_ledger_data: P3 only).
    overdue = {G1: 1, G2: 0}
    totals = [0] * 6
    for grid, names in expected.items():
        truth = _truth(data_dir, [p[n].reg_no for n in names])
        [subtotal] = [r for r in blocks[grid] if r[1] == "小计"]
        figures = (
            truth["n"],
            truth["registered"],
            truth["n"] - truth["registered"],
            truth["finished"],
            overdue[grid],
            truth["persons"],
        )
        assert _figures(subtotal) == figures
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
    total = rows[-1]  # after the last grid's 小计
    assert total[1] == "合计" and blocks[G2][-2][1] == "小计"
    assert list(_figures(total)) == totals == [6, 2, 4, 2, 1, 8]


def test_cells_are_labelled_not_codes(
    village: tuple[Path, dict[str, Petition]], village_pdf: Path
) -> None:
    _, p = village
    by_no = {r[1]: r for r in _rows(village_pdf)}
    one = by_no[p["P1"].reg_no]  # registered 8 Oct, answered (支持), called back, closed
    assert one[2:6] == ["2026-10-08", "来访", "信访人0", "1"]
    assert one[7] == "申诉求决类" and one[8] == "诉求 2026-10-08"
    assert one[10] == "2026-10-10" and one[12:] == ["支持", "2026-10-20", "满意", "已办结"]
    three = by_no[p["P3"].reg_no]  # never answered, past its 受理告知 deadline
    assert three[15] == "登记（待受理）（超期）"
    five = by_no[p["P5"].reg_no]  # a repeat petition of three
    assert (five[3], five[5], five[15]) == ("来访 重复", "3", "登记（待受理）")
    six = by_no[p["P6"].reg_no]
    assert (six[12], six[14]) == ("解释说明", "")


def test_metrics_block_equals_the_petition_figures(
    village: tuple[Path, dict[str, Petition]], village_pdf: Path
) -> None:
    data_dir, _ = village
    rows = [r for page in _tables(village_pdf) for t in page for r in t if len(r) == 10]
    assert rows[0] == METRICS_HEADER
    printed = {r[0]: r[1:] for r in rows[1:]}
    assert list(printed) == ["第一网格", "第二网格", "第三网格", "合计"]

    def shown(m: Any) -> list[str]:
        rate = [
            m.response_rate,
            m.on_time_acceptance_rate,
            m.on_time_completion_rate,
            m.resolution_rate,
            m.satisfaction_rate,
        ]
        return [
            str(m.registered),
            str(m.repeat),
            *("—" if r is None else f"{r * 100:.1f}%" for r in rate),
            str(m.overdue),
            "—" if m.composite is None else f"{m.composite:.3f}",
        ]

    with Store.open(data_dir) as store:
        figures = PetitionRepository(store).metrics("2026-10", date.today())
    assert printed["第一网格"] == shown(figures[G1])
    assert printed["第二网格"] == shown(figures[G2])
    assert printed["第三网格"] == ["0", "0", "—", "—", "—", "—", "—", "0", "—"]
    # The village alone (hand-counted in test_ledger_data): the neighbour is not in it.
    total = printed["合计"]
    assert total[:3] == ["2", "1", "50.0%"] and total[5:8] == ["50.0%", "100.0%", "1"]
    assert total[7] == str(figures[G1].overdue + figures[G2].overdue)


def test_one_grid_shows_only_that_grid(
    village: tuple[Path, dict[str, Petition]], tmp_path: Path
) -> None:
    data_dir, p = village
    out = tmp_path / "g2.pdf"
    assert _report(data_dir, out, G2) == 0
    text = "\n".join(_page_texts(out))
    assert "网格：第二网格" in text and "第一网格" not in text
    rows = _rows(out)
    assert list(_blocks(rows)) == [G2]
    printed = [r[1] for r in rows if r[1].count("-") == 2]
    assert printed == [p[n].reg_no for n in ("P8", "P6", "P5")]
    [total] = [r for r in rows if r[1] == "合计"]
    assert _figures(total) == (3, 1, 2, 1, 0, 5)
    metrics = [r for page in _tables(out) for t in page for r in t if len(r) == 10]
    assert [r[0] for r in metrics] == ["网格", "合计"]
    assert metrics[1][1:3] == ["1", "1"]


def test_no_phone_or_id_number_and_the_accuser_is_confidential(
    village: tuple[Path, dict[str, Petition]], tmp_path: Path
) -> None:
    data_dir, p = village
    with Store.open(data_dir) as store:
        people = store.query("SELECT name, id_number, phone FROM petition_petitioner")
    for extra in ((), ("--unmasked",)):
        out = tmp_path / f"other{len(extra)}.pdf"
        assert _report(data_dir, out, OTHER, *extra) == 0
        text = "\n".join(_page_texts(out))
        digits = re.sub(r"\s", "", text)
        for person in people:
            if person["phone"]:  # neither in full nor masked (139****0001)
                assert person["phone"][:3] + "****" not in digits
                assert person["phone"][:7] not in digits
            if person["id_number"]:
                assert person["id_number"][:6] not in digits
        [row] = [r for r in _rows(out) if r[1] == p[f"N{NEIGHBOUR_PETITIONS}"].reg_no]
        assert row[7] == "检举控告类"
        assert row[4] == (ACCUSER if extra else "（保密）")
        assert (ACCUSER in text) == bool(extra)


def test_a_long_ledger_repeats_its_header_and_wraps_long_summaries(
    village: tuple[Path, dict[str, Petition]], tmp_path: Path
) -> None:
    data_dir, p = village
    out = tmp_path / "other.pdf"
    assert _report(data_dir, out, OTHER) == 0
    texts, tables = _page_texts(out), _tables(out)
    pages = len(texts)
    assert pages >= 3
    for number, (text, page_tables) in enumerate(zip(texts, tables, strict=True), 1):
        assert f"第 {number} 页 共 {pages} 页" in text
        headers = sum(1 for t in page_tables for r in t if r == HEADER)
        if any(len(r) == len(HEADER) for t in page_tables for r in t):
            assert page_tables[0][0] == HEADER, number  # the page's table starts with it
            assert headers == 1, number
        assert ("单位盖章" in text) == (number == pages)
    rows = _rows(out)
    ours = [p[f"N{n}"].reg_no for n in range(NEIGHBOUR_PETITIONS + 1)] + [p["P9"].reg_no]
    printed = [r[1] for r in rows if r[1].count("-") == 2]
    assert sorted(printed) == sorted(ours)  # each once
    total = rows[-1]  # the table's last row
    assert total[1] == "合计" and _figures(total)[:2] == (NEIGHBOUR_PETITIONS + 2,) * 2
    # Every 500-character 概况: whole, on its row and the continuation rows below it.
    for n in range(0, NEIGHBOUR_PETITIONS, 5):
        at = next(i for i, r in enumerate(rows) if r[1] == p[f"N{n}"].reg_no)
        parts = [rows[at][8]]
        for r in rows[at + 1 :]:
            if r == HEADER:
                continue
            if r[0] != "续":
                break
            parts.append(r[8])
        assert "".join(parts) == LONG, n
        assert len(parts) >= 2


def test_an_empty_month_prints_its_heading_and_zero_figures(
    village: tuple[Path, dict[str, Petition]], tmp_path: Path
) -> None:
    out = tmp_path / "empty.pdf"
    assert _report(village[0], out, VILLAGE, month="2025-03") == 0
    [text] = _page_texts(out)
    assert "诉求信访台账" in text and "统计期：2025年03月" in text
    assert "本月无信访事项" in text and "一、分网格信访事项" in text
    assert not _rows(out)
    metrics = [r for t in _tables(out)[0] for r in t if len(r) == 10]
    assert metrics[-1] == ["合计", "0", "0", "—", "—", "—", "—", "—", "0", "—"]


def test_font_is_embedded_as_a_subset(village_pdf: Path) -> None:
    assert_fonts_embedded(village_pdf)


def test_a_name_outside_the_font_fails_and_writes_nothing(
    store: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_places(store)
    work_in(store, G2)
    petition = register(PetitionRepository(store), TODAY)
    with store.transaction():
        store.conn.execute(
            "UPDATE petition_petitioner SET name = '王𠀀' WHERE petition_id = ?", (petition.id,)
        )
    store.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "x.pdf"
    assert _report(data_dir, out, VILLAGE, month="2026-11") == 1
    err = capsys.readouterr().err
    assert "𠀀" in err and "U+20000" in err
    assert list(out_dir.iterdir()) == []
