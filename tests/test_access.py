"""What each role may do (issue #8), enforced in the repositories: for each permission a role
without it is refused — through the repository and the command line — with nothing changed,
and a role with it succeeds with its audit entry. Real accounts on a real SQLCipher store.

The office: 石泉村 with 张三丰's household (王芳 低保对象, 张小明 社区矫正对象 — a 重点管理
tag), an administrator, a secretary (李书记) and a grid worker (王网格). The grid worker
registered one petition; the secretary registered another whose content is secret to her.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWidget

from gridapp.cli import main
from gridapp.models.access import ADMIN
from gridapp.models.household import PersonTag
from gridapp.models.idnumber import mask_phone
from gridapp.models.ledger import HOUSEHOLDS, PETITIONS, LedgerRequest
from gridapp.models.petition import Petition, Petitioner
from gridapp.models.petition_flow import GRID_WORKER, SECRETARY
from gridapp.store.access import AccessDenied
from gridapp.store.accounts import AccountRepository
from gridapp.store.attachments import AttachmentStore
from gridapp.store.db import Store
from gridapp.store.household_list import HouseholdFilter
from gridapp.store.household_view import load_household_view
from gridapp.store.households import HouseholdRepository
from gridapp.store.ledgers import read_printable
from gridapp.store.month_close import MonthCloseRepository
from gridapp.store.petition_list import PetitionFilter
from gridapp.store.petitions import PetitionRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.ui.context import UiContext
from gridapp.ui.pages import household as household_page
from tests import factories
from tests.test_ledger_data import G1, VILLAGE, add_places, work_in
from tests.test_ui_forms import WAIT
from tests.test_ui_forms import ctx as ctx
from tests.test_ui_forms import window as window

PASSWORD = "pass-word-8"
WORKER, CHIEF, ADMINISTRATOR = "wangge", "shuji", "admin"
SECRET = "村主任挪用低保资金"  # the secretary's petition: its summary
SECRET_CONTENT = "举报村主任挪用低保资金三万元"
OWN = "3组路灯不亮"  # the grid worker's petition
REPORTER_PHONE = "13911112222"
REG = date(2026, 10, 8)
OCTOBER = date(2026, 10, 1)
# The actions of logging in and out: every command line run adds them.
SESSION_ACTIONS = ("login", "logout")


@pytest.fixture
def office(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GRIDAPP_PASSWORD", PASSWORD)
    with Store.open(data_dir, create=True) as store:
        add_places(store)
        work_in(store, G1)
        bundle = factories.zhang_family()
        son = bundle.members[2]
        focus = PersonTag(
            factories.uid(), son.id, "correction", date(2024, 1, 1), area_code=VILLAGE
        )
        bundle = factories.HouseholdBundle(
            bundle.household, bundle.members, [*bundle.person_tags, focus]
        )
        HouseholdRepository(store).create_household(bundle, today=date(2026, 3, 1))
        accounts = AccountRepository(store)
        accounts.add(ADMINISTRATOR, "管理员", ADMIN, PASSWORD)
        accounts.login(ADMINISTRATOR, PASSWORD)
        accounts.add(CHIEF, "李书记", SECRETARY, PASSWORD)
        accounts.add(WORKER, "王网格", GRID_WORKER, PASSWORD)
        accounts.logout()
        accounts.login(WORKER, PASSWORD)
        _register(store, OWN, "路灯坏了两周", Petitioner(factories.uid(), "", "孙八"))
        accounts.logout()
        accounts.login(CHIEF, PASSWORD)
        reporter = Petitioner(factories.uid(), "", "周九", phone=REPORTER_PHONE)
        _register(store, SECRET, SECRET_CONTENT, reporter)
        accounts.logout()
    return data_dir


def _register(store: Store, summary: str, content: str, who: Petitioner) -> Petition:
    petition = Petition(factories.uid(), "", REG, "visit", "claim", summary=summary)
    petition.content = content
    return PetitionRepository(store).register(petition, [who], today=date(2026, 10, 9))


@contextmanager
def session(data_dir: Path, username: str) -> Iterator[Store]:
    with Store.open(data_dir) as store:
        AccountRepository(store).login(username, PASSWORD)
        yield store


def cli(data_dir: Path, capsys: pytest.CaptureFixture[str], user: str, *args: str) -> Any:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), "--account", user, *args])
    out, err = capsys.readouterr()
    return code, out, err


def actions(data_dir: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """The audit entries but logins and logouts: (action, user, detail)."""
    with Store.open(data_dir) as store:
        rows = store.query("SELECT action, user_id, detail FROM audit_log ORDER BY seq")
    return [
        (r["action"], r["user_id"], json.loads(r["detail"]))
        for r in rows
        if r["action"] not in SESSION_ACTIONS
    ]


def data(data_dir: Path) -> tuple[int, ...]:
    tables = ("person", "person_tag", "petition", "petition_attachment", "month_close", "outbox")
    with Store.open(data_dir) as store:
        return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def secret_id(store: Store) -> str:
    return str(store.query("SELECT id FROM petition WHERE summary = ?", (SECRET,))[0]["id"])


def reg_no_of(data_dir: Path, summary: str) -> str:
    with Store.open(data_dir) as store:
        rows = store.query("SELECT reg_no FROM petition WHERE summary = ?", (summary,))
    return str(rows[0]["reg_no"])


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join((p.extract_text() or "") for p in pdf.pages).replace("\n", "")


# --- SEE_PETITION_CONTENT --------------------------------------------------------------------


def test_a_grid_worker_reads_no_content_of_others_petitions_through_the_repository(
    office: Path,
) -> None:
    with session(office, WORKER) as store:
        repo = PetitionRepository(store)
        other = repo.get(secret_id(store))
        assert SECRET not in (other.summary, other.content) and other.summary == "内容保密"
        assert repo.petitioners(other.id) == []
        assert SECRET_CONTENT not in json.dumps(
            [vars(s) for s in repo.progress(other.id)], default=str
        )
        with AttachmentStore(store) as files:
            files.attach_bytes(other.id, b"%PDF-1.4 evidence", "证据.pdf")
            assert files.attachments_of(other.id) == []
        rows = repo.page(PetitionFilter(), None, 50)
        assert {r.summary for r in rows} == {OWN, "内容保密"}
        assert all(SECRET not in r.summary and r.petitioner != "周九" for r in rows)
        # The text filter does not reveal it either: a search for the secret finds nothing.
        assert repo.count(PetitionFilter(text="挪用")) == 0
        assert repo.count(PetitionFilter(text="路灯")) == 1
        own = repo.by_reg_no(rows[0].reg_no if rows[0].summary == OWN else rows[1].reg_no)
        assert own is not None and own.content == "路灯坏了两周"  # its own: in full
        with pytest.raises(AccessDenied):
            repo.correct(other.id, {"summary": "改"}, on=date(2026, 10, 10), reason="试")
    with session(office, CHIEF) as store:
        repo = PetitionRepository(store)
        assert repo.get(secret_id(store)).content == SECRET_CONTENT
        assert repo.count(PetitionFilter(text="挪用")) == 1
        with AttachmentStore(store) as files:
            assert [a.filename for a in files.attachments_of(secret_id(store))] == ["证据.pdf"]


def test_no_command_shows_a_grid_worker_the_content_of_others_petitions(
    office: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    number = reg_no_of(office, SECRET)
    runs = [
        ("petition", "show", number, "--json"),
        ("petition", "list", "--json"),
        ("petition", "list"),
        ("petition", "show", number),
    ]
    for args in runs:
        code, out, err = cli(office, capsys, WORKER, *args)
        assert code == 0, err
        assert SECRET not in out and "挪用" not in out and REPORTER_PHONE not in out, args
        assert "周九" not in out, args
    pdf = tmp_path / "petitions.pdf"
    report = ("report", "petitions", "--month", "2026-10", "--scope", VILLAGE, "-o", str(pdf))
    code, _, err = cli(office, capsys, WORKER, *report)
    assert code == 0, err
    text = pdf_text(pdf)
    assert "挪用" not in text and "周九" not in text and "路灯" in text
    # The secretary sees it all: the same commands can show it.
    code, out, _ = cli(office, capsys, CHIEF, "petition", "show", number, "--json")
    record = json.loads(out)
    assert record["content"] == SECRET_CONTENT
    assert record["petitioners"][0]["phone"] == REPORTER_PHONE  # show: in full, logged
    assert ("unmask", CHIEF, {"what": "petitioners", "reg_no": number, "changed": {}}) in (
        actions(office)
    )
    code, _, _ = cli(office, capsys, CHIEF, *report)
    assert code == 0 and "挪用" in pdf_text(pdf)


# --- SEE_FOCUS_TAGS --------------------------------------------------------------------------


def test_focus_tags_are_not_returned_to_a_grid_worker(
    office: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with session(office, WORKER) as store:
        repo = HouseholdRepository(store)
        household = repo.household_by_no("360000001")
        assert household is not None
        view = load_household_view(store, household.id)
        tags = {t.tag for ts in view.person_tags.values() for t in ts}
        assert tags == {"dibao"}
        [row] = repo.household_page(None, "household_no", None, 10)
        assert "correction" not in row.tags and "dibao" in row.tags
        with pytest.raises(AccessDenied):
            repo.household_page(HouseholdFilter(tag="correction"), "household_no", None, 10)
        son = view.members[2]
        assert [t.tag for t in repo.person_tags(son.id)] == []
        son_number = repo.get_person(son.id).id_number
    with session(office, CHIEF) as store:  # the move-out's history names the ended tags
        RegisterActions(store).move_out(son.id, date(2026, 10, 15), "外省")
        [moved] = [e for e in load_household_view(store, household.id).events if e.person_id]
        assert "社区矫正" in moved.detail
    with session(office, WORKER) as store:
        [moved] = [e for e in load_household_view(store, household.id).events if e.person_id]
        assert "社区矫正" not in moved.detail and "内容保密" in moved.detail
    code, out, _ = cli(office, capsys, WORKER, "person", "show", son_number, "--json")
    assert code == 0 and json.loads(out)["tags"] == []
    pdf = tmp_path / "households.pdf"
    report = ("report", "households", "--month", "2026-10", "--scope", VILLAGE, "-o", str(pdf))
    assert cli(office, capsys, WORKER, *report)[0] == 0
    assert "社区矫正" not in pdf_text(pdf) and "低保" in pdf_text(pdf)
    code, out, _ = cli(office, capsys, CHIEF, "person", "show", son_number, "--json")
    assert [t["tag"] for t in json.loads(out)["tags"]] == ["correction"]
    assert cli(office, capsys, CHIEF, *report)[0] == 0
    assert "社区矫正" in pdf_text(pdf)


# --- UNMASK ----------------------------------------------------------------------------------


def test_unmasking_one_person_needs_the_right_and_is_logged(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with session(office, WORKER) as store:
        repo = HouseholdRepository(store)
        household = repo.household_by_no("360000001")
        assert household is not None
        view = load_household_view(store, household.id)
        head = view.members[0]
        assert head.phone == "139****1234" and "*" in head.id_number  # the view: masked
        with pytest.raises(AccessDenied) as refused:
            repo.unmask_person(head.id)
        assert "完整" in refused.value.messages()["access"]
        full = repo.get_person(head.id).id_number
    before = data(office)
    assert not [a for a in actions(office) if a[0] == "unmask"]
    code, out, _ = cli(office, capsys, WORKER, "person", "show", full, "--json")
    assert code == 0
    record = json.loads(out)
    assert record["phone"] == "139****1234" and record["id_number"] != full
    assert not [a for a in actions(office) if a[0] == "unmask"] and data(office) == before
    with session(office, CHIEF) as store:
        assert HouseholdRepository(store).unmask_person(head.id) == (full, "13907921234")
        assert load_household_view(store, household.id).members[0].phone == "139****1234"
    code, out, _ = cli(office, capsys, CHIEF, "person", "show", full, "--json")
    assert json.loads(out)["phone"] == "13907921234"
    unmasked = [a for a in actions(office) if a[0] == "unmask"]
    assert [(a[1], a[2]["name"]) for a in unmasked] == [(CHIEF, "张三丰"), (CHIEF, "张三丰")]


# --- EXPORT ----------------------------------------------------------------------------------


def test_exporting_needs_the_right_and_is_logged(
    office: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from gridapp.io.export import export_households

    out = tmp_path / "roster.csv"
    before = data(office)
    with session(office, WORKER) as store, pytest.raises(AccessDenied):
        export_households(store, out)
    code, _, err = cli(office, capsys, WORKER, "export", "households", "-o", str(out))
    assert code == 1 and "导出" in err
    assert not out.exists() and data(office) == before
    assert not [a for a in actions(office) if a[0] == "export"]
    code, _, err = cli(office, capsys, CHIEF, "export", "households", "-o", str(out))
    assert code == 0, err
    [entry] = [a for a in actions(office) if a[0] == "export"]
    assert entry[1] == CHIEF
    assert {k: entry[2][k] for k in ("what", "rows", "masked")} == {
        "what": "households",
        "rows": 3,
        "masked": False,
    }
    assert "13907921234" in out.read_text("utf-8-sig")  # the secretary may unmask


# --- PRINT -----------------------------------------------------------------------------------


def test_printing_needs_the_right_full_numbers_need_unmasking_and_each_is_logged(
    office: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "households.pdf"
    args = ("report", "households", "--month", "2026-10", "--scope", VILLAGE, "-o", str(pdf))
    request = LedgerRequest(HOUSEHOLDS, OCTOBER, VILLAGE)
    with session(office, ADMINISTRATOR) as store, pytest.raises(AccessDenied):
        read_printable(store, request)  # an administrator prints no ledger
    code, _, err = cli(office, capsys, ADMINISTRATOR, *args)
    assert code == 1 and "打印" in err and not pdf.exists()
    with session(office, WORKER) as store, pytest.raises(AccessDenied):
        read_printable(store, request, unmasked=True)
    code, _, err = cli(office, capsys, WORKER, *args, "--unmasked")
    assert code == 1 and "完整" in err and not pdf.exists()
    assert not [a for a in actions(office) if a[0] == "print"]
    code, _, err = cli(office, capsys, WORKER, *args)
    assert code == 0, err
    assert "13907921234" not in pdf_text(pdf) and mask_phone("13907921234") in pdf_text(pdf)
    code, _, err = cli(office, capsys, CHIEF, *args, "--unmasked")
    assert code == 0, err
    assert "13907921234" in pdf_text(pdf)
    printed = [(a[1], a[2]) for a in actions(office) if a[0] == "print"]
    common = {"kind": HOUSEHOLDS, "month": "2026-10", "scope": VILLAGE, "changed": {}}
    assert printed == [
        (WORKER, {**common, "unmasked": False}),
        (CHIEF, {**common, "unmasked": True}),
    ]
    # The data itself is masked, not only the drawing of it.
    petitions = LedgerRequest(PETITIONS, OCTOBER, VILLAGE)
    with session(office, WORKER) as store:
        assert REPORTER_PHONE not in dumped(read_printable(store, petitions).data)
    with session(office, CHIEF) as store:
        assert mask_phone(REPORTER_PHONE) in dumped(read_printable(store, petitions).data)
        assert REPORTER_PHONE in dumped(read_printable(store, petitions, unmasked=True).data)


def dumped(value: object) -> str:
    return json.dumps(value, default=lambda o: vars(o) if hasattr(o, "__dict__") else str(o))


# --- DELETE ----------------------------------------------------------------------------------


def test_deleting_needs_the_right(office: Path) -> None:
    with session(office, CHIEF) as store, AttachmentStore(store) as files:
        attachment = files.attach_bytes(secret_id(store), b"%PDF-1.4 x", "a.pdf")
    before = data(office)
    with session(office, WORKER) as store, AttachmentStore(store) as files:
        with pytest.raises(AccessDenied) as refused:
            files.detach(attachment.id)
        assert "删除" in refused.value.messages()["access"]
    assert data(office) == before
    with session(office, CHIEF) as store, AttachmentStore(store) as files:
        files.detach(attachment.id)
        assert files.attachments_of(secret_id(store)) == []
    assert actions(office)[-1][:2] == ("detach file", CHIEF)


# --- CLOSE_MONTH -----------------------------------------------------------------------------


def test_closing_a_month_needs_the_right(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = data(office)
    with session(office, WORKER) as store:
        with pytest.raises(AccessDenied) as refused:
            MonthCloseRepository(store).close(OCTOBER, VILLAGE)
        assert "社区书记" in refused.value.messages()["role"]
    args = ("month", "close", "--month", "2026-10", "--scope", VILLAGE)
    code, _, err = cli(office, capsys, WORKER, *args)
    assert code == 1 and "社区书记" in err
    code, _, err = cli(office, capsys, ADMINISTRATOR, *args)
    assert code == 1 and "社区书记" in err
    assert data(office) == before
    assert not [a for a in actions(office) if a[0].startswith("month")]
    code, _, err = cli(office, capsys, CHIEF, *args)
    assert code == 0, err
    assert [a[1] for a in actions(office) if a[0] == "month_close"] == [CHIEF]
    reopen = ("month", "reopen", "--month", "2026-10", "--scope", VILLAGE, "--reason", "核实")
    code, _, err = cli(office, capsys, WORKER, *reopen)
    assert code == 1 and "社区书记" in err
    with session(office, WORKER) as store:
        assert MonthCloseRepository(store).status(OCTOBER, VILLAGE).closed
        assert not MonthCloseRepository(store).may_close()
    # The copies kept at closing are prints; the village's petition ledger shows every
    # petition's content, so a grid worker gets none of it.
    copy = ("month", "copy", "--month", "2026-10", "--scope", VILLAGE, "-o")
    kept = office / "copy.pdf"
    code, _, err = cli(office, capsys, WORKER, *copy, str(kept), "--kind", "petitions")
    assert code == 1 and "诉求" in err and not kept.exists()
    code, _, err = cli(office, capsys, WORKER, *copy, str(kept), "--kind", "households")
    assert code == 0, err
    printed = [a[2] for a in actions(office) if a[0] == "print"]
    assert [(p["kind"], p["copy"]) for p in printed] == [(HOUSEHOLDS, True)]


# --- the workflow role is the account's ---------------------------------------------------


def test_logged_in_one_takes_petition_steps_in_one_own_role(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = reg_no_of(office, OWN)
    before = data(office)
    step = ("petition", "advance", number, "accept", "--date", "2026-10-09")
    code, _, err = cli(office, capsys, WORKER, *step, "--role", SECRETARY)
    assert code == 1 and "网格员" in err
    assert data(office) == before
    with session(office, WORKER) as store:
        assert PetitionRepository(store).role() == GRID_WORKER
    with session(office, ADMINISTRATOR) as store:
        assert PetitionRepository(store).role() == ADMIN


# --- the household page's 显示完整号码 --------------------------------------------------------


def test_the_household_page_shows_one_members_full_numbers_on_request(
    qtbot: Any, store: Store, ctx: UiContext, window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    head = bundle.members[0]
    shown: list[str] = []
    monkeypatch.setattr(
        household_page.QMessageBox, "information", lambda _p, _t, text: shown.append(text)
    )
    page = household_page.HouseholdPage(ctx, window)
    page.show()

    def opened() -> None:
        page.show_household(bundle.household.id, head.id)
        qtbot.waitUntil(lambda: page.view is not None and not page.loading, timeout=WAIT)
        row = page.member_model.row_of(head.id)
        page.member_table.selectionModel().setCurrentIndex(
            page.member_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    opened()  # set-up mode: the secretary may
    assert page.unmask_button.isVisible() and page.unmask_button.isEnabled()
    assert head.phone not in str(page.member_model.data(page.member_model.index(0, 5)))
    page.unmask_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    assert head.id_number in shown[0] and head.phone in shown[0]
    logged = store.query("SELECT user_id, row_id FROM audit_log WHERE action = 'unmask'")
    assert logged == [{"user_id": store.user_id, "row_id": head.id}]
    PetitionRepository(store).set_role(GRID_WORKER)  # set-up mode: this PC's role
    page.view = None
    opened()
    assert not page.unmask_button.isVisible()
