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

Most hooks into Typer are installed only for Chinese (:func:`use_language`); every
language gets :func:`install_common` (arguments shown by their metavar, typed answers for
bash completion), and each command its metavars from :mod:`debtplan.cli.params`.
Everything here that reaches into Typer or click is guarded by ``tests/test_i18n_help.py``,
``tests/test_metavars.py`` and ``tests/test_help_text.py``, which fail when a Typer upgrade
moves a word or a hook; the Typer version range in pyproject.toml is chosen with it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import IO, Any

from debtplan.core.text import N_
from debtplan.i18n import _

# typer.core's own gettext ids, marked here so the extractor puts them in our catalog.
# The words of a usage line and a heading's colon, which click writes as literals.
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."), N_("{heading}:"))
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
        args = args.replace("COMMAND [ARGS]...", _("COMMAND [ARGS]..."))
        args = args.replace("[OPTIONS]", _("[OPTIONS]"))
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    def heading_in_language(self: Any, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}" + _("{heading}:").format(heading=heading) + "\n")

    formatting.HelpFormatter.write_heading = heading_in_language  # type: ignore[method-assign]
    plain_wrap = formatting.wrap_text

    def wrap_in_language(text: str, width: int = 78, *args: Any, **kwargs: Any) -> str:
        if re.search(f"[{CJK}]", text):
            return wrap_cjk(text, width, *args, **kwargs)
        return plain_wrap(text, width, *args, **kwargs)

    formatting.wrap_text = wrap_in_language

    formatting.HelpFormatter.write_usage = usage_in_language  # type: ignore[method-assign]

    help_record = typer.core.TyperOption.get_help_record

    def help_in_language(self: Any, ctx: Any) -> tuple[str, str] | None:
        if self.help in BUILT_IN_HELP:
            self.help = _(self.help)
        return help_record(self, ctx)

    typer.core.TyperOption.get_help_record = help_in_language  # type: ignore[method-assign]


_installed: list[bool] = []
_common: list[bool] = []


def install_common() -> None:
    """What every language gets: an argument shown in the usage line by its metavar as
    it is (``pay [OPTIONS] NAME AMOUNT``, not Typer's ``{NAME}``), and bash told which
    answers are file names (see scripts/gen_completions.py)."""
    import typer.core
    from typer._completion_classes import BashComplete
    from typer.models import TyperPath

    make_metavar = typer.core.TyperArgument.make_metavar

    def plain_metavar(self: Any, ctx: Any, *, usage: bool = False) -> str:
        if usage and self.metavar is not None:
            var = self.metavar + ("..." if self.nargs != 1 else "")
            return var if self.required or var.startswith("[") else f"[{var}]"
        return make_metavar(self, ctx, usage=usage)

    typer.core.TyperArgument.make_metavar = plain_metavar  # type: ignore[method-assign]

    def typed_answer(self: Any, item: Any) -> str:
        # click's own bash protocol: "type,value"; the script lets bash complete file
        # names only where the answer says "file" (an amount slot offers nothing).
        return f"{item.type},{item.value}"

    BashComplete.format_completion = typed_answer  # type: ignore[method-assign]

    def file_names(self: Any, ctx: Any, param: Any, incomplete: str) -> list[Any]:
        # click.Path has the shell complete file names; Typer's TyperPath answers nothing.
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="dir" if self.dir_okay and not self.file_okay
                               else "file")]  # fmt: skip

    TyperPath.shell_complete = file_names  # type: ignore[method-assign]


def use_language(lang: str) -> None:
    """Speak ``lang`` from now on: our texts, and Typer's and click's words for Chinese."""
    from debtplan.i18n import set_language

    set_language(lang)
    if not _common:
        install_common()
        _common.append(True)
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
    if command.help and not command.short_help:
        # The command list shows the whole first sentence (wrapped), never click's "...".
        command.short_help = summary(command.help)
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            param.help = _(text)
        _name_values(param)
    return command


def summary(text: str) -> str:
    """The first sentence of a help text, whole: up to its first full stop."""
    first = text.strip().split("\n\n", 1)[0]
    match = re.search(r"(?<=[.!?])\s|(?<=[。！？])", first)
    return " ".join((first[: match.start()] if match else first).split())


CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
# A short [bracketed note] is kept whole, like a run of Latin letters.
_TOKENS = re.compile(rf"\[[^\]\n]{{1,40}}\]|[{CJK}]|[^\s{CJK}]+|\s+")
_NO_LINE_START = frozenset("，。、；：！？）」』】》,.;:!?)]")


def _width(text: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_cjk(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "",
             preserve_paragraphs: bool = False) -> str:  # fmt: skip
    """click's ``wrap_text`` for text with Chinese in it: a line breaks between two Chinese
    characters or at a space, never inside a run of Latin letters, digits and signs
    (``highest-interest-cost``, ``--with-loan``, ``0.75%``) or a short ``[note]``, never
    before a closing mark; widths count a Chinese character as two columns."""
    paragraphs = re.split(r"\n\s*\n", text) if preserve_paragraphs else [text]
    out = []
    for number, paragraph in enumerate(paragraphs):
        lines: list[str] = []
        line = initial_indent if number == 0 else subsequent_indent
        start = len(line)
        for token in _TOKENS.findall(" ".join(paragraph.split())):
            if token.isspace():
                if len(line) > start:
                    line += " "
                continue
            fits = _width(line.rstrip() if token[0] in _NO_LINE_START else line) + _width(
                token) <= width  # fmt: skip
            if fits or len(line) == start or token[0] in _NO_LINE_START:
                line += token
                continue
            lines.append(line.rstrip())
            line = subsequent_indent + token
            start = len(subsequent_indent)
        lines.append(line.rstrip())
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _name_values(param: Any) -> None:
    """Give ``param`` a metavar a person can read (:mod:`debtplan.cli.params`) and, for a
    closed set, its choices on <TAB> (unless it completes in its own way)."""
    from debtplan.cli import params

    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return
    if param.metavar is None:
        param.metavar = params.metavar_for(param)
    if getattr(param, "_custom_shell_complete", None) is None and params.choices_of(param):

        def complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
            from typer._click.shell_completion import CompletionItem

            values = params.choices_of(param) or []
            return [CompletionItem(value) for value in values if value.startswith(incomplete)]

        param._custom_shell_complete = complete


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
    if command is None:
        return None
    localize(command)
    if any(p.param_type_name == "argument" and p.metavar == "AMOUNT" for p in command.params):
        _refuse_negative_amounts(command)
    return command


def _refuse_negative_amounts(command: Any) -> None:
    """``pay Car -100``: click reads ``-100`` as an unknown option (exit 2); it is an
    amount below zero, refused as a bad value (exit 1)."""
    parse = command.parse_args
    given = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}

    def parse_args(ctx: Any, args: list[str]) -> Any:
        for arg in args:
            if arg == "--":
                break
            if re.fullmatch(r"-[\d.,]+[^\s]*", arg) and arg not in given:
                import typer

                from debtplan.cli.common import tell
                from debtplan.render.text import literal

                message = _("the amount must be positive, not {value}").format(value=literal(arg))
                tell(_("Error: {message}").format(message=message))
                raise typer.Exit(1)
        return parse(ctx, args)

    command.parse_args = parse_args


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
