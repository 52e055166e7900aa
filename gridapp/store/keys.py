"""The database key: 32 random bytes kept in the OS keyring or wrapped by a passphrase.

The key never touches the disk in plaintext. ``key.json`` beside the database records *how*
the key is kept (the Signal Desktop lesson: know which store holds it, and never quietly make
a new key for an existing database):

- ``{"method": "keyring", "backend": "<class>"}`` — the key is in the OS keyring
  (Windows Credential Manager, macOS Keychain, Secret Service);
- ``{"method": "passphrase", "kdf": {...}, "nonce": …, "wrapped": …}`` — no secure keyring
  exists, so the key is wrapped with AES-256-GCM under a key derived from a passphrase by
  scrypt (slow on purpose).

The fail, null, chainer-without-backends and plaintext (keyrings.alt) backends count as *no
secure keyring*; we say so and use the passphrase instead of falling back silently.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gridapp.store.errors import (
    MissingKeyError,
    PassphraseRequiredError,
    WeakPassphraseError,
    WrongPassphraseError,
)

KEY_FILE = "key.json"
KEYRING_SERVICE = "GridApp database key"
ENV_PASSPHRASE = "GRIDAPP_PASSPHRASE"
MIN_PASSPHRASE = 8
_AAD = b"gridapp-db-key-v1"

# scrypt cost: ~0.1 s and 32 MiB on the reference PC. Stored per file, so it can grow later.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1

PassphraseProvider = Callable[[bool], str | None]
"""Called with ``confirm=True`` when a new passphrase is being chosen; returns None to give up."""


@dataclass(frozen=True)
class KeyInfo:
    """The unwrapped key and a sentence-sized description of where it is kept."""

    key: bytes
    method: str  # "keyring" or "passphrase"
    backend: str
    # Set only on the KeyInfo of a new database: the recovery code made with it, held in
    # memory for the set-up to print (docs/key-recovery.md); never written to disk.
    recovery_code: str = field(default="", repr=False)


def secure_keyring() -> Any | None:
    """The OS keyring backend if it is a secure one, else None."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    module = type(backend).__module__
    name = type(backend).__name__
    if module.startswith(("keyrings.alt", "keyring.backends.null")) or "Plaintext" in name:
        return None
    return backend


def _backend_name(backend: Any) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _kek(passphrase: str, kdf: dict[str, Any]) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=base64.b64decode(kdf["salt"]),
        n=int(kdf["n"]),
        r=int(kdf["r"]),
        p=int(kdf["p"]),
        maxmem=256 * 1024 * 1024,
        dklen=32,
    )


def wrap_key(key: bytes, passphrase: str, aad: bytes = _AAD) -> dict[str, Any]:
    """Wrap ``key`` under ``passphrase``; the result is safe to store on disk.

    ``aad`` names what is wrapped (the database key by default; the device secret has its
    own), so one wrapped value can never be passed off as another."""
    kdf = {
        "name": "scrypt",
        "salt": base64.b64encode(secrets.token_bytes(16)).decode(),
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
    }
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(_kek(passphrase, kdf)).encrypt(nonce, key, aad)
    return {
        "kdf": kdf,
        "nonce": base64.b64encode(nonce).decode(),
        "wrapped": base64.b64encode(wrapped).decode(),
    }


def unwrap_key(record: dict[str, Any], passphrase: str, aad: bytes = _AAD) -> bytes:
    """Unwrap a key written by :func:`wrap_key`; a wrong passphrase raises."""
    try:
        return AESGCM(_kek(passphrase, record["kdf"])).decrypt(
            base64.b64decode(record["nonce"]), base64.b64decode(record["wrapped"]), aad
        )
    except InvalidTag as exc:
        raise WrongPassphraseError() from exc


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class KeyStore:
    """Creates and finds the database key of one data directory."""

    def __init__(
        self,
        data_dir: Path,
        passphrase_provider: PassphraseProvider | None = None,
        keyring_backend: Any | None = None,
        use_keyring: bool = True,
    ) -> None:
        self.data_dir = data_dir
        self.path = data_dir / KEY_FILE
        self._provider = passphrase_provider
        self._backend = keyring_backend if keyring_backend is not None else None
        self._use_keyring = use_keyring

    def _keyring(self) -> Any | None:
        if not self._use_keyring:
            return None
        return self._backend if self._backend is not None else secure_keyring()

    def exists(self) -> bool:
        return self.path.exists()

    def _username(self) -> str:
        # One entry per data directory, so two portable installs never share a key.
        return hashlib.sha256(str(self.data_dir.resolve()).encode()).hexdigest()[:32]

    def _passphrase(self, confirm: bool) -> str:
        value = os.environ.get(ENV_PASSPHRASE)
        if value is None and self._provider is not None:
            value = self._provider(confirm)
        if value is None:
            raise PassphraseRequiredError()
        if confirm and len(value) < MIN_PASSPHRASE:
            raise WeakPassphraseError(min=MIN_PASSPHRASE)
        return value

    def create(self) -> KeyInfo:
        """Make a new random key and keep it, and a recovery code that unwraps it; only for a
        data directory with no database."""
        from gridapp.store.recovery import make_recovery_code

        info = self.keep(secrets.token_bytes(32))
        return replace(info, recovery_code=make_recovery_code(self.data_dir, info.key))

    def keep(self, key: bytes) -> KeyInfo:
        """Keep ``key`` in the secure keyring if there is one, else under a new passphrase
        (asked twice); replaces how it was kept before. Used by :meth:`create` and by key
        recovery (``gridapp recover``)."""
        backend = self._keyring()
        if backend is not None:
            backend.set_password(KEYRING_SERVICE, self._username(), key.hex())
            name = _backend_name(backend)
            _write_json_atomic(self.path, {"version": 1, "method": "keyring", "backend": name})
            return KeyInfo(key, "keyring", name)
        record = wrap_key(key, self._passphrase(confirm=True))
        _write_json_atomic(self.path, {"version": 1, "method": "passphrase", **record})
        return KeyInfo(key, "passphrase", "")

    def load(self) -> KeyInfo:
        """Find the key of the existing database, or raise a clear error."""
        try:
            record = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError as exc:
            raise MissingKeyError(path=str(self.data_dir), detail=KEY_FILE) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise MissingKeyError(path=str(self.data_dir), detail=f"{KEY_FILE}: {exc}") from exc
        if record.get("method") == "passphrase":
            return KeyInfo(unwrap_key(record, self._passphrase(confirm=False)), "passphrase", "")
        backend = self._keyring()
        stored_backend = str(record.get("backend", ""))
        if backend is None:
            raise MissingKeyError(
                path=str(self.data_dir), detail=f"keyring {stored_backend} is not available"
            )
        secret = backend.get_password(KEYRING_SERVICE, self._username())
        if not secret:
            raise MissingKeyError(
                path=str(self.data_dir), detail=f"no entry in keyring {_backend_name(backend)}"
            )
        return KeyInfo(bytes.fromhex(secret), "keyring", _backend_name(backend))
