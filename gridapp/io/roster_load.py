"""Reading a roster file on its own: which sheet, which header row, which columns, which rows.

:func:`load_roster` needs no database: it finds the header row, maps each header to its
column (:mod:`gridapp.io.roster_columns`), checks every data row and groups the rows into
households (:mod:`gridapp.io.roster_rows`), and returns a :class:`RosterPlan` with the
households or every error, sorted by row and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.io.roster_columns import (
    BY_HEADER,
    COLUMNS,
    IGNORED_HEADERS,
    Column,
    cell_text,
    header_key,
)
from gridapp.io.roster_plan import (
    Cancelled,
    CheckedRow,
    Progress,
    RosterPlan,
    RowError,
    Steps,
    column_order,
)
from gridapp.io.roster_rows import RowChecker, group_households
from gridapp.io.sheets import Sheet, SheetError, SheetLimits, sheets_of

MSG_EMPTY_FILE = QT_TRANSLATE_NOOP("Messages", "The file is empty: it has no header row.")
MSG_NO_ROWS = QT_TRANSLATE_NOOP("Messages", "The file has a header row but no persons below it.")
MSG_UNKNOWN_COLUMN = QT_TRANSLATE_NOOP(
    "Messages", "Unknown column “{column}”. The roster's columns are: {columns}."
)
MSG_MISSING_COLUMN = QT_TRANSLATE_NOOP("Messages", "The required column “{column}” is missing.")
MSG_DUPLICATE_COLUMN = QT_TRANSLATE_NOOP("Messages", "The column “{column}” appears twice.")
MSG_UNNAMED_COLUMN = QT_TRANSLATE_NOOP(
    "Messages", "Column {letter} holds values but has no header: name it or delete it."
)


def _choose_sheet(sheets: list[Sheet]) -> tuple[Sheet, int, list[Any]]:
    """The first sheet with an ID-number header; its header row number and values."""
    fallback: tuple[Sheet, int, list[Any]] | None = None
    for sheet in sheets:
        rows = sheet.rows()
        try:
            for index, (number, values) in enumerate(rows):
                keys = [BY_HEADER.get(header_key(cell_text(v))) for v in values]
                if any(c is not None and c.key == "id_number" for c in keys):
                    return sheet, number, values
                if fallback is None:
                    fallback = (sheet, number, values)
                if index >= 9:  # a title or two above the header, not more
                    break
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()
    if fallback is None:
        raise SheetError(MSG_EMPTY_FILE)
    return fallback


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _map_header(
    values: list[Any], row: int
) -> tuple[dict[int, Column], dict[str, str], list[int], list[RowError]]:
    """Column index -> Column, the file's header per key, unnamed indexes, header errors."""
    mapping: dict[int, Column] = {}
    headers: dict[str, str] = {}
    unnamed: list[int] = []
    errors: list[RowError] = []
    names = "、".join(c.header for c in COLUMNS)
    for index, value in enumerate(values):
        text = " ".join(cell_text(value).split())
        key = header_key(text)
        if not key:
            unnamed.append(index)
            continue
        if key in IGNORED_HEADERS:
            continue
        column = BY_HEADER.get(key)
        if column is None:
            errors.append(
                RowError(
                    row, text[:40], MSG_UNKNOWN_COLUMN, {"column": text[:40], "columns": names}
                )
            )
        elif column.key in headers:
            errors.append(RowError(row, text[:40], MSG_DUPLICATE_COLUMN, {"column": text[:40]}))
        else:
            mapping[index] = column
            headers[column.key] = text
    for column in COLUMNS:
        if column.required and column.key not in headers:
            errors.append(
                RowError(row, column.header, MSG_MISSING_COLUMN, {"column": column.header})
            )
    return mapping, headers, unnamed, errors


def load_roster(
    path: Path,
    *,
    today: date | None = None,
    limits: SheetLimits | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> RosterPlan:
    """Read and check a roster file on its own (no database): households to create or errors.

    Raises :class:`ImportCancelled` when ``cancelled()`` turns true.
    """
    steps = Steps(progress, cancelled)
    plan = RosterPlan(file=path.name, headers={})
    try:
        with sheets_of(path, limits) as sheets:
            sheet, header_row, header_values = _choose_sheet(sheets)
            mapping, headers, unnamed, errors = _map_header(header_values, header_row)
            plan.headers = headers
            if errors:
                plan.errors = errors
                return plan
            steps.total = 3 * sheet.estimated_rows
            rows = _read_rows(plan, sheet, header_row, mapping, unnamed, today, steps)
    except SheetError as exc:
        plan.errors = [RowError(exc.row, "", exc.message, dict(exc.params))]
        return plan
    if not rows and not plan.errors:
        plan.errors.append(RowError(header_row, "", MSG_NO_ROWS))
    steps.total = 3 * len(rows)
    group_households(plan, rows, steps)
    plan.errors.sort(key=lambda e: (e.row, column_order(plan, e.column)))
    return plan


def _read_rows(
    plan: RosterPlan,
    sheet: Sheet,
    header_row: int,
    mapping: dict[int, Column],
    unnamed: list[int],
    today: date | None,
    steps: Steps,
) -> list[CheckedRow]:
    checker = RowChecker(plan, mapping, today)
    used = sorted(mapping)
    unnamed_reported: set[int] = set()
    rows: list[CheckedRow] = []
    for number, values in _data_rows(sheet, header_row):
        for index in unnamed:
            if (
                index not in unnamed_reported
                and index < len(values)
                and cell_text(values[index]).strip()
            ):
                unnamed_reported.add(index)
                letter = _column_letter(index)
                plan.errors.append(
                    RowError(header_row, letter, MSG_UNNAMED_COLUMN, {"letter": letter})
                )
        if all(i >= len(values) or not cell_text(values[i]).strip() for i in used):
            continue  # e.g. a template row with only its 序号 filled in
        rows.append(checker.check(number, values))
        steps.step()
    return rows


def _data_rows(sheet: Sheet, header_row: int) -> Iterator[tuple[int, list[Any]]]:
    for number, values in sheet.rows():
        if number > header_row:
            yield number, values


__all__ = ["load_roster"]
