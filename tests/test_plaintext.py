"""No ID number or phone in plaintext anywhere on the disk (issue #8, "Done when"): the
database, its WAL with recent writes (not checkpointed), a backup, and an export and a printed
ledger made by a role without the right to unmask are searched, byte by byte, for every
person's and petitioner's ID number and phone — as UTF-8, GBK and UTF-16, and in the export's
text also with spaces or dashes inside. The same export by the secretary (who may unmask)
shows them: the search can fail.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from gridapp.cli import main
from gridapp.demo.load import load_demo
from gridapp.io.export import export_households
from gridapp.models.access import ROLE_PERMISSIONS, Permission
from gridapp.models.petition_flow import GRID_WORKER, SECRETARY
from gridapp.store.connection import DB_FILE
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.petitions import PetitionRepository

ENCODINGS = ("utf-8", "gbk", "utf-16-le", "utf-16-be")


def secrets(store: Store) -> list[str]:
    """Every ID number and phone of the register's persons, petitioners and party members."""
    found: set[str] = set()
    for sql in (
        "SELECT id_number, phone FROM person",
        "SELECT id_number, phone FROM petition_petitioner",
        "SELECT id_number, phone FROM party_member",
    ):
        for number, phone in store.conn.execute(sql):
            found.update(v for v in (number, phone) if v and len(v) >= 7)
    return sorted(found)


def needles(value: str) -> list[bytes]:
    variants = {value, value.lower(), value.upper()}
    return [v.encode(e) for v in variants for e in ENCODINGS]


def leaks(blob: bytes, values: list[str]) -> list[str]:
    return [v for v in values if any(n in blob for n in needles(v))]


def text_leaks(text: str, values: list[str]) -> list[str]:
    """Values in ``text`` also when written with spaces, dashes or other separators inside."""
    digits = re.sub(r"[\s\-‐－—_.,/()（）]", "", text).upper()
    return [v for v in values if v.upper() in digits]


def workbook_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    return "\n".join(c for c in cells if c != "None")


def test_no_id_number_or_phone_is_in_plaintext_on_the_disk(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A county may let its grid workers export: still no unmasking (the role table's test
    # double; the real 网格员 has no export at all).
    worker = frozenset({Permission.PRINT, Permission.EXPORT})
    monkeypatch.setitem(ROLE_PERMISSIONS, GRID_WORKER, worker)
    with Store.open(data_dir, create=True) as store:
        load_demo(store, 40, seed=5)
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")  # recent writes stay in the WAL
        repo = HouseholdRepository(store)
        person_id = store.query("SELECT id FROM person WHERE status = '1' LIMIT 1")[0]["id"]
        repo.update_person(person_id, {"phone": "13712345678"})
        backup = store.backup(tmp_path / "backup.db")
        PetitionRepository(store).set_role(GRID_WORKER)  # set-up mode: this PC's role
        csv_path = export_households(store, tmp_path / "worker.csv").path
        xlsx_path = export_households(store, tmp_path / "worker.xlsx").path
        values = secrets(store)
        village = store.query("SELECT area_code FROM person WHERE id = ?", (person_id,))
        wal = (data_dir / (DB_FILE + "-wal")).read_bytes()  # while open: not checkpointed
        database = (data_dir / DB_FILE).read_bytes()
    assert len(values) > 100 and "13712345678" in values
    assert len(wal) > 100_000  # the WAL holds the recent pages
    pdf = tmp_path / "worker.pdf"
    month = date.today().strftime("%Y-%m")
    code = main(["--data-dir", str(data_dir), "report", "households", "--month", month,
                 "--scope", village[0]["area_code"], "-o", str(pdf)])  # fmt: skip
    assert code == 0
    with pdfplumber.open(pdf) as document:
        pdf_text = "\n".join(p.extract_text() or "" for p in document.pages)
    assert len(pdf_text) > 1000

    for name, blob in (
        ("database", database),
        ("wal", wal),
        ("backup", backup.read_bytes()),
        ("csv export", csv_path.read_bytes()),
        ("xlsx export", xlsx_path.read_bytes()),
        ("ledger pdf", pdf.read_bytes()),
    ):
        assert leaks(blob, values) == [], name
    csv_text = csv_path.read_text("utf-8-sig")
    assert text_leaks(csv_text, values) == []
    assert text_leaks(workbook_text(xlsx_path), values) == []
    assert text_leaks(pdf_text, values) == []
    assert "****" in csv_text and "****" in pdf_text  # masked, not left out

    # The same export by the secretary, who may unmask: the numbers are there.
    with Store.open(data_dir) as store:
        PetitionRepository(store).set_role(SECRETARY)
        full = export_households(store, tmp_path / "secretary.csv").path
        current = [
            v
            for r in store.query("SELECT id_number, phone FROM person WHERE status = '1'")
            for v in (r["id_number"], r["phone"])
            if v
        ]
    found = leaks(full.read_bytes(), values)
    assert set(current) <= set(found) and "13712345678" in found
