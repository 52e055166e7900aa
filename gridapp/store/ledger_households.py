"""The SQL of the 户籍人口台账: one month and one scope (village or grid) read into the plain
dataclasses of :mod:`gridapp.models.ledger`.

Who is listed: the register as it stands, with each person's status dates applied to the
month — a person appears in the household they belong to now if they had joined by the end
of the month (status 正常 with no later status date) or left after it (迁出/死亡 dated after
the month). Households with nobody listed are left out. 分户 and moves between grids are
shown as they stand now (the register keeps no earlier household of a person).

Changes come from ``household_event``: 当月数 counts events dated in the month, 累计数 those
from 1 January of the same year to the end of the month. A 分户 writes one event on each of
its two households and counts once, in the grid of the household the members left.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from gridapp.models.ledger import (
    CHANGE_KINDS,
    GRID,
    ChangeCount,
    HouseholdLedger,
    LedgerEvent,
    LedgerGrid,
    LedgerHousehold,
    LedgerMember,
    LedgerScope,
    month_end,
)
from gridapp.store.db import Store


def _where(scope: LedgerScope) -> tuple[str, tuple[str, ...]]:
    if scope.level == GRID:
        return "h.grid_code = ?", (scope.grid_code,)
    return "h.area_code = ?", (scope.village_code,)


def _grid_names(store: Store, scope: LedgerScope) -> dict[str, str]:
    rows = store.query(
        "SELECT code, name FROM place WHERE level = 'grid' AND deleted = 0 AND parent_code = ?"
        " ORDER BY valid_to = '' ",
        (scope.village_code,),
    )
    return {r["code"]: r["name"] for r in rows}


def read_household_ledger(store: Store, scope: LedgerScope, month: date) -> HouseholdLedger:
    """The 户籍人口台账 of ``month`` (its first day) for ``scope``."""
    end = month_end(month).isoformat()
    where, params = _where(scope)
    names = _grid_names(store, scope)
    tags: dict[str, list[str]] = defaultdict(list)
    for row in store.query(
        "SELECT t.person_id, t.tag FROM person_tag t JOIN person p ON p.id = t.person_id"
        f" JOIN household h ON h.id = p.household_id WHERE {where} AND t.deleted = 0"
        " AND (t.start_date IS NULL OR t.start_date <= ?)"
        " AND (t.end_date IS NULL OR t.end_date = '' OR t.end_date >= ?) ORDER BY t.tag",
        (*params, end, end),
    ):
        tags[row["person_id"]].append(row["tag"])
    rows = store.query(
        "SELECT p.id, p.name, p.relation, p.sex, p.birth_date, p.id_number, p.phone,"
        " h.id AS hid, h.household_no, h.address, h.grid_code"
        " FROM person p JOIN household h ON h.id = p.household_id"
        f" WHERE {where} AND h.deleted = 0 AND p.deleted = 0"
        " AND ((p.status = '1' AND (p.status_date IS NULL OR p.status_date <= ?))"
        "   OR (p.status <> '1' AND p.status_date > ?))"
        " ORDER BY h.grid_code, h.household_no, h.id, p.relation <> '02', p.relation,"
        " p.birth_date, p.name",
        (*params, end, end),
    )
    grids: dict[str, LedgerGrid] = {}
    households: dict[str, LedgerHousehold] = {}
    for row in rows:
        grid = grids.get(row["grid_code"])
        if grid is None:
            code = row["grid_code"]
            grid = grids[code] = LedgerGrid(code, names.get(code, code))
        household = households.get(row["hid"])
        if household is None:
            household = households[row["hid"]] = LedgerHousehold(
                row["household_no"], row["address"]
            )
            grid.households.append(household)
        birth = row["birth_date"]
        household.members.append(
            LedgerMember(
                row["name"],
                row["relation"],
                row["sex"],
                date.fromisoformat(birth) if birth else None,
                row["id_number"],
                row["phone"],
                tuple(tags.get(row["id"], ())),
            )
        )
    changes, events = _changes(store, scope, month)
    for code in changes:
        if code not in grids:
            grids[code] = LedgerGrid(code, names.get(code, code))
    ordered = [grids[c] for c in sorted(grids)]
    return HouseholdLedger(scope, month, ordered, changes, events)


def _changes(
    store: Store, scope: LedgerScope, month: date
) -> tuple[dict[str, dict[str, ChangeCount]], list[LedgerEvent]]:
    start, end = month.replace(month=1).isoformat(), month_end(month).isoformat()
    where, params = _where(scope)
    marks = ",".join("?" for _ in CHANGE_KINDS)
    rows = store.query(
        "SELECT e.kind, e.event_date, e.person_id, e.household_id, e.detail, h.grid_code,"
        " h.household_no, p.name AS person_name, p.household_id AS person_household"
        " FROM household_event e JOIN household h ON h.id = e.household_id"
        " LEFT JOIN person p ON p.id = e.person_id"
        f" WHERE {where} AND e.deleted = 0 AND e.kind IN ({marks})"
        " AND e.event_date BETWEEN ? AND ? ORDER BY e.event_date, h.household_no",
        (*params, *CHANGE_KINDS, start, end),
    )
    # A 分户 counts once: keep the event on the household the members left.
    chosen: list[dict[str, object]] = []
    splits: dict[tuple[object, object], list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        if row["kind"] == "split":
            splits[(row["person_id"], row["event_date"])].append(row)
        else:
            chosen.append(row)
    for pair in splits.values():
        left = [r for r in pair if r["household_id"] != r["person_household"]]
        chosen.append((left or pair)[0])
    first = month.isoformat()
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    events: list[LedgerEvent] = []
    for row in chosen:
        counts = tally[str(row["grid_code"])][str(row["kind"])]
        counts[1] += 1
        if str(row["event_date"]) >= first:
            counts[0] += 1
            events.append(
                LedgerEvent(
                    date.fromisoformat(str(row["event_date"])),
                    str(row["kind"]),
                    str(row["grid_code"]),
                    str(row["household_no"]),
                    str(row["person_name"] or ""),
                    str(row["detail"]),
                )
            )
    events.sort(key=lambda e: (e.grid_code, e.event_date, e.household_no))
    changes = {
        grid: {kind: ChangeCount(m, y) for kind, (m, y) in kinds.items()}
        for grid, kinds in tally.items()
    }
    return changes, events
