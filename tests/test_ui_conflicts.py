"""The conflicts panel and the side-by-side dialog, driven by pytest-qt over two real PCs and a
county server (httpx's ASGI transport): the same choices as `gridapp conflicts resolve`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from gridapp.server import core
from gridapp.store import conflicts
from gridapp.store.households import HouseholdRepository
from gridapp.ui.app import install_font, install_translators
from gridapp.ui.conflicts_panel import ConflictsPanel
from gridapp.ui.context import AppSignals, UiContext
from gridapp.ui.dialogs.conflict import ConflictDialog
from gridapp.ui.tasks import TaskRunner
from tests import factories
from tests.test_sync_conflicts import PC, county, phone_conflict  # noqa: F401 (fixture)
from tests.test_ui_forms import FakeNav

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)
WAIT = 10_000


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
def pcs(county: sa.Engine, tmp_path: Path) -> Iterator[tuple[PC, PC]]:  # noqa: F811
    a, b = PC(tmp_path, "a", county), PC(tmp_path, "b", county)
    try:
        yield a, b
    finally:
        a.store.close()
        b.store.close()


def context(pc: PC, window: QWidget) -> UiContext:
    return UiContext(
        store=pc.store, tasks=TaskRunner(window), signals=AppSignals(window), nav=FakeNav()
    )


def open_dialog(qtbot: Any, panel: ConflictsPanel) -> ConflictDialog:
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=WAIT)
    panel.table.setFocus()
    panel.table.setCurrentCell(0, 2)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialogs = panel.findChildren(ConflictDialog)
    assert len(dialogs) == 1
    qtbot.waitExposed(dialogs[0])
    return dialogs[0]


def test_the_dialog_types_a_value_refuses_a_bad_one_and_settles_everywhere(
    qtbot: Any,
    tmp_path: Path,
    window: QWidget,
    county: sa.Engine,  # noqa: F811
    pcs: tuple[PC, PC],
) -> None:
    a, b = pcs
    head = phone_conflict(a, b)
    ctx = context(b, window)
    try:
        counts: list[int] = []
        panel = ConflictsPanel(ctx, window)
        panel.count_changed.connect(counts.append)
        panel.resize(960, 300)
        panel.show()
        qtbot.waitUntil(lambda: counts == [1], timeout=WAIT)
        cells = [panel.table.item(0, c).text() for c in range(6)]
        assert cells[1] == "两边都改了"
        assert "张三丰" in cells[2] and cells[3] == "联系方式"
        assert cells[4] == "13900000002" and cells[5] == "13900000001"
        assert panel.table.horizontalHeaderItem(4).text() == "本机"
        assert panel.table.horizontalHeaderItem(5).text() == "县里"

        dialog = open_dialog(qtbot, panel)
        phone = dialog.fields["phone"]
        assert phone.label.text() == "联系方式"
        assert (phone.local.text(), phone.server.text()) == ("13900000002", "13900000001")
        assert phone.take_server.isChecked() and not phone.edit.isEnabled()
        assert phone.take_local.text() == "采用本机" and phone.typed.text() == "手动修改"
        # docs/images/sync-conflict-dialog.png is this picture.
        qtbot.waitUntil(lambda: not dialog.scroll_area.verticalScrollBar().isVisible())
        assert dialog.grab().save(str(tmp_path / "sync-conflict-dialog.png"))

        # A typed number that is no phone number: shown under the field, nothing changed.
        phone.typed.click()
        assert phone.edit.isEnabled()
        phone.edit.clear()
        qtbot.keyClicks(phone.edit, "12345")
        outbox = b.store.query("SELECT count(*) AS n FROM outbox")
        dialog.save_button.click()
        qtbot.waitUntil(lambda: phone.message.isVisible(), timeout=WAIT)
        assert "号码" in phone.message.text() or "电话" in phone.message.text()
        assert dialog.isVisible()
        assert b.store.query("SELECT count(*) AS n FROM outbox") == outbox
        assert conflicts.open_count(b.store) == 1

        # A good one: saved, the dialog closes, the list empties.
        phone.edit.clear()
        qtbot.keyClicks(phone.edit, "13700000000")
        with qtbot.waitSignal(dialog.resolved, timeout=WAIT):
            dialog.save_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
        qtbot.waitUntil(lambda: counts[-1] == 0, timeout=WAIT)
        assert panel.empty.isVisible() and not panel.table.isVisible()
        assert b.phone(head) == "13700000000"
    finally:
        ctx.tasks.shutdown()

    b.sync()
    a.sync()
    assert a.phone(head) == b.phone(head) == "13700000000"
    assert core.record_state(county, "person", head)["data"]["phone"] == "13700000000"  # type: ignore[index]
    assert core.conflicts(county) == []
    cid = core.conflicts(county, status=None)[0]["conflict_id"]
    assert conflicts.get(a.store, cid).status == conflicts.get(b.store, cid).status == "resolved"


def test_on_the_other_pc_the_value_not_taken_is_marked(
    qtbot: Any,
    window: QWidget,
    pcs: tuple[PC, PC],
) -> None:
    a, b = pcs
    phone_conflict(a, b)
    ctx = context(a, window)
    try:
        panel = ConflictsPanel(ctx, window)
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=WAIT)
        assert panel.table.item(0, 4).text() == "13900000002（其他电脑）"
        dialog = open_dialog(qtbot, panel)
        assert dialog.fields["phone"].take_local.text() == "采用其他电脑的"
        dialog.fields["phone"].take_local.click()
        with qtbot.waitSignal(dialog.resolved, timeout=WAIT):
            dialog.save_button.click()
    finally:
        ctx.tasks.shutdown()
    a.sync()
    b.sync()
    head = a.store.query("SELECT id FROM person WHERE name = '张三丰'")[0]["id"]
    assert a.phone(head) == b.phone(head) == "13900000002"
    assert conflicts.open_count(a.store) == conflicts.open_count(b.store) == 0


def test_a_duplicate_is_acknowledged_and_the_other_record_opens(
    qtbot: Any,
    window: QWidget,
    county: sa.Engine,  # noqa: F811
    pcs: tuple[PC, PC],
) -> None:
    a, b = pcs
    HouseholdRepository(a.store).create_household(factories.zhang_family("360000009"))
    HouseholdRepository(b.store).create_household(factories.zhang_family("360000009"))
    a.sync()
    b.sync()
    ctx = context(b, window)
    try:
        panel = ConflictsPanel(ctx, window)
        qtbot.waitUntil(lambda: panel.table.rowCount() > 0, timeout=WAIT)
        kinds = [panel.table.item(r, 1).text() for r in range(panel.table.rowCount())]
        row = kinds.index("编号已被占用")
        conflict = panel.conflicts[row]
        assert panel.table.item(row, 2).text() == "户 360000009"
        dialog = ConflictDialog(ctx, conflict, panel)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.save_button.text() == "知道了" and not dialog.fields
        assert dialog.other_button is not None
        dialog.other_button.click()
        assert ctx.nav.calls == [("open_household", (conflict.other_id, None))]  # type: ignore[attr-defined]
        dialog = ConflictDialog(ctx, conflict, panel)
        dialog.show()
        with qtbot.waitSignal(dialog.resolved, timeout=WAIT):
            dialog.save_button.click()
        qtbot.waitUntil(
            lambda: conflict.conflict_id not in [c.conflict_id for c in panel.conflicts],
            timeout=WAIT,
        )
    finally:
        ctx.tasks.shutdown()
    b.sync()
    settled = {c["conflict_id"]: c["status"] for c in core.conflicts(county, status=None)}
    assert settled[conflict.conflict_id] == "resolved"
