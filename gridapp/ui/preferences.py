"""This PC's display preferences (language, text size), declared once and kept in a file.

They live in ``settings.json`` in the data directory, not in ``QSettings``: the data
directory is chosen before anything else (``--data-dir`` / ``GRIDAPP_HOME`` / per user), so
a portable install on a USB stick carries its preferences, tests never touch the developer's
own, and the language is known before the window (or the passphrase dialog) appears. The file
is written to a temporary file and renamed into place, so a power cut leaves the old one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE_NAME = "settings.json"
LANGUAGES = ("zh_CN", "en")
FONT_PERCENTS = (100, 110, 125, 150, 175)


@dataclass(frozen=True)
class Setting:
    """One preference: its key, default and the values it may take."""

    key: str
    default: Any
    choices: tuple[Any, ...]


LANGUAGE = Setting("language", "zh_CN", LANGUAGES)
FONT_PERCENT = Setting("font_percent", 100, FONT_PERCENTS)
SETTINGS = {s.key: s for s in (LANGUAGE, FONT_PERCENT)}


class Preferences:
    """Read and write the preferences of one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: defaults (the next save rewrites it)
        return data if isinstance(data, dict) else {}

    def get(self, setting: Setting) -> Any:
        """The stored value, or the default when missing or not one of the choices."""
        value = self._read().get(setting.key, setting.default)
        return value if value in setting.choices else setting.default

    def set(self, setting: Setting, value: Any) -> None:
        if value not in setting.choices:
            raise ValueError(f"{setting.key}: {value!r} is not one of {setting.choices}")
        data = self._read()
        data[setting.key] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=2)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
