"""CSV exports never hand a spreadsheet a formula: text that would run gets a quote first,
amounts stay numbers, and `import` gives back every name exactly."""

from __future__ import annotations

import csv
import io
import re

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from debtplan.render.csv import guarded, unguarded

FORMULAS = {
    '=HYPERLINK("http://x","y")': '\'=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
    "@SUM(1+1)": "'@SUM(1+1)",
    "-2+3+cmd|x": "'-2+3+cmd|x",
    "'=already quoted": "''=already quoted",
    "Car": "Car",
    "花呗": "花呗",
    "a=b": "a=b",
}
# Names lose their surrounding blanks when read; a note keeps them.
NOTES = {"\tTab": "'\tTab", "\rCR": "'\rCR", **FORMULAS}


def _loan(name: str, note: str = "") -> dict:
    loan = {"name": name, "currency": "CNY", "method": "annuity", "principal": "1000.00",
            "rate": "12%", "term": 12, "start": "2026-01-01"}  # fmt: skip
    if note:
        loan["note"] = note
    return loan


def _write(path, loans: list[dict]) -> None:
    path.write_text(tomli_w.dumps({"schema_version": 1, "loans": loans}), encoding="utf-8")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _book() -> list[dict]:
    names = [*FORMULAS, "tab", "cr"]
    return [_loan(name, note=note) for name, note in zip(names, NOTES, strict=True)]


def test_every_text_cell_that_would_run_starts_with_a_quote(cli, loan_file):
    _write(loan_file, _book())
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = _rows(result.stdout)
    assert [row["name"] for row in rows] == [*FORMULAS.values(), "tab", "cr"]
    assert [row["note"] for row in rows] == list(NOTES.values())
    # Money stays a number a spreadsheet can add up.
    assert {row["principal"] for row in rows} == {"1000.00"}


def test_payments_and_schedule_guard_the_loan_name_and_keep_amounts_numeric(cli, loan_file):
    loan = _loan("=1+1", note="")
    loan["payments"] = [{"date": "2026-02-01", "amount": "88.85", "note": "-5"}]
    _write(loan_file, [loan])
    payments = _rows(cli("export", "-f", "csv", "--what", "payments").stdout)
    assert payments == [{"loan": "'=1+1", "date": "2026-02-01", "amount": "88.85",
                         "note": "-5", "prepay": "shorten"}]  # fmt: skip
    schedule = _rows(cli("export", "-f", "csv", "--what", "schedule").stdout)
    # 1000 at 12% over 12 months: 88.85 a month (numpy_financial.pmt(0.01, 12, -1000)
    # = 88.8488 -> 88.85), the first interest 10.00, principal 78.85, balance 921.15.
    assert schedule[0] == {"loan": "'=1+1", "number": "1", "due_date": "2026-02-01",
                           "payment": "88.85", "principal": "78.85", "interest": "10.00",
                           "balance": "921.15", "status": "paid"}  # fmt: skip
    assert all(not row["payment"].startswith("'") for row in schedule)


def test_a_guarded_csv_imports_back_with_the_names_exact(cli, loan_file, tmp_path):
    _write(loan_file, _book())
    source = tmp_path / "loans.csv"
    source.write_text(cli("export", "--format", "csv").stdout, encoding="utf-8", newline="")
    fresh = tmp_path / "fresh.toml"
    result = cli("--file", str(fresh), "import", str(source))
    assert result.exit_code == 0, result.stderr
    import tomllib

    loans = tomllib.loads(fresh.read_text(encoding="utf-8"))["loans"]
    assert [loan["name"] for loan in loans] == [*FORMULAS, "tab", "cr"]
    assert [loan["note"] for loan in loans] == list(NOTES)


def test_a_plain_number_in_a_text_cell_is_left_alone():
    """Amounts are read as 0 or more (fields.parse_money), so debtplan writes none below
    zero; were one negative, it is a number cell, never guarded: money stays numeric."""
    from decimal import Decimal

    from debtplan.render.csv import cell

    assert cell(Decimal("-12.5")) == "-12.50" and cell(-3) == "-3"
    assert cell("-12.50") == "-12.50" and cell(["=a", "b"]) == "'=a,b"
    assert guarded("-5") == "-5" and guarded("+12.50") == "+12.50"
    assert guarded("-5x") == "'-5x" and guarded("-") == "'-"


@given(st.text())
def test_import_takes_back_exactly_what_export_added(text):
    assert unguarded(guarded(text)) == text
    shown = guarded(text)
    if shown[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert re.fullmatch(r"[+-][0-9]+(\.[0-9]+)?", shown), shown  # a number, not a formula
