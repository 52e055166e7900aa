"""What the demo generator hands out, and the population tables it draws them from.

:class:`DemoHousehold` and :class:`DemoPerson` carry plain field dicts keyed like the entities
of :mod:`gridapp.models.household` (:data:`HOUSEHOLD_FIELDS`, :data:`PERSON_FIELDS`), dated
against the fixed :data:`DEMO_AS_OF`. :func:`people_words` reads ``resources/demo/people.json``
(minorities, home counties, jobs, notes, mobile prefixes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from gridapp.paths import resource_path

DEMO_AS_OF = date(2025, 6, 30)
"""The demo's "today": ages, statuses and birth dates are relative to this fixed date so that
the same seed gives the same data on any day."""

PERSON_FIELDS = (
    "id_number",
    "name",
    "sex",
    "birth_date",
    "former_name",
    "ethnicity",
    "native_place",
    "marital",
    "political",
    "education",
    "occupation",
    "workplace",
    "phone",
    "reg_area_code",
    "reg_address",
    "cur_area_code",
    "cur_address",
    "resident_match",
    "relation",
    "population_type",
    "status",
    "status_date",
    "verified",
    "note",
    "area_code",
    "grid_code",
)
HOUSEHOLD_FIELDS = (
    "household_no",
    "address",
    "area_code",
    "grid_code",
    "kind",
    "resident_match",
    "note",
)


@dataclass
class DemoPerson:
    """One person: ``fields`` has exactly the :data:`PERSON_FIELDS` keys (identifiers of
    :class:`gridapp.models.household.Person`)."""

    fields: dict[str, object]


@dataclass
class DemoHousehold:
    """One household: ``fields`` has the :data:`HOUSEHOLD_FIELDS` keys, ``members`` the people
    (户主 first) and ``tags`` household_tag codes."""

    fields: dict[str, object]
    members: list[DemoPerson]
    tags: list[str]


@cache
def people_words() -> dict[str, Any]:
    """Population parameters and word lists (``resources/demo/people.json``)."""
    with resource_path("demo", "people.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


__all__ = [
    "DEMO_AS_OF",
    "HOUSEHOLD_FIELDS",
    "PERSON_FIELDS",
    "DemoHousehold",
    "DemoPerson",
    "people_words",
]
