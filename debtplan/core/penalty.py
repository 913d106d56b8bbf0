"""Overdue terms: the penalty rate a day, what it is charged on, stages and report buckets.

Day 1 overdue is the day after the due date. Within the grace days nothing is
overdue; after them, penalty counts from day 1 (docs/conventions.md#grace-days).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from debtplan.core.model import Loan, Method, PenaltyBase
from debtplan.core.money import HUNDRED, ZERO


class Stage(StrEnum):
    """How far behind a loan is: short 1-7 days, medium 8-30, long over 30."""

    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


def stage(days_overdue: int) -> Stage | None:
    """The overdue stage for ``days_overdue`` (None when not overdue)."""
    if days_overdue <= 0:
        return None
    if days_overdue <= 7:
        return Stage.SHORT
    if days_overdue <= 30:
        return Stage.MEDIUM
    return Stage.LONG


def bucket(days_overdue: int) -> str | None:
    """China's credit-report bucket: M1 (1-30), M2 (31-60), ... M6 (151-180), M6+ (over 180)."""
    if days_overdue <= 0:
        return None
    if days_overdue > 180:
        return "M6+"
    return f"M{(days_overdue + 29) // 30}"


def us_reported(days_overdue: int) -> int | None:
    """The US late-payment mark a lender may report: 30, 60, ... 180 days past due, else None."""
    if days_overdue < 30:
        return None
    return min(days_overdue // 30 * 30, 180)


def daily_penalty_rate(loan: Loan) -> Decimal:
    """Penalty interest for one day, as a fraction of the amount it is charged on.

    A daily rate (0.05 %/day -> 0.0005) is taken as stated; a markup is the contract
    rate plus that percent of it (12 % + 50 % = 18 % a year), divided by the day count.
    A card with no penalty terms charges its own rate (its overdue interest, 逾期利息):
    a missed minimum stays in the balance, and the balance bears the card's rate.
    Any other loan with no penalty terms in the contract has no penalty interest.
    """
    if loan.penalty_rate is not None:
        return loan.penalty_rate.daily_fraction(loan.day_count)
    if loan.penalty_markup is not None:
        annual = loan.rate.annual_percent(loan.day_count) * (1 + loan.penalty_markup / HUNDRED)
        return annual / HUNDRED / loan.day_count
    if loan.method is Method.REVOLVING:
        return loan.rate.daily_fraction(loan.day_count)
    return ZERO


def penalty_base(loan: Loan) -> PenaltyBase:
    """What the penalty is charged on: as stated, else the overdue amount for a daily rate
    and the overdue principal for a markup (the bank convention)."""
    if loan.penalty_base is not None:
        return loan.penalty_base
    return PenaltyBase.PRINCIPAL if loan.penalty_markup is not None else PenaltyBase.OVERDUE


def penalty_basis(loan: Loan, principal_owed: Decimal, interest_owed: Decimal) -> Decimal:
    """The amount penalty interest runs on for one overdue installment.

    On the overdue amount: principal + interest. On principal: principal only,
    plus the overdue interest when the contract compounds (复利).
    """
    if penalty_base(loan) is PenaltyBase.OVERDUE or loan.penalty_compound:
        return principal_owed + interest_owed
    return principal_owed
