"""``gridapp party member|report|cancel|org|list|show|settings`` against a real store."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from gridapp.models.idnumber import make_id_number
from gridapp.models.party import ActivityParticipation, PartyActivity
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle
from tests import factories
from tests.test_cli_register import family, run  # noqa: F401  (fixture)

TABLES = ("party_member", "party_report", "party_org", "outbox", "audit_log")
TYPED_ID = make_id_number("360102", date(1985, 6, 15), 123)


@pytest.fixture
def empty(data_dir: Path) -> Path:
    """A store with nothing in it yet."""
    Store.open(data_dir, create=True).close()
    return data_dir


def write(tmp_path: Path, data: Any, name: str = "m.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def counts(data_dir: Path) -> tuple[int, ...]:
    with Store.open(data_dir) as store:
        return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)


def typed_member(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id_number": TYPED_ID,
        "name": "刘建国",
        "phone": "13907920001",
        "work_unit": "县财政局",
        "party_org": "县财政局机关党支部",
        "joined_date": "2010-07-01",
        "membership": "正式",
        "skills": "财务",
    }
    values.update(fields)
    return values


def refused(data_dir: Path, capsys: Any, *args: str) -> str:
    """Run a command that must be refused: exit 1, nothing printed, nothing changed."""
    before = counts(data_dir)
    code, out, err = run(data_dir, capsys, *args)
    assert code == 1 and out == "", (args, out, err)
    assert counts(data_dir) == before, args
    return err


def test_add_report_show_and_list_a_member_who_lives_here(
    data_dir: Path,
    tmp_path: Path,
    capsys: Any,
    family: HouseholdBundle,  # noqa: F811
) -> None:
    head = family.members[0]
    member = {
        "id_number": head.id_number,
        "work_unit": "县人民医院",
        "party_org": "县人民医院党委",
        "joined_date": "1995-07-01",
    }
    code, out, err = run(
        data_dir, capsys, "party", "member", "add", "--json-file", str(write(tmp_path, member))
    )
    assert code == 0, err
    assert out.strip() == head.id_number
    code, out, err = run(
        data_dir, capsys, "party", "report", head.id_number, "--date", "2026-03-05",
        "--channel", "线上",
    )  # fmt: skip
    assert code == 0, err
    assert out.split("\t")[:3] == [head.id_number, head.name, "2026-03-05"]
    code, out, _ = run(data_dir, capsys, "party", "show", head.id_number, "--json")
    record = json.loads(out)
    assert (record["name"], record["sex"], record["birth_date"]) == ("张三丰", "1", "1968-04-09")
    assert record["person_id"] == head.id and record["linked"] is True
    assert record["membership_label"] == "正式党员"
    assert record["report_status"] == "active"
    assert [(r["report_date"], r["channel"], r["grid_code"]) for r in record["reports"]] == [
        ("2026-03-05", "online", factories.GRID)
    ]
    for key in ("claims", "activities", "totals"):  # the service side's part of show
        assert record[key] == []
    code, out, _ = run(data_dir, capsys, "party", "list", "--json", "--year", "2026")
    rows = json.loads(out)
    assert [(r["name"], r["report_status"], r["hours"]) for r in rows] == [
        ("张三丰", "active", 0.0)
    ]
    err = refused(data_dir, capsys, "party", "report", head.id_number, "--date", "2026-04-01")
    assert "张三丰已于2026-03-05报到，不能重复报到。" in err


def test_cancel_needs_a_reason_and_no_report_follows_it(
    data_dir: Path, tmp_path: Path, capsys: Any, empty: Path
) -> None:
    path = write(tmp_path, typed_member())
    assert run(data_dir, capsys, "party", "member", "add", "--json-file", str(path))[0] == 0
    err = refused(data_dir, capsys, "party", "cancel", TYPED_ID, "--date", "2026-05-01",
                  "--reason", "搬家")  # fmt: skip
    assert "没有在册的报到" in err
    code, _out, err = run(
        data_dir, capsys, "party", "report", TYPED_ID, "--date", "2026-03-05",
        "--community", factories.VILLAGE, "--grid", factories.GRID,
    )  # fmt: skip
    assert code == 0, err
    err = refused(data_dir, capsys, "party", "cancel", TYPED_ID, "--date", "2026-05-01",
                  "--reason", "  ")  # fmt: skip
    assert "cancel_reason" in err
    err = refused(data_dir, capsys, "party", "cancel", TYPED_ID, "--date", "2026-03-01",
                  "--reason", "搬家")  # fmt: skip
    assert "注销日期早于报到日期" in err
    code, out, err = run(data_dir, capsys, "party", "cancel", TYPED_ID, "--date", "2026-05-01",
                         "--reason", "工作调动", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["status"] == "cancelled"
    err = refused(data_dir, capsys, "party", "report", TYPED_ID, "--date", "2026-06-01",
                  "--community", factories.VILLAGE)  # fmt: skip
    assert "刘建国的报到已于2026-05-01注销，注销后不能再报到。" in err
    code, out, _ = run(data_dir, capsys, "party", "show", TYPED_ID, "--json")
    record = json.loads(out)
    assert record["report_status"] == "cancelled" and record["linked"] is False
    assert [(r["status"], r["cancel_reason"]) for r in record["reports"]] == [
        ("cancelled", "工作调动")
    ]


def test_bad_member_files_and_inputs_change_nothing_and_say_why_in_chinese(
    data_dir: Path,
    tmp_path: Path,
    capsys: Any,
    family: HouseholdBundle,  # noqa: F811
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "半截', "utf-8")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = [
        (broken, "JSON"),
        (write(tmp_path, ["not", "an", "object"], "list.json"), "党员"),
        (write(tmp_path, typed_member(colour="红"), "key.json"), "colour"),
        (write(tmp_path, typed_member(phone="12345"), "phone.json"), "phone"),
        (write(tmp_path, typed_member(id_number="360102198506151234"), "id.json"), "id_number"),
        (write(tmp_path, typed_member(joined_date=tomorrow), "future.json"), "晚于今天"),
        (write(tmp_path, typed_member(joined_date="2001-01-01"), "young.json"), "十八"),
        (write(tmp_path, typed_member(membership="党员"), "code.json"), "党员"),
        (write(tmp_path, typed_member(party_org=""), "org.json"), "party_org"),
        (
            write(tmp_path, typed_member(id_number=family.members[0].id_number), "name.json"),
            "不是刘建国",
        ),
    ]
    for path, needle in cases:
        err = refused(data_dir, capsys, "party", "member", "add", "--json-file", str(path))
        assert needle in err, (path.name, err)
    path = write(tmp_path, typed_member())
    assert run(data_dir, capsys, "party", "member", "add", "--json-file", str(path))[0] == 0
    err = refused(data_dir, capsys, "party", "member", "add", "--json-file", str(path))
    assert "已登记" in err
    err = refused(data_dir, capsys, "party", "report", "11010519491231002X", "--date", "2026-01-01")
    assert "没有身份证号码为" in err
    err = refused(data_dir, capsys, "party", "report", TYPED_ID, "--date", tomorrow,
                  "--community", factories.VILLAGE)  # fmt: skip
    assert "晚于今天" in err
    err = refused(data_dir, capsys, "party", "report", TYPED_ID, "--date", "2009-01-01",
                  "--community", factories.VILLAGE)  # fmt: skip
    assert "早于入党日期" in err
    err = refused(data_dir, capsys, "party", "report", TYPED_ID, "--date", "2026-01-01",
                  "--community", factories.VILLAGE, "--grid", "360423100299-01")  # fmt: skip
    assert "不属于" in err
    code, out, err = run(data_dir, capsys, "party", "report", TYPED_ID, "--date", "yesterday",
                         "--community", factories.VILLAGE, "--json")  # fmt: skip
    assert code == 1 and json.loads(out)["ok"] is False and "2024-03-01" in err


def test_member_update_keeps_old_and_new_values(
    data_dir: Path, tmp_path: Path, capsys: Any, empty: Path
) -> None:
    path = write(tmp_path, typed_member())
    assert run(data_dir, capsys, "party", "member", "add", "--json-file", str(path))[0] == 0
    code, out, err = run(
        data_dir, capsys, "party", "member", "update", TYPED_ID, "work_unit=县教育局",
        "membership=预备",
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == f"{TYPED_ID}\twork_unit,membership"
    with Store.open(data_dir) as store:
        changes = store.conn.execute(
            "SELECT changes FROM outbox WHERE tbl = 'party_member' AND op = 'update'"
        ).fetchone()[0]
    assert json.loads(changes)["work_unit"] == {"old": "县财政局", "new": "县教育局"}
    err = refused(data_dir, capsys, "party", "member", "update", TYPED_ID, f"id_number={TYPED_ID}")
    assert "不能修改" in err
    err = refused(data_dir, capsys, "party", "member", "update", TYPED_ID, "work_unit")
    assert "字段=值" in err or "FIELD=VALUE" in err
    err = refused(data_dir, capsys, "party", "member", "update", TYPED_ID, "work_unit=县教育局")
    assert "没有需要修改" in err


def test_unit_organisations_report_once_and_their_receipt_is_signed_once(
    data_dir: Path, tmp_path: Path, capsys: Any, empty: Path
) -> None:
    unit = {
        "name": "县税务局机关党支部",
        "org_type": "机关",
        "contact": "陈主任",
        "phone": "0792-1234567",
        "report_date": "2026-03-02",
        "grid_code": factories.GRID,
    }
    path = write(tmp_path, unit, "org.json")
    code, out, err = run(data_dir, capsys, "party", "org", "add", "--json-file", str(path))
    assert code == 0, err
    assert out.strip().endswith("\t县税务局机关党支部")
    err = refused(data_dir, capsys, "party", "org", "add", "--json-file", str(path))
    assert "不能重复报到" in err
    bad = write(tmp_path, {**unit, "name": "县邮政局", "contact": "", "x": 1}, "bad.json")
    err = refused(data_dir, capsys, "party", "org", "add", "--json-file", str(bad))
    assert "“x”" in err
    err = refused(data_dir, capsys, "party", "org", "receipt", "县税务局机关党支部",
                  "--date", "2026-03-01", "--signer", "王书记")  # fmt: skip
    assert "回执日期早于" in err
    code, out, err = run(data_dir, capsys, "party", "org", "receipt", "县税务局机关党支部",
                         "--date", "2026-03-06", "--signer", "王书记")  # fmt: skip
    assert code == 0, err
    err = refused(data_dir, capsys, "party", "org", "receipt", "县税务局机关党支部",
                  "--date", "2026-03-07", "--signer", "李主任")  # fmt: skip
    assert "回执已于2026-03-06由王书记签收，不能重复签收。" in err
    err = refused(data_dir, capsys, "party", "org", "receipt", "县邮政局",
                  "--date", "2026-03-07", "--signer", "李主任")  # fmt: skip
    assert "没有名为“县邮政局”的单位党组织" in err
    err = refused(data_dir, capsys, "party", "org", "cancel", "县税务局机关党支部",
                  "--date", "2026-10-01", "--reason", "")  # fmt: skip
    assert "cancel_reason" in err
    code, _out, err = run(data_dir, capsys, "party", "org", "cancel", "县税务局机关党支部",
                          "--date", "2026-10-01", "--reason", "单位撤并")  # fmt: skip
    assert code == 0, err
    code, out, _ = run(data_dir, capsys, "party", "org", "list", "--json")
    rows = json.loads(out)
    assert [
        (r["status"], r["receipt_date"], r["receipt_signer"], r["cancel_reason"]) for r in rows
    ] == [("cancelled", "2026-03-06", "王书记", "单位撤并")]


def _activity(data_dir: Path, day: date, hours: dict[str, float]) -> None:
    with Store.open(data_dir) as store:
        activity = PartyActivity(factories.uid(), "环境整治", day, area_code=factories.VILLAGE)
        parts = [
            ActivityParticipation(factories.uid(), activity.id, member, spent, points=spent)
            for member, spent in hours.items()
        ]
        with store.write("test activity") as cap:
            insert_records(cap, "party_activity", [activity])
            insert_records(cap, "activity_participation", parts)


def test_list_below_threshold_and_settings(
    data_dir: Path,
    tmp_path: Path,
    capsys: Any,
    family: HouseholdBundle,  # noqa: F811
) -> None:
    ids = []
    for person in family.members[:2]:
        data = {
            "id_number": person.id_number,
            "party_org": "县委办党支部",
            "joined_date": "2000-07-01",
        }
        path = write(tmp_path, data, f"{person.id}.json")
        assert run(data_dir, capsys, "party", "member", "add", "--json-file", str(path))[0] == 0
        assert (
            run(data_dir, capsys, "party", "report", person.id_number, "--date", "2025-05-01")[0]
            == 0
        )
        with Store.open(data_dir) as store:
            ids.append(
                store.conn.execute(
                    "SELECT id FROM party_member WHERE id_number = ?", (person.id_number,)
                ).fetchone()[0]
            )
    _activity(data_dir, date(2025, 6, 1), {ids[0]: 12.0, ids[1]: 3.5})
    code, out, _ = run(data_dir, capsys, "party", "settings", "--json")
    assert json.loads(out)["yearly_hours_threshold"] == 50.0
    code, out, err = run(data_dir, capsys, "party", "settings", "--threshold", "10",
                         "--period", "half", "--points-per-hour", "2", "--json")  # fmt: skip
    assert code == 0, err
    settings = json.loads(out)
    assert (settings["yearly_hours_threshold"], settings["feedback_period"]) == (10.0, "half")
    assert settings["points_per_hour"] == 2.0
    code, out, _ = run(data_dir, capsys, "party", "list", "--json", "--below-threshold",
                       "--year", "2025")  # fmt: skip
    rows = json.loads(out)
    assert [(r["name"], r["hours"], r["threshold"]) for r in rows] == [("王芳", 3.5, 10.0)]
    code, out, _ = run(data_dir, capsys, "party", "list", "--below-threshold", "--year", "2024")
    assert code == 0 and out == ""  # nobody had reported yet
    err = refused(data_dir, capsys, "party", "list", "--year", "25")
    assert "四位数字" in err
    for bad in (["--threshold", "很多"], ["--period", "monthly"], ["--points-per-hour", "-1"]):
        err = refused(data_dir, capsys, "party", "settings", *bad)
        assert err.strip(), bad
    code, out, _ = run(data_dir, capsys, "party", "settings", "--json")
    assert json.loads(out)["yearly_hours_threshold"] == 10.0  # unchanged by the refusals
