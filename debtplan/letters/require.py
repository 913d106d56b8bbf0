"""What each kind of message needs from the facts, and the facts it refuses.

:func:`require` raises :class:`TemplateError` (saying which option to pass, or which
kind fits instead) before a letter states something the facts do not support.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from debtplan.core.contacts import Channel, Jurisdiction
from debtplan.core.money import ZERO, cents, money_str
from debtplan.core.text import N_
from debtplan.letters.facts import (
    PAID_WORDS,
    LetterFacts,
    claims_on_time,
    contradicted,
    wrong_payment_dates,
)
from debtplan.letters.filler import TemplateError

# A card's 个性化分期 lasts at most 5 years (CBRC credit-card rules Art. 70).
CARD_PLAN_MAX = 60


def waivable(facts: LetterFacts) -> Decimal:
    """What a waiver asks to cut: penalty (on a card, the interest its missed minimums
    bear), late fees and the prepayment fee. A card's other interest is inside the
    minimum payments the borrower offers to pay, so it is not asked to be cut too."""
    return facts.penalty_owed + facts.fees_owed


def disputed_by_book(facts: LetterFacts) -> list[tuple[date, date | None]]:
    """The recorded installments that contradict a credit dispute's --should: paid late or
    not at all when it claims on-time payment, or paid on other days than the one it
    names (due date, paid date or None)."""
    found = contradicted(facts)
    return found + [item for item in wrong_payment_dates(facts) if item not in found]


def supports_dispute(facts: LetterFacts) -> bool:
    """Whether the book backs a credit dispute with a payment: --should speaks of paying,
    nothing recorded contradicts it, and a payment is recorded. Only then does the letter
    enclose proof of payment; otherwise it encloses the credit report alone."""
    pays = claims_on_time(facts.should) or bool(PAID_WORDS.search(facts.should or ""))
    paid = any(when is not None for _, when in facts.paid_dates)
    return pays and paid and not disputed_by_book(facts)


# The kinds a collection agency may be written to: what it does, not the lender's terms.
TO_COLLECTOR = ("validation", "contact-rules", "complaint")


def missed_in_book(facts: LetterFacts) -> bool:
    """Whether the book shows the installment due on --missed paid late or not yet paid."""
    return any(due == facts.missed for due, _ in facts.late_payments)


def require(kind: str, facts: LetterFacts) -> None:
    """Refuse facts a kind cannot be written from, saying which option is missing."""
    if facts.collector and kind not in TO_COLLECTOR:
        raise TemplateError(
            N_(
                "--collector writes a validation, contact-rules or complaint letter to a "
                "collection agency; the {kind} letter asks for the lender's terms, so it goes "
                "to the lender: leave out --collector"
            ),
            kind=kind,
        )
    if facts.pay_on is not None and facts.pay_on <= facts.as_of:
        raise TemplateError(
            N_("the date you can pay, {pay_on}, must be after today ({today})"),
            pay_on=facts.pay_on.isoformat(),
            today=facts.as_of.isoformat(),
        )
    if kind == "extension":
        if facts.pay_on is None or facts.pay_on_amount is None:
            raise TemplateError(
                N_("an extension message needs the date you can pay: pass --pay-on YYYY-MM-DD")
            )
        if facts.days_overdue == 0 and facts.next_due_amount is None:
            raise TemplateError(
                N_("nothing is due or overdue on {loan}, so there is nothing to extend"),
                loan=facts.loan,
            )
        next_due = facts.next_due_date
        if facts.days_overdue == 0 and next_due is not None and facts.pay_on <= next_due:
            raise TemplateError(
                N_(
                    "nothing is late on {loan}, and its next payment falls due on {due}, not "
                    "before the day you can pay ({pay_on}): pay it when it is due; an extension "
                    "asks for time to make a payment you cannot make by its due date"
                ),
                loan=facts.loan,
                due=next_due.isoformat(),
                pay_on=facts.pay_on.isoformat(),
            )
        # The letter promises what is due by --pay-on (without the charges it asks to
        # drop): an --offer of less says the borrower cannot pay it.
        promised = facts.pay_on_amount - (facts.pay_on_charges or ZERO)
        if facts.offer is not None and cents(facts.offer) < cents(promised):
            raise TemplateError(
                N_(
                    "you can pay {offer} by {pay_on}, but an extension promises the {due} due "
                    "on {loan} by then (without the charges it asks to drop); to ask to pay "
                    "less a month, use --kind installments or --kind hardship with --budget"
                ),
                offer=money_str(facts.offer),
                pay_on=facts.pay_on.isoformat(),
                due=money_str(promised),
                loan=facts.loan,
            )
    elif kind == "waiver":
        if waivable(facts) == ZERO:
            raise TemplateError(
                N_(
                    "{loan} has no penalty interest or fees as of {today}, "
                    "so there is nothing to waive"
                ),
                loan=facts.loan,
                today=facts.as_of.isoformat(),
            )
        rest = facts.total_owed - waivable(facts)
        if facts.offer is not None and cents(facts.offer) >= cents(facts.total_owed):
            raise TemplateError(
                N_(
                    "the offer {offer} is not less than the {total} owed on {loan}, so there "
                    "is nothing to waive; pay it off, or offer less"
                ),
                offer=money_str(facts.offer),
                total=money_str(facts.total_owed),
                loan=facts.loan,
            )
        if facts.offer is not None and cents(facts.offer) < cents(rest):
            raise TemplateError(
                N_(
                    "the offer {offer} is less than the {rest} left on {loan} once the charges "
                    "are waived; to offer less than that, use --kind settlement (or leave out "
                    "--offer to ask only for the charges to be waived)"
                ),
                offer=money_str(facts.offer),
                rest=money_str(rest),
                loan=facts.loan,
            )
    elif kind in ("installments", "hardship"):
        _require_budget(kind, facts)
    elif kind == "settlement":
        if facts.offer is None or facts.offer == ZERO:
            raise TemplateError(
                N_(
                    "a settlement message needs the lump sum you offer: pass --offer AMOUNT, "
                    "for example --offer 3000"
                )
            )
        if cents(facts.offer) >= cents(facts.total_owed):
            raise TemplateError(
                N_(
                    "the offer {offer} is not less than the {total} owed on {loan}; a settlement "
                    "offers less than the full amount (to pay it all, ask for a waiver or an "
                    "extension instead)"
                ),
                offer=money_str(facts.offer),
                total=money_str(facts.total_owed),
                loan=facts.loan,
            )
    elif kind == "complaint":
        if not facts.breaches:
            raise TemplateError(
                N_(
                    "there are no logged rule breaches to complain about on {loan}; log the "
                    "collector's calls and messages first with: debtplan contact {loan} "
                    "--at YYYY-MM-DDTHH:MM --channel call"
                ),
                loan=facts.loan,
            )
    elif kind == "contact-rules":
        if facts.preferred_channel in (Channel.VISIT, Channel.THIRD_PARTY):
            raise TemplateError(
                N_(
                    "the collector cannot be asked to contact you by {channel}; choose call, "
                    "sms or social, or leave it out to ask for contact in writing"
                ),
                channel=str(facts.preferred_channel),
            )
    elif kind == "credit-dispute":
        if not (facts.wrong or "").strip() or not (facts.should or "").strip():
            raise TemplateError(
                N_(
                    "a credit-dispute message says what the record shows and what it should "
                    'show: pass --wrong TEXT and --should TEXT, for example --wrong "overdue '
                    'in 2026-10" --should "paid on time: paid on 2026-10-05"'
                )
            )
        late = contradicted(facts)
        if late and not facts.force:
            raise TemplateError(
                N_(
                    "the record you dispute looks true: --should says {loan} was paid on time, "
                    "but the payments recorded show installments paid late or not paid: {late} "
                    "(due date -> date paid in full, or -> - when unpaid). A dispute that "
                    "states a false fact can be refused and harms your case; record the "
                    "payment you made (debtplan pay {loan} ...) if it is missing, or pass "
                    "--force if you can "
                    "prove the payment was on time"
                ),
                loan=facts.loan,
                late="; ".join(late_text(due, paid) for due, paid in late),
            )
        other_day = wrong_payment_dates(facts)
        if other_day and not facts.force:
            raise TemplateError(
                N_(
                    "the payment date you give does not match the payments recorded: --should "
                    "names a day on which {loan} shows no payment; the installments of that "
                    "month were paid as follows: {paid} (due date -> date paid in full, or -> - "
                    "when unpaid). A dispute that states a false fact can be refused and harms "
                    "your case; record the payment you made (debtplan pay {loan} ...) if it is "
                    "missing, or pass --force if you can prove the payment was made that day"
                ),
                loan=facts.loan,
                paid="; ".join(late_text(due, paid) for due, paid in other_day),
            )
    elif kind == "non-malicious":
        if facts.jurisdiction is not Jurisdiction.CN:
            raise TemplateError(
                N_(
                    "a certificate of non-malicious late payment (非恶意逾期证明) is a Chinese "
                    "lender's practice; for a US loan whose credit report is wrong, use "
                    "--kind credit-dispute"
                )
            )
        if not (facts.reason or "").strip() or facts.cause is None:
            raise TemplateError(
                N_(
                    "a non-malicious message says why the payment was missed and how you can "
                    "show it: pass --reason TEXT and --cause job-loss, illness, income-cut or "
                    "other"
                )
            )
        if facts.offer is not None and facts.pay_on is None:
            raise TemplateError(
                N_(
                    "a non-malicious message states what you can pay only by a date: pass "
                    "--pay-on YYYY-MM-DD with --offer, or leave out --offer"
                )
            )
        dues = {due for due, _ in (*facts.paid_dates, *facts.late_payments)}
        dues |= set(facts.overdue_dates)
        if facts.next_due_date is not None:
            dues.add(facts.next_due_date)
        if facts.missed is not None and facts.missed not in dues:
            raise TemplateError(
                N_(
                    "no installment of {loan} falls due on {missed}: give the due date of the "
                    "payment you missed (see debtplan schedule {loan})"
                ),
                loan=facts.loan,
                missed=facts.missed.isoformat(),
            )
        if facts.missed is not None and not facts.force and not missed_in_book(facts):
            raise TemplateError(
                N_(
                    "the payments recorded show no late or unpaid installment of {loan} due on "
                    "{missed}: a letter saying that payment was missed admits a late payment "
                    "the lender may never have recorded. Give the due date of the installment "
                    "you paid late, or pass --force if the lender did record it late"
                ),
                loan=facts.loan,
                missed=facts.missed.isoformat(),
            )
        if facts.missed is None and facts.oldest_due_date is None:
            raise TemplateError(
                N_("nothing is overdue on {loan}: pass the missed due date with --missed "
                   "YYYY-MM-DD"), loan=facts.loan,
            )  # fmt: skip


def late_text(due: date, paid: date | None) -> str:
    """A late installment as the refusal lists it: its due date -> the date paid, or -> -."""
    return f"{due.isoformat()} -> {paid.isoformat() if paid else '-'}"


def _require_budget(kind: str, facts: LetterFacts) -> None:
    """A plan needs a budget for this lender under the contract's payment: at or above it,
    the borrower can keep paying, and a plan or a hardship letter would say otherwise."""
    if kind == "hardship" and not (facts.reason or "").strip():
        raise TemplateError(
            N_(
                "a hardship message says what changed and since when: pass --reason TEXT, "
                'for example --reason "lost my job in March 2026"'
            )
        )
    if facts.budget is None or facts.plan is None:
        raise TemplateError(
            N_(
                "the {kind} message needs what you can pay this lender a month: pass --budget "
                "AMOUNT (what you have for all your debts goes in --total-budget)"
            ),
            kind=kind,
        )
    if facts.installment is not None and cents(facts.budget) >= cents(facts.installment):
        better = "extension" if facts.days_overdue > 0 else "waiver"
        raise TemplateError(
            N_(
                "{budget} a month is not less than the contract's payment of {installment}: you "
                "can keep paying on the contract's terms, and the {kind} message would say you "
                "cannot. To ask for time or for charges to be cut, use --kind {better}"
            ),
            budget=money_str(facts.budget),
            installment=money_str(facts.installment),
            kind=kind,
            better=better,
        )
    if facts.lender_type == "card" and facts.jurisdiction is Jurisdiction.CN:
        if facts.plan.count > CARD_PLAN_MAX:
            raise TemplateError(
                N_(
                    "{count} payments of {amount} is longer than the {limit} months a card's "
                    "repayment plan may last (CBRC credit-card rules Art. 70); pass a --budget "
                    "of at least {least}"
                ),
                count=facts.plan.count,
                amount=money_str(facts.plan.amount),
                limit=CARD_PLAN_MAX,
                least=money_str(_least_monthly(facts.total_owed, CARD_PLAN_MAX)),
            )


def _least_monthly(total: Decimal, months: int) -> Decimal:
    """The smallest monthly amount (in cents) that repays ``total`` in ``months``."""
    from decimal import ROUND_CEILING

    return (cents(total) / months).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
