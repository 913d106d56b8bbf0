"""The ledger: payments applied oldest first in the contract's order, penalties to the
cent, grace days, late fees, prepayments, and no cent created or lost; and the overdue
stages and credit-report buckets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from debtplan.core.calendar import Frequency
from debtplan.core.from_document import loan_from_dict
from debtplan.core.ledger import (
    LoanState,
    Status,
    charges,
    cost_of_waiting,
    daily_increase,
    loan_state,
)
from debtplan.core.model import (
    DEFAULT_ALLOCATION,
    Component,
    Loan,
    Method,
    Payment,
    PenaltyBase,
    Prepay,
)
from debtplan.core.money import Rate, RateUnit, cents
from debtplan.core.penalty import (
    Stage,
    bucket,
    daily_penalty_rate,
    penalty_base,
    stage,
    us_reported,
)
from debtplan.core.schedule import contract_schedule

D = Decimal
ZERO = D(0)
DUE1 = date(2026, 2, 15)  # installment 1 of the standard loan: 888.49 (100.00 + 788.49)
DUE2 = date(2026, 3, 15)  # installment 2: 888.49 (92.12 + 796.37)


def make_loan(*payments: tuple[str, str] | tuple[str, str, str], **fields: Any) -> Loan:
    """10,000 at 12 % over 12 months from 2026-01-15, through the file's validation."""
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
    raw["payments"] = [
        {"date": p[0], "amount": p[1], **({"prepay": p[2]} if len(p) > 2 else {})} for p in payments
    ]
    loan, problems = loan_from_dict(raw)
    assert loan is not None, problems
    return loan


def days_after(day: date, n: int) -> date:
    return day + timedelta(days=n)


def state_on(loan: Loan, n_days_after_due1: int) -> LoanState:
    return loan_state(loan, days_after(DUE1, n_days_after_due1))


# --- stages, buckets and the daily penalty rate ------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (-3, None),
        (0, None),
        (1, Stage.SHORT),
        (7, Stage.SHORT),
        (8, Stage.MEDIUM),
        (30, Stage.MEDIUM),
        (31, Stage.LONG),
        (400, Stage.LONG),
    ],
)
def test_stage_edges(days: int, expected: Stage | None) -> None:
    assert stage(days) is expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, None),
        (1, "M1"),
        (30, "M1"),
        (31, "M2"),
        (60, "M2"),
        (61, "M3"),
        (90, "M3"),
        (91, "M4"),
        (150, "M5"),
        (151, "M6"),
        (180, "M6"),
        (181, "M6+"),
        (1000, "M6+"),
    ],
)
def test_bucket_edges(days: int, expected: str | None) -> None:
    assert bucket(days) == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, None), (29, None), (30, 30), (59, 30), (60, 60), (179, 150), (180, 180), (900, 180)],
)
def test_us_reporting_marks(days: int, expected: int | None) -> None:
    assert us_reported(days) == expected


def test_daily_penalty_rates() -> None:
    assert daily_penalty_rate(make_loan()) == 0  # no penalty terms, no penalty
    assert daily_penalty_rate(make_loan(penalty_rate="0.05%/day")) == D("0.0005")
    # A yearly penalty rate over the contract's day count.
    assert daily_penalty_rate(make_loan(penalty_rate="18%/year", day_count=360)) == D("0.0005")
    # Contract rate plus 50 %: 18 % a year, over 360 days, a Chinese loan's default day
    # count (日利率 = 年利率 / 360); over 365 for a US loan.
    assert daily_penalty_rate(make_loan(penalty_markup="50%")) == D(18) / 100 / 360
    us_loan = make_loan(penalty_markup="50%", jurisdiction="us")
    assert daily_penalty_rate(us_loan) == D(18) / 100 / 365
    assert daily_penalty_rate(make_loan(penalty_markup="30", day_count=360)) == D("15.6") / 36000


def test_penalty_base_defaults() -> None:
    assert penalty_base(make_loan(penalty_rate="0.05%/day")) is PenaltyBase.OVERDUE
    assert penalty_base(make_loan(penalty_markup="50%")) is PenaltyBase.PRINCIPAL
    stated = make_loan(penalty_markup="50%", penalty_base="overdue")
    assert penalty_base(stated) is PenaltyBase.OVERDUE


# --- before and on the due date -----------------------------------------------------------


def test_nothing_due_before_the_first_due_date() -> None:
    state = loan_state(make_loan(penalty_rate="0.05%/day", day_count=365), date(2026, 2, 14))
    assert {i.status for i in state.installments} == {Status.UPCOMING}
    assert (state.total_due, state.penalty, state.late_fees) == (0, 0, 0)
    assert state.balance == D("10000")
    assert state.next_due is not None and state.next_due.due_date == DUE1
    # Clearing it now: the principal and its interest by the day since the money was paid
    # out (no longer the first installment's whole month): 30 days, Jan 15 -> Feb 14,
    # 10,000 x 12% / 365 x 30 = 98.6301... -> 98.63.
    assert state.payoff_amount == D("10098.63")


def test_due_today_is_due_not_overdue() -> None:
    state = loan_state(make_loan(penalty_rate="0.05%/day", late_fee="30"), DUE1)
    first = state.installments[0]
    assert first.status is Status.DUE
    assert first.days_overdue == 0
    assert state.overdue == ()
    assert state.total_due == D("888.49")
    assert (state.penalty, state.late_fees, state.days_overdue) == (0, 0, 0)
    assert state.stage is None and state.bucket is None


def test_paid_on_time() -> None:
    state = state_on(make_loan(("2026-02-15", "888.49"), penalty_rate="0.05%/day"), 20)
    first = state.installments[0]
    assert first.status is Status.PAID
    assert first.paid_on == DUE1
    assert (first.paid_interest, first.paid_principal) == (D("100.00"), D("788.49"))
    assert state.balance == D("9211.51")
    assert state.total_due == 0


# --- overdue: penalty to the cent, grace days, late fees ------------------------------------


def test_overdue_fifteen_days_at_five_hundredths_of_a_percent_a_day() -> None:
    # 888.49 x 0.05 % x 15 days = 6.663675 -> 6.66.
    state = state_on(make_loan(penalty_rate="0.05%/day"), 15)
    (first,) = state.overdue
    assert (first.status, first.days_overdue) == (Status.OVERDUE, 15)
    assert first.penalty == D("6.66")
    assert state.overdue_amount == D("888.49")
    assert state.penalty == D("6.66")
    assert state.total_due == D("895.15")
    assert (state.days_overdue, state.stage, state.bucket) == (15, Stage.MEDIUM, "M1")
    # Day 16 is 7.10792 -> 7.11 in all, so waiting a day costs 0.45.
    assert daily_increase(state.loan, state.as_of) == D("0.45")


def test_day_one_overdue_is_the_day_after_the_due_date() -> None:
    state = state_on(make_loan(penalty_rate="0.05%/day"), 1)
    assert state.days_overdue == 1
    assert state.stage is Stage.SHORT
    assert state.penalty == D("0.44")  # 888.49 x 0.0005 = 0.444245


def test_within_grace_days_nothing_is_overdue() -> None:
    loan = make_loan(penalty_rate="0.05%/day", grace_days=3, late_fee="30")
    for day in (1, 2, 3):
        state = state_on(loan, day)
        assert state.installments[0].status is Status.DUE
        assert state.overdue == ()
        assert (state.penalty, state.late_fees) == (0, 0)
        assert state.total_due == D("888.49")


def test_after_grace_penalty_counts_from_day_one() -> None:
    loan = make_loan(penalty_rate="0.05%/day", grace_days=3, late_fee="30")
    day4 = state_on(loan, 4)
    assert day4.installments[0].status is Status.OVERDUE
    assert day4.days_overdue == 4
    assert day4.penalty == D("1.78")  # 4 days, not 1: 888.49 x 0.0005 x 4 = 1.77698
    assert day4.late_fees == D("30")
    day15 = state_on(loan, 15)
    assert day15.penalty == D("6.66")  # the same as without grace days
    # The day grace ends costs the late fee and four days of penalty at once.
    assert daily_increase(loan, days_after(DUE1, 3)) == D("31.78")


def test_paid_within_grace_costs_nothing() -> None:
    loan = make_loan(
        ("2026-02-18", "888.49"), penalty_rate="0.05%/day", grace_days=3, late_fee="30"
    )
    state = state_on(loan, 30)
    first = state.installments[0]
    assert first.status is Status.PAID
    assert (first.penalty, first.late_fee) == (0, 0)
    assert charges(state) == 0
    assert state.total_paid == D("888.49")


def test_paid_the_day_after_grace_owes_the_penalty_and_fee() -> None:
    loan = make_loan(
        ("2026-02-19", "888.49"), penalty_rate="0.05%/day", grace_days=3, late_fee="30"
    )
    state = state_on(loan, 4)
    first = state.installments[0]
    # Fees (30), then penalty (1.78), then interest (100), then principal (756.71).
    assert (first.paid_fees, first.paid_penalty) == (D("30"), D("1.78"))
    assert (first.paid_interest, first.paid_principal) == (D("100.00"), D("756.71"))
    assert first.principal_owed == D("31.78")
    assert first.status is Status.OVERDUE
    assert state.total_due == D("31.78")


def test_late_fee_once_per_missed_installment() -> None:
    loan = make_loan(late_fee="30", penalty_rate="0.05%/day")
    assert state_on(loan, 1).late_fees == D("30")
    assert state_on(loan, 20).late_fees == D("30")  # not again every day
    both = loan_state(loan, days_after(DUE2, 1))  # the second installment is missed too
    assert [i.late_fee for i in both.installments[:3]] == [D("30"), D("30"), ZERO]
    assert both.late_fees == D("60")
    assert both.days_overdue == 29  # the oldest one counts
    # Penalty on each installment on its own: 888.49 x 0.0005 x 29 and x 1.
    assert both.penalty == cents(D("888.49") * D("0.0005") * 29) + D("0.44")
    assert both.total_due == 2 * D("888.49") + D("60") + both.penalty


def test_markup_penalty_on_principal_only() -> None:
    # 12 % + 50 % = 18 % a year on the overdue principal, 788.49, for 28 days, on a Chinese
    # loan's 360 days: 788.49 x 0.18 x 28 / 360 = 11.0388... -> 11.04 (10.89 on 365 days).
    state = loan_state(make_loan(penalty_markup="50%"), date(2026, 3, 15))
    assert state.installments[0].days_overdue == 28
    assert state.installments[0].penalty == D("11.04")
    on_365 = loan_state(make_loan(penalty_markup="50%", day_count=365), date(2026, 3, 15))
    assert on_365.installments[0].penalty == D("10.89")  # 788.49 x 0.18 x 28 / 365
    assert state.installments[1].status is Status.DUE


def test_markup_penalty_compounds_on_overdue_interest() -> None:
    # 复利: the penalty rate also runs on the 100.00 overdue interest:
    # 888.49 x 0.18 x 28 / 360 = 12.4388... -> 12.44.
    state = loan_state(make_loan(penalty_markup="50%", penalty_compound=True), date(2026, 3, 15))
    assert state.installments[0].penalty == D("12.44")
    overdue_base = make_loan(penalty_markup="50%", penalty_base="overdue")
    assert loan_state(overdue_base, date(2026, 3, 15)).installments[0].penalty == D("12.44")


def test_no_penalty_terms_means_no_penalty() -> None:
    state = state_on(make_loan(), 100)
    assert state.penalty == 0
    assert state.days_overdue == 100
    assert state.bucket == "M4"
    assert state.stage is Stage.LONG


def test_cost_of_waiting() -> None:
    loan = make_loan(penalty_rate="0.05%/day", late_fee="30")
    as_of = days_after(DUE1, 15)
    # On day 25: 888.49 x 0.0005 x 25 = 11.106125 -> 11.11, against 6.66 today.
    assert cost_of_waiting(loan, as_of, days_after(DUE1, 25)) == D("4.45")
    # Waiting past the next due date adds its late fee and its penalty too.
    later = date(2026, 3, 20)  # 33 days for the first, 5 for the second
    expected = (
        cents(D("888.49") * D("0.0005") * 33) + D("30") + cents(D("888.49") * D("0.0005") * 5)
    ) - D("6.66")
    assert cost_of_waiting(loan, as_of, later) == expected
    assert cost_of_waiting(loan, as_of, as_of) == 0


# --- payments: allocation order, partial payments --------------------------------------------


def test_default_allocation_fees_then_penalty_then_interest_then_principal() -> None:
    loan = make_loan(("2026-03-02", "40"), penalty_rate="0.05%/day", late_fee="30")
    first = state_on(loan, 15).installments[0]
    assert first.penalty == D("6.66")
    assert first.paid_fees == D("30")
    assert first.paid_penalty == D("6.66")
    assert first.paid_interest == D("3.34")
    assert first.paid_principal == 0
    assert first.total_owed == D("888.49") + D("36.66") - D("40")


def test_small_payment_goes_to_fees_first() -> None:
    loan = make_loan(("2026-03-02", "20"), penalty_rate="0.05%/day", late_fee="30")
    first = state_on(loan, 15).installments[0]
    assert (first.paid_fees, first.paid_penalty, first.paid_interest) == (D("20"), 0, 0)
    assert first.fees_owed == D("10")


def test_custom_allocation_principal_first() -> None:
    loan = make_loan(
        ("2026-03-02", "800"),
        penalty_rate="0.05%/day",
        late_fee="30",
        allocation="principal,interest,penalty,fees",
    )
    first = state_on(loan, 15).installments[0]
    assert (first.paid_principal, first.paid_interest) == (D("788.49"), D("11.51"))
    assert (first.paid_penalty, first.paid_fees) == (0, 0)
    assert first.interest_owed == D("88.49")
    assert first.status is Status.OVERDUE


def test_partial_payment_leaves_the_rest_owed_and_accruing() -> None:
    # Day 10: penalty 888.49 x 0.0005 x 10 = 4.44; 500 pays it, the 100.00 interest and
    # 395.56 of principal, leaving 392.93. Ten more days on 392.93: 1.96465 -> 1.96.
    loan = make_loan(("2026-02-25", "500"), penalty_rate="0.05%/day")
    first = state_on(loan, 20).installments[0]
    assert (first.paid_penalty, first.paid_interest, first.paid_principal) == (
        D("4.44"),
        D("100.00"),
        D("395.56"),
    )
    assert first.principal_owed == D("392.93")
    assert first.penalty == D("6.40")
    assert first.penalty_owed == D("1.96")
    assert (first.status, first.days_overdue) == (Status.OVERDUE, 20)
    assert state_on(loan, 20).total_due == D("394.89")


def test_payments_go_to_the_oldest_installment_first() -> None:
    loan = make_loan(("2026-03-20", "1000"))
    state = loan_state(loan, date(2026, 3, 20))
    first, second = state.installments[:2]
    assert first.status is Status.PAID
    assert (second.paid_interest, second.paid_principal) == (D("92.12"), D("19.39"))
    assert second.status is Status.OVERDUE


def test_early_partial_payment_cuts_principal_that_day() -> None:
    """300 paid on Feb 1, 17 days into the first period, cuts principal that day.

    The principal cut X pays its interest for the 17 days: X + cents(X x 12% x 17 / 365)
    = 300 gives X = 298.33 (298.33 x 0.0055890 = 1.667 -> 1.67; 298.33 + 1.67 = 300.00).
    Installment 1 stays 888.49 (shorten), its interest now on 10,000 - 298.33 = 9,701.67:
    97.0167 -> 97.02, so its principal part is 888.49 - 97.02 = 791.47.
    """
    state = loan_state(make_loan(("2026-02-01", "300"), day_count=365), date(2026, 2, 5))
    first = state.installments[0]
    assert (state.prepaid, state.prepaid_interest) == (D("298.33"), D("1.67"))
    assert first.status is Status.UPCOMING
    assert (first.payment, first.interest, first.principal) == (
        D("888.49"), D("97.02"), D("791.47"))  # fmt: skip
    assert state.balance == D("9701.67")
    assert state.next_due is first


def test_payments_after_as_of_are_ignored() -> None:
    loan = make_loan(("2026-02-20", "888.49"), penalty_rate="0.05%/day")
    state = state_on(loan, 3)
    assert state.installments[0].status is Status.OVERDUE
    assert state.total_paid == 0


def test_payment_order_in_the_loan_does_not_matter() -> None:
    # The CLI keeps payments sorted, but a Loan is public: the ledger must apply them in
    # date order whatever order they are listed in.
    loan = make_loan(
        ("2026-02-25", "300"), ("2026-03-20", "900"), penalty_rate="0.05%/day", late_fee="30"
    )
    shuffled = replace(loan, payments=tuple(reversed(loan.payments)))
    assert loan_state(shuffled, date(2026, 4, 1)) == replace(
        loan_state(loan, date(2026, 4, 1)), loan=shuffled
    )


# --- prepayment: shorten or reduce, overpaid --------------------------------------------------


def test_prepay_shortens_the_term_by_default() -> None:
    """On the first due date: installment 1 (888.49) and 5,000 more, which cuts the
    9,211.51 left to 4,211.51 that day (day 0 of the next period: no interest on it).

    Repaid at 888.49 a month at 1 % (hand table, interest = cents(balance x 0.01)):
    42.12 + 846.37 -> 3365.14; 33.65 + 854.84 -> 2510.30; 25.10 + 863.39 -> 1646.91;
    16.47 + 872.02 -> 774.89; and 7.75 + 774.89 = 782.64 to finish (numpy-financial:
    nper(0.01, -888.49, 4211.51) = 4.88, so five installments).
    """
    loan = make_loan(("2026-02-15", "5888.49"))
    state = loan_state(loan, date(2026, 2, 16))
    assert state.prepaid == D("5000.00")
    assert (state.prepaid_interest, state.prepay_fees, state.overpaid) == (0, 0, 0)
    assert len(state.installments) == 6  # six installments instead of twelve
    assert state.installments[0].status is Status.PAID
    rest = state.installments[1:]
    assert [i.payment for i in rest] == [D("888.49")] * 4 + [D("782.64")]
    assert [i.interest for i in rest] == [D("42.12"), D("33.65"), D("25.10"), D("16.47"),
                                          D("7.75")]  # fmt: skip
    assert [i.balance for i in rest] == [D("3365.14"), D("2510.30"), D("1646.91"),
                                         D("774.89"), ZERO]  # fmt: skip
    assert rest[-1].due_date == date(2026, 7, 15)
    assert state.balance == D("4211.51")


def test_prepay_reduce_keeps_the_term_and_lowers_the_installment() -> None:
    """4,211.51 over the 11 months left at 1 %: numpy-financial pmt(0.01, 11, -4211.51) =
    406.2173 -> 406.22; the last absorbs the remainder."""
    loan = make_loan(("2026-02-15", "5888.49", "reduce"))
    state = loan_state(loan, date(2026, 2, 16))
    assert state.prepaid == D("5000.00")
    rest = state.installments[1:]
    assert len(state.installments) == 12
    assert [i.payment for i in rest[:-1]] == [D("406.22")] * 10
    assert (rest[0].interest, rest[0].principal) == (D("42.12"), D("364.10"))
    assert rest[-1].due_date == date(2027, 1, 15)
    assert sum(i.principal for i in rest) == D("4211.51")


def test_prepay_reduce_leaving_a_few_cents() -> None:
    # Everything but 0.05 prepaid, the rest spread over eleven months: 0.01 a month (the
    # annuity, 0.0048, rounds to 0.00; an installment repays at least a cent), not a
    # crash because the rounded installment would not cover the interest.
    amount = D("888.49") + D("9211.51") - D("0.05")
    state = loan_state(make_loan(("2026-02-15", str(amount), "reduce")), date(2026, 2, 16))
    assert state.balance == D("0.05")
    rest = state.installments[1:]
    assert [i.payment for i in rest] == [D("0.01")] * 5
    assert rest[-1].balance == 0


def test_several_payments_on_one_day() -> None:
    loan = make_loan(("2026-03-02", "300"), ("2026-03-02", "595.15"), penalty_rate="0.05%/day")
    state = state_on(loan, 15)
    first = state.installments[0]
    assert first.status is Status.PAID
    assert first.penalty == D("6.66")  # charged once, not once per payment
    assert state.prepaid == state.overpaid == 0


def test_prepay_reduce_equal_principal() -> None:
    """12,000 equal principal: installment 1 is 1,000 + 120 = 1,120. 6,120 on its due date:
    5,000 cuts the 11,000 left that day, and 6,000 over the 11 months left is
    cents(6000 / 11) = 545.45 of principal each, the last 6000 - 10 x 545.45 = 545.50
    with 545.50 x 1 % = 5.455 -> 5.46 of interest."""
    loan = make_loan(("2026-02-15", "6120", "reduce"), method="equal-principal", principal="12000")
    state = loan_state(loan, date(2026, 2, 16))
    assert state.prepaid == D("5000")
    rest = state.installments[1:]
    assert [i.principal for i in rest] == [D("545.45")] * 10 + [D("545.50")]
    assert rest[0].interest == D("60.00")
    assert rest[-1].interest == D("5.46")


def test_prepay_interest_only_lowers_the_interest() -> None:
    """100 of interest for month 1, then 4,100 cuts principal on its due date: 5,900 owed,
    59.00 a month, 5,959.00 at the end."""
    loan = make_loan(("2026-02-15", "4200"), method="interest-only")
    state = loan_state(loan, date(2026, 2, 16))
    assert state.prepaid == D("4100")
    rest = state.installments[1:]
    assert len(state.installments) == 12
    assert [i.interest for i in rest] == [D("59.00")] * 11
    assert rest[-1].payment == D("5959.00")


def test_overpayment_beyond_the_loan_is_overpaid() -> None:
    """20,000 on Feb 1, 17 days after the money was paid out: the payoff is 10,000 and
    17 days of interest, 10,000 x 12% / 365 x 17 = 55.890 -> 55.89; 9,944.11 too much."""
    loan = make_loan(("2026-02-01", "20000"), day_count=365)
    state = loan_state(loan, date(2026, 2, 2))
    assert (state.prepaid, state.prepaid_interest) == (D("10000"), D("55.89"))
    assert state.overpaid == D("9944.11")
    assert state.is_paid_off
    assert state.balance == 0
    assert state.payoff_amount == 0
    assert state.installments == ()


def test_payment_after_the_loan_is_paid_off_is_overpaid() -> None:
    # 10,100.00 on Feb 1 pays off 10,055.89 (above): 44.11 over, and 50 more later.
    loan = make_loan(("2026-02-01", "10100.00"), ("2026-03-01", "50"), day_count=365)
    state = loan_state(loan, date(2026, 3, 2))
    assert state.is_paid_off
    assert (state.prepaid, state.overpaid) == (D("10000"), D("94.11"))


def test_lump_sum_paid_at_maturity_and_late() -> None:
    loan = make_loan(method="lump-sum", penalty_rate="0.05%/day")
    (only,) = contract_schedule(loan)
    assert (only.due_date, only.payment) == (date(2027, 1, 15), D("11200.00"))
    late = loan_state(loan, date(2027, 1, 25))
    # 11,200 x 0.0005 x 10 = 56.00.
    assert late.penalty == D("56.00")
    assert late.total_due == D("11256.00")


def test_revolving_minimum_paid_and_missed() -> None:
    card = make_loan(
        ("2026-02-15", "100"),
        method="revolving",
        principal=None,
        term=None,
        balance="1000",
        rate="18%",
        min_payment="5%,100",
        penalty_rate="0.05%/day",
    )
    state = loan_state(card, date(2026, 3, 20))
    first, second = state.installments[:2]
    assert first.status is Status.PAID
    assert (second.status, second.days_overdue) == (Status.OVERDUE, 5)
    assert second.penalty == D("0.25")  # 100 x 0.0005 x 5


def test_revolving_extra_payment_prepays_the_balance() -> None:
    card = make_loan(
        ("2026-02-15", "600"),
        method="revolving",
        principal=None,
        term=None,
        balance="1000",
        rate="18%",
        min_payment="5%,100",
    )
    state = loan_state(card, date(2026, 2, 16))
    # Minimum 1 (100) on its due date, then 500 off the 1,000 + 15.00 - 100 = 915.00 left,
    # that day; the next month's interest is on 415.00: 6.225 -> 6.23.
    assert state.prepaid == D("500")
    assert state.balance == D("415.00")
    assert state.installments[1].interest == D("6.23")


def test_weekly_loan_overdue() -> None:
    loan = make_loan(frequency="weekly", term=52, rate="5.2%", penalty_rate="0.05%/day")
    schedule = contract_schedule(loan)
    assert schedule[0].due_date == date(2026, 1, 22)
    state = loan_state(loan, date(2026, 2, 1))
    # Installment 1 is 10 days late, installment 2 (Jan 29) 3 days.
    assert [i.days_overdue for i in state.overdue] == [10, 3]
    expected = cents(schedule[0].payment * D("0.0005") * 10) + cents(
        schedule[1].payment * D("0.0005") * 3
    )
    assert state.penalty == expected


# --- paying total_due and payoff_amount -----------------------------------------------------


def with_payment(loan: Loan, on: date, amount: Decimal) -> Loan:
    return replace(loan, payments=(*loan.payments, Payment(on, amount)))


@pytest.mark.parametrize("late", [0, 1, 3, 4, 15, 29, 31, 95, 200])
def test_paying_total_due_clears_everything_due(late: int) -> None:
    loan = make_loan(penalty_rate="0.05%/day", grace_days=3, late_fee="30")
    as_of = days_after(DUE1, late)
    state = loan_state(loan, as_of)
    after = loan_state(with_payment(loan, as_of, state.total_due), as_of)
    assert after.due_now == ()
    assert after.overpaid == after.prepaid == 0
    assert after.total_due == 0


def test_paying_payoff_amount_clears_the_loan() -> None:
    loan = make_loan(("2026-02-25", "500"), penalty_rate="0.05%/day", late_fee="30")
    as_of = date(2026, 4, 2)
    state = loan_state(loan, as_of)
    after = loan_state(with_payment(loan, as_of, state.payoff_amount), as_of)
    assert after.is_paid_off
    assert after.overpaid == 0
    assert after.balance == 0


# --- properties: no cent created or lost ----------------------------------------------------


@st.composite
def loans_with_payments(draw: st.DrawFn) -> tuple[Loan, date]:
    method = draw(st.sampled_from(list(Method)))
    frequency = draw(st.sampled_from(list(Frequency)))
    principal = D(draw(st.integers(min_value=100_00, max_value=5_000_000))) / 100
    percent = draw(st.decimals(min_value=0, max_value=36, places=2))
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 60)))
    term = draw(st.integers(min_value=1, max_value=24))
    fields: dict[str, Any] = {}
    if method is Method.REVOLVING:
        term = 0
        monthly = percent / 1200
        fields["min_payment"] = cents(principal * monthly) + cents(principal / 10) + D("1")
    if method is Method.FLAT:
        fields["fee_rate"] = Rate(
            draw(st.decimals(min_value=0, max_value=2, places=2)), RateUnit.MONTH
        )
    penalty = draw(st.sampled_from(["none", "rate", "markup", "compound"]))
    if penalty == "rate":
        fields["penalty_rate"] = Rate(
            draw(st.decimals(min_value=0, max_value=D("0.2"), places=3)), RateUnit.DAY
        )
    elif penalty in ("markup", "compound"):
        fields["penalty_markup"] = draw(st.decimals(min_value=0, max_value=100, places=0))
        fields["penalty_compound"] = penalty == "compound"
    allocation = draw(st.permutations(list(Component)))
    horizon = start + timedelta(days=draw(st.integers(min_value=1, max_value=800)))
    payments = draw(
        st.lists(
            st.builds(
                Payment,
                on=st.dates(min_value=start, max_value=horizon + timedelta(days=30)),
                amount=st.integers(min_value=1, max_value=int(principal * 60)).map(
                    lambda c: D(c) / 100
                ),
                prepay=st.sampled_from(list(Prepay)),
            ),
            max_size=8,
        )
    )
    loan = Loan(
        name="random",
        currency="CNY",
        method=method,
        principal=principal,
        rate=Rate(percent),
        start=start,
        term=term,
        frequency=frequency,
        grace_days=draw(st.integers(min_value=0, max_value=10)),
        late_fee=D(draw(st.integers(min_value=0, max_value=5000))) / 100,
        allocation=tuple(allocation),
        payments=tuple(sorted(payments, key=lambda p: p.on)),
        **fields,
    )
    return loan, horizon


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(loans_with_payments())
def test_no_cent_is_created_or_lost(case: tuple[Loan, date]) -> None:
    loan, as_of = case
    state = loan_state(loan, as_of)
    paid = sum((p.amount for p in loan.payments if p.on <= as_of), ZERO)
    assert state.total_paid == paid
    assert paid == sum((i.total_paid for i in state.installments), ZERO) + state.prepaid + (
        state.prepaid_interest + state.prepay_fees + state.overpaid
    )
    assert sum((i.principal for i in state.installments), ZERO) + state.prepaid == loan.principal
    assert (
        state.balance + state.prepaid + sum((i.paid_principal for i in state.installments), ZERO)
        == loan.principal
    )
    for item in state.installments:
        assert item.principal_owed >= 0 and item.interest_owed >= 0
        assert item.penalty_owed >= 0 and item.fees_owed >= 0
        assert item.interest >= 0 and item.penalty >= 0
        assert item.late_fee in (ZERO, loan.late_fee)
        assert item.penalty == cents(item.penalty)
        if item.status is Status.PAID:
            assert item.total_owed == 0
    assert state.overpaid >= 0 and state.prepaid >= 0
    if state.overpaid > 0:
        assert state.is_paid_off
    dates = [i.due_date for i in state.installments]
    assert all(a < b for a, b in zip(dates, dates[1:], strict=False))


@PROPERTY
@given(loans_with_payments())
def test_paying_total_due_on_any_day_leaves_nothing_due(case: tuple[Loan, date]) -> None:
    loan, as_of = case
    loan = replace(loan, payments=tuple(p for p in loan.payments if p.on <= as_of))
    state = loan_state(loan, as_of)
    assume(state.total_due > 0)
    after = loan_state(with_payment(loan, as_of, state.total_due), as_of)
    assert after.due_now == ()
    assert after.overdue == ()
    assert after.total_due == 0
    assert after.overpaid == state.overpaid
    assert after.prepaid == state.prepaid
    assert charges(after) == 0


@PROPERTY
@given(loans_with_payments())
def test_paying_payoff_amount_on_any_day_clears_the_loan(case: tuple[Loan, date]) -> None:
    loan, as_of = case
    loan = replace(loan, payments=tuple(p for p in loan.payments if p.on <= as_of))
    state = loan_state(loan, as_of)
    assume(state.payoff_amount > 0)
    after = loan_state(with_payment(loan, as_of, state.payoff_amount), as_of)
    assert after.is_paid_off
    assert after.balance == 0
    assert after.overpaid == state.overpaid


@PROPERTY
@given(loans_with_payments(), st.integers(min_value=0, max_value=60))
def test_waiting_never_costs_less(case: tuple[Loan, date], wait: int) -> None:
    loan, as_of = case
    # Payments recorded after today would pay charges off in between: the question is
    # "what if I pay later instead", so there are none.
    loan = replace(loan, payments=tuple(p for p in loan.payments if p.on <= as_of))
    assert cost_of_waiting(loan, as_of, as_of + timedelta(days=wait)) >= 0
    assert daily_increase(loan, as_of) >= 0


@settings(max_examples=100, deadline=None)
@given(
    late=st.integers(min_value=1, max_value=400),
    grace=st.integers(min_value=0, max_value=10),
    per_day=st.decimals(min_value=D("0.001"), max_value=D("0.1"), places=3),
)
def test_penalty_on_one_missed_installment(late: int, grace: int, per_day: Decimal) -> None:
    loan = make_loan(penalty_rate=f"{per_day}%/day", grace_days=grace)
    state = state_on(loan, late)
    first = state.installments[0]
    if late <= grace:
        assert (first.status, first.penalty) == (Status.DUE, 0)
    else:
        assert first.status is Status.OVERDUE
        assert first.days_overdue == late
        assert first.penalty == cents(D("888.49") * per_day / 100 * late)
        assert state.stage is stage(state.days_overdue)


def test_default_allocation_is_the_civil_code_order() -> None:
    assert DEFAULT_ALLOCATION == (
        Component.FEES,
        Component.PENALTY,
        Component.INTEREST,
        Component.PRINCIPAL,
    )


@PROPERTY
@given(loans_with_payments(), st.integers(min_value=-400, max_value=400))
def test_owing_by_is_what_the_ledger_owes_by_then(case: tuple[Loan, date], ahead: int) -> None:
    """``due``'s question (what is owed on installments due by a day) reads the ledger as
    far as that day; the answer is the one the whole ledger gives."""
    from debtplan.core.ledger import owing_by

    loan, as_of = case
    until = as_of + timedelta(days=ahead)
    whole = [i for i in loan_state(loan, as_of).installments
             if i.total_owed > 0 and i.due_date <= until]  # fmt: skip
    assert owing_by(loan, as_of, until) == whole


@PROPERTY
@given(loans_with_payments(), st.lists(st.integers(min_value=-30, max_value=400), min_size=1,
                                       max_size=4))  # fmt: skip
def test_states_on_several_days_are_each_days_state(case: tuple[Loan, date], offsets: list[int]):
    """``show`` and ``overdue`` settle the payments once for today and tomorrow (and a
    --pay-on day); each state is exactly the one a replay to its own day gives, cents of
    penalty rounding included."""
    from debtplan.core.ledger import loan_states

    loan, as_of = case
    days = sorted({as_of + timedelta(days=offset) for offset in offsets})
    assert list(loan_states(loan, days)) == [loan_state(loan, day) for day in days]


@PROPERTY
@given(loans_with_payments())
def test_position_is_what_the_whole_ledger_says(case: tuple[Loan, date]) -> None:
    """``list`` reads each ledger only as far as today and the next installment owing;
    its figures are the ones the whole ledger gives."""
    from debtplan.core.ledger import position

    loan, as_of = case
    state, where = loan_state(loan, as_of), position(loan, as_of)
    assert where.due_now == state.due_now
    assert where.next_due == state.next_due
    assert (where.balance, where.total_due, where.days_overdue, where.is_paid_off) == (
        state.balance, state.total_due, state.days_overdue, state.is_paid_off)  # fmt: skip
