"""The one adapter between Typer/click and the interface language.

Help texts are English message ids where they are written (``N_``); :func:`localize`
translates a command's texts when it is built for this run, after ``--lang`` is known,
so a module imported once serves every language. The words around them belong to
Typer and the click it vendors, in two kinds:

- ``typer.core`` looks its headings up with gettext (``Options``, ``Commands``,
  ``default: {default}``, ``required`` ...): its ``_`` is pointed at our catalog;
- click writes ``Usage:``, ``Error:``, ``Try '...' for help.``, its parse errors and the
  help option's text as English literals: the usage prefix and the help texts are
  swapped when shown, and errors are rendered here, their English text matched against
  the templates below (a text no template matches is shown as it is).

The hooks into Typer are installed only for Chinese (:func:`use_language`): English runs
exactly what Typer ships. Everything here that reaches into Typer or click is guarded by
``tests/test_i18n_help.py``, which fails when a Typer upgrade moves a word or a hook; the
Typer version range in pyproject.toml is chosen with it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import IO, Any

from debtplan.core.text import N_
from debtplan.i18n import _

# typer.core's own gettext ids, marked here so the extractor puts them in our catalog.
TYPER_MESSAGES = (N_("Arguments"), N_("Options"), N_("Commands"), N_("default: {default}"),
                  N_("env var: {var}"), N_("required"), N_("(dynamic)"), N_("Missing command."),
                  N_("No such command {name!r}."), N_("Aborted!"))  # fmt: skip
# The help of the options click and Typer add to every command.
BUILT_IN_HELP = frozenset((
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
))  # fmt: skip
# click's English error texts, as templates: {name} stands for any text.
ERROR_TEMPLATES = (
    N_("No such option: {option}"),
    N_("(Possible options: {options})"),
    N_("Got unexpected extra argument(s) ({arguments})"),
    N_("Option {option} requires an argument."),
    N_("Option {option} does not take a value."),
    N_("Value {value} is not a valid {kind}."),
    N_("{value} is not one of {choices}."),
    N_("{value} is not a valid integer."),
    N_("{value} is not a valid int range."),
    N_("{value} is not a valid float."),
    N_("{value} is not a valid float range."),
)
MISSING = {"argument": N_("Missing argument {name}."), "option": N_("Missing option {name}.")}


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for template in ERROR_TEMPLATES:
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
            for index, part in enumerate(parts)
        )
        compiled.append((re.compile(regex), template))
    return tuple(compiled)


def translated(text: str) -> str:
    """click's English ``text`` in the interface language, if a template matches it whole."""
    for pattern, template in _patterns():
        match = pattern.fullmatch(text)
        if match:
            return _(template).format(**match.groupdict())
    return _(text)


def error_message(error: Any) -> str:
    """What went wrong, in the interface language (click's ``format_message``, translated)."""
    from typer._click import exceptions

    def hint() -> str | None:
        if error.param_hint is not None:
            param_hint = error.param_hint
        elif error.param is not None:
            param_hint = error.param.get_error_hint(error.ctx)
        else:
            return None
        if isinstance(param_hint, str):
            return param_hint
        return " / ".join(repr(x) for x in param_hint)

    if isinstance(error, exceptions.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        name = hint() or ""
        template = MISSING.get(kind, N_("Missing parameter {name}."))
        text = _(template).format(name=name)
        return f"{text} {translated(error.message)}" if error.message else text
    if isinstance(error, exceptions.BadParameter):
        where = hint()
        message = translated(error.message)
        if where is None:
            return _("Invalid value: {message}").format(message=message)
        return _("Invalid value for {name}: {message}").format(name=where, message=message)
    if isinstance(error, exceptions.NoSuchOption) and error.possibilities:
        options = ", ".join(sorted(error.possibilities))
        return f"{translated(error.message)} {translated(f'(Possible options: {options})')}"
    return translated(error.format_message())


def show_error(error: Any, file: IO[Any] | None = None) -> None:
    """click's ``show``: the usage line and where to find help, then the error."""
    from typer._click import exceptions
    from typer._click._compat import get_text_stderr
    from typer._click.utils import echo

    file = file or get_text_stderr()
    color = error.show_color
    ctx = getattr(error, "ctx", None)
    if isinstance(error, exceptions.UsageError) and ctx is not None:
        color = ctx.color
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            ) + "\n"  # fmt: skip
        echo(f"{ctx.get_usage()}\n{hint}", file=file, color=color)
    echo(_("Error: {message}").format(message=error_message(error)), file=file, color=color)


def install() -> None:
    """Make Typer and click speak the interface language, for the rest of this process."""
    import typer.core
    from typer._click import exceptions, formatting

    typer.core._ = _  # type: ignore[attr-defined,assignment]
    exceptions.ClickException.show = show_error  # type: ignore[method-assign,assignment]
    exceptions.UsageError.show = show_error  # type: ignore[method-assign,assignment]

    write_usage = formatting.HelpFormatter.write_usage

    def usage_in_language(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = usage_in_language  # type: ignore[method-assign]

    help_record = typer.core.TyperOption.get_help_record

    def help_in_language(self: Any, ctx: Any) -> tuple[str, str] | None:
        if self.help in BUILT_IN_HELP:
            self.help = _(self.help)
        return help_record(self, ctx)

    typer.core.TyperOption.get_help_record = help_in_language  # type: ignore[method-assign]


_installed: list[bool] = []


def use_language(lang: str) -> None:
    """Speak ``lang`` from now on: our texts, and Typer's and click's words for Chinese."""
    from debtplan.i18n import set_language

    set_language(lang)
    if lang != "en" and not _installed:
        install()
        _installed.append(True)


def localize(command: Any) -> Any:
    """Translate ``command``'s help texts (message ids) in place; returns it.

    Done once per command object: each run builds its commands afresh.
    """
    if getattr(command, "_debtplan_localized", False):
        return command
    command._debtplan_localized = True
    for name in ("help", "short_help", "epilog"):
        text = getattr(command, name, None)
        if text:
            setattr(command, name, _(text))
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            param.help = _(text)
    return command


def command_from(module_name: str, name: str) -> Any:
    """The click command ``name`` that ``module_name``'s ``register(app)`` defines,
    its texts in the interface language."""
    import importlib

    import typer

    module = importlib.import_module(module_name)
    holder = typer.Typer(rich_markup_mode=None)
    module.register(holder)
    built = typer.main.get_command(holder)
    commands = getattr(built, "commands", None)
    command = commands.get(name) if commands is not None else built
    return localize(command) if command is not None else None


def resolve_with_suggestions(resolve: Any, ctx: Any, args: list[str], names: list[str]) -> Any:
    """``resolve(ctx, args)``, and for an unknown command the names it may have meant."""
    from difflib import get_close_matches

    from typer._click import exceptions

    try:
        return resolve(ctx, args)
    except exceptions.UsageError as error:
        matches = get_close_matches(args[0], names) if args else []
        if matches and "Did you mean" not in error.message:
            suggestions = ", ".join(repr(match) for match in matches)
            error.message = _("{message}. Did you mean {suggestions}?").format(
                message=error.message.rstrip(".。"), suggestions=suggestions
            )
        raise
