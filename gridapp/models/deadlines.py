"""Petition deadlines under 《信访工作条例》 (2022) and the traffic lights that show them.

The 条例 writes every period as "N 日" except the single "5 个工作日" (art. 23). It does not say
whether 日 means calendar or working days, so that is a county setting (:class:`DayRule`, held by
:class:`DeadlinePolicy`). Periods count the way 《民法典》 counts them:

* art. 201: the day of the event is not counted; the period starts the next day, so "within 15
  日 from 5 March" ends on 20 March (``start + 15``);
* art. 203: when the last day of a calendar-day period is a statutory holiday or rest day, the
  period ends on the first working day after it (``roll_to_working_day``, on by default).

The rules (see ``docs/petition-deadlines.md``):

=====================  ==========================================================  ========
deadline               rule                                                        article
=====================  ==========================================================  ========
受理告知 notify_by      15 日 from registration                                      23
办理 handle_by          60 日 from acceptance; an approved 延期 date replaces it      34
                       (at most 30 日 beyond the due date, :func:`max_extension`)
异议 objection_by       5 个工作日 from receiving a 转送/交办                          23
复查 request / answer   30 日 from receiving the reply / 30 日 from the request      35
复核 request / answer   30 日 from the 复查 answer / 30 日 from the request          36
=====================  ==========================================================  ========
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from gridapp.models.workdays import DayRule, HolidayCalendar, default_calendar

# Units of DeadlinePolicy.add
DAYS = "days"  # 日, counted per the county's DayRule
WORKING_DAYS = "working_days"  # 工作日, always working days
UNITS = (DAYS, WORKING_DAYS)

# The periods of 《信访工作条例》 (2022)
NOTIFY_DAYS = 15  # art. 23: 受理告知
HANDLE_DAYS = 60  # art. 34: 办理
EXTENSION_MAX_DAYS = 30  # art. 34: 延期 at most
OBJECTION_WORKING_DAYS = 5  # art. 23: 异议 against a 转送/交办
REVIEW_REQUEST_DAYS = 30  # art. 35: 复查 may be requested
REVIEW_ANSWER_DAYS = 30  # art. 35: 复查意见 due
RECHECK_REQUEST_DAYS = 30  # art. 36: 复核 may be requested
RECHECK_ANSWER_DAYS = 30  # art. 36: 复核意见 due


class DeadlinePolicy:
    """How "N 日" and "N 个工作日" are counted in this county.

    ``rule``: whether 日 means calendar days (default) or working days. ``calendar``: the
    holiday table (the bundled official one when ``None``). ``roll_to_working_day``: 《民法典》
    art. 203 — a calendar-day period whose last day is a holiday or rest day ends on the next
    working day instead (default on).
    """

    def __init__(
        self,
        rule: DayRule = DayRule.CALENDAR,
        calendar: HolidayCalendar | None = None,
        *,
        roll_to_working_day: bool = True,
    ) -> None:
        self.rule = DayRule(rule)
        self.calendar = calendar if calendar is not None else default_calendar()
        self.roll_to_working_day = roll_to_working_day

    def __repr__(self) -> str:
        return (
            f"DeadlinePolicy(rule={self.rule.value!r}, "
            f"roll_to_working_day={self.roll_to_working_day}, calendar={self.calendar!r})"
        )

    def add(self, start: date, days: int, unit: str = DAYS) -> date:
        """The last day of a period of ``days`` starting the day after ``start``.
        unit "days": 日 per the county rule; unit "working_days": always 工作日.

        A period of 0 days is ``start`` itself.
        """
        if unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
        if days < 0:
            raise ValueError("days must not be negative")
        if days == 0:
            return start
        if unit == WORKING_DAYS or self.rule is DayRule.WORKING:
            return self.calendar.add_working_days(start, days)
        last = start + timedelta(days=days)
        if self.roll_to_working_day:
            last = self.calendar.roll_forward(last)
        return last

    # -- the county setting ----------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """The county setting as plain values (for a settings table or JSON)."""
        return {"day_rule": self.rule.value, "roll_to_working_day": self.roll_to_working_day}

    @classmethod
    def from_settings(
        cls, values: Mapping[str, Any], calendar: HolidayCalendar | None = None
    ) -> DeadlinePolicy:
        """The policy a county setting describes; missing keys take the defaults. A bad
        ``day_rule`` raises ``ValueError``."""
        return cls(
            DayRule(values.get("day_rule", DayRule.CALENDAR.value)),
            calendar,
            roll_to_working_day=bool(values.get("roll_to_working_day", True)),
        )


@dataclass(frozen=True)
class PetitionDeadlines:
    """Every date may be None when it does not apply yet."""

    notify_by: date | None  # 受理告知 (15 日 from registration)
    handle_by: date | None  # 办理 (60 日 from acceptance, or the approved extension date)
    objection_by: date | None  # 异议 (5 工作日 from receiving a 转送/交办)
    review_request_by: date | None  # 复查 may be requested until (30 日 from the reply)
    review_answer_by: date | None  # 复查 answer due (30 日 from the request)
    recheck_request_by: date | None  # 复核 request until (30 日 from the 复查 answer)
    recheck_answer_by: date | None  # 复核 answer due (30 日 from the request)


def petition_deadlines(
    policy: DeadlinePolicy,
    *,
    registered: date,
    accepted: date | None = None,
    transferred_in: date | None = None,
    extended_until: date | None = None,
    replied: date | None = None,
    review_requested: date | None = None,
    review_answered: date | None = None,
    recheck_requested: date | None = None,
) -> PetitionDeadlines:
    """The deadlines that follow from the dates a petition has reached so far.

    ``registered``: 登记 (the day this unit received it); ``accepted``: 受理; ``transferred_in``:
    the day a 转送/交办 reached this unit; ``extended_until``: the approved 延期 date (it replaces
    the 60-day due date); ``replied``: the day the petitioner received the written reply;
    ``review_*`` / ``recheck_*``: 复查 and 复核 requested and answered. Checking that the dates
    are in order and that an extension stays within :func:`max_extension` is the workflow's job.
    """

    def after(start: date | None, days: int, unit: str = DAYS) -> date | None:
        return None if start is None else policy.add(start, days, unit)

    handle_by = extended_until if extended_until is not None else after(accepted, HANDLE_DAYS)
    return PetitionDeadlines(
        notify_by=after(registered, NOTIFY_DAYS),
        handle_by=handle_by,
        objection_by=after(transferred_in, OBJECTION_WORKING_DAYS, WORKING_DAYS),
        review_request_by=after(replied, REVIEW_REQUEST_DAYS),
        review_answer_by=after(review_requested, REVIEW_ANSWER_DAYS),
        recheck_request_by=after(review_answered, RECHECK_REQUEST_DAYS),
        recheck_answer_by=after(recheck_requested, RECHECK_ANSWER_DAYS),
    )


def max_extension(policy: DeadlinePolicy, due: date) -> date:
    """The latest date a 延期 may set: 30 日 beyond the due date (art. 34)."""
    return policy.add(due, EXTENSION_MAX_DAYS)


class Light(enum.StrEnum):
    NONE = "none"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


def traffic_light(
    due: date | None, today: date, *, done: bool = False, warn_days: int = 3
) -> Light:
    """RED: past due and not done; YELLOW: due within ``warn_days`` calendar days (inclusive,
    today counts: with 3, due today, tomorrow, in 2 or in 3 days); GREEN: later; NONE: no due
    date or done."""
    if warn_days < 0:
        raise ValueError("warn_days must not be negative")
    if due is None or done:
        return Light.NONE
    left = (due - today).days
    if left < 0:
        return Light.RED
    if left <= warn_days:
        return Light.YELLOW
    return Light.GREEN
