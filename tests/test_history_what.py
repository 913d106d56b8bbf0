"""`debtplan history` says what each kept version was and when (local time), numbered
1.. from the newest without gaps, and `undo` says what it undid.

The times: each test puts the zone at Asia/Shanghai (UTC+8, no daylight saving) and sets
a version's time to 2026-11-28 06:05 UTC, which is 14:05 there (6 + 8 = 14).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ADD = ["add", "Car", "--principal", "10000", "--rate", "12%", "--term", "12",
       "--start", "2026-01-15", "--currency", "CNY"]  # fmt: skip
SIX_FIVE_UTC = datetime(2026, 11, 28, 6, 5, tzinfo=UTC).timestamp()


@pytest.fixture(autouse=True)
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def folder(loan_file: Path) -> Path:
    return loan_file.with_name("loans.toml.history")


def ok(cli: Any, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def versions(cli: Any) -> list[dict[str, Any]]:
    return json.loads(ok(cli, "history", "--json").stdout)["versions"]


def at_six_five(path: Path) -> None:
    os.utime(path, (SIX_FIVE_UTC, SIX_FIVE_UTC))


def test_history_has_a_header_local_times_and_what_made_each_version(
    cli: Any, loan_file: Path
) -> None:
    ok(cli, *ADD)
    at_six_five(loan_file)  # the add's version, saved at 14:05 Shanghai time
    ok(cli, "pay", "Car", "2,451.92")
    ok(cli, "pay", "Car", "100", "--date", "2026-11-20")
    later = SIX_FIVE_UTC + 3600 + 59  # 07:05:59 UTC: 15:05 in Shanghai
    os.utime(folder(loan_file) / "000002.toml", (later, later))
    lines = ok(cli, "history").stdout.splitlines()
    assert lines[0].split() == ["No.", "Saved", "at", "Size", "What"]
    assert lines[1].split()[:3] == ["1", "2026-11-28", "15:05"]
    assert lines[1].endswith("pay Car 2,451.92")
    assert lines[2].split()[:3] == ["2", "2026-11-28", "14:05"]
    assert lines[2].endswith(" ".join(ADD))
    assert len(lines) == 3


def test_history_json_keeps_utc_and_adds_local_time_and_what(cli: Any, loan_file: Path) -> None:
    ok(cli, *ADD)
    at_six_five(loan_file)
    ok(cli, "pay", "Car", "2,451.92")
    [only] = versions(cli)
    assert only["number"] == 1
    assert only["saved_at"] == "2026-11-28T06:05:00+00:00"
    assert only["saved_at_local"] == "2026-11-28T14:05:00+08:00"
    assert only["what"] == " ".join(ADD)
    assert only["size"] == (folder(loan_file) / "000001.toml").stat().st_size


def test_undo_says_what_it_undid_and_the_numbers_close_up(cli: Any, loan_file: Path) -> None:
    ok(cli, *ADD)
    for amount in ("1", "2", "3"):
        ok(cli, "pay", "Car", amount)
    ok(cli, "pay", "Car", "2,451.92")
    at_six_five(loan_file)  # the pay's version, saved at 14:05
    result = ok(cli, "undo")
    assert "Undid: pay Car 2,451.92 (the version saved 2026-11-28 14:05)." in result.stderr
    kept = versions(cli)
    assert [v["number"] for v in kept] == [1, 2, 3, 4]
    assert [v["what"] for v in kept] == [
        "pay Car 2,451.92",
        "pay Car 2",
        "pay Car 1",
        " ".join(ADD),
    ]
    # --version takes the number `history` shows: 3 is the one `pay Car 1` saved.
    result = ok(cli, "undo", "--version", "3")
    assert "Undid: undo (the version saved" in result.stderr
    amounts = [
        p["amount"] for p in json.loads(ok(cli, "payments", "Car", "--json").stdout)["payments"]
    ]
    assert amounts == ["1.00"]
    assert [v["number"] for v in versions(cli)] == [1, 2, 3, 4]
    assert versions(cli)[0]["what"] == "undo"


def test_undo_version_out_of_range_names_the_numbers(cli: Any, loan_file: Path) -> None:
    ok(cli, *ADD)
    ok(cli, "pay", "Car", "1")
    before = loan_file.read_bytes()
    result = cli("undo", "--version", "2")
    assert result.exit_code == 1
    assert "no earlier version numbered 2" in result.stderr
    assert "numbers the 1 kept from 1 (the newest) to 1" in result.stderr
    assert loan_file.read_bytes() == before


def test_a_version_without_a_record_shows_not_recorded(cli: Any, loan_file: Path) -> None:
    ok(cli, *ADD)
    ok(cli, "pay", "Car", "1")
    (folder(loan_file) / "000001.what").unlink()  # as a version kept by an older debtplan
    # An editor changes the file: the command noted for it no longer describes it.
    loan_file.write_text(loan_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    ok(cli, "pay", "Car", "2")
    assert [v["what"] for v in versions(cli)] == [None, None]
    lines = ok(cli, "history").stdout.splitlines()
    assert [line.endswith("(not recorded)") for line in lines[1:]] == [True, True]
    result = ok(cli, "undo")
    assert "Undid: pay Car 2 (the version saved" in result.stderr
    result = ok(cli, "undo")  # back to the edited file, which no command noted
    assert "Undid: undo" in result.stderr


def test_the_command_is_never_written_into_the_loan_file(cli: Any, loan_file: Path) -> None:
    ok(cli, *ADD)
    ok(cli, "pay", "Car", "2,451.92", "--note", "June")
    ok(cli, "pay", "Car", "1")
    assert "2,451.92" not in loan_file.read_text(encoding="utf-8")
    assert (folder(loan_file) / "000002.what").read_text(encoding="utf-8") == (
        "pay Car 2,451.92 --note June\n"
    )


def test_names_are_shown_as_typed_quoted_and_escaped(cli: Any, loan_file: Path) -> None:
    ok(cli, "add", "Money from Mum", "--principal", "5000", "--rate", "0%", "--term", "10",
       "--start", "2026-01-15", "--currency", "CNY")  # fmt: skip
    ok(cli, "pay", "money FROM mum", "500", "--note", "a\x1b[31mred")
    ok(cli, "pay", "Money from Mum", "1")
    assert versions(cli)[0]["what"] == 'pay "money FROM mum" 500 --note a\\x1b[31mred'
    assert "\x1b" not in ok(cli, "history").stdout


def test_chinese_history_and_undo(cli: Any, loan_file: Path) -> None:
    ok(cli, "add", "招商银行", "--principal", "10000", "--rate", "12%", "--term", "12",
       "--start", "2026-01-15", "--currency", "CNY")  # fmt: skip
    ok(cli, "pay", "招商银行", "2,451.92")
    at_six_five(loan_file)
    lines = ok(cli, "--lang", "zh", "history").stdout.splitlines()
    assert lines[0].split() == ["序号", "保存时间", "大小", "命令"]
    assert lines[1].split()[-2:] == ["--currency", "CNY"]
    result = ok(cli, "--lang", "zh", "undo")
    assert "已撤销：pay 招商银行 2,451.92（2026-11-28 14:05 保存的版本）。" in result.stderr


def test_no_history_kept_means_no_record(
    cli: Any, loan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEBTPLAN_HISTORY", "0")
    ok(cli, *ADD)
    ok(cli, "pay", "Car", "1")
    assert not folder(loan_file).exists()


def test_purge_forgets_the_commands_that_named_the_loan(cli: Any, loan_file: Path) -> None:
    ok(cli, *ADD)
    ok(cli, "add", "Mum", "--principal", "5000", "--rate", "0%", "--term", "10",
       "--start", "2026-01-15", "--currency", "CNY")  # fmt: skip
    ok(cli, "pay", "Car", "1")
    ok(cli, "pay", "mum", "2")
    ok(cli, "remove", "Mum", "--purge", "--yes")
    ok(cli, "pay", "Car", "3")  # keeps the file remove wrote
    recorded = " ".join((v["what"] or "") for v in versions(cli))
    assert "mum" not in recorded.casefold()
    # The remove's own version (its command named Mum), then the first add (which did not).
    assert [v["what"] for v in versions(cli)] == [None, " ".join(ADD)]
    for sidecar in folder(loan_file).iterdir():
        assert b"mum" not in sidecar.read_bytes().lower()


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(["pay", "undo", "undo 2"]), min_size=1, max_size=8))
def test_numbers_run_from_one_without_gaps(cli: Any, loan_file: Path, steps: list[str]) -> None:
    """Whatever the saves and undos, `history` numbers 1..n, n the versions kept."""
    for name in os.listdir(loan_file.parent):
        if name.startswith("loans.toml"):
            path = loan_file.parent / name
            if path.is_dir():
                for inner in path.iterdir():
                    inner.unlink()
                path.rmdir()
            else:
                path.unlink()
    ok(cli, *ADD)
    for number, step in enumerate(steps, start=1):
        if step == "pay":
            ok(cli, "pay", "Car", str(number))
        else:
            cli("undo", *(["--version", "2"] if step == "undo 2" else []))
        kept = versions(cli)
        assert [v["number"] for v in kept] == list(range(1, len(kept) + 1))
        on_disk = sorted(folder(loan_file).glob("*.toml")) if folder(loan_file).exists() else []
        assert len(kept) == len(on_disk)
