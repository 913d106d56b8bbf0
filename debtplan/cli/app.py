"""The root command: the global options and the registry of commands, loaded lazily.

Every command line goes through this one Typer app. A command's module is imported only
when that command runs (as pip's command registry and hatch's lazy group do), so
``debtplan due`` loads ``debtplan.cli.due`` and nothing of ``plan``, ``message`` or
rich. Help texts are English message ids where they are written and are translated
when they are shown (:mod:`debtplan.cli.localize`), after ``--lang`` is known.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from debtplan.cli import options
from debtplan.core.text import N_

# Command name -> the module whose ``register(app)`` defines it, in the order of --help.
COMMANDS: dict[str, str] = {
    "add": "debtplan.cli.book",
    "edit": "debtplan.cli.book",
    "remove": "debtplan.cli.book",
    "list": "debtplan.cli.book",
    "show": "debtplan.cli.book",
    "apr": "debtplan.cli.apr",
    "pay": "debtplan.cli.money",
    "payments": "debtplan.cli.money",
    "unpay": "debtplan.cli.money",
    "schedule": "debtplan.cli.money",
    "charge": "debtplan.cli.charge",
    "charges": "debtplan.cli.charge",
    "uncharge": "debtplan.cli.charge",
    "due": "debtplan.cli.due",
    "overdue": "debtplan.cli.alerts",
    "triage": "debtplan.cli.triage",
    "check": "debtplan.cli.check",
    "demo": "debtplan.cli.demo",
    "history": "debtplan.cli.data",
    "undo": "debtplan.cli.data",
    "message": "debtplan.cli.letters",
    "contact": "debtplan.cli.letters",
    "uncontact": "debtplan.cli.letters",
    "plan": "debtplan.cli.plan",
    "progress": "debtplan.cli.progress",
    "export": "debtplan.cli.transfer",
    "import": "debtplan.cli.transfer",
}
# Commands that may create the loan file; every other one refuses a named file that
# does not exist (a typo in a cron line must not read as "nothing is due").
CREATES_FILE = frozenset({"add", "import", "demo"})

EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h): a bug in debtplan, not a problem with the input
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report after Ctrl-C


class LazyGroup(TyperGroup):
    """The root group: commands come from :data:`COMMANDS`, imported when asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            from debtplan.cli.localize import command_from

            self.commands[cmd_name] = command_from(COMMANDS[cmd_name], cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        from debtplan.cli.localize import resolve_with_suggestions

        # The command and its arguments as typed, for `debtplan history` (common.command_line).
        ctx.meta["debtplan.command_line"] = list(args)
        return resolve_with_suggestions(super().resolve_command, ctx, args, list(COMMANDS))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # The environment's language first (DEBTPLAN_LANG, the locale): --lang, parsed
        # eagerly, may then override it before any help or error is shown.
        from debtplan.cli.localize import use_language
        from debtplan.i18n import detect_language

        use_language(detect_language(os.environ))
        return super().main(*args, **kwargs)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from debtplan.cli.localize import localize

        localize(self)
        super().format_help(ctx, formatter)


app = typer.Typer(
    name="debtplan",
    cls=LazyGroup,
    help=N_(
        "Keep your loans in one file: what is due, what is late and what it costs, "
        "how to pay it all off, and what to write to the lender."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    file: options.FileOption = None,
    today: options.TodayOption = None,
    lang: options.LangOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=options.show_version,
            is_eager=True,
            help=N_("Show the version."),
        ),
    ] = False,
) -> None:
    """Keep your loans in one file: what is due and late, what it costs, how to get out."""
    options.start_session(ctx, file, today, creates_file=ctx.invoked_subcommand in CREATES_FILE)


def run() -> None:
    """Entry point of the console script.

    A bug (an exception no command turned into a message) never greets the person
    with a traceback: one line asks for a report and the exit code is 70. Ctrl-C exits
    130 without a word; saves are atomic, so nothing is half-written. With
    ``DEBTPLAN_DEBUG`` set, both show the traceback instead.
    """
    try:
        app()
    except KeyboardInterrupt:
        if os.environ.get("DEBTPLAN_DEBUG"):
            raise
        raise SystemExit(EXIT_INTERRUPTED) from None
    except Exception as error:
        if os.environ.get("DEBTPLAN_DEBUG"):
            raise
        from debtplan.cli.common import tell
        from debtplan.i18n import _
        from debtplan.render.text import literal

        message = _(
            "debtplan: internal error: {kind}: {message}; please report it, with "
            "DEBTPLAN_DEBUG=1 for details"
        ).format(kind=type(error).__name__, message=literal(str(error)))
        tell(message)
        raise SystemExit(EXIT_INTERNAL) from None
