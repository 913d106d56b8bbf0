"""The cron command's fast path and its cache give exactly what the full Typer path gives.

The console script answers the plain forms of `debtplan due` without Typer
(debtplan.cli.cron), from a cache of each loan's ledger after its last payment. Both
are checked against the full path: the same stdout, stderr and exit code for a matrix
of command lines, and the same items for random books and dates with and without the
cache.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.cli import cron
from debtplan.core.model import load_book
from debtplan.store import SCHEMA_VERSION, read_document, write_document

DEBTPLAN = Path(sys.executable).parent / "debtplan"
# The full path in a subprocess, under the console script's name (usage lines show it).
TYPER_ONLY = "import sys; sys.argv[0] = 'debtplan'; from debtplan.cli.app import run; run()"


@pytest.fixture
def book(tmp_path: Path, cli: Any, add_loan: Callable[..., None]) -> Path:
    """Three loans: one overdue with penalty and a late fee, one due soon, one card."""
    add_loan("car", "--principal", "10000", "--rate", "12%", "--term", "12", "--start",
             "2026-06-15", "--penalty-rate", "0.05%/day", "--late-fee", "30",
             "--grace-days", "3", "--currency", "CNY")  # fmt: skip
    for day in ("2026-07-15", "2026-08-15", "2026-09-20"):
        assert cli("pay", "car", "888.49", "--date", day).exit_code == 0
    add_loan("手机 phone", "--method", "flat", "--principal", "6000", "--rate", "0%",
             "--fee-rate", "0.75%/month", "--term", "12", "--start", "2026-09-30",
             "--currency", "CNY")  # fmt: skip
    add_loan("Visa", "--method", "revolving", "--balance", "5000", "--rate", "24%",
             "--start", "2026-10-05", "--min-payment", "5%,35", "--currency", "USD")  # fmt: skip
    return tmp_path / "loans.toml"


FAST = [
    ["due"],
    ["due", "--json"],
    ["due", "--exit-code"],
    ["due", "--within", "30"],
    ["due", "--within=0", "--json"],
    ["due", "--json", "--exit-code", "--within", "400"],
    ["--today", "2026-12-20", "due"],
    ["--today=2027-01-01", "due", "--exit-code"],
    ["--today", "2026-08-01", "due", "--json"],  # before the last payment: no snapshot
    ["--lang", "zh", "due", "--within", "45"],
    ["--lang=zh", "due", "--json"],
    ["--lang", "en", "--today", "2026-10-01", "due", "--exit-code", "--within", "3660"],
]
TYPER = [
    ["due", "--within", "-1"],
    ["due", "--within", "3661"],
    ["due", "--within", "x"],
    ["due", "--within", "٣"],
    ["due", "--within"],
    ["due", "--help"],
    ["due", "--bogus"],
    ["due", "extra"],
    ["due", "--json", "--json"],
    ["--lang", "fr", "due"],
    ["--today", "2026-13-01", "due"],
    ["--today", "", "due"],
    ["due", "--file", "x.toml"],
    ["list"],
    [],
]


def run(command: list[str], args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=env,
                          timeout=60)  # fmt: skip
    return done.stdout, done.stderr, done.returncode


def environment(loan_file: Path, **more: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DEBTPLAN_FILE": str(loan_file),
            "DEBTPLAN_TODAY": "2026-11-28", "NO_COLOR": "1", "COLUMNS": "200",
            "HOME": str(loan_file.parent), **more}  # fmt: skip


@pytest.mark.parametrize("args", FAST + TYPER, ids=" ".join)
def test_console_script_prints_what_typer_prints(
    book: Path, cli: Any, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    env = environment(book)
    expected = run([sys.executable, "-c", TYPER_ONLY], args, env)
    assert run([str(DEBTPLAN)], args, env) == expected  # cache written on the first run
    assert run([str(DEBTPLAN)], args, env) == expected  # and read on the second
    code = cron.run_due(args, env)  # in-process: the fast path answers, or leaves it to Typer
    printed = capsys.readouterr()
    if args in FAST:
        assert (printed.out, printed.err, code) == expected
        result = cli(*args)  # the in-process Typer app, as tests and library users call it
        assert (result.stdout, result.stderr, result.exit_code) == expected
    else:
        assert (printed.out, printed.err, code) == ("", "", None)


def test_the_matrix_sees_real_answers(book: Path) -> None:
    env = environment(book)
    stdout, stderr, code = run([str(DEBTPLAN)], ["due", "--exit-code"], env)
    assert (code, stderr) == (3, "")
    # car: 888.49 a month; the third payment came 5 days late (grace 3): 30.00 fee and
    # 2.22 penalty went first, 32.22 stays owed and accrues 0.05 %/day (1.11 over 69 days).
    # Installments 4 and 5: 888.49 + 30.00 + 888.49 x 0.0005 x 44 (19.55) or x 13 (5.78).
    # phone: 6,000 / 12 + 0.75 % of 6,000 = 545.00. Visa: 5 % of 5,000 + 2 % interest.
    assert stdout == (
        "Due within 7 days, as of 2026-11-28:\n"
        "Due date    Loan        Amount       When            Status\n"
        "2026-09-15  car          33.33  CNY  74 day(s) late  OVERDUE\n"
        "2026-10-15  car         938.04  CNY  44 day(s) late  OVERDUE\n"
        "2026-10-30  手机 phone  545.00  CNY  29 day(s) late  OVERDUE\n"
        "2026-11-05  Visa        255.00  USD  23 day(s) late  OVERDUE\n"
        "2026-11-15  car         924.27  CNY  13 day(s) late  OVERDUE\n"
        "2026-11-30  手机 phone  545.00  CNY  in 2 day(s)     upcoming\n"
        "2026-12-05  Visa        247.10  USD  in 7 day(s)     upcoming\n"
    )
    stdout, _, code = run([str(DEBTPLAN)], ["--today", "2026-08-01", "due", "--exit-code"], env)
    assert code == 0 and stdout == ""


@pytest.mark.parametrize("variable", ["DEBTPLAN_TODAY", "DEBTPLAN_LANG", "DEBTPLAN_FILE"])
def test_environment_variables_as_typer_reads_them(book: Path, variable: str) -> None:
    values = {"DEBTPLAN_TODAY": "2026-12-16", "DEBTPLAN_LANG": "zh", "DEBTPLAN_FILE": str(book)}
    for value in (values[variable], ""):
        env = {**environment(book), variable: value}
        expected = run([sys.executable, "-c", TYPER_ONLY], ["due"], env)
        assert run([str(DEBTPLAN)], ["due"], env) == expected
        assert (cron.parse_due(["due"], env) is None) == (value == "")


def test_problems_in_the_file_read_as_typer_says_them(tmp_path: Path) -> None:
    loans = tmp_path / "loans.toml"
    for content in ("schema_version = 1\n[[loans]]\nname = 3\n", "not toml = = 1\n", ""):
        loans.write_text(content, encoding="utf-8")
        env = environment(loans)
        expected = run([sys.executable, "-c", TYPER_ONLY], ["due", "--json"], env)
        assert expected[2] == 1 and expected[1].startswith("Error: ")
        assert run([str(DEBTPLAN)], ["due", "--json"], env) == expected
        assert not (tmp_path / "loans.toml.cache").exists()  # never written on an error
        assert loans.read_text(encoding="utf-8") == content


def test_no_file_is_an_empty_book(tmp_path: Path) -> None:
    env = environment(tmp_path / "none.toml")
    assert run([str(DEBTPLAN)], ["due", "--json"], env) == run(
        [sys.executable, "-c", TYPER_ONLY], ["due", "--json"], env
    )
    assert list(tmp_path.iterdir()) == []


# --- the cache -------------------------------------------------------------------------


def test_cache_is_private_keyed_by_the_bytes_and_never_required(book: Path, cli: Any) -> None:
    before = book.read_bytes()
    Path(f"{book}.cache").unlink()  # the one the fixture's last save left
    today, later = date(2026, 11, 28), date(2027, 2, 1)
    reference = cron.cached_due_items(book, today, 30, use_cache=False)
    assert not Path(f"{book}.cache").exists()
    assert cron.cached_due_items(book, today, 30) == reference  # written
    cache = Path(f"{book}.cache")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert cron.cached_due_items(book, today, 30) == reference  # read
    assert cron.cached_due_items(book, later, 30) == cron.cached_due_items(
        book, later, 30, use_cache=False
    )
    assert book.read_bytes() == before
    # A payment changes the file: the old cache is stale, the answer follows the file.
    assert cli("pay", "car", "2000", "--date", "2026-11-28").exit_code == 0
    paid = cron.cached_due_items(book, today, 30)
    assert paid == cron.cached_due_items(book, today, 30, use_cache=False) != reference
    assert [item["loan"] for item in paid].count("car") < [
        item["loan"] for item in reference
    ].count("car")
    # Garbage, a truncated cache, or one from another file: ignored and rewritten.
    for junk in (b"", b"\x00" * 10, cache.read_bytes()[:100], b"garbage"):
        cache.write_bytes(junk)
        assert cron.cached_due_items(book, today, 30) == paid
        assert cache.read_bytes() not in (b"", junk)


def test_cache_key_changes_with_every_byte_and_the_code() -> None:
    key = cron._cache_key(b"schema_version = 1\n")
    assert cron._cache_key(b"schema_version = 1\n") == key
    assert cron._cache_key(b"schema_version = 1 \n") != key
    assert f"|{cron.CACHE_FORMAT}|" in f"|{key}" and "0.1.0" in key


def test_an_unwritable_folder_means_no_cache(book: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    book.parent.chmod(0o500)
    try:
        assert cron.cached_due_items(book, date(2026, 11, 28), 7)
        assert not Path(f"{book}.cache").exists()
    finally:
        book.parent.chmod(0o700)


AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("3000"), places=2)


@st.composite
def books(draw: st.DrawFn) -> dict[str, Any]:
    loans = []
    for number in range(draw(st.integers(1, 4))):
        method = draw(st.sampled_from(["annuity", "equal-principal", "interest-only", "flat",
                                       "lump-sum", "revolving"]))  # fmt: skip
        start = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 500)))
        loan: dict[str, Any] = {
            "name": f"loan {number}", "currency": draw(st.sampled_from(["CNY", "USD"])),
            "method": method, "rate": draw(st.sampled_from(["0%", "12%", "24%", "1%/month"])),
            "start": start, "grace_days": draw(st.integers(0, 5)),
            "late_fee": draw(st.sampled_from([Decimal("0.0"), Decimal("30.00")])),
        }  # fmt: skip
        if method == "revolving":
            loan["balance"] = draw(AMOUNTS) + 100
            loan["min_payment"] = "5%,35"
        else:
            loan["principal"] = draw(AMOUNTS) * 5 + 100
            loan["term"] = draw(st.integers(1, 24))
        if method == "flat":
            loan["fee_rate"] = "0.75%/month"
        penalty = draw(st.sampled_from([None, "rate", "markup", "compound"]))
        if penalty == "rate":
            loan["penalty_rate"] = "0.05%/day"
        elif penalty:
            loan["penalty_markup"] = "50%"
            loan["penalty_compound"] = penalty == "compound"
        payments = draw(st.lists(st.tuples(st.integers(0, 800), AMOUNTS,
                                           st.sampled_from(["shorten", "reduce"])),
                                 max_size=12))  # fmt: skip
        loan["payments"] = [
            {"date": start + timedelta(days=days), "amount": amount, "prepay": prepay}
            for days, amount, prepay in payments
        ]
        loans.append(loan)
    return {"schema_version": SCHEMA_VERSION, "loans": loans}


@settings(max_examples=80, deadline=None)
@given(books(), st.integers(0, 1000), st.integers(0, 120), st.booleans())
def test_cache_never_changes_an_answer(
    doc: dict[str, Any], offset: int, within: int, after_last_payment: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "loans.toml"
        write_document(path, doc)
        try:
            loans = load_book(read_document(path)).loans
        except Exception:  # noqa: BLE001 - a generated book the validation refuses
            return
        today = date(2025, 1, 1) + timedelta(days=offset)
        if after_last_payment:  # the cron case: the snapshot answers
            paid = [p.on for loan in loans for p in loan.payments]
            today = max(paid, default=today) + timedelta(days=offset % 90)
        try:
            expected = cron.due_items(loans, today, within)
        except Exception as error:  # noqa: BLE001 - e.g. a schedule that cannot be made
            with pytest.raises(type(error)):
                cron.cached_due_items(path, today, within)
            return
        for _ in range(2):  # computed and written, then read from the cache
            try:
                got = cron.cached_due_items(path, today, within)
            except Exception:  # noqa: BLE001 - a later payment the ledger cannot take:
                break  # the console script falls back to Typer, which says so
            assert got == expected
        assert cron.cached_due_items(path, today, within, use_cache=False) == expected


# --- the validated book and list, from the same cache ------------------------------------


@settings(max_examples=40, deadline=None)
@given(books(), st.integers(0, 1000), st.booleans())
def test_cached_book_and_list_are_what_the_file_gives(
    doc: dict[str, Any], offset: int, after_last_payment: bool
) -> None:
    from typer.testing import CliRunner

    from debtplan.cli.app import app

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "loans.toml"
        write_document(path, doc)
        try:
            expected = load_book(read_document(path))
        except Exception:  # noqa: BLE001 - a generated book the validation refuses
            assert cron.cached_book(path) is None
            assert not Path(f"{path}.cache").exists()
            return
        assert cron.cached_book(path) == expected  # parsed, validated, cached
        assert cron.cache_is_fresh(path)
        assert cron.cached_book(path) == expected  # from the cache
        today = date(2025, 1, 1) + timedelta(days=offset)
        if after_last_payment:
            paid = [p.on for loan in expected.loans for p in loan.payments]
            today = max(paid, default=today) + timedelta(days=offset % 90)
        env = {"DEBTPLAN_FILE": str(path), "DEBTPLAN_TODAY": today.isoformat()}
        runner = CliRunner()
        full = runner.invoke(app, ["list", "--json"], env={**env, "DEBTPLAN_CACHE": "0"})
        for _ in range(2):  # snapshots computed and cached, then read
            cached = runner.invoke(app, ["list", "--json"], env=env)
            assert (cached.stdout, cached.exit_code) == (full.stdout, full.exit_code)


def test_check_trusts_only_a_cache_of_the_same_bytes(book: Path, cli: Any) -> None:
    assert cli("list").exit_code == 0  # caches the book
    assert cron.cache_is_fresh(book)
    result = cli("check")
    assert (result.exit_code, result.stdout) == (0, f"{book}: no problems.\n")
    book.write_text(book.read_text(encoding="utf-8").replace("term = 12", "term = 0", 1),
                    encoding="utf-8")  # fmt: skip
    assert not cron.cache_is_fresh(book)
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1].startswith("  car: term: 0 is out")
    assert cli("list").exit_code == 1  # and the broken book is never cached
    assert not cron.cache_is_fresh(book)


def test_the_cache_loads_nothing_but_debtplan_decimal_and_dates(book: Path, cli: Any) -> None:
    import marshal
    import pickle

    assert cli("list").exit_code == 0
    cache = Path(f"{book}.cache")
    magic, key, entries, _book, digests, lent = marshal.loads(cache.read_bytes())

    class Planted:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.remove, (str(book),))

    cache.write_bytes(marshal.dumps((magic, key, entries, pickle.dumps(Planted()), digests, lent)))
    expected = load_book(read_document(book))
    assert cron.cached_book(book) == expected  # the planted pickle refused, the book reread
    assert book.exists()
    assert cron.cached_book(book) == expected
    # A dotted name inside an allowed module is refused too: unrestricted, this blob would
    # call os.remove(book) through debtplan.store's import of os.
    dotted = (b"\x80\x04cdebtplan.store\nos.remove\n" + pickle.dumps(str(book))[2:-1]
              + b"\x85R.")  # fmt: skip
    cache.write_bytes(marshal.dumps((magic, key, entries, dotted, digests, lent)))
    assert cron.cached_book(book) == expected
    assert book.exists()


# --- the cache a save leaves behind ------------------------------------------------------


def assert_cache_is_the_file(path: Path, *, with_snapshots: bool) -> None:
    """The cache holds exactly what reading ``path`` gives: the same book down to each
    Decimal's digits and each value's type (equal reprs: ``==`` alone would take 1.5 for
    1.50) and, when it holds them, the same ledger snapshots. (Not the pickles byte for
    byte: an untouched loan unpickled from the old cache shares fewer objects, such as
    Decimal("0"), with the others than a fresh read does; the values are the same.)"""
    from debtplan.core.ledger import snapshot

    cache = cron._Cache(path)
    assert cache.book_bytes is not None, "the save left no cache for the file's bytes"
    fresh = load_book(read_document(path))
    cached = cron._book_from_bytes(cache.book_bytes)
    assert repr(cached) == repr(fresh) and cached == fresh
    if with_snapshots:
        assert cache.entries is not None
        expected = [(loan.name, loan.currency, snapshot(loan)) for loan in fresh.loans]
        assert cron._entries_to_plain(cache.entries) == cron._entries_to_plain(expected)


EDITS = [
    ["pay", "loan 0", "12.5", "--date", "2026-01-15"],
    ["pay", "loan 1", "100", "--date", "2026-02-01", "--prepay", "reduce"],
    ["unpay", "loan 0", "--date", "2026-01-15"],
    ["edit", "loan 0", "--note", "bank called [red]"],
    ["edit", "loan 1", "--late-fee", "45", "--penalty-rate", "0.06%/day"],
    ["add", "new one", "--principal", "5000", "--rate", "18%", "--term", "6",
     "--start", "2026-03-01"],
    ["remove", "loan 1", "--yes"],
    ["contact", "loan 0", "--at", "2026-11-20T22:15", "--note", "at night"],
    ["plan", "--budget", "CNY=9000", "--budget", "USD=9000", "--save-budget"],
    ["edit", "loan 0", "--name", "LOAN 0"],
]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(books(), st.lists(st.sampled_from(EDITS), min_size=1, max_size=4), st.booleans())
def test_every_save_leaves_the_cache_of_what_it_wrote(
    doc: dict[str, Any], edits: list[list[str]], warm_first: bool
) -> None:
    """A save caches the book it wrote, so the next command reads a big book warm. The
    file as generated is not in debtplan's own layout (``late_fee = 0.0``, keys in
    another order), so the first save rewrites loans the command did not touch."""
    from typer.testing import CliRunner

    from debtplan.cli.app import app

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "loans.toml"
        write_document(path, doc)
        try:
            load_book(read_document(path))
        except Exception:  # noqa: BLE001 - a generated book the validation refuses
            return
        env = {"DEBTPLAN_FILE": str(path), "DEBTPLAN_TODAY": "2026-11-28", "DEBTPLAN_HISTORY": "0"}
        runner = CliRunner()
        if warm_first:  # the old bytes' snapshots cached: a save carries them over
            assert runner.invoke(app, ["list"], env=env).exit_code in (0, 1)
        for args in edits:
            before = path.read_bytes()
            result = runner.invoke(app, args, env=env)
            if path.read_bytes() == before:
                continue  # refused, or nothing changed: the cache is whatever it was
            # Saved (a plan saves its budget even when the budget then falls short).
            assert result.exit_code in (0, 1), result.output
            assert_cache_is_the_file(path, with_snapshots=warm_first)


def test_a_save_with_the_cache_off_leaves_none(
    book: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path(f"{book}.cache").unlink(missing_ok=True)
    monkeypatch.setenv("DEBTPLAN_CACHE", "0")
    assert cli("pay", "car", "100", "--date", "2026-11-28").exit_code == 0
    assert not Path(f"{book}.cache").exists()
    monkeypatch.delenv("DEBTPLAN_CACHE")
    assert cli("pay", "car", "100", "--date", "2026-11-28").exit_code == 0
    assert_cache_is_the_file(book, with_snapshots=False)


# --- a file changed by hand: only its changed loans are worked out again ------------------


def snapshots_of(path: Path, today: date) -> list[Any] | None:
    """The snapshots ``list`` would use (from one reading of the file), or None."""
    found = cron.cached_book_and_snapshots(path, today)
    return None if found is None else found[1]


def snapshot_counter(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the name of every loan whose ledger snapshot is computed."""
    from debtplan.core import ledger

    computed: list[str] = []
    real = ledger.snapshot

    def counting(loan: Any) -> Any:
        computed.append(loan.name)
        return real(loan)

    monkeypatch.setattr(ledger, "snapshot", counting)
    return computed


def test_a_hand_edit_recomputes_only_the_loans_it_changed(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from debtplan.core.ledger import snapshot

    today = date(2026, 11, 28)
    assert snapshots_of(book, today) is not None  # warm: book, ledgers, digests
    text = book.read_text(encoding="utf-8")
    assert text.count("late_fee = 30.00") == 1
    book.write_text(text.replace("late_fee = 30.00", "late_fee = 45.00"), encoding="utf-8")
    computed = snapshot_counter(monkeypatch)
    entries = snapshots_of(book, today)
    assert computed == ["car"]  # the phone and the card come from the stale cache
    fresh = load_book(read_document(book))
    expected = [(loan.name, loan.currency, snapshot(loan)) for loan in fresh.loans]
    assert entries is not None
    assert cron._entries_to_plain(entries) == cron._entries_to_plain(expected)
    assert cron.cached_book(book) == fresh


def test_a_stale_cache_of_other_code_lends_nothing(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = date(2026, 11, 28)
    assert snapshots_of(book, today) is not None
    book.write_text(book.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(cron, "__version__", "another")  # as after an upgrade
    computed = snapshot_counter(monkeypatch)
    assert snapshots_of(book, today) is not None
    assert sorted(computed) == sorted(["car", "手机 phone", "Visa"])


@settings(max_examples=40, deadline=None)
@given(books(), st.data())
def test_after_any_hand_edit_the_cache_is_what_the_file_gives(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    """Change some loans' tables by hand (an amount, a field, a payment), and the cache
    still answers exactly as a fresh read; only the changed loans are recomputed."""
    from debtplan.core import ledger

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "loans.toml"
        write_document(path, doc)
        try:
            load_book(read_document(path))
            snapshots_of(path, date(2030, 1, 1))
        except Exception:  # noqa: BLE001 - a generated book the validation refuses
            return
        loans = doc["loans"]
        changed = data.draw(st.sets(st.integers(0, len(loans) - 1)))
        for number in changed:
            edit = data.draw(st.sampled_from(["fee", "pay", "grace"]))
            if edit == "fee":
                loans[number]["late_fee"] = Decimal("12.34")
            elif edit == "pay":
                loans[number]["payments"].append({"date": date(2026, 1, 2),
                                                  "amount": Decimal("1.23")})  # fmt: skip
            else:
                loans[number]["grace_days"] = 9
        write_document(path, doc)
        try:
            fresh = load_book(read_document(path))
            expected = [(loan.name, loan.currency, ledger.snapshot(loan)) for loan in fresh.loans]
        except Exception:  # noqa: BLE001 - an edit the validation refuses
            return
        computed: list[str] = []
        real = ledger.snapshot
        ledger.snapshot = lambda loan: computed.append(loan.name) or real(loan)  # type: ignore[assignment]
        try:
            entries = snapshots_of(path, date(2030, 1, 1))
        finally:
            ledger.snapshot = real  # type: ignore[assignment]
        assert entries is not None
        assert cron._entries_to_plain(entries) == cron._entries_to_plain(expected)
        assert set(computed) <= {loans[number]["name"] for number in changed}
        assert cron.cached_book(path) == fresh


def test_list_reads_the_loans_without_their_payments_when_the_cache_has_the_ledgers(
    book: Path, cli: Any
) -> None:
    full = cli("list", "--json", env={"DEBTPLAN_CACHE": "0"})
    assert cli("list").exit_code == 0  # the book and the ledgers cached
    listing = cron.cached_listing(book, date(2026, 11, 28))
    assert listing is not None
    loans, entries = listing
    assert [loan.name for loan in loans] == ["car", "手机 phone", "Visa"]
    assert all(loan.payments == () for loan in loans)  # never read: list does not show them
    assert [name for name, _c, _s in entries] == [loan.name for loan in loans]
    assert cli("list", "--json").stdout == full.stdout
    # A payment dated after the day asked about: the snapshots do not answer, the book does.
    assert cron.cached_listing(book, date(2026, 8, 1)) is None


@pytest.mark.parametrize(
    "args",
    [["show", "CAR", "--json"], ["payments", "car", "--json"], ["schedule", "car", "--json"],
     ["contact", "visa", "--json"], ["overdue", "car", "--json"],
     ["message", "car", "--kind", "installments", "--json"], ["show", "nobody"]],
    ids=lambda args: " ".join(args[:2]),
)  # fmt: skip
def test_one_loan_from_the_cache_is_the_loan_the_file_gives(
    book: Path, cli: Any, args: list[str]
) -> None:
    """show, payments, schedule, contact and message unpack only the loan asked about."""
    assert cron.cached_loan(book, "CAR") is not None  # the last save cached the book
    full = cli(*args, env={"DEBTPLAN_CACHE": "0"})
    cached = cli(*args)
    assert (cached.exit_code, cached.stdout, cached.stderr) == (
        full.exit_code, full.stdout, full.stderr)  # fmt: skip
    loan, settings = cron.cached_loan(book, "car")
    fresh = load_book(read_document(book))
    assert (loan, settings) == (fresh.loans[0], fresh.settings)
    assert cron.cached_loan(book, "nobody") is None


def test_a_save_from_a_warm_cache_does_not_parse_the_file_again(
    book: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cache of the file's bytes, a save takes the book from it (a big book is
    not parsed and checked again), and still leaves the cache of what it wrote."""
    from debtplan import store

    parsed: list[Path] = []
    real = store._parse

    def counting(path: Path, data: bytes) -> Any:
        parsed.append(path)
        return real(path, data)

    monkeypatch.setattr(store, "_parse", counting)
    assert cli("pay", "car", "100", "--date", "2026-11-28").exit_code == 0
    assert parsed == []
    assert_cache_is_the_file(book, with_snapshots=False)
    Path(f"{book}.cache").unlink()  # no cache: the file is read as always
    parsed.clear()
    assert cli("pay", "car", "100", "--date", "2026-11-28").exit_code == 0
    assert parsed == [book]
    assert_cache_is_the_file(book, with_snapshots=False)


def test_list_never_mixes_two_versions_of_the_file(
    book: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another debtplan saves while list works out the ledgers: list shows the version it
    read, rates and balances alike, never one version's rate beside another's balance."""
    before = cli("list", "--json", env={"DEBTPLAN_CACHE": "0"}).stdout
    Path(f"{book}.cache").unlink()  # cold: the book is read, then its ledgers worked out
    real = cron._Cache.snapshots
    env = environment(book)

    def save_meanwhile(self: Any) -> Any:
        done = subprocess.run([str(DEBTPLAN), "edit", "car", "--rate", "24%"], env=env,
                              capture_output=True, timeout=60)  # fmt: skip
        assert done.returncode == 0, done.stderr
        monkeypatch.setattr(cron._Cache, "snapshots", real)
        return real(self)

    monkeypatch.setattr(cron._Cache, "snapshots", save_meanwhile)
    assert cli("list", "--json").stdout == before
    after = cli("list", "--json").stdout  # the next list sees the new version, whole
    assert after != before and '"rate":"24.00"' in after.replace(" ", "")
