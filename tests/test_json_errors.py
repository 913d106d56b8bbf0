"""`--json` commands that fail on the data print one JSON document saying why."""

from __future__ import annotations

import json
from typing import Any

# 6,000 over 12 months at 0.75 % a month: 500.00 + 45.00 = 545.00 a month, first due
# 2026-12-10 (today is 2026-11-28). A budget of 500.00 is 45.00 short in month 1
# (2026-12-28, a month from today).
PHONE = ("add", "Phone", "--method", "flat", "--principal", "6000", "--term", "12",
         "--start", "2026-11-10", "--currency", "CNY", "--fee-rate", "0.75%")  # fmt: skip


def test_plan_below_the_minimums_says_by_how_much_in_json(cli: Any, loan_file) -> None:
    assert cli(*PHONE).exit_code == 0
    result = cli("plan", "--budget", "500", "--json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error == {
        "code": "budget_too_small",
        "message": "the budget of 500.00 CNY for 2026-12-28 is 45.00 short of the 545.00 "
        "needed for overdue amounts and minimum payments; raise the budget or ask the "
        "lenders for lower payments",
        "currency": "CNY", "budget": "500.00", "needed": "545.00", "shortfall": "45.00",
        "month": 1, "date": "2026-12-28",
        "letters": [{"loan": "Phone", "kind": "installments",
                     "command": "debtplan message Phone --kind installments --budget AMOUNT"}],
    }  # fmt: skip
    assert "45.00 short" in result.stderr  # the person still reads why on stderr


def test_the_message_follows_the_interface_language(cli: Any) -> None:
    assert cli(*PHONE).exit_code == 0
    result = cli("--lang", "zh", "show", "Nope", "--json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "debtplan_error" and "Nope" in error["message"]
    assert error["message"] != "no loan named 'Nope'; the loans are: Phone"


def test_a_usage_error_prints_no_document(cli: Any) -> None:
    result = cli("plan", "--json", "--csv")
    assert result.exit_code == 2 and result.stdout == ""
