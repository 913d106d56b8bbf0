"""`overdue`: what is late, what it costs, what happens next and what to do."""

from __future__ import annotations

from typing import Annotated

import typer

from debtplan.cli.common import (
    complete_loan_names,
    emit_json,
    handles_errors,
    read_book,
    say,
    session,
)
from debtplan.core.text import N_
from debtplan.i18n import _


@handles_errors
def overdue(
    name: Annotated[
        str | None,
        typer.Argument(
            help=N_("One loan [default: every loan]."), autocompletion=complete_loan_names
        ),
    ] = None,
    pay_on: Annotated[
        str | None,
        typer.Option(
            "--pay-on", metavar="YYYY-MM-DD", help=N_("What it costs to pay on this day.")
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """Days overdue, stage, penalty so far, what each further day adds, and your rights."""
    from debtplan.cli.views import print_overdue
    from debtplan.core.fields import parse_date
    from debtplan.usecases.standing import overdue_report

    today = session().today
    book = read_book()
    loans = [book.loan_named(name)] if name else list(book.loans)
    when = parse_date(pay_on) if pay_on else None
    report = overdue_report(loans, today, when, only_overdue=not name)
    if as_json:
        emit_json(report.document())
        return
    if not any(item.document["days_overdue"] or "pay_on" in item.document
               for item in report.loans):  # fmt: skip
        say(_("Nothing is overdue as of {date}.").format(date=today))
        return
    print_overdue(report)


def register(app: typer.Typer) -> None:
    app.command()(overdue)
