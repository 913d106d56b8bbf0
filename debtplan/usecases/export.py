"""What `export` writes: the whole book (JSON), one table (CSV), the calendar (ICS).

Each function takes the book and the date and returns plain data; debtplan.render
turns it into text or bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from debtplan.core.ledger import InstallmentState
    from debtplan.core.model import Book
    from debtplan.render.csv import Table

# Months of installments `export --format ics` covers unless told otherwise.
DEFAULT_CALENDAR_MONTHS = 12


def export_document(book: Book, today: date) -> dict[str, Any]:
    """The JSON export: settings, and each loan as in the file plus its schedule."""
    from debtplan.core.ledger import loan_state
    from debtplan.core.to_document import loan_to_dict
    from debtplan.store import SCHEMA_VERSION

    lpr = book.settings.lpr_percent
    settings = {  # every setting, written the way the file writes it
        "budget": dict(book.settings.budget),
        "lpr": None if lpr is None else f"{lpr.normalize():f}%",  # None: the dated table
        "history": book.settings.history,
        "remind_days": book.settings.remind_days,
    }
    loans = []
    for loan in book.loans:
        item = loan_to_dict(loan)
        item["payments"] = item.get("payments", [])
        item["contacts"] = item.get("contacts", [])
        item["schedule"] = [
            {"number": i.number, "due_date": i.due_date, "payment": i.payment,
             "principal": i.principal, "interest": i.interest, "balance": i.balance,
             "status": i.status.value}
            for i in loan_state(loan, today).installments
        ]  # fmt: skip
        loans.append(item)
    return {"schema_version": SCHEMA_VERSION, "as_of": today, "settings": settings, "loans": loans}


@dataclass(frozen=True)
class CsvTable:
    """The rows of one CSV table, and the loans whose rate changes a CSV of loans drops."""

    rows: list[dict[str, Any]]
    rate_changes_dropped: tuple[str, ...] = ()


def csv_table(book: Book, today: date, what: Table) -> CsvTable:
    """The rows of the loans, payments or schedule table (keys: its columns)."""
    from debtplan.core.ledger import loan_state
    from debtplan.core.to_document import loan_to_dict
    from debtplan.render.csv import LOAN_COLUMNS, Table

    if what is Table.LOANS:
        rows = []
        for loan in book.loans:
            fields = loan_to_dict(loan)
            rows.append({key: fields.get(key) for key in LOAN_COLUMNS})
        dropped = tuple(loan.name for loan in book.loans if loan.rate_changes)
        return CsvTable(rows, dropped)
    if what is Table.PAYMENTS:
        return CsvTable([
            {"loan": loan.name, "date": p.on, "amount": p.amount, "note": p.note,
             "prepay": p.prepay.value}
            for loan in book.loans for p in loan.payments
        ])  # fmt: skip
    return CsvTable([
        {"loan": loan.name, "number": i.number, "due_date": i.due_date, "payment": i.payment,
         "principal": i.principal, "interest": i.interest, "balance": i.balance,
         "status": i.status.value}
        for loan in book.loans for i in loan_state(loan, today).installments
    ])  # fmt: skip


@dataclass(frozen=True)
class CalendarEntry:
    """One installment to put in the calendar, with what its event shows of the loan."""

    loan_name: str
    lender: str | None
    currency: str
    installment: InstallmentState
    installments: int  # how many the loan has ("Installment 3 of 12")
    overdue: bool


def calendar_horizon(today: date, months: int) -> date:
    """The last due date a calendar of ``months`` months covers: ``today`` moved by that
    many calendar months, on the same day (clamped to the month's end: Jan 31 + 1 month
    is Feb 28). ``months`` 0 is today itself."""
    from debtplan.core.calendar import add_months

    if months < 0:
        raise ValueError(f"months must be 0 or more, not {months}")
    # Clamped at the calendar's last day (no loan falls due after 9998-12-31).
    left = (date.max.year - today.year) * 12 + date.max.month - today.month
    return add_months(today, months) if months <= left else date.max


def calendar_entries(book: Book, today: date, months: int) -> list[CalendarEntry]:
    """The installments a calendar shows: every one with something still owed that is
    due on or before :func:`calendar_horizon` - the overdue ones too, whatever their
    date - in the book's loan order, then by installment."""
    from debtplan.core.ledger import Status, loan_state

    last = calendar_horizon(today, months)
    entries = []
    for loan in book.loans:
        state = loan_state(loan, today)
        count = len(state.installments)
        for inst in state.installments:
            if inst.due_date <= last and inst.total_owed > 0:
                entries.append(
                    CalendarEntry(loan.name, loan.lender, loan.currency, inst, count,
                                  overdue=inst.status is Status.OVERDUE)
                )  # fmt: skip
    return entries
