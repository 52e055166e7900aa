"""Search keys for personal names (pinyin, initials) and text normalisation for search.

Workers look people up by typing pinyin: ``zsf`` or ``zhangsanfeng`` must find 张三丰, and
``oynn`` must find 欧阳娜娜. Two things make this harder than calling pypinyin on the name:

* **Surnames read differently.** 曾 is *zeng*, 单 *shan*, 区 *ou*, 仇 *qiu* when they are
  surnames; pypinyin picks the common reading. The first character(s) of a name are therefore
  read from a surname table (``resources/names/surnames.json``), which also lists the compound
  surnames (复姓 欧阳, 司马, 尉迟 …) so that a name splits into surname and given name.
* **Speed.** A county holds a million people; calling pypinyin per name costs ~40 times more
  than looking each character up once in a per-character cache built from
  ``pypinyin.pinyin_dict``, which is what this module does.

Characters in given names take pypinyin's first (most common) reading: 乐 *le*, 重 *zhong*,
行 *xing*. That is stable, which is all a search key needs. ``ü`` is written ``v`` (lv, nv), as
Chinese input methods expect.

Everything here is pure Python: no Qt, no SQL; the only file read is the bundled surname table.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache

from gridapp.paths import resource_path

MAX_NAME_CHARS = 64
"""Names are cut to this many characters before keys are made, so keys stay bounded."""

# Separators of transliterated minority names (阿依古丽·买买提). NFKC has already turned the
# full-width "．" into "." and the half-width katakana dot into "・".
_NAME_SEPARATORS = frozenset("·•‧・.")
# Control, format (zero-width space, BOM, bidi marks) and lone surrogates: invisible, never typed.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


@dataclass(frozen=True)
class Surname:
    """One row of the surname table: the surname, its reading and its share (per mille)."""

    surname: str
    pinyin: str  # syllables separated by one space for compound surnames: "ou yang"
    per_mille: float

    @property
    def syllables(self) -> tuple[str, ...]:
        """The reading split per character: ("ou", "yang") for 欧阳."""
        return tuple(self.pinyin.split())


@dataclass(frozen=True)
class NameKeys:
    """The pinyin search keys of one name (lowercase ASCII letters only)."""

    full: str  # "zhangsanfeng"
    initials: str  # "zsf"
    given_full: str  # "sanfeng"
    given_initials: str  # "sf"


@cache
def surnames() -> tuple[Surname, ...]:
    """The bundled surname table, most common first (single surnames, then compound ones)."""
    with resource_path("names", "surnames.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return tuple(
        Surname(str(row["surname"]), str(row["pinyin"]), float(row["per_mille"]))
        for row in data["surnames"]
    )


@cache
def _surname_syllables() -> dict[str, tuple[str, ...]]:
    return {s.surname: s.syllables for s in surnames()}


@cache
def _compound_surnames() -> frozenset[str]:
    return frozenset(s.surname for s in surnames() if len(s.surname) > 1)


@cache
def _pinyin_table() -> dict[int, str]:
    # Imported lazily: the table is large and the window should open without it.
    from pypinyin.pinyin_dict import pinyin_dict

    table: dict[int, str] = pinyin_dict
    return table


_READINGS: dict[str, str] = {}  # per-character cache: "张" -> "zhang", "," -> ""


def _toneless(reading: str) -> str:
    """ "lǚ" -> "lv", "zhāng" -> "zhang", "ê̄" -> "e": ASCII letters only."""
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha()).lower()


def _char_reading(ch: str) -> str:
    """The toneless pinyin of one Han character, or "" when it has none (cached)."""
    reading = _READINGS.get(ch)
    if reading is None:
        raw = _pinyin_table().get(ord(ch))
        reading = _toneless(raw.split(",", 1)[0]) if raw else ""
        _READINGS[ch] = reading
    return reading


def _is_han(ch: str) -> bool:
    """CJK unified ideographs (basic, extension A, B–H) and compatibility ideographs."""
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0003ffff"
        or ch == "〇"
    )


def _drop_invisible(text: str) -> str:
    """Remove control and format characters (only scans when there may be some)."""
    if text.isprintable():
        return text
    return "".join(
        ch for ch in text if ch.isprintable() or unicodedata.category(ch) not in _DROPPED_CATEGORIES
    )


def _clean_name(name: str) -> str:
    """NFKC, no invisible characters, trimmed; whitespace removed from Chinese names and
    collapsed to single spaces in others (which use it between words)."""
    # Cut before the Unicode work so a hostile megabyte costs nothing; NFKC can expand a few
    # characters, hence the margin.
    text = unicodedata.normalize("NFKC", name[: MAX_NAME_CHARS * 4])
    words = _drop_invisible(text).split()
    if not words:
        return ""
    if _is_han(words[0][0]):
        return "".join(words)
    return " ".join(words)


def split_name(name: str) -> tuple[str, str]:
    """Split a name into (surname, given name).

    Compound surnames (欧阳娜娜 -> 欧阳, 娜娜) are recognised when the name is longer than the
    surname itself. Transliterated minority names (阿依古丽·买买提) and names that do not start
    with a Han character have no surname to split off: ("", whole name). A single character is
    taken as a bare surname. The parts are of the cleaned name (NFKC, no whitespace inside a
    Chinese name).
    """
    return _split_clean(_clean_name(name))


def _split_clean(text: str) -> tuple[str, str]:
    """:func:`split_name` of an already cleaned name."""
    if not text:
        return "", ""
    if not _is_han(text[0]) or not _NAME_SEPARATORS.isdisjoint(text):
        return "", text
    if len(text) > 2 and text[:2] in _compound_surnames():
        return text[:2], text[2:]
    return text[:1], text[1:]


def _syllables(text: str) -> list[str]:
    """Pinyin syllables of Han characters; a run of Latin letters is one lowercase "syllable";
    digits, punctuation, spaces, the name dot and anything else separate runs and are dropped."""
    out: list[str] = []
    latin: list[str] = []
    for ch in text:
        if ch.isascii():
            if ch.isalpha():
                latin.append(ch.lower())
                continue
            reading = ""
        elif _is_han(ch):
            reading = _char_reading(ch)
        else:
            # é -> e, ﬁ -> fi; anything without a Latin base (emoji, Cyrillic) yields "".
            base = _toneless(ch)
            if base:
                latin.append(base)
                continue
            reading = ""
        if latin:
            out.append("".join(latin))
            latin.clear()
        if reading:
            out.append(reading)
    if latin:
        out.append("".join(latin))
    return out


def name_keys(name: str) -> NameKeys:
    """Pinyin keys of a name for search: full pinyin and initials, of the whole name and of
    the given name alone. The surname is read from the surname table (曾 -> zeng).

    Only lowercase ASCII letters come out; the name is cut to :data:`MAX_NAME_CHARS`
    characters first, so any input gives keys of bounded size.
    """
    surname, given = _split_clean(_clean_name(name)[:MAX_NAME_CHARS])
    family = list(_surname_syllables().get(surname, ())) or _syllables(surname)
    own = _syllables(given)
    given_full = "".join(own)
    given_initials = "".join(s[0] for s in own)
    return NameKeys(
        full="".join(family) + given_full,
        initials="".join(s[0] for s in family) + given_initials,
        given_full=given_full,
        given_initials=given_initials,
    )


def normalize_text(text: str) -> str:
    """Text as search compares it, both when indexing and when querying: NFKC (full-width
    letters, digits and punctuation become half-width), all whitespace and invisible control
    or format characters removed, letters lower-cased."""
    folded = unicodedata.normalize("NFKC", text)
    return _drop_invisible("".join(folded.split())).lower()


def grams(text: str, n: int) -> list[str]:
    """The consecutive ``n``-character grams of :func:`normalize_text` of ``text``, in order,
    after dropping everything but letters, digits and combining marks (punctuation, symbols,
    emoji). ``n=1`` gives the characters. A text shorter than ``n`` has no grams: ``[]``.
    """
    if n < 1:
        raise ValueError(f"gram size must be at least 1, not {n}")
    norm = normalize_text(text)
    if not norm.isalnum():
        norm = "".join(ch for ch in norm if unicodedata.category(ch)[0] in "LNM")
    return [norm[i : i + n] for i in range(len(norm) - n + 1)]


__all__ = [
    "MAX_NAME_CHARS",
    "NameKeys",
    "Surname",
    "grams",
    "name_keys",
    "normalize_text",
    "split_name",
    "surnames",
]
