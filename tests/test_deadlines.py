"""Petition deadlines (《信访工作条例》 2022) counted as 《民法典》 counts periods."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridapp.models.deadlines import (
    DeadlinePolicy,
    Light,
    PetitionDeadlines,
    max_extension,
    petition_deadlines,
    traffic_light,
)
from gridapp.models.workdays import DayRule, HolidayCalendar, default_calendar

CALENDAR_DAYS = DeadlinePolicy()  # the default: 日 = calendar days, art. 203 roll on
NO_ROLL = DeadlinePolicy(roll_to_working_day=False)
WORKING = DeadlinePolicy(DayRule.WORKING)


def test_the_default_policy() -> None:
    assert CALENDAR_DAYS.rule is DayRule.CALENDAR
    assert CALENDAR_DAYS.roll_to_working_day
    assert CALENDAR_DAYS.calendar is default_calendar()


# -- how a period is counted ------------------------------------------------------------------


def test_the_start_day_is_not_counted() -> None:
    # registered Tuesday 2024-03-05: 15 日 run 3-6 .. 3-20
    assert CALENDAR_DAYS.add(date(2024, 3, 5), 15) == date(2024, 3, 20)


def test_month_ends() -> None:
    assert CALENDAR_DAYS.add(date(2023, 1, 31), 30) == date(2023, 3, 2)  # a Thursday
    assert CALENDAR_DAYS.add(date(2024, 1, 31), 30) == date(2024, 3, 1)  # leap year: a Friday
    # 2025: 1-31 + 30 is Sunday 3-2; the period ends on Monday (民法典 art. 203) ...
    assert CALENDAR_DAYS.add(date(2025, 1, 31), 30) == date(2025, 3, 3)
    assert NO_ROLL.add(date(2025, 1, 31), 30) == date(2025, 3, 2)  # ... unless switched off
    assert CALENDAR_DAYS.add(date(2024, 8, 31), 30) == date(2024, 9, 30)
    assert CALENDAR_DAYS.add(date(2024, 12, 31), 15) == date(2025, 1, 15)


def test_leap_years() -> None:
    # 2024-02-29 + 30 is Saturday 3-30: the period ends on Monday 4-1
    assert CALENDAR_DAYS.add(date(2024, 2, 29), 30) == date(2024, 4, 1)
    assert NO_ROLL.add(date(2024, 2, 29), 30) == date(2024, 3, 30)
    assert CALENDAR_DAYS.add(date(2024, 2, 28), 1) == date(2024, 2, 29)
    assert CALENDAR_DAYS.add(date(2023, 2, 28), 1) == date(2023, 3, 1)
    # 2028 is a leap year beyond the holiday table: weekends only, and the calendar says so
    assert CALENDAR_DAYS.add(date(2028, 1, 31), 30) == date(2028, 3, 1)
    assert CALENDAR_DAYS.add(date(2028, 2, 29), 60) == date(2028, 5, 1)  # Sat 4-29 -> Mon
    assert not CALENDAR_DAYS.calendar.covers(date(2028, 5, 1))


def test_a_period_ending_in_the_spring_festival_ends_after_it() -> None:
    # 2024-01-12 + 30 = Sunday 2-11, inside 春节 (2-10 .. 2-17); Sunday 2-18 is a working day
    assert CALENDAR_DAYS.add(date(2024, 1, 12), 30) == date(2024, 2, 18)
    assert NO_ROLL.add(date(2024, 1, 12), 30) == date(2024, 2, 11)
    # 2024-01-10 + 30 = Friday 2-9 (除夕, a working day in 2024)
    assert CALENDAR_DAYS.add(date(2024, 1, 10), 30) == date(2024, 2, 9)
    # accepted 2024-12-02: 60 日 end on Friday 2025-01-31, 春节; next working day Wed 2-5
    assert CALENDAR_DAYS.add(date(2024, 12, 2), 60) == date(2025, 2, 5)
    # accepted 2024-12-10: 60 日 end on Saturday 2025-02-08, a make-up working day: no roll
    assert CALENDAR_DAYS.add(date(2024, 12, 10), 60) == date(2025, 2, 8)


def test_a_period_ending_in_national_day_ends_after_it() -> None:
    assert CALENDAR_DAYS.add(date(2024, 9, 1), 30) == date(2024, 10, 8)
    assert CALENDAR_DAYS.add(date(2025, 9, 5), 30) == date(2025, 10, 9)  # 10-1 .. 10-8 off
    assert CALENDAR_DAYS.add(date(2024, 8, 30), 30) == date(2024, 9, 29)  # Sunday 上班


def test_working_days_unit() -> None:
    # 异议 5 个工作日 from Friday 2024-09-27: 9-29 (Sunday 上班), 9-30, 10-8, 10-9, 10-10
    assert CALENDAR_DAYS.add(date(2024, 9, 27), 5, "working_days") == date(2024, 10, 10)
    # from Wednesday 2024-02-07: 2-8, 2-9, 2-18 (Sunday 上班), 2-19, 2-20
    assert CALENDAR_DAYS.add(date(2024, 2, 7), 5, "working_days") == date(2024, 2, 20)
    assert NO_ROLL.add(date(2025, 1, 24), 5, "working_days") == date(2025, 2, 7)


def test_the_county_rule_working_days() -> None:
    # 15 工作日 from Friday 2024-09-20: 9-23..27 (5), 9-29 (6), 9-30 (7), 10-8..11 (11),
    # Saturday 10-12 上班 (12), 10-14, 10-15, 10-16 (15)
    assert WORKING.add(date(2024, 9, 20), 15) == date(2024, 10, 16)
    assert WORKING.add(date(2024, 9, 20), 15, "working_days") == date(2024, 10, 16)
    assert WORKING.add(date(2024, 3, 5), 15) == date(2024, 3, 26)


def test_zero_and_bad_arguments() -> None:
    assert CALENDAR_DAYS.add(date(2024, 2, 11), 0) == date(2024, 2, 11)
    with pytest.raises(ValueError):
        CALENDAR_DAYS.add(date(2024, 1, 1), -1)
    with pytest.raises(ValueError):
        CALENDAR_DAYS.add(date(2024, 1, 1), 5, "weeks")


def test_a_policy_with_its_own_calendar() -> None:
    plain = DeadlinePolicy(calendar=HolidayCalendar())
    assert plain.add(date(2024, 1, 12), 30) == date(2024, 2, 12)  # 春节 unknown: Sunday -> Monday


def test_the_setting_round_trips() -> None:
    policy = DeadlinePolicy(DayRule.WORKING, roll_to_working_day=False)
    again = DeadlinePolicy.from_settings(policy.settings())
    assert again.rule is DayRule.WORKING and not again.roll_to_working_day
    assert policy.settings() == {"day_rule": "working", "roll_to_working_day": False}
    default = DeadlinePolicy.from_settings({})
    assert default.rule is DayRule.CALENDAR and default.roll_to_working_day
    with pytest.raises(ValueError):
        DeadlinePolicy.from_settings({"day_rule": "lunar"})


policies = st.sampled_from([CALENDAR_DAYS, NO_ROLL, WORKING])
dates = st.dates(min_value=date(2014, 6, 1), max_value=date(2027, 6, 30))


@given(dates, st.integers(min_value=1, max_value=120))
def test_calendar_days_end_on_the_first_working_day_from_start_plus_n(start: date, n: int) -> None:
    plain_end = start + timedelta(days=n)
    end = CALENDAR_DAYS.add(start, n)
    assert end == CALENDAR_DAYS.calendar.roll_forward(plain_end)
    assert NO_ROLL.add(start, n) == plain_end


@given(dates, st.integers(min_value=1, max_value=120))
def test_working_days_end_on_the_nth_working_day(start: date, n: int) -> None:
    end = WORKING.add(start, n)
    assert WORKING.calendar.is_working_day(end)
    assert WORKING.calendar.working_days_between(start, end) == n


@given(policies, dates, st.integers(min_value=0, max_value=90))
def test_deadlines_never_move_backwards(policy: DeadlinePolicy, start: date, n: int) -> None:
    assert policy.add(start, n) <= policy.add(start, n + 1)
    assert policy.add(start, n) <= policy.add(start + timedelta(days=1), n)
    assert policy.add(start, n) >= start + timedelta(days=n)


# -- the petition rules ------------------------------------------------------------------------


def test_only_registered_gives_the_notify_date() -> None:
    got = petition_deadlines(CALENDAR_DAYS, registered=date(2024, 3, 5))
    assert got == PetitionDeadlines(date(2024, 3, 20), None, None, None, None, None, None)


def test_handle_by_is_60_days_from_acceptance() -> None:
    got = petition_deadlines(CALENDAR_DAYS, registered=date(2024, 3, 1), accepted=date(2024, 3, 4))
    assert got.notify_by == date(2024, 3, 18)  # 3-16 is a Saturday
    assert got.handle_by == date(2024, 5, 6)  # 5-3 is in 劳动节 (5-1 .. 5-5)
    assert NO_ROLL.add(date(2024, 3, 4), 60) == date(2024, 5, 3)


def test_an_extension_replaces_the_due_date() -> None:
    accepted = date(2024, 3, 1)
    due = petition_deadlines(CALENDAR_DAYS, registered=accepted, accepted=accepted).handle_by
    assert due == date(2024, 4, 30)  # a Tuesday before 劳动节
    limit = max_extension(CALENDAR_DAYS, due)
    assert limit == date(2024, 5, 30)
    extended = petition_deadlines(
        CALENDAR_DAYS, registered=accepted, accepted=accepted, extended_until=date(2024, 5, 20)
    )
    assert extended.handle_by == date(2024, 5, 20)
    # an extension that ends in a holiday may go on to the next working day
    assert max_extension(CALENDAR_DAYS, date(2024, 9, 1)) == date(2024, 10, 8)


def test_objection_is_five_working_days_whatever_the_county_rule() -> None:
    for policy in (CALENDAR_DAYS, NO_ROLL, WORKING):
        got = petition_deadlines(
            policy, registered=date(2024, 9, 27), transferred_in=date(2024, 9, 27)
        )
        assert got.objection_by == date(2024, 10, 10)
    spring = petition_deadlines(
        CALENDAR_DAYS, registered=date(2025, 1, 24), transferred_in=date(2025, 1, 24)
    )
    assert spring.objection_by == date(2025, 2, 7)


def test_review_and_recheck_windows() -> None:
    got = petition_deadlines(
        CALENDAR_DAYS,
        registered=date(2024, 1, 2),
        accepted=date(2024, 1, 3),
        replied=date(2024, 2, 20),
        review_requested=date(2024, 3, 8),
        review_answered=date(2024, 4, 1),
        recheck_requested=date(2024, 4, 25),
    )
    assert got.review_request_by == date(2024, 3, 21)  # 2-20 + 30 in a leap year
    assert got.review_answer_by == date(2024, 4, 7)  # a Sunday, but 清明节's make-up day
    assert got.recheck_request_by == date(2024, 5, 6)  # 5-1 is 劳动节 (5-1 .. 5-5)
    assert got.recheck_answer_by == date(2024, 5, 27)  # 5-25 is a Saturday


def test_the_county_rule_applies_to_every_n_day_rule() -> None:
    got = petition_deadlines(
        WORKING,
        registered=date(2024, 9, 20),
        accepted=date(2024, 9, 20),
        replied=date(2024, 9, 20),
    )
    assert got.notify_by == date(2024, 10, 16)
    assert got.handle_by == WORKING.calendar.add_working_days(date(2024, 9, 20), 60)
    assert got.review_request_by == WORKING.calendar.add_working_days(date(2024, 9, 20), 30)


# -- traffic lights ------------------------------------------------------------------------------


TODAY = date(2024, 6, 12)


@pytest.mark.parametrize(
    ("due", "done", "light"),
    [
        (TODAY, False, Light.YELLOW),  # due today
        (TODAY - timedelta(days=1), False, Light.RED),  # due yesterday
        (TODAY - timedelta(days=40), False, Light.RED),
        (TODAY + timedelta(days=1), False, Light.YELLOW),
        (TODAY + timedelta(days=3), False, Light.YELLOW),  # the edge of the warning window
        (TODAY + timedelta(days=4), False, Light.GREEN),
        (TODAY - timedelta(days=1), True, Light.NONE),  # done, even if late
        (TODAY, True, Light.NONE),
        (None, False, Light.NONE),
    ],
)
def test_traffic_light(due: date | None, done: bool, light: Light) -> None:
    assert traffic_light(due, TODAY, done=done) is light


def test_traffic_light_warning_window() -> None:
    assert traffic_light(TODAY, TODAY, warn_days=0) is Light.YELLOW
    assert traffic_light(TODAY + timedelta(days=1), TODAY, warn_days=0) is Light.GREEN
    assert traffic_light(TODAY + timedelta(days=7), TODAY, warn_days=7) is Light.YELLOW
    assert Light.RED == "red" and Light("yellow") is Light.YELLOW
    with pytest.raises(ValueError):
        traffic_light(TODAY, TODAY, warn_days=-1)
