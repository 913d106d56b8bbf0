"""What every command shares: the global options, the book, output and errors.

stdout carries data, stderr carries messages. A user-fixable problem ends with its
message on stderr and exit 1; the file is never written after an error.
"""

from __future__ import annotations

import functools
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from debtplan.core.from_document import load_book
from debtplan.core.model import Book, BookError, Loan, Problem, Settings
from debtplan.core.text import N_, DebtplanError, InputError
from debtplan.i18n import _

F = TypeVar("F", bound=Callable[..., Any])

EXIT_ERROR = 1

# `--json`, as every command that reports something takes it.
JsonFlag = Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))]


@dataclass
class Session:
    """The global options as resolved for this run."""

    path: Path
    today: date
    lang: str
    env: dict[str, str] = field(default_factory=dict)
    named_by: str | None = None  # "--file" or "DEBTPLAN_FILE"; None: the default file
    may_create: bool = True  # the command creates the file when it does not exist


def loan_file() -> Path:
    """The loan file this run reads or writes.

    A file named explicitly (``--file``, ``DEBTPLAN_FILE``) must exist unless the command
    creates it: a typo in a cron line must fail loudly, not report an empty book. The
    default file may be absent (a new user has no loans yet).
    """
    current = session()
    path = current.path
    if current.named_by and not current.may_create and not (path.exists() or path.is_symlink()):
        raise DebtplanError(
            N_("there is no loan file at {path} (named by {where}); check the path, "
               "or create the file with `debtplan add` or `debtplan import`"),
            path=str(path), where=current.named_by,
        )  # fmt: skip
    return path


_session: list[Session] = []


def set_session(session: Session) -> None:
    _session[:] = [session]


def session() -> Session:
    if not _session:  # a command module used without the root callback (library use)
        from debtplan.store import default_path

        set_session(Session(default_path(), date.today(), "en"))
    return _session[0]


def say(text: str) -> None:
    """Data for stdout."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def tell(text: str) -> None:
    """A message for the person, on stderr."""
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def problem_lines(problems: tuple[Problem, ...] | list[Problem]) -> list[str]:
    """Each problem as 'loan: field: message' in the interface language."""
    from debtplan.render.text import literal

    return [f"  {literal(p.loan)}: {p.field}: {literal(p.error.translated(_))}" for p in problems]


def fail(error: DebtplanError) -> typer.Exit:
    """Print ``error`` for the person and return the exit to raise."""
    from debtplan.render.text import literal

    tell(_("Error: {message}").format(message=literal(error.translated(_))))
    if isinstance(error, BookError):
        for line in problem_lines(error.problems):
            tell(line)
    hint = getattr(error, "hint", None)
    if hint:
        tell(hint)
    return typer.Exit(EXIT_ERROR)


def handles_errors(command: F) -> F:
    """Turn the core's and the store's errors into a message and exit 1 (no traceback).

    A command asked for ``--json`` (its ``as_json`` parameter) also prints one JSON
    document on stdout saying why (:func:`error_document`), so that a script reading
    stdout learns what failed; the message still goes to stderr and the exit code stays
    1. ``DEBTPLAN_DEBUG=1`` lets the traceback through for bug reports.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DebtplanError as error:
            if os.environ.get("DEBTPLAN_DEBUG"):
                raise
            if kwargs.get("as_json"):
                emit_json(error_document(error))
            raise fail(error) from None

    return wrapper  # type: ignore[return-value]


def error_document(error: DebtplanError) -> dict[str, Any]:
    """``{"error": {"code", "message", ...}}``: why a ``--json`` command failed.

    ``code`` is the kind of error in snake_case (``input_error``, ``store_error``,
    ``book_error``, ``budget_too_small`` ...; an error may name its own ``code``),
    ``message`` the message in the interface language; a file with problems adds
    ``problems`` (``loan``, ``field``, ``message`` each, as ``check --json`` does), and an
    error with figures adds them (its ``json_fields()``: plan's shortfall, for one).
    """
    code = getattr(error, "code", None) or _snake(type(error).__name__)
    document: dict[str, Any] = {"code": code, "message": error.translated(_)}
    if isinstance(error, BookError):
        document["problems"] = [
            {"loan": p.loan, "field": p.field, "message": p.error.translated(_)}
            for p in error.problems
        ]
    fields = getattr(error, "json_fields", None)
    if callable(fields):
        document.update(fields())
    return {"error": document}


def _snake(name: str) -> str:
    return "".join(f"_{ch.lower()}" if ch.isupper() else ch for ch in name).lstrip("_")


def read_book() -> Book:
    """The user's book, validated; the default file, when it does not exist, is an empty
    book (a named file that does not exist was refused by the root callback)."""
    from debtplan.store import read_document

    return _book_from_file(read_document(loan_file()))


def read_loan(name: str) -> tuple[Loan, Settings]:
    """The loan called ``name`` (see :meth:`Book.loan_named`) and the book's settings."""
    book = read_book()
    return book.loan_named(name), book.settings


def _book_from_file(doc: dict[str, Any]) -> Book:
    """The book in ``doc`` as read from the file; its problems come with how to fix them."""
    try:
        return load_book(doc)
    except BookError as error:
        error.hint = _("Fix the file by hand (or `debtplan undo`), then run `debtplan check`.")  # type: ignore[attr-defined]
        raise


@dataclass
class Edit:
    """The book being changed under the file's lock (see :func:`editing`)."""

    book: Book


@contextmanager
def editing() -> Iterator[Edit]:
    """Read-modify-write the book under the file's lock::

        with editing() as edit:
            edit.book = edit.book.replace_loan(old, new)

    Nothing is written if the block raises, or if the book did not change.
    """
    from debtplan.core.to_document import book_to_document
    from debtplan.store import SCHEMA_VERSION, transaction

    with transaction(
        loan_file(), history=_history_setting, compare=False, what=command_line()
    ) as held:
        read = _book_from_file(held.doc)
        edit = Edit(read)
        yield edit
        # A changed book is a new object (the model is immutable); an equal one is no
        # change, so the file is left alone (and not rewritten in another layout).
        if edit.book is not read and edit.book != read:
            held.doc = book_to_document(edit.book, SCHEMA_VERSION)
            held.changed = True


def command_line() -> str | None:
    """This run's command and its arguments as typed, for `debtplan history`:
    ``pay Car 2,451.92`` (the global options before the command left out). An argument
    with a space or a quote is shown in double quotes; control and invisible characters
    as escapes. ``None`` outside a command line (library use)."""
    from typer._click.globals import get_current_context

    from debtplan.render.text import literal

    ctx = get_current_context(silent=True)
    args = ctx.meta.get("debtplan.command_line") if ctx is not None else None
    if not args:
        return None
    return literal(" ".join(_typed(arg) for arg in args))


def _typed(arg: str) -> str:
    if arg and not any(ch.isspace() or ch in "\"'" for ch in arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def remove_numbered(
    loan: Loan, field: str, number: int, question: str, changed_msgid: str, *, yes: bool
) -> None:
    """Remove item ``number`` (from 1) of ``loan``'s ``field`` (payments, contacts, charges,
    statements), after asking ``question`` unless ``yes``: under the file's lock, and only
    if that list is still the one the person was asked about (else ``changed_msgid``).

    The caller has checked ``number`` and says what was removed: `unpay`, `uncontact` and
    `uncharge` differ only in those words.
    """
    from dataclasses import replace

    if not yes and not typer.confirm(question, default=False, err=True):
        tell(_("Nothing removed."))
        raise typer.Exit(1)
    asked_about = getattr(loan, field)
    with editing() as edit:
        current = edit.book.loan_named(loan.name)
        items = getattr(current, field)
        if items != asked_about:
            raise InputError(changed_msgid)
        kept = items[: number - 1] + items[number:]
        edit.book = edit.book.replace_loan(current, replace(current, **{field: kept}))


def _history_setting(doc: dict[str, Any]) -> int:
    """How many earlier versions to keep: ``DEBTPLAN_HISTORY``, else the ``history``
    setting of the document being saved, else 10."""
    from debtplan.core.from_document import settings_from_dict

    value = os.environ.get("DEBTPLAN_HISTORY", "").strip()
    if value.isascii() and value.isdigit():
        return int(value)
    settings, problems = settings_from_dict(doc.get("settings"))
    return Settings().history if problems else settings.history


def emit_json(document: Any) -> None:
    from debtplan.render.formats import dumps

    say(dumps(document))


# --- shell completion ----------------------------------------------------------------
#
# These run on every <TAB>, inside the shell's completion, before any root callback: no
# session, no validation, no rich, and never an exception (a traceback would be pasted
# into the person's command line). A file that cannot be read completes nothing.


def complete_loan_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """The names in the loan file that start with ``incomplete``, ignoring case.

    The file is the one the command would use: ``--file``, else ``DEBTPLAN_FILE``, else
    the default. Typer keeps only completions that start with exactly what was typed, so
    a match keeps the typed letters and completes the rest: ``chase<TAB>`` gives
    ``chase Sapphire`` for "Chase Sapphire", which finds the loan (names match ignoring
    case).
    """
    try:
        names = _loan_names(_completion_path(ctx))
        return [done for name in names if (done := _completed(name, incomplete)) is not None]
    except Exception:  # a completion must never break the shell
        return []


def complete_loan_list(ctx: typer.Context, incomplete: str) -> list[str]:
    """Like :func:`complete_loan_names`, for a comma-separated list (``A,B,C``): completes
    the name after the last comma and keeps the names before it."""
    head, comma, last = incomplete.rpartition(",")
    return [head + comma + name for name in complete_loan_names(ctx, last)]


def complete_choices(choices: Iterable[str]) -> Callable[[str], list[str]]:
    """A completion for an option taking one of ``choices`` (e.g. a ``StrEnum``)."""
    values = [str(choice) for choice in choices]

    def complete(incomplete: str) -> list[str]:
        return [value for value in values if value.startswith(incomplete)]

    return complete


def complete_letter_kinds(incomplete: str) -> list[str]:
    """The kinds of message ``debtplan message --kind`` writes."""
    from debtplan.letters import KINDS

    return complete_choices(KINDS)(incomplete)


def complete_plan_strategies(incomplete: str) -> list[str]:
    """The strategies ``debtplan plan --strategy`` takes."""
    from debtplan.core.planner import PLAN_STRATEGIES

    return complete_choices(PLAN_STRATEGIES)(incomplete)


def _completion_path(ctx: typer.Context) -> Path:
    path = ctx.find_root().params.get("file")  # --file, or DEBTPLAN_FILE through its envvar
    if path is None:
        from debtplan.store import default_path

        path = default_path()
    return Path(path).expanduser()


def _loan_names(path: Path) -> list[str]:
    """The names in ``path`` as written, read without validating anything else."""
    from debtplan.store import read_document

    loans = read_document(path).get("loans")
    if not isinstance(loans, list):
        return []
    names = (loan.get("name") for loan in loans if isinstance(loan, dict))
    return [name for name in names if isinstance(name, str) and name.strip()]


def _completed(name: str, typed: str) -> str | None:
    """``typed`` plus the rest of ``name`` when ``typed`` is a prefix of ``name`` ignoring
    case and Unicode normalization (so "é" typed either way matches), else ``None``."""
    key = _fold(typed)
    for end in range(len(name) + 1):
        prefix = _fold(name[:end])
        if prefix == key:
            return typed + name[end:]
        if len(prefix) > len(key):  # folding works character by character: only grows
            return None
    return None


def _fold(text: str) -> str:
    # name_key() without its strip(): a typed trailing space must stay significant.
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())
