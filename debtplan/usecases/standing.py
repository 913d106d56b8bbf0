"""Where loans stand today: the documents `show` and `overdue` report.

Each loan's ledger is replayed once as of the day asked about
(:func:`debtplan.core.ledger.loan_state`) and every figure of that day comes from
that one state. A question about another day replays it once for that day: what
one more day adds (the state tomorrow) and, for `overdue --pay-on`, the pay-on day.
`overdue` asks tomorrow's state only of the loans it reports.

A document is a plain dict of Decimals, dates and strings in the documented key
order: the JSON renderer writes it as it is, the table renderers pick from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from debtplan.core.apr import Cost, advertised_percent, contract_cost
from debtplan.core.collection import Standing, standing
from debtplan.core.ledger import LoanState, Position, Status, charges, loan_states, position
from debtplan.core.model import Loan
from debtplan.core.money import rate_str
from debtplan.core.text import DebtplanError
from debtplan.core.to_document import loan_to_dict


def loan_document(loan: Loan) -> dict[str, Any]:
    """A loan's fields as in the file, JSON-ready: the yearly ``rate`` beside
    ``rate_as_stated``, its payments and contacts (and a card's charges and statements)
    counted, not listed, and its
    ``day_count`` and ``lender_type`` also when the file leaves them to their default."""
    data = loan_to_dict(loan)
    data.pop("payments", None)
    data.pop("contacts", None)
    data["rate"] = rate_str(loan.rate.annual_percent(loan.day_count))
    data["rate_as_stated"] = str(loan.rate)
    data["payments"] = len(loan.payments)
    data["contacts"] = len(loan.contacts)
    for key, items in (("charges", loan.charges), ("statements", loan.statements)):
        if key in data:  # a card's, counted like its payments
            data[key] = len(items)
    data["day_count"] = loan.day_count  # the file leaves out a default: say which applies
    data["lender_type"] = loan.lender_kind.value
    return data


def status_word(state: LoanState | Position) -> str:
    """The loan's status code: paid-off, overdue, due (today or within grace) or current."""
    if state.is_paid_off:
        return "paid-off"
    if any(i.status is Status.OVERDUE for i in state.due_now):
        return Status.OVERDUE.value
    if state.due_now:
        return Status.DUE.value
    return "current"


def loan_listing(loans: Sequence[Loan], as_of: date) -> list[dict[str, Any]]:
    """What `list` reports of each loan as of ``as_of`` (each ledger read only as far as
    today and its next installment: :func:`debtplan.core.ledger.position`)."""
    listing = []
    for loan in loans:
        where = position(loan, as_of)
        upcoming = where.next_due
        listing.append({
            "name": loan.name,
            "lender": loan.lender,
            "currency": loan.currency,
            "method": loan.method.value,
            "rate": rate_str(advertised_percent(loan)),
            "balance": where.balance,
            "total_due": where.total_due,
            "next_due_date": upcoming.due_date if upcoming else None,
            "next_due_amount": upcoming.total_owed if upcoming else None,
            "days_overdue": where.days_overdue,
            "oldest_unpaid_date": where.due_now[0].due_date if where.due_now else None,
            "status": status_word(where),
        })  # fmt: skip
    return listing


def collection_standing(loan: Loan, state: LoanState) -> Standing | None:
    """Where ``state`` stands in collection under the loan's own jurisdiction."""
    return standing(loan.jurisdiction, state.days_overdue, loan.lender_kind)


def overdue_figures(state: LoanState, tomorrow: LoanState) -> dict[str, Any]:
    """Where a loan stands on ``state.as_of``: the figures `show` and `overdue` share.

    ``daily_increase`` is what one more day adds to the penalty and fees owed
    (``tomorrow``, the state a day later, minus today's).
    """
    where = collection_standing(state.loan, state)
    return {
        "days_overdue": state.days_overdue,
        "stage": where.stage.value if where else None,
        "bucket": where.bucket if where else None,
        "overdue_amount": state.overdue_amount,
        "penalty": state.penalty,
        "late_fees": state.late_fees,
        "total_due": state.total_due,
        "daily_increase": charges(tomorrow) - charges(state),
        "payoff_amount": state.payoff_amount,
    }


def cost_document(cost: Cost) -> dict[str, Any]:
    """The real cost of a contract (:func:`debtplan.core.apr.contract_cost`) as a document:
    ``lines`` are the legal lines it is measured against (a flag and a percent a year
    each), ``lpr`` the one-year LPR the 4x line is drawn from (``fixed_on`` None when it
    is the book's ``lpr`` setting; ``lpr`` None without that line)."""
    lpr = cost.lpr
    return {
        "nominal_apr": cost.nominal_apr,
        "effective_apr": cost.effective_apr,
        "advertised_apr": cost.advertised,
        "total_interest": cost.total_interest,
        "total_fees": cost.total_fees,
        "flags": list(cost.flags),
        "lines": [{"flag": line.flag, "percent": line.percent} for line in cost.lines],
        "lpr": {"percent": lpr.percent, "fixed_on": lpr.fixed_on} if lpr else None,
    }


def _cost_if_any(loan: Loan, lpr_percent: Decimal | None) -> dict[str, Any] | None:
    try:
        return cost_document(contract_cost(loan, lpr_percent))
    except DebtplanError:
        return None  # e.g. a card whose minimum never covers the interest: no finite APR


def _day_after(day: date) -> date:
    return day + timedelta(days=1)


def loan_summary(loan: Loan, as_of: date, lpr_percent: Decimal | None) -> dict[str, Any]:
    """Everything `show` reports about one loan as of ``as_of`` (``lpr_percent``: the
    book's ``lpr`` setting, None for the dated table)."""
    state, tomorrow = loan_states(loan, (as_of, _day_after(as_of)))
    upcoming = state.next_due
    fields = loan_document(loan)
    if "balance" in fields:  # a card's balance on its start date; "balance" below is today's
        fields["opening_balance"] = fields.pop("balance")
    return {
        **fields,
        "as_of": as_of,
        "status": status_word(state),
        "balance": state.balance,
        "total_paid": state.total_paid,
        "next_due_date": upcoming.due_date if upcoming else None,
        "next_due_amount": upcoming.total_owed if upcoming else None,
        **overdue_figures(state, tomorrow),
        "overpaid": state.overpaid,
        "cost": _cost_if_any(loan, lpr_percent),
    }


@dataclass(frozen=True)
class LoanOverdue:
    """One loan in the `overdue` report: its document and its collection standing
    (the rules of the loan's jurisdiction; None when it is not overdue)."""

    loan: Loan
    document: dict[str, Any]
    standing: Standing | None


@dataclass(frozen=True)
class OverdueReport:
    """What `overdue` reports as of ``as_of``."""

    as_of: date
    loans: tuple[LoanOverdue, ...]

    def document(self) -> dict[str, Any]:
        """The `overdue --json` document."""
        return {"as_of": self.as_of, "loans": [item.document for item in self.loans]}


def _overdue_item(
    loan: Loan, state: LoanState, tomorrow: LoanState, later: LoanState | None
) -> LoanOverdue:
    """The `overdue` document for one loan as of ``state.as_of`` (``later``: the state on
    the day asked about with ``--pay-on``, if any)."""
    where = collection_standing(loan, state)
    document: dict[str, Any] = {
        "name": loan.name,
        "currency": loan.currency,
        **overdue_figures(state, tomorrow),
        "installments": [
            {"number": i.number, "due_date": i.due_date, "days_overdue": i.days_overdue,
             "amount": i.amount_owed, "penalty": i.penalty_owed, "late_fee": i.fees_owed,
             "total": i.total_owed}
            for i in state.overdue
        ],
        "suggested_message": where.letter if where else None,
    }  # fmt: skip
    if later is not None:
        document["pay_on"] = {
            "date": later.as_of,
            "total_due": later.total_due,
            "days_overdue": later.days_overdue,
            "stage": later.stage.value if later.stage else None,
            "extra_cost": charges(later) - charges(state),
        }
    return LoanOverdue(loan, document, where)


def overdue_report(
    loans: Sequence[Loan], today: date, pay_on: date | None, *, only_overdue: bool
) -> OverdueReport:
    """The `overdue` report of ``loans`` as of ``today``; with ``only_overdue`` the
    loans not overdue are left out (and cost nothing beyond today's state)."""
    tomorrow = _day_after(today)
    dates = sorted({today, tomorrow} | ({pay_on} if pay_on else set()))
    items = []
    for loan in loans:
        states = dict(zip(dates, loan_states(loan, dates), strict=True))
        if only_overdue and not states[today].days_overdue:
            continue
        later = states[pay_on] if pay_on else None
        items.append(_overdue_item(loan, states[today], states[tomorrow], later))
    return OverdueReport(today, tuple(items))
