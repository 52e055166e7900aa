"""Two PCs and the county server's core, in process (no network): the store side of sync
(gridapp.store.sync_state) against the real push and pull of gridapp.server.core."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from gridapp.server import core
from gridapp.server import schema as s
from gridapp.server.schema import make_engine
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.migrations.m0001_core import SYNCED_TABLES
from gridapp.store.search import search_persons
from gridapp.store.sync_state import (
    apply_pull_page,
    outbox_batch,
    pull_cursor,
    record_results,
    settled_entries,
)
from tests import factories

COUNTY = "360423"
TOWN = "360423100"
LOCAL = {"pending", "updated_hlc", "created_at", "updated_at", "version"}


@pytest.fixture
def county(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    core.init(
        engine,
        COUNTY,
        "武宁县",
        [
            core.PlaceRow(TOWN, "宋溪镇", "township", COUNTY),
            core.PlaceRow(factories.VILLAGE, "石泉村", "village", TOWN),
        ],
    )
    yield engine
    engine.dispose()


def enrol(engine: sa.Engine) -> str:
    code = core.create_enrolment(engine, [factories.VILLAGE], "worker")
    device_id = str(uuid.uuid4())
    core.enroll(engine, code, device_id, "PC")
    return device_id


def sync(store: Store, engine: sa.Engine, device_id: str) -> list[dict[str, Any]]:
    """One round: push until nothing is pending, then pull every page. The results."""
    results: list[dict[str, Any]] = []
    while batch := outbox_batch(store, limit=4):
        reply = core.push(engine, device_id, batch)
        record_results(store, reply["results"])
        results += reply["results"]
        if all(r["status"] == "held" for r in reply["results"]):
            break
    while True:
        page = core.pull(engine, device_id, pull_cursor(store), limit=3)
        apply_pull_page(store, page)
        if not page["has_more"]:
            return results


def live(store: Store) -> dict[str, Any]:
    out = {}
    for tbl in SYNCED_TABLES:
        rows = store.query(f"SELECT * FROM {tbl} WHERE deleted = 0")
        out[tbl] = sorted(
            (tuple(sorted((k, v) for k, v in r.items() if k not in LOCAL)) for r in rows),
            key=repr,
        )
    return out


def server_live(engine: sa.Engine) -> dict[str, list[tuple[str, int]]]:
    """The server's live records: (id, version) per table."""
    out: dict[str, list[tuple[str, int]]] = {tbl: [] for tbl in SYNCED_TABLES}
    with engine.connect() as conn:
        for tbl, row_id, version in conn.execute(
            sa.select(s.record.c.tbl, s.record.c.id, s.record.c.version).where(
                s.record.c.deleted == sa.false()
            )
        ):
            out[tbl].append((row_id, int(version)))
    return {tbl: sorted(rows) for tbl, rows in out.items()}


def pc_live(store: Store) -> dict[str, list[tuple[str, int]]]:
    return {
        tbl: sorted(
            (r["id"], r["version"])
            for r in store.query(f"SELECT id, version FROM {tbl} WHERE deleted = 0")
        )
        for tbl in SYNCED_TABLES
    }


def dangling(rows: dict[str, dict[str, dict[str, Any]]]) -> list[tuple[str, str, str]]:
    """(table, id, field) of live rows whose foreign key names no live row."""
    return [
        (tbl, row_id, field)
        for tbl, fields in core.PARENTS.items()
        for row_id, data in rows.get(tbl, {}).items()
        for field, parent in fields.items()
        if data.get(field) and data[field] not in rows.get(parent, {})
    ]


def server_rows(engine: sa.Engine) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    with engine.connect() as conn:
        for r in conn.execute(sa.select(s.record).where(s.record.c.deleted == sa.false())):
            out.setdefault(r.tbl, {})[r.id] = dict(r.data)
    return out


def pc_rows(store: Store) -> dict[str, dict[str, dict[str, Any]]]:
    return {
        tbl: {r["id"]: r for r in store.query(f"SELECT * FROM {tbl} WHERE deleted = 0")}
        for tbl in SYNCED_TABLES
    }


def same_people(bundle: HouseholdBundle) -> HouseholdBundle:
    """The same household and persons (numbers) as registered on another PC: new ids."""
    ids = {m.id: factories.uid() for m in bundle.members}
    return HouseholdBundle(
        replace(bundle.household, id=factories.uid()),
        [replace(m, id=ids[m.id]) for m in bundle.members],
        [replace(t, id=factories.uid(), person_id=ids[t.person_id]) for t in bundle.person_tags],
    )


def test_two_pcs_meet_through_the_server(county: sa.Engine, tmp_path: Path) -> None:
    a_id, b_id = enrol(county), enrol(county)
    with (
        Store.open(tmp_path / "a", create=True) as a,
        Store.open(tmp_path / "b", create=True) as b,
    ):
        HouseholdRepository(a).create_household(factories.zhang_family())
        sync(a, county, a_id)
        sync(b, county, b_id)
        assert [h.name for h in search_persons(b.conn, "张三丰")] == ["张三丰"]
        assert b.query("SELECT head_name, member_count FROM household") == [
            {"head_name": "张三丰", "member_count": 3}
        ]
        head = b.query("SELECT id FROM person WHERE name = '张三丰'")[0]["id"]
        wife = b.query("SELECT id FROM person WHERE name = '王芳'")[0]["id"]
        # Both edit offline: different fields merge, the same field conflicts.
        HouseholdRepository(a).update_person(head, {"phone": "13900000001"})
        HouseholdRepository(a).update_person(wife, {"occupation": "教师"})
        HouseholdRepository(b).update_person(head, {"phone": "13900000002"})
        HouseholdRepository(b).update_person(wife, {"workplace": "村小学"})
        sync(a, county, a_id)
        replies = sync(b, county, b_id)
        assert sorted(r["status"] for r in replies) == ["conflict", "merged"]
        sync(a, county, a_id)
        assert live(a) == live(b)
        assert a.query("SELECT phone FROM person WHERE id = ?", (head,)) == [
            {"phone": "13900000001"}  # the first synced value stays
        ]
        assert b.query("SELECT occupation, workplace FROM person WHERE id = ?", (wife,)) == [
            {"occupation": "教师", "workplace": "村小学"}
        ]
        [conflict] = settled_entries(b, "conflict")
        assert conflict["changes"]["phone"]["new"] == "13900000002"  # kept for a person
        assert b.query("SELECT count(*) AS n FROM person WHERE pending = 1") == [{"n": 0}]
        # A replayed round changes nothing; a second round moves nothing.
        before = live(b)
        sync(b, county, b_id)
        assert live(b) == before


def test_a_household_registered_twice_offline(county: sa.Engine, tmp_path: Path) -> None:
    a_id, b_id = enrol(county), enrol(county)
    with (
        Store.open(tmp_path / "a", create=True) as a,
        Store.open(tmp_path / "b", create=True) as b,
    ):
        first = factories.zhang_family()
        HouseholdRepository(a).create_household(first)
        HouseholdRepository(b).create_household(same_people(first))
        sync(a, county, a_id)
        sync(b, county, b_id)
        sync(a, county, a_id)
        sync(b, county, b_id)
        assert live(a) == live(b)
        assert len(b.query("SELECT id FROM person WHERE deleted = 0")) == 3
        conflicts = settled_entries(b, "conflict")
        assert {c["tbl"] for c in conflicts} >= {"household", "person"}
        # The refused household's tag and its "created" event were not written on the
        # server either (their person and household never were): both PCs equal the
        # server, and no live row names a missing one.
        assert {c["tbl"] for c in conflicts} >= {"person_tag", "household_event"}
        assert pc_live(a) == pc_live(b) == server_live(county)
        assert dangling(server_rows(county)) == []
        assert dangling(pc_rows(a)) == dangling(pc_rows(b)) == []
        kinds = {c["kind"] for c in core.conflicts(county)}
        assert kinds == {"duplicate", "parent_missing"}
        assert (
            b.query("SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'rejected')")[0][
                "n"
            ]
            == 0
        )


def test_a_removed_household_comes_back_while_registered_again(
    county: sa.Engine, tmp_path: Path
) -> None:
    """PC B removes a household and registers the same family again offline (new rows, the
    same numbers); PC A meanwhile edits a member. The server keeps the edited member (a
    delete/update conflict), so B's removed rows come back — and B's second registration,
    which the server refuses as a duplicate, gives the numbers up instead of stopping the
    sync. Both PCs end equal to the server; B's typing lives on in its conflicts."""
    a_id, b_id = enrol(county), enrol(county)
    with (
        Store.open(tmp_path / "a", create=True) as a,
        Store.open(tmp_path / "b", create=True) as b,
    ):
        first = factories.zhang_family()
        HouseholdRepository(a).create_household(first)
        sync(a, county, a_id)
        sync(b, county, b_id)
        head = first.members[0].id
        HouseholdRepository(a).update_person(head, {"phone": "13900000009"})
        sync(a, county, a_id)
        members = b.query(
            "SELECT id, version, area_code FROM person WHERE household_id = ?",
            (first.household.id,),
        )
        with b.write("remove household", table="household", row_id=first.household.id) as cap:
            for m in members:
                b.conn.execute(
                    "UPDATE person SET deleted = 1, pending = 1 WHERE id = ?", (m["id"],)
                )
                cap.deleted("person", m["id"], m["version"], m["area_code"])
            b.conn.execute(
                "UPDATE household SET deleted = 1, pending = 1 WHERE id = ?", (first.household.id,)
            )
            cap.deleted("household", first.household.id, 1, first.household.area_code)
        HouseholdRepository(b).create_household(same_people(first))
        sync(b, county, b_id)
        sync(a, county, a_id)
        assert pc_live(a) == pc_live(b) == server_live(county)
        assert b.query("SELECT phone FROM person WHERE id = ? AND deleted = 0", (head,)) == [
            {"phone": "13900000009"}
        ]
        kinds = {c["kind"] for c in core.conflicts(county)}
        assert {"delete_update", "duplicate"} <= kinds
        assert dangling(server_rows(county)) == []
