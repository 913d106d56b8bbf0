"""Field parsers: each takes what a person typed (str) or what TOML holds, and returns the
typed value or raises InputError. The CLI's options and the loan file share them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any

from debtplan.core.calendar import Frequency
from debtplan.core.model import Component, LenderType, Method, PenaltyBase, Prepay, PrepayFee
from debtplan.core.money import Rate, RateUnit, parse_amount, parse_rate
from debtplan.core.text import N_, InputError

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
MAX_TERM = 1200  # 100 years of monthly installments
MAX_TEXT = 2000  # a name, lender or note longer than this is a paste accident


class _Written:
    """A value from the file, shown in a message the way the file spells it (``12.5``,
    ``2026-01-31``, ``true``, ``[1, 2]``) rather than as Python's repr
    (``Decimal('12.5')``, ``datetime.date(2026, 1, 31)``, ``True``)."""

    LIMIT = 60  # a long list or table is cut short: the message only needs to point at it

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        text = _spelled(self.value)
        return text if len(text) <= self.LIMIT else text[: self.LIMIT - 1] + "…"

    __str__ = __repr__


def _spelled(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        if value.is_nan():
            return "nan"
        if value.is_infinite():
            return "-inf" if value < 0 else "inf"
        return str(value).lower()
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key} = {_spelled(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_spelled(item) for item in value) + "]"
    return str(value)


def _written(value: Any) -> Any:
    """``value`` for a ``{value!r}`` placeholder: text as it is, anything else spelled."""
    return value if isinstance(value, str) else _Written(value)


def parse_text(value: Any) -> str:
    """Free text: any Unicode, stored exactly; NUL bytes and absurd lengths refused."""
    if not isinstance(value, str):
        raise InputError(N_("expected text, got {value!r}"), value=_written(value))
    if "\x00" in value:
        raise InputError(N_("text cannot contain NUL characters"))
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            # A byte that was not UTF-8 in the command line (Python keeps it as a lone
            # surrogate): the file could not store it.
            raise InputError(
                N_(
                    "character {position} is a stray byte, not UTF-8 text; write it again as "
                    "UTF-8 (a UTF-8 terminal or file), or leave it out"
                ),
                position=error.start + 1,
            ) from None
    if len(value) > MAX_TEXT:
        raise InputError(N_("text is longer than {limit} characters"), limit=MAX_TEXT)
    return value


def parse_name(value: Any) -> str:
    """A loan's name: non-empty text; surrounding spaces are not part of it."""
    text = parse_text(value).strip()
    if not text:
        raise InputError(N_("a loan needs a name; give it one like 'car loan'"))
    return text


def parse_currency(value: Any) -> str:
    """An ISO 4217 code such as CNY or USD (letters are upper-cased)."""
    text = parse_text(value).strip().upper()
    if text in {"RMB", "¥", "元"}:
        return "CNY"
    if text == "$":
        return "USD"
    if not CURRENCY_RE.match(text):
        raise InputError(
            N_("{value!r} is not a currency code; use a code like CNY or USD"), value=value
        )
    return text


def parse_choice(kind: type[StrEnum], value: Any) -> Any:
    """One of the values of ``kind``, any case, ``_`` read as ``-``."""
    text = parse_text(value).strip().lower().replace("_", "-")
    try:
        return kind(text)
    except ValueError:
        choices = ", ".join(m.value for m in kind)
        raise InputError(
            N_("{value!r} is not one of: {choices}"), value=value, choices=choices
        ) from None


def parse_method(value: Any) -> Method:
    """One of the repayment methods (annuity, equal-principal, ...)."""
    return parse_choice(Method, value)  # type: ignore[no-any-return]


def parse_frequency(value: Any) -> Frequency:
    """monthly, biweekly or weekly."""
    return parse_choice(Frequency, value)  # type: ignore[no-any-return]


def parse_penalty_base(value: Any) -> PenaltyBase:
    """What penalty interest is charged on: overdue or principal."""
    return parse_choice(PenaltyBase, value)  # type: ignore[no-any-return]


def parse_prepay(value: Any) -> Prepay:
    """What an overpayment does: shorten (the term) or reduce (the installment)."""
    return parse_choice(Prepay, value)  # type: ignore[no-any-return]


def parse_date(value: Any) -> date:
    """An ISO date (2026-01-31), or a TOML date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError(
        N_("{value!r} is not a date; write it as YYYY-MM-DD, like 2026-01-31"),
        value=_written(value),
    )


def parse_dated_rate(value: Any) -> tuple[date, Rate]:
    """A rate from a date on, as typed: ``2027-06-01=4.2%``."""
    text = parse_text(value)
    when, sep, rate = text.partition("=")
    if not sep or not when.strip() or not rate.strip():
        raise InputError(
            N_("write a rate change as DATE=RATE, like 2027-06-01=4.2%; got {value!r}"), value=text
        )
    return parse_date(when), parse_any_rate(rate.strip())


def parse_datetime(value: Any) -> datetime:
    """An ISO date and time (2026-11-20T22:15 or '2026-11-20 22:15'), local time."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).replace(tzinfo=None)
        except ValueError:
            pass
    raise InputError(
        N_("{value!r} is not a date and time; write it like 2026-11-20T22:15"),
        value=_written(value),
    )


def parse_whole_number(value: Any, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (text, TOML integer or integral Decimal)."""
    if isinstance(value, bool):
        raise InputError(N_("expected a whole number, got {value!r}"), value=_written(value))
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        value = int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int):
        raise InputError(N_("expected a whole number, got {value!r}"), value=_written(value))
    if not low <= value <= high:
        raise InputError(
            N_("{value} is out of range; use a whole number from {low} to {high}"),
            value=value,
            low=low,
            high=high,
        )
    return value


def parse_term(value: Any) -> int:
    """Number of installments, 1 to 1200."""
    return parse_whole_number(value, 1, MAX_TERM)


def parse_due_day(value: Any) -> int:
    """Day of month installments fall due, 1-31 (clamped in shorter months)."""
    return parse_whole_number(value, 1, 31)


def parse_grace_days(value: Any) -> int:
    """Days after the due date a payment still counts as on time, 0-90."""
    return parse_whole_number(value, 0, 90)


def parse_day_count(value: Any) -> int:
    """Days in the year for daily interest: 360 (Chinese contracts) or 365."""
    number = parse_whole_number(value, 0, 1000)
    if number not in (360, 365):
        raise InputError(N_("{value!r} is not a day count; use 360 or 365"), value=value)
    return number


def parse_money(value: Any) -> Decimal:
    """An amount, 0 or more (see :func:`debtplan.core.money.parse_amount`)."""
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        return parse_amount(value)
    raise InputError(N_("expected an amount such as 1234.50, got {value!r}"), value=_written(value))


def parse_positive_money(value: Any) -> Decimal:
    """An amount above 0."""
    amount = parse_money(value)
    if amount == 0:
        raise InputError(N_("this amount must be more than 0"))
    return amount


def parse_any_rate(value: Any) -> Rate:
    """A rate: 12% (a year), 1.5%/month, 0.05%/day."""
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        return parse_rate(value)
    raise InputError(
        N_("expected a rate such as 12% or 0.05%/day, got {value!r}"), value=_written(value)
    )


def parse_monthly_rate(value: Any) -> Rate:
    """A flat loan's fee rate; a bare number means percent a month (0.75 -> 0.75%/month)."""
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        try:
            return parse_rate(value, default_unit=RateUnit.MONTH)
        except InputError as error:
            if error.msgid != _NOT_A_RATE:
                raise
    raise InputError(
        N_("{value!r} is not a fee rate; write it like 0.75%/month (or 月费率 0.75%)"),
        value=_written(value),
    )


_NOT_A_RATE = "{shown!r} is not a rate; write it like 12% (a year), 1.5%/month or 0.05%/day"


def parse_daily_rate(value: Any) -> Rate:
    """A penalty rate; a bare number means percent a day (0.05 -> 0.05%/day)."""
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        return parse_rate(value, default_unit=RateUnit.DAY)
    raise InputError(N_("expected a rate such as 0.05%/day, got {value!r}"), value=_written(value))


def parse_percent(value: Any) -> Decimal:
    """A plain percent (50 or 50%), 0 to 1000."""
    rate = parse_any_rate(value)
    if rate.unit is not RateUnit.YEAR:
        raise InputError(N_("{value!r} must be a plain percent such as 50%"), value=value)
    return rate.percent


def parse_min_rule(value: Any) -> tuple[Decimal | None, Decimal | None, Decimal | None, bool]:
    """A minimum-payment rule: ``200`` (fixed), ``5%`` (of the balance), ``5%,100`` (with a
    floor), ``1%+interest,35`` (percent of the balance plus the month's interest, US cards).

    Returns (fixed, percent, floor, plus_interest), the unused ones None.
    """
    if isinstance(value, str) and "%" in value:
        rule, _, floor_text = value.partition(",")
        percent_text, plus, extra = rule.partition("+")
        if plus and extra.strip().lower() not in ("interest", "利息"):
            raise InputError(N_("write a minimum like 200, 5%, 5%,100 or 1%+interest,35"))
        percent = parse_percent(percent_text)
        if not 0 < percent <= 100:
            raise InputError(N_("a minimum payment percent must be above 0 and at most 100"))
        floor = parse_money(floor_text) if floor_text.strip() else None
        return None, percent, floor, bool(plus)
    return parse_positive_money(value), None, None, False


def parse_prepay_fee(value: Any) -> PrepayFee:
    """A prepayment fee: ``3%`` of the principal prepaid, or a fixed amount such as ``200``."""
    if isinstance(value, str) and "%" in value:
        percent = parse_percent(value)
        if percent > 100:
            raise InputError(N_("a prepayment fee percent must be at most 100%"))
        return PrepayFee(percent, percent=True)
    return PrepayFee(parse_money(value), percent=False)


def parse_bool(value: Any) -> bool:
    """true/false, yes/no, 1/0."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1", "y", "on"}:
        return True
    if text in {"false", "no", "0", "n", "off"}:
        return False
    raise InputError(N_("{value!r} is not true or false"), value=_written(value))


def parse_jurisdiction(value: Any) -> str:
    """Whose collection rules apply: cn (China) or us (United States)."""
    text = parse_text(value).strip().lower()
    if text not in {"cn", "us"}:
        raise InputError(N_("{value!r} is not a jurisdiction; use cn or us"), value=value)
    return text


def parse_lender_type(value: Any) -> LenderType:
    """Who lent the money: bank, card, consumer-finance, online or private."""
    return parse_choice(LenderType, value)  # type: ignore[no-any-return]


def parse_allocation(value: Any) -> tuple[Component, ...]:
    """The order a payment is applied in: a list of fees, penalty, interest, principal."""
    if isinstance(value, str):
        value = [part for part in re.split(r"[,\s]+", value) if part]
    if not isinstance(value, list):
        raise InputError(N_("expected a list such as fees,penalty,interest,principal"))
    parts = tuple(parse_choice(Component, item) for item in value)
    if sorted(parts) != sorted(Component):
        raise InputError(
            N_("the order must name each of fees, penalty, interest, principal exactly once")
        )
    return parts
