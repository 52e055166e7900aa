"""The 诉求信访 workflow (《信访工作条例》 2022): every step from every state by every role, the
values each step needs, its deadlines, and who may see a petition."""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridapp.demo.load import load_demo
from gridapp.models import petition_flow as flow
from gridapp.models.deadlines import DeadlinePolicy, max_extension
from gridapp.models.errors import ValidationError
from gridapp.models.fields import MSG_REQUIRED
from gridapp.models.petition import STATUSES, Petition
from gridapp.models.workdays import DayRule
from gridapp.store.db import Store
from gridapp.store.rows import from_row

POLICY = DeadlinePolicy()  # 日 = calendar days, the official holiday table
WORKING = DeadlinePolicy(DayRule.WORKING)
D0 = date(2026, 3, 2)  # a Monday, no holiday near

# The table of docs/petition-workflow.md, written out independently of the module:
# action -> (from states, roles, only the side holding the petition, resulting state).
ALL = ("grid_worker", "secretary", "township", "county", "department")
OFFICES = ("secretary", "township", "county", "department")
EXPECTED: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool, str]] = {
    "accept": (("registered", "transferred", "objected"), ALL, True, "accepted"),
    "reject": (
        ("registered", "transferred", "objected"),
        ("secretary", "township", "county"),
        True,
        "rejected",
    ),
    "transfer": (
        ("registered", "transferred", "objected"),
        ("grid_worker", "secretary", "township", "county"),
        True,
        "transferred",
    ),
    "object": (("transferred",), OFFICES, True, "objected"),
    "handle": (("accepted",), ALL, True, "in_progress"),
    "extend": (("accepted", "in_progress"), OFFICES, True, "extended"),
    "reply": (("accepted", "in_progress", "extended"), OFFICES, True, "replied"),
    "callback": (("replied", "called_back"), ALL, False, "called_back"),
    "close": (("called_back", "review_answered"), OFFICES, True, "closed"),
    "review_request": (("replied", "called_back", "closed"), ALL, False, "review"),
    "review_answer": (("review",), ("township", "county"), False, "review_answered"),
    "recheck_request": (("review_answered", "closed"), ALL, False, "recheck"),
    "recheck_answer": (("recheck",), ("county",), False, "recheck_answered"),
    "conclude": (("recheck_answered",), ("township", "county"), False, "concluded"),
}
SIDE = {
    "grid_worker": "village",
    "secretary": "village",
    "township": "township",
    "county": "county",
    "department": "department",
}
OFFICE_OF = {"village": "secretary", "township": "township", "county": "county"}
OFFICE_OF["department"] = "department"
WINDOW_MESSAGES = {
    flow.MSG_OBJECTION_LATE,
    flow.MSG_REVIEW_LATE,
    flow.MSG_RECHECK_LATE,
    flow.MSG_EXTENSION_EXPIRED,
}


# --- building petitions through the flow ----------------------------------------


def new_petition(side: str = "village", kind: str = "claim", **fields: Any) -> Petition:
    level = "county" if side == "department" else side
    petition = Petition(
        id="p1",
        reg_no="T001-2026-000001",
        reg_date=D0,
        channel="visit",
        kind=kind,
        summary="宅基地边界纠纷",
        content="与邻居因宅基地边界发生纠纷，请求调解。",
        holder=side,
        level=level,
        **fields,
    )
    return dataclasses.replace(petition, **flow.register_updates(petition, POLICY))


def role_for(petition: Petition, action: str) -> str:
    """A role that may take ``action`` on ``petition`` (the holder's, where that matters)."""
    _sources, roles, holder_only, _target = EXPECTED[action]
    if holder_only:
        return next(r for r in roles if SIDE[r] == petition.holder)
    return roles[-1] if action in ("review_answer", "conclude") else roles[0]


def transfer_target(petition: Petition) -> dict[str, str]:
    if petition.holder == "village":
        return {"to": "township", "unit": "石泉镇综治中心"}
    if petition.holder == "township":
        return {"to": "department", "unit": "县人力资源和社会保障局", "level": "county"}
    return {"to": "township", "unit": "石泉镇人民政府"}


def valid_values(petition: Petition, action: str, on: date) -> dict[str, Any]:
    if action == "accept":
        return {"method": "written"}
    if action == "reject":
        return {"reason": "同一事项已在县信访局办理中", "method": "written"}
    if action == "transfer":
        return transfer_target(petition)
    if action == "object":
        return {"reason": "不属本单位职权范围"}
    if action == "extend":
        due = flow.handle_by(petition, POLICY)
        assert due is not None
        return {
            "approver": "王书记",
            "until": due + timedelta(days=10),
            "reason": "需会同自然资源所现场勘界",
            "told_date": on,
        }
    if action == "reply":
        return {"decision": "support", "text": "经调解双方同意按原界址划分。", "method": "written"}
    if action == "callback":
        return {"satisfaction": "satisfied"}
    if action == "review_request":
        return {"organ": "县信访局"}
    if action == "review_answer":
        return {"decision": "explain", "text": "维持原处理意见。"}
    if action == "recheck_request":
        return {"organ": "市信访局"}
    if action == "recheck_answer":
        return {"decision": "reject", "text": "复核维持。"}
    return {}


def step(
    petition: Petition,
    action: str,
    values: dict[str, Any] | None = None,
    *,
    role: str | None = None,
    on: date | None = None,
    policy: DeadlinePolicy = POLICY,
) -> Petition:
    on = on or flow.last_step(petition) + timedelta(days=1)
    values = valid_values(petition, action, on) if values is None else values
    result = flow.advance(
        petition,
        action,
        values,
        actor="测试员",
        role=role or role_for(petition, action),
        on=on,
        policy=policy,
    )
    return flow.apply(petition, result)


def through(petition: Petition, *actions: str) -> Petition:
    for action in actions:
        petition = step(petition, action)
    return petition


@functools.cache
def reach(state: str, side: str) -> Petition:
    """A petition in ``state`` held by ``side`` where the flow allows that (else a near one)."""
    if state == "registered":
        return new_petition(side)
    if state == "transferred":
        start = "township" if side == "village" else "village"
        p = new_petition(start)
        to = {"to": side, "unit": f"{side} 承办单位"}
        if side == "department":
            to["level"] = "township"
        return step(p, "transfer", to)
    if state == "objected":
        sender = side if side != "department" else "village"
        return step(step(new_petition(sender), "transfer"), "object")
    if state == "rejected":
        return step(new_petition(side if side != "department" else "county"), "reject")
    accepted = step(new_petition(side), "accept")
    paths = {
        "accepted": (),
        "in_progress": ("handle",),
        "extended": ("handle", "extend"),
        "replied": ("reply",),
        "called_back": ("reply", "callback"),
        "closed": ("reply", "callback", "close"),
        "review": ("reply", "review_request"),
        "review_answered": ("reply", "review_request", "review_answer"),
        "recheck": ("reply", "review_request", "review_answer", "recheck_request"),
        "recheck_answered": (
            "reply",
            "review_request",
            "review_answer",
            "recheck_request",
            "recheck_answer",
        ),
        "concluded": (
            "reply",
            "review_request",
            "review_answer",
            "recheck_request",
            "recheck_answer",
            "conclude",
        ),
    }
    return through(accepted, *paths[state])


def guard_allows(action: str, p: Petition) -> bool:
    if action == "extend":
        return p.extended_until is None
    if action == "callback":
        return not (p.status == "called_back" and p.satisfaction)
    if action == "review_request":
        return p.review_request_date is None
    if action == "recheck_request":
        return p.review_answer_date is not None and p.recheck_request_date is None
    return True


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    """Field -> English source message of the first error per field."""
    out: dict[str, str] = {}
    for error in exc.value.errors:
        out.setdefault(error.field, error.message)
    return out


# --- the table ----------------------------------------


def test_the_table_is_the_documented_one() -> None:
    assert set(flow.ACTIONS) == set(EXPECTED)
    for action, (sources, roles, holder_only, target) in EXPECTED.items():
        rule = flow.RULES[action]
        assert (set(rule.sources), set(rule.roles), rule.holder_only, rule.target) == (
            set(sources),
            set(roles),
            holder_only,
            target,
        ), action
    assert set(flow.STATUS_LABELS) == set(STATUSES)
    assert set(flow.ROLES) == set(ALL)


@pytest.mark.parametrize("state", STATUSES)
def test_every_state_can_be_reached_and_is_consistent(state: str) -> None:
    for side in flow.SIDES:
        petition = reach(state, side)
        assert petition.status == state
        assert flow.consistency_errors(petition) == []


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("state", STATUSES)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_every_step_from_every_state_by_every_role(action: str, state: str, role: str) -> None:
    petition = reach(state, SIDE[role])
    sources, roles, holder_only, target = EXPECTED[action]
    allowed = (
        state in sources
        and role in roles
        and (not holder_only or SIDE[role] == petition.holder)
        and guard_allows(action, petition)
    )
    assert (action in flow.allowed_actions(petition, role)) == allowed
    before = copy.deepcopy(petition)
    on = flow.last_step(petition) + timedelta(days=1)
    values = valid_values(petition, action, on) if state in sources else {}
    if allowed:
        result = flow.advance(
            petition, action, values, actor="测试员", role=role, on=on, policy=POLICY
        )
        assert result.status == target == result.updates["status"]
        assert result.updates["last_step_date"] == on
        assert result.detail["action"] == action and result.detail["role"] == role
        after = flow.apply(petition, result)
        assert flow.consistency_errors(after) == []
    else:
        with pytest.raises(ValidationError) as exc:
            flow.advance(petition, action, values, actor="测试员", role=role, on=on, policy=POLICY)
        assert set(errors_of(exc)) <= {"status", "role"}
    assert petition == before


def test_refusals_say_why() -> None:
    registered = reach("registered", "village")
    with pytest.raises(ValidationError) as exc:
        step(registered, "reply", role="secretary")  # a reply before acceptance
    assert errors_of(exc) == {"status": flow.MSG_NOT_FROM_STATUS}
    assert exc.value.messages()["status"] == "“答复”不能在信访事项处于“登记（待受理）”时进行。"
    with pytest.raises(ValidationError) as exc:
        step(registered, "reject", {"reason": "x", "method": "written"}, role="grid_worker")
    assert errors_of(exc) == {"role": flow.MSG_ROLE_MAY_NOT}
    assert exc.value.messages()["role"] == "网格员不能进行“不予受理”。"
    with pytest.raises(ValidationError) as exc:
        step(registered, "accept", role="township")  # the village holds it
    assert errors_of(exc) == {"role": flow.MSG_NOT_HOLDER}
    assert "村（社区）" in exc.value.messages()["role"]
    with pytest.raises(ValidationError) as exc:
        step(registered, "fly", {}, role="secretary")
    assert errors_of(exc) == {"action": flow.MSG_UNKNOWN_ACTION}
    with pytest.raises(ValidationError) as exc:
        step(registered, "accept", role="mayor")
    assert errors_of(exc) == {"role": flow.MSG_UNKNOWN_ROLE}
    assert flow.allowed_actions(registered, "mayor") == []


def test_allowed_actions_for_the_buttons() -> None:
    registered = reach("registered", "village")
    assert flow.allowed_actions(registered, "grid_worker") == ["accept", "transfer"]
    assert flow.allowed_actions(registered, "secretary") == ["accept", "reject", "transfer"]
    assert flow.allowed_actions(registered, "township") == []
    transferred = reach("transferred", "department")
    assert flow.allowed_actions(transferred, "department") == ["accept", "object"]
    replied = reach("replied", "township")
    assert flow.allowed_actions(replied, "grid_worker") == ["callback", "review_request"]
    closed = reach("closed", "village")
    assert flow.allowed_actions(closed, "grid_worker") == ["review_request"]


# --- values ----------------------------------------

REQUIRED = [(action, name) for action in flow.ACTIONS for name in flow.RULES[action].required]


@pytest.mark.parametrize(("action", "name"), REQUIRED)
def test_every_required_value(action: str, name: str) -> None:
    state = EXPECTED[action][0][0]
    petition = reach(state, "township")
    on = flow.last_step(petition) + timedelta(days=1)
    values = valid_values(petition, action, on)
    for missing in ({k: v for k, v in values.items() if k != name}, {**values, name: "  "}):
        with pytest.raises(ValidationError) as exc:
            flow.advance(
                petition,
                action,
                missing,
                actor="测试员",
                role=role_for(petition, action),
                on=on,
                policy=POLICY,
            )
        assert errors_of(exc)[name] == MSG_REQUIRED


def test_every_problem_is_reported_at_once() -> None:
    accepted = reach("accepted", "village")
    with pytest.raises(ValidationError) as exc:
        step(accepted, "reply", {"decision": "好", "method": "飞鸽", "colour": "red"})
    assert set(errors_of(exc)) == {"decision", "method", "text", "colour"}


def test_codes_and_labels_are_both_understood() -> None:
    accepted = reach("accepted", "village")
    replied = step(
        accepted, "reply", {"decision": "不予支持", "text": "依法不予支持。", "method": "当面"}
    )
    assert (replied.decision, replied.reply_method) == ("reject", "in_person")
    called = step(replied, "callback", {"satisfaction": "基本满意", "reached": "是"})
    assert called.satisfaction == "basic"
    mediation = step(
        accepted, "reply", {"decision": "调解协议", "text": "达成调解协议。", "method": "书面"}
    )
    assert mediation.decision == "mediation"


def test_text_limits() -> None:
    accepted = reach("accepted", "village")
    with pytest.raises(ValidationError) as exc:
        step(accepted, "reply", {"decision": "support", "text": "字" * 2001, "method": "written"})
    assert errors_of(exc) == {"text": "Too long: at most {max} characters."}


# --- routing: 转送/交办, 上报, 异议 ----------------------------------------


def test_escalation_village_to_township_to_county_department_and_back() -> None:
    p = new_petition("village")
    assert p.due_date == date(2026, 3, 17)  # 受理告知 15 日 from registration
    up = step(p, "transfer", {"to": "乡镇", "unit": "石泉镇综治中心"}, role="grid_worker")
    assert (up.status, up.holder, up.level, up.handling_unit) == (
        "transferred",
        "township",
        "township",
        "石泉镇综治中心",
    )
    assert (up.transferred_from, up.transfer_date) == ("village", date(2026, 3, 3))
    assert up.due_date == date(2026, 3, 18)  # the receiver tells the petitioner in 15 日
    result = flow.advance(
        up,
        "transfer",
        {"to": "department", "unit": "县人社局", "level": "county"},
        actor="镇综治中心",
        role="township",
        on=date(2026, 3, 4),
        policy=POLICY,
    )
    assert result.detail["direction"] == "up"
    assert result.detail["objection_by"] == "2026-03-11"  # 5 working days
    assigned = flow.apply(up, result)
    assert (assigned.holder, assigned.level, assigned.transferred_from) == (
        "department",
        "county",
        "township",
    )
    objected = step(assigned, "object", {"reason": "属劳动仲裁范围"}, role="department")
    assert (objected.status, objected.holder, objected.level) == (
        "objected",
        "township",
        "township",
    )
    assert objected.handling_unit == ""
    # the township decides again: this time it handles the petition itself
    accepted = step(objected, "accept", {"method": "written", "unit": "石泉镇信访办"})
    assert (accepted.status, accepted.handling_unit) == ("accepted", "石泉镇信访办")
    down = step(new_petition("county"), "transfer", {"to": "village", "unit": "石泉村委会"})
    assert (down.holder, down.level) == ("village", "village")
    assert flow.allowed_actions(down, "grid_worker") == ["accept", "transfer"]


def test_transfer_values() -> None:
    p = new_petition("township", handling_unit="石泉镇综治中心")
    with pytest.raises(ValidationError) as exc:
        step(p, "transfer", {"to": "department", "unit": "县人社局"})
    assert errors_of(exc) == {"level": MSG_REQUIRED}
    with pytest.raises(ValidationError) as exc:
        step(p, "transfer", {"to": "county", "unit": "县信访局", "level": "township"})
    assert errors_of(exc) == {"level": flow.MSG_LEVEL_NOT_FOR_SIDE}
    with pytest.raises(ValidationError) as exc:
        step(p, "transfer", {"to": "township", "unit": "石泉镇综治中心"})
    assert errors_of(exc) == {"unit": flow.MSG_SAME_UNIT}
    with pytest.raises(ValidationError) as exc:
        step(p, "transfer", {"to": "province", "unit": "省信访局"})
    assert errors_of(exc) == {"to": flow.MSG_BAD_CHOICE}
    assert "乡镇（街道）" in exc.value.messages()["to"]
    across = step(p, "transfer", {"to": "township", "unit": "东岗镇人民政府"})
    assert across.holder == "township"
    with pytest.raises(ValidationError):
        step(p, "transfer", {"to": "department", "unit": "村卫生室", "level": "village"})


def test_objection_within_five_working_days_over_the_spring_festival() -> None:
    # Transferred Thursday 2026-02-12: the 5 working days are 2-13, Saturday 2-14 (a make-up
    # working day), then 2-24, 2-25, 2-26 after the holiday.
    p = dataclasses.replace(new_petition("village"), reg_date=date(2026, 2, 10))
    p = dataclasses.replace(p, **flow.register_updates(p, POLICY))
    sent = step(p, "transfer", {"to": "township", "unit": "石泉镇综治中心"}, on=date(2026, 2, 12))
    assert flow.objection_by(sent, POLICY) == date(2026, 2, 26)
    objected = step(sent, "object", {"reason": "不属本镇"}, on=date(2026, 2, 26))
    assert objected.status == "objected"
    with pytest.raises(ValidationError) as exc:
        step(sent, "object", {"reason": "不属本镇"}, on=date(2026, 2, 27))
    assert errors_of(exc) == {"on": flow.MSG_OBJECTION_LATE}
    assert exc.value.messages()["on"] == (
        "异议已超过期限：最迟可在 2026-02-26 提出（信访事项于 2026-02-12 送达后 5 个工作日内）。"
    )
    # the county's rule for 日 does not change 工作日
    assert flow.objection_by(sent, WORKING) == date(2026, 2, 26)


# --- 办理, 延期, 答复 ----------------------------------------


def test_acceptance_sets_the_handling_deadline() -> None:
    accepted = step(
        reach("registered", "village"), "accept", {"method": "当面", "handler": "李主任"}
    )
    assert accepted.accepted_date == date(2026, 3, 3)
    # 60 日 end on 2026-05-02, inside the 劳动节 holiday (5-1 .. 5-5): the first working day after
    assert accepted.due_date == date(2026, 5, 6) == POLICY.add(date(2026, 3, 3), 60)
    assert accepted.handler == "李主任"
    worked = step(reach("registered", "village"), "accept", on=date(2026, 3, 3), policy=WORKING)
    assert worked.due_date == WORKING.add(date(2026, 3, 3), 60) > accepted.due_date


def test_an_extension_at_most_thirty_days_beyond_the_due_date() -> None:
    handling = reach("in_progress", "village")
    due = flow.handle_by(handling, POLICY)
    assert due == handling.due_date
    latest = max_extension(POLICY, due)
    assert latest == POLICY.add(due, 30)
    base = {"approver": "王书记", "reason": "需现场勘界", "told_date": date(2026, 3, 5)}
    extended = step(handling, "extend", {**base, "until": latest}, on=date(2026, 3, 5))
    assert (extended.status, extended.extended_until, extended.due_date) == (
        "extended",
        latest,
        latest,
    )
    assert extended.extension_reason == "需现场勘界"
    assert flow.handle_by(extended, POLICY) == latest
    with pytest.raises(ValidationError) as exc:
        step(handling, "extend", {**base, "until": latest + timedelta(days=1)}, on=date(2026, 3, 5))
    assert errors_of(exc) == {"until": flow.MSG_EXTENSION_TOO_LONG}
    assert latest.isoformat() in exc.value.messages()["until"]
    with pytest.raises(ValidationError) as exc:
        step(handling, "extend", {**base, "until": due}, on=date(2026, 3, 5))
    assert errors_of(exc) == {"until": flow.MSG_EXTENSION_NOT_LATER}
    # the reason must have been told, on or before the step, after the acceptance
    with pytest.raises(ValidationError) as exc:
        step(
            handling,
            "extend",
            {**base, "until": latest, "told_date": date(2026, 3, 6)},
            on=date(2026, 3, 5),
        )
    assert errors_of(exc) == {"told_date": flow.MSG_AFTER_STEP}
    with pytest.raises(ValidationError) as exc:
        step(
            handling,
            "extend",
            {**base, "until": latest, "told_date": date(2026, 3, 2)},
            on=date(2026, 3, 5),
        )
    assert errors_of(exc) == {"told_date": flow.MSG_BEFORE_ACCEPTANCE}
    # a lapsed period cannot be extended; an extension is granted once
    with pytest.raises(ValidationError) as exc:
        step(handling, "extend", {**base, "until": latest}, on=due + timedelta(days=1))
    assert errors_of(exc) == {"on": flow.MSG_EXTENSION_EXPIRED}
    on_due = step(handling, "extend", {**base, "until": latest}, on=due)
    assert on_due.status == "extended"
    with pytest.raises(ValidationError) as exc:
        step(extended, "extend", {**base, "until": latest}, on=date(2026, 3, 6))
    assert "status" in errors_of(exc)
    # only an office approves: the grid worker may not extend
    with pytest.raises(ValidationError) as exc:
        step(handling, "extend", {**base, "until": latest}, role="grid_worker", on=date(2026, 3, 5))
    assert errors_of(exc) == {"role": flow.MSG_ROLE_MAY_NOT}


def test_an_extension_counted_in_working_days() -> None:
    handling = step(reach("registered", "village"), "accept", policy=WORKING)
    due = flow.handle_by(handling, WORKING)
    latest = WORKING.add(due, 30)
    values = {"approver": "王书记", "reason": "复杂", "told_date": date(2026, 3, 4)}
    ok = step(handling, "extend", {**values, "until": latest}, on=date(2026, 3, 4), policy=WORKING)
    assert ok.extended_until == latest
    with pytest.raises(ValidationError):
        step(
            handling,
            "extend",
            {**values, "until": latest + timedelta(days=1)},
            on=date(2026, 3, 4),
            policy=WORKING,
        )


def test_a_reply_records_the_decision_and_whether_it_was_in_time() -> None:
    accepted = reach("accepted", "village")
    on_the_day = step(accepted, "reply", on=date(2026, 5, 6), role="secretary")
    assert on_the_day.reply_date == date(2026, 5, 6)
    result = flow.advance(
        accepted,
        "reply",
        {"decision": "support", "text": "同意补发。", "method": "written"},
        actor="王书记",
        role="secretary",
        on=date(2026, 5, 7),
        policy=POLICY,
    )
    assert result.detail["in_time"] is False  # due 2026-05-06
    assert result.detail["handle_by"] == "2026-05-06"
    assert result.detail["review_request_by"] == "2026-06-08"  # 6-6 is a Saturday
    replied = flow.apply(accepted, result)
    assert (replied.reply_date, replied.decision, replied.reply_text, replied.reply_method) == (
        date(2026, 5, 7),
        "support",
        "同意补发。",
        "written",
    )


# --- 回访, 办结 ----------------------------------------


def test_callback_with_satisfaction_or_a_reason_for_not_reaching() -> None:
    replied = reach("replied", "village")
    with pytest.raises(ValidationError) as exc:
        step(replied, "callback", {})
    assert errors_of(exc) == {"satisfaction": MSG_REQUIRED}
    with pytest.raises(ValidationError) as exc:
        step(replied, "callback", {"reached": False, "satisfaction": "satisfied"})
    assert errors_of(exc) == {"satisfaction": flow.MSG_SATISFACTION_NEEDS_CONTACT}
    with pytest.raises(ValidationError) as exc:
        step(replied, "callback", {"reached": "否"})
    assert errors_of(exc) == {"note": flow.MSG_NOTE_WHY_UNREACHED}
    missed = step(replied, "callback", {"reached": "否", "note": "电话无人接听"})
    assert (missed.status, missed.satisfaction) == ("called_back", "")
    assert "callback" in flow.allowed_actions(missed, "grid_worker")  # try again
    reached = step(missed, "callback", {"satisfaction": "不满意"})
    assert reached.satisfaction == "unsatisfied"
    assert "callback" not in flow.allowed_actions(reached, "grid_worker")
    closed = step(reached, "close", role="secretary")
    assert (closed.status, closed.closed_date) == ("closed", reached.callback_date + timedelta(1))


# --- 复查, 复核, 终结 ----------------------------------------


def test_review_request_within_thirty_days_of_the_reply() -> None:
    replied = reach("replied", "village")
    deadline = POLICY.add(replied.reply_date, 30)  # type: ignore[arg-type]
    review = step(replied, "review_request", {"organ": "石泉镇人民政府"}, on=deadline)
    assert (review.status, review.review_request_date) == ("review", deadline)
    assert review.due_date == POLICY.add(deadline, 30)  # the 复查意见 is due
    with pytest.raises(ValidationError) as exc:
        step(replied, "review_request", {"organ": "石泉镇人民政府"}, on=deadline + timedelta(1))
    assert errors_of(exc) == {"on": flow.MSG_REVIEW_LATE}
    message = exc.value.messages()["on"]
    assert deadline.isoformat() in message and "复查" in message
    # a closed petition can still be reviewed in time; a second review cannot
    closed = reach("closed", "village")
    reviewed = step(closed, "review_request", {"organ": "石泉镇人民政府"})
    assert reviewed.status == "review"
    answered = step(reviewed, "review_answer", role="township")
    closed_again = step(answered, "close", role="secretary")
    assert flow.allowed_actions(closed_again, "grid_worker") == ["recheck_request"]


def test_recheck_request_within_thirty_days_of_the_review_answer() -> None:
    answered = reach("review_answered", "village")
    deadline = POLICY.add(answered.review_answer_date, 30)  # type: ignore[arg-type]
    recheck = step(answered, "recheck_request", {"organ": "县信访局"}, on=deadline)
    assert recheck.status == "recheck"
    with pytest.raises(ValidationError) as exc:
        step(answered, "recheck_request", {"organ": "县信访局"}, on=deadline + timedelta(1))
    assert errors_of(exc) == {"on": flow.MSG_RECHECK_LATE}
    assert deadline.isoformat() in exc.value.messages()["on"]
    # a recheck needs a review answer
    with pytest.raises(ValidationError) as exc:
        step(reach("closed", "village"), "recheck_request", {"organ": "县信访局"})
    assert errors_of(exc) == {"status": flow.MSG_RECHECK_NEEDS_REVIEW}
    answered_recheck = step(recheck, "recheck_answer", role="county")
    concluded = step(answered_recheck, "conclude", role="county")
    assert (concluded.status, concluded.concluded_date) == ("concluded", concluded.last_step_date)
    assert all(flow.allowed_actions(concluded, role) == [] for role in ALL)


# --- dates ----------------------------------------


def test_dates_never_go_back() -> None:
    accepted = reach("accepted", "village")
    with pytest.raises(ValidationError) as exc:
        step(accepted, "handle", {}, on=accepted.accepted_date - timedelta(days=1))  # type: ignore[operator]
    assert errors_of(exc) == {"on": flow.MSG_BEFORE_PREVIOUS}
    handled = step(accepted, "handle", {}, on=date(2026, 3, 20))
    with pytest.raises(ValidationError) as exc:
        step(handled, "reply", on=date(2026, 3, 19))  # after acceptance, before 办理
    assert errors_of(exc) == {"on": flow.MSG_BEFORE_PREVIOUS}
    same_day = step(handled, "reply", on=date(2026, 3, 20))
    assert same_day.reply_date == date(2026, 3, 20)
    with pytest.raises(ValidationError):
        step(new_petition(), "accept", on=D0 - timedelta(days=1))  # before registration


def test_a_petition_without_a_step_date_starts_at_registration() -> None:
    legacy = dataclasses.replace(new_petition(), last_step_date=None)
    assert flow.last_step(legacy) == D0
    assert step(legacy, "accept", on=D0).accepted_date == D0


# --- random walks ----------------------------------------

DATE_FIELDS = (
    "reg_date",
    "accepted_date",
    "transfer_date",
    "reply_date",
    "callback_date",
    "closed_date",
    "review_request_date",
    "review_answer_date",
    "recheck_request_date",
    "recheck_answer_date",
    "concluded_date",
    "last_step_date",
)


def random_values(
    petition: Petition, action: str, on: date, policy: DeadlinePolicy, draw: Callable[..., Any]
) -> dict[str, Any]:
    if action == "transfer":
        to = draw(st.sampled_from([s for s in flow.SIDES if s != petition.holder]))
        values = {"to": to, "unit": draw(st.sampled_from(["甲单位", "乙单位", "丙单位"]))}
        if to == "department":
            values["level"] = draw(st.sampled_from(["township", "county"]))
        return values
    if action == "extend":
        due = flow.handle_by(petition, policy)
        assert due is not None and petition.accepted_date is not None
        latest = max_extension(policy, due)
        told = draw(st.integers(0, (on - petition.accepted_date).days))
        return {
            "approver": "王书记",
            "until": due + timedelta(days=draw(st.integers(1, (latest - due).days))),
            "reason": "情况复杂",
            "told_date": petition.accepted_date + timedelta(days=told),
        }
    if action in ("reply", "review_answer", "recheck_answer"):
        values = {
            "decision": draw(
                st.sampled_from(["support", "explain", "reject", "mediation", "settlement"])
            ),
            "text": "处理意见",
        }
        if action == "reply":
            values["method"] = draw(st.sampled_from(["written", "in_person", "phone"]))
        return values
    if action == "callback":
        if draw(st.booleans()):
            return {"satisfaction": draw(st.sampled_from(["satisfied", "basic", "unsatisfied"]))}
        return {"reached": False, "note": "联系不上"}
    return valid_values(petition, action, on)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_random_valid_walks_stay_consistent(data: st.DataObject) -> None:
    policy = data.draw(st.sampled_from([POLICY, WORKING]))
    petition = new_petition(
        data.draw(st.sampled_from(["village", "township", "county", "department"]))
    )
    for _ in range(data.draw(st.integers(1, 30))):
        role = data.draw(st.sampled_from(ALL))
        actions = flow.allowed_actions(petition, role)
        if not actions:
            continue
        action = data.draw(st.sampled_from(actions))
        on = flow.last_step(petition) + timedelta(days=data.draw(st.integers(0, 4)))
        values = random_values(petition, action, on, policy, data.draw)
        before = copy.deepcopy(petition)
        try:
            result = flow.advance(
                petition, action, values, actor="随机", role=role, on=on, policy=policy
            )
        except ValidationError as exc:
            assert {e.message for e in exc.errors} <= WINDOW_MESSAGES
            assert petition == before
            continue
        assert petition == before  # never mutated
        after = flow.apply(petition, result)
        assert after.status in STATUSES
        assert flow.consistency_errors(after) == [], (action, after)
        for name in DATE_FIELDS:  # dates never go backwards
            old, new = getattr(petition, name), getattr(after, name)
            if old is not None:
                assert new is not None and new >= old, name
        assert after.last_step_date == on >= flow.last_step(petition)
        petition = after


# --- consistency checks ----------------------------------------


def test_consistency_errors_find_broken_records() -> None:
    closed = reach("closed", "village")
    assert flow.consistency_errors(closed) == []
    broken = [
        dataclasses.replace(closed, status="finished"),
        dataclasses.replace(closed, closed_date=None),
        dataclasses.replace(closed, reply_date=None),
        dataclasses.replace(closed, accepted_date=closed.reply_date + timedelta(1)),  # type: ignore[operator]
        dataclasses.replace(closed, holder="township"),
        dataclasses.replace(closed, last_step_date=D0),
        dataclasses.replace(reach("registered", "village"), satisfaction="satisfied"),
        dataclasses.replace(reach("registered", "village"), accused_ids="p9"),
        dataclasses.replace(reach("rejected", "village"), reject_reason=""),
    ]
    for petition in broken:
        assert flow.consistency_errors(petition) != [], petition


def test_home_counts_use_the_workflow_states() -> None:
    from gridapp.store import home

    assert set(home.OPEN_PETITION_STATUSES) == set(flow.OPEN_STATUSES)
    assert set(home.CALLBACK_PETITION_STATUSES) == set(flow.CALLBACK_STATUSES)
    groups = (flow.OPEN_STATUSES, flow.CALLBACK_STATUSES, flow.DONE_STATUSES)
    assert all(set(a).isdisjoint(b) for a in groups for b in groups if a is not b)


# --- labels ----------------------------------------


def test_labels_are_chinese_by_default() -> None:
    assert flow.status_label("registered") == "登记（待受理）"
    assert flow.status_label("objected") == "异议退回"
    assert flow.status_label("concluded") == "终结"
    assert flow.action_label("accept") == "受理告知"
    assert flow.action_label("transfer") == "转送/交办"
    assert flow.action_label("review_request") == "复查申请"
    assert flow.action_label("register") == "登记"
    assert flow.role_label("secretary") == "社区书记"
    assert flow.status_label("closed", "en") == "Closed"
    assert flow.status_label("nonsense") == "nonsense"
    for code in STATUSES:
        assert not flow.status_label(code).isascii(), code
    for code in (*flow.ACTIONS, flow.REGISTER):
        assert not flow.action_label(code).isascii(), code
    for code in flow.ROLES:
        assert not flow.role_label(code).isascii(), code
    for code in flow.SIDES:
        assert not flow.side_label(code).isascii(), code


# --- confidentiality ----------------------------------------


def test_who_sees_a_petition() -> None:
    claim = reach("accepted", "village")
    for role in ("grid_worker", "secretary", "township", "county"):
        assert flow.visibility(claim, role) == flow.FULL, role
    assert flow.visibility(claim, "department") == flow.HIDDEN
    assigned = reach("accepted", "department")
    assert flow.visibility(assigned, "department") == flow.FULL
    public = dataclasses.replace(claim, confidential=False)
    assert flow.visibility(public, "department") == flow.Visibility(True, False)
    assert flow.visibility(claim, "mayor") == flow.HIDDEN


def test_the_accused_never_sees_an_accusation() -> None:
    accusation = dataclasses.replace(
        reach("accepted", "village"),
        kind="accusation",
        accused_ids=flow.join_person_ids(["person-9", " person-3", "person-9"]),
    )
    assert accusation.accused_ids == "person-3,person-9"
    assert flow.accused_person_ids(accusation) == {"person-3", "person-9"}
    assert flow.consistency_errors(accusation) == []
    # the village secretary handling it sees it — unless the secretary is the accused
    assert flow.visibility(accusation, "secretary", ["person-1"]) == flow.FULL
    assert flow.visibility(accusation, "secretary", ["person-9"]) == flow.HIDDEN
    assert flow.visibility(accusation, "county", ["person-3"]) == flow.HIDDEN
    assert flow.visibility(accusation, "county") == flow.FULL
    # grid workers, the township not holding it and departments see nothing
    assert flow.visibility(accusation, "grid_worker") == flow.HIDDEN
    assert flow.visibility(accusation, "township") == flow.HIDDEN
    assert flow.visibility(accusation, "department") == flow.HIDDEN
    assert not flow.may_reach_device(accusation, ["person-0", "person-9"])
    assert flow.may_reach_device(accusation, ["person-0"])
    assert flow.may_reach_device(reach("accepted", "village"), ["person-9"])


# --- the demo county ----------------------------------------------------------------------


def test_demo_petitions_are_in_reachable_states(store: Store) -> None:
    load_demo(store, 1500, seed=3, today=date(2026, 11, 1))
    petitions = [from_row(Petition, r) for r in store.query("SELECT * FROM petition")]
    assert len(petitions) > 20
    assert {p.status for p in petitions} >= {"registered", "accepted", "closed", "replied"}
    for petition in petitions:
        assert flow.consistency_errors(petition) == [], petition
        steps = store.query(
            "SELECT action, action_date FROM petition_progress WHERE petition_id = ?"
            " ORDER BY action_date, rowid",
            (petition.id,),
        )
        assert steps[0]["action"] == flow.REGISTER
        assert all(s["action"] in flow.ACTIONS for s in steps[1:])
        assert steps[-1]["action_date"] == petition.last_step_date.isoformat()  # type: ignore[union-attr]
