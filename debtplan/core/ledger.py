"""The ledger: a loan's schedule with its payments applied, as of a date.

Payments are applied in date order. Each one goes, oldest installment first, to
every installment already due on its date, and within an installment to the
parts in the loan's allocation order (default, Civil Code Art. 561: fees, penalty
interest, interest, principal); then to the next installment; whatever is left
prepays principal. A prepayment takes effect from the following installment:
by default the installment stays and the term shortens (``Prepay.SHORTEN``), or
the term stays and the installment falls (``Prepay.REDUCE``). Anything beyond
the whole loan is kept as ``overpaid`` (money the lender owes back).

Penalty interest accrues per overdue installment, day by day, on the basis the
contract sets (see :mod:`debtplan.core.penalty`); it is rounded to the cent at
each payment date and at ``as_of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from debtplan.core.model import Component, Loan, Method, Payment, Prepay
from debtplan.core.money import ZERO, cents
from debtplan.core.penalty import Stage, bucket, daily_penalty_rate, penalty_basis, stage
from debtplan.core.schedule import Installment, installments, level_amount


class Status(StrEnum):
    """Where an installment stands as of a date."""

    PAID = "paid"
    PARTLY_PAID = "partly-paid"  # something paid, the rest not yet due
    DUE = "due"  # due today, or late but within the grace days
    OVERDUE = "overdue"
    UPCOMING = "upcoming"


@dataclass
class _Open:
    """Mutable bookkeeping for one installment while payments are applied."""

    plan: Installment
    paid: dict[Component, Decimal]
    penalty: Decimal = ZERO  # charged so far (cents)
    late_fee: Decimal = ZERO  # charged so far
    accrued_until: date | None = None  # penalty is charged up to this day
    paid_on: date | None = None

    def owed(self, part: Component) -> Decimal:
        charged = {
            Component.FEES: self.late_fee,
            Component.PENALTY: self.penalty,
            Component.INTEREST: self.plan.interest,
            Component.PRINCIPAL: self.plan.principal,
        }[part]
        return charged - self.paid[part]

    def owed_total(self) -> Decimal:
        charged = self.late_fee + self.penalty + self.plan.interest + self.plan.principal
        return charged - sum(self.paid.values(), ZERO)


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


@dataclass(frozen=True)
class LoanState:
    """A loan as of ``as_of``: every installment's state and the totals people ask for."""

    loan: Loan
    as_of: date
    installments: tuple[InstallmentState, ...]
    prepaid: Decimal  # principal paid ahead of schedule
    overpaid: Decimal  # paid beyond everything the loan could ever owe
    daily_penalty_rate: Decimal  # fraction a day

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

    @property
    def payoff_amount(self) -> Decimal:
        """What clears the whole loan today: everything due, the current installment with its
        interest, and the rest of the principal (later interest is not owed)."""
        upcoming = [
            i for i in self.installments if i.status in (Status.UPCOMING, Status.PARTLY_PAID)
        ]
        current = upcoming[0].total_owed if upcoming else ZERO
        later = sum((i.principal_owed for i in upcoming[1:]), ZERO)
        return self.total_due + current + later

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


def _accrue(loan: Loan, item: _Open, to: date, rate: Decimal) -> None:
    """Charge penalty and the late fee on ``item`` up to and including day ``to``."""
    days_late = (to - item.plan.due_date).days
    if (
        days_late <= loan.grace_days
        or item.owed(Component.PRINCIPAL) + item.owed(Component.INTEREST) <= 0
    ):
        return
    if item.late_fee == 0 and loan.late_fee > 0:
        item.late_fee = loan.late_fee
    start = item.accrued_until or item.plan.due_date
    days = (to - start).days
    if days > 0 and rate > 0:
        basis = penalty_basis(loan, item.owed(Component.PRINCIPAL), item.owed(Component.INTEREST))
        item.penalty += cents(basis * rate * days)
    item.accrued_until = to


def _apply(item: _Open, amount: Decimal, order: tuple[Component, ...], on: date) -> Decimal:
    """Pay ``amount`` into ``item`` in ``order``; return what is left."""
    for part in order:
        take = min(amount, item.owed(part))
        if take > 0:
            item.paid[part] += take
            amount -= take
    if item.owed_total() == 0 and item.paid_on is None:
        item.paid_on = on
    return amount


def loan_state(loan: Loan, as_of: date) -> LoanState:
    """Apply every payment made on or before ``as_of`` and charge what is overdue by then."""
    rate = daily_penalty_rate(loan)
    items = [_Open(plan, dict.fromkeys(Component, ZERO)) for plan in installments(loan)]
    level = _initial_level(loan)
    prepaid = overpaid = ZERO

    # Payments settle installments oldest first, so the fully paid ones are always a
    # prefix: ``start`` skips it, keeping the walk linear in payments + installments.
    start = 0
    # In date order whatever order the loan lists them in (stable for same-day payments).
    for payment in sorted((p for p in loan.payments if p.on <= as_of), key=lambda p: p.on):
        while start < len(items) and items[start].owed_total() == 0:
            start += 1
        amount = payment.amount
        index = start
        while index < len(items) and items[index].plan.due_date <= payment.on:
            item = items[index]  # due by the payment date: charge what is late, then pay it
            if item.plan.due_date < payment.on:
                _accrue(loan, item, payment.on, rate)
            if amount > 0 and item.owed_total() > 0:
                amount = _apply(item, amount, loan.allocation, payment.on)
            index += 1
        while index < len(items) and items[index].owed_total() == 0:
            index += 1
        current = items[index] if index < len(items) else None
        if current is not None and amount > 0:
            amount = _apply(current, amount, loan.allocation, payment.on)
        if amount > 0 and current is not None:
            items, level, used = _prepay(loan, items, current, amount, level, payment)
            prepaid += used
            amount -= used
        overpaid += amount

    for item in items[start:]:
        if item.plan.due_date >= as_of:
            break
        _accrue(loan, item, as_of, rate)
    return LoanState(
        loan=loan,
        as_of=as_of,
        installments=tuple(_freeze(loan, item, as_of) for item in items),
        prepaid=prepaid,
        overpaid=overpaid,
        daily_penalty_rate=rate,
    )


def _initial_level(loan: Loan) -> Decimal | None:
    if loan.method in (Method.ANNUITY, Method.EQUAL_PRINCIPAL, Method.FLAT) and loan.term:
        return level_amount(loan, loan.principal, loan.term)
    return None


def _prepay(
    loan: Loan,
    items: list[_Open],
    current: _Open,
    amount: Decimal,
    level: Decimal | None,
    payment: Payment,
) -> tuple[list[_Open], Decimal | None, Decimal]:
    """Prepay principal from the installment after ``current`` on; reschedule the rest."""
    position = items.index(current)
    later = items[position + 1 :]
    remaining = sum((i.plan.principal for i in later), ZERO)
    used = min(amount, remaining)
    if used <= 0:
        return items, level, ZERO
    balance = remaining - used
    first_number = later[0].plan.number
    if payment.prepay is Prepay.REDUCE or level is None:
        periods = len(later) if loan.method is not Method.REVOLVING else None
        new_level = level_amount(loan, balance, len(later)) if level is not None else None
    else:
        periods, new_level = len(later), level
    fresh = (
        list(installments(loan, balance=balance, first_number=first_number, periods=periods,
                          level=new_level))
        if balance > 0
        else []
    )  # fmt: skip
    # The prepaid principal is recorded on the current installment's row as paid ahead.
    rows = items[: position + 1] + [_Open(plan, dict.fromkeys(Component, ZERO)) for plan in fresh]
    return rows, new_level, used


def _freeze(loan: Loan, item: _Open, as_of: date) -> InstallmentState:
    days_late = (as_of - item.plan.due_date).days
    owed = item.owed_total()
    if owed == 0:
        status, days_overdue = Status.PAID, 0
    elif days_late > loan.grace_days:
        status, days_overdue = Status.OVERDUE, days_late
    elif days_late >= 0:
        status, days_overdue = Status.DUE, 0
    elif any(item.paid.values()):
        status, days_overdue = Status.PARTLY_PAID, 0
    else:
        status, days_overdue = Status.UPCOMING, 0
    return InstallmentState(
        number=item.plan.number,
        due_date=item.plan.due_date,
        payment=item.plan.payment,
        principal=item.plan.principal,
        interest=item.plan.interest,
        balance=item.plan.balance,
        penalty=item.penalty,
        late_fee=item.late_fee,
        paid_principal=item.paid[Component.PRINCIPAL],
        paid_interest=item.paid[Component.INTEREST],
        paid_penalty=item.paid[Component.PENALTY],
        paid_fees=item.paid[Component.FEES],
        paid_on=item.paid_on,
        days_overdue=days_overdue,
        status=status,
    )


def charges(state: LoanState) -> Decimal:
    """Penalty interest and late fees owed."""
    return state.penalty + state.late_fees


def cost_of_waiting(loan: Loan, as_of: date, pay_on: date) -> Decimal:
    """How much more penalty and late fees are owed on ``pay_on`` than on ``as_of``."""
    return charges(loan_state(loan, pay_on)) - charges(loan_state(loan, as_of))


def daily_increase(loan: Loan, as_of: date) -> Decimal:
    """What one more day adds to what is owed (penalty, and a late fee if grace ends)."""
    return cost_of_waiting(loan, as_of, as_of + timedelta(days=1))
