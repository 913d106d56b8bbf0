"""Bug 9 of issue 13: a loan whose schedule leaves the calendar.

The calendar ends on 9999-12-31. A loan is refused (exit 1, the file unchanged) unless
its last due date is on or before 9998-12-31, leaving a year for penalty, reminders and
plans after it (docs/conventions.md "Due dates and frequencies"); `add`, `edit`,
`import` and `check` all say so, and no loan they accept makes a read command fail with
an internal error (exit 70).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from debtplan.cli.app import app

LAST = date(9998, 12, 31)
LIMIT_LINE = "the last due date must be on or before 9998-12-31"


def test_the_last_due_date_may_be_9998_12_31_but_not_a_day_later(cli, loan_file):
    """Monthly from 9997-12-31, 12 installments: 9998-01-31, 9998-02-28, ... 9998-12-31
    (clamped to each month's end), the last exactly on the limit: accepted. From
    9998-01-01 the 12th falls on 9999-01-01, a day past it: refused, naming that date."""
    ok = cli("add", "Edge", "--principal", "1200", "--rate", "0", "--term", "12",
             "--start", "9997-12-31", "--currency", "CNY")  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    schedule = json.loads(cli("schedule", "Edge", "--json").stdout)
    assert [row["due_date"] for row in schedule["installments"]][-3:] == [
        "9998-10-31", "9998-11-30", "9998-12-31"]  # fmt: skip
    before = loan_file.read_bytes()

    late = cli("add", "Late", "--principal", "1200", "--rate", "0", "--term", "12",
               "--start", "9998-01-01", "--currency", "CNY")  # fmt: skip
    assert late.exit_code == 1
    assert late.stderr.splitlines() == [
        "Error: the loan has 1 problem(s); nothing was saved",
        "  Late: start: the last installment would fall due on 9999-01-01; the last due "
        "date must be on or before 9998-12-31, a year before the calendar ends (9999-12-31), "
        "so check the start date, the first due date and the term",
    ]
    assert loan_file.read_bytes() == before


@pytest.mark.parametrize(
    ("options", "field"),
    [
        # monthly: 12 months from 9999-06-01 is in year 10000, which no date can hold
        (("--start", "9999-06-01", "--term", "12"), "start"),
        # weekly: 9998-12-01 + 7 x 5 days = 9999-01-05
        (("--start", "9998-12-01", "--term", "5", "--frequency", "weekly"), "start"),
        # a lump sum is due once, at the end of its term: 9998-06-15 + 12 months
        (("--start", "9998-06-15", "--term", "12", "--method", "lump-sum"), "start"),
        # a far first due date
        (("--start", "2026-01-01", "--first-due", "9999-12-01", "--term", "1"), "first_due"),
    ],
)
def test_add_refuses_a_schedule_past_the_calendar(cli, loan_file, options, field):
    result = cli("add", "Far", "--principal", "1000", "--rate", "12%", "--currency", "CNY",
                 *options)  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1].startswith(f"  Far: {field}: the ")
    assert LIMIT_LINE in result.stderr
    assert not loan_file.exists()


def test_weekly_installments_fit_to_the_last_day(cli):
    """Weekly from 9998-12-01, 4 installments: 12-08, 12-15, 12-22, 12-29: accepted."""
    result = cli("add", "Weekly", "--principal", "400", "--rate", "0", "--term", "4",
                 "--frequency", "weekly", "--start", "9998-12-01", "--currency", "CNY")  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_a_card_whose_minimums_run_past_the_calendar_is_refused(cli, loan_file):
    """A card of 1000 at 12% (1% a month) with a fixed minimum of 100 from 9998-01-15
    takes n = -ln(1 - 0.01 x 1000 / 100) / ln(1.01) = 10.6, so 11 payments: 9998-02-15
    to 9998-12-15, inside the calendar. 5,000 the same way takes
    -ln(1 - 0.01 x 5000 / 100) / ln(1.01) = 69.7 months, into 10003: refused."""
    ok = cli("add", "Card", "--balance", "1000", "--rate", "12%", "--min-payment", "100",
             "--start", "9998-01-15", "--currency", "CNY")  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    rows = json.loads(cli("schedule", "Card", "--json").stdout)["installments"]
    assert (rows[0]["due_date"], rows[-1]["due_date"]) == ("9998-02-15", "9998-12-15")
    before = loan_file.read_bytes()
    big = cli("add", "Big", "--balance", "5000", "--rate", "12%", "--min-payment", "100",
              "--start", "9998-01-15", "--currency", "CNY")  # fmt: skip
    assert big.exit_code == 1
    assert big.stderr.splitlines()[1] == (
        "  Big: start: the minimum payments would run past 9998-12-31, a year before the "
        "calendar ends (9999-12-31); check the start date, the first due date and the "
        "minimum payment"
    )
    assert loan_file.read_bytes() == before


def test_edit_that_pushes_the_schedule_past_the_calendar_changes_nothing(cli, loan_file):
    added = cli("add", "Edge", "--principal", "1200", "--rate", "0", "--term", "12",
                "--start", "9997-12-31", "--currency", "CNY")  # fmt: skip
    assert added.exit_code == 0
    before = loan_file.read_bytes()
    result = cli("edit", "Edge", "--term", "13")  # the 13th: 9999-01-31
    assert result.exit_code == 1
    assert "  Edge: start: the last installment would fall due on 9999-01-31" in result.stderr
    assert loan_file.read_bytes() == before


def test_import_refuses_it_and_check_finds_it_in_the_file(cli, loan_file, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"loans": [
        {"name": "Far", "currency": "CNY", "method": "annuity", "principal": "1000",
         "rate": "12%", "term": 12, "start": "9999-06-01"},
    ]}), encoding="utf-8")  # fmt: skip
    imported = cli("import", str(source))
    assert imported.exit_code == 1
    assert "  loan 1 (Far): start: the installments would fall due after 9999-12-31" in (
        imported.stderr
    )
    assert not loan_file.exists()

    loan_file.write_text(
        'schema_version = 1\n[[loans]]\nname = "Far"\ncurrency = "CNY"\nmethod = "annuity"\n'
        'principal = 1000\nrate = "12%"\nterm = 12\nstart = 9999-06-01\n',
        encoding="utf-8",
    )
    before = loan_file.read_bytes()
    checked = cli("check")
    assert checked.exit_code == 1
    assert "  Far: start: the installments would fall due after 9999-12-31" in checked.stdout + (
        checked.stderr
    )
    for command in (["show", "Far"], ["list"], ["overdue"], ["schedule", "Far"]):
        result = cli(*command)
        assert result.exit_code == 1, (command, result.stderr)
        assert LIMIT_LINE in result.stderr
    assert loan_file.read_bytes() == before


def test_the_message_is_translated(cli):
    result = cli("--lang", "zh", "add", "Far", "--principal", "1000", "--rate", "12%",
                 "--term", "12", "--start", "9998-01-01", "--currency", "CNY")  # fmt: skip
    assert result.exit_code == 1
    assert "9999-01-01" in result.stderr and "9998-12-31" in result.stderr
    assert "the last installment" not in result.stderr


# --- no accepted loan makes a read command fail -----------------------------------------------

runner = CliRunner()


@pytest.fixture
def built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    command = typer.main.get_command(app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: command)


@st.composite
def far_loans(draw: st.DrawFn) -> tuple[list[str], date]:
    """``add`` options for a loan anywhere in the calendar, most near its two ends, and a
    day to read it on: the real today, its start, or a day up to a year after it."""
    method = draw(st.sampled_from(["annuity", "equal-principal", "interest-only", "lump-sum",
                                   "flat", "revolving"]))  # fmt: skip
    start = draw(st.one_of(
        st.dates(date(9890, 1, 1), date(9999, 12, 31)),
        st.dates(date(1, 1, 1), date(1, 12, 31)),
        st.dates(),
    ))  # fmt: skip
    options = ["--method", method, "--rate", draw(st.sampled_from(["0", "12%", "36%"])),
               "--start", start.isoformat(), "--currency", "CNY",
               "--penalty-rate", "0.05%/day", "--late-fee", "10"]  # fmt: skip
    if method == "revolving":
        options += ["--balance", draw(st.sampled_from(["50", "5000", "80000"])),
                    "--min-payment", draw(st.sampled_from(["100", "5%,100", "3%"]))]  # fmt: skip
    else:
        frequency = draw(st.sampled_from(["monthly", "biweekly", "weekly"]))
        term = str(draw(st.integers(1, 1200)))
        options += ["--principal", "10000", "--term", term, "--frequency", frequency]
        if method == "flat":
            options += ["--fee-rate", "0.6%/month"]
    # (Not for a lump sum: its first due date is its maturity, and one far short of its
    # term makes an APR too large to show, a problem of its own, not of the calendar.)
    if method != "lump-sum" and draw(st.booleans()):
        days = draw(st.integers(1, 400))
        if days <= (date.max - start).days:
            options += ["--first-due", (start + timedelta(days=days)).isoformat()]
    if draw(st.booleans()):
        options += ["--due-day", str(draw(st.integers(1, 31)))]
    today = draw(st.one_of(
        st.just(date(2026, 11, 28)),
        st.integers(0, 366).map(lambda days: _after(start, days)),
    ))  # fmt: skip
    return options, today


def _after(day: date, days: int) -> date:
    """``days`` after ``day``, at most 9998-12-31 (``--today`` refuses a later day)."""
    return min(day, LAST) + timedelta(days=min(days, (LAST - min(day, LAST)).days))


READS = [["list"], ["show", "L"], ["schedule", "L"], ["due", "--within", "3660"], ["overdue"],
         ["payments", "L"], ["check"], ["plan", "--budget", "100000000"],
         ["export", "--format", "ics", "--months", "1200"],
         ["export", "--format", "json"], ["message", "L", "--kind", "hardship"]]  # fmt: skip


@settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=far_loans())
def test_no_accepted_loan_makes_a_read_command_fail(
    built_once: None, loan_file: Path, case: tuple[list[str], date]
) -> None:
    options, today = case
    loan_file.unlink(missing_ok=True)
    env = {"DEBTPLAN_TODAY": today.isoformat()}
    added = runner.invoke(app, ["add", "L", *options], env=env, catch_exceptions=True)
    assert added.exit_code in (0, 1), (options, added.stderr)
    if added.exit_code == 1:
        assert not loan_file.exists()
        return
    for command in READS:
        result: Any = runner.invoke(app, command, env=env, catch_exceptions=True)
        # In-process an internal error (exit 70 from the shell) is the exception itself.
        error = result.exception
        where = (" ".join(options), today, command, error)
        assert error is None or isinstance(error, SystemExit), where
        assert result.exit_code in (0, 1, 3), (options, today, command, result.stderr)


def test_today_after_the_last_due_limit_is_a_usage_error(cli, add_loan):
    add_loan("A", "--principal", "100", "--rate", "0", "--term", "1", "--start", "9998-11-30")
    result = cli("--today", "9999-01-01", "list")
    assert result.exit_code == 2
    assert "'9999-01-01' is too late; use a date on or before 9998-12-31" in result.stderr
    due = cli("--today", "9998-12-31", "due", "--within", "3660")  # the window stops at 9999-12-31
    assert (due.exit_code, due.stdout.count("9998-12-30")) == (0, 1), due.stderr
