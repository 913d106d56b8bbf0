"""Data in and out of the book: `export` (JSON, CSV, iCalendar) and `import` (JSON, CSV).

- ``export --format json`` is the whole book: every loan's fields as in the file, with
  its payments, contacts and its schedule as of ``--today``; money as two-decimal
  strings, rates as stated ("0.05%/day"), dates ISO. ``import`` reads it back.
- ``export --format csv`` is one table for spreadsheets: the loans (columns named like
  the options of ``add``), the payments, or the schedules; ``--bom`` for Excel.
- ``export --format ics`` puts every upcoming unpaid installment in a calendar, with a
  reminder, under a UID that stays the same from one export to the next, so importing
  the file again updates the events instead of duplicating them.
- ``import`` validates every loan exactly like ``add``, lists every problem at once and
  changes nothing unless all of it is good.

icalendar is imported only by ``export --format ics``, and this module imports nothing
heavy at its top (the root app imports it on every run, cron's included).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from debtplan.cli.common import editing, handles_errors, read_book, session, tell
from debtplan.core.model import BookError, Problem
from debtplan.core.text import N_, InputError
from debtplan.i18n import _, default_currency

# The columns of a CSV of loans: the fields `add` and `edit` take, in their order.
LOAN_COLUMNS = (
    "name", "lender", "currency", "method", "principal", "balance", "rate", "term",
    "frequency", "start", "first_due", "due_day", "grace_days", "penalty_rate",
    "penalty_markup", "penalty_base", "penalty_compound", "late_fee", "upfront_fee",
    "fee_rate", "min_payment", "day_count", "allocation", "jurisdiction", "note",
)  # fmt: skip
PAYMENT_COLUMNS = ("loan", "date", "amount", "note", "prepay")
SCHEDULE_COLUMNS = (
    "loan", "number", "due_date", "payment", "principal", "interest", "balance", "status",
)  # fmt: skip

# An import file bigger than this is surely not an export of a loan book.
MAX_IMPORT_BYTES = 64 * 1024 * 1024

# Calendar UIDs are uuid5(namespace, "<name, case folded>/<installment number>"): the same
# loan and installment get the same UID in every export, so a calendar updates the event.
# Never change this: it would duplicate every event in every user's calendar.
ICS_NAMESPACE_SEED = "https://debtplan.invalid/ics/installment"


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    ICS = "ics"


class ImportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


class Table(StrEnum):
    LOANS = "loans"
    PAYMENTS = "payments"
    SCHEDULE = "schedule"


class ImportProblems(BookError):
    """The import file has problems; ``problems`` lists every one, nothing was imported."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        InputError.__init__(
            self,
            N_("{file} has {count} problem(s); nothing was imported"),
            file=source,
            count=len(problems),
        )
        self.problems = tuple(problems)
        self.hint = _("Fix them in the file and import it again; the loan file is unchanged.")


# ---------------------------------------------------------------------------------------
# export


@handles_errors
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", case_sensitive=False, help=_("json, csv or ics.")),
    ] = ExportFormat.JSON,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="FILE", help=_("Write to FILE [default: stdout].")),
    ] = None,
    what: Annotated[
        Table | None,
        typer.Option(
            "--what",
            case_sensitive=False,
            help=_("CSV: loans, payments or schedule [default: loans]."),
        ),
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help=_("CSV: start with a UTF-8 BOM so Excel reads Chinese."))
    ] = False,
    remind_days: Annotated[
        int | None,
        typer.Option(
            "--remind-days",
            min=0,
            max=60,
            help=_("ICS: remind this many days before [default: the book's remind_days, 3]."),
        ),
    ] = None,
) -> None:
    """Export the book: json (everything), csv (one table) or ics (upcoming installments)."""
    if what is not None and fmt is not ExportFormat.CSV:
        raise typer.BadParameter(_("--what is for --format csv"), param_hint="--what")
    if bom and fmt is not ExportFormat.CSV:
        raise typer.BadParameter(_("--bom is for --format csv"), param_hint="--bom")
    if remind_days is not None and fmt is not ExportFormat.ICS:
        raise typer.BadParameter(_("--remind-days is for --format ics"), param_hint="--remind-days")
    target = None if out is None or str(out) == "-" else out.expanduser()
    if target is not None:
        _refuse_loan_file(target)
    book = read_book()
    today = session().today
    if fmt is ExportFormat.JSON:
        from debtplan.render.formats import dumps

        text = dumps(export_document(book, today), pretty=True) + "\n"
    elif fmt is ExportFormat.CSV:
        text = export_csv(book, today, what or Table.LOANS)
    else:
        days = book.settings.remind_days if remind_days is None else remind_days
        text = export_ics(book, today, days).decode("utf-8")
    _emit(text, target, bom=bom)
    if target is not None:
        tell(_("Wrote {path}.").format(path=target))


def export_document(book: Any, today: date) -> dict[str, Any]:
    """The JSON export: settings, and each loan as in the file plus its schedule."""
    from debtplan.core.ledger import loan_state
    from debtplan.core.to_document import loan_to_dict
    from debtplan.store import SCHEMA_VERSION

    settings = {  # every setting, written the way the file writes it
        "budget": dict(book.settings.budget),
        "lpr": f"{book.settings.lpr_percent.normalize():f}%",
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


def _cell(value: Any) -> str:
    """A value as a CSV cell: money with two decimals, dates ISO, lists comma-separated."""
    from decimal import Decimal

    from debtplan.core.money import money_str

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(_cell(v) for v in value)
    return str(value)


def export_csv(book: Any, today: date, what: Table) -> str:
    """One CSV table (RFC 4180, CRLF line ends): loans, payments or schedule rows."""
    import csv
    import io

    from debtplan.core.ledger import loan_state
    from debtplan.core.to_document import loan_to_dict

    rows: list[dict[str, Any]] = []
    if what is Table.LOANS:
        columns: tuple[str, ...] = LOAN_COLUMNS
        for loan in book.loans:
            fields = loan_to_dict(loan)
            rows.append({key: fields.get(key) for key in LOAN_COLUMNS})
            if loan.rate_changes:
                tell(
                    _("Note: the rate changes of {name} are not in a CSV of loans; export "
                      "--format json to keep them.").format(name=_literal(loan.name))
                )  # fmt: skip
    elif what is Table.PAYMENTS:
        columns = PAYMENT_COLUMNS
        rows = [
            {"loan": loan.name, "date": p.on, "amount": p.amount, "note": p.note,
             "prepay": p.prepay.value}
            for loan in book.loans for p in loan.payments
        ]  # fmt: skip
    else:
        columns = SCHEDULE_COLUMNS
        rows = [
            {"loan": loan.name, "number": i.number, "due_date": i.due_date, "payment": i.payment,
             "principal": i.principal, "interest": i.interest, "balance": i.balance,
             "status": i.status.value}
            for loan in book.loans for i in loan_state(loan, today).installments
        ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[key]) for key in columns])
    return buffer.getvalue()


def _calendar_key(name: str) -> str:
    """The loan part of a UID: the name as people see it, ignoring case and spacing around."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name.strip()).casefold())


def installment_uid(loan_name: str, number: int) -> str:
    """The calendar UID of installment ``number`` of the loan called ``loan_name``."""
    import uuid

    namespace = uuid.uuid5(uuid.NAMESPACE_URL, ICS_NAMESPACE_SEED)
    return f"{uuid.uuid5(namespace, f'{_calendar_key(loan_name)}/{number}')}@debtplan"


def export_ics(book: Any, today: date, remind_days: int) -> bytes:
    """An RFC 5545 calendar: one all-day event per upcoming unpaid installment.

    Upcoming means due on ``today`` or later with something still owed; the event's
    summary shows what is still owed on it. ``DTSTAMP`` is ``today`` at 00:00 UTC so
    that the same book and date always give the same bytes.
    """
    from datetime import UTC, datetime, timedelta

    from icalendar import Alarm, Calendar, Event

    from debtplan import __version__
    from debtplan.core.ledger import loan_state
    from debtplan.render.text import grouped

    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//debtplan//debtplan {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Loan payments"))
    for loan in book.loans:
        state = loan_state(loan, today)
        count = len(state.installments)
        name = _literal(loan.name)
        for inst in state.installments:
            if inst.due_date < today or inst.total_owed <= 0:
                continue
            summary = _("{loan}: {amount} {currency} due").format(
                loan=name, amount=grouped(inst.total_owed), currency=loan.currency
            )
            lines = [
                _("Installment {number} of {count}, due {date}.").format(
                    number=inst.number, count=count, date=inst.due_date.isoformat()
                ),
                _("Principal {principal}, interest {interest} {currency}.").format(
                    principal=grouped(inst.principal), interest=grouped(inst.interest),
                    currency=loan.currency,
                ),
            ]  # fmt: skip
            if inst.total_paid > 0:
                lines.append(
                    _("Already paid {paid}; still owed {owed} {currency}.").format(
                        paid=grouped(inst.total_paid), owed=grouped(inst.total_owed),
                        currency=loan.currency,
                    )
                )  # fmt: skip
            if loan.lender:
                lines.append(_("Lender: {lender}").format(lender=_literal(loan.lender)))
            event = Event()
            event.add("uid", installment_uid(loan.name, inst.number))
            event.add("dtstamp", stamp)
            event.add("dtstart", inst.due_date)
            event.add("dtend", inst.due_date + timedelta(days=1))
            event.add("summary", summary)
            event.add("description", "\n".join(lines))
            event.add("transp", "TRANSPARENT")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", timedelta(days=-remind_days))
            event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()  # type: ignore[no-any-return]


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
            metavar="FILE", help=_("A JSON export of debtplan, or a CSV of loans ('-': stdin).")
        ),
    ],
    fmt: Annotated[
        ImportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help=_("json or csv [default: from the file's extension, else its content]."),
        ),
    ] = None,  # fmt: skip
    replace_book: Annotated[
        bool,
        typer.Option(
            "--replace",
            help=_("Replace the whole book instead of adding (`debtplan undo` reverts)."),
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help=_("Check the file and tell what would change; save nothing.")
        ),
    ] = False,
) -> None:
    """Add loans from a JSON export or a CSV of loans: all of them or, on any problem, none."""
    source = "-" if str(file) == "-" else str(file.expanduser())
    data = _read_input(file)
    text = _decode(data, source)
    kind = fmt or _guess_format(file, text)
    if kind is ImportFormat.JSON:
        raws, settings_raw = _json_loans(text, source)
    else:
        raws, settings_raw = _csv_loans(text, source), None
    loans, settings = _validate(raws, settings_raw, source)

    if dry_run:
        current = read_book()
        _check_against(current, loans, raws, source, replace_book)
        _report(loans, current, _merged(current, loans, settings, replace_book), True, settings)
        return
    with editing() as held:
        current = held[0]
        _check_against(current, loans, raws, source, replace_book)
        held[0] = _merged(current, loans, settings, replace_book)
    _report(loans, current, held[0], False, settings)


def _merged(current: Any, loans: list[Any], settings: Any, replace_book: bool) -> Any:
    """The book after the import. The file's settings are taken with --replace, or when
    the book's own are all at their defaults (there is nothing of the user's to lose)."""
    from debtplan.core.model import Settings

    take_settings = settings is not None and (replace_book or current.settings == Settings())
    return replace(
        current,
        loans=tuple(loans) if replace_book else (*current.loans, *loans),
        settings=settings if take_settings else current.settings,
    )


def _read_input(file: Path) -> bytes:
    if str(file) == "-":
        return sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
    path = file.expanduser()
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(N_("{path} does not exist"), path=str(path)) from None
    except IsADirectoryError:
        raise InputError(
            N_("{path} is a folder; give the file to import"), path=str(path)
        ) from None
    except OSError as error:
        raise InputError(
            N_("cannot read {path}: {reason}"), path=str(path), reason=error.strerror or error
        ) from None
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError(N_("{path} is too big to be an export of a loan book"), path=str(path))
    return data


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")  # a BOM (Excel's "CSV UTF-8") is tolerated
    except UnicodeDecodeError as error:
        raise InputError(
            N_("{file} is not UTF-8 text (byte {offset}); save it as UTF-8 (in Excel: "
               "\"CSV UTF-8\") and import it again"),
            file=source, offset=error.start,
        ) from None  # fmt: skip


def _guess_format(file: Path, text: str) -> ImportFormat:
    suffix = file.suffix.lower()
    if suffix == ".json":
        return ImportFormat.JSON
    if suffix == ".csv":
        return ImportFormat.CSV
    return ImportFormat.JSON if text.lstrip()[:1] in ("{", "[") else ImportFormat.CSV


def _json_loans(text: str, source: str) -> tuple[list[tuple[str, Any]], Any]:
    """The loans of a JSON export as (label, raw table); schedules are dropped."""
    import json
    from decimal import Decimal

    from debtplan.store import SCHEMA_VERSION

    try:
        doc = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InputError(
            N_("{file} is not JSON ({problem} at line {line}, column {column}); import takes "
               "the output of `debtplan export --format json` or a CSV of loans"),
            file=source, problem=error.msg, line=error.lineno, column=error.colno,
        ) from None  # fmt: skip
    if not isinstance(doc, dict) or not isinstance(doc.get("loans"), list):
        raise InputError(
            N_("{file} has no \"loans\" list; import takes the output of `debtplan export "
               "--format json`"),
            file=source,
        )  # fmt: skip
    problems = []
    version = doc.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version > SCHEMA_VERSION:
        problems.append(Problem("-", "schema_version", InputError(
            N_("{value!r} is not a version this debtplan reads; update debtplan"),
            value=version)))  # fmt: skip
    for key in doc:
        if key not in ("schema_version", "as_of", "settings", "loans"):
            unknown = InputError(N_("unknown field {key!r}; check its spelling"), key=key)
            problems.append(Problem("-", key, unknown))
    if problems:
        raise ImportProblems(source, problems)
    raws: list[tuple[str, Any]] = []
    for index, raw in enumerate(doc["loans"], start=1):
        if isinstance(raw, dict):
            raw = {k: v for k, v in raw.items() if k != "schedule"}  # computed, not data
        raws.append((_label(_("loan {number}").format(number=index), raw), raw))
    return raws, doc.get("settings")


def _csv_loans(text: str, source: str) -> list[tuple[str, Any]]:
    """The rows of a CSV of loans as (label, raw table); empty cells are not given."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(N_("{file} is empty; nothing to import"), file=source)
        columns = [cell.strip().lower().replace("-", "_").replace(" ", "_") for cell in header]
        problems = []
        header_label = _("row {row} (the header)").format(row=1)
        for number, column in enumerate(columns, start=1):
            if column and column not in LOAN_COLUMNS:
                problems.append(Problem(header_label, header[number - 1], InputError(
                    N_("unknown column {column!r}; the columns of a CSV of loans are: "
                       "{columns}"),
                    column=header[number - 1], columns=", ".join(LOAN_COLUMNS))))  # fmt: skip
            elif column and columns.index(column) != number - 1:
                problems.append(Problem(header_label, column, InputError(
                    N_("the column {column!r} appears twice"), column=column)))  # fmt: skip
        if "name" not in columns:
            problems.append(Problem(header_label, "name", InputError(
                N_("a CSV of loans needs a name column; the first line names the columns, "
                   "like name,principal,rate,term,start"))))  # fmt: skip
        if problems:
            raise ImportProblems(source, problems)
        raws: list[tuple[str, Any]] = []
        for row in reader:
            line = reader.line_num  # the spreadsheet's row number (header = 1)
            if not any(cell.strip() for cell in row):
                continue  # a blank line at the end, or between rows
            raw: dict[str, Any] = {
                column: cell
                for column, cell in zip(columns, row, strict=False)
                if column and cell.strip()
            }
            label = _label(_("row {row}").format(row=line), raw)
            if len(row) > len(columns):
                raws.append((label, _TooManyCells(len(row), len(columns))))
                continue
            raws.append((label, _add_defaults(raw)))
    except csv.Error as error:
        raise InputError(
            N_("{file} is not a CSV file readable here (line {line}: {problem})"),
            file=source, line=reader.line_num, problem=str(error),
        ) from None  # fmt: skip
    return raws


class _TooManyCells:
    """A CSV row with more cells than the header has columns."""

    def __init__(self, cells: int, columns: int) -> None:
        self.cells, self.columns = cells, columns


def _add_defaults(raw: dict[str, Any]) -> dict[str, Any]:
    """What `add` assumes for a field not given (the same three defaults, in the same way)."""
    raw.setdefault("currency", default_currency())
    raw.setdefault("start", session().today.isoformat())
    if "method" not in raw:
        raw["method"] = "revolving" if "balance" in raw else "annuity"
    return raw


def _label(where: str, raw: Any) -> str:
    name = raw.get("name") if isinstance(raw, dict) else None
    if isinstance(name, str) and name.strip():
        return _("{where} ({name})").format(where=where, name=name.strip())
    return where


def _validate(raws: list[tuple[str, Any]], settings_raw: Any, source: str) -> tuple[list[Any], Any]:
    """Every loan validated like `add`, names unique in the file; all problems at once."""
    from debtplan.core.from_document import loan_from_dict, settings_from_dict

    problems: list[Problem] = []
    loans = []
    seen: dict[str, str] = {}
    for label, raw in raws:
        if isinstance(raw, _TooManyCells):
            problems.append(Problem(label, "-", InputError(
                N_("this row has {cells} cells but the header names {columns} columns"),
                cells=raw.cells, columns=raw.columns)))  # fmt: skip
            continue
        loan, loan_problems = loan_from_dict(raw)
        problems += [Problem(label, p.field, p.error) for p in loan_problems]
        if loan is None:
            continue
        if loan.key in seen:
            problems.append(Problem(label, "name", InputError(
                N_("{other} has the same name; names must differ (ignoring case)"),
                other=seen[loan.key])))  # fmt: skip
            continue
        seen[loan.key] = label
        loans.append(loan)
    settings = None
    if settings_raw is not None:
        settings, settings_problems = settings_from_dict(settings_raw)
        problems += settings_problems
    if not raws and not problems:
        raise InputError(N_("{file} holds no loans; nothing to import"), file=source)
    if problems:
        raise ImportProblems(source, problems)
    return loans, settings


def _check_against(
    book: Any, loans: list[Any], raws: list[tuple[str, Any]], source: str, replace_book: bool
) -> None:
    """Refuse names the book already has (unless the whole book is replaced)."""
    if replace_book:
        return
    labels: dict[str, str] = {}
    for label, raw in raws:
        if isinstance(raw, dict):
            name = raw.get("name")
            if isinstance(name, str):
                labels.setdefault(name.strip(), label)
    problems = []
    for loan in loans:
        other = book.find(loan.name)
        if other is not None:
            problems.append(Problem(labels.get(loan.name, loan.name), "name", InputError(
                N_("the book already has a loan named {other!r}; rename it in the file, or "
                   "use --replace to replace the whole book"),
                other=other.name)))  # fmt: skip
    if problems:
        raise ImportProblems(source, problems)


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
