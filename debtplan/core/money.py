"""Exact money and rates: parsing what people type, rounding to the cent.

Money is always :class:`decimal.Decimal`. Amounts are rounded half-up to the cent
(what bank calculators show) only where a contract would round them: each
period's interest, each installment. Rates are kept in the unit the contract
states them in (a year, a month or a day) so that nothing is lost converting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from debtplan.core.text import N_, InputError

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")

# Amounts above this are surely a typo (a trillion in any currency).
MAX_AMOUNT = Decimal("1000000000000")


def cents(value: Decimal) -> Decimal:
    """Round ``value`` half-up to two decimals: ``cents(Decimal("1.005")) == Decimal("1.01")``."""
    # Positional: the rounding as a keyword makes each call twice as slow (150 ns against
    # 66 ns), and a plan or a long ledger rounds millions of times.
    return value.quantize(CENT, ROUND_HALF_UP)


def money_str(value: Decimal) -> str:
    """The JSON form of an amount: a string with exactly two decimals ("5307.27")."""
    text = str(value)
    # Most amounts already carry two decimals (every cent the engine computes does):
    # their text is the answer, without a quantize (a plan's JSON holds millions).
    if len(text) > 3 and text[-3] == "." and "E" not in text:
        return text
    return str(cents(value))


def rate_str(percent: Decimal) -> str:
    """The JSON form of a rate: percent with two decimals ("16.22" means 16.22 %)."""
    return str(cents(percent))


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_CURRENCY_MARKS = re.compile(r"^(?:[A-Za-z]{3}\s*)?[¥￥$€£]?\s*|\s*(?:元|块|[A-Za-z]{3})$")


_MARKS = {"¥": "CNY", "￥": "CNY", "元": "CNY", "块": "CNY", "$": "USD", "€": "EUR", "£": "GBP"}


def currency_of(text: str) -> str | None:
    """The currency an amount as typed names, if any: "¥1,000" -> CNY, "USD 50" -> USD."""
    shown = text.strip()
    for mark, code in _MARKS.items():
        if mark in shown:
            return code
    match = re.fullmatch(r"([A-Za-z]{3})\s*[\d.,]+|[\d.,]+\s*([A-Za-z]{3})", shown)
    if match:
        return (match.group(1) or match.group(2)).upper()
    return None


def parse_amount(text: str | int | Decimal, *, allow_zero: bool = True) -> Decimal:
    """Parse an amount as people write it: ``1234.5``, ``1,234.50``, ``¥1234.50``, ``$1,234.50``.

    Returns an exact Decimal (not yet rounded). Raises :class:`InputError` for
    anything negative, not a number, not finite, with more than two decimals, or
    absurdly large.
    """
    if isinstance(text, bool):
        raise InputError(N_("expected an amount such as 1234.50, got {text!r}"), text=text)
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    else:
        shown = text.strip()
        cleaned = _CURRENCY_MARKS.sub("", shown).replace("_", "").strip()
        # A comma only separates thousands: "12,50" (European 12.50) must not become 1250.
        if "," in cleaned and not _THOUSANDS.fullmatch(cleaned):
            raise InputError(
                N_("{shown!r} is not an amount; write it like 1234.50 or 1,234.50"), shown=shown
            )
        cleaned = cleaned.replace(",", "")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
            raise InputError(
                N_("{shown!r} is not an amount; write it like 1234.50 or 1,234.50"), shown=shown
            )
        value = Decimal(cleaned)
    problem = _amount_problem(value, allow_zero)
    if problem is not None:
        # The text as given: an amount read from the file is shown as the file has it.
        raise InputError(problem, shown=text.strip() if isinstance(text, str) else str(text))
    return value


def _amount_problem(value: Decimal, allow_zero: bool) -> str | None:
    """What is wrong with ``value`` as an amount (a message id on ``{shown!r}``), or None."""
    if not value.is_finite():
        return N_("{shown!r} is not a finite amount; write it like 1234.50")
    if value < 0:
        return N_("{shown!r} is negative; amounts are written without a sign")
    if value == 0 and not allow_zero:
        return N_("{shown!r} is zero; this amount must be more than 0")
    if value > MAX_AMOUNT:
        return N_("{shown!r} is too large to be a real amount")
    if value != cents(value):
        return N_("{shown!r} has more than two decimals; amounts are in cents")
    return None


class RateUnit(StrEnum):
    """The period a rate is stated for."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_PERIODS_PER_YEAR = {RateUnit.YEAR: Decimal(1), RateUnit.MONTH: Decimal(12)}


@dataclass(frozen=True)
class Rate:
    """A percent rate for a stated period: ``Rate(Decimal("0.05"), RateUnit.DAY)`` is 0.05 %/day."""

    percent: Decimal
    unit: RateUnit = RateUnit.YEAR
    # The words the rate was written in when they were Chinese (万五, 0.05%/日): shown and
    # saved as written; the same rate either way (not compared).
    stated: str = field(default="", compare=False)

    def annual_percent(self, day_count: int = 365) -> Decimal:
        """The simple (nominal) yearly percent: month x 12, day x day_count."""
        if self.unit is RateUnit.DAY:
            return self.percent * day_count
        return self.percent * _PERIODS_PER_YEAR[self.unit]

    def daily_fraction(self, day_count: int = 365) -> Decimal:
        """The rate for one day as a fraction: 0.05 %/day -> 0.0005; 36 %/year, 360 -> 0.001."""
        if self.unit is RateUnit.DAY:
            return self.percent / HUNDRED
        return self.annual_percent(day_count) / HUNDRED / day_count

    def __str__(self) -> str:
        if self.stated:
            return self.stated
        number = format(self.percent.normalize(), "f")
        return f"{number}%" if self.unit is RateUnit.YEAR else f"{number}%/{self.unit.value}"


_RATE_RE = re.compile(
    r"^(?P<num>[+-]?(\d+(\.\d*)?|\.\d+))\s*%?\s*"
    r"(?:(?:/|per\s+|a\s+)?\s*(?P<unit>y|yr|year|a|annual|pa|p\.a\.|m|mo|month|d|day|"
    r"年|月|日|天))?$",
    re.IGNORECASE,
)
# A rate as Chinese contracts and apps state it: "月费率 0.75%", "年化利率：7.2%",
# "日息 0.05%": the word before the number names its period.
_CN_PERIOD_RE = re.compile(
    r"^(?P<period>年化|年|月|日)(?:费率|利率|息|率)?\s*[:：]?\s*(?P<rest>.+)$"
)
_CN_PERIODS = {"年化": RateUnit.YEAR, "年": RateUnit.YEAR, "月": RateUnit.MONTH, "日": RateUnit.DAY}


def _stated_period(text: str) -> tuple[RateUnit | None, str]:
    """The period a leading Chinese word names ("月费率 0.75%" -> month) and the rest."""
    found = _CN_PERIOD_RE.match(text)
    if found is None:
        return None, text
    return _CN_PERIODS[found["period"]], found["rest"]


_UNIT_WORDS = {
    "y": RateUnit.YEAR, "yr": RateUnit.YEAR, "year": RateUnit.YEAR, "a": RateUnit.YEAR,
    "annual": RateUnit.YEAR, "pa": RateUnit.YEAR, "p.a.": RateUnit.YEAR, "年": RateUnit.YEAR,
    "m": RateUnit.MONTH, "mo": RateUnit.MONTH, "month": RateUnit.MONTH, "月": RateUnit.MONTH,
    "d": RateUnit.DAY, "day": RateUnit.DAY, "日": RateUnit.DAY, "天": RateUnit.DAY,
}  # fmt: skip


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_WAN_RE = re.compile(
    r"^(?:日息|日利率|每日|每天|日)?\s*万(?:分之)?\s*(?P<num>\S+?)\s*(?:/日|/天)?$"
)


def _per_ten_thousand_a_day(text: str) -> Decimal | None:
    """万五, 万分之五, 日息万3, 万2.5, 万二点五: so many parts in ten thousand a day, as a
    percent a day (万五 = 0.05%/day, as Chinese lenders and borrowers say it); None when
    ``text`` is not in that form."""
    match = _WAN_RE.match(text)
    if match is None:
        return None
    number = match["num"]
    if re.fullmatch(r"\d+(\.\d+)?", number):
        parts = Decimal(number)
    else:
        whole, _, tenths = number.partition("点")
        if whole == "十":
            value = 10
        elif len(whole) == 2 and whole[0] == "十" and whole[1] in _DIGITS:
            value = 10 + _DIGITS[whole[1]]
        elif len(whole) == 1 and whole in _DIGITS:
            value = _DIGITS[whole]
        else:
            return None
        if tenths and not all(ch in _DIGITS for ch in tenths):
            return None
        fraction = "".join(str(_DIGITS[ch]) for ch in tenths)
        parts = Decimal(f"{value}.{fraction}" if fraction else value)
    return parts / 100


def parse_rate(text: str | int | Decimal, *, default_unit: RateUnit = RateUnit.YEAR) -> Rate:
    """Parse a rate: ``12%`` or ``12`` (a year), ``1.5%/month``, ``0.05%/day``.

    Raises :class:`InputError` for a negative, non-finite or absurd rate (over
    1000 % a year).
    """
    if isinstance(text, bool):
        raise InputError(N_("expected a rate such as 12% or 0.05%/day, got {text!r}"), text=text)
    if isinstance(text, int | Decimal):
        percent, unit, shown = Decimal(text), default_unit, str(text)
    else:
        shown = text.strip()
        wan = _per_ten_thousand_a_day(shown)
        if wan is not None:
            return replace(parse_rate(f"{wan}%/day"), stated=shown)
        stated, body = _stated_period(shown.replace("％", "%"))
        match = _RATE_RE.match(body)
        if not match:
            raise InputError(
                N_("{shown!r} is not a rate; write it like 12% (a year), 1.5%/month or 0.05%/day"),
                shown=shown,
            )
        percent = Decimal(match["num"])
        unit = _UNIT_WORDS[match["unit"].lower()] if match["unit"] else stated or default_unit
        if match["unit"] and stated and unit is not stated:
            raise InputError(N_("{shown!r} names two periods; write it like 0.75%/month"),
                             shown=shown)  # fmt: skip
    if not percent.is_finite():
        raise InputError(N_("{shown!r} is not a finite rate"), shown=shown)
    if percent < 0:
        raise InputError(N_("{shown!r} is negative; rates are 0 or more"), shown=shown)
    written_in_chinese = isinstance(text, str) and any("\u4e00" <= ch <= "\u9fff" for ch in shown)
    rate = Rate(percent, unit, shown if written_in_chinese else "")
    if rate.annual_percent(360) > 1000:
        raise InputError(
            N_("{shown!r} is over 1000% a year; check the unit (%/day, %/month, %)"), shown=shown
        )
    return rate
