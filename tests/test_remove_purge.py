"""`remove` says the loan's data stays in the kept versions; `remove --purge` deletes the
versions that hold it, so nothing of the loan is left beside the file."""

from __future__ import annotations

from debtplan.store import history_versions

CAR = ("--principal", "1000", "--rate", "12%", "--term", "12", "--start", "2026-01-01")


def _book(cli, add_loan):
    add_loan("Car", *CAR)  # no version kept yet: the file was new
    add_loan("Bike", *CAR)  # version 1: Car
    assert cli("pay", "Car", "88.85").exit_code == 0  # version 2: Car and Bike


def test_remove_says_how_long_the_history_keeps_the_loan(cli, add_loan, loan_file):
    _book(cli, add_loan)
    result = cli("remove", "Car", "--yes")
    assert result.exit_code == 0
    folder = f"{loan_file}.history"
    assert f"Its data stays in the earlier versions in {folder} for 10 more save(s)" in (
        result.stderr
    )
    result = cli("--lang", "zh", "remove", "Bike", "--yes", env={"DEBTPLAN_HISTORY": "3"})
    assert f"它的数据还会在 {folder} 的早期版本中保留，直到再保存 3 次" in result.stderr


def test_remove_with_no_history_kept_says_nothing_of_it(cli, add_loan):
    _book(cli, add_loan)
    result = cli("remove", "Car", "--yes", env={"DEBTPLAN_HISTORY": "0"})
    assert result.exit_code == 0 and "stays" not in result.stderr


def test_purge_drops_every_kept_version_holding_the_loan(cli, add_loan, loan_file):
    _book(cli, add_loan)
    assert cli("remove", "Bike", "--yes").exit_code == 0  # version 3: Car, Bike, payment
    result = cli("remove", "Car", "--yes", "--purge")  # version 4 (Car only) is made, then
    assert result.exit_code == 0, result.stderr
    assert "Removed Car, and the 4 earlier version(s) that held it" in result.stderr
    assert history_versions(loan_file) == []
    assert "Car" not in loan_file.read_text(encoding="utf-8")
    undo = cli("undo")
    assert undo.exit_code == 1  # nothing left to bring it back


def test_purge_keeps_the_versions_without_the_loan(cli, add_loan, loan_file):
    add_loan("Bike", *CAR)
    add_loan("Boat", *CAR)  # version 1: Bike
    add_loan("Car", *CAR)  # version 2: Bike, Boat
    result = cli("--lang", "zh", "remove", "Car", "--yes", "--purge")  # version 3 has Car
    assert "已删除 Car，以及含有它的 1 个早期版本" in result.stderr
    kept = history_versions(loan_file)
    assert [v.number for v in kept] == [2, 1]
    assert all(b"Car" not in v.path.read_bytes() for v in kept)
    assert cli("undo").exit_code == 0  # back to Bike and Boat
    assert "Boat" in loan_file.read_text(encoding="utf-8")
