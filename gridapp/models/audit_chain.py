"""The audit chain's hash: one function for the PC that writes the chain and the county server
that checks it (``docs/sync-protocol.md`` §9).

Each audit entry carries the hash of the entry before it (``prev_hash``; the first entry of a
device carries :data:`GENESIS_HASH`) and its own ``hash``: the SHA-256 of the canonical JSON
(sorted keys, no ASCII escaping) of ``[hlc, client_wall, user_id, action, tbl, row_id, detail,
prev_hash]``. Pure Python: the server imports this module and never :mod:`gridapp.store`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def json_default(value: object) -> object:
    """JSON for values our rows hold (dates as ISO strings)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value: object) -> str:
    """Canonical JSON (sorted keys): what the audit chain hashes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=json_default)


def entry_hash(
    hlc: str,
    client_wall: str,
    user_id: str,
    action: str,
    tbl: str,
    row_id: str,
    detail: Any,
    prev_hash: str,
) -> str:
    """The hash of one audit entry (``detail`` as a JSON value, not its text)."""
    body = dumps([hlc, client_wall, user_id, action, tbl, row_id, detail, prev_hash])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
