"""Conflicts on the PC (schema 13, gridapp/store/conflicts.py, `gridapp conflicts`): two PCs and
the county server through httpx's ASGI transport; the PCs' databases are real SQLCipher files
and the commands run through the CLI's main with --data-dir."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from gridapp.cli import main
from gridapp.models.errors import ValidationError
from gridapp.server import core
from gridapp.server.app import create_app
from gridapp.server.schema import make_engine
from gridapp.store import conflicts, migrations
from gridapp.store.connection import DB_FILE, connect
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.migrations import m0013_sync_conflicts
from gridapp.store.register_actions import RegisterActions
from gridapp.store.sync_state import apply_pull_page, outbox_batch, pending_count
from gridapp.sync.client import enroll, sync_once
from gridapp.sync.credentials import CREDENTIALS_FILE, CredentialStore
from tests import factories
from tests.county_db import pg_engine

COUNTY = "360423"
TOWN = "360423100"


class SyncASGI(httpx.BaseTransport):
    """httpx's ASGI transport for a synchronous client (one event loop per request)."""

    def __init__(self, app: object) -> None:
        self.inner = httpx.ASGITransport(app=app)  # type: ignore[arg-type]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def go() -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return asyncio.run(go())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """The county server's database: SQLite, and PostgreSQL when GRIDAPP_TEST_PG_URL is set."""
    if request.param == "postgres":
        engines = pg_engine()
        engine = next(engines)
    else:
        engines = iter(())
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
    for _ in engines:  # drops the throw-away PostgreSQL schema
        pass


class PC:
    """One enrolled PC (passphrase-protected key and secret, as on a PC without a keyring)."""

    def __init__(self, tmp_path: Path, name: str, county: sa.Engine, role: str = "worker"):
        self.dir = tmp_path / name
        self.store = Store.open(self.dir, create=True)
        self.creds = CredentialStore(self.dir)
        self.transport = SyncASGI(create_app(county))
        code = core.create_enrolment(county, [factories.VILLAGE], role)
        enroll(self.store, "http://county", code, self.transport, self.creds)

    def sync(self) -> Any:
        return sync_once(self.store, self.transport, self.creds)

    def cli(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
        capsys.readouterr()
        code = main(["--data-dir", str(self.dir), *args])
        out = capsys.readouterr().out
        try:
            return code, json.loads(out)
        except ValueError:
            return code, out

    def phone(self, person_id: str) -> str:
        return str(
            self.store.query("SELECT phone FROM person WHERE id = ?", (person_id,))[0]["phone"]
        )


@pytest.fixture
def two_pcs(county: sa.Engine, tmp_path: Path) -> Iterator[tuple[PC, PC]]:
    a, b = PC(tmp_path, "a", county), PC(tmp_path, "b", county)
    try:
        yield a, b
    finally:
        a.store.close()
        b.store.close()


def phone_conflict(a: PC, b: PC) -> str:
    """PC a registers 张三丰's family; both PCs change his phone offline; a syncs first."""
    HouseholdRepository(a.store).create_household(factories.zhang_family())
    a.sync()
    b.sync()
    head = a.store.query("SELECT id FROM person WHERE name = '张三丰'")[0]["id"]
    HouseholdRepository(a.store).update_person(head, {"phone": "13900000001"})
    HouseholdRepository(b.store).update_person(head, {"phone": "13900000002"})
    assert a.sync().conflicts == 0
    assert b.sync().conflicts == 1
    a.sync()  # the conflict reaches a in the pull feed
    return str(head)


def test_the_same_phone_changed_on_two_pcs_is_a_conflict_everywhere(
    county: sa.Engine, two_pcs: tuple[PC, PC], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = two_pcs
    head = phone_conflict(a, b)
    [on_server] = core.conflicts(county)
    assert on_server["fields"] == ["phone"] and on_server["status"] == "open"
    for pc in (a, b):
        assert pc.phone(head) == "13900000001"  # the first synced value stays
        code, listed = pc.cli(capsys, "conflicts", "--json")
        assert code == 0 and listed["ok"]
        [shown] = listed["conflicts"]
        assert shown["conflict_id"] == on_server["conflict_id"]
        assert shown["kind"] == "field" and shown["label"] == "张三丰"
        assert shown["local_values"] == {"phone": "13900000002"}
        assert shown["server_values"] == {"phone": "13900000001"}
    code, text = b.cli(capsys, "conflicts")
    assert code == 0 and "联系方式" in text and "13900000002" in text and "13900000001" in text


def test_pc_one_takes_pc_twos_value_and_everyone_ends_equal(
    county: sa.Engine, two_pcs: tuple[PC, PC], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = two_pcs
    head = phone_conflict(a, b)
    [open_one] = core.conflicts(county)
    cid = open_one["conflict_id"]
    code, answer = a.cli(capsys, "conflicts", "resolve", cid, "--take", "local", "--json")
    assert code == 0 and answer["conflict"]["status"] == "resolving"
    assert a.phone(head) == "13900000002"
    [mutation] = outbox_batch(a.store)
    assert mutation["resolves"] == cid and mutation["op"] == "update"
    assert a.cli(capsys, "conflicts", "--json")[1]["conflicts"] == []  # nothing left to decide
    assert a.sync().applied == 1
    b.sync()
    assert core.record_state(county, "person", head)["data"]["phone"] == "13900000002"  # type: ignore[index]
    assert a.phone(head) == b.phone(head) == "13900000002"
    assert core.conflicts(county) == []
    [settled] = core.conflicts(county, status=None)
    assert settled["status"] == "resolved" and settled["resolution"]["values"] == {
        "phone": "13900000002"
    }
    for pc in (a, b):
        assert conflicts.get(pc.store, cid).status == "resolved"
        assert pc.cli(capsys, "conflicts", "--json")[1]["conflicts"] == []
        code, everything = pc.cli(capsys, "conflicts", "--all", "--json")
        assert [c["status"] for c in everything["conflicts"]] == ["resolved"]
        assert pending_count(pc.store) == 0
    # Another round moves nothing.
    for pc in (a, b):
        again = pc.sync()
        assert (again.pushed, again.pulled, again.conflicts) == (0, 0, 0)


def test_a_typed_value_and_a_refused_one(
    county: sa.Engine, two_pcs: tuple[PC, PC], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = two_pcs
    head = phone_conflict(a, b)
    cid = core.conflicts(county)[0]["conflict_id"]
    outbox = b.store.query("SELECT count(*) AS n FROM outbox")
    audit = b.store.query("SELECT count(*) AS n FROM audit_log")
    # A phone number that is no phone number: refused, nothing changed.
    code, refused = b.cli(capsys, "conflicts", "resolve", cid, "--set", "phone=12345", "--json")
    assert code == 1 and not refused["ok"]
    assert [e["field"] for e in refused["errors"]] == ["phone"]
    assert "电话" in refused["errors"][0]["message"] or "号码" in refused["errors"][0]["message"]
    with pytest.raises(ValidationError):
        conflicts.resolve(b.store, cid, {"name": "王五"})  # not a field of this conflict
    assert b.store.query("SELECT count(*) AS n FROM outbox") == outbox
    assert b.store.query("SELECT count(*) AS n FROM audit_log") == audit
    assert conflicts.get(b.store, cid).status == "open"
    assert b.phone(head) == "13900000001"
    # A typed value, on the PC whose edit was not taken.
    code, _ = b.cli(capsys, "conflicts", "resolve", cid, "--set", "phone=13700000000")
    assert code == 0
    b.sync()
    a.sync()
    assert a.phone(head) == b.phone(head) == "13700000000"
    assert core.record_state(county, "person", head)["data"]["phone"] == "13700000000"  # type: ignore[index]
    assert core.conflicts(county) == []
    assert conflicts.get(a.store, cid).status == conflicts.get(b.store, cid).status == "resolved"


def test_keeping_the_countys_value_still_settles_the_conflict(
    county: sa.Engine, two_pcs: tuple[PC, PC], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = two_pcs
    head = phone_conflict(a, b)
    cid = core.conflicts(county)[0]["conflict_id"]
    assert b.cli(capsys, "conflicts", "resolve", cid, "--take", "server")[0] == 0
    [mutation] = outbox_batch(b.store)
    assert mutation["changes"] == {"phone": {"old": "13900000001", "new": "13900000001"}}
    report = b.sync()
    assert report.applied == 1 and report.rejected == 0
    a.sync()
    assert core.conflicts(county) == []
    assert a.phone(head) == b.phone(head) == "13900000001"
    assert conflicts.get(a.store, cid).status == "resolved"


def test_a_duplicate_household_number_is_acknowledged(
    county: sa.Engine, two_pcs: tuple[PC, PC], capsys: pytest.CaptureFixture[str]
) -> None:
    """Two PCs register the same household number offline: the second is refused as a
    duplicate (its children with it); acknowledging sends a delete of the row the server
    never had, and the server marks the conflict resolved."""
    a, b = two_pcs
    HouseholdRepository(a.store).create_household(factories.zhang_family("360000009"))
    HouseholdRepository(b.store).create_household(factories.zhang_family("360000009"))
    a.sync()
    b.sync()
    a.sync()
    duplicate = next(c for c in conflicts.open_conflicts(b.store) if c.kind == "duplicate")
    assert duplicate.tbl == "household" and duplicate.label == "360000009"
    assert duplicate.other_id  # the household that holds the number
    with pytest.raises(ValidationError):
        conflicts.resolve(b.store, duplicate.conflict_id, {"household_no": "360000010"})
    code, _ = b.cli(capsys, "conflicts", "resolve", duplicate.conflict_id)
    assert code == 0
    assert b.sync().rejected == 0
    a.sync()
    on_server = {c["conflict_id"]: c for c in core.conflicts(county, status=None)}
    assert on_server[duplicate.conflict_id]["status"] == "resolved"
    assert conflicts.get(a.store, duplicate.conflict_id).status == "resolved"
    assert pending_count(b.store) == 0


def test_only_a_worker_or_chief_pc_of_the_scope_may_choose(
    county: sa.Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = PC(tmp_path, "a", county), PC(tmp_path, "b", county, role="county")
    try:
        head = phone_conflict(a, b)
        cid = core.conflicts(county)[0]["conflict_id"]
        code, refused = b.cli(capsys, "conflicts", "resolve", cid, "--take", "local", "--json")
        assert code == 1 and "county" in refused["errors"][0]["message"]
        # Not enrolled (the credentials forgotten): nobody here may choose.
        (a.dir / CREDENTIALS_FILE).unlink()
        with pytest.raises(ValidationError) as info:
            conflicts.resolve(a.store, cid, {"phone": "13900000002"})
        assert "登记" in info.value.errors[0].text() or "注册" in info.value.errors[0].text()
        assert a.phone(head) == "13900000001" and conflicts.get(a.store, cid).status == "open"
    finally:
        a.store.close()
        b.store.close()


def test_schema_13_upgrade_is_rerunnable_and_keeps_the_outbox(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        HouseholdRepository(store).create_household(factories.zhang_family())
        key = store.key.key
        outbox = store.query("SELECT device_seq, row_id, changes FROM outbox ORDER BY device_seq")
    conn = connect(data_dir / DB_FILE, key)
    conn.execute("BEGIN IMMEDIATE")
    m0013_sync_conflicts.up(conn)  # again, over schema 13: nothing fails, nothing is lost
    conn.execute("COMMIT")
    conn.execute("PRAGMA user_version = 12")
    assert migrations.migrate(conn) == list(range(13, migrations.LATEST + 1))
    columns = {r[1] for r in conn.execute("PRAGMA table_info(outbox)")}
    assert "resolves" in columns
    rows = conn.execute("SELECT device_seq, row_id, changes FROM outbox ORDER BY device_seq")
    assert [dict(zip(("device_seq", "row_id", "changes"), r, strict=True)) for r in rows] == outbox
    assert conn.execute("SELECT count(*) FROM sync_conflict").fetchone()[0] == 0
    conn.close()


def test_the_label_dictionary_names_the_fields() -> None:
    assert conflicts.field_label("person", "phone") == "联系方式"
    assert conflicts.field_label("household", "household_no") == "户号"
    assert conflicts.value_text("person", "sex", "1") == "男"
    assert conflicts.value_text("person", "phone", "") == "—"
    assert conflicts.DEVICE_FILE == CREDENTIALS_FILE
    assert conflicts.local_time("2026-12-01T08:30:00.000Z")[:10] in ("2026-12-01", "2026-11-30")


class RawDevice:
    """A third device of the village that pushes contract mutations straight to the core."""

    def __init__(self, county: sa.Engine) -> None:
        self.county = county
        self.device_id = str(uuid.uuid4())
        core.enroll(county, core.create_enrolment(county, [factories.VILLAGE]), self.device_id)
        self.seq = 0

    def push(self, op: str, person_id: str, changes: dict[str, Any] | None = None) -> str:
        state = core.record_state(self.county, "person", person_id)
        assert state is not None
        self.seq += 1
        mutation = {
            "device_seq": self.seq,
            "tbl": "person",
            "id": person_id,
            "op": op,
            "base_version": state["version"],
            "area_code": state["area_code"],
            "changes": changes or {},
            "user_id": "lisi",
        }
        [result] = core.push(self.county, self.device_id, [mutation])["results"]
        return str(result["status"])


def delete_locally(store: Store, person_id: str) -> None:
    """A deletion through the store's write path (the register itself offers none yet)."""
    row = store.query("SELECT version, area_code FROM person WHERE id = ?", (person_id,))[0]
    with store.write("delete person", table="person", row_id=person_id) as capture:
        store.conn.execute("UPDATE person SET deleted = 1, pending = 1 WHERE id = ?", (person_id,))
        capture.deleted("person", person_id, row["version"], row["area_code"])


def shared_head(a: PC, b: PC) -> str:
    HouseholdRepository(a.store).create_household(factories.zhang_family())
    a.sync()
    b.sync()
    return str(a.store.query("SELECT id FROM person WHERE name = '张三丰'")[0]["id"])


def test_an_edit_of_a_deleted_record_is_acknowledged_and_stays_deleted(
    county: sa.Engine, two_pcs: tuple[PC, PC], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = two_pcs
    head = shared_head(a, b)
    HouseholdRepository(b.store).update_person(head, {"phone": "13900000002"})
    assert RawDevice(county).push("delete", head) == "applied"
    assert b.sync().conflicts == 1
    [conflict] = conflicts.open_conflicts(b.store)
    assert conflict.kind == "update_delete" and conflict.own
    with pytest.raises(ValidationError):  # no values to choose: the server never revives
        conflicts.resolve(b.store, conflict.conflict_id, {"phone": "13900000002"})
    code, answer = b.cli(capsys, "conflicts", "resolve", conflict.conflict_id, "--json")
    assert code == 0 and answer["conflict"]["status"] == "resolving"
    assert b.sync().rejected == 0
    a.sync()
    assert core.conflicts(county) == []
    assert core.record_state(county, "person", head)["deleted"] is True  # type: ignore[index]
    for pc in (a, b):
        assert pc.store.query("SELECT deleted FROM person WHERE id = ?", (head,)) == [
            {"deleted": 1}
        ]
        assert conflicts.get(pc.store, conflict.conflict_id).status == "resolved"


@pytest.mark.parametrize("delete", [False, True])
def test_a_deletion_that_met_an_edit_keeps_the_record_or_deletes_it(
    county: sa.Engine, two_pcs: tuple[PC, PC], capsys: pytest.CaptureFixture[str], delete: bool
) -> None:
    a, b = two_pcs
    head = shared_head(a, b)
    delete_locally(b.store, head)
    changes = {"phone": {"old": "", "new": "13600000000"}}
    assert RawDevice(county).push("update", head, changes) == "applied"
    assert b.sync().conflicts == 1
    [conflict] = conflicts.open_conflicts(b.store)
    assert conflict.kind == "delete_update"
    assert b.store.query("SELECT deleted FROM person WHERE id = ?", (head,)) == [{"deleted": 0}]
    args = ["conflicts", "resolve", conflict.conflict_id] + (["--delete"] if delete else [])
    assert b.cli(capsys, *args)[0] == 0
    assert b.sync().rejected == 0
    a.sync()
    assert core.conflicts(county) == []
    state = core.record_state(county, "person", head)
    assert state is not None and state["deleted"] is delete
    assert state["data"]["phone"] == "13600000000"
    for pc in (a, b):
        row = pc.store.query("SELECT deleted, phone FROM person WHERE id = ?", (head,))
        assert row == [{"deleted": int(delete), "phone": "13600000000"}]
        assert conflicts.get(pc.store, conflict.conflict_id).status == "resolved"


def test_a_conflict_this_pc_cannot_read_never_stops_a_page(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        good = {
            "conflict_id": "c-1",
            "kind": "field",
            "tbl": "person",
            "id": "p-1",
            "area_code": factories.VILLAGE,
            "fields": ["phone"],
            "local_values": {"phone": "13900000002"},
            "server_values": {"phone": "13900000001"},
            "status": "open",
        }
        bad = {"conflict_id": "c-2", "kind": "field"}  # no row: left out
        page = {"changes": [], "removed": [], "conflicts": [bad, good], "next_cursor": 5}
        assert apply_pull_page(store, page).conflicts == 1
        assert [c.conflict_id for c in conflicts.open_conflicts(store)] == ["c-1"]
        # Replayed, then resolved elsewhere: one row, resolved here too.
        apply_pull_page(store, page)
        settled = good | {"status": "resolved", "resolved_at": "2026-12-01T09:00:00.000Z"}
        apply_pull_page(store, page | {"conflicts": [settled], "next_cursor": 6})
        assert conflicts.open_conflicts(store) == []
        assert [c.status for c in conflicts.all_conflicts(store)] == ["resolved"]
        apply_pull_page(store, page | {"next_cursor": 7})  # an old "open" never reopens it
        assert conflicts.get(store, "c-1").status == "resolved"


def test_a_household_number_taken_by_an_edit_is_acknowledged(
    county: sa.Engine, two_pcs: tuple[PC, PC], capsys: pytest.CaptureFixture[str]
) -> None:
    """PC b renumbers its household offline to a number PC a has just registered: the
    server keeps b's old number (a duplicate); acknowledging sends the county's number."""
    a, b = two_pcs
    HouseholdRepository(b.store).create_household(factories.zhang_family("360000001"))
    b.sync()
    HouseholdRepository(a.store).create_household(factories.zhang_family("360000002"))
    a.sync()
    hid = b.store.query("SELECT id FROM household WHERE household_no = '360000001'")[0]["id"]
    RegisterActions(b.store).update_household(hid, {"household_no": "360000002"})
    report = b.sync()
    assert report.conflicts == 1
    [conflict] = [c for c in conflicts.open_conflicts(b.store) if c.kind == "duplicate"]
    assert conflict.server_has_row and conflict.fields == ["household_no"]
    assert b.store.query("SELECT household_no FROM household WHERE id = ?", (hid,)) == [
        {"household_no": "360000001"}
    ]
    listed = b.cli(capsys, "conflicts", "--json")[1]
    assert [c["other_id"] for c in listed["conflicts"]] == [conflict.other_id]
    assert b.cli(capsys, "conflicts", "resolve", conflict.conflict_id)[0] == 0
    assert b.sync().rejected == 0
    a.sync()
    assert core.conflicts(county) == []
    numbers = sorted(r["household_no"] for r in a.store.query("SELECT household_no FROM household"))
    assert numbers == ["360000001", "360000002"]
    assert conflicts.get(a.store, conflict.conflict_id).status == "resolved"
