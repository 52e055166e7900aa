"""The ``gridapp`` command: ``gridapp`` alone opens the window; sub-commands script the store.

Global options come before the sub-command: ``gridapp --data-dir DIR search 王芳``.
Exit status: 0 done, 1 the input was refused (nothing changed), 2 the store could not be
opened or used (wrong passphrase, missing key, newer schema …), with a message either way.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from gridapp import __version__

# Each module adds its sub-commands with ``add_commands(subparsers)``.
COMMAND_MODULES = (
    "gridapp.cli.register",
    "gridapp.cli.roster",
    "gridapp.cli.search",
    "gridapp.cli.demo",
    "gridapp.cli.screenshot",
    "gridapp.cli.petition",
    "gridapp.cli.party",
    "gridapp.cli.sync",
    "gridapp.cli.conflicts",
    "gridapp.cli.report",
    "gridapp.cli.month",
    "gridapp.cli.user",
    "gridapp.cli.recover",
    "gridapp.cli.backup",
    "gridapp.cli.audit",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gridapp", description="网格通 GridApp — 网格员工作台 / grid worker's workbench"
    )
    parser.add_argument("--version", action="version", version=f"gridapp {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="data directory (default: GRIDAPP_HOME or per-user)"
    )
    parser.add_argument(
        "--lang", metavar="LANG", help="language of messages and window: zh_CN (default) or en"
    )
    parser.add_argument(
        "--account",
        metavar="NAME",
        help="log in as this account (default: GRIDAPP_ACCOUNT); the password comes from"
        " GRIDAPP_PASSWORD or is asked",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a command module not written yet
        module.add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        os.environ["GRIDAPP_LANG"] = args.lang
    if args.command is None:
        from gridapp.cli.window import run_window

        return run_window(args)
    from gridapp.cli.common import run_command

    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
