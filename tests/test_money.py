"""Exact money and rates: what people type, what is refused, how it rounds."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.core.money import (
    MAX_AMOUNT,
    Rate,
    RateUnit,
    cents,
    money_str,
    parse_amount,
    parse_rate,
)
from debtplan.core.text import InputError

D = Decimal
FAST = settings(max_examples=150, deadline=None)


# --- cents: half-up, as bank calculators show ------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.005", "1.01"),  # half-up, not banker's rounding (which gives 1.00)
        ("1.015", "1.02"),
        ("1.025", "1.03"),  # banker's rounding would give 1.02
        ("1.0049999", "1.00"),
        ("6.663675", "6.66"),
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("888.48787", "888.49"),
        ("100", "100.00"),
    ],
)
def test_cents_rounds_half_up(value: str, expected: str) -> None:
    result = cents(D(value))
    assert result == D(expected)
    assert str(result) == expected


def test_money_str_has_exactly_two_decimals() -> None:
    assert money_str(D("5307.2")) == "5307.20"
    assert money_str(D("0")) == "0.00"
    assert money_str(D("1.005")) == "1.01"


# --- parse_amount ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", "1234.5"),
        ("1,234.50", "1234.50"),
        ("¥1234.5", "1234.5"),
        ("￥1,234.50", "1234.50"),
        ("$1,234.50", "1234.50"),
        ("€ 99", "99"),
        ("£0.99", "0.99"),
        ("CNY 1,000", "1000"),
        ("1000 USD", "1000"),
        ("1234.5元", "1234.5"),
        ("  42  ", "42"),
        ("1,000,000.01", "1000000.01"),
        ("0", "0"),
        (".5", "0.5"),
        ("1_000", "1000"),
    ],
)
def test_parse_amount_accepts_what_people_type(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert value == D(expected)
    assert isinstance(value, Decimal)


def test_parse_amount_keeps_the_exact_decimal() -> None:
    # Exact, never through a float: 0.1 + 0.2 is 0.3 to the last digit.
    assert parse_amount("0.10") + parse_amount("0.20") == D("0.30")
    assert parse_amount(D("1234.56")) == D("1234.56")
    assert parse_amount(7) == D(7)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "-1",
        "-0.01",
        "$-5",
        "1e5",
        "0x10",
        "1.234",  # three decimals: not cents
        "0.001",
        "1.2.3",
        "12 34",
        "--1",
        "1..2",
        "$",
        "¥",
        "1,234.567",
        "1.234,50",  # European style: refused, not silently 1.2345
        "12,50",  # European 12.50 must not become 1250
        "1,23",
        "1,2,3",
        "1,,000",
        ",5",
        "10000000000000",  # ten trillion: a typo
    ],
)
def test_parse_amount_rejects_junk(text: str) -> None:
    with pytest.raises(InputError):
        parse_amount(text)


@pytest.mark.parametrize(
    "value", [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), D("-1"), D("0.001"), -5]
)
def test_parse_amount_rejects_bad_numbers(value: Decimal | int) -> None:
    with pytest.raises(InputError):
        parse_amount(value)


def test_parse_amount_rejects_booleans() -> None:
    # bool is an int subclass: True must not become 1.00.
    with pytest.raises(InputError):
        parse_amount(True)  # type: ignore[arg-type]


def test_parse_amount_zero_when_not_allowed() -> None:
    assert parse_amount("0") == 0
    with pytest.raises(InputError, match="zero"):
        parse_amount("0.00", allow_zero=False)


def test_parse_amount_limit() -> None:
    assert parse_amount(str(MAX_AMOUNT)) == MAX_AMOUNT
    with pytest.raises(InputError, match="too large"):
        parse_amount(str(MAX_AMOUNT + D("0.01")))


def test_parse_amount_error_says_how_to_write_it() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount("twelve")
    assert "1234.50" in str(caught.value)
    assert caught.value.params["shown"] == "twelve"


@FAST
@given(st.integers(min_value=0, max_value=10**14))
def test_parse_amount_round_trips_any_cent_amount(cents_value: int) -> None:
    amount = D(cents_value) / 100
    assert parse_amount(f"{amount:.2f}") == amount
    assert parse_amount(f"{amount:,.2f}") == amount  # with thousands separators
    assert parse_amount(f"¥{amount:,.2f}") == amount


# --- parse_rate --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "percent", "unit"),
    [
        ("12%", "12", RateUnit.YEAR),
        ("12", "12", RateUnit.YEAR),
        ("12 %", "12", RateUnit.YEAR),
        ("12%/year", "12", RateUnit.YEAR),
        ("12% a year", "12", RateUnit.YEAR),
        ("12% p.a.", "12", RateUnit.YEAR),
        ("3.65%/年", "3.65", RateUnit.YEAR),
        ("1.5%/month", "1.5", RateUnit.MONTH),
        ("1.5% per month", "1.5", RateUnit.MONTH),
        ("0.75%/mo", "0.75", RateUnit.MONTH),
        ("0.75%/月", "0.75", RateUnit.MONTH),
        ("0.05%/day", "0.05", RateUnit.DAY),
        ("0.05％/日", "0.05", RateUnit.DAY),  # full-width percent sign
        ("0.05%/天", "0.05", RateUnit.DAY),
        ("0.05%/D", "0.05", RateUnit.DAY),
        ("0", "0", RateUnit.YEAR),
        (".5%", "0.5", RateUnit.YEAR),
    ],
)
def test_parse_rate_accepts_what_people_type(text: str, percent: str, unit: RateUnit) -> None:
    rate = parse_rate(text)
    assert rate == Rate(D(percent), unit)


def test_parse_rate_default_unit_for_a_bare_number() -> None:
    assert parse_rate("0.05", default_unit=RateUnit.DAY) == Rate(D("0.05"), RateUnit.DAY)
    assert parse_rate("0.75", default_unit=RateUnit.MONTH) == Rate(D("0.75"), RateUnit.MONTH)
    # A stated unit wins over the default.
    assert parse_rate("12%/year", default_unit=RateUnit.DAY) == Rate(D("12"), RateUnit.YEAR)
    assert parse_rate(D("18"), default_unit=RateUnit.MONTH) == Rate(D("18"), RateUnit.MONTH)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "%",
        "abc",
        "twelve%",
        "NaN",
        "nan%",
        "inf%",
        "-12%",
        "-0.05%/day",
        "12%/week",
        "12%/month/day",
        "12%%",
        "1e2%",
        "12 % x",
        "1001%",  # over 1000% a year
        "100%/month",  # 1200% a year
        "3%/day",  # 1080% a year even on 360 days
    ],
)
def test_parse_rate_rejects_junk(text: str) -> None:
    with pytest.raises(InputError):
        parse_rate(text)


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-1"), True])
def test_parse_rate_rejects_bad_numbers(value: Decimal | bool) -> None:
    with pytest.raises(InputError):
        parse_rate(value)  # type: ignore[arg-type]


def test_rate_units_convert_exactly() -> None:
    daily = Rate(D("0.05"), RateUnit.DAY)
    assert daily.daily_fraction() == D("0.0005")
    assert daily.annual_percent(365) == D("18.25")
    assert daily.annual_percent(360) == D("18.00")
    monthly = Rate(D("1.5"), RateUnit.MONTH)
    assert monthly.annual_percent() == D("18")
    assert monthly.daily_fraction(360) == D("0.0005")
    yearly = Rate(D("36"), RateUnit.YEAR)
    assert yearly.daily_fraction(360) == D("0.001")
    assert yearly.annual_percent(360) == D("36")


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (Rate(D("12.00")), "12%"),
        (Rate(D("1.5"), RateUnit.MONTH), "1.5%/month"),
        (Rate(D("0.050"), RateUnit.DAY), "0.05%/day"),
        (Rate(D("100")), "100%"),
    ],
)
def test_rate_str_parses_back(rate: Rate, text: str) -> None:
    assert str(rate) == text
    assert parse_rate(str(rate)) == rate


@FAST
@given(
    st.decimals(min_value=0, max_value=D("2.7"), places=4),
    st.sampled_from(list(RateUnit)),
)
def test_rate_str_round_trips(percent: Decimal, unit: RateUnit) -> None:
    rate = Rate(percent, unit)
    assert parse_rate(str(rate)) == rate


@pytest.mark.parametrize(
    ("typed", "percent_a_day"),
    [("万五", "0.05"), ("万分之五", "0.05"), ("日息万3", "0.03"), ("日利率万分之五", "0.05"),
     ("万2.5", "0.025"), ("万二点五", "0.025"), ("万十", "0.1"), ("万十二", "0.12"),
     ("万五/日", "0.05")],
)  # fmt: skip
def test_rates_in_parts_of_ten_thousand_a_day(typed: str, percent_a_day: str) -> None:
    """万五 is five parts in ten thousand a day: 5 / 10,000 = 0.05% a day, 18.25% a year
    on 365 days; it is shown and saved as typed."""
    from debtplan.core.money import RateUnit, parse_rate

    rate = parse_rate(typed)
    assert (rate.percent, rate.unit) == (Decimal(percent_a_day), RateUnit.DAY)
    assert str(rate) == typed
    assert rate == parse_rate(f"{percent_a_day}%/day")  # the same rate, however written


@pytest.mark.parametrize("typed", ["万", "万x", "万二十五", "千五"])
def test_what_is_not_a_rate_in_parts_of_ten_thousand(typed: str) -> None:
    from debtplan.core.money import parse_rate
    from debtplan.core.text import InputError

    with pytest.raises(InputError):
        parse_rate(typed)


def test_a_rate_typed_in_chinese_is_kept_as_typed_in_the_file(cli, loan_file) -> None:
    result = cli("add", "卡", "--method", "revolving", "--balance", "1000", "--rate", "万五",
                 "--start", "2026-10-01", "--min-payment", "10%", "--currency", "CNY")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert 'rate = "万五"' in loan_file.read_text(encoding="utf-8")
    shown = json.loads(cli("show", "卡", "--json").stdout)
    # 0.05% a day on the card's 360-day year (a cn loan): 18.00% a year.
    assert (shown["rate_as_stated"], shown["rate"]) == ("万五", "18.00")
    assert "万五" in cli("--lang", "zh", "show", "卡").stdout
