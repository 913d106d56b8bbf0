"""What the planner gives: a plan's months, each debt's payoff, comparisons.

Amounts leave the engine as whole cents and come out here as Decimals with two
decimals; a month's per-debt amounts stay one tuple behind a read-only mapping
(:class:`ByDebt`), so a plan of 1,000 debts over 50 years holds 600,000 tuples'
worth of cents, not 600,000 dicts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from debtplan.core.planner.debts import Strategy
from debtplan.core.planner.errors import CannotPayOff

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
class BorrowingImpact:
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
