"""Which petitions a device must not receive (``docs/sync-protocol.md`` §4, §8).

A petition never reaches a device used by a person it accuses
(:func:`gridapp.models.petition_flow.may_reach_device`); the county lists a device's users in
``device_person`` (``gridapp-server device-persons``). The pull withholds such a petition and
its petitioners, progress entries and attachment records (listed in ``removed`` instead, so a
PC that held them drops them), and the blob endpoint withholds their bytes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa

from gridapp.models import petition_flow
from gridapp.models.petition import Petition
from gridapp.server import schema as s
from gridapp.server.parents import PARENTS

# Rows that belong to one petition, by the field that names it (from the foreign keys).
PETITION_CHILDREN = {
    child: field
    for child, fields in PARENTS.items()
    for field, parent in fields.items()
    if parent == "petition"
}


def device_persons(conn: sa.Connection, device_id: str) -> frozenset[str]:
    """The person record ids the county listed as users of ``device_id``."""
    dp = s.device_person
    rows = conn.execute(sa.select(dp.c.person_id).where(dp.c.device_id == device_id))
    return frozenset(str(r[0]) for r in rows)


def petition_of(data: dict[str, Any]) -> Petition:
    """The fields of a petition record the confidentiality rule reads."""
    return Petition(
        id=str(data.get("id", "")),
        reg_no=str(data.get("reg_no") or ""),
        reg_date=date.min,
        channel=str(data.get("channel") or ""),
        kind=str(data.get("kind") or ""),
        accused_ids=str(data.get("accused_ids") or ""),
    )


def withheld(
    conn: sa.Connection, persons: Collection[str], rows: Iterable[tuple[str, str, Any]]
) -> set[tuple[str, str]]:
    """The (tbl, id) among ``rows`` ((tbl, id, data) of records) that a device used by
    ``persons`` must not receive: petitions accusing one of them, and their children."""
    if not persons:
        return set()
    rows = list(rows)
    owner: dict[tuple[str, str], str] = {}
    for tbl, row_id, data in rows:
        if tbl == "petition":
            owner[(tbl, row_id)] = row_id
        elif tbl in PETITION_CHILDREN:
            owner[(tbl, row_id)] = str((data or {}).get(PETITION_CHILDREN[tbl]) or "")
    ids = sorted({p for p in owner.values() if p})
    if not ids:
        return set()
    rec = s.record
    refused = {
        str(r.id)
        for r in conn.execute(
            sa.select(rec.c.id, rec.c.data).where(rec.c.tbl == "petition", rec.c.id.in_(ids))
        )
        if not petition_flow.may_reach_device(petition_of({**dict(r.data), "id": r.id}), persons)
    }
    return {key for key, petition_id in owner.items() if petition_id in refused}
