"""结账 / 反结账 on the 台账报表 page, in the real window over a real store with a demo village:
the secretary closes last month (the store keeps it closed, with its signed copies and an
audit entry), reopens it with a reason (audit), and a grid worker's PC may do neither."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from gridapp.models import petition_flow
from gridapp.models.ledger import PARTY_FEEDBACK, SUMMARY
from gridapp.store.db import Store
from gridapp.store.month_close import MonthCloseRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.ledger_jobs import default_month
from tests.test_ui_reports import TODAY, VILLAGE, chinese, open_page, village  # noqa: F401

LAST_MONTH = default_month(TODAY)


def audit(store: Store, action: str) -> list[dict[str, Any]]:
    return store.query("SELECT action, detail FROM audit_log WHERE action = ?", (action,))


def test_secretary_closes_and_reopens_last_month(
    village: Store,  # noqa: F811
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _window, page = open_page(village, qtbot)
    kinds = page.kinds
    qtbot.waitUntil(lambda: kinds.close_month.isEnabled())
    assert not kinds.reopen_month.isEnabled()
    assert "杨堡村" in kinds.closing_status.text() and "未结账" in kinds.closing_status.text()

    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    kinds.close_month.click()
    qtbot.waitUntil(lambda: kinds.reopen_month.isEnabled(), timeout=60_000)
    assert "杨堡村" in asked[0] and "更正" in asked[0]
    assert not kinds.close_month.isEnabled()
    assert "已结账" in kinds.closing_status.text()
    repo = MonthCloseRepository(village)
    assert repo.status(LAST_MONTH, VILLAGE).closed
    assert repo.copy(LAST_MONTH, VILLAGE, SUMMARY)  # the signed copy kept
    assert len(audit(village, "month_close")) == 1

    # A grid of the village shows the village's month.
    page.choices.scope.setCurrentIndex(page.choices.scope.findData(VILLAGE + "-02"))
    qtbot.waitUntil(lambda: "已结账" in kinds.closing_status.text())

    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *a, **k: ("台账中一户迁出日期录错", True)
    )
    kinds.reopen_month.click()
    qtbot.waitUntil(lambda: kinds.close_month.isEnabled(), timeout=30_000)
    assert not repo.status(LAST_MONTH, VILLAGE).closed
    (entry,) = audit(village, "month_reopen")
    assert "台账中一户迁出日期录错" in entry["detail"]
    assert "反结账" in kinds.closing_status.text() or "未结账" in kinds.closing_status.text()
    assert village.verify_audit() == []


def test_reopening_without_a_reason_is_refused_calmly(
    village: Store,  # noqa: F811
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    MonthCloseRepository(village).close(LAST_MONTH, VILLAGE)
    _window, page = open_page(village, qtbot)
    kinds = page.kinds
    qtbot.waitUntil(lambda: kinds.reopen_month.isEnabled())
    warnings: list[str] = []
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("  ", True))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    kinds.reopen_month.click()
    qtbot.waitUntil(lambda: bool(warnings) and kinds.reopen_month.isEnabled())
    assert "原因" in warnings[0]
    assert MonthCloseRepository(village).status(LAST_MONTH, VILLAGE).closed
    assert audit(village, "month_reopen") == []


def test_a_grid_workers_pc_may_not_close(village: Store, qtbot: Any) -> None:  # noqa: F811
    PetitionRepository(village).set_role(petition_flow.GRID_WORKER)
    _window, page = open_page(village, qtbot)
    kinds = page.kinds
    qtbot.waitUntil(lambda: "书记" in kinds.closing_status.text())
    assert not kinds.close_month.isEnabled() and not kinds.reopen_month.isEnabled()


def test_the_running_month_and_the_feedback_sheet_cannot_be_closed(
    village: Store,  # noqa: F811
    qtbot: Any,
) -> None:
    _window, page = open_page(village, qtbot)
    kinds = page.kinds
    page.choices.choose_month(TODAY.replace(day=1))
    qtbot.waitUntil(lambda: "尚未结束" in kinds.closing_status.text())
    assert not kinds.close_month.isEnabled()
    kinds.choose(PARTY_FEEDBACK)
    assert not kinds.close_month.isEnabled() and "反馈表" in kinds.closing_status.text()
