"""The loan book's domain types: loans, payments, contacts, rate changes, settings, and
the problems found in a book.

Everything here is an immutable value. Turning a file's document into these values (and
refusing bad ones) is :mod:`debtplan.core.from_document`; turning them back into a
document is :mod:`debtplan.core.to_document`; single values are read by
:mod:`debtplan.core.fields`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from debtplan.core.calendar import Frequency, default_first_due
from debtplan.core.money import ZERO, Rate
from debtplan.core.text import N_, DebtplanError, InputError


class Method(StrEnum):
    """Repayment method (docs/conventions.md#repayment-methods)."""

    ANNUITY = "annuity"  # 等额本息
    EQUAL_PRINCIPAL = "equal-principal"  # 等额本金
    INTEREST_ONLY = "interest-only"  # 先息后本
    LUMP_SUM = "lump-sum"  # 到期一次还本付息
    FLAT = "flat"  # 等本等息 / 月费率
    REVOLVING = "revolving"  # 信用卡


class LenderType(StrEnum):
    """Who lent the money: it decides which legal lines the real cost is measured against
    (docs/conventions.md#cost-flags)."""

    BANK = "bank"  # 银行
    CARD = "card"  # a bank's credit card, 信用卡
    CONSUMER_FINANCE = "consumer-finance"  # 消费金融公司
    ONLINE = "online"  # licensed online lenders and small-loan companies, 网贷 / 小贷
    PRIVATE = "private"  # 民间借贷: between people or companies outside the licensed system


def default_lender_type(method: Method, jurisdiction: str) -> LenderType:
    """The lender type a loan has when its file does not say (docs/conventions.md#lender-type):
    a card for a revolving line, a person for a Chinese lump sum (the loans between people
    the court rules are written for; a US lump sum is a payday loan, online), a
    consumer-finance company for a flat-fee loan, a bank for any other installment loan."""
    if method is Method.REVOLVING:
        return LenderType.CARD
    if method is Method.LUMP_SUM:
        return LenderType.PRIVATE if jurisdiction == "cn" else LenderType.ONLINE
    if method is Method.FLAT:
        return LenderType.CONSUMER_FINANCE
    return LenderType.BANK


def default_day_count(jurisdiction: str) -> int:
    """The days in a year a loan's daily rate uses when its file does not say
    (docs/conventions.md#day-counts): 360 in China (日利率 = 年利率 / 360), else 365."""
    return 360 if jurisdiction == "cn" else 365


class PenaltyBase(StrEnum):
    """What penalty interest is charged on."""

    OVERDUE = "overdue"  # the whole overdue amount (online and consumer lenders)
    PRINCIPAL = "principal"  # overdue principal only (banks)


class Prepay(StrEnum):
    """What an overpayment does to the rest of the schedule."""

    SHORTEN = "shorten"  # installment stays, term shortens
    REDUCE = "reduce"  # term stays, installment falls


class Component(StrEnum):
    """Parts of what is owed, in the order a payment may be applied to them."""

    FEES = "fees"
    PENALTY = "penalty"
    INTEREST = "interest"
    PRINCIPAL = "principal"


# Civil Code Art. 561: expenses, then interest (penalty interest included), then principal.
DEFAULT_ALLOCATION: tuple[Component, ...] = (
    Component.FEES,
    Component.PENALTY,
    Component.INTEREST,
    Component.PRINCIPAL,
)


# Characters that show as nothing (or only change how their neighbours show): Unicode's
# format characters (category Cf: zero-width space and joiners, bidi controls, the soft
# hyphen, the byte-order mark, tags) and its other default-ignorable code points
# (variation selectors, the Hangul fillers, the combining grapheme joiner). Cf's
# prepended concatenation marks (U+0600-0605, 06DD, 070F, 0890-0891, 08E2, 110BD,
# 110CD) are visible signs and are not here. A regex character class.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def name_key(name: str) -> str:
    """A name for comparison: case folded, "é" typed as one character or as "e" plus an
    accent counts as the same (Unicode canonical caseless matching), and characters
    that show as nothing (:data:`INVISIBLE`) are left out, so ``Car`` and ``Car`` with a
    zero-width space after it are one name."""
    visible = _INVISIBLE.sub("", name).strip()
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", visible).casefold())


@dataclass(frozen=True)
class Payment:
    """Money the borrower paid on a loan, on a date."""

    on: date
    amount: Decimal
    note: str = ""
    prepay: Prepay = Prepay.SHORTEN


@dataclass(frozen=True)
class Charge:
    """New spending or a new draw on a revolving line (a card, 花呗, 借呗), on a date: it
    joins the balance on the first due date after it (docs/conventions.md#charges)."""

    on: date
    amount: Decimal
    note: str = ""


@dataclass(frozen=True)
class Statement:
    """A revolving line's balance as its statement gives it on a date: the book takes it
    for what the card owed that day, whatever it had worked out (docs/conventions.md#charges)."""

    on: date
    balance: Decimal
    note: str = ""


@dataclass(frozen=True)
class Evidence:
    """A recording or screenshot of a contact: where it is, and the SHA-256 of its bytes
    when it was logged (64 lowercase hex digits), which shows it was not changed later."""

    path: str
    sha256: str

    def __post_init__(self) -> None:
        if not self.path.strip():
            raise InputError(N_("an evidence file needs a path"))
        if len(self.sha256) != 64 or self.sha256.strip("0123456789abcdef"):
            raise InputError(
                N_("{value!r} is not a SHA-256: write its 64 hex digits (0-9, a-f)"),
                value=self.sha256,
            )


@dataclass(frozen=True)
class ContactRecord:
    """A collector's contact as logged by the borrower (local time).

    ``channel`` and ``conduct`` hold the English codes of
    :class:`debtplan.core.contacts.Channel` and :class:`~debtplan.core.contacts.Conduct`;
    ``connected``: a call the borrower answered (a conversation, for Reg F).
    """

    at: datetime
    channel: str
    note: str = ""
    conduct: tuple[str, ...] = ()
    connected: bool = False
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class RateChange:
    """From ``starts`` on, the loan's contract rate is ``rate`` (promotions, resets)."""

    starts: date
    rate: Rate


@dataclass(frozen=True)
class PrepayFee:
    """The contract's prepayment fee (提前还款违约金): a percent of the principal prepaid
    (``3%``), or a fixed amount charged on each prepayment (``200``)."""

    value: Decimal
    percent: bool

    def __str__(self) -> str:
        return f"{self.value.normalize():f}%" if self.percent else f"{self.value:f}"


@dataclass(frozen=True)
class Loan:
    """One loan as the contract states it, with what has been paid on it."""

    name: str
    currency: str
    method: Method
    principal: Decimal  # for revolving: the balance on ``start``
    rate: Rate
    start: date
    term: int = 0  # number of installments; 0 for revolving
    frequency: Frequency = Frequency.MONTHLY
    lender: str = ""
    account: str = ""  # the contract or account number the letters quote
    first_due: date | None = None
    due_day: int | None = None
    grace_days: int = 0
    penalty_rate: Rate | None = None  # e.g. 0.05 %/day on the overdue amount
    penalty_markup: Decimal | None = None  # percent over the contract rate, e.g. 50
    penalty_base: PenaltyBase | None = (
        None  # None: overdue amount for a daily rate, principal for a markup
    )
    penalty_compound: bool = False  # 复利: penalty rate also on overdue interest
    late_fee: Decimal = ZERO  # per missed installment
    upfront_fee: Decimal = ZERO  # taken from the money lent
    fee_rate: Rate | None = None  # flat loans: monthly fee on the ORIGINAL principal
    min_payment: Decimal | None = None  # revolving: fixed minimum
    min_percent: Decimal | None = None  # revolving: percent of the balance ...
    min_floor: Decimal = ZERO  # ... with this floor
    min_plus_interest: bool = False  # revolving: percent of the balance plus the interest (US)
    day_count: int = 365
    allocation: tuple[Component, ...] = DEFAULT_ALLOCATION
    jurisdiction: str = "cn"
    lender_type: LenderType | None = None  # None: default_lender_type of method, jurisdiction
    note: str = ""
    payments: tuple[Payment, ...] = ()
    contacts: tuple[ContactRecord, ...] = ()
    rate_changes: tuple[RateChange, ...] = ()
    prepay_fee: PrepayFee | None = None  # None: none (a flat loan: its current-period fee)
    charges: tuple[Charge, ...] = ()  # revolving: new spending, in date order
    statements: tuple[Statement, ...] = ()  # revolving: balances set as of a date, in date order

    @property
    def key(self) -> str:
        """Names are unique case-insensitively; this is the comparison key."""
        return name_key(self.name)

    @property
    def due_anchor_day(self) -> int:
        """The day of month monthly installments fall on (clamped in short months)."""
        if self.due_day is not None:
            return self.due_day
        if self.first_due is not None:
            return self.first_due.day
        return self.start.day

    @property
    def first_due_date(self) -> date:
        """The contract's first due date, or one period after disbursement."""
        if self.first_due is not None:
            return self.first_due
        return default_first_due(self.start, self.frequency, self.due_day)

    @property
    def lender_kind(self) -> LenderType:
        """The lender type the file gives, else the default for the method and jurisdiction."""
        if self.lender_type is not None:
            return self.lender_type
        return default_lender_type(self.method, self.jurisdiction)

    @property
    def amount_received(self) -> Decimal:
        """Money actually in the borrower's hands: principal minus fees taken up front."""
        return self.principal - self.upfront_fee


@dataclass(frozen=True)
class Settings:
    """Book-wide settings stored in the file's ``[settings]`` table."""

    budget: Mapping[str, Decimal] = field(default_factory=dict)  # monthly, per currency
    # The one-year LPR as set in the file; None: the dated table (core/apr.py ONE_YEAR_LPR)
    lpr_percent: Decimal | None = None
    history: int = 10  # versions of the file kept for `undo`
    remind_days: int = 3  # calendar reminders, days before a due date


@dataclass(frozen=True)
class SavedPlan:
    """The plan `plan --save` stored (the file's ``[saved_plan]``), for `progress`.

    ``targets``: per loan name, the balance the plan expected at the end of each month
    (month ``k`` dated ``as_of + k months``), up to the month it is paid off;
    ``order``: the loans first to last, for a custom order (empty otherwise).
    """

    strategy: str
    as_of: date
    budget: Mapping[str, Decimal]
    targets: Mapping[str, tuple[Decimal, ...]]
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Book:
    """All the user's loans and settings, and the plan saved for `progress`."""

    loans: tuple[Loan, ...] = ()
    settings: Settings = field(default_factory=Settings)
    saved_plan: SavedPlan | None = None

    def find(self, name: str) -> Loan | None:
        """The loan named ``name`` (case-insensitive), or None."""
        key = name_key(name)
        return next((loan for loan in self.loans if loan.key == key), None)

    def loan_named(self, name: str) -> Loan:
        """The loan named ``name`` (see :meth:`find`), or an error listing the names there are."""
        loan = self.find(name)
        if loan is None:
            if not self.loans:
                raise DebtplanError(
                    N_("no loan named {name!r}; the loans are: (none yet: add one first)"),
                    name=name,
                )
            names = ", ".join(item.name for item in self.loans)
            raise DebtplanError(
                N_("no loan named {name!r}; the loans are: {names}"), name=name, names=names
            )
        return loan

    def replace_loan(self, old: Loan, new: Loan) -> Book:
        return replace(self, loans=tuple(new if x is old else x for x in self.loans))


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the book: where, what, and how to fix it (as message ids)."""

    loan: str  # the loan's name, or "loans[3]" when it has none
    field: str
    error: InputError

    def __str__(self) -> str:
        return f"{self.loan}: {self.field}: {self.error}"


class BookError(InputError):
    """The book holds problems; ``problems`` lists every one."""

    def __init__(
        self, problems: Sequence[Problem], msgid: str = N_("the loan file has {count} problem(s)")
    ) -> None:
        self.problems = tuple(problems)
        super().__init__(msgid, count=len(self.problems))
