"""The window's backups: the day's backup after a sound start-up check, and the guided
recovery from the newest good backup when the check fails."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from gridapp.models.petition_flow import GRID_WORKER, SECRETARY
from gridapp.store import backups as bk
from gridapp.store import restore as rs
from gridapp.store.connection import DB_FILE, connect
from gridapp.store.db import Store
from gridapp.store.errors import WrongKeyError
from gridapp.store.households import HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.ui import backup_recovery, startup_recovery
from gridapp.ui.app import install_translators, start
from gridapp.ui.backup_panel import BackupPanel
from gridapp.ui.backup_recovery import RecoveryDialog
from gridapp.ui.main_window import MainWindow
from tests import factories
from tests.test_backups import damage, everything, same_but_the_restore
from tests.test_store_files import damage_a_data_page, filled

WAIT_MS = 20_000


def chinese() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "zh_CN")


def open_window(qtbot: Any, data_dir: Path) -> MainWindow:
    chinese()
    window = MainWindow(Store.open(data_dir, check=False))
    qtbot.addWidget(window)
    window.show()
    window.check_integrity()
    qtbot.waitUntil(lambda: window.integrity is not None, timeout=WAIT_MS)
    return window


def test_a_sound_start_makes_the_days_backup_once(qtbot: Any, data_dir: Path) -> None:
    filled(data_dir)
    window = open_window(qtbot, data_dir)
    assert window.integrity == []
    qtbot.waitUntil(lambda: window.backups.last is not None, timeout=WAIT_MS)
    [made] = list((data_dir / "backups").glob("gridapp-*.db"))
    assert made == window.backups.last.path  # type: ignore[union-attr]
    verdict = rs.check_backup(made, window.store.key.key)
    assert verdict is not None and verdict.ok
    [row] = window.store.query("SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert row["action"] == "backup" and json.loads(row["detail"])["automatic"] is True
    window.backups.run_if_due()  # the hourly look: today's backup exists, nothing more
    assert not window.backups.running
    assert len(list((data_dir / "backups").glob("gridapp-*.db"))) == 1
    window.close()
    window.store.close()


def test_an_unplugged_backup_folder_is_said_calmly(
    qtbot: Any, data_dir: Path, tmp_path: Path
) -> None:
    filled(data_dir)
    bk.save_settings(data_dir, bk.BackupSettings(folder=str(tmp_path / "usb")))
    window = open_window(qtbot, data_dir)
    qtbot.waitUntil(lambda: window.backups.last is not None, timeout=WAIT_MS)
    message = window.statusBar().currentMessage()
    assert "U盘" in message and str(tmp_path / "usb") in message
    assert window.backups.last.path.exists()  # type: ignore[union-attr]
    assert window.findChild(QMessageBox) is None  # no dialog in front of the worker
    window.close()
    window.store.close()


def test_the_guided_recovery_restores_the_newest_good_backup(qtbot: Any, data_dir: Path) -> None:
    filled(data_dir)
    with Store.open(data_dir) as store:
        rows = everything(store)
        good = bk.make_backup(store).path
        HouseholdRepository(store).create_household(factories.zhang_family("360000081"))
        newest = bk.make_backup(store, data_dir / "backups" / "gridapp-29991231-000000.db").path
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(newest)
    damage_a_data_page(data_dir)
    window = open_window(qtbot, data_dir)
    assert window.integrity
    box = window.findChild(QMessageBox, "integrityMessage")
    assert box is not None and box.isVisible()
    button = box.findChild(QPushButton, "recoverButton")
    assert button is not None and "备份" in button.text()
    button.click()
    dialog = window.findChild(RecoveryDialog)
    assert dialog is not None and dialog.isVisible()
    assert "损坏" in dialog.intro.text()
    # Both backups are listed, newest first, with date and size; the damaged one fails its
    # check and the one before is chosen.
    table = dialog.table
    assert table.rowCount() == 2
    assert table.item(0, 3).text() == str(newest)
    assert table.item(0, 0).text() == "2999-12-31 00:00"
    assert table.item(1, 1).text().endswith(("KB", "MB"))
    qtbot.waitUntil(lambda: dialog.chosen() == good, timeout=WAIT_MS)
    assert table.item(0, 2).text() == "未通过" and table.item(1, 2).text() == "通过"
    assert dialog.restore_button.isEnabled()
    table.selectRow(0)
    assert not dialog.restore_button.isEnabled()  # a failed backup cannot be restored
    table.selectRow(1)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.restored is not None, timeout=WAIT_MS)
    new_window = dialog.new_window
    qtbot.addWidget(new_window)
    assert isinstance(new_window, MainWindow) and new_window.isVisible()
    assert not window.isVisible()
    qtbot.waitUntil(lambda: new_window.integrity is not None, timeout=WAIT_MS)
    assert new_window.integrity == []
    same_but_the_restore(everything(new_window.store), rows)
    restored = dialog.restored
    assert restored is not None and restored.set_aside is not None
    assert restored.later_changes > 0  # the family typed after the backup …
    message = dialog.restored_box.text()
    assert "另存" in message and str(restored.later_changes) in message
    # … is in the damaged file kept aside, which still fails its check.
    verdict = rs.check_backup(restored.set_aside, new_window.store.key.key)
    assert verdict is not None and not verdict.ok
    dialog.restored_box.accept()
    new_window.close()
    new_window.store.close()
    backup_recovery._WINDOWS.clear()


def test_without_backups_the_dialog_says_whom_to_call(qtbot: Any, data_dir: Path) -> None:
    filled(data_dir)
    damage_a_data_page(data_dir)
    window = open_window(qtbot, data_dir)
    dialog = RecoveryDialog(window, window.integrity or [])
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert "没有备份" in dialog.status.text() and "信息化" in dialog.status.text()
    assert not dialog.restore_button.isEnabled()
    dialog.reject()
    window.close()
    window.store.close()


def test_the_settings_panel_chooses_a_folder_and_backs_up_now(
    qtbot: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(data_dir)
    usb = tmp_path / "usb"
    usb.mkdir()
    chinese()
    window = MainWindow(Store.open(data_dir))
    qtbot.addWidget(window)
    window.show()
    window.show_page("settings")
    panel = window.findChild(BackupPanel)
    assert panel is not None and panel.isVisible()
    assert panel.newest.text() == "还没有"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    panel.choose_button.click()
    qtbot.waitUntil(lambda: panel.folder.text() == str(usb), timeout=WAIT_MS)
    assert bk.load_settings(data_dir).folder == str(usb)
    panel.backup_button.click()
    qtbot.waitUntil(lambda: "备份已写入" in panel.status.text(), timeout=WAIT_MS)
    [copy] = list(usb.glob("GridApp-*/gridapp-*.db"))
    assert str(copy) in panel.status.text()
    made = datetime.strptime(copy.name[8:23], "%Y%m%d-%H%M%S")
    assert panel.newest.text().startswith(f"{made:%Y-%m-%d %H:%M}")
    # A grid worker may neither back up nor move the backups elsewhere.
    PetitionRepository(window.store).set_role(GRID_WORKER)
    panel.backup_button.click()
    qtbot.waitUntil(lambda: "无权" in panel.status.text(), timeout=WAIT_MS)
    panel.clear_button.click()
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=WAIT_MS)
    assert "无权" in panel.status.text()
    assert bk.load_settings(data_dir).folder == str(usb)
    assert len(list(usb.glob("GridApp-*/gridapp-*.db"))) == 1
    window.close()
    window.store.close()


def test_the_start_up_check_finds_damage_only_the_page_hmacs_show(
    qtbot: Any, data_dir: Path
) -> None:
    """A damaged page on the free list: SQLite's own checks (quick and full) never read it,
    SQLCipher's cipher_integrity_check finds its HMAC wrong; the window says so."""
    filled(data_dir)
    with Store.open(data_dir) as store:
        store.conn.execute("CREATE TABLE junk (x)")
        store.conn.execute(
            "INSERT INTO junk WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c"
            " WHERE i < 50) SELECT randomblob(3000) FROM c"
        )
        store.conn.execute("DROP TABLE junk")  # its pages, the file's last, are now free
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        key = store.key.key
    damage_a_data_page(data_dir)
    conn = connect(data_dir / DB_FILE, key)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    window = open_window(qtbot, data_dir)
    assert window.integrity and "HMAC" in window.integrity[0]
    assert window.integrity_label.isVisible()
    assert window.findChild(QMessageBox, "integrityMessage") is not None
    window.close()
    window.store.close()


def damage_the_first_page(data_dir: Path) -> None:
    with (data_dir / DB_FILE).open("r+b") as f:
        f.seek(1000)
        f.write(b"\x00" * 64)


def test_a_file_too_damaged_to_open_is_restored_before_the_window(
    qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged first page reads as "the key is wrong"; the same key opens the backup, so
    the file is damaged: start-up offers the newest good backup and opens the window on it."""
    filled(data_dir)
    with Store.open(data_dir) as store:
        rows = everything(store)
        bk.make_backup(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage_the_first_page(data_dir)
    with pytest.raises(WrongKeyError):
        Store.open(data_dir, check=False)
    chinese()
    asked: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(startup_recovery, "_confirm", lambda text: asked.append(text) or True)
    monkeypatch.setattr(startup_recovery, "_tell", told.append)
    window = start(data_dir)
    assert window is not None
    qtbot.addWidget(window)
    assert "损坏" in asked[0] and "KB" in asked[0] and "解密" in asked[0]
    assert "已从备份" in told[0] and "before-restore-" in told[0]
    qtbot.waitUntil(lambda: window.integrity is not None, timeout=WAIT_MS)
    assert window.integrity == []
    same_but_the_restore(everything(window.store), rows)
    window.close()
    window.store.close()


def test_no_backup_no_offer(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a backup the key opens, "the key is wrong" stands as it was."""
    filled(data_dir)
    damage_the_first_page(data_dir)
    chinese()
    monkeypatch.setattr(startup_recovery, "_confirm", lambda text: pytest.fail(text))
    error = WrongKeyError()
    assert not startup_recovery.recover_unopened(data_dir, error, lambda _c: None)
    assert not list(data_dir.glob("backups/before-restore-*"))


def test_settings_restores_an_earlier_backup_or_one_from_another_drive(
    qtbot: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sound database: 设置 → 从备份恢复… puts back an earlier state, here a backup file from
    another drive; a grid worker is refused in the dialog and nothing changes."""
    filled(data_dir)
    with Store.open(data_dir) as store:
        rows = everything(store)
        elsewhere = bk.make_backup(store, tmp_path / "drive" / "十一月.db").path
        bk.make_backup(store)
        HouseholdRepository(store).create_household(factories.zhang_family("360000093"))
    chinese()
    window = MainWindow(Store.open(data_dir))
    qtbot.addWidget(window)
    window.show()
    window.show_page("settings")
    panel = window.findChild(BackupPanel)
    assert panel is not None
    panel.restore_button.click()
    dialog = window.findChild(RecoveryDialog)
    assert dialog is not None and dialog.isVisible()
    assert "损坏" not in dialog.intro.text() and "另存" in dialog.intro.text()
    assert dialog.table.rowCount() == 1
    qtbot.waitUntil(lambda: dialog.chosen() is not None, timeout=WAIT_MS)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(elsewhere), ""))
    dialog.other_button.click()
    qtbot.waitUntil(lambda: dialog.chosen() == elsewhere, timeout=WAIT_MS)
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 3).text() == str(elsewhere)
    assert dialog.table.item(0, 2).text() == "通过"
    PetitionRepository(window.store).set_role(GRID_WORKER)
    dialog.restore_button.click()
    assert "无权" in dialog.status.text()
    assert window.isVisible() and dialog.restored is None
    PetitionRepository(window.store).set_role(SECRETARY)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.restored is not None, timeout=WAIT_MS)
    new_window = dialog.new_window
    qtbot.addWidget(new_window)
    assert isinstance(new_window, MainWindow)
    restored = dialog.restored
    assert restored is not None and restored.later_changes > 0
    same_but_the_restore(everything(new_window.store), rows)
    dialog.restored_box.accept()
    qtbot.waitUntil(lambda: new_window.integrity is not None, timeout=WAIT_MS)
    new_window.close()
    new_window.store.close()
    backup_recovery._WINDOWS.clear()
