"""The crash-safety harness (issue #8): kill a working GridApp process with SIGKILL at random
moments, hundreds of times, and check after each kill that nothing it confirmed was lost.

Shared by ``tests/test_crash_safety.py`` (a small count in ``make test``) and
``bench/crash_bench.py`` (hundreds in ``make bench``); ``docs/crash-safety.md`` describes it.

One run: a county server (SQLite, uvicorn on 127.0.0.1, in a thread of this process) and
one PC data directory (a real SQLCipher store, enrolled with the server). Each round starts
:mod:`tests.crash_worker` on that store, waits for its ``ready``, lets it work for a random
time (uniform over ``0 … work_s``) and kills it with SIGKILL. Then, with the child dead, the
store is opened again and checked (:func:`tests.crash_checks.check`: integrity, the audit
chain, every confirmed value, outbox = data, server + next push = PC, pull cursor = rows,
synced writes on the server).

The next round starts the child again on the same store.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tests.crash_checks import PASSPHRASE, RoundResult, check, passphrase, read_journal

__all__ = [
    "RoundResult",
    "Summary",
    "check",
    "county_server",
    "kill_round",
    "prepare",
    "read_journal",
    "run",
]

ROOT = Path(__file__).resolve().parent.parent
COUNTY = "360423"
TOWN = "360423100"
WORK_S = 1.5  # a child works for a random time up to this before it is killed


@dataclass
class Summary:
    """A whole run: kills, what was checked after them, and every problem found."""

    kills: int = 0
    confirmed: int = 0
    fields: int = 0
    syncs: int = 0
    imports: int = 0
    losses: int = 0
    integrity_failures: int = 0
    outbox_mismatches: int = 0
    pull_mismatches: int = 0
    server_losses: int = 0
    seconds: float = 0.0
    skipped_push_checks: int = 0  # rounds with more pending entries than one push
    in_flight: dict[str, int] = field(default_factory=dict)  # what each kill interrupted
    examples: list[str] = field(default_factory=list)

    def add(self, result: RoundResult) -> None:
        self.kills += 1
        self.confirmed = result.confirmed
        self.fields = max(self.fields, result.fields)
        self.losses += len(result.losses)
        self.integrity_failures += len(result.integrity)
        self.outbox_mismatches += len(result.outbox)
        self.pull_mismatches += len(result.pull)
        self.server_losses += len(result.server)
        self.skipped_push_checks += result.skipped_push_checks
        self.examples.extend(result.problems[: max(0, 10 - len(self.examples))])

    @property
    def failures(self) -> int:
        return (
            self.losses
            + self.integrity_failures
            + self.outbox_mismatches
            + self.pull_mismatches
            + self.server_losses
        )


# --- the county server -------------------------------------------------------------------


@contextmanager
def county_server(folder: Path) -> Iterator[tuple[str, sa.Engine]]:
    """A county server on 127.0.0.1 (SQLite file, uvicorn in a thread): (base URL, engine)."""
    import socket

    import uvicorn

    from gridapp.server import core
    from gridapp.server.app import create_app
    from gridapp.server.schema import make_engine
    from tests.fixtures.rosters import VILLAGE

    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{folder / 'county.db'}")
    core.init(
        engine,
        COUNTY,
        "武宁县",
        [
            core.PlaceRow(TOWN, "宋溪镇", "township", COUNTY),
            core.PlaceRow(VILLAGE, "石泉村", "village", TOWN),
        ],
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    app = create_app(engine, rate_limit=0)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the county server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}", engine
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        engine.dispose()


# --- the PC ------------------------------------------------------------------------------


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GRIDAPP_PASSPHRASE=PASSPHRASE,
        GRIDAPP_USER="crash",
        GRIDAPP_HOME=str(Path(env.get("TMPDIR", "/tmp")) / "gridapp-crash-home"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare(data_dir: Path, url: str, engine: sa.Engine) -> None:
    """A new store in ``data_dir``, enrolled with the county server (credentials saved)."""
    from gridapp.server import core
    from gridapp.store import keys
    from gridapp.store.db import Store
    from gridapp.store.scope import WorkScope, save_scope
    from gridapp.sync.client import enroll
    from tests.fixtures.rosters import GRID, VILLAGE

    cost = keys.SCRYPT_N
    keys.SCRYPT_N = 2**12  # key.json records the cost: the child opens as cheaply
    try:
        with passphrase(), Store.open(data_dir, create=True, use_keyring=False) as store:
            code = core.create_enrolment(engine, [VILLAGE], "worker")
            enroll(store, url, code, device_name="crash harness")
            save_scope(store, WorkScope(VILLAGE, "石泉村", GRID, "1网格", "宋溪镇"))
    finally:
        keys.SCRYPT_N = cost


def start_child(data_dir: Path, journal: Path, seed: int, mode: str) -> subprocess.Popen[bytes]:
    """The worker on the store, once it printed ``ready`` (the store is open, work begins)."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.crash_worker",
            "--data",
            str(data_dir),
            "--journal",
            str(journal),
            "--seed",
            str(seed),
            "--mode",
            mode,
        ],
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != b"ready":
        child.kill()
        _out, err = child.communicate()
        raise RuntimeError(f"the worker did not start: {line!r} {err.decode()[-2000:]}")
    return child


def kill_round(
    data_dir: Path, journal: Path, seed: int, mode: str = "normal", work_s: float = WORK_S
) -> float:
    """Start the worker, let it work a random time, SIGKILL it; returns the time it worked.

    A worker that died by itself (an exception: a bug, not a kill) is an error."""
    rng = random.Random(seed)
    confirmed = len(read_journal(journal))
    child = start_child(data_dir, journal, seed, mode)
    if mode != "normal":
        _wait_for_confirmation(child, journal, confirmed)
    delay = rng.uniform(0, work_s)
    try:
        time.sleep(delay)
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        else:
            _out, err = child.communicate()
            raise RuntimeError(f"the worker stopped by itself: {err.decode()[-3000:]}")
    child.communicate()
    assert child.returncode == -signal.SIGKILL
    return delay


def _wait_for_confirmation(child: subprocess.Popen[bytes], journal: Path, lines: int) -> None:
    """Until a sabotaging worker confirmed its first false write (the kill comes after)."""
    deadline = time.monotonic() + 60
    while not any(e["s"] == "ok" for e in read_journal(journal)[lines:]):
        if child.poll() is not None or time.monotonic() > deadline:
            child.kill()
            _out, err = child.communicate()
            raise RuntimeError(f"the worker confirmed nothing: {err.decode()[-3000:]}")
        time.sleep(0.02)


# --- a whole run -------------------------------------------------------------------------


def run(
    folder: Path,
    kills: int,
    seed: int = 1,
    mode: str = "normal",
    work_s: float = WORK_S,
    progress: Any = None,
    stop_at_failure: bool = False,
) -> Summary:
    """``kills`` rounds on one store and one county server in ``folder``; the summary.
    ``stop_at_failure``: no more rounds once a check found a problem (a damaged store
    cannot be worked on further)."""
    summary = Summary()
    started = time.perf_counter()
    data_dir, journal = folder / "pc", folder / "journal.jsonl"
    with county_server(folder / "county") as (url, engine):
        prepare(data_dir, url, engine)
        for n in range(kills):
            before = len(read_journal(journal))
            kill_round(data_dir, journal, seed * 100_003 + n, mode, work_s)
            events = read_journal(journal)
            last = events[-1] if len(events) > before else {"s": "", "op": "before the first"}
            cut = str(last["op"]) if last["s"] in ("begin", "") else "between actions"
            summary.in_flight[cut] = summary.in_flight.get(cut, 0) + 1
            result = check(data_dir, journal, engine)
            summary.add(result)
            if progress is not None:
                progress(n + 1, result)
            if stop_at_failure and result.problems:
                break
    events = read_journal(journal)
    summary.syncs = sum(1 for e in events if e["op"] == "sync" and e["s"] == "ok")
    summary.imports = sum(1 for e in events if e["op"] == "import roster" and e["s"] == "ok")
    summary.seconds = time.perf_counter() - started
    return summary
