"""登记: registering a petition from the window (skeleton; the form follows)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gridapp.ui.context import UiContext


def start_registration(ctx: UiContext, parent: QWidget, person_id: str | None = None) -> None:
    """Open the registration form, with ``person_id`` as the first petitioner if given."""
