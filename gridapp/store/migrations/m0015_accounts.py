"""Schema 15: local accounts (issue #8, ``gridapp.store.accounts``, ``docs/accounts.md``).

- ``account``: one row per person who works on this PC: a unique user name (letter case
  ignored), the name shown, the role (``gridapp.models.access.ROLES``), the scrypt hash of
  the password (never the password), disabled, the count of wrong passwords in a row and the
  time a lock ends, and who made the account when.

The lockout settings live in ``meta`` (``account_settings``, JSON).

Local to this PC: the table is not in ``SYNCED_TABLES``, its writes make no outbox entries,
and nothing of it goes to the county — only the audit entries of logins and account changes
do (with the user name, never a password or its hash). Adds a table only, so every existing
register upgrades without change and stays in set-up mode (no account) until the first
administrator is made. Re-runnable (the upgrade tests turn ``user_version`` back by hand).
"""

from __future__ import annotations

from gridapp.store.connection import Connection

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS account (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL COLLATE NOCASE UNIQUE,
        display_name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL DEFAULT '',
        password_changed_at TEXT NOT NULL DEFAULT '',
        last_login_at TEXT NOT NULL DEFAULT '')""",
]


def up(conn: Connection) -> None:
    """Add the account table (in the runner's transaction)."""
    for statement in STATEMENTS:
        conn.execute(statement)
