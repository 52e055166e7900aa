"""The household table model: Qt-correct, lazy (bounded reads), sortable, filterable."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from gridapp.demo.load import load_demo
from gridapp.store.household_list import HouseholdFilter, HouseholdRow
from gridapp.store.households import HouseholdRepository
from gridapp.ui.household_model import ID_ROLE, SORT_ROLE, HouseholdTableModel


class CountingRepository(HouseholdRepository):
    """Counts the list calls and the rows they return."""

    def __init__(self, store: Any) -> None:
        super().__init__(store)
        self.calls: Counter[str] = Counter()
        self.rows_read = 0

    def household_page(self, *args: Any, **kwargs: Any) -> list[HouseholdRow]:
        self.calls["household_page"] += 1
        rows = super().household_page(*args, **kwargs)
        self.rows_read += len(rows)
        return rows

    def household_anchors(self, *args: Any, **kwargs: Any) -> list[Any]:
        self.calls["household_anchors"] += 1
        return super().household_anchors(*args, **kwargs)

    def count_households(self, *args: Any, **kwargs: Any) -> int:
        self.calls["count_households"] += 1
        return super().count_households(*args, **kwargs)


@pytest.fixture
def repo(store: Any) -> CountingRepository:
    load_demo(store, 300, seed=1, today=date(2026, 11, 1))
    return CountingRepository(store)


def column(model: HouseholdTableModel, col: int, role: int = SORT_ROLE) -> list[Any]:
    return [model.data(model.index(r, col), role) for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(repo: CountingRepository, qtmodeltester: Any) -> None:
    model = HouseholdTableModel(repo, page_size=40, max_pages=3)
    assert model.rowCount() == 300
    qtmodeltester.check(model)


def test_headers_are_chinese_and_cells_show_labels(repo: CountingRepository, qapp: Any) -> None:
    from gridapp.ui.app import install_translators

    install_translators(qapp, "zh_CN")
    model = HouseholdTableModel(repo)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["户号", "户主", "地址", "人数", "网格", "标签", "更新"]
    tags = [t for t in column(model, 5, Qt.ItemDataRole.DisplayRole) if t]
    assert tags and all(t.isascii() is False for t in tags)
    assert any("留守妇女" in t for t in tags)


def test_jump_to_last_row_reads_a_bounded_number_of_rows(repo: CountingRepository) -> None:
    model = HouseholdTableModel(repo, page_size=20, max_pages=4)
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0)) is not None
    assert repo.calls["household_page"] == 1
    assert repo.rows_read <= 20
    assert repo.calls["household_anchors"] == 1  # once per filter and order
    model.data(model.index(150, 2))
    model.data(model.index(151, 2))
    assert repo.calls["household_page"] == 2
    assert repo.calls["household_anchors"] == 1


def test_scrolling_keeps_a_bounded_window(repo: CountingRepository) -> None:
    model = HouseholdTableModel(repo, page_size=20, max_pages=4)
    numbers = column(model, 0)
    assert numbers == sorted(numbers) and len(set(numbers)) == 300
    assert repo.calls["household_page"] == 15  # every row once, a page at a time
    assert repo.calls["household_anchors"] == 0  # sequential pages continue by keyset
    assert len(model._pages) <= 4


def test_sorting_requeries_in_the_new_order(repo: CountingRepository) -> None:
    model = HouseholdTableModel(repo, page_size=50)
    for col in (0, 1, 2, 3, 6):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(col, order)
            values = column(model, col)
            numbers = column(model, 0)
            keys = list(zip(values, numbers, strict=True))
            assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder)
    counts = column(model, 3)
    assert all(isinstance(c, int) for c in counts)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 3), SORT_ROLE) == max(counts)


def test_filter_changes_rows_and_count(repo: CountingRepository, qtbot: Any) -> None:
    model = HouseholdTableModel(repo)
    grid = model.data(model.index(0, 4))
    with qtbot.waitSignal(model.modelReset):
        model.set_filter(HouseholdFilter(grid_code=grid))
    assert 0 < model.rowCount() < 300
    assert set(column(model, 4)) == {grid}
    ids = column(model, 0, ID_ROLE)
    assert len(set(ids)) == model.rowCount()
    model.set_filter(HouseholdFilter(text="没有这个名字的人"))
    assert model.rowCount() == 0


def test_jump_under_a_filter_and_order_matches_a_full_read(repo: CountingRepository) -> None:
    model = HouseholdTableModel(repo, page_size=16, max_pages=2)
    grid = model.data(model.index(0, 4))
    model.set_filter(HouseholdFilter(grid_code=grid))
    model.sort(2, Qt.SortOrder.DescendingOrder)
    last = model.rowCount() - 1
    jumped = [model.data(model.index(r, 0), ID_ROLE) for r in (last, 17, 0)]
    assert repo.calls["household_anchors"] == 1
    full = repo.household_page(HouseholdFilter(grid_code=grid), "address", None, 1000, True)
    assert jumped == [full[last].id, full[17].id, full[0].id]
