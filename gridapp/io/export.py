"""Writing the household register as a roster (.xlsx or .csv) in the columns import reads.

Export then import into an empty data directory gives the same register: codes are written
as their Chinese labels (people read them, import resolves them), free text verbatim.

Excel safety:

- .xlsx: every cell is a text cell (format ``@``), so an ID number never becomes 1.1E+17 and
  text starting with ``=`` is never a formula.
- .csv: UTF-8 with BOM (Excel otherwise guesses the ANSI code page); ID number, phone, 户号 and
  网格 as ``="…"`` (Excel shows the digits as text); any other cell starting with
  ``= + - @`` TAB, CR or ``'`` gets a leading ``'`` so it cannot run as a formula. The CSV import
  undoes exactly these two encodings.

The file is written beside the target and moved over it only when complete; each export is
recorded in the audit log (action ``export``: who exported how many persons to which file
name, masked or not).

Access (issue #8): exporting requires ``Permission.EXPORT``; a role without
``Permission.UNMASK`` gets masked ID numbers and phones (such a file cannot be imported back
as a register), one without ``Permission.SEE_FOCUS_TAGS`` no 重点管理 tags.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.io.roster import COLUMNS
from gridapp.io.sheets import MSG_UNSUPPORTED_TYPE, excel_text, neutralise_formula
from gridapp.models import codes
from gridapp.models.access import Permission
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.household import HEAD_RELATION, Household, Person, PersonTag
from gridapp.models.idnumber import mask_id_number, mask_phone
from gridapp.store import masking
from gridapp.store.access import allowed, require
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository

# Columns Excel would read as numbers (and mangle): written as ="…" in CSV.
EXCEL_TEXT_KEYS = frozenset({"household_no", "id_number", "phone", "grid_code"})
_WIDTHS = {
    "household_no": 14,
    "name": 10,
    "id_number": 21,
    "address": 30,
    "grid_code": 18,
    "phone": 15,
    "tags": 16,
    "note": 30,
}
SEPARATOR = "、"
EXPORT_ACTION = "export"  # the audit entry of every export (issue #8)
MSG_EXPORT_CANCELLED = QT_TRANSLATE_NOOP(
    "Messages", "The export was cancelled: no file was written."
)


class ExportCancelled(Exception):
    """``cancelled()`` turned true: the partial file was removed, the target left as it was."""

    def __init__(self) -> None:
        super().__init__(MSG_EXPORT_CANCELLED)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    households: int
    persons: int


def _label(table: str, code: str) -> str:
    """The Chinese label of a code (the code itself if this version does not know it)."""
    entry = codes.table(table).get(code) if code else None
    return entry.label if entry is not None else code


class _Rows:
    """The register as roster rows (lists of text in :data:`COLUMNS` order)."""

    def __init__(
        self,
        store: Store,
        today: date,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None = None,
        only: Collection[str] | None = None,
    ) -> None:
        self.repo = HouseholdRepository(store)
        self.today = today
        self.progress = progress
        self.cancelled = cancelled
        self.only = only
        self.total = self.repo.stats()["persons"] if progress is not None else 0
        self.tag_order = {c.code: i for i, c in enumerate(codes.table("person_tag").items())}
        self.households = 0
        self.persons = 0
        self.tags_by_person: dict[str, list[PersonTag]] = {}
        # What the role may not see (issue #8): numbers masked without UNMASK, 重点管理
        # tags left out without SEE_FOCUS_TAGS.
        self.masked = not allowed(store, Permission.UNMASK)
        self.hidden_tags = masking.tag_filter(store)

    def __iter__(self) -> Iterator[list[str]]:
        for household, members, tags in self.repo.iter_households_with_tags():
            if self.only is not None and household.id not in self.only:
                continue
            self.tags_by_person = tags
            current = [m for m in members if m.status == "1"]
            if not current:
                continue  # everyone moved out or died: not part of the current roster
            self.households += 1
            current.sort(key=lambda m: m.relation != HEAD_RELATION)  # stable: head first
            for person in current:
                self.persons += 1
                if self.persons % 256 == 0:
                    if self.cancelled is not None and self.cancelled():
                        raise ExportCancelled()
                    if self.progress is not None:
                        self.progress(self.persons, max(self.total, self.persons))
                yield self.row(household, person)

    def tags(self, person: Person) -> str:
        found: list[str] = []
        for tag in self.tags_by_person.get(person.id, []):
            if tag.end_date is not None and tag.end_date < self.today:
                continue  # a period that has ended; the roster lists current categories
            if tag.tag not in found and tag.tag not in self.hidden_tags:
                found.append(tag.tag)
        found.sort(key=lambda code: self.tag_order.get(code, len(self.tag_order)))
        return SEPARATOR.join(_label("person_tag", code) for code in found)

    def row(self, household: Household, person: Person) -> list[str]:
        id_number, phone = person.id_number, person.phone
        if self.masked:
            id_number = mask_id_number(id_number) if id_number else ""
            phone = mask_phone(phone) if phone else ""
        values: dict[str, str] = {
            "household_no": household.household_no,
            "name": person.name,
            "id_number": id_number,
            "address": household.address,
            "grid_code": person.grid_code or household.grid_code,
            "phone": phone,
            "tags": self.tags(person),
            "note": person.note,
        }
        for column in COLUMNS:
            if column.table:
                values[column.key] = _label(column.table, str(getattr(person, column.key)))
        return [values[c.key] for c in COLUMNS]


def _write_csv(target: Any, rows: _Rows) -> None:
    writer = csv.writer(target, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    text_columns = [c.key in EXCEL_TEXT_KEYS for c in COLUMNS]
    for row in rows:
        writer.writerow(
            [
                excel_text(v) if as_text else neutralise_formula(v)
                for v, as_text in zip(row, text_columns, strict=True)
            ]
        )


def _write_xlsx(target: Path, rows: _Rows) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(column.key, 12)
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    try:
        for row in rows:
            cells: list[Any] = []
            for value in row:
                if not value:
                    cells.append(None)
                    continue
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # never a formula, even when the text starts with "="
                cell.number_format = "@"
                cells.append(cell)
            sheet.append(cells)
    except BaseException:
        # Cancelled or failed mid-way: finish openpyxl's row writer now. Left to the garbage
        # collector, it writes its closing tags into a file that is already closed.
        with contextlib.suppress(Exception):
            sheet.close()
        raise
    workbook.save(target)


def export_households(
    store: Store,
    path: Path,
    *,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    only: Collection[str] | None = None,
) -> ExportResult:
    """Write every current household and its members to ``path`` (.xlsx or .csv).

    ``only``: the ids of the households to write (e.g. those a list filter shows); the
    others are skipped. ``progress(persons_done, persons_total)`` is called every few
    hundred persons (the total is the whole register's), ``cancelled()`` as often: once
    true, :class:`ExportCancelled` is raised and nothing is written. Raises
    :class:`ValidationError` for an unsupported file type and :class:`OSError` when the
    file cannot be written (the previous file, if any, is then left as it was).
    """
    require(store, Permission.EXPORT)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValidationError(
            [FieldError("file", MSG_UNSUPPORTED_TYPE, {"suffix": path.suffix or path.name})]
        )
    rows = _Rows(store, today or date.today(), progress, cancelled, only)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        if suffix == ".csv":
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
                _write_csv(handle, rows)
        else:
            os.close(fd)
            _write_xlsx(tmp, rows)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(rows.persons, rows.persons)
    result = ExportResult(path, rows.households, rows.persons)
    detail: dict[str, Any] = {
        "what": "households",
        "file": path.name,
        "rows": result.persons,
        "households": result.households,
        "persons": result.persons,
        "masked": rows.masked,
    }
    if only is not None:
        detail["selection"] = True  # a filtered part of the register, not all of it
    masking.log_action(store, EXPORT_ACTION, detail)
    return result


__all__ = ["EXCEL_TEXT_KEYS", "ExportCancelled", "ExportResult", "export_households"]
