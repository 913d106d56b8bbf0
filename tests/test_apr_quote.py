"""`debtplan apr`: the real APR of a loan from its terms alone, checked against
numpy-financial's IRR of the same flows, and the command's output and errors."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.core.model import LenderType
from debtplan.core.money import Rate, RateUnit, cents
from debtplan.core.quote import quoted_cost
from debtplan.core.text import InputError

D = Decimal
ON = date(2026, 11, 28)
MONTHLY_FEE = Rate(D("0.75"), RateUnit.MONTH)


def oracle(received: float, payments: list[float]) -> float:
    """numpy-financial's rate a period of the same flows (floats only here, in the test)."""
    return float(npf.irr([received, *(-p for p in payments)]))


def test_the_worked_check_10000_repaid_908_33_x_12():
    """npf.irr([10000, -908.33 x 12]) = r = 0.0135131...: nominal 12r = 16.22 %,
    effective (1 + r) ** 12 - 1 = 17.48 %; a bank's loan in China is under 24 %."""
    quote = quoted_cost(principal=D(10000), installment=D("908.33"), term=12, on=ON)
    r = oracle(10000, [908.33] * 12)
    assert abs(float(quote.cost.nominal_apr) - r * 12 * 100) < 1e-7
    assert abs(float(quote.cost.effective_apr) - ((1 + r) ** 12 - 1) * 100) < 1e-7
    assert cents(quote.cost.nominal_apr) == D("16.22")
    assert cents(quote.cost.effective_apr) == D("17.48")
    assert quote.cost.flags == ()
    assert quote.advertised is None
    assert quote.lender is LenderType.BANK


def test_a_monthly_fee_with_a_fee_taken_up_front():
    """0.75 %/month on 10,000 is 75.00 a month; the principal in 12 is 833.33 x 11 and
    833.37, so the installments are 908.33 x 11 and 908.37. 300 taken up front: 9,700
    received. Advertised 0.75 x 12 = 9 % a year; a consumer-finance loan (a flat fee)."""
    quote = quoted_cost(principal=D(10000), fee_rate=MONTHLY_FEE, upfront_fee=D(300),
                        term=12, on=ON)  # fmt: skip
    assert quote.payments == (D("908.33"),) * 11 + (D("908.37"),)
    assert quote.received == D(9700)
    assert quote.advertised == D(9)
    assert quote.lender is LenderType.CONSUMER_FINANCE
    r = oracle(9700, [908.33] * 11 + [908.37])
    assert abs(float(quote.cost.nominal_apr) - r * 1200) < 1e-7
    assert cents(quote.cost.nominal_apr) == D("22.10")
    assert quote.cost.total_fees == D(300)


def test_borrow_x_repay_y_for_a_private_loan_is_above_4x_the_lpr():
    """13,000 in 12: 1,083.33 x 11 + 1,083.37. The LPR in force on 2026-11-28 is the
    2025-05-20 fixing, 3.0 %: the court cap is 12 %, and about 51 % is above it."""
    quote = quoted_cost(principal=D(10000), total=D(13000), term=12, on=ON,
                        lender=LenderType.PRIVATE)  # fmt: skip
    assert quote.payments == (D("1083.33"),) * 11 + (D("1083.37"),)
    r = oracle(10000, [1083.33] * 11 + [1083.37])
    assert abs(float(quote.cost.nominal_apr) - r * 1200) < 1e-7
    assert quote.cost.flags == ("above_4x_lpr",)
    assert quote.cost.lpr is not None and quote.cost.lpr.percent == D("3.00")


def test_weekly_installments_annualize_by_52():
    """1,000 repaid 90 a week for 12 weeks: nominal = r x 52, effective (1 + r) ** 52 - 1,
    far above 36 %."""
    quote = quoted_cost(principal=D(1000), installment=D(90), term=12, periods_per_year=52,
                        on=ON)  # fmt: skip
    r = oracle(1000, [90] * 12)
    assert abs(float(quote.cost.nominal_apr) - r * 5200) < 1e-6
    assert abs(float(quote.cost.effective_apr) - ((1 + r) ** 52 - 1) * 100) < 1e-6
    assert quote.cost.flags == ("above_24", "above_36")


def test_a_us_loan_has_no_legal_line():
    quote = quoted_cost(principal=D(1000), installment=D(90), term=12, periods_per_year=52,
                        on=ON, jurisdiction="us")  # fmt: skip
    assert quote.cost.lines == () and quote.cost.flags == ()


@settings(max_examples=40, deadline=None)
@given(
    principal=st.integers(1000, 100000),
    term=st.integers(2, 36),
    markup=st.integers(0, 60),  # the total repaid is principal x (1 + markup %)
)
def test_any_total_matches_the_oracle(principal, term, markup):
    total = cents(D(principal) * (100 + markup) / 100)
    quote = quoted_cost(principal=D(principal), total=total, term=term, on=ON)
    assert sum(quote.payments) == total
    r = oracle(principal, [float(p) for p in quote.payments])
    assert abs(float(quote.cost.nominal_apr) - r * 1200) < 1e-6


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"installment": D(100), "total": D(1200)}, "not both"),
        ({}, "say what is repaid"),
        ({"installment": D(100), "upfront_fee": D(20000)}, "nothing would be lent"),
        ({"installment": D(100), "principal": D(0)}, "must be more than 0"),
    ],
)
def test_bad_terms_say_what_is_wrong(kwargs, words):
    arguments = {"principal": D(10000), "term": 12, "on": ON, **kwargs}
    with pytest.raises(InputError, match=words):
        quoted_cost(**arguments)


def test_the_command_needs_no_loan_file(cli, loan_file: Path):
    """The loan file (named by DEBTPLAN_FILE) does not exist, then is garbage: apr works."""
    args = ("apr", "--principal", "10000", "--installment", "908.33", "--term", "12")
    for _ in range(2):
        result = cli(*args)
        assert result.exit_code == 0, result.output + result.stderr
        assert "Real APR (nominal): 16.22% a year" in result.stdout
        assert "Real APR (effective): 17.48% a year" in result.stdout
        loan_file.write_text("this is [not toml", encoding="utf-8")
    assert loan_file.read_text(encoding="utf-8") == "this is [not toml"


def test_the_command_compares_with_the_advertised_rate(cli):
    """0.75 %/month advertised, 908.33 x 12 on 10,000: 9 % a year; 16.22 / 9 = 1.80."""
    result = cli("apr", "--principal", "10000", "--installment", "908.33", "--term", "12",
                 "--advertised", "0.75%/month")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Advertised: 0.75%/month, which is 9.00% a year" in result.stdout
    assert "The real cost is 1.80 times the advertised rate." in result.stdout


def test_the_command_json(cli):
    result = cli("apr", "--principal", "10000", "--fee-rate", "0.75%/month", "--term", "12",
                 "--upfront-fee", "300", "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["installment"] == "908.33" and doc["last_installment"] == "908.37"
    assert doc["received"] == "9700.00" and doc["total_repaid"] == "10900.00"
    assert doc["nominal_apr"] == "22.10" and doc["advertised_apr"] == "9.00"
    assert doc["advertised_as_stated"] == "0.75%/month"
    assert doc["lender_type"] == "consumer-finance" and doc["flags"] == []


def test_the_command_in_chinese_flags_a_cash_loan(cli):
    result = cli("--lang", "zh", "apr", "--principal", "1000", "--installment", "90",
                 "--term", "12", "--frequency", "weekly")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "名义" in result.stdout and "36%" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--installment", "abc"], "--installment: 'abc' is not an amount"),
        (["--installment", "100", "--total", "1200"], "either --installment or --total"),
        ([], "pass --installment AMOUNT, --total AMOUNT or --fee-rate RATE"),
        (["--installment", "100", "--advertised", "cheap"], "--advertised: 'cheap' is not a rate"),
        (["--installment", "100", "--jurisdiction", "uk"], "--jurisdiction: 'uk'"),
    ],
)
def test_the_command_refuses_bad_input(cli, args, words):
    result = cli("apr", "--principal", "10000", "--term", "12", *args)
    assert result.exit_code == 1
    assert words in result.stderr
    assert "Traceback" not in result.stderr
