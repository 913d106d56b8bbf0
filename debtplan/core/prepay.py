"""Prepayment and paying off today: what money paid ahead of the schedule cuts and costs.

Conventions (docs/conventions.md#prepayment): money beyond what is due cuts principal the
day it is paid. The principal it cuts pays the interest it earned in the current period
up to that day, by the day: ``daily rate x days since the period began`` (the daily rate
is the rate in force / 100 / the loan's day count), never more than the whole period's
rate; and the contract's prepayment fee (``prepay_fee``: a percent of the principal
prepaid, or a fixed amount per prepayment). A flat-fee loan with no fee set keeps its
current installment's fee: that is its prepayment fee.

Paying off today is :func:`clearing` with the whole principal owed: the one figure every
command shows as the payoff (:attr:`debtplan.core.ledger.LoanState.payoff_amount`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from debtplan.core.model import Loan, Method, Prepay
from debtplan.core.money import CENT, HUNDRED, ZERO, cents
from debtplan.core.revolving import interest_free
from debtplan.core.schedule import (
    Installment,
    daily_rate,
    flat_fee,
    level_amount,
    period_rate,
    period_start,
    periodic_rate,
)


class Clearing(NamedTuple):
    """What clears ``principal`` on a day: the principal, its interest to the day, the
    prepayment fee, and the current installment's fee a flat loan keeps."""

    principal: Decimal
    interest: Decimal
    fee: Decimal
    kept: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.fee + self.kept


def accrued_fraction(loan: Loan, number: int, on: date) -> Decimal:
    """The share of principal repaid on ``on`` owed as interest for the days since
    installment ``number``'s period began (days x daily rate), at most the whole period's."""
    begins = period_start(loan, number)
    days = (on - begins).days
    if days <= 0:
        return ZERO
    return min(daily_rate(loan, begins) * days, period_rate(loan, number))


def prepay_fee(loan: Loan, principal: Decimal) -> Decimal:
    """The contract's prepayment fee on ``principal`` prepaid (0 when none is set)."""
    fee = loan.prepay_fee
    if fee is None or principal <= 0:
        return ZERO
    return cents(principal * fee.value / HUNDRED) if fee.percent else fee.value


def kept_fee(loan: Loan) -> Decimal:
    """The current installment's fee a flat loan with no prepayment fee set keeps."""
    if loan.method is Method.FLAT and loan.prepay_fee is None:
        return flat_fee(loan)
    return ZERO


def clearing(loan: Loan, number: int, principal: Decimal, on: date) -> Clearing:
    """What clears ``principal`` on ``on`` when installment ``number`` falls due next. A
    card's charges not yet on a statement earn nothing (docs/conventions.md#charges)."""
    free = interest_free(loan, number, on, principal)
    plain = _clearing(loan, number, principal - free, on)
    return plain._replace(principal=principal) if free else plain


def _clearing(loan: Loan, number: int, principal: Decimal, on: date) -> Clearing:
    interest = cents(principal * accrued_fraction(loan, number, on))
    return Clearing(principal, interest, prepay_fee(loan, principal), kept_fee(loan))


def split(
    loan: Loan, number: int, balance: Decimal, on: date, amount: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """``amount`` paid ahead on ``on``, split into (principal cut, interest, fee).

    Enough for the whole ``balance`` with its interest and fee: exactly those, the rest
    left over. Less: the interest and a percent fee take their shares of what is left
    after a fixed fee, ``amount x share / (1 + interest share + fee share)``, each rounded
    to the cent, and the rest cuts principal. A card's charges not yet on a statement are
    cut last, and earn nothing (docs/conventions.md#charges).
    """
    free = interest_free(loan, number, on, balance)
    if not free:
        return _split(loan, number, balance, on, amount)
    bearing = balance - free
    cut, interest, fee = (
        _split(loan, number, bearing, on, amount) if bearing > 0 else (ZERO, ZERO, ZERO)
    )
    if cut == bearing:
        cut += min(amount - cut - interest - fee, free)
    return cut, interest, fee


def _split(
    loan: Loan, number: int, balance: Decimal, on: date, amount: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    whole = _clearing(loan, number, balance, on)
    if amount >= whole.principal + whole.interest + whole.fee:
        return whole.principal, whole.interest, whole.fee
    share = accrued_fraction(loan, number, on)
    fee_spec = loan.prepay_fee
    fixed = fee_spec.value if fee_spec is not None and not fee_spec.percent else ZERO
    percent = fee_spec.value / HUNDRED if fee_spec is not None and fee_spec.percent else ZERO
    base = amount - fixed
    if base <= 0:  # not more than a fixed fee: it all goes to the fee
        return ZERO, ZERO, amount
    whole_share = 1 + share + percent
    interest = cents(base * share / whole_share)
    fee = fixed + cents(base * percent / whole_share)
    cut = amount - interest - fee
    if cut >= balance:  # rounding at the edge: a cent of principal stays owed
        cut = max(balance - CENT, ZERO)
        interest = amount - cut - fee
    return cut, interest, fee


def rescheduled(
    loan: Loan, current: Installment, left: Decimal, count: int, mode: Prepay
) -> tuple[Decimal | None, int | None]:
    """The level and the number of periods for ``left`` from ``current`` on (``count`` of them
    scheduled before the prepayment), at the rate in force when ``current``'s period begins."""
    method = loan.method
    if method is Method.REVOLVING:
        return None, None
    if method not in (Method.ANNUITY, Method.EQUAL_PRINCIPAL, Method.FLAT):
        return None, count  # interest only, lump sum: the term stays
    begins = period_start(loan, current.number)
    if mode is Prepay.REDUCE or current.balance == 0:
        return level_amount(loan, left, count, begins), count
    if method is not Method.ANNUITY:
        return current.principal, count  # the principal part stays
    # The installment in force (a rate change has made it so) stays: its principal part
    # plus the regular interest of its period on the principal it began with.
    rate = periodic_rate(loan, begins)
    level = current.principal + cents((current.principal + current.balance) * rate)
    if not loan.rate_changes:
        return level, count
    # A later rate change works the installment out again over the periods left in the
    # SHORTENED schedule: count them at today's rate.
    periods, owed = 0, left
    while owed > 0 and periods < count:
        periods += 1
        repaid = level - cents(owed * rate)
        if repaid <= 0:
            return level, count
        owed -= repaid
    return level, max(periods, 1)


def kept_fee_row(loan: Loan, current: Installment) -> tuple[Installment, ...]:
    """After a payoff, the installment falling due next as a flat loan keeps it: its fee."""
    fee = kept_fee(loan)
    if fee <= 0:
        return ()
    return (Installment(current.number, current.due_date, fee, ZERO, fee, ZERO),)
