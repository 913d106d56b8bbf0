"""A save never throws away a change another program made after the command read the
file: it compares, refuses, and leaves the other change in place."""

from __future__ import annotations

import pytest
import typer

from debtplan.store import StoreError, history_versions, transaction

CAR = ("--principal", "1000", "--rate", "12%", "--term", "12", "--start", "2026-01-01")
HAND_EDIT = "# edited by hand\n"


def test_a_transaction_refuses_when_the_file_changed_under_it(loan_file):
    loan_file.write_text("schema_version = 1\nloans = []\n[settings]\nhistory = 5\n")
    with pytest.raises(StoreError) as raised:
        with transaction(loan_file) as book:
            # An editor saves the file while the command works (editors take no lock).
            edited = loan_file.read_text() + "# the editor's change\n"
            loan_file.write_text(edited)
            book.doc["loans"].append({"name": "Car"})
    assert "was changed by another program after this command read it" in str(
        raised.value.translated(lambda s: s)
    )
    assert loan_file.read_text() == edited  # the other change is kept
    assert history_versions(loan_file) == []  # and nothing was written


def test_a_file_deleted_or_created_meanwhile_is_a_change_too(loan_file):
    with pytest.raises(StoreError):
        with transaction(loan_file) as book:
            loan_file.write_text("schema_version = 1\n")
            book.doc["loans"] = [{"name": "Car"}]
    assert loan_file.read_text() == "schema_version = 1\n"
    with pytest.raises(StoreError):
        with transaction(loan_file) as book:
            loan_file.unlink()
            book.doc["loans"] = [{"name": "Car"}]
    assert not loan_file.exists()


def test_an_unchanged_file_is_saved_as_before(loan_file):
    loan_file.write_text("schema_version = 1\nloans = []\n")
    with transaction(loan_file) as book:
        book.doc["loans"].append({"name": "Car"})
    assert 'name = "Car"' in loan_file.read_text()


@pytest.fixture
def edit_while_asked(monkeypatch, loan_file):
    """`remove` asks, and while the person reads the question, an editor adds a payment."""

    def confirm(*args, **kwargs):
        text = loan_file.read_text(encoding="utf-8")
        loan_file.write_text(
            text + "\n[[loans.payments]]\ndate = 2026-02-01\namount = 88.85\n", encoding="utf-8"
        )
        return True

    monkeypatch.setattr(typer, "confirm", confirm)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "was changed by another program after this command read it; nothing was saved"),
        ("zh", "读取之后被其他程序修改过；什么都没有保存"),
    ],  # fmt: skip
)
def test_remove_refuses_when_the_file_changed_while_it_asked(
    cli, add_loan, loan_file, edit_while_asked, lang, message
):
    add_loan("Car", *CAR)
    result = cli("--lang", lang, "remove", "Car")
    assert result.exit_code == 1
    assert message in result.stderr
    edited = loan_file.read_text(encoding="utf-8")
    assert edited.endswith("amount = 88.85\n")  # the editor's payment is still there
    assert history_versions(loan_file) == []  # nothing saved since the `add`


def test_remove_still_removes_when_nothing_changed(cli, add_loan, loan_file, monkeypatch):
    add_loan("Car", *CAR)
    monkeypatch.setattr(typer, "confirm", lambda *a, **k: True)
    assert cli("remove", "Car").exit_code == 0
    assert "Car" not in loan_file.read_text(encoding="utf-8")
