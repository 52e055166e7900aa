"""National and app-defined code tables (民族, 学历, 与户主关系, GB/T 31000 chapter 5 …).

Each table is a JSON file in ``resources/codes/{name}.json``::

    {"name": "ethnicity", "standard": "GB/T 3304", "title": "民族", "source": "…",
     "codes": [{"code": "01", "label": "汉族", "aliases": ["汉"]}, …]}

A code may name a ``parent`` (two-level tables such as 学历 and 与户主关系) and carry an
``extra`` mapping (``person_tag`` codes say whether they are 重点服务 or 重点管理). Records store
the code string; the label is only for display. :meth:`CodeTable.resolve` turns what people type
in rosters ("汉", "本科", "户主", " 党员 ", "1" for "01" after Excel dropped the zero) into a code.
``docs/code-tables.md`` lists every table with its standard and source.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from gridapp.paths import resource_path

TABLE_NAMES: tuple[str, ...] = (
    # person fields (GB/T 31000 表12 base fields)
    "sex",
    "marital",
    "ethnicity",
    "political",
    "education",
    "relation",
    "cert_type",
    # GB/T 31000-2015 chapter 5
    "level",
    "resident_match",
    "inflow_reason",
    "permit_type",
    "residence_type",
    "health",
    "left_behind_type",
    "building_use",
    "rent_use",
    "hazard_type",
    # app-defined: register
    "population_type",
    "person_status",
    "household_kind",
    "person_tag",
    "household_tag",
    "household_event",
    # app-defined: petitions (信访)
    "petition_channel",
    "petition_kind",
    "petition_category",
    "petition_decision",
    "satisfaction",
    "petition_reply_method",
    # app-defined: 双报到
    "party_post_category",
    "report_channel",
    "party_membership",
    "feedback_rating",
)

APP_DEFINED = "app"  # the ``standard`` of tables this app defines itself


@dataclass(frozen=True)
class Code:
    """One entry of a code table: the stored ``code`` and the Chinese ``label`` shown."""

    code: str
    label: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), hash=False, compare=False
    )

    @property
    def category(self) -> str | None:
        """``extra["category"]`` — for ``person_tag``: ``"service"`` or ``"management"``."""
        return self.extra.get("category")


def _key(value: str) -> str:
    """Matching key: full-width folded to ASCII, all whitespace removed, case ignored."""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(folded.split()).casefold()


class CodeTable:
    """A loaded code table. Immutable; get one with :func:`table`."""

    def __init__(self, name: str, standard: str, title: str, source: str, codes: list[Code]):
        self.name = name
        self.standard = standard
        self.title = title
        self.source = source
        self._codes = tuple(codes)
        self._by_code: dict[str, Code] = {}
        self._lookup: dict[str, str] = {}
        for code in codes:
            if code.code in self._by_code:
                raise ValueError(f"code table {name}: duplicate code {code.code!r}")
            self._by_code[code.code] = code
        # Codes win over labels, labels over aliases; any clash is a data error, not a
        # silent preference, because a roster value must never resolve to two codes.
        for kind in ("code", "label", "alias"):
            for code in codes:
                values = {"code": (code.code,), "label": (code.label,), "alias": code.aliases}
                for value in values[kind]:
                    key = _key(value)
                    if not key:
                        raise ValueError(f"code table {name}: empty {kind} on {code.code!r}")
                    other = self._lookup.get(key)
                    if other is not None and not (kind == "label" and other == code.code):
                        raise ValueError(
                            f"code table {name}: {kind} {value!r} of {code.code!r} "
                            f"clashes with {other!r}"
                        )
                    self._lookup[key] = code.code
        for code in codes:
            if code.parent is not None and code.parent not in self._by_code:
                raise ValueError(f"code table {name}: {code.code!r} has unknown parent")
        self._widths = sorted({len(c) for c in self._by_code if c.isdigit()})

    def __repr__(self) -> str:
        return f"<CodeTable {self.name} ({self.standard}), {len(self._codes)} codes>"

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __len__(self) -> int:
        return len(self._codes)

    def get(self, code: str) -> Code | None:
        """The entry for ``code``, or ``None``."""
        return self._by_code.get(code)

    def label(self, code: str) -> str:
        """The label of ``code``; :class:`KeyError` if the table has no such code."""
        return self._by_code[code].label

    def resolve(self, value: str) -> str | None:
        """The code meant by ``value`` — the code itself, its label or an alias; else ``None``.

        Whitespace and full-width characters are ignored. A number whose leading zeros were
        lost or added (Excel turns "01" into 1) is matched when that gives exactly one code.
        """
        key = _key(value)
        if not key:
            return None
        found = self._lookup.get(key)
        if found is not None:
            return found
        if key.isascii() and key.isdigit():
            number = str(int(key))
            hits = {
                number.zfill(w) for w in self._widths if w >= len(number)
            } & self._by_code.keys()
            if len(hits) == 1:
                return hits.pop()
        return None

    def items(self, top_level: bool = False) -> list[Code]:
        """Entries in the standard's order; ``top_level`` keeps only codes without a parent."""
        return [c for c in self._codes if not (top_level and c.parent is not None)]

    def children(self, code: str) -> list[Code]:
        """The entries whose parent is ``code``."""
        return [c for c in self._codes if c.parent == code]

    def root(self, code: str) -> str:
        """The top-level ancestor of ``code`` (itself if it has no parent); KeyError if unknown."""
        entry = self._by_code[code]
        while entry.parent is not None:
            entry = self._by_code[entry.parent]
        return entry.code


def _code_from_json(name: str, raw: Any) -> Code:
    if not isinstance(raw, dict) or not isinstance(raw.get("code"), str):
        raise ValueError(f"code table {name}: bad entry {raw!r}")
    label = raw.get("label")
    parent = raw.get("parent")
    aliases = raw.get("aliases", [])
    extra = raw.get("extra", {})
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"code table {name}: {raw['code']!r} has no label")
    if parent is not None and not isinstance(parent, str):
        raise ValueError(f"code table {name}: bad parent on {raw['code']!r}")
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError(f"code table {name}: bad aliases on {raw['code']!r}")
    if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
        raise ValueError(f"code table {name}: bad extra on {raw['code']!r}")
    return Code(
        code=raw["code"],
        label=label,
        parent=parent,
        aliases=tuple(aliases),
        extra=MappingProxyType(dict(extra)),
    )


def parse_table(data: Any) -> CodeTable:
    """Build a table from the decoded JSON of one file; :class:`ValueError` if malformed."""
    if not isinstance(data, dict):
        raise ValueError("code table: not a JSON object")
    name = data.get("name")
    standard = data.get("standard")
    codes = data.get("codes")
    if not isinstance(name, str) or not isinstance(standard, str) or not isinstance(codes, list):
        raise ValueError(f"code table {name!r}: needs name, standard and codes")
    title = data.get("title", name)
    source = data.get("source", "")
    if not isinstance(title, str) or not isinstance(source, str):
        raise ValueError(f"code table {name}: bad title or source")
    if not codes:
        raise ValueError(f"code table {name}: no codes")
    return CodeTable(name, standard, title, source, [_code_from_json(name, c) for c in codes])


@functools.cache
def table(name: str) -> CodeTable:
    """The code table ``name`` (one of :data:`TABLE_NAMES`), loaded once from its JSON file."""
    if name not in TABLE_NAMES:
        raise KeyError(f"no code table named {name!r}")
    path = resource_path("codes", f"{name}.json")
    loaded = parse_table(json.loads(path.read_text("utf-8")))
    if loaded.name != name:
        raise ValueError(f"{path}: declares name {loaded.name!r}")
    return loaded


__all__ = ["APP_DEFINED", "TABLE_NAMES", "Code", "CodeTable", "parse_table", "table"]
