"""The file's history: `history` lists the kept versions, `undo` restores the previous one.

Times are shown in the local time zone (the clock and zone are read here, not in the
store); `history` numbers the versions 1, 2, ... from the newest, and `undo --version`
takes that number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from debtplan.cli.common import command_line, emit_json, handles_errors, loan_file, say, tell
from debtplan.core.text import N_
from debtplan.i18n import _


def local_time(moment: datetime) -> str:
    """A saved time for people, in the local time zone: ``2026-11-28 14:05``."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@handles_errors
def history(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """List the earlier versions of the loan file kept for `undo` (1: the newest)."""
    from debtplan.render.text import columns, literal
    from debtplan.store import history_versions

    path = loan_file()
    versions = history_versions(path)
    if as_json:
        items = [
            {
                "number": shown,
                "saved_at": v.saved_at.isoformat(timespec="seconds"),
                "saved_at_local": v.saved_at.astimezone().isoformat(timespec="seconds"),
                "size": v.size,
                "what": v.what,
            }
            for shown, v in enumerate(versions, start=1)
        ]
        emit_json({"file": str(path), "versions": items})
    elif not versions:
        tell(_("No earlier versions are kept yet."))
    else:
        header = [_("No."), _("Saved at"), _("Size"), _("What")]
        rows = [
            [
                str(shown),
                local_time(v.saved_at),
                _("{size} B").format(size=f"{v.size:,}"),
                literal(v.what) if v.what else _("(not recorded)"),
            ]
            for shown, v in enumerate(versions, start=1)
        ]
        say(columns([header, *rows], right=[True, False, True, False]))


@handles_errors
def undo(
    version: Annotated[
        int | None,
        typer.Option(
            help=N_("Restore this version: its number in `debtplan history` (1: the newest)."),
        ),
    ] = None,
) -> None:
    """Restore the previous version of the loan file (undo again to redo)."""
    from debtplan.render.text import literal
    from debtplan.store import undo as restore

    path = loan_file()
    done = restore(path, nth=version, what=command_line())
    if done.what is not None and done.saved_at is not None:
        tell(_("Undid: {what} (the version saved {when}).").format(
            what=literal(done.what), when=local_time(done.saved_at)))  # fmt: skip
    elif done.saved_at is not None:
        tell(_("Undid the version saved {when} (what made it was not recorded).").format(
            when=local_time(done.saved_at)))  # fmt: skip
    tell(_("Restored the previous version of {path}. Run `debtplan undo` again to go back.")
         .format(path=path))  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(history)
    app.command()(undo)
