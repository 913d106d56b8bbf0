"""Text rendering of the documents `show` and `overdue` report, and the names they use.

The documents come from :mod:`debtplan.usecases.standing` (a plain dict of Decimals,
dates and strings): the JSON renderer writes them as they are, these functions print
them for people.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from debtplan.core.apr import FLAG_NAMES, advertised_percent, contract_cost
from debtplan.core.model import Loan
from debtplan.i18n import _

if TYPE_CHECKING:
    from debtplan.usecases.standing import OverdueReport

# `plan` and `list` still take these from here (debtplan.cli.plan, book.list_loans);
# the rules themselves are in the core.
__all__ = ["FLAG_NAMES", "advertised_percent", "print_overdue", "real_cost"]


def real_cost(loan: Loan, lpr_percent: Decimal) -> dict[str, Any]:
    """The real cost of the contract as a document (debtplan.core.apr.contract_cost)."""
    from debtplan.usecases.standing import cost_document

    return cost_document(contract_cost(loan, lpr_percent))


def print_overdue(report: OverdueReport) -> None:
    """The `overdue` report for people: per loan its overdue installments, what clears
    them, what waiting costs, and under its own jurisdiction what usually happens next,
    the borrower's rights and the message worth sending."""
    from debtplan.cli.common import say
    from debtplan.core.collection import STAGE_NAMES
    from debtplan.core.penalty import Stage
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped, literal

    for item in report.loans:
        view = item.document
        cur = view["currency"]
        rows = [
            [str(i["number"]), i["due_date"].isoformat(), str(i["days_overdue"]),
             grouped(i["amount"]), grouped(i["penalty"]), grouped(i["late_fee"]),
             grouped(i["total"])]
            for i in view["installments"]
        ]  # fmt: skip
        title = _("{name}: {days} days overdue, stage {stage}, credit bucket {bucket}").format(
            name=literal(view["name"]), days=view["days_overdue"],
            stage=_(STAGE_NAMES[Stage(view["stage"])]) if view["stage"] else "-",
            bucket=view["bucket"] or "-",
        )  # fmt: skip
        if rows:
            print_table(
                ["#", _("Due date"), _("Days"), _("Amount"), _("Penalty"), _("Late fee"),
                 _("Total")],
                rows, right=(0, 2, 3, 4, 5, 6), title=title,
            )  # fmt: skip
        lines = [
            _("To clear it today: {amount} {cur}").format(
                amount=grouped(view["total_due"]), cur=cur),
            _("Each further day adds: {amount} {cur}").format(
                amount=grouped(view["daily_increase"]), cur=cur),
        ]  # fmt: skip
        if "pay_on" in view:
            later = view["pay_on"]
            lines.append(
                _("Paying on {date} instead: {amount} {cur} ({extra} {cur} more)").format(
                    date=later["date"], amount=grouped(later["total_due"]), cur=cur,
                    extra=grouped(later["extra_cost"]))
            )  # fmt: skip
        print_lines(lines, style="bold")
        where = item.standing
        if where is not None:
            print_lines([_("What usually happens next: ") + _(where.next_step),
                         _(where.rights)])  # fmt: skip
            print_lines([_("A message to the lender: debtplan message {name} --kind {kind}").format(
                name=_quote(view["name"]), kind=where.letter)])  # fmt: skip
        say("")


def _quote(name: str) -> str:
    import shlex

    from debtplan.render.text import literal

    return shlex.quote(literal(name))
