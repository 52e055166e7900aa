"""What a roster import produces: errors, the plan of households, the report; progress.

:class:`RosterPlan` is a roster read and checked on its own (:mod:`gridapp.io.roster_load`);
:class:`ImportReport` is the outcome once it is checked against the database and written
(:mod:`gridapp.io.roster_commit`). Every problem is a :class:`RowError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.io.roster_columns import CHECKED_COLUMNS, COLUMNS
from gridapp.store.db import Changes

MSG_CANCELLED = QT_TRANSLATE_NOOP("Messages", "The import was cancelled: nothing was written.")

Progress = Callable[[int, int], None]
"""``progress(done, total)``; ``total`` is 0 while it is not known yet."""
Cancelled = Callable[[], bool]

_CHECK_EVERY = 256


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row (0 = the file as a whole), column header and message."""

    row: int
    column: str
    message: str  # ``Messages`` source string
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        """The message in the user's language (Chinese by default)."""
        return tr(self.message, lang, **self.params)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.text(lang)}


class ImportCancelled(Exception):
    """The user cancelled; nothing was written. ``str()`` is the English source message."""

    def __init__(self) -> None:
        super().__init__(MSG_CANCELLED)


@dataclass
class CheckedRow:
    """One data row, its cells cleaned into person fields (errors went to the plan)."""

    number: int
    person: dict[str, Any]
    tags: list[str]
    household_no: str
    address: str
    address_key: str
    grid: str
    relation: str | None
    groupable: bool  # 户号 and address say which household the row belongs to
    ok: bool


@dataclass
class PendingHousehold:
    """The rows that form one household, checked against the file (not yet the database)."""

    household_no: str  # "" until a temporary number is given
    address: str
    grid: str
    rows: list[CheckedRow]


@dataclass
class RosterPlan:
    """A roster read and checked on its own: households to create, or errors."""

    file: str
    headers: dict[str, str]  # field key -> the header as written in the file
    households: list[PendingHousehold] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def persons(self) -> int:
        return sum(len(h.rows) for h in self.households)

    def header(self, key: str) -> str:
        """The column header the file uses for ``key`` (the standard one if absent)."""
        standard = next((c.header for c in (*COLUMNS, *CHECKED_COLUMNS) if c.key == key), key)
        return self.headers.get(key, standard)


def column_order(plan: RosterPlan, header: str) -> int:
    """Where a column stands in the roster, for sorting errors along a row."""
    for index, column in enumerate((*COLUMNS, *CHECKED_COLUMNS)):
        if plan.header(column.key) == header:
            return index
    return len(COLUMNS) + len(CHECKED_COLUMNS)


@dataclass
class ImportReport:
    """The outcome of an import: counts when it succeeded, every error when it did not."""

    file: str
    errors: list[RowError] = field(default_factory=list)
    households: int = 0
    persons: int = 0
    dry_run: bool = False
    written: bool = False
    changes: Changes | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """``{"ok": false, "errors": [...]}`` or ``{"ok": true, "households": N, "persons": M}``."""
        if self.errors:
            return {"ok": False, "errors": [e.to_json(lang) for e in self.errors]}
        return {
            "ok": True,
            "households": self.households,
            "persons": self.persons,
            "dry_run": self.dry_run,
        }


class Steps:
    """Progress reporting and cancellation checks, every few rows."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0
        self.total = 0

    def step(self, count: int = 1, force: bool = False) -> None:
        before = self.done
        self.done += count
        if force or self.done // _CHECK_EVERY != before // _CHECK_EVERY:
            if self.cancelled is not None and self.cancelled():
                raise ImportCancelled()
            if self.progress is not None:
                self.progress(self.done, max(self.total, self.done))


__all__ = [
    "Cancelled",
    "CheckedRow",
    "ImportCancelled",
    "ImportReport",
    "PendingHousehold",
    "Progress",
    "RosterPlan",
    "RowError",
    "Steps",
    "column_order",
]
