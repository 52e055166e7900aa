"""户籍人口: the household list — filters on the left, the lazy table, import and export.

Every read goes through ``ctx.tasks`` (the table model's pages and counts, the grid names
and choices); the page only arranges widgets and reacts. The first time it is shown, the
grid filter starts at this PC's work scope (本机工作范围) when one was chosen. The list reloads when
``ctx.signals.data_changed`` reports a change to the register (at once when the page is
shown, else the next time it is), keeping the selected household selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.models import codes
from gridapp.models.access import Permission
from gridapp.store import household_list, masking
from gridapp.store.access import allowed
from gridapp.store.db import Changes
from gridapp.store.household_list import HouseholdFilter
from gridapp.store.household_view import grid_choices
from gridapp.store.households import HouseholdRepository
from gridapp.store.scope import WorkScope, load_scope
from gridapp.ui.context import UiContext
from gridapp.ui.household_model import COLUMN_OF, HouseholdTableModel
from gridapp.ui.list_table import ListTable
from gridapp.ui.pages.base import Page

# Tables whose changes the list shows (counts, head names, tags, grids).
LIST_TABLES = ("household", "person", "person_tag", "household_tag", "place")
DEMO_HOUSEHOLDS = 300
MIN_ADDRESS_EM = 12  # the address column never gets narrower than this many characters
FILTER_PANEL_EM = 12
TEXT_DELAY_MS = 300  # typing in the text filter: wait for a pause before reading again
# Tag codes of the household_tag table that the person_tag table lacks, listed after them.
ALL = ""


@dataclass(frozen=True)
class Places:
    """What the grid filter offers and how grid codes are shown (read in the background)."""

    names: dict[str, str]  # grid code -> "石泉村·第一网格"
    choices: list[tuple[str, str, str]]  # (label, kind "place" | "grid", code)
    scope: tuple[str, str] | None = None  # (kind, code) of this PC's work scope
    hidden_tags: frozenset[str] = frozenset()  # 重点管理 tags the role may not see (issue #8)
    may_export: bool = True  # the role may export (issue #8; the export refuses otherwise)


def read_places(repo: HouseholdRepository) -> Places:
    """Villages and their grids from the places table, then grid codes only households carry."""
    names: dict[str, str] = {}
    choices: list[tuple[str, str, str]] = []
    village = None
    for grid in grid_choices(repo.store):
        if grid.village_code != village:
            village = grid.village_code
            choices.append((grid.village_name or village, "place", village))
        label = f"{grid.village_name}·{grid.name}" if grid.village_name else grid.name
        names[grid.code] = label
        choices.append((label, "grid", grid.code))
    for code in household_list.used_grid_codes(repo.conn):
        if code and code not in names:
            choices.append((code, "grid", code))
    scope = load_scope(repo.store)
    where = None
    if scope is not None:
        where = ("grid", scope.grid_code) if scope.grid_code else ("place", scope.village_code)
    hidden = masking.tag_filter(repo.store)
    return Places(names, choices, where, hidden, allowed(repo.store, Permission.EXPORT))


class HouseholdTable(ListTable):
    """The table: Enter opens the selected household (as a double click does); the address
    column takes the width the others leave (at least :data:`MIN_ADDRESS_EM` characters)."""

    def fill_column(self) -> int:
        return COLUMN_OF["address"]

    def least_fill_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("网") * MIN_ADDRESS_EM


class FilterPanel(QFrame):
    """The filters on the left: text, grid, tag, population type, status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("householdFilters")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        heading = QLabel(self.tr("Filter"), self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        self.text = QLineEdit(self)
        self.text.setObjectName("householdText")
        self.text.setClearButtonEnabled(True)
        self.text.setMaxLength(household_list.MAX_TEXT_CHARS)
        self.text.setPlaceholderText(self.tr("Name, number, address"))
        self.text.setToolTip(
            self.tr(
                "Household number, a member's name or its pinyin, the last digits of an ID "
                "or phone number, or part of the address"
            )
        )
        layout.addWidget(self.text)

        form = QFormLayout()
        form.setContentsMargins(0, 4, 0, 4)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.grid = QComboBox(self)
        self.grid.setObjectName("gridFilter")
        self.grid.setMinimumContentsLength(10)
        self.grid.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tag = QComboBox(self)
        self.tag.setObjectName("tagFilter")
        self.population_type = QComboBox(self)
        self.population_type.setObjectName("populationTypeFilter")
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        form.addRow(self.tr("Grid"), self.grid)
        form.addRow(self.tr("Category"), self.tag)
        form.addRow(self.tr("Population type"), self.population_type)
        form.addRow(self.tr("Member status"), self.status)
        layout.addLayout(form)

        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)

        self.set_places([])
        self._fill_tags()
        self._fill_codes(self.population_type, "population_type")
        self._fill_codes(self.status, "person_status")
        self.fit_width()

    def fit_width(self) -> None:
        """As wide as a grid name like 桃源社区·第四网格 with the box's arrow."""
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("网") * FILTER_PANEL_EM)

    def _fill_tags(self) -> None:
        self.tag.addItem(self.tr("All"), ALL)
        person = codes.table("person_tag").items()
        for entry in person:
            self.tag.addItem(entry.label, entry.code)
        known = {entry.code for entry in person}
        for entry in codes.table("household_tag").items():
            if entry.code not in known:
                self.tag.addItem(entry.label, entry.code)

    def hide_tags(self, hidden: frozenset[str]) -> None:
        """No filter by a tag the role may not see (the repository refuses it)."""
        for code in hidden:
            index = self.tag.findData(code)
            if index > 0:
                if self.tag.currentIndex() == index:
                    self.tag.setCurrentIndex(0)
                self.tag.removeItem(index)

    def _fill_codes(self, box: QComboBox, table: str) -> None:
        box.addItem(self.tr("All"), ALL)
        for entry in codes.table(table).items():
            box.addItem(entry.label, entry.code)

    def set_places(
        self, choices: list[tuple[str, str, str]], choose: tuple[str, str] | None = None
    ) -> None:
        """Offer these villages and grids; select ``choose``, else keep the current choice
        when it is still offered."""
        current = choose or self.grid.currentData()
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem(self.tr("All grids"), ("", ""))
        for label, kind, code in choices:
            if kind == "place":
                shown = self.tr("{village} (whole village)").replace("{village}", label)
            else:
                shown = "　" + label  # grids indented under their village
            self.grid.addItem(shown, (kind, code))
        # Not findData: PySide6 does not find a Python tuple there, so the work scope was
        # never chosen at the start.
        found = (i for i in range(self.grid.count()) if self.grid.itemData(i) == current)
        self.grid.setCurrentIndex(next(found, 0))
        self.grid.blockSignals(False)

    def current(self) -> HouseholdFilter:
        kind, code = self.grid.currentData() or ("", "")
        return HouseholdFilter(
            grid_code=code if kind == "grid" else "",
            place_code=code if kind == "place" else "",
            tag=self.tag.currentData() or "",
            population_type=self.population_type.currentData() or "",
            status=self.status.currentData() or "",
            text=self.text.text().strip(),
        )

    def clear(self) -> None:
        for box in (self.grid, self.tag, self.population_type, self.status):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.text.blockSignals(True)
        self.text.clear()
        self.text.blockSignals(False)


class EmptyState(QWidget):
    """What the page shows instead of an empty table: what to do next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("householdsEmpty")
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
        self.import_button = QPushButton(self.tr("Import a roster…"), self)
        self.demo_button = QPushButton(self.tr("Load demo data"), self)
        self.new_button = QPushButton(self.tr("New household"), self)
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        for button in (self.import_button, self.demo_button, self.new_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def show_register_empty(self) -> None:
        self.title.setText(self.tr("No households are registered yet"))
        self.text.setText(
            self.tr(
                "Import the village's roster from an Excel (.xlsx) or CSV file, enter a "
                "household by hand, or load demo data to try the program out first."
            )
        )
        for button in (self.import_button, self.demo_button, self.new_button):
            button.setVisible(True)
        self.clear_button.setVisible(False)

    def show_nothing_matches(self) -> None:
        self.title.setText(self.tr("No household matches the filters"))
        self.text.setText(self.tr("Change the filters on the left, or clear them."))
        for button in (self.import_button, self.demo_button, self.new_button):
            button.setVisible(False)
        self.clear_button.setVisible(True)


class HouseholdsPage(Page):
    name = "households"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.repository = HouseholdRepository(ctx.store)
        self.model = HouseholdTableModel(self.repository, ctx.tasks, self, load=False)
        self.import_dialog: QWidget | None = None
        self.export_dialog: QWidget | None = None
        self._started = False
        self._stale = False

        layout = QHBoxLayout(self)
        self.filters = FilterPanel(self)
        layout.addWidget(self.filters)

        main = QVBoxLayout()
        top = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("householdCount")
        top.addWidget(self.count_label)
        top.addStretch(1)
        self.new_button = QPushButton(self.tr("New household (Ctrl+N)"), self)
        self.import_button = QPushButton(self.tr("Import roster…"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        for button in (self.new_button, self.import_button, self.export_button):
            top.addWidget(button)
        main.addLayout(top)

        self.stack = QStackedWidget(self)
        self.table = HouseholdTable(self.stack)
        self.table.setObjectName("householdTable")
        self.table.show_list(self.model, 0)
        self.table.opened.connect(lambda row_id: self.ctx.nav.open_household(row_id))
        self._size_columns()
        self.empty = EmptyState(self.stack)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        main.addWidget(self.stack, 1)
        layout.addLayout(main, 1)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self._apply_filter)

        self.filters.text.textChanged.connect(lambda _text: self._text_timer.start())
        self.filters.text.returnPressed.connect(self._apply_filter)
        for box in (
            self.filters.grid,
            self.filters.tag,
            self.filters.population_type,
            self.filters.status,
        ):
            box.currentIndexChanged.connect(self._apply_filter)
        self.filters.clear_button.clicked.connect(self.clear_filters)
        self.empty.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_household)
        self.empty.new_button.clicked.connect(self.new_household)
        self.import_button.clicked.connect(self.open_import)
        self.empty.import_button.clicked.connect(self.open_import)
        self.empty.demo_button.clicked.connect(self.load_demo)
        self.export_button.clicked.connect(self.open_export)
        self.model.modelReset.connect(self._show_count)
        self.model.loading_changed.connect(lambda _busy: self._show_count())
        ctx.signals.data_changed.connect(self._data_changed)
        ctx.signals.appearance_changed.connect(self._appearance_changed)
        self._show_count()

    # --- Page ------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Households")

    def activated(self) -> None:
        if not self._started:
            self._started = True
            self._stale = False
            # The rows first (scope -> list), the filter panel's villages and grids after:
            # at 300,000 households reading the places takes longer than the first page.
            store = self.ctx.store
            self.ctx.tasks.submit(
                lambda ctx: load_scope(store), on_done=self._scope_arrived, quiet=True
            )
        elif self._stale:
            self._stale = False
            self._read_places()
            self.model.refresh()

    def focus_widget(self) -> QWidget | None:
        return self.table if self.model.rowCount() else self.filters.text

    # --- actions ---------------------------------------------------------------------------

    def new_household(self) -> None:
        """Open the form for a new household (Ctrl+N)."""
        from gridapp.ui.forms.household_form import open_new_household

        open_new_household(self.ctx, self)

    def open_import(self) -> None:
        """The roster import dialog (导入花名册)."""
        from gridapp.ui.dialogs.import_export import ImportDialog

        dialog = ImportDialog(self.ctx, self)
        self.import_dialog = dialog
        dialog.open()

    def open_export(self) -> None:
        """The export dialog, offering the current filter as well as the whole register."""
        from gridapp.ui.dialogs.import_export import ExportDialog

        dialog = ExportDialog(
            self.ctx, self, current_filter=self.model.filter, filtered_count=self.model.rowCount()
        )
        self.export_dialog = dialog
        dialog.open()

    def load_demo(self) -> None:
        """Fill an empty register with the demo county (after asking)."""
        answer = QMessageBox.question(
            self,
            self.tr("Load demo data"),
            self.tr(
                "Load {count} invented households (武宁县) to try the program out? Demo data is "
                "for practice only: do not load it on a computer that will be used for the "
                "real register."
            ).replace("{count}", str(DEMO_HOUSEHOLDS)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.start_demo_load()

    def start_demo_load(self) -> None:
        """Load the demo county in the background (only into an empty register)."""
        from gridapp.demo.load import load_demo

        store = self.ctx.store

        def job(ctx: Any) -> int:
            if HouseholdRepository(store).stats()["households"]:
                return 0  # someone filled the register meanwhile: never mix in demo data
            summary = load_demo(
                store, DEMO_HOUSEHOLDS, progress=lambda done, total: ctx.progress(done, total)
            )
            return summary.households

        self.empty.demo_button.setEnabled(False)
        self.ctx.tasks.submit(
            job,
            on_done=self._demo_loaded,
            on_error=lambda exc: self._demo_failed(exc),
            label=self.tr("Loading demo data…"),
        )

    def clear_filters(self) -> None:
        self.filters.clear()
        self._apply_filter()

    # --- reacting --------------------------------------------------------------------------

    def _demo_loaded(self, households: int) -> None:
        self.empty.demo_button.setEnabled(True)
        self.ctx.signals.data_changed.emit(None)

    def _demo_failed(self, exc: BaseException) -> None:
        self.empty.demo_button.setEnabled(True)
        QMessageBox.warning(self, self.tr("Load demo data"), str(exc))

    def _apply_filter(self) -> None:
        self._text_timer.stop()
        flt = self.filters.current()
        if flt != self.model.filter or not self._started:
            self._started = True
            self.model.set_filter(flt)

    def _data_changed(self, changes: Changes | None) -> None:
        if self._started and self.touches(changes, LIST_TABLES):
            self.refresh_when_seen(self._refresh)

    def _refresh(self) -> None:
        self._read_places()
        self.model.refresh()

    def _read_places(self, first: bool = False) -> None:
        repo = self.repository
        self.ctx.tasks.submit(
            lambda ctx: read_places(repo),
            on_done=lambda p: self._places_arrived(p, first),
            quiet=True,
        )

    def _scope_arrived(self, scope: WorkScope | None) -> None:
        """Open the list at this PC's work scope (the grid box offers it once places came)."""
        flt = HouseholdFilter()
        if scope is not None and scope.grid_code:
            flt = HouseholdFilter(grid_code=scope.grid_code)
        elif scope is not None:
            flt = HouseholdFilter(place_code=scope.village_code)
        self.model.set_filter(flt)
        self._read_places(first=True)

    def _places_arrived(self, places: Places, first: bool) -> None:
        self.model.set_grid_names(places.names)
        self.filters.set_places(places.choices, places.scope if first else None)
        self.filters.hide_tags(places.hidden_tags)
        self.export_button.setVisible(places.may_export)
        if first and self.filters.current() != self.model.filter:
            self.model.set_filter(self.filters.current())

    def _show_count(self) -> None:
        model = self.model
        if not model.loaded or model.reloading:
            self.count_label.setText(self.tr("Reading…"))
            return
        count = model.rowCount()
        filtered = model.filter != HouseholdFilter()
        if model.counting:
            text = self.tr("Counting… (first {count} shown)")
        elif filtered:
            text = self.tr("{count} households match")
        else:
            text = self.tr("{count} households in all")
        self.count_label.setText(text.replace("{count}", f"{count:,}"))
        if count:
            self.stack.setCurrentWidget(self.table)
        else:
            if filtered:
                self.empty.show_nothing_matches()
            else:
                self.empty.show_register_empty()
            self.stack.setCurrentWidget(self.empty)
        self.export_button.setEnabled(bool(count) or filtered)

    def _size_columns(self) -> None:
        metrics = self.fontMetrics()
        widths = {
            "household_no": metrics.horizontalAdvance("0") * 15,
            "head_name": metrics.horizontalAdvance("网") * 7,
            "member_count": metrics.horizontalAdvance("人数") + 36,
            "grid_code": metrics.horizontalAdvance("网") * 10,
            "tags": metrics.horizontalAdvance("网") * 10,
            "updated_at": metrics.horizontalAdvance("0000-00-00") + 24,
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
