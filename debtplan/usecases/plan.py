"""`plan` as a use case: the book, a date and the options in; a :class:`PlanResult` out.

The options arrive as the person typed them (:class:`PlanOptions`) and are read here
against the book: which loans are planned, in which currencies, with which budgets,
extras, budget changes, rate changes and order. Each loan's figures come from its
ledger once (:func:`debtplan.core.planning.debts_from_book`); loans in different
currencies are planned per currency, each with its own budget. A plan that cannot work
is a result (:attr:`CurrencyOutcome.problem`), not an exception; a mistake in the
options raises :class:`~debtplan.core.text.DebtplanError` with how to fix it.
Nothing here prints or writes: :mod:`debtplan.render.plan` shows the result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from debtplan.core.text import N_, DebtplanError, InputError

if TYPE_CHECKING:
    from debtplan.core.model import Book, Loan, Method, SavedPlan
    from debtplan.core.money import Rate
    from debtplan.core.planner import CannotPayOff, Comparison, Debt, Plan
    from debtplan.core.prospect import ProspectiveLoan

_CODE_AND_AMOUNT = re.compile(r"\s*([A-Za-z]{3})?\s*(.*?)\s*([A-Za-z]{3})?\s*")
_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")

ByMonth = dict[tuple[int, int], Decimal]


@dataclass(frozen=True)
class PlanOptions:
    """The options of `plan` as given (texts, read against the book by :func:`plan_book`).

    ``budgets``: ``[CUR=]AMOUNT``; ``order``: ``A,B,C``; ``extras`` and ``budget_from``:
    ``YYYY-MM=AMOUNT [CUR]``; ``rate_changes``: ``NAME=DATE:RATE``; ``exclude``: names;
    ``with_loan``: a prospective loan's terms (:mod:`debtplan.core.prospect`);
    ``compare``: every strategy side by side instead of one plan.
    """

    budgets: Sequence[str] = ()
    strategy: str | None = None
    order: Sequence[str] = ()
    extras: Sequence[str] = ()
    budget_from: Sequence[str] = ()
    rate_changes: Sequence[str] = ()
    exclude: Sequence[str] = ()
    with_loan: str | None = None
    compare: bool = False


@dataclass(frozen=True)
class LoanTerms:
    """What a prospective loan costs: its installments and its real APR (the APR fields
    are None when no rate balances its cash flows, e.g. a card whose minimum never
    covers its interest)."""

    name: str
    currency: str
    method: str
    principal: Decimal
    term: int | None
    installment: Decimal | None
    first_due_date: date | None
    installments: int
    total_repaid: Decimal
    nominal_apr: Decimal | None
    effective_apr: Decimal | None
    advertised_apr: Decimal | None
    total_interest: Decimal | None
    total_fees: Decimal | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class PlanWithNewLoan:
    """The plan without and with a prospective loan on the same budget. ``before`` is
    None when nothing else is owed in its currency; ``after`` None when the budget
    cannot carry the loan, and then ``problem`` says why."""

    loan: Loan
    terms: LoanTerms
    budget: Decimal
    before: Plan | None
    after: Plan | None
    problem: CannotPayOff | None


@dataclass(frozen=True)
class CurrencyOutcome:
    """One currency's result: a plan, a comparison or a plan with a new loan, or why it
    cannot work (``problem``). ``debts`` are those planned in this currency."""

    currency: str
    debts: tuple[Debt, ...]
    budget: Decimal
    plan: Plan | None = None
    comparison: Comparison | None = None
    with_new_loan: PlanWithNewLoan | None = None
    problem: CannotPayOff | None = None


@dataclass(frozen=True)
class PlanResult:
    """Everything `plan` shows: one outcome per currency planned, in order.

    ``methods``: each loan's repayment method by its key (how the plan counts it);
    ``given_budgets``: the budgets given as options, by currency (what
    ``--save-budget`` stores); ``order``: the custom order asked for, if any.
    """

    as_of: date
    outcomes: tuple[CurrencyOutcome, ...]
    methods: Mapping[str, Method]
    given_budgets: Mapping[str, Decimal] = field(default_factory=dict)
    order: tuple[str, ...] = ()

    @property
    def failed(self) -> list[CurrencyOutcome]:
        return [outcome for outcome in self.outcomes if outcome.problem is not None]

    @property
    def with_new_loan(self) -> PlanWithNewLoan | None:
        return next((o.with_new_loan for o in self.outcomes if o.with_new_loan), None)


# -- reading the options ------------------------------------------------------------------


def amount_with_currency(text: str) -> tuple[Decimal, str | None]:
    """``"300"``, ``"300 USD"``, ``"USD 300"``, ``"¥1,000"`` -> (amount, code or None)."""
    from debtplan.core.fields import parse_currency, parse_positive_money

    match = _CODE_AND_AMOUNT.fullmatch(text)
    assert match is not None  # the pattern matches any text
    before, amount, after = match.groups()
    if before and after:
        raise InputError(
            N_("{value!r} names two currencies; write an amount like 300 or 300 USD"), value=text
        )
    code = before or after
    return parse_positive_money(amount), parse_currency(code) if code else None


def parse_budget(text: str) -> tuple[Decimal, str | None]:
    """A ``--budget``: ``5000``, ``CNY=5000`` or ``5000 CNY``."""
    from debtplan.core.fields import parse_currency, parse_positive_money

    code, sep, amount = text.partition("=")
    if sep:
        return parse_positive_money(amount.strip()), parse_currency(code)
    return amount_with_currency(text)


def parse_month(text: str) -> date:
    """``2027-01`` (the month's first day) or a whole date ``2027-01-15``."""
    from debtplan.core.fields import parse_date

    match = _MONTH.fullmatch(text)
    if match:
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return date(year, month, 1)
        raise InputError(
            N_("{value!r} is not a month; write it as YYYY-MM, like 2027-01"), value=text
        )
    return parse_date(text)


def parse_dated_amount(text: str, option: str) -> tuple[date, Decimal, str | None]:
    """``2027-01=500`` (an ``--extra`` or ``--budget-from``) -> (date, amount, currency)."""
    when, sep, amount = text.partition("=")
    if not sep or not when.strip() or not amount.strip():
        raise InputError(
            N_("{option} takes MONTH=AMOUNT, like {option} 2027-01=500; got {value!r}"),
            option=option,
            value=text,
        )
    money, code = amount_with_currency(amount)
    return parse_month(when), money, code


def parse_rate_change(text: str) -> tuple[str, date, Rate]:
    """``NAME=2027-06-01:18%`` -> (name, date, Rate)."""
    from debtplan.core.fields import parse_any_rate

    name, sep, change = text.rpartition("=")
    when, colon, rate = change.partition(":")
    if not sep or not name.strip() or not colon:
        raise InputError(
            N_(
                "--rate-change takes NAME=DATE:RATE, like --rate-change Card=2027-06-01:18%; "
                "got {value!r}"
            ),
            value=text,
        )
    return name.strip(), parse_month(when), parse_any_rate(rate.strip())


# -- the options against the book ---------------------------------------------------------


def _currency_for(code: str | None, currencies: Sequence[str], option: str, text: str) -> str:
    """The currency an option's amount is in: its code, or the only one planned."""
    if code is None:
        if len(currencies) != 1:
            raise InputError(
                N_(
                    "the loans are in {currencies}; say which currency {option} {value} is in, "
                    "like {option} {value}{example}"
                ),
                currencies=", ".join(currencies),
                option=option,
                value=text,
                example=f" {currencies[0]}" if "=" in text else "",
            )
        return currencies[0]
    if code not in currencies:
        raise InputError(
            N_("{option} {value}: no loan in the plan is in {currency}"),
            option=option,
            value=text,
            currency=code,
        )
    return code


def resolve_budgets(
    values: Sequence[str], currencies: Sequence[str], stored: Mapping[str, Decimal]
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(the budget of every currency planned, the budgets given as options).

    A bare amount needs a single currency; currencies without a ``--budget`` use
    the one stored in the file.
    """
    given: dict[str, Decimal] = {}
    for text in values:
        amount, code = parse_budget(text)
        if code is None:
            if len(currencies) != 1:
                raise InputError(
                    N_(
                        "the loans are in {currencies}; give a budget for each, like "
                        "--budget {example}"
                    ),
                    currencies=", ".join(currencies),
                    example=" --budget ".join(f"{c}=AMOUNT" for c in currencies),
                )
            code = currencies[0]
        given[code] = amount
    budgets: dict[str, Decimal] = {}
    missing = []
    for currency in currencies:
        if currency in given:
            budgets[currency] = given[currency]
        elif currency in stored:
            budgets[currency] = stored[currency]
        else:
            missing.append(currency)
    if missing:
        raise InputError(
            N_(
                "there is no monthly budget for {currencies}: pass --budget AMOUNT (with "
                "several currencies --budget CNY=AMOUNT), or store it with --save-budget"
            ),
            currencies=", ".join(missing),
        )
    return budgets, given


def resolve_order(values: Sequence[str], book: Book, new_name: str | None) -> list[str] | None:
    """The loans named by ``--order`` (``A,B,C``, repeatable; a name holding a comma is
    matched whole first), as the book spells them."""

    if not values:
        return None
    names: list[str] = []
    for value in values:
        parts = [value] if book.find(value.strip()) else value.split(",")
        for part in (p.strip() for p in parts):
            if not part:
                continue
            if new_name is not None and part.casefold() == new_name.casefold():
                raise InputError(
                    N_(
                        "leave the new loan out of --order: a custom order pays it last, "
                        "after the loans you have"
                    )
                )
            names.append(book.loan_named(part).name)
    return names


def planned_debts(
    book: Book, as_of: date, exclude: Sequence[str], rate_changes: Sequence[str]
) -> list[Debt]:
    """The book's debts, without the excluded loans, with the what-if rate changes.

    Each loan's ledger is taken once, here; everything after works on its debt.
    """
    from debtplan.core.planning import debts_from_book, with_rate_change

    left_out = {book.loan_named(name).key for name in exclude}
    debts = debts_from_book([loan for loan in book.loans if loan.key not in left_out], as_of)
    by_key = {debt.name.casefold(): i for i, debt in enumerate(debts)}
    for text in rate_changes:
        name, starts, rate = parse_rate_change(text)
        loan = book.loan_named(name)
        if loan.key not in by_key:
            raise InputError(
                N_("--rate-change {name}: the loan is not in the plan (excluded or paid off)"),
                name=loan.name,
            )
        i = by_key[loan.key]
        debts[i] = with_rate_change(debts[i], loan, starts, rate)
    return debts


def _per_currency(
    extras: Sequence[str], budget_from: Sequence[str], currencies: Sequence[str]
) -> tuple[dict[str, ByMonth], dict[str, list[tuple[date, Decimal]]]]:
    """``--extra`` by currency and month (amounts in one month add up); ``--budget-from``."""
    by_month: dict[str, ByMonth] = {}
    for text in extras:
        when, amount, code = parse_dated_amount(text, "--extra")
        currency = _currency_for(code, currencies, "--extra", text)
        month = (when.year, when.month)
        group = by_month.setdefault(currency, {})
        group[month] = group.get(month, Decimal(0)) + amount
    changes: dict[str, list[tuple[date, Decimal]]] = {}
    for text in budget_from:
        when, amount, code = parse_dated_amount(text, "--budget-from")
        currency = _currency_for(code, currencies, "--budget-from", text)
        changes.setdefault(currency, []).append((when, amount))
    return by_month, changes


# -- the run ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Request:
    """The options, read and checked against the book: what to plan, per currency."""

    strategy: str
    order: list[str] | None
    budgets: dict[str, Decimal]
    extras: dict[str, ByMonth]
    budget_changes: dict[str, list[tuple[date, Decimal]]]


def loan_terms(loan: Loan, lpr_percent: Decimal | None) -> LoanTerms:
    """What a prospective loan costs: its installment and its real APR."""
    from debtplan.core.apr import contract_cost
    from debtplan.core.schedule import contract_schedule
    from debtplan.usecases.standing import cost_document

    schedule = contract_schedule(loan)
    try:
        cost: dict[str, Any] | None = cost_document(contract_cost(loan, lpr_percent))
    except DebtplanError:
        cost = None  # e.g. a card whose minimum never covers its interest
    return LoanTerms(
        name=loan.name,
        currency=loan.currency,
        method=loan.method.value,
        principal=loan.principal,
        term=loan.term or None,
        installment=schedule[0].payment if schedule else None,
        first_due_date=schedule[0].due_date if schedule else None,
        installments=len(schedule),
        total_repaid=sum((i.payment for i in schedule), Decimal(0)),
        nominal_apr=cost["nominal_apr"] if cost else None,
        effective_apr=cost["effective_apr"] if cost else None,
        advertised_apr=cost["advertised_apr"] if cost else None,
        total_interest=cost["total_interest"] if cost else None,
        total_fees=cost["total_fees"] if cost else None,
        flags=tuple(cost["flags"]) if cost else (),
    )


def _with_new_loan(
    request: _Request,
    group: tuple[Debt, ...],
    new: ProspectiveLoan,
    budget: Decimal,
    as_of: date,
    order: list[str] | None,
    options: dict[str, Any],
    lpr_percent: Decimal | None,
) -> PlanWithNewLoan:
    """The plan without and with the new loan (raises CannotPayOff when the plan without
    it already cannot work)."""
    from debtplan.core import planner

    after: Plan | None
    if group:
        found = planner.with_prospective(
            group, new.debt, budget, request.strategy, as_of, order=order, **options
        )
        before, after, problem = found.before, found.after, found.after_problem
    else:
        before, problem = None, None
        custom = [new.debt.name] if request.strategy == "custom" else None
        try:
            after = planner.make_plan(
                [new.debt], budget, request.strategy, as_of, order=custom, **options
            )
        except planner.CannotPayOff as error:
            after, problem = None, error
    terms = loan_terms(new.loan, lpr_percent)
    return PlanWithNewLoan(new.loan, terms, budget, before, after, problem)


def _run(
    request: _Request,
    debts: Sequence[Debt],
    currency: str,
    as_of: date,
    *,
    compare_all: bool,
    new: ProspectiveLoan | None,
    lpr_percent: Decimal | None,
) -> CurrencyOutcome:
    from debtplan.core import planner

    group = tuple(d for d in debts if d.currency == currency)
    own = {d.name.casefold() for d in group}
    order = None
    if request.order is not None:
        order = [name for name in request.order if name.casefold() in own]
    budget = request.budgets[currency]
    options: dict[str, Any] = {
        "extras": request.extras.get(currency),
        "budget_changes": request.budget_changes.get(currency, ()),
    }
    try:
        if new is not None:
            found = _with_new_loan(request, group, new, budget, as_of, order, options, lpr_percent)
            return CurrencyOutcome(currency, group, budget, with_new_loan=found)
        if compare_all:
            comparison = planner.compare(group, budget, as_of, order=order, detail=False, **options)
            return CurrencyOutcome(currency, group, budget, comparison=comparison)
        plan = planner.make_plan(group, budget, request.strategy, as_of, order=order, **options)
        return CurrencyOutcome(currency, group, budget, plan=plan)
    except planner.CannotPayOff as error:
        return CurrencyOutcome(currency, group, budget, problem=error)


def plan_book(book: Book, as_of: date, options: PlanOptions) -> PlanResult:
    """Plan paying the book's loans from ``as_of``, as ``options`` ask (see the module
    docstring); raises :class:`~debtplan.core.text.DebtplanError` on options that
    cannot be read against the book."""
    from debtplan.core.prospect import prospective_loan
    from debtplan.i18n import _, default_currency

    debts = planned_debts(book, as_of, options.exclude, options.rate_changes)
    new: ProspectiveLoan | None = None
    if options.with_loan is not None:
        new = prospective_loan(
            options.with_loan,
            book,
            as_of,
            owed_currencies=list(dict.fromkeys(d.currency for d in debts)),
            fallback_currency=default_currency(),
            default_name=_("New loan"),
        )
        currencies = [new.loan.currency]
    else:
        currencies = list(dict.fromkeys(d.currency for d in debts))
        if not currencies:
            raise DebtplanError(
                N_("there is nothing to plan: no loan is owed (none added, all paid off, "
                   "or all excluded)")
            )  # fmt: skip
    budgets, given = resolve_budgets(options.budgets, currencies, book.settings.budget)
    extras, changes = _per_currency(options.extras, options.budget_from, currencies)
    order = resolve_order(options.order, book, new.loan.name if new else None)
    chosen = options.strategy or ("custom" if order else "avalanche")
    request = _Request(chosen, order, budgets, extras, changes)
    lpr = book.settings.lpr_percent
    outcomes = tuple(
        _run(request, debts, currency, as_of, compare_all=options.compare, new=new,
             lpr_percent=lpr)
        for currency in currencies
    )  # fmt: skip
    methods = {loan.key: loan.method for loan in book.loans}
    return PlanResult(as_of, outcomes, methods, given, tuple(order or ()))


def plan_to_save(result: PlanResult) -> SavedPlan:
    """What ``plan --save`` stores: the strategy, the date, each currency's budget and,
    per loan, the balance the plan expects on ``as_of`` and after each month up to the
    month it is paid off (:class:`~debtplan.core.model.SavedPlan`)."""
    from debtplan.core.model import SavedPlan

    targets: dict[str, tuple[Decimal, ...]] = {}
    strategy = ""
    for outcome in result.outcomes:
        plan = outcome.plan
        if plan is None:  # a comparison or a new loan: the caller refuses --save with them
            raise DebtplanError(N_("only a plan that works can be saved"))
        strategy = plan.strategy.value
        for debt in outcome.debts:
            row = [debt.balance + debt.overdue]
            for month in plan.rows:
                if not row[-1]:
                    break
                row.append(month.balances[debt.name])
            targets[debt.name] = tuple(row)
    budget = {outcome.currency: outcome.budget for outcome in result.outcomes}
    order = result.order if strategy == "custom" else ()
    return SavedPlan(strategy, result.as_of, budget, targets, order)
