"""党员双报到台账 and the feedback sheet as a county office reads them: `gridapp report party`
and `gridapp report party-feedback` on the hand-counted village of tests/test_ledger_data.py
(two grids with members and activities in October 2026 and around it, a neighbour village),
plus 120 members in its third grid so the roster runs over several pages; read back from
the PDF with pdfplumber and checked against the store's figures."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from gridapp.cli import main
from gridapp.models.idnumber import make_id_number
from gridapp.models.ledger_party import PartyLedger
from gridapp.models.party import PartyMember, PartyReport, ServicePost
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.ledger_party import party_feedback_sheet, party_ledger
from gridapp.store.party_service import ServiceRepository
from tests import factories
from tests.pdf_read import assert_fonts_embedded
from tests.pdf_read import page_texts as _page_texts
from tests.pdf_read import tables as _tables
from tests.test_ledger_data import G1, G2, G3, OCTOBER, TODAY, VILLAGE, add_places, d, member, party

GRID_NAMES = {G1: "第一网格", G2: "第二网格", G3: "第三网格"}
MANY = 120
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
GIVEN = "伟芳娜敏静丽强磊洋艳"
ROSTER_HEADER = ["序号", "姓名", "性别", "党员类别", "工作单位", "所在党组织"]
ACTIVITY_HEADER = ["序号", "日期", "活动主题", "地点", "组织方"]


def _many_members(store: Store) -> None:
    """MANY members reported to the third grid (no activities): a roster over pages."""
    members, reports = [], []
    for i in range(MANY):
        name = SURNAMES[i // len(GIVEN)] + GIVEN[i % len(GIVEN)] + "明"
        birth = date(1985, 1, 1) + timedelta(days=i)
        member_id = factories.uid()
        members.append(
            PartyMember(
                member_id,
                make_id_number("360102", birth, 11),
                name,
                sex="1",
                phone=f"1370792{i:04d}",
                work_unit="县教育局",
                party_org="县教育局机关第一党支部",
                joined_date=date(2010, 7, 1),
                grid_code=G3,
                area_code=VILLAGE,
            )
        )
        reports.append(
            PartyReport(
                factories.uid(), member_id, date(2026, 3, 1), VILLAGE, G3, area_code=VILLAGE
            )
        )
    with store.write("test: many members") as capture:
        insert_records(capture, "party_member", members)
        insert_records(capture, "party_report", reports)


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("GRIDAPP_PASSPHRASE", "test passphrase 口令")
    data_dir = tmp_path_factory.mktemp("party") / "data"
    # The passphrase, not whatever keyring the tests before left: the key must open later.
    with Store.open(data_dir, create=True, use_keyring=False) as store:
        add_places(store)
        m = party(store)
        service = ServiceRepository(store)
        service.add_post(ServicePost(factories.uid(), "治安巡逻岗", "安全宣传与治安巡逻"), TODAY)
        service.add_post(ServicePost(factories.uid(), "义诊服务岗", "健康医疗"), TODAY)
        service.claim("治安巡逻岗", member=m["M1"].id, on=d(3, 1), today=TODAY)
        service.claim("义诊服务岗", member=m["M1"].id, on=d(11, 2), today=TODAY)  # after October
        service.save_feedback(
            m["M1"].id,
            "2026Q3",
            rating="优秀",
            signer="刘书记",
            signed_date=d(10, 8),
            opinion="服务积极",
            today=TODAY,
        )
        _many_members(store)
    return data_dir


def _report(data_dir: Path, out: Path, kind: str, *extra: str) -> int:
    return main(["--data-dir", str(data_dir), "report", kind, "-o", str(out), *extra])


def _rows(pdf_path: Path, width: int) -> list[list[str]]:
    """Every row of the tables ``width`` columns wide, in reading order, header rows left
    out (the first starts with 序号; a grouped header's second row has nothing in front)."""
    return [
        row
        for page in _tables(pdf_path)
        for t in page
        for row in t
        if len(row) == width and row[0] != "序号" and (row[0] or row[1])
    ]


def _grouped(rows: Sequence[list[str]]) -> list[tuple[str, list[str]]]:
    """(the group row above it, row) for every row that is not a group row."""
    group, out = "", []
    for row in rows:
        if row[0] and not any(row[1:]):
            group = row[0]
        else:
            out.append((group, row))
    return out


def _num(value: float | Decimal) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _ledger(data_dir: Path, month: date = OCTOBER, scope: str = VILLAGE) -> PartyLedger:
    with Store.open(data_dir, use_keyring=False) as store:
        return party_ledger(store, month, scope)


@pytest.fixture(scope="module")
def ledger_pdf(village: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "党员双报到台账.pdf"
    assert _report(village, out, "party", "--month", "2026-10", "--scope", VILLAGE) == 0
    return out


def test_roster_lists_every_member_once_in_its_grid_with_the_stores_figures(
    village: Path, ledger_pdf: Path
) -> None:
    ledger = _ledger(village)
    rows = _grouped(_rows(ledger_pdf, 16))
    members = [(g, r) for g, r in rows if r[0].isdigit()]
    assert len(members) == len(ledger.roster) == 4 + MANY
    assert [int(r[0]) for _, r in members] == list(range(1, len(members) + 1))
    names = [r[1] for _, r in members]
    assert len(set(names)) == len(names) and "孙丽" not in names  # the neighbour's member
    for (group, row), truth in zip(members, ledger.roster, strict=True):
        assert row[1] == truth.name
        assert group == f"{GRID_NAMES[truth.grid_code]}（{truth.grid_code}）"
        m, y = truth.month, truth.year
        expected = [str(m.activities), _num(m.hours), _num(m.points)]
        expected += [str(y.activities), _num(y.hours), _num(y.points)]
        assert row[10:] == expected, truth.name
        assert re.fullmatch(r"\d{3}\*{4}\d{4}", row[6]), row[6]  # masked by default
    people = {r[1]: r for _, r in members}
    # Hand-counted: 刘建国 took part in 国庆巡逻 and 环境整治 in October, four times this year.
    assert people["刘建国"][10:] == ["2", "3", "3", "4", "6.5", "6.5"]
    assert people["刘建国"][9] == "治安巡逻岗"  # 义诊服务岗 was claimed in November
    assert people["刘建国"][8] == "已报到" and people["赵敏"][8] == "未报到"
    assert people["王强"][8] == "已注销（2026-10-25）"
    assert people["王强"][7] == "2025-06-01" and people["赵敏"][7] == ""

    # Per grid: the subtotal sums its members; the total is the store's.
    subtotals = [(g, r) for g, r in rows if r[1] == "小计"]
    assert [g for g, _ in subtotals] == [f"{GRID_NAMES[c]}（{c}）" for c in (G1, G2, G3)]
    for (_, row), code in zip(subtotals, (G1, G2, G3), strict=True):
        mine = [t for t in ledger.roster if t.grid_code == code]
        assert row[4] == f"{len(mine)}人"
        assert row[10] == str(sum(t.month.activities for t in mine))
        assert row[11] == _num(sum(Decimal(str(t.month.hours)) for t in mine))
        assert row[14] == _num(sum(Decimal(str(t.year.hours)) for t in mine))
    total = [r for _, r in rows if r[1] == "合计"]
    m, y = ledger.month_totals, ledger.year_totals
    assert total == [
        [
            *["", "合计", "", "", f"{4 + MANY}人", "", "", "", f"已报到{ledger.reported}人", ""],
            *[str(m.activities), _num(m.hours), _num(m.points)],
            *[str(y.activities), _num(y.hours), _num(y.points)],
        ]
    ]
    assert total[0][10:] == ["4", "8.5", "8.5", "7", "16", "16"]  # hand-counted


def test_activities_of_the_month_only_with_subtotals_and_total(ledger_pdf: Path) -> None:
    rows = _grouped(_rows(ledger_pdf, 11))
    listed = [(g, r[2]) for g, r in rows if r[0].isdigit()]
    # By grid, then date: 环境整治 (第一网格, 31 October), 国庆巡逻 (第二网格, 1 October).
    assert listed == [
        (f"第一网格（{G1}）", "环境整治"),
        (f"第二网格（{G2}）", "国庆巡逻"),
    ]
    text = "\n".join(_page_texts(ledger_pdf))
    for other in ("国庆前巡逻", "立冬义诊", "年末巡逻", "邻村活动"):  # not in October / not ours
        assert other not in text
    national = next(r for _, r in rows if r[2] == "国庆巡逻")
    assert national[1] == "2026-10-01"
    assert national[5] == "王强（2.5小时）、刘建国（1小时）"
    assert national[8:] == ["2", "3.5", "3.5"]
    subtotals = [r for _, r in rows if r[1] == "小计"]
    assert [r[2] + "|" + "|".join(r[8:]) for r in subtotals] == [
        "1次活动|2|5|5",
        "1次活动|2|3.5|3.5",
    ]
    total = [r for _, r in rows if r[1] == "合计"]
    assert [r[2] + "|" + "|".join(r[8:]) for r in total] == ["2次活动|4|8.5|8.5"]


def test_the_summary_block_equals_the_store(village: Path, ledger_pdf: Path) -> None:
    ledger = _ledger(village)
    rows = {r[0]: r[1:] for page in _tables(ledger_pdf) for t in page for r in t if len(r) == 3}
    assert rows["在册党员（人）"] == [str(4 + MANY), ""]
    assert rows["其中：已报到（人）"] == [str(ledger.reported), ""]
    assert (ledger.reported, ledger.cancelled, ledger.not_reported) == (2 + MANY, 1, 1)
    assert rows["其中：已注销（人）"] == ["1", ""] and rows["其中：未报到（人）"] == ["1", ""]
    assert rows["开展活动（次）"] == ["2", ""]
    assert rows["参加活动（人次）"] == ["4", "7"]
    assert rows["服务时长（小时）"] == ["8.5", "16"]


def test_header_on_every_page_of_a_long_roster(ledger_pdf: Path) -> None:
    texts = _page_texts(ledger_pdf)
    pages = len(texts)
    assert pages >= 4
    assert "党员双报到台账" in texts[0] and "统计期：2026年10月" in texts[0]
    assert "填报单位：石泉村（360423100200）" in texts[0] and "网格：全部网格" in texts[0]
    for number, (text, tables) in enumerate(zip(texts, _tables(ledger_pdf), strict=True), 1):
        assert f"第 {number} 页 共 {pages} 页" in text
        assert "填报人" in text and "审核人" in text
        roster = [r for t in tables for r in t if len(r) == 16]
        if any(r[0].isdigit() for r in roster):  # a page of the roster starts with its header
            assert tables[0][0][:6] == ROSTER_HEADER, number
            assert sum(r[:6] == ROSTER_HEADER for r in roster) == 1, number
        assert ("单位盖章" in text) == (number == pages)
    # The summary block is kept on one page, the last.
    assert (
        "三、本月汇总" in texts[-1] and "在册党员（人）" in texts[-1] and "积分（分）" in texts[-1]
    )


def test_one_grid_with_phones_in_full(village: Path, tmp_path: Path) -> None:
    out = tmp_path / "grid1.pdf"
    assert _report(village, out, "party", "--month", "2026-10", "--scope", G1, "--unmasked") == 0
    text = "\n".join(_page_texts(out))
    assert "网格：第一网格" in text and "第二网格（" not in text
    members = [r for _, r in _grouped(_rows(out, 16)) if r[0].isdigit()]
    assert [r[1] for r in members] == ["刘建国", "陈红"]
    assert {r[6] for r in members} == {"13907921111"}  # --unmasked
    activities = [r[2] for r in _rows(out, 11) if r[0].isdigit()]
    assert activities == ["环境整治"]


@pytest.fixture(scope="module")
def feedback_pdf(village: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "反馈表.pdf"
    args = ["--period", "2026Q3", "--scope", VILLAGE]
    assert _report(village, out, "party-feedback", *args) == 0
    return out


def test_feedback_sheet_of_a_quarter(village: Path, feedback_pdf: Path) -> None:
    with Store.open(village, use_keyring=False) as store:
        sheet = party_feedback_sheet(store, "2026Q3", VILLAGE)
    texts = _page_texts(feedback_pdf)
    assert "双报到党员表现反馈表" in texts[0] and "统计期：2026年第三季度" in texts[0]
    with pdfplumber.open(feedback_pdf) as pdf:
        assert all(p.width < p.height for p in pdf.pages)  # portrait
    rows = _grouped(_rows(feedback_pdf, 12))
    members = [(g, r) for g, r in rows if r[0].isdigit()]
    assert [r[1] for _, r in members] == [r.name for r in sheet.rows]
    # 陈红 and 赵敏 had not reported by 30 September; the 120 reported in March.
    assert len(members) == 2 + MANY and "陈红" not in {r[1] for _, r in members}
    for (group, row), truth in zip(members, sheet.rows, strict=True):
        assert group == f"{GRID_NAMES[truth.grid_code]}（{truth.grid_code}）"
        assert row[5:8] == [str(truth.activities), _num(truth.hours), _num(truth.points)]
    people = {r[1]: r for _, r in members}
    liu = people["刘建国"]
    assert liu[5:8] == ["1", "1.5", "1.5"] and people["王强"][5:8] == ["1", "4", "4"]
    assert liu[8:] == ["优秀", "服务积极", "刘书记", "2026-10-08"]
    assert liu[2] == "县财政局（县财政局机关党支部）"
    assert "治安巡逻岗" in liu[4]
    total = [r for _, r in rows if r[1] == "合计"]
    assert [r[2:8] for r in total] == [[f"{2 + MANY}人", "", "", "2", "5.5", "5.5"]]
    assert (sheet.activities, sheet.hours) == (2, 5.5)
    assert "单位党组织签收人" in texts[-1] and "单位盖章" in texts[-1]


def test_font_is_embedded_as_a_subset(ledger_pdf: Path, feedback_pdf: Path) -> None:
    assert_fonts_embedded(ledger_pdf, feedback_pdf)


@pytest.mark.parametrize(
    "args",
    [["party", "--month", "2026-10"], ["party-feedback", "--period", "2026Q4"]],
)
def test_a_name_the_font_cannot_draw_is_refused_and_nothing_is_written(
    store: Store,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    add_places(store)
    member(store, "张\U00020000", G1, d(1, 5))
    store.close()
    out = tmp_path / "out" / "x.pdf"
    out.parent.mkdir()
    code = main(["--data-dir", str(data_dir), "report", *args, "--scope", VILLAGE, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "U+20000" in err
    assert list(out.parent.iterdir()) == []
