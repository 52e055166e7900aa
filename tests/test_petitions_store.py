"""Registering petitions (登记): rows, numbers, checks — a real SQLCipher store."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gridapp.models.errors import ValidationError
from gridapp.models.petition import Petition, Petitioner
from gridapp.models.petition_metrics import ALL_GRIDS
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from tests import factories

TODAY = date(2026, 11, 20)


def petition(**fields: Any) -> Petition:
    values: dict[str, Any] = {
        "id": factories.uid(),
        "reg_no": "",
        "reg_date": date(2026, 11, 18),
        "channel": "visit",
        "kind": "claim",
        "summary": "宅基地边界纠纷",
        "content": "与邻居因宅基地边界发生纠纷，请求村委会调解。",
    }
    values.update(fields)
    return Petition(**values)


def typed(name: str = "赵六", **fields: Any) -> Petitioner:
    return Petitioner(id=factories.uid(), petition_id="", name=name, **fields)


@pytest.fixture
def zhang(store: Store) -> factories.HouseholdBundle:
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle, today=TODAY)
    return bundle


def counts(store: Store) -> tuple[int, ...]:
    tables = ("petition", "petition_petitioner", "petition_progress", "outbox", "audit_log")
    return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def test_register_a_petition_of_a_registered_person_and_a_name_typed_in(
    store: Store, zhang: factories.HouseholdBundle
) -> None:
    repo = PetitionRepository(store)
    head = zhang.members[0]
    audits = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    saved = repo.register(
        petition(headcount=2),
        [Petitioner(factories.uid(), "", "", person_id=head.id), typed(phone="13907921234")],
        today=TODAY,
    )
    prefix = store.device_prefix()
    assert saved.reg_no == f"{prefix}-2026-000001"
    assert (saved.status, saved.grid_code, saved.area_code) == (
        "registered",
        head.grid_code,
        head.area_code,
    )
    again = repo.by_reg_no(saved.reg_no)
    assert again is not None and again.summary == "宅基地边界纠纷"
    people = repo.petitioners(saved.id)
    assert [(p.name, p.is_primary) for p in people] == [(head.name, True), ("赵六", False)]
    assert people[0].id_number == head.id_number and people[0].address == zhang.household.address
    [step] = repo.progress(saved.id)
    assert (step.action, step.action_date, step.actor) == (
        "register",
        date(2026, 11, 18),
        store.user_id,
    )
    outbox = {
        r[0]
        for r in store.conn.execute("SELECT DISTINCT tbl FROM outbox WHERE tbl LIKE 'petition%'")
    }
    assert outbox == {"petition", "petition_petitioner", "petition_progress"}
    assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audits + 1


def test_numbers_follow_on_and_are_never_reused(store: Store) -> None:
    repo = PetitionRepository(store)
    first = repo.register(petition(), [typed()], today=TODAY)
    second = repo.register(petition(), [typed()], today=TODAY)
    assert int(second.reg_no[-6:]) == int(first.reg_no[-6:]) + 1
    # A number already used by data loaded from elsewhere with this prefix is skipped past.
    prefix = store.device_prefix()
    repo.register(petition(reg_no=f"{prefix}-2026-000050"), [typed()], today=TODAY)
    assert repo.register(petition(), [typed()], today=TODAY).reg_no.endswith("-000051")
    # A deleted petition's number is not handed out again.
    store.conn.execute("UPDATE petition SET deleted = 1 WHERE reg_no LIKE '%-000051'")
    assert repo.register(petition(), [typed()], today=TODAY).reg_no.endswith("-000052")
    # A new year starts again at 1.
    other = repo.register(petition(reg_date=date(2025, 12, 30)), [typed()], today=TODAY)
    assert other.reg_no == f"{prefix}-2025-000001"


def test_two_offline_pcs_never_hand_out_the_same_number(tmp_path: Any) -> None:
    numbers = []
    for name in ("pc1", "pc2"):
        with Store.open(tmp_path / name, create=True) as pc:
            numbers.append(
                PetitionRepository(pc).register(petition(), [typed()], today=TODAY).reg_no
            )
    assert numbers[0] != numbers[1]
    assert numbers[0].split("-")[1:] == numbers[1].split("-")[1:]  # only the prefix differs


@pytest.mark.parametrize(
    ("fields", "people", "field"),
    [
        ({}, [], "petitioners"),
        ({"headcount": 30}, [typed(f"代表{i}") for i in range(6)], "petitioners"),
        ({"headcount": 1}, [typed("甲"), typed("乙")], "headcount"),
        ({"channel": "carrier pigeon"}, None, "channel"),
        ({"kind": ""}, None, "kind"),
        ({"summary": "  "}, None, "summary"),
        ({"reg_date": date(2027, 1, 1)}, None, "reg_date"),
        ({"is_repeat": True, "repeat_count": 0}, None, "repeat_count"),
        ({}, [typed(id_number="360423199001011235")], "petitioners[0].id_number"),
        ({}, [typed(phone="12345")], "petitioners[0].phone"),
        ({}, [typed("\x07响铃")], "petitioners[0].name"),
        ({}, [typed(is_primary=True), typed("钱七", is_primary=True)], "petitioners"),
    ],
)
def test_bad_registration_names_the_field_and_saves_nothing(
    store: Store, fields: dict[str, Any], people: list[Petitioner] | None, field: str
) -> None:
    repo = PetitionRepository(store)
    before = counts(store)
    with pytest.raises(ValidationError) as info:
        repo.register(petition(**fields), [typed()] if people is None else people, today=TODAY)
    messages = info.value.messages()
    assert messages.get(field)
    assert counts(store) == before


def test_a_group_visit_message_is_chinese(store: Store) -> None:
    with pytest.raises(ValidationError) as info:
        PetitionRepository(store).register(
            petition(headcount=40), [typed(f"代表{i}") for i in range(6)], today=TODAY
        )
    assert "5" in info.value.messages()["petitioners"]
    assert "代表" in info.value.messages()["petitioners"]


def test_a_used_number_and_a_deleted_person_are_refused(
    store: Store, zhang: factories.HouseholdBundle
) -> None:
    repo = PetitionRepository(store)
    saved = repo.register(petition(), [typed()], today=TODAY)
    before = counts(store)
    with pytest.raises(ValidationError):
        repo.register(petition(reg_no=saved.reg_no), [typed()], today=TODAY)
    with pytest.raises(ValidationError):
        repo.register(
            petition(), [Petitioner(factories.uid(), "", "", person_id="nobody")], today=TODAY
        )
    assert counts(store) == before


def test_one_petition_through_the_workflow_keeps_every_step(store: Store) -> None:
    """登记 → 受理告知 → 办理 → 延期 → 答复 → 回访 (满意) → 办结: each step one user action with
    its progress entry and the old and new values in the outbox; a refused step changes
    nothing."""
    import json as json_

    repo = PetitionRepository(store)
    saved = repo.register(petition(reg_date=date(2026, 9, 1)), [typed()], today=TODAY)
    assert saved.due_date == date(2026, 9, 16)  # 受理告知 within 15 日
    steps: list[tuple[str, dict[str, Any], date]] = [
        ("accept", {"method": "书面"}, date(2026, 9, 5)),
        ("handle", {"handler": "王书记"}, date(2026, 9, 6)),
        (
            "extend",
            {
                "approver": "李主任",
                "until": "2026-12-04",
                "reason": "需现场测量",
                "told_date": "2026-10-20",
            },
            date(2026, 10, 20),
        ),
        ("reply", {"decision": "支持", "text": "已协调修复", "method": "当面"}, date(2026, 11, 10)),
        ("callback", {"satisfaction": "满意"}, date(2026, 11, 15)),
        ("close", {}, date(2026, 11, 16)),
    ]
    for action, values, on in steps:
        repo.advance(saved.id, action, values, on=on)
    done = repo.get(saved.id)
    assert done.status == "closed" and done.closed_date == date(2026, 11, 16)
    assert done.accepted_date == date(2026, 9, 5) and done.extended_until == date(2026, 12, 4)
    assert (done.decision, done.satisfaction) == ("support", "satisfied")
    progress = repo.progress(saved.id)
    assert [p.action for p in progress] == ["register"] + [a for a, _v, _o in steps]
    assert json_.loads(progress[3].detail)["approver"] == "李主任"
    changes = [
        json_.loads(r[0])
        for r in store.conn.execute(
            "SELECT changes FROM outbox WHERE tbl = 'petition' AND op = 'update'"
            " ORDER BY device_seq"
        )
    ]
    assert changes[0]["status"] == {"old": "registered", "new": "accepted"}
    assert repo.deadlines(done).handle_by == date(2026, 12, 4)

    before = counts(store)
    with pytest.raises(ValidationError) as info:
        repo.advance(
            saved.id, "reply", {"decision": "支持", "text": "再答复", "method": "当面"}, on=TODAY
        )
    assert info.value.messages()
    assert counts(store) == before and repo.get(saved.id).status == "closed"


def test_a_step_the_role_may_not_take_is_refused(store: Store) -> None:
    repo = PetitionRepository(store)
    saved = repo.register(petition(), [typed()], today=TODAY)
    with pytest.raises(ValidationError) as info:
        repo.advance(
            saved.id,
            "reject",
            {"reason": "不属于本级", "method": "书面"},
            on=TODAY,
            role="grid_worker",
        )
    assert "网格员" in " ".join(info.value.messages().values())
    assert repo.get(saved.id).status == "registered"


def test_metrics_read_from_petitions_walked_through_the_workflow(store: Store) -> None:
    """Three September petitions: one answered in full, one refused, one never answered."""
    repo = PetitionRepository(store)
    done = repo.register(petition(reg_date=date(2026, 9, 1)), [typed()], today=TODAY)
    for action, values, on in [
        ("accept", {"method": "书面"}, date(2026, 9, 3)),
        ("reply", {"decision": "支持", "text": "已修复", "method": "当面"}, date(2026, 9, 20)),
        ("callback", {"satisfaction": "基本满意"}, date(2026, 9, 25)),
    ]:
        repo.advance(done.id, action, values, on=on)
    refused = repo.register(petition(reg_date=date(2026, 9, 2)), [typed()], today=TODAY)
    repo.advance(
        refused.id, "reject", {"reason": "已在办理中", "method": "书面"}, on=date(2026, 9, 4)
    )
    repo.register(
        petition(reg_date=date(2026, 9, 3), is_repeat=True, repeat_count=2), [typed()], today=TODAY
    )
    m = repo.metrics("2026-09", TODAY)[ALL_GRIDS]
    assert (m.registered, m.repeat, m.responded) == (3, 1, 2)
    assert (m.notify_due, m.notified_in_time) == (3, 2)  # all three due within 15 日
    assert (m.replied, m.resolved, m.rated, m.basic) == (1, 1, 1, 1)
    assert m.overdue == 1  # the one never answered: due Sep 18
    assert m.satisfaction_rate == 1.0


def test_calendar_notes_tell_what_the_deadlines_rest_on(store: Store) -> None:
    """A year the holiday table does not hold within the longest running period, and a county
    file that cannot be read, are said in Chinese; a covered stretch says nothing."""
    from gridapp.models.workdays import override_table_path

    repo = PetitionRepository(store)
    assert repo.calendar_notes(date(2026, 3, 1)) == []  # to mid-June 2026: in the table
    [late] = repo.calendar_notes(date(2026, 12, 1))  # reaches into 2027
    assert "2027" in late and "节假日" in late
    path = override_table_path(store.data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json", "utf-8")
    notes = PetitionRepository(store).calendar_notes(date(2026, 3, 1))
    assert len(notes) == 1 and str(path.name) in notes[0]


# --- 更正登记信息 --------------------------------------------------------------------------------


def test_a_correction_is_saved_with_its_history_and_outbox(store: Store) -> None:
    """A typo in 诉求概况 and a wrong 信访形式: one user action, the changed fields with old
    and new values in the outbox, a progress entry with each change and the reason."""
    import json as json_

    repo = PetitionRepository(store)
    saved = repo.register(petition(summary="宅基地边介纠纷"), [typed()], today=TODAY)
    audits = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    fixed = repo.correct(
        saved.id,
        {"summary": " 宅基地边界纠纷 ", "channel": "来信", "kind": "claim", "headcount": "1"},
        on=TODAY,
        reason="登记时录错",
    )
    assert (fixed.summary, fixed.channel, fixed.kind) == ("宅基地边界纠纷", "letter", "claim")
    assert fixed.status == saved.status and fixed.due_date == saved.due_date
    assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audits + 1
    entry = repo.progress(saved.id)[-1]
    assert (entry.action, entry.action_date) == ("correct", TODAY)
    assert json_.loads(entry.detail) == {
        "summary": {"old": "宅基地边介纠纷", "new": "宅基地边界纠纷"},
        "channel": {"old": "visit", "new": "letter"},
        "reason": "登记时录错",
    }
    (changes,) = [
        json_.loads(r[0])
        for r in store.conn.execute(
            "SELECT changes FROM outbox WHERE tbl = 'petition' AND op = 'update'"
        )
    ]
    assert changes == {
        "summary": {"old": "宅基地边介纠纷", "new": "宅基地边界纠纷"},
        "channel": {"old": "visit", "new": "letter"},
    }
    # Unticking 重复信访 drops its count.
    repeat = repo.register(petition(is_repeat=True, repeat_count=3), [typed()], today=TODAY)
    again = repo.correct(repeat.id, {"is_repeat": "否"}, on=TODAY, reason="首次来访")
    assert (again.is_repeat, again.repeat_count) == (False, 0)


@pytest.mark.parametrize(
    ("values", "reason", "field"),
    [
        ({"channel": "飞鸽传书"}, "录错", "channel"),
        ({"summary": ""}, "录错", "summary"),
        ({"headcount": "1"}, "录错", "headcount"),  # two petitioners are named
        ({"is_repeat": True, "repeat_count": "1"}, "录错", "repeat_count"),
        ({"reg_date": "2026-11-17"}, "录错", "reg_date"),
        ({"status": "closed"}, "录错", "status"),
        ({"summary": "宅基地边界纠纷（更正）"}, "  ", "reason"),
        ({"summary": "宅基地边界纠纷", "headcount": 2}, "录错", "values"),  # nothing changes
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(
    store: Store, values: dict[str, Any], reason: str, field: str
) -> None:
    repo = PetitionRepository(store)
    saved = repo.register(petition(headcount=2), [typed(), typed("钱七")], today=TODAY)
    before = counts(store)
    with pytest.raises(ValidationError) as info:
        repo.correct(saved.id, values, on=TODAY, reason=reason)
    messages = info.value.messages()
    assert messages.get(field), messages
    named = messages[field].replace(field, "")  # an unknown field is named as it was given
    assert not any(c.isascii() and c.isalpha() for c in named), messages[field]
    assert counts(store) == before
    assert repo.get(saved.id) == saved


def test_a_closed_petition_cannot_be_corrected(store: Store) -> None:
    repo = PetitionRepository(store)
    saved = repo.register(petition(), [typed()], today=TODAY)
    closed = repo.advance(
        saved.id, "reject", {"reason": "不属于信访事项", "method": "书面"}, on=TODAY
    )
    before = counts(store)
    with pytest.raises(ValidationError) as info:
        repo.correct(saved.id, {"summary": "改过的概况"}, on=TODAY, reason="录错")
    assert "不予受理" in info.value.messages()["status"]
    assert counts(store) == before and repo.get(saved.id) == closed
