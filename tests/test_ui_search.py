"""The global search at the top of the window: as you type, keys, opening, honest messages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.ui.app import install_translators
from gridapp.ui.main_window import MainWindow
from gridapp.ui.tasks import TaskState
from tests import factories

WAIT_MS = 5_000


@pytest.fixture
def window(qtbot: Any, store: Store) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "zh_CN")
    HouseholdRepository(store).create_household(factories.zhang_family())
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=WAIT_MS)
    return win


def names(window: MainWindow) -> list[str]:
    return [hit.name for hit in window.search.hits]


def popup_rows(window: MainWindow) -> list[str]:
    model = window.search.popup.model
    return [
        " ".join(model.index(row, col).data() for col in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type ``text``: ASCII as key presses, Chinese as a Chinese input method commits it
    (QTest can only press keys that exist on the keyboard)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_search(qtbot: Any, window: MainWindow, text: str) -> None:
    window.focus_search()
    type_text(qtbot, window.search_box, text)
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)


def test_results_drop_down_as_you_type(qtbot: Any, window: MainWindow) -> None:
    submitted = []
    window.tasks.task_finished.connect(submitted.append)
    qtbot.keyClicks(window.search_box, "zsf")
    qtbot.waitUntil(lambda: names(window) == ["张三丰"], timeout=WAIT_MS)
    # Through the one worker: one job per keystroke, and the list shows the masked ID,
    # household number and address of the person.
    assert len(submitted) >= 1 and not window.tasks.busy()
    assert window.search.popup_visible()
    assert window.search_box.hasFocus()  # the list never takes the keyboard
    (row,) = popup_rows(window)
    assert "张三丰" in row and "360000001" in row and "石泉村3组15号" in row
    assert "*" in row  # the ID number is masked
    hit = window.search.hits[0]
    assert hit.id_masked in row and len(hit.id_masked) == 18


def test_stale_results_are_ignored(qtbot: Any, window: MainWindow) -> None:
    window.search.search("张")  # two hits, but superseded before they can be shown
    window.search.search("王芳")
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)
    assert names(window) == ["王芳"]
    assert len(popup_rows(window)) == 1


def test_a_result_arriving_late_does_not_overwrite_a_newer_one(
    qtbot: Any, window: MainWindow
) -> None:
    """The older query already ran (it cannot be cancelled any more): its result is dropped."""
    window.search.search("张")
    first = window.search._task
    assert first is not None
    qtbot.waitUntil(lambda: first.finished, timeout=WAIT_MS)
    window.search.search("王芳")
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)
    assert names(window) == ["王芳"]
    window.search._show(first.result, generation=1)  # as if it had arrived only now
    assert names(window) == ["王芳"]


def test_a_queued_query_is_cancelled_by_the_next_keystroke(qtbot: Any, window: MainWindow) -> None:
    import threading

    release = threading.Event()
    window.tasks.submit(lambda ctx: release.wait(5))  # keeps the worker busy
    window.search.search("张")
    queued = window.search._task
    window.search.search("张三")
    release.set()
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)
    assert queued is not None and queued.state is TaskState.CANCELLED
    assert names(window) == ["张三丰"]


def test_arrows_move_and_enter_opens_the_person(qtbot: Any, window: MainWindow) -> None:
    opened: list[str] = []
    window.pages["household"].show_person = opened.append  # type: ignore[method-assign]
    type_search(qtbot, window, "张")
    assert names(window) == ["张三丰", "张小明"]
    assert window.search.current_row() == 0
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.search.current_row() == 1
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)  # stays on the last row
    assert window.search.current_row() == 1
    qtbot.keyClick(window.search_box, Qt.Key.Key_Up)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert opened == [window.search.hits[1].person_id]
    assert window.stack.currentWidget() is window.pages["household"]
    assert not window.search.popup_visible()


def test_enter_before_the_results_arrive_opens_the_first(qtbot: Any, window: MainWindow) -> None:
    opened: list[str] = []
    window.pages["household"].show_person = opened.append  # type: ignore[method-assign]
    window.focus_search()
    type_text(qtbot, window.search_box, "王芳")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # results may not be there yet
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    assert opened == [window.search.hits[0].person_id]
    assert window.search.hits[0].name == "王芳"


def test_a_click_on_a_row_opens_it(qtbot: Any, window: MainWindow) -> None:
    opened: list[str] = []
    window.pages["household"].show_person = opened.append  # type: ignore[method-assign]
    type_search(qtbot, window, "王芳")
    view = window.search.popup.view
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [window.search.hits[0].person_id]


def test_escape_closes_then_clears(qtbot: Any, window: MainWindow) -> None:
    type_search(qtbot, window, "王芳")
    assert window.search.popup_visible()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert not window.search.popup_visible() and window.search_box.text() == "王芳"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)  # brings the results back
    assert window.search.popup_visible()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""


def test_nothing_found_is_said(qtbot: Any, window: MainWindow) -> None:
    type_search(qtbot, window, "欧阳修")
    assert names(window) == []
    assert window.search.popup_visible()
    message = window.search.popup.message
    assert message.isVisible() and message.text() == "没有找到“欧阳修”。"


def test_too_short_a_number_gets_the_searchs_own_message(qtbot: Any, window: MainWindow) -> None:
    type_search(qtbot, window, "7")
    assert names(window) == []
    text = window.search.popup.message.text()
    assert "至少" in text and "2" in text  # "请至少输入 2 位数字…" from gridapp.store.search
    assert window.search.result is not None
    assert text == window.search.result.text()


def test_persons_who_left_are_marked(qtbot: Any, window: MainWindow, store: Store) -> None:
    son = next(
        p
        for p in HouseholdRepository(store).members(
            HouseholdRepository(store).household_by_no("360000001").id  # type: ignore[union-attr]
        )
        if p.name == "张小明"
    )
    RegisterActions(store).move_out(son.id, date(2025, 3, 1), "广东省东莞市")
    type_search(qtbot, window, "张小明")
    (row,) = popup_rows(window)
    assert "张小明（已迁出）" in row


def test_ctrl_f_focuses_the_search(qtbot: Any, window: MainWindow) -> None:
    window.show_page("settings")
    window.pages["settings"].setFocus()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search_box.hasFocus, timeout=WAIT_MS)
