"""Unique, valid-looking numbers for demo data: ID numbers, 户号 and mobile phones.

Uniqueness over a million people must not cost a million-entry set, so each number is built
from a counter: an ID number's 3-digit sequence comes from a per-(birth date, sex) counter (one
small array over 125 years of dates, shared by all area codes, so two people never share date +
sequence), and 户号 and phone numbers are counters scrambled by a multiplication modulo the
number space (a bijection, so distinct counters give distinct numbers that do not look serial).
"""

from __future__ import annotations

import math
import random
from array import array
from datetime import date
from operator import mul

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SEQUENCES_PER_SEX = 499  # odd 001..997 for men, even 002..998 for women
_SEQUENCE_STRIDE = 193  # coprime with 499: scatters the sequence digits
_MAX_AGE_DAYS = 125 * 366


def id_check_char(body: str) -> str:
    """GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    return _CHECK_CHARS[_digit_sum(body, _WEIGHTS) % 11]


def _digit_sum(digits: str, weights: tuple[int, ...]) -> int:
    if len(digits) != len(weights) or not digits.isdigit():
        raise ValueError(f"expected {len(weights)} digits, got {digits!r}")
    return sum(map(mul, map(int, digits), weights))


class IdNumbers:
    """Hands out distinct 18-character ID numbers consistent with birth date and sex."""

    def __init__(self, as_of: date) -> None:
        self._as_of = as_of.toordinal()
        self._used = array("H", bytes(2 * 2 * _MAX_AGE_DAYS))  # per (days before as_of, sex)
        # Weighted digit sums of the area and date parts, so the check character costs a
        # few additions (both caches are bounded: a few dozen areas, ~40,000 dates).
        self._area_sums: dict[str, int] = {}
        self._dates: dict[int, tuple[str, int]] = {}

    def issue(self, area: str, birth: int, male: bool) -> tuple[str, int]:
        """A new number for someone born on ordinal day ``birth``; returns it with the birth
        day actually used (one day earlier, rarely, when that date's sequences are spent)."""
        if not 0 <= self._as_of - birth < _MAX_AGE_DAYS - 400:
            raise ValueError("birth date outside the supported range")
        while True:
            slot = 2 * (self._as_of - birth) + male
            n = self._used[slot]
            if n < _SEQUENCES_PER_SEX:
                break
            birth -= 1
        self._used[slot] = n + 1
        seq = 2 * ((n * _SEQUENCE_STRIDE + birth) % _SEQUENCES_PER_SEX) + (1 if male else 2)
        area_sum = self._area_sums.get(area)
        if area_sum is None:
            area_sum = self._area_sums[area] = _digit_sum(area, _WEIGHTS[:6])
        dated = self._dates.get(birth)
        if dated is None:
            born = date.fromordinal(birth)
            text = f"{born.year:04d}{born.month:02d}{born.day:02d}"
            dated = self._dates[birth] = (text, _digit_sum(text, _WEIGHTS[6:14]))
        total = area_sum + dated[1] + 8 * (seq // 100) + 4 * (seq // 10 % 10) + 2 * (seq % 10)
        return f"{area}{dated[0]}{seq:03d}{_CHECK_CHARS[total % 11]}", birth


class ScrambledCounter:
    """Distinct numbers of ``digits`` digits (first digit not 0 when ``leading`` is set):
    counter × multiplier + offset modulo the space — a bijection, so no repeats until the space
    is exhausted."""

    def __init__(self, rng: random.Random, digits: int, multiplier: int, leading: bool) -> None:
        self._low = 10 ** (digits - 1) if leading else 0
        self._space = 10**digits - self._low
        self._multiplier = multiplier
        self._offset = rng.randrange(self._space)
        self._next = 0
        self._digits = digits
        if math.gcd(multiplier, self._space) != 1:
            raise ValueError("multiplier must be coprime with the number space")

    def take(self) -> str:
        """The next number, zero-padded to the width."""
        value = (self._next * self._multiplier + self._offset) % self._space + self._low
        self._next += 1
        return f"{value:0{self._digits}d}"


class Phones:
    """Distinct mobile numbers 1[3-9]x xxxx xxxx: prefixes in turn, scrambled tails."""

    def __init__(self, rng: random.Random, prefixes: list[str]) -> None:
        self._prefixes = prefixes
        self._tails = [ScrambledCounter(rng, 8, 73_939_133, leading=False) for _ in prefixes]
        self._turn = 0

    def take(self) -> str:
        i = self._turn % len(self._prefixes)
        self._turn += 1
        return self._prefixes[i] + self._tails[i].take()


def household_numbers(rng: random.Random) -> ScrambledCounter:
    """Distinct 9-digit 户号."""
    return ScrambledCounter(rng, 9, 734_219_371, leading=True)


__all__ = ["IdNumbers", "Phones", "ScrambledCounter", "household_numbers", "id_check_char"]
