"""Messages to the lender (`message`) and the collector-contact log (`contact`).

Every number in a message comes from the ledger and the planner for that loan as
of ``--today``; the templates only place them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from debtplan.cli.common import (
    complete_letter_kinds,
    complete_loan_names,
    editing,
    emit_json,
    handles_errors,
    read_loan,
    remove_numbered,
    say,
    session,
    tell,
)
from debtplan.core.text import N_, InputError
from debtplan.i18n import _

KIND_HELP = N_(
    "The kind of message: extension, waiver, installments, hardship, settlement, validation, "
    "contact-rules, complaint, credit-dispute or non-malicious."
)


def template_dir() -> Path:
    """Where users put their own templates: <config dir>/templates/{en,zh}/{kind}.txt."""
    import os

    override = os.environ.get("DEBTPLAN_TEMPLATES")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("debtplan") / "templates"


def letter_facts(loan: Any, today: date, lang: str, **asks: Any) -> Any:
    """The facts a message may state, computed from the ledger for ``loan`` on ``today``:
    the payoff `show --json` reports (in parts), its overdue figures, and with ``pay_on``
    everything due by that day (as `overdue --pay-on` counts it)."""
    from debtplan.core.contacts import Jurisdiction, find_breaches
    from debtplan.core.ledger import loan_state
    from debtplan.core.model import Method
    from debtplan.core.penalty import daily_penalty_rate
    from debtplan.letters import LetterFacts

    state = loan_state(loan, today)
    payoff = state.payoff()  # the payoff `show` reports, in parts
    upcoming = state.next_due
    jurisdiction = Jurisdiction(loan.jurisdiction)
    pay_on = asks.get("pay_on")
    later = loan_state(loan, pay_on) if pay_on is not None and pay_on > today else None
    regular = [i.payment for i in state.installments if i.due_date >= today]
    return LetterFacts(
        lang=lang, lender=loan.lender, account=loan.account, loan=loan.name,
        currency=loan.currency, as_of=today, principal_owed=payoff.principal,
        interest_owed=payoff.interest, penalty_owed=payoff.penalty, fees_owed=payoff.fees,
        late_fees=state.late_fees, total_owed=payoff.total,
        penalty_interest=daily_penalty_rate(loan) > 0 or payoff.penalty > 0,
        overdue_amount=state.overdue_amount, days_overdue=state.days_overdue,
        jurisdiction=jurisdiction, lender_type=loan.lender_kind.value,
        flat=loan.method is Method.FLAT, upfront_fee=loan.upfront_fee > 0,
        cost_apr=_cost_apr(loan),
        stage=state.stage.value if state.stage else None,
        next_due_date=upcoming.due_date if upcoming else None,
        next_due_amount=upcoming.total_owed if upcoming else None,
        oldest_due_date=state.overdue[0].due_date if state.overdue else None,
        overdue_dates=tuple(item.due_date for item in state.overdue),
        installment=regular[0] if regular else None,
        pay_on_amount=later.total_due if later is not None else None,
        pay_on_charges=_charges_added(state, later) if later is not None else None,
        pay_on_penalty=_penalty_added(state, later) if later is not None else None,
        breaches=find_breaches(_logged(loan), jurisdiction, card=_is_card(loan)),
        late_payments=_late_payments(state), paid_dates=_paid_dates(state),
        contacted=bool(loan.contacts), **asks,
    )  # fmt: skip


def _cost_apr(loan: Any) -> Any:
    """The contract's effective APR in percent a year (`show`'s real cost), or None when it
    has none (a card whose minimum never covers the interest)."""
    from debtplan.core.apr import contract_cost
    from debtplan.core.text import DebtplanError

    try:
        return contract_cost(loan).effective_apr
    except DebtplanError:
        return None


def _charges_added(state: Any, later: Any) -> Any:
    """The penalty interest and late fees charged between two states of the same loan."""
    from debtplan.core.money import ZERO

    added = later.penalty + later.late_fees - state.penalty - state.late_fees
    return max(added, ZERO)


def _penalty_added(state: Any, later: Any) -> Any:
    """Of the charges added between two states, the penalty interest."""
    from debtplan.core.money import ZERO

    return min(max(later.penalty - state.penalty, ZERO), _charges_added(state, later))


def _late_payments(state: Any) -> tuple[tuple[date, date | None], ...]:
    """Each installment past its due date and grace days on the state's date that was paid
    in full only after them (due, paid) or is not paid in full yet (due, None)."""
    from datetime import timedelta

    grace = timedelta(days=state.loan.grace_days)
    return tuple(
        (i.due_date, i.paid_on) for i in state.installments
        if i.due_date + grace < state.as_of
        and (i.paid_on is None or i.paid_on > i.due_date + grace)
    )  # fmt: skip


def _paid_dates(state: Any) -> tuple[tuple[date, date | None], ...]:
    """Each installment due before the state's date, or paid in full: (due, paid or None)."""
    return tuple(
        (i.due_date, i.paid_on) for i in state.installments
        if i.due_date < state.as_of or i.paid_on is not None
    )  # fmt: skip


@handles_errors
def message(
    name: Annotated[
        str,
        typer.Argument(
            help=N_("The loan the message is about."), autocompletion=complete_loan_names
        ),
    ],
    kind: Annotated[
        str, typer.Option("--kind", help=KIND_HELP, autocompletion=complete_letter_kinds)
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="zh|en",
            help=N_(
                "The letter's language [default: the interface's]. The law cited follows "
                "the loan's jurisdiction and lender type, whatever the language."
            ),
        ),
    ] = None,
    pay_on: Annotated[
        str | None,
        typer.Option("--pay-on", metavar="YYYY-MM-DD", help=N_("The date you can pay.")),
    ] = None,
    budget: Annotated[
        str | None,
        typer.Option(help=N_("installments/hardship: what you can pay THIS lender a month.")),
    ] = None,
    total_budget: Annotated[
        str | None,
        typer.Option(
            "--total-budget",
            help=N_(
                "What you have a month for all your debts: the letter says --budget is the "
                "part of it you can give this lender, without stating the total."
            ),
        ),
    ] = None,
    offer: Annotated[
        str | None,
        typer.Option(
            help=N_(
                "settlement: the lump sum you offer; waiver: pay the account off with it; "
                "extension, non-malicious: what you can pay by --pay-on."
            )
        ),
    ] = None,
    reason: Annotated[str | None, typer.Option(help=N_("What changed, and since when."))] = None,
    cause: Annotated[
        str | None,
        typer.Option(help=N_("job-loss, illness, income-cut or other: the documents you offer.")),
    ] = None,
    vehicle: Annotated[
        bool, typer.Option("--vehicle", help=N_("The loan is secured by your car."))
    ] = False,
    missed: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD", help=N_("non-malicious: the due date you missed.")),
    ] = None,
    wrong: Annotated[
        str | None, typer.Option(help=N_("credit-dispute: what the credit report shows."))
    ] = None,
    should: Annotated[
        str | None, typer.Option(help=N_("credit-dispute: what it should show."))
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=N_(
                "credit-dispute: write it even though the payments recorded show the "
                "installment late or unpaid (only if you can prove it was paid on time); "
                "non-malicious: even though they show the --missed installment paid on time."
            ),
        ),
    ] = False,
    dispute: Annotated[
        bool,
        typer.Option(
            "--dispute",
            help=N_("validation: say that you dispute the debt and its amount (only if you do)."),
        ),
    ] = False,
    borrower: Annotated[str | None, typer.Option(help=N_("Your name, to sign with."))] = None,
    collector: Annotated[
        str | None,
        typer.Option(
            help=N_(
                "validation, contact-rules, complaint: write to this collection agency, "
                "collecting for the lender, instead of the lender."
            )
        ),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            help=N_(
                "contact-rules: how you prefer to be contacted: call, sms, visit, social "
                "or third-party."
            )
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help=N_("Write the message to this file."))
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """Draft a message to the lender or collector, filled with this loan's real numbers."""
    from debtplan.core.contacts import Channel
    from debtplan.core.fields import parse_date, parse_positive_money, parse_text
    from debtplan.letters import CAUSES, KINDS, LANGS, draft, installment_plan

    if kind not in KINDS:
        raise InputError(N_("{value!r} is not one of: {choices}"), value=kind,
                         choices=", ".join(KINDS))  # fmt: skip
    if lang is not None and lang.strip().lower() not in LANGS:
        raise InputError(N_("--lang {value!r} is not one of: {choices}"), value=lang,
                         choices=", ".join(LANGS))  # fmt: skip
    if cause is not None and cause.strip().lower() not in CAUSES:
        raise InputError(N_("--cause {value!r} is not one of: {choices}"), value=cause,
                         choices=", ".join(CAUSES))  # fmt: skip
    today = session().today
    language = lang.strip().lower() if lang else session().lang
    loan, settings = read_loan(name)
    monthly = parse_positive_money(budget) if budget else settings.budget.get(loan.currency)
    asks: dict[str, Any] = {
        "pay_on": parse_date(pay_on) if pay_on else None,
        "offer": parse_positive_money(offer) if offer else None,
        # Checked as any text is (a byte that is not UTF-8 could not be written out).
        "reason": parse_text(reason) if reason is not None else None,
        "cause": cause.strip().lower() if cause else None,
        "borrower": parse_text(borrower) if borrower is not None else None,
        "collector": parse_text(collector).strip() if collector is not None else "",
        "budget": monthly if kind in ("installments", "hardship") else None,
        "total_budget": parse_positive_money(total_budget) if total_budget else None,
        "vehicle": vehicle,
        "missed": parse_date(missed) if missed else None,
        "wrong": parse_text(wrong) if wrong is not None else None,
        "should": parse_text(should) if should is not None else None,
        "preferred_channel": _channel(channel, Channel) if channel else None,
        "force": force,
        "dispute": dispute,
    }  # fmt: skip
    facts = letter_facts(loan, today, language, **asks)
    if asks["budget"] is not None and facts.total_owed > 0:
        from dataclasses import replace

        facts = replace(facts, plan=installment_plan(facts.total_owed, asks["budget"]))
    letter = draft(kind, facts, template_dir=template_dir())
    # Only the words this letter quotes: --wrong in an extension is not in the letter.
    quoted = {
        option: text
        for option, text in {"--reason": reason, "--wrong": wrong, "--should": should}.items()
        if text and text.strip() in letter.body
    }
    if kind == "credit-dispute" and force:
        _warn_forced(facts)
    if kind == "non-malicious" and force and facts.missed is not None:
        from debtplan.letters.require import missed_in_book

        if not missed_in_book(facts):
            tell(
                _(
                    "Warning: the payments recorded show the installment of {loan} due on "
                    "{missed} paid on time; the letter says it was late because you passed "
                    "--force."
                ).format(loan=facts.loan, missed=facts.missed.isoformat())
            )
    _warn_unwise(kind, facts)
    if letter.lang == "zh":
        _warn_not_chinese(quoted)
    else:
        _warn_chinese(quoted)
    document = {"kind": letter.kind, "lang": letter.lang, "subject": letter.subject,
                "body": letter.body}  # fmt: skip
    if out is not None:
        _write_out(out, f"{letter.subject}\n\n{letter.body}\n")
        tell(_("Wrote the message to {path}.").format(path=out))
    if as_json:
        emit_json(document)
    elif out is None:
        from debtplan.render.text import literal

        # On screen, escape sequences a name or note may hold are shown, not obeyed, and
        # so are its line breaks: a name cannot start lines of its own in the letter.
        shown = draft(kind, _stored_text_shown(facts), template_dir=template_dir())
        for line in [shown.subject, "", *shown.body.split("\n")]:
            say(literal(line))


def _warn_unwise(kind: str, facts: Any) -> None:
    """Say when a letter may hurt the borrower though every word of it is true: offering
    a settlement on an account that is not late, or writing in Chinese to a US lender."""
    from debtplan.core.contacts import Jurisdiction

    if kind == "settlement" and facts.days_overdue == 0:
        tell(
            _(
                "Warning: {loan} is not past due. A settlement offer says you cannot pay it "
                "in full, and the lender may treat the account as in default; if you can "
                "keep paying, keep paying."
            ).format(loan=facts.loan)
        )
    if kind == "settlement" and facts.offer is not None and facts.days_overdue > 0:
        # What brings the account current: everything due now, or by --pay-on.
        due = facts.pay_on_amount
        if due is None:
            due = facts.overdue_amount + facts.penalty_owed + facts.late_fee_amount
        if facts.offer >= due:
            from debtplan.core.money import money_str

            tell(
                _(
                    "Warning: your offer of {offer} covers the {due} that brings {loan} "
                    "current. A settlement is reported as settled for less than owed; to "
                    "bring the account current instead, use --kind waiver or --kind extension."
                ).format(offer=money_str(facts.offer), due=money_str(due), loan=facts.loan)
            )
    next_due, pay_on = facts.next_due_date, facts.pay_on
    late_again = next_due is not None and pay_on is not None and next_due <= pay_on
    if kind == "waiver" and facts.offer is None and facts.days_overdue > 0 and late_again:
        from debtplan.core.money import ZERO, money_str

        tell(
            _(
                "Note: {amount} more falls due on {loan} on {due}, before the day you can pay "
                "({pay_on}): the account stays late after this payment unless you pay that too. "
                "--kind extension asks to pay everything due by then."
            ).format(
                amount=money_str(facts.next_due_amount or ZERO),
                loan=facts.loan,
                due=next_due.isoformat() if next_due else "",
                pay_on=pay_on.isoformat() if pay_on else "",
            )
        )
    if facts.lang == "zh" and facts.jurisdiction is Jurisdiction.US:
        tell(
            _(
                "Note: {loan} is a US loan; its lender may not act on a letter in Chinese. "
                "To write in English, pass --lang en."
            ).format(loan=facts.loan)
        )


def _warn_forced(facts: Any) -> None:
    """Say, when --force overrides it, that the book contradicts the dispute: the letter
    states what the payments recorded do not show, and encloses no proof of payment."""
    from debtplan.letters.require import disputed_by_book, late_text

    found = disputed_by_book(facts)
    if not found:
        return
    tell(
        _(
            "Warning: the payments recorded for {loan} do not bear out this dispute (the "
            "on-time payment, or the payment day, it states): {paid} (due date -> date paid "
            "in full, or -> - when unpaid). It is drafted "
            "because you passed --force, and it encloses only your credit report and a copy "
            "of your ID: send it "
            "only with proof that the payment was made as it says, and list that proof "
            "under the enclosures."
        ).format(
            loan=facts.loan,
            paid="; ".join(late_text(due, paid) for due, paid in found),
        )
    )


def _warn_not_chinese(texts: dict[str, str]) -> None:
    """Warn that a Chinese letter quotes the borrower's words as typed: text with letters
    and no Chinese characters is not translated (a letter never rewrites what they said)."""
    from debtplan.render.text import literal

    for option, text in texts.items():
        if text and any(c.isalpha() for c in text) and not any(_is_han(c) for c in text):
            tell(
                _(
                    "Note: {option} {text!r} is not Chinese; the Chinese letter quotes it as "
                    "you typed it. To have it read in Chinese, write it in Chinese."
                ).format(option=option, text=literal(text))
            )


def _warn_chinese(texts: dict[str, str]) -> None:
    """Warn that an English letter quotes the borrower's words as typed: text with Chinese
    characters in it is not translated (a letter never rewrites what they said)."""
    from debtplan.render.text import literal

    for option, text in texts.items():
        if text and any(_is_han(c) for c in text):
            tell(
                _(
                    "Note: {option} {text!r} is in Chinese; the English letter quotes it as "
                    "you typed it. To have it read in English, write it in English."
                ).format(option=option, text=literal(text))
            )


def _is_han(char: str) -> bool:
    """A Chinese character (CJK unified ideographs and extension A)."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _stored_text_shown(facts: Any) -> Any:
    """``facts`` with the text stored in the file (names, notes) as :func:`literal` shows it."""
    from dataclasses import replace

    from debtplan.render.text import literal

    shown: dict[int, Any] = {}  # one shown contact per contact: its breaches stay together
    for b in facts.breaches:
        if id(b.contact) not in shown:
            evidence = tuple(replace(e, path=literal(e.path)) for e in b.contact.evidence)
            shown[id(b.contact)] = replace(b.contact, note=literal(b.contact.note),
                                           evidence=evidence)  # fmt: skip
    breaches = [replace(b, contact=shown[id(b.contact)]) for b in facts.breaches]
    return replace(facts, lender=literal(facts.lender), loan=literal(facts.loan), breaches=breaches)


def _channel(value: str, kind: Any) -> Any:
    try:
        return kind(value.strip().lower())
    except ValueError:
        raise InputError(N_("{value!r} is not one of: {choices}"), value=value,
                         choices=", ".join(c.value for c in kind)) from None  # fmt: skip


def _write_out(path: Path, text: str) -> None:
    from debtplan.store import StoreError

    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise StoreError(N_("cannot write {path}: {reason}"), path=str(path),
                         reason=error.strerror or str(error)) from None  # fmt: skip


def _logged(loan: Any) -> list[Any]:
    """The loan's logged contacts, numbered from 1 in this order."""
    from debtplan.core.contacts import contact_of

    return [contact_of(record) for record in loan.contacts]


def _is_card(loan: Any) -> bool:
    """A credit card: in China, the card rules (Art. 68) apply to its collection too."""
    from debtplan.core.model import Method

    return bool(loan.method is Method.REVOLVING)


def _evidence(text: str) -> Any:
    """The file at ``text``, kept as its absolute path and the SHA-256 of its bytes now."""
    import hashlib

    from debtplan.core.model import Evidence

    path = Path(text).expanduser().absolute()
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise InputError(
            N_("cannot read the evidence file {path}: {reason}; give the path of a recording "
               "or screenshot that exists"),
            path=text, reason=error.strerror or str(error),
        ) from None  # fmt: skip
    return Evidence(str(path), digest.hexdigest())


CHANNEL_HELP = N_("call, sms, visit, social or third-party (or 电话, 短信, 上门, 微信, 第三方).")
CONDUCT_HELP = N_(
    "What the collector did (repeatable): threat, insult, impersonation (posing as police, a "
    "court or a lawyer), fake-legal, contacts-blast (messaging your phone contacts), sms-bomb, "
    "workplace, public-disclosure; or 威胁, 辱骂, 冒充公检法, 伪造法律文书, 爆通讯录, 短信轰炸, "
    "联系单位, 公开曝光."
)


@handles_errors
def contact(
    name: Annotated[
        str,
        typer.Argument(
            help=N_("The loan the collector called about."), autocompletion=complete_loan_names
        ),
    ],
    at: Annotated[
        str | None,
        typer.Option("--at", help=N_("When: 2026-11-20T22:15 (local time). Omit to list.")),
    ] = None,
    channel: Annotated[str, typer.Option(help=CHANNEL_HELP)] = "call",
    conduct: Annotated[
        list[str] | None, typer.Option("--conduct", metavar="CONDUCT", help=CONDUCT_HELP)
    ] = None,
    connected: Annotated[
        bool,
        typer.Option("--connected", help=N_("The call was answered: you spoke with them.")),
    ] = False,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            metavar="FILE",
            help=N_("A recording or screenshot of it (repeatable); its SHA-256 is kept."),
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help=N_("Who, what was said."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """Log a collector's contact (--at), or list them, numbered, and flag the rules they broke."""
    from debtplan.core.contacts import Channel, Contact, parse_channel, parse_conduct, record_of
    from debtplan.core.fields import parse_datetime, parse_text

    if at is not None:
        how = parse_channel(channel)
        if connected and how is not Channel.CALL:
            raise InputError(N_("only a call can be --connected; leave it out for a {channel}"),
                             channel=how.value)  # fmt: skip
        logged = Contact(
            parse_datetime(at), how, parse_text(note or ""),
            tuple(dict.fromkeys(parse_conduct(parse_text(c)) for c in conduct or ())),
            connected, tuple(_evidence(parse_text(path)) for path in evidence or ()),
        )  # fmt: skip
        record = record_of(logged)
        from dataclasses import replace

        with editing() as edit:
            loan = edit.book.loan_named(name)
            contacts = tuple(sorted((*loan.contacts, record), key=lambda c: c.at))
            edit.book = edit.book.replace_loan(loan, replace(loan, contacts=contacts))
        tell(_("Logged a {channel} at {at}.").format(channel=_channel_name(how), at=record.at))
    loan, _settings = read_loan(name)
    _show_log(loan, as_json=as_json, quiet=at is not None)


def _channel_name(channel: Any) -> str:
    from debtplan.core.contacts import CHANNEL_NAMES

    return _(CHANNEL_NAMES[channel])


def _show_log(loan: Any, *, as_json: bool, quiet: bool) -> None:
    """The numbered log and its breaches (``quiet``: nothing on screen when none)."""
    from debtplan.core.contacts import (
        CONDUCT_NAMES,
        STEP_NAMES,
        Jurisdiction,
        complaint_route,
        find_breaches,
    )

    jurisdiction = Jurisdiction(loan.jurisdiction)
    contacts = _logged(loan)
    breaches = find_breaches(contacts, jurisdiction, card=_is_card(loan))
    number = {id(c): n for n, c in enumerate(contacts, 1)}
    if as_json:
        emit_json({
            "loan": loan.name, "jurisdiction": jurisdiction.value,
            "contacts": [{"number": number[id(c)], "at": c.at, "channel": c.channel.value,
                          "conduct": [x.value for x in c.conduct], "connected": c.connected,
                          "evidence": [{"path": e.path, "sha256": e.sha256} for e in c.evidence],
                          "note": c.note} for c in contacts],
            "breaches": [{"code": b.code.value, "at": b.at, "rule": _(b.rule),
                          "contact": number[id(b.contact)]} for b in breaches],
        })  # fmt: skip
        return
    if quiet and not breaches:
        return
    from debtplan.render.tables import print_lines, print_table

    flagged = {id(b.contact) for b in breaches}
    if contacts:
        comma = "、" if session().lang == "zh" else ", "  # a list within a cell
        print_table(
            ["#", _("When"), _("Channel"), _("Conduct"), _("Note"), _("Rule broken")],
            [[str(number[id(c)]), c.at.isoformat(sep=" ", timespec="minutes"),
              _channel_name(c.channel) + (" ✓" if c.connected else ""),
              comma.join(_(CONDUCT_NAMES[x]) for x in c.conduct),
              " ".join([c.note, *(_evidence_shown(e) for e in c.evidence)]).strip(),
              "; ".join(_(b.rule) for b in breaches if b.contact is c)] for c in contacts],
            styles=["red" if id(c) in flagged else "" for c in contacts],
            right=(0,), title=loan.name,
        )  # fmt: skip
    else:
        tell(_("No contacts logged on {name}.").format(name=_literal(loan.name)))
    if breaches:
        steps = complaint_route(jurisdiction, (b.code for b in breaches), loan.lender_kind.value)
        print_lines([_("{count} contact(s) broke the rules. A complaint: debtplan message {name} "
                       "--kind complaint").format(count=len(flagged), name=_quoted(loan.name))],
                    style="bold red")  # fmt: skip
        print_lines(
            [
                _("Where to complain, in order:"),
                *(f"{n}. {_(STEP_NAMES[step])}" for n, step in enumerate(steps, 1)),
            ]
        )


def _evidence_shown(item: Any) -> str:
    """An evidence file in the table: its name and the start of its SHA-256."""
    return f"[{Path(item.path).name} {item.sha256[:12]}…]"


@handles_errors
def uncontact(
    name: Annotated[str, typer.Argument(autocompletion=complete_loan_names)],
    number: Annotated[
        int, typer.Argument(help=N_("The contact's number in `debtplan contact NAME`."))
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask."))] = False,
) -> None:
    """Remove a collector's contact logged by mistake."""

    from debtplan.core.contacts import Channel

    loan, _settings = read_loan(name)
    if not 1 <= number <= len(loan.contacts):
        raise InputError(
            N_("{name!r} has no contact number {number}; see `debtplan contact {name}`"),
            name=loan.name, number=number,
        )  # fmt: skip
    record = loan.contacts[number - 1]
    what = {"channel": _channel_name(Channel(record.channel)), "at": record.at}
    remove_numbered(loan, "contacts", number, _("Remove the {channel} at {at}?").format(**what),
                    N_("the contacts changed meanwhile; list them again"), yes=yes)  # fmt: skip
    tell(_("Removed the {channel} at {at}.").format(**what))


def _literal(text: str) -> str:
    from debtplan.render.text import literal

    return literal(text)


def _quoted(name: str) -> str:
    import shlex

    from debtplan.render.text import literal

    return shlex.quote(literal(name))


def register(app: typer.Typer) -> None:
    app.command()(message)
    app.command()(contact)
    app.command()(uncontact)
