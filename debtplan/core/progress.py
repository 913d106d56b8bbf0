"""Am I on track? The payments recorded, measured against the plan `plan --save` stored.

Per currency (amounts of different currencies are never added):

- ``borrowed``: every loan's principal (a card's opening balance); ``repaid``: what of it
  is no longer owed, ``borrowed - principal owed today`` (never below 0);
  ``paid_percent = repaid / borrowed x 100``, half-up to 0.01, by loan and in all.
- ``interest_paid``: the interest the recorded payments paid (with the interest paid on
  prepaid principal), penalties and fees apart.
- The balance a loan has on a day is what the planner counts for it that day: the
  principal not yet due plus everything due or overdue (:func:`debt_from_loan`).
- The saved plan's month ``k`` is dated ``as_of + k months``; its target for a loan is
  the balance the plan expected after that month's payments (``k = 0``: the balance on
  the day it was saved), and 0 after the loan's last target.
- ``months_passed``: the plan months dated on or before today; ``month_reached``: the
  last plan month whose target total is at least today's balance (0 when the balance is
  above the plan's start); ``months_ahead = month_reached - months_passed`` (negative:
  behind). Only the loans the saved plan holds count here.
- Milestones: the first loan paid off, half of what was borrowed repaid, each loan paid
  off, all paid off; reached on the day of the payment that reached it. The next one
  is the unreached one the saved plan expects soonest (without a plan: the first loan,
  half, all, in that order). The plan expects a loan paid off in the first month its
  target is 0, and half once its balance has fallen by what is still missing to half.
- ``interest_expected``: what the saved strategy and budget charge from today, on
  today's balances (:func:`debtplan.core.planner.make_plan`), or why it cannot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from debtplan.core.calendar import add_months
from debtplan.core.model import Book, Loan, SavedPlan
from debtplan.core.money import HUNDRED, ZERO, cents
from debtplan.core.text import DebtplanError, InputError

FIRST_LOAN, HALF, LOAN, ALL = "first_loan", "half", "loan", "all"


@dataclass(frozen=True)
class LoanProgress:
    name: str
    currency: str
    borrowed: Decimal
    repaid: Decimal
    paid_percent: Decimal
    balance: Decimal  # owed today, as the planner counts it
    interest_paid: Decimal
    paid_off_on: date | None
    in_plan: bool


@dataclass(frozen=True)
class Milestone:
    """``kind``: first_loan, half, loan (``loan`` names it) or all; ``reached_on`` the day
    it was reached (None: not yet), ``expected_on`` the saved plan's date for it."""

    kind: str
    loan: str | None
    reached_on: date | None
    expected_on: date | None


@dataclass(frozen=True)
class MonthPoint:
    """Plan month ``month`` (dated ``on``): the target total, and the actual balance that
    day (None for a day still to come)."""

    month: int
    on: date
    planned: Decimal
    actual: Decimal | None


@dataclass(frozen=True)
class CurrencyProgress:
    currency: str
    borrowed: Decimal
    repaid: Decimal
    paid_percent: Decimal
    interest_paid: Decimal
    balance: Decimal
    loans: tuple[LoanProgress, ...]
    milestones: tuple[Milestone, ...]  # reached, in date order
    next_milestone: Milestone | None
    # From the saved plan (None without one, or when it holds no loan of this currency):
    points: tuple[MonthPoint, ...] = ()
    planned_balance: Decimal | None = None  # the target total for the months passed
    balance_in_plan: Decimal | None = None  # owed today on the loans the plan holds
    months_passed: int | None = None
    month_reached: int | None = None
    months_ahead: int | None = None
    interest_expected: Decimal | None = None
    expected_debt_free: date | None = None
    plan_problem: DebtplanError | None = None  # why the rest of the plan cannot be worked out


@dataclass(frozen=True)
class Progress:
    as_of: date
    saved: SavedPlan | None
    currencies: tuple[CurrencyProgress, ...]


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    """``part / whole x 100``, half-up to 0.01 (0 when nothing was borrowed)."""
    return cents(part * HUNDRED / whole) if whole else ZERO


def owed_on(loan: Loan, day: date) -> Decimal:
    """What the planner counts as owed on ``day``: balance not yet due + due and overdue."""
    from debtplan.core.planning import debt_from_loan

    if day < loan.start:
        return ZERO
    debt = debt_from_loan(loan, day)
    return debt.balance + debt.overdue if debt is not None else ZERO


def _repaid(loan: Loan, day: date) -> tuple[Decimal, bool]:
    """(principal repaid by ``day``, whether the loan is paid off by then)."""
    from debtplan.core.ledger import loan_state

    state = loan_state(loan, day)
    return max(loan.principal - state.balance, ZERO), state.is_paid_off


def loan_progress(loan: Loan, as_of: date, in_plan: bool) -> LoanProgress:
    from debtplan.core.ledger import loan_state

    state = loan_state(loan, as_of)
    repaid = max(loan.principal - state.balance, ZERO)
    interest = sum((i.paid_interest for i in state.installments), ZERO) + state.prepaid_interest
    paid_off_on = None
    if state.is_paid_off and loan.payments:
        for payment_day in sorted({p.on for p in loan.payments if p.on <= as_of}):
            if _repaid(loan, payment_day)[1]:
                paid_off_on = payment_day
                break
    return LoanProgress(
        loan.name, loan.currency, loan.principal, repaid, percent_of(repaid, loan.principal),
        owed_on(loan, as_of), interest, paid_off_on, in_plan,
    )  # fmt: skip


def _half_reached(loans: Sequence[Loan], as_of: date, borrowed: Decimal) -> date | None:
    """The day of the payment after which half of ``borrowed`` was repaid."""
    days = sorted({p.on for loan in loans for p in loan.payments if p.on <= as_of})
    for day in days:
        if sum((_repaid(loan, day)[0] for loan in loans), ZERO) * 2 >= borrowed:
            return day
    return None


def plan_points(saved: SavedPlan, loans: Sequence[Loan], as_of: date) -> list[MonthPoint]:
    """Every month of the saved plan for ``loans`` (those it holds), with the actual
    balance on each day up to ``as_of``; months passed beyond the plan's end are added
    (target 0) up to ``as_of``."""
    rows = [saved.targets[loan.name] for loan in loans]
    last = max((len(row) for row in rows), default=1) - 1
    points = []
    month = 0
    while True:
        on = add_months(saved.as_of, month)
        if month > last and on > as_of:
            break
        planned = sum((row[month] for row in rows if month < len(row)), ZERO)
        actual = sum((owed_on(loan, on) for loan in loans), ZERO) if on <= as_of else None
        points.append(MonthPoint(month, on, planned, actual))
        month += 1
    return points


def _expected(saved: SavedPlan, row: Sequence[Decimal]) -> date | None:
    """The date of the first plan month whose target is 0."""
    month = next((k for k, target in enumerate(row) if k and not target), None)
    return add_months(saved.as_of, month) if month is not None else None


def currency_progress(
    book: Book, currency: str, as_of: date, saved: SavedPlan | None
) -> CurrencyProgress:
    loans = [loan for loan in book.loans if loan.currency == currency and loan.start <= as_of]
    planned = [loan for loan in loans if saved is not None and loan.name in saved.targets]
    by_loan = tuple(loan_progress(loan, as_of, loan in planned) for loan in loans)
    borrowed = sum((p.borrowed for p in by_loan), ZERO)
    repaid = sum((p.repaid for p in by_loan), ZERO)
    balance = sum((p.balance for p in by_loan), ZERO)
    paid_off = sorted((p.paid_off_on, p.name) for p in by_loan if p.paid_off_on is not None)
    half_on = _half_reached(loans, as_of, borrowed) if borrowed else None
    reached: dict[tuple[str, str | None], date | None] = {
        (FIRST_LOAN, None): paid_off[0][0] if paid_off else None,
        (HALF, None): half_on,
        **{(LOAN, p.name): p.paid_off_on for p in by_loan},
        (ALL, None): paid_off[-1][0] if len(paid_off) == len(by_loan) and paid_off else None,
    }
    expected: dict[tuple[str, str | None], date | None] = dict.fromkeys(reached)
    extra: dict[str, object] = {}
    if saved is not None and planned:
        points = plan_points(saved, planned, as_of)
        passed = [p for p in points if p.on <= as_of]
        actual_now = sum((owed_on(loan, as_of) for loan in planned), ZERO)
        month_reached = max((p.month for p in points if p.planned >= actual_now), default=0)
        months_passed = passed[-1].month
        for loan in planned:
            expected[(LOAN, loan.name)] = _expected(saved, saved.targets[loan.name])
        loan_dates = [d for (kind, _), d in expected.items() if kind == LOAN and d]
        expected[(FIRST_LOAN, None)] = min(loan_dates, default=None)
        expected[(ALL, None)] = max(loan_dates, default=None)
        missing = borrowed / 2 - repaid
        expected[(HALF, None)] = next(
            (p.on for p in points if p.on > as_of and actual_now - p.planned >= missing), None
        )
        extra = {
            "points": tuple(points),
            "planned_balance": passed[-1].planned,
            "balance_in_plan": actual_now,
            "months_passed": months_passed,
            "month_reached": month_reached,
            "months_ahead": month_reached - months_passed,
            **_rest_of_plan(saved, planned, currency, as_of),
        }
    done = sorted(
        (Milestone(kind, name, on, expected[(kind, name)])
         for (kind, name), on in reached.items() if on is not None),
        key=lambda m: m.reached_on or as_of,
    )  # fmt: skip
    to_come = [
        Milestone(kind, name, None, expected[(kind, name)])
        for (kind, name), on in reached.items()
        if on is None and (kind != LOAN or expected[(kind, name)] is not None)
    ]
    dated = [m for m in to_come if m.expected_on is not None]
    upcoming = min(dated, key=lambda m: m.expected_on or as_of) if dated else None
    if upcoming is None and to_come:
        upcoming = to_come[0]
    return CurrencyProgress(
        currency, borrowed, repaid, percent_of(repaid, borrowed),
        sum((p.interest_paid for p in by_loan), ZERO), balance, by_loan, tuple(done),
        upcoming, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def _rest_of_plan(
    saved: SavedPlan, loans: Sequence[Loan], currency: str, as_of: date
) -> dict[str, object]:
    """The saved strategy and budget from today: the interest still expected and the
    debt-free date, or why they cannot be worked out."""
    from debtplan.core import planner
    from debtplan.core.planning import debts_from_book
    from debtplan.core.text import N_

    debts = debts_from_book(loans, as_of)
    if not debts:
        return {"interest_expected": ZERO, "expected_debt_free": None}
    if currency not in saved.budget:
        error = InputError(N_("the saved plan has no budget in {currency}"), currency=currency)
        return {"plan_problem": error}
    owed = [d.name for d in debts]
    order = None
    if saved.strategy == "custom":  # the saved order, then any loan it does not name
        order = [name for name in saved.order if name in owed]
        order += [name for name in owed if name not in order]
    try:
        plan = planner.make_plan(
            debts, saved.budget[currency], saved.strategy, as_of, order=order, detail=False
        )
    except planner.CannotPayOff as error:
        return {"plan_problem": error}
    return {"interest_expected": plan.total_interest, "expected_debt_free": plan.debt_free_date}


def progress(book: Book, as_of: date) -> Progress:
    """Every currency's progress (see the module docstring), in the book's order."""
    currencies = list(dict.fromkeys(loan.currency for loan in book.loans if loan.start <= as_of))
    saved = book.saved_plan
    return Progress(
        as_of, saved, tuple(currency_progress(book, c, as_of, saved) for c in currencies)
    )
