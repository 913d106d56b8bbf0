"""Charges and statements move a card's balance: the schedule, the payoff, the commands.

Every figure is worked out by hand in the docstrings. The card: 1,000 owed on 2026-01-15
at 18% a year on a 365-day year, minimum 10% of the statement and at least 50; a month's
interest is 18% / 12 = 1.5% of the balance the month began with.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.core.from_document import validate_loan_dict
from debtplan.core.ledger import loan_state
from debtplan.core.model import Charge, Payment, Statement
from debtplan.core.schedule import contract_schedule

CARD = ("--method", "revolving", "--balance", "1000", "--rate", "18%", "--min-payment",
        "10%,50", "--start", "2026-01-15", "--currency", "CNY", "--day-count", "365")  # fmt: skip


def card(**fields):
    return validate_loan_dict({
        "name": "Card", "currency": "CNY", "method": "revolving", "balance": "1000",
        "rate": "18%", "min_payment": "10%,50", "start": date(2026, 1, 15), "day_count": 365,
        **fields,
    })  # fmt: skip


def js(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_a_charge_joins_the_next_statement_not_its_interest():
    """500 spent on 2026-01-20. February 15: interest 1,000 x 1.5% = 15.00 (the 500 bears
    none yet); statement 1,000 + 15.00 + 500 = 1,515.00; minimum 10% = 151.50; balance
    after 1,515.00 - 151.50 = 1,363.50. March 15: interest 1,363.50 x 1.5% = 20.4525,
    20.45; statement 1,383.95; minimum 138.395, 138.40; balance 1,245.55."""
    rows = contract_schedule(card(charges=[{"date": date(2026, 1, 20), "amount": "500"}]))
    first, second = rows[0], rows[1]
    assert (first.due_date, first.payment, first.interest, first.principal, first.balance) == (
        date(2026, 2, 15), Decimal("151.50"), Decimal("15.00"), Decimal("136.50"),
        Decimal("1363.50"))  # fmt: skip
    assert (second.payment, second.interest, second.balance) == (
        Decimal("138.40"), Decimal("20.45"), Decimal("1245.55"))  # fmt: skip


def test_a_charge_on_a_due_date_joins_the_next_one():
    """Spent on 2026-02-15, the due date itself: February's statement is 1,000 + 15.00,
    minimum 101.50, balance 913.50; the 200 joins March: interest 913.50 x 1.5% = 13.7025,
    13.70; statement 913.50 + 13.70 + 200 = 1,127.20; minimum 112.72."""
    rows = contract_schedule(card(charges=[{"date": date(2026, 2, 15), "amount": "200"}]))
    assert (rows[0].payment, rows[0].balance) == (Decimal("101.50"), Decimal("913.50"))
    assert (rows[1].interest, rows[1].payment, rows[1].balance) == (
        Decimal("13.70"),
        Decimal("112.72"),
        Decimal("1014.48"),
    )  # 1,127.20 - 112.72


def test_a_charge_after_the_day_asked_about_is_not_owed_yet():
    """As of 2026-01-19 the 500 of January 20 is not spent: the balance is 1,000.00 and
    the first minimum 101.50 (10% of 1,015.00); from January 20 it is 1,500.00."""
    loan = card(charges=[{"date": date(2026, 1, 20), "amount": "500"}])
    before, on = loan_state(loan, date(2026, 1, 19)), loan_state(loan, date(2026, 1, 20))
    assert (before.balance, before.next_due.payment) == (Decimal("1000.00"), Decimal("101.50"))
    assert (on.balance, on.next_due.payment) == (Decimal("1500.00"), Decimal("151.50"))


def test_a_paid_off_card_charged_again_owes_again():
    """Paid off on 2026-01-15 (1,000, the day its balance is set: no interest), then 300
    spent on 2026-03-02: nothing is owed in February; on March 15 the statement is 300
    (no interest: the month began at 0), minimum max(30.00, 50) = 50.00."""
    loan = card(payments=[{"date": date(2026, 1, 15), "amount": "1000"}],
                charges=[{"date": date(2026, 3, 2), "amount": "300"}])  # fmt: skip
    state = loan_state(loan, date(2026, 3, 5))
    assert state.balance == Decimal("300.00") and state.overpaid == 0
    upcoming = state.next_due
    assert (upcoming.due_date, upcoming.payment, upcoming.interest) == (
        date(2026, 3, 15), Decimal("50.00"), Decimal("0.00"))  # fmt: skip


def test_a_statement_sets_the_balance_on_its_date():
    """Statement 3,250.00 on 2026-03-15 (whatever the book had), 100 spent on March 20.
    April 15: 3,250 x 1.5% = 48.75; statement 3,250 + 48.75 + 100 = 3,398.75, minimum
    339.875, 339.88. Paying off on March 25: 3,350 + 3,250 x 18% x 10 / 365 = 16.03,
    3,366.03. A payment of 200 dated March 10, before the statement, is in it."""
    loan = card(charges=[{"date": date(2026, 1, 20), "amount": "500"},
                         {"date": date(2026, 3, 20), "amount": "100"}],
                payments=[{"date": date(2026, 3, 10), "amount": "200"}],
                statements=[{"date": date(2026, 3, 15), "balance": "3,250.00"}])  # fmt: skip
    state = loan_state(loan, date(2026, 3, 25))
    assert state.balance == Decimal("3350.00")
    assert state.payoff_amount == Decimal("3366.03")
    first = state.installments[0]
    assert (first.number, first.due_date, first.payment, first.interest) == (
        3, date(2026, 4, 15), Decimal("339.88"), Decimal("48.75"))  # fmt: skip
    assert state.total_due == 0 and state.total_paid == Decimal("200.00")


def test_show_json_and_due_see_the_charge(cli, add_loan):
    """The same card and charge through the command line on 2026-01-25: balance 1,500.00;
    payoff 1,000 + 1,000 x 18% x 10 / 365 = 4.93, 1,504.93 (the 500 bears nothing yet);
    on February 15 `due` lists 151.50."""
    add_loan("Card", *CARD)
    assert cli("--today", "2026-01-25", "charge", "Card", "500", "--date", "2026-01-20",
               "--note", "groceries").exit_code == 0  # fmt: skip
    shown = js(cli, "--today", "2026-01-25", "show", "Card", "--json")
    assert (shown["balance"], shown["payoff_amount"], shown["next_due_amount"]) == (
        "1500.00", "1504.93", "151.50")  # fmt: skip
    assert (shown["opening_balance"], shown["charges"]) == ("1000.00", 1)
    due = js(cli, "--today", "2026-02-15", "due", "--json")
    assert [(i["loan"], i["due_date"], i["amount"]) for i in due["items"]] == [
        ("Card", "2026-02-15", "151.50")]  # fmt: skip
    listed = js(cli, "--today", "2026-01-25", "list", "--json")
    assert listed["loans"][0]["balance"] == "1500.00"


def test_plan_starts_from_the_balance_today(cli, add_loan):
    """Statement 3,250.00 on 2026-03-15 and 100 spent on March 20: on March 25 the plan
    starts from 3,350.00; a month of 1.5% is 50.25, and 2,000 a month leaves 1,400.25."""
    add_loan("Card", *CARD)
    for args in (("--statement", "3,250.00", "--date", "2026-03-15"),
                 ("100", "--date", "2026-03-20")):  # fmt: skip
        assert cli("--today", "2026-03-25", "charge", "Card", *args).exit_code == 0
    plan = js(cli, "--today", "2026-03-25", "plan", "--budget", "2000", "--json")
    month = plan["months_detail"][0]
    assert (month["interest"]["Card"], month["balances"]["Card"]) == ("50.25", "1400.25")
    exported = json.loads(cli("--today", "2026-03-25", "export").stdout)["loans"][0]
    assert exported["charges"] == [{"date": "2026-03-20", "amount": "100.00"}]
    assert exported["statements"] == [{"date": "2026-03-15", "balance": "3250.00"}]
    assert exported["schedule"][0]["payment"] == "339.88"


def test_charge_is_refused_on_a_loan_that_is_not_revolving(cli, add_loan, loan_file):
    add_loan("Car", "--principal", "10000", "--rate", "12%", "--term", "12", "--currency", "CNY")
    before = loan_file.read_bytes()
    result = cli("charge", "Car", "100")
    assert result.exit_code == 1
    assert "not a revolving line" in result.stderr and "debtplan add" in result.stderr
    assert loan_file.read_bytes() == before


def test_bad_charges_are_refused_and_change_nothing(cli, add_loan, loan_file):
    add_loan("Card", *CARD)
    before = loan_file.read_bytes()
    for args, words in ((("100", "--date", "2026-01-14"), "before the card's start"),
                        (("100", "--date", "2026-11-29"), "after today"),
                        (("100", "--statement", "50"), "not both"),
                        ((), "not both"),
                        (("0",), "more than 0")):  # fmt: skip
        result = cli("charge", "Card", *args)
        assert result.exit_code == 1 and words in result.stderr, (args, result.stderr)
    assert loan_file.read_bytes() == before


def test_uncharge_removes_the_one_recorded_by_mistake(cli, add_loan):
    """A statement of 1,500.00 on 2026-11-22 is the balance on 2026-11-28 (the charges are
    before it). Without it, 1,000 + 120 + 80 = 1,200.00 (no payment was recorded: the
    minimums are overdue, their principal still owed); without the 120, 1,080.00."""
    add_loan("Card", *CARD)
    assert cli("charge", "Card", "120", "--date", "2026-11-20").exit_code == 0
    assert cli("charge", "Card", "80", "--date", "2026-11-21").exit_code == 0
    assert cli("charge", "Card", "--statement", "1,500.00", "--date", "2026-11-22").exit_code == 0
    listed = js(cli, "charges", "Card", "--json")
    assert [c["amount"] for c in listed["charges"]] == ["120.00", "80.00"]
    assert js(cli, "show", "Card", "--json")["balance"] == "1500.00"
    assert cli("uncharge", "Card", "1", "--statement", "--yes").exit_code == 0
    assert js(cli, "show", "Card", "--json")["balance"] == "1200.00"
    assert cli("uncharge", "Card", "1", "--yes").exit_code == 0
    assert js(cli, "show", "Card", "--json")["balance"] == "1080.00"
    listed = js(cli, "charges", "Card", "--json")
    assert [c["amount"] for c in listed["charges"]] == ["80.00"] and listed["statements"] == []
    result = cli("uncharge", "Card", "5", "--yes")
    assert result.exit_code == 1 and "no charge number 5" in result.stderr


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 120), st.integers(1, 500_000)), max_size=6),
    st.integers(0, 150),
)
def test_charges_add_to_the_balance_and_the_payoff_clears_it(spent, day):
    """Property: with no payment, the balance on a day is the start balance plus every
    charge dated up to it, exactly; the schedule repays exactly the start balance plus
    every charge; and paying the payoff on that day leaves nothing owed and nothing over."""
    start = date(2026, 1, 15)
    charges = tuple(Charge(start + timedelta(days=d), Decimal(c) / 100) for d, c in spent)
    loan = replace(card(), charges=tuple(sorted(charges, key=lambda c: c.on)))
    on = start + timedelta(days=day)
    state = loan_state(loan, on)
    made = sum((c.amount for c in charges if c.on <= on), Decimal(0))
    assert state.balance == Decimal(1000) + made
    rows = contract_schedule(loan)
    assert sum(r.principal for r in rows) == Decimal(1000) + sum(c.amount for c in charges)
    if state.total_due == 0:
        paid = replace(loan, payments=(Payment(on, state.payoff_amount),),
                       charges=tuple(c for c in loan.charges if c.on <= on))  # fmt: skip
        after = loan_state(paid, on)
        assert (after.balance, after.overpaid, after.total_due) == (0, 0, 0)


def test_statement_round_trips_through_the_file():
    loan = card(statements=[{"date": date(2026, 3, 15), "balance": "0", "note": "paid"}])
    assert loan.statements == (Statement(date(2026, 3, 15), Decimal("0.00"), "paid"),)
    assert loan_state(loan, date(2026, 3, 20)).balance == 0
