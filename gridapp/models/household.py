"""Households (户) and the people living in them (实有人口), after GB/T 31000 表12.

Field names are the identifiers of ``docs/data-dictionary.md``; codes are stored as the code
strings of the national tables named there (see :mod:`gridapp.models.codes`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

HEAD_RELATION = "02"  # GB/T 4761 户主


@dataclass
class Person:
    """One person of the register. ``id`` is a UUID made on this device."""

    id: str
    household_id: str | None
    id_number: str
    name: str
    sex: str = ""  # GB/T 2261.1, derived from id_number
    birth_date: date | None = None  # derived from id_number
    former_name: str = ""
    ethnicity: str = ""  # GB/T 3304
    native_place: str = ""  # GB/T 2260, 6 digits
    marital: str = ""  # GB/T 2261.2
    political: str = ""  # GB/T 4762
    education: str = ""  # GB/T 4658
    religion: str = ""
    occupation_cat: str = ""  # GB/T 6565
    occupation: str = ""
    workplace: str = ""
    phone: str = ""
    reg_area_code: str = ""  # 户籍地, GB/T 2260
    reg_address: str = ""
    cur_area_code: str = ""  # 现住地, GB/T 2260
    cur_address: str = ""
    resident_match: str = "01"  # GB/T 31000 5.10 人户一致标识
    relation: str = ""  # GB/T 4761 与户主关系
    population_type: str = "1"  # 1 户籍 2 流动 3 境外
    status: str = "1"  # 1 正常 2 迁出 3 死亡
    status_date: date | None = None
    verified: bool = False
    note: str = ""
    area_code: str = ""  # 12-digit village code (scope of sync)
    grid_code: str = ""
    version: int = 0

    @property
    def is_head(self) -> bool:
        return self.relation == HEAD_RELATION


@dataclass
class Household:
    """A household (户): its number, address and place; members are :class:`Person` rows."""

    id: str
    household_no: str
    address: str
    area_code: str = ""  # 12-digit village code
    grid_code: str = ""
    kind: str = "1"  # 1 家庭户 2 集体户
    resident_match: str = "01"
    note: str = ""
    version: int = 0


@dataclass
class PersonTag:
    """A special-group tag on a person (低保, 留守儿童, 社区矫正 …) with its period."""

    id: str
    person_id: str
    tag: str  # code of the person_tag table
    start_date: date | None = None
    end_date: date | None = None
    note: str = ""
    area_code: str = ""
    version: int = 0


@dataclass
class HouseholdTag:
    """A household attribute tag (低保户, 留守户 …) with its period."""

    id: str
    household_id: str
    tag: str  # code of the household_tag table
    start_date: date | None = None
    end_date: date | None = None
    note: str = ""
    area_code: str = ""
    version: int = 0


@dataclass
class HouseholdEvent:
    """An append-only entry in a household's history (迁入, 迁出, 出生, 死亡, 分户, 变更户主)."""

    id: str
    household_id: str
    kind: str  # code of the household_event table
    event_date: date
    person_id: str | None = None
    detail: str = ""
    area_code: str = ""
    version: int = 0


def field_names(cls: type) -> list[str]:
    """The data-dictionary identifiers of an entity class, in declaration order."""
    return [f.name for f in dataclasses.fields(cls)]


__all__ = [
    "HEAD_RELATION",
    "Household",
    "HouseholdEvent",
    "HouseholdTag",
    "Person",
    "PersonTag",
    "field_names",
]
