"""Register actions on households: 迁入/出生, 迁出, 死亡, 分户, 变更户主, tags with periods.

Each public method is ONE user action: it checks everything first and refuses with a
:class:`~gridapp.models.errors.ValidationError` (nothing written), or runs as one
:meth:`Store.write` — one audit entry, an outbox entry for every changed row (an update
carries ``{field: {old, new}}``, so the former status, relation and household stay on
record), a ``household_event`` row with a readable detail, the search index and the stored
household summary kept in step. Nothing is overwritten without that history.

Rules where the issue was silent (``docs/register-actions.md``):

- A person who moves out or dies stays in the household's member rows with status 迁出/死亡
  and the date; their tags that run beyond that date end on it. A tag runs from its start
  date up to and including its end date; the same tag cannot run twice on one day.
- The head (户主) cannot move out or die while other active members remain: change the head
  first. When the last active member leaves, the household stays, with no active members;
  whoever joins it next must join as its head.
- 分户 takes members who are not the head; at least one member stays behind.
- A person on record who moved out and comes back (迁回) is the same row made current again
  (:meth:`RegisterActions.return_member`), never a second row with the same ID number.
- A household that changes to a grid of another village takes its rows with it: the
  ``area_code`` (sync scope) of the household, its members, their tags, its tags and its
  history follow the new grid, and the members' grid follows the household's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models import codes
from gridapp.models.access import Permission
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import MSG_FUTURE_DATE, FieldSpec, clean_fields
from gridapp.models.household import (
    HEAD_RELATION,
    Household,
    HouseholdEvent,
    HouseholdTag,
    Person,
    PersonTag,
)
from gridapp.models.places import village_of
from gridapp.models.register import (
    DERIVED,
    HOUSEHOLD_FIELDS,
    clean_person_fields,
    validated_household,
    validated_person,
)
from gridapp.store import household_list, masking, search
from gridapp.store.access import AccessDenied
from gridapp.store.bulk import insert_records, update_record
from gridapp.store.db import Capture, Changes, Store
from gridapp.store.errors import NotFoundError
from gridapp.store.households import (
    MSG_HOUSEHOLD_NO_EXISTS,
    MSG_ID_EXISTS,
    HouseholdRepository,
    new_id,
)
from gridapp.store.rows import from_row

ACTIVE = "1"  # person_status 正常
MOVED_OUT = "2"
DEAD = "3"
ADD_KINDS = ("move_in", "birth")

MSG_BEFORE_BIRTH = QT_TRANSLATE_NOOP(
    "Messages", "The date lies before {name}'s date of birth ({birth})."
)
MSG_BEFORE_LAST_CHANGE = QT_TRANSLATE_NOOP(
    "Messages", "The date lies before {name}'s last recorded change ({date})."
)
MSG_NOT_ACTIVE = QT_TRANSLATE_NOOP(
    "Messages", "{name} is no longer registered here (status: {status} since {date})."
)
MSG_HEAD_MUST_STAY = QT_TRANSLATE_NOOP(
    "Messages",
    "{name} is the head (户主) and other members still live in the household: "
    "change the head first (变更户主).",
)
MSG_NOT_MEMBER = QT_TRANSLATE_NOOP("Messages", "{name} is not a member of household {number}.")
MSG_HEAD_EXISTS = QT_TRANSLATE_NOOP(
    "Messages", "The household already has a head ({name}): choose another relation."
)
MSG_MUST_BE_HEAD = QT_TRANSLATE_NOOP(
    "Messages",
    "Nobody lives in the household at present: the person joining it becomes its head (户主).",
)
MSG_UNKNOWN_ACTION = QT_TRANSLATE_NOOP("Messages", "Unknown kind of change “{kind}”.")
MSG_ALREADY_HEAD = QT_TRANSLATE_NOOP("Messages", "{name} is the head already.")
MSG_FORMER_HEAD_RELATION = QT_TRANSLATE_NOOP(
    "Messages", "Choose the new relation of {name}, the former head, to the new head."
)
MSG_ONLY_ONE_HEAD = QT_TRANSLATE_NOOP("Messages", "Only the new head can be 户主.")
MSG_CHOOSE_MEMBERS = QT_TRANSLATE_NOOP("Messages", "Choose the members who form the new household.")
MSG_SOMEONE_STAYS = QT_TRANSLATE_NOOP(
    "Messages",
    "At least one member must stay in household {number}. To give the whole household a "
    "new number, edit the household instead.",
)
MSG_HEAD_CANNOT_SPLIT = QT_TRANSLATE_NOOP(
    "Messages",
    "{name} is the head of household {number} and cannot leave with the new household: "
    "change the head first (变更户主).",
)
MSG_NEW_HEAD_AMONG_CHOSEN = QT_TRANSLATE_NOOP(
    "Messages", "The head of the new household must be one of the members who leave."
)
MSG_END_BEFORE_START = QT_TRANSLATE_NOOP(
    "Messages", "The end date lies before the start date ({start})."
)
MSG_TAG_OVERLAPS = QT_TRANSLATE_NOOP(
    "Messages", "The tag “{tag}” already runs in this period (since {start})."
)
MSG_TAG_ENDED = QT_TRANSLATE_NOOP("Messages", "This tag has ended already ({end}).")
MSG_ID_MOVED_OUT = QT_TRANSLATE_NOOP(
    "Messages",
    "This ID number is on record: {name}, moved out on {date}. Bring {name} back (迁回) "
    "instead of registering the person a second time.",
)
MSG_NOT_MOVED_OUT = QT_TRANSLATE_NOOP(
    "Messages",
    "{name} has not moved out (status: {status}): only a person who moved out can be brought back.",
)

# Event details: written in the user's language at the time of the action (like a paper
# ledger), so the history reads the same on every screen and report. Follow-on sentences
# start with a space in English; the Chinese ones need none.
EVT_MOVE_IN = QT_TRANSLATE_NOOP("Messages", "{name} moved in ({relation}).")
EVT_BIRTH = QT_TRANSLATE_NOOP("Messages", "{name} was born ({relation}).")
EVT_RETURN = QT_TRANSLATE_NOOP(
    "Messages",
    "{name} moved back in ({relation}); had moved out of household {number} on {date}.",
)
EVT_MOVE_OUT = QT_TRANSLATE_NOOP(
    "Messages", "{name} moved out to {destination} (was {relation}, status {status})."
)
EVT_DEATH = QT_TRANSLATE_NOOP("Messages", "{name} died (was {relation}, status {status}).")
EVT_TAGS_ENDED = QT_TRANSLATE_NOOP("Messages", " Tags ended: {tags}.")
EVT_HEAD_CHANGE = QT_TRANSLATE_NOOP("Messages", "Head changed from {old} to {new}.")
EVT_HEAD_FIRST = QT_TRANSLATE_NOOP("Messages", "{new} became the head.")
EVT_RELATIONS = QT_TRANSLATE_NOOP("Messages", " Relations changed: {changes}.")
EVT_RELATION = QT_TRANSLATE_NOOP("Messages", "{name} {old} → {new}")
EVT_SPLIT_OUT = QT_TRANSLATE_NOOP(
    "Messages", "{names} left to form household {number} (head {head})."
)
EVT_SPLIT_IN = QT_TRANSLATE_NOOP(
    "Messages", "Split from household {number}: {names} (head {head})."
)
EVT_NOTE = QT_TRANSLATE_NOOP("Messages", " Note: {note}")
LIST_SEPARATOR = QT_TRANSLATE_NOOP("Messages", ", ")
NO_VALUE = QT_TRANSLATE_NOOP("Messages", "(none)")

# Fields a returning person's record gets from the action itself, never from ``values``.
RETURN_FIXED = frozenset(
    {
        "id",
        "id_number",
        "household_id",
        "relation",
        "status",
        "status_date",
        "area_code",
        "grid_code",
        "version",
        *DERIVED,
    }
)

DESTINATION = FieldSpec("destination", "", "text", max_len=200, required=True)
DETAIL = FieldSpec("detail", "", "text", max_len=500, multiline=True)
NOTE = FieldSpec("note", "", "text", max_len=500, multiline=True)


def _label(table: str, code: str) -> str:
    entry = codes.table(table).get(code)
    return entry.label if entry is not None else (code or tr(NO_VALUE))


def _join(parts: Iterable[str]) -> str:
    return tr(LIST_SEPARATOR).join(parts)


def _fail(field: str, message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field, message, params)])


class RegisterActions:
    """The household register's actions (see the module docstring); one per store.

    ``today`` fixes "today" for tests; otherwise the PC's date is used.
    """

    def __init__(self, store: Store, today: Callable[[], date] | None = None) -> None:
        self.store = store
        self.conn = store.conn
        self.repo = HouseholdRepository(store)
        self.today = today or date.today

    # --- reading (for the dialogs) ----------------------------------------------------------

    def active_members(self, household_id: str) -> list[Person]:
        """Members with status 正常, head first."""
        members = [m for m in self.repo.members(household_id) if m.status == ACTIVE]
        return sorted(members, key=lambda m: (not m.is_head, m.relation, m.birth_date or date.min))

    def person_tags(self, person_id: str) -> list[PersonTag]:
        return self.repo.person_tags(person_id)

    def household_tags(self, household_id: str) -> list[HouseholdTag]:
        return self.repo.household_tags(household_id)

    # --- the household's own fields -----------------------------------------------------------

    def update_household(self, household_id: str, values: dict[str, Any]) -> Changes:
        """Change fields of a household (number, address, grid, kind, 人户一致, note)."""
        current = self.repo.get_household(household_id)
        cleaned = clean_fields(HOUSEHOLD_FIELDS, values)
        number = cleaned.get("household_no")
        if number and number != current.household_no:
            other = self.repo.household_by_no(number)
            if other is not None:
                raise _fail("household_no", MSG_HOUSEHOLD_NO_EXISTS, number=number)
        grid = cleaned.get("grid_code", current.grid_code)
        if grid != current.grid_code and grid:
            # The household's sync scope is the village of its grid (as when it was created).
            cleaned["area_code"] = village_of(str(grid))
        with self.store.write(
            "update household", table="household", row_id=household_id
        ) as capture:
            diff = self._update(capture, "household", current, cleaned)
            if "address" in diff:
                search.reindex_household(self.conn, household_id)
            if "grid_code" in diff:
                area = str(diff["area_code"][1]) if "area_code" in diff else None
                self._follow_household(capture, household_id, str(grid), area)
            return capture.changes

    def _follow_household(
        self, capture: Capture, household_id: str, grid: str, area: str | None
    ) -> None:
        """The household's rows follow its new grid: every member's grid (current and
        former: the record stays together), and when the village changed, the area code of
        the members, their tags, the household's tags and its history."""
        members = self.repo.members(household_id)
        for member in members:
            values: dict[str, Any] = {"grid_code": grid}
            if area:
                values["area_code"] = area
            self._update(capture, "person", member, values)
        if not area:
            return
        for member in members:
            for tag in self.repo.person_tags(member.id, every=True):
                self._update(capture, "person_tag", tag, {"area_code": area})
        for htag in self.repo.household_tags(household_id):
            self._update(capture, "household_tag", htag, {"area_code": area})
        for event in self.repo.events(household_id):
            self._update(capture, "household_event", event, {"area_code": area})

    # --- 迁入 / 出生 ------------------------------------------------------------------------

    def add_member(
        self, household_id: str, person: Person, kind: str, event_date: date, detail: str = ""
    ) -> Changes:
        """A person joins a household: 迁入 (``kind="move_in"``) or 出生 (``"birth"``)."""
        household = self.repo.get_household(household_id)
        errors: list[FieldError] = []
        if kind not in ADD_KINDS:
            errors.append(FieldError("kind", MSG_UNKNOWN_ACTION, {"kind": kind}))
        try:
            person = validated_person(person, self.today())
        except ValidationError as exc:
            errors.extend(exc.errors)
        note = self._clean_detail(detail, errors)
        errors += self._date_errors(event_date, [person])
        other = self.repo.person_by_id_number(person.id_number)
        if other is not None and other.status == MOVED_OUT:
            # On record and gone: bring that record back (return_member), never a second one.
            errors.append(
                FieldError(
                    "id_number",
                    MSG_ID_MOVED_OUT,
                    {"name": other.name, "date": other.status_date or tr(NO_VALUE)},
                )
            )
        elif other is not None:
            errors.append(FieldError("id_number", MSG_ID_EXISTS, {"name": other.name}))
        errors += self._relation_errors(household_id, person.relation)
        if errors:
            raise ValidationError(errors)
        person = replace(
            person,
            household_id=household_id,
            status=ACTIVE,
            status_date=event_date,
            area_code=person.area_code or household.area_code,
            grid_code=person.grid_code or household.grid_code,
        )
        text = tr(
            EVT_MOVE_IN if kind == "move_in" else EVT_BIRTH,
            name=person.name,
            relation=_label("relation", person.relation),
        )
        with self.store.write(kind.replace("_", " "), table="person", row_id=person.id) as capture:
            rows = insert_records(capture, "person", [person])
            search.index_persons(self.conn, rows)
            self._event(capture, household, kind, event_date, person.id, text, note)
            self._summary(capture, household_id)
            return capture.changes

    def return_member(
        self,
        household_id: str,
        person_id: str,
        event_date: date,
        relation: str,
        detail: str = "",
        values: dict[str, Any] | None = None,
    ) -> Changes:
        """迁入 of a person on record who moved out earlier (迁回): their own row becomes
        current again in ``household_id`` (which may be the household they left or another)
        with ``relation``, status 正常 from ``event_date``, and the household's place and
        grid; ``values`` may update other person fields (a new phone …) in the same action.
        The outbox keeps the former household, relation, status and date; a ``move_in``
        event records the return. Never a second row with the same ID number."""
        household = self.repo.get_household(household_id)
        person = self.repo.get_person(person_id)
        extra = dict(values or {})
        fixed = RETURN_FIXED & extra.keys()
        if fixed:
            raise ValueError(f"return_member sets these itself: {sorted(fixed)}")
        errors: list[FieldError] = []
        if person.status != MOVED_OUT:
            errors.append(
                FieldError(
                    "id_number",
                    MSG_NOT_MOVED_OUT,
                    {"name": person.name, "status": _label("person_status", person.status)},
                )
            )
        try:
            cleaned = clean_person_fields({**extra, "relation": relation}, self.today())
        except ValidationError as exc:
            errors.extend(exc.errors)
            cleaned = {"relation": relation}
        note = self._clean_detail(detail, errors)
        errors += self._date_errors(event_date, [person])
        errors += self._relation_errors(household_id, str(cleaned.get("relation") or ""))
        if errors:
            raise ValidationError(errors)
        former = self._former_household_no(person.household_id)
        text = tr(
            EVT_RETURN,
            name=cleaned.get("name") or person.name,
            relation=_label("relation", str(cleaned["relation"])),
            number=former or tr(NO_VALUE),
            date=person.status_date or tr(NO_VALUE),
        )
        update = {
            **cleaned,
            "household_id": household_id,
            "status": ACTIVE,
            "status_date": event_date,
            "area_code": household.area_code or person.area_code,
            "grid_code": household.grid_code or person.grid_code,
        }
        with self.store.write("move back in", table="person", row_id=person_id) as capture:
            self._update(capture, "person", person, update)
            search.reindex_person(self.conn, person_id)
            self._event(capture, household, "move_in", event_date, person_id, text, note)
            self._summary(capture, household_id)
            if person.household_id and person.household_id != household_id:
                self._summary(capture, person.household_id)
            return capture.changes

    def _relation_errors(self, household_id: str, relation: str) -> list[FieldError]:
        """A person joining: no second 户主; the first to join an empty household is 户主."""
        head = self._head(household_id)
        if relation == HEAD_RELATION and head is not None:
            return [FieldError("relation", MSG_HEAD_EXISTS, {"name": head.name})]
        if relation != HEAD_RELATION and head is None:
            return [FieldError("relation", MSG_MUST_BE_HEAD)]
        return []

    def _former_household_no(self, household_id: str | None) -> str:
        if not household_id:
            return ""
        try:
            return self.repo.get_household(household_id).household_no
        except NotFoundError:
            return ""

    # --- 迁出 / 死亡 ------------------------------------------------------------------------

    def move_out(
        self, person_id: str, event_date: date, destination: str, detail: str = ""
    ) -> Changes:
        """迁出: status 迁出 with its date; the person stays on the household's record."""
        errors: list[FieldError] = []
        try:
            where = clean_fields({"destination": DESTINATION}, {"destination": destination})
        except ValidationError as exc:
            errors.extend(exc.errors)
            where = {"destination": destination}
        return self._leave(
            person_id, event_date, detail, MOVED_OUT, "move_out", errors, where["destination"]
        )

    def record_death(self, person_id: str, event_date: date, detail: str = "") -> Changes:
        """死亡: status 死亡 with its date; the person stays on the household's record."""
        return self._leave(person_id, event_date, detail, DEAD, "death", [], "")

    def _leave(
        self,
        person_id: str,
        event_date: date,
        detail: str,
        status: str,
        kind: str,
        errors: list[FieldError],
        destination: str,
    ) -> Changes:
        person = self.repo.get_person(person_id)
        note = self._clean_detail(detail, errors)
        errors += self._active_errors(person)
        errors += self._date_errors(event_date, [person])
        household_id = person.household_id or ""
        if person.is_head and person.status == ACTIVE:
            others = [m for m in self.active_members(household_id) if m.id != person.id]
            if others:
                errors.append(FieldError("person_id", MSG_HEAD_MUST_STAY, {"name": person.name}))
        if errors:
            raise ValidationError(errors)
        household = self.repo.get_household(household_id)
        open_tags = [
            t
            for t in self.repo.person_tags(person_id, every=True)
            if self._runs_beyond(t, event_date)
            and (t.start_date is None or t.start_date <= event_date)
        ]
        params = {
            "name": person.name,
            "relation": _label("relation", person.relation),
            "status": _label("person_status", person.status),
        }
        if kind == "move_out":
            text = tr(EVT_MOVE_OUT, destination=destination, **params)
        else:
            text = tr(EVT_DEATH, **params)
        if open_tags:
            labels = _join(_label("person_tag", t.tag) for t in open_tags)
            text += tr(EVT_TAGS_ENDED, tags=labels)
        with self.store.write(kind.replace("_", " "), table="person", row_id=person_id) as capture:
            self._update(capture, "person", person, {"status": status, "status_date": event_date})
            for tag in open_tags:
                self._update(capture, "person_tag", tag, {"end_date": event_date})
            self._event(capture, household, kind, event_date, person_id, text, note)
            self._summary(capture, household_id)
            return capture.changes

    # --- 变更户主 -----------------------------------------------------------------------------

    def change_head(
        self,
        household_id: str,
        new_head_id: str,
        event_date: date,
        relations: dict[str, str],
    ) -> Changes:
        """变更户主: ``new_head_id`` becomes 户主; ``relations`` (person id -> relation code or
        label) re-relates members to the new head and MUST give the former head a relation."""
        household = self.repo.get_household(household_id)
        members = {m.id: m for m in self.active_members(household_id)}
        new_head = members.get(new_head_id)
        if new_head is None:
            raise self._not_member_error("new_head_id", new_head_id, household)
        errors = self._date_errors(event_date, [new_head])
        old_head = self._head(household_id)
        if old_head is not None and old_head.id == new_head_id:
            errors.append(FieldError("new_head_id", MSG_ALREADY_HEAD, {"name": new_head.name}))
        wanted = self._relation_changes(relations, members, {new_head_id}, household, errors)
        if old_head is not None and old_head.id != new_head_id and old_head.id not in wanted:
            errors.append(
                FieldError(
                    f"relation.{old_head.id}", MSG_FORMER_HEAD_RELATION, {"name": old_head.name}
                )
            )
        if errors:
            raise ValidationError(errors)
        wanted[new_head_id] = HEAD_RELATION
        if old_head is None:
            text = tr(EVT_HEAD_FIRST, new=new_head.name)
        else:
            text = tr(EVT_HEAD_CHANGE, old=old_head.name, new=new_head.name)
        text += self._relations_text(members, wanted, skip={new_head_id})
        with self.store.write("change head", table="household", row_id=household_id) as capture:
            for person_id, relation in wanted.items():
                self._update(capture, "person", members[person_id], {"relation": relation})
            self._event(capture, household, "head_change", event_date, new_head_id, text, "")
            self._summary(capture, household_id)
            return capture.changes

    # --- 分户 -------------------------------------------------------------------------------

    def split_household(
        self,
        household_id: str,
        person_ids: list[str],
        new_household: Household,
        new_head_id: str,
        event_date: date,
        relations: dict[str, str],
    ) -> Changes:
        """分户: ``person_ids`` leave ``household_id`` to form ``new_household`` with
        ``new_head_id`` as its head; ``relations`` relate the others to that head (members
        not named keep their relation). The head of the old household cannot leave."""
        old = self.repo.get_household(household_id)
        members = {m.id: m for m in self.active_members(household_id)}
        errors: list[FieldError] = []
        chosen = list(dict.fromkeys(person_ids))
        for person_id in chosen:
            if person_id not in members:
                errors += self._not_member_error("person_ids", person_id, old).errors
        leaving = [members[p] for p in chosen if p in members]
        if not chosen:
            errors.append(FieldError("person_ids", MSG_CHOOSE_MEMBERS))
        elif len(leaving) == len(members):
            errors.append(FieldError("person_ids", MSG_SOMEONE_STAYS, {"number": old.household_no}))
        else:
            for person in leaving:
                if person.is_head:
                    errors.append(
                        FieldError(
                            "person_ids",
                            MSG_HEAD_CANNOT_SPLIT,
                            {"name": person.name, "number": old.household_no},
                        )
                    )
        if new_head_id not in chosen:
            errors.append(FieldError("new_head_id", MSG_NEW_HEAD_AMONG_CHOSEN))
        errors += self._date_errors(event_date, leaving)
        household = replace(
            new_household,
            id=new_household.id or new_id(),
            area_code=new_household.area_code or old.area_code,
            grid_code=new_household.grid_code or old.grid_code,
        )
        try:
            household = validated_household(household)
        except ValidationError as exc:
            errors.extend(exc.errors)
        if household.household_no and self.repo.household_by_no(household.household_no):
            errors.append(
                FieldError(
                    "household_no", MSG_HOUSEHOLD_NO_EXISTS, {"number": household.household_no}
                )
            )
        leaving_ids = {p.id for p in leaving}
        wanted = self._relation_changes(
            {k: v for k, v in relations.items() if k in leaving_ids},
            {p.id: p for p in leaving},
            {new_head_id},
            old,
            errors,
        )
        if errors:
            raise ValidationError(errors)
        head = members[new_head_id]
        names = _join(p.name for p in leaving)
        moves = {
            p.id: {
                "household_id": household.id,
                "relation": HEAD_RELATION if p.id == new_head_id else wanted.get(p.id, p.relation),
                "grid_code": household.grid_code or p.grid_code,
            }
            for p in leaving
        }
        relation_text = self._relations_text(
            members, {p: m["relation"] for p, m in moves.items()}, skip=set()
        )
        out_text = tr(EVT_SPLIT_OUT, names=names, number=household.household_no, head=head.name)
        in_text = tr(EVT_SPLIT_IN, names=names, number=old.household_no, head=head.name)
        with self.store.write("split household", table="household", row_id=old.id) as capture:
            rows = insert_records(capture, "household", [household])
            search.index_households(self.conn, rows)
            for person in leaving:
                self._update(capture, "person", person, moves[person.id])
            self._event(capture, old, "split", event_date, new_head_id, out_text, "")
            self._event(
                capture, household, "split", event_date, new_head_id, in_text + relation_text, ""
            )
            self._summary(capture, old.id)
            self._summary(capture, household.id)
            return capture.changes

    # --- tags -------------------------------------------------------------------------------

    def add_person_tag(
        self,
        person_id: str,
        tag: str,
        start_date: date,
        end_date: date | None = None,
        note: str = "",
    ) -> Changes:
        """A special-group tag on a person for a period (end date optional)."""
        person = self.repo.get_person(person_id)
        errors = self._active_errors(person)
        code, text = self._tag_fields("person_tag", tag, start_date, end_date, note, errors)
        if code in masking.tag_filter(self.store):
            raise AccessDenied(Permission.SEE_FOCUS_TAGS)  # a 重点管理 tag (issue #8)
        errors += self._person_date_errors(start_date, [person], "start_date", last_change=False)
        if code:
            errors += self._overlap_errors(
                self.repo.person_tags(person_id), code, "person_tag", start_date, end_date
            )
        if errors:
            raise ValidationError(errors)
        row = PersonTag(
            new_id(), person_id, code, start_date, end_date, text, area_code=person.area_code
        )
        with self.store.write("add person tag", table="person_tag", row_id=row.id) as capture:
            insert_records(capture, "person_tag", [row])
            return capture.changes

    def end_person_tag(self, tag_id: str, end_date: date) -> Changes:
        """End a person's tag on ``end_date`` (a 重点管理 tag only with the right to see it)."""
        hidden = masking.tag_filter(self.store)
        if hidden and self.store.query(
            f"SELECT 1 FROM person_tag WHERE id = ? AND tag IN ({','.join('?' * len(hidden))})",
            (tag_id, *sorted(hidden)),
        ):
            raise AccessDenied(Permission.SEE_FOCUS_TAGS)
        return self._end_tag("person_tag", PersonTag, tag_id, end_date)

    def add_household_tag(
        self,
        household_id: str,
        tag: str,
        start_date: date,
        end_date: date | None = None,
        note: str = "",
    ) -> Changes:
        """A household attribute tag (低保户 …) for a period (end date optional)."""
        household = self.repo.get_household(household_id)
        errors: list[FieldError] = []
        code, text = self._tag_fields("household_tag", tag, start_date, end_date, note, errors)
        if code:
            errors += self._overlap_errors(
                self.repo.household_tags(household_id), code, "household_tag", start_date, end_date
            )
        if errors:
            raise ValidationError(errors)
        row = HouseholdTag(
            new_id(), household_id, code, start_date, end_date, text, household.area_code
        )
        with self.store.write("add household tag", table="household_tag", row_id=row.id) as capture:
            insert_records(capture, "household_tag", [row])
            return capture.changes

    def end_household_tag(self, tag_id: str, end_date: date) -> Changes:
        """End a household's tag on ``end_date``."""
        return self._end_tag("household_tag", HouseholdTag, tag_id, end_date)

    def _end_tag(
        self, table: str, cls: type[PersonTag] | type[HouseholdTag], tag_id: str, end_date: date
    ) -> Changes:
        rows = self.store.query(f"SELECT * FROM {table} WHERE id = ? AND deleted = 0", (tag_id,))
        if not rows:
            raise NotFoundError(what=tag_id)
        tag = from_row(cls, rows[0])
        errors = self._future_errors(end_date, "end_date")
        if tag.end_date is not None and tag.end_date <= self.today():
            errors.append(FieldError("end_date", MSG_TAG_ENDED, {"end": tag.end_date}))
        if tag.start_date is not None and end_date < tag.start_date:
            errors.append(FieldError("end_date", MSG_END_BEFORE_START, {"start": tag.start_date}))
        if errors:
            raise ValidationError(errors)
        with self.store.write(f"end {table.replace('_', ' ')}", table=table, row_id=tag_id) as c:
            self._update(c, table, tag, {"end_date": end_date})
            return c.changes

    # --- checks ------------------------------------------------------------------------------

    def _future_errors(self, value: date, field: str) -> list[FieldError]:
        return [FieldError(field, MSG_FUTURE_DATE)] if value > self.today() else []

    def _date_errors(
        self, event_date: date, persons: Iterable[Person], field: str = "event_date"
    ) -> list[FieldError]:
        """The date is not in the future, nor before a person's birth or last change."""
        return self._future_errors(event_date, field) + self._person_date_errors(
            event_date, persons, field
        )

    def _person_date_errors(
        self, event_date: date, persons: Iterable[Person], field: str, last_change: bool = True
    ) -> list[FieldError]:
        errors: list[FieldError] = []
        for person in persons:
            if person.birth_date is not None and event_date < person.birth_date:
                errors.append(
                    FieldError(
                        field, MSG_BEFORE_BIRTH, {"name": person.name, "birth": person.birth_date}
                    )
                )
            elif last_change and person.status_date and event_date < person.status_date:
                errors.append(
                    FieldError(
                        field,
                        MSG_BEFORE_LAST_CHANGE,
                        {"name": person.name, "date": person.status_date},
                    )
                )
        return errors

    def _active_errors(self, person: Person) -> list[FieldError]:
        if person.status == ACTIVE:
            return []
        return [
            FieldError(
                "person_id",
                MSG_NOT_ACTIVE,
                {
                    "name": person.name,
                    "status": _label("person_status", person.status),
                    "date": person.status_date or tr(NO_VALUE),
                },
            )
        ]

    def _not_member_error(
        self, field: str, person_id: str, household: Household
    ) -> ValidationError:
        try:
            person = self.repo.get_person(person_id)
        except NotFoundError:
            name = person_id
        else:
            if person.household_id == household.id and person.status != ACTIVE:
                return ValidationError([replace(self._active_errors(person)[0], field=field)])
            name = person.name
        return _fail(field, MSG_NOT_MEMBER, name=name, number=household.household_no)

    def _head(self, household_id: str) -> Person | None:
        heads = [m for m in self.active_members(household_id) if m.is_head]
        return heads[0] if heads else None

    def _clean_detail(self, detail: str, errors: list[FieldError]) -> str:
        try:
            return str(clean_fields({"detail": DETAIL}, {"detail": detail})["detail"])
        except ValidationError as exc:
            errors.extend(exc.errors)
            return ""

    def _relation_changes(
        self,
        relations: dict[str, str],
        members: dict[str, Person],
        heads: set[str],
        household: Household,
        errors: list[FieldError],
    ) -> dict[str, str]:
        """Resolve ``relations`` (id -> code or label) for ``members``; only changes kept."""
        spec = FieldSpec("relation", "", "code", table="relation", required=True)
        wanted: dict[str, str] = {}
        for person_id, raw in relations.items():
            field = f"relation.{person_id}"
            if person_id in heads:
                continue
            if person_id not in members:
                errors += self._not_member_error(field, person_id, household).errors
                continue
            try:
                code = str(clean_fields({"relation": spec}, {"relation": raw})["relation"])
            except ValidationError as exc:
                errors += [replace(e, field=field) for e in exc.errors]
                continue
            if code == HEAD_RELATION:
                errors.append(FieldError(field, MSG_ONLY_ONE_HEAD))
            elif code != members[person_id].relation:
                wanted[person_id] = code
        return wanted

    def _relations_text(
        self, members: dict[str, Person], wanted: dict[str, str], skip: set[str]
    ) -> str:
        changes = [
            tr(
                EVT_RELATION,
                name=members[p].name,
                old=_label("relation", members[p].relation),
                new=_label("relation", code),
            )
            for p, code in wanted.items()
            if p not in skip and code != members[p].relation
        ]
        return tr(EVT_RELATIONS, changes=_join(changes)) if changes else ""

    def _tag_fields(
        self,
        table: str,
        tag: str,
        start_date: date,
        end_date: date | None,
        note: str,
        errors: list[FieldError],
    ) -> tuple[str, str]:
        """The tag code and cleaned note; collects errors on tag, dates and note."""
        specs = {"tag": FieldSpec("tag", "", "code", table=table, required=True), "note": NOTE}
        try:
            cleaned = clean_fields(specs, {"tag": tag, "note": note})
        except ValidationError as exc:
            errors.extend(exc.errors)
            cleaned = {"tag": "", "note": ""}
        if start_date > self.today():
            errors.append(FieldError("start_date", MSG_FUTURE_DATE))
        if end_date is not None and end_date < start_date:
            errors.append(FieldError("end_date", MSG_END_BEFORE_START, {"start": start_date}))
        return str(cleaned.get("tag") or ""), str(cleaned.get("note") or "")

    def _overlap_errors(
        self,
        tags: Iterable[PersonTag | HouseholdTag],
        code: str,
        table: str,
        start: date,
        end: date | None,
    ) -> list[FieldError]:
        """The same tag may not run twice on any day (both dates belong to the period)."""
        for existing in tags:
            if existing.tag != code:
                continue
            if (existing.end_date is None or start <= existing.end_date) and (
                end is None or existing.start_date is None or existing.start_date <= end
            ):
                return [
                    FieldError(
                        "tag",
                        MSG_TAG_OVERLAPS,
                        {"tag": _label(table, code), "start": existing.start_date or ""},
                    )
                ]
        return []

    @staticmethod
    def _runs_beyond(tag: PersonTag | HouseholdTag, day: date) -> bool:
        """The tag still runs after ``day`` (no end date, or a later one): a tag runs up to
        and including its end date."""
        return tag.end_date is None or tag.end_date > day

    # --- writing -----------------------------------------------------------------------------

    def _update(
        self, capture: Capture, table: str, current: Any, values: dict[str, Any]
    ) -> dict[str, tuple[Any, Any]]:
        """Update the changed fields of one row, with its outbox entry; returns the diff."""
        return update_record(capture, table, current, values)

    def _event(
        self,
        capture: Capture,
        household: Household,
        kind: str,
        event_date: date,
        person_id: str | None,
        text: str,
        note: str,
    ) -> None:
        if note:
            text += tr(EVT_NOTE, note=note)
        event = HouseholdEvent(
            new_id(), household.id, kind, event_date, person_id, text, household.area_code
        )
        insert_records(capture, "household_event", [event])

    def _summary(self, capture: Capture, household_id: str) -> None:
        """Keep the list's stored head name (the active head's) and member count (current
        members) in step, and say so."""
        household_list.refresh_summary(self.conn, household_id)
        capture.changes.add("household", household_id)
