"""诉求信访: the petition list (skeleton; the list with filters and traffic lights follows)."""

from __future__ import annotations

from gridapp.ui.pages.placeholders import PlaceholderPage


class PetitionsPage(PlaceholderPage):
    name = "petitions"

    def title(self) -> str:
        return self.tr("Petitions")

    def explanation(self) -> str:
        return self.tr(
            "Registering petitions, the statutory workflow with its deadlines and the "
            "monthly figures will be kept here. This page is not built yet."
        )
