"""A ledger PDF inside the window: the page preview of 台账报表 and printing through QPrinter.

Both draw pages with pypdfium2 (PDFium). PDFium is not thread-safe — not even for two
documents on two threads — so every call into it holds :data:`PDFIUM_LOCK`.

The preview (:class:`LedgerPreview`) shows ONE page at a time and renders only that page
(a 300-page ledger renders nothing up front); a few rendered pages are kept for going back
and forth. Rendering a page for the screen takes 7-10 ms (measured at 100-150 %, A4
landscape), so it runs on the UI thread.

Printing (:class:`LedgerPrintJob`): a QPainter on a QPrinter must paint on the UI thread, and
a page at 300 dpi takes ~30 ms to render plus the painting. The pages are rendered beside the
queue (``TaskRunner.beside``) at the printer's resolution (at most :data:`PRINT_DPI_CAP`) and
handed to the UI thread one at a time through a queued signal; the UI thread paints one page
per turn of its event loop, so the window answers between pages and the job can be
cancelled. At most :data:`PRINT_AHEAD` pages wait in memory (an A4 page at 300 dpi is 35 MB).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PySide6.QtCore import QObject, QRect, Qt, Signal, Slot
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPageLayout,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridapp.ui.tasks import TaskRunner

PDFIUM_LOCK = threading.Lock()
POINTS_PER_INCH = 72.0
PRINT_DPI_CAP = 300
PRINT_AHEAD = 2  # rendered pages waiting to be painted
CACHED_PAGES = 6
FIT_WIDTH = "fit"
ACTUAL_SIZE = "100"


def open_pdf(path: Path) -> pdfium.PdfDocument:
    with PDFIUM_LOCK:
        return pdfium.PdfDocument(str(path))


def close_pdf(document: pdfium.PdfDocument) -> None:
    with PDFIUM_LOCK:
        document.close()


def page_sizes(document: pdfium.PdfDocument) -> list[tuple[float, float]]:
    """Every page's (width, height) in points."""
    with PDFIUM_LOCK:
        return [document.get_page_size(i) for i in range(len(document))]


def page_image(document: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    """Page ``index`` rendered at ``scale`` pixels per point (a copy Qt owns)."""
    with PDFIUM_LOCK:
        page = document[index]
        try:
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            try:
                image = QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGBX8888,
                )
                return image.copy()  # the bitmap's memory goes with the bitmap
            finally:
                bitmap.close()
        finally:
            page.close()


class LedgerPreview(QWidget):
    """One page of a ledger PDF at a time: 上一页 / 下一页, 第 N / M 页, 适合宽度 / 100 %."""

    page_changed = Signal(int)  # 0-based page shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerPreview")
        self._document: pdfium.PdfDocument | None = None
        self._sizes: list[tuple[float, float]] = []
        self._page = 0
        self._cache: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("Previous page"), self)
        self.previous_button.setObjectName("previousPage")
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageNumber")
        self.next_button = QPushButton(self.tr("Next page"), self)
        self.next_button.setObjectName("nextPage")
        self.zoom = QComboBox(self)
        self.zoom.setObjectName("previewZoom")
        self.zoom.addItem(self.tr("Fit width"), FIT_WIDTH)
        self.zoom.addItem(self.tr("100 %"), ACTUAL_SIZE)
        self.previous_button.setToolTip(self.tr("Previous page (PgUp)"))
        self.next_button.setToolTip(self.tr("Next page (PgDn)"))
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        bar.addWidget(self.zoom)
        self.tools = bar  # the page adds 打印 / 另存为 at its end
        layout.addLayout(bar)
        self.area = QScrollArea(self)
        self.area.setObjectName("previewArea")
        self.area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.area.setStyleSheet("#previewArea { background: #8a939c; }")
        self.sheet = QLabel(self.area)
        self.sheet.setObjectName("previewSheet")
        self.sheet.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sheet.setWordWrap(True)
        self.sheet.setMargin(12)
        self.area.setWidget(self.sheet)
        self.area.setWidgetResizable(False)
        self.sheet.setAutoFillBackground(False)  # the page sits on the area's grey
        layout.addWidget(self.area, 1)
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.zoom.currentIndexChanged.connect(lambda _i: self._show())
        for keys, slot in (
            (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
            (QKeySequence.StandardKey.MoveToNextPage, self.next_page),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.show_message("")

    # --- what is shown ----------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    @property
    def current_page(self) -> int:
        """The page shown, 0-based."""
        return self._page

    def show_message(self, text: str) -> None:
        """No document: a sentence in the middle of the area (what to do next)."""
        self.clear()
        self.sheet.setPixmap(QPixmap())
        self.sheet.setText(text)
        self.sheet.setStyleSheet("#previewSheet { color: white; }")
        self._fit_message()
        self._update_tools()

    def open(self, path: Path) -> int:
        """Show page 1 of the PDF at ``path``; the number of pages."""
        self.clear()
        document = open_pdf(path)
        self._document = document
        self._sizes = page_sizes(document)
        self._page = 0
        self.sheet.setText("")
        self.sheet.setStyleSheet("")
        self._show()
        return self.page_count

    def clear(self) -> None:
        """Close the document (its file may then be removed)."""
        document, self._document = self._document, None
        self._sizes = []
        self._cache.clear()
        self._page = 0
        if document is not None:
            close_pdf(document)
        self._update_tools()

    def show_page(self, index: int) -> None:
        if not self._sizes:
            return
        index = max(0, min(index, self.page_count - 1))
        if index != self._page:
            self._page = index
            self._show()
            self.area.verticalScrollBar().setValue(0)

    @Slot()
    def next_page(self) -> None:
        self.show_page(self._page + 1)

    @Slot()
    def previous_page(self) -> None:
        self.show_page(self._page - 1)

    def scale(self) -> float:
        """Pixels (device-independent) per point of the page shown."""
        if not self._sizes:
            return 1.0
        if self.zoom.currentData() == ACTUAL_SIZE:
            return self.logicalDpiX() / POINTS_PER_INCH
        width, _height = self._sizes[self._page]
        room = self.area.viewport().width() - 2 * self.sheet.margin()
        return max(0.2, room / width)

    def _show(self) -> None:
        document = self._document
        if document is None:
            self._update_tools()
            return
        scale = self.scale()
        ratio = self.devicePixelRatioF()
        key = (self._page, round(scale * ratio, 3))
        image = self._cache.get(key)
        if image is None:
            image = page_image(document, self._page, scale * ratio)
            self._cache[key] = image
            while len(self._cache) > CACHED_PAGES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.sheet.setPixmap(pixmap)
        margin = 2 * self.sheet.margin()
        self.sheet.resize(int(image.width() / ratio) + margin, int(image.height() / ratio) + margin)
        self._update_tools()
        self.page_changed.emit(self._page)

    def _update_tools(self) -> None:
        count = self.page_count
        pattern = self.tr("Page {page} / {pages}")
        # As wide as a three-digit count, so the buttons after it do not move page by page.
        sample = pattern.replace("{page}", "888").replace("{pages}", "888")
        self.page_label.setMinimumWidth(self.page_label.fontMetrics().horizontalAdvance(sample))
        text = pattern if count else ""
        self.page_label.setText(
            text.replace("{page}", str(self._page + 1)).replace("{pages}", str(count))
        )
        self.previous_button.setEnabled(count > 0 and self._page > 0)
        self.next_button.setEnabled(count > 0 and self._page < count - 1)
        self.zoom.setEnabled(count > 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._document is not None and self.zoom.currentData() == FIT_WIDTH:
            self._show()
        elif self._document is None:
            self._fit_message()

    def _fit_message(self) -> None:
        viewport = self.area.viewport().size()
        self.sheet.resize(max(200, viewport.width()), max(100, viewport.height()))


class LedgerPrintJob(QObject):
    """Prints pages of a ledger PDF on ``printer`` (module docstring: how and why).

    Call :meth:`start` once; ``progressed(done, total)`` follows each page painted and
    ``finished(error)`` ends the job ("" when every page was painted, a translated message
    otherwise; a cancelled job finishes with ""). ``cancel()`` stops after the page being
    painted and aborts the print job.
    """

    progressed = Signal(int, int)
    finished = Signal(str)
    _page_ready = Signal(object, bool)  # QImage, landscape (from the render thread)
    _rendered = Signal(str)  # the render thread is done: "" or its error

    def __init__(self, path: Path, printer: QPrinter, pages: list[int]) -> None:
        super().__init__()
        self.path = path
        self.printer = printer
        self.pages = pages
        self.painted = 0
        self._painter: QPainter | None = None
        self._cancel = threading.Event()
        self._room = threading.Semaphore(PRINT_AHEAD)
        self._done = False
        queued = Qt.ConnectionType.QueuedConnection
        self._page_ready.connect(self._paint, queued)
        self._rendered.connect(self._render_done, queued)

    @property
    def dpi(self) -> int:
        return max(72, min(self.printer.resolution(), PRINT_DPI_CAP))

    def start(self, tasks: TaskRunner) -> None:
        self.printer.setFullPage(True)  # the ledger brings its own margins
        scale = self.dpi / POINTS_PER_INCH
        tasks.beside(
            lambda stopping: self._render(stopping, scale),
            on_done=self._ok,
            on_error=self._failed,
        )

    def cancel(self) -> None:
        self._cancel.set()

    def _ok(self, _result: object) -> None:
        """The render thread returned (its last page may still be queued: see _render_done)."""

    def _failed(self, exc: BaseException) -> None:
        self._render_done(str(exc) or type(exc).__name__)

    def _render(self, stopping: Callable[[], bool], scale: float) -> None:
        """On its own thread: render each page and hand it over, PRINT_AHEAD at most."""
        document = open_pdf(self.path)
        try:
            self._render_pages(document, stopping, scale)
        finally:
            close_pdf(document)
        # After the last page in the UI thread's queue (an error goes to _failed instead).
        self._rendered.emit("")

    def _render_pages(
        self, document: pdfium.PdfDocument, stopping: Callable[[], bool], scale: float
    ) -> None:
        sizes = page_sizes(document)
        for index in self.pages:
            while not self._room.acquire(timeout=0.1):
                if stopping() or self._cancel.is_set():
                    return
            if stopping() or self._cancel.is_set():
                return
            image = page_image(document, index, scale)
            width, height = sizes[index]
            self._page_ready.emit(image, width > height)

    @Slot(object, bool)
    def _paint(self, image: QImage, landscape: bool) -> None:
        try:
            if self._done or self._cancel.is_set():
                return
            self.printer.setPageOrientation(
                QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
            )
            if self._painter is None:
                painter = QPainter()
                if not painter.begin(self.printer):
                    self._cancel.set()
                    self._end(self.tr("The printer could not start printing."))
                    return
                self._painter = painter
            elif not self.printer.newPage():
                self._cancel.set()
                self._end(self.tr("The printer refused the next page."))
                return
            full = self.printer.pageLayout().fullRectPixels(self.printer.resolution())
            target = QRect(0, 0, full.width(), full.height())
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            self._painter.drawImage(QRect(target.topLeft(), size), image)
            self.painted += 1
            self.progressed.emit(self.painted, len(self.pages))
        finally:
            self._room.release()

    @Slot(str)
    def _render_done(self, error: str) -> None:
        if self._cancel.is_set() and not error:
            if self._painter is not None:
                self.printer.abort()
            self._end("")
        else:
            self._end(error)

    def _end(self, error: str) -> None:
        if self._done:
            return
        self._done = True
        painter, self._painter = self._painter, None
        if painter is not None and painter.isActive():
            painter.end()
        self.finished.emit(error)
