"""导入花名册 and 导出: the roster engine of ``gridapp/io`` from the window.

Both dialogs run their work as cancellable jobs of ``ctx.tasks`` (progress after half a
second, Cancel in the progress dialog); nothing here reads a file or the database on the UI
thread.

Import is the engine's two steps: the **check** (read the file, check every row, check ID
numbers and 户号 against the register — a dry run, nothing written) and, once the user
confirms the summary, the **import** (one transaction: every household or none). A file with
any problem imports nothing; its problems are listed row by row (行号, 列, 值, 问题) and can
be saved as .csv or .xlsx to work through in Excel. Cancelling leaves the register as it
was: the engine checks for cancellation inside its one write transaction, which then rolls
back.

Export writes the whole register or the households the list's filter shows, to .xlsx or
.csv, through a temporary file that replaces the target only when complete.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridapp.io.export import ExportCancelled, ExportResult, export_households
from gridapp.io.roster import ImportCancelled, ImportReport, RosterPlan, commit_roster, load_roster
from gridapp.io.roster_cells import error_cells
from gridapp.io.sheets import neutralise_formula
from gridapp.models.errors import ValidationError
from gridapp.store import household_list
from gridapp.store.db import Changes
from gridapp.store.errors import StoreError
from gridapp.store.household_list import HouseholdFilter
from gridapp.ui.context import UiContext
from gridapp.ui.tasks import Task, TaskCancelled, TaskContext, TaskState

AnyIndex = QModelIndex | QPersistentModelIndex
ROSTER_SUFFIXES = (".xlsx", ".csv")
ERROR_COLOUR = "#b3261e"  # the one red of the window: danger and problems
DONE_COLOUR = "#1b6e3a"
MAX_WRAPPED_ROWS = 2_000


@dataclass(frozen=True)
class ReportLine:
    """One problem of a roster: spreadsheet row (0: the whole file), column, cell, message."""

    row: int
    column: str
    value: str
    problem: str


def report_lines(path: Path, report: ImportReport, ctx: TaskContext | None) -> list[ReportLine]:
    """The report's errors with the cells they point at (reads the file once more)."""
    cancelled = ctx.cancelled if ctx is not None else None
    cells = error_cells(path, report.errors, cancelled=cancelled)
    return [
        ReportLine(e.row, e.column, cells.get((e.row, e.column), ""), e.text())
        for e in report.errors
    ]


def write_report(path: Path, headers: list[str], lines: list[ReportLine]) -> None:
    """Save the problems as .xlsx (text cells) or .csv (UTF-8 with BOM, for Excel).

    Written beside the target and moved over it when complete. Cells Excel would run as a
    formula are neutralised in CSV; in .xlsx every cell is text.
    """
    rows = [[str(line.row), line.column, line.value, line.problem] for line in lines]
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        if path.suffix.lower() == ".csv":
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow(headers)
                for row in rows:
                    writer.writerow([neutralise_formula(cell) for cell in row])
        else:
            os.close(fd)
            workbook = openpyxl.Workbook(write_only=True)
            sheet = workbook.create_sheet("问题清单")
            sheet.append(headers)
            for row in rows:
                cells = []
                for value in row:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"  # never a formula
                    cell.number_format = "@"
                    cells.append(cell)
                sheet.append(cells)
            workbook.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def with_suffix(path: Path, default: str = ".xlsx") -> Path:
    """``path`` with .xlsx or .csv (a typed name without one gets ``default``)."""
    return path if path.suffix.lower() in ROSTER_SUFFIXES else path.with_name(path.name + default)


def documents_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class ErrorTableModel(QAbstractTableModel):
    """The problems of a roster, one per row: 行号, 列, 值, 问题."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[ReportLine] = []
        self.headers = [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Problem")]

    def set_lines(self, lines: list[ReportLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < 4 else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return str(line.row) if line.row else self.tr("File")
            return (line.column, line.value, line.problem)[index.column() - 1]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


@dataclass
class _Outcome:
    """What a job left behind, also when the user pressed Cancel just as it finished."""

    plan: RosterPlan | None = None
    report: ImportReport | None = None
    export: ExportResult | None = None
    problem: str = ""
    lines: list[ReportLine] = field(default_factory=list)


class _JobDialog(QDialog):
    """A dialog that runs one background job at a time and hears how it ended."""

    def __init__(self, ctx: UiContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.state = "idle"
        ctx.tasks.task_finished.connect(self._task_finished)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def busy(self) -> bool:
        return self.task is not None and not self.task.finished

    def say(self, text: str, colour: str = "") -> None:
        self.status.setStyleSheet(f"color: {colour};" if colour else "")
        self.status.setText(text)

    def _run(self, job: Any, on_done: Any, label: str, state: str) -> Task:
        self.state = state
        self.task = self.ctx.tasks.submit(
            job, on_done=on_done, on_error=self._failed, label=label, cancellable=True
        )
        self._update_buttons()
        return self.task

    def _task_finished(self, task: Task) -> None:
        if task is not self.task:
            return
        if task.state == TaskState.CANCELLED:
            self._cancelled()
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.state = "failed"
        if isinstance(exc, ValidationError):
            text = "\n".join(exc.messages().values())
        elif isinstance(exc, StoreError):
            text = exc.text()
        else:
            text = str(exc)
        self.say(text, ERROR_COLOUR)

    def _cancelled(self) -> None:
        raise NotImplementedError

    def _update_buttons(self) -> None:
        raise NotImplementedError

    def reject(self) -> None:
        if self.busy() and self.task is not None:
            self.task.cancel()  # closing while working: stop the job (nothing half-done)
        super().reject()


class ImportDialog(_JobDialog):
    """导入花名册: choose a file, see the check's result, import on confirmation."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import roster"))
        self.path: Path | None = None
        self.plan: RosterPlan | None = None
        self.report: ImportReport | None = None
        self._outcome = _Outcome()

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("File:"), self))
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("Choose an Excel (.xlsx) or CSV roster"))
        row.addWidget(self.path_edit, 1)
        self.browse_button = QPushButton(self.tr("Choose file…"), self)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        hint = QLabel(
            self.tr(
                "One person per row, column names in the first row. Required columns: name, "
                "ID number, relation to the head, address. Nothing is imported while any row "
                "has a problem."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.status)

        self.errors = ErrorTableModel(self)
        self.error_view = QTableView(self)
        self.error_view.setObjectName("importErrors")
        self.error_view.setModel(self.errors)
        self.error_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.error_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.error_view.setWordWrap(True)
        self.error_view.verticalHeader().setVisible(False)
        header = self.error_view.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        pad = metrics.horizontalAdvance("网")  # the cells' padding (main window style sheet)
        self.error_view.setColumnWidth(0, metrics.horizontalAdvance("000000") + pad)
        self.error_view.setColumnWidth(1, metrics.horizontalAdvance("网") * 7 + pad)
        self.error_view.setColumnWidth(2, metrics.horizontalAdvance("0") * 20 + pad)
        self.error_view.setVisible(False)
        layout.addWidget(self.error_view, 100)
        layout.addStretch(1)  # takes the room while there is no problem list

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save problem list…"), self)
        self.save_button.setVisible(False)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.browse_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.start_import)
        self.save_button.clicked.connect(self.choose_report_file)
        self.close_button.clicked.connect(self.reject)
        width, height = metrics.horizontalAdvance("网") * 64, metrics.height() * 28
        screen = (parent or self).screen()
        if screen is not None:  # never larger than the screen (150 % text); the table scrolls
            room = screen.availableGeometry()
            width = min(width, int(room.width() * 0.95))
            height = min(height, int(room.height() * 0.9))
        self.resize(width, height)
        self.say(self.tr("Choose the roster file to import."))

    # --- steps ---------------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _kind = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a roster"),
            str(documents_dir()),
            self.tr("Rosters (*.xlsx *.csv)"),
        )
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        """Use this file and check it (what choosing it in the file dialog does)."""
        self.path = path
        self.path_edit.setText(str(path))
        self.check()

    def check(self) -> None:
        """Read and check the file, and check it against the register; write nothing."""
        path, store = self.path, self.ctx.store
        if path is None or self.busy():
            return
        self.plan = self.report = None
        self.errors.set_lines([])
        self._outcome = outcome = _Outcome()

        def job(ctx: TaskContext) -> _Outcome:
            try:
                plan = load_roster(path, progress=ctx.progress, cancelled=ctx.cancelled)
                if plan.errors:
                    report = commit_roster(None, plan)
                else:
                    report = commit_roster(
                        store, plan, dry_run=True, progress=ctx.progress, cancelled=ctx.cancelled
                    )
                lines = report_lines(path, report, ctx) if report.errors else []
            except ImportCancelled:
                raise TaskCancelled() from None
            outcome.plan, outcome.report, outcome.lines = plan, report, lines
            return outcome

        self.say(self.tr("Checking the roster…"))
        self._run(job, self._checked, self.tr("Checking the roster…"), "checking")

    def start_import(self) -> None:
        """Write every household of the checked file in one transaction."""
        plan, store, path = self.plan, self.ctx.store, self.path
        if plan is None or path is None or self.busy():
            return
        self._outcome = outcome = _Outcome()

        def job(ctx: TaskContext) -> _Outcome:
            try:
                report = commit_roster(store, plan, progress=ctx.progress, cancelled=ctx.cancelled)
            except ImportCancelled:
                raise TaskCancelled() from None
            outcome.report = report  # kept even if Cancel comes after the commit
            if report.errors:
                outcome.lines = report_lines(path, report, None)
            return outcome

        self.say(self.tr("Importing…"))
        self._run(job, self._imported, self.tr("Importing the roster…"), "importing")

    def choose_report_file(self) -> None:
        stem = self.path.stem if self.path is not None else "roster"
        suggestion = documents_dir() / self.tr("{file} problems.xlsx").replace("{file}", stem)
        name, _kind = QFileDialog.getSaveFileName(
            self,
            self.tr("Save problem list"),
            str(suggestion),
            self.tr("Excel workbook (*.xlsx);;CSV file (*.csv)"),
        )
        if name:
            self.save_report(with_suffix(Path(name)))

    def save_report(self, path: Path) -> None:
        """Write the problem list to ``path`` (.xlsx or .csv) in the background."""
        headers, lines = list(self.errors.headers), list(self.errors.lines)

        def job(ctx: TaskContext) -> str:
            try:
                write_report(path, headers, lines)
            except OSError as exc:
                return exc.strerror or str(exc)
            return ""

        def done(problem: str) -> None:
            if problem:
                self.say(
                    self.tr("The problem list could not be saved: {reason}").replace(
                        "{reason}", problem
                    ),
                    ERROR_COLOUR,
                )
            else:
                self.say(
                    self.tr("The problem list was saved to {path}").replace("{path}", str(path)),
                    DONE_COLOUR,
                )

        self.saved_path = path
        self.ctx.tasks.submit(job, on_done=done, label=self.tr("Saving the problem list…"))

    # --- outcomes ------------------------------------------------------------------------

    def _checked(self, outcome: _Outcome) -> None:
        report = outcome.report
        assert report is not None
        self.report = report
        if report.errors:
            self._show_problems(outcome.lines)
            return
        self.state = "ready"
        self.plan = outcome.plan
        self.say(
            self.tr(
                "The roster is in order: {households} households with {persons} persons can "
                "be imported. Press Import to add them to the register."
            )
            .replace("{households}", f"{report.households:,}")
            .replace("{persons}", f"{report.persons:,}")
        )
        self._update_buttons()
        self.import_button.setDefault(True)
        self.import_button.setFocus()

    def _imported(self, outcome: _Outcome) -> None:
        report = outcome.report
        assert report is not None
        if report.errors:  # the register changed since the check (a rare race)
            self._show_problems(outcome.lines)
            return
        self.state = "done"
        self.plan = None
        self.say(
            self.tr("Imported {households} households with {persons} persons.")
            .replace("{households}", f"{report.households:,}")
            .replace("{persons}", f"{report.persons:,}"),
            DONE_COLOUR,
        )
        self._update_buttons()
        self.ctx.signals.data_changed.emit(report.changes)

    def _show_problems(self, lines: list[ReportLine]) -> None:
        self.state = "bad"
        self.plan = None
        self.errors.set_lines(lines)
        # Rows as high as their wrapped message; beyond a few thousand that costs too much
        # on every resize, and one line per problem will do (the tooltip holds all of it).
        rows = self.error_view.verticalHeader()
        rows.setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
            if len(lines) <= MAX_WRAPPED_ROWS
            else QHeaderView.ResizeMode.Interactive
        )
        self.say(
            self.tr(
                "Nothing was imported: {count} problem(s) found. Correct them in the roster "
                "(the list below names row and column) and choose the file again."
            ).replace("{count}", f"{len(lines):,}"),
            ERROR_COLOUR,
        )
        self._update_buttons()

    def _cancelled(self) -> None:
        outcome = self._outcome
        if outcome.report is not None and outcome.report.written:
            self._imported(outcome)  # Cancel came after the commit: it did happen
            return
        if self.state == "importing" and self.plan is not None:
            self.state = "ready"  # nothing was written: the checked file can be imported again
        else:
            self.state = "cancelled"
            self.plan = None
        self.say(self.tr("Cancelled: nothing was imported."))

    def _update_buttons(self) -> None:
        busy = self.busy()
        self.browse_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self.state == "ready")
        has_problems = bool(self.errors.lines)
        self.error_view.setVisible(has_problems)
        self.save_button.setVisible(has_problems)
        self.save_button.setEnabled(not busy)


class ExportDialog(_JobDialog):
    """导出: the whole register or the list's current filter, to .xlsx or .csv."""

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        current_filter: HouseholdFilter | None = None,
        filtered_count: int = 0,
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export roster"))
        self.current_filter = current_filter or HouseholdFilter()
        self.export_result: ExportResult | None = None  # not ``result``: QDialog.result()
        self._outcome = _Outcome()

        layout = QVBoxLayout(self)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Export:"), self), 0, 0, Qt.AlignmentFlag.AlignTop)
        self.all_button = QRadioButton(self.tr("The whole register"), self)
        self.filter_button = QRadioButton(
            self.tr("The households the list shows now ({count})").replace(
                "{count}", f"{filtered_count:,}"
            ),
            self,
        )
        scope = QButtonGroup(self)
        scope.addButton(self.all_button)
        scope.addButton(self.filter_button)
        filtered = self.current_filter != HouseholdFilter()
        self.filter_button.setEnabled(filtered)
        (self.filter_button if filtered else self.all_button).setChecked(True)
        choices = QVBoxLayout()
        choices.addWidget(self.all_button)
        choices.addWidget(self.filter_button)
        grid.addLayout(choices, 0, 1)
        grid.addWidget(QLabel(self.tr("File:"), self), 1, 0)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        name = self.tr("Household roster {date}.xlsx").replace(
            "{date}", date.today().strftime("%Y%m%d")
        )
        self.path_edit.setText(str(documents_dir() / name))
        row.addWidget(self.path_edit, 1)
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        row.addWidget(self.browse_button)
        grid.addLayout(row, 1, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        hint = QLabel(
            self.tr(
                "Writes the current members of each household (not those who moved out or "
                "died) in the roster's columns; the file can be imported again as it is."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.open_folder_button = QPushButton(self.tr("Open folder"), self)
        self.open_folder_button.setVisible(False)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        self.export_button = QPushButton(self.tr("Export"), self)
        self.export_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.browse_button.clicked.connect(self.choose_file)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        self.open_folder_button.clicked.connect(self.open_folder)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("网") * 44, metrics.height() * 14)

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))

    @property
    def path(self) -> Path:
        return with_suffix(Path(self.path_edit.text().strip()))

    def choose_file(self) -> None:
        name, _kind = QFileDialog.getSaveFileName(
            self,
            self.tr("Export roster"),
            str(self.path),
            self.tr("Excel workbook (*.xlsx);;CSV file (*.csv)"),
        )
        if name:
            self.set_path(with_suffix(Path(name)))

    def start_export(self) -> None:
        """Write the file in the background (progress and Cancel after half a second)."""
        if self.busy() or not self.path_edit.text().strip():
            return
        store, path = self.ctx.store, self.path
        flt = self.current_filter if self.filter_button.isChecked() else None
        self.set_path(path)
        self._outcome = outcome = _Outcome()

        def job(ctx: TaskContext) -> _Outcome:
            only = household_list.household_ids(store.conn, flt) if flt is not None else None
            try:
                outcome.export = export_households(
                    store, path, progress=ctx.progress, cancelled=ctx.cancelled, only=only
                )
            except ExportCancelled:
                raise TaskCancelled() from None
            except OSError as exc:
                outcome.problem = exc.strerror or str(exc)
            return outcome

        self.open_folder_button.setVisible(False)
        self.say(self.tr("Exporting…"))
        self._run(job, self._exported, self.tr("Exporting the roster…"), "exporting")

    def _exported(self, outcome: _Outcome) -> None:
        if outcome.problem:
            self.state = "failed"
            self.say(
                self.tr("The file {file} cannot be written: {reason}")
                .replace("{file}", str(self.path))
                .replace("{reason}", outcome.problem),
                ERROR_COLOUR,
            )
            return
        result = outcome.export
        assert result is not None
        self.state = "done"
        self.export_result = result
        self.say(
            self.tr("Exported {households} households with {persons} persons to {file}")
            .replace("{households}", f"{result.households:,}")
            .replace("{persons}", f"{result.persons:,}")
            .replace("{file}", str(result.path)),
            DONE_COLOUR,
        )
        self.open_folder_button.setVisible(True)
        # The export is in the audit log; no register rows changed.
        self.ctx.signals.data_changed.emit(Changes())

    def _cancelled(self) -> None:
        if self._outcome.export is not None:
            self._exported(self._outcome)  # Cancel came after the file was complete
            return
        self.state = "cancelled"
        self.say(self.tr("Cancelled: no file was written."))

    def _update_buttons(self) -> None:
        busy = self.busy()
        for widget in (self.export_button, self.browse_button, self.path_edit):
            widget.setEnabled(not busy)

    def open_folder(self) -> None:
        if self.export_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.export_result.path.parent)))
