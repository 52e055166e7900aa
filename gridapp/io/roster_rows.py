"""Checking roster rows and grouping them into households, against the file alone.

Values are checked by the register's own rules (:func:`~gridapp.models.fields.clean_value`
with :data:`~gridapp.models.register.PERSON_FIELDS`, :func:`parse_id_number`, the code tables
and :func:`member_errors`); this module only maps cells to fields and errors back to cells.
Rows sharing a 户号 — or, where the 户号 is blank, the same 地址 — form one household.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.io.roster_columns import Column, cell_text
from gridapp.io.roster_plan import CheckedRow, PendingHousehold, RosterPlan, RowError, Steps
from gridapp.models import codes
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import MSG_REQUIRED, FieldSpec, clean_value
from gridapp.models.household import HEAD_RELATION, Person
from gridapp.models.idnumber import check_consistency, parse_id_number
from gridapp.models.register import HOUSEHOLD_FIELDS, PERSON_FIELDS, member_errors

MSG_NUMBER_LOST_DIGITS = QT_TRANSLATE_NOOP(
    "Messages",
    "This ID number was stored as a number, so Excel kept only 15 digits and the last ones "
    "are lost: format the column as text and type the numbers again.",
)
MSG_ID_REPEATED = QT_TRANSLATE_NOOP("Messages", "This ID number already appears in row {row}.")
MSG_UNKNOWN_TAG = QT_TRANSLATE_NOOP(
    "Messages",
    "Unknown person category “{value}”: use the names of the person category list, "
    "separated by 、 or ;.",
)
MSG_ADDRESS_DIFFERS = QT_TRANSLATE_NOOP(
    "Messages",
    "The address differs from the one in row {row} with the same household number: "
    "the members of a household share one address.",
)

PERSON_KEYS = (
    "name",
    "relation",
    "phone",
    "ethnicity",
    "political",
    "education",
    "marital",
    "note",
    "grid_code",
)
TAG_SEPARATORS = re.compile(r"[、;；,，\n]+")
TAGS_SPEC = FieldSpec("tags", QT_TRANSLATE_NOOP("Fields", "Person categories"), "text", max_len=200)


class RowChecker:
    """Turns one data row into cleaned fields, collecting errors per column."""

    def __init__(self, plan: RosterPlan, mapping: dict[int, Column], today: date | None):
        self.plan = plan
        self.mapping = sorted(mapping.items())
        self.today = today
        self.tag_table = codes.table("person_tag")
        self.seen_ids: dict[str, int] = {}

    def error(self, row: int, key: str, message: str, params: dict[str, object]) -> None:
        self.plan.errors.append(RowError(row, self.plan.header(key), message, params))

    def field_errors(self, row: int, errors: Iterable[FieldError]) -> None:
        for e in errors:
            self.error(row, e.field, e.message, e.params)

    def check(self, number: int, values: list[Any]) -> CheckedRow:
        raw: dict[str, Any] = {}
        for index, column in self.mapping:
            raw[column.key] = values[index] if index < len(values) else None
        before = len(self.plan.errors)
        person: dict[str, Any] = {}
        for key in PERSON_KEYS:
            if key not in raw:
                continue
            text = cell_text(raw[key])
            if key == "grid_code":
                text = unicodedata.normalize("NFKC", text)
            try:
                person[key] = clean_value(PERSON_FIELDS[key], text, self.today)
            except ValidationError as exc:
                self.field_errors(number, exc.errors)
        self._check_id(number, raw, person)
        household_no, no_ok = self._household_value(number, "household_no", raw, fold=True)
        address, address_ok = self._household_value(number, "address", raw, fold=False)
        tags = self._tags(number, raw.get("tags"))
        if no_ok and not household_no and address_ok and not address:
            self.error(number, "address", MSG_REQUIRED, {})
        relation = person.get("relation")
        return CheckedRow(
            number=number,
            person=person,
            tags=tags,
            household_no=household_no,
            address=address,
            address_key=_fold(address),
            grid=person.get("grid_code", ""),
            relation=relation if isinstance(relation, str) else None,
            groupable=no_ok and (bool(household_no) or (address_ok and bool(address))),
            ok=len(self.plan.errors) == before,
        )

    def _check_id(self, number: int, raw: dict[str, Any], person: dict[str, Any]) -> None:
        value = raw.get("id_number")
        try:
            idn = parse_id_number(cell_text(value), today=self.today)
        except ValidationError as exc:
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            if numeric and abs(float(value or 0)) >= 1e15:
                self.error(number, "id_number", MSG_NUMBER_LOST_DIGITS, {})
            else:
                self.field_errors(number, exc.errors)
            return
        person.update(id_number=idn.number, sex=idn.sex, birth_date=idn.birth_date)
        first = self.seen_ids.setdefault(idn.number, number)
        if first != number:
            self.error(number, "id_number", MSG_ID_REPEATED, {"row": first})
        birth_text = cell_text(raw.get("birth_date")).strip()
        sex_text = cell_text(raw.get("sex")).strip()
        if not birth_text and not sex_text:
            return
        birth = None
        try:
            birth = clean_value(PERSON_FIELDS["birth_date"], birth_text, self.today)
        except ValidationError as exc:
            self.field_errors(number, exc.errors)
        self.field_errors(number, check_consistency(idn, birth, sex_text or None))

    def _household_value(
        self, number: int, key: str, raw: dict[str, Any], fold: bool
    ) -> tuple[str, bool]:
        """The cleaned value ("" when blank) and whether it was valid."""
        text = cell_text(raw.get(key))
        if fold:
            text = unicodedata.normalize("NFKC", text)
        if not text.strip():
            return "", True
        try:
            return str(clean_value(HOUSEHOLD_FIELDS[key], text)), True
        except ValidationError as exc:
            self.field_errors(number, exc.errors)
            return "", False

    def _tags(self, number: int, value: Any) -> list[str]:
        try:
            text = str(clean_value(TAGS_SPEC, cell_text(value)))
        except ValidationError as exc:
            self.field_errors(number, exc.errors)
            return []
        found: list[str] = []
        for part in TAG_SEPARATORS.split(text):
            if not part.strip():
                continue
            code = self.tag_table.resolve(part)
            if code is None:
                self.error(number, "tags", MSG_UNKNOWN_TAG, {"value": part.strip()[:20]})
            elif code not in found:
                found.append(code)
        return found


def _fold(text: str) -> str:
    """Grouping key of an address: full-width folded, spaces removed."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def group_households(plan: RosterPlan, rows: list[CheckedRow], steps: Steps) -> None:
    """Rows -> households; checks that need the whole household (address, 户主)."""
    groups: dict[tuple[str, str], list[CheckedRow]] = {}
    for row in rows:
        if not row.groupable:
            continue  # a bad 户号 or no address: already reported
        key = ("no", row.household_no) if row.household_no else ("address", row.address_key)
        groups.setdefault(key, []).append(row)
    for members in groups.values():
        plan.households.append(_household(plan, members))
        steps.step(len(members))


def _household(plan: RosterPlan, members: list[CheckedRow]) -> PendingHousehold:
    address_row = next((r for r in members if r.address), None)
    if address_row is None:
        plan.errors.append(RowError(members[0].number, plan.header("address"), MSG_REQUIRED))
        address = ""
    else:
        address = address_row.address
        for row in members:
            if row.address and row.address_key != address_row.address_key:
                plan.errors.append(
                    RowError(
                        row.number,
                        plan.header("address"),
                        MSG_ADDRESS_DIFFERS,
                        {"row": address_row.number},
                    )
                )
    relation_header = plan.header("relation")
    if all(r.relation is not None for r in members):
        stand_ins = [
            Person(
                id="",
                household_id=None,
                id_number=f"#{r.number}",
                name="",
                relation=r.relation or "",
            )
            for r in members
        ]
        for error in member_errors(stand_ins):
            if error.field != "relation":
                continue  # repeated ID numbers are checked across the whole file
            heads = [r for r in members if r.relation == HEAD_RELATION]
            # No head: any member's relation may be the mistake. Two heads: the head rows.
            for row in heads or members:
                plan.errors.append(
                    RowError(row.number, relation_header, error.message, dict(error.params))
                )
    head = next((r for r in members if r.relation == HEAD_RELATION), members[0])
    grid = head.grid or next((r.grid for r in members if r.grid), "")
    return PendingHousehold(members[0].household_no, address, grid, members)


__all__ = ["PERSON_KEYS", "TAGS_SPEC", "TAG_SEPARATORS", "RowChecker", "group_households"]
