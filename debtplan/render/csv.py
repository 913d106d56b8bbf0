"""CSV for spreadsheets: one table (RFC 4180, CRLF line ends), money with two decimals.

The columns of a CSV of loans are the fields `add` and `edit` take, in their order,
so the same file can be edited in a spreadsheet and read back by `import`.

Text is never a formula: a spreadsheet runs a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return (``=HYPERLINK(...)``, ``+cmd|...``,
``@SUM(1+1)``), so such a text cell is written with a single quote first, as
spreadsheet-safe CSV writers do (OWASP's "CSV injection"). A cell that already starts
with quotes before such a character gets one more, and `import` takes exactly one off
(:func:`unguarded`): every name round-trips. Amounts, counts and dates are written by
debtplan from numbers (``1234.50``, never negative) and stay numeric; a text cell
that is a plain number (a note ``-5``) is left as it is: a spreadsheet reads it as a
number, never as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from debtplan.core.money import money_str


class Table(StrEnum):
    """Which table a CSV export holds."""

    LOANS = "loans"
    PAYMENTS = "payments"
    SCHEDULE = "schedule"


LOAN_COLUMNS = (
    "name", "lender", "currency", "method", "principal", "balance", "rate", "term",
    "frequency", "start", "first_due", "due_day", "grace_days", "penalty_rate",
    "penalty_markup", "penalty_base", "penalty_compound", "late_fee", "upfront_fee",
    "fee_rate", "min_payment", "day_count", "allocation", "jurisdiction", "lender_type", "note",
)  # fmt: skip
PAYMENT_COLUMNS = ("loan", "date", "amount", "note", "prepay")
SCHEDULE_COLUMNS = (
    "loan", "number", "due_date", "payment", "principal", "interest", "balance", "status",
)  # fmt: skip

COLUMNS = {Table.LOANS: LOAN_COLUMNS, Table.PAYMENTS: PAYMENT_COLUMNS,
           Table.SCHEDULE: SCHEDULE_COLUMNS}  # fmt: skip


# Text a spreadsheet would run: a formula's first character after any quotes.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def guarded(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs: ``=1+1`` -> ``'=1+1``."""
    if _FORMULA.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def unguarded(text: str) -> str:
    """The text :func:`guarded` was given: ``'=1+1`` -> ``=1+1``; other text as it is."""
    rest = text[1:]
    if text.startswith("'") and _FORMULA.match(rest) and not _PLAIN_NUMBER.fullmatch(rest):
        return rest
    return text


def cell(value: Any) -> str:
    """A value as a CSV cell: money with two decimals, dates ISO, lists comma-separated,
    text guarded against running as a formula (see :func:`guarded`)."""
    if isinstance(value, str | list | tuple):
        return guarded(_plain(value))
    return _plain(value)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(_plain(v) for v in value)
    return str(value)


def render_csv(columns: tuple[str, ...], rows: Iterable[Mapping[str, Any]]) -> str:
    """The header line, then one line per row with the cells of ``columns``."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row[key]) for key in columns])
    return buffer.getvalue()
