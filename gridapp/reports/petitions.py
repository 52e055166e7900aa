"""诉求信访台账: one row per petition grouped by grid (a 小计 per grid, a 合计 at the end), then
the month's metrics block (登记件数 … 综合) for the scope and per grid.

Landscape A4: sixteen columns (domain-notes §4.4). Which petitions and which figures:
:mod:`gridapp.models.ledger_petitions`; this module only labels, formats and lays them out.
The petitioner is printed by name with 人数 — never with an ID or phone number — and the
petitioner of a 检举控告类 petition is printed as confidential unless the role may print it
(``unmasked``), as the petition page hides it from a grid worker. Layout choices:
``docs/ledgers.md`` "诉求信访台账".
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes, petition_flow
from gridapp.models.ledger_petitions import PetitionGroup, PetitionLedger, PetitionLedgerRow
from gridapp.models.petition_metrics import MonthMetrics
from gridapp.reports.layout import (
    CELL_PADDING,
    CELL_SIZE,
    FONT_NAME,
    LEDGER_LANG,
    MARGIN,
    Column,
    LedgerDocument,
    TableRow,
    scope_heading,
    ymd,
    zh,
)

TITLE = QT_TRANSLATE_NOOP("Messages", "Petition ledger")
SEC_ROWS = QT_TRANSLATE_NOOP("Messages", "1. Petitions by grid")
SEC_METRICS = QT_TRANSLATE_NOOP("Messages", "2. This month's petition figures")
NOTE_ROWS = QT_TRANSLATE_NOOP(
    "Messages",
    "Petitions registered this month, and those registered earlier and not finished at its "
    "start. Status as of printing; overdue: open and past its deadline at the month's end. "
    "ID and phone numbers are not printed; the petitioner of an accusation is kept "
    "confidential.",
)
NOTE_ROWS_UNMASKED = QT_TRANSLATE_NOOP(
    "Messages",
    "Petitions registered this month, and those registered earlier and not finished at its "
    "start. Status as of printing; overdue: open and past its deadline at the month's end. "
    "ID and phone numbers are not printed; petitioners of accusations are named.",
)
NOTE_METRICS = QT_TRANSLATE_NOOP(
    "Messages",
    "Counted as in the petition page's monthly figures; “—”: nothing to count this month. "
    "Composite = {response} × response rate + {resolution} × resolution rate + "
    "{satisfaction} × satisfaction rate (the county's weights).",
)
NO_PETITIONS = QT_TRANSLATE_NOOP("Messages", "No petitions this month.")

COL_NO = QT_TRANSLATE_NOOP("Messages", "No.")
COL_REG_NO = QT_TRANSLATE_NOOP("Messages", "Petition no.")
COL_REG_DATE = QT_TRANSLATE_NOOP("Messages", "Registered on")
COL_CHANNEL = QT_TRANSLATE_NOOP("Messages", "Form")
COL_PETITIONER = QT_TRANSLATE_NOOP("Messages", "Petitioner")
COL_PERSONS = QT_TRANSLATE_NOOP("Messages", "Persons")
COL_PLACE = QT_TRANSLATE_NOOP("Messages", "Place of the problem")
COL_CATEGORY = QT_TRANSLATE_NOOP("Messages", "Category")
COL_SUMMARY = QT_TRANSLATE_NOOP("Messages", "Summary")
COL_HANDLER = QT_TRANSLATE_NOOP("Messages", "Handled by")
COL_ACCEPTED = QT_TRANSLATE_NOOP("Messages", "Acceptance notice")
COL_HANDLE_BY = QT_TRANSLATE_NOOP("Messages", "Handle by")
COL_DECISION = QT_TRANSLATE_NOOP("Messages", "Outcome")
COL_REPLY = QT_TRANSLATE_NOOP("Messages", "Replied on")
COL_SATISFACTION = QT_TRANSLATE_NOOP("Messages", "Satisfaction")
COL_STATUS = QT_TRANSLATE_NOOP("Messages", "Status")

COL_GRID = QT_TRANSLATE_NOOP("Messages", "Grid")
COL_M_REGISTERED = QT_TRANSLATE_NOOP("Messages", "Registered (count)")
COL_M_REPEAT = QT_TRANSLATE_NOOP("Messages", "Repeat petitions")
COL_M_RESPONSE = QT_TRANSLATE_NOOP("Messages", "Response rate")
COL_M_ACCEPTED = QT_TRANSLATE_NOOP("Messages", "Accepted-in-time rate")
COL_M_COMPLETED = QT_TRANSLATE_NOOP("Messages", "Completed-in-time rate")
COL_M_RESOLUTION = QT_TRANSLATE_NOOP("Messages", "Resolution rate")
COL_M_SATISFACTION = QT_TRANSLATE_NOOP("Messages", "Satisfaction rate")
COL_M_OVERDUE = QT_TRANSLATE_NOOP("Messages", "Overdue petitions")
COL_M_COMPOSITE = QT_TRANSLATE_NOOP("Messages", "Composite")

ROW_SUBTOTAL = QT_TRANSLATE_NOOP("Messages", "Subtotal")
ROW_TOTAL = QT_TRANSLATE_NOOP("Messages", "Total")
ROW_FIGURES = QT_TRANSLATE_NOOP(
    "Messages",
    "{count} petitions (this month {registered}, carried over {carried}); finished "
    "{finished}, overdue {overdue}",
)
NO_GRID = QT_TRANSLATE_NOOP("Messages", "(no grid)")
STATUS_OVERDUE = QT_TRANSLATE_NOOP("Messages", "{status} (overdue)")
REPEAT = QT_TRANSLATE_NOOP("Messages", "repeat")
CONFIDENTIAL = QT_TRANSLATE_NOOP("Messages", "(confidential)")
CONTINUED = QT_TRANSLATE_NOOP("Messages", "cont.")

ACCUSATION = "accusation"  # petition_kind: 检举控告类 (its petitioner is confidential)

Align = Literal["LEFT", "CENTER", "RIGHT"]
# (title, width mm, alignment); the page is 273 mm wide, 概况 takes what is left.
ROW_COLUMNS: tuple[tuple[str, float, Align], ...] = (
    (COL_NO, 8, "CENTER"),
    (COL_REG_NO, 27, "LEFT"),
    (COL_REG_DATE, 17, "CENTER"),
    (COL_CHANNEL, 12, "CENTER"),
    (COL_PETITIONER, 16, "LEFT"),
    (COL_PERSONS, 8, "RIGHT"),
    (COL_PLACE, 19, "LEFT"),
    (COL_CATEGORY, 17, "LEFT"),
    (COL_SUMMARY, 37, "LEFT"),
    (COL_HANDLER, 17, "LEFT"),
    (COL_ACCEPTED, 17, "CENTER"),
    (COL_HANDLE_BY, 17, "CENTER"),
    (COL_DECISION, 12, "CENTER"),
    (COL_REPLY, 17, "CENTER"),
    (COL_SATISFACTION, 12, "CENTER"),
    (COL_STATUS, 20, "LEFT"),
)
SUMMARY_INDEX = 8
PERSONS_INDEX = 5
# A table row cannot break across pages: a 概况 longer than about this many wrapped lines goes
# on in continuation rows (续) below its petition. A page holds about 40 lines of a landscape
# table; a row too tall for what is left of a page moves whole to the next, so shorter parts
# leave less blank space (a 200-character 概况, the register's limit, takes two parts).
SUMMARY_LINES = 12

METRIC_COLUMNS: tuple[tuple[str, float], ...] = (
    (COL_GRID, 45),
    (COL_M_REGISTERED, 22),
    (COL_M_REPEAT, 22),
    (COL_M_RESPONSE, 22),
    (COL_M_ACCEPTED, 24),
    (COL_M_COMPLETED, 24),
    (COL_M_RESOLUTION, 22),
    (COL_M_SATISFACTION, 22),
    (COL_M_OVERDUE, 22),
    (COL_M_COMPOSITE, 22),
)
RATES = (
    "response_rate",
    "on_time_acceptance_rate",
    "on_time_completion_rate",
    "resolution_rate",
    "satisfaction_rate",
)


def percent(rate: float | None) -> str:
    """A rate as the petition page's monthly figures show it (45.5%; None: "—")."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def composite(metrics: MonthMetrics) -> str:
    return "—" if metrics.composite is None else f"{metrics.composite:.3f}"


def _label(table: str, code: str) -> str:
    entry = codes.table(table).get(code) if code else None
    return entry.label if entry is not None else code


def petition_ledger_document(
    ledger: PetitionLedger, *, unmasked: bool = False, printed_at: datetime | None = None
) -> LedgerDocument:
    """The laid-out (not yet written) 诉求信访台账 of ``ledger``."""
    doc = LedgerDocument(
        scope_heading(zh(TITLE), ledger.scope, ledger.month), wide=True, printed_at=printed_at
    )
    doc.section(zh(SEC_ROWS))
    if not ledger.groups:
        doc.note(zh(NO_PETITIONS))
    else:
        doc.note(zh(NOTE_ROWS_UNMASKED if unmasked else NOTE_ROWS))
        columns = [Column(zh(title), width, align) for title, width, align in ROW_COLUMNS]
        doc.table(columns, petition_rows(ledger, unmasked))
    metrics = metric_rows(ledger)
    # The metrics block is short: it starts on a new page rather than leave its header alone.
    doc.add(CondPageBreak((len(metrics) + 5) * 14))
    doc.section(zh(SEC_METRICS))
    weights = ledger.metrics.weights
    doc.note(
        zh(
            NOTE_METRICS,
            response=f"{weights.response:g}",
            resolution=f"{weights.resolution:g}",
            satisfaction=f"{weights.satisfaction:g}",
        )
    )
    metric_columns = [
        Column(zh(title), width, "LEFT" if index == 0 else "RIGHT")
        for index, (title, width) in enumerate(METRIC_COLUMNS)
    ]
    doc.table(metric_columns, metrics)
    return doc


def petition_rows(ledger: PetitionLedger, unmasked: bool = False) -> list[TableRow]:
    """Per grid: a group row, one row per petition (and continuation rows of a very long
    概况), a 小计; then the 合计."""
    places = {ledger.scope.village_code: ledger.scope.village_name, **dict(ledger.scope.grids)}
    summary_width = _summary_width()
    rows: list[TableRow] = []
    number = 0
    for group in ledger.groups:
        rows.append(TableRow([_group_title(group)], "group"))
        for petition in group.rows:
            number += 1
            parts = split_summary(petition.summary, summary_width)
            cells = _cells(number, petition, places, unmasked)
            cells[SUMMARY_INDEX] = parts[0]
            rows.append(TableRow(cells))
            for part in parts[1:]:
                more = [""] * len(ROW_COLUMNS)
                more[0] = zh(CONTINUED)
                more[SUMMARY_INDEX] = part
                rows.append(TableRow(more))
        rows.append(_figures_row(zh(ROW_SUBTOTAL), group, "subtotal"))
    rows.append(_figures_row(zh(ROW_TOTAL), ledger, "total"))
    return rows


def _group_title(group: PetitionGroup) -> str:
    if not group.grid_code:
        return zh(NO_GRID)
    return f"{group.grid_name or group.grid_code}（{group.grid_code}）"


def _figures_row(
    label: str, figures: PetitionGroup | PetitionLedger, kind: Literal["subtotal", "total"]
) -> TableRow:
    cells = [""] * len(ROW_COLUMNS)
    cells[1] = label
    cells[PERSONS_INDEX] = str(figures.headcount)
    cells[SUMMARY_INDEX] = zh(
        ROW_FIGURES,
        count=figures.count,
        registered=figures.registered,
        carried=figures.carried_over,
        finished=figures.finished,
        overdue=figures.overdue,
    )
    return TableRow(cells, kind)


def _cells(
    number: int, row: PetitionLedgerRow, places: dict[str, str], unmasked: bool
) -> list[str]:
    channel = _label("petition_channel", row.channel)
    if row.is_repeat:
        channel = f"{channel} {zh(REPEAT)}"
    petitioner = row.petitioner
    if row.kind == ACCUSATION and not unmasked:
        petitioner = zh(CONFIDENTIAL)
    category = " ".join(
        t
        for t in (_label("petition_kind", row.kind), _label("petition_category", row.category))
        if t
    )
    handler = " ".join(t for t in (row.handling_unit, row.handler) if t)
    status = petition_flow.status_label(row.status, LEDGER_LANG)
    if row.overdue:
        status = zh(STATUS_OVERDUE, status=status)
    return [
        str(number),
        row.reg_no,
        ymd(row.reg_date),
        channel,
        petitioner,
        str(row.headcount),
        place_text(row.problem_area_code, row.problem_address, places),
        category,
        row.summary,
        handler,
        ymd(row.accepted_date),
        ymd(row.handle_by),
        _label("petition_decision", row.decision),
        ymd(row.reply_date),
        _label("satisfaction", row.satisfaction),
        status,
    ]


def place_text(code: str, address: str, places: dict[str, str]) -> str:
    """属地: the place's name (village or grid of the scope, else its code) and the address,
    the name left out when the address starts with it (杨堡村3组10号)."""
    name = places.get(code, code)
    if not address:
        return name
    if not name or address.startswith(name):
        return address
    return f"{name} {address}"


def _summary_width() -> float:
    """The width, in points, the 概况 column gives its text on the page."""
    total = sum(width for _title, width, _align in ROW_COLUMNS)
    page = float(landscape(A4)[0]) - 2 * MARGIN
    scale = min(1.0, page / (total * mm))
    return float(ROW_COLUMNS[SUMMARY_INDEX][1] * mm * scale - CELL_PADDING)


def split_summary(text: str, width: float, lines: int = SUMMARY_LINES) -> list[str]:
    """``text`` in parts of at most about ``lines`` wrapped lines of ``width`` points each
    (at least one part; joined they give ``text`` back)."""
    budget = width * (lines - 1)  # a line's slack when wrapping: one line spare
    parts: list[str] = []
    start, used = 0, 0.0
    for index, char in enumerate(text):
        advance = pdfmetrics.stringWidth(char, FONT_NAME, CELL_SIZE)
        if used + advance > budget and index > start:
            parts.append(text[start:index])
            start, used = index, 0.0
        used += advance
    parts.append(text[start:])
    return parts


def metric_rows(ledger: PetitionLedger) -> list[TableRow]:
    """For a village one row per grid of it (zeros and "—" where it had no petitions this
    month) and the petitions without a grid; then the scope's 合计."""
    total = TableRow([zh(ROW_TOTAL), *_metric_cells(ledger.metrics)], "total")
    if ledger.scope.grid_code:
        return [total]
    rows: list[TableRow] = []
    by_grid = {g.grid_code: g for g in ledger.groups}
    grids = list(ledger.scope.grids)
    grids += [(g.grid_code, g.grid_name) for g in ledger.groups if g.grid_code not in dict(grids)]
    for code, name in grids:
        group = by_grid.get(code)
        metrics = group.metrics if group else MonthMetrics(code, ledger.month.strftime("%Y-%m"))
        title = zh(NO_GRID) if not code else name or code
        rows.append(TableRow([title, *_metric_cells(metrics)]))
    return [*rows, total]


def _metric_cells(m: MonthMetrics) -> list[str]:
    return [
        str(m.registered),
        str(m.repeat),
        *(percent(getattr(m, name)) for name in RATES),
        str(m.overdue),
        composite(m),
    ]
