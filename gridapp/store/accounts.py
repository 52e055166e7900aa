"""Local accounts of this PC (issue #8): adding and managing them, logging in and out, the
lockout after wrong passwords, and the idle lock — the API the command line and the window
call (``docs/accounts.md``).

- Set-up mode: until the first account is made everything works as before accounts (the
  PC's petition role, ``gridapp.store.access``). The first account must be an administrator
  and anyone at the PC may make it; afterwards only a logged-in administrator
  (``Permission.MANAGE_USERS``) adds, disables, enables, re-roles or resets accounts.
- :meth:`AccountRepository.login` sets ``store.session``; from then on ``store.user_id`` (the
  name in the audit log and the outbox) is the account's user name and
  ``current_role(store)`` its role.
- ``max_failures`` wrong passwords in a row lock the account for ``lock_minutes``
  (:class:`AccountSettings`); a locked or disabled account is refused whatever the password.
- Every login, refused login, lock, unlock, logout and account change is ONE audit entry
  (``Store.write``); its detail names the account, never a password or its hash.
- The ``account`` table is local: its writes make no outbox entries and it is not in
  ``SYNCED_TABLES`` — only the audit entries go to the county.

Refusals raise :class:`ValidationError` (Chinese message) or :class:`AccessDenied`; nothing
changes but the count of wrong passwords and the audit entry of the attempt.
"""

from __future__ import annotations

import builtins
import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.access import ADMIN, ROLES, Permission
from gridapp.models.accounts import (
    AccountSettings,
    check_display_name,
    check_password,
    check_settings,
    check_username,
    dummy_hash,
    hash_password,
    normalize_username,
    verify_password,
)
from gridapp.models.errors import FieldError, ValidationError
from gridapp.store.access import require
from gridapp.store.db import Store

__all__ = ["Account", "AccountRepository", "AccountSettings", "Session"]

# Audit actions (the ``action`` of the audit entry each event writes).
USER_ADD = "user_add"
USER_DISABLE = "user_disable"
USER_ENABLE = "user_enable"
ROLE_CHANGE = "role_change"
PASSWORD_RESET = "password_reset"
PASSWORD_CHANGE = "password_change"
LOGIN = "login"
LOGIN_FAILED = "login_failed"
ACCOUNT_LOCKED = "account_locked"
LOGOUT = "logout"
SESSION_LOCK = "session_lock"
SESSION_UNLOCK = "session_unlock"
SETTINGS_CHANGE = "account_settings"
ACTIONS = (
    USER_ADD,
    USER_DISABLE,
    USER_ENABLE,
    ROLE_CHANGE,
    PASSWORD_RESET,
    PASSWORD_CHANGE,
    LOGIN,
    LOGIN_FAILED,
    ACCOUNT_LOCKED,
    LOGOUT,
    SESSION_LOCK,
    SESSION_UNLOCK,
    SETTINGS_CHANGE,
)

META_SETTINGS = "account_settings"
TABLE = "account"

MSG_BAD_LOGIN = QT_TRANSLATE_NOOP("Messages", "Wrong user name or password.")
MSG_BAD_PASSWORD_LEFT = QT_TRANSLATE_NOOP(
    "Messages",
    "Wrong user name or password. After {left} more wrong attempts the account is locked"
    " for {minutes} minutes.",
)
MSG_LOCKED = QT_TRANSLATE_NOOP(
    "Messages",
    "The account {username} is locked after too many wrong passwords, until {until}. Try"
    " again then, or ask the administrator to reset the password.",
)
MSG_DISABLED = QT_TRANSLATE_NOOP(
    "Messages", "The account {username} is disabled: ask the administrator."
)
MSG_FIRST_ADMIN = QT_TRANSLATE_NOOP(
    "Messages", "The first account of this PC must be an administrator (管理员)."
)
MSG_UNKNOWN_ROLE = QT_TRANSLATE_NOOP("Messages", "Unknown role “{role}”.")
MSG_TAKEN = QT_TRANSLATE_NOOP("Messages", "The user name {username} is taken.")
MSG_NO_ACCOUNT = QT_TRANSLATE_NOOP("Messages", "There is no account {username}.")
MSG_LAST_ADMIN = QT_TRANSLATE_NOOP(
    "Messages",
    "{username} is the last active administrator of this PC: make another administrator first.",
)
MSG_NOT_SELF = QT_TRANSLATE_NOOP("Messages", "You cannot disable your own account.")
MSG_NOBODY = QT_TRANSLATE_NOOP("Messages", "Nobody is logged in.")
MSG_WRONG_OLD = QT_TRANSLATE_NOOP("Messages", "The current password is wrong.")


@dataclass(frozen=True)
class Account:
    """An account as listed (no password hash)."""

    id: str
    username: str
    display_name: str
    role: str
    disabled: bool
    failed_logins: int
    locked_until: str  # "" or ISO time (seconds); may lie in the past (lock over)
    created_at: str

    def locked_at(self, when: datetime) -> bool:
        """Whether the account is locked at ``when``."""
        return bool(self.locked_until) and datetime.fromisoformat(self.locked_until) > when


@dataclass(frozen=True)
class Session:
    """Who works at a store now (``store.session``)."""

    account_id: str
    username: str
    display_name: str
    role: str
    started_at: str


def _fail(field: str, message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field, message, dict(params))])


def _stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _shown(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")


_COLUMNS = (
    "id, username, display_name, role, disabled, failed_logins, locked_until, created_at,"
    " password_hash"
)


def _account(row: dict[str, Any]) -> Account:
    return Account(
        id=str(row["id"]),
        username=str(row["username"]),
        display_name=str(row["display_name"]),
        role=str(row["role"]),
        disabled=bool(row["disabled"]),
        failed_logins=int(row["failed_logins"]),
        locked_until=str(row["locked_until"]),
        created_at=str(row["created_at"]),
    )


class AccountRepository:
    """The accounts of ``store``'s PC. ``now`` gives the time (tests pass a clock; by default
    the computer's local time)."""

    def __init__(self, store: Store, now: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.now = now or datetime.now

    # --- reading -------------------------------------------------------------------------

    def exist(self) -> bool:
        """Whether any account has been made on this PC (else: set-up mode)."""
        return self.store.accounts_exist()

    def list(self) -> builtins.list[Account]:
        rows = self.store.query(f"SELECT {_COLUMNS} FROM account ORDER BY created_at, username")
        return [_account(row) for row in rows]

    def get(self, username: str) -> Account | None:
        row = self._row(username)
        return None if row is None else _account(row)

    def settings(self) -> AccountSettings:
        raw = self.store.meta(META_SETTINGS)
        if not raw:
            return AccountSettings()
        known = {k: v for k, v in json.loads(raw).items() if k in asdict(AccountSettings())}
        return AccountSettings(**known)

    def _row(self, username: str) -> dict[str, Any] | None:
        rows = self.store.query(
            f"SELECT {_COLUMNS} FROM account WHERE username = ?", (normalize_username(username),)
        )
        return rows[0] if rows else None

    def _existing(self, username: str) -> dict[str, Any]:
        row = self._row(username)
        if row is None:
            raise _fail("username", MSG_NO_ACCOUNT, username=normalize_username(username))
        return row

    # --- writing helpers -----------------------------------------------------------------

    def _update(
        self, action: str, row: dict[str, Any], detail: dict[str, Any], **cols: Any
    ) -> None:
        """One audit entry ``action`` and, with ``cols``, the account row's new values."""
        with self.store.write(action, detail, table=TABLE, row_id=str(row["id"])):
            if cols:
                sets = ", ".join(f"{name} = ?" for name in cols)
                self.store.conn.execute(
                    f"UPDATE account SET {sets} WHERE id = ?", (*cols.values(), row["id"])
                )

    def _require_admin(self) -> None:
        require(self.store, Permission.MANAGE_USERS)

    def _active_admins(self) -> int:
        row = self.store.conn.execute(
            "SELECT count(*) FROM account WHERE role = ? AND disabled = 0", (ADMIN,)
        ).fetchone()
        return int(row[0])

    def _keep_an_admin(self, row: dict[str, Any]) -> None:
        if row["role"] == ADMIN and not row["disabled"] and self._active_admins() <= 1:
            raise _fail("username", MSG_LAST_ADMIN, username=row["username"])

    # --- managing accounts ---------------------------------------------------------------

    def add(self, username: str, display_name: str, role: str, password: str) -> Account:
        """A new account. In set-up mode only an administrator, by anyone; afterwards only a
        logged-in administrator. Audit ``user_add``."""
        setup = not self.exist()
        if setup:
            if role != ADMIN:
                raise _fail("role", MSG_FIRST_ADMIN)
        else:
            self._require_admin()
        name = check_username(username)
        shown = check_display_name(display_name, name)
        if role not in ROLES:
            raise _fail("role", MSG_UNKNOWN_ROLE, role=role)
        check_password(password, name)
        if self._row(name) is not None:
            raise _fail("username", MSG_TAKEN, username=name)
        account_id = uuid.uuid4().hex
        now = _stamp(self.now())
        detail = {"username": name, "display_name": shown, "role": role, "setup": setup}
        with self.store.write(USER_ADD, detail, table=TABLE, row_id=account_id):
            self.store.conn.execute(
                "INSERT INTO account (id, username, display_name, role, password_hash,"
                " created_at, created_by, password_changed_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    account_id,
                    name,
                    shown,
                    role,
                    hash_password(password),
                    now,
                    self.store.user_id,
                    now,
                ),
            )
        account = self.get(name)
        assert account is not None
        return account

    def disable(self, username: str) -> None:
        """The account can no longer log in (it stays, with its history). Audit
        ``user_disable``."""
        self._require_admin()
        row = self._existing(username)
        session = self.store.session
        if session is not None and session.account_id == row["id"]:
            raise _fail("username", MSG_NOT_SELF)
        self._keep_an_admin(row)
        if not row["disabled"]:
            self._update(USER_DISABLE, row, {"username": row["username"]}, disabled=1)

    def enable(self, username: str) -> None:
        """The account may log in again; a lock from wrong passwords ends too. Audit
        ``user_enable``."""
        self._require_admin()
        row = self._existing(username)
        self._update(
            USER_ENABLE,
            row,
            {"username": row["username"]},
            disabled=0,
            failed_logins=0,
            locked_until="",
        )

    def set_role(self, username: str, role: str) -> None:
        """Audit ``role_change`` with the old and new role."""
        self._require_admin()
        if role not in ROLES:
            raise _fail("role", MSG_UNKNOWN_ROLE, role=role)
        row = self._existing(username)
        if row["role"] == role:
            return
        self._keep_an_admin(row)
        detail = {"username": row["username"], "old": row["role"], "new": role}
        self._update(ROLE_CHANGE, row, detail, role=role)
        session = self.store.session
        if session is not None and session.account_id == row["id"]:
            self.store.session = replace(session, role=role)

    def reset_password(self, username: str, new_password: str) -> None:
        """The administrator sets a new password (the person forgot theirs, or it was
        locked); the count of wrong passwords and any lock end. Audit ``password_reset``."""
        self._require_admin()
        row = self._existing(username)
        check_password(new_password, row["username"])
        self._update(
            PASSWORD_RESET,
            row,
            {"username": row["username"]},
            password_hash=hash_password(new_password),
            failed_logins=0,
            locked_until="",
            password_changed_at=_stamp(self.now()),
        )

    def change_password(self, old_password: str, new_password: str) -> None:
        """The logged-in person changes their own password. Audit ``password_change``."""
        session = self.store.session
        if session is None:
            raise _fail("username", MSG_NOBODY)
        row = self._existing(session.username)
        if not verify_password(old_password, str(row["password_hash"])):
            raise _fail("password", MSG_WRONG_OLD)
        check_password(new_password, row["username"])
        self._update(
            PASSWORD_CHANGE,
            row,
            {"username": row["username"]},
            password_hash=hash_password(new_password),
            password_changed_at=_stamp(self.now()),
        )

    def set_settings(self, settings: AccountSettings) -> None:
        """Administrator only. Audit ``account_settings`` with the new values."""
        self._require_admin()
        check_settings(settings)
        values = asdict(settings)
        with self.store.write(SETTINGS_CHANGE, values):
            self.store.set_meta(META_SETTINGS, json.dumps(values, sort_keys=True))

    # --- logging in ----------------------------------------------------------------------

    def _authenticate(self, username: str, password: str) -> dict[str, Any]:
        """The account row if ``password`` is right and the account may log in; else the
        attempt is counted and logged (``login_failed``, and ``account_locked`` when it is
        the last one allowed) and refused."""
        name = normalize_username(username)
        row = self._row(name)
        now = self.now()
        if row is None:
            verify_password(password, dummy_hash())  # as slow as a wrong password
            with self.store.write(
                LOGIN_FAILED, {"username": name, "reason": "unknown"}, table=TABLE
            ):
                pass
            raise _fail("password", MSG_BAD_LOGIN)
        account = _account(row)
        if account.disabled:
            self._update(LOGIN_FAILED, row, {"username": account.username, "reason": "disabled"})
            raise _fail("username", MSG_DISABLED, username=account.username)
        if account.locked_at(now):
            self._update(LOGIN_FAILED, row, {"username": account.username, "reason": "locked"})
            raise _fail(
                "username",
                MSG_LOCKED,
                username=account.username,
                until=_shown(account.locked_until),
            )
        if verify_password(password, str(row["password_hash"])):
            return row
        settings = self.settings()
        failures = 1 if account.locked_until else account.failed_logins + 1  # a lock that ended
        detail = {"username": account.username, "reason": "password", "failures": failures}
        if failures < settings.max_failures:
            self._update(LOGIN_FAILED, row, detail, failed_logins=failures, locked_until="")
            raise _fail(
                "password",
                MSG_BAD_PASSWORD_LEFT,
                left=settings.max_failures - failures,
                minutes=settings.lock_minutes,
            )
        until = _stamp(now + timedelta(minutes=settings.lock_minutes))
        self._update(LOGIN_FAILED, row, detail, failed_logins=failures, locked_until=until)
        self._update(
            ACCOUNT_LOCKED,
            row,
            {"username": account.username, "failures": failures, "until": until},
        )
        raise _fail("username", MSG_LOCKED, username=account.username, until=_shown(until))

    def login(self, username: str, password: str) -> Session:
        """Log in on this store: ``store.session`` is the account's. Audit ``login``."""
        row = self._authenticate(username, password)
        now = _stamp(self.now())
        session = Session(
            account_id=str(row["id"]),
            username=str(row["username"]),
            display_name=str(row["display_name"]),
            role=str(row["role"]),
            started_at=now,
        )
        previous, self.store.session = self.store.session, session
        try:
            self._update(
                LOGIN,
                row,
                {"username": session.username, "role": session.role},
                failed_logins=0,
                locked_until="",
                last_login_at=now,
            )
        except BaseException:
            self.store.session = previous
            raise
        self.store.locked_session = None
        return session

    def logout(self) -> None:
        """End the session (also an idle-locked one). Audit ``logout``."""
        session = self.store.session or self.store.locked_session
        if session is None:
            return
        self.store.session = session
        try:
            with self.store.write(
                LOGOUT, {"username": session.username}, table=TABLE, row_id=session.account_id
            ):
                pass
        finally:
            self.store.session = None
            self.store.locked_session = None

    def lock(self) -> None:
        """The idle lock: the session is put aside (``store.locked_session``) and nothing is
        allowed until :meth:`unlock`. Audit ``session_lock``."""
        session = self.store.session
        if session is None:
            return
        with self.store.write(
            SESSION_LOCK, {"username": session.username}, table=TABLE, row_id=session.account_id
        ):
            pass
        self.store.locked_session = session
        self.store.session = None

    def unlock(self, password: str) -> Session:
        """The idle-locked session's own user again (a wrong password counts toward the
        lockout like a login's). Audit ``session_unlock``."""
        session = self.store.locked_session or self.store.session
        if session is None:
            raise _fail("username", MSG_NOBODY)
        row = self._authenticate(session.username, password)
        session = replace(session, role=str(row["role"]), display_name=str(row["display_name"]))
        self.store.session = session
        self._update(
            SESSION_UNLOCK,
            row,
            {"username": session.username},
            failed_logins=0,
            locked_until="",
        )
        self.store.locked_session = None
        return session
