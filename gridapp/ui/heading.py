"""Headings that keep their size relative to the application font.

A widget given its own font keeps that font's point size when the application font changes,
so a heading made once with ``font.setPointSizeF(x * 1.4)`` would not follow 设置 → 字号. A
:class:`Heading` recomputes its font from the application font whenever that changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QWidget


def scaled_font(factor: float, bold: bool = True) -> QFont:
    """The application font, ``factor`` times as large."""
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class Heading(QLabel):
    """A label in a larger (by default bold) version of the application font."""

    def __init__(
        self, text: str = "", parent: QWidget | None = None, factor: float = 1.4, bold: bool = True
    ) -> None:
        super().__init__(text, parent)
        self._factor = factor
        self._bold = bold
        self.setFont(scaled_font(factor, bold))

    def event(self, event: QEvent) -> bool:
        # Under a style sheet Qt does not send ApplicationFontChange; the main window polishes
        # again when the text size changes, which arrives here as StyleChange.
        if event.type() in (QEvent.Type.ApplicationFontChange, QEvent.Type.StyleChange):
            wanted = scaled_font(self._factor, self._bold)
            if wanted != self.font():
                self.setFont(wanted)
        return super().event(event)
