"""Schema 2: the search index (three contentless FTS5 tables), filled from existing rows.

The tables hold only tokens that :mod:`gridapp.store.search` makes in Python (name grams,
pinyin keys, reversed ID and phone numbers, address bigrams); ``content=''`` means no text is
stored twice, ``contentless_delete=1`` lets an edit replace one row's tokens. They live in the
same SQLCipher file as everything else, so nothing is readable on disk. Each FTS rowid is the
``rowid`` of its ``person`` or ``household`` row (the backup API and VACUUM keep rowids; see
``docs/search.md``). The ``ascii`` tokenizer only splits at the spaces we put between tokens
(every non-ASCII character is a token character), so CJK text is never re-split by Unicode
tables older than the names it holds.
"""

from __future__ import annotations

from gridapp.store import search
from gridapp.store.connection import Connection

_COMMON = "tokenize = 'ascii', content = '', contentless_delete = 1"

STATEMENTS = [
    # tail: the characters of a name after its first (a 1-character query that is not a
    # surname, e.g. 芳); bigram: consecutive character pairs in order (phrase = substring).
    f"CREATE VIRTUAL TABLE search_name USING fts5(tail, bigram, {_COMMON}, detail = full)",
    # Whole-token keys, prefix-searchable: pinyin (full, initials, given name marked with
    # search.GIVEN_MARK) and reversed ID / phone numbers (suffix search = prefix query).
    f"CREATE VIRTUAL TABLE search_key USING fts5(key, {_COMMON}, detail = none, prefix = '2 3 4')",
    # Household addresses as bigrams; a hit returns the household's members.
    f"CREATE VIRTUAL TABLE search_address USING fts5(bigram, {_COMMON}, detail = full)",
]


def up(conn: Connection) -> None:
    """Create the index tables and index what is already registered (one transaction)."""
    for statement in STATEMENTS:
        conn.execute(statement)
    search.rebuild(conn)
