"""The petition list (诉求信访) as a windowed, lazy table model read in the background.

The machinery (keyset pages, anchors, placeholders, first page before the count) is
:class:`~gridapp.ui.keyset_model.KeysetTableModel`; this module says where petitions are read
(:class:`PetitionSource` over :mod:`gridapp.store.petition_list`) and how a row shows: the
traffic light of its deadline in colour and words, the main petitioner ("张三 等 3 人" for a
group), the state and the 事项类别 in Chinese.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor

from gridapp.models import codes, petition_flow
from gridapp.models.deadlines import Light, traffic_light
from gridapp.store import petition_list
from gridapp.store.petition_list import PetitionFilter, PetitionRow
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.keyset_model import ID_ROLE, PLACEHOLDER, SORT_ROLE, KeysetTableModel
from gridapp.ui.petition_view import light_words
from gridapp.ui.tasks import TaskRunner

__all__ = [
    "COLOURS",
    "COLUMNS",
    "COLUMN_OF",
    "ID_ROLE",
    "LIGHT_ROLE",
    "PLACEHOLDER",
    "SORT_ROLE",
    "PetitionSource",
    "PetitionTableModel",
]

LIGHT_ROLE = Qt.ItemDataRole.UserRole + 3  # the row's Light (traffic-light column)
# The traffic-light colours mean the same on every page (home.py: RED, AMBER).
COLOURS = {Light.RED: "#b00020", Light.YELLOW: "#b26a00", Light.GREEN: "#2e7d32"}
DONE_MARK = "—"  # no deadline pending: done, answered, passed on, or no due date
DOT = "●"

# column -> sort key of the store (None: the column cannot be sorted).
COLUMNS: list[tuple[str, str | None]] = [
    ("light", None),
    ("reg_no", "reg_no"),
    ("reg_date", "reg_date"),
    ("petitioner", None),
    ("summary", None),
    ("kind", None),
    ("status", "status"),
    ("due_date", "due_date"),
    ("handling_unit", None),
]
COLUMN_OF = {name: index for index, (name, _key) in enumerate(COLUMNS)}


def kind_label(code: str) -> str:
    """A 事项类别 code as its Chinese label (an unknown code as it is)."""
    entry = codes.table("petition_kind").get(code)
    return entry.label if entry is not None else code


def status_text(status: str) -> str:
    """The state in the window's language."""
    label = petition_flow.STATUS_LABELS.get(status)
    return QCoreApplication.translate(petition_flow.CONTEXT, label) if label else status


def light_of(row: PetitionRow, today: date) -> Light:
    """The row's traffic light."""
    due = date.fromisoformat(row.due_date) if row.due_date else None
    return traffic_light(due, today, done=row.status not in petition_flow.OPEN_STATUSES)


class PetitionSource:
    """The petition list of the store (:mod:`gridapp.store.petition_list`)."""

    def __init__(self, repository: PetitionRepository) -> None:
        self.repository = repository

    def count(self, flt: PetitionFilter) -> int:
        return self.repository.count(flt)

    def page(
        self, flt: PetitionFilter, sort_key: str, after: Any, limit: int, descending: bool
    ) -> list[PetitionRow]:
        return self.repository.page(flt, after, limit, sort_key, descending)

    def anchors(
        self, flt: PetitionFilter, sort_key: str, every: int, descending: bool
    ) -> list[Any]:
        return self.repository.anchors(flt, sort_key, every, descending)

    def position(
        self, flt: PetitionFilter, sort_key: str, row_id: str, descending: bool
    ) -> int | None:
        return self.repository.position(flt, sort_key, row_id, descending)

    def row_key(self, row: PetitionRow, sort_key: str) -> Any:
        return petition_list.row_key(row, sort_key)


class PetitionTableModel(KeysetTableModel):
    """Petitions matching a :class:`PetitionFilter`, newest first unless sorted otherwise,
    read lazily and in the background."""

    columns = COLUMNS
    default_sort_key = "reg_date"

    def __init__(
        self,
        repository: PetitionRepository,
        tasks: TaskRunner,
        parent: QObject | None = None,
        *,
        page_size: int = 200,
        max_pages: int = 6,
        load: bool = True,
    ) -> None:
        super().__init__(
            PetitionSource(repository),
            tasks,
            parent,
            empty_filter=PetitionFilter(),
            page_size=page_size,
            max_pages=max_pages,
            load=load,
            sort_column=COLUMN_OF["reg_date"],
            descending=True,
        )
        self.repository = repository
        self.busy_label = self.tr("Reading the petition list…")

    def titles(self) -> list[str]:
        return [
            self.tr("Deadline"),
            self.tr("Reg. no."),
            self.tr("Registered"),
            self.tr("Petitioner"),
            self.tr("Summary"),
            self.tr("Kind"),
            self.tr("Status"),
            self.tr("Due date"),
            self.tr("Handling unit"),
        ]

    @property
    def today(self) -> date:
        """The day the lights are shown for: the filter's (set when it was made)."""
        flt = self.filter
        return flt.today if isinstance(flt, PetitionFilter) and flt.today else date.today()

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == LIGHT_ROLE and index.isValid() and index.row() < self.rowCount():
            row = self.row_at(index.row())
            return None if row is None else light_of(row, self.today)
        return super().data(index, role)

    def display(self, row: PetitionRow, name: str, role: int) -> Any:
        if name == "light":
            return self._light(row, role)
        if role == SORT_ROLE:
            return getattr(row, name)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, name)
        if role == Qt.ItemDataRole.ToolTipRole and name in ("summary", "petitioner", "status"):
            return self._text(row, name)  # cut off in a narrow column: the whole text
        if role == Qt.ItemDataRole.ToolTipRole and name == "handling_unit":
            return row.handling_unit or None
        return None

    def _text(self, row: PetitionRow, name: str) -> str:
        if name == "petitioner":
            if row.headcount > 1:
                return (
                    self.tr("{name} and others ({count} people)")
                    .replace("{name}", row.petitioner)
                    .replace("{count}", str(row.headcount))
                )
            return row.petitioner
        if name == "kind":
            return kind_label(row.kind)
        if name == "status":
            return status_text(row.status)
        return str(getattr(row, name))

    def _light(self, row: PetitionRow, role: int) -> Any:
        light = light_of(row, self.today)
        if role == SORT_ROLE:
            return row.due_date
        if role == Qt.ItemDataRole.DisplayRole:
            if light == Light.NONE:
                return DONE_MARK
            due = date.fromisoformat(row.due_date) if row.due_date else None
            return f"{DOT} {light_words(light, due, self.today)}"
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = COLOURS.get(light)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if light == Light.NONE:
                return self.tr("No deadline pending ({status})").replace(
                    "{status}", status_text(row.status)
                )
            return self.tr("Due on {date}").replace("{date}", row.due_date)
        return None

    def petition_id(self, position: int) -> str | None:
        return self.row_id(position)
