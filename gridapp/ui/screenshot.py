"""Render one page of the real window to a PNG file (``gridapp screenshot``).

The window is built over the store as a worker would see it, shown (off screen when the
caller chose the ``offscreen`` platform), the page is opened — for ``household`` the first
household of the list — and the picture is taken once the background worker has been idle
for a few turns of the event loop, so every count and table row has arrived.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize
from PySide6.QtWidgets import QApplication

from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.ui.main_window import ALL_PAGES, MainWindow

IDLE_TURNS = 5  # consecutive idle checks before the picture is taken
POLL_S = 0.01


def wait_until_idle(window: MainWindow, timeout_s: float = 120.0) -> None:
    """Process events until the window's worker has had nothing to do for a while."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + timeout_s
    idle = 0
    while idle < IDLE_TURNS:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        idle = 0 if window.tasks.busy() else idle + 1
        if time.monotonic() > deadline:
            raise TimeoutError(f"the window was still busy after {timeout_s:.0f} s")
        time.sleep(POLL_S)


def first_household_id(window: MainWindow) -> str | None:
    """The first household of the list (by household number), read on the worker."""
    found: list[str | None] = []
    store = window.store

    def run(_ctx: object) -> str | None:
        rows = HouseholdRepository(store).household_page(None, "household_no", None, 1)
        return rows[0].id if rows else None

    window.tasks.submit(run, on_done=found.append)
    wait_until_idle(window)
    return found[0] if found else None


def take_screenshot(store: Store, page: str, output: Path, size: QSize) -> QSize:
    """Save ``page`` of a window of ``size`` (logical pixels) to ``output``; returns the
    picture's size in device pixels (``size`` times the scale factor)."""
    if page not in ALL_PAGES:
        raise ValueError(f"unknown page {page!r}; one of {', '.join(ALL_PAGES)}")
    window = MainWindow(store)
    try:
        window.resize(size)
        window.show()
        wait_until_idle(window)
        if page == "household":
            household_id = first_household_id(window)
            if household_id is not None:
                window.open_household(household_id)
            else:
                window.show_page(page)
        else:
            window.show_page(page)
        wait_until_idle(window)
        picture = window.grab()
        output.parent.mkdir(parents=True, exist_ok=True)
        if not picture.save(str(output), "PNG"):
            raise OSError(f"could not write {output}")
        return picture.size()
    finally:
        window.close()
        window.deleteLater()
