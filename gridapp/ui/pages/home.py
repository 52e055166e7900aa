"""首页: today's work as cards, quick actions, the register's counts, and what to do first.

The counts come from :mod:`gridapp.store.home` in four small background jobs (register,
petitions, pending changes, this month's changes), so none of them keeps the worker long and
each card fills in as its figure arrives. They are read when the page is shown and after every
write while it is visible.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.store import home
from gridapp.ui.context import UiContext
from gridapp.ui.heading import Heading
from gridapp.ui.pages.base import Page

RED = "#b00020"  # overdue (the traffic-light colours mean the same on every page)
AMBER = "#b26a00"
NEUTRAL = "#1f4e79"
PENDING = "…"


def pending_text(count: int) -> str:
    """A pending-changes count as shown: "1,234", or "100,000+" when counting stopped."""
    return f"{count:,}+" if count >= home.PENDING_CAP else f"{count:,}"


class WorkCard(QPushButton):
    """A clickable card: a big number over its title. Enter or a click opens its page."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.number = Heading(PENDING, self, factor=2.0)
        self.caption = QLabel(title, self)
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(label)
        self.value: int | None = None

    def set_value(self, value: int, colour: str = NEUTRAL, text: str = "") -> None:
        self.value = value
        self.number.setText(text or f"{value:,}")
        self.number.setStyleSheet(f"color: {colour};")

    def sizeHint(self) -> QSize:
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class HomePage(Page):
    name = "home"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(14)
        self.heading = Heading(self.tr("Today's work"), self)
        self.date_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.date_label)
        layout.addLayout(top)

        self.empty_box = self._build_empty_box()
        layout.addWidget(self.empty_box)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.cards: dict[str, WorkCard] = {}
        specs: list[tuple[str, str, str, str]] = [
            (
                "overdue",
                self.tr("Overdue petitions"),
                "petitions",
                self.tr("Open petitions past their deadline"),
            ),
            (
                "due_soon",
                self.tr("Due this week"),
                "petitions",
                self.tr("Open petitions due within seven days"),
            ),
            (
                "callback",
                self.tr("Awaiting call-back"),
                "petitions",
                self.tr("Answered petitions whose petitioner is still to be called back"),
            ),
            (
                "pending",
                self.tr("Waiting to sync"),
                "sync",
                self.tr("Changes on this computer not yet sent to the county server"),
            ),
            (
                "new_households",
                self.tr("New households this month"),
                "households",
                self.tr("Households registered or split off this month"),
            ),
            (
                "moved_out",
                self.tr("Moved out this month"),
                "households",
                self.tr("Persons who moved out this month"),
            ),
        ]
        # A petition card opens the petition list filtered to what it counts.
        petition_filters = {"overdue": "overdue", "due_soon": "due_week", "callback": "callback"}
        for index, (key, title, page, tip) in enumerate(specs):
            card = WorkCard(title, self)
            card.setToolTip(tip)
            if page == "petitions":
                card.clicked.connect(
                    lambda _checked=False, kind=petition_filters[key]: self.ctx.nav.show_petitions(
                        kind
                    )
                )
            else:
                card.clicked.connect(lambda _checked=False, page=page: self.ctx.nav.show_page(page))
            self.cards[key] = card
            grid.addWidget(card, index // 3, index % 3)
        layout.addLayout(grid)

        layout.addWidget(QLabel(self.tr("Quick actions"), self))
        actions = QHBoxLayout()
        self.new_household_button = QPushButton(self.tr("New household (Ctrl+N)"), self)
        self.new_household_button.clicked.connect(self.ctx.nav.new_household)
        actions.addWidget(self.new_household_button)
        self.register_petition_button = QPushButton(self.tr("Register a petition"), self)
        self.register_petition_button.clicked.connect(lambda: self.ctx.nav.register_petition())
        actions.addWidget(self.register_petition_button)
        self.record_activity_button = QPushButton(self.tr("Record an activity"), self)
        self.record_activity_button.clicked.connect(lambda: self.ctx.nav.record_activity())
        actions.addWidget(self.record_activity_button)
        self.print_ledgers_button = QPushButton(self.tr("Print the monthly ledgers"), self)
        self.print_ledgers_button.clicked.connect(lambda: self.ctx.nav.show_page("reports"))
        actions.addWidget(self.print_ledgers_button)
        actions.addStretch(1)
        layout.addLayout(actions)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        self.summary = QLabel(PENDING, self)
        self.summary.setObjectName("registerSummary")
        layout.addWidget(self.summary)
        layout.addStretch(1)
        ctx.signals.data_changed.connect(self._data_changed)

    def _build_empty_box(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("emptyRegister")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)
        text = QLabel(
            self.tr(
                "The register is empty. Import the roster of your village (Excel or CSV), or "
                "load the demo county to try GridApp out."
            ),
            box,
        )
        text.setWordWrap(True)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import a roster…"), box)
        self.demo_button = QPushButton(self.tr("Load demo data"), box)
        self.import_button.clicked.connect(self._import)
        self.demo_button.clicked.connect(self._load_demo)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout.addWidget(text)
        layout.addLayout(buttons)
        box.hide()
        return box

    def title(self) -> str:
        return self.tr("Home")

    # --- loading ----------------------------------------------------------------------------

    def activated(self) -> None:
        self.reload()

    def _data_changed(self, _changes: object) -> None:
        if self.isVisible():  # otherwise activated() reads them when the page is shown
            self.reload()

    def reload(self) -> None:
        """Read every count again (four small jobs; each card fills in as its figure comes)."""
        today = date.today()
        self.date_label.setText(today.strftime("%Y-%m-%d"))
        conn = self.ctx.store.conn
        jobs: list[tuple[Callable[[Any], Any], Callable[[Any], None]]] = [
            (lambda _c: home.register_counts(conn), self._show_register),
            (lambda _c: home.petition_counts(conn, today), self._show_petitions),
            (lambda _c: home.pending_changes(conn), self._show_pending),
            (lambda _c: home.month_changes(conn, today), self._show_month),
        ]
        for job, on_done in jobs:
            self.ctx.tasks.submit(job, on_done=on_done, quiet=True)

    def _show_register(self, counts: home.RegisterCounts) -> None:
        self.register = counts
        self.summary.setText(
            self.tr("Households: {h}   Persons listed: {p}   Party members: {m}   Petitions: {q}")
            .replace("{h}", f"{counts.households:,}")
            .replace("{p}", f"{counts.persons:,}")
            .replace("{m}", f"{counts.party_members:,}")
            .replace("{q}", f"{counts.petitions:,}")
        )
        empty = counts.households == 0
        self.empty_box.setVisible(empty)
        self.demo_button.setEnabled(empty)

    def _show_petitions(self, counts: home.PetitionCounts) -> None:
        self.cards["overdue"].set_value(counts.overdue, RED if counts.overdue else NEUTRAL)
        self.cards["due_soon"].set_value(counts.due_soon, AMBER if counts.due_soon else NEUTRAL)
        self.cards["callback"].set_value(counts.awaiting_callback)

    def _show_pending(self, count: int) -> None:
        self.cards["pending"].set_value(count, text=pending_text(count))

    def _show_month(self, changes: home.MonthChanges) -> None:
        self.cards["new_households"].set_value(changes.new_households)
        self.cards["moved_out"].set_value(changes.moved_out)

    # --- the empty register -----------------------------------------------------------------

    def _import(self) -> None:
        from gridapp.ui.wizard import open_import_dialog

        open_import_dialog(self.ctx, self)

    def _load_demo(self) -> None:
        from gridapp.ui.wizard import load_demo_data

        self.demo_button.setEnabled(False)
        load_demo_data(self.ctx, parent=self)
