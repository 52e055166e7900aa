"""The work scope of this PC (本机工作范围): the village and grid a worker chose at first run.

Until the PC is enrolled with the county server (which then decides what syncs here), the
scope is a local choice kept in ``meta``: it names the place in the top bar and is the
default the pages start from. It is not register data, so it is written without change
capture. The places offered come from the ``place`` table.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from gridapp.store.connection import Connection
from gridapp.store.db import Store

META_SCOPE = "work_scope"
PICKABLE_LEVELS = ("township", "village", "grid")


@dataclass(frozen=True)
class PlaceChoice:
    """A place a worker can pick: township (9-digit code), village (12) or grid."""

    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class WorkScope:
    """The village (and optionally one of its grids) this PC works for."""

    village_code: str
    village_name: str
    grid_code: str = ""
    grid_name: str = ""
    township_name: str = ""


def stored_places(conn: Connection) -> list[PlaceChoice]:
    """Current townships, villages and grids of the register, in code order."""
    marks = ",".join("?" for _ in PICKABLE_LEVELS)
    rows = conn.execute(
        f"SELECT code, name, level, parent_code FROM place WHERE level IN ({marks})"
        " AND deleted = 0 AND valid_to = '' ORDER BY code",
        PICKABLE_LEVELS,
    ).fetchall()
    return [PlaceChoice(str(c), str(n), str(lv), p) for c, n, lv, p in rows]


def load_scope(store: Store) -> WorkScope | None:
    """The chosen scope, or None when none was chosen yet (the first-run wizard asks)."""
    raw = store.meta(META_SCOPE)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        return WorkScope(**{k: str(v) for k, v in data.items() if k in WorkScope.__annotations__})
    except (ValueError, TypeError):
        return None  # unreadable: ask again rather than guess


def save_scope(store: Store, scope: WorkScope) -> None:
    """Remember ``scope`` (replaces the previous choice)."""
    with store.transaction():
        store.set_meta(META_SCOPE, json.dumps(asdict(scope), ensure_ascii=False))
