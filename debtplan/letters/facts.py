"""What a message may state: :class:`LetterFacts`, the repayment plan a budget makes, and
how a letter writes money and dates.

Every figure here is computed by the core (the ledger's payoff and due amounts, the
same functions `show --json` uses); a letter only places them. The law a letter
cites is chosen by ``jurisdiction`` and ``lender_type``, never by ``lang``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_CEILING, Decimal

from debtplan.core.contacts import Breach, Channel, Jurisdiction
from debtplan.core.money import ZERO, cents, money_str

# Why the borrower's payments changed: it decides the documents the letter offers.
CAUSES = ("job-loss", "illness", "income-cut", "other")


@dataclass(frozen=True)
class Plan:
    """``count`` monthly payments: ``count - 1`` of ``amount`` and a last one of ``last``,
    adding up to exactly the total they repay."""

    count: int
    amount: Decimal
    last: Decimal

    @property
    def total(self) -> Decimal:
        return self.amount * (self.count - 1) + self.last


def installment_plan(total: Decimal, monthly: Decimal) -> Plan:
    """``total`` repaid with ``monthly`` a month, interest frozen (停息挂账): as many full
    payments as fit, and a last one of what is left (at most ``monthly``)."""
    total, monthly = cents(total), cents(monthly)
    if total <= ZERO or monthly <= ZERO:
        raise ValueError("a plan needs a total and a monthly amount above zero")
    count = int((total / monthly).to_integral_value(rounding=ROUND_CEILING))
    return Plan(count, monthly, total - monthly * (count - 1))


@dataclass(frozen=True, kw_only=True)
class LetterFacts:
    """Everything a message may mention, computed by the core as of ``as_of``.

    Money is Decimal in ``currency``. The owed figures are the payoff `show` reports
    (:meth:`debtplan.core.states.LoanState.payoff`): ``total_owed`` is principal +
    interest + penalty + fees, and ``fees_owed`` is ``late_fees`` + ``prepay_fee``.
    ``flat``: the loan's "interest" is a flat monthly fee (服务费), named so.
    ``installment``: the contract's regular payment (a card's minimum), which a
    hardship budget must be under. ``pay_on_amount``: everything due by ``pay_on``
    (installments, penalty and fees), as `overdue --pay-on` counts it. ``plan``: the
    payments ``budget`` (for this lender, a month) makes of ``total_owed``.
    ``total_budget``: what the borrower has a month for all debts; never stated (a letter
    says only that ``budget`` is the part of it the borrower can give this lender), and only when
    given. ``cause``: one of :data:`CAUSES`. ``upfront_fee``: whether a fee was taken
    from the money lent. ``vehicle``: the loan is secured by the borrower's car.
    """

    lang: str
    lender: str
    loan: str
    currency: str
    as_of: date
    principal_owed: Decimal
    interest_owed: Decimal
    penalty_owed: Decimal
    fees_owed: Decimal
    total_owed: Decimal
    overdue_amount: Decimal
    days_overdue: int
    jurisdiction: Jurisdiction
    lender_type: str = "bank"
    account: str = ""
    collector: str = ""  # a collection agency the letter is written to, collecting for lender
    late_fees: Decimal | None = None  # None: all of fees_owed
    penalty_interest: bool = True  # the contract charges penalty interest (罚息)
    flat: bool = False
    upfront_fee: bool = False
    # The contract's real cost, the effective APR in percent a year (core.apr.contract_cost);
    # None when it has none (a card whose minimum never covers the interest).
    cost_apr: Decimal | None = None
    vehicle: bool = False
    borrower: str | None = None
    stage: str | None = None
    next_due_date: date | None = None
    next_due_amount: Decimal | None = None
    oldest_due_date: date | None = None  # the oldest installment still overdue
    overdue_dates: Sequence[date] = ()  # the due date of every installment still overdue
    installment: Decimal | None = None
    pay_on: date | None = None
    pay_on_amount: Decimal | None = None
    pay_on_charges: Decimal | None = None  # penalty and fees added from as_of to pay_on
    pay_on_penalty: Decimal | None = None  # of pay_on_charges, the penalty interest (None: 0)
    reason: str | None = None
    cause: str | None = None
    budget: Decimal | None = None
    total_budget: Decimal | None = None
    plan: Plan | None = None
    offer: Decimal | None = None
    missed: date | None = None  # non-malicious: the due date missed
    wrong: str | None = None  # credit-dispute: what the record says
    should: str | None = None  # credit-dispute: what it should say
    breaches: Sequence[Breach] = ()
    preferred_channel: Channel | None = None
    # credit-dispute: each installment due before ``as_of`` that the book shows paid after
    # its due date (due date, paid date) or still unpaid (due date, None).
    late_payments: Sequence[tuple[date, date | None]] = ()
    # credit-dispute: every installment due before ``as_of``, or paid, with the date it was
    # paid in full (due date, paid date or None).
    paid_dates: Sequence[tuple[date, date | None]] = ()
    force: bool = False  # credit-dispute: write it even though the book contradicts it
    contacted: bool = False  # the collector's contacts are logged (`debtplan contact`)
    dispute: bool = False  # validation: the borrower disputes the debt (--dispute)

    @property
    def prepay_fee(self) -> Decimal:
        return self.fees_owed - self.late_fee_amount

    @property
    def late_fee_amount(self) -> Decimal:
        return self.fees_owed if self.late_fees is None else self.late_fees

    def __post_init__(self) -> None:
        # Programming errors, not user errors: the core computes these.
        amounts = {
            "principal_owed": self.principal_owed,
            "interest_owed": self.interest_owed,
            "penalty_owed": self.penalty_owed,
            "fees_owed": self.fees_owed,
            "total_owed": self.total_owed,
            "overdue_amount": self.overdue_amount,
            "late_fees": self.late_fees,
            "next_due_amount": self.next_due_amount,
            "installment": self.installment,
            "pay_on_amount": self.pay_on_amount,
            "pay_on_charges": self.pay_on_charges,
            "pay_on_penalty": self.pay_on_penalty,
            "budget": self.budget,
            "total_budget": self.total_budget,
            "offer": self.offer,
            "cost_apr": self.cost_apr,
        }
        for name, amount in amounts.items():
            if amount is None:
                continue
            if not isinstance(amount, Decimal):
                raise TypeError(
                    f"LetterFacts.{name} must be a Decimal, not {type(amount).__name__}"
                )
            if not amount.is_finite() or amount < 0:
                raise ValueError(f"LetterFacts.{name} must be 0 or more, not {amount}")
        parts = cents(self.principal_owed) + cents(self.interest_owed)
        parts += cents(self.penalty_owed) + cents(self.fees_owed)
        if parts != cents(self.total_owed):
            raise ValueError(
                f"LetterFacts.total_owed {money_str(self.total_owed)} is not principal + "
                f"interest + penalty + fees ({money_str(parts)})"
            )
        if self.late_fees is not None and self.late_fees > self.fees_owed:
            raise ValueError("LetterFacts.late_fees cannot be more than fees_owed")
        if self.pay_on_penalty is not None and self.pay_on_penalty > (self.pay_on_charges or 0):
            raise ValueError("LetterFacts.pay_on_penalty cannot be more than pay_on_charges")
        if self.days_overdue < 0:
            raise ValueError(f"LetterFacts.days_overdue must be 0 or more, not {self.days_overdue}")
        if self.plan is not None and cents(self.plan.total) != cents(self.total_owed):
            raise ValueError("LetterFacts.plan must add up to total_owed")
        if self.cause is not None and self.cause not in CAUSES:
            raise ValueError(f"LetterFacts.cause must be one of {CAUSES}, not {self.cause!r}")


@dataclass(frozen=True)
class Letter:
    """A drafted message: ``subject`` is one line, ``body`` the text (no trailing newline)."""

    kind: str
    lang: str
    subject: str
    body: str


# --- formatting ----------------------------------------------------------------------

_EN_SYMBOLS = {"USD": "$"}
_ZH_UNITS = {"CNY": "元", "USD": "美元", "EUR": "欧元", "GBP": "英镑", "HKD": "港元", "JPY": "日元"}
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_money(amount: Decimal, currency: str, lang: str) -> str:
    """An amount as a letter writes it, rounded half-up to the cent.

    en: ``$1,234.50`` for USD, ``CNY 1,234.50`` for other codes;
    zh: ``1,234.50元`` for CNY (or RMB), ``1,234.50美元`` for USD, ``EUR`` -> 欧元, ...
    """
    code = currency.strip().upper()
    if code == "RMB":
        code = "CNY"
    number = format(cents(amount), ",.2f")
    if lang == "zh" and code in _ZH_UNITS:
        # Formal Chinese writes the unit right after the number: 1,234.50元.
        return f"{number}{_ZH_UNITS[code]}"
    if lang != "zh" and code in _EN_SYMBOLS:
        return f"{_EN_SYMBOLS[code]}{number}"
    return f"{code} {number}"


def format_date(day: date, lang: str) -> str:
    """en ``November 28, 2026`` (a US letter's date); zh ``2026年11月28日``."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{_EN_MONTHS[day.month - 1]} {day.day}, {day.year}"


def format_datetime(moment: datetime, lang: str) -> str:
    """en ``November 20, 2026, 10:15 p.m.``; zh ``2026年11月20日 22:15``.

    Seconds are shown when they are not zero (21:00:30 is after 9 p.m.; 21:00 is not).
    """
    seconds = f":{moment.second:02}" if moment.second else ""
    if lang == "zh":
        return f"{format_date(moment.date(), lang)} {moment.hour:02}:{moment.minute:02}{seconds}"
    hour = moment.hour % 12 or 12
    half = "a.m." if moment.hour < 12 else "p.m."
    if (moment.minute, moment.second) == (0, 0) and moment.hour in (0, 12):
        # 12:00 a.m. and p.m. are ambiguous to many readers
        half = "noon" if moment.hour == 12 else "midnight"
    clock = f"{hour}:{moment.minute:02}{seconds} {half}"
    return f"{format_date(moment.date(), lang)}, {clock}"


# Words by which --should claims the account was paid on time (English and Chinese).
_ON_TIME = re.compile(
    r"on[\s-]*time|\b(?:not|never|no)\b[\s\w]{0,12}?\b(?:late|overdue|past[\s-]*due|"
    r"delinquen\w*)|paid as agreed|\bcurrent\b|按时|按期|准时|如期|未逾期|没有逾期|无逾期|"
    r"不存在逾期|非逾期|正常还款|还款正常|状态正常",
    re.IGNORECASE,
)
# A month named in --wrong or --should: 2026-10, 2026/10, 2026.10, 2026年10月.
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})(?!\d)")
# The same in English: October 2026, Oct 16, 2026, 16 October 2026.
_MONTH_NAMES = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec"),
), 1) for name in names}  # fmt: skip
_NAME = r"(" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_EN_MONTH_DAY_YEAR = re.compile(rf"\b{_NAME}\s+{_ORDINAL},?\s+(\d{{4}})\b", re.IGNORECASE)
_EN_DAY_MONTH_YEAR = re.compile(rf"\b{_ORDINAL}\s+(?:of\s+)?{_NAME},?\s+(\d{{4}})\b", re.IGNORECASE)
_EN_MONTH_YEAR = re.compile(rf"\b{_NAME},?\s+(\d{{4}})\b", re.IGNORECASE)


def _named_days(text: str) -> list[tuple[int, int, int]]:
    """Every (year, month, day) ``text`` names: 2026-10-05, 2026年10月5日, October 5, 2026,
    5 October 2026."""
    found = [(int(y), int(m), int(d)) for y, m, d in _DAY.findall(text)]
    found += [(int(y), _MONTH_NAMES[n.lower()], int(d))
              for n, d, y in _EN_MONTH_DAY_YEAR.findall(text)]  # fmt: skip
    found += [(int(y), _MONTH_NAMES[n.lower()], int(d))
              for d, n, y in _EN_DAY_MONTH_YEAR.findall(text)]  # fmt: skip
    return found


def _named_months(text: str) -> set[tuple[int, int]]:
    """Every (year, month) ``text`` names, in figures or in English words."""
    months = {(int(y), int(m)) for y, m in _MONTH.findall(text)}
    months |= {(int(y), _MONTH_NAMES[n.lower()]) for n, y in _EN_MONTH_YEAR.findall(text)}
    months |= {(y, m) for y, m, _ in _named_days(text)}
    return {(y, m) for y, m in months if 1 <= m <= 12}


def claims_on_time(text: str | None) -> bool:
    """Whether ``text`` (a credit-dispute's --should) says the account was paid on time."""
    return bool(text and _ON_TIME.search(text))


def contradicted(facts: LetterFacts) -> list[tuple[date, date | None]]:
    """The recorded late or unpaid installments that contradict a claim of on-time payment:
    none unless ``--should`` makes that claim; those due in a month ``--wrong`` or
    ``--should`` names, or every one when they name none."""
    if not claims_on_time(facts.should):
        return []
    months = _named_months(f"{facts.wrong or ''} {facts.should or ''}")
    return [
        (due, paid)
        for due, paid in facts.late_payments
        if not months or (due.year, due.month) in months
    ]


# A day named in --should: 2026-10-05, 2026/10/5, 2026.10.05, 2026年10月5日.
_DAY = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)")
# Words by which --should says a payment was made.
PAID_WORDS = re.compile(r"\bpaid\b|\bpayment\b|\bpay\b|还款|还清|已还|还了|缴", re.IGNORECASE)


def wrong_payment_dates(facts: LetterFacts) -> list[tuple[date, date | None]]:
    """The installments whose recorded payment date contradicts a payment date --should
    names: for each day it names (when it speaks of a payment or of paying on time), the
    installments due in that month whose due date and date paid in full are both other
    days (due date, paid date or None)."""
    should = facts.should or ""
    if not (claims_on_time(should) or PAID_WORDS.search(should)):
        return []
    named: set[date] = set()
    for year, month, number in _named_days(should):
        try:
            named.add(date(year, month, number))
        except ValueError:
            continue
    wrong: list[tuple[date, date | None]] = []
    for day in sorted(named):
        for due, paid in facts.paid_dates:
            same_month = (due.year, due.month) == (day.year, day.month)
            if same_month and day not in (due, paid) and (due, paid) not in wrong:
                wrong.append((due, paid))
    return wrong


def sentence(text: str, lang: str) -> str:
    """The borrower's words as a sentence: ending with 。 (zh) or . (en) unless they end
    with a full stop, question or exclamation mark already."""
    text = text.strip()
    if text.endswith(("。", ".", "！", "!", "？", "?")):
        return text
    return text + ("。" if lang == "zh" else ".")
