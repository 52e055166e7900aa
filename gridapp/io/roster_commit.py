"""Checking a roster plan against the database and writing it, all in one transaction.

:func:`commit_roster` refuses ID numbers and 户号 the register already holds, gives a
temporary 户号 to households without one, and writes every household in ONE
:meth:`~gridapp.store.db.Store.write` transaction, or nothing at all.
"""

from __future__ import annotations

import re

from gridapp.io.roster_plan import (
    Cancelled,
    ImportReport,
    PendingHousehold,
    Progress,
    RosterPlan,
    RowError,
    Steps,
    column_order,
)
from gridapp.models.household import HEAD_RELATION, Household, Person, PersonTag
from gridapp.store.db import Store
from gridapp.store.households import (
    MSG_HOUSEHOLD_NO_EXISTS,
    MSG_ID_EXISTS,
    HouseholdBundle,
    HouseholdRepository,
    new_id,
)

_GRID_VILLAGE = re.compile(r"(\d{12})-.+")


def village_code(grid_code: str) -> str:
    """The 12-digit village code of a grid code like ``360423100200-01``; else ``""``."""
    match = _GRID_VILLAGE.fullmatch(grid_code)
    return match.group(1) if match else ""


def temporary_household_numbers(
    count: int, prefix: str, taken: set[str], repo: HouseholdRepository | None
) -> list[str]:
    """``count`` new numbers ``L{prefix}{n:05d}``, free in ``taken`` and in the database."""
    numbers: list[str] = []
    n = 1
    while len(numbers) < count:
        batch: list[str] = []
        while len(batch) < max(count - len(numbers), 1000):
            candidate = f"L{prefix}{n:05d}"
            n += 1
            if candidate not in taken:
                batch.append(candidate)
        existing = repo.existing_household_nos(batch) if repo is not None else set()
        numbers.extend(c for c in batch if c not in existing)
    return numbers[:count]


def _bundle(pending: PendingHousehold) -> HouseholdBundle:
    area = village_code(pending.grid)
    household = Household(
        id=new_id(),
        household_no=pending.household_no,
        address=pending.address,
        area_code=area,
        grid_code=pending.grid,
    )
    ordered = sorted(pending.rows, key=lambda r: r.relation != HEAD_RELATION)
    members: list[Person] = []
    tags: list[PersonTag] = []
    for row in ordered:
        values = dict(row.person)
        grid = values.pop("grid_code", "") or pending.grid
        person_area = village_code(grid) or area
        person = Person(
            id=new_id(),
            household_id=household.id,
            area_code=person_area,
            grid_code=grid,
            **values,
        )
        members.append(person)
        tags.extend(
            PersonTag(id=new_id(), person_id=person.id, tag=tag, area_code=person_area)
            for tag in row.tags
        )
    return HouseholdBundle(household=household, members=members, person_tags=tags)


def commit_roster(
    store: Store | None,
    plan: RosterPlan,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Check ``plan`` against the database and write it in one transaction (unless ``dry_run``).

    ``store`` may be ``None`` for a dry run without a database. Nothing is written when any
    error is found or when ``cancelled()`` turns true (:class:`ImportCancelled`).
    """
    report = ImportReport(plan.file, list(plan.errors), dry_run=dry_run)
    if report.errors:
        return report
    steps = Steps(progress, cancelled)
    steps.total = 3 * plan.persons
    steps.done = 2 * plan.persons
    repo = HouseholdRepository(store) if store is not None else None
    if repo is not None:
        _database_errors(plan, repo, report)
        if report.errors:
            return report
    missing = [h for h in plan.households if not h.household_no]
    taken = {h.household_no for h in plan.households if h.household_no}
    prefix = store.device_prefix() if store is not None else "0000"
    for pending, number in zip(
        missing, temporary_household_numbers(len(missing), prefix, taken, repo), strict=True
    ):
        pending.household_no = number
    report.households = len(plan.households)
    report.persons = plan.persons
    steps.step(0, force=True)
    if dry_run or store is None or repo is None:
        return report
    detail = {"file": plan.file, "households": report.households, "persons": report.persons}
    with store.bulk(), store.write("import households", detail) as capture:
        # Bundles are built a chunk at a time: a 200,000-row roster never holds them all.
        for start in range(0, len(plan.households), 500):
            chunk = [_bundle(h) for h in plan.households[start : start + 500]]
            written = repo.insert_bundles(capture, chunk)
            steps.step(written, force=True)
        report.changes = capture.changes
    report.written = True
    return report


def _database_errors(plan: RosterPlan, repo: HouseholdRepository, report: ImportReport) -> None:
    rows = {r.person["id_number"]: r.number for h in plan.households for r in h.rows}
    id_header = plan.header("id_number")
    for number, name in repo.existing_id_numbers(rows).items():
        report.errors.append(
            RowError(rows[number], id_header, MSG_ID_EXISTS, {"name": name, "id": number})
        )
    given = {h.household_no: h for h in plan.households if h.household_no}
    no_header = plan.header("household_no")
    for number in repo.existing_household_nos(given):
        report.errors.append(
            RowError(
                given[number].rows[0].number, no_header, MSG_HOUSEHOLD_NO_EXISTS, {"number": number}
            )
        )
    report.errors.sort(key=lambda e: (e.row, column_order(plan, e.column)))


__all__ = ["commit_roster", "temporary_household_numbers", "village_code"]
