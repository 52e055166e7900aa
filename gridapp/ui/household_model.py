"""The household list as a windowed, lazy table model whose every read runs in the background.

The machinery (keyset pages, anchors, placeholders, first page before the count) is
:class:`~gridapp.ui.keyset_model.KeysetTableModel`; this module says where households are
read (:class:`HouseholdSource` over :class:`HouseholdRepository`) and how a row shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from gridapp.models import codes
from gridapp.store import household_list
from gridapp.store.household_list import HouseholdFilter, HouseholdRow
from gridapp.store.households import HouseholdRepository
from gridapp.ui.keyset_model import ID_ROLE, PLACEHOLDER, SORT_ROLE, KeysetTableModel
from gridapp.ui.tasks import TaskRunner

__all__ = ["COLUMNS", "COLUMN_OF", "ID_ROLE", "PLACEHOLDER", "SORT_ROLE", "HouseholdTableModel"]

# column -> sort key of the store (None: the column cannot be sorted).
COLUMNS: list[tuple[str, str | None]] = [
    ("household_no", "household_no"),
    ("head_name", "head_name"),
    ("address", "address"),
    ("member_count", "member_count"),
    ("grid_code", "grid_code"),
    ("tags", None),
    ("updated_at", "updated_at"),
]
COLUMN_OF = {name: index for index, (name, _key) in enumerate(COLUMNS)}


def tag_label(code: str) -> str:
    """A tag code as its Chinese label (person tags first, then household tags)."""
    for name in ("person_tag", "household_tag"):
        entry = codes.table(name).get(code)
        if entry is not None:
            return entry.label
    return code


class HouseholdSource:
    """The household list of the store (:mod:`gridapp.store.household_list`)."""

    def __init__(self, repository: HouseholdRepository) -> None:
        self.repository = repository

    def count(self, flt: HouseholdFilter) -> int:
        return self.repository.count_households(flt)

    def page(
        self, flt: HouseholdFilter, sort_key: str, after: Any, limit: int, descending: bool
    ) -> list[HouseholdRow]:
        return self.repository.household_page(flt, sort_key, after, limit, descending)

    def anchors(
        self, flt: HouseholdFilter, sort_key: str, every: int, descending: bool
    ) -> list[Any]:
        return self.repository.household_anchors(flt, sort_key, every, descending)

    def position(
        self, flt: HouseholdFilter, sort_key: str, row_id: str, descending: bool
    ) -> int | None:
        return household_list.household_position(
            self.repository.conn, flt, sort_key, row_id, descending
        )

    def row_key(self, row: HouseholdRow, sort_key: str) -> Any:
        return household_list.row_key(row, sort_key)


class HouseholdTableModel(KeysetTableModel):
    """Households matching a :class:`HouseholdFilter`, sorted by one column, read lazily
    and in the background."""

    columns = COLUMNS
    default_sort_key = "household_no"

    def __init__(
        self,
        repository: HouseholdRepository,
        tasks: TaskRunner,
        parent: QObject | None = None,
        *,
        page_size: int = 200,
        max_pages: int = 6,
        load: bool = True,
    ) -> None:
        super().__init__(
            HouseholdSource(repository),
            tasks,
            parent,
            empty_filter=HouseholdFilter(),
            page_size=page_size,
            max_pages=max_pages,
            load=load,
        )
        self.repository = repository
        self.grid_names: dict[str, str] = {}
        self.busy_label = self.tr("Reading the household list…")

    def titles(self) -> list[str]:
        return [
            self.tr("Household no."),
            self.tr("Head"),
            self.tr("Address"),
            self.tr("Members"),
            self.tr("Grid"),
            self.tr("Tags"),
            self.tr("Updated"),
        ]

    def alignment(self, name: str) -> Any:
        if name == "member_count":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display(self, row: HouseholdRow, name: str, role: int) -> Any:
        value = getattr(row, name)
        if role == SORT_ROLE:
            return list(value) if name == "tags" else value
        if role == Qt.ItemDataRole.ToolTipRole:
            # Long addresses and tag lists are cut off in their column: the full text.
            if name == "updated_at":
                return str(value).replace("T", " ")[:16]
            return self._text(name, value) if name in ("address", "tags", "grid_code") else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(name, value)
        return None

    def _text(self, name: str, value: Any) -> str:
        if name == "tags":
            return "、".join(tag_label(code) for code in value)
        if name == "updated_at":
            return str(value)[:10]  # the day; the tooltip has the time
        if name == "grid_code":
            return self.grid_names.get(value) or str(value)
        return str(value)

    def set_grid_names(self, names: dict[str, str]) -> None:
        """How to show grid codes (``"石泉村·第一网格"``); unknown codes show as they are."""
        self.grid_names = dict(names)
        if self.rowCount():
            column = COLUMN_OF["grid_code"]
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    def household_id(self, position: int) -> str | None:
        return self.row_id(position)
