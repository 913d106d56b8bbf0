"""What `import` does: read a JSON export or a CSV of loans, validate every loan exactly
like `add`, and give the book with them added (or in place of its loans) - all of it,
or, on any problem, an error listing every problem and nothing changed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from debtplan.core.model import BookError, Problem
from debtplan.core.text import N_, InputError
from debtplan.i18n import _, default_currency

if TYPE_CHECKING:
    from debtplan.core.model import Book, Loan, Settings

# An import file bigger than this is surely not an export of a loan book.
MAX_IMPORT_BYTES = 64 * 1024 * 1024


class ImportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


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


@dataclass(frozen=True)
class ImportFile:
    """The loans (and settings, from a JSON export) of a file to import, all valid."""

    source: str  # the path as the person gave it, or "-" for stdin
    loans: list[Loan]
    settings: Settings | None
    raws: list[tuple[str, Any]]  # (label, raw table) of each loan, for messages


def read_import(file: Path, fmt: ImportFormat | None, today: date) -> ImportFile:
    """Read and validate ``file`` ('-': stdin); ``fmt`` None guesses from the name, else
    the content. A CSV row without a start date starts ``today``, as with `add`."""
    source = "-" if str(file) == "-" else str(file.expanduser())
    text = _decode(_read_input(file), source)
    kind = fmt or _guess_format(file, text)
    if kind is ImportFormat.JSON:
        raws, settings_raw = _json_loans(text, source)
    else:
        raws, settings_raw = _csv_loans(text, source, today), None
    loans, settings = _validate(raws, settings_raw, source)
    return ImportFile(source, loans, settings, raws)


def imported_book(current: Book, imported: ImportFile, replace_book: bool) -> Book:
    """``current`` with the imported loans added, or (``replace_book``) in place of its own.

    A name the book already has is refused unless the whole book is replaced. The
    file's settings are taken with ``replace_book``, or when the book's own are all at
    their defaults (there is nothing of the user's to lose).
    """
    from debtplan.core.model import Settings

    if not replace_book:
        _check_against(current, imported)
    settings = current.settings
    if imported.settings is not None and (replace_book or settings == Settings()):
        settings = imported.settings
    return replace(
        current,
        loans=tuple(imported.loans) if replace_book else (*current.loans, *imported.loans),
        settings=settings,
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
        doc = json.loads(text, parse_float=_number(Decimal), parse_int=_number(int))
    except RecursionError:
        raise ImportProblems(source, [_too_deep(text)]) from None
    except json.JSONDecodeError as error:
        raise InputError(
            N_("{file} is not JSON ({problem} at line {line}, column {column}); import takes "
               "the output of `debtplan export --format json` or a CSV of loans"),
            file=source, problem=error.msg, line=error.lineno, column=error.colno,
        ) from None  # fmt: skip
    if _deeper_than(doc, MAX_JSON_NESTING):  # parsed, but too deep to validate or save
        raise ImportProblems(source, [_too_deep(text)])
    if not isinstance(doc, dict) or not isinstance(doc.get("loans"), list):
        raise InputError(
            N_("{file} has no \"loans\" list; import takes the output of `debtplan export "
               "--format json`"),
            file=source,
        )  # fmt: skip
    problems = _oversized_numbers(doc)
    version = doc.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, _Oversized):
        pass  # already a problem
    elif isinstance(version, bool) or not isinstance(version, int) or version > SCHEMA_VERSION:
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


# No amount, rate, count or version is written with this many characters; a longer
# number is refused before Python converts it (an int of 4,300 digits or more raises).
MAX_NUMBER_CHARS = 100
# An export nests six deep (the document, its loans, a loan, its payments, a payment);
# the store refuses a loan file nesting deeper than this, and so does import.
MAX_JSON_NESTING = 32


class _Oversized:
    """A JSON number too long to be anything in a loan book (kept to name its field)."""

    def __init__(self, text: str) -> None:
        self.length = len(text)


def _number(convert: Any) -> Any:
    def parse(text: str) -> Any:
        return _Oversized(text) if len(text) > MAX_NUMBER_CHARS else convert(text)

    return parse


def _oversized_numbers(doc: dict[str, Any]) -> list[Problem]:
    """A problem for every number too long to be one, naming its loan and field."""
    problems = []
    for key, value in doc.items():
        loans = value if key == "loans" and isinstance(value, list) else None
        if loans is None:
            problems += _oversized_in(value, "-", key)
            continue
        for index, raw in enumerate(loans, start=1):
            label = _label(_("loan {number}").format(number=index), raw)
            if isinstance(raw, dict):
                for field, inner in raw.items():
                    problems += _oversized_in(inner, label, field)
            else:
                problems += _oversized_in(raw, label, "-")
    return problems


def _oversized_in(value: Any, label: str, where: str, depth: int = 0) -> list[Problem]:
    if isinstance(value, _Oversized):
        return [Problem(label, where, InputError(
            N_("a number written with {length} characters; no amount, rate or count is "
               "longer than {limit}: correct the number in the file"),
            length=value.length, limit=MAX_NUMBER_CHARS))]  # fmt: skip
    if depth > MAX_JSON_NESTING:
        return []
    if isinstance(value, dict):
        items = [(f"{where}.{key}", inner) for key, inner in value.items()]
    elif isinstance(value, list):
        items = [(f"{where}[{number}]", inner) for number, inner in enumerate(value)]
    else:
        return []
    return [found for key, inner in items for found in _oversized_in(inner, label, key, depth + 1)]


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and dicts more than ``limit`` levels deep."""
    if not isinstance(value, dict | list):
        return False
    if limit == 0:
        return True
    items = value.values() if isinstance(value, dict) else value
    return any(_deeper_than(item, limit - 1) for item in items if isinstance(item, dict | list))


def _too_deep(text: str) -> Problem:
    """Where a JSON text nests beyond what the parser follows, with its loan and field.

    Scans strings and brackets only, and only after the parser gave up, so a normal
    import pays nothing for it.
    """
    import re

    # Each open container: its kind, and the key or index of the child being read.
    open_: list[list[Any]] = []
    key: str | None = None
    line = 1
    names: dict[int, str] = {}
    for found in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{},]', text):
        piece = found.group()
        if piece[0] == '"':
            if open_ and open_[-1][0] == "{" and key is None:
                key = piece[1:-1]
                open_[-1][1] = key
            elif key == "name" and len(open_) == 3 and open_[0][1] == "loans":
                names[open_[1][1]] = piece[1:-1]  # the loan's name, for the message
            continue
        if piece in "[{":
            open_.append([piece, 0 if piece == "[" else None])
            key = None
            if len(open_) > MAX_JSON_NESTING:
                line = text.count("\n", 0, found.start()) + 1
                break
        elif piece == ",":
            if open_ and open_[-1][0] == "[":
                open_[-1][1] += 1
            key = None
        elif open_:
            open_.pop()
            key = ""  # the container just closed was the value of the key before it
    path = [child for _kind, child in open_]
    label, field = "-", "-"
    if len(path) >= 2 and path[0] == "loans" and isinstance(path[1], int):
        where = _("loan {number}").format(number=path[1] + 1)
        label = _label(where, {"name": names.get(path[1])})
        field = str(path[2]) if len(path) > 2 and path[2] is not None else "-"
    elif path and path[0] is not None:
        field = str(path[0])
    return Problem(label, field, InputError(
        N_("nests arrays or objects more than {limit} levels deep (line {line}), which no "
           "export of a loan book does; correct the file"),
        limit=MAX_JSON_NESTING, line=line))  # fmt: skip


def _csv_loans(text: str, source: str, today: date) -> list[tuple[str, Any]]:
    """The rows of a CSV of loans as (label, raw table); empty cells are not given."""
    import csv
    import io

    from debtplan.render.csv import LOAN_COLUMNS, unguarded

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
                column: unguarded(cell)  # the quote `export` put before a formula
                for column, cell in zip(columns, row, strict=False)
                if column and cell.strip()
            }
            label = _label(_("row {row}").format(row=line), raw)
            if len(row) > len(columns):
                raws.append((label, _TooManyCells(len(row), len(columns))))
                continue
            raws.append((label, _add_defaults(raw, today)))
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


def _add_defaults(raw: dict[str, Any], today: date) -> dict[str, Any]:
    """What `add` assumes for a field not given (the same three defaults, in the same way)."""
    raw.setdefault("currency", default_currency())
    raw.setdefault("start", today.isoformat())
    if "method" not in raw:
        raw["method"] = "revolving" if "balance" in raw else "annuity"
    return raw


def _label(where: str, raw: Any) -> str:
    name = raw.get("name") if isinstance(raw, dict) else None
    if isinstance(name, str) and name.strip():
        return _("{where} ({name})").format(where=where, name=name.strip())
    return where


def _validate(
    raws: list[tuple[str, Any]], settings_raw: Any, source: str
) -> tuple[list[Loan], Settings | None]:
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


def _check_against(book: Book, imported: ImportFile) -> None:
    """Refuse names the book already has."""
    labels: dict[str, str] = {}
    for label, raw in imported.raws:
        if isinstance(raw, dict):
            name = raw.get("name")
            if isinstance(name, str):
                labels.setdefault(name.strip(), label)
    problems = []
    for loan in imported.loans:
        other = book.find(loan.name)
        if other is not None:
            problems.append(Problem(labels.get(loan.name, loan.name), "name", InputError(
                N_("the book already has a loan named {other!r}; rename it in the file, or "
                   "use --replace to replace the whole book"),
                other=other.name)))  # fmt: skip
    if problems:
        raise ImportProblems(imported.source, problems)
