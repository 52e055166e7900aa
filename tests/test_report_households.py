"""户籍人口台账 as a county office reads it: `gridapp report households` on a demo village with
register changes in the month, read back from the PDF with pdfplumber."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gridapp.cli import main
from gridapp.demo.load import load_demo
from gridapp.models.household import Household
from gridapp.store.db import Store
from gridapp.store.register_actions import RegisterActions
from tests import factories
from tests.pdf_read import assert_fonts_embedded
from tests.pdf_read import page_texts as _page_texts
from tests.pdf_read import raw_tables as _tables

VILLAGE = "360423100200"
MONTH_END = "2026-11-30"
KINDS = ("move_in", "move_out", "birth", "death", "split")
# What the fixture records, per kind: (this month, year to date) for the whole village.
EXPECTED_CHANGES = {
    "move_in": (1, 1),
    "move_out": (1, 1),
    "birth": (1, 2),
    "death": (1, 1),
    "split": (1, 1),
}


def _members(store: Store, grid: str, n: int) -> list[dict[str, Any]]:
    """Households of ``grid`` with at least ``n`` active members (head first)."""
    return store.query(
        "SELECT h.id, h.area_code, h.grid_code FROM household h WHERE h.grid_code = ?"
        " AND (SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.status = '1') >= ?"
        " ORDER BY h.household_no",
        (grid, n),
    )


def _non_head(store: Store, household_id: str) -> str:
    return str(
        store.query(
            "SELECT id FROM person WHERE household_id = ? AND status = '1' AND relation <> '02'"
            " ORDER BY birth_date LIMIT 1",
            (household_id,),
        )[0]["id"]
    )


def _newcomer(name: str, relation: str, birth: date, male: bool) -> Any:
    return replace(factories.person(name, relation, birth, male), area_code="", grid_code="")


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo village of 300 households with changes in March, November and December 2026."""
    import os

    os.environ.setdefault("GRIDAPP_PASSPHRASE", "test passphrase 口令")
    data_dir = tmp_path_factory.mktemp("ledger") / "data"
    # The passphrase, not whatever keyring the tests before left: the key must open later.
    with Store.open(data_dir, create=True, use_keyring=False) as store:
        load_demo(store, 300, seed=1, today=date(2026, 11, 1))
        grid1, grid2, grid3 = (f"{VILLAGE}-0{n}" for n in (1, 2, 3))
        families1 = _members(store, grid1, 3)
        actions = RegisterActions(store, today=lambda: date(2026, 12, 31))
        actions.add_member(
            families1[0]["id"],
            _newcomer("李春生", "20", date(2026, 3, 10), True),
            "birth",
            date(2026, 3, 10),
        )
        actions.add_member(
            _members(store, grid2, 2)[0]["id"],
            _newcomer("周冬生", "20", date(2026, 11, 5), True),
            "birth",
            date(2026, 11, 5),
        )
        actions.add_member(
            families1[0]["id"],
            _newcomer("陈迁来", "30", date(1999, 5, 1), False),
            "move_in",
            date(2026, 11, 12),
        )
        actions.move_out(_non_head(store, families1[1]["id"]), date(2026, 11, 20), "南昌市")
        actions.record_death(
            _non_head(store, _members(store, grid3, 2)[0]["id"]), date(2026, 11, 8)
        )
        split_from = families1[2]
        leaving = _non_head(store, split_from["id"])
        actions.split_household(
            split_from["id"],
            [leaving],
            Household(
                id=factories.uid(),
                household_no="888000001",
                address="杨堡村9组1号",
                area_code=split_from["area_code"],
                grid_code=grid1,
            ),
            leaving,
            date(2026, 11, 15),
            {},
        )
        # After the month: still a member at the end of November.
        actions.move_out(_non_head(store, families1[3]["id"]), date(2026, 12, 3), "九江市")
    return data_dir


def _report(data_dir: Path, out: Path, *extra: str) -> int:
    return main(
        [
            "--data-dir",
            str(data_dir),
            "report",
            "households",
            "--month",
            "2026-11",
            "-o",
            str(out),
            *extra,
        ]
    )


def _truth(data_dir: Path, where: str, param: str) -> list[dict[str, Any]]:
    """Households and persons per grid at the end of November, straight from the tables."""
    with Store.open(data_dir) as store:
        return store.query(
            "SELECT h.grid_code, count(DISTINCT h.id) AS households, count(*) AS persons"
            " FROM person p JOIN household h ON h.id = p.household_id"
            f" WHERE {where} = ? AND ((p.status = '1' AND coalesce(p.status_date, '') <= ?)"
            " OR (p.status <> '1' AND p.status_date > ?)) GROUP BY h.grid_code ORDER BY 1",
            (param, MONTH_END, MONTH_END),
        )


@pytest.fixture(scope="module")
def village_pdf(village: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "户籍.pdf"
    assert _report(village, out, "--scope", VILLAGE) == 0
    return out


def test_rows_subtotals_and_total_equal_the_register(village: Path, village_pdf: Path) -> None:
    member_rows = [
        row for page in _tables(village_pdf) for table in page for row in table if len(row) == 12
    ]
    header = member_rows[0]
    assert header[:5] == ["序号", "户号", "户主", "地址", "人数"]
    body = [r for r in member_rows if r != header]
    truth = _truth(village, "h.area_code", VILLAGE)
    subtotals = [r for r in body if r[1] == "小计"]
    assert [(r[3], r[2], r[4]) for r in subtotals] == [
        (name, f"{t['households']}户", str(t["persons"]))
        for name, t in zip(["第一网格", "第二网格", "第三网格", "第四网格"], truth, strict=True)
    ]
    total = [r for r in body if r[1] == "合计"]
    assert total == [
        [
            "",
            "合计",
            f"{sum(t['households'] for t in truth)}户",
            "",
            str(sum(t["persons"] for t in truth)),
            *[""] * 7,
        ]
    ]
    # One row per listed person; 序号 counts households 1..N without a gap.
    people = [r for r in body if r[5] and r[1] not in ("小计", "合计")]
    assert len(people) == sum(t["persons"] for t in truth)
    numbers = [int(r[0]) for r in body if r[0].isdigit()]
    assert numbers == list(range(1, sum(t["households"] for t in truth) + 1))
    names = {r[5] for r in people}
    assert {"李春生", "周冬生", "陈迁来"} <= names  # joined in the year
    # ID numbers and phones are masked by default.
    assert all(re.fullmatch(r"\d{6}\*{8}[\dX]{4}", r[9]) for r in people)
    assert all(not r[10] or "****" in r[10] for r in people)


def test_changes_this_month_and_year_to_date(village_pdf: Path) -> None:
    tables = _tables(village_pdf)
    change_rows = [row for page in tables for t in page for row in t if len(row) == 11]
    # Two header rows: each change over its 当月数 | 累计数 pair.
    assert [c or "" for c in change_rows[0][:5]] == ["网格", "迁入", "", "迁出", ""]
    assert [c or "" for c in change_rows[1][:3]] == ["", "当月数", "累计数"]
    total = next(r for r in change_rows if r[0] == "合计")
    expected = [str(n) for kind in KINDS for n in EXPECTED_CHANGES[kind]]
    assert total[1:] == expected
    grid1 = next(r for r in change_rows if r[0] == "第一网格")
    assert grid1[1:3] == ["1", "1"] and grid1[5:7] == ["0", "1"]  # 迁入; 出生 in March
    details = [row for page in tables for t in page for row in t if len(row) == 6]
    kinds = sorted(r[1] for r in details if r[1] != "变动类型")  # header repeats per page
    assert kinds == sorted(["迁入", "迁出", "出生", "死亡", "分户"])


def test_header_repeats_and_pages_are_numbered(village_pdf: Path) -> None:
    texts = _page_texts(village_pdf)
    pages = len(texts)
    assert pages > 10
    for number, (text, page_tables) in enumerate(zip(texts, _tables(village_pdf), strict=True), 1):
        assert f"第 {number} 页 共 {pages} 页" in text
        assert "填报人" in text and "审核人" in text and "打印时间" in text
        first_rows = [t[0] for t in page_tables]
        if number <= pages - 1:  # every page of the member table starts with its header
            assert first_rows[0][:2] == ["序号", "户号"], number
            headers = sum(1 for t in page_tables for r in t if r[:2] == ["序号", "户号"])
            assert headers == 1, number  # and never twice (chunks join without a header)
        assert ("单位盖章" in text) == (number == pages)
    assert "户籍人口台账" in texts[0] and "填报单位：杨堡村（360423100200）" in texts[0]
    assert "统计期：2026年11月" in texts[0] and "网格：全部网格" in texts[0]


def test_month_end_rule_and_one_grid(village: Path, tmp_path: Path) -> None:
    out = tmp_path / "grid1.pdf"
    assert _report(village, out, "--scope", f"{VILLAGE}-01", "--unmasked") == 0
    text = "\n".join(_page_texts(out))
    assert "网格：第一网格" in text and "第二网格（" not in text
    truth = _truth(village, "h.grid_code", f"{VILLAGE}-01")
    rows = [r for page in _tables(out) for t in page for r in t if len(r) == 12]
    total = next(r for r in rows if r[1] == "合计")
    assert total[2:5] == [f"{truth[0]['households']}户", "", str(truth[0]["persons"])]
    with Store.open(village) as store:
        later = store.query(
            "SELECT name, id_number FROM person WHERE status = '2' AND status_date = '2026-12-03'"
        )[0]
        split_member = store.query(
            "SELECT p.name FROM person p JOIN household h ON h.id = p.household_id"
            " WHERE h.household_no = '888000001'"
        )[0]
    people = {r[5]: r for r in rows}
    assert later["name"] in people  # moved out in December: still listed for November
    assert people[later["name"]][9] == later["id_number"]  # --unmasked prints it in full
    assert split_member["name"] in people


def test_font_is_embedded_as_a_subset(village_pdf: Path) -> None:
    assert_fonts_embedded(village_pdf)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13", "--scope", VILLAGE], "不是月份"),
        (["--month", "2026-11", "--scope", "360423999999"], "不是本册中的村"),
    ],
)
def test_refused_input_writes_nothing(
    village: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    out = tmp_path / "x.pdf"
    code = main(["--data-dir", str(village), "report", "households", *args, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and message in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_the_feedback_sheet_asks_for_its_period(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.pdf"
    args = ["--data-dir", str(village), "report", "party-feedback", "--scope", VILLAGE]
    assert main([*args, "-o", str(out)]) == 1
    assert "--period" in capsys.readouterr().err and not out.exists()
    assert main([*args, "--period", "2026Q9", "-o", str(out)]) == 1
    assert capsys.readouterr().err and not out.exists()


def test_scope_defaults_to_the_pcs_work_scope(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gridapp.store.scope import WorkScope, save_scope

    out = tmp_path / "default.pdf"
    assert _report(village, out) == 1  # no work scope chosen yet, none given
    assert "--scope" in capsys.readouterr().err and not out.exists()
    with Store.open(village) as store:
        save_scope(store, WorkScope(VILLAGE, "杨堡村", f"{VILLAGE}-02", "第二网格"))
    assert _report(village, out) == 0
    assert "共" in capsys.readouterr().out
    text = "\n".join(_page_texts(out))
    assert "网格：第二网格" in text and "第一网格（" not in text
