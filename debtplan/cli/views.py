"""Text rendering of the documents `show` and `overdue` report, and the names they use.

The documents come from :mod:`debtplan.usecases.standing` (a plain dict of Decimals,
dates and strings): the JSON renderer writes them as they are, these functions print
them for people.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from debtplan.core.apr import FLAG_NAMES
from debtplan.core.money import cents
from debtplan.i18n import _
from debtplan.render.names import lender_type_name, method_name, status_name

if TYPE_CHECKING:
    from debtplan.usecases.standing import OverdueReport


def print_loan_summary(summary: dict[str, Any]) -> None:
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped, iso

    cur = summary["currency"]

    def amount(value: Decimal | None) -> str:
        return f"{grouped(value)} {cur}" if value is not None else ""

    def pct(value: Decimal) -> str:
        return f"{cents(value)}%"

    rows: list[list[str]] = [
        [_("Lender"), summary.get("lender", "")],
        [_("Method"), method_name(summary["method"])],
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
            [_("Lender type"), lender_type_name(summary["lender_type"])],
            [_("Measured against"), measured_against(cost)],
        ]
    if summary.get("note"):
        rows.append([_("Note"), summary["note"]])
    print_table([_("Loan"), summary["name"]], rows, title=None)
    if cost and cost["flags"]:
        print_lines([_("Warning: the real cost is {what}.").format(what=_(FLAG_NAMES[f]))
                     for f in cost["flags"]], style="bold red")  # fmt: skip


def measured_against(cost: dict[str, Any]) -> str:
    """The legal lines of a cost document in words (docs/conventions.md#cost-flags)."""
    lines = [f"{cents(line['percent'])}%" for line in cost["lines"]]
    lpr = cost["lpr"]
    if lpr is not None:
        if lpr["fixed_on"] is None:
            return _("{line} (4x the one-year LPR of {lpr}%, the lpr setting)").format(
                line=lines[0], lpr=cents(lpr["percent"]))  # fmt: skip
        return _("{line} (4x the one-year LPR of {lpr}%, fixed on {date})").format(
            line=lines[0], lpr=cents(lpr["percent"]), date=lpr["fixed_on"].isoformat())  # fmt: skip
    if lines:  # a licensed lender's two lines, 24% and 36%
        return _("{low} and {high} a year (licensed lenders)").format(
            low=lines[0], high=lines[-1])  # fmt: skip
    return _("no legal line: no Chinese rule applies (US state laws differ)")


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
