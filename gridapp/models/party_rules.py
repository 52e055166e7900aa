"""党员双报到 rules (pure, no storage): feedback periods, service hours, points, the yearly
threshold and the community's settings for them.

Local policy differs from place to place (domain notes §2.12): 中江县 feeds back 每季度末,
佛山 每半年, others once a year; 邢台桥西区 asks 每年至少50小时 of service. So the feedback
period (反馈周期), the yearly hours threshold (年度服务时长) and the points rules (积分) are
settings, kept by the store as JSON (:meth:`PartySettings.settings`).

Hours (服务时长) are counted in quarter hours (0.25 h = 15 minutes), more than 0 and at most
24 per activity. Quarter hours are what a sign-in sheet records (半小时, 一刻钟) and every sum
of them is exact in binary floating point, so a total never shows as 49.999999.

See docs/party-rules.md.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.errors import FieldError, ValidationError

MAX_HOURS_PER_ACTIVITY = 24  # activity_participation's CHECK (hours <= 24)
HOURS_STEP = 0.25  # hours are counted in quarter hours
MAX_YEARLY_THRESHOLD = 366 * 24  # more hours than a leap year holds can never be reached
MAX_POINTS_PER_HOUR = 100.0
MAX_ACTIVITY_BONUS = 100.0

MSG_HOURS_NOT_NUMBER = QT_TRANSLATE_NOOP(
    "Messages", "Service hours must be a number of hours, e.g. 1.5; “{value}” is not."
)
MSG_HOURS_NOT_POSITIVE = QT_TRANSLATE_NOOP("Messages", "Service hours must be more than 0.")
MSG_HOURS_TOO_MANY = QT_TRANSLATE_NOOP(
    "Messages", "Service hours cannot exceed {max} in one activity; {value} were given."
)
MSG_HOURS_NOT_QUARTER = QT_TRANSLATE_NOOP(
    "Messages",
    "Service hours are counted in quarter hours (0.25, 0.5, 0.75, 1 …); {value} is not one.",
)
MSG_BAD_PERIOD = QT_TRANSLATE_NOOP(
    "Messages",
    "Not a valid period “{value}”: use a year (2026), a half year (2026H1) or a quarter (2026Q3).",
)
MSG_BAD_PERIOD_KIND = QT_TRANSLATE_NOOP(
    "Messages", "Unknown feedback period “{value}”: use quarter, half or year."
)
MSG_SETTING_NOT_NUMBER = QT_TRANSLATE_NOOP("Messages", "Must be a number; “{value}” is not.")
MSG_SETTING_RANGE = QT_TRANSLATE_NOOP("Messages", "Must be from {min} to {max}; {value} is not.")


class PeriodKind(enum.StrEnum):
    """反馈周期: how often the community reports back to a member's work unit."""

    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


_PERIODS_PER_YEAR = {PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}
_MONTHS = {PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_PERIOD_CODE = re.compile(r"^(\d{4})(?:([QH])(\d))?$")


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _bad_period(value: object) -> ValidationError:
    return ValidationError([FieldError("period", MSG_BAD_PERIOD, {"value": value})])


@dataclass(frozen=True, order=True)
class Period:
    """One feedback period: a quarter (index 1-4), a half year (1-2) or a year (index 1).

    Periods of one kind sort in time order. A bad kind, year or index raises ``ValueError``
    (a :class:`ValidationError` carrying a Chinese message).
    """

    kind: PeriodKind
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        try:
            kind = PeriodKind(self.kind)
        except ValueError:
            raise ValidationError(
                [FieldError("period", MSG_BAD_PERIOD_KIND, {"value": self.kind})]
            ) from None
        object.__setattr__(self, "kind", kind)
        if (
            isinstance(self.year, bool)
            or not isinstance(self.year, int)
            or not isinstance(self.index, int)
            or not 1 <= self.year <= 9999
            or not 1 <= self.index <= _PERIODS_PER_YEAR[kind]
        ):
            raise _bad_period(f"{self.year}/{kind.value}/{self.index}")

    def start(self) -> date:
        """The first day of the period."""
        return date(self.year, (self.index - 1) * _MONTHS[self.kind] + 1, 1)

    def end(self) -> date:
        """The last day of the period (inclusive)."""
        return _month_end(self.year, self.index * _MONTHS[self.kind])

    def code(self) -> str:
        """``2026Q3``, ``2026H1`` or ``2026`` (what party_feedback.period stores)."""
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}Q{self.index}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year:04d}H{self.index}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.code()

    def contains(self, day: date) -> bool:
        return self.start() <= day <= self.end()

    def next(self) -> Period:
        """The period of the same kind that follows this one."""
        if self.index < _PERIODS_PER_YEAR[self.kind]:
            return Period(self.kind, self.year, self.index + 1)
        return Period(self.kind, self.year + 1, 1)

    def previous(self) -> Period:
        """The period of the same kind before this one."""
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, _PERIODS_PER_YEAR[self.kind])

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026Q3`` / ``2026H1`` / ``2026`` (case and surrounding spaces ignored).
        Anything else raises ``ValueError`` (a :class:`ValidationError`)."""
        match = _PERIOD_CODE.match(str(text).strip().upper())
        if match is None:
            raise _bad_period(text)
        year, letter, index = match.groups()
        kind = {None: PeriodKind.YEAR, "Q": PeriodKind.QUARTER, "H": PeriodKind.HALF}[letter]
        try:
            return cls(kind, int(year), int(index) if index else 1)
        except ValidationError:
            raise _bad_period(text) from None


def period_of(day: date, kind: PeriodKind | str) -> Period:
    """The period of ``kind`` that holds ``day``."""
    kind = PeriodKind(kind)
    return Period(kind, day.year, (day.month - 1) // _MONTHS[kind] + 1)


def periods_of_year(year: int, kind: PeriodKind | str) -> list[Period]:
    """Every period of ``kind`` in ``year``, in order."""
    kind = PeriodKind(kind)
    return [Period(kind, year, i) for i in range(1, _PERIODS_PER_YEAR[kind] + 1)]


# -- hours ------------------------------------------------------------------------------------


def _number(value: object) -> Decimal | None:
    """``value`` as a finite Decimal (int, float or text such as "1.5"); None if it is not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Decimal(repr(value))
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def check_hours(value: object, field: str = "hours") -> float:
    """服务时长 of one member in one activity, as a float: more than 0, at most
    :data:`MAX_HOURS_PER_ACTIVITY`, in quarter hours. Accepts a number or text ("1.5").
    Anything else raises :class:`ValidationError` (on ``field``) with a Chinese message."""
    number = _number(value)
    if number is None:
        raise ValidationError([FieldError(field, MSG_HOURS_NOT_NUMBER, {"value": value})])
    if number <= 0:
        raise ValidationError([FieldError(field, MSG_HOURS_NOT_POSITIVE)])
    shown = _plain(number)
    if number > MAX_HOURS_PER_ACTIVITY:
        raise ValidationError(
            [FieldError(field, MSG_HOURS_TOO_MANY, {"max": MAX_HOURS_PER_ACTIVITY, "value": shown})]
        )
    if number % Decimal(str(HOURS_STEP)) != 0:
        raise ValidationError([FieldError(field, MSG_HOURS_NOT_QUARTER, {"value": shown})])
    return float(number)


def _plain(number: Decimal) -> str:
    """A number the way a person writes it: 1.5, 30, 0.1 (no exponent, no trailing zeros)."""
    number = number.normalize()
    return format(number, "f") if number.adjusted() < 15 else str(number)


def _round2(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# -- settings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartySettings:
    """The community's 双报到 settings (meta ``party_settings``).

    ``yearly_hours_threshold``: 年度服务时长 a member should reach in a calendar year (0 = no
    threshold); ``feedback_period``: 反馈周期; points (积分) of one participation are
    ``hours × points_per_hour + activity_bonus``, rounded to 0.01 (see :func:`points_for`).
    Bad values raise :class:`ValidationError` naming every bad setting at once.
    """

    yearly_hours_threshold: float = 50.0
    feedback_period: PeriodKind = PeriodKind.QUARTER
    points_per_hour: float = 1.0
    activity_bonus: float = 0.0

    def __post_init__(self) -> None:
        errors: list[FieldError] = []
        for name, low, high in _NUMBER_SETTINGS:
            raw = getattr(self, name)
            number = _number(raw)
            if number is None:
                errors.append(FieldError(name, MSG_SETTING_NOT_NUMBER, {"value": raw}))
            elif not low <= number <= high:
                errors.append(
                    FieldError(
                        name,
                        MSG_SETTING_RANGE,
                        {"min": _plain(Decimal(low)), "max": _plain(Decimal(high)), "value": raw},
                    )
                )
            else:
                object.__setattr__(self, name, float(number))
        try:
            object.__setattr__(self, "feedback_period", PeriodKind(self.feedback_period))
        except ValueError:
            errors.append(
                FieldError("feedback_period", MSG_BAD_PERIOD_KIND, {"value": self.feedback_period})
            )
        if errors:
            raise ValidationError(errors)

    def settings(self) -> dict[str, Any]:
        """The settings as plain JSON values."""
        return {
            "yearly_hours_threshold": self.yearly_hours_threshold,
            "feedback_period": self.feedback_period.value,
            "points_per_hour": self.points_per_hour,
            "activity_bonus": self.activity_bonus,
        }

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> PartySettings:
        """The settings ``values`` describe; missing keys take the defaults, unknown keys are
        ignored (a newer version's settings). Bad values raise :class:`ValidationError`."""
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in values.items() if k in known})


_NUMBER_SETTINGS: tuple[tuple[str, float, float], ...] = (
    ("yearly_hours_threshold", 0.0, float(MAX_YEARLY_THRESHOLD)),
    ("points_per_hour", 0.0, MAX_POINTS_PER_HOUR),
    ("activity_bonus", 0.0, MAX_ACTIVITY_BONUS),
)


# -- points -----------------------------------------------------------------------------------


def points_for(hours: float, settings: PartySettings) -> float:
    """积分 of one member's part in one activity: ``hours × points_per_hour + activity_bonus``,
    rounded half up to 0.01. ``hours`` is checked with :func:`check_hours` first."""
    checked = Decimal(repr(check_hours(hours)))
    raw = checked * Decimal(repr(settings.points_per_hour)) + Decimal(repr(settings.activity_bonus))
    return _round2(raw)


# -- totals and the threshold -----------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    """What the totals need of one member's part in one activity (one row of
    activity_participation, dated by its activity)."""

    member_id: str
    day: date
    hours: float
    points: float


@dataclass(frozen=True)
class Totals:
    """参加活动次数, 服务时长合计 and 积分 of one member in one period."""

    activities: int = 0
    hours: float = 0.0
    points: float = 0.0


def totals(
    items: Iterable[Participation], period: Period, members: Iterable[str] = ()
) -> dict[str, Totals]:
    """Per member, the participations whose day lies in ``period`` (both ends included).
    Members named in ``members`` with nothing in the period get zero totals; otherwise only
    members with a participation in the period appear. Sums are rounded to 0.01."""
    start, end = period.start(), period.end()
    count: dict[str, int] = {m: 0 for m in members}
    hours: dict[str, Decimal] = {m: Decimal(0) for m in count}
    points: dict[str, Decimal] = {m: Decimal(0) for m in count}
    for item in items:
        if not start <= item.day <= end:
            continue
        key = item.member_id
        count[key] = count.get(key, 0) + 1
        hours[key] = hours.get(key, Decimal(0)) + Decimal(repr(float(item.hours)))
        points[key] = points.get(key, Decimal(0)) + Decimal(repr(float(item.points)))
    return {m: Totals(count[m], _round2(hours[m]), _round2(points[m])) for m in count}


def yearly_hours(
    items: Iterable[Participation], year: int, members: Iterable[str] = ()
) -> dict[str, float]:
    """年度服务时长: hours per member over the calendar year ``year``."""
    year_totals = totals(items, Period(PeriodKind.YEAR, year), members)
    return {member: t.hours for member, t in year_totals.items()}


def below_threshold(
    items: Iterable[Participation],
    year: int,
    settings: PartySettings,
    members: Iterable[str] | None = None,
) -> list[tuple[str, float]]:
    """Members whose hours over the calendar year ``year`` are below the settings' yearly
    threshold, as (member, hours), fewest hours first (then by member).

    With ``members`` (e.g. everyone who has reported and not 注销), only those members are
    judged and a member without any participation counts with 0 hours; without it, only
    members who took part in something that year can appear. Reaching the threshold exactly
    is enough. A threshold of 0 lists nobody.
    """
    threshold = settings.yearly_hours_threshold
    judged = None if members is None else list(dict.fromkeys(members))
    hours = yearly_hours(items, year, judged or ())
    if judged is not None:
        hours = {m: hours[m] for m in judged}
    below = [(m, h) for m, h in hours.items() if h < threshold]
    return sorted(below, key=lambda pair: (pair[1], pair[0]))
