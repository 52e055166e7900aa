"""Household composition for demo data: who lives together and how they are related.

Draws a household's shape (an old person alone, a couple, parents with children, three
generations up or down, a 集体户 of unrelated adults) and builds its members with GB/T 4761
relations to the 户主, birth days that fit those relations (a parent 20–45 years older than a
child, a husband usually a little older than his wife, siblings 1–5 years apart) and the
marital status of people living without a spouse. Names, ethnicity and everything else about
the members are filled in afterwards (:mod:`gridapp.demo.identity`,
:mod:`gridapp.demo.person_fields`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from gridapp.demo.naming import HAN, Weighted, pick
from gridapp.models.household import HEAD_RELATION

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
# Household shapes and their weights; the mean size comes out at about 3.3.
SHAPES_LOCAL = Weighted.of(
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
SHAPES_MIGRANT = Weighted.of({"single_adult": 22, "couple": 18, "nuclear": 48, "single_parent": 6})
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
_MAX_MEMBERS = 7


class Member:
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
        self.father: Member | None = None
        self.mother: Member | None = None
        self.spouse: Member | None = None
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


class Families:
    """Builds the members of households, shape after shape, from the generator's one random
    generator (shared with the rest of the household, so the draws stay in a fixed order)."""

    def __init__(self, rng: random.Random, as_of: date) -> None:
        self.rng = rng
        self.today = as_of.toordinal()
        self.shapes: dict[str, Callable[[], list[Member]]] = {
            "single_elder": self._single_elder,
            "single_adult": self._single_adult,
            "elder_couple": self._elder_couple,
            "couple": self._couple,
            "single_parent": self._single_parent,
            "nuclear": self._nuclear,
            "three_gen_up": self._three_gen_up,
            "three_gen_down": self._three_gen_down,
        }

    def build(self, shape: str) -> list[Member]:
        """The members of a household of ``shape`` (a key of :data:`SHAPES_LOCAL` or
        :data:`SHAPES_MIGRANT`), in no particular order."""
        return self.shapes[shape]()

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
        self, partner: Member, relation: str, window: tuple[int, int] | None = None
    ) -> Member:
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
        spouse = Member(relation, male, birth)
        spouse.by_marriage = True
        spouse.marital = partner.marital = "20"
        spouse.spouse, partner.spouse = partner, spouse
        return spouse

    def _head_couple(
        self, age_lo: float, age_hi: float, male_share: float
    ) -> tuple[Member, Member]:
        male = self.rng.random() < male_share
        head = Member(HEAD_RELATION, male, self._born(age_lo, age_hi))
        spouse = self._spouse_for(head, WIFE if male else HUSBAND)
        return head, spouse

    def _children(
        self,
        parents: list[Member],
        count: int,
        *,
        min_age: float = 0,
        max_age: float = 30,
        males: list[bool] | None = None,
    ) -> list[Member]:
        """Up to ``count`` children of ``parents``, each 20–45 years younger than every parent,
        aged ``min_age``..``max_age``; oldest first, 1–5 years apart."""
        rng = self.rng
        births = [p.birth for p in parents]
        lo = max(max(births) + _GAP_MIN, self.today - int((max_age + 1) * _YEAR) + 3)
        hi = min(min(births) + _GAP_MAX, self._at_least(min_age) if min_age else self.today)
        kids: list[Member] = []
        if lo > hi or count <= 0:
            return kids
        birth = lo + int(rng.triangular(0, hi - lo, min(hi - lo, 4 * _YEAR)))
        father = next((p for p in parents if p.male), None)
        mother = next((p for p in parents if not p.male), None)
        for i in range(count):
            if birth > hi:
                break
            male = males[i] if males else rng.random() < 0.52
            kid = Member("", male, birth)
            kid.father, kid.mother = father, mother
            kids.append(kid)
            birth += int(rng.uniform(1.2, 5) * _YEAR)
        return kids

    @staticmethod
    def _number_children(kids: list[Member]) -> None:
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

    def _single_elder(self) -> list[Member]:
        rng = self.rng
        head = Member(HEAD_RELATION, rng.random() < 0.38, self._born(65, 95))
        head.marital = _MARITAL_ELDER_ALONE.draw(rng)
        return [head]

    def _single_adult(self) -> list[Member]:
        rng = self.rng
        head = Member(HEAD_RELATION, rng.random() < 0.65, self._born(22, 64))
        if head.birth > self._at_least(30):
            head.marital = _MARITAL_YOUNG_SINGLE.draw(rng)
        else:
            head.marital = _MARITAL_OLDER_SINGLE.draw(rng)
        return [head]

    def _elder_couple(self) -> list[Member]:
        return list(self._head_couple(60, 90, 0.9))

    def _couple(self) -> list[Member]:
        return list(self._head_couple(23, 59, 0.85))

    def _single_parent(self) -> list[Member]:
        rng = self.rng
        head = Member(HEAD_RELATION, rng.random() < 0.4, self._born(27, 55))
        head.marital = _MARITAL_SINGLE_PARENT.draw(rng)
        kids = self._children([head], pick(rng, (1, 1, 2)), max_age=25)
        for kid in kids:
            # The other parent is not in the household: a mother's children mostly carry
            # their father's surname, which the naming step then draws.
            kid.father = head if head.male else None
            kid.mother = None if head.male else head
        self._number_children(kids)
        return [head, *kids]

    def _nuclear(self) -> list[Member]:
        head, spouse = self._head_couple(23, 60, 0.88)
        kids = self._children([head, spouse], self._kid_count(), max_age=30)
        self._number_children(kids)
        return [head, spouse, *kids]

    def _three_gen_up(self) -> list[Member]:
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
        father = Member(FATHER, True, father_birth) if present != "mother" else None
        mother = Member(MOTHER, False, mother_birth) if present != "father" else None
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

    def _three_gen_down(self) -> list[Member]:
        """An older head (and spouse) with a married child, the child's spouse and
        grandchildren; sometimes a younger unmarried child too."""
        rng = self.rng
        male = rng.random() < 0.8
        head = Member(HEAD_RELATION, male, self._born(50, 85))
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

    def collective(self) -> list[Member]:
        """A 集体户 (e.g. a factory dormitory): unrelated adults."""
        rng = self.rng
        members = []
        for i in range(rng.randint(3, 7)):
            relation = HEAD_RELATION if i == 0 else NON_RELATIVE
            m = Member(relation, rng.random() < 0.7, self._born(18, 58))
            if m.birth <= self._at_least(30):
                m.marital = _MARITAL_COLLECTIVE.draw(rng)
            members.append(m)
        return members


__all__ = [
    "DAUGHTER_IN_LAW",
    "FATHER",
    "HUSBAND",
    "MOTHER",
    "NON_RELATIVE",
    "SHAPES_LOCAL",
    "SHAPES_MIGRANT",
    "SON_IN_LAW",
    "WIFE",
    "Families",
    "Member",
]
