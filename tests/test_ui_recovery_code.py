"""The recovery code (恢复码) in the window, over a real SQLCipher store: the sheet offered
right after a new register is made, a new sheet from 设置 → 备份, and a register whose
passphrase was forgotten opened again at start-up with the code from the sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from gridapp.reports.recovery_sheet import write_recovery_sheet
from gridapp.store import keys, recovery
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.ui import app as ui_app
from gridapp.ui.app import install_translators
from gridapp.ui.main_window import MainWindow
from gridapp.ui.recovery_code import offer_setup_sheet
from tests import factories
from tests.test_recovery import sheet_code
from tests.test_ui_shell import open_window


@pytest.fixture(autouse=True)
def chinese(qapp: Any) -> None:
    install_translators(qapp, "zh_CN")


class Answers:
    """Scripted answers to the message boxes and file dialogs the flow asks."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, sheet: Path) -> None:
        self.questions: list[str] = []
        self.informations: list[str] = []
        self.replies: list[QMessageBox.StandardButton] = []
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "information", self._information)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(sheet), ""))

    def _question(self, _parent: Any, _title: str, text: str, *args: Any) -> Any:
        self.questions.append(text)
        return self.replies.pop(0) if self.replies else QMessageBox.StandardButton.Yes

    def _information(self, _parent: Any, _title: str, text: str, *args: Any) -> Any:
        self.informations.append(text)
        return QMessageBox.StandardButton.Ok


def test_a_new_register_offers_its_sheet_with_the_code_made_with_it(
    store: Store, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "恢复码.pdf"
    answers = Answers(monkeypatch, sheet)
    window = open_window(qtbot, store)
    code = store.key.recovery_code
    assert code  # made with the new database, held in memory only
    assert offer_setup_sheet(window.tasks, store, window)
    qtbot.waitUntil(lambda: bool(answers.informations), timeout=30_000)
    assert sheet_code(sheet) == code
    assert "保险柜" in answers.informations[0] or "信封" in answers.informations[0]


def test_declining_the_sheet_needs_a_second_answer(
    store: Store, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "never.pdf"
    answers = Answers(monkeypatch, sheet)
    answers.replies = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    window = open_window(qtbot, store)
    assert not offer_setup_sheet(window.tasks, store, window)
    assert len(answers.questions) == 2 and "设置" in answers.questions[1]
    assert not sheet.exists()


def test_settings_prints_a_new_sheet_and_the_old_code_stops_working(
    store: Store, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = recovery.recovery_sheet(store, tmp_path / "old.pdf", write_recovery_sheet)
    sheet = tmp_path / "new.pdf"
    answers = Answers(monkeypatch, sheet)
    window = open_window(qtbot, store)
    window.show_page("settings")
    panel = window.pages["settings"].backup_panel  # type: ignore[attr-defined]
    assert old.sheet_id in panel.recovery.text()
    panel.recovery_button.click()
    qtbot.waitUntil(lambda: bool(answers.informations), timeout=30_000)
    new_code = sheet_code(sheet)
    assert new_code != old.code
    record = recovery.recovery_record(store.data_dir)
    assert record is not None and record.sheet_id != old.sheet_id
    qtbot.waitUntil(lambda: record.sheet_id in panel.recovery.text())
    assert recovery.unwrap_with_code(store.data_dir, new_code) == store.key.key
    with pytest.raises(Exception):  # noqa: B017 - the old sheet no longer opens it
        recovery.unwrap_with_code(store.data_dir, old.code)


def test_a_forgotten_passphrase_is_recovered_at_start_up_with_the_sheet(
    data_dir: Path, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir, create=True) as store:
        family = factories.zhang_family()
        HouseholdRepository(store).create_household(family)
        facts = recovery.recovery_sheet(store, tmp_path / "sheet.pdf", write_recovery_sheet)
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "a new passphrase nobody forgot")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    monkeypatch.setattr(  # the worker presses 用恢复码恢复
        QMessageBox,
        "clickedButton",
        lambda self: next(
            b for b in self.buttons() if self.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
        ),
    )
    typo = facts.code[:-1] + ("A" if facts.code[-1] != "A" else "B")
    typed = [typo, facts.code]
    prompts: list[str] = []

    def type_code(_parent: Any, _title: str, prompt: str, *args: Any, **kw: Any) -> Any:
        prompts.append(prompt)
        return typed.pop(0), True

    monkeypatch.setattr(QInputDialog, "getText", type_code)
    informations: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, _t, text, *a: informations.append(text)
    )
    window = ui_app.start(data_dir)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert len(prompts) == 2 and "恢复码" in prompts[1] and prompts[1] != prompts[0]
    assert any("恢复" in text for text in informations)
    store = window.store
    assert HouseholdRepository(store).get_household(family.household.id) is not None
    assert (
        store.query("SELECT count(*) AS n FROM audit_log WHERE action = 'key recovered'")[0]["n"]
        == 1
    )
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30_000)
    window.close()
    store.close()
    Store.open(data_dir).close()  # the new passphrase opens it from now on
