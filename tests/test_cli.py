"""The loan book through the command line: add/edit/remove/list/show/due/check/pay/schedule.

Each test runs with its own loan file and --today fixed at 2026-11-28 (conftest).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

CAR = ("--principal", "10000", "--rate", "12%", "--term", "12", "--start", "2026-01-31",
       "--currency", "CNY")  # fmt: skip


def test_add_then_list_json(cli, add_loan):
    add_loan("车贷 🚗", *CAR, "--lender", "银行")
    result = cli("list", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["as_of"] == "2026-11-28"
    (loan,) = doc["loans"]
    assert loan["name"] == "车贷 🚗"
    assert loan["rate"] == "12.00"
    # Unpaid since Feb: every installment through 2026-11-28 is overdue.
    assert loan["status"] == "overdue"
    assert loan["balance"] == "10000.00"
    assert loan["next_due_date"] == "2026-11-30"
    assert loan["next_due_amount"] == "888.49"


def test_month_end_clamping_in_the_schedule(cli, add_loan):
    add_loan("car", *CAR)
    doc = json.loads(cli("schedule", "car", "--json").stdout)
    dates = [i["due_date"] for i in doc["installments"]]
    assert dates[:4] == ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]
    assert doc["installments"][0]["payment"] == "888.49"
    assert doc["installments"][-1]["payment"] == "888.47"
    assert doc["installments"][-1]["balance"] == "0.00"
    assert doc["total_interest"] == "661.86"


def test_leap_year_february(cli, add_loan):
    add_loan("leap", "--principal", "1200", "--rate", "0", "--term", "3", "--start", "2028-01-31",
             "--currency", "CNY")  # fmt: skip
    doc = json.loads(cli("schedule", "leap", "--json").stdout)
    assert [i["due_date"] for i in doc["installments"]] == [
        "2028-02-29", "2028-03-31", "2028-04-30"]  # fmt: skip


@pytest.mark.parametrize(
    ("frequency", "dates"),
    [
        ("biweekly", ["2026-11-14", "2026-11-28", "2026-12-12"]),
        ("weekly", ["2026-11-07", "2026-11-14", "2026-11-21"]),
    ],
)
def test_biweekly_and_weekly_due_dates(cli, add_loan, frequency, dates):
    add_loan("x", "--principal", "300", "--rate", "0", "--term", "3", "--start", "2026-10-31",
             "--frequency", frequency, "--currency", "CNY")  # fmt: skip
    doc = json.loads(cli("schedule", "x", "--json").stdout)
    assert [i["due_date"] for i in doc["installments"]] == dates


def _due(cli, *args):
    result = cli("due", *args)
    return result


def test_due_prints_nothing_when_nothing_needs_attention(cli, add_loan):
    add_loan("far", "--principal", "1000", "--rate", "0", "--term", "2", "--start", "2026-11-27",
             "--currency", "CNY")  # first due 2026-12-27  # fmt: skip
    result = _due(cli)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert _due(cli, "--exit-code").exit_code == 0


def test_due_window_and_exit_codes(cli, add_loan):
    # Due 2026-12-02: inside a 7-day window, outside a 3-day one.
    add_loan("soon", "--principal", "1000", "--rate", "0", "--term", "2", "--start", "2026-11-02",
             "--currency", "CNY")  # fmt: skip
    assert _due(cli, "--within", "3", "--exit-code").exit_code == 0
    result = _due(cli, "--exit-code")
    assert result.exit_code == 1
    assert "soon" in result.stdout and "500.00" in result.stdout
    doc = json.loads(_due(cli, "--json").stdout)
    assert doc["items"] == [{"loan": "soon", "due_date": "2026-12-02", "amount": "500.00",
                             "currency": "CNY", "days_until": 4, "status": "upcoming",
                             "number": 1}]  # fmt: skip
    add_loan("late", "--principal", "1000", "--rate", "0", "--term", "2", "--start", "2026-10-20",
             "--currency", "CNY")  # due 2026-11-20: 8 days late  # fmt: skip
    assert _due(cli, "--exit-code").exit_code == 3
    items = json.loads(_due(cli, "--json").stdout)["items"]
    assert [(i["loan"], i["days_until"], i["status"]) for i in items] == [
        ("late", -8, "overdue"), ("soon", 4, "upcoming")]  # fmt: skip


def test_grace_days_keep_a_late_installment_due_not_overdue(cli, add_loan):
    # Due 2026-11-26, two days ago, with 3 grace days: due, not overdue, no penalty.
    add_loan("g", "--principal", "1000", "--rate", "0", "--term", "2", "--start", "2026-10-26",
             "--grace-days", "3", "--penalty-rate", "0.05%/day", "--currency", "CNY")  # fmt: skip
    items = json.loads(_due(cli, "--json").stdout)["items"]
    assert [(i["status"], i["amount"], i["days_until"]) for i in items] == [("due", "500.00", -2)]
    assert _due(cli, "--exit-code").exit_code == 1
    # Two days later the grace is over and penalty counts from day 1: 4 days x 0.25.
    later = cli("--today", "2026-11-30", "due", "--json")
    (item,) = [i for i in json.loads(later.stdout)["items"] if i["number"] == 1]
    assert (item["status"], item["amount"]) == ("overdue", "501.00")


def test_pay_clears_what_is_due_and_the_file_keeps_it(cli, add_loan, loan_file):
    add_loan("car", *CAR, "--penalty-rate", "0.05%/day")
    state = json.loads(cli("overdue", "car", "--json").stdout)["loans"][0]
    assert state["days_overdue"] == 273  # 2026-02-28 -> 2026-11-28
    assert state["stage"] == "long" and state["bucket"] == "M6+"
    total = state["total_due"]
    result = cli("pay", "car", total, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total_due"] == "0.00"
    after = json.loads(cli("overdue", "car", "--json").stdout)["loans"][0]
    assert after["days_overdue"] == 0 and after["total_due"] == "0.00"
    assert f"amount = {total}" in loan_file.read_text(encoding="utf-8")


def test_unicode_and_hostile_names_are_stored_exactly_and_shown_literally(cli, add_loan, loan_file):
    name = "[red]网贷[/red] \x1b[31m\u202e"
    add_loan(name, *CAR)
    shown = cli("list").stdout
    assert "[red]网贷[/red]" in shown
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b[31m" in shown and "\\u202e" in shown
    assert json.loads(cli("list", "--json").stdout)["loans"][0]["name"] == name


def test_duplicate_names_are_refused_case_insensitively(cli, add_loan, loan_file):
    add_loan("Car", *CAR)
    before = loan_file.read_bytes()
    result = cli("add", "cAR", *CAR)
    assert result.exit_code == 1
    assert "a loan named 'Car' already exists" in result.stderr
    assert loan_file.read_bytes() == before


BAD_OPTIONS = [
    ("--principal", "-5", "negative"),
    ("--principal", "0", "more than 0"),
    ("--principal", "abc", "not an amount"),
    ("--principal", "NaN", "not an amount"),
    ("--principal", "1e400", "not an amount"),
    ("--rate", "12%%", "not a rate"),
    ("--rate", "-1%", "negative"),
    ("--rate", "5000%", "over 1000%"),
    ("--term", "0", "out of range"),
    ("--term", "1.5", "whole number"),
    ("--start", "2026-02-30", "not a date"),
    ("--method", "payday", "not one of"),
    ("--frequency", "daily", "not one of"),
    ("--currency", "yuan", "not a currency code"),
    ("--due-day", "32", "out of range"),
    ("--grace-days", "-1", "out of range"),
    ("--penalty-rate", "abc", "not a rate"),
    ("--late-fee", "-3", "negative"),
    ("--upfront-fee", "20000", "less than the principal"),
    ("--day-count", "364", "360 or 365"),
    ("--first-due", "2025-01-01", "after the start date"),
    ("--allocation", "principal,interest", "exactly once"),
    ("--jurisdiction", "uk", "cn or us"),
    ("--penalty-compound", "maybe", "true or false"),
]


@pytest.mark.parametrize(("option", "value", "message"), BAD_OPTIONS)
def test_bad_input_for_every_field_changes_nothing(
    cli, add_loan, loan_file, option, value, message
):
    add_loan("existing", *CAR)
    before = loan_file.read_bytes()
    args = dict(zip(CAR[::2], CAR[1::2], strict=True))
    args[option] = value
    flat = [x for pair in args.items() for x in pair]
    result = cli("add", "new", *flat)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "new:" in result.stderr and option.lstrip("-").replace("-", "_") in result.stderr
    assert "Traceback" not in result.output
    assert loan_file.read_bytes() == before


def test_edit_validates_like_add_and_unknown_loans_are_named(cli, add_loan, loan_file):
    add_loan("car", *CAR)
    before = loan_file.read_bytes()
    result = cli("edit", "car", "--term", "-3")
    assert result.exit_code == 1 and "out of range" in result.stderr
    assert loan_file.read_bytes() == before
    result = cli("edit", "bike", "--term", "3")
    assert result.exit_code == 1 and "no loan named 'bike'; the loans are: car" in result.stderr
    assert cli("edit", "car", "--term", "24", "--rename", "Car loan").exit_code == 0
    doc = json.loads(cli("show", "Car loan", "--json").stdout)
    assert doc["term"] == 24 and doc["name"] == "Car loan"


def test_remove_asks_and_yes_skips_the_question(cli, add_loan, loan_file):
    add_loan("car", *CAR)
    before = loan_file.read_bytes()
    result = cli("remove", "car", input="n\n")
    assert result.exit_code == 1 and loan_file.read_bytes() == before
    assert cli("remove", "car", "--yes").exit_code == 0
    assert json.loads(cli("list", "--json").stdout)["loans"] == []


def test_malformed_toml_names_the_line_and_is_never_written(cli, loan_file):
    loan_file.write_text('schema_version = 1\n[[loans]]\nname = "car\n', encoding="utf-8")
    before = loan_file.read_bytes()
    for args in (["list"], ["due"], ["add", "x", *CAR], ["check"]):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert "line 3" in result.stderr, (args, result.stderr)
        assert loan_file.read_bytes() == before


def test_check_lists_every_problem_at_once(cli, loan_file):
    loan_file.write_text(
        "schema_version = 1\n"
        '[[loans]]\nname = "a"\ncurrency = "CNY"\nmethod = "annuity"\nprincipal = -1\n'
        'rate = "12%"\nterm = 12\nstart = 2026-01-01\n'
        '[[loans]]\nname = "b"\ncurrency = "CNY"\nmethod = "sometimes"\nprincipal = 100\n'
        'rate = "12%"\nterm = 12\nstart = 2026-01-01\ncolour = "red"\n',
        encoding="utf-8",
    )
    result = cli("check", "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["loan"], p["field"]) for p in problems] == [
        ("a", "principal"), ("b", "colour"), ("b", "method")]  # fmt: skip
    assert cli("check").exit_code == 1
    assert cli("list").exit_code == 1


def test_check_passes_on_a_good_file(cli, add_loan):
    add_loan("car", *CAR)
    result = cli("check", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ok"] is True


def test_new_file_is_created_with_mode_0600(cli, add_loan, loan_file):
    add_loan("car", *CAR)
    assert stat.S_IMODE(os.stat(loan_file).st_mode) == 0o600


def test_money_stays_exact_in_the_file(cli, add_loan, loan_file):
    add_loan("car", "--principal", "1,234.10", "--rate", "1.5%/month", "--term", "3",
             "--start", "2026-01-01", "--currency", "CNY")  # fmt: skip
    text = loan_file.read_text(encoding="utf-8")
    assert "principal = 1234.10" in text
    assert 'rate = "1.5%/month"' in text
    doc = json.loads(cli("show", "car", "--json").stdout)
    assert doc["principal"] == "1234.10" and doc["rate"] == "18.00"


def test_show_reports_the_real_cost_of_a_flat_fee_loan(cli, add_loan):
    add_loan("online", "--method", "flat", "--principal", "10000", "--rate", "0",
             "--fee-rate", "0.75%/month", "--term", "12", "--start", "2026-11-01",
             "--currency", "CNY")  # fmt: skip
    cost = json.loads(cli("show", "online", "--json").stdout)["cost"]
    assert cost["advertised_apr"] == "9.00"
    # The XIRR of 10,000 on 2026-11-01 against 908.33 on the 1st of each month from
    # December (908.37 the last): 17.54 % a year; ((1.1754) ** (1/12) - 1) x 12 = 16.27 %.
    # (16.22 / 17.48 with periods of equal length; docs/conventions.md#real-cost.)
    assert cost["nominal_apr"] == "16.27"
    assert cost["effective_apr"] == "17.54"
    assert cost["total_interest"] == "900.00"
    # A flat-fee loan is a consumer-finance company's by default: measured against 24 %.
    assert cost["flags"] == []
    assert [line["percent"] for line in cost["lines"]] == ["24.00", "36.00"]


def test_demo_touches_no_user_file(cli, loan_file):
    result = cli("demo")
    assert result.exit_code == 0, result.output
    assert "Quick Cash 网贷" in result.stdout
    assert "16.20%" in result.stdout  # the flat fee's real APR, by its dates
    assert "OVERDUE" in result.stdout
    # The demo also shows triage, the one-line APR check and progress against a saved plan:
    # 908.33 x 12 for 10,000 is 16.22% nominal / 17.48% effective (numpy-financial's irr,
    # tests/test_apr_quote.py), advertised as 0.75% a month = 9.00% a year.
    assert "$ debtplan triage --cash 1000 --currency CNY" in result.stdout
    assert "Real APR (nominal): 16.22% a year" in result.stdout
    assert "Advertised: 0.75%/month, which is 9.00% a year" in result.stdout
    assert "$ debtplan progress" in result.stdout and "Saved plan: avalanche" in result.stdout
    assert not loan_file.exists()


def test_version(cli):
    from debtplan import __version__

    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"debtplan {__version__}"


def test_bad_today_is_a_usage_error(cli):
    assert cli("--today", "2026-13-01", "list").exit_code == 2


def test_folder_where_the_file_should_be(cli, tmp_path: Path):
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    result = cli("--file", str(folder), "list")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "folder" in result.stderr.lower()


def test_check_refuses_a_card_whose_later_rate_outgrows_its_minimum(cli, loan_file):
    loan_file.write_text(
        'schema_version = 1\n[[loans]]\nname = "Card"\ncurrency = "USD"\n'
        'method = "revolving"\nbalance = 1000.00\nrate = "12%"\nstart = 2026-10-01\n'
        'min_payment = "2%"\n[[loans.rate_changes]]\nfrom = 2027-06-01\nrate = "36%"\n',
        encoding="utf-8",
    )
    before = loan_file.read_bytes()
    result = cli("check", "--json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["loan"], problem["field"]) == ("Card", "min_payment")
    assert "at 36%" in problem["message"]
    assert cli("pay", "Card", "50").exit_code == 1
    assert loan_file.read_bytes() == before


def test_the_amounts_currency_mark_chooses_the_currency(cli, add_loan):
    add_loan("网贷", "--principal", "¥10000", "--rate", "0", "--method", "flat",
             "--fee-rate", "0.75%/month", "--term", "12")  # fmt: skip
    add_loan("card", "--method", "revolving", "--balance", "$3,200", "--rate", "24.99%",
             "--min-payment", "1%+interest,35")  # fmt: skip
    loans = {x["name"]: x["currency"] for x in json.loads(cli("list", "--json").stdout)["loans"]}
    assert loans == {"网贷": "CNY", "card": "USD"}
    add_loan("hk", "--principal", "$100", "--currency", "HKD", "--rate", "1%", "--term", "2")
    assert json.loads(cli("show", "hk", "--json").stdout)["currency"] == "HKD"


def test_lender_type_is_set_changed_and_unset_from_the_command_line(cli, add_loan, loan_file):
    # A one-year lump sum of 10,000 at 25 % from a person: 12,500 on 2027-01-15, 365 days
    # later, so 25.00 % nominal and effective (docs/conventions.md#real-cost).
    add_loan("mum", "--method", "lump-sum", "--principal", "10000", "--rate", "25%",
             "--term", "12", "--start", "2026-01-15", "--currency", "CNY")  # fmt: skip

    def cost() -> dict:
        return json.loads(cli("show", "mum", "--json").stdout)["cost"]

    first = cost()
    assert (first["nominal_apr"], first["effective_apr"]) == ("25.00", "25.00")
    assert first["flags"] == ["above_4x_lpr"]  # a cn lump sum: private lending by default
    assert first["lpr"] == {"percent": "3.00", "fixed_on": "2025-05-20"}
    assert "lender_type" not in loan_file.read_text(encoding="utf-8")
    assert cli("edit", "mum", "--lender-type", "online").exit_code == 0
    assert 'lender_type = "online"' in loan_file.read_text(encoding="utf-8")
    online = cost()
    assert online["flags"] == ["above_24"] and online["lpr"] is None
    shown = cli("show", "mum").stdout
    assert "online lender" in shown and "24.00% and 36.00% a year" in shown
    before = loan_file.read_bytes()
    bad = cli("edit", "mum", "--lender-type", "friend")
    assert bad.exit_code == 1 and "'friend' is not one of: bank, card" in bad.stderr
    assert loan_file.read_bytes() == before
    assert cli("edit", "mum", "--unset", "lender-type").exit_code == 0
    assert cost()["flags"] == ["above_4x_lpr"]


def test_lender_type_choices_are_completed() -> None:
    from debtplan.cli.common import complete_choices
    from debtplan.core.model import LenderType

    assert complete_choices(LenderType)("c") == ["card", "consumer-finance"]
