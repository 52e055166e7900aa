"""Who the members of a demo household are: ethnicity, where their ID number comes from,
籍贯, names, and whether they are still alive and registered here.

Founders take the household's ethnicity and spouses may differ; migrants carry their home
county's area code; wives who married in come from the next county; children take their
father's surname (siblings born before 2000 sometimes share a 字辈 character); Uyghur, Tibetan
and Mongol members are named in their own styles (:mod:`gridapp.demo.naming`). A few of the
old have died and a few of the young moved away, kept with status and date as registers do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from gridapp.demo.family import FATHER, HUSBAND, MOTHER, WIFE, Member
from gridapp.demo.naming import (
    HAN,
    NAME_DOT,
    STYLE_HAN,
    STYLE_MONGOL,
    STYLE_TIBETAN,
    STYLE_UYGHUR,
    Namer,
    Weighted,
    pick,
)
from gridapp.demo.places import place_words
from gridapp.demo.records import people_words
from gridapp.models.household import HEAD_RELATION

_MINORITY_HOUSEHOLDS = 0.095
_MARRIED_IN_FROM_ELSEWHERE = 0.28


@dataclass(frozen=True)
class Minority:
    """A minority of resources/demo/people.json: its share of minority households, naming
    style, how many of its households are migrants, and its home counties."""

    code: str
    share: float
    style: str
    migrant_share: float
    homes: tuple[tuple[str, str], ...]


def _code_and_name(entry: str) -> tuple[str, str]:
    code, name = entry.split(" ", 1)
    return code, name


class Identities:
    """Fills in who the members of one household after another are, drawing from the
    generator's one random generator."""

    def __init__(self, rng: random.Random, as_of: date) -> None:
        self.rng = rng
        self.today = as_of.toordinal()
        words = people_words()
        county = place_words()["county"]
        self.local: tuple[str, str] = (county["code"], county["prefix"])
        self.namer = Namer(rng)
        self.minorities = [
            Minority(
                m["code"],
                float(m["share"]),
                m["style"],
                float(m["migrant_share"]),
                tuple(_code_and_name(h) for h in m["homes"]),
            )
            for m in words["minorities"]
        ]
        self.minority_by_code = {m.code: m for m in self.minorities}
        self.minority_table = Weighted(self.minorities, [m.share for m in self.minorities])
        self.han_style_minorities = [m for m in self.minorities if m.style == STYLE_HAN]
        self.han_homes = [_code_and_name(h) for h in words["han_homes"]]
        self.married_in = [_code_and_name(h) for h in words["married_in"]]

    def household_minority(self) -> Minority | None:
        """The minority of the next household, or None for a Han household (most)."""
        rng = self.rng
        if rng.random() >= _MINORITY_HOUSEHOLDS:
            return None
        return self.minority_table.draw(rng)

    def assign_collective(self, members: list[Member]) -> None:
        """Ethnicity and origin of the unrelated members of a 集体户: mostly Han, more than
        half from the county itself, the others from nearby counties."""
        rng = self.rng
        for m in members:
            m.ethnicity = HAN if rng.random() < 0.97 else self._any_minority()
            m.origin = self.local if rng.random() < 0.6 else pick(rng, self.married_in)
            m.native = m.origin[0]

    def _any_minority(self) -> str:
        return pick(self.rng, self.han_style_minorities).code

    def assign_ethnicity(self, members: list[Member], minority: Minority | None) -> None:
        """Founders take the household's ethnicity; spouses may differ (mixed marriages);
        children of a mixed couple mostly take the minority parent's."""
        rng = self.rng
        own = minority.code if minority else HAN
        for m in members:  # oldest first
            parents = [p for p in (m.father, m.mother) if p]
            if parents:
                codes = {p.ethnicity for p in parents}
                if len(codes) == 1:
                    m.ethnicity = codes.pop()
                else:
                    minority_codes = sorted(codes - {HAN})
                    pick_minority = minority_codes and rng.random() < 0.7
                    m.ethnicity = minority_codes[0] if pick_minority else HAN
            elif not m.by_marriage or (minority and minority.style != STYLE_HAN):
                m.ethnicity = own
            elif minority:
                m.ethnicity = own if rng.random() < 0.6 else HAN
            elif rng.random() < 0.025:
                m.ethnicity = pick(rng, self.han_style_minorities).code
            else:
                m.ethnicity = HAN

    def assign_origin(self, members: list[Member], home: tuple[str, str] | None) -> None:
        """The county of each person's ID number and 籍贯: the migrants' home county, the
        county itself, or for spouses who married in, where they came from."""
        rng = self.rng
        for m in members:  # oldest first
            if home:
                m.origin = home
            elif m.by_marriage and m.ethnicity != HAN and m.ethnicity in self.minority_by_code:
                m.origin = pick(rng, self.minority_by_code[m.ethnicity].homes)
            elif m.by_marriage and rng.random() < _MARRIED_IN_FROM_ELSEWHERE:
                m.origin = pick(rng, self.married_in)
            else:
                m.origin = self.local
            m.native = m.father.native if m.father else m.origin[0]

    def _style(self, ethnicity: str) -> str:
        minority = self.minority_by_code.get(ethnicity)
        return minority.style if minority else STYLE_HAN

    def assign_names(self, members: list[Member]) -> None:
        rng = self.rng
        namer = self.namer
        taken: set[str] = set()
        generation: dict[tuple[int, int, bool], str] = {}
        siblings: dict[tuple[int, int, bool], int] = {}
        for m in members:
            if m.father or m.mother:
                key = (id(m.father), id(m.mother), m.male)
                siblings[key] = siblings.get(key, 0) + 1
        for m in members:  # oldest first, so fathers are named before their children
            year = m.year
            style = self._style(m.ethnicity)
            father = m.father
            for _ in range(8):  # a few tries to avoid two identical names in one household
                if style == STYLE_UYGHUR:
                    m.own = namer.own_name(style, m.male)
                    dad = father.own if father and father.own else namer.own_name(style, True)
                    m.name = m.own + NAME_DOT + dad
                elif style == STYLE_TIBETAN or (
                    style == STYLE_MONGOL and not (father and father.surname) and rng.random() < 0.6
                ):
                    m.own = namer.own_name(style, m.male)
                    m.name = m.own
                else:
                    if not m.surname:
                        if father and father.surname:
                            m.surname = father.surname
                        elif m.mother and m.mother.surname and rng.random() < 0.2:
                            m.surname = m.mother.surname
                        else:
                            m.surname = namer.surname(m.ethnicity)
                    first = None
                    key = (id(m.father), id(m.mother), m.male)
                    if siblings.get(key, 0) > 1 and year < 2000:
                        if key not in generation:
                            share = rng.random() < 0.35
                            generation[key] = namer.generation_char(year, m.male) if share else ""
                        first = generation[key] or None
                    m.name = m.surname + namer.given(year, m.male, first)
                if m.name not in taken:
                    break
            taken.add(m.name)
            if m.surname and year < 1995 and rng.random() < 0.02:
                m.former_name = m.surname + namer.given(year, m.male)

    def assign_status(self, members: list[Member]) -> None:
        """A few deaths among the old and a few young people who moved away, still listed
        with status 死亡 / 迁出 and a date, as registers keep them."""
        rng = self.rng
        for m in members:
            if m.relation == HEAD_RELATION:
                continue
            if m.relation in (FATHER, MOTHER, HUSBAND, WIFE) and m.age >= 70:
                if rng.random() < (0.06 if m.relation in (FATHER, MOTHER) else 0.03):
                    m.status = "3"
                    m.status_date = date.fromordinal(self.today - rng.randint(10, 1000))
                    if m.spouse and m.spouse.status == "1":
                        m.spouse.marital = "30"
            elif 18 <= m.age <= 40 and m.relation[0] in "234" and rng.random() < 0.03:
                m.status = "2"
                m.status_date = date.fromordinal(self.today - rng.randint(10, 1400))


__all__ = ["Identities", "Minority"]
