"""``gridapp-server`` init, enroll, devices and revoke on a real SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gridapp.server import core
from gridapp.server.cli import main
from gridapp.server.schema import make_engine

COUNTY = "360423"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'county.db'}"


def init(db: str, *extra: str) -> int:
    return main(["init", "--db", db, "--county", COUNTY, "--name", "武宁县", *extra])


def test_init_loads_the_places_once(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    places = tmp_path / "places.csv"
    places.write_text(
        "code,name\n360423100,宋溪镇\n360423100201,山口村\n360423100201-01,山口村第一网格\n",
        encoding="utf-8",
    )
    assert init(db, "--places", str(places)) == 0
    assert "4" in capsys.readouterr().out  # the county and three places
    assert init(db, "--places", str(places)) == 0  # again: nothing new
    assert "0" in capsys.readouterr().out

    as_json = tmp_path / "places.json"
    as_json.write_text(json.dumps([{"code": "360423100201", "name": "山口村（新）"}]), "utf-8")
    assert init(db, "--places", str(as_json)) == 0
    engine = make_engine(db)
    device = core.create_enrolment(engine, ["360423100201"])
    reader = core.enroll(engine, device, "pc-1")
    feed = core.pull(engine, reader.device_id, 0)
    by_code = {c["data"]["code"]: c for c in feed["changes"]}
    # A village's device gets its village and grids, and the township and county above
    # it (to show their names).
    assert set(by_code) == {"360423", "360423100", "360423100201", "360423100201-01"}
    assert by_code["360423100201"]["data"]["name"] == "山口村（新）"
    assert by_code["360423100201"]["version"] == 2
    assert by_code["360423100201-01"]["data"]["level"] == "grid"
    assert by_code["360423100201-01"]["area_code"] == "360423100201"


def test_init_refuses_bad_places_and_another_county(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n110101001,东华门街道\n", encoding="utf-8")
    assert init(db, "--places", str(bad)) == 1
    assert "110101001" in capsys.readouterr().err
    assert init(db) == 0
    assert main(["init", "--db", db, "--county", "360424", "--name", "修水县"]) == 1
    assert "360423" in capsys.readouterr().err


def test_enroll_devices_and_revoke(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert init(db) == 0
    capsys.readouterr()
    assert main(["devices", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []

    assert (
        main(["enroll", "--db", db, "--scope", "360423100201,360423100202", "--role", "chief"]) == 0
    )
    out = capsys.readouterr()
    code = out.out.strip()
    assert len(code) == 10 and "gridapp enroll" in out.err
    engine = make_engine(db)
    creds = core.enroll(engine, code, "pc-village-a", "山口村电脑")
    assert creds.scopes == ["360423100201", "360423100202"] and creds.role == "chief"

    assert main(["devices", "--db", db, "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["device_id"] == "pc-village-a" and listed["revoked_at"] is None
    assert main(["devices", "--db", db]) == 0
    assert "pc-village-a" in capsys.readouterr().out

    assert main(["revoke", "--db", db, "pc-village-a"]) == 0
    assert "pc-village-a" in capsys.readouterr().out
    with pytest.raises(core.AuthError):
        core.authenticate(engine, creds.token)
    assert main(["devices", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["revoked_at"]
    assert main(["revoke", "--db", db, "no-such-pc"]) == 1
    assert "no-such-pc" in capsys.readouterr().err


def test_refusals_and_a_missing_database(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    assert main(["enroll", "--db", missing, "--scope", "360423100201"]) == 2
    assert "init" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
    assert init(db) == 0
    assert main(["enroll", "--db", db, "--scope", "110101001001"]) == 1
    assert "bad_scope" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["enroll", "--db", db, "--scope", "360423100201", "--role", "admin"])


def test_serve_refuses_bad_options_before_listening(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert init(db) == 0
    cert = tmp_path / "cert.pem"
    cert.write_text("not really a certificate", encoding="utf-8")
    assert main(["serve", "--db", db, "--tls-cert", str(cert)]) == 1
    assert "--tls-key" in capsys.readouterr().err
    missing = str(tmp_path / "nowhere.pem")
    assert main(["serve", "--db", db, "--tls-cert", str(cert), "--tls-key", missing]) == 1
    assert "nowhere.pem" in capsys.readouterr().err
    assert main(["serve", "--db", db, "--rate-limit", "-1"]) == 1
    assert main(["serve", "--db", db, "--min-app-version", "latest"]) == 1
    assert "latest" in capsys.readouterr().err
