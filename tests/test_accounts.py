"""Local accounts (issue #8): the first administrator, adding workers, logging in, the lockout
after five wrong passwords, disabled accounts, the audit entries of each event and the
command line (``gridapp user …``, ``--account``), all on a real SQLCipher store."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gridapp.models.access import ADMIN, Permission
from gridapp.models.accounts import AccountSettings
from gridapp.models.errors import ValidationError
from gridapp.models.petition_flow import GRID_WORKER, SECRETARY
from gridapp.store import migrations
from gridapp.store.access import AccessDenied, allowed, current_role
from gridapp.store.accounts import AccountRepository, Session
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.migrations.m0001_core import SYNCED_TABLES
from tests import factories
from tests.old_schema import old_copy

ADMIN_PW = "admin-口令-2026"
WORKER_PW = "worker-pass-1"
CHIEF_PW = "chief-pass-22"
T0 = datetime(2026, 12, 1, 9, 0, 0)


class Clock:
    """The repository's time, moved by the test."""

    def __init__(self, start: datetime = T0) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at


def audit(store: Store, since: int = 0) -> list[dict[str, object]]:
    rows = store.query(
        "SELECT seq, user_id, action, tbl, detail FROM audit_log WHERE seq > ? ORDER BY seq",
        (since,),
    )
    for row in rows:
        row["detail"] = json.loads(str(row["detail"]))
    return rows


def last_seq(store: Store) -> int:
    return int(store.conn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0])


def office(store: Store, clock: Clock | None = None) -> AccountRepository:
    """An office PC with an administrator, a grid worker and a secretary; nobody logged in."""
    accounts = AccountRepository(store, clock or Clock())
    accounts.add("admin", "管理员老李", ADMIN, ADMIN_PW)
    accounts.login("admin", ADMIN_PW)
    accounts.add("wangfang", "王芳", GRID_WORKER, WORKER_PW)
    accounts.add("李书记", "", SECRETARY, CHIEF_PW)
    accounts.logout()
    return accounts


def test_setup_mode_is_as_before_and_the_first_account_must_be_an_admin(store: Store) -> None:
    accounts = AccountRepository(store)
    assert not accounts.exist() and not store.accounts_exist()
    assert store.session is None and store.user_id == "tester"
    assert current_role(store) == SECRETARY  # the PC's petition role, as before #8
    with pytest.raises(ValidationError) as refused:
        accounts.add("wangfang", "王芳", GRID_WORKER, WORKER_PW)
    assert "管理员" in refused.value.errors[0].text()
    assert accounts.list() == [] and not accounts.exist()
    admin = accounts.add("admin", "管理员老李", ADMIN, ADMIN_PW)
    assert (admin.username, admin.role, admin.disabled) == ("admin", ADMIN, False)
    assert accounts.exist() and store.accounts_exist()
    # Accounts exist and nobody is logged in: no role, guarded actions are refused.
    assert current_role(store) == ""
    assert not allowed(store, Permission.PRINT)
    entry = audit(store)[-1]
    assert entry["action"] == "user_add" and entry["user_id"] == "tester"
    assert entry["detail"]["username"] == "admin" and entry["detail"]["role"] == ADMIN


def test_an_admin_adds_a_worker_and_a_secretary_and_each_logs_in_with_their_role(
    store: Store,
) -> None:
    accounts = office(store)
    listed = {a.username: a.role for a in accounts.list()}
    assert listed == {"admin": ADMIN, "wangfang": GRID_WORKER, "李书记": SECRETARY}
    assert accounts.get("李书记").display_name == "李书记"  # type: ignore[union-attr]

    session = accounts.login("WangFang", WORKER_PW)  # letter case of the name is ignored
    assert isinstance(session, Session) and store.session == session
    assert (session.username, session.display_name, session.role) == (
        "wangfang",
        "王芳",
        GRID_WORKER,
    )
    assert current_role(store) == GRID_WORKER and store.user_id == "wangfang"
    assert not allowed(store, Permission.EXPORT) and allowed(store, Permission.PRINT)
    # An edit made now is attributed to her in the audit log and the outbox.
    HouseholdRepository(store).create_household(factories.zhang_family())
    assert audit(store)[-1]["user_id"] == "wangfang"
    users = store.query("SELECT DISTINCT user_id FROM outbox WHERE tbl = 'household'")
    assert users == [{"user_id": "wangfang"}]
    accounts.logout()
    assert store.session is None and current_role(store) == ""

    accounts.login("李书记", CHIEF_PW)
    assert current_role(store) == SECRETARY and allowed(store, Permission.EXPORT)


def test_a_worker_cannot_manage_accounts(store: Store) -> None:
    accounts = office(store)
    accounts.login("wangfang", WORKER_PW)
    before = last_seq(store)
    with pytest.raises(AccessDenied):
        accounts.add("zhao", "赵六", GRID_WORKER, "another-pass")
    for attempt in (
        lambda: accounts.disable("李书记"),
        lambda: accounts.set_role("wangfang", SECRETARY),
        lambda: accounts.reset_password("admin", "taken-over-1"),
        lambda: accounts.set_settings(AccountSettings(lock_minutes=1)),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert [a.username for a in accounts.list()] == ["admin", "wangfang", "李书记"]
    assert current_role(store) == GRID_WORKER and last_seq(store) == before
    accounts.logout()
    with pytest.raises(AccessDenied):  # nobody logged in
        accounts.add("zhao", "赵六", GRID_WORKER, "another-pass")


def test_five_wrong_passwords_lock_the_account_until_the_lock_time_is_over(
    store: Store,
) -> None:
    clock = Clock()
    accounts = office(store, clock)
    start = last_seq(store)
    for attempt in range(1, 5):
        with pytest.raises(ValidationError) as wrong:
            accounts.login("wangfang", f"wrong-{attempt}-pw")
        assert "用户名或密码错误" in wrong.value.errors[0].text()
        assert f"{5 - attempt}" in wrong.value.errors[0].text()
    with pytest.raises(ValidationError) as fifth:
        accounts.login("wangfang", "wrong-5-pw")
    assert "已锁定" in fifth.value.errors[0].text() and "09:15" in fifth.value.errors[0].text()
    account = accounts.get("wangfang")
    assert account is not None and account.locked_at(clock.at)
    # The sixth attempt, with the RIGHT password, is refused too, naming the time.
    clock.at += timedelta(minutes=14)
    with pytest.raises(ValidationError) as sixth:
        accounts.login("wangfang", WORKER_PW)
    assert "2026-12-01 09:15" in sixth.value.errors[0].text()
    assert store.session is None
    # Others are not affected.
    accounts.login("李书记", CHIEF_PW)
    accounts.logout()
    # After the lock time the right password works again, and the count starts anew.
    clock.at += timedelta(minutes=1, seconds=1)
    assert accounts.login("wangfang", WORKER_PW).role == GRID_WORKER
    account = accounts.get("wangfang")
    assert account is not None and account.failed_logins == 0 and not account.locked_until
    actions = [(e["action"], e["detail"].get("reason")) for e in audit(store, start)]  # type: ignore[union-attr]
    assert actions == [("login_failed", "password")] * 5 + [
        ("account_locked", None),
        ("login_failed", "locked"),
        ("login", None),
        ("logout", None),
        ("login", None),
    ]
    assert store.verify_audit() == []


def test_the_lock_time_is_a_setting_and_a_reset_ends_a_lock(store: Store) -> None:
    clock = Clock()
    accounts = office(store, clock)
    accounts.login("admin", ADMIN_PW)
    accounts.set_settings(AccountSettings(lock_minutes=60, idle_minutes=5, max_failures=3))
    with pytest.raises(ValidationError):
        accounts.set_settings(AccountSettings(lock_minutes=0))
    accounts.logout()
    assert accounts.settings() == AccountSettings(lock_minutes=60, idle_minutes=5, max_failures=3)
    for n in range(3):
        with pytest.raises(ValidationError):
            accounts.login("wangfang", f"wrong-{n}-pw")
    clock.at += timedelta(minutes=59)
    with pytest.raises(ValidationError, match="10:00"):
        accounts.login("wangfang", WORKER_PW)
    accounts.login("admin", ADMIN_PW)
    accounts.reset_password("wangfang", "new-pass-for-wang")
    accounts.logout()
    with pytest.raises(ValidationError):
        accounts.login("wangfang", WORKER_PW)
    assert accounts.login("wangfang", "new-pass-for-wang").username == "wangfang"


def test_a_disabled_account_cannot_log_in_until_enabled(store: Store) -> None:
    accounts = office(store)
    accounts.login("admin", ADMIN_PW)
    accounts.disable("wangfang")
    with pytest.raises(ValidationError) as self_disable:
        accounts.disable("admin")
    assert "自己" in self_disable.value.errors[0].text()
    accounts.logout()
    with pytest.raises(ValidationError) as refused:
        accounts.login("wangfang", WORKER_PW)
    assert "停用" in refused.value.errors[0].text() and store.session is None
    disabled = accounts.get("wangfang")
    assert disabled is not None and disabled.disabled
    accounts.login("admin", ADMIN_PW)
    accounts.enable("wangfang")
    accounts.logout()
    assert accounts.login("wangfang", WORKER_PW).role == GRID_WORKER


def test_the_last_administrator_stays(store: Store) -> None:
    accounts = office(store)
    accounts.login("admin", ADMIN_PW)
    with pytest.raises(ValidationError, match="admin"):
        accounts.set_role("admin", SECRETARY)
    accounts.add("admin2", "", ADMIN, "second-admin-pw")
    accounts.set_role("admin", SECRETARY)  # another administrator exists now
    assert store.session is not None and current_role(store) == SECRETARY
    with pytest.raises(AccessDenied):
        accounts.disable("admin2")


def test_names_and_passwords_are_checked(store: Store) -> None:
    accounts = AccountRepository(store)
    for name, password, field in (
        ("a", ADMIN_PW, "username"),
        ("with space", ADMIN_PW, "username"),
        ("admin", "short", "password"),
        ("admin", "ADMIN", "password"),
        ("adminadmin", "AdminAdmin", "password"),
    ):
        with pytest.raises(ValidationError) as bad:
            accounts.add(name, "", ADMIN, password)
        assert bad.value.errors[0].field == field
    accounts.add("admin", "", ADMIN, ADMIN_PW)
    accounts.login("admin", ADMIN_PW)
    with pytest.raises(ValidationError, match="taken"):
        accounts.add("ADMIN", "", GRID_WORKER, WORKER_PW)
    with pytest.raises(ValidationError):
        accounts.add("zhao", "", "boss", WORKER_PW)
    with pytest.raises(ValidationError):
        accounts.login("nobody", WORKER_PW)


def test_idle_lock_and_unlock_with_the_same_persons_password(store: Store) -> None:
    accounts = office(store)
    session = accounts.login("wangfang", WORKER_PW)
    accounts.lock()
    assert store.session is None and current_role(store) == ""
    with pytest.raises(ValidationError):
        accounts.unlock(CHIEF_PW)  # another person's password does not unlock
    assert store.session is None
    again = accounts.unlock(WORKER_PW)
    assert again.username == "wangfang" and again.started_at == session.started_at
    assert current_role(store) == GRID_WORKER
    accounts.change_password(WORKER_PW, "changed-by-wang")
    with pytest.raises(ValidationError):
        accounts.change_password("not-the-old-one", "changed-again")
    accounts.logout()
    accounts.login("wangfang", "changed-by-wang")


def test_every_event_is_audited_and_no_password_is_in_the_log(store: Store) -> None:
    accounts = office(store)
    with pytest.raises(ValidationError):
        accounts.login("wangfang", "typo-password")
    accounts.login("admin", ADMIN_PW)
    accounts.set_role("wangfang", SECRETARY)
    accounts.disable("wangfang")
    accounts.enable("wangfang")
    accounts.reset_password("wangfang", "reset-pass-99")
    accounts.logout()
    accounts.login("wangfang", "reset-pass-99")
    accounts.lock()
    accounts.unlock("reset-pass-99")
    accounts.change_password("reset-pass-99", "own-choice-77")
    accounts.logout()
    entries = audit(store)
    actions = [e["action"] for e in entries]
    for action in (
        "user_add",
        "login",
        "login_failed",
        "logout",
        "role_change",
        "user_disable",
        "user_enable",
        "password_reset",
        "session_lock",
        "session_unlock",
        "password_change",
    ):
        assert action in actions, action
    role_change = next(e for e in entries if e["action"] == "role_change")
    assert role_change["detail"]["old"] == GRID_WORKER and role_change["user_id"] == "admin"  # type: ignore[index]
    assert store.verify_audit() == []
    log_text = json.dumps(store.query("SELECT * FROM audit_log"), ensure_ascii=False)
    hashes = [str(r["password_hash"]) for r in store.query("SELECT password_hash FROM account")]
    for secret in (
        ADMIN_PW,
        WORKER_PW,
        CHIEF_PW,
        "typo-password",
        "reset-pass-99",
        "own-choice-77",
        *hashes,
    ):
        assert secret not in log_text
    # The password is stored as a salted scrypt hash only.
    assert all(h.startswith("scrypt$16384$8$1$") for h in hashes)
    stored = json.dumps(store.query("SELECT * FROM account"), ensure_ascii=False)
    assert ADMIN_PW not in stored and "own-choice-77" not in stored


def test_accounts_never_reach_the_outbox_or_the_synced_tables(store: Store) -> None:
    office(store)
    assert "account" not in SYNCED_TABLES
    assert store.query("SELECT count(*) AS n FROM outbox") == [{"n": 0}]


def test_a_schema_14_database_upgrades_without_losing_anything(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        HouseholdRepository(store).create_household(factories.zhang_family())
        key = store.key.key
        persons = store.query("SELECT id, name, id_number FROM person ORDER BY id")
        log = store.query("SELECT seq, action, hash FROM audit_log ORDER BY seq")
        outbox = store.query("SELECT device_seq, row_id, changes FROM outbox ORDER BY device_seq")
    old_dir = old_copy(data_dir, key, 14, "account")
    with Store.open(old_dir) as upgraded:
        assert migrations.schema_version(upgraded.conn) == migrations.LATEST >= 15
        assert upgraded.query("SELECT id, name, id_number FROM person ORDER BY id") == persons
        assert upgraded.query("SELECT seq, action, hash FROM audit_log ORDER BY seq") == log
        assert (
            upgraded.query("SELECT device_seq, row_id, changes FROM outbox ORDER BY device_seq")
            == outbox
        )
        assert not upgraded.accounts_exist() and current_role(upgraded) == SECRETARY
        AccountRepository(upgraded).add("admin", "", ADMIN, ADMIN_PW)
        assert upgraded.accounts_exist() and upgraded.verify_audit() == []


# --- the command line --------------------------------------------------------------------


def cli(data_dir: Path, *args: str) -> int:
    from gridapp.cli import main

    return main(["--data-dir", str(data_dir), *args])


def test_cli_setup_then_every_command_logs_in(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir, create=True) as store:
        HouseholdRepository(store).create_household(factories.zhang_family())
    # Set-up mode: commands work without an account, as before.
    assert cli(data_dir, "search", "张") == 0
    assert cli(data_dir, "user", "list") == 0
    assert "管理员" in capsys.readouterr().out
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", WORKER_PW)
    assert cli(data_dir, "user", "add", "wangfang", "--role", "grid_worker") == 1
    assert "第一个账号必须是管理员" in capsys.readouterr().err
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    assert cli(data_dir, "user", "add", "admin", "--role", "管理员", "--display-name", "老李") == 0
    assert "--account admin" in capsys.readouterr().out
    # Now a data command without --account is refused, with a Chinese message and exit 1.
    assert cli(data_dir, "search", "张") == 1
    refused = capsys.readouterr().err
    assert "--account" in refused and "本机已启用账号" in refused
    assert cli(data_dir, "user", "list") == 1
    capsys.readouterr()
    # With --account and a wrong password: refused too.
    monkeypatch.setenv("GRIDAPP_PASSWORD", "not-the-password")
    assert cli(data_dir, "--account", "admin", "search", "张") == 1
    assert "用户名或密码错误" in capsys.readouterr().err
    # With the right one it works, and the admin adds a worker.
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", WORKER_PW)
    add = ("user", "add", "wangfang", "--role", "网格员", "--display-name", "王芳")
    assert cli(data_dir, "--account", "admin", *add) == 0
    assert cli(data_dir, "--account", "admin", "search", "张") == 0
    capsys.readouterr()
    assert cli(data_dir, "--account", "admin", "user", "list") == 0
    out = capsys.readouterr().out
    assert "角色" in out and "管理员" in out and "网格员" in out and "王芳" in out
    # The worker logs in from the environment and may not manage accounts.
    monkeypatch.setenv("GRIDAPP_ACCOUNT", "wangfang")
    monkeypatch.setenv("GRIDAPP_PASSWORD", WORKER_PW)
    assert cli(data_dir, "search", "张") == 0
    assert cli(data_dir, "user", "disable", "admin") == 1
    assert "无权管理账户" in capsys.readouterr().err
    with Store.open(data_dir) as store:
        entries = audit(store)
        assert store.verify_audit() == []
    logins = [e["user_id"] for e in entries if e["action"] == "login"]
    assert logins == ["admin", "admin", "admin", "wangfang", "wangfang"]
    failed = [e for e in entries if e["action"] == "login_failed"]
    assert len(failed) == 1 and failed[0]["detail"]["username"] == "admin"  # type: ignore[index]
    assert "not-the-password" not in json.dumps(entries)


def test_cli_manages_accounts(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir, create=True) as store:
        office(store)
    monkeypatch.setenv("GRIDAPP_ACCOUNT", "admin")
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)
    assert cli(data_dir, "user", "disable", "wangfang") == 0
    assert cli(data_dir, "user", "role", "李书记", "township") == 0
    assert cli(data_dir, "user", "role", "李书记", "boss") == 1
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", "fresh-pass-for-wang")
    assert cli(data_dir, "user", "passwd", "wangfang") == 0
    assert cli(data_dir, "user", "settings", "--lock-minutes", "30", "--json") == 0
    capsys.readouterr()
    assert cli(data_dir, "user", "list", "--json") == 0
    listed = {a["username"]: a for a in json.loads(capsys.readouterr().out)}
    assert listed["wangfang"]["disabled"] is True and listed["wangfang"]["state"] == "已停用"
    assert listed["李书记"]["role"] == "township"
    assert cli(data_dir, "user", "enable", "wangfang") == 0
    monkeypatch.setenv("GRIDAPP_ACCOUNT", "wangfang")
    monkeypatch.setenv("GRIDAPP_PASSWORD", "fresh-pass-for-wang")
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", "wangs-own-choice")
    assert cli(data_dir, "user", "passwd") == 0
    monkeypatch.setenv("GRIDAPP_PASSWORD", "wangs-own-choice")
    assert cli(data_dir, "user", "settings") == 0
    assert "30 分钟" in capsys.readouterr().out
    with Store.open(data_dir) as store:
        assert AccountRepository(store).settings().lock_minutes == 30


def test_a_store_beside_works_for_the_same_person(store: Store) -> None:
    accounts = office(store)
    accounts.login("wangfang", WORKER_PW)
    other = store.beside()
    try:
        assert other.session == store.session and current_role(other) == GRID_WORKER
        HouseholdRepository(other).create_household(factories.zhang_family())
        assert audit(other)[-1]["user_id"] == "wangfang"
    finally:
        other.close()
