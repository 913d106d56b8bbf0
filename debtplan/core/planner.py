"""The payoff planner: in what order to pay several debts, and when they are all paid.

Convention (the README states the same):

- The plan runs in monthly periods from ``as_of``. Period ``k`` is dated
  ``as_of + k months``, the day clamped to the month's end (Jan 31 -> Feb 28/29 ->
  Mar 31); period ``k`` begins on the date of period ``k - 1`` (period 1 on ``as_of``).
- The annual rate of a period is the one in force on the day the period begins:
  the debt's ``annual_percent``, or its latest :class:`RateChange` whose ``starts``
  is on or before that day. A change dated inside a period applies from the next.
- Each period, for every debt still owed:
  ``interest = cents(balance * annual_percent / 12 / 100)`` (half-up to the cent,
  on the balance at the start of the period); then the minimum is paid,
  ``min(max(minimum_fixed, cents(owed * minimum_percent / 100), minimum_floor), owed)``
  where ``owed = balance + interest``; then what is left of the month's money
  (budget + one-off extra) goes to the debts in strategy order, each paid off
  before the next gets anything. A debt paid off frees its minimum for the others
  (full rollover), because the budget stays whole.
- In period 1, before any minimum, every ``overdue`` amount is paid in full
  (penalties grow daily). Overdue amounts bear no interest in the plan: the
  penalty engine prices them up to ``as_of``.
- Strategy order is decided again every period, with balances after that period's
  minimums and the rates in force that period. Avalanche: highest rate first,
  ties to the smaller balance; snowball: smallest balance first, ties to the higher
  rate; highest-interest-cost: largest interest charged that period first, ties to
  the higher rate; custom: the caller's order. Remaining ties: the earlier debt.
- Extras are keyed by ``(year, month)`` and apply to the one period dated in that
  month; a budget change dated ``d`` applies to every period dated in ``d``'s
  month or later.
- The minimum-only baseline pays overdue amounts and each minimum, nothing more
  and no rollover.

When a plan cannot work, it says why instead of looping or stopping quietly:
:class:`BudgetTooSmall` (a month's money does not cover overdue amounts and
minimums), :class:`NeverPaidOff` (a debt's interest is at least everything it can
ever get, or the balance grows past what any budget could repay),
:class:`HorizonExceeded` (not paid off within 1,200 months). The "never" verdicts
are proofs, checked only once no rate, budget or extra changes any more; growth
too slow to prove runs to the horizon.

Cost: O(debts) per month plus O(log debts) for each debt paid off, so a plan is
linear in debts x months. Rows keep one tuple per quantity per month, indexed
by the plan's debt order, behind a read-only mapping (:class:`ByDebt`).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import (
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import StrEnum
from fractions import Fraction

from debtplan.core.calendar import add_months
from debtplan.core.money import HUNDRED, MAX_AMOUNT, ZERO, cents
from debtplan.core.text import N_, DebtplanError

HORIZON_MONTHS = 1200  # 100 years: a plan still running then is reported, never cut short
MAX_RATE = Decimal(1000)  # percent a year; above it the unit is surely wrong (as parse_rate)
# A balance past this cannot be repaid by any budget a person can enter (MAX_AMOUNT a
# month for HORIZON_MONTHS); stopping here also keeps every product within 28 digits.
GROWTH_LIMIT = MAX_AMOUNT * HORIZON_MONTHS
_GROWTH_LIMIT_CENTS = int(GROWTH_LIMIT) * 100
_MAX_CENTS = int(MAX_AMOUNT) * 100

_MONTHS_X_PERCENT = Decimal(1200)  # annual percent -> monthly fraction: / 12 / 100
_NIL = cents(ZERO)  # 0.00: every amount in a plan carries two decimals
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


# -- errors -------------------------------------------------------------------------------


class PlanError(DebtplanError):
    """A plan cannot be made as asked."""


class InvalidPlanInput(PlanError):
    """A debt, budget, extra, budget change or order the planner cannot use."""


class MixedCurrencies(PlanError):
    """One plan, several currencies: plan them with :func:`plan_by_currency`."""

    def __init__(self, currencies: Sequence[str]) -> None:
        self.currencies = tuple(currencies)
        super().__init__(
            N_(
                "the debts are in several currencies ({currencies}); a budget is in one "
                "currency, so plan each currency with its own budget"
            ),
            currencies=", ".join(self.currencies),
        )


class CannotPayOff(PlanError):
    """The money given does not pay the debts off (a result, not a typing mistake)."""


class BudgetTooSmall(CannotPayOff):
    """A month's money is below that month's overdue amounts plus minimums.

    ``needed - budget == shortfall``; ``budget`` counts that month's extra payment.
    """

    def __init__(
        self,
        *,
        shortfall: Decimal,
        needed: Decimal,
        budget: Decimal,
        currency: str,
        period: int,
        when: date,
    ) -> None:
        self.shortfall = shortfall
        self.needed = needed
        self.budget = budget
        self.currency = currency
        self.period = period
        self.date = when
        super().__init__(
            N_(
                "the budget of {budget} {currency} for {date} is {shortfall} short of the "
                "{needed} needed for overdue amounts and minimum payments; raise the budget "
                "or ask the lenders for lower payments"
            ),
            budget=budget,
            currency=currency,
            date=when,
            shortfall=shortfall,
            needed=needed,
        )


class NeverPaidOff(CannotPayOff):
    """Debts that are never paid off: their interest is at least all they can get.

    ``interest`` is their interest for the month it was found (``date``, ``period``),
    ``payment`` the most they could get that month (the budget, or their minimums
    alone; for a balance that grows past :data:`GROWTH_LIMIT`, that limit).
    """

    def __init__(
        self,
        msgid: str,
        *,
        names: Sequence[str],
        interest: Decimal,
        payment: Decimal,
        currency: str,
        period: int,
        when: date,
    ) -> None:
        self.names = tuple(names)
        self.interest = interest
        self.payment = payment
        self.currency = currency
        self.period = period
        self.date = when
        super().__init__(
            msgid,
            names=", ".join(self.names),
            interest=interest,
            payment=payment,
            currency=currency,
            date=when,
        )


_NEVER_BUDGET = N_(
    "{names} would never be paid off: from {date} the interest, {interest} {currency} a "
    "month, is at least the whole budget of {payment}; raise the budget or ask for a "
    "lower rate"
)
_NEVER_TOTAL = N_(
    "{names} would never be paid off: from {date} the interest on them, {interest} "
    "{currency} a month, is at least the whole budget of {payment} and can only grow; "
    "raise the budget or ask the lenders for lower rates"
)
_NEVER_MINIMUM = N_(
    "{names} would never be paid off with minimum payments alone: from {date} the "
    "minimums, {payment} {currency} a month, do not cover the interest of {interest}"
)
_NEVER_GROWS = N_(
    "{names} would never be paid off: by {date} the balance grows past {payment} "
    "{currency} while interest adds {interest} a month"
)


class HorizonExceeded(CannotPayOff):
    """Still owed after :data:`HORIZON_MONTHS` months: reported, never cut short."""

    def __init__(
        self, *, names: Sequence[str], balance: Decimal, currency: str, months: int, when: date
    ) -> None:
        self.names = tuple(names)
        self.balance = balance
        self.currency = currency
        self.months = months
        self.date = when
        super().__init__(
            N_(
                "{names} would still owe {balance} {currency} after {months} months "
                "(on {date}); raise the budget to get a plan that ends"
            ),
            names=", ".join(self.names),
            balance=balance,
            currency=currency,
            months=months,
            date=when,
        )


# -- input --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateChange:
    """From ``starts`` on (a period beginning that day or later), the annual rate is
    ``annual_percent`` (percent a year): a promotion's end, a rate reset."""

    starts: date
    annual_percent: Decimal


@dataclass(frozen=True)
class Debt:
    """One debt as the planner sees it; amounts in ``currency``, rates in percent a year.

    The monthly minimum is ``max(minimum_fixed, cents(owed * minimum_percent / 100),
    minimum_floor)`` capped at what is owed (balance + this month's interest). An
    installment loan puts its installment in ``minimum_fixed``; a card its percent
    and floor. ``overdue`` (installments, penalties and fees already late) is paid in
    full in the first month and bears no interest here.
    """

    name: str
    currency: str
    balance: Decimal
    annual_percent: Decimal
    minimum_fixed: Decimal
    minimum_percent: Decimal = ZERO
    minimum_floor: Decimal = ZERO
    overdue: Decimal = ZERO
    rate_changes: tuple[RateChange, ...] = ()

    def rate_on(self, day: date) -> Decimal:
        """The annual percent in force on ``day``: the latest change starting by then."""
        percent, latest = self.annual_percent, None
        for change in self.rate_changes:
            if change.starts <= day and (latest is None or change.starts > latest):
                percent, latest = change.annual_percent, change.starts
        return percent


# -- output -------------------------------------------------------------------------------


class ByDebt(Mapping[str, Decimal]):
    """One amount per debt, read-only, iterating in the plan's debt order.

    A view over a tuple of whole cents (``cents``) shared with a name -> position
    index, so a month costs one tuple, not one dict; amounts come out as Decimals
    with two decimals. ``row.balances["Card"]``, ``dict(row.payments)``.
    """

    __slots__ = ("_index", "cents")

    def __init__(self, index: Mapping[str, int], cents: tuple[int, ...]) -> None:
        self._index = index
        self.cents = cents

    def __getitem__(self, name: str) -> Decimal:
        return _money(self.cents[self._index[name]])

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self.cents)

    def __repr__(self) -> str:
        return f"ByDebt({dict(self)!r})"

    @property
    def amounts(self) -> tuple[Decimal, ...]:
        """Every amount, in the plan's debt order."""
        return tuple(map(_money, self.cents))

    def texts(self) -> list[str]:
        """Every amount as text with two decimals ("1234.50"), in the plan's debt order:
        what JSON writes, made straight from the cents (a plan holds millions)."""
        if not self.cents or min(self.cents) >= 0:
            # printf-style: a third faster than an f-string over divmod's pair.
            return ["%d.%02d" % divmod(value, 100) for value in self.cents]  # noqa: UP031
        return [str(_money(value)) for value in self.cents]


def _money(cents: int) -> Decimal:
    """Whole cents as an amount with two decimals: 12345 -> Decimal("123.45")."""
    return Decimal(cents).scaleb(-2)


def _cents(amount: Decimal) -> int:
    """An amount in whole cents (the planner checked that it has no fraction of a cent)."""
    return int(amount.scaleb(2))


def _rounding_ratio(percent: Decimal, per: int) -> tuple[int, int]:
    """``(num, den)`` with ``(x * num + den // 2) // den`` equal to ``x * percent / per``
    rounded half-up, for any whole cents ``x >= 0``, in exact integers (``den`` is even):
    ``per`` is 1200 for a yearly rate's month, 100 for a percent minimum.

    A percent that is the 28-digit Decimal of a simple fraction is taken as that fraction:
    a card's "1%+interest" rule is planned as ``1 + 16/12`` percent, which Decimal holds as
    2.333...3 (28 digits) and means 7/3; on a balance where 7/3 lands on a half cent, the
    truncated 2.333...3 would round down instead of up.
    """
    ratio = Fraction(percent)
    simple = ratio.limit_denominator(1_000_000)
    if simple != ratio:
        with localcontext(_CONTEXT):
            if Decimal(simple.numerator) / Decimal(simple.denominator) == percent:
                ratio = simple
    return 2 * ratio.numerator, 2 * per * ratio.denominator


_NO_DETAIL = ByDebt({}, ())  # the rows of a plan made with detail=False


@dataclass(frozen=True)
class MonthRow:
    """One period of a plan. Amounts in the plan's currency.

    ``payments`` include period 1's overdue amounts; ``balances`` are after the
    payments (the three are empty in a plan made with ``detail=False``).
    ``budget + extra == total_paid + unused``; ``unused`` is only ever more than 0
    in the last month. ``total_balance`` is the sum of ``balances``.
    """

    period: int
    date: date
    payments: ByDebt
    interest: ByDebt
    balances: ByDebt
    total_paid: Decimal
    unused: Decimal
    budget: Decimal
    extra: Decimal
    total_interest: Decimal
    total_balance: Decimal


@dataclass(frozen=True)
class Payoff:
    """A debt's last payment: period (0 if nothing was owed), date, and its totals."""

    name: str
    period: int
    date: date
    interest: Decimal  # all interest charged on this debt in the plan
    paid: Decimal  # all paid to it: balance + overdue + interest


@dataclass(frozen=True)
class Plan:
    """A month-by-month payoff plan for debts in one currency.

    ``total_paid == starting_balance + total_interest``, where ``starting_balance``
    counts balances and overdue amounts. ``budget`` is the first month's (for the
    baseline: its minimums). ``months`` is the number of rows; ``debt_free_date``
    the last row's date (``as_of`` if nothing was owed). ``names`` is the column
    order of every :class:`ByDebt`; ``payoff`` lists debts in the order they are
    paid off (within a month, in the order the money reached them).
    """

    strategy: Strategy
    currency: str
    as_of: date
    budget: Decimal
    months: int
    debt_free_date: date
    starting_balance: Decimal
    overdue: Decimal
    total_interest: Decimal
    total_paid: Decimal
    names: tuple[str, ...]
    payoff: tuple[Payoff, ...]
    rows: tuple[MonthRow, ...]


@dataclass(frozen=True)
class Comparison:
    """Strategies side by side with the minimum-payments-only baseline.

    ``interest_saved[s] = baseline.total_interest - plan.total_interest`` and
    ``months_saved[s] = baseline.months - plan.months``; both empty when there is
    no baseline, and then ``baseline_problem`` says why (e.g. :class:`NeverPaidOff`).
    ``failed`` holds strategies that cannot pay the debts off with this budget.
    ``best`` is the plan with the least interest (then fewest months, then first).
    """

    plans: tuple[Plan, ...]
    baseline: Plan | None
    baseline_problem: CannotPayOff | None
    interest_saved: Mapping[Strategy, Decimal]
    months_saved: Mapping[Strategy, int]
    failed: Mapping[Strategy, CannotPayOff]
    best: Strategy


@dataclass(frozen=True)
class Prospect:
    """A plan before and after taking a prospective loan, with the same budget.

    ``after`` is None when the budget cannot carry the new loan; ``after_problem``
    then says why (:class:`BudgetTooSmall` carries the monthly shortfall). The
    deltas are ``after - before`` (None without ``after``).
    """

    before: Plan
    after: Plan | None
    after_problem: CannotPayOff | None
    months_added: int | None
    interest_added: Decimal | None


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
            RateChange(change.starts, _percent(change.annual_percent, name, "rate", MAX_RATE))
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
            )
        )
    currencies = list(dict.fromkeys(debt.currency for debt in checked))
    if len(currencies) > 1:
        raise MixedCurrencies(currencies)
    return _Book(tuple(checked), currencies[0])


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


# -- the engine ---------------------------------------------------------------------------


def _simulate(
    book: _Book,
    strategy: Strategy,
    as_of: date,
    budget: Decimal,
    budget_changes: Sequence[tuple[YearMonth, Decimal]],
    extras: Mapping[YearMonth, Decimal],
    custom: tuple[int, ...] = (),
    detail: bool = True,
) -> Plan:
    """Run the months; see the module docstring for the rules. Linear in debts x months.

    Amounts run as whole cents (ints) and rates as exact integer ratios, so that each
    debt-month is integer arithmetic (three times faster than Decimal's); every
    rounding is the convention's, half-up to the cent, exactly. Amounts leave as
    Decimals with two decimals.
    """
    debts = book.debts
    currency = book.currency
    n = len(debts)
    names = tuple(debt.name for debt in debts)
    index = {name: i for i, name in enumerate(names)}
    minimum_only = strategy is Strategy.MINIMUM

    balance = [_cents(debt.balance) for debt in debts]
    fixed = [_cents(debt.minimum_fixed) for debt in debts]
    percent = [debt.minimum_percent for debt in debts]
    floor = [_cents(debt.minimum_floor) for debt in debts]
    overdue = [_cents(debt.overdue) for debt in debts]
    rate = [debt.annual_percent for debt in debts]
    neg_rate = [-r for r in rate]
    # interest = (balance * rate_num + rate_den // 2) // rate_den: cents(balance * r / 1200)
    rate_ratios = [_rounding_ratio(r, 1200) for r in rate]
    rate_num, rate_den = [num for num, _ in rate_ratios], [den for _, den in rate_ratios]
    share_ratios = [_rounding_ratio(p, 100) for p in percent]
    share_num, share_den = [num for num, _ in share_ratios], [den for _, den in share_ratios]
    # Every rate change as an event in date order: O(1) a month to apply them.
    events = sorted(
        (change.starts, i, change.annual_percent)
        for i, debt in enumerate(debts)
        for change in debt.rate_changes
    )
    # From this day on a debt's rate no longer changes (a "never" verdict needs that).
    rate_final = [debt.rate_changes[-1].starts if debt.rate_changes else date.min for debt in debts]
    next_event = 0
    cent_changes = [(month, _cents(amount)) for month, amount in budget_changes]
    next_budget_change = 0
    cent_extras = {month: _cents(amount) for month, amount in extras.items()}
    last_extra = max(extras, default=(0, 0))

    interest_total = [0] * n
    paid_total = [0] * n
    starting_balance = sum(balance) + sum(overdue)
    owed_total = starting_balance  # running sum of balances (+ overdue before period 1)
    payoffs: list[tuple[int, int]] = [(i, 0) for i in range(n) if not balance[i] + overdue[i]]
    active = [i for i in range(n) if balance[i] + overdue[i]]
    stuck: list[int] = []  # baseline only: debts proven never paid off, no longer run
    stuck_interest = stuck_payment = 0
    stuck_found: tuple[int, date] | None = None
    rows: list[MonthRow] = []
    month_budget = _cents(budget)
    when = as_of
    period = 0

    while active:
        period += 1
        if period > HORIZON_MONTHS:
            raise HorizonExceeded(
                names=[names[i] for i in sorted(active + stuck)],
                balance=_money(owed_total),
                currency=currency,
                months=HORIZON_MONTHS,
                when=when,
            )
        start, when = when, add_months(as_of, period)
        while next_event < len(events) and events[next_event][0] <= start:
            _, i, new_rate = events[next_event]
            rate[i], neg_rate[i] = new_rate, -new_rate
            rate_num[i], rate_den[i] = _rounding_ratio(new_rate, 1200)
            next_event += 1
        month = (when.year, when.month)
        while (
            next_budget_change < len(cent_changes) and cent_changes[next_budget_change][0] <= month
        ):
            month_budget = cent_changes[next_budget_change][1]
            next_budget_change += 1
        extra = cent_extras.get(month, 0)
        settled = (
            next_event == len(events)
            and next_budget_change == len(cent_changes)
            and month > last_extra
        )

        payments = [0] * n
        interest = [0] * n
        needed = month_interest = 0
        first = period == 1
        newly_stuck: list[int] = []
        for i in active:
            before = balance[i]
            num = rate_num[i]
            charged = (before * num + rate_den[i] // 2) // rate_den[i] if num else 0
            owed = before + charged
            minimum = fixed[i]
            num = share_num[i]
            if num:
                share = (owed * num + share_den[i] // 2) // share_den[i]
                if share > minimum:
                    minimum = share
            if floor[i] > minimum:
                minimum = floor[i]
            if minimum > owed:
                minimum = owed
            after = owed - minimum
            balance[i] = after
            paid = minimum + overdue[i] if first else minimum
            payments[i] = paid
            interest[i] = charged
            needed += paid
            month_interest += charged
            if not after:
                payoffs.append((i, period))
            elif minimum_only and after >= before and rate_final[i] <= start:
                if _never_on_minimums(before, after, rate[i], percent[i]):
                    newly_stuck.append(i)

        if minimum_only:
            money = needed
        else:
            money = month_budget + extra
            if needed > money:
                raise BudgetTooSmall(
                    shortfall=_money(needed - money),
                    needed=_money(needed),
                    budget=_money(money),
                    currency=currency,
                    period=period,
                    when=when,
                )
        left = money - needed
        if left and not minimum_only:
            left = _allocate(
                strategy,
                left,
                active,
                balance,
                payments,
                interest,
                neg_rate,
                custom,
                payoffs,
                period,
            )

        spent = money - left
        owed_total += month_interest - spent
        for i, value in enumerate(payments):
            if value:
                paid_total[i] += value
        for i in active:
            interest_total[i] += interest[i]
        if newly_stuck:
            for i in newly_stuck:
                stuck_interest += interest[i]
                stuck_payment += payments[i] - overdue[i] if first else payments[i]
                owed_total -= balance[i]
            stuck.extend(newly_stuck)
            stuck_found = stuck_found or (period, when)
        active = [i for i in active if balance[i]]
        if newly_stuck:
            active = [i for i in active if i not in set(newly_stuck)]
        rows.append(
            MonthRow(
                period=period,
                date=when,
                payments=ByDebt(index, tuple(payments)) if detail else _NO_DETAIL,
                interest=ByDebt(index, tuple(interest)) if detail else _NO_DETAIL,
                balances=ByDebt(index, tuple(balance)) if detail else _NO_DETAIL,
                total_paid=_money(spent),
                unused=_money(left),
                budget=_money(money - extra if not minimum_only else money),
                extra=_money(extra if not minimum_only else 0),
                total_interest=_money(month_interest),
                total_balance=_money(owed_total),
            )
        )
        if active and not minimum_only and settled and month_interest >= money:
            _check_never(book, active, balance, interest, rate, money, period, when)
        if owed_total > _GROWTH_LIMIT_CENTS:
            grown = [i for i in active if balance[i] > _MAX_CENTS] or active
            raise NeverPaidOff(
                _NEVER_GROWS,
                names=[names[i] for i in grown],
                interest=_money(sum(interest[i] for i in grown)),
                payment=GROWTH_LIMIT,
                currency=currency,
                period=period,
                when=when,
            )

    if stuck:
        found_period, found_date = stuck_found or (period, when)
        raise NeverPaidOff(
            _NEVER_MINIMUM,
            names=[names[i] for i in sorted(stuck)],
            interest=_money(stuck_interest),
            payment=_money(stuck_payment),
            currency=currency,
            period=found_period,
            when=found_date,
        )

    payoff = tuple(
        Payoff(
            name=names[i],
            period=k,
            date=rows[k - 1].date if k else as_of,
            interest=_money(interest_total[i]),
            paid=_money(paid_total[i]),
        )
        for i, k in payoffs
    )
    return Plan(
        strategy=strategy,
        currency=currency,
        as_of=as_of,
        budget=rows[0].budget if rows else budget,
        months=len(rows),
        debt_free_date=rows[-1].date if rows else as_of,
        starting_balance=_money(starting_balance),
        overdue=_money(sum(overdue)),
        total_interest=_money(sum(interest_total)),
        total_paid=_money(sum(paid_total)),
        names=names,
        payoff=payoff,
        rows=tuple(rows),
    )


def _allocate(
    strategy: Strategy,
    left: int,
    active: list[int],
    balance: list[int],
    payments: list[int],
    interest: list[int],
    neg_rate: list[Decimal],
    custom: tuple[int, ...],
    payoffs: list[tuple[int, int]],
    period: int,
) -> int:
    """Give ``left`` cents to the debts in strategy order; return what no debt needs.

    The order comes from a heap built in O(debts) and popped once per debt that
    gets money (one a month, plus one per debt paid off), never a full sort.
    """
    if strategy is Strategy.CUSTOM:
        queue: Iterator[int] = (i for i in custom if balance[i])
    else:
        keys: list[tuple[Decimal | int, Decimal | int, int]]
        if strategy is Strategy.AVALANCHE:
            keys = [(neg_rate[i], balance[i], i) for i in active if balance[i]]
        elif strategy is Strategy.SNOWBALL:
            keys = [(balance[i], neg_rate[i], i) for i in active if balance[i]]
        else:  # highest-interest-cost; ties: higher rate
            keys = [(-interest[i], neg_rate[i], i) for i in active if balance[i]]
        heapq.heapify(keys)
        queue = (heapq.heappop(keys)[-1] for _ in range(len(keys)))
    for i in queue:
        owed = balance[i]
        if left < owed:
            balance[i] = owed - left
            payments[i] += left
            return 0
        balance[i] = 0
        payments[i] += owed
        left -= owed
        payoffs.append((i, period))
        if not left:
            return 0
    return left


def _never_on_minimums(before: int, after: int, rate: Decimal, percent: Decimal) -> bool:
    """True when minimums alone provably never pay the debt off (its rate no longer changes).

    The balance did not fall (``after >= before``). With no percent minimum, or an
    unchanged balance, the next month repeats this one or worse. With a percent
    ``p`` and monthly rate ``r`` (fractions), the balance grows for ever once
    ``p * (1 + r) < r`` and ``(r - p * (1 + r)) * balance >= 0.03`` (room for three
    half-cent roundings); in whole numbers:
    ``(100 * rate - percent * (1200 + rate)) * after >= 3600``, ``after`` in currency
    units (360,000 with ``before`` and ``after`` in cents, as the planner runs them).
    """
    if not percent or after == before:
        return True
    margin = HUNDRED * rate - percent * (_MONTHS_X_PERCENT + rate)
    return margin > 0 and margin * after >= 360_000


def _check_never(
    book: _Book,
    active: list[int],
    balance: list[int],
    interest: list[int],
    rate: list[Decimal],
    money: int,
    period: int,
    when: date,
) -> None:
    """Raise NeverPaidOff if no future month can shrink what is owed (rates and budget final).

    A debt whose own interest is at least the whole month's money never shrinks: it
    gets at most that money, and its interest only grows with it. All debts
    together never shrink once ``min_rate / 1200 * balances - debts * 0.005 >=
    money``: interest (each rounded down by at most half a cent) then covers every
    payment, so balances and the bound can only grow. Amounts in cents.
    """
    names = [debt.name for debt in book.debts]
    alone = [i for i in active if interest[i] >= money]
    if alone:
        raise NeverPaidOff(
            _NEVER_BUDGET,
            names=[names[i] for i in alone],
            interest=_money(sum(interest[i] for i in alone)),
            payment=_money(money),
            currency=book.currency,
            period=period,
            when=when,
        )
    # ``balance`` is after this month's payments: the start of the next month. The bound,
    # times 1200 and in cents: lowest * owed - 600 * debts >= 1200 * money.
    owed = sum(balance[i] for i in active)
    lowest = min(rate[i] for i in active)
    if lowest * owed - 600 * len(active) >= 1200 * money:
        raise NeverPaidOff(
            _NEVER_TOTAL,
            names=[names[i] for i in active],
            interest=_money(sum(interest[i] for i in active)),
            payment=_money(money),
            currency=book.currency,
            period=period,
            when=when,
        )


# -- public API ---------------------------------------------------------------------------


def make_plan(
    debts: Sequence[Debt],
    budget: Decimal,
    strategy: Strategy | str,
    as_of: date,
    *,
    order: Sequence[str] | None = None,
    extras: Mapping[YearMonth, Decimal] | None = None,
    budget_changes: Sequence[tuple[date, Decimal]] = (),
    detail: bool = True,
) -> Plan:
    """Plan paying ``debts`` (one currency) with ``budget`` a month from ``as_of`` on.

    ``strategy``: avalanche, snowball, highest-interest-cost, or custom with ``order``
    (every debt named once, case-insensitively). ``extras``: one-off extra payments
    by ``(year, month)``; ``budget_changes``: ``(date, amount)``, the budget from
    that date's month on. ``detail=False`` keeps each month's totals but leaves the
    rows' per-debt mappings empty (memory: about 200 bytes a debt-month less; the
    payoff list still has each debt's totals). Raises :class:`InvalidPlanInput`,
    :class:`MixedCurrencies`, :class:`BudgetTooSmall`, :class:`NeverPaidOff` or
    :class:`HorizonExceeded`.
    """
    chosen = _strategy(strategy, PLAN_STRATEGIES)
    with localcontext(_CONTEXT):
        book = _book(debts)
        custom = _custom_order(book, order) if chosen is Strategy.CUSTOM else ()
        if order is not None and chosen is not Strategy.CUSTOM:
            raise InvalidPlanInput(
                N_("an order is only used by the custom strategy, not by {strategy}"),
                strategy=str(chosen),
            )
        start, changes = _budget_changes(budget, budget_changes)
        checked_extras = _extras(extras, add_months(as_of, 1))
        return _simulate(book, chosen, as_of, start, changes, checked_extras, custom, detail)


def minimum_only_plan(debts: Sequence[Debt], as_of: date, *, detail: bool = True) -> Plan:
    """The baseline: overdue amounts in month 1, then each debt gets only its minimum.

    No rollover: a debt paid off frees nothing. Strategy :attr:`Strategy.MINIMUM`;
    ``budget`` is the first month's total. Raises :class:`NeverPaidOff` naming every
    debt whose minimum never outgrows its interest (e.g. a fixed minimum below it).
    """
    with localcontext(_CONTEXT):
        return _simulate(_book(debts), Strategy.MINIMUM, as_of, _NIL, (), {}, (), detail)


def compare(
    debts: Sequence[Debt],
    budget: Decimal,
    as_of: date,
    *,
    strategies: Sequence[Strategy | str] | None = None,
    order: Sequence[str] | None = None,
    extras: Mapping[YearMonth, Decimal] | None = None,
    budget_changes: Sequence[tuple[date, Decimal]] = (),
    detail: bool = True,
) -> Comparison:
    """Every strategy with the same budget and what-ifs, against the minimum-only baseline.

    Default strategies: avalanche, snowball, highest-interest-cost, plus custom when
    ``order`` is given. A strategy that cannot pay off goes to ``failed``; when every
    one fails, the first failure is raised. Input errors are raised at once.
    ``detail`` as in :func:`make_plan` (a side-by-side table needs no per-debt rows).
    """
    if strategies is None:
        chosen = list(COMPARED_STRATEGIES) + ([Strategy.CUSTOM] if order is not None else [])
    else:
        chosen = list(dict.fromkeys(_strategy(s, PLAN_STRATEGIES) for s in strategies))
    plans: list[Plan] = []
    failed: dict[Strategy, CannotPayOff] = {}
    for strategy in chosen:
        try:
            plans.append(
                make_plan(
                    debts,
                    budget,
                    strategy,
                    as_of,
                    order=order if strategy is Strategy.CUSTOM else None,
                    extras=extras,
                    budget_changes=budget_changes,
                    detail=detail,
                )
            )
        except CannotPayOff as problem:
            failed[strategy] = problem
    if not plans:
        raise next(iter(failed.values()))
    baseline: Plan | None
    try:
        baseline, baseline_problem = minimum_only_plan(debts, as_of, detail=detail), None
    except CannotPayOff as problem:
        baseline, baseline_problem = None, problem
    interest_saved: dict[Strategy, Decimal] = {}
    months_saved: dict[Strategy, int] = {}
    if baseline is not None:
        for plan in plans:
            interest_saved[plan.strategy] = baseline.total_interest - plan.total_interest
            months_saved[plan.strategy] = baseline.months - plan.months
    best = min(plans, key=lambda plan: (plan.total_interest, plan.months)).strategy
    return Comparison(
        plans=tuple(plans),
        baseline=baseline,
        baseline_problem=baseline_problem,
        interest_saved=interest_saved,
        months_saved=months_saved,
        failed=failed,
        best=best,
    )


def with_prospective(
    debts: Sequence[Debt],
    new_debt: Debt,
    budget: Decimal,
    strategy: Strategy | str,
    as_of: date,
    *,
    order: Sequence[str] | None = None,
    extras: Mapping[YearMonth, Decimal] | None = None,
    budget_changes: Sequence[tuple[date, Decimal]] = (),
) -> Prospect:
    """Before borrowing: the plan without and with ``new_debt``, on the same budget.

    A custom ``order`` that leaves out the new debt pays it last. A ``before`` that
    cannot work raises (the book already has a problem); an ``after`` that cannot
    work is reported in ``after_problem`` (e.g. :class:`BudgetTooSmall` and its
    monthly shortfall: the loan is not affordable on this budget). The new debt must
    be in the same currency (else :class:`MixedCurrencies`).
    """
    before = make_plan(
        debts, budget, strategy, as_of, order=order, extras=extras, budget_changes=budget_changes
    )
    after_order = order
    if order is not None and new_debt.name.casefold() not in {n.casefold() for n in order}:
        after_order = [*order, new_debt.name]
    try:
        after = make_plan(
            [*debts, new_debt],
            budget,
            strategy,
            as_of,
            order=after_order,
            extras=extras,
            budget_changes=budget_changes,
        )
    except CannotPayOff as problem:
        return Prospect(before, None, problem, None, None)
    return Prospect(
        before=before,
        after=after,
        after_problem=None,
        months_added=after.months - before.months,
        interest_added=after.total_interest - before.total_interest,
    )


def group_by_currency(debts: Sequence[Debt]) -> dict[str, tuple[Debt, ...]]:
    """The debts of each currency, currencies in order of first appearance."""
    groups: dict[str, list[Debt]] = {}
    for debt in debts:
        groups.setdefault(debt.currency, []).append(debt)
    return {currency: tuple(group) for currency, group in groups.items()}


def plan_by_currency(
    debts: Sequence[Debt],
    budgets: Mapping[str, Decimal],
    strategy: Strategy | str,
    as_of: date,
    *,
    order: Sequence[str] | None = None,
    extras: Mapping[str, Mapping[YearMonth, Decimal]] | None = None,
    budget_changes: Mapping[str, Sequence[tuple[date, Decimal]]] | None = None,
) -> dict[str, Plan]:
    """One plan per currency, each with its own budget (and extras, budget changes).

    A custom ``order`` may name debts of every currency; each plan keeps its own
    debts in that order. Budgets for currencies without debts are not used.
    Raises :class:`InvalidPlanInput` when a currency with debts has no budget.
    """
    groups = group_by_currency(debts)
    missing = [currency for currency in groups if currency not in budgets]
    if missing:
        raise InvalidPlanInput(
            N_("there is no monthly budget for {currencies}; give one for each currency"),
            currencies=", ".join(missing),
        )
    if order is not None and _strategy(strategy, PLAN_STRATEGIES) is Strategy.CUSTOM:
        _custom_order(_Book(tuple(debts), ""), order)  # every debt named, across currencies
    plans: dict[str, Plan] = {}
    for currency, group in groups.items():
        own = {debt.name.casefold() for debt in group}
        plans[currency] = make_plan(
            group,
            budgets[currency],
            strategy,
            as_of,
            order=None if order is None else [n for n in order if n.casefold() in own],
            extras=(extras or {}).get(currency),
            budget_changes=(budget_changes or {}).get(currency, ()),
        )
    return plans
