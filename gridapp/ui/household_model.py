"""The household list as a windowed, lazy table model.

The model never holds the whole list: it keeps an LRU of a few pages of
:class:`HouseholdRow` (``page_size`` rows each) and ``rowCount()`` is the store's count. A
row outside the window loads its whole page by KEYSET — after the last key of the page
before if that is still held (scrolling), else after the page's anchor from
:meth:`HouseholdRepository.household_anchors` (one scan of sort keys, taken once per
filter and order) — so a jump to row 250,000 reads one page, not the rows before it.

Page loads run through ``loader``, a callable that runs a job and returns its result.
For now the default runs it at once on the calling thread; the background runner
(``gridapp/ui/tasks.py``) is meant to plug in here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from gridapp.models import codes
from gridapp.store.household_list import HouseholdFilter, HouseholdRow, row_key
from gridapp.store.households import HouseholdRepository

T = TypeVar("T")
Loader = Callable[[Callable[[], Any]], Any]

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the native value the column sorts by
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the household's id

# column -> sort key of the store (None: the column cannot be sorted).
COLUMNS: list[tuple[str, str | None]] = [
    ("household_no", "household_no"),
    ("head_name", "head_name"),
    ("address", "address"),
    ("member_count", "member_count"),
    ("grid_code", None),
    ("tags", None),
    ("updated_at", "updated_at"),
]

AnyIndex = QModelIndex | QPersistentModelIndex


def run_now(job: Callable[[], T]) -> T:
    """The synchronous loader: run the page load here and now."""
    return job()


def tag_label(code: str) -> str:
    """A tag code as its Chinese label (person tags first, then household tags)."""
    for name in ("person_tag", "household_tag"):
        entry = codes.table(name).get(code)
        if entry is not None:
            return entry.label
    return code


class HouseholdTableModel(QAbstractTableModel):
    """Households matching a :class:`HouseholdFilter`, sorted by one column, read lazily."""

    def __init__(
        self,
        repository: HouseholdRepository,
        parent: QObject | None = None,
        *,
        loader: Loader = run_now,
        page_size: int = 200,
        max_pages: int = 6,
    ) -> None:
        super().__init__(parent)
        self.repository = repository
        self.loader = loader
        self.page_size = page_size
        self.max_pages = max_pages
        self._filter = HouseholdFilter()
        self._sort_column = 0
        self._descending = False
        self._pages: OrderedDict[int, list[HouseholdRow]] = OrderedDict()
        self._anchors: list[tuple[Any, str] | None] | None = None
        self._count = self._load(lambda: self.repository.count_households(self._filter))
        self._titles = [
            self.tr("Household no."),
            self.tr("Head"),
            self.tr("Address"),
            self.tr("Members"),
            self.tr("Grid"),
            self.tr("Tags"),
            self.tr("Updated"),
        ]

    # --- Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._titles)
        ):
            return self._titles[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, ID_ROLE):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == ID_ROLE:
            return row.id
        name = COLUMNS[index.column()][0]
        value = getattr(row, name)
        if role == SORT_ROLE:
            return list(value) if name == "tags" else value
        if name == "tags":
            return "、".join(tag_label(code) for code in value)
        if name == "updated_at":
            return str(value).replace("T", " ")[:16]
        if name == "member_count":
            return str(value)
        return value

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the new order (columns without a sort key are left as they are)."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            return
        self.beginResetModel()
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._forget()
        self.endResetModel()

    # --- our interface -------------------------------------------------------------------

    @property
    def sort_key(self) -> str:
        return COLUMNS[self._sort_column][1] or "household_no"

    def set_filter(self, flt: HouseholdFilter) -> None:
        """Show the households ``flt`` lets through (counted again, read lazily)."""
        self.beginResetModel()
        self._filter = flt
        self._forget()
        self._count = self._load(lambda: self.repository.count_households(flt))
        self.endResetModel()

    def refresh(self) -> None:
        """Forget every held row and count again (after the data changed)."""
        self.set_filter(self._filter)

    def row_at(self, position: int) -> HouseholdRow | None:
        """The row at ``position``, loading its page if it is not held."""
        number, offset = divmod(position, self.page_size)
        page = self._pages.get(number)
        if page is None:
            page = self._load_page(number)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    # --- paging --------------------------------------------------------------------------

    def _forget(self) -> None:
        self._pages.clear()
        self._anchors = None

    def _load(self, job: Callable[[], T]) -> T:
        result: T = self.loader(job)
        return result

    def _after(self, number: int) -> tuple[Any, str] | None:
        if number == 0:
            return None
        previous = self._pages.get(number - 1)
        if previous and len(previous) == self.page_size:
            return row_key(previous[-1], self.sort_key)
        if self._anchors is None:
            flt, key, desc, every = self._filter, self.sort_key, self._descending, self.page_size
            self._anchors = self._load(
                lambda: self.repository.household_anchors(flt, key, every, desc)
            )
        return self._anchors[number] if number < len(self._anchors) else None

    def _load_page(self, number: int) -> list[HouseholdRow]:
        after = self._after(number)
        if number > 0 and after is None:
            return []
        flt, key, desc, size = self._filter, self.sort_key, self._descending, self.page_size
        page: list[HouseholdRow] = self._load(
            lambda: self.repository.household_page(flt, key, after, size, desc)
        )
        self._pages[number] = page
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return page
