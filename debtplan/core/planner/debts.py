"""What the planner takes: debts, their rate changes, the strategies, and the checks.

Every check raises :class:`~debtplan.core.planner.errors.InvalidPlanInput` (or
:class:`~debtplan.core.planner.errors.MixedCurrencies`) naming the debt and field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from enum import StrEnum

from debtplan.core.money import HUNDRED, MAX_AMOUNT, ZERO, cents
from debtplan.core.planner.errors import InvalidPlanInput, MixedCurrencies
from debtplan.core.text import N_

HORIZON_MONTHS = 1200  # 100 years: a plan still running then is reported, never cut short
MAX_RATE = Decimal(1000)  # percent a year; above it the unit is surely wrong (as parse_rate)
# A balance past this cannot be repaid by any budget a person can enter (MAX_AMOUNT a
# month for HORIZON_MONTHS); stopping here also keeps every product within 28 digits.
GROWTH_LIMIT = MAX_AMOUNT * HORIZON_MONTHS

_CONTEXT = Context(prec=28, traps=[InvalidOperation, DivisionByZero, Overflow])

YearMonth = tuple[int, int]


class Strategy(StrEnum):
    """In what order money beyond the minimums goes to the debts."""

    AVALANCHE = "avalanche"  # highest rate in force first; ties: smaller balance
    SNOWBALL = "snowball"  # smallest balance first; ties: higher rate
    HIGHEST_INTEREST_COST = "highest-interest-cost"  # largest interest charged this month first
    CUSTOM = "custom"  # the caller's order
    MINIMUM = "minimum"  # the baseline: minimums only, nothing more


# The strategies make_plan accepts, and those compare() runs by default.
PLAN_STRATEGIES = (
    Strategy.AVALANCHE,
    Strategy.SNOWBALL,
    Strategy.HIGHEST_INTEREST_COST,
    Strategy.CUSTOM,
)
COMPARED_STRATEGIES = (Strategy.AVALANCHE, Strategy.SNOWBALL, Strategy.HIGHEST_INTEREST_COST)


# -- input --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedRateChange:
    """From ``starts`` on (a period beginning that day or later), the annual rate is
    ``annual_percent`` (percent a year): a promotion's end, a rate reset."""

    starts: date
    annual_percent: Decimal


@dataclass(frozen=True)
class Debt:
    """One debt as the planner sees it; amounts in ``currency``, rates in percent a year.

    The monthly minimum is ``max(minimum_fixed, cents(owed * minimum_percent / 100),
    minimum_floor)`` capped at what is owed (balance + this month's interest). With
    ``minimum_plus_interest`` the month's interest is added to the fixed and the percent
    parts (not to the floor): an equal-principal loan's principal part + interest, a
    US card's "1% + interest". From period ``final_period`` on (0: none) the minimum is
    everything owed: the contract's last installment absorbs what rounding left. With
    ``reamortize`` (an annuity; it needs ``final_period``) a rate change works
    ``minimum_fixed`` out again as the annuity payment of the balance over the periods
    left to ``final_period``, as the loan's schedule does. An installment loan puts its
    installment (or principal part) in ``minimum_fixed``; a card its percent and floor.
    ``overdue`` (installments, penalties and fees already late) is paid in full in the
    first month and bears no interest here.
    """

    name: str
    currency: str
    balance: Decimal
    annual_percent: Decimal
    minimum_fixed: Decimal
    minimum_percent: Decimal = ZERO
    minimum_floor: Decimal = ZERO
    overdue: Decimal = ZERO
    rate_changes: tuple[PlannedRateChange, ...] = ()
    minimum_plus_interest: bool = False
    final_period: int = 0
    reamortize: bool = False

    def rate_on(self, day: date) -> Decimal:
        """The annual percent in force on ``day``: the latest change starting by then."""
        percent, latest = self.annual_percent, None
        for change in self.rate_changes:
            if change.starts <= day and (latest is None or change.starts > latest):
                percent, latest = change.annual_percent, change.starts
        return percent


# -- validation ---------------------------------------------------------------------------


def _amount(value: object, name: str, field: str) -> Decimal:
    """An amount of 0 or more, in whole cents, below MAX_AMOUNT; else InvalidPlanInput."""
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise InvalidPlanInput(
            N_("{name}: {field} is {value!r}; write it as an exact amount such as 1234.50"),
            name=name,
            field=field,
            value=value,
        )
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT or amount != cents(amount):
        raise InvalidPlanInput(
            N_("{name}: {field} is {value}; it must be an amount of 0 or more, in cents"),
            name=name,
            field=field,
            value=amount,
        )
    return cents(amount)  # 300 -> 300.00, so that every sum shows its cents


def _percent(value: object, name: str, field: str, limit: Decimal) -> Decimal:
    """A percent from 0 to ``limit``; else InvalidPlanInput."""
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise InvalidPlanInput(
            N_("{name}: {field} is {value!r}; write it as an exact percent such as 12.5"),
            name=name,
            field=field,
            value=value,
        )
    percent = Decimal(value)
    if not percent.is_finite() or percent < 0 or percent > limit:
        raise InvalidPlanInput(
            N_("{name}: {field} is {value}; it must be a percent from 0 to {limit}"),
            name=name,
            field=field,
            value=percent,
            limit=limit,
        )
    return percent


@dataclass(frozen=True)
class _Book:
    """Validated debts of one currency, in the caller's order."""

    debts: tuple[Debt, ...]
    currency: str


def _book(debts: Sequence[Debt]) -> _Book:
    """Check every debt (all problems of one debt at a time) and the currency."""
    if not debts:
        raise InvalidPlanInput(N_("there are no debts to plan; add a loan first"))
    seen: dict[str, str] = {}
    checked = []
    for debt in debts:
        name = debt.name
        if not isinstance(name, str) or not name.strip():
            raise InvalidPlanInput(N_("a debt has no name; every debt needs one"))
        key = name.casefold()
        if key in seen:
            raise InvalidPlanInput(
                N_("two debts are named {name!r} and {other!r}; names must be unique"),
                name=name,
                other=seen[key],
            )
        seen[key] = name
        if not isinstance(debt.currency, str) or not debt.currency.strip():
            raise InvalidPlanInput(N_("{name}: the currency is missing"), name=name)
        changes = tuple(
            PlannedRateChange(
                change.starts, _percent(change.annual_percent, name, "rate", MAX_RATE)
            )
            for change in sorted(debt.rate_changes, key=lambda change: change.starts)
        )
        for first, second in zip(changes, changes[1:], strict=False):
            if first.starts == second.starts:
                raise InvalidPlanInput(
                    N_("{name}: two rate changes start on {date}; keep one"),
                    name=name,
                    date=first.starts,
                )
        checked.append(
            Debt(
                name=name,
                currency=debt.currency,
                balance=_amount(debt.balance, name, "balance"),
                annual_percent=_percent(debt.annual_percent, name, "rate", MAX_RATE),
                minimum_fixed=_amount(debt.minimum_fixed, name, "minimum payment"),
                minimum_percent=_percent(debt.minimum_percent, name, "minimum percent", HUNDRED),
                minimum_floor=_amount(debt.minimum_floor, name, "minimum floor"),
                overdue=_amount(debt.overdue, name, "overdue amount"),
                rate_changes=changes,
                minimum_plus_interest=bool(debt.minimum_plus_interest),
                final_period=_final_period(debt.final_period, name),
                reamortize=bool(debt.reamortize) and debt.final_period > 0,
            )
        )
    currencies = list(dict.fromkeys(debt.currency for debt in checked))
    if len(currencies) > 1:
        raise MixedCurrencies(currencies)
    return _Book(tuple(checked), currencies[0])


def _final_period(value: object, name: str) -> int:
    """A period number of 0 (none) or more, at most the horizon; else InvalidPlanInput."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= HORIZON_MONTHS:
        raise InvalidPlanInput(
            N_("{name}: the last period is {value!r}; it must be a whole number from 0 to "
               "{limit}"),
            name=name, value=value, limit=HORIZON_MONTHS,
        )  # fmt: skip
    return value


def _strategy(value: Strategy | str, allowed: Sequence[Strategy]) -> Strategy:
    try:
        strategy = Strategy(value)
    except ValueError:
        strategy = None
    if strategy is None or strategy not in allowed:
        raise InvalidPlanInput(
            N_("there is no strategy {strategy!r}; choose one of {choices}"),
            strategy=str(value),
            choices=", ".join(allowed),
        )
    return strategy


def _custom_order(book: _Book, order: Sequence[str] | None) -> tuple[int, ...]:
    """Positions of the debts in ``order`` (names matched case-insensitively); all named."""
    if order is None:
        raise InvalidPlanInput(
            N_("the custom strategy needs an order: list every debt, first to pay first")
        )
    if isinstance(order, str):
        raise InvalidPlanInput(N_("the order must be a list of debt names"))
    position = {debt.name.casefold(): i for i, debt in enumerate(book.debts)}
    ranks: list[int] = []
    unknown = [name for name in order if name.casefold() not in position]
    if unknown:
        raise InvalidPlanInput(
            N_("the order names {names}, which are not among the debts planned ({debts})"),
            names=", ".join(unknown),
            debts=", ".join(debt.name for debt in book.debts),
        )
    for name in order:
        i = position[name.casefold()]
        if i in ranks:
            raise InvalidPlanInput(
                N_("the order names {name} twice; name each debt once"), name=book.debts[i].name
            )
        ranks.append(i)
    missing = [debt.name for i, debt in enumerate(book.debts) if i not in set(ranks)]
    if missing:
        raise InvalidPlanInput(
            N_("the order leaves out {names}; a custom order must name every debt"),
            names=", ".join(missing),
        )
    return tuple(ranks)


def _extras(extras: Mapping[YearMonth, Decimal] | None, first: date) -> dict[YearMonth, Decimal]:
    """Checked one-off extras; a month before the plan's first period is an error."""
    checked: dict[YearMonth, Decimal] = {}
    for key, value in (extras or {}).items():
        if (
            not isinstance(key, tuple)
            or len(key) != 2
            or not all(isinstance(part, int) for part in key)
            or not 1 <= key[1] <= 12
        ):
            raise InvalidPlanInput(
                N_("extra payment month {month!r} is not a (year, month) such as (2027, 1)"),
                month=key,
            )
        label = f"{key[0]:04d}-{key[1]:02d}"
        amount = _amount(value, label, "extra payment")
        if key < (first.year, first.month):
            raise InvalidPlanInput(
                N_(
                    "the extra payment for {month} is before the plan's first payment on "
                    "{first}; date it {first_month} or later"
                ),
                month=label,
                first=first,
                first_month=f"{first.year:04d}-{first.month:02d}",
            )
        if amount:
            checked[key] = amount
    return checked


def _budget_changes(
    budget: Decimal, changes: Sequence[tuple[date, Decimal]]
) -> tuple[Decimal, list[tuple[YearMonth, Decimal]]]:
    """The checked budget and its changes by month (a later date wins within a month)."""
    start = _amount(budget, "budget", "monthly amount")
    dated = []
    for when, amount in changes:
        if not isinstance(when, date):
            raise InvalidPlanInput(N_("budget change date {date!r} is not a date"), date=when)
        dated.append((when, _amount(amount, str(when), "budget")))
    dated.sort(key=lambda change: change[0])  # stable: the later of two same-day changes wins
    return start, [((when.year, when.month), amount) for when, amount in dated]
