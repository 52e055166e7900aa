"""Opening the encrypted store: keyring or passphrase, and every way it must refuse."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail

from gridapp.store import keys
from gridapp.store.connection import DB_FILE, connect
from gridapp.store.db import Store
from gridapp.store.errors import (
    MissingDatabaseError,
    MissingKeyError,
    NotInitialisedError,
    PassphraseRequiredError,
    WeakPassphraseError,
    WrongKeyError,
    WrongPassphraseError,
)
from tests.fakes import MemoryKeyring


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_passphrase_store_reopens_and_keeps_no_key_on_disk(data_dir: Path) -> None:
    with Store.open(data_dir, create=True) as store:
        assert store.key.method == "passphrase"
        raw_key = store.key.key.hex()
        device = store.device_id
    record = json.loads((data_dir / keys.KEY_FILE).read_text())
    assert record["method"] == "passphrase" and record["kdf"]["name"] == "scrypt"
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert raw_key.encode() not in path.read_bytes()
            assert bytes.fromhex(raw_key) not in path.read_bytes()
    with Store.open(data_dir) as again:
        assert again.device_id == device


def test_wrong_passphrase_is_refused_and_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(data_dir, create=True).close()
    before = {p.name: digest(p) for p in data_dir.iterdir() if p.is_file()}
    monkeypatch.setenv("GRIDAPP_PASSPHRASE", "not the passphrase")
    with pytest.raises(WrongPassphraseError) as info:
        Store.open(data_dir, create=True)
    assert "口令" in info.value.text()
    after = {p.name: digest(p) for p in data_dir.iterdir() if p.is_file()}
    assert after == before


def test_no_passphrase_and_no_terminal_is_a_clear_error(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRIDAPP_PASSPHRASE")
    with pytest.raises(PassphraseRequiredError) as info:
        Store.open(data_dir, create=True)
    assert "GRIDAPP_PASSPHRASE" in info.value.text()
    assert not (data_dir / DB_FILE).exists()


def test_short_passphrase_is_refused(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDAPP_PASSPHRASE", "short")
    with pytest.raises(WeakPassphraseError):
        Store.open(data_dir, create=True)
    assert not (data_dir / DB_FILE).exists()


def test_prompted_passphrase_is_used(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRIDAPP_PASSPHRASE")
    asked: list[bool] = []

    def provider(confirm: bool) -> str:
        asked.append(confirm)
        return "typed passphrase"

    Store.open(data_dir, create=True, passphrase_provider=provider).close()
    Store.open(data_dir, passphrase_provider=provider).close()
    assert asked == [True, False]


def test_keyring_keeps_the_key_and_its_loss_never_creates_a_new_database(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: ring)
    monkeypatch.delenv("GRIDAPP_PASSPHRASE")
    with Store.open(data_dir, create=True) as store:
        assert store.key.method == "keyring"
        assert "MemoryKeyring" in store.key.backend
        device = store.device_id
    record = json.loads((data_dir / keys.KEY_FILE).read_text())
    assert record["method"] == "keyring" and "wrapped" not in record
    with Store.open(data_dir) as again:
        assert again.device_id == device
    ring.entries.clear()
    before = digest(data_dir / DB_FILE)
    with pytest.raises(MissingKeyError):
        Store.open(data_dir, create=True)
    assert digest(data_dir / DB_FILE) == before


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), chainer.ChainerBackend()],
    ids=["fail", "empty-chainer"],
)
def test_insecure_keyrings_count_as_none(backend: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    if isinstance(backend, chainer.ChainerBackend):
        monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    assert keys.secure_keyring() is None


def test_plaintext_keyring_counts_as_none(monkeypatch: pytest.MonkeyPatch) -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    monkeypatch.setattr(keyring, "get_keyring", lambda: PlaintextKeyring())
    assert keys.secure_keyring() is None


def test_missing_key_file_or_database_is_refused(data_dir: Path) -> None:
    Store.open(data_dir, create=True).close()
    key_file = data_dir / keys.KEY_FILE
    saved = key_file.read_bytes()
    key_file.unlink()
    with pytest.raises(MissingKeyError):
        Store.open(data_dir, create=True)
    key_file.write_bytes(saved)
    (data_dir / DB_FILE).rename(data_dir / "moved.db")
    with pytest.raises(MissingDatabaseError):
        Store.open(data_dir, create=True)
    assert not (data_dir / DB_FILE).exists()


def test_opening_without_create_needs_a_database(data_dir: Path) -> None:
    with pytest.raises(NotInitialisedError):
        Store.open(data_dir)
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_wrong_raw_key_is_refused(data_dir: Path) -> None:
    Store.open(data_dir, create=True).close()
    with pytest.raises(WrongKeyError):
        connect(data_dir / DB_FILE, b"\x01" * 32)


def test_database_file_is_not_plain_sqlite(data_dir: Path) -> None:
    Store.open(data_dir, create=True).close()
    assert not (data_dir / DB_FILE).read_bytes().startswith(b"SQLite format 3")
