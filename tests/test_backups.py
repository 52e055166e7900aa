"""Backups: exact restores, nothing in plaintext, rotation, checks, guided recovery, CLI."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gridapp.cli import main
from gridapp.demo.load import load_demo
from gridapp.models.errors import ValidationError
from gridapp.models.petition_flow import GRID_WORKER
from gridapp.store import backups as bk
from gridapp.store import migrations
from gridapp.store import restore as rs
from gridapp.store.connection import DB_FILE, connect
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.keys import KeyStore
from gridapp.store.petitions import PetitionRepository
from gridapp.store.recovery import RECOVERY_FILE
from tests import factories
from tests.test_store_files import damage_a_data_page


def everything(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (audit_log and outbox included), in a stable order."""
    tables = [
        r["name"]
        for r in store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
    ]
    rows = {
        t: sorted(store.conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
    }
    # The clock's state moves with every write, the restore's own audit entry included.
    rows["meta"] = [r for r in rows["meta"] if r[0] != "hlc"]
    return rows


def same_but_the_restore(after: dict[str, list[Any]], before: dict[str, list[Any]]) -> None:
    """``after`` holds the rows of ``before`` exactly; its audit log keeps every entry — those
    written after the backup carried over from the set-aside copy (an audit log loses
    nothing, and the county may hold them) — and ends with the restore."""
    log, old_log = after.pop("audit_log"), before.pop("audit_log")
    assert after == before
    assert set(old_log) <= set(log)
    assert max(log)[4] == "restore"  # rows sort by seq first


def stamped(folder: Path, when: datetime, content: bytes = b"x") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"gridapp-{when:%Y%m%d-%H%M%S}.db"
    path.write_bytes(content)
    return path


def damage(path: Path) -> None:
    """Overwrite 64 bytes in the middle of the last page: its HMAC no longer matches."""
    with path.open("r+b") as f:
        size = f.seek(0, 2)
        f.seek(size - 4096 + 1000)
        f.write(b"\x00" * 64)


def actions(store: Store) -> list[str]:
    return [r["action"] for r in store.query("SELECT action FROM audit_log ORDER BY seq")]


def test_a_restore_brings_back_exactly_the_data_of_the_backup(data_dir: Path) -> None:
    store = Store.open(data_dir, create=True)
    load_demo(store, 20, seed=5)
    before = everything(store)
    result = bk.make_backup(store)
    assert result.path.parent == data_dir / "backups"
    # Work goes on after the backup: a new family, not yet synced.
    bundle = factories.zhang_family("360000077")
    outbox = "SELECT count(*) AS n FROM outbox"
    at_backup = store.query(outbox)[0]["n"]
    HouseholdRepository(store).create_household(bundle)
    typed_after = store.query(outbox)[0]["n"] - at_backup
    assert typed_after > len(bundle.members)
    restored = rs.restore_over(store, result.path)
    # Every table is as it was when the backup was made, and the restore is logged after.
    same_but_the_restore(everything(restored.store), before)
    assert actions(restored.store)[-1] == "restore"
    assert restored.store.verify_audit() == []
    # What was typed after the backup is counted and kept in the set-aside copy.
    assert restored.later_changes == typed_after
    assert restored.unsent == typed_after  # none of them synced yet
    assert restored.set_aside is not None
    assert restored.set_aside.name.startswith("before-restore-")
    names = {r[0] for r in restored.store.conn.execute("SELECT name FROM person")}
    assert not names & {m.name for m in bundle.members}
    key = restored.store.key.key
    restored.store.close()
    aside = connect(restored.set_aside, key)
    kept = {r[0] for r in aside.execute("SELECT name FROM person")}
    aside.close()
    assert {m.name for m in bundle.members} <= kept


def test_a_backup_is_encrypted(data_dir: Path) -> None:
    bundle = factories.zhang_family()
    with Store.open(data_dir, create=True) as store:
        HouseholdRepository(store).create_household(bundle)
        path = bk.make_backup(store).path
        out = bk.make_backup(store, data_dir.parent / "usb" / "my.db").path
    for file in (path, out):
        blob = file.read_bytes()
        assert b"SQLite format 3" not in blob
        for needle in [bundle.household.address, *(m.name for m in bundle.members)]:
            assert needle.encode() not in blob
        for member in bundle.members:
            assert member.id_number.encode() not in blob
    with Store.open(data_dir) as store:
        verdicts = [rs.check_backup(p, store.key.key) for p in (path, out)]
    assert all(v is not None and v.ok for v in verdicts)  # and both open with the key


def test_rotation_keeps_seven_days_and_four_weeks(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    start = datetime(2026, 9, 1, 9, 0, 0)
    made = []
    for day in range(60):
        for hour in (9, 15):  # two a day: only the day's newest is kept
            made.append(stamped(folder, start + timedelta(days=day, hours=hour - 9)))
    other = folder / "pre-migration-v3-20260101-000000.db"
    other.write_bytes(b"x")
    aside = folder / "before-restore-20260102-000000.db"
    aside.write_bytes(b"x")
    bk.rotate(folder)
    kept = sorted(p.name for p in folder.glob("gridapp-*.db"))
    last = start + timedelta(days=59, hours=6)
    days = {(last - timedelta(days=d)).strftime("%Y%m%d") for d in range(7)}
    assert {name[8:16] for name in kept} >= days
    # Seven days plus the newest of each of the four newest weeks (two fall in those days).
    weeks = {datetime.strptime(n[8:16], "%Y%m%d").isocalendar()[:2] for n in kept}
    assert len(weeks) == 4
    assert all(n.endswith("-150000.db") for n in kept)
    assert len(kept) <= 7 + 4
    assert other.exists() and aside.exists()


def test_the_daily_backup_is_due_once_a_day(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        assert bk.daily_due(data_dir)
        bk.make_backup(store, automatic=True)
        assert not bk.daily_due(data_dir)
        tomorrow = datetime.now().date() + timedelta(days=1)
        assert bk.daily_due(data_dir, tomorrow)


def test_a_missing_usb_folder_keeps_the_local_backup(data_dir: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    bk.save_settings(data_dir, bk.BackupSettings(folder=str(usb)))
    with Store.open(data_dir, create=True) as store:
        first = bk.make_backup(store, automatic=True)
        mine = usb / f"GridApp-{store.device_id[:8]}"  # the drive may serve several PCs
        assert first.copy == mine / first.path.name
        assert first.copy.read_bytes() == first.path.read_bytes()
        # The recovery record goes with it: the copy opens on a new PC with the code.
        record = data_dir / RECOVERY_FILE
        assert record.exists()
        assert (mine / RECOVERY_FILE).read_bytes() == record.read_bytes()
        usb.rename(tmp_path / "unplugged")
        second = bk.make_backup(store, automatic=True)
        assert second.copy is None and second.folder_missing == str(usb)
        assert second.path.exists()
        assert not usb.exists()  # not made as an empty folder on the PC
        [entry] = store.query("SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1")
        assert json.loads(entry["detail"])["folder_missing"] == str(usb)


def test_a_corrupted_database_is_found_and_the_newest_good_backup_picked(
    data_dir: Path,
) -> None:
    with Store.open(data_dir, create=True) as store:
        load_demo(store, 20, seed=2)
        rows = everything(store)
        older = bk.make_backup(store).path
        key = store.key.key
        HouseholdRepository(store).create_household(factories.zhang_family("360000079"))
        newer = bk.make_backup(store, data_dir / "backups" / "gridapp-29991231-000000.db").path
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(newer)  # the newest backup is damaged as well: it is skipped
    damage_a_data_page(data_dir)
    with Store.open(data_dir, check=False) as store:
        problems = store.check_integrity()
    assert problems
    good, failed = rs.newest_good(data_dir, key)
    assert [v.path for v in failed] == [newer]
    assert failed[0].problem is not None and "损坏" in failed[0].problem.text()
    assert good is not None and good.path == older
    result = rs.restore(data_dir, KeyStore(data_dir).load(), good.path)
    with result.store as restored:
        assert restored.check_integrity() == []
        same_but_the_restore(everything(restored), rows)
    # The damaged file is kept aside as it was, and still fails its check.
    assert result.set_aside is not None
    assert rs.check_backup(result.set_aside, key).problem is not None  # type: ignore[union-attr]


def test_a_backup_from_a_newer_program_or_another_key_is_refused(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        path = bk.make_backup(store).path
        key = store.key.key
    conn = connect(path, key)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    before = (data_dir / DB_FILE).read_bytes()
    store = Store.open(data_dir)
    with pytest.raises(ValidationError) as info:
        rs.restore_over(store, path)
    assert "更新的版本" in info.value.errors[0].text()
    store.close()
    assert (data_dir / DB_FILE).read_bytes() == before
    other = data_dir.parent / "other"
    with Store.open(other, create=True) as stranger:
        foreign = bk.make_backup(stranger).path
    verdict = rs.check_backup(foreign, key)
    assert verdict is not None and verdict.problem is not None
    assert "密钥" in verdict.problem.text()


def test_a_role_without_the_permission_may_not_back_up_or_restore(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        path = bk.make_backup(store).path  # set-up mode (secretary): allowed
        PetitionRepository(store).set_role(GRID_WORKER)
        with pytest.raises(ValidationError) as info:
            bk.make_backup(store)
        assert "备份" in info.value.errors[0].text()
        with pytest.raises(ValidationError):
            rs.restore_over(store, path)
        bk.make_backup(store, automatic=True)  # the program's own daily backup still runs
        assert actions(store).count("backup") == 2


def cli(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_backup_list_and_restore(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(data_dir, create=True) as store:
        load_demo(store, 10, seed=4)
        rows = everything(store)
    target = data_dir.parent / "copy.db"
    code, out, _ = cli(data_dir, capsys, "backup", "-o", str(target))
    assert code == 0 and "备份已写入" in out and target.exists()
    code, out, _ = cli(data_dir, capsys, "backup")
    assert code == 0
    code, out, _ = cli(data_dir, capsys, "backup", "--list")
    assert code == 0 and "gridapp-" in out and "KB" in out
    with Store.open(data_dir) as store:
        HouseholdRepository(store).create_household(factories.zhang_family("360000078"))
    code, out, err = cli(data_dir, capsys, "restore", str(target))
    assert code == 0, err
    assert "已从" in out and "before-restore-" in out and "尚未上报" in out
    with Store.open(data_dir) as store:
        now = everything(store)
    same_but_the_restore(now, rows)
    code, _, err = cli(data_dir, capsys, "restore")
    assert code == 1 and "--newest" in err
    damage(target)
    code, _, err = cli(data_dir, capsys, "restore", str(target))
    assert code == 1 and "损坏" in err


def test_cli_restore_newest_over_a_damaged_database(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir, create=True) as store:
        load_demo(store, 20, seed=3)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert cli(data_dir, capsys, "backup")[0] == 0
    damage_a_data_page(data_dir)
    code, _, err = cli(data_dir, capsys, "search", "王")
    assert code == 2 and "完整性" in err
    code, out, err = cli(data_dir, capsys, "restore", "--newest")
    assert code == 0, err
    assert "已从" in out and "这份备份里都有" in out  # nothing was typed after the backup
    with Store.open(data_dir) as store:  # the full check of a checked open passes
        assert store.check_integrity() == []


def test_cli_backup_folder_setting(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.open(data_dir, create=True).close()
    code, _, err = cli(data_dir, capsys, "backup", "--folder", str(tmp_path / "nowhere"))
    assert code == 1 and "不存在" in err
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, _ = cli(data_dir, capsys, "backup", "--folder", str(usb))
    assert code == 0 and str(usb) in out
    assert cli(data_dir, capsys, "backup")[0] == 0
    assert len(list(usb.glob("GridApp-*/gridapp-*.db"))) == 1
    os.rename(usb, tmp_path / "gone")
    code, out, err = cli(data_dir, capsys, "backup")
    assert code == 0 and "U盘" in err
    code, out, _ = cli(data_dir, capsys, "backup", "--no-folder")
    assert code == 0 and bk.load_settings(data_dir).folder == ""


def test_cli_with_accounts_a_grid_worker_may_not_restore(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridapp.models.access import ADMIN
    from gridapp.store.accounts import AccountRepository

    with Store.open(data_dir, create=True) as store:
        accounts = AccountRepository(store)
        accounts.add("admin", "管理员", ADMIN, "admin-password")
        accounts.login("admin", "admin-password")
        accounts.add("wang", "王网格", GRID_WORKER, "wang-password")
    monkeypatch.setenv("GRIDAPP_PASSWORD", "admin-password")
    code, _, err = cli(data_dir, capsys, "--account", "admin", "backup")
    assert code == 0, err
    [path] = list((data_dir / "backups").glob("gridapp-*.db"))
    before = (data_dir / DB_FILE).stat().st_size
    monkeypatch.setenv("GRIDAPP_PASSWORD", "wang-password")
    for args in (("restore", str(path)), ("restore", "--newest"), ("backup",)):
        code, _, err = cli(data_dir, capsys, "--account", "wang", *args)
        assert code == 1 and "无权备份和恢复" in err
    assert not list((data_dir / "backups").glob("before-restore-*"))
    assert (data_dir / DB_FILE).stat().st_size == before
    with Store.open(data_dir) as store:
        [row] = store.query("SELECT user_id FROM audit_log WHERE action = 'backup'")
        assert row["user_id"] == "admin"


def test_after_a_restore_new_changes_never_reuse_numbers_the_county_has_seen(
    data_dir: Path,
) -> None:
    """The server takes a (device, device_seq) it already applied for a replay and drops it:
    a change made after the restore must not carry the number of one the county received
    from the set-aside database; numbers the county never saw are used again (no gap)."""
    seqs = "SELECT max(device_seq) AS n FROM outbox"
    for synced in (True, False):
        home = data_dir / ("synced" if synced else "offline")
        with Store.open(home, create=True) as store:
            load_demo(store, 5, seed=1)
            path = bk.make_backup(store).path
            at_backup = store.query(seqs)[0]["n"]
            HouseholdRepository(store).create_household(factories.zhang_family("360000091"))
            sent_up_to = store.query(seqs)[0]["n"]
            if synced:  # the round after the backup reached the county
                store.conn.execute("UPDATE outbox SET state = 'acked'")
            result = rs.restore_over(store, path)
        with result.store as restored:
            HouseholdRepository(restored).create_household(factories.zhang_family("360000092"))
            [first] = restored.query(
                "SELECT min(device_seq) AS n FROM outbox WHERE device_seq > ?", (at_backup,)
            )
        assert first["n"] == (sent_up_to + 1 if synced else at_backup + 1)


def test_a_restore_is_refused_while_another_program_has_the_database_open(
    data_dir: Path,
) -> None:
    """A window left open elsewhere would go on writing into the replaced file: refused."""
    import subprocess
    import sys

    with Store.open(data_dir, create=True) as store:
        path = bk.make_backup(store).path
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from gridapp.store.db import Store;"
            f" s = Store.open(Path({str(data_dir)!r})); s.query('SELECT 1');"
            " print('open', flush=True); sys.stdin.readline()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = (data_dir / DB_FILE).read_bytes()
        with pytest.raises(ValidationError) as info:
            rs.restore(data_dir, KeyStore(data_dir).load(), path)
        assert "另一个网格通" in info.value.errors[0].text()
        assert (data_dir / DB_FILE).read_bytes() == before
        assert not list((data_dir / "backups").glob("before-restore-*"))
    finally:
        holder.communicate("\n", timeout=30)
    rs.restore(data_dir, KeyStore(data_dir).load(), path).store.close()  # closed: it goes


def test_two_pcs_sharing_one_usb_drive_keep_their_backups_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    homes = [tmp_path / "pc1", tmp_path / "pc2"]
    days = [datetime(2026, 11, d, 18, 0, 0) for d in range(1, 21)]
    for home in homes:
        bk.save_settings(home, bk.BackupSettings(folder=str(usb)))
        Store.open(home, create=True).close()
    for day in days:  # both PCs back up every evening for 20 days
        monkeypatch.setattr(bk, "datetime", _Frozen.at(day))
        for home in homes:
            with Store.open(home) as store:
                bk.make_backup(store, automatic=True)
    # Each PC's own rotation, not the other's: the last 7 days, and the newest of each of
    # the 4 last ISO weeks (the 20th, 15th, 8th and 1st of November).
    expected = {f"gridapp-202611{d:02d}-180000.db" for d in (*range(14, 21), 15, 8, 1)}
    subfolders = set()
    for home in homes:
        with Store.open(home) as store:
            folder = usb / f"GridApp-{store.device_id[:8]}"
        subfolders.add(folder)
        assert {p.name for p in folder.glob("gridapp-*.db")} == expected
        assert {p.name for p in (home / "backups").glob("gridapp-*.db")} == expected
        assert (folder / RECOVERY_FILE).read_bytes() == (home / RECOVERY_FILE).read_bytes()
    assert set(usb.iterdir()) == subfolders and len(subfolders) == 2


class _Frozen(datetime):
    moment = datetime(2026, 1, 1)

    @classmethod
    def at(cls, moment: datetime) -> type[_Frozen]:
        cls.moment = moment
        return cls

    @classmethod
    def now(cls, tz: Any = None) -> _Frozen:  # type: ignore[override]
        m = cls.moment
        return cls(m.year, m.month, m.day, m.hour, m.minute, m.second)


def test_a_backup_that_fails_leaves_nothing_half_written(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills (or the drive is pulled out) half-way through the copy: an error,
    no half-written file left behind, and the next day's backup is made as usual."""
    import gridapp.store.db as db

    real = db.backup_to

    def disk_full(conn: Any, dest: Path, key: bytes) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.with_name(dest.name + ".partial").write_bytes(b"\0" * 4096)
        raise OSError(28, "No space left on device")

    with Store.open(data_dir, create=True) as store:
        monkeypatch.setattr(db, "backup_to", disk_full)
        with pytest.raises(OSError):
            bk.make_backup(store, automatic=True)
        assert list((data_dir / "backups").iterdir()) == []
        assert "backup" not in actions(store)  # no entry for a backup that is not there
        monkeypatch.setattr(db, "backup_to", real)
        made = bk.make_backup(store, automatic=True).path
    assert [p.name for p in (data_dir / "backups").iterdir()] == [made.name]
