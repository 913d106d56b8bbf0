"""Names that differ only by characters that show as nothing are one name, and those
characters are shown as escapes wherever debtplan prints text."""

from __future__ import annotations

import json
import unicodedata

import pytest
import tomli_w

from debtplan.core.model import INVISIBLE, name_key
from debtplan.render.text import literal

LOAN = ("--principal", "1000", "--rate", "12%", "--term", "12", "--start", "2026-01-01")

# Format characters that are visible signs (prepended concatenation marks).
VISIBLE_FORMAT = {0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F, 0x890, 0x891,
                  0x8E2, 0x110BD, 0x110CD}  # fmt: skip


@pytest.mark.parametrize(
    "hidden",
    [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u00ad",
        "\u034f",
        "\ufe0f",
        "\u3164",
        "\U000e0041",
        "\u202e",
    ],  # fmt: skip
)
def test_add_refuses_a_name_that_differs_only_by_an_invisible_character(cli, loan_file, hidden):
    assert cli("add", "Car", *LOAN).exit_code == 0
    before = loan_file.read_bytes()
    result = cli("add", f"Ca{hidden}r{hidden}", *LOAN)
    assert result.exit_code == 1
    assert "a loan named 'Car' already exists" in result.stderr
    assert loan_file.read_bytes() == before


def test_show_finds_a_loan_whose_name_holds_a_zero_width_space(cli, loan_file):
    loan_file.write_text(tomli_w.dumps({"schema_version": 1, "loans": [
        {"name": "Car\u200b", "currency": "CNY", "method": "annuity", "principal": "1000.00",
         "rate": "12%", "term": 12, "start": "2026-01-01"}]}), encoding="utf-8")  # fmt: skip
    result = cli("show", "Car", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Car\u200b"  # --json gives it back exactly
    listing = cli("list").stdout
    assert "Car\\u200b" in listing and "Car\u200b" not in listing


def test_a_file_with_both_names_is_refused_as_a_duplicate(cli, loan_file):
    loan = {"currency": "CNY", "method": "annuity", "principal": "1000.00", "rate": "12%",
            "term": 12, "start": "2026-01-01"}  # fmt: skip
    loans = [{"name": "Car", **loan}, {"name": "C\u200dar", **loan}]
    loan_file.write_text(tomli_w.dumps({"schema_version": 1, "loans": loans}), encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 1
    assert "C\\u200dar" in result.stderr  # shown escaped in the problem


def test_invisible_characters_are_escaped_and_emoji_keep_theirs():
    assert literal("Car\u200b") == "Car\\u200b"
    assert literal("a\u00adb\u2060c") == "a\\xadb\\u2060c"
    assert literal("x\U000e0041") == "x\\U000e0041"
    assert literal("Car\ufe0f") == "Car\\ufe0f"  # a selector after a letter shows nothing
    assert literal("\ufe0f\u20e3") == "\\ufe0f\u20e3"
    # In an emoji the selector and the joiner show: ❤️, 👩‍💻, the keycap 1️⃣.
    for emoji in ("\u2764\ufe0f", "\U0001f469\u200d\U0001f4bb", "1\ufe0f\u20e3",
                  "\U0001f3f3\ufe0f\u200d\U0001f308"):  # fmt: skip
        assert literal(emoji) == emoji
    assert literal("\U0001f469\u200b\U0001f4bb") == "\U0001f469\\u200b\U0001f4bb"


def test_name_key_drops_invisible_characters_and_keeps_visible_ones():
    assert name_key(" C\u200ba\u00adR\ufeff ") == name_key("car") == "car"
    assert name_key("Car \u200b") == "car"  # the blank before it is trimmed too
    assert name_key("Car1") != name_key("Car")
    assert name_key("\u0600x") != name_key("x")  # a visible format sign counts


def test_every_format_character_is_invisible_or_a_visible_sign():
    import re

    pattern = re.compile(f"[{INVISIBLE}]")
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) == "Cf" and code not in VISIBLE_FORMAT:
            assert pattern.match(char), f"U+{code:04X}"
    for code in VISIBLE_FORMAT:
        assert not pattern.match(chr(code))
