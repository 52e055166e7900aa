"""The cells a roster's errors point at, for the error report's 值 (value) column.

A :class:`~gridapp.io.roster_plan.RowError` names a row and a column header but not what the
cell held: the checks keep only cleaned values. The window's error table and the saved
report show the cell as the user typed it, so the file is read once more — only when it has
errors, and only up to the last row with one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gridapp.io.roster_columns import cell_text
from gridapp.io.roster_load import _choose_sheet
from gridapp.io.roster_plan import Cancelled, ImportCancelled, RowError
from gridapp.io.sheets import SheetError, SheetLimits, sheets_of

_CHECK_EVERY = 256


def error_cells(
    path: Path,
    errors: Iterable[RowError],
    *,
    limits: SheetLimits | None = None,
    cancelled: Cancelled | None = None,
) -> dict[tuple[int, str], str]:
    """``(row, column header) -> cell text`` for the errors that point at a data cell.

    Errors about the file as a whole (row 0), the header row or a column the file lacks get
    no entry. A file that cannot be read again gives an empty mapping; ``cancelled()`` is
    polled every few hundred rows (:class:`ImportCancelled`).
    """
    wanted: dict[int, set[str]] = {}
    for error in errors:
        if error.row > 0 and error.column:
            wanted.setdefault(error.row, set()).add(error.column)
    if not wanted:
        return {}
    last = max(wanted)
    found: dict[tuple[int, str], str] = {}
    try:
        with sheets_of(path, limits) as sheets:
            sheet, header_row, header_values = _choose_sheet(sheets)
            index_of: dict[str, int] = {}
            for index, value in enumerate(header_values):
                text = " ".join(cell_text(value).split())
                index_of.setdefault(text, index)
                index_of.setdefault(text[:40], index)
            rows = sheet.rows()
            try:
                for seen, (number, values) in enumerate(rows):
                    if seen % _CHECK_EVERY == 0 and cancelled is not None and cancelled():
                        raise ImportCancelled()
                    if number > last:
                        break
                    if number <= header_row or number not in wanted:
                        continue
                    for header in wanted[number]:
                        at = index_of.get(header)
                        if at is not None and at < len(values):
                            found[(number, header)] = cell_text(values[at])
            finally:
                close = getattr(rows, "close", None)
                if close is not None:
                    close()
    except SheetError:
        return {}
    return found


__all__ = ["error_cells"]
