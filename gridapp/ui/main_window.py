"""A first main window: counts of the register and the search box.

The full workbench (navigation, household pages, forms) arrives with issue #3; this window
is honest about that rather than showing empty pages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.store.search import search_persons


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(self.tr("GridApp"))
        self.resize(900, 600)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.search_box = QLineEdit(central)
        self.search_box.setPlaceholderText(
            self.tr("Search: name / pinyin initials / ID number / phone / address")
        )
        self.search_box.textChanged.connect(self.on_search)
        self.results = QListWidget(central)
        self.summary = QLabel(central)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.search_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.setCentralWidget(central)
        self.refresh_summary()
        self.statusBar().showMessage(
            self.tr("Offline · data in {0}").replace("{0}", str(store.data_dir))
        )

    def refresh_summary(self) -> None:
        stats = HouseholdRepository(self.store).stats()
        self.summary.setText(
            self.tr("Households: {h}   Persons: {p}   Party members: {m}   Petitions: {q}")
            .replace("{h}", str(stats["households"]))
            .replace("{p}", str(stats["persons"]))
            .replace("{m}", str(stats["party_members"]))
            .replace("{q}", str(stats["petitions"]))
        )

    def on_search(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        for hit in search_persons(self.store.conn, text, limit=50):
            self.results.addItem(f"{hit.name}  {hit.id_masked}  {hit.household_no}  {hit.address}")
