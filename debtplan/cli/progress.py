"""`debtplan progress`: how much is repaid, and whether you keep to the saved plan."""

from __future__ import annotations

from typing import Annotated

import typer

from debtplan.cli.common import emit_json, handles_errors, read_book, session
from debtplan.core.text import N_


@handles_errors
def progress(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """Am I on track? What is repaid, against the plan saved with plan --save."""
    from debtplan.render.progress import print_progress, progress_document
    from debtplan.usecases.progress import progress_report

    report = progress_report(read_book(), session().today)
    if as_json:
        emit_json(progress_document(report))
    else:
        print_progress(report)


def register(app: typer.Typer) -> None:
    app.command()(progress)
