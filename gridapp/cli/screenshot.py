"""``gridapp screenshot``: render a page of the window offscreen to a PNG file.

    gridapp [--data-dir D] [--lang en] screenshot --page NAME -o FILE.png [--scale 1.5]
        [--size 1280x800]

Qt is imported only inside the command, after ``QT_QPA_PLATFORM=offscreen`` and the scale
factor are set: both must be known before the Qt application exists.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

from gridapp.cli.common import EXIT_INVALID, EXIT_OK, open_store
from gridapp.i18n import QT_TRANSLATE_NOOP, tr

# The window's page names (gridapp.ui.main_window.ALL_PAGES; a test keeps them equal).
PAGE_NAMES = (
    "home",
    "households",
    "household",
    "party",
    "petitions",
    "petition",
    "reports",
    "sync",
    "settings",
)
DEFAULT_SIZE = "1280x800"
MIN_SCALE, MAX_SCALE = 0.5, 4.0

MSG_SAVED = QT_TRANSLATE_NOOP(
    "Messages", "Saved the page “{page}” ({width}×{height} pixels) to {path}"
)
MSG_BAD_SIZE = QT_TRANSLATE_NOOP(
    "Messages", "The size must look like 1280x800 (between 320x240 and 7680x4320)."
)
MSG_BAD_SCALE = QT_TRANSLATE_NOOP("Messages", "The scale must be between 0.5 and 4.")
MSG_NOT_WRITTEN = QT_TRANSLATE_NOOP("Messages", "Could not write {path}.")


def add_commands(subparsers: Any) -> None:
    shot = subparsers.add_parser(
        "screenshot", help="render a page of the window (offscreen) to a PNG file"
    )
    shot.add_argument("--page", required=True, choices=PAGE_NAMES)
    shot.add_argument("-o", "--output", required=True, metavar="FILE.png")
    shot.add_argument("--scale", type=float, default=1.0, help="display scaling, e.g. 1.5")
    shot.add_argument("--size", default=DEFAULT_SIZE, metavar="WxH", help="window size")
    shot.set_defaults(func=cmd_screenshot)


def parse_size(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not match:
        return None
    width, height = int(match[1]), int(match[2])
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        return None
    return width, height


def cmd_screenshot(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    if size is None:
        print(tr(MSG_BAD_SIZE), file=sys.stderr)
        return EXIT_INVALID
    if not MIN_SCALE <= args.scale <= MAX_SCALE:
        print(tr(MSG_BAD_SCALE), file=sys.stderr)
        return EXIT_INVALID
    # Before Qt starts: no display needed, and the scale the picture is taken at.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    from gridapp.ui.app import apply_preferences, setup_application
    from gridapp.ui.screenshot import save_page_screenshot

    output = Path(args.output)
    with open_store(args) as store:
        font_percent = apply_preferences(store.data_dir)
        setup_application(font_percent=font_percent)
        try:
            width, height = save_page_screenshot(store, args.page, output, *size)
        except OSError:
            print(tr(MSG_NOT_WRITTEN, path=output), file=sys.stderr)
            return EXIT_INVALID
    print(tr(MSG_SAVED, page=args.page, width=width, height=height, path=output))
    return EXIT_OK
