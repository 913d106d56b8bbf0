"""Folders debtplan creates are private, `check` warns about a file others may read, and a
hard-linked file is refused rather than split."""

from __future__ import annotations

import json
import os
import stat

import pytest

from debtplan.store import StoreError, history_versions, transaction, undo

CAR = ("--principal", "1000", "--rate", "12%", "--term", "12", "--start", "2026-01-01")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_every_new_folder_is_0700_under_umask_022(cli, tmp_path, umask_022):
    path = tmp_path / "a" / "b" / "loans.toml"
    assert cli("--file", str(path), "add", "Car", *CAR).exit_code == 0
    assert cli("--file", str(path), "pay", "Car", "88.85").exit_code == 0
    assert _mode(tmp_path / "a") == 0o700
    assert _mode(tmp_path / "a" / "b") == 0o700
    assert _mode(tmp_path / "a" / "b" / "loans.toml.history") == 0o700
    assert _mode(path) == 0o600


@pytest.mark.parametrize(
    ("lang", "warning"),
    [("en", "Warning: other users of this computer may read {path} (mode 0644); run "
            "`chmod 600 {path}`"),
     ("zh", "警告：这台电脑上的其他用户可以读取 {path}（权限 0644）；请运行 `chmod 600 {path}`")],
)  # fmt: skip
def test_check_warns_when_others_may_read_the_file(cli, add_loan, loan_file, lang, warning):
    add_loan("Car", *CAR)
    result = cli("--lang", lang, "check")
    assert result.exit_code == 0 and "Warning" not in result.stderr and "警告" not in result.stderr
    loan_file.chmod(0o644)
    result = cli("--lang", lang, "check")
    assert result.exit_code == 0  # a warning, not a problem
    assert warning.format(path=loan_file) in result.stderr
    document = json.loads(cli("--lang", lang, "check", "--json").stdout)
    assert document["ok"] is True and len(document["warnings"]) == 1


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "has 2 hard links, and a save would split them"),
    ("zh", "有 2 个硬链接，保存会把它们拆开"),
])  # fmt: skip
def test_a_hard_linked_file_is_refused_and_both_names_keep_one_book(
    cli, add_loan, loan_file, tmp_path, lang, message
):
    add_loan("Car", *CAR)
    other = tmp_path / "backup-name.toml"
    os.link(loan_file, other)
    before = loan_file.read_bytes()
    result = cli("--lang", lang, "pay", "Car", "88.85")
    assert result.exit_code == 1
    assert message in result.stderr
    assert loan_file.read_bytes() == before == other.read_bytes()
    assert os.stat(loan_file).st_ino == os.stat(other).st_ino  # still one file
    assert history_versions(loan_file) == []


def test_undo_and_transactions_refuse_a_hard_linked_file_too(loan_file, tmp_path):
    with transaction(loan_file) as book:
        book.doc["loans"] = []
    with transaction(loan_file) as book:
        book.doc["settings"] = {"history": 3}
    os.link(loan_file, tmp_path / "other.toml")
    with pytest.raises(StoreError):
        with transaction(loan_file) as book:
            book.doc["settings"] = {"history": 4}
    with pytest.raises(StoreError):
        undo(loan_file)
    assert os.stat(loan_file).st_nlink == 2
