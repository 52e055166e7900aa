"""Names for demo people: surnames by their real frequency, given names typical of the birth
cohort and sex (建国 and 秀英 for the 1950s, 梓轩 and 欣怡 for the 2010s), and the naming of
minorities that do not use a Han surname (阿依古丽·买买提, 扎西多吉, 巴特尔)."""

from __future__ import annotations

import json
import random
from bisect import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any, Generic, TypeVar

from gridapp.models.names import surnames
from gridapp.paths import resource_path

HAN = "01"
# Naming styles of resources/demo/people.json "minorities".
STYLE_HAN = "han"
STYLE_UYGHUR = "uyghur"
STYLE_TIBETAN = "tibetan"
STYLE_MONGOL = "mongol"
NAME_DOT = "·"


@cache
def name_words() -> dict[str, Any]:
    """Given-name lists (``resources/demo/names.json``)."""
    with resource_path("demo", "names.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@dataclass(frozen=True)
class _Pool:
    names: tuple[str, ...]
    first: tuple[str, ...]
    second: tuple[str, ...]
    single: tuple[str, ...]

    @classmethod
    def parse(cls, raw: dict[str, str]) -> _Pool:
        return cls(*(tuple(raw[key].split()) for key in ("names", "first", "second", "single")))


@dataclass(frozen=True)
class _Era:
    until: int  # last birth year of the cohort
    single_share: float
    male: _Pool
    female: _Pool


T = TypeVar("T")


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice(items)``, about three times faster (it matters a million times over)."""
    return items[int(rng.random() * len(items))]


class Weighted(Generic[T]):
    """Draws from items with weights in O(log n) (cumulative weights + bisect); cheaper than
    ``random.choices``, which rebuilds its cumulative list on every call."""

    def __init__(self, items: list[T], weights: list[float]) -> None:
        self._items = items
        self._cumulative = list(accumulate(weights))
        self._total = self._cumulative[-1]

    @classmethod
    def of(cls, table: Mapping[T, float]) -> Weighted[T]:
        """From a mapping of item to weight."""
        return cls(list(table), [float(w) for w in table.values()])

    def draw(self, rng: random.Random) -> T:
        return self._items[bisect(self._cumulative, rng.random() * self._total)]


class Namer:
    """Draws surnames and given names with one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        words = name_words()
        table = surnames()
        self._national = Weighted([s.surname for s in table], [s.per_mille for s in table])
        self._by_ethnicity: dict[str, Weighted[str]] = {}
        for code, spec in words["surnames_by_ethnicity"].items():
            pairs = [item.split(":") for item in spec.split()]
            self._by_ethnicity[code] = Weighted([p[0] for p in pairs], [float(p[1]) for p in pairs])
        self._eras = [
            _Era(
                int(era["born_until"]),
                float(era["single_share"]),
                _Pool.parse(era["male"]),
                _Pool.parse(era["female"]),
            )
            for era in words["han"]
        ]
        self._own: dict[tuple[str, bool], tuple[str, ...]] = {
            (style, male): tuple(words[style]["male" if male else "female"].split())
            for style in (STYLE_UYGHUR, STYLE_TIBETAN, STYLE_MONGOL)
            for male in (True, False)
        }

    def surname(self, ethnicity: str = HAN) -> str:
        """A surname: national frequencies (compound surnames included, rarely), or the
        typical surnames of a minority that uses Han-style names (回族 马, 壮族 韦 …)."""
        table = self._by_ethnicity.get(ethnicity, self._national)
        return table.draw(self._rng)

    def _era(self, birth_year: int) -> _Era:
        for era in self._eras:
            if birth_year <= era.until:
                return era
        return self._eras[-1]

    def given(self, birth_year: int, male: bool, first: str | None = None) -> str:
        """A Han given name for someone born in ``birth_year``: a common name of the cohort,
        two characters composed from the cohort's lists, or a single character. With ``first``
        (a generation character shared by siblings) the name is ``first`` + one character."""
        rng = self._rng
        era = self._era(birth_year)
        pool = era.male if male else era.female
        if first is not None:
            return first + pick(rng, pool.second)
        r = rng.random()
        if r < era.single_share:
            return pick(rng, pool.single)
        if r < era.single_share + (1 - era.single_share) * 0.55:
            return pick(rng, pool.names)
        return pick(rng, pool.first) + pick(rng, pool.second)

    def generation_char(self, birth_year: int, male: bool) -> str:
        """A first character for siblings to share (字辈)."""
        era = self._era(birth_year)
        return pick(self._rng, (era.male if male else era.female).first)

    def own_name(self, style: str, male: bool) -> str:
        """A personal name in a minority naming style (no surname): Uyghur 买买提 (the full name
        adds the father's name after a dot), Tibetan 扎西多吉 or 卓玛, Mongol 巴特尔."""
        rng = self._rng
        names = self._own[(style, male)]
        if style == STYLE_TIBETAN and rng.random() < 0.7:
            first, second = rng.sample(names, 2)
            return first + second
        return pick(rng, names)


__all__ = [
    "HAN",
    "NAME_DOT",
    "STYLE_HAN",
    "STYLE_MONGOL",
    "STYLE_TIBETAN",
    "STYLE_UYGHUR",
    "Namer",
    "Weighted",
    "name_words",
    "pick",
]
