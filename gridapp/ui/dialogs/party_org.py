"""党组织报到 dialogs: a unit party organisation reports to the community, the community
countersigns its 回执, and the report is cancelled (注销).

Each is a :class:`~gridapp.ui.dialogs.party_member.SpecDialog` over the model's field specs
(``ORG_FIELDS``, ``RECEIPT_FIELDS``, ``CANCEL_FIELDS`` of ``gridapp/models/party_register.py``)
whose save is one :class:`~gridapp.store.party.PartyRepository` call on ``ctx.tasks``: an
organisation reports once (not again after 注销), the 回执 is signed once and not before the
report. Refusals are shown in the dialog and nothing is saved. Strings use
``QCoreApplication.translate("PartyDialogs", …)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from gridapp.models.party import PartyOrg
from gridapp.models.party_register import CANCEL_FIELDS, ORG_FIELDS, RECEIPT_FIELDS
from gridapp.store.db import Changes
from gridapp.store.households import new_id
from gridapp.store.party import PartyRepository
from gridapp.ui.context import UiContext
from gridapp.ui.dialogs.party_member import Places, SpecDialog
from gridapp.ui.tasks import TaskContext

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

ORG_LAYOUT: list[tuple[str, str | None]] = [
    ("name", None),
    ("org_type", "report_date"),
    ("contact", "phone"),
    ("address", None),
    ("grid_code", None),
    ("note", None),
]


def _changes(org: PartyOrg) -> Changes:
    changes = Changes()
    changes.add("party_org", org.id)
    return changes


def org_dialog(ctx: UiContext, parent: QWidget | None, places: Places) -> SpecDialog:
    """党组织报到: a new unit party organisation's report."""
    store = ctx.store

    def job(values: dict[str, Any]) -> Callable[[TaskContext], Any]:
        draft = PartyOrg(id=new_id(), **{name: values.get(name, "") for name in ORG_FIELDS})

        def run(_t: TaskContext) -> tuple[PartyOrg, Changes]:
            saved = PartyRepository(store).add_org(draft)
            return saved, _changes(saved)

        return run

    title = translate("PartyDialogs", "Unit party organisation reports")
    return SpecDialog(
        ctx,
        parent,
        title=title,
        heading=title,
        intro=translate(
            "PartyDialogs",
            "A unit's party organisation reports to the community once; the community"
            " countersigns its receipt (回执) afterwards.",
        ),
        specs=ORG_FIELDS,
        layout=ORG_LAYOUT,
        initial={"report_date": date.today().isoformat()},
        job=job,
        done=translate("PartyDialogs", "Record the report"),
        choices={"grid_code": places.grid_choices()},
        object_name="partyOrgDialog",
    )


def receipt_dialog(ctx: UiContext, parent: QWidget | None, org: PartyOrg) -> SpecDialog:
    """回执: the community countersigns the organisation's report (date and signer)."""
    store = ctx.store

    def job(values: dict[str, Any]) -> Callable[[TaskContext], Any]:
        def run(_t: TaskContext) -> tuple[PartyOrg, Changes]:
            saved = PartyRepository(store).sign_receipt(
                org.id, values.get("receipt_date"), values.get("receipt_signer")
            )
            return saved, _changes(saved)

        return run

    title = translate("PartyDialogs", "Countersign the receipt (回执)")
    return SpecDialog(
        ctx,
        parent,
        title=title,
        heading=f"{title} · {org.name}",
        intro=translate(
            "PartyDialogs", "The receipt is countersigned once, not before the report date."
        ),
        specs=RECEIPT_FIELDS,
        layout=[("receipt_date", "receipt_signer")],
        initial={"receipt_date": date.today().isoformat()},
        job=job,
        done=translate("PartyDialogs", "Countersign"),
        object_name="partyReceiptDialog",
    )


def org_cancel_dialog(ctx: UiContext, parent: QWidget | None, org: PartyOrg) -> SpecDialog:
    """注销 of an organisation's report: date and reason."""
    store = ctx.store

    def job(values: dict[str, Any]) -> Callable[[TaskContext], Any]:
        def run(_t: TaskContext) -> tuple[PartyOrg, Changes]:
            saved = PartyRepository(store).cancel_org(
                org.id, values.get("cancel_date"), values.get("cancel_reason")
            )
            return saved, _changes(saved)

        return run

    title = translate("PartyDialogs", "Cancel the organisation's report (注销)")
    return SpecDialog(
        ctx,
        parent,
        title=title,
        heading=f"{title} · {org.name}",
        intro=translate(
            "PartyDialogs",
            "After 注销 the organisation cannot report again; its history is kept.",
        ),
        specs=CANCEL_FIELDS,
        layout=[("cancel_date", None), ("cancel_reason", None)],
        initial={"cancel_date": date.today().isoformat()},
        job=job,
        done=translate("PartyDialogs", "Cancel the report"),
        object_name="partyOrgCancelDialog",
    )
