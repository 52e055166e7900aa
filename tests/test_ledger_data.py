"""The data of the 诉求信访, 党员双报到 and 月度工作汇总 ledgers, from a real SQLCipher store
filled through the domain code (registering, workflow steps, reports, activities, register
changes). Every expected figure was counted by hand from the fixture's comments.

The village 石泉村 has two grids; a neighbouring village's records must never show up. The
ledgers' month is October 2026, read on 20 November 2026 (the month is over).
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any

import pytest

from gridapp.models.errors import ValidationError
from gridapp.models.household import Household, Person
from gridapp.models.party import PartyActivity, PartyMember
from gridapp.models.petition import Petition, Petitioner
from gridapp.models.places import Place
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.ledger_party import party_feedback_sheet, party_ledger
from gridapp.store.ledger_petitions import petition_ledger
from gridapp.store.ledger_summary import summary_ledger
from gridapp.store.party import PartyRepository
from gridapp.store.party_service import Participant, ServiceRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.store.scope import WorkScope, save_scope
from tests import factories

TODAY = date(2026, 11, 20)
OCTOBER = date(2026, 10, 1)
VILLAGE = factories.VILLAGE  # 石泉村
G1 = factories.GRID  # 第一网格
G2 = VILLAGE + "-02"  # 第二网格
G3 = VILLAGE + "-03"  # 第三网格
OTHER = "360423100201"  # 新塘村, the neighbour


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def add_places(store: Store) -> None:
    places = [
        Place(factories.uid(), VILLAGE, "石泉村", "village", "360423100", "2020-01-01"),
        Place(factories.uid(), G1, "第一网格", "grid", VILLAGE, "2020-01-01"),
        Place(factories.uid(), G2, "第二网格", "grid", VILLAGE, "2020-01-01"),
        Place(factories.uid(), G3, "第三网格", "grid", VILLAGE, "2020-01-01"),  # nobody yet
        Place(factories.uid(), OTHER, "新塘村", "village", "360423100", "2020-01-01"),
        Place(factories.uid(), OTHER + "-01", "新塘一组", "grid", OTHER, "2020-01-01"),
    ]
    with store.write("places") as capture:
        insert_records(capture, "place", places)


def work_in(store: Store, grid: str) -> None:
    """This PC's scope: a petition of a typed-in petitioner takes its grid."""
    save_scope(store, WorkScope(grid.split("-")[0], "", grid, ""))


# --- petitions -------------------------------------------------------------------------------


def register(
    repo: PetitionRepository, reg: date, *steps: tuple[str, dict[str, Any], date], **fields: Any
) -> Petition:
    values: dict[str, Any] = {
        "id": factories.uid(),
        "reg_no": "",
        "reg_date": reg,
        "channel": "visit",
        "kind": "claim",
        "summary": f"诉求 {reg.isoformat()}",
        "content": "请求村委会协调解决。",
    }
    values.update(fields)
    people = [
        Petitioner(factories.uid(), "", f"信访人{i}", phone=f"1390792{i:04d}", is_primary=i == 0)
        for i in range(int(values.get("headcount", 1)) if values.get("headcount", 1) < 3 else 2)
    ]
    saved = repo.register(Petition(**values), people, today=TODAY)
    for action, step_values, on in steps:
        repo.advance(saved.id, action, step_values, on=on)
    return repo.get(saved.id)


ACCEPT = ("accept", {"method": "书面"})
REPLY_SUPPORT = ("reply", {"decision": "支持", "text": "已协调", "method": "当面"})
REPLY_EXPLAIN = ("reply", {"decision": "explain", "text": "已解释政策", "method": "当面"})
CALLBACK = ("callback", {"satisfaction": "满意"})
CLOSE = ("close", {})


def step(kind: tuple[str, dict[str, Any]], on: date) -> tuple[str, dict[str, Any], date]:
    return (kind[0], kind[1], on)


def petitions(store: Store) -> dict[str, Petition]:
    repo = PetitionRepository(store)
    out = {}
    work_in(store, G1)
    # P1: October, answered in full and closed in October.
    out["P1"] = register(
        repo,
        d(10, 8),
        step(ACCEPT, d(10, 10)),
        step(REPLY_SUPPORT, d(10, 20)),
        step(CALLBACK, d(10, 25)),
        step(CLOSE, d(10, 28)),
    )
    # P2: September, accepted, still being handled (due 60 日 after acceptance: not overdue).
    out["P2"] = register(repo, d(9, 1), step(ACCEPT, d(9, 3)))
    # P3: September, never answered: its 受理告知 deadline passed before October's end.
    out["P3"] = register(repo, d(9, 10))
    # P4: August, refused in August: finished before October, not on its ledger.
    out["P4"] = register(
        repo, d(8, 3), ("reject", {"reason": "不属于信访事项", "method": "书面"}, d(8, 5))
    )
    work_in(store, G2)
    # P5: 20 October, a repeat petition of three people, not answered (受理告知 due in November).
    out["P5"] = register(repo, d(10, 20), is_repeat=True, repeat_count=2, headcount=3)
    # P6: September, answered in October (explained, not granted), not called back.
    out["P6"] = register(repo, d(9, 20), step(ACCEPT, d(9, 22)), step(REPLY_EXPLAIN, d(10, 5)))
    # P7: November: after October.
    out["P7"] = register(repo, d(11, 2))
    # P8: September, closed on 3 October: on October's ledger, finished.
    out["P8"] = register(
        repo,
        d(9, 5),
        step(ACCEPT, d(9, 7)),
        step(REPLY_SUPPORT, d(9, 20)),
        step(CALLBACK, d(9, 25)),
        step(CLOSE, d(10, 3)),
    )
    work_in(store, OTHER + "-01")
    # P9: the neighbouring village, October.
    out["P9"] = register(repo, d(10, 9))
    work_in(store, G1)
    return out


@pytest.fixture
def village(store: Store) -> Store:
    add_places(store)
    return store


def test_petition_ledger_rows_groups_totals_and_metrics(village: Store) -> None:
    p = petitions(village)
    ledger = petition_ledger(village, OCTOBER, VILLAGE, today=TODAY)
    assert (ledger.scope.village_name, ledger.scope.level) == ("石泉村", "village")
    assert [(g.grid_code, g.grid_name) for g in ledger.groups] == [
        (G1, "第一网格"),
        (G2, "第二网格"),
    ]
    first, second = ledger.groups
    # Within a grid in the order registered.
    assert [r.reg_no for r in first.rows] == [p["P2"].reg_no, p["P3"].reg_no, p["P1"].reg_no]
    assert [r.reg_no for r in second.rows] == [p["P8"].reg_no, p["P6"].reg_no, p["P5"].reg_no]
    # count, registered in October, carried over, finished, overdue, 人数
    assert (first.count, first.registered, first.carried_over) == (3, 1, 2)
    assert (first.finished, first.overdue, first.headcount) == (1, 1, 3)
    assert (second.count, second.registered, second.carried_over) == (3, 1, 2)
    assert (second.finished, second.overdue, second.headcount) == (1, 0, 5)
    assert (ledger.count, ledger.registered, ledger.carried_over) == (6, 2, 4)
    assert (ledger.finished, ledger.overdue, ledger.headcount) == (2, 1, 8)

    one = first.rows[2]  # P1 as entered
    assert (one.reg_date, one.channel, one.kind, one.summary) == (
        d(10, 8),
        "visit",
        "claim",
        "诉求 2026-10-08",
    )
    assert (one.petitioner, one.petitioner_phone, one.petitioners) == ("信访人0", "13907920000", 1)
    assert (one.accepted_date, one.decision, one.reply_date) == (d(10, 10), "support", d(10, 20))
    assert (one.satisfaction, one.status, one.closed_date) == ("satisfied", "closed", d(10, 28))
    assert one.registered_in_month and one.finished and not one.overdue
    assert one.due_date is None  # nothing is owed any more
    three = first.rows[1]  # P3: never answered
    assert (three.status, three.overdue, three.registered_in_month) == ("registered", True, False)
    assert three.due_date is not None and three.due_date < d(10, 31)
    five = second.rows[2]
    assert (five.is_repeat, five.headcount, five.petitioners) == (True, 3, 2)
    assert {"petitioner_id_number", "petitioner_phone"} <= ledger.sensitive_fields

    m = ledger.metrics  # the village only: the neighbour's October petition is not counted
    assert (m.registered, m.repeat, m.responded) == (2, 1, 1)
    assert (m.replied, m.resolved, m.rated, m.satisfied, m.overdue) == (2, 1, 1, 1, 1)
    assert m.response_rate == 0.5 and m.resolution_rate == 0.5 and m.satisfaction_rate == 1.0
    assert (first.metrics.registered, second.metrics.registered) == (1, 1)
    assert (first.metrics.overdue, second.metrics.replied) == (1, 1)
    everywhere = PetitionRepository(village).metrics("2026-10", TODAY)["*"]
    assert everywhere.registered == 3  # P9 of the neighbour is there, not in the ledger


def test_petition_ledger_of_one_grid(village: Store) -> None:
    p = petitions(village)
    ledger = petition_ledger(village, OCTOBER, G2, today=TODAY)
    assert (ledger.scope.grid_code, ledger.scope.grid_name) == (G2, "第二网格")
    [group] = ledger.groups
    assert [r.reg_no for r in group.rows] == [p["P8"].reg_no, p["P6"].reg_no, p["P5"].reg_no]
    assert (ledger.count, ledger.registered, ledger.finished, ledger.overdue) == (3, 1, 1, 0)
    assert (ledger.metrics.registered, ledger.metrics.repeat, ledger.metrics.replied) == (1, 1, 1)


def test_petition_ledger_of_a_month_with_nothing(village: Store) -> None:
    petitions(village)
    ledger = petition_ledger(village, date(2025, 3, 1), VILLAGE, today=TODAY)
    assert ledger.groups == ()
    assert (ledger.count, ledger.registered, ledger.overdue, ledger.headcount) == (0, 0, 0, 0)
    assert ledger.metrics.registered == 0 and ledger.metrics.response_rate is None


@pytest.mark.parametrize("code", ["bogus", "", "360423100299", VILLAGE + "-09", "36042310020"])
def test_a_bad_scope_is_refused_with_a_clear_message(village: Store, code: str) -> None:
    for call in (
        lambda: petition_ledger(village, OCTOBER, code, today=TODAY),
        lambda: party_ledger(village, OCTOBER, code),
        lambda: party_feedback_sheet(village, "2026Q3", code, today=TODAY),
        lambda: summary_ledger(village, OCTOBER, code, today=TODAY),
    ):
        with pytest.raises(ValidationError) as info:
            call()
        message = info.value.messages()["scope"]
        assert code in message and "网格" in message, message


def test_a_month_that_is_not_a_date_is_refused(village: Store) -> None:
    with pytest.raises(ValidationError) as info:
        petition_ledger(village, "2026-10", VILLAGE, today=TODAY)  # type: ignore[arg-type]
    assert "2026-11-01" in info.value.messages()["month"]


def test_the_work_scope_counts_as_a_scope_before_places_are_synced(store: Store) -> None:
    save_scope(store, WorkScope(VILLAGE, "石泉村", G1, "第一网格"))
    ledger = petition_ledger(store, OCTOBER, G1, today=TODAY)
    assert (ledger.scope.village_name, ledger.scope.grid_name, ledger.count) == (
        "石泉村",
        "第一网格",
        0,
    )


# --- party -----------------------------------------------------------------------------------


def member(
    store: Store, name: str, grid: str, reported: date, cancelled: date | None = None
) -> PartyMember:
    repo = PartyRepository(store)
    saved = repo.add_member(
        PartyMember(
            factories.uid(),
            factories.id_number(date(1980, 5, 1), male=True, area="360102"),
            name,
            phone="13907921111",
            joined_date=date(2005, 7, 1),
            work_unit="县财政局",
            party_org="县财政局机关党支部",
        ),
        today=TODAY,
    )
    village_code = grid.split("-")[0]
    repo.report(saved.id, reported, community_code=village_code, grid_code=grid, today=TODAY)
    if cancelled is not None:
        repo.cancel_report(saved.id, cancelled, "工作调动", today=TODAY)
    return repo.get_member(saved.id)


def activity(
    store: Store, theme: str, day: date, grid: str, *parts: tuple[PartyMember, float]
) -> PartyActivity:
    return ServiceRepository(store).add_activity(
        PartyActivity(
            factories.uid(),
            theme,
            day,
            place="村委会",
            grid_code=grid,
            area_code=grid.split("-")[0],
        ),
        [Participant(m.id, hours, "巡逻") for m, hours in parts],
        today=TODAY,
    )


def party(store: Store) -> dict[str, PartyMember]:
    m = {
        "M1": member(store, "刘建国", G1, d(1, 5)),
        "M2": member(store, "陈红", G1, d(10, 20)),
        "M3": member(store, "王强", G2, d(6, 1, 2025), cancelled=d(10, 25)),
        "M4": member(store, "赵敏", G2, d(11, 5)),
        "M5": member(store, "孙丽", OTHER + "-01", d(2, 1)),  # the neighbour's
    }
    activity(store, "年末巡逻", d(12, 28, 2025), G1, (m["M1"], 3), (m["M3"], 2))  # last year
    activity(store, "新春走访", d(1, 10), G1, (m["M1"], 2))
    activity(store, "国庆前巡逻", d(9, 30), G2, (m["M3"], 4), (m["M1"], 1.5))  # September
    activity(store, "国庆巡逻", d(10, 1), G2, (m["M3"], 2.5), (m["M1"], 1))  # first of October
    activity(store, "环境整治", d(10, 31), G1, (m["M1"], 2), (m["M2"], 3))  # last of October
    activity(store, "立冬义诊", d(11, 1), G1, (m["M1"], 5))  # November
    activity(store, "邻村活动", d(10, 10), OTHER + "-01", (m["M5"], 4))
    return m


def totals(t: Any) -> tuple[int, float, float]:
    return (t.activities, t.hours, t.points)


def test_party_ledger_roster_activities_and_totals(village: Store) -> None:
    m = party(village)
    ledger = party_ledger(village, OCTOBER, VILLAGE)
    roster = [(r.name, r.grid_code, r.report_status) for r in ledger.roster]
    assert roster == [
        ("刘建国", G1, "active"),
        ("陈红", G1, "active"),  # reported on 20 October
        ("王强", G2, "cancelled"),  # 注销 on 25 October
        ("赵敏", G2, ""),  # reports only in November
    ]
    liu, chen, wang, zhao = ledger.roster
    assert (liu.report_date, wang.cancel_date, zhao.report_date) == (d(1, 5), d(10, 25), None)
    assert liu.id_number == m["M1"].id_number and liu.phone == "13907921111"
    # October: 国庆巡逻 and 环境整治; the year: from 新春走访 on (not last December's).
    assert totals(liu.month) == (2, 3.0, 3.0) and totals(liu.year) == (4, 6.5, 6.5)
    assert totals(chen.month) == (1, 3.0, 3.0) and totals(chen.year) == (1, 3.0, 3.0)
    assert totals(wang.month) == (1, 2.5, 2.5) and totals(wang.year) == (2, 6.5, 6.5)
    assert totals(zhao.month) == (0, 0.0, 0.0) and totals(zhao.year) == (0, 0.0, 0.0)
    assert (ledger.reported, ledger.cancelled, ledger.not_reported) == (2, 1, 1)
    assert totals(ledger.month_totals) == (4, 8.5, 8.5)
    assert totals(ledger.year_totals) == (7, 16.0, 16.0)

    assert [(a.theme, a.activity_date, a.grid_code) for a in ledger.activities] == [
        ("国庆巡逻", d(10, 1), G2),
        ("环境整治", d(10, 31), G1),
    ]
    first, last = ledger.activities
    assert [(p.name, p.hours, p.points) for p in first.participants] == [
        ("王强", 2.5, 2.5),
        ("刘建国", 1.0, 1.0),
    ]
    assert (first.people, first.hours, last.people, last.hours) == (2, 3.5, 2, 5.0)
    assert (ledger.activity_count, ledger.participations) == (2, 4)
    assert (ledger.activity_hours, ledger.activity_points) == (8.5, 8.5)
    assert {"id_number", "phone"} <= ledger.sensitive_fields


def test_party_ledger_of_one_grid_and_across_the_year_boundary(village: Store) -> None:
    party(village)
    grid = party_ledger(village, OCTOBER, G1)
    assert [r.name for r in grid.roster] == ["刘建国", "陈红"]
    assert [a.theme for a in grid.activities] == ["环境整治"]
    assert (grid.activity_hours, totals(grid.month_totals)) == (5.0, (3, 6.0, 6.0))

    january = party_ledger(village, d(1, 1), VILLAGE)
    liu = january.roster[0]
    assert totals(liu.month) == (1, 2.0, 2.0) == totals(liu.year)  # 新春走访 only
    december = party_ledger(village, d(12, 1, 2025), VILLAGE)
    assert [a.theme for a in december.activities] == ["年末巡逻"]
    # In December 2025 only 王强 had reported.
    assert [(r.name, r.report_status) for r in december.roster if r.report_status] == [
        ("王强", "active")
    ]
    assert totals(december.year_totals) == (2, 5.0, 5.0)


def test_party_ledger_of_a_month_with_nothing(village: Store) -> None:
    party(village)
    july = party_ledger(village, d(7, 1), VILLAGE)
    assert july.activities == () and (july.activity_count, july.activity_hours) == (0, 0.0)
    assert totals(july.month_totals) == (0, 0.0, 0.0)
    assert totals(july.year_totals) == (1, 2.0, 2.0)  # 新春走访 in January
    empty = party_ledger(village, OCTOBER, G3)
    assert empty.roster == () and totals(empty.year_totals) == (0, 0.0, 0.0)


def test_feedback_sheet_of_a_period(village: Store) -> None:
    m = party(village)
    service = ServiceRepository(village)
    service.save_feedback(m["M1"].id, "2026Q4", rating="优秀", signer="刘书记", today=TODAY)
    q4 = party_feedback_sheet(village, "2026Q4", VILLAGE, today=TODAY)
    rows = [(r.name, r.activities, r.hours, r.points, r.rating) for r in q4.rows]
    assert rows == [
        ("刘建国", 3, 8.0, 8.0, "excellent"),  # 国庆巡逻, 环境整治, 立冬义诊
        ("陈红", 1, 3.0, 3.0, ""),
        ("王强", 1, 2.5, 2.5, ""),  # 注销 in the period: still on its sheet
        ("赵敏", 0, 0.0, 0.0, ""),  # reported in November
    ]
    assert (q4.start, q4.end, q4.period) == (d(10, 1), d(12, 31), "2026Q4")
    assert (q4.activities, q4.hours, q4.points) == (5, 13.5, 13.5)
    assert q4.rows[0].signer == "刘书记" and q4.rows[0].report_date == d(1, 5)
    q3 = party_feedback_sheet(village, "2026q3", VILLAGE, today=TODAY)
    # 陈红 and 赵敏 had not reported by 30 September.
    assert [(r.name, r.activities, r.hours) for r in q3.rows] == [
        ("刘建国", 1, 1.5),
        ("王强", 1, 4.0),
    ]
    with pytest.raises(ValidationError):
        party_feedback_sheet(village, "2026Q5", VILLAGE, today=TODAY)


# --- the summary -----------------------------------------------------------------------------


def households(store: Store) -> None:
    repo = HouseholdRepository(store)
    one = factories.zhang_family()
    # 立户 is dated the day it is entered (today, not October 2026): not counted below.
    repo.create_household(one, today=d(3, 10))
    two = factories.household(
        "360000002",
        "石泉村5组2号",
        [factories.person("李明", "02", date(1975, 1, 2), True)],
    )
    two = replace(
        two,
        household=replace(two.household, grid_code=G2),
        members=[replace(p, grid_code=G2) for p in two.members],
    )
    repo.create_household(two, today=d(10, 5))
    actions = RegisterActions(store, today=lambda: TODAY)
    son, wife = one.members[2], one.members[1]
    actions.move_out(son.id, d(6, 15), "广东省深圳市")  # June
    actions.add_member(  # October
        one.household.id, factories.person("张小宝", "20", d(10, 12), True), "birth", d(10, 12)
    )
    actions.record_death(wife.id, d(10, 25))  # October
    newcomer: Person = replace(
        factories.person("李娜", "10", date(1978, 3, 3), False), grid_code=G2
    )
    actions.add_member(two.household.id, newcomer, "move_in", d(10, 20))  # October
    # October: 分户 from the second grid into a household of the first; it counts once, in
    # the grid of the household left (as on the 户籍人口台账).
    three = Household(factories.uid(), "360000003", "石泉村1组8号", area_code=VILLAGE, grid_code=G1)
    actions.split_household(two.household.id, [newcomer.id], three, newcomer.id, d(10, 22), {})


def astuple_counts(row: Any) -> list[Any]:
    return [getattr(row, f.name) for f in fields(row) if f.name not in ("grid_code", "grid_name")]


def test_summary_counts_per_grid_month_and_year(village: Store) -> None:
    households(village)
    petitions(village)
    party(village)
    ledger = summary_ledger(village, OCTOBER, VILLAGE, today=TODAY)
    assert (ledger.start, ledger.end) == (d(1, 1), d(10, 31))
    assert [(r.grid_code, r.grid_name) for r in ledger.rows] == [
        (G1, "第一网格"),
        (G2, "第二网格"),
        (G3, "第三网格"),  # nothing there: a row of zeros
    ]
    one, two, three = ledger.rows
    assert {(c.month, c.year) for c in astuple_counts(three)} <= {(0, 0), (0, None)}

    def pair(count: Any) -> tuple[float, float | None]:
        return (count.month, count.year)

    assert pair(one.new_households) == (0, 0) and pair(two.new_households) == (1, 1)
    assert pair(one.births) == (1, 1) and pair(one.deaths) == (1, 1)
    assert pair(one.moved_out) == (0, 1) and pair(one.moved_in) == (0, 0)
    assert pair(two.moved_in) == (1, 1) and pair(two.births) == (0, 0)
    # Petitions: first grid P1 in October, P1-P4 this year; second P5, and P5 P6 P8.
    assert pair(one.petitions_registered) == (1, 4) and pair(two.petitions_registered) == (1, 3)
    assert pair(one.petitions_closed) == (1, 1) and pair(two.petitions_closed) == (1, 1)
    assert pair(one.petitions_overdue) == (1, None) and pair(two.petitions_overdue) == (0, None)
    # Party: first grid 环境整治 (新春走访 too this year); second 国庆巡逻 (and 国庆前巡逻).
    assert pair(one.party_activities) == (1, 2) and pair(one.party_hours) == (5.0, 7.0)
    assert pair(two.party_activities) == (1, 2) and pair(two.party_hours) == (3.5, 9.0)

    total = ledger.total
    assert total.grid_code == "*"
    assert pair(total.new_households) == (1, 1) and pair(total.births) == (1, 1)
    assert pair(total.moved_in) == (1, 1) and pair(total.moved_out) == (0, 1)
    assert pair(total.petitions_registered) == (2, 7) and pair(total.petitions_closed) == (2, 2)
    assert pair(total.petitions_overdue) == (1, None)
    assert pair(total.party_activities) == (2, 4) and pair(total.party_hours) == (8.5, 16.0)
    # The same month figures as the other ledgers.
    petition = petition_ledger(village, OCTOBER, VILLAGE, today=TODAY)
    assert (petition.registered, petition.overdue) == (2, 1)
    assert party_ledger(village, OCTOBER, VILLAGE).activity_hours == total.party_hours.month


def test_summary_of_a_month_with_nothing(village: Store) -> None:
    ledger = summary_ledger(village, OCTOBER, G2, today=TODAY)
    [row] = ledger.rows
    assert (row.grid_code, row.grid_name) == (G2, "第二网格")
    assert (row.petitions_registered.month, row.petitions_registered.year) == (0, 0)
    assert (row.party_hours.month, row.new_households.year) == (0, 0)
    assert (ledger.total.births.month, ledger.total.party_activities.year) == (0, 0)
