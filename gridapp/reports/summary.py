"""月度工作汇总: one row per grid (and 未分网格, and 合计) with the month's figures of the
register, the petitions and the party members' dual reporting, each as 当月数 | 累计数; then
bar charts of the month per grid.

A4 landscape: 20 figure columns. The table's two header rows name each figure over its
当月数 | 累计数 pair; the three big categories (户籍, 诉求信访, 党员双报到) are named by the
figures themselves (诉求登记, 党员活动 …) and by the note above the table, because the page
framework has two header rows, not three. What each figure counts:
:mod:`gridapp.models.ledger_summary`.
"""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.platypus import KeepTogether, Paragraph

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.ledger_summary import Count, SummaryLedger, SummaryRow
from gridapp.reports.charts import Series, bar_chart, legend_rows, side_by_side
from gridapp.reports.layout import (
    Column,
    LedgerDocument,
    TableRow,
    check_glyphs,
    scope_heading,
    ymd,
    zh,
)

TITLE = QT_TRANSLATE_NOOP("Messages", "Monthly work summary")
SEC_TABLE = QT_TRANSLATE_NOOP(
    "Messages", "1. Work by grid (this month's figure | year-to-date figure)"
)
NOTE_TABLE = QT_TRANSLATE_NOOP(
    "Messages",
    "Household register: new households, moved in, births, moved out, deaths; petitions: "
    "registered, closed, overdue; party members reporting to the community: activities held "
    "and their service hours. Year to date: from {start} to {end}.",
)
NOTE_RULES = QT_TRANSLATE_NOOP(
    "Messages",
    "New households are those registered and those split off (a split counts once, in the "
    "grid of the household the members left). Overdue: petitions still open and past their "
    "deadline at the end of the month — a state, with no year-to-date figure (—).",
)
SEC_CHARTS = QT_TRANSLATE_NOOP("Messages", "2. This month by grid")
NO_GRIDS = QT_TRANSLATE_NOOP("Messages", "This scope has no grids: there is nothing to chart.")

COL_GRID = QT_TRANSLATE_NOOP("Messages", "Grid")
COL_MONTH = QT_TRANSLATE_NOOP("Messages", "This month's figure")
COL_YEAR = QT_TRANSLATE_NOOP("Messages", "Year-to-date figure")
ROW_TOTAL = QT_TRANSLATE_NOOP("Messages", "Total")
NO_GRID = QT_TRANSLATE_NOOP("Messages", "No grid")
NO_FIGURE = "—"  # 超期 has no 累计数

FIG_NEW = QT_TRANSLATE_NOOP("Messages", "New households")
FIG_MOVED_IN = QT_TRANSLATE_NOOP("Messages", "Moved in")
FIG_BIRTHS = QT_TRANSLATE_NOOP("Messages", "Births")
FIG_MOVED_OUT = QT_TRANSLATE_NOOP("Messages", "Moved out")
FIG_DEATHS = QT_TRANSLATE_NOOP("Messages", "Deaths")
FIG_REGISTERED = QT_TRANSLATE_NOOP("Messages", "Petitions registered")
FIG_CLOSED = QT_TRANSLATE_NOOP("Messages", "Petitions closed")
FIG_OVERDUE = QT_TRANSLATE_NOOP("Messages", "Petitions overdue")
FIG_ACTIVITIES = QT_TRANSLATE_NOOP("Messages", "Party activities (times)")
FIG_HOURS = QT_TRANSLATE_NOOP("Messages", "Service hours (h)")

CH_REGISTER = QT_TRANSLATE_NOOP("Messages", "Register changes this month, by grid")
CH_PETITIONS = QT_TRANSLATE_NOOP("Messages", "Petitions this month, by grid")
CH_ACTIVITIES = QT_TRANSLATE_NOOP("Messages", "Party activities this month, by grid (times)")
CH_HOURS = QT_TRANSLATE_NOOP("Messages", "Service hours this month, by grid (hours)")

# The figures in column order: (title, field of SummaryRow, digits after the point).
FIGURES: tuple[tuple[str, str, int], ...] = (
    (FIG_NEW, "new_households", 0),
    (FIG_MOVED_IN, "moved_in", 0),
    (FIG_BIRTHS, "births", 0),
    (FIG_MOVED_OUT, "moved_out", 0),
    (FIG_DEATHS, "deaths", 0),
    (FIG_REGISTERED, "petitions_registered", 0),
    (FIG_CLOSED, "petitions_closed", 0),
    (FIG_OVERDUE, "petitions_overdue", 0),
    (FIG_ACTIVITIES, "party_activities", 0),
    (FIG_HOURS, "party_hours", 1),
)
GRID_WIDTH = 31.0  # mm; with 20 figure columns of 12 mm: 271 of the 273 mm between margins
FIGURE_WIDTH = 12.0
PLOT_HEIGHT = 120.0  # points: the bars' area of a chart
ONE_ROW_GRIDS = 4  # up to this many grids (with 未分网格) all four charts share a row
PAIRED_GRIDS = 6  # up to this many two charts share a row; more: one chart a row
CHART_GAP = 12.0


def summary_ledger_document(
    ledger: SummaryLedger, *, unmasked: bool = False, printed_at: datetime | None = None
) -> LedgerDocument:
    """The laid-out (not yet written) 月度工作汇总 of ``ledger``. ``unmasked`` is accepted
    like every ledger's, but the summary holds nothing personal to mask."""
    doc = LedgerDocument(
        scope_heading(zh(TITLE), ledger.scope, ledger.month), wide=True, printed_at=printed_at
    )
    doc.section(zh(SEC_TABLE))
    doc.note(zh(NOTE_TABLE, start=ymd(ledger.start), end=ymd(ledger.end)))
    doc.note(zh(NOTE_RULES))
    doc.table(summary_columns(), summary_rows(ledger))
    _charts(doc, ledger)
    return doc


def summary_columns() -> list[Column]:
    """网格, then 当月数 | 累计数 under each figure's title."""
    columns = [Column(zh(COL_GRID), GRID_WIDTH)]
    for title, _, _ in FIGURES:
        group = zh(title)
        columns += [
            Column(zh(COL_MONTH), FIGURE_WIDTH, "RIGHT", group=group),
            Column(zh(COL_YEAR), FIGURE_WIDTH, "RIGHT", group=group),
        ]
    return columns


def grid_label(row: SummaryRow) -> str:
    """The grid's name as printed: its name, else its code, else 未分网格."""
    return row.grid_name or row.grid_code or zh(NO_GRID)


def number(value: float | None, decimals: int = 0) -> str:
    """A figure as printed: whole numbers for counts, one decimal for hours, "—" for none."""
    if value is None:
        return NO_FIGURE
    return f"{value:.{decimals}f}" if decimals else str(round(value))


def summary_rows(ledger: SummaryLedger) -> list[TableRow]:
    """A row per grid of the ledger in its order, then 合计."""

    def cells(label: str, row: SummaryRow) -> list[str]:
        out = [label]
        for _, name, decimals in FIGURES:
            count: Count = getattr(row, name)
            out += [number(count.month, decimals), number(count.year, decimals)]
        return out

    rows = [TableRow(cells(grid_label(r), r)) for r in ledger.rows]
    rows.append(TableRow(cells(zh(ROW_TOTAL), ledger.total), "total"))
    return rows


def _charts(doc: LedgerDocument, ledger: SummaryLedger) -> None:
    """Bar charts of the month per grid, as many a row as the number of grids leaves
    readable; the section title stays with the first row."""
    title = Paragraph(escape(check_glyphs(zh(SEC_CHARTS))), doc.styles["section"])
    grids = [grid_label(r) for r in ledger.rows]
    if not grids:
        doc.add(title)
        doc.note(zh(NO_GRIDS))
        return

    def series(fields: tuple[tuple[str, str, int], ...]) -> list[Series]:
        return [
            Series(zh(name), [getattr(r, field).month for r in ledger.rows])
            for name, field, _ in fields
        ]

    charts = [
        (zh(CH_REGISTER), series(FIGURES[:5]), 0),
        (zh(CH_PETITIONS), series(FIGURES[5:8]), 0),
        (zh(CH_ACTIVITIES), series(FIGURES[8:9]), 0),
        (zh(CH_HOURS), series(FIGURES[9:]), 1),
    ]
    # Shares of the page's width per chart, in rows: four a row for a few grids (the ledger
    # then fits one page), two a row for a handful, else one a row.
    if len(grids) <= ONE_ROW_GRIDS:
        layout: list[list[float]] = [[0.31, 0.25, 0.22, 0.22]]
    elif len(grids) <= PAIRED_GRIDS:
        layout = [[0.58, 0.42], [0.5, 0.5]]
    else:
        layout = [[1.0]] * 4
    drawings = []
    index = 0
    for shares in layout:
        width = doc.width - CHART_GAP * (len(shares) - 1)
        todo = charts[index : index + len(shares)]
        index += len(shares)
        space = max(
            legend_rows([s.name for s in figures], width * share - 8) if len(figures) > 1 else 0
            for (_, figures, _), share in zip(todo, shares, strict=True)
        )
        row = []
        for (name, figures, decimals), share in zip(todo, shares, strict=True):
            row.append(
                bar_chart(
                    name,
                    grids,
                    figures,
                    width=width * share,
                    plot_height=PLOT_HEIGHT,
                    decimals=decimals,
                    legend_space=space,
                )
            )
        drawings.append(side_by_side(row, CHART_GAP) if len(row) > 1 else row[0])
    doc.add(KeepTogether([title, drawings[0]]))
    for drawing in drawings[1:]:
        doc.space(4)
        doc.add(drawing)
