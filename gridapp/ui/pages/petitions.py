"""诉求信访: the petition list — filters on the left, the lazy table with traffic lights.

Every read goes through ``ctx.tasks`` (the table model's pages and counts, the villages and
grids of the grid box); the page only arranges widgets and reacts. The list shows every
petition of the store (not only this PC's work area: the home page's cards and the
navigation's overdue count are over all of them, and a card opens this list with its filter,
:meth:`PetitionsPage.show_filtered`). It reloads when ``ctx.signals.data_changed`` reports a
change to petitions (at once when the page is shown, else the next time it is), keeping the
selected petition selected. Design note: ``docs/petition-list.md``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.models import codes, petition_flow
from gridapp.store.db import Changes
from gridapp.store.home import DUE_SOON_DAYS
from gridapp.store.households import HouseholdRepository
from gridapp.store.petition_list import PetitionFilter
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.context import UiContext
from gridapp.ui.list_table import ListTable
from gridapp.ui.pages.base import Page
from gridapp.ui.pages.households import Places, read_places
from gridapp.ui.petition_model import COLUMN_OF, PetitionTableModel, status_text

# Tables whose changes the list shows; "place" and "household" change what the grid box offers.
LIST_TABLES = ("petition", "petition_petitioner")
PLACE_TABLES = ("place", "household")
REGISTER_KEYS = "Ctrl+Shift+P"  # Ctrl+N is the window's 新增户
MIN_SUMMARY_EM = 6  # the summary column never gets narrower than this many characters
FILTER_PANEL_EM = 12
TEXT_DELAY_MS = 300  # typing in the text filter: wait for a pause before reading again
MONTHS = 12  # 登记月份 offers this month and the eleven before it
MAX_TEXT_CHARS = 60
ALL = ""
OPEN = "open"  # the status box's 未办结: every state in which a deadline is running
OVERDUE = "overdue"
DUE_WEEK = "due_week"
CALLBACK = "callback"
# show_filtered(kind): the home page's cards
FILTER_KINDS = (OVERDUE, DUE_WEEK, CALLBACK)


def last_months(today: date, count: int = MONTHS) -> list[str]:
    """``"YYYY-MM"`` of this month and the ``count - 1`` before it, newest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def is_filtered(flt: PetitionFilter) -> bool:
    """True when ``flt`` leaves petitions out (the day and the open states alone do not)."""
    return bool(
        flt.statuses
        or flt.overdue
        or flt.due_within
        or flt.month
        or flt.place_code
        or flt.kind
        or flt.text.strip()
    )


def _select(box: QComboBox, data: object) -> None:
    """Select the entry holding ``data`` (not findData: PySide6 does not find a tuple)."""
    found = (i for i in range(box.count()) if box.itemData(i) == data)
    box.setCurrentIndex(next(found, 0))


def cell_pad(metrics: QFontMetrics) -> int:
    """The width a cell adds to its text: the padding of the style sheet, the item margins
    and some air."""
    return int(metrics.horizontalAdvance("网") * 0.8) + 10


class PetitionTable(ListTable):
    """The table: Enter opens the selected petition (as a double click does); the summary
    column takes the width the others leave (at least :data:`MIN_SUMMARY_EM` characters)."""

    def fill_column(self) -> int:
        return COLUMN_OF["summary"]

    def least_fill_width(self) -> int:
        metrics = self.fontMetrics()
        # MIN_SUMMARY_EM characters really shown: the "…" and the cell's padding besides.
        return metrics.horizontalAdvance("网" * MIN_SUMMARY_EM + "…") + cell_pad(metrics)


class PetitionFilterPanel(QFrame):
    """The filters on the left: text, status, deadline, month, grid, kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("petitionFilters")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        heading = QLabel(self.tr("Filter"), self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        self.text = QLineEdit(self)
        self.text.setObjectName("petitionText")
        self.text.setClearButtonEnabled(True)
        self.text.setMaxLength(MAX_TEXT_CHARS)
        self.text.setPlaceholderText(self.tr("Number, summary, petitioner"))
        self.text.setToolTip(
            self.tr("Part of the registration number, of the summary or of a petitioner's name")
        )
        layout.addWidget(self.text)

        form = QFormLayout()
        form.setContentsMargins(0, 4, 0, 4)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.status = QComboBox(self)
        self.status.setObjectName("petitionStatusFilter")
        self.deadline = QComboBox(self)
        self.deadline.setObjectName("petitionDeadlineFilter")
        self.month = QComboBox(self)
        self.month.setObjectName("petitionMonthFilter")
        self.grid = QComboBox(self)
        self.grid.setObjectName("petitionGridFilter")
        self.grid.setMinimumContentsLength(10)
        self.grid.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind = QComboBox(self)
        self.kind.setObjectName("petitionKindFilter")
        for box in (self.status, self.deadline, self.month, self.kind):
            box.setMinimumContentsLength(8)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Deadline"), self.deadline)
        form.addRow(self.tr("Month registered"), self.month)
        form.addRow(self.tr("Grid"), self.grid)
        form.addRow(self.tr("Kind"), self.kind)
        layout.addLayout(form)

        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)

        self._fill_statuses()
        self.deadline.addItem(self.tr("All"), ALL)
        self.deadline.addItem(self.tr("Overdue"), OVERDUE)
        self.deadline.setItemData(
            1, self.tr("Open petitions past their deadline"), Qt.ItemDataRole.ToolTipRole
        )
        self.deadline.addItem(self.tr("Due this week"), DUE_WEEK)
        self.deadline.setItemData(
            2,
            self.tr("Open petitions due today or within the next six days"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.fill_months(date.today())
        self.kind.addItem(self.tr("All"), ALL)
        for entry in codes.table("petition_kind").items():
            self.kind.addItem(entry.label, entry.code)
        self.set_places([])
        self.fit_width()

    def fit_width(self) -> None:
        """As wide as a grid name like 桃源社区·第四网格 with the box's arrow."""
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("网") * FILTER_PANEL_EM)

    def _fill_statuses(self) -> None:
        self.status.addItem(self.tr("All"), ALL)
        self.status.addItem(self.tr("Open"), OPEN)
        self.status.setItemData(
            1,
            self.tr("Every state in which the office owes a step before a deadline"),
            Qt.ItemDataRole.ToolTipRole,
        )
        for status in petition_flow.STATUS_LABELS:
            self.status.addItem(status_text(status), status)

    def fill_months(self, today: date) -> None:
        """Offer this month and the eleven before it (kept selected when still offered)."""
        current = self.month.currentData()
        self.month.blockSignals(True)
        self.month.clear()
        self.month.addItem(self.tr("All"), ALL)
        for month in last_months(today):
            year, number = month.split("-")
            label = self.tr("{month}/{year}").replace("{year}", year)
            self.month.addItem(label.replace("{month}", str(int(number))), month)
        _select(self.month, current)
        self.month.blockSignals(False)

    def set_places(self, choices: list[tuple[str, str, str]]) -> None:
        """Offer these villages and grids; keep the current choice when still offered."""
        current = self.grid.currentData()
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem(self.tr("All grids"), ("", ""))
        for label, kind, code in choices:
            if kind == "place":
                shown = self.tr("{village} (whole village)").replace("{village}", label)
            else:
                shown = "　" + label  # grids indented under their village
            self.grid.addItem(shown, (kind, code))
        _select(self.grid, current)
        self.grid.blockSignals(False)

    def current(self, today: date | None = None) -> PetitionFilter:
        status = self.status.currentData() or ALL
        if status == OPEN:
            statuses: tuple[str, ...] = petition_flow.OPEN_STATUSES
        else:
            statuses = (status,) if status else ()
        deadline = self.deadline.currentData() or ALL
        _kind, code = self.grid.currentData() or ("", "")
        return PetitionFilter(
            statuses=statuses,
            overdue=deadline == OVERDUE,
            due_within=DUE_SOON_DAYS if deadline == DUE_WEEK else 0,
            month=self.month.currentData() or "",
            place_code=code,
            kind=self.kind.currentData() or "",
            text=self.text.text().strip(),
            open_statuses=petition_flow.OPEN_STATUSES,
            today=today or date.today(),
        )

    def boxes(self) -> tuple[QComboBox, ...]:
        return (self.status, self.deadline, self.month, self.grid, self.kind)

    def clear(self) -> None:
        for box in self.boxes():
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.text.blockSignals(True)
        self.text.clear()
        self.text.blockSignals(False)

    def choose(self, kind: str) -> None:
        """Clear the filters, then set the one of a home page card (:data:`FILTER_KINDS`)."""
        self.clear()
        box, data = {
            OVERDUE: (self.deadline, OVERDUE),
            DUE_WEEK: (self.deadline, DUE_WEEK),
            CALLBACK: (self.status, petition_flow.REPLIED),
        }[kind]
        box.blockSignals(True)
        _select(box, data)
        box.blockSignals(False)


class PetitionsEmptyState(QWidget):
    """What the page shows instead of an empty table: what to do next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("petitionsEmpty")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.register_button = QPushButton(self.tr("Register a petition"), self)
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def show_none_yet(self) -> None:
        self.title.setText(self.tr("No petitions are registered yet"))
        self.text.setText(
            self.tr(
                "When someone comes, calls or writes with a request, a complaint or a "
                "suggestion, register it here: the deadlines are then counted for you."
            )
        )
        self.register_button.setVisible(True)
        self.clear_button.setVisible(False)

    def show_nothing_matches(self) -> None:
        self.title.setText(self.tr("No petition matches the filters"))
        self.text.setText(self.tr("Change the filters on the left, or clear them."))
        self.register_button.setVisible(False)
        self.clear_button.setVisible(True)


class PetitionsPage(Page):
    name = "petitions"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.repository = PetitionRepository(ctx.store)
        self.households = HouseholdRepository(ctx.store)
        self.model = PetitionTableModel(self.repository, ctx.tasks, self, load=False)
        self._started = False
        self._stale = False
        self._places_stale = False

        layout = QHBoxLayout(self)
        self.filters = PetitionFilterPanel(self)
        layout.addWidget(self.filters)

        main = QVBoxLayout()
        top = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("petitionCount")
        top.addWidget(self.count_label)
        top.addStretch(1)
        self.register_button = QPushButton(
            self.tr("Register a petition ({keys})").replace("{keys}", REGISTER_KEYS), self
        )
        self.register_button.setObjectName("registerPetition")
        top.addWidget(self.register_button)
        self.metrics_button = QPushButton(self.tr("Monthly figures…"), self)
        self.metrics_button.setObjectName("petitionMetricsButton")
        self.metrics_button.clicked.connect(self.show_metrics)
        top.addWidget(self.metrics_button)
        main.addLayout(top)
        # The holiday table behind the deadlines: a county file that could not be read, or
        # the next months not in the table yet (read once, in the background).
        self.calendar_note = QLabel(self)
        self.calendar_note.setObjectName("calendarNote")
        self.calendar_note.setWordWrap(True)
        self.calendar_note.setStyleSheet(
            "background: #fff8e1; border: 1px solid #e0c070; border-radius: 4px; padding: 6px;"
        )
        self.calendar_note.hide()
        main.addWidget(self.calendar_note)

        self.stack = QStackedWidget(self)
        self.table = PetitionTable(self.stack)
        self.table.setObjectName("petitionTable")
        self.table.show_list(self.model, COLUMN_OF["reg_no"])
        self.table.opened.connect(lambda row_id: self.ctx.nav.open_petition(row_id))
        self._size_columns()
        self.empty = PetitionsEmptyState(self.stack)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        main.addWidget(self.stack, 1)
        layout.addLayout(main, 1)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DELAY_MS)
        self._text_timer.timeout.connect(lambda: self._apply_filter())

        self.filters.text.textChanged.connect(lambda _text: self._text_timer.start())
        self.filters.text.returnPressed.connect(lambda: self._apply_filter())
        self.filters.text.installEventFilter(self)  # Down: from the text box into the list
        for box in self.filters.boxes():
            box.currentIndexChanged.connect(lambda _index: self._apply_filter())
        self.filters.clear_button.clicked.connect(self.clear_filters)
        self.empty.clear_button.clicked.connect(self.clear_filters)
        self.register_button.clicked.connect(self.register_petition)
        self.empty.register_button.clicked.connect(self.register_petition)
        shortcut = QShortcut(QKeySequence(REGISTER_KEYS), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.register_petition)
        self.model.modelReset.connect(self._show_count)
        self.model.loading_changed.connect(lambda _busy: self._show_count())
        ctx.signals.data_changed.connect(self._data_changed)
        ctx.signals.appearance_changed.connect(self._appearance_changed)
        self._show_count()

    # --- Page ------------------------------------------------------------------------------

    def show_metrics(self) -> QWidget:
        """月度统计 of the petitions (per grid and in total)."""
        from gridapp.ui.dialogs.petition_metrics import show_petition_metrics

        self.metrics_dialog = show_petition_metrics(self.ctx, self)
        return self.metrics_dialog

    def title(self) -> str:
        return self.tr("Petitions")

    def activated(self) -> None:
        if not self._started:
            self._started = True
            self._stale = False
            self._apply_filter(force=True)
            self._read_places()  # after the first page: the rows come first
            repo = self.repository
            self.ctx.tasks.submit(
                lambda ctx: repo.calendar_notes(date.today()),
                on_done=self._show_calendar_notes,
                quiet=True,
            )
        elif self._stale:
            self._stale = False
            self._reload()
        elif self.model.today != date.today():
            self._apply_filter()  # a new day: other lights, other overdue petitions

    def focus_widget(self) -> QWidget | None:
        return self.table if self.model.rowCount() else self.filters.text

    def _show_calendar_notes(self, notes: list[str]) -> None:
        self.calendar_note.setText(
            "\n".join(notes)
            + "\n"
            + self.tr(
                "Deadlines are counted as the table stands; "
                "the county updates it (see the user guide, 节假日表)."
            )
            if notes
            else ""
        )
        self.calendar_note.setVisible(bool(notes))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filters.text
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.stack.currentWidget() is self.table
        ):
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, COLUMN_OF["reg_no"]))
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().eventFilter(watched, event)

    # --- actions ---------------------------------------------------------------------------

    def show_filtered(self, kind: str) -> None:
        """Show the petitions of a home page card: ``"overdue"`` (open, past the deadline),
        ``"due_week"`` (open, due within seven days, today included) or ``"callback"``
        (answered, the petitioner still to be called back). The other filters are cleared;
        the list is read when the page is shown (or at once if it is)."""
        if kind not in FILTER_KINDS:
            raise ValueError(f"unknown petition filter: {kind!r}")
        self.filters.choose(kind)
        if self._started:
            self._apply_filter()

    def register_petition(self) -> None:
        """登记信访: the registration form (Ctrl+Shift+P on this page)."""
        self.ctx.nav.register_petition()

    def clear_filters(self) -> None:
        self.filters.clear()
        self._apply_filter()

    # --- reacting --------------------------------------------------------------------------

    def _apply_filter(self, force: bool = False) -> None:
        self._text_timer.stop()
        today = date.today()
        if (
            self.filters.month.count() > 1
            and self.filters.month.itemData(1) != last_months(today, 1)[0]
        ):
            self.filters.fill_months(today)  # a new month since the box was filled
        flt = self.filters.current(today)
        if force or flt != self.model.filter:
            self._started = True
            self.model.set_filter(flt)

    def _reload(self) -> None:
        if self._places_stale:
            self._places_stale = False
            self._read_places()
        if self.model.today != date.today():
            self._apply_filter()
        else:
            self.model.refresh()

    def _data_changed(self, changes: Changes | None) -> None:
        places = self.touches(changes, PLACE_TABLES)
        if not self._started or not (places or self.touches(changes, LIST_TABLES)):
            return
        self._places_stale = self._places_stale or places
        self.refresh_when_seen(self._reload)

    def _read_places(self) -> None:
        repo = self.households
        self.ctx.tasks.submit(
            lambda ctx: read_places(repo), on_done=self._places_arrived, quiet=True
        )

    def _places_arrived(self, places: Places) -> None:
        self.filters.set_places(places.choices)
        if self.filters.current(self.model.today) != self.model.filter:
            self._apply_filter()  # the chosen grid is no longer offered

    def _show_count(self) -> None:
        model = self.model
        if not model.loaded or model.reloading:
            self.count_label.setText(self.tr("Reading…"))
            return
        count = model.rowCount()
        filtered = is_filtered(model.filter)
        if model.counting:
            text = self.tr("Counting… (first {count} shown)")
        elif filtered:
            text = self.tr("{count} petitions match")
        else:
            text = self.tr("{count} petitions in all")
        self.count_label.setText(text.replace("{count}", f"{count:,}"))
        if count:
            self.stack.setCurrentWidget(self.table)
        else:
            if filtered:
                self.empty.show_nothing_matches()
            else:
                self.empty.show_none_yet()
            self.stack.setCurrentWidget(self.empty)

    def _size_columns(self) -> None:
        # Widths for the usual content; a longer cell ends in "…" and its tooltip has the
        # whole text. The summary takes what is left (at least MIN_SUMMARY_EM characters);
        # below about 1,400 pixels of window the table scrolls sideways (docs/petition-list.md).
        metrics = self.fontMetrics()
        em = metrics.horizontalAdvance("网")
        pad = cell_pad(metrics)
        widths = {
            "light": metrics.horizontalAdvance("● 已超期 000 天") + pad,
            "reg_no": metrics.horizontalAdvance("0000-0000-000000") + pad,
            "reg_date": metrics.horizontalAdvance("0000-00-00") + pad,
            # a three-character name and a group's size: 钱七七 等 3 人
            "petitioner": max(em * 6, metrics.horizontalAdvance("网网网 等 0 人")) + pad,
            "kind": em * 5 + pad,
            "status": em * 7 + pad,
            "due_date": metrics.horizontalAdvance("0000-00-00") + pad,
            "handling_unit": em * 5 + pad,
        }
        for name, width in widths.items():
            self.table.setColumnWidth(COLUMN_OF[name], width)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        self.table.fit_fill_column()

    def _appearance_changed(self) -> None:
        # A new text size (设置 → 字号): widths follow the font, which reaches us once the
        # event loop has delivered the font change.
        QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        self.filters.fit_width()
        self._size_columns()
