"""党员双报到 service tabs in the window: posts and claims, activities with participants added
through the search and the typed sign-in list, bad hours, the feedback sheet — driven with
the keyboard against a real store, in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QWidget,
)
from shiboken6 import isValid

from gridapp.models.party import PartyMember, ServicePost
from gridapp.store.db import Store
from gridapp.store.households import new_id
from gridapp.store.party_service import ServiceRepository
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.context import AppSignals, UiContext
from gridapp.ui.dialogs.party_activity import ActivityDialog
from gridapp.ui.dialogs.party_feedback import FeedbackDialog
from gridapp.ui.dialogs.party_post import ClaimDialog, PostDialog, WithdrawDialog
from gridapp.ui.party_service_tabs import ActivitiesTab, FeedbackTab, PostsTab
from gridapp.ui.tasks import TaskRunner
from tests.test_party_service import add_member, counts
from tests.test_ui_forms import FakeNav, type_text
from tests.test_ui_language import latin_words, texts_of

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise",
    "This plugin does not support grabbing",
    "This plugin does not support propagateSizeHints",
)
WAIT = 10_000
TODAY = date.today()


@pytest.fixture
def host(qtbot: Any, qapp: QApplication) -> QTabWidget:
    install_font(qapp)
    install_translators(qapp, "zh_CN")
    tabs = QTabWidget()
    tabs.resize(1100, 700)
    qtbot.addWidget(tabs)
    return tabs


@pytest.fixture
def ctx(store: Store, host: QTabWidget) -> Iterator[UiContext]:
    tasks = TaskRunner(host)
    yield UiContext(store=store, tasks=tasks, signals=AppSignals(host), nav=FakeNav())
    tasks.shutdown()


@pytest.fixture
def people(store: Store) -> dict[str, PartyMember]:
    # Reported a year back, so that activities today count wherever the quarter starts.
    day = TODAY - timedelta(days=370)
    return {
        name: add_member(store, name, reported=day, born=date(1980 + i, 3, 1 + i))
        for i, name in enumerate(("王建国", "李红梅", "赵志强", "孙丽"))
    }


def add_post(store: Store, name: str, planned: int = 1) -> ServicePost:
    return ServiceRepository(store).add_post(ServicePost(new_id(), name, "other", planned=planned))


def idle(qtbot: Any, ctx: UiContext) -> None:
    qtbot.waitUntil(lambda: not ctx.tasks.busy(), timeout=WAIT)


def show_tab(qtbot: Any, host: QTabWidget, ctx: UiContext, tab: QWidget) -> None:
    host.addTab(tab, "x")
    host.setCurrentWidget(tab)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host, timeout=WAIT)
    qtbot.waitUntil(lambda: tab.loaded, timeout=WAIT)  # type: ignore[attr-defined]
    idle(qtbot, ctx)


def active(qtbot: Any, dialog: QWidget) -> None:
    qtbot.waitUntil(
        lambda: QApplication.activeWindow() is dialog and getattr(dialog, "loaded", True),
        timeout=WAIT,
    )


def closed(dialog: QWidget) -> bool:
    """The dialog is gone (closed dialogs delete themselves)."""
    return not isValid(dialog) or not dialog.isVisible()


def cells(table: Any) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def english(widget: QWidget, data: set[str], keys: frozenset[str] = frozenset({"Ins"})) -> set[str]:
    """Latin words a user can read in ``widget`` (list widgets read item by item: the
    language walk's model reader does not take a list model). ``keys``: key names allowed
    here — the Insert key in dialogs, as the household and petition forms show it; the
    tabs themselves pass none."""
    lists = [w for w in widget.findChildren(QListWidget) if w.isVisibleTo(widget)]
    items = [w.item(i).text() for w in lists for i in range(w.count())]
    for w in lists:
        w.hide()
    try:
        return latin_words(iter([*texts_of(widget), *items]), data) - keys
    finally:
        for w in lists:
            w.show()


def enter(qtbot: Any, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


# --- 服务岗位 ------------------------------------------------------------------------------


def test_posts_tab_in_chinese_claim_and_full_post_refused(
    qtbot: Any, store: Store, ctx: UiContext, host: QTabWidget, people: dict[str, PartyMember]
) -> None:
    post = add_post(store, "治安巡逻岗", planned=1)
    tab = PostsTab(ctx)
    show_tab(qtbot, host, ctx, tab)
    assert cells(tab.table) == [["治安巡逻岗", "其他", "岗位", "1", "0", ""]]
    assert english(tab, set(), keys=frozenset()) == set()
    assert tab.table.horizontalHeaderItem(5).text() == "认领人"

    # Enter on the row claims it: type the name in the search, Enter takes the first hit.
    tab.table.setFocus()
    enter(qtbot, tab.table)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ClaimDialog)
    active(qtbot, dialog)
    assert english(dialog, {m.id_number for m in people.values()}) == set()
    type_text(qtbot, dialog.picker.edit, "王建")
    assert dialog.picker.hits()[0].name == "王建国"
    enter(qtbot, dialog.picker.edit)
    assert "王建国" in dialog.chosen.text()
    enter(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT)
    idle(qtbot, ctx)
    claims = ServiceRepository(store).claims(post_id=post.id)
    assert [c.member_id for c in claims] == [people["王建国"].id]
    qtbot.waitUntil(lambda: cells(tab.table)[0][5] == "王建国", timeout=WAIT)
    assert cells(tab.table)[0][4] == "1（已满）"

    # The post is full: a second member is refused with the store's message, nothing saved.
    before = counts(store)
    second = tab.claim()
    assert isinstance(second, ClaimDialog)
    active(qtbot, second)
    type_text(qtbot, second.picker.edit, "李红梅")
    enter(qtbot, second.picker.edit)
    enter(qtbot, second.save_button)
    qtbot.waitUntil(lambda: second.general.isVisible(), timeout=WAIT)
    assert second.general.text() == "“治安巡逻岗”已满：计划 1 人，已认领 1 人。"
    assert second.isVisible()
    assert counts(store) == before
    second.close_without_asking()

    # 撤回认领 (Del): the holder is listed; Enter withdraws; the place is free again.
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host, timeout=WAIT)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    withdraw = QApplication.activeModalWidget()
    assert isinstance(withdraw, WithdrawDialog)
    qtbot.waitUntil(lambda: withdraw.list.count() == 1, timeout=WAIT)
    assert withdraw.list.item(0).text() == "王建国"
    enter(qtbot, withdraw.list)
    qtbot.waitUntil(lambda: closed(withdraw), timeout=WAIT)
    idle(qtbot, ctx)
    assert ServiceRepository(store).claims(post_id=post.id) == []
    qtbot.waitUntil(lambda: cells(tab.table)[0][4] == "0", timeout=WAIT)


def test_a_unit_organisation_claims_a_project(
    qtbot: Any, store: Store, ctx: UiContext, host: QTabWidget
) -> None:
    from tests.test_party_service import add_org

    org = add_org(store, "县财政局机关党支部")
    post = add_post(store, "助老服务项目", planned=2)
    tab = PostsTab(ctx)
    show_tab(qtbot, host, ctx, tab)
    dialog = tab.claim()
    assert isinstance(dialog, ClaimDialog)
    active(qtbot, dialog)
    dialog.by_org.setChecked(True)
    assert dialog.save_button.text() == "还缺：单位党组织"
    dialog.org_box.setCurrentIndex(dialog.org_box.findText(org.name))
    dialog.save()
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT)
    idle(qtbot, ctx)
    assert [c.org_id for c in ServiceRepository(store).claims(post_id=post.id)] == [org.id]
    qtbot.waitUntil(lambda: cells(tab.table)[0][5] == org.name, timeout=WAIT)


def test_new_post_through_the_form_and_bad_planned_refused(
    qtbot: Any, store: Store, ctx: UiContext, host: QTabWidget
) -> None:
    tab = PostsTab(ctx)
    show_tab(qtbot, host, ctx, tab)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PostDialog)
    active(qtbot, dialog)
    assert english(dialog, set()) == set()
    fields = dialog.form.fields
    type_text(qtbot, fields["name"].editor, "法律咨询岗")
    category = fields["category"].editor
    assert isinstance(category, QComboBox)
    category.setCurrentIndex(category.findText("法律咨询与援助"))
    planned = fields["planned"].editor
    assert isinstance(planned, QLineEdit)
    planned.clear()
    type_text(qtbot, planned, "0")
    before = counts(store)
    dialog.save()
    assert fields["planned"].message.text() != ""
    assert fields["planned"].message.isVisible()
    assert counts(store) == before
    planned.selectAll()
    type_text(qtbot, planned, "3")
    dialog.save()
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT)
    idle(qtbot, ctx)
    saved = ServiceRepository(store).posts()
    assert [(p.name, p.category, p.planned, p.kind) for p in saved] == [
        ("法律咨询岗", "legal", 3, "post")
    ]
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=WAIT)
    assert cells(tab.table)[0][:4] == ["法律咨询岗", "法律咨询与援助", "岗位", "3"]


# --- 活动 ----------------------------------------------------------------------------------


def open_activity(qtbot: Any, ctx: UiContext, host: QTabWidget) -> tuple[ActivitiesTab, Any]:
    tab = ActivitiesTab(ctx)
    show_tab(qtbot, host, ctx, tab)
    tab.setFocus()
    qtbot.keyClick(tab, Qt.Key.Key_Insert)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ActivityDialog)
    active(qtbot, dialog)
    return tab, dialog


def test_activity_with_three_participants_through_search_and_list(
    qtbot: Any, store: Store, ctx: UiContext, host: QTabWidget, people: dict[str, PartyMember]
) -> None:
    tab, dialog = open_activity(qtbot, ctx, host)
    assert english(tab, {m.id_number for m in people.values()}) == set()  # the dialog too
    assert english(dialog, {m.id_number for m in people.values()}) == set()
    # Focus starts in 主题 (the first empty required field).
    theme = dialog.form.fields["theme"].editor
    assert theme.hasFocus()
    type_text(qtbot, theme, "清理楼道杂物")
    type_text(qtbot, dialog.form.fields["place"].editor, "3组")
    # The search: Ins, a name, Enter adds the first hit.
    qtbot.keyClick(theme, Qt.Key.Key_Insert)
    assert dialog.picker.edit.hasFocus()
    type_text(qtbot, dialog.picker.edit, "王建国")
    enter(qtbot, dialog.picker.edit)
    assert [m.name for m in dialog.members()] == ["王建国"]
    # The typed sign-in list: a name and an ID number, separated by 、.
    type_text(qtbot, dialog.sign_in, f"李红梅、{people['赵志强'].id_number}")
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: len(dialog.members()) == 3, timeout=WAIT)
    assert [m.name for m in dialog.members()] == ["王建国", "李红梅", "赵志强"]
    assert dialog.sign_in.toPlainText() == ""
    # Hours: 2 for everyone by default, one row edited to 1.5; points from the settings.
    dialog.table.item(1, 2).setText("1.5")
    assert [dialog.table.item(r, 2).text() for r in range(3)] == ["2", "1.5", "2"]
    assert [dialog.table.item(r, 5).text() for r in range(3)] == ["2", "1.5", "2"]
    type_text(qtbot, dialog.default_content, "清扫")
    assert [dialog.table.item(r, 3).text() for r in range(3)] == ["清扫"] * 3
    assert dialog.save_button.text() == "保存活动"
    dialog.save()
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT)
    idle(qtbot, ctx)
    repo = ServiceRepository(store)
    [activity] = repo.activities()
    assert (activity.theme, activity.place, activity.activity_date) == (
        "清理楼道杂物",
        "3组",
        TODAY,
    )
    parts = {p.member_id: p for p in repo.participations(activity.id)}
    assert {people[n].id: parts[people[n].id].hours for n in ("王建国", "李红梅", "赵志强")} == {
        people["王建国"].id: 2.0,
        people["李红梅"].id: 1.5,
        people["赵志强"].id: 2.0,
    }
    assert all(p.content == "清扫" and p.evaluation == "满意" for p in parts.values())
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=WAIT)
    assert cells(tab.table)[0][:6] == [
        TODAY.isoformat(),
        "清理楼道杂物",
        "3组",
        "社区党委",
        "3",
        "5.5",
    ]


def test_several_members_chosen_at_once_from_the_search(
    qtbot: Any, store: Store, ctx: UiContext, host: QTabWidget, people: dict[str, PartyMember]
) -> None:
    _tab, dialog = open_activity(qtbot, ctx, host)
    # The first digits of an ID number find everyone; Down, Ctrl+A, Enter adds them all.
    type_text(qtbot, dialog.picker.edit, "3604")
    assert len(dialog.picker.hits()) == 4
    qtbot.keyClick(dialog.picker.edit, Qt.Key.Key_Down)
    assert dialog.picker.results.hasFocus()
    qtbot.keyClick(dialog.picker.results, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    enter(qtbot, dialog.picker.results)
    assert sorted(m.name for m in dialog.members()) == sorted(people)
    assert dialog.isVisible() and dialog.picker.edit.hasFocus()
    # Added twice, a member is listed once; Del removes the selected row.
    dialog.add_members([people["孙丽"]])
    assert len(dialog.members()) == 4
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert len(dialog.members()) == 3
    dialog.close_without_asking()


def test_unknown_names_in_the_sign_in_list_are_reported_and_nobody_added(
    qtbot: Any, store: Store, ctx: UiContext, host: QTabWidget, people: dict[str, PartyMember]
) -> None:
    _tab, dialog = open_activity(qtbot, ctx, host)
    type_text(qtbot, dialog.sign_in, "王建国 张无忌，李红梅")
    qtbot.keyClick(dialog.sign_in, Qt.Key.Key_Return)  # a new line separates too
    type_text(qtbot, dialog.sign_in, "周芷若")
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: dialog.sign_in_message.isVisible(), timeout=WAIT)
    text = dialog.sign_in_message.text()
    assert "张无忌" in text and "周芷若" in text and "王建国" not in text
    assert "没有添加任何人" in text
    assert dialog.members() == []
    assert "王建国 张无忌" in dialog.sign_in.toPlainText()  # kept to be corrected
    before = counts(store)
    type_text(qtbot, dialog.form.fields["theme"].editor, "义诊")
    dialog.save()
    assert dialog.save_button.text() == "还缺：参加人员"
    assert counts(store) == before
    dialog.close_without_asking()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("-1", "服务时长须大于 0 小时。"),
        ("30", "一次活动的服务时长不能超过 24 小时，填写的是 30 小时。"),
        ("1.1", "0.25"),
        ("两小时", "服务时长须填写小时数"),
    ],
)
def test_bad_hours_are_refused_at_the_cell(
    qtbot: Any,
    store: Store,
    ctx: UiContext,
    host: QTabWidget,
    people: dict[str, PartyMember],
    typed: str,
    says: str,
) -> None:
    _tab, dialog = open_activity(qtbot, ctx, host)
    type_text(qtbot, dialog.form.fields["theme"].editor, "义诊")
    dialog.add_members([people["王建国"], people["孙丽"]])
    item = dialog.table.item(1, 2)
    item.setText(typed)
    assert says in item.toolTip()
    assert says in dialog.table_message.text() and "孙丽" in dialog.table_message.text()
    assert dialog.table_message.isVisible()
    assert dialog.table.item(1, 5).text() == ""  # no points for bad hours
    assert dialog.save_button.text() == "请改正：服务时长"
    before = counts(store)
    dialog.save()
    qtbot.wait(50)
    idle(qtbot, ctx)
    assert dialog.isVisible() and counts(store) == before
    # Corrected, it saves.
    item.setText("0.75")
    assert not dialog.table_message.isVisible()
    dialog.save()
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT)
    idle(qtbot, ctx)
    [activity] = ServiceRepository(store).activities()
    hours = sorted(p.hours for p in ServiceRepository(store).participations(activity.id))
    assert hours == [0.75, 2.0]


def test_an_activity_in_the_future_is_refused(
    qtbot: Any, store: Store, ctx: UiContext, host: QTabWidget, people: dict[str, PartyMember]
) -> None:
    _tab, dialog = open_activity(qtbot, ctx, host)
    type_text(qtbot, dialog.form.fields["theme"].editor, "义诊")
    day = dialog.form.fields["activity_date"].editor
    day.selectAll()
    type_text(qtbot, day, (TODAY + timedelta(days=3)).isoformat())
    dialog.add_members([people["王建国"]])
    before = counts(store)
    dialog.save()
    assert dialog.form.fields["activity_date"].message.text() == "日期不能晚于今天。"
    assert counts(store) == before
    dialog.close_without_asking()


def test_a_cancelled_member_is_refused_by_the_store(
    qtbot: Any, store: Store, ctx: UiContext, host: QTabWidget
) -> None:
    gone = add_member(
        store, "钱离开", reported=TODAY - timedelta(days=400), cancelled=TODAY - timedelta(days=30)
    )
    _tab, dialog = open_activity(qtbot, ctx, host)
    type_text(qtbot, dialog.form.fields["theme"].editor, "义诊")
    dialog.add_members([gone])
    before = counts(store)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.general.isVisible(), timeout=WAIT)
    assert dialog.general.text().startswith("钱离开：") and "注销" in dialog.general.text()
    assert counts(store) == before
    dialog.close_without_asking()


# --- 反馈 ----------------------------------------------------------------------------------


def test_feedback_sheet_shows_the_quarter_and_saves_the_rating(
    qtbot: Any, store: Store, ctx: UiContext, host: QTabWidget, people: dict[str, PartyMember]
) -> None:
    from gridapp.models import party_rules as rules
    from gridapp.models.party import PartyActivity
    from gridapp.models.party_rules import PeriodKind, period_of
    from gridapp.store.party_service import Participant

    repo = ServiceRepository(store)
    wang = people["王建国"]
    for theme, hours in (("清扫", 2), ("义诊", 1.5), ("巡逻", 3)):
        repo.add_activity(PartyActivity(new_id(), theme, TODAY), [Participant(wang.id, hours)])
    quarter = period_of(TODAY, PeriodKind.QUARTER).code()
    tab = FeedbackTab(ctx)
    show_tab(qtbot, host, ctx, tab)
    assert english(tab, set(), keys=frozenset()) == set()
    assert tab.period_box.currentData() == quarter
    assert "季度" in tab.period_box.currentText()
    rows = {r[0]: r for r in cells(tab.table)}
    assert rows["王建国"][2:] == ["3", "6.5", "6.5", "—"]
    assert rows["孙丽"][2:] == ["0", "0", "0", "—"]

    row = next(i for i in range(tab.table.rowCount()) if tab.table.item(i, 0).text() == "王建国")
    tab.table.setCurrentCell(row, 0)
    tab.table.setFocus()
    enter(qtbot, tab.table)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, FeedbackDialog)
    active(qtbot, dialog)
    assert english(dialog, {wang.id_number, quarter}) == set()
    assert dialog.values["activities"].text() == "3"
    assert dialog.values["hours"].text() == "6.5 小时"
    assert dialog.values["points"].text() == "6.5"
    period = rules.Period.parse(quarter)
    assert dialog.values["period"].text() == (
        f"{period.year}年第{period.index}季度"
        f"（{period.start().isoformat()} — {period.end().isoformat()}）"
    )
    rating = dialog.form.fields["rating"].editor
    assert isinstance(rating, QComboBox)
    before = counts(store)
    dialog.save()  # 等次 and 签字人 missing: nothing saved
    assert dialog.isVisible() and counts(store) == before
    rating.setCurrentIndex(rating.findText("良好"))
    dialog.form.validate("rating")
    type_text(qtbot, dialog.form.fields["signer"].editor, "刘书记")
    dialog.save()
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT)
    idle(qtbot, ctx)
    saved = repo.feedback(wang.id, quarter)
    assert saved is not None
    assert (saved.rating, saved.signer, saved.activities, saved.hours) == ("good", "刘书记", 3, 6.5)
    qtbot.waitUntil(
        lambda: {r[0]: r for r in cells(tab.table)}["王建国"][5] == "良好", timeout=WAIT
    )

    # 本年未达标: under the default 50 hours, everyone is below; fewest hours first.
    tab.below_button.click()
    assert tab.stack.currentWidget() is tab.below_table
    below = cells(tab.below_table)
    assert below[-1][0] == "王建国" and below[-1][2:] == ["6.5", "50"]
    assert len(below) == 4
    assert "4" in tab.note.text() and "50" in tab.note.text()
