"""A first main window: counts of the register and the search box.

The full workbench (navigation, household pages, forms) arrives with issue #3; this window
is honest about that rather than showing empty pages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
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
from gridapp.store.search import SearchHit, search_persons
from gridapp.ui.tasks import Task, TaskContext, TaskRunner

SEARCH_LIMIT = 50


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        # All store access from the window goes through this one worker (STYLE.md point 2).
        self.tasks = TaskRunner(self)
        self._search_generation = 0
        self._search_task: Task | None = None
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
        self.tasks.submit(
            lambda ctx: HouseholdRepository(self.store).stats(), on_done=self._show_summary
        )

    def _show_summary(self, stats: dict[str, int]) -> None:
        self.summary.setText(
            self.tr("Households: {h}   Persons: {p}   Party members: {m}   Petitions: {q}")
            .replace("{h}", str(stats["households"]))
            .replace("{p}", str(stats["persons"]))
            .replace("{m}", str(stats["party_members"]))
            .replace("{q}", str(stats["petitions"]))
        )

    def on_search(self, text: str) -> None:
        # Results of an older query that arrive after a newer one was typed are dropped.
        self._search_generation += 1
        generation = self._search_generation
        if self._search_task is not None:
            self._search_task.cancel()  # still queued: the worker skips it
        if not text.strip():
            self.results.clear()
            return
        conn = self.store.conn

        def run(ctx: TaskContext) -> list[SearchHit]:
            return search_persons(conn, text, limit=SEARCH_LIMIT)

        self._search_task = self.tasks.submit(
            run, on_done=lambda hits: self._show_hits(generation, hits)
        )

    def _show_hits(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._search_generation:
            return
        self.results.clear()
        for hit in hits:
            self.results.addItem(f"{hit.name}  {hit.id_masked}  {hit.household_no}  {hit.address}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.shutdown()
        super().closeEvent(event)
