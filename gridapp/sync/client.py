"""The PC's sync transport (``docs/sync-protocol.md`` §3, §5): enrolment and one sync round.

Pure Python over httpx; every SQL statement stays in :mod:`gridapp.store.sync_state`.
``enroll`` asks the county server for device credentials and keeps them with
:class:`~gridapp.sync.credentials.CredentialStore`; ``sync_once`` runs hello, push until the
outbox holds no pending entry, then pull while ``has_more``. A 401 stops the round with
:class:`SyncRevokedError` and changes nothing local.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from gridapp import __version__
from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.store import migrations
from gridapp.store.db import Store
from gridapp.store.errors import StoreError
from gridapp.store.sync_state import (
    apply_pull_page,
    mark_synced,
    outbox_batch,
    pull_cursor,
    record_results,
)
from gridapp.sync.credentials import CredentialStore, DeviceCredentials

TIMEOUT = 30.0  # seconds per request
PAGE_LIMIT = 500
CLOCK_WARNING_MS = 5 * 60 * 1000
MAX_ROUNDS = 10_000  # a guard against a server that never drains the outbox


class SyncError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages", "The county server could not be reached or refused the request: {detail}."
    )


class SyncRevokedError(SyncError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The county server no longer accepts this PC ({detail}). Syncing stopped; every "
        "local edit is kept. Ask the county for a new enrolment code.",
    )


class EnrolmentRefusedError(SyncError):
    message = QT_TRANSLATE_NOOP(
        "Messages", "The county server refused the enrolment code ({detail}). Nothing changed."
    )


@dataclass
class SyncReport:
    """What one round moved."""

    pushed: int = 0  # mutations sent
    applied: int = 0  # applied or merged by the server
    conflicts: int = 0
    rejected: int = 0
    held: int = 0
    pulled: int = 0  # rows written locally from the pull
    removed: int = 0
    cursor: int = 0
    clock_offset_ms: int = 0
    clock_warning: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "applied": self.applied,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "held": self.held,
            "pulled": self.pulled,
            "removed": self.removed,
            "cursor": self.cursor,
            "clock_offset_ms": self.clock_offset_ms,
            "clock_warning": self.clock_warning,
        }


def _client(
    base_url: str, transport: httpx.BaseTransport | None, auth: str | None = None
) -> httpx.Client:
    headers = {"Authorization": auth} if auth else {}
    return httpx.Client(
        base_url=base_url.rstrip("/"), transport=transport, timeout=TIMEOUT, headers=headers
    )


def _error_code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])
    return f"HTTP {response.status_code}"


def _call(client: httpx.Client, method: str, url: str, **kwargs: Any) -> Any:
    try:
        response = client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise SyncError(detail=type(exc).__name__) from exc
    if response.status_code == 401:
        raise SyncRevokedError(detail=_error_code(response))
    if response.status_code != 200:
        raise SyncError(detail=f"{response.status_code} {_error_code(response)}")
    try:
        return response.json()
    except ValueError as exc:
        raise SyncError(detail="not JSON") from exc


def _credential_store(store: Store, credentials: CredentialStore | None) -> CredentialStore:
    return credentials if credentials is not None else CredentialStore(store.data_dir)


def enroll(
    store: Store,
    server_url: str,
    code: str,
    transport: httpx.BaseTransport | None = None,
    credentials: CredentialStore | None = None,
    device_name: str = "",
) -> DeviceCredentials:
    """Enrol this PC with a one-time code (§3): save the credentials, take the prefix."""
    with _client(server_url, transport) as client:
        try:
            response = client.post(
                "/v1/enroll",
                json={
                    "code": code,
                    "device_id": store.device_id,
                    "device_name": device_name,
                    "app_version": __version__,
                },
            )
        except httpx.HTTPError as exc:
            raise SyncError(detail=type(exc).__name__) from exc
    if response.status_code in (400, 401, 403):
        raise EnrolmentRefusedError(detail=_error_code(response))
    if response.status_code != 200:
        raise SyncError(detail=f"{response.status_code} {_error_code(response)}")
    body = response.json()
    creds = DeviceCredentials(
        device_id=str(body.get("device_id", "")),
        secret=str(body.get("device_secret", "")),
        server_url=server_url.rstrip("/"),
        scopes=tuple(str(s) for s in body.get("scopes") or ()),
        role=str(body.get("role", "worker")),
        county=str(body.get("county", "")),
    )
    _credential_store(store, credentials).save(creds)
    prefix = body.get("prefix")
    if isinstance(prefix, str) and len(prefix) == 4:
        with store.transaction():
            store.set_meta("device_prefix", prefix.upper())
    return creds


def sync_once(
    store: Store,
    transport: httpx.BaseTransport | None = None,
    credentials: CredentialStore | None = None,
    *,
    page_limit: int = PAGE_LIMIT,
) -> SyncReport:
    """One round (§5): hello, push until nothing is pending, pull while ``has_more``."""
    creds = _credential_store(store, credentials).load()
    report = SyncReport()
    with _client(creds.server_url, transport, creds.authorization()) as client:
        hello = _call(
            client,
            "POST",
            "/v1/sync/hello",
            json={
                "device_id": creds.device_id,
                "app_version": __version__,
                "schema_version": migrations.LATEST,
                "client_now": datetime.now(UTC).isoformat(),
                "client_hlc": "",
            },
        )
        report.clock_offset_ms = int(hello.get("clock_offset_ms") or 0)
        report.clock_warning = abs(report.clock_offset_ms) > CLOCK_WARNING_MS
        sent_before: list[int] = []
        for _ in range(MAX_ROUNDS):
            batch = outbox_batch(store)
            seqs = [m["device_seq"] for m in batch]
            if not batch or seqs == sent_before:
                break  # nothing pending, or the server's answer settled none of them
            sent_before = seqs
            reply = _call(client, "POST", "/v1/sync/push", json={"mutations": batch})
            results = reply.get("results") or []
            record_results(store, results)
            report.pushed += len(batch)
            for result in results:
                status = result.get("status")
                if status in ("applied", "merged"):
                    report.applied += 1
                elif status == "conflict":
                    report.conflicts += 1
                elif status in ("rejected", "forbidden"):
                    report.rejected += 1
                elif status == "held":
                    report.held += 1
            if results and all(r.get("status") == "held" for r in results):
                break  # a gap the server waits on; the next round sends them again
        for _ in range(MAX_ROUNDS):
            page = _call(
                client,
                "GET",
                "/v1/sync/pull",
                params={"cursor": pull_cursor(store), "limit": page_limit},
            )
            summary = apply_pull_page(store, page)
            report.pulled += summary.written + summary.merged_pending
            report.removed += summary.removed
            report.cursor = summary.cursor
            if not page.get("has_more"):
                break
    mark_synced(store)
    return report
