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
from debtplan.cli.common import Session, set_session, tell
from debtplan.i18n import _, current_language, detect_language, set_language

app = typer.Typer(
    name="debtplan",
    help=_(
        "Keep your loans in one file: what is due, what is late and what it costs, "
        "how to pay it all off, and what to write to the lender."
    ),
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
        message = _("{value!r} is not a date; write it as YYYY-MM-DD, like 2026-01-31")
        raise typer.BadParameter(message.format(value=value)) from None


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
            help=_("The loan file [default: loans.toml in your user data folder]."),
            show_default=False,
            # The store reports a file it cannot read (exit 1, and what to do about it);
            # click's own check would end in a usage error instead.
            readable=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            envvar="DEBTPLAN_TODAY",
            metavar="YYYY-MM-DD",
            help=_("Compute everything as of this date instead of today."),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="DEBTPLAN_LANG",
            metavar="en|zh",
            help=_("Interface and message language [default: from the locale]."),
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version.")),
    ] = False,
) -> None:
    """Keep your loans in one file: what is due and late, what it costs, how to get out."""
    language = detect_language({"DEBTPLAN_LANG": lang} if lang else os.environ)
    if lang and lang.strip().lower() not in ("en", "zh", "zh-cn", "zh_cn"):
        raise typer.BadParameter(_("{value!r}: use en or zh").format(value=lang),
                                 param_hint="--lang")  # fmt: skip
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


EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h): a bug in debtplan, not a problem with the input
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report after Ctrl-C


def run() -> None:
    """Entry point of the console script.

    A bug (an exception no command turned into a message) never greets the person
    with a traceback: one line asks for a report and the exit code is 70. Ctrl-C exits
    130 without a word; saves are atomic, so nothing is half-written. With
    ``DEBTPLAN_DEBUG`` set, both show the traceback instead.
    """
    if current_language() == "zh":  # chosen by debtplan.__main__ from the command line
        from debtplan.cli import chrome

        chrome.install()
        chrome.translate_commands(app)
    try:
        app()
    except KeyboardInterrupt:
        if os.environ.get("DEBTPLAN_DEBUG"):
            raise
        raise SystemExit(EXIT_INTERRUPTED) from None
    except Exception as error:
        if os.environ.get("DEBTPLAN_DEBUG"):
            raise
        from debtplan.render.text import literal

        message = _(
            "debtplan: internal error: {kind}: {message}; please report it, with "
            "DEBTPLAN_DEBUG=1 for details"
        ).format(kind=type(error).__name__, message=literal(str(error)))
        tell(message)
        raise SystemExit(EXIT_INTERNAL) from None
