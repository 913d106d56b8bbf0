"""CSV for spreadsheets: one table (RFC 4180, CRLF line ends), money with two decimals.

The columns of a CSV of loans are the fields `add` and `edit` take, in their order,
so the same file can be edited in a spreadsheet and read back by `import`.
"""

from __future__ import annotations

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


def cell(value: Any) -> str:
    """A value as a CSV cell: money with two decimals, dates ISO, lists comma-separated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(cell(v) for v in value)
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
