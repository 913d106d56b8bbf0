"""What the ledger gives: an installment and a loan as of a date, and the prepayments.

The types :mod:`debtplan.core.ledger` returns (and re-exports); the payoff is here, the one
every command shows (:attr:`LoanState.payoff_amount`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from debtplan.core.model import Loan, Prepay
from debtplan.core.money import ZERO
from debtplan.core.penalty import Stage, bucket, stage
from debtplan.core.prepay import clearing


class Status(StrEnum):
    """Where an installment stands as of a date."""

    PAID = "paid"
    PARTLY_PAID = "partly-paid"  # something paid, the rest not yet due
    DUE = "due"  # due today, or late but within the grace days
    OVERDUE = "overdue"
    UPCOMING = "upcoming"


# Where each part of what is owed sits in ``_Open.paid`` (a list: cheaper than a dict
# per installment, and 1,000 loans x 120 installments make many).
@dataclass(frozen=True)
class InstallmentState:
    """An installment as of a date: what was scheduled, charged, paid and is still owed."""

    number: int
    due_date: date
    payment: Decimal  # scheduled
    principal: Decimal
    interest: Decimal
    balance: Decimal  # scheduled principal left after it
    penalty: Decimal  # penalty interest charged to date
    late_fee: Decimal
    paid_principal: Decimal
    paid_interest: Decimal
    paid_penalty: Decimal
    paid_fees: Decimal
    paid_on: date | None
    days_overdue: int
    status: Status

    @property
    def principal_owed(self) -> Decimal:
        return self.principal - self.paid_principal

    @property
    def interest_owed(self) -> Decimal:
        return self.interest - self.paid_interest

    @property
    def penalty_owed(self) -> Decimal:
        return self.penalty - self.paid_penalty

    @property
    def fees_owed(self) -> Decimal:
        return self.late_fee - self.paid_fees

    @property
    def amount_owed(self) -> Decimal:
        """Scheduled principal + interest still unpaid."""
        return self.principal_owed + self.interest_owed

    @property
    def total_owed(self) -> Decimal:
        return self.amount_owed + self.penalty_owed + self.fees_owed

    @property
    def total_paid(self) -> Decimal:
        return self.paid_principal + self.paid_interest + self.paid_penalty + self.paid_fees


class Payoff(NamedTuple):
    """What clears a loan on a day (:meth:`LoanState.payoff`)."""

    principal: Decimal
    interest: Decimal  # due, and earned to the day on the principal not yet due
    penalty: Decimal
    fees: Decimal  # late fees and the prepayment fee

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.penalty + self.fees


@dataclass(frozen=True)
class Prepayment:
    """Money paid ahead of the schedule on a day: the principal it cut, the interest that
    principal earned to that day, the prepayment fee, and the principal left after it."""

    on: date
    principal: Decimal
    interest: Decimal
    fee: Decimal
    balance: Decimal
    prepay: Prepay

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest + self.fee


@dataclass(frozen=True)
class LoanState:
    """A loan as of ``as_of``: every installment's state and the totals people ask for."""

    loan: Loan
    as_of: date
    installments: tuple[InstallmentState, ...]
    prepaid: Decimal  # principal paid ahead of schedule
    overpaid: Decimal  # paid beyond everything the loan could ever owe
    daily_penalty_rate: Decimal  # fraction a day
    prepayments: tuple[Prepayment, ...] = ()  # in date order; ``prepaid`` is their principal

    @property
    def prepaid_interest(self) -> Decimal:
        """Interest paid with the prepayments (on the principal they cut, to their day)."""
        return sum((p.interest for p in self.prepayments), ZERO)

    @property
    def prepay_fees(self) -> Decimal:
        return sum((p.fee for p in self.prepayments), ZERO)

    @property
    def overdue(self) -> tuple[InstallmentState, ...]:
        return tuple(i for i in self.installments if i.status is Status.OVERDUE)

    @property
    def due_now(self) -> tuple[InstallmentState, ...]:
        """Overdue installments and those due today or within their grace days."""
        return tuple(i for i in self.installments if i.status in (Status.OVERDUE, Status.DUE))

    @property
    def days_overdue(self) -> int:
        return max((i.days_overdue for i in self.overdue), default=0)

    @property
    def stage(self) -> Stage | None:
        return stage(self.days_overdue)

    @property
    def bucket(self) -> str | None:
        return bucket(self.days_overdue)

    @property
    def overdue_amount(self) -> Decimal:
        """Scheduled principal + interest of the overdue installments still unpaid."""
        return sum((i.amount_owed for i in self.overdue), ZERO)

    @property
    def penalty(self) -> Decimal:
        return sum((i.penalty_owed for i in self.installments), ZERO)

    @property
    def late_fees(self) -> Decimal:
        return sum((i.fees_owed for i in self.installments), ZERO)

    @property
    def total_due(self) -> Decimal:
        """What to pay today so that nothing is overdue or due: all owed on due installments."""
        return sum((i.total_owed for i in self.due_now), ZERO)

    @property
    def balance(self) -> Decimal:
        """Principal not yet repaid."""
        return sum((i.principal_owed for i in self.installments), ZERO)

    def payoff(self) -> Payoff:
        """What clears the whole loan today, in parts (docs/conventions.md#payoff): the
        principal owed; the interest due, and the interest the principal not yet due earned
        by the day since its period began; the penalty; the late fees and the contract's
        prepayment fee (a flat loan with none set keeps its current installment's fee, as
        interest). The one payoff every command and letter shows."""
        interest = sum((i.interest_owed for i in self.due_now), ZERO)
        fee = ZERO
        upcoming = [
            i for i in self.installments if i.status in (Status.UPCOMING, Status.PARTLY_PAID)
        ]
        if upcoming and upcoming[0].total_paid:  # paid into already: owed as it stands
            current, rest = upcoming[0], upcoming[1:]
            interest += current.interest_owed
            if rest:
                principal = sum((i.principal_owed for i in rest), ZERO)
                after = clearing(self.loan, rest[0].number, principal, self.as_of)
                interest += after.interest + after.kept
                fee = after.fee
        elif upcoming:
            principal = sum((i.principal_owed for i in upcoming), ZERO)
            whole = clearing(self.loan, upcoming[0].number, principal, self.as_of)
            interest += whole.interest + whole.kept
            fee = whole.fee
        return Payoff(self.balance, interest, self.penalty, self.late_fees + fee)

    @property
    def payoff_amount(self) -> Decimal:
        """What clears the whole loan today (:meth:`payoff`)."""
        return self.payoff().total

    @property
    def next_due(self) -> InstallmentState | None:
        """The first installment not yet paid whose due date is today or later."""
        return next(
            (i for i in self.installments if i.total_owed > 0 and i.due_date >= self.as_of), None
        )

    @property
    def is_paid_off(self) -> bool:
        return all(i.total_owed == 0 for i in self.installments)

    @property
    def total_paid(self) -> Decimal:
        return sum((p.amount for p in self.loan.payments if p.on <= self.as_of), ZERO)
