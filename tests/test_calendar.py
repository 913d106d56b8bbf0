"""Due dates: month-end clamping, leap years, weekly and biweekly steps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.core.calendar import (
    Frequency,
    add_months,
    days_in_month,
    default_first_due,
    due_dates,
    step,
)

FAST = settings(max_examples=200, deadline=None)


def test_periods_per_year() -> None:
    assert Frequency.MONTHLY.periods_per_year == 12
    assert Frequency.BIWEEKLY.periods_per_year == 26
    assert Frequency.WEEKLY.periods_per_year == 52


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [(2026, 2, 28), (2028, 2, 29), (2100, 2, 28), (2000, 2, 29), (2026, 4, 30), (2026, 12, 31)],
)
def test_days_in_month(year: int, month: int, days: int) -> None:
    assert days_in_month(year, month) == days


def test_month_end_clamps_and_comes_back() -> None:
    start = date(2026, 1, 31)
    assert [add_months(start, k) for k in range(5)] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),  # back to the 31st, not stuck on the 28th
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


def test_month_end_in_a_leap_year() -> None:
    start = date(2028, 1, 31)
    assert add_months(start, 1) == date(2028, 2, 29)
    assert add_months(start, 2) == date(2028, 3, 31)
    assert add_months(date(2027, 12, 30), 2) == date(2028, 2, 29)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2028, 2, 29), 48) == date(2032, 2, 29)


def test_add_months_across_years_and_backwards() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)
    assert add_months(date(2026, 1, 15), 0) == date(2026, 1, 15)


def test_add_months_on_a_given_day() -> None:
    assert add_months(date(2026, 1, 5), 1, day=31) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 5), 2, day=31) == date(2026, 3, 31)
    assert add_months(date(2026, 1, 5), 1, day=20) == date(2026, 2, 20)


def test_weekly_and_biweekly_steps() -> None:
    start = date(2026, 1, 30)
    assert step(start, Frequency.WEEKLY, 1) == date(2026, 2, 6)
    assert step(start, Frequency.WEEKLY, 5) == date(2026, 3, 6)
    assert step(start, Frequency.BIWEEKLY, 1) == date(2026, 2, 13)
    assert step(start, Frequency.BIWEEKLY, 26) == date(2027, 1, 29)  # 364 days
    # Across Feb 29 in a leap year: plain day counts, no clamping.
    assert step(date(2028, 2, 22), Frequency.WEEKLY, 1) == date(2028, 2, 29)
    assert step(date(2028, 2, 22), Frequency.BIWEEKLY, 1) == date(2028, 3, 7)
    # A due day means nothing for weekly steps.
    assert step(start, Frequency.WEEKLY, 1, day=15) == date(2026, 2, 6)


def test_monthly_step_is_add_months() -> None:
    assert step(date(2026, 1, 31), Frequency.MONTHLY, 1) == date(2026, 2, 28)
    assert step(date(2026, 2, 28), Frequency.MONTHLY, 1, day=31) == date(2026, 3, 31)


def test_default_first_due_is_one_period_after_start() -> None:
    assert default_first_due(date(2026, 1, 31), Frequency.MONTHLY) == date(2026, 2, 28)
    assert default_first_due(date(2028, 1, 31), Frequency.MONTHLY) == date(2028, 2, 29)
    assert default_first_due(date(2026, 1, 15), Frequency.MONTHLY) == date(2026, 2, 15)
    assert default_first_due(date(2026, 1, 15), Frequency.MONTHLY, 25) == date(2026, 2, 25)
    assert default_first_due(date(2026, 1, 15), Frequency.WEEKLY) == date(2026, 1, 22)
    assert default_first_due(date(2026, 1, 15), Frequency.BIWEEKLY) == date(2026, 1, 29)


def test_due_dates_monthly_from_the_31st() -> None:
    assert due_dates(date(2026, 1, 31), Frequency.MONTHLY, 4) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_due_dates_keep_the_due_day_after_a_short_month() -> None:
    # First due on Feb 28 because the contract's due day (31) does not exist in February.
    assert due_dates(date(2026, 2, 28), Frequency.MONTHLY, 3, due_day=31) == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_due_dates_start_on_the_contracts_first_due_date() -> None:
    # A contract may put the first due date off the regular due day (a long first period);
    # the first installment is still due on the date the contract names.
    assert due_dates(date(2026, 2, 10), Frequency.MONTHLY, 3, due_day=25) == [
        date(2026, 2, 10),
        date(2026, 3, 25),
        date(2026, 4, 25),
    ]


def test_due_dates_biweekly_and_weekly() -> None:
    assert due_dates(date(2026, 1, 2), Frequency.BIWEEKLY, 3) == [
        date(2026, 1, 2),
        date(2026, 1, 16),
        date(2026, 1, 30),
    ]
    assert due_dates(date(2026, 12, 25), Frequency.WEEKLY, 3) == [
        date(2026, 12, 25),
        date(2027, 1, 1),
        date(2027, 1, 8),
    ]


@FAST
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31)),
    st.integers(min_value=0, max_value=600),
    st.one_of(st.none(), st.integers(min_value=1, max_value=31)),
)
def test_add_months_lands_on_the_anchor_or_the_month_end(
    start: date, months: int, day: int | None
) -> None:
    moved = add_months(start, months, day=day)
    anchor = day if day is not None else start.day
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == min(anchor, days_in_month(moved.year, moved.month))


@FAST
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
    st.sampled_from(list(Frequency)),
    st.integers(min_value=1, max_value=120),
    st.one_of(st.none(), st.integers(min_value=1, max_value=31)),
)
def test_due_dates_strictly_increase(
    first: date, frequency: Frequency, count: int, due_day: int | None
) -> None:
    dates = due_dates(first, frequency, count, due_day=due_day)
    assert len(dates) == count
    assert dates[0] == first
    assert all(a < b for a, b in zip(dates, dates[1:], strict=False))
    if frequency is not Frequency.MONTHLY:
        gap = timedelta(days=7 if frequency is Frequency.WEEKLY else 14)
        assert all(b - a == gap for a, b in zip(dates, dates[1:], strict=False))
