"""What every command shares: the global options, the book, output and errors.

stdout carries data, stderr carries messages. A user-fixable problem ends with its
message on stderr and exit 1; the file is never written after an error.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import typer

from debtplan.core.model import Book, BookError, Problem, book_to_document, load_book
from debtplan.core.text import N_, DebtplanError
from debtplan.i18n import _

F = TypeVar("F", bound=Callable[..., Any])

EXIT_ERROR = 1


@dataclass
class Session:
    """The global options as resolved for this run."""

    path: Path
    today: date
    lang: str
    env: dict[str, str] = field(default_factory=dict)


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

    ``DEBTPLAN_DEBUG=1`` lets the traceback through for bug reports.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DebtplanError as error:
            if os.environ.get("DEBTPLAN_DEBUG"):
                raise
            raise fail(error) from None

    return wrapper  # type: ignore[return-value]


def read_book() -> Book:
    """The user's book, validated; a file that does not exist is an empty book."""
    from debtplan.store import read_document

    doc = read_document(session().path)
    try:
        return load_book(doc)
    except BookError as error:
        error.hint = _("Fix the file by hand (or `debtplan undo`), then run `debtplan check`.")  # type: ignore[attr-defined]
        raise


@contextmanager
def editing() -> Iterator[list[Book]]:
    """Read-modify-write the book under the file's lock.

    Yields a one-item list holding the book; put the changed book back into it.
    Nothing is written if the block raises, or if the book did not change.
    """
    from debtplan.store import SCHEMA_VERSION, transaction

    path = session().path
    with transaction(path, history=_history_setting(path)) as held:
        book = load_book(held.doc)
        holder = [book]
        yield holder
        if holder[0] is not book:
            held.doc = book_to_document(holder[0], SCHEMA_VERSION)


def _history_setting(path: Path) -> int:
    """How many earlier versions to keep: ``DEBTPLAN_HISTORY``, else 10."""
    value = os.environ.get("DEBTPLAN_HISTORY", "")
    return int(value) if value.isdigit() else 10


def find_loan(book: Book, name: str) -> Any:
    """The loan called ``name``, or a clear error listing the names there are."""
    loan = book.find(name)
    if loan is None:
        names = ", ".join(item.name for item in book.loans) or _("(none yet: add one first)")
        raise DebtplanError(
            N_("no loan named {name!r}; the loans are: {names}"), name=name, names=names
        )
    return loan


def emit_json(document: Any) -> None:
    from debtplan.render.formats import dumps

    say(dumps(document))
