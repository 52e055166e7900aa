"""The demo county generator: places, households and people that look and behave like a real
register (valid ID numbers, one 户主 per household, ages that fit the relations …)."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from stdnum.cn import ric

from gridapp.demo import (
    DEMO_AS_OF,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    DemoHousehold,
    DemoPlace,
    demo_households,
    demo_places,
    person_tags_for,
)
from gridapp.models.household import Household, Person, field_names
from gridapp.models.names import split_name
from gridapp.paths import resource_path

SEED = 7
HOUSEHOLDS = 20_000


@pytest.fixture(scope="module")
def places() -> list[DemoPlace]:
    return demo_places(SEED, HOUSEHOLDS)


@pytest.fixture(scope="module")
def households(places: list[DemoPlace]) -> list[DemoHousehold]:
    return list(demo_households(SEED, HOUSEHOLDS, places))


@pytest.fixture(scope="module")
def people(households: list[DemoHousehold]) -> list[dict[str, object]]:
    return [p.fields for h in households for p in h.members]


def age(born: object, on: date = DEMO_AS_OF) -> int:
    assert isinstance(born, date)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def born(person: dict[str, object]) -> date:
    value = person["birth_date"]
    assert isinstance(value, date)
    return value


def years_between(older: object, younger: object) -> int:
    assert isinstance(older, date) and isinstance(younger, date)
    return age(older, younger)


# --- places -----------------------------------------------------------------------------


def test_place_codes_follow_the_statistical_code_rules(places: list[DemoPlace]) -> None:
    by_code = {p.code: p for p in places}
    assert len(by_code) == len(places), "codes are unique"
    (county,) = [p for p in places if p.level == "county"]
    assert (county.code, county.name, county.parent_code) == ("360423", "武宁县", None)
    seen: set[str] = set()
    for place in places:
        if place.parent_code is not None:
            assert place.parent_code in seen, "parents come before their children"
        seen.add(place.code)
        parent = by_code.get(place.parent_code or "")
        if place.level == "township":
            assert re.fullmatch(r"360423\d{3}", place.code)
            kind = int(place.code[6:9]) // 100
            assert place.name.endswith({0: "街道", 1: "镇", 2: "乡"}[kind])
        elif place.level == "village":
            assert parent is not None and parent.level == "township"
            assert re.fullmatch(re.escape(parent.code) + r"\d{3}", place.code)
            community = int(place.code[9:]) < 200
            assert place.name.endswith("社区" if community else "村"), place
        elif place.level == "grid":
            assert parent is not None and parent.level == "village"
            assert re.fullmatch(re.escape(parent.code) + r"-\d{2}", place.code)
            assert re.fullmatch(r"第[一二三四五六]网格", place.name)
        else:
            assert place.level == "county"


def test_villages_have_two_to_six_grids(places: list[DemoPlace]) -> None:
    grids = Counter(p.parent_code for p in places if p.level == "grid")
    villages = [p.code for p in places if p.level == "village"]
    assert all(2 <= grids[v] <= 6 for v in villages)
    names = [p.name for p in places if p.level == "village"]
    assert len(names) == len(set(names)), "village names are unique in the county"


@pytest.mark.parametrize("households", [1, 300, 20_000, 300_000])
def test_villages_scale_with_households(households: int) -> None:
    places = demo_places(1, households)
    villages = sum(p.level == "village" for p in places)
    townships = sum(p.level == "township" for p in places)
    assert households / 800 <= villages <= households / 300 + 1
    assert 1 <= townships <= 19
    if villages >= 8:
        assert townships >= 8


def test_places_are_deterministic() -> None:
    assert demo_places(3, 5000) == demo_places(3, 5000)
    assert demo_places(3, 5000) != demo_places(4, 5000)


# --- households: shape --------------------------------------------------------------------


def test_same_seed_same_households(places: list[DemoPlace]) -> None:
    first = list(demo_households(11, 400, places))
    assert first == list(demo_households(11, 400, places))
    assert first != list(demo_households(12, 400, places))


_DIGEST = """
import hashlib
from gridapp.demo import demo_households, demo_places, person_tags_for
places = demo_places(5, 500)
digest = hashlib.sha256(repr(places).encode())
for household in demo_households(5, 500, places):
    digest.update(repr(household).encode())
    for member in household.members:
        digest.update(repr(person_tags_for(member, household)).encode())
print(digest.hexdigest())
"""


def test_same_output_in_another_process() -> None:
    """Nothing depends on str hashing (PYTHONHASHSEED) or other per-process state."""
    digests = {
        subprocess.run(
            [sys.executable, "-c", _DIGEST],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(digests) == 1


def test_is_a_lazy_generator(places: list[DemoPlace]) -> None:
    stream = demo_households(1, 300_000, places)
    assert isinstance(stream, Iterator)
    assert len(list(itertools.islice(stream, 5))) == 5


def test_count_and_bad_arguments(places: list[DemoPlace]) -> None:
    assert list(demo_households(1, 0, places)) == []
    assert sum(1 for _ in demo_households(1, 123, places)) == 123
    with pytest.raises(ValueError):
        demo_households(1, -1, places)
    with pytest.raises(ValueError):
        demo_households(1, 10, [p for p in places if p.level == "county"])


def test_fields_are_the_entity_fields(households: list[DemoHousehold]) -> None:
    person_fields = set(field_names(Person))
    household_fields = set(field_names(Household))
    assert set(PERSON_FIELDS) <= person_fields
    assert set(HOUSEHOLD_FIELDS) <= household_fields
    for household in households[:200]:
        assert tuple(household.fields) == HOUSEHOLD_FIELDS
        Household(id="h", **household.fields)  # type: ignore[arg-type]
        for member in household.members:
            assert tuple(member.fields) == PERSON_FIELDS
            Person(id="p", household_id="h", **member.fields)  # type: ignore[arg-type]


def test_exactly_one_head_per_household_listed_first(households: list[DemoHousehold]) -> None:
    for household in households:
        relations = [m.fields["relation"] for m in household.members]
        assert relations.count("02") == 1
        assert relations[0] == "02"
        assert household.members[0].fields["status"] == "1"


def test_household_sizes(households: list[DemoHousehold]) -> None:
    sizes = Counter(len(h.members) for h in households)
    assert set(sizes) <= set(range(1, 8))
    assert set(sizes) == set(range(1, 8)), "every size from 1 to 7 occurs"
    mean = sum(k * v for k, v in sizes.items()) / len(households)
    assert 3.0 <= mean <= 3.6
    assert sizes[1] / len(households) > 0.05, "single people (many of them elderly) exist"
    kinds = Counter(h.fields["kind"] for h in households)
    assert 0 < kinds["2"] < kinds["1"] / 50, "集体户 are rare"


def test_household_numbers_are_unique_nine_digits(households: list[DemoHousehold]) -> None:
    numbers = [h.fields["household_no"] for h in households]
    assert all(isinstance(n, str) and re.fullmatch(r"[1-9]\d{8}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_places_of_households_and_people(
    households: list[DemoHousehold], places: list[DemoPlace]
) -> None:
    village_of_grid = {p.code: p.parent_code for p in places if p.level == "grid"}
    villages = {p.code: p for p in places if p.level == "village"}
    addresses: set[tuple[object, object]] = set()
    for household in households:
        fields = household.fields
        village = villages[str(fields["area_code"])]
        assert village_of_grid[str(fields["grid_code"])] == village.code
        address = str(fields["address"])
        assert address.startswith(village.name)
        if village.name.endswith("村"):
            assert re.fullmatch(re.escape(village.name) + r"\d+组\d+号", address)
        else:
            pattern = re.escape(village.name) + r"\w+?(路|街|道)\d+号(\d+栋\d+单元\d+室)?"
            assert re.fullmatch(pattern, address), address
        assert (village.code, address) not in addresses, "one household per address"
        addresses.add((village.code, address))
        for member in household.members:
            assert member.fields["area_code"] == fields["area_code"]
            assert member.fields["grid_code"] == fields["grid_code"]
    grids_used = {h.fields["grid_code"] for h in households}
    assert grids_used == set(village_of_grid), "every grid has households"


# --- people -------------------------------------------------------------------------------


def test_id_numbers_are_valid_unique_and_agree_with_the_person(
    people: list[dict[str, object]],
) -> None:
    seen: set[str] = set()
    for person in people:
        number = str(person["id_number"])
        assert re.fullmatch(r"\d{17}[\dX]", number), number
        assert ric.calc_check_digit(number) == number[-1], number
        born = person["birth_date"]
        assert isinstance(born, date)
        assert number[6:14] == born.strftime("%Y%m%d")
        assert person["sex"] == ("1" if int(number[16]) % 2 else "2")
        assert number not in seen
        seen.add(number)
    areas = Counter(str(p["id_number"])[:6] for p in people)
    assert areas.most_common(1)[0][0] == "360423"
    assert areas["360423"] / len(people) > 0.75
    assert len(areas) > 10, "married-in spouses and migrants bring other area codes"


def test_birth_dates_are_plausible(people: list[dict[str, object]]) -> None:
    ages = [age(p["birth_date"]) for p in people]
    assert min(ages) >= 0 and max(ages) <= 100
    assert all(born(p) <= DEMO_AS_OF for p in people)
    assert sum(a >= 60 for a in ages) / len(ages) > 0.15, "a rural county is old"
    assert sum(a < 18 for a in ages) / len(ages) > 0.12


def _by_relation(household: DemoHousehold) -> dict[str, list[dict[str, object]]]:
    groups: dict[str, list[dict[str, object]]] = {}
    for member in household.members:
        groups.setdefault(str(member.fields["relation"]), []).append(member.fields)
    return groups


def test_ages_fit_the_relations(households: list[DemoHousehold]) -> None:
    checked = Counter[str]()
    for household in households:
        groups = _by_relation(household)
        (head,) = groups["02"]
        spouses = [m for r in ("10", "11", "12") for m in groups.get(r, [])]
        assert len(spouses) <= 1
        parents_of_children = [head, *spouses]
        for relation, members in groups.items():
            for member in members:
                if relation[0] in "23" and relation not in ("28", "38"):
                    for parent in parents_of_children:
                        gap = years_between(parent["birth_date"], member["birth_date"])
                        assert 20 <= gap <= 45, (relation, gap)
                    checked["child"] += 1
                elif relation[0] == "4":
                    assert years_between(head["birth_date"], member["birth_date"]) >= 40
                    checked["grandchild"] += 1
                elif relation in ("51", "52"):
                    gap = years_between(member["birth_date"], head["birth_date"])
                    assert 20 <= gap <= 45, (relation, gap)
                    checked["parent"] += 1
                elif relation in ("28", "38"):
                    assert years_between(head["birth_date"], member["birth_date"]) >= 15
                    checked["in-law"] += 1
    assert min(checked.values()) > 100, checked
    # three-generation households exist both ways
    assert checked["grandchild"] > 1000 and checked["parent"] > 1000


def test_spouses_and_relations_are_consistent(households: list[DemoHousehold]) -> None:
    for household in households:
        head = household.members[0].fields
        for member in household.members[1:]:
            fields = member.fields
            relation = str(fields["relation"])
            if relation == "11":
                assert fields["sex"] == "1" and head["sex"] == "2"
            elif relation == "12":
                assert fields["sex"] == "2" and head["sex"] == "1"
            elif relation in ("21", "22", "23", "24", "25", "26", "29", "28", "41", "43", "51"):
                assert fields["sex"] == "1", relation
            elif relation in ("31", "32", "33", "34", "35", "36", "39", "38", "42", "44", "52"):
                assert fields["sex"] == "2", relation
            if household.fields["kind"] == "2":
                assert relation == "99"
            else:
                assert relation != "99"


def test_marital_status_fits_age(people: list[dict[str, object]]) -> None:
    assert {p["marital"] for p in people} <= {"10", "20", "30", "40"}
    for person in people:
        legal = 22 if person["sex"] == "1" else 20
        if age(person["birth_date"]) < legal:
            assert person["marital"] == "10", person


def test_political_status_fits_age(people: list[dict[str, object]]) -> None:
    adults = [p for p in people if age(p["birth_date"]) >= 18]
    party = sum(p["political"] == "01" for p in adults) / len(adults)
    assert 0.04 <= party <= 0.10
    for person in people:
        years = age(person["birth_date"])
        if person["political"] == "03":
            assert 14 <= years <= 28
        if person["political"] in ("01", "02"):
            assert years >= 18
    youth = [p for p in people if 14 <= age(p["birth_date"]) <= 28]
    assert sum(p["political"] == "03" for p in youth) / len(youth) > 0.15
    assert Counter(p["political"] for p in people).most_common(1)[0][0] == "13"


def test_education_fits_age(people: list[dict[str, object]]) -> None:
    assert {p["education"] for p in people} <= {"10", "20", "30", "40", "60", "70", "80", "90"}
    for person in people:
        years = age(person["birth_date"])
        education = person["education"]
        if years < 6:
            assert education == "90"
        if education == "10":
            assert years >= 24
        if education in ("20", "30"):
            assert years >= 21
        if education in ("40", "60"):
            assert years >= 18


def test_surnames_follow_real_frequencies(people: list[dict[str, object]]) -> None:
    surnames = Counter(split_name(str(p["name"]))[0] for p in people[:5000])
    top = [s for s, _ in surnames.most_common(6)]
    assert {"王", "李", "张"} <= set(top), top
    assert len(surnames) > 150


def test_compound_surnames_appear(people: list[dict[str, object]]) -> None:
    compound = Counter(
        split_name(str(p["name"]))[0] for p in people if len(split_name(str(p["name"]))[0]) == 2
    )
    assert compound, "欧阳, 司马 … appear at their low frequency"
    assert compound.most_common(1)[0][0] == "欧阳"


def test_names_are_plausible(people: list[dict[str, object]]) -> None:
    lengths = Counter(len(str(p["name"])) for p in people)
    assert lengths[3] > lengths[2] > 0
    assert all(str(p["name"]) for p in people)
    old = Counter(str(p["name"])[1:] for p in people if born(p).year < 1960)
    young = Counter(str(p["name"])[1:] for p in people if born(p).year >= 2010)
    assert old["秀英"] + old["桂兰"] > young["秀英"] + young["桂兰"]
    assert young["梓涵"] + young["子涵"] > old["梓涵"] + old["子涵"]
    formers = [p for p in people if p["former_name"]]
    assert 0 < len(formers) < len(people) / 20


def test_ethnicities(people: list[dict[str, object]]) -> None:
    ethnicities = Counter(p["ethnicity"] for p in people)
    han = ethnicities["01"] / len(people)
    assert 0.87 <= han <= 0.95
    assert {"03", "05", "08"} <= set(ethnicities)
    uyghurs = [p for p in people if p["ethnicity"] == "05"]
    assert uyghurs and all("·" in str(p["name"]) for p in uyghurs)
    assert all(re.fullmatch(r"\d{2}", str(e)) for e in ethnicities)


def test_migrants_are_registered_elsewhere(people: list[dict[str, object]]) -> None:
    migrants = [p for p in people if p["population_type"] == "2"]
    assert 0.04 <= len(migrants) / len(people) <= 0.12
    for person in migrants:
        assert person["reg_area_code"] != "360423"
        assert person["cur_area_code"] == "360423"
        assert person["resident_match"] == "02"
        assert str(person["id_number"]).startswith(str(person["reg_area_code"]))
    locals_ = [p for p in people if p["population_type"] == "1"]
    assert all(p["reg_area_code"] == "360423" for p in locals_)
    away = [p for p in locals_ if p["resident_match"] == "02"]
    assert away and all(p["cur_area_code"] != "360423" for p in away)
    assert all(
        p["cur_area_code"] == "360423" and p["cur_address"] == p["reg_address"]
        for p in locals_
        if p["resident_match"] == "01"
    )


def test_status_dates(people: list[dict[str, object]]) -> None:
    statuses = Counter(p["status"] for p in people)
    assert set(statuses) == {"1", "2", "3"}
    assert statuses["1"] / len(people) > 0.97
    for person in people:
        if person["status"] == "1":
            assert person["status_date"] is None
        else:
            when = person["status_date"]
            assert isinstance(when, date) and born(person) < when <= DEMO_AS_OF


def test_phones(people: list[dict[str, object]]) -> None:
    phones = [str(p["phone"]) for p in people if p["phone"]]
    assert all(re.fullmatch(r"1[3-9]\d{9}", phone) for phone in phones)
    assert len(set(phones)) == len(phones)
    adults = [p for p in people if 18 <= age(p["birth_date"]) < 60 and p["status"] == "1"]
    assert sum(bool(p["phone"]) for p in adults) / len(adults) > 0.9
    assert not any(p["phone"] for p in people if age(p["birth_date"]) < 14)


def test_notes_exercise_round_trips(people: list[dict[str, object]]) -> None:
    notes = [str(p["note"]) for p in people if p["note"]]
    assert 0 < len(notes) < len(people) / 10
    assert any("," in n for n in notes)
    assert any('"' in n for n in notes)
    assert any("\n" in n for n in notes)


def test_verified_is_mostly_true(people: list[dict[str, object]]) -> None:
    verified = sum(p["verified"] is True for p in people) / len(people)
    assert 0.7 < verified < 0.95
    assert all(isinstance(p["verified"], bool) for p in people)


# --- tags ---------------------------------------------------------------------------------


def _codes(table: str) -> set[str]:
    path = resource_path("codes", f"{table}.json")
    if not path.exists():
        pytest.skip(f"code table {table} not available")
    return {c["code"] for c in json.loads(path.read_text(encoding="utf-8"))["codes"]}


def test_tags_use_the_code_tables(households: list[DemoHousehold]) -> None:
    person_codes = _codes("person_tag")
    household_codes = _codes("household_tag")
    person_tags = Counter(
        t for h in households[:5000] for m in h.members for t in person_tags_for(m, h)
    )
    assert set(person_tags) <= person_codes
    assert {"dibao", "disabled", "left_behind_child", "elderly_alone", "veteran"} <= set(
        person_tags
    )
    household_tags = Counter(t for h in households for t in h.tags)
    assert set(household_tags) <= household_codes
    assert {"dibao", "left_behind", "elderly_alone"} <= set(household_tags)
    tagged = sum(bool(h.tags) for h in households) / len(households)
    assert 0.1 < tagged < 0.7


def test_tags_are_deterministic_and_follow_the_household(
    households: list[DemoHousehold],
) -> None:
    for household in households[:3000]:
        for member in household.members:
            tags = person_tags_for(member, household)
            assert tags == person_tags_for(member, household)
            assert len(tags) == len(set(tags))
            fields = member.fields
            if fields["status"] != "1":
                assert tags == []
            if "left_behind_child" in tags:
                assert age(fields["birth_date"]) < 16
                parents = [m.fields for m in household.members if m is not member]
                assert not any(
                    p["relation"] in ("02", "11", "12") and p["resident_match"] == "01"
                    for p in parents
                    if str(fields["relation"])[0] in "23"
                )
            if "elderly_alone" in tags:
                assert age(fields["birth_date"]) >= 60
            if "dibao" in tags:
                assert "dibao" in household.tags
        # without the household, tags still come out and are stable
        head = household.members[0]
        assert person_tags_for(head) == person_tags_for(head)
