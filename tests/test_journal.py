"""export --format ledger / beancount: payments split to the cent as the ledger applied
them, account names valid in each tool, and journals the real tools accept and balance
exactly as debtplan does (hledger and bean-check; .ci/run installs both)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.core.from_document import load_book
from debtplan.core.ledger import loan_state
from debtplan.core.model import Loan, Method, Payment
from debtplan.core.money import Rate, RateUnit
from debtplan.render.journal import Journal, account_component, loan_components
from debtplan.usecases.export import Split, payment_splits

TODAY = date(2026, 11, 28)

BOOK = """\
schema_version = 1

[[loans]]
name = "Car loan"
currency = "CNY"
method = "annuity"
principal = 12000.00
rate = "6%"
term = 12
start = 2026-01-15
late_fee = 20
penalty_rate = "0.05%/day"
upfront_fee = 100

[[loans.payments]]
date = 2026-02-15
amount = 1032.80
note = "first; | \\"quoted\\" \\\\ back"

[[loans.payments]]
date = 2026-03-20
amount = 1055.38

[[loans.payments]]
date = 2026-04-15
amount = 2032.80

[[loans]]
name = "网贷 A (借呗)"
currency = "CNY"
method = "flat"
principal = 6000.00
rate = "0%"
fee_rate = "0.75%/month"
term = 6
start = 2026-09-03

[[loans.payments]]
date = 2026-10-03
amount = 1045.00

[[loans]]
name = "网贷-A 借呗"
currency = "USD"
method = "lump-sum"
principal = 600.00
rate = "10%"
term = 1
start = 2026-10-03

[[loans]]
name = "💳 card\u200b"
method = "revolving"
currency = "CNY"
balance = 10000
rate = "18%"
min_payment = "5%,100"
start = 2026-01-15

[[loans.payments]]
date = 2026-02-15
amount = 507.50

[[loans]]
name = "zero"
method = "lump-sum"
currency = "CNY"
principal = 1000
rate = "0%"
term = 1
start = 2026-01-10

[[loans.payments]]
date = 2026-02-10
amount = 1200
"""


def book():
    import tomllib

    return load_book(tomllib.loads(BOOK, parse_float=Decimal))


def splits_of(name: str) -> list[Split]:
    loan = book().loan_named(name)
    return [item.split for item in payment_splits(loan, TODAY)]


def D(text: str) -> Decimal:
    return Decimal(text)


# ---------------------------------------------------------------------------------------
# the split, worked out by hand


def test_an_annuity_payments_split_as_worked_out_by_hand():
    """12,000 at 6% a year over 12 months: r = 0.005, M = 12000 r / (1 - 1.005^-12)
    = 1,032.7984 -> 1,032.80 (numpy_financial.pmt(0.005, 12, -12000) agrees).

    1. 2026-02-15, 1,032.80 on installment 1, due that day: interest 12000 x 0.005 =
       60.00, principal 972.80.
    2. 2026-03-20, 1,055.38 on installment 2, due 03-15, five days late: the late fee
       20.00; penalty 0.05% a day on the overdue 1,032.80 for 5 days = 2.582 -> 2.58;
       interest cents(11,027.20 x 0.005 = 55.136) = 55.14; principal 977.66
       (20 + 2.58 + 55.14 + 977.66 = 1,055.38: nothing left to prepay).
    3. 2026-04-15, 2,032.80 on its due date: installment 3, interest
       cents(10,049.54 x 0.005 = 50.2477) = 50.25, principal 982.55; the other 1,000
       prepays principal the day its period begins: 0 days of interest, no fee.
    """
    import numpy_financial as npf

    assert Decimal(str(npf.pmt(0.005, 12, -12000))).quantize(D("0.01")) == D("1032.80")
    assert splits_of("Car loan") == [
        Split(D("972.80"), D("60.00"), D("0"), D("0"), D("0")),
        Split(D("977.66"), D("55.14"), D("2.58"), D("20.00"), D("0")),
        Split(D("1982.55"), D("50.25"), D("0"), D("0"), D("0")),
    ]


def test_what_goes_beyond_the_loan_is_overpaid():
    """1,000 at 0% paid with 1,200: 1,000 principal, 200 the lender owes back."""
    assert splits_of("zero") == [Split(D("1000.00"), D("0"), D("0"), D("0"), D("200.00"))]


def test_a_flat_loans_fee_is_its_interest():
    """6,000 over 6 months at 0.75% a month on the original principal: each installment
    1,000 principal + 45.00 fee (6000 x 0.0075)."""
    assert splits_of("网贷 A (借呗)") == [Split(D("1000.00"), D("45.00"), D("0"), D("0"), D("0"))]


amounts = st.decimals(min_value=D("0.01"), max_value=D("4000"), places=2)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), amounts), min_size=1, max_size=8))
def test_every_split_adds_up_to_its_payment_and_to_the_ledgers_totals(paid):
    """Whatever is paid when: each split adds up to its payment, no part is negative,
    and the principal of all the splits is what the ledger says was repaid."""
    start = date(2026, 1, 15)
    loan = Loan(
        name="L", currency="CNY", method=Method.ANNUITY, principal=D("9000.00"),
        rate=Rate(D("12"), RateUnit.YEAR), start=start, term=12, late_fee=D("15"),
        penalty_rate=Rate(D("0.05"), RateUnit.DAY),
        payments=tuple(Payment(start + timedelta(days=d), a) for d, a in paid),
    )  # fmt: skip
    today = start + timedelta(days=300)
    splits = payment_splits(loan, today)
    assert [s.payment for s in splits] == sorted(loan.payments, key=lambda p: p.on)
    for item in splits:
        parts = (item.split.principal, item.split.interest, item.split.penalty,
                 item.split.fees, item.split.overpaid)  # fmt: skip
        assert item.split.total == item.payment.amount
        assert all(part >= 0 for part in parts)
    state = loan_state(loan, today)
    assert sum((s.split.principal for s in splits), D(0)) == loan.principal - state.balance
    assert sum((s.split.overpaid for s in splits), D(0)) == state.overpaid


# ---------------------------------------------------------------------------------------
# account names


@pytest.mark.parametrize(
    ("name", "ledger", "beancount"),
    [
        ("Car loan", "Car-loan", "Car-loan"),
        ("car", "car", "Car"),
        ("网贷A", "网贷A", "L-网贷A"),
        ("网贷 A (借呗)", "网贷-A-借呗", "L-网贷-A-借呗"),
        ("💳 card!!", "card", "Card"),
        ("Car\u200b", "Car", "Car"),  # invisible: left out, not a hyphen
        ("e\u0301cole", "école", "École"),  # NFD typed: composed first
        ("2024 loan", "2024-loan", "2024-loan"),
        ("ß", "ß", "L-ß"),  # no one-letter capital
        ("???", "Loan", "Loan"),
        ("a:b;c", "a-b-c", "A-b-c"),
    ],
)
def test_account_names_follow_the_written_rule(name, ledger, beancount):
    assert account_component(name, Journal.LEDGER) == ledger
    assert account_component(name, Journal.BEANCOUNT) == beancount


def test_loans_that_come_out_the_same_are_told_apart():
    assert loan_components(["A B", "A-B", "a b"], Journal.LEDGER) == ["A-B", "A-B-2", "a-b-3"]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_any_name_makes_a_valid_beancount_account(name):
    from beancount.core import account

    component = account_component(name, Journal.BEANCOUNT)
    assert account.is_valid(f"Liabilities:Loans:{component}")
    # beancount's lexer: ASCII only [A-Za-z0-9-], the first a capital or a digit
    assert re.fullmatch(r"([A-Z0-9]|[^\x00-\x7f])([A-Za-z0-9\-]|[^\x00-\x7f])*", component)
    ledger = account_component(name, Journal.LEDGER)
    assert ledger and not re.search(r"[\s:;()\[\]]", ledger)


# ---------------------------------------------------------------------------------------
# the journals, checked and balanced by the real tools

needs_hledger = pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger missing")


@pytest.fixture
def book_file(loan_file: Path) -> Path:
    loan_file.write_text(BOOK, encoding="utf-8")
    return loan_file


def balances(cli) -> dict[str, Decimal]:
    """debtplan's balance of each loan today (show --json)."""
    result = {}
    for loan in book().loans:
        shown = json.loads(cli("show", loan.name, "--json").stdout)
        result[loan.name] = D(shown["balance"])
    return result


def export(cli, *args: str) -> str:
    result = cli("--today", TODAY.isoformat(), "export", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def hledger(journal: Path, *args: str) -> str:
    # hledger reads files in the locale's encoding: the tests run with no locale set
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    run = subprocess.run(["hledger", "-f", str(journal), *args], capture_output=True,
                         text=True, check=False, env=env, encoding="utf-8")  # fmt: skip
    assert run.returncode == 0, run.stderr
    return run.stdout


def hledger_balances(journal: Path, *args: str) -> dict[str, Decimal]:
    text = hledger(journal, "balance", "Liabilities", "--flat", "-N", "-O", "csv", *args)
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return {account: D(amount.split()[0]) for account, amount in rows}


LEDGER_ACCOUNTS = {
    "Car loan": "Liabilities:Loans:Car-loan",
    "网贷 A (借呗)": "Liabilities:Loans:网贷-A-借呗",
    "网贷-A 借呗": "Liabilities:Loans:网贷-A-借呗-2",
    "💳 card\u200b": "Liabilities:Loans:card",
    "zero": "Liabilities:Loans:zero",
}


@needs_hledger
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hledger_checks_the_journal_and_balances_each_loan_as_debtplan(
    cli, book_file, tmp_path, lang
):
    journal = tmp_path / "loans.journal"
    text = cli("--lang", lang, "--today", TODAY.isoformat(), "export", "-f", "ledger").stdout
    journal.write_text(text, encoding="utf-8")
    hledger(journal, "check", "--strict", "ordereddates")
    owed = balances(cli)
    got = hledger_balances(journal, "-e", (TODAY + timedelta(days=1)).isoformat())
    assert got == {LEDGER_ACCOUNTS[name]: -owed[name] for name in owed if owed[name]}
    # the forecast pays every loan off: nothing is owed at the end
    after = hledger_balances(journal, f"--forecast={TODAY.isoformat()}..2100-01-01")
    assert set(after.values()) <= {D(0)}


@needs_hledger
def test_hledger_reads_the_split_and_the_forecast(cli, book_file, tmp_path):
    journal = tmp_path / "loans.journal"
    journal.write_text(export(cli, "-f", "ledger"), encoding="utf-8")
    text = hledger(journal, "print", "-e", "2026-03-21", "Car-loan", "date:2026-03-20")
    assert re.sub(" {2,}", "  ", text) == (  # hledger aligns the amounts: columns aside
        "2026-03-20 * Car loan: payment\n"
        "  Liabilities:Loans:Car-loan  977.66 CNY\n"
        "  Expenses:Interest:Car-loan  55.14 CNY\n"
        "  Expenses:Penalty:Car-loan  2.58 CNY\n"
        "  Expenses:Fees:Car-loan  20.00 CNY\n"
        "  Assets:Bank  -1055.38 CNY\n\n"
    )
    forecast = hledger(journal, "print", "--forecast=2026-11-28..2026-12-31", "Car-loan",
                       "date:2026-11-28..2026-12-31")  # fmt: skip
    # Installment 4, unpaid since its due date, forecast today with what it owes by now:
    # 12,000 - 972.80 - 977.66 - 982.55 - 1,000 prepaid = 8,066.99 left; interest
    # cents(8,066.99 x 0.005 = 40.33495) = 40.33, principal 1,032.80 - 40.33 = 992.47;
    # the late fee 20.00; penalty 0.05% a day on 1,032.80 for the 197 days from
    # 2026-05-15 to 2026-11-28 = 101.7308 -> 101.73. (The prepayment shortened the term.)
    car = re.sub(" {2,}", "  ", forecast.split("\n\n")[0])
    assert car == (
        "2026-11-28 Car loan: installment 4 of 11, due 2026-05-15\n"
        "  ; generated-transaction: ~ every 28th day of month from 2026-11-28 to 2026-11-29\n"
        "  Liabilities:Loans:Car-loan  992.47 CNY\n"
        "  Expenses:Interest:Car-loan  40.33 CNY\n"
        "  Expenses:Penalty:Car-loan  101.73 CNY\n"
        "  Expenses:Fees:Car-loan  20.00 CNY\n"
        "  Assets:Bank  -1154.53 CNY"
    )
    flat = hledger(journal, "print", "--forecast=2026-11-28..2026-12-31", "date:2026-12-01..")
    assert "2026-12-03 网贷 A (借呗): installment 3 of 6\n" in flat
    # an invisible character in a name is shown as its escape, never written raw
    assert "\u200b" not in journal.read_text(encoding="utf-8")
    assert "  💳 card\\u200b: installment 3 of 69, due 2026-04-15\n" in journal.read_text(
        encoding="utf-8"
    )


def beancount_entries(text: str, tmp_path: Path):
    from beancount import loader

    path = tmp_path / "loans.beancount"
    path.write_text(text, encoding="utf-8")
    entries, errors, _options = loader.load_file(str(path))
    assert errors == []
    run = subprocess.run([shutil.which("bean-check") or "bean-check", str(path)],
                         capture_output=True, text=True, check=False, encoding="utf-8")  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return entries


BEAN_ACCOUNTS = {
    "Car loan": "Liabilities:Loans:Car-loan",
    "网贷 A (借呗)": "Liabilities:Loans:L-网贷-A-借呗",
    "网贷-A 借呗": "Liabilities:Loans:L-网贷-A-借呗-2",
    "💳 card\u200b": "Liabilities:Loans:Card",
    "zero": "Liabilities:Loans:Zero",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bean_check_passes_and_the_loader_balances_each_loan_as_debtplan(
    cli, book_file, tmp_path, lang
):
    pytest.importorskip("beancount")
    from beancount.core.data import Transaction

    text = cli("--lang", lang, "--today", TODAY.isoformat(), "export", "-f", "beancount").stdout
    entries = beancount_entries(text, tmp_path)
    today: dict[str, Decimal] = {}
    everything: dict[str, Decimal] = {}
    for entry in entries:
        if not isinstance(entry, Transaction):
            continue
        forecast = "forecast" in entry.tags
        assert forecast == (entry.flag == "#")
        for posting in entry.postings:
            if posting.account.startswith("Liabilities:"):
                everything[posting.account] = (
                    everything.get(posting.account, D(0)) + posting.units.number
                )
                if not forecast:
                    today[posting.account] = today.get(posting.account, D(0)) + posting.units.number
    owed = balances(cli)
    assert today == {BEAN_ACCOUNTS[name]: -owed[name] for name in owed}
    assert set(everything.values()) == {D(0)}


# ---------------------------------------------------------------------------------------
# --account-prefix


@needs_hledger
def test_accounts_can_be_renamed(cli, book_file, tmp_path):
    text = export(cli, "-f", "ledger", "--account-prefix", "loan=Liabilities:Credit Cards",
                  "--account-prefix", "BANK=Assets:Checking")  # fmt: skip
    assert "  Liabilities:Credit Cards:Car-loan  972.80 CNY\n" in text
    assert "  Assets:Checking  -1032.80 CNY\n" in text
    journal = tmp_path / "loans.journal"
    journal.write_text(text, encoding="utf-8")
    hledger(journal, "check", "--strict")


def test_renamed_beancount_accounts_pass_bean_check(cli, book_file, tmp_path):
    pytest.importorskip("beancount")
    text = export(cli, "-f", "beancount", "--account-prefix", "interest=Expenses:Loans:Interest",
                  "--account-prefix", "opening=Assets:Bank")  # fmt: skip
    assert "  Expenses:Loans:Interest:Car-loan  60.00 CNY\n" in text
    beancount_entries(text, tmp_path)


@pytest.mark.parametrize(
    ("fmt", "given", "says"),
    [
        ("ledger", "debts=Liabilities:Debts", "is not ROLE=ACCOUNT; the roles are loan,"),
        ("ledger", "Liabilities:Debts", "is not ROLE=ACCOUNT"),
        ("ledger", "loan=Liabilities::Debts", "is not a ledger account"),
        ("ledger", "loan=Liabilities:A  B", "is not a ledger account"),
        ("beancount", "loan=liabilities:Debts", "is not a beancount account"),
        ("beancount", "loan=Liabilities:网贷", "is not a beancount account"),
        ("beancount", "loan=Liabilities", "is not a beancount account"),
    ],
)
def test_a_bad_account_is_refused_clearly(cli, book_file, fmt, given, says):
    before = book_file.read_bytes()
    result = cli("export", "-f", fmt, "--account-prefix", given)
    assert result.exit_code == 1
    assert says in result.stderr
    assert result.stdout == ""
    assert book_file.read_bytes() == before


def test_account_prefix_is_for_the_journals(cli, book_file):
    result = cli("export", "-f", "csv", "--account-prefix", "loan=Liabilities:X")
    assert result.exit_code == 2
    assert "--account-prefix is for --format ledger or beancount" in result.stderr


def test_payments_after_today_are_left_out_and_said_so(cli, book_file):
    result = cli("--today", "2026-03-01", "export", "-f", "ledger")
    assert result.exit_code == 0
    assert "Note: 2 payment(s) of Car loan dated after 2026-03-01 are not in the journal." in (
        result.stderr
    )
    assert "2026-03-20" not in result.stdout
