"""`overdue` and `show` through the command line: the law follows the loan, in either
language, and each loan's ledger is replayed once."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from debtplan.core import ledger

TODAY = "2026-12-05"
CAR = ("--principal", "10000", "--rate", "12%", "--term", "12", "--start", "2026-10-31",
       "--penalty-rate", "0.05%/day")  # first due 2026-11-30: 5 days late on Dec 5  # fmt: skip


@pytest.fixture
def book(add_loan):
    """A China loan and a US loan 5 days late, and a loan not due yet."""
    add_loan("online", *CAR, "--currency", "CNY", "--lender-type", "online")
    add_loan("card", *CAR, "--currency", "USD", "--late-fee", "25")
    add_loan("new", "--principal", "500", "--rate", "6%", "--term", "6", "--start",
             "2026-11-20", "--currency", "CNY")  # fmt: skip


def text(cli, *args: str) -> str:
    result = cli("--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


CHINA = {"en": ("NIFA", "12378", "12363"), "zh": ("中国互联网金融协会", "12378", "12363")}
US = {"en": ("FDCPA", "Regulation F", "CFPB"), "zh": ("FDCPA", "Regulation F", "CFPB")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_rights_are_those_of_the_loans_country_in_either_language(cli, book, lang):
    china = text(cli, "--lang", lang, "overdue", "online")
    us = text(cli, "--lang", lang, "overdue", "card")
    assert all(word in china for word in CHINA[lang]), china
    assert all(word in us for word in US[lang]), us
    assert not any(word in china for word in ("FDCPA", "CFPB"))
    assert not any(word in us for word in ("NIFA", "12378", "中国互联网金融协会"))
    # Both are in the short stage, whose next step is the same in both countries.
    assert text(cli, "--lang", lang, "overdue").count("12378") == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_what_happens_next_follows_the_loans_country(cli, book, lang):
    later = ("--today", "2027-01-15")  # 46 days late: the long stage
    china = cli("--lang", lang, *later, "overdue", "online").stdout
    us = cli("--lang", lang, *later, "overdue", "card").stdout
    five, seven = ("5 years", "7 years") if lang == "en" else ("保留 5 年", "保留 7 年")
    assert five in china and seven not in china
    assert seven in us and five not in us
    assert "--kind installments" in china and "--kind installments" in us


def test_a_yuan_loan_under_us_rules_gets_the_us_rights(cli, add_loan):
    """The jurisdiction decides, not the currency and not the interface language."""
    add_loan("abroad", *CAR, "--currency", "CNY", "--jurisdiction", "us")
    for lang in ("en", "zh"):
        shown = text(cli, "--lang", lang, "overdue", "abroad")
        assert "FDCPA" in shown and "12378" not in shown


def test_the_json_document_does_not_depend_on_the_language(cli, book):
    english = text(cli, "--lang", "en", "overdue", "--json")
    assert english == text(cli, "--lang", "zh", "overdue", "--json")
    loans = json.loads(english)["loans"]
    assert [(v["name"], v["stage"], v["bucket"], v["suggested_message"]) for v in loans] == [
        ("online", "short", "M1", "extension"), ("card", "short", "M1", "extension")]  # fmt: skip


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, date]]:
    """Every replay of a ledger (its payments applied up to a day), by loan and day."""
    counted: Counter[tuple[str, date]] = Counter()
    replay = ledger._settle

    def counting(loan: Any, terms: Any, as_of: date) -> Any:
        counted[loan.name, as_of] += 1
        return replay(loan, terms, as_of)

    monkeypatch.setattr(ledger, "_settle", counting)
    return counted


TODAY_D, TOMORROW = date(2026, 12, 5), date(2026, 12, 6)


def test_overdue_replays_each_ledger_once(cli, book, replays):
    doc = json.loads(text(cli, "overdue", "--json"))
    # Each loan's payments are settled once, as of today; tomorrow's state (what one more
    # day adds) charges the same settled installments one day further.
    assert replays == Counter({("online", TODAY_D): 1, ("card", TODAY_D): 1, ("new", TODAY_D): 1})
    online, card = doc["loans"]
    # 888.49 x 0.05 % a day: 5 days 2.22, 6 days 2.67 (to the cent each day).
    assert (online["penalty"], online["daily_increase"], online["total_due"]) == (
        "2.22", "0.45", "890.71")  # fmt: skip
    assert (card["late_fees"], card["daily_increase"], card["total_due"]) == (
        "25.00", "0.45", "915.71")  # fmt: skip


def test_overdue_pay_on_replays_nothing_more(cli, book, replays):
    doc = json.loads(text(cli, "overdue", "online", "--pay-on", "2026-12-15", "--json"))
    assert replays == Counter({("online", TODAY_D): 1})
    # 15 days late: 888.49 x 0.0005 x 15 = 6.66, 4.44 more than today's 2.22.
    assert doc["loans"][0]["pay_on"]["extra_cost"] == "4.44"
    replays.clear()
    doc = json.loads(text(cli, "overdue", "online", "--pay-on", "2026-12-06", "--json"))
    assert replays == Counter({("online", TODAY_D): 1})
    assert doc["loans"][0]["pay_on"]["extra_cost"] == doc["loans"][0]["daily_increase"] == "0.45"


def test_overdue_text_replays_as_often_as_the_json(cli, book, replays):
    assert "online: 5 days overdue" in text(cli, "overdue")
    assert sum(replays.values()) == 3 and max(replays.values()) == 1


@pytest.mark.parametrize("args", [["show", "card"], ["show", "card", "--json"]])
def test_show_replays_the_ledger_once(cli, book, replays, args):
    shown = text(cli, *args)
    assert replays == Counter({("card", TODAY_D): 1})
    if "--json" in args:
        summary = json.loads(shown)
        assert (summary["status"], summary["days_overdue"], summary["daily_increase"]) == (
            "overdue", 5, "0.45")  # fmt: skip
        # 888.49 due + 2.22 penalty (5 days at 0.05 %) + 25.00 late fee.
        assert Decimal(summary["total_due"]) == Decimal("888.49") + Decimal("2.22") + 25
    else:
        assert "Each further day adds" in shown and "0.45 USD" in shown
