"""Repayment schedules for every method, to the cent.

Conventions (docs/conventions.md#rounding): the periodic rate is the annual rate divided by
the periods in a year (12, 26, 52); each period's interest is rounded half-up to
the cent; the last installment absorbs the remainder so the balance ends at 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from debtplan.core.calendar import Frequency, days_in_month, default_first_due, step
from debtplan.core.model import Loan, Method
from debtplan.core.money import CENT, HUNDRED, ZERO, cents
from debtplan.core.text import N_, DebtplanError

MAX_PERIODS = 1200
# A percent minimum written without a floor ("10%") is at least this much, in the card's
# currency, and a statement of this much or less is due in full: the small-balance rule of
# card statements (docs/conventions.md#card-minimums). Without it 10% of a few cents is a
# cent, and the card would end in years of 0.01 payments.
SMALL_BALANCE_FLOOR = Decimal(10)
_new = object.__new__


class ScheduleError(DebtplanError):
    """The loan cannot be scheduled (e.g. a minimum payment that never covers the interest)."""


@dataclass(frozen=True)
class Installment:
    """One scheduled payment: ``payment = principal + interest`` (interest includes flat fees)."""

    number: int
    due_date: date
    payment: Decimal
    principal: Decimal
    interest: Decimal
    balance: Decimal  # principal still owed after this installment


def periodic_rate(loan: Loan, on: date | None = None) -> Decimal:
    """Contract rate for one period, as a fraction: annual % / periods a year / 100.

    ``on`` selects the rate in force that day when the loan has rate changes.
    """
    rate = loan.rate
    if on is not None:
        for change in loan.rate_changes:
            if change.starts <= on:
                rate = change.rate
    return rate.annual_percent(loan.day_count) / loan.frequency.periods_per_year / HUNDRED


def daily_rate(loan: Loan, on: date) -> Decimal:
    """The contract rate in force on ``on`` for one day, as a fraction: annual % / 100 /
    the loan's day count (360 or 365)."""
    return periodic_rate(loan, on) * loan.frequency.periods_per_year / loan.day_count


def period_start(loan: Loan, number: int) -> date:
    """The day installment ``number``'s period begins: the previous due date, or the start."""
    if number <= 1 or loan.method is Method.LUMP_SUM:
        return loan.start
    return due_date(loan, number - 1)


def broken_first_days(loan: Loan) -> int | None:
    """The days of a broken first period, or None when the first period is a regular one.

    The first period is broken when the first due date is not one period after the
    disbursement (money paid out on the 25th, installments on the 5th). Banks charge such a
    period's interest by the day (docs/conventions.md#broken-period).
    """
    if loan.method in (Method.LUMP_SUM, Method.REVOLVING):
        return None
    if loan.first_due_date == default_first_due(loan.start, loan.frequency, None):
        return None
    return (loan.first_due_date - loan.start).days


def period_rate(loan: Loan, number: int) -> Decimal:
    """What installment ``number``'s period costs, as a fraction of the principal owed: the
    periodic rate in force when it begins; a broken first period's days x the daily rate; a
    lump sum's whole term."""
    begins = period_start(loan, number)
    if loan.method is Method.LUMP_SUM:
        return periodic_rate(loan, begins) * loan.term
    days = broken_first_days(loan) if number == 1 else None
    if days is not None:
        return daily_rate(loan, begins) * days
    return periodic_rate(loan, begins)


def annuity_payment(principal: Decimal, rate: Decimal, periods: int) -> Decimal:
    """Level payment M = P·r·(1+r)^n / ((1+r)^n − 1), rounded half-up; P/n when r = 0.

    At least the first period's interest plus a cent, so that rounding never leaves a
    payment that repays nothing (a few cents' balance, or 1200 periods at 12 %).

    >>> annuity_payment(Decimal("10000"), Decimal("0.01"), 12)
    Decimal('888.49')
    """
    if periods <= 0:
        raise ValueError("periods must be positive")
    least = cents(principal * rate) + CENT
    if rate == 0:
        return max(cents(principal / periods), least)
    growth = (1 + rate) ** periods
    return max(cents(principal * rate * growth / (growth - 1)), least)


def due_date(loan: Loan, number: int) -> date:
    """Due date of installment ``number`` (1-based), monthly ones clamped to month end."""
    return _due_dates(loan)(number)


def _due_dates(loan: Loan) -> Callable[[int], date]:
    """:func:`due_date` for one loan, with what every installment shares worked out once."""
    if loan.method is Method.LUMP_SUM and loan.first_due is None:
        maturity = step(loan.start, loan.frequency, loan.term, day=loan.due_day)
        return lambda number: maturity
    first = loan.first_due_date
    anchor = loan.due_anchor_day if loan.frequency is Frequency.MONTHLY else None
    frequency = loan.frequency

    def on(number: int) -> date:
        if number == 1:  # the contract's first due date, even when it is off the due day
            return first
        return step(first, frequency, number - 1, day=anchor)

    if anchor is None:
        return on
    base = first.year * 12 + first.month - 1

    def monthly(number: int) -> date:
        # add_months(first, number - 1, day=anchor), inlined: a long schedule calls it a lot.
        if number == 1:
            return first
        year, month = divmod(base + number - 1, 12)
        return date(year, month + 1, min(anchor, days_in_month(year, month + 1)))

    return monthly


def flat_fee(loan: Loan) -> Decimal:
    """A flat loan's fee each period: the ORIGINAL principal x the fee rate for one period."""
    if loan.fee_rate is None:
        return ZERO
    per_period = loan.fee_rate.annual_percent(loan.day_count) / loan.frequency.periods_per_year
    return cents(loan.principal * per_period / HUNDRED)


def level_amount(loan: Loan, balance: Decimal, periods: int, on: date | None = None) -> Decimal:
    """What stays level each period for a method: the annuity payment at the rate in force on
    ``on`` (the contract's first rate without it), or the principal part."""
    if loan.method is Method.ANNUITY:
        return annuity_payment(balance, periodic_rate(loan, on), periods)
    return max(cents(balance / periods), CENT)  # never a 0.00 installment


def installments(
    loan: Loan,
    *,
    balance: Decimal | None = None,
    first_number: int = 1,
    periods: int | None = None,
    level: Decimal | None = None,
) -> Iterator[Installment]:
    """Installments from ``first_number`` on, for ``balance`` over at most ``periods`` periods.

    With the defaults this is the contract schedule. After a prepayment the ledger
    calls it again: to shorten the term it passes the old ``level`` and no
    ``periods`` limit beyond the contract's; to lower the installment it passes the
    remaining ``periods`` and lets the level be recomputed.
    """
    remaining = loan.principal if balance is None else balance
    if loan.method is Method.REVOLVING:
        yield from _revolving(loan, remaining, first_number)
        return
    count = loan.term - first_number + 1 if periods is None else periods
    if count <= 0 or remaining <= 0:
        return
    rate = periodic_rate(loan)
    if loan.method is Method.LUMP_SUM:
        interest = cents(remaining * rate * loan.term)
        yield Installment(first_number, due_date(loan, first_number), remaining + interest,
                          remaining, interest, ZERO)  # fmt: skip
        return
    fee = flat_fee(loan)
    due_on = _due_dates(loan)
    changes = bool(loan.rate_changes)
    if changes:  # the rate in force when this installment's period begins
        rate = periodic_rate(loan, loan.start if first_number == 1 else due_on(first_number - 1))
    if level is None and loan.method is not Method.INTEREST_ONLY:
        level = (annuity_payment(remaining, rate, count) if loan.method is Method.ANNUITY
                 else level_amount(loan, remaining, count))  # fmt: skip
    number = first_number
    last = first_number + count - 1
    method = loan.method
    # A broken first period costs its days at the daily rate; its principal part is the
    # regular one's, so the rest of the schedule is the same (docs/conventions.md#broken-period).
    broken = broken_first_days(loan) if first_number == 1 else None
    first_rate = daily_rate(loan, loan.start) * broken if broken is not None else None
    while remaining > 0:
        if changes and number > first_number:
            # A rate change applies from the first period that begins on or after it; an
            # annuity's installment is worked out again over the periods left, as a bank
            # does when a floating rate resets (LPR). Principal parts and fees stay.
            now = periodic_rate(loan, due_on(number - 1))
            if now != rate:
                rate = now
                if method is Method.ANNUITY:
                    level = annuity_payment(remaining, rate, max(last - number + 1, 1))
        interest = (remaining * rate).quantize(CENT, ROUND_HALF_UP)  # cents(), inlined
        regular = interest
        if first_rate is not None and number == 1:
            interest = cents(remaining * first_rate)
        if method is Method.ANNUITY:
            assert level is not None
            principal = level - regular
            if principal <= 0:
                raise ScheduleError(
                    N_("{loan}: the installment does not cover the interest"), loan=loan.name
                )
        elif method is Method.INTEREST_ONLY:
            principal = ZERO
        else:  # equal-principal, flat
            assert level is not None
            principal = level
        if number >= last or principal >= remaining:
            principal = remaining
        interest += fee
        remaining -= principal
        # Installment(...) without the frozen dataclass's __setattr__ per field (half the
        # time of a long schedule): the same fields, in the same order.
        row = _new(Installment)
        row.__dict__.update(number=number, due_date=due_on(number), payment=principal + interest,
                            principal=principal, interest=interest, balance=remaining)  # fmt: skip
        yield row
        number += 1


def card_floor(loan: Loan) -> Decimal:
    """The floor of a card's minimum: the card's own, or :data:`SMALL_BALANCE_FLOOR` for a
    percent rule written without one (a fixed minimum needs none)."""
    if loan.min_floor or loan.min_percent is None:
        return loan.min_floor
    return SMALL_BALANCE_FLOOR


def minimum_due(loan: Loan, statement_balance: Decimal, interest: Decimal = ZERO) -> Decimal:
    """A revolving loan's minimum: max(fixed, percent x statement balance [+ interest], floor),
    capped at the statement balance; the floor is :func:`card_floor`'s.

    The month's ``interest`` is the one charged at the rate in force that month, so a
    "1% + interest" minimum follows a promotional rate's end (tests/test_schedule.py).
    """
    amount = loan.min_payment or ZERO
    if loan.min_percent is not None:
        part = cents(statement_balance * loan.min_percent / HUNDRED)
        amount = max(amount, part + interest if loan.min_plus_interest else part)
    amount = max(amount, card_floor(loan))
    return min(amount, statement_balance)


def _revolving(loan: Loan, balance: Decimal, first_number: int) -> Iterator[Installment]:
    """Minimum payments only, month by month, until the balance is 0.

    The card's charges dated on or after the first installment's period began join the
    balance on the first due date after them (docs/conventions.md#charges): not in that
    month's interest, in its statement and its minimum. A month with nothing owed and
    nothing charged has no installment.
    """
    number = first_number
    due_on = _due_dates(loan)
    begins = loan.start if first_number <= 1 else due_on(first_number - 1)
    pending = [c for c in loan.charges if c.on >= begins]
    index = 0
    while balance > 0 or index < len(pending):
        if number - first_number >= MAX_PERIODS:
            raise ScheduleError(
                N_("{loan}: minimum payments do not pay it off within 100 years"), loan=loan.name
            )
        on = due_on(number)
        joined = ZERO
        while index < len(pending) and pending[index].on < on:
            joined += pending[index].amount
            index += 1
        if balance <= 0 and joined == 0:
            number += 1
            continue
        rate = periodic_rate(loan, on)
        interest = cents(balance * rate)
        payment = minimum_due(loan, balance + interest + joined, interest)
        if payment <= interest and _rule_repays(loan, balance + joined, rate):
            # Only rounding stops the balance falling (5 % of a few cents is 0.00):
            # pay a cent of principal, so the card is paid off instead of refused.
            payment = min(interest + CENT, balance + interest + joined)
        if payment <= interest:
            raise ScheduleError(
                N_("{loan}: the minimum payment ({payment}) does not cover the interest "
                   "({interest}); the balance never falls. Give the card's real rule with "
                   "`debtplan edit` --min-payment (e.g. 1%+interest,35), or fix its rate "
                   "changes"),
                loan=loan.name, payment=payment, interest=interest,
            )  # fmt: skip
        balance = balance + joined + interest - payment
        yield Installment(number, on, payment, payment - interest, interest, balance)
        number += 1


def _rule_repays(loan: Loan, balance: Decimal, rate: Decimal) -> bool:
    """Whether the minimum rule, before any rounding, pays more than the interest."""
    interest = balance * rate
    percent = (loan.min_percent or ZERO) / HUNDRED * (balance + interest)
    if loan.min_plus_interest:
        percent += interest
    return max(loan.min_payment or ZERO, percent, card_floor(loan)) > interest


def contract_schedule(loan: Loan) -> tuple[Installment, ...]:
    """The schedule as signed, before any payment."""
    return tuple(installments(loan))
