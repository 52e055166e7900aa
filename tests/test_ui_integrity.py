"""The start-up integrity check runs beside the window's work and speaks up when it fails."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

from gridapp.store.db import Store
from gridapp.ui.app import install_translators
from gridapp.ui.main_window import MainWindow
from gridapp.ui.tasks import TaskRunner
from tests.test_store_files import damage_a_data_page, filled

WAIT_MS = 20_000


def open_window(qtbot: Any, data_dir: Path) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "zh_CN")
    store = Store.open(data_dir, check=False)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.check_integrity()
    qtbot.waitUntil(lambda: window.integrity is not None, timeout=WAIT_MS)
    return window


def test_a_sound_file_passes_quietly(qtbot: Any, data_dir: Path) -> None:
    filled(data_dir)
    window = open_window(qtbot, data_dir)
    assert window.integrity == []
    assert not window.integrity_label.isVisible()
    # Then the planner got its statistics (the list's filters depend on them at scale).
    [row] = window.store.query("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'person'")
    assert row["n"] > 0
    assert window.findChild(QMessageBox, "integrityMessage") is None
    window.close()
    window.store.close()


def test_a_damaged_file_gets_a_message_and_a_red_mark(qtbot: Any, data_dir: Path) -> None:
    filled(data_dir)
    damage_a_data_page(data_dir)
    window = open_window(qtbot, data_dir)
    assert window.integrity
    assert window.integrity_label.isVisible()
    assert "损坏" in window.integrity_label.text()
    box = window.findChild(QMessageBox, "integrityMessage")
    assert box is not None and box.isVisible()
    assert "完整性" in box.text() and "技术人员" in box.text() and "backups" in box.text()
    box.accept()
    window.close()
    window.store.close()


def test_shutdown_stops_a_job_beside_the_queue(qtbot: Any) -> None:
    """Closing the window does not wait 25 s for the check: the job sees ``stopping()``."""
    runner = TaskRunner()
    started = threading.Event()
    results: list[object] = []

    def long_check(stopping: Any) -> str:
        started.set()
        while not stopping():
            threading.Event().wait(0.01)
        return "stopped"

    runner.beside(long_check, on_done=results.append, on_error=results.append)
    assert started.wait(5)
    runner.shutdown()  # returns only once the job has returned
    qtbot.wait(50)
    assert results == []  # no callback after shutdown
