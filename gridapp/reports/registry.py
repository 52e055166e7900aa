"""Drawing any ledger's data (:func:`ledger_document`, :func:`write_ledger`): the data class
read by ``gridapp.store.ledgers.read_ledger`` picks its renderer. Each renderer module has a
``*_document(data, *, unmasked=False, printed_at=None) -> LedgerDocument`` function; they are
imported when first needed, so printing one ledger does not load the others."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from gridapp.models.month_close import Amendment, MonthClose, PrintableLedger
from gridapp.reports.layout import LedgerDocument

# data class name -> (module, function) of its renderer
RENDERERS: dict[str, tuple[str, str]] = {
    "HouseholdLedger": ("gridapp.reports.households", "household_ledger_document"),
    "PetitionLedger": ("gridapp.reports.petitions", "petition_ledger_document"),
    "PartyLedger": ("gridapp.reports.party", "party_ledger_document"),
    "PartyFeedbackSheet": ("gridapp.reports.party", "party_feedback_document"),
    "SummaryLedger": ("gridapp.reports.summary", "summary_ledger_document"),
}


def ledger_document(
    data: object,
    *,
    unmasked: bool = False,
    printed_at: datetime | None = None,
    amendments: Sequence[Amendment] | None = None,
    closed: MonthClose | None = None,
) -> LedgerDocument:
    """The laid-out (not yet written) ledger of ``data``. Raises
    :class:`gridapp.reports.layout.MissingGlyphError` for text the font cannot draw.

    ``amendments`` (``gridapp.store.ledgers.read_amendments``): the corrections of the
    closed month before, appended as the section "上月更正" (None: that month is not closed,
    no section). ``closed`` (``read_month_close``): this month's close, said on the first
    page of a fresh print (``docs/month-close.md``)."""
    name = type(data).__name__
    if name not in RENDERERS:
        raise TypeError(f"no ledger renderer for {name}")
    module, function = RENDERERS[name]
    build = getattr(importlib.import_module(module), function)
    document: LedgerDocument = build(data, unmasked=unmasked, printed_at=printed_at)
    if amendments is not None or closed is not None:
        from gridapp.reports.amendments import add_amendments, add_closed_notice

        month = getattr(data, "month", None)
        scope = getattr(data, "scope", None)
        names = dict(getattr(scope, "grids", ()))
        if isinstance(month, date):
            add_amendments(document, amendments, month, names, unmasked=unmasked)
        add_closed_notice(document, closed)
    return document


def printable_document(
    printable: PrintableLedger, *, unmasked: bool = False, printed_at: datetime | None = None
) -> LedgerDocument:
    """:func:`ledger_document` of what ``gridapp.store.ledgers.read_printable`` read."""
    return ledger_document(
        printable.data,
        unmasked=unmasked,
        printed_at=printed_at,
        amendments=printable.amendments,
        closed=printable.closed,
    )


def write_ledger(
    printable: PrintableLedger,
    target: str | Path | BinaryIO,
    *,
    unmasked: bool = False,
    printed_at: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the PDF of ``printable``; the number of pages."""
    document = printable_document(printable, unmasked=unmasked, printed_at=printed_at)
    return document.write(target, progress)
