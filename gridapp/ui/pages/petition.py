"""One petition (skeleton): its fields, petitioners, progress and the next steps follow."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gridapp.ui.context import UiContext
from gridapp.ui.heading import Heading
from gridapp.ui.pages.base import Page


class PetitionPage(Page):
    name = "petition"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.heading = Heading(self.tr("Petition"), self)
        self.note = QLabel(self.tr("No petition chosen."), self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.petition_id: str | None = None

    def title(self) -> str:
        return self.tr("Petition")

    def show_petition(self, petition_id: str) -> None:
        self.petition_id = petition_id
