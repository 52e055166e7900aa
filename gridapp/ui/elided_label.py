"""A label for a long value (a folder path) that gives up width before anything else does.

The status bar holds several labels; at a large text size (设置 → 字号 150 %) on a
1280-pixel-wide window they no longer fit and Qt would cut all of them. This label asks for
its whole text but accepts much less: the value is then elided in the middle
(``/home/zhang/…/GridApp``) to the width it is given, and the full value is in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

MIN_VALUE_CHARS = 3  # room for "/…a": the tooltip and 设置 show the whole value


class ElidedLabel(QLabel):
    """``template`` with ``{value}`` replaced by ``value``, elided in the middle to fit."""

    def __init__(
        self,
        template: str,
        value: str,
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.value = value
        self.mode = mode  # ElideRight for a name followed by its role
        self.setToolTip(value)
        self._fit()

    def set_value(self, value: str) -> None:
        """Show another value (the account logged in after 切换账户)."""
        self.value = value
        self.setToolTip(value)
        self.updateGeometry()
        self._fit()

    def full_text(self) -> str:
        return self.template.replace("{value}", self.value)

    def _overhead(self) -> int:
        """Width the label needs beside its text (margins, style sheet padding)."""
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text())

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        room = self.width() - self._overhead()
        if metrics.horizontalAdvance(self.full_text()) <= room:
            shown = self.value
        else:
            prefix = self.template.replace("{value}", "")
            room -= metrics.horizontalAdvance(prefix)
            shown = metrics.elidedText(self.value, self.mode, max(room, 0))
        text = self.template.replace("{value}", shown)
        if text != self.text():
            super().setText(text)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance(self.full_text()) + self._overhead()
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        prefix = self.template.replace("{value}", "")
        least = self.fontMetrics().horizontalAdvance(prefix + "0" * MIN_VALUE_CHARS)
        width = min(least, self.fontMetrics().horizontalAdvance(self.full_text()))
        return QSize(width + self._overhead(), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
            self._fit()
