"""``gridapp screenshot``: every page to a PNG of the right size, at 100% and 150%."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from gridapp.cli import main
from gridapp.cli.screenshot import PAGE_NAMES, parse_size
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.ui.main_window import ALL_PAGES
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def filled(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    HouseholdRepository(store).create_household(factories.zhang_family())
    # The command sets these for its own process; keep them from leaking into other tests.
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("QT_SCALE_FACTOR", "1")
    return store


def image_size(path: Path) -> tuple[int, int]:
    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a PNG"
    return image.width(), image.height()


def distinct_colours(path: Path) -> int:
    image = QImage(str(path)).scaled(160, 100)
    return len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())})


def test_page_names_match_the_window() -> None:
    assert PAGE_NAMES == ALL_PAGES


def test_every_page_at_100_percent(filled: Store, tmp_path: Path, capsys: Any) -> None:
    for page in PAGE_NAMES:
        out = tmp_path / f"{page}.png"
        code = main(
            ["--data-dir", str(filled.data_dir), "screenshot", "--page", page, "-o", str(out)]
        )
        assert code == 0
        assert image_size(out) == (1280, 800)
        assert distinct_colours(out) > 10, page  # something was drawn, not a blank window
    said = capsys.readouterr().out
    assert "已将页面“home”（1280×800 像素）保存到" in said


def test_size_option(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "small.png"
    code = main(
        [
            "--data-dir",
            str(filled.data_dir),
            "screenshot",
            "--page",
            "settings",
            "-o",
            str(out),
            "--size",
            "1024x700",
        ]
    )
    assert code == 0 and image_size(out) == (1024, 700)


@pytest.mark.parametrize("page", ["home", "household"])
def test_150_percent_in_a_fresh_process(filled: Store, tmp_path: Path, page: str) -> None:
    """The scale must be set before Qt starts: run the real command in its own process."""
    out = tmp_path / f"{page}-150.png"
    env = dict(os.environ)
    env.pop("QT_SCALE_FACTOR", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gridapp",
            "--data-dir",
            str(filled.data_dir),
            "screenshot",
            "--page",
            page,
            "-o",
            str(out),
            "--scale",
            "1.5",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert image_size(out) == (1920, 1200)


def test_bad_size_is_refused(filled: Store, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "x.png"
    args = ["--data-dir", str(filled.data_dir), "screenshot", "--page", "home", "-o", str(out)]
    assert main([*args, "--size", "huge"]) == 1
    assert main([*args, "--scale", "9"]) == 1
    assert not out.exists()
    assert "尺寸" in capsys.readouterr().err


def test_missing_store_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("QT_SCALE_FACTOR", "1")
    out = tmp_path / "x.png"
    code = main(
        ["--data-dir", str(tmp_path / "none"), "screenshot", "--page", "home", "-o", str(out)]
    )
    assert code == 2 and not out.exists()
    assert not (tmp_path / "none").exists()  # nothing created


def test_parse_size() -> None:
    assert parse_size("1280x800") == (1280, 800)
    assert parse_size(" 1920 X 1080 ") == (1920, 1080)
    assert parse_size("100x100") is None
    assert parse_size("1280") is None
