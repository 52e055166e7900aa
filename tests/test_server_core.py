"""The county server's core (docs/sync-protocol.md): enrolment, revocation, push (replay,
gaps, scope, merges and conflicts) and the pull feed — on SQLite, and on PostgreSQL when
GRIDAPP_TEST_PG_URL is set (each run in a throw-away schema)."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from gridapp.server import core
from gridapp.server import schema as s
from gridapp.server.schema import make_engine
from tests import county_db

COUNTY = "360423"
TOWN_A = "360423100"
VILLAGE_A = "360423100201"
VILLAGE_B = "360423100202"
VILLAGE_OTHER_TOWN = "360423101201"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    if request.param == "postgres":
        yield from county_db.pg_engine()
        return
    eng = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    yield eng
    eng.dispose()


@pytest.fixture
def pg_engine() -> Iterator[sa.Engine]:
    yield from county_db.pg_engine()


@pytest.fixture
def server(engine: sa.Engine) -> sa.Engine:
    places = [
        core.PlaceRow(TOWN_A, "宋溪镇", "township", COUNTY),
        core.PlaceRow(VILLAGE_A, "山口村", "village", TOWN_A),
        core.PlaceRow(VILLAGE_B, "港背村", "village", TOWN_A),
    ]
    core.init(engine, COUNTY, "武宁县", places)
    return engine


def enrol(engine: sa.Engine, *scopes: str, role: str = "worker") -> str:
    code = core.create_enrolment(engine, list(scopes), role)
    device_id = str(uuid.uuid4())
    core.enroll(engine, code, device_id, f"PC {scopes[0]}")
    return device_id


def new_id() -> str:
    return str(uuid.uuid4())


def create(seq: int, tbl: str, row_id: str, area: str, **data: Any) -> dict[str, Any]:
    return {
        "device_seq": seq,
        "tbl": tbl,
        "id": row_id,
        "op": "create",
        "base_version": 0,
        "area_code": area,
        "changes": {"id": row_id, "area_code": area, **data},
        "hlc": "000001908f3a2c1b-0000-a1b2c3d4",
        "client_wall": "2026-11-30T09:12:00+08:00",
        "user_id": "zhangxh",
    }


def update(seq: int, tbl: str, row_id: str, area: str, base: int, **new: Any) -> dict[str, Any]:
    m = create(seq, tbl, row_id, area)
    m.update(
        op="update", base_version=base, changes={k: {"old": None, "new": v} for k, v in new.items()}
    )
    return m


def delete(seq: int, tbl: str, row_id: str, area: str, base: int) -> dict[str, Any]:
    m = create(seq, tbl, row_id, area)
    m.update(op="delete", base_version=base, changes={})
    return m


def person(seq: int, row_id: str, area: str = VILLAGE_A, **extra: Any) -> dict[str, Any]:
    data = {"id_number": f"3604231990{seq:08d}", "name": "王芳", "phone": "13800000000"}
    return create(seq, "person", row_id, area, **(data | extra))


def statuses(reply: dict[str, Any]) -> list[str]:
    return [r["status"] for r in reply["results"]]


def count(engine: sa.Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def pull_all(
    engine: sa.Engine, device_id: str, cursor: int = 0, limit: int = 500
) -> dict[str, Any]:
    """Every page from ``cursor``: changes, removed and conflicts in feed order."""
    out: dict[str, Any] = {"changes": [], "removed": [], "conflicts": [], "pages": 0}
    while True:
        page = core.pull(engine, device_id, cursor, limit)
        out["pages"] += 1
        for key in ("changes", "removed", "conflicts"):
            out[key] += page[key]
        assert page["next_cursor"] >= cursor
        cursor = page["next_cursor"]
        if not page["has_more"]:
            out["cursor"] = cursor
            return out


# --- enrolment and devices -------------------------------------------------------------


def test_enrolment_code_works_once_and_expires(server: sa.Engine) -> None:
    code = core.create_enrolment(server, [VILLAGE_A], "worker")
    assert len(code) == 10 and not set(code) & set("0O1I")
    device_id = new_id()
    # Typed with spaces and in lower case on the PC: still the same code.
    creds = core.enroll(server, f" {code[:5].lower()} {code[5:]} ", device_id, "村委会电脑")
    assert creds.scopes == [VILLAGE_A] and creds.role == "worker" and creds.county == COUNTY
    assert len(creds.prefix) == 4 and int(creds.prefix, 16) >= 0
    assert core.authenticate(server, f"Bearer {creds.token}").device_id == device_id

    with pytest.raises(core.EnrolmentError) as used:
        core.enroll(server, code, new_id())
    assert used.value.reason == "used_code"
    with pytest.raises(core.EnrolmentError) as unknown:
        core.enroll(server, "ABCDEFGHJK", new_id())
    assert unknown.value.reason == "invalid_code"

    old = core.create_enrolment(server, [VILLAGE_A], now=datetime.now(UTC) - timedelta(hours=25))
    with pytest.raises(core.EnrolmentError) as expired:
        core.enroll(server, old, new_id())
    assert expired.value.reason == "expired_code"

    # Only the secret's hash is kept; the listing never shows it.
    listed = core.devices(server)
    assert [d["device_id"] for d in listed] == [device_id]
    assert creds.device_secret not in repr(listed)
    with server.connect() as conn:
        stored = conn.execute(sa.select(s.device.c.secret_hash)).scalar_one()
        hashes = conn.execute(sa.select(s.enrolment.c.code_hash)).scalars().all()
    assert stored != creds.device_secret and creds.device_secret not in stored
    assert code not in hashes

    with pytest.raises(core.AuthError) as wrong:
        core.authenticate(server, f"{device_id}.not-the-secret")
    assert wrong.value.reason == "unknown_device"
    with pytest.raises(core.RequestError):
        core.create_enrolment(server, ["110101"], "worker")  # another county
    with pytest.raises(core.RequestError):
        core.create_enrolment(server, [VILLAGE_A], "admin")


def test_device_prefixes_are_unique(server: sa.Engine) -> None:
    prefixes = set()
    for _ in range(3):
        code = core.create_enrolment(server, [VILLAGE_A])
        prefixes.add(core.enroll(server, code, "abcd" + uuid.uuid4().hex[:8]).prefix)
    assert len(prefixes) == 3  # the first is ABCD, the next two cannot be


def test_revoked_device_is_refused(server: sa.Engine) -> None:
    code = core.create_enrolment(server, [VILLAGE_A])
    device_id = new_id()
    creds = core.enroll(server, code, device_id)
    assert core.revoke(server, device_id) is True
    for call in (
        lambda: core.authenticate(server, creds.token),
        lambda: core.push(server, device_id, [person(1, new_id())]),
        lambda: core.pull(server, device_id, 0),
    ):
        with pytest.raises(core.AuthError) as refused:
            call()
        assert refused.value.reason == "revoked"
    assert core.devices(server)[0]["revoked_at"]
    assert core.revoke(server, "no-such-device") is False
    # A new code does not bring a revoked device back.
    with pytest.raises(core.EnrolmentError) as again:
        core.enroll(server, core.create_enrolment(server, [VILLAGE_A]), device_id)
    assert again.value.reason == "revoked"
    assert core.record_state(server, "person", "x") is None


# --- push ------------------------------------------------------------------------------


def test_push_applies_and_a_replay_changes_nothing(server: sa.Engine) -> None:
    device = enrol(server, VILLAGE_A)
    household, member = new_id(), new_id()
    batch = [
        create(
            1, "household", household, VILLAGE_A, household_no="3604231001", address="山口村1号"
        ),
        person(2, member, household_id=household, relation="02"),
        update(3, "person", member, VILLAGE_A, 1, phone="13912345678"),
    ]
    first = core.push(server, device, batch, batch_id="b1")
    assert statuses(first) == ["applied", "applied", "applied"]
    assert first["last_device_seq"] == 3
    row = core.record_state(server, "person", member)
    assert row is not None and row["version"] == 2
    assert row["data"]["phone"] == "13912345678" and row["data"]["household_id"] == household
    assert row["data"]["status"] == "1" and row["data"]["birth_date"] is None  # defaults

    log_size, versions = count(server, s.change_log), count(server, s.applied_mutation)
    again = core.push(server, device, batch, batch_id="b1")
    assert again["results"] == first["results"]
    assert count(server, s.change_log) == log_size
    assert count(server, s.applied_mutation) == versions
    assert core.record_state(server, "person", member) == row


def test_a_gap_is_held_then_applied_in_order(server: sa.Engine) -> None:
    device = enrol(server, VILLAGE_A)
    member = new_id()
    held = core.push(
        server, device, [update(2, "person", member, VILLAGE_A, 1, phone="13911112222")]
    )
    assert statuses(held) == ["held"] and held["last_device_seq"] == 0
    assert core.record_state(server, "person", member) is None

    reply = core.push(server, device, [person(1, member)])
    assert statuses(reply) == ["applied"] and reply["last_device_seq"] == 2
    row = core.record_state(server, "person", member)
    assert row is not None and row["version"] == 2 and row["data"]["phone"] == "13911112222"
    assert count(server, s.held_mutation) == 0
    # The PC re-sends the held one with its successors: its stored result comes back.
    resent = core.push(
        server,
        device,
        [
            update(2, "person", member, VILLAGE_A, 1, phone="13911112222"),
            update(3, "person", member, VILLAGE_A, 2, note="复核"),
        ],
    )
    assert statuses(resent) == ["applied", "applied"]
    assert core.record_state(server, "person", member)["version"] == 3  # type: ignore[index]


def test_a_scope_violation_is_forbidden_and_changes_nothing(server: sa.Engine) -> None:
    village_a = enrol(server, VILLAGE_A)
    township = enrol(server, TOWN_A)
    in_b = new_id()
    assert statuses(core.push(server, township, [person(1, in_b, VILLAGE_B)])) == ["applied"]
    before = core.record_state(server, "person", in_b)
    log_size = count(server, s.change_log)

    own = new_id()
    reply = core.push(
        server,
        village_a,
        [
            person(1, new_id(), VILLAGE_B),  # a new row in another village
            update(2, "person", in_b, VILLAGE_A, 1, phone="13700000000"),  # claims to be in A
            delete(3, "person", in_b, VILLAGE_B, 1),
            person(4, own),  # the queue goes on
            update(5, "person", own, VILLAGE_A, 1, area_code=VILLAGE_B),  # moving it out
        ],
    )
    assert statuses(reply) == ["forbidden", "forbidden", "forbidden", "applied", "forbidden"]
    assert all("reason" not in r for r in reply["results"])  # the PC says 已移出本机范围
    assert core.record_state(server, "person", in_b) == before
    assert core.record_state(server, "person", own)["area_code"] == VILLAGE_A  # type: ignore[index]
    assert count(server, s.change_log) == log_size + 1
    assert reply["last_device_seq"] == 5


def test_a_bad_record_is_rejected_and_never_blocks_the_rest(server: sa.Engine) -> None:
    device = enrol(server, VILLAGE_A)
    member, event = new_id(), new_id()
    reply = core.push(
        server,
        device,
        [
            create(1, "no_such_table", new_id(), VILLAGE_A),
            person(2, new_id(), shoe_size="42"),
            person(3, new_id(), birth_date="1990-02-30"),
            person(4, member),
            create(
                5,
                "household_event",
                event,
                VILLAGE_A,
                household_id=new_id(),
                kind="01",
                event_date="2026-11-01",
            ),
            update(6, "household_event", event, VILLAGE_A, 1, detail="改"),  # append-only
            update(7, "person", new_id(), VILLAGE_A, 1, phone="1"),  # no such record
            update(8, "person", member, VILLAGE_A, 1, verified=True),
        ],
    )
    assert statuses(reply) == [
        "rejected",
        "rejected",
        "rejected",
        "applied",
        "conflict",  # its household is not on the server (parent_missing)
        "rejected",
        "rejected",
        "applied",
    ]
    reasons = [(r.get("reason"), r.get("field")) for r in reply["results"]]
    assert reasons[:3] == [
        ("unknown_table", None),
        ("unknown_field", "shoe_size"),
        ("bad_value", "birth_date"),
    ]
    assert reasons[5][0] == "append_only" and reasons[6][0] == "unknown_record"
    assert core.record_state(server, "person", member)["data"]["verified"] == 1  # type: ignore[index]
    with pytest.raises(core.RequestError):
        core.push(server, device, [person(10, new_id()), person(9, new_id())])  # out of order
    with pytest.raises(core.LimitError):
        core.push(server, device, [person(20 + i, new_id()) for i in range(201)])


def test_a_stale_update_of_another_field_merges(server: sa.Engine) -> None:
    pc1, pc2 = enrol(server, VILLAGE_A), enrol(server, VILLAGE_A)
    member = new_id()
    core.push(server, pc1, [person(1, member)])
    assert statuses(
        core.push(server, pc2, [update(1, "person", member, VILLAGE_A, 1, phone="13911111111")])
    ) == ["applied"]
    reply = core.push(server, pc1, [update(2, "person", member, VILLAGE_A, 1, workplace="县医院")])
    assert reply["results"][0] == {"device_seq": 2, "status": "merged", "version": 3}
    data = core.record_state(server, "person", member)["data"]  # type: ignore[index]
    assert data["phone"] == "13911111111" and data["workplace"] == "县医院"
    assert core.conflicts(server) == []


def test_a_stale_update_of_the_same_field_conflicts(server: sa.Engine) -> None:
    pc1, pc2 = enrol(server, VILLAGE_A), enrol(server, VILLAGE_A)
    member = new_id()
    core.push(server, pc1, [person(1, member)])
    core.push(server, pc2, [update(1, "person", member, VILLAGE_A, 1, phone="13911111111")])
    reply = core.push(
        server,
        pc1,
        [update(2, "person", member, VILLAGE_A, 1, phone="13922222222", workplace="县医院")],
    )
    result = reply["results"][0]
    assert result["status"] == "conflict" and result["version"] == 3
    data = core.record_state(server, "person", member)["data"]  # type: ignore[index]
    assert data["phone"] == "13911111111"  # the first synced value stays
    assert data["workplace"] == "县医院"  # the other field is applied
    [conflict] = core.conflicts(server)
    assert conflict["conflict_id"] == result["conflict_id"] and conflict["kind"] == "field"
    assert conflict["fields"] == ["phone"]
    assert conflict["local_values"] == {"phone": "13922222222"}
    assert conflict["server_values"] == {"phone": "13911111111"}
    assert (conflict["base_version"], conflict["device_id"], conflict["user_id"]) == (
        1,
        pc1,
        "zhangxh",
    )
    # Every device of the scope learns of it from the feed.
    assert [c["conflict_id"] for c in pull_all(server, pc2)["conflicts"]] == [result["conflict_id"]]

    # A person picks pc1's value: a new edit against the current version settles it.
    choice = update(3, "person", member, VILLAGE_A, 3, phone="13922222222")
    choice["resolves"] = result["conflict_id"]
    assert statuses(core.push(server, pc1, [choice])) == ["applied"]
    assert core.conflicts(server) == []
    [settled] = core.conflicts(server, status="resolved")
    assert settled["resolution"]["values"] == {"phone": "13922222222"}
    assert core.record_state(server, "person", member)["data"]["phone"] == "13922222222"  # type: ignore[index]
    feed = pull_all(server, pc2)["conflicts"]
    assert [(c["conflict_id"], c["status"]) for c in feed] == [(result["conflict_id"], "resolved")]


def test_own_earlier_edits_never_conflict(server: sa.Engine) -> None:
    pc = enrol(server, VILLAGE_A)
    member = new_id()
    core.push(server, pc, [person(1, member)])
    # Two offline edits of the same field, both made against version 1.
    reply = core.push(
        server,
        pc,
        [
            update(2, "person", member, VILLAGE_A, 1, name="王芳芳"),
            update(3, "person", member, VILLAGE_A, 1, name="王芳"),
        ],
    )
    assert statuses(reply) == ["applied", "applied"]
    assert core.record_state(server, "person", member)["data"]["name"] == "王芳"  # type: ignore[index]


def test_update_against_delete_conflicts_both_ways(server: sa.Engine) -> None:
    pc1, pc2 = enrol(server, VILLAGE_A), enrol(server, VILLAGE_A)
    gone, kept = new_id(), new_id()
    core.push(server, pc1, [person(1, gone), person(2, kept)])
    assert statuses(core.push(server, pc2, [delete(1, "person", gone, VILLAGE_A, 1)])) == [
        "applied"
    ]
    reply = core.push(server, pc1, [update(3, "person", gone, VILLAGE_A, 1, phone="13933333333")])
    assert reply["results"][0]["status"] == "conflict"
    row = core.record_state(server, "person", gone)
    assert (
        row is not None and row["deleted"] and row["data"]["phone"] == "13800000000"
    )  # not revived

    core.push(server, pc1, [update(4, "person", kept, VILLAGE_A, 1, phone="13944444444")])
    reply = core.push(server, pc2, [delete(2, "person", kept, VILLAGE_A, 1)])
    assert reply["results"][0]["status"] == "conflict"
    assert not core.record_state(server, "person", kept)["deleted"]  # type: ignore[index]
    assert sorted(c["kind"] for c in core.conflicts(server)) == ["delete_update", "update_delete"]


def test_hard_fields_conflict_even_when_other_fields_changed(server: sa.Engine) -> None:
    pc1, pc2 = enrol(server, VILLAGE_A), enrol(server, VILLAGE_A)
    member, petition = new_id(), new_id()
    core.push(
        server,
        pc1,
        [
            person(1, member),
            create(
                2,
                "petition",
                petition,
                VILLAGE_A,
                reg_no="XF-0001",
                reg_date="2026-11-01",
                channel="visit",
                kind="suggestion",
                summary="路灯",
            ),
        ],
    )
    core.push(
        server,
        pc2,
        [
            update(1, "person", member, VILLAGE_A, 1, phone="13955555555"),
            update(2, "petition", petition, VILLAGE_A, 1, summary="路灯不亮"),
        ],
    )
    reply = core.push(
        server,
        pc1,
        [
            update(3, "person", member, VILLAGE_A, 1, name="王芳芳", note="改名"),
            update(4, "petition", petition, VILLAGE_A, 1, handler="李四"),
        ],
    )
    assert statuses(reply) == ["conflict", "conflict"]
    data = core.record_state(server, "person", member)["data"]  # type: ignore[index]
    assert data["name"] == "王芳" and data["note"] == "改名" and data["phone"] == "13955555555"
    assert core.record_state(server, "petition", petition)["data"]["handler"] == ""  # type: ignore[index]
    assert sorted(tuple(c["fields"]) for c in core.conflicts(server)) == [("handler",), ("name",)]


def test_a_second_row_with_the_same_natural_key_is_a_conflict(server: sa.Engine) -> None:
    pc1, pc2 = enrol(server, VILLAGE_A), enrol(server, VILLAGE_A)
    first, second = new_id(), new_id()
    core.push(server, pc1, [person(1, first, id_number="360423199001011234")])
    reply = core.push(server, pc2, [person(1, second, id_number="360423199001011234")])
    assert reply["results"][0]["status"] == "conflict"
    assert core.record_state(server, "person", second) is None
    [conflict] = core.conflicts(server)
    assert conflict["kind"] == "duplicate" and conflict["other_id"] == first
    # Two PCs creating the same id: the second create is an update against version 0.
    same = new_id()
    core.push(server, pc1, [person(2, same, phone="13800000001")])
    reply = core.push(server, pc2, [person(2, same, phone="13800000002")])
    assert reply["results"][0]["status"] == "conflict"
    assert core.record_state(server, "person", same)["data"]["phone"] == "13800000001"  # type: ignore[index]


def test_a_row_naming_a_missing_parent_is_not_written(server: sa.Engine) -> None:
    """Children of a create the server refused (or of a row it never had) are refused
    too, as ``parent_missing`` conflicts; a parent outside the scope is fine."""
    pc1, pc2 = enrol(server, VILLAGE_A), enrol(server, VILLAGE_A)
    other = enrol(server, VILLAGE_B)
    house, twin, elsewhere = new_id(), new_id(), new_id()
    household = {"household_no": "360000001", "address": "山口村1组"}
    core.push(server, pc1, [create(1, "household", house, VILLAGE_A, **household)])
    core.push(server, other, [create(1, "household", elsewhere, VILLAGE_B, household_no="2")])
    head, tag, event, lodger = new_id(), new_id(), new_id(), new_id()
    reply = core.push(
        server,
        pc2,
        [
            create(1, "household", twin, VILLAGE_A, **household),  # a duplicate
            person(2, head, household_id=twin),
            create(3, "person_tag", tag, VILLAGE_A, person_id=head, tag="dibao"),
            create(4, "household_event", event, VILLAGE_A, household_id=twin, kind="created"),
            # A parent outside the device's scope exists on the server: written.
            person(5, lodger, household_id=elsewhere),
            # An edit pointing a row at a missing household keeps the server's value.
            update(6, "person", lodger, VILLAGE_A, 1, household_id=twin, phone="13911112222"),
        ],
    )
    assert statuses(reply) == [
        "conflict",
        "conflict",
        "conflict",
        "conflict",
        "applied",
        "conflict",
    ]
    kinds = [r["conflict"]["kind"] for r in reply["results"] if r["status"] == "conflict"]
    assert kinds == [
        "duplicate",
        "parent_missing",
        "parent_missing",
        "parent_missing",
        "parent_missing",
    ]
    assert reply["results"][1]["conflict"]["other_id"] == twin
    assert reply["results"][2]["conflict"]["fields"] == ["person_id"]
    for row_id, tbl in [(head, "person"), (tag, "person_tag"), (event, "household_event")]:
        assert core.record_state(server, tbl, row_id) is None
    moved = core.record_state(server, "person", lodger)
    assert moved is not None and moved["version"] == 2
    assert moved["data"]["household_id"] == elsewhere and moved["data"]["phone"] == "13911112222"
    last = reply["results"][5]["conflict"]
    assert last["server_values"] == {"household_id": elsewhere}
    # The same batch again changes nothing (replay).
    assert core.push(server, pc2, [person(2, head, household_id=twin)])["results"] == [
        reply["results"][1]
    ]
    # A child of the row that won is written.
    reply = core.push(
        server,
        pc2,
        [create(7, "person_tag", new_id(), VILLAGE_A, person_id=lodger, tag="dibao")],
    )
    assert statuses(reply) == ["applied"]


def test_far_future_hlc_is_clamped(server: sa.Engine) -> None:
    pc = enrol(server, VILLAGE_A)
    m = person(1, new_id())
    m["hlc"] = "ffffffffffff-0001-a1b2c3d4"
    core.push(server, pc, [m])
    with server.connect() as conn:
        stored = conn.execute(sa.select(s.applied_mutation.c.hlc)).scalar_one()
    limit = datetime.now(UTC) + timedelta(hours=24, minutes=1)
    assert int(stored.split("-")[0], 16) < limit.timestamp() * 1000


# --- pull ------------------------------------------------------------------------------


def test_pull_pages_in_order_within_scope_and_lists_removed_rows(server: sa.Engine) -> None:
    village_a = enrol(server, VILLAGE_A)
    township = enrol(server, TOWN_A)
    other_town = enrol(server, VILLAGE_OTHER_TOWN)
    ids_a = [new_id() for _ in range(7)]
    ids_b = [new_id() for _ in range(3)]
    mutations = []
    for i in range(10):
        in_a = i % 3 != 2
        row_id = ids_a.pop(0) if in_a else ids_b.pop(0)
        mutations.append(person(i + 1, row_id, VILLAGE_A if in_a else VILLAGE_B))
    core.push(server, township, mutations)
    expected_a = [m["id"] for m in mutations if m["area_code"] == VILLAGE_A]

    seen: list[str] = []
    cursor, pages = 0, []
    while True:
        page = core.pull(server, village_a, cursor, limit=3)
        pages.append(page)
        seen += [c["id"] for c in page["changes"] if c["tbl"] == "person"]
        assert all(
            c["area_code"].startswith(VILLAGE_A)
            or (c["tbl"] == "place" and c["area_code"] in (COUNTY, TOWN_A))
            for c in page["changes"]
        )
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert seen == expected_a  # in push order, nothing of village B
    assert len(pages) >= 3 and all(len(p["changes"]) <= 3 for p in pages)
    place_codes = [
        c["data"]["code"] for c in pull_all(server, village_a)["changes"] if c["tbl"] == "place"
    ]
    assert place_codes == [COUNTY, TOWN_A, VILLAGE_A]  # the places above it, to show names
    # Nothing new: the same cursor comes back with an empty page.
    empty = core.pull(server, village_a, cursor)
    assert empty["changes"] == [] and not empty["has_more"] and empty["next_cursor"] == cursor
    assert [c for c in pull_all(server, other_town)["changes"] if c["tbl"] == "person"] == []

    # The township worker moves one person to village B: it leaves village A's PCs.
    moved = expected_a[0]
    reply = core.push(
        server, township, [update(11, "person", moved, VILLAGE_A, 1, area_code=VILLAGE_B)]
    )
    assert statuses(reply) == ["applied"]
    after = core.pull(server, village_a, cursor)
    assert after["removed"] == [{"tbl": "person", "id": moved}] and after["changes"] == []
    feed = core.pull(server, township, 0)
    row = next(c for c in feed["changes"] if c["id"] == moved)
    assert row["area_code"] == VILLAGE_B and row["version"] == 2

    # Deletes travel as tombstones.
    core.push(server, township, [delete(12, "person", expected_a[1], VILLAGE_A, 1)])
    tomb = core.pull(server, village_a, after["next_cursor"])["changes"]
    assert [(c["id"], c["deleted"], c["version"]) for c in tomb] == [(expected_a[1], True, 2)]

    with pytest.raises(core.LimitError):
        core.pull(server, village_a, 0, limit=501)
    with pytest.raises(core.AuthError):
        core.pull(server, "unknown", 0)
    # The township's place is read-only for a village's device: renaming it is refused
    # (403 alone, forbidden per record in a mixed batch).
    rename = update(1, "place", s.place_record_id(TOWN_A), TOWN_A, 1, name="改名")
    with pytest.raises(core.ForbiddenError):
        core.push(server, village_a, [rename])
    reply = core.push(server, village_a, [rename, person(2, new_id(), id_number="3604231999")])
    assert statuses(reply) == ["forbidden", "applied"]
    town = core.record_state(server, "place", s.place_record_id(TOWN_A))
    assert town is not None and town["data"]["name"] == "宋溪镇"


def test_hello_measures_the_clock_offset(server: sa.Engine) -> None:
    pc = enrol(server, VILLAGE_A)
    now = datetime.now(UTC)
    greeting = core.hello(server, pc, now - timedelta(days=3), now=now)
    assert greeting["clock_offset_ms"] == 3 * 86_400_000 and greeting["scopes"] == [VILLAGE_A]
    assert core.devices(server)[0]["clock_offset_ms"] == 3 * 86_400_000


@pytest.mark.postgres
def test_concurrent_pushes_and_pulls_never_skip_a_change(pg_engine: sa.Engine) -> None:
    """Writers commit in parallel while a reader follows the feed: every change arrives."""
    engine = pg_engine
    core.init(engine, COUNTY, "武宁县")
    writers = [enrol(engine, VILLAGE_A) for _ in range(6)]
    reader = enrol(engine, COUNTY, role="county")
    per_writer, created = 25, set()
    lock = threading.Lock()
    errors: list[BaseException] = []
    done = threading.Event()

    def write(device: str) -> None:
        try:
            for seq in range(1, per_writer + 1):
                row_id = new_id()
                batch = [person(seq, row_id, id_number=f"X{row_id[:17]}")]
                assert statuses(core.push(engine, device, batch)) == ["applied"]
                with lock:
                    created.add(row_id)
        except BaseException as exc:
            errors.append(exc)

    seen: set[str] = set()

    def read() -> None:
        cursor = 0
        try:
            while True:
                finished = done.is_set()
                page = core.pull(engine, reader, cursor, limit=7)
                seen.update(c["id"] for c in page["changes"] if c["tbl"] == "person")
                cursor = page["next_cursor"]
                if finished and not page["has_more"]:
                    return
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(d,)) for d in writers]
    follower = threading.Thread(target=read)
    follower.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    follower.join()
    assert errors == []
    assert len(created) == per_writer * len(writers)
    assert seen == created


def test_the_server_never_imports_the_store_or_the_ui() -> None:
    code = (
        "import sys\n"
        "for name in ('gridapp.store', 'gridapp.ui', 'PySide6', 'sqlcipher3'):\n"
        "    sys.modules[name] = None\n"
        "import gridapp.server.core, gridapp.server.cli, gridapp.server.migrations\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_server_knows_every_synced_table_and_field_of_the_pc(store: Any) -> None:
    from gridapp.store.migrations.m0001_core import SYNCED_TABLES

    assert set(s.SYNCED_TABLES) == set(SYNCED_TABLES)
    local = {
        "id",
        "area_code",
        "version",
        "deleted",
        "pending",
        "updated_hlc",
        "created_at",
        "updated_at",
    }
    derived = {
        ("household", "head_name"),
        ("household", "member_count"),
        ("person_tag", "household_id"),
    }
    for table in SYNCED_TABLES:
        columns = {row[1] for row in store.conn.execute(f"PRAGMA table_info({table})")}
        data = {c for c in columns - local if (table, c) not in derived}
        assert data == set(s.SPECS[table].kinds), table


def test_values_a_database_cannot_store_are_refused_not_a_server_error(
    server: sa.Engine,
) -> None:
    """Found by tests/test_server_api_property.py: NUL (PostgreSQL), a lone surrogate, NaN,
    integers past a BIGINT and a trailing newline came back as 500s."""
    pc = enrol(server, VILLAGE_A)
    reply = core.push(
        server,
        pc,
        [
            person(1, new_id(), name="王\x00芳"),
            person(2, new_id(), name="\ud800"),
            {**person(3, new_id()), "user_id": "zhang\x00"},
            {**person(4, new_id()), "id": "abc\n"},
            person(5, new_id(), area=VILLAGE_A + "\n"),
            create(6, "service_post", new_id(), VILLAGE_A, name="岗", planned=2**63),
            person(8, new_id(), phone=float("nan")),  # a gap: held, not kept (NaN)
            person(9, new_id(), note="\x00"),  # held, not kept (NUL)
        ],
    )
    assert statuses(reply) == ["rejected"] * 6 + ["held", "held"]
    assert count(server, s.held_mutation) == 0
    for bad in (
        lambda: core.push(server, pc, [person(2**63, new_id())]),
        lambda: core.push(server, pc, [person(7, new_id())], batch_id="b\x00"),
        lambda: core.pull(server, pc, 2**63),
        lambda: core.enroll(server, core.create_enrolment(server, [VILLAGE_A]), "pc-9", "\x00"),
    ):
        with pytest.raises(core.RequestError):
            bad()
    with pytest.raises(core.EnrolmentError):
        core.enroll(server, "\ud800", "pc-9")
    with pytest.raises(core.AuthError):
        core.authenticate(server, f"{pc}\n.secret")
