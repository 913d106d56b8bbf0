"""The ledger: a loan's schedule with its payments applied, as of a date.

Payments are applied in date order. Each one goes, oldest installment first, to
every installment already due on its date, and within an installment to the
parts in the loan's allocation order (default, Civil Code Art. 561: fees, penalty
interest, interest, principal); whatever is left prepays principal the day it is
paid (:mod:`debtplan.core.prepay`: the interest the prepaid principal earned to that
day and the contract's prepayment fee come out of it first). The schedule is then
worked out again from the installment falling due next, on the principal left: by
default the installment stays and the term shortens (``Prepay.SHORTEN``), or the
term stays and the installment falls (``Prepay.REDUCE``), at the rate in force.
Anything beyond the whole loan is kept as ``overpaid`` (money the lender owes back).

Penalty interest accrues per overdue installment, day by day, on the basis the
contract sets (see :mod:`debtplan.core.penalty`); it is rounded to the cent at
each payment date and at ``as_of``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from debtplan.core.model import Charge, Component, Loan, Method, Payment
from debtplan.core.money import ZERO, cents
from debtplan.core.penalty import daily_penalty_rate, penalty_basis
from debtplan.core.prepay import kept_fee_row, rescheduled, split
from debtplan.core.revolving import interest_free, joining, opening
from debtplan.core.schedule import Installment, installments
from debtplan.core.states import InstallmentState, LoanState, Prepayment, Status

__all__ = [
    "InstallmentState", "LoanState", "Outlook", "OverdueTerms", "Position", "Prepayment",
    "Status", "charges", "cost_of_waiting", "daily_increase", "loan_state", "loan_states",
    "outlook", "overdue_terms", "owing_by", "position",
]  # fmt: skip


_PART = {Component.FEES: 0, Component.PENALTY: 1, Component.INTEREST: 2, Component.PRINCIPAL: 3}
_FEES, _PENALTY, _INTEREST, _PRINCIPAL = 0, 1, 2, 3


class _Open:
    """Mutable bookkeeping for one installment while payments are applied."""

    __slots__ = ("plan", "paid", "penalty", "late_fee", "accrued_until", "paid_on", "outstanding")

    def __init__(self, plan: Installment) -> None:
        self.plan = plan
        self.paid = [ZERO, ZERO, ZERO, ZERO]  # fees, penalty, interest, principal
        self.penalty = ZERO  # charged so far (cents)
        self.late_fee = ZERO  # charged so far
        self.accrued_until: date | None = None  # penalty is charged up to this day
        self.paid_on: date | None = None
        # Everything charged minus everything paid, kept as each changes: the ledger asks
        # for it several times per payment, and adding eight amounts each time was a
        # fifth of its cost on long histories.
        self.outstanding = plan.principal + plan.interest

    def owed(self, part: int) -> Decimal:
        plan, paid = self.plan, self.paid
        if part == _PRINCIPAL:
            return plan.principal - paid[_PRINCIPAL]
        if part == _INTEREST:
            return plan.interest - paid[_INTEREST]
        if part == _PENALTY:
            return self.penalty - paid[_PENALTY]
        return self.late_fee - paid[_FEES]


class OverdueTerms(NamedTuple):
    """What the ledger needs of a loan to charge lateness (derived by :func:`overdue_terms`)."""

    grace_days: int
    late_fee: Decimal  # per missed installment
    daily_rate: Decimal  # penalty interest a day, as a fraction
    on_interest: bool  # penalty runs on overdue interest too, not on principal only


def overdue_terms(loan: Loan) -> OverdueTerms:
    """The loan's grace days, late fee, daily penalty rate and penalty basis."""
    basis_with_interest = penalty_basis(loan, ZERO, Decimal(1)) != 0
    return OverdueTerms(loan.grace_days, loan.late_fee, daily_penalty_rate(loan),
                        basis_with_interest)  # fmt: skip


def _accrue(terms: OverdueTerms, item: _Open, to: date) -> None:
    """Charge penalty and the late fee on ``item`` up to and including day ``to``."""
    plan, paid = item.plan, item.paid
    principal = plan.principal - paid[_PRINCIPAL]
    interest = plan.interest - paid[_INTEREST]
    if (to - plan.due_date).days <= terms.grace_days or principal + interest <= 0:
        return
    if item.late_fee == 0 and terms.late_fee > 0:
        item.late_fee = terms.late_fee
        item.outstanding += terms.late_fee
    start = item.accrued_until or plan.due_date
    days = (to - start).days
    if days > 0 and terms.daily_rate > 0:
        basis = principal + interest if terms.on_interest else principal
        charge = cents(basis * terms.daily_rate * days)
        item.penalty += charge
        item.outstanding += charge
    item.accrued_until = to


def _apply(item: _Open, amount: Decimal, order: tuple[int, ...], on: date) -> Decimal:
    """Pay ``amount`` into ``item`` in ``order``; return what is left."""
    paid, plan = item.paid, item.plan
    # What each part still owes, by its place in ``paid`` (item.owed, for all four at once).
    owed = (item.late_fee - paid[_FEES], item.penalty - paid[_PENALTY],
            plan.interest - paid[_INTEREST], plan.principal - paid[_PRINCIPAL])  # fmt: skip
    for part in order:
        if amount <= 0:
            break
        due = owed[part]
        if due > 0:
            take = due if due < amount else amount
            paid[part] += take
            amount -= take
            item.outstanding -= take
    if item.paid_on is None and item.outstanding == 0:
        item.paid_on = on
    return amount


def loan_state(loan: Loan, as_of: date) -> LoanState:
    """Apply every payment made on or before ``as_of`` and charge what is overdue by then."""
    return loan_states(loan, (as_of,))[0]


def loan_states(loan: Loan, dates: Sequence[date]) -> tuple[LoanState, ...]:
    """:func:`loan_state` on each of ``dates`` (ascending), the payments settled once.

    ``show`` and ``overdue`` ask for today and tomorrow (what one more day adds): when no
    payment is dated after the first date, each later state is the same settled
    installments with what is overdue charged, in one step, up to its own date, exactly
    as a replay to that date would charge it. A payment dated in between is settled by
    a replay to that date.
    """
    if any(later < earlier for earlier, later in zip(dates, dates[1:], strict=False)):
        raise ValueError("loan_states takes its dates in ascending order")
    first = dates[0]
    moved = (
        *(p.on for p in loan.payments), *(c.on for c in loan.charges),
        *(s.on for s in loan.statements),
    )  # fmt: skip
    if any(first < day <= dates[-1] for day in moved):
        return (loan_state(loan, first), *(loan_state(loan, day) for day in dates[1:]))
    terms = overdue_terms(loan)
    rows, start, prepayments, overpaid = _settle(loan, terms, first)
    prepaid = sum((p.principal for p in prepayments), ZERO)
    items = rows.drain()
    last = len(dates) - 1
    states = []
    for position, day in enumerate(dates):
        charged = items if position == last else list(items)
        for index in range(start, len(items)):
            item = items[index]
            if item.plan.due_date >= day:
                break
            if position != last:  # the settled installment stays as it is for later dates
                item = charged[index] = _copy(item)
            _accrue(terms, item, day)
        states.append(LoanState(
            loan=loan,
            as_of=day,
            installments=tuple(_freeze(terms.grace_days, item, day) for item in charged),
            prepaid=prepaid,
            overpaid=overpaid,
            daily_penalty_rate=terms.daily_rate,
            prepayments=prepayments,
        ))  # fmt: skip
    return tuple(states)


def _copy(item: _Open) -> _Open:
    twin = _new(_Open)
    twin.plan, twin.paid, twin.penalty = item.plan, list(item.paid), item.penalty
    twin.late_fee, twin.accrued_until = item.late_fee, item.accrued_until
    twin.paid_on, twin.outstanding = item.paid_on, item.outstanding
    return twin


class _Rows:
    """The installments generated so far (``items``) and the rest of the current schedule,
    generated only when something reaches for them.

    A loan of 600 installments asked about its first years never builds the other 500.
    Every installment carries ``balance``, the principal its schedule still has to place
    after it, so the principal of the installments not generated yet is the last generated
    one's balance (:meth:`unreached_principal`). A prepayment replaces the rest of the
    schedule (:func:`_prepay`); the new one has the same property.
    """

    __slots__ = ("items", "_rest", "_done")

    def __init__(self, head: list[_Open], rest: Iterator[Installment]) -> None:
        self.items = head
        self._rest = rest
        self._done = False
        # The first installment at once: a schedule that cannot be made fails here, as when
        # the whole schedule was built up front (later ones never fail where the first
        # did not, except a card's, which loan_state and :func:`outlook` build in full).
        self.reach(len(head))

    def reach(self, index: int) -> bool:
        """Whether ``items[index]`` exists, generating installments up to it."""
        items = self.items
        while index >= len(items):
            if self._done:
                return False
            plan = next(self._rest, None)
            if plan is None:
                self._done = True
                return False
            items.append(_Open(plan))
        return True

    def drain(self) -> list[_Open]:
        """Every installment, the rest generated now."""
        if not self._done:
            self.items.extend(_Open(plan) for plan in self._rest)
            self._done = True
        return self.items

    def unreached_principal(self) -> Decimal:
        """The principal scheduled on the installments not generated yet."""
        if self._done or not self.items:
            return ZERO
        return self.items[-1].plan.balance


def _settle(
    loan: Loan, terms: OverdueTerms, as_of: date
) -> tuple[_Rows, int, tuple[Prepayment, ...], Decimal]:
    """Every payment made on or before ``as_of`` applied: the installments (generated as far
    as the payments reached), the index of the first one not fully paid, the prepayments,
    and money overpaid. A card settles its charges and statements to ``as_of`` too
    (:func:`debtplan.core.revolving.opening`)."""
    loan, balance, first_number = opening(loan, as_of)
    rows = _Rows([], installments(loan, balance=balance, first_number=first_number))
    items = rows.items
    order = tuple(_PART[part] for part in loan.allocation)
    prepayments: list[Prepayment] = []
    overpaid = ZERO

    # Payments settle installments oldest first, so the fully paid ones are always a
    # prefix: ``start`` skips it, keeping the walk linear in payments + installments.
    start = 0
    # In date order whatever order the loan lists them in (stable for same-day payments).
    for payment in sorted((p for p in loan.payments if p.on <= as_of), key=lambda p: p.on):
        while (start < len(items) or rows.reach(start)) and items[start].outstanding == 0:
            start += 1
        amount = payment.amount
        index = start
        while (index < len(items) or rows.reach(index)) and (
            items[index].plan.due_date <= payment.on
        ):
            item = items[index]  # due by the payment date: charge what is late, then pay it
            if item.plan.due_date < payment.on:
                _accrue(terms, item, payment.on)
            if amount > 0 and item.outstanding > 0:
                amount = _apply(item, amount, order, payment.on)
            index += 1
        while (index < len(items) or rows.reach(index)) and items[index].outstanding == 0:
            index += 1
        if amount > 0 and index < len(items):
            rows, record, amount = _prepay(loan, rows, index, amount, payment, order)
            items = rows.items
            if record is not None:
                prepayments.append(record)
            # What a payoff leaves over goes to the installment falling due next: a flat
            # loan's current fee (docs/conventions.md#payoff).
            while amount > 0 and (index < len(items) or rows.reach(index)):
                if items[index].outstanding > 0:
                    amount = _apply(items[index], amount, order, payment.on)
                index += 1
        overpaid += amount
    while (start < len(items) or rows.reach(start)) and items[start].outstanding == 0:
        start += 1
    return rows, start, tuple(prepayments), overpaid


class Outlook(NamedTuple):
    """What a plan needs of a loan as of a date (see :func:`outlook`)."""

    total_due: Decimal  # LoanState.total_due
    pending: tuple[InstallmentState, ...]  # not yet due, still owing: see outlook()
    pending_principal: Decimal  # principal owed on every installment not yet due


def outlook(loan: Loan, as_of: date, *, complete: bool = False) -> Outlook:
    """What is due on ``as_of`` and what is still to come, without the whole ledger.

    ``total_due`` is :attr:`LoanState.total_due`; ``pending`` the installments not yet
    due that still owe something (upcoming or partly paid), as :func:`loan_state` gives
    them: every one with ``complete``, else only those the payments already reached and
    at least the first; ``pending_principal`` the principal owed on all of them. Without
    ``complete`` the cost is that of the payments and the installments up to ``as_of``,
    not of the whole schedule. A card's schedule is always built in full: a rate change
    years ahead can make it one that cannot be paid off, which must fail as loan_state does.
    """
    terms = overdue_terms(loan)
    rows, index, _prepayments, _overpaid = _settle(loan, terms, as_of)
    if complete or loan.method is Method.REVOLVING:
        rows.drain()
    items = rows.items
    grace_days = terms.grace_days
    total_due = ZERO
    while (index < len(items) or rows.reach(index)) and items[index].plan.due_date <= as_of:
        item = items[index]
        if item.plan.due_date < as_of:
            _accrue(terms, item, as_of)
        owed = item.outstanding
        if owed != 0:
            total_due += owed
        index += 1
    pending: list[InstallmentState] = []
    principal = ZERO
    while index < len(items) or (not pending and rows.reach(index)):
        item = items[index]
        if item.outstanding != 0:
            pending.append(_freeze(grace_days, item, as_of))
            principal += item.owed(_PRINCIPAL)
        index += 1
    return Outlook(total_due, tuple(pending), principal + rows.unreached_principal())


class Position(NamedTuple):
    """Where a loan stands as of a date: what ``list`` shows (see :func:`position`)."""

    due_now: tuple[InstallmentState, ...]  # LoanState.due_now: overdue, or due and unpaid
    next_due: InstallmentState | None  # LoanState.next_due
    balance: Decimal  # LoanState.balance: principal not yet repaid

    @property
    def is_paid_off(self) -> bool:
        return not self.due_now and self.next_due is None and self.balance == 0

    @property
    def days_overdue(self) -> int:
        return max((i.days_overdue for i in self.due_now), default=0)

    @property
    def total_due(self) -> Decimal:
        return sum((i.total_owed for i in self.due_now), ZERO)


def position(loan: Loan, as_of: date) -> Position:
    """The figures of :class:`LoanState` that ``list`` shows, without the whole ledger.

    Settles the payments and builds the schedule only as far as the payments, ``as_of``
    and the next installment owing reach; the principal of the installments beyond is
    the balance their schedule still places (a card's schedule is built in full, as
    :func:`outlook` does).
    """
    terms = overdue_terms(loan)
    rows, index, _prepayments, _overpaid = _settle(loan, terms, as_of)
    if loan.method is Method.REVOLVING:
        rows.drain()
    items = rows.items
    grace_days = terms.grace_days
    due_now = []
    principal = ZERO
    while (index < len(items) or rows.reach(index)) and items[index].plan.due_date <= as_of:
        item = items[index]
        if item.plan.due_date < as_of:
            _accrue(terms, item, as_of)
        if item.outstanding != 0:
            due_now.append(_freeze(grace_days, item, as_of))
            principal += item.owed(_PRINCIPAL)
        index += 1
    next_due = next((i for i in due_now if i.due_date >= as_of), None)
    while index < len(items) or (next_due is None and rows.reach(index)):
        item = items[index]
        if item.outstanding != 0:
            if next_due is None:
                next_due = _freeze(grace_days, item, as_of)
            principal += item.owed(_PRINCIPAL)
        index += 1
    return Position(tuple(due_now), next_due, principal + rows.unreached_principal())


def owing_by(loan: Loan, as_of: date, until: date) -> list[InstallmentState]:
    """The installments due on or before ``until`` that still owe something as of
    ``as_of``, as :func:`loan_state` gives them (penalty and fees charged to ``as_of``).

    Builds the schedule only as far as ``until`` and the payments reach: what cron's
    ``due`` asks of a loan of 240 installments touches the few around today. A card's
    schedule is built in full, as :func:`outlook` does, so that one that cannot be paid
    off fails the same way.
    """
    terms = overdue_terms(loan)
    rows, index, _prepayments, _overpaid = _settle(loan, terms, as_of)
    if loan.method is Method.REVOLVING:
        rows.drain()
    items = rows.items
    owing = []
    while (index < len(items) or rows.reach(index)) and items[index].plan.due_date <= until:
        item = items[index]
        if item.plan.due_date < as_of:
            _accrue(terms, item, as_of)
        if item.outstanding != 0:
            owing.append(_freeze(terms.grace_days, item, as_of))
        index += 1
    return owing


def _prepay(
    loan: Loan, rows: _Rows, index: int, amount: Decimal, payment: Payment, order: tuple[int, ...]
) -> tuple[_Rows, Prepayment | None, Decimal]:
    """Cut principal on the payment's day by ``amount`` (less the interest the cut principal
    earned to that day and the prepayment fee, :func:`debtplan.core.prepay.split`); work the
    schedule out again from ``rows.items[index]``, the installment falling due next. Returns
    the rows, the prepayment (None if nothing was prepaid) and what is left over."""
    items = rows.drain()
    if any(items[index].paid):  # already paid into: keep it as it is, cut from the next one
        amount = _apply(items[index], amount, order, payment.on)
        index += 1
    later = items[index:]
    balance = sum((i.plan.principal - i.paid[_PRINCIPAL] for i in later), ZERO)
    if loan.method is Method.REVOLVING and later:  # charges not made yet on the payment's day
        balance -= sum((c.amount for c in joining(loan, later[0].plan.number, payment.on)), ZERO)
    if amount <= 0 or balance <= 0:
        return rows, None, amount
    current = later[0].plan
    number = current.number
    cut, interest, fee = split(loan, number, balance, payment.on, amount)
    left = balance - cut
    record = Prepayment(payment.on, cut, interest, fee, left, payment.prepay)
    fresh: Iterator[Installment]
    if loan.method is Method.REVOLVING:
        fresh = _card_after(loan, number, payment.on, balance, cut)
    elif left > 0:
        level, periods = rescheduled(loan, current, left, len(later), payment.prepay)
        fresh = installments(loan, balance=left, first_number=number, periods=periods,
                             level=level)  # fmt: skip
    else:
        fresh = iter(kept_fee_row(loan, current))
    return _Rows(items[:index], fresh), record, amount - cut - interest - fee


def _card_after(
    loan: Loan, number: int, on: date, balance: Decimal, cut: Decimal
) -> Iterator[Installment]:
    """A card's minimums from installment ``number`` on, after ``cut`` of ``balance`` was
    repaid on ``on``: the charges not yet on a statement that are left still join the balance
    on the due date (cut last, :func:`debtplan.core.prepay.split`), later ones after them."""
    free = interest_free(loan, number, on, balance)
    free_left = free - max(cut - (balance - free), ZERO)
    kept = (Charge(on, free_left),) if free_left > 0 else ()
    moved = replace(loan, charges=(*kept, *joining(loan, number, on)))
    return installments(moved, balance=balance - cut - free_left, first_number=number)


def _freeze(grace_days: int, item: _Open, as_of: date) -> InstallmentState:
    plan, paid = item.plan, item.paid
    days_late = (as_of - plan.due_date).days
    if item.outstanding == 0:
        status, days_overdue = Status.PAID, 0
    elif days_late > grace_days:
        status, days_overdue = Status.OVERDUE, days_late
    elif days_late >= 0:
        status, days_overdue = Status.DUE, 0
    elif any(paid):
        status, days_overdue = Status.PARTLY_PAID, 0
    else:
        status, days_overdue = Status.UPCOMING, 0
    # What InstallmentState(...) does, without the frozen dataclass's __setattr__ per field
    # (a third of the ledger's time on long histories); the fields are the same.
    state = _new(InstallmentState)
    state.__dict__.update(
        number=plan.number, due_date=plan.due_date, payment=plan.payment,
        principal=plan.principal, interest=plan.interest, balance=plan.balance,
        penalty=item.penalty, late_fee=item.late_fee, paid_principal=paid[_PRINCIPAL],
        paid_interest=paid[_INTEREST], paid_penalty=paid[_PENALTY], paid_fees=paid[_FEES],
        paid_on=item.paid_on, days_overdue=days_overdue, status=status,
    )  # fmt: skip
    return state


_new = object.__new__


def charges(state: LoanState) -> Decimal:
    """Penalty interest and late fees owed."""
    return state.penalty + state.late_fees


def cost_of_waiting(loan: Loan, as_of: date, pay_on: date) -> Decimal:
    """How much more penalty and late fees are owed on ``pay_on`` than on ``as_of``."""
    states = dict(zip((as_of, pay_on), loan_states(loan, sorted((as_of, pay_on))), strict=True))
    return charges(states[pay_on]) - charges(states[as_of])


def daily_increase(loan: Loan, as_of: date) -> Decimal:
    """What one more day adds to what is owed (penalty, and a late fee if grace ends)."""
    return cost_of_waiting(loan, as_of, as_of + timedelta(days=1))
