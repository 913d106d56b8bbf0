"""An offer known only by its terms (`debtplan apr`): what it really costs.

No book, no dates: the installments are one period apart, so the cost is the periodic
IRR of the money received against them (:func:`debtplan.core.apr.loan_cost`),
measured against the lines of the offer's jurisdiction and lender type
(docs/conventions.md#the-one-line-apr-check).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from debtplan.core.apr import (
    ABOVE_4X_LPR,
    Cost,
    check_periods,
    check_principal,
    cost_flags,
    legal_lines,
    loan_cost,
    one_year_lpr,
)
from debtplan.core.model import LenderType, Method, default_day_count, default_lender_type
from debtplan.core.money import HUNDRED, ZERO, Rate, cents
from debtplan.core.text import N_, InputError


@dataclass(frozen=True)
class Quote:
    """A loan known only by its terms (`debtplan apr`): what it really costs.

    ``payments`` are the installments, fee included, one period apart; ``advertised``
    the lender's stated rate as a simple yearly percent (None when not stated).
    """

    cost: Cost
    received: Decimal
    payments: tuple[Decimal, ...]
    periods_per_year: int
    advertised: Decimal | None
    lender: LenderType


def _split(total: Decimal, term: int) -> list[Decimal]:
    """``total`` in ``term`` installments of whole cents, the last one taking the
    remainder (10,900 in 12: 908.33 x 11 and 908.37)."""
    each = cents(total / term)
    return [each] * (term - 1) + [total - each * (term - 1)]


def quoted_cost(
    *,
    principal: Decimal,
    term: int,
    on: date,
    periods_per_year: int = 12,
    installment: Decimal | None = None,
    total: Decimal | None = None,
    fee_rate: Rate | None = None,
    upfront_fee: Decimal = ZERO,
    advertised: Rate | None = None,
    jurisdiction: str = "cn",
    lender: LenderType | None = None,
) -> Quote:
    """The real cost of "borrow ``principal``, repay ``term`` installments", no book needed
    (docs/conventions.md#the-one-line-apr-check).

    Each installment is ``installment``, or ``total`` split in whole cents (the last one
    takes the remainder), or with only ``fee_rate`` the principal split so; a
    ``fee_rate`` (a flat fee on the original principal, 0.75 %/month) adds
    ``principal x fee_rate`` a period to each. The flows, one period apart, are
    ``principal - upfront_fee`` received and the installments paid (:func:`loan_cost`).
    ``advertised`` defaults to the fee rate; it and the fee rate are made yearly as a
    lender does (a month x 12, a day x the jurisdiction's day count). The legal lines are
    those of ``jurisdiction`` and ``lender`` (by default the type of a flat-fee loan with a
    fee rate, a person's for one installment in China, else a bank's), the 4x line drawn
    from the one-year LPR in force ``on``; the flags judge the nominal APR to the cent.
    10,000 repaid 908.33 x 12: about 16.22 % nominal, 17.48 % effective.
    """
    check_principal(principal)
    if installment is not None and total is not None:
        raise InputError(N_("give either the installment or the total repaid, not both"))
    if installment is None and total is None and fee_rate is None:
        raise InputError(
            N_("say what is repaid: the installment, the total repaid, or the fee rate")
        )
    check_periods(periods_per_year)
    if isinstance(term, bool) or term < 1:
        raise InputError(N_("the term is {value}; it must be 1 installment or more"), value=term)
    days = default_day_count(jurisdiction)
    if installment is not None:
        base = [installment] * term
    else:
        base = _split(principal if total is None else total, term)
    fee = ZERO
    if fee_rate is not None:
        fee = cents(principal * fee_rate.annual_percent(days) / periods_per_year / HUNDRED)
    payments = tuple(amount + fee for amount in base)
    if advertised is None:
        advertised = fee_rate
    stated = None if advertised is None else advertised.annual_percent(days)
    if lender is None:
        method = Method.FLAT if fee_rate is not None else Method.ANNUITY
        lender = default_lender_type(Method.LUMP_SUM if term == 1 else method, jurisdiction)
    lpr = one_year_lpr(on)
    lines = legal_lines(jurisdiction, lender, lpr.percent)
    cost = loan_cost(principal=principal, upfront_fee=upfront_fee, payments=payments,
                     periods_per_year=periods_per_year, lines=lines,
                     advertised_percent=ZERO if stated is None else stated)  # fmt: skip
    court_cap = any(line.flag == ABOVE_4X_LPR for line in lines)
    cost = replace(cost, flags=cost_flags(cents(cost.nominal_apr), lines),
                   lpr=lpr if court_cap else None)  # fmt: skip
    return Quote(cost, principal - upfront_fee, payments, periods_per_year, stated, lender)
