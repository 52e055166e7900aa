"""Foreign keys between the synced tables, as the server checks them: a row is never
written naming a parent that is not live on the server (``parent_missing``), and a row is
not deleted while live rows still name it (``delete_update``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from gridapp.server import schema as s

# Foreign keys of the synced tables (gridapp/store/migrations/m0001_core.py): field -> the
# table of the row it names. A create or edit naming a row that is not live on the server
# is not written (a ``parent_missing`` conflict): e.g. the tag of a person whose create was
# refused as a duplicate. The parent may be outside the device's scope.
PARENTS: dict[str, dict[str, str]] = {
    "person": {"household_id": "household"},
    "person_tag": {"person_id": "person"},
    "household_tag": {"household_id": "household"},
    "household_event": {"household_id": "household", "person_id": "person"},
    "party_member": {"person_id": "person"},
    "party_report": {"member_id": "party_member"},
    "post_claim": {"post_id": "service_post", "member_id": "party_member", "org_id": "party_org"},
    "party_activity": {"post_id": "service_post"},
    "activity_participation": {"activity_id": "party_activity", "member_id": "party_member"},
    "party_feedback": {"member_id": "party_member"},
    "petition_petitioner": {"petition_id": "petition", "person_id": "person"},
    "petition_progress": {"petition_id": "petition"},
    "petition_attachment": {"petition_id": "petition"},
}

# Parent table -> (child table, field) of the rows that must not outlive it.
CHILDREN: dict[str, list[tuple[str, str]]] = {}
for _child, _fields in PARENTS.items():
    if _child not in s.APPEND_ONLY:
        for _field, _parent in _fields.items():
            CHILDREN.setdefault(_parent, []).append((_child, _field))


_REC = s.record
_LIVE = sa.select(_REC.c.deleted).where(
    _REC.c.tbl == sa.bindparam("tbl"), _REC.c.id == sa.bindparam("id")
)


def missing_parents(conn: sa.Connection, tbl: str, values: dict[str, Any]) -> dict[str, str]:
    """The foreign keys among ``values`` naming a row that is not live here."""
    missing = {}
    for field, parent in PARENTS.get(tbl, {}).items():
        value = values.get(field)
        if not isinstance(value, str) or not value:
            continue
        found = conn.execute(_LIVE, {"tbl": parent, "id": value}).first()
        if found is None or found.deleted:
            missing[field] = value
    return missing


def has_live_children(conn: sa.Connection, tbl: str, row_id: str) -> bool:
    """Whether a live row still names this one (a member of a household being removed
    whose own removal was refused): deleting it would leave that row orphaned. The
    append-only logs (events, progress entries) are history and never hold a row back.
    A scan of the child table's records — deletes are rare."""
    for child, field in CHILDREN.get(tbl, ()):
        found = conn.execute(
            sa.select(_REC.c.id)
            .where(
                _REC.c.tbl == child,
                _REC.c.deleted.is_(False),
                _REC.c.data[field].as_string() == row_id,
            )
            .limit(1)
        ).first()
        if found is not None:
            return True
    return False
