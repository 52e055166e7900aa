"""Conflicts on the PC: what the county server could not decide, kept for a person to choose.

``docs/sync-conflicts.md`` describes the rules; ``docs/sync-protocol.md`` §5.2 and §6 the
contract. The server records a conflict when two PCs changed the same field (or a HARD one),
when an edit meets a deletion, or when a number (户号, 身份证号, 登记编号 …) would be held by
two live records. The PC hears of it in the reply to its own push and, for every conflict of
its scope, in the pull feed (:mod:`gridapp.store.sync_state` stores both here, in
``sync_conflict``).

A choice is ONE ordinary edit of the row through :meth:`Store.write` (validated like any edit
of that table, an outbox entry with old and new values and one audit entry) whose outbox
entry carries ``resolves``: the server applies it and marks the conflict resolved; the local
conflict is ``resolving`` until the server's reply (or a pull) says ``resolved``.

What each kind allows (what the server supports):

- ``field``: per field this PC's value, the county's value, or a typed one. Keeping the
  county's value everywhere still sends an update (the fields with their current values), so
  the server marks the conflict resolved.
- ``update_delete`` (an edit met a deletion): the server never revives a deleted row, so the
  record stays deleted; the choice acknowledges it (a delete that settles the conflict).
- ``delete_update`` (a deletion met others' edits): the record stays (an update that changes
  nothing) or is deleted after all (a delete against the current version).
- ``duplicate``: another record already holds the number; the user acknowledges (and may open
  that record); nothing else can be chosen here. ``parent_missing`` (the household, person,
  petition … the row belongs to is not on the server) likewise. A refused create is
  acknowledged with a delete of the row the server never had; a refused edit with an update
  holding the county's values.

Who may choose: a PC enrolled as ``worker`` or ``chief`` whose scope holds the conflict's
area (``device.json``, written by :mod:`gridapp.sync.credentials`); a ``county`` PC only looks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import FieldSpec, clean_value
from gridapp.models.party_register import MEMBER_FIELDS, ORG_FIELDS
from gridapp.models.petition_register import PETITION_FIELDS, PETITIONER_FIELDS
from gridapp.models.register import (
    DERIVED,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    clean_person_fields,
)
from gridapp.paths import resource_path
from gridapp.store import household_list
from gridapp.store import search_index as search
from gridapp.store.connection import IntegrityError
from gridapp.store.db import Store
from gridapp.store.migrations.m0001_core import SYNCED_TABLES

KINDS = ("field", "update_delete", "delete_update", "duplicate", "parent_missing")
STATUSES = ("open", "resolving", "resolved")
# The file gridapp.sync.credentials writes beside the database (role and scope: not secret).
DEVICE_FILE = "device.json"
RESOLVING_ROLES = ("worker", "chief")

# Fields typed by a person are cleaned by the same specs as the forms of that table.
FIELD_SPECS: Mapping[str, Mapping[str, FieldSpec]] = {
    "person": PERSON_FIELDS,
    "household": HOUSEHOLD_FIELDS,
    "petition": PETITION_FIELDS,
    "petition_petitioner": PETITIONER_FIELDS,
    "party_member": MEMBER_FIELDS,
    "party_org": ORG_FIELDS,
}
# The column that names a record for a person (记录 in the list), by table.
LABEL_COLUMNS: Mapping[str, str] = {
    "person": "name",
    "household": "household_no",
    "petition": "reg_no",
    "party_member": "name",
    "party_org": "name",
    "place": "name",
    "petition_petitioner": "name",
    "party_activity": "title",
    "service_post": "title",
}

KIND_LABELS: Mapping[str, str] = {
    "field": QT_TRANSLATE_NOOP("Messages", "Changed on both sides"),
    "update_delete": QT_TRANSLATE_NOOP("Messages", "Edited, but deleted on the server"),
    "delete_update": QT_TRANSLATE_NOOP("Messages", "Deleted, but edited elsewhere"),
    "duplicate": QT_TRANSLATE_NOOP("Messages", "Number already taken"),
    "parent_missing": QT_TRANSLATE_NOOP("Messages", "Belongs to a record the server lacks"),
}

MSG_NOT_FOUND = QT_TRANSLATE_NOOP("Messages", "There is no conflict {id} on this PC.")
MSG_SETTLED = QT_TRANSLATE_NOOP(
    "Messages", "This conflict is already being settled or settled; nothing was changed."
)
MSG_NOT_ENROLLED = QT_TRANSLATE_NOOP(
    "Messages",
    "Only a PC enrolled with the county server may resolve conflicts; this one is not.",
)
MSG_ROLE = QT_TRANSLATE_NOOP(
    "Messages",
    "A PC enrolled as '{role}' may not resolve conflicts: a grid worker's or chief's PC "
    "of the village can.",
)
MSG_SCOPE = QT_TRANSLATE_NOOP(
    "Messages", "This conflict's record ({area}) is outside this PC's scope."
)
MSG_NOT_A_FIELD = QT_TRANSLATE_NOOP(
    "Messages", "{field} is not one of the fields of this conflict."
)
MSG_ONE_OF_TWO = QT_TRANSLATE_NOOP(
    "Messages", "{field} can only take this PC's value or the county's value."
)
MSG_NO_CHOICE = QT_TRANSLATE_NOOP(
    "Messages", "This conflict offers no values to choose: it can only be acknowledged."
)
MSG_NO_DELETE = QT_TRANSLATE_NOOP(
    "Messages",
    "Only a conflict between a deletion and an edit can end with the record deleted.",
)
MSG_ROW_MISSING = QT_TRANSLATE_NOOP(
    "Messages",
    "The record of this conflict is not on this PC yet; sync first, then choose again.",
)
MSG_TAKEN = QT_TRANSLATE_NOOP("Messages", "Another record already holds this value.")


@dataclass(frozen=True)
class Conflict:
    """One conflict as this PC knows it (``sync_conflict``)."""

    conflict_id: str
    kind: str
    tbl: str
    row_id: str
    area_code: str
    fields: list[str]
    base_version: int
    server_version: int
    local_values: dict[str, Any]
    server_values: dict[str, Any]
    other_id: str
    device_id: str
    device_seq: int
    user_id: str
    created_at: str
    status: str
    resolution: dict[str, Any] | None
    resolved_at: str
    label: str = ""  # the record for a person: a name, a household or petition number
    shown_fields: list[str] = field(default_factory=list)
    own: bool = False  # the edit not taken was made on this PC (else on another of the scope)

    @property
    def server_has_row(self) -> bool:
        """False for a create the server refused (a duplicate number, a missing parent)."""
        return self.server_version > 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "conflict_id": self.conflict_id,
            "kind": self.kind,
            "tbl": self.tbl,
            "id": self.row_id,
            "label": self.label,
            "area_code": self.area_code,
            "fields": self.fields,
            "base_version": self.base_version,
            "server_version": self.server_version,
            "local_values": self.local_values,
            "server_values": self.server_values,
            "other_id": self.other_id or None,
            "device_id": self.device_id,
            "device_seq": self.device_seq,
            "user_id": self.user_id,
            "created_at": self.created_at,
            "from_this_pc": self.own,
            "status": self.status,
            "resolution": self.resolution,
            "resolved_at": self.resolved_at or None,
        }


# --- storing what the server says (called by gridapp.store.sync_state) ------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else 0


def check(raw: Any) -> str | None:
    """What is wrong with a conflict the server sent (None: usable as it is)."""
    if not isinstance(raw, Mapping):
        return f"conflict {raw!r}"
    cid, tbl, row_id = raw.get("conflict_id"), raw.get("tbl"), raw.get("id")
    if not isinstance(cid, str) or not cid or len(cid) > 64:
        return f"conflict_id {cid!r}"
    kind = raw.get("kind")
    # A kind this program does not know yet is kept and can only be acknowledged.
    if not isinstance(kind, str) or not kind.isidentifier() or len(kind) > 32:
        return f"conflict kind {kind!r}"
    if tbl not in SYNCED_TABLES or not isinstance(row_id, str) or not row_id:
        return f"conflict {cid}: row {tbl!r} {row_id!r}"
    if raw.get("status", "open") not in ("open", "resolved"):
        return f"conflict {cid}: status {raw.get('status')!r}"
    fields = raw.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        return f"conflict {cid}: fields"
    for key in ("local_values", "server_values"):
        values = raw.get(key) or {}
        if not isinstance(values, Mapping) or not all(
            v is None or isinstance(v, str | int | float) for v in values.values()
        ):
            return f"conflict {cid}: {key}"
    return None


def save(store: Store, raw: Mapping[str, Any]) -> None:
    """Insert or refresh one conflict the server sent (inside the caller's transaction).

    What the server recorded is taken as sent; the status only moves forward: ``resolved``
    from the server settles it here too (also one resolved on another PC), an ``open`` from
    the server never undoes a choice made here that is on its way (``resolving``).
    """
    status = "resolved" if raw.get("status") == "resolved" else "open"
    resolution = raw.get("resolution")
    store.conn.execute(
        "INSERT INTO sync_conflict (conflict_id, kind, tbl, row_id, area_code, fields,"
        " base_version, server_version, local_values, server_values, other_id, device_id,"
        " device_seq, user_id, created_at, status, resolution, resolved_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (conflict_id) DO UPDATE SET"
        " status = CASE WHEN excluded.status = 'resolved' THEN 'resolved' ELSE status END,"
        " resolution = CASE WHEN excluded.status = 'resolved' THEN excluded.resolution"
        "  ELSE resolution END,"
        " resolved_at = CASE WHEN excluded.status = 'resolved' THEN excluded.resolved_at"
        "  ELSE resolved_at END",
        (
            str(raw["conflict_id"]),
            str(raw["kind"]),
            str(raw["tbl"]),
            str(raw["id"]),
            _text(raw.get("area_code")),
            json.dumps(list(raw.get("fields") or []), ensure_ascii=False),
            _int(raw.get("base_version")),
            _int(raw.get("server_version")),
            json.dumps(dict(raw.get("local_values") or {}), ensure_ascii=False),
            json.dumps(dict(raw.get("server_values") or {}), ensure_ascii=False),
            _text(raw.get("other_id")),
            _text(raw.get("device_id")),
            _int(raw.get("device_seq")),
            _text(raw.get("user_id")),
            _text(raw.get("created_at")),
            status,
            json.dumps(resolution, ensure_ascii=False, default=str) if resolution else "",
            _text(raw.get("resolved_at")) if status == "resolved" else "",
        ),
    )


def settle_entry(store: Store, conflict_id: str, status: str) -> None:
    """The server answered the entry that resolves ``conflict_id`` (caller's transaction).

    Taken (applied, merged): the server marked the conflict resolved. Refused (a new
    conflict, rejected, forbidden): the conflict is open again, for another choice.
    """
    conn = store.conn
    if status in ("applied", "acked", "merged"):
        conn.execute(
            "UPDATE sync_conflict SET status = 'resolved', resolved_at = ?"
            " WHERE conflict_id = ? AND status != 'resolved'",
            (datetime.now().isoformat(timespec="seconds"), conflict_id),
        )
    elif status in ("conflict", "rejected", "forbidden"):
        conn.execute(
            "UPDATE sync_conflict SET status = 'open'"
            " WHERE conflict_id = ? AND status = 'resolving'",
            (conflict_id,),
        )


# --- reading ----------------------------------------------------------------------------

_SELECT = (
    "SELECT conflict_id, kind, tbl, row_id, area_code, fields, base_version, server_version,"
    " local_values, server_values, other_id, device_id, device_seq, user_id, created_at,"
    " status, resolution, resolved_at FROM sync_conflict"
)


def _label(store: Store, tbl: str, row_id: str, values: list[Mapping[str, Any]]) -> str:
    column = LABEL_COLUMNS.get(tbl)
    if column is None:
        return ""
    # Table and column names come from LABEL_COLUMNS, never from the server.
    found = store.conn.execute(f"SELECT {column} FROM {tbl} WHERE id = ?", (row_id,)).fetchone()
    if found is not None and found[0]:
        return str(found[0])
    for mapping in values:
        if mapping.get(column):
            return str(mapping[column])
    return ""


def _from_row(store: Store, row: tuple[Any, ...]) -> Conflict:
    (cid, kind, tbl, row_id, area, fields, base, server_version, local, server, other,
     device, seq, user, created, status, resolution, resolved_at) = row  # fmt: skip
    local_values = json.loads(local or "{}")
    server_values = json.loads(server or "{}")
    names = list(json.loads(fields or "[]"))
    shown = names or sorted({*local_values, *server_values} - {"deleted"})
    return Conflict(
        conflict_id=str(cid),
        kind=str(kind),
        tbl=str(tbl),
        row_id=str(row_id),
        area_code=str(area),
        fields=names,
        base_version=int(base),
        server_version=int(server_version),
        local_values=local_values,
        server_values=server_values,
        other_id=str(other or ""),
        device_id=str(device),
        device_seq=int(seq),
        user_id=str(user),
        created_at=str(created),
        status=str(status),
        resolution=json.loads(resolution) if resolution else None,
        resolved_at=str(resolved_at or ""),
        label=_label(store, str(tbl), str(row_id), [local_values, server_values]),
        shown_fields=shown,
        own=bool(store.device_id) and str(device) == store.device_id,
    )


def open_conflicts(store: Store) -> list[Conflict]:
    """Conflicts nobody has chosen for yet, oldest first."""
    rows = store.conn.execute(
        f"{_SELECT} WHERE status = 'open' ORDER BY created_at, conflict_id"
    ).fetchall()
    return [_from_row(store, r) for r in rows]


def all_conflicts(store: Store) -> list[Conflict]:
    """Every conflict this PC knows (open, resolving, resolved), oldest first."""
    rows = store.conn.execute(f"{_SELECT} ORDER BY created_at, conflict_id").fetchall()
    return [_from_row(store, r) for r in rows]


def open_count(store: Store) -> int:
    return int(
        store.conn.execute("SELECT count(*) FROM sync_conflict WHERE status = 'open'").fetchone()[0]
    )


def get(store: Store, conflict_id: str) -> Conflict:
    """One conflict; :class:`ValidationError` when this PC has none of that id."""
    row = store.conn.execute(f"{_SELECT} WHERE conflict_id = ?", (conflict_id,)).fetchone()
    if row is None:
        raise ValidationError([FieldError("conflict", MSG_NOT_FOUND, {"id": conflict_id[:64]})])
    return _from_row(store, row)


@cache
def _dictionary() -> dict[str, Any]:
    path = resource_path("data-dictionary.json")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def field_label(tbl: str, name: str) -> str:
    """The Chinese label of a column (the data dictionary's), without its explanation."""
    data = _dictionary()
    entry = data["tables"].get(tbl, {}).get("columns", {}).get(name) or data["sync_columns"].get(
        name
    )
    if not entry:
        return name
    return str(entry["label"]).split(" (")[0]


def value_text(tbl: str, name: str, value: Any) -> str:
    """A stored value for a person: a code as its Chinese label, nothing as "—"."""
    if value is None or value == "":
        return "—"
    data = _dictionary()
    entry = data["tables"].get(tbl, {}).get("columns", {}).get(name) or {}
    table = entry.get("code_table")
    if table and isinstance(value, str):
        try:
            found = codes.table(table).get(value)
        except KeyError:
            found = None
        if found is not None:
            return str(found.label)
    return str(value)


def local_time(text: str) -> str:
    """A server time (UTC ISO 8601, ``…Z``) as this PC's local ``YYYY-MM-DD HH:MM``."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text.replace("T", " ")[:16]
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def table_label(tbl: str) -> str:
    entry = _dictionary()["tables"].get(tbl)
    return str(entry["label"]).split(" (")[0] if entry else tbl


# --- who may choose ---------------------------------------------------------------------


def authority(store: Store) -> tuple[str, tuple[str, ...]] | None:
    """(role, scopes) this PC was enrolled with, or None when it is not enrolled."""
    try:
        record = json.loads((store.data_dir / DEVICE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict):
        return None
    role = str(record.get("role") or "worker")
    return role, tuple(str(s) for s in record.get("scopes") or ())


def check_may_resolve(store: Store, conflict: Conflict) -> None:
    """Raise :class:`ValidationError` unless this PC may choose for ``conflict``."""
    found = authority(store)
    if found is None:
        raise ValidationError([FieldError("conflict", MSG_NOT_ENROLLED)])
    role, scopes = found
    if role not in RESOLVING_ROLES:
        raise ValidationError([FieldError("conflict", MSG_ROLE, {"role": role})])
    if not any(conflict.area_code.startswith(s) for s in scopes):
        raise ValidationError([FieldError("conflict", MSG_SCOPE, {"area": conflict.area_code})])


# --- choosing ---------------------------------------------------------------------------


def _stored(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# Columns a choice never writes: identity and the local sync state.
_NOT_CHOSEN = frozenset(
    {"id", "version", "deleted", "pending", "updated_hlc", "created_at", "updated_at"}
)


def _clean(conflict: Conflict, row: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of every chosen value; every problem at once as ValidationError."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    specs = FIELD_SPECS.get(conflict.tbl, {})
    typed: dict[str, Any] = {}
    for name, value in values.items():
        if name not in conflict.fields or name not in row or name in _NOT_CHOSEN:
            errors.append(FieldError(name, MSG_NOT_A_FIELD, {"field": name[:40]}))
        elif value == row.get(name) or (
            name in conflict.server_values and value == conflict.server_values[name]
        ):
            cleaned[name] = value  # what the record already holds, or the county's
        elif name in specs and not (conflict.tbl == "person" and name in DERIVED):
            typed[name] = value
        elif name in conflict.local_values and value == conflict.local_values[name]:
            cleaned[name] = value  # no spec to check it by: the other side's stored value
        else:
            errors.append(FieldError(name, MSG_ONE_OF_TWO, {"field": name[:40]}))
    for name, value in typed.items():
        spec = specs[name]
        if conflict.tbl == "person" and name == "id_number":
            try:
                # The ID number brings its sex and birth date along, as in the forms.
                cleaned.update(clean_person_fields({"id_number": value}))
            except ValidationError as exc:
                errors.extend(exc.errors)
            continue
        try:
            cleaned[name] = clean_value(spec, value)
        except ValidationError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    return {k: _stored(v) for k, v in cleaned.items()}


def _row(store: Store, tbl: str, row_id: str) -> dict[str, Any] | None:
    cursor = store.conn.execute(f"SELECT * FROM {tbl} WHERE id = ?", (row_id,))
    found = cursor.fetchone()
    if found is None:
        return None
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def _derived(store: Store, tbl: str, row: Mapping[str, Any]) -> None:
    """Search entries and the household summary after the row changed."""
    conn = store.conn
    if tbl == "person":
        search.reindex_person(conn, str(row["id"]))
        households = {str(row.get("household_id") or "")}
        current = conn.execute(
            "SELECT household_id FROM person WHERE id = ?", (row["id"],)
        ).fetchone()
        if current is not None:
            households.add(str(current[0] or ""))
        for household_id in sorted(households - {""}):
            household_list.refresh_summary(conn, household_id)
    elif tbl == "household":
        search.reindex_household(conn, str(row["id"]))
        household_list.refresh_summary(conn, str(row["id"]))


def resolve(
    store: Store,
    conflict_id: str,
    values: Mapping[str, Any],
    user_id: str | None = None,
    *,
    delete: bool = False,
) -> Conflict:
    """Choose for one open conflict: ONE edit of its row that settles it (module docstring).

    ``values``: for a ``field`` conflict, the chosen value of some of its fields (the rest
    keep the county's value); empty for the other kinds. ``delete``: for ``delete_update``,
    delete the record after all (otherwise it stays). Problems raise :class:`ValidationError`
    and nothing changes. Returns the conflict, now ``resolving``.
    """
    conflict = get(store, conflict_id)
    if conflict.status != "open":
        raise ValidationError([FieldError("conflict", MSG_SETTLED)])
    check_may_resolve(store, conflict)
    if values and conflict.kind != "field":
        raise ValidationError([FieldError("conflict", MSG_NO_CHOICE)])
    if delete and conflict.kind != "delete_update":
        raise ValidationError([FieldError("conflict", MSG_NO_DELETE)])
    tbl = conflict.tbl
    if tbl not in SYNCED_TABLES:  # checked when stored; table names go into SQL below
        raise ValidationError([FieldError("conflict", MSG_ROW_MISSING)])
    row = _row(store, tbl, conflict.row_id)
    if row is None:
        raise ValidationError([FieldError("conflict", MSG_ROW_MISSING)])
    cleaned = _clean(conflict, row, values)
    # The choice was made against the county's version of the row (the values shown).
    base = max(int(row["version"]), conflict.server_version)
    as_delete = (
        conflict.kind == "update_delete"
        or not conflict.server_has_row
        or (conflict.kind == "delete_update" and delete)
    )
    user = user_id or store.user_id
    conn = store.conn
    with store.write(
        "resolve conflict",
        {"conflict_id": conflict_id, "kind": conflict.kind},
        table=tbl,
        row_id=conflict.row_id,
    ) as capture:
        capture.user_id = user
        area = str(row["area_code"])
        if as_delete:
            conn.execute(
                f"UPDATE {tbl} SET deleted = 1, pending = 1, updated_hlc = ?, updated_at = ?"
                " WHERE id = ?",
                (capture.hlc, capture.wall, conflict.row_id),
            )
            capture.deleted(tbl, conflict.row_id, base, area)
        else:
            chosen = {f: row[f] for f in conflict.fields if f in row and f not in _NOT_CHOSEN}
            if conflict.kind == "field":
                chosen |= {
                    f: conflict.server_values[f] for f in chosen if f in conflict.server_values
                }
            chosen |= cleaned
            if not chosen:  # delete_update kept: nothing to change, the area says "this row"
                chosen = {"area_code": area}
            diff = {f: (row.get(f), v) for f, v in chosen.items() if row.get(f) != v}
            sets = "".join(f"{name} = ?, " for name in diff)  # names: the row's own columns
            try:
                conn.execute(
                    f"UPDATE {tbl} SET {sets}deleted = 0, pending = 1, updated_hlc = ?,"
                    " updated_at = ? WHERE id = ?",
                    [*(new for _old, new in diff.values()), capture.hlc, capture.wall, row["id"]],
                )
            except IntegrityError as exc:
                name = next(iter(diff), "conflict")
                raise ValidationError([FieldError(name, MSG_TAKEN)]) from exc
            # Every chosen field goes, changed or not: the server sets the county's row to
            # the choice and needs at least one field to take the update.
            capture.updated(
                tbl, conflict.row_id, base, area, {f: (row.get(f), v) for f, v in chosen.items()}
            )
        _derived(store, tbl, row)
        capture.flush()
        conn.execute(
            "UPDATE outbox SET resolves = ? WHERE device_seq ="
            " (SELECT max(device_seq) FROM outbox WHERE tbl = ? AND row_id = ?)",
            (conflict_id, tbl, conflict.row_id),
        )
        resolution = {
            "user_id": user,
            "device_id": store.device_id,
            "values": cleaned,
            "delete": as_delete,
            "at": capture.wall,
        }
        conn.execute(
            "UPDATE sync_conflict SET status = 'resolving', resolution = ? WHERE conflict_id = ?",
            (json.dumps(resolution, ensure_ascii=False, default=str), conflict_id),
        )
    return get(store, conflict_id)
