"""导入花名册 / 导出 from the window: check, error report, import, cancel, export round trip."""

from __future__ import annotations

import csv
import hashlib
import json
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from gridapp.io.roster import import_roster
from gridapp.models.idnumber import make_id_number
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.ui.app import install_translators
from gridapp.ui.dialogs.import_export import ExportDialog, ImportDialog
from gridapp.ui.main_window import MainWindow
from tests import factories
from tests.fixtures.rosters import bad_checksum, sample, write_csv, write_xlsx

WAIT_MS = 10_000
TABLES = ("household", "person", "person_tag", "household_event", "outbox", "audit_log")


@pytest.fixture(autouse=True)
def chinese(qapp: Any) -> None:
    install_translators(qapp, "zh_CN")


@pytest.fixture
def window(store: Store, qtbot: Any) -> MainWindow:
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    idle(win, qtbot)
    return win


def idle(window: MainWindow, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy(), timeout=WAIT_MS)


def contents(store: Store) -> dict[str, tuple[int, str]]:
    """Row count and digest of every table an import writes (read while nothing runs)."""
    found = {}
    for name in TABLES:
        rows = store.conn.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall()
        found[name] = (len(rows), hashlib.sha256(json.dumps(rows).encode()).hexdigest())
    return found


def people(store: Store) -> set[tuple[str, str, str]]:
    """(household number, name, ID number) of every current person."""
    repo = HouseholdRepository(store)
    return {
        (household.household_no, m.name, m.id_number)
        for household, members in repo.iter_households()
        for m in members
        if m.status == "1"
    }


def bad_roster(tmp_path: Path) -> Path:
    rows = sample()
    rows[0]["公民身份号码"] = bad_checksum(str(rows[0]["公民身份号码"]))
    rows[2]["与户主关系"] = "火星人"
    return write_xlsx(tmp_path / "坏花名册.xlsx", rows)


def open_import(window: MainWindow, path: Path, qtbot: Any) -> ImportDialog:
    dialog = ImportDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.set_path(path)
    qtbot.waitUntil(lambda: dialog.state not in ("idle", "checking"), timeout=WAIT_MS)
    return dialog


def error_rows(dialog: ImportDialog) -> list[list[str]]:
    model = dialog.error_view.model()
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_bad_file_shows_every_problem_and_imports_nothing(
    window: MainWindow, store: Store, tmp_path: Path, qtbot: Any, qtmodeltester: Any
) -> None:
    before = contents(store)
    dialog = open_import(window, bad_roster(tmp_path), qtbot)
    assert dialog.state == "bad"
    qtmodeltester.check(dialog.errors)
    assert dialog.status.text().startswith("未导入任何数据：发现 2 处问题")
    assert dialog.error_view.isVisible() and dialog.save_button.isVisible()
    assert not dialog.import_button.isEnabled()
    headers = [dialog.errors.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["行号", "列", "值", "问题"]
    rows = error_rows(dialog)
    assert [r[:3] for r in rows] == [
        ["2", "公民身份号码", bad_checksum(str(sample()[0]["公民身份号码"]))],
        ["4", "与户主关系", "火星人"],
    ]
    assert "校验" in rows[0][3] and "火星人" in rows[1][3]
    idle(window, qtbot)
    assert contents(store) == before


def test_problem_list_is_saved_as_csv_and_xlsx(
    window: MainWindow, store: Store, tmp_path: Path, qtbot: Any
) -> None:
    dialog = open_import(window, bad_roster(tmp_path), qtbot)
    shown = error_rows(dialog)

    dialog.save_report(tmp_path / "问题.csv")
    qtbot.waitUntil(lambda: "已保存" in dialog.status.text(), timeout=WAIT_MS)
    with (tmp_path / "问题.csv").open(encoding="utf-8-sig", newline="") as handle:
        saved = list(csv.reader(handle))
    assert saved == [["行号", "列", "值", "问题"], *shown]

    dialog.save_report(tmp_path / "问题.xlsx")
    qtbot.waitUntil(lambda: "问题.xlsx" in dialog.status.text(), timeout=WAIT_MS)
    sheet = openpyxl.load_workbook(tmp_path / "问题.xlsx").active
    assert [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)] == [
        ["行号", "列", "值", "问题"],
        *shown,
    ]


def test_a_whole_file_problem_is_reported_without_a_row(
    window: MainWindow, store: Store, tmp_path: Path, qtbot: Any
) -> None:
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    dialog = open_import(window, path, qtbot)
    assert error_rows(dialog) == [["整个文件", "", "", "文件是空的：没有表头行。"]]


def test_clean_file_shows_the_summary_and_imports_on_confirm(
    window: MainWindow, store: Store, tmp_path: Path, qtbot: Any
) -> None:
    path = write_csv(tmp_path / "花名册.csv", sample())
    dialog = open_import(window, path, qtbot)
    assert dialog.state == "ready"
    assert f"可以导入 3 户、{len(sample())} 人" in dialog.status.text()
    assert not dialog.error_view.isVisible()
    assert HouseholdRepository(store).stats()["households"] == 0  # the check wrote nothing
    changed: list[Any] = []
    window.ctx.signals.data_changed.connect(changed.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=WAIT_MS)
    assert dialog.status.text() == f"已导入 3 户、{len(sample())} 人。"
    assert not dialog.import_button.isEnabled()
    idle(window, qtbot)
    assert HouseholdRepository(store).stats()["households"] == 3
    assert {name for _no, name, _id in people(store)} >= {"张建国", "李秀英", "张小明"}
    assert changed and changed[0].touches("household")
    page = window.pages["households"]
    window.show_page("households")
    qtbot.waitUntil(lambda: page.count_label.text() == "共 3 户", timeout=WAIT_MS)


def test_a_number_registered_meanwhile_is_caught_by_the_check(
    window: MainWindow, store: Store, tmp_path: Path, qtbot: Any
) -> None:
    rows = sample()
    bundle = factories.zhang_family()
    bundle.members[0].id_number = str(rows[1]["公民身份号码"])
    HouseholdRepository(store).create_household(bundle)
    dialog = open_import(window, write_csv(tmp_path / "花名册.csv", rows), qtbot)
    assert dialog.state == "bad"
    [row] = error_rows(dialog)
    assert row[:3] == ["3", "公民身份号码", rows[1]["公民身份号码"]]
    assert "已登记" in row[3] and "张三丰" in row[3]


def large_roster(tmp_path: Path, households: int) -> Path:
    rows = [
        {
            "户号": f"G{n:05d}",
            "姓名": "赵一",
            "公民身份号码": make_id_number("360423", date(1950, 1, 1) + timedelta(days=n), 11),
            "与户主关系": "户主",
            "地址": f"石泉村{n}号",
        }
        for n in range(households)
    ]
    return write_csv(tmp_path / "大花名册.csv", rows)


def test_cancel_in_the_progress_dialog_leaves_the_register_unchanged(
    window: MainWindow, store: Store, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_import(window, large_roster(tmp_path, 600), qtbot)
    assert dialog.state == "ready", error_rows(dialog)[:3]
    idle(window, qtbot)
    before = contents(store)

    # The import waits after writing its first chunk (inside its transaction) until the
    # progress dialog is on screen and the user has pressed its Cancel button.
    clicked = threading.Event()
    original = HouseholdRepository.insert_bundles

    def insert_then_wait(self: HouseholdRepository, capture: Any, bundles: Any) -> int:
        written = original(self, capture, bundles)
        assert clicked.wait(WAIT_MS / 1000)
        return written

    monkeypatch.setattr(HouseholdRepository, "insert_bundles", insert_then_wait)
    with qtbot.waitSignal(window.ctx.tasks.progress_shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    progress = window.ctx.tasks.progress_dialog
    assert isinstance(progress, QProgressDialog) and progress.isVisible()
    assert progress.labelText() == "正在导入花名册…"
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "取消"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    clicked.set()
    qtbot.waitUntil(lambda: dialog.status.text() == "已取消，未导入任何数据。", timeout=WAIT_MS)
    idle(window, qtbot)
    assert contents(store) == before
    assert dialog.import_button.isEnabled()  # the checked file can still be imported

    monkeypatch.setattr(HouseholdRepository, "insert_bundles", original)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=WAIT_MS)
    assert HouseholdRepository(store).stats()["households"] == 600


def open_export(window: MainWindow, qtbot: Any, **kw: Any) -> ExportDialog:
    dialog = ExportDialog(window.ctx, window, **kw)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_writes_a_file_that_imports_as_the_same_register(
    window: MainWindow, store: Store, tmp_path: Path, qtbot: Any, suffix: str
) -> None:
    from gridapp.demo.load import load_demo

    load_demo(store, 30, seed=2, today=date(2026, 11, 1))
    dialog = open_export(window, qtbot)
    assert dialog.all_button.isChecked() and not dialog.filter_button.isEnabled()
    target = tmp_path / "导出" / f"花名册{suffix}"
    target.parent.mkdir()
    dialog.set_path(target.with_suffix(""))  # typed without a suffix: .xlsx is added
    if suffix == ".csv":
        dialog.set_path(target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=WAIT_MS)
    assert target.exists()
    assert dialog.status.text().startswith("已导出 30 户、")
    assert str(target) in dialog.status.text()
    assert dialog.open_folder_button.isVisible()

    with Store.open(tmp_path / "other", create=True) as other:
        report = import_roster(other, target)
        assert report.ok, report.errors[:3]
        assert people(other) == people(store)


def test_export_of_the_current_filter(
    window: MainWindow, store: Store, tmp_path: Path, qtbot: Any
) -> None:
    from gridapp.store.household_list import HouseholdFilter

    repo = HouseholdRepository(store)
    repo.create_household(factories.zhang_family("360000001"))
    repo.create_household(
        factories.household(
            "360000002", "沙田1号", [factories.person("李四海", "02", date(1975, 3, 3), True)]
        )
    )
    dialog = open_export(
        window, qtbot, current_filter=HouseholdFilter(text="三丰"), filtered_count=1
    )
    assert dialog.filter_button.isChecked() and dialog.filter_button.text().endswith("（1 户）")
    dialog.set_path(tmp_path / "筛选.csv")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=WAIT_MS)
    with (tmp_path / "筛选.csv").open(encoding="utf-8-sig", newline="") as handle:
        names = [row[1] for row in csv.reader(handle)][1:]
    assert sorted(names) == sorted(["张三丰", "王芳", "张小明"])


def test_cancelled_export_writes_no_file(
    window: MainWindow, store: Store, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridapp.demo.load import load_demo
    from gridapp.io import export

    load_demo(store, 120, seed=2, today=date(2026, 11, 1))  # over 256 persons
    clicked = threading.Event()
    original = export._Rows.row

    def row_then_wait(self: Any, household: Any, person: Any) -> list[str]:
        assert clicked.wait(WAIT_MS / 1000)
        return original(self, household, person)

    monkeypatch.setattr(export._Rows, "row", row_then_wait)
    dialog = open_export(window, qtbot)
    folder = tmp_path / "export"
    folder.mkdir()
    dialog.set_path(folder / "不要.xlsx")
    with qtbot.waitSignal(window.ctx.tasks.progress_shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    progress = window.ctx.tasks.progress_dialog
    assert progress is not None
    cancel = progress.findChild(QPushButton)
    assert cancel is not None
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    clicked.set()
    qtbot.waitUntil(lambda: dialog.state == "cancelled", timeout=WAIT_MS)
    assert dialog.status.text() == "已取消，没有写出文件。"
    assert list(folder.iterdir()) == []  # neither the file nor its temporary twin
