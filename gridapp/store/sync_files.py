"""The PC's side of syncing attachment bytes and the audit chain (``docs/sync-protocol.md``
§8, §9): what to send, what to fetch, and the local bookkeeping of both. Never synced.

- Blobs: every blob a live ``petition_attachment`` row names and this PC holds goes up once;
  ``sync_blob`` in ``attachments.db`` remembers the ones the server is known to hold (sent
  with a 200, or fetched from it). A blob a live row names and this PC lacks is fetched.
  Every few hours the server's list of blobs it lacks is asked for (``meta.missing_blobs_
  checked``): this PC sends those it holds again.
- Audit: the entries of ``audit_log`` after ``meta.audit_pushed_seq`` go up in ``seq`` order;
  the mark moves only after the server has stored them.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from gridapp.store.attachments import AttachmentStore
from gridapp.store.db import Store

META_AUDIT_PUSHED = "audit_pushed_seq"
META_MISSING_CHECKED = "missing_blobs_checked"  # when the server last said what it lacks
AUDIT_BATCH = 500  # entries per request (contract §9)
AUDIT_BATCH_BYTES = 1_500_000  # a request body stays well under the server's 2 MiB
UPLOADED = "up"  # sync_blob.how: sent by this PC
FETCHED = "down"  # sync_blob.how: received from the server
REFUSED = "refused"  # sync_blob.how: the server would not hand it to this PC (403)

_SYNC_BLOB = """CREATE TABLE IF NOT EXISTS sync_blob (
    sha256 TEXT PRIMARY KEY,
    how TEXT NOT NULL,
    at TEXT NOT NULL)"""


def _referenced(store: Store) -> list[str]:
    """Contents named by live attachment rows, in a stable order."""
    rows = store.conn.execute(
        "SELECT DISTINCT sha256 FROM petition_attachment WHERE deleted = 0 ORDER BY sha256"
    )
    return [str(r[0]).lower() for r in rows]


def _held(files: AttachmentStore) -> set[str]:
    """Contents held in ``attachments.db`` (none when it does not exist yet)."""
    if not files.path.exists():
        return set()
    return {str(r[0]) for r in files.conn.execute("SELECT sha256 FROM blob")}


def _marked(files: AttachmentStore) -> set[str]:
    """Contents the server is known to hold (sent or fetched)."""
    if not files.path.exists():
        return set()
    files.conn.execute(_SYNC_BLOB)
    rows = files.conn.execute("SELECT sha256 FROM sync_blob WHERE how != ?", (REFUSED,))
    return {str(r[0]) for r in rows}


def blobs_to_upload(
    store: Store,
    files: AttachmentStore,
    named: Collection[str] | None = None,
    lost: Collection[str] = (),
) -> list[str]:
    """Contents this PC holds, named by a live row (or among ``named``), that the server is
    not known to hold; and those of ``lost`` (the server said it lacks them) this PC holds,
    whatever ``sync_blob`` says."""
    held, marked = _held(files), _marked(files)
    candidates = _referenced(store) if named is None else sorted({n.lower() for n in named})
    wanted = {sha for sha in candidates if sha not in marked} | {sha.lower() for sha in lost}
    return sorted(sha for sha in wanted if sha in held)


def missing_blobs(
    store: Store, files: AttachmentStore, refused_within: timedelta | None = None
) -> list[str]:
    """Contents named by a live row that this PC does not hold (to fetch) — except those the
    server refused (:data:`REFUSED`) less than ``refused_within`` ago."""
    held = _held(files)
    skip: set[str] = set()
    if refused_within is not None and files.path.exists():
        files.conn.execute(_SYNC_BLOB)
        cutoff = (datetime.now() - refused_within).isoformat(timespec="seconds")
        skip = {
            str(r[0])
            for r in files.conn.execute(
                "SELECT sha256 FROM sync_blob WHERE how = ? AND at > ?", (REFUSED, cutoff)
            )
        }
    return [sha for sha in _referenced(store) if sha not in held and sha not in skip]


def mark_blob(files: AttachmentStore, sha256: str, how: str) -> None:
    """Remember that the server holds ``sha256`` (``how``: :data:`UPLOADED` or
    :data:`FETCHED`), or that it refused to hand it over (:data:`REFUSED`)."""
    conn = files.conn
    conn.execute(_SYNC_BLOB)
    conn.execute(
        "INSERT INTO sync_blob (sha256, how, at) VALUES (?,?,?)"
        " ON CONFLICT(sha256) DO UPDATE SET how = excluded.how, at = excluded.at",
        (sha256.lower(), how, datetime.now().isoformat(timespec="seconds")),
    )


def missing_check_due(store: Store, interval: timedelta, now: datetime | None = None) -> bool:
    """Whether the server's list of missing blobs is to be asked for (never asked, or at
    least ``interval`` ago: the list costs the server a pass over the scope's attachments)."""
    value = store.meta(META_MISSING_CHECKED)
    if not value:
        return True
    try:
        last = datetime.fromisoformat(value)
    except ValueError:
        return True
    return (now or datetime.now()) - last >= interval or last > (now or datetime.now())


def set_missing_checked(store: Store, now: datetime | None = None) -> None:
    with store.transaction():
        store.set_meta(META_MISSING_CHECKED, (now or datetime.now()).isoformat(timespec="seconds"))


def audit_pushed_seq(store: Store) -> int:
    """The last audit entry the server has stored (0: none)."""
    value = store.meta(META_AUDIT_PUSHED)
    return int(value) if value else 0


def set_audit_pushed(store: Store, seq: int) -> None:
    """Move the mark forward (never back) to ``seq``."""
    if seq > audit_pushed_seq(store):
        with store.transaction():
            store.set_meta(META_AUDIT_PUSHED, str(seq))


def audit_batch(
    store: Store, limit: int = AUDIT_BATCH, max_bytes: int = AUDIT_BATCH_BYTES
) -> list[dict[str, Any]]:
    """The next audit entries to push (after the mark, in order), bounded in count and
    size; ``detail`` as a JSON value, the rest as stored."""
    cursor = store.conn.execute(
        "SELECT seq, hlc, client_wall, user_id, action, tbl, row_id, detail, prev_hash, hash"
        " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
        (audit_pushed_seq(store), limit),
    )
    batch: list[dict[str, Any]] = []
    size = 0
    for seq, hlc, wall, user, action, tbl, row_id, detail, prev_hash, digest in cursor:
        size += len(detail.encode("utf-8")) + 400  # the fixed fields, generously
        if batch and size > max_bytes:
            break
        batch.append(
            {
                "seq": int(seq),
                "hlc": hlc,
                "client_wall": wall,
                "user_id": user,
                "action": action,
                "tbl": tbl,
                "row_id": row_id,
                "detail": json.loads(detail),
                "prev_hash": prev_hash,
                "hash": digest,
            }
        )
    return batch


def audit_waiting(store: Store) -> int:
    """Audit entries not yet stored by the server."""
    row = store.conn.execute(
        "SELECT count(*) FROM audit_log WHERE seq > ?", (audit_pushed_seq(store),)
    ).fetchone()
    return int(row[0])
