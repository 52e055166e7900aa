"""Attachment bytes and the audit chain over an authenticated sync client
(``docs/sync-protocol.md`` §8, §9; ``docs/sync-client.md``).

``sync_once`` calls them in this order: :func:`push_blobs` before the rows are pushed (so a
row never names content the server lacks), :func:`push_audit` after the push, and
:func:`fetch_blobs` after the pull. Each works over the ``httpx.Client`` of the round; every
SQL statement stays in :mod:`gridapp.store.sync_files`.

- An upload that fails on the network stops the round (the rows are not pushed before their
  blobs); one answered with 200 is remembered, so an interrupted round re-sends only what the
  server did not acknowledge (and a re-sent blob is stored once there).
- A fetch that fails (404: not uploaded yet; 403: not for this PC, asked again only after
  :data:`MISSING_CHECK_INTERVAL`) fails only that blob; it is retried next round. A 429, a
  5xx or a network error ends the fetching for this round, and only a 401 fails the round.
  Each blob is one request: they count against the server's rate limit.
- A broken audit chain (422 ``audit_chain_broken``) raises :class:`AuditRefusedError`; the
  round goes on without it (``SyncReport.audit_error``) and every later round tries again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import httpx

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.store import sync_files
from gridapp.store.attachments import AttachmentError, AttachmentStore
from gridapp.store.db import Store
from gridapp.store.errors import StoreError
from gridapp.sync import client as sync_client

# ``client`` imports this module at its top: use its names at call time only.
log = logging.getLogger(__name__)
MAX_AUDIT_ROUNDS = 10_000  # a guard against a server that never moves the mark
# How often the server is asked which blobs it lacks (it reads the scope's attachments).
MISSING_CHECK_INTERVAL = timedelta(hours=6)


class AuditRefusedError(StoreError):
    """The server found the audit chain broken at ``seq``; nothing of the batch was kept."""

    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The county server refused this PC's audit log: its chain of fingerprints breaks at "
        "entry {seq}. The other data was synced; tell the county's IT staff.",
    )

    def __init__(self, seq: object) -> None:
        super().__init__(seq=seq)
        self.seq = seq


def named_blobs(batch: Sequence[Mapping[str, Any]]) -> set[str]:
    """The contents that the attachment rows of a push batch name."""
    named = set()
    for m in batch:
        if m.get("tbl") != "petition_attachment":
            continue
        value = (m.get("changes") or {}).get("sha256")
        if isinstance(value, Mapping):
            value = value.get("new")
        if isinstance(value, str) and value:
            named.add(value.lower())
    return named


def push_blobs(
    client: httpx.Client, store: Store, batch: Sequence[Mapping[str, Any]] | None = None
) -> int:
    """Upload every blob the server is not known to hold, and those it says it lacks
    (``GET /v1/missing-blobs``, asked every :data:`MISSING_CHECK_INTERVAL`: a blob it lost
    comes back from a PC that holds it) — or, with ``batch``, those its attachment rows name
    (a file attached while the round runs goes up before its row); returns how many were
    sent.

    A blob damaged on this PC (its content no longer matches its hash) is skipped and logged:
    the row still syncs, the other PCs will find it missing."""
    sent = 0
    named = None if batch is None else named_blobs(batch)
    if named is not None and not named:
        return 0
    lost: list[str] | None = None  # None: not asked this round
    if batch is None and sync_files.missing_check_due(store, MISSING_CHECK_INTERVAL):
        response = sync_client._send(client, "GET", "/v1/missing-blobs")
        lost = []
        if response.status_code != 404:  # 404: a server without it (older): nothing to add
            sync_client._raise_for(response)
            missing = response.json().get("missing") or []
            lost = [sha for sha in missing if isinstance(sha, str)]
    with AttachmentStore(store) as files:
        for sha in sync_files.blobs_to_upload(store, files, named, lost or ()):
            try:
                data = files.read(sha)
            except AttachmentError as exc:
                log.warning("attachment %s not uploaded: %s", sha[:12], type(exc).__name__)
                continue
            sync_client._call(
                client,
                "PUT",
                f"/v1/blobs/{sha}",
                content=data,
                headers={"Content-Type": "application/octet-stream"},
            )
            sync_files.mark_blob(files, sha, sync_files.UPLOADED)
            sent += 1
    if batch is None and lost is not None:
        sync_files.set_missing_checked(store)
    return sent


def fetch_blobs(client: httpx.Client, store: Store) -> int:
    """Fetch the blobs live rows name and this PC lacks; returns how many arrived. A failed
    fetch is skipped (retried next round); a 401 raises :class:`SyncRevokedError`."""
    received = 0
    with AttachmentStore(store) as files:
        for sha in sync_files.missing_blobs(store, files, MISSING_CHECK_INTERVAL):
            try:
                response = client.get(f"/v1/blobs/{sha}")
            except httpx.HTTPError as exc:
                log.info("attachment %s not fetched: %s", sha[:12], type(exc).__name__)
                break  # the server is gone: the next round tries again
            if response.status_code == 401:
                raise sync_client.SyncRevokedError(sync_client._error_code(response))
            if response.status_code != 200:
                log.info("attachment %s not fetched: %s", sha[:12], response.status_code)
                if response.status_code == 403:  # not for this PC: asked again in hours
                    sync_files.mark_blob(files, sha, sync_files.REFUSED)
                if response.status_code in (403, 404):
                    continue  # not this PC's, or not uploaded yet: the others may come
                break  # 429, 5xx: the server wants a pause; the next round goes on
            data = response.content
            if hashlib.sha256(data).hexdigest() != sha:
                log.warning("attachment %s from the server does not match its hash", sha[:12])
                continue
            try:
                files.add_bytes(data, sha)
            except AttachmentError as exc:
                log.warning("attachment %s not stored: %s", sha[:12], type(exc).__name__)
                continue
            sync_files.mark_blob(files, sha, sync_files.FETCHED)
            received += 1
    return received


def push_audit(client: httpx.Client, store: Store) -> int:
    """Push the audit entries the server has not stored, in order; returns how many it
    stored. :class:`AuditRefusedError` when it finds the chain broken."""
    stored = 0
    for _ in range(MAX_AUDIT_ROUNDS):
        batch = sync_files.audit_batch(store)
        if not batch:
            break
        response = sync_client._send(client, "POST", "/v1/audit", json={"entries": batch})
        if response.status_code == 422 and sync_client._error_code(response) == (
            "audit_chain_broken"
        ):
            raise AuditRefusedError(sync_client._error_body(response).get("detail"))
        sync_client._raise_for(response)
        reply = response.json()
        stored += int(reply.get("stored") or 0)
        last = int(reply.get("last_seq") or 0)
        if last < batch[-1]["seq"]:
            break  # the server did not take the batch to its end: try next round
        sync_files.set_audit_pushed(store, batch[-1]["seq"])
    return stored
