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
from gridapp.store.db import Store
from gridapp.store.ledger_households import read_household_ledger
from gridapp.store.ledger_party import party_feedback_sheet, party_ledger
from gridapp.store.ledger_petitions import petition_ledger
from gridapp.store.ledger_scope import month_start, resolve_scope
from gridapp.store.ledger_summary import summary_ledger


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
