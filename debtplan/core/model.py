"""The loan book: validated, immutable loans, and the mapping to and from the file.

Every loan is validated field by field on every load and every edit. Validation
collects *all* problems (beancount-style) so that ``debtplan check`` can list them
at once; each :class:`Problem` says which loan, which field, what is wrong and how
to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any

from debtplan.core.calendar import Frequency, default_first_due
from debtplan.core.money import ZERO, Rate, RateUnit, parse_amount, parse_rate
from debtplan.core.text import N_, InputError


class Method(StrEnum):
    """Repayment method (docs/conventions.md#repayment-methods)."""

    ANNUITY = "annuity"  # 等额本息
    EQUAL_PRINCIPAL = "equal-principal"  # 等额本金
    INTEREST_ONLY = "interest-only"  # 先息后本
    LUMP_SUM = "lump-sum"  # 到期一次还本付息
    FLAT = "flat"  # 等本等息 / 月费率
    REVOLVING = "revolving"  # 信用卡


class PenaltyBase(StrEnum):
    """What penalty interest is charged on."""

    OVERDUE = "overdue"  # the whole overdue amount (online and consumer lenders)
    PRINCIPAL = "principal"  # overdue principal only (banks)


class Prepay(StrEnum):
    """What an overpayment does to the rest of the schedule."""

    SHORTEN = "shorten"  # installment stays, term shortens
    REDUCE = "reduce"  # term stays, installment falls


class Component(StrEnum):
    """Parts of what is owed, in the order a payment may be applied to them."""

    FEES = "fees"
    PENALTY = "penalty"
    INTEREST = "interest"
    PRINCIPAL = "principal"


# Civil Code Art. 561: expenses, then interest (penalty interest included), then principal.
DEFAULT_ALLOCATION: tuple[Component, ...] = (
    Component.FEES,
    Component.PENALTY,
    Component.INTEREST,
    Component.PRINCIPAL,
)

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
MAX_TERM = 1200  # 100 years of monthly installments
MAX_TEXT = 2000  # a name, lender or note longer than this is a paste accident


def name_key(name: str) -> str:
    """A name for comparison: case folded, and "é" typed as one character or as "e" plus
    an accent counts as the same (Unicode canonical caseless matching)."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name.strip()).casefold())


@dataclass(frozen=True)
class Payment:
    """Money the borrower paid on a loan, on a date."""

    on: date
    amount: Decimal
    note: str = ""
    prepay: Prepay = Prepay.SHORTEN


@dataclass(frozen=True)
class ContactRecord:
    """A collector's contact as logged by the borrower (local time)."""

    at: datetime
    channel: str
    note: str = ""


@dataclass(frozen=True)
class RateChange:
    """From ``starts`` on, the loan's contract rate is ``rate`` (promotions, resets)."""

    starts: date
    rate: Rate


@dataclass(frozen=True)
class Loan:
    """One loan as the contract states it, with what has been paid on it."""

    name: str
    currency: str
    method: Method
    principal: Decimal  # for revolving: the balance on ``start``
    rate: Rate
    start: date
    term: int = 0  # number of installments; 0 for revolving
    frequency: Frequency = Frequency.MONTHLY
    lender: str = ""
    first_due: date | None = None
    due_day: int | None = None
    grace_days: int = 0
    penalty_rate: Rate | None = None  # e.g. 0.05 %/day on the overdue amount
    penalty_markup: Decimal | None = None  # percent over the contract rate, e.g. 50
    penalty_base: PenaltyBase | None = (
        None  # None: overdue amount for a daily rate, principal for a markup
    )
    penalty_compound: bool = False  # 复利: penalty rate also on overdue interest
    late_fee: Decimal = ZERO  # per missed installment
    upfront_fee: Decimal = ZERO  # taken from the money lent
    fee_rate: Rate | None = None  # flat loans: monthly fee on the ORIGINAL principal
    min_payment: Decimal | None = None  # revolving: fixed minimum
    min_percent: Decimal | None = None  # revolving: percent of the balance ...
    min_floor: Decimal = ZERO  # ... with this floor
    min_plus_interest: bool = False  # revolving: percent of the balance plus the interest (US)
    day_count: int = 365
    allocation: tuple[Component, ...] = DEFAULT_ALLOCATION
    jurisdiction: str = "cn"
    note: str = ""
    payments: tuple[Payment, ...] = ()
    contacts: tuple[ContactRecord, ...] = ()
    rate_changes: tuple[RateChange, ...] = ()

    @property
    def key(self) -> str:
        """Names are unique case-insensitively; this is the comparison key."""
        return name_key(self.name)

    @property
    def due_anchor_day(self) -> int:
        """The day of month monthly installments fall on (clamped in short months)."""
        if self.due_day is not None:
            return self.due_day
        if self.first_due is not None:
            return self.first_due.day
        return self.start.day

    @property
    def first_due_date(self) -> date:
        """The contract's first due date, or one period after disbursement."""
        if self.first_due is not None:
            return self.first_due
        return default_first_due(self.start, self.frequency, self.due_day)

    @property
    def amount_received(self) -> Decimal:
        """Money actually in the borrower's hands: principal minus fees taken up front."""
        return self.principal - self.upfront_fee


@dataclass(frozen=True)
class Settings:
    """Book-wide settings stored in the file's ``[settings]`` table."""

    budget: Mapping[str, Decimal] = field(default_factory=dict)  # monthly, per currency
    lpr_percent: Decimal = Decimal("3.0")  # one-year LPR; 4x is the court cap
    history: int = 10  # versions of the file kept for `undo`
    remind_days: int = 3  # calendar reminders, days before a due date


@dataclass(frozen=True)
class Book:
    """All the user's loans and settings."""

    loans: tuple[Loan, ...] = ()
    settings: Settings = field(default_factory=Settings)

    def find(self, name: str) -> Loan | None:
        """The loan named ``name`` (case-insensitive), or None."""
        key = name_key(name)
        return next((loan for loan in self.loans if loan.key == key), None)

    def replace_loan(self, old: Loan, new: Loan) -> Book:
        return replace(self, loans=tuple(new if x is old else x for x in self.loans))


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the book: where, what, and how to fix it (as message ids)."""

    loan: str  # the loan's name, or "loans[3]" when it has none
    field: str
    error: InputError

    def __str__(self) -> str:
        return f"{self.loan}: {self.field}: {self.error}"


class BookError(InputError):
    """The book holds problems; ``problems`` lists every one."""

    def __init__(
        self, problems: Sequence[Problem], msgid: str = N_("the loan file has {count} problem(s)")
    ) -> None:
        self.problems = tuple(problems)
        super().__init__(msgid, count=len(self.problems))


# ---------------------------------------------------------------------------------------
# Field parsers: each takes what a person typed (str) or what TOML holds, and returns the
# typed value or raises InputError. The CLI's options and the file share them.


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


def _parse_enum(kind: type[StrEnum], value: Any) -> Any:
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
    return _parse_enum(Method, value)  # type: ignore[no-any-return]


def parse_frequency(value: Any) -> Frequency:
    """monthly, biweekly or weekly."""
    return _parse_enum(Frequency, value)  # type: ignore[no-any-return]


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


def _parse_int(value: Any, low: int, high: int) -> int:
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
    return _parse_int(value, 1, MAX_TERM)


def parse_due_day(value: Any) -> int:
    """Day of month installments fall due, 1-31 (clamped in shorter months)."""
    return _parse_int(value, 1, 31)


def parse_grace_days(value: Any) -> int:
    """Days after the due date a payment still counts as on time, 0-90."""
    return _parse_int(value, 0, 90)


def parse_day_count(value: Any) -> int:
    """Days in the year for daily interest: 360 (Chinese contracts) or 365."""
    number = _parse_int(value, 0, 1000)
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
        return parse_rate(value, default_unit=RateUnit.MONTH)
    raise InputError(
        N_("expected a rate such as 0.75%/month, got {value!r}"), value=_written(value)
    )


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


def parse_allocation(value: Any) -> tuple[Component, ...]:
    """The order a payment is applied in: a list of fees, penalty, interest, principal."""
    if isinstance(value, str):
        value = [part for part in re.split(r"[,\s]+", value) if part]
    if not isinstance(value, list):
        raise InputError(N_("expected a list such as fees,penalty,interest,principal"))
    parts = tuple(_parse_enum(Component, item) for item in value)
    if sorted(parts) != sorted(Component):
        raise InputError(
            N_("the order must name each of fees, penalty, interest, principal exactly once")
        )
    return parts


# ---------------------------------------------------------------------------------------
# The loan table: one row per field of a [[loans]] table.


@dataclass(frozen=True)
class FieldSpec:
    """How one field of a loan is read from the file (and from add/edit options)."""

    key: str  # TOML key; the CLI option is --key with dashes
    parse: Callable[[Any], Any]


LOAN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", parse_name),
    FieldSpec("lender", parse_text),
    FieldSpec("currency", parse_currency),
    FieldSpec("method", parse_method),
    FieldSpec("principal", parse_positive_money),
    FieldSpec("balance", parse_money),
    FieldSpec("rate", parse_any_rate),
    FieldSpec("term", parse_term),
    FieldSpec("frequency", parse_frequency),
    FieldSpec("start", parse_date),
    FieldSpec("first_due", parse_date),
    FieldSpec("due_day", parse_due_day),
    FieldSpec("grace_days", parse_grace_days),
    FieldSpec("penalty_rate", parse_daily_rate),
    FieldSpec("penalty_markup", parse_percent),
    FieldSpec("penalty_base", lambda v: _parse_enum(PenaltyBase, v)),
    FieldSpec("penalty_compound", parse_bool),
    FieldSpec("late_fee", parse_money),
    FieldSpec("upfront_fee", parse_money),
    FieldSpec("fee_rate", parse_monthly_rate),
    FieldSpec("min_payment", parse_min_rule),
    FieldSpec("min_floor", parse_money),
    FieldSpec("day_count", parse_day_count),
    FieldSpec("allocation", parse_allocation),
    FieldSpec("jurisdiction", parse_jurisdiction),
    FieldSpec("note", parse_text),
)
FIELD_KEYS = frozenset(spec.key for spec in LOAN_FIELDS) | {"payments", "contacts", "rate_changes"}


def _label(raw: Mapping[str, Any], index: int) -> str:
    name = raw.get("name")
    return name.strip() if isinstance(name, str) and name.strip() else f"loans[{index + 1}]"


def loan_from_dict(raw: Any, index: int = 0) -> tuple[Loan | None, list[Problem]]:
    """Validate one ``[[loans]]`` table; return the loan (None if invalid) and every problem."""
    if not isinstance(raw, Mapping):
        error = InputError(N_("each [[loans]] entry must be a table of fields"))
        return None, [Problem(f"loans[{index + 1}]", "-", error)]
    label = _label(raw, index)
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def fail(key: str, error: InputError) -> None:
        problems.append(Problem(label, key, error))

    for key in raw:
        if key not in FIELD_KEYS:
            fail(key, InputError(N_("unknown field {key!r}; check its spelling"), key=key))
    for spec in LOAN_FIELDS:
        if spec.key in raw:
            try:
                values[spec.key] = spec.parse(raw[spec.key])
            except InputError as error:
                fail(spec.key, error)

    for key in ("name", "currency", "method", "rate", "start"):
        if key not in raw:
            fail(key, InputError(N_("this field is required")))

    method = values.get("method")
    if method is Method.REVOLVING:
        if "balance" not in raw and "principal" not in raw:
            fail("balance", InputError(N_("a revolving loan needs its balance (--balance)")))
        if "min_payment" not in raw:
            fail(
                "min_payment",
                InputError(N_("a revolving loan needs a minimum payment, such as 200 or 5%,100")),
            )
    elif method is not None:
        if "principal" not in raw:
            fail("principal", InputError(N_("this field is required")))
        if "term" not in raw:
            fail("term", InputError(N_("this field is required (number of installments)")))
        if "balance" in raw:
            fail("balance", InputError(N_("only revolving loans have a balance; use principal")))
    if method is Method.FLAT and "fee_rate" not in raw:
        fail("fee_rate", InputError(N_("a flat loan needs its monthly fee rate (--fee-rate)")))
    if method is not Method.FLAT and "fee_rate" in raw and method is not None:
        fail("fee_rate", InputError(N_("only flat loans have a fee rate; use --rate")))
    if "penalty_rate" in values and "penalty_markup" in values:
        fail(
            "penalty_markup",
            InputError(N_("give either a penalty rate or a penalty markup, not both")),
        )
    start, first_due = values.get("start"), values.get("first_due")
    if start and first_due and first_due <= start:
        fail("first_due", InputError(N_("the first due date must come after the start date")))
    principal = values.get("principal", values.get("balance"))
    fee = values.get("upfront_fee")
    if principal is not None and fee is not None and fee >= principal:
        fail("upfront_fee", InputError(N_("the up-front fee must be less than the principal")))

    payments: list[Payment] = []
    contacts: list[ContactRecord] = []
    rate_changes: list[RateChange] = []
    lists: tuple[tuple[str, list[Any], Callable[[Any], Any]], ...] = (
        ("payments", payments, _payment_from_dict),
        ("contacts", contacts, _contact_from_dict),
        ("rate_changes", rate_changes, _rate_change_from_dict),
    )
    for key, target, parse in lists:
        items = raw.get(key, [])
        if not isinstance(items, list):
            fail(key, InputError(N_("expected a list of [[loans.{key}]] tables"), key=key))
            continue
        for number, item in enumerate(items, start=1):
            try:
                target.append(parse(item))
            except InputError as error:
                fail(f"{key}[{number}]", error)

    rule = values.get("min_payment")
    if method is Method.REVOLVING and rule and principal:
        # The minimum must cover a month's interest at the rate now and at every rate the
        # card changes to, or the balance never falls and no schedule exists.
        rates = [values["rate"]] if "rate" in values else []
        rates += [change.rate for change in rate_changes]
        for rate in rates:
            if _minimum_never_covers(values, rule, principal, rate):
                fail("min_payment", InputError(
                    N_("this minimum never covers the month's interest at {rate}, so the "
                       "balance would never fall; use the card's real rule, e.g. "
                       "1%+interest,35 or 3%,50"), rate=str(rate)))  # fmt: skip
                break
    if problems:
        return None, problems
    fixed, percent, floor, plus_interest = values.pop("min_payment", (None, None, None, False))
    stated_floor = values.pop("min_floor", ZERO)
    if "balance" in values:
        values["principal"] = values.pop("balance")
    values.setdefault("jurisdiction", "us" if values["currency"] == "USD" else "cn")
    loan = Loan(
        **values,
        min_payment=fixed,
        min_percent=percent,
        min_floor=floor if floor is not None else stated_floor,
        min_plus_interest=plus_interest,
        payments=tuple(sorted(payments, key=lambda p: p.on)),
        contacts=tuple(sorted(contacts, key=lambda c: c.at)),
        rate_changes=tuple(sorted(rate_changes, key=lambda r: r.starts)),
    )
    return loan, []


def _minimum_never_covers(
    values: Mapping[str, Any], rule: tuple[Any, ...], principal: Decimal, rate: Rate
) -> bool:
    """Whether a card's minimum rule pays no more than a month's interest on ``principal``."""
    interest = principal * rate.annual_percent(values.get("day_count", 365)) / 1200
    fixed, percent, floor, plus_interest = rule
    minimum = max(fixed or ZERO, floor or values.get("min_floor", ZERO),
                  (principal + interest) * (percent or ZERO) / 100
                  + (interest if plus_interest else ZERO))  # fmt: skip
    return bool(0 < minimum <= interest and minimum < principal + interest)


def _table(item: Any, keys: Sequence[str]) -> Mapping[str, Any]:
    """``item`` as a table holding only ``keys``: a misspelt key would be dropped by the
    next save, so it is a problem, as in a loan's own table."""
    if not isinstance(item, Mapping):
        raise InputError(N_("expected a table of fields"))
    for key in item:
        if key not in keys:
            raise InputError(N_("unknown field {key!r}; check its spelling"), key=key)
    return item


def _payment_from_dict(item: Any) -> Payment:
    table = _table(item, ("date", "amount", "note", "prepay"))
    if "date" not in table or "amount" not in table:
        raise InputError(N_("a payment needs a date and an amount"))
    return Payment(  # most payments are a date and an amount: the defaults need no parsing
        on=parse_date(table["date"]),
        amount=parse_positive_money(table["amount"]),
        note=parse_text(table["note"]) if "note" in table else "",
        prepay=_parse_enum(Prepay, table["prepay"]) if "prepay" in table else Prepay.SHORTEN,
    )


def _contact_from_dict(item: Any) -> ContactRecord:
    table = _table(item, ("at", "channel", "note"))
    if "at" not in table or "channel" not in table:
        raise InputError(N_("a contact needs a time (at) and a channel"))
    channel = parse_text(table["channel"]).strip().lower()
    if channel not in CHANNELS:
        raise InputError(
            N_("{value!r} is not one of: {choices}"), value=channel, choices=", ".join(CHANNELS)
        )
    return ContactRecord(parse_datetime(table["at"]), channel, parse_text(table.get("note", "")))


CHANNELS = ("call", "sms", "visit", "social", "third-party")


def _rate_change_from_dict(item: Any) -> RateChange:
    table = _table(item, ("from", "rate"))
    if "from" not in table or "rate" not in table:
        raise InputError(N_("a rate change needs a date (from) and a rate"))
    return RateChange(parse_date(table["from"]), parse_any_rate(table["rate"]))


def settings_from_dict(raw: Any) -> tuple[Settings, list[Problem]]:
    """Validate the ``[settings]`` table."""
    if raw is None:
        return Settings(), []
    problems: list[Problem] = []
    if not isinstance(raw, Mapping):
        return Settings(), [Problem("settings", "-", InputError(N_("expected a table of fields")))]
    values: dict[str, Any] = {}
    parsers: dict[str, Callable[[Any], Any]] = {
        "lpr": parse_percent,
        "history": lambda v: _parse_int(v, 0, 1000),
        "remind_days": lambda v: _parse_int(v, 0, 60),
    }
    for key, value in raw.items():
        try:
            if key == "budget":
                if not isinstance(value, Mapping):
                    raise InputError(
                        N_("write the budget per currency, like budget = {{CNY = 3000}}")
                    )
                values["budget"] = {
                    parse_currency(c): parse_positive_money(a) for c, a in value.items()
                }
            elif key in parsers:
                values["lpr_percent" if key == "lpr" else key] = parsers[key](value)
            else:
                raise InputError(N_("unknown field {key!r}; check its spelling"), key=key)
        except InputError as error:
            problems.append(Problem("settings", key, error))
    return Settings(**values), problems


def book_from_document(doc: Mapping[str, Any]) -> tuple[Book, list[Problem]]:
    """Validate a whole document; the book holds only the valid loans, problems all the rest."""
    problems: list[Problem] = []
    loans: list[Loan] = []
    raw_loans = doc.get("loans", [])
    if not isinstance(raw_loans, list):
        problems.append(Problem("loans", "-", InputError(N_("expected [[loans]] tables"))))
        raw_loans = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(raw_loans):
        loan, loan_problems = loan_from_dict(raw, index)
        problems.extend(loan_problems)
        # A loan with other problems still holds its name: a clash is listed now, not
        # only once the other problems are fixed.
        name = loan.name if loan is not None else _valid_name(raw)
        if name is None:
            continue
        if name_key(name) in seen:
            error = InputError(
                N_("the name is already used by {other!r}; names must differ (ignoring case)"),
                other=seen[name_key(name)],
            )
            problems.append(Problem(name, "name", error))
            continue
        seen[name_key(name)] = name
        if loan is not None:
            loans.append(loan)
    settings, settings_problems = settings_from_dict(doc.get("settings"))
    problems.extend(settings_problems)
    for key in doc:
        if key not in {"schema_version", "loans", "settings"}:
            error = InputError(N_("unknown field {key!r}; check its spelling"), key=key)
            problems.append(Problem("-", key, error))
    return Book(tuple(loans), settings), problems


def _valid_name(raw: Any) -> str | None:
    """The name of a ``[[loans]]`` table that did not validate, if the name itself is valid."""
    if not isinstance(raw, Mapping):
        return None
    try:
        return parse_name(raw.get("name"))
    except InputError:
        return None


def load_book(doc: Mapping[str, Any]) -> Book:
    """The book, or :class:`BookError` listing every problem."""
    book, problems = book_from_document(doc)
    if problems:
        raise BookError(problems)
    return book


# ---------------------------------------------------------------------------------------
# Back to the file: only what differs from the defaults, so the file stays short to read.


def _money_out(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def loan_to_dict(loan: Loan) -> dict[str, Any]:
    """The ``[[loans]]`` table for ``loan`` (fields at their default are left out)."""
    out: dict[str, Any] = {"name": loan.name}
    if loan.lender:
        out["lender"] = loan.lender
    out["currency"] = loan.currency
    out["method"] = loan.method.value
    if loan.method is Method.REVOLVING:
        out["balance"] = _money_out(loan.principal)
    else:
        out["principal"] = _money_out(loan.principal)
    out["rate"] = str(loan.rate)
    if loan.term:
        out["term"] = loan.term
    if loan.frequency is not Frequency.MONTHLY:
        out["frequency"] = loan.frequency.value
    out["start"] = loan.start
    optional: dict[str, Any] = {
        "first_due": loan.first_due,
        "due_day": loan.due_day,
        "grace_days": loan.grace_days or None,
        "penalty_rate": str(loan.penalty_rate) if loan.penalty_rate else None,
        "penalty_markup": f"{loan.penalty_markup.normalize():f}%"
        if loan.penalty_markup is not None
        else None,
        "penalty_base": loan.penalty_base.value if loan.penalty_base else None,
        "penalty_compound": True if loan.penalty_compound else None,
        "late_fee": _money_out(loan.late_fee) if loan.late_fee else None,
        "upfront_fee": _money_out(loan.upfront_fee) if loan.upfront_fee else None,
        "fee_rate": str(loan.fee_rate) if loan.fee_rate else None,
        "min_payment": _min_rule_out(loan),
        # A floor beside a fixed minimum has no place in the rule's text: keep it apart.
        "min_floor": _money_out(loan.min_floor)
        if loan.min_floor and loan.min_percent is None
        else None,
        "day_count": loan.day_count if loan.day_count != 365 else None,
        "allocation": [c.value for c in loan.allocation]
        if loan.allocation != DEFAULT_ALLOCATION
        else None,
        "jurisdiction": loan.jurisdiction
        if loan.jurisdiction != ("us" if loan.currency == "USD" else "cn")
        else None,
        "note": loan.note or None,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if loan.payments:
        out["payments"] = [_payment_to_dict(p) for p in loan.payments]
    if loan.contacts:
        out["contacts"] = [
            {"at": c.at, "channel": c.channel, **({"note": c.note} if c.note else {})}
            for c in loan.contacts
        ]
    if loan.rate_changes:
        out["rate_changes"] = [{"from": r.starts, "rate": str(r.rate)} for r in loan.rate_changes]
    return out


def _min_rule_out(loan: Loan) -> str | Decimal | None:
    if loan.min_percent is not None:
        percent = f"{loan.min_percent.normalize():f}%"
        if loan.min_plus_interest:
            percent += "+interest"
        return f"{percent},{_money_out(loan.min_floor)}" if loan.min_floor else percent
    return _money_out(loan.min_payment) if loan.min_payment is not None else None


def _payment_to_dict(payment: Payment) -> dict[str, Any]:
    out: dict[str, Any] = {"date": payment.on, "amount": _money_out(payment.amount)}
    if payment.note:
        out["note"] = payment.note
    if payment.prepay is not Prepay.SHORTEN:
        out["prepay"] = payment.prepay.value
    return out


def book_to_document(book: Book, schema_version: int) -> dict[str, Any]:
    """The whole document for ``book``."""
    doc: dict[str, Any] = {"schema_version": schema_version}
    settings: dict[str, Any] = {}
    if book.settings.budget:
        settings["budget"] = {c: _money_out(a) for c, a in book.settings.budget.items()}
    if book.settings.lpr_percent != Settings().lpr_percent:
        settings["lpr"] = f"{book.settings.lpr_percent.normalize():f}%"
    if book.settings.history != Settings().history:
        settings["history"] = book.settings.history
    if book.settings.remind_days != Settings().remind_days:
        settings["remind_days"] = book.settings.remind_days
    if settings:
        doc["settings"] = settings
    doc["loans"] = [loan_to_dict(loan) for loan in book.loans]
    return doc


def validate_loan_dict(raw: Mapping[str, Any]) -> Loan:
    """One loan from a table, or :class:`BookError` with its problems (used by add/edit)."""
    loan, problems = loan_from_dict(raw)
    if loan is None:
        raise BookError(problems, N_("the loan has {count} problem(s); nothing was saved"))
    return loan
