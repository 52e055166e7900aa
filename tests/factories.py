"""Building valid test households through the domain classes (never raw SQL)."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

from gridapp.models.household import Household, Person, PersonTag
from gridapp.models.idnumber import make_id_number
from gridapp.store.households import HouseholdBundle

VILLAGE = "360423100200"
GRID = "360423100200-01"
_seq = itertools.count(1)


def uid() -> str:
    return str(uuid.uuid4())


def id_number(birth: date, male: bool, area: str = "360423") -> str:
    n = next(_seq) % 500
    return make_id_number(area, birth, 2 * n + (1 if male else 0) if 2 * n + 1 <= 999 else 1)


def person(name: str, relation: str, birth: date, male: bool, **fields: object) -> Person:
    return Person(
        id=uid(),
        household_id=None,
        id_number=str(fields.pop("id_number", None) or id_number(birth, male)),
        name=name,
        relation=relation,
        area_code=VILLAGE,
        grid_code=GRID,
        **fields,  # type: ignore[arg-type]
    )


def household(
    number: str, address: str, members: list[Person], tags: list[tuple[int, str]] = ()
) -> HouseholdBundle:
    """A bundle; ``tags`` are (member index, person_tag code)."""
    h = Household(id=uid(), household_no=number, address=address, area_code=VILLAGE, grid_code=GRID)
    person_tags = [
        PersonTag(
            id=uid(),
            person_id=members[i].id,
            tag=tag,
            start_date=date(2020, 1, 1),
            area_code=VILLAGE,
        )
        for i, tag in tags
    ]
    return HouseholdBundle(h, members, person_tags)


def zhang_family(number: str = "360000001") -> HouseholdBundle:
    """张三丰's household of three: head, wife, son."""
    return household(
        number,
        "石泉村3组15号",
        [
            person("张三丰", "02", date(1968, 4, 9), True, phone="13907921234", ethnicity="01"),
            person("王芳", "10", date(1970, 11, 30), False, phone="13907925678"),
            person("张小明", "20", date(1995, 2, 28), True, note='在外务工, 联系: "小明"'),
        ],
        tags=[(1, "dibao")],
    )
