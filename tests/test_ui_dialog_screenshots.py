"""Pictures of the dialogs for the user guide, and what they showed at 150 % text size: the
status bar fits a 1280-pixel window, a wrapped message under a field is not cut off."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gridapp.models.petition import Petition, Petitioner
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.app import apply_font_percent, install_font, install_translators
from gridapp.ui.main_window import MainWindow
from gridapp.ui.screenshot import (
    DIALOG_NAMES,
    open_sample_dialog,
    take_dialog_screenshot,
    wait_until_idle,
)
from tests import factories
from tests.fixtures.rosters import bad_checksum, sample, write_xlsx

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)
TABLES = (
    "household",
    "person",
    "person_tag",
    "household_event",
    "petition",
    "petition_petitioner",
    "petition_progress",
    "petition_attachment",
    "outbox",
    "audit_log",
)


@pytest.fixture(autouse=True)
def chinese_font(qapp: QApplication) -> Iterator[QApplication]:
    app = qapp
    install_font(app)
    install_translators(app, "zh_CN")
    yield app
    apply_font_percent(app, 100)


@pytest.fixture
def filled(store: Store) -> Store:
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    # An accepted petition: the 延期 dialog needs one whose handling period runs.
    repo = PetitionRepository(store)
    saved = repo.register(
        Petition(factories.uid(), "", date.today(), "visit", "claim", summary="村道路灯损坏"),
        [Petitioner(factories.uid(), "", "", person_id=bundle.members[0].id, is_primary=True)],
    )
    repo.advance(saved.id, "accept", {"method": "written"}, on=date.today())
    return store


def contents(store: Store) -> dict[str, str]:
    found = {}
    for name in TABLES:
        rows = store.conn.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall()
        found[name] = hashlib.sha256(json.dumps(rows).encode()).hexdigest()
    return found


def distinct_colours(path: Path) -> int:
    image = QImage(str(path)).scaled(160, 100)
    return len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())})


def test_every_dialog_is_pictured_and_nothing_is_saved(filled: Store, tmp_path: Path) -> None:
    rows = sample()
    rows[0]["公民身份号码"] = bad_checksum(str(rows[0]["公民身份号码"]))
    roster = write_xlsx(tmp_path / "花名册.xlsx", rows)
    before = contents(filled)
    for name in DIALOG_NAMES:
        out = tmp_path / f"{name}.png"
        size = take_dialog_screenshot(filled, name, out, QSize(1280, 800), roster=roster)
        assert size.width() >= 300 and size.height() >= 150, name
        assert distinct_colours(out) > 10, name  # something was drawn
    assert contents(filled) == before


def test_status_bar_fits_at_150_percent(
    filled: Store, qtbot: Any, chinese_font: QApplication
) -> None:
    apply_font_percent(chinese_font, 150)
    window = MainWindow(filled)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    wait_until_idle(window)
    for label in (
        window.online_label,
        window.last_sync_label,
        window.pending_label,
        window.status_user_label,
    ):
        assert label.width() >= label.sizeHint().width(), label.text()  # nothing cut off
    path = window.data_dir_label
    assert path.width() >= path.minimumSizeHint().width()
    assert path.text().startswith("数据目录：") and path.toolTip() == str(filled.data_dir)
    full = path.fontMetrics().horizontalAdvance("数据目录：" + str(filled.data_dir))
    if full > path.width():
        assert "…" in path.text()  # shortened in the middle, not cut at the end


def test_a_long_field_message_is_not_cut_off_at_150_percent(
    filled: Store, qtbot: Any, chinese_font: QApplication
) -> None:
    apply_font_percent(chinese_font, 150)
    window = MainWindow(filled)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    wait_until_idle(window)
    dialog = open_sample_dialog(window, "member")  # a one-digit-short phone number typed
    try:
        message = dialog.form.fields["phone"].message  # type: ignore[attr-defined]
        assert message.isVisible() and "电话号码无效" in message.text()
        assert message.height() >= message.heightForWidth(message.width())
    finally:
        dialog.hide()
        dialog.deleteLater()
