"""`overdue`: what is late, what it costs, what happens next and what to do."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from debtplan.cli.common import (
    complete_loan_names,
    emit_json,
    find_loan,
    handles_errors,
    read_book,
    say,
    session,
)
from debtplan.core.text import N_
from debtplan.i18n import _

# What borrowers report happens at each stage, and what they can do (docs/conventions.md#stages).
NEXT_AT_STAGE = {
    "short": N_("Reminders by SMS and app from day 1, then phone calls. Paying now stops "
                "the penalty and usually nothing is reported yet."),
    "medium": N_("More calls, and some lenders start calling the contacts you gave them. "
                 "The account is in the M1 bucket (1-30 days) of the credit report and moves "
                 "to M2 on day 31; a US lender may report it once it is 30 days late. Ask the "
                 "lender for a plan now."),
    "long": N_("Calls to contacts, letters and visits, transfer to a collection agency, and "
               "a late mark on the credit report (it stays 5 years after settling in China, 7 "
               "years in the US)."),
}  # fmt: skip
RIGHTS = {
    "cn": N_("Your rights: no collection between 22:00 and 08:00, at most 3 connected calls "
             "a day, no contacting people unrelated to the debt or telling them about it, no "
             "threats or insults (NIFA rules). The lender must tell you before reporting you "
             "to the credit bureau. Courts may reduce excessive penalties (Civil Code Art. 585). "
             "Complain to the lender first, then to 12378 (NFRA) or 12363 (PBoC)."),
    "us": N_("Your rights: no calls before 8 a.m. or after 9 p.m., no more than 7 calls in 7 "
             "days, third parties only for location information, no harassment or false "
             "statements (FDCPA, Regulation F). You can dispute the debt in writing within 30 "
             "days of the validation notice, ask in writing to stop contact, and complain to "
             "the CFPB."),
}  # fmt: skip
MESSAGE_FOR_STAGE = {"short": "extension", "medium": "waiver", "long": "installments"}


def overdue_view(loan: Any, today: date, pay_on: date | None) -> dict[str, Any]:
    """The `overdue` document for one loan (``pay_on``: what paying on that day costs)."""
    from debtplan.cli.views import overdue_figures
    from debtplan.core.ledger import charges, loan_state

    state = loan_state(loan, today)
    view: dict[str, Any] = {
        "name": loan.name,
        "currency": loan.currency,
        **overdue_figures(loan, state),
        "installments": [
            {"number": i.number, "due_date": i.due_date, "days_overdue": i.days_overdue,
             "amount": i.amount_owed, "penalty": i.penalty_owed, "late_fee": i.fees_owed,
             "total": i.total_owed}
            for i in state.overdue
        ],
        "suggested_message": MESSAGE_FOR_STAGE[state.stage.value] if state.stage else None,
    }  # fmt: skip
    if pay_on is not None:
        later = loan_state(loan, pay_on)
        view["pay_on"] = {
            "date": pay_on,
            "total_due": later.total_due,
            "days_overdue": later.days_overdue,
            "stage": later.stage.value if later.stage else None,
            "extra_cost": charges(later) - charges(state),
        }
    return view


@handles_errors
def overdue(
    name: Annotated[
        str | None,
        typer.Argument(
            help=_("One loan [default: every loan]."), autocompletion=complete_loan_names
        ),
    ] = None,
    pay_on: Annotated[
        str | None,
        typer.Option("--pay-on", metavar="YYYY-MM-DD", help=_("What it costs to pay on this day.")),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print one JSON document."))] = False,
) -> None:
    """Days overdue, stage, penalty so far, what each further day adds, and your rights."""
    from debtplan.core.fields import parse_date

    today = session().today
    book = read_book()
    loans = [find_loan(book, name)] if name else list(book.loans)
    when = parse_date(pay_on) if pay_on else None
    views = [overdue_view(loan, today, when) for loan in loans]
    if not name:
        views = [v for v in views if v["days_overdue"]]
    if as_json:
        emit_json({"as_of": today, "loans": views})
        return
    if not views or not any(v["days_overdue"] or v.get("pay_on") for v in views):
        say(_("Nothing is overdue as of {date}.").format(date=today))
        return
    _print_overdue(views, {loan.name: loan for loan in loans})


STAGE_NAMES = {"short": N_("short (1-7 days)"), "medium": N_("medium (8-30 days)"),
               "long": N_("long (over 30 days)")}  # fmt: skip


def _print_overdue(views: list[dict[str, Any]], loans: dict[str, Any]) -> None:
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped, literal

    for view in views:
        cur = view["currency"]
        rows = [
            [str(i["number"]), i["due_date"].isoformat(), str(i["days_overdue"]),
             grouped(i["amount"]), grouped(i["penalty"]), grouped(i["late_fee"]),
             grouped(i["total"])]
            for i in view["installments"]
        ]  # fmt: skip
        title = _("{name}: {days} days overdue, stage {stage}, credit bucket {bucket}").format(
            name=literal(view["name"]), days=view["days_overdue"],
            stage=_(STAGE_NAMES[view["stage"]]) if view["stage"] else "-",
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
        if view["stage"]:
            loan = loans[view["name"]]
            print_lines([_("What usually happens next: ") + _(NEXT_AT_STAGE[view["stage"]]),
                         _(RIGHTS[loan.jurisdiction])])  # fmt: skip
            print_lines([_("A message to the lender: debtplan message {name} --kind {kind}").format(
                name=_quote(view["name"]), kind=view["suggested_message"])])  # fmt: skip
        say("")


def _quote(name: str) -> str:
    import shlex

    from debtplan.render.text import literal

    return shlex.quote(literal(name))


def register(app: typer.Typer) -> None:
    app.command()(overdue)
