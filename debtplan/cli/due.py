"""`debtplan due`: what is due soon and what is late, for people and for cron.

Prints nothing when nothing needs attention (cron mails only output). This module is
all that ``debtplan due`` loads of the commands: no rich, no TOML writer.
"""

from __future__ import annotations

from typing import Annotated

import typer

from debtplan.cli.common import handles_errors, read_book, say, session
from debtplan.core.due import MAX_WITHIN, due_items, exit_code
from debtplan.core.text import N_


@handles_errors
def due(
    within: Annotated[int, typer.Option(min=0, max=MAX_WITHIN, help=N_("Days ahead to look."))] = 7,
    use_exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help=N_("Exit 1 if something is due in the window, 3 if overdue.")
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """What is due within the next days and what is already late (for cron)."""
    from debtplan.render.due import due_json, due_text

    today = session().today
    items = due_items(read_book().loans, today, within)
    text = due_json(items, today, within) if as_json else due_text(items, today, within)
    if text:
        say(text)
    if use_exit_code and exit_code(items):
        raise typer.Exit(exit_code(items))


def register(app: typer.Typer) -> None:
    app.command()(due)
