"""The rounding mode, pinned: amounts that land exactly on half a cent round UP.

docs/conventions.md: "each period's interest ... is rounded to the cent", half-up
(what bank calculators show), and penalty interest once per span of days. Half a cent
is where half-up, half-even, half-down and truncation part, so every case below lands
on one, and on a neighbour a quarter of a cent below it (which rounds down whatever the
mode, unless the code rounds up). Every figure is worked by hand in the docstring;
changing any rounding in the schedule, the ledger or the planner to ROUND_HALF_EVEN
makes one of these fail.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from debtplan.core.from_document import loan_from_dict
from debtplan.core.ledger import loan_state
from debtplan.core.model import Loan
from debtplan.core.planner import Debt, make_plan, minimum_only_plan
from debtplan.core.schedule import contract_schedule

D = Decimal
START = "2026-01-15"  # installment 1 falls due on 2026-02-15


def loan(**fields: Any) -> Loan:
    """A loan through the file's own validation: 1,000.50 at 12 % a year, from 2026-01-15."""
    raw: dict[str, Any] = {
        "name": "half cent",
        "currency": "CNY",
        "method": "equal-principal",
        "principal": "1000.50",
        "rate": "12%",
        "term": 2,
        "start": START,
    }
    raw.update(fields)
    raw = {key: value for key, value in raw.items() if value is not None}
    made, problems = loan_from_dict(raw)
    assert made is not None, problems
    return made


def test_equal_principal_interest_rounds_half_up() -> None:
    """1,000.50 at 12 % (1 % a month), equal principal over 2 months.

    Principal part: 1,000.50 / 2 = 500.25 each month.
    Month 1: interest 1,000.50 x 0.01 = 10.005 -> 10.01 (half-even: 10.00);
             payment 500.25 + 10.01 = 510.26; balance 500.25.
    Month 2: interest 500.25 x 0.01 = 5.0025 -> 5.00 (below half: down in every mode
             but rounding up); payment 505.25; balance 0.
    """
    schedule = contract_schedule(loan())
    assert [(i.interest, i.principal, i.payment, i.balance) for i in schedule] == [
        (D("10.01"), D("500.25"), D("510.26"), D("500.25")),
        (D("5.00"), D("500.25"), D("505.25"), D("0.00")),
    ]


def test_annuity_interest_rounds_half_up() -> None:
    """1,000.50 at 1 % a month, annuity over 12 months.

    Level payment P r (1+r)^n / ((1+r)^n - 1): 1.01^12 = 1.1268250301;
    0.01 x 1.1268250301 / 0.1268250301 = 0.0888487887; x 1,000.50 = 88.8932... -> 88.89.
    Month 1: interest 10.005 -> 10.01, principal 88.89 - 10.01 = 78.88, balance 921.62.
    Month 2: interest 921.62 x 0.01 = 9.2162 -> 9.22, principal 79.67, balance 841.95.
    """
    first, second = contract_schedule(loan(method="annuity", term=12))[:2]
    assert (first.payment, first.interest, first.principal, first.balance) == (
        D("88.89"),
        D("10.01"),
        D("78.88"),
        D("921.62"),
    )
    assert (second.interest, second.principal, second.balance) == (
        D("9.22"),
        D("79.67"),
        D("841.95"),
    )


def test_one_period_annuity_rounds_half_up() -> None:
    """1,000.50 at 1 % for one month: payment 1,000.50 x 1.01 = 1,010.505 -> 1,010.51,
    interest 10.005 -> 10.01, principal 1,000.50 (half-even would make it 1,010.50)."""
    (only,) = contract_schedule(loan(method="annuity", term=1))
    assert (only.payment, only.interest, only.principal) == (
        D("1010.51"),
        D("10.01"),
        D("1000.50"),
    )


def test_card_interest_rounds_half_up() -> None:
    """A card owing 1,000.50 at 12 %, a fixed minimum of 100 a month.

    Month 1: interest 10.005 -> 10.01; paid 100, of which 89.99 principal; 910.51 left.
    Month 2: interest 910.51 x 0.01 = 9.1051 -> 9.11; 100 paid; 819.62 left.
    """
    card = loan(method="revolving", principal=None, term=None, balance="1000.50", min_payment="100")
    first, second = contract_schedule(card)[:2]
    assert (first.interest, first.principal, first.balance) == (D("10.01"), D("89.99"), D("910.51"))
    assert (second.interest, second.balance) == (D("9.11"), D("819.62"))


def penalty_after(days: int) -> Decimal:
    """Penalty on one overdue installment of exactly 1,000.50 (the whole principal of an
    interest-free one-month loan), 0.05 % a day on the overdue amount, no grace days."""
    free = loan(rate="0%", term=1, penalty_rate="0.05%/day")
    (due,) = contract_schedule(free)
    assert (due.due_date, due.payment) == (date(2026, 2, 15), D("1000.50"))
    state = loan_state(free, date.fromordinal(due.due_date.toordinal() + days))
    assert state.days_overdue == days
    return state.penalty


def test_penalty_interest_rounds_half_up() -> None:
    """1,000.50 x 0.0005 x 20 days = 10.005 -> 10.01 (half-even: 10.00);
    x 10 days = 5.0025 -> 5.00 (rounding up would give 5.01);
    x 30 days = 15.0075 -> 15.01 (truncating would give 15.00)."""
    assert penalty_after(20) == D("10.01")
    assert penalty_after(10) == D("5.00")
    assert penalty_after(30) == D("15.01")


def test_penalty_markup_on_principal_rounds_half_up() -> None:
    """A bank loan: 12 % + 50 % = 18 % a year over a 360-day year = 0.0005 a day, on the
    overdue principal only. Installment 1 of 2 (equal principal) is 500.25 principal +
    10.01 interest; 40 days late: 500.25 x 0.0005 x 40 = 10.005 -> 10.01."""
    bank = loan(penalty_markup="50%", day_count=360)
    state = loan_state(bank, date(2026, 3, 27))  # 2026-02-15 + 40 days
    first = state.installments[0]
    assert first.days_overdue == 40
    assert first.penalty == D("10.01")


def test_planner_month_interest_rounds_half_up() -> None:
    """The planner's month: 1,000.50 at 12 % -> interest 10.005 -> 10.01; a budget of
    2,000 pays 1,010.51 and clears it in month 1 (2026-12-28), interest 10.01."""
    debt = Debt("card", "CNY", D("1000.50"), D("12"), minimum_fixed=D("50"))
    plan = make_plan([debt], D("2000"), "avalanche", date(2026, 11, 28))
    assert (plan.months, plan.total_interest, plan.total_paid) == (1, D("10.01"), D("1010.51"))
    assert plan.debt_free_date == date(2026, 12, 28)


def test_planner_percent_minimum_rounds_half_up() -> None:
    """Minimums only, an interest-free debt of 1,000.50 with a 1 % minimum (at least 5):
    month 1 pays 1,000.50 x 1 % = 10.005 -> 10.01, leaving 990.49;
    month 2 pays 990.49 x 1 % = 9.9049 -> 9.90, leaving 980.59."""
    debt = Debt("card", "CNY", D("1000.50"), D("0"), D("0"), D("1"), D("5"))
    plan = minimum_only_plan([debt], date(2026, 11, 28))
    first, second = plan.rows[:2]
    assert (first.total_paid, first.total_balance) == (D("10.01"), D("990.49"))
    assert (second.total_paid, second.total_balance) == (D("9.90"), D("980.59"))
