"""The window at scale, through the real widgets (offscreen): launch, the list, search as you type.

Uses the demo county of ``bench.demo_bench.build_county``. Times what a worker notices:

- **launch**: a child process (``bench.ui_launch``) from interpreter start to the window shown
  with its first background jobs done; the baseline is the same process showing a bare
  ``QMainWindow`` (Python + Qt start-up alone). Median of 3.
- **first list page**: from clicking 户籍人口 to the first rows painted; the baseline is the
  store's own count + first page called directly (no UI, no worker).
- **filters**: choosing a grid, a tag, a population type, a member status in the filter
  panel, until the count and first rows are shown; baseline as above with the same filter.
- **search as you type**: keystroke by keystroke into the global search (Latin letters and
  digits as key presses, Chinese as input-method commits of one character each), from the key
  to its results shown in the list; the baseline is ``gridapp.store.search.search`` on the
  same texts, called directly.
- **UI-thread stalls**: a 5 ms timer on the UI thread runs through all of the above; its
  longest gap is the longest time the window could not react.

    python -m bench --only ui_bench --households 30000

It prints markdown tables and asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import ensure_env, machine, percentile
from bench.demo_bench import build_county
from bench.search_bench import make_queries

LAUNCH_RUNS = 3
QUERIES_PER_KIND = 12
# Kinds typed into the global search, and how: "keys" (one key press per character) or
# "ime" (one input-method commit per character, as a pinyin input method commits them).
TYPED = {
    "full name": "ime",
    "pinyin initials": "keys",
    "pinyin prefix as typed": "keys",
    "ID last 6 digits": "keys",
    "full ID": "keys",
    "phone last 4 digits": "keys",
    "address fragment": "ime",
}


def launch_times(folder: Path, baseline: bool) -> list[float]:
    """Seconds from starting a fresh process to its window being usable (the moment its
    "usable" line arrives here: interpreter start-up included), ``LAUNCH_RUNS`` times."""
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-m", "bench.ui_launch", str(folder)]
    if baseline:
        command.append("--baseline")
    times = []
    for _ in range(LAUNCH_RUNS):
        started = time.perf_counter()
        usable = None
        with subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True) as child:
            assert child.stdout is not None
            for line in child.stdout:
                if line.startswith("usable ") and usable is None:
                    usable = time.perf_counter() - started
            if child.wait() != 0 or usable is None:
                raise RuntimeError(f"launch failed: {' '.join(command)}")
        times.append(usable)
    return times


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


class Window:
    """The real main window over the county, with a stall monitor on its thread."""

    def __init__(self, folder: Path) -> None:
        from bench.ui_probe import StallMonitor, wait_until
        from gridapp.store.db import Store
        from gridapp.ui.app import setup_application
        from gridapp.ui.main_window import MainWindow

        self.app = setup_application()
        self.store = Store.open(folder, check=False)
        self.window = MainWindow(self.store)
        self.window.resize(1280, 800)
        self.window.show()
        self.wait_until = wait_until
        wait_until(lambda: not self.window.tasks.busy(), 120)
        self.monitor = StallMonitor()
        self.monitor.start()

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """The baselines run on this thread: their time is not the window's stall."""
        self.monitor.stop()
        try:
            yield
        finally:
            self.monitor.start()

    def close(self) -> None:
        self.monitor.stop()
        self.window.close()
        self.store.close()

    @property
    def page(self) -> Any:
        return self.window.pages["households"]

    def first_rows(self) -> bool:
        """The list shows its first rows (or that nothing matches); it may still count."""
        from PySide6.QtCore import Qt

        model = self.page.model
        if not model.loaded or (model.loading and not model.counting):
            return False
        if model.rowCount() == 0:
            return not model.loading
        return model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) not in (None, "…")

    def list_shown(self) -> bool:
        """First rows shown and the count done."""
        return self.first_rows() and not self.page.model.loading

    def open_list(self) -> float:
        self.monitor.phase = "open the list"
        started = time.perf_counter()
        self.window.show_page("households")
        self.wait_until(self.first_rows, 120)
        took = time.perf_counter() - started
        self.wait_until(lambda: self.page.filters.grid.count() > 1, 120)  # places read
        self.wait_until(self.list_shown, 120)
        return took

    def choose(self, box: Any, index: int) -> tuple[float, float]:
        """Choose a filter value; seconds to the first rows shown and to the count shown."""
        self.monitor.phase = f"filter {box.itemText(index)}"
        started = time.perf_counter()
        box.setCurrentIndex(index)
        self.wait_until(self.first_rows, 120)
        first = time.perf_counter() - started
        self.wait_until(self.list_shown, 120)
        return first, time.perf_counter() - started

    def clear_filters(self) -> None:
        self.monitor.phase = "clear filters"
        self.page.filters.clear()
        self.page._apply_filter()
        self.wait_until(self.list_shown, 120)

    def type_query(self, text: str, how: str) -> list[tuple[str, float]]:
        """Type ``text`` into the global search; (text so far, seconds to its results)."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QInputMethodEvent
        from PySide6.QtTest import QTest

        self.monitor.phase = f"search {text}"
        search = self.window.search
        edit = search.edit
        edit.setFocus()
        if edit.text():
            edit.clear()
            self.wait_until(lambda: search.result is not None and search.result.query == "")
        latencies = []
        for char in text:
            started = time.perf_counter()
            if how == "keys":
                QTest.keyClick(edit, char)
            else:
                event = QInputMethodEvent("", [])
                event.setCommitString(char)
                self.app.sendEvent(edit, event)
            typed = edit.text()
            self.wait_until(lambda t=typed: search.result is not None and search.result.query == t)
            latencies.append((typed, time.perf_counter() - started))
        QTest.keyClick(edit, Qt.Key.Key_Escape)
        return latencies


def filter_choices(page: Any) -> list[tuple[str, Any, int]]:
    """(what, combo box, index) for the filters measured: common and rare values."""
    panel = page.filters
    choices = []
    if panel.grid.count() > 2:
        choices.append(("grid (one of the county's grids)", panel.grid, panel.grid.count() // 2))
    for label, box in (
        ("tag", panel.tag),
        ("population type", panel.population_type),
        ("member status", panel.status),
    ):
        if box.count() > 1:
            choices.append((f"{label}: {box.itemText(1)}", box, 1))
        if box.count() > 3:
            choices.append((f"{label}: {box.itemText(box.count() - 1)}", box, box.count() - 1))
    return choices


def ensure_scope(store: Any) -> str:
    """A returning worker's PC has its work area (a grid) chosen: choose the county's first
    grid unless one is chosen. Returns how it is shown."""
    from gridapp.store.scope import WorkScope, load_scope, save_scope, stored_places

    scope = load_scope(store)
    if scope is None:
        places = stored_places(store.conn)
        names = {p.code: p.name for p in places}
        grid = next(p for p in places if p.level == "grid")
        village = grid.parent_code or ""
        scope = WorkScope(village, names.get(village, village), grid.code, grid.name)
        save_scope(store, scope)
    return f"{scope.village_name}·{scope.grid_name}"


def direct_list(store: Any, flt: Any) -> float:
    """The store's count + first page for ``flt``, called directly: the list's baseline."""
    from gridapp.store.households import HouseholdRepository

    repo = HouseholdRepository(store)
    started = time.perf_counter()
    repo.count_households(flt)
    repo.household_page(flt, "household_no", None, 200, False)
    return time.perf_counter() - started


def run(households: int, seed: int = 1) -> str:
    ensure_env()
    folder, _built = build_county(households, seed)
    from gridapp.store.db import Store

    with Store.open(folder) as store:  # migrate (and check) once, outside the timings
        scope = ensure_scope(store)
        store.optimize()  # as the window does beside its work in every session

    ours = launch_times(folder, baseline=False)
    bare = launch_times(folder, baseline=True)

    window = Window(folder)
    store = window.store
    list_first = window.open_list()
    with window.paused():
        list_base = direct_list(store, window.page.model.filter)
    at_scope = window.page.model.rowCount()
    all_first, all_counted = window.choose(window.page.filters.grid, 0)
    with window.paused():
        all_base = direct_list(store, window.page.model.filter)
    filters = []
    for what, box, index in filter_choices(window.page):
        first, counted = window.choose(box, index)
        with window.paused():
            base = direct_list(store, window.page.model.filter)
        filters.append((what, window.page.model.rowCount(), first, counted, base))
        window.clear_filters()

    from gridapp.store.search import search

    with window.paused():
        queries = make_queries(store, QUERIES_PER_KIND, seed)
    typed: dict[str, list[float]] = {}
    direct: dict[str, list[float]] = {}
    rng = random.Random(seed)
    for kind, how in TYPED.items():
        for text in rng.sample(queries[kind], min(QUERIES_PER_KIND, len(queries[kind]))):
            for so_far, took in window.type_query(text, how):
                typed.setdefault(kind, []).append(took)
                with window.paused():
                    started = time.perf_counter()
                    search(store.conn, so_far, 30)
                    direct.setdefault(kind, []).append(time.perf_counter() - started)
    window.close()
    everything = [t for values in typed.values() for t in values]
    everything_direct = [t for values in direct.values() for t in values]

    lines = [
        f"### The window: {households:,} households (real widgets, offscreen)",
        "",
        f"Machine: {machine()}. Baselines measured in the same run. Budgets: launch < 1.5 s,",
        "first page < 200 ms, search p95 < 50 ms, no UI-thread stall > 100 ms.",
        "",
        "| what | ours | baseline | budget |",
        "| --- | ---: | ---: | --- |",
        f"| window usable after launch (median of {LAUNCH_RUNS}, s) | "
        f"{statistics.median(ours):.2f} | {statistics.median(bare):.2f} (bare QMainWindow) "
        "| < 1.5 s |",
        f"| list opened: first page shown, at the work area {scope} ({at_scope:,}"
        f" households) (ms) | {_ms(list_first)} | {_ms(list_base)} (store count + page,"
        " direct) | < 200 ms |",
        f"| list of all {households:,} households: first page shown (ms) | {_ms(all_first)} |"
        f" {_ms(all_base)} (store count + page, direct) | < 200 ms |",
        f"| list of all {households:,} households: counted (ms) | {_ms(all_counted)} | | |",
        f"| search keystroke → results shown, p50 (ms) | {_ms(percentile(everything, 50))} | "
        f"{_ms(percentile(everything_direct, 50))} (search(), direct) | |",
        f"| search keystroke → results shown, p95 (ms) | {_ms(percentile(everything, 95))} | "
        f"{_ms(percentile(everything_direct, 95))} (search(), direct) | < 50 ms |",
        f"| longest UI-thread stall (ms) | {_ms(window.monitor.worst)} | | < 100 ms |",
        f"| stalls over 100 ms | {len(window.monitor.stalls)} | | 0 |",
        *(
            f"| (stall of {_ms(gap)} ms while: {phase}) | | | |"
            for gap, phase in window.monitor.stalls[:5]
        ),
        "",
        "| filter chosen | households | first rows shown (ms) | counted (ms) |"
        " baseline: store count + page, direct (ms) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for what, count, first, counted, base in filters:
        lines.append(f"| {what} | {count:,} | {_ms(first)} | {_ms(counted)} | {_ms(base)} |")
    lines += [
        "",
        f"| typed into the search ({QUERIES_PER_KIND} queries each) | keystrokes | p50 (ms) |"
        " p95 (ms) | max (ms) | direct p95 (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, values in typed.items():
        lines.append(
            f"| {kind} ({'key presses' if TYPED[kind] == 'keys' else 'input-method commits'}) "
            f"| {len(values)} | {_ms(percentile(values, 50))} | {_ms(percentile(values, 95))} "
            f"| {_ms(max(values))} | {_ms(percentile(direct[kind], 95))} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ui_bench")
    parser.add_argument("--households", type=int, default=300_000)
    args = parser.parse_args()
    print(run(args.households))
    return 0


if __name__ == "__main__":
    sys.exit(main())
