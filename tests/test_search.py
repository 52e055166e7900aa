"""Global search: names and parts of names, pinyin, ID and phone numbers, addresses; the
index follows edits; odd input never reaches SQL as syntax; numbers stay masked."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gridapp.cli import main
from gridapp.models.idnumber import make_id_number
from gridapp.store import search
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from tests.factories import household, person, zhang_family


def id_with_x() -> str:
    """A valid ID number whose check character is X."""
    for seq in range(1, 999, 2):
        number = make_id_number("360423", date(1985, 6, 1), seq)
        if number.endswith("X"):
            return number
    raise AssertionError("no X among 500 sequence numbers")


@pytest.fixture
def repo(store: Store) -> HouseholdRepository:
    """A register with the people the tests look for."""
    repo = HouseholdRepository(store)
    repo.create_household(zhang_family())  # 张三丰 (head), 王芳, 张小明 at 石泉村3组15号
    repo.create_household(
        household(
            "360000002",
            "幸福路8号",
            [
                person("王芳芳", "02", date(1975, 3, 1), False, phone="13812345678"),
                person("李王芳", "10", date(1976, 5, 2), False),
            ],
        )
    )
    repo.create_household(
        household(
            "360000003",
            "石泉村5组2号",
            [
                person("欧阳娜娜", "02", date(1980, 1, 1), False),
                person("曾国藩", "20", date(2001, 1, 1), True, phone="0792-7654321"),
                person("单田芳", "20", date(2003, 1, 1), True, id_number=id_with_x()),
                # A second 王芳, deceased: found, but after everyone living.
                person("王芳", "20", date(1950, 2, 2), False, status="3"),
            ],
        )
    )
    return repo


def names(store: Store, query: str, limit: int = search.DEFAULT_LIMIT) -> list[str]:
    return [hit.name for hit in search.search(store.conn, query, limit).hits]


def find(repo: HouseholdRepository, name: str) -> str:
    """The ID number of the registered person called ``name`` (status 正常)."""
    row = repo.conn.execute(
        "SELECT id_number FROM person WHERE name = ? AND status = '1'", (name,)
    ).fetchone()
    return str(row[0])


# --- names -------------------------------------------------------------------------------


def test_two_characters_find_exact_then_prefix_then_substring_living_first(
    repo: HouseholdRepository, store: Store
) -> None:
    result = search.search(store.conn, "王芳")
    assert [h.name for h in result.hits] == ["王芳", "王芳芳", "李王芳", "王芳"]
    assert [h.status for h in result.hits] == ["1", "1", "1", "3"]
    assert {h.match for h in result.hits} == {"name"}


def test_two_characters_inside_a_given_name(repo: HouseholdRepository, store: Store) -> None:
    assert names(store, "三丰") == ["张三丰"]
    assert names(store, "田芳") == ["单田芳"]


def test_single_surname_lists_names_starting_with_it_first(
    repo: HouseholdRepository, store: Store
) -> None:
    found = names(store, "王")
    assert found[:2] == ["王芳", "王芳芳"]
    assert found[2] == "李王芳"  # contains 王, does not start with it
    assert found[-1] == "王芳"  # the deceased one, last
    assert names(store, "张") == ["张三丰", "张小明"]


def test_single_character_of_a_given_name(repo: HouseholdRepository, store: Store) -> None:
    assert set(names(store, "芳")) == {"王芳", "王芳芳", "李王芳", "单田芳"}
    assert set(names(store, "娜")) == {"欧阳娜娜"}


def test_full_name_and_nothing_for_an_unknown_one(repo: HouseholdRepository, store: Store) -> None:
    assert names(store, "张三丰") == ["张三丰"]
    assert names(store, " 张 三 丰 ") == ["张三丰"]
    assert names(store, "张无忌") == []


# --- pinyin ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["zsf", "zhangsanfeng", "ZSF", "zhang san feng", "zhangs"])
def test_pinyin_full_initials_and_prefix(
    repo: HouseholdRepository, store: Store, query: str
) -> None:
    result = search.search(store.conn, query)
    assert result.hits[0].name == "张三丰"
    assert result.hits[0].match == "pinyin"


def test_pinyin_of_the_given_name(repo: HouseholdRepository, store: Store) -> None:
    assert names(store, "sanfeng") == ["张三丰"]
    assert "张小明" in names(store, "xm")


@pytest.mark.parametrize("query", ["oy", "oynn", "ouyang", "ouyangnana"])
def test_compound_surname(repo: HouseholdRepository, store: Store, query: str) -> None:
    assert names(store, query) == ["欧阳娜娜"]


def test_compound_surname_by_characters(repo: HouseholdRepository, store: Store) -> None:
    assert names(store, "欧阳") == ["欧阳娜娜"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("zeng", "曾国藩"),
        ("zgf", "曾国藩"),
        ("zengguofan", "曾国藩"),
        ("shan", "单田芳"),
        ("stf", "单田芳"),
        ("shantianfang", "单田芳"),
    ],
)
def test_polyphonic_surnames_read_as_surnames(
    repo: HouseholdRepository, store: Store, query: str, name: str
) -> None:
    assert names(store, query)[0] == name
    # The common readings of 曾 (ceng) and 单 (dan) are not how these surnames are said.
    assert name not in names(store, "cengguofan") + names(store, "dantianfang")


# --- ID numbers and phones -----------------------------------------------------------------


def test_id_number_last_digits(repo: HouseholdRepository, store: Store) -> None:
    number = find(repo, "张三丰")
    for digits in (number[-4:], number[-6:]):
        hits = search.search(store.conn, digits).hits
        assert "张三丰" in [h.name for h in hits]
        assert next(h for h in hits if h.name == "张三丰").match == "id_number"


def test_full_id_number_with_lower_case_x(repo: HouseholdRepository, store: Store) -> None:
    number = find(repo, "单田芳")
    assert number.endswith("X")
    for query in (number.lower(), number, f"{number[:6]} {number[6:14]} {number[14:]}"):
        hits = search.search(store.conn, query).hits
        assert [h.name for h in hits][:1] == ["单田芳"], query
    assert names(store, number[-5:].lower()) == ["单田芳"]  # last digits ending in x


def test_phone_full_and_last_digits(repo: HouseholdRepository, store: Store) -> None:
    for query in ("13907921234", "139-0792-1234", "1234", "921234"):
        hits = search.search(store.conn, query).hits
        assert hits and hits[0].name == "张三丰", query
        assert hits[0].match == "phone"
    assert names(store, "07927654321") == ["曾国藩"]  # a landline typed without the dash
    assert names(store, "7654321") == ["曾国藩"]


# --- addresses ---------------------------------------------------------------------------


def test_address_fragment_lists_the_household_head_first(
    repo: HouseholdRepository, store: Store
) -> None:
    result = search.search(store.conn, "3组15号")
    assert [h.name for h in result.hits] == ["张三丰", "王芳", "张小明"]
    assert result.hits[0].is_head
    assert {h.match for h in result.hits} == {"address"}
    assert {h.household_no for h in result.hits} == {"360000001"}
    assert names(store, "幸福路") == ["王芳芳", "李王芳"]
    village = names(store, "石泉村")
    assert sorted(village) == sorted(
        ["张三丰", "王芳", "张小明", "欧阳娜娜", "曾国藩", "单田芳", "王芳"]
    )
    assert village[-1] == "王芳"  # the deceased one after all the living


# --- the index follows edits -------------------------------------------------------------


def test_index_follows_a_change_of_name_and_phone(repo: HouseholdRepository, store: Store) -> None:
    hit = search.search(store.conn, "张小明").hits[0]
    repo.update_person(hit.person_id, {"name": "张晓鸣", "phone": "15012348888"})
    assert names(store, "张小明") == []
    assert names(store, "zxm") == ["张晓鸣"]
    assert names(store, "晓鸣") == ["张晓鸣"]
    assert names(store, "8888") == ["张晓鸣"]
    repo.update_person(hit.person_id, {"phone": ""})
    assert names(store, "8888") == []


def test_rebuild_gives_the_same_results_without_duplicates(
    repo: HouseholdRepository, store: Store
) -> None:
    before = [search.search(store.conn, q).hits for q in ("王", "zsf", "3组15号", "1234")]
    with store.transaction():
        assert search.rebuild(store.conn) == 9
    after = [search.search(store.conn, q).hits for q in ("王", "zsf", "3组15号", "1234")]
    assert after == before


def test_upgrade_from_schema_1_indexes_the_registered_people(
    repo: HouseholdRepository, store: Store, data_dir: Path
) -> None:
    # Turn the database back into schema 1 (no search tables), as an older program left it.
    with store.transaction():
        for table in ("search_name", "search_key", "search_address"):
            store.conn.execute(f"DROP TABLE {table}")
        store.conn.execute("PRAGMA user_version = 1")
    store.close()
    with Store.open(data_dir) as upgraded:
        assert upgraded.conn.execute("PRAGMA user_version").fetchone()[0] >= 2
        assert [h.name for h in search.search(upgraded.conn, "zsf").hits] == ["张三丰"]
        assert len(search.search(upgraded.conn, "石泉村").hits) == 7


def test_index_is_encrypted_on_disk(repo: HouseholdRepository, store: Store) -> None:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    for path in store.data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for text in ("zhangsanfeng", "张三丰", "三丰", "幸福路", "13907921234"[::-1]):
                assert text.encode() not in data, (path, text)


# --- odd input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"AND" OR NEAR(',
        'NEAR("王芳" "张")',
        '王芳" OR "张',
        "zsf*",
        "*",
        "'; DROP TABLE person; --",
        "x" * 10_000,
        "王" * 10_000,
        "😀",
        "王😀芳",
        "",
        "   ",
        "\u3000\t\n",
        "\x00",
        "\ud800",
        "-",
        "^王",
        "tail:王",
        "{bigram}: 王芳",
        "1",
        "x",
    ],
)
def test_hostile_input_gives_an_empty_result_or_a_message(
    repo: HouseholdRepository, store: Store, query: str
) -> None:
    result = search.search(store.conn, query)
    assert isinstance(result.hits, list)
    if result.message is not None:
        assert result.hits == []
        assert result.text()  # a sentence in the user's language
    assert len(result.hits) <= search.DEFAULT_LIMIT


def test_operators_are_plain_text(repo: HouseholdRepository, store: Store) -> None:
    # Punctuation is dropped, so quotes and stars neither break nor widen the search.
    assert names(store, '"王芳"') == names(store, "王芳")
    assert names(store, "zsf*") == names(store, "zsf")
    assert names(store, "王 OR 张") == []


def test_messages_for_queries_that_are_not_run(store: Store) -> None:
    assert search.search(store.conn, "  ").message == search.MSG_EMPTY
    assert search.search(store.conn, "😀").message == search.MSG_EMPTY
    assert search.search(store.conn, "1").message == search.MSG_TOO_SHORT
    long = search.search(store.conn, "王" * 10_000)
    assert long.message == search.MSG_TOO_LONG
    assert str(search.MAX_QUERY_CHARS) in long.text()


def test_limit_is_respected(repo: HouseholdRepository, store: Store) -> None:
    assert len(names(store, "王")) == 4
    assert len(names(store, "王", limit=2)) == 2
    assert names(store, "石泉村", limit=1) == ["张三丰"]


# --- the command -------------------------------------------------------------------------


def registered_numbers(repo: HouseholdRepository) -> list[str]:
    rows = repo.conn.execute("SELECT id_number, phone FROM person").fetchall()
    numbers = [r[0] for r in rows] + [r[1] for r in rows if r[1]]
    return numbers + [n.lower() for n in numbers] + [n.replace("-", "") for n in numbers]


def run_cli(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "search", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_lists_masked_records(
    repo: HouseholdRepository, store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = find(repo, "张三丰")
    store.close()
    code, out, _err = run_cli(data_dir, capsys, "石泉村", "--json")
    assert code == 0
    records = json.loads(out)
    assert [r["name"] for r in records][:3] == ["张三丰", "王芳", "张小明"]
    first = records[0]
    assert first["household_no"] == "360000001"
    assert first["address"] == "石泉村3组15号"
    assert first["id_masked"] == number[:6] + "********" + number[-4:]
    assert first["phone_masked"] == "139****1234"


def test_cli_never_prints_a_whole_id_or_phone_number(
    repo: HouseholdRepository, store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    numbers = registered_numbers(repo)
    queries = ["石泉村", "幸福路", "王", "zsf", numbers[0], numbers[0][-6:], "13907921234"]
    store.close()
    for query in queries:
        for extra in (["--json"], []):
            code, out, err = run_cli(data_dir, capsys, query, *extra)
            assert code == 0
            assert out.strip()
            for number in numbers:
                assert number not in out and number not in err, (query, number)


def test_cli_text_output_and_limit(
    repo: HouseholdRepository, store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    code, out, _err = run_cli(data_dir, capsys, "王", "--limit", "2")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 3  # header and two persons
    assert lines[1].startswith("王芳 ")
    code, out, _err = run_cli(data_dir, capsys, "王", "--limit", "2", "--json")
    assert len(json.loads(out)) == 2
    code, out, err = run_cli(data_dir, capsys, "王", "--limit", "0")
    assert code == 1 and err.strip()


def test_cli_words_are_joined_and_nothing_found_is_said(
    repo: HouseholdRepository, store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    code, out, _err = run_cli(data_dir, capsys, "zhang", "san", "feng", "--json")
    assert [r["name"] for r in json.loads(out)] == ["张三丰"]
    code, out, _err = run_cli(data_dir, capsys, "张无忌")
    assert code == 0 and "张无忌" in out


@pytest.mark.parametrize("query", ['"AND" OR NEAR(', "*", "   ", "x" * 10_000, "😀", ""])
def test_cli_hostile_input(
    repo: HouseholdRepository,
    store: Store,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    query: str,
) -> None:
    store.close()
    code, out, err = run_cli(data_dir, capsys, query, "--json")
    assert code in (0, 1)
    assert json.loads(out) == []
    assert "Traceback" not in err and "fts5" not in err.lower()
