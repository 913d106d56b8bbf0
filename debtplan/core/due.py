"""What needs attention: installments overdue, due, or falling due within a window.

This is the answer behind ``debtplan due`` (the command cron runs every day): every
unpaid installment whose due date is on or before ``as_of + within`` days, with what is
owed on it as of ``as_of`` (penalty and late fees included), soonest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from debtplan.core.ledger import InstallmentState, Status, owing_by
from debtplan.core.model import Loan

MAX_WITHIN = 3660  # days: ten years ahead is as far as `due --within` looks


@dataclass(frozen=True)
class DueItem:
    """One installment that needs attention, as of a date."""

    loan: str
    currency: str
    number: int
    due_date: date
    amount: Decimal  # everything owed on it as of the date: principal, interest, penalty, fees
    days_until: int  # negative: days late
    status: str  # "overdue", "due" (today or within the grace days) or "upcoming"


def due_items(loans: Iterable[Loan], as_of: date, within: int) -> list[DueItem]:
    """Unpaid installments overdue, due, or falling due within ``within`` days of
    ``as_of``, soonest first (then by loan name ignoring case, then by number)."""
    # Clamped at the calendar's last day: nothing is due after it (no loan's last due date
    # is later than 9998-12-31), and a date cannot hold a later one.
    horizon = as_of + timedelta(days=min(within, (date.max - as_of).days))
    items = [
        _item(loan, state, as_of) for loan in loans for state in owing_by(loan, as_of, horizon)
    ]
    items.sort(key=lambda item: (item.due_date, item.loan.casefold(), item.number))
    return items


def _item(loan: Loan, state: InstallmentState, as_of: date) -> DueItem:
    status = state.status
    word = status.value if status in (Status.OVERDUE, Status.DUE) else "upcoming"
    return DueItem(loan.name, loan.currency, state.number, state.due_date, state.total_owed,
                   (state.due_date - as_of).days, word)  # fmt: skip


def exit_code(items: Iterable[DueItem]) -> int:
    """``due --exit-code``: 3 when something is overdue, 1 when something is due, else 0."""
    items = list(items)
    if any(item.status == "overdue" for item in items):
        return EXIT_OVERDUE
    return EXIT_DUE if items else 0


EXIT_DUE = 1
EXIT_OVERDUE = 3
