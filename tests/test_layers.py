"""The walls between rooms: the core imports without Qt, and only store/ writes SQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ("models", "store", "io", "demo", "sync", "cli")


def test_core_packages_import_with_pyside6_blocked() -> None:
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in CORE
        for path in (ROOT / "gridapp" / package).rglob("*.py")
        if path.name != "window.py"  # the one CLI module that opens the window
    )
    code = (
        "import sys, importlib\n"
        "sys.modules['PySide6'] = None\n"  # any `import PySide6…` now raises ImportError
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(modules) > 30


def test_no_sql_outside_the_store() -> None:
    import re

    offenders = []
    for package in ("models", "ui", "io", "demo", "cli"):
        for path in (ROOT / "gridapp" / package).rglob("*.py"):
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if re.search(r"\.execute(many)?\(", line) or re.search(
                    r"\b(SELECT .+ FROM|INSERT INTO|DELETE FROM)\b", line
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
