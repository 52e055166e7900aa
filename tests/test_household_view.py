"""The household page's read queries: members incl. former, tags, history, petitions, party."""

from __future__ import annotations

from datetime import date

import pytest

from gridapp.models.household import Person
from gridapp.models.idnumber import make_id_number
from gridapp.models.party import PartyMember, PartyReport
from gridapp.models.petition import Petition, Petitioner
from gridapp.models.places import Place
from gridapp.store import household_view
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.errors import NotFoundError
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.register_actions import RegisterActions
from tests import factories

TODAY = date(2026, 11, 1)


@pytest.fixture
def zhang(store: Store) -> HouseholdBundle:
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    return bundle


def add_places(store: Store) -> None:
    places = [
        Place(factories.uid(), "360423100200", "石泉村", "village", "360423100", "2020-01-01"),
        Place(factories.uid(), factories.GRID, "第一网格", "grid", "360423100200", "2020-01-01"),
        Place(
            factories.uid(),
            "360423100200-02",
            "第二网格",
            "grid",
            "360423100200",
            "2020-01-01",
            "2024-01-01",  # retired: not offered in the form any more
        ),
    ]
    with store.write("places") as capture:
        insert_records(capture, "place", places)


def test_members_current_head_first_then_former(store: Store, zhang: HouseholdBundle) -> None:
    son = zhang.members[2]
    actions = RegisterActions(store, today=lambda: TODAY)
    actions.move_out(son.id, date(2026, 3, 1), "南昌市")
    baby = factories.person("张小花", "44", date(2026, 5, 1), False)
    actions.add_member(zhang.household.id, baby, "birth", date(2026, 5, 1))

    view = household_view.load_household_view(store, zhang.household.id, TODAY)

    assert [m.name for m in view.members] == ["张三丰", "王芳", "张小花", "张小明"]
    assert view.members[-1].status == "2"
    assert view.head is not None and view.head.name == "张三丰"
    assert [m.name for m in view.current_members] == ["张三丰", "王芳", "张小花"]


def test_history_newest_first_with_details(store: Store, zhang: HouseholdBundle) -> None:
    # Same day as the household was created (立户): entry order decides.
    today = date.today()
    actions = RegisterActions(store)
    actions.move_out(zhang.members[2].id, today, "南昌市")
    actions.add_household_tag(zhang.household.id, "dibao", today)

    view = household_view.load_household_view(store, zhang.household.id, today)

    assert [e.kind for e in view.events] == ["move_out", "created"]
    assert "张小明" in view.events[0].detail and "南昌市" in view.events[0].detail
    assert view.events[0].event_date == today


def test_tags_that_run_today(store: Store, zhang: HouseholdBundle) -> None:
    wife = zhang.members[1]
    actions = RegisterActions(store, today=lambda: TODAY)
    actions.add_household_tag(zhang.household.id, "dibao", date(2025, 1, 1))
    actions.add_person_tag(wife.id, "disabled", date(2019, 1, 1), date(2019, 6, 1))

    view = household_view.load_household_view(store, zhang.household.id, TODAY)

    assert [t.tag for t in view.person_tags[wife.id]] == ["disabled", "dibao"]
    assert [t.tag for t in view.open_person_tags(wife.id)] == ["dibao"]
    assert [t.tag for t in view.open_household_tags()] == ["dibao"]


def test_petitions_and_party_members_of_members(store: Store, zhang: HouseholdBundle) -> None:
    head, wife, _son = zhang.members
    stranger = factories.zhang_family("360000002").members[0]
    other = HouseholdBundle(
        factories.household("360000002", "石泉村1组1号", [stranger]).household, [stranger]
    )
    HouseholdRepository(store).create_household(other)
    petition = Petition(
        factories.uid(), "A1B2-2026-0001", date(2026, 10, 8), "visit", "claim", summary="路灯"
    )
    foreign = Petition(factories.uid(), "A1B2-2026-0002", date(2026, 10, 9), "visit", "claim")
    member = PartyMember(factories.uid(), head.id_number, head.name, person_id=head.id)
    # Registered as a party member before her person record was linked: found by ID number.
    unlinked = PartyMember(factories.uid(), wife.id_number, wife.name, membership="probationary")
    with store.write("test data") as capture:
        insert_records(capture, "petition", [petition, foreign])
        insert_records(
            capture,
            "petition_petitioner",
            [
                Petitioner(factories.uid(), petition.id, "王芳", wife.id, is_primary=True),
                Petitioner(factories.uid(), petition.id, "张三丰", head.id),
                Petitioner(factories.uid(), foreign.id, stranger.name, stranger.id),
            ],
        )
        insert_records(capture, "party_member", [member, unlinked])
        insert_records(
            capture,
            "party_report",
            [
                PartyReport(factories.uid(), member.id, date(2024, 1, 5), "360423100200"),
                PartyReport(factories.uid(), member.id, date(2025, 3, 1), "360423100200"),
            ],
        )

    view = household_view.load_household_view(store, zhang.household.id, TODAY)

    assert [(p.reg_no, p.petitioners) for p in view.petitions] == [
        ("A1B2-2026-0001", ("王芳", "张三丰"))
    ]
    assert view.petitions[0].summary == "路灯"
    assert [(m.name, m.report_date, m.report_status) for m in view.party_members] == [
        ("张三丰", date(2025, 3, 1), "active"),
        ("王芳", None, ""),
    ]


def test_grid_names_and_choices(store: Store, zhang: HouseholdBundle) -> None:
    add_places(store)
    view = household_view.load_household_view(store, zhang.household.id, TODAY)
    assert view.grid_name == "石泉村·第一网格"
    choices = household_view.grid_choices(store, TODAY)
    assert [(c.code, c.name, c.village_name) for c in choices] == [
        (factories.GRID, "第一网格", "石泉村")
    ]
    assert choices[0].village_code == "360423100200"
    assert household_view.grid_name(store, "nowhere") == ""


def test_person_lookups(store: Store, zhang: HouseholdBundle) -> None:
    wife = zhang.members[1]
    assert household_view.household_of_person(store, wife.id) == zhang.household.id
    with pytest.raises(NotFoundError):
        household_view.household_of_person(store, "no such person")
    found = household_view.registered_person(store, wife.id_number)
    assert found is not None
    assert (found.person_id, found.name, found.household_no) == (wife.id, "王芳", "360000001")
    free = make_id_number("360423", date(1990, 1, 1), 999)
    assert household_view.registered_person(store, free) is None


def test_unknown_household_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        household_view.load_household_view(store, "missing")


def test_person_without_household(store: Store) -> None:
    loner = Person(factories.uid(), None, make_id_number("360423", date(1980, 1, 1), 11), "李四")
    with store.write("test") as capture:
        insert_records(capture, "person", [loner])
    assert household_view.household_of_person(store, loner.id) is None
    found = household_view.registered_person(store, loner.id_number)
    assert found is not None and found.household_no == "" and found.household_id is None
