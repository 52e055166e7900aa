"""Demo households and people: a deterministic, realistic slice of a county's register.

Demo data has to look like the real thing, or the screens, search, ledgers and benchmarks are
judged on data that behaves differently: families of one to seven with exactly one 户主, three
generations whose ages fit, widows living alone, grandchildren left with grandparents while
parents work in 宁波 or 东莞, married-in wives from the next county, migrant households (some
Uyghur, Hui, Zhuang …), valid ID numbers that agree with birth date and sex, and the odd note
with a comma, a quote or a line break.

Everything comes from one ``random.Random`` seeded with the caller's seed and is produced in a
fixed order, so the same seed gives the same county. :func:`demo_households` is a generator
holding only one household at a time (plus a few small counters), so a million people stream
through in constant memory. No Qt, no SQL, no file writes: callers store the rows.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

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
from gridapp.demo.numbers import IdNumbers, Phones, household_numbers
from gridapp.demo.places import (
    GRID,
    TOWNSHIP,
    VILLAGE,
    DemoPlace,
    GridAddresses,
    apportion,
    demo_places,
    is_community,
    place_words,
    township_stem,
)
from gridapp.demo.tags import household_person_tags, household_tags, person_tags
from gridapp.models.household import HEAD_RELATION
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

# GB/T 4761 relations used here.
HUSBAND, WIFE = "11", "12"
SON_IN_LAW, DAUGHTER_IN_LAW = "28", "38"
FATHER, MOTHER = "51", "52"
NON_RELATIVE = "99"
_SONS = ("22", "23", "24", "25", "26")  # 长子 次子 三子 四子 五子; then 29 其他儿子
_DAUGHTERS = ("32", "33", "34", "35", "36")  # 长女 次女 …; then 39 其他女儿

_YEAR = 365.2425
_GAP_MIN = int(20 * _YEAR) + 3  # a parent is at least 20 years older than a child …
_GAP_MAX = int(45 * _YEAR) - 3  # … and at most 45
_MINORITY_HOUSEHOLDS = 0.095
_HAN_MIGRANT_HOUSEHOLDS = 0.055
_COLLECTIVE_HOUSEHOLDS = 0.005
_MARRIED_IN_FROM_ELSEWHERE = 0.28
# Household shapes and their weights; the mean size comes out at about 3.3.
_SHAPES_LOCAL = Weighted.of(
    {
        "single_elder": 8,
        "single_adult": 5,
        "elder_couple": 10,
        "couple": 6,
        "single_parent": 4,
        "nuclear": 34,
        "three_gen_up": 15,
        "three_gen_down": 18,
    }
)
_SHAPES_MIGRANT = Weighted.of({"single_adult": 22, "couple": 18, "nuclear": 48, "single_parent": 6})
_KIDS = Weighted.of({0: 6, 1: 44, 2: 38, 3: 12})
_GRANDKIDS = Weighted.of({1: 45, 2: 42, 3: 13})
# GB/T 2261.2 marital status of people living without a spouse.
_MARITAL_ELDER_ALONE = Weighted.of({"30": 80, "40": 8, "10": 12})
_MARITAL_YOUNG_SINGLE = Weighted.of({"10": 85, "40": 15})
_MARITAL_OLDER_SINGLE = Weighted.of({"10": 45, "40": 45, "30": 10})
_MARITAL_SINGLE_PARENT = Weighted.of({"40": 70, "30": 30})
_MARITAL_LONE_PARENT = Weighted.of({"30": 90, "40": 10})
_MARITAL_COLLECTIVE = Weighted.of({"20": 70, "10": 20, "40": 10})
_HEAD_PARENTS = Weighted.of({"both": 50, "mother": 35, "father": 15})
_EDUCATION_19_21 = Weighted.of({"70": 45, "60": 30, "40": 25})
_EDUCATION_CODES = ["10", "20", "30", "40", "60", "70", "80", "90"]
_EDUCATION_BY_COHORT = [  # last birth year, weights in the order of _EDUCATION_CODES
    (until, Weighted(_EDUCATION_CODES, [float(w) for w in weights]))
    for until, weights in (
        (1949, [0, 0.3, 0.7, 1, 5, 18, 45, 30]),
        (1964, [0, 1.5, 2.5, 3, 13, 35, 35, 10]),
        (1979, [0.2, 3.8, 6, 7, 15, 45, 20, 3]),
        (1989, [1, 10, 13, 13, 14, 42, 7, 0]),
        (1999, [2, 17, 20, 16, 14, 28, 3, 0]),
        (9999, [2, 24, 24, 16, 14, 20, 0, 0]),
    )
]
_MAX_MEMBERS = 7
_COLLEGE = frozenset({"10", "20", "30"})


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


def person_tags_for(
    person: DemoPerson, household: DemoHousehold | None = None, *, as_of: date = DEMO_AS_OF
) -> list[str]:
    """person_tag codes for a demo person (低保, 残疾, 留守儿童, 独居老人, 社区矫正 …).

    Deterministic: the same person (and household) always gets the same tags. With the
    household, tags that depend on it are exact (a child whose parents both work away is
    留守儿童; 低保 covers the whole household); without it those are left out or drawn per
    person. People who died or moved away get none.
    """
    members = [m.fields for m in household.members] if household is not None else None
    no = str(household.fields["household_no"]) if household is not None else ""
    return person_tags(person.fields, members, no, as_of)


def demo_households(
    seed: int, count: int, places: list[DemoPlace], *, as_of: date = DEMO_AS_OF
) -> Iterator[DemoHousehold]:
    """``count`` households spread over the grids of ``places`` (from :func:`demo_places`),
    generated one at a time. Same seed, count and places give the same households.

    Villages without grids in ``places`` get households with an empty grid code.
    """
    if count < 0:
        raise ValueError(f"count must not be negative, not {count}")
    units = _grid_units(places)
    if count and not units:
        raise ValueError("places contain no village to put households in")
    return _generate(seed, count, units, as_of)


def _grid_units(places: list[DemoPlace]) -> list[tuple[DemoPlace, DemoPlace, list[str]]]:
    """(township, village, grid codes) for every village of ``places``, in their order."""
    by_code = {p.code: p for p in places}
    grids: dict[str, list[str]] = {}
    for place in places:
        if place.level == GRID and place.parent_code:
            grids.setdefault(place.parent_code, []).append(place.code)
    units = []
    for place in places:
        if place.level != VILLAGE:
            continue
        township = by_code.get(place.parent_code or "")
        if township is None or township.level != TOWNSHIP:
            township = DemoPlace(place.code[:9], "", TOWNSHIP, place.code[:6])
        units.append((township, place, grids.get(place.code) or [""]))
    return units


def _generate(
    seed: int,
    count: int,
    units: list[tuple[DemoPlace, DemoPlace, list[str]]],
    as_of: date,
) -> Iterator[DemoHousehold]:
    maker = _HouseholdMaker(seed, as_of)
    rng = maker.rng
    # Urban communities are denser than villages: their grids get more households.
    weights = [
        rng.uniform(1.2, 2.0) if is_community(village.code) else rng.uniform(0.7, 1.3)
        for _, village, grid_codes in units
        for _ in grid_codes
    ]
    per_grid = apportion(count, weights)
    position = 0
    for township, village, grid_codes in units:
        addresses = GridAddresses(rng, village)
        for grid_code in grid_codes:
            n = per_grid[position]
            position += 1
            for address in addresses.for_grid(n):
                yield maker.household(township, village, grid_code, address)


class _Member:
    """A person while the household is being built (plain attributes, no validation)."""

    __slots__ = (
        "age",
        "birth",
        "by_marriage",
        "ethnicity",
        "father",
        "former_name",
        "male",
        "marital",
        "mother",
        "name",
        "native",
        "origin",
        "own",
        "relation",
        "spouse",
        "status",
        "status_date",
        "surname",
        "year",
    )

    def __init__(self, relation: str, male: bool, birth: int) -> None:
        self.relation = relation
        self.male = male
        self.birth = birth  # date ordinal
        self.age = 0  # on the demo's "today", set once the shape is built
        self.year = 0  # of birth
        self.by_marriage = False  # joined the family by marrying into it
        self.father: _Member | None = None
        self.mother: _Member | None = None
        self.spouse: _Member | None = None
        self.ethnicity = HAN
        self.surname = ""
        self.own = ""  # personal name of a name without surname (Uyghur, Tibetan, Mongol)
        self.name = ""
        self.former_name = ""
        self.origin: tuple[str, str] = ("", "")  # (GB/T 2260 code, name): ID number area
        self.native = ""
        self.marital = "10"
        self.status = "1"
        self.status_date: date | None = None


@dataclass(frozen=True)
class _Minority:
    code: str
    share: float
    style: str
    migrant_share: float
    homes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Job:
    kind: str
    rural: float
    urban: float
    needs_college: bool
    female_only: bool
    occupations: tuple[str, ...]
    workplaces: tuple[str, ...]


@dataclass(slots=True)
class _Place:
    """Where a household lives, with the words used to fill in workplaces and addresses."""

    township: str
    village: str
    area_code: str
    grid_code: str
    address: str  # household address: 石泉村3组15号
    full_address: str  # with county and township: 江西省武宁县宋溪镇石泉村3组15号
    urban: bool


def _code_and_name(entry: str) -> tuple[str, str]:
    code, name = entry.split(" ", 1)
    return code, name


class _HouseholdMaker:
    """Builds households one after another from a single random generator."""

    def __init__(self, seed: int, as_of: date) -> None:
        self.rng = rng = random.Random(f"gridapp-demo-households:{seed}")
        self.as_of = as_of
        self.today = as_of.toordinal()
        words = people_words()
        places = place_words()
        self.county_code: str = places["county"]["code"]
        self.county_name: str = places["county"]["name"]
        self.county_prefix: str = places["county"]["prefix"]
        self.local = (self.county_code, self.county_prefix)
        self.namer = Namer(rng)
        self.ids = IdNumbers(as_of)
        self.phones = Phones(rng, words["mobile_prefixes"].split())
        self.household_nos = household_numbers(rng)
        self.minorities = [
            _Minority(
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
        self.jobs = [
            _Job(
                j["kind"],
                float(j["rural"]),
                float(j["urban"]),
                bool(j.get("needs_college", False)),
                bool(j.get("female_only", False)),
                tuple(j["occupations"].split()),
                tuple(j["workplaces"]),
            )
            for j in words["jobs"]
        ]
        self._job_tables: dict[tuple[bool, bool, bool, bool], Weighted[_Job]] = {}
        self.company_words: list[str] = words["company_words"].split()
        self.industries: list[str] = words["industries"].split()
        self.notes: list[str] = words["notes"]
        self.household_notes: list[str] = words["household_notes"]
        self.destinations: list[dict[str, str]] = places["destinations"]
        self.destination_streets: list[str] = places["destination_streets"].split()
        self.schools: dict[str, list[str]] = places["schools"]
        self.village_first: list[str] = places["village_first"].split()
        self.village_second: list[str] = places["village_second"].split()
        self.shapes: dict[str, Callable[[], list[_Member]]] = {
            "single_elder": self._single_elder,
            "single_adult": self._single_adult,
            "elder_couple": self._elder_couple,
            "couple": self._couple,
            "single_parent": self._single_parent,
            "nuclear": self._nuclear,
            "three_gen_up": self._three_gen_up,
            "three_gen_down": self._three_gen_down,
        }

    # --- dates -------------------------------------------------------------------------

    def _born(self, age_lo: float, age_hi: float) -> int:
        """A birth day (ordinal) of someone aged ``age_lo``..``age_hi`` years (inclusive)."""
        days = self.rng.uniform(age_lo * _YEAR + 3, (age_hi + 1) * _YEAR - 3)
        return self.today - int(days)

    def _at_least(self, years: float) -> int:
        """The latest birth day of someone at least ``years`` old."""
        return self.today - int(years * _YEAR) - 2

    # --- household shapes ---------------------------------------------------------------

    def _spouse_for(
        self, partner: _Member, relation: str, window: tuple[int, int] | None = None
    ) -> _Member:
        """A husband or wife for ``partner``: the husband usually a little older, both of legal
        marrying age (22 for men, 20 for women), within ``window`` (birth ordinals) if given."""
        rng = self.rng
        male = not partner.male
        gap = int(rng.triangular(-3, 8, 2) * _YEAR)  # husband older by this many days
        birth = partner.birth - gap if male else partner.birth + gap
        birth = min(birth, self._at_least(22 if male else 20))
        birth = max(birth, self._at_least(96))
        if window is not None:
            birth = min(max(birth, window[0]), window[1])
        spouse = _Member(relation, male, birth)
        spouse.by_marriage = True
        spouse.marital = partner.marital = "20"
        spouse.spouse, partner.spouse = partner, spouse
        return spouse

    def _head_couple(
        self, age_lo: float, age_hi: float, male_share: float
    ) -> tuple[_Member, _Member]:
        male = self.rng.random() < male_share
        head = _Member(HEAD_RELATION, male, self._born(age_lo, age_hi))
        spouse = self._spouse_for(head, WIFE if male else HUSBAND)
        return head, spouse

    def _children(
        self,
        parents: list[_Member],
        count: int,
        *,
        min_age: float = 0,
        max_age: float = 30,
        males: list[bool] | None = None,
    ) -> list[_Member]:
        """Up to ``count`` children of ``parents``, each 20–45 years younger than every parent,
        aged ``min_age``..``max_age``; oldest first, 1–5 years apart."""
        rng = self.rng
        births = [p.birth for p in parents]
        lo = max(max(births) + _GAP_MIN, self.today - int((max_age + 1) * _YEAR) + 3)
        hi = min(min(births) + _GAP_MAX, self._at_least(min_age) if min_age else self.today)
        kids: list[_Member] = []
        if lo > hi or count <= 0:
            return kids
        birth = lo + int(rng.triangular(0, hi - lo, min(hi - lo, 4 * _YEAR)))
        father = next((p for p in parents if p.male), None)
        mother = next((p for p in parents if not p.male), None)
        for i in range(count):
            if birth > hi:
                break
            male = males[i] if males else rng.random() < 0.52
            kid = _Member("", male, birth)
            kid.father, kid.mother = father, mother
            kids.append(kid)
            birth += int(rng.uniform(1.2, 5) * _YEAR)
        return kids

    @staticmethod
    def _number_children(kids: list[_Member]) -> None:
        """GB/T 4761 relations of the head's children: 独生子/女 or 长子, 次子 … 长女, 次女 …"""
        if len(kids) == 1:
            kids[0].relation = "21" if kids[0].male else "31"
            return
        sons = sorted((k for k in kids if k.male), key=lambda k: k.birth)
        daughters = sorted((k for k in kids if not k.male), key=lambda k: k.birth)
        for i, kid in enumerate(sons):
            kid.relation = _SONS[i] if i < len(_SONS) else "29"
        for i, kid in enumerate(daughters):
            kid.relation = _DAUGHTERS[i] if i < len(_DAUGHTERS) else "39"

    def _kid_count(self) -> int:
        return _KIDS.draw(self.rng)

    def _single_elder(self) -> list[_Member]:
        rng = self.rng
        head = _Member(HEAD_RELATION, rng.random() < 0.38, self._born(65, 95))
        head.marital = _MARITAL_ELDER_ALONE.draw(rng)
        return [head]

    def _single_adult(self) -> list[_Member]:
        rng = self.rng
        head = _Member(HEAD_RELATION, rng.random() < 0.65, self._born(22, 64))
        if head.birth > self._at_least(30):
            head.marital = _MARITAL_YOUNG_SINGLE.draw(rng)
        else:
            head.marital = _MARITAL_OLDER_SINGLE.draw(rng)
        return [head]

    def _elder_couple(self) -> list[_Member]:
        return list(self._head_couple(60, 90, 0.9))

    def _couple(self) -> list[_Member]:
        return list(self._head_couple(23, 59, 0.85))

    def _single_parent(self) -> list[_Member]:
        rng = self.rng
        head = _Member(HEAD_RELATION, rng.random() < 0.4, self._born(27, 55))
        head.marital = _MARITAL_SINGLE_PARENT.draw(rng)
        kids = self._children([head], pick(rng, (1, 1, 2)), max_age=25)
        for kid in kids:
            # The other parent is not in the household: a mother's children mostly carry
            # their father's surname, which the naming step then draws.
            kid.father = head if head.male else None
            kid.mother = None if head.male else head
        self._number_children(kids)
        return [head, *kids]

    def _nuclear(self) -> list[_Member]:
        head, spouse = self._head_couple(23, 60, 0.88)
        kids = self._children([head, spouse], self._kid_count(), max_age=30)
        self._number_children(kids)
        return [head, spouse, *kids]

    def _three_gen_up(self) -> list[_Member]:
        """A couple with their children and one or both of the head's parents."""
        rng = self.rng
        head, spouse = self._head_couple(27, 56, 0.88)
        kids = self._children([head, spouse], self._kid_count(), max_age=28)
        self._number_children(kids)
        members = [head, spouse, *kids]
        lo = max(head.birth - _GAP_MAX, self._at_least(95))
        hi = head.birth - _GAP_MIN
        if lo > hi:
            return members
        father_birth = lo + int(rng.triangular(0, hi - lo, min(hi - lo, 18 * _YEAR)))
        mother_birth = min(hi, father_birth + int(rng.uniform(0, 5) * _YEAR))
        present = _HEAD_PARENTS.draw(rng)
        father = _Member(FATHER, True, father_birth) if present != "mother" else None
        mother = _Member(MOTHER, False, mother_birth) if present != "father" else None
        head.father, head.mother = father, mother
        if father and mother:
            father.spouse, mother.spouse = mother, father
            father.marital = mother.marital = "20"
        else:
            for parent in (father, mother):
                if parent:
                    parent.marital = _MARITAL_LONE_PARENT.draw(rng)
        members += [p for p in (father, mother) if p]
        return members

    def _three_gen_down(self) -> list[_Member]:
        """An older head (and spouse) with a married child, the child's spouse and
        grandchildren; sometimes a younger unmarried child too."""
        rng = self.rng
        male = rng.random() < 0.8
        head = _Member(HEAD_RELATION, male, self._born(50, 85))
        elders = [head]
        if rng.random() < (0.75 if male else 0.2):
            elders.append(self._spouse_for(head, WIFE if male else HUSBAND))
        else:
            head.marital = "30"
        son = rng.random() < 0.8
        married = self._children(elders, 1, min_age=22, max_age=52, males=[son])
        if not married:
            return elders
        child = married[0]
        lo = max(e.birth for e in elders) + _GAP_MIN
        hi = min(min(e.birth for e in elders) + _GAP_MAX, self._at_least(22))
        in_law = self._spouse_for(child, DAUGHTER_IN_LAW if son else SON_IN_LAW, (lo, hi))
        kids = [child]
        if rng.random() < 0.15:
            kids += self._children(elders, 1, min_age=16, max_age=35)
            if len(kids) == 2 and abs(kids[1].birth - child.birth) < 1.2 * _YEAR:
                kids.pop()  # siblings are not born months apart
        self._number_children(kids)
        room = _MAX_MEMBERS - len(elders) - len(kids) - 1
        grandkids = self._children([child, in_law], min(room, _GRANDKIDS.draw(rng)), max_age=25)
        for kid in grandkids:
            kid.relation = ("41" if kid.male else "42") if son else ("43" if kid.male else "44")
        return [*elders, *kids, in_law, *grandkids]

    def _collective(self) -> list[_Member]:
        """A 集体户 (e.g. a factory dormitory): unrelated adults."""
        rng = self.rng
        members = []
        for i in range(rng.randint(3, 7)):
            relation = HEAD_RELATION if i == 0 else NON_RELATIVE
            m = _Member(relation, rng.random() < 0.7, self._born(18, 58))
            if m.birth <= self._at_least(30):
                m.marital = _MARITAL_COLLECTIVE.draw(rng)
            members.append(m)
        return members

    # --- who they are ------------------------------------------------------------------

    def _household_minority(self) -> _Minority | None:
        rng = self.rng
        if rng.random() >= _MINORITY_HOUSEHOLDS:
            return None
        return self.minority_table.draw(rng)

    def _assign_ethnicity(self, members: list[_Member], minority: _Minority | None) -> None:
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

    def _assign_origin(self, members: list[_Member], home: tuple[str, str] | None) -> None:
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

    def _assign_names(self, members: list[_Member]) -> None:
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

    def _assign_status(self, members: list[_Member]) -> None:
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

    # --- what they do --------------------------------------------------------------------

    def _education(self, age: int, year: int, in_college: bool) -> str:
        rng = self.rng
        if in_college:
            return "60"  # highest completed: senior high school
        if age < 6:
            return "90"  # no code for pre-school children; 90 其他 is what registers use
        if age < 13:
            return "80"
        if age < 19:
            return "70"
        if age < 22:
            return _EDUCATION_19_21.draw(rng)
        for until, table in _EDUCATION_BY_COHORT:
            if year <= until:
                code = table.draw(rng)
                return "20" if code == "10" and age < 24 else code
        return "70"

    def _job_table(self, urban: bool, female: bool, college: bool, migrant: bool) -> Weighted[_Job]:
        key = (urban, female, college, migrant)
        table = self._job_tables.get(key)
        if table is None:
            jobs = [
                j
                for j in self.jobs
                if (college or not j.needs_college)
                and (female or not j.female_only)
                and not (migrant and j.kind in ("away", "farm", "cadre"))
            ]
            weights = [j.urban if urban or migrant else j.rural for j in jobs]
            table = self._job_tables[key] = Weighted(jobs, weights)
        return table

    def _work(
        self, m: _Member, education: str, in_college: bool, place: _Place, migrant: bool
    ) -> tuple[str, str, str, dict[str, str] | None]:
        """(occupation, workplace, job kind, destination when working away)."""
        rng = self.rng
        age = m.age
        if age < 6:
            return "学龄前儿童", "", "child", None
        if age < 16 or (age < 18 and rng.random() < 0.85) or in_college:
            if in_college:
                school = pick(rng, self.schools["college"])
            else:
                level = "primary" if age < 12 else "middle" if age < 15 else "high"
                school = pick(rng, self.schools[level]).format(township=place.township)
            return "学生", school, "student", None
        retire = (60 if m.male else 55) if place.urban or migrant else 65
        if age >= retire:
            if place.urban or migrant:
                if rng.random() < 0.7:
                    return "退休人员", "", "retired", None
                return "无业", "", "none", None
            farming = 0.6 if age < 75 else 0.15
            return (
                ("务农", "", "farm", None) if rng.random() < farming else ("无", "", "none", None)
            )
        job = self._job_table(place.urban, not m.male, education in _COLLEGE, migrant).draw(rng)
        destination = pick(rng, self.destinations) if job.kind == "away" else None
        template = pick(rng, job.workplaces)
        workplace = ""
        if "{" in template:
            workplace = template.format(
                township=place.township,
                township_stem=township_stem(place.township),
                committee=place.village + ("居民委员会" if place.urban else "村民委员会"),
                surname=m.surname or m.own,  # 买买提 runs 买买提记小吃店
                short=destination["short"] if destination else "",
                word=pick(rng, self.company_words) if "{word}" in template else "",
                industry=pick(rng, self.industries) if "{industry}" in template else "",
            )
        else:
            workplace = template
        return pick(rng, job.occupations), workplace, job.kind, destination

    def _political(self, age: int, male: bool, education: str, job: str) -> str:
        rng = self.rng
        if age < 14:
            return "13"
        if age >= 18:
            p = 0.025 + (0.025 if male else 0) + (0.025 if age >= 50 else 0)
            p += 0.1 if education in ("10", "20") else 0.04 if education == "30" else 0
            p += {"civil": 0.35, "teacher": 0.2, "medical": 0.1, "cadre": 0.6}.get(job, 0)
            r = rng.random()
            if r < p:
                return "01"
            if age <= 40 and r < p + 0.004:
                return "02"
        if age <= 28 and rng.random() < (0.5 if job == "student" else 0.25):
            return "03"
        if education in _COLLEGE and age >= 30:
            r = rng.random()
            if r < 0.005:
                return pick(rng, ("04", "05", "06", "07", "08", "09", "10", "11"))
            if r < 0.006:
                return "12"
        return "13"

    def _phone(self, age: int, status: str) -> str:
        rng = self.rng
        if status == "3":
            return ""
        if age >= 18:
            none = 0.45 if age >= 75 else 0.15 if age >= 60 else 0.02
            return "" if rng.random() < none else self.phones.take()
        if age >= 14 and rng.random() < 0.3:
            return self.phones.take()
        return ""

    def _home_address(self, home: tuple[str, str]) -> str:
        """A fictional address in a migrant's home county."""
        rng = self.rng
        town = pick(rng, self.village_first) + pick(rng, self.village_second)
        village = pick(rng, self.village_first) + pick(rng, self.village_second)
        return f"{home[1]}{town}镇{village}村{rng.randint(1, 12)}组{rng.randint(1, 80)}号"

    # --- one household -------------------------------------------------------------------

    def household(
        self, township: DemoPlace, village: DemoPlace, grid_code: str, address: str
    ) -> DemoHousehold:
        """The next household, living at ``address`` in ``grid_code`` of ``village``."""
        rng = self.rng
        minority = self._household_minority()
        migrant_share = minority.migrant_share if minority else _HAN_MIGRANT_HOUSEHOLDS
        migrant = rng.random() < migrant_share
        home = pick(rng, minority.homes if minority else self.han_homes) if migrant else None
        collective = not migrant and rng.random() < _COLLECTIVE_HOUSEHOLDS
        if collective:
            members = self._collective()
        else:
            shape = (_SHAPES_MIGRANT if migrant else _SHAPES_LOCAL).draw(rng)
            members = self.shapes[shape]()
        members.sort(key=lambda m: m.birth)  # oldest first: parents before children
        today = self.as_of
        for m in members:
            born = date.fromordinal(m.birth)
            m.year = born.year
            m.age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if collective:
            for m in members:
                m.ethnicity = HAN if rng.random() < 0.97 else self._any_minority()
                m.origin = self.local if rng.random() < 0.6 else pick(rng, self.married_in)
                m.native = m.origin[0]
        else:
            self._assign_ethnicity(members, minority)
            self._assign_origin(members, home)
        self._assign_names(members)
        self._assign_status(members)
        members.sort(key=lambda m: (m.relation, m.birth))  # 户主 first, then by relation
        urban = is_community(village.code)
        place = _Place(
            township=township.name,
            village=village.name,
            area_code=village.code,
            grid_code=grid_code,
            address=address,
            full_address=f"{self.county_prefix}{township.name}{address}",
            urban=urban,
        )
        home_address = self._home_address(home) if home else ""
        people = [self._person(m, place, home, home_address) for m in members]
        head = people[0].fields
        note = pick(rng, self.household_notes) if rng.random() < 0.02 else ""
        household = DemoHousehold(
            fields={
                "household_no": self.household_nos.take(),
                "address": address,
                "area_code": village.code,
                "grid_code": grid_code,
                "kind": "2" if collective else "1",
                "resident_match": head["resident_match"],
                "note": note,
            },
            members=people,
            tags=[],
        )
        members_fields = [p.fields for p in people]
        no = str(household.fields["household_no"])
        household.tags = household_tags(household_person_tags(members_fields, no, self.as_of))
        return household

    def _any_minority(self) -> str:
        return pick(self.rng, self.han_style_minorities).code

    def _person(
        self, m: _Member, place: _Place, home: tuple[str, str] | None, home_address: str
    ) -> DemoPerson:
        rng = self.rng
        id_number, birth = self.ids.issue(m.origin[0], m.birth, m.male)
        birth_date = date.fromordinal(birth)
        age = m.age
        in_college = 18 <= age <= 22 and rng.random() < 0.4
        education = self._education(age, birth_date.year, in_college)
        occupation, workplace, job, destination = self._work(
            m, education, in_college, place, home is not None
        )
        if m.status == "3":
            destination = None
        if home:
            reg_code, reg_address = home[0], home_address
        else:
            reg_code, reg_address = self.county_code, place.full_address
        if destination:
            cur_code = destination["code"]
            street = pick(rng, self.destination_streets)
            cur_address = f"{destination['name']}{street}{rng.randint(1, 399)}号"
        else:
            cur_code, cur_address = self.county_code, place.full_address
        fields: dict[str, object] = {
            "id_number": id_number,
            "name": m.name,
            "sex": "1" if m.male else "2",
            "birth_date": birth_date,
            "former_name": m.former_name,
            "ethnicity": m.ethnicity,
            "native_place": m.native,
            "marital": m.marital,
            "political": self._political(age, m.male, education, job),
            "education": education,
            "occupation": occupation,
            "workplace": workplace,
            "phone": self._phone(age, m.status),
            "reg_area_code": reg_code,
            "reg_address": reg_address,
            "cur_area_code": cur_code,
            "cur_address": cur_address,
            "resident_match": "02" if home or destination else "01",
            "relation": m.relation,
            "population_type": "2" if home else "1",
            "status": m.status,
            "status_date": m.status_date,
            "verified": m.status != "1" or rng.random() < 0.85,
            "note": pick(rng, self.notes) if rng.random() < 0.03 else "",
            "area_code": place.area_code,
            "grid_code": place.grid_code,
        }
        return DemoPerson(fields)


__all__ = [
    "DEMO_AS_OF",
    "HOUSEHOLD_FIELDS",
    "PERSON_FIELDS",
    "DemoHousehold",
    "DemoPerson",
    "DemoPlace",
    "demo_households",
    "demo_places",
    "person_tags_for",
]
