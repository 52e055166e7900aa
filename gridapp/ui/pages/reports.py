"""台账报表: choose a monthly ledger, the month (or period) and the scope; generate it; look
at its pages in the window; print it or save it as PDF.

Generating is two steps. The data is read on the worker (``read_printable``, as ``gridapp
report`` reads it; it needs the store's connection). Laying out and writing the PDF needs no
database and takes seconds to tens of seconds for a big village, so it runs beside the queue
(``TaskRunner.beside``): the lists and the search keep answering meanwhile. The page shows
its own progress (已排版 N 页) with 取消 instead of the runner's modal dialog, so a worker
can go on with other pages.

The PDF is written to a private temporary folder (``tempfile.mkdtemp``), removed when the
window closes; 另存为 copies it (``.part``, then a rename). Design note: docs/window.md
"台账报表".
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.errors import ValidationError
from gridapp.models.ledger import PARTY_FEEDBACK, LedgerRequest
from gridapp.models.month_close import PrintableLedger
from gridapp.store.errors import StoreError
from gridapp.ui.context import UiContext
from gridapp.ui.heading import Heading
from gridapp.ui.ledger_choices import LedgerChoices, LedgerKinds
from gridapp.ui.ledger_jobs import (
    Generated,
    ScopeChoices,
    WriteOutcome,
    default_file_name,
    read_ledger_data,
    read_scope_choices,
    save_copy,
    write_ledger_file,
)
from gridapp.ui.ledger_preview import LedgerPreview, LedgerPrintJob
from gridapp.ui.month_closing import MonthClosing
from gridapp.ui.pages.base import Page
from gridapp.ui.tasks import Task


@dataclass
class _Generation:
    """One 生成 in flight."""

    request: LedgerRequest
    unmasked: bool
    names: tuple[str, str, str]  # ledger, scope, month or period as shown
    target: Path
    cancel: threading.Event = field(default_factory=threading.Event)
    read_task: Task | None = None


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    folders.clear()


class _Relay(QObject):
    """Carries the writer thread's page count to the UI thread (a queued signal)."""

    laid_out = Signal(int)


class ReportsPage(Page):
    name = "reports"
    generated_changed = Signal()  # a ledger was generated (or generating it ended)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._folder: Path | None = None  # made at the first 生成
        self._folders: list[Path] = []  # every one made, for removal
        self._serial = 0
        self._job: _Generation | None = None
        self.print_job: LedgerPrintJob | None = None
        self.generated: Generated | None = None
        self._choices_read = False
        self._watched: QWidget | None = None
        self._relay = _Relay(self)
        self._relay.laid_out.connect(self._laid_out)
        self._build()
        folders = self._folders
        self.destroyed.connect(lambda _obj=None: _remove(folders))
        ctx.signals.data_changed.connect(self._data_changed)

    def title(self) -> str:
        return self.tr("Ledgers")

    @property
    def folder(self) -> Path:
        """The private folder of the generated PDFs (made when first needed)."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="gridapp-ledgers-"))
            self._folders.append(self._folder)
        return self._folder

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        heading = Heading(self.title(), self)
        heading.setObjectName("pageHeading")
        outer.addWidget(heading)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        self.kinds = LedgerKinds(self)
        body.addWidget(self.kinds)
        main = QVBoxLayout()
        body.addLayout(main, 1)
        self.choices = LedgerChoices(self)
        main.addWidget(self.choices)
        main.addWidget(self._build_progress())
        self.shown = QLabel(self)
        self.shown.setObjectName("ledgerShown")
        self.shown.setWordWrap(True)
        main.addWidget(self.shown)
        self.preview = LedgerPreview(self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("printLedger")
        self.save_button = QPushButton(self.tr("Save as…"), self)
        self.save_button.setObjectName("saveLedger")
        self.preview.tools.addStretch(1)
        self.preview.tools.addWidget(self.print_button)
        self.preview.tools.addWidget(self.save_button)
        main.addWidget(self.preview, 1)
        self.preview.show_message(
            self.tr("Choose a ledger, the month and the scope, then press Generate.")
        )
        self.generate_button = self.choices.generate_button
        self.kinds.changed.connect(self.choices.show_kind)
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self.print_ledger)
        self.save_button.clicked.connect(self.save_as)
        self.ctx.signals.appearance_changed.connect(self.kinds.fit_width)
        self.closing = MonthClosing(
            self.ctx,
            self.kinds.close_month,
            self.kinds.reopen_month,
            self.kinds.closing_status,
            self,
        )
        self.kinds.changed.connect(self._closing_choice)
        self.choices.month.currentIndexChanged.connect(self._closing_choice)
        self.choices.scope.currentIndexChanged.connect(self._closing_choice)
        self._update_buttons()

    def _build_progress(self) -> QWidget:
        self.progress_row = QWidget(self)
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar(self.progress_row)
        self.progress.setRange(0, 0)  # the page count is known only at the end
        self.progress.setTextVisible(False)
        self.progress_label = QLabel(self.progress_row)
        self.progress_label.setObjectName("ledgerProgress")
        self.cancel_button = QPushButton(self.tr("Cancel"), self.progress_row)
        row.addWidget(self.progress, 1)
        row.addWidget(self.progress_label)
        row.addWidget(self.cancel_button)
        self.progress_row.setVisible(False)
        return self.progress_row

    # --- the choices -------------------------------------------------------------------------

    def activated(self) -> None:
        self._watch_window()
        if self._choices_read and not self._stale:
            return
        self._stale = False
        self._choices_read = True
        store = self.ctx.store
        self.ctx.tasks.submit(
            lambda _ctx: read_scope_choices(store), on_done=self._choices_arrived, quiet=True
        )

    def focus_widget(self) -> QWidget | None:
        """The ledger chosen: arrow keys pick another, Tab goes on to month and scope."""
        return self.kinds.buttons[self.kinds.kind()]

    def _choices_arrived(self, choices: ScopeChoices) -> None:
        self.choices.set_scopes(choices)
        self._closing_choice()
        if not choices.items and self.generated is None:
            self.preview.show_message(
                self.tr(
                    "The register has no village yet. Load the demo data or import a roster, "
                    "then choose this PC's work area in Settings."
                )
            )
        self._update_buttons()

    def _closing_choice(self, _changed: object = None) -> None:
        """Where the chosen month of the chosen scope's village stands (结账 / 反结账)."""
        self.closing.refresh(
            self.kinds.kind(), self.choices.scope_code(), self.choices.chosen_month()
        )

    def choose(self, kind: str, scope_code: str = "", month: date | None = None) -> None:
        """Select a ledger (and optionally the scope and month), as a user would."""
        self.kinds.choose(kind)
        if scope_code:
            scope = self.choices.scope
            scope.setCurrentIndex(scope.findData(scope_code))
        if month is not None:
            self.choices.choose_month(month)

    def _data_changed(self, _changes: object) -> None:
        if self.generated is not None:
            self.shown.setText(
                self._shown_text(self.generated)
                + "\n"
                + self.tr("The register changed since: generate again to see the changes.")
            )
        self._stale = True
        if self.isVisible():
            self.activated()

    # --- generating ------------------------------------------------------------------------

    def busy(self) -> bool:
        """True while a ledger is being read or written."""
        return self._job is not None

    def generate(self) -> None:
        """Read the chosen ledger on the worker, then lay it out and write it beside."""
        choices = self.choices
        code = choices.scope_code()
        if self._job is not None or not code:
            return
        kind = self.kinds.kind()
        period = choices.chosen_period() if kind == PARTY_FEEDBACK else ""
        request = LedgerRequest(kind, choices.chosen_month(), code, period)
        self._serial += 1
        job = _Generation(
            request,
            choices.unmasked_wanted(),
            (self.kinds.labels()[kind], choices.scope_name(), choices.when_text(kind)),
            self.folder / f"ledger-{self._serial}.pdf",
        )
        self._job = job
        self._show_progress(self.tr("Reading the data…"))
        store = self.ctx.store
        job.read_task = self.ctx.tasks.submit(
            lambda _ctx: read_ledger_data(store, request, job.unmasked),
            on_done=lambda data: self._data_read(job, data),
            on_error=lambda exc: self._failed(job, exc),
            quiet=True,
            cancellable=True,
        )

    def cancel(self) -> None:
        job = self._job
        if job is None:
            return
        job.cancel.set()
        if job.read_task is not None and not job.read_task.finished:
            job.read_task.cancel()
            self._finish(job)  # a cancelled read calls nothing back
        else:
            self.progress_label.setText(self.tr("Cancelling…"))

    def _data_read(self, job: _Generation, data: PrintableLedger) -> None:
        if job is not self._job or job.cancel.is_set():
            return
        self._show_progress(self.tr("Laying out…"))
        emit = self._relay.laid_out.emit

        def write(stopping: Callable[[], bool]) -> WriteOutcome:
            return write_ledger_file(data, job.target, job.unmasked, job.cancel, stopping, emit)

        self.ctx.tasks.beside(
            write,
            on_done=lambda outcome: self._written(job, outcome),
            on_error=lambda exc: self._failed(job, exc),
        )

    @Slot(int)
    def _laid_out(self, pages: int) -> None:
        if self._job is not None and not self._job.cancel.is_set():
            text = self.tr("{pages} pages laid out").replace("{pages}", str(pages))
            self.progress_label.setText(text)

    def _written(self, job: _Generation, outcome: WriteOutcome) -> None:
        self._finish(job)
        if outcome.stopped or job.cancel.is_set():
            job.target.unlink(missing_ok=True)
            return
        if outcome.problem:
            QMessageBox.information(self, self.tr("Ledgers"), self._problem_text(job, outcome))
            return
        old = self.generated
        pages = self.preview.open(job.target)
        self.generated = Generated(job.target, pages, job.names, job.request, job.unmasked)
        if old is not None:
            # Windows refuses while another reader has it open; the folder goes at close.
            with contextlib.suppress(OSError):
                old.path.unlink(missing_ok=True)
        self.shown.setText(self._shown_text(self.generated))
        self._update_buttons()
        self.generated_changed.emit()

    def _problem_text(self, job: _Generation, outcome: WriteOutcome) -> str:
        if outcome.problem == "renderer":
            return self.tr(
                "The “{ledger}” cannot be printed yet: this version does not draw it. "
                "The other ledgers work."
            ).replace("{ledger}", job.names[0])
        if outcome.problem == "glyph":
            return self.tr(
                "{detail} Check that the character was typed right; if it is right, ask the "
                "county's IT staff."
            ).replace("{detail}", outcome.detail)
        return self.tr("The ledger could not be written to the temporary folder: {detail}").replace(
            "{detail}", outcome.detail
        )

    def _shown_text(self, generated: Generated) -> str:
        ledger, scope, when = generated.names
        text = self.tr("Shown: {ledger} · {scope} · {when} ({pages} pages)")
        for key, value in (
            ("{ledger}", ledger),
            ("{scope}", scope),
            ("{when}", when),
            ("{pages}", str(generated.pages)),
        ):
            text = text.replace(key, value)
        if generated.unmasked:
            text += self.tr(" — with full ID and phone numbers")
        return text

    def _failed(self, job: _Generation, exc: BaseException) -> None:
        """The read refused the request (a calm message), or something broke (the runner
        re-raises programming errors after this; the page is usable again)."""
        self._finish(job)
        if isinstance(exc, ValidationError):
            text = "\n".join(exc.messages().values())
        elif isinstance(exc, StoreError):
            text = exc.text()
        else:
            text = self.tr("The ledger could not be generated. The details are in the log.")
        QMessageBox.warning(self, self.tr("Ledgers"), text)

    def _finish(self, job: _Generation) -> None:
        if job is self._job:
            self._job = None
        self.progress_row.setVisible(False)
        self._update_buttons()
        self.generated_changed.emit()

    def _show_progress(self, text: str) -> None:
        self.progress_label.setText(text)
        self.progress_row.setVisible(True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        have = self.generated is not None
        idle = self._job is None and self.print_job is None  # one progress row, one at a time
        self.generate_button.setEnabled(idle and self.choices.scope.count() > 0)
        self.print_button.setEnabled(have and self.print_job is None)
        self.save_button.setEnabled(have)

    # --- printing and saving ---------------------------------------------------------------

    def print_ledger(self) -> None:
        """QPrintDialog for the generated ledger (page range, current page), then print."""
        generated = self.generated
        if generated is None or self.print_job is not None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(default_file_name(generated.names)[:-4])
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the ledger"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setMinMax(1, generated.pages)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pages = list(range(generated.pages))
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            last = printer.toPage() or generated.pages
            pages = list(range(printer.fromPage() - 1, min(last, generated.pages)))
        elif printer.printRange() == QPrinter.PrintRange.CurrentPage:
            pages = [self.preview.current_page]
        job = LedgerPrintJob(generated.path, printer, pages)
        self.print_job = job
        job.progressed.connect(self._printed_page)
        job.finished.connect(self._print_finished)
        self.cancel_button.clicked.connect(job.cancel)
        self._show_progress(self.tr("Printing…"))
        self._update_buttons()
        job.start(self.ctx.tasks)

    @Slot(int, int)
    def _printed_page(self, done: int, total: int) -> None:
        text = self.tr("Printed {done} of {total} pages")
        self.progress_label.setText(
            text.replace("{done}", str(done)).replace("{total}", str(total))
        )

    @Slot(str)
    def _print_finished(self, error: str) -> None:
        job, self.print_job = self.print_job, None
        if job is not None:
            self.cancel_button.clicked.disconnect(job.cancel)
            job.deleteLater()
        self.progress_row.setVisible(self._job is not None)
        self._update_buttons()
        self.generated_changed.emit()
        if error:
            QMessageBox.warning(self, self.tr("Ledgers"), error)

    def save_as(self) -> None:
        """Copy the generated ledger to a file the user names."""
        generated = self.generated
        if generated is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / default_file_name(generated.names))
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the ledger as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            save_copy(generated.path, target)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Ledgers"),
                self.tr("The ledger could not be saved: {error}").replace("{error}", str(exc)),
            )

    # --- closing ---------------------------------------------------------------------------

    def _watch_window(self) -> None:
        """Remove the private folder when the window closes (the page itself gets no close)."""
        window = self.window()
        if window is not self and window is not self._watched:
            window.installEventFilter(self)
            self._watched = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and isinstance(event, QCloseEvent) and event.isAccepted():
            self.release()
        return super().eventFilter(watched, event)

    def release(self) -> None:
        """Stop what runs, close the preview's file and remove the private folder."""
        if self._job is not None:
            self._job.cancel.set()
        if self.print_job is not None:
            self.print_job.cancel()
        self.preview.clear()
        self.generated = None
        self._folder = None
        _remove(self._folders)
