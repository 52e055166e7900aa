"""``gridapp export households``: the register as a roster that Excel opens safely and that
imports back into an empty data directory as the same register, free text verbatim."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from gridapp.cli import main
from gridapp.io.export import export_households
from gridapp.io.roster import COLUMNS
from gridapp.models import codes
from gridapp.models.household import PersonTag
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository, new_id
from tests import factories
from tests.fixtures.rosters import HEADERS, fingerprint, idn, register, sample, write_xlsx

HOSTILE_NOTES = [
    "=SUM(A1)",
    "'quoted",
    "+86 note",
    "a,b",
    "line1\nline2",
    '"quotes"',
    "@cmd",
    "-5",
    "'=already quoted",
    '="looks like our own encoding"',
    "tab\tinside",
]


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def roster() -> list[dict[str, object]]:
    """The sample plus one person per hostile note, in their own households."""
    rows = sample()
    for i, note in enumerate(HOSTILE_NOTES):
        rows.append(
            {
                "户号": f"=H{i}" if i == 0 else f"0{i:03d}",
                "姓名": f"测试{i}",
                "公民身份号码": idn(1980, 1, 1 + i, 2 * i + 1),
                "与户主关系": "户主",
                "地址": f"石泉村{i}号",
                "网格": "360423100200",
                "备注": note,
            }
        )
    return rows


@pytest.fixture
def source(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = write_xlsx(tmp_path / "in.xlsx", roster())  # .xlsx: notes stored as typed
    code, out, err = run(data_dir, capsys, "import", "households", str(path), "--json")
    assert code == 0, out + err
    return data_dir


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_reproduces_the_register(
    suffix: str, source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"register{suffix}"
    code, text, _ = run(source, capsys, "export", "households", "-o", str(out), "--json")
    assert code == 0
    assert json.loads(text) == {"ok": True, "file": str(out), "households": 14, "persons": 18}
    copy = tmp_path / "copy"
    code, text, _ = run(copy, capsys, "import", "households", str(out), "--json")
    assert code == 0, text
    original, restored = register(source), register(copy)
    assert restored == original
    notes = {p["note"] for p in restored["persons"].values()}
    assert set(HOSTILE_NOTES) <= notes
    # the temporary 户号 of the household without one travels as data
    assert any(h[0].startswith("L") for h in restored["households"])


def test_csv_is_safe_to_open_in_excel(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.csv"
    with Store.open(source) as store:
        export_households(store, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8, not the ANSI code page
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert rows[0] == HEADERS
    id_col, phone_col, no_col = (HEADERS.index(h) for h in ("公民身份号码", "联系电话", "户号"))
    wrapped = re.compile(r'^="(?:[^"]|"")*"$')
    for row in rows[1:]:
        assert wrapped.match(row[id_col]), row[id_col]  # never 3.6E+17
        assert wrapped.match(row[no_col])
        assert row[phone_col] == "" or wrapped.match(row[phone_col])
        for cell in row:
            if cell.startswith("="):
                assert wrapped.match(cell), cell  # only our own ="text" constants
            assert not cell.startswith(("+", "-", "@", "\t", "\r")), cell
    body = raw.decode("utf-8-sig")
    assert "'=SUM(A1)" in body and "''quoted" in body and "'+86 note" in body


def test_xlsx_cells_are_text(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    with Store.open(source) as store:
        export_households(store, out)
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[1]] == HEADERS
    id_col = HEADERS.index("公民身份号码") + 1
    note_col = HEADERS.index("备注") + 1
    for row in sheet.iter_rows(min_row=2):
        id_cell = row[id_col - 1]
        assert id_cell.data_type == "s" and id_cell.number_format == "@"
        assert isinstance(id_cell.value, str) and len(id_cell.value) == 18
        assert row[note_col - 1].data_type != "f"  # "=SUM(A1)" stays text


def test_codes_are_written_as_labels_head_first(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.csv"
    with Store.open(source) as store:
        export_households(store, out)
    rows = list(csv.DictReader(out.read_text("utf-8-sig").splitlines(keepends=True)))
    h001 = [r for r in rows if r["户号"] == '="H001"']
    assert h001[0]["姓名"] == "张建国"
    assert h001[0]["与户主关系"] == "户主" and h001[0]["民族"] == "汉族"
    assert h001[0]["政治面貌"] == "中共党员" and h001[0]["人员类别"] == "低保对象、残疾人"
    assert {r["与户主关系"] for r in h001[1:]} == {"配偶", "孙子"}


def test_person_category_labels_never_contain_a_separator() -> None:
    for entry in codes.table("person_tag").items():
        assert not re.search(r"[、;；,，\n]", entry.label), entry.label


def test_ended_categories_and_people_who_left_are_not_exported(
    source: Path, tmp_path: Path
) -> None:
    with Store.open(source) as store:
        repo = HouseholdRepository(store)
        child = repo.person_by_id_number(idn(2012, 5, 6, 33))
        assert child is not None
        repo.update_person(child.id, {"status": "2", "status_date": "2024-01-01"})
        head = factories.person("钱多", "02", date(1955, 5, 5), True)
        bundle = factories.household("T1", "石泉村8组8号", [head])
        bundle.person_tags = [
            PersonTag(
                id=new_id(),
                person_id=head.id,
                tag="dibao",
                start_date=date(2020, 1, 1),
                end_date=date(2021, 1, 1),
            ),
            PersonTag(id=new_id(), person_id=head.id, tag="veteran", start_date=date(2020, 1, 1)),
        ]
        repo.create_household(bundle)
        out = tmp_path / "register.csv"
        result = export_households(store, out, today=date(2026, 1, 1))
    assert result.persons == 18 - 1 + 1
    text = out.read_text("utf-8-sig")
    assert idn(2012, 5, 6, 33) not in text
    row = next(r for r in csv.DictReader(text.splitlines(keepends=True)) if r["姓名"] == "钱多")
    assert row["人员类别"] == "退役军人"


def test_export_is_audited_and_replaces_the_file_whole(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "register.csv"
    out.write_text("old content")
    code, text, _ = run(source, capsys, "export", "households", "-o", str(out))
    assert code == 0 and "18" in text and "导出" in text
    assert out.read_text("utf-8-sig").startswith("户号,")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    with Store.open(source) as store:
        ((detail,),) = store.conn.execute(
            "SELECT detail FROM audit_log WHERE action = 'export'"
        ).fetchall()
    assert json.loads(detail)["file"] == "register.csv"


def test_export_refusals(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = fingerprint(source)
    code, _, err = run(source, capsys, "export", "households", "-o", str(tmp_path / "r.pdf"))
    assert code == 1 and ".xlsx" in err
    code, _, err = run(
        source, capsys, "export", "households", "-o", str(tmp_path / "missing" / "r.csv")
    )
    assert code == 1 and "无法写入" in err
    assert fingerprint(source) == before
    code, _, _ = run(
        tmp_path / "empty", capsys, "export", "households", "-o", str(tmp_path / "r.csv")
    )
    assert code == 2
    assert COLUMNS[0].header == "户号"
