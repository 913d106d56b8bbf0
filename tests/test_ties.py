"""Ties in every planner strategy, pinned with literal cases worked by hand.

The convention (debtplan/core/planner/__init__.py, the README's plan section): the order
is decided each month on the balances after that month's minimums and the rates in force.
Avalanche: highest rate first, ties to the smaller balance; snowball: smallest balance
first, ties to the higher rate; highest-interest-cost: the largest interest charged that
month first, ties to the higher rate; custom: the caller's order. Remaining ties: the
debt listed earlier (not the name: the lists below are out of alphabetical order).

Every case looks at month 1 (as of 2026-11-28, dated 2026-12-28): what is left of the
budget after the minimums (the extra) goes to ONE debt, and which one shows the order.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from debtplan.core.planner import Debt, Plan, make_plan

D = Decimal
AS_OF = date(2026, 11, 28)


def debt(name: str, balance: str, percent: str, minimum: str) -> Debt:
    return Debt(name, "CNY", D(balance), D(percent), minimum_fixed=D(minimum))


def month_one(plan: Plan) -> dict[str, Decimal]:
    row = plan.rows[0]
    assert row.date == date(2026, 12, 28)
    return dict(row.payments)


def test_snowball_tie_goes_to_the_higher_rate() -> None:
    """Zed: 1,000 at 0 %, minimum 10: interest 0, after the minimum 990.
    Amy: 1,000 at 12 %, minimum 20: interest 10.00, after the minimum 990.
    Equal balances: the higher rate (Amy) first. Budget 130: minimums 30, the extra 100
    goes to Amy: she pays 120.00 (balance 890.00), Zed 10.00 (balance 990.00)."""
    plan = make_plan([debt("Zed", "1000", "0", "10"), debt("Amy", "1000", "12", "20")],
                     D("130"), "snowball", AS_OF)  # fmt: skip
    assert month_one(plan) == {"Zed": D("10.00"), "Amy": D("120.00")}
    assert dict(plan.rows[0].balances) == {"Zed": D("990.00"), "Amy": D("890.00")}


def test_snowball_full_tie_goes_to_the_debt_listed_first() -> None:
    """Zed and Amy: both 1,000 at 12 %, minimum 20 (interest 10.00, 990 after it).
    Same balance, same rate: Zed, listed first, gets the extra 100 of a 140 budget."""
    plan = make_plan([debt("Zed", "1000", "12", "20"), debt("Amy", "1000", "12", "20")],
                     D("140"), "snowball", AS_OF)  # fmt: skip
    assert month_one(plan) == {"Zed": D("120.00"), "Amy": D("20.00")}


def test_avalanche_tie_goes_to_the_smaller_balance() -> None:
    """Zed: 2,000 at 12 %, minimum 40: interest 20.00, after the minimum 1,980.
    Amy: 500 at 12 %, minimum 15: interest 5.00, after the minimum 490.
    Equal rates: the smaller balance (Amy) first. Budget 155: minimums 55, the extra
    100 to Amy: she pays 115.00 (balance 390.00), Zed 40.00 (balance 1,980.00)."""
    plan = make_plan([debt("Zed", "2000", "12", "40"), debt("Amy", "500", "12", "15")],
                     D("155"), "avalanche", AS_OF)  # fmt: skip
    assert month_one(plan) == {"Zed": D("40.00"), "Amy": D("115.00")}
    assert dict(plan.rows[0].balances) == {"Zed": D("1980.00"), "Amy": D("390.00")}


def test_avalanche_full_tie_goes_to_the_debt_listed_first() -> None:
    """Both 1,000 at 12 %, minimum 20: Zed, listed first, gets the extra 100 of 140."""
    plan = make_plan([debt("Zed", "1000", "12", "20"), debt("Amy", "1000", "12", "20")],
                     D("140"), "avalanche", AS_OF)  # fmt: skip
    assert month_one(plan) == {"Zed": D("120.00"), "Amy": D("20.00")}


def test_highest_interest_cost_tie_goes_to_the_higher_rate() -> None:
    """Zed: 1,200 at 10 %: interest 1,200 x 10 / 1200 = 10.00.
    Amy: 1,000 at 12 %: interest 1,000 x 12 / 1200 = 10.00. Both minimum 30.
    Equal interest: the higher rate (Amy) first. Budget 160: minimums 60, the extra 100
    to Amy: she pays 130.00 (balance 880.00); Zed 30.00 (balance 1,180.00)."""
    plan = make_plan([debt("Zed", "1200", "10", "30"), debt("Amy", "1000", "12", "30")],
                     D("160"), "highest-interest-cost", AS_OF)  # fmt: skip
    assert month_one(plan) == {"Zed": D("30.00"), "Amy": D("130.00")}
    assert dict(plan.rows[0].balances) == {"Zed": D("1180.00"), "Amy": D("880.00")}


def test_highest_interest_cost_full_tie_goes_to_the_debt_listed_first() -> None:
    """Both 1,000 at 12 % (interest 10.00), minimum 20: Zed, listed first, gets the
    extra 100 of 140."""
    plan = make_plan([debt("Zed", "1000", "12", "20"), debt("Amy", "1000", "12", "20")],
                     D("140"), "highest-interest-cost", AS_OF)  # fmt: skip
    assert month_one(plan) == {"Zed": D("120.00"), "Amy": D("20.00")}


def test_custom_order_decides_between_identical_debts() -> None:
    """Both 1,000 at 12 %, minimum 20; the caller's order is Amy, then Zed, against the
    listing: Amy gets the extra 100 of 140. In the order Zed, Amy, Zed gets it."""
    debts = [debt("Zed", "1000", "12", "20"), debt("Amy", "1000", "12", "20")]
    plan = make_plan(debts, D("140"), "custom", AS_OF, order=["Amy", "Zed"])
    assert month_one(plan) == {"Zed": D("20.00"), "Amy": D("120.00")}
    plan = make_plan(debts, D("140"), "custom", AS_OF, order=["Zed", "Amy"])
    assert month_one(plan) == {"Zed": D("120.00"), "Amy": D("20.00")}


def test_custom_order_beats_every_other_reason() -> None:
    """Zed: 300 at 24 %, minimum 20 (interest 6.00, 286 after it); Amy: 5,000 at 3 %,
    minimum 50 (interest 12.50, 4,962.50 after it). Avalanche and snowball would pay
    Zed first; the order Amy, Zed sends the extra 100 of a 170 budget to Amy: 150.00."""
    debts = [debt("Zed", "300", "24", "20"), debt("Amy", "5000", "3", "50")]
    plan = make_plan(debts, D("170"), "custom", AS_OF, order=["Amy", "Zed"])
    assert month_one(plan) == {"Zed": D("20.00"), "Amy": D("150.00")}
    assert dict(plan.rows[0].balances) == {"Zed": D("286.00"), "Amy": D("4862.50")}
