"""Reading any monthly ledger's data by kind (:func:`read_ledger`): the one entry the command
line and the window use, so both draw the same figures."""

from __future__ import annotations

from datetime import date

from gridapp.models.ledger import (
    HOUSEHOLDS,
    PARTY,
    PARTY_FEEDBACK,
    PETITIONS,
    SUMMARY,
    LedgerRequest,
)
from gridapp.models.month_close import (
    CLOSED_KINDS,
    Amendment,
    MonthClose,
    PrintableLedger,
    previous_month,
)
from gridapp.store.db import Store
from gridapp.store.ledger_households import read_household_ledger
from gridapp.store.ledger_party import party_feedback_sheet, party_ledger
from gridapp.store.ledger_petitions import petition_ledger
from gridapp.store.ledger_scope import month_start, resolve_scope
from gridapp.store.ledger_summary import summary_ledger
from gridapp.store.month_close import MonthCloseRepository


def read_ledger(store: Store, request: LedgerRequest, today: date | None = None) -> object:
    """The plain data of the ledger ``request`` names (a dataclass of
    ``gridapp.models.ledger*``). A scope or period that is not of this register raises
    :class:`gridapp.models.errors.ValidationError`; an unknown kind raises ValueError."""
    kind = request.kind
    if kind == HOUSEHOLDS:
        scope = resolve_scope(store, request.scope_code)
        return read_household_ledger(store, scope, month_start(request.month))
    if kind == PETITIONS:
        return petition_ledger(store, request.month, request.scope_code, today)
    if kind == PARTY:
        return party_ledger(store, request.month, request.scope_code)
    if kind == SUMMARY:
        return summary_ledger(store, request.month, request.scope_code, today)
    if kind == PARTY_FEEDBACK:
        return party_feedback_sheet(store, request.period, request.scope_code, today)
    raise ValueError(f"unknown ledger kind {kind!r}")


def read_amendments(
    store: Store, request: LedgerRequest, today: date | None = None
) -> list[Amendment] | None:
    """The 更正 the ledger ``request`` names lists: the amendments of the month before its
    month, when that month is closed (``docs/month-close.md``), of the same kind and scope
    (a grid scope: the rows listed under that grid). None when the month before is not
    closed (the ledger has no such section) and for the feedback sheet; an empty list
    when it is closed and nothing changed since."""
    if request.kind not in CLOSED_KINDS:
        return None
    repo = MonthCloseRepository(store, today)
    before = previous_month(month_start(request.month))
    if not repo.status(before, request.scope_code).closed:
        return None
    return repo.amendments(before, request.scope_code, (request.kind,))


def read_month_close(store: Store, request: LedgerRequest) -> MonthClose | None:
    """The close that stands for the ledger's own month (its village's), or None: a fresh
    print of a closed month says so on its face."""
    if request.kind not in CLOSED_KINDS:
        return None
    return MonthCloseRepository(store).status(request.month, request.scope_code).current


def read_printable(
    store: Store, request: LedgerRequest, today: date | None = None
) -> PrintableLedger:
    """What the ledger ``request`` names prints: its data, the corrections of the closed
    month before and its own month's close — the one read the command line, the window and
    the scripts share, so none of them prints a ledger without its 上月更正."""
    amendments = read_amendments(store, request, today)
    return PrintableLedger(
        read_ledger(store, request, today),
        None if amendments is None else tuple(amendments),
        read_month_close(store, request),
    )
