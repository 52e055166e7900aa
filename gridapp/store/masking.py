"""What the role of whoever works at the store may see (issue #8 "What each role may do",
"Masking"), applied by the repositories before data leaves them.

- Petition content (``Permission.SEE_PETITION_CONTENT``): a role without it sees the content of
  the petitions it registered or holds only (:func:`is_own`); for everything else the content
  fields, petitioners and the content of progress entries are blanked. The workflow's own rule
  (``petition_flow.visibility``: the accused never, an accusation only for its holder) applies
  on top, for every role.
- 重点管理 person tags (``Permission.SEE_FOCUS_TAGS``): :func:`visible_tag` drops them.
- ID numbers and phones (``Permission.UNMASK``): :func:`mask_numbers` masks every field named
  ``…id_number`` or ``…phone`` in a dataclass tree (ledgers, exports); one record in full is
  an explicit, logged call (``HouseholdRepository.unmask_person``).
- :func:`log_action` writes the audit entry of an action that changes no row (unmask, export,
  print): one ``Store.write`` with no captured change.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from gridapp.i18n import QT_TRANSLATE_NOOP, translate
from gridapp.models import codes, petition_flow
from gridapp.models.access import Permission
from gridapp.models.household import HouseholdEvent, Person
from gridapp.models.idnumber import mask_id_number, mask_phone
from gridapp.models.petition import Petition, Petitioner, PetitionProgress
from gridapp.models.petition_flow import HIDDEN, Visibility
from gridapp.store.access import allowed, current_role
from gridapp.store.db import Store
from gridapp.store.petition_list import PetitionRow

T = TypeVar("T")

# Petition fields that carry its content (内容, 概况, the problem's place, replies, reasons).
CONTENT_FIELDS = (
    "summary",
    "content",
    "category",
    "problem_address",
    "problem_area_code",
    "reply_text",
    "reject_reason",
    "extension_reason",
)
# Progress detail keys that carry content (texts the petitioner or an office wrote, and the
# old/new values of a corrected content field).
CONTENT_KEYS = frozenset({"text", "reason", "note", *CONTENT_FIELDS})
CODE_FIELDS = frozenset({"category", "problem_area_code"})  # hidden as "", not as text
MSG_CONFIDENTIAL = QT_TRANSLATE_NOOP("Messages", "Content confidential")
FOCUS_CATEGORY = "management"  # person_tag extra["category"] of 重点管理 tags


# --- audit ----------------------------------------------------------------------------------


def log_action(
    store: Store, action: str, detail: dict[str, Any], *, table: str = "", row_id: str = ""
) -> None:
    """One audit entry for an action that changes no row (unmask, export, print)."""
    with store.write(action, detail, table=table, row_id=row_id):
        pass


# --- petition content -------------------------------------------------------------------------


def sees_all_content(store: Store) -> bool:
    return allowed(store, Permission.SEE_PETITION_CONTENT)


def own_petition_ids(store: Store, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` the user at ``store`` registered (actor of the register step) or
    holds (named as the petition's 承办人 ``handler``)."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    user = store.user_id
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        marks = ",".join("?" for _ in part)
        rows = store.conn.execute(
            f"SELECT petition_id FROM petition_progress WHERE deleted = 0 AND action = 'register'"
            f" AND actor = ? AND petition_id IN ({marks})"
            f" UNION SELECT id FROM petition WHERE deleted = 0 AND handler != ''"
            f" AND handler IN (?, ?) AND id IN ({marks})",
            [user, *part, user, _display_name(store), *part],
        )
        found.update(str(r[0]) for r in rows)
    return found


def _display_name(store: Store) -> str:
    session = getattr(store, "session", None)
    return str(getattr(session, "display_name", "") or store.user_id)


def is_own(store: Store, petition: Petition) -> bool:
    return bool(own_petition_ids(store, [petition.id]))


def petition_visibility(store: Store, petition: Petition, own: bool | None = None) -> Visibility:
    """What the current role sees of ``petition``: the workflow's rule, narrowed to the
    user's own petitions for a role without ``SEE_PETITION_CONTENT``."""
    role = current_role(store)
    seen = petition_flow.visibility(petition, role)
    if not (seen.content or seen.petitioner) or sees_all_content(store):
        return seen
    if own is None:
        own = is_own(store, petition)
    return seen if own else HIDDEN


def confidential_text() -> str:
    """「内容保密」: what a hidden text reads as."""
    return translate("Messages", MSG_CONFIDENTIAL)


def _hidden(name: str, value: Any) -> Any:
    """A hidden value: texts that were written read 「内容保密」, codes and empty ones ""."""
    if name in CODE_FIELDS or not value:
        return ""
    return confidential_text()


def hide_list_rows(store: Store, rows: list[PetitionRow]) -> list[PetitionRow]:
    """List rows (:mod:`gridapp.store.petition_list`) with 概况 and petitioner hidden where
    the current role may not see the petition's content."""
    if sees_all_content(store) or not rows:
        return rows
    own = own_petition_ids(store, [r.id for r in rows])
    for row in rows:
        probe = Petition(
            row.id,
            row.reg_no,
            date.min,
            row.channel,
            row.kind,
            holder=row.holder,
            accused_ids=row.accused_ids,
            confidential=row.confidential,
        )
        if not petition_visibility(store, probe, row.id in own).content:
            row.summary = confidential_text() if row.summary else ""
            row.petitioner = ""
    return rows


def hide_content(petition: Petition) -> Petition:
    """``petition`` with its content fields hidden (see :func:`_hidden`)."""
    hidden = {name: _hidden(name, getattr(petition, name)) for name in CONTENT_FIELDS}
    return dataclasses.replace(petition, **hidden)


def hide_progress(entry: PetitionProgress) -> PetitionProgress:
    """A progress entry with the texts it carries hidden (the keys stay, reading
    「内容保密」)."""
    try:
        detail = json.loads(entry.detail or "{}")
    except ValueError:
        detail = {}
    if isinstance(detail, dict):
        kept = {k: (_hidden(k, v) if k in CONTENT_KEYS else v) for k, v in detail.items()}
    else:
        kept = {}
    return dataclasses.replace(entry, detail=json.dumps(kept, ensure_ascii=False, default=str))


def masked_petitioner(petitioner: Petitioner) -> Petitioner:
    """A petitioner with ID number and phone masked (in full: ``unmask_petitioners``)."""
    return dataclasses.replace(
        petitioner,
        id_number=mask_id_number(petitioner.id_number) if petitioner.id_number else "",
        phone=mask_phone(petitioner.phone) if petitioner.phone else "",
    )


def masked_person(person: Person) -> Person:
    """``person`` with ID number and phone masked (every list and view; one person in full
    is ``HouseholdRepository.unmask_person``)."""
    return dataclasses.replace(
        person,
        id_number=mask_id_number(person.id_number) if person.id_number else "",
        phone=mask_phone(person.phone) if person.phone else "",
    )


# --- focus tags -----------------------------------------------------------------------------


def focus_tags() -> frozenset[str]:
    """The 重点管理 person_tag codes."""
    return frozenset(
        c.code for c in codes.table("person_tag").items() if c.category == FOCUS_CATEGORY
    )


def sees_focus_tags(store: Store) -> bool:
    return allowed(store, Permission.SEE_FOCUS_TAGS)


def without_tag_labels(event: HouseholdEvent, hidden: frozenset[str]) -> HouseholdEvent:
    """A history entry whose text names none of the ``hidden`` tags (a move-out lists the
    tags it ended): each label reads 「内容保密」."""
    text = without_labels(event.detail, hidden)
    return event if text == event.detail else dataclasses.replace(event, detail=text)


def without_labels(text: str, hidden: frozenset[str]) -> str:
    """``text`` with the label of each ``hidden`` person tag read as 「内容保密」."""
    for code in hidden:
        entry = codes.table("person_tag").get(code)
        if entry is not None and entry.label in text:
            text = text.replace(entry.label, confidential_text())
    return text


def tag_filter(store: Store) -> frozenset[str]:
    """The tag codes the current role may not see (empty when it sees them all)."""
    return frozenset() if sees_focus_tags(store) else focus_tags()


# --- numbers --------------------------------------------------------------------------------


def _masked_field(name: str, value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if name.endswith("id_number"):
        return mask_id_number(value)
    if name.endswith("phone"):
        return mask_phone(value)
    return value


def mask_numbers(value: T, hidden_tags: frozenset[str] = frozenset(), *, numbers: bool = True) -> T:
    """``value`` (a dataclass, or tuples/lists/dicts of them) with every field named
    ``…id_number`` or ``…phone`` masked (unless ``numbers`` is false), and ``hidden_tags``
    dropped from every ``tags`` field (a tuple or list of tag codes). Other values are
    returned as they are."""
    return _walk(value, hidden_tags, numbers)  # type: ignore[no-any-return]


def _walk(value: Any, hidden: frozenset[str], numbers: bool) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = _walk(old, hidden, numbers)
            if numbers:
                new = _masked_field(f.name, new)
            if f.name == "tags" and hidden and isinstance(new, tuple | list):
                new = type(new)(t for t in new if t not in hidden)
            if new is not old:
                changes[f.name] = new
        if numbers and _is_number_change(value):
            name = str(getattr(value, "field", ""))
            changes["before"] = _masked_field(name, getattr(value, "before", ""))
            changes["after"] = _masked_field(name, getattr(value, "after", ""))
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = tuple(_walk(v, hidden, numbers) for v in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, list):
        return [_walk(v, hidden, numbers) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, hidden, numbers) for k, v in value.items()}
    return value


def _is_number_change(value: Any) -> bool:
    """A month-close FieldChange of an ID number or phone (before/after are its values)."""
    name = getattr(value, "field", None)
    return (
        isinstance(name, str)
        and hasattr(value, "before")
        and hasattr(value, "after")
        and (name.endswith("id_number") or name.endswith("phone"))
    )
