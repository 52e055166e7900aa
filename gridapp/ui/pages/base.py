"""The base class of the window's pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from PySide6.QtWidgets import QWidget

from gridapp.store.db import Changes
from gridapp.ui.context import UiContext


class Page(QWidget):
    """One page of the stacked area. Subclasses set ``name`` (as used by
    ``gridapp screenshot --page NAME`` and ``ctx.nav.show_page``)."""

    name: ClassVar[str] = ""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page_{self.name}")
        # Data changed while the page was hidden: activated() reloads it when it is shown.
        self._stale = False

    def title(self) -> str:
        """The translated title shown in the navigation."""
        raise NotImplementedError

    def activated(self) -> None:
        """Called each time the page is shown: reload what may have changed (off the UI
        thread, through ``self.ctx.tasks``)."""

    def focus_widget(self) -> QWidget | None:
        """Where typing starts when the page is shown (None: leave focus alone)."""
        return None

    @staticmethod
    def touches(changes: Changes | None, tables: Iterable[str]) -> bool:
        """Whether a write's ``changes`` (None: anything may have changed) touch ``tables``."""
        return changes is None or any(changes.touches(t) for t in tables)

    def refresh_when_seen(self, reload: Callable[[], None]) -> None:
        """After a change of what the page shows: reload now if it is on screen, else mark
        it stale so that :meth:`activated` reloads it when it is shown (no reads for pages
        nobody looks at)."""
        if self.isVisible():
            reload()
        else:
            self._stale = True
