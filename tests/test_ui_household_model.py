"""The household table model: Qt-correct, lazy (bounded reads), read in the background,
sortable, filterable, and never touching the database on the UI thread."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from gridapp.demo.load import load_demo
from gridapp.store.household_list import HouseholdFilter, HouseholdRow
from gridapp.store.households import HouseholdRepository
from gridapp.ui.household_model import ID_ROLE, PLACEHOLDER, SORT_ROLE, HouseholdTableModel
from gridapp.ui.tasks import TaskRunner


class CountingRepository(HouseholdRepository):
    """Counts the list calls, the rows they return and the threads they run on."""

    def __init__(self, store: Any) -> None:
        super().__init__(store)
        self.calls: Counter[str] = Counter()
        self.rows_read = 0
        self.threads: set[int] = set()

    def _called(self, name: str) -> None:
        self.calls[name] += 1
        self.threads.add(threading.get_ident())

    def household_page(self, *args: Any, **kwargs: Any) -> list[HouseholdRow]:
        self._called("household_page")
        rows = super().household_page(*args, **kwargs)
        self.rows_read += len(rows)
        return rows

    def household_anchors(self, *args: Any, **kwargs: Any) -> list[Any]:
        self._called("household_anchors")
        return super().household_anchors(*args, **kwargs)

    def count_households(self, *args: Any, **kwargs: Any) -> int:
        self._called("count_households")
        return super().count_households(*args, **kwargs)


@pytest.fixture
def repo(store: Any) -> CountingRepository:
    load_demo(store, 300, seed=1, today=date(2026, 11, 1))
    return CountingRepository(store)


@pytest.fixture
def tasks(qapp: Any) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def settle(model: HouseholdTableModel, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: model.loaded and not model.loading)


def make(repo: CountingRepository, tasks: TaskRunner, qtbot: Any, **kw: Any) -> HouseholdTableModel:
    model = HouseholdTableModel(repo, tasks, **kw)
    settle(model, qtbot)
    return model


def cell(model: HouseholdTableModel, row: int, col: int, qtbot: Any, role: int = SORT_ROLE) -> Any:
    """What the cell shows once its page has arrived."""
    index = model.index(row, col)
    if model.data(index, ID_ROLE) is None:
        qtbot.waitUntil(lambda: model.data(index, ID_ROLE) is not None)
    return model.data(index, role)


def column(model: HouseholdTableModel, col: int, qtbot: Any, role: int = SORT_ROLE) -> list[Any]:
    return [cell(model, r, col, qtbot, role) for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any, qtmodeltester: Any
) -> None:
    model = make(repo, tasks, qtbot, page_size=40, max_pages=3)
    assert model.rowCount() == 300
    qtmodeltester.check(model)  # placeholders for most rows, pages queued
    settle(model, qtbot)
    qtmodeltester.check(model)
    model.set_filter(HouseholdFilter(status="3"))
    settle(model, qtbot)
    qtmodeltester.check(model)


def test_nothing_is_read_on_the_ui_thread(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any
) -> None:
    model = HouseholdTableModel(repo, tasks, page_size=20, max_pages=3)
    assert model.rowCount() == 0 and not model.loaded  # the count is on its way
    settle(model, qtbot)
    index = model.index(250, 0)
    assert model.data(index) == PLACEHOLDER  # not held: a placeholder, the page queued
    with qtbot.waitSignal(model.dataChanged):
        pass
    assert model.data(index) not in (None, PLACEHOLDER)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    settle(model, qtbot)
    assert threading.get_ident() not in repo.threads
    assert len(repo.threads) == 1  # the one worker


def test_headers_are_chinese_and_cells_show_labels(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any, qapp: Any
) -> None:
    from gridapp.ui.app import install_translators

    install_translators(qapp, "zh_CN")
    model = make(repo, tasks, qtbot)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["户号", "户主", "地址", "人数", "网格", "标签", "更新"]
    tags = [t for t in column(model, 5, qtbot, Qt.ItemDataRole.DisplayRole) if t]
    assert tags and all(t.isascii() is False for t in tags)
    assert any("留守妇女" in t for t in tags)
    code = cell(model, 0, 4, qtbot)
    model.set_grid_names({code: "石泉村·第一网格"})
    assert model.data(model.index(0, 4)) == "石泉村·第一网格"
    assert model.data(model.index(0, 4), SORT_ROLE) == code


def test_jump_to_last_row_reads_a_bounded_number_of_rows(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any
) -> None:
    model = make(repo, tasks, qtbot, page_size=20, max_pages=4)
    assert repo.calls["household_page"] == 1  # the first page came with the count
    last = model.rowCount() - 1
    assert cell(model, last, 0, qtbot) is not None
    assert repo.calls["household_page"] == 2
    assert repo.rows_read <= 40
    assert repo.calls["household_anchors"] == 1  # once per filter and order
    cell(model, 150, 2, qtbot)
    cell(model, 151, 2, qtbot)
    assert repo.calls["household_page"] == 3
    assert repo.calls["household_anchors"] == 1


def test_scrolling_keeps_a_bounded_window(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any
) -> None:
    model = make(repo, tasks, qtbot, page_size=20, max_pages=4)
    numbers = column(model, 0, qtbot)
    assert numbers == sorted(numbers) and len(set(numbers)) == 300
    assert repo.calls["household_page"] == 15  # every row once, a page at a time
    assert repo.calls["household_anchors"] == 0  # sequential pages continue by keyset
    assert len(model._pages) <= 4


def test_fast_scrolling_does_not_queue_the_whole_list(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any
) -> None:
    model = make(repo, tasks, qtbot, page_size=10, max_pages=3)
    for row in range(0, 300, 10):  # 30 pages asked for in one turn of the event loop
        model.data(model.index(row, 0))
    settle(model, qtbot)
    assert repo.calls["household_page"] <= 1 + 3 + 1  # first page, the newest 3, one running
    assert cell(model, 295, 0, qtbot) is not None


def test_sorting_requeries_in_the_new_order(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any
) -> None:
    model = make(repo, tasks, qtbot, page_size=50)
    for col in (0, 1, 2, 3, 4, 6):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(col, order)
            settle(model, qtbot)
            values = column(model, col, qtbot)
            numbers = column(model, 0, qtbot)
            keys = list(zip(values, numbers, strict=True))
            assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder)
    counts = column(model, 3, qtbot)
    assert all(isinstance(c, int) for c in counts)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    settle(model, qtbot)
    assert cell(model, 0, 3, qtbot) == max(counts)
    reads = repo.calls["count_households"]
    model.sort(5, Qt.SortOrder.AscendingOrder)  # 标签 cannot be sorted: nothing happens
    assert not model.loading and repo.calls["count_households"] == reads


def test_filter_changes_rows_and_count(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any
) -> None:
    model = make(repo, tasks, qtbot)
    grid = cell(model, 0, 4, qtbot)
    with qtbot.waitSignal(model.modelReset):
        model.set_filter(HouseholdFilter(grid_code=grid))
    assert 0 < model.rowCount() < 300
    assert set(column(model, 4, qtbot)) == {grid}
    ids = column(model, 0, qtbot, ID_ROLE)
    assert len(set(ids)) == model.rowCount()
    with qtbot.waitSignal(model.modelReset):
        model.set_filter(HouseholdFilter(text="没有这个名字的人"))
    assert model.rowCount() == 0


def test_a_newer_filter_wins_over_an_older_one_still_on_its_way(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any
) -> None:
    model = make(repo, tasks, qtbot)
    model.set_filter(HouseholdFilter(status="1"))
    model.set_filter(HouseholdFilter(status="3"))  # before the first one arrived
    settle(model, qtbot)
    assert model.filter == HouseholdFilter(status="3")
    assert model.rowCount() == repo.count_households(HouseholdFilter(status="3")) < 300


def test_jump_under_a_filter_and_order_matches_a_full_read(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any
) -> None:
    model = make(repo, tasks, qtbot, page_size=16, max_pages=2)
    grid = cell(model, 0, 4, qtbot)
    model.set_filter(HouseholdFilter(grid_code=grid))
    model.sort(2, Qt.SortOrder.DescendingOrder)
    settle(model, qtbot)
    last = model.rowCount() - 1
    jumped = [cell(model, r, 0, qtbot, ID_ROLE) for r in (last, 17, 0)]
    assert repo.calls["household_anchors"] == 1
    full = repo.household_page(HouseholdFilter(grid_code=grid), "address", None, 1000, True)
    assert jumped == [full[last].id, full[17].id, full[0].id]


def test_refresh_keeps_the_current_household_and_shows_new_values(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any
) -> None:
    model = make(repo, tasks, qtbot, page_size=25)
    model.sort(1, Qt.SortOrder.AscendingOrder)  # by head name
    settle(model, qtbot)
    chosen = cell(model, 40, 0, qtbot, ID_ROLE)
    head = next(m for m in repo.members(chosen) if m.relation == "02")
    repo.update_person(head.id, {"name": "丁一"})  # 丁 (U+4E01): now sorts near the top
    model.current_id = chosen
    with qtbot.waitSignal(model.reloaded) as blocker:
        model.refresh()
    [position] = blocker.args
    assert position < 40
    assert model.data(model.index(position, 0), ID_ROLE) == chosen  # its page came along
    assert model.data(model.index(position, 1)) == "丁一"


def test_a_new_filter_shows_its_first_page_before_it_is_counted(
    repo: CountingRepository, tasks: TaskRunner, qtbot: Any, qtmodeltester: Any
) -> None:
    """At scale the count of a common filter takes far longer than its first page: the page
    is shown first (the model holds just it and says it is counting), then the count adds
    the other rows; a filter with less than a page needs no count at all."""
    model = make(repo, tasks, qtbot, page_size=60)
    flt = HouseholdFilter(population_type="1")
    total = repo.count_households(flt)
    assert total > 60
    seen: list[tuple[int, bool]] = []
    model.reloaded.connect(lambda _row: seen.append((model.rowCount(), model.counting)))
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append(last - first + 1))
    qtmodeltester.check(model)  # and it keeps watching the reset and the insert below
    model.set_filter(flt)
    settle(model, qtbot)
    qtmodeltester.check(model)
    assert seen == [(60, True)]
    assert inserted == [total - 60]
    assert model.rowCount() == total and not model.counting
    assert cell(model, total - 1, 0, qtbot) is not None  # the last row is reachable

    repo.calls.clear()
    grid = model.row_at(0)
    assert grid is not None
    small = HouseholdFilter(grid_code=grid.grid_code)
    seen.clear()
    model.set_filter(small)
    settle(model, qtbot)
    expected = repo.count_households(small)
    assert expected < 60 and seen == [(expected, False)]
    assert repo.calls["count_households"] == 1  # the one just above: the model counted none
