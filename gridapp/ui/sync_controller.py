"""Background sync for the window: probes, rounds, back-off, enrolment — never in an edit's way.

:class:`SyncController` lives on the UI thread and runs its network jobs (a probe, a round, an
enrolment) one at a time on a thread of its own, each with a **connection of its own** to the
same database file (like the start-up integrity check, :meth:`TaskRunner.beside`): the UI's
connection may be inside a write transaction, and the sync store functions commit per push
reply and per pulled page, so the two connections only ever wait on each other for one short
transaction (SQLite's busy timeout covers that). Nothing of the network runs on the UI thread
or in the UI's worker queue, so an edit is saved at once whatever the server does.

When the PC is enrolled:

- at start, and every :data:`ROUND_INTERVAL_MS` while online, a round (hello, push, pull);
- :data:`DEBOUNCE_MS` after a local change (``data_changed``), a round;
- while offline, a probe (``GET /v1/health``) after 2 s, 4 s … then every :data:`PROBE_INTERVAL_MS`;
  a server that answers gets a round at once;
- after a server error, a refusal or a busy server, the next round after 2 s, 4 s … at most
  :data:`MAX_BACKOFF_MS`, never sooner than the server's ``Retry-After``;
- a revoked device (401), a program too old for the server (426) or missing credentials stop
  automatic rounds (state ``stopped``) with the message; 立即同步 or a new enrolment starts
  again. Local edits stay pending throughout.

After a round that wrote anything locally, ``data_changed`` names the rows the server's
answers named (pulled, removed, conflicting; noted by the transport as they pass), so the
pages showing those tables reload; that emission does not start a new round.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.store.connection import DatabaseError
from gridapp.store.db import Changes
from gridapp.store.errors import PassphraseRequiredError, StoreError, WrongPassphraseError
from gridapp.store.sync_log import record_round
from gridapp.sync.client import (
    RateLimitedError,
    ServerUnavailableError,
    SyncError,
    SyncReport,
    SyncRevokedError,
    UpgradeRequiredError,
    enroll,
    probe,
    sync_once,
)
from gridapp.sync.credentials import (
    CredentialStore,
    DeviceCredentials,
    MissingCredentialsError,
    NotEnrolledError,
)
from gridapp.ui.context import UiContext

log = logging.getLogger(__name__)

DEBOUNCE_MS = 5_000  # a round this long after the last local change
ROUND_INTERVAL_MS = 5 * 60_000  # a round this often while online
PROBE_INTERVAL_MS = 60_000  # a probe at most this far apart while offline
FIRST_ROUND_MS = 1_000  # the first round after the window opens
MIN_BACKOFF_MS = 2_000
MAX_BACKOFF_MS = 10 * 60_000
SHUTDOWN_WAIT_S = 5.0  # how long closing the window waits for a request in flight
# Per-request limits of the window's rounds: a dead network must not hold a round for long.
REQUEST_TIMEOUT = httpx.Timeout(30.0, connect=5.0, pool=5.0)

# States (state_changed's first argument).
NOT_ENROLLED = "not_enrolled"
OFFLINE = "offline"
SYNCING = "syncing"
ONLINE = "online"
ERROR = "error"
STOPPED = "stopped"

# Why automatic rounds stopped (SyncController.stop_reason).
STOP_REVOKED = "revoked"  # 401 revoked: the server refuses this device id for good
STOP_UPGRADE = "upgrade"  # 426: a newer program
STOP_CREDENTIALS = "credentials"  # secret gone or refused, device unknown: enrol again
STOP_PASSPHRASE = "passphrase"  # the secret needs the passphrase (立即同步 asks)

ROUND_OK = "ok"
ROUND_OFFLINE = "offline"
ROUND_ERROR = "error"
ROUND_STOPPED = "stopped"

_STOPPED_TEXT = QT_TRANSLATE_NOOP("Messages", "The window is closing.")
_LOCKED_TEXT = QT_TRANSLATE_NOOP(
    "Messages",
    "The device secret of this PC is protected by the database passphrase. Press “Sync now” "
    "and type the passphrase; until then every edit is kept on this PC.",
)


class LocalBusyError(StoreError):
    """This PC's database stayed locked by a long write (an import) past the busy timeout."""

    message = QT_TRANSLATE_NOOP(
        "Messages",
        "This PC's database is busy with a long save (an import, for example); syncing tries "
        "again shortly. Nothing was lost.",
    )


class _Stopped(httpx.NetworkError):
    """Raised for a request started after the window began to close."""


class _StoppableTransport(httpx.BaseTransport):
    """Refuses new requests once the controller shuts down; shorter timeouts than the CLI.

    It also notes which rows the server's answers name (pulled and removed rows, rows of
    conflicts in push replies) in :attr:`touched`, so that after a round only the pages
    showing those tables reload.
    """

    def __init__(self, inner: httpx.BaseTransport | None, stopping: threading.Event) -> None:
        self._inner = inner if inner is not None else httpx.HTTPTransport()
        self._stopping = stopping
        self.touched = Changes()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._stopping.is_set():
            raise _Stopped(tr(_STOPPED_TEXT))
        request.extensions["timeout"] = REQUEST_TIMEOUT.as_dict()
        response = self._inner.handle_request(request)
        path = request.url.path
        if response.status_code == 200 and path.endswith(("/v1/sync/pull", "/v1/sync/push")):
            response.read()
            self._note(response)
        return response

    def _note(self, response: httpx.Response) -> None:
        try:
            body = response.json()
        except ValueError:
            return
        if not isinstance(body, dict):
            return
        rows = [*(body.get("changes") or []), *(body.get("removed") or [])]
        rows += [r.get("conflict") for r in body.get("results") or [] if isinstance(r, dict)]
        for row in rows:
            if isinstance(row, dict) and isinstance(row.get("tbl"), str):
                self.touched.add(row["tbl"], str(row.get("id", "")))

    def close(self) -> None:
        pass  # the inner transport outlives one round's client: closed at shutdown

    def shutdown(self) -> None:
        self._inner.close()


class _Loaded(CredentialStore):
    """A credential store that hands out credentials already loaded (no second prompt)."""

    def __init__(self, base: CredentialStore, creds: DeviceCredentials) -> None:
        super().__init__(base.data_dir)
        self._creds = creds

    def load(self) -> DeviceCredentials:
        return self._creds


def report_entry(report: SyncReport) -> dict[str, Any]:
    """A round's report as logged and as ``round_finished`` carries it."""
    return {"result": ROUND_OK, **report.as_dict()}


class SyncController(QObject):
    """The window's sync (module docstring). Create once per window; :meth:`shutdown` it."""

    state_changed = Signal(str, str)  # state, translated detail ("" when nothing to say)
    round_finished = Signal(object)  # dict: the logged entry of the round
    enrol_finished = Signal(object)  # DeviceCredentials, or the exception that refused it
    _done = Signal(object, object, object)  # callback, value, error

    def __init__(
        self,
        ctx: UiContext,
        credentials: CredentialStore | None = None,
        transport: httpx.BaseTransport | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.credentials = credentials or CredentialStore(ctx.store.data_dir)
        self._stopping = threading.Event()
        self._transport = _StoppableTransport(transport, self._stopping)
        self._creds: DeviceCredentials | None = None
        self._thread: threading.Thread | None = None
        self._again = False  # a change arrived during a round: another one after it
        self._emitting = False  # our own data_changed: not a local edit
        self._backoff = 0  # failures in a row
        self._closed = False
        self.debounce_ms = DEBOUNCE_MS
        self.round_interval_ms = ROUND_INTERVAL_MS
        self.probe_interval_ms = PROBE_INTERVAL_MS
        self.state = NOT_ENROLLED
        self.detail = ""
        self.stop_reason = ""
        self.last_report: dict[str, Any] | None = None
        self.rounds_started = 0
        self._timer = QTimer(self)  # the next automatic probe or round
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timer_fired)
        self._next_is_probe = False
        self._before_enrol = (NOT_ENROLLED, "")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(lambda: self.sync_now(automatic=True))
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        ctx.signals.data_changed.connect(self._data_changed)

    # --- API ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Begin: the first round soon when enrolled, else state ``not_enrolled``."""
        if self.credentials.exists():
            self._set_state(ONLINE if self.state == ONLINE else OFFLINE)
            self._schedule(FIRST_ROUND_MS, probe=False)
        else:
            self._set_state(NOT_ENROLLED)

    def enrolled(self) -> bool:
        return self.credentials.exists()

    def credentials_info(self) -> DeviceCredentials | None:
        """The loaded credentials (without loading them: None until a round or enrolment)."""
        return self._creds

    def busy(self) -> bool:
        return self._thread is not None

    def automatic(self) -> bool:
        """True while an automatic probe or round is scheduled (False once stopped)."""
        return self._timer.isActive() or self._debounce.isActive()

    def sync_now(self, automatic: bool = False) -> bool:
        """One round now (立即同步); False if one is already running or not enrolled."""
        if self._closed or (automatic and self.state == STOPPED):
            return False
        if not self.credentials.exists():
            self._set_state(NOT_ENROLLED)
            return False
        if self._thread is not None:
            self._again = True
            return False
        self._timer.stop()
        self._debounce.stop()
        self._start_job(self._round_job, self._round_done)
        return True

    def enrol(self, server_url: str, code: str) -> bool:
        """Enrol this PC in the background; ``enrol_finished`` tells how it went."""
        if self._closed or self._thread is not None:
            return False
        self._timer.stop()
        self._debounce.stop()
        self._before_enrol = (self.state, self.detail)

        def job(stopping: threading.Event) -> DeviceCredentials:
            store = self.store.beside()
            try:
                return enroll(
                    store, server_url.strip(), code.strip(), self._transport, self.credentials
                )
            finally:
                store.close()

        self._start_job(job, self._enrol_done)
        return True

    def use_passphrase(self, passphrase: str) -> None:
        """Give the passphrase that unlocks the device secret (no secure keyring here)."""
        self.credentials = CredentialStore(self.store.data_dir, lambda _confirm: passphrase)
        self._creds = None

    def shutdown(self) -> None:
        """Stop timers, refuse new requests, wait briefly for a request in flight."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self._debounce.stop()
        self._stopping.set()
        thread = self._thread
        if thread is not None:
            thread.join(SHUTDOWN_WAIT_S)
            if not thread.is_alive():
                self._thread = None
        self._transport.shutdown()

    # --- jobs (a thread of their own) ---------------------------------------------------------

    def _start_job(
        self,
        job: Callable[[threading.Event], Any],
        callback: Callable[[Any, BaseException | None], None],
    ) -> None:
        def run() -> None:
            try:
                value = job(self._stopping)
            except Exception as exc:
                if not isinstance(exc, StoreError):
                    log.exception("sync job failed")
                self._done.emit(callback, None, exc)
            else:
                self._done.emit(callback, value, None)

        if callback == self._round_done:
            self.rounds_started += 1
            self._set_state(SYNCING)
        thread = threading.Thread(target=run, name="gridapp-sync", daemon=True)
        self._thread = thread
        thread.start()

    @Slot(object, object, object)
    def _on_done(
        self,
        callback: Callable[[Any, BaseException | None], None],
        value: object,
        error: object,
    ) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._closed:
            return
        callback(value, error if isinstance(error, BaseException) else None)

    def _load_credentials(self) -> DeviceCredentials:
        if self._creds is None:
            self._creds = self.credentials.load()
        return self._creds

    def _round_job(self, stopping: threading.Event) -> dict[str, Any]:
        self._transport.touched = Changes()
        store = self.store.beside()
        try:
            try:
                creds = self._load_credentials()
                try:
                    report = sync_once(store, self._transport, _Loaded(self.credentials, creds))
                except DatabaseError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    raise LocalBusyError() from exc  # a long write outlasted the busy timeout
            except (StoreError, httpx.HTTPError) as exc:
                if stopping.is_set():
                    raise
                with contextlib.suppress(DatabaseError):  # still locked: the log can wait
                    record_round(store, _failure_entry(exc))
                raise
            return record_round(store, report_entry(report))
        finally:
            store.close()

    def _probe_job(self, stopping: threading.Event) -> bool:
        return probe(self._load_credentials(), self._transport)

    # --- results (UI thread) ------------------------------------------------------------------

    def _round_done(self, entry: dict[str, Any] | None, error: BaseException | None) -> None:
        if error is None and entry is not None:
            self._backoff = 0
            self.last_report = entry
            self._set_state(ONLINE)
            self.round_finished.emit(entry)
            touched = self._transport.touched
            # Attachment bytes name no row: their pages reload with everything (None).
            files = bool(entry.get("blobs_down"))
            if entry.get("pulled") or entry.get("removed") or entry.get("conflicts") or files:
                self._emitting = True
                try:
                    changes = touched if touched.count() and not files else None
                    self.ctx.signals.data_changed.emit(changes)
                finally:
                    self._emitting = False
            if self._again:
                self._again = False
                self._schedule(0, probe=False)
            else:
                self._schedule(self.round_interval_ms, probe=False)
            return
        assert error is not None
        self._again = False
        self.round_finished.emit(_failure_entry(error))
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        text = error.text() if isinstance(error, StoreError) else str(error)
        stop = {
            SyncRevokedError: STOP_REVOKED,
            UpgradeRequiredError: STOP_UPGRADE,
            MissingCredentialsError: STOP_CREDENTIALS,
            PassphraseRequiredError: STOP_PASSPHRASE,
            WrongPassphraseError: STOP_PASSPHRASE,
        }.get(type(error))
        if isinstance(error, SyncRevokedError) and error.reason != "revoked":
            stop = STOP_CREDENTIALS  # unknown device, secret refused: enrolling again helps
        if stop is not None:
            if stop in (STOP_CREDENTIALS, STOP_PASSPHRASE):
                self._creds = None
            if stop == STOP_PASSPHRASE and isinstance(error, PassphraseRequiredError):
                text = tr(_LOCKED_TEXT)
            self.stop_reason = stop
            self._set_state(STOPPED, text)
            return
        if isinstance(error, NotEnrolledError):
            self._set_state(NOT_ENROLLED)
            return
        delay = min(MIN_BACKOFF_MS * 2**self._backoff, MAX_BACKOFF_MS)
        self._backoff += 1
        if isinstance(error, ServerUnavailableError) and error.kind != "server":
            self._set_state(OFFLINE, text)
            self._schedule(min(delay, self.probe_interval_ms), probe=True)
            return
        if isinstance(error, RateLimitedError):
            delay = max(delay, int(error.retry_after * 1000))
        self._set_state(ERROR, text)
        self._schedule(delay, probe=False)

    def _probe_done(self, reachable: bool | None, error: BaseException | None) -> None:
        if error is not None:
            self._failed(error)
        elif reachable:
            self.sync_now(automatic=True)
        else:
            delay = min(MIN_BACKOFF_MS * 2**self._backoff, self.probe_interval_ms)
            self._backoff += 1
            self._schedule(delay, probe=True)

    def _enrol_done(self, creds: DeviceCredentials | None, error: BaseException | None) -> None:
        if error is not None:
            self.enrol_finished.emit(error)
            if self._before_enrol[0] == STOPPED:
                self._set_state(*self._before_enrol)  # still refused: nothing to try
            else:
                self.start()
            return
        self._creds = creds
        self._backoff = 0
        self.enrol_finished.emit(creds)
        self._emitting = True
        try:
            self.ctx.signals.data_changed.emit(None)  # the device prefix changed
        finally:
            self._emitting = False
        self.sync_now()

    # --- timers -------------------------------------------------------------------------------

    def _schedule(self, delay_ms: int, *, probe: bool) -> None:
        if self._closed or self.state == STOPPED:
            return
        self._next_is_probe = probe
        self._timer.start(max(0, int(delay_ms)))

    def _timer_fired(self) -> None:
        if self._closed or self._thread is not None:
            return
        if self._next_is_probe:
            self._start_job(self._probe_job, self._probe_done)
        else:
            self.sync_now(automatic=True)

    def _data_changed(self, _changes: object) -> None:
        if self._emitting or self._closed or self.state in (STOPPED, NOT_ENROLLED):
            return
        if self._thread is not None:
            self._again = True
            return
        self._debounce.start(self.debounce_ms)

    def _set_state(self, state: str, detail: str = "") -> None:
        if state != STOPPED:
            self.stop_reason = ""
        if (state, detail) == (self.state, self.detail):
            return
        self.state, self.detail = state, detail
        self.state_changed.emit(state, detail)


def _failure_entry(error: BaseException) -> dict[str, Any]:
    if isinstance(error, SyncRevokedError | UpgradeRequiredError):
        result = ROUND_STOPPED
    elif isinstance(error, ServerUnavailableError) and error.kind != "server":
        result = ROUND_OFFLINE
    else:
        result = ROUND_ERROR
    text = error.text() if isinstance(error, StoreError) else str(error)
    return {"result": result, "message": text}


__all__ = ["SyncController", "SyncError"]
