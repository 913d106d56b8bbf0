"""How many earlier versions `debtplan` keeps, through the CLI: the file's `history`
setting, `DEBTPLAN_HISTORY` over it, and `undo` bringing a lost payment back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ADD = ["add", "car", "--principal", "1000", "--rate", "12%", "--term", "12",
       "--start", "2026-01-15", "--currency", "CNY"]  # fmt: skip


def kept(loan_file: Path) -> int:
    return len(list(loan_file.with_name("loans.toml.history").glob("*.toml")))


def payments(cli: Any) -> list[str]:
    result = cli("payments", "car", "--json")
    return [p["amount"] for p in json.loads(result.stdout)["payments"]]


def set_history(loan_file: Path, count: int) -> None:
    text = loan_file.read_text(encoding="utf-8")
    loan_file.write_text(f"{text}\n[settings]\nhistory = {count}\n", encoding="utf-8")


def test_the_files_history_setting_is_how_many_versions_are_kept(cli: Any, loan_file: Path):
    assert cli(*ADD).exit_code == 0
    set_history(loan_file, 2)
    for amount in ("1", "2", "3", "4"):
        assert cli("pay", "car", amount).exit_code == 0
    assert kept(loan_file) == 2
    assert cli("undo").exit_code == 0
    assert payments(cli) == ["1.00", "2.00", "3.00"]


@pytest.mark.parametrize(("env", "expected"), [("1", 1), ("0", 0), ("²", 3), ("lots", 3)])
def test_debtplan_history_overrides_the_setting(
    cli: Any, loan_file: Path, monkeypatch: pytest.MonkeyPatch, env: str, expected: int
) -> None:
    assert cli(*ADD).exit_code == 0
    set_history(loan_file, 3)
    monkeypatch.setenv("DEBTPLAN_HISTORY", env)  # junk is ignored, never a crash
    for amount in ("1", "2", "3", "4", "5"):
        assert cli("pay", "car", amount).exit_code == 0
    assert kept(loan_file) == expected


def test_without_a_setting_ten_are_kept(cli: Any, loan_file: Path) -> None:
    assert cli(*ADD).exit_code == 0
    for number in range(1, 13):
        assert cli("pay", "car", str(number)).exit_code == 0
    assert kept(loan_file) == 10
