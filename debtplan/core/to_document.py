"""A :class:`~debtplan.core.model.Book` written back as the loan file's document: only
what differs from the defaults, so the file stays short to read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from debtplan.core.calendar import Frequency
from debtplan.core.model import (
    DEFAULT_ALLOCATION,
    Book,
    ContactRecord,
    Loan,
    Method,
    Payment,
    Prepay,
    SavedPlan,
    Settings,
    default_day_count,
)


def _money_out(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def loan_to_dict(loan: Loan) -> dict[str, Any]:
    """The ``[[loans]]`` table for ``loan`` (fields at their default are left out)."""
    out: dict[str, Any] = {"name": loan.name}
    if loan.lender:
        out["lender"] = loan.lender
    if loan.account:
        out["account"] = loan.account
    out["currency"] = loan.currency
    out["method"] = loan.method.value
    if loan.method is Method.REVOLVING:
        out["balance"] = _money_out(loan.principal)
    else:
        out["principal"] = _money_out(loan.principal)
    out["rate"] = str(loan.rate)
    if loan.term:
        out["term"] = loan.term
    if loan.frequency is not Frequency.MONTHLY:
        out["frequency"] = loan.frequency.value
    out["start"] = loan.start
    optional: dict[str, Any] = {
        "first_due": loan.first_due,
        "due_day": loan.due_day,
        "grace_days": loan.grace_days or None,
        "penalty_rate": str(loan.penalty_rate) if loan.penalty_rate else None,
        "penalty_markup": f"{loan.penalty_markup.normalize():f}%"
        if loan.penalty_markup is not None
        else None,
        "penalty_base": loan.penalty_base.value if loan.penalty_base else None,
        "penalty_compound": True if loan.penalty_compound else None,
        "late_fee": _money_out(loan.late_fee) if loan.late_fee else None,
        "upfront_fee": _money_out(loan.upfront_fee) if loan.upfront_fee else None,
        "prepay_fee": str(loan.prepay_fee) if loan.prepay_fee else None,
        "fee_rate": str(loan.fee_rate) if loan.fee_rate else None,
        "min_payment": _min_rule_out(loan),
        # A floor beside a fixed minimum has no place in the rule's text: keep it apart.
        "min_floor": _money_out(loan.min_floor)
        if loan.min_floor and loan.min_percent is None
        else None,
        "day_count": loan.day_count
        if loan.day_count != default_day_count(loan.jurisdiction)
        else None,
        "allocation": [c.value for c in loan.allocation]
        if loan.allocation != DEFAULT_ALLOCATION
        else None,
        "jurisdiction": loan.jurisdiction
        if loan.jurisdiction != ("us" if loan.currency == "USD" else "cn")
        else None,
        "lender_type": loan.lender_type.value if loan.lender_type else None,
        "note": loan.note or None,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if loan.payments:
        out["payments"] = [_payment_to_dict(p) for p in loan.payments]
    if loan.contacts:
        out["contacts"] = [_contact_to_dict(c) for c in loan.contacts]
    if loan.rate_changes:
        out["rate_changes"] = [{"from": r.starts, "rate": str(r.rate)} for r in loan.rate_changes]
    if loan.charges:
        out["charges"] = [_dated(c.on, "amount", c.amount, c.note) for c in loan.charges]
    if loan.statements:
        out["statements"] = [_dated(s.on, "balance", s.balance, s.note) for s in loan.statements]
    return out


def _dated(on: Any, key: str, amount: Decimal, note: str) -> dict[str, Any]:
    """A charge or a statement as the file stores it: the date, the amount, a note if any."""
    out: dict[str, Any] = {"date": on, key: _money_out(amount)}
    if note:
        out["note"] = note
    return out


def _contact_to_dict(contact: ContactRecord) -> dict[str, Any]:
    """A contact as the file stores it: what was not logged is left out."""
    out: dict[str, Any] = {"at": contact.at, "channel": contact.channel}
    if contact.conduct:
        out["conduct"] = list(contact.conduct)
    if contact.connected:
        out["connected"] = True
    if contact.note:
        out["note"] = contact.note
    if contact.evidence:
        out["evidence"] = [{"path": e.path, "sha256": e.sha256} for e in contact.evidence]
    return out


def _min_rule_out(loan: Loan) -> str | Decimal | None:
    if loan.min_percent is not None:
        percent = f"{loan.min_percent.normalize():f}%"
        if loan.min_plus_interest:
            percent += "+interest"
        return f"{percent},{_money_out(loan.min_floor)}" if loan.min_floor else percent
    return _money_out(loan.min_payment) if loan.min_payment is not None else None


def _payment_to_dict(payment: Payment) -> dict[str, Any]:
    out: dict[str, Any] = {"date": payment.on, "amount": _money_out(payment.amount)}
    if payment.note:
        out["note"] = payment.note
    if payment.prepay is not Prepay.SHORTEN:
        out["prepay"] = payment.prepay.value
    return out


def book_to_document(book: Book, schema_version: int) -> dict[str, Any]:
    """The whole document for ``book``."""
    doc: dict[str, Any] = {"schema_version": schema_version}
    settings: dict[str, Any] = {}
    if book.settings.budget:
        settings["budget"] = {c: _money_out(a) for c, a in book.settings.budget.items()}
    if book.settings.lpr_percent is not None:
        settings["lpr"] = f"{book.settings.lpr_percent.normalize():f}%"
    if book.settings.history != Settings().history:
        settings["history"] = book.settings.history
    if book.settings.remind_days != Settings().remind_days:
        settings["remind_days"] = book.settings.remind_days
    if settings:
        doc["settings"] = settings
    if book.saved_plan is not None:
        doc["saved_plan"] = saved_plan_to_dict(book.saved_plan)
    doc["loans"] = [loan_to_dict(loan) for loan in book.loans]
    return doc


def saved_plan_to_dict(saved: SavedPlan) -> dict[str, Any]:
    """The ``[saved_plan]`` table: the strategy, the date, the budget per currency, the
    custom order if any, and one row of month-end balances per loan."""
    out: dict[str, Any] = {"strategy": saved.strategy, "as_of": saved.as_of}
    out["budget"] = {c: _money_out(a) for c, a in saved.budget.items()}
    if saved.order:
        out["order"] = list(saved.order)
    out["targets"] = {name: [_money_out(b) for b in row] for name, row in saved.targets.items()}
    return out
