"""The README's two example letters are what debtplan writes for the book they describe.

The book: an online flat-fee loan (10,000 CNY at 0.75% a month over 12 months, paid for
seven months, 12 days late on 2026-11-28) and a US car loan (24,000 USD at 6.9% over 60
months, paid for nine months, 58 days late). If a template's wording changes, this test
fails until the README shows the new letter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"

ONLINE = ("--lender", "某某小额贷款有限公司", "--account", "WD20260305001", "--currency", "CNY",
          "--method", "flat", "--principal", "10000", "--rate", "0", "--fee-rate", "0.75%",
          "--term", "12", "--start", "2026-03-05", "--first-due", "2026-04-16",
          "--penalty-rate", "0.05%", "--late-fee", "30", "--lender-type", "online")  # fmt: skip
HONDA = ("--lender", "American Honda Finance", "--account", "HF-559012", "--currency", "USD",
         "--principal", "24000", "--rate", "6.9", "--term", "60", "--start", "2025-12-01",
         "--late-fee", "25", "--jurisdiction", "us")  # fmt: skip

# The README's commands for the two letters, with --json to read the letter back.
LETTERS = {
    "An English message": ("message", "Honda", "--kind", "extension", "--pay-on", "2026-12-10",
                           "--vehicle", "--lang", "en", "--reason",
                           "My hours were cut in October; full hours resume on December 1",
                           "--borrower", "Alex Morgan"),
    "A Chinese message": ("message", "网贷A", "--kind", "installments", "--budget", "600",
                          "--total-budget", "1500", "--lang", "zh", "--reason",
                          "本人自2026年9月起失业，目前靠打零工维持生活", "--cause", "job-loss",
                          "--borrower", "王芳"),
}  # fmt: skip


def readme_letter(intro: str) -> str:
    """The ```text block that follows the README line starting with ``intro``."""
    text = README.read_text(encoding="utf-8")
    found = re.search(re.escape(intro) + r"[^\n]*\n\n```text\n(.*?)\n```", text, re.DOTALL)
    assert found, f"README has no letter after {intro!r}"
    return found.group(1)


@pytest.fixture
def readme_book(cli, add_loan):
    add_loan("网贷A", *ONLINE)
    for month in range(4, 11):
        assert cli("pay", "网贷A", "908.33", "--date", f"2026-{month:02}-16").exit_code == 0
    add_loan("Honda", *HONDA)
    for month in range(1, 10):
        assert cli("pay", "Honda", "474.10", "--date", f"2026-{month:02}-01").exit_code == 0


@pytest.mark.parametrize("intro", LETTERS)
def test_the_readme_letter_is_the_tools_output(cli, readme_book, intro: str) -> None:
    result = cli(*LETTERS[intro], "--json")
    assert result.exit_code == 0, result.stderr
    letter = json.loads(result.stdout)
    assert readme_letter(intro) == f"{letter['subject']}\n\n{letter['body']}"


def test_the_readme_shows_the_commands_it_tests() -> None:
    """The Messages section runs the same two commands (without --json)."""
    text = README.read_text(encoding="utf-8").replace("\\\n    ", "")
    for args in LETTERS.values():
        shown = " ".join(f'"{a}"' if " " in a or "；" in a or "，" in a else a for a in args)
        assert "debtplan " + shown in text, shown
