"""Demo data: a deterministic, realistic slice of a county — places, households, people.

Used by ``gridapp demo``, the benchmarks and tests that need volume. Pure Python: no Qt, no
SQL, no file writes. Start with :func:`demo_places`, then stream :func:`demo_households`.
"""

from gridapp.demo.people import (
    DEMO_AS_OF,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    DemoHousehold,
    DemoPerson,
    DemoPlace,
    demo_households,
    demo_places,
    person_tags_for,
)

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
