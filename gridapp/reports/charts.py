"""Bar charts for the ledgers, drawn with reportlab.graphics into the page's flow.

Every string a chart draws (title, category names, legend) goes through
:func:`gridapp.reports.layout.check_glyphs` and is set in the embedded ledger font, so a chart
never prints a box for a missing glyph nor pulls an unembedded Helvetica into the PDF. A chart
draws for one category and for all-zero figures alike (the value axis then runs 0…4), and
long category names wrap onto more lines instead of running into their neighbours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from gridapp.reports.layout import FONT_NAME, check_glyphs, ledger_font

# Distinct hues that also stay distinct as greys on a black-and-white office printer.
PALETTE = (
    colors.HexColor("#1F4E79"),
    colors.HexColor("#9DC3E6"),
    colors.HexColor("#548235"),
    colors.HexColor("#F4B183"),
    colors.HexColor("#7F7F7F"),
    colors.HexColor("#C00000"),
)
TITLE_SIZE = 10
LABEL_SIZE = 7.5
LEGEND_SIZE = 8
BAR_LABEL_SIZE = 6.5
MAX_SLOT = 34.0  # at most this many points per bar: one grid must not give a wall-wide bar


@dataclass(frozen=True)
class Series:
    """One kind of bar: its legend name and a value per category."""

    name: str
    values: Sequence[float]


def value_axis(peak: float, integer: bool) -> tuple[float, float]:
    """(top, step) of a value axis from 0 that holds ``peak`` with 2–8 steps and a little room
    above the highest bar for its label; 0…4 when everything is zero."""
    if peak <= 0:
        return 4.0, 1.0
    raw = peak / 4
    magnitude = 10.0 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if m * magnitude >= raw)
    # Counts step by whole numbers; hours (one decimal) by half hours at least, so that no
    # two tick labels read the same.
    step = float(max(1, round(step))) if integer else max(step, 0.5)
    top = step * max(math.ceil(peak / step), 2)
    if peak > top * 0.92:  # room for the number on the highest bar
        top += step
    return float(top), float(step)


def wrap(text: str, width: float, size: float) -> str:
    """``text`` broken with newlines so that no line is wider than ``width`` points (CJK text
    has no spaces to break at, so this goes character by character)."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and stringWidth(line + char, FONT_NAME, size) > width:
            lines.append(line)
            line = ""
        line += char
    lines.append(line)
    return "\n".join(lines)


def _drawing(width: float, height: float) -> Drawing:
    """An empty drawing whose starting font is the ledger's: reportlab would otherwise set
    Times-Roman first, and that unembedded font would land in the PDF unused."""
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT_NAME
    drawing.initialFontSize = LABEL_SIZE
    return drawing


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


@dataclass(frozen=True)
class _Labels:
    """How the category names sit under the axis: ``texts`` (wrapped or not), their size,
    angle (0: upright, wrapped onto at most three lines) and the height they take."""

    texts: list[str]
    size: float
    angle: int
    height: float


def _category_labels(categories: Sequence[str], slot: float) -> _Labels:
    """Upright names wrapped onto up to three lines when they fit their slot; else slanted,
    at the smallest angle at which neighbours do not touch (smaller type below 8 pt slots)."""

    def lines_at(size: float) -> int:
        return max(wrap(name, slot - 4, size).count("\n") + 1 for name in categories)

    # Smaller type (down to 6 pt) where it saves a line break: 第一网格 whole, not 第一网/格.
    fewest = lines_at(6.0)
    size = next(s for s in (LABEL_SIZE, 7.0, 6.5, 6.0) if lines_at(s) == fewest)
    wrapped = [wrap(name, slot - 4, size) for name in categories]
    lines = fewest
    if lines <= 3:
        return _Labels(wrapped, size, 0, lines * size * 1.2)
    size = LABEL_SIZE
    angle = next(
        (a for a in (30, 45, 60, 90) if size * 1.25 / math.sin(math.radians(a)) <= slot), 90
    )
    if size * 1.25 > slot:
        size = max(slot / 1.25, 4.0)
    longest = max(stringWidth(name, FONT_NAME, size) for name in categories)
    rad = math.radians(angle)
    return _Labels(list(categories), size, angle, longest * math.sin(rad) + size * math.cos(rad))


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    width: float,
    plot_height: float,
    decimals: int = 0,
    legend_space: int = 0,
) -> Drawing:
    """A grouped bar chart ``width`` points wide: the title, the legend under it when there is
    more than one series, a plot ``plot_height`` high with a bar per series in each category
    and the value on every bar that is not zero (when the bars are wide enough to carry it),
    and the category names under it (the drawing is as high as all that needs).
    ``decimals``: digits after the point of the values (hours: 1). ``legend_space``: rows
    kept for the legend at least, so that charts side by side start their plots level."""
    ledger_font()
    check_glyphs(title)
    for text in [*categories, *(s.name for s in series)]:
        check_glyphs(text)
    left, right = 34.0, 8.0
    plot_width = width - left - right
    slot = min(plot_width / max(len(categories), 1), MAX_SLOT * len(series) + 24)
    labels = _category_labels(categories, slot) if categories else _Labels([], LABEL_SIZE, 0, 0)
    rows = legend_rows([s.name for s in series], width - 8) if len(series) > 1 else 0
    space = max(rows, legend_space)
    head = TITLE_SIZE + 10 + (space * LEGEND_ROW + 6 if space else 0)
    bottom = 8 + labels.height
    height = head + 8 + plot_height + bottom
    drawing = _drawing(width, height)
    # A title wider than the chart is set smaller rather than run into its neighbour's.
    title_size = min(
        TITLE_SIZE, TITLE_SIZE * (width - 8) / (stringWidth(title, FONT_NAME, TITLE_SIZE) or 1)
    )
    drawing.add(
        String(
            width / 2,
            height - TITLE_SIZE - 2,
            title,
            fontName=FONT_NAME,
            fontSize=max(title_size, 6),
            textAnchor="middle",
        )
    )
    if rows:
        drawing.add(_legend(series, width / 2, height - TITLE_SIZE - 10, rows))
    if not categories:
        return drawing

    chart = VerticalBarChart()
    chart.width = slot * len(categories)
    chart.x = left + (plot_width - chart.width) / 2
    chart.y = bottom
    chart.height = plot_height
    chart.data = [[float(v) for v in s.values] for s in series]
    # Bar, gap between bars and gap between grids in proportion (reportlab scales them).
    chart.barWidth, chart.barSpacing, chart.groupSpacing = 10, 1, 3 * len(series) + 2
    bar = slot * 10 / (10 * len(series) + (len(series) - 1) + chart.groupSpacing)
    chart.strokeColor = None
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None

    peak = max((v for row in chart.data for v in row), default=0.0)
    axis_top, step = value_axis(peak, integer=decimals == 0)
    values = chart.valueAxis
    values.valueMin, values.valueMax, values.valueStep = 0, axis_top, step
    values.labels.fontName, values.labels.fontSize = FONT_NAME, LABEL_SIZE
    values.labelTextFormat = lambda v: _number(v, 0 if float(step).is_integer() else 1)
    values.visibleGrid = True
    values.gridStrokeColor = colors.HexColor("#D9D9D9")
    values.gridStrokeWidth = 0.4
    values.strokeWidth = 0.5
    axis = chart.categoryAxis
    axis.categoryNames = labels.texts
    axis.labels.fontName, axis.labels.fontSize = FONT_NAME, labels.size
    axis.labels.leading = labels.size * 1.2
    if labels.angle:
        axis.labels.angle = labels.angle
        axis.labels.boxAnchor = "ne"  # the name ends at its tick and runs down to the left
        axis.labels.dx, axis.labels.dy = 2, -4
    else:
        axis.labels.boxAnchor = "n"
        axis.labels.textAnchor = "middle"  # wrapped lines centred under their bars
        axis.labels.dy = -3
    axis.strokeWidth = 0.5
    # A number needs about its own width of bar; thinner bars go without (the table has it).
    widest = stringWidth(_number(peak, decimals), FONT_NAME, BAR_LABEL_SIZE)
    if bar >= max(widest, BAR_LABEL_SIZE):
        chart.barLabels.fontName, chart.barLabels.fontSize = FONT_NAME, BAR_LABEL_SIZE
        chart.barLabels.nudge = 5
        chart.barLabelFormat = lambda v: "" if not v else _number(v, decimals)
    drawing.add(chart)
    return drawing


LEGEND_PAD = 12.0  # between legend entries
LEGEND_ROW = LEGEND_SIZE + 4


def legend_rows(names: Sequence[str], width: float) -> int:
    """The fewest rows the legend entries fit ``width`` in (filled column by column, as
    reportlab's Legend does; a column is as wide as its widest entry)."""
    entries = [stringWidth(n, FONT_NAME, LEGEND_SIZE) + LEGEND_SIZE + 3 + LEGEND_PAD for n in names]
    for rows in range(1, len(entries) + 1):
        columns = [entries[i : i + rows] for i in range(0, len(entries), rows)]
        if sum(max(c) for c in columns) - LEGEND_PAD <= width:
            return rows
    return len(entries)


def _legend(series: Sequence[Series], centre: float, top: float, rows: int) -> Legend:
    """Swatches and names in ``rows`` rows, centred under the title."""
    legend = Legend()
    legend.fontName, legend.fontSize = FONT_NAME, LEGEND_SIZE
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s.name) for i, s in enumerate(series)]
    legend.columnMaximum = rows
    legend.alignment = "right"  # swatch left of its name
    legend.dx = legend.dy = LEGEND_SIZE
    legend.dxTextSpace = 3
    legend.deltay = LEGEND_ROW
    legend.variColumn = True  # columns as wide as their names ...
    legend.deltax = 0
    legend.autoXPadding = LEGEND_PAD  # ... and this far apart
    legend.strokeWidth = 0
    legend.strokeColor = None
    legend.boxAnchor = "n"  # centred on x
    legend.x, legend.y = centre, top
    return legend


def side_by_side(drawings: Sequence[Drawing], gap: float = 12.0) -> Drawing:
    """The drawings in one row (one flowable, so they stay on the same page)."""
    width = sum(d.width for d in drawings) + gap * (len(drawings) - 1)
    height = max(d.height for d in drawings)
    row = _drawing(width, height)
    x = 0.0
    for drawing in drawings:
        group = Group(*drawing.contents)
        group.translate(x, height - drawing.height)
        row.add(group)
        x += drawing.width + gap
    return row
