"""The recovery code (恢复码): the printed sheet, and opening the database again with it after
the keyring entry, the passphrase or the whole PC is lost."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import keyring
import pdfplumber
import pytest

from gridapp.cli import main
from gridapp.models.petition_flow import GRID_WORKER
from gridapp.reports.recovery_sheet import write_recovery_sheet
from gridapp.store import keys, recovery
from gridapp.store.db import Store
from gridapp.store.errors import MissingKeyError, WrongPassphraseError
from gridapp.store.households import HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.store.scope import WorkScope, save_scope
from tests import factories
from tests.fakes import MemoryKeyring
from tests.pdf_read import assert_fonts_embedded

CODE_RE = re.compile(r"[2-9A-Z]{4}(?:-[2-9A-Z]{4}){6}")


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return status, out, err


def snapshot(data_dir: Path) -> dict[str, Any]:
    """Every record a user would miss, read through a normal open."""
    with Store.open(data_dir) as store:
        return {
            "person": store.query("SELECT id, name, id_number, phone FROM person ORDER BY id"),
            "household": store.query("SELECT id, household_no FROM household ORDER BY id"),
            "outbox": store.query(
                "SELECT device_seq, row_id, changes FROM outbox ORDER BY device_seq"
            ),
            "device": store.device_id,
        }


def file_digests(data_dir: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in data_dir.iterdir()
        if p.is_file()
    }


def sheet_code(pdf: Path) -> str:
    """The code as printed: the characters in the monospaced face, line by line."""
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1
        page = doc.pages[0]
        assert "网格通 数据恢复码" in (page.extract_text() or "")
        chars = [c for c in page.chars if "Mono" in c["fontname"]]
    chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
    assert all(c["size"] >= 20 for c in chars)  # large
    symbols = "".join(c["text"] for c in chars)
    assert len(symbols) == recovery.CODE_SYMBOLS, symbols
    return recovery.format_code(symbols)


@pytest.fixture
def ring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    memory = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: memory)
    return memory


@pytest.fixture
def register(data_dir: Path) -> Path:
    """A register with a family in it and a work scope (the sheet names the village)."""
    with Store.open(data_dir, create=True) as store:
        HouseholdRepository(store).create_household(factories.zhang_family())
        save_scope(store, WorkScope("360423100200", "宋溪村"))
    return data_dir


def test_code_is_grouped_and_every_single_typo_or_swap_is_caught() -> None:
    code = recovery.new_code()
    assert CODE_RE.fullmatch(code)
    symbols = recovery.parse_code(code)
    assert recovery.parse_code(f" {code.lower().replace('-', ' ')} ") == symbols
    assert len(set(recovery.ALPHABET)) == 31 and not set("01ILO") & set(recovery.ALPHABET)
    for index, right in enumerate(symbols):
        for wrong in recovery.ALPHABET.replace(right, ""):
            typo = symbols[:index] + wrong + symbols[index + 1 :]
            with pytest.raises(recovery.ValidationError):
                recovery.parse_code(typo)
    for index in range(len(symbols) - 1):
        a, b = symbols[index], symbols[index + 1]
        if a != b:
            swapped = symbols[:index] + b + a + symbols[index + 2 :]
            with pytest.raises(recovery.ValidationError):
                recovery.parse_code(swapped)


def test_new_database_has_a_recovery_record_but_never_the_code(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        code = store.key.recovery_code
        raw_key = store.key.key
    recovery.parse_code(code)
    assert code not in repr(store.key)
    record = json.loads((data_dir / recovery.RECOVERY_FILE).read_text())
    assert record["kdf"]["name"] == "scrypt" and record["sheet_id"]
    for path in data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert code.encode() not in data and recovery.parse_code(code).encode() not in data
            assert raw_key not in data and raw_key.hex().encode() not in data
    with Store.open(data_dir) as again:
        assert again.key.recovery_code == ""  # only the set-up holds it


def test_lost_keyring_entry_is_recovered_from_the_printed_sheet(
    ring: MemoryKeyring, register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(register)
    assert before["person"]
    pdf = tmp_path / "恢复码.pdf"
    status, _, err = run(register, capsys, "recovery-sheet", "-o", str(pdf))
    assert status == 0, err
    assert "删除" in err  # told to delete the file once printed
    code = sheet_code(pdf)
    with pdfplumber.open(pdf) as doc:
        text = doc.pages[0].extract_text() or ""
    assert "宋溪村" in text and str(register.resolve()) in text.replace("\n", "")
    assert_fonts_embedded(pdf)

    ring.entries.clear()  # the Credential Manager was wiped
    with pytest.raises(MissingKeyError):
        Store.open(register)
    status, _, err = run(register, capsys, "recover", "--code", code.lower())
    assert status == 0, err
    assert "系统密钥库" in err
    assert ring.entries  # kept in the keyring again
    after = snapshot(register)
    assert after["person"] == before["person"] and after["household"] == before["household"]
    assert after["outbox"] == before["outbox"] and after["device"] == before["device"]
    with Store.open(register) as store:
        assert store.verify_audit() == []
        actions = [r["action"] for r in store.query("SELECT action FROM audit_log")]
    assert actions[-2:] == [recovery.ACTION_SHEET, recovery.ACTION_RECOVERED]


def test_forgotten_passphrase_is_replaced_by_a_new_one(
    register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(register) as store:
        facts = recovery.recovery_sheet(store, tmp_path / "s.pdf", write_recovery_sheet)
    before = snapshot(register)
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "the new passphrase")
    with pytest.raises(WrongPassphraseError):
        Store.open(register)  # the old passphrase is forgotten
    info = recovery.recover_key(register, facts.code)
    assert info.method == "passphrase"
    assert snapshot(register) == before  # opens with the new passphrase alone


def test_replaced_pc_opens_the_copied_folder_with_the_code(
    ring: MemoryKeyring, register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(register, capsys, "recovery-sheet", "-o", str(tmp_path / "s.pdf"))
    code = sheet_code(tmp_path / "s.pdf")
    before = snapshot(register)
    new_pc = tmp_path / "new-pc" / "GridApp"
    shutil.copytree(register, new_pc)
    ring.entries.clear()  # the new PC's keyring has never seen this database
    with pytest.raises(MissingKeyError):
        Store.open(new_pc)
    assert run(new_pc, capsys, "recover", "--code", code)[0] == 0
    assert snapshot(new_pc) == before


def test_typo_is_caught_before_any_key_derivation_and_changes_nothing(
    register: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(register, capsys, "recovery-sheet", "-o", str(tmp_path / "s.pdf"))
    code = sheet_code(tmp_path / "s.pdf")
    (register / keys.KEY_FILE).unlink()
    before = file_digests(register)
    derived: list[object] = []
    real = keys._kek
    monkeypatch.setattr(keys, "_kek", lambda *a: derived.append(a) or real(*a))
    wrong = "2" if code[5] != "2" else "3"
    typo = code[:5] + wrong + code[6:]
    status, _, err = run(register, capsys, "recover", "--code", typo)
    assert status == 1 and "校验位" in err
    status, _, err = run(register, capsys, "recover", "--code", code[:-5])
    assert status == 1 and "24 个字符" in err
    status, _, err = run(register, capsys, "recover", "--code", code.replace(code[0], "O", 1))
    assert status == 1 and "“O”" in err
    assert derived == []
    assert file_digests(register) == before


def test_wrong_code_and_an_older_sheet_are_refused(
    register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(register, capsys, "recovery-sheet", "-o", str(tmp_path / "old.pdf"))
    old = sheet_code(tmp_path / "old.pdf")
    run(register, capsys, "recovery-sheet", "-o", str(tmp_path / "new.pdf"))
    new = sheet_code(tmp_path / "new.pdf")
    assert new != old
    (register / keys.KEY_FILE).unlink()
    before = file_digests(register)
    for refused in (old, recovery.new_code()):
        status, _, err = run(register, capsys, "recover", "--code", refused)
        assert status == 1 and "打不开本数据库" in err
        assert file_digests(register) == before
    assert run(register, capsys, "recover", "--code", new)[0] == 0
    assert snapshot(register)["person"]


def test_setup_sheet_prints_the_code_made_with_the_database(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        facts = recovery.recovery_sheet(
            store, tmp_path / "setup.pdf", write_recovery_sheet, renew=False
        )
        made = store.key.recovery_code
    assert facts.code == made == sheet_code(tmp_path / "setup.pdf")
    assert "（尚未选择工作范围）" in (
        pdfplumber.open(tmp_path / "setup.pdf").pages[0].extract_text()
    )
    (data_dir / keys.KEY_FILE).unlink()
    recovery.recover_key(data_dir, made)
    Store.open(data_dir).close()
    with Store.open(data_dir) as store, pytest.raises(recovery.NoSetupCodeError):
        recovery.recovery_sheet(store, tmp_path / "again.pdf", write_recovery_sheet, renew=False)


def test_register_without_a_code_gets_one_from_a_new_sheet(
    register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (register / recovery.RECOVERY_FILE).unlink()  # made before recovery codes existed
    status, _, err = run(register, capsys, "recover", "--code", recovery.new_code())
    assert status == 2 and "没有恢复码" in err
    assert run(register, capsys, "recovery-sheet", "-o", str(tmp_path / "s.pdf"))[0] == 0
    code = sheet_code(tmp_path / "s.pdf")
    (register / keys.KEY_FILE).unlink()
    assert run(register, capsys, "recover", "--code", code)[0] == 0


def test_a_grid_worker_may_not_make_a_new_code(
    register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(register) as store:
        PetitionRepository(store).set_role(GRID_WORKER)
    before = (register / recovery.RECOVERY_FILE).read_bytes()
    status, _, err = run(register, capsys, "recovery-sheet", "-o", str(tmp_path / "s.pdf"))
    assert status == 1 and "备份" in err
    assert not (tmp_path / "s.pdf").exists()
    assert (register / recovery.RECOVERY_FILE).read_bytes() == before


def test_failed_print_leaves_the_old_sheet_valid(register: Path, tmp_path: Path) -> None:
    with Store.open(register) as store:
        old = recovery.recovery_sheet(store, tmp_path / "old.pdf", write_recovery_sheet)

        def broken(path: Path, facts: recovery.RecoverySheetFacts) -> None:
            path.write_bytes(b"%PDF half")
            raise OSError("disk full")

        with pytest.raises(OSError):
            recovery.recovery_sheet(store, tmp_path / "new.pdf", broken)
    assert not (tmp_path / "new.pdf").exists() and not list(tmp_path.glob("*.part"))
    (register / keys.KEY_FILE).unlink()
    recovery.recover_key(register, old.code)
    assert snapshot(register)["person"]


def test_record_of_another_database_is_refused(
    register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    with Store.open(other, create=True) as store:
        code = store.key.recovery_code
    shutil.copy(other / recovery.RECOVERY_FILE, register / recovery.RECOVERY_FILE)
    (register / keys.KEY_FILE).unlink()
    before = file_digests(register)
    status, _, err = run(register, capsys, "recover", "--code", code)
    assert status == 2 and "属于另一个数据库" in err
    assert file_digests(register) == before


def test_dead_disk_backup_and_record_from_a_usb_drive(
    ring: MemoryKeyring, register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(register, capsys, "recovery-sheet", "-o", str(tmp_path / "s.pdf"))
    code = sheet_code(tmp_path / "s.pdf")
    usb = tmp_path / "usb"
    usb.mkdir()
    with Store.open(register) as store:
        store.backup(usb / "gridapp-20261201-200000.db")
    shutil.copy(register / recovery.RECOVERY_FILE, usb / recovery.RECOVERY_FILE)
    before = snapshot(register)
    new_pc = tmp_path / "new-pc"
    new_pc.mkdir()
    shutil.copy(usb / "gridapp-20261201-200000.db", new_pc / "gridapp.db")
    ring.entries.clear()
    status, _, err = run(
        new_pc, capsys, "recover", "--code", code, "--record", str(usb / recovery.RECOVERY_FILE)
    )
    assert status == 0, err
    assert snapshot(new_pc)["person"] == before["person"]
    assert recovery.recovery_record(new_pc) == recovery.recovery_record(register)


def test_command_line_set_up_tells_to_print_the_sheet(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(data_dir, capsys, "demo", "--households", "2", "--seed", "1")
    assert status == 0 and "gridapp recovery-sheet" in err and "保险柜" in err
    assert recovery.recovery_record(data_dir) is not None
