"""Working days under the official holiday calendar, and the county's override table."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridapp.models.workdays import (
    HolidayCalendar,
    HolidayTableError,
    bundled_table_path,
    default_calendar,
    load_calendar,
    load_table,
    override_table_path,
)

CAL = default_calendar()


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# -- the bundled table ----------------------------------------------------------------------


def test_spring_festival_2024_holidays_and_make_up_sundays() -> None:
    assert not any(CAL.is_working_day(d) for d in days(date(2024, 2, 10), date(2024, 2, 17)))
    assert CAL.is_working_day(date(2024, 2, 4))  # Sunday 上班
    assert CAL.is_working_day(date(2024, 2, 18))  # Sunday 上班
    assert CAL.is_working_day(date(2024, 2, 9))  # 除夕 2024: only "encouraged" off, a work day
    assert CAL.is_working_day(date(2024, 2, 19))
    assert CAL.holiday_name(date(2024, 2, 12)) == "春节"
    assert CAL.holiday_name(date(2024, 2, 18)) == "春节"
    assert CAL.holiday_name(date(2024, 2, 19)) is None


def test_spring_festival_2025_starts_on_new_years_eve() -> None:
    # 2025 onwards: 春节 gains 除夕 (《全国年节及纪念日放假办法》 as revised in November 2024).
    assert not any(CAL.is_working_day(d) for d in days(date(2025, 1, 28), date(2025, 2, 4)))
    assert CAL.is_working_day(date(2025, 1, 26))  # Sunday 上班
    assert CAL.is_working_day(date(2025, 2, 8))  # Saturday 上班
    assert CAL.is_working_day(date(2025, 1, 27))
    assert CAL.is_working_day(date(2025, 2, 5))


def test_spring_festival_2026_nine_days() -> None:
    assert not any(CAL.is_working_day(d) for d in days(date(2026, 2, 15), date(2026, 2, 23)))
    assert CAL.is_working_day(date(2026, 2, 14))  # Saturday 上班
    assert CAL.is_working_day(date(2026, 2, 28))  # Saturday 上班
    assert not CAL.is_provisional(date(2026, 6, 1))  # the 2026 notice was published 2025-11-04


def test_national_day_and_mid_autumn() -> None:
    assert not any(CAL.is_working_day(d) for d in days(date(2024, 10, 1), date(2024, 10, 7)))
    assert CAL.is_working_day(date(2024, 9, 29))  # Sunday 上班
    assert CAL.is_working_day(date(2024, 10, 12))  # Saturday 上班
    # 2023: 中秋节 and 国庆节 together, 9-29 .. 10-6, then a working weekend
    assert not any(CAL.is_working_day(d) for d in days(date(2023, 9, 29), date(2023, 10, 6)))
    assert CAL.is_working_day(date(2023, 10, 7))
    assert CAL.is_working_day(date(2023, 10, 8))
    assert not any(CAL.is_working_day(d) for d in days(date(2025, 10, 1), date(2025, 10, 8)))
    assert CAL.is_working_day(date(2025, 9, 28))
    assert CAL.is_working_day(date(2025, 10, 11))


def test_notices_that_reach_into_december_and_special_days() -> None:
    # The 2019 notice: 元旦 2018-12-30 .. 2019-01-01, Saturday 2018-12-29 上班.
    assert CAL.is_working_day(date(2018, 12, 29))
    assert not CAL.is_working_day(date(2018, 12, 31))  # a Monday off
    assert not CAL.is_working_day(date(2023, 1, 2))  # 元旦 2022-12-31 .. 2023-01-02
    # 2015: 抗战胜利70周年纪念日 9-3 .. 9-5 off, Sunday 9-6 上班.
    assert not CAL.is_working_day(date(2015, 9, 4))
    assert CAL.is_working_day(date(2015, 9, 6))
    # 2020: Spring Festival extended to 2-2; the Saturday 2-1 make-up day was cancelled.
    assert not CAL.is_working_day(date(2020, 1, 31))
    assert not CAL.is_working_day(date(2020, 2, 1))
    assert CAL.is_working_day(date(2020, 2, 3))


def test_the_bundled_table_covers_2015_to_2026() -> None:
    assert CAL.years == frozenset(range(2015, 2027))
    assert CAL.covers(date(2015, 1, 1)) and CAL.covers(date(2026, 12, 31))
    assert not CAL.covers(date(2014, 12, 31)) and not CAL.covers(date(2027, 1, 1))
    assert CAL.problem is None
    assert CAL.warning(date(2025, 5, 1)) is None


def test_years_outside_the_table_follow_the_weekend_rule_and_say_so() -> None:
    assert CAL.is_working_day(date(2027, 2, 8))  # a Monday (whatever the 2027 notice says)
    assert not CAL.is_working_day(date(2027, 2, 6))  # a Saturday
    assert CAL.is_working_day(date(2014, 10, 1))  # before the table: a plain Wednesday
    assert CAL.warning(date(2027, 3, 1), "en") == (
        "The holiday table has no entry for 2027: only weekends are counted as rest days."
    )
    assert "2027" in (CAL.warning(date(2027, 3, 1), "zh_CN") or "")


def test_every_make_up_working_day_is_a_weekend_and_near_a_holiday() -> None:
    for notice in CAL.notices.values():
        assert notice.status == "official" and notice.source
        for day in notice.working_days:
            assert day.weekday() >= 5
            near = [day + timedelta(days=k) for k in range(-14, 15)]
            assert any(d in notice.holidays for d in near), day


# -- counting -------------------------------------------------------------------------------


def test_add_working_days_across_the_spring_festival() -> None:
    assert CAL.add_working_days(date(2024, 2, 8), 1) == date(2024, 2, 9)
    assert CAL.add_working_days(date(2024, 2, 8), 2) == date(2024, 2, 18)  # the make-up Sunday
    assert CAL.add_working_days(date(2024, 2, 8), 3) == date(2024, 2, 19)
    # Friday 2025-01-24: Sun 1-26 (上班), Mon 1-27, [1-28 .. 2-4 off], Wed 2-5, Thu 2-6, Fri 2-7
    assert CAL.add_working_days(date(2025, 1, 24), 5) == date(2025, 2, 7)
    # starting on a holiday counts from the next day all the same
    assert CAL.add_working_days(date(2025, 1, 30), 1) == date(2025, 2, 5)
    assert CAL.add_working_days(date(2025, 1, 30), 0) == date(2025, 1, 30)


def test_add_working_days_across_national_day() -> None:
    # Fri 2024-09-27: Sun 9-29 (上班), Mon 9-30, [10-1 .. 10-7 off], 10-8, 10-9, 10-10
    assert CAL.add_working_days(date(2024, 9, 27), 5) == date(2024, 10, 10)


def test_working_days_between() -> None:
    # February 2024 after the 1st: 20 weekdays, 5 of them 春节, plus the Sundays 2-4 and 2-18
    assert CAL.working_days_between(date(2024, 2, 1), date(2024, 2, 29)) == 17
    assert CAL.working_days_between(date(2024, 2, 29), date(2024, 2, 1)) == -17
    assert CAL.working_days_between(date(2024, 2, 10), date(2024, 2, 17)) == 0
    assert CAL.working_days_between(date(2024, 2, 9), date(2024, 2, 9)) == 0
    # 2024 as a whole: 366 days, 262 weekdays, 19 weekday holidays, 8 make-up days
    assert CAL.working_days_between(date(2023, 12, 31), date(2024, 12, 31)) == 251


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2024, 1, 1), -1)


def test_the_plain_calendar_and_a_hand_made_one() -> None:
    plain = HolidayCalendar()
    assert plain.add_working_days(date(2024, 2, 8), 2) == date(2024, 2, 12)
    assert not plain.covers(date(2024, 1, 1))
    own = HolidayCalendar({date(2030, 1, 2): "x"}, [date(2030, 1, 5)], [2030])
    assert not own.is_working_day(date(2030, 1, 2)) and own.is_working_day(date(2030, 1, 5))
    assert own.covers(date(2030, 6, 1))
    with pytest.raises(ValueError):
        HolidayCalendar([date(2030, 1, 5)], [date(2030, 1, 5)])


def brute_between(calendar: HolidayCalendar, start: date, end: date) -> int:
    return sum(calendar.is_working_day(d) for d in days(start + timedelta(days=1), end))


dates = st.dates(min_value=date(2013, 1, 1), max_value=date(2028, 12, 31))


@given(dates, st.integers(min_value=0, max_value=400))
def test_adding_then_counting_gives_back_n(start: date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    if n:
        assert CAL.is_working_day(end)
        assert CAL.add_working_days(start, n - 1) < end


@given(dates, st.integers(min_value=-120, max_value=400))
def test_between_equals_a_day_by_day_count(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    expected = brute_between(CAL, start, end) if span >= 0 else -brute_between(CAL, end, start)
    assert CAL.working_days_between(start, end) == expected


@given(dates)
def test_roll_forward_finds_the_first_working_day(day: date) -> None:
    rolled = CAL.roll_forward(day)
    assert CAL.is_working_day(rolled)
    assert not any(CAL.is_working_day(d) for d in days(day, rolled - timedelta(days=1)))
    assert (rolled - day).days <= 10  # the longest run of rest days: 2020's Spring Festival


# -- the county's override table -------------------------------------------------------------


def bundled_raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(bundled_table_path().read_text(encoding="utf-8"))
    return data


def write_override(data_dir: Path, data: dict[str, Any] | str) -> Path:
    path = override_table_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


YEAR_2027 = {
    "status": "provisional",
    "source": "a county's own draft before the notice",
    "holidays": [{"name": "春节", "first": "2027-02-06", "last": "2027-02-13"}],
    "working_days": [{"date": "2027-02-14", "name": "春节"}],
}


def test_no_data_dir_or_no_override_means_the_bundled_table(tmp_path: Path) -> None:
    assert load_calendar() is CAL
    assert load_calendar(tmp_path) is CAL
    assert override_table_path(tmp_path) == tmp_path / "holidays" / "cn.json"


def test_a_newer_override_wins_and_keeps_the_bundled_years(tmp_path: Path) -> None:
    data = bundled_raw()
    data["years"]["2027"] = YEAR_2027
    path = write_override(tmp_path, data)
    calendar = load_calendar(tmp_path)
    assert calendar.source == str(path) and calendar.problem is None
    assert calendar.covers(date(2027, 2, 8))
    assert not calendar.is_working_day(date(2027, 2, 8))
    assert calendar.is_working_day(date(2027, 2, 14))  # a Sunday 上班
    assert calendar.is_provisional(date(2027, 2, 8))
    assert "provisional" in (calendar.warning(date(2027, 2, 8), "en") or "")
    assert calendar.is_working_day(date(2024, 2, 18))  # the bundled years are still there


def test_an_override_with_only_the_new_year_adds_it(tmp_path: Path) -> None:
    write_override(tmp_path, {"format": 1, "years": {"2027": YEAR_2027}})
    calendar = load_calendar(tmp_path)
    assert calendar.years == frozenset(range(2015, 2028))
    assert not calendar.is_working_day(date(2027, 2, 8))
    assert not calendar.is_working_day(date(2024, 2, 12))


def test_a_same_year_override_wins_only_when_updated_later(tmp_path: Path) -> None:
    data = bundled_raw()
    data["years"]["2026"]["working_days"].append({"date": "2026-12-26", "name": "test"})
    write_override(tmp_path, data)  # same years, same "updated": not newer
    assert load_calendar(tmp_path) is CAL
    data["updated"] = "2026-03-01"
    write_override(tmp_path, data)
    calendar = load_calendar(tmp_path)
    assert calendar.is_working_day(date(2026, 12, 26))
    assert not CAL.is_working_day(date(2026, 12, 26))


def test_an_older_override_is_ignored(tmp_path: Path) -> None:
    data = bundled_raw()
    del data["years"]["2026"]
    data["updated"] = "2030-01-01"  # a later date does not make an older table newer
    write_override(tmp_path, data)
    assert load_calendar(tmp_path) is CAL


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: "{ not json", "not valid JSON (line 1"),
        (lambda d: [], "must hold a JSON object"),
        (lambda d: {**d, "format": 2}, "format: must be 1"),
        (lambda d: {**d, "years": {}}, "years: must be a non-empty object"),
        (lambda d: {**d, "years": {"27": YEAR_2027}}, "four digits"),
        (
            lambda d: {**d, "years": {"2027": {**YEAR_2027, "status": "draft"}}},
            "years.2027.status: must be official or provisional",
        ),
        (
            lambda d: {
                **d,
                "years": {
                    "2027": {
                        **YEAR_2027,
                        "holidays": [{"name": "春节", "first": "2027-02-30", "last": "2027-03-01"}],
                    }
                },
            },
            "years.2027.holidays[0].first: '2027-02-30' is not a date written YYYY-MM-DD",
        ),
        (
            lambda d: {
                **d,
                "years": {
                    "2027": {
                        **YEAR_2027,
                        "holidays": [{"name": "春节", "first": "2027-02-13", "last": "2027-02-06"}],
                    }
                },
            },
            "last is before first",
        ),
        (
            lambda d: {
                **d,
                "years": {
                    "2027": {
                        **YEAR_2027,
                        "holidays": [{"name": "春节", "first": "2026-02-06", "last": "2026-02-07"}],
                    }
                },
            },
            "2026-02-06 is outside the notice year 2027",
        ),
        (
            lambda d: {
                **d,
                "years": {
                    "2027": {**YEAR_2027, "working_days": [{"date": "2027-02-15", "name": "x"}]}
                },
            },
            "2027-02-15 is a weekday",
        ),
        (
            lambda d: {
                **d,
                "years": {
                    "2027": {**YEAR_2027, "working_days": [{"date": "2027-02-07", "name": "x"}]}
                },
            },
            "2027-02-07 is listed twice",
        ),
        (
            lambda d: {
                **d,
                "years": {"2027": {**YEAR_2027, "holidays": [{"first": "2027-02-06"}]}},
            },
            "holidays[0].name: a name is required",
        ),
    ],
)
def test_a_broken_override_is_reported_and_the_bundled_table_used(
    tmp_path: Path, change: Any, reason: str
) -> None:
    base = {"format": 1, "updated": "2026-12-01", "years": {"2027": YEAR_2027}}
    path = write_override(tmp_path, change(base))
    with pytest.raises(HolidayTableError) as raised:
        load_table(path)
    assert reason in raised.value.reason
    calendar = load_calendar(tmp_path)
    assert calendar.problem is not None and reason in calendar.problem.reason
    assert calendar.source == str(bundled_table_path())
    assert calendar.years == CAL.years and not calendar.covers(date(2027, 1, 1))
    assert calendar.is_working_day(date(2024, 2, 18)) and not calendar.is_working_day(
        date(2024, 2, 12)
    )
    assert str(path) in calendar.problem.text("en")
    assert calendar.problem.text("en").startswith("The holiday table ")
    assert calendar.problem.text("zh_CN").startswith("节假日表")


def test_an_unreadable_override_is_reported(tmp_path: Path) -> None:
    path = override_table_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe not utf-8")
    calendar = load_calendar(tmp_path)
    assert calendar.problem is not None and "not UTF-8" in calendar.problem.reason
    path.unlink()
    path.mkdir()  # a directory where the file should be
    calendar = load_calendar(tmp_path)
    assert calendar.problem is not None and "cannot be read" in calendar.problem.reason


def test_an_override_clashing_with_a_kept_bundled_year_is_reported(tmp_path: Path) -> None:
    # The override replaces 2018 and claims 2018-12-31, which the kept bundled 2019 notice lists
    # (元旦 2018-12-30 .. 2019-01-01).
    year_2018 = {"holidays": [{"name": "元旦", "first": "2018-12-31", "last": "2018-12-31"}]}
    write_override(tmp_path, {"format": 1, "years": {"2018": year_2018, "2027": YEAR_2027}})
    calendar = load_calendar(tmp_path)
    assert calendar.problem is not None
    assert "2018-12-31 is listed by two entries" in calendar.problem.reason
    assert calendar.years == CAL.years
