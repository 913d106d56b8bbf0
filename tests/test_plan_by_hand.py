"""`debtplan plan` on small books worked out by hand, month by month: months, interest,
payments and dates, none of them taken from the planner.

The rules used by hand (the README's plan section): month k is dated today + k months,
the day clamped to the month's end; each month every debt is charged
balance x rate / 12, rounded half-up to the cent; its minimum is paid (never more than
it owes); the rest of the budget goes to the debts in strategy order.
"""

from __future__ import annotations

import json
from typing import Any

import pytest


def card(balance: str, rate: str, minimum: str) -> tuple[str, ...]:
    return ("--method", "revolving", "--balance", balance, "--rate", rate,
            "--min-payment", minimum, "--currency", "CNY")  # fmt: skip


def plan_json(cli: Any, *args: str) -> dict[str, Any]:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stdout + result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def months(document: dict[str, Any], *keys: str) -> list[tuple[Any, ...]]:
    return [(row["date"], *(row[key] for key in keys)) for row in document["months_detail"]]


@pytest.fixture
def two_cards(add_loan: Any) -> None:
    """A: 500 at 24 % (2 % a month), minimum 50; B: 1,000 at 6 % (0.5 % a month),
    minimum 50. Today is 2026-11-28."""
    add_loan("A", *card("500", "24%", "50"))
    add_loan("B", *card("1000", "6%", "50"))


def test_avalanche_rolls_the_freed_minimum_over(cli: Any, two_cards: None) -> None:
    """400 a month, avalanche (A first, 24 % > 6 %).

    Month 1, 2026-12-28: A 500 x 2 % = 10.00 -> 510.00; B 1,000 x 0.5 % = 5.00 -> 1,005.00.
      Minimums 50 + 50; the other 300 to A: A pays 350.00 -> 160.00, B 50.00 -> 955.00.
    Month 2, 2027-01-28: A 160 x 2 % = 3.20 -> 163.20; B 955 x 0.5 % = 4.775 -> 4.78
      -> 959.78. A is paid off with 163.20; B gets the other 236.80 -> 722.98.
    Month 3, 2027-02-28: B 722.98 x 0.5 % = 3.6149 -> 3.61 -> 726.59; pays 400 -> 326.59.
    Month 4, 2027-03-28: B 326.59 x 0.5 % = 1.63295 -> 1.63 -> 328.22; pays 328.22 -> 0;
      71.78 of the budget is left unused.
    Interest: A 10.00 + 3.20 = 13.20; B 5.00 + 4.78 + 3.61 + 1.63 = 15.02; in all 28.22.
    Paid in all: 1,500 + 28.22 = 1,528.22.
    """
    doc = plan_json(cli, "plan", "--budget", "400")
    assert (doc["strategy"], doc["months"], doc["debt_free_date"]) == ("avalanche", 4, "2027-03-28")
    assert (doc["total_interest"], doc["total_paid"]) == ("28.22", "1528.22")
    assert doc["payoff"] == [
        {"name": "A", "month": 2, "date": "2027-01-28"},
        {"name": "B", "month": 4, "date": "2027-03-28"},
    ]
    assert months(doc, "interest", "payments", "balances", "unused") == [
        ("2026-12-28", {"A": "10.00", "B": "5.00"}, {"A": "350.00", "B": "50.00"},
         {"A": "160.00", "B": "955.00"}, "0.00"),
        ("2027-01-28", {"A": "3.20", "B": "4.78"}, {"A": "163.20", "B": "236.80"},
         {"A": "0.00", "B": "722.98"}, "0.00"),
        ("2027-02-28", {"A": "0.00", "B": "3.61"}, {"A": "0.00", "B": "400.00"},
         {"A": "0.00", "B": "326.59"}, "0.00"),
        ("2027-03-28", {"A": "0.00", "B": "1.63"}, {"A": "0.00", "B": "328.22"},
         {"A": "0.00", "B": "0.00"}, "71.78"),
    ]  # fmt: skip


def test_snowball_against_avalanche(cli: Any, add_loan: Any) -> None:
    """A: 500 at 24 %, minimum 50; B: 300 at 6 %, minimum 50; 400 a month.

    Snowball (smallest balance after the minimums first):
    Month 1, 2026-12-28: A 10.00 -> 510.00, B 300 x 0.5 % = 1.50 -> 301.50. After the
      minimums A 460.00, B 251.50: B first. B is paid off with 301.50; A gets the other
      98.50 -> 411.50.
    Month 2, 2027-01-28: A 411.50 x 2 % = 8.23 -> 419.73; pays 400 -> 19.73.
    Month 3, 2027-02-28: A 19.73 x 2 % = 0.3946 -> 0.39 -> 20.12; paid off.
    Interest 10.00 + 1.50 + 8.23 + 0.39 = 20.12; paid 800 + 20.12 = 820.12.

    Avalanche (A first):
    Month 1: A pays 350 -> 160.00; B 50 -> 251.50.
    Month 2: A 3.20 -> 163.20, paid off; B 251.50 x 0.5 % = 1.2575 -> 1.26 -> 252.76,
      pays 50 + 186.80 = 236.80 -> 15.96.
    Month 3: B 15.96 x 0.5 % = 0.0798 -> 0.08 -> 16.04; paid off.
    Interest 10.00 + 1.50 + 3.20 + 1.26 + 0.08 = 16.04; paid 816.04: 4.08 less.
    """
    add_loan("A", *card("500", "24%", "50"))
    add_loan("B", *card("300", "6%", "50"))
    snowball = plan_json(cli, "plan", "--budget", "400", "--strategy", "snowball")
    assert (snowball["months"], snowball["debt_free_date"]) == (3, "2027-02-28")
    assert (snowball["total_interest"], snowball["total_paid"]) == ("20.12", "820.12")
    assert snowball["payoff"] == [
        {"name": "B", "month": 1, "date": "2026-12-28"},
        {"name": "A", "month": 3, "date": "2027-02-28"},
    ]
    assert months(snowball, "payments", "balances") == [
        ("2026-12-28", {"A": "98.50", "B": "301.50"}, {"A": "411.50", "B": "0.00"}),
        ("2027-01-28", {"A": "400.00", "B": "0.00"}, {"A": "19.73", "B": "0.00"}),
        ("2027-02-28", {"A": "20.12", "B": "0.00"}, {"A": "0.00", "B": "0.00"}),
    ]
    avalanche = plan_json(cli, "plan", "--budget", "400", "--strategy", "avalanche")
    assert (avalanche["months"], avalanche["debt_free_date"]) == (3, "2027-02-28")
    assert (avalanche["total_interest"], avalanche["total_paid"]) == ("16.04", "816.04")
    assert months(avalanche, "interest") == [
        ("2026-12-28", {"A": "10.00", "B": "1.50"}),
        ("2027-01-28", {"A": "3.20", "B": "1.26"}),
        ("2027-02-28", {"A": "0.00", "B": "0.08"}),
    ]


def test_month_end_dates_and_an_installment_loan(
    cli: Any, add_loan: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today 2027-01-31. Sofa: 1,200 at 0 % over 3 months, 400 an installment (due
    2027-02-28, 03-31, 04-30). Card: 300 at 18 % (1.5 % a month), minimum 25. 700 a month.

    Month 1, 2027-02-28 (Jan 31 + 1 month, clamped): card 300 x 1.5 % = 4.50 -> 304.50.
      Minimums: sofa 400, card 25; the other 275 to the card (18 % > 0 %): it pays
      300.00 -> 4.50; sofa 400.00 -> 800.00.
    Month 2, 2027-03-31: card 4.50 x 1.5 % = 0.0675 -> 0.07 -> 4.57; its minimum 25 is
      capped at 4.57: paid off. Sofa: 400 + the other 295.43 = 695.43 -> 104.57.
    Month 3, 2027-04-30: sofa pays 104.57: debt-free; 595.43 unused.
    Interest 4.50 + 0.07 = 4.57; paid 1,500 + 4.57 = 1,504.57.
    """
    monkeypatch.setenv("DEBTPLAN_TODAY", "2027-01-31")  # the loans start today too
    add_loan("Sofa", "--principal", "1200", "--rate", "0%", "--term", "3", "--currency", "CNY")
    add_loan("Card", *card("300", "18%", "25"))
    doc = plan_json(cli, "plan", "--budget", "700")
    assert (doc["months"], doc["debt_free_date"]) == (3, "2027-04-30")
    assert (doc["total_interest"], doc["total_paid"]) == ("4.57", "1504.57")
    assert doc["payoff"] == [
        {"name": "Card", "month": 2, "date": "2027-03-31"},
        {"name": "Sofa", "month": 3, "date": "2027-04-30"},
    ]
    assert months(doc, "payments", "balances", "unused") == [
        ("2027-02-28", {"Sofa": "400.00", "Card": "300.00"}, {"Sofa": "800.00", "Card": "4.50"},
         "0.00"),
        ("2027-03-31", {"Sofa": "695.43", "Card": "4.57"}, {"Sofa": "104.57", "Card": "0.00"},
         "0.00"),
        ("2027-04-30", {"Sofa": "104.57", "Card": "0.00"}, {"Sofa": "0.00", "Card": "0.00"},
         "595.43"),
    ]  # fmt: skip
    text = cli("plan", "--budget", "700")
    assert text.exit_code == 0, text.stderr
    assert "Debt-free on 2027-04-30, after 3 month(s)." in text.stdout
    assert "Interest: 4.57 CNY. Paid in all: 1,504.57 CNY." in text.stdout
