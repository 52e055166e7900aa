"""``gridapp petition add|list|show``: scripting 诉求信访 against a real store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gridapp.store.db import Store
from tests import factories
from tests.test_cli_register import family, run  # noqa: F401  (fixture)


def write(tmp_path: Path, data: Any, name: str = "p.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def sample(id_number: str = "") -> dict[str, Any]:
    return {
        "reg_date": "2026-11-18",
        "channel": "来访",
        "kind": "申诉求决类",
        "summary": "自来水管破裂三天无人维修",
        "content": "3组自来水主管破裂，已三天无人维修。",
        "headcount": 2,
        "petitioners": [
            {"name": "占位", "id_number": id_number} if id_number else {"name": "孙八"},
            {"name": "周九", "phone": "13907921111"},
        ],
    }


def test_add_prints_the_number_and_show_and_list_find_it(
    data_dir: Path,
    tmp_path: Path,
    capsys: Any,
    family: factories.HouseholdBundle,  # noqa: F811
) -> None:
    head = family.members[0]
    code, out, err = run(
        data_dir,
        capsys,
        "petition",
        "add",
        "--json-file",
        str(write(tmp_path, sample(head.id_number))),
    )
    assert code == 0, err
    reg_no = out.strip()
    with Store.open(data_dir) as store:
        assert reg_no.startswith(store.device_prefix() + "-2026-")
    code, out, _ = run(data_dir, capsys, "petition", "show", reg_no, "--json")
    record = json.loads(out)
    assert (record["channel"], record["kind"], record["status"]) == ("visit", "claim", "registered")
    assert record["petitioners"][0]["name"] == head.name  # linked by the ID number
    assert record["petitioners"][0]["person_id"] == head.id
    assert [s["action"] for s in record["progress"]] == ["register"]
    code, out, _ = run(data_dir, capsys, "petition", "list", "--json", "--month", "2026-11")
    assert [r["reg_no"] for r in json.loads(out)] == [reg_no]
    code, out, _ = run(data_dir, capsys, "petition", "list", "--json", "--month", "2026-10")
    assert json.loads(out) == []
    code, out, _ = run(data_dir, capsys, "petition", "list", "--json", "--status", "closed")
    assert json.loads(out) == []
    for status in ("registered", "登记（待受理）"):  # the code or the label
        code, out, _ = run(data_dir, capsys, "petition", "list", "--json", "--status", status)
        assert [r["reg_no"] for r in json.loads(out)] == [reg_no], status
    code, _out, err = run(data_dir, capsys, "petition", "list", "--status", "lost")
    assert code == 1 and "lost" in err


def test_bad_files_change_nothing_and_say_why_in_chinese(
    data_dir: Path,
    tmp_path: Path,
    capsys: Any,
    family: factories.HouseholdBundle,  # noqa: F811
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"summary": "半截', "utf-8")
    cases = [
        (broken, "JSON"),
        (write(tmp_path, ["not", "an", "object"], "list.json"), "petitioners"),
        (write(tmp_path, {**sample(), "colour": "红"}, "key.json"), "colour"),
        (write(tmp_path, {**sample(), "channel": "飞鸽传书"}, "code.json"), "飞鸽传书"),
        (write(tmp_path, {**sample(), "petitioners": []}, "none.json"), "信访人"),
    ]
    for path, needle in cases:
        code, out, err = run(data_dir, capsys, "petition", "add", "--json-file", str(path))
        assert code == 1 and out == "", (path.name, out)
        assert needle in err, (path.name, err)
    with Store.open(data_dir) as store:
        assert store.conn.execute("SELECT count(*) FROM petition").fetchone()[0] == 0
    code, _out, err = run(data_dir, capsys, "petition", "show", "X-2026-000001")
    assert code == 1 and "X-2026-000001" in err
    code, _out, err = run(data_dir, capsys, "petition", "list", "--month", "2026-13")
    assert code == 1 and "YYYY-MM" in err


def test_advance_takes_steps_and_show_gives_deadlines(
    data_dir: Path,
    tmp_path: Path,
    capsys: Any,
    family: factories.HouseholdBundle,  # noqa: F811
) -> None:
    code, out, err = run(
        data_dir, capsys, "petition", "add", "--json-file", str(write(tmp_path, sample()))
    )
    reg_no = out.strip()
    code, out, err = run(
        data_dir,
        capsys,
        "petition",
        "advance",
        reg_no,
        "accept",
        "method=书面",
        "--date",
        "2026-11-19",
    )
    assert code == 0, err
    assert "已受理" in out
    code, out, _ = run(data_dir, capsys, "petition", "show", reg_no, "--json")
    record = json.loads(out)
    assert record["status"] == "accepted" and record["accepted_date"] == "2026-11-19"
    assert record["deadlines"]["handle_by"] == record["due_date"]
    assert record["light"] in ("green", "yellow", "red")
    assert [s["action"] for s in record["progress"]] == ["register", "accept"]
    # A step the rules refuse: exit 1, a Chinese message, nothing changed.
    code, out, err = run(data_dir, capsys, "petition", "advance", reg_no, "close", "--json")
    assert code == 1 and json.loads(out)["ok"] is False and err
    code, _out, err = run(data_dir, capsys, "petition", "advance", reg_no, "handle", "no-equals")
    assert code == 1 and "字段=值" in err
    code, out, _ = run(data_dir, capsys, "petition", "show", reg_no, "--json")
    assert json.loads(out)["status"] == "accepted"


def test_metrics_and_settings(
    data_dir: Path,
    tmp_path: Path,
    capsys: Any,
    family: factories.HouseholdBundle,  # noqa: F811
) -> None:
    code, out, _ = run(
        data_dir, capsys, "petition", "add", "--json-file", str(write(tmp_path, sample()))
    )
    reg_no = out.strip()
    run(
        data_dir,
        capsys,
        "petition",
        "advance",
        reg_no,
        "accept",
        "method=书面",
        "--date",
        "2026-11-19",
    )
    code, out, err = run(data_dir, capsys, "petition", "metrics", "--month", "2026-11", "--json")
    assert code == 0, err
    figures = json.loads(out)
    [total] = [g for g in figures["grids"] if g["grid_code"] == "*"]
    assert (total["registered"], total["responded"], total["response_rate"]) == (1, 1, 1.0)
    code, out, _ = run(data_dir, capsys, "petition", "metrics", "--month", "2026-11")
    assert out.splitlines()[1].startswith("合计\t1\t0\t100.0%")
    code, out, _ = run(
        data_dir,
        capsys,
        "petition",
        "settings",
        "--day-rule",
        "working",
        "--basic-satisfied",
        "0.9",
        "--weights",
        "0.2,0.4,0.4",
        "--role",
        "grid_worker",
        "--json",
    )
    record = json.loads(out)
    assert record["day_rule"] == "working" and record["role"] == "grid_worker"
    assert record["metric_weights"] == {
        "basic_satisfied": 0.9,
        "response": 0.2,
        "resolution": 0.4,
        "satisfaction": 0.4,
    }
    # The grid worker may not refuse a petition now; the county counts working days.
    code, _out, err = run(
        data_dir,
        capsys,
        "petition",
        "advance",
        reg_no,
        "reply",
        "decision=支持",
        "text=好",
        "method=当面",
    )
    assert code == 1 and "网格员" in err
    code, _out, err = run(data_dir, capsys, "petition", "settings", "--weights", "1,2")
    assert code == 1 and "0.1,0.5,0.4" in err


def test_correct_changes_registration_fields_with_a_reason(
    data_dir: Path,
    tmp_path: Path,
    capsys: Any,
    family: factories.HouseholdBundle,  # noqa: F811
) -> None:
    code, out, err = run(
        data_dir, capsys, "petition", "add", "--json-file", str(write(tmp_path, sample()))
    )
    reg_no = out.strip()
    code, out, err = run(
        data_dir,
        capsys,
        "petition",
        "correct",
        reg_no,
        "summary=自来水管破裂五天无人维修",
        "channel=来信",
        "--reason",
        "登记时天数录错",
    )
    assert code == 0, err
    assert out.split() == [reg_no, "channel,summary"]
    code, out, _ = run(data_dir, capsys, "petition", "show", reg_no, "--json")
    record = json.loads(out)
    assert (record["summary"], record["channel"]) == ("自来水管破裂五天无人维修", "letter")
    entry = record["progress"][-1]
    assert entry["action"] == "correct"
    assert entry["detail"]["channel"] == {"old": "visit", "new": "letter"}
    assert entry["detail"]["reason"] == "登记时天数录错"
    # Refused: the date received, an empty reason, nothing changed — exit 1, Chinese, no change.
    for extra, needle in (
        (["reg_date=2026-11-17", "--reason", "录错"], "登记日期"),
        (["headcount=3", "--reason", " "], "更正原因"),
        (["channel=来信", "--reason", "录错"], "没有需要更正"),
    ):
        code, out, err = run(data_dir, capsys, "petition", "correct", reg_no, *extra)
        assert code == 1 and out == "" and needle in err, (extra, err)
    code, out, _ = run(data_dir, capsys, "petition", "show", reg_no, "--json")
    assert len(json.loads(out)["progress"]) == 2
