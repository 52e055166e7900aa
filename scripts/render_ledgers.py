"""Render ledger PDFs page by page to PNG with pdftoppm, to look at them (issue #7).

    .venv/bin/python scripts/render_ledgers.py OUT_DIR [--households N] [--month YYYY-MM]

Loads a demo village into a throw-away data directory, records a few register changes in
the month, writes each ledger that exists so far and renders every page at 80 dpi.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing (Debian: poppler-utils)", file=sys.stderr)
        return 1
    os.environ.setdefault("GRIDAPP_PASSPHRASE", "render ledgers passphrase")
    from gridapp.demo.load import load_demo
    from gridapp.models.ledger import parse_month
    from gridapp.reports.households import write_household_ledger
    from gridapp.store.db import Store
    from gridapp.store.ledger_households import find_scope, read_household_ledger

    month = parse_month(args.month)
    assert month is not None, "month: YYYY-MM"
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp), create=True) as store:
        load_demo(store, args.households, seed=1, today=month)
        village = store.query("SELECT code FROM place WHERE level = 'village' LIMIT 1")[0]["code"]
        scope = find_scope(store, village)
        assert scope is not None
        pdf = args.out / "households.pdf"
        pages = write_household_ledger(read_household_ledger(store, scope, month), pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(args.out / "households")],
            check=True,
        )
        print(f"{pdf}: {pages} pages rendered to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
