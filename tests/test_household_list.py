"""The household list in the store: keyset pages, anchors for jumps, filters and counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gridapp.demo.load import load_demo
from gridapp.models.household import HEAD_RELATION
from gridapp.store import household_list
from gridapp.store.households import HouseholdFilter, HouseholdRepository, HouseholdRow
from tests import factories


@pytest.fixture
def repo(store: Any) -> HouseholdRepository:
    load_demo(store, 300, seed=1, today=date(2026, 11, 1))
    return HouseholdRepository(store)


def read_all(
    repo: HouseholdRepository,
    sort_key: str,
    descending: bool = False,
    flt: HouseholdFilter | None = None,
    limit: int = 37,
) -> list[HouseholdRow]:
    rows: list[HouseholdRow] = []
    after = None
    while True:
        page = repo.household_page(flt, sort_key, after, limit, descending)
        rows += page
        if len(page) < limit:
            return rows
        after = household_list.row_key(page[-1], sort_key)


def expected_rows(repo: HouseholdRepository) -> dict[str, dict[str, Any]]:
    """Each live household's list values, worked out from the domain objects."""
    found = {}
    for household, members, by_person in repo.iter_households_with_tags():
        # The head and the count are of the current members (status 正常) only.
        current = [m for m in members if m.status == "1"]
        heads = sorted(m.name for m in current if m.relation == HEAD_RELATION)
        tags = {t.tag for m in members for t in by_person.get(m.id, [])}
        found[household.id] = {
            "household_no": household.household_no,
            "address": household.address,
            "head_name": heads[0] if heads else "",
            "member_count": len(current),
            "grid_code": household.grid_code,
            "tags": tags,
            "members": members,
        }
    return found


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort_key", household_list.SORT_KEYS)
def test_pages_return_every_household_once_in_order(
    repo: HouseholdRepository, sort_key: str, descending: bool
) -> None:
    rows = read_all(repo, sort_key, descending)
    expected = expected_rows(repo)
    assert len(rows) == 300 == repo.count_households()
    assert sorted(r.id for r in rows) == sorted(expected)
    keys = [household_list.row_key(r, sort_key) for r in rows]
    assert keys == sorted(keys, reverse=descending)
    for row in rows:
        want = expected[row.id]
        assert (row.household_no, row.address, row.head_name, row.member_count) == (
            want["household_no"],
            want["address"],
            want["head_name"],
            want["member_count"],
        )
        assert set(row.tags) >= want["tags"]


def test_equal_sort_keys_are_ordered_by_household_no(store: Any) -> None:
    repo = HouseholdRepository(store)
    for number in ("360000003", "360000001", "360000002"):
        bundle = factories.household(
            number,
            "同一地址1号",
            [factories.person("李四", "02", date(1980, 1, 1), True)],
        )
        repo.create_household(bundle, today=date(2026, 11, 1))
    # Every sort key but the update time (the households may straddle a second) is equal.
    for key in set(household_list.SORT_KEYS) - {"updated_at"}:
        rows = read_all(repo, key, limit=1)
        assert [r.household_no for r in rows] == ["360000001", "360000002", "360000003"]
        rows = read_all(repo, key, descending=True, limit=2)
        assert [r.household_no for r in rows] == ["360000003", "360000002", "360000001"]


def test_page_sql_never_uses_offset() -> None:
    for key in household_list.SORT_KEYS:
        for descending in (False, True):
            for after in (False, True):
                sql = household_list.page_sql(key, descending, after).upper()
                assert "OFFSET" not in sql
                assert "LIMIT ?" in sql


def test_unknown_sort_key_is_refused(repo: HouseholdRepository) -> None:
    with pytest.raises(ValueError):
        repo.household_page(None, "id_number; DROP TABLE person", None, 10)


def test_anchors_reach_any_position_without_reading_before_it(repo: HouseholdRepository) -> None:
    for key in ("address", "member_count"):
        for descending in (False, True):
            everything = read_all(repo, key, descending)
            anchors = repo.household_anchors(None, key, 50, descending)
            assert len(anchors) == 7  # 300 rows: pages start at 0, 50, ..., 300
            for position in (0, 49, 50, 123, 250, 299):
                page = repo.household_position_page(None, key, anchors, position, 50, descending)
                assert page[position % 50].id == everything[position].id


@pytest.mark.parametrize("dense_rows", [household_list.DENSE_ROWS, 1])
def test_filters_and_counts(
    repo: HouseholdRepository, monkeypatch: pytest.MonkeyPatch, dense_rows: int
) -> None:
    """The same households under every filter, whether pages take the matching set at once
    (rare values) or test household by household (values most households have)."""
    monkeypatch.setattr(household_list, "DENSE_ROWS", dense_rows)
    expected = expected_rows(repo)

    def check(flt: HouseholdFilter, want: set[str]) -> None:
        assert want, f"the demo data has no household for {flt}"
        assert repo.count_households(flt) == len(want)
        assert {r.id for r in read_all(repo, "address", flt=flt)} == want

    grid = next(iter(expected.values()))["grid_code"]
    check(
        HouseholdFilter(grid_code=grid),
        {i for i, e in expected.items() if e["grid_code"] == grid},
    )
    check(
        HouseholdFilter(tag="left_behind_woman"),
        {i for i, e in expected.items() if "left_behind_woman" in e["tags"]},
    )
    check(
        HouseholdFilter(population_type="2"),
        {i for i, e in expected.items() if any(m.population_type == "2" for m in e["members"])},
    )
    check(
        HouseholdFilter(status="3"),
        {i for i, e in expected.items() if any(m.status == "3" for m in e["members"])},
    )
    name = next(iter(expected.values()))["head_name"]
    check(
        HouseholdFilter(text=name),
        {
            i
            for i, e in expected.items()
            if name in e["address"] or any(name in m.name for m in e["members"])
        },
    )
    check(
        HouseholdFilter(grid_code=grid, population_type="1", status="1"),
        {
            i
            for i, e in expected.items()
            if e["grid_code"] == grid
            and any(m.population_type == "1" and m.status == "1" for m in e["members"])
        },
    )
    # LIKE wildcards in the text are plain characters.
    for text in ("%", "_", "\\", "%%_"):
        assert repo.count_households(HouseholdFilter(text=text)) == 0


def test_household_tags_are_listed_and_filtered(store: Any) -> None:
    from gridapp.models.household import HouseholdTag

    repo = HouseholdRepository(store)
    bundle = factories.zhang_family()
    bundle.household_tags.append(
        HouseholdTag(factories.uid(), bundle.household.id, "tekun", date(2020, 1, 1))
    )
    repo.create_household(bundle, today=date(2026, 11, 1))
    [row] = repo.household_page(None, "household_no", None, 10)
    assert row.head_name == "张三丰" and row.member_count == 3
    assert row.tags == ["dibao", "tekun"]  # a member's tag and the household's own
    assert repo.count_households(HouseholdFilter(tag="dibao")) == 1
    assert repo.count_households(HouseholdFilter(tag="tekun")) == 1
    assert repo.count_households(HouseholdFilter(tag="no_such_tag")) == 0


def test_upgrade_from_schema_2_adds_the_list_indexes(store: Any, data_dir: Any) -> None:
    from gridapp.store.db import Store
    from gridapp.store.migrations import m0003_household_list

    repo = HouseholdRepository(store)
    repo.create_household(factories.zhang_family(), today=date(2026, 11, 1))
    names = ["household_list_address", "household_list_updated", "person_household_relation"]
    with store.transaction():
        for name in names:
            store.conn.execute(f"DROP INDEX {name}")
        store.conn.execute("PRAGMA user_version = 2")
    store.close()
    with Store.open(data_dir) as upgraded:
        assert upgraded.conn.execute("PRAGMA user_version").fetchone()[0] >= 3
        found = {
            r[0] for r in upgraded.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
        assert set(names) <= found
        assert len(m0003_household_list.STATEMENTS) == len(names)
        [row] = HouseholdRepository(upgraded).household_page(None, "address", None, 5)
        assert row.head_name == "张三丰"


def test_address_pages_use_the_list_index(repo: HouseholdRepository) -> None:
    sql = household_list.page_sql("address", False, True).replace("{where}", "h.deleted = 0")
    plan = " ".join(
        str(r[-1]) for r in repo.conn.execute("EXPLAIN QUERY PLAN " + sql, ("", "", 10))
    )
    assert "household_list_address" in plan and "TEMP B-TREE" not in plan


def test_stored_head_name_and_member_count_follow_edits(store: Any, data_dir: Any) -> None:
    from gridapp.store.db import Store

    repo = HouseholdRepository(store)
    bundle = factories.zhang_family()
    repo.create_household(bundle, today=date(2026, 11, 1))
    head = next(m for m in bundle.members if m.is_head)
    repo.update_person(head.id, {"name": "张三峰"}, today=date(2026, 11, 1))
    [row] = repo.household_page(None, "head_name", None, 5)
    assert (row.head_name, row.member_count) == ("张三峰", 3)
    # An older database gets the columns filled by the upgrade.
    with store.transaction():
        store.conn.execute("UPDATE household SET head_name = '', member_count = 0")
        store.conn.execute("DROP INDEX household_list_head")
        store.conn.execute("PRAGMA user_version = 3")
    store.close()
    with Store.open(data_dir) as upgraded:
        [row] = HouseholdRepository(upgraded).household_page(None, "member_count", None, 5)
        assert (row.head_name, row.member_count) == ("张三峰", 3)


def test_tag_and_member_filters_are_computed_once_not_per_household(
    repo: HouseholdRepository,
) -> None:
    clause, params = household_list.where(HouseholdFilter(tag="disabled", status="3"))
    plan = " ".join(
        str(r[-1])
        for r in repo.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT count(*) FROM household h WHERE {clause}", params
        )
    )
    assert "CORRELATED" not in plan


# --- schema 5: filters over indexes, the text filter through the search index -------------


def _plan(repo: HouseholdRepository, flt: HouseholdFilter) -> str:
    clause, params = household_list.where(flt)
    sql = f"EXPLAIN QUERY PLAN SELECT count(*) FROM household h WHERE {clause}"
    return " | ".join(str(r[-1]) for r in repo.conn.execute(sql, params))


@pytest.fixture
def families(store: Any) -> tuple[HouseholdRepository, str, str]:
    """张三丰's household and 李四海's (another grid); returns the repo and both ids."""
    repo = HouseholdRepository(store)
    zhang = factories.zhang_family("360000001")
    li = factories.household(
        "H-0077",
        "沙田社区柳山路2号",
        [
            factories.person("李四海", "02", date(1975, 3, 3), True, phone="0792-7654321"),
            factories.person("周明", "10", date(1976, 5, 5), False, population_type="2"),
        ],
    )
    li.household.grid_code = "360423100201-02"
    repo.create_household(zhang, today=date(2026, 11, 1))
    repo.create_household(li, today=date(2026, 11, 1))
    return repo, zhang.household.id, li.household.id


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("三丰", {"zhang"}),  # part of a name
        ("张三丰", {"zhang"}),
        ("张", {"zhang"}),  # one character: the first of a name
        ("明", {"zhang", "li"}),  # one character inside a name (张小明, 周明)
        ("zsf", {"zhang"}),  # pinyin initials
        ("zhangsan", {"zhang"}),  # full pinyin, from the start
        ("sihai", {"li"}),  # the given name's pinyin
        ("1234", {"zhang"}),  # the last digits of a phone number
        ("7654321", {"li"}),  # a landline without its area code
        ("石泉村3组", {"zhang"}),  # part of an address
        ("柳山路", {"li"}),
        ("0077", {"li"}),  # part of a household number
        ("h-00", {"li"}),  # household numbers ignore case, as LIKE does
        ("李四 海", {"li"}),  # spaces do not matter
        ("王五", set()),
        ("!!", set()),
    ],
)
def test_text_filter_finds_names_pinyin_numbers_and_addresses(
    families: tuple[HouseholdRepository, str, str], text: str, who: set[str]
) -> None:
    repo, zhang, li = families
    ids = {"zhang": zhang, "li": li}
    found = {r.id for r in repo.household_page(HouseholdFilter(text=text), "address", None, 10)}
    assert found == {ids[w] for w in who}
    assert repo.count_households(HouseholdFilter(text=text)) == len(who)


def test_text_filter_finds_id_numbers_from_the_start_and_the_end(
    families: tuple[HouseholdRepository, str, str],
) -> None:
    repo, zhang, _li = families
    number = repo.members(zhang)[0].id_number
    for text in (number, number[:10], number[-6:], number.lower()):
        [row] = repo.household_page(HouseholdFilter(text=text), "address", None, 10)
        assert row.id == zhang


def test_text_and_member_filters_read_indexes_not_the_person_table(
    repo: HouseholdRepository,
) -> None:
    for flt in (
        HouseholdFilter(text="万兰"),
        HouseholdFilter(text="wan"),
        HouseholdFilter(text="13907921234"),
        HouseholdFilter(population_type="2"),
        HouseholdFilter(status="3"),
        HouseholdFilter(population_type="1", status="2"),
        HouseholdFilter(tag="dibao"),
    ):
        plan = _plan(repo, flt)
        assert "SCAN p " not in plan + " " and "SCAN person" not in plan, (flt, plan)
        assert "CORRELATED" not in plan
    assert "person_list_status" in _plan(repo, HouseholdFilter(status="3"))
    assert "person_list_type" in _plan(repo, HouseholdFilter(population_type="2"))


def test_place_filter_takes_every_grid_of_a_village(
    families: tuple[HouseholdRepository, str, str],
) -> None:
    repo, zhang, li = families
    pages = {
        code: {
            r.id for r in repo.household_page(HouseholdFilter(place_code=code), "address", None, 9)
        }
        for code in ("360423100200", "360423100201", "3604231002", "360423100")
    }
    assert pages == {
        "360423100200": {zhang},
        "360423100201": {li},
        "3604231002": {zhang, li},
        "360423100": {zhang, li},
    }
    assert repo.count_households(HouseholdFilter(place_code="360423100202")) == 0
    assert household_list.used_grid_codes(repo.conn) == ["360423100200-01", "360423100201-02"]


def test_ended_tags_are_neither_listed_nor_filtered(store: Any) -> None:
    from gridapp.models.household import HouseholdTag, PersonTag

    repo = HouseholdRepository(store)
    bundle = factories.zhang_family()
    head = bundle.members[0]
    bundle.person_tags.append(
        PersonTag(factories.uid(), head.id, "veteran", date(2001, 1, 1), date(2020, 12, 31))
    )
    bundle.household_tags.append(
        HouseholdTag(
            factories.uid(), bundle.household.id, "key", date(2001, 1, 1), date(2021, 1, 1)
        )
    )
    bundle.household_tags.append(
        HouseholdTag(
            factories.uid(), bundle.household.id, "tekun", date(2001, 1, 1), date(2099, 1, 1)
        )
    )
    repo.create_household(bundle, today=date(2026, 11, 1))
    [row] = repo.household_page(None, "household_no", None, 10)
    assert row.tags == ["dibao", "tekun"]  # still running; 退役军人 and 重点户 ended
    for tag, count in (("dibao", 1), ("tekun", 1), ("veteran", 0), ("key", 0)):
        assert repo.count_households(HouseholdFilter(tag=tag)) == count, tag


@pytest.mark.parametrize("descending", [False, True])
def test_position_of_a_household_in_the_list(repo: HouseholdRepository, descending: bool) -> None:
    flt = HouseholdFilter(population_type="1")
    rows = read_all(repo, "head_name", descending, flt)
    for index in (0, 1, 57, len(rows) - 1):
        found = household_list.household_position(
            repo.conn, flt, "head_name", rows[index].id, descending
        )
        assert found == index
    outside = read_all(repo, "address", flt=HouseholdFilter())
    left_out = {r.id for r in outside} - {r.id for r in rows}
    if left_out:
        assert (
            household_list.household_position(repo.conn, flt, "head_name", left_out.pop()) is None
        )
    assert household_list.household_position(repo.conn, flt, "address", "no-such-id") is None


def test_upgrade_from_schema_4_adds_the_filter_indexes(store: Any, data_dir: Any) -> None:
    from gridapp.store.db import Store
    from gridapp.store.migrations import m0005_household_filters

    repo = HouseholdRepository(store)
    repo.create_household(factories.zhang_family(), today=date(2026, 11, 1))
    names = [s.split()[5] for s in m0005_household_filters.STATEMENTS]
    with store.transaction():
        for name in names:
            store.conn.execute(f"DROP INDEX {name}")
        store.conn.execute("PRAGMA user_version = 4")
    store.close()
    with Store.open(data_dir) as upgraded:
        found = {
            r[0] for r in upgraded.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
        assert set(names) <= found
        repo = HouseholdRepository(upgraded)
        assert repo.count_households(HouseholdFilter(status="1", tag="dibao")) == 1


def test_a_common_filter_value_reads_its_page_household_by_household(
    repo: HouseholdRepository,
) -> None:
    """户籍人口 (most households): the first page walks the list's order and looks each
    household up by its id — not the whole matching set first, not a scan of a tag's index
    per household. A rare value keeps the set."""
    common = HouseholdFilter(population_type="1", tag="left_behind_woman")
    conn = repo.conn
    rows = conn.execute(
        "SELECT count(*) FROM person WHERE deleted = 0 AND population_type = '1'"
    ).fetchone()[0]
    assert rows > 100
    original = household_list.DENSE_ROWS
    try:
        household_list.DENSE_ROWS = 100
        dense = household_list.dense_filters(conn, common)
        assert "members" in dense
        assert household_list.dense_filters(conn, HouseholdFilter(population_type="4")) == set()
    finally:
        household_list.DENSE_ROWS = original
    clause, params = household_list.where(common, dense=frozenset({"members", "tag"}))
    sql = household_list.page_sql("household_no", False, False).replace("{where}", clause)
    plan = " | ".join(str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, [*params, 50]))
    assert "person_tag_household (tag=? AND household_id=?)" in plan, plan
    assert "household_tag_household (household_id=?)" in plan, plan
    assert "SCAN p" not in plan and "SCAN t" not in plan, plan


def test_a_tag_follows_its_person_to_another_household(store: Any) -> None:
    """The tag filter reads the household kept on the person's tag (schema 7): it must
    follow the person through every write — a new tag, a move to another household, a
    deletion — with nothing in the outbox for it."""
    from gridapp.models.household import Household
    from gridapp.store.register_actions import RegisterActions

    repo = HouseholdRepository(store)
    zhang = factories.zhang_family()
    repo.create_household(zhang, today=date(2026, 11, 1))
    _head, _wife, son = zhang.members
    actions = RegisterActions(store)
    actions.add_person_tag(son.id, "youth", date(2026, 11, 1))
    tagged = HouseholdFilter(tag="youth")
    assert [r.id for r in read_all(repo, "household_no", flt=tagged)] == [zhang.household.id]
    outbox_before = store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]

    new_id = factories.uid()
    actions.split_household(
        zhang.household.id,
        [son.id],
        Household(id=new_id, household_no="360000009", address="石泉村3组16号"),
        son.id,
        date(2026, 11, 2),
        {},
    )
    for dense in (frozenset(), frozenset({"tag"})):
        clause, params = household_list.where(tagged, dense=dense)
        ids = [
            r[0] for r in store.conn.execute(f"SELECT h.id FROM household h WHERE {clause}", params)
        ]
        assert ids == [new_id], dense
    entries = store.conn.execute(
        "SELECT changes FROM outbox WHERE tbl = 'person_tag' LIMIT -1 OFFSET ?", (outbox_before,)
    ).fetchall()
    assert all("household_id" not in str(e[0]) for e in entries)

    store.conn.execute("UPDATE person SET deleted = 1 WHERE id = ?", (son.id,))
    assert repo.count_households(tagged) == 0


def test_an_id_number_ending_in_x_is_found_by_its_tail(store: Any) -> None:
    """The check digit X is part of what a worker types: "12345x" finds "…12345X"."""
    repo = HouseholdRepository(store)
    from gridapp.models.idnumber import make_id_number

    # Not the factory's counter (it depends on the tests run before): the first sequence
    # number whose check digit is X.
    number = next(
        n
        for n in (make_id_number("360423", date(1980, 1, 1), q) for q in range(1, 999, 2))
        if n.endswith("X")
    )
    bundle = factories.household(
        "360000777",
        "石泉村1组1号",
        [factories.person("钱八", HEAD_RELATION, date(1980, 1, 1), True, id_number=number)],
    )
    repo.create_household(bundle, today=date(2026, 11, 1))
    for text in (number[-6:], number[-6:].lower(), number[-2:]):
        rows = repo.household_page(HouseholdFilter(text=text), "household_no", None, 10)
        assert [r.id for r in rows] == [bundle.household.id], text
