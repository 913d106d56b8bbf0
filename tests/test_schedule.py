"""Schedules for every method, to the cent: worked examples, numpy-financial as an
independent oracle for annuities, and invariants over random loans."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from decimal import Context, Decimal, localcontext
from typing import Any

import numpy_financial as npf
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from debtplan.core.calendar import Frequency
from debtplan.core.from_document import loan_from_dict
from debtplan.core.model import Loan, Method
from debtplan.core.money import Rate, RateUnit, cents
from debtplan.core.schedule import (
    Installment,
    ScheduleError,
    annuity_payment,
    contract_schedule,
    due_date,
    installments,
    minimum_due,
    periodic_rate,
)

D = Decimal
FAST = settings(max_examples=120, deadline=None)
ZERO_RATE = D(0)


def make_loan(**fields: Any) -> Loan:
    """A loan through the same validation as the file; 10,000 at 12 % over 12 months."""
    raw: dict[str, Any] = {
        "name": "test loan",
        "currency": "CNY",
        "method": "annuity",
        "principal": "10000",
        "rate": "12%",
        "term": 12,
        "start": "2026-01-15",
    }
    raw.update(fields)
    raw = {k: v for k, v in raw.items() if v is not None}
    loan, problems = loan_from_dict(raw)
    assert loan is not None, problems
    return loan


def rows(schedule: tuple[Installment, ...], *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(getattr(i, f) for f in fields) for i in schedule]


def check_invariants(loan: Loan, schedule: tuple[Installment, ...]) -> None:
    """What every schedule must satisfy, whatever the method."""
    assert schedule, "a loan with principal has at least one installment"
    assert schedule[-1].balance == 0
    assert sum((i.principal for i in schedule), D(0)) == loan.principal
    balance = loan.principal
    for number, item in enumerate(schedule, start=1):
        assert item.number == number
        assert item.interest >= 0
        assert item.principal >= 0
        assert item.payment == item.principal + item.interest
        # Only interest-only (and lump-sum) loans have installments of interest alone,
        # which at 0 % on a few cents is nothing; every other installment repays something.
        assert item.payment > 0 or loan.method is Method.INTEREST_ONLY
        balance -= item.principal
        assert item.balance == balance
        for amount in (item.payment, item.principal, item.interest, item.balance):
            assert amount == cents(amount), "every amount is in whole cents"
    dates = [i.due_date for i in schedule]
    assert all(a < b for a, b in zip(dates, dates[1:], strict=False))
    assert dates[0] > loan.start


# --- the periodic rate -------------------------------------------------------------------


def test_periodic_rate_per_frequency() -> None:
    assert periodic_rate(make_loan()) == D("0.01")
    assert periodic_rate(make_loan(rate="13%", frequency="biweekly")) == D("0.005")
    assert periodic_rate(make_loan(rate="5.2%", frequency="weekly")) == D("0.001")
    assert periodic_rate(make_loan(rate="1.5%/month")) == D("0.015")
    # A daily contract rate (日利率) over a 360-day year: 0.05 %/day = 18 %/year = 1.5 %/month.
    assert periodic_rate(make_loan(rate="0.05%/day", day_count=360)) == D("0.015")


# --- worked examples (docs/conventions.md#repayment-methods and bank calculators) ----------


def test_annuity_worked_example() -> None:
    schedule = contract_schedule(make_loan())
    assert len(schedule) == 12
    assert [i.payment for i in schedule[:11]] == [D("888.49")] * 11
    assert schedule[-1].payment == D("888.47")
    assert rows(schedule[:3], "interest", "principal", "balance") == [
        (D("100.00"), D("788.49"), D("9211.51")),
        (D("92.12"), D("796.37"), D("8415.14")),
        (D("84.15"), D("804.34"), D("7610.80")),
    ]
    last = schedule[-1]
    assert (last.interest, last.principal, last.balance) == (D("8.80"), D("879.67"), D(0))
    assert sum(i.interest for i in schedule) == D("661.86")
    assert sum(i.payment for i in schedule) == D("10661.86")


def test_annuity_payment_function() -> None:
    assert annuity_payment(D(10000), D("0.01"), 12) == D("888.49")
    # 300,000 over 30 years at 4.9 % (a common mortgage): 1,592.18 a month.
    assert annuity_payment(D(300000), D("4.9") / 1200, 360) == D("1592.18")
    # No interest: an equal share, rounded.
    assert annuity_payment(D(100), D(0), 3) == D("33.33")
    assert annuity_payment(D(1000), D("0.01"), 1) == D("1010.00")
    with pytest.raises(ValueError):
        annuity_payment(D(100), D("0.01"), 0)


def test_annuity_at_zero_rate() -> None:
    schedule = contract_schedule(make_loan(principal="100", rate="0%", term=3))
    assert rows(schedule, "payment", "interest") == [
        (D("33.33"), D(0)),
        (D("33.33"), D(0)),
        (D("33.34"), D(0)),
    ]


def test_flat_fee_worked_example() -> None:
    loan = make_loan(method="flat", rate="0%", fee_rate="0.75%/month")
    schedule = contract_schedule(loan)
    assert len(schedule) == 12
    assert [i.payment for i in schedule[:11]] == [D("908.33")] * 11
    assert [i.interest for i in schedule] == [D("75.00")] * 12  # on the ORIGINAL principal
    assert [i.principal for i in schedule[:11]] == [D("833.33")] * 11
    assert (schedule[-1].principal, schedule[-1].payment) == (D("833.37"), D("908.37"))
    assert sum(i.interest for i in schedule) == D("900.00")


def test_flat_fee_bare_number_is_a_month() -> None:
    loan = make_loan(method="flat", rate="0%", fee_rate="0.75")
    assert loan.fee_rate == Rate(D("0.75"), RateUnit.MONTH)
    assert contract_schedule(loan)[0].payment == D("908.33")


def test_flat_fee_biweekly() -> None:
    # 0.75 %/month = 9 %/year; over 26 periods a year: 10,000 x 9 % / 26 = 34.615... -> 34.62.
    loan = make_loan(
        method="flat", rate="0%", fee_rate="0.75%/month", frequency="biweekly", term=26
    )
    schedule = contract_schedule(loan)
    assert [i.interest for i in schedule] == [D("34.62")] * 26
    assert schedule[0].principal == D("384.62")
    assert schedule[-1].principal == D("10000") - 25 * D("384.62")
    check_invariants(loan, schedule)


def test_equal_principal_worked_example() -> None:
    schedule = contract_schedule(make_loan(method="equal-principal", principal="12000"))
    assert [i.principal for i in schedule] == [D("1000.00")] * 12
    assert [i.interest for i in schedule] == [D(120 - 10 * k) for k in range(12)]
    assert [i.payment for i in schedule] == [D(1120 - 10 * k) for k in range(12)]
    assert sum(i.interest for i in schedule) == D("780")


def test_equal_principal_uneven_split() -> None:
    schedule = contract_schedule(make_loan(method="equal-principal", principal="10000", term=3))
    assert rows(schedule, "principal", "interest", "payment") == [
        (D("3333.33"), D("100.00"), D("3433.33")),
        (D("3333.33"), D("66.67"), D("3400.00")),
        (D("3333.34"), D("33.33"), D("3366.67")),
    ]


def test_interest_only_worked_example() -> None:
    schedule = contract_schedule(make_loan(method="interest-only"))
    assert [i.payment for i in schedule[:11]] == [D("100.00")] * 11
    assert [i.principal for i in schedule[:11]] == [D(0)] * 11
    assert rows(schedule[-1:], "payment", "principal", "interest") == [
        (D("10100.00"), D("10000"), D("100.00"))
    ]


def test_lump_sum_worked_example() -> None:
    loan = make_loan(method="lump-sum", start="2026-01-31")
    schedule = contract_schedule(loan)
    assert len(schedule) == 1
    only = schedule[0]
    assert only.due_date == date(2027, 1, 31)  # the whole term after the start
    assert (only.payment, only.principal, only.interest) == (
        D("11200.00"),
        D("10000"),
        D("1200.00"),
    )


def test_lump_sum_with_a_stated_due_date() -> None:
    loan = make_loan(method="lump-sum", term=6, first_due="2026-07-01")
    (only,) = contract_schedule(loan)
    assert only.due_date == date(2026, 7, 1)
    assert only.interest == D("600.00")  # 10,000 x 1 % x 6 months


def test_revolving_five_percent_with_a_floor_of_100() -> None:
    loan = make_loan(
        method="revolving",
        principal=None,
        term=None,
        balance="1000",
        rate="18%",
        min_payment="5%,100",
    )
    schedule = contract_schedule(loan)
    # Month 1: 1.5 % of 1000 = 15.00 interest; 5 % of 1015 = 50.75 < 100, so 100 is due.
    assert rows(schedule[:3], "payment", "interest", "principal", "balance") == [
        (D("100"), D("15.00"), D("85.00"), D("915.00")),
        (D("100"), D("13.73"), D("86.27"), D("828.73")),  # 915 x 1.5 % = 13.725 -> 13.73
        (D("100"), D("12.43"), D("87.57"), D("741.16")),
    ]
    # The last statement is below the floor, so exactly the balance plus interest is due.
    assert len(schedule) == 11
    last = schedule[-1]
    assert last.balance == 0
    assert last.payment == last.principal + last.interest
    assert last.payment < D("100")
    check_invariants(loan, schedule)


def test_revolving_above_the_floor_uses_the_percent() -> None:
    loan = make_loan(
        method="revolving", principal=None, term=None, balance="10000", rate="18%",
        min_payment="5%,100",
    )  # fmt: skip
    first = contract_schedule(loan)[0]
    assert (first.interest, first.payment) == (D("150.00"), D("507.50"))  # 5 % of 10,150


def test_revolving_percent_plus_interest() -> None:
    loan = make_loan(
        method="revolving", principal=None, term=None, balance="2000", rate="24%",
        min_payment="1%+interest,35",
    )  # fmt: skip
    schedule = contract_schedule(loan)
    # 2 % interest = 40.00; 1 % of the 2,040 statement = 20.40, plus the interest = 60.40.
    assert (schedule[0].interest, schedule[0].payment) == (D("40.00"), D("60.40"))
    check_invariants(loan, schedule)


def test_minimum_due_is_capped_at_the_statement() -> None:
    loan = make_loan(method="revolving", principal=None, term=None, balance="50", min_payment="200")
    assert minimum_due(loan, D("50.50")) == D("50.50")
    assert minimum_due(loan, D("500")) == D("200")


def test_revolving_minimum_without_a_floor_still_pays_off() -> None:
    # "5%" of a statement of a few cents rounds to 0.00; the card is still paid off
    # instead of the schedule failing with "the balance never falls".
    loan = make_loan(
        method="revolving", principal=None, term=None, balance="1000", rate="18%", min_payment="5%"
    )
    schedule = contract_schedule(loan)
    check_invariants(loan, schedule)
    assert schedule[0].payment == D("50.75")


def test_revolving_that_never_falls_is_an_error() -> None:
    loan = make_loan(
        method="revolving", principal=None, term=None, balance="1000", min_payment="50"
    )
    loan = replace(loan, min_payment=D("5"), rate=Rate(D("24")))  # 20.00 interest a month
    with pytest.raises(ScheduleError, match="never falls"):
        contract_schedule(loan)


# --- due dates in schedules ----------------------------------------------------------------


def test_due_dates_from_the_31st() -> None:
    loan = make_loan(start="2026-01-31", term=4)
    assert [i.due_date for i in contract_schedule(loan)] == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


def test_due_dates_from_the_31st_in_a_leap_year() -> None:
    loan = make_loan(start="2027-12-31", term=3)
    assert [i.due_date for i in contract_schedule(loan)] == [
        date(2028, 1, 31),
        date(2028, 2, 29),
        date(2028, 3, 31),
    ]


def test_due_day_setting() -> None:
    loan = make_loan(start="2026-01-20", due_day=5, term=3)
    assert [i.due_date for i in contract_schedule(loan)] == [
        date(2026, 2, 5),
        date(2026, 3, 5),
        date(2026, 4, 5),
    ]


def test_first_due_is_the_first_installment() -> None:
    loan = make_loan(start="2026-01-20", first_due="2026-02-10", due_day=25, term=3)
    assert [i.due_date for i in contract_schedule(loan)] == [
        date(2026, 2, 10),
        date(2026, 3, 25),
        date(2026, 4, 25),
    ]
    assert due_date(loan, 1) == loan.first_due_date


def test_first_due_on_the_28th_keeps_the_28th() -> None:
    loan = make_loan(start="2026-01-28", first_due="2026-02-28", term=3)
    assert [i.due_date for i in contract_schedule(loan)][1:] == [
        date(2026, 3, 28),
        date(2026, 4, 28),
    ]


def test_biweekly_and_weekly_schedules() -> None:
    biweekly = make_loan(start="2026-01-02", frequency="biweekly", term=26, rate="13%")
    schedule = contract_schedule(biweekly)
    assert [i.due_date for i in schedule[:3]] == [
        date(2026, 1, 16),
        date(2026, 1, 30),
        date(2026, 2, 13),
    ]
    assert schedule[-1].due_date == date(2027, 1, 1)
    assert schedule[0].interest == D("50.00")  # 13 % / 26 = 0.5 % a fortnight
    check_invariants(biweekly, schedule)
    weekly = make_loan(start="2026-01-02", frequency="weekly", term=52, rate="5.2%")
    schedule = contract_schedule(weekly)
    assert schedule[0].due_date == date(2026, 1, 9)
    assert schedule[-1].due_date == date(2027, 1, 1)
    assert schedule[0].interest == D("10.00")  # 0.1 % a week
    check_invariants(weekly, schedule)


# --- numpy-financial as an independent oracle for annuities ------------------------------


def drift_bound(rate: Decimal, period: int) -> Decimal:
    """How far rounding can move our interest from the exact one by ``period``.

    The installment is off the exact one by at most half a cent, and each period's
    interest by half a cent; both compound into the balance like an annuity's future
    value, (1+r)^k - 1 over r, so the interest can be off by r times that, plus the
    half cent of its own rounding.
    """
    with localcontext(Context(prec=40)):
        growth = (1 + rate) ** (period - 1) - 1
    return D("0.01") * growth + D("0.0051")


def early_periods(level: Decimal, term: int, rate: Decimal = ZERO_RATE) -> int:
    """How many periods early a level amount rounded to the cent can finish a loan.

    Rounding the level up pays up to half a cent a period more than the exact level;
    with interest (``rate`` a period, as a fraction), rounding each period's interest
    moves up to another half cent a period from interest to principal. Each such cent
    of principal repaid early then saves its own interest, so the excess compounds at
    the loan's rate: by period ``term`` the balance can be ahead of the exact one by
    ``e * s`` at most, ``e`` the excess a period and ``s = ((1 + r)^term - 1) / r`` (just
    ``term`` when ``r`` is 0). Ending ``j`` periods early needs ``j`` whole levels of that
    (the exact schedule still owes ``level x s_j >= level x j`` then, in period-``term``
    money), so ``j <= e * s / level``. Without the compounding the bound would be
    ``0.005 x term / level``: too small for a steep rate over a long term (240.60 at
    35.92 % over 156 months: a level of 7.28 ends 2 periods early, when
    ``0.005 x 156 / 7.28`` allows 1; ``s`` is about 3,294 there). The last installment
    absorbs the remainder either way (533.80 over 360 months at 0.01 %: 1.49 instead of
    1.485, 359 installments).
    """
    if level <= 0:
        return 0
    if rate == 0:
        return math.ceil(D("0.005") * term / level)
    with localcontext(Context(prec=40)):
        grown = ((1 + rate) ** term - 1) / rate
    return math.ceil(D("0.01") * grown / level)


def compare_with_numpy(principal: Decimal, annual_percent: Decimal, term: int) -> None:
    loan = make_loan(principal=str(principal), rate=f"{annual_percent}%", term=term)
    schedule = contract_schedule(loan)
    rate = annual_percent / 1200
    r, p = float(rate), float(principal)
    exact_payment = D(str(-npf.pmt(r, term, p)))
    assert abs(schedule[0].payment - exact_payment) <= D("0.0051")  # floats in the oracle
    assert term - early_periods(exact_payment, term, rate) <= len(schedule) <= term
    for item in schedule:
        oracle_interest = D(str(-npf.ipmt(r, item.number, term, p)))
        oracle_principal = D(str(-npf.ppmt(r, item.number, term, p)))
        bound = drift_bound(rate, item.number)
        assert abs(item.interest - oracle_interest) <= bound, item
        if item.number < term:
            assert abs(item.principal - oracle_principal) <= bound + D("0.005"), item
    # The last installment absorbs the drift: the whole cost stays within its bound.
    total_bound = drift_bound(rate, term + 1) * term
    assert abs(sum(i.payment for i in schedule) - exact_payment * term) <= total_bound


@pytest.mark.parametrize("annual_percent", ["1", "3.65", "4.9", "6", "12", "18", "24", "36"])
@pytest.mark.parametrize("term", [1, 2, 3, 6, 12, 24, 36, 60, 120])
def test_annuity_against_numpy_financial(annual_percent: str, term: int) -> None:
    compare_with_numpy(D("10000"), D(annual_percent), term)


def test_thirty_year_mortgage_against_numpy_financial() -> None:
    compare_with_numpy(D("300000"), D("4.9"), 360)


def test_short_loans_are_within_a_cent_of_numpy_financial() -> None:
    # Where rounding cannot compound, every figure is within a cent of the exact one.
    for percent, term in [("12", 12), ("24", 6), ("6", 24), ("36", 3)]:
        loan = make_loan(principal="5000", rate=f"{percent}%", term=term)
        r = float(D(percent) / 1200)
        schedule = contract_schedule(loan)
        for item in schedule[:-1]:
            assert abs(item.interest - D(str(-npf.ipmt(r, item.number, term, 5000)))) <= D("0.01")
            assert abs(item.principal - D(str(-npf.ppmt(r, item.number, term, 5000)))) <= D("0.01")
        total = D(str(-npf.pmt(r, term, 5000))) * term
        assert abs(sum(i.payment for i in schedule) - total) <= D("0.03")


@FAST
@given(
    principal=st.integers(min_value=100_00, max_value=2_000_000_00).map(lambda c: D(c) / 100),
    annual_percent=st.decimals(min_value=D("0.5"), max_value=D("36"), places=2),
    term=st.integers(min_value=1, max_value=120),
)
def test_annuity_against_numpy_financial_random(
    principal: Decimal, annual_percent: Decimal, term: int
) -> None:
    compare_with_numpy(principal, annual_percent, term)


# --- invariants over random loans of every method and frequency ----------------------------

METHODS = [m for m in Method if m is not Method.REVOLVING]


@st.composite
def term_loans(draw: st.DrawFn) -> Loan:
    method = draw(st.sampled_from(METHODS))
    frequency = draw(st.sampled_from(list(Frequency)))
    principal = D(draw(st.integers(min_value=1, max_value=10**9))) / 100
    percent = draw(st.decimals(min_value=0, max_value=36, places=2))
    term = draw(st.integers(min_value=1, max_value=360))
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
    due_day = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=31)))
    fee = None
    if method is Method.FLAT:
        fee = Rate(draw(st.decimals(min_value=0, max_value=3, places=2)), RateUnit.MONTH)
    return Loan(
        name="random",
        currency="CNY",
        method=method,
        principal=principal,
        rate=Rate(percent),
        start=start,
        term=term,
        frequency=frequency,
        due_day=due_day,
        fee_rate=fee,
    )


@FAST
@given(term_loans())
@example(  # found by hypothesis: the rounding excess compounds at 2.99 % a month
    Loan(name="random", currency="CNY", method=Method.ANNUITY, principal=D("240.60"),
         rate=Rate(D("35.92")), start=date(2026, 1, 15), term=156)
)  # fmt: skip
def test_every_schedule_ends_at_zero(loan: Loan) -> None:
    schedule = contract_schedule(loan)
    check_invariants(loan, schedule)
    assert len(schedule) <= loan.term
    if loan.method is Method.LUMP_SUM:
        assert len(schedule) == 1
    if loan.method is Method.INTEREST_ONLY:
        assert len(schedule) == loan.term
        assert all(i.principal == 0 for i in schedule[:-1])
    if loan.method is not Method.LUMP_SUM and loan.principal >= loan.term:
        if loan.method is Method.ANNUITY:  # interest rounding moves principal too
            level, rate = schedule[0].payment, periodic_rate(loan)
        else:  # the principal part is level: interest never changes it
            level, rate = schedule[0].principal, ZERO_RATE
        assert loan.term - early_periods(level, loan.term, rate) <= len(schedule) <= loan.term


@st.composite
def revolving_loans(draw: st.DrawFn) -> Loan:
    balance = D(draw(st.integers(min_value=1, max_value=5_000_000))) / 100
    percent = draw(st.decimals(min_value=0, max_value=30, places=2))
    monthly = percent / 1200
    kind = draw(st.sampled_from(["fixed", "percent", "floor", "plus"]))
    fixed = min_percent = None
    floor = D(0)
    plus = False
    if kind == "fixed":
        # Enough to cover the first month's interest, so the balance falls.
        least = cents(balance / 500) + D("0.01")  # paid off within 100 years
        extra = max(D(draw(st.integers(min_value=1, max_value=50_000))) / 100, least)
        fixed = cents(balance * monthly) + extra
    else:
        min_percent = draw(st.decimals(min_value=3, max_value=100, places=1))
        # The balance falls by at least 2 % a month, so it is paid off within 100 years.
        assume(min_percent / 100 * (1 + monthly) - monthly >= D("0.02"))
        floor = (
            D(draw(st.integers(min_value=0, max_value=20_000))) / 100 if kind == "floor" else floor
        )
        plus = kind == "plus"
    return Loan(
        name="card",
        currency="USD",
        method=Method.REVOLVING,
        principal=balance,
        rate=Rate(percent),
        start=draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))),
        frequency=draw(st.sampled_from(list(Frequency))),
        min_payment=fixed,
        min_percent=min_percent,
        min_floor=floor,
        min_plus_interest=plus,
    )


@FAST
@given(revolving_loans())
def test_every_revolving_schedule_ends_at_zero(loan: Loan) -> None:
    check_invariants(loan, contract_schedule(loan))


@FAST
@given(term_loans(), st.data())
def test_rescheduling_a_balance_ends_at_zero(loan: Loan, data: st.DataObject) -> None:
    """What the ledger asks after a prepayment: any balance over the remaining periods."""
    assume(loan.method is not Method.LUMP_SUM and loan.term > 1)
    first = data.draw(st.integers(min_value=2, max_value=loan.term))
    balance = D(data.draw(st.integers(min_value=1, max_value=int(loan.principal * 100)))) / 100
    periods = loan.term - first + 1
    schedule = tuple(installments(loan, balance=balance, first_number=first, periods=periods))
    assert schedule[0].number == first
    assert schedule[-1].balance == 0
    assert sum(i.principal for i in schedule) == balance
    assert len(schedule) <= periods
    assert all(i.interest >= 0 and i.principal >= 0 for i in schedule)


def test_tiny_annuity_is_paid_a_cent_at_a_time() -> None:
    # A payment that rounds to 0.00 must not make the schedule fail.
    loan = make_loan(principal="0.05", rate="12%", term=12)
    schedule = contract_schedule(loan)
    check_invariants(loan, schedule)
    assert [i.payment for i in schedule] == [D("0.01")] * 5


def test_hundred_year_annuity_can_be_scheduled() -> None:
    # 1200 installments (the longest term the file accepts) at 12 %: the exact payment
    # is 100.00065, which rounds to the month's interest, 100.00.
    loan = make_loan(principal="10000", rate="12%", term=1200)
    schedule = contract_schedule(loan)
    check_invariants(loan, schedule)
    assert schedule[0].payment == D("100.01")
    assert len(schedule) <= 1200


# -- rate changes (a floating rate resets, a promotion ends) --------------------------------

RESET = [{"from": "2026-06-01", "rate": "8%"}]


def test_an_annuity_is_worked_out_again_when_its_rate_resets() -> None:
    loan = make_loan(principal="12000", rate="4%", start="2026-01-01", rate_changes=RESET)
    schedule = contract_schedule(loan)
    # Periods beginning before June 1 run at 4%: 1,021.80 a month.
    assert [i.payment for i in schedule[:5]] == [D("1021.80")] * 5
    assert schedule[4].balance == D("7058.16")
    # The period beginning June 1 runs at 8% on 7,058.16 (47.05), and the installment is
    # worked out again over the 7 periods left: numpy-financial's pmt, to the cent.
    assert schedule[5].interest == D("47.05")
    assert schedule[5].payment == D(f"{-npf.pmt(0.08 / 12, 7, 7058.16):.2f}") == D("1035.38")
    assert schedule[-1].payment == D("1035.35") and schedule[-1].balance == 0
    assert sum(i.interest for i in schedule) == D("356.63")


def test_equal_principal_keeps_its_principal_part_when_the_rate_resets() -> None:
    loan = make_loan(method="equal-principal", principal="12000", rate="4%",
                     start="2026-01-01", rate_changes=RESET)  # fmt: skip
    schedule = contract_schedule(loan)
    assert {i.principal for i in schedule} == {D("1000.00")}
    assert schedule[4].interest == D("26.67")  # 8,000 x 4% / 12
    assert schedule[5].interest == D("46.67")  # 7,000 x 8% / 12
