"""The real cost of a loan: worked checks from docs/conventions.md#real-cost, an independent
oracle (numpy-financial), and invariants of the rate of return."""

from __future__ import annotations

import calendar
import json
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Context, Decimal, localcontext

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.core.apr import (
    FLAG_NAMES,
    ONE_YEAR_LPR,
    CashFlow,
    Line,
    advertised_percent,
    contract_cost,
    cost_flags,
    dated_loan_cost,
    legal_lines,
    loan_cost,
    one_year_lpr,
    periodic_irr,
    xirr,
)
from debtplan.core.calendar import Frequency
from debtplan.core.from_document import validate_loan_dict
from debtplan.core.model import LenderType, Loan
from debtplan.core.money import cents
from debtplan.core.schedule import contract_schedule
from debtplan.core.text import InputError

D = Decimal
ORACLE_TOLERANCE = D("1e-9")
FAST = settings(max_examples=60, deadline=None)


def oracle_irr(amounts: Sequence[Decimal]) -> Decimal:
    """numpy-financial's IRR of the same flows (floats only here, in the test)."""
    return D(str(npf.irr([float(amount) for amount in amounts])))


def npv(amounts: Sequence[Decimal], rate: Decimal) -> Decimal:
    with localcontext(Context(prec=40)):
        return sum((a / (1 + rate) ** t for t, a in enumerate(amounts)), D(0))


def dated_npv(flows: Sequence[CashFlow], rate: Decimal) -> Decimal:
    """Excel's XIRR equation with fractional powers: sum(a / (1+r) ** (days / 365))."""
    first = min(flow.on for flow in flows)
    with localcontext(Context(prec=40)):
        return sum((f.amount / (1 + rate) ** (D((f.on - first).days) / 365) for f in flows), D(0))


def oracle_xirr(flows: Sequence[CashFlow]) -> Decimal:
    """Excel's XIRR by bisection on :func:`dated_npv` (fractional powers, 40 digits): an
    oracle independent of the code's daily-rate Newton solver."""
    low, high = D("-0.9"), D(10)
    low_value = dated_npv(flows, low)
    while high - low > D("1e-25"):
        middle = (low + high) / 2
        value = dated_npv(flows, middle)
        if (value > 0) == (low_value > 0):
            low, low_value = middle, value
        else:
            high = middle
    return (low + high) / 2


def nominal_of(effective: Decimal, periods_per_year: Decimal) -> Decimal:
    """The rate a period of 365 / m days compounding to ``effective`` a year, x m."""
    with localcontext(Context(prec=40)):
        return ((1 + effective) ** (1 / periods_per_year) - 1) * periods_per_year


PRIVATE = legal_lines("cn", LenderType.PRIVATE, D(3))  # 4 x 3 % = 12 %
LICENSED = legal_lines("cn", LenderType.ONLINE, D(3))  # 24 % and 36 %


def annuity_payment(principal: Decimal, rate: Decimal, n: int) -> Decimal:
    """The contract installment, rounded to the cent: P*r / (1 - (1+r)^-n), or P/n at 0 %."""
    with localcontext(Context(prec=40)):
        exact = principal / n if rate == 0 else principal * rate / (1 - (1 + rate) ** -n)
    return cents(exact)


def payment_slope(principal: Decimal, rate: Decimal, n: int) -> Decimal:
    """dM/dr of the exact installment M = P / A(r), A(r) = sum (1+r)^-k for k in 1..n."""
    with localcontext(Context(prec=40)):
        x = 1 / (1 + rate)
        annuity_factor = sum((x**k for k in range(1, n + 1)), D(0))
        factor_slope = sum((k * x ** (k + 1) for k in range(1, n + 1)), D(0))
        return principal * factor_slope / annuity_factor**2


def add_months(start: date, months: int) -> date:
    """Same day of month, clamped to the month's last day (docs/conventions.md#due-dates)."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


FLAT_FEE_PAYMENTS = [D("908.33")] * 11 + [D("908.37")]  # the last absorbs the remainder
ANNUITY_PAYMENTS = [D("888.49")] * 12


# --- worked checks (docs/conventions.md#real-cost) -----------------------------------------


def test_flat_fee_installment_is_908_33() -> None:
    # 10,000 / 12 of principal plus a fee of 0.75 % of the ORIGINAL 10,000, every month.
    assert cents(D(10000) / 12 + D(10000) * D("0.0075")) == D("908.33")
    assert sum(FLAT_FEE_PAYMENTS) == D(10900)


def test_flat_fee_of_0_75_a_month_costs_about_16_2_percent_not_9() -> None:
    flows = [D(10000), *(-p for p in FLAT_FEE_PAYMENTS)]
    rate = periodic_irr(flows)
    assert abs(rate - oracle_irr(flows)) < ORACLE_TOLERANCE
    cost = loan_cost(
        principal=D(10000),
        upfront_fee=D(0),
        payments=FLAT_FEE_PAYMENTS,
        periods_per_year=12,
        advertised_percent=D(9),
    )
    assert cost.nominal_apr == rate * 12 * 100
    assert cents(cost.nominal_apr) == D("16.22")
    assert cents(cost.effective_apr) == D("17.48")
    # The rule of thumb 24 * a * n / (n + 1) = 16.6 % is close.
    assert abs(cost.nominal_apr - D(24) * D("0.75") * 12 / 13) < D("0.5")
    assert cost.advertised == D(9)
    assert cost.total_interest == D(900)
    assert cost.total_fees == D(0)
    assert cost.flags == ()  # measured against no line


def test_flat_fee_with_every_installment_908_33_is_still_16_2() -> None:
    flows = [D(10000), *([D("-908.33")] * 12)]
    rate = periodic_irr(flows)
    assert abs(rate - oracle_irr(flows)) < ORACLE_TOLERANCE
    assert cents(rate * 1200) == D("16.22")


def test_annuity_at_12_percent_costs_12_00() -> None:
    assert annuity_payment(D(10000), D("0.01"), 12) == D("888.49")
    flows = [D(10000), *(-p for p in ANNUITY_PAYMENTS)]
    cost = loan_cost(
        principal=D(10000),
        upfront_fee=D(0),
        payments=ANNUITY_PAYMENTS,
        periods_per_year=12,
        advertised_percent=D(12),
    )
    assert abs(cost.nominal_apr / 1200 - oracle_irr(flows)) < ORACLE_TOLERANCE
    assert cents(cost.nominal_apr) == D("12.00")
    # 888.49 is 888.4879 rounded up, so the exact rate is a hair above 12 %.
    assert D(12) < cost.nominal_apr < D("12.001")
    assert cents(cost.effective_apr) == D("12.68")
    assert cost.total_interest == D("661.88")


def test_fee_taken_up_front_raises_the_rate_well_above_12() -> None:
    # 500 of the 10,000 never reaches the borrower, who still repays 888.49 x 12.
    flows = [D(9500), *(-p for p in ANNUITY_PAYMENTS)]
    cost = loan_cost(
        principal=D(10000),
        upfront_fee=D(500),
        payments=ANNUITY_PAYMENTS,
        periods_per_year=12,
        advertised_percent=D(12),
        lines=PRIVATE,
    )
    assert abs(cost.nominal_apr / 1200 - oracle_irr(flows)) < ORACLE_TOLERANCE
    assert cents(cost.nominal_apr) == D("21.86")
    assert cents(cost.effective_apr) == D("24.18")
    assert cost.total_interest == D("661.88")
    assert cost.total_fees == D(500)
    assert cost.flags == ("above_4x_lpr",)


def test_other_fees_are_reported_but_do_not_move_the_rate() -> None:
    common = {
        "principal": D(10000),
        "payments": ANNUITY_PAYMENTS,
        "periods_per_year": 12,
        "advertised_percent": D(12),
    }
    plain = loan_cost(upfront_fee=D(500), **common)  # type: ignore[arg-type]
    with_other = loan_cost(upfront_fee=D(500), other_fees=D(30), **common)  # type: ignore[arg-type]
    assert with_other.nominal_apr == plain.nominal_apr
    assert with_other.total_fees == D(530)


def test_weekly_payments_annualize_by_52() -> None:
    payments = [D("200.00")] * 52
    cost = loan_cost(
        principal=D(10000),
        upfront_fee=D(0),
        payments=payments,
        periods_per_year=52,
        advertised_percent=D(0),
    )
    rate = oracle_irr([D(10000), *(-p for p in payments)])
    assert abs(cost.nominal_apr / 5200 - rate) < ORACLE_TOLERANCE


@pytest.mark.parametrize(
    "amounts",
    [
        # numpy-financial's own examples, with several sign changes among them.
        [D(-100), D(39), D(59), D(55), D(20)],
        [D(-100), D(0), D(0), D(74)],
        [D(-100), D(100), D(0), D(-7)],
        [D(-100), D(100), D(0), D(7)],
        [D(-5), D("10.5"), D(1), D(-8), D(1)],
        # Newton from 0 leaves the search interval here; the bisection fallback finds it.
        [D(96), D(-15)],
        [D(94), D(17), D(-26)],
    ],
)
def test_periodic_irr_agrees_with_numpy_financial(amounts: list[Decimal]) -> None:
    rate = periodic_irr(amounts)
    assert abs(rate - oracle_irr(amounts)) < ORACLE_TOLERANCE
    assert abs(npv(amounts, rate)) < D("1e-12")


def test_bisection_fallback_is_exact_on_a_one_period_loan() -> None:
    # 96 received, 15 paid back: r = 15 / 96 - 1, found by bisection then polished.
    assert abs(periodic_irr([D(96), D(-15)]) - D("-0.84375")) < D("1e-20")


def test_zero_interest_loan_costs_zero() -> None:
    assert periodic_irr([D(1200), *([D(-100)] * 12)]) == 0


def test_rate_is_the_same_in_any_decimal_context() -> None:
    flows = [D(10000), *(-p for p in FLAT_FEE_PAYMENTS)]
    with localcontext(Context(prec=6)):
        coarse = periodic_irr(flows)
    assert coarse == periodic_irr(flows)


# --- dated flows (XIRR) ----------------------------------------------------------------------


def test_xirr_matches_excels_documented_example() -> None:
    # Microsoft's XIRR help page: 0.373362535 for these flows (an investor's signs). Excel
    # stops iterating once "accurate within 0.000001 percent"; the exact root is 0.37336253352.
    flows = [
        CashFlow(date(2008, 1, 1), D(-10000)),
        CashFlow(date(2008, 3, 1), D(2750)),
        CashFlow(date(2008, 10, 30), D(4250)),
        CashFlow(date(2009, 2, 15), D(3250)),
        CashFlow(date(2009, 4, 1), D(2750)),
    ]
    assert abs(xirr(flows) - D("0.373362535")) < D("1e-8")
    assert abs(xirr(flows) - D("0.37336253352")) < D("1e-11")
    assert abs(dated_npv(flows, xirr(flows))) < D("1e-15")
    # The borrower's side of the same flows, listed in any order: the same rate.
    flipped = [CashFlow(flow.on, -flow.amount) for flow in reversed(flows)]
    assert abs(xirr(flipped) - xirr(flows)) < D("1e-20")


def test_lump_sum_loan_over_30_days() -> None:
    # One payment: the period is the term, 30 days. nominal = 100 / 10,000 x 365 / 30
    # = 12.1666... % (the simple rate a year; US Reg Z's APR of a single-payment loan);
    # effective = 1.01 ** (365 / 30) - 1 = 12.87 %. (It was the daily rate x 365, 12.11 %,
    # below the simple rate the lender states: issue 13, bug 3.)
    flows = [CashFlow(date(2025, 1, 1), D(10000)), CashFlow(date(2025, 1, 31), D(-10100))]
    with localcontext(Context(prec=40)):
        expected_effective = D("1.01") ** (D(365) / 30) - 1
        expected_nominal = D("0.01") * 365 / 30
    assert abs(xirr(flows) - expected_effective) < D("1e-20")
    cost = dated_loan_cost(flows=flows, principal=D(10000), advertised_percent=D(12), lines=PRIVATE)
    assert abs(cost.effective_apr - expected_effective * 100) < D("1e-18")
    assert abs(cost.nominal_apr - expected_nominal * 100) < D("1e-18")
    assert cents(cost.effective_apr) == D("12.87")
    assert cents(cost.nominal_apr) == D("12.17")
    assert cost.total_interest == D(100)
    assert cost.flags == ("above_4x_lpr",) and cost.lines == PRIVATE


def test_payday_loan_far_above_every_line() -> None:
    # 1,000 received, 1,150 due 14 days later: 15 % a fortnight, 15 x 365 / 14 = 391.07 %
    # nominal (the APR a US payday lender must disclose), 3,724 % effective.
    flows = [CashFlow(date(2025, 3, 1), D(1000)), CashFlow(date(2025, 3, 15), D(-1150))]
    cost = dated_loan_cost(
        flows=flows, principal=D(1000), advertised_percent=D(0), total_fees=D(150),
        lines=LICENSED,
    )  # fmt: skip
    with localcontext(Context(prec=40)):
        expected_effective = (D("1.15") ** (D(365) / 14) - 1) * 100
    assert abs(cost.effective_apr - expected_effective) < D("1e-15")
    assert cents(cost.nominal_apr) == D("391.07")
    assert cost.flags == ("above_24", "above_36")
    assert cost.total_fees == D(150)


def test_monthly_annuity_by_date_is_close_to_12_68_effective() -> None:
    start = date(2025, 1, 15)
    flows = [CashFlow(start, D(10000))] + [
        CashFlow(add_months(start, k), -p) for k, p in enumerate(ANNUITY_PAYMENTS, start=1)
    ]
    rate = xirr(flows)
    assert abs(dated_npv(flows, rate)) < D("1e-15")
    # February's 28 days bring payments 2..12 earlier than k * 365 / 12 days: a little above
    # the 12.68 % of equal periods.
    assert cents(rate * 100) == D("12.74")


# --- benchmarks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nominal", "lender", "lpr", "flags"),
    [
        # Private lending: 4 x the one-year LPR only (SPC 法释〔2020〕17号 Art. 25).
        (D("11.99"), "private", D(3), ()),
        (D(12), "private", D(3), ()),  # exceeding, not reaching, a line flags it
        (D("12.0001"), "private", D(3), ("above_4x_lpr",)),
        (D(40), "private", D(3), ("above_4x_lpr",)),
        (D(20), "private", D("3.85"), ("above_4x_lpr",)),  # 4 x 3.85 = 15.4
        (D("15.4"), "private", D("3.85"), ()),
        # Licensed lenders: 24 % and 36 %, whatever the LPR.
        (D(20), "bank", D(3), ()),
        (D(24), "card", D(3), ()),
        (D("24.01"), "consumer-finance", D(3), ("above_24",)),
        (D(36), "online", D(3), ("above_24",)),
        (D("36.5"), "online", D(3), ("above_24", "above_36")),
    ],
)
def test_cost_flags_by_lender_type(
    nominal: Decimal, lender: str, lpr: Decimal, flags: tuple[str, ...]
) -> None:
    assert cost_flags(nominal, legal_lines("cn", LenderType(lender), lpr)) == flags


@pytest.mark.parametrize("lender", list(LenderType))
def test_a_us_loan_is_measured_against_no_chinese_line(lender: LenderType) -> None:
    assert legal_lines("us", lender, D(3)) == ()
    assert cost_flags(D(400), legal_lines("us", lender, D(3))) == ()


def test_the_lines_of_each_lender_type() -> None:
    assert legal_lines("cn", LenderType.PRIVATE, D("3.45")) == (Line("above_4x_lpr", D("13.80")),)
    for lender in (LenderType.BANK, LenderType.CARD, LenderType.CONSUMER_FINANCE,
                   LenderType.ONLINE):  # fmt: skip
        assert legal_lines("cn", lender, D(3)) == (Line("above_24", D(24)),
                                                   Line("above_36", D(36)))  # fmt: skip


# -- the one-year LPR: a dated table, overridden by the lpr setting ---------------------------


@pytest.mark.parametrize(
    ("day", "fixed_on", "percent"),
    [
        (date(2025, 5, 20), date(2025, 5, 20), "3.00"),  # the day of a fixing: the new rate
        (date(2025, 5, 19), date(2024, 10, 21), "3.10"),
        (date(2026, 3, 1), date(2025, 5, 20), "3.00"),
        (date(2024, 1, 1), date(2023, 8, 21), "3.45"),
        (date(2020, 8, 20), date(2020, 4, 20), "3.85"),
        (date(2019, 8, 20), date(2019, 8, 20), "4.25"),  # the first reformed fixing
        (date(2015, 6, 1), date(2019, 8, 20), "4.25"),  # no earlier one: the first
    ],
)
def test_the_lpr_in_force_on_a_day(day: date, fixed_on: date, percent: str) -> None:
    fixing = one_year_lpr(day)
    assert (fixing.fixed_on, fixing.percent) == (fixed_on, D(percent))


def test_the_lpr_table_is_dated_in_order_and_ends_with_the_2025_05_20_fixing() -> None:
    days = [fixing.fixed_on for fixing in ONE_YEAR_LPR]
    assert days == sorted(days) and len(set(days)) == len(days)
    assert (ONE_YEAR_LPR[-1].fixed_on, ONE_YEAR_LPR[-1].percent) == (date(2025, 5, 20), D(3))
    rates = [fixing.percent for fixing in ONE_YEAR_LPR]
    assert all(a != b for a, b in zip(rates, rates[1:], strict=False))  # changes only


def test_a_loan_is_measured_against_the_lpr_of_its_start_unless_the_setting_says() -> None:
    # 14.5 % a year, one payment a year later, lent by a person. Started 2023-01-01: the
    # LPR was 3.65 % (fixed 2022-08-22), the line 14.6 %: not above it. Started
    # 2026-01-01: 3.0 %, the line 12 %: above it. The lpr setting replaces the table.
    def private(start: str) -> Loan:
        return contract(method="lump-sum", principal="10000", rate="14.5%", term="12",
                        start=start)  # fmt: skip

    old, new = contract_cost(private("2023-01-01")), contract_cost(private("2026-01-01"))
    assert cents(old.nominal_apr) == cents(new.nominal_apr) == D("14.50")
    assert old.lpr is not None and (old.lpr.fixed_on, old.lpr.percent) == (
        date(2022, 8, 22), D("3.65"))  # fmt: skip
    assert old.lines == (Line("above_4x_lpr", D("14.60")),) and old.flags == ()
    assert new.flags == ("above_4x_lpr",)
    set_at = contract_cost(private("2023-01-01"), D("3.5"))  # 4 x 3.5 = 14 %
    assert set_at.lpr is not None and (set_at.lpr.fixed_on, set_at.lpr.percent) == (
        None, D("3.5"))  # fmt: skip
    assert set_at.flags == ("above_4x_lpr",)


def test_a_licensed_lender_has_no_lpr_line() -> None:
    loan = contract(method="lump-sum", principal="10000", rate="14.5%", term="12",
                    lender_type="bank")  # fmt: skip
    cost = contract_cost(loan)
    assert cost.lpr is None and cost.flags == () and [x.flag for x in cost.lines] == [
        "above_24", "above_36"]  # fmt: skip


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "word"),
    [
        ([D(100), D(50)], "paid"),
        ([D(0), D(0)], "received"),
        ([D(-100), D(-50)], "received"),
        ([], "received"),
    ],
)
def test_no_sign_change_is_refused_with_how_to_fix(amounts: list[Decimal], word: str) -> None:
    with pytest.raises(InputError) as caught:
        periodic_irr(amounts)
    message = str(caught.value)
    assert message.startswith("cannot compute a rate")
    assert f"is money the borrower {word}" in message
    assert "positive" in message and "negative" in message
    assert caught.value.params == {"count": len(amounts)}
    assert caught.value.translated(lambda msgid: msgid) == message


def test_dated_flows_without_a_payment_are_refused() -> None:
    with pytest.raises(InputError, match="is money the borrower paid"):
        xirr([CashFlow(date(2025, 1, 1), D(100)), CashFlow(date(2025, 2, 1), D(5))])


@pytest.mark.parametrize(
    "amounts",
    [
        [D(1), D("-0.00001")],  # the rate is -99.999 %, below the search interval
        [D(1), D(-20)],  # 1,900 % a period, above it
    ],
)
def test_no_rate_in_range_is_refused(amounts: list[Decimal]) -> None:
    with pytest.raises(InputError, match="no rate between -99.99% and 1000% a period") as caught:
        periodic_irr(amounts)
    assert caught.value.params == {"count": 2}


def test_not_a_number_is_refused() -> None:
    with pytest.raises(InputError, match="cash flow 2 is NaN"):
        periodic_irr([D(100), D("NaN")])


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"principal": D(0)}, "principal is 0"),
        ({"upfront_fee": D(10000)}, "nothing would be lent"),
        ({"upfront_fee": D(-1)}, "upfront_fee is -1"),
        ({"other_fees": D("-0.01")}, "other_fees is -0.01"),
        ({"periods_per_year": 0}, "periods_per_year is 0; use 12 for monthly"),
        ({"payments": []}, "there are no payments"),
        ({"payments": [D(100), D(-5)]}, "payment 2 is -5"),
        ({"advertised_percent": D(-1)}, "advertised_percent is -1"),
    ],
)
def test_loan_cost_refuses_bad_input(changes: dict[str, object], match: str) -> None:
    arguments: dict[str, object] = {
        "principal": D(10000),
        "upfront_fee": D(0),
        "payments": ANNUITY_PAYMENTS,
        "periods_per_year": 12,
        "advertised_percent": D(12),
    }
    arguments.update(changes)
    with pytest.raises(InputError, match=match):
        loan_cost(**arguments)  # type: ignore[arg-type]


def test_an_lpr_setting_that_is_not_a_rate_is_refused() -> None:
    loan = contract(method="annuity", principal="10000", rate="12%", term="12")
    with pytest.raises(InputError, match="lpr_percent is Infinity"):
        contract_cost(loan, D("Infinity"))


def test_dated_loan_cost_refuses_a_zero_principal() -> None:
    flows = [CashFlow(date(2025, 1, 1), D(100)), CashFlow(date(2025, 2, 1), D(-101))]
    with pytest.raises(InputError, match="principal is 0"):
        dated_loan_cost(flows=flows, principal=D(0), advertised_percent=D(0))


# --- invariants -------------------------------------------------------------------------------

principals = st.integers(10_000, 100_000_000).map(lambda c: D(c) / 100)  # 100.00 .. 1,000,000.00
annual_rates = st.integers(0, 6000).map(lambda h: D(h) / 100)  # 0.00 .. 60.00 % a year
term_months = st.integers(1, 360)


def annuity_flows(principal: Decimal, annual_percent: Decimal, n: int) -> list[Decimal]:
    payment = annuity_payment(principal, annual_percent / 1200, n)
    return [principal, *([-payment] * n)]


@FAST
@given(principals, annual_rates, term_months)
def test_irr_of_an_annuity_is_its_contract_rate(
    principal: Decimal, annual: Decimal, n: int
) -> None:
    rate = annual / 1200
    irr = periodic_irr(annuity_flows(principal, annual, n))
    # The installment is rounded to the cent, off by at most 0.005 from the exact one; the
    # rate moves by about that over dM/dr (doubled for the curvature of M).
    tolerance = D("0.01") / payment_slope(principal, rate, n) + D("1e-15")
    assert abs(irr - rate) <= tolerance


@FAST
@given(
    st.lists(st.integers(0, 1_000_000), min_size=1, max_size=60),
    st.integers(34, 200),
)
def test_npv_at_the_returned_rate_is_zero(payment_cents: list[int], percent: int) -> None:
    payments = [D(c) / 100 for c in payment_cents]
    total = sum(payments, D(0))
    principal = cents(total * percent / 100)
    if principal == 0:
        return
    flows = [principal, *(-p for p in payments)]
    rate = periodic_irr(flows)
    assert abs(npv(flows, rate)) <= principal * D("1e-15")


@FAST
@given(
    principals,
    annual_rates,
    st.integers(1, 120),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
)
def test_xirr_of_monthly_dates_is_close_to_the_periodic_effective_rate(
    principal: Decimal, annual: Decimal, n: int, start: date
) -> None:
    flows = annuity_flows(principal, annual, n)
    dated = [
        CashFlow(add_months(start, k), amount) if k else CashFlow(start, amount)
        for k, amount in enumerate(flows)
    ]
    with localcontext(Context(prec=40)):
        periodic_force = 12 * (1 + periodic_irr(flows)).ln()  # continuous rate a year
        dated_force = (1 + xirr(dated)).ln()
        # Month k falls d_k days after the start instead of k * 365 / 12: each payment's time
        # is stretched by c_k = d_k / (k * 365 / 12), so the dated rate lies between the
        # periodic one divided by the largest and by the smallest stretch.
        stretches = [
            D((flow.on - start).days) / (D(k) * 365 / 12) for k, flow in enumerate(dated) if k
        ]
        bounds = sorted((periodic_force / max(stretches), periodic_force / min(stretches)))
    slack = D("1e-12")
    assert bounds[0] - slack <= dated_force <= bounds[1] + slack


@FAST
@given(principals, annual_rates, term_months, st.integers(1, 5000))
def test_a_fee_taken_up_front_raises_the_rate(
    principal: Decimal, annual: Decimal, n: int, fee_per_10000: int
) -> None:
    fee = cents(principal * fee_per_10000 / 10000)  # up to half the principal
    if fee == 0:
        return
    flows = annuity_flows(principal, annual, n)
    with_fee = [principal - fee, *flows[1:]]
    assert periodic_irr(with_fee) > periodic_irr(flows)


def test_dates_helper_clamps_to_month_end() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 1, 31), 2) == date(2024, 3, 31)
    assert add_months(date(2024, 11, 15), 2) == date(2025, 1, 15)
    assert date(2024, 1, 1) + timedelta(days=31) == add_months(date(2024, 1, 1), 1)


# -- the real cost of a loan in the book: which method, which rate is advertised ------------

CONTRACT = {"name": "x", "currency": "CNY", "start": "2026-01-31"}


def contract(**fields: str) -> Loan:
    return validate_loan_dict({**CONTRACT, **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"method": "annuity", "principal": "10000", "rate": "12%", "term": "12"}, D(12)),
        # A flat loan's monthly fee on the original principal counts x 12 beside its rate.
        ({"method": "flat", "principal": "10000", "rate": "0", "fee_rate": "0.75%",
          "term": "12"}, D(9)),
        ({"method": "flat", "principal": "10000", "rate": "2%", "fee_rate": "0.5%",
          "term": "12"}, D(8)),
        # A daily rate is stated a year on the contract's day count: 0.05 % x 360.
        ({"method": "annuity", "principal": "1000", "rate": "0.05%/day", "term": "6",
          "day_count": "360"}, D(18)),
    ],
)  # fmt: skip
def test_advertised_percent_is_the_rate_the_lender_states(fields: dict, expected: Decimal) -> None:
    assert advertised_percent(contract(**fields)) == expected


def schedule_flows(loan: Loan) -> list[CashFlow]:
    """The money received on the start date and every contract installment on its date."""
    flows = [CashFlow(loan.start, loan.amount_received)]
    return flows + [CashFlow(i.due_date, -i.payment) for i in contract_schedule(loan)]


def test_a_flat_fee_loan_costs_about_twice_its_advertised_rate() -> None:
    # docs/conventions.md#real-cost: 0.75 %/month over 12 months on 10,000 is 908.33 a month,
    # advertised as 9 %. On its dates from 2026-01-31 (installments on Feb 28, Mar 31, ...):
    # XIRR 17.62 % effective, ((1 + 0.1762) ** (1/12) - 1) x 12 = 16.34 % nominal. (Equally
    # spaced periods gave 16.22 / 17.48: the short February makes it dearer by the day.)
    loan = contract(method="flat", principal="10000", rate="0", fee_rate="0.75%", term="12")
    payments = [i.payment for i in contract_schedule(loan)]
    assert payments[:11] == [D("908.33")] * 11 and payments[11] == D("908.37")
    cost = contract_cost(loan)
    effective = oracle_xirr(schedule_flows(loan))
    assert abs(cost.effective_apr - effective * 100) < D("1e-9")
    assert abs(cost.nominal_apr - nominal_of(effective, D(12)) * 100) < D("1e-9")
    assert (cents(cost.nominal_apr), cents(cost.effective_apr)) == (D("16.34"), D("17.62"))
    assert (cost.advertised, cost.total_interest, cost.total_fees) == (D(9), D(900), D(0))
    # A flat-fee loan is a consumer-finance company's by default: 24 % and 36 %.
    assert cost.flags == () and cost.lpr is None


def test_flags_judge_the_rate_people_see_to_the_cent() -> None:
    # 10,000 lent by a person at 12.004 % for 365 days: 11,200.40 back, 12.004 % nominal,
    # shown as 12.00 %, which is not above 4 x a 3 % LPR.
    loan = contract(method="lump-sum", principal="10000", rate="12.004%", term="12",
                    start="2026-01-15")  # fmt: skip
    cost = contract_cost(loan)
    assert contract_schedule(loan)[0].payment == D("11200.40")
    assert abs(cost.nominal_apr - D("12.004")) < D("1e-15") and cost.flags == ()
    assert cost_flags(cost.nominal_apr, cost.lines) == ("above_4x_lpr",)  # unrounded: flagged
    assert contract_cost(loan, D("2.99")).flags == ("above_4x_lpr",)  # 12.00 > 11.96


def test_a_lump_sum_is_costed_on_its_dates_net_of_the_fee_taken_up_front() -> None:
    # 950 in hand on Oct 1 (1,000 less a 50 fee), 1,030 paid on Nov 1, 31 days later:
    # effective = (1030 / 950) ** (365 / 31) - 1; one period, its term, so nominal =
    # (1030 / 950 - 1) x 365 / 31 = 80 / 950 x 365 / 31 = 99.15 %.
    loan = contract(method="lump-sum", principal="1000", rate="36%", term="1",
                    start="2026-10-01", upfront_fee="50")  # fmt: skip
    cost = contract_cost(loan)
    with localcontext(Context(prec=40)):
        growth = D(1030) / D(950)
        effective = ((growth.ln() * 365 / 31).exp() - 1) * 100
        nominal = D(80) / 950 * 365 / 31 * 100
    assert abs(cost.effective_apr - effective) < D("1e-9")
    assert abs(cost.nominal_apr - nominal) < D("1e-15")
    assert (cents(cost.effective_apr), cents(cost.nominal_apr)) == (D("159.08"), D("99.15"))
    assert (cost.advertised, cost.total_interest, cost.total_fees) == (D(36), D(30), D(50))
    assert cost.flags == ("above_4x_lpr",)  # a person's loan: only the court line applies


# -- issue 13, bug 3: a one-year lump sum costs its simple rate -------------------------------


@pytest.mark.parametrize(
    ("rate", "lender", "currency", "flags"),
    [
        ("12.5", "private", "CNY", ("above_4x_lpr",)),  # above 4 x 3.0 % (2025-05-20)
        ("25", "private", "CNY", ("above_4x_lpr",)),
        ("38", "private", "CNY", ("above_4x_lpr",)),
        ("12.5", "online", "CNY", ()),
        ("25", "online", "CNY", ("above_24",)),
        ("38", "online", "CNY", ("above_24", "above_36")),
        ("38", "consumer-finance", "CNY", ("above_24", "above_36")),
        ("38", "private", "USD", ()),  # a us loan: no Chinese line
    ],
)
def test_a_one_year_lump_sum_costs_its_simple_rate(
    rate: str, lender: str, currency: str, flags: tuple[str, ...]
) -> None:
    # 10,000 on 2026-01-15, 10,000 x (1 + rate) on 2027-01-15, 365 days later. One period,
    # the term: nominal = (paid / received - 1) x 365 / 365 = the rate; effective = the
    # XIRR = (paid / received) ** (365 / 365) - 1 = the rate. (Was the daily rate x 365:
    # 11.78 / 22.32 / 32.22, under every line.)
    loan = validate_loan_dict({**CONTRACT, "currency": currency, "method": "lump-sum",
                               "principal": "10000", "rate": f"{rate}%", "term": "12",
                               "start": "2026-01-15", "lender_type": lender})  # fmt: skip
    cost = contract_cost(loan)
    assert contract_schedule(loan)[0].due_date == date(2027, 1, 15)
    assert abs(cost.nominal_apr - D(rate)) < D("1e-15")
    assert abs(cost.effective_apr - D(rate)) < D("1e-15")
    assert abs(cost.effective_apr - oracle_xirr(schedule_flows(loan)) * 100) < D("1e-9")
    assert cost.flags == flags


def test_a_lump_sum_over_a_leap_year_is_measured_on_365_days() -> None:
    # 2027-06-01 to 2028-06-01 holds February 29: 366 days. nominal = 0.125 x 365 / 366
    # = 12.4658 %; effective = 1.125 ** (365 / 366) - 1 = 12.4638 %.
    loan = contract(method="lump-sum", principal="10000", rate="12.5%", term="12",
                    start="2027-06-01")  # fmt: skip
    cost = contract_cost(loan)
    with localcontext(Context(prec=40)):
        assert abs(cost.nominal_apr - D("12.5") * 365 / 366) < D("1e-15")
        expected = (D("1.125").ln() * 365 / 366).exp() - 1
    assert abs(cost.effective_apr - expected * 100) < D("1e-15")
    assert (cents(cost.nominal_apr), cents(cost.effective_apr)) == (D("12.47"), D("12.46"))


# -- issue 13, bug 4: an installment loan costs the XIRR of its dated flows -------------------


def test_an_11_day_first_period_costs_the_xirr_of_its_dated_flows() -> None:
    # `add --start 2026-01-25 --due-day 5`: 10,000 paid out on Jan 25, the first installment
    # on Feb 5, 11 days later, then the 5th of every month, the last on 2027-01-05. The
    # schedule charges the broken first period by the day on a cn loan's 360-day year:
    # 10,000 x 12% / 360 x 11 = 36.666 -> 36.67, with the regular principal part 788.49:
    # 825.16; then 888.49, the last 888.47. (Charged a whole month, 100.00, as before the
    # schedule counted the days, this loan cost 14.31% effective.) XIRR of these dated flows
    # (the oracle: bisection on sum(a / (1 + R) ** (days / 365))): 12.80% effective;
    # nominal ((1 + R) ** (1/12) - 1) x 12 = 12.11%.
    loan = contract(method="annuity", principal="10000", rate="12%", term="12",
                    start="2026-01-25", due_day="5")  # fmt: skip
    flows = schedule_flows(loan)
    assert [f.on for f in flows[:3]] == [date(2026, 1, 25), date(2026, 2, 5), date(2026, 3, 5)]
    assert flows[1].amount == D("-825.16") and flows[2].amount == D("-888.49")
    assert flows[-1] == CashFlow(date(2027, 1, 5), D("-888.47"))
    cost = contract_cost(loan)
    effective = oracle_xirr(flows)
    assert abs(cost.effective_apr - effective * 100) < D("1e-9")
    assert abs(cost.nominal_apr - nominal_of(effective, D(12)) * 100) < D("1e-9")
    assert (cents(cost.effective_apr), cents(cost.nominal_apr)) == (D("12.80"), D("12.11"))
    assert cost.flags == ()  # a bank's loan by default: under 24 %
    private = contract(method="annuity", principal="10000", rate="12%", term="12",
                       start="2026-01-25", due_day="5", lender_type="private")  # fmt: skip
    assert contract_cost(private).flags == ("above_4x_lpr",)  # 12.11 > 4 x 3.0


def test_a_first_period_charged_by_the_day_costs_about_the_contract_rate() -> None:
    # Whatever the schedule charges, the cost is the XIRR of its dated flows. The same
    # loan with the 11 days charged by the day (10,000 x 12 % / 365 x 11 = 36.16 of
    # interest, the principal part as before): 824.65, then 888.49 ...
    start = date(2026, 1, 25)
    payments = [D("824.65")] + [D("888.49")] * 10 + [D("888.47")]
    flows = [CashFlow(start, D(10000))] + [
        CashFlow(add_months(date(2026, 2, 5), k), -p) for k, p in enumerate(payments)
    ]
    cost = dated_loan_cost(flows=flows, principal=D(10000), advertised_percent=D(12),
                           periods_per_year=12)  # fmt: skip
    effective = oracle_xirr(flows)
    assert abs(cost.effective_apr - effective * 100) < D("1e-9")
    assert abs(cost.nominal_apr - nominal_of(effective, D(12)) * 100) < D("1e-9")
    assert D(12) < cost.nominal_apr < D("12.2")  # near the contract, not 13.45


def test_a_12_percent_annuity_by_its_dates() -> None:
    # From 2026-01-15 the first months are January's 31 days and February's 28: the flows
    # come a little earlier than 365/12 days apart, so by the day the loan costs a little
    # more than 12 %: XIRR 12.74 %, nominal 12.05 %. From 2026-03-15: 11.94 %.
    jan = contract(method="annuity", principal="10000", rate="12%", term="12",
                   start="2026-01-15")  # fmt: skip
    mar = contract(method="annuity", principal="10000", rate="12%", term="12",
                   start="2026-03-15")  # fmt: skip
    for loan, nominal, effective in ((jan, "12.05", "12.74"), (mar, "11.94", "12.61")):
        cost = contract_cost(loan)
        exact = oracle_xirr(schedule_flows(loan))
        assert abs(cost.effective_apr - exact * 100) < D("1e-9")
        assert (cents(cost.nominal_apr), cents(cost.effective_apr)) == (D(nominal), D(effective))


@FAST
@given(
    st.dates(min_value=date(2019, 1, 1), max_value=date(2040, 12, 31)),
    st.one_of(st.none(), st.integers(1, 31)),
    st.integers(0, 4000).map(lambda h: D(h) / 100),
    st.integers(1, 48),
    st.sampled_from(["annuity", "equal-principal", "interest-only", "lump-sum"]),
    st.sampled_from(list(Frequency)),
)
def test_the_cost_of_any_contract_is_the_xirr_of_its_dated_flows(
    start: date, due_day: int | None, annual: Decimal, term: int, method: str,
    frequency: Frequency,
) -> None:  # fmt: skip
    fields = {"method": method, "principal": "10000", "rate": f"{annual}%", "term": str(term),
              "start": start.isoformat(), "frequency": frequency.value}  # fmt: skip
    if due_day is not None and frequency is Frequency.MONTHLY:
        fields["due_day"] = str(due_day)
    loan = contract(**fields)
    flows = schedule_flows(loan)
    cost = contract_cost(loan)
    effective = oracle_xirr(flows)
    assert abs(cost.effective_apr - effective * 100) < D("1e-8")
    if len(flows) == 2:  # one payment: the period is the term, nominal the simple rate
        days = (flows[1].on - flows[0].on).days
        simple = (-flows[1].amount / flows[0].amount - 1) * 365 / days
        assert abs(cost.nominal_apr - simple * 100) < D("1e-12")
    else:
        periods = D(frequency.periods_per_year)
        assert abs(cost.nominal_apr - nominal_of(effective, periods) * 100) < D("1e-8")


def test_flag_names_cover_every_flag() -> None:
    every = {line.flag for lender in LenderType for line in legal_lines("cn", lender, D(3))}
    assert every == {"above_4x_lpr", "above_24", "above_36"} == set(FLAG_NAMES)
    assert "4x the one-year LPR" in FLAG_NAMES["above_4x_lpr"]


def test_a_cost_beyond_any_yearly_rate_is_refused_not_a_crash() -> None:
    """300 months' interest (10% of 1,000 x 25 = 2,500) due the day after the money is paid
    out: (3,500 / 1,000 - 1) x 365 = 91,250% nominal, and (3.5)^365 - 1 effective, a number of
    some 200 digits. No rate says anything there: the cost is refused with a message (and
    `show` leaves it out) instead of failing to print it."""
    loan = contract(method="lump-sum", principal="1000", rate="10%", term="300",
                    start="2026-01-01", first_due="2026-01-02")  # fmt: skip
    with pytest.raises(InputError, match="over 1,000,000% a year"):
        contract_cost(loan)


def test_show_leaves_out_a_cost_beyond_any_rate(cli, add_loan) -> None:
    add_loan("x", "--method", "lump-sum", "--principal", "1000", "--rate", "10%", "--term",
             "300", "--start", "2026-01-01", "--first-due", "2026-01-02")  # fmt: skip
    result = cli("show", "x", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["cost"] is None
    assert cli("show", "x").exit_code == 0
