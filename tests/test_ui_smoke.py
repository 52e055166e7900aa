"""The window opens with Chinese text from the bundled font and the translation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.main_window import MainWindow
from tests import factories


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_main_window_shows_chinese_counts(qtbot: object, store: Store) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_font(app) != ""
    install_translators(app, "zh_CN")
    HouseholdRepository(store).create_household(factories.zhang_family())
    window = MainWindow(store)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    assert window.windowTitle() == "网格通"
    summary = window.pages["home"].summary
    assert summary is not None
    # The counts are read on the background worker and arrive a moment later.
    qtbot.waitUntil(lambda: "户数：1" in summary.text())  # type: ignore[attr-defined]
    assert "登记人员：3" in summary.text()
    search = window.findChild(QLineEdit)
    assert search is not None and has_cjk(search.placeholderText())


@pytest.mark.parametrize("calls", [20_000])
def test_void_qt_calls_do_not_abort(qtbot: object, calls: int) -> None:
    """PySide6 6.12.0 aborts CPython 3.11 (none_dealloc) after ~5,000 void calls."""
    label = QLabel()
    qtbot.addWidget(label)  # type: ignore[attr-defined]
    for i in range(calls):
        label.setText(str(i))
    assert label.text() == str(calls - 1)
