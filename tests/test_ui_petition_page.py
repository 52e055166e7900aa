"""The petition page and its step dialogs, over a real SQLCipher store: fields, petitioners,
deadlines and the timeline in Chinese; every offered step opens its dialog; a refused step
shows its message and changes nothing; confidentiality; attachments with thumbnails."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QFileDialog, QWidget
from shiboken6 import isValid

from gridapp.models import petition_flow
from gridapp.models.petition import Petition, Petitioner
from gridapp.store.attachments import AttachmentStore
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.petitions import ROLE_META, PetitionRepository
from gridapp.ui.context import UiContext
from gridapp.ui.dialogs.petition_step import DateField, StepDialog
from gridapp.ui.pages.petition import ImageViewer, PetitionPage
from gridapp.ui.petition_view import detail_label
from tests import factories
from tests.test_ui_forms import WAIT, add_places, type_text
from tests.test_ui_forms import changes as changes
from tests.test_ui_forms import ctx as ctx
from tests.test_ui_forms import window as window
from tests.test_ui_language import latin_words, texts_of

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise",
    "This plugin does not support grabbing",
    "This plugin does not support propagateSizeHints",
)
TODAY = date.today()
SUMMARY = "宅基地边界纠纷"
CONTENT = "与邻居因宅基地边界发生纠纷，请求村委会调解。"


# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture
def family(store: Store) -> HouseholdBundle:
    add_places(store)
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    return bundle


def register(store: Store, family: HouseholdBundle, **fields: Any) -> Petition:
    """张三丰 (registered) and 赵六 (typed in) petition, registered five days ago."""
    values: dict[str, Any] = {
        "id": factories.uid(),
        "reg_no": "",
        "reg_date": TODAY - timedelta(days=5),
        "channel": "visit",
        "kind": "claim",
        "category": "11",
        "summary": SUMMARY,
        "content": CONTENT,
        "headcount": 2,
        "problem_address": "石泉村3组",
    }
    values.update(fields)
    people = [
        Petitioner(factories.uid(), "", "", person_id=family.members[0].id, is_primary=True),
        Petitioner(factories.uid(), "", "赵六", phone="13907921234", address="石泉村5组"),
    ]
    return PetitionRepository(store).register(Petition(**values), people)


def advance(store: Store, petition: Petition, *steps: tuple[str, dict[str, Any]]) -> Petition:
    repo = PetitionRepository(store)
    for action, values in steps:
        petition = repo.advance(petition.id, action, values, on=TODAY)
    return petition


def set_role(store: Store, role: str) -> None:
    with store.transaction():
        store.set_meta(ROLE_META, role)


@pytest.fixture
def page(qtbot: Any, ctx: UiContext, window: QWidget) -> PetitionPage:
    widget = PetitionPage(ctx, window)
    widget.resize(1150, 720)
    widget.show()
    return widget


def opened(qtbot: Any, page: PetitionPage, petition_id: str) -> None:
    page.show_petition(petition_id)
    qtbot.waitUntil(
        lambda: page.view is not None and not page.loading and page.view.petition.id == petition_id,
        timeout=WAIT,
    )


def wait_status(qtbot: Any, page: PetitionPage, status: str) -> None:
    qtbot.waitUntil(
        lambda: page.view is not None and not page.loading and page.view.petition.status == status,
        timeout=WAIT,
    )


def open_dialog(qtbot: Any, page: PetitionPage, action: str) -> StepDialog:
    """Click the step's button (a real click) and wait for its dialog."""
    button = page.step_buttons[action]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, StepDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    return dialog


def choose(qtbot: Any, dialog: StepDialog, name: str, label: str) -> None:
    """Type a code's Chinese label into its box (as an input method commits it)."""
    combo = dialog.field(name).editor
    assert isinstance(combo, QComboBox)
    type_text(qtbot, combo, label)
    dialog.field(name).finished.emit()


def enter(qtbot: Any, dialog: StepDialog) -> None:
    """Enter in the dialog's first field saves (the save button is the default button)."""
    target = dialog.focusWidget() or dialog.field("on").editor
    qtbot.keyClick(target, Qt.Key.Key_Return)


def closed(dialog: QWidget) -> bool:
    """The dialog is gone (it deletes itself once closed) or at least hidden."""
    return not isValid(dialog) or not dialog.isVisible()


def progress_actions(store: Store, petition_id: str) -> list[str]:
    return [e.action for e in PetitionRepository(store).progress(petition_id)]


def deadline_texts(page: PetitionPage) -> list[tuple[str, str, str]]:
    return [(a.text(), b.text(), c.text()) for a, b, c in page.deadline_labels]


def timeline(page: PetitionPage) -> list[tuple[str, str]]:
    return [(card.title.text(), card.details.text()) for card in page.timeline_entries]


def words_outside_data(page: PetitionPage, store: Store) -> set[str]:
    numbers = {r["reg_no"] for r in store.query("SELECT reg_no FROM petition")}
    ids = {r["id_number"] for r in store.query("SELECT id_number FROM person")}
    return latin_words(texts_of(page), {store.user_id, *numbers, *ids})


# --- the page ----------------------------------------------------------------------------------


def test_page_shows_fields_petitioners_deadlines_and_timeline_in_chinese(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    petition = register(store, family, is_repeat=True, repeat_count=3)
    petition = advance(
        store, petition, ("accept", {"method": "written", "unit": "村委会", "note": "当面告知"})
    )
    opened(qtbot, page, petition.id)

    assert page.heading.text() == f"登记编号 {petition.reg_no} · 已受理（已告知）"
    due = PetitionRepository(store).deadlines(petition).handle_by
    assert due is not None
    assert f"还剩 {(due - TODAY).days} 天" in page.light_label.text()
    assert f"限办日期 {due.isoformat()}" in page.light_label.text()
    assert page.role_label.text() == "当前身份：社区书记"
    shown = {key: label.text() for key, label in page.field_values.items()}
    assert shown["channel"] == "来访"
    assert shown["kind"] == "申诉求决类"
    assert shown["category"] == "邻里纠纷"
    assert shown["repeat"] == "是（共 3 次）"
    assert shown["summary"] == SUMMARY
    assert shown["problem"] == "石泉村3组"
    assert shown["grid"] == "石泉村·第一网格"
    assert shown["holder"] == "村（社区）" and shown["handling_unit"] == "村委会"
    assert page.content_box.toPlainText() == CONTENT
    assert page.content_box.isReadOnly()
    assert page.outcome_values["accepted_date"].text() == TODAY.isoformat()

    model = page.petitioner_model
    cells = [[model.data(model.index(r, c)) for c in range(5)] for r in range(model.rowCount())]
    head = family.members[0]
    assert cells[0][0] == f"{head.name}（主信访人）"
    assert cells[0][1] == head.id_number[:6] + "********" + head.id_number[-4:]  # masked
    assert cells[0][3] == "是"
    assert cells[1][:4] == ["赵六", "", "139****1234", "否（手工填写）"]
    assert page.petitioners_group.title() == "信访人 (2)"

    rows = deadline_texts(page)
    assert [r[0] for r in rows] == ["受理告知（15 日）", "办理答复（60 日）"]
    assert rows[0][2] == "按期办理"
    assert rows[1] == ("办理答复（60 日）", due.isoformat(), f"● 还剩 {(due - TODAY).days} 天")

    entries = timeline(page)
    assert [title.split(" · ")[1] for title, _ in entries] == ["登记", "受理告知"]
    assert entries[1][0] == f"{TODAY.isoformat()} · 受理告知 · {store.user_id}（社区书记）"
    details = entries[1][1].splitlines()
    assert "告知方式：书面" in details
    assert "承办单位：村委会" in details
    assert "备注：当面告知" in details
    assert f"办理期限：{due.isoformat()}" in details
    assert "按期告知：是" in details
    assert not any(mark in entries[1][1] for mark in ("{", "}", '"', "method", "written"))

    assert set(page.step_buttons) == {"handle", "extend", "reply"}
    assert page.step_buttons["reply"].text() == "答复"
    assert words_outside_data(page, store) == set()


def test_every_detail_a_step_writes_has_a_chinese_label(store: Store) -> None:
    """No progress entry ever shows an English key: every key the steps write is labelled."""
    from gridapp.ui.petition_view import SKIPPED_KEYS

    written = {
        "reg_no",
        "channel",
        "method",
        "handler",
        "note",
        "unit",
        "handle_by",
        "notified_in_time",
        "reason",
        "to",
        "level",
        "from",
        "from_unit",
        "direction",
        "notify_by",
        "objection_by",
        "back_to",
        "decide_by",
        "approver",
        "until",
        "told_date",
        "previous_due",
        "decision",
        "text",
        "in_time",
        "review_request_by",
        "satisfaction",
        "reached",
        "organ",
        "request_by",
        "answer_by",
        "recheck_request_by",
    }
    for action in (*petition_flow.ACTIONS, "register"):
        for key in written - SKIPPED_KEYS:
            label = detail_label(action, key)
            assert label != key and not latin_words(iter([label]), set()), (action, key)


def test_a_linked_petitioner_opens_the_household(
    qtbot: Any, page: PetitionPage, ctx: UiContext, store: Store, family: HouseholdBundle
) -> None:
    petition = register(store, family)
    opened(qtbot, page, petition.id)
    table = page.petitioner_table
    table.setFocus(Qt.FocusReason.OtherFocusReason)
    table.selectRow(0)
    assert page.open_household_button.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert ctx.nav.calls[-1] == ("open_person", (family.members[0].id,))  # type: ignore[attr-defined]
    table.selectRow(1)  # 赵六 was typed in: no household to open
    assert not page.open_household_button.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert len(ctx.nav.calls) == 1  # type: ignore[attr-defined]
    table.selectRow(0)
    qtbot.mouseClick(page.open_household_button, Qt.MouseButton.LeftButton)
    assert ctx.nav.calls[-1] == ("open_person", (family.members[0].id,))  # type: ignore[attr-defined]


# --- every step opens its dialog ---------------------------------------------------------------

ROUTED = ("transfer", {"to": "township", "unit": "镇综治中心"})
ACCEPT = ("accept", {"method": "written"})
REPLY = ("reply", {"decision": "support", "text": "已处理。", "method": "written"})
CALLBACK = ("callback", {"satisfaction": "satisfied"})
REVIEW = ("review_request", {"organ": "镇政府"})
REVIEW_ANSWER = ("review_answer", {"decision": "support", "text": "维持原处理意见。"})
RECHECK = ("recheck_request", {"organ": "县政府"})
RECHECK_ANSWER = ("recheck_answer", {"decision": "support", "text": "维持。"})

# (steps taken as the secretary, then as this role) -> the page offers these steps
STATES: list[tuple[list[tuple[str, dict[str, Any]]], str, str, set[str]]] = [
    ([], "secretary", "registered", {"accept", "reject", "transfer"}),
    ([ROUTED], "township", "transferred", {"accept", "reject", "transfer", "object"}),
    ([ACCEPT], "secretary", "accepted", {"handle", "extend", "reply"}),
    ([ACCEPT, ("handle", {})], "secretary", "in_progress", {"extend", "reply"}),
    ([ACCEPT, REPLY], "secretary", "replied", {"callback", "review_request"}),
    ([ACCEPT, REPLY, CALLBACK], "secretary", "called_back", {"close", "review_request"}),
    ([ACCEPT, REPLY, REVIEW], "county", "review", {"review_answer"}),
    ([ACCEPT, REPLY, REVIEW, REVIEW_ANSWER], "county", "review_answered", set()),
    ([ACCEPT, REPLY, REVIEW, REVIEW_ANSWER, RECHECK], "county", "recheck", {"recheck_answer"}),
    (
        [ACCEPT, REPLY, REVIEW, REVIEW_ANSWER, RECHECK, RECHECK_ANSWER],
        "county",
        "recheck_answered",
        {"conclude"},
    ),
]


def reach(store: Store, family: HouseholdBundle, steps: list[tuple[str, dict[str, Any]]]) -> str:
    """A petition taken through ``steps`` with the role each step needs."""
    petition = register(store, family)
    repo = PetitionRepository(store)
    for action, values in steps:
        role = {"review_answer": "county", "recheck_answer": "county"}.get(action)
        petition = repo.advance(petition.id, action, values, on=TODAY, role=role)
    return petition.id


@pytest.mark.parametrize(("steps", "role", "status", "offered"), STATES)
def test_each_offered_step_opens_its_dialog(
    qtbot: Any,
    page: PetitionPage,
    store: Store,
    family: HouseholdBundle,
    steps: list[tuple[str, dict[str, Any]]],
    role: str,
    status: str,
    offered: set[str],
) -> None:
    petition_id = reach(store, family, steps)
    set_role(store, role)
    opened(qtbot, page, petition_id)
    assert page.view is not None and page.view.petition.status == status
    expected = set(petition_flow.allowed_actions(page.view.petition, role))
    assert offered <= expected == set(page.step_buttons)
    assert page.role_label.text() == f"当前身份：{petition_flow.role_label(role)}"
    if not expected:
        assert page.no_steps.text() == "本身份现在没有可办理的步骤。"
    for action in sorted(expected):
        dialog = open_dialog(qtbot, page, action)
        rule = petition_flow.RULES[action]
        assert dialog.windowTitle() == petition_flow.action_label(action)
        assert list(dialog.form.fields) == ["on", *rule.required, *rule.optional]
        on = dialog.field("on")
        assert isinstance(on, DateField) and on.raw() == TODAY  # a date editor, today
        for name in rule.required:
            if name not in ("until", "told_date", "reached"):
                assert dialog.form.labels[name] in dialog.save_button.text()  # 还缺：…
        for name, field in dialog.form.fields.items():
            spec = petition_flow.VALUE_SPECS.get(name)
            if spec is not None and spec.kind == "code":
                combo = field.editor
                assert isinstance(combo, QComboBox)
                labels = [combo.itemText(i) for i in range(combo.count())]
                assert all(not latin_words(iter([t]), set()) for t in labels), labels
        assert latin_words(texts_of(dialog), {page.view.petition.reg_no}) == set()
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)  # nothing typed
        qtbot.waitUntil(lambda d=dialog: closed(d), timeout=WAIT)
    assert progress_actions(store, petition_id)[1:] == [a for a, _ in steps]


def test_all_fourteen_steps_are_offered_somewhere() -> None:
    offered = set().union(*(case[3] for case in STATES)) | {"close", "recheck_request"}
    assert offered == set(petition_flow.ACTIONS)


# --- taking steps ------------------------------------------------------------------------------


def test_accept_checks_as_you_type_and_enter_saves(
    qtbot: Any,
    page: PetitionPage,
    ctx: UiContext,
    store: Store,
    family: HouseholdBundle,
    changes: list[Any],
) -> None:
    petition = register(store, family)
    opened(qtbot, page, petition.id)
    dialog = open_dialog(qtbot, page, "accept")
    assert dialog.save_button.text() == "还缺：告知方式"
    assert dialog.intro.text().startswith("受理后开始计算 60 日办理期限")
    choose(qtbot, dialog, "method", "书面")
    type_text(qtbot, dialog.field("handler").editor, "王书记")
    assert dialog.save_button.text() == "受理告知"
    enter(qtbot, dialog)
    wait_status(qtbot, page, "accepted")
    assert closed(dialog)
    row = store.query(
        "SELECT status, handler, accepted_date FROM petition WHERE id = ?", (petition.id,)
    )
    assert (row[0]["status"], row[0]["handler"], row[0]["accepted_date"]) == (
        "accepted",
        "王书记",
        TODAY.isoformat(),
    )
    entry = PetitionRepository(store).progress(petition.id)[-1]
    assert entry.action == "accept" and entry.action_date == TODAY
    assert json.loads(entry.detail)["method"] == "written"
    assert any(c is not None and c.touches("petition_progress") for c in changes)
    assert page.heading.text().endswith("已受理（已告知）")
    assert timeline(page)[-1][0].split(" · ")[1] == "受理告知"


def test_a_refused_value_shows_its_message_and_saves_nothing(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    petition = advance(store, register(store, family), ACCEPT)
    before = progress_actions(store, petition.id)
    opened(qtbot, page, petition.id)
    dialog = open_dialog(qtbot, page, "extend")
    until = dialog.field("until")
    assert isinstance(until, DateField)
    due = PetitionRepository(store).deadlines(petition).handle_by
    assert due is not None
    latest = PetitionRepository(store).policy().add(due, 30)
    assert until.raw() == latest  # the longest extension the rule allows
    assert f"最多延长 30 日（至 {latest.isoformat()}）" in dialog.intro.text()
    until.set_value(latest + timedelta(days=1))
    until.edited.emit()
    until.finished.emit()
    type_text(qtbot, dialog.field("approver").editor, "李主任")
    type_text(qtbot, dialog.field("reason").editor, "需协调镇国土所")
    message = dialog.field("until").message
    assert message.isVisible()
    assert message.text() == (
        f"延期不得超过当前期限 {due.isoformat()} 之后 30 日，最迟为 {latest.isoformat()}。"
    )
    assert dialog.save_button.text() == "请改正：延期至"
    enter(qtbot, dialog)
    qtbot.wait(100)
    assert dialog.isVisible()
    assert progress_actions(store, petition.id) == before
    assert PetitionRepository(store).get(petition.id).status == "accepted"
    # Fixed: the message goes, and the step is taken.
    until.set_value(due + timedelta(days=10))
    until.edited.emit()
    assert not message.isVisible()
    # Enter in a multi-line box is a new line; Ctrl+Enter saves there.
    reason = dialog.field("reason").editor
    reason.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_status(qtbot, page, "extended")
    saved = PetitionRepository(store).get(petition.id)
    assert saved.extended_until == due + timedelta(days=10) == saved.due_date
    assert saved.extension_reason == "需协调镇国土所"


def test_the_store_refuses_a_step_on_a_petition_changed_meanwhile(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    """The dialog was opened on a registered petition; before it is saved someone refuses the
    petition. The store's refusal is shown in Chinese and nothing more is written."""
    petition = register(store, family)
    opened(qtbot, page, petition.id)
    dialog = open_dialog(qtbot, page, "accept")
    choose(qtbot, dialog, "method", "当面")
    PetitionRepository(store).advance(
        petition.id, "reject", {"reason": "不属于信访事项", "method": "written"}, on=TODAY
    )
    enter(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.general.isVisible(), timeout=WAIT)
    assert dialog.general.text() == "“受理告知”不能在信访事项处于“不予受理”时进行。"
    assert dialog.isVisible()
    assert progress_actions(store, petition.id) == ["register", "reject"]
    assert PetitionRepository(store).get(petition.id).accepted_date is None


def test_a_step_date_before_the_previous_step_is_refused_at_the_date(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    petition = register(store, family)
    opened(qtbot, page, petition.id)
    dialog = open_dialog(qtbot, page, "accept")
    choose(qtbot, dialog, "method", "书面")
    on = dialog.field("on")
    assert isinstance(on, DateField)
    on.set_value(petition.reg_date - timedelta(days=1))
    on.edited.emit()
    on.finished.emit()
    assert on.message.isVisible()
    assert on.message.text() == (
        f"日期 {(petition.reg_date - timedelta(days=1)).isoformat()} 早于上一步骤"
        f"（{petition.reg_date.isoformat()}），日期不能倒退。"
    )
    assert dialog.save_button.text() == "请改正：日期"
    enter(qtbot, dialog)
    qtbot.wait(100)
    assert progress_actions(store, petition.id) == ["register"]
    dialog.close_without_asking()


def test_callback_without_reaching_the_petitioner_needs_a_note(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    petition = advance(store, register(store, family), ACCEPT, REPLY)
    opened(qtbot, page, petition.id)
    dialog = open_dialog(qtbot, page, "callback")
    reached = dialog.field("reached").editor
    assert isinstance(reached, QCheckBox) and reached.isChecked()
    assert dialog.save_button.text() == "还缺：满意度"
    reached.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(reached, Qt.Key.Key_Space)
    assert not reached.isChecked()
    assert not dialog.field("satisfaction").editor.isEnabled()
    assert dialog.save_button.text() == "还缺：备注"
    type_text(qtbot, dialog.field("note").editor, "电话无人接听")
    assert dialog.save_button.text() == "回访"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_status(qtbot, page, "called_back")
    saved = PetitionRepository(store).get(petition.id)
    assert (saved.satisfaction, saved.callback_date) == ("", TODAY)
    detail = json.loads(PetitionRepository(store).progress(petition.id)[-1].detail)
    assert detail["reached"] is False and detail["note"] == "电话无人接听"
    # Not reached: the call-back is offered again.
    assert "callback" in page.step_buttons
    assert "是否联系到信访人：否" in timeline(page)[-1][1]


def test_a_transfer_asks_for_a_level_only_for_a_department(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    petition = register(store, family)
    opened(qtbot, page, petition.id)
    dialog = open_dialog(qtbot, page, "transfer")
    to = dialog.field("to").editor
    level = dialog.field("level").editor
    assert isinstance(to, QComboBox) and isinstance(level, QComboBox)
    assert [to.itemText(i) for i in range(to.count())] == [
        "",
        "村（社区）",
        "乡镇（街道）",
        "县",
        "承办部门",
    ]
    assert not level.isEnabled()
    to.setCurrentIndex(to.findData("department"))
    assert level.isEnabled()
    type_text(qtbot, dialog.field("unit").editor, "县住建局")
    assert dialog.save_button.text() == "还缺：部门层级"
    level.setCurrentIndex(level.findData("county"))
    assert dialog.save_button.text() == "转送/交办"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_status(qtbot, page, "transferred")
    saved = PetitionRepository(store).get(petition.id)
    assert (saved.holder, saved.level, saved.handling_unit) == ("department", "county", "县住建局")
    assert "方向：上报" in timeline(page)[-1][1]
    assert page.step_buttons == {}  # the secretary no longer holds it
    assert page.no_steps.text() == "本身份现在没有可办理的步骤。"


def test_esc_with_something_typed_asks_first(
    qtbot: Any,
    page: PetitionPage,
    store: Store,
    family: HouseholdBundle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def question(*args: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    petition = register(store, family)
    opened(qtbot, page, petition.id)
    dialog = open_dialog(qtbot, page, "reject")
    type_text(qtbot, dialog.field("reason").editor, "不属于信访事项")
    qtbot.keyClick(dialog.field("reason").editor, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    dialog.close_without_asking()
    assert progress_actions(store, petition.id) == ["register"]


# --- confidentiality ---------------------------------------------------------------------------


def test_what_the_role_may_not_see_is_never_shown(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    """A 检举控告类 petition is not for a grid worker: 「内容保密」, never the text."""
    secret_summary = "举报村干部虚报冒领低保"
    petition = register(
        store,
        family,
        kind="accusation",
        summary=secret_summary,
        content="某某村干部将低保名额分给亲属",
        problem_address="村委会",
    )
    petition = advance(
        store, petition, ("accept", {"method": "written", "note": "材料已收，举报人要求保密"})
    )
    with AttachmentStore(store) as files:
        files.attach_bytes(petition.id, png_bytes(), "证据.png")
    set_role(store, "grid_worker")
    opened(qtbot, page, petition.id)
    texts = "\n".join(texts_of(page)) + page.content_box.toPlainText()
    for secret in (secret_summary, "低保名额", "举报人要求保密", "证据.png", "张三丰", "赵六"):
        assert secret not in texts
    assert page.field_values["summary"].text() == "内容保密"
    assert page.content_secret.isVisible() and not page.content_box.isVisible()
    assert page.petitioners_secret.isVisible() and not page.petitioner_table.isVisible()
    assert page.petitioner_model.rowCount() == 0
    assert page.attachments_secret.isVisible() and not page.add_attachment_button.isVisible()
    assert "备注：内容保密" in timeline(page)[-1][1]
    assert page.heading.text().endswith("已受理（已告知）")  # the register line stays
    # The secretary of the village holding it sees everything.
    set_role(store, "secretary")
    page.reload()
    qtbot.waitUntil(lambda: not page.loading, timeout=WAIT)
    assert page.field_values["summary"].text() == secret_summary
    assert page.petitioner_model.rowCount() == 2
    assert "备注：材料已收，举报人要求保密" in timeline(page)[-1][1]


# --- attachments -------------------------------------------------------------------------------


def png_bytes(width: int = 800, height: int = 600) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_are_added_with_thumbnails_opened_and_saved(
    qtbot: Any,
    page: PetitionPage,
    store: Store,
    family: HouseholdBundle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo, scan, text = tmp_path / "现场照片.png", tmp_path / "材料.pdf", tmp_path / "假图片.jpg"
    photo.write_bytes(png_bytes())
    scan.write_bytes(PDF)
    text.write_text("不是图片", "utf-8")
    petition = register(store, family)
    opened(qtbot, page, petition.id)
    assert page.attachments_empty.isVisible()
    assert not page.open_attachment_button.isVisible()
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        lambda *a, **k: ([str(photo), str(scan), str(text)], ""),
    )
    qtbot.mouseClick(page.add_attachment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.attachment_list.count() == 2 and not page.loading, timeout=WAIT)
    # The text file named .jpg is refused by its content, the others are attached.
    assert "假图片.jpg" in page.attachment_message.text()
    assert page.attachment_message.isVisible()
    with AttachmentStore(store) as files:
        rows = files.attachments_of(petition.id)
        assert [r.filename for r in rows] == ["现场照片.png", "材料.pdf"]
        thumb = files.thumbnail(rows[0].sha256)
        assert thumb is not None and QImage.fromData(thumb).width() == 256  # made and kept
        assert files.thumbnail(rows[1].sha256) is None  # a PDF has none
    assert page.attachments_group.title() == "附件 (2)"
    items = [page.attachment_list.item(i) for i in range(2)]
    assert [i.text() for i in items] == ["现场照片.png", "材料.pdf"]
    assert all(not i.icon().isNull() for i in items)
    # A PDF is saved, not shown: 打开 is for pictures.
    page.attachment_list.setCurrentRow(1)
    assert not page.open_attachment_button.isEnabled()
    assert page.save_attachment_button.isEnabled()
    target = tmp_path / "copy" / "材料副本.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.save_attachment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=WAIT)
    assert target.read_bytes() == PDF
    qtbot.waitUntil(lambda: "已另存到" in page.attachment_message.text(), timeout=WAIT)
    # The picture opens in the viewer inside the program.
    page.attachment_list.setCurrentRow(0)
    qtbot.mouseClick(page.open_attachment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImageViewer), timeout=WAIT)
    viewer = page.dialog
    assert viewer.isVisible() and viewer.windowTitle() == "现场照片.png"
    assert viewer.picture.pixmap().width() == 800
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(viewer), timeout=WAIT)


def test_a_missing_thumbnail_is_made_in_the_background(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    """An attachment stored without a thumbnail (by the command line, or by sync) gets one
    the first time the page shows it."""
    petition = register(store, family)
    with AttachmentStore(store) as files:
        row = files.attach_bytes(petition.id, png_bytes(100, 60), "small.png")
        assert files.thumbnail(row.sha256) is None
    opened(qtbot, page, petition.id)

    def kept() -> bool:
        with AttachmentStore(store) as files:
            return files.thumbnail(row.sha256) is not None

    qtbot.waitUntil(lambda: kept() and not page.ctx.tasks.busy(), timeout=WAIT)
    assert not page.attachment_list.item(0).icon().isNull()


def test_the_page_is_not_clipped_at_150_percent_text(
    qtbot: Any, qapp: QApplication, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    from gridapp.ui.app import apply_font_percent

    petition = advance(
        store,
        register(store, family),
        ACCEPT,
        (
            "reply",
            {"decision": "explain", "text": "经核实，" + "情况已说明。" * 40, "method": "written"},
        ),
    )
    apply_font_percent(qapp, 150)
    try:
        page.resize(1100, 700)
        opened(qtbot, page, petition.id)

        def clipped() -> list[str]:
            labels = [card.details for card in page.timeline_entries]
            labels += [v for v in page.field_values.values() if v.isVisible()]
            return [
                label.text()
                for label in labels
                if label.text() and label.height() < label.heightForWidth(label.width()) - 1
            ]

        # The layout settles in the event loop (slower on a loaded machine): what a person
        # sees is the settled page.
        qtbot.waitUntil(lambda: clipped() == [], timeout=5000)
        assert page.grab().width() > 0
    finally:
        apply_font_percent(qapp, 100)


def test_the_screenshot_of_the_petition_page_shows_the_first_petition(
    qtbot: Any,
    store: Store,
    family: HouseholdBundle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``gridapp screenshot --page petition``: the first petition by 登记编号 is opened."""
    from PySide6.QtCore import QSize

    from gridapp.ui.main_window import MainWindow
    from gridapp.ui.screenshot import take_screenshot

    first = register(store, family)
    register(store, family, summary="第二件")
    opened_ids: list[str] = []
    original = MainWindow.open_petition

    def record(self: MainWindow, petition_id: str) -> None:
        opened_ids.append(petition_id)
        original(self, petition_id)

    monkeypatch.setattr(MainWindow, "open_petition", record)
    out = tmp_path / "petition.png"
    size = take_screenshot(store, "petition", out, QSize(1280, 800))
    assert opened_ids == [first.id]
    assert (size.width(), size.height()) == (1280, 800) and out.exists()


# --- 更正登记信息 --------------------------------------------------------------------------------


def retype(qtbot: Any, editor: QWidget, text: str) -> None:
    """Select what the box holds and type ``text`` over it."""
    line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    assert line is not None
    line.setFocus(Qt.FocusReason.OtherFocusReason)
    line.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    type_text(qtbot, line, text)


def test_correcting_the_registration_keeps_old_and_new_values(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle, changes: list[Any]
) -> None:
    """更正登记信息…: the fields prefilled, a wrong value refused at its field (nothing
    saved), then a typo in 诉求概况 and the 信访形式 corrected with a reason: Enter saves,
    the page reads the petition again and the timeline shows old and new values in Chinese."""
    from gridapp.ui.dialogs.petition_correct import PetitionCorrectDialog

    petition = register(store, family)
    opened(qtbot, page, petition.id)
    button = page.correct_button
    assert button.isVisible() and button.text() == "更正登记信息…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, PetitionCorrectDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.loaded, timeout=WAIT)
    assert dialog.windowTitle() == "更正登记信息"
    assert dialog.field("summary").raw() == SUMMARY
    assert dialog.field("channel").editor.currentText() == "来访"  # type: ignore[attr-defined]
    assert dialog.field("headcount").raw() == "2"
    assert "reg_date" not in dialog.fields
    assert dialog.save_button.text() == "还缺：更正原因"
    assert latin_words(texts_of(dialog), {petition.reg_no, petition.reg_date.isoformat()}) == set()

    # 人数 below the two petitioners named: refused at the field, nothing saved.
    retype(qtbot, dialog.field("headcount").editor, "1")
    type_text(qtbot, dialog.field("reason").editor, "登记时录错")
    assert dialog.save_button.text() == "请改正：人数"
    qtbot.keyClick(dialog.field("reason").editor, Qt.Key.Key_Return)
    qtbot.wait(100)
    message = dialog.field("headcount").message
    assert dialog.isVisible() and message.isVisible()
    assert message.text() == "人数（1）少于已填写的信访人数（2）。"
    assert progress_actions(store, petition.id) == ["register"]

    retype(qtbot, dialog.field("headcount").editor, "2")
    assert not message.isVisible()
    retype(qtbot, dialog.field("summary").editor, "宅基地界址纠纷")
    retype(qtbot, dialog.field("channel").editor, "来信")
    dialog.field("channel").finished.emit()
    assert dialog.save_button.text() == "保存更正"
    qtbot.keyClick(dialog.field("reason").editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            page.view is not None
            and not page.loading
            and page.view.petition.summary == "宅基地界址纠纷"
        ),
        timeout=WAIT,
    )
    assert closed(dialog)
    saved = PetitionRepository(store).get(petition.id)
    assert (saved.summary, saved.channel, saved.headcount) == ("宅基地界址纠纷", "letter", 2)
    assert progress_actions(store, petition.id) == ["register", "correct"]
    assert any(c is not None and c.touches("petition_progress") for c in changes)
    title, details = timeline(page)[-1]
    assert title.split(" · ")[1] == "更正登记信息"
    assert details.splitlines() == [
        "信访形式：由“来访”改为“来信”",
        f"诉求概况：由“{SUMMARY}”改为“宅基地界址纠纷”",
        "更正原因：登记时录错",
    ]
    assert page.field_values["channel"].text() == "来信"


def test_f2_opens_the_correction_and_a_done_petition_offers_none(
    qtbot: Any, page: PetitionPage, store: Store, family: HouseholdBundle
) -> None:
    petition = register(store, family)
    opened(qtbot, page, petition.id)
    page.timeline_area.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(page.timeline_area, Qt.Key.Key_F2)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.loaded, timeout=WAIT)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)  # nothing typed
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT)
    page.dialog = None
    repo = PetitionRepository(store)
    repo.advance(petition.id, "reject", {"reason": "不属于信访事项", "method": "书面"}, on=TODAY)
    opened(qtbot, page, petition.id)
    assert not page.correct_button.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_F2)
    assert page.open_correction() is None and page.dialog is None
    assert progress_actions(store, petition.id) == ["register", "reject"]


def test_every_corrected_field_has_a_chinese_label() -> None:
    from gridapp.store.petitions import CORRECTABLE

    for key in (*CORRECTABLE, "reason"):
        label = detail_label("correct", key)
        assert label != key and not latin_words(iter([label]), set()), key
