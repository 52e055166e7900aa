"""The table view of the lists (户籍人口, 诉求信访) over a keyset model: Enter opens the
current row, as a double click does; one column takes the width the others leave; a click
on a column that cannot be sorted puts the sort indicator back; the current row's id is
kept across reloads and the row is shown again after one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from gridapp.ui.keyset_model import KeysetTableModel


class ListTable(QTableView):
    """Subclasses name the column that fills the view (:meth:`fill_column`) and the least
    width it keeps (:meth:`least_fill_width`); :meth:`show_list` sets the view up over its
    model. ``opened`` carries the id of a row opened by Enter or a double click."""

    opened = Signal(str)

    def show_list(self, model: KeysetTableModel, reloaded_column: int = 0) -> None:
        """Show ``model``: whole rows, one at a time, read-only; sorting through the model
        (only its sortable columns); after a reload the current row is selected again in
        ``reloaded_column``."""
        self._list_model = model
        self._reloaded_column = reloaded_column
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(model.sort_column, model.sort_order)
        header.sortIndicatorChanged.connect(self._sort_requested)
        self.activated.connect(self._open_index)
        model.reloaded.connect(self._reloaded)
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        model = self._list_model
        if not model.sortable(column):  # put the indicator back where the list is sorted
            header = self.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(model.sort_column, model.sort_order)
            header.blockSignals(False)
            return
        model.sort(column, order)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            found = self._list_model.row_id(current.row())
            if found is not None:
                self._list_model.current_id = found

    def _open_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        row_id = self._list_model.row_id(index.row()) if index.isValid() else None
        if row_id is not None:
            self._list_model.current_id = row_id
            self.opened.emit(row_id)

    def _reloaded(self, position: int | None) -> None:
        if position is None:
            return
        index = self._list_model.index(position, self._reloaded_column)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

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
