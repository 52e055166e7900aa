"""The page framework of every monthly ledger (月度台账), after DOMAIN.md "Monthly ledgers".

A4 (portrait or landscape); the first page opens with the title, 填报单位 with its code, 网格
and 统计期; tables repeat their header row on every page, wrap long text (never cut it off)
and mark group, subtotal and total rows; every page ends with the 填报人 / 审核人 signature
and date lines, 第 N 页 共 M 页 and the time printed, and the last page leaves room for the
seal. The bundled CJK TrueType font is embedded as a subset, so the PDF reads the same on a
PC without Chinese fonts; any character the font lacks is refused with
:class:`MissingGlyphError` before anything is drawn.

Layout decisions are in ``docs/ledgers.md``.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer
from reportlab.platypus.tables import CellStyle, Table, TableStyle

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.idnumber import mask_id_number, mask_phone
from gridapp.models.ledger import LedgerScope
from gridapp.paths import resource_path

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")
LEDGER_LANG = "zh_CN"  # a ledger is a Chinese form whatever the window's language

CHUNK_ROWS = 300  # rows per reportlab Table: one table over hundreds of pages is much slower
MARGIN = 12 * mm
FOOTER_SPACE = 32 * mm  # bottom margin: signature lines, page number, seal
CELL_SIZE = 8
CELL_LEADING = 10
CELL_PADDING = 6  # left + right padding of a cell, points
CELL_VERTICAL_PADDING = 2  # top and bottom padding of a cell, points, each
_CELL_MAX_HEIGHT = 72000 - 2 * CELL_VERTICAL_PADDING  # what Table gives a cell to wrap in

RowKind = Literal["data", "group", "subtotal", "total"]

TXT_UNIT = QT_TRANSLATE_NOOP("Messages", "Reporting unit: {name} ({code})")
TXT_GRID = QT_TRANSLATE_NOOP("Messages", "Grid: {grid}")
TXT_PERIOD = QT_TRANSLATE_NOOP("Messages", "Period: {year}-{month:02d}")
TXT_PERIOD_TEXT = QT_TRANSLATE_NOOP("Messages", "Period: {period}")
TXT_ALL_GRIDS = QT_TRANSLATE_NOOP("Messages", "All grids")
TXT_FILLED_BY = QT_TRANSLATE_NOOP(
    "Messages", "Filled in by: ______________   Date: ______ (year) ____ (month) ____ (day)"
)
TXT_REVIEWED_BY = QT_TRANSLATE_NOOP(
    "Messages",
    "Reviewed by (secretary): ______________   Date: ______ (year) ____ (month) ____ (day)",
)
TXT_PAGE = QT_TRANSLATE_NOOP("Messages", "Page {page} of {pages}")
TXT_PRINTED = QT_TRANSLATE_NOOP("Messages", "Printed: {time}")
TXT_SEAL = QT_TRANSLATE_NOOP("Messages", "(Seal of the unit)")
MSG_MISSING_GLYPH = QT_TRANSLATE_NOOP(
    "Messages",
    "The ledger font has no glyph for {chars} (in “{sample}”); the PDF was not written.",
)


def zh(text: str, **params: object) -> str:
    """A marked string in the ledger's language (Chinese)."""
    return tr(text, LEDGER_LANG, **params)


class MissingGlyphError(ValueError):
    """Text holds characters the embedded font cannot draw (they would print as boxes)."""

    def __init__(self, chars: str, text: str) -> None:
        self.chars = chars
        self.text = text
        super().__init__(zh(MSG_MISSING_GLYPH, chars=chars, sample=text[:60]))


_font: TTFont | None = None


def ledger_font() -> TTFont:
    """The bundled CJK font, registered with reportlab once per process (embedded as a
    subset of the characters used, reportlab's default for TrueType)."""
    global _font
    if _font is None:
        font = TTFont(FONT_NAME, str(resource_path(*FONT_FILE)), subfontIndex=0)
        pdfmetrics.registerFont(font)
        _font = font
    return _font


def check_glyphs(text: str) -> str:
    """``text`` unchanged, or :class:`MissingGlyphError` naming the characters the font lacks
    (line breaks and tabs are layout, not glyphs)."""
    cmap = ledger_font().face.charToGlyph
    missing = {c for c in text if ord(c) not in cmap and c not in "\n\r\t"}
    if missing:
        chars = " ".join(f"“{c}” (U+{ord(c):04X})" for c in sorted(missing))
        raise MissingGlyphError(chars, text)
    return text


def shown_id(number: str, unmasked: bool = False) -> str:
    """An ID number as printed: masked unless the role may print it (issue #8 brings roles)."""
    return number if unmasked or not number else mask_id_number(number)


def shown_phone(phone: str, unmasked: bool = False) -> str:
    """A phone as printed; one the store masked already (``read_printable``: a "*" and no
    five digits in a row) is left as it is — masking twice would garble it."""
    if unmasked or not phone or ("*" in phone and not re.search(r"\d{5}", phone)):
        return phone
    return mask_phone(phone)


def ymd(value: date | None) -> str:
    return value.isoformat() if value else ""


@dataclass(frozen=True)
class LedgerHeading:
    """What the first page names: title, 填报单位 + code, 网格 and 统计期."""

    title: str
    unit_name: str
    unit_code: str
    grid_name: str  # "" for the whole village
    month: date  # first day of the month
    period: str = ""  # a period other than a month, as printed (2026年第三季度); "" : the month


def scope_heading(title: str, scope: LedgerScope, month: date, period: str = "") -> LedgerHeading:
    """The heading of a ledger of ``scope``: its village as 填报单位, its grid (if one)."""
    return LedgerHeading(
        title, scope.village_name, scope.village_code, scope.grid_name, month, period
    )


@dataclass(frozen=True)
class Column:
    """A table column; text too wide for it wraps onto more lines (never cut off)."""

    title: str
    width_mm: float
    align: Literal["LEFT", "CENTER", "RIGHT"] = "LEFT"
    # Neighbouring columns with the same group get a second header row above them with the
    # group's title spanning them (当月数 | 累计数 under 迁入); a column without a group spans
    # both header rows.
    group: str = ""


@dataclass(frozen=True)
class TableRow:
    cells: Sequence[str]
    kind: RowKind = "data"


def _styles() -> dict[str, ParagraphStyle]:
    ledger_font()
    base = ParagraphStyle(
        "cell", fontName=FONT_NAME, fontSize=CELL_SIZE, leading=CELL_LEADING, wordWrap="CJK"
    )
    return {
        "cell": base,
        "title": ParagraphStyle(
            "title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=4
        ),
        "meta": ParagraphStyle("meta", parent=base, fontSize=10, leading=14, spaceAfter=6),
        "section": ParagraphStyle(
            "section", parent=base, fontSize=11, leading=16, spaceBefore=8, spaceAfter=4
        ),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=11, spaceAfter=4),
    }


class _ChunkTable(Table):  # type: ignore[misc]
    """A chunk of a long table. A chunk that continues the table before it starts without
    the header (it goes on mid-page); the part of it that starts a page gets the header.

    Its rows come with their heights (:func:`_prepare`), so reportlab measures only the
    header rows; and a one-line string cell is drawn from a per-document cache of its PDF
    text operators (:meth:`_drawCell`) — the same operators ``Canvas.drawString`` writes."""

    ledger_make: Callable[[int, int, bool], Table] | None = None
    ledger_start = 0
    ledger_stop = 0
    ledger_header = True
    ledger_top = 0.0
    _curcellstyle: CellStyle | None  # set by Table.draw, kept by _drawCell

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        make = self.ledger_make
        if self.ledger_header or make is None:
            return list(super().split(availWidth, availHeight))
        start, stop = self.ledger_start, self.ledger_stop
        if availHeight >= self.ledger_top - 0.5:  # at the top of a page
            return list(make(start, stop, True).split(availWidth, availHeight))
        parts = list(super().split(availWidth, availHeight))
        if len(parts) != 2:
            return parts
        done = len(parts[0]._cellvalues)
        return [parts[0], make(start + done, stop, True)]

    def _drawCell(self, cellval: Any, cellstyle: CellStyle, pos: Any, size: Any) -> None:
        canv = self.canv
        texts: dict[tuple[Any, ...], tuple[str, float]] | None = getattr(canv, "ledger_texts", None)
        if (
            texts is None
            or cellval.__class__ is not str
            or "\n" in cellval
            or cellstyle.valign != "MIDDLE"
            or cellstyle.alignment not in _ALIGNED
            or cellstyle.direction
            or cellstyle.shaping
            or cellstyle.href
            or cellstyle.destination
            or not canv.bottomup
        ):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        if self._curcellstyle is not cellstyle:  # as Table._drawCell keeps the canvas state
            current = self._curcellstyle
            if current is None or cellstyle.color != current.color:
                canv.setFillColor(cellstyle.color)
            if (
                current is None
                or cellstyle.leading != current.leading
                or cellstyle.fontname != current.fontname
                or cellstyle.fontsize != current.fontsize
            ):
                canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        if not cellval:
            return
        fontname, fontsize, leading = cellstyle.fontname, cellstyle.fontsize, cellstyle.leading
        key = (cellval, fontname, fontsize, leading)
        entry = texts.get(key)
        if entry is None:
            text = canv.beginText()
            text.setFont(fontname, fontsize, leading)
            entry = texts[key] = (
                text._formatText(cellval),
                pdfmetrics.stringWidth(cellval, fontname, fontsize),
            )
        code, width = entry
        (colpos, rowpos), (colwidth, rowheight) = pos, size
        align = _ALIGNED[cellstyle.alignment]
        if align == 0:
            x = colpos + cellstyle.leftPadding
        elif align == 1:
            x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding - width) * 0.5
        else:
            x = colpos + colwidth - cellstyle.rightPadding - width
        y = (
            rowpos
            + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + leading) / 2.0
            - fontsize
        )
        canv._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {code} T* ET")


_ALIGNED = {"LEFT": 0, "CENTER": 1, "CENTRE": 1, "RIGHT": 2}


def _header(
    columns: Sequence[Column], style: ParagraphStyle
) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """The header rows (one, or two when columns are grouped) and their SPAN commands."""
    titles = [Paragraph(escape(c.title), style) for c in columns]
    if not any(c.group for c in columns):
        return [titles], []
    top: list[Any] = []
    spans: list[tuple[Any, ...]] = []
    index = 0
    while index < len(columns):
        group = columns[index].group
        if not group:
            top.append(titles[index])
            titles[index] = ""
            spans.append(("SPAN", (index, 0), (index, 1)))
            index += 1
            continue
        end = index
        while end + 1 < len(columns) and columns[end + 1].group == group:
            end += 1
        top += [Paragraph(escape(group), style)] + [""] * (end - index)
        if end > index:
            spans.append(("SPAN", (index, 0), (end, 0)))
        index = end + 1
    return [top, titles], spans


class LedgerDocument:
    """One ledger PDF: add sections, notes and tables, then :meth:`write`."""

    def __init__(
        self,
        heading: LedgerHeading,
        *,
        wide: bool = False,
        printed_at: datetime | None = None,
    ) -> None:
        self.heading = heading
        self.pagesize = landscape(A4) if wide else A4
        self.printed_at = printed_at or datetime.now()
        self.styles = _styles()
        self.frame_height = self.pagesize[1] - MARGIN - FOOTER_SPACE
        self.width = self.pagesize[0] - 2 * MARGIN
        self.story: list[Flowable] = []
        grid = heading.grid_name or zh(TXT_ALL_GRIDS)
        self._paragraph(heading.title, "title")
        parts = [
            zh(TXT_UNIT, name=heading.unit_name, code=heading.unit_code),
            zh(TXT_GRID, grid=grid),
            zh(TXT_PERIOD_TEXT, period=heading.period)
            if heading.period
            else zh(TXT_PERIOD, year=heading.month.year, month=heading.month.month),
        ]
        meta = "&nbsp;" * 8  # Paragraph collapses plain spaces
        self.story.append(
            Paragraph(meta.join(escape(check_glyphs(p)) for p in parts), self.styles["meta"])
        )
        self.footer_lines = [check_glyphs(zh(TXT_FILLED_BY)), check_glyphs(zh(TXT_REVIEWED_BY))]
        self.seal_text = check_glyphs(zh(TXT_SEAL))

    def _paragraph(self, text: str, style: str) -> None:
        self.story.append(Paragraph(escape(check_glyphs(text)), self.styles[style]))

    def section(self, text: str) -> None:
        """A section title (一、…) above a table."""
        self._paragraph(text, "section")

    def note(self, text: str) -> None:
        self._paragraph(text, "note")

    def space(self, height_mm: float) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    def add(self, flowable: Flowable) -> None:
        """Any other flowable (a chart drawn with reportlab.graphics, say). Text in it must go
        through :func:`check_glyphs` first: only tables and paragraphs are checked here."""
        self.story.append(flowable)

    def table(self, columns: Sequence[Column], rows: Sequence[TableRow]) -> None:
        """A table whose header repeats on every page, built in chunks of :data:`CHUNK_ROWS`
        rows (the last chunk takes a short remainder, so every continuing chunk is longer
        than a page)."""
        for column in columns:
            check_glyphs(column.title)
            check_glyphs(column.group)
        _check_cells(rows)
        cell = self.styles["cell"]
        header, header_spans = _header(columns, cell)
        widths = [c.width_mm * mm for c in columns]
        scale = min(1.0, self.width / sum(widths))
        widths = [w * scale for w in widths]
        cells, heights = _prepare(widths, rows, cell)
        column_styles = _column_styles(columns)
        # A grid's heading row spans the table and reads from the left, whatever the
        # alignment of the first column (序号 is centred).
        group_styles = [copy.copy(column_styles[0]), *column_styles[1:]]
        group_styles[0].alignment = "LEFT"
        row_styles = [group_styles if r.kind == "group" else column_styles for r in rows]

        def make(start: int, stop: int, with_header: bool) -> Table:
            head = [list(r) for r in header] if with_header else []
            table = _ChunkTable(
                head + cells[start:stop],
                colWidths=widths,
                rowHeights=[None] * len(head) + heights[start:stop],
                repeatRows=len(head),
                hAlign="LEFT",
                normalizedData=1,
                cellStyles=[list(column_styles) for _ in head]
                + [list(styles) for styles in row_styles[start:stop]],
            )
            table.setStyle(_table_style(rows[start:stop], len(head), header_spans))
            table.ledger_make = make
            table.ledger_start, table.ledger_stop = start, stop
            table.ledger_header = with_header
            table.ledger_top = self.frame_height
            return table

        starts = list(range(0, len(rows), CHUNK_ROWS)) or [0]
        if len(starts) > 1 and len(rows) - starts[-1] < CHUNK_ROWS:
            starts.pop()
        bounds = [*starts[1:], len(rows)]
        for index, (start, stop) in enumerate(zip(starts, bounds, strict=True)):
            self.story.append(make(start, stop, index == 0))

    def write(
        self, target: str | Path | BinaryIO, progress: Callable[[int], None] | None = None
    ) -> int:
        """Lay out and write the PDF; the number of pages. ``progress`` is called with the
        number of pages laid out so far after each page (it may raise to stop the work)."""
        out: Any = str(target) if isinstance(target, Path) else target
        pages: list[int] = []
        doc = BaseDocTemplate(
            out,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=FOOTER_SPACE,
            title=self.heading.title,
            author="GridApp",
        )
        frame = Frame(
            MARGIN,
            FOOTER_SPACE,
            self.width,
            self.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        doc.addPageTemplates([PageTemplate("ledger", [frame])])
        doc.build(list(self.story), canvasmaker=_canvas_maker(self._footer, pages, progress))
        return pages[0] if pages else 0

    def _footer(self, canvas: Canvas, page: int, pages: int) -> None:
        width = self.pagesize[0]
        canvas.saveState()
        canvas.setFont(FONT_NAME, 9)
        canvas.drawString(MARGIN, 24 * mm, self.footer_lines[0])
        canvas.drawString(MARGIN, 17 * mm, self.footer_lines[1])
        canvas.setFont(FONT_NAME, 8)
        stamp = self.printed_at.strftime("%Y-%m-%d %H:%M")
        canvas.drawString(MARGIN, 8 * mm, zh(TXT_PRINTED, time=stamp))
        canvas.drawCentredString(width / 2, 8 * mm, zh(TXT_PAGE, page=page, pages=pages))
        if page == pages:  # space for the seal on the last page
            left, box_w, box_h = width - MARGIN - 48 * mm, 48 * mm, 22 * mm
            canvas.setDash(3, 2)
            canvas.setStrokeColor(colors.grey)
            canvas.rect(left, 12 * mm, box_w, box_h)
            canvas.setFont(FONT_NAME, 9)
            canvas.drawCentredString(left + box_w / 2, 12 * mm + box_h / 2 - 3, self.seal_text)
        canvas.restoreState()


def _check_cells(rows: Sequence[TableRow]) -> None:
    """:func:`check_glyphs` for every cell, looking each distinct character up once; the
    first cell (in row order) holding a character the font lacks is the one refused."""
    texts = {text for row in rows for text in row.cells}
    cmap = ledger_font().face.charToGlyph
    missing = {c for c in set().union(*texts) if ord(c) not in cmap and c not in "\n\r\t"}
    if missing:
        for row in rows:
            for text in row.cells:
                if not missing.isdisjoint(text):
                    check_glyphs(text)


def _prepare(
    widths: Sequence[float], rows: Sequence[TableRow], style: ParagraphStyle
) -> tuple[list[list[Any]], list[float]]:
    """Each row's cells and height, built once: the chunks of a table and the parts
    reportlab splits them into share them, and reportlab need not measure them again.

    A cell's text stays as is when it fits its column, else it becomes a Paragraph that
    wraps it. A row is as tall as its tallest cell, the way ``Table._calc_height`` measures
    it: lines × leading for text, the wrapped Paragraph's height, plus the cell padding."""
    font = ledger_font()
    measured: dict[str, float] = {}
    padding = 2 * CELL_VERTICAL_PADDING
    cells: list[list[Any]] = []
    heights: list[float] = []
    for row in rows:
        if row.kind == "group":
            text = row.cells[0]
            cells.append([text, *[""] * (len(widths) - 1)])
            heights.append(CELL_LEADING * (text.count("\n") + 1) + padding)
            continue
        out: list[Any] = []
        height = 0.0
        for width, text in zip(widths, row.cells, strict=True):
            size = measured.get(text)
            if size is None:
                size = measured[text] = font.stringWidth(text, CELL_SIZE)
            if text and size > width - CELL_PADDING:
                paragraph = Paragraph(escape(text), style)
                tall = paragraph.wrap(width - CELL_PADDING, _CELL_MAX_HEIGHT)[1]
                out.append(paragraph)
            else:
                tall = CELL_LEADING * (text.count("\n") + 1)
                out.append(text)
            height = max(height, tall)
        cells.append(out)
        heights.append(height + padding)
    return cells, heights


def _column_styles(columns: Sequence[Column]) -> list[CellStyle]:
    """One cell style per column, shared by every cell of it: font, padding, alignment.

    Set once here instead of by table-wide style commands, which reportlab applies cell by
    cell to every table (and every part of a split one): about a third of laying out a
    10,000-row ledger (bench/ledger_bench.py). Only line, background and span commands —
    which do not touch cell styles — are given per table."""
    styles = []
    for index, column in enumerate(columns):
        style = CellStyle(f"ledger-column-{index}")
        style.fontname = FONT_NAME
        style.fontsize = CELL_SIZE
        style.leading = CELL_LEADING
        style.valign = "MIDDLE"
        style.topPadding = style.bottomPadding = CELL_VERTICAL_PADDING
        style.leftPadding = style.rightPadding = CELL_PADDING / 2
        style.alignment = column.align
        styles.append(style)
    return styles


def _table_style(
    rows: Sequence[TableRow], header_rows: int, header_spans: Sequence[tuple[Any, ...]]
) -> TableStyle:
    commands: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, -1), 0.4, colors.black)]
    offset = header_rows
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#D9E1F2")))
        commands += header_spans
    for index, row in enumerate(rows, offset):
        if row.kind == "group":
            commands += [
                ("SPAN", (0, index), (-1, index)),
                ("BACKGROUND", (0, index), (-1, index), colors.HexColor("#F2F2F2")),
            ]
        elif row.kind == "subtotal":
            commands += [
                ("BACKGROUND", (0, index), (-1, index), colors.HexColor("#E7E6E6")),
                ("LINEABOVE", (0, index), (-1, index), 1.0, colors.black),
            ]
        elif row.kind == "total":
            commands += [
                ("BACKGROUND", (0, index), (-1, index), colors.HexColor("#BFBFBF")),
                ("LINEABOVE", (0, index), (-1, index), 1.5, colors.black),
            ]
    return TableStyle(commands)


def _canvas_maker(
    footer: Callable[[Canvas, int, int], None],
    pages: list[int],
    progress: Callable[[int], None] | None = None,
) -> Callable[..., Canvas]:
    """A canvas that keeps every page until the end, so each footer knows the page count."""

    class _CountingCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Not reportlab's default Helvetica: every font in the file is the embedded one.
            kwargs["initialFontName"] = FONT_NAME
            kwargs["initialFontSize"] = CELL_SIZE
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []
            # PDF text operators per (text, font, size, leading) for _ChunkTable._drawCell:
            # the font subsets are this document's, so the cache lives as long as its canvas
            self.ledger_texts: dict[tuple[Any, ...], tuple[str, float]] = {}

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()
            if progress is not None:
                progress(len(self._saved))

        def save(self) -> None:
            total = len(self._saved)
            pages.append(total)
            for number, state in enumerate(self._saved, 1):
                self.__dict__.update(state)
                footer(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return _CountingCanvas


def render_bytes(document: LedgerDocument) -> bytes:
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
