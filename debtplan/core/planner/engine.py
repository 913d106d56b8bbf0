"""The months of a plan: one state object, stepped a month at a time.

:class:`_PlanState` holds where the plan stands between two months: per debt, whole
cents (ints) and rates as exact integer ratios, in arrays indexed like the checked
debts; for the plan, the month counters and the running totals. :func:`_step` runs one
month on it (the rules are the package docstring's) and gives the month's row;
:func:`_simulate` steps until nothing is owed and makes the :class:`Plan`.

Integers, not Decimals: each debt-month is integer arithmetic (three times faster than
Decimal's), and every rounding is still the convention's, half-up to the cent, exactly.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction

from debtplan.core.calendar import add_months
from debtplan.core.money import HUNDRED, MAX_AMOUNT
from debtplan.core.planner.debts import (
    _CONTEXT,
    GROWTH_LIMIT,
    HORIZON_MONTHS,
    Strategy,
    YearMonth,
    _Book,
)
from debtplan.core.planner.errors import (
    _NEVER_BUDGET,
    _NEVER_GROWS,
    _NEVER_MINIMUM,
    _NEVER_TOTAL,
    BudgetTooSmall,
    HorizonExceeded,
    NeverPaidOff,
)
from debtplan.core.planner.results import (
    _NO_DETAIL,
    ByDebt,
    MonthRow,
    Payoff,
    Plan,
    _cents,
    _money,
)

_GROWTH_LIMIT_CENTS = int(GROWTH_LIMIT) * 100
_MAX_CENTS = int(MAX_AMOUNT) * 100
_MONTHS_X_PERCENT = Decimal(1200)  # annual percent -> monthly fraction: / 12 / 100


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


class _PlanState:
    """A plan between two months. Per-debt lists are indexed like ``book.debts``.

    Amounts are whole cents; ``rate`` the annual percent in force (a Decimal, for the
    order and the "never" proofs) and ``rate_num / rate_den`` the same as an integer
    ratio: ``interest = (balance * rate_num + rate_den // 2) // rate_den`` is
    ``cents(balance * rate / 1200)``. ``share_num / share_den`` do the same for a
    percent minimum. ``active`` are the debts still owed and run; ``stuck`` (baseline
    only) those proven never paid off and no longer run. ``owed_total`` is the running
    sum of balances (+ overdue amounts before month 1).
    """

    __slots__ = (
        "book", "strategy", "as_of", "custom", "detail", "minimum_only", "index",
        # per debt
        "balance", "fixed", "percent", "floor", "overdue", "rate", "neg_rate",
        "rate_num", "rate_den", "share_num", "share_den", "rate_final",
        "plus_interest", "final", "reamortize",
        "interest_total", "paid_total",
        # the calendar: rate changes, budget changes and extras, consumed in date order
        "events", "next_event", "budget_changes", "next_budget_change", "extras",
        "last_extra", "budget", "month_budget", "period", "when",
        # the run
        "active", "stuck", "stuck_interest", "stuck_payment", "stuck_found", "payoffs",
        "starting_balance", "owed_total",
    )  # fmt: skip

    def __init__(
        self,
        book: _Book,
        strategy: Strategy,
        as_of: date,
        budget: Decimal,
        budget_changes: Sequence[tuple[YearMonth, Decimal]],
        extras: Mapping[YearMonth, Decimal],
        custom: tuple[int, ...],
        detail: bool,
    ) -> None:
        debts = book.debts
        n = len(debts)
        self.book = book
        self.strategy = strategy
        self.as_of = as_of
        self.custom = custom
        self.detail = detail
        self.minimum_only = strategy is Strategy.MINIMUM
        self.index = {debt.name: i for i, debt in enumerate(debts)}

        self.balance = [_cents(debt.balance) for debt in debts]
        self.fixed = [_cents(debt.minimum_fixed) for debt in debts]
        self.percent = [debt.minimum_percent for debt in debts]
        self.floor = [_cents(debt.minimum_floor) for debt in debts]
        self.overdue = [_cents(debt.overdue) for debt in debts]
        self.rate = [debt.annual_percent for debt in debts]
        self.neg_rate = [-r for r in self.rate]
        rate_ratios = [_rounding_ratio(r, 1200) for r in self.rate]
        self.rate_num = [num for num, _ in rate_ratios]
        self.rate_den = [den for _, den in rate_ratios]
        share_ratios = [_rounding_ratio(p, 100) for p in self.percent]
        self.share_num = [num for num, _ in share_ratios]
        self.share_den = [den for _, den in share_ratios]
        # From this day on a debt's rate no longer changes (a "never" verdict needs that).
        self.rate_final = [
            debt.rate_changes[-1].starts if debt.rate_changes else date.min for debt in debts
        ]
        self.plus_interest = [debt.minimum_plus_interest for debt in debts]
        self.final = [debt.final_period for debt in debts]
        self.reamortize = [debt.reamortize for debt in debts]
        self.interest_total = [0] * n
        self.paid_total = [0] * n

        # Every rate change as an event in date order: O(1) a month to apply them.
        self.events = sorted(
            (change.starts, i, change.annual_percent)
            for i, debt in enumerate(debts)
            for change in debt.rate_changes
        )
        self.next_event = 0
        self.budget_changes = [(month, _cents(amount)) for month, amount in budget_changes]
        self.next_budget_change = 0
        self.extras = {month: _cents(amount) for month, amount in extras.items()}
        self.last_extra = max(extras, default=(0, 0))
        self.budget = budget  # the first month's, as given
        self.month_budget = _cents(budget)
        self.period = 0
        self.when = as_of

        balance, overdue = self.balance, self.overdue
        self.active = [i for i in range(n) if balance[i] + overdue[i]]
        self.stuck: list[int] = []
        self.stuck_interest = self.stuck_payment = 0
        self.stuck_found: tuple[int, date] | None = None
        self.payoffs = [(i, 0) for i in range(n) if not balance[i] + overdue[i]]
        self.starting_balance = sum(balance) + sum(overdue)
        self.owed_total = self.starting_balance

    def names_of(self, positions: Sequence[int]) -> list[str]:
        debts = self.book.debts
        return [debts[i].name for i in positions]

    def turn_month(self) -> tuple[date, int, bool]:
        """Start the next period: its date, and the rates and budget in force.

        Returns the day the period begins, its one-off extra (cents), and whether
        nothing (no rate, budget or extra) changes any more from here on.
        """
        self.period += 1
        if self.period > HORIZON_MONTHS:
            raise HorizonExceeded(
                names=self.names_of(sorted(self.active + self.stuck)),
                balance=_money(self.owed_total),
                currency=self.book.currency,
                months=HORIZON_MONTHS,
                when=self.when,
            )
        start = self.when
        when = self.when = add_months(self.as_of, self.period)
        events = self.events
        while self.next_event < len(events) and events[self.next_event][0] <= start:
            _, i, new_rate = events[self.next_event]
            self.rate[i], self.neg_rate[i] = new_rate, -new_rate
            self.rate_num[i], self.rate_den[i] = _rounding_ratio(new_rate, 1200)
            if self.reamortize[i] and self.balance[i] and self.period <= self.final[i]:
                self.fixed[i] = _level(self.balance[i], new_rate, self.final[i] - self.period + 1)
            self.next_event += 1
        month = (when.year, when.month)
        changes = self.budget_changes
        while (
            self.next_budget_change < len(changes) and changes[self.next_budget_change][0] <= month
        ):
            self.month_budget = changes[self.next_budget_change][1]
            self.next_budget_change += 1
        settled = (
            self.next_event == len(events)
            and self.next_budget_change == len(changes)
            and month > self.last_extra
        )
        return start, self.extras.get(month, 0), settled


def _charge_minimums(
    state: _PlanState, start: date, payments: list[int], interest: list[int]
) -> tuple[int, int, list[int]]:
    """Charge every active debt its month's interest and pay its minimum (and, in
    period 1, its overdue amount). Returns (cents needed, interest charged, the debts
    this baseline month proves never paid off)."""
    balance, overdue, payoffs = state.balance, state.overdue, state.payoffs
    rate_num, rate_den = state.rate_num, state.rate_den
    share_num, share_den = state.share_num, state.share_den
    fixed, floor = state.fixed, state.floor
    plus_interest, final = state.plus_interest, state.final
    minimum_only, period = state.minimum_only, state.period
    first = period == 1
    needed = month_interest = 0
    newly_stuck: list[int] = []
    for i in state.active:
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
        if plus_interest[i]:
            minimum += charged
        if floor[i] > minimum:
            minimum = floor[i]
        if minimum > owed or (final[i] and period >= final[i]):
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
        elif minimum_only and after >= before and not final[i] and state.rate_final[i] <= start:
            if _never_on_minimums(before, after, state.rate[i], state.percent[i]):
                newly_stuck.append(i)
    return needed, month_interest, newly_stuck


def _step(state: _PlanState) -> MonthRow:
    """Run one month: interest, minimums, the rest by strategy; the month's row.

    Raises :class:`BudgetTooSmall`, :class:`NeverPaidOff` or :class:`HorizonExceeded`
    when this month shows the plan cannot work.
    """
    start, extra, settled = state.turn_month()
    period, when = state.period, state.when
    n = len(state.balance)
    payments = [0] * n
    interest = [0] * n
    needed, month_interest, newly_stuck = _charge_minimums(state, start, payments, interest)
    minimum_only = state.minimum_only
    if minimum_only:
        money = needed
    else:
        money = state.month_budget + extra
        if needed > money:
            raise BudgetTooSmall(
                shortfall=_money(needed - money),
                needed=_money(needed),
                budget=_money(money),
                currency=state.book.currency,
                period=period,
                when=when,
            )
    left = money - needed
    if left and not minimum_only:
        left = _allocate(state, left, payments, interest)
    spent = money - left
    state.owed_total += month_interest - spent
    _settle_month(state, payments, interest, newly_stuck)
    detail = state.detail
    index = state.index
    row = MonthRow(
        period=period,
        date=when,
        payments=ByDebt(index, tuple(payments)) if detail else _NO_DETAIL,
        interest=ByDebt(index, tuple(interest)) if detail else _NO_DETAIL,
        balances=ByDebt(index, tuple(state.balance)) if detail else _NO_DETAIL,
        total_paid=_money(spent),
        unused=_money(left),
        budget=_money(money - extra if not minimum_only else money),
        extra=_money(extra if not minimum_only else 0),
        total_interest=_money(month_interest),
        total_balance=_money(state.owed_total),
    )
    active = state.active
    if active and not minimum_only and settled and month_interest >= money:
        _check_never(state, interest, money)
    if state.owed_total > _GROWTH_LIMIT_CENTS:
        balance = state.balance
        grown = [i for i in active if balance[i] > _MAX_CENTS] or active
        raise _never(state, _NEVER_GROWS, grown, interest, GROWTH_LIMIT)
    return row


def _settle_month(
    state: _PlanState, payments: list[int], interest: list[int], newly_stuck: list[int]
) -> None:
    """Add the month to each debt's totals; drop the debts paid off (and proven stuck)."""
    paid_total, interest_total, balance = state.paid_total, state.interest_total, state.balance
    for i, value in enumerate(payments):
        if value:
            paid_total[i] += value
    for i in state.active:
        interest_total[i] += interest[i]
    active = [i for i in state.active if balance[i]]
    if newly_stuck:
        first = state.period == 1
        overdue = state.overdue
        for i in newly_stuck:
            state.stuck_interest += interest[i]
            state.stuck_payment += payments[i] - overdue[i] if first else payments[i]
            state.owed_total -= balance[i]
        state.stuck.extend(newly_stuck)
        state.stuck_found = state.stuck_found or (state.period, state.when)
        active = [i for i in active if i not in set(newly_stuck)]
    state.active = active


def _simulate(state: _PlanState) -> Plan:
    """Step ``state`` month by month until nothing is owed; the plan. The rules are the
    package docstring's; linear in debts x months. Amounts leave as Decimals with two
    decimals.
    """
    book, as_of = state.book, state.as_of
    rows: list[MonthRow] = []
    while state.active:
        rows.append(_step(state))
    if state.stuck:
        found_period, found_date = state.stuck_found or (state.period, state.when)
        raise NeverPaidOff(
            _NEVER_MINIMUM,
            names=state.names_of(sorted(state.stuck)),
            interest=_money(state.stuck_interest),
            payment=_money(state.stuck_payment),
            currency=book.currency,
            period=found_period,
            when=found_date,
        )
    names = tuple(debt.name for debt in book.debts)
    payoff = tuple(
        Payoff(
            name=names[i],
            period=k,
            date=rows[k - 1].date if k else as_of,
            interest=_money(state.interest_total[i]),
            paid=_money(state.paid_total[i]),
        )
        for i, k in state.payoffs
    )
    return Plan(
        strategy=state.strategy,
        currency=book.currency,
        as_of=as_of,
        budget=rows[0].budget if rows else state.budget,
        months=len(rows),
        debt_free_date=rows[-1].date if rows else as_of,
        starting_balance=_money(state.starting_balance),
        overdue=_money(sum(state.overdue)),
        total_interest=_money(sum(state.interest_total)),
        total_paid=_money(sum(state.paid_total)),
        names=names,
        payoff=payoff,
        rows=tuple(rows),
    )


def _allocate(state: _PlanState, left: int, payments: list[int], interest: list[int]) -> int:
    """Give ``left`` cents to the debts in strategy order; return what no debt needs.

    The order comes from a heap built in O(debts) and popped once per debt that
    gets money (one a month, plus one per debt paid off), never a full sort.
    """
    strategy, balance, neg_rate = state.strategy, state.balance, state.neg_rate
    active, payoffs, period = state.active, state.payoffs, state.period
    if strategy is Strategy.CUSTOM:
        queue: Iterator[int] = (i for i in state.custom if balance[i])
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


def _level(balance: int, percent: Decimal, periods: int) -> int:
    """The annuity payment, in cents, of ``balance`` cents over ``periods`` months at
    ``percent`` a year: the schedule's :func:`~debtplan.core.schedule.annuity_payment`."""
    from debtplan.core.schedule import annuity_payment

    with localcontext(_CONTEXT):
        return _cents(annuity_payment(_money(balance), percent / _MONTHS_X_PERCENT, periods))


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


def _never(
    state: _PlanState, msgid: str, positions: Sequence[int], interest: list[int], payment: Decimal
) -> NeverPaidOff:
    """The verdict that the debts at ``positions`` are never paid off, found this month."""
    return NeverPaidOff(
        msgid,
        names=state.names_of(positions),
        interest=_money(sum(interest[i] for i in positions)),
        payment=payment,
        currency=state.book.currency,
        period=state.period,
        when=state.when,
    )


def _check_never(state: _PlanState, interest: list[int], money: int) -> None:
    """Raise NeverPaidOff if no future month can shrink what is owed (rates and budget final).

    A debt whose own interest is at least the whole month's money never shrinks: it
    gets at most that money, and its interest only grows with it. All debts
    together never shrink once ``min_rate / 1200 * balances - debts * 0.005 >=
    money``: interest (each rounded down by at most half a cent) then covers every
    payment, so balances and the bound can only grow. Amounts in cents.
    """
    active, balance, rate = state.active, state.balance, state.rate
    alone = [i for i in active if interest[i] >= money]
    if alone:
        raise _never(state, _NEVER_BUDGET, alone, interest, _money(money))
    # ``balance`` is after this month's payments: the start of the next month. The bound,
    # times 1200 and in cents: lowest * owed - 600 * debts >= 1200 * money.
    owed = sum(balance[i] for i in active)
    lowest = min(rate[i] for i in active)
    if lowest * owed - 600 * len(active) >= 1200 * money:
        raise _never(state, _NEVER_TOTAL, active, interest, _money(money))
