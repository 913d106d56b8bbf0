"""A collector's contacts with the borrower, and the collection rules they break.

The borrower logs each call, text, visit or message from a collector (and each
time a collector reached someone else about the debt). :func:`find_breaches`
checks the log against the rules of the loan's jurisdiction
(docs/conventions.md#collection-rules):

China (NIFA 2024 post-loan collection guideline, NIFA 2018 self-regulation pact):

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
  Reg F's second presumption (any call within 7 days after a telephone
  *conversation*) is not checked: the log does not record whether a call was
  answered, and guessing would produce false flags.
- third parties: allowed only to obtain location information, without mentioning
  the debt (§1692b, §1692c(b)). The log cannot tell what was said, so every
  third-party contact is flagged for the borrower to review.

Quiet hours concern the borrower, so they are checked on contacts with the
borrower (every channel but ``third-party``). Every logged call counts as a call,
answered or not: the borrower logs the calls that reached them.

Times are naive datetimes in the borrower's local time. The log may be in any
order; breaches come out sorted by time (ties keep the log's order). The check
sorts once and then scans, keeping a sliding window of recent calls.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from debtplan.core.text import N_, InputError


class Channel(StrEnum):
    """How the collector made contact."""

    CALL = "call"
    SMS = "sms"
    VISIT = "visit"
    SOCIAL = "social"
    THIRD_PARTY = "third-party"


class Jurisdiction(StrEnum):
    """Whose collection rules apply to a loan."""

    CN = "cn"
    US = "us"


class BreachCode(StrEnum):
    """What kind of rule a contact broke; the values are the JSON codes."""

    QUIET_HOURS = "quiet_hours"
    TOO_FREQUENT = "too_frequent"
    THIRD_PARTY = "third_party"


@dataclass(frozen=True)
class Contact:
    """One contact from a collector: when (borrower's local time), how, and a note.

    ``Contact(datetime(2026, 11, 20, 22, 15), Channel.CALL, "threatened to call my boss")``
    """

    at: datetime
    channel: Channel
    note: str = ""

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise InputError(
                N_(
                    "contact time {at} has a time zone; give the borrower's local time "
                    "without one, like 2026-11-20T22:15"
                ),
                at=self.at.isoformat(),
            )


@dataclass(frozen=True)
class Breach:
    """A contact that broke a rule: its code, when, the rule (a message id), the contact."""

    code: BreachCode
    at: datetime
    rule: str
    contact: Contact


# Each rule names itself and its source. These are message ids: the CLI translates them.
RULE_CN_QUIET_HOURS = N_(
    "collection between 22:00 and 08:00 (NIFA 2024 post-loan collection guideline)"
)
RULE_CN_TOO_FREQUENT = N_("more than 3 calls in one day (NIFA 2024 post-loan collection guideline)")
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

RULES: Mapping[tuple[Jurisdiction, BreachCode], str] = {
    (Jurisdiction.CN, BreachCode.QUIET_HOURS): RULE_CN_QUIET_HOURS,
    (Jurisdiction.CN, BreachCode.TOO_FREQUENT): RULE_CN_TOO_FREQUENT,
    (Jurisdiction.CN, BreachCode.THIRD_PARTY): RULE_CN_THIRD_PARTY,
    (Jurisdiction.US, BreachCode.QUIET_HOURS): RULE_US_QUIET_HOURS,
    (Jurisdiction.US, BreachCode.TOO_FREQUENT): RULE_US_TOO_FREQUENT,
    (Jurisdiction.US, BreachCode.THIRD_PARTY): RULE_US_THIRD_PARTY,
}
"""The rule text for each jurisdiction and breach code."""

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


def find_breaches(contacts: Sequence[Contact], jurisdiction: Jurisdiction) -> tuple[Breach, ...]:
    """Every rule the logged ``contacts`` break under ``jurisdiction``, sorted by time.

    One contact can break several rules (a 23:00 call that is the 4th of the day
    gives a ``quiet_hours`` and a ``too_frequent`` breach, in that order).
    O(n log n) for the sort, then one pass.
    """
    ordered = sorted(contacts, key=lambda contact: contact.at)
    breaches: list[Breach] = []
    # China: calls on the current calendar day. US: days of the calls in the window.
    call_day: date | None = None
    calls_that_day = 0
    window: deque[date] = deque()
    span = timedelta(days=US_WINDOW_DAYS)

    def flag(code: BreachCode, contact: Contact) -> None:
        breaches.append(Breach(code, contact.at, RULES[jurisdiction, code], contact))

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
        if contact.channel is Channel.THIRD_PARTY:
            flag(BreachCode.THIRD_PARTY, contact)
    return tuple(breaches)
