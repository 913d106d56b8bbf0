"""The root command: global options, and the registration of every command.

Command modules keep their heavy imports (rich, tomli_w, icalendar, gettext)
inside their functions, so that importing this module stays cheap for cron.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from debtplan import __version__
from debtplan.cli import alerts, book, check, data, demo, letters, money, plan, transfer
from debtplan.cli.common import Session, set_session
from debtplan.i18n import detect_language, set_language

app = typer.Typer(
    name="debtplan",
    help="Keep your loans in one file: what is due, what is late and what it costs, "
    "how to pay it all off, and what to write to the lender.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _parse_today(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _version(value: bool) -> None:
    if value:
        print(f"debtplan {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            envvar="DEBTPLAN_FILE",
            help="The loan file [default: loans.toml in your user data folder].",
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            envvar="DEBTPLAN_TODAY",
            metavar="YYYY-MM-DD",
            help="Compute everything as of this date instead of today.",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="DEBTPLAN_LANG",
            metavar="en|zh",
            help="Interface and message language [default: from the locale].",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Keep your loans in one file: what is due and late, what it costs, how to get out."""
    language = detect_language({"DEBTPLAN_LANG": lang} if lang else os.environ)
    if lang and lang.strip().lower() not in ("en", "zh", "zh-cn", "zh_cn"):
        raise typer.BadParameter(f"{lang!r}: use en or zh", param_hint="--lang")
    set_language(language)
    if file is None:
        from debtplan.store import default_path

        file = default_path()
    set_session(Session(path=file.expanduser(), today=_parse_today(today), lang=language))


book.register(app)
money.register(app)
alerts.register(app)
check.register(app)
demo.register(app)
data.register(app)
letters.register(app)
plan.register(app)
transfer.register(app)


def run() -> None:
    """Entry point of the console script."""
    app()
