"""Shared bench helpers: timing, percentiles, the demo county database reused across runs."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
PASSPHRASE = "bench passphrase"


def machine() -> str:
    import sqlcipher3

    cpus = os.cpu_count()
    sqlite = sqlcipher3.sqlite_version
    return (
        f"{platform.processor() or platform.machine()}, {cpus} cores, Python "
        f"{platform.python_version()}, SQLCipher's SQLite {sqlite}"
    )


@contextmanager
def timer() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    elapsed: list[float] = []
    yield lambda: elapsed[0] if elapsed else time.perf_counter() - start
    elapsed.append(time.perf_counter() - start)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def county_dir(households: int, seed: int = 1) -> Path:
    """Where the demo county of this size lives (built by bench.demo_bench)."""
    return OUT / f"county-{households}-seed{seed}"


def ensure_env() -> None:
    os.environ.setdefault("GRIDAPP_PASSPHRASE", PASSPHRASE)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
