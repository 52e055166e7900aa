"""Every user-facing string in the code has a Chinese translation (no English left)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "gridapp_zh_CN.ts"


def lupdate() -> str | None:
    candidate = Path(sys.executable).parent / "pyside6-lupdate"
    return str(candidate) if candidate.exists() else shutil.which("pyside6-lupdate")


def test_every_marked_string_is_translated(tmp_path: Path) -> None:
    tool = lupdate()
    if tool is None:
        pytest.skip("pyside6-lupdate not installed")
    copy = tmp_path / "check.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "gridapp").rglob("*.py"))
    subprocess.run([tool, "-silent", "-locations", "none", *sources, "-ts", str(copy)], check=True)
    missing = []
    for context in ET.parse(copy).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            if (
                translation is None
                or not (translation.text or "").strip()
                or (translation.get("type") == "unfinished")
            ):
                missing.append(f"{name}: {message.findtext('source')}")
    assert missing == [], "untranslated (add with scripts/ts_fill.py):\n" + "\n".join(missing)


def test_placeholders_survive_translation() -> None:
    import re

    for message in ET.parse(TS).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        if translation:
            assert sorted(re.findall(r"\{[a-z_]+[^}]*\}", source)) == sorted(
                re.findall(r"\{[a-z_]+[^}]*\}", translation)
            ), source


def test_marker_is_never_aliased() -> None:
    """lupdate only finds the literal name QT_TRANSLATE_NOOP: an alias hides strings from it."""
    import re

    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "gridapp").rglob("*.py")
        if re.search(r"^\s*\w+\s*=\s*QT_TRANSLATE_NOOP\s*$", path.read_text("utf-8"), re.M)
    ]
    assert offenders == []
