"""Journals for plain-text accounting: ledger/hledger and beancount.

Both write the same transactions (docs/conventions.md#plain-text-accounting):

- each loan's opening balance on its start date: the principal owed to the loan's
  account, the fee taken up front to its fees account, the rest to the opening account;
- each payment recorded up to the export date, split as the ledger applied it into
  principal, interest, penalty and fees (and what went beyond the loan, to the loan's
  overpaid account), paid from the bank account;
- what is left to pay, one forecast per installment: in ledger/hledger a periodic
  transaction (``~ every 15th day of month from 2027-01-15 to 2027-01-16``, which
  hledger shows with ``--forecast`` and nowhere else); in beancount a dated transaction
  flagged ``#`` and tagged ``#forecast``, which a report of the books as they stand
  leaves out by that tag. Installments already due or overdue are forecast on the
  export date, with the penalty and fees charged by then.

Account names: every role has a default (:data:`DEFAULT_ACCOUNTS`) that
``--account-prefix ROLE=ACCOUNT`` replaces; the loan's roles get the loan's name as
their last component, sanitised by :func:`account_component`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from debtplan.core.model import INVISIBLE
from debtplan.core.money import cents
from debtplan.core.text import N_, InputError
from debtplan.i18n import _
from debtplan.render.text import literal

if TYPE_CHECKING:
    from debtplan.usecases.export import JournalLoan, Remaining, Split, SplitPayment


class Journal(StrEnum):
    LEDGER = "ledger"
    BEANCOUNT = "beancount"


# The roles an account plays, and its default name. The first five are per loan (the
# loan's name is added as a last component); the bank and the opening account are one
# account each for the whole book.
DEFAULT_ACCOUNTS: dict[str, str] = {
    "loan": "Liabilities:Loans",
    "interest": "Expenses:Interest",
    "penalty": "Expenses:Penalty",
    "fees": "Expenses:Fees",
    "overpaid": "Assets:Receivable",
    "bank": "Assets:Bank",
    "opening": "Equity:Opening-Balances",
}
PER_LOAN = ("loan", "interest", "penalty", "fees", "overpaid")
# Beancount's five root accounts (its default names).
BEANCOUNT_ROOTS = ("Assets", "Liabilities", "Equity", "Income", "Expenses")
FORECAST_TAG = "forecast"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_DASHES = re.compile(r"-{2,}")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def account_component(name: str, journal: Journal) -> str:
    """One account-name component made of ``name`` (a loan's name), valid in ``journal``.

    The rule: the name in Unicode NFC, without the characters that show as nothing
    (zero-width spaces, bidi controls...: debtplan.core.model.INVISIBLE); every letter
    (any script) and decimal digit kept, every other character (spaces, punctuation,
    symbols, emoji, combining marks) made a hyphen; runs of hyphens made one, and none
    at either end. Beancount also wants each component to begin with a capital letter
    or a digit: a first lowercase letter is capitalised (``car`` -> ``Car``), and a
    name beginning with a letter that has no one-letter capital (Chinese, Japanese,
    ``ß``...) gets ``L-`` in front (``网贷A`` -> ``L-网贷A``). A name with nothing
    left is ``Loan``. (Two loans that come out the same: :func:`loan_components`.)
    """
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", name))
    kept = "".join(c if unicodedata.category(c)[0] == "L" or c.isdecimal() else "-" for c in text)
    component = _DASHES.sub("-", kept).strip("-") or "Loan"
    if journal is Journal.BEANCOUNT:
        first = component[0]
        if not (unicodedata.category(first) == "Lu" or first.isdecimal()):
            upper = first.upper()
            if len(upper) == 1 and unicodedata.category(upper) == "Lu":
                component = upper + component[1:]
            else:
                component = "L-" + component
    return component


def loan_components(names: Sequence[str], journal: Journal) -> list[str]:
    """:func:`account_component` of each name, in order; a component that an earlier
    loan already has gets ``-2``, ``-3``... (``A B`` and ``A-B``: ``A-B`` and ``A-B-2``)."""
    seen: set[str] = set()
    result = []
    for name in names:
        base = component = account_component(name, journal)
        number = 1
        while component.casefold() in seen:
            number += 1
            component = f"{base}-{number}"
        seen.add(component.casefold())
        result.append(component)
    return result


def accounts(prefixes: Iterable[str], journal: Journal) -> dict[str, str]:
    """The account of each role: the defaults, with each ``ROLE=ACCOUNT`` given instead."""
    chosen = dict(DEFAULT_ACCOUNTS)
    for given in prefixes:
        role, sep, account = given.partition("=")
        role, account = role.strip().lower(), account.strip()
        if not sep or role not in DEFAULT_ACCOUNTS:
            raise InputError(
                N_("{value!r} is not ROLE=ACCOUNT; the roles are {roles} "
                   "(e.g. loan=Liabilities:Debts)"),
                value=given, roles=", ".join(DEFAULT_ACCOUNTS),
            )  # fmt: skip
        _check_account(account, journal)
        chosen[role] = account
    return chosen


def _check_account(account: str, journal: Journal) -> None:
    parts = account.split(":")
    if journal is Journal.BEANCOUNT:
        valid = (
            len(parts) >= 2
            and parts[0] in BEANCOUNT_ROOTS
            and all(part and account_component(part, journal) == part for part in parts[1:])
        )
        if not valid:
            raise InputError(
                N_("{account!r} is not a beancount account: it begins with Assets, "
                   "Liabilities, Equity, Income or Expenses, and each part after a colon "
                   "begins with a capital letter or a digit and has only letters, digits "
                   "and '-' (e.g. Liabilities:Credit-Cards)"),
                account=account,
            )  # fmt: skip
        return
    if not all(part and part == part.strip() and _ledger_part_ok(part) for part in parts):
        raise InputError(
            N_("{account!r} is not a ledger account: write its parts between colons, "
               "none empty, without ';', brackets, tabs or two spaces in a row "
               "(e.g. Liabilities:Credit Cards)"),
            account=account,
        )  # fmt: skip


def _ledger_part_ok(part: str) -> bool:
    return not (_CONTROL.search(part) or "  " in part or any(c in part for c in ";()[]"))


def render_journal(
    loans: Sequence[JournalLoan], today: date, journal: Journal, chosen: dict[str, str]
) -> str:
    """The journal of ``loans`` as of ``today`` in ``journal``'s syntax."""
    writer = _Ledger(chosen) if journal is Journal.LEDGER else _Beancount(chosen)
    components = loan_components([item.loan.name for item in loans], journal)
    for item, component in zip(loans, components, strict=True):
        writer.name(item, component)
    dated: list[tuple[date, int, str]] = []  # (date, order of writing, the transaction)
    for item in loans:
        loan = item.loan
        dated.append((loan.start, len(dated), writer.opening(item)))
        for paid in item.payments:
            dated.append((paid.payment.on, len(dated), writer.payment(item, paid)))
    dated.sort(key=lambda entry: entry[:2])
    forecast = [writer.forecast(item, rest) for item in loans for rest in item.remaining]
    head = writer.head(loans, today)
    return "\n".join([head, *(text for _day, _order, text in dated), *forecast])


class _Writer:
    """What both syntaxes share: the accounts of each loan, the amounts, the postings."""

    def __init__(self, chosen: dict[str, str]) -> None:
        self.chosen = chosen
        self.of: dict[int, dict[str, str]] = {}  # id(JournalLoan) -> role -> account

    def name(self, item: JournalLoan, component: str) -> None:
        self.of[id(item)] = {
            role: f"{self.chosen[role]}:{component}" if role in PER_LOAN else self.chosen[role]
            for role in DEFAULT_ACCOUNTS
        }

    def postings(self, item: JournalLoan, parts: Iterable[tuple[str, Decimal]]) -> list[str]:
        accounts, currency = self.of[id(item)], item.loan.currency
        return [
            f"  {accounts[role]}  {cents(amount):f} {currency}"
            for role, amount in parts
            if amount != 0
        ]

    @staticmethod
    def opening_parts(item: JournalLoan) -> list[tuple[str, Decimal]]:
        loan = item.loan
        return [("loan", -loan.principal), ("fees", loan.upfront_fee),
                ("opening", loan.amount_received)]  # fmt: skip

    @staticmethod
    def payment_parts(split: Split) -> list[tuple[str, Decimal]]:
        return [("loan", split.principal), ("interest", split.interest),
                ("penalty", split.penalty), ("fees", split.fees),
                ("overpaid", split.overpaid), ("bank", -split.total)]  # fmt: skip

    @staticmethod
    def forecast_parts(rest: Remaining) -> list[tuple[str, Decimal]]:
        return [("loan", rest.principal), ("interest", rest.interest),
                ("penalty", rest.penalty), ("fees", rest.fees), ("bank", -rest.total)]  # fmt: skip

    @staticmethod
    def forecast_title(item: JournalLoan, rest: Remaining) -> str:
        if rest.on > rest.due_date:
            return _("installment {number} of {count}, due {date}").format(
                number=rest.number, count=rest.count, date=rest.due_date.isoformat()
            )
        return _("installment {number} of {count}").format(number=rest.number, count=rest.count)

    def used(self, loans: Sequence[JournalLoan]) -> dict[str, date]:
        """Each account written, with the first date it is used on."""
        first: dict[str, date] = {}

        def use(account: str, day: date) -> None:
            if account not in first or day < first[account]:
                first[account] = day

        for item in loans:
            accounts = self.of[id(item)]
            rows: list[tuple[date, list[tuple[str, Decimal]]]] = [
                (item.loan.start, self.opening_parts(item))
            ]
            rows += [(p.payment.on, self.payment_parts(p.split)) for p in item.payments]
            rows += [(r.on, self.forecast_parts(r)) for r in item.remaining]
            for day, parts in rows:
                for role, amount in parts:
                    if amount != 0:
                        use(accounts[role], day)
        return first


class _Ledger(_Writer):
    def head(self, loans: Sequence[JournalLoan], today: date) -> str:
        lines = [_comment(_("debtplan: the loans as of {date}").format(
            date=today.isoformat()))]  # fmt: skip
        lines += [f"commodity 1000.00 {c}" for c in sorted({i.loan.currency for i in loans})]
        for item in loans:
            name = _comment(item.loan.name)
            lines.append(f"account {self.of[id(item)]['loan']}  {name}")
        lines += [f"account {account}" for account in self.used(loans)
                  if account not in {self.of[id(i)]["loan"] for i in loans}]  # fmt: skip
        return "\n".join(lines) + "\n"

    def opening(self, item: JournalLoan) -> str:
        title = _("{loan}: opening balance").format(loan=item.loan.name)
        head = f"{item.loan.start.isoformat()} * {_description(title)}"
        return "\n".join([head, *self.postings(item, self.opening_parts(item))]) + "\n"

    def payment(self, item: JournalLoan, paid: SplitPayment) -> str:
        payment, split = paid.payment, paid.split
        title = _("{loan}: payment").format(loan=item.loan.name)
        head = f"{payment.on.isoformat()} * {_description(title)}"
        if payment.note:
            head += f"  {_comment(payment.note)}"
        return "\n".join([head, *self.postings(item, self.payment_parts(split))]) + "\n"

    def forecast(self, item: JournalLoan, rest: Remaining) -> str:
        day = rest.on
        period = (f"every {_ordinal(day.day)} day of month from {day.isoformat()} "
                  f"to {(day + timedelta(days=1)).isoformat()}")  # fmt: skip
        title = f"{item.loan.name}: {self.forecast_title(item, rest)}"
        head = f"~ {period}  {_description(title)}"
        return "\n".join([head, *self.postings(item, self.forecast_parts(rest))]) + "\n"


class _Beancount(_Writer):
    def head(self, loans: Sequence[JournalLoan], today: date) -> str:
        lines = [_comment(_("debtplan: the loans as of {date}").format(
            date=today.isoformat()))]  # fmt: skip
        names = {self.of[id(item)]["loan"]: item.loan.name for item in loans}
        for account, day in sorted(self.used(loans).items(), key=lambda x: (x[1], x[0])):
            lines.append(f"{day.isoformat()} open {account}")
            if account in names:
                lines.append(f"  name: {_string(names[account])}")
        return "\n".join(lines) + "\n"

    def opening(self, item: JournalLoan) -> str:
        head = (f"{item.loan.start.isoformat()} * {_string(item.loan.name)} "
                f"{_string(_('opening balance'))}")  # fmt: skip
        return "\n".join([head, *self.postings(item, self.opening_parts(item))]) + "\n"

    def payment(self, item: JournalLoan, paid: SplitPayment) -> str:
        payment, split = paid.payment, paid.split
        head = f"{payment.on.isoformat()} * {_string(item.loan.name)} {_string(_('payment'))}"
        lines = [head]
        if payment.note:
            lines.append(f"  note: {_string(payment.note)}")
        return "\n".join([*lines, *self.postings(item, self.payment_parts(split))]) + "\n"

    def forecast(self, item: JournalLoan, rest: Remaining) -> str:
        head = (f"{rest.on.isoformat()} # {_string(item.loan.name)} "
                f"{_string(self.forecast_title(item, rest))} #{FORECAST_TAG}")  # fmt: skip
        return "\n".join([head, *self.postings(item, self.forecast_parts(rest))]) + "\n"


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _one_line(text: str) -> str:
    """``text`` on one line: controls and invisible characters shown as escapes
    (``\\n``, ``\\u200b``: :func:`debtplan.render.text.literal`), line separators as spaces."""
    return _CONTROL.sub(" ", literal(text))


def _description(text: str) -> str:
    """A ledger description: one line, without the ``;`` that would start a comment or
    the ``|`` that hledger reads as payee|note."""
    return _one_line(text).replace(";", ",").replace("|", "/").strip()


def _comment(text: str) -> str:
    """A comment on one line (both syntaxes start one with ``;``)."""
    return f"; {_one_line(text)}"


def _string(text: str) -> str:
    """A beancount string: quoted, ``\\`` and ``"`` escaped, on one line."""
    escaped = _one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
