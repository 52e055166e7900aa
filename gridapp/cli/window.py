"""``gridapp`` with no sub-command: open the window (imports Qt only here)."""

from __future__ import annotations

import argparse


def run_window(args: argparse.Namespace) -> int:
    from gridapp import paths
    from gridapp.ui.app import run

    return run(paths.data_dir(args.data_dir))
