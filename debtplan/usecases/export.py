"""What `export` writes: the whole book (JSON), one table (CSV), the calendar (ICS), the
journals of plain-text accounting (ledger/hledger, beancount).

Each function takes the book and the date and returns plain data; debtplan.render
turns it into text or bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from debtplan.core.ledger import InstallmentState, LoanState
    from debtplan.core.model import Book, Loan, Payment
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


# ---------------------------------------------------------------------------------------
# plain-text accounting: `export --format ledger|beancount`


@dataclass(frozen=True)
class Split:
    """Where the ledger put one payment: the parts it paid, and what went beyond the loan
    (``overpaid``: money the lender owes back). The five add up to the payment."""

    principal: Decimal
    interest: Decimal
    penalty: Decimal
    fees: Decimal  # late fees and prepayment fees
    overpaid: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.penalty + self.fees + self.overpaid


@dataclass(frozen=True)
class SplitPayment:
    """A recorded payment and the split the ledger applied it with."""

    payment: Payment
    split: Split


@dataclass(frozen=True)
class Remaining:
    """What is still owed on one installment as of the export date, to forecast: on its
    due date, or on the export date when it is already due or overdue (``overdue``)."""

    number: int
    count: int  # installments in the loan's schedule
    on: date
    due_date: date
    principal: Decimal
    interest: Decimal
    penalty: Decimal  # charged up to the export date
    fees: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.penalty + self.fees


@dataclass(frozen=True)
class JournalLoan:
    """A loan as a journal shows it: the opening balance, the payments recorded up to
    the export date with their splits, and what is left to pay."""

    loan: Loan
    payments: tuple[SplitPayment, ...]
    remaining: tuple[Remaining, ...]
    balance: Decimal  # principal not yet repaid (LoanState.balance)
    later_payments: int  # payments dated after the export date: not in the journal


def payment_splits(loan: Loan, today: date) -> tuple[SplitPayment, ...]:
    """Each payment made on or before ``today``, in the order the ledger applies them
    (by date; same-day payments in the file's order), with the split the ledger gave it.

    The ledger records what each installment has been paid, not which payment paid it;
    it applies the payments one by one, so the split of the k-th is what the first k
    paid in all minus what the first k - 1 paid: principal (on the installments and
    prepaid), interest (on the installments and on what was prepaid), penalty, fees
    (late fees and prepayment fees) and what went beyond the loan.
    """
    from dataclasses import replace

    from debtplan.core.ledger import loan_state

    made = sorted((p for p in loan.payments if p.on <= today), key=lambda p: p.on)
    result = []
    before = _paid_in_all(loan_state(replace(loan, payments=()), today))
    for count, payment in enumerate(made, start=1):
        after = _paid_in_all(loan_state(replace(loan, payments=tuple(made[:count])), today))
        split = Split(*(now - then for now, then in zip(after, before, strict=True)))
        result.append(SplitPayment(payment, split))
        before = after
    return tuple(result)


def _paid_in_all(state: LoanState) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
    """Principal, interest, penalty, fees and overpaid, as paid in all up to ``state``."""
    from debtplan.core.money import ZERO

    principal, interest, penalty, fees = state.prepaid, state.prepaid_interest, ZERO, ZERO
    fees += state.prepay_fees
    for item in state.installments:
        principal += item.paid_principal
        interest += item.paid_interest
        penalty += item.paid_penalty
        fees += item.paid_fees
    return principal, interest, penalty, fees, state.overpaid


def journal_loans(book: Book, today: date) -> list[JournalLoan]:
    """Every loan of the book as :class:`JournalLoan`, in the book's order."""
    from debtplan.core.ledger import loan_state

    loans = []
    for loan in book.loans:
        state = loan_state(loan, today)
        count = len(state.installments)
        remaining = tuple(
            Remaining(i.number, count, max(i.due_date, today), i.due_date, i.principal_owed,
                      i.interest_owed, i.penalty_owed, i.fees_owed)
            for i in state.installments if i.total_owed > 0
        )  # fmt: skip
        later = sum(1 for p in loan.payments if p.on > today)
        loans.append(
            JournalLoan(loan, payment_splits(loan, today), remaining, state.balance, later)
        )
    return loans
