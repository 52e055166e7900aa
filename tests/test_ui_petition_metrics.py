"""月度统计 from the petition list: the month's figures per grid and in total."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTableWidget

from gridapp.models.petition_metrics import ALL_GRIDS
from gridapp.store.db import Store
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.dialogs.petition_metrics import PetitionMetricsDialog, percent
from tests.test_ui_petitions_page import Listed, chinese, days_ago, listed, open_list  # noqa: F401


def row_of(table: QTableWidget, label: str) -> list[str]:
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.text() == label:
            return [table.item(row, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
    raise AssertionError(f"no row {label!r}")


def test_the_dialog_shows_each_month_as_the_store_counts_it(
    store: Store,
    listed: Listed,  # noqa: F811  (the fixture imported above)
    qtbot: Any,
) -> None:
    _window, page = open_list(store, qtbot)
    dialog = page.show_metrics()
    assert isinstance(dialog, PetitionMetricsDialog)
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(10)]  # type: ignore[union-attr]
    assert headers[:4] == ["网格", "登记件数", "重复信访", "响应率"] and headers[-1] == "综合"
    repo = PetitionRepository(store)
    called_back = days_ago(78).strftime("%Y-%m")  # the closed petition's 回访 (满意)
    for month in {days_ago(0).strftime("%Y-%m"), called_back}:
        dialog.month.setCurrentIndex(dialog.month.findData(month))
        qtbot.waitUntil(lambda m=month: dialog.figures is not None and dialog.figures.month == m)
        want = repo.metrics(month, days_ago(0))[ALL_GRIDS]
        total = row_of(dialog.table, "合计")
        assert total[1] == str(want.registered) and total[3] == percent(want.response_rate)
        assert total[7] == percent(want.satisfaction_rate)
        if month == called_back:
            assert total[7] == "100.0%"
    dialog.reject()
