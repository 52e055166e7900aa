"""The open sync conflicts as a table (the 同步 page embeds it): 时间, 类型, 记录, 字段, 本机, 县里.

Enter or a double click opens :class:`~gridapp.ui.dialogs.conflict.ConflictDialog` for the
row; after a choice the list reloads and ``count_changed`` says how many are still open. The
list is read on ``ctx.tasks`` (quiet) and reloads after every write the window announces
(``ctx.signals.data_changed``: a sync round is one).

Strings use ``QCoreApplication.translate("ConflictsPanel", …)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gridapp.store import conflicts as conflict_store
from gridapp.store.conflicts import Conflict
from gridapp.ui.context import UiContext

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def headers() -> list[str]:
    return [
        translate("ConflictsPanel", "Time"),
        translate("ConflictsPanel", "Kind"),
        translate("ConflictsPanel", "Record"),
        translate("ConflictsPanel", "Fields"),
        translate("ConflictsPanel", "This PC"),
        translate("ConflictsPanel", "County"),
    ]


def kind_text(kind: str) -> str:
    source = conflict_store.KIND_LABELS.get(kind)
    return translate("Messages", source) if source else kind


def record_text(conflict: Conflict) -> str:
    table = conflict_store.table_label(conflict.tbl)
    return f"{table} {conflict.label}".strip() if conflict.label else table


def fields_text(conflict: Conflict) -> str:
    return "、".join(conflict_store.field_label(conflict.tbl, f) for f in conflict.shown_fields)


def values_text(conflict: Conflict, values: dict[str, Any]) -> str:
    """One side's values of the conflict's fields (a deletion said in words)."""
    server = values is conflict.server_values
    if conflict.kind == "update_delete" and server:
        return translate("ConflictsPanel", "(deleted)")
    if conflict.kind == "delete_update":
        if server:
            return translate("ConflictsPanel", "(kept and edited)")
        return translate("ConflictsPanel", "(deleted)")
    return "；".join(
        conflict_store.value_text(conflict.tbl, f, values[f])
        for f in conflict.shown_fields
        if f in values
    )


def local_text(conflict: Conflict) -> str:
    """The value not taken; marked when another PC of the scope made that edit."""
    text = values_text(conflict, conflict.local_values)
    if conflict.own:
        return text
    return translate("ConflictsPanel", "{values} (other PC)").replace("{values}", text)


def time_text(conflict: Conflict) -> str:
    return conflict_store.local_time(conflict.created_at)


class _Table(QTableWidget):
    """Enter opens the current row, as a double click does."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self.itemActivated.emit(item)
                return
        super().keyPressEvent(event)


class ConflictsPanel(QWidget):
    """The open conflicts of this PC; see the module docstring."""

    count_changed = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.conflicts: list[Conflict] = []
        self.setObjectName("conflictsPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(translate("ConflictsPanel", "No conflicts to decide."), self)
        self.empty.setObjectName("conflictsEmpty")
        layout.addWidget(self.empty)
        self.table = _Table(0, 6, self)
        self.table.setObjectName("conflictsTable")
        self.table.setHorizontalHeaderLabels(headers())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemActivated.connect(self._activated)
        self.table.itemDoubleClicked.connect(self._activated)
        layout.addWidget(self.table, 1)
        self.table.hide()
        ctx.signals.data_changed.connect(self._data_changed)
        self.reload()

    def _data_changed(self, _changes: object) -> None:
        if isValid(self):
            self.reload()

    def reload(self) -> None:
        """Read the open conflicts again (on the worker); the table follows."""
        store = self.ctx.store

        def shown(found: list[Conflict]) -> None:
            if isValid(self):
                self.show_conflicts(found)

        self.ctx.tasks.submit(
            lambda _task: conflict_store.open_conflicts(store), on_done=shown, quiet=True
        )

    def show_conflicts(self, found: list[Conflict]) -> None:
        self.conflicts = found
        self.table.setRowCount(len(found))
        for row, conflict in enumerate(found):
            cells = (
                time_text(conflict),
                kind_text(conflict.kind),
                record_text(conflict),
                fields_text(conflict),
                local_text(conflict),
                values_text(conflict, conflict.server_values),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, conflict.conflict_id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(found))
        self.empty.setVisible(not found)
        if found and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)
        self.count_changed.emit(len(found))

    def _activated(self, item: QTableWidgetItem) -> None:
        self.open_conflict(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_conflict(self, conflict_id: str) -> None:
        """Open the side-by-side dialog for one conflict."""
        from gridapp.ui.dialogs.conflict import ConflictDialog

        conflict = next((c for c in self.conflicts if c.conflict_id == conflict_id), None)
        if conflict is None:
            return
        dialog = ConflictDialog(self.ctx, conflict, self)
        dialog.resolved.connect(lambda _c: self.reload())
        dialog.open()
