"""Watching the UI thread: how long the event loop goes without running.

A :class:`StallMonitor` runs a 5 ms timer on the UI thread and records the gaps between its
ticks; a gap of 130 ms means the UI thread was busy (or blocked) for about 125 ms. Used by
bench.ui_bench around every measured interaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer

TICK_MS = 5


class StallMonitor(QObject):
    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.worst = 0.0
        self.stalls: list[tuple[float, str]] = []  # gaps over 100 ms, with the phase
        self.phase = ""  # what the bench was doing (set by the bench)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last - TICK_MS / 1000
        self._last = now
        self.worst = max(self.worst, gap)
        if gap > 0.1:
            self.stalls.append((gap, self.phase))


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> float:
    """Process events until ``condition()``; returns the seconds it took (raises on timeout)."""
    started = time.perf_counter()
    app = QCoreApplication.instance()
    assert app is not None
    while not condition():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("condition not met")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
    return time.perf_counter() - started


def settle(seconds: float = 0.05) -> None:
    """Run the event loop for a moment."""
    end = time.perf_counter() + seconds
    app = QCoreApplication.instance()
    assert app is not None
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
