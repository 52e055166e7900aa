"""``gridapp audit verify|list`` on a real SQLCipher register (issue #8 "Audit log"), and the
county's six months (``gridapp-server audit purge``, SQLite and PostgreSQL).

The attacker here holds the database key: they open the file, drop the append-only
triggers and change, remove, replace, insert, swap or cut entries. ``audit verify`` names
each by its entry number (seq) in Chinese and exits 1; an untouched log verifies clean.
"""

# ruff: noqa: F811 -- the county fixtures come from tests.test_sync_blobs

from __future__ import annotations

import contextlib
import importlib
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from gridapp.cli import main
from gridapp.models.audit_chain import dumps, entry_hash
from gridapp.models.errors import ValidationError
from gridapp.models.petition_flow import GRID_WORKER
from gridapp.server import audit
from gridapp.server.audit import earliest_purge
from gridapp.store import db as store_db
from gridapp.store.audit import AuditFilter, AuditLog, mask_text, verify
from gridapp.store.audit_labels import ACTION_LABELS, detail_text, label, record_text
from gridapp.store.connection import DB_FILE, Connection, connect
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.store.sync_files import set_audit_pushed
from tests import factories
from tests.test_sync_blobs import PC, SyncASGI, county, pcs, transport  # noqa: F401

VILLAGE = factories.VILLAGE

ROOT = Path(__file__).resolve().parent.parent
EDITS = 6  # entries: 1 household created + 5 phone changes


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def make_log(store: Store, edits: int = EDITS) -> None:
    """``edits`` user actions, each one audit entry."""
    repo = HouseholdRepository(store)
    bundle = factories.zhang_family()
    repo.create_household(bundle)
    head = bundle.members[0].id
    for n in range(edits - 1):
        repo.update_person(head, {"phone": f"1390792{n:04d}"})


@pytest.fixture
def key(data_dir: Path) -> bytes:
    """A register with :data:`EDITS` audit entries, closed; its raw key (the attacker's)."""
    with Store.open(data_dir, create=True) as store:
        make_log(store)
        return store.key.key


@contextlib.contextmanager
def attacker(data_dir: Path, key: bytes) -> Iterator[Connection]:
    """The file opened with its key, the append-only triggers dropped."""
    conn = connect(data_dir / DB_FILE, key)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    try:
        yield conn
    finally:
        conn.close()


def entries(conn: Connection) -> list[tuple[object, ...]]:
    return list(
        conn.execute(
            "SELECT seq, hlc, client_wall, user_id, action, tbl, row_id, detail, prev_hash, hash"
            " FROM audit_log ORDER BY seq"
        )
    )


def rehash(row: tuple[object, ...], prev_hash: str) -> tuple[object, ...]:
    """``row`` linked after ``prev_hash`` with its hash recomputed (what a careful attacker
    does to a changed entry)."""
    _seq, hlc, wall, user, action, tbl, row_id, detail, _prev, _hash = (str(v) for v in row)
    digest = entry_hash(hlc, wall, user, action, tbl, row_id, json.loads(detail), prev_hash)
    return (*row[:8], prev_hash, digest)


def verify_json(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, object]]:
    code, out, _ = run(data_dir, capsys, "audit", "verify", "--json")
    return code, json.loads(out)


def findings(result: dict[str, object]) -> list[tuple[str, int, int]]:
    found = result["findings"]
    assert isinstance(found, list)
    return [(f["kind"], f["first"], f["last"]) for f in found]


# --- verify --------------------------------------------------------------------------------


def test_an_untouched_log_verifies_clean(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(data_dir, capsys, "audit", "verify")
    assert code == 0
    assert out.strip() == f"审计日志完整：共校验 {EDITS} 条，最后一条为第 {EDITS} 条。"
    code, result = verify_json(data_dir, capsys)
    assert code == 0 and result["ok"] is True and result["findings"] == []
    assert result["checked"] == result["last_seq"] == result["issued"] == EDITS


def test_a_changed_detail_is_named(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with attacker(data_dir, key) as conn:
        detail = json.loads(entries(conn)[2][7])
        detail["changed"] = {"person": 0}
        conn.execute("UPDATE audit_log SET detail = ? WHERE seq = 3", (dumps(detail),))
    code, out, _ = run(data_dir, capsys, "audit", "verify")
    assert code == 1
    assert "第 3 条被改动：内容与其指纹（哈希值）不符。" in out.splitlines()
    assert out.splitlines()[-1] == f"审计日志已被篡改：{EDITS} 条中发现 1 处问题。"
    assert findings(verify_json(data_dir, capsys)[1]) == [("changed", 3, 3)]


def test_a_detail_that_is_no_json_any_more_is_a_change(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with attacker(data_dir, key) as conn:
        conn.execute("UPDATE audit_log SET detail = 'gone' WHERE seq = 5")
    assert findings(verify_json(data_dir, capsys)[1]) == [("changed", 5, 5)]


def test_a_removed_entry_is_named(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with attacker(data_dir, key) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq = 4")
    code, out, _ = run(data_dir, capsys, "audit", "verify")
    assert code == 1 and "第 4 条缺失：已被删除。" in out
    code, result = verify_json(data_dir, capsys)
    assert findings(result) == [("removed", 4, 4)] and result["checked"] == EDITS - 1


def test_removed_first_entries_are_named(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with attacker(data_dir, key) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq <= 2")
    code, out, _ = run(data_dir, capsys, "audit", "verify")
    assert code == 1 and "第 1–2 条缺失：已被删除。" in out


def test_a_replaced_entry_with_a_recomputed_hash_breaks_the_next_link(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with attacker(data_dir, key) as conn:
        rows = entries(conn)
        forged = list(rows[2])
        forged[3] = "somebody else"  # user_id
        forged_row = rehash(tuple(forged), str(rows[1][9]))
        conn.execute(
            "UPDATE audit_log SET user_id = ?, hash = ? WHERE seq = 3",
            (forged_row[3], forged_row[9]),
        )
    code, out, _ = run(data_dir, capsys, "audit", "verify")
    assert code == 1
    assert "第 4 条与前一条衔接不上：此处有条目被替换、插入或调换了顺序。" in out
    assert findings(verify_json(data_dir, capsys)[1]) == [("link", 4, 4)]


def test_an_inserted_entry_is_found(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """A forged entry slipped in after entry 2, the later ones renumbered by one."""
    with attacker(data_dir, key) as conn:
        rows = entries(conn)
        conn.execute("DELETE FROM audit_log WHERE seq >= 3")
        forged = rehash((3, *rows[1][1:4], "delete", "person", "x", "{}", "", ""), str(rows[1][9]))
        moved = [(int(str(r[0])) + 1, *r[1:]) for r in rows[2:]]
        conn.executemany(
            "INSERT INTO audit_log (seq, hlc, client_wall, user_id, action, tbl, row_id, detail,"
            " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [forged, *moved],
        )
    code, result = verify_json(data_dir, capsys)
    assert code == 1 and findings(result) == [("link", 4, 4)]
    assert result["checked"] == EDITS + 1


def test_two_swapped_entries_are_found(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with attacker(data_dir, key) as conn:
        rows = entries(conn)
        conn.execute("DELETE FROM audit_log WHERE seq IN (2, 3)")
        conn.executemany(
            "INSERT INTO audit_log (seq, hlc, client_wall, user_id, action, tbl, row_id, detail,"
            " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(2, *rows[2][1:]), (3, *rows[1][1:])],
        )
    # Neither moved entry follows the one now before it, nor does entry 4.
    expected = [("link", 2, 2), ("link", 3, 3), ("link", 4, 4)]
    assert findings(verify_json(data_dir, capsys)[1]) == expected


def test_a_cut_tail_is_found_by_the_highest_number_given(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with attacker(data_dir, key) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq > 4")
    code, out, _ = run(data_dir, capsys, "audit", "verify")
    assert code == 1
    assert f"末尾第 5–{EDITS} 条缺失：本机曾记录到第 {EDITS} 条。" in out


def test_a_cut_tail_is_found_by_the_county_acknowledgement(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """The attacker also lowers sqlite_sequence; the mark of what the county stored stays."""
    with Store.open(data_dir) as store:
        set_audit_pushed(store, EDITS)  # what a sync round leaves (tests/test_sync_audit.py)
    with attacker(data_dir, key) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq > 3")
        conn.execute("UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit_log'")
    code, out, _ = run(data_dir, capsys, "audit", "verify")
    assert code == 1
    assert f"末尾第 4–{EDITS} 条缺失：县级服务器已收存到第 {EDITS} 条。" in out
    # Writing on does not hide the cut: the county's mark stays beyond the new entry 4 (and
    # the county refuses that entry 4, its own differs).
    with Store.open(data_dir) as store:
        head = factories.zhang_family().members[0]
        person_id = store.query("SELECT id FROM person WHERE name = ?", [head.name])[0]["id"]
        HouseholdRepository(store).update_person(person_id, {"phone": "13907929999"})
        result = verify(store)
    assert [(f.kind, f.first, f.last) for f in result.findings] == [("truncated", 5, EDITS)]


def test_verify_reports_progress_and_every_entry(data_dir: Path, key: bytes) -> None:
    seen: list[tuple[int, int]] = []
    with Store.open(data_dir) as store:
        result = AuditLog(store).verify(progress=lambda done, total: seen.append((done, total)))
    assert result.ok and seen[-1] == (EDITS, EDITS)


# --- list ----------------------------------------------------------------------------------


class _Clock(datetime):
    """``datetime.now()`` of the store's write path, set by the test."""

    moment = datetime(2026, 10, 1, 9, 0)

    @classmethod
    def now(cls, tz: object = None) -> _Clock:  # type: ignore[override]
        return cls.fromtimestamp(cls.moment.timestamp())


@pytest.fixture
def dated_log(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Entries on three days by two users: 10-01 tester (new household), 10-15 wang (two
    phone changes), 11-02 tester (a phone change)."""
    monkeypatch.setattr(store_db, "datetime", _Clock)
    with Store.open(data_dir, create=True) as store:
        repo = HouseholdRepository(store)
        bundle = factories.zhang_family()
        head = bundle.members[0].id
        _Clock.moment = datetime(2026, 10, 1, 9, 0)
        repo.create_household(bundle)
        _Clock.moment = datetime(2026, 10, 15, 16, 30)
        store.user_id = "wang"
        repo.update_person(head, {"phone": "13907920001"})
        repo.update_person(head, {"phone": "13907920002"})
        _Clock.moment = datetime(2026, 11, 2, 8, 0)
        store.user_id = "tester"
        repo.update_person(head, {"phone": "13907920003"})
    return data_dir


def listed(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[int]:
    code, out, err = run(data_dir, capsys, "audit", "list", "--json", *args)
    assert code == 0, err
    return [e["seq"] for e in json.loads(out)]


def test_list_filters_by_date_action_and_user(
    dated_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert listed(dated_log, capsys) == [4, 3, 2, 1]  # newest first
    assert listed(dated_log, capsys, "--since", "2026-10-15") == [4, 3, 2]
    assert listed(dated_log, capsys, "--until", "2026-10-15") == [3, 2, 1]
    assert listed(dated_log, capsys, "--since", "2026-10-02", "--until", "2026-10-31") == [3, 2]
    assert listed(dated_log, capsys, "--action", "修改人员信息") == [4, 3, 2]
    assert listed(dated_log, capsys, "--action", "create household") == [1]
    assert listed(dated_log, capsys, "--action", "Edit a person") == [4, 3, 2]
    assert listed(dated_log, capsys, "--user", "wang") == [3, 2]
    assert listed(dated_log, capsys, "--user", "wang", "--action", "新建户") == []
    assert listed(dated_log, capsys, "--limit", "2") == [4, 3]


def test_list_prints_chinese_action_names(
    dated_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(dated_log, capsys, "audit", "list")
    lines = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and [line[0] for line in lines] == ["4", "3", "2", "1"]
    assert lines[3][1:4] == ["2026-10-01T09:00:00", "tester", "新建户"]
    assert lines[1][2:4] == ["wang", "修改人员信息"]
    code, result = verify_json(dated_log, capsys)
    assert code == 0, result
    code, out, _ = run(dated_log, capsys, "audit", "list", "--since", "2027-01-01")
    assert out.strip() == "没有符合条件的审计记录。"
    code, _, err = run(dated_log, capsys, "audit", "list", "--since", "2026-10-32")
    assert code == 1 and "“2026-10-32”不是日期" in err


def test_list_pages_through_a_long_log(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridapp.cli import audit as cli_audit

    monkeypatch.setattr(cli_audit, "PAGE", 4)  # pages of 4 over 11 entries
    with Store.open(data_dir, create=True) as store:
        make_log(store, 11)
    assert listed(data_dir, capsys, "--limit", "0") == list(range(11, 0, -1))
    assert listed(data_dir, capsys, "--limit", "9") == list(range(11, 2, -1))
    with Store.open(data_dir) as store:
        log = AuditLog(store)
        flt = AuditFilter(actions=("update person",))
        assert log.count(flt) == 10
        assert log.anchors(flt, 4) == [None, 8, 4]
        assert [r.seq for r in log.page(flt, 8, 4)] == [7, 6, 5, 4]
        assert log.position(flt, 7) == 4


# --- who may --------------------------------------------------------------------------------


def test_a_grid_worker_may_not_read_or_verify_the_log(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir) as store:
        PetitionRepository(store).set_role(GRID_WORKER)
    for command in ("list", "verify"):
        code, out, err = run(data_dir, capsys, "audit", command)
        assert code == 1 and out == ""
        assert "您的角色" in err and "查看审计日志" in err


def test_details_are_masked_for_a_role_without_unmasking() -> None:
    text = dumps({"id_number": "36042319680409001X", "phone": "13907921234", "n": 12345678901})
    masked = mask_text(text)
    assert "36042319680409001X" not in masked and "13907921234" not in masked
    assert "360423********001X" in masked and "139****1234" in masked
    assert "12345678901" in masked  # not a mobile number


# --- names ---------------------------------------------------------------------------------


def test_every_action_the_code_writes_has_a_chinese_name() -> None:
    """Each literal action of ``Store.write`` (and the petition steps) reads in Chinese."""
    pattern = re.compile(r"store\.write\(\s*(f?)\"([^\"]+)\"")
    found: set[str] = set()
    for path in (ROOT / "gridapp").rglob("*.py"):
        for is_f, action in pattern.findall(path.read_text(encoding="utf-8")):
            if not is_f:
                found.add(action)
    found |= {"move in", "birth", "move out", "death", "end person tag", "end household tag"}
    found |= {"month_close", "month_reopen", "petition step accept", "load demo data: places"}
    constant = re.compile(r"^\w*ACTION\w* = \"([^\"]+)\"", re.MULTILINE)
    called = re.compile(r"(?:log_action|audit)\(store, \"([^\"]+)\"")
    for path in (ROOT / "gridapp").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(constant.findall(text)) | set(called.findall(text))
    with contextlib.suppress(ImportError):  # the accounts' actions (gridapp.store.accounts)
        accounts = importlib.import_module("gridapp.store.accounts")
        names = ("USER_ADD", "USER_DISABLE", "USER_ENABLE", "ROLE_CHANGE", "PASSWORD_RESET")
        names += ("PASSWORD_CHANGE", "LOGIN", "LOGIN_FAILED", "ACCOUNT_LOCKED", "LOGOUT")
        names += ("SESSION_LOCK", "SESSION_UNLOCK", "SETTINGS_CHANGE")
        found |= {getattr(accounts, n) for n in names if hasattr(accounts, n)}
    unnamed = sorted(a for a in found if re.search(r"[A-Za-z]", label(a)))
    assert len(found) > 40 and unnamed == []
    assert label("petition step accept") == "信访：受理告知"
    assert label("something new") == "something new"
    assert label("login") == "登录" and label("unmask") == "查看完整号码"
    assert all(label(code) != code for code in ACTION_LABELS)


def test_records_and_details_read_in_words() -> None:
    assert record_text("person", "e67c04c7-1d7f-42dd") == "实有人口 e67c04c7"
    assert record_text("", "") == ""
    detail = dumps({"changed": {"household": 1, "person": 3, "place": 0}, "seed": 1})
    assert detail_text(detail) == "改动：户 1、实有人口 3; seed: 1"
    assert detail_text("[1, 2]") == "[1, 2]" and detail_text("not json") == "not json"


def test_the_actions_of_the_log_are_listed_by_name(data_dir: Path, key: bytes) -> None:
    with Store.open(data_dir) as store:
        assert sorted(AuditLog(store).actions()) == ["create household", "update person"]
        assert AuditLog(store).users() == ["tester"]
        assert AuditLog(store).resolve_action("登录") == ("login",)


# --- the county keeps every entry at least six months --------------------------------------


def test_the_earliest_day_to_purge_before_is_six_months_back() -> None:
    assert earliest_purge(date(2026, 12, 1)) == date(2026, 6, 1)  # 183 days
    assert earliest_purge(date(2026, 8, 31)) == date(2026, 2, 28)
    assert earliest_purge(date(2026, 3, 31)) == date(2025, 9, 30)
    assert earliest_purge(date(2026, 7, 1)) == date(2026, 1, 1)  # 181 days
    for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(0, 730, 7)):
        assert (day - earliest_purge(day)).days >= 180


def test_the_county_never_purges_entries_younger_than_six_months(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    pc = pcs("first", VILLAGE)
    make_log(pc.store, 4)
    assert pc.sync(transport).audit_error is None
    stored = audit.device_trail(county, pc.device_id)
    assert len(stored) >= 4
    today = datetime.now(UTC).date()
    for before in (today, today - timedelta(days=179), earliest_purge(today) + timedelta(days=1)):
        with pytest.raises(audit.RetentionError) as refused:
            audit.purge(county, before)
        assert "至少保存六个月" in refused.value.detail
    assert audit.device_trail(county, pc.device_id) == stored
    assert audit.purge(county, earliest_purge(today)) == 0  # all received today
    assert audit.device_trail(county, pc.device_id) == stored


def test_a_purge_keeps_each_devices_last_entry_and_the_chain_goes_on(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    pc = pcs("first", VILLAGE)
    make_log(pc.store, 4)
    pc.sync(transport)
    stored = audit.device_trail(county, pc.device_id)
    later = datetime.now(UTC) + timedelta(days=400)  # the entries are over a year old then
    removed = audit.purge(county, earliest_purge(later.date()), now=later)
    assert removed == len(stored) - 1
    assert audit.device_trail(county, pc.device_id) == stored[-1:]
    # The PC's next entries still link to the kept one.
    head = pc.store.query("SELECT id FROM person WHERE name = '张三丰'")[0]["id"]
    HouseholdRepository(pc.store).update_person(head, {"phone": "13907929999"})
    report = pc.sync(transport)
    assert report.audit_error is None and report.audit_pushed >= 1
    trail = audit.device_trail(county, pc.device_id)
    assert trail[0] == stored[-1] and trail[1]["prev_hash"] == stored[-1]["hash"]


def test_gridapp_server_audit_purge_refuses_a_recent_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gridapp.server.cli import main as server_main

    db = f"sqlite:///{tmp_path / 'county.db'}"
    assert server_main(["init", "--db", db, "--county", "360423", "--name", "武宁县"]) == 0
    capsys.readouterr()
    recent = (datetime.now(UTC).date() - timedelta(days=30)).isoformat()
    assert server_main(["audit", "purge", "--db", db, "--before", recent]) == 1
    err = capsys.readouterr().err
    assert "审计记录至少保存六个月" in err and recent in err
    assert server_main(["audit", "purge", "--db", db, "--before", "2020-01-01"]) == 0
    assert "已删除 0 条 2020-01-01 之前收到的审计记录" in capsys.readouterr().out
    assert server_main(["audit", "purge", "--db", db, "--before", "01/01/2020"]) == 1
    assert server_main(["audit", "--db", db]) == 1  # the trail needs --device


# --- with accounts (issue #8) ---------------------------------------------------------------


def test_with_accounts_logins_are_listed_and_only_chiefs_and_admins_read_the_log(
    data_dir: Path, key: bytes, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridapp.store.accounts import AccountRepository

    with Store.open(data_dir) as store:
        accounts = AccountRepository(store)
        accounts.add("admin", "管理员", "admin", "admin-pass-1")
        accounts.login("admin", "admin-pass-1")
        accounts.add("li", "李书记", "secretary", "li-pass-123")
        accounts.add("zhao", "赵网格员", "grid_worker", "zhao-pass-1")
        with pytest.raises(ValidationError):
            accounts.login("zhao", "wrong password")
    monkeypatch.setenv("GRIDAPP_ACCOUNT", "zhao")
    monkeypatch.setenv("GRIDAPP_PASSWORD", "zhao-pass-1")
    code, out, err = run(data_dir, capsys, "audit", "list")
    assert code == 1 and out == "" and "您的角色无权查看审计日志" in err
    monkeypatch.setenv("GRIDAPP_ACCOUNT", "li")
    monkeypatch.setenv("GRIDAPP_PASSWORD", "li-pass-123")
    code, out, _ = run(data_dir, capsys, "audit", "list", "--action", "登录失败", "--json")
    failed = json.loads(out)
    assert code == 0 and [e["label"] for e in failed] == ["登录失败"]
    assert failed[0]["detail"]["username"] == "zhao"
    code, out, _ = run(data_dir, capsys, "audit", "list", "--user", "li")
    assert code == 0 and out.splitlines()[0].split("\t")[3] == "登录"
    monkeypatch.setenv("GRIDAPP_ACCOUNT", "admin")
    monkeypatch.setenv("GRIDAPP_PASSWORD", "admin-pass-1")
    code, out, _ = run(data_dir, capsys, "audit", "verify")
    assert code == 0 and "审计日志完整" in out


def test_a_tail_cut_after_a_sync_is_named_by_the_county_mark_and_refused_by_the_county(
    county: sa.Engine, pcs: Callable[[str, str], PC], transport: SyncASGI
) -> None:
    """A real sync round stores the chain at the county; the attacker then removes the last
    entries and lowers sqlite_sequence. verify names them by the county's mark; the entries
    written afterwards do not link to what the county holds, so it refuses them."""
    pc = pcs("first", VILLAGE)
    make_log(pc.store, 5)
    assert pc.sync(transport).audit_error is None
    held = audit.device_trail(county, pc.device_id)
    last = held[-1]["seq"]
    assert verify(pc.store).ok and verify(pc.store).acknowledged == last
    with attacker(pc.store.data_dir, pc.store.key.key) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq > ?", (last - 2,))
        conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'", (last - 2,))
    result = verify(pc.store)
    assert [(f.kind, f.first, f.last, f.county) for f in result.findings] == [
        ("truncated", last - 1, last, True)
    ]
    assert (
        result.findings[0].text()
        == f"末尾第 {last - 1}–{last} 条缺失：县级服务器已收存到第 {last} 条。"
    )
    head = pc.store.query("SELECT id FROM person WHERE name = '张三丰'")[0]["id"]
    HouseholdRepository(pc.store).update_person(head, {"phone": "13907929999"})
    HouseholdRepository(pc.store).update_person(head, {"phone": "13907929998"})
    HouseholdRepository(pc.store).update_person(head, {"phone": "13907929997"})
    report = pc.sync(transport)
    assert report.audit_error is not None  # the county's copy is not rewritten
    assert audit.device_trail(county, pc.device_id) == held
