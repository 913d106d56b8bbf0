"""Loans people already have (issue 13): `add --paid-installments N`, the warning when a
loan is overdue the day it is added, and rate changes from the command line.

The loan most tests use: 10,000 at 12% a year over 12 months from 2026-01-15, an
annuity of 888.49 (docs/conventions.md, the annuity's worked example). By hand, at 1% a
month, each period's interest rounded half-up to the cent:

    n  due         interest  principal  balance
    1  2026-02-15  100.00    788.49     9211.51
    2  2026-03-15   92.12    796.37     8415.14   (9211.51 x 1% = 92.1151)
    3  2026-04-15   84.15    804.34     7610.80   (8415.14 x 1% = 84.1514)
    4  2026-05-15   76.11    812.38     6798.42   (7610.80 x 1% = 76.108)
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

D = Decimal
CAR = ("--principal", "10000", "--rate", "12%", "--term", "12", "--start", "2026-01-15",
       "--currency", "CNY")  # fmt: skip
ON = {"DEBTPLAN_TODAY": "2026-05-20"}


def stored(loan_file) -> list[dict]:
    return tomllib.loads(loan_file.read_text(encoding="utf-8"), parse_float=Decimal)["loans"]


# --- add --paid-installments N -------------------------------------------------------------


def test_paid_installments_are_recorded_on_their_due_dates_and_the_loan_is_current(cli, loan_file):
    added = cli("add", "Car", *CAR, "--paid-installments", "4", env=ON)
    assert added.exit_code == 0
    assert added.stderr == "Added Car.\n"  # current: no warning
    payments = stored(loan_file)[0]["payments"]
    assert [(str(p["date"]), p["amount"]) for p in payments] == [
        ("2026-02-15", D("888.49")), ("2026-03-15", D("888.49")),
        ("2026-04-15", D("888.49")), ("2026-05-15", D("888.49")),
    ]  # fmt: skip
    listed = json.loads(cli("list", "--json", env=ON).stdout)["loans"][0]
    assert (listed["status"], listed["balance"], listed["total_due"]) == (
        "current", "6798.42", "0.00")  # fmt: skip
    assert (listed["next_due_date"], listed["next_due_amount"]) == ("2026-06-15", "888.49")
    rows = json.loads(cli("schedule", "Car", "--json", env=ON).stdout)["installments"]
    assert [row["status"] for row in rows[:5]] == ["paid"] * 4 + ["upcoming"]
    assert [row["penalty"] for row in rows[:4]] == ["0.00"] * 4


def test_a_flat_loan_pays_its_fee_in_each_recorded_installment(cli, loan_file):
    """6,000 flat at 0.6% a month over 12: 6000 / 12 = 500.00 principal and
    6000 x 0.6% = 36.00 fee each month, 536.00 an installment; 3 paid leave 4,500.00."""
    added = cli("add", "Phone", "--method", "flat", "--principal", "6000", "--rate", "0",
                "--fee-rate", "0.6%/month", "--term", "12", "--start", "2026-01-25",
                "--currency", "CNY", "--paid-installments", "3", env=ON)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert [p["amount"] for p in stored(loan_file)[0]["payments"]] == [D("536.00")] * 3
    listed = json.loads(cli("list", "--json", env=ON).stdout)["loans"][0]
    assert (listed["status"], listed["balance"]) == ("current", "4500.00")


def test_installments_of_nothing_need_no_payment(cli, loan_file):
    """Interest-only at 0% over 4 months: installments 1-3 are 0.00 (no interest, no
    principal) and need no payment; the 4th, 2026-05-15, is the 1,200.00 borrowed."""
    added = cli("add", "Mum", "--method", "interest-only", "--principal", "1200", "--rate",
                "0", "--term", "4", "--start", "2026-01-15", "--currency", "CNY",
                "--paid-installments", "4", env=ON)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    payments = stored(loan_file)[0]["payments"]
    assert [(str(p["date"]), p["amount"]) for p in payments] == [("2026-05-15", D("1200.00"))]
    listed = json.loads(cli("list", "--json", env=ON).stdout)["loans"][0]
    assert (listed["status"], listed["balance"]) == ("paid-off", "0.00")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--paid-installments", "13"), "13 is more than the loan's 12 installment(s); give at "
         "most 12"),
        (("--paid-installments", "5"), "installment 5 falls due on 2026-06-15, after today "
         "(2026-05-20); 4 installment(s) are due by today, so give at most 4 and record later "
         "payments with `debtplan pay`"),
        (("--paid-installments=-1",), "-1 is out of range; use a whole number from 0 to 1200"),
        (("--paid-installments", "x"), "expected a whole number, got 'x'"),
        # a lump sum is one installment, at the end of its term
        (("--method", "lump-sum", "--paid-installments", "2"), "2 is more than the loan's 1 "
         "installment(s); give at most 1"),
    ],
)  # fmt: skip
def test_paid_installments_refused_with_what_where_and_how(cli, loan_file, options, message):
    result = cli("add", "Car", *CAR, *options, env=ON)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: the loan has 1 problem(s); nothing was saved",
        f"  Car: --paid-installments: {message}",
    ]
    assert not loan_file.exists()


def test_a_card_has_no_installments_to_record(cli, loan_file):
    result = cli("add", "Visa", "--balance", "1000", "--rate", "24%", "--min-payment", "5%,100",
                 "--start", "2026-01-01", "--paid-installments", "1", env=ON)  # fmt: skip
    assert result.exit_code == 1
    assert "  Visa: --paid-installments: a card has no installments to record" in result.stderr
    assert not loan_file.exists()


def test_paid_installments_in_chinese(cli):
    result = cli("--lang", "zh", "add", "Car", *CAR, "--paid-installments", "13", env=ON)
    assert result.exit_code == 1
    assert "Car: --paid-installments: 13 " in result.stderr
    assert "is more than" not in result.stderr


# --- the warning when a loan is added overdue -------------------------------------------------


def test_add_warns_when_the_loan_is_already_overdue_and_says_how_to_record_it(cli, loan_file):
    """2 of 4 installments recorded; 3 (2026-04-15) and 4 (2026-05-15) unpaid on
    2026-05-20, at 0.05% a day on the overdue amount: 888.49 x 0.0005 x 35 days = 15.55
    and 888.49 x 0.0005 x 5 days = 2.22, so 2 x 888.49 + 15.55 + 2.22 = 1,794.75."""
    added = cli("add", "Car", *CAR, "--penalty-rate", "0.05%/day", "--paid-installments", "2",
                env=ON)  # fmt: skip
    assert added.exit_code == 0
    assert added.stderr.splitlines() == [
        "Added Car.",
        "Warning: Car is already overdue on 2026-05-20: 2 installment(s) unpaid since "
        "2026-04-15, 1,794.75 CNY with penalty and fees.",
        "If you paid them, record what you paid: `debtplan undo`, then add it again with "
        "--paid-installments 4 (the installments due by today), or record each payment: "
        "`debtplan pay Car AMOUNT --date YYYY-MM-DD`.",
    ]
    assert len(stored(loan_file)) == 1  # the loan is added all the same


def test_the_warning_goes_to_stderr_beside_the_json_and_speaks_chinese(cli):
    added = cli("--lang", "zh", "add", "Old car", *CAR, "--json", env=ON)
    assert added.exit_code == 0
    assert json.loads(added.stdout)["added"]["name"] == "Old car"
    lines = added.stderr.splitlines()
    assert (
        len(lines) == 2 and "2026-05-20" in lines[0] and "3,553.96" in lines[0]
    )  # 4 x 888.49, no penalty terms
    assert "--paid-installments 4" in lines[1] and "'Old car'" in lines[1]
    assert "already overdue" not in added.stderr


def test_a_card_added_overdue_is_told_to_record_its_payments(cli):
    """1,000 at 24% (2% a month: 20.00 interest), minimum 5% of the statement with a
    floor of 100: 5% of at most 1,020.00 is 51.00, so 100.00 each month; four of them
    (02-01 to 05-01) unpaid on 2026-05-20: 400.00, and, with no penalty terms, the card's
    own 24% on each missed minimum (its overdue interest) for 108, 80, 49 and 19 days:
    100 x 0.24 / 365 x (108 + 80 + 49 + 19) = 16.83 (7.10 + 5.26 + 3.22 + 1.25): 416.83."""
    added = cli("add", "Visa", "--balance", "1000", "--rate", "24%", "--min-payment",
                "5%,100", "--start", "2026-01-01", "--currency", "USD", env=ON)  # fmt: skip
    assert added.exit_code == 0
    assert added.stderr.splitlines()[1:] == [
        "Warning: Visa is already overdue on 2026-05-20: 4 minimum payment(s) unpaid since "
        "2026-02-01, 416.83 USD with penalty and fees.",
        "If you paid it, record each payment: `debtplan pay Visa AMOUNT --date YYYY-MM-DD`.",
    ]


def test_no_warning_within_the_grace_days(cli):
    """Installment 4 fell due 2026-05-15; 5 grace days keep it due, not overdue, on 05-20."""
    added = cli("add", "Car", *CAR, "--grace-days", "5", "--paid-installments", "3", env=ON)
    assert added.exit_code == 0 and added.stderr == "Added Car.\n"


# --- edit --rate-change DATE=RATE, --unset rate-changes ---------------------------------------


def test_rate_change_from_the_command_line_reschedules_like_the_file(cli, add_loan, loan_file):
    """12% becomes 24% from 2026-04-15: installment 4 begins on 2026-04-15, so from it on
    the annuity is worked out again on 7,610.80 at 2% over the 9 periods left:
    7610.80 x 0.02 / (1 - 1.02^-9) = 152.216 / 0.1632447 = 932.44 (the issue's figure)."""
    add_loan("Car", *CAR)
    edited = cli("edit", "Car", "--rate-change", "2026-04-15=24%",
                 "--rate-change", "2027-01-01=1.5%/month")  # fmt: skip
    assert edited.exit_code == 0, edited.stderr
    changes = stored(loan_file)[0]["rate_changes"]
    assert [(str(c["from"]), c["rate"]) for c in changes] == [
        ("2026-04-15", "24%"), ("2027-01-01", "1.5%/month")]  # fmt: skip
    rows = json.loads(cli("schedule", "Car", "--json").stdout)["installments"]
    assert [row["payment"] for row in rows[2:4]] == ["888.49", "932.44"]

    # The same date again replaces that change (12% again: 888.49 throughout).
    assert cli("edit", "Car", "--rate-change", "2026-04-15=12%").exit_code == 0
    changes = stored(loan_file)[0]["rate_changes"]
    assert [(str(c["from"]), c["rate"]) for c in changes] == [
        ("2026-04-15", "12%"), ("2027-01-01", "1.5%/month")]  # fmt: skip
    rows = json.loads(cli("schedule", "Car", "--json").stdout)["installments"]
    assert rows[3]["payment"] == "888.49"

    assert cli("edit", "Car", "--unset", "rate-changes").exit_code == 0
    assert "rate_changes" not in stored(loan_file)[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-06-01", "write a rate change as DATE=RATE, like 2027-06-01=4.2%; got "
         "'2027-06-01'"),
        ("2027-02-30=4%", "'2027-02-30' is not a date; write it as YYYY-MM-DD, like 2026-01-31"),
        ("2027-06-01=lots", "'lots' is not a rate; write it like 12% (a year), 1.5%/month or "
         "0.05%/day"),
    ],
)  # fmt: skip
def test_a_bad_rate_change_changes_nothing(cli, add_loan, loan_file, value, message):
    add_loan("Car", *CAR)
    before = loan_file.read_bytes()
    result = cli("edit", "Car", "--rate-change", value)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: the loan has 1 problem(s); nothing was saved",
        f"  Car: --rate-change: {message}",
    ]
    assert loan_file.read_bytes() == before


def test_a_rate_change_is_validated_with_the_whole_loan(cli, add_loan, loan_file):
    """A card's minimum must cover a month's interest at every rate it changes to: at 60%
    a month's interest on 1,000 is 50.00, and 3% of 1,050.00 is 31.50."""
    add_loan("Visa", "--balance", "1000", "--rate", "24%", "--min-payment", "3%",
             "--start", "2026-11-01", "--currency", "USD")  # fmt: skip
    before = loan_file.read_bytes()
    result = cli("edit", "Visa", "--rate-change", "2027-06-01=60%")
    assert result.exit_code == 1
    assert "  Visa: min_payment: this minimum never covers the month's interest at 60%" in (
        result.stderr
    )
    assert loan_file.read_bytes() == before


def test_unset_names_a_field_that_exists(cli, add_loan, loan_file):
    add_loan("Car", *CAR, "--note", "keep me")
    before = loan_file.read_bytes()
    result = cli("edit", "Car", "--unset", "rate-change")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: --unset 'rate-change': no such field; use one of: account, allocation, balance, "
    )
    assert "rate-changes" in result.stderr and "note" in result.stderr
    assert loan_file.read_bytes() == before
    assert cli("edit", "Car", "--unset", "Note").exit_code == 0
    assert "note" not in stored(loan_file)[0]


def test_help_shows_real_metavars(cli):
    edit = cli("edit", "--help").stdout
    assert "--rate-change DATE=RATE" in edit and "--unset FIELD" in edit
    assert "--paid-installments N" in cli("add", "--help").stdout


# --- properties ---------------------------------------------------------------------------


@st.composite
def loans_paid_so_far(draw: st.DrawFn) -> tuple[dict, date]:
    method = draw(st.sampled_from(["annuity", "equal-principal", "interest-only", "lump-sum",
                                   "flat"]))  # fmt: skip
    raw = {
        "name": "L", "currency": "CNY", "method": method,
        "principal": draw(st.decimals(D("100"), D("2000000"), places=2)),
        "rate": f"{draw(st.decimals(D('0'), D('36'), places=2))}%",
        "term": draw(st.integers(1, 120)),
        "frequency": draw(st.sampled_from(["monthly", "biweekly", "weekly"])),
        "start": draw(st.dates(date(2018, 1, 1), date(2026, 11, 1))),
        "penalty_rate": "0.05%/day", "late_fee": "30",
    }  # fmt: skip
    if method == "flat":
        raw["fee_rate"] = "0.6%/month"
    return raw, date(2026, 11, 28)


@settings(max_examples=200, deadline=None, database=None)
@given(case=loans_paid_so_far())
def test_every_installment_due_recorded_leaves_the_loan_current_at_its_contract_balance(
    case: tuple[dict, date],
) -> None:
    """Whatever the loan, recording every installment due by today leaves nothing overdue,
    no penalty or fee, and the balance the contract schedule has after them; recording
    none, the loan is overdue from the first of them and the warning counts them all."""
    from debtplan.core.from_document import validate_loan_dict
    from debtplan.core.ledger import loan_state
    from debtplan.core.schedule import contract_schedule
    from debtplan.usecases.onboarding import overdue_when_added, with_paid_installments

    raw, today = case
    loan = validate_loan_dict(raw)
    schedule = contract_schedule(loan)
    due = sum(1 for row in schedule if row.due_date <= today)
    state = loan_state(with_paid_installments(loan, due, today), today)
    assert state.overdue == () and state.penalty == 0 and state.late_fees == 0
    assert state.balance == (schedule[due - 1].balance if due else loan.principal)
    assert sum(p.amount for p in state.loan.payments) == sum(r.payment for r in schedule[:due])

    notice = overdue_when_added(loan, today)
    overdue = [row for row in schedule if row.due_date < today and row.payment > 0]
    if overdue:
        assert notice is not None
        assert (notice.count, notice.since, notice.due_by_today) == (
            len(overdue), overdue[0].due_date, due)  # fmt: skip
    else:
        assert notice is None


def test_a_card_whose_minimums_never_pay_it_off_is_not_saved(cli, loan_file):
    """36% a year is 3% a month; a minimum of 3% of the statement (the balance plus the
    month's interest) leaves 1.03 x 0.97 = 0.9991 of the balance a month: to fall from
    5,000 to a cent takes ln(5000 / 0.01) / -ln(0.9991) = 13.1 / 0.0009 = about 14,600
    months, far beyond the 1,200 (100 years) debtplan projects. The
    add stops before saving, where it used to save a card no command could then read."""
    result = cli("add", "V", "--balance", "5000", "--rate", "36%", "--min-payment", "3%",
                 "--start", "2026-01-01", "--currency", "CNY")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == "Error: V: minimum payments do not pay it off within 100 years\n"
    assert not loan_file.exists()
