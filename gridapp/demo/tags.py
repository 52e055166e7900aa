"""Special-group tags for demo people (person_tag codes) and their households (household_tag).

Tags are a function of the person and, when given, their household, so a caller that stores
people can ask for them again at any time and gets the same answer: the "dice" are a hash of
the ID number (or 户号 for household-wide tags such as 低保), not a random generator's state.
Tags that describe a living situation follow from the household itself: a child under 16 whose
parents both work away is 留守儿童, someone over 60 living alone is 独居老人, and so on.
Rare management tags (社区矫正, 刑满释放 …) are drawn with small, plausible probabilities.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Mapping, Sequence
from datetime import date

# person_tag codes (resources/codes/person_tag.json)
DIBAO = "dibao"
TEKUN = "tekun"
DISABLED = "disabled"
ELDERLY_ALONE = "elderly_alone"
EMPTY_NEST = "empty_nest"
LEFT_BEHIND_ELDERLY = "left_behind_elderly"
LEFT_BEHIND_WOMAN = "left_behind_woman"
LEFT_BEHIND_CHILD = "left_behind_child"
ENTITLED = "entitled"
VETERAN = "veteran"
SHIDU = "shidu"
RELEASED = "released"
CORRECTION = "correction"
MENTAL = "mental"
DRUG = "drug"
YOUTH = "youth"
PETITION_KEY = "petition_key"

# person tag -> household_tag code (resources/codes/household_tag.json)
_HOUSEHOLD_TAG = {
    DIBAO: "dibao",
    TEKUN: "tekun",
    DISABLED: "disabled",
    ELDERLY_ALONE: "elderly_alone",
    EMPTY_NEST: "empty_nest",
    LEFT_BEHIND_ELDERLY: "left_behind",
    LEFT_BEHIND_WOMAN: "left_behind",
    LEFT_BEHIND_CHILD: "left_behind",
    ENTITLED: "entitled",
    RELEASED: "key",
    CORRECTION: "key",
    MENTAL: "key",
    DRUG: "key",
    YOUTH: "key",
    PETITION_KEY: "key",
}
_HOUSEHOLD_TAG_ORDER = (
    "dibao",
    "tekun",
    "disabled",
    "elderly_alone",
    "empty_nest",
    "left_behind",
    "entitled",
    "key",
)

Fields = Mapping[str, object]
_ONE = 65536  # the dice's "probability 1"

_HEAD = "02"
_SPOUSES = ("10", "11", "12")
_IN_LAWS = ("28", "38")


def _dice(key: str, n: int) -> tuple[int, ...]:
    """``n`` numbers uniform in 0..65535 that depend only on ``key``; compare them with a
    probability times :data:`_ONE`."""
    digest = hashlib.blake2b(key.encode(), digest_size=2 * n, person=b"gridapp-tags").digest()
    return struct.unpack(f">{n}H", digest)


def _age(fields: Fields, as_of: date) -> int:
    born = fields["birth_date"]
    if not isinstance(born, date):
        return -1
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


def _lives_here(fields: Fields) -> bool:
    """Living in the household's county (migrants too), not away at work."""
    area = str(fields["area_code"])[:6]
    return fields["status"] == "1" and str(fields["cur_area_code"]) == area


def _parents(person: Fields, members: Sequence[Fields]) -> list[Fields]:
    """The person's parents among the members, as far as relations to the head tell."""
    relation = str(person["relation"])
    if relation[:1] in ("2", "3") and relation not in _IN_LAWS:
        return [m for m in members if m["relation"] == _HEAD or m["relation"] in _SPOUSES]
    if relation[:1] == "4":
        # A grandchild's parents are among the head's children and children-in-law.
        return [m for m in members if str(m["relation"])[:1] in ("2", "3")]
    return []


def _partner(person: Fields, members: Sequence[Fields]) -> Fields | None:
    relation = person["relation"]
    if relation == _HEAD:
        wanted: tuple[str, ...] = _SPOUSES
    elif relation in _SPOUSES:
        wanted = (_HEAD,)
    elif relation == "38":
        wanted = ("21", "22", "23", "24", "25", "26", "29")
    elif relation == "28":
        wanted = ("31", "32", "33", "34", "35", "36", "39")
    else:
        return None
    return next((m for m in members if m["relation"] in wanted and m["sex"] != person["sex"]), None)


class _Household:
    """What the tags of every member need to know about the household, computed once."""

    def __init__(self, members: Sequence[Fields], household_no: str, as_of: date) -> None:
        self.members = members
        self.ages = [_age(m, as_of) for m in members]
        self.here = [_lives_here(m) for m in members]
        self.residents = sum(self.here)
        here_ages = [a for a, h in zip(self.ages, self.here, strict=True) if h]
        self.all_residents_old = all(a >= 60 for a in here_ages)
        working = [
            h
            for m, a, h in zip(members, self.ages, self.here, strict=True)
            if m["status"] == "1" and 18 <= a < 60
        ]
        self.workers_all_away = bool(working) and not any(working)
        self.dibao = bool(household_no) and _dice(household_no, 1)[0] < 0.04 * _ONE


def person_tags(
    person: Fields,
    members: Sequence[Fields] | None,
    household_no: str,
    as_of: date,
) -> list[str]:
    """person_tag codes for one person (see module docstring); ``members`` is the whole
    household including the person (the same mapping objects), or None when unknown."""
    if members is None:
        return _tags(person, _age(person, as_of), None)
    return _tags(person, _age(person, as_of), _Household(members, household_no, as_of))


def household_person_tags(
    members: Sequence[Fields], household_no: str, as_of: date
) -> list[list[str]]:
    """:func:`person_tags` of every member, sharing the household facts."""
    household = _Household(members, household_no, as_of)
    return [_tags(m, age, household) for m, age in zip(members, household.ages, strict=True)]


def _tags(person: Fields, age: int, household: _Household | None) -> list[str]:
    if person["status"] != "1":
        return []
    if age < 0:
        return []
    male = person["sex"] == "1"
    u = _dice(str(person["id_number"]), 12)
    tags: list[str] = []
    if household is not None:
        if household.dibao:
            tags.append(DIBAO)  # 低保 covers the whole household
    elif u[0] < 0.035 * _ONE:
        tags.append(DIBAO)
    if u[1] < (0.008 if age < 18 else 0.025 if age < 60 else 0.06 if age < 80 else 0.12) * _ONE:
        tags.append(DISABLED)
    if household is not None and _lives_here(person):
        tags += _living_situation(person, household, age, u)
    if male and 30 <= age <= 85 and u[3] < 0.035 * _ONE:
        tags.append(VETERAN)
        if u[4] < 0.3 * _ONE:
            tags.append(ENTITLED)
    if 20 <= age <= 70 and u[5] < (0.002 if male else 0.0003) * _ONE:
        tags.append(RELEASED)
    if 18 <= age <= 65 and u[6] < (0.0006 if male else 0.0002) * _ONE:
        tags.append(CORRECTION)
    if age >= 18 and u[7] < 0.004 * _ONE:
        tags.append(MENTAL)
    if 18 <= age <= 55 and u[8] < (0.001 if male else 0.0002) * _ONE:
        tags.append(DRUG)
    if 12 <= age <= 25 and u[9] < 0.002 * _ONE:
        tags.append(YOUTH)
    if age >= 30 and u[10] < 0.001 * _ONE:
        tags.append(PETITION_KEY)
    return tags


def _living_situation(
    person: Fields, household: _Household, age: int, u: tuple[int, ...]
) -> list[str]:
    """Tags that follow from who lives with the person and who works away."""
    tags: list[str] = []
    if age >= 60:
        if household.residents == 1:
            tags.append(ELDERLY_ALONE)
            if person["marital"] != "20" and u[2] < 0.12 * _ONE:
                tags.append(TEKUN)
        elif household.all_residents_old:
            tags.append(EMPTY_NEST)
            if u[11] < 0.01 * _ONE:
                tags.append(SHIDU)
        if household.workers_all_away:
            tags.append(LEFT_BEHIND_ELDERLY)
    elif age < 16:
        parents = _parents(person, household.members)
        if parents and not any(_lives_here(p) for p in parents):
            tags.append(LEFT_BEHIND_CHILD)
    elif person["sex"] == "2" and 20 <= age < 60:
        partner = _partner(person, household.members)
        if partner is not None and partner["status"] == "1" and not _lives_here(partner):
            tags.append(LEFT_BEHIND_WOMAN)
    return tags


def household_tags(member_tags: Sequence[Sequence[str]]) -> list[str]:
    """household_tag codes that follow from the members' person tags, in a fixed order."""
    found = {_HOUSEHOLD_TAG[t] for tags in member_tags for t in tags if t in _HOUSEHOLD_TAG}
    return [t for t in _HOUSEHOLD_TAG_ORDER if t in found]


__all__ = ["household_person_tags", "household_tags", "person_tags"]
