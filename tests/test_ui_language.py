"""No English is left in the Chinese window: every visible string of every page.

Walks every widget of every page of the real main window (with a household in the store so
the pages have data), collects what a user can read — labels, buttons, tabs, group titles,
placeholders, combo-box items, tooltips, table headers and cells — and fails on any Latin
word that is not a key name or an accepted abbreviation. The same walk in English (--lang en)
must find the English navigation, which proves the walk sees the strings at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from gridapp.models.petition import Petition, Petitioner
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.app import install_translators
from gridapp.ui.main_window import ALL_PAGES, MainWindow
from tests import factories

# Words that stay Latin in a Chinese UI: key names and accepted abbreviations.
ALLOWED = {
    "ctrl",
    "shift",
    "alt",
    "enter",
    "esc",
    "tab",
    "del",
    "f1",
    "f2",
    "f5",
    "pdf",
    "csv",
    "xlsx",
    "excel",
    "id",
    "ok",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# A key combination names keys, whatever the letter: Ctrl+N, Ctrl+Shift+F.
KEY_COMBO = re.compile(r"\b(?:Ctrl|Shift|Alt|Meta)(?:\+\w+)+")


def texts_of(widget: QWidget) -> Iterator[str]:
    """Every string a user can read in ``widget`` and its visible children."""
    widgets = [widget, *widget.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(widget) and w is not widget:
            continue
        if w.toolTip():
            yield w.toolTip()
        if isinstance(w, QLabel):
            yield re.sub(r"<[^>]+>", " ", w.text())
        elif isinstance(w, QAbstractButton):
            yield w.text()
        elif isinstance(w, QLineEdit):
            yield w.placeholderText()
        elif isinstance(w, QGroupBox):
            yield w.title()
        elif isinstance(w, QTabWidget):
            yield from (w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QComboBox):
            yield from (w.itemText(i) for i in range(w.count()))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            yield from model_texts(w.model())


def model_texts(model: QAbstractItemModel, rows: int = 20) -> Iterator[str]:
    display = Qt.ItemDataRole.DisplayRole
    for column in range(model.columnCount()):
        yield str(model.headerData(column, Qt.Orientation.Horizontal, display) or "")
    for row in range(min(rows, model.rowCount())):
        for column in range(model.columnCount()):
            value = model.data(model.index(row, column), display)
            if isinstance(value, str):
                yield value


def latin_words(texts: Iterator[str], data: set[str]) -> set[str]:
    """Latin words in ``texts`` outside key combinations and the ``data`` values shown.

    A data value may be shown elided ("/tmp/te…ta"), so its words are excluded one by one,
    with their case (an untranslated "Data:" is still caught beside a path with "data" in
    it), and so are pieces of its words cut by the "…".
    """
    data_words = {word for value in data for word in WORD.findall(value)}
    found = set()
    for text in texts:
        text = KEY_COMBO.sub(" ", text)
        for match in WORD.finditer(text):
            word = match.group()
            cut = "…" in (
                text[match.start() - 1 : match.start()],
                text[match.end() : match.end() + 1],
            )
            if cut and any(word in value for value in data):
                continue  # a word the elision cut in two: "eng…" of a path
            if word.lower() not in ALLOWED and word not in data_words:
                found.add(word)
    return found


def open_every_page(qtbot: Any, store: Store) -> Iterator[tuple[str, MainWindow]]:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    for name in ALL_PAGES:
        if name == "household":
            first = store.query("SELECT id FROM household ORDER BY household_no LIMIT 1")
            window.open_household(first[0]["id"])
        elif name == "petition" and (found := store.query("SELECT id FROM petition LIMIT 1")):
            window.open_petition(found[0]["id"])
        else:
            window.show_page(name)
        qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=10_000)
        qtbot.wait(50)  # let queued model updates paint
        yield name, window


@pytest.fixture
def filled_store(store: Store) -> Store:
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    # A petition of 张三丰, so that the petition list shows a row; accepted, so that the
    # petition page shows a step's details, deadlines and the next steps.
    repo = PetitionRepository(store)
    saved = repo.register(
        Petition(factories.uid(), "", date.today(), "visit", "claim", summary="村道路灯损坏"),
        [Petitioner(factories.uid(), "", "", person_id=bundle.members[0].id, is_primary=True)],
    )
    repo.advance(saved.id, "accept", {"method": "written", "note": "当面告知"}, on=date.today())
    return store


def test_no_english_on_any_page(qtbot: Any, filled_store: Store) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "zh_CN")
    # Data values with Latin letters: the status bar's data directory and login name, and ID
    # numbers whose check digit is "X" (the factory's numbers depend on the tests run before).
    ids = {r["id_number"] for r in filled_store.query("SELECT id_number FROM person")}
    # 登记编号 begin with this PC's device prefix, hex digits ("55C8-2026-000001").
    numbers = {r["reg_no"] for r in filled_store.query("SELECT reg_no FROM petition")}
    # The recovery sheet's number (设置 → 备份) is a code of letters and digits too.
    from gridapp.store.recovery import recovery_record

    sheet = recovery_record(filled_store.data_dir)
    data = {str(filled_store.data_dir), filled_store.user_id, *ids, *numbers}
    data |= {sheet.sheet_id} if sheet is not None else set()
    problems = {}
    for name, window in open_every_page(qtbot, filled_store):
        words = latin_words(texts_of(window.pages[name]), data)
        words |= latin_words(texts_of(window.statusBar()), data)
        words |= latin_words(iter([window.windowTitle()]), data)
        if words:
            problems[name] = sorted(words)
    assert problems == {}


def test_the_walk_sees_english_when_there_is_no_translation(
    qtbot: Any, filled_store: Store
) -> None:
    """Without the Chinese translation the same walk finds English: the check is not blind."""
    from PySide6.QtCore import QTranslator

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    removed = app.findChildren(QTranslator)
    for translator in removed:
        app.removeTranslator(translator)
    try:
        found: set[str] = set()
        for name, window in open_every_page(qtbot, filled_store):
            found |= latin_words(texts_of(window.pages[name]), set())
        assert {"Households", "Settings"} <= found
    finally:
        for translator in removed:
            app.installTranslator(translator)
