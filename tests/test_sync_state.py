"""The PC's side of sync in the store: outbox batches, push results, pulled pages.

The "server" here is a second real store (another PC's register) whose rows are sent as
contract pages (docs/sync-protocol.md §5.3) at chosen versions.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridapp.store import sync_pull, sync_state
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.migrations.m0001_core import SYNCED_TABLES
from gridapp.store.search import search_persons
from gridapp.store.sync_state import (
    SyncConflictingRowError,
    SyncDataError,
    apply_pull_page,
    outbox_batch,
    pull_cursor,
    record_results,
)
from tests import factories

NOT_DATA = {"id", "area_code", "version", "deleted", "pending", "updated_hlc"}
NOT_DATA |= {"created_at", "updated_at", "head_name", "member_count"}
DISPLAY_ONLY = {"created_at", "updated_at", "updated_hlc"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Store]:
    """Another PC's register: the source of what the county server sends."""
    s = Store.open(tmp_path / "server", create=True)
    yield s
    s.close()


def change(store: Store, tbl: str, row_id: str, version: int, **data: Any) -> dict[str, Any]:
    """Row ``row_id`` of ``store`` as a pulled change at ``version`` (``data`` overrides)."""
    row = store.query(f"SELECT * FROM {tbl} WHERE id = ?", (row_id,))[0]
    deleted = int(data.pop("deleted", row["deleted"]))
    skip = NOT_DATA | set(sync_state.DERIVED.get(tbl, ()))
    values = {k: v for k, v in row.items() if k not in skip}
    values.update(data)
    return {
        "tbl": tbl,
        "id": row_id,
        "version": version,
        "deleted": bool(deleted),
        "area_code": row["area_code"],
        "data": values,
    }


def first_page(server: Store, cursor: int = 10) -> dict[str, Any]:
    """Every row of ``server`` at version 1, parents first."""
    changes = [
        change(server, tbl, r["id"], 1)
        for tbl in SYNCED_TABLES
        for r in server.query(f"SELECT id FROM {tbl} ORDER BY rowid")
    ]
    body = {"changes": changes, "removed": [], "next_cursor": cursor, "has_more": False}
    return body | {"conflicts": [{"conflict_id": "c-0", "kind": "field"}]}  # not read yet


def page(*changes: dict[str, Any], cursor: int, removed: list[dict[str, str]] | None = None):
    return {"changes": list(changes), "removed": removed or [], "next_cursor": cursor}


def person_id(store: Store, name: str) -> str:
    return str(store.query("SELECT id FROM person WHERE name = ?", (name,))[0]["id"])


def dump(store: Store) -> dict[str, Any]:
    """Everything sync may change, without display-only times."""
    out: dict[str, Any] = {}
    for tbl in (*SYNCED_TABLES, "sync_tombstone", "sync_shadow", "sync_removed"):
        rows = store.query(f"SELECT * FROM {tbl}")
        out[tbl] = sorted(
            (tuple(sorted((k, v) for k, v in r.items() if k not in DISPLAY_ONLY)) for r in rows),
            key=repr,
        )
    out["outbox"] = store.query("SELECT device_seq, state, base_version FROM outbox")
    out["cursor"] = pull_cursor(store)
    return out


def visible(store: Store) -> dict[str, Any]:
    """What a person can see, and which rows are gone at which version (a tombstone row or
    the memory of a row deleted before this PC had it: the same to everyone)."""
    out: dict[str, Any] = {"cursor": pull_cursor(store)}
    gone = {
        (r["tbl"], r["row_id"]): r["version"]
        for r in store.query("SELECT tbl, row_id, version FROM sync_tombstone")
    }
    for tbl in SYNCED_TABLES:
        rows = store.query(f"SELECT * FROM {tbl}")
        gone.update({(tbl, r["id"]): r["version"] for r in rows if r["deleted"]})
        out[tbl] = sorted(
            (
                tuple(sorted((k, v) for k, v in r.items() if k not in DISPLAY_ONLY))
                for r in rows
                if not r["deleted"]
            ),
            key=repr,
        )
    out["gone"] = gone
    return out


def synced_register(store: Store) -> dict[str, Any]:
    """A register of one household created here and acknowledged by the server."""
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    record_results(
        store,
        [
            {"device_seq": m["device_seq"], "status": "applied", "version": 1}
            for m in outbox_batch(store)
        ],
    )
    return {"household": bundle.household.id, "head": bundle.members[0].id}


# --- push ------------------------------------------------------------------------------------


def test_an_edit_becomes_a_mutation_with_old_and_new_values(store: Store) -> None:
    ids = synced_register(store)
    assert outbox_batch(store) == []
    assert store.query("SELECT DISTINCT version, pending FROM person") == [
        {"version": 1, "pending": 0}
    ]
    HouseholdRepository(store).update_person(ids["head"], {"phone": "13912345678"})
    [mutation] = outbox_batch(store)
    assert mutation["tbl"] == "person" and mutation["id"] == ids["head"]
    assert mutation["op"] == "update" and mutation["base_version"] == 1
    assert mutation["changes"] == {"phone": {"old": "13907921234", "new": "13912345678"}}
    assert mutation["area_code"] == factories.VILLAGE and mutation["user_id"] == "tester"
    assert mutation["hlc"] and mutation["client_wall"]


def test_a_batch_is_bounded_and_in_device_seq_order(store: Store) -> None:
    HouseholdRepository(store).create_household(factories.zhang_family())
    everything = outbox_batch(store)
    assert len(everything) == 6
    creates = {m["tbl"]: m for m in everything}
    assert creates["household"]["op"] == "create" and creates["household"]["base_version"] == 0
    assert creates["household"]["changes"]["household_no"] == "360000001"
    two = outbox_batch(store, limit=2)
    assert [m["device_seq"] for m in two] == [m["device_seq"] for m in everything[:2]]
    assert [m["device_seq"] for m in everything] == sorted(m["device_seq"] for m in everything)
    assert len(outbox_batch(store, max_bytes=1)) == 1  # always at least one entry
    assert len(outbox_batch(store, limit=10_000)) == 6
    with pytest.raises(ValueError):
        outbox_batch(store, limit=0)


def test_results_mark_each_entry_and_settle_rows(store: Store) -> None:
    repo = HouseholdRepository(store)
    ids = synced_register(store)
    wife = person_id(store, "王芳")
    son = person_id(store, "张小明")
    repo.update_person(ids["head"], {"phone": "13900000001"})  # applied
    repo.update_person(ids["head"], {"note": "second edit"})  # held
    repo.update_person(wife, {"phone": "13900000002"})  # conflict
    repo.update_person(son, {"phone": "13900000003"})  # rejected
    batch = outbox_batch(store)
    seqs = [m["device_seq"] for m in batch]
    summary = record_results(
        store,
        [
            {"device_seq": seqs[0], "status": "applied", "version": 2},
            {"device_seq": seqs[1], "status": "held"},
            {"device_seq": seqs[2], "status": "conflict", "conflict_id": "c-1"},
            {"device_seq": seqs[3], "status": "rejected", "reason": "手机号码不正确"},
            {"device_seq": 999_999, "status": "applied"},
        ],
    )
    assert (summary.acked, summary.held, summary.conflict, summary.rejected) == (1, 1, 1, 1)
    assert summary.unknown == [999_999]
    states = {
        r["device_seq"]: r
        for r in store.query("SELECT device_seq, state, conflict_id, reason FROM outbox")
    }
    assert states[seqs[0]]["state"] == "acked"
    assert states[seqs[1]]["state"] == "pending"
    assert states[seqs[2]]["state"] == "conflict" and states[seqs[2]]["conflict_id"] == "c-1"
    assert states[seqs[3]]["state"] == "rejected" and states[seqs[3]]["reason"] == "手机号码不正确"
    # The held entry goes again, rebased on the version its predecessor made; the rejected
    # one is never sent again but is listed for the user.
    [again] = outbox_batch(store)
    assert again["device_seq"] == seqs[1] and again["base_version"] == 2
    assert [e["device_seq"] for e in sync_state.settled_entries(store, "rejected")] == [seqs[3]]
    pending = {r["id"]: r for r in store.query("SELECT id, version, pending FROM person")}
    assert pending[ids["head"]] == {"id": ids["head"], "version": 2, "pending": 1}  # held edit
    assert pending[wife]["pending"] == 0  # the server decided (conflict recorded there)
    assert pending[son]["pending"] == 1  # refused: the local value stays, shown with its reason
    before = dump(store)
    record_results(store, [{"device_seq": seqs[0], "status": "applied", "version": 2}])
    assert dump(store) == before  # a replayed reply changes nothing
    record_results(store, [{"device_seq": seqs[1], "status": "merged", "version": 4}])
    assert store.query("SELECT version, pending FROM person WHERE id = ?", (ids["head"],)) == [
        {"version": 2, "pending": 0}  # merged: the server's version comes with the next pull
    ]
    assert sync_state.pending_count(store) == 0


def test_forbidden_entries_show_the_scope_reason_and_bad_answers_record_nothing(
    store: Store,
) -> None:
    ids = synced_register(store)
    HouseholdRepository(store).update_person(ids["head"], {"phone": "13900000001"})
    [m] = outbox_batch(store)
    before = dump(store)
    for bad in (
        [{"device_seq": m["device_seq"], "status": "accepted"}],
        [{"status": "applied"}],
        [{"device_seq": m["device_seq"], "status": "applied", "version": "2"}],
    ):
        with pytest.raises(SyncDataError):
            record_results(store, [{"device_seq": m["device_seq"], "status": "held"}, *bad])
        assert dump(store) == before
    record_results(store, [{"device_seq": m["device_seq"], "status": "forbidden"}])
    [entry] = sync_state.settled_entries(store, "rejected")
    assert entry["reason"] == "已移出本机范围" and entry["changes"]["phone"]["new"] == "13900000001"


# --- pull ------------------------------------------------------------------------------------


def test_a_pulled_page_creates_rows_with_derived_columns_and_search(
    store: Store, server: Store
) -> None:
    HouseholdRepository(server).create_household(factories.zhang_family())
    summary = apply_pull_page(store, first_page(server, cursor=10))
    assert summary.written == 6 and summary.cursor == 10 and pull_cursor(store) == 10
    assert store.query("SELECT head_name, member_count, version, pending FROM household") == [
        {"head_name": "张三丰", "member_count": 3, "version": 1, "pending": 0}
    ]
    wife = person_id(store, "王芳")
    tag = store.query("SELECT household_id FROM person_tag")[0]["household_id"]
    assert (
        tag
        == store.query("SELECT household_id FROM person WHERE id = ?", (wife,))[0]["household_id"]
    )
    assert [h.name for h in search_persons(store.conn, "张三丰")] == ["张三丰"]
    assert [h.name for h in search_persons(store.conn, "石泉村")] != []
    assert store.query("SELECT count(*) AS n FROM outbox") == [{"n": 0}]  # pulled, not edited
    assert (
        HouseholdRepository(store)
        .members(store.query("SELECT id FROM household")[0]["id"])[0]
        .version
        == 1
    )


def test_updates_tombstones_and_replays_never_go_back(store: Store, server: Store) -> None:
    HouseholdRepository(server).create_household(factories.zhang_family())
    head = person_id(server, "张三丰")
    son = person_id(server, "张小明")
    page1 = first_page(server, cursor=10)
    apply_pull_page(store, page1)
    page2 = page(change(server, "person", head, 2, name="张三", phone="13511112222"), cursor=20)
    apply_pull_page(store, page2)
    assert [h.name for h in search_persons(store.conn, "13511112222")] == ["张三"]
    assert store.query("SELECT head_name FROM household") == [{"head_name": "张三"}]
    page3 = page(change(server, "person", son, 2, deleted=1), cursor=30)
    apply_pull_page(store, page3)
    assert store.query("SELECT deleted FROM person WHERE id = ?", (son,)) == [{"deleted": 1}]
    assert store.query("SELECT member_count FROM household") == [{"member_count": 2}]
    assert search_persons(store.conn, "张小明") == []
    after = dump(store)
    for replay in (page3, page2, page1, page2):  # twice, and older pages after newer ones
        summary = apply_pull_page(store, replay)
        assert summary.written == 0
    assert dump(store) == after  # not revived, not reverted, the cursor never moves back
    assert pull_cursor(store) == 30


def test_a_row_deleted_before_this_pc_had_it_never_comes_back(store: Store, server: Store) -> None:
    HouseholdRepository(server).create_household(factories.zhang_family())
    son = person_id(server, "张小明")
    tombstone = change(server, "person", son, 3, deleted=1)
    apply_pull_page(store, page(tombstone, cursor=5))
    assert store.query("SELECT id FROM person") == []
    apply_pull_page(store, first_page(server, cursor=10))
    assert store.query("SELECT id FROM person WHERE id = ?", (son,)) == []
    assert store.query("SELECT member_count FROM household") == [{"member_count": 2}]


def test_a_local_pending_edit_survives_a_pull(store: Store, server: Store) -> None:
    """The pulled row takes the server's other fields; the conflict reply then gives the
    row the server's value, so the PC ends equal to the server."""
    HouseholdRepository(server).create_household(factories.zhang_family())
    apply_pull_page(store, first_page(server, cursor=10))
    head = person_id(store, "张三丰")
    wife = person_id(store, "王芳")
    repo = HouseholdRepository(store)
    repo.update_person(head, {"phone": "13900000001"})
    repo.update_person(wife, {"phone": "13900000002"})
    summary = apply_pull_page(
        store,
        page(
            change(server, "person", head, 2, phone="13600000000", occupation="教师"),
            change(server, "person", wife, 2, phone="13907925678", occupation="农民"),
            cursor=20,
        ),
    )
    assert summary.merged_pending == 2
    rows = {
        r["id"]: r
        for r in store.query("SELECT id, phone, occupation, version, pending FROM person")
    }
    assert rows[head] == {
        "id": head,
        "phone": "13900000001",
        "occupation": "教师",
        "version": 2,
        "pending": 1,
    }
    assert rows[wife]["phone"] == "13900000002" and rows[wife]["occupation"] == "农民"
    assert [h.name for h in search_persons(store.conn, "13900000001")] == ["张三丰"]
    head_seq, wife_seq = (m["device_seq"] for m in outbox_batch(store))
    record_results(
        store,
        [
            {"device_seq": head_seq, "status": "conflict", "conflict_id": "c-7"},
            {"device_seq": wife_seq, "status": "merged", "version": 3},
        ],
    )
    rows = {r["id"]: r for r in store.query("SELECT id, phone, pending FROM person")}
    assert rows[head] == {"id": head, "phone": "13600000000", "pending": 0}  # the server's
    assert rows[wife] == {"id": wife, "phone": "13900000002", "pending": 0}  # ours, merged
    assert [h.name for h in search_persons(store.conn, "13600000000")] == ["张三丰"]
    assert store.query("SELECT count(*) AS n FROM sync_shadow") == [{"n": 0}]
    [conflict] = sync_state.settled_entries(store, "conflict")
    assert conflict["conflict_id"] == "c-7" and conflict["changes"]["phone"]["new"] == "13900000001"


def test_a_local_delete_pending_is_not_undone_by_a_pull(store: Store, server: Store) -> None:
    HouseholdRepository(server).create_household(factories.zhang_family())
    apply_pull_page(store, first_page(server, cursor=10))
    son = person_id(store, "张小明")
    with store.write("delete person") as capture:
        store.conn.execute("UPDATE person SET deleted = 1, pending = 1 WHERE id = ?", (son,))
        capture.deleted("person", son, 1, factories.VILLAGE)
    apply_pull_page(store, page(change(server, "person", son, 2, note="服务器"), cursor=20))
    assert store.query("SELECT deleted, note, version FROM person WHERE id = ?", (son,)) == [
        {"deleted": 1, "note": "服务器", "version": 2}
    ]


def test_the_cursor_moves_only_with_its_data(
    store: Store, server: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash in the middle of a page (here: an exception on its third row) leaves the
    rows and the cursor as they were; the next attempt applies the whole page."""
    HouseholdRepository(server).create_household(factories.zhang_family())
    apply_pull_page(store, page(cursor=3))
    before = dump(store)
    real = sync_pull._apply_change
    calls = iter(range(100))

    def crashing(*args: Any) -> str:
        if next(calls) == 2:
            raise RuntimeError("power cut")
        return real(*args)

    monkeypatch.setattr(sync_pull, "_apply_change", crashing)
    with pytest.raises(RuntimeError):
        apply_pull_page(store, first_page(server, cursor=10))
    assert dump(store) == before and pull_cursor(store) == 3
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert not store.conn.in_transaction
    monkeypatch.setattr(sync_pull, "_apply_change", real)
    apply_pull_page(store, first_page(server, cursor=10))
    assert pull_cursor(store) == 10 and len(store.query("SELECT id FROM person")) == 3


@pytest.mark.parametrize(
    "bad",
    [
        {"tbl": "users", "id": "x", "version": 1, "data": {}},
        {"tbl": "person", "id": "x", "version": 1, "data": {"salary": 1}},
        {"tbl": "household", "id": "x", "version": 1, "data": {"head_name": "张"}},
        {"tbl": "person", "id": "x", "version": 1, "data": {"pending": 1}},
        {"tbl": "person", "id": "x", "version": 0, "data": {}},
        {"tbl": "person", "id": "", "version": 1, "data": {}},
        {"tbl": "person", "id": "x", "version": 1, "data": {"name": ["a"]}},
    ],
)
def test_a_malformed_change_refuses_the_whole_page(
    store: Store, server: Store, bad: dict[str, Any]
) -> None:
    HouseholdRepository(server).create_household(factories.zhang_family())
    good = first_page(server, cursor=10)
    before = dump(store)
    with pytest.raises(SyncDataError) as info:
        apply_pull_page(store, {**good, "changes": [*good["changes"], bad]})
    assert dump(store) == before
    assert "Nothing of it was applied" in str(info.value)
    with pytest.raises(SyncDataError):
        apply_pull_page(store, {**good, "next_cursor": None})


def test_a_page_breaking_a_check_or_a_unique_number_is_refused(store: Store, server: Store) -> None:
    HouseholdRepository(server).create_household(factories.zhang_family())
    HouseholdRepository(store).create_household(factories.zhang_family())  # same numbers
    before = dump(store)
    with pytest.raises(SyncConflictingRowError):
        apply_pull_page(store, first_page(server, cursor=10))
    assert dump(store) == before
    head = person_id(server, "张三丰")
    with pytest.raises(SyncDataError):
        apply_pull_page(store, page(change(server, "person", head, 1, name=None), cursor=10))
    assert dump(store) == before


def test_removed_rows_go_unless_they_hold_local_edits(store: Store, server: Store) -> None:
    HouseholdRepository(server).create_household(factories.zhang_family())
    apply_pull_page(store, first_page(server, cursor=10))
    head = person_id(store, "张三丰")
    wife = person_id(store, "王芳")
    HouseholdRepository(store).update_person(wife, {"phone": "13900000002"})
    everything = [
        {"tbl": tbl, "id": r["id"]}
        for tbl in SYNCED_TABLES
        for r in store.query(f"SELECT id FROM {tbl}")
    ]
    summary = apply_pull_page(store, page(cursor=20, removed=everything))
    assert (summary.removed, summary.kept_removed) == (5, 1)
    assert store.query("SELECT id FROM person") == [{"id": wife}]  # the pending one stays
    assert store.query("SELECT id FROM person WHERE id = ?", (head,)) == []
    assert search_persons(store.conn, "张三丰") == []
    assert [r["row_id"] for r in sync_state.removed_but_kept(store)] == [wife]
    [m] = outbox_batch(store)  # pushed first, then shown as rejected with the reason
    record_results(store, [{"device_seq": m["device_seq"], "status": "forbidden"}])
    assert store.query("SELECT id FROM person") == [{"id": wife}]  # refused: kept, shown
    assert sync_state.settled_entries(store, "rejected")[0]["reason"] == "已移出本机范围"


def test_a_removed_row_goes_once_its_pending_edit_is_acknowledged(
    store: Store, server: Store
) -> None:
    HouseholdRepository(server).create_household(factories.zhang_family())
    apply_pull_page(store, first_page(server, cursor=10))
    wife = person_id(store, "王芳")
    HouseholdRepository(store).update_person(wife, {"phone": "13900000002"})
    apply_pull_page(store, page(cursor=20, removed=[{"tbl": "person", "id": wife}]))
    [m] = outbox_batch(store)
    record_results(store, [{"device_seq": m["device_seq"], "status": "applied", "version": 2}])
    assert store.query("SELECT id FROM person WHERE id = ?", (wife,)) == []
    assert sync_state.removed_but_kept(store) == []
    assert store.query("SELECT member_count FROM household") == [{"member_count": 2}]


def test_last_sync_is_what_the_status_bar_reads(store: Store) -> None:
    from datetime import datetime

    from gridapp.store import home

    assert sync_state.last_sync(store) is None
    stamp = sync_state.mark_synced(store, datetime(2026, 12, 1, 9, 30, 5))
    assert stamp == "2026-12-01T09:30:05" == sync_state.last_sync(store)
    assert home.sync_state(store).last_sync == stamp


# --- replays in any repetition ------------------------------------------------------------


def _history(server: Store) -> list[dict[str, Any]]:
    """Five pages of one server history: creates, edits, a tombstone, a never-seen row."""
    HouseholdRepository(server).create_household(factories.zhang_family())
    head = person_id(server, "张三丰")
    wife = person_id(server, "王芳")
    son = person_id(server, "张小明")
    household = server.query("SELECT id FROM household")[0]["id"]
    ghost = change(server, "person", son, 4, deleted=1)
    ghost = {**ghost, "id": "ghost-0001"}
    return [
        first_page(server, cursor=10),
        page(change(server, "person", head, 2, phone="13511112222"), cursor=20),
        page(
            change(server, "person", son, 2, deleted=1),
            change(server, "household", household, 2, address="石泉村4组1号"),
            cursor=30,
        ),
        page(change(server, "person", head, 3, name="张三"), ghost, cursor=40),
        page(change(server, "person", wife, 2, status="2"), cursor=50),
    ]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=12))
def test_pages_applied_in_any_repetition_give_the_same_store(order: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Store.open(root / "server", create=True) as server:
            pages = _history(server)
        with (
            Store.open(root / "a", create=True) as once,
            Store.open(root / "b", create=True) as repeated,
        ):
            for n in sorted(set(order)):
                apply_pull_page(once, pages[n])
            for n in order:
                apply_pull_page(repeated, pages[n])
            assert visible(repeated) == visible(once)
            for name in ("张三", "张三丰", "王芳", "13511112222", "石泉村4组"):
                assert [h.person_id for h in search_persons(repeated.conn, name)] == [
                    h.person_id for h in search_persons(once.conn, name)
                ]


def test_a_conflict_in_the_reply_gives_the_row_the_servers_values(store: Store) -> None:
    """The reply's conflict names the values the server kept: the row takes them at once
    (no pull needed), except fields a later local edit still waits with."""
    repo = HouseholdRepository(store)
    ids = synced_register(store)
    wife = person_id(store, "王芳")
    repo.update_person(ids["head"], {"name": "张三", "phone": "13900000001"})
    repo.update_person(ids["head"], {"phone": "13900000009"})  # a later edit, held
    repo.update_person(wife, {"phone": "13900000002"})
    first, held, other = (m["device_seq"] for m in outbox_batch(store))
    conflict = {
        "conflict_id": "c-9",
        "kind": "field",
        "fields": ["name", "phone"],
        "server_values": {"name": "张叁丰", "phone": "13600000000"},
    }
    record_results(
        store,
        [
            {"device_seq": first, "status": "conflict", "conflict_id": "c-9", "conflict": conflict},
            {"device_seq": held, "status": "held"},
            {
                "device_seq": other,
                "status": "conflict",
                "conflict_id": "c-10",
                "conflict": {"kind": "update_delete", "server_values": {"phone": "13907925678"}},
            },
        ],
    )
    head = store.query("SELECT name, phone, pending FROM person WHERE id = ?", (ids["head"],))
    assert head == [{"name": "张叁丰", "phone": "13900000009", "pending": 1}]
    assert store.query("SELECT head_name FROM household") == [{"head_name": "张叁丰"}]
    assert [h.name for h in search_persons(store.conn, "张叁丰")] == ["张叁丰"]
    assert store.query("SELECT deleted, phone, pending FROM person WHERE id = ?", (wife,)) == [
        {"deleted": 1, "phone": "13907925678", "pending": 0}  # deleted on the server
    ]
    assert store.query("SELECT member_count FROM household") == [{"member_count": 2}]
    with pytest.raises(SyncDataError):
        record_results(store, [{"device_seq": held, "status": "conflict", "conflict": "x"}])


def test_a_duplicate_create_goes_and_the_servers_row_can_come(store: Store, server: Store) -> None:
    """Two PCs registered the same household offline: the server kept the first; here the
    refused copy becomes a tombstone (its values stay in the outbox and the conflict), so
    the server's row with the same numbers can be pulled."""
    HouseholdRepository(server).create_household(factories.zhang_family())
    HouseholdRepository(store).create_household(factories.zhang_family())
    results = [
        {
            "device_seq": m["device_seq"],
            "status": "conflict" if m["tbl"] in ("household", "person") else "applied",
            "conflict_id": f"dup-{m['device_seq']}",
            "conflict": {"kind": "duplicate", "server_values": {}, "other_id": "x"},
            "version": 1,
        }
        for m in outbox_batch(store)
    ]
    record_results(store, results)
    assert store.query("SELECT DISTINCT deleted, pending FROM person") == [
        {"deleted": 1, "pending": 0}
    ]
    assert search_persons(store.conn, "张三丰") == []
    apply_pull_page(store, first_page(server, cursor=10))
    assert len(store.query("SELECT id FROM person WHERE deleted = 0")) == 3
    assert [h.name for h in search_persons(store.conn, "张三丰")] == ["张三丰"]
    assert len(sync_state.settled_entries(store, "conflict")) == 4


def test_a_refused_delete_brings_the_row_back(store: Store) -> None:
    synced_register(store)
    son = person_id(store, "张小明")
    with store.write("delete person") as capture:
        store.conn.execute("UPDATE person SET deleted = 1, pending = 1 WHERE id = ?", (son,))
        capture.deleted("person", son, 1, factories.VILLAGE)
    [m] = outbox_batch(store)
    record_results(
        store,
        [
            {
                "device_seq": m["device_seq"],
                "status": "conflict",
                "conflict": {"kind": "delete_update", "server_values": {}},
            }
        ],
    )
    assert store.query("SELECT deleted, pending FROM person WHERE id = ?", (son,)) == [
        {"deleted": 0, "pending": 0}
    ]
    assert [h.name for h in search_persons(store.conn, "张小明")] == ["张小明"]
