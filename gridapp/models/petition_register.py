"""登记: what a new petition must hold before it is saved (pure rules, no storage).

《信访工作条例》 art. 19 fixes the minimum (who, where, the request, facts and reasons), art. 20
limits a group visit to five representatives. A registration is checked whole: every problem
of every field is reported at once, and nothing is saved while one remains.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import FieldSpec, clean_fields
from gridapp.models.idnumber import parse_id_number
from gridapp.models.petition import Petition, Petitioner

MSG_NO_PETITIONER = QT_TRANSLATE_NOOP(
    "Messages", "Name at least one petitioner (a registered person or a name typed in)."
)
MSG_TOO_MANY_REPRESENTATIVES = QT_TRANSLATE_NOOP(
    "Messages",
    "A group visit chooses at most 5 representatives (信访工作条例 art. 20); {count} are named.",
)
MSG_HEADCOUNT_BELOW = QT_TRANSLATE_NOOP(
    "Messages", "The headcount ({headcount}) is lower than the {count} petitioners named."
)
MSG_ONE_PRIMARY = QT_TRANSLATE_NOOP("Messages", "Only one petitioner can be the main petitioner.")
MSG_REPEAT_COUNT = QT_TRANSLATE_NOOP(
    "Messages", "A repeat petition has been made at least twice: give the number of times."
)
MAX_REPRESENTATIVES = 5
GROUP_CHANNELS = frozenset({"visit"})  # 走访: a group chooses representatives (art. 20)


def _spec(name: str, label: str, kind: str = "text", **kw: Any) -> tuple[str, FieldSpec]:
    return name, FieldSpec(name, label, kind, **kw)


# The fields a user types when registering; the workflow fields (status, dates of later
# steps, decision, satisfaction …) are set only by the workflow's steps.
PETITION_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec("reg_date", QT_TRANSLATE_NOOP("Fields", "Date received"), "date", required=True),
        _spec(
            "channel",
            QT_TRANSLATE_NOOP("Fields", "Channel"),
            "code",
            table="petition_channel",
            required=True,
        ),
        _spec(
            "kind",
            QT_TRANSLATE_NOOP("Fields", "Kind"),
            "code",
            table="petition_kind",
            required=True,
        ),
        _spec(
            "category",
            QT_TRANSLATE_NOOP("Fields", "Content category"),
            "code",
            table="petition_category",
        ),
        _spec("summary", QT_TRANSLATE_NOOP("Fields", "Summary"), max_len=200, required=True),
        _spec(
            "content", QT_TRANSLATE_NOOP("Fields", "Full content"), max_len=20_000, multiline=True
        ),
        _spec("headcount", QT_TRANSLATE_NOOP("Fields", "Headcount"), "count", bounds=(1, 100_000)),
        _spec("is_repeat", QT_TRANSLATE_NOOP("Fields", "Repeat petition"), "bool"),
        _spec(
            "repeat_count",
            QT_TRANSLATE_NOOP("Fields", "Times petitioned"),
            "count",
            bounds=(0, 999),
        ),
        _spec("problem_area_code", QT_TRANSLATE_NOOP("Fields", "Problem area code"), "area12"),
        _spec("problem_address", QT_TRANSLATE_NOOP("Fields", "Problem location"), max_len=200),
        _spec("confidential", QT_TRANSLATE_NOOP("Fields", "Confidential"), "bool"),
    ]
)
PETITIONER_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec("name", QT_TRANSLATE_NOOP("Fields", "Name"), max_len=50, required=True),
        _spec("phone", QT_TRANSLATE_NOOP("Fields", "Phone"), "phone", max_len=20),
        _spec("address", QT_TRANSLATE_NOOP("Fields", "Address"), max_len=200),
    ]
)


def _indexed(errors: list[FieldError], prefix: str) -> list[FieldError]:
    """Name the petitioner a problem belongs to: ``petitioners[1].phone``."""
    return [FieldError(f"{prefix}.{e.field}", e.message, e.params) for e in errors]


def validated_registration(
    petition: Petition, petitioners: list[Petitioner], today: date | None = None
) -> tuple[Petition, list[Petitioner]]:
    """Copies of ``petition`` and ``petitioners`` with every field checked and normalised.

    Raises :class:`ValidationError` listing every problem. A petitioner linked to a person
    (``person_id``) is taken as given here; the store fills and checks it from the register.
    """
    errors: list[FieldError] = []
    values = {name: getattr(petition, name) for name in PETITION_FIELDS}
    if values["problem_area_code"] == "":
        del values["problem_area_code"]
    try:
        cleaned = clean_fields(PETITION_FIELDS, values, today)
    except ValidationError as exc:
        errors.extend(exc.errors)
        cleaned = {}
    checked: list[Petitioner] = []
    for index, petitioner in enumerate(petitioners):
        fields = {name: getattr(petitioner, name) for name in PETITIONER_FIELDS}
        try:
            clean = clean_fields(PETITIONER_FIELDS, fields, today)
            if petitioner.id_number.strip():
                clean["id_number"] = parse_id_number(petitioner.id_number, today=today).number
            checked.append(replace(petitioner, **clean))
        except ValidationError as exc:
            errors.extend(_indexed(exc.errors, f"petitioners[{index}]"))
            checked.append(petitioner)
    if checked and not any(p.is_primary for p in checked):
        checked[0] = replace(checked[0], is_primary=True)  # the first named, unless marked
    errors.extend(group_errors(petition, cleaned, checked))
    if errors:
        raise ValidationError(errors)
    return replace(petition, **cleaned), checked


def group_errors(
    petition: Petition, cleaned: dict[str, Any], petitioners: list[Petitioner]
) -> list[FieldError]:
    errors: list[FieldError] = []
    count = len(petitioners)
    if count == 0:
        return [FieldError("petitioners", MSG_NO_PETITIONER)]
    if sum(1 for p in petitioners if p.is_primary) > 1:
        errors.append(FieldError("petitioners", MSG_ONE_PRIMARY))
    channel = cleaned.get("channel", petition.channel)
    if channel in GROUP_CHANNELS and count > MAX_REPRESENTATIVES:
        errors.append(FieldError("petitioners", MSG_TOO_MANY_REPRESENTATIVES, {"count": count}))
    headcount = cleaned.get("headcount", petition.headcount)
    if isinstance(headcount, int) and headcount < count:
        errors.append(
            FieldError("headcount", MSG_HEADCOUNT_BELOW, {"headcount": headcount, "count": count})
        )
    if cleaned.get("is_repeat") and cleaned.get("repeat_count", 0) < 2:
        errors.append(FieldError("repeat_count", MSG_REPEAT_COUNT))
    return errors
