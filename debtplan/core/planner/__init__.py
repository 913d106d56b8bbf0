"""The payoff planner: in what order to pay several debts, and when they are all paid.

Convention (the README states the same):

- The plan runs in monthly periods from ``as_of``. Period ``k`` is dated
  ``as_of + k months``, the day clamped to the month's end (Jan 31 -> Feb 28/29 ->
  Mar 31); period ``k`` begins on the date of period ``k - 1`` (period 1 on ``as_of``).
- The annual rate of a period is the one in force on the day the period begins:
  the debt's ``annual_percent``, or its latest :class:`PlannedRateChange` whose ``starts``
  is on or before that day. A change dated inside a period applies from the next.
- Each period, for every debt still owed:
  ``interest = cents(balance * annual_percent / 12 / 100)`` (half-up to the cent,
  on the balance at the start of the period); then the minimum is paid,
  ``min(max(minimum_fixed, cents(owed * minimum_percent / 100), minimum_floor), owed)``
  where ``owed = balance + interest`` (with ``minimum_plus_interest`` the month's
  interest is added to the fixed and percent parts; from the debt's
  ``final_period`` on, the minimum is ``owed``; a ``reamortize`` debt's fixed part
  is worked out again as an annuity over the periods left to it when its rate
  changes); then what is left of the month's money
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

The package: :mod:`.debts` (what it takes, and the checks), :mod:`.engine` (the months,
one state object stepped a month at a time), :mod:`.results` (what it gives),
:mod:`.errors` (why a plan cannot be made) and :mod:`.plans` (the functions below).
"""

from debtplan.core.planner.debts import (
    COMPARED_STRATEGIES,
    GROWTH_LIMIT,
    HORIZON_MONTHS,
    MAX_RATE,
    PLAN_STRATEGIES,
    Debt,
    PlannedRateChange,
    Strategy,
    YearMonth,
)
from debtplan.core.planner.errors import (
    BudgetTooSmall,
    CannotPayOff,
    HorizonExceeded,
    InvalidPlanInput,
    MixedCurrencies,
    NeverPaidOff,
    PlanError,
)
from debtplan.core.planner.plans import (
    compare,
    group_by_currency,
    make_plan,
    minimum_only_plan,
    plan_by_currency,
    with_prospective,
)
from debtplan.core.planner.results import (
    BorrowingImpact,
    ByDebt,
    Comparison,
    MonthRow,
    Payoff,
    Plan,
)

__all__ = [
    "COMPARED_STRATEGIES",
    "GROWTH_LIMIT",
    "HORIZON_MONTHS",
    "MAX_RATE",
    "PLAN_STRATEGIES",
    "BorrowingImpact",
    "BudgetTooSmall",
    "ByDebt",
    "CannotPayOff",
    "Comparison",
    "Debt",
    "HorizonExceeded",
    "InvalidPlanInput",
    "MixedCurrencies",
    "MonthRow",
    "NeverPaidOff",
    "Payoff",
    "Plan",
    "PlanError",
    "PlannedRateChange",
    "Strategy",
    "YearMonth",
    "compare",
    "group_by_currency",
    "make_plan",
    "minimum_only_plan",
    "plan_by_currency",
    "with_prospective",
]
