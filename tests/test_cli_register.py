"""``gridapp person show|set`` and ``gridapp stats`` as a county IT admin scripts them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gridapp.cli import main
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from tests import factories


@pytest.fixture
def family(data_dir: Path) -> factories.HouseholdBundle:
    bundle = factories.zhang_family()
    with Store.open(data_dir, create=True) as store:
        HouseholdRepository(store).create_household(bundle)
    return bundle


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_person_show_prints_every_field(
    data_dir: Path, family: factories.HouseholdBundle, capsys: pytest.CaptureFixture[str]
) -> None:
    head = family.members[0]
    code, out, _ = run(data_dir, capsys, "person", "show", head.id_number.lower(), "--json")
    assert code == 0
    record = json.loads(out)
    assert record["name"] == "张三丰" and record["birth_date"] == "1968-04-09"
    assert record["sex"] == "1" and record["household_no"] == "360000001"
    assert record["verified"] is False
    wife = json.loads(
        run(data_dir, capsys, "person", "show", family.members[1].id_number, "--json")[1]
    )
    assert [t["tag"] for t in wife["tags"]] == ["dibao"]


def test_person_set_changes_and_validates(
    data_dir: Path, family: factories.HouseholdBundle, capsys: pytest.CaptureFixture[str]
) -> None:
    number = family.members[2].id_number
    code, _, _ = run(
        data_dir,
        capsys,
        "person",
        "set",
        number,
        "phone=13800138000",
        "education=本科",
        "verified=是",
    )
    assert code == 0
    record = json.loads(run(data_dir, capsys, "person", "show", number, "--json")[1])
    assert (record["phone"], record["education"], record["verified"]) == ("13800138000", "20", True)
    for bad in (
        ["colour=red"],
        ["phone=12"],
        ["birth_date=2000-01-01"],
        ["phone"],
        ["ethnicity=不存在"],
        ["note=" + "长" * 501],
    ):
        code, _, err = run(data_dir, capsys, "person", "set", number, *bad)
        assert code == 1, bad
        assert any("\u4e00" <= ch <= "\u9fff" for ch in err), err
    after = json.loads(run(data_dir, capsys, "person", "show", number, "--json")[1])
    assert after == record


def test_unknown_or_invalid_id_number(
    data_dir: Path, family: factories.HouseholdBundle, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(data_dir, capsys, "person", "show", "110105194912310021")
    assert code == 1 and "校验" in err
    code, _, err = run(data_dir, capsys, "person", "show", "11010519491231002X")
    assert code == 1 and "没有登记" in err


def test_stats(
    data_dir: Path, family: factories.HouseholdBundle, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(data_dir, capsys, "stats", "--json")
    stats = json.loads(out)
    assert code == 0
    assert (stats["households"], stats["persons"], stats["party_members"], stats["petitions"]) == (
        1,
        3,
        0,
        0,
    )


def test_wrong_passphrase_exits_non_zero_with_message(
    data_dir: Path,
    family: factories.HouseholdBundle,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRIDAPP_PASSPHRASE", "wrong wrong wrong")
    code, _, err = run(data_dir, capsys, "stats", "--json")
    assert code == 2 and "口令不正确" in err


def test_stats_on_empty_data_dir_does_not_create_a_database(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(data_dir, capsys, "stats")
    assert code == 2 and "还没有数据库" in err
    assert not data_dir.exists() or not list(data_dir.iterdir())


def test_gridapp_home_is_used_without_data_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(tmp_path / "home", create=True) as store:
        HouseholdRepository(store).create_household(factories.zhang_family())
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["persons"] == 3
