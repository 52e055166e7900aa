"""党员双报到 in the store: members, 报到 and 注销, unit party organisations with their 回执,
settings and the yearly hours threshold — a real SQLCipher store."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from gridapp.models.errors import ValidationError
from gridapp.models.idnumber import make_id_number
from gridapp.models.party import ActivityParticipation, PartyActivity, PartyMember, PartyOrg
from gridapp.models.party_rules import PartySettings, PeriodKind
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.party import SETTINGS_META, PartyRepository
from tests import factories

TODAY = date(2026, 11, 20)
OTHER_VILLAGE = "360423100201"
TABLES = ("party_member", "party_report", "party_org", "outbox", "audit_log")


def counts(store: Store) -> tuple[int, ...]:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)


def refused(store: Store, call: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    """Run a call that must be refused; nothing may change. Returns field -> message."""
    before = counts(store)
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert counts(store) == before
    return caught.value.messages()


def typed(**fields: Any) -> PartyMember:
    """A member who does not live here (typed in): born 1985-06-15, male."""
    values: dict[str, Any] = {
        "id": factories.uid(),
        "id_number": make_id_number("360102", date(1985, 6, 15), 123),
        "name": "刘建国",
        "phone": "13907920001",
        "work_unit": "县财政局",
        "party_org": "县财政局机关党支部",
        "joined_date": "2010-07-01",
        "membership": "正式",
        "skills": "财务",
    }
    values.update(fields)
    return PartyMember(**values)


def linked(person_id_number: str, **fields: Any) -> PartyMember:
    values: dict[str, Any] = {
        "id": factories.uid(),
        "id_number": person_id_number,
        "name": "",
        "work_unit": "县人民医院",
        "party_org": "县人民医院党委第二支部",
        "joined_date": date(1995, 7, 1),
    }
    values.update(fields)
    return PartyMember(**values)


def org(**fields: Any) -> PartyOrg:
    values: dict[str, Any] = {
        "id": factories.uid(),
        "name": "县税务局机关党支部",
        "org_type": "机关",
        "contact": "陈主任",
        "phone": "0792-1234567",
        "report_date": "2026-03-02",
    }
    values.update(fields)
    return PartyOrg(**values)


@pytest.fixture
def zhang(store: Store) -> HouseholdBundle:
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle, today=TODAY)
    return bundle


# --- members -------------------------------------------------------------------------------


def test_a_member_who_lives_here_is_linked_and_takes_the_register_s_details(
    store: Store, zhang: HouseholdBundle
) -> None:
    repo = PartyRepository(store)
    head = zhang.members[0]
    saved = repo.add_member(linked(head.id_number.lower()), today=TODAY)
    assert saved.person_id == head.id
    assert (saved.name, saved.sex, saved.birth_date) == (head.name, "1", date(1968, 4, 9))
    assert saved.phone == head.phone
    assert saved.address == "石泉村3组15号"  # the household's address
    assert (saved.grid_code, saved.area_code) == (factories.GRID, factories.VILLAGE)
    assert saved.membership == "full"
    assert repo.member_by_id_number(head.id_number) == saved
    assert repo.require_member(f" {head.id_number} ").id == saved.id
    created = store.conn.execute(
        "SELECT op, changes FROM outbox WHERE tbl = 'party_member'"
    ).fetchall()
    assert [op for op, _ in created] == ["create"]
    assert json.loads(created[0][1])["person_id"] == head.id


def test_a_member_typed_in_is_checked_and_gets_sex_and_birth_from_the_id(store: Store) -> None:
    repo = PartyRepository(store)
    saved = repo.add_member(typed(phone="139 0792 0001", membership="预备"), today=TODAY)
    assert saved.person_id is None
    assert (saved.sex, saved.birth_date) == ("1", date(1985, 6, 15))
    assert saved.phone == "13907920001"
    assert saved.membership == "probationary"
    assert saved.joined_date == date(2010, 7, 1)


def test_every_problem_of_a_typed_in_member_is_named_at_once(store: Store) -> None:
    repo = PartyRepository(store)
    messages = refused(
        store,
        repo.add_member,
        typed(
            id_number="360102198506151234",
            name="",
            phone="12345",
            party_org="",
            membership="党员",
            joined_date="2027-01-01",
        ),
        today=TODAY,
    )
    assert set(messages) == {"id_number", "name", "phone", "party_org", "membership", "joined_date"}
    assert "校验" in messages["id_number"] or "身份证" in messages["id_number"]
    assert "必填" in messages["name"] or "填写" in messages["name"]
    assert "手机" in messages["phone"] or "电话" in messages["phone"]


def test_the_same_id_number_is_registered_once(store: Store) -> None:
    repo = PartyRepository(store)
    first = repo.add_member(typed(), today=TODAY)
    number = first.id_number
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    messages = refused(store, repo.add_member, typed(id_number=spaced, name="刘建国"), today=TODAY)
    assert "已登记" in messages["id_number"] and "刘建国" in messages["id_number"]


def test_joined_neither_in_the_future_nor_before_the_18th_birthday(store: Store) -> None:
    repo = PartyRepository(store)
    leap = make_id_number("360102", date(2000, 2, 29), 124)  # 18 on 2018-03-01
    messages = refused(
        store, repo.add_member, typed(id_number=leap, joined_date="2018-02-28"), today=TODAY
    )
    assert "2018-03-01" in messages["joined_date"] and "十八" in messages["joined_date"]
    messages = refused(
        store, repo.add_member, typed(id_number=leap, joined_date="2026-11-21"), today=TODAY
    )
    assert "晚于今天" in messages["joined_date"]
    saved = repo.add_member(typed(id_number=leap, joined_date="2018-03-01"), today=TODAY)
    assert saved.joined_date == date(2018, 3, 1)


def test_a_typed_birth_date_or_sex_must_agree_with_the_id_number(store: Store) -> None:
    repo = PartyRepository(store)
    messages = refused(
        store,
        repo.add_member,
        typed(birth_date="1985-06-16", sex="女"),
        today=TODAY,
    )
    assert set(messages) == {"birth_date", "sex"}


def test_a_name_that_is_not_the_register_s_and_a_deceased_person_are_refused(
    store: Store, zhang: HouseholdBundle
) -> None:
    repo = PartyRepository(store)
    head = zhang.members[0]
    messages = refused(store, repo.add_member, linked(head.id_number, name="张三"), today=TODAY)
    assert head.name in messages["name"] and "张三" in messages["name"]
    gone = factories.person("李四", "10", date(1950, 1, 1), True, status="3")
    head5 = factories.person("李大", "02", date(1952, 1, 1), False)
    HouseholdRepository(store).create_household(
        factories.household("360000009", "石泉村5组1号", [head5, gone]), today=TODAY
    )
    messages = refused(store, repo.add_member, linked(gone.id_number), today=TODAY)
    assert "死亡" in messages["id_number"]


def test_a_person_who_moved_away_is_typed_in_not_linked(store: Store) -> None:
    moved = factories.person("赵五", "20", date(1980, 3, 3), True, status="2")
    head6 = factories.person("赵大", "02", date(1955, 1, 1), True)
    HouseholdRepository(store).create_household(
        factories.household("360000010", "石泉村6组2号", [head6, moved]), today=TODAY
    )
    saved = PartyRepository(store).add_member(
        typed(id_number=moved.id_number, name="赵五"), today=TODAY
    )
    assert saved.person_id is None


def test_update_a_member_keeps_old_and_new_values(store: Store, zhang: HouseholdBundle) -> None:
    repo = PartyRepository(store)
    member = repo.add_member(linked(zhang.members[1].id_number), today=TODAY)
    saved = repo.update_member(
        member.id,
        {"work_unit": "县教育局", "membership": "预备", "skills": "教育辅导"},
        today=TODAY,
    )
    assert (saved.work_unit, saved.membership, saved.skills) == (
        "县教育局",
        "probationary",
        "教育辅导",
    )
    changes = store.conn.execute(
        "SELECT changes FROM outbox WHERE tbl = 'party_member' AND op = 'update'"
    ).fetchone()[0]
    assert json.loads(changes)["work_unit"] == {"old": "县人民医院", "new": "县教育局"}
    assert json.loads(changes)["membership"] == {"old": "full", "new": "probationary"}


def test_refused_updates_change_nothing(store: Store, zhang: HouseholdBundle) -> None:
    repo = PartyRepository(store)
    member = repo.add_member(linked(zhang.members[0].id_number), today=TODAY)
    messages = refused(
        store,
        repo.update_member,
        member.id,
        {"id_number": typed().id_number, "name": "张三", "colour": "红", "phone": "1"},
        today=TODAY,
    )
    assert set(messages) == {"id_number", "name", "colour", "phone"}
    assert "户籍人口" in messages["name"]
    messages = refused(
        store, repo.update_member, member.id, {"joined_date": "1980-01-01"}, today=TODAY
    )
    assert "十八" in messages["joined_date"]  # born 1968: 18 in 1986
    messages = refused(
        store, repo.update_member, member.id, {"work_unit": member.work_unit}, today=TODAY
    )
    assert "没有需要修改" in messages["values"]
    assert repo.get_member(member.id) == member


# --- 报到 and 注销 -----------------------------------------------------------------------------


def test_report_defaults_to_where_the_member_lives_and_cannot_be_made_twice(
    store: Store, zhang: HouseholdBundle
) -> None:
    repo = PartyRepository(store)
    member = repo.add_member(linked(zhang.members[0].id_number), today=TODAY)
    report = repo.report(member.id, "2026-03-05", channel="线上", today=TODAY)
    assert (report.community_code, report.grid_code) == (factories.VILLAGE, factories.GRID)
    assert (report.status, report.channel, report.area_code) == (
        "active",
        "online",
        factories.VILLAGE,
    )
    assert repo.current_report(member.id) == report
    messages = refused(store, repo.report, member.id, "2026-04-01", today=TODAY)
    assert messages["member"] == f"{member.name}已于2026-03-05报到，不能重复报到。"


def test_report_refused_in_the_future_before_joining_or_in_another_community_s_grid(
    store: Store,
) -> None:
    repo = PartyRepository(store)
    member = repo.add_member(typed(joined_date="2010-07-01"), today=TODAY)
    messages = refused(
        store,
        repo.report,
        member.id,
        "2026-11-21",
        community_code=factories.VILLAGE,
        today=TODAY,
    )
    assert "晚于今天" in messages["report_date"]
    messages = refused(
        store,
        repo.report,
        member.id,
        "2009-12-31",
        community_code=factories.VILLAGE,
        today=TODAY,
    )
    assert "入党日期" in messages["report_date"] and "2010-07-01" in messages["report_date"]
    messages = refused(
        store,
        repo.report,
        member.id,
        "2026-01-05",
        community_code=factories.VILLAGE,
        grid_code=f"{OTHER_VILLAGE}-02",
        channel="信鸽",
        today=TODAY,
    )
    assert set(messages) == {"grid_code", "channel"}
    messages = refused(store, repo.report, member.id, "2026-01-05", today=TODAY)
    assert set(messages) == {"community_code"}  # typed in and no work area on this PC
    messages = refused(
        store, repo.report, member.id, "2026-01-05", community_code="3604", today=TODAY
    )
    assert "12" in messages["community_code"]


def test_a_typed_in_member_reports_and_takes_the_grid_and_area(store: Store) -> None:
    repo = PartyRepository(store)
    member = repo.add_member(typed(), today=TODAY)
    report = repo.report(
        member.id,
        date(2026, 1, 5),
        community_code=factories.VILLAGE,
        grid_code=factories.GRID,
        today=TODAY,
    )
    assert report.channel == "offline"
    saved = repo.get_member(member.id)
    assert (saved.grid_code, saved.area_code) == (factories.GRID, factories.VILLAGE)
    changes = store.conn.execute(
        "SELECT changes FROM outbox WHERE tbl = 'party_member' AND op = 'update'"
    ).fetchone()[0]
    assert json.loads(changes)["grid_code"] == {"old": "", "new": factories.GRID}


def test_cancel_needs_a_date_and_a_reason_and_keeps_the_history(
    store: Store, zhang: HouseholdBundle
) -> None:
    repo = PartyRepository(store)
    member = repo.add_member(linked(zhang.members[0].id_number), today=TODAY)
    messages = refused(store, repo.cancel_report, member.id, "2026-06-01", "搬家", today=TODAY)
    assert "没有在册的报到" in messages["status"]
    report = repo.report(member.id, "2026-03-05", today=TODAY)
    messages = refused(store, repo.cancel_report, member.id, "", " ", today=TODAY)
    assert set(messages) == {"cancel_date", "cancel_reason"}
    messages = refused(store, repo.cancel_report, member.id, "2026-03-04", "搬家", today=TODAY)
    assert "2026-03-05" in messages["cancel_date"]
    messages = refused(store, repo.cancel_report, member.id, "2026-12-01", "搬家", today=TODAY)
    assert "cancel_date" in messages
    cancelled = repo.cancel_report(member.id, "2026-09-30", "工作调动", today=TODAY)
    assert cancelled.id == report.id
    assert (cancelled.status, cancelled.cancel_date, cancelled.cancel_reason) == (
        "cancelled",
        date(2026, 9, 30),
        "工作调动",
    )
    assert repo.current_report(member.id) is None
    assert [r.id for r in repo.reports(member.id)] == [report.id]  # the row, not a new one
    changes = store.conn.execute(
        "SELECT changes FROM outbox WHERE tbl = 'party_report' AND op = 'update'"
    ).fetchone()[0]
    assert json.loads(changes)["status"] == {"old": "active", "new": "cancelled"}
    messages = refused(store, repo.cancel_report, member.id, "2026-10-01", "又注销", today=TODAY)
    assert "status" in messages


def test_no_report_after_cancellation(store: Store, zhang: HouseholdBundle) -> None:
    repo = PartyRepository(store)
    member = repo.add_member(linked(zhang.members[0].id_number), today=TODAY)
    repo.report(member.id, "2026-03-05", today=TODAY)
    repo.cancel_report(member.id, "2026-09-30", "工作调动", today=TODAY)
    messages = refused(store, repo.report, member.id, "2026-10-08", today=TODAY)
    assert messages["member"] == f"{member.name}的报到已于2026-09-30注销，注销后不能再报到。"


# --- unit party organisations ----------------------------------------------------------------


def test_an_organisation_reports_once_and_its_receipt_is_countersigned_once(store: Store) -> None:
    repo = PartyRepository(store)
    saved = repo.add_org(org(grid_code=factories.GRID), today=TODAY)
    assert (saved.status, saved.receipt_date, saved.area_code) == (
        "active",
        None,
        factories.VILLAGE,
    )
    assert saved.report_date == date(2026, 3, 2)
    messages = refused(store, repo.add_org, org(report_date="2026-05-01"), today=TODAY)
    assert "不能重复报到" in messages["name"]
    messages = refused(store, repo.sign_receipt, saved.id, "2026-03-01", "", today=TODAY)
    assert set(messages) == {"receipt_date", "receipt_signer"}
    signed = repo.sign_receipt(saved.id, "2026-03-06", "王书记", today=TODAY)
    assert (signed.receipt_date, signed.receipt_signer) == (date(2026, 3, 6), "王书记")
    messages = refused(store, repo.sign_receipt, saved.id, "2026-03-07", "李主任", today=TODAY)
    assert messages["receipt_date"] == "回执已于2026-03-06由王书记签收，不能重复签收。"
    assert repo.require_org("县税务局机关党支部").id == saved.id
    assert repo.require_org(saved.id).id == saved.id
    messages = refused(store, repo.require_org, "县邮政局")
    assert "县邮政局" in messages["org"]


def test_organisation_input_is_checked_and_cancel_needs_date_and_reason(store: Store) -> None:
    repo = PartyRepository(store)
    messages = refused(
        store,
        repo.add_org,
        org(name="", contact="", phone="12", report_date="2027-01-01"),
        today=TODAY,
    )
    assert set(messages) == {"name", "contact", "phone", "report_date"}
    saved = repo.add_org(org(), today=TODAY)
    messages = refused(store, repo.cancel_org, saved.id, "2026-03-01", "", today=TODAY)
    assert set(messages) == {"cancel_date", "cancel_reason"}
    cancelled = repo.cancel_org(saved.id, "2026-10-01", "单位撤并", today=TODAY)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "单位撤并")
    messages = refused(store, repo.sign_receipt, saved.id, "2026-10-02", "王书记", today=TODAY)
    assert "注销" in messages["status"]
    messages = refused(store, repo.add_org, org(report_date="2026-11-01"), today=TODAY)
    assert "注销后不能再报到" in messages["name"]


# --- settings and the threshold --------------------------------------------------------------


def test_settings_are_kept_in_meta_and_bad_ones_fall_back_to_defaults(store: Store) -> None:
    repo = PartyRepository(store)
    assert repo.settings() == PartySettings()
    repo.set_settings(
        PartySettings(yearly_hours_threshold=60, feedback_period=PeriodKind.HALF, points_per_hour=2)
    )
    assert json.loads(store.meta(SETTINGS_META) or "")["feedback_period"] == "half"
    again = PartyRepository(store).settings()
    assert (again.yearly_hours_threshold, again.feedback_period, again.points_per_hour) == (
        60.0,
        PeriodKind.HALF,
        2.0,
    )
    with store.transaction():
        store.set_meta(SETTINGS_META, '{"yearly_hours_threshold": -5}')
    assert repo.settings() == PartySettings()


def _activity(store: Store, day: date, hours: dict[str, float]) -> None:
    activity = PartyActivity(factories.uid(), "环境整治", day, area_code=factories.VILLAGE)
    parts = [
        ActivityParticipation(factories.uid(), activity.id, member, spent, points=spent)
        for member, spent in hours.items()
    ]
    with store.write("test activity") as cap:
        insert_records(cap, "party_activity", [activity])
        insert_records(cap, "activity_participation", parts)


def test_the_roster_shows_each_member_s_report_and_the_year_s_hours(
    store: Store, zhang: HouseholdBundle
) -> None:
    repo = PartyRepository(store)
    a, b, c = (
        repo.add_member(linked(p.id_number, joined_date=date(2016, 7, 1)), today=TODAY)
        for p in zhang.members
    )
    idle = repo.add_member(typed(), today=TODAY)  # never reported
    for member in (a, b, c):
        repo.report(member.id, "2025-06-01", today=TODAY)
    repo.cancel_report(c.id, "2026-02-01", "搬离", today=TODAY)
    _activity(store, date(2025, 12, 31), {a.id: 8.0, idle.id: 4.0})  # last year
    _activity(store, date(2026, 1, 1), {a.id: 6.0, c.id: 2.0})
    _activity(store, date(2026, 12, 31), {a.id: 4.0})
    roster = {row["name"]: row for row in repo.roster(2026)}
    assert (roster[a.name]["activities"], roster[a.name]["hours"]) == (2, 10.0)
    assert (roster[b.name]["activities"], roster[b.name]["hours"]) == (0, 0.0)
    assert (roster[c.name]["report_status"], roster[c.name]["cancel_date"]) == (
        "cancelled",
        "2026-02-01",
    )
    assert (roster[a.name]["report_status"], roster[a.name]["report_date"]) == (
        "active",
        "2025-06-01",
    )
    assert roster[idle.name]["report_status"] == "" and roster[idle.name]["hours"] == 0.0
    assert roster[idle.name]["linked"] is False and roster[a.name]["linked"] is True
