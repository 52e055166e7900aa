"""One demo household after another: the pieces put together in a fixed order.

:class:`HouseholdMaker` decides whether the next household is a minority, migrant or
collective (集体户) one, has :mod:`gridapp.demo.family` build its members,
:mod:`gridapp.demo.identity` say who they are and :mod:`gridapp.demo.person_fields` fill in
their fields, then gives the household its 户号, note and household tags. Every part draws from
the maker's one random generator, in the same order every time, so a seed always gives the same
households.
"""

from __future__ import annotations

import random
from datetime import date

from gridapp.demo.family import SHAPES_LOCAL, SHAPES_MIGRANT, Families
from gridapp.demo.identity import Identities
from gridapp.demo.naming import pick
from gridapp.demo.numbers import household_numbers
from gridapp.demo.person_fields import PersonFiller, Residence
from gridapp.demo.places import DemoPlace, is_community, place_words
from gridapp.demo.records import DemoHousehold, people_words
from gridapp.demo.tags import household_person_tags, household_tags

_HAN_MIGRANT_HOUSEHOLDS = 0.055
_COLLECTIVE_HOUSEHOLDS = 0.005


class HouseholdMaker:
    """Builds households one after another from a single random generator."""

    def __init__(self, seed: int, as_of: date) -> None:
        self.rng = rng = random.Random(f"gridapp-demo-households:{seed}")
        self.as_of = as_of
        self.county_prefix: str = place_words()["county"]["prefix"]
        self.families = Families(rng, as_of)
        self.identities = Identities(rng, as_of)
        # Both of these draw from rng as they are made: phone numbers first, then 户号.
        self.persons = PersonFiller(rng, as_of)
        self.household_nos = household_numbers(rng)
        self.household_notes: list[str] = people_words()["household_notes"]

    def household(
        self, township: DemoPlace, village: DemoPlace, grid_code: str, address: str
    ) -> DemoHousehold:
        """The next household, living at ``address`` in ``grid_code`` of ``village``."""
        rng = self.rng
        identities = self.identities
        minority = identities.household_minority()
        migrant_share = minority.migrant_share if minority else _HAN_MIGRANT_HOUSEHOLDS
        migrant = rng.random() < migrant_share
        home = pick(rng, minority.homes if minority else identities.han_homes) if migrant else None
        collective = not migrant and rng.random() < _COLLECTIVE_HOUSEHOLDS
        if collective:
            members = self.families.collective()
        else:
            shape = (SHAPES_MIGRANT if migrant else SHAPES_LOCAL).draw(rng)
            members = self.families.build(shape)
        members.sort(key=lambda m: m.birth)  # oldest first: parents before children
        today = self.as_of
        for m in members:
            born = date.fromordinal(m.birth)
            m.year = born.year
            m.age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if collective:
            identities.assign_collective(members)
        else:
            identities.assign_ethnicity(members, minority)
            identities.assign_origin(members, home)
        identities.assign_names(members)
        identities.assign_status(members)
        members.sort(key=lambda m: (m.relation, m.birth))  # 户主 first, then by relation
        urban = is_community(village.code)
        place = Residence(
            township=township.name,
            village=village.name,
            area_code=village.code,
            grid_code=grid_code,
            address=address,
            full_address=f"{self.county_prefix}{township.name}{address}",
            urban=urban,
        )
        home_address = self.persons.home_address(home) if home else ""
        people = [self.persons.person(m, place, home, home_address) for m in members]
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


__all__ = ["HouseholdMaker"]
