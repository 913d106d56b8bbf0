"""`debtplan triage`: what to pay today with the cash at hand, and why."""

from __future__ import annotations

from typing import Annotated

import typer

from debtplan.cli.common import emit_json, handles_errors, read_book, session
from debtplan.core.text import N_


@handles_errors
def triage(
    cash: Annotated[str, typer.Option(metavar="AMOUNT", help=N_("The money you can pay today."))],
    currency: Annotated[
        str | None,
        typer.Option(metavar="CUR", help=N_("The cash's currency [default: the loans'].")),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """Split today's cash across what is due and late: what crosses a line soonest first."""
    from debtplan.cli.apr import OptionError
    from debtplan.core.fields import parse_money
    from debtplan.core.text import InputError
    from debtplan.render.triage import print_triage, triage_document
    from debtplan.usecases.triage import triage_report

    try:
        amount = parse_money(cash)
    except InputError as error:
        raise OptionError("--cash", error) from None
    report = triage_report(read_book().loans, amount, session().today, currency)
    document = triage_document(report)
    if as_json:
        emit_json(document)
    else:
        print_triage(document)


def register(app: typer.Typer) -> None:
    app.command()(triage)
