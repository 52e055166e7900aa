"""Change capture: every write leaves its row, outbox entries and audit entry together."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gridapp.models.errors import ValidationError
from gridapp.store.db import Store
from gridapp.store.household_list import DERIVED_COLUMNS
from gridapp.store.households import HouseholdRepository
from gridapp.store.migrations.m0001_core import SYNCED_TABLES
from tests import factories

# Local columns: not carried by the outbox (the derived household summary is recomputed).
LOCAL = {"pending", "updated_hlc", "created_at", "updated_at", "version", *DERIVED_COLUMNS}


def table_rows(store: Store, table: str) -> dict[str, dict[str, Any]]:
    rows = store.query(f"SELECT * FROM {table}")  # table names are our own constants
    return {r["id"]: {k: v for k, v in r.items() if k not in LOCAL} for r in rows}


def replay_outbox(source: Store, target: Store) -> None:
    """Rebuild ``target`` from ``source``'s outbox alone, as the county server would."""
    entries = source.query("SELECT tbl, row_id, op, changes FROM outbox ORDER BY device_seq")
    target.conn.execute("PRAGMA foreign_keys = OFF")
    for entry in entries:
        changes = json.loads(entry["changes"])
        table = entry["tbl"]
        if entry["op"] == "create":
            cols = list(changes)
            target.conn.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [changes[c] for c in cols],
            )
        elif entry["op"] == "update":
            for column, values in changes.items():
                target.conn.execute(
                    f"UPDATE {table} SET {column} = ? WHERE id = ?",
                    (values["new"], entry["row_id"]),
                )
        else:
            target.conn.execute(f"UPDATE {table} SET deleted = 1 WHERE id = ?", (entry["row_id"],))


def test_create_household_writes_rows_outbox_and_one_audit_entry(store: Store) -> None:
    repo = HouseholdRepository(store)
    bundle = factories.zhang_family()
    changes = repo.create_household(bundle)
    assert changes.count("person") == 3 and changes.count("household") == 1
    outbox = store.query("SELECT tbl, op, base_version FROM outbox")
    tables = sorted(r["tbl"] for r in outbox)
    assert tables == sorted(
        ["household", "household_event", "person", "person", "person", "person_tag"]
    )
    assert {r["op"] for r in outbox} == {"create"} and {r["base_version"] for r in outbox} == {0}
    audit = store.query("SELECT action, user_id FROM audit_log WHERE action != 'test'")
    assert audit == [{"action": "create household", "user_id": "tester"}]
    head = repo.person_by_id_number(bundle.members[0].id_number)
    assert head is not None and head.sex == "1" and head.birth_date == date(1968, 4, 9)
    assert store.verify_audit() == []


def test_outbox_replay_reproduces_every_synced_table(store: Store, tmp_path: Path) -> None:
    """No write path bypasses change capture: the outbox alone rebuilds the data."""
    repo = HouseholdRepository(store)
    repo.create_household(factories.zhang_family("360000001"))
    repo.create_household(factories.zhang_family("360000002"))
    wang = repo.person_by_id_number(factories.zhang_family().members[0].id_number)
    person = store.query("SELECT id, id_number FROM person WHERE name = '王芳' LIMIT 1")[0]
    repo.update_person(person["id"], {"phone": "13800138000", "note": "搬到县城\n第二行"})
    repo.update_person(person["id"], {"marital": "丧偶"})
    del wang
    replica = Store.open(tmp_path / "replica", create=True)
    replay_outbox(store, replica)
    for table in SYNCED_TABLES:
        assert table_rows(replica, table) == table_rows(store, table), table
    assert table_rows(store, "person")  # the comparison compared something
    replica.close()


def test_failed_write_leaves_nothing(store: Store) -> None:
    repo = HouseholdRepository(store)
    counts = {
        t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("household", "person", "outbox", "audit_log")
    }
    with pytest.raises(RuntimeError), store.write("import households") as capture:
        repo.insert_bundles(capture, [factories.zhang_family()])
        raise RuntimeError("power cut")
    after = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts}
    assert after == counts


def test_invalid_household_is_refused_and_changes_nothing(store: Store) -> None:
    repo = HouseholdRepository(store)
    bundle = factories.zhang_family()
    bundle.members[1].relation = "02"  # two heads
    bundle.members[2].phone = "12345"
    with pytest.raises(ValidationError) as info:
        repo.create_household(bundle)
    messages = info.value.messages()
    assert "户主" in messages["relation"] and "电话" in messages["phone"]
    assert repo.stats()["persons"] == 0
    assert store.query("SELECT count(*) AS n FROM outbox") == [{"n": 0}]


def test_registered_id_number_is_refused(store: Store) -> None:
    repo = HouseholdRepository(store)
    first = factories.zhang_family("360000001")
    repo.create_household(first)
    second = factories.zhang_family("360000002")
    second.members[0].id_number = first.members[0].id_number.lower()
    with pytest.raises(ValidationError) as info:
        repo.create_household(second)
    assert "已登记" in info.value.messages()["id_number"]
    assert repo.stats()["households"] == 1


def test_update_person_validates_and_records_old_and_new(store: Store) -> None:
    repo = HouseholdRepository(store)
    bundle = factories.zhang_family()
    repo.create_household(bundle)
    target = bundle.members[2]
    for bad in (
        {"phone": "110"},
        {"colour": "red"},
        {"sex": "2"},
        {"ethnicity": "火星族"},
        {"name": ""},
        {"name": "名" * 51},
        {"birth_date": "2001-01-01"},
    ):
        with pytest.raises(ValidationError) as info:
            repo.update_person(target.id, bad)
        assert all(
            any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in info.value.messages().values()
        )
    assert store.query("SELECT count(*) AS n FROM outbox WHERE op = 'update'") == [{"n": 0}]
    repo.update_person(target.id, {"phone": "１３９ ０７９２ ００００", "ethnicity": "回"})
    updated = repo.get_person(target.id)
    assert updated.phone == "13907920000" and updated.ethnicity == "03"
    entry = store.query("SELECT changes FROM outbox WHERE op = 'update'")[0]
    assert json.loads(entry["changes"])["phone"] == {"old": "", "new": "13907920000"}
    assert store.query("SELECT pending FROM person WHERE id = ?", (target.id,)) == [{"pending": 1}]


def test_tampered_audit_entry_is_detected(store: Store) -> None:
    HouseholdRepository(store).create_household(factories.zhang_family())
    with pytest.raises(Exception, match="append-only"):
        store.conn.execute("UPDATE audit_log SET user_id = 'someone else'")
    store.conn.execute("DROP TRIGGER audit_log_no_update")
    store.conn.execute("UPDATE audit_log SET user_id = 'someone else' WHERE seq = 1")
    assert store.verify_audit() == [1]
