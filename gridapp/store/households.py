"""The household register repository: households, their members, tags and history.

All SQL for these tables lives here. Every write runs inside :meth:`Store.write`, so each
changed row gets its outbox entry and each user action its audit entry in the same
transaction; the search index is kept in step in that transaction too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.access import Permission
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.household import Household, HouseholdEvent, HouseholdTag, Person, PersonTag
from gridapp.models.register import (
    clean_person_fields,
    member_errors,
    validated_household,
    validated_person,
)
from gridapp.store import household_list, masking, search
from gridapp.store.access import AccessDenied, require
from gridapp.store.bulk import insert_records
from gridapp.store.db import Capture, Changes, Store
from gridapp.store.errors import NotFoundError
from gridapp.store.household_list import HouseholdFilter, HouseholdRow
from gridapp.store.rows import from_row, to_row

MSG_ID_EXISTS = QT_TRANSLATE_NOOP("Messages", "This ID number is already registered ({name}).")
MSG_HOUSEHOLD_NO_EXISTS = QT_TRANSLATE_NOOP(
    "Messages", "Household number {number} is already registered."
)


# Person fields that change a household's stored head name / member count (schema 4).
SUMMARY_FIELDS = frozenset({"name", "relation", "household_id", "status"})


UNMASK_ACTION = "unmask"  # the audit entry of showing one person's numbers in full (issue #8)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class HouseholdBundle:
    """A household with everything that is created together with it."""

    household: Household
    members: list[Person]
    person_tags: list[PersonTag] = field(default_factory=list)
    household_tags: list[HouseholdTag] = field(default_factory=list)


class HouseholdRepository:
    """Reads and writes the household register of one :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # --- reading -----------------------------------------------------------------------

    def get_person(self, person_id: str) -> Person:
        rows = self.store.query("SELECT * FROM person WHERE id = ? AND deleted = 0", (person_id,))
        if not rows:
            raise NotFoundError(what=person_id)
        return from_row(Person, rows[0])

    def person_by_id_number(self, id_number: str) -> Person | None:
        rows = self.store.query(
            "SELECT * FROM person WHERE id_number = ? AND deleted = 0", (id_number,)
        )
        return from_row(Person, rows[0]) if rows else None

    def get_household(self, household_id: str) -> Household:
        rows = self.store.query(
            "SELECT * FROM household WHERE id = ? AND deleted = 0", (household_id,)
        )
        if not rows:
            raise NotFoundError(what=household_id)
        return from_row(Household, rows[0])

    def household_by_no(self, household_no: str) -> Household | None:
        rows = self.store.query(
            "SELECT * FROM household WHERE household_no = ? AND deleted = 0", (household_no,)
        )
        return from_row(Household, rows[0]) if rows else None

    def members(self, household_id: str) -> list[Person]:
        rows = self.store.query(
            "SELECT * FROM person WHERE household_id = ? AND deleted = 0"
            " ORDER BY relation, birth_date",
            (household_id,),
        )
        return [from_row(Person, r) for r in rows]

    def person_tags(self, person_id: str, *, every: bool = False) -> list[PersonTag]:
        """The person's tags (all periods) the role may see: 重点管理 tags only with
        ``Permission.SEE_FOCUS_TAGS``. ``every``: all of them, for the register's own
        writes (a move-out ends every running tag), never shown."""
        rows = self.store.query(
            "SELECT * FROM person_tag WHERE person_id = ? AND deleted = 0 ORDER BY start_date",
            (person_id,),
        )
        hidden = frozenset() if every else masking.tag_filter(self.store)
        return [from_row(PersonTag, r) for r in rows if r["tag"] not in hidden]

    def unmask_person(self, person_id: str) -> tuple[str, str]:
        """The person's full ID number and phone: an explicit action, refused without
        ``Permission.UNMASK`` and written to the audit log (``unmask``: who, which person)."""
        require(self.store, Permission.UNMASK)
        person = self.get_person(person_id)
        detail = {"what": "person", "name": person.name}
        masking.log_action(self.store, UNMASK_ACTION, detail, table="person", row_id=person_id)
        return person.id_number, person.phone

    def household_tags(self, household_id: str) -> list[HouseholdTag]:
        rows = self.store.query(
            "SELECT * FROM household_tag WHERE household_id = ? AND deleted = 0"
            " ORDER BY start_date",
            (household_id,),
        )
        return [from_row(HouseholdTag, r) for r in rows]

    def events(self, household_id: str) -> list[HouseholdEvent]:
        """The household's history (变动记录), oldest first; same-day entries in entry order."""
        rows = self.store.query(
            "SELECT * FROM household_event WHERE household_id = ? AND deleted = 0"
            " ORDER BY event_date, created_at, rowid",
            (household_id,),
        )
        return [from_row(HouseholdEvent, r) for r in rows]

    def existing_id_numbers(self, numbers: Iterable[str]) -> dict[str, str]:
        """Which of ``numbers`` are registered already: id_number -> name."""
        found: dict[str, str] = {}
        batch: list[str] = []

        def flush() -> None:
            marks = ",".join("?" for _ in batch)
            for number, name in self.conn.execute(
                f"SELECT id_number, name FROM person WHERE deleted = 0 AND id_number IN ({marks})",
                batch,
            ):
                found[number] = name
            batch.clear()

        for number in numbers:
            batch.append(number)
            if len(batch) >= 500:
                flush()
        if batch:
            flush()
        return found

    def existing_household_nos(self, numbers: Iterable[str]) -> set[str]:
        wanted = list(numbers)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" for _ in chunk)
            found.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT household_no FROM household WHERE deleted = 0"
                    f" AND household_no IN ({marks})",
                    chunk,
                )
            )
        return found

    def iter_households(self, batch: int = 1000) -> Iterator[tuple[Household, list[Person]]]:
        """Every household with its members, in household-number order, a batch at a time."""
        for household, members, _tags in self.iter_households_with_tags(batch, tags=False):
            yield household, members

    def iter_households_with_tags(
        self, batch: int = 1000, tags: bool = True
    ) -> Iterator[tuple[Household, list[Person], dict[str, list[PersonTag]]]]:
        """Like :meth:`iter_households`, plus each member's tags (3 queries per batch; no
        重点管理 tags without ``Permission.SEE_FOCUS_TAGS``)."""
        hidden = masking.tag_filter(self.store) if tags else frozenset()
        last = ""
        while True:
            rows = self.store.query(
                "SELECT * FROM household WHERE deleted = 0 AND household_no > ?"
                " ORDER BY household_no LIMIT ?",
                (last, batch),
            )
            if not rows:
                return
            ids = [r["id"] for r in rows]
            marks = ",".join("?" for _ in ids)
            members: dict[str, list[Person]] = {i: [] for i in ids}
            for prow in self.store.query(
                f"SELECT * FROM person WHERE deleted = 0 AND household_id IN ({marks})"
                " ORDER BY relation, birth_date, name",
                ids,
            ):
                members[prow["household_id"]].append(from_row(Person, prow))
            by_person: dict[str, list[PersonTag]] = {}
            if tags:
                for trow in self.store.query(
                    "SELECT t.* FROM person_tag t JOIN person p ON p.id = t.person_id"
                    f" WHERE t.deleted = 0 AND p.household_id IN ({marks})"
                    " ORDER BY t.start_date",
                    ids,
                ):
                    if trow["tag"] not in hidden:
                        tag = from_row(PersonTag, trow)
                        by_person.setdefault(trow["person_id"], []).append(tag)
            for row in rows:
                yield from_row(Household, row), members[row["id"]], by_person
            last = rows[-1]["household_no"]

    def stats(self) -> dict[str, int]:
        """Counts for the home page and ``gridapp stats``."""

        def count(sql: str) -> int:
            return int(self.conn.execute(sql).fetchone()[0])

        return {
            "households": count("SELECT count(*) FROM household WHERE deleted = 0"),
            "persons": count("SELECT count(*) FROM person WHERE deleted = 0 AND status = '1'"),
            "persons_all": count("SELECT count(*) FROM person WHERE deleted = 0"),
            "party_members": count("SELECT count(*) FROM party_member WHERE deleted = 0"),
            "petitions": count("SELECT count(*) FROM petition WHERE deleted = 0"),
            "pending_changes": count("SELECT count(*) FROM outbox WHERE state = 'pending'"),
        }

    # --- the household list (keyset pages; see gridapp.store.household_list) ------------

    def count_households(self, flt: HouseholdFilter | None = None) -> int:
        """How many households the list shows under ``flt``."""
        self._check_tag(flt)
        return household_list.count_households(self.conn, flt or HouseholdFilter())

    def household_page(
        self,
        flt: HouseholdFilter | None,
        sort_key: str,
        after: tuple[Any, str] | None,
        limit: int,
        descending: bool = False,
    ) -> list[HouseholdRow]:
        """Up to ``limit`` list rows after the keyset key ``after`` (never OFFSET); no
        重点管理 tags without ``Permission.SEE_FOCUS_TAGS``."""
        self._check_tag(flt)
        rows = household_list.household_page(
            self.conn, flt or HouseholdFilter(), sort_key, after, limit, descending
        )
        hidden = masking.tag_filter(self.store)
        if hidden:
            for row in rows:
                row.tags = [t for t in row.tags if t not in hidden]
        return rows

    def _check_tag(self, flt: HouseholdFilter | None) -> None:
        """Filtering by a 重点管理 tag needs the right to see it (the count alone says who)."""
        if flt is not None and flt.tag and flt.tag in masking.tag_filter(self.store):
            raise AccessDenied(Permission.SEE_FOCUS_TAGS)

    def household_anchors(
        self,
        flt: HouseholdFilter | None,
        sort_key: str,
        every: int,
        descending: bool = False,
    ) -> list[tuple[Any, str] | None]:
        """Keyset keys that start every ``every`` rows, for jumping to any position."""
        self._check_tag(flt)
        return household_list.page_anchors(
            self.conn, flt or HouseholdFilter(), sort_key, every, descending
        )

    def household_position_page(
        self,
        flt: HouseholdFilter | None,
        sort_key: str,
        anchors: list[tuple[Any, str] | None],
        position: int,
        every: int,
        descending: bool = False,
    ) -> list[HouseholdRow]:
        """The page of ``every`` rows holding row ``position`` (from :meth:`household_anchors`)."""
        return self.household_page(flt, sort_key, anchors[position // every], every, descending)

    # --- writing -----------------------------------------------------------------------

    def create_household(self, bundle: HouseholdBundle, today: date | None = None) -> Changes:
        """Validate and save a new household with its members as one action."""
        household = validated_household(bundle.household)
        errors: list[FieldError] = []
        members = []
        for member in bundle.members:
            try:
                members.append(validated_person(member, today))
            except ValidationError as exc:
                errors.extend(exc.errors)
                members.append(member)
        errors.extend(member_errors(members))
        for number, name in self.existing_id_numbers(m.id_number for m in members).items():
            errors.append(FieldError("id_number", MSG_ID_EXISTS, {"name": name, "id": number}))
        if self.existing_household_nos([household.household_no]):
            errors.append(
                FieldError(
                    "household_no", MSG_HOUSEHOLD_NO_EXISTS, {"number": household.household_no}
                )
            )
        if errors:
            raise ValidationError(errors)
        members = [
            replace(
                m,
                household_id=household.id,
                area_code=m.area_code or household.area_code,
                grid_code=m.grid_code or household.grid_code,
            )
            for m in members
        ]
        with self.store.write(
            "create household", table="household", row_id=household.id
        ) as capture:
            self.insert_bundles(capture, [replace(bundle, household=household, members=members)])
            return capture.changes

    def insert_bundles(self, capture: Capture, bundles: Iterable[HouseholdBundle]) -> int:
        """Insert already-validated bundles in the caller's write transaction (bulk path).

        Used by the import and demo loaders; returns the number of persons written.
        """
        households: list[Household] = []
        persons: list[Person] = []
        person_tags: list[PersonTag] = []
        household_tags: list[HouseholdTag] = []
        events: list[HouseholdEvent] = []
        today = date.fromisoformat(capture.wall[:10])
        bundles_seen: list[HouseholdBundle] = []
        for bundle in bundles:
            bundles_seen.append(bundle)
            h = bundle.household
            households.append(h)
            persons.extend(bundle.members)
            person_tags.extend(bundle.person_tags)
            household_tags.extend(bundle.household_tags)
            events.append(HouseholdEvent(new_id(), h.id, "created", today, area_code=h.area_code))
        household_rows = insert_records(capture, "household", households)
        person_rows = insert_records(capture, "person", persons)
        insert_records(capture, "person_tag", person_tags)
        insert_records(capture, "household_tag", household_tags)
        insert_records(capture, "household_event", events)
        self.conn.executemany(
            household_list.SUMMARY_SET_SQL,
            [(*household_list.summary_of(b.members), b.household.id) for b in bundles_seen],
        )
        search.index_households(self.conn, household_rows)
        search.index_persons(self.conn, person_rows)
        return len(person_rows)

    def update_person(
        self, person_id: str, values: dict[str, Any], today: date | None = None
    ) -> Changes:
        """Change some fields of a person (validated like the forms); returns what changed."""
        current = self.get_person(person_id)
        cleaned = clean_person_fields(values, today)
        new_number = cleaned.get("id_number")
        if new_number and new_number != current.id_number:
            other = self.person_by_id_number(new_number)
            if other is not None:
                raise ValidationError(
                    [FieldError("id_number", MSG_ID_EXISTS, {"name": other.name})]
                )
        old_row = to_row(current)
        new_row = to_row(replace(current, **cleaned))
        diff = {k: (old_row[k], new_row[k]) for k in cleaned if old_row[k] != new_row[k]}
        with self.store.write("update person", table="person", row_id=person_id) as capture:
            if diff:
                sets = ", ".join(f"{k} = ?" for k in diff)
                self.conn.execute(
                    f"UPDATE person SET {sets}, pending = 1, updated_hlc = ?, updated_at = ?"
                    " WHERE id = ?",
                    [new for _old, new in diff.values()] + [capture.hlc, capture.wall, person_id],
                )
                capture.updated("person", person_id, current.version, current.area_code, diff)
                search.reindex_person(self.conn, person_id)
                if SUMMARY_FIELDS & diff.keys():
                    moved = diff.get("household_id", (None, None))[1]
                    for household_id in {current.household_id, moved} - {None, ""}:
                        household_list.refresh_summary(self.conn, str(household_id))
            return capture.changes
