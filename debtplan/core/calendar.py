"""Due dates: month arithmetic with month-end clamping, weekly and biweekly steps."""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta
from enum import StrEnum


class Frequency(StrEnum):
    """How often installments fall due."""

    MONTHLY = "monthly"
    BIWEEKLY = "biweekly"
    WEEKLY = "weekly"

    @property
    def periods_per_year(self) -> int:
        """12, 26 or 52: the divisor of the annual rate for one period."""
        return {"monthly": 12, "biweekly": 26, "weekly": 52}[self.value]


# The calendar ends on 9999-12-31, the last day a date can hold. A loan's last due date,
# and the day debtplan computes as of, must leave a year after them: for a year of
# penalty and for what debtplan looks ahead (docs/conventions.md "Due dates").
LAST_DUE_LIMIT = date(9998, 12, 31)

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """Number of days in the month (28-31)."""
    if month == 2 and _stdlib_calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(start: date, months: int, *, day: int | None = None) -> date:
    """``start`` moved by ``months`` calendar months, on ``day`` (default: start's day).

    The day is clamped to the month's last day, and the anchor day is kept, so
    that a loan due on the 31st falls due Jan 31, Feb 28 (29 in a leap year), Mar 31.
    """
    anchor = day if day is not None else start.day
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(anchor, days_in_month(year, month)))


def step(start: date, frequency: Frequency, periods: int, *, day: int | None = None) -> date:
    """The date ``periods`` periods after ``start`` (monthly clamped as in :func:`add_months`)."""
    if frequency is Frequency.MONTHLY:
        return add_months(start, periods, day=day)
    days = 14 if frequency is Frequency.BIWEEKLY else 7
    return start + timedelta(days=days * periods)


def default_first_due(start: date, frequency: Frequency, due_day: int | None = None) -> date:
    """One period after the disbursement date: same day of month (clamped), or ``due_day``.

    A lender that fixes a due day bills on it in the month after disbursement.
    """
    return step(start, frequency, 1, day=due_day)


def due_dates(
    first_due: date, frequency: Frequency, count: int, *, due_day: int | None = None
) -> list[date]:
    """``count`` due dates from ``first_due``; monthly ones keep ``due_day`` (or its day)."""
    anchor = due_day if due_day is not None else first_due.day
    # The first one is the date the contract names, even when it is off the due day.
    return [
        first_due if k == 0 else step(first_due, frequency, k, day=anchor) for k in range(count)
    ]
