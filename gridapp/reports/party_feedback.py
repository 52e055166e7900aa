"""双报到党员表现反馈表: what the community feeds back to the members' work units for a period
(a quarter, a half year or a year), A4 portrait. One row per member in service during the
period, by the grid the member is assigned to, with a subtotal per grid and a total; 等次
and the community's opinion as saved, blank to be filled in by hand where none is saved.

Imported through :func:`gridapp.reports.party.party_feedback_document` (the registry's name).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.ledger_party import FeedbackRow, PartyFeedbackSheet
from gridapp.reports.layout import LedgerDocument, TableRow, scope_heading, ymd, zh
from gridapp.reports.party import (
    COL_ACTIVITY_COUNT,
    COL_HOURS,
    COL_NAME,
    COL_NO,
    COL_POINTS,
    COL_POSTS,
    COL_REPORT_DATE,
    LIST_SEPARATOR,
    ROW_PERSONS,
    ROW_SUBTOTAL,
    ROW_TOTAL,
    Align,
    by_grid,
    columns,
    dsum,
    grid_heading,
    label,
    num,
)

TITLE = QT_TRANSLATE_NOOP("Messages", "Feedback on dual-reporting party members")
PERIOD_QUARTERS = (
    QT_TRANSLATE_NOOP("Messages", "{year}, first quarter"),
    QT_TRANSLATE_NOOP("Messages", "{year}, second quarter"),
    QT_TRANSLATE_NOOP("Messages", "{year}, third quarter"),
    QT_TRANSLATE_NOOP("Messages", "{year}, fourth quarter"),
)
PERIOD_HALVES = (
    QT_TRANSLATE_NOOP("Messages", "{year}, first half"),
    QT_TRANSLATE_NOOP("Messages", "{year}, second half"),
)
PERIOD_YEAR = QT_TRANSLATE_NOOP("Messages", "Year {year}")
NOTE_SHEET = QT_TRANSLATE_NOOP(
    "Messages",
    "Feedback period {start} to {end}: members reported by its end and not cancelled before "
    "its start. Rating and opinion are given by the community party organisation; where "
    "none is recorded they are filled in by hand.",
)
NOTE_RECEIPT = QT_TRANSLATE_NOOP(
    "Messages",
    "Received by the work unit's party organisation: ______________   "
    "Date: ______ (year) ____ (month) ____ (day)",
)
NO_ROWS = QT_TRANSLATE_NOOP("Messages", "No members in service during this period.")
COL_UNIT_ORG = QT_TRANSLATE_NOOP("Messages", "Work unit (party organisation)")
COL_RATING = QT_TRANSLATE_NOOP("Messages", "Rating")
COL_OPINION = QT_TRANSLATE_NOOP("Messages", "Opinion of the community party organisation")
COL_SIGNER = QT_TRANSLATE_NOOP("Messages", "Signed by")
COL_SIGNED_DATE = QT_TRANSLATE_NOOP("Messages", "Feedback date")
GROUP_PERIOD = QT_TRANSLATE_NOOP("Messages", "In the period")
UNIT_ORG = QT_TRANSLATE_NOOP("Messages", "{unit} ({org})")

FEEDBACK_COLUMNS: tuple[tuple[str, float, Align, str], ...] = (
    (COL_NO, 8, "CENTER", ""),
    (COL_NAME, 14, "LEFT", ""),
    (COL_UNIT_ORG, 28, "LEFT", ""),
    (COL_REPORT_DATE, 18, "CENTER", ""),
    (COL_POSTS, 21, "LEFT", ""),
    (COL_ACTIVITY_COUNT, 10, "RIGHT", GROUP_PERIOD),
    (COL_HOURS, 14, "RIGHT", GROUP_PERIOD),
    (COL_POINTS, 10, "RIGHT", GROUP_PERIOD),
    (COL_RATING, 11, "CENTER", ""),
    (COL_OPINION, 22, "LEFT", ""),
    (COL_SIGNER, 13, "LEFT", ""),
    (COL_SIGNED_DATE, 18, "CENTER", ""),
)


def period_text(code: str) -> str:
    """2026Q3 -> 2026年第三季度, 2026H1 -> 2026年上半年, 2026 -> 2026年度."""
    year = code[:4]
    if len(code) == 6 and code[4] == "Q":
        return zh(PERIOD_QUARTERS[int(code[5]) - 1], year=year)
    if len(code) == 6 and code[4] == "H":
        return zh(PERIOD_HALVES[int(code[5]) - 1], year=year)
    return zh(PERIOD_YEAR, year=year)


def _unit(row: FeedbackRow) -> str:
    if row.work_unit and row.party_org:
        return zh(UNIT_ORG, unit=row.work_unit, org=row.party_org)
    return row.work_unit or row.party_org


def _subtotal(title: str, rows: Sequence[FeedbackRow], figures: Sequence[str]) -> list[str]:
    return ["", zh(title), zh(ROW_PERSONS, count=len(rows)), "", "", *figures, "", "", "", ""]


def feedback_rows(sheet: PartyFeedbackSheet) -> list[TableRow]:
    """Per grid: a group row, one row per member, a subtotal; then the total."""
    separator = zh(LIST_SEPARATOR)
    out: list[TableRow] = []
    number = 0
    for grid_code, rows in by_grid(sheet.rows, "grid_code"):
        out.append(TableRow([grid_heading(sheet.scope, grid_code)], "group"))
        for row in rows:
            number += 1
            out.append(
                TableRow(
                    [
                        str(number),
                        row.name,
                        _unit(row),
                        ymd(row.report_date),
                        separator.join(row.posts),
                        str(row.activities),
                        num(row.hours),
                        num(row.points),
                        label("feedback_rating", row.rating),
                        row.opinion,
                        row.signer,
                        ymd(row.signed_date),
                    ]
                )
            )
        figures = [
            str(sum(r.activities for r in rows)),
            num(dsum(r.hours for r in rows)),
            num(dsum(r.points for r in rows)),
        ]
        out.append(TableRow(_subtotal(ROW_SUBTOTAL, rows, figures), "subtotal"))
    figures = [str(sheet.activities), num(sheet.hours), num(sheet.points)]
    out.append(TableRow(_subtotal(ROW_TOTAL, sheet.rows, figures), "total"))
    return out


def feedback_document(
    sheet: PartyFeedbackSheet, *, unmasked: bool = False, printed_at: datetime | None = None
) -> LedgerDocument:
    """The laid-out feedback sheet. It prints no ID or phone numbers (the work unit knows its
    members), so ``unmasked`` changes nothing."""
    heading = scope_heading(zh(TITLE), sheet.scope, sheet.start, period_text(sheet.period))
    doc = LedgerDocument(heading, wide=False, printed_at=printed_at)
    doc.note(zh(NOTE_SHEET, start=ymd(sheet.start), end=ymd(sheet.end)))
    if sheet.rows:
        doc.table(columns(FEEDBACK_COLUMNS), feedback_rows(sheet))
    else:
        doc.note(zh(NO_ROWS))
    doc.space(6)
    doc.note(zh(NOTE_RECEIPT))
    return doc
