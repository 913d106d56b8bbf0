"""`plan --replace A,B --with-loan TERMS`: carry on against replace, figures worked by hand.

The book (today 2026-11-28): two cards, minimum 5 % of what is owed with a floor of 50.
- Card A: 3,000.00 at 24 % (2 % a month); Card B: 2,000.00 at 18 % (1.5 % a month).
The offer: a balance transfer, 5,160.00 at 0 % over 12 months (annuity: 430.00 a month),
with a transfer fee of 160.00 taken from it: it brings 5,000.00, exactly the payoff.

Carry on, 430.00 a month, avalanche (Card A first). Month 1 by hand: interest
A 3,000 x 2 % = 60.00, B 2,000 x 1.5 % = 30.00; minimums A 5 % of 3,060.00 = 153.00,
B 5 % of 2,030.00 = 101.50 (together 254.50, the "monthly payment" carried on); the
other 175.50 goes to A: A 3,060.00 - 328.50 = 2,731.50, B 2,030.00 - 101.50 = 1,928.50.
The months after follow the same rule (:func:`simulate`, written from the rule, not
from the planner): Card A is paid in month 10, Card B in month 14, 632.81 of interest.

Replace: 12 x 430.00 = 5,160.00 repaid, no interest; the fee 160.00 is all it costs.
Replacing saves 632.81 - 160.00 = 472.81 and 14 - 12 = 2 months.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

D = Decimal
CARDS = {"Card A": ("3000", "24%"), "Card B": ("2000", "18%")}
TRANSFER = "name=Transfer,principal=5160,rate=0,term=12,upfront-fee=160"


def c(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), ROUND_HALF_UP)


def simulate(debts, budget):
    """Months and interest of a plan by the rule, avalanche. ``debts``: [name, balance,
    annual percent, minimum(owed, interest)] lists; the highest rate gets what is left."""
    months, interest_paid = 0, D(0)
    while any(d[1] > 0 for d in debts):
        months += 1
        left = budget
        for d in debts:
            if d[1] > 0:
                interest = c(d[1] * d[2] / 1200)
                interest_paid += interest
                d[1] += interest
                pay = min(d[3](d[1], interest), d[1])
                d[1] -= pay
                left -= pay
        for d in sorted((d for d in debts if d[1] > 0), key=lambda d: -d[2]):
            pay = min(left, d[1])
            d[1] -= pay
            left -= pay
    return months, interest_paid


def card_minimum(owed, _interest):
    return max(c(owed * 5 / 100), D(50))


def cards():
    return [["Card A", D(3000), D(24), card_minimum], ["Card B", D(2000), D(18), card_minimum]]


@pytest.fixture
def book(add_loan):
    for name, (balance, rate) in CARDS.items():
        add_loan(name, "--method", "revolving", "--balance", balance, "--rate", rate,
                 "--min-payment", "5%,50", "--currency", "CNY")  # fmt: skip


def run(cli, *args):
    return cli("plan", "--budget", args[0], "--replace", "Card A,Card B", "--with-loan", *args[1:])


def test_the_rule_by_hand_gives_the_docstring_figures():
    assert simulate(cards(), D(430)) == (14, D("632.81"))


def test_two_cards_replaced_by_a_balance_transfer(cli, book, loan_file):
    before = loan_file.read_bytes()
    result = run(cli, "430", TRANSFER, "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["payoff"], doc["received"], doc["cash_left"]) == ("5000.00", "5000.00", "0.00")
    assert doc["replaced"] == ["Card A", "Card B"] and doc["strategy"] == "avalanche"
    carry, new = doc["carry_on"], doc["replace"]
    assert (carry["monthly_payment"], carry["months"], carry["interest_and_fees"]) == (
        "254.50", 14, "632.81")  # fmt: skip
    assert carry["debt_free_date"] == "2028-01-28"
    assert (new["monthly_payment"], new["months"], new["interest_and_fees"]) == (
        "430.00", 12, "160.00")  # fmt: skip
    assert new["debt_free_date"] == "2027-11-28"
    assert (doc["saved"], doc["months_saved"], doc["monthly_freed"]) == ("472.81", 2, "-175.50")
    assert doc["verdict"] == "Replacing Card A and Card B saves 472.81 and 2 months."
    # Real APR: 5,000.00 received on 2026-11-28, 430.00 on the 28th of each month from
    # December: the yearly rate x with sum(flow / (1 + x) ** (days / 365)) = 0.
    loan = doc["loan"]
    assert loan["installment"] == "430.00" and loan["total_fees"] == "160.00"
    assert loan["effective_apr"] == str(xirr_percent(D(5000), D(430), 12))
    assert loan["flags"] == []
    text = run(cli, "430", TRANSFER)
    assert text.exit_code == 0
    for shown in ("Pays off today", "5,000.00 CNY", "254.50", "632.81", "160.00",
                  "Replacing Card A and Card B saves 472.81 and 2 months."):  # fmt: skip
        assert shown in text.stdout
    assert loan_file.read_bytes() == before  # nothing saved


def xirr_percent(received: Decimal, payment: Decimal, count: int) -> Decimal:
    """The effective yearly rate, in percent to two decimals, by bisection on dated flows."""
    start = date(2026, 11, 28)
    days = [(date(2026 + (10 + k) // 12, (10 + k) % 12 + 1, 28) - start).days
            for k in range(1, count + 1)]  # fmt: skip
    low, high = 0.0, 1.0
    for _ in range(200):
        mid = (low + high) / 2
        value = float(received) - sum(float(payment) / (1 + mid) ** (d / 365) for d in days)
        low, high = (mid, high) if value < 0 else (low, mid)
    return c(D(str(low * 100)))


def test_a_dearer_longer_loan_frees_money_each_month_but_costs_more(cli, book):
    """5,000.00 at 30 % (2.5 % a month) over 36 months: installment
    5,000 x 0.025 / (1 - 1.025 ** -36) = 212.26, which frees 254.50 - 212.26 = 42.24 a
    month; with 430.00 a month it is paid in 14 months (by the rule), dearer than the cards."""
    installment = c(D(5000) * D("0.025") / (1 - D("1.025") ** -36))
    assert installment == D("212.26")
    months, interest = simulate([["Loan", D(5000), D(30), lambda owed, i: installment]], D(430))
    doc = json.loads(run(cli, "430", "name=Loan,principal=5000,rate=30%,term=36", "--json").stdout)
    assert doc["replace"]["months"] == months and doc["replace"]["interest_and_fees"] == str(
        interest
    )
    more = interest - D("632.81")
    assert doc["monthly_freed"] == "42.24" and doc["saved"] == str(-more)
    assert doc["verdict"] == (
        f"Replacing Card A and Card B frees 42.24 a month but costs {more:,} more in total."
    )


def test_a_dearer_shorter_loan_costs_more_over_its_months(cli, book):
    """5,100.00 at 24 % over 12 months with a fee of 100.00: installment
    5,100 x 0.02 / (1 - 1.02 ** -12) = 482.25 (more than 254.50: nothing freed); with
    500.00 a month both ways end in 12 months (by the rule)."""
    installment = c(D(5100) * D("0.02") / (1 - D("1.02") ** -12))
    assert installment == D("482.25")
    carry_months, carry = simulate(cards(), D(500))
    months, interest = simulate([["Loan", D(5100), D(24), lambda owed, i: installment]], D(500))
    terms = "name=Loan,principal=5100,rate=24%,term=12,upfront-fee=100"
    doc = json.loads(run(cli, "500", terms, "--json").stdout)
    assert doc["carry_on"]["interest_and_fees"] == str(carry)
    cost = interest + 100
    assert doc["replace"]["interest_and_fees"] == str(cost)
    assert doc["months_saved"] == carry_months - months
    assert doc["verdict"] == (
        f"Replacing Card A and Card B costs {cost - carry:,} more over {months} months."
    )


def test_money_left_over_is_cash_in_hand(cli, book):
    doc = json.loads(run(cli, "430", "name=T,principal=5260,rate=0,term=12,upfront-fee=160",
                         "--json").stdout)  # fmt: skip
    assert (doc["received"], doc["cash_left"]) == ("5100.00", "100.00")


def test_in_chinese(cli, book):
    result = cli("--lang", "zh", "plan", "--budget", "430", "--replace", "Card A,Card B",
                 "--with-loan", TRANSFER)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "替换 Card A和Card B 可省 472.81，提前 2 个月还清。" in result.stdout
    assert "继续还款" in result.stdout and "利息和费用" in result.stdout


def test_bad_input(cli, book, loan_file):
    before = loan_file.read_bytes()
    short = run(cli, "430", "name=T,principal=5100,rate=0,term=12,upfront-fee=160")
    assert short.exit_code == 1
    assert "paying off Card A, Card B today takes 5000.00 CNY" in short.stderr
    assert "brings 4940.00" in short.stderr and "borrow at least 5160.00" in short.stderr
    unknown = cli("plan", "--budget", "430", "--replace", "Card C", "--with-loan", TRANSFER)
    assert unknown.exit_code == 1 and "no loan named 'Card C'" in unknown.stderr
    alone = cli("plan", "--budget", "430", "--replace", "Card A")
    assert alone.exit_code == 1 and "--replace needs --with-loan" in alone.stderr
    excluded = cli("plan", "--budget", "430", "--replace", "Card A", "--exclude", "Card A",
                   "--with-loan", TRANSFER)  # fmt: skip
    assert excluded.exit_code == 1 and "not in the plan" in excluded.stderr
    usage = cli("plan", "--budget", "430", "--replace", "Card A", "--with-loan", TRANSFER, "--csv")
    assert usage.exit_code == 2
    zh = cli("--lang", "zh", "plan", "--budget", "430", "--replace", "Card A")
    assert zh.exit_code == 1 and "--with-loan" in zh.stderr and "needs" not in zh.stderr
    assert loan_file.read_bytes() == before
