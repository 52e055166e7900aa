"""Rules of the household register: field specs for persons and households, and the checks
that span several records (exactly one 户主 per household, one person per ID number).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import MSG_READ_ONLY, FieldSpec, clean_fields
from gridapp.models.household import HEAD_RELATION, Household, Person
from gridapp.models.idnumber import parse_id_number

MSG_NO_HEAD = QT_TRANSLATE_NOOP(
    "Messages", "The household has no head (户主): exactly one member must be 户主."
)
MSG_TWO_HEADS = QT_TRANSLATE_NOOP(
    "Messages", "The household has {count} heads (户主): exactly one is allowed."
)
MSG_DUPLICATE_ID = QT_TRANSLATE_NOOP("Messages", "This ID number appears more than once.")


def _spec(name: str, label: str, kind: str = "text", **kw: Any) -> tuple[str, FieldSpec]:
    return name, FieldSpec(name, label, kind, **kw)


PERSON_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec(
            "id_number",
            QT_TRANSLATE_NOOP("Fields", "ID number"),
            "id_number",
            max_len=18,
            required=True,
        ),
        _spec("name", QT_TRANSLATE_NOOP("Fields", "Name"), max_len=50, required=True),
        _spec("sex", QT_TRANSLATE_NOOP("Fields", "Sex"), "code", table="sex", derived=True),
        _spec("birth_date", QT_TRANSLATE_NOOP("Fields", "Date of birth"), "date", derived=True),
        _spec("former_name", QT_TRANSLATE_NOOP("Fields", "Former name"), max_len=50),
        _spec("ethnicity", QT_TRANSLATE_NOOP("Fields", "Ethnicity"), "code", table="ethnicity"),
        _spec("native_place", QT_TRANSLATE_NOOP("Fields", "Native place"), "area6"),
        _spec("marital", QT_TRANSLATE_NOOP("Fields", "Marital status"), "code", table="marital"),
        _spec(
            "political", QT_TRANSLATE_NOOP("Fields", "Political status"), "code", table="political"
        ),
        _spec("education", QT_TRANSLATE_NOOP("Fields", "Education"), "code", table="education"),
        _spec("religion", QT_TRANSLATE_NOOP("Fields", "Religion"), max_len=20),
        _spec("occupation_cat", QT_TRANSLATE_NOOP("Fields", "Occupation category"), max_len=5),
        _spec("occupation", QT_TRANSLATE_NOOP("Fields", "Occupation"), max_len=30),
        _spec("workplace", QT_TRANSLATE_NOOP("Fields", "Workplace"), max_len=100),
        _spec("phone", QT_TRANSLATE_NOOP("Fields", "Phone"), "phone", max_len=50),
        _spec("reg_area_code", QT_TRANSLATE_NOOP("Fields", "Registered area code"), "area6"),
        _spec("reg_address", QT_TRANSLATE_NOOP("Fields", "Registered address"), max_len=80),
        _spec("cur_area_code", QT_TRANSLATE_NOOP("Fields", "Current area code"), "area6"),
        _spec("cur_address", QT_TRANSLATE_NOOP("Fields", "Current address"), max_len=80),
        _spec(
            "resident_match",
            QT_TRANSLATE_NOOP("Fields", "Lives at registered address"),
            "code",
            table="resident_match",
        ),
        _spec(
            "relation",
            QT_TRANSLATE_NOOP("Fields", "Relation to head"),
            "code",
            table="relation",
            required=True,
        ),
        _spec(
            "population_type",
            QT_TRANSLATE_NOOP("Fields", "Population type"),
            "code",
            table="population_type",
        ),
        _spec("status", QT_TRANSLATE_NOOP("Fields", "Status"), "code", table="person_status"),
        _spec("status_date", QT_TRANSLATE_NOOP("Fields", "Status date"), "date"),
        _spec("verified", QT_TRANSLATE_NOOP("Fields", "Verified"), "bool"),
        _spec("note", QT_TRANSLATE_NOOP("Fields", "Note"), max_len=500, multiline=True),
        _spec("grid_code", QT_TRANSLATE_NOOP("Fields", "Grid"), max_len=20),
    ]
)

DERIVED = frozenset(name for name, spec in PERSON_FIELDS.items() if spec.derived)

HOUSEHOLD_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec(
            "household_no",
            QT_TRANSLATE_NOOP("Fields", "Household number"),
            max_len=20,
            required=True,
        ),
        _spec("address", QT_TRANSLATE_NOOP("Fields", "Address"), max_len=200, required=True),
        _spec("grid_code", QT_TRANSLATE_NOOP("Fields", "Grid"), max_len=20),
        _spec(
            "kind", QT_TRANSLATE_NOOP("Fields", "Household kind"), "code", table="household_kind"
        ),
        _spec(
            "resident_match",
            QT_TRANSLATE_NOOP("Fields", "Lives at registered address"),
            "code",
            table="resident_match",
        ),
        _spec("note", QT_TRANSLATE_NOOP("Fields", "Note"), max_len=500, multiline=True),
    ]
)


def clean_person_fields(values: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """Validate person fields typed by a user; an ID number also fills sex and birth date."""
    errors = [
        FieldError(name, MSG_READ_ONLY)
        for name in values
        if name in PERSON_FIELDS and PERSON_FIELDS[name].derived
    ]
    plain = {k: v for k, v in values.items() if k != "id_number" and k not in DERIVED}
    cleaned: dict[str, Any] = {}
    try:
        cleaned.update(clean_fields(PERSON_FIELDS, plain, today))
    except ValidationError as exc:
        errors.extend(exc.errors)
    if "id_number" in values:
        try:
            idn = parse_id_number(str(values["id_number"] or ""), today=today)
            cleaned.update(id_number=idn.number, sex=idn.sex, birth_date=idn.birth_date)
        except ValidationError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def validated_person(person: Person, today: date | None = None) -> Person:
    """A copy of ``person`` with every field checked and normalised (sex/birth from the ID)."""
    values = {name: getattr(person, name) for name in PERSON_FIELDS if name not in DERIVED}
    return replace(person, **clean_person_fields(values, today))


def validated_household(household: Household) -> Household:
    values = {name: getattr(household, name) for name in HOUSEHOLD_FIELDS}
    return replace(household, **clean_fields(HOUSEHOLD_FIELDS, values))


def member_errors(members: list[Person]) -> list[FieldError]:
    """Problems across the members of one household (heads; repeated ID numbers)."""
    errors: list[FieldError] = []
    active = [m for m in members if m.status == "1"]
    heads = sum(1 for m in active if m.relation == HEAD_RELATION)
    if heads == 0:
        errors.append(FieldError("relation", MSG_NO_HEAD))
    elif heads > 1:
        errors.append(FieldError("relation", MSG_TWO_HEADS, {"count": heads}))
    seen: set[str] = set()
    for member in members:
        if member.id_number in seen:
            errors.append(FieldError("id_number", MSG_DUPLICATE_ID))
        seen.add(member.id_number)
    return errors
