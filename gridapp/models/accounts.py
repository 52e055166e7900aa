"""Local accounts (issue #8): the rules for user names and passwords, password hashing, and the
lockout settings. Pure functions, no SQL and no Qt; :mod:`gridapp.store.accounts` keeps the
accounts and enforces who may manage them.

- A user name is 2–32 characters: letters (Chinese too), digits, ``_``, ``.``, ``-``; no
  spaces. Names are unique on the PC regardless of letter case (``Wang`` = ``wang``).
- A password has at least 8 characters (and at most 128) and is not the user name.
- Passwords are hashed with scrypt (``hashlib.scrypt``, n=2**14, r=8, p=1, a random 16-byte
  salt); the stored text carries its own cost, so a cheaper or dearer cost later still
  verifies old hashes. Comparison is constant-time (``hmac.compare_digest``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.errors import FieldError, ValidationError

USERNAME_MIN = 2
USERNAME_MAX = 32
DISPLAY_NAME_MAX = 40
PASSWORD_MIN = 8
PASSWORD_MAX = 128
_USERNAME_PUNCT = frozenset("_.-")

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
_SCHEME = "scrypt"

MSG_USERNAME_LENGTH = QT_TRANSLATE_NOOP(
    "Messages", "A user name has {low} to {high} characters (letters, digits, _ . -)."
)
MSG_USERNAME_CHARS = QT_TRANSLATE_NOOP(
    "Messages", "A user name may hold only letters, digits and _ . - (no spaces)."
)
MSG_DISPLAY_NAME_LONG = QT_TRANSLATE_NOOP(
    "Messages", "The name shown is too long (at most {high} characters)."
)
MSG_PASSWORD_SHORT = QT_TRANSLATE_NOOP("Messages", "A password has at least {low} characters.")
MSG_PASSWORD_LONG = QT_TRANSLATE_NOOP("Messages", "A password has at most {high} characters.")
MSG_PASSWORD_IS_NAME = QT_TRANSLATE_NOOP("Messages", "The password may not be the user name.")


@dataclass(frozen=True)
class AccountSettings:
    """How logins are guarded on this PC (administrator's setting)."""

    lock_minutes: int = 15  # how long an account stays locked after max_failures
    idle_minutes: int = 10  # the window locks after this long without input
    max_failures: int = 5  # wrong passwords in a row before the account locks


SETTING_LIMITS: dict[str, tuple[int, int]] = {
    "lock_minutes": (1, 24 * 60),
    "idle_minutes": (1, 8 * 60),
    "max_failures": (3, 10),
}
MSG_SETTING_RANGE = QT_TRANSLATE_NOOP(
    "Messages", "{name} must be a whole number from {low} to {high}."
)


def check_settings(settings: AccountSettings) -> None:
    errors = []
    for name, (low, high) in SETTING_LIMITS.items():
        value = getattr(settings, name)
        if not isinstance(value, int) or not low <= value <= high:
            errors.append(
                FieldError(name, MSG_SETTING_RANGE, {"name": name, "low": low, "high": high})
            )
    if errors:
        raise ValidationError(errors)


def normalize_username(username: str) -> str:
    """The user name as stored and compared (NFKC, trimmed); not yet checked."""
    return unicodedata.normalize("NFKC", username).strip()


def check_username(username: str) -> str:
    """The normalized user name, or :class:`ValidationError`."""
    name = normalize_username(username)
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX:
        raise ValidationError(
            [
                FieldError(
                    "username", MSG_USERNAME_LENGTH, {"low": USERNAME_MIN, "high": USERNAME_MAX}
                )
            ]
        )
    if not all(ch.isalnum() or ch in _USERNAME_PUNCT for ch in name):
        raise ValidationError([FieldError("username", MSG_USERNAME_CHARS)])
    return name


def check_display_name(display_name: str, username: str) -> str:
    """The name shown in the window and the audit viewer (the user name when empty)."""
    shown = " ".join(unicodedata.normalize("NFKC", display_name).split())
    if len(shown) > DISPLAY_NAME_MAX:
        raise ValidationError(
            [FieldError("display_name", MSG_DISPLAY_NAME_LONG, {"high": DISPLAY_NAME_MAX})]
        )
    return shown or username


def check_password(password: str, username: str = "") -> None:
    if len(password) < PASSWORD_MIN:
        raise ValidationError([FieldError("password", MSG_PASSWORD_SHORT, {"low": PASSWORD_MIN})])
    if len(password) > PASSWORD_MAX:
        raise ValidationError([FieldError("password", MSG_PASSWORD_LONG, {"high": PASSWORD_MAX})])
    if username and password.casefold() == username.casefold():
        raise ValidationError([FieldError("password", MSG_PASSWORD_IS_NAME)])


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=256 * 1024 * 1024,
        dklen=HASH_BYTES,
    )


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex) for a new password."""
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (constant-time); False for a malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != _SCHEME:
            return False
        expected = bytes.fromhex(digest)
        actual = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def dummy_hash() -> str:
    """A hash no password matches, checked for an unknown user name so that a wrong name
    takes as long as a wrong password (the name's existence is not given away)."""
    return f"{_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${'00' * SALT_BYTES}${'00' * HASH_BYTES}"
