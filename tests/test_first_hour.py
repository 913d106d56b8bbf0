"""What a new user runs into first: flat-fee loans, Chinese rates, duplicate names, and
what `list`, `due` and `schedule` say about an overdue loan."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

# 6,000 over 12 months at a fee of 0.75 % a month: 500.00 principal + 45.00 fee a month.
FLAT = ("--method", "flat", "--principal", "6000", "--term", "12", "--start", "2026-01-10",
        "--currency", "CNY")  # fmt: skip
# The same loan lent on 2025-12-10: installments fall on the 10th from 2026-01-10.
LATE = (*FLAT[:6], "--start", "2025-12-10", *FLAT[-2:], "--fee-rate", "0.75%",
        "--penalty-rate", "0.05%/day", "--late-fee", "30", "--paid-installments", "10")  # fmt: skip


@pytest.mark.parametrize("fee", ["0.75%/month", "月费率 0.75%", "月费率：0.75%"])
def test_a_flat_loan_needs_no_rate_and_takes_a_chinese_monthly_fee(cli: Any, fee: str) -> None:
    result = cli("add", "Phone", *FLAT, "--fee-rate", fee)
    assert result.exit_code == 0, result.stderr
    shown = json.loads(cli("show", "Phone", "--json").stdout)
    # The fee rate as typed (a rate written in Chinese is kept as written), the same rate.
    assert shown["fee_rate"] == fee and Decimal(shown["rate"]) == 0
    schedule = json.loads(cli("schedule", "Phone", "--json").stdout)["installments"]
    assert (schedule[0]["payment"], schedule[0]["interest"]) == ("545.00", "45.00")


def test_a_fee_rate_that_does_not_parse_is_shown_a_monthly_example(cli: Any, loan_file) -> None:
    result = cli("add", "Phone", *FLAT, "--fee-rate", "月费率 0.75")
    assert result.exit_code == 0  # a bare number is percent a month
    result = cli("add", "Other", *FLAT, "--fee-rate", "seven")
    assert result.exit_code == 1
    assert "0.75%/month" in result.stderr and "12%" not in result.stderr


def test_a_duplicate_name_is_reported_as_such(cli: Any, loan_file) -> None:
    assert cli("add", "Car", *FLAT, "--fee-rate", "0.75%").exit_code == 0
    before = loan_file.read_bytes()
    result = cli("add", "car", *FLAT, "--fee-rate", "0.75%")
    assert result.exit_code == 1 and loan_file.read_bytes() == before
    assert result.stderr.startswith(
        "Error: a loan named 'Car' already exists (names are compared ignoring case and "
        "invisible characters)"
    )
    assert "problem" not in result.stderr


def test_list_shows_what_is_due_now_on_an_overdue_loan(cli: Any) -> None:
    """Today 2026-11-28; installments fall on the 10th. Paid January to October (10
    payments of 545.00); November's 545.00 is 18 days late: penalty 545.00 x 0.05 %
    x 18 = 4.905 -> 4.91, late fee 30.00; due now 545.00 + 4.91 + 30.00 = 579.91."""
    assert cli("add", "Phone", *LATE).exit_code == 0
    listing = json.loads(cli("list", "--json").stdout)["loans"][0]
    assert listing["oldest_unpaid_date"] == "2026-11-10"
    assert listing["next_due_date"] == "2026-12-10"
    assert listing["total_due"] == "579.91"
    row = next(line for line in cli("list").stdout.splitlines() if line.startswith("Phone"))
    assert "2026-11-10" in row and "579.91" in row and "2026-12-10" not in row


def test_schedule_shows_the_penalty_and_late_fee_of_an_overdue_row(cli: Any) -> None:
    assert cli("add", "Phone", *LATE).exit_code == 0
    out = cli("schedule", "Phone").stdout
    row = next(line for line in out.splitlines() if line.lstrip().startswith("11 "))
    assert re.search(r"overdue: penalty 4\.91, late fee 30\.00$", row), row
    zh = cli("--lang", "zh", "schedule", "Phone").stdout
    assert "已逾期：罚息 4.91，逾期费 30.00" in zh
