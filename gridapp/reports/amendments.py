"""The 更正 section of a ledger — "上月更正（YYYY年MM月已结账）": what changed in the closed month
before the ledger's month since it was closed (rows added, removed, and changed fields
before → after) — and the line a fresh print of a closed month carries on its face.

``ledger_document`` (``registry.py``) calls :func:`add_amendments` and
:func:`add_closed_notice`; the data comes from ``gridapp.store.ledgers.read_amendments``
and ``read_month_close``. Rules in ``docs/month-close.md``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Literal

from reportlab.lib.units import mm

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.month_close import (
    CHANGE_LABELS,
    FIELD_LABELS,
    KIND_LABELS,
    PART_LABELS,
    SENSITIVE,
    YEAR_SUFFIX,
    Amendment,
    FieldChange,
    MonthClose,
    previous_month,
)
from gridapp.reports.layout import (
    Column,
    LedgerDocument,
    MissingGlyphError,
    TableRow,
    shown_id,
    shown_phone,
    zh,
)

SEC_AMENDMENTS = QT_TRANSLATE_NOOP(
    "Messages", "Corrections of last month ({year}-{month:02d}, closed)"
)
NOTE_AMENDMENTS = QT_TRANSLATE_NOOP(
    "Messages",
    "{year}-{month:02d} was closed on {date}. Listed: what its ledger shows differently now —"
    " rows added or removed since, and changed fields (before → after), whether edited on"
    " this PC or received by sync.",
)
NO_AMENDMENTS = QT_TRANSLATE_NOOP(
    "Messages", "{year}-{month:02d} was closed; nothing in its ledger has changed since."
)
NOTICE_CLOSED = QT_TRANSLATE_NOOP(
    "Messages",
    "This month was closed on {date}; corrections made after closing are listed in the next"
    " month's ledger.",
)
MSG_CANNOT_DRAW = QT_TRANSLATE_NOOP(
    "Messages",
    "The {kind} cannot be drawn, so it cannot have been signed; the month was not closed: {error}",
)
COL_NO = QT_TRANSLATE_NOOP("Messages", "No.")
COL_CHANGE = QT_TRANSLATE_NOOP("Messages", "Correction")
COL_GRID = QT_TRANSLATE_NOOP("Messages", "Grid")
COL_PART = QT_TRANSLATE_NOOP("Messages", "Item")
COL_RECORD = QT_TRANSLATE_NOOP("Messages", "Record")
COL_WHAT = QT_TRANSLATE_NOOP("Messages", "What changed (before → after)")
EMPTY = QT_TRANSLATE_NOOP("Messages", "(empty)")
ROW_TOTAL = QT_TRANSLATE_NOOP("Messages", "Total")
ROW_COUNT = QT_TRANSLATE_NOOP("Messages", "{count} corrections")
NO_GRID = QT_TRANSLATE_NOOP("Messages", "No grid")

COLUMNS: tuple[tuple[str, float, Literal["LEFT", "CENTER", "RIGHT"]], ...] = (
    (COL_NO, 9, "CENTER"),
    (COL_CHANGE, 14, "CENTER"),
    (COL_GRID, 22, "LEFT"),
    (COL_PART, 18, "LEFT"),
    (COL_RECORD, 33, "LEFT"),
    (COL_WHAT, 90, "LEFT"),
)


def field_label(name: str) -> str:
    """A field's name in Chinese ("<field>.year": its 累计数)."""
    base, _, year = name.partition(".")
    label = zh(FIELD_LABELS[base]) if base in FIELD_LABELS else base
    return zh(YEAR_SUFFIX, field=label) if year else label


def _value(name: str, value: str, unmasked: bool, grid_names: Mapping[str, str]) -> str:
    if not value:
        return zh(NO_GRID) if name == "grid" else zh(EMPTY)
    if name == "grid":
        return grid_names.get(value, value)
    if name in SENSITIVE and not unmasked:
        return shown_id(value) if name == "id_number" else shown_phone(value)
    return value


def change_text(
    amendment: Amendment, unmasked: bool = False, grid_names: Mapping[str, str] | None = None
) -> str:
    """The changed fields as one wrapped cell: ``字段：旧 → 新；…`` for a changed row, the
    row's fields for an added (after) or removed (before) row."""
    parts = []
    for change in amendment.fields:
        label = field_label(change.field)
        parts.append(f"{label}：{_shown(amendment, change, unmasked, grid_names or {})}")
    return "；".join(parts)


def _shown(
    amendment: Amendment, change: FieldChange, unmasked: bool, grid_names: Mapping[str, str]
) -> str:
    if amendment.change == "added":
        return _value(change.field, change.after, unmasked, grid_names)
    if amendment.change == "removed":
        return _value(change.field, change.before, unmasked, grid_names)
    before = _value(change.field, change.before, unmasked, grid_names)
    return f"{before} → {_value(change.field, change.after, unmasked, grid_names)}"


def amendment_rows(
    amendments: Sequence[Amendment], grid_names: Mapping[str, str], unmasked: bool = False
) -> list[TableRow]:
    """One row per amendment, then a total row with their number."""
    rows = []
    for number, a in enumerate(amendments, start=1):
        grid = grid_names.get(a.grid, a.grid) if a.grid else zh(NO_GRID)
        rows.append(
            TableRow(
                [
                    str(number),
                    zh(CHANGE_LABELS[a.change]),
                    grid,
                    zh(PART_LABELS[a.part]) if a.part in PART_LABELS else a.part,
                    a.label,
                    change_text(a, unmasked, grid_names),
                ]
            )
        )
    rows.append(
        TableRow(["", zh(ROW_TOTAL), "", "", zh(ROW_COUNT, count=len(amendments)), ""], "total")
    )
    return rows


def add_amendments(
    doc: LedgerDocument,
    amendments: Sequence[Amendment] | None,
    month: date,
    grid_names: Mapping[str, str],
    *,
    unmasked: bool = False,
) -> None:
    """The section "上月更正" of the ledger of ``month``. ``amendments`` None: the month
    before is not closed (no section); empty: it is, and nothing changed since."""
    if amendments is None:
        return
    closed = previous_month(month)
    start = len(doc.story)
    doc.section(zh(SEC_AMENDMENTS, year=closed.year, month=closed.month))
    if not amendments:
        doc.note(zh(NO_AMENDMENTS, year=closed.year, month=closed.month))
        _keep_with_next(doc, start)
        return
    when = amendments[0].closed_at[:10]
    doc.note(zh(NOTE_AMENDMENTS, year=closed.year, month=closed.month, date=when))
    _keep_with_next(doc, start)
    # The widths are for portrait A4; on a landscape ledger the table spans the page too.
    widen = doc.width / (sum(width for _, width, _ in COLUMNS) * mm)
    columns = [Column(zh(title), width * widen, align) for title, width, align in COLUMNS]
    doc.table(columns, amendment_rows(amendments, grid_names, unmasked))


def _keep_with_next(doc: LedgerDocument, start: int) -> None:
    """The section's title and note stay on the page of what follows them (never alone
    at the bottom of a page)."""
    for flowable in doc.story[start:]:
        flowable.keepWithNext = True


def add_closed_notice(doc: LedgerDocument, close: MonthClose | None) -> None:
    """On a fresh print of a closed month, right under the heading: closed on which day,
    and where later corrections are listed."""
    if close is None:
        return
    doc.note(zh(NOTICE_CLOSED, date=close.closed_at[:10]))
    notice = doc.story.pop()
    doc.story.insert(min(2, len(doc.story)), notice)  # after the title and the heading line


def closing_copy(data: object, amendments: Sequence[Amendment] | None) -> tuple[bytes, int] | None:
    """The PDF of a ledger as it is signed when its month is closed (with the corrections
    of the month before), and its number of pages; None when no renderer exists for
    ``data`` yet."""
    from gridapp.reports.registry import RENDERERS, ledger_document

    module = RENDERERS.get(type(data).__name__, ("", ""))[0]
    if not module:
        return None
    try:
        document = ledger_document(data, amendments=amendments)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None  # that ledger's renderer is not written yet
    buffer = io.BytesIO()
    pages = document.write(buffer)
    return buffer.getvalue(), pages


def copy_renderer(
    amendments_of: Callable[[str], Sequence[Amendment] | None],
) -> Callable[[str, object], tuple[bytes, int] | None]:
    """The ``render`` to give ``MonthCloseRepository.close``: each ledger drawn as it is
    signed, with the corrections ``amendments_of(kind)`` returns (``read_amendments`` of
    the month being closed). A ledger the font cannot draw could not have been signed: it
    raises :class:`ValidationError` naming it, and the close keeps nothing."""

    def render(kind: str, data: object) -> tuple[bytes, int] | None:
        try:
            return closing_copy(data, amendments_of(kind))
        except MissingGlyphError as exc:
            label = zh(KIND_LABELS[kind]) if kind in KIND_LABELS else kind
            params: dict[str, object] = {"kind": label, "error": str(exc)}
            raise ValidationError([FieldError("ledger", MSG_CANNOT_DRAW, params)]) from exc

    return render
