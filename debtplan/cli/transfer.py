"""Data in and out of the book: `export` (JSON, CSV, iCalendar, ledger, beancount) and
`import` (JSON, CSV).

- ``export --format json`` is the whole book: every loan's fields as in the file, with
  its payments, contacts and its schedule as of ``--today``; money as two-decimal
  strings, rates as stated ("0.05%/day"), dates ISO. ``import`` reads it back.
- ``export --format csv`` is one table for spreadsheets: the loans (columns named like
  the options of ``add``), the payments, or the schedules; ``--bom`` for Excel.
- ``export --format ics`` puts the unpaid installments due within ``--months`` (12 by
  default) and every overdue one in a calendar, with a reminder, under a UID that stays
  the same from one export to the next, so importing the file again updates the events
  instead of duplicating them.
- ``export --format ledger`` / ``beancount`` is a journal for plain-text accounting:
  each loan's opening balance, the payments recorded up to ``--today`` split as the
  ledger applied them, the rest as a forecast; ``--account-prefix ROLE=ACCOUNT`` names
  the accounts (debtplan.render.journal).
- ``import`` validates every loan exactly like ``add``, lists every problem at once and
  changes nothing unless all of it is good.

This module parses the options; debtplan.usecases.export and .importing do the work,
debtplan.render.csv, .ics and .journal write the formats. It imports nothing heavy at its top
(the root app imports it on every run, cron's included).
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from debtplan.cli.common import editing, handles_errors, read_book, session, tell
from debtplan.core.text import N_, InputError
from debtplan.i18n import _
from debtplan.render.csv import Table
from debtplan.usecases.importing import ImportFormat

# The longest calendar --months allows: 100 years, beyond any loan's last installment.
MAX_CALENDAR_MONTHS = 1200


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    ICS = "ics"
    LEDGER = "ledger"
    BEANCOUNT = "beancount"


# ---------------------------------------------------------------------------------------
# export


@handles_errors
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help=N_("json, csv, ics, ledger or beancount.")
        ),
    ] = ExportFormat.JSON,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", help=N_("Write to FILE [default: stdout].")),
    ] = None,
    what: Annotated[
        Table | None,
        typer.Option(
            "--what",
            case_sensitive=False,
            help=N_("CSV: loans, payments or schedule [default: loans]."),
        ),
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help=N_("CSV: start with a UTF-8 BOM so Excel reads Chinese."))
    ] = False,
    remind_days: Annotated[
        int | None,
        typer.Option(
            "--remind-days",
            min=0,
            max=60,
            help=N_("ICS: remind this many days before [default: the book's remind_days, 3]."),
        ),
    ] = None,
    months: Annotated[
        int | None,
        typer.Option(
            "--months",
            min=0,
            max=MAX_CALENDAR_MONTHS,
            metavar="N",
            help=N_(
                "ICS: installments due up to N months from today, plus every overdue one "
                "(0: today's and the overdue) [default: 12]."
            ),
        ),
    ] = None,  # fmt: skip
    account_prefix: Annotated[
        list[str] | None,
        typer.Option(
            "--account-prefix",
            metavar="ROLE=ACCOUNT",
            help=N_(
                "ledger, beancount: name an account (repeatable). Roles: loan, interest, "
                "penalty, fees, overpaid (each loan's name is added), bank, opening "
                "[default: Liabilities:Loans, Expenses:Interest, Expenses:Penalty, "
                "Expenses:Fees, Assets:Receivable, Assets:Bank, Equity:Opening-Balances]."
            ),
        ),
    ] = None,
) -> None:
    """Export the book: json (everything), csv (one table), ics (upcoming installments), or
    a ledger/hledger or beancount journal (payments split, the rest as a forecast)."""
    if what is not None and fmt is not ExportFormat.CSV:
        raise typer.BadParameter(_("--what is for --format csv"), param_hint="--what")
    if bom and fmt is not ExportFormat.CSV:
        raise typer.BadParameter(_("--bom is for --format csv"), param_hint="--bom")
    if remind_days is not None and fmt is not ExportFormat.ICS:
        raise typer.BadParameter(_("--remind-days is for --format ics"), param_hint="--remind-days")
    if months is not None and fmt is not ExportFormat.ICS:
        raise typer.BadParameter(_("--months is for --format ics"), param_hint="--months")
    journal = fmt in (ExportFormat.LEDGER, ExportFormat.BEANCOUNT)
    if account_prefix and not journal:
        raise typer.BadParameter(
            _("--account-prefix is for --format ledger or beancount"), param_hint="--account-prefix"
        )
    target = None if out is None or str(out) == "-" else out.expanduser()
    if target is not None:
        _refuse_loan_file(target)
    book = read_book()
    today = session().today
    if fmt is ExportFormat.JSON:
        from debtplan.render.formats import dumps
        from debtplan.usecases.export import export_document

        text = dumps(export_document(book, today), pretty=True) + "\n"
    elif fmt is ExportFormat.CSV:
        from debtplan.render.csv import COLUMNS, render_csv
        from debtplan.usecases.export import csv_table

        table = what or Table.LOANS
        result = csv_table(book, today, table)
        for name in result.rate_changes_dropped:
            tell(_("Note: the rate changes of {name} are not in a CSV of loans; export "
                   "--format json to keep them.").format(name=_literal(name)))  # fmt: skip
        text = render_csv(COLUMNS[table], result.rows)
    elif journal:
        text = _journal(fmt, book, today, account_prefix or [])
    else:
        from debtplan.render.ics import render_calendar
        from debtplan.usecases.export import DEFAULT_CALENDAR_MONTHS, calendar_entries

        days = book.settings.remind_days if remind_days is None else remind_days
        span = DEFAULT_CALENDAR_MONTHS if months is None else months
        text = render_calendar(calendar_entries(book, today, span), today, days).decode("utf-8")
    _emit(text, target, bom=bom)
    if target is not None:
        tell(_("Wrote {path}.").format(path=target))


def _journal(fmt: ExportFormat, book: Any, today: Any, prefixes: list[str]) -> str:
    from debtplan.render.journal import Journal, accounts, render_journal
    from debtplan.usecases.export import journal_loans

    kind = Journal(fmt.value)
    chosen = accounts(prefixes, kind)
    loans = journal_loans(book, today)
    for item in loans:
        if item.later_payments:
            tell(_("Note: {count} payment(s) of {name} dated after {date} are not in the "
                   "journal.").format(count=item.later_payments, name=_literal(item.loan.name),
                                      date=today.isoformat()))  # fmt: skip
    return render_journal(loans, today, kind, chosen)


def _literal(text: str) -> str:
    from debtplan.render.text import literal

    return literal(text)


def _refuse_loan_file(target: Path) -> None:
    """Never let an export overwrite the loan file itself."""
    loan_file = session().path.expanduser()
    if _same_file(target, loan_file):
        raise InputError(
            N_("{path} is the loan file itself; export to another file"), path=str(target)
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _emit(text: str, target: Path | None, *, bom: bool) -> None:
    """Write ``text`` as UTF-8 (after a BOM if asked) to stdout or, atomically, to a file."""
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    if target is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stdout (embedding): let it encode
            sys.stdout.write(data.decode("utf-8"))
            return
        sys.stdout.flush()
        stream.write(data)
        stream.flush()
        return
    import tempfile

    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise InputError(
            N_("cannot write {path}: {reason}"), path=str(target), reason=error.strerror or error
        ) from None


# ---------------------------------------------------------------------------------------
# import


@handles_errors
def import_book(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help=N_("A JSON export of debtplan, or a CSV of loans ('-': stdin).")
        ),
    ],
    fmt: Annotated[
        ImportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help=N_("json or csv [default: from the file's extension, else its content]."),
        ),
    ] = None,  # fmt: skip
    replace_book: Annotated[
        bool,
        typer.Option(
            "--replace",
            help=N_("Replace the whole book instead of adding (`debtplan undo` reverts)."),
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help=N_("Check the file and tell what would change; save nothing.")
        ),
    ] = False,
) -> None:
    """Add loans from a JSON export or a CSV of loans: all of them or, on any problem, none."""
    from debtplan.usecases.importing import imported_book, read_import

    imported = read_import(file, fmt, session().today)
    loans, settings = imported.loans, imported.settings
    if dry_run:
        current = read_book()
        _report(loans, current, imported_book(current, imported, replace_book), True, settings)
        return
    with editing() as edit:
        current = edit.book
        edit.book = imported_book(current, imported, replace_book)
    _report(loans, current, edit.book, False, settings)


def _report(loans: list[Any], before: Any, after: Any, dry_run: bool, offered: Any) -> None:
    payments = sum(len(loan.payments) for loan in loans)
    contacts = sum(len(loan.contacts) for loan in loans)
    names = ", ".join(_literal(loan.name) for loan in loans)
    if dry_run:
        headline = _("Would import {count} loan(s) with {payments} payment(s) and {contacts} "
                     "contact(s): {names}.")  # fmt: skip
    else:
        headline = _("Imported {count} loan(s) with {payments} payment(s) and {contacts} "
                     "contact(s): {names}.")  # fmt: skip
    tell(headline.format(count=len(loans), payments=payments, contacts=contacts, names=names))
    replaced = [loan for loan in before.loans if loan not in after.loans]
    if replaced:
        if dry_run:
            tell(_("They would replace the {count} loan(s) in the book.").format(
                count=len(replaced)))  # fmt: skip
        else:
            tell(_("They replace the {count} loan(s) the book had; `debtplan undo` brings those "
                   "back.").format(count=len(replaced)))  # fmt: skip
    if after.settings != before.settings:
        tell(_("The settings (budget, LPR, reminders) come from the file."))
    elif offered is not None and offered != after.settings:
        tell(_("The book keeps its own settings; --replace takes the file's as well."))
    if dry_run:
        tell(_("Nothing was saved (--dry-run)."))


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command("import")(import_book)
