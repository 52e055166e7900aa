"""The household roster (人口花名册): its columns, and importing it into the register.

A roster is a spreadsheet with one row per person under Chinese headers (:data:`COLUMNS`).
Rows sharing a 户号 — or, where the 户号 is blank, the same 地址 — form one household.
Importing is all or nothing: :func:`load_roster` reads and checks the file on its own,
:func:`commit_roster` checks it against the database and writes every household in ONE
:meth:`~gridapp.store.db.Store.write` transaction, or nothing at all. Every problem is
reported as a :class:`RowError` with the row number a spreadsheet shows (header = row 1),
the column's header and a message; ``docs/roster-format.md`` is the user's description.

This module is the roster's public face; the work is done in:

- :mod:`gridapp.io.roster_columns` — the columns, header matching, a cell's text;
- :mod:`gridapp.io.roster_plan` — errors, the plan of households, the report, progress;
- :mod:`gridapp.io.roster_rows` — checking each row and grouping rows into households;
- :mod:`gridapp.io.roster_load` — reading the file: sheet, header row, rows (:func:`load_roster`);
- :mod:`gridapp.io.roster_commit` — the database checks and the one write (:func:`commit_roster`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gridapp.io.roster_columns import CHECKED_COLUMNS, COLUMNS, Column, cell_text
from gridapp.io.roster_commit import commit_roster, temporary_household_numbers, village_code
from gridapp.io.roster_load import load_roster
from gridapp.io.roster_plan import (
    Cancelled,
    ImportCancelled,
    ImportReport,
    PendingHousehold,
    Progress,
    RosterPlan,
    RowError,
)
from gridapp.io.sheets import SheetLimits
from gridapp.store.db import Store


def import_roster(
    store: Store | None,
    path: Path,
    *,
    dry_run: bool = False,
    today: date | None = None,
    limits: SheetLimits | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Import a roster file: every household in one transaction, or nothing and the errors.

    ``progress(done, total)`` is called every few hundred rows (reading, checking, writing
    are a third each); ``cancelled()`` is polled as often and, once true, stops the import
    with :class:`ImportCancelled` before anything is written.
    """
    plan = load_roster(path, today=today, limits=limits, progress=progress, cancelled=cancelled)
    return commit_roster(store, plan, dry_run=dry_run, progress=progress, cancelled=cancelled)


__all__ = [
    "CHECKED_COLUMNS",
    "COLUMNS",
    "Cancelled",
    "Column",
    "ImportCancelled",
    "ImportReport",
    "PendingHousehold",
    "Progress",
    "RosterPlan",
    "RowError",
    "SheetLimits",
    "cell_text",
    "commit_roster",
    "import_roster",
    "load_roster",
    "temporary_household_numbers",
    "village_code",
]
