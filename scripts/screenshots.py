"""Screenshots of every page and the most used dialogs for the user guide (docs/用户手册.md).

    python scripts/screenshots.py [--out docs/images] [--households 300]

Builds a demo register in a temporary folder (``gridapp demo --households 300 --seed 1``),
chooses a work area, and renders every page of the window and the most used dialogs twice:
at the default text size (100 %) and at 150 % (设置 → 字号), each in a window of 1280×800.
Files: ``OUT/page-NAME-100.png``, ``OUT/page-NAME-150.png``, ``OUT/dialog-NAME-100.png``,
``OUT/search-100.png`` …, reduced to a 256-colour palette (a warning names any picture still
larger than 300 KB).

Each text size is rendered by this script in a fresh process (``--render``): Qt reads the
offscreen platform and the scale before the application exists. No OS keyring is used; the
demo database is protected by a throw-away passphrase.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_SIZES = (100, 150)
WINDOW_SIZE = (1280, 800)
MAX_BYTES = 300_000
PAGES = ("home", "households", "household", "party", "petitions", "reports", "sync", "settings")
USER = "zhangxh"  # the login name the status bar shows
# A fixed folder (not a random temporary name) so that the data folder in the status bar and
# the roster path in the import dialog are the same in every run.
WORK_DIR = Path(tempfile.gettempdir()) / "gridapp-screenshots"
# The offscreen platform's screen is 800×800 unless told otherwise, and dialogs size
# themselves to the screen: give it the office PC's 1280×800.
SCREEN = {"screens": [{"name": "office", "x": 0, "y": 0, "width": 1280, "height": 800}]}
NOISE = "This plugin does not support"  # offscreen platform warnings, not ours
SEARCH_TEXT = "hj"  # pinyin initials: 黄建燕, 胡金枝 …

# A small roster with the mistakes people make, for the import dialog's problem table.
ROSTER_HEADER = ["户号", "姓名", "公民身份号码", "与户主关系", "地址", "联系电话", "民族"]


def roster_rows() -> list[list[str]]:
    from datetime import date

    from gridapp.models.idnumber import make_id_number

    head = make_id_number("360423", date(1958, 3, 12), 531)
    wife = make_id_number("360423", date(1960, 11, 5), 642)
    son = make_id_number("360423", date(1985, 6, 30), 753)
    other = make_id_number("360423", date(1972, 1, 18), 864)
    widow = make_id_number("360423", date(1966, 9, 9), 975)
    bad_check = other[:-1] + ("0" if other[-1] != "0" else "1")
    return [
        ["100900101", "周德明", head, "户主", "石泉村2组6号", "13907921234", "汉族"],
        ["100900101", "吴桂香", wife, "妻子", "石泉村2组6号", "1390792123", "汉族"],
        ["100900101", "周小军", son, "儿子", "石泉村2组6号", "", "汉"],
        ["100900102", "陈海燕", bad_check, "户主", "石泉村2组8号", "0792-1234567", "汉族"],
        ["100900102", "陈明", son, "子", "", "", "汉族"],
        ["100900103", "黄春花", widow, "老伴", "石泉村2组9号", "", "汉族"],
    ]


def write_roster(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(ROSTER_HEADER)
    for row in roster_rows():
        sheet.append(row)
    book.save(path)
    return path


def child_env(screen_file: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GRIDAPP_HOME", None)
    env.pop("QT_SCALE_FACTOR", None)
    env.setdefault("GRIDAPP_PASSPHRASE", "screenshots passphrase")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the OS keyring
    env["GRIDAPP_LANG"] = "zh_CN"
    env["GRIDAPP_USER"] = USER
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen_file}"
    return env


def run(command: list[str], env: dict[str, str]) -> None:
    """Run a child process; its output is shown without the offscreen platform's noise."""
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    for line in (result.stdout + result.stderr).splitlines():
        if NOISE not in line:
            print(line)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}")


def optimise(path: Path) -> None:
    """Reduce the picture to a 256-colour palette: window pictures have few colours, the
    text stays sharp and the file shrinks to about 40 %."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    if path.stat().st_size > MAX_BYTES:
        print(f"warning: {path.name} is {path.stat().st_size:,} bytes", file=sys.stderr)


def choose_scope(store: object) -> None:
    """The first village of the demo county and its first grid, as the first-run wizard
    would have it chosen."""
    from gridapp.store.db import Store
    from gridapp.store.scope import WorkScope, load_scope, save_scope, stored_places

    assert isinstance(store, Store)
    if load_scope(store) is not None:
        return
    places = stored_places(store.conn)
    names = {p.code: p.name for p in places}
    village = next(p for p in places if p.level == "village")
    grid = next((p for p in places if p.level == "grid" and p.parent_code == village.code), None)
    save_scope(
        store,
        WorkScope(
            village_code=village.code,
            village_name=village.name,
            grid_code=grid.code if grid else "",
            grid_name=grid.name if grid else "",
            township_name=names.get(village.parent_code or "", ""),
        ),
    )


def render(data_dir: Path, out: Path, percent: int, roster: Path) -> int:
    """Runs in its own process (see the module docstring): every page and dialog at one
    text size."""
    from PySide6.QtCore import QSize

    from gridapp.store.db import Store
    from gridapp.ui.app import apply_preferences, setup_application
    from gridapp.ui.preferences import FONT_PERCENT, Preferences
    from gridapp.ui.screenshot import (
        DIALOG_NAMES,
        take_dialog_screenshot,
        take_screenshot,
        take_search_screenshot,
    )

    Preferences(data_dir).set(FONT_PERCENT, percent)
    store = Store.open(data_dir)
    try:
        choose_scope(store)
        setup_application(font_percent=apply_preferences(data_dir))
        size = QSize(*WINDOW_SIZE)
        household_id = household_to_show(store)
        for page in PAGES:
            path = out / f"page-{page}-{percent}.png"
            take_screenshot(store, page, path, size, household_id=household_id)
            optimise(path)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        for name in DIALOG_NAMES:
            path = out / f"dialog-{name.replace('_', '-')}-{percent}.png"
            take_dialog_screenshot(store, name, path, size, roster=roster)
            optimise(path)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        path = out / f"search-{percent}.png"
        take_search_screenshot(store, SEARCH_TEXT, path, size)
        optimise(path)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    finally:
        store.close()
    return 0


def household_to_show(store: object) -> str | None:
    from gridapp.store.db import Store
    from gridapp.ui.main_window import MainWindow
    from gridapp.ui.screenshot import sample_household_id

    assert isinstance(store, Store)
    window = MainWindow(store)
    try:
        return sample_household_id(window)
    finally:
        window.close()
        window.deleteLater()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--render", nargs=4, metavar=("DATA", "OUT", "PERCENT", "ROSTER"))
    args = parser.parse_args(argv)
    if args.render:
        data_dir, out, percent, roster = args.render
        return render(Path(data_dir), Path(out), int(percent), Path(roster))

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    WORK_DIR.mkdir(parents=True)
    try:
        screen_file = WORK_DIR / "screen.json"
        screen_file.write_text(json.dumps(SCREEN), "utf-8")
        env = child_env(screen_file)
        data_dir = WORK_DIR / "GridApp"
        gridapp = [sys.executable, "-m", "gridapp", "--data-dir", str(data_dir)]
        run([*gridapp, "demo", "--households", str(args.households), "--seed", "1"], env)
        roster = write_roster(WORK_DIR / "花名册.xlsx")
        for percent in TEXT_SIZES:
            command = [sys.executable, __file__, "--render", str(data_dir), str(out)]
            run([*command, str(percent), str(roster)], env)
    finally:
        shutil.rmtree(WORK_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
