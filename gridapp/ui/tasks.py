"""The one background-operation helper: every database, import/export and report job of the UI.

:class:`TaskRunner` owns ONE worker thread and runs submitted callables on it strictly in
submission order, so the store's single connection is only ever used by one job at a time and
the UI thread is never blocked by SQL. Results and errors come back on the main thread through
queued signals; nothing in the worker touches a widget.

Why a ``QThread`` with a ``QObject`` worker rather than a single-thread executor: the worker
thread's own Qt event loop *is* the queue. A job is posted with a queued signal, jobs are
delivered in the order they were posted, and results travel back with queued signals that Qt
delivers on the thread the runner lives in — no second queue, no polling, no bridging
``Future`` callbacks (which an executor calls on the worker thread). ``quit()`` + ``wait()``
stop it cleanly.

Errors: environmental ones (:class:`~gridapp.store.errors.StoreError`,
:class:`~gridapp.models.errors.ValidationError`) go to ``on_error``, or, without one, to a calm
message box with the translated text. Anything else is a programming error: it is logged with
its traceback, handed to ``on_error`` (so a screen can reset itself) and then re-raised on the
main thread, where the application's exception hook (and pytest-qt in tests) sees it.

A progress dialog appears only when a job is still running after :data:`PROGRESS_DELAY_MS`;
it follows ``ctx.progress`` and offers Cancel for ``cancellable`` jobs. A ``quiet`` job never
shows one: reads whose screen shows its own sign of waiting (the list's "…" rows, the search
list, the home page's cards, the status bar) must not put a modal dialog in front of a worker
who is typing.

One kind of job runs *beside* the queue, on a thread of its own (:meth:`TaskRunner.beside`):
a long read that opens its own connection and must not hold up the queue — the start-up
integrity check reads the whole file (25 s at 300,000 households) while the worker is already
searching and typing.
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from gridapp.models.errors import ValidationError
from gridapp.store.errors import StoreError

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500
# ctx.progress is throttled: a loop over a million rows must not flood the UI thread.
PROGRESS_INTERVAL_S = 0.05
ENVIRONMENTAL = (StoreError, ValidationError)


class TaskState(enum.Enum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class TaskCancelled(Exception):
    """Raised by :meth:`TaskContext.check_cancelled`; ends a job quietly as cancelled."""


class Task:
    """One submitted job. Created by :meth:`TaskRunner.submit`; read its ``state``."""

    _ids = itertools.count(1)

    def __init__(
        self,
        fn: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        label: str,
        cancellable: bool,
        quiet: bool = False,
    ) -> None:
        self.id = next(self._ids)
        self.fn = fn
        self.on_done = on_done
        self.on_error = on_error
        self.label = label
        self.cancellable = cancellable
        self.quiet = quiet
        self.state = TaskState.PENDING
        self.result: Any = None
        self.error: BaseException | None = None
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop; it sees ``ctx.cancelled()`` (a pending job never starts).

        A cancelled job's ``on_done`` is not called: a partial result is not a result.
        """
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def finished(self) -> bool:
        return self.state in (TaskState.DONE, TaskState.FAILED, TaskState.CANCELLED)

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.label!r} {self.state.value}>"


class TaskContext:
    """What a job's function gets: report progress, check for cancellation."""

    def __init__(self, task: Task, worker: _Worker) -> None:
        self._task = task
        self._worker = worker
        self._last = 0.0

    def progress(self, done: int, total: int = 0) -> None:
        """Report ``done`` of ``total`` steps (``total`` 0: unknown). Cheap to call often."""
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_INTERVAL_S:
            return
        self._last = now
        self._worker.progressed.emit(self._task, int(done), int(total))

    def cancelled(self) -> bool:
        """True once the user (or the program) asked this job to stop."""
        return self._task.cancel_requested

    def check_cancelled(self) -> None:
        """Raise :class:`TaskCancelled` if cancellation was asked for."""
        if self._task.cancel_requested:
            raise TaskCancelled()


class _Worker(QObject):
    """Lives on the worker thread; runs one job per queued ``run`` call, never touches widgets."""

    started = Signal(object)  # Task
    progressed = Signal(object, int, int)  # Task, done, total
    succeeded = Signal(object, object)  # Task, result
    failed = Signal(object, object, bool)  # Task, exception, is programming error
    cancelled = Signal(object)  # Task

    @Slot(object)
    def run(self, task: Task) -> None:
        if task.cancel_requested:
            self.cancelled.emit(task)
            return
        self.started.emit(task)
        try:
            result = task.fn(TaskContext(task, self))
        except TaskCancelled:
            self.cancelled.emit(task)
        except ENVIRONMENTAL as exc:
            self.failed.emit(task, exc, False)
        except Exception as exc:
            log.exception("background task %r failed", task.label or task.fn)
            self.failed.emit(task, exc, True)
        else:
            if task.cancel_requested:
                self.cancelled.emit(task)
            else:
                self.succeeded.emit(task, result)


class TaskRunner(QObject):
    """One serialised worker thread for the UI's background jobs (see the module docstring).

    ``window`` parents the progress dialog and message boxes. Call :meth:`shutdown` before the
    application quits (the main window does so when it closes).
    """

    task_finished = Signal(object)  # Task, whatever its outcome; after its callback ran
    progress_shown = Signal(object)  # Task whose progress dialog just appeared
    _post = Signal(object)
    _beside_done = Signal(object, object)  # callback, its argument

    def __init__(self, window: QWidget | None = None) -> None:
        super().__init__()
        self._window = window
        self._thread = QThread()
        self._thread.setObjectName("gridapp-tasks")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        queued = Qt.ConnectionType.QueuedConnection
        self._post.connect(self._worker.run, queued)
        self._worker.started.connect(self._on_started, queued)
        self._worker.progressed.connect(self._on_progress, queued)
        self._worker.succeeded.connect(self._on_succeeded, queued)
        self._worker.failed.connect(self._on_failed, queued)
        self._worker.cancelled.connect(self._on_cancelled, queued)
        self._pending: list[Task] = []  # submitted and not finished, in order
        self._current: Task | None = None
        self._dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PROGRESS_DELAY_MS)
        self._timer.timeout.connect(self._show_progress)
        self._closed = False
        self._updating = False
        self._beside: list[threading.Thread] = []
        self._stop_beside = threading.Event()
        self._beside_done.connect(self._on_beside_done, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._thread.start()

    # --- API -------------------------------------------------------------------------------

    def submit(
        self,
        fn: Callable[[TaskContext], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str = "",
        cancellable: bool = False,
        quiet: bool = False,
    ) -> Task:
        """Queue ``fn(ctx)`` behind every job submitted before it; returns its :class:`Task`.

        ``on_done(result)`` / ``on_error(exc)`` run on the main thread. ``label`` (already
        translated) is the progress dialog's text. ``quiet`` jobs never show the dialog.
        """
        if self._closed:
            raise RuntimeError("TaskRunner.submit after shutdown")
        task = Task(fn, on_done, on_error, label, cancellable, quiet)
        self._pending.append(task)
        self._post.emit(task)
        return task

    def beside(
        self,
        fn: Callable[[Callable[[], bool]], Any],
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Run ``fn(stopping)`` on a thread of its own, beside the queue (module docstring).

        ``fn`` must not use the store's shared connection: it opens its own. ``stopping()``
        turns true at :meth:`shutdown`, which waits for ``fn`` to return; check it often.
        No progress dialog. ``on_done(result)`` / ``on_error(exc)`` run on the main thread,
        never after shutdown.
        """
        if self._closed:
            raise RuntimeError("TaskRunner.beside after shutdown")

        def run() -> None:
            try:
                result = fn(self._stop_beside.is_set)
            except Exception as exc:
                log.exception("job beside the queue failed")
                self._beside_done.emit(on_error, exc)
            else:
                self._beside_done.emit(on_done, result)

        thread = threading.Thread(target=run, name="gridapp-beside", daemon=True)
        self._beside.append(thread)
        thread.start()

    @Slot(object, object)
    def _on_beside_done(self, callback: Callable[[Any], None], value: object) -> None:
        if not self._closed:
            callback(value)

    def busy(self) -> bool:
        """True while any submitted job has not finished."""
        return bool(self._pending)

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        """The progress dialog while one is shown (for tests and the status bar)."""
        return self._dialog

    def shutdown(self) -> None:
        """Wait for the running job, drop the queued ones and stop the thread.

        Callbacks of jobs that finish from now on are not called: the window they would
        update is going away.
        """
        if self._closed:
            return
        self._closed = True
        self._stop_beside.set()
        for task in self._pending:
            task.cancel()
        self._timer.stop()
        self._close_dialog()
        self._thread.quit()
        self._thread.wait()
        for thread in self._beside:
            thread.join()
        self._pending.clear()
        self._current = None

    # --- worker signals (main thread) -------------------------------------------------------

    @Slot(object)
    def _on_started(self, task: Task) -> None:
        if self._closed:
            return
        task.state = TaskState.RUNNING
        self._current = task
        if not task.quiet:
            self._timer.start()

    @Slot(object, int, int)
    def _on_progress(self, task: Task, done: int, total: int) -> None:
        dialog = self._dialog
        if self._closed or dialog is None or task is not self._current:
            return
        # A modal QProgressDialog processes events inside setValue, so the job may finish
        # (and the dialog close) right here: delete it only once setValue has returned.
        self._updating = True
        try:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))
            else:
                dialog.setRange(0, 0)  # busy indicator
        finally:
            self._updating = False
        if dialog is not self._dialog:
            dialog.deleteLater()

    @Slot(object, object)
    def _on_succeeded(self, task: Task, result: object) -> None:
        task.result = result
        if self._finish(task, TaskState.DONE) and task.on_done is not None:
            task.on_done(result)
        self.task_finished.emit(task)

    @Slot(object)
    def _on_cancelled(self, task: Task) -> None:
        self._finish(task, TaskState.CANCELLED)
        self.task_finished.emit(task)

    @Slot(object, object, bool)
    def _on_failed(self, task: Task, exc: BaseException, programming: bool) -> None:
        task.error = exc
        if not self._finish(task, TaskState.FAILED):
            return
        try:
            if task.on_error is not None:
                task.on_error(exc)
            elif not programming:
                self.show_error(exc)
        finally:
            self.task_finished.emit(task)
        if programming:
            # Never swallowed: the exception hook (a crash report; a failed test) sees it.
            raise exc

    # --- helpers -----------------------------------------------------------------------------

    def _finish(self, task: Task, state: TaskState) -> bool:
        """Record the outcome; False after shutdown (callbacks are then skipped)."""
        task.state = state
        if task in self._pending:
            self._pending.remove(task)
        if task is self._current:
            self._current = None
            self._timer.stop()
            self._close_dialog()
        return not self._closed

    def _show_progress(self) -> None:
        task = self._current
        if task is None or self._closed or self._dialog is not None:
            return
        label = task.label or self.tr("Working…")
        dialog = QProgressDialog(label, "", 0, 0, self._window)
        dialog.setWindowTitle(self.tr("Please wait"))
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        if task.cancellable:
            dialog.setCancelButtonText(self.tr("Cancel"))
            dialog.canceled.connect(lambda: self._cancel_from_dialog(task))
        else:
            dialog.setCancelButton(None)
        modality = (
            Qt.WindowModality.WindowModal
            if self._window is not None
            else Qt.WindowModality.ApplicationModal
        )
        dialog.setWindowModality(modality)
        self._dialog = dialog
        dialog.show()
        self.progress_shown.emit(task)

    def _cancel_from_dialog(self, task: Task) -> None:
        task.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(self.tr("Cancelling…"))

    def _close_dialog(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.hide()
            if not self._updating:
                dialog.deleteLater()

    def show_error(self, exc: BaseException) -> None:
        """The calm message box of an environmental error (also for an ``on_error`` that
        resets its screen and still wants the user told)."""
        if isinstance(exc, ValidationError):
            text = "\n".join(exc.messages().values())
        elif isinstance(exc, StoreError):
            text = exc.text()
        else:
            text = str(exc)
        QMessageBox.warning(self._window, self.tr("GridApp"), text)
