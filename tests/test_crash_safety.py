"""Crash safety (issue #8): a working GridApp process killed with SIGKILL at random moments
loses nothing it confirmed — and the harness that says so catches a program that would.

The harness (tests/crash_harness.py, the child tests/crash_worker.py) runs a real SQLCipher
store against a real county server on 127.0.0.1; ``make bench`` runs it hundreds of times
(bench/crash_bench.py). See docs/crash-safety.md.
"""

from __future__ import annotations

from pathlib import Path

from gridapp.store.connection import DB_FILE
from tests import crash_harness as harness

KILLS = 12


def test_random_kills_lose_no_confirmed_write(tmp_path: Path) -> None:
    summary = harness.run(tmp_path, KILLS, seed=8)
    assert summary.kills == KILLS
    assert summary.failures == 0, summary.examples
    assert (summary.losses, summary.integrity_failures, summary.outbox_mismatches) == (0, 0, 0)
    # The work was the mix the issue names: edits, imports and sync rounds, all confirmed.
    assert summary.confirmed > 0 and summary.fields > 0
    assert summary.syncs > 0 and summary.imports > 0

    # The same checks see a damaged file: one flipped byte in a page of the database.
    path = tmp_path / "pc" / DB_FILE
    data = bytearray(path.read_bytes())
    data[5000] ^= 0xFF
    path.write_bytes(bytes(data))
    found = harness.check(tmp_path / "pc", tmp_path / "journal.jsonl")
    assert any("cipher_integrity_check" in p for p in found.integrity), found.integrity


def test_a_program_that_confirms_before_it_commits_is_caught(tmp_path: Path) -> None:
    """Sabotage: the worker says "saved" for edits whose transaction it rolls back."""
    summary = harness.run(tmp_path, 1, mode="lie")
    assert summary.losses > 0
    assert any("person" in e and "confirmed" in e for e in summary.examples), summary.examples
    assert summary.integrity_failures == 0  # the file itself is sound: only the data is not


def test_a_write_outside_the_one_transaction_is_caught(tmp_path: Path) -> None:
    """Sabotage: the row is committed on its own and its outbox entry was to follow in a
    second transaction; killed in between, the row changed without an outbox entry."""
    summary = harness.run(tmp_path, 1, mode="split")
    assert summary.outbox_mismatches > 0
    assert any("outbox says" in e for e in summary.examples), summary.examples
    assert any("server + next push" in e for e in summary.examples), summary.examples
    assert summary.losses > 0  # confirmed without its audit entry


def test_a_store_without_its_journal_on_disk_is_caught(tmp_path: Path) -> None:
    """Sabotage: the settings ARCHITECTURE.md requires switched off (journal_mode=MEMORY,
    synchronous=OFF, a page cache of 20 pages) while every person is edited in one long
    transaction: a kill in it leaves pages in the file that nothing can roll back."""
    summary = harness.run(tmp_path, 10, mode="unsafe", stop_at_failure=True)
    assert summary.failures > 0, summary
    assert summary.integrity_failures + summary.outbox_mismatches > 0, summary.examples
