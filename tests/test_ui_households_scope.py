"""户籍人口 opens on this computer's work area: a grid worker sees their own grid first."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.scope import WorkScope, save_scope
from gridapp.ui.app import install_translators
from gridapp.ui.main_window import MainWindow
from tests import factories

OTHER_GRID = "360423100201-02"
WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def chinese(qapp: Any) -> None:
    install_translators(qapp, "zh_CN")


def test_the_list_starts_at_the_work_area(store: Store, qtbot: Any) -> None:
    repo = HouseholdRepository(store)
    repo.create_household(factories.zhang_family())
    other = factories.household(
        "360000002", "沙田社区柳山路2号", [factories.person("李四海", "02", date(1975, 3, 3), True)]
    )
    other.household.grid_code = OTHER_GRID
    repo.create_household(other)
    save_scope(store, WorkScope("360423100201", "沙田社区", OTHER_GRID, "第二网格"))

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.show_page("households")
    page: Any = window.pages["households"]
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件 1 户", timeout=WAIT_MS)
    # The rows come first; the filter panel's places are read after them (by design: at
    # 300,000 households they take longer), and then the grid box shows the work area.
    qtbot.waitUntil(
        lambda: page.filters.grid.currentData() == ("grid", OTHER_GRID), timeout=WAIT_MS
    )
    assert page.count_label.text() == "符合条件 1 户"
    assert page.model.filter.grid_code == OTHER_GRID
