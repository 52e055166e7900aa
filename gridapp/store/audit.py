"""Reading, filtering and verifying this PC's audit log (issue #8, ``docs/audit.md``).

Every user action is ONE ``audit_log`` entry written by :meth:`Store.write`; each entry
carries the hash of the one before (:mod:`gridapp.models.audit_chain`) and triggers refuse
UPDATE and DELETE. Someone holding the database key can drop the triggers; :func:`verify`
then finds what they did:

- a changed entry: its content no longer gives its stored hash (``changed``);
- removed entries: a gap in ``seq`` (``removed``; ``seq`` is AUTOINCREMENT, never reused,
  and a rolled-back write gives its number back, so a gap is never innocent);
- an entry replaced with a recomputed hash, inserted or moved: its ``prev_hash`` is not the
  hash of the entry before it (``link``);
- a cut tail: the highest ``seq`` ever given (``sqlite_sequence``) or the last entry the
  county server acknowledged (``meta.audit_pushed_seq``) lies beyond the last entry
  (``truncated``).

The limit: an attacker who rewrites the tail AND recomputes every later hash AND lowers
``sqlite_sequence`` and the acknowledged mark leaves a chain that verifies; only the
county's copy of the entries it already stored tells (``gridapp-server audit``).

Lists are read a page at a time, newest first, by keyset on ``seq`` (the log grows for
years); filters are a date range (``client_wall``, the PC's local time), actions and a user.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.access import Permission
from gridapp.models.audit_chain import GENESIS_HASH, entry_hash
from gridapp.models.idnumber import mask_id_number, mask_phone
from gridapp.store import keyset
from gridapp.store.access import allowed, require
from gridapp.store.audit_labels import ACTION_LABELS, label
from gridapp.store.db import Store

META_AUDIT_PUSHED = "audit_pushed_seq"  # gridapp.store.sync_files.META_AUDIT_PUSHED

MSG_CHANGED = QT_TRANSLATE_NOOP(
    "Messages", "Entry {seq} was changed: its content no longer matches its fingerprint."
)
MSG_REMOVED_ONE = QT_TRANSLATE_NOOP("Messages", "Entry {seq} is missing: it was removed.")
MSG_REMOVED = QT_TRANSLATE_NOOP(
    "Messages", "Entries {first}–{last} are missing: they were removed."
)
MSG_LINK = QT_TRANSLATE_NOOP(
    "Messages",
    "Entry {seq} does not follow the entry before it: an entry was replaced, inserted or "
    "moved there.",
)
MSG_TRUNCATED = QT_TRANSLATE_NOOP(
    "Messages",
    "Entries {first}–{last} at the end are missing: this PC wrote up to entry {last}.",
)
MSG_TRUNCATED_COUNTY = QT_TRANSLATE_NOOP(
    "Messages",
    "Entries {first}–{last} at the end are missing: the county server has stored up to "
    "entry {last}.",
)
MSG_INTACT = QT_TRANSLATE_NOOP(
    "Messages", "The audit log is intact: {count} entries checked, the last is entry {last}."
)
MSG_BROKEN = QT_TRANSLATE_NOOP(
    "Messages", "The audit log has been tampered with: {problems} problems in {count} entries."
)

CHANGED, REMOVED, LINK, TRUNCATED = "changed", "removed", "link", "truncated"


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """Which entries a list shows. ``actions``: codes (empty: all); dates inclusive."""

    since: date | None = None
    until: date | None = None
    actions: tuple[str, ...] = ()
    user: str = ""


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str  # client_wall: the PC's local time, ISO
    user_id: str
    action: str
    tbl: str
    row_id: str
    detail: str  # canonical JSON as stored

    @property
    def id(self) -> str:  # keyset models keep rows by id
        return str(self.seq)

    def detail_value(self) -> Any:
        try:
            return json.loads(self.detail)
        except ValueError:
            return self.detail

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "user": self.user_id,
            "action": self.action,
            "label": label(self.action),
            "table": self.tbl,
            "row_id": self.row_id,
            "detail": self.detail_value(),
        }


_ID_OR_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """``text`` with every ID number and mobile number in it masked (an entry's detail, for a
    role without :data:`Permission.UNMASK`)."""

    def masked(match: re.Match[str]) -> str:
        found = match.group(0)
        return mask_phone(found) if len(found) == 11 else mask_id_number(found)

    return _ID_OR_MOBILE.sub(masked, text)


_COLUMNS = "seq, client_wall, user_id, action, tbl, row_id, detail"
_SOURCE = "audit_log"


def where(flt: AuditFilter) -> tuple[str, list[Any]]:
    clauses, params = ["1"], []
    if flt.since is not None:
        clauses.append("client_wall >= ?")
        params.append(flt.since.isoformat())
    if flt.until is not None:
        clauses.append("client_wall < ?")
        params.append((flt.until + timedelta(days=1)).isoformat())
    if flt.actions:
        clauses.append(f"action IN ({','.join('?' * len(flt.actions))})")
        params.extend(flt.actions)
    if flt.user:
        clauses.append("user_id = ?")
        params.append(flt.user)
    return " AND ".join(clauses), params


class AuditLog:
    """The audit log of ``store``, for those who may read it (:data:`Permission.VIEW_AUDIT`;
    every method checks)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _check(self) -> None:
        require(self.store, Permission.VIEW_AUDIT)

    def count(self, flt: AuditFilter) -> int:
        self._check()
        clause, params = where(flt)
        row = self.store.conn.execute(f"SELECT count(*) FROM {_SOURCE} WHERE {clause}", params)
        return int(row.fetchone()[0])

    def page(
        self, flt: AuditFilter, after: int | None, limit: int, descending: bool = True
    ) -> list[AuditRow]:
        """Up to ``limit`` entries after ``seq`` ``after`` (None: from the start), newest
        first unless ``descending`` is false."""
        self._check()
        clause, params = where(flt)
        if after is not None:
            clause += " AND seq < ?" if descending else " AND seq > ?"
            params.append(after)
        direction = "DESC" if descending else "ASC"
        cursor = self.store.conn.execute(
            f"SELECT {_COLUMNS} FROM {_SOURCE} WHERE {clause} ORDER BY seq {direction} LIMIT ?",
            [*params, limit],
        )
        rows = cursor.fetchall()
        plain = allowed(self.store, Permission.UNMASK)
        return [
            AuditRow(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6] if plain else mask_text(r[6]))
            for r in rows
        ]

    def anchors(self, flt: AuditFilter, every: int, descending: bool = True) -> list[int | None]:
        """``anchors[k]``: the ``after`` seq of page k (one scan of the matching seqs)."""
        self._check()
        clause, params = where(flt)
        found = keyset.anchors(
            self.store.conn, _SOURCE, "seq", "seq", clause, params, every, descending
        )
        return [None if a is None else int(a[0]) for a in found]

    def position(self, flt: AuditFilter, seq: int, descending: bool = True) -> int | None:
        self._check()
        clause, params = where(flt)
        return keyset.position(
            self.store.conn, _SOURCE, "seq", "seq", clause, params, "seq", str(seq), descending
        )

    def actions(self) -> list[str]:
        """The action codes the log holds (for a filter's choices), in label order."""
        self._check()
        codes = [
            str(r[0]) for r in self.store.conn.execute(f"SELECT DISTINCT action FROM {_SOURCE}")
        ]
        return sorted(codes, key=lambda code: (label(code), code))

    def users(self) -> list[str]:
        self._check()
        rows = self.store.conn.execute(f"SELECT DISTINCT user_id FROM {_SOURCE} ORDER BY 1")
        return [str(r[0]) for r in rows]

    def resolve_action(self, text: str) -> tuple[str, ...]:
        """The codes ``text`` names: a code itself, or a label (Chinese or English)."""
        wanted = text.strip()
        codes = set(self.actions()) | set(ACTION_LABELS)
        found = {
            code
            for code in codes
            if wanted in (code, label(code), label(code, "en"))
            or wanted.casefold() == label(code, "en").casefold()
        }
        return tuple(sorted(found)) or (wanted,)

    def verify(
        self,
        progress: Callable[[int, int], None] | None = None,
        check_cancelled: Callable[[], None] | None = None,
    ) -> Verification:
        self._check()
        return verify(self.store, progress, check_cancelled)


# --- verifying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the chain, naming entries by ``seq`` (``first``..``last``)."""

    kind: str
    first: int
    last: int
    county: bool = False  # truncated: known from the county's acknowledgement

    def text(self, lang: str | None = None) -> str:
        if self.kind == CHANGED:
            return tr(MSG_CHANGED, lang, seq=self.first)
        if self.kind == REMOVED:
            if self.first == self.last:
                return tr(MSG_REMOVED_ONE, lang, seq=self.first)
            return tr(MSG_REMOVED, lang, first=self.first, last=self.last)
        if self.kind == LINK:
            return tr(MSG_LINK, lang, seq=self.first)
        message = MSG_TRUNCATED_COUNTY if self.county else MSG_TRUNCATED
        return tr(message, lang, first=self.first, last=self.last)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "first": self.first,
            "last": self.last,
            "message": self.text(),
        }


@dataclass(frozen=True)
class Verification:
    checked: int  # entries read
    last_seq: int  # the last entry present (0: none)
    issued: int  # the highest seq ever given on this PC (sqlite_sequence)
    acknowledged: int  # the last entry the county server stored (0: none or not enrolled)
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings

    def seqs(self) -> list[int]:
        """Every seq named by a finding (a range of removed entries in full)."""
        return sorted({s for f in self.findings for s in range(f.first, f.last + 1)})

    def summary(self, lang: str | None = None) -> str:
        if self.ok:
            return tr(MSG_INTACT, lang, count=self.checked, last=self.last_seq)
        return tr(MSG_BROKEN, lang, problems=len(self.findings), count=self.checked)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "last_seq": self.last_seq,
            "issued": self.issued,
            "acknowledged": self.acknowledged,
            "findings": [f.to_json() for f in self.findings],
            "message": self.summary(),
        }


_VERIFY_SQL = (
    "SELECT seq, hlc, client_wall, user_id, action, tbl, row_id, detail, prev_hash, hash"
    " FROM audit_log ORDER BY seq"
)
PROGRESS_EVERY = 2_000


def _content_hash(row: Sequence[Any]) -> str | None:
    """The hash the entry's content gives (None: its detail is not JSON any more)."""
    _seq, hlc, wall, user, action, tbl, row_id, detail, prev_hash, _digest = row
    try:
        value = json.loads(detail)
    except (TypeError, ValueError):
        return None
    return entry_hash(hlc, wall, user, action, tbl, row_id, value, prev_hash)


def _issued(store: Store) -> int:
    row = store.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
    return int(row[0]) if row else 0


def _acknowledged(store: Store) -> int:
    value = store.meta(META_AUDIT_PUSHED)
    return int(value) if value and value.isdigit() else 0


def verify(
    store: Store,
    progress: Callable[[int, int], None] | None = None,
    check_cancelled: Callable[[], None] | None = None,
) -> Verification:
    """Walk the whole chain in ``seq`` order (one pass, streamed) and name what is wrong
    (see the module docstring). ``progress(done, total)`` every few thousand entries;
    ``check_cancelled`` may raise to stop."""
    conn = store.conn
    total = int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    findings: list[Finding] = []
    previous_seq, previous_hash, checked = 0, GENESIS_HASH, 0
    for row in conn.execute(_VERIFY_SQL):
        seq, digest, prev_hash = int(row[0]), str(row[9]), str(row[8])
        if seq > previous_seq + 1:
            findings.append(Finding(REMOVED, previous_seq + 1, seq - 1))
        elif prev_hash != previous_hash:
            findings.append(Finding(LINK, seq, seq))
        if _content_hash(row) != digest:
            findings.append(Finding(CHANGED, seq, seq))
        previous_seq, previous_hash = seq, digest
        checked += 1
        if checked % PROGRESS_EVERY == 0:
            if check_cancelled is not None:
                check_cancelled()
            if progress is not None:
                progress(checked, total)
    issued, acknowledged = _issued(store), _acknowledged(store)
    if max(issued, acknowledged) > previous_seq:
        last = max(issued, acknowledged)
        findings.append(Finding(TRUNCATED, previous_seq + 1, last, county=acknowledged > issued))
    if progress is not None:
        progress(checked, total)
    return Verification(checked, previous_seq, issued, acknowledged, tuple(findings))
