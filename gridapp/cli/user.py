"""``gridapp user``: the accounts of this PC (issue #8, ``docs/accounts.md``).

- ``user list [--json]`` — every account with its role, state and when it was made.
- ``user add NAME --role ROLE [--display-name TEXT]`` — the first account (set-up mode) must
  be an administrator and needs no login; afterwards an administrator logs in with
  ``gridapp --account ADMIN user add …``.
- ``user disable NAME`` / ``user enable NAME`` / ``user role NAME ROLE``.
- ``user passwd [NAME]`` — with NAME an administrator sets a new password for that account
  (it also ends a lock); without, the logged-in person changes their own.
- ``user settings [--lock-minutes N] [--idle-minutes N] [--max-failures N] [--json]``.

ROLE is a code (``grid_worker``, ``secretary``, ``admin``, ``township``, ``county``,
``department``) or its Chinese name (网格员, 管理员 …). New passwords come from
``GRIDAPP_NEW_PASSWORD`` or are asked twice on the terminal; the current password (for
``passwd`` without NAME) from ``GRIDAPP_PASSWORD`` or the terminal. Refusals: a Chinese
message, exit 1, nothing changed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from gridapp.cli.common import ENV_PASSWORD, EXIT_OK, open_store, print_json
from gridapp.i18n import QT_TRANSLATE_NOOP, tr, translate
from gridapp.models.access import ROLE_LABELS, ROLES
from gridapp.models.errors import FieldError, ValidationError
from gridapp.store.accounts import MSG_UNKNOWN_ROLE, Account, AccountRepository

ENV_NEW_PASSWORD = "GRIDAPP_NEW_PASSWORD"

MSG_NEW_PASSWORD = QT_TRANSLATE_NOOP(
    "Messages", "New password for {username} (at least 8 characters): "
)
MSG_REPEAT_PASSWORD = QT_TRANSLATE_NOOP("Messages", "Repeat the new password: ")
MSG_PASSWORDS_DIFFER = QT_TRANSLATE_NOOP("Messages", "The two passwords differ.")
MSG_NO_NEW_PASSWORD = QT_TRANSLATE_NOOP(
    "Messages",
    "No new password: set GRIDAPP_NEW_PASSWORD or run in a terminal to be asked.",
)
MSG_CURRENT_PASSWORD = QT_TRANSLATE_NOOP("Messages", "Current password of {username}: ")
MSG_NO_CURRENT_PASSWORD = QT_TRANSLATE_NOOP(
    "Messages", "No current password: set GRIDAPP_PASSWORD or run in a terminal to be asked."
)
MSG_ADDED = QT_TRANSLATE_NOOP("Messages", "Account added: {username} ({role}).")
MSG_ADDED_FIRST = QT_TRANSLATE_NOOP(
    "Messages",
    "This PC now works with accounts: every command logs in first, e.g."
    " gridapp --account {username} user list.",
)
MSG_DISABLED_DONE = QT_TRANSLATE_NOOP("Messages", "Account disabled: {username}.")
MSG_ENABLED_DONE = QT_TRANSLATE_NOOP("Messages", "Account enabled: {username}.")
MSG_ROLE_DONE = QT_TRANSLATE_NOOP("Messages", "Role of {username}: {role}.")
MSG_RESET_DONE = QT_TRANSLATE_NOOP("Messages", "New password set for {username}.")
MSG_CHANGED_DONE = QT_TRANSLATE_NOOP("Messages", "Your password is changed.")
MSG_NO_ACCOUNTS = QT_TRANSLATE_NOOP(
    "Messages",
    "No account on this PC yet (set-up mode). The first one is an administrator:"
    " gridapp user add NAME --role admin",
)
MSG_HEAD_USERNAME = QT_TRANSLATE_NOOP("Messages", "User name")
MSG_HEAD_NAME = QT_TRANSLATE_NOOP("Messages", "Name")
MSG_HEAD_ROLE = QT_TRANSLATE_NOOP("Messages", "Role")
MSG_HEAD_STATE = QT_TRANSLATE_NOOP("Messages", "State")
MSG_HEAD_CREATED = QT_TRANSLATE_NOOP("Messages", "Created")
MSG_STATE_ACTIVE = QT_TRANSLATE_NOOP("Messages", "active")
MSG_STATE_DISABLED = QT_TRANSLATE_NOOP("Messages", "disabled")
MSG_STATE_LOCKED = QT_TRANSLATE_NOOP("Messages", "locked until {until}")
MSG_SETTINGS = QT_TRANSLATE_NOOP(
    "Messages",
    "{failures} wrong passwords in a row lock an account for {lock} minutes; the window"
    " locks after {idle} minutes without use.",
)


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "user",
        help="the accounts of this PC: list, add, disable, enable, role, passwd, settings",
        description="Local accounts: who works on this PC and with which role.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every account, its role and state")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_list)
    add = actions.add_parser("add", help="add an account (the first: an administrator)")
    add.add_argument("username", metavar="NAME")
    add.add_argument("--role", required=True, help="grid_worker, secretary, admin, … or 网格员 …")
    add.add_argument("--display-name", default="", metavar="TEXT", help="the name shown")
    add.set_defaults(func=cmd_add)
    for name, func, text in (
        ("disable", cmd_disable, "the account may no longer log in"),
        ("enable", cmd_enable, "the account may log in again (a lock ends too)"),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("username", metavar="NAME")
        sub.set_defaults(func=func)
    role = actions.add_parser("role", help="change an account's role")
    role.add_argument("username", metavar="NAME")
    role.add_argument("role", metavar="ROLE")
    role.set_defaults(func=cmd_role)
    passwd = actions.add_parser("passwd", help="set a new password (NAME: administrator)")
    passwd.add_argument("username", metavar="NAME", nargs="?")
    passwd.set_defaults(func=cmd_passwd)
    settings = actions.add_parser("settings", help="lockout and idle-lock settings")
    settings.add_argument("--lock-minutes", type=int, metavar="N")
    settings.add_argument("--idle-minutes", type=int, metavar="N")
    settings.add_argument("--max-failures", type=int, metavar="N")
    settings.add_argument("--json", action="store_true", help="print JSON")
    settings.set_defaults(func=cmd_settings)


def role_name(role: str) -> str:
    label = ROLE_LABELS.get(role)
    return translate("Access", label) if label else role


def role_code(text: str) -> str:
    """A role code from its code or its name (English or Chinese)."""
    for role in ROLES:
        if text.strip().casefold() in (role, ROLE_LABELS[role].casefold(), role_name(role)):
            return role
    raise ValidationError([FieldError("role", MSG_UNKNOWN_ROLE, {"role": text})])


def _ask(prompt: str) -> str | None:
    return getpass.getpass(prompt) if sys.stdin.isatty() else None


def new_password(username: str) -> str:
    given = os.environ.get(ENV_NEW_PASSWORD)
    if given is not None:
        return given
    first = _ask(tr(MSG_NEW_PASSWORD, username=username))
    if first is None:
        raise ValidationError([FieldError("password", MSG_NO_NEW_PASSWORD)])
    if _ask(tr(MSG_REPEAT_PASSWORD)) != first:
        raise ValidationError([FieldError("password", MSG_PASSWORDS_DIFFER)])
    return first


def state_text(account: Account, now: datetime) -> str:
    if account.disabled:
        return tr(MSG_STATE_DISABLED)
    if account.locked_at(now):
        until = datetime.fromisoformat(account.locked_until).strftime("%Y-%m-%d %H:%M")
        return tr(MSG_STATE_LOCKED, until=until)
    return tr(MSG_STATE_ACTIVE)


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        accounts = AccountRepository(store).list()
    now = datetime.now()
    if args.json:
        print_json(
            [
                {**asdict(a), "role_name": role_name(a.role), "state": state_text(a, now)}
                for a in accounts
            ]
        )
        return EXIT_OK
    if not accounts:
        print(tr(MSG_NO_ACCOUNTS))
        return EXIT_OK
    heads = [MSG_HEAD_USERNAME, MSG_HEAD_NAME, MSG_HEAD_ROLE, MSG_HEAD_STATE, MSG_HEAD_CREATED]
    print("\t".join(tr(h) for h in heads))
    for a in accounts:
        created = a.created_at.replace("T", " ")[:16]
        print(
            "\t".join((a.username, a.display_name, role_name(a.role), state_text(a, now), created))
        )
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    role = role_code(args.role)
    with open_store(args) as store:
        repo = AccountRepository(store)
        first = not repo.exist()
        account = repo.add(args.username, args.display_name, role, new_password(args.username))
    print(tr(MSG_ADDED, username=account.username, role=role_name(account.role)))
    if first:
        print(tr(MSG_ADDED_FIRST, username=account.username))
    return EXIT_OK


def cmd_disable(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        AccountRepository(store).disable(args.username)
    print(tr(MSG_DISABLED_DONE, username=args.username))
    return EXIT_OK


def cmd_enable(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        AccountRepository(store).enable(args.username)
    print(tr(MSG_ENABLED_DONE, username=args.username))
    return EXIT_OK


def cmd_role(args: argparse.Namespace) -> int:
    role = role_code(args.role)
    with open_store(args) as store:
        AccountRepository(store).set_role(args.username, role)
    print(tr(MSG_ROLE_DONE, username=args.username, role=role_name(role)))
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = AccountRepository(store)
        if args.username:
            repo.reset_password(args.username, new_password(args.username))
            print(tr(MSG_RESET_DONE, username=args.username))
            return EXIT_OK
        session = store.session
        username = session.username if session is not None else ""
        current = os.environ.get(ENV_PASSWORD)
        if current is None:
            current = _ask(tr(MSG_CURRENT_PASSWORD, username=username))
        if current is None:
            raise ValidationError([FieldError("password", MSG_NO_CURRENT_PASSWORD)])
        repo.change_password(current, new_password(username))
    print(tr(MSG_CHANGED_DONE))
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        repo = AccountRepository(store)
        settings = repo.settings()
        changes = {
            name: value
            for name in ("lock_minutes", "idle_minutes", "max_failures")
            if (value := getattr(args, name)) is not None
        }
        if changes:
            settings = replace(settings, **changes)
            repo.set_settings(settings)
    if args.json:
        print_json(asdict(settings))
    else:
        print(
            tr(
                MSG_SETTINGS,
                failures=settings.max_failures,
                lock=settings.lock_minutes,
                idle=settings.idle_minutes,
            )
        )
    return EXIT_OK
