"""The base class of the window's pages."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QWidget

from gridapp.ui.context import UiContext


class Page(QWidget):
    """One page of the stacked area. Subclasses set ``name`` (as used by
    ``gridapp screenshot --page NAME`` and ``ctx.nav.show_page``)."""

    name: ClassVar[str] = ""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page_{self.name}")

    def title(self) -> str:
        """The translated title shown in the navigation."""
        raise NotImplementedError

    def activated(self) -> None:
        """Called each time the page is shown: reload what may have changed (off the UI
        thread, through ``self.ctx.tasks``)."""

    def focus_widget(self) -> QWidget | None:
        """Where typing starts when the page is shown (None: leave focus alone)."""
        return None
