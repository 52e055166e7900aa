"""Closing a month (月结), its corrections (更正) and reopening, as a chief and a county office see
them: `gridapp month close`, edits after the close (here and by sync), and the next month's
ledgers read back from the PDF with pdfplumber.

The fixture village is the hand-counted one of ``tests/test_ledger_data.py`` (石泉村, two
grids, a neighbour). October 2026 is closed; the computer's date is after it.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from gridapp.cli import main
from gridapp.models.ledger import HOUSEHOLDS, PARTY, PETITIONS, SUMMARY, LedgerRequest
from gridapp.models.petition_flow import GRID_WORKER
from gridapp.reports.amendments import change_text
from gridapp.reports.layout import shown_id
from gridapp.store import migrations
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.ledgers import read_amendments
from gridapp.store.month_close import MonthCloseRepository
from gridapp.store.party import PartyRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.store.sync_state import apply_pull_page
from tests import factories
from tests.old_schema import old_copy
from tests.test_ledger_data import (
    G1,
    G2,
    OCTOBER,
    TODAY,
    VILLAGE,
    activity,
    add_places,
    d,
    households,
    member,
    party,
    petitions,
)
from tests.test_sync_state import change, first_page, page

HEADER = ["序号", "更正类型", "网格", "项目", "记录", "更正内容（原 → 现）"]


def cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def report(data_dir: Path, kind: str, month: str, scope: str, out: Path) -> Path:
    assert cli(data_dir, "report", kind, "--month", month, "--scope", scope, "-o", str(out)) == 0
    return out


@functools.cache
def _read(pdf_path: Path) -> tuple[list[list[list[str]]], str]:
    """The PDF's tables (rows of cell texts, all pages) and its whole text."""
    with pdfplumber.open(pdf_path) as pdf:
        tables = [
            [[(c or "").replace("\n", "") for c in row] for row in t]
            for p in pdf.pages
            for t in p.extract_tables()
        ]
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    return tables, text


def corrections(pdf_path: Path) -> list[list[str]]:
    """The rows of the 上月更正 table (its header on every page left out), total included."""
    tables, _ = _read(pdf_path)
    return [row for t in tables if t and t[0] == HEADER for row in t[1:]]


def text_of(pdf_path: Path) -> str:
    return _read(pdf_path)[1].replace("\n", "")


@pytest.fixture
def village(data_dir: Path) -> Path:
    """The fixture village with its registers, petitions and party work; the store closed
    again (the commands open it themselves)."""
    with Store.open(data_dir, create=True) as store:
        add_places(store)
        households(store)
        found = petitions(store)
        party(store)
        store.set_meta("test_p5", found["P5"].id)
        store.set_meta("test_p5_reg_no", found["P5"].reg_no)
    return data_dir


def audit(data_dir: Path) -> list[dict[str, Any]]:
    with Store.open(data_dir) as store:
        return store.query("SELECT action, row_id, detail FROM audit_log ORDER BY seq")


def test_corrections_after_closing_are_listed_in_the_next_months_ledgers(
    village: Path, tmp_path: Path
) -> None:
    assert cli(village, "month", "close", "--month", "2026-10", "--scope", VILLAGE) == 0
    untouched = report(village, "petitions", "2026-11", VILLAGE, tmp_path / "before.pdf")
    assert corrections(untouched) == []  # nothing changed yet: no table, and it says so
    assert "2026年10月已结账，结账后台账无变化" in text_of(untouched)

    with Store.open(village) as store:
        p5 = str(store.meta("test_p5"))
        reg_no = str(store.meta("test_p5_reg_no"))
        PetitionRepository(store).correct(
            p5, {"summary": "要求修缮村道"}, on=TODAY, reason="登记时写错"
        )
        one = HouseholdRepository(store).household_by_no("360000001")
        assert one is not None
        actions = RegisterActions(store, today=lambda: TODAY)
        baby = factories.person("张小花", "20", d(10, 15), False)
        actions.add_member(one.id, baby, "birth", d(10, 15))  # a change dated in October
        little = store.query("SELECT id, id_number FROM person WHERE name = '张小宝'")[0]
        actions.move_out(little["id"], d(10, 30), "江西省南昌市")  # gone before October's end

    petition_pdf = report(village, "petitions", "2026-11", VILLAGE, tmp_path / "p.pdf")
    assert corrections(petition_pdf) == [
        ["1", "更正", "第二网格", "诉求", reg_no, "概况：诉求 2026-10-20 → 要求修缮村道"],
        ["", "合计", "", "", "共 1 条", ""],
    ]
    assert "上月更正（2026年10月已结账）" in text_of(petition_pdf)

    household_pdf = report(village, "households", "2026-11", VILLAGE, tmp_path / "h.pdf")
    rows = corrections(household_pdf)
    assert [(r[1], r[2], r[3], r[4]) for r in rows[:-1]] == [
        ("删除", "第一网格", "成员", "张小宝（360000001）"),
        ("新增", "第一网格", "成员", "张小花（360000001）"),
        ("新增", "第一网格", "户籍变动", "2026-10-15 出生 张小花"),
        ("新增", "第一网格", "户籍变动", "2026-10-30 迁出 张小宝"),
    ]
    assert rows[-1][1] == "合计" and rows[-1][4] == "共 4 条"
    born = rows[1][5]
    assert "姓名：张小花" in born and "出生日期：2026-10-15" in born
    gone = rows[0][5]
    assert "姓名：张小宝" in gone
    # ID numbers are masked as in the ledger's own table.
    assert (
        little["id_number"] not in gone and f"公民身份号码：{shown_id(little['id_number'])}" in gone
    )

    # A grid's ledger lists only the corrections of its grid.
    g1 = report(village, "petitions", "2026-11", G1, tmp_path / "g1.pdf")
    assert corrections(g1) == []
    g2 = report(village, "petitions", "2026-11", G2, tmp_path / "g2.pdf")
    assert [r[4] for r in corrections(g2)] == [reg_no, "共 1 条"]
    g2_households = report(village, "households", "2026-11", G2, tmp_path / "g2h.pdf")
    assert corrections(g2_households) == []

    # A fresh print of the closed month says so on its face; December lists nothing (the
    # simple rule: only the month after a closed month lists its corrections).
    october = report(village, "petitions", "2026-10", VILLAGE, tmp_path / "oct.pdf")
    assert "本月已结账（" in text_of(october) and "结账后的更正列于下月台账" in text_of(october)
    december = report(village, "petitions", "2026-12", VILLAGE, tmp_path / "dec.pdf")
    assert "上月更正" not in text_of(december)

    # The signed copy kept at closing is the ledger as it was: the old 概况.
    copy = tmp_path / "copy.pdf"
    assert (
        cli(village, "month", "copy", "--month", "2026-10", "--kind", "petitions", "-o", str(copy))
        == 0
    )
    signed = text_of(copy)
    assert "诉求 2026-10-20" in signed and "要求修缮村道" not in signed


def test_an_edit_arriving_by_sync_is_a_correction_too(store: Store, tmp_path: Path) -> None:
    other = Store.open(tmp_path / "other", create=True)  # another PC of the village
    try:
        add_places(other)
        found = petitions(other)
        apply_pull_page(store, first_page(other, cursor=10))
        repo = MonthCloseRepository(store, today=TODAY)
        repo.close(OCTOBER, VILLAGE)
        request = LedgerRequest(PETITIONS, date(2026, 11, 1), VILLAGE)
        assert read_amendments(store, request, TODAY) == []
        p6, p3 = found["P6"], found["P3"]
        PetitionRepository(other).correct(
            p6.id, {"summary": "反映自来水水压不足"}, on=TODAY, reason="补充"
        )
        pulled = page(
            change(other, "petition", p6.id, 2),
            change(other, "petition", p3.id, 2, deleted=1),
            cursor=20,
        )
        apply_pull_page(store, pulled)
        found_now = read_amendments(store, request, TODAY)
        assert found_now is not None
        listed = [(a.change, a.label, a.grid) for a in found_now]
        assert listed == sorted(
            [("changed", p6.reg_no, G2), ("removed", p3.reg_no, G1)], key=lambda x: x[1]
        )
        changed = next(a for a in found_now if a.change == "changed")
        assert [(f.field, f.before, f.after) for f in changed.fields] == [
            ("summary", p6.summary, "反映自来水水压不足")
        ]
    finally:
        other.close()


def test_progress_after_the_month_is_no_correction_a_late_activity_is(store: Store) -> None:
    add_places(store)
    households(store)
    found = petitions(store)
    members = party(store)
    MonthCloseRepository(store, today=TODAY).close(OCTOBER, VILLAGE)
    november = date(2026, 11, 1)

    def listed(kind: str, scope: str = VILLAGE) -> list[Any]:
        got = read_amendments(store, LedgerRequest(kind, november, scope), TODAY)
        assert got is not None
        return got

    # November's work on October's petitions and members is November's news.
    PetitionRepository(store).advance(found["P5"].id, "accept", {"method": "书面"}, on=d(11, 10))
    PartyRepository(store).cancel_report(members["M2"].id, d(11, 10), "工作调动", today=TODAY)
    assert listed(PETITIONS) == [] and listed(PARTY) == [] and listed(SUMMARY) == []

    # An October activity entered late changes October's ledgers.
    activity(store, "补录巡逻", d(10, 18), G1, (members["M1"], 2))
    party_rows = listed(PARTY)
    assert [(a.change, a.part, a.label, a.grid) for a in party_rows] == [
        ("changed", "roster", "刘建国", G1),
        ("added", "activity", "2026-10-18 补录巡逻", G1),
    ]
    assert {f.field for f in party_rows[0].fields} == {"activities", "hours", "points"}
    hours = next(f for f in party_rows[0].fields if f.field == "hours")
    assert float(hours.after) - float(hours.before) == 2
    (summary,) = listed(SUMMARY)
    assert (summary.change, summary.grid) == ("changed", G1)
    fields = {f.field: (f.before, f.after) for f in summary.fields}
    assert fields["party_activities"] == ("1", "2") and "party_activities.year" in fields
    assert listed(PARTY, G2) == [] and listed(SUMMARY, G2) == []
    assert len(listed(PARTY, G1)) == 2


def test_a_household_moved_to_another_grid_shows_on_both_grids_ledgers(store: Store) -> None:
    add_places(store)
    households(store)
    MonthCloseRepository(store, today=TODAY).close(OCTOBER, VILLAGE)
    one = HouseholdRepository(store).household_by_no("360000001")
    assert one is not None and one.grid_code == G1
    RegisterActions(store, today=lambda: TODAY).update_household(one.id, {"grid_code": G2})
    november = date(2026, 11, 1)
    names = {G1: "第一网格", G2: "第二网格"}
    for grid in (G1, G2):
        found = read_amendments(store, LedgerRequest(HOUSEHOLDS, november, grid), TODAY)
        assert found is not None
        members = [a for a in found if a.part == "member"]
        assert sorted(a.label for a in members) == ["张三丰（360000001）", "张小宝（360000001）"]
        assert {change_text(a, grid_names=names) for a in members} == {"网格：第一网格 → 第二网格"}
        events = [a for a in found if a.part == "event"]  # the month's changes moved along
        assert {(a.change, a.grid) for a in events} == {("changed", G2)}


def test_reopen_is_audited_with_its_reason_and_the_month_can_be_closed_again(
    village: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(village, "month", "close", "--month", "2026-10", "--scope", VILLAGE) == 0
    reason = "村民反映10月低保名单有误，需核实后重新结账"
    assert (
        cli(
            village, "month", "reopen", "--month", "2026-10", "--scope", VILLAGE, "--reason", reason
        )
        == 0
    )
    entries = audit(village)
    assert [e["action"] for e in entries[-2:]] == ["month_close", "month_reopen"]
    detail = json.loads(entries[-1]["detail"])
    assert (detail["reason"], detail["month"], detail["village"]) == (reason, "2026-10", VILLAGE)
    assert len(json.loads(entries[-2]["detail"])["snapshot_sha256"]) == 64
    with Store.open(village) as store:
        assert store.verify_audit() == []
        assert not MonthCloseRepository(store).status(OCTOBER, VILLAGE).closed
        # Reopened: no 上月更正 section in November any more.
        request = LedgerRequest(PETITIONS, date(2026, 11, 1), VILLAGE)
        assert read_amendments(store, request) is None
    assert cli(village, "month", "close", "--month", "2026-10", "--scope", VILLAGE) == 0
    capsys.readouterr()
    assert cli(village, "month", "status", "--scope", VILLAGE, "--json") == 0
    out = json.loads(capsys.readouterr().out)
    (october,) = out["months"]
    assert october["month"] == "2026-10" and october["closed"] is True
    history = october["history"]
    assert [h["reopen_reason"] for h in history] == [reason, ""]  # the first close stays
    assert cli(village, "month", "status", "--month", "2026-10", "--scope", G1) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2026-10  石泉村：已于 ") and lines[0].endswith("结账后更正 0 条。")
    assert "由 tester（社区书记）结账" in lines[1] and f"反结账，原因：{reason}" in lines[2]
    with Store.open(village) as store:
        assert store.verify_audit() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--month", "2026-13"), "不是月份"),
        (("--month", "2099-01"), "尚未结束"),
        (("--month", "RUNNING"), "尚未结束"),
        (("--month", "2026-10", "--scope", "360423100299"), "不是本册中的村"),
        (("--month", "2026-10", "--scope", G1), "整个村"),
        (("--month", "2026-10", "TWICE"), "已于"),
        (("--month", "2026-10", "WORKER"), "社区书记"),
    ],
)
def test_refused_closes_say_why_and_change_nothing(
    village: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    words = [a for a in args if a not in ("TWICE", "WORKER")]
    words = [date.today().strftime("%Y-%m") if a == "RUNNING" else a for a in words]
    if "--scope" not in words:
        words += ["--scope", VILLAGE]
    if "TWICE" in args:
        assert cli(village, "month", "close", *words) == 0
    if "WORKER" in args:
        with Store.open(village) as store:
            PetitionRepository(store).set_role(GRID_WORKER)
    before = audit(village)
    capsys.readouterr()
    assert cli(village, "month", "close", *words) == 1
    assert message in capsys.readouterr().err
    assert audit(village) == before
    with Store.open(village) as store:
        closes = store.query("SELECT count(*) AS n FROM month_close")[0]["n"]
    assert closes == (1 if "TWICE" in args else 0)


def test_a_ledger_that_cannot_be_drawn_is_not_closed(
    village: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(village) as store:
        member(store, "张\U00020000", G1, d(1, 5))  # CJK Extension B: not in the ledger font
    before = audit(village)
    capsys.readouterr()
    assert cli(village, "month", "close", "--month", "2026-10", "--scope", VILLAGE) == 1
    err = capsys.readouterr().err
    assert "党员双报到台账无法生成" in err and "U+20000" in err
    assert audit(village) == before
    with Store.open(village) as store:
        assert store.query("SELECT count(*) AS n FROM month_close") == [{"n": 0}]
        assert store.query("SELECT count(*) AS n FROM month_close_copy") == [{"n": 0}]


def test_reopen_needs_a_chief_a_reason_and_a_closed_month(
    village: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("month", "reopen", "--month", "2026-10", "--scope", VILLAGE)
    assert cli(village, *base, "--reason", "核实") == 1  # not closed
    assert "未结账" in capsys.readouterr().err
    copy = ("month", "copy", "--month", "2026-10", "--kind", "households", "--scope", VILLAGE)
    assert cli(village, *copy, "-o", str(village / "copy.pdf")) == 1
    assert "没有 2026-10 的户籍人口台账存档" in capsys.readouterr().err
    assert not (village / "copy.pdf").exists()
    assert cli(village, "month", "close", "--month", "2026-10", "--scope", VILLAGE) == 0
    assert cli(village, *base, "--reason", "   ") == 1
    assert "原因" in capsys.readouterr().err
    with Store.open(village) as store:
        PetitionRepository(store).set_role(GRID_WORKER)
    assert cli(village, *base, "--reason", "核实") == 1
    assert "社区书记" in capsys.readouterr().err
    with Store.open(village) as store:
        assert MonthCloseRepository(store).status(OCTOBER, VILLAGE).closed


def test_a_schema_13_database_upgrades_without_losing_anything(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        add_places(store)
        HouseholdRepository(store).create_household(factories.zhang_family())
        key = store.key.key
        persons = store.query("SELECT id, name, id_number FROM person ORDER BY id")
        log = store.query("SELECT seq, action, hash FROM audit_log ORDER BY seq")
    old_dir = old_copy(data_dir, key, 13, "month_close")
    with Store.open(old_dir) as upgraded:
        assert migrations.schema_version(upgraded.conn) == migrations.LATEST >= 14
        assert upgraded.query("SELECT id, name, id_number FROM person ORDER BY id") == persons
        assert upgraded.query("SELECT seq, action, hash FROM audit_log ORDER BY seq") == log
        close = MonthCloseRepository(upgraded, today=TODAY).close(OCTOBER, VILLAGE)
        assert close.village_code == VILLAGE and upgraded.verify_audit() == []
