"""What every page and dialog of the window shares: the store, the worker, navigation.

Pages never reach for each other or for the main window directly; they hold a
:class:`UiContext` and go through ``ctx.nav`` to move around and ``ctx.signals`` to say that
data changed (every page that shows that data refreshes itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from gridapp.store.db import Store
from gridapp.ui.tasks import TaskRunner


class AppSignals(QObject):
    """Application-wide notifications, emitted on the main thread."""

    # A write finished: gridapp.store.db.Changes (or None when unknown). Pages showing
    # the changed tables reload what they hold.
    data_changed = Signal(object)
    # The text size (percent, 100-175) or language changed in the settings.
    appearance_changed = Signal()


class Navigator(Protocol):
    """Moving around the window (implemented by MainWindow)."""

    def show_page(self, name: str) -> None: ...

    def open_household(self, household_id: str, person_id: str | None = None) -> None: ...

    def open_person(self, person_id: str) -> None: ...

    def new_household(self) -> None: ...

    def open_petition(self, petition_id: str) -> None: ...

    def register_petition(self, person_id: str | None = None) -> None: ...

    def record_activity(self) -> None: ...

    def show_petitions(self, kind: str = "") -> None:
        """The petition list; with ``kind`` ("overdue", "due_week", "callback") filtered
        to that (the home page's cards)."""


@dataclass
class UiContext:
    store: Store
    tasks: TaskRunner
    signals: AppSignals
    nav: Navigator
