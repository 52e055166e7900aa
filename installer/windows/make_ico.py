"""Make installer/windows/gridapp.ico from the committed PNG icons (Pillow).

    .venv/bin/python installer/windows/make_ico.py

The .ico carries 16, 24, 32, 48, 64, 128 and 256 pixel images: the 48, 128 and 256 ones are
resources/icons/gridapp-{48,128,256}.png as they are (made from gridapp.svg by
installer/make_icons.py), the smaller ones are scaled down from the 256 one. The .ico is
committed; run this again after changing the icon. Used by the installer (SetupIconFile) and
by the PyInstaller build for gridapp.exe.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
ICON_DIR = ROOT / "resources" / "icons"
OUT = Path(__file__).resolve().parent / "gridapp.ico"
SIZES = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]


def main() -> int:
    pngs = [ICON_DIR / f"gridapp-{size}.png" for size in (256, 128, 48)]
    missing = [str(p) for p in pngs if not p.is_file()]
    if missing:
        print("missing: " + ", ".join(missing), file=sys.stderr)
        return 1
    images = [Image.open(p).convert("RGBA") for p in pngs]
    images[0].save(OUT, format="ICO", sizes=SIZES, append_images=images[1:])
    print(f"{OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
