"""Triage: what to pay today with the cash at hand (docs/conventions.md#triage).

The late borrower's question is not next month's budget but today's cash. The cash
goes, one whole installment at a time (a loan's oldest first, as the ledger applies a
payment), to the installment whose loan crosses a threshold soonest: going overdue
when the grace days end, the next stage (day 8, day 31), the next credit-report bucket
(China: M2 on day 31, M3 on day 61, ... M6+ on day 181) or the next late mark a US
lender may report (day 30, 60, ... 180). Ties, and installments past every threshold,
go by the penalty growing fastest (what a day adds to it). An installment the cash
cannot pay in full waits; what is left then goes to the loan whose penalty rate is the
highest, as a partial payment.

Pure: loans and a day in, frozen dataclasses out; the reasons are message ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from debtplan.core.ledger import InstallmentState, loan_state, loan_states, overdue_terms
from debtplan.core.model import Loan, Payment
from debtplan.core.money import ZERO, cents
from debtplan.core.text import N_

OVERDUE = "overdue"  # the grace days end: the installment is overdue
STAGE = "stage"  # the next stage, day 8 (medium) or day 31 (long)
BUCKET = "bucket"  # China's credit-report bucket: M2 on day 31, ... M6+ on day 181
REPORTED = "reported"  # a US lender may report it 30, 60, ... 180 days late


@dataclass(frozen=True)
class Threshold:
    """A line an installment crosses ``in_days`` days from today, on ``on``: its loan is
    then ``days`` days overdue. ``name``: the stage (``medium``, ``long``), the bucket
    (``M2``), the days a US lender reports (``30``), or ``overdue``."""

    kind: str
    name: str
    days: int
    in_days: int
    on: date


def _lines(jurisdiction: str) -> list[tuple[int, str, str]]:
    """(days overdue, kind, name) of every line, the report's first on a shared day."""
    stages = [(8, STAGE, "medium"), (31, STAGE, "long")]
    if jurisdiction == "us":
        reports = [(days, REPORTED, str(days)) for days in range(30, 181, 30)]
    else:
        reports = [(days, BUCKET, f"M{(days + 29) // 30}") for days in range(31, 152, 30)]
        reports.append((181, BUCKET, "M6+"))
    return sorted(reports + stages, key=lambda line: (line[0], line[1] == STAGE))


def next_threshold(loan: Loan, item: InstallmentState, as_of: date) -> Threshold | None:
    """The next line ``item`` crosses if it stays unpaid (None past the last one).

    Days late count from the due date; within ``grace_days`` nothing is overdue, so a
    line inside the grace days is crossed the day the installment goes overdue.
    """
    late = (as_of - item.due_date).days
    overdue_on = loan.grace_days + 1
    if late < overdue_on:
        return Threshold(OVERDUE, OVERDUE, overdue_on, overdue_on - late,
                         as_of + timedelta(days=overdue_on - late))  # fmt: skip
    for days, kind, name in _lines(loan.jurisdiction):
        if days > late:
            return Threshold(kind, name, days, days - late, as_of + timedelta(days=days - late))
    return None


def daily_growth(loan: Loan, item: InstallmentState) -> Decimal:
    """What one day adds to the penalty of ``item`` (not rounded): the daily rate on
    its basis (docs/conventions.md#penalties)."""
    terms = overdue_terms(loan)
    basis = item.amount_owed if terms.on_interest else item.principal_owed
    return basis * terms.daily_rate


@dataclass(frozen=True)
class Choice:
    """Pay ``amount`` on ``loan`` (its installment ``number``): ``whole`` when it clears
    that installment, its penalty and fees; ``avoids`` the line it keeps the loan from
    crossing (None: past every line, or a partial payment); ``growth`` what a day adds
    to that installment's penalty."""

    loan: Loan
    number: int
    amount: Decimal
    whole: bool
    avoids: Threshold | None
    growth: Decimal


@dataclass(frozen=True)
class Left:
    """What ``loan`` still has due once the choices are paid: ``amount`` today,
    ``daily_cost`` what one more day adds (penalty and a late fee), ``days_overdue``
    and the next line it crosses."""

    loan: Loan
    amount: Decimal
    daily_cost: Decimal
    days_overdue: int
    next: Threshold | None


@dataclass(frozen=True)
class Triage:
    """How ``cash`` is split on ``as_of``: the choices in order, what stays due, and
    ``unused`` cash (more than everything due)."""

    as_of: date
    cash: Decimal
    choices: tuple[Choice, ...]
    left: tuple[Left, ...]
    unused: Decimal

    def paid(self, loan: Loan) -> Decimal:
        return sum((c.amount for c in self.choices if c.loan is loan), ZERO)


def _urgency(loan: Loan, item: InstallmentState, as_of: date) -> tuple[int, int, Decimal, str]:
    line = next_threshold(loan, item, as_of)
    return (line is None, line.in_days if line else 0, -daily_growth(loan, item), loan.key)


def with_payment(loan: Loan, amount: Decimal, on: date) -> Loan:
    """``loan`` with ``amount`` paid ``on`` (what `debtplan pay` records); itself for 0."""
    if amount <= 0:
        return loan
    return replace(loan, payments=(*loan.payments, Payment(on, amount)))


def triage(loans: Sequence[Loan], cash: Decimal, as_of: date) -> Triage:
    """Split ``cash`` (0 or more) across what ``loans`` have due on ``as_of`` (module doc)."""
    queues = {loan.key: list(loan_state(loan, as_of).due_now) for loan in loans}
    left_cash = cash
    choices: list[Choice] = []
    while True:
        fits = [(loan, queue[0]) for loan in loans
                if (queue := queues[loan.key]) and queue[0].total_owed <= left_cash]  # fmt: skip
        if not fits:
            break
        loan, item = min(fits, key=lambda pair: _urgency(pair[0], pair[1], as_of))
        choices.append(
            Choice(
                loan,
                item.number,
                item.total_owed,
                True,
                next_threshold(loan, item, as_of),
                daily_growth(loan, item),
            )
        )
        left_cash -= item.total_owed
        queues[loan.key].pop(0)
    waiting = [(loan, queue[0]) for loan in loans if (queue := queues[loan.key])]
    if left_cash > 0 and waiting:
        loan, item = min(
            waiting,
            key=lambda pair: (
                -overdue_terms(pair[0]).daily_rate,
                *_urgency(pair[0], pair[1], as_of),
            ),
        )
        choices.append(Choice(loan, item.number, left_cash, False, None, daily_growth(loan, item)))
        left_cash = ZERO
    paid = Triage(as_of, cash, tuple(choices), (), left_cash)
    left = []
    for loan in loans:
        after = with_payment(loan, paid.paid(loan), as_of)
        today, tomorrow = loan_states(after, (as_of, as_of + timedelta(days=1)))
        if today.due_now:
            head = today.due_now[0]
            left.append(Left(loan, today.total_due,
                             tomorrow.penalty + tomorrow.late_fees - today.penalty
                             - today.late_fees, today.days_overdue,
                             next_threshold(loan, head, as_of)))  # fmt: skip
    return replace(paid, left=tuple(left))


REASONS = {
    OVERDUE: (N_("keeps {loan} from going overdue, which it does tomorrow"),
              N_("keeps {loan} from going overdue, which it does in {days} days")),
    STAGE: (N_("keeps {loan} out of the {name} stage, which it reaches tomorrow"),
            N_("keeps {loan} out of the {name} stage, which it reaches in {days} days")),
    BUCKET: (N_("keeps {loan} out of {name} on the credit report, which it reaches tomorrow"),
             N_("keeps {loan} out of {name} on the credit report, which it reaches in {days} "
                "days")),
    REPORTED: (N_("keeps {loan} from being reported {name} days late, which it can be "
                  "tomorrow"),
               N_("keeps {loan} from being reported {name} days late, which it can be in "
                  "{days} days")),
}  # fmt: skip
"""Why a whole installment is paid, by the line it avoids: (tomorrow, in some days)."""
PAST_EVERY_LINE = N_("stops {growth} a day of penalty on {loan}")
PARTIAL = N_("pays what it can of {loan}, whose penalty grows {growth} a day")


def reason(choice: Choice) -> tuple[str, dict[str, object]]:
    """The message id and parameters saying why ``choice`` is made (``name`` a stage
    code, translated by the renderer)."""
    growth = cents(choice.growth)
    if not choice.whole:
        return PARTIAL, {"loan": choice.loan.name, "growth": growth}
    line = choice.avoids
    if line is None:
        return PAST_EVERY_LINE, {"loan": choice.loan.name, "growth": growth}
    tomorrow, later = REASONS[line.kind]
    return (tomorrow if line.in_days == 1 else later,
            {"loan": choice.loan.name, "name": line.name, "days": line.in_days})  # fmt: skip
