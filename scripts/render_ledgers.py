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
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _record_changes(store: Any, month: date, late: date | None = None) -> None:
    """A move-out, a death and a birth in the month, so every section has rows; with
    ``late``, also a move-out dated then (in a closed month: a correction, 更正)."""
    from gridapp.models.household import Person
    from gridapp.models.idnumber import make_id_number
    from gridapp.models.ledger import month_end
    from gridapp.store.register_actions import RegisterActions

    actions = RegisterActions(store, today=lambda: month_end(month))
    families = store.query(
        "SELECT h.id, (SELECT p.id FROM person p WHERE p.household_id = h.id AND p.status = '1'"
        " AND p.relation <> '02' ORDER BY p.birth_date LIMIT 1) AS member FROM household h"
        " ORDER BY h.household_no LIMIT 40"
    )
    families = [f for f in families if f["member"]][:4]
    if late is not None:
        actions.move_out(families[3]["member"], late, "九江市浔阳区")
    actions.move_out(families[0]["member"], month.replace(day=10), "南昌市青山湖区")
    actions.record_death(families[1]["member"], month.replace(day=12))
    born = month.replace(day=15)
    baby = Person(
        id=str(uuid.uuid4()),
        household_id=None,
        id_number=make_id_number("360423", born, 17),
        name="王小满",
        relation="20",
    )
    actions.add_member(families[2]["id"], baby, "birth", born, "出生医学证明已核验")


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
    from gridapp.models.ledger import KINDS, PARTY_FEEDBACK, LedgerRequest, month_end, parse_month
    from gridapp.reports.registry import write_ledger
    from gridapp.store.db import Store
    from gridapp.store.ledgers import read_printable
    from gridapp.store.month_close import MonthCloseRepository

    month = parse_month(args.month)
    assert month is not None, "month: YYYY-MM"
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp), create=True) as store:
        # The demo's records run up to its "today": the month's end, so the month has
        # activities and petitions of its own.
        load_demo(store, args.households, seed=1, today=month_end(month))
        village = store.query("SELECT code FROM place WHERE level = 'village' LIMIT 1")[0]["code"]
        # The month before is closed (月结) and then changed, so the 上月更正 section shows.
        previous = (month - timedelta(days=1)).replace(day=1)
        MonthCloseRepository(store).close(previous, village)
        _record_changes(store, month, late=previous.replace(day=20))
        quarter = f"{month.year}Q{(month.month - 1) // 3 + 1}"
        for kind in KINDS:
            request = LedgerRequest(kind, month, village, quarter if kind == PARTY_FEEDBACK else "")
            pdf = args.out / f"{kind}.pdf"
            try:
                pages = write_ledger(read_printable(store, request), pdf)
            except ModuleNotFoundError as exc:
                print(f"{kind}: no renderer yet ({exc.name})", file=sys.stderr)
                continue
            subprocess.run(
                ["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(args.out / kind)],
                check=True,
            )
            print(f"{pdf}: {pages} pages rendered to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
