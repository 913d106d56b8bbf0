"""Bad input, everywhere: a hand-edited loan file with every kind of mistake in every place.

For each case, every command that reads the book (list, due, show, pay, add, check)
exits 1 with a message naming what is wrong and where (the loan or ``loans[N]`` and the
field, or the line) and how to fix it; prints no traceback and nothing on stdout; and
leaves the file byte for byte as it was. ``DEBTPLAN_DEBUG=1`` shows the traceback
instead. A bug (an exception no command expected) becomes one line and exit 70.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import typer.main
import typer.testing
from typer.testing import CliRunner

from debtplan.cli.app import app

D = Decimal
DEBTPLAN = Path(sys.executable).parent / "debtplan"

BOOK: dict[str, Any] = {
    "schema_version": 1,
    "settings": {"budget": {"CNY": D("3000.00")}, "lpr": "3%", "history": 10},
    "loans": [
        {
            "name": "car", "lender": "Bank", "currency": "CNY", "method": "annuity",
            "principal": D("10000.00"), "rate": "12%", "term": 12, "start": date(2026, 1, 15),
            "penalty_rate": "0.05%/day", "late_fee": D("30.00"), "note": "hi",
            "payments": [{"date": date(2026, 2, 15), "amount": D("888.49"), "note": "ok"}],
            "contacts": [{"at": datetime(2026, 11, 20, 22, 15), "channel": "call", "note": "x"}],
            "rate_changes": [{"from": date(2026, 6, 1), "rate": "10%"}],
        },
        {
            "name": "Visa", "currency": "USD", "method": "revolving", "balance": D("5000.00"),
            "rate": "24%", "start": date(2026, 1, 1), "min_payment": "1%+interest,35.00",
        },
        {
            "name": "phone", "currency": "CNY", "method": "flat", "principal": D("6000.00"),
            "rate": "0%", "fee_rate": "0.75%/month", "term": 12, "start": date(2026, 9, 5),
        },
    ],
}  # fmt: skip
GOOD = tomli_w.dumps(BOOK)

COMMANDS = [
    ["list"],
    ["due"],
    ["show", "car"],
    ["pay", "car", "1"],
    ["add", "new loan", "--principal", "100", "--rate", "1%", "--term", "2"],
    ["check"],
]
FIX_A_LOAN = "Fix the file by hand (or `debtplan undo`), then run `debtplan check`."
FIX_ALL = "Fix them in the file by hand, or run `debtplan undo` to go back to the previous version."


def edited(*path: Any, value: Any = None, delete: bool = False) -> bytes:
    """The good book with the value at ``path`` replaced (or deleted), as TOML bytes."""
    doc = copy.deepcopy(BOOK)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return tomli_w.dumps(doc).encode()


def written(old: str, new: str) -> bytes:
    """The good book with ``old`` replaced by ``new`` in its text (what tomli_w cannot write)."""
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new).encode()


def case(content: bytes, where: str, what: str, *, id: str) -> Any:  # noqa: A002
    return pytest.param(content, where, what, id=id)


def loan(field: str, value: Any, what: str, *, id: str, index: int = 0) -> Any:  # noqa: A002
    """A [[loans]] field of loan ``index`` set to ``value``: named ``<loan>: <field>``."""
    name = BOOK["loans"][index]["name"]
    return case(edited("loans", index, field, value=value), f"  {name}: {field}: ", what, id=id)


DELETE = object()


def payment(field: str | None, value: Any, what: str, *, id: str) -> Any:  # noqa: A002
    """The first payment of "car" with ``field`` set to ``value`` (None: the whole entry)."""
    path = ("loans", 0, "payments", 0) + ((field,) if field else ())
    content = edited(*path, delete=True) if value is DELETE else edited(*path, value=value)
    return case(content, "  car: payments[1]: ", what, id=id)


def contact(field: str, value: Any, what: str, *, id: str) -> Any:  # noqa: A002
    """The first collector contact logged on "car" with ``field`` set to ``value``."""
    path = ("loans", 0, "contacts", 0, field)
    content = edited(*path, delete=True) if value is DELETE else edited(*path, value=value)
    return case(content, "  car: contacts[1]: ", what, id=id)


def setting(keys: list[str], value: Any, what: str, *, id: str) -> Any:  # noqa: A002
    """The ``[settings]`` table with the value at ``keys`` replaced."""
    return case(edited("settings", *keys, value=value), f"  settings: {keys[0] if keys else '-'}: ",
                what, id=id)  # fmt: skip


NAN, INF, NEG_INF, HUGE = D("NaN"), D("Infinity"), D("-Infinity"), D("1e30")

CASES = [
    # --- negative -----------------------------------------------------------------------------
    loan("principal", D("-5.00"), "is negative", id="principal-negative"),
    loan("balance", D("-1.00"), "is negative", id="balance-negative", index=1),
    loan("rate", "-1%", "is negative", id="rate-negative"),
    loan("rate", -12, "is negative", id="rate-negative-number"),
    loan("term", -12, "is out of range; use a whole number from 1 to 1200", id="term-negative"),
    loan("due_day", -1, "out of range; use a whole number from 1 to 31", id="due-day-negative"),
    loan("grace_days", -3, "from 0 to 90", id="grace-days-negative"),
    loan("late_fee", D("-30.00"), "is negative", id="late-fee-negative"),
    loan("upfront_fee", -1, "is negative", id="upfront-fee-negative"),
    loan(
        "prepay_fee",
        "150%",
        "a prepayment fee percent must be at most 100%",
        id="prepay-fee-over-100",
    ),
    loan("prepay_fee", "lots", "'lots' is not an amount", id="prepay-fee-text"),
    loan("penalty_rate", "-0.05%/day", "is negative", id="penalty-rate-negative"),
    loan("min_payment", "-35", "is negative", id="min-payment-negative", index=1),
    loan("min_floor", -1, "is negative", id="min-floor-negative", index=1),
    loan("fee_rate", "-0.75%/month", "is negative", id="fee-rate-negative", index=2),
    # --- zero where it is not allowed ---------------------------------------------------------
    loan("principal", 0, "must be more than 0", id="principal-zero"),
    loan("term", 0, "use a whole number from 1 to 1200", id="term-zero"),
    loan("due_day", 0, "use a whole number from 1 to 31", id="due-day-zero"),
    loan("day_count", 0, "is not a day count; use 360 or 365", id="day-count-zero"),
    loan("min_payment", 0, "must be more than 0", id="min-payment-zero", index=1),
    payment("amount", D("0.00"), "must be more than 0", id="payment-zero"),
    # --- huge ---------------------------------------------------------------------------------
    loan("principal", HUGE, "is too large to be a real amount", id="principal-huge"),
    loan("principal", 10**30, "is too large to be a real amount", id="principal-huge-integer"),
    loan("balance", HUGE, "is too large", id="balance-huge", index=1),
    loan("rate", HUGE, "is over 1000% a year", id="rate-huge"),
    loan("term", 10**30, "use a whole number from 1 to 1200", id="term-huge"),
    loan("term", HUGE, "use a whole number from 1 to 1200", id="term-huge-float"),
    loan("due_day", 10**30, "from 1 to 31", id="due-day-huge"),
    loan("late_fee", HUGE, "is too large", id="late-fee-huge"),
    loan("penalty_rate", "1e30%/day", "is not a rate", id="penalty-rate-huge"),
    payment("amount", HUGE, "is too large", id="payment-huge"),
    setting(["budget", "CNY"], HUGE, "is too large", id="budget-huge"),
    # --- NaN and infinity (TOML's nan and inf) ------------------------------------------------
    loan("principal", NAN, "is not a finite amount", id="principal-nan"),
    loan("principal", INF, "is not a finite amount", id="principal-inf"),
    loan("principal", NEG_INF, "is not a finite amount", id="principal-minus-inf"),
    loan("rate", NAN, "is not a finite rate", id="rate-nan"),
    loan("rate", INF, "is not a finite rate", id="rate-inf"),
    loan("term", NAN, "expected a whole number, got nan", id="term-nan"),
    loan("term", INF, "expected a whole number, got inf", id="term-inf"),
    loan("late_fee", NAN, "is not a finite amount", id="late-fee-nan"),
    loan("penalty_markup", INF, "is not a finite rate", id="penalty-markup-inf"),
    loan("rate", "nan%", "is not a rate", id="rate-nan-text"),
    payment("amount", NAN, "is not a finite amount", id="payment-nan"),
    setting(["lpr"], NAN, "is not a finite rate", id="lpr-nan"),
    # --- the wrong type -----------------------------------------------------------------------
    loan("term", "twelve", "expected a whole number, got 'twelve'", id="term-string"),
    loan("term", D("12.5"), "expected a whole number, got 12.5", id="term-fraction"),
    loan(
        "rate",
        {"percent": 12},
        "expected a rate such as 12% or 0.05%/day, got {percent = 12}",
        id="rate-table",
    ),
    case(
        edited("loans", 0, "name", value=["car"]),
        "  loans[1]: name: ",
        'expected text, got ["car"]',
        id="name-array",
    ),
    loan("principal", True, "expected an amount such as 1234.50, got true", id="principal-bool"),
    loan("currency", date(2026, 1, 1), "expected text, got 2026-01-01", id="currency-date"),
    loan("method", 1, "expected text, got 1", id="method-number"),
    loan("start", 20260115, "20260115 is not a date; write it as YYYY-MM-DD", id="start-number"),
    loan("lender", False, "expected text, got false", id="lender-bool"),
    loan("account", 42, "expected text, got 42", id="account-number"),
    loan("note", ["a", "b"], "expected text", id="note-array"),
    loan("penalty_compound", "sometimes", "is not true or false", id="penalty-compound-word"),
    loan(
        "allocation",
        "principal",
        "must name each of fees, penalty, interest, principal",
        id="allocation-incomplete",
    ),
    loan(
        "payments",
        {"date": date(2026, 2, 15)},
        "expected a list of [[loans.payments]] tables",
        id="payments-not-a-list",
    ),
    case(
        edited("loans", value={"name": "car"}),
        "  loans: -: ",
        "expected [[loans]] tables",
        id="loans-not-an-array",
    ),
    case(
        edited("loans", 1, value="Visa"),
        "  loans[2]: -: ",
        "each [[loans]] entry must be a table of fields",
        id="loan-not-a-table",
    ),
    # --- impossible dates ---------------------------------------------------------------------
    loan(
        "start",
        "2026-02-30",
        "'2026-02-30' is not a date; write it as YYYY-MM-DD",
        id="start-february-30",
    ),
    loan("first_due", "2026-13-01", "is not a date", id="first-due-month-13"),
    loan("first_due", date(2025, 1, 1), "must come after the start date", id="first-due-early"),
    payment("date", "2026-02-30", "'2026-02-30' is not a date", id="payment-february-30"),
    contact("at", "2026-02-30T10:00", "is not a date and time", id="contact-february-30"),
    case(
        edited("loans", 0, "rate_changes", 0, "from", value="2026-02-29"),
        "  car: rate_changes[1]: ",
        "'2026-02-29' is not a date",
        id="rate-change-feb-29",
    ),
    # --- unknown method, unknown fields, missing fields ---------------------------------------
    loan("method", "magic", "'magic' is not one of: annuity, equal-principal", id="method-unknown"),
    loan(
        "frequency",
        "daily",
        "'daily' is not one of: monthly, biweekly, weekly",
        id="frequency-unknown",
    ),
    loan(
        "penalty_base",
        "everything",
        "'everything' is not one of: overdue, principal",
        id="penalty-base-unknown",
    ),
    loan("jurisdiction", "uk", "'uk' is not a jurisdiction; use cn or us", id="jurisdiction-uk"),
    loan(
        "lender_type",
        "friend",
        "'friend' is not one of: bank, card, consumer-finance, online, private",
        id="lender-type-friend",
    ),  # fmt: skip
    loan("colour", "red", "unknown field 'colour'; check its spelling", id="loan-field-unknown"),
    case(
        edited("loans", 0, "start", delete=True),
        "  car: start: ",
        "this field is required",
        id="start-missing",
    ),
    case(
        edited("loans", 0, "name", delete=True),
        "  loans[1]: name: ",
        "this field is required",
        id="name-missing",
    ),
    case(
        edited("colour", value="red"),
        "  -: colour: ",
        "unknown field 'colour'",
        id="top-level-unknown",
    ),
    # --- duplicate names ----------------------------------------------------------------------
    case(
        edited("loans", 1, "name", value="CAR"),
        "  CAR: name: ",
        "the name is already used by 'car'; names must differ (ignoring case)",
        id="duplicate-name-case",
    ),
    case(
        tomli_w.dumps(
            {
                **BOOK,
                "loans": [
                    {**BOOK["loans"][0], "name": "Straße"},
                    {**BOOK["loans"][2], "name": "STRASSE"},
                ],
            }
        ).encode(),
        "  STRASSE: name: ",
        "the name is already used by 'Straße'",
        id="duplicate-name-strasse",
    ),
    case(
        tomli_w.dumps(
            {
                **BOOK,
                "loans": [
                    {**BOOK["loans"][0], "name": "Café"},
                    {**BOOK["loans"][2], "name": "cafe\u0301"},
                ],
            }
        ).encode(),
        "  cafe\u0301: name: ",
        "the name is already used by 'Café'",
        id="duplicate-name-decomposed",
    ),
    # --- payments, contacts and settings with bad fields --------------------------------------
    payment("amount", D("-1.00"), "is negative", id="payment-negative"),
    payment("amount", "lots", "'lots' is not an amount", id="payment-amount-text"),
    payment("amount", True, "got true", id="payment-amount-bool"),
    payment("amount", D("1.005"), "has more than two decimals", id="payment-fraction-of-a-cent"),
    payment("date", 15, "15 is not a date", id="payment-date-number"),
    payment("note", {"a": 1}, "expected text, got {a = 1}", id="payment-note-table"),
    payment(
        "prepay",
        "sideways",
        "'sideways' is not one of: shorten, reduce",
        id="payment-prepay-unknown",
    ),
    payment(
        "amout", D("5.00"), "unknown field 'amout'; check its spelling", id="payment-field-misspelt"
    ),
    payment("amount", DELETE, "a payment needs a date and an amount", id="payment-amount-missing"),
    payment(None, "888.49", "expected a table of fields", id="payment-not-a-table"),
    contact(
        "at",
        "last night",
        "'last night' is not a date and time; write it like 2026-11-20T22:15",
        id="contact-at-text",
    ),
    contact("at", date(2026, 11, 20), "2026-11-20 is not a date and time", id="contact-at-date"),
    contact(
        "channel",
        "pigeon",
        "'pigeon' is not one of: call, sms, visit, social, third-party",
        id="contact-channel-unknown",
    ),
    contact("channel", 7, "expected text, got 7", id="contact-channel-number"),
    contact("who", "Mr X", "unknown field 'who'", id="contact-field-unknown"),
    contact(
        "channel", DELETE, "a contact needs a time (at) and a channel", id="contact-channel-missing"
    ),
    setting(
        ["budget"],
        "3000",
        "write the budget per currency, like budget = {CNY = 3000}",
        id="budget-not-a-table",
    ),
    setting(["budget", "CNY"], D("-1.00"), "is negative", id="budget-negative"),
    setting(["budget"], {"XX": 5}, "'XX' is not a currency code", id="budget-currency-unknown"),
    setting(["lpr"], "low", "'low' is not a rate", id="lpr-text"),
    setting(["history"], -1, "from 0 to 1000", id="history-negative"),
    setting(["remind_days"], 10**30, "from 0 to 60", id="remind-days-huge"),
    setting(["colour"], "red", "unknown field 'colour'", id="settings-field-unknown"),
    setting([], 5, "expected a table of fields", id="settings-not-a-table"),
    # --- the file itself: bytes, TOML, versions, nesting --------------------------------------
    case(b"", "is empty (0 bytes, no text)", "Run `debtplan undo`", id="empty-file"),
    case(
        b"\x00" * 4096,
        "is empty (4096 bytes, no text)",
        "cut short by a crash",
        id="zero-filled-file",
    ),
    case(
        written('lender = "Bank"', 'lender = "Bank caf\xe9"').replace("café".encode(), b"caf\xe9"),
        "line 12, column 19: byte 0xe9",
        "is not UTF-8 text; save the file as UTF-8",
        id="latin-1-byte",
    ),
    case(
        written('lender = "Bank"', 'lender = "招商银行"').replace(
            "招商银行".encode(), "招商银行".encode("gbk")
        ),
        "line 12, column 11: byte 0xd5",
        "is not UTF-8 text",
        id="gbk-encoded-file",
    ),
    case(
        written('name = "car"', 'name = "car'),
        "line 11, column 12",
        "this is not valid TOML",
        id="toml-unterminated-string",
    ),
    case(
        written("term = 12\nstart = 2026-01", "term = 12 months\nstart = 2026-01"),
        "line 17, column 11",
        "this is not valid TOML",
        id="toml-junk-after-value",
    ),
    case(
        written("schema_version = 1", "schema_version = 99"),
        "was written by a newer debtplan (schema 99",
        "upgrade debtplan",
        id="schema-newer",
    ),
    case(
        written("schema_version = 1", 'schema_version = "1"'),
        "schema_version must be a whole number",
        "debtplan undo",
        id="schema-text",
    ),
    case(
        b"loans = " + b"[" * 3000 + b"]" * 3000 + b"\n",
        "levels deep",
        "Correct the file by hand",
        id="nested-3000-deep",
    ),
]
CASE_IDS = [param.id for param in CASES]


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    # Typer rebuilds the click command on every invoke; build it once for all the cases.
    command = typer.main.get_command(app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: command)
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(app, list(args), env=env, catch_exceptions=True)

    return run


def test_the_good_book_is_good(invoke: Callable[..., Any], loan_file: Path) -> None:
    # Every case below is this book with one mistake: without it, every command works.
    loan_file.write_text(GOOD, encoding="utf-8")
    for args in COMMANDS:
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.stderr)
        loan_file.write_text(GOOD, encoding="utf-8")


def test_the_cases_are_distinct_and_cover_every_loan_field() -> None:
    from debtplan.core.from_document import LOAN_FIELDS

    assert len(set(CASE_IDS)) == len(CASE_IDS)
    contents = [param.values[0] for param in CASES]
    assert len(set(contents)) == len(contents), "two cases hold the same file"
    tested = {param.values[1].split(": ")[1] for param in CASES if param.values[1].count(": ") >= 2}
    untested = {spec.key for spec in LOAN_FIELDS} - tested
    assert not untested, f"no bad-value case for {sorted(untested)}"


def test_nan_and_inf_are_written_as_toml_writes_them() -> None:
    content = {param.id: param.values[0] for param in CASES}
    assert b"\nprincipal = nan\n" in content["principal-nan"]
    assert b"\nprincipal = inf\n" in content["principal-inf"]
    assert b"\nprincipal = -inf\n" in content["principal-minus-inf"]
    assert b"amount = nan" in content["payment-nan"]
    assert b"\nlpr = nan\n" in content["lpr-nan"]


@pytest.mark.parametrize(("content", "where", "what"), CASES)
def test_every_reading_command_refuses_the_file_and_changes_nothing(
    invoke: Callable[..., Any], loan_file: Path, content: bytes, where: str, what: str
) -> None:
    loan_file.write_bytes(content)
    for args in COMMANDS:
        result = invoke(*args)
        shown = f"debtplan {' '.join(args)}:\n{result.stderr}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{shown}\nraised {result.exception!r}"
        )
        assert result.exit_code == 1, shown
        assert "Traceback" not in result.stderr, shown
        assert result.stdout == "", shown
        assert where in result.stderr, shown
        assert what in result.stderr, shown
        if where.startswith("  "):  # a problem inside the book: the fix is said once
            assert (FIX_ALL if args == ["check"] else FIX_A_LOAN) in result.stderr, shown
        else:  # the file itself: what to do is part of the message
            assert any(
                fix in result.stderr for fix in ("debtplan undo", "--file", "upgrade debtplan")
            ), shown
        assert loan_file.read_bytes() == content, f"{shown}\nchanged the file"


@pytest.mark.parametrize(
    ("content", "loan", "field"),
    [
        (edited("loans", 0, "term", value=0), "car", "term"),
        (edited("loans", 0, "name", value=["car"]), "loans[1]", "name"),
        (edited("loans", 0, "payments", 0, "amount", value=NAN), "car", "payments[1]"),
        (edited("settings", "lpr", value="low"), "settings", "lpr"),
    ],
)
def test_check_json_lists_the_loan_and_field(
    invoke: Callable[..., Any], loan_file: Path, content: bytes, loan: str, field: str
) -> None:
    import json

    loan_file.write_bytes(content)
    result = invoke("check", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert [(p["loan"], p["field"]) for p in report["problems"]] == [(loan, field)]
    assert loan_file.read_bytes() == content


def test_every_problem_in_the_file_is_listed_at_once(
    invoke: Callable[..., Any], loan_file: Path
) -> None:
    doc = copy.deepcopy(BOOK)
    doc["loans"][0]["term"] = 0
    doc["loans"][1]["rate"] = NAN
    doc["loans"][2]["name"] = "CAR"
    doc["settings"]["history"] = "many"
    loan_file.write_text(tomli_w.dumps(doc), encoding="utf-8")
    result = invoke("list")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: the loan file has 4 problem(s)"
    assert [line.split(": ")[:2] for line in lines[1:5]] == [
        ["  car", "term"], ["  Visa", "rate"], ["  CAR", "name"], ["  settings", "history"],
    ]  # fmt: skip
    assert lines[5] == FIX_A_LOAN


def test_a_folder_where_the_file_should_be(invoke: Callable[..., Any], loan_file: Path) -> None:
    loan_file.mkdir()
    (loan_file / "keep.txt").write_text("mine", encoding="utf-8")
    for args in COMMANDS:
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.stderr)
        assert result.stderr == (
            f"Error: {loan_file} is a folder, not a loan file; move the folder away, or choose "
            "another loan file with --file or DEBTPLAN_FILE\n"
        ), args
    assert [p.name for p in loan_file.iterdir()] == ["keep.txt"]
    assert (loan_file / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_file_inside_a_file(invoke: Callable[..., Any], tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    inside = blocker / "loans.toml"
    for args in COMMANDS:
        result = invoke("--file", str(inside), *args)
        assert result.exit_code == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert str(inside) in result.stderr and "--file" in result.stderr, (args, result.stderr)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# --- no permission (as root, in a child process running as nobody) ----------------------------


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    # tmp_path lives in a 0700 folder another user cannot even enter; this one is 0755.
    folder = Path(tempfile.mkdtemp(prefix="debtplan-perm-"))
    folder.chmod(0o755)
    yield folder
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() else path.rmdir()
    folder.rmdir()


def _as_nobody(args: list[str], path: Path) -> tuple[int, str]:
    """Run ``debtplan --file PATH args`` in a forked child without root's rights (as
    tests/test_store.py does); its exit code and stderr. Not root: run as we are."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        outcome = "99\n"
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            result = CliRunner().invoke(app, ["--file", str(path), *args])
            crashed = not isinstance(result.exception, SystemExit | None)
            outcome = f"{99 if crashed else result.exit_code}\n{result.stderr}"
        finally:
            os.write(write_end, outcome.encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        code, _, stderr = pipe.read().decode().partition("\n")
    os.waitpid(pid, 0)
    return int(code), stderr


def test_no_permission_to_read_or_save(shared_folder: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to drop to another user")
    # Python itself may be installed where nobody can read: import what the commands
    # import lazily before the children drop root's rights.
    warm_up = tmp_path / "warm-up.toml"
    for args in COMMANDS:
        warm_up.write_text(GOOD, encoding="utf-8")
        assert CliRunner().invoke(app, ["--file", str(warm_up), *args]).exit_code == 0
    loans = shared_folder / "loans.toml"
    loans.write_text(GOOD, encoding="utf-8")
    loans.chmod(0o600)  # nobody may not read it
    for args in COMMANDS:
        code, stderr = _as_nobody(args, loans)
        assert code == 1, (args, stderr)
        assert "Traceback" not in stderr
        if args[0] in ("pay", "add"):  # a save needs the folder too (lock, temp file)
            assert stderr.startswith(f"Error: no permission to save {loans}"), (args, stderr)
            assert "Nothing was changed" in stderr
        else:
            assert stderr.startswith(f"Error: no permission to read {loans}; check its owner and "
                                     "mode (ls -l)"), (args, stderr)  # fmt: skip
    loans.chmod(0o644)  # readable now, but the folder is not writable for nobody
    for args in (
        ["pay", "car", "1"],
        ["add", "x", "--principal", "1", "--rate", "0", "--term", "1"],
    ):
        code, stderr = _as_nobody(args, loans)
        assert code == 1, (args, stderr)
        assert stderr.startswith(f"Error: no permission to save {loans}"), stderr
        assert "check the owner and mode of the file and its folder (ls -ld)" in stderr
    assert loans.read_text(encoding="utf-8") == GOOD
    assert sorted(p.name for p in shared_folder.iterdir()) == ["loans.toml"]


# --- DEBTPLAN_DEBUG, and bugs -----------------------------------------------------------------


@pytest.mark.skipif(not DEBTPLAN.exists(), reason="debtplan is not installed")
def test_debug_shows_the_traceback_and_still_changes_nothing(tmp_path: Path) -> None:
    loans = tmp_path / "loans.toml"
    content = edited("loans", 0, "term", value=0)
    loans.write_bytes(content)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DEBTPLAN_FILE": str(loans)}
    quiet = subprocess.run([str(DEBTPLAN), "pay", "car", "1"], env=env, capture_output=True,
                           text=True, timeout=60)  # fmt: skip
    debug = subprocess.run([str(DEBTPLAN), "pay", "car", "1"], env={**env, "DEBTPLAN_DEBUG": "1"},
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    assert quiet.stderr.startswith("Error: the loan file has 1 problem(s)\n  car: term: 0 is out")
    assert debug.returncode == 1
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert "debtplan.core.model.BookError: the loan file has 1 problem(s)" in debug.stderr
    assert loans.read_bytes() == content


@pytest.fixture
def bug(monkeypatch: pytest.MonkeyPatch, cli: Any) -> Callable[[BaseException], None]:
    """Make `debtplan list` hit ``error`` where the ledger is computed, as a bug would."""
    result = cli("add", "car", "--principal", "1000", "--rate", "12%", "--term", "12")
    assert result.exit_code == 0

    def plant(error: BaseException) -> None:
        def broken(*args: object, **kwargs: object) -> None:
            raise error

        monkeypatch.setattr("debtplan.usecases.standing.position", broken)
        monkeypatch.setattr(sys, "argv", ["debtplan", "list"])

    return plant


def test_a_bug_is_one_line_asking_for_a_report_and_exit_70(
    bug: Callable[[BaseException], None], capsys: pytest.CaptureFixture[str], loan_file: Path
) -> None:
    from debtplan.cli.app import run

    before = loan_file.read_bytes()
    bug(ZeroDivisionError("division by zero"))
    with pytest.raises(SystemExit) as exited:
        run()
    assert exited.value.code == 70
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "debtplan: internal error: ZeroDivisionError: division by zero; please report it, "
        "with DEBTPLAN_DEBUG=1 for details\n"
    )
    assert loan_file.read_bytes() == before


def test_a_bug_message_shows_control_characters_literally(
    bug: Callable[[BaseException], None], capsys: pytest.CaptureFixture[str]
) -> None:
    from debtplan.cli.app import run

    bug(KeyError("\x1b[31mred"))
    with pytest.raises(SystemExit) as exited:
        run()
    assert exited.value.code == 70
    assert "KeyError: '\\x1b[31mred'; please report it" in capsys.readouterr().err


def test_a_bug_under_debtplan_debug_raises_with_its_traceback(
    bug: Callable[[BaseException], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    from debtplan.cli.app import run

    monkeypatch.setenv("DEBTPLAN_DEBUG", "1")
    bug(ZeroDivisionError("division by zero"))
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        run()


def test_ctrl_c_exits_130_without_a_word(
    bug: Callable[[BaseException], None], capsys: pytest.CaptureFixture[str]
) -> None:
    from debtplan.cli.app import run

    bug(KeyboardInterrupt())
    with pytest.raises(SystemExit) as exited:
        run()
    assert exited.value.code == 130
    assert capsys.readouterr() == ("", "")


def test_the_zh_interface_reports_bugs_in_chinese(
    bug: Callable[[BaseException], None], capsys: pytest.CaptureFixture[str]
) -> None:
    from debtplan.cli.app import run

    bug(ZeroDivisionError("division by zero"))
    sys.argv = ["debtplan", "--lang", "zh", "list"]
    with pytest.raises(SystemExit) as exited:
        run()
    assert exited.value.code == 70
    assert capsys.readouterr().err.startswith(
        "debtplan：内部错误：ZeroDivisionError：division by zero"
    )
