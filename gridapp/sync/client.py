"""The PC's sync transport (``docs/sync-protocol.md`` §3, §5): enrolment and one sync round.

Pure Python over httpx; every SQL statement stays in :mod:`gridapp.store.sync_state`.
``enroll`` asks the county server for device credentials and keeps them with
:class:`~gridapp.sync.credentials.CredentialStore`; ``sync_once`` runs hello, push until the
outbox holds no pending entry, then pull while ``has_more``. ``probe`` asks ``/v1/health``
whether the server answers at all (the window's reachability check).

Every request carries ``X-GridApp-Version``. Errors (contract §7) map to classes the window
acts on: :class:`ServerUnavailableError` (5xx, timeouts, no connection: transient, retried with
back-off), :class:`RateLimitedError` (429, ``retry_after`` seconds), :class:`ScopeRefusedError`
(403), :class:`UpgradeRequiredError` (426) and :class:`SyncRevokedError` (401: revoked, unknown
device or bad credentials); the last two stop automatic rounds. None of them changes anything
local.
"""

from __future__ import annotations

import functools
import ssl
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
from gridapp.sync import transfer
from gridapp.sync.credentials import CredentialStore, DeviceCredentials

TIMEOUT = 30.0  # seconds per request
PAGE_LIMIT = 500
CLOCK_WARNING_MS = 5 * 60 * 1000
MAX_ROUNDS = 10_000  # a guard against a server that never drains the outbox


class SyncError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages", "The county server could not be reached or refused the request: {detail}."
    )
    transient = False  # True: the same round may succeed later without anyone doing anything


class ServerUnavailableError(SyncError):
    """5xx, a timeout or no connection: retried with back-off. ``kind``: connect, timeout,
    server (a 5xx; ``detail`` its status)."""

    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The county server cannot be reached just now. Every edit is kept on this PC and "
        "sent when the server answers again.",
    )
    transient = True

    def __init__(self, kind: str = "connect", detail: str = "") -> None:
        super().__init__(_UNAVAILABLE_MESSAGES.get(kind, self.message), detail=detail)
        self.kind = kind


_UNAVAILABLE_MESSAGES = {
    "timeout": QT_TRANSLATE_NOOP(
        "Messages",
        "The county server did not answer in time. Every edit is kept on this PC and sent "
        "when the server answers again.",
    ),
    "server": QT_TRANSLATE_NOOP(
        "Messages",
        "The county server has a problem of its own (error {detail}). Every edit is kept on "
        "this PC and sent when the server works again.",
    ),
}


class RateLimitedError(SyncError):
    """429: too many requests; ``retry_after`` seconds from the ``Retry-After`` header."""

    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The county server is busy and asked this PC to wait {seconds} seconds before "
        "syncing again. Nothing was lost.",
    )
    transient = True

    def __init__(self, retry_after: float = 60.0) -> None:
        super().__init__(seconds=int(retry_after))
        self.retry_after = float(retry_after)


class ScopeRefusedError(SyncError):
    """403: the request touched only data outside this PC's scope."""

    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The county server refused the request: it concerns only villages outside the scope "
        "of this PC ({detail}). Nothing local was changed.",
    )


class UpgradeRequiredError(SyncError):
    """426: this program is older than the server accepts; automatic rounds stop."""

    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The county server needs a newer program: please upgrade GridApp to version {version} "
        "or later. Syncing stopped; nothing local is lost.",
    )

    def __init__(self, version: str = "") -> None:
        super().__init__(version=version or "?")
        self.min_version = version


class SyncRevokedError(SyncError):
    """401: automatic rounds stop until the PC is enrolled again."""

    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The county server no longer accepts this PC ({detail}). Syncing stopped; every "
        "local edit is kept. Ask the county for a new enrolment code.",
    )

    def __init__(self, reason: str = "") -> None:
        super().__init__(_REVOKED_MESSAGES.get(reason, self.message), detail=reason)
        self.reason = reason


_REVOKED_MESSAGES = {
    "revoked": QT_TRANSLATE_NOOP(
        "Messages",
        "The county has revoked this PC's access to the server. Syncing stopped; every "
        "local edit is kept on this PC. Ask the county's IT staff what to do with them.",
    ),
    "unknown_device": QT_TRANSLATE_NOOP(
        "Messages",
        "The county server does not know this PC (it may have been set up again). Syncing "
        "stopped; every local edit is kept. Ask the county for a new enrolment code.",
    ),
    "bad_credentials": QT_TRANSLATE_NOOP(
        "Messages",
        "The county server did not accept this PC's device secret. Syncing stopped; every "
        "local edit is kept. Ask the county for a new enrolment code.",
    ),
}


class EnrolmentRefusedError(SyncError):
    message = QT_TRANSLATE_NOOP(
        "Messages", "The county server refused the enrolment code ({detail}). Nothing changed."
    )

    def __init__(self, reason: str = "") -> None:
        super().__init__(_ENROLMENT_MESSAGES.get(reason, self.message), detail=reason)
        self.reason = reason


_ENROLMENT_MESSAGES = {
    "invalid_code": QT_TRANSLATE_NOOP(
        "Messages",
        "The county server does not know this enrolment code. Check it for typing errors. "
        "Nothing changed.",
    ),
    "used_code": QT_TRANSLATE_NOOP(
        "Messages",
        "This enrolment code has already been used. Ask the county for a new one. Nothing changed.",
    ),
    "expired_code": QT_TRANSLATE_NOOP(
        "Messages",
        "This enrolment code has expired (a code is valid for 24 hours). Ask the county for "
        "a new one. Nothing changed.",
    ),
    "revoked": QT_TRANSLATE_NOOP(
        "Messages",
        "The county has revoked this PC; it cannot enrol again with its old identity. "
        "Ask the county's IT staff. Nothing changed.",
    ),
}


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
    blobs_up: int = 0  # attachment files sent to the server
    blobs_down: int = 0  # attachment files received
    audit_pushed: int = 0  # audit entries the server stored
    audit_error: str | None = None  # the server refused the audit chain (its first bad entry)

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
            "blobs_up": self.blobs_up,
            "blobs_down": self.blobs_down,
            "audit_pushed": self.audit_pushed,
            "audit_error": self.audit_error,
        }


VERSION_HEADER = "X-GridApp-Version"
PROBE_TIMEOUT = 5.0  # seconds for the reachability probe


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default certificate check, built once per process: building it reads the CA
    bundle (about 0.1 s, most of a round with nothing to sync — bench/sync_bench.py)."""
    return httpx.create_ssl_context()


def _client(
    base_url: str,
    transport: httpx.BaseTransport | None,
    auth: str | None = None,
    timeout: float = TIMEOUT,
) -> httpx.Client:
    headers = {VERSION_HEADER: __version__}
    if auth:
        headers["Authorization"] = auth
    return httpx.Client(
        base_url=base_url.rstrip("/"),
        transport=transport,
        timeout=timeout,
        headers=headers,
        verify=_tls_context(),
    )


def _error_body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error_code(response: httpx.Response) -> str:
    code = _error_body(response).get("error")
    return code if isinstance(code, str) else f"HTTP {response.status_code}"


def _retry_after(response: httpx.Response) -> float:
    """Seconds from ``Retry-After`` (a number; an HTTP date or nothing gives 60)."""
    try:
        return max(1.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return 60.0


def _raise_for(response: httpx.Response) -> None:
    """The error class of a refused request (contract §7); nothing for a 200."""
    status = response.status_code
    if status == 200:
        return
    if status == 401:
        raise SyncRevokedError(_error_code(response))
    if status == 403:
        raise ScopeRefusedError(detail=_error_code(response))
    if status == 426:
        raise UpgradeRequiredError(str(_error_body(response).get("min_app_version") or ""))
    if status == 429:
        raise RateLimitedError(_retry_after(response))
    if status >= 500:
        raise ServerUnavailableError("server", str(status))
    raise SyncError(detail=f"{status} {_error_code(response)}")


def _send(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    try:
        return client.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        raise ServerUnavailableError("timeout", type(exc).__name__) from exc
    except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        raise ServerUnavailableError("connect", type(exc).__name__) from exc
    except httpx.HTTPError as exc:
        raise SyncError(detail=type(exc).__name__) from exc


def _forbidden_batch(body: Any) -> dict[str, Any] | None:
    """A push refused whole for its scope (403 ``forbidden_scope``: every mutation names an
    area outside this PC's scope) as the per-record answer it stands for: each mutation
    ``forbidden``, so the PC keeps them as refused (已移出本机范围) and the rest of the
    queue and the pull go on instead of meeting the same 403 for ever."""
    mutations = body.get("mutations") if isinstance(body, dict) else None
    if not isinstance(mutations, list) or not mutations:
        return None
    seqs: list[int] = [
        m["device_seq"]
        for m in mutations
        if isinstance(m, dict) and isinstance(m.get("device_seq"), int)
    ]
    if len(seqs) != len(mutations):
        return None
    return {
        "results": [{"device_seq": q, "status": "forbidden"} for q in seqs],
        "last_device_seq": max(seqs),
    }


def _call(client: httpx.Client, method: str, url: str, **kwargs: Any) -> Any:
    response = _send(client, method, url, **kwargs)
    if (
        response.status_code == 403
        and url == "/v1/sync/push"
        and _error_code(response) == "forbidden_scope"
        and (answer := _forbidden_batch(kwargs.get("json"))) is not None
    ):
        return answer
    _raise_for(response)
    try:
        return response.json()
    except ValueError as exc:
        raise SyncError(detail="not JSON") from exc


def probe(
    target: Store | CredentialStore | DeviceCredentials | str,
    transport: httpx.BaseTransport | None = None,
    timeout: float = PROBE_TIMEOUT,
) -> bool:
    """Whether the county server answers at all (``GET /v1/health``, no credentials).

    ``target`` is the server URL, the credentials, their store, or the store whose data
    directory holds them. Any answer below 500 counts (an older server without
    ``/v1/health`` answers 404 and is up); never raises for the network.
    """
    if isinstance(target, str):
        url = target
    elif isinstance(target, DeviceCredentials):
        url = target.server_url
    else:
        creds = target if isinstance(target, CredentialStore) else CredentialStore(target.data_dir)
        url = creds.load().server_url
    try:
        with _client(url, transport, timeout=timeout) as client:
            return client.get("/v1/health").status_code < 500
    except httpx.HTTPError:
        return False


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
    """Enrol this PC with a one-time code (§3): save the credentials, take the prefix.

    What keeping the secret needs (a passphrase, without a secure keyring) is asked for
    first: a refusal there spends no code."""
    keeper = _credential_store(store, credentials)
    keeper.prepare_save()
    credentials = keeper
    with _client(server_url, transport) as client:
        response = _send(
            client,
            "POST",
            "/v1/enroll",
            json={
                "code": code,
                "device_id": store.device_id,
                "device_name": device_name,
                "app_version": __version__,
            },
        )
    if response.status_code in (400, 401, 403, 404, 410):
        raise EnrolmentRefusedError(_error_code(response))
    _raise_for(response)
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
    """One round (§5): hello, attachment bytes up, push until nothing is pending, the audit
    chain up, pull while ``has_more``, missing attachment bytes down (§8, §9)."""
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
        # Attachment bytes before the rows that name them (§8).
        report.blobs_up = transfer.push_blobs(client, store)
        sent_before: list[int] = []
        for _ in range(MAX_ROUNDS):
            batch = outbox_batch(store)
            seqs = [m["device_seq"] for m in batch]
            if not batch or seqs == sent_before:
                break  # nothing pending, or the server's answer settled none of them
            sent_before = seqs
            # Files attached since the round began go up before their rows, too.
            report.blobs_up += transfer.push_blobs(client, store, batch)
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
        try:
            report.audit_pushed = transfer.push_audit(client, store)
        except transfer.AuditRefusedError as exc:
            report.audit_error = str(exc.seq)  # the rest of the round goes on
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
        # Bytes of pulled attachment rows; one that fails is fetched next round.
        report.blobs_down = transfer.fetch_blobs(client, store)
    mark_synced(store)
    return report
