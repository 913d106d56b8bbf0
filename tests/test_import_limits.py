"""An import file built to break the parser ends as a problem naming its loan and field
(exit 1, nothing imported), never as an internal error."""

from __future__ import annotations

import json

import pytest

LOAN = {"name": "Car", "currency": "CNY", "method": "annuity", "principal": "1000",
        "rate": "12%", "term": 12, "start": "2026-01-01"}  # fmt: skip


def _import(cli, tmp_path, text: str):
    source = tmp_path / "in.json"
    source.write_text(text, encoding="utf-8")
    return cli("import", str(source))


def test_a_ten_thousand_digit_number_names_its_loan_and_field(cli, loan_file, tmp_path):
    text = json.dumps({"loans": [dict(LOAN, principal="P")]}).replace('"P"', "1" * 10_000)
    result = _import(cli, tmp_path, text)
    assert result.exit_code == 1
    assert "loan 1 (Car): principal: a number written with 10000 characters" in result.stderr
    assert not loan_file.exists()


def test_a_long_version_number_is_one_problem_not_two(cli, loan_file, tmp_path):
    text = '{"schema_version": ' + "9" * 5000 + ', "loans": []}'
    result = _import(cli, tmp_path, text)
    assert result.exit_code == 1
    assert "1 problem(s)" in result.stderr
    assert "-: schema_version: a number written with 5000 characters" in result.stderr


def test_a_long_fraction_is_refused_too(cli, loan_file, tmp_path):
    text = json.dumps({"loans": [dict(LOAN, rate="R")]}).replace('"R"', "0." + "3" * 200)
    result = _import(cli, tmp_path, text)
    assert result.exit_code == 1
    assert "loan 1 (Car): rate: a number written with 202 characters" in result.stderr


@pytest.mark.parametrize("depth", [30, 900, 5000])
def test_deep_nesting_names_its_loan_and_field(cli, loan_file, tmp_path, depth):
    """The document, the loans and the loan are three levels: 30 more is 33 > 32."""
    deep = "[" * depth + "]" * depth
    other = dict(LOAN, name="Bike")
    text = json.dumps({"loans": [other, dict(LOAN, note="X")]}).replace('"X"', deep)
    result = _import(cli, tmp_path, text)
    assert result.exit_code == 1, result.stderr
    assert "loan 2 (Car): note: nests arrays or objects more than 32 levels deep (line 1)" in (
        result.stderr
    )
    assert not loan_file.exists()


def test_deep_nesting_outside_the_loans_names_the_key(cli, loan_file, tmp_path):
    text = '{"settings": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + ', "loans": []}'
    result = _import(cli, tmp_path, text)
    assert result.exit_code == 1
    assert "-: settings: nests arrays or objects more than 32 levels deep" in result.stderr


def test_nesting_within_the_limit_is_an_ordinary_problem(cli, loan_file, tmp_path):
    """29 levels in a note make 32 in all: parsed, then refused as not text."""
    text = json.dumps({"loans": [dict(LOAN, note="X")]}).replace('"X"', "[" * 29 + "]" * 29)
    result = _import(cli, tmp_path, text)
    assert result.exit_code == 1
    assert "loan 1 (Car): note: expected text" in result.stderr
    assert "levels deep" not in result.stderr


def test_a_long_but_ordinary_number_still_imports(cli, loan_file, tmp_path):
    text = json.dumps({"loans": [dict(LOAN, principal="P")]}).replace('"P"', "1000.00")
    assert _import(cli, tmp_path, text).exit_code == 0
    assert "principal = 1000.00\n" in loan_file.read_text()
