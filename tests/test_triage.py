"""`debtplan triage`: today's cash split across what is due, worked by hand, and the
properties every split keeps."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.core.from_document import validate_loan_dict
from debtplan.core.ledger import loan_state
from debtplan.core.triage import triage, with_payment

D = Decimal
AS_OF = date(2026, 11, 28)

# 网贷A: a flat loan, 6,000 in 6, 1 %/month: 1,000 + 60 = 1,060 a month, the first due
# 2026-10-30, 29 days late on 2026-11-28; 0.1 %/day on it: 1,060 x 0.001 x 29 = 30.74.
# It is due 1,090.74 and enters M2 (day 31) in 2 days.
# Car: 10,000 at 12 % in 12: 888.49, due 2026-11-20, 8 days late (3 grace days passed);
# 0.05 %/day: 888.49 x 0.0005 x 8 = 3.55396 -> 3.55, and a late fee of 30: 922.04.
# Its next line is day 31 (M2), in 23 days.
ONLINE = {"name": "网贷A", "currency": "CNY", "method": "flat", "principal": "6000",
          "rate": "0%", "fee_rate": "1%/month", "term": 6, "start": "2026-09-30",
          "penalty_rate": "0.1%/day"}  # fmt: skip
CAR = {"name": "Car", "currency": "CNY", "method": "annuity", "principal": "10000",
       "rate": "12%", "term": 12, "start": "2026-10-20", "penalty_rate": "0.05%/day",
       "late_fee": "30", "grace_days": 3}  # fmt: skip


def loans():
    return [validate_loan_dict(dict(ONLINE)), validate_loan_dict(dict(CAR))]


def test_the_loan_nearest_a_line_comes_first_then_a_partial_payment():
    """1,500: 网贷A's 1,090.74 first (M2 in 2 days); 409.26 is left, less than Car's
    922.04, so it goes to Car as a part: fees 30, penalty 3.55, interest 100.00
    (10,000 x 1 %), principal 275.71; Car still owes 788.49 - 275.71 = 512.78, and a
    day adds 512.78 x 0.0005 = 0.25639 -> 0.26."""
    result = triage(loans(), D(1500), AS_OF)
    whole, part = result.choices
    assert (whole.loan.name, whole.number, whole.amount, whole.whole) == (
        "网贷A",
        1,
        D("1090.74"),
        True,
    )
    assert whole.avoids is not None
    assert (whole.avoids.name, whole.avoids.in_days, whole.avoids.on) == (
        "M2",
        2,
        date(2026, 11, 30),
    )
    assert (part.loan.name, part.amount, part.whole, part.avoids) == (
        "Car",
        D("409.26"),
        False,
        None,
    )
    (left,) = result.left
    assert (left.loan.name, left.amount, left.daily_cost) == ("Car", D("512.78"), D("0.26"))
    assert result.unused == 0


def test_enough_cash_pays_both_whole_and_says_what_is_not_needed():
    """3,000 - 1,090.74 - 922.04 = 987.22 not needed; Car avoids M2 in 23 days."""
    result = triage(loans(), D(3000), AS_OF)
    assert [(c.loan.name, c.amount) for c in result.choices] == [("网贷A", D("1090.74")),
                                                                 ("Car", D("922.04"))]  # fmt: skip
    assert result.choices[1].avoids is not None and result.choices[1].avoids.in_days == 23
    assert result.left == () and result.unused == D("987.22")


def test_an_installment_due_today_is_kept_from_going_overdue():
    """Car on its due day, 2026-11-20, 3 grace days: it goes overdue on day 4, in 4 days;
    888.49 pays it, no penalty or fee yet."""
    result = triage([validate_loan_dict(dict(CAR))], D(1000), date(2026, 11, 20))
    (choice,) = result.choices
    assert choice.amount == D("888.49") and choice.avoids is not None
    assert (choice.avoids.kind, choice.avoids.in_days) == ("overdue", 4)


def test_the_command_text_json_and_chinese(cli, add_loan):
    add_loan("网贷A", "--principal", "6000", "--rate", "0", "--method", "flat", "--fee-rate",
             "1%/month", "--term", "6", "--start", "2026-09-30", "--penalty-rate", "0.1%/day",
             "--currency", "CNY")  # fmt: skip
    add_loan("Car", "--principal", "10000", "--rate", "12%", "--term", "12", "--start",
             "2026-10-20", "--penalty-rate", "0.05%/day", "--late-fee", "30", "--grace-days",
             "3", "--currency", "CNY")  # fmt: skip
    text = cli("triage", "--cash", "1500")
    assert text.exit_code == 0, text.stderr
    assert "keeps 网贷A out of M2 on the credit report, which it reaches in 2 days" in text.stdout
    assert "debtplan message Car --kind waiver" in text.stdout
    doc = json.loads(cli("triage", "--cash", "1500", "--json").stdout)
    assert [(p["loan"], p["amount"]) for p in doc["pay"]] == [("网贷A", "1090.74"),
                                                              ("Car", "409.26")]  # fmt: skip
    assert doc["left"][0]["amount"] == "512.78" and doc["left"][0]["daily_cost"] == "0.26"
    zh = cli("--lang", "zh", "triage", "--cash", "1500")
    assert "M2" in zh.stdout and "2 天" in zh.stdout
    bad = cli("triage", "--cash", "lots")
    assert bad.exit_code == 1 and "--cash: 'lots' is not an amount" in bad.stderr


LOAN = st.fixed_dictionaries({
    "method": st.sampled_from(["annuity", "flat", "equal-principal"]),
    "principal": st.integers(1000, 20000).map(str),
    "term": st.integers(1, 12),
    "start_days_ago": st.integers(20, 400),
    "penalty": st.sampled_from(["0.05%/day", "0.1%/day", "0.02%/day"]),
    "grace": st.integers(0, 5),
    "late_fee": st.sampled_from(["0", "30"]),
    "jurisdiction": st.sampled_from(["cn", "us"]),
})  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(specs=st.lists(LOAN, min_size=1, max_size=4), cash=st.integers(0, 12000))
def test_a_split_never_overspends_and_every_line_it_avoids_is_avoided(specs, cash):
    built = []
    for number, spec in enumerate(specs):
        fields = {"name": f"L{number}", "currency": "CNY", "method": spec["method"],
                  "principal": spec["principal"], "rate": "12%", "term": spec["term"],
                  "start": (AS_OF - timedelta(days=spec["start_days_ago"])).isoformat(),
                  "penalty_rate": spec["penalty"], "grace_days": spec["grace"],
                  "late_fee": spec["late_fee"], "jurisdiction": spec["jurisdiction"]}  # fmt: skip
        if spec["method"] == "flat":
            fields["fee_rate"] = "0.75%/month"
        built.append(validate_loan_dict(fields))
    result = triage(built, D(cash), AS_OF)
    assert sum(c.amount for c in result.choices) + result.unused == D(cash)
    assert all(c.amount > 0 for c in result.choices)
    for loan in built:
        owed = loan_state(loan, AS_OF).total_due
        assert result.paid(loan) <= owed
        after = with_payment(loan, result.paid(loan), AS_OF)
        for choice in result.choices:
            if choice.loan is loan and choice.avoids is not None:
                later = loan_state(after, choice.avoids.on)
                assert later.days_overdue < choice.avoids.days, (loan.name, choice.avoids)
