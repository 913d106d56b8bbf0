"""Letters to the lender: every kind in both languages, the safe filler, template overrides."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

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
        plan_monthly=D("420.00"),
        plan_months=12,
        budget=D("600.00"),
        offer=D("3500.00"),
        breaches=find_breaches(LOG, JURISDICTION[lang]),
        jurisdiction=JURISDICTION[lang],
    )
    return dataclasses.replace(facts, **changes)  # type: ignore[arg-type]


def money(amount: str, lang: str) -> str:
    return format_money(D(amount), CURRENCY[lang], lang)


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
    assert format_datetime(datetime(2026, 11, 20, 12, 0), "en") == "November 20, 2026, 12:00 p.m."
    assert format_datetime(datetime(2026, 11, 20, 21, 0, 1), "en") == (
        "November 20, 2026, 9:00:01 p.m."
    )
    assert format_datetime(datetime(2026, 11, 20, 7, 59), "zh") == "2026年11月20日 07:59"
    assert format_datetime(datetime(2026, 11, 20, 22, 0, 30), "zh") == "2026年11月20日 22:00:30"


# --- every kind, both languages --------------------------------------------------------

# The facts' amounts each kind must state (beyond the status sentence).
BREAKDOWN = ("4969.70", "4800.00", "96.50", "43.20", "30.00")
EXPECTED_AMOUNTS = {
    "extension": (*BREAKDOWN, "912.40"),
    "waiver": (*BREAKDOWN, "73.20", "4896.50"),
    "installments": (*BREAKDOWN, "420.00", "600.00"),
    "hardship": (*BREAKDOWN, "420.00", "600.00"),
    "settlement": (*BREAKDOWN, "3500.00"),
    "validation": BREAKDOWN,
    "contact-rules": ("4969.70",),
    "complaint": (),  # no admissions: a complaint states no balance
}
# Every amount the facts give, plus the two sums the letters state.
ALL_AMOUNTS = {
    "4800.00", "96.50", "43.20", "30.00", "4969.70", "912.40", "888.49",
    "420.00", "600.00", "3500.00", "73.20", "4896.50",
}  # fmt: skip
# An amount: not part of a section number such as §1006.34.
AMOUNT_RE = re.compile(r"(?<![\d§.])\d{1,3}(?:,\d{3})*\.\d{2}(?!\d)")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_states_the_facts_numbers(kind: str, lang: str) -> None:
    facts = make_facts(lang)
    letter = draft(kind, facts)
    assert (letter.kind, letter.lang) == (kind, lang)
    text = letter.subject + "\n" + letter.body
    for placeholder_mark in ("{{", "}}"):
        assert placeholder_mark not in text
    for amount in EXPECTED_AMOUNTS[kind]:
        assert money(amount, lang) in letter.body, amount
    # ...and no amount that is not one of the facts' numbers.
    stated = {amount.replace(",", "") for amount in AMOUNT_RE.findall(letter.body)}
    assert stated <= ALL_AMOUNTS
    assert "Car loan" in letter.subject
    assert "Acme Finance" in letter.body
    assert "Li Lei" in letter.body
    # The date, the days overdue and the reply-by date: 7 days on, before the pay-on date.
    assert format_date(date(2026, 11, 28), lang) in letter.body
    assert format_date(date(2026, 12, 5), lang) in letter.body
    days = "12 days past due" if lang == "en" else "已逾期12天"
    if kind == "complaint":  # no balance, no days past due: nothing admitted
        assert AMOUNT_RE.findall(letter.body) == []
        for admission in ("past due", "balance", "owe", "已逾期", "逾期金额", "尚欠", "欠款"):
            assert admission not in letter.body
        return
    assert days in letter.body
    assert money("912.40", lang) in letter.body


@pytest.mark.parametrize("lang", LANGS)
def test_kind_specific_facts(lang: str) -> None:
    facts = make_facts(lang)
    pay_on = format_date(date(2026, 12, 10), lang)
    extension = draft("extension", facts).body
    assert extension.count(pay_on) == 2  # the date offered, and the due date asked for
    installments = draft("installments", facts).body
    months = "in 12 monthly payments of $420.00" if lang == "en" else "分12期偿还，每月还款420.00元"
    assert months in installments
    hardship = draft("hardship", facts).body
    assert facts.reason is not None and facts.reason in hardship
    complaint = draft("complaint", facts).body
    assert format_datetime(datetime(2026, 11, 20, 22, 15), lang) in complaint
    assert format_datetime(datetime(2026, 11, 21, 10, 0), lang) in complaint
    assert "called my mother" in complaint and "said they would call my boss" in complaint


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_letters_are_tidy(kind: str, lang: str) -> None:
    # Without the optional facts too: no gap where a paragraph is left out.
    bare = {"budget": None, "pay_on": None, "plan_months": None, "preferred_channel": None}
    needed = {"extension": "pay_on", "hardship": "budget", "installments": "plan_months"}
    optional = {"reason": None, **bare} if kind != "hardship" else bare
    optional.pop(needed.get(kind, ""), None)
    letter = draft(kind, make_facts(lang, **optional))
    assert "\n\n\n" not in letter.body
    assert letter.body == letter.body.strip()
    assert all(line == line.rstrip() for line in letter.body.split("\n"))
    assert "\n" not in letter.subject


def test_english_letters_cite_us_rules_chinese_letters_cite_chinese_rules() -> None:
    en = {kind: draft(kind, make_facts("en")).body for kind in KINDS}
    zh = {kind: draft(kind, make_facts("zh")).body for kind in KINDS}
    assert "§1692g" in en["validation"]
    assert "§1006.14" in en["contact-rules"] and "§1692c(a)(1)" in en["contact-rules"]
    assert "Consumer Financial Protection Bureau" in en["complaint"]
    assert "第五百八十五条" in zh["waiver"]
    assert "第六百七十八条" in zh["extension"]
    assert "22:00至次日8:00" in zh["contact-rules"] and "不超过3次" in zh["contact-rules"]
    assert "12378" in zh["complaint"] and "12363" in zh["complaint"]
    assert not any("民法典" in body for body in en.values())
    assert not any("§" in body for body in zh.values())


def test_complaint_lists_each_breach_in_time_order_with_its_rule() -> None:
    body = draft("complaint", make_facts("zh")).body
    first = (
        "1. 2026年11月20日 22:15，电话：在22:00至次日8:00之间催收"
        "（违反中国互联网金融协会《互联网金融 个人网络消费信贷 贷后催收风控指引》）\n"
        "   记录：said they would call my boss\n"
        "2. 2026年11月21日 10:00，联系第三人：联系与债务无关的第三人"
    )
    assert first in body
    body = draft("complaint", make_facts("en")).body
    assert (
        "1. November 20, 2026, 10:15 p.m. (call): contact before 8:00 a.m. or after 9:00 p.m."
    ) in body
    assert "2. November 21, 2026, 10:00 a.m. (contact with a third party): " in body
    assert "3." not in body.split("I ask you to:")[0]  # the noon text broke no rule


# --- what the facts choose -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "changes", "sentence"),
    [
        (
            "en",
            {"days_overdue": 1},
            "The account is 1 day past due; the past-due amount is $912.40.",
        ),
        (
            "en",
            {"days_overdue": 0, "overdue_amount": D("0")},
            "The account is not past due; the next payment of $888.49 is due on December 16, 2026.",
        ),
        (
            "en",
            {"days_overdue": 0, "overdue_amount": D("0"), "next_due_date": None},
            "No payment on the account is past due.",
        ),
        (
            "zh",
            {"days_overdue": 0, "overdue_amount": D("0")},
            "目前该笔贷款尚未逾期，下一期应还888.49元，还款日为2026年12月16日。",
        ),
    ],
)
def test_status_sentence_fits_the_loan(
    lang: str, changes: dict[str, object], sentence: str
) -> None:
    assert sentence in draft("validation", make_facts(lang, **changes)).body


def test_extension_of_a_current_loan_asks_to_move_the_next_payment() -> None:
    facts = make_facts("en", days_overdue=0, overdue_amount=D("0"), pay_on=date(2026, 12, 20))
    body = draft("extension", facts).body
    assert "I can pay the $888.49 now due, in full, on December 20, 2026." in body


@pytest.mark.parametrize(
    ("penalty", "fees", "en_text", "zh_text"),
    [
        ("43.20", "30.00",
         "waive the penalty interest of $43.20 and the fees of $30.00, $73.20 in all,",
         "减免罚息43.20元及费用30.00元（合计73.20元）"),
        ("43.20", "0", "waive the penalty interest of $43.20, and", "减免罚息43.20元，"),
        ("0", "30.00", "waive the fees of $30.00, and", "减免费用30.00元，"),
    ],
)  # fmt: skip
def test_waiver_names_only_what_there_is(
    penalty: str, fees: str, en_text: str, zh_text: str
) -> None:
    total = D("4800.00") + D("96.50") + D(penalty) + D(fees)
    changes = {"penalty_owed": D(penalty), "fees_owed": D(fees), "total_owed": total}
    assert en_text in draft("waiver", make_facts("en", **changes)).body
    assert zh_text in draft("waiver", make_facts("zh", **changes)).body


def test_optional_paragraphs_appear_only_with_their_facts() -> None:
    full = draft("installments", make_facts("en")).body
    bare = draft("installments", make_facts("en", reason=None, budget=None, pay_on=None)).body
    assert "What has changed: Lost my job" in full
    assert "I have $600.00 a month for all my debts" in full
    assert "the first on December 10, 2026." in full
    assert "What has changed" not in bare
    assert "$600.00" not in bare
    assert "starting in the month after you confirm the plan." in bare
    assert "\n\n\n" not in bare
    # Without a pay-on date the reply is asked for 7 days on.
    assert "by December 5, 2026" in bare


def test_settlement_says_when_the_offer_covers_the_principal() -> None:
    low = draft("settlement", make_facts("en", offer=D("3500.00"))).body
    high = draft("settlement", make_facts("en", offer=D("4800.00"))).body
    assert "repays all of the principal" not in low
    assert "This offer repays all of the principal, $4,800.00." in high
    zh = draft("settlement", make_facts("zh", offer=D("4900.00"))).body
    assert "该金额已足额覆盖全部本金4,800.00元。" in zh


def test_reply_date_comes_before_a_near_pay_on_date() -> None:
    body = draft("extension", make_facts("en", pay_on=date(2026, 12, 1))).body
    assert "Please confirm in writing, by November 30, 2026, whether you agree." in body


@pytest.mark.parametrize(
    ("channel", "en_text", "zh_text"),
    [
        (None, "contact me in writing, by letter or email.",
         "请通过短信或App站内信等书面方式与我联系"),
        (Channel.SMS, "contact me by text message.", "请通过短信与我联系"),
        (Channel.CALL, "contact me by phone, at the number on my account",
         "请在上述时间内拨打我本人电话与我联系"),
    ],
)  # fmt: skip
def test_contact_rules_name_the_preferred_channel(
    channel: Channel | None, en_text: str, zh_text: str
) -> None:
    assert en_text in draft("contact-rules", make_facts("en", preferred_channel=channel)).body
    assert zh_text in draft("contact-rules", make_facts("zh", preferred_channel=channel)).body


def test_unknown_borrower_leaves_a_line_to_sign() -> None:
    body = draft("waiver", make_facts("zh", borrower=None)).body
    assert "借款人：__________\n2026年11月28日" in body


# --- user text comes out literally -----------------------------------------------------

HOSTILE = [
    "{{total_owed}}",
    "{0}",
    "{loan!r}",
    "$x",
    "${total_owed}",
    "\\1 \\g<0>",
    "[red]x[/red]",
    "\x1b[31mred\x1b[0m",
    "evil\u202etxt.exe",
    "% s %(loan)s",
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_user_text_comes_out_literally(hostile: str, lang: str) -> None:
    log = [Contact(datetime(2026, 11, 20, 23, 0), Channel.CALL, hostile)]
    facts = make_facts(
        lang,
        loan=hostile,
        lender=hostile + " Bank",
        borrower=hostile + " Li",
        reason=hostile + " reason",
        breaches=find_breaches(log, JURISDICTION[lang]),
    )
    letters = {kind: draft(kind, facts) for kind in KINDS}
    settlement = letters["settlement"]
    expected_subject = (
        f"Settlement offer: {hostile}" if lang == "en" else f"关于“{hostile}”一次性结清的协商申请"
    )
    assert settlement.subject == expected_subject
    for kind, letter in letters.items():
        assert hostile + " Bank" in letter.body, kind
        assert hostile + " Li" in letter.body, kind
    assert hostile + " reason" in letters["hardship"].body
    note = "   My note: " if lang == "en" else "   记录："
    assert note + hostile + "\n" in letters["complaint"].body
    # The numbers are still the facts' numbers (a hostile name is not filled in).
    total = money("4969.70", lang)
    assert letters["validation"].body.count(total) == 1


def test_placeholder_in_a_loan_name_is_not_filled() -> None:
    facts = make_facts("en", loan="{{total_owed}}", lender="{{offer}}")
    letter = draft("settlement", facts)
    assert letter.subject == "Settlement offer: {{total_owed}}"
    assert "To: {{offer}}\nRe: {{total_owed}}\n" in letter.body
    assert letter.body.count("$4,969.70") == 1
    assert letter.body.count("$3,500.00") == 2


# --- errors that say how to fix them ---------------------------------------------------


def test_settlement_without_an_offer_says_to_pass_offer() -> None:
    with pytest.raises(TemplateError) as caught:
        draft("settlement", make_facts("en", offer=None))
    assert str(caught.value) == (
        "a settlement message needs the lump sum you offer: pass --offer AMOUNT, "
        "for example --offer 3000"
    )
    assert caught.value.msgid.startswith("a settlement message needs")


def test_settlement_offer_must_be_less_than_the_total() -> None:
    with pytest.raises(TemplateError, match=r"the offer 4969\.70 is not less than the 4969\.70"):
        draft("settlement", make_facts("zh", offer=D("4969.70")))
    draft("settlement", make_facts("zh", offer=D("4969.69")))


@pytest.mark.parametrize(
    ("kind", "changes", "match"),
    [
        ("extension", {"pay_on": None}, "pass --pay-on YYYY-MM-DD"),
        (
            "extension",
            {"days_overdue": 0, "overdue_amount": D("0"), "next_due_amount": None},
            "nothing is due or overdue on Car loan",
        ),
        (
            "waiver",
            {"penalty_owed": D("0"), "fees_owed": D("0"), "total_owed": D("4896.50")},
            "Car loan has no penalty interest or fees as of 2026-11-28",
        ),
        ("installments", {"plan_months": None}, "pass --budget AMOUNT"),
        ("hardship", {"reason": "  "}, "pass --reason TEXT"),
        ("hardship", {"budget": None}, "pass --budget AMOUNT"),
        ("complaint", {"breaches": ()}, "debtplan contact Car loan --at"),
        ("contact-rules", {"preferred_channel": Channel.VISIT}, "by visit; choose call, sms"),
        ("waiver", {"pay_on": date(2026, 11, 28)}, "2026-11-28, must be after today"),
    ],
)
def test_missing_facts_name_the_option_to_pass(
    kind: str, changes: dict[str, object], match: str
) -> None:
    with pytest.raises(TemplateError, match=re.escape(match)):
        draft(kind, make_facts("en", **changes))


def test_unknown_kind_and_language() -> None:
    with pytest.raises(TemplateError, match="unknown message kind 'apology'; choose one of: "):
        draft("apology", make_facts())
    with pytest.raises(TemplateError, match="no messages in language 'fr'; choose one of: en, zh"):
        draft("waiver", dataclasses.replace(make_facts(), lang="fr"))


def test_facts_refuse_float_money_and_a_total_that_does_not_add_up() -> None:
    with pytest.raises(TypeError, match="fees_owed must be a Decimal, not float"):
        make_facts(fees_owed=30.0)
    with pytest.raises(ValueError, match="total_owed 4969.71 is not principal"):
        make_facts(total_owed=D("4969.71"))
    with pytest.raises(ValueError, match="offer must be 0 or more"):
        make_facts(offer=D("-1"))


# --- user templates ------------------------------------------------------------------------


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_user_template_replaces_the_packaged_one_for_its_kind_only(tmp_path: Path) -> None:
    write(
        tmp_path, "en/waiver.txt", "Subject: Waive {{loan}}\n\nPlease waive {{penalty_and_fees}}.\n"
    )
    assert draft("waiver", make_facts(), template_dir=tmp_path) == Letter(
        "waiver", "en", "Waive Car loan", "Please waive $73.20."
    )
    packaged = draft("settlement", make_facts())
    assert draft("settlement", make_facts(), template_dir=tmp_path) == packaged
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
    assert "total_owed" in message and "penalty_owed" in message


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
    body = draft("validation", make_facts(), template_dir=tmp_path).body
    assert "balance of $4,969.70 as of November 28, 2026: " in body
    assert "fees $30.00. Behind by 12 days.\n" in body
    # Every other piece is still the packaged one.
    assert "(15 U.S.C. §1692g(b))" in body


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
    assert "loan" in used and "reply_by" in used and "borrower" in used


# --- the complaint: each breach with its rule and evidence, the route by jurisdiction ----

SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # sha256(b"test")


def complaint_facts(lang: str, jurisdiction: Jurisdiction, *, card: bool = False) -> LetterFacts:
    from debtplan.core.contacts import Conduct
    from debtplan.core.model import Evidence

    threat = Contact(datetime(2026, 11, 20, 12, 0), Channel.CALL, "said police would come",
                     (Conduct.THREAT, Conduct.IMPERSONATION), True,
                     (Evidence("/rec/1120.m4a", SHA),))  # fmt: skip
    blast = Contact(datetime(2026, 11, 21, 9, 0), Channel.SMS, conduct=(Conduct.CONTACTS_BLAST,))
    return make_facts(lang, jurisdiction=jurisdiction,
                      breaches=find_breaches([blast, threat], jurisdiction, card=card))  # fmt: skip


def test_complaint_china_in_chinese_lists_rules_evidence_and_the_route_with_the_police() -> None:
    body = draft("complaint", complaint_facts("zh", Jurisdiction.CN)).body
    pact = "中国互联网金融协会《互联网金融逾期债务催收自律公约（试行）》"
    assert (
        f"1. 2026年11月20日 12:00，电话：威胁、恐吓（违反{pact}第十五条、第十六条）\n"
        f"2. 2026年11月20日 12:00，电话：冒充公安机关、法院或律师（违反{pact}）\n"
        "   记录：said police would come\n"
        f"   证据：/rec/1120.m4a（SHA-256：{SHA}）\n"
        "3. 2026年11月21日 09:00，短信：向我手机通讯录中的联系人催收、告知债务（“爆通讯录”，"
        f"违反{pact}第十三条、第十四条、第十八条）\n"
    ) in body
    assert "每个文件后附有记录该次联系时计算的SHA-256值" in body
    assert (
        "我将依次向以下机构投诉：\n\n"
        "1. 国家金融监督管理总局（12378）或中国人民银行（12363）\n"
        "2. 中国互联网金融协会举报平台（如贵方为协会会员）\n"
        "3. 当地地方金融管理局（如贵方为小额贷款公司）\n"
        "4. 公安机关（110），针对其中的威胁恐吓、冒充公检法或伪造法律文书行为\n"
    ) in body
    assert "三、今后仅在每日8:00至22:00之间与我本人联系，不得联系任何第三人。" in body


def test_complaint_china_in_english_cites_chinese_rules_and_routes() -> None:
    """The law follows the loan: an English complaint about a Chinese loan cites NIFA
    and goes to 12378, not to the CFPB."""
    body = draft("complaint", complaint_facts("en", Jurisdiction.CN)).body
    assert (
        "1. November 20, 2026, 12:00 p.m. (call): threats or intimidation (NIFA 2018 collection "
        "self-discipline pact, Art. 15-16)\n"
    ) in body
    assert f"   Evidence: /rec/1120.m4a (SHA-256 {SHA})\n" in body
    assert (
        "1. the National Financial Regulatory Administration (12378) or the People's Bank of "
        in body
    )
    assert "4. the police (110), for the threats, impersonation or fake legal documents" in body
    assert "between 8:00 a.m. and 10:00 p.m." in body
    assert "§" not in body and "Consumer Financial" not in body


def test_complaint_us_in_chinese_cites_the_fdcpa_and_goes_to_the_cfpb() -> None:
    body = draft("complaint", complaint_facts("zh", Jurisdiction.US)).body
    # The connected noon call is a conversation; the next day's text is not a call.
    assert (
        "1. 2026年11月20日 12:00，电话：以暴力或依法不能采取的行动相威胁（违反美国《公平债务催收"
        in body
    )
    assert (
        "1. 美国消费者金融保护局（CFPB，consumerfinance.gov/complaint）\n"
        "2. 我所在州的总检察长办公室\n"
        "3. 美国联邦贸易委员会（FTC，ReportFraud.ftc.gov）\n"
    ) in body
    assert "12378" not in body and "公安机关" not in body and "NIFA" not in body


def test_complaint_without_a_police_matter_leaves_the_police_out() -> None:
    body = draft("complaint", make_facts("zh")).body  # quiet hours and a third party
    assert "110" not in body and body.count("\n3. ") == 1  # three places after the lender
    assert "SHA-256" not in body  # no evidence logged: no evidence paragraph


def test_complaint_about_a_chinese_card_cites_art_68() -> None:
    body = draft("complaint", complaint_facts("zh", Jurisdiction.CN, card=True)).body
    assert body.count("《商业银行信用卡业务监督管理办法》第六十八条") == 2  # threat, 爆通讯录
