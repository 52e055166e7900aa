"""First run: the wizard asks for the work scope, and for data when the register is empty."""

from __future__ import annotations

import sys
import types
import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMessageBox, QWidget

from gridapp.models.places import Place
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.scope import WorkScope, load_scope, save_scope
from gridapp.ui.app import install_translators
from gridapp.ui.main_window import MainWindow
from gridapp.ui.wizard import DEMO_HOUSEHOLDS, FirstRunWizard
from tests import factories

WAIT_MS = 60_000


@pytest.fixture(autouse=True)
def chinese() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "zh_CN")


def start(qtbot: Any, store: Store) -> MainWindow:
    window = MainWindow(store, first_run=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)
    return window


def wizard_of(window: MainWindow) -> FirstRunWizard:
    wizard = window.wizard
    assert isinstance(wizard, FirstRunWizard)
    return wizard


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Pick ``text`` with the keyboard, as a worker would (arrows through the list)."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, [combo.itemText(i) for i in range(combo.count())]


def add_places(store: Store) -> None:
    places = [
        Place(str(uuid.uuid4()), "360423100", "新宁镇", "township", "360423"),
        Place(str(uuid.uuid4()), "360423100200", "石泉村", "village", "360423100"),
        Place(str(uuid.uuid4()), "360423100200-01", "第一网格", "grid", "360423100200"),
        Place(str(uuid.uuid4()), "360423100200-02", "第二网格", "grid", "360423100200"),
        Place(str(uuid.uuid4()), "360423100201", "桃源村", "village", "360423100"),
    ]
    with store.write("test places") as capture:
        insert_records(capture, "place", places)


def test_empty_register_offers_data_then_the_demo_county_places(qtbot: Any, store: Store) -> None:
    window = start(qtbot, store)
    wizard = wizard_of(window)
    assert wizard.isVisible() and wizard.pages.currentWidget() is wizard.data_step
    assert "载入演示数据" in wizard.demo_button.text()
    qtbot.mouseClick(wizard.skip_data_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentWidget() is wizard.scope_step, timeout=WAIT_MS)
    assert wizard.from_demo_list and "演示县" in wizard.source_label.text()
    picker = wizard.picker
    assert picker.township.count() > 0 and picker.village.count() > 0
    assert picker.grid.itemText(0) == "全村（不限网格）"
    choose(qtbot, picker.grid, picker.grid.itemText(1))
    chosen = picker.scope()
    assert chosen is not None and chosen.grid_code.startswith(chosen.village_code + "-")
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert load_scope(store) == chosen
    qtbot.waitUntil(
        lambda: window.scope_button.text() == f"{chosen.village_name} · {chosen.grid_name}",
        timeout=WAIT_MS,
    )


def test_demo_data_from_the_wizard(qtbot: Any, store: Store) -> None:
    window = start(qtbot, store)
    wizard = wizard_of(window)
    qtbot.mouseClick(wizard.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentWidget() is wizard.scope_step, timeout=WAIT_MS)
    assert HouseholdRepository(store).count_households() == DEMO_HOUSEHOLDS
    # Now the places come from the register (the same county the list offered before).
    assert not wizard.from_demo_list
    village = wizard.picker.scope()
    assert village is not None
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: load_scope(store) == village, timeout=WAIT_MS)
    home = window.pages["home"]
    qtbot.waitUntil(lambda: "户数：300" in home.summary.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]


def test_register_with_data_asks_only_for_the_scope(qtbot: Any, store: Store) -> None:
    HouseholdRepository(store).create_household(factories.zhang_family())
    add_places(store)
    window = start(qtbot, store)
    wizard = wizard_of(window)
    assert wizard.pages.currentWidget() is wizard.scope_step
    assert not wizard.from_demo_list
    picker = wizard.picker
    assert [picker.village.itemText(i) for i in range(picker.village.count())] == [
        "石泉村",
        "桃源村",
    ]
    choose(qtbot, picker.grid, "第二网格")
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert load_scope(store) == WorkScope(
        "360423100200", "石泉村", "360423100200-02", "第二网格", "新宁镇"
    )


def test_whole_village_scope(qtbot: Any, store: Store) -> None:
    HouseholdRepository(store).create_household(factories.zhang_family())
    add_places(store)
    window = start(qtbot, store)
    wizard = wizard_of(window)
    choose(qtbot, wizard.picker.village, "桃源村")
    assert wizard.picker.grid.currentText() == "全村（不限网格）"
    qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    scope = load_scope(store)
    assert scope is not None and (scope.village_name, scope.grid_code) == ("桃源村", "")
    qtbot.waitUntil(lambda: window.scope_button.text() == "桃源村", timeout=WAIT_MS)


def test_later_leaves_the_scope_unset(qtbot: Any, store: Store) -> None:
    HouseholdRepository(store).create_household(factories.zhang_family())
    window = start(qtbot, store)
    wizard = wizard_of(window)
    qtbot.mouseClick(wizard.later_button, Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    assert load_scope(store) is None
    assert window.scope_button.text() == "未选择工作范围"


def test_no_wizard_once_a_scope_is_chosen(qtbot: Any, store: Store) -> None:
    save_scope(store, WorkScope("360423100200", "石泉村"))
    window = start(qtbot, store)
    assert window.wizard is None
    assert window.scope_button.text() == "石泉村"


def test_no_wizard_without_first_run(qtbot: Any, store: Store) -> None:
    window = MainWindow(store)  # as tests and screenshots build it
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)
    assert window.wizard is None


def test_import_button_opens_the_import_dialog(
    qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[object, QWidget | None]] = []

    class FakeImportDialog(QDialog):
        """Stands in for gridapp.ui.dialogs.import_export.ImportDialog (another module)."""

        def __init__(self, ctx: object, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            opened.append((ctx, parent))

    module = types.ModuleType("gridapp.ui.dialogs.import_export")
    module.ImportDialog = FakeImportDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gridapp.ui.dialogs.import_export", module)
    window = start(qtbot, store)
    wizard = wizard_of(window)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert opened == [(window.ctx, wizard)]
    dialog = wizard.findChild(FakeImportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()  # closing the import dialog moves on to the scope
    qtbot.waitUntil(lambda: wizard.pages.currentWidget() is wizard.scope_step, timeout=WAIT_MS)


def test_import_missing_is_said(qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setitem(sys.modules, "gridapp.ui.dialogs.import_export", None)
    monkeypatch.setattr(
        QMessageBox, "information", lambda parent, title, text, *a: shown.append(text) or 0
    )
    window = start(qtbot, store)
    wizard = wizard_of(window)
    qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert shown == ["此版本还不能导入花名册。"]
    qtbot.waitUntil(lambda: wizard.pages.currentWidget() is wizard.scope_step, timeout=WAIT_MS)
