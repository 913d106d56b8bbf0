"""`message` and `contact` through the command line: every number from the ledger."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from debtplan.letters import KINDS, format_money

ONLINE = ("--lender", "Quick Cash", "--method", "flat", "--principal", "10000", "--rate", "0",
          "--fee-rate", "0.75%/month", "--term", "12", "--start", "2026-08-16",
          "--penalty-rate", "0.05%/day", "--late-fee", "30", "--currency", "CNY")  # fmt: skip

ASKS = {
    "extension": ["--pay-on", "2026-12-10"],
    "waiver": [],
    "installments": ["--budget", "500"],
    "hardship": ["--budget", "500", "--reason", "lost my job in September"],
    "settlement": ["--offer", "8000"],
    "validation": [],
    "contact-rules": [],
    "complaint": [],
    "credit-dispute": ["--wrong", "90 days overdue", "--should", "12 days overdue"],
    "non-malicious": ["--reason", "in hospital from 2026-11-10", "--cause", "illness"],
}
# Kinds that state no balance and no days past due (no admissions).
SILENT = ("validation", "contact-rules", "complaint", "credit-dispute", "non-malicious")


@pytest.fixture
def book(cli, add_loan):
    add_loan("online", *ONLINE)
    for at, channel in (("2026-11-20T22:00", "call"), ("2026-11-21T09:00", "third-party")):
        assert cli("contact", "online", "--at", at, "--channel", channel).exit_code == 0


def overdue(cli):
    return json.loads(cli("overdue", "online", "--json").stdout)["loans"][0]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_in_both_languages_carries_the_ledgers_numbers(cli, book, kind, lang):
    result = cli("--lang", lang, "message", "online", "--kind", kind, *ASKS[kind], "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["kind"], doc["lang"]) == (kind, lang)
    body = doc["body"]
    assert "{{" not in body and "}}" not in body
    state = overdue(cli)

    if kind in SILENT:
        assert format_money(Decimal(state["payoff_amount"]), "CNY", lang) not in body
        assert format_money(Decimal(state["overdue_amount"]), "CNY", lang) not in body
    else:
        # Nothing paid yet: the payoff, as the overdue view reports it: 10,000.00 principal
        # + 225.00 overdue fees of three installments + 75.00, the current period's fee (a
        # flat loan's prepayment fee when none is set) + penalty + late fees.
        assert state["penalty"] == "58.13" and state["late_fees"] == "90.00"
        total = (Decimal("10000.00") + Decimal("225.00") + Decimal("75.00") + Decimal("58.13")
                 + Decimal("90.00"))  # fmt: skip
        assert state["payoff_amount"] == str(total) == "10448.13"
        assert format_money(Decimal(state["overdue_amount"]), "CNY", lang) in body
        assert format_money(total, "CNY", lang) in body
        assert format_money(Decimal(state["penalty"]), "CNY", lang) in body
    if kind == "complaint":
        from datetime import datetime

        from debtplan.letters import format_datetime

        assert format_datetime(datetime(2026, 11, 20, 22, 0), lang) in body
        assert "12378" in body  # a Chinese loan: Chinese routes, in either language


def test_installments_plan_comes_from_the_budget(cli, book):
    body = json.loads(cli("message", "online", "--kind", "installments", "--budget", "500",
                          "--json").stdout)["body"]  # fmt: skip
    # The payoff 10,448.13 (10,000.00 + 225.00 + 75.00 current fee + 58.13 penalty + 90.00
    # fees) at 500 a month: 20 x 500.00 = 10,000.00 and a last one of 448.13.
    assert "21 monthly payments: 20 of CNY 500.00 and a last one of CNY 448.13" in body
    assert "CNY 10,448.13 in all" in body


def test_a_budget_the_contract_payment_fits_in_is_refused(cli, book):
    """The flat loan's installment is 833.33 + 75.00 = 908.33: a budget of 2,000 a month
    keeps paying it, so a plan would state a hardship that is not there."""
    result = cli("message", "online", "--kind", "installments", "--budget", "2000")
    assert result.exit_code == 1 and "--kind extension" in result.stderr


def test_extension_promises_what_overdue_counts_by_the_date(cli, book):
    later = json.loads(cli("overdue", "online", "--pay-on", "2026-12-10", "--json").stdout)
    due = later["loans"][0]["pay_on"]["total_due"]
    body = json.loads(cli("message", "online", "--kind", "extension", "--pay-on",
                          "2026-12-10", "--json").stdout)["body"]  # fmt: skip
    assert due == "2889.47" and later["loans"][0]["pay_on"]["extra_cost"] == "16.35"
    # 2,724.99 past due at 0.05% a day: 1.362495 a day, 16.35 over the 12 days to 12-10;
    # 2,889.47 - 16.35 = 2,873.12, what is due today (overdue's total_due). All of it is
    # penalty interest: no late fee falls due by then.
    assert (
        "comes to CNY 2,889.47. Of that, CNY 16.35 is added from November 29, 2026 to "
        "December 10, 2026 (CNY 16.35 in penalty interest). Without those charges, what is due "
        "comes to CNY 2,873.12, and I can pay it in full on December 10, 2026."
    ) in body
    assert "late fees CNY" not in body.split("Of that")[1]


def test_lang_sets_the_letter_language_and_the_law_stays_the_loans(cli, book):
    """An English interface writing to a Chinese lender in Chinese, and the other way."""
    doc = json.loads(cli("--lang", "en", "message", "online", "--kind", "contact-rules",
                         "--lang", "zh", "--json").stdout)  # fmt: skip
    assert doc["lang"] == "zh" and "中国互联网金融协会" in doc["body"]
    doc = json.loads(cli("--lang", "zh", "message", "online", "--kind", "contact-rules",
                         "--lang", "en", "--json").stdout)  # fmt: skip
    assert doc["lang"] == "en" and "NIFA" in doc["body"] and "§1692" not in doc["body"]
    result = cli("message", "online", "--kind", "waiver", "--lang", "fr")
    assert result.exit_code == 1 and "--lang 'fr' is not one of: en, zh" in result.stderr


def test_account_is_stored_and_quoted(cli, book):
    assert cli("edit", "online", "--account", "QC-2026-0816").exit_code == 0
    assert json.loads(cli("show", "online", "--json").stdout)["account"] == "QC-2026-0816"
    body = json.loads(cli("message", "online", "--kind", "waiver", "--json").stdout)["body"]
    assert "To: Quick Cash\nAccount number: QC-2026-0816\n" in body


def test_missing_asks_are_clear_errors(cli, book, loan_file):
    before = loan_file.read_bytes()
    for kind, hint in (("extension", "--pay-on"), ("settlement", "--offer"),
                       ("installments", "--budget"), ("credit-dispute", "--wrong"),
                       ("non-malicious", "--cause")):  # fmt: skip
        result = cli("message", "online", "--kind", kind)
        assert result.exit_code == 1 and hint in result.stderr, (kind, result.stderr)
    result = cli("message", "online", "--kind", "poem")
    assert result.exit_code == 1 and "not one of" in result.stderr
    assert loan_file.read_bytes() == before


def test_hostile_names_come_out_literally(cli, add_loan):
    name = "{{total_owed}} {0} $x [red]x[/red] \x1b[31m"
    add_loan(name, *ONLINE)
    doc = json.loads(cli("message", name, "--kind", "validation", "--borrower", name,
                         "--json").stdout)  # fmt: skip
    assert name in doc["body"]
    shown = cli("message", name, "--kind", "validation", "--borrower", name).stdout
    assert "\x1b" not in shown and "{{total_owed}} {0} $x [red]x[/red] \\x1b[31m" in shown


def test_out_writes_the_file(cli, book, tmp_path):
    out = tmp_path / "letter.txt"
    assert (
        cli("--lang", "zh", "message", "online", "--kind", "waiver", "--out", str(out)).exit_code
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("息费减免申请") and "罚息" in text


def test_user_template_override_and_unknown_placeholder(cli, book, tmp_path, monkeypatch):
    folder = tmp_path / "templates" / "en"
    folder.mkdir(parents=True)
    monkeypatch.setenv("DEBTPLAN_TEMPLATES", str(tmp_path / "templates"))
    (folder / "validation.txt").write_text("Subject: Prove it\n\nYou say I owe {{total_owed}}.\n")
    doc = json.loads(cli("message", "online", "--kind", "validation", "--json").stdout)
    assert doc["subject"] == "Prove it" and doc["body"] == "You say I owe CNY 10,448.13."
    (folder / "validation.txt").write_text("Subject: x\n\n{{balance_due}}\n")
    result = cli("message", "online", "--kind", "validation")
    assert result.exit_code == 1 and "balance_due" in result.stderr


def test_contact_log_flags_breaches(cli, book):
    for at in ("2026-11-22T09:00", "2026-11-22T10:00", "2026-11-22T11:00", "2026-11-22T12:00"):
        assert cli("contact", "online", "--at", at).exit_code == 0
    doc = json.loads(cli("contact", "online", "--json").stdout)
    assert [(b["code"], b["at"]) for b in doc["breaches"]] == [
        ("quiet_hours", "2026-11-20T22:00:00"),
        ("third_party", "2026-11-21T09:00:00"),
        ("too_frequent", "2026-11-22T12:00:00"),
    ]
    assert len(doc["contacts"]) == 6
    assert "12:00" in cli("contact", "online").stdout


def test_contact_bad_input_changes_nothing(cli, book, loan_file):
    before = loan_file.read_bytes()
    for args in (["--at", "2026-13-01T10:00"], ["--at", "2026-11-01T10:00", "--channel", "fax"]):
        result = cli("contact", "online", *args)
        assert result.exit_code == 1 and "Traceback" not in result.output
    assert loan_file.read_bytes() == before


def test_contact_keeps_conduct_connection_and_evidence_hashes(cli, book, loan_file, tmp_path):
    """sha256(b"hello") = 2cf24dba...9824 and sha256(b"") = e3b0c442...b855, the
    standard test vectors."""
    recording, screenshot = tmp_path / "1122.m4a", tmp_path / "1122.png"
    recording.write_bytes(b"hello")
    screenshot.write_bytes(b"")
    result = cli("contact", "online", "--at", "2026-11-22T12:00", "--channel", "电话",
                 "--conduct", "威胁", "--conduct", "fake-legal", "--connected",
                 "--evidence", str(recording), "--evidence", str(screenshot))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(cli("contact", "online", "--json").stdout)
    assert doc["contacts"][2] == {
        "number": 3, "at": "2026-11-22T12:00:00", "channel": "call",
        "conduct": ["threat", "fake-legal"], "connected": True, "note": "",
        "evidence": [
            {"path": str(recording),
             "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"},
            {"path": str(screenshot),
             "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        ],
    }  # fmt: skip
    assert doc["contacts"][0]["conduct"] == [] and doc["contacts"][0]["connected"] is False
    assert [(b["code"], b["contact"]) for b in doc["breaches"]] == [
        ("quiet_hours", 1), ("third_party", 2), ("threat", 3), ("fake_legal", 3),
    ]  # fmt: skip
    body = json.loads(cli("--lang", "zh", "message", "online", "--kind", "complaint",
                          "--json").stdout)["body"]  # fmt: skip
    # The letter names the file; the log keeps where it is (`contact --json` shows the path).
    assert "   证据：1122.m4a（SHA-256：2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e" in body
    assert str(tmp_path) not in body
    # a threat and fake legal documents: the police, apart from the list
    assert "其中威胁恐吓、伪造法律文书行为涉嫌违法，我可以随时向公安机关（110）报案" in body


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--evidence", "{missing}"], "cannot read the evidence file"),
        (["--evidence", "{folder}"], "cannot read the evidence file"),
        (["--conduct", "rude"], "'rude' is not one of"),
        (["--channel", "sms", "--connected"], "only a call can be --connected"),
    ],
)
def test_contact_bad_conduct_or_evidence_saves_nothing(cli, book, loan_file, tmp_path, args,
                                                       message):  # fmt: skip
    before = loan_file.read_bytes()
    args = [a.format(missing=tmp_path / "nope.m4a", folder=tmp_path) for a in args]
    result = cli("contact", "online", "--at", "2026-11-22T12:00", *args)
    assert result.exit_code == 1 and message in result.stderr
    assert loan_file.read_bytes() == before


def test_uncontact_removes_the_numbered_contact(cli, book, loan_file):
    assert cli("contact", "online").stdout.splitlines()[3].split()[0] == "2"  # numbered
    result = cli("uncontact", "online", "1", "--yes")
    assert result.exit_code == 0 and "Removed the call at 2026-11-20 22:00:00." in result.stderr
    doc = json.loads(cli("contact", "online", "--json").stdout)
    assert [(c["number"], c["at"], c["channel"]) for c in doc["contacts"]] == [
        (1, "2026-11-21T09:00:00", "third-party"),
    ]
    before = loan_file.read_bytes()
    result = cli("uncontact", "online", "2", "--yes")
    assert result.exit_code == 1 and "has no contact number 2" in result.stderr
    assert cli("uncontact", "online", "1", input="n\n").exit_code == 1
    assert loan_file.read_bytes() == before


def test_the_contact_table_names_channels_and_conduct_in_chinese(cli, book):
    assert cli("contact", "online", "--at", "2026-11-22T12:00", "--conduct", "contacts-blast",
               "--conduct", "insult").exit_code == 0  # fmt: skip
    out = cli("--lang", "zh", "contact", "online").stdout
    assert "联系第三人" in out and "爆通讯录、辱骂" in out


def test_credit_dispute_claiming_on_time_payment_the_book_contradicts_is_refused(
    cli, book, loan_file
):
    """ONLINE starts 2026-08-16: installments fall due 09-16, 10-16, 11-16, none paid, so
    "paid on time" for 2026-10 is false; the letter is refused unless --force."""
    before = loan_file.read_bytes()
    result = cli("message", "online", "--kind", "credit-dispute", "--wrong",
                 "overdue in 2026-10", "--should", "paid on time")  # fmt: skip
    assert result.exit_code == 1
    assert "2026-10-16 -> -" in result.stderr and "--force" in result.stderr
    assert "2026-09-16" not in result.stderr  # only the month disputed
    assert loan_file.read_bytes() == before
    for should in ("not overdue", "按时还款", "未逾期"):
        result = cli("message", "online", "--kind", "credit-dispute", "--wrong", "逾期",
                     "--should", should)  # fmt: skip
        assert result.exit_code == 1, should
        assert "2026-09-16 -> -; 2026-10-16 -> -; 2026-11-16 -> -" in result.stderr
    forced = cli("message", "online", "--kind", "credit-dispute", "--wrong", "overdue in 2026-10",
                 "--should", "paid on time", "--force", "--json")  # fmt: skip
    assert forced.exit_code == 0, forced.output
    # Forced, it still says on stderr what the book shows, and encloses no proof of payment
    # the book does not record.
    assert "Warning: the payments recorded for online do not bear out this dispute" in forced.stderr
    assert "states): 2026-10-16 -> - (due date" in forced.stderr  # --wrong names October
    body = json.loads(forced.stdout)["body"]
    assert body.endswith(
        "Enclosures: a copy of my credit report, with the item in dispute marked, and a copy "
        "of my ID"
    )


def test_credit_dispute_paid_on_time_is_written(cli, book):
    """The 2026-09-16 installment (833.33 + 75.00 = 908.33) paid on its due date: a claim
    that September was paid on time agrees with the book and is written."""
    assert cli("pay", "online", "908.33", "--date", "2026-09-16").exit_code == 0
    result = cli(
        "message",
        "online",
        "--kind",
        "credit-dispute",
        "--wrong",
        "overdue in 2026-09",
        "--should",
        "paid on time in 2026-09",
        "--json",
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)["body"]
    assert body.endswith(
        "Enclosures: a copy of my credit report, with the item in dispute marked, a copy of my "
        "ID, and proof of payment (bank statement or payment receipt)"
    )
    assert "proof that my employment ended" not in body


def test_validation_mentions_contacts_only_when_logged(cli, add_loan):
    add_loan("quiet", *ONLINE)
    body = json.loads(cli("message", "quiet", "--kind", "validation", "--json").stdout)["body"]
    assert "contacted" not in body and "I dispute" not in body
    assert cli("contact", "quiet", "--at", "2026-11-20T10:00", "--channel", "call").exit_code == 0
    body = json.loads(cli("message", "quiet", "--kind", "validation", "--dispute",
                          "--json").stdout)["body"]  # fmt: skip
    assert "I have been contacted about a debt on the account above." in body
    assert "I dispute the amount you say I owe, and ask you to verify it." in body


def test_a_chinese_letter_warns_when_the_borrowers_words_are_not_chinese(cli, book):
    """The letter quotes --reason/--wrong/--should as typed; the CLI says so on stderr, once
    per option that has letters and no Chinese character."""
    result = cli("message", "online", "--kind", "credit-dispute", "--lang", "zh",
                 "--wrong", "90 days overdue", "--should", "逾期12天", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "一、报告中的记录：90 days overdue。" in json.loads(result.stdout)["body"]
    assert (
        "Note: --wrong '90 days overdue' is not Chinese; the Chinese letter quotes it as you "
        "typed it. To have it read in Chinese, write it in Chinese."
    ) in result.stderr
    assert "--should" not in result.stderr
    quiet = cli("message", "online", "--kind", "hardship", "--lang", "zh", "--budget", "500",
                "--reason", "2026年9月起失业")  # fmt: skip
    assert quiet.exit_code == 0 and "Note:" not in quiet.stderr
    english = cli("message", "online", "--kind", "hardship", "--lang", "en", "--budget", "500",
                  "--reason", "lost my job")  # fmt: skip
    assert english.exit_code == 0 and "Note:" not in english.stderr
    # A letter that does not quote --wrong and --should says nothing about them.
    unquoted = cli("message", "online", "--kind", "hardship", "--lang", "zh", "--budget",
                   "500", "--reason", "2026年9月起失业", "--wrong", "overdue",
                   "--should", "on time")  # fmt: skip
    assert unquoted.exit_code == 0 and "Note:" not in unquoted.stderr


def test_credit_dispute_counts_a_payment_within_the_grace_days_as_on_time(cli, book):
    """With 3 grace days, the 2026-09-16 installment (908.33) paid on 09-19 is on time for
    the record; paid on 09-20 it is late: the late fee and penalty are taken first, so the
    908.33 leaves it not paid in full, and "paid on time" is refused."""
    assert cli("edit", "online", "--grace-days", "3").exit_code == 0
    assert cli("pay", "online", "908.33", "--date", "2026-09-19").exit_code == 0
    args = ("message", "online", "--kind", "credit-dispute", "--wrong", "overdue in 2026-09",
            "--should", "paid on time in 2026-09")  # fmt: skip
    assert cli(*args).exit_code == 0
    assert cli("unpay", "online", "1", "--yes").exit_code == 0
    assert cli("pay", "online", "908.33", "--date", "2026-09-20").exit_code == 0
    refused = cli(*args)
    assert refused.exit_code == 1 and "2026-09-16 -> -" in refused.stderr


def test_an_english_letter_warns_when_the_borrowers_words_are_chinese(cli, book):
    """The English letter quotes --reason as typed; Chinese words in it are flagged on stderr,
    as the Chinese letter flags English words."""
    result = cli("message", "online", "--kind", "hardship", "--lang", "en", "--budget", "500",
                 "--reason", "2026年9月起失业", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2026年9月起失业" in json.loads(result.stdout)["body"]
    assert (
        "Note: --reason '2026年9月起失业' is in Chinese; the English letter quotes it as you "
        "typed it. To have it read in English, write it in English."
    ) in result.stderr


def test_collector_addresses_the_agency_and_is_refused_where_the_lender_decides(
    cli, book, loan_file
):
    """--collector writes a contact-rules letter to the agency; an extension with it is
    refused (exit 1, the file unchanged), since only the lender can grant more time."""
    body = json.loads(cli("message", "online", "--kind", "contact-rules", "--collector",
                          "Fast Recovery Ltd", "--json").stdout)["body"]  # fmt: skip
    assert "\nTo: Fast Recovery Ltd, collecting for Quick Cash\n" in body
    before = loan_file.read_bytes()
    refused = cli("message", "online", "--kind", "extension", "--pay-on", "2026-12-10",
                  "--collector", "Fast Recovery Ltd")  # fmt: skip
    assert refused.exit_code == 1 and "leave out --collector" in refused.stderr
    assert "Traceback" not in refused.stderr and loan_file.read_bytes() == before


def test_a_settlement_on_a_current_loan_and_chinese_to_a_us_lender_are_flagged(cli, add_loan):
    """True words can still hurt: a settlement offer on a loan that is not late, or a
    Chinese letter to a US lender, is drafted with a note on stderr."""
    add_loan("current", "--principal", "10000", "--rate", "6", "--term", "12",
             "--start", "2026-11-20", "--currency", "USD", "--jurisdiction", "us")  # fmt: skip
    offer = cli("message", "current", "--kind", "settlement", "--offer", "5000")
    assert offer.exit_code == 0 and "Warning: current is not past due." in offer.stderr
    zh = cli("message", "current", "--kind", "validation", "--lang", "zh")
    assert zh.exit_code == 0 and "Note: current is a US loan" in zh.stderr
    en = cli("message", "current", "--kind", "validation", "--lang", "en")
    assert en.exit_code == 0 and "Note:" not in en.stderr and "Warning:" not in en.stderr


def test_a_settlement_that_would_bring_the_loan_current_is_flagged(cli, book):
    """online is 2,724.99 past due with 148.13 of charges (overdue's total_due 2,873.12): an
    offer of 3,000 would bring it current, which a settlement would report as settled for
    less; 2,000 would not."""
    covered = cli("message", "online", "--kind", "settlement", "--offer", "3000")
    assert covered.exit_code == 0
    assert "Warning: your offer of 3000.00 covers the 2873.12 that brings online" in covered.stderr
    short = cli("message", "online", "--kind", "settlement", "--offer", "2000")
    assert short.exit_code == 0 and "Warning:" not in short.stderr


def test_a_waiver_paid_after_the_next_due_date_is_flagged(cli, book):
    """online's next installment (908.33) falls due 2026-12-16: paying on 12-20 leaves the
    account late unless that is paid too; paying on 12-10 does not."""
    after = cli("message", "online", "--kind", "waiver", "--pay-on", "2026-12-20")
    assert after.exit_code == 0
    assert "Note: 908.33 more falls due on online on 2026-12-16" in after.stderr
    before = cli("message", "online", "--kind", "waiver", "--pay-on", "2026-12-10")
    assert before.exit_code == 0 and "more falls due" not in before.stderr
