"""What every sub-command shares: opening the store, printing, and turning errors into
messages and exit codes."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from gridapp import paths
from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.errors import ValidationError
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
MSG_KEY_METHOD_KEYRING = QT_TRANSLATE_NOOP(
    "Messages", "The database key is kept in the system keyring ({backend})."
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


def open_store(args: argparse.Namespace, create: bool = False) -> Store:
    """Open (or, with ``create``, make) the store of the chosen data directory."""
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    fresh = not Store.exists(data_dir)
    store = Store.open(data_dir, create=create, passphrase_provider=terminal_passphrase)
    if fresh and create:
        if store.key.method == "keyring":
            note = tr(MSG_KEY_METHOD_KEYRING, backend=store.key.backend)
        else:
            note = tr(MSG_KEY_METHOD_PASSPHRASE)
        print(note, file=sys.stderr)
    return store


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
