"""export (JSON, CSV, iCalendar) and import (JSON, CSV): exact round trips, all or nothing."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from debtplan.core.from_document import load_book
from debtplan.core.to_document import book_to_document
from debtplan.render.csv import LOAN_COLUMNS
from debtplan.render.ics import installment_uid
from debtplan.store import SCHEMA_VERSION, read_document

# A book using nearly every field, written by hand with money to the cent, so that
# repr() of every Decimal must survive the trip (Decimal("80000.00"), not 80000).
RICH_BOOK = """\
schema_version = 1

[settings]
budget = {CNY = 6000.00, USD = 300.00}
lpr = "3.1%"
history = 7
remind_days = 5

[[loans]]
name = "Car loan"
lender = "City Bank"
currency = "CNY"
method = "annuity"
principal = 80000.00
rate = "6.5%"
term = 36
start = 2026-02-03
first_due = 2026-03-05
due_day = 5
grace_days = 3
penalty_markup = "50%"
penalty_base = "principal"
penalty_compound = true
late_fee = 25.50
upfront_fee = 800.00
allocation = ["fees", "interest", "penalty", "principal"]
note = "auto-debit, 工资卡"

[[loans.payments]]
date = 2026-03-05
amount = 2451.92
note = "转账 #1"

[[loans.payments]]
date = 2026-04-05
amount = 5000.00
prepay = "reduce"

[[loans.rate_changes]]
from = 2027-01-01
rate = "5.9%"

[[loans]]
name = "Quick Cash 网贷"
currency = "CNY"
method = "flat"
principal = 10000.00
rate = "0%"
fee_rate = "0.75%/month"
term = 12
start = 2026-08-16
penalty_rate = "0.05%/day"
day_count = 360

[[loans.contacts]]
at = 2026-11-20T22:15:00
channel = "call"
note = "said they'd call my boss"

[[loans.contacts]]
at = 2026-11-21T09:00:00
channel = "third-party"

[[loans]]
name = "Visa card"
currency = "USD"
method = "revolving"
balance = 3200.00
rate = "24.99%"
start = 2026-10-01
min_payment = "1%+interest,35.00"
jurisdiction = "cn"
"""


def write_book(path: Path, text: str = RICH_BOOK) -> bytes:
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def run_ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def book_at(path: Path):
    return load_book(read_document(path))


# --- JSON ------------------------------------------------------------------------------


def test_json_export_then_import_into_an_empty_file_is_exact(cli, loan_file, tmp_path):
    write_book(loan_file)
    exported = run_ok(cli, "export", "--format", "json").stdout
    backup = tmp_path / "backup.json"
    backup.write_text(exported, encoding="utf-8")
    fresh = tmp_path / "fresh.toml"

    result = run_ok(cli, "--file", str(fresh), "import", str(backup))

    original, restored = book_at(loan_file), book_at(fresh)
    # repr shows every Decimal's digits: 2451.92 stays Decimal('2451.92'), dates, notes,
    # contacts (times), rate changes, allocation order and settings all come back.
    assert repr(restored) == repr(original)
    assert restored.loans[0].payments[1].amount.as_tuple() == (0, (5, 0, 0, 0, 0, 0), -2)
    assert restored.settings.budget == {"CNY": original.settings.budget["CNY"], "USD": 300}
    assert restored.settings.remind_days == 5
    import tomli_w

    assert fresh.read_text("utf-8") == tomli_w.dumps(book_to_document(original, SCHEMA_VERSION))
    assert "Imported 3 loan(s) with 2 payment(s) and 2 contact(s)" in result.stderr
    assert result.stdout == ""
    # And the re-export of the restored book is the same document.
    again = run_ok(cli, "--file", str(fresh), "export").stdout
    assert again == exported


def test_json_export_shape_and_values(cli, loan_file):
    write_book(loan_file)
    doc = json.loads(run_ok(cli, "export").stdout)
    assert list(doc) == ["schema_version", "as_of", "settings", "loans"]
    assert doc["as_of"] == "2026-11-28" and doc["schema_version"] == 1
    assert doc["settings"] == {"budget": {"CNY": "6000.00", "USD": "300.00"}, "lpr": "3.1%",
                               "history": 7, "remind_days": 5}  # fmt: skip
    car, cash, card = doc["loans"]
    assert car["principal"] == "80000.00" and car["late_fee"] == "25.50"
    assert car["rate"] == "6.5%" and car["penalty_markup"] == "50%"
    assert car["allocation"] == ["fees", "interest", "penalty", "principal"]
    assert car["payments"] == [
        {"date": "2026-03-05", "amount": "2451.92", "note": "转账 #1"},
        {"date": "2026-04-05", "amount": "5000.00", "prepay": "reduce"},
    ]
    assert car["rate_changes"] == [{"from": "2027-01-01", "rate": "5.9%"}]
    assert car["contacts"] == []
    first = car["schedule"][0]
    # Feb 3 -> Mar 5 is 30 days, not one month after the start (Mar 3): a broken first
    # period, charged by the day (docs/conventions.md#broken-period) on a cn loan's 360-day
    # year: 80,000 x 6.5% / 360 x 30 = 433.33, which is what a regular month charges
    # (80,000 x 6.5% / 12), so the installment is the regular 2,451.92: principal 2,018.59.
    assert first == {"number": 1, "due_date": "2026-03-05", "payment": "2451.92",
                     "principal": "2018.59", "interest": "433.33", "balance": "77981.41",
                     "status": "paid"}  # fmt: skip
    # 360 days is a cn loan's default day count: left out, as the file leaves it out.
    assert cash["fee_rate"] == "0.75%/month" and "day_count" not in cash
    assert cash["contacts"][0] == {"at": "2026-11-20T22:15:00", "channel": "call",
                                   "note": "said they'd call my boss"}  # fmt: skip
    assert cash["schedule"][0]["payment"] == "908.33"  # docs/conventions.md#flat-fee
    assert card["balance"] == "3200.00" and card["min_payment"] == "1%+interest,35.00"
    assert card["payments"] == [] and "principal" not in card


def test_import_refuses_a_name_the_book_has_and_changes_nothing(cli, loan_file, tmp_path):
    before = write_book(loan_file)
    backup = tmp_path / "b.json"
    backup.write_text(run_ok(cli, "export").stdout, encoding="utf-8")
    doc = json.loads(backup.read_text("utf-8"))
    doc["loans"][0]["name"] = "CAR LOAN"  # differs only in case
    doc["loans"][1]["name"] = "Another loan"
    doc["loans"] = doc["loans"][:2]
    backup.write_text(json.dumps(doc), encoding="utf-8")

    result = cli("import", str(backup))

    assert result.exit_code == 1
    assert "b.json has 1 problem(s); nothing was imported" in result.stderr
    assert "loan 1 (CAR LOAN): name: the book already has a loan named 'Car loan'" in (
        result.stderr
    )
    assert "Another loan" not in result.stderr
    assert loan_file.read_bytes() == before


def test_import_replace_swaps_the_whole_book_and_undo_brings_it_back(cli, loan_file, tmp_path):
    before = write_book(loan_file)
    other = tmp_path / "one.csv"
    other.write_text("name,currency,principal,rate,term,start\nPhone,CNY,1000,12%,2,2026-10-30\n")

    dry = run_ok(cli, "import", str(other), "--replace", "--dry-run")
    assert "Would import 1 loan(s)" in dry.stderr and "replace the 3 loan(s)" in dry.stderr
    assert loan_file.read_bytes() == before

    result = run_ok(cli, "import", str(other), "--replace")
    assert "They replace the 3 loan(s)" in result.stderr
    book = book_at(loan_file)
    assert [loan.name for loan in book.loans] == ["Phone"]
    assert book.settings.remind_days == 5  # a CSV carries no settings: the book keeps its own
    run_ok(cli, "undo")
    assert loan_file.read_bytes() == before


def test_import_adds_to_the_book_and_keeps_its_settings(cli, loan_file, tmp_path):
    write_book(loan_file)
    exported = json.loads(run_ok(cli, "export").stdout)
    exported["loans"] = [exported["loans"][2]]
    exported["loans"][0]["name"] = "Visa card 2"
    exported["settings"]["remind_days"] = 9
    source = tmp_path / "card.json"
    source.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    result = run_ok(cli, "import", str(source))
    book = book_at(loan_file)
    assert [loan.name for loan in book.loans][-2:] == ["Visa card", "Visa card 2"]
    assert book.settings.remind_days == 5
    assert "keeps its own settings" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json {", "is not JSON (Expecting value at line 1, column 1)"),
        ('{"loans": []}', "holds no loans; nothing to import"),
        ('{"rows": []}', 'has no "loans" list'),
        ('{"loans": [{"name": "x"}], "extra": 1}', "-: extra: unknown field 'extra'"),
        ('{"schema_version": 99, "loans": [{"name": "x"}]}', "99 is not a version"),
    ],
)
def test_bad_json_is_refused_with_what_and_where(cli, loan_file, tmp_path, content, message):
    before = write_book(loan_file)
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    result = cli("import", str(source))
    assert result.exit_code == 1
    assert message in result.stderr
    assert loan_file.read_bytes() == before


def test_json_loan_problems_are_all_listed_with_the_loan(cli, loan_file, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"loans": [
        {"name": "A", "currency": "CNY", "method": "annuity", "principal": "-5",
         "rate": "12%", "term": 12, "start": "2026-01-01"},
        {"currency": "CNY", "method": "annuity", "principal": "100", "rate": "12%",
         "term": 12, "start": "2026-01-01",
         "payments": [{"date": "2026-02-30", "amount": "10.00"}]},
    ]}), encoding="utf-8")  # fmt: skip
    result = cli("import", str(source))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "  loan 1 (A): principal: '-5' is negative; amounts are written without a sign" in lines
    assert "  loan 2: name: this field is required" in lines
    assert any(
        line.startswith("  loan 2: payments[1]: '2026-02-30' is not a date") for line in lines
    )
    assert not loan_file.exists()


# --- CSV -------------------------------------------------------------------------------


def test_csv_import_with_a_bad_row_lists_row_and_field_and_changes_nothing(
    cli, loan_file, tmp_path, add_loan
):
    add_loan("Existing", "--principal", "500", "--rate", "0", "--term", "1", "--currency", "CNY")
    before = loan_file.read_bytes()
    source = tmp_path / "loans.csv"
    source.write_text(
        "name,currency,principal,rate,term,start\n"
        "Phone,CNY,1000,12%,2,2026-10-30\n"
        "TV,CNY,abc,12%,0,2026-10-30\n"
        "\n"
        "phone,CNY,100,1%,1,2026-10-30\n"
        "Fridge,CNY,100,1%,1,2026-10-30,surplus\n",
        encoding="utf-8",
    )
    result = cli("import", str(source))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: {source} has 4 problem(s); nothing was imported"
    assert lines[1:5] == [
        "  row 3 (TV): principal: 'abc' is not an amount; write it like 1234.50 or 1,234.50",
        "  row 3 (TV): term: 0 is out of range; use a whole number from 1 to 1200",
        # row 4 is blank: skipped; row numbers are the spreadsheet's (header = row 1)
        "  row 5 (phone): name: row 2 (Phone) has the same name; names must differ (ignoring case)",
        "  row 6 (Fridge): -: this row has 7 cells but the header names 6 columns",
    ]
    assert loan_file.read_bytes() == before


def test_csv_header_problems(cli, loan_file, tmp_path):
    source = tmp_path / "payments.csv"
    source.write_text("loan,date,amount\nCar,2026-01-01,5\n", encoding="utf-8")
    result = cli("import", str(source))
    assert result.exit_code == 1
    assert "row 1 (the header): loan: unknown column 'loan'" in result.stderr
    assert "row 1 (the header): name: a CSV of loans needs a name column" in result.stderr
    assert not loan_file.exists()


def test_csv_import_reads_excel_bom_and_applies_the_defaults_of_add(cli, loan_file, tmp_path):
    source = tmp_path / "from-excel.txt"  # no extension: the content says CSV
    text = 'Name,Balance,Rate,Min-Payment,Currency,Note\r\n信用卡,"8,000",18%,"5%,100",CNY,招行\r\n'
    source.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    run_ok(cli, "import", str(source))
    (card,) = book_at(loan_file).loans
    assert card.name == "信用卡" and card.note == "招行"
    assert card.method.value == "revolving"  # `add` assumes revolving when a balance is given
    assert card.principal == 8000 and card.min_percent == 5 and card.min_floor == 100
    assert card.start == date(2026, 11, 28)  # `add`'s default start: --today


def test_csv_export_of_loans_opens_with_dictreader_and_imports_back(cli, loan_file, tmp_path):
    write_book(loan_file)
    result = run_ok(cli, "export", "--format", "csv")
    assert result.stdout_bytes.startswith(b"name,lender,")  # no BOM unless asked
    assert "rate changes of Car loan are not in a CSV" in result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout, newline=""))
    assert tuple(reader.fieldnames or ()) == LOAN_COLUMNS
    car, cash, card = list(reader)
    assert car["name"] == "Car loan" and car["principal"] == "80000.00"
    assert car["first_due"] == "2026-03-05" and car["due_day"] == "5"
    assert car["penalty_compound"] == "true" and car["late_fee"] == "25.50"
    assert car["allocation"] == "fees,interest,penalty,principal"
    assert car["note"] == "auto-debit, 工资卡" and car["balance"] == ""
    assert cash["fee_rate"] == "0.75%/month" and cash["penalty_rate"] == "0.05%/day"
    assert cash["day_count"] == "" and cash["lender"] == ""  # 360, a cn loan's default
    assert card["balance"] == "3200.00" and card["min_payment"] == "1%+interest,35.00"
    assert card["principal"] == "" and card["jurisdiction"] == "cn"

    source = tmp_path / "loans.csv"
    source.write_text(result.stdout, encoding="utf-8", newline="")
    fresh = tmp_path / "fresh.toml"
    run_ok(cli, "--file", str(fresh), "import", str(source))
    strip = {"payments": (), "contacts": (), "rate_changes": ()}
    from dataclasses import replace

    original = [replace(loan, **strip) for loan in book_at(loan_file).loans]
    assert list(book_at(fresh).loans) == original


def test_csv_export_of_payments_and_schedule(cli, loan_file):
    write_book(loan_file)
    payments = list(csv.DictReader(io.StringIO(
        run_ok(cli, "export", "-f", "csv", "--what", "payments").stdout, newline="")))  # fmt: skip
    assert payments == [
        {"loan": "Car loan", "date": "2026-03-05", "amount": "2451.92", "note": "转账 #1",
         "prepay": "shorten"},
        {"loan": "Car loan", "date": "2026-04-05", "amount": "5000.00", "note": "",
         "prepay": "reduce"},
    ]  # fmt: skip
    text = run_ok(cli, "export", "-f", "csv", "--what", "schedule").stdout
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == ["loan", "number", "due_date", "payment", "principal",
                                 "interest", "balance", "status"]  # fmt: skip
    rows = list(reader)
    schedule = json.loads(run_ok(cli, "export").stdout)
    expected = [
        {"loan": loan["name"], **{k: str(v) for k, v in item.items()}}
        for loan in schedule["loans"] for item in loan["schedule"]
    ]  # fmt: skip
    assert rows == expected
    # The broken first period charged by the day (see test_json_export_shape_and_values).
    assert rows[0] == {"loan": "Car loan", "number": "1", "due_date": "2026-03-05",
                       "payment": "2451.92", "principal": "2018.59", "interest": "433.33",
                       "balance": "77981.41", "status": "paid"}  # fmt: skip


def test_bom_for_excel(cli, loan_file, tmp_path):
    write_book(loan_file)
    stdout = run_ok(cli, "export", "-f", "csv", "--bom").stdout_bytes
    assert stdout.startswith(b"\xef\xbb\xbfname,lender,")
    assert "Quick Cash 网贷".encode() in stdout
    out = tmp_path / "excel.csv"
    result = run_ok(cli, "export", "-f", "csv", "--bom", "--out", str(out))
    assert result.stdout == "" and f"Wrote {out}." in result.stderr
    assert out.read_bytes() == stdout
    assert out.read_text("utf-8-sig").startswith("name,lender,")


@pytest.mark.parametrize(
    "args",
    [("--format", "json", "--bom"), ("--format", "ics", "--what", "loans"),
     ("--format", "csv", "--remind-days", "2"), ("--format", "xml"),
     ("--format", "json", "--months", "3"), ("--format", "csv", "--months", "0")],
)  # fmt: skip
def test_options_for_another_format_are_usage_errors(cli, loan_file, args):
    write_book(loan_file)
    result = cli("export", *args)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_export_never_overwrites_the_loan_file(cli, loan_file):
    before = write_book(loan_file)
    result = cli("export", "--out", str(loan_file))
    assert result.exit_code == 1
    assert "is the loan file itself; export to another file" in result.stderr
    assert loan_file.read_bytes() == before


# --- iCalendar -------------------------------------------------------------------------

CALENDAR_BOOK = """\
schema_version = 1

[[loans]]
name = "Phone"
currency = "CNY"
method = "annuity"
principal = 1000.00
rate = "12%"
term = 2
start = 2026-10-30

[[loans]]
name = "Car"
lender = "Auto Finance"
currency = "CNY"
method = "annuity"
principal = 1200.00
rate = "0%"
term = 6
start = 2026-08-15

[[loans.payments]]
date = 2026-09-15
amount = 200.00

[[loans]]
name = "Mum"
currency = "CNY"
method = "lump-sum"
principal = 5000.00
rate = "0%"
term = 1
start = 2026-10-28
"""


def ics(cli, *args) -> bytes:
    return run_ok(cli, "export", "--format", "ics", *args).stdout_bytes


def events(data: bytes):
    return [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]


def test_ics_has_one_event_per_unpaid_installment_overdue_or_ahead(cli, loan_file):
    write_book(loan_file, CALENDAR_BOOK)
    found = events(ics(cli))
    # Phone: both installments ahead. Car: #1 paid (out), #2 and #3 overdue (in, and
    # said so), #4-#6 ahead. Mum: due today, which counts.
    got = [(str(e["summary"]), e["dtstart"].dt) for e in found]
    assert got == [
        ("Phone: 507.51 CNY due", date(2026, 11, 30)),
        ("Phone: 507.51 CNY due", date(2026, 12, 30)),
        ("Car: 200.00 CNY overdue", date(2026, 10, 15)),
        ("Car: 200.00 CNY overdue", date(2026, 11, 15)),
        ("Car: 200.00 CNY due", date(2026, 12, 15)),
        ("Car: 200.00 CNY due", date(2027, 1, 15)),
        ("Car: 200.00 CNY due", date(2027, 2, 15)),
        ("Mum: 5,000.00 CNY due", date(2026, 11, 28)),
    ]
    phone = found[0]
    assert str(phone["description"]) == (
        "Installment 1 of 2, due 2026-11-30.\nPrincipal 497.51, interest 10.00 CNY."
    )
    assert str(found[1]["description"]).startswith(
        "Installment 2 of 2, due 2026-12-30.\nPrincipal 502.49, interest 5.02 CNY."
    )
    assert str(found[2]["description"]) == (
        "Installment 2 of 6, due 2026-10-15.\nPrincipal 200.00, interest 0.00 CNY.\n"
        "Lender: Auto Finance"
    )
    for event in found:
        start = event["dtstart"].dt
        assert type(start) is date  # all-day (VALUE=DATE)
        assert event["dtend"].dt == start + timedelta(days=1)
        assert event["dtstamp"].dt == datetime(
            2026, 11, 28, 0, 0, tzinfo=event["dtstamp"].dt.tzinfo
        )
        assert event["dtstamp"].dt.utcoffset() == timedelta(0)


def test_ics_alarm_days_from_the_book_or_the_option(cli, loan_file):
    write_book(loan_file, CALENDAR_BOOK)
    data = ics(cli)
    alarms = [c for c in Calendar.from_ical(data).walk() if c.name == "VALARM"]
    assert len(alarms) == 8
    assert all(a["trigger"].dt == timedelta(days=-3) for a in alarms)  # the default setting
    assert all(str(a["action"]) == "DISPLAY" for a in alarms)
    assert data.count(b"TRIGGER:-P3D\r\n") == 8
    assert ics(cli, "--remind-days", "10").count(b"TRIGGER:-P10D\r\n") == 8
    assert ics(cli, "--remind-days", "0").count(b"TRIGGER:P0D\r\n") == 8  # as icalendar says 0
    with_setting = "schema_version = 1\n[settings]\nremind_days = 7\n"
    write_book(loan_file, CALENDAR_BOOK.replace("schema_version = 1\n", with_setting))
    assert ics(cli).count(b"TRIGGER:-P7D\r\n") == 8


def test_ics_uids_are_stable_and_distinct(cli, loan_file):
    write_book(loan_file, CALENDAR_BOOK)
    first, second = ics(cli), ics(cli)
    assert first == second  # the same book and --today give the same bytes
    uids = [str(e["uid"]) for e in events(first)]
    assert len(set(uids)) == len(uids) == 8
    assert uids[0] == installment_uid("Phone", 1) and uids[1] == installment_uid("Phone", 2)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}@debtplan",
                        uids[0])  # fmt: skip
    # A month later, after paying, the installments still ahead keep their UIDs: a
    # calendar that imports the new file updates those events instead of adding copies.
    run_ok(cli, "--today", "2026-12-01", "pay", "Phone", "507.51", "--date", "2026-11-30")
    later = run_ok(cli, "--today", "2026-12-01", "export", "-f", "ics").stdout_bytes
    later_uids = {str(e["dtstart"].dt): str(e["uid"]) for e in events(later)}
    assert later_uids["2026-12-30"] == uids[1]
    assert str(uids[0]) not in later_uids.values()
    assert b"DTSTAMP:20261201T000000Z" in later
    # The UIDs every earlier version wrote, pinned: a change would duplicate every event
    # in every calendar that imported them.
    assert uids[0] == "60e19b27-2592-5f7d-820e-279bac6e4d8e@debtplan"
    assert installment_uid("手机 ", 12) == "8814df03-12f0-5ee1-8233-8f9800471424@debtplan"
    # The UID ignores the case of the name, not the installment.
    assert (
        installment_uid("phone ", 1) == installment_uid("PHONE", 1) != installment_uid("Phone", 2)
    )


def test_ics_round_trips_through_icalendar(cli, loan_file):
    write_book(loan_file, CALENDAR_BOOK)
    data = ics(cli)
    calendar = Calendar.from_ical(data)
    assert calendar.to_ical() == data
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]).startswith("-//debtplan//")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # RFC 5545 line folding


def test_ics_in_chinese_and_names_shown_literally(cli, loan_file):
    write_book(loan_file, CALENDAR_BOOK.replace('name = "Phone"', 'name = "手机\\u001b[31m"'))
    data = ics(cli)
    summaries = [str(e["summary"]) for e in events(data)]
    assert summaries[0] == "手机\\x1b[31m: 507.51 CNY due"
    assert b"\x1b" not in data


def test_ics_of_an_empty_book_is_a_valid_empty_calendar(cli, loan_file):
    loan_file.write_text("schema_version = 1\n", encoding="utf-8")
    data = ics(cli)
    assert events(data) == []
    assert Calendar.from_ical(data)["version"] == "2.0"


# --- the calendar's horizon -------------------------------------------------------------


# As of 2026-11-28: Friend was due 2025-06-28 and never paid (overdue from last year);
# Bike falls due on the 28th, from today (#1) to 2028-01-28 (#15); Phone's #1 is paid;
# Card was due yesterday and is within its grace days (due, not overdue).
def zero_rate_loan(
    name: str, method: str, principal: str, term: int, start: str, *extra: str
) -> str:
    """A [[loans]] table of a CNY loan at 0% (the amounts are then easy to check)."""
    fields = [
        f'name = "{name}"',
        'currency = "CNY"',
        f'method = "{method}"',
        f"principal = {principal}",
        'rate = "0%"',
        f"term = {term}",
        f"start = {start}",
    ]
    return "\n".join(["", "[[loans]]", *fields, *extra, ""])  # fmt: skip


HORIZON_BOOK = "schema_version = 1\n" + "".join([
    zero_rate_loan("Friend", "lump-sum", "500.00", 1, "2025-05-28"),
    zero_rate_loan("Bike", "annuity", "1500.00", 15, "2026-10-28"),
    zero_rate_loan("Phone", "annuity", "300.00", 3, "2026-10-10", 'lender = "Shop"',
                   "[[loans.payments]]", "date = 2026-11-10", "amount = 100.00"),
    zero_rate_loan("Card", "lump-sum", "200.00", 1, "2026-10-27", "grace_days = 3"),
])  # fmt: skip


def calendar_of(cli, *args) -> list[tuple[str, str, str]]:
    """(summary, due date, UID) of each event of `export --format ics` with ``args``."""
    found = events(ics(cli, *args))
    return [(str(e["summary"]), e["dtstart"].dt.isoformat(), str(e["uid"])) for e in found]


def bike(*numbers: int) -> list[tuple[str, str, str]]:
    due = ["2026-11-28", "2026-12-28", "2027-01-28", "2027-02-28", "2027-03-28", "2027-04-28",
           "2027-05-28", "2027-06-28", "2027-07-28", "2027-08-28", "2027-09-28", "2027-10-28",
           "2027-11-28", "2027-12-28", "2028-01-28"]  # fmt: skip
    return [("Bike: 100.00 CNY due", due[n - 1], installment_uid("Bike", n)) for n in numbers]


FRIEND = [("Friend: 500.00 CNY overdue", "2025-06-28", installment_uid("Friend", 1))]
CARD = [("Card: 200.00 CNY due", "2026-11-27", installment_uid("Card", 1))]


def phone(*numbers: int) -> list[tuple[str, str, str]]:
    due = {2: "2026-12-10", 3: "2027-01-10"}
    return [("Phone: 100.00 CNY due", due[n], installment_uid("Phone", n)) for n in numbers]


def test_ics_covers_twelve_months_by_default_and_every_overdue_installment(cli, loan_file):
    write_book(loan_file, HORIZON_BOOK)
    # Bike #13 is due 2027-11-28, exactly twelve months from today: in. #14 is out, and
    # so is Phone #1 (paid). Friend's installment from last year is in, marked overdue.
    assert calendar_of(cli) == [*FRIEND, *bike(*range(1, 14)), *phone(2, 3), *CARD]
    assert calendar_of(cli, "--months", "12") == calendar_of(cli)


def test_ics_months_reach_the_horizon_day_itself(cli, loan_file):
    write_book(loan_file, HORIZON_BOOK)
    # One month: Bike #2 is due 2026-12-28, today + 1 month exactly; Phone #2 on the 10th.
    assert calendar_of(cli, "--months", "1") == [*FRIEND, *bike(1, 2), *phone(2), *CARD]
    # Ten years: every unpaid installment the book has.
    assert calendar_of(cli, "--months", "120") == [
        *FRIEND,
        *bike(*range(1, 16)),
        *phone(2, 3),
        *CARD,
    ]


def test_ics_months_zero_is_today_and_the_overdue(cli, loan_file):
    """0 months: what must be paid now - the overdue installments, those due today and
    those late but within their grace days; nothing ahead."""
    write_book(loan_file, HORIZON_BOOK)
    assert calendar_of(cli, "--months", "0") == [*FRIEND, *bike(1), *CARD]
    # Once today's is paid, only the overdue one and the one in its grace days are left.
    run_ok(cli, "pay", "Bike", "100")
    assert calendar_of(cli, "--months", "0") == [*FRIEND, *CARD]


def test_ics_horizon_clamps_to_the_end_of_a_shorter_month(cli, loan_file):
    # From Jan 31, one month reaches Feb 28: Bike #4, due that day, is in; #5 (Mar 28) is
    # not. Everything unpaid before today is overdue by then, Card too (its grace is over).
    write_book(loan_file, HORIZON_BOOK)
    data = run_ok(cli, "--today", "2027-01-31", "export", "-f", "ics", "--months", "1")
    got = [(str(e["summary"]), e["dtstart"].dt.isoformat()) for e in events(data.stdout_bytes)]
    assert got == [
        ("Friend: 500.00 CNY overdue", "2025-06-28"),
        ("Bike: 100.00 CNY overdue", "2026-11-28"),
        ("Bike: 100.00 CNY overdue", "2026-12-28"),
        ("Bike: 100.00 CNY overdue", "2027-01-28"),
        ("Bike: 100.00 CNY due", "2027-02-28"),
        ("Phone: 100.00 CNY overdue", "2026-12-10"),
        ("Phone: 100.00 CNY overdue", "2027-01-10"),
        ("Card: 200.00 CNY overdue", "2026-11-27"),
    ]


@pytest.mark.parametrize("months", ["-1", "1201", "twelve", "1.5", ""])
def test_ics_months_out_of_range_is_a_usage_error(cli, loan_file, months):
    write_book(loan_file, HORIZON_BOOK)
    result = cli("export", "--format", "ics", "--months", months)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--months" in result.stderr


def test_ics_months_up_to_a_hundred_years(cli, loan_file):
    write_book(loan_file, HORIZON_BOOK)
    assert calendar_of(cli, "--months", "1200") == calendar_of(cli, "--months", "120")


def test_ics_months_help_in_both_languages(loan_file):
    # Help is translated as the command modules load: only a fresh process shows it.
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "DEBTPLAN_FILE": str(loan_file)}
    shown = {}
    for lang in ("en", "zh"):
        argv = [sys.executable, "-m", "debtplan", "--lang", lang, "export", "--help"]
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        shown[lang] = " ".join(done.stdout.split())
    assert (
        "--months N ICS: installments due up to N months from today, plus every overdue one "
        "(0: today's and the overdue) [default: 12]. [0<=x<=1200]"
    ) in shown["en"]
    # Chinese help wraps between characters: compare without the line breaks.
    assert "包含从今天起N个月内到期的各期还款，以及所有逾期未还的" in shown["zh"].replace(" ", "")


def test_ics_export_does_not_load_icalendar(loan_file, tmp_path):
    """The calendar is written without the icalendar package (the tests parse it with it)."""
    import subprocess
    import sys

    write_book(loan_file, HORIZON_BOOK)
    probe = (
        "import sys\n"
        "from debtplan.cli.app import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('icalendar')), file=sys.stderr)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "DEBTPLAN_FILE": str(loan_file),
           "DEBTPLAN_TODAY": "2026-11-28"}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe, "export", "-f", "ics"],
                          capture_output=True, env=env, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(b"BEGIN:VEVENT") == 17
    assert done.stderr.decode().strip().splitlines()[-1] == "[]"
