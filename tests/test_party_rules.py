"""党员双报到 rules: feedback periods, service hours, points from the settings, totals per
period and the members below the yearly hours threshold."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridapp.models.errors import ValidationError
from gridapp.models.party_rules import (
    MAX_HOURS_PER_ACTIVITY,
    Participation,
    PartySettings,
    Period,
    PeriodKind,
    Totals,
    below_threshold,
    check_hours,
    period_of,
    periods_of_year,
    points_for,
    totals,
    yearly_hours,
)

Q, H, Y = PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
quarter_hours = st.integers(min_value=1, max_value=4 * MAX_HOURS_PER_ACTIVITY).map(lambda q: q / 4)


def chinese(error: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return error.value.messages("zh_CN")[field]


# -- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "code", "start", "end"),
    [
        (Period(Q, 2026, 1), "2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        (Period(Q, 2026, 2), "2026Q2", date(2026, 4, 1), date(2026, 6, 30)),
        (Period(Q, 2026, 3), "2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
        (Period(Q, 2026, 4), "2026Q4", date(2026, 10, 1), date(2026, 12, 31)),
        (Period(H, 2026, 1), "2026H1", date(2026, 1, 1), date(2026, 6, 30)),
        (Period(H, 2026, 2), "2026H2", date(2026, 7, 1), date(2026, 12, 31)),
        (Period(Y, 2026, 1), "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_codes_and_bounds(period: Period, code: str, start: date, end: date) -> None:
    assert period.code() == str(period) == code
    assert (period.start(), period.end()) == (start, end)
    assert Period.parse(code) == period


def test_leap_years_change_nothing_but_february() -> None:
    # Q1 ends on 03-31 whatever February holds; the days in it differ
    for year, days_in_q1 in [(2024, 91), (2025, 90), (2028, 91), (2100, 90), (2000, 91)]:
        q1 = Period(Q, year, 1)
        assert q1.end() == date(year, 3, 31)
        assert (q1.end() - q1.start()).days + 1 == days_in_q1
    assert period_of(date(2024, 2, 29), Q) == Period(Q, 2024, 1)
    assert period_of(date(2028, 2, 29), H).code() == "2028H1"
    assert period_of(date(2024, 2, 29), Y).code() == "2024"


def test_period_of_at_the_boundaries() -> None:
    assert period_of(date(2026, 3, 31), Q).code() == "2026Q1"
    assert period_of(date(2026, 4, 1), Q).code() == "2026Q2"
    assert period_of(date(2026, 6, 30), H).code() == "2026H1"
    assert period_of(date(2026, 7, 1), H).code() == "2026H2"
    assert period_of(date(2025, 12, 31), Q).code() == "2025Q4"
    assert period_of(date(2026, 1, 1), Q).code() == "2026Q1"
    assert period_of(date(2026, 5, 5), "half").code() == "2026H1"  # the setting's text works


def test_parse_is_forgiving_about_case_and_spaces_only() -> None:
    assert Period.parse(" 2026q3 ") == Period(Q, 2026, 3)
    assert Period.parse("2026h2") == Period(H, 2026, 2)


@pytest.mark.parametrize(
    "text", ["", "2026Q0", "2026Q5", "2026H3", "2026H0", "26Q1", "2026-Q1", "2026Y", "Q3", "0000"]
)
def test_bad_period_codes_are_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValueError) as error:
        Period.parse(text)
    assert isinstance(error.value, ValidationError)
    assert "2026Q3" in error.value.messages("zh_CN")["period"]
    assert "周期" in error.value.messages("zh_CN")["period"]


def test_bad_periods_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        Period(Q, 2026, 5)
    with pytest.raises(ValueError):
        Period(Y, 2026, 2)
    with pytest.raises(ValueError):
        Period("month", 2026, 1)  # type: ignore[arg-type]


def test_next_and_previous_cross_the_year() -> None:
    assert Period(Q, 2025, 4).next() == Period(Q, 2026, 1)
    assert Period(Q, 2026, 1).previous() == Period(Q, 2025, 4)
    assert Period(H, 2026, 1).next() == Period(H, 2026, 2)
    assert Period(Y, 2026).next() == Period(Y, 2027)
    assert [p.code() for p in periods_of_year(2026, H)] == ["2026H1", "2026H2"]
    assert sorted(periods_of_year(2026, Q), reverse=True)[0] == Period(Q, 2026, 4)


@given(days, st.sampled_from(list(PeriodKind)))
def test_every_day_lies_in_exactly_its_period(day: date, kind: PeriodKind) -> None:
    period = period_of(day, kind)
    assert period.start() <= day <= period.end()
    assert period.contains(day)
    assert Period.parse(period.code()) == period
    # periods of a kind tile the calendar: no gap, no overlap
    assert period.next().start() == period.end() + timedelta(days=1)
    assert period.previous().end() == period.start() - timedelta(days=1)
    assert period_of(period.end() + timedelta(days=1), kind) == period.next()


@given(st.integers(min_value=1900, max_value=2200), st.sampled_from(list(PeriodKind)))
def test_the_periods_of_a_year_cover_it(year: int, kind: PeriodKind) -> None:
    periods = periods_of_year(year, kind)
    assert periods[0].start() == date(year, 1, 1)
    assert periods[-1].end() == date(year, 12, 31)
    covered = sum((p.end() - p.start()).days + 1 for p in periods)
    assert covered == (date(year + 1, 1, 1) - date(year, 1, 1)).days


# -- hours ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "hours"),
    [(1, 1.0), (0.25, 0.25), (1.5, 1.5), ("2.75", 2.75), (" 3 ", 3.0), (24, 24.0), ("24.00", 24.0)],
)
def test_hours_in_quarter_hours_are_accepted(value: object, hours: float) -> None:
    assert check_hours(value) == hours


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "大于 0"),
        ("0", "大于 0"),
        (-1, "大于 0"),
        (-0.25, "大于 0"),
        (24.25, "24"),
        (100, "24"),
        (1e9, "24"),
        (1.1, "0.25"),
        ("0.1", "0.25"),
        (2.33, "0.25"),
        ("abc", "数字"),
        ("", "数字"),
        ("1,5", "数字"),
        (float("nan"), "数字"),
        (float("inf"), "数字"),
        ("-inf", "数字"),
        (True, "数字"),
        (None, "数字"),
        ([1], "数字"),
    ],
)
def test_bad_hours_are_refused_in_chinese(value: object, words: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_hours(value)
    message = chinese(error, "hours")
    assert "服务时长" in message
    assert words in message


def test_the_hours_error_names_the_field_it_is_given() -> None:
    with pytest.raises(ValidationError) as error:
        check_hours(-2, field="participants[3].hours")
    assert list(error.value.messages()) == ["participants[3].hours"]


def test_absurd_hours_show_as_written() -> None:
    with pytest.raises(ValidationError) as error:
        check_hours("100")
    assert chinese(error, "hours") == "一次活动的服务时长不能超过 24 小时，填写的是 100 小时。"


@given(quarter_hours)
def test_every_quarter_hour_up_to_24_is_accepted(hours: float) -> None:
    assert check_hours(hours) == hours
    assert check_hours(str(hours)) == hours


# -- settings and points ----------------------------------------------------------------------


def test_default_settings() -> None:
    settings = PartySettings()
    assert settings.yearly_hours_threshold == 50.0
    assert settings.feedback_period is PeriodKind.QUARTER
    assert settings.points_per_hour == 1.0
    assert settings.activity_bonus == 0.0


def test_settings_round_trip_through_json() -> None:
    settings = PartySettings(120, PeriodKind.HALF, 2.5, 1.0)
    stored = json.dumps(settings.settings())
    assert json.loads(stored) == {
        "yearly_hours_threshold": 120.0,
        "feedback_period": "half",
        "points_per_hour": 2.5,
        "activity_bonus": 1.0,
    }
    assert PartySettings.from_settings(json.loads(stored)) == settings
    assert PartySettings.from_settings({}) == PartySettings()


def test_settings_take_text_and_ignore_unknown_keys() -> None:
    settings = PartySettings.from_settings(
        {"yearly_hours_threshold": "60", "feedback_period": "year", "star_levels": [1, 2]}
    )
    assert settings == PartySettings(60.0, PeriodKind.YEAR)


@given(
    st.floats(min_value=0, max_value=366 * 24),
    st.sampled_from(list(PeriodKind)),
    st.floats(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=100),
)
def test_any_good_settings_round_trip(
    threshold: float, kind: PeriodKind, per_hour: float, bonus: float
) -> None:
    settings = PartySettings(threshold, kind, per_hour, bonus)
    assert PartySettings.from_settings(json.loads(json.dumps(settings.settings()))) == settings


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"yearly_hours_threshold": -1}, "yearly_hours_threshold", "0 到 8784"),
        ({"yearly_hours_threshold": 9000}, "yearly_hours_threshold", "0 到 8784"),
        ({"yearly_hours_threshold": "fifty"}, "yearly_hours_threshold", "数字"),
        ({"yearly_hours_threshold": None}, "yearly_hours_threshold", "数字"),
        ({"yearly_hours_threshold": True}, "yearly_hours_threshold", "数字"),
        ({"yearly_hours_threshold": float("nan")}, "yearly_hours_threshold", "数字"),
        ({"points_per_hour": -0.5}, "points_per_hour", "0 到 100"),
        ({"points_per_hour": 1000}, "points_per_hour", "0 到 100"),
        ({"activity_bonus": -1}, "activity_bonus", "0 到 100"),
        ({"feedback_period": "month"}, "feedback_period", "quarter"),
        ({"feedback_period": ""}, "feedback_period", "反馈周期"),
    ],
)
def test_bad_settings_are_refused_in_chinese(
    values: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as error:
        PartySettings.from_settings(values)
    assert words in chinese(error, field)


def test_every_bad_setting_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as error:
        PartySettings(-1, "weekly", -2, 500)  # type: ignore[arg-type]
    assert set(error.value.messages()) == {
        "yearly_hours_threshold",
        "feedback_period",
        "points_per_hour",
        "activity_bonus",
    }


def test_points_are_hours_times_the_rate() -> None:
    assert points_for(2, PartySettings()) == 2.0
    assert points_for(1.5, PartySettings(points_per_hour=2)) == 3.0
    assert points_for(3, PartySettings(points_per_hour=0)) == 0.0


def test_points_add_the_bonus_once_per_activity() -> None:
    settings = PartySettings(points_per_hour=2, activity_bonus=5)
    assert points_for(0.5, settings) == 6.0
    assert points_for(4, settings) == 13.0


def test_points_are_rounded_half_up_to_cents() -> None:
    assert points_for(1.25, PartySettings(points_per_hour=0.3)) == 0.38  # 0.375
    assert points_for(0.25, PartySettings(points_per_hour=0.1)) == 0.03  # 0.025
    assert points_for(0.75, PartySettings(points_per_hour=1.1)) == 0.83  # 0.825


def test_points_refuse_bad_hours() -> None:
    with pytest.raises(ValidationError):
        points_for(-1, PartySettings())
    with pytest.raises(ValidationError):
        points_for(30, PartySettings())


@given(quarter_hours, st.integers(0, 100), st.integers(0, 40))
def test_points_are_exact_for_whole_rates(hours: float, per_hour: int, bonus: int) -> None:
    settings = PartySettings(points_per_hour=per_hour, activity_bonus=bonus)
    assert points_for(hours, settings) == hours * per_hour + bonus  # quarters: exact


@given(quarter_hours, st.floats(0, 100), st.floats(0, 100))
def test_points_grow_with_hours(hours: float, per_hour: float, bonus: float) -> None:
    settings = PartySettings(points_per_hour=per_hour, activity_bonus=bonus)
    points = points_for(hours, settings)
    assert abs(points - (hours * per_hour + bonus)) <= 0.005 + 1e-9
    assert points == round(points, 2)
    if hours + 0.25 <= MAX_HOURS_PER_ACTIVITY:
        assert points_for(hours + 0.25, settings) >= points


# -- totals across period boundaries ----------------------------------------------------------


def p(member: str, day: date, hours: float, points: float | None = None) -> Participation:
    return Participation(member, day, hours, hours if points is None else points)


def test_an_activity_on_03_31_counts_in_q1_and_on_04_01_in_q2() -> None:
    items = [p("a", date(2026, 3, 31), 2), p("a", date(2026, 4, 1), 3), p("b", date(2026, 4, 1), 1)]
    assert totals(items, Period(Q, 2026, 1)) == {"a": Totals(1, 2.0, 2.0)}
    assert totals(items, Period(Q, 2026, 2)) == {"a": Totals(1, 3.0, 3.0), "b": Totals(1, 1, 1)}
    assert totals(items, Period(H, 2026, 1)) == {"a": Totals(2, 5.0, 5.0), "b": Totals(1, 1, 1)}


def test_an_activity_on_12_31_counts_in_its_year_and_on_01_01_in_the_next() -> None:
    items = [p("a", date(2025, 12, 31), 4, 8), p("a", date(2026, 1, 1), 1.5, 3)]
    assert totals(items, Period(Q, 2025, 4)) == {"a": Totals(1, 4.0, 8.0)}
    assert totals(items, Period(H, 2025, 2)) == {"a": Totals(1, 4.0, 8.0)}
    assert totals(items, Period(Y, 2025)) == {"a": Totals(1, 4.0, 8.0)}
    assert totals(items, Period(Q, 2026, 1)) == {"a": Totals(1, 1.5, 3.0)}
    assert totals(items, Period(Y, 2026)) == {"a": Totals(1, 1.5, 3.0)}


def test_leap_day_activities_count_in_february_s_quarter() -> None:
    items = [p("a", date(2024, 2, 29), 2), p("a", date(2028, 2, 29), 3)]
    assert totals(items, Period(Q, 2024, 1)) == {"a": Totals(1, 2.0, 2.0)}
    assert totals(items, Period(Q, 2028, 1)) == {"a": Totals(1, 3.0, 3.0)}
    assert totals(items, Period(Y, 2027)) == {}


def test_totals_list_named_members_with_nothing_as_zero() -> None:
    items = [p("a", date(2026, 5, 1), 2)]
    assert totals(items, Period(Q, 2026, 2), members=["a", "b"]) == {
        "a": Totals(1, 2.0, 2.0),
        "b": Totals(0, 0.0, 0.0),
    }


def test_totals_do_not_drift_with_decimal_points() -> None:
    items = [p("a", date(2026, 7, 1) + timedelta(days=i), 0.25, 0.1) for i in range(30)]
    assert totals(items, Period(Q, 2026, 3)) == {"a": Totals(30, 7.5, 3.0)}


participations = st.lists(
    st.builds(Participation, st.sampled_from(["a", "b", "c"]), days, quarter_hours, quarter_hours),
    max_size=40,
)


@given(participations, st.integers(1990, 2100), st.sampled_from([Q, H]))
def test_the_periods_of_a_year_add_up_to_the_year(
    items: list[Participation], year: int, kind: PeriodKind
) -> None:
    whole = totals(items, Period(Y, year))
    parts = [totals(items, period) for period in periods_of_year(year, kind)]
    for member, total in whole.items():
        inside = [part[member] for part in parts if member in part]
        assert sum(t.activities for t in inside) == total.activities
        assert sum(t.hours for t in inside) == total.hours
        assert sum(t.points for t in inside) == total.points
    assert {m for part in parts for m in part} == set(whole)


@given(participations, st.sampled_from(list(PeriodKind)))
def test_each_participation_is_counted_in_exactly_one_period_of_a_kind(
    items: list[Participation], kind: PeriodKind
) -> None:
    seen = {period_of(item.day, kind) for item in items}
    counted = sum(t.activities for period in seen for t in totals(items, period).values())
    assert counted == len(items)


# -- the yearly threshold ---------------------------------------------------------------------


def test_below_threshold_sums_the_calendar_year() -> None:
    items = [
        p("a", date(2025, 12, 31), 24),  # last year: does not count for 2026
        p("a", date(2026, 1, 1), 20),
        p("a", date(2026, 12, 31), 20),
        p("b", date(2026, 6, 1), 24),
        p("b", date(2026, 6, 2), 24),
        p("b", date(2026, 6, 3), 2),  # exactly 50: enough
        p("c", date(2027, 1, 1), 24),  # next year
        p("c", date(2026, 3, 3), 24),
        p("c", date(2026, 3, 4), 24),
        p("c", date(2026, 3, 5), 1.75),
    ]
    assert below_threshold(items, 2026, PartySettings()) == [("a", 40.0), ("c", 49.75)]
    assert below_threshold(items, 2026, PartySettings(yearly_hours_threshold=40)) == []
    assert below_threshold(items, 2026, PartySettings(yearly_hours_threshold=60)) == [
        ("a", 40.0),
        ("c", 49.75),
        ("b", 50.0),
    ]


def test_below_threshold_includes_members_without_hours_when_given_the_members() -> None:
    items = [p("a", date(2026, 3, 1), 10), p("gone", date(2026, 3, 1), 1)]
    members = ["z", "a", "y", "a"]
    assert below_threshold(items, 2026, PartySettings(), members) == [
        ("y", 0.0),
        ("z", 0.0),
        ("a", 10.0),
    ]
    # without the list only members who took part that year can appear
    assert below_threshold(items, 2026, PartySettings()) == [("gone", 1.0), ("a", 10.0)]
    assert below_threshold([], 2026, PartySettings(), []) == []


def test_a_zero_threshold_lists_nobody() -> None:
    settings = PartySettings(yearly_hours_threshold=0)
    assert below_threshold([], 2026, settings, ["a", "b"]) == []


def test_leap_day_hours_count_in_their_year() -> None:
    items = [p("a", date(2028, 2, 29), 24), p("a", date(2028, 12, 31), 24)]
    assert yearly_hours(items, 2028) == {"a": 48.0}
    assert below_threshold(items, 2028, PartySettings()) == [("a", 48.0)]
    assert below_threshold(items, 2028, PartySettings(yearly_hours_threshold=48)) == []


@given(participations, st.integers(1990, 2100), st.integers(0, 200))
def test_below_threshold_is_exactly_the_members_short_of_it(
    items: list[Participation], year: int, threshold: int
) -> None:
    settings = PartySettings(yearly_hours_threshold=threshold)
    members = ["a", "b", "c", "d"]
    result = below_threshold(items, year, settings, members)
    hours = {m: 0.0 for m in members}
    for item in items:
        if item.day.year == year:
            hours[item.member_id] += item.hours
    assert dict(result) == {m: h for m, h in hours.items() if h < threshold}
    assert [h for _, h in result] == sorted(h for _, h in result)
