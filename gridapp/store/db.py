"""The open store: one encrypted connection, its key, and the write path with change capture.

Every write goes through :meth:`Store.write`, a ``BEGIN IMMEDIATE`` transaction whose
:class:`Capture` appends an outbox entry per changed row and ONE audit entry per user action
(an edit, an import, a demo load) before the commit. Either the rows, their outbox entries
and the audit entry are all there, or none are.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from gridapp.models.audit_chain import GENESIS_HASH, dumps, entry_hash, json_default
from gridapp.models.hlc import HybridClock
from gridapp.store import migrations
from gridapp.store.connection import (
    BULK_CACHE_KIB,
    CACHE_KIB,
    DB_FILE,
    Connection,
    backup_to,
    check_file,
    connect,
    integrity_check,
)
from gridapp.store.errors import MissingDatabaseError, NotInitialisedError
from gridapp.store.keys import KeyInfo, KeyStore, PassphraseProvider

if TYPE_CHECKING:
    from gridapp.store.accounts import Session

BACKUP_DIR = "backups"


# Outbox payloads keep the table's column order; compact separators save ~10% of the file.
_payload = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=json_default).encode
OUTBOX_FLUSH = 5_000  # entries held in memory before they are written (same transaction)


@dataclass
class Changes:
    """What a write changed: table name -> ids. Screens refresh only what is listed here."""

    rows: dict[str, set[str]] = field(default_factory=dict)

    def add(self, table: str, row_id: str) -> None:
        self.rows.setdefault(table, set()).add(row_id)

    def touches(self, table: str) -> bool:
        return bool(self.rows.get(table))

    def count(self, table: str | None = None) -> int:
        if table is not None:
            return len(self.rows.get(table, ()))
        return sum(len(ids) for ids in self.rows.values())


class Capture:
    """The change-capture side of one write transaction (see :meth:`Store.write`)."""

    def __init__(self, store: Store, user_id: str) -> None:
        self.store = store
        self.user_id = user_id
        self.changes = Changes()
        self.hlc = store.clock.now()
        self.wall = datetime.now().isoformat(timespec="seconds")
        self._outbox: list[tuple[Any, ...]] = []

    def _entry(
        self, table: str, row_id: str, op: str, base: int, changes: object, area: str
    ) -> None:
        self._outbox.append(
            (
                table,
                row_id,
                op,
                base,
                _payload(changes),
                area,
                self.store.clock.now(),
                self.wall,
                self.user_id,
            )
        )
        self.changes.add(table, row_id)
        if len(self._outbox) >= OUTBOX_FLUSH:
            self.flush()

    def created(self, table: str, row: dict[str, Any]) -> None:
        """Record a new row (``row`` holds its data fields, including ``id``).

        Empty text and NULL are left out of the payload: they are every column's default.
        """
        data = {
            k: v for k, v in row.items() if v != "" and v is not None and k not in _LOCAL_COLUMNS
        }
        self._entry(table, row["id"], "create", 0, data, str(row.get("area_code", "")))

    def updated(
        self,
        table: str,
        row_id: str,
        base_version: int,
        area_code: str,
        changes: dict[str, tuple[Any, Any]],
    ) -> None:
        """Record changed fields as ``{field: (old, new)}``; nothing is recorded if empty."""
        if changes:
            payload = {k: {"old": old, "new": new} for k, (old, new) in changes.items()}
            self._entry(table, row_id, "update", base_version, payload, area_code)

    def deleted(self, table: str, row_id: str, base_version: int, area_code: str) -> None:
        """Record a tombstone."""
        self._entry(table, row_id, "delete", base_version, {}, area_code)

    def flush(self) -> None:
        if self._outbox:
            self.store.conn.executemany(
                "INSERT INTO outbox (tbl, row_id, op, base_version, changes,"
                " area_code, hlc, client_wall, user_id) VALUES (?,?,?,?,?,?,?,?,?)",
                self._outbox,
            )
            self._outbox.clear()


# Columns that describe local sync state, not data: never sent in an outbox entry.
_LOCAL_COLUMNS = frozenset({"version", "deleted", "pending", "updated_hlc", "updated_at"})


class Store:
    """An open GridApp database. Create with :meth:`open` (or :meth:`create`)."""

    def __init__(self, conn: Connection, data_dir: Path, key: KeyInfo) -> None:
        self.conn = conn
        self.data_dir = data_dir
        self.key = key
        self._os_user_id = os.environ.get("GRIDAPP_USER") or _os_user()
        # Who works at this store (issue #8, gridapp.store.accounts): set by a login, None
        # at open; locked_session holds the session while the window is idle-locked.
        self.session: Session | None = None
        self.locked_session: Session | None = None
        self._accounts_seen = False
        self.db = sqlite_utils.Database(conn)
        self.device_id = self.meta("device_id") or ""
        self.clock = HybridClock.restore(self.device_id[:8], self.meta("hlc"))

    @property
    def user_id(self) -> str:
        """Who the audit log and outbox name: the logged-in account's user name, else the OS
        user (``GRIDAPP_USER``), as before accounts."""
        return self.session.username if self.session is not None else self._os_user_id

    @user_id.setter
    def user_id(self, value: str) -> None:
        self._os_user_id = value

    def accounts_exist(self) -> bool:
        """Whether any account has been made on this PC (else set-up mode). Accounts are
        never removed, so a yes is remembered."""
        if not self._accounts_seen:
            row = self.conn.execute("SELECT EXISTS (SELECT 1 FROM account)").fetchone()
            self._accounts_seen = bool(row[0])
        return self._accounts_seen

    # --- opening -------------------------------------------------------------------------

    @staticmethod
    def exists(data_dir: Path) -> bool:
        return (data_dir / DB_FILE).exists()

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        create: bool = False,
        passphrase_provider: PassphraseProvider | None = None,
        keyring_backend: Any | None = None,
        use_keyring: bool = True,
        check: bool = True,
    ) -> Store:
        """Open the database of ``data_dir``, migrating it to the current schema.

        With ``create=True`` a fresh data directory gets a new key and database. An existing
        database whose key is missing or wrong is an error — never replaced by a new one.
        ``check=True`` runs the integrity check first (:class:`CorruptDatabaseError` if it
        fails); with ``check=False`` the caller runs :meth:`check_integrity` itself (the
        window does, beside its work) — except before a migration, which is never run over a
        damaged file.
        """
        keys = KeyStore(data_dir, passphrase_provider, keyring_backend, use_keyring)
        db_path = data_dir / DB_FILE
        if not db_path.exists():
            if keys.exists():
                raise MissingDatabaseError(path=str(db_path))
            if not create:
                raise NotInitialisedError(path=str(data_dir))
            data_dir.mkdir(parents=True, exist_ok=True)
            info = keys.create()
            check = False
        else:
            info = keys.load()
        conn = connect(db_path, info.key, check=check)
        try:
            if not check and migrations.schema_version(conn) < migrations.LATEST:
                integrity_check(conn)
            migrations.migrate(conn, backup_dir=data_dir / BACKUP_DIR, key=info.key)
        except BaseException:
            conn.close()
            raise
        store = cls(conn, data_dir, info)
        if not store.device_id:
            store._init_device()
        return store

    def _init_device(self) -> None:
        device = uuid.uuid4().hex
        with self.transaction():
            self.set_meta("device_id", device)
            # Numbers this device hands out (登记编号, temporary 户号) carry this prefix so
            # two offline PCs never collide; enrolment may replace it with the county's.
            self.set_meta("device_prefix", device[:4].upper())
        self.device_id = device
        self.clock = HybridClock.restore(device[:8], None)

    def check_integrity(self, cancelled: Callable[[], bool] | None = None) -> list[str] | None:
        """Check the whole file on a connection of its own (any thread); see
        :func:`gridapp.store.connection.check_file`. The window runs this beside its work
        after opening with ``check=False``: at 300,000 households it reads 2.3 GB."""
        return check_file(self.data_dir / DB_FILE, self.key.key, cancelled)

    def beside(self) -> Store:
        """A second Store on the same file and key, with a connection of its own (for work
        on another thread while the window's connection may hold a write transaction, such
        as a sync round). The caller closes it."""
        other = Store(connect(self.data_dir / DB_FILE, self.key.key), self.data_dir, self.key)
        other.session = self.session
        other.user_id = self._os_user_id
        return other

    def optimize(self) -> None:
        """Give SQLite's query planner statistics (``PRAGMA optimize``), on a connection of
        its own (any thread). Without them it misjudges the list's filters (a tag filter's
        count: 970 ms instead of 365 ms at 300,000 households). About a second the first
        time on such a file, nothing while they are fresh. The window runs it beside its
        work after the integrity check."""
        conn = connect(self.data_dir / DB_FILE, self.key.key)
        try:
            conn.execute("PRAGMA analysis_limit = 400")
            conn.execute("PRAGMA optimize = 0x10002").fetchall()
        finally:
            conn.close()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- meta ----------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
            (key, value),
        )

    # --- transactions --------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A plain ``BEGIN IMMEDIATE`` transaction (no capture): for local bookkeeping only."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def write(
        self,
        action: str,
        detail: dict[str, Any] | None = None,
        *,
        table: str = "",
        row_id: str = "",
    ) -> Iterator[Capture]:
        """One user action as one transaction: rows + outbox entries + one audit entry."""
        with self.transaction():
            capture = Capture(self, self.user_id)
            yield capture
            capture.flush()
            info = dict(detail or {})
            info["changed"] = {t: len(ids) for t, ids in sorted(capture.changes.rows.items())}
            if not row_id and capture.changes.count() == 1:
                table, ids = next(iter(capture.changes.rows.items()))
                row_id = next(iter(ids))
            self._append_audit(capture, action, table, row_id, info)
            self.set_meta("hlc", self.clock.state())

    def _append_audit(
        self, capture: Capture, action: str, table: str, row_id: str, detail: dict[str, Any]
    ) -> None:
        row = self.conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS_HASH
        digest = entry_hash(
            capture.hlc, capture.wall, capture.user_id, action, table, row_id, detail, prev
        )
        self.conn.execute(
            "INSERT INTO audit_log (hlc, client_wall, user_id, action, tbl, row_id, detail,"
            " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                capture.hlc,
                capture.wall,
                capture.user_id,
                action,
                table,
                row_id,
                dumps(detail),
                prev,
                digest,
            ),
        )

    def verify_audit(self) -> list[int]:
        """Sequence numbers of audit entries whose hash or chain link is wrong."""
        bad = []
        prev = GENESIS_HASH
        for (
            seq,
            hlc,
            wall,
            user,
            action,
            tbl,
            row_id,
            detail,
            prev_hash,
            digest,
        ) in self.conn.execute(
            "SELECT seq, hlc, client_wall, user_id, action, tbl, row_id, detail,"
            " prev_hash, hash FROM audit_log ORDER BY seq"
        ):
            expected = entry_hash(
                hlc, wall, user, action, tbl, row_id, json.loads(detail), prev_hash
            )
            if prev_hash != prev or digest != expected:
                bad.append(int(seq))
            prev = digest
        return bad

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """A larger page cache for imports and demo loads: random inserts into the big
        indexes of a million-person register otherwise re-read (and decrypt) pages."""
        self.conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")

    # --- helpers for repositories --------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts (read-only helper for repositories)."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def device_prefix(self) -> str:
        return self.meta("device_prefix") or "0000"

    def backup(self, dest: Path | None = None) -> Path:
        """An encrypted copy of the live database (online backup API)."""
        if dest is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            dest = self.data_dir / BACKUP_DIR / f"gridapp-{stamp}.db"
        backup_to(self.conn, dest, self.key.key)
        return dest


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"
