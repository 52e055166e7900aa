"""Honest placeholders for the pages later issues fill in.

Each says what the page will hold and which issue brings it, rather than showing an empty
table that looks broken.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gridapp.ui.context import UiContext
from gridapp.ui.heading import Heading
from gridapp.ui.pages.base import Page


class PlaceholderPage(Page):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        heading = Heading(self.title(), self)
        heading.setObjectName("pageHeading")
        text = QLabel(self.explanation(), self)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addStretch(1)

    def explanation(self) -> str:
        raise NotImplementedError
