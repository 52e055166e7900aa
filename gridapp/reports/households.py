"""户籍人口台账: households and members by grid with subtotals and a total, then the month's
迁入/迁出/出生/死亡/分户 with 当月数 | 累计数 per grid, then the month's changes one by one.

Landscape A4: the member columns (relation, sex, birth date, ID number, phone, tags) need it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes
from gridapp.models.ledger import CHANGE_KINDS, HouseholdLedger
from gridapp.reports.layout import (
    Column,
    LedgerDocument,
    TableRow,
    scope_heading,
    shown_id,
    shown_phone,
    ymd,
    zh,
)

TITLE = QT_TRANSLATE_NOOP("Messages", "Household register ledger")
SEC_MEMBERS = QT_TRANSLATE_NOOP("Messages", "1. Households and members by grid")
SEC_CHANGES = QT_TRANSLATE_NOOP("Messages", "2. Register changes (this month | year to date)")
SEC_EVENTS = QT_TRANSLATE_NOOP("Messages", "3. This month's changes one by one")
NOTE_MEMBERS = QT_TRANSLATE_NOOP(
    "Messages",
    "Members at the end of the month; ID numbers and phone numbers are masked.",
)
NOTE_MEMBERS_UNMASKED = QT_TRANSLATE_NOOP(
    "Messages", "Members at the end of the month; ID numbers and phone numbers in full."
)
NOTE_CHANGES = QT_TRANSLATE_NOOP(
    "Messages",
    "Year to date: from 1 January to the end of the month. A household split counts once, "
    "in the grid of the household the members left.",
)
NO_EVENTS = QT_TRANSLATE_NOOP("Messages", "No register changes this month.")

COL_NO = QT_TRANSLATE_NOOP("Messages", "No.")
COL_HOUSEHOLD_NO = QT_TRANSLATE_NOOP("Messages", "Household no.")
COL_HEAD = QT_TRANSLATE_NOOP("Messages", "Head")
COL_ADDRESS = QT_TRANSLATE_NOOP("Messages", "Address")
COL_COUNT = QT_TRANSLATE_NOOP("Messages", "Persons")
COL_NAME = QT_TRANSLATE_NOOP("Messages", "Name")
COL_RELATION = QT_TRANSLATE_NOOP("Messages", "Relation to head")
COL_SEX = QT_TRANSLATE_NOOP("Messages", "Sex")
COL_BIRTH = QT_TRANSLATE_NOOP("Messages", "Date of birth")
COL_ID = QT_TRANSLATE_NOOP("Messages", "ID number")
COL_PHONE = QT_TRANSLATE_NOOP("Messages", "Phone")
COL_TAGS = QT_TRANSLATE_NOOP("Messages", "Tags")
COL_GRID = QT_TRANSLATE_NOOP("Messages", "Grid")
COL_DATE = QT_TRANSLATE_NOOP("Messages", "Date")
COL_KIND = QT_TRANSLATE_NOOP("Messages", "Change")
COL_DETAIL = QT_TRANSLATE_NOOP("Messages", "Details")
COL_MONTH = QT_TRANSLATE_NOOP("Messages", "This month's figure")
COL_YEAR = QT_TRANSLATE_NOOP("Messages", "Year-to-date figure")
ROW_SUBTOTAL = QT_TRANSLATE_NOOP("Messages", "Subtotal")
ROW_TOTAL = QT_TRANSLATE_NOOP("Messages", "Total")
ROW_HOUSEHOLDS = QT_TRANSLATE_NOOP("Messages", "{count} households")
TAG_SEPARATOR = QT_TRANSLATE_NOOP("Messages", ", ")

MEMBER_COLUMNS: tuple[tuple[str, float, Literal["LEFT", "CENTER", "RIGHT"]], ...] = (
    (COL_NO, 10, "CENTER"),
    (COL_HOUSEHOLD_NO, 21, "LEFT"),
    (COL_HEAD, 20, "LEFT"),
    (COL_ADDRESS, 40, "LEFT"),
    (COL_COUNT, 11, "CENTER"),
    (COL_NAME, 20, "LEFT"),
    (COL_RELATION, 17, "LEFT"),
    (COL_SEX, 9, "CENTER"),
    (COL_BIRTH, 20, "CENTER"),
    (COL_ID, 35, "LEFT"),
    (COL_PHONE, 26, "LEFT"),
    (COL_TAGS, 44, "LEFT"),
)


def _label(table: str, code: str) -> str:
    entry = codes.table(table).get(code) if code else None
    return entry.label if entry is not None else code


def _columns(
    spec: tuple[tuple[str, float, Literal["LEFT", "CENTER", "RIGHT"]], ...],
) -> list[Column]:
    return [Column(zh(title), width, align) for title, width, align in spec]


def household_ledger_document(
    ledger: HouseholdLedger, *, unmasked: bool = False, printed_at: datetime | None = None
) -> LedgerDocument:
    """The laid-out (not yet written) 户籍人口台账 of ``ledger``."""
    doc = LedgerDocument(
        scope_heading(zh(TITLE), ledger.scope, ledger.month), wide=True, printed_at=printed_at
    )
    doc.section(zh(SEC_MEMBERS))
    doc.note(zh(NOTE_MEMBERS_UNMASKED if unmasked else NOTE_MEMBERS))
    doc.table(_columns(MEMBER_COLUMNS), member_rows(ledger, unmasked))
    doc.section(zh(SEC_CHANGES))
    doc.note(zh(NOTE_CHANGES))
    kinds = [_label("household_event", k) for k in CHANGE_KINDS]
    change_columns = [Column(zh(COL_GRID), 45)]
    for kind in kinds:
        change_columns += [
            Column(zh(COL_MONTH), 22, align="RIGHT", group=kind),
            Column(zh(COL_YEAR), 22, align="RIGHT", group=kind),
        ]
    change_rows: list[TableRow] = []
    for grid in ledger.grids:
        counts = ledger.changes.get(grid.code, {})
        cells = [grid.name]
        for kind in CHANGE_KINDS:
            count = counts.get(kind)
            cells += [str(count.month if count else 0), str(count.year_to_date if count else 0)]
        change_rows.append(TableRow(cells))
    total = [zh(ROW_TOTAL)]
    for kind in CHANGE_KINDS:
        count = ledger.change_total(kind)
        total += [str(count.month), str(count.year_to_date)]
    change_rows.append(TableRow(total, "total"))
    doc.table(change_columns, change_rows)
    doc.section(zh(SEC_EVENTS))
    if not ledger.events:
        doc.note(zh(NO_EVENTS))
    else:
        names = {g.code: g.name for g in ledger.grids}
        event_columns = [
            Column(zh(COL_DATE), 22, align="CENTER"),
            Column(zh(COL_KIND), 16),
            Column(zh(COL_GRID), 26),
            Column(zh(COL_HOUSEHOLD_NO), 24),
            Column(zh(COL_NAME), 20),
            Column(zh(COL_DETAIL), 165),
        ]
        doc.table(
            event_columns,
            [
                TableRow(
                    [
                        ymd(e.event_date),
                        _label("household_event", e.kind),
                        names.get(e.grid_code, e.grid_code),
                        e.household_no,
                        e.person_name,
                        e.detail,
                    ]
                )
                for e in ledger.events
            ],
        )
    return doc


def member_rows(ledger: HouseholdLedger, unmasked: bool = False) -> list[TableRow]:
    """Per grid: a group row, one row per member (the household's columns on its first
    member's row), a subtotal; then the total."""
    rows: list[TableRow] = []
    blank = [""] * 5
    separator = zh(TAG_SEPARATOR)
    number = 0
    for grid in ledger.grids:
        if not grid.households:
            continue
        rows.append(TableRow([f"{grid.name}（{grid.code}）"], "group"))
        for household in grid.households:
            number += 1
            first = [
                str(number),
                household.household_no,
                household.head_name,
                household.address,
                str(len(household.members)),
            ]
            for index, member in enumerate(household.members):
                rows.append(
                    TableRow(
                        (first if index == 0 else blank)
                        + [
                            member.name,
                            _label("relation", member.relation),
                            _label("sex", member.sex),
                            ymd(member.birth_date),
                            shown_id(member.id_number, unmasked),
                            shown_phone(member.phone, unmasked),
                            separator.join(_label("person_tag", t) for t in member.tags),
                        ]
                    )
                )
        rows.append(
            TableRow(
                [
                    "",
                    zh(ROW_SUBTOTAL),
                    zh(ROW_HOUSEHOLDS, count=len(grid.households)),
                    grid.name,
                    str(grid.persons),
                    *[""] * 7,
                ],
                "subtotal",
            )
        )
    rows.append(
        TableRow(
            [
                "",
                zh(ROW_TOTAL),
                zh(ROW_HOUSEHOLDS, count=ledger.households),
                "",
                str(ledger.persons),
                *[""] * 7,
            ],
            "total",
        )
    )
    return rows


def write_household_ledger(
    ledger: HouseholdLedger,
    target: str | Path | BinaryIO,
    *,
    unmasked: bool = False,
    printed_at: datetime | None = None,
) -> int:
    """Write the PDF; the number of pages."""
    return household_ledger_document(ledger, unmasked=unmasked, printed_at=printed_at).write(target)
