"""Fuzzing: hypothesis drives the CLI with generated arguments and generated loan files.

Three promises, each checked on every generated case:

- generated argument lists (valid and junk tokens, any Unicode, control characters)
  never end in an uncaught exception; the exit code is 0, 1, 2 or 3; and a command
  that fails (1 or 2) leaves the loan file byte for byte as it was;
- generated loan files (TOML built from generated tables, valid or not, and raw byte
  garbage) never crash `check`, `list` or `pay`, and an error never changes the file;
- money survives the file: loans added and paid through the CLI come back to the cent.

The number of cases is fixed (``CASES``) and quoted in the README's "Your data" section.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import typer.main
import typer.testing
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from debtplan.cli.app import app

D = Decimal
TODAY = date(2026, 11, 28)

# Generated cases per test, per run (see the README's "Your data").
CASES = {"arguments": 300, "files": 300, "money": 300}


def fuzz_settings(cases: int) -> settings:
    return settings(
        max_examples=cases,
        deadline=None,
        database=None,  # nothing remembered between runs: CI and laptops fuzz alike
        derandomize=False,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


runner = CliRunner()


@pytest.fixture(autouse=True)
def built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Typer rebuilds the click command from the app on every invoke (most of an
    # invocation's time); build it once, so that the cases per run stay many.
    command = typer.main.get_command(app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: command)


def invoke(*args: str) -> Any:
    """Run debtplan in-process; an exception escaping the command is kept, not raised."""
    return runner.invoke(app, list(args), catch_exceptions=True)


def assert_no_crash(result: Any, args: tuple[str, ...] | list[str]) -> None:
    error = result.exception
    assert error is None or isinstance(error, SystemExit), (
        f"debtplan {' '.join(map(repr, args))} raised {error!r}\n{result.stderr}"
    )
    assert "Traceback" not in result.stderr, result.stderr


# --- a book to fuzz against -----------------------------------------------------------------

BOOK: dict[str, Any] = {
    "schema_version": 1,
    "loans": [
        {
            "name": "car", "lender": "Bank", "currency": "CNY", "method": "annuity",
            "principal": D("10000.00"), "rate": "12%", "term": 12, "start": date(2026, 1, 15),
            "payments": [{"date": date(2026, 2, 15), "amount": D("888.49")}],
            "contacts": [{"at": datetime(2026, 11, 20, 22, 15), "channel": "call"}],
        },
        {
            "name": "Visa", "currency": "USD", "method": "revolving", "balance": D("5000.00"),
            "rate": "24%", "start": date(2026, 1, 1), "min_payment": "1%+interest,35.00",
        },
        {
            "name": "手机分期", "lender": "花呗", "currency": "CNY", "method": "flat",
            "principal": D("6000.00"), "rate": "0%", "fee_rate": "0.75%/month", "term": 12,
            "start": date(2026, 9, 5), "penalty_rate": "0.05%/day", "late_fee": D("30.00"),
        },
    ],
}  # fmt: skip
BOOK_BYTES = tomli_w.dumps(BOOK).encode()

# --- (a) generated argument lists -----------------------------------------------------------

NAMES = ["car", "CAR", "Visa", "手机分期", "nope", "", " car ", "Straße"]
AMOUNTS = ["1", "888.49", "1,234.50", "¥100", "$1,000.00", "0", "-1", "0.001", "1e30",
           "nan", "inf", "12,50", "1000000000000.01", "１２３"]  # fmt: skip
DATES = ["2026-11-28", "2026-01-15", "2026-02-30", "2030-01-01", "1900-01-01", "28/11/2026",
         "2026-11-20T22:15", "2026-11-20 23:59", "0000-00-00", "today"]  # fmt: skip
RATES = ["12%", "12", "1.5%/month", "0.05%/day", "-1%", "1e9%", "nan%", "0", "0.75%/month"]
OPTIONS = ["--json", "--csv", "--exit-code", "--within", "--date", "--note", "--prepay",
           "--at", "--channel", "--pay-on", "--principal", "--balance", "--rate", "--term",
           "--start", "--method", "--currency", "--first-due", "--due-day", "--grace-days",
           "--penalty-rate", "--penalty-markup", "--penalty-base", "--penalty-compound",
           "--late-fee", "--upfront-fee", "--fee-rate", "--min-payment", "--day-count",
           "--allocation", "--jurisdiction", "--lender", "--rename", "--unset", "--help",
           "--", "-h", "--bogus"]  # fmt: skip
WORDS = ["annuity", "equal-principal", "interest-only", "lump-sum", "flat", "revolving",
         "monthly", "weekly", "shorten", "reduce", "call", "sms", "visit", "pigeon", "CNY",
         "USD", "RMB", "XX", "yes", "no", "360", "365", "31", "0", "-5", "1200", "1201",
         "fees,penalty,interest,principal", "5%,100", "first-due", "name", "cn", "us", "uk",
         "99999999999999999999", "7"]  # fmt: skip
COMMANDS = ["add", "edit", "pay", "due", "list", "show", "overdue", "schedule", "contact"]
HOSTILE = ["[red]x[/red]", "\x1b[31m", "\u202e", "{0}", "{{total_owed}}", "%s", '"""', "'",
           "\n[[loans]]\nname=\"x\"", "\x00", "\r", "\t"]  # fmt: skip

junk = st.one_of(
    st.sampled_from(NAMES + AMOUNTS + DATES + RATES + WORDS + HOSTILE + OPTIONS),
    st.sampled_from(OPTIONS).map(lambda option: option + "="),
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)

LOAN_OPTIONS: dict[str, list[str]] = {
    "--lender": ["Bank", "花呗", *HOSTILE], "--currency": ["CNY", "USD", "RMB", "XX", "¥"],
    "--method": ["annuity", "equal-principal", "interest-only", "lump-sum", "flat",
                 "revolving", "magic"],
    "--principal": AMOUNTS, "--balance": AMOUNTS, "--rate": RATES,
    "--term": ["1", "12", "360", "1200", "0", "1201", "-1", "12.5", "x"],
    "--frequency": ["monthly", "biweekly", "weekly", "daily"], "--start": DATES,
    "--first-due": DATES, "--due-day": ["1", "15", "31", "0", "32"],
    "--grace-days": ["0", "3", "90", "91", "-1"], "--penalty-rate": RATES,
    "--penalty-markup": ["50%", "30", "-5%", "1%/day"],
    "--penalty-base": ["overdue", "principal", "x"], "--penalty-compound": ["yes", "no", "2"],
    "--late-fee": AMOUNTS, "--upfront-fee": AMOUNTS, "--fee-rate": RATES,
    "--min-payment": ["200", "5%", "5%,100", "1%+interest,35", "x", "-5%"],
    "--day-count": ["360", "365", "364"],
    "--allocation": ["fees,penalty,interest,principal", "principal,interest,penalty,fees",
                     "fees", "x,y"],
    "--jurisdiction": ["cn", "us", "uk"], "--note": ["paid by card", *HOSTILE],
}  # fmt: skip
COMMAND_OPTIONS: dict[str, dict[str, list[str]]] = {
    "add": LOAN_OPTIONS,
    "edit": {**LOAN_OPTIONS, "--rename": NAMES + HOSTILE,
             "--unset": ["first-due", "note", "name", "rate", "x", "penalty-rate"]},
    "pay": {"--date": DATES, "--note": ["ref 123", *HOSTILE],
            "--prepay": ["shorten", "reduce", "x"]},
    "due": {"--within": ["0", "7", "30", "3660", "3661", "-1", "x"]},
    "list": {},
    "show": {},
    "overdue": {"--pay-on": DATES},
    "schedule": {},
    "contact": {"--at": DATES, "--channel": ["call", "sms", "visit", "social", "third-party",
                                            "pigeon"], "--note": ["said he'd visit", *HOSTILE]},
}  # fmt: skip
FLAGS = {"add": ["--json"], "pay": ["--json"], "due": ["--json", "--exit-code"],
         "list": ["--json"], "show": ["--json"], "overdue": ["--json"],
         "schedule": ["--json", "--csv"], "contact": ["--json"], "edit": []}  # fmt: skip
TAKES_NAME = {"add", "edit", "pay", "show", "schedule", "contact"}
GOOD_NAMES = ["car", "CAR", "Visa", "手机分期"]
NEW_NAMES = ["new loan", "新的贷款", "Straße", *HOSTILE]
USUAL = {"add": ["--principal", "--rate", "--term"], "pay": [], "edit": []}


def plausible(draw: st.DrawFn, choices: list[str]) -> str:
    """Mostly one of the first (valid) choices, often any listed one, now and then junk."""
    roll = draw(st.integers(0, 9))
    if roll == 9:
        return draw(junk)
    return draw(st.sampled_from(choices[:2] if roll <= 4 else choices))


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command with options that fit it, values mostly plausible, some junk thrown in."""
    command = draw(st.sampled_from(COMMANDS))
    args = []
    if draw(st.integers(0, 4)) == 4:
        args += draw(st.sampled_from([["--today", "2026-03-01"], ["--lang", "zh"],
                                      ["--today", "2026-02-30"], ["--lang", "fr"]]))  # fmt: skip
    args.append(command)
    if command == "add":
        args.append(plausible(draw, NEW_NAMES))
    elif command in TAKES_NAME or (command == "overdue" and draw(st.booleans())):
        args.append(plausible(draw, GOOD_NAMES + NAMES + HOSTILE[:2]))
    if command == "pay":
        args.append(plausible(draw, AMOUNTS))
    options = COMMAND_OPTIONS[command]
    chosen = [o for o in USUAL.get(command, []) if draw(st.integers(0, 4)) != 4]
    chosen += draw(st.lists(st.sampled_from(sorted(options)), max_size=4)) if options else []
    for option in chosen:
        args += [option, plausible(draw, options[option])]
    args += draw(st.lists(st.sampled_from(FLAGS[command]), max_size=1)) if FLAGS[command] else []
    if draw(st.integers(0, 9)) == 9:  # now and then, junk anywhere
        args.insert(draw(st.integers(0, len(args))), draw(junk))
    return args


@fuzz_settings(CASES["arguments"])
@given(args=command_lines())
def test_generated_arguments_never_crash_and_errors_change_nothing(
    loan_file: Path, args: list[str]
) -> None:
    loan_file.write_bytes(BOOK_BYTES)
    result = invoke(*args)
    event(f"exit {result.exit_code}")
    assert_no_crash(result, args)
    assert result.exit_code in (0, 1, 2, 3), (args, result.exit_code, result.stderr)
    if result.exit_code in (1, 2):
        assert loan_file.read_bytes() == BOOK_BYTES, (args, result.stderr)
    if result.exit_code == 0 and "--json" in args and "--help" not in args and "-h" not in args:
        if result.stdout.strip():
            json.loads(result.stdout)  # --json output is one JSON document


# --- (b) generated loan files -----------------------------------------------------------------

VALID_LOANS = BOOK["loans"]
FIELDS = ["name", "lender", "currency", "method", "principal", "balance", "rate", "term",
          "frequency", "start", "first_due", "due_day", "grace_days", "penalty_rate",
          "penalty_markup", "penalty_base", "penalty_compound", "late_fee", "upfront_fee",
          "fee_rate", "min_payment", "min_floor", "day_count", "allocation", "jurisdiction",
          "note", "payments", "contacts", "rate_changes"]  # fmt: skip

scalars = st.one_of(
    st.text(max_size=20),
    st.sampled_from(NAMES + AMOUNTS + DATES + RATES + WORDS + HOSTILE),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.decimals(min_value=-(10**13), max_value=10**13, places=2),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from([*FIELDS, "date", "amount", "at", "channel", "from"])
                        | st.text(max_size=5), inner, max_size=3),
    ),
    max_leaves=8,
)  # fmt: skip
payment_tables = st.fixed_dictionaries(
    {},
    optional={"date": st.one_of(st.dates(date(2025, 1, 1), date(2027, 1, 1)), values),
              "amount": st.one_of(st.decimals(D("0.01"), D("99999"), places=2), values),
              "note": st.one_of(st.text(max_size=10), values), "prepay": values,
              "extra": values},
)  # fmt: skip


VALID_VALUES: dict[str, list[Any]] = {
    "name": ["house", "房贷", "Straße", *HOSTILE[:3]], "lender": ["Bank", "", *HOSTILE],
    "currency": ["CNY", "USD", "rmb"], "principal": [D("1.00"), D("999999.99"), 5, "1,000"],
    "rate": ["0%", "36%", "1.5%/month", D("12"), 7], "term": [1, 360, 1200, "12"],
    "start": [date(2020, 1, 1), "2026-01-31", datetime(2026, 1, 1, 8, 0)],
    "due_day": [1, 31], "grace_days": [0, 90], "penalty_rate": ["0.05%/day", D("0.05")],
    "late_fee": [D("0"), D("30.00")], "day_count": [360, 365],
    "allocation": [["principal", "interest", "penalty", "fees"], "fees,penalty,interest,principal"],
    "jurisdiction": ["cn", "us"], "note": ["x", *HOSTILE[:-3]], "frequency": ["weekly"],
    "payments": [[], [{"date": date(2026, 3, 1), "amount": D("0.01")}]],
    "contacts": [[], [{"at": datetime(2026, 3, 1, 23, 0), "channel": "sms", "note": "{0}"}]],
}  # fmt: skip


@st.composite
def loan_tables(draw: st.DrawFn) -> Any:
    """A valid loan, changed in up to three places (often not at all)."""
    if draw(st.integers(0, 49)) == 49:
        return draw(values)  # not even a table
    loan = dict(draw(st.sampled_from(VALID_LOANS)))
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3]))):
        key = draw(st.sampled_from(FIELDS) | st.text(min_size=1, max_size=8))
        roll = draw(st.integers(0, 9))
        if roll == 9 and key in loan:
            del loan[key]
        elif roll <= 4 and key in VALID_VALUES:
            loan[key] = draw(st.sampled_from(VALID_VALUES[key]))
        elif key == "payments":
            loan[key] = draw(st.lists(payment_tables, max_size=3) | values)
        else:
            loan[key] = draw(values)
    return loan


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    roll = draw(st.integers(0, 19))
    if roll != 19:
        doc["schema_version"] = (
            draw(values) if roll == 18 else draw(st.sampled_from([1] * 18 + [0, 2]))
        )
    loans = draw(st.lists(loan_tables(), max_size=3))
    for number, loan in enumerate(loans[1:], start=2):  # the same loan twice, named apart
        if isinstance(loan, dict) and isinstance(loan.get("name"), str):
            loan["name"] += f" {number}"
    doc["loans"] = draw(values) if draw(st.integers(0, 49)) == 49 else loans
    if draw(st.integers(0, 5)) == 5:
        doc["settings"] = draw(
            st.fixed_dictionaries({}, optional={
                "budget": st.dictionaries(st.sampled_from(["CNY", "USD", "xx"]), values,
                                          max_size=2) | values,
                "lpr": values, "history": values, "remind_days": values, "other": values})
            | values
        )  # fmt: skip
    if draw(st.integers(0, 49)) == 49:
        doc[draw(st.text(min_size=1, max_size=5))] = draw(values)
    return doc


def toml_bytes(doc: dict[str, Any]) -> bytes:
    try:
        return tomli_w.dumps(doc).encode()
    except (TypeError, ValueError):  # not every generated mapping is a TOML document
        assume(False)
        raise


documents_as_toml = documents().map(toml_bytes)
file_contents = st.one_of(
    documents_as_toml,
    documents_as_toml,
    documents_as_toml,
    documents_as_toml,
    st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
    # Nesting deep enough to exhaust a recursive parser.
    st.integers(1, 5000).map(lambda depth: b"loans = " + b"[" * depth + b"]" * depth),
    # Valid TOML cut short, or with a byte changed: what a crash or a bad disk leaves.
    st.integers(0, len(BOOK_BYTES)).map(lambda end: BOOK_BYTES[:end])
    | st.tuples(st.integers(0, len(BOOK_BYTES) - 1), st.integers(0, 255)).map(
        lambda t: BOOK_BYTES[: t[0]] + bytes([t[1]]) + BOOK_BYTES[t[0] + 1 :]
    ),
)


@fuzz_settings(CASES["files"])
@given(content=file_contents)
def test_generated_files_never_crash_and_errors_change_nothing(
    loan_file: Path, content: bytes
) -> None:
    loan_file.write_bytes(content)
    checked = invoke("check", "--json")
    event("valid book" if checked.exit_code == 0 else "refused")
    assert_no_crash(checked, ["check", "--json"])
    assert checked.exit_code in (0, 1), checked.stderr
    report = json.loads(checked.stdout)
    assert report["ok"] is (checked.exit_code == 0)
    assert all(problem["message"] for problem in report["problems"])
    assert loan_file.read_bytes() == content  # check never writes

    listed = invoke("list", "--json")
    assert_no_crash(listed, ["list"])
    assert listed.exit_code == checked.exit_code, (listed.stderr, checked.stdout)
    if listed.exit_code:
        assert listed.stderr.startswith("Error: "), listed.stderr
    for args in (["pay", "car", "1"], ["add", "new loan", "--principal", "100", "--rate", "1",
                                       "--term", "2", "--currency", "CNY"]):  # fmt: skip
        result = invoke(*args)
        assert_no_crash(result, args)
        assert result.exit_code in (0, 1), (args, result.stderr)
        if result.exit_code:
            assert loan_file.read_bytes() == content, (args, result.stderr)
            assert result.stderr.startswith("Error: "), result.stderr
        else:
            assert checked.exit_code == 0  # only a valid book is ever written to
            loan_file.write_bytes(content)


# --- (c) money round trips -----------------------------------------------------------------


def usable_name(name: str) -> bool:
    # Not blank, no NUL (refused, with a message), and not starting with "-" (an option).
    return bool(name.strip()) and "\x00" not in name and not name.startswith("-")


@st.composite
def loans_with_payments(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.dates(date(2020, 1, 1), TODAY))
    days = (TODAY - start).days
    cents = st.integers(min_value=1, max_value=10**14)  # 0.01 to 1,000,000,000,000.00
    return {
        "name": draw(st.text(min_size=1, max_size=10).filter(usable_name)),
        "principal": D(draw(cents)) / 100,
        "rate": draw(st.decimals(D("0"), D("36"), places=2)),
        "term": draw(st.integers(1, 360)),
        "method": draw(st.sampled_from(["annuity", "equal-principal", "interest-only",
                                        "lump-sum"])),
        "currency": draw(st.sampled_from(["CNY", "USD", "EUR"])),
        "start": start,
        "payments": [
            (D(draw(st.integers(1, 10**9))) / 100, start + timedelta(draw(st.integers(0, days))))
            for _ in range(draw(st.integers(0, 5)))
        ],
    }  # fmt: skip


def grouped(amount: Decimal) -> str:
    return f"{amount:,.2f}"


@fuzz_settings(CASES["money"])
@given(loan=loans_with_payments(), style=st.sampled_from(["plain", "grouped", "symbol"]))
def test_money_is_never_lost_between_the_cli_and_the_file(
    loan_file: Path, loan: dict[str, Any], style: str
) -> None:
    loan_file.unlink(missing_ok=True)

    def typed(amount: Decimal) -> str:  # amounts as people type them
        symbol = "¥" if loan["currency"] == "CNY" else "$"
        return {"plain": str(amount), "grouped": grouped(amount),
                "symbol": symbol + grouped(amount)}[style]  # fmt: skip

    added = invoke("add", loan["name"], "--principal", typed(loan["principal"]),
                   "--rate", f"{loan['rate']}%", "--term", str(loan["term"]),
                   "--method", loan["method"], "--currency", loan["currency"],
                   "--start", loan["start"].isoformat())  # fmt: skip
    assert_no_crash(added, ["add"])
    assert added.exit_code == 0, added.stderr
    for amount, paid_on in loan["payments"]:
        paid = invoke("pay", loan["name"], typed(amount), "--date", paid_on.isoformat(), "--json")
        assert_no_crash(paid, ["pay"])
        assert paid.exit_code == 0, paid.stderr
        assert json.loads(paid.stdout)["amount"] == f"{amount:.2f}"

    expected = sorted(loan["payments"], key=lambda p: p[1])
    listed = json.loads(invoke("payments", loan["name"], "--json").stdout)
    assert [D(p["amount"]) for p in listed["payments"]] == [a for a, _ in expected]
    assert [p["date"] for p in listed["payments"]] == [d.isoformat() for _, d in expected]

    # The file itself holds the exact cents, as decimals, never floats.
    stored = tomllib.loads(loan_file.read_text(encoding="utf-8"), parse_float=Decimal)["loans"][0]
    assert stored["name"] == loan["name"].strip()
    assert stored["principal"] == loan["principal"]
    assert [p["amount"] for p in stored.get("payments", [])] == [a for a, _ in expected]
    assert all(isinstance(p["amount"], Decimal) for p in stored.get("payments", []))

    shown = json.loads(invoke("show", loan["name"], "--json").stdout)
    assert D(shown["principal"]) == loan["principal"]
    assert D(shown["total_paid"]) == sum((a for a, _ in expected), D(0))
