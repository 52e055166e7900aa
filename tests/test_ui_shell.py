"""The window shell: home page, status bar, top bar, navigation keys, settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from gridapp.store import db as store_db
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.scope import WorkScope, save_scope
from gridapp.ui.app import BASE_POINT_SIZE, apply_font_percent, install_translators
from gridapp.ui.main_window import MainWindow
from gridapp.ui.tasks import TaskContext
from tests import factories

WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def chinese_and_normal_size() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "zh_CN")
    yield
    apply_font_percent(app, 100)


@pytest.fixture
def filled(store: Store) -> Store:
    HouseholdRepository(store).create_household(factories.zhang_family())
    return store


def open_window(qtbot: Any, store: Store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)
    return window


def idle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)


def test_opens_on_the_home_page_with_chinese_counts(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    home = window.pages["home"]
    assert window.stack.currentWidget() is home
    assert window.nav.currentItem().text() == "首页"
    assert "户数：1" in home.summary.text() and "登记人员：3" in home.summary.text()  # type: ignore[attr-defined]
    cards = home.cards  # type: ignore[attr-defined]
    captions = [card.caption.text() for card in cards.values()]
    assert captions == ["逾期诉求", "本周到期", "待回访", "待同步", "本月新增户", "本月迁出"]
    assert cards["new_households"].number.text() == "1"
    assert cards["overdue"].number.text() == "0"
    assert int(cards["pending"].number.text()) >= 4
    assert not home.empty_box.isVisible()  # type: ignore[attr-defined]


def test_status_bar_pending_count_rises_after_an_edit(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    assert window.online_label.text() == "○ 离线（未设置同步服务器）"
    assert window.last_sync_label.text() == "上次同步：从未同步"
    assert window.status_user_label.text() == "当前用户：tester"
    assert window.data_dir_label.toolTip() == str(filled.data_dir)
    assert window.data_dir_label.text().startswith("数据目录：")
    before = window.shell.sync.pending_changes  # type: ignore[union-attr]
    assert window.pending_label.text() == f"待同步 {before} 条"
    assert window.nav.item(5).text() == f"同步  ({before})"

    repo = HouseholdRepository(filled)
    household = repo.household_by_no("360000001")
    assert household is not None
    wang = next(p for p in repo.members(household.id) if p.name == "王芳")

    def edit(task_ctx: TaskContext) -> object:
        return repo.update_person(wang.id, {"phone": "13911112222"})

    window.tasks.submit(edit, on_done=window.signals.data_changed.emit)
    qtbot.waitUntil(
        lambda: window.pending_label.text() == f"待同步 {before + 1} 条", timeout=WAIT_MS
    )
    assert window.nav.item(5).text() == f"同步  ({before + 1})"
    home = window.pages["home"]
    qtbot.waitUntil(
        lambda: home.cards["pending"].number.text() == str(before + 1),  # type: ignore[attr-defined]
        timeout=WAIT_MS,
    )


def test_clock_warning_when_the_pc_clock_is_behind(
    qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Ahead(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Ahead:  # type: ignore[override]
            return cls.fromisoformat((datetime.now() + timedelta(days=2)).isoformat())

    # A change saved while the clock said two days later (it was set back since).
    monkeypatch.setattr(store_db, "datetime", Ahead)
    HouseholdRepository(store).create_household(factories.zhang_family())
    monkeypatch.undo()
    window = open_window(qtbot, store)
    assert window.clock_label.isVisible()
    assert window.clock_label.text().startswith("本机时钟可能不准")


def test_no_clock_warning_normally(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    assert not window.clock_label.isVisible()


def test_top_bar_shows_the_scope_and_the_user(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    assert window.scope_button.text() == "未选择工作范围"
    assert window.user_label.text() == "tester"
    save_scope(filled, WorkScope("360423100200", "石泉村", "360423100200-01", "第一网格"))
    window.refresh_shell()
    qtbot.waitUntil(lambda: window.scope_button.text() == "石泉村 · 第一网格", timeout=WAIT_MS)
    qtbot.mouseClick(window.scope_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["settings"]


def test_alt_keys_switch_pages(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.pages["households"]
    assert window.nav.currentItem().text() == "户籍人口"
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.pages["settings"]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.pages["home"]
    idle(qtbot, window)


def test_ctrl_f_focuses_the_search(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    window.nav.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search_box.hasFocus, timeout=WAIT_MS)


def test_home_cards_open_their_pages(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    cards = window.pages["home"].cards  # type: ignore[attr-defined]
    qtbot.mouseClick(cards["pending"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["sync"]
    window.show_page("home")
    qtbot.mouseClick(cards["new_households"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["households"]
    window.show_page("home")
    cards["overdue"].setFocus()
    qtbot.keyClick(cards["overdue"], Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.pages["petitions"]
    assert "诉求" in cards["overdue"].toolTip()
    idle(qtbot, window)


def test_print_the_monthly_ledgers_opens_the_ledgers_page(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    home = window.pages["home"]
    assert home.new_household_button.isEnabled()  # type: ignore[attr-defined]
    button = home.print_ledgers_button  # type: ignore[attr-defined]
    assert button.text() == "打印月度台账"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["reports"]
    idle(qtbot, window)


def test_record_an_activity_from_the_home_page(qtbot: Any, filled: Store) -> None:
    """记录活动 opens 党员双报到 at its 活动 tab with the 新增活动 form."""
    from PySide6.QtWidgets import QDialog

    window = open_window(qtbot, filled)
    button = window.pages["home"].record_activity_button  # type: ignore[attr-defined]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    party = window.pages["party"]
    assert window.stack.currentWidget() is party
    assert party.tabs.tabText(party.tabs.currentIndex()) == "活动"  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog)), timeout=5_000)
    dialog = next(d for d in window.findChildren(QDialog) if d.isVisible())
    assert "活动" in dialog.windowTitle()
    dialog.reject()
    idle(qtbot, window)


def test_register_a_petition_from_the_home_page(qtbot: Any, filled: Store) -> None:
    from gridapp.ui.dialogs.petition_register import registration_dialog

    window = open_window(qtbot, filled)
    button = window.pages["home"].register_petition_button  # type: ignore[attr-defined]
    assert button.isEnabled() and button.text() == "登记信访"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: registration_dialog(window) is not None, timeout=10_000)
    dialog = registration_dialog(window)
    assert dialog is not None and dialog.isVisible()
    idle(qtbot, window)
    dialog.close_without_asking()


def test_empty_register_offers_demo_data(qtbot: Any, store: Store) -> None:
    window = open_window(qtbot, store)
    home = window.pages["home"]
    assert home.empty_box.isVisible()  # type: ignore[attr-defined]
    assert home.cards["new_households"].number.text() == "0"  # type: ignore[attr-defined]
    qtbot.mouseClick(home.demo_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not home.empty_box.isVisible(), timeout=60_000)  # type: ignore[attr-defined]
    idle(qtbot, window)
    assert "户数：300" in home.summary.text()  # type: ignore[attr-defined]
    assert HouseholdRepository(store).count_households() == 300


def test_text_size_applies_at_once_and_is_kept(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    window.show_page("settings")
    idle(qtbot, window)
    settings = window.pages["settings"]
    combo = settings.font_size  # type: ignore[attr-defined]
    assert combo.currentText() == "100%"
    label = window.pages["home"].summary  # type: ignore[attr-defined]
    heading = window.pages["home"].heading  # type: ignore[attr-defined]
    before = (label.font().pointSizeF(), heading.font().pointSizeF())
    combo.setFocus()
    while combo.currentText() != "150%":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.5)
    assert label.font().pointSizeF() == pytest.approx(before[0] * 1.5)
    assert heading.font().pointSizeF() == pytest.approx(before[1] * 1.5)
    stored = json.loads((filled.data_dir / "settings.json").read_text("utf-8"))
    assert stored["font_percent"] == 150


def test_language_choice_is_kept_for_the_next_start(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    window.show_page("settings")
    settings = window.pages["settings"]
    combo = settings.language  # type: ignore[attr-defined]
    assert [combo.itemText(i) for i in range(combo.count())] == ["中文", "英文"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert settings.language_note.text().startswith("已保存")  # type: ignore[attr-defined]
    stored = json.loads((filled.data_dir / "settings.json").read_text("utf-8"))
    assert stored["language"] == "en"
    assert window.nav.item(1).text() == "户籍人口"  # not before the next start
    idle(qtbot, window)


def test_settings_show_the_data_folder_read_only(qtbot: Any, filled: Store) -> None:
    window = open_window(qtbot, filled)
    window.show_page("settings")
    data_dir = window.pages["settings"].data_dir  # type: ignore[attr-defined]
    assert data_dir.text() == str(filled.data_dir) and data_dir.isReadOnly()
    idle(qtbot, window)


def test_english_window(qtbot: Any, filled: Store) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "en")
    try:
        window = open_window(qtbot, filled)
        assert window.windowTitle() == "GridApp"
        assert [window.nav.item(i).text().split("  ")[0] for i in range(3)] == [
            "Home",
            "Households",
            "Party members",
        ]
        assert window.online_label.text() == "○ Offline (no sync server set up)"
        texts = [label.text() for label in window.statusBar().findChildren(QLabel)]
        assert not any("同步" in text for text in texts)
    finally:
        install_translators(app, "zh_CN")


def test_a_huge_pending_count_says_more_than(
    qtbot: Any, filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridapp.store import home as home_counts

    monkeypatch.setattr(home_counts, "PENDING_CAP", 3)
    window = open_window(qtbot, filled)
    assert window.pending_label.text() == "待同步 3+ 条"
    assert window.pages["home"].cards["pending"].number.text() == "3+"  # type: ignore[attr-defined]
