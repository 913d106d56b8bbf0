"""Payments, schedules, overdue and the real cost through the command line, to the cent."""

from __future__ import annotations

import csv
import io
import json

import numpy_financial as npf

# On a 365-day year, the count the figures below are worked out on (a CNY loan's own
# default is 360).
CAR = ("--principal", "10000", "--rate", "12%", "--term", "12", "--start", "2026-10-31",
       "--currency", "CNY", "--day-count", "365")  # first due 2026-11-30  # fmt: skip


def js(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_schedule_matches_numpy_financial(cli, add_loan):
    add_loan("car", *CAR)
    doc = js(cli, "schedule", "car", "--json")
    rate, n, principal = 0.01, 12, 10000
    assert doc["installments"][0]["payment"] == f"{-npf.pmt(rate, n, principal):.2f}"
    for row in doc["installments"][:-1]:
        k = row["number"]
        assert abs(float(row["interest"]) + npf.ipmt(rate, k, n, principal)) < 0.02
    assert doc["total_payment"] == "10661.86"


def test_schedule_csv(cli, add_loan):
    add_loan("car", *CAR)
    rows = list(csv.DictReader(io.StringIO(cli("schedule", "car", "--csv").stdout)))
    assert len(rows) == 12
    assert rows[0]["due_date"] == "2026-11-30" and rows[0]["payment"] == "888.49"
    assert rows[-1]["balance"] == "0.00"


def test_prepay_shorten_keeps_the_installment(cli, add_loan):
    """3,000 paid on 2026-11-28, 28 days after the money was paid out (nothing is due yet),
    cuts principal that day. The principal X pays its 28 days of interest:
    X x (1 + 12% x 28 / 365) = 3,000: X = 2,972.64 and 27.36 of interest. Installment 1
    stays 888.49; the 7,027.36 left is repaid in fewer than 12."""
    add_loan("car", *CAR)
    assert cli("pay", "car", "3000").exit_code == 0
    doc = js(cli, "schedule", "car", "--json")
    assert doc["prepaid"] == "2972.64"
    assert doc["prepaid_interest"] == "27.36"
    payments = [row["payment"] for row in doc["installments"]]
    assert payments[:2] == ["888.49", "888.49"] and len(payments) < 12
    assert doc["installments"][0]["balance"] == "6209.14"  # 7,027.36 - (888.49 - 70.27)


def test_prepay_reduce_keeps_the_term(cli, add_loan):
    add_loan("car", *CAR)
    assert cli("pay", "car", "3000", "--prepay", "reduce").exit_code == 0
    doc = js(cli, "schedule", "car", "--json")
    assert len(doc["installments"]) == 12
    # The level worked out again on the 7,027.36 left after the prepayment (above), over
    # all 12 periods, since none is due yet: pmt(0.01, 12, 7027.36).
    assert doc["installments"][0]["payment"] == f"{-npf.pmt(0.01, 12, 7027.36):.2f}"


def test_partial_payment_and_unpay(cli, add_loan, loan_file):
    add_loan("car", *CAR, "--penalty-rate", "0.05%/day")
    # On the due date (money paid before it would cut principal instead: a prepayment).
    assert cli("--today", "2026-11-30", "pay", "car", "400").exit_code == 0
    before = loan_file.read_bytes()
    over = js(cli, "--today", "2026-12-10", "overdue", "car", "--json")["loans"][0]
    # 488.49 left of the Nov 30 installment, 10 days late at 0.05%/day: 2.44.
    assert over["overdue_amount"] == "488.49"
    assert over["penalty"] == "2.44"
    assert over["total_due"] == "490.93"
    assert js(cli, "payments", "car", "--json")["payments"][0]["amount"] == "400.00"
    assert cli("unpay", "car", "2", "--yes").exit_code == 1
    assert loan_file.read_bytes() == before
    assert cli("unpay", "car", "1", "--yes").exit_code == 0
    assert js(cli, "payments", "car", "--json")["payments"] == []


def test_overdue_pay_on_what_if(cli, add_loan):
    add_loan("car", *CAR, "--penalty-rate", "0.05%/day", "--late-fee", "50")
    doc = js(cli, "--today", "2026-12-05", "overdue", "car", "--pay-on", "2026-12-15", "--json")
    loan = doc["loans"][0]
    assert loan["days_overdue"] == 5 and loan["stage"] == "short" and loan["bucket"] == "M1"
    assert loan["penalty"] == "2.22"  # 888.49 x 0.0005 x 5
    assert loan["late_fees"] == "50.00"
    assert loan["total_due"] == "940.71"
    assert loan["daily_increase"] == "0.45"
    assert loan["suggested_message"] == "extension"
    later = loan["pay_on"]
    assert later["days_overdue"] == 15 and later["stage"] == "medium"
    assert later["extra_cost"] == "4.44"  # 10 more days: 6.66 - 2.22


def test_paying_total_due_clears_the_overdue(cli, add_loan):
    add_loan("car", *CAR, "--penalty-markup", "50%", "--penalty-compound", "yes",
             "--late-fee", "20")  # fmt: skip
    today = "2027-02-14"
    loan = js(cli, "--today", today, "overdue", "car", "--json")["loans"][0]
    assert loan["days_overdue"] == 76
    assert cli("--today", today, "pay", "car", loan["total_due"]).exit_code == 0
    (after,) = js(cli, "--today", today, "overdue", "car", "--json")["loans"]
    assert (after["days_overdue"], after["total_due"], after["installments"]) == (0, "0.00", [])
    assert js(cli, "--today", today, "overdue", "--json")["loans"] == []


def test_pay_refuses_future_dates_and_bad_amounts(cli, add_loan, loan_file):
    add_loan("car", *CAR)
    before = loan_file.read_bytes()
    for args in (["pay", "car", "10", "--date", "2026-12-01"], ["pay", "car", "--", "-10"],
                 ["pay", "car", "0"], ["pay", "car", "1.001"],
                 ["pay", "car", "10", "--prepay", "x"],
                 ["pay", "bike", "10"], ["pay", "car", "10", "--date", "2026-01-01"]):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 1, args
        assert "Traceback" not in result.output
        assert loan_file.read_bytes() == before


def test_overdue_text_names_rights_and_next_message(cli, add_loan):
    add_loan("online", *CAR, "--penalty-rate", "0.05%/day", "--lender-type", "online")
    text = cli("--today", "2026-12-20", "overdue").stdout
    assert "20 days overdue" in text
    assert "22:00" in text and "12378" in text
    assert "debtplan message online --kind waiver" in text
    us = cli("--today", "2026-12-20", "add", "card", *CAR[:-3], "USD")
    assert us.exit_code == 0
    text = cli("--today", "2026-12-20", "overdue", "card").stdout
    assert "CFPB" in text
