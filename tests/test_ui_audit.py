"""设置 → 审计日志…: the audit viewer over a real SQLCipher register, driven by pytest-qt.

Filters narrow the list (read by keyset pages in the background), 校验 says 完整 on a clean
log and names the entry number of a tampered one, in red.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWidget

from gridapp.models.petition_flow import GRID_WORKER
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.audit_viewer import AuditDialog
from gridapp.ui.context import AppSignals, UiContext
from gridapp.ui.tasks import TaskRunner
from tests import factories
from tests.test_audit import _Clock, attacker, make_log
from tests.test_ui_forms import FakeNav

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)
WAIT = 10_000
Contexts = Callable[[Store], UiContext]


@pytest.fixture
def window(qtbot: Any, qapp: QApplication) -> QWidget:
    install_font(qapp)
    install_translators(qapp, "zh_CN")
    widget = QWidget()
    widget.resize(1000, 600)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def store(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """Four entries: 10-01 tester 新建户; 10-15 wang 修改人员信息 ×2; 11-02 tester 修改人员信息."""
    from gridapp.store import db as store_db

    monkeypatch.setattr(store_db, "datetime", _Clock)
    opened = Store.open(data_dir, create=True)
    repo = HouseholdRepository(opened)
    bundle = factories.zhang_family()
    head = bundle.members[0].id
    _Clock.moment = datetime(2026, 10, 1, 9, 0)
    repo.create_household(bundle)
    _Clock.moment = datetime(2026, 10, 15, 16, 30)
    opened.user_id = "wang"
    repo.update_person(head, {"phone": "13907920001"})
    repo.update_person(head, {"phone": "13907920002"})
    _Clock.moment = datetime(2026, 11, 2, 8, 0)
    opened.user_id = "tester"
    repo.update_person(head, {"phone": "13907920003"})
    yield opened
    opened.close()


@pytest.fixture
def contexts(window: QWidget) -> Iterator[Callable[[Store], UiContext]]:
    """A window context per store; their workers stopped before the stores close."""
    made: list[UiContext] = []

    def make(store: Store) -> UiContext:
        ctx = UiContext(
            store=store, tasks=TaskRunner(window), signals=AppSignals(window), nav=FakeNav()
        )
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.tasks.shutdown()


def open_dialog(qtbot: Any, ctx: UiContext, window: QWidget, page_size: int = 200) -> AuditDialog:
    dialog = AuditDialog(ctx, window, page_size=page_size)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.action.count() > 1, timeout=WAIT)
    return dialog


def settle(qtbot: Any, dialog: AuditDialog) -> None:
    model = dialog.model
    qtbot.waitUntil(lambda: model.loaded and not model.loading, timeout=WAIT)


def shown(qtbot: Any, dialog: AuditDialog, column: int = 0) -> list[str]:
    settle(qtbot, dialog)
    model = dialog.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_filters_narrow_the_list(
    qtbot: Any, window: QWidget, store: Store, contexts: Contexts
) -> None:
    dialog = open_dialog(qtbot, contexts(store), window)
    assert shown(qtbot, dialog) == ["4", "3", "2", "1"]  # newest first
    assert shown(qtbot, dialog, 3) == ["修改人员信息", "修改人员信息", "修改人员信息", "新建户"]
    assert shown(qtbot, dialog, 1)[3] == "2026-10-01 09:00:00"
    assert dialog.count_label.text() == "共 4 条"

    dialog.action.setCurrentIndex(dialog.action.findText("新建户"))
    assert shown(qtbot, dialog) == ["1"]
    dialog.action.setCurrentIndex(0)  # 全部操作
    dialog.user.setCurrentIndex(dialog.user.findText("wang"))
    assert shown(qtbot, dialog) == ["3", "2"]
    assert shown(qtbot, dialog, 2) == ["wang", "wang"]
    dialog.user.setCurrentIndex(0)

    dialog.since.setDate(QDate(2026, 10, 2))
    assert shown(qtbot, dialog) == ["4", "3", "2", "1"]  # the box is not ticked yet
    dialog.since_on.setChecked(True)
    assert shown(qtbot, dialog) == ["4", "3", "2"]
    dialog.until_on.setChecked(True)
    dialog.until.setDate(QDate(2026, 10, 31))
    assert shown(qtbot, dialog) == ["3", "2"]
    assert dialog.current_filter().since == date(2026, 10, 2)
    assert dialog.count_label.text() == "共 2 条"
    dialog.until.setDate(QDate(2026, 10, 3))
    assert shown(qtbot, dialog) == []
    assert dialog.count_label.text() == "共 0 条"


def test_verify_says_intact_on_a_clean_log(
    qtbot: Any, window: QWidget, store: Store, contexts: Contexts
) -> None:
    dialog = open_dialog(qtbot, contexts(store), window)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last is not None, timeout=WAIT)
    assert "完整" in dialog.verdict.text() and "共校验 4 条" in dialog.verdict.text()
    assert dialog.verify_button.isEnabled()
    foreground = dialog.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert foreground is None


def test_verify_names_the_tampered_entry(
    qtbot: Any, window: QWidget, store: Store, data_dir: Path, contexts: Contexts
) -> None:
    with attacker(data_dir, store.key.key) as conn:
        conn.execute("UPDATE audit_log SET user_id = 'nobody' WHERE seq = 3")
    dialog = open_dialog(qtbot, contexts(store), window)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last is not None, timeout=WAIT)
    text = dialog.verdict.text()
    assert "审计日志已被篡改" in text and "第 3 条被改动" in text
    assert "完整" not in text
    model = dialog.model
    colours = [model.index(r, 1).data(Qt.ItemDataRole.ForegroundRole) for r in range(4)]
    assert [c is not None for c in colours] == [False, True, False, False]  # row of entry 3


def test_a_long_log_is_read_a_page_at_a_time(
    qtbot: Any, window: QWidget, data_dir: Path, contexts: Contexts
) -> None:
    """60 entries in pages of 5: no read asks for more than a page, at most six pages are
    held, and the end of the list is reached by scrolling."""
    with Store.open(data_dir, create=True) as store:
        make_log(store, 60)
        ctx = contexts(store)
        dialog = open_dialog(qtbot, ctx, window, page_size=5)
        model = dialog.model
        limits: list[int] = []
        source = model.source
        real_page = source.page

        def page(*args: Any) -> Any:
            limits.append(args[3])
            return real_page(*args)

        source.page = page  # type: ignore[method-assign]
        assert model.rowCount() == 60 and dialog.count_label.text() == "共 60 条"
        assert model.index(0, 0).data() == "60"
        dialog.table.scrollToBottom()
        qtbot.waitUntil(lambda: model.index(59, 0).data() == "1", timeout=WAIT)
        settle(qtbot, dialog)
        assert limits and set(limits) == {5}
        assert len(model._pages) <= model.max_pages < 60 // 5
        ctx.tasks.shutdown()  # before the store closes


def test_a_grid_worker_is_refused(
    qtbot: Any, window: QWidget, store: Store, contexts: Contexts
) -> None:
    PetitionRepository(store).set_role(GRID_WORKER)
    dialog = AuditDialog(contexts(store), window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.verify_button.isEnabled(), timeout=WAIT)
    qtbot.waitUntil(lambda: not dialog.model.loading, timeout=WAIT)
    assert dialog.model.rowCount() == 0 and dialog.action.count() == 1
    assert dialog.verdict.text() == "您的角色无权查看审计日志。"


def test_screenshot(
    qtbot: Any, window: QWidget, store: Store, tmp_path: Path, contexts: Contexts
) -> None:
    """The dialog after 校验 on a tampered log (looked at by eye: ``GRIDAPP_SHOT=path``)."""
    import os

    with attacker(store.data_dir, store.key.key) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq = 2")
    dialog = open_dialog(qtbot, contexts(store), window)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last is not None, timeout=WAIT)
    assert "第 2 条缺失" in dialog.verdict.text()
    target = Path(os.environ.get("GRIDAPP_SHOT") or tmp_path / "audit.png")
    assert dialog.grab().save(str(target))


@pytest.mark.parametrize(("role", "shown"), [("secretary", True), (GRID_WORKER, False)])
def test_settings_offer_the_audit_log_to_those_who_may_read_it(
    qtbot: Any, window: QWidget, store: Store, contexts: Contexts, role: str, shown: bool
) -> None:
    from gridapp.ui.pages.settings import SettingsPage

    PetitionRepository(store).set_role(role)
    ctx = contexts(store)
    page = SettingsPage(ctx, window)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: not ctx.tasks._pending, timeout=WAIT)
    assert page.audit_button.isVisible() is shown
    assert page.audit_button.text() == "审计日志…"
    if shown:
        qtbot.mouseClick(page.audit_button, Qt.MouseButton.LeftButton)
        dialog = page.audit_dialog
        assert isinstance(dialog, AuditDialog) and dialog.isVisible()
        assert dialog.windowTitle() == "审计日志"
        settle(qtbot, dialog)
        assert dialog.model.rowCount() == 4
        dialog.close()
