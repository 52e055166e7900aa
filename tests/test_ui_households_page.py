"""户籍人口: filters, counts, sorting, opening a household, the empty register, reloads."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QWidget

from gridapp.models.household import HouseholdTag
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.ui.app import install_translators
from gridapp.ui.household_model import COLUMN_OF, ID_ROLE, PLACEHOLDER
from gridapp.ui.main_window import MainWindow
from gridapp.ui.pages.households import HouseholdsPage
from tests import factories

TODAY = date(2026, 11, 1)
OTHER_GRID = "360423100201-02"


@pytest.fixture(autouse=True)
def chinese(qapp: Any) -> None:
    install_translators(qapp, "zh_CN")


def li_family() -> Any:
    """李四海 (户主) and 周明 (流动人口), in another village's grid."""
    bundle = factories.household(
        "360000002",
        "沙田社区柳山路2号",
        [
            factories.person("李四海", "02", date(1975, 3, 3), True, phone="0792-7654321"),
            factories.person("周明", "10", date(1976, 5, 5), False, population_type="2"),
        ],
    )
    bundle.household.grid_code = OTHER_GRID
    return bundle


def wang_family() -> Any:
    """王五 alone, a 特困户."""
    bundle = factories.household(
        "360000003", "石泉村1组2号", [factories.person("王五", "02", date(1950, 1, 1), True)]
    )
    bundle.household_tags.append(
        HouseholdTag(factories.uid(), bundle.household.id, "tekun", date(2020, 1, 1))
    )
    return bundle


@pytest.fixture
def families(store: Store) -> dict[str, str]:
    repo = HouseholdRepository(store)
    ids = {}
    for name, bundle in (
        ("zhang", factories.zhang_family()),
        ("li", li_family()),
        ("wang", wang_family()),
    ):
        repo.create_household(bundle, today=TODAY)
        ids[name] = bundle.household.id
    return ids


def open_list(store: Store, qtbot: Any) -> tuple[MainWindow, HouseholdsPage]:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.show_page("households")
    page = window.pages["households"]
    assert isinstance(page, HouseholdsPage)
    settle(page, qtbot)
    return window, page


def settle(page: HouseholdsPage, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: page.model.loaded and not page.model.loading)
    qtbot.waitUntil(lambda: not page.ctx.tasks.busy())


def cells(page: HouseholdsPage, column: str = "head_name") -> list[Any]:
    """One column as the table shows it now (asking for rows queues their pages)."""
    model, col = page.model, COLUMN_OF[column]
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def shown(page: HouseholdsPage, qtbot: Any, column: str = "head_name") -> list[Any]:
    """One column once every row of the list has arrived."""
    qtbot.waitUntil(lambda: PLACEHOLDER not in cells(page, "household_no"))
    settle(page, qtbot)
    return cells(page, column)


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type as a user does: ASCII as key presses, Chinese as an input method commits it
    (QTest can only press keys that exist on the keyboard)."""
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


def test_lists_every_household_with_count_and_chinese_cells(
    store: Store, families: dict[str, str], qtbot: Any
) -> None:
    _window, page = open_list(store, qtbot)
    assert page.count_label.text() == "共 3 户"
    assert page.stack.currentWidget() is page.table
    assert sorted(shown(page, qtbot)) == sorted(["张三丰", "李四海", "王五"])
    tags = dict(zip(shown(page, qtbot), shown(page, qtbot, "tags"), strict=True))
    assert tags == {"张三丰": "低保对象", "李四海": "", "王五": "特困人员"}
    members = dict(zip(shown(page, qtbot), shown(page, qtbot, "member_count"), strict=True))
    assert members == {"张三丰": "3", "李四海": "2", "王五": "1"}
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["户号", "户主", "地址", "人数", "网格", "标签", "更新"]


def test_filters_change_the_table_and_the_count(
    store: Store, families: dict[str, str], qtbot: Any
) -> None:
    _window, page = open_list(store, qtbot)
    filters = page.filters

    type_text(qtbot, filters.text, "三丰")
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 户")
    assert shown(page, qtbot) == ["张三丰"]
    filters.text.clear()
    type_text(qtbot, filters.text, "7654321")  # the last digits of a phone number
    qtbot.keyClick(filters.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cells(page) == ["李四海"])
    qtbot.mouseClick(filters.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.count_label.text() == "共 3 户")

    choose(filters.population_type, "流动人口")
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 户")
    assert shown(page, qtbot) == ["李四海"]
    choose(filters.population_type, "全部")

    choose(filters.tag, "特困")  # a household tag (特困户) and a person tag share the code
    qtbot.waitUntil(lambda: cells(page) == ["王五"])
    choose(filters.tag, "低保")
    qtbot.waitUntil(lambda: cells(page) == ["张三丰"])
    choose(filters.status, "死亡")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty)
    assert page.count_label.text() == "符合条件 0 户"
    assert page.empty.title.text() == "没有符合筛选条件的户"
    assert page.empty.clear_button.isVisible() and not page.empty.demo_button.isVisible()
    qtbot.mouseClick(page.empty.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.count_label.text() == "共 3 户")
    assert page.stack.currentWidget() is page.table


def test_grid_filter_offers_villages_and_grids_by_name(
    store: Store, families: dict[str, str], qtbot: Any
) -> None:
    from gridapp.demo.load import load_demo

    load_demo(store, 20, seed=3, today=TODAY)  # a county with named places
    _window, page = open_list(store, qtbot)
    box = page.filters.grid
    labels = [box.itemText(i) for i in range(box.count())]
    assert labels[0] == "全部网格"
    assert any(t.endswith("（全村）") for t in labels)
    assert any("·第一网格" in t for t in labels)
    assert any(OTHER_GRID in t for t in labels)  # a grid only a household names
    grid_name = next(t for t in labels if "·第一网格" in t).strip("　")
    choose(box, grid_name)
    qtbot.waitUntil(lambda: page.count_label.text().startswith("符合条件"))
    settle(page, qtbot)
    assert set(shown(page, qtbot, "grid_code")) == {grid_name}  # names, not codes
    in_grid = page.model.rowCount()
    village = next(t for t in labels if t.endswith("（全村）"))
    choose(box, village)
    qtbot.waitUntil(lambda: page.model.filter.place_code != "")
    names = set(shown(page, qtbot, "grid_code"))
    assert page.model.rowCount() >= in_grid
    assert all(name.startswith(village.removesuffix("（全村）") + "·") for name in names)


def test_clicking_a_header_sorts(store: Store, families: dict[str, str], qtbot: Any) -> None:
    _window, page = open_list(store, qtbot)
    header = page.table.horizontalHeader()

    def click(column: str) -> None:
        section = COLUMN_OF[column]
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )
        settle(page, qtbot)

    assert shown(page, qtbot, "household_no") == ["360000001", "360000002", "360000003"]
    click("member_count")
    assert shown(page, qtbot) == ["王五", "李四海", "张三丰"]
    click("member_count")
    assert shown(page, qtbot) == ["张三丰", "李四海", "王五"]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    click("tags")  # cannot be sorted: the order and the indicator stay
    assert shown(page, qtbot) == ["张三丰", "李四海", "王五"]
    assert header.sortIndicatorSection() == COLUMN_OF["member_count"]


def test_enter_and_double_click_open_the_household(
    store: Store, families: dict[str, str], qtbot: Any
) -> None:
    window, page = open_list(store, qtbot)
    opened: list[str] = []
    household_page = window.pages["household"]
    original = household_page.show_household  # type: ignore[attr-defined]

    def record(household_id: str, person_id: str | None = None) -> None:
        opened.append(household_id)
        original(household_id, person_id)

    household_page.show_household = record  # type: ignore[attr-defined]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home)  # first row: 张三丰
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # second: 李四海
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is household_page
    assert opened == [families["li"]]

    window.show_page("households")
    settle(page, qtbot)
    rect = page.table.visualRect(page.model.index(2, COLUMN_OF["address"]))
    # A double click is a press and release, then a second press as a double click.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget() is household_page
    assert opened[-1] == families["wang"]


def test_a_write_elsewhere_reloads_the_list_and_keeps_the_selection(
    store: Store, families: dict[str, str], qtbot: Any
) -> None:
    window, page = open_list(store, qtbot)
    page.table.selectRow(1)
    assert page.model.current_id == families["li"]
    changes = HouseholdRepository(store).create_household(
        factories.zhang_family("360000000"), today=TODAY
    )  # sorts first: every row moves down one
    window.ctx.signals.data_changed.emit(changes)
    qtbot.waitUntil(lambda: page.count_label.text() == "共 4 户")
    settle(page, qtbot)
    assert page.table.currentIndex().row() == 2
    current = page.model.data(page.table.currentIndex(), ID_ROLE)
    assert current == families["li"]


def test_list_read_while_hidden_is_read_again_when_shown(
    store: Store, families: dict[str, str], qtbot: Any
) -> None:
    window, page = open_list(store, qtbot)
    window.show_page("home")
    changes = HouseholdRepository(store).create_household(
        factories.zhang_family("360000009"), today=TODAY
    )
    window.ctx.signals.data_changed.emit(changes)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy())
    assert page.count_label.text() == "共 3 户"  # nothing read for a hidden page
    window.show_page("households")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 4 户")


def test_empty_register_says_what_to_do_and_loads_demo_data(
    store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, page = open_list(store, qtbot)
    assert page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "还没有登记任何户"
    for button in (page.empty.import_button, page.empty.demo_button, page.empty.new_button):
        assert button.isVisible()
    asked: list[str] = []

    def answer(parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr("gridapp.ui.pages.households.DEMO_HOUSEHOLDS", 40)
    qtbot.mouseClick(page.empty.demo_button, Qt.MouseButton.LeftButton)
    assert asked and "演示" in asked[0]
    qtbot.waitUntil(lambda: page.count_label.text() == "共 40 户", timeout=20_000)
    assert page.stack.currentWidget() is page.table
    assert HouseholdRepository(store).stats()["households"] == 40


def test_import_button_opens_the_import_dialog(
    store: Store, families: dict[str, str], qtbot: Any
) -> None:
    _window, page = open_list(store, qtbot)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.import_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "导入花名册"
    dialog.close()
    choose(page.filters.population_type, "流动人口")
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 户")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    export = page.export_dialog
    assert export is not None and export.isVisible()
    assert export.filter_button.isChecked()  # type: ignore[attr-defined]
    assert "（1 户）" in export.filter_button.text()  # type: ignore[attr-defined]
    export.close()


def test_new_household_button_and_ctrl_n_open_the_form(
    store: Store, families: dict[str, str], qtbot: Any
) -> None:
    from gridapp.ui.forms.household_form import HouseholdDialog

    window, page = open_list(store, qtbot)

    def forms() -> list[HouseholdDialog]:
        return [d for d in window.findChildren(HouseholdDialog) if d.isVisible()]

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(forms()) == 1)
    forms()[0].hide()
    page.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(forms()) == 1)


def test_while_a_filter_is_read_the_count_says_so(
    store: Store, families: dict[str, str], qtbot: Any
) -> None:
    """A slow filter (seconds for a common value at a county's scale) must not leave the old
    count standing beside rows that are about to change."""
    import threading

    _window, page = open_list(store, qtbot)
    busy = threading.Event()
    page.ctx.tasks.submit(lambda ctx: busy.wait(10), quiet=True)  # the worker is occupied
    choose(page.filters.population_type, "流动人口")
    assert page.count_label.text() == "正在读取…"
    busy.set()
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 户")
