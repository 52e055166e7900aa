"""This PC's device credentials for the county server: kept like the database key.

``gridapp enroll`` receives ``{device_id, device_secret, scopes, role, county}`` once
(contract §3). The secret is what every request carries (``Bearer <device_id>.<secret>``), so
it is kept the way :mod:`gridapp.store.keys` keeps the database key:

- in the OS keyring when a secure one exists (service :data:`KEYRING_SERVICE`, one entry
  per data directory), or
- wrapped with AES-256-GCM under a key derived by scrypt from the passphrase — the SAME
  passphrase as the database when the database key is passphrase-protected (checked against
  ``key.json``, so the user never has two), a new one otherwise.

Never in plaintext on disk. ``device.json`` beside the database records the rest (device id,
server URL, scopes, role, county — none secret) and how the secret is kept. Pure Python.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.store.errors import (
    PassphraseRequiredError,
    StoreError,
    WeakPassphraseError,
)
from gridapp.store.keys import (
    ENV_PASSPHRASE,
    KEY_FILE,
    MIN_PASSPHRASE,
    PassphraseProvider,
    secure_keyring,
    unwrap_key,
    wrap_key,
)

CREDENTIALS_FILE = "device.json"
KEYRING_SERVICE = "GridApp device secret"
_AAD = b"gridapp-device-secret-v1"


class NotEnrolledError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "This PC is not enrolled with a county server yet. Ask the county for an enrolment "
        "code and run: gridapp enroll --server URL --code CODE",
    )


class MissingCredentialsError(StoreError):
    message = QT_TRANSLATE_NOOP(
        "Messages",
        "The device secret of this PC was not found ({detail}). Nothing local was changed; "
        "enrol the PC again with a new code from the county.",
    )


class BadCredentialsError(StoreError):
    message = QT_TRANSLATE_NOOP("Messages", "The enrolment answer is incomplete: {detail}.")


@dataclass(frozen=True)
class DeviceCredentials:
    """What the PC needs to talk to its county server."""

    device_id: str
    secret: str = field(repr=False)
    server_url: str
    scopes: tuple[str, ...]
    role: str = "worker"
    county: str = ""

    def authorization(self) -> str:
        """The ``Authorization`` header value of every request (contract §3)."""
        return f"Bearer {self.device_id}.{self.secret}"

    def check(self) -> None:
        """Raise :class:`BadCredentialsError` unless every part is usable."""
        if not self.device_id or "." in self.device_id:
            raise BadCredentialsError(detail="device_id")
        if not self.secret:
            raise BadCredentialsError(detail="device_secret")
        if not self.server_url.startswith(("https://", "http://")):
            raise BadCredentialsError(detail="server URL")
        if not self.scopes or not all(s.isdigit() and len(s) in (6, 9, 12) for s in self.scopes):
            raise BadCredentialsError(detail="scopes")


class CredentialStore:
    """Saves, loads and forgets the device credentials of one data directory."""

    def __init__(
        self,
        data_dir: Path,
        passphrase_provider: PassphraseProvider | None = None,
        keyring_backend: Any | None = None,
        use_keyring: bool = True,
    ) -> None:
        self.data_dir = data_dir
        self.path = data_dir / CREDENTIALS_FILE
        self._provider = passphrase_provider
        self._backend = keyring_backend
        self._use_keyring = use_keyring
        self._prepared: str | None = None  # the passphrase given to prepare_save()

    def _keyring(self) -> Any | None:
        if not self._use_keyring:
            return None
        return self._backend if self._backend is not None else secure_keyring()

    def _username(self) -> str:
        # One entry per data directory (as for the database key).
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

    def _database_passphrase_record(self) -> dict[str, Any] | None:
        """The wrapped database key, when the database key is passphrase-protected."""
        try:
            record = json.loads((self.data_dir / KEY_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return record if record.get("method") == "passphrase" else None

    def exists(self) -> bool:
        return self.path.exists()

    def prepare_save(self) -> None:
        """Get what keeping a secret will need BEFORE a one-time enrolment code is spent:
        without a secure keyring, the passphrase (the database's, checked, or a new one of
        the minimum length). Raises :class:`PassphraseRequiredError`,
        :class:`WrongPassphraseError` or :class:`WeakPassphraseError`; :meth:`save` then
        uses the passphrase given here instead of asking again."""
        if self._keyring() is not None:
            return
        self._prepared = self._save_passphrase()

    def _save_passphrase(self) -> str:
        if self._prepared is not None:
            return self._prepared
        database = self._database_passphrase_record()
        if database is not None:
            passphrase = self._passphrase(confirm=False)
            unwrap_key(database, passphrase)  # the database's passphrase, or it raises
            return passphrase
        return self._passphrase(confirm=True)

    def save(self, credentials: DeviceCredentials) -> str:
        """Keep ``credentials`` (replacing earlier ones); returns "keyring" or "passphrase"."""
        credentials.check()
        record: dict[str, Any] = {
            "version": 1,
            "device_id": credentials.device_id,
            "server_url": credentials.server_url,
            "scopes": list(credentials.scopes),
            "role": credentials.role,
            "county": credentials.county,
        }
        backend = self._keyring()
        if backend is not None:
            backend.set_password(KEYRING_SERVICE, self._username(), credentials.secret)
            record["method"] = "keyring"
            record["backend"] = f"{type(backend).__module__}.{type(backend).__name__}"
        else:
            passphrase = self._save_passphrase()
            record["method"] = "passphrase"
            record["secret"] = wrap_key(credentials.secret.encode("utf-8"), passphrase, _AAD)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        _write_private_json(self.path, record)
        return str(record["method"])

    def load(self) -> DeviceCredentials:
        """The saved credentials; :class:`NotEnrolledError` if there are none."""
        try:
            record = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError as exc:
            raise NotEnrolledError() from exc
        except (OSError, ValueError) as exc:
            raise MissingCredentialsError(detail=f"{CREDENTIALS_FILE}: {exc}") from exc
        if record.get("method") == "passphrase":
            wrapped = record.get("secret")
            if not isinstance(wrapped, dict):
                raise MissingCredentialsError(detail=CREDENTIALS_FILE)
            secret = unwrap_key(wrapped, self._passphrase(confirm=False), _AAD).decode("utf-8")
        else:
            backend = self._keyring()
            if backend is None:
                raise MissingCredentialsError(
                    detail=f"keyring {record.get('backend', '')} is not available"
                )
            secret = backend.get_password(KEYRING_SERVICE, self._username()) or ""
            if not secret:
                raise MissingCredentialsError(detail="no entry in the keyring")
        return DeviceCredentials(
            device_id=str(record.get("device_id", "")),
            secret=secret,
            server_url=str(record.get("server_url", "")),
            scopes=tuple(str(s) for s in record.get("scopes", ())),
            role=str(record.get("role", "worker")),
            county=str(record.get("county", "")),
        )

    def delete(self) -> None:
        """Forget the credentials (after a revocation or before enrolling again)."""
        backend = self._keyring()
        if backend is not None:
            with contextlib.suppress(Exception):  # no entry, or a backend that cannot delete
                backend.delete_password(KEYRING_SERVICE, self._username())
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _write_private_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``path`` atomically, readable by its owner only."""
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
