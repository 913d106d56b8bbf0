"""Collector contacts: breach detection at the edges of every rule."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from debtplan.core.contacts import (
    RULE_CN_QUIET_HOURS,
    RULE_CN_THIRD_PARTY,
    RULE_CN_TOO_FREQUENT,
    RULE_US_AFTER_CONVERSATION,
    RULE_US_QUIET_HOURS,
    RULE_US_THIRD_PARTY,
    RULE_US_TOO_FREQUENT,
    RULES,
    Breach,
    BreachCode,
    Channel,
    Conduct,
    Contact,
    Jurisdiction,
    complaint_route,
    contact_of,
    find_breaches,
    parse_channel,
    parse_conduct,
)
from debtplan.core.text import InputError

CN, US = Jurisdiction.CN, Jurisdiction.US
CALL, SMS = Channel.CALL, Channel.SMS


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def codes(breaches: tuple[Breach, ...]) -> list[tuple[str, str]]:
    """(time, code) pairs: what a reader of the breach list sees."""
    return [(b.at.isoformat(timespec="seconds"), b.code.value) for b in breaches]


# --- quiet hours ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "breach"),
    [
        ("2026-11-20T21:59:59", False),
        ("2026-11-20T22:00:00", True),
        ("2026-11-20T23:30:00", True),
        ("2026-11-21T00:00:00", True),
        ("2026-11-21T07:59:00", True),
        ("2026-11-21T07:59:59", True),
        ("2026-11-21T08:00:00", False),
        ("2026-11-21T12:00:00", False),
        ("2026-11-20T21:59:00", False),
    ],
)
def test_cn_quiet_hours_edges(moment: str, breach: bool) -> None:
    found = find_breaches([Contact(at(moment), SMS)], CN)
    assert codes(found) == ([(at(moment).isoformat(), "quiet_hours")] if breach else [])
    if breach:
        assert found[0].rule == RULE_CN_QUIET_HOURS


@pytest.mark.parametrize(
    ("moment", "breach"),
    [
        ("2026-11-20T07:59:00", True),
        ("2026-11-20T07:59:59", True),
        ("2026-11-20T08:00:00", False),
        ("2026-11-20T20:59:00", False),
        ("2026-11-20T21:00:00", False),  # "after 9 p.m." - 9 p.m. itself is allowed
        ("2026-11-20T21:00:01", True),
        ("2026-11-20T21:01:00", True),
        ("2026-11-20T22:00:00", True),
        ("2026-11-21T00:30:00", True),
    ],
)
def test_us_quiet_hours_edges(moment: str, breach: bool) -> None:
    found = find_breaches([Contact(at(moment), CALL)], US)
    assert codes(found) == ([(at(moment).isoformat(), "quiet_hours")] if breach else [])
    if breach:
        assert found[0].rule == RULE_US_QUIET_HOURS


@pytest.mark.parametrize("channel", [Channel.CALL, Channel.SMS, Channel.VISIT, Channel.SOCIAL])
def test_quiet_hours_apply_to_every_channel_with_the_borrower(channel: Channel) -> None:
    found = find_breaches([Contact(at("2026-11-20T23:00"), channel)], CN)
    assert [b.code for b in found] == [BreachCode.QUIET_HOURS]


def test_third_party_contact_at_night_is_a_third_party_breach_only() -> None:
    found = find_breaches([Contact(at("2026-11-20T23:00"), Channel.THIRD_PARTY)], CN)
    assert [b.code for b in found] == [BreachCode.THIRD_PARTY]


# --- frequency: China, calls per calendar day ----------------------------------


def test_cn_third_call_is_allowed_fourth_breaches() -> None:
    calls = [Contact(at(f"2026-11-20T{hour:02}:00"), CALL) for hour in (9, 11, 14)]
    assert find_breaches(calls, CN) == ()
    fourth = Contact(at("2026-11-20T16:00"), CALL, "4th call")
    fifth = Contact(at("2026-11-20T18:00"), CALL)
    found = find_breaches([*calls, fourth, fifth], CN)
    assert found == (
        Breach(BreachCode.TOO_FREQUENT, fourth.at, RULE_CN_TOO_FREQUENT, fourth),
        Breach(BreachCode.TOO_FREQUENT, fifth.at, RULE_CN_TOO_FREQUENT, fifth),
    )


def test_cn_texts_do_not_count_as_calls() -> None:
    log = [Contact(at(f"2026-11-20T{hour:02}:00"), SMS) for hour in range(8, 21)]
    log += [Contact(at(f"2026-11-20T{hour:02}:30"), CALL) for hour in (9, 10, 11)]
    assert find_breaches(log, CN) == ()


def test_cn_call_count_restarts_at_midnight() -> None:
    # Three calls late on the 20th and three early on the 21st: six within 12 hours,
    # but no calendar day has more than three.
    log = [
        Contact(at("2026-11-20T19:00"), CALL),
        Contact(at("2026-11-20T20:00"), CALL),
        Contact(at("2026-11-20T21:00"), CALL),
        Contact(at("2026-11-21T08:00"), CALL),
        Contact(at("2026-11-21T08:30"), CALL),
        Contact(at("2026-11-21T09:00"), CALL),
    ]
    assert find_breaches(log, CN) == ()
    log.append(Contact(at("2026-11-21T09:30"), CALL))
    assert codes(find_breaches(log, CN)) == [("2026-11-21T09:30:00", "too_frequent")]


def test_cn_late_fourth_call_breaks_two_rules_in_order() -> None:
    log = [Contact(at(f"2026-11-20T{hour:02}:00"), CALL) for hour in (9, 12, 15, 23)]
    assert codes(find_breaches(log, CN)) == [
        ("2026-11-20T23:00:00", "quiet_hours"),
        ("2026-11-20T23:00:00", "too_frequent"),
    ]


def test_cn_daily_limit_is_not_the_us_weekly_one() -> None:
    # Four calls a day is fine in the US (as long as no week has more than seven).
    log = [Contact(at(f"2026-11-20T{hour:02}:00"), CALL) for hour in (9, 11, 13, 15)]
    assert codes(find_breaches(log, US)) == []
    assert codes(find_breaches(log, CN)) == [("2026-11-20T15:00:00", "too_frequent")]


# --- frequency: US, calls within 7 consecutive days ----------------------------


def test_us_seventh_call_in_seven_days_is_allowed_eighth_breaches() -> None:
    start = at("2026-11-01T10:00")
    seven = [Contact(start + timedelta(days=day), CALL) for day in range(7)]  # Nov 1-7
    assert find_breaches(seven, US) == ()
    eighth = Contact(at("2026-11-07T15:00"), CALL)
    found = find_breaches([*seven, eighth], US)
    assert found == (Breach(BreachCode.TOO_FREQUENT, eighth.at, RULE_US_TOO_FREQUENT, eighth),)


def test_us_window_is_seven_calendar_days() -> None:
    # Seven calls on Nov 1, one on Nov 8: Nov 1 is outside the 7 days Nov 2-8.
    first_day = [Contact(at(f"2026-11-01T{hour:02}:00"), CALL) for hour in range(9, 16)]
    assert find_breaches([*first_day, Contact(at("2026-11-08T09:00"), CALL)], US) == ()
    # One on Nov 7 (days Nov 1-7) is the 8th.
    found = find_breaches([*first_day, Contact(at("2026-11-07T20:59"), CALL)], US)
    assert codes(found) == [("2026-11-07T20:59:00", "too_frequent")]


def test_us_rolling_window_slides() -> None:
    # One call every day at noon for 14 days: never more than 7 in any 7 days.
    daily = [Contact(at("2026-11-01T12:00") + timedelta(days=d), CALL) for d in range(14)]
    assert find_breaches(daily, US) == ()
    # A second call on Nov 10 makes Nov 4-10 hold 8 calls, and the windows ending
    # Nov 11..Nov 14 hold 8 too, so every call from the extra one to Nov 16 breaches.
    extra = Contact(at("2026-11-10T15:00"), CALL)
    found = find_breaches([*daily, extra], US)
    assert codes(found) == [
        ("2026-11-10T15:00:00", "too_frequent"),
        ("2026-11-11T12:00:00", "too_frequent"),
        ("2026-11-12T12:00:00", "too_frequent"),
        ("2026-11-13T12:00:00", "too_frequent"),
        ("2026-11-14T12:00:00", "too_frequent"),
    ]


def test_us_texts_do_not_count_as_calls() -> None:
    log = [Contact(at("2026-11-01T12:00") + timedelta(hours=h), SMS) for h in range(0, 9)]
    log += [Contact(at("2026-11-02T09:00") + timedelta(days=d), CALL) for d in range(7)]
    assert codes(find_breaches(log, US)) == []


# --- third parties ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "rule"), [(CN, RULE_CN_THIRD_PARTY), (US, RULE_US_THIRD_PARTY)]
)
def test_every_third_party_contact_is_flagged(jurisdiction: Jurisdiction, rule: str) -> None:
    contact = Contact(at("2026-11-20T10:00"), Channel.THIRD_PARTY, "called my sister")
    assert find_breaches([contact], jurisdiction) == (
        Breach(BreachCode.THIRD_PARTY, contact.at, rule, contact),
    )


def test_third_party_calls_do_not_count_towards_the_borrowers_calls() -> None:
    log = [Contact(at(f"2026-11-20T{hour:02}:00"), CALL) for hour in (9, 10, 11)]
    log.append(Contact(at("2026-11-20T12:00"), Channel.THIRD_PARTY))
    assert codes(find_breaches(log, CN)) == [("2026-11-20T12:00:00", "third_party")]


# --- ordering, input ------------------------------------------------------------


def test_unsorted_log_gives_breaches_sorted_by_time() -> None:
    log = [
        Contact(at("2026-11-21T23:00"), SMS, "late text"),
        Contact(at("2026-11-20T16:00"), CALL),
        Contact(at("2026-11-20T09:00"), CALL),
        Contact(at("2026-11-20T07:00"), Channel.VISIT),
        Contact(at("2026-11-20T14:00"), CALL),
        Contact(at("2026-11-20T11:00"), CALL),
        Contact(at("2026-11-19T10:00"), Channel.THIRD_PARTY, "my employer"),
    ]
    found = find_breaches(log, CN)
    assert codes(found) == [
        ("2026-11-19T10:00:00", "third_party"),
        ("2026-11-20T07:00:00", "quiet_hours"),
        ("2026-11-20T16:00:00", "too_frequent"),
        ("2026-11-21T23:00:00", "quiet_hours"),
    ]
    assert found[0].contact.note == "my employer"
    assert found[-1].contact.note == "late text"


def test_order_of_the_log_does_not_change_the_result() -> None:
    base = at("2026-11-01T06:00")
    log = [Contact(base + timedelta(minutes=97 * i), CALL, str(i)) for i in range(200)]
    expected = find_breaches(log, US)
    assert len(expected) > 0
    shuffled = log[:]
    random.Random(5).shuffle(shuffled)
    assert find_breaches(shuffled, US) == expected
    assert [b.at for b in expected] == sorted(b.at for b in expected)


def test_empty_log_has_no_breaches() -> None:
    assert find_breaches([], CN) == ()
    assert find_breaches((), US) == ()


def test_breach_code_is_the_json_string() -> None:
    found = find_breaches([Contact(at("2026-11-20T22:00"), CALL)], CN)
    assert found[0].code == "quiet_hours"
    assert [code.value for code in BreachCode] == [
        "quiet_hours", "too_frequent", "after_conversation", "third_party", "threat", "insult",
        "impersonation", "fake_legal", "contacts_blast", "sms_bomb", "workplace",
        "public_disclosure",
    ]  # fmt: skip


def test_every_rule_names_its_source() -> None:
    # Every code in both jurisdictions, but a call after a conversation (Reg F only).
    assert len(RULES) == 2 * len(BreachCode) - 1
    assert (CN, BreachCode.AFTER_CONVERSATION) not in RULES
    for (jurisdiction, _code), rule in RULES.items():
        source = "NIFA" if jurisdiction is CN else "§"
        assert source in rule, rule


def test_contact_time_with_a_time_zone_is_refused() -> None:
    with pytest.raises(InputError, match="local time"):
        Contact(datetime(2026, 11, 20, 22, 0, tzinfo=UTC), CALL)


def naive_breaches(log: list[Contact], jurisdiction: Jurisdiction) -> list[tuple[str, str]]:
    """The rules checked the slow, obvious way: every call against every other."""
    out = []
    for contact in sorted(log, key=lambda c: c.at):
        moment = contact.at.time().isoformat()
        if contact.channel is not Channel.THIRD_PARTY:
            night = (
                moment >= "22:00" or moment < "08:00"
                if jurisdiction is CN
                else moment < "08:00" or moment > "21:00:00"
            )
            if night:
                out.append((contact.at.isoformat(timespec="seconds"), "quiet_hours"))
        if contact.channel is CALL:
            days = 1 if jurisdiction is CN else 7
            limit = 3 if jurisdiction is CN else 7
            earlier = [
                other
                for other in log
                if other.channel is CALL
                and other.at <= contact.at
                and (contact.at.date() - other.at.date()).days < days
            ]
            if len(earlier) > limit:
                out.append((contact.at.isoformat(timespec="seconds"), "too_frequent"))
            talks = [o for o in log if o.channel is CALL and o.connected and o.at < contact.at]
            if jurisdiction is US and any(
                (contact.at.date() - o.at.date()).days <= 6 for o in talks
            ):
                out.append((contact.at.isoformat(timespec="seconds"), "after_conversation"))
        if contact.channel is Channel.THIRD_PARTY:
            out.append((contact.at.isoformat(timespec="seconds"), "third_party"))
        for conduct in contact.conduct:
            out.append((contact.at.isoformat(timespec="seconds"), conduct.value.replace("-", "_")))
    return out


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("jurisdiction", [CN, US])
def test_sliding_window_agrees_with_the_naive_check(seed: int, jurisdiction: Jurisdiction) -> None:
    rng = random.Random(seed)
    base = at("2026-11-01T00:00")
    minutes = rng.sample(range(60 * 24 * 30), 150)  # distinct times over 30 days
    weights = [6, 2, 1, 1, 1]
    log = [
        Contact(base + timedelta(minutes=m), rng.choices(list(Channel), weights)[0],
                conduct=tuple(rng.sample(list(Conduct), rng.choice([0, 0, 0, 1, 2]))),
                connected=rng.random() < 0.1)
        for m in minutes
    ]  # fmt: skip
    assert codes(find_breaches(log, jurisdiction)) == naive_breaches(log, jurisdiction)


def test_a_long_log_is_checked_in_one_pass() -> None:
    # 8 calls a day, 09:00-16:00, for 6,250 days: 50,000 calls. A quadratic check
    # would take minutes; the sliding window takes a fraction of a second.
    base = at("2000-01-01T09:00")
    log = [
        Contact(base + timedelta(days=day, hours=hour), CALL)
        for day in range(6_250)
        for hour in range(8)
    ]
    assert len(find_breaches(log, CN)) == 5 * 6_250  # the 4th to 8th call each day
    assert len(find_breaches(log, US)) == 50_000 - 7  # every call after the first seven


# --- Reg F's second presumption: a call within 7 days after a conversation ------------


def test_us_call_after_a_conversation_is_flagged_through_day_seven() -> None:
    """Conversation on Monday 2026-11-02 at 10:00: its day is day 1 of the 7 (Reg F
    §1006.14(b)(2)(i)(B)), so calls through Sunday 2026-11-08 are flagged, and a call on
    Monday 2026-11-09 (day 8) is not. A call earlier the same day, before the
    conversation, is not after it."""
    log = [
        Contact(at("2026-11-02T09:00"), CALL),
        Contact(at("2026-11-02T10:00"), CALL, connected=True),
        Contact(at("2026-11-02T15:00"), CALL),
        Contact(at("2026-11-08T20:59"), CALL),
        Contact(at("2026-11-09T09:00"), CALL),
        Contact(at("2026-11-05T12:00"), SMS),  # a text is not a call
    ]
    assert codes(find_breaches(log, US)) == [
        ("2026-11-02T15:00:00", "after_conversation"),
        ("2026-11-08T20:59:00", "after_conversation"),
    ]
    assert find_breaches(log, US)[0].rule == RULE_US_AFTER_CONVERSATION
    # China has no such rule: three calls on the 2nd, none flagged.
    assert find_breaches(log, CN) == ()


def test_us_unanswered_calls_are_never_taken_for_a_conversation() -> None:
    log = [Contact(at(f"2026-11-0{day}T10:00"), CALL) for day in (2, 3, 4)]
    assert find_breaches(log, US) == ()


# --- conduct: what the collector did --------------------------------------------------


def test_each_conduct_is_a_breach_with_its_rule_in_both_jurisdictions() -> None:
    threat = Contact(at("2026-11-20T12:00"), CALL, "said they'd come to my office",
                     (Conduct.THREAT, Conduct.WORKPLACE))  # fmt: skip
    cn = find_breaches([threat], CN)
    assert [(b.code.value, b.rule) for b in cn] == [
        ("threat", "threats or intimidation (NIFA 2018 collection self-discipline pact, "
                   "Art. 15-16)"),
        ("workplace", "contacting the borrower's workplace about the debt (NIFA 2018 Art. 13, "
                      "14, 18)"),
    ]  # fmt: skip
    us = find_breaches([threat], US)
    assert [b.rule for b in us] == [
        "threats of violence or of action that cannot legally be taken (FDCPA §1692d(1), "
        "§1692e(5))",
        "contacting the borrower's employer about the debt (FDCPA §1692c(b), §1692c(a)(3))",
    ]
    assert all(b.contact is threat for b in cn + us)


def test_a_chinese_card_adds_the_card_rules_art_68_where_it_fits() -> None:
    log = [Contact(at("2026-11-20T12:00"), CALL, conduct=(Conduct.INSULT, Conduct.FAKE_LEGAL))]
    card = find_breaches(log, CN, card=True)
    # Insults and fake documents used to coerce: both Art. 68, and no NIFA rule for a bank.
    assert [b.rule.endswith("CBRC credit-card rules Art. 68)") for b in card] == [True, True]
    assert not any("NIFA" in b.rule for b in card)
    assert not any("Art. 68" in b.rule for b in find_breaches(log, CN))
    # The card rules are Chinese: a US card is judged by the FDCPA alone.
    assert not any("Art. 68" in b.rule for b in find_breaches(log, US, card=True))


def test_every_conduct_has_a_rule_everywhere() -> None:
    log = [Contact(at("2026-11-20T12:00"), SMS, conduct=tuple(Conduct))]
    for jurisdiction in Jurisdiction:
        found = find_breaches(log, jurisdiction)
        assert [b.code.value for b in found] == [
            "threat", "insult", "impersonation", "fake_legal", "contacts_blast", "sms_bomb",
            "workplace", "public_disclosure",
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("word", "channel"),
    [("电话", "call"), ("短信", "sms"), ("上门", "visit"), ("微信", "social"),
     ("社交", "social"), ("第三方", "third-party"), (" SMS ", "sms"),
     ("third-party", "third-party")],
)  # fmt: skip
def test_channels_accept_their_chinese_words(word: str, channel: str) -> None:
    assert parse_channel(word).value == channel


@pytest.mark.parametrize(
    ("word", "conduct"),
    [("威胁", "threat"), ("辱骂", "insult"), ("冒充公检法", "impersonation"),
     ("伪造法律文书", "fake-legal"), ("爆通讯录", "contacts-blast"), ("短信轰炸", "sms-bomb"),
     ("联系单位", "workplace"), ("公开曝光", "public-disclosure"), ("Threat", "threat")],
)  # fmt: skip
def test_conducts_accept_their_chinese_words(word: str, conduct: str) -> None:
    assert parse_conduct(word).value == conduct


def test_an_unknown_channel_or_conduct_lists_the_choices() -> None:
    with pytest.raises(InputError, match="'fax' is not one of: call, sms.*电话"):
        parse_channel("fax")
    with pytest.raises(InputError, match="'rude' is not one of: threat, insult.*威胁"):
        parse_conduct("rude")


# --- where to complain ------------------------------------------------------------------


def test_the_complaint_route_by_jurisdiction_with_the_police_only_for_police_matters() -> None:
    B = BreachCode
    assert [s.value for s in complaint_route(CN, [B.QUIET_HOURS, B.INSULT])] == [
        "lender", "local_regulator", "nifa", "regulator",
    ]  # fmt: skip
    # By lender type: a bank or card to the NFRA; a private lender has no regulator.
    by_type = {t: [s.value for s in complaint_route(CN, [B.INSULT], t)] for t in (
        "bank", "card", "consumer-finance", "private")}  # fmt: skip
    assert by_type == {
        "bank": ["lender", "regulator"], "card": ["lender", "regulator"],
        "consumer-finance": ["lender", "regulator", "nifa"], "private": ["lender"],
    }  # fmt: skip
    for police_matter in (B.THREAT, B.IMPERSONATION, B.FAKE_LEGAL):
        assert complaint_route(CN, [B.QUIET_HOURS, police_matter])[-1].value == "police"
    assert [s.value for s in complaint_route(US, [B.THREAT])] == [
        "lender", "cfpb", "state_ag", "ftc",
    ]  # fmt: skip


# --- the loan file: what a contact stores -------------------------------------------------

SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # sha256(b"test")
LOAN = {"name": "online", "currency": "CNY", "method": "annuity", "principal": "1000",
        "rate": "12%", "term": 12, "start": "2026-01-15"}  # fmt: skip


def test_a_contact_keeps_its_conduct_connection_and_evidence_through_the_file() -> None:
    from debtplan.core.from_document import loan_from_dict
    from debtplan.core.model import ContactRecord, Evidence
    from debtplan.core.to_document import loan_to_dict

    raw = {**LOAN, "contacts": [
        {"at": "2026-11-20T22:15", "channel": "电话", "conduct": ["威胁", "insult", "threat"],
         "connected": True, "note": "boss", "evidence": [{"path": "/r/1.m4a", "sha256": SHA}]},
    ]}  # fmt: skip
    loan, problems = loan_from_dict(raw)
    assert problems == [] and loan is not None
    assert loan.contacts == (
        ContactRecord(at("2026-11-20T22:15"), "call", "boss", ("threat", "insult"), True,
                      (Evidence("/r/1.m4a", SHA),)),
    )  # fmt: skip
    assert loan_to_dict(loan)["contacts"] == [
        {"at": at("2026-11-20T22:15"), "channel": "call", "conduct": ["threat", "insult"],
         "connected": True, "note": "boss", "evidence": [{"path": "/r/1.m4a", "sha256": SHA}]},
    ]  # fmt: skip


def test_an_older_contact_reads_and_writes_as_before() -> None:
    from debtplan.core.from_document import loan_from_dict
    from debtplan.core.to_document import loan_to_dict

    old = [{"at": at("2026-11-20T22:15"), "channel": "sms"}]
    loan, _problems = loan_from_dict({**LOAN, "contacts": old})
    assert loan is not None and loan_to_dict(loan)["contacts"] == old
    assert contact_of(loan.contacts[0]) == Contact(at("2026-11-20T22:15"), SMS)


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ({"conduct": ["rude"]}, "'rude' is not one of"),
        ({"conduct": "threat"}, "conduct is a list"),
        ({"evidence": [{"path": "a.png", "sha256": "abc"}]}, "'abc' is not a SHA-256"),
        ({"evidence": [{"path": "a.png"}]}, "needs a path and a sha256"),
        ({"connected": "perhaps"}, "not true or false"),
    ],
)
def test_a_bad_contact_in_the_file_is_a_problem(contact: dict[str, object], message: str) -> None:
    from debtplan.core.from_document import loan_from_dict

    raw = {**LOAN, "contacts": [{"at": "2026-11-20T22:15", "channel": "call", **contact}]}
    loan, problems = loan_from_dict(raw)
    assert loan is None and [p.field for p in problems] == ["contacts[1]"]
    assert message in str(problems[0].error)
