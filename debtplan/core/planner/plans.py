"""The planner's public functions: one plan, the baseline, strategies compared, a
prospective loan's effect, and plans per currency."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, localcontext

from debtplan.core.calendar import add_months
from debtplan.core.money import ZERO, cents
from debtplan.core.planner.debts import (
    _CONTEXT,
    COMPARED_STRATEGIES,
    PLAN_STRATEGIES,
    Debt,
    Strategy,
    YearMonth,
    _Book,
    _book,
    _budget_changes,
    _custom_order,
    _extras,
    _strategy,
)
from debtplan.core.planner.engine import _PlanState, _simulate
from debtplan.core.planner.errors import CannotPayOff, InvalidPlanInput
from debtplan.core.planner.results import BorrowingImpact, Comparison, Plan
from debtplan.core.text import N_

_NIL = cents(ZERO)  # 0.00: every amount in a plan carries two decimals


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
        return _simulate(
            _PlanState(book, chosen, as_of, start, changes, checked_extras, custom, detail)
        )


def minimum_only_plan(debts: Sequence[Debt], as_of: date, *, detail: bool = True) -> Plan:
    """The baseline: overdue amounts in month 1, then each debt gets only its minimum.

    No rollover: a debt paid off frees nothing. Strategy :attr:`Strategy.MINIMUM`;
    ``budget`` is the first month's total. Raises :class:`NeverPaidOff` naming every
    debt whose minimum never outgrows its interest (e.g. a fixed minimum below it).
    """
    with localcontext(_CONTEXT):
        return _simulate(
            _PlanState(_book(debts), Strategy.MINIMUM, as_of, _NIL, (), {}, (), detail)
        )


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
) -> BorrowingImpact:
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
        return BorrowingImpact(before, None, problem, None, None)
    return BorrowingImpact(
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
