"""`check`: validate the loan file and list every problem at once."""

from __future__ import annotations

from typing import Annotated

import typer

from debtplan.cli.common import emit_json, loan_file, problem_lines, say, session, tell
from debtplan.core.from_document import book_from_document
from debtplan.core.model import Problem
from debtplan.core.text import N_, DebtplanError
from debtplan.i18n import _


def check(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """Validate the loan file; list every problem (exit 1 if there is any)."""
    from debtplan.render.text import literal
    from debtplan.store import open_to_others, read_document

    path = session().path
    problems: list[Problem] = []
    fatal = None
    try:
        path = loan_file()
        problems = book_from_document(read_document(path))[1]
    except DebtplanError as error:  # the file itself cannot be read or parsed
        fatal = error
    mode = open_to_others(path)
    warnings = []
    if mode is not None:  # a warning, not a problem: the exit status stays as it is
        warnings.append(
            _(
                "other users of this computer may read {path} (mode {mode}); run "
                "`chmod 600 {path}` so that only you can"
            ).format(path=path, mode=f"{mode:04o}")
        )
    if as_json:
        found = [{"loan": "-", "field": "-", "message": fatal.translated(_)}] if fatal else []
        found += [
            {"loan": p.loan, "field": p.field, "message": p.error.translated(_)} for p in problems
        ]
        emit_json({"file": str(path), "ok": not found, "problems": found, "warnings": warnings})
        if fatal or problems:
            raise typer.Exit(1)
        return
    for warning in warnings:
        tell(_("Warning: {message}").format(message=warning))
    if fatal:
        tell(_("Error: {message}").format(message=literal(fatal.translated(_))))
    elif problems:
        tell(_("{path}: {count} problem(s):").format(path=path, count=len(problems)))
        for line in problem_lines(problems):
            tell(line)
        tell(
            _(
                "Fix them in the file by hand, or run `debtplan undo` to go back to the "
                "previous version."
            )
        )
    else:
        say(_("{path}: no problems.").format(path=path))
    if fatal or problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(check)
