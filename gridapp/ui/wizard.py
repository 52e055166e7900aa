"""First run: which village and grid this PC works for, and data for an empty register.

:class:`FirstRunWizard` is opened by the main window when no work scope was chosen yet
(``gridapp.store.scope``). Two short steps:

1. only when the register is empty — 载入演示数据 (the demo county, through the background
   worker with progress), 导入花名册 (the import dialog) or 暂不;
2. the work scope: township → village → grid from the places in the register, or, when the
   register has none, from the demo county's list (the same places 载入演示数据 creates).

Closing the wizard without choosing leaves the scope unset: it asks again at the next start.
The pieces are shared: :class:`ScopePicker` is also on the settings page, and
:func:`load_demo_data` / :func:`open_import_dialog` also serve the home page's empty state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.store.db import Changes
from gridapp.store.home import register_counts
from gridapp.store.scope import PlaceChoice, WorkScope, save_scope, stored_places
from gridapp.ui.context import UiContext
from gridapp.ui.heading import Heading
from gridapp.ui.tasks import TaskContext

DEMO_HOUSEHOLDS = 300  # as `make run`: a county slice a worker can look through
DEMO_SEED = 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


def demo_county_places() -> list[PlaceChoice]:
    """The demo county's townships, villages and grids (what 载入演示数据 creates)."""
    from gridapp.demo.places import demo_places

    return [
        PlaceChoice(p.code, p.name, p.level, p.parent_code)
        for p in demo_places(DEMO_SEED, DEMO_HOUSEHOLDS)
        if p.level != "county"
    ]


def scope_changes() -> Changes:
    """What a changed work scope tells ``data_changed`` listeners (local meta, no rows)."""
    changes = Changes()
    changes.add("meta", "work_scope")
    return changes


# --- the data actions (also on the home page) -------------------------------------------------


def load_demo_data(
    ctx: UiContext, on_done: Callable[[bool], None] | None = None, parent: QWidget | None = None
) -> None:
    """Load the demo county into an empty register, with progress; ``on_done(loaded)``.

    Refused (``loaded`` False) when the register already holds households: demo data never
    mixes with real data.
    """
    from gridapp.demo.load import load_demo

    store = ctx.store

    def run(task_ctx: TaskContext) -> bool:
        if register_counts(store.conn).households:
            return False
        load_demo(store, DEMO_HOUSEHOLDS, seed=DEMO_SEED, progress=task_ctx.progress)
        return True

    def done(loaded: bool) -> None:
        if loaded:
            ctx.signals.data_changed.emit(None)  # everything changed
        else:
            QMessageBox.information(
                parent,
                QCoreApplication.translate("FirstRun", "GridApp"),
                QCoreApplication.translate(
                    "FirstRun", "The register already holds households; demo data was not loaded."
                ),
            )
        if on_done is not None:
            on_done(loaded)

    ctx.tasks.submit(
        run, on_done=done, label=QCoreApplication.translate("FirstRun", "Loading the demo county…")
    )


def open_import_dialog(
    ctx: UiContext, parent: QWidget | None, on_closed: Callable[[], None] | None = None
) -> None:
    """Open the roster import dialog (``gridapp.ui.dialogs.import_export``)."""
    try:
        from gridapp.ui.dialogs.import_export import ImportDialog
    except ImportError:
        QMessageBox.information(
            parent,
            QCoreApplication.translate("FirstRun", "GridApp"),
            QCoreApplication.translate(
                "FirstRun", "Importing a roster is not available in this version."
            ),
        )
        if on_closed is not None:
            on_closed()
        return
    dialog: Any = ImportDialog(ctx, parent)
    if on_closed is not None:
        dialog.finished.connect(lambda _result: on_closed())
    dialog.open()


# --- choosing the scope ----------------------------------------------------------------------


class ScopePicker(QWidget):
    """Three linked lists: township/subdistrict → village/community → grid (or whole village)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.places: list[PlaceChoice] = []
        self.township = QComboBox(self)
        self.township.setObjectName("scopeTownship")
        self.village = QComboBox(self)
        self.village.setObjectName("scopeVillage")
        self.grid = QComboBox(self)
        self.grid.setObjectName("scopeGrid")
        for combo in (self.township, self.village, self.grid):
            combo.setMinimumContentsLength(16)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Township / subdistrict"), self.township)
        form.addRow(self.tr("Village / community"), self.village)
        form.addRow(self.tr("Grid"), self.grid)
        self.township.currentIndexChanged.connect(self._fill_villages)
        self.village.currentIndexChanged.connect(self._fill_grids)
        self.grid.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def set_places(self, places: list[PlaceChoice], scope: WorkScope | None = None) -> None:
        """Offer ``places``; preselect ``scope`` when it is among them."""
        self.places = places
        self._fill(self.township, self._children("township", None), with_all=False)
        if scope is not None:
            village = self._place(scope.village_code)
            if village is not None:
                self._select(self.township, village.parent_code or "")
                self._select(self.village, village.code)
                self._select(self.grid, scope.grid_code)
        self.changed.emit()

    def scope(self) -> WorkScope | None:
        """The choice, or None when there is no village to choose."""
        village = self._place(self._code(self.village))
        if village is None:
            return None
        grid = self._place(self._code(self.grid))
        township = self._place(village.parent_code or "")
        return WorkScope(
            village_code=village.code,
            village_name=village.name,
            grid_code=grid.code if grid else "",
            grid_name=grid.name if grid else "",
            township_name=township.name if township else "",
        )

    # --- helpers ------------------------------------------------------------------------------

    def _place(self, code: str) -> PlaceChoice | None:
        return next((p for p in self.places if p.code == code), None) if code else None

    def _children(self, level: str, parent: str | None) -> list[PlaceChoice]:
        if level == "township":
            # Townships whose villages are known (a register may hold villages only).
            with_villages = {p.parent_code for p in self.places if p.level == "village"}
            found = [p for p in self.places if p.level == "township" and p.code in with_villages]
            orphans = {c for c in with_villages if c and self._place(c) is None}
            found += [PlaceChoice(code, code, "township", None) for code in sorted(orphans)]
            return found
        return [p for p in self.places if p.level == level and p.parent_code == parent]

    def _fill(self, combo: QComboBox, places: list[PlaceChoice], with_all: bool) -> None:
        combo.blockSignals(True)
        combo.clear()
        if with_all:
            combo.addItem(self.tr("Whole village (all grids)"), "")
        for place in places:
            combo.addItem(place.name, place.code)
        combo.setEnabled(combo.count() > 0)
        combo.setCurrentIndex(0 if combo.count() else -1)
        combo.blockSignals(False)
        if combo is self.township:
            self._fill_villages()
        elif combo is self.village:
            self._fill_grids()

    def _fill_villages(self, _index: int = 0) -> None:
        self._fill(self.village, self._children("village", self._code(self.township)), False)
        self.changed.emit()

    def _fill_grids(self, _index: int = 0) -> None:
        code = self._code(self.village)
        grids = self._children("grid", code) if code else []
        self._fill(self.grid, grids, with_all=bool(code))
        self.changed.emit()

    @staticmethod
    def _code(combo: QComboBox) -> str:
        return str(combo.currentData() or "")

    @staticmethod
    def _select(combo: QComboBox, code: str) -> None:
        index = combo.findData(code)
        if index >= 0:
            combo.setCurrentIndex(index)


# --- the wizard ------------------------------------------------------------------------------


class FirstRunWizard(QDialog):
    """The first-run dialog (see the module docstring). Reads what it needs in the background:
    until then it shows "Reading the register…"."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("firstRun")
        self.setWindowTitle(self.tr("Welcome to GridApp"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.from_demo_list = False
        self.saved: WorkScope | None = None

        self.pages = QStackedWidget(self)
        self.loading = QLabel(self.tr("Reading the register…"), self)
        self.pages.addWidget(self.loading)
        self.data_step = self._build_data_step()
        self.pages.addWidget(self.data_step)
        self.scope_step = self._build_scope_step()
        self.pages.addWidget(self.scope_step)

        layout = QVBoxLayout(self)
        layout.addWidget(Heading(self.tr("Welcome to GridApp"), self))
        layout.addWidget(self.pages, 1)
        self.resize(640, 420)
        self._read_register()

    # --- steps ------------------------------------------------------------------------------

    def _build_data_step(self) -> QWidget:
        step = QWidget(self)
        layout = QVBoxLayout(step)
        text = QLabel(
            self.tr(
                "This computer holds no households yet. Import the roster of your village "
                "(an Excel or CSV file), or load the demo county to try GridApp out. You can "
                "also do this later from the home page."
            ),
            step,
        )
        text.setWordWrap(True)
        self.demo_button = QPushButton(
            self.tr("Load demo data ({count} households of the demo county)").replace(
                "{count}", str(DEMO_HOUSEHOLDS)
            ),
            step,
        )
        self.import_button = QPushButton(self.tr("Import a roster…"), step)
        self.skip_data_button = QPushButton(self.tr("Not now"), step)
        self.demo_button.clicked.connect(self._load_demo)
        self.import_button.clicked.connect(self._import)
        self.skip_data_button.clicked.connect(self._read_places)
        layout.addWidget(text)
        for button in (self.demo_button, self.import_button, self.skip_data_button):
            layout.addWidget(button)
        layout.addStretch(1)
        return step

    def _build_scope_step(self) -> QWidget:
        step = QWidget(self)
        layout = QVBoxLayout(step)
        question = QLabel(self.tr("Which village and grid does this computer work for?"), step)
        question.setWordWrap(True)
        self.source_label = QLabel(step)
        self.source_label.setWordWrap(True)
        self.picker = ScopePicker(step)
        self.picker.changed.connect(self._update_finish)
        buttons = QHBoxLayout()
        self.later_button = QPushButton(self.tr("Later"), step)
        self.later_button.setToolTip(self.tr("GridApp asks again at the next start"))
        self.finish_button = QPushButton(self.tr("Finish"), step)
        self.finish_button.setDefault(True)
        self.later_button.clicked.connect(self.reject)
        self.finish_button.clicked.connect(self._finish)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.finish_button)
        layout.addWidget(question)
        layout.addWidget(self.picker)
        layout.addWidget(self.source_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return step

    # --- flow -------------------------------------------------------------------------------

    def _read_register(self) -> None:
        store = self.ctx.store

        def run(task_ctx: TaskContext) -> tuple[int, list[PlaceChoice]]:
            return register_counts(store.conn).households, stored_places(store.conn)

        self.ctx.tasks.submit(run, on_done=self._register_read)

    def _register_read(self, result: tuple[int, list[PlaceChoice]]) -> None:
        households, places = result
        if households == 0:
            self.pages.setCurrentWidget(self.data_step)
            self.demo_button.setFocus()
        else:
            self._show_places(places)

    def _load_demo(self) -> None:
        self._set_data_buttons(False)
        load_demo_data(self.ctx, on_done=lambda _loaded: self._read_places(), parent=self)

    def _import(self) -> None:
        open_import_dialog(self.ctx, self, on_closed=self._read_places)

    def _set_data_buttons(self, enabled: bool) -> None:
        for button in (self.demo_button, self.import_button, self.skip_data_button):
            button.setEnabled(enabled)

    def _read_places(self) -> None:
        store = self.ctx.store
        self.ctx.tasks.submit(lambda task_ctx: stored_places(store.conn), on_done=self._show_places)

    def _show_places(self, places: list[PlaceChoice]) -> None:
        self.from_demo_list = not any(p.level == "village" for p in places)
        if self.from_demo_list:
            places = demo_county_places()
            self.source_label.setText(
                self.tr(
                    "The register holds no places yet: these are the places of the demo "
                    "county. You can change the choice later under Settings."
                )
            )
        else:
            self.source_label.setText(self.tr("You can change the choice later under Settings."))
        self.picker.set_places(places)
        self.pages.setCurrentWidget(self.scope_step)
        self.picker.village.setFocus()
        self._update_finish()

    def _update_finish(self) -> None:
        self.finish_button.setEnabled(self.picker.scope() is not None)

    def _finish(self) -> None:
        scope = self.picker.scope()
        if scope is None:
            return
        store = self.ctx.store
        self.finish_button.setEnabled(False)

        def run(task_ctx: TaskContext) -> WorkScope:
            save_scope(store, scope)
            return scope

        def done(saved: WorkScope) -> None:
            self.saved = saved
            self.ctx.signals.data_changed.emit(scope_changes())
            self.accept()

        self.ctx.tasks.submit(run, on_done=done, on_error=lambda _e: self._update_finish())
