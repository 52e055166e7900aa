"""What lies on disk: no names, ID numbers or phones in plaintext; migrations; backups."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridapp.demo.load import load_demo
from gridapp.store import migrations
from gridapp.store.connection import DB_FILE, connect
from gridapp.store.db import BACKUP_DIR, Store
from gridapp.store.errors import CorruptDatabaseError, NewerSchemaError
from gridapp.store.households import HouseholdRepository
from tests import factories


def secrets_of(bundle: factories.HouseholdBundle) -> list[bytes]:
    values: list[str] = [bundle.household.address]
    for member in bundle.members:
        values += [member.name, member.id_number, member.phone]
    return [v.encode("utf-8") for v in values if v]


def plaintext_hits(data_dir: Path, needles: list[bytes]) -> list[str]:
    hits = []
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            hits += [f"{path.name}: {n.decode()}" for n in needles if n in blob]
    return hits


def test_no_plaintext_in_database_wal_or_backups(data_dir: Path) -> None:
    bundle = factories.zhang_family()
    needles = secrets_of(bundle)
    store = Store.open(data_dir, create=True)
    HouseholdRepository(store).create_household(bundle)
    assert (data_dir / (DB_FILE + "-wal")).exists()
    assert plaintext_hits(data_dir, needles) == []  # while open: WAL holds the new pages
    backup = store.backup()
    assert backup.parent == data_dir / BACKUP_DIR
    store.close()
    assert plaintext_hits(data_dir, needles) == []
    # The searched-for values really are in there, encrypted: the backup opens with the key.
    with Store.open(data_dir) as again:
        key = again.key.key
    copy = connect(backup, key)
    names = {r[0] for r in copy.execute("SELECT name FROM person")}
    copy.close()
    assert names == {m.name for m in bundle.members}


def test_a_database_from_a_newer_program_is_refused_untouched(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        key = store.key.key
        store.conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    before = (data_dir / DB_FILE).read_bytes()
    with pytest.raises(NewerSchemaError) as info:
        Store.open(data_dir)
    assert "更新版本" in info.value.text()
    conn = connect(data_dir / DB_FILE, key)
    assert migrations.schema_version(conn) == migrations.LATEST + 1
    conn.close()
    assert len((data_dir / DB_FILE).read_bytes()) == len(before)


OUTBOX = "SELECT device_seq, row_id, changes FROM outbox ORDER BY device_seq"


@pytest.mark.parametrize("start", range(1, migrations.LATEST + 1))
def test_upgrade_from_every_earlier_version_keeps_data_and_backs_up(
    data_dir: Path, start: int
) -> None:
    """A database left at schema ``start`` with an unsynced edit upgrades without loss."""
    with Store.open(data_dir, create=True) as store:
        HouseholdRepository(store).create_household(factories.zhang_family())
        key = store.key.key
        rows = store.query("SELECT id, name, id_number, phone FROM person ORDER BY id")
        outbox = store.query(OUTBOX)
    # Rebuild the same data at schema `start`: a fresh file migrated only that far.
    old_dir = data_dir.parent / "old"
    old_dir.mkdir()
    conn = connect(old_dir / DB_FILE, key)
    migrations.migrate(conn, target=start)
    src = connect(data_dir / DB_FILE, key)
    for table in ("meta", "household", "person", "outbox", "audit_log"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        data = src.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            data,
        )
    src.close()
    conn.close()
    (old_dir / "key.json").write_bytes((data_dir / "key.json").read_bytes())
    # key.json is bound to its directory only through the keyring entry name, not here.
    with Store.open(old_dir) as upgraded:
        assert migrations.schema_version(upgraded.conn) == migrations.LATEST
        assert upgraded.query("SELECT id, name, id_number, phone FROM person ORDER BY id") == rows
        assert upgraded.query(OUTBOX) == outbox
    backups = list((old_dir / BACKUP_DIR).glob("pre-migration-*.db"))
    assert len(backups) == (1 if start < migrations.LATEST else 0)


def damage_a_data_page(data_dir: Path) -> None:
    """Overwrite 64 bytes in the middle of the last page: its HMAC no longer matches."""
    path = data_dir / DB_FILE
    with path.open("r+b") as f:
        size = f.seek(0, 2)
        f.seek(size - 4096 + 1000)
        f.write(b"\x00" * 64)


def filled(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        load_demo(store, 50, seed=3)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_a_damaged_file_is_refused_by_a_checked_open(data_dir: Path) -> None:
    filled(data_dir)
    damage_a_data_page(data_dir)
    with pytest.raises(CorruptDatabaseError) as info:
        Store.open(data_dir)
    assert "完整性" in info.value.text()


def test_the_windows_check_beside_its_work_finds_the_damage(data_dir: Path) -> None:
    """The window opens without the check (launch < 1.5 s at 300,000 households) and runs it
    on a connection of its own: a damaged page is still found, a sound file passes."""
    filled(data_dir)
    with Store.open(data_dir, check=False) as store:
        assert store.check_integrity() == []
    damage_a_data_page(data_dir)
    with Store.open(data_dir, check=False) as store:
        problems = store.check_integrity()
    assert problems and any("hmac" in p.lower() or "page" in p.lower() for p in problems)


def test_the_check_stops_when_the_window_closes(data_dir: Path) -> None:
    filled(data_dir)
    with Store.open(data_dir, check=False) as store:
        assert store.check_integrity(cancelled=lambda: True) is None
