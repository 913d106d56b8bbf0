"""The file's history: `history` lists the kept versions, `undo` restores the previous one."""

from __future__ import annotations

from typing import Annotated

import typer

from debtplan.cli.common import emit_json, handles_errors, loan_file, say, tell
from debtplan.core.text import N_
from debtplan.i18n import _


@handles_errors
def history(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """List the earlier versions of the loan file kept for `undo` (newest first)."""
    from debtplan.store import history_versions

    path = loan_file()
    versions = history_versions(path)
    items = [
        {"number": v.number, "saved_at": v.saved_at.isoformat(timespec="seconds"), "size": v.size}
        for v in versions
    ]
    if as_json:
        emit_json({"file": str(path), "versions": items})
    elif not items:
        tell(_("No earlier versions are kept yet."))
    else:
        for item in items:
            say(f"{item['number']:>6}  {item['saved_at']}  {item['size']:>8} B")


@handles_errors
def undo(
    version: Annotated[
        int | None, typer.Option(help=N_("Restore this version from `debtplan history`."))
    ] = None,
) -> None:
    """Restore the previous version of the loan file (undo again to redo)."""
    from debtplan.store import undo as restore

    path = loan_file()
    restore(path, version=version)
    tell(_("Restored the previous version of {path}. Run `debtplan undo` again to go back.")
         .format(path=path))  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(history)
    app.command()(undo)
