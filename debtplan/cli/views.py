"""Result documents shared by several commands, and their text rendering.

A view is a plain dict of Decimals, dates and strings: the JSON renderer turns it
into the documented keys, the table renderer into rows for people.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from debtplan.core.model import Loan, Method
from debtplan.core.money import cents
from debtplan.core.text import N_
from debtplan.i18n import _

FLAG_NAMES = {
    "above_4x_lpr": N_("above 4x the one-year LPR (the court cap for private lending)"),
    "above_24": N_("above 24% a year (the line regulators expect consumer lending under)"),
    "above_36": N_("above 36% a year (interest above it was void under the 2015 rules)"),
}


def advertised_percent(loan: Loan) -> Decimal:
    """The rate the lender states, as a yearly percent: a flat loan's fee counts x 12."""
    if loan.method is Method.FLAT and loan.fee_rate is not None:
        return loan.fee_rate.annual_percent(loan.day_count) + loan.rate.annual_percent(
            loan.day_count
        )
    return loan.rate.annual_percent(loan.day_count)


def real_cost(loan: Loan, lpr_percent: Decimal) -> dict[str, Any]:
    """The real APR of the contract's cash flows: money received against every installment."""
    from debtplan.core.apr import CashFlow, cost_flags, dated_loan_cost, loan_cost
    from debtplan.core.schedule import contract_schedule

    schedule = contract_schedule(loan)
    advertised = advertised_percent(loan)
    if loan.method is Method.LUMP_SUM:
        flows = [CashFlow(loan.start, loan.amount_received)]
        flows += [CashFlow(i.due_date, -i.payment) for i in schedule]
        cost = dated_loan_cost(flows=flows, principal=loan.principal,
                               advertised_percent=advertised, lpr_percent=lpr_percent,
                               total_fees=loan.upfront_fee)  # fmt: skip
    else:
        cost = loan_cost(principal=loan.principal, upfront_fee=loan.upfront_fee,
                         payments=[i.payment for i in schedule],
                         periods_per_year=loan.frequency.periods_per_year,
                         advertised_percent=advertised, lpr_percent=lpr_percent)  # fmt: skip
    # Flags judge the figure people see (to the cent), so a 12% loan whose
    # installment was rounded up by a fraction of a cent is not flagged above 12%.
    return {
        "nominal_apr": cost.nominal_apr,
        "effective_apr": cost.effective_apr,
        "advertised_apr": advertised,
        "total_interest": cost.total_interest,
        "total_fees": cost.total_fees,
        "flags": list(cost_flags(cents(cost.nominal_apr), lpr_percent)),
    }


def overdue_figures(loan: Loan, state: Any) -> dict[str, Any]:
    """Where a loan stands on ``state.as_of``: the figures `show` and `overdue` share."""
    from debtplan.core.ledger import daily_increase

    return {
        "days_overdue": state.days_overdue,
        "stage": state.stage.value if state.stage else None,
        "bucket": state.bucket,
        "overdue_amount": state.overdue_amount,
        "penalty": state.penalty,
        "late_fees": state.late_fees,
        "total_due": state.total_due,
        "daily_increase": daily_increase(loan, state.as_of),
    }


def loan_summary(loan: Loan, as_of: date, lpr_percent: Decimal) -> dict[str, Any]:
    """Everything `show` reports about one loan as of ``as_of``."""
    from debtplan.cli.book import _loan_json, _status_word
    from debtplan.core.ledger import loan_state
    from debtplan.core.text import DebtplanError

    state = loan_state(loan, as_of)
    upcoming = state.next_due
    try:
        cost: dict[str, Any] | None = real_cost(loan, lpr_percent)
    except DebtplanError:
        cost = None  # e.g. a card whose minimum never covers the interest: no finite APR
    fields = _loan_json(loan)
    if "balance" in fields:  # a card's balance on its start date; "balance" below is today's
        fields["opening_balance"] = fields.pop("balance")
    return {
        **fields,
        "as_of": as_of,
        "status": _status_word(state),
        "balance": state.balance,
        "total_paid": state.total_paid,
        "next_due_date": upcoming.due_date if upcoming else None,
        "next_due_amount": upcoming.total_owed if upcoming else None,
        **overdue_figures(loan, state),
        "payoff_amount": state.payoff_amount,
        "overpaid": state.overpaid,
        "cost": cost,
    }


def print_loan_summary(summary: dict[str, Any]) -> None:
    from debtplan.cli.book import METHOD_NAMES, status_name
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped, iso

    cur = summary["currency"]

    def amount(value: Decimal | None) -> str:
        return f"{grouped(value)} {cur}" if value is not None else ""

    def pct(value: Decimal) -> str:
        return f"{cents(value)}%"

    rows: list[list[str]] = [
        [_("Lender"), summary.get("lender", "")],
        [_("Method"), _(METHOD_NAMES[summary["method"]])],
        [_("Principal") if "principal" in summary else _("Balance at start"),
         amount(summary.get("principal", summary.get("opening_balance")))],
        [_("Contract rate"), _("{stated} ({yearly}% a year)").format(
            stated=summary["rate_as_stated"], yearly=summary["rate"])],
        [_("Installments"), str(summary.get("term", ""))],
        [_("Start"), iso(summary["start"])],
        [_("Status"), status_name(summary["status"])],
        [_("Balance"), amount(summary["balance"])],
        [_("Paid so far"), amount(summary["total_paid"])],
        [_("Next due"), f"{iso(summary['next_due_date'])}  {amount(summary['next_due_amount'])}"],
    ]  # fmt: skip
    if summary["days_overdue"]:
        rows += [
            [_("Days overdue"), str(summary["days_overdue"])],
            [_("Overdue amount"), amount(summary["overdue_amount"])],
            [_("Penalty interest"), amount(summary["penalty"])],
            [_("Late fees"), amount(summary["late_fees"])],
            [_("Each further day adds"), amount(summary["daily_increase"])],
        ]
    rows += [
        [_("Due now"), amount(summary["total_due"])],
        [_("Pays it all off today"), amount(summary["payoff_amount"])],
    ]
    cost = summary["cost"]
    if cost:
        rows += [
            [_("Advertised rate"), pct(cost["advertised_apr"])],
            [_("Real APR (nominal)"), pct(cost["nominal_apr"])],
            [_("Real APR (effective)"), pct(cost["effective_apr"])],
            [_("Interest over the term"), amount(cost["total_interest"])],
            [_("Fees taken up front"), amount(cost["total_fees"])],
        ]
    if summary.get("note"):
        rows.append([_("Note"), summary["note"]])
    print_table([_("Loan"), summary["name"]], rows, title=None)
    if cost and cost["flags"]:
        print_lines([_("Warning: the real cost is {what}.").format(what=_(FLAG_NAMES[f]))
                     for f in cost["flags"]], style="bold red")  # fmt: skip
