"""Register actions on a real store: what the database holds after each one, and that every
refusal leaves it exactly as it was."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridapp.models.errors import ValidationError
from gridapp.models.household import Household
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.migrations.m0001_core import SYNCED_TABLES
from gridapp.store.register_actions import RegisterActions
from gridapp.store.search import search_persons
from tests import factories
from tests.test_store_capture import replay_outbox, table_rows

TODAY = date(2025, 6, 30)


@pytest.fixture
def actions(store: Store) -> RegisterActions:
    return RegisterActions(store, today=lambda: TODAY)


@pytest.fixture
def zhang(store: Store) -> HouseholdBundle:
    """张三丰 (head), 王芳 (wife, tagged 低保 since 2020), 张小明 (son, born 1995)."""
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    return bundle


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every ordinary table (the FTS index's own tables included)."""
    names = [
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
    ]
    return {
        n: sorted(map(tuple, store.conn.execute(f"SELECT * FROM {n}")), key=repr) for n in names
    }


def refused(store: Store, action: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    """Run an action that must be refused; returns its messages; asserts nothing changed."""
    before = dump(store)
    with pytest.raises(ValidationError) as info:
        action(*args, **kwargs)
    assert dump(store) == before
    return info.value.messages()


def person(store: Store, person_id: str) -> dict[str, Any]:
    return store.query("SELECT * FROM person WHERE id = ?", (person_id,))[0]


def events(store: Store, household_id: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT kind, event_date, person_id, detail FROM household_event"
        " WHERE household_id = ? AND kind != 'created' ORDER BY event_date, rowid",
        (household_id,),
    )


def audit_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def last_outbox(store: Store, n: int) -> list[tuple[str, str, dict[str, Any]]]:
    rows = store.conn.execute(
        "SELECT tbl, op, changes FROM outbox ORDER BY device_seq DESC LIMIT ?", (n,)
    ).fetchall()
    return [(t, op, json.loads(c)) for t, op, c in reversed(rows)]


def summary(store: Store, household_id: str) -> tuple[str, int]:
    row = store.conn.execute(
        "SELECT head_name, member_count FROM household WHERE id = ?", (household_id,)
    ).fetchone()
    return row[0], row[1]


# --- 迁出 -------------------------------------------------------------------------------------


def test_move_out_keeps_the_person_on_record_with_status_date_and_event(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    wife = zhang.members[1]
    audits = audit_count(store)
    changes = actions.move_out(wife.id, date(2025, 3, 1), "南昌市东湖区", "随女儿居住")
    row = person(store, wife.id)
    assert (row["status"], row["status_date"], row["household_id"]) == (
        "2",
        "2025-03-01",
        zhang.household.id,
    )
    assert audit_count(store) == audits + 1
    [event] = events(store, zhang.household.id)
    assert event["kind"] == "move_out" and event["event_date"] == "2025-03-01"
    assert event["person_id"] == wife.id
    assert "王芳" in event["detail"] and "南昌市东湖区" in event["detail"]
    assert "随女儿居住" in event["detail"]
    # Her 低保 tag ends on the day she left; the outbox carries old and new of both rows.
    tag = store.query("SELECT end_date FROM person_tag WHERE person_id = ?", (wife.id,))[0]
    assert tag["end_date"] == "2025-03-01"
    entries = last_outbox(store, 3)
    assert [(t, op) for t, op, _ in entries] == [
        ("person", "update"),
        ("person_tag", "update"),
        ("household_event", "create"),
    ]
    assert entries[0][2]["status"] == {"old": "1", "new": "2"}
    assert entries[1][2]["end_date"] == {"old": None, "new": "2025-03-01"}
    assert changes.touches("person") and changes.touches("household")
    # The list counts current members only (the moved-out one stays on record).
    assert summary(store, zhang.household.id) == ("张三丰", 2)


def test_move_out_refusals_change_nothing(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    head, _wife, son = zhang.members
    messages = refused(store, actions.move_out, head.id, date(2025, 3, 1), "南昌")
    assert "变更户主" in messages["person_id"]
    messages = refused(store, actions.move_out, son.id, TODAY + timedelta(days=1), "南昌")
    assert "event_date" in messages
    messages = refused(store, actions.move_out, son.id, date(1990, 1, 1), "南昌")
    assert "1995-02-28" in messages["event_date"]
    messages = refused(store, actions.move_out, son.id, date(2025, 1, 1), "  ")
    assert "destination" in messages
    actions.move_out(son.id, date(2025, 1, 1), "上海")
    messages = refused(store, actions.move_out, son.id, date(2025, 2, 1), "北京")
    assert "张小明" in messages["person_id"]
    refused(store, actions.record_death, son.id, date(2025, 2, 1))


# --- 死亡, the last member, 迁入 into an empty household --------------------------------------


def test_last_member_leaves_household_stays_and_next_one_joins_as_head(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    head, wife, son = zhang.members
    actions.move_out(son.id, date(2024, 5, 1), "上海")
    actions.record_death(wife.id, date(2024, 8, 1), "病故")
    actions.record_death(head.id, date(2025, 1, 2))  # the head alone: allowed
    assert person(store, head.id)["status"] == "3"
    assert person(store, head.id)["status_date"] == "2025-01-02"
    assert [e["kind"] for e in events(store, zhang.household.id)] == [
        "move_out",
        "death",
        "death",
    ]
    household = store.query("SELECT deleted FROM household WHERE id = ?", (zhang.household.id,))
    assert household == [{"deleted": 0}]
    assert RegisterActions(store).active_members(zhang.household.id) == []
    # Nobody lives there: no head is shown (not the late head still on record as 户主).
    assert summary(store, zhang.household.id) == ("", 0)

    newcomer = factories.person("李四", "20", date(1990, 5, 5), True)
    messages = refused(
        store, actions.add_member, zhang.household.id, newcomer, "move_in", date(2025, 2, 1)
    )
    assert "户主" in messages["relation"]
    newcomer.relation = "02"
    actions.add_member(zhang.household.id, newcomer, "move_in", date(2025, 2, 1))
    assert [p.name for p in actions.active_members(zhang.household.id)] == ["李四"]
    # The list names the living head, not the former one still on record as 户主.
    assert summary(store, zhang.household.id) == ("李四", 1)


def test_death_before_birth_or_in_the_future_is_refused(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    son = zhang.members[2]
    messages = refused(store, actions.record_death, son.id, date(1995, 2, 27))
    assert "张小明" in messages["event_date"]
    refused(store, actions.record_death, son.id, TODAY + timedelta(days=1))


# --- 迁入 / 出生 ------------------------------------------------------------------------------


def test_move_in_adds_the_person_searchable_under_the_household(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    newcomer = factories.person("刘晓燕", "38", date(1997, 7, 7), False, phone="13912345678")
    audits = audit_count(store)
    changes = actions.add_member(zhang.household.id, newcomer, "move_in", date(2025, 4, 1))
    row = person(store, newcomer.id)
    assert (row["household_id"], row["status"], row["status_date"]) == (
        zhang.household.id,
        "1",
        "2025-04-01",
    )
    assert (row["sex"], row["birth_date"]) == ("2", "1997-07-07")  # from the ID number
    assert audit_count(store) == audits + 1
    [event] = events(store, zhang.household.id)
    assert (event["kind"], event["person_id"]) == ("move_in", newcomer.id)
    assert "刘晓燕" in event["detail"]
    [hit] = search_persons(store.conn, "刘晓燕")
    assert hit.household_no == zhang.household.household_no
    assert summary(store, zhang.household.id) == ("张三丰", 4)
    assert changes.count("person") == 1
    assert [(t, op) for t, op, _ in last_outbox(store, 2)] == [
        ("person", "create"),
        ("household_event", "create"),
    ]


def test_birth_is_recorded_on_its_date(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    baby = factories.person("张小宝", "41", date(2025, 5, 20), True)
    messages = refused(
        store, actions.add_member, zhang.household.id, baby, "birth", date(2025, 5, 19)
    )
    assert "2025-05-20" in messages["event_date"]
    actions.add_member(zhang.household.id, baby, "birth", date(2025, 5, 20))
    [event] = events(store, zhang.household.id)
    assert (event["kind"], event["event_date"]) == ("birth", "2025-05-20")


def test_add_member_refusals(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    hid = zhang.household.id
    twin = factories.person("张三丰", "20", date(1968, 4, 9), True, id_number="")
    twin.id_number = zhang.members[0].id_number
    messages = refused(store, actions.add_member, hid, twin, "move_in", date(2025, 1, 1))
    assert "张三丰" in messages["id_number"]
    second_head = factories.person("赵六", "02", date(1980, 1, 1), True)
    messages = refused(store, actions.add_member, hid, second_head, "move_in", date(2025, 1, 1))
    assert "张三丰" in messages["relation"]
    nameless = factories.person("", "20", date(1980, 1, 1), True)
    messages = refused(store, actions.add_member, hid, nameless, "move_in", date(2025, 1, 1))
    assert "name" in messages
    other = factories.person("钱七", "20", date(1980, 1, 1), True)
    messages = refused(store, actions.add_member, hid, other, "adoption", date(2025, 1, 1))
    assert "adoption" in messages["kind"]


# --- 迁回: a person on record who moved out comes back ------------------------------------------


def test_a_returning_person_is_brought_back_not_registered_twice(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    _head, wife, son = zhang.members
    actions.move_out(son.id, date(2024, 3, 1), "上海")
    other = factories.zhang_family("360000002")
    HouseholdRepository(store).create_household(other)
    # 迁入 of his ID number is refused, pointing to the record that exists.
    again = factories.person("张小明", "20", date(1995, 2, 28), True, id_number=son.id_number)
    messages = refused(
        store, actions.add_member, other.household.id, again, "move_in", date(2025, 1, 1)
    )
    assert "张小明" in messages["id_number"] and "2024-03-01" in messages["id_number"]
    assert "迁回" in messages["id_number"]

    audits = audit_count(store)
    changes = actions.return_member(
        other.household.id,
        son.id,
        date(2025, 1, 1),
        "女婿",  # 28
        "从上海回乡",
        values={"phone": "13912340000"},
    )
    assert audit_count(store) == audits + 1
    rows = store.query("SELECT * FROM person WHERE id_number = ?", (son.id_number,))
    assert len(rows) == 1 and rows[0]["id"] == son.id  # the same row, never a second one
    row = rows[0]
    assert (row["household_id"], row["relation"], row["status"], row["status_date"]) == (
        other.household.id,
        "28",
        "1",
        "2025-01-01",
    )
    assert row["phone"] == "13912340000"
    # The outbox keeps where he was, his relation, status and date there.
    [(table, op, change)] = [e for e in last_outbox(store, 2) if e[0] == "person"]
    assert (table, op) == ("person", "update")
    assert change["household_id"] == {"old": zhang.household.id, "new": other.household.id}
    assert change["status"] == {"old": "2", "new": "1"}
    assert change["status_date"] == {"old": "2024-03-01", "new": "2025-01-01"}
    assert change["relation"] == {"old": "20", "new": "28"}
    assert change["phone"]["new"] == "13912340000"
    [event] = events(store, other.household.id)
    assert (event["kind"], event["person_id"], event["event_date"]) == (
        "move_in",
        son.id,
        "2025-01-01",
    )
    assert "张小明" in event["detail"] and "360000001" in event["detail"]
    assert "2024-03-01" in event["detail"] and "从上海回乡" in event["detail"]
    assert summary(store, other.household.id) == (other.members[0].name, 4)
    assert summary(store, zhang.household.id) == ("张三丰", 2)
    assert changes.touches("household") and changes.count("household") == 2
    [hit] = search_persons(store.conn, "13912340000")
    assert hit.household_no == "360000002"
    # Back in the household he left, the same way.
    actions.move_out(son.id, date(2025, 2, 1), "南昌")
    actions.return_member(zhang.household.id, son.id, date(2025, 3, 1), "20")
    assert person(store, son.id)["household_id"] == zhang.household.id
    assert summary(store, zhang.household.id) == ("张三丰", 3)
    assert wife.id in {m.id for m in actions.active_members(zhang.household.id)}


def test_bringing_back_refusals(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    head, wife, son = zhang.members
    hid = zhang.household.id
    # Only someone who moved out: not a current member, not the dead.
    messages = refused(store, actions.return_member, hid, wife.id, date(2025, 1, 1), "10")
    assert "王芳" in messages["id_number"]
    actions.record_death(wife.id, date(2024, 6, 1))
    messages = refused(store, actions.return_member, hid, wife.id, date(2025, 1, 1), "10")
    assert "死亡" in messages["id_number"]
    actions.move_out(son.id, date(2024, 3, 1), "上海")
    # Not before the day he left, not in the future, not a second head, no unknown relation.
    messages = refused(store, actions.return_member, hid, son.id, date(2024, 2, 1), "20")
    assert "2024-03-01" in messages["event_date"]
    refused(store, actions.return_member, hid, son.id, TODAY + timedelta(days=1), "20")
    messages = refused(store, actions.return_member, hid, son.id, date(2025, 1, 1), "02")
    assert "张三丰" in messages["relation"]
    refused(store, actions.return_member, hid, son.id, date(2025, 1, 1), "宇航员")
    refused(
        store, actions.return_member, hid, son.id, date(2025, 1, 1), "20", values={"phone": "1"}
    )
    # Fields the action sets itself cannot be passed in.
    with pytest.raises(ValueError):
        actions.return_member(hid, son.id, date(2025, 1, 1), "20", values={"status": "1"})
    assert person(store, head.id)["status"] == "1"


# --- the list's stored summary: the active head, the current members ------------------------


def test_summary_names_the_active_head_and_counts_current_members(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    head, wife, son = zhang.members
    hid = zhang.household.id
    assert summary(store, hid) == ("张三丰", 3)
    actions.record_death(son.id, date(2025, 1, 1))
    assert summary(store, hid) == ("张三丰", 2)
    actions.change_head(hid, wife.id, date(2025, 2, 1), {head.id: "11"})
    actions.move_out(head.id, date(2025, 3, 1), "九江")
    assert summary(store, hid) == ("王芳", 1)
    actions.record_death(wife.id, date(2025, 4, 1))
    assert summary(store, hid) == ("", 0)  # nobody lives here: no head shown
    # A household imported with its former head on record (moved out, still 户主) and a
    # new member: the former head is not shown as head.
    gone = factories.person("赵老汉", "02", date(1940, 1, 1), True, status="2")
    stays = factories.person("赵小", "20", date(1990, 1, 1), True)
    bundle = factories.household("360000005", "石泉村1组5号", [gone, stays])
    for member in bundle.members:
        member.household_id = bundle.household.id  # the importer links them
    with store.write("import roster") as capture:  # the roster import's bulk path
        HouseholdRepository(store).insert_bundles(capture, [bundle])
    assert summary(store, bundle.household.id) == ("", 1)
    # A status changed outside the actions (`gridapp person set`) refreshes it too.
    HouseholdRepository(store).update_person(stays.id, {"status": "2"})
    assert summary(store, bundle.household.id) == ("", 0)


def test_upgrade_to_schema_6_recomputes_the_summaries(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle, data_dir: Path
) -> None:
    actions.move_out(zhang.members[2].id, date(2025, 1, 1), "上海")
    with store.write("as schema 5 counted") as _capture:
        store.conn.execute("UPDATE household SET member_count = 3")
        store.conn.execute("PRAGMA user_version = 5")
    store.close()
    upgraded = Store.open(data_dir)
    try:
        assert summary(upgraded, zhang.household.id) == ("张三丰", 2)
    finally:
        upgraded.close()


# --- 变更户主 ---------------------------------------------------------------------------------


def test_change_head_re_relates_members_with_history(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    head, wife, son = zhang.members
    audits = audit_count(store)
    actions.change_head(
        zhang.household.id, son.id, date(2025, 2, 1), {head.id: "父亲", wife.id: "52"}
    )
    assert person(store, son.id)["relation"] == "02"
    assert person(store, head.id)["relation"] == "51"
    assert person(store, wife.id)["relation"] == "52"
    assert audit_count(store) == audits + 1
    [event] = events(store, zhang.household.id)
    assert (event["kind"], event["person_id"]) == ("head_change", son.id)
    assert "张三丰" in event["detail"] and "张小明" in event["detail"]
    assert "父亲" in event["detail"] and "母亲" in event["detail"]
    updates = [c for t, op, c in last_outbox(store, 4) if t == "person"]
    assert {"old": "20", "new": "02"} in [c["relation"] for c in updates]
    assert {"old": "02", "new": "51"} in [c["relation"] for c in updates]
    assert summary(store, zhang.household.id) == ("张小明", 3)


def test_change_head_refusals(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    head, _wife, son = zhang.members
    hid = zhang.household.id
    messages = refused(store, actions.change_head, hid, son.id, date(2025, 2, 1), {})
    assert "张三丰" in messages[f"relation.{head.id}"]
    messages = refused(store, actions.change_head, hid, son.id, date(2025, 2, 1), {head.id: "户主"})
    assert f"relation.{head.id}" in messages
    messages = refused(
        store, actions.change_head, hid, son.id, date(2025, 2, 1), {head.id: "宇航员"}
    )
    assert f"relation.{head.id}" in messages
    messages = refused(store, actions.change_head, hid, head.id, date(2025, 2, 1), {})
    assert "new_head_id" in messages
    other = factories.zhang_family("360000002")
    HouseholdRepository(store).create_household(other)
    messages = refused(
        store, actions.change_head, hid, other.members[2].id, date(2025, 2, 1), {head.id: "51"}
    )
    assert "360000001" in messages["new_head_id"]
    refused(store, actions.change_head, hid, son.id, TODAY + timedelta(days=3), {head.id: "51"})


# --- 分户 -------------------------------------------------------------------------------------


def new_household(number: str = "360000099", address: str = "石泉村3组16号") -> Household:
    return Household(id=factories.uid(), household_no=number, address=address)


def test_split_moves_members_into_a_new_household(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    _head, wife, son = zhang.members
    daughter_in_law = factories.person("刘晓燕", "38", date(1997, 7, 7), False)
    actions.add_member(zhang.household.id, daughter_in_law, "move_in", date(2024, 10, 1))
    audits = audit_count(store)
    target = new_household()
    changes = actions.split_household(
        zhang.household.id,
        [son.id, daughter_in_law.id],
        target,
        son.id,
        date(2025, 3, 15),
        {daughter_in_law.id: "12"},
    )
    assert audit_count(store) == audits + 1
    assert changes.count("household") == 2
    created = store.query("SELECT * FROM household WHERE household_no = '360000099'")[0]
    assert created["id"] == target.id
    assert (created["area_code"], created["grid_code"]) == (factories.VILLAGE, factories.GRID)
    assert person(store, son.id)["household_id"] == target.id
    assert person(store, son.id)["relation"] == "02"
    assert person(store, daughter_in_law.id)["relation"] == "12"
    assert person(store, wife.id)["household_id"] == zhang.household.id
    old_events = events(store, zhang.household.id)
    assert old_events[-1]["kind"] == "split" and "360000099" in old_events[-1]["detail"]
    [new_event] = events(store, target.id)
    assert new_event["kind"] == "split" and "360000001" in new_event["detail"]
    assert new_event["event_date"] == "2025-03-15"
    # The outbox holds the old household of each mover.
    moves = [c for t, op, c in last_outbox(store, 6) if t == "person"]
    assert {m["household_id"]["old"] for m in moves} == {zhang.household.id}
    [hit] = search_persons(store.conn, "张小明")
    assert hit.household_no == "360000099" and hit.is_head
    assert [h.household_no for h in search_persons(store.conn, "3组16号")] == ["360000099"] * 2
    assert summary(store, zhang.household.id) == ("张三丰", 2)
    assert summary(store, target.id) == ("张小明", 2)


def test_split_refusals(store: Store, actions: RegisterActions, zhang: HouseholdBundle) -> None:
    head, wife, son = zhang.members
    hid = zhang.household.id
    day = date(2025, 3, 15)
    messages = refused(
        store, actions.split_household, hid, [head.id, son.id], new_household(), son.id, day, {}
    )
    assert "变更户主" in messages["person_ids"]
    messages = refused(
        store,
        actions.split_household,
        hid,
        [head.id, wife.id, son.id],
        new_household(),
        son.id,
        day,
        {},
    )
    assert "360000001" in messages["person_ids"]
    messages = refused(store, actions.split_household, hid, [], new_household(), son.id, day, {})
    assert "person_ids" in messages and "new_head_id" in messages
    messages = refused(
        store, actions.split_household, hid, [son.id], new_household(), wife.id, day, {}
    )
    assert "new_head_id" in messages
    messages = refused(
        store,
        actions.split_household,
        hid,
        [son.id],
        new_household("360000001"),
        son.id,
        day,
        {},
    )
    assert "360000001" in messages["household_no"]
    messages = refused(
        store, actions.split_household, hid, [son.id], new_household(address=""), son.id, day, {}
    )
    assert "address" in messages
    messages = refused(
        store,
        actions.split_household,
        hid,
        [wife.id, son.id],
        new_household(),
        son.id,
        day,
        {wife.id: "户主"},
    )
    assert f"relation.{wife.id}" in messages


# --- tags -------------------------------------------------------------------------------------


def test_person_tag_added_and_ended_with_history(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    son = zhang.members[2]
    actions.add_person_tag(son.id, "退役军人", date(2024, 9, 1), note="2024年退伍")
    [tag] = actions.person_tags(son.id)
    assert (tag.tag, tag.start_date, tag.end_date, tag.note) == (
        "veteran",
        date(2024, 9, 1),
        None,
        "2024年退伍",
    )
    messages = refused(store, actions.add_person_tag, son.id, "veteran", date(2025, 1, 1))
    assert "退役军人" in messages["tag"]
    messages = refused(store, actions.end_person_tag, tag.id, date(2024, 8, 31))
    assert "2024-09-01" in messages["end_date"]
    refused(store, actions.end_person_tag, tag.id, TODAY + timedelta(days=1))
    audits = audit_count(store)
    actions.end_person_tag(tag.id, date(2025, 6, 1))
    assert audit_count(store) == audits + 1
    assert actions.person_tags(son.id)[0].end_date == date(2025, 6, 1)
    [(table, op, change)] = last_outbox(store, 1)
    assert (table, op, change) == (
        "person_tag",
        "update",
        {"end_date": {"old": None, "new": "2025-06-01"}},
    )
    messages = refused(store, actions.end_person_tag, tag.id, date(2025, 6, 2))
    assert "2025-06-01" in messages["end_date"]
    # A new period may follow the ended one, from the next day (the end date counts).
    refused(store, actions.add_person_tag, son.id, "veteran", date(2025, 6, 1))
    actions.add_person_tag(son.id, "veteran", date(2025, 6, 2))
    assert len(actions.person_tags(son.id)) == 2


def test_tag_refusals(store: Store, actions: RegisterActions, zhang: HouseholdBundle) -> None:
    _head, wife, son = zhang.members
    messages = refused(
        store, actions.add_person_tag, son.id, "veteran", date(2025, 1, 1), date(2024, 1, 1)
    )
    assert "2025-01-01" in messages["end_date"]
    messages = refused(store, actions.add_person_tag, son.id, "不存在的标签", date(2025, 1, 1))
    assert "tag" in messages
    refused(store, actions.add_person_tag, son.id, "veteran", TODAY + timedelta(days=1))
    messages = refused(store, actions.add_person_tag, son.id, "veteran", date(1990, 1, 1))
    assert "start_date" in messages
    # 王芳's 低保 runs since 2020: a second 低保 period inside it is refused.
    messages = refused(store, actions.add_person_tag, wife.id, "低保", date(2023, 1, 1))
    assert "2020-01-01" in messages["tag"]
    actions.move_out(son.id, date(2025, 1, 1), "上海")
    refused(store, actions.add_person_tag, son.id, "veteran", date(2025, 1, 1))
    # A person tag code is not a household tag code.
    refused(store, actions.add_household_tag, zhang.household.id, "veteran", date(2025, 1, 1))


def test_household_tag_added_and_ended(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    hid = zhang.household.id
    actions.add_household_tag(hid, "低保户", date(2023, 1, 1), note="民政认定")
    [tag] = actions.household_tags(hid)
    assert (tag.tag, tag.area_code, tag.note) == ("dibao", factories.VILLAGE, "民政认定")
    refused(store, actions.add_household_tag, hid, "dibao", date(2024, 1, 1))
    actions.end_household_tag(tag.id, date(2025, 1, 1))
    assert actions.household_tags(hid)[0].end_date == date(2025, 1, 1)
    refused(store, actions.end_household_tag, tag.id, date(2025, 2, 1))


# --- the household's own fields ---------------------------------------------------------------


def test_update_household_number_and_address(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    hid = zhang.household.id
    HouseholdRepository(store).create_household(factories.zhang_family("360000002"))
    messages = refused(store, actions.update_household, hid, {"household_no": "360000002"})
    assert "360000002" in messages["household_no"]
    refused(store, actions.update_household, hid, {"address": ""})
    refused(store, actions.update_household, hid, {"kind": "宫殿"})
    actions.update_household(hid, {"household_no": "360000010", "address": "石泉村5组1号"})
    [(table, op, change)] = last_outbox(store, 1)
    assert (table, op) == ("household", "update")
    assert change["household_no"] == {"old": "360000001", "new": "360000010"}
    assert change["address"]["old"] == "石泉村3组15号"
    hits = search_persons(store.conn, "5组1号")
    assert {h.household_no for h in hits} == {"360000010"} and len(hits) == 3


def test_a_new_grid_in_another_village_takes_the_household_s_rows_along(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle
) -> None:
    hid = zhang.household.id
    head, wife, son = zhang.members
    actions.move_out(son.id, date(2025, 1, 1), "上海")
    actions.add_household_tag(hid, "dibao", date(2024, 1, 1))
    # Another grid of the same village: the grid of every member follows, the area stays.
    actions.update_household(hid, {"grid_code": "360423100200-02"})
    assert {person(store, p.id)["grid_code"] for p in zhang.members} == {"360423100200-02"}
    assert {person(store, p.id)["area_code"] for p in zhang.members} == {factories.VILLAGE}
    # A grid of another village: the area code (sync scope) of every row follows it.
    other_village = "360423100201"
    audits = audit_count(store)
    changes = actions.update_household(hid, {"grid_code": f"{other_village}-01"})
    assert audit_count(store) == audits + 1
    assert store.query("SELECT area_code, grid_code FROM household WHERE id = ?", (hid,)) == [
        {"area_code": other_village, "grid_code": f"{other_village}-01"}
    ]
    for member in (head, wife, son):  # the one who moved out too: the record stays whole
        row = person(store, member.id)
        assert (row["area_code"], row["grid_code"]) == (other_village, f"{other_village}-01")
    ids = [p.id for p in zhang.members]
    marks = ",".join("?" * len(ids))
    for sql, params in (
        (f"SELECT DISTINCT area_code FROM person_tag WHERE person_id IN ({marks})", ids),
        ("SELECT DISTINCT area_code FROM household_tag WHERE household_id = ?", [hid]),
        ("SELECT DISTINCT area_code FROM household_event WHERE household_id = ?", [hid]),
    ):
        assert [r["area_code"] for r in store.query(sql, tuple(params))] == [other_village]
    # Every moved row says so in the outbox, with the old value kept.
    entries = last_outbox(store, 20)
    moved = [(t, c["area_code"]) for t, op, c in entries if op == "update" and "area_code" in c]
    assert {t for t, _ in moved} == {
        "household",
        "person",
        "person_tag",
        "household_tag",
        "household_event",
    }
    assert all(c == {"old": factories.VILLAGE, "new": other_village} for _, c in moved)
    assert changes.touches("person") and changes.touches("household_event")


# --- everything together ----------------------------------------------------------------------


def test_outbox_alone_rebuilds_every_table_after_the_actions(
    store: Store, actions: RegisterActions, zhang: HouseholdBundle, tmp_path: Path
) -> None:
    head, wife, son = zhang.members
    actions.add_member(
        zhang.household.id,
        factories.person("刘晓燕", "38", date(1997, 7, 7), False),
        "move_in",
        date(2024, 1, 1),
    )
    actions.add_person_tag(son.id, "veteran", date(2024, 2, 1))
    actions.split_household(zhang.household.id, [son.id], new_household(), son.id, TODAY, {})
    actions.change_head(zhang.household.id, wife.id, TODAY, {head.id: "11"})
    actions.record_death(head.id, TODAY)
    actions.add_household_tag(zhang.household.id, "empty_nest", TODAY)
    replica = Store.open(tmp_path / "replica", create=True)
    replay_outbox(store, replica)
    for table in SYNCED_TABLES:
        assert table_rows(replica, table) == table_rows(store, table), table
    replica.close()
    assert store.verify_audit() == []


ACTION_NAMES = ("move_out", "death", "head", "split", "move_in", "return")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(ACTION_NAMES),
            st.integers(0, 5),
            st.integers(0, 5),
            st.integers(-400, 2),
        ),
        max_size=12,
    )
)
def test_any_sequence_keeps_one_head_and_refusals_change_nothing(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, int, int]]
) -> None:
    """Whatever is attempted, in any order: a household with members has exactly one head,
    and an action either succeeds as one audit entry or leaves the database as it was."""
    store = Store.open(tmp_path_factory.mktemp("prop") / "data", create=True)
    try:
        actions = RegisterActions(store, today=lambda: TODAY)
        repo = HouseholdRepository(store)
        first = factories.zhang_family("360000001")
        repo.create_household(first)
        numbers = iter(range(100, 200))
        for name, a, b, days in steps:
            households = [r["id"] for r in store.query("SELECT id FROM household ORDER BY rowid")]
            persons = [r["id"] for r in store.query("SELECT id FROM person ORDER BY rowid")]
            hid = households[a % len(households)]
            pid = persons[b % len(persons)]
            other = persons[a % len(persons)]
            day = TODAY + timedelta(days=days)
            call: Any
            if name == "move_out":
                call = (actions.move_out, pid, day, "外县")
            elif name == "death":
                call = (actions.record_death, pid, day)
            elif name == "head":
                call = (actions.change_head, hid, pid, day, {other: "20"})
            elif name == "split":
                target = new_household(f"3600001{next(numbers)}")
                call = (actions.split_household, hid, [pid], target, pid, day, {})
            elif name == "return":
                relation = "02" if b % 2 else "20"
                call = (actions.return_member, hid, pid, day, relation)
            else:
                relation = "02" if b % 2 else "20"
                newcomer = factories.person("新人", relation, date(2000, 1, 1), True)
                call = (actions.add_member, hid, newcomer, "move_in", day)
            before, audits = dump(store), audit_count(store)
            try:
                call[0](*call[1:])
            except ValidationError:
                assert dump(store) == before
            else:
                assert audit_count(store) == audits + 1
            for household_id in households:
                active = actions.active_members(household_id)
                heads = [m for m in active if m.is_head]
                assert len(heads) == (1 if active else 0), (name, heads)
                # The list shows the active head and counts the current members.
                want = (heads[0].name if heads else "", len(active))
                assert summary(store, household_id) == want, name
            numbers_on_record = [
                r["id_number"] for r in store.query("SELECT id_number FROM person")
            ]
            assert len(numbers_on_record) == len(set(numbers_on_record))
    finally:
        store.close()
