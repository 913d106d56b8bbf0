"""Letters to the lender: every kind in both languages, the safe filler, template overrides."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debtplan.core.contacts import Channel, Contact, Jurisdiction, find_breaches
from debtplan.letters import (
    KINDS,
    LANGS,
    PIECES,
    PLACEHOLDERS,
    Letter,
    LetterFacts,
    TemplateError,
    draft,
    format_date,
    format_datetime,
    format_money,
    installment_plan,
)
from debtplan.letters.filler import parse_pieces

D = Decimal
JURISDICTION = {"en": Jurisdiction.US, "zh": Jurisdiction.CN}
CURRENCY = {"en": "USD", "zh": "CNY"}

LOG = (
    Contact(datetime(2026, 11, 21, 10, 0), Channel.THIRD_PARTY, "called my mother"),
    Contact(datetime(2026, 11, 20, 22, 15), Channel.CALL, "said they would call my boss"),
    Contact(datetime(2026, 11, 20, 12, 0), Channel.SMS),
)


def make_facts(lang: str = "en", **changes: object) -> LetterFacts:
    """A loan 12 days overdue, with every optional fact present."""
    facts = LetterFacts(
        lang=lang,
        lender="Acme Finance",
        loan="Car loan",
        borrower="Li Lei",
        currency=CURRENCY[lang],
        as_of=date(2026, 11, 28),
        principal_owed=D("4800.00"),
        interest_owed=D("96.50"),
        penalty_owed=D("43.20"),
        fees_owed=D("30.00"),
        total_owed=D("4969.70"),
        overdue_amount=D("912.40"),
        days_overdue=12,
        stage="medium",
        next_due_date=date(2026, 12, 16),
        next_due_amount=D("888.49"),
        pay_on=date(2026, 12, 10),
        reason="Lost my job on 1 October; new job starts 5 January.",
        budget=D("420.00"),
        plan=installment_plan(D("4969.70"), D("420.00")),
        installment=D("888.49"),
        account="AC-1",
        cause="job-loss",
        pay_on_amount=D("1850.00"),
        offer=None,  # settlement: D("3500.00"), see SETTLE
        breaches=find_breaches(LOG, JURISDICTION[lang]),
        jurisdiction=JURISDICTION[lang],
        # The installment due 2026-11-16 is the one 12 days late, unpaid.
        late_payments=((date(2026, 11, 16), None),),
    )
    return dataclasses.replace(facts, **changes)  # type: ignore[arg-type]


# What make_facts lacks for a settlement: the lump sum offered.
SETTLE = {"offer": D("3500.00")}


def money(amount: str, lang: str) -> str:
    return format_money(D(amount), CURRENCY[lang], lang)


# An amount: not part of a section number such as §1006.34.
AMOUNT_RE = re.compile(r"(?<![\d§.])\d{1,3}(?:,\d{3})*\.\d{2}(?!\d)")


# --- formatting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "expected"),
    [
        ("1234.5", "USD", "en", "$1,234.50"),
        ("1234.5", "CNY", "en", "CNY 1,234.50"),
        ("1234.5", "CNY", "zh", "1,234.50元"),
        ("1234.5", "rmb", "zh", "1,234.50元"),
        ("1234.5", "USD", "zh", "1,234.50美元"),
        ("1234.5", "EUR", "zh", "1,234.50欧元"),
        ("1234.5", "CHF", "zh", "CHF 1,234.50"),
        ("0", "USD", "en", "$0.00"),
        ("1000000", "CNY", "zh", "1,000,000.00元"),
        ("1.005", "USD", "en", "$1.01"),  # half-up, not the banker's rounding of format()
        ("2.675", "CNY", "zh", "2.68元"),
    ],
)
def test_format_money(amount: str, currency: str, lang: str, expected: str) -> None:
    assert format_money(D(amount), currency, lang) == expected


def test_format_dates() -> None:
    assert format_date(date(2026, 11, 28), "en") == "November 28, 2026"
    assert format_date(date(2026, 1, 5), "zh") == "2026年1月5日"
    assert format_datetime(datetime(2026, 11, 20, 22, 15), "en") == "November 20, 2026, 10:15 p.m."
    assert format_datetime(datetime(2026, 11, 20, 0, 5), "en") == "November 20, 2026, 12:05 a.m."
    assert format_datetime(datetime(2026, 11, 20, 12, 0), "en") == "November 20, 2026, 12:00 noon"
    assert format_datetime(datetime(2026, 11, 20, 12, 5), "en") == "November 20, 2026, 12:05 p.m."
    assert format_datetime(datetime(2026, 11, 20, 21, 0, 1), "en") == (
        "November 20, 2026, 9:00:01 p.m."
    )
    assert format_datetime(datetime(2026, 11, 20, 7, 59), "zh") == "2026年11月20日 07:59"
    assert format_datetime(datetime(2026, 11, 20, 22, 0, 30), "zh") == "2026年11月20日 22:00:30"


# --- the law follows the loan, never the language ----------------------------------------

LENDER_TYPES = ("bank", "card", "consumer-finance", "online", "private")
# Each citation as each language writes it.
CITES = {
    "art678": {"zh": "第六百七十八条", "en": "Art. 678"},
    "art585": {"zh": "第五百八十五条", "en": "Art. 585"},
    "spc22": {"zh": "法发〔2017〕22号", "en": "法发〔2017〕22号"},
    "card_spc": {"zh": "银行卡民事纠纷", "en": "bank card disputes"},
    "private29": {"zh": "第二十九条", "en": "Art. 29"},
    "art70": {"zh": "第七十条", "en": "Art. 70"},
    "art68": {"zh": "第六十八条", "en": "Art. 68"},
    "nifa": {"zh": "中国互联网金融协会", "en": "NIFA"},
    "pipl45": {
        "zh": "《中华人民共和国个人信息保护法》第四十五条",
        "en": "Art. 45 of the Personal Information Protection Law",
    },
    "pboc3": {"zh": "〔2021〕第3号", "en": "〔2021〕 No. 3"},
    "art670": {"zh": "第六百七十条", "en": "Art. 670"},
    "fdcpa": {"zh": "§1692", "en": "§1692"},
    "furnisher": {"zh": "§1681s-2", "en": "§1681s-2"},
    "fcra611": {"zh": "§1681i", "en": "§1681i"},
    "credit25": {"zh": "第二十五条", "en": "Art. 25"},
}
MATRIX_ASKS = {"wrong": "overdue in 2026-10", "should": "paid on 2026-10-05",
               "missed": date(2026, 11, 16)}  # fmt: skip


def asks(kind: str) -> dict[str, object]:
    """MATRIX_ASKS, with the lump sum a settlement offers."""
    return {**MATRIX_ASKS, **(SETTLE if kind == "settlement" else {})}


def expected_citations(kind: str, jurisdiction: str, lender_type: str) -> set[str]:
    """The citations the facts of make_facts (12 days overdue, a late fee, no fee taken up
    front) call for, worked out from docs/conventions.md#messages-to-the-lender."""
    if jurisdiction == "us":
        return {
            "validation": {"fdcpa"},  # the disputed flag (furnisher) only with --dispute
            "contact-rules": {"fdcpa"},
            "credit-dispute": {"fcra611"},
        }.get(kind, set())
    charges = {"card": {"card_spc"}, "private": {"private29"}}.get(lender_type, {"spc22"})
    contact = {"card": {"art68"}, "online": {"nifa"}, "consumer-finance": {"nifa"}}
    return {
        "waiver": charges | {"art585"},
        "settlement": set(),  # a settlement forgives principal too: no charge rules
        "installments": {"art70"} if lender_type == "card" else set(),
        "hardship": {"art70"} if lender_type == "card" else set(),
        # A card states its overdraft rate and charges; a private lender its costs.
        "validation": {"pipl45"} | (set() if lender_type in ("private", "card") else {"pboc3"}),
        "contact-rules": contact.get(lender_type, set()),
        "credit-dispute": {"credit25"},
    }.get(kind, set())


@pytest.mark.parametrize("lender_type", LENDER_TYPES)
@pytest.mark.parametrize("jurisdiction", ["cn", "us"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", [k for k in KINDS if k != "complaint"])
def test_citations_follow_jurisdiction_and_lender_type(
    kind: str, lang: str, jurisdiction: str, lender_type: str
) -> None:
    facts = make_facts(lang, jurisdiction=Jurisdiction(jurisdiction), lender_type=lender_type,
                       **asks(kind))  # fmt: skip
    if kind == "non-malicious" and jurisdiction == "us":
        with pytest.raises(TemplateError, match="credit-dispute"):
            draft(kind, facts)
        return
    letter = draft(kind, facts)
    text = letter.subject + "\n" + letter.body
    found = {name for name, words in CITES.items() if words[lang] in text}
    assert found == expected_citations(kind, jurisdiction, lender_type)
    assert "{{" not in text and "贵方" not in text
    assert "  " not in text.replace("\n   ", "\n")  # no gap where a piece was left out


def test_extension_cites_art_678_only_before_the_payment_is_late() -> None:
    # Not late; paying on 2026-12-20, after the installment due 2026-12-16.
    current = make_facts("zh", days_overdue=0, overdue_amount=D("0"), pay_on=date(2026, 12, 20))
    assert "第六百七十八条" in draft("extension", current).body
    assert "第六百七十八条" not in draft("extension", make_facts("zh")).body


def test_art_670_only_where_a_fee_was_taken_up_front() -> None:
    assert "第六百七十条" in draft("validation", make_facts("zh", upfront_fee=True)).body
    assert "第六百七十条" not in draft("validation", make_facts("zh")).body


def test_art_585_only_where_there_is_a_late_fee() -> None:
    """Art. 585 covers 违约金 only: a loan with penalty interest and no late fee does not
    cite it (total 4969.70 - 30.00 = 4939.70)."""
    facts = make_facts("zh", fees_owed=D("0"), total_owed=D("4939.70"), plan=None)
    body = draft("waiver", facts).body
    assert "第五百八十五条" not in body and "法发〔2017〕22号" in body
    assert "违约金" not in body.split("根据")[0]  # the breakdown leaves the zero item out


# --- figures: what the facts say, in full -------------------------------------------------


# What each kind of account's past-due amount is called: a flat loan's installments are
# principal and a service fee (never 本息, "principal and interest"), a card's are its
# minimum payments.
PAST_DUE_WORDS = {
    ("zh", "flat"): "逾期本金及服务费912.40元",
    ("en", "flat"): "the past-due principal and service fees of $912.40",
    ("zh", "loan"): "逾期本息912.40元",
    ("en", "loan"): "the past-due principal and interest of $912.40",
    ("zh", "card"): "逾期未还的最低还款额912.40元",
    ("en", "card"): "the past-due minimum payments of $912.40",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("account", ["flat", "loan", "card"])
def test_the_past_due_amount_is_named_by_what_the_account_owes(lang: str, account: str) -> None:
    """Every letter that states the 912.40 past due names it for what it is; the words of
    the other kinds of account appear in none of them."""
    changes = {"flat": {"flat": True}, "loan": {}, "card": {"lender_type": "card"}}[account]
    facts = make_facts(lang, currency=CURRENCY[lang], **changes)  # type: ignore[arg-type]
    waiver = draft("waiver", facts).body
    assert PAST_DUE_WORDS[lang, account] in waiver
    others = {
        words.split("912.40")[0].split("$")[0].removesuffix(" of ")
        for (other_lang, kind), words in PAST_DUE_WORDS.items()
        if other_lang == lang and kind != account
    }
    for kind in ("extension", "waiver", "installments", "hardship", "settlement"):
        body = draft(kind, dataclasses.replace(facts, **asks(kind))).body  # type: ignore[arg-type]
        assert not any(word in body for word in others), (kind, others)
        if account != "loan":
            assert "本息" not in body and "principal and interest" not in body, kind


def test_a_waiver_subject_names_no_charge_the_account_does_not_have() -> None:
    """息费 (interest and fees) fits a loan with penalty interest, a card's interest and a
    US loan's late fees alike; 罚息 in the subject would not."""
    no_penalty = {"penalty_interest": False, "penalty_owed": D(0), "total_owed": D("4926.50"),
                  "plan": None}  # fmt: skip
    for changes in ({}, {"lender_type": "card"}, no_penalty):
        subject = draft("waiver", make_facts("zh", **changes)).subject
        assert subject == "息费减免申请（合同编号/账号：AC-1）"


def test_breakdown_names_a_flat_fee_a_service_fee_and_leaves_zero_items_out() -> None:
    facts = make_facts("zh", flat=True, penalty_owed=D("0"), total_owed=D("4926.50"),
                       plan=installment_plan(D("4926.50"), D("420.00")))  # fmt: skip
    body = draft("waiver", facts).body
    assert "其中本金4,800.00元、服务费96.50元、违约金30.00元。" in body
    assert "罚息" not in body.split("。")[1] and "利息" not in body.split("。")[1]
    en = draft("waiver", dataclasses.replace(facts, lang="en", currency="USD")).body
    assert (
        "made up of $4,800.00 in principal, $96.50 in monthly service fees and $30.00 in late fees."
        in en
    )


def test_extension_promises_everything_due_by_the_date() -> None:
    body = draft("extension", make_facts("en")).body
    assert "comes to $1,850.00. I can pay $1,850.00, in full, on December 10, 2026." in body
    assert "2. not charge late fees or penalty interest for the days in between; and" in body


@pytest.mark.parametrize(
    ("lang", "penalty", "figures", "waive"),
    [
        ("en", "2.40",
         "comes to $1,850.00. Of that, $12.40 is added from November 29, 2026 to December "
         "10, 2026 ($2.40 in penalty interest and $10.00 in late fees). Without those charges, "
         "what is due comes to $1,837.60, and I can pay it in full on December 10, 2026.",
         "2. not charge the $2.40 in penalty interest and $10.00 in late fees added from "
         "November 29, 2026 to December 10, 2026, so that $1,837.60 pays everything due by "
         "December 10, 2026; and"),
        ("en", "0",  # a flat late fee only: no "penalty interest", no "days in between"
         "Of that, $12.40 is added from November 29, 2026 to December 10, 2026 ($12.40 in "
         "late fees). Without those charges",
         "2. not charge the $12.40 in late fees added from November 29, 2026 to December 10, 2026, "
         "so that $1,837.60"),
        ("en", "12.40",
         "($12.40 in penalty interest). Without those charges",
         "2. not charge the $12.40 in penalty interest added from November 29, 2026 to "
         "December 10, 2026, so that"),
        ("zh", "2.40",
         "为1,850.00元。其中12.40元为2026年11月29日至2026年12月10日期间新增的费用（罚息2.40元、"
         "违约金10.00元）。不计这部分费用，应还款项为1,837.60元，我可以在2026年12月10日足额归还。",
         "二、不计收2026年11月29日至2026年12月10日期间新增的罚息2.40元、违约金10.00元，我归还1,837.60元即还清"
         "2026年12月10日前到期的全部款项；"),
        ("zh", "0",
         "期间新增的费用（违约金12.40元）。不计这部分费用",
         "二、不计收2026年11月29日至2026年12月10日期间新增的违约金12.40元，我归还1,837.60元"),
    ],
)  # fmt: skip
def test_extension_names_the_charges_it_asks_to_drop_by_what_they_are(
    lang: str, penalty: str, figures: str, waive: str
) -> None:
    """1,850.00 due by 2026-12-10, of which 12.40 is charges added from 2026-11-28 (penalty
    interest ``penalty``, the rest late fees): without them 1,850.00 - 12.40 = 1,837.60."""
    facts = make_facts(lang, pay_on_charges=D("12.40"), pay_on_penalty=D(penalty))
    body = draft("extension", facts).body
    assert figures in body and waive in body
    # The borrower offers what is due without the charges the letter asks to drop, never
    # the larger figure as well (that would concede them).
    assert "I can pay $1,850.00" not in body and "归还1,850.00元" not in body
    for wrong in ("penalty interest and late fees added", "for the days in between",
                  "新增的罚息和违约金", "在此期间"):  # fmt: skip
        assert wrong not in body
    if penalty == "0":
        assert "penalty interest" not in body.split("I ask you")[-1] and "罚息" not in body[-200:]
    assert "I will keep" not in body and "cannot pay on time" not in body


@pytest.mark.parametrize("lang", LANGS)
def test_plan_names_the_count_the_amount_and_the_last_and_adds_up(lang: str) -> None:
    """4,969.70 at 420.00 a month: 11 x 420.00 = 4,620.00, and a last one of 349.70."""
    body = draft("installments", make_facts(lang)).body
    if lang == "en":
        assert ("12 monthly payments: 11 of $420.00 and a last one of $349.70, $4,969.70 in "
                "all") in body  # fmt: skip
    else:
        assert "分12期，前11期每期420.00元，最后一期（第12期）349.70元，合计4,969.70元" in body


@given(total=st.decimals("0.01", "100000", places=2), monthly=st.decimals("0.01", "5000", places=2))
def test_installment_plan_adds_up_to_the_total(total: Decimal, monthly: Decimal) -> None:
    plan = installment_plan(total, monthly)
    assert plan.total == total
    assert D("0") < plan.last <= plan.amount == monthly
    assert plan.count == 1 or monthly * (plan.count - 1) < total


@pytest.mark.parametrize("kind", ["installments", "hardship"])
def test_a_budget_at_or_above_the_contract_payment_is_refused(kind: str) -> None:
    facts = make_facts("en", budget=D("888.49"), plan=installment_plan(D("4969.70"), D("888.49")))
    with pytest.raises(TemplateError, match="--kind extension"):
        draft(kind, facts)


def test_card_plan_longer_than_60_months_is_refused() -> None:
    facts = make_facts("zh", lender_type="card", budget=D("50"),
                       plan=installment_plan(D("4969.70"), D("50")))  # fmt: skip
    with pytest.raises(TemplateError, match="82.83"):  # 4969.70 / 60 = 82.828... -> 82.83
        draft("installments", facts)


def test_budget_is_for_this_lender_and_the_total_budget_is_never_disclosed() -> None:
    """--total-budget 1,500.00 is never told to one creditor: the letter says only that
    this account's 420.00 is the part of it the borrower can give this account (not its
    "fair share": nothing shows it is one)."""
    body = draft("installments", make_facts("en", total_budget=D("1500"))).body
    assert "I can pay $420.00 a month on this account." in body
    assert (
        "I can pay $420.00 a month on this account. I have other creditors to pay as well; "
        "this is the part of my monthly budget I can set aside for this account."
    ) in body
    assert "fair share" not in body
    assert "1,500.00" not in body and "all my debts" not in body
    assert "fair share" not in draft("installments", make_facts("en")).body
    zh = draft("hardship", make_facts("zh", total_budget=D("1500"))).body
    assert (
        "我每月能用于偿还该笔贷款的金额为420.00元。除本笔欠款外，我还有其他欠款需要偿还，上述金额是"
        "我每月还款预算中可用于该笔贷款的部分。"
    ) in zh
    assert "合理份额" not in zh
    assert "1,500.00" not in zh and "全部债务的金额为" not in zh


@pytest.mark.parametrize(
    ("cause", "zh", "en"),
    [
        ("job-loss", "离职证明", "proof that my employment ended"),
        ("illness", "病历", "medical records"),
    ],
)
def test_evidence_offered_matches_the_cause(cause: str, zh: str, en: str) -> None:
    zh_body = draft("hardship", make_facts("zh", cause=cause)).body
    en_body = draft("hardship", make_facts("en", cause=cause)).body
    assert f"附件：{zh}" in zh_body and f"Enclosures: {en}" in en_body
    other = "病历" if cause == "job-loss" else "离职证明"
    assert other not in zh_body


def test_reason_is_quoted_as_a_sentence() -> None:
    assert "情况说明：3月失业。" in draft("waiver", make_facts("zh", reason="3月失业")).body
    assert (
        "What has changed: lost my job."
        in draft("waiver", make_facts("en", reason="lost my job")).body
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["validation", "contact-rules", "complaint", "credit-dispute"])
def test_no_admissions_where_they_hurt(kind: str, lang: str) -> None:
    body = draft(kind, make_facts(lang, **MATRIX_ASKS)).body
    assert AMOUNT_RE.findall(body) == []  # no balance
    for words in ("12 days", "past due", "逾期12天", "已逾期"):  # no days past due
        assert words not in body


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_no_promise_and_no_request_to_misreport(kind: str, lang: str) -> None:
    text = draft(kind, make_facts(lang, jurisdiction=Jurisdiction.CN, **asks(kind))).body
    for words in ("within 7 days of receiving", "I will keep", "not report", "7日内",
                  "不再向征信系统报送", "不因本次"):  # fmt: skip
        assert words not in text


def test_letters_are_addressed_to_the_lender_with_the_account_or_a_blank() -> None:
    body = draft("waiver", make_facts("zh")).body
    assert body.startswith("Acme Finance：\n\n合同编号/账号：AC-1\n")
    blank = draft("waiver", make_facts("en", account="", lender="")).body
    assert "To: ____________ (lender's name)\nAccount number: ____________ (contract or " in blank


def test_card_letters_speak_of_the_cardholder_and_waive_interest_too() -> None:
    """A card's waiver asks to cut the interest its missed minimums bear (43.20) and 违约金
    (30.00), not the interest inside the minimums (96.50) the cardholder pays with the
    past-due 912.40 to bring the account current; the rest follows the card agreement.
    No 本息, no installments, no 罚息 on a card."""
    body = draft("waiver", make_facts("zh", lender_type="card")).body
    assert "我是上述账户的持卡人" in body and "持卡人：Li Lei" in body
    assert "其中本金4,800.00元、利息139.70元、违约金30.00元。" in body  # one interest
    assert (
        "现申请减免逾期最低还款额产生的利息43.20元、违约金30.00元，由我归还逾期未还的最低还款额"
        "912.40元，使该账户恢复正常状态。" in body
    )
    assert "其余款项按信用卡领用合约约定还款" in body
    assert "本息" not in body and "罚息" not in body
    en = draft("waiver", make_facts("en", lender_type="card")).body
    assert (
        "and to accept the past-due minimum payments of $912.40 as bringing the account "
        "current." in en
    )
    assert "with the rest repaid as the card agreement provides" in en
    assert "installment" not in en and "principal and interest" not in en


def test_non_malicious_names_the_missed_date_reason_and_documents() -> None:
    body = draft("non-malicious", make_facts("zh", oldest_due_date=date(2026, 11, 16))).body
    assert "该账户2026年11月16日到期的款项未能按时归还" in body
    assert "我可以提供离职证明（或解除劳动合同通知书）、近期收入证明" in body


def test_credit_dispute_says_what_is_wrong_and_what_it_should_say() -> None:
    body = draft("credit-dispute", make_facts("zh", **MATRIX_ASKS)).body
    assert "一、报告中的记录：overdue in 2026-10。\n二、应当更正为：paid on 2026-10-05。" in body
    assert "20日内" in body and "中国人民银行征信中心" in body
    en = draft("credit-dispute", make_facts("en", jurisdiction=Jurisdiction.US, **MATRIX_ASKS))
    assert "within 30 days" in en.body and "Equifax" in en.body


@pytest.mark.parametrize("lang", LANGS)
def test_credit_dispute_goes_where_the_loans_law_sends_it(lang: str) -> None:
    """A cn loan: to the lender and 中国人民银行征信中心, 20 days (征信业管理条例 Art. 25), in
    either language; a us loan: to the bureau, FCRA §611, 30 days, never the 20-day rule.
    The enclosure is the credit report, never the job-loss documents of make_facts' cause;
    proof of payment only when the book records the payment --should names (2026-10-05)."""
    cn = draft("credit-dispute", make_facts(lang, jurisdiction=Jurisdiction.CN, **MATRIX_ASKS))
    us = draft("credit-dispute", make_facts(lang, jurisdiction=Jurisdiction.US, **MATRIX_ASKS))
    if lang == "en":
        assert (
            "\nTo: Acme Finance; and the Credit Reference Center of the People's Bank of "
            "China (中国人民银行征信中心)\n" in cn.body
        )
        assert "Equifax" not in cn.body and "30 days" not in cn.body
        assert "within 20 days" in cn.body
        assert (
            "\nTo: ____________ (the credit bureau that reports it: Equifax, Experian or "
            "TransUnion); copy to the creditor, Acme Finance\n" in us.body
        )
        assert "20 days" not in us.body and "within 30 days" in us.body
        enclosure = (
            "Enclosures: a copy of my credit report, with the item in dispute marked, and a "
            "copy of my ID"
        )
        proof = None
        assert "\nAddress: ____________\nDate of birth: ____________\n" in us.body
        assert "\nID card number: ____________\nPhone: ____________\n" in cn.body
        assert "employment" not in cn.body + us.body
    else:
        assert cn.body.startswith("Acme Finance、中国人民银行征信中心：\n")
        assert "20日内" in cn.body and "30天" not in cn.body
        assert us.body.startswith(
            "＿＿＿＿＿＿（报送该信息的征信机构：Equifax、Experian或"
            "TransUnion）；抄送债权人Acme Finance：\n"
        )
        assert "20日" not in us.body and "30天内" in us.body and "征信中心" not in us.body
        enclosure = "附件：个人信用报告（已标出有误的记录）、本人身份证件复印件"
        proof = None
        assert "\n地址：＿＿＿＿＿＿＿＿\n出生日期：＿＿＿＿＿＿＿＿\n社会安全号码后四位" in us.body
        assert "\n身份证号码：＿＿＿＿＿＿＿＿\n联系电话：＿＿＿＿＿＿＿＿\n" in cn.body
        assert "离职" not in cn.body + us.body
    assert cn.body.endswith(enclosure) and us.body.endswith(enclosure)
    paid = ((date(2026, 10, 16), date(2026, 10, 5)),)  # paid 2026-10-05, due 2026-10-16
    for jurisdiction in Jurisdiction:
        facts = make_facts(lang, jurisdiction=jurisdiction, paid_dates=paid, **MATRIX_ASKS)
        paid_enclosure = {
            "en": "Enclosures: a copy of my credit report, with the item in dispute marked, a "
            "copy of my ID, and proof of payment (bank statement or payment receipt)",
            "zh": "附件：个人信用报告（已标出有误的记录）、本人身份证件复印件、还款凭证（银行流水或"
            "还款回单）",
        }[lang]
        assert proof is None and draft("credit-dispute", facts).body.endswith(paid_enclosure)


@pytest.mark.parametrize(
    ("should", "wrong", "refused"),
    [
        ("paid on time", "overdue in 2026-10", ["2026-10-16 -> 2026-10-20"]),
        ("按时还款", "2026年11月逾期", ["2026-11-16 -> -"]),
        ("not overdue", "overdue", ["2026-10-16 -> 2026-10-20", "2026-11-16 -> -"]),
        ("paid on time", "overdue in 2026-09", []),  # September is not late in the book
        ("balance 900.00", "balance 9,000.00", []),  # no claim of on-time payment
    ],
)
def test_credit_dispute_refuses_a_claim_the_book_contradicts(
    should: str, wrong: str, refused: list[str]
) -> None:
    late = ((date(2026, 10, 16), date(2026, 10, 20)), (date(2026, 11, 16), None))
    facts = make_facts("en", wrong=wrong, should=should, late_payments=late)
    if refused:
        with pytest.raises(TemplateError) as error:
            draft("credit-dispute", facts)
        assert len(re.findall(r"\d{4}-\d\d-\d\d -> ", str(error.value))) == len(refused)
        for item in refused:
            assert item in str(error.value)
        draft("credit-dispute", dataclasses.replace(facts, force=True))  # --force writes it
    else:
        assert "What it should show: " + should in draft("credit-dispute", facts).body


@pytest.mark.parametrize(
    ("should", "refused"),
    [
        # the October installment, due 10-16, was paid on 10-16: "10-05" is another day
        ("paid on time on 2026-10-05", ["2026-10-16 -> 2026-10-16"]),
        ("2026年10月5日已按时还款", ["2026-10-16 -> 2026-10-16"]),
        ("paid on time on 2026-10-16", []),  # the day the book shows
        ("paid on time on 2026-09-12", []),  # September's installment paid that day
        ("balance 0 as of 2026-10-05", []),  # names no payment
    ],
)
def test_credit_dispute_refuses_a_payment_date_the_book_contradicts(
    should: str, refused: list[str]
) -> None:
    paid = ((date(2026, 9, 16), date(2026, 9, 12)), (date(2026, 10, 16), date(2026, 10, 16)))
    facts = make_facts("en", wrong="overdue in 2026-10", should=should, paid_dates=paid)
    if refused:
        with pytest.raises(TemplateError, match="does not match the payments recorded") as error:
            draft("credit-dispute", facts)
        assert re.findall(r"\d{4}-\d\d-\d\d -> \S+", str(error.value)) == refused
        body = draft("credit-dispute", dataclasses.replace(facts, force=True)).body
        assert "What it should show: " + should in body  # --force writes it
    else:
        assert draft("credit-dispute", facts).body.count(should) == 1


@pytest.mark.parametrize(
    ("kind", "lang", "expected"),
    [
        # A plan asks for the deferral only if the plan is refused: the two contradict.
        (
            "installments",
            "en",
            "If you cannot agree to this plan, please tell me in writing "
            "whether you offer a deferral that moves the missed payments to the end of the loan.",
        ),
        ("hardship", "zh", "并考虑将逾期未还的各期顺延至贷款期末。"),
        ("extension", "en", "I ask you to hold any repossession."),
        ("extension", "zh", "请暂缓收车或处置车辆。"),
        (
            "settlement",
            "en",
            "on receipt of $3,500.00, please release your lien on the vehicle "
            "and send me its title.",
        ),
        ("settlement", "zh", "收到上述3,500.00元后，请解除车辆抵押登记，并将车辆权属证书交还"),
    ],
)
def test_a_car_loan_defers_missed_payments_only_in_a_plan(
    kind: str, lang: str, expected: str
) -> None:
    """Moving the missed payments to the end contradicts an extension (which pays them) and
    a full and final settlement; a settlement asks for the lien release and the title."""
    body = draft(kind, make_facts(lang, vehicle=True, **SETTLE)).body
    assert expected in body
    if kind not in ("installments", "hardship"):
        assert "end of the loan" not in body and "顺延" not in body


@pytest.mark.parametrize(
    ("lang", "disputed"),
    [
        ("en", "report it as disputed by the consumer (15 U.S.C. §1681s-2(a)(3))."),
        ("zh", "请注明该信息存在消费者异议（15 U.S.C. §1681s-2(a)(3)）。"),
    ],
)
def test_validation_asks_for_the_disputed_flag_only_with_dispute(lang: str, disputed: str) -> None:
    facts = make_facts(lang, jurisdiction=Jurisdiction.US, currency="USD")
    assert disputed not in draft("validation", facts).body
    assert "1681s-2" not in draft("validation", facts).body
    body = draft("validation", dataclasses.replace(facts, dispute=True)).body
    assert body.count(disputed) == 1


@pytest.mark.parametrize(
    ("lang", "current", "past_due"),
    [
        (
            "en",
            "accept the past-due principal and interest of $912.40 as bringing the account "
            "current.",
            "accept $912.40 as paying the past-due principal and interest as of November 28, 2026.",
        ),
        (
            "zh",
            "由我归还逾期本息912.40元，使该账户恢复正常状态。",
            "由我归还截至2026年11月28日逾期本息912.40元。",
        ),
    ],
)
def test_a_waiver_calls_the_account_current_only_if_nothing_else_falls_due_first(
    lang: str, current: str, past_due: str
) -> None:
    """make_facts: 912.40 past due, the next installment due 2026-12-16. Paying on 12-10
    brings the account current; paying on 12-20, after the 12-16 installment, does not."""
    before = draft("waiver", make_facts(lang, pay_on=date(2026, 12, 10))).body
    assert current in before and past_due not in before
    after = draft("waiver", make_facts(lang, pay_on=date(2026, 12, 20))).body
    assert past_due in after and current not in after
    assert "account current" not in after and "恢复正常" not in after


@pytest.mark.parametrize("kind", ["waiver"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_24_percent_line_only_for_a_loan_that_costs_24_percent_or_more(
    kind: str, lang: str
) -> None:
    """法发〔2017〕22号 lets a borrower ask to cut charges above 24% a year all in: a loan
    whose real cost is 18.50% has no such ground; one at 24.00% or 35.90% has."""
    spc = {"zh": "法发〔2017〕22号）第二条", "en": "(法发〔2017〕22号), a borrower may ask"}[lang]
    for apr, cited in (("18.50", False), ("23.99", False), ("24.00", True), ("35.90", True)):
        facts = make_facts(lang, jurisdiction=Jurisdiction.CN, lender_type="online",
                           cost_apr=D(apr), **asks(kind))  # fmt: skip
        assert (spc in draft(kind, facts).body) is cited, apr
    card = make_facts(lang, jurisdiction=Jurisdiction.CN, lender_type="card",
                      cost_apr=D("18.25"), **asks(kind))  # fmt: skip
    assert "2017" not in draft(kind, card).body  # a card cites the bank-card rules


@pytest.mark.parametrize(
    ("conduct", "en", "zh"),
    [
        ("threat", "As for the threats, these may be crimes: I may report them to the police "
         "(110) at any time, whatever your reply.\n",
         "其中威胁恐吓行为涉嫌违法，我可以随时向公安机关（110）报案"),
        ("impersonation", "As for posing as the police, the procuratorate or a court, these may "
         "be crimes", "其中冒充公安、检察院或法院行为涉嫌违法"),
        ("fake-legal", "As for the fake legal documents, these may be crimes",
         "其中伪造法律文书行为涉嫌违法"),
    ],
)  # fmt: skip
def test_complaint_tells_the_police_only_of_the_matters_logged(
    conduct: str, en: str, zh: str
) -> None:
    from debtplan.core.contacts import Conduct

    logged = [Contact(datetime(2026, 11, 20, 12, 0), Channel.CALL, conduct=(Conduct(conduct),))]
    breaches = find_breaches(logged, Jurisdiction.CN)
    body = draft("complaint", make_facts("en", jurisdiction=Jurisdiction.CN,
                                         breaches=breaches)).body  # fmt: skip
    zh_body = draft("complaint", make_facts("zh", breaches=breaches)).body
    assert en in body and zh in zh_body
    others = {"threat": ("threats", "威胁"), "impersonation": ("posing", "冒充"),
              "fake-legal": ("fake legal", "伪造")}  # fmt: skip
    # The police are told apart from the list of places, and whatever the reply.
    police_en = body.split("I will take this complaint")[1].split("\n\n")[2]
    police_zh = zh_body.split("向以下机构投诉：")[1].split("\n\n")[2]
    assert "110" in police_en and "110" in police_zh
    for other, (word_en, word_zh) in others.items():
        if other != conduct:
            assert word_en not in police_en and word_zh not in police_zh
    assert "冒充公检法" not in zh_body


# --- user templates ------------------------------------------------------------------------


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_user_template_replaces_the_packaged_one_for_its_kind_only(tmp_path: Path) -> None:
    write(tmp_path, "en/waiver.txt", "Subject: Waive {{loan}}\n\nPlease waive {{waiver_items}}.\n")
    assert draft("waiver", make_facts(), template_dir=tmp_path) == Letter(
        "waiver",
        "en",
        "Waive Car loan",
        "Please waive $43.20 in penalty interest and $30.00 in late fees.",
    )
    packaged = draft("settlement", make_facts(**SETTLE))
    assert draft("settlement", make_facts(**SETTLE), template_dir=tmp_path) == packaged
    assert draft("waiver", make_facts("zh"), template_dir=tmp_path) == draft(
        "waiver", make_facts("zh")
    )


def test_unknown_placeholder_names_it_the_file_and_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "en/waiver.txt", "Subject: Waive\n\nDear {{lender}},\n\nI owe {{totl_owed}}.\n"
    )
    with pytest.raises(TemplateError) as caught:
        draft("waiver", make_facts(), template_dir=tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line 5: unknown placeholder {{{{totl_owed}}}}; known: ")
    assert "total_owed" in message and "principal_owed" in message


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("I owe {{ total owed }}.", "{{ total owed }} is not a placeholder"),
        ("I owe {{total_owed}.", "unmatched {{ or }}"),
        ("I owe {total_owed}}.", "unmatched {{ or }}"),
        ("I owe {{}}.", "{{}} is not a placeholder"),
    ],
)
def test_malformed_placeholders_are_errors(tmp_path: Path, line: str, match: str) -> None:
    write(tmp_path, "zh/waiver.txt", f"Subject: x\n\n{line}\n")
    with pytest.raises(TemplateError, match=re.escape(f"waiver.txt, line 3: {match}")):
        draft("waiver", make_facts("zh"), template_dir=tmp_path)


def test_placeholder_spacing_is_allowed(tmp_path: Path) -> None:
    write(tmp_path, "en/waiver.txt", "Subject: x\n\nI owe {{ total_owed }}.")
    assert draft("waiver", make_facts(), template_dir=tmp_path).body == "I owe $4,969.70."


def test_missing_value_in_a_user_template_names_the_option(tmp_path: Path) -> None:
    write(tmp_path, "en/waiver.txt", "Subject: x\n\nI offer {{offer}}.\n")
    with pytest.raises(
        TemplateError, match=r"line 3: \{\{offer\}\} needs a value; pass --offer AMOUNT"
    ):
        draft("waiver", make_facts(offer=None), template_dir=tmp_path)


def test_template_must_start_with_a_subject_line(tmp_path: Path) -> None:
    write(tmp_path, "en/waiver.txt", "Dear {{lender}},\n\nPlease waive.\n")
    with pytest.raises(
        TemplateError, match="line 1: a message template starts with a line 'Subject: ...'"
    ):
        draft("waiver", make_facts(), template_dir=tmp_path)
    write(tmp_path, "en/waiver.txt", "Subject: x\nDear {{lender}},\n")
    with pytest.raises(TemplateError, match="line 2: a message template starts"):
        draft("waiver", make_facts(), template_dir=tmp_path)


def test_user_template_with_bom_and_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "en" / "waiver.txt"
    path.parent.mkdir()
    path.write_bytes(
        "\ufeffSubject: Waive {{loan}}\r\n\r\n"
        "Line one\r\n{{reason_paragraph}}\r\n\r\nEnd\r\n".encode()
    )
    letter = draft("waiver", make_facts(reason=None), template_dir=tmp_path)
    assert (letter.subject, letter.body) == ("Waive Car loan", "Line one\nEnd")


def test_user_template_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "zh" / "waiver.txt"
    path.parent.mkdir()
    path.write_bytes("Subject: 减免\n\n罚息\n".encode("gb18030"))
    with pytest.raises(TemplateError, match="is not UTF-8 text; save it as UTF-8"):
        draft("waiver", make_facts("zh"), template_dir=tmp_path)


def test_user_pieces_replace_single_pieces(tmp_path: Path) -> None:
    write(tmp_path, "en/pieces.txt", "# mine\n[status.overdue]\nBehind by {{days_overdue}} days.\n")
    body = draft("waiver", make_facts(), template_dir=tmp_path).body
    assert "$30.00 in late fees. Behind by 12 days.\n" in body
    # Every other piece is still the packaged one.
    assert "as bringing the account current." in body


def test_user_pieces_with_an_unknown_piece_or_placeholder(tmp_path: Path) -> None:
    write(tmp_path, "en/pieces.txt", "\n[status.overdu]\nBehind.\n")
    with pytest.raises(TemplateError, match=r"pieces.txt, line 2: unknown piece \[status.overdu\]"):
        draft("waiver", make_facts(), template_dir=tmp_path)
    write(tmp_path, "en/pieces.txt", "[status.due]\nDue {{due_date}}.\n")
    # Checked when loaded, even though this loan is overdue and would not use the piece.
    with pytest.raises(
        TemplateError, match=r"pieces.txt, line 2: unknown placeholder \{\{due_date\}\}"
    ):
        draft("waiver", make_facts(), template_dir=tmp_path)
    write(tmp_path, "en/pieces.txt", "[breach_note]\nNote: {{note}} at {{when}}\n")
    with pytest.raises(TemplateError, match=r"unknown placeholder \{\{when\}\}"):
        draft("complaint", make_facts(), template_dir=tmp_path)


# --- the packaged templates ------------------------------------------------------------


def packaged(lang: str, name: str) -> str:
    return resources.files("debtplan.letters").joinpath("templates", lang, name).read_text("utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_pieces_files_define_every_piece_and_nothing_else(lang: str) -> None:
    names = parse_pieces(packaged(lang, "pieces.txt"), "pieces.txt")
    assert sorted(names) == sorted(PIECES)
    assert [name for name, text in names.items() if not text.lines] == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_packaged_templates_use_only_known_placeholders(kind: str, lang: str) -> None:
    text = packaged(lang, f"{kind}.txt")
    used = set(re.findall(r"\{\{(\w+)\}\}", text))
    assert used <= set(PLACEHOLDERS)
    assert text.startswith("Subject: ")
    assert "account" in used and "borrower" in used
    assert "reply_by" in used or kind == "credit-dispute"  # the law sets its deadline


# --- the complaint: each breach with its rule and evidence, the route by jurisdiction ----

SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # sha256(b"test")


def complaint_facts(lang: str, jurisdiction: Jurisdiction, *, card: bool = False) -> LetterFacts:
    from debtplan.core.contacts import Conduct
    from debtplan.core.model import Evidence

    threat = Contact(datetime(2026, 11, 20, 12, 0), Channel.CALL, "said police would come",
                     (Conduct.THREAT, Conduct.IMPERSONATION), True,
                     (Evidence("/rec/1120.m4a", SHA),))  # fmt: skip
    blast = Contact(datetime(2026, 11, 21, 9, 0), Channel.SMS, conduct=(Conduct.CONTACTS_BLAST,))
    return make_facts(lang, jurisdiction=jurisdiction, lender_type="card" if card else "online",
                      breaches=find_breaches([blast, threat], jurisdiction, card=card))  # fmt: skip


def test_complaint_china_in_chinese_lists_rules_evidence_and_the_route_with_the_police() -> None:
    body = draft("complaint", complaint_facts("zh", Jurisdiction.CN)).body
    pact = "中国互联网金融协会《互联网金融逾期债务催收自律公约（试行）》"
    assert (
        f"1. 2026年11月20日 12:00，电话：威胁、恐吓（不符合{pact}第十五条、第十六条）\n"
        f"2. 2026年11月20日 12:00，电话：冒充公安、检察院、法院或律师（不符合{pact}）\n"
        "   记录：said police would come\n"
        f"   证据：1120.m4a（SHA-256：{SHA}）\n"
        "3. 2026年11月21日 09:00，短信：向我手机通讯录中的联系人催收、告知债务（“爆通讯录”，"
        f"不符合{pact}第十三条、第十四条、第十八条）\n"
    ) in body
    assert "每个文件后附有其SHA-256值；日后提供原件时，可据此核验文件自本函发出后未被改动。" in body
    assert (
        # An online lender: most often a small-loan company, supervised locally first.
        "我将依次向以下机构投诉：\n\n"
        "1. 当地地方金融管理局（如您为小额贷款公司）\n"
        "2. 中国互联网金融协会举报平台（如您为协会会员）\n"
        "3. 国家金融监督管理总局（12378）或中国人民银行（12363）\n\n"
        "其中威胁恐吓、冒充公安、检察院或法院行为涉嫌违法，我可以随时向公安机关（110）报案，"
        "不以您的答复为前提。\n"
    ) in body
    assert "五、今后仅在每日8:00至22:00之间与我本人联系，不得联系任何第三人。" in body


def test_complaint_china_in_english_cites_chinese_rules_and_routes() -> None:
    """The law follows the loan: an English complaint about a Chinese loan cites NIFA
    and goes to 12378, not to the CFPB."""
    body = draft("complaint", complaint_facts("en", Jurisdiction.CN)).body
    assert (
        "1. November 20, 2026, 12:00 noon (call): threats or intimidation (NIFA 2018 collection "
        "self-discipline pact, Art. 15-16)\n"
    ) in body
    # The file's name, not the folder it is kept in on the borrower's computer.
    assert f"   Evidence: 1120.m4a (SHA-256 {SHA})\n" in body and "/rec/" not in body
    assert (
        "3. the National Financial Regulatory Administration (12378) or the People's Bank of "
        in body
    )
    # Only the police matters logged (a threat and impersonation; no fake documents).
    assert (
        "As for the threats and posing as the police, the procuratorate or a court, these may "
        "be crimes: I may report them to the police (110) at any time, whatever your reply.\n"
    ) in body
    assert "fake legal documents" not in body
    assert "between 8:00 a.m. and 10:00 p.m." in body
    assert "§" not in body and "Consumer Financial" not in body


def test_complaint_us_in_chinese_cites_the_fdcpa_and_goes_to_the_cfpb() -> None:
    body = draft("complaint", complaint_facts("zh", Jurisdiction.US)).body
    # The connected noon call is a conversation; the next day's text is not a call.
    assert (
        "1. 2026年11月20日 12:00，电话：以暴力或依法不能采取的行动相威胁（美国《公平债务催收法》"
        "第1692d(1)条、第1692e(5)条）" in body
    )
    # Written to the creditor itself: the FDCPA binds its collectors, not it.
    assert "如系您委托的债务催收机构所为，则违反所列条款" in body and "（违反美国" not in body
    assert (
        "1. 美国消费者金融保护局（CFPB，consumerfinance.gov/complaint）\n"
        "2. 我所在州的总检察长办公室\n"
        "3. 美国联邦贸易委员会（FTC，ReportFraud.ftc.gov）\n"
    ) in body
    assert "12378" not in body and "公安机关" not in body and "NIFA" not in body


def test_complaint_without_a_police_matter_leaves_the_police_out() -> None:
    # quiet hours and a third party, with an online lender
    body = draft("complaint", make_facts("zh", lender_type="online")).body
    assert "110" not in body and body.count("\n3. ") == 1  # three places after the lender
    assert "SHA-256" not in body  # no evidence logged: no evidence paragraph


def test_complaint_about_a_chinese_card_cites_art_68_and_not_nifa() -> None:
    """A bank's card centre is bound by the card rules' Art. 68 (threats, coercion, people
    unrelated to the debt), not by NIFA's rules for online lending; its complaint goes to
    the NFRA, never to NIFA or a local regulator of small-loan companies."""
    body = draft("complaint", complaint_facts("zh", Jurisdiction.CN, card=True)).body
    # threat, impersonation to coerce, 爆通讯录
    assert body.count("《商业银行信用卡业务监督管理办法》第六十八条") == 3
    assert "互联网金融协会" not in body and "地方金融管理局" not in body
    # One place: no order and no number.
    assert (
        "我将向以下机构投诉：\n\n国家金融监督管理总局（12378）或中国人民银行（12363）\n\n其中"
        in body
    )


@pytest.mark.parametrize(
    ("lang", "promise", "harmful"),
    [
        ("en", "I can make the first payment of $420.00 on or before December 10, 2026.",
         "I can pay it on or before"),
        ("zh", "首期420.00元可于2026年12月10日前支付。", "前付清"),
    ],
)  # fmt: skip
def test_a_plan_with_a_date_promises_only_its_first_payment(
    lang: str, promise: str, harmful: str
) -> None:
    """make_facts: 4,969.70 at 420.00 a month is 11 x 420.00 + 349.70; --pay-on 2026-12-10
    is when the first 420.00 can be paid, not the whole balance."""
    for kind in ("installments", "hardship"):
        body = draft(kind, make_facts(lang)).body
        assert harmful not in body
        assert (promise in body) is (kind == "installments")  # hardship promises no date
    one = make_facts(lang, total_owed=D("400.00"), principal_owed=D("400.00"),
                     interest_owed=D("0"), penalty_owed=D("0"), fees_owed=D("0"),
                     plan=installment_plan(D("400.00"), D("420.00")))  # fmt: skip
    body = draft("installments", one).body
    single = {
        "en": "in a single payment of $400.00, $400.00 in all. I can make the first "
        "payment of $400.00 on or before December 10, 2026.",
        "zh": "一次性还款400.00元，合计400.00元。首期400.00元可于2026年12月10日前支付。",
    }
    assert single[lang] in body


WAIVER_CASES = {
    # make_facts: 12 days late, 912.40 past due; the waiver cuts penalty 43.20 and fees 30.00.
    "current": (
        {"offer": None},
        {"en": "I ask you to waive $43.20 in penalty interest and $30.00 in late fees, and to "
               "accept the past-due principal and interest of $912.40 as bringing the account "
               "current. I can pay $912.40 on or before December 10, 2026.\n",
         "zh": "现申请减免罚息43.20元、违约金30.00元，由我归还逾期本息912.40元，使该账户恢复正常"
               "状态。我可以在2026年12月10日前支付912.40元。\n"},
        {"en": "2. once I pay the past-due principal and interest of $912.40, treat the account "
               "as current, with the rest repaid on the contract's schedule; and\n",
         "zh": "二、我归还逾期本息912.40元后，该账户即恢复正常，其余款项按原合同约定还款；\n"},
    ),
    "charges": (
        {"offer": None, "overdue_amount": D("0"), "days_overdue": 0},
        {"en": "I ask you to waive $43.20 in penalty interest and $30.00 in late fees.\n",
         "zh": "现申请减免罚息43.20元、违约金30.00元。\n"},
        {"en": "2. keep the rest of the account on the contract's schedule; and\n",
         "zh": "二、该账户其余款项按原合同约定还款；\n"},
    ),
    # 4,969.70 - 73.20 waived = 4,896.50 at least; the borrower offers 4,900.00.
    "offer": (
        {"offer": D("4900.00")},
        {"en": "I ask you to waive $43.20 in penalty interest and $30.00 in late fees, and to "
               "accept $4,900.00 as payment of the account in full. I can pay $4,900.00 on or "
               "before December 10, 2026.\n",
         "zh": "我希望结清该账户，现申请减免罚息43.20元、违约金30.00元，由我一次性归还4,900.00元，"
               "结清全部欠款。我可以在2026年12月10日前支付4,900.00元。\n"},
        {"en": "2. once I pay $4,900.00, treat the account as paid in full and close it with a "
               "zero balance; and\n",
         "zh": "二、我归还4,900.00元后，其余欠款全部予以减免，该账户随即结清，"
               "并向我出具结清证明；\n"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", WAIVER_CASES)
def test_a_waiver_promises_a_payoff_only_for_an_amount_offered(lang: str, case: str) -> None:
    changes, ask, settles = WAIVER_CASES[case]
    body = draft("waiver", make_facts(lang, **changes)).body
    assert ask[lang] in body and settles[lang] in body
    if case != "offer":
        for harmful in ("payment in full", "pay off", "结清全部欠款", "希望尽快结清", "4,896.50"):
            assert harmful not in body
    assert not any(line != line.rstrip() for line in body.split("\n"))


def test_a_waiver_offer_below_what_is_left_after_the_waiver_is_a_settlement() -> None:
    with pytest.raises(TemplateError, match="less than the 4896.50 left.*--kind settlement"):
        draft("waiver", make_facts("en", offer=D("4896.49")))
    draft("waiver", make_facts("en", offer=D("4896.50")))


CREDIT_LINES = {
    ("en", "cn"): "report the account's repayment status to the PBoC credit reference system "
                  "accurately, in line with this arrangement.",
    ("en", "us"): "report the account's status to the credit bureaus accurately, in line with "
                  "this arrangement.",
    ("zh", "cn"): "三、按双方约定的还款安排如实向征信系统报送还款状态。",
    ("zh", "us"): "三、按双方的约定如实向征信机构报送该账户的状态。",
}  # fmt: skip


@pytest.mark.parametrize("jurisdiction", ["cn", "us"])
@pytest.mark.parametrize("lang", LANGS)
def test_credit_reporting_is_asked_accurate_never_as_agreed_or_paid_in_full(
    lang: str, jurisdiction: str
) -> None:
    where = Jurisdiction(jurisdiction)
    for kind in KINDS:
        if kind == "non-malicious" and jurisdiction == "us":
            continue
        body = draft(kind, make_facts(lang, jurisdiction=where, **asks(kind))).body
        assert "。。" not in body and ".." not in body, kind
        for harmful in ("as agreed", "as paid in full", "reported to the credit bureaus"):
            assert harmful not in body, (kind, harmful)
        if jurisdiction == "cn":
            assert "credit bureau" not in body, kind
        if kind in ("extension", "installments", "waiver"):
            assert CREDIT_LINES[lang, jurisdiction] in body, kind
    settled = draft("settlement", make_facts(lang, jurisdiction=where, **SETTLE)).body
    assert {
        ("en", "cn"): "3. the account is reported to the PBoC credit reference system "
                      "accurately, as settled with a zero balance.",
        ("en", "us"): "3. the account is reported accurately, as settled with a zero balance.",
        ("zh", "cn"): "三、向我出具结清证明，并如实向征信系统报送该账户已结清、余额为零。",
        ("zh", "us"): "三、向我出具结清证明，并如实向征信机构报送该账户已结清、余额为零。",
    }[lang, jurisdiction] in settled  # fmt: skip
    pay = {"en": "\n\nI can pay $3,500.00 on or before December 10, 2026.\n\n",
           "zh": "\n\n我可以在2026年12月10日前支付3,500.00元。\n\n"}  # fmt: skip
    assert pay[lang] in settled


@pytest.mark.parametrize("lang", LANGS)
def test_validation_asks_for_documents_and_disputes_only_when_told(lang: str) -> None:
    """No "I dispute the debt" unless --dispute; no "I have been contacted" unless contacts
    are logged; the PBoC point says the announcement requires the contract to state it."""
    plain = draft("validation", make_facts(lang, jurisdiction=Jurisdiction.CN)).body
    told = draft("validation", make_facts(lang, jurisdiction=Jurisdiction.CN, dispute=True,
                                          contacted=True)).body  # fmt: skip
    if lang == "en":
        assert (
            "Please send me, in writing, the following documents about the account above:" in plain
        )
        assert (
            "This letter asks for documents; it is not an acknowledgment that I owe the debt."
            in plain
        )
        assert "dispute" not in plain and "contacted" not in plain
        assert (
            "I have been contacted about a debt on the account above. Before I can respond, "
            "please send me, in writing:"
        ) in told
        assert (
            "I dispute the amount you say I owe, and ask you to verify it. This letter is not an "
            "acknowledgment that I owe the debt."
        ) in told
        assert (
            "Please also state the annual rate computed from the whole cost of the loan under "
            "PBoC announcement 〔2021〕 No. 3, which that announcement requires the contract to "
            "state."
        ) in plain
        assert "as PBoC announcement 〔2021〕 No. 3 requires" not in plain
    else:
        assert "您好！为核实上述账户欠款的真实性和金额，请您以书面形式提供以下材料：" in plain
        assert "催收联系" not in plain and "异议" not in plain
        assert "近期我收到有关上述账户的催收联系。" in told
        assert "我对您主张的欠款金额提出异议，请您予以核实。本函不构成对任何欠款的承认。" in told
        assert (
            "另请列明按中国人民银行公告〔2021〕第3号以全部借款成本计算的年化利率"
            "（该公告要求在合同中载明）。"
        ) in plain


@pytest.mark.parametrize("lang", LANGS)
def test_a_card_letter_speaks_of_a_card_account_and_minimum_payments(lang: str) -> None:
    """A card has no loan and no installments: its status, budget and extension sentences
    name the card account and its minimum payments (past due 912.40, 12 days)."""
    facts = make_facts(lang, lender_type="card")
    letters = {kind: draft(kind, facts).body for kind in ("extension", "installments", "hardship")}
    if lang == "zh":
        status = "目前该信用卡账户已逾期12天，逾期未还的最低还款额为912.40元。"
        assert "我每月能用于偿还该信用卡账户的金额为420.00元" in letters["installments"]
        assert "（含最低还款额、利息和违约金）为1,850.00元" in letters["extension"]
        banned = ("该笔贷款", "各期本息")
    else:
        status = (
            "The card account is 12 days past due; the minimum payments past due come to $912.40."
        )
        assert "I can pay $420.00 a month on this card account." in letters["installments"]
        assert (
            "by December 10, 2026, minimum payments, interest and fees included,"
            in (letters["extension"])
        )
        banned = ("loan", "installments,")
    for kind, body in letters.items():
        assert status in body, kind
        assert not any(word in body for word in banned), kind


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "该信用卡账户2026年10月1日、2026年11月1日到期的各期最低还款额未能按时归还"),
        ("en", "The minimum payments due on October 1, 2026 and November 1, 2026 were not made"),
    ],
)
def test_non_malicious_names_every_overdue_due_date(lang: str, expected: str) -> None:
    """The card's book shows two payments overdue (10-01 and 11-01): the letter names both,
    not only the oldest."""
    facts = make_facts(
        lang,
        lender_type="card",
        jurisdiction=Jurisdiction.CN,
        currency="CNY",
        oldest_due_date=date(2026, 10, 1),
        overdue_dates=(date(2026, 10, 1), date(2026, 11, 1)),
        late_payments=((date(2026, 10, 1), None), (date(2026, 11, 1), None)),
    )
    assert expected in draft("non-malicious", facts).body
    alone = dataclasses.replace(facts, missed=date(2026, 11, 1))
    assert expected not in draft("non-malicious", alone).body
    one = {"zh": "该信用卡账户2026年11月1日到期的最低还款额未能按时归还",
           "en": "The minimum payment due on November 1, 2026 was not made on time"}  # fmt: skip
    assert one[lang] in draft("non-malicious", alone).body


def us_loan_without_penalty_interest(lang: str, kind: str) -> LetterFacts:
    """A US loan charging late fees (30.00) but no penalty interest: owed
    4,800.00 + 96.50 + 30.00 = 4,926.50."""
    extra = {**(SETTLE if kind == "settlement" else {}), **asks(kind)}
    return make_facts(
        lang,
        jurisdiction=Jurisdiction.US,
        currency="USD",
        penalty_owed=D("0"),
        total_owed=D("4926.50"),
        plan=installment_plan(D("4926.50"), D("420.00")),
        penalty_interest=False,
        **{k: v for k, v in extra.items() if k != "plan"},
    )


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "non-malicious"])
@pytest.mark.parametrize("lang", LANGS)
def test_a_us_loan_without_penalty_interest_never_mentions_it(kind: str, lang: str) -> None:
    body = draft(kind, us_loan_without_penalty_interest(lang, kind)).body
    assert "罚息" not in body and "penalty interest" not in body
    assert "公平债务催收作业法" not in body


@pytest.mark.parametrize(
    ("lang", "kind", "expected"),
    [
        ("en", "installments", "stop charging interest and late fees;"),
        ("zh", "installments", "停止计收利息、违约金；"),
        ("en", "validation", "itemized into principal, interest and late fees,"),
        ("zh", "validation", "本金、利息、违约金及其他费用"),
        ("en", "extension", "December 10, 2026, installments and fees included,"),
        ("zh", "extension", "（含各期本息和费用）"),
    ],
)
def test_charges_named_for_a_loan_without_penalty_interest(
    lang: str, kind: str, expected: str
) -> None:
    assert expected in draft(kind, us_loan_without_penalty_interest(lang, kind)).body


@pytest.mark.parametrize("kind", ["contact-rules", "validation"])
def test_the_fdcpa_has_its_mainland_chinese_name(kind: str) -> None:
    body = draft(kind, us_loan_without_penalty_interest("zh", kind)).body
    assert "《公平债务催收法》" in body


@pytest.mark.parametrize(
    ("lang", "item4", "item5", "law"),
    [
        ("en", "4. Conduct:", "5. Channel:", "If you have passed this account to a debt collector"),
        ("zh", "四、文明催收：", "五、联系方式：", "如您已将该账户交由第三方催收机构催收"),
    ],
)
def test_us_contact_rules_put_the_fdcpa_after_the_numbered_list(
    lang: str, item4: str, item5: str, law: str
) -> None:
    """Items 4 and 5 stand on consecutive lines; the FDCPA paragraph follows item 5."""
    lines = draft("contact-rules", make_facts(lang, jurisdiction=Jurisdiction.US)).body.split("\n")
    four = next(n for n, line in enumerate(lines) if line.startswith(item4))
    assert lines[four + 1].startswith(item5)
    assert lines[four + 2] == "" and lines[four + 3].startswith(law)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "5. Channel: please contact me in writing, by letter, email or in-app message.\n"),
        ("zh", "五、联系方式：请以书面信函、电子邮件或App站内信与我联系。\n"),
    ],
)
def test_contact_rules_ask_for_the_same_written_channels_in_both_languages(
    lang: str, expected: str
) -> None:
    assert expected in draft("contact-rules", make_facts(lang)).body


# --- written to a collection agency (--collector) ------------------------------------------

AGENCY = "Midland Credit"
ADDRESSEE = {
    "en": "\nTo: Midland Credit, collecting for Acme Finance\n",
    "zh": "Midland Credit（受Acme Finance委托催收）：\n",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["validation", "contact-rules", "complaint"])
def test_a_collection_agency_is_addressed_as_collecting_for_the_lender(
    lang: str, kind: str
) -> None:
    """Written to the agency, the letter names it and the lender it collects for; nothing
    in it calls the agency the one who hired collectors."""
    body = draft(kind, make_facts(lang, collector=AGENCY)).body
    assert ADDRESSEE[lang] in body
    assert "您委托的催收机构" not in body and "所委托的催收机构" not in body
    lender_letter = draft(kind, make_facts(lang)).body
    assert AGENCY not in lender_letter and ADDRESSEE[lang] not in lender_letter


@pytest.mark.parametrize("lang", LANGS)
def test_a_us_collector_is_told_the_fdcpa_binds_it_and_when_to_stop(lang: str) -> None:
    """The FDCPA binds a third-party collector, not the original creditor: written to the
    agency, the letter states §1692g(b) (stop collecting until verification is mailed);
    written to the lender, only what a collector it passes the account to must do."""
    us = {"jurisdiction": Jurisdiction.US, "currency": "USD"}
    to_agency = draft("validation", make_facts(lang, collector=AGENCY, **us)).body  # type: ignore[arg-type]
    to_lender = draft("validation", make_facts(lang, **us)).body  # type: ignore[arg-type]
    assert "§1692g(b)" in to_agency and "§1692g(b)" not in to_lender
    assert (
        ("As a debt collector" in to_agency) if lang == "en" else ("作为债务催收机构" in to_agency)
    )
    rules = draft("contact-rules", make_facts(lang, collector=AGENCY, **us)).body  # type: ignore[arg-type]
    assert (
        ("As a debt collector, you are bound" in rules)
        if lang == "en"
        else ("作为债务催收机构，您受美国《公平债务催收法》" in rules)
    )
    # A Chinese loan's letters cite no US law either way.
    cn = draft("validation", make_facts(lang, collector=AGENCY, jurisdiction=Jurisdiction.CN))
    assert "1692" not in cn.body


@pytest.mark.parametrize("lang", LANGS)
def test_a_complaint_to_an_agency_goes_next_to_the_creditor(lang: str) -> None:
    """The complaint's places start with the lender, named as the creditor, when it is
    written to the agency; written to the lender, they start with the regulators."""
    facts = make_facts(lang, jurisdiction=Jurisdiction.CN, lender_type="online")
    first = {"en": "1. Acme Finance, the creditor\n", "zh": "1. 债权人Acme Finance\n"}[lang]
    assert first in draft("complaint", dataclasses.replace(facts, collector=AGENCY)).body
    assert first not in draft("complaint", facts).body


@pytest.mark.parametrize("kind", ["extension", "waiver", "installments", "hardship",
                                  "settlement", "credit-dispute", "non-malicious"])  # fmt: skip
def test_a_letter_asking_for_terms_is_not_written_to_an_agency(kind: str) -> None:
    facts = make_facts("en", collector=AGENCY, **asks(kind))  # type: ignore[arg-type]
    with pytest.raises(TemplateError, match="leave out --collector"):
        draft(kind, facts)


# --- from the third independent reading ----------------------------------------------------


def test_an_extension_is_refused_when_the_offer_cannot_pay_what_it_promises() -> None:
    """make_facts: 1,850.00 due by 2026-12-10 (no charges added): --offer 1,000.00 says the
    borrower cannot pay it, so the extension would promise what they cannot keep."""
    with pytest.raises(TemplateError, match="promises the 1850.00 due.*--kind installments"):
        draft("extension", make_facts("en", offer=D("1000.00")))
    body = draft("extension", make_facts("en", offer=D("1850.00"))).body
    assert "1. accept $1,850.00 paid on December 10, 2026;" in body


@pytest.mark.parametrize(
    ("lang", "changes", "later"),
    [
        ("en", {}, ", and any penalty interest and late fees added from November 29, 2026 to "
                   "the day I pay;"),
        ("zh", {}, "，以及自2026年11月29日起至我还款之日新增的罚息和违约金；"),
        ("zh", {"lender_type": "card"},
         "，以及自2026年11月29日起至我还款之日逾期最低还款额新产生的利息和违约金；"),
        ("en", {"penalty_interest": False}, ", and any late fees added from November 29, 2026 to "
                                            "the day I pay;"),
    ],
)  # fmt: skip
def test_a_waiver_also_asks_to_waive_what_accrues_until_the_day_of_payment(
    lang: str, changes: dict[str, object], later: str
) -> None:
    """Paying on 2026-12-10, 12 days after the letter, penalty interest and late fees keep
    accruing: the first ask covers them too, named as the contract charges them."""
    body = draft("waiver", make_facts(lang, **changes)).body  # type: ignore[arg-type]
    assert later in body
    current = make_facts(lang, overdue_amount=D("0"), days_overdue=0, **changes)  # type: ignore[arg-type]
    assert "added from" not in draft("waiver", current).body
    assert "新增的" not in draft("waiver", current).body


@pytest.mark.parametrize("lang", LANGS)
def test_an_online_lender_reports_to_the_agencies_it_uses(lang: str) -> None:
    """An online lender may report to 百行征信 rather than the PBoC's centre: its letters ask
    for accurate reporting to the agencies it reports to, and a dispute leaves the agency
    blank; a bank's letters still name the PBoC's system."""
    online = make_facts(lang, jurisdiction=Jurisdiction.CN, lender_type="online")
    bank = dataclasses.replace(online, lender_type="bank")
    plan = draft("extension", online).body
    assert (
        ("credit reference agencies you report to" in plan)
        if lang == "en"
        else ("如实向您对接的征信机构（如中国人民银行征信中心、百行征信）报送还款状态" in plan)
    )
    assert "PBoC credit reference system" not in plan and "征信系统" not in plan
    assert (
        ("PBoC credit reference system" in draft("extension", bank).body)
        if lang == "en"
        else ("征信系统" in draft("extension", bank).body)
    )
    dispute = draft("credit-dispute", dataclasses.replace(online, **MATRIX_ASKS)).body  # type: ignore[arg-type]
    assert ("Baihang Credit" in dispute) if lang == "en" else ("百行征信" in dispute)


@pytest.mark.parametrize("lang", LANGS)
def test_a_card_without_a_number_leaves_a_blank_for_the_card_number(lang: str) -> None:
    body = draft("waiver", make_facts(lang, lender_type="card", account="")).body
    assert (
        ("card number; the last four digits will do" in body)
        if lang == "en"
        else ("请填写信用卡卡号，可只写后四位" in body)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_contact_rules_give_the_legal_limit_as_a_ceiling_not_a_request(lang: str) -> None:
    """ "No more than 7 calls in 7 days" reads as leave to call 7 times; the letter states the
    limit as what the law presumes harassment, and asks for the channel of item 5."""
    for jurisdiction in Jurisdiction:
        body = draft("contact-rules", make_facts(lang, jurisdiction=jurisdiction)).body
        assert "no more than 7 calls" not in body and "请不要在7天内来电超过7次" not in body
        assert (
            ("please contact me as item 5 asks" in body)
            if lang == "en"
            else ("请按第五条所列方式联系我" in body)
        )


@pytest.mark.parametrize("lang", LANGS)
def test_the_complaint_speaks_from_the_borrowers_records(lang: str) -> None:
    """The log holds the contacts the borrower logged, not "every contact"."""
    body = draft("complaint", make_facts(lang)).body
    assert "record of every contact" not in body and "每一次催收联系" not in body
    assert ("By my records, these contacts" in body) if lang == "en" else ("根据我的记录" in body)


@pytest.mark.parametrize("lang", LANGS)
def test_a_complaint_asks_who_made_the_contacts(lang: str) -> None:
    body = draft("complaint", make_facts(lang)).body
    asked = {
        "en": "2. tell me who made each of them: the collector's name, the company they work "
        "for, and for whom it collects;",
        "zh": "二、告知每次联系的催收人员姓名、所属机构及其受谁委托；",
    }
    assert asked[lang] in body


@pytest.mark.parametrize("lang", LANGS)
def test_a_non_malicious_letter_says_when_the_arrears_can_be_cleared_only_with_pay_on(
    lang: str,
) -> None:
    """make_facts: 1,850.00 due by 2026-12-10 (--pay-on); lenders usually certify once the
    arrears are paid. The letter says it only with an --offer that covers it; without
    --offer, or without --pay-on, it promises nothing."""
    facts = make_facts(lang, jurisdiction=Jurisdiction.CN, oldest_due_date=date(2026, 11, 16),
                       offer=D("1850.00"))  # fmt: skip
    cleared = {"en": "By my records, everything due by December 10, 2026 comes to $1,850.00, and "
                     "I can pay it on or before that date.",
               "zh": "按我的记录计算，截至2026年12月10日应还的全部款项为1,850.00元，我可以在"
                     "2026年12月10日前还清。"}  # fmt: skip
    assert cleared[lang] in draft("non-malicious", facts).body
    body = draft("non-malicious", dataclasses.replace(facts, offer=None)).body
    assert "December 10" not in body and "12月10日" not in body and "1,850.00" not in body
    # An offer with no date to pay it by is refused, not silently dropped.
    with pytest.raises(TemplateError, match="--pay-on YYYY-MM-DD with --offer"):
        draft("non-malicious", dataclasses.replace(facts, pay_on=None, pay_on_amount=None))


@pytest.mark.parametrize("force", [False, True])
def test_a_non_malicious_letter_refuses_a_day_no_installment_falls_due(force: bool) -> None:
    """make_facts has installments due 2026-11-16 (late) and 2026-12-16: 2026-11-15 is no
    due date, so no letter can say a payment due then was missed, even with --force."""
    facts = make_facts("en", jurisdiction=Jurisdiction.CN, missed=date(2026, 11, 15),
                       force=force)  # fmt: skip
    with pytest.raises(TemplateError, match="no installment of Car loan falls due on 2026-11-15"):
        draft("non-malicious", facts)


def test_midnight_and_noon_are_written_out() -> None:
    assert (
        format_datetime(datetime(2026, 11, 20, 0, 0), "en") == "November 20, 2026, 12:00 midnight"
    )
    assert format_datetime(datetime(2026, 11, 20, 0, 5), "en") == "November 20, 2026, 12:05 a.m."


def test_a_waiver_offer_of_everything_owed_is_refused_and_a_car_payoff_asks_for_the_title() -> None:
    """4,969.70 owed: offering that much waives nothing. An offer that pays a car loan off
    (4,896.50 left once the charges are waived) asks for the lien release and the title."""
    with pytest.raises(TemplateError, match="not less than the 4969.70 owed"):
        draft("waiver", make_facts("en", offer=D("4969.70")))
    body = draft("waiver", make_facts("en", offer=D("4900.00"), vehicle=True)).body
    assert "on receipt of $4,900.00, please release your lien on the vehicle" in body
    held = draft("waiver", make_facts("en", vehicle=True)).body
    assert "I ask you to hold any repossession." in held and "title" not in held


@pytest.mark.parametrize("lang", LANGS)
def test_non_malicious_refuses_a_missed_date_the_book_shows_paid_on_time(lang: str) -> None:
    """The book shows 2026-10-16 paid on its due date: a letter saying it was missed admits
    a late payment the lender may never have recorded. --force writes it."""
    facts = make_facts(lang, jurisdiction=Jurisdiction.CN, missed=date(2026, 10, 16),
                       paid_dates=((date(2026, 10, 16), date(2026, 10, 16)),))  # fmt: skip
    with pytest.raises(TemplateError, match="no late or unpaid installment.*--force"):
        draft("non-malicious", facts)
    draft("non-malicious", dataclasses.replace(facts, force=True))
    draft("non-malicious", dataclasses.replace(facts, missed=date(2026, 11, 16)))


@pytest.mark.parametrize("lang", LANGS)
def test_an_extension_on_a_loan_not_late_must_ask_for_time_past_the_due_date(lang: str) -> None:
    """Not late, next installment due 2026-12-16: paying on 2026-12-10 needs no extension."""
    current = make_facts(lang, days_overdue=0, overdue_amount=D("0"), late_payments=())
    with pytest.raises(TemplateError, match="next payment falls due on 2026-12-16"):
        draft("extension", current)
    draft("extension", dataclasses.replace(current, pay_on=date(2026, 12, 17)))


@pytest.mark.parametrize("lang", LANGS)
def test_a_waiver_without_pay_on_does_not_call_the_account_current_if_a_payment_falls_due_first(
    lang: str,
) -> None:
    """Without --pay-on, payment follows the reply, asked for by 2026-12-05: an installment
    due 2026-12-01 falls due first, so paying the past-due amount does not make the account
    current; with the next one due 2026-12-16, it does."""
    early = make_facts(lang, pay_on=None, next_due_date=date(2026, 12, 1))
    body = draft("waiver", early).body
    assert "account current" not in body and "恢复正常" not in body
    later = make_facts(lang, pay_on=None)
    body = draft("waiver", later).body
    assert ("account current" in body) if lang == "en" else ("恢复正常" in body)


@pytest.mark.parametrize("lang", LANGS)
def test_a_card_states_one_interest_and_asks_for_its_own_documents(lang: str) -> None:
    """A card bills one interest (透支利息): 96.50 + 43.20 = 139.70, no penalty interest; its
    validation asks for the card agreement and statements, and its overdraft rate."""
    card = make_facts(lang, lender_type="card", jurisdiction=Jurisdiction.CN, currency="CNY")
    waiver = draft("waiver", card).body
    assert ("CNY 139.70 in interest" in waiver) if lang == "en" else ("利息139.70元" in waiver)
    assert "penalty interest" not in waiver and "罚息" not in waiver and "逾期利息" not in waiver
    validation = draft("validation", card).body
    assert (
        ("the card agreement" in validation)
        if lang == "en"
        else ("信用卡领用合约、章程及各期对账单" in validation)
    )
    assert ("overdraft interest rate" in validation) if lang == "en" else ("透支利率" in validation)
    plan = draft("installments", card).body
    assert (
        ("stop charging interest and late fees" in plan)
        if lang == "en"
        else ("停止计收利息、违约金" in plan)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_disputing_validation_to_a_us_collector_is_itself_the_dispute(lang: str) -> None:
    facts = make_facts(lang, jurisdiction=Jurisdiction.US, collector="Midland Credit",
                       dispute=True)  # fmt: skip
    body = draft("validation", facts).body
    assert (
        ("This letter disputes the debt in writing" in body)
        if lang == "en"
        else ("本函即为我提出的书面异议" in body)
    )
    assert "If I dispute" not in body and "如我在核实期内" not in body


@pytest.mark.parametrize("lang", LANGS)
def test_a_complaint_asks_the_lender_to_keep_the_recordings(lang: str) -> None:
    body = draft("complaint", make_facts(lang)).body
    assert (
        ("3. keep the recordings and records of these contacts" in body)
        if lang == "en"
        else ("三、保存上述各次联系的通话录音及短信记录，并随答复提供给我；" in body)
    )


@pytest.mark.parametrize(
    ("pay_on", "en", "zh"),
    [
        (date(2026, 12, 10), "by the 10th of the month.", "此后各期于每月10日前支付。"),
        (date(2026, 12, 1), "by the 1st of the month.", "此后各期于每月1日前支付。"),
        (date(2026, 12, 2), "by the 2nd of the month.", "此后各期于每月2日前支付。"),
        (date(2026, 12, 23), "by the 23rd of the month.", "此后各期于每月23日前支付。"),
        (date(2026, 12, 11), "by the 11th of the month.", "此后各期于每月11日前支付。"),
    ],
)
def test_a_plan_sets_the_day_of_the_month_for_its_later_payments(
    pay_on: date, en: str, zh: str
) -> None:
    """The first payment's day (--pay-on) is the day of each later one; a single payment
    has no later ones."""
    assert en in draft("installments", make_facts("en", pay_on=pay_on)).body
    assert zh in draft("installments", make_facts("zh", pay_on=pay_on)).body
    one = make_facts("en", total_owed=D("400.00"), principal_owed=D("400.00"),
                     interest_owed=D("0"), penalty_owed=D("0"), fees_owed=D("0"),
                     plan=installment_plan(D("400.00"), D("420.00")), pay_on=pay_on)  # fmt: skip
    assert "later payment" not in draft("installments", one).body


@pytest.mark.parametrize("lang", LANGS)
def test_contact_rules_to_a_us_collector_speak_to_the_collector_itself(lang: str) -> None:
    us = make_facts(lang, jurisdiction=Jurisdiction.US, currency="USD")
    to_lender = draft("contact-rules", us).body
    to_agency = draft("contact-rules", dataclasses.replace(us, collector="Midland Credit")).body
    acting = {"en": "A debt collector acting for you is presumed", "zh": "您委托的债务催收机构如在"}
    itself = {"en": "You are presumed to harass me", "zh": "如您在7天内来电超过7次"}
    assert acting[lang] in to_lender and itself[lang] not in to_lender
    assert itself[lang] in to_agency and acting[lang] not in to_agency


def test_an_extension_on_a_loan_not_late_counts_charges_from_after_the_due_date() -> None:
    """Not late, next due 2026-12-16, paying 2027-01-05: nothing can be charged before
    2026-12-17."""
    facts = make_facts("en", days_overdue=0, overdue_amount=D("0"), late_payments=(),
                       pay_on=date(2027, 1, 5), pay_on_charges=D("12.40"),
                       pay_on_penalty=D("2.40"))  # fmt: skip
    body = draft("extension", facts).body
    assert "is added from December 17, 2026 to January 5, 2027" in body
    assert "November 29" not in body


@pytest.mark.parametrize(
    "should",
    ["paid on time on October 16, 2026", "paid on time on 16 October 2026",
     "paid on time on Oct. 16th, 2026", "paid on time on 2026-10-16"],
)  # fmt: skip
def test_a_credit_dispute_reads_english_dates(should: str) -> None:
    """The book shows the 2026-10-16 installment paid that day: a --should naming that day
    in English words agrees with it; naming 2026-10-05 the same way does not."""
    from debtplan.letters.require import disputed_by_book, supports_dispute

    paid = ((date(2026, 10, 16), date(2026, 10, 16)),)
    facts = make_facts("en", wrong="overdue in October 2026", should=should,
                       late_payments=(), paid_dates=paid)  # fmt: skip
    assert disputed_by_book(facts) == [] and supports_dispute(facts)
    other = dataclasses.replace(facts, should=should.replace("16", "5"))
    assert disputed_by_book(other) == [(date(2026, 10, 16), date(2026, 10, 16))]


@pytest.mark.parametrize("lang", LANGS)
def test_a_waiver_without_a_date_also_waives_what_accrues_until_payment(lang: str) -> None:
    body = draft("waiver", make_facts(lang, pay_on=None)).body
    assert (
        ("added from November 29, 2026 to the day I pay" in body)
        if lang == "en"
        else ("自2026年11月29日起至我还款之日新增的罚息和违约金" in body)
    )


def test_a_plan_paid_on_the_31st_says_what_shorter_months_do() -> None:
    body = draft("installments", make_facts("en", pay_on=date(2026, 12, 31))).body
    assert "by the 31st of the month (the last day, in shorter months)." in body
    zh = draft("installments", make_facts("zh", pay_on=date(2026, 12, 29))).body
    assert "此后各期于每月29日前支付（当月没有该日的，为当月最后一日）。" in zh


@pytest.mark.parametrize("lang", LANGS)
def test_the_evidence_fingerprint_claims_only_what_it_proves(lang: str) -> None:
    body = draft("complaint", complaint_facts(lang, Jurisdiction.CN)).body
    assert (
        ("have not been changed since this letter" in body)
        if lang == "en"
        else ("可据此核验文件自本函发出后未被改动" in body)
    )
    assert "taken when I logged" not in body and "记录该次联系时计算" not in body


@pytest.mark.parametrize("lang", LANGS)
def test_a_non_malicious_letter_promises_only_the_offer_when_it_is_short(lang: str) -> None:
    """1,850.00 due by 2026-12-10; --offer 1,000.00: the letter says 1,000.00 and asks for a
    plan for the rest, never that everything due can be paid."""
    facts = make_facts(lang, jurisdiction=Jurisdiction.CN, offer=D("1000.00"),
                       oldest_due_date=date(2026, 11, 16))  # fmt: skip
    body = draft("non-malicious", facts).body
    assert ("I can pay $1,000.00 on or before December 10, 2026, and I ask you to agree a "
            "repayment plan with me for the rest." in body) if lang == "en" else (
        "我可以在2026年12月10日前先归还1,000.00元，其余款项恳请与您协商分期归还。" in body
    )  # fmt: skip
    assert "1,850.00" not in body


@pytest.mark.parametrize("lang", LANGS)
def test_a_workplace_contact_is_not_said_to_disclose_the_debt(lang: str) -> None:
    """The log says the collector contacted the workplace, not what was said there."""
    from debtplan.core.contacts import Conduct

    logged = [Contact(datetime(2026, 11, 20, 12, 0), Channel.CALL, conduct=(Conduct.WORKPLACE,))]
    for jurisdiction in Jurisdiction:
        facts = make_facts(lang, jurisdiction=jurisdiction,
                           breaches=find_breaches(logged, jurisdiction))  # fmt: skip
        body = draft("complaint", facts).body
        for claim in ("telling my employer", "透露我的债务", "并告知债务"):
            assert claim not in body
