"""The demo county as a user meets it: every part present, consistent, deterministic."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gridapp.cli import main
from gridapp.demo.load import load_demo
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.migrations.m0001_core import SYNCED_TABLES
from tests.test_store_capture import replay_outbox, table_rows

TODAY = date(2026, 11, 1)


def test_demo_fills_every_part_consistently(store: Store, tmp_path: Path) -> None:
    summary = load_demo(store, 400, seed=7, today=TODAY)
    stats = HouseholdRepository(store).stats()
    assert stats["households"] == summary.households == 400
    assert summary.persons > 1000 and summary.party_members > 5 and summary.petitions > 5
    heads = store.query(
        "SELECT household_id, count(*) AS n FROM person WHERE relation = '02' AND status = '1'"
        " GROUP BY household_id"
    )
    assert len(heads) == 400 and {h["n"] for h in heads} == {1}
    open_petitions = store.query(
        "SELECT p.status, count(g.id) AS steps FROM petition p"
        " JOIN petition_progress g ON g.petition_id = p.id GROUP BY p.id"
    )
    assert all(row["steps"] >= 1 for row in open_petitions)
    assert {r["reg_no"][:4] for r in store.query("SELECT reg_no FROM petition")} == {
        store.device_prefix()
    }
    tags = store.query("SELECT DISTINCT tag FROM person_tag")
    assert len(tags) >= 3
    # Every demo row went through change capture: the outbox alone rebuilds it.
    replica = Store.open(tmp_path / "replica", create=True)
    replay_outbox(store, replica)
    for table in SYNCED_TABLES:
        assert table_rows(replica, table) == table_rows(store, table), table
    replica.close()
    assert store.verify_audit() == []


def test_demo_is_deterministic(tmp_path: Path) -> None:
    def snapshot(folder: Path) -> list[dict[str, object]]:
        with Store.open(folder, create=True) as store:
            load_demo(store, 60, seed=3, today=TODAY)
            return store.query(
                "SELECT id, id_number, name, phone, household_id FROM person ORDER BY id"
            ) + store.query(  # the device prefix of 登记编号 differs per device, by design
                "SELECT id, substr(reg_no, 5) AS n, status, due_date FROM petition ORDER BY id"
            )

    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_demo_command_refuses_a_register_with_data(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(data_dir), "demo", "--households", "30", "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["households"] == 30
    assert main(args) == 1
    assert "已有 30 户" in capsys.readouterr().err
    assert main([*args, "--if-empty"]) == 0
    assert main(["--data-dir", str(data_dir), "demo", "--households", "0"]) == 1
    assert "1 到 1,000,000" in capsys.readouterr().err
