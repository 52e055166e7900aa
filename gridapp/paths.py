"""Where GridApp keeps its data and finds its bundled resources.

One module decides every path so that tests, portable installs and frozen builds can
redirect all of them at once: ``--data-dir DIR`` (CLI) beats ``GRIDAPP_HOME`` beats the
platform's standard per-user data directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "GridApp"
ENV_HOME = "GRIDAPP_HOME"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory (not created)."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resource_root() -> Path:
    """The ``resources/`` folder, in a source checkout and in a PyInstaller build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource file, e.g. ``resource_path("codes", "ethnicity.json")``."""
    return resource_root().joinpath(*parts)
