"""Global search over the register: persons by name (or any part of it), pinyin, ID number,
phone, and by the address of their household.

The index is three contentless FTS5 tables (schema 2, ``m0002_search``) whose text is made
here, in Python, so that CJK works at any length (FTS5's trigram tokenizer finds nothing
shorter than three characters; a surname is one):

``search_name`` (rowid = ``person.rowid``)
    ``tail``: the characters of the normalised name after the first, one token each;
    ``bigram``: its consecutive character pairs in order. A query of two or more characters
    becomes the phrase of its bigrams, which matches exactly the names that contain it.
``search_key`` (rowid = ``person.rowid``, ``detail=none``, prefix index 2-4)
    whole-token keys: full pinyin and initials of the name (``zhangsanfeng``, ``zsf``), those
    of the given name behind :data:`GIVEN_MARK` (``0sanfeng``, ``0sf``), and the ID number and
    phone numbers reversed, so that "ends with 1234" is the prefix query ``4321*``.
``search_address`` (rowid = ``household.rowid``)
    bigrams of the household address; a hit yields that household's members, head first.

Ranking: persons with status 正常 first; then exact matches (the name, full pinyin or initials
is the query; the whole ID or phone number), then prefix matches, then substrings (inside the
name, the given name's pinyin, the last digits of a number), then address hits. Each tier is
one indexed query with a ``LIMIT``: "name starts with" is a range on the ``person(name)``
B-tree, so a surname shared by 70,000 people costs no more than a rare one. Only the final
rows (at most ``limit``) are turned into Python objects; ID numbers and phones leave this
module masked.

The repository keeps the index in step inside its write transactions: :func:`index_persons`
and :func:`index_households` for new rows, :func:`reindex_person` and
:func:`reindex_household` after edits. :func:`rebuild` redoes everything from the tables.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models.idnumber import mask_id_number, mask_phone, normalize_id_text
from gridapp.store.connection import Connection
from gridapp.store.search_index import (
    GIVEN_MARK,
    address_column,
    bigrams,
    index_households,
    index_persons,
    key_column,
    name_columns,
    rebuild,
    reindex_household,
    reindex_person,
    search_chars,
)

__all__ = [  # the index side is re-exported: callers use gridapp.store.search only
    "SearchHit",
    "SearchResult",
    "address_column",
    "index_households",
    "index_persons",
    "key_column",
    "name_columns",
    "rebuild",
    "reindex_household",
    "reindex_person",
    "search",
    "search_chars",
    "search_persons",
]

DEFAULT_LIMIT = 20
MAX_LIMIT = 500
MAX_QUERY_CHARS = 100
"""Longer search text is refused (names have at most 50 characters, addresses 200)."""
MIN_DIGITS = 2
ID_PREFIX_DIGITS = 6
"""A number this long is also looked up as the start of an ID number (after its end)."""

MSG_EMPTY = QT_TRANSLATE_NOOP(
    "Messages", "Type a name, pinyin, ID number, phone number or address to search."
)
MSG_TOO_LONG = QT_TRANSLATE_NOOP(
    "Messages", "The search text is too long: at most {max} characters."
)
MSG_TOO_SHORT = QT_TRANSLATE_NOOP(
    "Messages", "Type at least {min} digits to search by ID number or phone number."
)

MATCH_NAME = "name"
MATCH_PINYIN = "pinyin"
MATCH_ID = "id_number"
MATCH_PHONE = "phone"
MATCH_ADDRESS = "address"

STATUS_NORMAL = "1"
HEAD_RELATION = "02"

# --- searching ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One person found: what a result list shows. ID and phone numbers are masked."""

    person_id: str
    name: str
    id_masked: str
    phone_masked: str
    household_no: str
    address: str
    status: str  # person_status code, "1" 正常
    is_head: bool
    match: str  # name | pinyin | id_number | phone | address


@dataclass(frozen=True)
class SearchResult:
    """The hits of one search, best first; ``message`` (an English source string marked for
    translation, with ``params``) says why a query was not run: empty, too long, too short."""

    query: str
    hits: list[SearchHit]
    message: str | None = None
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        """The message in the user's language ("" when the query was run)."""
        return tr(self.message, lang, **self.params) if self.message else ""


@dataclass(frozen=True)
class _Query:
    """The parsed search text: which kinds of search apply and their normalised forms."""

    chars: str  # search_chars of the text
    kind: str  # "text" (names, addresses), "pinyin" or "number"


_NUMBER = re.compile(r"[0-9]+x?")
_PINYIN = re.compile(r"[a-z]+")


def _parse(text: str) -> _Query | SearchResult:
    if len(text) > MAX_QUERY_CHARS * 4:  # cut off early: no Unicode work on a megabyte
        return SearchResult(text[:MAX_QUERY_CHARS], [], MSG_TOO_LONG, {"max": MAX_QUERY_CHARS})
    chars = search_chars(text)
    if not chars:
        return SearchResult(text, [], MSG_EMPTY)
    if len(chars) > MAX_QUERY_CHARS:
        return SearchResult(text, [], MSG_TOO_LONG, {"max": MAX_QUERY_CHARS})
    if _NUMBER.fullmatch(chars):
        if len(chars) < MIN_DIGITS:
            return SearchResult(text, [], MSG_TOO_SHORT, {"min": MIN_DIGITS})
        return _Query(chars, "number")
    if _PINYIN.fullmatch(chars):
        return _Query(chars, "pinyin")
    return _Query(chars, "text")


def _phrase(tokens: Sequence[str], prefix: bool = False, column: str = "") -> str:
    """An FTS5 query string from our own tokens, each phrase quoted (quotes doubled)."""
    body = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"' + ("*" if prefix else "")
    return f"{column} : {body}" if column else body


_LIVE = "p.deleted = 0 AND (p.status = '1') = ?"
_SQL_NAME_EXACT = f"SELECT p.rowid FROM person p WHERE p.name = ? AND {_LIVE} LIMIT ?"
_SQL_NAME_PREFIX = (
    f"SELECT p.rowid FROM person p WHERE p.name > ? AND p.name < ? AND {_LIVE}"
    " ORDER BY p.name LIMIT ?"
)
_SQL_ID_PREFIX = (
    f"SELECT p.rowid FROM person p WHERE p.id_number > ? AND p.id_number < ? AND {_LIVE}"
    " ORDER BY p.id_number LIMIT ?"
)
_SQL_NAME_FTS = (
    "SELECT p.rowid FROM search_name f JOIN person p ON p.rowid = f.rowid"
    f" WHERE search_name MATCH ? AND {_LIVE} LIMIT ?"
)
_SQL_KEY_FTS = (
    "SELECT p.rowid FROM search_key f JOIN person p ON p.rowid = f.rowid"
    f" WHERE search_key MATCH ? AND {_LIVE} LIMIT ?"
)
_SQL_ADDRESS_PAGE = (
    "SELECT rowid FROM search_address WHERE search_address MATCH ? AND rowid > ?"
    " ORDER BY rowid LIMIT ?"
)
_SQL_MEMBERS = (
    "SELECT h.rowid, p.rowid, p.relation <> '02', p.birth_date FROM household h"
    " JOIN person p ON p.household_id = h.id"
    f" WHERE h.rowid IN (SELECT value FROM json_each(?)) AND h.deleted = 0 AND {_LIVE}"
)
_SQL_HITS = (
    "SELECT p.rowid, p.id, p.name, p.id_number, p.phone, p.status, p.relation,"
    " coalesce(h.household_no, ''), coalesce(h.address, '')"
    " FROM person p LEFT JOIN household h ON h.id = p.household_id"
    " WHERE p.rowid IN (SELECT value FROM json_each(?))"
)
_TOP = "\U0010ffff"  # sorts after every character: "q" <= x < "q" + _TOP is "starts with q"


@dataclass(frozen=True)
class _Source:
    """One tier of a search: an indexed query giving person rowids, best first."""

    sql: str
    params: tuple[object, ...]
    match: str


def _sources(query: _Query) -> list[_Source]:
    """The tiers of a query, in rank order (exact, prefix, substring, address)."""
    q = query.chars
    if query.kind == "number":
        rev = q[::-1]
        sources = [
            _Source(_SQL_KEY_FTS, (_phrase([rev]),), MATCH_ID),
            _Source(_SQL_KEY_FTS, (_phrase([rev], prefix=True),), MATCH_ID),
        ]
        if len(q) >= ID_PREFIX_DIGITS:
            sources.append(_Source(_SQL_ID_PREFIX, (q.upper(), q.upper() + _TOP), MATCH_ID))
        return sources
    exact = _Source(_SQL_NAME_EXACT, (q,), MATCH_NAME)
    prefix = _Source(_SQL_NAME_PREFIX, (q, q + _TOP), MATCH_NAME)
    if len(q) == 1:
        inside = _Source(_SQL_NAME_FTS, (_phrase([q], column="tail"),), MATCH_NAME)
    else:
        inside = _Source(_SQL_NAME_FTS, (_phrase(bigrams(q), column="bigram"),), MATCH_NAME)
    if query.kind == "pinyin":
        sources = [exact, _Source(_SQL_KEY_FTS, (_phrase([q]),), MATCH_PINYIN), prefix]
        if len(q) >= 2:  # shorter prefixes are not in the prefix index: not worth a scan
            sources.append(_Source(_SQL_KEY_FTS, (_phrase([q], prefix=True),), MATCH_PINYIN))
            sources.append(inside)
            given = _phrase([GIVEN_MARK + q], prefix=True)
            sources.append(_Source(_SQL_KEY_FTS, (given,), MATCH_PINYIN))
        return sources
    return [exact, prefix, inside]


def _address_hits(conn: Connection, q: str, normal: bool, need: int, seen: set[int]) -> list[int]:
    """Members of households whose address contains ``q``: household order, head first."""
    match = _phrase(bigrams(q), column="bigram")
    found: list[int] = []
    last, page = -1, max(need, 8)
    while len(found) < need:
        households = [r for (r,) in conn.execute(_SQL_ADDRESS_PAGE, (match, last, page))]
        if not households:
            break
        order = {h: i for i, h in enumerate(households)}
        members = conn.execute(_SQL_MEMBERS, (json.dumps(households), normal)).fetchall()
        members.sort(key=lambda m: (order[m[0]], m[2], m[3] or ""))
        for _h, rowid, _not_head, _birth in members:
            if rowid not in seen and len(found) < need:
                seen.add(rowid)
                found.append(rowid)
        last = households[-1]
        page = min(page * 4, 2_000)
    return found


def _ranked_rowids(conn: Connection, query: _Query, limit: int) -> list[tuple[int, str]]:
    """Person rowids with the tier that found them, best first, at most ``limit``."""
    sources = _sources(query)
    ranked: list[tuple[int, str]] = []
    seen: set[int] = set()
    for normal in (True, False):
        for source in sources:
            need = limit - len(ranked)
            if need <= 0:
                return ranked
            # Earlier tiers' rows come again (a prefix is also a substring): ask for enough.
            rows = conn.execute(source.sql, (*source.params, normal, need + len(seen)))
            for (rowid,) in rows:
                if rowid not in seen and len(ranked) < limit:
                    seen.add(rowid)
                    ranked.append((rowid, source.match))
        if query.kind == "text" and len(query.chars) >= 2 and len(ranked) < limit:
            for rowid in _address_hits(conn, query.chars, normal, limit - len(ranked), seen):
                ranked.append((rowid, MATCH_ADDRESS))
    return ranked


def _number_match(q: str, id_number: str) -> str:
    """Whether a number query found the ID number or (else) a phone number."""
    idn = normalize_id_text(id_number).lower()
    return MATCH_ID if idn.endswith(q) or idn.startswith(q) else MATCH_PHONE


def search(conn: Connection, text: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Find persons by name, pinyin, ID number, phone or household address (see the module
    docstring for the ranking). Never raises on odd input: an empty, too long or too short
    query gives an empty result with a ``message``."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    parsed = _parse(text)
    if isinstance(parsed, SearchResult):
        return parsed
    ranked = _ranked_rowids(conn, parsed, limit)
    if not ranked:
        return SearchResult(text, [])
    rows = {r[0]: r for r in conn.execute(_SQL_HITS, (json.dumps([rowid for rowid, _ in ranked]),))}
    hits = []
    for rowid, match in ranked:
        row = rows.get(rowid)
        if row is None:
            continue
        _r, person_id, name, id_number, phone, status, relation, household_no, address = row
        if match == MATCH_ID:
            match = _number_match(parsed.chars, id_number)
        hits.append(
            SearchHit(
                person_id=person_id,
                name=name,
                id_masked=mask_id_number(id_number),
                phone_masked=mask_phone(phone),
                household_no=household_no,
                address=address,
                status=status,
                is_head=relation == HEAD_RELATION,
                match=match,
            )
        )
    return SearchResult(text, hits)


def search_persons(conn: Connection, text: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """The hits of :func:`search` alone (an empty list for a query that was not run)."""
    return search(conn, text, limit).hits


__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MAX_QUERY_CHARS",
    "SearchHit",
    "SearchResult",
    "address_column",
    "index_households",
    "index_persons",
    "key_column",
    "name_columns",
    "rebuild",
    "reindex_household",
    "reindex_person",
    "search",
    "search_chars",
    "search_persons",
]
