"""The collection rules as core data: every stage of every jurisdiction has its next step,
the borrower's rights and a message to send, each translated; the law follows the
jurisdiction it is given."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from debtplan.core.collection import (
    LETTER_FOR_STAGE,
    NEXT_STEPS,
    RIGHTS,
    STAGE_NAMES,
    Standing,
    standing,
)
from debtplan.core.contacts import Jurisdiction
from debtplan.core.penalty import Stage
from debtplan.letters import KINDS

CN, US = Jurisdiction.CN, Jurisdiction.US
PO_PATH = Path(__file__).resolve().parent.parent / "debtplan/locale/zh_CN/LC_MESSAGES/debtplan.po"


@pytest.fixture(scope="module")
def chinese() -> dict[str, str]:
    """msgid -> msgstr of every entry gettext serves (translated, not fuzzy)."""
    with PO_PATH.open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN", domain="debtplan")
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


@pytest.mark.parametrize("where", list(Jurisdiction))
@pytest.mark.parametrize("at", list(Stage))
def test_every_stage_of_every_jurisdiction_has_its_rules_in_both_languages(
    where: Jurisdiction, at: Stage, chinese: dict[str, str]
) -> None:
    texts = [NEXT_STEPS[where, at], RIGHTS[where], STAGE_NAMES[at]]
    for msgid in texts:
        assert msgid.strip() and msgid in chinese, f"not translated: {msgid!r}"
        assert chinese[msgid] != msgid
    assert LETTER_FOR_STAGE[at] in KINDS
    assert set(NEXT_STEPS) == {(j, s) for j in Jurisdiction for s in Stage}
    assert set(RIGHTS) == set(Jurisdiction)


def test_each_jurisdiction_names_its_own_law_and_no_other() -> None:
    cn_texts = [RIGHTS[CN], *(NEXT_STEPS[CN, s] for s in Stage)]
    us_texts = [RIGHTS[US], *(NEXT_STEPS[US, s] for s in Stage)]
    assert "NIFA" in RIGHTS[CN] and "12378" in RIGHTS[CN] and "12363" in RIGHTS[CN]
    assert "FDCPA" in RIGHTS[US] and "CFPB" in RIGHTS[US]
    for text in cn_texts:
        assert not {"US", "FDCPA", "CFPB", "7 years"} & set(_words(text)), text
    for text in us_texts:
        assert not {"M1", "M2", "NIFA", "12378", "China", "5 years"} & set(_words(text)), text
    # What the credit report keeps, per country (docs/conventions.md#credit-report-buckets).
    assert "5 years after the debt is settled" in NEXT_STEPS[CN, Stage.LONG]
    assert "7 years from the first missed payment" in NEXT_STEPS[US, Stage.LONG]
    assert "30 days late" in NEXT_STEPS[US, Stage.MEDIUM]


def _words(text: str) -> list[str]:
    """Single words and the two-word phrases checked above."""
    words = text.replace("(", " ").replace(")", " ").replace(",", " ").replace(".", " ").split()
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@pytest.mark.parametrize(
    ("days", "stage", "bucket", "letter"),
    [
        (1, Stage.SHORT, "M1", "extension"),
        (7, Stage.SHORT, "M1", "extension"),
        (8, Stage.MEDIUM, "M1", "waiver"),
        (30, Stage.MEDIUM, "M1", "waiver"),
        (31, Stage.LONG, "M2", "installments"),
        (180, Stage.LONG, "M6", "installments"),
        (181, Stage.LONG, "M6+", "installments"),
    ],
)
def test_standing_at_the_stage_edges(days: int, stage: Stage, bucket: str, letter: str) -> None:
    for where in Jurisdiction:
        assert standing(where, days) == Standing(
            where, days, stage, bucket, NEXT_STEPS[where, stage], RIGHTS[where], letter
        )


def test_not_overdue_has_no_standing() -> None:
    assert standing(CN, 0) is None and standing("us", 0) is None and standing("cn", -3) is None


def test_the_jurisdiction_given_decides_whatever_its_spelling() -> None:
    assert standing("us", 12) == standing(US, 12)
    assert standing("us", 12).rights == RIGHTS[US]  # type: ignore[union-attr]
    assert standing("cn", 12).rights == RIGHTS[CN]  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="'uk' is not a valid Jurisdiction"):
        standing("uk", 12)


def test_the_rights_follow_the_lender_type() -> None:
    """NIFA's collection rules bind online lenders and consumer-finance companies; a card
    issuer answers to the card rules (Art. 68, 70), a bank to the bank rules and the credit
    reporting rules, a private lender to the private-lending rules and the police; in the
    US the FDCPA binds collectors, not the lender collecting its own debt."""
    from debtplan.core.collection import standing

    online = standing("cn", 12, "online")
    card = standing("cn", 12, "card")
    bank = standing("cn", 12, "bank")
    private = standing("cn", 12, "private")
    us = standing("us", 12, "bank")
    assert online is not None and "NIFA" in online.rights
    assert card is not None and "Art. 68" in card.rights and "Art. 70" in card.rights
    assert "NIFA" not in card.rights
    assert bank is not None and "NIFA" not in bank.rights and "12378" in bank.rights
    assert private is not None and "4 times the one-year LPR" in private.rights
    assert "does not report to the credit bureau" in private.rights and "NIFA" not in private.rights
    assert us is not None and "not the lender itself" in us.rights and "FCRA" in us.rights
