"""Keeping the search index in step with the register (see :mod:`gridapp.store.search`).

Tokens are made here in Python and written to the three contentless FTS5 tables of schema 2:
name characters and bigrams, pinyin and reversed-number keys, address bigrams. The repository
calls :func:`index_persons` / :func:`index_households` for new rows and
:func:`reindex_person` / :func:`reindex_household` after edits, inside its write transaction;
:func:`rebuild` redoes everything from the tables (after VACUUM or a table rebuild).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from gridapp.models.idnumber import normalize_id_text
from gridapp.models.names import MAX_NAME_CHARS, name_keys, normalize_text
from gridapp.store.connection import Connection

MAX_ADDRESS_CHARS = 200
GIVEN_MARK = "0"
"""Prefix of given-name pinyin keys: no other key starts with a digit followed by a letter,
so ``0sf*`` finds given names only and ``sf*`` never does."""
BATCH = 2_000

# --- building tokens ---------------------------------------------------------------------


def search_chars(text: str) -> str:
    """The characters search compares: :func:`normalize_text` (NFKC, no whitespace, lower
    case) keeping only letters, digits and combining marks — no punctuation, symbols, emoji."""
    norm = normalize_text(text)
    if norm.isalnum():
        return norm
    return "".join(ch for ch in norm if unicodedata.category(ch)[0] in "LNM")


def bigrams(chars: str) -> list[str]:
    return [chars[i : i + 2] for i in range(len(chars) - 1)]


def name_columns(name: str) -> tuple[str, str]:
    """``(tail, bigram)`` column text of a name: 张三丰 -> ("三 丰", "张三 三丰")."""
    chars = search_chars(name)[:MAX_NAME_CHARS]
    return " ".join(chars[1:]), " ".join(bigrams(chars))


_PHONE_PARTS = re.compile(r"[^0-9\s\-()（）+]+")
_NOT_ID_CHAR = re.compile(r"[^0-9A-Z]")
_NOT_DIGIT = re.compile(r"[^0-9]")


def number_digits(id_number: str, phone: str) -> list[str]:
    """The numbers a person is found by: the ID number (upper-case X) and each phone number
    of the phone field as digits only ("0792-1234567/138…" holds two)."""
    numbers = []
    # Stored values are clean already: the fast path skips the Unicode work (1M rows).
    if id_number.isascii() and id_number.isalnum():
        idn = id_number.upper()
    else:
        idn = _NOT_ID_CHAR.sub("", normalize_id_text(id_number))
    if idn:
        numbers.append(idn)
    if phone.isascii() and phone.isdigit():
        parts = [phone]
    else:
        parts = [
            _NOT_DIGIT.sub("", p) for p in _PHONE_PARTS.split(unicodedata.normalize("NFKC", phone))
        ]
    numbers += [digits for digits in parts if len(digits) >= 3]
    return numbers


def key_column(name: str, id_number: str, phone: str) -> str:
    """The ``search_key`` text: pinyin keys, given-name keys behind :data:`GIVEN_MARK`, and
    every number reversed (lower case, as the tokenizer folds ASCII)."""
    keys = name_keys(name)
    tokens = [keys.full, keys.initials]
    if keys.given_full:
        tokens += [GIVEN_MARK + keys.given_full, GIVEN_MARK + keys.given_initials]
    tokens += [n.lower()[::-1] for n in number_digits(id_number, phone)]
    return " ".join(dict.fromkeys(t for t in tokens if t))


def address_column(address: str) -> str:
    """The ``search_address`` text: bigrams of the address."""
    return " ".join(bigrams(search_chars(address)[:MAX_ADDRESS_CHARS]))


# --- keeping the index in step -------------------------------------------------------------

_SQL_PERSON_ROWIDS = "SELECT id, rowid FROM person WHERE id IN (SELECT value FROM json_each(?))"
_SQL_HOUSEHOLD_ROWIDS = (
    "SELECT id, rowid FROM household WHERE id IN (SELECT value FROM json_each(?))"
)
_SQL_PUT_NAME = "INSERT OR REPLACE INTO search_name (rowid, tail, bigram) VALUES (?, ?, ?)"
_SQL_PUT_KEY = "INSERT OR REPLACE INTO search_key (rowid, key) VALUES (?, ?)"
_SQL_PUT_ADDRESS = "INSERT OR REPLACE INTO search_address (rowid, bigram) VALUES (?, ?)"


def _rowids(conn: Connection, sql: str, ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(ids), BATCH):
        chunk = json.dumps(ids[start : start + BATCH])
        found.update((str(i), int(r)) for i, r in conn.execute(sql, (chunk,)))
    return found


def _put_persons(conn: Connection, rows: Iterable[tuple[int, str, str, str]]) -> None:
    """Index ``(rowid, name, id_number, phone)`` rows (replacing what a rowid had)."""
    names: list[tuple[int, str, str]] = []
    keys: list[tuple[int, str]] = []
    for rowid, name, id_number, phone in rows:
        names.append((rowid, *name_columns(name or "")))
        keys.append((rowid, key_column(name or "", id_number or "", phone or "")))
    conn.executemany(_SQL_PUT_NAME, names)
    conn.executemany(_SQL_PUT_KEY, keys)


def index_persons(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add new person rows to the search index."""
    live = [r for r in rows if not r.get("deleted")]
    if not live:
        return
    rowids = _rowids(conn, _SQL_PERSON_ROWIDS, [str(r["id"]) for r in live])
    _put_persons(
        conn,
        (
            (rowids[str(r["id"])], r.get("name", ""), r.get("id_number", ""), r.get("phone", ""))
            for r in live
            if str(r["id"]) in rowids
        ),
    )


def index_households(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add new household rows to the search index."""
    live = [r for r in rows if not r.get("deleted")]
    if not live:
        return
    rowids = _rowids(conn, _SQL_HOUSEHOLD_ROWIDS, [str(r["id"]) for r in live])
    conn.executemany(
        _SQL_PUT_ADDRESS,
        [
            (rowids[str(r["id"])], address_column(r.get("address") or ""))
            for r in live
            if str(r["id"]) in rowids
        ],
    )


def reindex_person(conn: Connection, person_id: str) -> None:
    """Refresh one person's index entry after an edit (a deleted person leaves the index)."""
    row = conn.execute(
        "SELECT rowid, name, id_number, phone, deleted FROM person WHERE id = ?", (person_id,)
    ).fetchone()
    if row is None:
        return
    rowid, name, id_number, phone, deleted = row
    if deleted:
        conn.execute("DELETE FROM search_name WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM search_key WHERE rowid = ?", (rowid,))
    else:
        _put_persons(conn, [(int(rowid), name, id_number, phone)])


def reindex_household(conn: Connection, household_id: str) -> None:
    """Refresh one household's address entry after an edit (or drop it if deleted)."""
    row = conn.execute(
        "SELECT rowid, address, deleted FROM household WHERE id = ?", (household_id,)
    ).fetchone()
    if row is None:
        return
    rowid, address, deleted = row
    if deleted:
        conn.execute("DELETE FROM search_address WHERE rowid = ?", (rowid,))
    else:
        conn.execute(_SQL_PUT_ADDRESS, (rowid, address_column(address or "")))


def rebuild(conn: Connection) -> int:
    """Empty the index and index every live person and household again (the caller's
    transaction); returns the number of persons indexed."""
    for table in ("search_name", "search_key", "search_address"):
        # The FTS5 command, not a row delete; the table name is our own constant.
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
    last, count = -1, 0
    while True:
        rows = conn.execute(
            "SELECT rowid, address FROM household WHERE deleted = 0 AND rowid > ?"
            " ORDER BY rowid LIMIT ?",
            (last, BATCH * 5),
        ).fetchall()
        if not rows:
            break
        conn.executemany(_SQL_PUT_ADDRESS, [(r, address_column(a or "")) for r, a in rows])
        last = rows[-1][0]
    last = -1
    while True:
        prows = conn.execute(
            "SELECT rowid, name, id_number, phone FROM person WHERE deleted = 0 AND rowid > ?"
            " ORDER BY rowid LIMIT ?",
            (last, BATCH * 5),
        ).fetchall()
        if not prows:
            break
        _put_persons(conn, prows)
        count += len(prows)
        last = prows[-1][0]
    return count
