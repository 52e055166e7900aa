"""Reading any monthly ledger's data by kind (:func:`read_ledger`): the one entry the command
line and the window use, so both draw the same figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from gridapp.models.access import Permission
from gridapp.models.ledger import (
    HOUSEHOLDS,
    PARTY,
    PARTY_FEEDBACK,
    PETITIONS,
    SUMMARY,
    HouseholdLedger,
    LedgerRequest,
)
from gridapp.models.ledger_petitions import PetitionLedger
from gridapp.models.month_close import (
    CLOSED_KINDS,
    Amendment,
    MonthClose,
    PrintableLedger,
    previous_month,
)
from gridapp.models.petition import Petition
from gridapp.store import masking
from gridapp.store.access import require
from gridapp.store.db import Store
from gridapp.store.ledger_households import read_household_ledger
from gridapp.store.ledger_party import party_feedback_sheet, party_ledger
from gridapp.store.ledger_petitions import petition_ledger
from gridapp.store.ledger_scope import month_start, resolve_scope
from gridapp.store.ledger_summary import summary_ledger
from gridapp.store.month_close import MonthCloseRepository
from gridapp.store.rows import from_row

PRINT_ACTION = "print"  # the audit entry of every ledger read for printing (issue #8)
# PetitionLedgerRow fields that carry a petition's content.
LEDGER_CONTENT_FIELDS = ("summary", "category", "problem_area_code", "problem_address")


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
    store: Store, request: LedgerRequest, today: date | None = None, *, unmasked: bool = False
) -> PrintableLedger:
    """What the ledger ``request`` names prints: its data, the corrections of the closed
    month before and its own month's close — the one read the command line, the window and
    the scripts share, so none of them prints a ledger without its 上月更正.

    Access (issue #8): requires ``Permission.PRINT``, and ``Permission.UNMASK`` when
    ``unmasked`` (full ID and phone numbers); otherwise the numbers are masked in the data
    itself, so no renderer can print them whole. 重点管理 tags and the content of petitions
    the role may not see are left out. Each read is one audit entry ``print`` (kind, month,
    scope, unmasked): the window reads once per 生成, the command line once per file."""
    require(store, Permission.PRINT)
    if unmasked:
        require(store, Permission.UNMASK)
    amendments = read_amendments(store, request, today)
    printable = PrintableLedger(
        read_ledger(store, request, today),
        None if amendments is None else tuple(amendments),
        read_month_close(store, request),
    )
    printable = restricted(store, printable, unmasked)
    detail = {
        "kind": request.kind,
        "month": request.period or request.month.strftime("%Y-%m"),
        "scope": request.scope_code,
        "unmasked": unmasked,
    }
    masking.log_action(store, PRINT_ACTION, detail)
    return printable


def restricted(store: Store, printable: PrintableLedger, unmasked: bool) -> PrintableLedger:
    """``printable`` narrowed to what the current role may print (see :func:`read_printable`)."""
    hidden = masking.tag_filter(store)
    data, amendments = printable.data, printable.amendments
    if not unmasked or hidden:
        data, amendments = masking.mask_numbers((data, amendments), hidden, numbers=not unmasked)
    if isinstance(data, HouseholdLedger) and hidden:
        events = [replace(e, detail=masking.without_labels(e.detail, hidden)) for e in data.events]
        data = replace(data, events=events)
    if isinstance(data, PetitionLedger) and not masking.sees_all_content(store):
        data = _own_content_only(store, data)
        amendments = _without_content(amendments)
    return replace(printable, data=data, amendments=amendments)


def _own_content_only(store: Store, ledger: PetitionLedger) -> PetitionLedger:
    """The petition ledger with the content of petitions the role may not see blanked."""
    numbers = [row.reg_no for group in ledger.groups for row in group.rows]
    seen: set[str] = set()
    for start in range(0, len(numbers), 500):
        part = numbers[start : start + 500]
        marks = ",".join("?" for _ in part)
        found = store.query(
            f"SELECT * FROM petition WHERE deleted = 0 AND reg_no IN ({marks})", part
        )
        petitions = [from_row(Petition, r) for r in found]
        own = masking.own_petition_ids(store, [p.id for p in petitions])
        seen.update(
            p.reg_no
            for p in petitions
            if masking.petition_visibility(store, p, p.id in own).content
        )
    blank: dict[str, Any] = {name: "" for name in LEDGER_CONTENT_FIELDS}
    blank.update(petitioner="", petitioner_id_number="", petitioner_phone="")
    blank["summary"] = masking.confidential_text()
    groups = tuple(
        replace(
            group,
            rows=tuple(row if row.reg_no in seen else replace(row, **blank) for row in group.rows),
        )
        for group in ledger.groups
    )
    return replace(ledger, groups=groups)


def _without_content(
    amendments: tuple[Amendment, ...] | None,
) -> tuple[Amendment, ...] | None:
    """Petition corrections without the old and new texts of content fields."""
    if amendments is None:
        return None
    hidden = {*LEDGER_CONTENT_FIELDS, "petitioner"}
    return tuple(
        replace(
            a,
            fields=tuple(
                replace(f, before="", after="") if f.field in hidden else f for f in a.fields
            ),
        )
        if a.kind == PETITIONS
        else a
        for a in amendments
    )
