"""Turning domain dataclasses into table rows and back (dates as ISO text, bools as 0/1)."""

from __future__ import annotations

import dataclasses
import functools
import typing
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")


@functools.cache
def _kinds(cls: type) -> dict[str, str]:
    kinds = {}
    for name, hint in typing.get_type_hints(cls).items():
        args = typing.get_args(hint) or (hint,)
        if date in args:
            kinds[name] = "date"
        elif bool in args:
            kinds[name] = "bool"
        elif int in args:
            kinds[name] = "int"
        elif float in args:
            kinds[name] = "float"
        else:
            kinds[name] = "text"
    return kinds


@functools.cache
def _converted(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(all fields, date fields, bool fields) of a dataclass."""
    kinds = _kinds(cls)
    names = tuple(f.name for f in dataclasses.fields(cls))
    dates = tuple(n for n in names if kinds[n] == "date")
    bools = tuple(n for n in names if kinds[n] == "bool")
    return names, dates, bools


def to_row(obj: object) -> dict[str, Any]:
    """A dataclass as a row dict, in field order (hot path of imports: kept lean)."""
    names, dates, bools = _converted(type(obj))  # type: ignore[arg-type]  # classes hash
    values = vars(obj)
    row = {name: values[name] for name in names}
    for name in dates:
        value = row[name]
        if value is not None:
            row[name] = value.isoformat()
    for name in bools:
        row[name] = int(row[name])
    return row


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    """Build ``cls`` from a row dict; columns the class does not know are ignored."""
    kinds = _kinds(cls)  # type: ignore[arg-type]  # classes are hashable
    values: dict[str, Any] = {}
    for name, kind in kinds.items():
        if name not in row:
            continue
        value = row[name]
        if value is not None:
            if kind == "date":
                value = date.fromisoformat(value)
            elif kind == "bool":
                value = bool(value)
        values[name] = value
    return cls(**values)


def columns(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]
