"""The demo county's places and addresses: 武宁县 (360423), its townships, fictional villages
and communities, their grids, and plausible door addresses inside each grid.

Codes follow the 统计用区划代码 rules so that everything keyed on them (scope, sync, ledgers)
behaves as with real data: township = county + 3 digits (0xx 街道, 1xx 镇, 2xx 乡), village =
township + 3 digits (001–199 社区, 200+ 村), grid = village + "-" + 2 digits. The township names
are real; their codes here are assigned by these rules, not copied from the official list, and
the villages are invented.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from gridapp.paths import resource_path

COUNTY = "county"
TOWNSHIP = "township"
VILLAGE = "village"
GRID = "grid"

HOUSEHOLDS_PER_VILLAGE = (300, 800)
MIN_TOWNSHIPS = 8
VILLAGES_PER_TOWNSHIP = 30  # beyond this many, more of the county's townships are used
_GRID_NUMERALS = "一二三四五六七八九"
_TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")
# First code of each kind of township and of village (统计用区划代码).
_TOWNSHIP_CODE_START = {"subdistrict": 1, "town": 100, "township": 200}
_COMMUNITY_CODE_START = 1
_VILLAGE_CODE_START = 200


@dataclass
class DemoPlace:
    """A place of the demo county: county (6-digit code), township (9), village or community
    (12) or grid (village code + "-NN")."""

    code: str
    name: str
    level: str  # COUNTY | TOWNSHIP | VILLAGE | GRID
    parent_code: str | None


@cache
def place_words() -> dict[str, Any]:
    """The demo county's word lists (``resources/demo/places.json``)."""
    with resource_path("demo", "places.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def is_community(village_code: str) -> bool:
    """Whether a 12-digit village code is a 社区 (urban, 001–199) rather than a 村 (200+)."""
    return int(village_code[9:12]) < _VILLAGE_CODE_START


def township_stem(name: str) -> str:
    """ "宋溪镇" -> "宋溪", "豫宁街道" -> "豫宁"."""
    for suffix in _TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def demo_places(seed: int, households: int) -> list[DemoPlace]:
    """The county, its townships, villages and grids, sized for ``households`` households.

    Villages hold ~300–800 households each and get 2–6 grids by size; about 8 townships are
    used (more, up to the county's 19, when there are many villages). The list is in tree order:
    each place comes after its parent. Same seed and size give the same places.
    """
    if households < 0:
        raise ValueError(f"households must not be negative, not {households}")
    rng = random.Random(f"gridapp-demo-places:{seed}")
    words = place_words()
    county = words["county"]
    sizes = [rng.randint(*HOUSEHOLDS_PER_VILLAGE)]
    while sum(sizes) < households:
        sizes.append(rng.randint(*HOUSEHOLDS_PER_VILLAGE))
    all_townships = words["townships"]
    n_townships = min(
        len(all_townships),
        max(min(MIN_TOWNSHIPS, len(sizes)), math.ceil(len(sizes) / VILLAGES_PER_TOWNSHIP)),
    )
    per_township = _spread(rng, len(sizes), n_townships)
    names = _NamePool(rng, words)
    places = [DemoPlace(county["code"], county["name"], COUNTY, None)]
    next_code = dict(_TOWNSHIP_CODE_START)
    size_iter = iter(sizes)
    for township, n_villages in zip(all_townships, per_township, strict=False):
        kind = township["kind"]
        t_code = f"{county['code']}{next_code[kind]:03d}"
        next_code[kind] += 1
        places.append(DemoPlace(t_code, township["name"], TOWNSHIP, county["code"]))
        n_communities = _community_count(rng, kind, n_villages)
        stem = township_stem(township["name"])
        for i in range(n_villages):
            if i < n_communities:
                v_code = f"{t_code}{_COMMUNITY_CODE_START + i:03d}"
                v_name = names.community(stem if i == 0 and kind != "township" else None)
            else:
                v_code = f"{t_code}{_VILLAGE_CODE_START + i - n_communities:03d}"
                v_name = names.village()
            places.append(DemoPlace(v_code, v_name, VILLAGE, t_code))
            n_grids = min(6, max(2, round(next(size_iter) / 130)))
            places.extend(
                DemoPlace(f"{v_code}-{g:02d}", f"第{_GRID_NUMERALS[g - 1]}网格", GRID, v_code)
                for g in range(1, n_grids + 1)
            )
    return places


def _spread(rng: random.Random, total: int, buckets: int) -> list[int]:
    """``total`` split over ``buckets`` with some variety, each at least 1 when possible."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(buckets)]
    return apportion(total, weights, minimum=1 if total >= buckets else 0)


def apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Integers proportional to ``weights`` summing to ``total`` (largest remainder), each at
    least ``minimum`` (which must fit: ``minimum * len(weights) <= total``)."""
    if not weights:
        return []
    rest = total - minimum * len(weights)
    scale = sum(weights)
    exact = [rest * w / scale for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: rest - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


def _community_count(rng: random.Random, kind: str, n_villages: int) -> int:
    """How many of a township's villages are 社区: most in a 街道, one or two at a town's
    seat (none in a small demo, which should look rural), rarely one in a 乡."""
    if kind == "subdistrict":
        return max(1, round(n_villages * 0.8))
    if kind == "town":
        return 0 if n_villages <= 2 else 1 + (n_villages > 6 and rng.random() < 0.5)
    return int(n_villages >= 4 and rng.random() < 0.4)


class _NamePool:
    """Unique village and community names for one county."""

    def __init__(self, rng: random.Random, words: dict[str, Any]) -> None:
        self._rng = rng
        self._first: list[str] = words["village_first"].split()
        self._second: list[str] = words["village_second"].split()
        self._community: list[str] = words["community_names"].split()
        rng.shuffle(self._community)
        self._used: set[str] = set()

    def _stem(self) -> str:
        while True:
            stem = self._rng.choice(self._first) + self._rng.choice(self._second)
            if stem[0] != stem[1] and stem + "村" not in self._used:
                return stem

    def village(self) -> str:
        name = self._stem() + "村"
        self._used.add(name)
        return name

    def community(self, stem: str | None) -> str:
        candidates = [stem] if stem else []
        candidates += self._community
        for candidate in candidates:
            name = candidate + "社区"
            if name not in self._used:
                self._used.add(name)
                return name
        name = self._stem() + "社区"
        self._used.add(name)
        return name


class GridAddresses:
    """Door addresses for the households of one village, grid after grid.

    Rural 村: each grid covers a few consecutive 组 and households get house numbers within
    their 组 (石泉村3组15号). Urban 社区: each grid has its own road with apartment buildings
    (宋溪社区幸福路8号2栋1单元302室) and some street houses (宋溪社区老街23号). Every address
    of a village is different.
    """

    def __init__(self, rng: random.Random, village: DemoPlace) -> None:
        self._rng = rng
        self._village = village
        self._urban = is_community(village.code)
        self._next_group = 1
        roads: list[str] = place_words()["roads"].split()
        rng.shuffle(roads)
        self._roads = roads
        self._next_road = 0

    def for_grid(self, count: int) -> Iterator[str]:
        """``count`` addresses for the next grid of the village."""
        if self._urban:
            return self._urban_grid(count)
        return self._rural_grid(count)

    def _rural_grid(self, count: int) -> Iterator[str]:
        rng = self._rng
        groups = max(rng.randint(2, 4), math.ceil(count / 45))
        first = self._next_group
        self._next_group += groups
        per_group = apportion(count, [rng.uniform(0.7, 1.3) for _ in range(groups)])
        for offset, n in enumerate(per_group):
            number = 0
            for _ in range(n):
                number += 1 if rng.random() < 0.9 else 2
                yield f"{self._village.name}{first + offset}组{number}号"

    def _take_road(self) -> tuple[str, int]:
        # Roads are shared out among the grids; when they run out a road is reused with a
        # higher block of numbers, so addresses stay distinct.
        road = self._roads[self._next_road % len(self._roads)]
        base = 200 * (self._next_road // len(self._roads))
        self._next_road += 1
        return road, base

    def _urban_grid(self, count: int) -> Iterator[str]:
        rng = self._rng
        prefix = self._village.name
        road, base = self._take_road()
        house_no = base + 1  # odd numbers: street houses
        estate_no = base + 2  # even numbers: apartment estates
        flats = self._flats(rng)
        for _ in range(count):
            if rng.random() < 0.2:
                yield f"{prefix}{road}{house_no}号"
                house_no += 2 if rng.random() < 0.85 else 4
                continue
            flat = next(flats, None)
            if flat is None:
                estate_no += 2 * rng.randint(1, 4)
                flats = self._flats(rng)
                flat = next(flats)
            yield f"{prefix}{road}{estate_no}号{flat}"

    @staticmethod
    def _flats(rng: random.Random) -> Iterator[str]:
        """The occupied flats of one estate: buildings × units × floors × 2 rooms."""
        floors = rng.choice((5, 6, 6, 7, 11, 18))
        units = rng.randint(1, 4)
        for building in range(1, rng.randint(2, 12) + 1):
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for room in (1, 2):
                        if rng.random() < 0.88:
                            yield f"{building}栋{unit}单元{floor}{room:02d}室"


__all__ = [
    "COUNTY",
    "GRID",
    "TOWNSHIP",
    "VILLAGE",
    "DemoPlace",
    "GridAddresses",
    "apportion",
    "demo_places",
    "is_community",
    "place_words",
    "township_stem",
]
