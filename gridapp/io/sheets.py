"""Reading a spreadsheet file (.xlsx or .csv) into rows of cell values, as a person sees them.

This module knows file formats, not rosters: it finds out whether a file is a workbook or a
text table, decodes it, skips empty rows, fills merged cells and undoes the two Excel-safety
encodings our CSV export writes. What the cells mean is decided in :mod:`gridapp.io.roster`.

Row numbers are the ones a spreadsheet program shows (the first row is 1), so an error can
point at the cell the user has to fix. A CSV record that holds a line break inside quotes is
still one row, as Excel shows it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils import column_index_from_string
from openpyxl.utils.exceptions import InvalidFileException

from gridapp.i18n import QT_TRANSLATE_NOOP

MSG_CANNOT_READ = QT_TRANSLATE_NOOP(
    "Messages", "The file {file} cannot be read: it does not exist or is locked."
)
MSG_UNSUPPORTED_TYPE = QT_TRANSLATE_NOOP(
    "Messages", "Files of type “{suffix}” cannot be used: save the roster as .xlsx or .csv."
)
MSG_FILE_TOO_BIG = QT_TRANSLATE_NOOP(
    "Messages",
    "The file is too large ({size} MB; at most {max} MB at a time): split it into several files.",
)
MSG_TOO_MANY_ROWS = QT_TRANSLATE_NOOP(
    "Messages",
    "The file has more than {max} rows (at most {max} at a time): split it into several files.",
)
MSG_NOT_XLSX = QT_TRANSLATE_NOOP(
    "Messages",
    "The file is not an Excel workbook (.xlsx) or it is damaged: open it in Excel or WPS, "
    "save it again as .xlsx and retry.",
)
MSG_NOT_TEXT = QT_TRANSLATE_NOOP(
    "Messages",
    "The file is not a CSV text file in UTF-8 or GB18030: in Excel or WPS save it as "
    "“CSV UTF-8” or as .xlsx and retry.",
)
MSG_BAD_CSV = QT_TRANSLATE_NOOP(
    "Messages",
    "The CSV file cannot be read from this row on (a cell is far too long or its quotes "
    "are unbalanced).",
)

# Cells starting with one of these make Excel run a formula (or hide the quote); our CSV
# export prefixes them with ' and the CSV import takes exactly that one ' away again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")

_MERGE_RE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"'
)
# Excel files are zip archives; a sheet inflated beyond this is refused (zip bombs).
_MAX_INFLATED = 20


class SheetError(Exception):
    """The file as a whole cannot be used; ``message`` is a ``Messages`` source string."""

    def __init__(self, message: str, row: int = 0, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.params = params


@dataclass(frozen=True)
class SheetLimits:
    """How much one import may read (a roster of a whole township fits with room to spare)."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000


@dataclass
class Sheet:
    """One table of a file: ``rows()`` yields ``(row number, values)`` for non-empty rows.

    Values are ``str``, ``int``, ``float``, ``bool``, dates or ``None`` as the file holds them.
    """

    title: str
    estimated_rows: int
    _rows: Callable[[], Iterator[tuple[int, list[Any]]]] = field(repr=False)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        return self._rows()


def excel_text(text: str) -> str:
    """``="…"``: how a CSV cell keeps Excel from turning digits into 1.1E+17 or dropping 0s."""
    return '="' + text.replace('"', '""') + '"' if text else ""


def neutralise_formula(text: str) -> str:
    """Prefix ``'`` to a CSV cell that Excel would otherwise run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unescape_csv_cell(text: str) -> str:
    """Undo :func:`excel_text` or :func:`neutralise_formula` (exactly one, exactly once)."""
    unwrapped = unescape_formula_literal(text)
    if unwrapped is not text:
        return unwrapped
    if len(text) >= 2 and text[0] == "'" and text.startswith(FORMULA_START, 1):
        return text[1:]
    return text


def _is_empty(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def open_sheets(path: Path, limits: SheetLimits) -> tuple[list[Sheet], Callable[[], None]]:
    """The tables of ``path`` and a function closing the file; :class:`SheetError` if unusable."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise SheetError(MSG_UNSUPPORTED_TYPE, suffix=path.suffix or path.name)
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except OSError:
        raise SheetError(MSG_CANNOT_READ, file=path.name) from None
    if size > limits.max_bytes:
        handle.close()
        raise SheetError(
            MSG_FILE_TOO_BIG, size=round(size / 2**20, 1), max=limits.max_bytes // 2**20
        )
    if suffix in (".csv", ".txt"):
        with handle:
            data = handle.read()
        return [_csv_sheet(path, data, limits)], lambda: None
    try:
        return _xlsx_sheets(handle, limits), handle.close
    except BaseException:
        handle.close()
        raise


# --- xlsx ---------------------------------------------------------------------------------

_XLSX_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    ParseError,
    ValueError,
    TypeError,
    EOFError,
    OSError,
)


def _xlsx_sheets(handle: io.BufferedReader, limits: SheetLimits) -> list[Sheet]:
    try:
        with zipfile.ZipFile(handle) as archive:
            if any(i.file_size > _MAX_INFLATED * limits.max_bytes for i in archive.infolist()):
                raise SheetError(
                    MSG_FILE_TOO_BIG,
                    size=round(sum(i.file_size for i in archive.infolist()) / 2**20, 1),
                    max=limits.max_bytes // 2**20,
                )
        handle.seek(0)
        # data_only=False: a formula cell gives its formula text, which is never evaluated.
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=False)
    except _XLSX_ERRORS:
        raise SheetError(MSG_NOT_XLSX) from None
    sheets = []
    for worksheet in workbook.worksheets:
        if not hasattr(worksheet, "iter_rows"):
            continue  # a chart sheet
        estimate = max(int(worksheet.max_row or 0) - 1, 0)
        sheets.append(
            Sheet(worksheet.title, estimate, _xlsx_rows_factory(handle, worksheet, limits))
        )
    if not sheets:
        raise SheetError(MSG_NOT_XLSX)
    return sheets


def _xlsx_rows_factory(
    handle: io.BufferedReader, worksheet: Any, limits: SheetLimits
) -> Callable[[], Iterator[tuple[int, list[Any]]]]:
    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            yield from _xlsx_rows(handle, worksheet, limits)
        except _XLSX_ERRORS:
            raise SheetError(MSG_NOT_XLSX) from None

    return rows


def _xlsx_rows(
    handle: io.BufferedReader, worksheet: Any, limits: SheetLimits
) -> Iterator[tuple[int, list[Any]]]:
    merged = _merged_ranges(handle, getattr(worksheet, "_worksheet_path", None))
    # The stored dimension is often wrong (A1:A1 from some writers): read what is there.
    worksheet.reset_dimensions()
    active: list[tuple[int, int, int, int]] = []  # min_row, min_col, max_row, max_col
    anchors: dict[tuple[int, int], Any] = {}
    next_range = 0
    count = 0
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        values = [_xlsx_value(cell) for cell in cells]
        if merged:
            while next_range < len(merged) and merged[next_range][0] <= number:
                active.append(merged[next_range])
                next_range += 1
            active = [r for r in active if r[2] >= number]
            _fill_merged(values, number, active, anchors)
        if _is_empty(values):
            continue
        count += 1
        if count > limits.max_rows + 1:  # + 1: the header row
            raise SheetError(MSG_TOO_MANY_ROWS, max=limits.max_rows)
        yield number, values


def _fill_merged(
    values: list[Any],
    number: int,
    active: list[tuple[int, int, int, int]],
    anchors: dict[tuple[int, int], Any],
) -> None:
    """Give every cell of a merged range the value of its top-left cell, as Excel shows it."""
    for min_row, min_col, max_row, max_col in active:
        if number == min_row:
            anchors[(min_row, min_col)] = values[min_col - 1] if min_col <= len(values) else None
        anchor = anchors.get((min_row, min_col))
        if anchor is None:
            continue
        last = min(max_col, min_col + 1000)
        if len(values) < last:
            values.extend([None] * (last - len(values)))
        for col in range(min_col, last + 1):
            if values[col - 1] is None:
                values[col - 1] = anchor
        if number == max_row:
            anchors.pop((min_row, min_col), None)


def _merged_ranges(
    handle: io.BufferedReader, member: str | None
) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet, by a byte scan of its XML (read-only openpyxl skips them)."""
    if not member:
        return []
    found: set[tuple[int, int, int, int]] = set()
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        try:
            stream = archive.open(member.lstrip("/"))
        except KeyError:
            return []
        with stream:
            tail = b""
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                for match in _MERGE_RE.finditer(data):
                    col1, row1, col2, row2 = match.groups()
                    col2, row2 = col2 or col1, row2 or row1
                    found.add(
                        (
                            int(row1),
                            column_index_from_string(col1.decode()),
                            int(row2),
                            column_index_from_string(col2.decode()),
                        )
                    )
                tail = data[-256:]
    return sorted(found)


def _xlsx_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f" and isinstance(value, str):
        # ="0123" is how Excel keeps digits as text (and how our CSV reaches Excel);
        # any other formula stays its own text and is never evaluated.
        return unescape_formula_literal(value)
    if cell.data_type == "e":
        return str(value)
    return value


def unescape_formula_literal(text: str) -> str:
    """``="abc"`` -> ``abc``; any other text unchanged."""
    if len(text) >= 3 and text.startswith('="') and text.endswith('"'):
        inner = text[2:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return text


# --- csv ----------------------------------------------------------------------------------

_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise SheetError(MSG_NOT_TEXT)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:8192]
        # A stray control character is a cell's problem (reported there); many mean binary.
        if len(_NOT_TEXT.findall(sample)) > max(8, len(sample) // 100):
            break
        return text
    raise SheetError(MSG_NOT_TEXT)


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_sheet(path: Path, data: bytes, limits: SheetLimits) -> Sheet:
    text = _decode(data)
    delimiter = _delimiter(text)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        count = 0
        number = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error:
                raise SheetError(MSG_BAD_CSV, row=number + 1) from None
            number += 1
            values: list[Any] = [unescape_csv_cell(v) for v in record]
            if _is_empty(values):
                continue
            count += 1
            if count > limits.max_rows + 1:
                raise SheetError(MSG_TOO_MANY_ROWS, max=limits.max_rows)
            yield number, values

    estimate = max(text.count("\n") - 1, 0)
    return Sheet(path.stem, estimate, rows)


@contextlib.contextmanager
def sheets_of(path: Path, limits: SheetLimits | None = None) -> Iterator[list[Sheet]]:
    """``with sheets_of(path) as sheets:`` — the tables of a file, closed afterwards."""
    sheets, close = open_sheets(path, limits or SheetLimits())
    try:
        yield sheets
    finally:
        close()


__all__ = [
    "FORMULA_START",
    "MSG_UNSUPPORTED_TYPE",
    "Sheet",
    "SheetError",
    "SheetLimits",
    "excel_text",
    "neutralise_formula",
    "sheets_of",
    "unescape_csv_cell",
]
