"""``gridapp party post|activity|feedback`` against a real store: what is printed, and bad
input refused in Chinese with nothing changed."""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gridapp.cli import main
from gridapp.cli.common import run_command
from gridapp.cli.party_service import add_service_commands
from gridapp.models.party import PartyMember
from gridapp.store.db import Store
from tests.test_party_service import add_member, add_org, counts


def _main(argv: Sequence[str]) -> int:
    """``gridapp …``; until the ``party`` command exists, a parser with just these actions."""
    if importlib.util.find_spec("gridapp.cli.party") is not None:
        return main(list(argv))
    parser = argparse.ArgumentParser(prog="gridapp")
    parser.add_argument("--data-dir")
    commands = parser.add_subparsers(dest="command", required=True)
    party = commands.add_parser("party")
    add_service_commands(party.add_subparsers(dest="action", required=True))
    return run_command(parser.parse_args(argv))


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = _main(["--data-dir", str(data_dir), "party", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def members(data_dir: Path) -> list[PartyMember]:
    with Store.open(data_dir, create=True) as store:
        found = [add_member(store, name) for name in ("王建国", "李红梅", "赵六")]
        add_org(store, "县财政局机关党支部")
        return found


def write(tmp_path: Path, data: Any, name: str = "a.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def state(data_dir: Path) -> dict[str, int]:
    with Store.open(data_dir) as store:
        return counts(store)


def test_posts_are_added_claimed_withdrawn_and_listed(
    data_dir: Path, capsys: pytest.CaptureFixture[str], members: list[PartyMember]
) -> None:
    wang, li, _zhao = members
    code, out, err = run(
        data_dir, capsys, "post", "add", "--name", "治安巡逻岗", "--category", "治安巡逻",
        "--planned", "2",
    )  # fmt: skip
    assert code == 0, err
    post_id = out.strip()
    code, out, err = run(
        data_dir, capsys, "post", "claim", "治安巡逻岗", "--member", wang.id_number
    )
    assert (code, out) == (0, "治安巡逻岗\t1/2\t王建国\n"), err
    code, out, _ = run(data_dir, capsys, "post", "claim", post_id, "--org", "县财政局机关党支部")
    assert out == "治安巡逻岗\t2/2\t王建国、县财政局机关党支部\n"
    before = state(data_dir)
    code, _, err = run(data_dir, capsys, "post", "claim", post_id, "--member", "李红梅")
    assert code == 1 and "已满" in err
    code, _, err = run(data_dir, capsys, "post", "claim", post_id, "--member", "无名氏")
    assert code == 1 and "查无“无名氏”" in err
    assert state(data_dir) == before
    code, out, _ = run(data_dir, capsys, "post", "withdraw", post_id, "--member", "王建国")
    assert out == "治安巡逻岗\t1/2\t县财政局机关党支部\n"
    run(
        data_dir, capsys, "post", "claim", post_id, "--member", li.id_number, "--date", "2026-01-02"
    )
    code, out, _ = run(data_dir, capsys, "post", "list", "--json")
    [row] = json.loads(out)
    assert (row["name"], row["category"], row["category_label"]) == (
        "治安巡逻岗",
        "safety",
        "安全宣传与治安巡逻",
    )
    assert (row["claimed"], row["planned"], row["who"]) == (
        2,
        2,
        ["李红梅", "县财政局机关党支部"],
    )  # by claim date


def test_a_bad_post_is_refused_with_every_problem(
    data_dir: Path, capsys: pytest.CaptureFixture[str], members: list[PartyMember]
) -> None:
    before = state(data_dir)
    code, out, err = run(
        data_dir, capsys, "post", "add", "--name", "巡逻", "--category", "跳舞", "--kind", "活动",
        "--planned", "-1", "--json",
    )  # fmt: skip
    assert code == 1
    fields = {e["field"] for e in json.loads(out)["errors"]}
    assert fields == {"category", "kind", "planned"}
    assert "跳舞" in err
    assert state(data_dir) == before


def test_activity_add_from_a_json_file_prints_its_id(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], members: list[PartyMember]
) -> None:
    wang, li, zhao = members
    data = {
        "theme": "清理楼道杂物",
        "date": "2025-09-30",
        "place": "3组",
        "organiser": "社区党委",
        "participants": [
            {"id_number": wang.id_number, "hours": 2, "content": "清扫", "evaluation": "满意"},
            {"id_number": li.id_number, "hours": "1.5", "content": "登记", "evaluation": "很满意"},
        ],
    }
    code, out, err = run(
        data_dir, capsys, "activity", "add", "--json-file", str(write(tmp_path, data))
    )
    assert code == 0, err
    activity_id = out.strip()
    code, out, err = run(
        data_dir, capsys, "activity", "join", activity_id, f"{zhao.name}、无名氏", "--hours", "1"
    )
    assert code == 1 and "无名氏" in err
    code, out, err = run(
        data_dir, capsys, "activity", "join", activity_id, zhao.name, "--hours", "1", "--json"
    )
    record = json.loads(out)
    assert [(p["name"], p["hours"], p["points"]) for p in record["participants"]] == [
        ("王建国", 2.0, 2.0),
        ("李红梅", 1.5, 1.5),
        ("赵六", 1.0, 1.0),
    ]
    code, out, _ = run(data_dir, capsys, "feedback", "show", wang.id_number, "--period", "2025Q3")
    assert "activities: 1" in out and "hours: 2.0" in out
    code, out, _ = run(
        data_dir, capsys, "feedback", "show", wang.id_number, "--period", "2025Q4", "--json"
    )
    assert (json.loads(out)["activities"], json.loads(out)["hours"]) == (0, 0.0)


def people(*pairs: tuple[str, Any]) -> dict[str, Any]:
    return {"participants": [{"name": name, "hours": hours} for name, hours in pairs]}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"date": "2999-01-01"}, "activity_date", "晚于今天"),
        (people(("110101199003070000", 2)), "participants[0].member", "查无"),
        (people(("王建国", -2)), "participants[0].hours", "大于 0"),
        (people(("王建国", 30)), "participants[0].hours", "24"),
        (people(("王建国", 1), ("王建国", 1)), "participants[1].member", "已参加"),
        ({"venue": "3组"}, "venue", "venue"),
    ],
)
def test_bad_activity_files_change_nothing(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    members: list[PartyMember],
    change: dict[str, Any],
    field: str,
    words: str,
) -> None:
    data = {
        "theme": "义诊",
        "date": "2025-06-01",
        "participants": [{"name": "李红梅", "hours": 1}],
        **change,
    }
    before = state(data_dir)
    path = write(tmp_path, data)
    code, out, err = run(data_dir, capsys, "activity", "add", "--json-file", str(path), "--json")
    assert code == 1
    errors = {e["field"]: e["message"] for e in json.loads(out)["errors"]}
    assert words in errors[field], errors
    assert state(data_dir) == before
    broken = tmp_path / "broken.json"
    broken.write_text('{"theme": "半截', "utf-8")
    code, _, err = run(data_dir, capsys, "activity", "add", "--json-file", str(broken))
    assert code == 1 and "JSON" in err
    assert state(data_dir) == before


def test_feedback_is_saved_and_updated(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], members: list[PartyMember]
) -> None:
    wang = members[0]
    for day, hours in (("2025-06-30", 3), ("2025-07-01", 2), ("2025-09-30", 4)):
        data = {"theme": "巡逻", "date": day, "participants": [{"name": "王建国", "hours": hours}]}
        assert (
            run(data_dir, capsys, "activity", "add", "--json-file", str(write(tmp_path, data)))[0]
            == 0
        )
    before = state(data_dir)
    code, out, err = run(
        data_dir, capsys, "feedback", "save", wang.id_number, "--period", "2025Q3",
        "--rating", "特优", "--signer", "", "--json",
    )  # fmt: skip
    assert code == 1
    assert {e["field"] for e in json.loads(out)["errors"]} == {"rating", "signer"}
    assert state(data_dir) == before
    code, out, err = run(
        data_dir, capsys, "feedback", "save", wang.id_number, "--period", "2025Q3",
        "--rating", "良好", "--signer", "刘书记", "--date", "2025-10-08", "--json",
    )  # fmt: skip
    assert code == 0, err
    sheet = json.loads(out)
    assert (sheet["activities"], sheet["hours"], sheet["rating_label"]) == (2, 6.0, "良好")
    assert (sheet["signer"], sheet["signed_date"], sheet["saved"]) == ("刘书记", "2025-10-08", True)
    code, out, err = run(
        data_dir, capsys, "feedback", "save", "王建国", "--period", "2025q3",
        "--rating", "优秀", "--signer", "刘书记", "--opinion", "积极", "--json",
    )  # fmt: skip
    sheet = json.loads(out)
    assert (sheet["rating"], sheet["opinion"], sheet["signed_date"]) == (
        "excellent",
        "积极",
        date.today().isoformat(),
    )
    with Store.open(data_dir) as store:
        assert store.query("SELECT count(*) AS n FROM party_feedback")[0]["n"] == 1
    code, _, err = run(data_dir, capsys, "feedback", "show", wang.id_number, "--period", "2025Q5")
    assert code == 1 and "2025Q5" in err
