"""`debtplan due`, the command cron runs: its answers, its errors, its file.

Run through the installed console script, as cron runs it, and in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DEBTPLAN = Path(sys.executable).parent / "debtplan"


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


def run(args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    done = subprocess.run([str(DEBTPLAN), *args], capture_output=True, text=True, env=env,
                          timeout=60)  # fmt: skip
    return done.stdout, done.stderr, done.returncode


def environment(loan_file: Path, **more: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DEBTPLAN_FILE": str(loan_file),
            "DEBTPLAN_TODAY": "2026-11-28", "NO_COLOR": "1", "COLUMNS": "200",
            "HOME": str(loan_file.parent), **more}  # fmt: skip


# car: 888.49 a month; the third payment came 5 days late (grace 3): 30.00 fee and 2.22
# penalty went first, 32.22 stays owed and accrues 0.05 %/day (1.11 over 69 days).
# Installments 4 and 5: 888.49 + 30.00 + 888.49 x 0.0005 x 44 (19.55) or x 13 (5.78).
# phone: 6,000 / 12 + 0.75 % of 6,000 = 545.00. Visa: 5 % of 5,000 + 2 % interest = 255.00,
# and 23 days of the card's own 24 % on it (no penalty terms): 255 x 0.24 / 365 x 23 = 3.86.
TABLE = (
    "Due within 7 days, as of 2026-11-28:\n"
    "Due date    Loan        Amount       When           Status\n"
    "2026-09-15  car          33.33  CNY  74 day(s) ago  OVERDUE\n"
    "2026-10-15  car         938.04  CNY  44 day(s) ago  OVERDUE\n"
    "2026-10-30  手机 phone  545.00  CNY  29 day(s) ago  OVERDUE\n"
    "2026-11-05  Visa        258.86  USD  23 day(s) ago  OVERDUE\n"
    "2026-11-15  car         924.27  CNY  13 day(s) ago  OVERDUE\n"
    "2026-11-30  手机 phone  545.00  CNY  in 2 day(s)    upcoming\n"
    "2026-12-05  Visa        247.10  USD  in 7 day(s)    upcoming\n"
)


def test_the_console_script_answers_with_real_figures(book: Path) -> None:
    assert run(["due", "--exit-code"], environment(book)) == (TABLE, "", 3)
    stdout, stderr, code = run(["--today", "2026-08-01", "due", "--exit-code"], environment(book))
    assert (stdout, stderr, code) == ("", "", 0)


def test_in_process_and_console_script_agree(book: Path, cli: Any) -> None:
    result = cli("due", "--exit-code")
    assert (result.stdout, result.stderr, result.exit_code) == (TABLE, "", 3)


def test_json_document(book: Path, cli: Any) -> None:
    result = cli("due", "--json", "--within", "2")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["as_of"] == "2026-11-28" and document["within"] == 2
    assert [(i["loan"], i["due_date"], i["amount"], i["status"], i["days_until"], i["number"])
            for i in document["items"]] == [
        ("car", "2026-09-15", "33.33", "overdue", -74, 3),
        ("car", "2026-10-15", "938.04", "overdue", -44, 4),
        ("手机 phone", "2026-10-30", "545.00", "overdue", -29, 1),
        ("Visa", "2026-11-05", "258.86", "overdue", -23, 1),
        ("car", "2026-11-15", "924.27", "overdue", -13, 5),
        ("手机 phone", "2026-11-30", "545.00", "upcoming", 2, 2),
    ]  # fmt: skip
    assert list(document["items"][0]) == [
        "loan", "due_date", "amount", "currency", "days_until", "status", "number"]  # fmt: skip


def test_exit_codes(book: Path, cli: Any) -> None:
    assert cli("--today", "2026-07-10", "due", "--exit-code").exit_code == 1  # due in 5 days
    assert cli("--today", "2026-07-10", "due").exit_code == 0  # only with --exit-code
    assert cli("--today", "2026-07-01", "due", "--exit-code").exit_code == 0


def test_chinese(book: Path) -> None:
    stdout, _, code = run(["--lang", "zh", "due", "--within", "2"], environment(book))
    assert code == 0
    assert stdout.splitlines()[0] == "截至 2026-11-28，未来 2 天内应还的款项："
    # The status column says it is late; "when" says how long ago, not "late" again.
    row = next(line for line in stdout.splitlines() if line.startswith("2026-09-15"))
    assert row.endswith("74 天前  已逾期")
    assert row.count("逾期") == 1


@pytest.mark.parametrize(
    "args",
    [["due", "--within", "-1"], ["due", "--within", "3661"], ["due", "--within", "x"],
     ["due", "--within"], ["due", "--bogus"], ["due", "extra"], ["--lang", "fr", "due"],
     ["--today", "2026-13-01", "due"], ["due", "--file", "x.toml"]],
    ids=" ".join,
)  # fmt: skip
def test_usage_errors_exit_2_and_print_nothing_on_stdout(book: Path, args: list[str]) -> None:
    stdout, stderr, code = run(args, environment(book))
    assert (stdout, code) == ("", 2)
    assert "Error" in stderr and "Traceback" not in stderr


def test_problems_in_the_file_exit_1_and_change_nothing(tmp_path: Path) -> None:
    loans = tmp_path / "loans.toml"
    for content in ("schema_version = 1\n[[loans]]\nname = 3\n", "not toml = = 1\n"):
        loans.write_text(content, encoding="utf-8")
        stdout, stderr, code = run(["due", "--json"], environment(loans))
        assert code == 1 and stderr.startswith("Error: ")
        # stdout holds one document saying why, for the script that asked for JSON
        assert json.loads(stdout)["error"]["code"] in ("book_error", "store_error")
        assert loans.read_text(encoding="utf-8") == content
        assert sorted(p.name for p in tmp_path.iterdir()) == ["loans.toml"]


def test_the_default_file_may_be_absent(tmp_path: Path) -> None:
    env = environment(tmp_path / "unused.toml", XDG_DATA_HOME=str(tmp_path / "data"))
    del env["DEBTPLAN_FILE"]
    stdout, stderr, code = run(["due", "--json"], env)
    assert code == 0 and json.loads(stdout)["items"] == [] and stderr == ""
    assert not (tmp_path / "data").exists()


NAMED_FILE_COMMANDS = [["due"], ["due", "--json"], ["list"], ["check"], ["show", "x"],
                       ["pay", "x", "1"], ["history"], ["undo"]]  # fmt: skip


@pytest.mark.parametrize("command", NAMED_FILE_COMMANDS)
def test_a_named_file_that_does_not_exist_is_an_error(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo" / "loans.toml"
    stdout, stderr, code = run(command, environment(missing))
    assert code == 1
    # With --json, stdout says why in one document; otherwise it stays empty.
    assert (json.loads(stdout)["error"]["message"] if "--json" in command else stdout) == (
        stderr.removeprefix("Error: ").rstrip("\n") if "--json" in command else ""
    )
    assert stderr == (f"Error: there is no loan file at {missing} (named by DEBTPLAN_FILE); "
                      "check the path, or create the file with `debtplan add` or "
                      "`debtplan import`\n")  # fmt: skip
    stdout, stderr, code = run(["--lang", "zh", "--file", str(missing), *command],
                               environment(tmp_path / "other.toml"))  # fmt: skip
    assert code == 1 and (stdout == "") != ("--json" in command)
    assert stderr.startswith(f"错误：{missing} 处没有借款文件（由 --file 指定）")
    assert not (tmp_path / "typo").exists()


def test_add_creates_a_named_file(tmp_path: Path) -> None:
    loans = tmp_path / "new.toml"
    _, stderr, code = run(["add", "x", "--principal", "100", "--rate", "0%", "--term", "1",
                           "--start", "2026-11-01"], environment(loans))  # fmt: skip
    assert code == 0, stderr
    assert loans.exists()


def test_a_leftover_cache_is_never_read_and_goes_with_the_next_save(book: Path, cli: Any) -> None:
    """debtplan 0.1 kept loans.toml.cache; now the file is the only source of truth. Not
    even a FIFO there (which would block a reader) holds a command up."""
    cache = book.with_name("loans.toml.cache")
    os.mkfifo(cache)
    assert run(["due", "--exit-code"], environment(book)) == (TABLE, "", 3)
    assert cli("pay", "Visa", "10").exit_code == 0
    assert not cache.exists() and not cache.is_fifo()
