"""`plan --replace "A,B" --with-loan TERMS`: carry on with some loans, or replace them?

Lenders offer to consolidate, refinance or take a balance transfer; this compares the two
ways forward on the same budget, with the same strategy, from ``as_of``:

- **carry on**: the plan of every loan owed in the new loan's currency, as `plan` makes it;
- **replace**: the new loan's money pays the replaced loans off today (their payoff is
  what the planner owes on them on ``as_of``: balance plus anything overdue), and the plan
  runs with the new loan in their place. The money received is ``principal - upfront_fee``
  (a transfer or arrangement fee is taken from the principal, as the real APR counts it);
  when it is below the payoff the offer is refused, with the payoff. What it leaves over
  is cash in hand (``cash_left``), repaid with the loan and counted in its interest.

Each side's **interest and fees** is what it pays until debt-free beyond what is owed
today: the plan's interest (a loan's periodic fees are in its rate) plus, on the replace
side, the upfront fee. Its **monthly payment** is what the replaced loans (or the new
loan) ask for in the first month: each debt's minimum by the planner's rule. Nothing is
saved; the other loans and currencies are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from debtplan.core.text import N_, InputError

if TYPE_CHECKING:
    from debtplan.core.model import Book
    from debtplan.core.planner import CannotPayOff, Debt, Plan
    from debtplan.usecases.plan import LoanTerms, PlanOptions


@dataclass(frozen=True)
class Way:
    """One way forward: its ``debts`` and ``plan`` (None when the budget cannot carry it,
    then ``problem`` says why), the first month's required payment of the loans compared
    (``monthly``) and the interest and fees until debt-free (``cost``, None without plan)."""

    debts: tuple[Debt, ...]
    plan: Plan | None
    problem: CannotPayOff | None
    monthly: Decimal
    cost: Decimal | None


@dataclass(frozen=True)
class Replacement:
    """Carry on against replace (see the module docstring). ``saved`` and ``months_saved``
    are carry-on minus replace (positive: replacing is cheaper, shorter); ``monthly_freed``
    the first month's required payments carry-on minus replace."""

    as_of: date
    currency: str
    budget: Decimal
    strategy: str
    replaced: tuple[str, ...]
    payoff: Decimal
    received: Decimal
    cash_left: Decimal
    terms: LoanTerms
    carry_on: Way
    replacing: Way

    @property
    def saved(self) -> Decimal | None:
        if self.carry_on.cost is None or self.replacing.cost is None:
            return None
        return self.carry_on.cost - self.replacing.cost

    @property
    def months_saved(self) -> int | None:
        if self.carry_on.plan is None or self.replacing.plan is None:
            return None
        return self.carry_on.plan.months - self.replacing.plan.months

    @property
    def monthly_freed(self) -> Decimal:
        return self.carry_on.monthly - self.replacing.monthly


def first_minimum(debt: Debt, as_of: date) -> Decimal:
    """The first month's minimum of ``debt`` by the planner's rule (debtplan.core.planner):
    interest on the balance at the rate in force on ``as_of``, then
    ``min(max(fixed, cents(owed x percent), floor), owed)``, the month's interest added to
    the fixed and percent parts for ``minimum_plus_interest``; owed whole in a final period."""
    from debtplan.core.money import cents

    interest = cents(debt.balance * debt.rate_on(as_of) / 1200)
    owed = debt.balance + interest
    if debt.final_period == 1:
        return owed
    extra = interest if debt.minimum_plus_interest else Decimal(0)
    percent_part = cents(owed * debt.minimum_percent / 100)
    return min(max(debt.minimum_fixed + extra, percent_part + extra, debt.minimum_floor), owed)


def _replaced_names(texts: Sequence[str], book: Book) -> list[str]:
    """``A,B`` (repeatable; a name holding a comma is matched whole first) as the book
    spells the names, each once."""
    names: list[str] = []
    for text in texts:
        parts = [text] if book.find(text.strip()) else text.split(",")
        for part in (p.strip() for p in parts):
            if part:
                name = book.loan_named(part).name
                if name not in names:
                    names.append(name)
    if not names:
        raise InputError(N_('--replace takes the loans to replace, like --replace "Card A,Card B"'))
    return names


def _plan(
    debts: Sequence[Debt],
    budget: Decimal,
    strategy: str,
    as_of: date,
    order: list[str] | None,
    options: dict[str, Any],
) -> tuple[Plan | None, CannotPayOff | None]:
    from debtplan.core import planner

    try:
        return planner.make_plan(debts, budget, strategy, as_of, order=order, **options), None
    except planner.CannotPayOff as error:
        return None, error


def replace_loans(book: Book, as_of: date, options: PlanOptions, replace_texts: Sequence[str]
                  ) -> Replacement:  # fmt: skip
    """Compare carrying on with the loans ``replace_texts`` name against replacing them by
    the loan ``options.with_loan`` describes (see the module docstring); raises
    :class:`~debtplan.core.text.DebtplanError` on options that cannot be read."""
    from debtplan.core.money import cents
    from debtplan.core.prospect import prospective_loan
    from debtplan.i18n import _, default_currency
    from debtplan.usecases.plan import (
        _per_currency,
        loan_terms,
        planned_debts,
        resolve_budgets,
        resolve_order,
    )

    if options.with_loan is None:
        raise InputError(N_("--replace needs --with-loan: the new loan's terms"))
    names = _replaced_names(replace_texts, book)
    debts = planned_debts(book, as_of, options.exclude, options.rate_changes)
    by_name = {d.name.casefold(): d for d in debts}
    for name in names:
        if name.casefold() not in by_name:
            raise InputError(
                N_("--replace {name}: the loan is not in the plan (excluded or paid off)"),
                name=name,
            )
    old = [by_name[name.casefold()] for name in names]
    currencies = list(dict.fromkeys(d.currency for d in old))
    if len(currencies) > 1:
        raise InputError(
            N_("--replace: the loans are in {currencies}; one new loan replaces loans of one "
               "currency"), currencies=", ".join(currencies))  # fmt: skip
    new = prospective_loan(
        options.with_loan,
        book,
        as_of,
        owed_currencies=currencies,
        fallback_currency=default_currency(),
        default_name=_("New loan"),
    )
    currency = new.loan.currency
    if currency != currencies[0]:
        raise InputError(
            N_("the new loan is in {new}, the loans it replaces in {old}; give it "
               "currency={old}"), new=currency, old=currencies[0])  # fmt: skip
    payoff = sum((d.balance + d.overdue for d in old), Decimal(0))
    received = new.loan.principal - new.loan.upfront_fee
    if received < payoff:
        raise InputError(
            N_("paying off {names} today takes {payoff} {currency}; the new loan brings "
               "{received} (its principal less the upfront fee): borrow at least {needed}"),
            names=", ".join(names), payoff=payoff, currency=currency, received=cents(received),
            needed=payoff + new.loan.upfront_fee,
        )  # fmt: skip
    budgets, _given = resolve_budgets(options.budgets, [currency], book.settings.budget)
    extras, changes = _per_currency(options.extras, options.budget_from, [currency])
    order = resolve_order(options.order, book, new.loan.name)
    strategy = options.strategy or ("custom" if order else "avalanche")
    run: dict[str, Any] = {"extras": extras.get(currency),
                           "budget_changes": changes.get(currency, ())}  # fmt: skip
    budget = budgets[currency]
    group = tuple(d for d in debts if d.currency == currency)
    gone = {name.casefold() for name in names}
    kept = tuple(d for d in group if d.name.casefold() not in gone)
    own = {d.name.casefold() for d in group}
    carry_order = [n for n in order if n.casefold() in own] if order is not None else None
    new_order = None
    if carry_order is not None:  # the new loan takes the place of the first loan it replaces
        new_order = []
        for n in carry_order:
            if n.casefold() not in gone:
                new_order.append(n)
            elif new.loan.name not in new_order:
                new_order.append(new.loan.name)
        if new.loan.name not in new_order:
            new_order.append(new.loan.name)
    after = (*kept, new.debt)
    carry_plan, carry_problem = _plan(group, budget, strategy, as_of, carry_order, run)
    new_plan, new_problem = _plan(after, budget, strategy, as_of, new_order, run)
    fee = new.loan.upfront_fee
    carry_on = Way(
        group, carry_plan, carry_problem,
        sum((first_minimum(replace(d, overdue=Decimal(0)), as_of) for d in old), Decimal(0)),
        carry_plan.total_interest if carry_plan else None,
    )  # fmt: skip
    replacing = Way(
        after, new_plan, new_problem, first_minimum(new.debt, as_of),
        cents(new_plan.total_interest + fee) if new_plan else None,
    )  # fmt: skip
    return Replacement(
        as_of, currency, budget, strategy, tuple(names), payoff, received,
        received - payoff, loan_terms(new.loan, book.settings.lpr_percent), carry_on, replacing,
    )  # fmt: skip
