"""The Windows installer script (installer/windows/gridapp.iss) cannot be compiled here (Inno
Setup runs on Windows): these checks read it so that a careless edit is caught — a changed
AppId (Windows would see a different program: no upgrade, two entries), an installer that
asks for administrator rights, an uninstaller that deletes the user's data, a lost Chinese
language or shortcut, a version that drifts from pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ISS = ROOT / "installer" / "windows" / "gridapp.iss"
# Never change: Windows knows the installed program by it (upgrades, Apps & features).
APP_ID = "{{CEEAE9A0-720B-40FF-9DF8-5C24903C1E88}"


def _sections() -> dict[str, list[str]]:
    """Section name (lower case) -> its non-comment lines; preprocessor lines under "#"."""
    sections: dict[str, list[str]] = {"#": []}
    current = "#"
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("#"):
            sections["#"].append(line)
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = header.group(1).lower()
            sections.setdefault(current, [])
            continue
        sections.setdefault(current, []).append(line)
    return sections


def _directives(lines: list[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.partition("=")
        assert sep, f"not a directive: {line!r}"
        result[key.strip().lower()] = value.strip()
    return result


def _entries(lines: list[str]) -> list[dict[str, str]]:
    """Entries like `Name: "x"; Flags: a b` as {"name": "x", "flags": "a b"}."""
    entries = []
    for line in lines:
        entry: dict[str, str] = {}
        for part in re.split(r";\s*(?=\w+:)", line):
            key, _, value = part.partition(":")
            entry[key.strip().lower()] = value.strip().strip('"')
        entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def iss() -> dict[str, list[str]]:
    return _sections()


def test_setup_keeps_app_id_and_installs_per_user(iss: dict[str, list[str]]) -> None:
    setup = _directives(iss["setup"])
    assert setup["appid"] == APP_ID
    assert setup["privilegesrequired"] == "lowest"
    # {autopf} is {localappdata}\Programs for a per-user install — not the data folder.
    assert setup["defaultdirname"] == r"{autopf}\GridApp"
    assert setup["appversion"] == "{#AppVersion}"
    assert setup["setupiconfile"] == "gridapp.ico"


def test_version_is_pyproject_version(iss: dict[str, list[str]]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert f'#define AppVersion "{project["project"]["version"]}"' in iss["#"]


def test_uninstall_keeps_user_data(iss: dict[str, list[str]]) -> None:
    # Inno removes only what it installed; extra deletions may touch {app} alone. The data
    # (%LOCALAPPDATA%\GridApp, gridapp/paths.py) and its key must survive an uninstall.
    for section in ("uninstalldelete", "installdelete"):
        for entry in _entries(iss.get(section, [])):
            assert entry["name"].lower().startswith("{app}\\"), entry
    assert "code" not in iss, "a [Code] section could delete data: review and update this test"
    assert "uninstallrun" not in iss
    text = ISS.read_text(encoding="utf-8").lower()
    for data_path in (r"{localappdata}\gridapp", "{userappdata}", "{%gridapp_home"):
        assert data_path not in text


def test_chinese_is_the_installer_language(iss: dict[str, list[str]]) -> None:
    languages = _entries(iss["languages"])
    assert languages[0]["name"] == "chinesesimplified"
    assert languages[0]["messagesfile"] == "compiler:Default.isl,ChineseSimplified.isl"
    setup = _directives(iss["setup"])
    assert setup["showlanguagedialog"] == "no"
    assert setup["languagedetectionmethod"] == "none"


def test_start_menu_and_desktop_shortcuts(iss: dict[str, list[str]]) -> None:
    tasks = {t["name"] for t in _entries(iss["tasks"])}
    assert "desktopicon" in tasks
    icons = {i["name"].split("\\")[0]: i for i in _entries(iss["icons"])}
    assert icons["{autoprograms}"]["filename"] == r"{app}\{#AppExeName}"
    assert icons["{autodesktop}"]["tasks"] == "desktopicon"
    assert '#define AppExeName "gridapp.exe"' in iss["#"]


def test_installs_the_pyinstaller_folder(iss: dict[str, list[str]]) -> None:
    assert r'#define BuildDir RepoRoot + "\dist\gridapp"' in iss["#"]
    (files,) = _entries(iss["files"])
    assert files["source"] == r"{#BuildDir}\*"
    assert files["destdir"] == "{app}"
    assert {"recursesubdirs", "createallsubdirs"} <= set(files["flags"].split())


def test_icon_file_is_an_ico_with_large_and_small_images() -> None:
    data = (ISS.parent / "gridapp.ico").read_bytes()
    assert data[:4] == b"\x00\x00\x01\x00"
    count = int.from_bytes(data[4:6], "little")
    widths = {data[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= widths
