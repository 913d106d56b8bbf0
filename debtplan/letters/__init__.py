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
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from debtplan.core.contacts import (
    CARD_RULES,
    RULES,
    Breach,
    Channel,
    Jurisdiction,
    Step,
    complaint_route,
)
from debtplan.core.money import ZERO, cents, money_str
from debtplan.core.text import N_
from debtplan.letters.filler import TemplateError, Text, check, fill, parse_pieces, parse_template

__all__ = [
    "FACT_PLACEHOLDERS",
    "KINDS",
    "LANGS",
    "PIECE_PLACEHOLDERS",
    "PIECES",
    "PLACEHOLDERS",
    "REPLY_DAYS",
    "Letter",
    "LetterFacts",
    "TemplateError",
    "draft",
    "format_date",
    "format_datetime",
    "format_money",
]

KINDS = (
    "extension",
    "waiver",
    "installments",
    "hardship",
    "settlement",
    "validation",
    "contact-rules",
    "complaint",
)
LANGS = ("en", "zh")

# The lender is asked to reply within this many days (sooner if the borrower pays sooner).
REPLY_DAYS = 7

# Placeholders filled straight from the facts. None marks a value some facts lack.
FACT_PLACEHOLDERS = (
    "lender", "loan", "borrower", "currency", "date", "reply_by",
    "principal_owed", "interest_owed", "penalty_owed", "fees_owed", "total_owed",
    "principal_and_interest", "penalty_and_fees", "overdue_amount", "days_overdue",
    "next_due_date", "next_due_amount", "due_amount",
    "pay_on", "reason", "plan_monthly", "plan_months", "budget", "offer",
)  # fmt: skip

# Placeholders filled with a piece chosen by the facts ("" when the piece does not apply).
PIECE_PLACEHOLDERS = (
    "status_sentence", "reason_paragraph", "waiver_items", "waiver_when", "plan_start",
    "budget_paragraph", "plan_paragraph", "offer_paragraph", "contact_by", "breach_list",
    # complaint
    "evidence_paragraph", "complaint_hours", "complaint_route",
)  # fmt: skip

# Every placeholder a message template may use.
PLACEHOLDERS = FACT_PLACEHOLDERS + PIECE_PLACEHOLDERS

# Every piece a pieces file defines. Pieces may use the fact placeholders, plus the
# local ones listed in _PIECE_LOCALS.
PIECES = (
    "status.overdue", "status.overdue_one_day", "status.due", "status.nothing_due",
    "reason_paragraph",
    "waiver_items.both", "waiver_items.penalty", "waiver_items.fees",
    "waiver_when.date", "waiver_when.after_confirmation",
    "plan_start.date", "plan_start.after_confirmation",
    "budget_paragraph", "plan_paragraph", "offer_paragraph",
    "contact_by.written", "contact_by.call", "contact_by.sms", "contact_by.social",
    *(f"channel.{channel.value}" for channel in Channel),
    *(f"rule.{jurisdiction.value}.{code.value}" for jurisdiction, code in RULES),
    "breach_line", "breach_note",
    "borrower.unknown",
    # complaint
    *(f"rule.cn-card.{code.value}" for code in CARD_RULES),
    "breach_evidence", "evidence_paragraph",
    *(f"complaint_hours.{jurisdiction.value}" for jurisdiction in Jurisdiction),
    *(f"route.{step.value}" for step in Step),
    "route_line",
)  # fmt: skip
_PIECE_LOCALS: Mapping[str, tuple[str, ...]] = {
    "breach_line": ("number", "when", "channel", "rule"),
    "breach_note": ("note",),
    "breach_evidence": ("path", "sha256"),
    "route_line": ("number", "place"),
}

# Which option supplies a value, for the error when a template needs one that is missing.
_HINTS = {
    "pay_on": "--pay-on YYYY-MM-DD",
    "offer": "--offer AMOUNT",
    "budget": "--budget AMOUNT",
    "plan_monthly": "--budget AMOUNT",
    "plan_months": "--budget AMOUNT",
}


@dataclass(frozen=True, kw_only=True)
class LetterFacts:
    """Everything a message may mention, computed by the core as of ``as_of``.

    Money is Decimal in ``currency``. ``total_owed`` is principal + interest +
    penalty + fees. ``stage`` is "short", "medium" or "long"
    (docs/conventions.md#stages). ``pay_on`` is the date the borrower can pay (extension; also
    used by waiver and installments when given). ``plan_monthly`` and
    ``plan_months`` come from the planner and ``budget`` (installments,
    hardship); ``offer`` is the lump sum offered (settlement); ``breaches``
    the logged breaches (complaint). ``preferred_channel`` is how the borrower
    wants to be contacted (contact-rules; None: in writing).
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
    borrower: str | None = None
    stage: str | None = None
    next_due_date: date | None = None
    next_due_amount: Decimal | None = None
    pay_on: date | None = None
    reason: str | None = None
    plan_monthly: Decimal | None = None
    plan_months: int | None = None
    budget: Decimal | None = None
    offer: Decimal | None = None
    breaches: Sequence[Breach] = ()
    preferred_channel: Channel | None = None

    def __post_init__(self) -> None:
        # Programming errors, not user errors: the core computes these.
        amounts = {
            "principal_owed": self.principal_owed,
            "interest_owed": self.interest_owed,
            "penalty_owed": self.penalty_owed,
            "fees_owed": self.fees_owed,
            "total_owed": self.total_owed,
            "overdue_amount": self.overdue_amount,
            "next_due_amount": self.next_due_amount,
            "plan_monthly": self.plan_monthly,
            "budget": self.budget,
            "offer": self.offer,
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
        if self.days_overdue < 0:
            raise ValueError(f"LetterFacts.days_overdue must be 0 or more, not {self.days_overdue}")
        if self.plan_months is not None and self.plan_months < 1:
            raise ValueError(f"LetterFacts.plan_months must be 1 or more, not {self.plan_months}")


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
    clock = f"{hour}:{moment.minute:02}{seconds} {half}"
    return f"{format_date(moment.date(), lang)}, {clock}"


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
        check(pieces[name], FACT_PLACEHOLDERS + _PIECE_LOCALS.get(name, ()))
    return pieces


def _load_template(kind: str, lang: str, template_dir: Path | None) -> tuple[Text, Text]:
    found = _user_file(template_dir, lang, f"{kind}.txt") or _package_file(lang, f"{kind}.txt")
    return parse_template(*found)


# --- the facts a kind needs ------------------------------------------------------------


def _due_amount(facts: LetterFacts) -> Decimal | None:
    """What is due now: the overdue amount, else the next installment."""
    return facts.overdue_amount if facts.days_overdue > 0 else facts.next_due_amount


def _require(kind: str, facts: LetterFacts) -> None:
    """Refuse facts a kind cannot be written from, saying which option is missing."""
    if facts.pay_on is not None and facts.pay_on <= facts.as_of:
        raise TemplateError(
            N_("the date you can pay, {pay_on}, must be after today ({today})"),
            pay_on=facts.pay_on.isoformat(),
            today=facts.as_of.isoformat(),
        )
    if kind == "extension":
        if facts.pay_on is None:
            raise TemplateError(
                N_("an extension message needs the date you can pay: pass --pay-on YYYY-MM-DD")
            )
        if _due_amount(facts) is None:
            raise TemplateError(
                N_("nothing is due or overdue on {loan}, so there is nothing to extend"),
                loan=facts.loan,
            )
    elif kind == "waiver":
        if facts.penalty_owed + facts.fees_owed == ZERO:
            raise TemplateError(
                N_(
                    "{loan} has no penalty interest or fees as of {today}, "
                    "so there is nothing to waive"
                ),
                loan=facts.loan,
                today=facts.as_of.isoformat(),
            )
    elif kind == "installments":
        if facts.plan_monthly is None or facts.plan_months is None:
            raise TemplateError(
                N_(
                    "an installments message needs a plan: pass --budget AMOUNT so that the "
                    "planner can work out the monthly payment and the number of months"
                )
            )
    elif kind == "hardship":
        if not (facts.reason or "").strip():
            raise TemplateError(
                N_(
                    "a hardship message says what changed and since when: pass --reason TEXT, "
                    'for example --reason "lost my job in March 2026"'
                )
            )
        if facts.budget is None:
            raise TemplateError(
                N_(
                    "a hardship message needs what you can pay each month for all your debts: "
                    "pass --budget AMOUNT"
                )
            )
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


def _values(facts: LetterFacts, pieces: Mapping[str, Text]) -> dict[str, str | None]:
    """Every placeholder's text for these facts; None where the facts have no value."""
    lang = facts.lang

    def money(amount: Decimal | None) -> str | None:
        return None if amount is None else format_money(amount, facts.currency, lang)

    def day(value: date | None) -> str | None:
        return None if value is None else format_date(value, lang)

    reason = facts.reason if facts.reason and facts.reason.strip() else None
    values: dict[str, str | None] = {
        "lender": facts.lender,
        "loan": facts.loan,
        "borrower": facts.borrower or "",
        "currency": facts.currency,
        "date": day(facts.as_of),
        "reply_by": day(_reply_by(facts)),
        "principal_owed": money(facts.principal_owed),
        "interest_owed": money(facts.interest_owed),
        "penalty_owed": money(facts.penalty_owed),
        "fees_owed": money(facts.fees_owed),
        "total_owed": money(facts.total_owed),
        "principal_and_interest": money(cents(facts.principal_owed) + cents(facts.interest_owed)),
        "penalty_and_fees": money(cents(facts.penalty_owed) + cents(facts.fees_owed)),
        "overdue_amount": money(facts.overdue_amount),
        "days_overdue": str(facts.days_overdue),
        "next_due_date": day(facts.next_due_date),
        "next_due_amount": money(facts.next_due_amount),
        "due_amount": money(_due_amount(facts)),
        "pay_on": day(facts.pay_on),
        "reason": reason or "",
        "plan_monthly": money(facts.plan_monthly),
        "plan_months": None if facts.plan_months is None else str(facts.plan_months),
        "budget": money(facts.budget),
        "offer": money(facts.offer),
    }
    assert tuple(values) == FACT_PLACEHOLDERS

    def piece(name: str, **local: str) -> str:
        return fill(pieces[name], {**values, **local}, hints=_HINTS)

    def piece_if(condition: bool, name: str) -> str:
        return piece(name) if condition else ""

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

    has_penalty, has_fees = facts.penalty_owed > ZERO, facts.fees_owed > ZERO
    if has_penalty and has_fees:
        waiver_items: str | None = piece("waiver_items.both")
    elif has_penalty or has_fees:
        waiver_items = piece("waiver_items.penalty" if has_penalty else "waiver_items.fees")
    else:
        waiver_items = None

    when = "date" if facts.pay_on is not None else "after_confirmation"
    has_plan = facts.plan_monthly is not None and facts.plan_months is not None
    offer_covers_principal = facts.offer is not None and facts.offer >= facts.principal_owed
    channel = facts.preferred_channel
    contact_by = "written" if channel is None else channel.value

    breach_lines = _breach_lines(facts, piece)
    # The places to complain after the lender, whom the complaint is addressed to.
    steps = complaint_route(facts.jurisdiction, (b.code for b in facts.breaches))[1:]
    route = [piece("route_line", number=str(n), place=piece(f"route.{step.value}"))
             for n, step in enumerate(steps, 1)]  # fmt: skip
    has_evidence = any(b.contact.evidence for b in facts.breaches)

    values.update(
        status_sentence=piece(status),
        reason_paragraph=piece_if(reason is not None, "reason_paragraph"),
        waiver_items=waiver_items,
        waiver_when=piece(f"waiver_when.{when}"),
        plan_start=piece(f"plan_start.{when}"),
        budget_paragraph=piece_if(facts.budget is not None, "budget_paragraph"),
        plan_paragraph=piece_if(has_plan, "plan_paragraph"),
        offer_paragraph=piece_if(offer_covers_principal, "offer_paragraph"),
        contact_by=piece(f"contact_by.{contact_by}"),
        breach_list="\n".join(breach_lines),
        evidence_paragraph=piece_if(has_evidence, "evidence_paragraph"),
        complaint_hours=piece(f"complaint_hours.{facts.jurisdiction.value}"),
        complaint_route="\n".join(route),
    )
    return values


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
                line += "\n" + piece("breach_evidence", path=item.path, sha256=item.sha256)
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
    _require(kind, facts)
    pieces = _load_pieces(facts.lang, template_dir)
    values = _values(facts, pieces)
    subject, body = _load_template(kind, facts.lang, template_dir)
    return Letter(
        kind=kind,
        lang=facts.lang,
        subject=fill(subject, values, hints=_HINTS),
        body=fill(body, values, hints=_HINTS),
    )
