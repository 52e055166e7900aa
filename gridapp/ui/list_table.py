"""The table view of the lists (户籍人口, 诉求信访): Enter opens the current row, as a double
click does, and one column takes the width the others leave."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QTableView


class ListTable(QTableView):
    """Subclasses name the column that fills the view (:meth:`fill_column`) and the least
    width it keeps (:meth:`least_fill_width`)."""

    def fill_column(self) -> int:
        raise NotImplementedError

    def least_fill_width(self) -> int:
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_fill_column()

    def fit_fill_column(self) -> None:
        column = self.fill_column()
        others = sum(self.columnWidth(c) for c in range(self.model().columnCount()) if c != column)
        self.setColumnWidth(column, max(self.least_fill_width(), self.viewport().width() - others))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid():
                self.activated.emit(index)
                return
        super().keyPressEvent(event)
