"""``gridapp import households``: a roster goes in whole, or not at all with every bad cell named.

Each refusal is checked the way a 网格员 meets it: the spreadsheet row and column, a Chinese
message, exit status 1 — and the database exactly as it was (same rows, outbox and audit).
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell import WriteOnlyCell

from gridapp.cli import main
from gridapp.io.roster import ImportCancelled, SheetLimits, import_roster, load_roster
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from tests.fixtures.rosters import (
    GRID,
    VILLAGE,
    bad_checksum,
    fingerprint,
    idn,
    impossible_date,
    register,
    sample,
    table,
    write_csv,
    write_xlsx,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def import_json(
    data_dir: Path, capsys: pytest.CaptureFixture[str], path: Path, *extra: str
) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(data_dir, capsys, "import", "households", str(path), "--json", *extra)
    return code, json.loads(out)


@pytest.fixture
def existing(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data directory already holding one household (户号 X100, 孙丽's ID number)."""
    rows = [
        {
            "户号": "X100",
            "姓名": "孙丽",
            "公民身份号码": idn(1970, 1, 1, 2),
            "与户主关系": "户主",
            "地址": "石泉村1组1号",
        },
    ]
    code, report = import_json(data_dir, capsys, write_csv(tmp_path / "first.csv", rows))
    assert code == 0, report
    return data_dir


# --- clean imports ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_clean_csv_imports(
    encoding: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "roster.csv", sample(), encoding)
    code, report = import_json(data_dir, capsys, path)
    assert code == 0
    assert report == {"ok": True, "households": 3, "persons": 7, "dry_run": False}
    stats = json.loads(run(data_dir, capsys, "stats", "--json")[1])
    assert stats["households"] == 3 and stats["persons"] == 7
    persons = register(data_dir)["persons"]
    head = persons[idn(1960, 1, 2, 11)]
    assert head["sex"] == "1" and head["birth_date"] == "1960-01-02"
    assert persons[idn(1962, 3, 4, 22)]["sex"] == "2"
    # codes typed as text and as codes resolve alike
    assert (head["relation"], head["ethnicity"], head["political"]) == ("02", "01", "01")
    assert (head["education"], head["marital"]) == ("60", "20")
    wang = persons[idn(1975, 7, 8, 44)]
    assert (wang["relation"], wang["ethnicity"], wang["political"]) == ("02", "01", "13")
    assert persons[idn(2012, 5, 6, 33)]["relation"] == "41"
    assert persons[idn(2001, 9, 10, 56)]["relation"] == "30"
    assert head["tags"] == ["dibao", "disabled"]
    assert wang["tags"] == ["empty_nest", "left_behind_woman"]
    assert wang["phone"] == "0792-1234567"
    # free text verbatim, also when it looks like a formula or spans lines
    assert head["note"] == "=SUM(A1)"
    assert persons[idn(1962, 3, 4, 22)]["note"] == "line1\nline2"
    assert persons[idn(2012, 5, 6, 33)]["note"] == "'quoted"
    # grid and village code; members without 网格 take the household's
    assert head["grid_code"] == GRID and head["area_code"] == VILLAGE
    assert persons[idn(1962, 3, 4, 22)]["grid_code"] == GRID


def test_household_without_number_gets_a_device_prefixed_temporary_one(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_json(data_dir, capsys, write_csv(tmp_path / "r.csv", sample()))
    with Store.open(data_dir) as store:
        prefix = store.device_prefix()
    reg = register(data_dir)
    zhao = reg["persons"][idn(1950, 11, 12, 77)]
    assert zhao["household_no"] == f"L{prefix}00001"
    assert reg["persons"][idn(1980, 12, 13, 89)]["household_no"] == zhao["household_no"]
    assert zhao["area_code"] == "" and zhao["grid_code"] == ""
    # a second roster continues after the numbers already given
    rows = [
        {
            "姓名": "钱一",
            "公民身份号码": idn(1966, 6, 6, 13),
            "与户主关系": "户主",
            "地址": "石泉村9组9号",
        }
    ]
    assert import_json(data_dir, capsys, write_csv(tmp_path / "r2.csv", rows))[0] == 0
    assert register(data_dir)["persons"][idn(1966, 6, 6, 13)]["household_no"] == (f"L{prefix}00002")


def test_clean_xlsx_imports_as_excel_saves_it(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = table(sample())
    rows[1][0] = 1001  # 户号 typed as a number
    rows[2][0] = 1001.0
    rows[3][0] = 1001
    rows[1][6] = 13907921234  # phone as a number
    path = write_xlsx(tmp_path / "roster.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    sheet["M5"] = '="0792 note"'  # a formula cell: its text, never its result
    sheet["M6"] = "=A1+1"
    for r in range(9, 100_009):  # Excel leaves formatted empty rows behind
        sheet.cell(row=r, column=2).number_format = "@"
    workbook.save(path)
    code, report = import_json(data_dir, capsys, path)
    assert code == 0, report
    assert report["households"] == 3 and report["persons"] == 7
    persons = register(data_dir)["persons"]
    head = persons[idn(1960, 1, 2, 11)]
    assert head["household_no"] == "1001" and head["phone"] == "13907921234"
    assert persons[idn(1975, 7, 8, 44)]["note"] == "0792 note"
    assert persons[idn(2001, 9, 10, 56)]["note"] == "=A1+1"
    assert head["note"] == "=SUM(A1)"


def test_merged_cells_count_for_every_row_they_cover(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = table(sample()[:3])
    for r in (2, 3):  # only the top-left cell of a merged range holds the value
        rows[r][0] = None
        rows[r][4] = None
    path = write_xlsx(tmp_path / "merged.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    workbook.active.merge_cells("A2:A4")
    workbook.active.merge_cells("E2:E4")
    workbook.save(path)
    code, report = import_json(data_dir, capsys, path)
    assert code == 0, report
    assert report["households"] == 1
    assert {p["household_no"] for p in register(data_dir)["persons"].values()} == {"H001"}


def test_messy_but_valid_input_is_accepted(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A title row, * marks, header synonyms, 序号, blank template rows, spaces, full width."""
    number = idn(1970, 3, 3, 15)
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows: list[list[Any]] = [
        ["石泉村人口花名册"],
        [
            "序号",
            "户号",
            "*姓名",
            "身份证号",
            "与户主关系(必填)",
            "家庭住址",
            "手机号",
            "学历",
            "性别",
            "出生日期",
        ],
        [
            1,
            "Ｈ９",
            " 周 一 ",
            f" {full_width} ",
            " 户主 ",
            " 石泉村7组2号 ",
            "１３９ ０７９２ ５６７８",
            "本科",
            "男",
            "1970-03-03",
        ],
        [2, None, None, None, None, None, None, None, None, None],
        [3, "", "", "", "", "", "", "", "", ""],
    ]
    path = write_xlsx(tmp_path / "messy.xlsx", rows)
    code, report = import_json(data_dir, capsys, path)
    assert code == 0, report
    person = register(data_dir)["persons"][number]
    assert person["household_no"] == "H9"
    assert person["name"] == "周 一" and person["phone"] == "13907925678"
    assert person["education"] == "20"


# --- refusals ------------------------------------------------------------------------------


def _rows_with(**cells: Any) -> list[dict[str, Any]]:
    """The sample with cells of row 2 (张建国) replaced: header name -> value."""
    rows = sample()
    rows[0].update(cells)
    return rows


CASES: list[tuple[str, list[dict[str, Any]], list[tuple[int, str]]]] = [
    (
        "bad checksum",
        _rows_with(公民身份号码=bad_checksum(idn(1960, 1, 2, 11))),
        [(2, "公民身份号码")],
    ),
    ("impossible date", _rows_with(公民身份号码=impossible_date()), [(2, "公民身份号码")]),
    (
        "ID repeated in the file",
        _rows_with(公民身份号码=idn(1962, 3, 4, 22)),
        [(3, "公民身份号码")],
    ),
    ("unknown code", _rows_with(民族="火星族"), [(2, "民族")]),
    ("unknown code (relation)", _rows_with(与户主关系="邻居"), [(2, "与户主关系")]),
    ("bad phone", _rows_with(联系电话="1390792"), [(2, "联系电话")]),
    ("text too long", _rows_with(姓名="张" * 51), [(2, "姓名")]),
    ("note too long", _rows_with(备注="长" * 501), [(2, "备注")]),
    ("control characters", _rows_with(姓名="张\x07三"), [(2, "姓名")]),
    ("line break in a one-line field", _rows_with(地址="石泉村\n3组"), [(2, "地址")]),
    ("unknown person category", _rows_with(人员类别="低保、外星人"), [(2, "人员类别")]),
    ("missing name", _rows_with(姓名="  "), [(2, "姓名")]),
    ("missing address", [{**sample()[5], "地址": ""}], [(2, "地址")]),
    ("address differs in one household", _rows_with(地址="别的村1号"), [(3, "地址"), (4, "地址")]),
    (
        "no head",
        _rows_with(与户主关系="子"),
        [(2, "与户主关系"), (3, "与户主关系"), (4, "与户主关系")],
    ),
    (
        "two heads",
        [*sample()[:2], {**sample()[2], "与户主关系": "户主"}],
        [(2, "与户主关系"), (4, "与户主关系")],
    ),
]


@pytest.mark.parametrize(("rows", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_rows_are_all_reported_and_nothing_is_written(
    rows: list[dict[str, Any]],
    expected: list[tuple[int, str]],
    existing: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = fingerprint(existing)
    stats_before = run(existing, capsys, "stats", "--json")[1]
    paths = [write_csv(tmp_path / "bad.csv", rows)]
    if not any("\x07" in str(v) for row in rows for v in row.values()):  # not in .xlsx
        paths.append(write_xlsx(tmp_path / "bad.xlsx", rows))
    for path in paths:
        code, report = import_json(existing, capsys, path)
        assert code == 1
        assert report["ok"] is False
        assert [(e["row"], e["column"]) for e in report["errors"]] == expected
        assert all(CHINESE.search(e["message"]) for e in report["errors"]), report
    assert fingerprint(existing) == before
    assert run(existing, capsys, "stats", "--json")[1] == stats_before


def test_every_bad_row_is_listed_not_just_the_first(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = sample()
    rows[1]["联系电话"] = "12345"
    rows[4]["民族"] = "X族"
    rows[6]["公民身份号码"] = bad_checksum(rows[6]["公民身份号码"])
    code, report = import_json(data_dir, capsys, write_csv(tmp_path / "r.csv", rows))
    assert code == 1
    assert [(e["row"], e["column"]) for e in report["errors"]] == [
        (3, "联系电话"),
        (6, "民族"),
        (8, "公民身份号码"),
    ]
    assert fingerprint(data_dir) is None  # a refused import into a new folder creates nothing


def test_duplicates_of_the_database_are_refused(
    existing: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprint(existing)
    rows = sample()
    rows[3]["户号"] = rows[4]["户号"] = "X100"
    rows[5]["公民身份号码"] = idn(1970, 1, 1, 2)
    code, report = import_json(existing, capsys, write_csv(tmp_path / "dup.csv", rows))
    assert code == 1
    errors = [(e["row"], e["column"]) for e in report["errors"]]
    assert errors == [(5, "户号"), (7, "公民身份号码")]
    messages = [e["message"] for e in report["errors"]]
    assert "X100" in messages[0] and "孙丽" in messages[1]
    # --dry-run finds the same problems
    assert import_json(existing, capsys, tmp_path / "dup.csv", "--dry-run")[1] == report
    assert fingerprint(existing) == before


def test_id_number_stored_as_a_number_is_explained(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = table(sample())
    rows[1][2] = 1.1010519491231e17  # what Excel keeps of 110105194912310021
    code, report = import_json(data_dir, capsys, write_xlsx(tmp_path / "n.xlsx", rows))
    assert code == 1
    (error,) = report["errors"]
    assert (error["row"], error["column"]) == (2, "公民身份号码")
    assert "文本" in error["message"] and "15" in error["message"]


def test_sex_and_birth_date_columns_must_agree_with_the_id_number(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["姓名", "公民身份号码", "与户主关系", "地址", "性别", "出生日期"],
        ["周一", idn(1970, 3, 3, 15), "户主", "石泉村7组2号", "女", "1971-03-03"],
    ]
    code, report = import_json(data_dir, capsys, write_csv(tmp_path / "s.csv", rows))
    assert code == 1
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "性别"), (2, "出生日期")]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["姓名", "公民身份号码", "与户主关系", "地址", "联系电活"], [(1, "联系电活")]),
        (["姓名", "公民身份号码", "地址"], [(1, "与户主关系")]),
        (["姓名", "公民身份号码", "与户主关系", "地址", "身份证号"], [(1, "身份证号")]),
    ],
    ids=["misspelled", "missing required", "twice"],
)
def test_header_problems_name_the_column(
    headers: list[str],
    expected: list[tuple[int, str]],
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [headers, ["周一", idn(1970, 3, 3, 15), "户主", "石泉村7组2号", ""][: len(headers)]]
    code, report = import_json(data_dir, capsys, write_csv(tmp_path / "h.csv", rows))
    assert code == 1
    assert [(e["row"], e["column"]) for e in report["errors"]] == expected
    assert expected[0][1] in report["errors"][0]["message"]


def test_values_under_a_blank_header_are_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["姓名", "公民身份号码", "与户主关系", "地址", ""],
        ["周一", idn(1970, 3, 3, 15), "户主", "石泉村7组2号", "something"],
    ]
    code, report = import_json(data_dir, capsys, write_csv(tmp_path / "b.csv", rows))
    assert code == 1
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(1, "E")]


def _truncated_xlsx(path: Path) -> Path:
    full = write_xlsx(path.with_name("full.xlsx"), sample()).read_bytes()
    path.write_bytes(full[: len(full) // 2])
    return path


FILE_CASES = [
    (
        "empty file",
        lambda p: (p.with_suffix(".csv").write_bytes(b""), p.with_suffix(".csv"))[1],
        "空",
    ),
    ("header only", lambda p: write_csv(p.with_suffix(".csv"), table([])), "没有"),
    (
        "random bytes named .xlsx",
        lambda p: (
            p.with_suffix(".xlsx").write_bytes(bytes(range(256)) * 40),
            p.with_suffix(".xlsx"),
        )[1],
        "Excel",
    ),
    ("truncated xlsx", lambda p: _truncated_xlsx(p.with_suffix(".xlsx")), "Excel"),
    (
        "random bytes named .csv",
        lambda p: (
            p.with_suffix(".csv").write_bytes(bytes(range(256)) * 40),
            p.with_suffix(".csv"),
        )[1],
        "CSV",
    ),
    ("an xlsx named .csv", lambda p: write_xlsx(p.with_suffix(".csv"), sample()), "CSV"),
    (
        "old .xls",
        lambda p: (p.with_suffix(".xls").write_bytes(b"\xd0\xcf\x11\xe0"), p.with_suffix(".xls"))[
            1
        ],
        ".xlsx",
    ),
    ("missing file", lambda p: p.with_suffix(".csv"), "不存在"),
]


@pytest.mark.parametrize(
    ("make", "word"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_unusable_files_get_one_clear_message(
    make: Any, word: str, existing: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprint(existing)
    path = make(tmp_path / "input")
    code, report = import_json(existing, capsys, path)
    assert code == 1
    assert len(report["errors"]) == 1, report
    message = report["errors"][0]["message"]
    assert CHINESE.search(message) and word in message, message
    assert fingerprint(existing) == before


def test_size_and_row_limits(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", sample())
    plan = load_roster(path, limits=SheetLimits(max_bytes=100))
    assert [e.message for e in plan.errors] and "MB" in plan.errors[0].text()
    plan = load_roster(path, limits=SheetLimits(max_rows=5))
    assert len(plan.errors) == 1 and "5" in plan.errors[0].text()
    assert load_roster(path, limits=SheetLimits(max_rows=7)).errors == []


def test_a_huge_cell_is_refused_not_crashed(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = sample()
    rows[0]["备注"] = "x" * 300_000  # beyond the csv module's field limit
    code, report = import_json(data_dir, capsys, write_csv(tmp_path / "r.csv", rows))
    assert code == 1 and report["errors"][0]["row"] == 2


def test_text_output_names_row_and_column(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "r.csv", _rows_with(联系电话="12345"))
    code, out, err = run(data_dir, capsys, "import", "households", str(path))
    assert code == 1 and out == ""
    assert "第2行" in err and "联系电话" in err


# --- dry run, progress and cancel ------------------------------------------------------------


def test_dry_run_writes_nothing(
    existing: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "r.csv", sample())
    before = fingerprint(existing)
    code, report = import_json(existing, capsys, path, "--dry-run")
    assert code == 0 and report == {"ok": True, "households": 3, "persons": 7, "dry_run": True}
    assert fingerprint(existing) == before
    fresh = tmp_path / "fresh"
    assert import_json(fresh, capsys, path, "--dry-run")[0] == 0
    assert not fresh.exists()


def test_progress_reaches_the_total(store: Store, tmp_path: Path) -> None:
    rows = [
        {
            "户号": f"P{i}",
            "姓名": f"人{i}",
            "与户主关系": "户主",
            "地址": f"村{i}号",
            "公民身份号码": idn(1950 + i % 50, 1 + i % 12, 1 + i % 28, (2 * i + 1) % 1000),
        }
        for i in range(1200)
    ]
    calls: list[tuple[int, int]] = []
    report = import_roster(
        store, write_csv(tmp_path / "p.csv", rows), progress=lambda d, t: calls.append((d, t))
    )
    assert report.ok and report.persons == 1200
    assert calls and calls[-1][0] == calls[-1][1] == 3 * 1200
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.parametrize("after_calls", [0, 3, 5])
def test_cancel_leaves_the_database_unchanged(
    after_calls: int, store: Store, tmp_path: Path
) -> None:
    """Cancelled while reading (0), checking (3) or writing (5): nothing is written."""
    rows = [
        {
            "户号": f"C{i}",
            "姓名": f"人{i}",
            "公民身份号码": idn(1960, 1, 1 + i % 28, i % 1000),
            "与户主关系": "户主",
            "地址": f"村{i}号",
        }
        for i in range(2000)
    ]
    path = write_csv(tmp_path / "c.csv", rows)
    polls = {"n": 0}

    def cancelled() -> bool:
        polls["n"] += 1
        return polls["n"] > after_calls

    before = HouseholdRepository(store).stats()
    audit = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(ImportCancelled):
        import_roster(store, path, cancelled=cancelled)
    assert HouseholdRepository(store).stats() == before
    assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit


def test_import_is_one_audited_action(store: Store, tmp_path: Path) -> None:
    report = import_roster(
        store, write_csv(tmp_path / "roster.csv", sample()), today=date(2026, 1, 1)
    )
    assert report.written
    ((detail,),) = store.conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'import households'"
    ).fetchall()
    info = json.loads(detail)
    assert (info["file"], info["households"], info["persons"]) == ("roster.csv", 3, 7)
    outbox = store.conn.execute("SELECT tbl, count(*) FROM outbox GROUP BY tbl").fetchall()
    assert dict(outbox)["person"] == 7 and dict(outbox)["household"] == 3


def test_empty_trailing_rows_do_not_count_against_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "trailing.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for values in table(sample()):
        sheet.append(values)
    for _ in range(120_000):
        cell = WriteOnlyCell(sheet, value=None)
        cell.number_format = "@"
        sheet.append([cell])
    workbook.save(path)
    plan = load_roster(path, limits=SheetLimits(max_rows=10))
    assert plan.errors == [] and plan.persons == 7


def test_hostile_zip_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", sample())
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/padding.bin", b"\0" * (3 * 2**20), zipfile.ZIP_DEFLATED)
    plan = load_roster(path, limits=SheetLimits(max_bytes=100_000))
    assert len(plan.errors) == 1 and "MB" in plan.errors[0].text()
