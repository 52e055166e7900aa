"""The window syncs in the background (gridapp/ui/sync_controller.py) and the 同步 page
(gridapp/ui/pages/sync.py), against a real county server: ``create_app`` over a SQLite
county, served by a real uvicorn on 127.0.0.1 in a thread, which the tests stop and start
again. Edits go through the window's own worker and ``data_changed``, as every dialog's save
does; the network never delays them."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import uvicorn
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from gridapp.server import core, schema
from gridapp.server.app import create_app
from gridapp.server.schema import make_engine
from gridapp.store.db import Changes, Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.sync_log import record_round, rounds
from gridapp.store.sync_state import pending_count
from gridapp.ui.app import apply_font_percent, install_font, install_translators
from gridapp.ui.main_window import MainWindow
from gridapp.ui.pages.sync import SyncPage
from gridapp.ui.sync_controller import ERROR, OFFLINE, ONLINE, STOPPED
from tests import factories

COUNTY = "360423"
TOWN = "360423100"
WAIT = 20_000
DOCS_IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """The county server on a real uvicorn at 127.0.0.1:port; stop() and start() again."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    def start(self, **options: Any) -> None:
        config = uvicorn.Config(
            create_app(self.engine, **options),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            assert self.thread.is_alive(), "uvicorn stopped at once"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            self.thread.join(timeout=20)
            self.server = self.thread = None


@pytest.fixture
def county(tmp_path: Path) -> Iterator[LiveServer]:
    engine = make_engine(f"sqlite:///{tmp_path / 'county.db'}")
    core.init(
        engine,
        COUNTY,
        "武宁县",
        [
            core.PlaceRow(TOWN, "宋溪镇", "township", COUNTY),
            core.PlaceRow(factories.VILLAGE, "石泉村", "village", TOWN),
        ],
    )
    live = LiveServer(engine)
    live.start()
    yield live
    live.stop()
    engine.dispose()


@pytest.fixture
def window(qtbot: Any, qapp: QApplication, store: Store) -> Iterator[MainWindow]:
    install_font(qapp)
    install_translators(qapp, "zh_CN")
    win = MainWindow(store)
    qtbot.addWidget(win)
    # Short delays: the behaviour is the same, the test does not wait 5 seconds per edit.
    win.sync.debounce_ms = 200
    win.show()
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=WAIT)
    yield win
    win.close()


def sync_page(win: MainWindow) -> SyncPage:
    page = win.pages["sync"]
    assert isinstance(page, SyncPage)
    return page


def edit(win: MainWindow, qtbot: Any, write: Callable[[Store], Changes]) -> None:
    """Save an edit the way a dialog does: on the window's worker, then ``data_changed``."""
    done: list[Changes] = []

    def run(_task: object) -> Changes:
        return write(win.store)

    def saved(changes: Changes) -> None:
        done.append(changes)
        win.signals.data_changed.emit(changes)

    win.tasks.submit(run, on_done=saved)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)


def new_household(store: Store) -> Changes:
    return HouseholdRepository(store).create_household(factories.zhang_family())


def new_phone(store: Store) -> Changes:
    head = store.query("SELECT id FROM person WHERE name = '张三丰'")[0]["id"]
    return HouseholdRepository(store).update_person(head, {"phone": "13900000002"})


def server_names(county: LiveServer) -> list[str]:
    with county.engine.connect() as conn:
        rows = conn.execute(
            sa.select(schema.record.c.data).where(schema.record.c.tbl == "person")
        ).fetchall()
    return sorted(str(r[0].get("name", "")) for r in rows)


def enrol_from_page(win: MainWindow, qtbot: Any, county: LiveServer) -> None:
    page = sync_page(win)
    win.show_page("sync")
    assert page.enrol_box.isVisible() and not page.status_box.isVisible()
    code = core.create_enrolment(county.engine, [factories.VILLAGE], "worker")
    qtbot.keyClicks(page.server_edit, county.url)
    qtbot.keyClicks(page.code_edit, code)
    qtbot.mouseClick(page.enrol_button, qtbot_left())
    qtbot.waitUntil(lambda: win.sync.state == ONLINE, timeout=WAIT)
    qtbot.waitUntil(lambda: page.status_box.isVisible(), timeout=WAIT)


def qtbot_left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_enrol_from_the_page_then_edits_reach_the_server_by_themselves(
    window: MainWindow, qtbot: Any, county: LiveServer
) -> None:
    page = sync_page(window)
    assert window.online_label.text() == "○ 离线（未设置同步服务器）"
    # A wrong code: told in words under the form, nothing enrolled.
    window.show_page("sync")
    qtbot.keyClicks(page.server_edit, county.url)
    qtbot.keyClicks(page.code_edit, "WRONG-CODE")
    qtbot.mouseClick(page.enrol_button, qtbot_left())
    qtbot.waitUntil(lambda: "不认识这个注册码" in page.enrol_message.text(), timeout=WAIT)
    assert not window.sync.enrolled()
    page.server_edit.clear()
    page.code_edit.clear()

    enrol_from_page(window, qtbot, county)
    assert page.fields["server"].text() == county.url
    qtbot.waitUntil(lambda: "石泉村" in page.fields["scope"].text(), timeout=WAIT)
    assert window.online_label.text() == "● 在线"

    before = window.sync.rounds_started
    edit(window, qtbot, new_household)
    # Nobody presses anything: the change goes to the server a moment later.
    qtbot.waitUntil(lambda: pending_count(window.store) == 0, timeout=WAIT)
    assert window.sync.rounds_started > before
    assert "张三丰" in server_names(county)
    qtbot.waitUntil(lambda: page.rounds_table.rowCount() >= 2, timeout=WAIT)
    assert page.rounds_table.item(0, 6).text() == "完成"
    qtbot.waitUntil(lambda: window.pending_label.text() == "待同步 0 条", timeout=WAIT)


def test_offline_edits_save_at_once_and_go_when_the_server_is_back(
    window: MainWindow, qtbot: Any, county: LiveServer
) -> None:
    enrol_from_page(window, qtbot, county)
    page = sync_page(window)
    county.stop()

    edit(window, qtbot, new_household)  # saved although the server is gone
    waiting = pending_count(window.store)
    assert waiting > 0
    assert window.store.query("SELECT name FROM person WHERE name = '张三丰'")
    qtbot.waitUntil(lambda: window.sync.state == OFFLINE, timeout=WAIT)
    assert window.online_label.text() == "○ 离线"
    qtbot.waitUntil(lambda: window.pending_label.text() == f"待同步 {waiting} 条", timeout=WAIT)
    assert f"{waiting}" in page.fields["pending"].text()
    assert "县级服务器" in page.state_message.text()
    assert window.sync.automatic()  # a probe is scheduled

    county.start()
    qtbot.mouseClick(page.sync_button, qtbot_left())  # 立即同步
    qtbot.waitUntil(lambda: pending_count(window.store) == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: window.sync.state == ONLINE, timeout=WAIT)
    assert "张三丰" in server_names(county)
    results = [entry["result"] for entry in rounds(window.store)]
    assert results[0] == "ok" and "offline" in results


def test_a_revoked_pc_is_told_stops_trying_and_keeps_its_edits(
    window: MainWindow, qtbot: Any, county: LiveServer
) -> None:
    enrol_from_page(window, qtbot, county)
    page = sync_page(window)
    core.revoke(county.engine, window.store.device_id)

    edit(window, qtbot, new_household)
    waiting = pending_count(window.store)
    qtbot.waitUntil(lambda: window.sync.state == STOPPED, timeout=WAIT)
    assert "吊销" in page.state_message.text()
    assert window.online_label.text() == "⚠ 同步已停止"
    assert not window.sync.automatic()  # no probe, no round scheduled
    started = window.sync.rounds_started
    edit(window, qtbot, new_phone)
    qtbot.wait(window.sync.debounce_ms * 3)
    assert window.sync.rounds_started == started  # a new edit starts no round
    assert not window.sync.automatic()
    assert pending_count(window.store) > waiting  # every edit kept and waiting
    # A revoked PC cannot enrol again by itself: no form, the county decides.
    assert not page.enrol_box.isVisible()
    assert window.sync.stop_reason == "revoked"


def test_closing_the_window_leaves_no_sync_thread(
    qtbot: Any, qapp: QApplication, store: Store, county: LiveServer
) -> None:
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    code = core.create_enrolment(county.engine, [factories.VILLAGE], "worker")
    win.sync.enrol(county.url, code)
    qtbot.waitUntil(lambda: win.sync.state == ONLINE, timeout=WAIT)
    win.sync.sync_now()
    win.close()
    assert not [t for t in threading.enumerate() if t.name == "gridapp-sync" and t.is_alive()]
    assert not win.sync.busy()


def test_a_second_connection_sees_the_windows_writes(store: Store) -> None:
    other = store.beside()
    try:
        assert other.device_id == store.device_id
        new_household(store)
        assert pending_count(other) == pending_count(store) > 0
    finally:
        other.close()


def visible_texts(page: QWidget) -> list[tuple[QWidget, str]]:
    """Every text a person sees on the page (labels, buttons, tab titles, table headers)."""
    texts: list[tuple[QWidget, str]] = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page):
            continue
        if isinstance(widget, QLabel | QPushButton) and widget.text():
            texts.append((widget, widget.text()))
        elif isinstance(widget, QTabWidget):
            texts += [(widget, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                texts.append((widget, header.text() if header else ""))
    return texts


@pytest.mark.parametrize("percent", [100, 150])
def test_the_page_is_chinese_and_nothing_is_clipped(
    window: MainWindow, qtbot: Any, qapp: QApplication, county: LiveServer, percent: int
) -> None:
    enrol_from_page(window, qtbot, county)
    edit(window, qtbot, new_household)
    qtbot.waitUntil(lambda: pending_count(window.store) == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: not window.sync.busy() and window.sync.state == ONLINE, timeout=WAIT)
    county.stop()
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.sync.state == OFFLINE, timeout=WAIT)
    county.start()
    window.sync.sync_now()
    qtbot.waitUntil(lambda: window.sync.state == ONLINE, timeout=WAIT)
    page = sync_page(window)
    try:
        apply_font_percent(qapp, percent)
        window.signals.appearance_changed.emit()
        window.resize(1280, 800)
        window.show_page("sync")
        logged = len(rounds(window.store))
        assert logged == 4  # enrolment, the edit, server not reached, back again
        qtbot.waitUntil(lambda: page.rounds_table.rowCount() == logged, timeout=WAIT)
        qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT)
        qtbot.wait(50)
        english = re.compile(r"[A-Za-z]{3,}")
        own = {county.url, page.fields["device"].text(), page.fields["server"].text()}
        foreign = [
            text
            for widget, text in visible_texts(page)
            if english.search(text) and text not in own and not text.startswith("http")
        ]
        assert foreign == []
        for widget in page.findChildren(QLabel) + page.findChildren(QPushButton):
            if widget.isVisibleTo(page) and not getattr(widget, "wordWrap", lambda: True)():
                assert widget.width() >= widget.minimumSizeHint().width(), widget.text()
        assert page.rounds_table.item(0, 6).text() == "完成"
        assert "未连上服务器" in [
            page.rounds_table.item(row, 6).text() for row in range(page.rounds_table.rowCount())
        ]
        picture = window.grab()
        assert picture.save(str(Path(window.store.data_dir) / f"sync-{percent}.png"), "PNG")
        out = os.environ.get("GRIDAPP_DOCS_IMAGES")
        if out:  # regenerate the user guide's picture: GRIDAPP_DOCS_IMAGES=docs/images
            picture.save(str(Path(out) / f"page-sync-enrolled-{percent}.png"), "PNG")
    finally:
        apply_font_percent(qapp, 100)


def amend_event(store: Store) -> Changes:
    """An edit of a household's change record: the server keeps those append-only and
    refuses it (``append_only``) — a refused record the page must show with its reason."""
    event = store.query("SELECT id, version, area_code FROM household_event LIMIT 1")[0]
    with store.write("amend event") as capture:
        capture.updated(
            "household_event",
            event["id"],
            event["version"],
            event["area_code"],
            {"detail": ("", "改过")},
        )
    return capture.changes


def test_a_refused_edit_is_listed_with_its_reason_and_blocks_nothing(
    window: MainWindow, qtbot: Any, county: LiveServer
) -> None:
    enrol_from_page(window, qtbot, county)
    edit(window, qtbot, new_household)
    qtbot.waitUntil(lambda: pending_count(window.store) == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: not window.sync.busy() and window.sync.state == ONLINE, timeout=WAIT)

    edit(window, qtbot, amend_event)
    edit(window, qtbot, new_phone)
    page = sync_page(window)
    qtbot.waitUntil(lambda: page.rejected_table.rowCount() == 1, timeout=WAIT)
    assert page.rejected_table.item(0, 1).text().startswith("户变动")
    assert page.rejected_table.item(0, 3).text() == "这种记录保存后不能再修改"
    assert page.tabs.tabText(1) == "被拒绝 (1)"
    # The edit after it went through.
    with county.engine.connect() as conn:
        phones = [
            r[0].get("phone")
            for r in conn.execute(
                sa.select(schema.record.c.data).where(schema.record.c.tbl == "person")
            )
        ]
    assert "13900000002" in phones
    assert window.sync.state == ONLINE


def test_the_status_bar_warns_when_the_clock_is_far_off_the_servers(
    window: MainWindow, qtbot: Any
) -> None:
    # What the last round's hello said (the server computes the offset; here it is recorded
    # as a round would, the PC's clock cannot be moved in a test).
    record_round(window.store, {"result": "ok", "clock_offset_ms": 12 * 60_000})
    window.refresh_shell()
    qtbot.waitUntil(lambda: window.clock_label.isVisible(), timeout=WAIT)
    assert "12 分钟" in window.clock_label.text()
    record_round(window.store, {"result": "ok", "clock_offset_ms": 30_000})
    window.refresh_shell()
    qtbot.waitUntil(lambda: not window.clock_label.isVisible(), timeout=WAIT)


def answer_passphrase(qtbot: Any, text: str) -> None:
    """Type ``text`` into the passphrase question as soon as it appears."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(50, fill)
            return
        dialog.setTextValue(text)
        dialog.accept()

    QTimer.singleShot(50, fill)


def test_without_a_keyring_the_passphrase_is_asked_for(
    qtbot: Any,
    qapp: QApplication,
    store: Store,
    county: LiveServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.conftest import PASSPHRASE

    monkeypatch.delenv("GRIDAPP_PASSPHRASE")  # no keyring and nobody set it: ask
    install_translators(qapp, "zh_CN")
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    page = sync_page(win)
    win.show_page("sync")
    qtbot.keyClicks(page.server_edit, county.url)
    qtbot.keyClicks(page.code_edit, core.create_enrolment(county.engine, [factories.VILLAGE]))
    answer_passphrase(qtbot, PASSPHRASE)
    qtbot.mouseClick(page.enrol_button, qtbot_left())
    qtbot.waitUntil(lambda: win.sync.state == ONLINE, timeout=WAIT)
    win.close()

    # The next start: the secret is locked until 立即同步 is given the passphrase.
    again = MainWindow(store)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.sync.state == STOPPED, timeout=WAIT)
    assert again.sync.stop_reason == "passphrase"
    assert "立即同步" in sync_page(again).state_message.text()
    edit(again, qtbot, new_household)  # saved all the same
    page = sync_page(again)
    answer_passphrase(qtbot, PASSPHRASE)
    qtbot.mouseClick(page.sync_button, qtbot_left())
    qtbot.waitUntil(lambda: pending_count(again.store) == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: again.sync.state == ONLINE, timeout=WAIT)
    again.close()


def test_an_edit_on_another_pc_arrives_and_the_pages_showing_it_reload(
    window: MainWindow, qtbot: Any, county: LiveServer, tmp_path: Path
) -> None:
    from gridapp.sync.client import enroll, sync_once
    from gridapp.sync.credentials import CredentialStore
    from tests.fakes import MemoryKeyring

    enrol_from_page(window, qtbot, county)
    edit(window, qtbot, new_household)
    qtbot.waitUntil(lambda: pending_count(window.store) == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: not window.sync.busy() and window.sync.state == ONLINE, timeout=WAIT)

    keyring = MemoryKeyring()
    with Store.open(tmp_path / "other", create=True, keyring_backend=keyring) as other:
        creds = CredentialStore(tmp_path / "other", keyring_backend=keyring)
        code = core.create_enrolment(county.engine, [factories.VILLAGE], "worker")
        enroll(other, county.url, code, credentials=creds)
        sync_once(other, credentials=creds)
        new_phone(other)
        assert sync_once(other, credentials=creds).applied == 1

    seen: list[object] = []
    window.signals.data_changed.connect(seen.append)
    before = window.sync.rounds_started
    qtbot.mouseClick(sync_page(window).sync_button, qtbot_left())
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
    assert window.sync.rounds_started == before + 1  # its own signal started no round
    [changes] = seen
    assert isinstance(changes, Changes) and changes.touches("person")
    assert window.store.query("SELECT phone FROM person WHERE name = '张三丰'") == [
        {"phone": "13900000002"}
    ]
    qtbot.wait(window.sync.debounce_ms * 3)
    assert window.sync.rounds_started == before + 1


def test_a_program_too_old_for_the_server_stops_and_says_which_version(
    window: MainWindow, qtbot: Any, county: LiveServer
) -> None:
    enrol_from_page(window, qtbot, county)
    county.stop()
    county.start(min_app_version="999.0")  # the county upgraded its server
    edit(window, qtbot, new_household)
    qtbot.waitUntil(lambda: window.sync.state == STOPPED, timeout=WAIT)
    assert "999.0" in sync_page(window).state_message.text()
    assert "升级" in window.online_label.toolTip()
    assert not window.sync.automatic()
    assert pending_count(window.store) > 0
    assert not sync_page(window).enrol_box.isVisible()  # enrolling again would not help


def test_a_long_local_write_makes_the_round_wait_and_retry_not_fail(
    window: MainWindow, qtbot: Any, county: LiveServer
) -> None:
    """An import holds the database for longer than the busy timeout (10 s): the round
    gives up calmly, says so in Chinese, and the next one after the back-off succeeds."""
    enrol_from_page(window, qtbot, county)
    qtbot.waitUntil(lambda: not window.sync.busy(), timeout=WAIT)
    window.store.conn.execute("BEGIN IMMEDIATE")  # what a long import's transaction does
    try:
        window.sync.sync_now()
        qtbot.waitUntil(lambda: window.sync.state == ERROR, timeout=30_000)
        assert "导入" in window.online_label.toolTip()
        assert window.sync.automatic()  # it will try again
    finally:
        window.store.conn.execute("COMMIT")
    qtbot.waitUntil(lambda: window.sync.state == ONLINE, timeout=WAIT)


def test_a_lost_device_secret_is_mended_by_enrolling_again(
    qtbot: Any, qapp: QApplication, store: Store, county: LiveServer
) -> None:
    import json

    install_translators(qapp, "zh_CN")
    first = MainWindow(store)
    qtbot.addWidget(first)
    first.show()
    enrol_from_page(first, qtbot, county)
    first.close()
    device_file = store.data_dir / "device.json"
    record = json.loads(device_file.read_text("utf-8"))
    record.pop("secret")  # the wrapped secret is gone (a restored folder, a lost keyring)
    device_file.write_text(json.dumps(record), "utf-8")

    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.sync.state == STOPPED, timeout=WAIT)
    assert win.sync.stop_reason == "credentials"
    edit(win, qtbot, new_household)
    page = sync_page(win)
    win.show_page("sync")
    assert page.enrol_box.isVisible()
    code = core.create_enrolment(county.engine, [factories.VILLAGE], "worker")
    qtbot.keyClicks(page.server_edit, county.url)
    qtbot.keyClicks(page.code_edit, code)
    qtbot.mouseClick(page.enrol_button, qtbot_left())
    qtbot.waitUntil(lambda: pending_count(win.store) == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: win.sync.state == ONLINE, timeout=WAIT)
    assert "张三丰" in server_names(county)
    assert not page.enrol_box.isVisible()
    win.close()


def test_the_rounds_table_says_when_the_audit_log_was_refused(
    window: MainWindow, qtbot: Any
) -> None:
    # A round whose rows went through but whose audit chain the server refused at entry 7
    # (what sync_once reports as audit_error), as the controller logs it.
    record_round(window.store, {"result": "ok", "pushed": 3, "applied": 3, "audit_error": "7"})
    page = sync_page(window)
    page.reload()
    qtbot.waitUntil(lambda: page.rounds_table.rowCount() == 1, timeout=WAIT)
    item = page.rounds_table.item(0, 6)
    assert item.text() == "完成，但操作日志被拒收"
    assert "7" in item.toolTip() and "操作日志" in item.toolTip()
