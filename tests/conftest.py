"""Shared fixtures: a fresh data directory per test, a real SQLCipher store, test data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["GRIDAPP_LANG"] = "zh_CN"

PASSPHRASE = "test passphrase 口令"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's real data directory or keyring."""
    monkeypatch.setenv("GRIDAPP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GRIDAPP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("GRIDAPP_LANG", "zh_CN")
    monkeypatch.setenv("GRIDAPP_USER", "tester")
    # A cheaper scrypt keeps the suite fast; key.json records the cost, so nothing else changes.
    from gridapp.store import keys

    monkeypatch.setattr(keys, "SCRYPT_N", 2**12)
    # No OS keyring on this machine; tests that need one install tests.fakes.MemoryKeyring.
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[object]:
    from gridapp.store.db import Store

    s = Store.open(data_dir, create=True)
    yield s
    s.close()
