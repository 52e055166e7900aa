"""诉求信访: the list with traffic lights, filters, counts, sorting, opening a petition, the
home page's cards, reloads — a real store, petitions registered and advanced through the
workflow (PetitionRepository), the real main window."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from gridapp.models.deadlines import DeadlinePolicy, Light
from gridapp.models.petition import Petition, Petitioner
from gridapp.store.db import Changes, Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.petition_list import PetitionFilter
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.app import install_translators
from gridapp.ui.main_window import MainWindow
from gridapp.ui.pages.home import HomePage
from gridapp.ui.pages.petitions import PetitionsPage, last_months
from gridapp.ui.petition_model import (
    COLOURS,
    COLUMN_OF,
    ID_ROLE,
    LIGHT_ROLE,
    PLACEHOLDER,
    PetitionTableModel,
)
from gridapp.ui.tasks import TaskRunner
from tests import factories

TODAY = date.today()  # the page shows lights for today: the petitions are dated around it
RED, AMBER, GREEN = COLOURS[Light.RED], COLOURS[Light.YELLOW], COLOURS[Light.GREEN]


@pytest.fixture(autouse=True)
def chinese(qapp: Any) -> None:
    install_translators(qapp, "zh_CN")


@dataclass
class Listed:
    """The petitions of the fixture by role: name -> (id, 登记编号)."""

    ids: dict[str, str]
    numbers: dict[str, str]
    due: dict[str, date | None]


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def register(
    repo: PetitionRepository,
    registered: date,
    summary: str,
    names: list[str] | None = None,
    person_id: str | None = None,
    **fields: Any,
) -> Petition:
    people = [
        Petitioner(factories.uid(), "", name, is_primary=index == 0)
        for index, name in enumerate(names or [])
    ]
    if person_id is not None:
        people = [Petitioner(factories.uid(), "", "", person_id=person_id, is_primary=True)]
    return repo.register(
        Petition(
            id=factories.uid(),
            reg_no="",
            reg_date=registered,
            channel="visit",
            kind=fields.pop("kind", "claim"),
            summary=summary,
            content=f"{summary}，请求处理。",
            **fields,
        ),
        people,
        today=TODAY,
    )


@pytest.fixture
def listed(store: Store) -> Listed:
    """Six petitions: overdue, due in two days (a group of three), due today, accepted with
    59 days left, answered (待回访), and an old one closed after the whole workflow."""
    repo = PetitionRepository(store)
    # 日 as calendar days without moving a deadline off a weekend: due dates land exactly
    # where the test puts them, whatever day it runs.
    repo.set_policy(DeadlinePolicy(roll_to_working_day=False))
    zhang = factories.zhang_family()
    HouseholdRepository(store).create_household(zhang, today=TODAY)
    made = {
        "overdue": register(repo, days_ago(20), "村道积水无人处理", ["赵六"]),
        "soon": register(
            repo, days_ago(13), "建议增设路灯", ["钱七", "孙八"], kind="suggestion", headcount=3
        ),
        "today": register(repo, days_ago(15), "邻里宅基地纠纷", ["李九"]),
        "green": register(repo, days_ago(2), "低保复核申请", ["周十"]),
        "replied": register(repo, days_ago(40), "拖欠工资请求追讨", ["吴一"]),
        "closed": register(repo, days_ago(100), "村口垃圾清运", person_id=zhang.members[0].id),
    }
    repo.advance(made["green"].id, "accept", {"method": "书面"}, on=days_ago(1))
    for action, values, on in [
        ("accept", {"method": "书面"}, days_ago(38)),
        ("handle", {"handler": "王书记"}, days_ago(37)),
        ("reply", {"decision": "支持", "text": "已协调", "method": "当面"}, days_ago(5)),
    ]:
        repo.advance(made["replied"].id, action, values, on=on)
    for action, values, on in [
        ("accept", {"method": "书面"}, days_ago(98)),
        ("handle", {"handler": "王书记"}, days_ago(97)),
        ("reply", {"decision": "支持", "text": "已清运", "method": "当面"}, days_ago(80)),
        ("callback", {"satisfaction": "满意"}, days_ago(78)),
        ("close", {}, days_ago(77)),
    ]:
        repo.advance(made["closed"].id, action, values, on=on)
    saved = {name: repo.get(p.id) for name, p in made.items()}
    return Listed(
        {n: p.id for n, p in saved.items()},
        {n: p.reg_no for n, p in saved.items()},
        {n: p.due_date for n, p in saved.items()},
    )


def open_list(store: Store, qtbot: Any) -> tuple[MainWindow, PetitionsPage]:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1366, 800)
    window.show()
    window.show_page("petitions")
    page = window.pages["petitions"]
    assert isinstance(page, PetitionsPage)
    settle(page, qtbot)
    return window, page


def settle(page: PetitionsPage, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: page.model.loaded and not page.model.loading)
    qtbot.waitUntil(lambda: not page.ctx.tasks.busy())


def cells(page: PetitionsPage, column: str = "reg_no", role: int = 0) -> list[Any]:
    """One column as the table shows it now (asking for rows queues their pages)."""
    model, col = page.model, COLUMN_OF[column]
    role = role or Qt.ItemDataRole.DisplayRole
    return [model.data(model.index(r, col), role) for r in range(model.rowCount())]


def shown(page: PetitionsPage, qtbot: Any, column: str = "reg_no", role: int = 0) -> list[Any]:
    """One column once every row of the list has arrived."""
    qtbot.waitUntil(lambda: PLACEHOLDER not in cells(page, "light"))
    settle(page, qtbot)
    return cells(page, column, role)


def by_number(page: PetitionsPage, qtbot: Any, column: str, role: int = 0) -> dict[str, Any]:
    return dict(zip(shown(page, qtbot), shown(page, qtbot, column, role), strict=True))


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type as a user does: ASCII as key presses, Chinese as an input method commits it."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def choose(box: QComboBox, label: str) -> None:
    """Pick the entry whose text holds ``label`` (as a user picks it from the list)."""
    index = box.findText(label, Qt.MatchFlag.MatchContains)
    assert index >= 0, f"{label} not offered: {[box.itemText(i) for i in range(box.count())]}"
    box.setCurrentIndex(index)


def test_lists_every_petition_newest_first_with_lights_and_chinese_cells(
    store: Store, listed: Listed, qtbot: Any
) -> None:
    _window, page = open_list(store, qtbot)
    n = listed.numbers
    assert page.count_label.text() == "共 6 件"
    assert page.stack.currentWidget() is page.table
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    assert headers == [
        "期限",
        "登记编号",
        "登记日期",
        "信访人",
        "诉求概况",
        "事项类别",
        "状态",
        "限办日期",
        "承办单位",
    ]
    newest_first = ["green", "soon", "today", "overdue", "replied", "closed"]
    assert shown(page, qtbot) == [n[k] for k in newest_first]

    lights = by_number(page, qtbot, "light")
    assert lights[n["overdue"]] == "● 已超期 5 天"
    assert lights[n["soon"]] == "● 还剩 2 天"
    assert lights[n["today"]] == "● 今天到期"
    assert lights[n["green"]] == "● 还剩 59 天"
    assert lights[n["replied"]] == lights[n["closed"]] == "—"
    colours = by_number(page, qtbot, "light", Qt.ItemDataRole.ForegroundRole)
    expected = {"overdue": RED, "soon": AMBER, "today": AMBER, "green": GREEN}
    for key, colour in expected.items():
        assert colours[n[key]] == QColor(colour), key
    assert colours[n["replied"]] is None and colours[n["closed"]] is None
    tips = by_number(page, qtbot, "light", Qt.ItemDataRole.ToolTipRole)
    assert tips[n["overdue"]] == f"限办日期：{listed.due['overdue']}"
    assert tips[n["closed"]] == "无待办期限（已办结）"

    assert by_number(page, qtbot, "petitioner")[n["soon"]] == "钱七 等 3 人"
    assert by_number(page, qtbot, "petitioner")[n["closed"]] == "张三丰"
    statuses = by_number(page, qtbot, "status")
    assert [statuses[n[k]] for k in newest_first] == [
        "已受理（已告知）",
        "登记（待受理）",
        "登记（待受理）",
        "登记（待受理）",
        "已答复",
        "已办结",
    ]
    kinds = by_number(page, qtbot, "kind")
    assert (kinds[n["soon"]], kinds[n["overdue"]]) == ("建议意见类", "申诉求决类")
    dates = by_number(page, qtbot, "due_date")
    assert dates[n["green"]] == str(listed.due["green"])


def test_filters_change_the_rows_and_the_count(store: Store, listed: Listed, qtbot: Any) -> None:
    _window, page = open_list(store, qtbot)
    filters, n = page.filters, listed.numbers

    def rows() -> set[str]:
        return set(shown(page, qtbot))

    choose(filters.status, "未办结")
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 4 件")
    assert rows() == {n["overdue"], n["soon"], n["today"], n["green"]}
    choose(filters.status, "已答复")
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 件")
    assert rows() == {n["replied"]}
    choose(filters.status, "全部")

    choose(filters.deadline, "已超期")
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 件")
    assert rows() == {n["overdue"]}
    choose(filters.deadline, "本周到期")
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 2 件")
    assert rows() == {n["soon"], n["today"]}
    choose(filters.deadline, "全部")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 6 件")

    old = days_ago(100)
    months = [filters.month.itemData(i) for i in range(filters.month.count())]
    assert months == ["", *last_months(TODAY)]
    choose(filters.month, f"{old.year}年{old.month}月")
    qtbot.waitUntil(lambda: page.model.filter.month == f"{old:%Y-%m}")
    settle(page, qtbot)
    registered = {
        n[k]: days_ago(d)
        for k, d in [
            ("overdue", 20),
            ("soon", 13),
            ("today", 15),
            ("green", 2),
            ("replied", 40),
            ("closed", 100),
        ]
    }
    assert rows() == {number for number, day in registered.items() if day.month == old.month}
    choose(filters.month, "全部")

    choose(filters.kind, "建议意见类")
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 件")
    assert rows() == {n["soon"]}
    choose(filters.kind, "全部")

    # 网格/村: the closed petition is 张三丰's, in his household's grid (read in the background)
    qtbot.waitUntil(lambda: filters.grid.count() > 1)
    choose(filters.grid, factories.GRID)
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 件")
    assert rows() == {n["closed"]}
    choose(filters.grid, "全部网格")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 6 件")

    type_text(qtbot, filters.text, "路灯")  # the summary
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 件")
    assert rows() == {n["soon"]}
    filters.text.clear()
    type_text(qtbot, filters.text, "孙八")  # the second petitioner of a group
    qtbot.waitUntil(lambda: rows() == {n["soon"]})
    filters.text.clear()
    type_text(qtbot, filters.text, n["replied"][-6:])  # the number's tail, typed
    qtbot.keyClick(filters.text, Qt.Key.Key_Return)  # Enter does not wait for the pause
    qtbot.waitUntil(lambda: page.model.filter.text == n["replied"][-6:])
    assert rows() == {n["replied"]}

    filters.text.clear()
    type_text(qtbot, filters.text, "没有这件事")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty)
    assert page.count_label.text() == "符合条件 0 件"
    assert page.empty.title.text() == "没有符合筛选条件的信访事项"
    assert page.empty.clear_button.isVisible() and not page.empty.register_button.isVisible()
    qtbot.mouseClick(page.empty.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.count_label.text() == "共 6 件")
    assert page.stack.currentWidget() is page.table and filters.text.text() == ""


def test_clicking_a_header_sorts(store: Store, listed: Listed, qtbot: Any) -> None:
    _window, page = open_list(store, qtbot)
    header = page.table.horizontalHeader()
    n = listed.numbers
    assert header.sortIndicatorSection() == COLUMN_OF["reg_date"]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def click(column: str) -> None:
        section = COLUMN_OF[column]
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )
        settle(page, qtbot)

    page.table.horizontalScrollBar().setValue(0)
    click("reg_no")  # ascending: the order they were registered in
    registered = ["overdue", "soon", "today", "green", "replied", "closed"]
    assert shown(page, qtbot) == [n[k] for k in registered]
    click("reg_no")
    assert shown(page, qtbot) == [n[k] for k in reversed(registered)]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    page.table.scrollTo(page.model.index(0, COLUMN_OF["due_date"]))
    click("due_date")  # earliest deadline first
    due = sorted(listed.due.items(), key=lambda item: (str(item[1] or ""), n[item[0]]))
    assert shown(page, qtbot) == [n[k] for k, _day in due]
    page.table.horizontalScrollBar().setValue(0)
    click("petitioner")  # cannot be sorted: the order and the indicator stay
    assert shown(page, qtbot) == [n[k] for k, _day in due]
    assert header.sortIndicatorSection() == COLUMN_OF["due_date"]

    page.table.scrollTo(page.model.index(0, COLUMN_OF["status"]))
    click("status")  # by state, petitions of one state together
    states = shown(page, qtbot, "status")
    assert states.count("登记（待受理）") == 3
    first = states.index("登记（待受理）")
    assert states[first : first + 3] == ["登记（待受理）"] * 3


def test_enter_and_double_click_open_the_petition(store: Store, listed: Listed, qtbot: Any) -> None:
    window, page = open_list(store, qtbot)
    petition_page = window.pages["petition"]
    opened: list[str] = []
    original = petition_page.show_petition  # type: ignore[attr-defined]

    def record(petition_id: str) -> None:
        opened.append(petition_id)
        original(petition_id)

    petition_page.show_petition = record  # type: ignore[attr-defined]
    assert window.focusWidget() is page.filters.text  # typing starts in the text filter
    qtbot.keyClick(page.filters.text, Qt.Key.Key_Down)  # into the list: the first row
    assert window.focusWidget() is page.table
    assert page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is petition_page
    assert opened == [listed.ids["soon"]]

    window.show_page("petitions")
    settle(page, qtbot)
    assert page.table.currentIndex().row() == 1  # the selection stayed
    rect = page.table.visualRect(page.model.index(3, COLUMN_OF["summary"]))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget() is petition_page
    assert opened[-1] == listed.ids["overdue"]


def test_home_cards_open_the_filtered_list(store: Store, listed: Listed, qtbot: Any) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    home = window.pages["home"]
    assert isinstance(home, HomePage)
    qtbot.waitUntil(lambda: home.cards["overdue"].value == 1)
    page = window.pages["petitions"]
    assert isinstance(page, PetitionsPage)
    n = listed.numbers

    qtbot.mouseClick(home.cards["overdue"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    settle(page, qtbot)
    assert page.filters.deadline.currentText() == "已超期"
    assert page.count_label.text() == "符合条件 1 件"
    assert shown(page, qtbot) == [n["overdue"]]

    window.show_page("home")
    qtbot.waitUntil(lambda: home.cards["due_soon"].value == 2)
    page.filters.text.setText("路")  # cleared by the card: it shows what it counted
    qtbot.mouseClick(home.cards["due_soon"], Qt.MouseButton.LeftButton)
    settle(page, qtbot)
    assert page.filters.deadline.currentText() == "本周到期" and page.filters.text.text() == ""
    assert set(shown(page, qtbot)) == {n["soon"], n["today"]}
    assert page.count_label.text() == "符合条件 2 件"

    window.show_page("home")
    qtbot.waitUntil(lambda: home.cards["callback"].value == 1)
    qtbot.mouseClick(home.cards["callback"], Qt.MouseButton.LeftButton)
    settle(page, qtbot)
    assert page.filters.status.currentText() == "已答复"
    assert page.filters.deadline.currentText() == "全部"
    assert shown(page, qtbot) == [n["replied"]]


def test_a_petition_registered_elsewhere_reloads_the_list_and_keeps_the_selection(
    store: Store, listed: Listed, qtbot: Any
) -> None:
    window, page = open_list(store, qtbot)
    page.table.selectRow(2)
    assert page.model.current_id == listed.ids["today"]
    repo = PetitionRepository(store)
    newest = register(repo, TODAY, "新登记的诉求", ["郑二"])  # sorts first: rows move down
    changes = Changes()
    changes.add("petition", newest.id)
    window.ctx.signals.data_changed.emit(changes)
    qtbot.waitUntil(lambda: page.count_label.text() == "共 7 件")
    settle(page, qtbot)
    assert page.table.currentIndex().row() == 3
    assert page.model.data(page.table.currentIndex(), ID_ROLE) == listed.ids["today"]
    assert shown(page, qtbot)[0] == newest.reg_no

    # A step taken (回访 → 待回访 no more) while the page is hidden: read when shown again.
    window.show_page("home")
    repo.advance(listed.ids["replied"], "callback", {"satisfaction": "满意"}, on=TODAY)
    changes = Changes()
    changes.add("petition", listed.ids["replied"])
    window.ctx.signals.data_changed.emit(changes)
    qtbot.waitUntil(lambda: not window.tasks.busy())
    window.show_page("petitions")
    settle(page, qtbot)
    statuses = by_number(page, qtbot, "status")
    assert statuses[listed.numbers["replied"]] == "已回访"

    unrelated = Changes()
    unrelated.add("party_member", "x")
    window.ctx.signals.data_changed.emit(unrelated)
    assert not page.model.loading  # nothing of the list changed: nothing read


def test_no_petitions_yet_offers_registration(
    store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, page = open_list(store, qtbot)
    assert page.count_label.text() == "共 0 件"
    assert page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "还没有登记任何信访事项"
    assert page.empty.register_button.isVisible() and not page.empty.clear_button.isVisible()
    assert page.empty.register_button.text() == "登记信访"
    assert page.register_button.text() == "登记信访（Ctrl+Shift+P）"
    asked: list[str | None] = []
    monkeypatch.setattr(window, "register_petition", lambda person_id=None: asked.append(person_id))
    assert window.focusWidget() is page.filters.text  # an empty list: typing starts there
    qtbot.keyClick(
        page.filters.text,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.mouseClick(page.empty.register_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    assert asked == [None, None, None]


@pytest.fixture
def tasks(qtbot: Any) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_model_passes_qt_model_tester(
    store: Store, listed: Listed, tasks: TaskRunner, qtbot: Any, qtmodeltester: Any
) -> None:
    model = PetitionTableModel(PetitionRepository(store), tasks, page_size=2, max_pages=2)
    qtbot.waitUntil(lambda: model.loaded and not model.loading)
    assert model.rowCount() == 6
    qtmodeltester.check(model)  # placeholders for rows not read yet, pages queued
    qtbot.waitUntil(lambda: not model.loading)
    qtmodeltester.check(model)
    index = model.index(0, COLUMN_OF["light"])
    qtbot.waitUntil(lambda: model.data(index, LIGHT_ROLE) is not None)
    assert model.data(index, LIGHT_ROLE) == Light.GREEN
    model.set_filter(PetitionFilter(statuses=("closed",), today=TODAY))
    qtbot.waitUntil(lambda: model.loaded and not model.loading)
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_the_list_says_when_the_holiday_table_cannot_be_trusted(
    store: Store, listed: Listed, qtbot: Any
) -> None:
    """A county holiday file that cannot be read is shown above the list, in Chinese."""
    from gridapp.models.workdays import override_table_path

    path = override_table_path(store.data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ broken", "utf-8")
    _window, page = open_list(store, qtbot)
    qtbot.waitUntil(page.calendar_note.isVisible)
    assert "cn.json" in page.calendar_note.text() and "节假日表" in page.calendar_note.text()
