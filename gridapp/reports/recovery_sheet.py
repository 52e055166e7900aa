"""The recovery sheet (数据恢复码): one A4 page, in Chinese, to keep sealed in the office safe.

It names the village, the PC and the data folder the code belongs to, prints the code large
in the monospaced face of the bundled font (each character in a box of its own, seven
numbered groups of four), and says what the code is for, how to use it, how to keep it, with
lines for the signatures of the keeper and a witness. Wording and layout choices:
``docs/key-recovery.md``. The font is embedded as a subset, as in the ledgers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.paths import resource_path
from gridapp.reports.layout import FONT_FILE, FONT_NAME, check_glyphs, ledger_font, zh

if TYPE_CHECKING:
    from gridapp.store.recovery import RecoverySheetFacts

MONO_NAME = FONT_NAME + "Mono"  # the .ttc's second face, WenQuanYi Micro Hei Mono
MARGIN = 20 * mm
CODE_SIZE = 22
CODE_CELL = 25.0  # width of a character's box, points
CODE_HEIGHT = 32.0  # its height
CODE_GAP = 16.0  # points between two groups
GROUPS_PER_LINE = 4

TXT_TITLE = QT_TRANSLATE_NOOP("Messages", "GridApp data recovery code")
TXT_SECRET = QT_TRANSLATE_NOOP("Messages", "Confidential: keep sealed")
TXT_LEAD = QT_TRANSLATE_NOOP(
    "Messages",
    "This code unlocks the key of the encrypted database of the PC named below. Whoever "
    "holds it can read all the register's data: keep it like the office seal.",
)
TXT_VILLAGE = QT_TRANSLATE_NOOP("Messages", "Village (community)")
TXT_NO_VILLAGE = QT_TRANSLATE_NOOP("Messages", "(no work scope chosen yet)")
TXT_COMPUTER = QT_TRANSLATE_NOOP("Messages", "Computer")
TXT_FOLDER = QT_TRANSLATE_NOOP("Messages", "Data folder")
TXT_CREATED = QT_TRANSLATE_NOOP("Messages", "Made on")
TXT_SHEET_ID = QT_TRANSLATE_NOOP("Messages", "Sheet number")
TXT_MADE_BY = QT_TRANSLATE_NOOP("Messages", "Made by")
TXT_CODE_NOTE = QT_TRANSLATE_NOOP(
    "Messages",
    "28 characters in 7 groups; capital and small letters count the same. It holds no digit "
    "0 or 1 and no letter I, L or O. Only the newest sheet is valid.",
)
TXT_WHAT_HEAD = QT_TRANSLATE_NOOP("Messages", "1. When to use it")
TXT_WHAT = QT_TRANSLATE_NOOP(
    "Messages",
    "When GridApp cannot open its database because the key is lost: the system keyring "
    "(Windows Credential Manager) was cleared or damaged, the passphrase of the database is "
    "forgotten, Windows was reinstalled, or the PC was replaced. Without this code or the "
    "key, the local data cannot be decrypted by anyone — not the county, not the vendor.",
)
TXT_HOW_HEAD = QT_TRANSLATE_NOOP("Messages", "2. How to use it")
TXT_HOW_1 = QT_TRANSLATE_NOOP(
    "Messages",
    "On a new PC, first copy the whole data folder of the old one (with gridapp.db and "
    "key-recovery.json) to the new PC's data folder.",
)
TXT_HOW_2 = QT_TRANSLATE_NOOP(
    "Messages",
    "In the window, choose “Recover with the recovery code” when the database cannot be "
    "opened; or run in a terminal: gridapp recover --code followed by the code above.",
)
TXT_HOW_3 = QT_TRANSLATE_NOOP(
    "Messages",
    "Type the code group by group; a typing error is caught at once. Where the PC has no "
    "system keyring, choose a new passphrase (asked twice). The database then opens as "
    "before, and the recovery is recorded in the audit log.",
)
TXT_KEEP_HEAD = QT_TRANSLATE_NOOP("Messages", "3. How to keep it")
TXT_KEEP = QT_TRANSLATE_NOOP(
    "Messages",
    "Fold the sheet, seal it in an envelope, sign across the seal and keep it in the office "
    "safe. Never photograph, scan or copy it, never type it into a chat, e-mail or document, "
    "and keep it apart from the PC. When a new sheet is printed this one stops working: "
    "shred it.",
)
TXT_KEEPER = QT_TRANSLATE_NOOP(
    "Messages", "Keeper (signature): ________________   Date: ______ (year) ____ (month) ____ (day)"
)
TXT_WITNESS = QT_TRANSLATE_NOOP(
    "Messages",
    "Witness (signature): ________________   Date: ______ (year) ____ (month) ____ (day)",
)
TXT_FOOTER = QT_TRANSLATE_NOOP("Messages", "GridApp · sheet {sheet} · page 1 of 1")

_mono: TTFont | None = None


def mono_font() -> TTFont:
    """The monospaced face of the bundled font, registered once per process."""
    global _mono
    if _mono is None:
        font = TTFont(MONO_NAME, str(resource_path(*FONT_FILE)), subfontIndex=1)
        pdfmetrics.registerFont(font)
        _mono = font
    return _mono


def _styles() -> dict[str, ParagraphStyle]:
    ledger_font()
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "body": body,
        "lead": ParagraphStyle("lead", parent=body, alignment=TA_CENTER, fontSize=10),
        "head": ParagraphStyle("head", parent=body, fontSize=12.5, leading=18),
        "note": ParagraphStyle("note", parent=body, fontSize=9, leading=13, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=14),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(check_glyphs(text)), style)


class _Cursor:
    """Draws flowables one under another from the top of the page."""

    def __init__(self, canvas: Canvas, y: float) -> None:
        self.canvas = canvas
        self.y = y
        self.width = A4[0] - 2 * MARGIN

    def draw(self, flowable: Paragraph | Table, space_after: float = 0.0) -> None:
        _, height = flowable.wrapOn(self.canvas, self.width, self.y)
        flowable.drawOn(self.canvas, MARGIN, self.y - height)
        self.y -= height + space_after


def _facts_table(facts: RecoverySheetFacts, style: ParagraphStyle, width: float) -> Table:
    rows = [
        (TXT_VILLAGE, facts.village or zh(TXT_NO_VILLAGE)),
        (TXT_COMPUTER, facts.computer),
        (TXT_FOLDER, facts.data_folder),
        (TXT_CREATED, facts.created.replace("T", " ")),
        (TXT_SHEET_ID, facts.sheet_id),
        (TXT_MADE_BY, facts.made_by),
    ]
    data = [[_para(zh(label), style), _para(value, style)] for label, value in rows]
    table = Table(data, colWidths=[32 * mm, width - 32 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.94, 0.94, 0.94)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _draw_code(canvas: Canvas, code: str, top: float) -> float:
    """The code in numbered groups of boxed characters; returns the y under the box."""
    mono_font()
    groups = code.split("-")
    lines = [groups[i : i + GROUPS_PER_LINE] for i in range(0, len(groups), GROUPS_PER_LINE)]
    group_width = 4 * CODE_CELL
    label_height = 12.0  # the group's number above its boxes
    line_height = label_height + CODE_HEIGHT + 10
    box_height = len(lines) * line_height + 10
    width = A4[0] - 2 * MARGIN
    # every line starts at the same x, so the groups stand in columns
    full = GROUPS_PER_LINE * group_width + (GROUPS_PER_LINE - 1) * CODE_GAP
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(1.2)
    canvas.roundRect(MARGIN, top - box_height, width, box_height, 6)
    number = 0
    for row, line in enumerate(lines):
        x = MARGIN + (width - full) / 2
        label_base = top - 10 - row * line_height - 8
        box_bottom = label_base - 4 - CODE_HEIGHT
        for group in line:
            number += 1
            canvas.setFont(FONT_NAME, 8)
            canvas.setFillColor(colors.grey)
            canvas.drawCentredString(x + group_width / 2, label_base, str(number))
            canvas.setFillColor(colors.black)
            canvas.setLineWidth(0.5)
            canvas.setFont(MONO_NAME, CODE_SIZE)
            for index, char in enumerate(group):
                left = x + index * CODE_CELL
                canvas.rect(left, box_bottom, CODE_CELL, CODE_HEIGHT)
                # a capital's height is ~0.73 em: centre it in the box
                baseline = box_bottom + (CODE_HEIGHT - 0.73 * CODE_SIZE) / 2
                canvas.drawCentredString(left + CODE_CELL / 2, baseline, char)
            x += group_width + CODE_GAP
    return top - box_height


def write_recovery_sheet(path: Path, facts: RecoverySheetFacts) -> None:
    """Write the one-page sheet of ``facts`` to ``path`` (through a temporary file)."""
    styles = _styles()
    part = path.with_name(path.name + ".tmp")
    try:
        ledger_font()
        canvas = Canvas(str(part), pagesize=A4, pageCompression=1, initialFontName=FONT_NAME)
        _draw_sheet(canvas, facts, styles)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def _draw_sheet(
    canvas: Canvas, facts: RecoverySheetFacts, styles: dict[str, ParagraphStyle]
) -> None:
    canvas.setTitle(zh(TXT_TITLE))
    canvas.setAuthor("GridApp")
    page_width, page_height = A4
    canvas.setFont(FONT_NAME, 9)
    canvas.drawRightString(page_width - MARGIN, page_height - 14 * mm, check_glyphs(zh(TXT_SECRET)))
    canvas.setFont(FONT_NAME, 22)
    title = check_glyphs(zh(TXT_TITLE))
    canvas.drawCentredString(page_width / 2, page_height - MARGIN - 14, title)
    cursor = _Cursor(canvas, page_height - MARGIN - 30)
    cursor.draw(_para(zh(TXT_LEAD), styles["lead"]), 8)
    cursor.draw(_facts_table(facts, styles["cell"], cursor.width), 12)
    cursor.y = _draw_code(canvas, facts.code, cursor.y) - 4
    cursor.draw(_para(zh(TXT_CODE_NOTE), styles["note"]), 10)
    for head, texts in (
        (TXT_WHAT_HEAD, (TXT_WHAT,)),
        (TXT_HOW_HEAD, (TXT_HOW_1, TXT_HOW_2, TXT_HOW_3)),
        (TXT_KEEP_HEAD, (TXT_KEEP,)),
    ):
        cursor.draw(_para(zh(head), styles["head"]), 2)
        numbered = len(texts) > 1
        for number, text in enumerate(texts, 1):
            prefix = f"（{number}）" if numbered else ""
            cursor.draw(_para(prefix + zh(text), styles["body"]), 3)
        cursor.y -= 5
    canvas.setFont(FONT_NAME, 10.5)
    canvas.setFillColor(colors.black)
    bottom = MARGIN + 14 * mm
    canvas.drawString(MARGIN, bottom + 22, check_glyphs(zh(TXT_KEEPER)))
    canvas.drawString(MARGIN, bottom, check_glyphs(zh(TXT_WITNESS)))
    if cursor.y < bottom + 40:
        raise ValueError("recovery sheet text runs into the signature lines")
    canvas.setFont(FONT_NAME, 8)
    canvas.setFillColor(colors.grey)
    footer = check_glyphs(zh(TXT_FOOTER, sheet=facts.sheet_id))
    canvas.drawCentredString(page_width / 2, 10 * mm, footer)
    canvas.showPage()
    canvas.save()
