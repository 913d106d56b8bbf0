"""Messages to the lender, filled from the core's numbers.

:func:`draft` turns :class:`LetterFacts` (everything a message may mention,
already computed by the core) into a :class:`Letter` of one of :data:`KINDS`,
in English (citing US rules) or Chinese (citing Chinese rules).

The words live in text files, not here: ``templates/{lang}/{kind}.txt`` for each
message and ``templates/{lang}/pieces.txt`` for the short texts chosen by the
facts (a sentence for an overdue loan or a current one, the list of breaches).
Python decides which piece fits and formats every number; a translator or a
user edits only text files. A user's own ``{lang}/{kind}.txt`` or
``{lang}/pieces.txt`` in ``template_dir`` replaces the packaged one (pieces one
by one). See :mod:`debtplan.letters.filler` for the placeholder rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from debtplan.core.contacts import (
    CARD_RULES,
    POLICE_MATTERS,
    RULES,
    BreachCode,
    Channel,
    Jurisdiction,
    Step,
    complaint_route,
)
from debtplan.core.money import ZERO, cents
from debtplan.core.text import N_
from debtplan.letters.facts import (
    CAUSES,
    Letter,
    LetterFacts,
    Plan,
    format_date,
    format_datetime,
    format_money,
    installment_plan,
    sentence,
)
from debtplan.letters.filler import TemplateError, Text, check, fill, parse_pieces, parse_template
from debtplan.letters.require import require, supports_dispute, waivable

__all__ = [
    "CAUSES",
    "FACT_PLACEHOLDERS",
    "KINDS",
    "LANGS",
    "LAW_PIECES",
    "PIECE_PLACEHOLDERS",
    "PIECES",
    "PLACEHOLDERS",
    "REPLY_DAYS",
    "WORDS",
    "Letter",
    "LetterFacts",
    "Plan",
    "TemplateError",
    "draft",
    "format_date",
    "format_datetime",
    "format_money",
    "installment_plan",
]

# The police matters, in the order the complaint names them.
_POLICE_ORDER = (BreachCode.THREAT, BreachCode.IMPERSONATION, BreachCode.FAKE_LEGAL)
assert frozenset(_POLICE_ORDER) == POLICE_MATTERS

KINDS = (
    "extension",
    "waiver",
    "installments",
    "hardship",
    "settlement",
    "validation",
    "contact-rules",
    "complaint",
    "credit-dispute",
    "non-malicious",
)
LANGS = ("en", "zh")

# The SPC's line on a financial loan's interest and charges together (法发〔2017〕22号 Art. 2).
SPC_LINE_PERCENT = Decimal(24)

# The lender is asked to reply within this many days (sooner if the borrower pays sooner).
REPLY_DAYS = 7

# Placeholders filled straight from the facts. None marks a value some facts lack.
FACT_PLACEHOLDERS = (
    "lender", "collector", "account", "loan", "borrower", "currency", "date", "reply_by",
    "total_owed", "principal_owed", "overdue_amount", "days_overdue", "oldest_due_date",
    "next_due_date", "next_due_amount", "pay_on", "pay_on_amount", "pay_on_charges", "day_after",
    "charges_from",
    "pay_on_base", "reason",
    "budget", "total_budget", "plan_count", "plan_first", "plan_amount", "plan_last", "offer",
    "missed", "wrong", "should",
)  # fmt: skip

# How a waiver ends: bring the account current, pay only the installments past due today
# (another falls due by --pay-on), only cut charges, or pay the --offer off.
_WAIVER_WAYS = ("current", "past_due", "charges", "offer")

# Words chosen by the kind of account, which pieces and templates may use: what is past
# due (a loan's principal and interest, a flat loan's principal and service fees, a card's
# minimum payments), what falls due, what its interest is called (a flat loan's is a
# service fee), and the terms the rest is repaid on. Each is the
# piece ``word.{name}.{flat|card}`` where the pieces file has one, else ``word.{name}``.
WORDS = ("past_due", "dues", "interest", "terms")
_WORD_VARIANTS = {
    "past_due": ("flat", "card"),
    "dues": ("flat", "card"),
    "interest": ("flat",),
    "terms": ("card",),
}

# Placeholders filled with a piece chosen by the facts ("" when the piece does not apply).
PIECE_PLACEHOLDERS = (
    *WORDS,
    "role", "breakdown", "status_sentence", "reason_paragraph", "waiver_items", "waiver_pay",
    "pay_when", "waiver_ask", "waiver_settles", "waiver_later", "extension_figures",
    "extension_waive", "extension_pays",
    "extension_includes", "charge_kinds",
    "validation_opening", "validation_stance",
    "plan_sentence", "budget_paragraph", "offer_paragraph", "contact_by",
    "enclosures", "documents", "vehicle_ask", "credit_ask", "credit_settled",
    # the law, chosen by jurisdiction and lender type
    "basis", "extension_basis", "validation_basis", "charges_basis", "cost_basis", "contact_rules",
    "contact_law",
    "dispute_basis", "dispute_to", "identity", "dispute_enclosures", "missed_sentence",
    # to the lender, or to a collection agency collecting for it (--collector)
    "addressee", "contact_ask", "complaint_who", "complaint_stop",
    "cleared_by",  # non-malicious: when the borrower can clear what is past due (--pay-on)
    "contract_docs",
    # complaint
    "breach_list", "evidence_paragraph", "complaint_hours", "complaint_route", "police_paragraph",
    "route_intro",
)  # fmt: skip

# Every placeholder a message template may use.
PLACEHOLDERS = FACT_PLACEHOLDERS + PIECE_PLACEHOLDERS

# The law pieces: ``{topic}.{jurisdiction}`` or, where the lender type changes the law,
# ``{topic}.{jurisdiction}.{lender type}`` (the more specific one wins). A topic with no
# piece for the loan's jurisdiction is left out of the letter.
LAW_PIECES = (
    "extension.cn",  # Civil Code Art. 678: only before the payment is late
    "charges.cn", "charges.cn.card", "charges.cn.private",  # what a court may cut
    "art585.cn",  # 违约金 (only when there is one)
    "plan.cn.card",  # Art. 70 个性化分期
    "validation.cn", "validation.us", "validation_disputed.us",  # the last: with --dispute
    "apr.cn", "apr.cn.private", "apr.cn.card",  # PBoC 〔2021〕3号 (licensed lenders)
    "art670.cn",  # a fee taken up front
    "contact.cn", "contact.cn.card", "contact.cn.online", "contact.cn.consumer-finance",
    "contact.us", "contact_law.us",  # the last: after the numbered list
    # written to a collection agency (--collector): the law that binds it directly
    "validation_collector.us", "validation_collector_disputed.us", "contact_law_collector.us",
    "contact_collector.us",
    "dispute.cn", "dispute.us",
    "dispute_to.cn", "dispute_to.us",  # a cn loan: the lender and the PBoC's centre
    "identity.cn", "identity.us",  # blanks for what a credit dispute must identify me by
    "credit.cn", "credit.cn.online", "credit.us",  # report accurately, as arranged
    "credit_settled.cn", "credit_settled.cn.online", "credit_settled.us",
    "dispute_to.cn.online",  # an online lender may report to 百行征信, not the PBoC
)  # fmt: skip

# The pieces a card's letter words its own way (a card account and its minimum payments,
# never a loan and its installments): ``{name}.card`` replaces ``{name}`` for a card.
_CARD_WORDED = (
    "status.overdue", "status.overdue_one_day", "status.due", "status.nothing_due",
    "budget_paragraph", "total_budget_sentence", "extension_includes", "waiver_later",
    "account.unknown", "missed_sentence.one", "missed_sentence.many", "charge_kinds",
    "contract_docs",
)  # fmt: skip

# The pieces worded by whom a letter is written to: the lender (``.lender``), or a
# collection agency collecting for it (``.collector``, with --collector).
_ADDRESSED = ("addressee", "contact_ask", "complaint_who", "complaint_stop")

# The pieces that name penalty interest (罚息): ``{name}.no_penalty`` replaces ``{name}``
# for a loan whose contract charges none (only late fees, as most US loans).
_NO_PENALTY_WORDED = ("extension_includes", "extension_waive.none", "charge_kinds", "waiver_later")

# Every piece a pieces file defines. Pieces may use the fact placeholders, plus the
# local ones listed in _PIECE_LOCALS.
PIECES = (
    *(f"word.{name}{variant}" for name in WORDS
      for variant in ("", *(f".{v}" for v in _WORD_VARIANTS[name]))),
    "status.overdue", "status.overdue_one_day", "status.due", "status.nothing_due",
    # a card's account: minimum payments, never a loan's installments
    *(f"{name}.card" for name in _CARD_WORDED),
    "extension_includes", "charge_kinds", "waiver_later",
    *(f"{name}.no_penalty" for name in _NO_PENALTY_WORDED),
    "lender.unknown", "account.unknown", "borrower.unknown", "role.borrower", "role.cardholder",
    "item.principal", "item.interest", "item.service_fee", "item.penalty",
    "item.late_fee", "item.prepay_fee", "breakdown",
    "reason_paragraph", "pay_when.date", "pay_when.first", "pay_when.later",
    "pay_when.after_confirmation",
    *(f"waiver_{part}.{how}" for part in ("ask", "settles") for how in _WAIVER_WAYS),
    *(f"extension_{part}.{how}" for part in ("figures", "waive") for how in ("charges", "none")),
    "validation_opening.contacted", "validation_opening.asked",
    "missed_sentence.one", "missed_sentence.many", "cleared_by",
    "dispute_enclosures.report", "dispute_enclosures.paid",
    "validation_stance.asked", "validation_stance.dispute",
    "plan.one", "plan.many", "plan.equal", "budget_paragraph", "total_budget_sentence",
    "offer_paragraph", "vehicle_ask.plan", "vehicle_ask.plan_fallback", "vehicle_ask.hold",
    "vehicle_ask.settlement", "item.card_penalty", "cleared_by.part",
    *(f"documents.{cause}" for cause in CAUSES), "enclosures",
    "contact_by.written", "contact_by.call", "contact_by.sms", "contact_by.social",
    "contract_docs", "complaint_who.lender.us", "complaint_who.collector.us",
    "pay_when.later.month_end",
    *(f"{name}.{to}" for name in _ADDRESSED for to in ("lender", "collector")),
    "route.creditor", "route.nifa.collector", "route.local_regulator.collector",
    *LAW_PIECES,
    *(f"channel.{channel.value}" for channel in Channel),
    *(f"rule.{jurisdiction.value}.{code.value}" for jurisdiction, code in RULES),
    "breach_line", "breach_note",
    # complaint
    *(f"rule.cn-card.{code.value}" for code in CARD_RULES),
    "breach_evidence", "evidence_paragraph",
    *(f"complaint_hours.{jurisdiction.value}" for jurisdiction in Jurisdiction),
    *(f"route.{step.value}" for step in Step if step is not Step.POLICE),
    "police_paragraph",
    *(f"police.{code.value}" for code in _POLICE_ORDER),
    "route_line", "route_line.one", "route_intro.one", "route_intro.many",
)  # fmt: skip
_PIECE_LOCALS: Mapping[str, tuple[str, ...]] = {
    **{name: ("amount",) for name in PIECES if name.startswith("item.")},
    "breakdown": ("items",),
    "enclosures": ("items",),
    "pay_when.first": ("amount",),
    "pay_when.later": ("day",),
    "pay_when.date": ("amount",),
    **{f"waiver_ask.{how}": ("items",) for how in _WAIVER_WAYS},
    "extension_figures.charges": ("items",),
    "extension_waive.charges": ("items",),
    "breach_line": ("number", "when", "channel", "rule"),
    "breach_note": ("note",),
    "breach_evidence": ("path", "sha256"),
    "route_line": ("number", "place"),
    "route_line.one": ("place",),
    "police_paragraph": ("items",),
    "pay_when.later.month_end": ("day",),
}
# What a car loan's letter asks of the car: a plan may ask to move the missed payments to
# the end of the loan; a settlement asks for the lien release and the title; others (an
# extension pays the missed payments) only to hold repossession.
_VEHICLE_ASK = {"installments": "plan_fallback", "hardship": "plan", "settlement": "settlement"}
# How a list is joined: between items, and before the last.
_JOIN = {"zh": ("、", "、"), "en": (", ", " and ")}


def _missed_dates(facts: LetterFacts) -> Sequence[date]:
    """The due dates a non-malicious letter names: the one given with --missed, else every
    due date still overdue (the oldest alone when the book lists none)."""
    if facts.missed is not None:
        return (facts.missed,)
    return facts.overdue_dates or (
        () if facts.oldest_due_date is None else (facts.oldest_due_date,)
    )


def _missed(facts: LetterFacts, lang: str) -> str | None:
    """:func:`_missed_dates` as a list in ``lang``."""
    dates = _missed_dates(facts)
    if not dates:
        return None
    between, last = _JOIN["zh" if lang == "zh" else "en"]
    shown = [format_date(due, lang) for due in dates]
    return shown[0] if len(shown) == 1 else between.join(shown[:-1]) + last + shown[-1]


# Which option supplies a value, for the error when a template needs one that is missing.
_HINTS = {
    "pay_on": "--pay-on YYYY-MM-DD",
    "pay_on_amount": "--pay-on YYYY-MM-DD",
    "pay_on_charges": "--pay-on YYYY-MM-DD",
    "pay_on_base": "--pay-on YYYY-MM-DD",
    "offer": "--offer AMOUNT",
    "budget": "--budget AMOUNT",
    "total_budget": "--total-budget AMOUNT",
    "plan_count": "--budget AMOUNT",
    "plan_amount": "--budget AMOUNT",
    "plan_last": "--budget AMOUNT",
    "missed": "--missed YYYY-MM-DD",
    "collector": "--collector NAME",
    "wrong": "--wrong TEXT",
    "should": "--should TEXT",
}


# --- templates -----------------------------------------------------------------------


def _read(path: Path | Traversable, source: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError(
            N_("{source} is not UTF-8 text; save it as UTF-8"), source=source
        ) from None
    except OSError as error:
        raise TemplateError(
            N_("cannot read {source}: {reason}"), source=source, reason=error.strerror or error
        ) from error


def _package_file(lang: str, name: str) -> tuple[str, str]:
    path = resources.files("debtplan.letters").joinpath("templates", lang, name)
    source = f"debtplan/letters/templates/{lang}/{name}"
    return _read(path, source), source


def _user_file(template_dir: Path | None, lang: str, name: str) -> tuple[str, str] | None:
    if template_dir is None:
        return None
    path = template_dir / lang / name
    if not path.is_file():
        return None
    return _read(path, str(path)), str(path)


def _load_pieces(lang: str, template_dir: Path | None) -> dict[str, Text]:
    raw, source = _package_file(lang, "pieces.txt")
    pieces = parse_pieces(raw, source)
    override = _user_file(template_dir, lang, "pieces.txt")
    if override is not None:
        pieces.update(parse_pieces(*override, names=PIECES))
    for name in PIECES:
        words = () if name.startswith("word.") else WORDS
        check(pieces[name], FACT_PLACEHOLDERS + words + _PIECE_LOCALS.get(name, ()))
    return pieces


def _load_template(kind: str, lang: str, template_dir: Path | None) -> tuple[Text, Text]:
    found = _user_file(template_dir, lang, f"{kind}.txt") or _package_file(lang, f"{kind}.txt")
    return parse_template(*found)


def _reply_by(facts: LetterFacts) -> date:
    """The date to ask for an answer by: in REPLY_DAYS, and before the day the borrower pays."""
    reply = facts.as_of + timedelta(days=REPLY_DAYS)
    if facts.pay_on is not None:
        reply = min(reply, max(facts.as_of + timedelta(days=1), facts.pay_on - timedelta(days=1)))
    return reply


# The piece that words each rule (a Chinese card's rules have pieces of their own).
_RULE_PIECES = {
    **{rule: f"rule.{where.value}.{code.value}" for (where, code), rule in RULES.items()},
    **{rule: f"rule.cn-card.{code.value}" for code, rule in CARD_RULES.items()},
}


def _values(kind: str, facts: LetterFacts, pieces: Mapping[str, Text]) -> dict[str, str | None]:
    """Every placeholder's text for a ``kind`` letter on these facts; None where the facts
    have no value."""
    lang = facts.lang

    def money(amount: Decimal | None) -> str | None:
        return None if amount is None else format_money(amount, facts.currency, lang)

    def day(value: date | None) -> str | None:
        return None if value is None else format_date(value, lang)

    def text(value: str | None) -> str | None:
        return sentence(value, lang) if value and value.strip() else None

    plan = facts.plan
    values: dict[str, str | None] = {
        "lender": facts.lender,
        "collector": facts.collector or None,
        "account": facts.account,
        "loan": facts.loan,
        "borrower": facts.borrower or "",
        "currency": facts.currency,
        "date": day(facts.as_of),
        "reply_by": day(_reply_by(facts)),
        "total_owed": money(facts.total_owed),
        "principal_owed": money(facts.principal_owed),
        "overdue_amount": money(facts.overdue_amount),
        "days_overdue": str(facts.days_overdue),
        "oldest_due_date": day(facts.oldest_due_date),
        "next_due_date": day(facts.next_due_date),
        "next_due_amount": money(facts.next_due_amount),
        "pay_on": day(facts.pay_on),
        "pay_on_amount": money(facts.pay_on_amount),
        "pay_on_charges": money(facts.pay_on_charges),
        "day_after": day(facts.as_of + timedelta(days=1)),
        # Charges start the day after the letter's date, or, on a loan not yet late, the
        # day after its next due date.
        "charges_from": day(
            facts.next_due_date + timedelta(days=1)
            if facts.days_overdue == 0 and facts.next_due_date is not None
            else facts.as_of + timedelta(days=1)
        ),
        "pay_on_base": None
        if facts.pay_on_amount is None or facts.pay_on_charges is None
        else money(facts.pay_on_amount - facts.pay_on_charges),
        "reason": text(facts.reason) or "",
        "budget": money(facts.budget),
        "total_budget": money(facts.total_budget),
        "plan_count": None if plan is None else str(plan.count),
        "plan_first": None if plan is None else str(plan.count - 1),
        "plan_amount": None if plan is None else money(plan.amount),
        "plan_last": None if plan is None else money(plan.last),
        "offer": money(facts.offer),
        "missed": _missed(facts, lang),
        "wrong": text(facts.wrong),
        "should": text(facts.should),
    }
    assert tuple(values) == FACT_PLACEHOLDERS
    card = facts.lender_type == "card"
    account_kind = "card" if card else "flat" if facts.flat else ""
    for name in WORDS:
        word = f"word.{name}.{account_kind}"
        word = word if account_kind in _WORD_VARIANTS[name] else f"word.{name}"
        values[name] = fill(pieces[word], values, hints=_HINTS)

    def piece(name: str, **local: str) -> str:
        if card and name in _CARD_WORDED:
            name = f"{name}.card"
        elif not facts.penalty_interest and name in _NO_PENALTY_WORDED:
            name = f"{name}.no_penalty"
        return fill(pieces[name], {**values, **local}, hints=_HINTS)

    def piece_if(condition: bool, name: str) -> str:
        return piece(name) if condition else ""

    def law(topic: str, condition: bool = True) -> str:
        """The law piece for the loan's jurisdiction and lender type, if there is one."""
        where = facts.jurisdiction.value
        for name in (f"{topic}.{where}.{facts.lender_type}", f"{topic}.{where}"):
            if name in pieces and condition:
                return piece(name)
        return ""

    def listed(items: list[str]) -> str:
        between, last = _JOIN["zh" if lang == "zh" else "en"]
        if len(items) < 2:
            return "".join(items)
        return between.join(items[:-1]) + last + items[-1]

    if not facts.lender.strip():
        values["lender"] = piece("lender.unknown")
    if not facts.account.strip():
        values["account"] = piece("account.unknown")
    if not facts.borrower:
        values["borrower"] = piece("borrower.unknown")

    if facts.days_overdue == 1:
        status = "status.overdue_one_day"
    elif facts.days_overdue > 0:
        status = "status.overdue"
    elif facts.next_due_date is not None and facts.next_due_amount is not None:
        status = "status.due"
    else:
        status = "status.nothing_due"

    interest_item = "item.service_fee" if facts.flat else "item.interest"
    # A card bills one interest (透支利息): what its missed minimums bear is part of it.
    items = [
        ("item.principal", facts.principal_owed),
        (interest_item, facts.interest_owed + (facts.penalty_owed if card else ZERO)),
        ("item.penalty", ZERO if card else facts.penalty_owed),
        ("item.late_fee", facts.late_fee_amount),
        ("item.prepay_fee", facts.prepay_fee),
    ]
    shown = [(name, amount) for name, amount in items if cents(amount) != ZERO]
    # What waivable() adds up: penalty (a card's: the interest its missed minimums bear,
    # named so, the rest of its interest being inside the minimums paid) and fees.
    waived = [
        (name, amount)
        for name, amount in (
            ("item.card_penalty" if card else "item.penalty", facts.penalty_owed),
            ("item.late_fee", facts.late_fee_amount),
            ("item.prepay_fee", facts.prepay_fee),
        )
        if cents(amount) != ZERO
    ]
    breakdown = listed([piece(name, amount=money(amount) or "") for name, amount in shown])
    waiver_items = listed([piece(name, amount=money(amount) or "") for name, amount in waived])

    # The charges an extension's --pay-on adds, each named by what it is.
    added_penalty = facts.pay_on_penalty or ZERO
    added_items = listed(
        [
            piece(name, amount=money(amount) or "")
            for name, amount in (
                ("item.interest" if card else "item.penalty", added_penalty),
                ("item.late_fee", (facts.pay_on_charges or ZERO) - added_penalty),
            )
            if cents(amount) != ZERO
        ]
    )
    when = "date" if facts.pay_on is not None else "after_confirmation"
    # An extension asks to drop the charges added by --pay-on: it states them, if any.
    added = "charges" if facts.pay_on_charges and cents(facts.pay_on_charges) > ZERO else "none"
    # A waiver promises a payoff only for the amount the borrower offered.
    if facts.offer is not None:
        waiver_way = "offer"
    else:
        waiver_way = "current" if cents(facts.overdue_amount) > ZERO else "charges"
        # Paying the past-due amount on --pay-on (or, without it, once the lender replies)
        # leaves the account late if another installment falls due by then: it pays only
        # the installments past due today.
        next_due, paid_by = facts.next_due_date, facts.pay_on or _reply_by(facts)
        if waiver_way == "current" and next_due and next_due <= paid_by:
            waiver_way = "past_due"
    if plan is None:
        plan_sentence = None
    elif plan.count == 1:
        plan_sentence = piece("plan.one")
    else:
        plan_sentence = piece("plan.equal" if plan.last == plan.amount else "plan.many")
    offer_covers_principal = facts.offer is not None and facts.offer >= facts.principal_owed
    channel = facts.preferred_channel
    contact_by = "written" if channel is None else channel.value
    documents = piece(f"documents.{facts.cause}") if facts.cause else ""

    breach_lines = _breach_lines(facts, piece)
    # The places to complain after whom the complaint is addressed to: after the lender,
    # or, written to a collection agency, the lender (its creditor) first.
    to = "collector" if facts.collector else "lender"
    steps = complaint_route(facts.jurisdiction, (b.code for b in facts.breaches), facts.lender_type)
    steps = steps if facts.collector else steps[1:]
    # The police are told only of the police matters logged.
    logged = {breach.code for breach in facts.breaches}
    police = listed([piece(f"police.{code.value}") for code in _POLICE_ORDER if code in logged])
    # The police are not a step after the lender's reply: a crime may be reported to
    # them at any time, so they have a paragraph of their own.
    places = [
        piece(_route_piece(step, facts.collector, pieces))
        for step in steps
        if step is not Step.POLICE
    ]
    if len(places) == 1:
        route = [piece("route_line.one", place=places[0])]
    else:
        route = [piece("route_line", number=str(n), place=p) for n, p in enumerate(places, 1)]
    has_evidence = any(b.contact.evidence for b in facts.breaches)
    space = " " if lang == "en" else ""  # between two sentences
    # The SPC's 24% line (法发〔2017〕22号, the piece charges.cn) is no ground when the
    # loan's real cost is under 24% a year; a card's and a private lender's rules differ.
    spc_line = f"charges.cn.{facts.lender_type}" not in pieces
    under_24 = facts.cost_apr is not None and facts.cost_apr < SPC_LINE_PERCENT
    charges = space.join(
        filter(
            None,
            [
                law("charges", not (spc_line and under_24)),
                law("art585", facts.late_fee_amount > ZERO),
            ],
        )
    )
    cost = space.join(filter(None, [law("apr"), law("art670", facts.upfront_fee)]))

    values.update(
        role=piece("role.cardholder" if card else "role.borrower"),
        breakdown=piece("breakdown", items=breakdown),
        status_sentence=piece(status),
        reason_paragraph=piece_if(bool(values["reason"]), "reason_paragraph"),
        waiver_items=waiver_items,
        waiver_pay=money(facts.total_owed - waivable(facts)),
        waiver_ask=piece(f"waiver_ask.{waiver_way}", items=waiver_items),
        waiver_settles=piece(f"waiver_settles.{waiver_way}"),
        pay_when=""
        if kind == "waiver" and waiver_way == "charges"
        else piece(
            "pay_when.first", amount=money(plan.last if plan.count == 1 else plan.amount) or ""
        )
        + (
            piece(
                "pay_when.later.month_end" if facts.pay_on.day > 28 else "pay_when.later",
                day=_day_of_month(facts.pay_on, lang),
            )
            if plan.count > 1 and facts.pay_on is not None
            else ""
        )
        if plan is not None and facts.pay_on is not None and kind in ("installments", "hardship")
        else piece(f"pay_when.{when}", amount=money(facts.offer or facts.overdue_amount) or ""),
        plan_sentence=plan_sentence,
        budget_paragraph=" ".join(
            filter(
                None,
                [
                    piece_if(facts.budget is not None, "budget_paragraph"),
                    piece_if(facts.total_budget is not None, "total_budget_sentence"),
                ],
            )
        )
        if lang == "en"
        else piece_if(facts.budget is not None, "budget_paragraph")
        + piece_if(facts.total_budget is not None, "total_budget_sentence"),
        offer_paragraph=piece_if(offer_covers_principal, "offer_paragraph"),
        contact_by=piece(f"contact_by.{contact_by}"),
        documents=documents,
        enclosures=piece("enclosures", items=documents) if documents else "",
        # A waiver that pays the account off (--offer) asks, as a settlement does, for
        # the lien release and the title.
        vehicle_ask=piece_if(
            facts.vehicle,
            "vehicle_ask.settlement"
            if kind == "waiver" and facts.offer is not None
            else f"vehicle_ask.{_VEHICLE_ASK.get(kind, 'hold')}",
        ),
        credit_ask=law("credit"),
        credit_settled=law("credit_settled"),
        validation_opening=piece(
            "validation_opening.contacted" if facts.contacted else "validation_opening.asked"
        ),
        validation_stance=piece(
            "validation_stance.dispute" if facts.dispute else "validation_stance.asked"
        ),
        extension_figures=piece(f"extension_figures.{added}", items=added_items)
        if kind == "extension"
        else "",
        extension_waive=piece(f"extension_waive.{added}", items=added_items)
        if kind == "extension"
        else "",
        extension_includes=piece("extension_includes"),
        # What an extension offers to pay: what is due by --pay-on, without the charges
        # it asks to drop.
        extension_pays=(values["pay_on_amount"] if added == "none" else values["pay_on_base"])
        if kind == "extension"
        else "",
        # What accrues from today to the day of payment (--pay-on, or after the reply) is
        # waived too, when the account is late.
        waiver_later=piece_if(kind == "waiver" and facts.days_overdue > 0, "waiver_later"),
        charge_kinds=piece("charge_kinds"),
        basis=law("plan"),
        validation_basis=space.join(
            filter(
                None,
                [
                    law(
                        (
                            "validation_collector_disputed"
                            if facts.dispute
                            else "validation_collector"
                        )
                        if facts.collector
                        else "validation"
                    ),  # fmt: skip
                    # A collector's piece states the disputed flag with its own duty.
                    law("validation_disputed", facts.dispute and not facts.collector),
                ],
            )
        ),
        extension_basis=law("extension", facts.days_overdue == 0),
        charges_basis=charges,
        cost_basis=cost,
        contact_rules=(facts.collector and law("contact_collector")) or law("contact"),
        contact_law=law("contact_law_collector" if facts.collector else "contact_law"),
        **{name: piece(_addressed(name, to, facts, pieces)) for name in _ADDRESSED},
        contract_docs=piece("contract_docs"),
        dispute_basis=law("dispute"),
        dispute_to=law("dispute_to"),
        identity=law("identity"),
        # Only what the borrower said they can pay (--offer): all that is due by --pay-on,
        # or the offer and a plan for the rest.
        cleared_by=piece_if(
            kind == "non-malicious"
            and facts.pay_on_amount is not None
            and facts.offer is not None
            and facts.days_overdue > 0,
            "cleared_by.part" if _offer_short(facts) else "cleared_by",
        ),
        dispute_enclosures=piece(
            "dispute_enclosures.paid" if supports_dispute(facts) else "dispute_enclosures.report"
        ),
        missed_sentence=piece(
            "missed_sentence.many" if len(_missed_dates(facts)) > 1 else "missed_sentence.one"
        )
        if values["missed"]
        else "",
        breach_list="\n".join(breach_lines),
        evidence_paragraph=piece_if(has_evidence, "evidence_paragraph"),
        complaint_hours=piece(f"complaint_hours.{facts.jurisdiction.value}"),
        complaint_route="\n".join(route),
        route_intro=piece("route_intro.one" if len(route) == 1 else "route_intro.many"),
        police_paragraph=piece("police_paragraph", items=police)
        if police and Step.POLICE in steps
        else "",
    )
    return values


def _offer_short(facts: LetterFacts) -> bool:
    """Whether the --offer is less than everything due by --pay-on."""
    return (
        facts.offer is not None
        and facts.pay_on_amount is not None
        and cents(facts.offer) < cents(facts.pay_on_amount)
    )


def _day_of_month(day: date, lang: str) -> str:
    """The day of the month a plan's later payments fall on: 10 (zh), 10th (en)."""
    if lang == "zh":
        return str(day.day)
    suffix = "th" if 11 <= day.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    return f"{day.day}{suffix}"


def _addressed(name: str, to: str, facts: LetterFacts, pieces: Mapping[str, Text]) -> str:
    """The piece for ``name`` written ``to`` the lender or a collector: a jurisdiction's
    own wording where it has one (a US creditor is not bound by the FDCPA itself)."""
    specific = f"{name}.{to}.{facts.jurisdiction.value}"
    return specific if specific in pieces else f"{name}.{to}"


def _route_piece(step: Step, collector: str, pieces: Mapping[str, Text]) -> str:
    """The piece naming a place to complain: written to a collection agency, the lender is
    its creditor, and a place that depends on what the lender is says so by name."""
    if not collector:
        return f"route.{step.value}"
    if step is Step.LENDER:
        return "route.creditor"
    named = f"route.{step.value}.collector"
    return named if named in pieces else f"route.{step.value}"


def _breach_lines(facts: LetterFacts, piece: Callable[..., str]) -> list[str]:
    """One numbered line per breach, in time order, each with its rule; a contact's note
    and evidence (path and SHA-256) follow its last breach, once."""
    ordered = sorted(facts.breaches, key=lambda breach: breach.at)
    lines = []
    for number, breach in enumerate(ordered, 1):
        default = f"rule.{facts.jurisdiction.value}.{breach.code.value}"
        contact = breach.contact
        line = piece(
            "breach_line",
            number=str(number),
            when=format_datetime(breach.at, facts.lang),
            channel=piece(f"channel.{contact.channel.value}"),
            rule=piece(_RULE_PIECES.get(breach.rule, default)),
        )
        if number == len(ordered) or ordered[number].contact is not contact:
            if contact.note.strip():
                line += "\n" + piece("breach_note", note=contact.note)
            for item in contact.evidence:
                # The file's name only: the folder it sits in on the borrower's computer is
                # no business of the lender's (the log keeps the whole path).
                name = item.path.replace("\\", "/").rsplit("/", 1)[-1]
                line += "\n" + piece("breach_evidence", path=name, sha256=item.sha256)
        lines.append(line)
    return lines


def draft(kind: str, facts: LetterFacts, *, template_dir: Path | None = None) -> Letter:
    """Draft the ``kind`` message for ``facts`` in ``facts.lang``.

    ``template_dir``: a folder whose ``{lang}/{kind}.txt`` and ``{lang}/pieces.txt``,
    where present, replace the packaged ones. Raises :class:`TemplateError` for an
    unknown kind or language, facts the kind cannot be written from (with the
    option to pass), and any unknown placeholder in a template (file and line).
    """
    if kind not in KINDS:
        raise TemplateError(
            N_("unknown message kind {kind!r}; choose one of: {kinds}"),
            kind=kind,
            kinds=", ".join(KINDS),
        )
    if facts.lang not in LANGS:
        raise TemplateError(
            N_("no messages in language {lang!r}; choose one of: {langs}"),
            lang=facts.lang,
            langs=", ".join(LANGS),
        )
    require(kind, facts)
    pieces = _load_pieces(facts.lang, template_dir)
    values = _values(kind, facts, pieces)
    subject, body = _load_template(kind, facts.lang, template_dir)
    return Letter(
        kind=kind,
        lang=facts.lang,
        subject=fill(subject, values, hints=_HINTS),
        body=fill(body, values, hints=_HINTS),
    )
