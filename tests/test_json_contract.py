"""The JSON contract: every reporting command's ``--json`` keys, held exactly.

Scripts parse these documents, so a key added, renamed or dropped must be a deliberate
change: update CONTRACT below and the README's "JSON output" table together, or this
test fails. Each command runs on a small book built here; the test asserts

- the key set of every object, at every level, is exactly the contract's (``key?``
  marks a key present only sometimes; every one of them is seen in some case here);
- money is a string with two decimals, rates are percent strings, dates and times ISO,
  and no number anywhere has a fraction (no floats);
- stdout is exactly one JSON document;
- every command that takes ``--json`` is in the contract, and every key of the
  contract is named in the README row of its command.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import typer.main

from debtplan.core.from_document import FIELD_KEYS, load_book
from debtplan.core.to_document import loan_to_dict
from debtplan.store import read_document

ROOT = Path(__file__).resolve().parent.parent

LOAN_FIELDS = "<the loan's fields as in the file>"  # a subset of the loan table's keys
MAP = "<keys are data (loan names, currencies)>"
MONEY_MAP = "<keys are data, values are money>"

PLAN = {"strategy", "currency", "budget", "months", "debt_free_date", "total_interest",
        "total_paid", "payoff"}  # fmt: skip
PAYOFF = {"name", "month", "date"}
MONTH = {"month", "date", "payments", "interest", "balances", "total_paid", "unused"}
# A prospective loan's terms, as plan --with-loan and plan --replace show them.
NEW_LOAN_TERMS = {
    "name",
    "currency",
    "method",
    "principal",
    "term",
    "installment",
    "first_due_date",
    "installments",
    "total_repaid",
    "nominal_apr",
    "effective_apr",
    "advertised_apr",
    "total_interest",
    "total_fees",
    "flags",
}
WAY = {"monthly_payment", "months", "debt_free_date", "interest_and_fees", "plan", "problem",
       "shortfall"}  # fmt: skip
COST = {"nominal_apr", "effective_apr", "advertised_apr", "total_interest", "total_fees",
        "flags"}  # fmt: skip
LOAN_REQUIRED = {"name", "currency", "method", "rate", "start"}

CONTRACT: dict[str, dict[str, Any]] = {
    "list": {
        "": {"as_of", "loans"},
        "loans[]": {"name", "lender", "currency", "method", "rate", "balance", "total_due",
                    "next_due_date", "next_due_amount", "days_overdue",
                    "oldest_unpaid_date", "status"},
    },
    "show": {
        "": {LOAN_FIELDS, *LOAN_REQUIRED, "rate_as_stated", "payments", "contacts", "as_of",
             "status", "balance", "total_paid", "next_due_date", "next_due_amount",
             "days_overdue", "stage", "bucket", "overdue_amount", "penalty", "late_fees",
             "total_due", "daily_increase", "payoff_amount", "overpaid", "cost",
             "opening_balance?", "day_count", "lender_type"},
        "cost": {*COST, "lines", "lpr"},
        "cost.lines[]": {"flag", "percent"},
        "cost.lpr": {"percent", "fixed_on"},
        "rate_changes[]": {"from", "rate"},
    },
    "add": {
        "": {"added"},
        "added": {LOAN_FIELDS, *LOAN_REQUIRED, "rate_as_stated", "payments", "contacts",
                  "day_count", "lender_type"},
    },
    "due": {
        "": {"as_of", "within", "items"},
        "items[]": {"loan", "due_date", "amount", "currency", "days_until", "status", "number"},
    },
    "overdue": {
        "": {"as_of", "loans"},
        "loans[]": {"name", "currency", "days_overdue", "stage", "bucket", "overdue_amount",
                    "penalty", "late_fees", "total_due", "daily_increase", "payoff_amount",
                    "suggested_message", "installments", "pay_on?"},
        "loans[].installments[]": {"number", "due_date", "days_overdue", "amount", "penalty",
                                   "late_fee", "total"},
        "loans[].pay_on": {"date", "total_due", "days_overdue", "stage", "extra_cost"},
    },
    "schedule": {
        "": {"loan", "currency", "as_of", "installments", "prepayments", "total_payment",
             "total_interest", "prepaid", "prepaid_interest", "prepay_fees"},
        "prepayments[]": {"date", "amount", "principal", "interest", "fee", "balance",
                          "prepay"},
        "installments[]": {"number", "due_date", "payment", "principal", "interest", "balance",
                           "status", "paid", "penalty", "late_fee"},
    },
    "pay": {
        "": {"loan", "date", "amount", "currency", "total_due", "balance", "overpaid",
             "next_due_date", "next_due_amount"},
    },
    "charge": {
        "": {"loan", "date", "currency", "amount", "statement", "balance", "total_due",
             "next_due_date", "next_due_amount"},
    },
    "charges": {
        "": {"loan", "currency", "charges", "statements"},
        "charges[]": {"number", "date", "amount", "note"},
        "statements[]": {"number", "date", "balance", "note"},
    },
    "payments": {
        "": {"loan", "currency", "payments"},
        "payments[]": {"number", "date", "amount", "note", "prepay"},
    },
    "check": {
        "": {"file", "ok", "problems", "warnings"},
        "problems[]": {"loan", "field", "message"},
    },
    "message": {
        "": {"kind", "lang", "subject", "body"},
    },
    "contact": {
        "": {"loan", "jurisdiction", "contacts", "breaches"},
        "contacts[]": {"number", "at", "channel", "conduct", "connected", "evidence", "note"},
        "contacts[].evidence[]": {"path", "sha256"},
        "breaches[]": {"code", "at", "rule", "contact"},
    },
    "history": {
        "": {"file", "versions"},
        "versions[]": {"number", "saved_at", "saved_at_local", "size", "what"},
    },
    "export": {
        "": {"schema_version", "as_of", "settings", "loans"},
        "settings": {"budget", "lpr", "history", "remind_days"},
        "settings.budget": MONEY_MAP,
        "loans[]": {LOAN_FIELDS, *LOAN_REQUIRED, "payments", "contacts", "schedule"},
        "loans[].payments[]": {"date", "amount", "note?", "prepay?"},
        "loans[].contacts[]": {"at", "channel", "conduct?", "connected?", "note?", "evidence?"},
        "loans[].contacts[].evidence[]": {"path", "sha256"},
        "loans[].rate_changes[]": {"from", "rate"},
        "loans[].charges[]": {"date", "amount", "note?"},
        "loans[].statements[]": {"date", "balance", "note?"},
        "loans[].schedule[]": {"number", "due_date", "payment", "principal", "interest",
                               "balance", "status"},
    },
    "plan": {
        "": {*PLAN, "months_detail"},
        "payoff[]": PAYOFF,
        "months_detail[]": MONTH,
        "months_detail[].payments": MONEY_MAP,
        "months_detail[].interest": MONEY_MAP,
        "months_detail[].balances": MONEY_MAP,
    },
    "plan --compare": {
        "": {"currency", "budget", "best", "plans", "baseline", "baseline_problem", "failed"},
        "plans[]": {*PLAN, "interest_saved", "months_saved"},
        "plans[].payoff[]": PAYOFF,
        "baseline": PLAN,
        "baseline.payoff[]": PAYOFF,
        "failed[]": {"strategy", "problem"},
    },
    "plan --with-loan": {
        "": {"loan", "currency", "budget", "affordable", "before", "after", "interest_added",
             "months_added", "problem", "shortfall"},
        "loan": {"name", "currency", "method", "principal", "term", "installment",
                 "first_due_date", "installments", "total_repaid", *COST},
        "before": PLAN,
        "before.payoff[]": PAYOFF,
        "after": PLAN,
        "after.payoff[]": PAYOFF,
    },
    "plan --replace": {
        "": {"replaced", "currency", "budget", "strategy", "payoff", "received", "cash_left",
             "loan", "carry_on", "replace", "saved", "months_saved", "monthly_freed",
             "verdict"},
        "loan": NEW_LOAN_TERMS,
        "carry_on": WAY,
        "carry_on.plan": PLAN,
        "carry_on.plan.payoff[]": PAYOFF,
        "replace": WAY,
        "replace.plan": PLAN,
        "replace.plan.payoff[]": PAYOFF,
    },
    "apr": {
        "": {"principal", "received", "term", "frequency", "installment", "last_installment",
             "total_repaid", "jurisdiction", "lender_type", "nominal_apr", "effective_apr",
             "advertised_apr?", "advertised_as_stated?", "times_advertised?", "total_interest",
             "total_fees", "flags", "lines", "lpr"},
        "lines[]": {"flag", "percent"},
        "lpr": {"percent", "fixed_on"},
    },
    "triage": {
        "": {"as_of", "cash", "currency", "pay", "left", "unused"},
        "pay[]": {"loan", "number", "amount", "whole", "avoids", "daily_growth", "why"},
        "pay[].avoids": {"kind", "name", "days_overdue", "in_days", "date"},
        "left[]": {"loan", "amount", "daily_cost", "days_overdue", "next", "letter", "message"},
        "left[].next": {"kind", "name", "days_overdue", "in_days", "date"},
    },
    "progress": {
        "": {"as_of", "saved_plan", "paid_percent", "currencies"},
        "saved_plan": {"strategy", "as_of", "budget"},
        "saved_plan.budget": MONEY_MAP,
        "currencies[]": {"currency", "borrowed", "repaid", "paid_percent", "balance",
                         "interest_paid", "planned_balance", "months_passed", "month_reached",
                         "months_ahead", "interest_expected", "expected_debt_free_date",
                         "plan_problem", "loans", "milestones", "next_milestone", "months"},
        "currencies[].loans[]": {"name", "borrowed", "repaid", "paid_percent", "balance",
                                 "interest_paid", "paid_off_on", "in_plan"},
        "currencies[].milestones[]": {"kind", "loan", "reached_on", "expected_on"},
        "currencies[].next_milestone": {"kind", "loan", "reached_on", "expected_on"},
        "currencies[].months[]": {"month", "date", "planned", "actual"},
    },
    "plan (several currencies)": {
        "": {"currencies"},
        "currencies": MAP,
        "currencies.*": {*PLAN, "months_detail"},
        "currencies.*.payoff[]": PAYOFF,
        "currencies.*.months_detail[]": MONTH,
        "currencies.*.months_detail[].payments": MONEY_MAP,
        "currencies.*.months_detail[].interest": MONEY_MAP,
        "currencies.*.months_detail[].balances": MONEY_MAP,
    },
}  # fmt: skip

MONEY_KEYS = {
    "amount", "balance", "total_due", "next_due_amount", "overdue_amount", "penalty",
    "late_fees", "late_fee", "total", "daily_increase", "payoff_amount", "overpaid",
    "total_paid", "payment", "principal", "interest", "paid", "prepaid", "total_payment",
    "total_interest", "total_fees", "extra_cost", "budget", "unused", "installment",
    "total_repaid", "interest_added", "shortfall", "interest_saved", "upfront_fee",
    "prepaid_interest", "prepay_fees", "fee", "received", "last_installment",
    "cash", "daily_growth", "daily_cost", "borrowed", "repaid", "interest_paid",
    "planned_balance", "interest_expected", "planned", "actual",
}  # fmt: skip
PERCENT_KEYS = {"nominal_apr", "effective_apr", "advertised_apr", "percent", "paid_percent"}
DATE_KEYS = {"as_of", "date", "due_date", "next_due_date", "debt_free_date", "start",
             "first_due", "first_due_date", "from", "fixed_on", "reached_on", "expected_on",
             "paid_off_on", "expected_debt_free_date", "oldest_unpaid_date"}  # fmt: skip
DATETIME_KEYS = {"at", "saved_at"}

MONEY = re.compile(r"^-?\d+\.\d{2}$")
PERCENT = MONEY  # "16.22" means 16.22 % a year
STATED_RATE = re.compile(r"^\d+(\.\d+)?%(/(month|day))?$")  # as in the file: export only
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\+00:00)?$")

BOOK = """\
schema_version = 1

[settings]
budget = {CNY = 3000.00}

[[loans]]
name = "Car"
lender = "Bank"
currency = "CNY"
method = "annuity"
principal = 10000.00
rate = "12%"
term = 12
start = 2026-08-31
penalty_rate = "0.05%/day"
late_fee = 30.00

[[loans.payments]]
date = 2026-09-30
amount = 888.49
note = "transfer 1"

[[loans.payments]]
date = 2026-10-02
amount = 100.00
prepay = "reduce"

[[loans.contacts]]
at = 2026-11-20T22:15:00
channel = "call"
conduct = ["threat"]
connected = true
note = "called late"

[[loans.contacts.evidence]]
path = "/recordings/1120.m4a"
sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

[[loans.contacts]]
at = 2026-11-21T10:00:00
channel = "sms"

[[loans.rate_changes]]
from = 2027-03-01
rate = "10%"

[[loans]]
name = "Card"
currency = "CNY"
method = "revolving"
balance = 3000.00
rate = "24%"
start = 2026-10-01
min_payment = "5%,100.00"

[[loans.charges]]
date = 2026-10-20
amount = 250.00
note = "groceries"

[[loans.charges]]
date = 2026-11-03
amount = 80.00

[[loans.statements]]
date = 2026-11-01
balance = "3210.00"
note = "November statement"

[[loans.statements]]
date = 2026-10-15
balance = "3050.00"

[[loans]]
name = "Mum"
currency = "CNY"
method = "lump-sum"
principal = 500.00
rate = "0%"
term = 1
start = 2026-09-01

[[loans.payments]]
date = 2026-10-01
amount = 500.00
"""

BROKEN = 'schema_version = 1\n[[loans]]\nname = "x"\nrate = "abc"\n'
USD_CARD = ("add", "Visa", "--currency", "USD", "--method", "revolving", "--balance", "500",
            "--rate", "20%", "--min-payment", "25", "--start", "2026-10-01")  # fmt: skip
NEW_LOAN = "name=New,principal=6000,rate=0,method=flat,fee-rate=0.6%/month,term=12"

# (case id, contract, setup commands, the command, expected exit code)
CASES = [
    ("list", "list", [], ["list"], 0),
    ("show", "show", [], ["show", "Car"], 0),
    ("show card", "show", [], ["show", "Card"], 0),
    ("show private loan", "show", [], ["show", "Mum"], 0),  # measured against 4x the LPR
    ("add", "add", [], ["add", "Phone", "--principal", "1000", "--rate", "12%", "--term", "2",
                        "--currency", "CNY"], 0),
    ("due", "due", [], ["due", "--within", "40"], 0),
    ("overdue", "overdue", [], ["overdue"], 0),
    ("overdue --pay-on", "overdue", [], ["overdue", "Car", "--pay-on", "2026-12-05"], 0),
    ("schedule", "schedule", [], ["schedule", "Car"], 0),
    ("pay", "pay", [], ["pay", "Car", "500", "--date", "2026-11-27"], 0),
    ("payments", "payments", [], ["payments", "Car"], 0),
    ("charge", "charge", [], ["charge", "Card", "120", "--date", "2026-11-27"], 0),
    ("charge --statement", "charge", [], ["charge", "Card", "--statement", "3,400.00"], 0),
    ("charges", "charges", [], ["charges", "Card"], 0),
    ("check", "check", [], ["check"], 0),
    ("check (problems)", "check", [], ["--file", "{broken}", "check"], 1),
    ("message", "message", [], ["message", "Car", "--kind", "waiver"], 0),
    ("message zh", "message", [], ["--lang", "zh", "message", "Car", "--kind", "waiver"], 0),
    ("contact", "contact", [], ["contact", "Car"], 0),
    ("contact --at", "contact", [], ["contact", "Car", "--at", "2026-11-27T23:00",
                                     "--channel", "call"], 0),
    ("history", "history", [["contact", "Car", "--at", "2026-11-22T09:30"]], ["history"], 0),
    ("export", "export", [], ["export", "--format", "json"], 0),
    ("plan", "plan", [], ["plan"], 0),
    ("plan --compare", "plan --compare", [], ["plan", "--compare"], 0),
    ("plan --with-loan", "plan --with-loan", [], ["plan", "--with-loan", NEW_LOAN], 0),
    ("plan --replace", "plan --replace", [], ["plan", "--replace", "Card", "--with-loan",
                                               "name=Loan,principal=5000,rate=12%,term=12"], 0),
    ("plan (several currencies)", "plan (several currencies)", [list(USD_CARD)],
     ["plan", "--budget", "CNY=3000", "--budget", "USD=100"], 0),
    ("apr", "apr", [], ["apr", "--principal", "10000", "--total", "13000", "--term", "12",
                        "--advertised", "0.75%/month", "--lender-type", "private"], 0),
    ("apr (no advertised rate)", "apr", [], ["apr", "--principal", "10000", "--installment",
                                             "908.33", "--term", "12"], 0),
    ("progress", "progress", [], ["progress"], 0),  # no saved plan
    ("progress (saved plan)", "progress", [["plan", "--save"]], ["progress"], 0),
    ("triage", "triage", [], ["triage", "--cash", "1000"], 0),  # a whole installment
    ("triage", "triage", [], ["triage", "--cash", "500"], 0),  # not enough: some is left
]  # fmt: skip


@pytest.fixture
def book(loan_file: Path, tmp_path: Path) -> dict[str, str]:
    loan_file.write_text(BOOK, encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN, encoding="utf-8")
    return {"broken": str(broken)}


def run_json(cli, args: list[str], exit_code: int) -> Any:
    """Run a command; its stdout must be exactly one JSON document (json.loads refuses
    anything before or after it) with no float in it."""
    result = cli(*args)
    assert result.exit_code == exit_code, result.output + result.stderr
    assert result.stdout.endswith("}\n"), result.stdout[-200:]

    def no_float(text: str) -> Any:
        raise AssertionError(f"a number with a fraction in JSON: {text}")

    return json.loads(result.stdout, parse_float=no_float)


def walk(doc: Any, contract: dict[str, Any], path: str, seen: dict[str, set[str]]) -> None:
    """Check every object under ``doc`` against ``contract``; record the keys seen."""
    if isinstance(doc, list):
        for item in doc:
            walk(item, contract, f"{path}[]", seen)
        return
    if not isinstance(doc, dict):
        return
    assert path in contract, f"{path or 'the document'}: an object the contract does not list"
    expected = contract[path]
    seen.setdefault(path, set()).update(doc)
    if expected in (MAP, MONEY_MAP):
        for key, value in doc.items():
            assert isinstance(key, str) and key
            if expected == MONEY_MAP:
                assert isinstance(value, str) and MONEY.match(value), (path, key, value)
            walk(value, contract, f"{path}.*" if path else "*", seen)
        return
    required = {k for k in expected if not k.endswith("?") and k != LOAN_FIELDS}
    optional = {k[:-1] for k in expected if k.endswith("?")}
    keys = set(doc)
    assert required <= keys, f"{path or 'top'}: missing {sorted(required - keys)}"
    extra = keys - required - optional
    if LOAN_FIELDS in expected:
        extra -= FIELD_KEYS  # the loan's own optional fields, checked exactly below
    assert not extra, f"{path or 'top'}: keys not in the contract: {sorted(extra)}"
    for key, value in doc.items():
        walk(value, contract, f"{path}.{key}" if path else key, seen)


def check_values(doc: Any, stated_rates: bool, where: str = "") -> None:
    """Money, percent, date and time values have their documented forms."""
    if isinstance(doc, list):
        for item in doc:
            check_values(item, stated_rates, where)
        return
    if not isinstance(doc, dict):
        return
    for key, value in doc.items():
        at = f"{where}.{key}"
        if key in MONEY_KEYS and value is not None:
            values = value.values() if isinstance(value, dict) else [value]
            for amount in values:
                assert isinstance(amount, str) and MONEY.match(amount), (at, amount)
        elif key in PERCENT_KEYS:
            assert isinstance(value, str) and PERCENT.match(value), (at, value)
        elif key == "rate":
            # show's and list's "rate" is a yearly percent ("12.00"); the file's form
            # ("1.5%/month") in export and in the rate_changes of show (see the README).
            stated = stated_rates or where.endswith(".rate_changes")
            pattern = STATED_RATE if stated else PERCENT
            assert isinstance(value, str) and pattern.match(value), (at, value)
        elif key in DATE_KEYS and value is not None:
            assert isinstance(value, str) and ISO_DATE.match(value), (at, value)
            date.fromisoformat(value)
        elif key in DATETIME_KEYS:
            assert isinstance(value, str) and ISO_DATETIME.match(value), (at, value)
            datetime.fromisoformat(value)
        if isinstance(value, dict | list):
            check_values(value, stated_rates, at)


@pytest.mark.parametrize(
    ("case", "name", "setup", "args", "code"), CASES, ids=[c[0] for c in CASES]
)
def test_command_json_keeps_the_contract(cli, book, loan_file, case, name, setup, args, code):
    for step in setup:
        result = cli(*step)
        assert result.exit_code == 0, result.output + result.stderr
    argv = [part.format(**book) for part in args]
    json_flag = [] if argv[0] == "export" else ["--json"]
    doc = run_json(cli, argv + json_flag, code)
    walk(doc, CONTRACT[name], "", {})
    check_values(doc, stated_rates=name == "export")


def test_loan_fields_are_exactly_the_files(cli, book, loan_file):
    """show, add and export: the loan's own keys are those of its table in the file."""
    loans = {loan.name: loan for loan in load_book(read_document(loan_file)).loans}
    for name, loan in loans.items():
        in_file = set(loan_to_dict(loan))
        shown = run_json(cli, ["show", name, "--json"], 0)
        fixed = {k.rstrip("?") for k in CONTRACT["show"][""] if k != LOAN_FIELDS}
        # A revolving loan's file field "balance" (the balance at the start) is shown as
        # "opening_balance", since show's own "balance" is the balance today.
        if "opening_balance" in shown:
            assert shown["opening_balance"] == str(loan_to_dict(loan)["balance"])
        assert set(shown) - fixed == in_file - fixed
        assert shown["rate_as_stated"] == loan_to_dict(loan)["rate"]
    exported = run_json(cli, ["export"], 0)
    for item in exported["loans"]:
        in_file = set(loan_to_dict(loans[item["name"]]))
        assert set(item) == in_file | {"payments", "contacts", "schedule"}


# Objects only a hard-to-build book produces: a strategy that cannot pay off within the
# planner's horizon while another one can.
RARE = {("plan --compare", "failed[]")}


def test_every_key_and_object_of_the_contract_shows_up_in_some_case(cli, book, tmp_path):
    """So that the contract cannot keep a key (or an optional one) nothing produces."""
    seen: dict[str, dict[str, set[str]]] = {}
    for _case, name, setup, args, code in CASES:
        loan_file = tmp_path / "loans.toml"
        loan_file.write_text(BOOK, encoding="utf-8")
        for step in setup:
            assert cli(*step).exit_code == 0
        argv = [part.format(**book) for part in args]
        doc = run_json(cli, argv + ([] if argv[0] == "export" else ["--json"]), code)
        walk(doc, CONTRACT[name], "", seen.setdefault(name, {}))
    for name, contract in CONTRACT.items():
        for path, expected in contract.items():
            if (name, path) in RARE:
                continue
            assert path in seen[name], f"{name}: no case produces {path or 'the document'}"
            if isinstance(expected, set):
                keys = {k.rstrip("?") for k in expected if k != LOAN_FIELDS}
                assert keys <= seen[name][path], (name, path, keys - seen[name][path])


def test_every_command_with_json_is_in_the_contract():
    from debtplan.cli.app import app

    group = typer.main.get_command(app)
    commands = {name: group.get_command(None, name) for name in group.list_commands(None)}  # type: ignore[attr-defined,arg-type]
    with_json = {
        name
        for name, command in commands.items()
        if any("--json" in param.opts for param in command.params)
    }
    covered = {name.split()[0] for name in CONTRACT}
    assert with_json - covered == set(), "add these commands to CONTRACT and the README"
    assert covered - with_json == {"export"}  # `export --format json` is its --json


def readme_rows() -> dict[str, str]:
    """The README's "JSON output" table: command -> its row."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## JSON output", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\| `([a-z]+)[^`]*` \|", line)
        if match:  # a command may have several rows (plan, plan --compare, ...)
            rows[match.group(1)] = rows.get(match.group(1), "") + line
    return rows


README_ROWS = {"list": "list", "show": "show", "add": "add", "due": "due", "overdue": "overdue",
               "schedule": "schedule", "pay": "pay", "payments": "payments", "check": "check",
               "charge": "charge", "charges": "charges",
               "message": "message", "contact": "contact", "history": "history",
               "export": "export", "plan": "plan", "plan --compare": "plan",
               "plan --with-loan": "plan", "plan --replace": "plan",
               "plan (several currencies)": "plan",
               "apr": "apr", "triage": "triage",
               "progress": "progress"}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_the_readme_documents_the_contract(name):
    """Every contract key is named in the README row of its command, and every key the
    row quotes ("key") is in the contract."""
    row = readme_rows().get(README_ROWS[name])
    # A command with --json and no row in the README's table is a gap, not a pending case.
    assert row is not None, f"the README's JSON output table has no row for {README_ROWS[name]!r}"

    def keys_of(contract: str) -> set[str]:
        keys = {
            key.rstrip("?")
            for expected in CONTRACT[contract].values()
            if isinstance(expected, set)
            for key in expected
            if key != LOAN_FIELDS
        } | {path.split(".")[-1].rstrip("[]") for path in CONTRACT[contract] if path}
        return keys - {"*"}

    contract_keys = keys_of(name)
    # Keys quoted in the rows of one command may belong to any of its documents.
    sharing = set().union(*(keys_of(c) for c in CONTRACT if README_ROWS[c] == README_ROWS[name]))
    named = {
        word
        for span in re.findall(r"`([^`]*)`", row)
        for word in re.findall(r"[a-z_][a-z_0-9]*", span)
    }
    quoted = set(re.findall(r'"([a-z_][a-z_0-9]*)"', row))
    undocumented = contract_keys - named
    if LOAN_FIELDS in CONTRACT[name].get("", ()):
        # "the loan's fields as in the file", and what they hold (rate_changes: from, rate)
        undocumented -= FIELD_KEYS | {"from"}
    assert not undocumented, f"README row for {name} does not name {sorted(undocumented)}"
    assert quoted <= sharing | FIELD_KEYS, sorted(quoted - sharing)


# Every --json command that fails on the data (not on its usage) prints this document on
# stdout, exit code unchanged (debtplan.cli.common.error_document); plan's kinds add
# their figures and letters.
ERROR = {"code", "message", "problems?"}
ERROR_PROBLEM = {"loan", "field", "message"}
BUDGET_TOO_SMALL = {"currency", "budget", "needed", "shortfall", "month", "date", "letters",
                    "failures?"}  # fmt: skip
LETTER = {"loan", "kind", "command"}
ERROR_CASES = [
    (["show", "Nope"], ERROR),
    (["--file", "{broken}", "list"], ERROR),
    (["--file", "{broken}", "due"], ERROR),
    (["pay", "Car", "100", "--date", "2031-01-01"], ERROR),
    (["plan", "--budget", "100"], ERROR | BUDGET_TOO_SMALL),
]


@pytest.mark.parametrize("args", [case[0] for case in ERROR_CASES], ids=" ".join)
def test_a_json_command_that_fails_says_why_in_one_document(cli, book, loan_file, args):
    before = loan_file.read_bytes()
    expected = {" ".join(a): keys for a, keys in ERROR_CASES}[" ".join(args)]
    argv = [part.format(**book) for part in args]
    doc = run_json(cli, [*argv, "--json"], 1)
    assert set(doc) == {"error"}
    walk(doc["error"], {"": expected, "problems[]": ERROR_PROBLEM, "letters[]": LETTER}, "", {})
    check_values(doc, stated_rates=False)
    assert doc["error"]["message"] and re.match(r"^[a-z_]+$", doc["error"]["code"])
    assert loan_file.read_bytes() == before


def test_the_readme_documents_the_error_document():
    section = (ROOT / "README.md").read_text("utf-8").split("## JSON output", 1)[1]
    section = section.split("\n## ", 1)[0]
    paragraph = next(part for part in section.split("\n\n") if '{"error"' in part)
    keys = {k.rstrip("?") for k in ERROR | ERROR_PROBLEM | BUDGET_TOO_SMALL | LETTER}
    assert keys - set(re.findall(r'"([a-z_]+)"', paragraph)) == set()
