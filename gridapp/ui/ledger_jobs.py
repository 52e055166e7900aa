"""What the 台账报表 page runs off the UI thread and the choices it offers — no widgets here.

:func:`read_scope_choices` and :func:`read_ledger_data` run on the worker (they use the
store's connection); :func:`write_ledger_file` runs beside the queue (no database: it lays
out the data already read and writes the PDF). The month and period lists and the default
file name are plain functions so the tests can check them without a window.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gridapp.models.access import Permission
from gridapp.models.ledger import LedgerRequest
from gridapp.models.month_close import PrintableLedger
from gridapp.reports.layout import MissingGlyphError
from gridapp.reports.registry import printable_document
from gridapp.store.access import allowed
from gridapp.store.db import Store
from gridapp.store.ledgers import read_printable
from gridapp.store.scope import load_scope, stored_places

MONTHS = 24  # the month box offers this month and the 23 before it
RENDERER_PACKAGE = "gridapp.reports."
# Characters Windows refuses in a file name (and the path separators of every system).
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class ScopeChoices:
    """What the scope box offers: (code, village name, grid name — "" for the whole
    village) in order, the code chosen first, and whether full numbers may be printed."""

    items: list[tuple[str, str, str]]
    default: str
    may_unmask: bool


@dataclass(frozen=True)
class Generated:
    """The ledger the preview shows: its file in the private folder and how to name it."""

    path: Path
    pages: int
    names: tuple[str, str, str]  # ledger title, scope, month or period as shown
    request: LedgerRequest
    unmasked: bool = False  # ID and phone numbers printed in full


@dataclass(frozen=True)
class WriteOutcome:
    """How writing the PDF ended: ``pages`` written, or a ``problem`` the page explains
    ("renderer": that ledger cannot be drawn yet; "glyph": a character the font lacks;
    "disk": the file could not be written), or ``stopped`` (cancelled / window closing)."""

    pages: int = 0
    problem: str = ""
    detail: str = ""
    stopped: bool = False


class _Stopped(Exception):
    pass


def read_scope_choices(store: Store) -> ScopeChoices:
    """The village and grids a ledger can be drawn for, the default (the PC's work scope),
    and whether this PC's role may print numbers in full (runs on the worker).

    With a work scope only its village is offered (a ledger is signed for one village);
    without one, every village of the place table."""
    places = stored_places(store.conn)
    work = load_scope(store)
    villages = [(p.code, p.name) for p in places if p.level == "village"]
    grids = [
        (p.code, p.name, p.parent_code or p.code.split("-", 1)[0])
        for p in places
        if p.level == "grid"
    ]
    if work is not None:
        # The work scope names the village when places were not synced yet.
        villages = [v for v in villages if v[0] == work.village_code] or [
            (work.village_code, work.village_name)
        ]
        grids = [g for g in grids if g[2] == work.village_code]
        if work.grid_code and work.grid_code not in {g[0] for g in grids}:
            grids.append((work.grid_code, work.grid_name, work.village_code))
    items: list[tuple[str, str, str]] = []
    for code, name in villages:
        items.append((code, name, ""))
        items += [(g, name, grid_name) for g, grid_name, v in sorted(grids) if v == code]
    default = ""
    if work is not None:
        default = work.grid_code or work.village_code
    elif items:
        default = items[0][0]
    may_unmask = allowed(store, Permission.UNMASK)
    return ScopeChoices(items, default, may_unmask)


def read_ledger_data(
    store: Store, request: LedgerRequest, unmasked: bool = False
) -> PrintableLedger:
    """What the ledger prints — its data, the closed month before's corrections (上月更正)
    and its own month's close — read as the command line reads it (on the worker; refused
    without the right to print, logged as a print)."""
    return read_printable(store, request, unmasked=unmasked)


def write_ledger_file(
    data: PrintableLedger,
    target: Path,
    unmasked: bool,
    cancel: threading.Event,
    stopping: Callable[[], bool],
    laid_out: Callable[[int], None],
) -> WriteOutcome:
    """Lay out ``data`` and write its PDF to ``target`` (beside the queue).

    ``laid_out(pages)`` follows every page; ``cancel`` or ``stopping()`` stops at the next
    page and leaves no file. A renderer not written yet, a missing glyph or a full disk
    come back as a :class:`WriteOutcome` problem, not as an exception."""

    def progress(pages: int) -> None:
        if cancel.is_set() or stopping():
            raise _Stopped()
        laid_out(pages)

    partial = target.with_name(target.name + ".part")
    try:
        document = printable_document(data, unmasked=unmasked)
        pages = document.write(partial, progress)
        os.replace(partial, target)
    except _Stopped:
        partial.unlink(missing_ok=True)
        return WriteOutcome(stopped=True)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith(RENDERER_PACKAGE):
            raise  # a missing dependency is a programming error, not "not yet"
        return WriteOutcome(problem="renderer", detail=exc.name or "")
    except MissingGlyphError as exc:
        partial.unlink(missing_ok=True)
        return WriteOutcome(problem="glyph", detail=str(exc))
    except OSError as exc:
        partial.unlink(missing_ok=True)
        return WriteOutcome(problem="disk", detail=str(exc))
    return WriteOutcome(pages=pages)


def save_copy(source: Path, target: Path) -> None:
    """Copy the generated PDF to ``target`` through ``target.part`` and a rename, so a full
    disk never leaves a half-written ledger under the chosen name."""
    partial = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def recent_months(today: date, count: int = MONTHS) -> list[date]:
    """The first days of this month and the ``count - 1`` before it, newest first (no
    future month)."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def default_month(today: date) -> date:
    """The previous month: a monthly ledger is printed after the month ended."""
    return recent_months(today, 2)[1]


def recent_periods(today: date) -> list[tuple[str, str, int, int]]:
    """Feedback periods of this year and the last that have begun, newest first within
    quarters, halves and years: (code, kind, year, index)."""
    quarters, halves, years = [], [], []
    for year in (today.year, today.year - 1):
        for index in (4, 3, 2, 1):
            if date(year, 3 * index - 2, 1) <= today:
                quarters.append((f"{year}Q{index}", "quarter", year, index))
        for index in (2, 1):
            if date(year, 6 * index - 5, 1) <= today:
                halves.append((f"{year}H{index}", "half", year, index))
        years.append((f"{year}", "year", year, 1))
    return quarters + halves + years


def default_period(today: date) -> str:
    """The last quarter that has ended (feedback goes out after the quarter)."""
    quarter = (today.month - 1) // 3 + 1
    year = today.year
    if quarter == 1:
        return f"{year - 1}Q4"
    return f"{year}Q{quarter - 1}"


def default_file_name(names: tuple[str, str, str]) -> str:
    """户籍人口台账_杨堡村_2026年11月.pdf: ledger, scope and month or period as shown, with
    spaces and what a file name may not hold left out."""
    parts = [_UNSAFE.sub("", n).replace(" ", "").replace("\u3000", "") for n in names]
    return "_".join(p for p in parts if p) + ".pdf"
