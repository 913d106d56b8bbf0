"""A collector's contacts with the borrower, and the collection rules they break.

The borrower logs each call, text, visit or message from a collector (and each
time a collector reached someone else about the debt). :func:`find_breaches`
checks the log against the rules of the loan's jurisdiction
(docs/conventions.md#collection-rules):

China (NIFA post-loan collection guideline, NIFA 2018 self-regulation pact):

- quiet hours: no collection from 22:00 to 08:00. 21:59 is allowed, 22:00 is not;
  07:59 is not, 08:00 is.
- frequency: at most 3 calls a day, counted per calendar day; the 4th and every
  later call that day is a breach. Texts, visits and messages are not calls.
- third parties: collectors may not contact unrelated people or tell anyone about
  the debt; every third-party contact is flagged.

United States (FDCPA, Regulation F):

- quiet hours: "before 8 o'clock antemeridian and after 9 o'clock postmeridian"
  (15 U.S.C. §1692c(a)(1)) is presumed inconvenient. Taken literally, 08:00:00
  and 21:00:00 themselves are allowed; 07:59:59 and 21:00:01 are breaches. A flag
  should be one the collector cannot argue with, so the boundary is not flagged.
- frequency: more than 7 calls within 7 consecutive days is presumed harassment
  (Reg F §1006.14(b)(2)(i)(A)). The days are calendar days in the borrower's time:
  a call breaches when it is the 8th or later call in the 7 days ending on its day.
  Reg F's second presumption: any call within 7 days after a telephone
  *conversation* (a call logged ``connected``), the conversation's day being the
  first of the 7 (§1006.14(b)(2)(i)(B)). A call the log does not mark connected is
  never taken for a conversation, so no flag is guessed.
- third parties: allowed only to obtain location information, without mentioning
  the debt (§1692b, §1692c(b)). The log cannot tell what was said, so every
  third-party contact is flagged for the borrower to review.

Conduct (what the collector did, logged with the contact): each of
:class:`Conduct` is a breach of its own, with its rule and source in each
jurisdiction (:data:`RULES`; a Chinese credit card adds the CBRC card rules Art. 68,
:data:`CARD_RULES`). Where the borrower complains, in order, is :data:`COMPLAINT_ROUTE`.

Quiet hours concern the borrower, so they are checked on contacts with the
borrower (every channel but ``third-party``). Every logged call counts as a call,
answered or not: the borrower logs the calls that reached them.

Times are naive datetimes in the borrower's local time. The log may be in any
order; breaches come out sorted by time (ties keep the log's order). The check
sorts once and then scans, keeping a sliding window of recent calls.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar

from debtplan.core.model import ContactRecord, Evidence
from debtplan.core.text import N_, InputError


class Channel(StrEnum):
    """How the collector made contact."""

    CALL = "call"
    SMS = "sms"
    VISIT = "visit"
    SOCIAL = "social"
    THIRD_PARTY = "third-party"


class Conduct(StrEnum):
    """What the collector did, beyond when and how they made contact."""

    THREAT = "threat"  # 威胁、恐吓
    INSULT = "insult"  # 辱骂
    IMPERSONATION = "impersonation"  # posing as police, a court or a lawyer: 冒充公检法
    FAKE_LEGAL = "fake-legal"  # fake legal documents: 伪造法律文书
    CONTACTS_BLAST = "contacts-blast"  # messaging the borrower's phone contacts: 爆通讯录
    SMS_BOMB = "sms-bomb"  # a flood of texts: 短信轰炸
    WORKPLACE = "workplace"  # contacting the borrower's employer: 联系单位
    PUBLIC_DISCLOSURE = "public-disclosure"  # making the debt public: 公开曝光


# The Chinese words borrowers use, accepted wherever a channel or conduct is typed.
CHANNEL_WORDS: Mapping[str, Channel] = {
    "电话": Channel.CALL, "来电": Channel.CALL,
    "短信": Channel.SMS,
    "上门": Channel.VISIT, "上门催收": Channel.VISIT,
    "微信": Channel.SOCIAL, "社交": Channel.SOCIAL, "社交软件": Channel.SOCIAL,
    "第三方": Channel.THIRD_PARTY, "第三人": Channel.THIRD_PARTY,
}  # fmt: skip
CONDUCT_WORDS: Mapping[str, Conduct] = {
    "威胁": Conduct.THREAT, "恐吓": Conduct.THREAT, "威胁恐吓": Conduct.THREAT,
    "辱骂": Conduct.INSULT, "侮辱": Conduct.INSULT,
    "冒充公检法": Conduct.IMPERSONATION, "冒充": Conduct.IMPERSONATION,
    "伪造法律文书": Conduct.FAKE_LEGAL, "伪造文书": Conduct.FAKE_LEGAL,
    "爆通讯录": Conduct.CONTACTS_BLAST,
    "短信轰炸": Conduct.SMS_BOMB,
    "联系单位": Conduct.WORKPLACE, "联系工作单位": Conduct.WORKPLACE,
    "公开曝光": Conduct.PUBLIC_DISCLOSURE, "曝光": Conduct.PUBLIC_DISCLOSURE,
}  # fmt: skip


E = TypeVar("E", bound=StrEnum)


def _one_of(value: str, kind: type[E], words: Mapping[str, E]) -> E:
    text = value.strip()
    if text in words:
        return words[text]
    try:
        return kind(text.lower())
    except ValueError:
        raise InputError(N_("{value!r} is not one of: {choices}"), value=value,
                         choices=", ".join([*kind, *words])) from None  # fmt: skip


def parse_channel(value: str) -> Channel:
    """A channel from its code (``call``) or a Chinese word (``电话``), else an error."""
    return _one_of(value, Channel, CHANNEL_WORDS)


def parse_conduct(value: str) -> Conduct:
    """A conduct from its code (``threat``) or a Chinese word (``威胁``), else an error."""
    return _one_of(value, Conduct, CONDUCT_WORDS)


CHANNEL_NAMES: Mapping[Channel, str] = {
    Channel.CALL: N_("call"),
    Channel.SMS: N_("text message"),
    Channel.VISIT: N_("visit"),
    Channel.SOCIAL: N_("messaging app"),
    Channel.THIRD_PARTY: N_("contact with a third party"),
}
"""How each channel is named to people (message ids)."""

CONDUCT_NAMES: Mapping[Conduct, str] = {
    Conduct.THREAT: N_("threats"),
    Conduct.INSULT: N_("insults"),
    Conduct.IMPERSONATION: N_("posing as police, a court or a lawyer"),
    Conduct.FAKE_LEGAL: N_("fake legal documents"),
    Conduct.CONTACTS_BLAST: N_("messaging my phone contacts"),
    Conduct.SMS_BOMB: N_("a flood of text messages"),
    Conduct.WORKPLACE: N_("contacting my workplace"),
    Conduct.PUBLIC_DISCLOSURE: N_("making the debt public"),
}
"""How each conduct is named to people (message ids)."""


class Jurisdiction(StrEnum):
    """Whose collection rules apply to a loan."""

    CN = "cn"
    US = "us"


class BreachCode(StrEnum):
    """What kind of rule a contact broke; the values are the JSON codes."""

    QUIET_HOURS = "quiet_hours"
    TOO_FREQUENT = "too_frequent"
    AFTER_CONVERSATION = "after_conversation"  # US only: Reg F's second presumption
    THIRD_PARTY = "third_party"
    THREAT = "threat"
    INSULT = "insult"
    IMPERSONATION = "impersonation"
    FAKE_LEGAL = "fake_legal"
    CONTACTS_BLAST = "contacts_blast"
    SMS_BOMB = "sms_bomb"
    WORKPLACE = "workplace"
    PUBLIC_DISCLOSURE = "public_disclosure"


CONDUCT_CODES: Mapping[Conduct, BreachCode] = {
    conduct: BreachCode(conduct.value.replace("-", "_")) for conduct in Conduct
}
"""The breach each conduct is."""


@dataclass(frozen=True)
class Contact:
    """One contact from a collector: when (borrower's local time), how, and a note;
    what the collector did (``conduct``), whether a call was answered (``connected``),
    and the recordings or screenshots that show it (``evidence``).

    ``Contact(datetime(2026, 11, 20, 22, 15), Channel.CALL, "said they'd call my boss",
    (Conduct.THREAT,))``
    """

    at: datetime
    channel: Channel
    note: str = ""
    conduct: tuple[Conduct, ...] = ()
    connected: bool = False
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise InputError(
                N_(
                    "contact time {at} has a time zone; give the borrower's local time "
                    "without one, like 2026-11-20T22:15"
                ),
                at=self.at.isoformat(),
            )


def contact_of(record: ContactRecord) -> Contact:
    """The logged ``record`` as a contact to check (its codes were checked when read)."""
    return Contact(record.at, Channel(record.channel), record.note,
                   tuple(Conduct(c) for c in record.conduct), record.connected,
                   record.evidence)  # fmt: skip


def record_of(contact: Contact) -> ContactRecord:
    """``contact`` as the loan file stores it."""
    return ContactRecord(contact.at, contact.channel.value, contact.note,
                         tuple(c.value for c in contact.conduct), contact.connected,
                         contact.evidence)  # fmt: skip


@dataclass(frozen=True)
class Breach:
    """A contact that broke a rule: its code, when, the rule (a message id), the contact."""

    code: BreachCode
    at: datetime
    rule: str
    contact: Contact


# Each rule names itself and its source. These are message ids: the CLI translates them.
RULE_CN_QUIET_HOURS = N_("collection between 22:00 and 08:00 (NIFA post-loan collection guideline)")
RULE_CN_TOO_FREQUENT = N_("more than 3 calls in one day (NIFA post-loan collection guideline)")
RULE_CN_THIRD_PARTY = N_(
    "contact with a third party: collectors may not contact unrelated people or tell "
    "anyone about the debt (NIFA 2018 Art. 13, 14, 18)"
)
RULE_US_QUIET_HOURS = N_(
    "contact before 8:00 a.m. or after 9:00 p.m. is presumed inconvenient "
    "(FDCPA §1692c(a)(1), Reg F §1006.6(b)(1)(i))"
)
RULE_US_TOO_FREQUENT = N_(
    "more than 7 calls within 7 consecutive days is presumed harassment (Reg F §1006.14(b)(2))"
)
RULE_US_THIRD_PARTY = N_(
    "contact with a third party is allowed only to obtain location information, without "
    "mentioning the debt (FDCPA §1692b, §1692c(b))"
)

RULE_US_AFTER_CONVERSATION = N_(
    "a call within 7 days after a telephone conversation is presumed harassment "
    "(Reg F §1006.14(b)(2)(i)(B))"
)

# What a collector did. China: the NIFA 2018 collection self-discipline pact (threats
# and insults Art. 15-16; third parties and disclosure Art. 13, 14, 18); US: the FDCPA.
_CN_CONDUCT = {
    BreachCode.THREAT: N_(
        "threats or intimidation (NIFA 2018 collection self-discipline pact, Art. 15-16)"
    ),
    BreachCode.INSULT: N_(
        "insults or abuse (NIFA 2018 collection self-discipline pact, Art. 15-16)"
    ),
    BreachCode.IMPERSONATION: N_(
        "posing as the police, a court or a lawyer (NIFA 2018 collection self-discipline pact)"
    ),
    BreachCode.FAKE_LEGAL: N_("fake legal documents (NIFA 2018 collection self-discipline pact)"),
    BreachCode.CONTACTS_BLAST: N_(
        "messaging the borrower's phone contacts about the debt (NIFA 2018 Art. 13, 14, 18)"
    ),
    BreachCode.SMS_BOMB: N_(
        "a flood of messages meant to harass (NIFA 2018 collection self-discipline pact)"
    ),
    BreachCode.WORKPLACE: N_(
        "contacting the borrower's workplace about the debt (NIFA 2018 Art. 13, 14, 18)"
    ),
    BreachCode.PUBLIC_DISCLOSURE: N_("making the debt public (NIFA 2018 Art. 13, 14, 18)"),
}
_US_CONDUCT = {
    BreachCode.THREAT: N_(
        "threats of violence or of action that cannot legally be taken (FDCPA §1692d(1), §1692e(5))"
    ),
    BreachCode.INSULT: N_("obscene, profane or abusive language (FDCPA §1692d(2))"),
    BreachCode.IMPERSONATION: N_(
        "falsely posing as the government, a court or an attorney (FDCPA §1692e(1), §1692e(3))"
    ),
    BreachCode.FAKE_LEGAL: N_(
        "documents falsely presented as legal process or from a court (FDCPA §1692e(9), §1692e(13))"
    ),
    BreachCode.CONTACTS_BLAST: N_(
        "telling the borrower's contacts about the debt (FDCPA §1692b, §1692c(b))"
    ),
    BreachCode.SMS_BOMB: N_(
        "repeated messages meant to annoy, abuse or harass (FDCPA §1692d, §1692d(5))"
    ),
    BreachCode.WORKPLACE: N_(
        "contacting the borrower's employer about the debt (FDCPA §1692c(b), §1692c(a)(3))"
    ),
    BreachCode.PUBLIC_DISCLOSURE: N_("making the debt public (FDCPA §1692c(b), §1692d(3))"),
}

RULES: Mapping[tuple[Jurisdiction, BreachCode], str] = {
    (Jurisdiction.CN, BreachCode.QUIET_HOURS): RULE_CN_QUIET_HOURS,
    (Jurisdiction.CN, BreachCode.TOO_FREQUENT): RULE_CN_TOO_FREQUENT,
    (Jurisdiction.CN, BreachCode.THIRD_PARTY): RULE_CN_THIRD_PARTY,
    **{(Jurisdiction.CN, code): rule for code, rule in _CN_CONDUCT.items()},
    (Jurisdiction.US, BreachCode.QUIET_HOURS): RULE_US_QUIET_HOURS,
    (Jurisdiction.US, BreachCode.TOO_FREQUENT): RULE_US_TOO_FREQUENT,
    (Jurisdiction.US, BreachCode.AFTER_CONVERSATION): RULE_US_AFTER_CONVERSATION,
    (Jurisdiction.US, BreachCode.THIRD_PARTY): RULE_US_THIRD_PARTY,
    **{(Jurisdiction.US, code): rule for code, rule in _US_CONDUCT.items()},
}
"""The rule text for each jurisdiction and breach code."""

CARD_RULES: Mapping[BreachCode, str] = {
    BreachCode.QUIET_HOURS: N_(
        "collection between 22:00 and 08:00 (outside the hours collectors keep to)"
    ),
    BreachCode.TOO_FREQUENT: N_("more than 3 calls in one day (more than collectors keep to)"),
    BreachCode.THIRD_PARTY: N_(
        "contact with a third party: card issuers may not collect from people unrelated to "
        "the debt (CBRC credit-card rules Art. 68)"
    ),
    BreachCode.THREAT: N_("threats or intimidation (CBRC credit-card rules Art. 68)"),
    BreachCode.INSULT: N_("insults or abuse (CBRC credit-card rules Art. 68)"),
    BreachCode.IMPERSONATION: N_(
        "posing as the police, a court or a lawyer to coerce (CBRC credit-card rules Art. 68)"
    ),
    BreachCode.FAKE_LEGAL: N_("fake legal documents to coerce (CBRC credit-card rules Art. 68)"),
    BreachCode.CONTACTS_BLAST: N_(
        "messaging the borrower's phone contacts about the debt (CBRC credit-card rules Art. 68)"
    ),
    BreachCode.SMS_BOMB: N_("a flood of messages meant to harass"),
    BreachCode.WORKPLACE: N_(
        "contacting the borrower's workplace about the debt (CBRC credit-card rules Art. 68)"
    ),
    BreachCode.PUBLIC_DISCLOSURE: N_("making the debt public (CBRC credit-card rules Art. 68)"),
}
"""China, credit cards: a bank's card centre is bound by the card rules' Art. 68 (no
collecting from people unrelated to the debt, no violence, coercion, threats or abuse),
not by NIFA's rules for online lending; hours and call counts are the industry's."""


def rule_for(jurisdiction: Jurisdiction, code: BreachCode, *, card: bool = False) -> str:
    """The rule ``code`` breaks under ``jurisdiction`` (a message id); ``card``: the loan
    is a Chinese credit card, whose rules add Art. 68 where it applies."""
    if card and jurisdiction is Jurisdiction.CN and code in CARD_RULES:
        return CARD_RULES[code]
    return RULES[jurisdiction, code]


class Step(StrEnum):
    """A place to complain about collection (see :data:`COMPLAINT_ROUTE`)."""

    LENDER = "lender"
    REGULATOR = "regulator"  # 12378 (NFRA) or 12363 (PBoC)
    NIFA = "nifa"  # the NIFA reporting platform, for its member platforms
    LOCAL_REGULATOR = "local_regulator"  # 地方金融管理局, for small-loan companies
    POLICE = "police"  # 110: threats, impersonation, fake legal documents
    CFPB = "cfpb"
    STATE_AG = "state_ag"
    FTC = "ftc"


COMPLAINT_ROUTE: Mapping[Jurisdiction, Mapping[str, tuple[Step, ...]]] = {
    Jurisdiction.CN: {
        # An online lender is most often a small-loan company, supervised locally.
        "online": (Step.LENDER, Step.LOCAL_REGULATOR, Step.NIFA, Step.REGULATOR, Step.POLICE),
        "consumer-finance": (Step.LENDER, Step.REGULATOR, Step.NIFA, Step.POLICE),
        "bank": (Step.LENDER, Step.REGULATOR, Step.POLICE),
        "card": (Step.LENDER, Step.REGULATOR, Step.POLICE),
        "private": (Step.LENDER, Step.POLICE),
    },
    Jurisdiction.US: dict.fromkeys(
        ("online", "consumer-finance", "bank", "card", "private"),
        (Step.LENDER, Step.CFPB, Step.STATE_AG, Step.FTC),
    ),
}
"""Where to complain, in order, per jurisdiction and lender type
(docs/conventions.md#collection-rules)."""

POLICE_MATTERS = frozenset({BreachCode.THREAT, BreachCode.IMPERSONATION, BreachCode.FAKE_LEGAL})
"""China: breaches to report to the police (110), not only to regulators."""

STEP_NAMES: Mapping[Step, str] = {
    Step.LENDER: N_("the lender's own complaint channel"),
    Step.REGULATOR: N_("12378 (NFRA) or 12363 (PBoC)"),
    Step.NIFA: N_("the NIFA reporting platform, if the lender is a NIFA member"),
    Step.LOCAL_REGULATOR: N_(
        "the local financial regulator (地方金融管理局), if the lender is a small-loan company"
    ),
    Step.POLICE: N_("the police (110), for threats, impersonation or fake legal documents"),
    Step.CFPB: N_("the Consumer Financial Protection Bureau (consumerfinance.gov/complaint)"),
    Step.STATE_AG: N_("your state attorney general"),
    Step.FTC: N_("the Federal Trade Commission (ReportFraud.ftc.gov)"),
}
"""How each place to complain is named to people (message ids)."""


def complaint_route(
    jurisdiction: Jurisdiction, codes: Iterable[BreachCode], lender_type: str = "online"
) -> tuple[Step, ...]:
    """Where to complain about breaches of ``codes``, in order: the route of the
    jurisdiction and lender type, with the police only when a breach is a police matter."""
    police = not POLICE_MATTERS.isdisjoint(codes)
    route = COMPLAINT_ROUTE[jurisdiction][lender_type]
    return tuple(s for s in route if s is not Step.POLICE or police)


CN_QUIET_START = time(22, 0)
CN_QUIET_END = time(8, 0)
CN_MAX_CALLS_PER_DAY = 3

US_EARLIEST = time(8, 0)
US_LATEST = time(21, 0)
US_MAX_CALLS = 7
US_WINDOW_DAYS = 7


def in_quiet_hours(at: datetime, jurisdiction: Jurisdiction) -> bool:
    """Whether ``at`` is outside the hours a collector may contact the borrower.

    China: 22:00 <= t or t < 08:00. US: t < 08:00 or t > 21:00 (21:00:00 is allowed).
    """
    moment = at.time()
    if jurisdiction is Jurisdiction.CN:
        return moment >= CN_QUIET_START or moment < CN_QUIET_END
    return moment < US_EARLIEST or moment > US_LATEST


def find_breaches(
    contacts: Sequence[Contact], jurisdiction: Jurisdiction, *, card: bool = False
) -> tuple[Breach, ...]:
    """Every rule the logged ``contacts`` break under ``jurisdiction``, sorted by time.

    One contact can break several rules, given in this order: quiet hours, too many
    calls, a call after a conversation, third party, then its conduct in the order
    logged (a 23:00 call that is the 4th of the day gives ``quiet_hours`` then
    ``too_frequent``). ``card``: a Chinese credit card (see :func:`rule_for`).
    O(n log n) for the sort, then one pass.
    """
    ordered = sorted(contacts, key=lambda contact: contact.at)
    breaches: list[Breach] = []
    # China: calls on the current calendar day. US: days of the calls in the window.
    call_day: date | None = None
    calls_that_day = 0
    window: deque[date] = deque()
    span = timedelta(days=US_WINDOW_DAYS)
    # US: the last telephone conversation (a connected call) before this contact.
    conversation: datetime | None = None

    def flag(code: BreachCode, contact: Contact) -> None:
        breaches.append(Breach(code, contact.at, rule_for(jurisdiction, code, card=card), contact))

    for contact in ordered:
        if contact.channel is not Channel.THIRD_PARTY and in_quiet_hours(contact.at, jurisdiction):
            flag(BreachCode.QUIET_HOURS, contact)
        if contact.channel is Channel.CALL:
            day = contact.at.date()
            if jurisdiction is Jurisdiction.CN:
                if day != call_day:
                    call_day, calls_that_day = day, 0
                calls_that_day += 1
                if calls_that_day > CN_MAX_CALLS_PER_DAY:
                    flag(BreachCode.TOO_FREQUENT, contact)
            else:
                # The 7 days ending on this call's day: day-6 .. day.
                while window and window[0] <= day - span:
                    window.popleft()
                window.append(day)
                if len(window) > US_MAX_CALLS:
                    flag(BreachCode.TOO_FREQUENT, contact)
                # The conversation's day is day 1 of the 7: its day .. its day + 6.
                if conversation is not None and contact.at > conversation:
                    if day < conversation.date() + span:
                        flag(BreachCode.AFTER_CONVERSATION, contact)
                if contact.connected:
                    conversation = contact.at
        if contact.channel is Channel.THIRD_PARTY:
            flag(BreachCode.THIRD_PARTY, contact)
        for conduct in dict.fromkeys(contact.conduct):
            flag(CONDUCT_CODES[conduct], contact)
    return tuple(breaches)
