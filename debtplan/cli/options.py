"""The global options, defined once: ``--file``, ``--today``, ``--lang`` and their
environment variables (``DEBTPLAN_FILE``, ``DEBTPLAN_TODAY``, ``DEBTPLAN_LANG``).

The root callback (:func:`debtplan.cli.app.root`) reads them through the aliases here
and turns them into the run's :class:`~debtplan.cli.common.Session`; shell completion
reads ``--file`` from the same parameter.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from debtplan.core.text import N_
from debtplan.i18n import LANGUAGE_NAMES, _


def parse_today(value: str | None) -> date:
    """``--today``: an ISO date, or today's date when not given."""
    if not value:
        return date.today()
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        message = _("{value!r} is not a date; write it as YYYY-MM-DD, like 2026-01-31")
        raise typer.BadParameter(message.format(value=value)) from None
    from debtplan.core.calendar import LAST_DUE_LIMIT

    if day > LAST_DUE_LIMIT:  # the calendar's last year is kept for what debtplan looks ahead
        message = _("{value!r} is too late; use a date on or before {limit}")
        raise typer.BadParameter(message.format(value=value, limit=LAST_DUE_LIMIT.isoformat()))
    return day


def _language(ctx: Any, param: Any, value: str | None) -> str | None:
    """``--lang``, taken as soon as it is read (it is eager), so that the help and the
    errors that follow speak it."""
    if value is None or ctx.resilient_parsing:
        return value
    from debtplan.cli.localize import use_language
    from debtplan.i18n import detect_language

    if value.strip().lower() not in LANGUAGE_NAMES:
        raise typer.BadParameter(_("{value!r}: use en or zh").format(value=value))
    use_language(detect_language({"DEBTPLAN_LANG": value}))
    return value


def show_version(value: bool) -> None:
    if value:
        from debtplan import __version__

        print(f"debtplan {__version__}")
        raise typer.Exit()


FileOption = Annotated[
    Path | None,
    typer.Option(
        "--file",
        envvar="DEBTPLAN_FILE",
        metavar="FILE",
        help=N_("The loan file [default: loans.toml in your user data folder]."),
        show_default=False,
        # The store reports a file it cannot read (exit 1, and what to do about it);
        # click's own check would end in a usage error instead.
        readable=False,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        envvar="DEBTPLAN_TODAY",
        metavar="YYYY-MM-DD",
        help=N_("Compute everything as of this date instead of today."),
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        envvar="DEBTPLAN_LANG",
        metavar="en|zh",
        is_eager=True,
        callback=_language,
        autocompletion=lambda incomplete: [x for x in ("en", "zh") if x.startswith(incomplete)],
        help=N_("Interface and message language [default: from the locale]."),
    ),
]


def start_session(ctx: Any, file: Path | None, today: str | None, *, creates_file: bool) -> None:
    """Resolve the global options into the run's session (see
    :func:`debtplan.cli.common.loan_file` for what a named file must be)."""
    from debtplan.cli.common import Session, set_session
    from debtplan.i18n import current_language

    as_of = parse_today(today)
    named_by = None
    if file is None:
        from debtplan.store import default_path

        path = default_path()
    else:
        path = file.expanduser()
        source = ctx.get_parameter_source("file")
        named_by = "--file" if source is not None and source.name == "COMMANDLINE" else (
            "DEBTPLAN_FILE")  # fmt: skip
    set_session(Session(path=path, today=as_of, lang=current_language(), named_by=named_by,
                        may_create=creates_file))  # fmt: skip
