"""The background-operation helper: order, main-thread callbacks, errors, cancel, progress."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import MSG_REQUIRED
from gridapp.store.errors import NotFoundError
from gridapp.ui.app import install_translators
from gridapp.ui.tasks import PROGRESS_DELAY_MS, TaskContext, TaskRunner, TaskState

WAIT_MS = 5_000


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def runner(window: QWidget) -> Iterator[TaskRunner]:
    tasks = TaskRunner(window)
    yield tasks
    tasks.shutdown()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes recorded instead of shown (a real one would block the test)."""
    shown: list[tuple[str, str]] = []

    def fake(kind: str) -> Any:
        def show(parent: object, title: str, text: str, *args: object) -> int:
            shown.append((kind, text))
            return 0

        return show

    monkeypatch.setattr(QMessageBox, "warning", fake("warning"))
    monkeypatch.setattr(QMessageBox, "critical", fake("critical"))
    return shown


def app_thread() -> QThread:
    app = QApplication.instance()
    assert app is not None
    return app.thread()


def test_results_arrive_on_the_main_thread(qtbot: Any, runner: TaskRunner) -> None:
    seen: dict[str, object] = {}

    def work(ctx: TaskContext) -> int:
        seen["worker_is_main"] = QThread.currentThread() is app_thread()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback_is_main"] = QThread.currentThread() is app_thread()

    with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
        task = runner.submit(work, on_done=done)
    assert seen == {"worker_is_main": False, "result": 42, "callback_is_main": True}
    assert task.state is TaskState.DONE and not runner.busy()


def test_tasks_run_in_submission_order(qtbot: Any, runner: TaskRunner) -> None:
    ran: list[int] = []
    done: list[int] = []
    tasks = []
    for i in range(8):

        def work(ctx: TaskContext, i: int = i) -> int:
            ran.append(i)
            return i

        tasks.append(runner.submit(work, on_done=done.append))
    qtbot.waitUntil(lambda: all(t.finished for t in tasks), timeout=WAIT_MS)
    assert ran == list(range(8))
    assert done == list(range(8))


def test_environmental_error_reaches_on_error(
    qtbot: Any, runner: TaskRunner, boxes: list[tuple[str, str]]
) -> None:
    errors: list[BaseException] = []
    done: list[object] = []

    def work(ctx: TaskContext) -> None:
        raise NotFoundError(what="户号 360000001")

    with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
        task = runner.submit(work, on_done=done.append, on_error=errors.append)
    assert len(errors) == 1 and isinstance(errors[0], NotFoundError)
    assert task.state is TaskState.FAILED and done == [] and boxes == []


def test_validation_error_without_on_error_shows_a_message(
    qtbot: Any, runner: TaskRunner, boxes: list[tuple[str, str]]
) -> None:
    error = ValidationError([FieldError("name", MSG_REQUIRED)])

    def work(ctx: TaskContext) -> None:
        raise error

    with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
        runner.submit(work)
    assert boxes == [("warning", error.messages()["name"])]
    assert error.messages()["name"] != MSG_REQUIRED  # shown in Chinese, not the source text


def test_programming_error_is_logged_and_not_swallowed(
    qtbot: Any, runner: TaskRunner, boxes: list[tuple[str, str]], caplog: Any
) -> None:
    errors: list[BaseException] = []

    def work(ctx: TaskContext) -> None:
        raise KeyError("bug")

    with qtbot.captureExceptions() as raised, caplog.at_level(logging.ERROR):
        with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
            runner.submit(work, on_error=errors.append, label="buggy")
        qtbot.waitUntil(lambda: bool(raised), timeout=WAIT_MS)
    assert [type(e) for e in errors] == [KeyError]
    assert raised[0][0] is KeyError
    assert any("buggy" in r.getMessage() and r.exc_info for r in caplog.records)
    assert boxes == []


def test_cancel_sets_the_flag_and_ends_the_task(qtbot: Any, runner: TaskRunner) -> None:
    started = threading.Event()
    done: list[object] = []
    saw_cancel: list[bool] = []

    def work(ctx: TaskContext) -> str:
        started.set()
        while not ctx.cancelled():
            threading.Event().wait(0.005)  # worker thread: poll the flag, as a long loop would
        saw_cancel.append(True)
        return "partial"

    task = runner.submit(work, on_done=done.append, cancellable=True)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
        task.cancel()
    assert saw_cancel == [True]
    assert task.state is TaskState.CANCELLED and done == []


def test_cancel_button_of_the_progress_dialog(qtbot: Any, runner: TaskRunner) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "zh_CN")

    def work(ctx: TaskContext) -> None:
        for i in range(1_000_000):
            if ctx.cancelled():
                return
            ctx.progress(i, 1_000_000)
            threading.Event().wait(0.001)

    with qtbot.waitSignal(runner.progress_shown, timeout=WAIT_MS):
        task = runner.submit(work, label="导入", cancellable=True)
    dialog = runner.progress_dialog
    assert dialog is not None and dialog.isVisible() and dialog.labelText() == "导入"
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "取消"
    with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert task.state is TaskState.CANCELLED
    assert runner.progress_dialog is None


def test_no_progress_dialog_for_a_quick_task(qtbot: Any, runner: TaskRunner) -> None:
    shown: list[object] = []
    runner.progress_shown.connect(shown.append)

    def work(ctx: TaskContext) -> str:
        threading.Event().wait(0.05)  # 50 ms of "work", on the worker thread
        return "ok"

    with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
        runner.submit(work, label="quick")
    assert shown == [] and runner.progress_dialog is None


def test_progress_dialog_for_a_long_task(qtbot: Any, runner: TaskRunner) -> None:
    release = threading.Event()
    done: list[object] = []

    def work(ctx: TaskContext) -> str:
        ctx.progress(1, 4)
        release.wait(10)
        return "ok"

    task = runner.submit(work, on_done=done.append, label="生成台账")
    with qtbot.waitSignal(runner.progress_shown, timeout=WAIT_MS):
        pass
    dialog = runner.progress_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.isModal() and dialog.parentWidget() is not None
    assert task.state is TaskState.RUNNING
    with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
        release.set()
    assert done == ["ok"] and runner.progress_dialog is None


def test_a_quiet_task_never_shows_the_dialog(qtbot: Any, runner: TaskRunner) -> None:
    """A long background read (the list under a filter) keeps the window free for typing;
    the next ordinary job behind it still gets its dialog when it is slow."""
    release_quiet, release_loud = threading.Event(), threading.Event()
    shown: list[object] = []
    runner.progress_shown.connect(shown.append)
    quiet = runner.submit(lambda ctx: release_quiet.wait(10), label="list", quiet=True)
    loud = runner.submit(lambda ctx: release_loud.wait(10), label="保存")
    qtbot.waitUntil(lambda: quiet.state is TaskState.RUNNING, timeout=WAIT_MS)
    qtbot.wait(3 * PROGRESS_DELAY_MS)
    assert shown == [] and runner.progress_dialog is None
    release_quiet.set()
    with qtbot.waitSignal(runner.progress_shown, timeout=WAIT_MS):
        pass
    assert shown == [loud]
    with qtbot.waitSignal(runner.task_finished, timeout=WAIT_MS):
        release_loud.set()
    assert runner.progress_dialog is None


def test_shutdown_waits_for_the_running_task_and_drops_the_rest(qtbot: Any) -> None:
    runner = TaskRunner()
    started = threading.Event()
    ran: list[str] = []

    def first(ctx: TaskContext) -> None:
        started.set()
        threading.Event().wait(0.1)
        ran.append("first")

    def second(ctx: TaskContext) -> None:
        ran.append("second")

    runner.submit(first)
    runner.submit(second)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    runner.shutdown()
    assert ran == ["first"] and not runner.busy()
    with pytest.raises(RuntimeError):
        runner.submit(second)
