"""A short local log of sync rounds, for the 同步 page: the last :data:`KEEP` rounds.

Kept as one JSON list in ``meta`` (key :data:`META_SYNC_LOG`), newest first: a handful of
small entries needs no table (and a table would be a schema change). Each entry is a plain
dict: ``at`` (local ISO time), ``result`` (``ok``, ``offline``, ``error``, ``stopped``), the
counts of :class:`gridapp.sync.client.SyncReport` when the round finished, and ``message``
(the translated error text) when it did not. Local only, never synced.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gridapp.store import home
from gridapp.store.db import Store
from gridapp.store.sync_state import last_sync, removed_but_kept, settled_entries

META_SYNC_LOG = "sync_log"
META_CLOCK_OFFSET = "sync_clock_offset_ms"
KEEP = 50


def rounds(store: Store) -> list[dict[str, Any]]:
    """The logged rounds, newest first (an unreadable log reads as empty)."""
    raw = store.meta(META_SYNC_LOG)
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except ValueError:
        return []
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def record_round(
    store: Store, entry: Mapping[str, Any], when: datetime | None = None
) -> dict[str, Any]:
    """Add one round (newest first, at most :data:`KEEP` kept); returns the stored entry.

    A finished round with a clock offset also updates :data:`META_CLOCK_OFFSET`.
    """
    stored = {"at": (when or datetime.now()).isoformat(timespec="seconds"), **entry}
    with store.transaction():
        entries = [stored, *rounds(store)][:KEEP]
        store.set_meta(META_SYNC_LOG, json.dumps(entries, ensure_ascii=False))
        if "clock_offset_ms" in entry:
            store.set_meta(META_CLOCK_OFFSET, str(int(entry["clock_offset_ms"])))
    return stored


def clock_offset_ms(store: Store) -> int | None:
    """The server's clock minus this PC's at the last finished round (None: never synced)."""
    value = store.meta(META_CLOCK_OFFSET)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class SyncOverview:
    """What the 同步 page shows, read in one go (on the window's worker)."""

    pending: int  # outbox entries waiting (at most home.PENDING_CAP)
    last_sync: str | None
    clock_offset_ms: int | None
    device_prefix: str
    rounds: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    place_names: dict[str, str] = field(default_factory=dict)


def place_names(store: Store, codes: Sequence[str]) -> dict[str, str]:
    """Names of the places ``codes`` this PC knows (a code it does not know is left out)."""
    if not codes:
        return {}
    marks = ",".join("?" for _ in codes)
    rows = store.query(
        f"SELECT code, name FROM place WHERE code IN ({marks}) AND deleted = 0", list(codes)
    )
    return {str(r["code"]): str(r["name"]) for r in rows}


def overview(store: Store, scopes: Sequence[str] = ()) -> SyncOverview:
    """The page's read: counts, the log, refused entries, rows kept after leaving the scope."""
    return SyncOverview(
        pending=home.pending_changes(store.conn, home.PENDING_CAP),
        last_sync=last_sync(store),
        clock_offset_ms=clock_offset_ms(store),
        device_prefix=store.device_prefix(),
        rounds=rounds(store),
        rejected=settled_entries(store, "rejected"),
        removed=removed_but_kept(store),
        place_names=place_names(store, scopes),
    )
