"""The petition list: keyset pages in every order, filters, anchors and positions."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from gridapp.models.petition import Petition, Petitioner
from gridapp.store import petition_list
from gridapp.store.db import Store
from gridapp.store.home import OPEN_PETITION_STATUSES
from gridapp.store.petition_list import PetitionFilter, petition_page, row_key
from gridapp.store.petitions import PetitionRepository
from tests import factories

TODAY = date(2026, 11, 20)
STATUSES = ("registered", "accepted", "in_progress", "replied", "closed")


@pytest.fixture
def listed(store: Store) -> Store:
    """70 petitions over three months, with statuses, due dates, grids and names set."""
    repo = PetitionRepository(store)
    rng = random.Random(4)
    for n in range(70):
        registered = TODAY - timedelta(days=rng.randint(0, 80))
        saved = repo.register(
            Petition(
                id=factories.uid(),
                reg_no="",
                reg_date=registered,
                channel=rng.choice(["visit", "phone", "letter"]),
                kind=rng.choice(["claim", "suggestion", "accusation"]),
                summary=rng.choice(["道路破损", "邻里纠纷", "低保申请", "噪音扰民"]) + str(n),
            ),
            [Petitioner(factories.uid(), "", rng.choice(["张三", "李四", "王五", "赵六"]))],
            today=TODAY,
        )
        # Later steps come from the workflow; here the list's columns are set directly.
        store.conn.execute(
            "UPDATE petition SET status = ?, due_date = ?, grid_code = ? WHERE id = ?",
            (
                rng.choice(STATUSES),
                (registered + timedelta(days=rng.choice([15, 60, 75]))).isoformat(),
                rng.choice(["360423001001-01", "360423001001-02", "360423001002-01"]),
                saved.id,
            ),
        )
    return store


def everything(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT p.*, (SELECT name FROM petition_petitioner t WHERE t.petition_id = p.id) AS who"
        " FROM petition p WHERE deleted = 0"
    )


def read_all(
    store: Store, flt: PetitionFilter, sort_key: str = "reg_date", descending: bool = True
) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        page = petition_page(store.conn, flt, after, 9, sort_key, descending)
        ids += [r.reg_no for r in page]
        if len(page) < 9:
            return ids
        after = row_key(page[-1], sort_key)


@pytest.mark.parametrize("sort_key", list(petition_list.SORT_EXPRESSIONS))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_give_every_petition_once_in_order(
    listed: Store, sort_key: str, descending: bool
) -> None:
    rows = everything(listed)
    column = {"due_date": "due_date"}.get(sort_key, sort_key)
    want = [
        r["reg_no"]
        for r in sorted(rows, key=lambda r: (r[column] or "", r["reg_no"]), reverse=descending)
    ]
    assert read_all(listed, PetitionFilter(), sort_key, descending) == want


def test_filters(listed: Store) -> None:
    rows = everything(listed)
    day = TODAY.isoformat()
    week = (TODAY + timedelta(days=7)).isoformat()
    opened = set(OPEN_PETITION_STATUSES)
    cases = [
        (PetitionFilter(statuses=("closed",)), lambda r: r["status"] == "closed"),
        (
            PetitionFilter(overdue=True, open_statuses=OPEN_PETITION_STATUSES, today=TODAY),
            lambda r: r["status"] in opened and r["due_date"] < day,
        ),
        (
            PetitionFilter(due_within=7, open_statuses=OPEN_PETITION_STATUSES, today=TODAY),
            lambda r: r["status"] in opened and day <= r["due_date"] < week,
        ),
        (PetitionFilter(month="2026-10"), lambda r: r["reg_date"].startswith("2026-10")),
        (
            PetitionFilter(place_code="360423001001"),
            lambda r: r["grid_code"].startswith("360423001001"),
        ),
        (PetitionFilter(kind="accusation"), lambda r: r["kind"] == "accusation"),
        (PetitionFilter(text="李四"), lambda r: r["who"] == "李四"),
        (PetitionFilter(text="纠纷"), lambda r: "纠纷" in r["summary"]),
        (PetitionFilter(text="%"), lambda r: False),
    ]
    for flt, keep in cases:
        want = {r["reg_no"] for r in rows if keep(r)}
        assert set(read_all(listed, flt)) == want, flt
        assert petition_list.count_petitions(listed.conn, flt) == len(want), flt
    assert any(len({r["reg_no"] for r in rows if keep(r)}) > 1 for _f, keep in cases)


def test_anchors_and_positions_reach_any_row(listed: Store) -> None:
    flt = PetitionFilter()
    order = read_all(listed, flt, "due_date", False)
    anchors = petition_list.page_anchors(listed.conn, flt, "due_date", 9, False)
    for number, anchor in enumerate(anchors):
        page = petition_page(listed.conn, flt, anchor, 9, "due_date", False)
        assert [r.reg_no for r in page] == order[number * 9 : number * 9 + 9]
    ids = {r["reg_no"]: r["id"] for r in everything(listed)}
    for position in (0, 17, len(order) - 1):
        found = petition_list.petition_position(
            listed.conn, flt, "due_date", ids[order[position]], False
        )
        assert found == position
    assert petition_list.petition_position(listed.conn, flt, "reg_date", "nobody") is None


def test_list_pages_read_an_index_not_the_table(listed: Store) -> None:
    clause, params = petition_list.where(PetitionFilter())
    for sort_key in ("reg_date", "due_date"):
        for descending in (True, False):
            sql = petition_list.PAGE_SQL.format(
                where=clause,
                seek="",
                expr=petition_list.SORT_EXPRESSIONS[sort_key],
                direction="DESC" if descending else "ASC",
            )
            rows = listed.conn.execute("EXPLAIN QUERY PLAN " + sql, [*params, 50]).fetchall()
            # The inner query chooses the page's rows (the outer one adds the petitioner's
            # name and sorts those 50 rows): it reads them in order from the index.
            [choose] = [r[0] for r in rows if str(r[-1]).startswith("LIST SUBQUERY")]
            inner = " ".join(str(r[-1]) for r in rows if r[1] == choose)
            assert "INDEX petition_list" in inner, inner
            assert "TEMP B-TREE" not in inner, inner


def test_a_grid_or_village_filter_reads_the_grid_index(listed: Store) -> None:
    for place in ("360423001001-01", "360423001001"):
        clause, params = petition_list.where(PetitionFilter(place_code=place))
        sql = petition_list.PAGE_SQL.format(
            where=clause, seek="", expr="p.reg_date", direction="DESC"
        )
        rows = listed.conn.execute("EXPLAIN QUERY PLAN " + sql, [*params, 50]).fetchall()
        plan = " ".join(str(r[-1]) for r in rows)
        assert "INDEX petition_list_grid (grid_code" in plan, plan
        assert read_all(listed, PetitionFilter(place_code=place))  # and finds the rows
