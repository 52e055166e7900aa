"""Places: county (GB/T 2260, 6 digits) → township (9) → village/community (12-digit
统计用区划代码) → grid (a local code under the village). Codes are retired over time, so each
place keeps ``valid_from``/``valid_to``; a device's sync scope is a set of these codes.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("county", "township", "village", "grid")


@dataclass
class Place:
    id: str
    code: str
    name: str
    level: str  # one of LEVELS
    parent_code: str | None = None
    valid_from: str = ""
    valid_to: str = ""
    area_code: str = ""  # the village a grid belongs to; the place itself otherwise
    version: int = 0


def village_of(code: str) -> str:
    """The 12-digit village code of a place code (a grid code is ``<village>-NN``)."""
    return code.split("-", 1)[0][:12]
