"""What moves a revolving line (a card, 花呗, 借呗) besides payments: charges and statements.

Conventions (docs/conventions.md#charges): a charge joins the balance on the first due date
after it. Until then it bears no interest; from then on it is balance like any other, and
the statement it joins, and the minimum taken on it, hold it. A statement sets the balance
on its date: the ledger starts again from it, with the payments and charges dated after it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from debtplan.core.model import Charge, Loan, Method
from debtplan.core.money import ZERO
from debtplan.core.schedule import due_date, period_start


class Opening(NamedTuple):
    """Where the ledger starts as of a date: the loan with what it settles (payments,
    charges), the balance to start from (None: the loan's own) and the first installment."""

    loan: Loan
    balance: Decimal | None
    first_number: int


def opening(loan: Loan, as_of: date) -> Opening:
    """The loan as the ledger settles it on ``as_of``.

    Charges dated after ``as_of`` are not made yet. The latest statement on or before
    ``as_of`` replaces everything before it: the schedule starts at the first due date after
    the statement, from its balance, with the payments and charges dated after it.
    """
    if loan.method is not Method.REVOLVING or not (loan.charges or loan.statements):
        return Opening(loan, None, 1)
    statement = next((s for s in reversed(loan.statements) if s.on <= as_of), None)
    if statement is None:
        made = tuple(c for c in loan.charges if c.on <= as_of)
        return Opening(replace(loan, charges=made, statements=()), None, 1)
    made = tuple(c for c in loan.charges if statement.on < c.on <= as_of)
    paid = tuple(p for p in loan.payments if p.on > statement.on)
    number = 1
    while due_date(loan, number) <= statement.on:
        number += 1
    settled = replace(loan, charges=made, payments=paid, statements=())
    return Opening(settled, statement.balance, number)


def joining(loan: Loan, number: int, after: date) -> tuple[Charge, ...]:
    """The charges dated after ``after`` that join installment ``number`` or a later one."""
    begins = period_start(loan, number)
    return tuple(c for c in loan.charges if c.on >= begins and c.on > after)


def interest_free(loan: Loan, number: int, on: date, balance: Decimal) -> Decimal:
    """The part of ``balance`` owed on ``on`` that bears no interest yet: the charges made
    since installment ``number``'s period began (and since the latest statement), up to
    that day; they join the balance on its due date."""
    if loan.method is not Method.REVOLVING or not loan.charges:
        return ZERO
    begins = period_start(loan, number)
    stated = next((s.on for s in reversed(loan.statements) if s.on <= on), None)
    made = sum(
        (c.amount for c in loan.charges
         if begins <= c.on <= on and (stated is None or c.on > stated)),
        ZERO,
    )  # fmt: skip
    return min(made, max(balance, ZERO))
