"""`progress` as a use case: the book and today in, a
:class:`~debtplan.core.progress.Progress` out (the payments recorded against the plan
`plan --save` stored; see :mod:`debtplan.core.progress` for every figure)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from debtplan.core.model import Book
    from debtplan.core.progress import Progress


def progress_report(book: Book, as_of: date) -> Progress:
    """How far the loans are repaid on ``as_of``, and how that stands against the saved plan."""
    from debtplan.core.progress import progress

    return progress(book, as_of)
