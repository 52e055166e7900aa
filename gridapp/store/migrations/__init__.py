"""Numbered schema migrations.

Each migration is a module ``mNNNN_name.py`` with ``up(conn)``. The runner backs the
database up first (SQLite's online backup API into an encrypted copy), runs each pending
migration and its ``user_version`` bump in ONE transaction, and refuses a database written by
a newer program. Migrations never drop user data: unsynced edits survive every upgrade.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType

from gridapp.store.connection import Connection, backup_to
from gridapp.store.errors import NewerSchemaError


def _modules() -> list[tuple[int, ModuleType]]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append((int(info.name[1:5]), module))
    found.sort(key=lambda item: item[0])
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migration numbers must be 1..N without gaps: {numbers}")
    return found


MIGRATIONS: list[tuple[int, ModuleType]] = _modules()
LATEST = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: Connection,
    *,
    target: int = LATEST,
    backup_dir: Path | None = None,
    key: bytes | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Bring the database to ``target``; returns the numbers applied.

    A non-empty database is backed up to ``backup_dir`` before the first step.
    """
    current = schema_version(conn)
    if current > LATEST:
        raise NewerSchemaError(found=current, known=LATEST)
    pending = [(n, m) for n, m in MIGRATIONS if current < n <= target]
    if not pending:
        return []
    if current > 0 and backup_dir is not None and key is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_to(conn, backup_dir / f"pre-migration-v{current}-{stamp}.db", key)
    applied = []
    for number, module in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            module.up(conn)
            conn.execute(f"PRAGMA user_version = {int(number)}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(number)
        if progress is not None:
            progress(number)
    return applied
