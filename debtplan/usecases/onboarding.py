"""Loans people already have: adding one that has been paid on for a while.

``add --paid-installments N`` records the first N installments of the contract schedule
as paid on their due dates, so a loan paid on time since it began is current the day it
is added (:func:`with_paid_installments`). A loan added with installments past due and
not recorded as paid is overdue from the first day; :func:`overdue_when_added` says so,
with what to record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from debtplan.core.fields import MAX_TERM, parse_whole_number
from debtplan.core.model import BookError, Loan, Method, Payment, Problem
from debtplan.core.text import N_, InputError

PAID_OPTION = "--paid-installments"


def _refused(loan: Loan, error: InputError) -> BookError:
    return BookError([Problem(loan.name, PAID_OPTION, error)],
                     N_("the loan has {count} problem(s); nothing was saved"))  # fmt: skip


def with_paid_installments(loan: Loan, given: int | str, today: date) -> Loan:
    """``loan`` with its first ``given`` contract installments paid on their due dates
    (``given`` as typed: a whole number from 0).

    Each payment is the installment's amount in the contract schedule (principal,
    interest and any flat fee), so nothing is owed on them and the loan is current.
    An installment of 0.00 (interest-only at 0%) needs no payment and gets none.
    Refused (:class:`BookError`, nothing saved) for a card, for more installments than
    the contract has, and for installments not yet due on ``today``.
    """
    try:
        count = parse_whole_number(given, 0, MAX_TERM)
    except InputError as error:
        raise _refused(loan, error) from None
    if count == 0:
        return loan
    if loan.method is Method.REVOLVING:
        raise _refused(loan, InputError(
            N_("a card has no installments to record; record what you paid with "
               "`debtplan pay NAME AMOUNT --date YYYY-MM-DD`")))  # fmt: skip
    from debtplan.core.schedule import contract_schedule

    schedule = contract_schedule(loan)
    if count > len(schedule):
        raise _refused(loan, InputError(
            N_("{count} is more than the loan's {installments} installment(s); give at most "
               "{installments}"), count=count, installments=len(schedule)))  # fmt: skip
    late = schedule[count - 1]
    if late.due_date > today:
        due = sum(1 for row in schedule if row.due_date <= today)
        raise _refused(loan, InputError(
            N_("installment {number} falls due on {date}, after today ({today}); {due} "
               "installment(s) are due by today, so give at most {due} and record later "
               "payments with `debtplan pay`"),
            number=late.number, date=late.due_date.isoformat(), today=today.isoformat(),
            due=due))  # fmt: skip
    paid = [Payment(row.due_date, row.payment) for row in schedule[:count] if row.payment > 0]
    payments = tuple(sorted((*loan.payments, *paid), key=lambda p: p.on))
    return replace(loan, payments=payments)


@dataclass(frozen=True)
class OverdueNotice:
    """A loan overdue on the day it is added: what is behind, and how many of its
    installments were due by then (what ``--paid-installments`` would record)."""

    count: int  # installments overdue
    since: date  # the due date of the first of them
    owed: Decimal  # what they owe: principal, interest, penalty and fees
    due_by_today: int  # installments of the contract due on or before the day
    card: bool


def overdue_when_added(loan: Loan, today: date) -> OverdueNotice | None:
    """What is overdue on ``loan`` on ``today``, the day it is added, or None."""
    from debtplan.core.ledger import loan_state

    overdue = loan_state(loan, today).overdue
    if not overdue:
        return None
    due = sum(1 for row in _contract_due_dates(loan) if row <= today)
    owed = sum((item.total_owed for item in overdue), Decimal(0))
    card = loan.method is Method.REVOLVING
    return OverdueNotice(len(overdue), overdue[0].due_date, owed, due, card)


def _contract_due_dates(loan: Loan) -> list[date]:
    if loan.method is Method.REVOLVING:
        return []
    from debtplan.core.schedule import contract_schedule

    return [row.due_date for row in contract_schedule(loan)]
