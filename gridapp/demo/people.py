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

This module is the entry point; the work is shared out among
:mod:`~gridapp.demo.records` (the output records and field lists),
:mod:`~gridapp.demo.households` (one household, start to finish),
:mod:`~gridapp.demo.family` (who lives together, how related, born when),
:mod:`~gridapp.demo.identity` (ethnicity, origin, names, deaths and departures),
:mod:`~gridapp.demo.person_fields` (ID number, schooling, work, phone, addresses),
:mod:`~gridapp.demo.places`, :mod:`~gridapp.demo.naming`, :mod:`~gridapp.demo.numbers` and
:mod:`~gridapp.demo.tags`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from gridapp.demo.households import HouseholdMaker
from gridapp.demo.places import (
    GRID,
    TOWNSHIP,
    VILLAGE,
    DemoPlace,
    GridAddresses,
    apportion,
    demo_places,
    is_community,
)
from gridapp.demo.records import (
    DEMO_AS_OF,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    DemoHousehold,
    DemoPerson,
)
from gridapp.demo.tags import person_tags


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
    maker = HouseholdMaker(seed, as_of)
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
