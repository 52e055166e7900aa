"""台账报表 in the real window over a real store with a demo village: generate a ledger, look at
its pages, save it, print it (to a PDF file: the machine has no printer), choose a grid, a
ledger that cannot be drawn yet, cancel, and the UI thread answering while the PDF is
written. The PDFs are read back with pdfplumber."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from gridapp.cli import main as cli_main
from gridapp.demo.load import load_demo
from gridapp.models import petition_flow
from gridapp.models.ledger import HOUSEHOLDS, SUMMARY
from gridapp.reports import registry
from gridapp.store.db import Store
from gridapp.store.month_close import MonthCloseRepository
from gridapp.store.petitions import PetitionRepository
from gridapp.store.scope import WorkScope, save_scope
from gridapp.ui import ledger_preview
from gridapp.ui.app import install_translators
from gridapp.ui.ledger_jobs import default_month, recent_months, recent_periods
from gridapp.ui.main_window import MainWindow
from gridapp.ui.pages import reports
from gridapp.ui.pages.reports import ReportsPage

VILLAGE = "360423100200"  # 杨堡村 of the demo county
GRID = VILLAGE + "-02"  # 第二网格
TODAY = date.today()


@pytest.fixture(autouse=True)
def chinese(qapp: Any) -> None:
    install_translators(qapp, "zh_CN")


@pytest.fixture
def village(store: Store) -> Store:
    """300 demo households; this PC works for the whole village as its secretary."""
    load_demo(store, 300, seed=1, today=TODAY)
    save_scope(store, WorkScope(VILLAGE, "杨堡村"))
    PetitionRepository(store).set_role(petition_flow.SECRETARY)
    return store


def open_page(store: Store, qtbot: Any) -> tuple[MainWindow, ReportsPage]:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_page("reports")
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage)
    qtbot.waitUntil(lambda: page.choices.scope.count() > 0 and not window.tasks.busy())
    return window, page


def generate(page: ReportsPage, qtbot: Any, timeout: int = 60_000) -> None:
    page.generate_button.click()
    qtbot.waitUntil(lambda: not page.busy(), timeout=timeout)


def pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def test_generated_ledger_is_previewed_page_by_page(village: Store, qtbot: Any) -> None:
    _window, page = open_page(village, qtbot)
    assert page.choices.month.currentData() == default_month(TODAY)  # the previous month
    assert page.choices.scope.currentData() == VILLAGE  # the PC's work scope
    generate(page, qtbot)
    assert page.generated is not None
    texts = pdf_pages(page.generated.path)
    pages = len(texts)
    assert pages > 2
    assert "户籍人口台账" in texts[0] and "杨堡村" in texts[0] and "全部网格" in texts[0]
    preview = page.preview
    assert preview.page_label.text() == f"第 1 / {pages} 页"
    assert not preview.sheet.pixmap().isNull()
    assert not preview.previous_button.isEnabled()
    preview.next_button.click()
    assert preview.page_label.text() == f"第 2 / {pages} 页"
    assert preview.current_page == 1
    preview.previous_button.click()
    assert preview.page_label.text() == f"第 1 / {pages} 页"
    for _ in range(pages + 2):
        preview.next_button.click()
    assert preview.page_label.text() == f"第 {pages} / {pages} 页"
    assert not preview.next_button.isEnabled()
    assert f"共 {pages} 页" in page.shown.text()


def test_preview_renders_only_the_pages_looked_at(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[int] = []
    real = ledger_preview.page_image

    def counting(document: Any, index: int, scale: float) -> Any:
        rendered.append(index)
        return real(document, index, scale)

    monkeypatch.setattr(ledger_preview, "page_image", counting)
    _window, page = open_page(village, qtbot)
    generate(page, qtbot)
    assert page.generated is not None and page.generated.pages > 2
    assert set(rendered) == {0}
    page.preview.next_button.click()
    assert set(rendered) == {0, 1}
    page.preview.zoom.setCurrentIndex(1)  # 100 %
    assert set(rendered) == {0, 1}
    assert page.preview.zoom.currentText() == "100%"


def test_save_as_writes_the_same_pdf(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _window, page = open_page(village, qtbot)
    generate(page, qtbot)
    assert page.generated is not None
    asked: list[str] = []
    target = tmp_path / "out" / "台账"
    target.parent.mkdir()

    def answer(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "PDF"

    monkeypatch.setattr(reports.QFileDialog, "getSaveFileName", answer)
    page.save_button.click()
    month = default_month(TODAY)
    assert Path(asked[0]).name == f"户籍人口台账_杨堡村_{month.year}年{month.month}月.pdf"
    saved = target.with_name("台账.pdf")
    assert sorted(p.name for p in target.parent.iterdir()) == ["台账.pdf"]  # no .part left
    assert pdf_pages(saved) == pdf_pages(page.generated.path)


def print_dialog_to(
    path: Path, page_range: tuple[int, int] | None = None, ranges: list[Any] | None = None
) -> type:
    """A print dialog the user accepts at once, printing to a PDF file at ``path`` (the
    machine has no printer), with 页码范围 ``page_range`` chosen if given; the page range
    the page offers is noted in ``ranges``."""

    class AcceptingDialog:
        def __init__(self, printer: QPrinter, _parent: Any) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(path))
            if page_range is not None:
                printer.setPrintRange(QPrinter.PrintRange.PageRange)
                printer.setFromTo(*page_range)

        def setWindowTitle(self, _title: str) -> None: ...

        def setOption(self, *_args: Any) -> None: ...

        def setMinMax(self, low: int, high: int) -> None:
            if ranges is not None:
                ranges.append((low, high))

        def exec(self) -> int:
            return QDialog.DialogCode.Accepted

    return AcceptingDialog


def test_print_paints_every_page_on_the_printer(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _window, page = open_page(village, qtbot)
    page.choose(HOUSEHOLDS, GRID)  # fewer pages: the test paints each at 300 dpi
    generate(page, qtbot)
    assert page.generated is not None
    printed = tmp_path / "printed.pdf"
    ranges: list[tuple[int, int]] = []

    monkeypatch.setattr(reports, "QPrintDialog", print_dialog_to(printed, ranges=ranges))
    page.print_button.click()
    assert not page.print_button.isEnabled()  # one print job at a time
    assert not page.generate_button.isEnabled()  # and no generating meanwhile
    qtbot.waitUntil(lambda: page.print_job is None, timeout=120_000)
    assert ranges == [(1, page.generated.pages)]
    with pdfplumber.open(printed) as pdf:
        assert len(pdf.pages) == page.generated.pages
        assert all(p.width > p.height for p in pdf.pages)  # the ledger's landscape pages
    assert page.print_button.isEnabled()
    assert page.generate_button.isEnabled()


def test_print_a_page_range(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _window, page = open_page(village, qtbot)
    page.choose(HOUSEHOLDS, GRID)
    generate(page, qtbot)
    assert page.generated is not None and page.generated.pages >= 3
    printed = tmp_path / "pages-2-3.pdf"

    monkeypatch.setattr(reports, "QPrintDialog", print_dialog_to(printed, (2, 3)))
    page.print_button.click()
    qtbot.waitUntil(lambda: page.print_job is None, timeout=120_000)
    with pdfplumber.open(printed) as pdf:
        assert len(pdf.pages) == 2


def test_a_grid_scope_makes_a_ledger_of_that_grid(village: Store, qtbot: Any) -> None:
    _window, page = open_page(village, qtbot)
    labels = [page.choices.scope.itemText(i).strip() for i in range(page.choices.scope.count())]
    assert labels[0] == "杨堡村（全村）"
    assert "杨堡村·第二网格" in labels
    page.choose(HOUSEHOLDS, GRID)
    generate(page, qtbot)
    assert page.generated is not None
    first = pdf_pages(page.generated.path)[0]
    assert "网格：第二网格" in first
    assert "第一网格" not in first
    assert "杨堡村第二网格" in page.shown.text()


def test_a_ledger_that_cannot_be_drawn_yet_says_so_and_the_page_goes_on(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        registry.RENDERERS, "SummaryLedger", ("gridapp.reports.not_written_yet", "document")
    )
    told: list[str] = []
    monkeypatch.setattr(
        reports.QMessageBox, "information", lambda _parent, _title, text: told.append(text)
    )
    _window, page = open_page(village, qtbot)
    page.choose(SUMMARY)
    generate(page, qtbot)
    assert len(told) == 1 and "月度工作汇总" in told[0]
    assert page.generated is None
    assert page.generate_button.isEnabled()
    assert list(page.folder.iterdir()) == []  # nothing half-written left
    page.choose(HOUSEHOLDS)
    generate(page, qtbot)
    assert page.generated is not None and page.generated.pages > 0


def test_the_window_answers_while_the_pdf_is_written_and_cancel_stops_it(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer waits at page 2 until the UI thread's timer has ticked: if writing blocked
    the UI thread, the timer could not tick and the wait would run out."""
    ticked, cancelled = threading.Event(), threading.Event()
    seen: list[str] = []
    real = reports.write_ledger_file

    def slow(
        data: Any, target: Path, unmasked: bool, cancel: Any, stopping: Any, laid_out: Any
    ) -> Any:
        def paced(pages: int) -> None:
            laid_out(pages)
            if pages == 2:
                seen.append("ticked" if ticked.wait(30) else "blocked")
                cancelled.wait(30)

        return real(data, target, unmasked, cancel, stopping, paced)

    monkeypatch.setattr(reports, "write_ledger_file", slow)
    window, page = open_page(village, qtbot)
    timer = QTimer(window)
    timer.setInterval(10)
    labels: list[str] = []

    def tick() -> None:
        if page.busy():
            labels.append(page.progress_label.text())
            ticked.set()

    timer.timeout.connect(tick)
    timer.start()
    page.generate_button.click()
    qtbot.waitUntil(lambda: seen == ["ticked"], timeout=30_000)
    qtbot.waitUntil(lambda: "已排版 2 页" in labels)
    assert page.progress_row.isVisible() and not page.generate_button.isEnabled()
    page.cancel_button.click()
    cancelled.set()
    qtbot.waitUntil(lambda: not page.busy() and not page.progress_row.isVisible())
    qtbot.waitUntil(lambda: list(page.folder.iterdir()) == [])  # no file, no .part
    assert page.generated is None
    assert page.generate_button.isEnabled()


def test_full_numbers_are_offered_to_a_secretary_only(store: Store, qtbot: Any) -> None:
    load_demo(store, 20, seed=1, today=TODAY)
    save_scope(store, WorkScope(VILLAGE, "杨堡村"))
    PetitionRepository(store).set_role(petition_flow.GRID_WORKER)
    _window, page = open_page(store, qtbot)
    assert not page.choices.unmasked.isVisible()
    generate(page, qtbot)
    assert page.generated is not None
    assert "已脱敏" in pdf_pages(page.generated.path)[0]


def test_full_numbers_when_a_secretary_asks(village: Store, qtbot: Any) -> None:
    _window, page = open_page(village, qtbot)
    assert page.choices.unmasked.isVisible() and page.choices.unmasked_note.isVisible()
    assert "个人信息" in page.choices.unmasked_note.text()
    page.choices.unmasked.setChecked(True)
    page.choose(HOUSEHOLDS, GRID)
    generate(page, qtbot)
    assert page.generated is not None
    assert "已脱敏" not in pdf_pages(page.generated.path)[0]
    assert "含完整身份证号和电话号码" in page.shown.text()  # said until generated again


def test_closing_the_window_removes_the_private_folder(village: Store, qtbot: Any) -> None:
    window, page = open_page(village, qtbot)
    generate(page, qtbot)
    assert page.generated is not None and page.generated.path.exists()
    folder = page.folder
    window.close()
    assert not folder.exists()


def test_feedback_sheet_asks_for_a_period_not_a_month(village: Store, qtbot: Any) -> None:
    _window, page = open_page(village, qtbot)
    assert page.choices.month.isVisible() and not page.choices.period.isVisible()
    page.choose("party-feedback")
    assert page.choices.period.isVisible() and not page.choices.month.isVisible()
    assert page.choices.period.count() == len(recent_periods(TODAY))


@pytest.mark.parametrize(
    ("today", "first", "chosen"),
    [
        (date(2026, 1, 15), date(2026, 1, 1), date(2025, 12, 1)),
        (date(2026, 11, 30), date(2026, 11, 1), date(2026, 10, 1)),
    ],
)
def test_months_offered_end_with_this_one(today: date, first: date, chosen: date) -> None:
    months = recent_months(today)
    assert months[0] == first and len(months) == 24
    assert default_month(today) == chosen


def test_periods_offered_have_begun() -> None:
    codes = [p[0] for p in recent_periods(date(2026, 5, 10))]
    assert codes[:6] == ["2026Q2", "2026Q1", "2025Q4", "2025Q3", "2025Q2", "2025Q1"]
    assert "2026Q3" not in codes and "2026H2" not in codes
    assert codes[-2:] == ["2026", "2025"]


def test_a_character_the_font_lacks_gives_a_calm_message(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with village.transaction() as conn:
        conn.execute(
            "UPDATE person SET name = ? WHERE id = (SELECT p.id FROM person p"
            " JOIN household h ON h.id = p.household_id WHERE h.grid_code = ?"
            " AND p.status = '1' ORDER BY h.household_no LIMIT 1)",
            ("王\U00020000", GRID),
        )
    told: list[str] = []
    monkeypatch.setattr(
        reports.QMessageBox, "information", lambda _parent, _title, text: told.append(text)
    )
    _window, page = open_page(village, qtbot)
    page.choose(HOUSEHOLDS, GRID)
    generate(page, qtbot)
    assert len(told) == 1
    assert "U+20000" in told[0] and "请核对这个字是否录对" in told[0]
    assert page.generated is None and list(page.folder.iterdir()) == []
    assert page.generate_button.isEnabled()


def test_a_change_after_generating_is_pointed_out(village: Store, qtbot: Any) -> None:
    window, page = open_page(village, qtbot)
    generate(page, qtbot)
    assert "重新生成" not in page.shown.text()
    window.signals.data_changed.emit(None)
    assert "重新生成才能看到" in page.shown.text()


def test_closing_the_window_while_a_ledger_is_written_stops_it(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer still at page 2 when the window closes is stopped (it waits for the stop
    here) and leaves nothing behind."""
    waited: list[bool] = []
    real = reports.write_ledger_file

    def slow(
        data: Any, target: Path, unmasked: bool, cancel: Any, stopping: Any, laid_out: Any
    ) -> Any:
        def paced(pages: int) -> None:
            laid_out(pages)
            if pages == 2:
                waited.append(cancel.wait(30))

        return real(data, target, unmasked, cancel, stopping, paced)

    monkeypatch.setattr(reports, "write_ledger_file", slow)
    window, page = open_page(village, qtbot)
    folder = page.folder
    page.generate_button.click()
    qtbot.waitUntil(lambda: "已排版 2 页" in page.progress_label.text(), timeout=30_000)
    window.close()
    assert waited == [True]  # the close asked the writer to stop; shutdown waited for it
    assert not folder.exists()


def test_the_keyboard_reaches_the_ledgers(village: Store, qtbot: Any) -> None:
    window, page = open_page(village, qtbot)
    window.show_page("home")
    window.show_page("reports")
    households = page.kinds.buttons[HOUSEHOLDS]
    qtbot.waitUntil(households.hasFocus)
    qtbot.keyClick(households, Qt.Key.Key_Down)
    assert page.kinds.kind() == "party"


def test_an_empty_register_says_what_to_do(store: Store, qtbot: Any) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.show_page("reports")
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage)
    qtbot.waitUntil(lambda: "导入花名册" in page.preview.sheet.text())
    assert not page.generate_button.isEnabled()


def test_a_scope_the_register_refuses_gives_its_message(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A village removed from the place table after the page listed it."""
    warned: list[str] = []
    monkeypatch.setattr(
        reports.QMessageBox, "warning", lambda _parent, _title, text: warned.append(text)
    )
    _window, page = open_page(village, qtbot)
    page.choices.scope.addItem("旧村", "360423100299")
    page.choose(HOUSEHOLDS, "360423100299")
    generate(page, qtbot)
    assert len(warned) == 1 and "360423100299" in warned[0]
    assert page.generated is None and page.generate_button.isEnabled()


def test_the_window_prints_what_the_command_prints_also_after_a_close(
    village: Store, qtbot: Any, data_dir: Path, tmp_path: Path
) -> None:
    """The same read as ``gridapp report`` (its month's close and 上月更正 included): the
    pages read the same, but for the time printed."""

    def text(path: Path) -> list[str]:
        return [
            "\n".join(line for line in page.splitlines() if "打印时间" not in line)
            for page in pdf_pages(path)
        ]

    _window, page = open_page(village, qtbot)
    generate(page, qtbot)
    assert page.generated is not None
    before = text(page.generated.path)
    month = default_month(TODAY)
    MonthCloseRepository(village).close(month, VILLAGE)
    generate(page, qtbot)
    assert page.generated is not None
    after = text(page.generated.path)
    assert after != before  # the ledger of a closed month says so
    out = tmp_path / "cli.pdf"
    code = cli_main(
        [
            "--data-dir",
            str(data_dir),
            "report",
            "households",
            "--month",
            f"{month:%Y-%m}",
            "--scope",
            VILLAGE,
            "-o",
            str(out),
        ]
    )
    assert code == 0
    assert text(out) == after


def test_cancelling_a_print_job_prints_nothing_more(
    village: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _window, page = open_page(village, qtbot)
    page.choose(HOUSEHOLDS, GRID)
    generate(page, qtbot)
    printed = tmp_path / "cancelled.pdf"
    monkeypatch.setattr(reports, "QPrintDialog", print_dialog_to(printed))
    page.print_button.click()
    assert page.progress_row.isVisibleTo(page) and "正在打印" in page.progress_label.text()
    page.cancel_button.click()  # before the first page reached the printer
    qtbot.waitUntil(lambda: page.print_job is None, timeout=60_000)
    assert not printed.exists()
    assert not page.progress_row.isVisibleTo(page)
    assert page.print_button.isEnabled() and page.generate_button.isEnabled()
