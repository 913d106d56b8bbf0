"""Loans as the planner sees them (debtplan.core.planning) and the terminal chart.

Every figure is worked out by hand in a comment; today is the fixture's 2026-11-28.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.core.calendar import Frequency
from debtplan.core.from_document import validate_loan_dict
from debtplan.core.ledger import loan_state, outlook
from debtplan.core.model import (
    Book,
    Component,
    Loan,
    Method,
    Payment,
    Prepay,
    RateChange,
)
from debtplan.core.money import ZERO, Rate, RateUnit, cents, parse_rate
from debtplan.core.planner import Debt, PlannedRateChange, make_plan, minimum_only_plan
from debtplan.core.planning import (
    debt_from_figures,
    debt_from_loan,
    debts_from_book,
    implied_percent,
    months_until,
    pending_installments,
    with_rate_change,
)
from debtplan.core.schedule import contract_schedule
from debtplan.core.text import DebtplanError
from debtplan.render.charts import balance_chart, bar_heights, can_draw_blocks, columns_for

D = Decimal
TODAY = date(2026, 11, 28)


def loan(**fields: object):
    raw = {"currency": "CNY", "start": TODAY, "rate": "0", "method": "annuity", **fields}
    return validate_loan_dict(raw)


def test_annuity_balance_rate_and_installment() -> None:
    car = loan(name="car", principal="10000", rate="12%", term=12)
    # 12 installments left: from the 12th plan month the minimum is all that is owed, and a
    # rate change works the installment out again over the months left.
    assert debt_from_loan(car, TODAY) == Debt(
        "car", "CNY", D("10000.00"), D(12), D("888.49"), overdue=D("0.00"),
        final_period=12, reamortize=True,
    )  # fmt: skip


def test_overdue_counts_penalty_and_late_fee_and_leaves_the_balance() -> None:
    # Due 2026-10-28 (31 days late) and 2026-11-28 (due today), nothing paid:
    # 100 + 100 x 0.05 % x 31 days (1.55) + 30 late fee, and today's 100 = 231.55 overdue;
    # the 10 installments not yet due hold 1,000 of principal.
    late = loan(name="late", principal="1200", term=12, start=date(2026, 9, 28),
                penalty_rate="0.05%/day", late_fee="30")  # fmt: skip
    debt = debt_from_loan(late, TODAY)
    assert debt is not None
    assert (debt.balance, debt.overdue, debt.minimum_fixed) == (D("1000.00"), D("231.55"), 100)


def test_paid_off_loans_are_left_out() -> None:
    done = loan(name="done", principal="200", term=2, start=date(2026, 8, 1),
                payments=[{"date": "2026-09-01", "amount": "100"},
                          {"date": "2026-10-01", "amount": "100"}])  # fmt: skip
    car = loan(name="car", principal="1000", term=2)
    assert [d.name for d in debts_from_book([done, car], TODAY)] == ["car"]


def test_flat_loan_is_planned_at_its_real_rate() -> None:
    # 6,000 at 0.6 %/month flat over 12 months: 500 + 36 = 536.00 an installment; the
    # IRR of [6000, -536 x 12] is 1.086185 % a month, 13.0342 % a year (views.real_cost).
    phone = loan(name="phone", principal="6000", method="flat", fee_rate="0.6%/month", term=12)
    debt = debt_from_loan(phone, TODAY)
    assert debt is not None
    assert (debt.annual_percent, debt.minimum_fixed) == (D("13.0342"), D("536.00"))
    # Minimums alone then repay it on schedule, for about the fee: 12 months, ~432 interest.
    baseline = minimum_only_plan([debt], TODAY)
    assert baseline.months == 12
    assert abs(baseline.total_interest - D(432)) < D("0.10")


def test_implied_percent_of_a_plain_annuity_is_its_rate() -> None:
    car = loan(name="car", principal="10000", rate="12%", term=12)
    state = loan_state(car, TODAY)
    assert abs(implied_percent(car, D(10000), pending_installments(state)) - 12) < D("0.001")


def test_lump_sum_sets_money_aside_until_its_due_date() -> None:
    # 5,000 at 0 % due 2027-09-28 (term 12 from 2026-09-28): 10 periods from 2026-11-28
    # (Dec 28 ... Sep 28), so 500.00 a month and paid off in month 10, on the due date.
    mum = loan(name="mum", principal="5000", method="lump-sum", term=12,
               start=date(2026, 9, 28))  # fmt: skip
    debt = debt_from_loan(mum, TODAY)
    assert debt is not None and debt.minimum_fixed == D("500.00")
    assert minimum_only_plan([debt], TODAY).debt_free_date == date(2027, 9, 28)


def test_interest_only_pays_interest_plus_its_principal_spread_out() -> None:
    # 12,000 at 12 %, 12 installments of 120.00 interest, principal in the last (2027-11-28):
    # 120.00 + 12,000 / 12 = 1,120.00 a month.
    bullet = loan(name="bullet", principal="12000", rate="12%", method="interest-only", term=12)
    debt = debt_from_loan(bullet, TODAY)
    assert debt is not None and debt.minimum_fixed == D("1120.00")
    assert minimum_only_plan([debt], TODAY).months <= 12


def test_months_until() -> None:
    assert months_until(TODAY, date(2027, 2, 28)) == 3
    assert months_until(TODAY, date(2027, 2, 27)) == 2
    assert months_until(TODAY, date(2026, 12, 5)) == 1  # due before the first period: 1


def test_biweekly_installment_as_a_month() -> None:
    # 2,600 at 0 % in 26 biweekly installments of 100.00: 100 x 26 / 12 = 216.67 a month.
    bike = loan(name="bike", principal="2600", term=26, frequency="biweekly")
    debt = debt_from_loan(bike, TODAY)
    assert debt is not None and debt.minimum_fixed == D("216.67")


def test_revolving_minimum_rules() -> None:
    card = loan(name="card", method="revolving", balance="3200", rate="24%",
                min_payment="1%+interest,35")  # fmt: skip
    debt = debt_from_loan(card, TODAY)
    assert debt is not None
    # 1 % of what is owed plus the month's interest, at least 35.00; no fixed part.
    assert (debt.minimum_percent, debt.minimum_floor, debt.minimum_fixed) == (1, 35, 0)
    assert debt.minimum_plus_interest
    # Month 1: interest 3,200 x 2 % = 64.00, owed 3,264.00; 1 % = 32.64; 32.64 + 64.00 = 96.64,
    # the card's own rule to the cent (the schedule's first row).
    plan = make_plan([debt], D("96.64"), "avalanche", TODAY)
    assert plan.rows[0].payments["card"] == D("96.64")
    assert contract_schedule(card)[0].payment == D("96.64")


def test_stored_rate_changes_carry_over_and_what_ifs_replace_them() -> None:
    card = loan(name="card", method="revolving", balance="1000", rate="0%", min_payment="100",
                rate_changes=[{"from": "2027-03-01", "rate": "24%"}])  # fmt: skip
    debt = debt_from_loan(card, TODAY)
    assert debt is not None
    assert debt.rate_changes == (PlannedRateChange(date(2027, 3, 1), D(24)),)
    changed = with_rate_change(debt, card, date(2027, 3, 1), parse_rate("1.5%/month"))
    assert changed.rate_changes == (PlannedRateChange(date(2027, 3, 1), D(18)),)
    later = with_rate_change(debt, card, date(2027, 6, 1), parse_rate("30%"))
    assert [c.starts for c in later.rate_changes] == [date(2027, 3, 1), date(2027, 6, 1)]


def test_flat_loan_stored_rate_change_is_in_its_rate_once() -> None:
    terms = {"name": "phone", "principal": "6000", "method": "flat",
             "fee_rate": "0.6%/month", "term": 12}  # fmt: skip
    plain = debt_from_loan(loan(**terms), TODAY)
    changed = debt_from_loan(loan(**terms, rate_changes=[{"from": "2027-03-01", "rate": "6%"}]),
                             TODAY)  # fmt: skip
    assert plain is not None and changed is not None
    # The 6% from March is in the installments, so in the rate the plan uses, and not
    # applied a second time as a planner rate change.
    assert plain.annual_percent == D("13.0342")
    assert changed.annual_percent == D("15.6579")  # 6% on the balance from March on
    assert changed.rate_changes == ()


# -- the chart ----------------------------------------------------------------------------


def test_columns_for_keeps_first_and_last() -> None:
    assert columns_for(3, 10) == [0, 1, 2]
    assert columns_for(5, 3) == [0, 2, 4]
    picked = columns_for(1000, 60)
    assert len(picked) == 60 and picked[0] == 0 and picked[-1] == 999


def test_bar_heights_in_eighths() -> None:
    # 8 rows = 64 eighths: 100 -> 64, 50 -> 32, 1 -> 0.64 rounds to 1, 0 -> 0.
    assert bar_heights([D(100), D(50), D(1), D(0)], 8) == [64, 32, 1, 0]


def test_balance_chart_lines() -> None:
    points = [(date(2026, 11, 28), D(1000)), (date(2026, 12, 28), D(500)),
              (date(2027, 1, 28), D(0))]  # fmt: skip
    # 2 rows = 16 eighths: 1,000 -> 16 (both rows), 500 -> 8 (the lower row), 0 -> none.
    lines = balance_chart(points, most_columns=3, rows=2)
    assert len(lines) == 4
    assert lines[0] == "1,000.00 ┤█"
    assert lines[1] == "  500.00 ┤██"
    assert lines[2] == "    0.00 └───"
    assert lines[3].split() == ["2026-11", "2027-01"]
    ascii_lines = balance_chart(points, most_columns=3, rows=2, ascii_only=True)
    assert ascii_lines[0] == "1,000.00 +#" and ascii_lines[2] == "    0.00 +---"
    assert balance_chart([(TODAY, D(0))]) == []


def test_can_draw_blocks() -> None:
    assert can_draw_blocks("utf-8")
    assert not can_draw_blocks("ascii")
    assert not can_draw_blocks("no-such-codec")


@pytest.mark.parametrize("count", [1, 2, 61, 600])
def test_chart_width_is_bounded(count: int) -> None:
    points = [(TODAY, D(count - k)) for k in range(count)]
    lines = balance_chart(points, most_columns=60)
    assert max(len(line) for line in lines) <= 60 + 12


# --- the plan's figures without the whole ledger: exactly the whole ledger's -----------------


@st.composite
def loans_and_dates(draw: st.DrawFn) -> tuple[Loan, date]:
    """Any method and frequency, payments late, early, partial and prepaying (shorten and
    reduce), rate changes, and an ``as_of`` before, among or after the payments."""
    method = draw(st.sampled_from(list(Method)))
    principal = D(draw(st.integers(min_value=100_00, max_value=5_000_000))) / 100
    percent = draw(st.decimals(min_value=0, max_value=36, places=2))
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 60)))
    term = draw(st.integers(min_value=1, max_value=120))
    fields: dict[str, Any] = {"frequency": draw(st.sampled_from(list(Frequency)))}
    if method is Method.REVOLVING:
        term = 0
        fields["frequency"] = Frequency.MONTHLY
        fields["min_payment"] = cents(principal * percent / 1200) + cents(principal / 20) + 1
    if method is Method.FLAT:
        fields["fee_rate"] = Rate(draw(st.decimals(0, 2, places=2)), RateUnit.MONTH)
    if draw(st.booleans()):
        fields["penalty_rate"] = Rate(draw(st.decimals(0, D("0.2"), places=3)), RateUnit.DAY)
    if draw(st.booleans()):
        starts = start + timedelta(days=draw(st.integers(0, 900)))
        fields["rate_changes"] = (RateChange(starts, Rate(draw(st.decimals(0, 30, places=2)))),)
    horizon = start + timedelta(days=draw(st.integers(min_value=0, max_value=1500)))
    payments = draw(
        st.lists(
            st.builds(
                Payment,
                on=st.dates(min_value=start, max_value=horizon + timedelta(days=200)),
                amount=st.integers(1, int(principal * 40)).map(lambda c: D(c) / 100),
                prepay=st.sampled_from(list(Prepay)),
            ),
            max_size=10,
        )
    )
    as_of = start + timedelta(days=draw(st.integers(min_value=-30, max_value=2000)))
    built = Loan(
        name="random", currency="CNY", method=method, principal=principal, rate=Rate(percent),
        start=start, term=term, grace_days=draw(st.integers(0, 10)),
        late_fee=D(draw(st.integers(0, 5000))) / 100,
        allocation=tuple(draw(st.permutations(list(Component)))),
        payments=tuple(sorted(payments, key=lambda p: p.on)), **fields,
    )  # fmt: skip
    return built, as_of


@settings(max_examples=300, deadline=None)
@given(loans_and_dates())
def test_the_plan_sees_a_loan_exactly_as_its_whole_ledger_does(case: tuple[Loan, date]) -> None:
    loan, as_of = case
    try:
        state = loan_state(loan, as_of)
    except DebtplanError as error:  # a schedule that cannot be made: the same refusal
        with pytest.raises(type(error)):
            debt_from_loan(loan, as_of)
        return
    pending = pending_installments(state)
    balance = sum((i.principal_owed for i in pending), ZERO)
    for complete in (False, True):
        view = outlook(loan, as_of, complete=complete)
        assert view.total_due == state.total_due
        assert view.pending_principal == balance
        if complete or loan.method is Method.REVOLVING:
            assert view.pending == pending
        else:  # the installments the payments reached, at least the first still to come
            assert view.pending == pending[: len(view.pending)]
            assert bool(view.pending) == bool(pending)
    expected = debt_from_figures(loan, as_of, state.total_due, balance, pending)
    assert debt_from_loan(loan, as_of) == expected


# -- a loan not taken yet (debtplan.core.prospect) ------------------------------------------


def prospect(text: str, book: Book | None = None, owed: tuple[str, ...] = ("CNY",)):
    from debtplan.core.prospect import prospective_loan

    return prospective_loan(
        text, book or Book(), TODAY, owed_currencies=owed, fallback_currency="EUR",
        default_name="New loan",
    )  # fmt: skip


def test_prospective_loan_starts_today_and_is_planned_as_a_loan_of_the_book() -> None:
    new = prospect("name=New phone,principal=6,000,rate=0,method=flat,fee-rate=0.6%/month,term=12")
    assert (new.loan.name, new.loan.start, new.loan.currency) == ("New phone", TODAY, "CNY")
    assert new.loan.principal == D("6000.00") and new.loan.method is Method.FLAT
    # The same debt as the flat loan above: 536.00 a month at its real 13.0342 % a year.
    assert new.debt == Debt(
        "New phone", "CNY", D("6000.00"), D("13.0342"), D("536.00"), final_period=12
    )


def test_prospective_loan_defaults_name_currency_and_method() -> None:
    annuity = prospect("principal=1200,rate=12%,term=12")
    assert (annuity.loan.name, annuity.loan.method) == ("New loan", Method.ANNUITY)
    # 1,200 at 1 % a month over 12: 106.62 (annuity), the month's minimum.
    assert annuity.debt.minimum_fixed == D("106.62") and annuity.debt.balance == D("1200.00")
    card = prospect("balance=500,rate=24%,min-payment=5%,25", owed=("CNY", "USD"))
    assert (card.loan.method, card.loan.currency) == (Method.REVOLVING, "EUR")
    assert (card.debt.minimum_percent, card.debt.minimum_floor) == (D(5), D("25.00"))


def test_prospective_loan_refusals() -> None:
    book = Book(loans=(loan(name="Car", principal="1000", term=2),))
    with pytest.raises(DebtplanError, match="already has a loan named 'car'"):
        prospect("name=car,principal=100,rate=0,term=2", book)
    with pytest.raises(DebtplanError, match="starts today"):
        prospect("principal=100,term=2,start=2027-01-01")
    with pytest.raises(DebtplanError, match="does not take payments"):
        prospect("principal=100,term=2,payments=1")
    with pytest.raises(DebtplanError, match="gives principal twice"):
        prospect("principal=100,principal=200,term=2")
    with pytest.raises(DebtplanError, match="key=value"):
        prospect("a phone")
