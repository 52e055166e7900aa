"""Device credentials are kept like the database key: keyring, or wrapped by the passphrase."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gridapp.store.db import Store
from gridapp.store.errors import (
    PassphraseRequiredError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from gridapp.store.keys import unwrap_key
from gridapp.sync.credentials import (
    CREDENTIALS_FILE,
    KEYRING_SERVICE,
    BadCredentialsError,
    CredentialStore,
    DeviceCredentials,
    MissingCredentialsError,
    NotEnrolledError,
)
from tests.conftest import PASSPHRASE
from tests.fakes import MemoryKeyring

SECRET = "q8Zr3v0pXyK2mN5tL7wB9cD1eF4gH6jS-_aBcDeFgHi"
CREDS = DeviceCredentials(
    device_id="dev-7f3a",
    secret=SECRET,
    server_url="https://county.example.cn:8443",
    scopes=("360423100200", "360423101"),
    role="worker",
    county="360423",
)


def disk_bytes(data_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())


def test_with_a_keyring_the_secret_lives_only_there(data_dir: Path) -> None:
    keyring = MemoryKeyring()
    Store.open(data_dir, create=True, keyring_backend=keyring).close()
    creds = CredentialStore(data_dir, keyring_backend=keyring)
    assert not creds.exists()
    with pytest.raises(NotEnrolledError):
        creds.load()
    assert creds.save(CREDS) == "keyring"
    assert SECRET.encode() not in disk_bytes(data_dir)
    assert [v for (service, _user), v in keyring.entries.items() if service == KEYRING_SERVICE] == [
        SECRET
    ]
    record = json.loads((data_dir / CREDENTIALS_FILE).read_text("utf-8"))
    assert record["method"] == "keyring" and record["scopes"] == list(CREDS.scopes)
    assert CredentialStore(data_dir, keyring_backend=keyring).load() == CREDS
    assert SECRET not in repr(CREDS)
    assert CREDS.authorization() == f"Bearer dev-7f3a.{SECRET}"
    # Another data directory (a second portable install) has an entry of its own.
    other = CredentialStore(data_dir.parent / "other", keyring_backend=keyring)
    with pytest.raises(NotEnrolledError):
        other.load()
    creds.delete()
    assert not creds.exists() and not any(s == KEYRING_SERVICE for s, _ in keyring.entries)
    with pytest.raises(NotEnrolledError):
        creds.load()
    creds.delete()  # nothing left to forget: no error


def test_a_lost_keyring_entry_is_a_clear_error(data_dir: Path) -> None:
    keyring = MemoryKeyring()
    CredentialStore(data_dir, keyring_backend=keyring).save(CREDS)
    keyring.entries.clear()
    with pytest.raises(MissingCredentialsError) as info:
        CredentialStore(data_dir, keyring_backend=keyring).load()
    assert "keyring" in str(info.value)
    with pytest.raises(MissingCredentialsError):
        CredentialStore(data_dir).load()  # no secure keyring on this machine at all


def test_without_a_keyring_the_secret_is_wrapped_by_the_database_passphrase(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(data_dir, create=True).close()  # no keyring here: passphrase-protected key
    creds = CredentialStore(data_dir)
    assert creds.save(CREDS) == "passphrase"
    assert SECRET.encode() not in disk_bytes(data_dir)
    record = json.loads((data_dir / CREDENTIALS_FILE).read_text("utf-8"))
    assert set(record["secret"]) == {"kdf", "nonce", "wrapped"}
    assert (data_dir / CREDENTIALS_FILE).stat().st_mode & 0o077 == 0
    assert CredentialStore(data_dir).load() == CREDS
    # The wrapped secret cannot pass for a wrapped database key, nor the other way round.
    with pytest.raises(WrongPassphraseError):
        unwrap_key(record["secret"], PASSPHRASE)
    monkeypatch.setenv("GRIDAPP_PASSPHRASE", "not the passphrase")
    with pytest.raises(WrongPassphraseError):
        CredentialStore(data_dir).load()
    with pytest.raises(WrongPassphraseError):  # one passphrase for the database and the PC
        CredentialStore(data_dir).save(CREDS)
    monkeypatch.delenv("GRIDAPP_PASSPHRASE")
    with pytest.raises(PassphraseRequiredError):
        CredentialStore(data_dir).load()
    asked: list[bool] = []

    def provider(confirm: bool) -> str:
        asked.append(confirm)
        return PASSPHRASE

    assert CredentialStore(data_dir, passphrase_provider=provider).load() == CREDS
    assert asked == [False]


def test_without_a_keyring_or_a_database_passphrase_a_new_one_is_chosen(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRIDAPP_PASSPHRASE")
    with pytest.raises(PassphraseRequiredError):
        CredentialStore(data_dir).save(CREDS)
    with pytest.raises(WeakPassphraseError):
        CredentialStore(data_dir, passphrase_provider=lambda confirm: "short").save(CREDS)
    asked: list[bool] = []

    def provider(confirm: bool) -> str:
        asked.append(confirm)
        return "a long new passphrase"

    assert CredentialStore(data_dir, passphrase_provider=provider).save(CREDS) == "passphrase"
    assert asked == [True]
    assert CredentialStore(data_dir, passphrase_provider=provider).load() == CREDS


@pytest.mark.parametrize(
    "field, value",
    [
        ("device_id", ""),
        ("device_id", "a.b"),
        ("secret", ""),
        ("server_url", "county.example.cn"),
        ("scopes", ()),
        ("scopes", ("3604",)),
    ],
)
def test_incomplete_credentials_are_refused(data_dir: Path, field: str, value: object) -> None:
    from dataclasses import replace

    with pytest.raises(BadCredentialsError):
        CredentialStore(data_dir, keyring_backend=MemoryKeyring()).save(
            replace(CREDS, **{field: value})
        )
    assert not (data_dir / CREDENTIALS_FILE).exists()
