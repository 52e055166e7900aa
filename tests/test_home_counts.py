"""The counts of the home page and status bar (gridapp.store.home) and the work scope."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from gridapp.models.household import Household
from gridapp.models.petition import Petition
from gridapp.models.places import Place
from gridapp.store import home
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.store.scope import WorkScope, load_scope, save_scope, stored_places
from tests import factories

TODAY = date.today()


def petition(status: str, due: date | None, n: int) -> Petition:
    return Petition(
        id=str(uuid.uuid4()),
        reg_no=f"T-{n:04d}",
        reg_date=TODAY - timedelta(days=30),
        channel="visit",
        kind="1",
        status=status,
        due_date=due,
    )


def add_petitions(store: Store, petitions: list[Petition]) -> None:
    with store.write("test petitions") as capture:
        insert_records(capture, "petition", petitions)


def test_register_counts(store: Store) -> None:
    assert home.register_counts(store.conn) == home.RegisterCounts(0, 0, 0, 0)
    repo = HouseholdRepository(store)
    repo.create_household(factories.zhang_family())
    repo.create_household(
        factories.household(
            "360000002", "石泉村1组2号", [factories.person("李四", "02", date(1950, 1, 1), True)]
        )
    )
    counts = home.register_counts(store.conn)
    assert (counts.households, counts.persons) == (2, 4)


def test_petition_counts_by_status_and_deadline(store: Store) -> None:
    add_petitions(
        store,
        [
            petition("accepted", TODAY - timedelta(days=1), 1),  # overdue
            petition("in_progress", TODAY - timedelta(days=30), 2),  # overdue
            petition("closed", TODAY - timedelta(days=5), 3),  # done: never overdue
            petition("rejected", TODAY - timedelta(days=5), 4),  # done here
            petition("registered", TODAY, 5),  # due today: this week
            petition("extended", TODAY + timedelta(days=6), 6),  # last day of the week ahead
            petition("accepted", TODAY + timedelta(days=7), 7),  # next week
            petition("replied", TODAY - timedelta(days=3), 8),  # waits for the call-back
        ],
    )
    counts = home.petition_counts(store.conn, TODAY)
    assert counts == home.PetitionCounts(overdue=2, due_soon=2, awaiting_callback=1)


def test_pending_changes_rise_with_every_edit(store: Store) -> None:
    repo = HouseholdRepository(store)
    assert home.pending_changes(store.conn) == 0
    repo.create_household(factories.zhang_family())
    created = home.pending_changes(store.conn)
    assert created >= 4  # the household and its three members at least
    household = repo.household_by_no("360000001")
    assert household is not None
    wang = next(p for p in repo.members(household.id) if p.name == "王芳")
    repo.update_person(wang.id, {"phone": "13900000000"})
    assert home.pending_changes(store.conn) == created + 1


def test_month_changes(store: Store) -> None:
    repo = HouseholdRepository(store)
    repo.create_household(factories.zhang_family())
    household = repo.household_by_no("360000001")
    assert household is not None
    members = {p.name: p for p in repo.members(household.id)}
    actions = RegisterActions(store)
    actions.move_out(members["张小明"].id, TODAY, "广东省东莞市")
    changes = home.month_changes(store.conn, TODAY)
    assert changes.month == TODAY.strftime("%Y-%m")
    assert (changes.new_households, changes.moved_out) == (1, 1)
    new = Household(id="", household_no="360000009", address="石泉村3组16号")
    actions.split_household(household.id, [members["王芳"].id], new, members["王芳"].id, TODAY, {})
    assert home.month_changes(store.conn, TODAY).new_households == 2
    # Next month starts from nothing.
    next_month = (TODAY.replace(day=28) + timedelta(days=4)).replace(day=1)
    later = home.month_changes(store.conn, next_month)
    assert (later.new_households, later.moved_out) == (0, 0)


def test_sync_state_and_the_clock_check(store: Store) -> None:
    state = home.sync_state(store)
    assert state.last_sync is None and state.pending_changes == 0
    HouseholdRepository(store).create_household(factories.zhang_family())
    newest = home.newest_change(store.conn)
    assert newest is not None
    saved = datetime.fromisoformat(newest)
    assert not home.sync_state(store, now=saved).clock_behind
    assert not home.sync_state(store, now=saved - timedelta(minutes=4)).clock_behind
    assert home.sync_state(store, now=saved - timedelta(days=3)).clock_behind


def test_work_scope_round_trip(store: Store) -> None:
    assert load_scope(store) is None
    scope = WorkScope("360423100200", "石泉村", "360423100200-01", "第一网格", "新宁镇")
    save_scope(store, scope)
    assert load_scope(store) == scope
    store.close()
    reopened = Store.open(store.data_dir)
    try:
        assert load_scope(reopened) == scope  # kept in the database, not in memory
    finally:
        reopened.close()


def test_stored_places_are_current_pickable_levels(store: Store) -> None:
    places = [
        Place(str(uuid.uuid4()), "360423", "武宁县", "county"),
        Place(str(uuid.uuid4()), "360423100", "新宁镇", "township", "360423"),
        Place(str(uuid.uuid4()), "360423100200", "石泉村", "village", "360423100"),
        Place(str(uuid.uuid4()), "360423100200-01", "第一网格", "grid", "360423100200"),
        Place(
            str(uuid.uuid4()), "360423100201", "旧村", "village", "360423100", valid_to="2020-01-01"
        ),
    ]
    with store.write("test places") as capture:
        insert_records(capture, "place", places)
    found = [(p.code, p.level) for p in stored_places(store.conn)]
    assert found == [
        ("360423100", "township"),
        ("360423100200", "village"),
        ("360423100200-01", "grid"),
    ]


def test_pending_count_stops_at_the_cap(store: Store) -> None:
    HouseholdRepository(store).create_household(factories.zhang_family())
    exact = home.pending_changes(store.conn)
    assert home.pending_changes(store.conn, cap=2) == 2
    assert home.pending_changes(store.conn, cap=exact + 1) == exact
