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

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer
from reportlab.platypus.tables import CellStyle, Table, TableStyle

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.idnumber import mask_id_number, mask_phone
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
    return phone if unmasked or not phone else mask_phone(phone)


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
    the header (it goes on mid-page); the part of it that starts a page gets the header."""

    ledger_make: Callable[[Sequence[TableRow], bool], Table] | None = None
    ledger_rows: Sequence[TableRow] = ()
    ledger_header = True
    ledger_top = 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        make = self.ledger_make
        if self.ledger_header or make is None:
            return list(super().split(availWidth, availHeight))
        if availHeight >= self.ledger_top - 0.5:  # at the top of a page
            return list(make(self.ledger_rows, True).split(availWidth, availHeight))
        parts = list(super().split(availWidth, availHeight))
        if len(parts) != 2:
            return parts
        done = len(parts[0]._cellvalues)
        return [parts[0], make(self.ledger_rows[done:], True)]


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
        for row in rows:
            for cell in row.cells:
                check_glyphs(cell)
        cell = self.styles["cell"]
        header, header_spans = _header(columns, cell)
        widths = [c.width_mm * mm for c in columns]
        scale = min(1.0, self.width / sum(widths))
        widths = [w * scale for w in widths]

        column_styles = _column_styles(columns)

        def make(part: Sequence[TableRow], with_header: bool) -> Table:
            data: list[list[Any]] = list(header) if with_header else []
            data += [_cells(widths, r, cell) for r in part]
            table = _ChunkTable(
                data,
                colWidths=widths,
                repeatRows=len(header) if with_header else 0,
                hAlign="LEFT",
                cellStyles=[list(column_styles) for _ in data],
            )
            table.setStyle(_table_style(part, len(header) if with_header else 0, header_spans))
            table.ledger_make = make
            table.ledger_rows = part
            table.ledger_header = with_header
            table.ledger_top = self.frame_height
            return table

        starts = list(range(0, len(rows), CHUNK_ROWS)) or [0]
        if len(starts) > 1 and len(rows) - starts[-1] < CHUNK_ROWS:
            starts.pop()
        bounds = [*starts[1:], len(rows)]
        for index, (start, stop) in enumerate(zip(starts, bounds, strict=True)):
            self.story.append(make(rows[start:stop], index == 0))

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


def _cells(widths: Sequence[float], row: TableRow, style: ParagraphStyle) -> list[Any]:
    """A cell's text as is when it fits its column, else a Paragraph that wraps it."""
    if row.kind == "group":
        return [row.cells[0], *[""] * (len(widths) - 1)]
    return [
        Paragraph(escape(text), style)
        if text and pdfmetrics.stringWidth(text, FONT_NAME, CELL_SIZE) > width - CELL_PADDING
        else text
        for width, text in zip(widths, row.cells, strict=True)
    ]


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
        style.topPadding = style.bottomPadding = 2
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
