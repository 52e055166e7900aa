"""党员双报到 service: posts and claims, activities with hours and points, feedback, against a
real store. Every refusal says why in Chinese and changes nothing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from gridapp.models.errors import ValidationError
from gridapp.models.party import PartyActivity, PartyMember, PartyOrg, PartyReport, ServicePost
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.households import new_id
from gridapp.store.party import PartyRepository
from gridapp.store.party_service import (
    Participant,
    ServiceRepository,
    member_record,
    parse_period,
    rules,
    split_tokens,
)
from tests import factories

TODAY = date(2026, 11, 20)
TABLES = (
    "service_post",
    "post_claim",
    "party_activity",
    "activity_participation",
    "party_feedback",
    "outbox",
    "audit_log",
)


def counts(store: Store) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def add_member(
    store: Store,
    name: str,
    *,
    reported: date | None = date(2026, 1, 5),
    cancelled: date | None = None,
    born: date = date(1985, 3, 1),
) -> PartyMember:
    member = PartyMember(
        new_id(),
        factories.id_number(born, male=True),
        name,
        work_unit="县财政局",
        party_org="县财政局机关党支部",
        area_code=factories.VILLAGE,
    )
    with store.write("test member") as cap:
        insert_records(cap, "party_member", [member])
        if reported is not None:
            report = PartyReport(
                new_id(),
                member.id,
                reported,
                factories.VILLAGE,
                status="cancelled" if cancelled else "active",
                cancel_date=cancelled,
                cancel_reason="工作调动" if cancelled else "",
            )
            insert_records(cap, "party_report", [report])
    return member


def add_org(store: Store, name: str, status: str = "active") -> PartyOrg:
    org = PartyOrg(new_id(), name, contact="李主任", status=status)
    with store.write("test org") as cap:
        insert_records(cap, "party_org", [org])
    return org


def post(name: str = "治安巡逻岗", planned: int = 2, **fields: Any) -> ServicePost:
    values: dict[str, Any] = {"category": "治安巡逻", **fields}
    return ServicePost(new_id(), name, planned=planned, **values)


def activity(day: date | str = date(2026, 11, 10), **fields: Any) -> PartyActivity:
    values: dict[str, Any] = {"place": "村委会", "organiser": "社区党委", **fields}
    return PartyActivity(new_id(), values.pop("theme", "清理楼道杂物"), day, **values)  # type: ignore[arg-type]


def refused(call: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        call(*args, **kwargs)
    return info.value.messages()


@pytest.fixture
def repo(store: Store) -> ServiceRepository:
    return ServiceRepository(store)


# --- posts and claims ------------------------------------------------------------------------


def test_a_post_is_saved_with_its_category_code_and_kind(repo: ServiceRepository) -> None:
    saved = repo.add_post(post(kind="项目", planned="3", phone="13907921234"), TODAY)
    assert (saved.category, saved.kind, saved.planned) == ("safety", "project", 3)
    assert repo.find_post("治安巡逻岗") == saved
    assert repo.find_post(saved.id) == saved


def test_a_bad_post_names_every_problem_and_saves_nothing(
    store: Store, repo: ServiceRepository
) -> None:
    before = counts(store)
    errors = refused(repo.add_post, post(name="", category="跳舞", kind="活动", planned=0), TODAY)
    assert set(errors) == {"name", "category", "kind", "planned"}
    assert "跳舞" in errors["category"] and "岗位" in errors["kind"]
    assert counts(store) == before


def test_members_and_units_claim_until_the_post_is_full(
    store: Store, repo: ServiceRepository
) -> None:
    saved = repo.add_post(post(planned=2), TODAY)
    wang = add_member(store, "王建国")
    li = add_member(store, "李红梅")
    unit = add_org(store, "县财政局机关党支部")
    repo.claim(saved.name, member=wang.id_number, on=date(2026, 3, 1), today=TODAY)
    repo.claim(saved.name, org=unit.name, today=TODAY)
    before = counts(store)
    errors = refused(repo.claim, saved.name, member="李红梅", today=TODAY)
    assert "已满" in errors["post"] and "2" in errors["post"]
    assert counts(store) == before
    board = repo.board()
    assert [(r.post.name, r.claimed, r.planned, r.who) for r in board] == [
        ("治安巡逻岗", 2, 2, ["王建国", "县财政局机关党支部"])
    ]
    # a member claims several posts (many-to-many)
    other = repo.add_post(post("法律咨询岗", category="法律咨询", planned=5), TODAY)
    repo.claim(other.id, member=wang.id, today=TODAY)
    repo.claim(other.id, member=li.id, today=TODAY)
    assert {c.post_id for c in repo.claims(member_id=wang.id)} == {saved.id, other.id}


def test_a_second_claim_an_unknown_or_cancelled_member_is_refused(
    store: Store, repo: ServiceRepository
) -> None:
    saved = repo.add_post(post(planned=5), TODAY)
    wang = add_member(store, "王建国")
    gone = add_member(store, "赵离开", cancelled=date(2026, 6, 30))
    unit = add_org(store, "县水利局党支部")
    closed = add_org(store, "已撤销单位党支部", status="cancelled")
    repo.claim(saved.id, member=wang.id, today=TODAY)
    repo.claim(saved.id, org=unit.id, today=TODAY)
    before = counts(store)
    assert "已认领" in refused(repo.claim, saved.id, member=wang.id_number, today=TODAY)["post"]
    assert "已认领" in refused(repo.claim, saved.id, org=unit.name, today=TODAY)["post"]
    assert "查无" in refused(repo.claim, saved.id, member="不存在", today=TODAY)["member"]
    message = refused(repo.claim, saved.id, member=gone.id, today=TODAY)["member"]
    assert "注销" in message and "2026-06-30" in message
    assert "注销" in refused(repo.claim, saved.id, org=closed.id, today=TODAY)["org"]
    assert "post" in refused(repo.claim, "没有这个岗", member=wang.id, today=TODAY)
    assert "claimant" in refused(repo.claim, saved.id, today=TODAY)
    assert "claimant" in refused(repo.claim, saved.id, member=wang.id, org=unit.id, today=TODAY)
    future = refused(repo.claim, saved.id, member="王建国", on=date(2026, 12, 1), today=TODAY)
    assert "晚于今天" in future["claim_date"]
    assert counts(store) == before


def test_withdrawing_keeps_the_claim_and_frees_the_place(
    store: Store, repo: ServiceRepository
) -> None:
    saved = repo.add_post(post(planned=1), TODAY)
    wang = add_member(store, "王建国")
    li = add_member(store, "李红梅")
    claim = repo.claim(saved.id, member=wang.id, today=TODAY)
    withdrawn = repo.withdraw(saved.id, member=wang.id_number)
    assert withdrawn.id == claim.id and withdrawn.status == "withdrawn"
    history = repo.claims(post_id=saved.id, active_only=False)
    assert [(c.member_id, c.status) for c in history] == [(wang.id, "withdrawn")]
    change = store.conn.execute(
        "SELECT changes FROM outbox WHERE tbl = 'post_claim' AND op = 'update'"
    ).fetchone()[0]
    assert json.loads(change) == {"status": {"old": "active", "new": "withdrawn"}}
    repo.claim(saved.id, member=li.id, today=TODAY)  # the place is free again
    before = counts(store)
    assert "未认领" in refused(repo.withdraw, saved.id, member=wang.id)["post"]
    assert counts(store) == before
    assert repo.board()[0].who == ["李红梅"]


# --- activities ------------------------------------------------------------------------------


def test_an_activity_and_its_participants_are_one_action(
    store: Store, repo: ServiceRepository
) -> None:
    PartyRepository(store).set_settings(
        rules.PartySettings.from_settings({"points_per_hour": 2.0, "activity_bonus": 1})
    )
    patrol = repo.add_post(post(), TODAY)
    wang = add_member(store, "王建国")
    li = add_member(store, "李红梅")
    audits = counts(store)["audit_log"]
    saved = repo.add_activity(
        activity(post_id=patrol.name),
        [
            Participant(wang.id_number.lower(), "2.5", "巡逻", "很满意"),
            Participant("李红梅", 3, "登记", "满意", points=10),
        ],
        TODAY,
    )
    assert counts(store)["audit_log"] == audits + 1
    assert repo.get_activity(saved.id).post_id == patrol.id
    parts = {p.member_id: p for p in repo.participations(saved.id)}
    assert (parts[wang.id].hours, parts[wang.id].points) == (2.5, 6.0)  # 2 an hour + 1
    assert (parts[li.id].hours, parts[li.id].points) == (3.0, 10.0)  # given
    assert parts[wang.id].evaluation == "很满意"


@pytest.mark.parametrize("hours", [-1, 0, 25, 0.1, "一小时", None])
def test_bad_hours_refuse_the_whole_activity(
    store: Store, repo: ServiceRepository, hours: Any
) -> None:
    wang = add_member(store, "王建国")
    li = add_member(store, "李红梅")
    before = counts(store)
    errors = refused(
        repo.add_activity,
        activity(),
        [Participant(wang.id, 2), Participant(li.id, hours)],
        TODAY,
    )
    assert list(errors) == ["participants[1].hours"]
    assert counts(store) == before


def test_an_activity_is_refused_for_every_bad_input_at_once(
    store: Store, repo: ServiceRepository
) -> None:
    wang = add_member(store, "王建国")
    before = counts(store)
    errors = refused(
        repo.add_activity,
        activity(date(2026, 11, 21), theme=""),
        [
            Participant(wang.id, 2),
            Participant(wang.id_number, 1),
            Participant("查无此人", 1),
            Participant(wang.id, 1, points=-3),
        ],
        TODAY,
    )
    assert "晚于今天" in errors["activity_date"]
    assert "theme" in errors
    assert "已参加" in errors["participants[1].member"]
    assert "查无此人" in errors["participants[2].member"]
    assert "participants[3].points" in errors
    assert "participants" in refused(repo.add_activity, activity(), [], TODAY)
    assert counts(store) == before


def test_a_cancelled_member_still_counts_for_activities_before_the_cancellation(
    store: Store, repo: ServiceRepository
) -> None:
    gone = add_member(store, "赵离开", cancelled=date(2026, 6, 30))
    saved = repo.add_activity(activity(date(2026, 6, 30)), [Participant(gone.id, 2)], TODAY)
    assert [p.member_id for p in repo.participations(saved.id)] == [gone.id]
    before = counts(store)
    errors = refused(
        repo.add_activity, activity(date(2026, 7, 1)), [Participant("赵离开", 2)], TODAY
    )
    assert errors == {"participants[0].member": "赵离开 已于 2026-06-30 注销报到。"}
    assert counts(store) == before


def test_a_sign_in_list_typed_fast_adds_everyone_or_no_one(
    store: Store, repo: ServiceRepository
) -> None:
    wang = add_member(store, "王建国")
    li = add_member(store, "李红梅")
    zhao = add_member(store, "赵六")
    saved = repo.add_activity(activity(), [Participant(wang.id, 2)], TODAY)
    before = counts(store)
    typed = f"李红梅、 张不在，{zhao.id_number.lower()}\n王某某"
    errors = refused(repo.quick_add, saved.id, typed, 2)
    assert errors == {
        "participants[1].member": "党员名册中查无“张不在”。",
        "participants[3].member": "党员名册中查无“王某某”。",
    }
    assert counts(store) == before
    assert "已参加" in refused(repo.quick_add, saved.id, ["王建国"], 2)["participants[0].member"]
    added = repo.quick_add(saved.id, f"李红梅,{zhao.id_number}", "1.5", "清扫")
    assert {p.member_id for p in added} == {li.id, zhao.id}
    assert len(repo.participations(saved.id)) == 3
    assert counts(store)["audit_log"] == before["audit_log"] + 1
    assert "activity" in refused(repo.quick_add, "nope", ["李红梅"], 1)


def test_a_name_two_members_share_needs_the_id_number(
    store: Store, repo: ServiceRepository
) -> None:
    first = add_member(store, "王芳")
    add_member(store, "王芳", born=date(1990, 5, 5))
    saved = repo.add_activity(activity(), [Participant(first.id_number, 1)], TODAY)
    errors = refused(repo.quick_add, saved.id, "王芳", 1)
    assert "身份证" in errors["participants[0].member"]


def test_split_tokens_reads_a_typed_list() -> None:
    assert split_tokens("王建国、李红梅，赵六;  钱七\n孙八,") == [
        "王建国",
        "李红梅",
        "赵六",
        "钱七",
        "孙八",
    ]


# --- totals and feedback ---------------------------------------------------------------------


def record(repo: ServiceRepository, member: PartyMember, day: date, hours: float) -> None:
    repo.add_activity(activity(day), [Participant(member.id, hours)], TODAY)


def test_totals_split_at_period_boundaries_and_in_leap_years(
    store: Store, repo: ServiceRepository
) -> None:
    wang = add_member(store, "王建国", reported=date(2023, 1, 1))
    record(repo, wang, date(2024, 2, 29), 2)  # a leap day
    record(repo, wang, date(2024, 3, 31), 3)  # last day of Q1
    record(repo, wang, date(2024, 4, 1), 4)  # first day of Q2
    record(repo, wang, date(2024, 6, 30), 1)
    record(repo, wang, date(2024, 7, 1), 5)
    record(repo, wang, date(2024, 12, 31), 6)
    record(repo, wang, date(2025, 1, 1), 7)
    expect = {
        "2024Q1": (2, 5.0),
        "2024Q2": (2, 5.0),
        "2024Q3": (1, 5.0),
        "2024Q4": (1, 6.0),
        "2024H1": (4, 10.0),
        "2024H2": (2, 11.0),
        "2024": (6, 21.0),
        "2025Q1": (1, 7.0),
    }
    for code, (count, hours) in expect.items():
        totals = repo.totals(wang.id, parse_period(code))
        assert (totals.activities, totals.hours, totals.points) == (count, hours, hours), code
    assert [p.code() for p, _ in repo.period_totals(wang.id)] == [
        "2024Q1",
        "2024Q2",
        "2024Q3",
        "2024Q4",
        "2025Q1",
    ]


def test_feedback_is_saved_once_per_member_and_period_and_updated_after(
    store: Store, repo: ServiceRepository
) -> None:
    wang = add_member(store, "王建国")
    saved_post = repo.add_post(post(), TODAY)
    repo.claim(saved_post.id, member=wang.id, today=TODAY)
    record(repo, wang, date(2026, 7, 3), 2)
    record(repo, wang, date(2026, 9, 30), 3)
    record(repo, wang, date(2026, 10, 1), 8)  # next quarter
    sheet = repo.feedback_sheet(wang.id_number, "2026Q3", TODAY)
    assert (sheet.activities, sheet.hours, sheet.points, sheet.saved) == (2, 5.0, 5.0, None)
    assert sheet.posts == ["治安巡逻岗"] and sheet.report_date == date(2026, 1, 5)
    first = repo.save_feedback(
        wang.id, "2026q3", rating="良好", signer="社区党委 刘书记", today=TODAY
    )
    assert (first.rating, first.signed_date, first.activities, first.hours) == (
        "good",
        TODAY,
        2,
        5.0,
    )
    record(repo, wang, date(2026, 8, 15), 4)  # recorded late
    second = repo.save_feedback(
        wang.id,
        "2026Q3",
        rating="优秀",
        signer="社区党委 刘书记",
        signed_date="2026-11-19",
        opinion="积极参加",
        today=TODAY,
    )
    assert second.id == first.id
    assert (second.rating, second.activities, second.hours) == ("excellent", 3, 9.0)
    rows = store.query("SELECT * FROM party_feedback WHERE member_id = ?", (wang.id,))
    assert len(rows) == 1
    change = store.conn.execute(
        "SELECT changes FROM outbox WHERE tbl = 'party_feedback' AND op = 'update'"
    ).fetchone()[0]
    changes = json.loads(change)
    assert changes["rating"] == {"old": "good", "new": "excellent"}
    assert changes["hours"] == {"old": 5.0, "new": 9.0}
    assert repo.feedback_sheet(wang.id, "2026Q3", TODAY).saved == second
    # the default period is the settings' (a quarter unless changed)
    assert repo.feedback_sheet(wang.id, today=TODAY).period == "2026Q4"
    PartyRepository(store).set_settings(
        rules.PartySettings.from_settings({"feedback_period": "half"})
    )
    assert repo.feedback_sheet(wang.id, today=TODAY).period == "2026H2"


def test_bad_feedback_changes_nothing(store: Store, repo: ServiceRepository) -> None:
    wang = add_member(store, "王建国")
    before = counts(store)
    errors = refused(
        repo.save_feedback,
        "查无此人",
        "2026Q5",
        rating="特优",
        signer="",
        signed_date="2026-12-01",
        today=TODAY,
    )
    assert set(errors) == {"member", "period", "rating", "signer", "signed_date"}
    assert "2026Q3" in errors["period"]
    ahead = refused(repo.save_feedback, wang.id, "2027", rating="合格", signer="刘", today=TODAY)
    assert ahead["period"] == "期间 2027 尚未开始。"
    assert counts(store) == before


def test_below_threshold_lists_members_in_service_that_year(
    store: Store, repo: ServiceRepository
) -> None:
    PartyRepository(store).set_settings(
        rules.PartySettings.from_settings({"yearly_hours_threshold": 10})
    )
    busy = add_member(store, "勤快", reported=date(2025, 3, 1))
    some = add_member(store, "一般", reported=date(2025, 3, 1))
    idle = add_member(store, "没参加", reported=date(2025, 3, 1))
    add_member(store, "明年报到", reported=date(2026, 2, 1))
    add_member(store, "早已注销", reported=date(2023, 1, 1), cancelled=date(2024, 12, 1))
    late = add_member(store, "年中注销", reported=date(2024, 1, 1), cancelled=date(2025, 7, 1))
    add_member(store, "未报到", reported=None)
    record(repo, busy, date(2025, 5, 1), 6)
    record(repo, busy, date(2025, 12, 31), 4)  # 10 hours: the threshold is met
    record(repo, busy, date(2026, 1, 1), 4)
    record(repo, some, date(2025, 6, 1), 9.5)
    record(repo, some, date(2024, 12, 31), 5)  # another year
    rows = repo.below_threshold(2025)
    assert [(r.member.name, r.hours) for r in rows] == [
        ("年中注销", 0.0),
        ("没参加", 0.0),
        ("一般", 9.5),
    ]
    assert {r.threshold for r in rows} == {10.0}
    assert idle.id in {r.member.id for r in rows} and late.id in {r.member.id for r in rows}


def test_member_record_holds_claims_activities_and_totals(
    store: Store, repo: ServiceRepository
) -> None:
    wang = add_member(store, "王建国")
    saved_post = repo.add_post(post(), TODAY)
    repo.claim(saved_post.id, member=wang.id, today=TODAY)
    repo.withdraw(saved_post.id, member=wang.id)
    record(repo, wang, date(2026, 3, 31), 2)
    record(repo, wang, date(2026, 4, 1), 3)
    data = member_record(store, wang.id)
    assert [(c["post"], c["status"]) for c in data["claims"]] == [("治安巡逻岗", "withdrawn")]
    assert [a["date"] for a in data["activities"]] == ["2026-04-01", "2026-03-31"]
    assert [(t["period"], t["hours"]) for t in data["totals"]] == [
        ("2026Q1", 2.0),
        ("2026Q2", 3.0),
    ]
    json.dumps(data, ensure_ascii=False)


def test_parse_period_accepts_the_three_kinds() -> None:
    assert parse_period(" 2026q3 ").code() == "2026Q3"
    assert parse_period("２０２６H1").kind == rules.PeriodKind.HALF
    assert parse_period("2026").kind == rules.PeriodKind.YEAR
    for bad in ("2026Q0", "26Q1", "2026-07", ""):
        with pytest.raises(ValidationError):
            parse_period(bad)
