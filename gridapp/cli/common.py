"""What every sub-command shares: opening the store, printing, and turning errors into
messages and exit codes."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from gridapp import paths
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.errors import FieldError, ValidationError
from gridapp.store.db import Store
from gridapp.store.errors import StoreError

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_STORE = 2

MSG_NEW_PASSPHRASE = QT_TRANSLATE_NOOP(
    "Messages",
    "No secure keyring found: choose a passphrase for the database key (at least 8 characters): ",
)
MSG_REPEAT_PASSPHRASE = QT_TRANSLATE_NOOP("Messages", "Repeat the passphrase: ")
MSG_PASSPHRASE = QT_TRANSLATE_NOOP("Messages", "Passphrase of the database key: ")
MSG_MISMATCH = QT_TRANSLATE_NOOP("Messages", "The two passphrases differ.")
MSG_NEED_ACCOUNT = QT_TRANSLATE_NOOP(
    "Messages",
    "This PC works with accounts: log in with gridapp --account NAME … (or set GRIDAPP_ACCOUNT).",
)
MSG_NEED_PASSWORD = QT_TRANSLATE_NOOP(
    "Messages", "No password for {username}: set GRIDAPP_PASSWORD or run in a terminal."
)
MSG_PASSWORD_OF = QT_TRANSLATE_NOOP("Messages", "Password of {username}: ")
ENV_ACCOUNT = "GRIDAPP_ACCOUNT"
ENV_PASSWORD = "GRIDAPP_PASSWORD"
MSG_KEY_METHOD_KEYRING = QT_TRANSLATE_NOOP(
    "Messages", "The database key is kept in the system keyring ({backend})."
)
MSG_PRINT_RECOVERY_SHEET = QT_TRANSLATE_NOOP(
    "Messages",
    "Print the recovery sheet now and keep it sealed in the office safe: "
    "gridapp recovery-sheet -o recovery-code.pdf (docs/key-recovery.md).",
)
MSG_KEY_METHOD_PASSPHRASE = QT_TRANSLATE_NOOP(
    "Messages",
    "No secure keyring on this computer: the database key is protected by your passphrase.",
)


def terminal_passphrase(confirm: bool) -> str | None:
    """Ask on the terminal; None when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        return None
    if not confirm:
        return getpass.getpass(tr(MSG_PASSPHRASE))
    first = getpass.getpass(tr(MSG_NEW_PASSPHRASE))
    if getpass.getpass(tr(MSG_REPEAT_PASSPHRASE)) != first:
        print(tr(MSG_MISMATCH), file=sys.stderr)
        return None
    return first


def open_store(args: argparse.Namespace, create: bool = False, login: bool = True) -> Store:
    """Open (or, with ``create``, make) the store of the chosen data directory.

    Once the PC has accounts (issue #8) the command logs in first (:func:`login_account`);
    ``login=False`` is for the few commands that must work without one (a restore of a
    damaged register).
    """
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    fresh = not Store.exists(data_dir)
    store = Store.open(data_dir, create=create, passphrase_provider=terminal_passphrase)
    if login:
        try:
            login_account(store, args)
        except BaseException:
            store.close()
            raise
    if fresh and create:
        if store.key.method == "keyring":
            note = tr(MSG_KEY_METHOD_KEYRING, backend=store.key.backend)
        else:
            note = tr(MSG_KEY_METHOD_PASSPHRASE)
        print(note, file=sys.stderr)
        print(tr(MSG_PRINT_RECOVERY_SHEET), file=sys.stderr)
    return store


def login_account(store: Store, args: argparse.Namespace) -> None:
    """Log in on ``store`` when the PC has accounts: the account of ``--account`` (or
    ``GRIDAPP_ACCOUNT``), its password from ``GRIDAPP_PASSWORD`` or asked on the terminal.
    Without an account, or with a wrong password: :class:`ValidationError` (exit 1). In
    set-up mode (no account yet) nothing happens."""
    if not store.accounts_exist():
        return
    from gridapp.store.accounts import AccountRepository

    username = getattr(args, "account", None) or os.environ.get(ENV_ACCOUNT, "")
    if not username:
        raise ValidationError([FieldError("account", MSG_NEED_ACCOUNT)])
    password = os.environ.get(ENV_PASSWORD)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(tr(MSG_PASSWORD_OF, username=username))
    if password is None:
        raise ValidationError([FieldError("password", MSG_NEED_PASSWORD, {"username": username})])
    AccountRepository(store).login(username, password)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def run_command(args: argparse.Namespace) -> int:
    """Run a sub-command's ``func(args) -> int`` and map failures to exit codes."""
    try:
        return int(args.func(args))
    except ValidationError as exc:
        if getattr(args, "json", False):
            print_json(
                {
                    "ok": False,
                    "errors": [{"field": e.field, "message": e.text()} for e in exc.errors],
                }
            )
        for error in exc.errors:
            print(f"{error.field}: {error.text()}", file=sys.stderr)
        return EXIT_INVALID
    except StoreError as exc:
        if getattr(args, "json", False):
            print_json({"ok": False, "error": exc.text()})
        print(exc.text(), file=sys.stderr)
        return EXIT_STORE
