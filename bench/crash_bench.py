"""Crash safety (issue #8): hundreds of SIGKILLs at random moments, and what was lost.

The harness of ``tests/crash_harness.py`` (also run by ``make test`` with 12 kills): a worker
process on a real SQLCipher store edits households and persons, registers and accepts
petitions, records party activities, imports rosters and syncs with a county server on
127.0.0.1, journaling what the program confirmed; it is killed with SIGKILL after a random
time, the store is reopened and checked (integrity, audit chain, every confirmed value,
outbox = data, pull cursor = rows, synced writes on the server), and the next worker goes on
with the same store. Then the two sabotaging workers, which the checks must catch.

    python -m bench --only crash_bench            # 300 kills; rewrites its section
    python -m bench.crash_bench --kills 50        # prints the section (--doc: writes it)

``GRIDAPP_CRASH_KILLS`` sets the count for ``make bench``. It prints a markdown section and
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.common import machine
from tests import crash_harness as harness

KILLS = 300


def _progress(done: int, result: harness.RoundResult) -> None:
    if done % 25 == 0 or result.problems:
        print(
            f"  {done} kills, {result.confirmed} confirmed actions, "
            f"{len(result.problems)} problems",
            file=sys.stderr,
            flush=True,
        )


def measure(kills: int, seed: int = 1, work_s: float = harness.WORK_S) -> str:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="gridapp-crash-") as folder:
        summary = harness.run(Path(folder) / "run", kills, seed, work_s=work_s, progress=_progress)
        lie = harness.run(Path(folder) / "lie", 1, seed, mode="lie")
        split = harness.run(Path(folder) / "split", 1, seed, mode="split")
        unsafe = harness.run(Path(folder) / "unsafe", 10, seed, mode="unsafe", stop_at_failure=True)
    cut = ", ".join(
        f"{what} {count}"
        for what, count in sorted(summary.in_flight.items(), key=lambda item: -item[1])
    )
    problems = "; ".join(summary.examples[:3]) or "none"
    rows = [
        (f"kills (SIGKILL, uniformly 0–{work_s:g} s into the work)", f"{summary.kills}", ""),
        ("what the kills interrupted (the action begun and not confirmed)", cut, ""),
        (
            "confirmed actions checked after the last kill; the (row, column) values they set",
            f"{summary.confirmed:,}; {summary.fields:,}",
            "",
        ),
        ("of them: sync rounds; roster imports", f"{summary.syncs}; {summary.imports}", ""),
        ("**losses** (a confirmed value missing or different)", f"**{summary.losses}**", "0"),
        (
            "integrity failures (integrity_check, cipher_integrity_check, audit chain)",
            f"{summary.integrity_failures}",
            "0",
        ),
        (
            "outbox ≠ data (a row's outbox entries folded ≠ the row)",
            f"{summary.outbox_mismatches}",
            "0",
        ),
        (
            "rounds whose pending entries were over one push batch (server + next push "
            "not compared)",
            f"{summary.skipped_push_checks}",
            "",
        ),
        ("pull cursor ahead of the rows", f"{summary.pull_mismatches}", "0"),
        (
            "confirmed before a confirmed sync, missing on the server",
            f"{summary.server_losses}",
            "0",
        ),
        (
            "time: whole run s; per kill (start, work, kill, check) s",
            f"{summary.seconds:.0f}; {summary.seconds / max(1, summary.kills):.1f}",
            "",
        ),
        (
            "sabotage, confirming before the commit: losses found",
            f"{lie.losses} (after {lie.confirmed:,} false confirmations of a few rows)",
            "> 0",
        ),
        (
            "sabotage, a row committed outside the one transaction: outbox ≠ data found",
            f"{split.outbox_mismatches}",
            "> 0",
        ),
        (
            "sabotage, no journal on disk (journal_mode=MEMORY, synchronous=OFF, 20-page "
            "cache), 400+ persons edited per transaction: caught at kill; what was found",
            f"{unsafe.kills if unsafe.failures else 'not caught in 10'}; "
            f"{(unsafe.examples[:1] or ['-'])[0][:120]}",
            "caught",
        ),
    ]
    lines = [
        f"### Crash safety: {summary.kills} SIGKILLs at random moments, {summary.losses} losses",
        "",
        f"Machine: {machine()}; load average {load:.1f} at the start (the machine is shared). "
        "A worker process (`tests/crash_worker.py`) on one real SQLCipher store edits "
        "households and persons, registers and accepts petitions, records party activities, "
        "imports rosters and syncs with a county server (uvicorn on 127.0.0.1, SQLite), "
        "journaling each write the program confirmed; it is killed with SIGKILL, the store "
        "is reopened and checked, and the next worker carries on with the same store "
        "(`tests/crash_harness.py`; docs/crash-safety.md). Problems: "
        f"{problems}. Rerun: `python -m bench --only crash_bench` (GRIDAPP_CRASH_KILLS "
        "sets the count).",
        "",
        "| what | measured | target |",
        "| --- | ---: | --- |",
        *(f"| {what} | {value} | {target} |" for what, value, target in rows),
        "",
    ]
    return "\n".join(lines)


def run(households: int) -> str:
    """For ``python -m bench`` (the register size does not apply here)."""
    del households
    return measure(int(os.environ.get("GRIDAPP_CRASH_KILLS", KILLS)))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crash_bench")
    parser.add_argument("--kills", type=int, default=KILLS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work-s", type=float, default=harness.WORK_S)
    parser.add_argument("--doc", action="store_true", help="write the section into the doc")
    args = parser.parse_args()
    started = time.perf_counter()
    section = measure(args.kills, args.seed, args.work_s)
    print(section)
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if args.doc:
        from bench.__main__ import DOC, replace_section

        DOC.write_text(replace_section(DOC.read_text("utf-8"), section), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
