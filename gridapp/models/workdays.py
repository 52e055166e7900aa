"""Working days under the official Chinese holiday calendar (放假调休 and 调休上班).

Each year the 国务院办公厅 publishes a notice (《关于XXXX年部分节假日安排的通知》) that turns some
weekdays into holidays and some weekend days into working days. GridApp ships that calendar as
a data table, ``resources/holidays/cn.json`` (one entry per notice, see
``docs/petition-deadlines.md``), instead of depending on a package that needs a new release every
December. A county administrator installs a newer table by copying a ``cn.json`` of the same
format to ``<data dir>/holidays/cn.json``; :func:`load_calendar` prefers it when it is newer than
the bundled one, and falls back to the bundled table (recording why) when the file is broken.

Days in years the table does not know follow the plain rule (Saturday and Sunday are rest days)
and :meth:`HolidayCalendar.covers` returns ``False`` for them so that the UI can warn.

Periods count the way 《民法典》 art. 201 counts them: the start day is not counted, the period
begins the next day. :meth:`HolidayCalendar.add_working_days` therefore returns the ``n``-th working
day *after* ``start``.
"""

from __future__ import annotations

import bisect
import enum
import functools
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.paths import resource_path

TABLE_FORMAT = 1
TABLE_NAME = "cn.json"
HOLIDAY_DIR = "holidays"

MSG_BAD_TABLE = QT_TRANSLATE_NOOP("Messages", "The holiday table {path} cannot be used: {reason}")
MSG_PROVISIONAL = QT_TRANSLATE_NOOP(
    "Messages",
    "The holidays of {year} are provisional: check them against the State Council notice.",
)
MSG_NOT_COVERED = QT_TRANSLATE_NOOP(
    "Messages",
    "The holiday table has no entry for {year}: only weekends are counted as rest days.",
)

# A period of the table longer than this is a typing error (the longest so far: 2020's
# Spring Festival, extended to 10 days).
_MAX_PERIOD_DAYS = 31


class DayRule(enum.StrEnum):
    """What "N 日" means in this county (a setting)."""

    CALENDAR = "calendar"  # 日 = calendar days (the default)
    WORKING = "working"  # 日 = working days


class HolidayTableError(ValueError):
    """A holiday table file that cannot be used; ``text()`` is the message for people."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def text(self, lang: str | None = None) -> str:
        return tr(MSG_BAD_TABLE, lang, path=self.path, reason=self.reason)


@dataclass(frozen=True, eq=False)
class Notice:
    """One year's entry of the table: what that year's State Council notice says."""

    year: int
    status: str = "official"  # "official" | "provisional"
    source: tuple[str, ...] = ()
    holidays: Mapping[date, str] = field(default_factory=dict)  # day -> festival (放假调休)
    working_days: Mapping[date, str] = field(default_factory=dict)  # weekend day -> festival


class HolidayCalendar:
    """Which days are working days: weekends, holidays and make-up working days (调休上班).

    ``holidays`` and ``working_days`` map a date to the festival's name (or are plain iterables
    of dates). ``years`` are the years the table knows (:meth:`covers`). A calendar built with
    no arguments is the plain rule: Monday to Friday work, Saturday and Sunday rest. Tables are
    read with :func:`load_table` / :func:`load_calendar`, which build it from :class:`Notice`s.
    """

    def __init__(
        self,
        holidays: Mapping[date, str] | Iterable[date] = (),
        working_days: Mapping[date, str] | Iterable[date] = (),
        years: Iterable[int] = (),
        *,
        updated: date | None = None,
        source: str = "",
    ) -> None:
        self._holidays: dict[date, str] = _named(holidays)
        self._working: dict[date, str] = _named(working_days)
        both = sorted(set(self._holidays) & set(self._working))
        if both:
            raise ValueError(f"{both[0].isoformat()} is both a holiday and a working day")
        self.years: frozenset[int] = frozenset(years)
        self.notices: dict[int, Notice] = {}
        self.updated = updated
        self.source = source
        # Why a county's override table was not used (None when it was, or there is none).
        self.problem: HolidayTableError | None = None
        # Only the days that change the plain weekday rule matter when counting.
        self._weekday_holidays = sorted(d.toordinal() for d in self._holidays if d.weekday() < 5)
        self._weekend_working = sorted(d.toordinal() for d in self._working if d.weekday() >= 5)

    @classmethod
    def from_notices(
        cls, notices: Iterable[Notice], *, updated: date | None = None, source: str = ""
    ) -> HolidayCalendar:
        """A calendar of several years' notices; ``ValueError`` when two notices (or a
        holiday and a working day) claim the same date."""
        by_year = {n.year: n for n in notices}
        holidays: dict[date, str] = {}
        working: dict[date, str] = {}
        for notice in by_year.values():
            for days, into in ((notice.holidays, holidays), (notice.working_days, working)):
                for day, name in days.items():
                    if day in holidays or day in working:
                        raise ValueError(f"{day.isoformat()} is listed by two entries")
                    into[day] = name
        calendar = cls(holidays, working, by_year, updated=updated, source=source)
        calendar.notices = by_year
        return calendar

    def __repr__(self) -> str:
        span = f"{min(self.years)}-{max(self.years)}" if self.years else "no years"
        return f"HolidayCalendar({span}, source={self.source!r})"

    # -- single days -------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        if day in self._working:
            return True
        if day in self._holidays:
            return False
        return day.weekday() < 5

    def covers(self, day: date) -> bool:
        """Whether the table knows the holidays of ``day``'s year."""
        return day.year in self.years

    def is_provisional(self, day: date) -> bool:
        """Whether ``day``'s year is in the table only provisionally (no official notice yet)."""
        notice = self.notices.get(day.year)
        return notice is not None and notice.status == "provisional"

    def holiday_name(self, day: date) -> str | None:
        """The festival that makes ``day`` a holiday or a make-up working day, if any."""
        return self._holidays.get(day) or self._working.get(day) or None

    def warning(self, day: date, lang: str | None = None) -> str | None:
        """A message for people when counting through ``day`` is not backed by an official
        notice (year not in the table, or provisional); ``None`` when all is well."""
        if not self.covers(day):
            return tr(MSG_NOT_COVERED, lang, year=day.year)
        if self.is_provisional(day):
            return tr(MSG_PROVISIONAL, lang, year=day.year)
        return None

    # -- counting ----------------------------------------------------------------------

    def roll_forward(self, day: date) -> date:
        """``day`` itself when it is a working day, otherwise the next working day."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        ``n == 0`` returns ``start`` unchanged. ``working_days_between(start, result) == n``.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is
        before ``start`` (``between(a, b) == -between(b, a)``)."""
        if end < start:
            return -self.working_days_between(end, start)
        lo, hi = start.toordinal(), end.toordinal()
        count = _weekdays_through(hi) - _weekdays_through(lo)
        count -= _count_in(self._weekday_holidays, lo, hi)
        count += _count_in(self._weekend_working, lo, hi)
        return count


def _named(days: Mapping[date, str] | Iterable[date]) -> dict[date, str]:
    if isinstance(days, Mapping):
        return dict(days)
    return {d: "" for d in days}


def _weekdays_through(ordinal: int) -> int:
    """Monday-to-Friday days with ordinal 1..``ordinal`` (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _count_in(ordinals: list[int], lo: int, hi: int) -> int:
    """How many of the sorted ``ordinals`` lie in ``(lo, hi]``."""
    return bisect.bisect_right(ordinals, hi) - bisect.bisect_right(ordinals, lo)


# -- the table file --------------------------------------------------------------------


def bundled_table_path() -> Path:
    return resource_path(HOLIDAY_DIR, TABLE_NAME)


def override_table_path(data_dir: str | os.PathLike[str]) -> Path:
    """Where a county administrator puts a newer table: ``<data dir>/holidays/cn.json``."""
    return Path(data_dir) / HOLIDAY_DIR / TABLE_NAME


def load_table(path: str | os.PathLike[str]) -> HolidayCalendar:
    """Read one table file; raises :class:`HolidayTableError` saying what is wrong."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise HolidayTableError(name, "the file is not UTF-8 text") from None
    except OSError as exc:
        raise HolidayTableError(name, f"the file cannot be read ({exc.strerror})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HolidayTableError(
            name, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return _parse(raw, name)


def _parse(raw: Any, name: str) -> HolidayCalendar:
    def fail(where: str, what: str) -> HolidayTableError:
        return HolidayTableError(name, f"{where}: {what}" if where else what)

    if not isinstance(raw, dict):
        raise fail("", "the file must hold a JSON object")
    if raw.get("format") != TABLE_FORMAT:
        raise fail("format", f"must be {TABLE_FORMAT}, found {raw.get('format')!r}")
    updated = None
    if raw.get("updated") is not None:
        updated = _date(raw["updated"], "updated", fail)
    years_raw = raw.get("years")
    if not isinstance(years_raw, dict) or not years_raw:
        raise fail("years", "must be a non-empty object of years")
    notices = [_notice(key, entry, fail) for key, entry in years_raw.items()]
    try:
        return HolidayCalendar.from_notices(notices, updated=updated, source=name)
    except ValueError as exc:
        raise fail("years", str(exc)) from None


def _notice(key: Any, entry: Any, fail: Any) -> Notice:
    where = f"years.{key}"
    if not (isinstance(key, str) and key.isdigit() and len(key) == 4):
        raise fail(where, "a year must be written as four digits")
    year = int(key)
    if not isinstance(entry, dict):
        raise fail(where, "must be an object")
    status = entry.get("status", "official")
    if status not in ("official", "provisional"):
        raise fail(f"{where}.status", f"must be official or provisional, found {status!r}")
    source = entry.get("source", [])
    if isinstance(source, str):
        source = [source]
    if not (isinstance(source, list) and all(isinstance(s, str) for s in source)):
        raise fail(f"{where}.source", "must be a text or a list of texts")
    # A notice may reach into the previous December (元旦 periods such as 2018-12-30).
    earliest, latest = date(year - 1, 12, 1), date(year, 12, 31)

    def day_of(value: Any, at: str) -> date:
        day = _date(value, at, fail)
        if not earliest <= day <= latest:
            raise fail(at, f"{day.isoformat()} is outside the notice year {year}")
        return day

    holidays: dict[date, str] = {}
    periods = entry.get("holidays", [])
    if not isinstance(periods, list):
        raise fail(f"{where}.holidays", "must be a list")
    for i, period in enumerate(periods):
        at = f"{where}.holidays[{i}]"
        if not isinstance(period, dict):
            raise fail(at, "must be an object with name, first and last")
        label = _name(period.get("name"), f"{at}.name", fail)
        first = day_of(period.get("first"), f"{at}.first")
        last = day_of(period.get("last"), f"{at}.last")
        if last < first:
            raise fail(at, "last is before first")
        if (last - first).days >= _MAX_PERIOD_DAYS:
            raise fail(at, f"a holiday of more than {_MAX_PERIOD_DAYS} days")
        day = first
        while day <= last:
            if day in holidays:
                raise fail(at, f"{day.isoformat()} is listed twice")
            holidays[day] = label
            day += timedelta(days=1)

    working: dict[date, str] = {}
    days = entry.get("working_days", [])
    if not isinstance(days, list):
        raise fail(f"{where}.working_days", "must be a list")
    for i, item in enumerate(days):
        at = f"{where}.working_days[{i}]"
        if not isinstance(item, dict):
            raise fail(at, "must be an object with date and name")
        label = _name(item.get("name"), f"{at}.name", fail)
        day = day_of(item.get("date"), f"{at}.date")
        if day.weekday() < 5:
            raise fail(at, f"{day.isoformat()} is a weekday: only weekend days need listing")
        if day in working or day in holidays:
            raise fail(at, f"{day.isoformat()} is listed twice")
        working[day] = label
    return Notice(year, status, tuple(source), holidays, working)


def _date(value: Any, at: str, fail: Any) -> date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise fail(at, f"{value!r} is not a date written YYYY-MM-DD")


def _name(value: Any, at: str, fail: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(at, "a name is required")
    return value.strip()


def _newer(candidate: HolidayCalendar, than: HolidayCalendar) -> bool:
    """The override wins when it reaches a later year, or the same last year with a later
    ``updated`` date (a corrected or confirmed table)."""

    def key(calendar: HolidayCalendar) -> tuple[int, date]:
        return (max(calendar.years, default=0), calendar.updated or date.min)

    return key(candidate) > key(than)


@functools.cache
def default_calendar() -> HolidayCalendar:
    """The bundled official table (``resources/holidays/cn.json``)."""
    return load_table(bundled_table_path())


def load_calendar(data_dir: str | os.PathLike[str] | None = None) -> HolidayCalendar:
    """The calendar to count with: the bundled table, or ``<data_dir>/holidays/cn.json`` when
    that file is newer (its years replace the bundled ones; years it lacks stay bundled).

    A broken override never stops the app: the bundled table is returned with ``problem`` set
    to the :class:`HolidayTableError` for the UI or the command line to show.
    """
    bundled = default_calendar()
    if data_dir is None:
        return bundled
    path = override_table_path(data_dir)
    if not path.exists():
        return bundled
    try:
        override = load_table(path)
        if not _newer(override, bundled):
            return bundled
        kept = [n for y, n in bundled.notices.items() if y not in override.years]
        try:
            return HolidayCalendar.from_notices(
                [*kept, *override.notices.values()],
                updated=override.updated,
                source=override.source,
            )
        except ValueError as exc:
            raise HolidayTableError(str(path), str(exc)) from None
    except HolidayTableError as exc:
        fallback = HolidayCalendar.from_notices(
            bundled.notices.values(), updated=bundled.updated, source=bundled.source
        )
        fallback.problem = exc
        return fallback
