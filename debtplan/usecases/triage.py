"""`triage`: today's cash split across what the loans have due (core.triage), in one
currency, and the letter worth sending for what stays unpaid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from debtplan.core.collection import standing
from debtplan.core.ledger import position
from debtplan.core.model import Loan
from debtplan.core.text import N_, InputError
from debtplan.core.triage import Left, Triage, triage


@dataclass(frozen=True)
class TriageReport:
    """The split (:class:`~debtplan.core.triage.Triage`) in ``currency``."""

    currency: str
    result: Triage


def letter_for(left: Left) -> str:
    """The message kind worth sending about what stays unpaid: the one for the loan's
    stage under its jurisdiction; ``extension`` (more days) when not overdue yet."""
    where = standing(left.loan.jurisdiction, left.days_overdue, left.loan.lender_kind)
    return where.letter if where else "extension"


def triage_report(
    loans: Sequence[Loan], cash: Decimal, as_of: date, currency: str | None
) -> TriageReport:
    """Split ``cash`` across the loans in ``currency``; without one, the currency of the
    loans with something due (refused when they are in several)."""
    if currency is None:
        owing = sorted({loan.currency for loan in loans if position(loan, as_of).due_now})
        if len(owing) > 1:
            raise InputError(
                N_("loans in {currencies} have something due; say which currency the cash is "
                   "in, like --currency {first}"),
                currencies=", ".join(owing), first=owing[0],
            )  # fmt: skip
        currency = owing[0] if owing else (loans[0].currency if loans else "CNY")
    else:
        currency = currency.strip().upper()
        if not any(loan.currency == currency for loan in loans):
            raise InputError(N_("no loan is in {currency}; check --currency"), currency=currency)
    chosen = [loan for loan in loans if loan.currency == currency]
    return TriageReport(currency, triage(chosen, cash, as_of))
