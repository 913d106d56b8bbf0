"""New spending on a revolving line and its statements: charge, charges, uncharge."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

import typer

from debtplan.cli.common import (
    JsonFlag,
    complete_loan_names,
    editing,
    emit_json,
    handles_errors,
    read_loan,
    remove_numbered,
    session,
    tell,
)
from debtplan.core.text import N_, InputError
from debtplan.i18n import _


@handles_errors
def charge(
    name: Annotated[
        str, typer.Argument(help=N_("The card or credit line."), autocompletion=complete_loan_names)
    ],
    amount: Annotated[
        str | None, typer.Argument(help=N_("Amount spent or drawn, e.g. 320.50 or ¥1,000."))
    ] = None,
    statement: Annotated[
        str | None,
        typer.Option(
            "--statement",
            metavar="BALANCE",
            help=N_("Instead of an amount: the balance the statement gives on --date."),
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help=N_("[default: today]"))
    ] = None,
    note: Annotated[str | None, typer.Option(help=N_("e.g. what was bought."))] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record new spending or a new draw on a card or credit line, or its statement balance."""
    from debtplan.core.fields import parse_date, parse_money, parse_positive_money, parse_text
    from debtplan.core.from_document import validate_loan_dict
    from debtplan.core.ledger import loan_state
    from debtplan.core.model import Charge, Method, Statement
    from debtplan.core.to_document import loan_to_dict

    if (amount is None) == (statement is None):
        raise InputError(N_("give an amount spent, or --statement BALANCE, not both"))
    today = session().today
    day = parse_date(on) if on else today
    if day > today:
        raise InputError(
            N_("{date} is after today ({today}); record a charge once it is made"),
            date=day, today=today,
        )  # fmt: skip
    text = parse_text(note or "")
    with editing() as edit:
        loan = edit.book.loan_named(name)
        if loan.method is not Method.REVOLVING:
            raise InputError(
                N_("{name!r} is not a revolving line (its method is {method}): only a card or "
                   "a credit line (花呗, 借呗) takes charges. Record new borrowing with "
                   "`debtplan add`"),
                name=loan.name, method=loan.method.value,
            )  # fmt: skip
        if day < loan.start:
            raise InputError(
                N_("{date} is before the card's start date ({start}); its balance on the "
                   "start date already holds it"), date=day, start=loan.start,
            )  # fmt: skip
        if statement is not None:
            entry = Statement(day, parse_money(statement), text)
            kept = tuple(s for s in loan.statements if s.on != day)  # one statement a day
            updated = replace(loan, statements=tuple(sorted((*kept, entry), key=lambda s: s.on)))
        else:
            made = Charge(day, parse_positive_money(amount), text)
            updated = replace(loan, charges=tuple(sorted((*loan.charges, made),
                                                         key=lambda c: c.on)))  # fmt: skip
        validate_loan_dict(loan_to_dict(updated))  # the saved form must load back
        # Computed before saving: if the card cannot be scheduled, nothing is written.
        state = loan_state(updated, today)
        edit.book = edit.book.replace_loan(loan, updated)
    upcoming = state.next_due
    result: dict[str, Any] = {
        "loan": updated.name, "date": day, "currency": updated.currency,
        "amount": None if statement is not None else made.amount,
        "statement": entry.balance if statement is not None else None,
        "balance": state.balance, "total_due": state.total_due,
        "next_due_date": upcoming.due_date if upcoming else None,
        "next_due_amount": upcoming.total_owed if upcoming else None,
    }  # fmt: skip
    if as_json:
        emit_json(result)
        return
    from debtplan.render.text import grouped, literal

    if statement is not None:
        tell(_("Set the balance of {name} on {date} to {amount} {cur}, as its statement says.")
             .format(name=literal(updated.name), date=day, amount=grouped(entry.balance),
                     cur=updated.currency))  # fmt: skip
    else:
        tell(_("Recorded {amount} {cur} charged on {date} to {name}.").format(
            amount=grouped(made.amount), cur=updated.currency, date=day,
            name=literal(updated.name)))  # fmt: skip
    tell(_("Balance now: {balance}.").format(balance=grouped(state.balance)))
    if upcoming:
        tell(_("Next: {amount} on {date}.").format(
            amount=grouped(upcoming.total_owed), date=upcoming.due_date))  # fmt: skip


@handles_errors
def charges(
    name: Annotated[str, typer.Argument(autocompletion=complete_loan_names)],
    as_json: JsonFlag = False,
) -> None:
    """List the charges and statements recorded on a card, numbered for `uncharge`."""
    loan, _settings = read_loan(name)
    items: list[dict[str, Any]] = [
        {"number": n, "date": c.on, "amount": c.amount, "note": c.note}
        for n, c in enumerate(loan.charges, start=1)
    ]
    stated: list[dict[str, Any]] = [
        {"number": n, "date": s.on, "balance": s.balance, "note": s.note}
        for n, s in enumerate(loan.statements, start=1)
    ]
    if as_json:
        emit_json({"loan": loan.name, "currency": loan.currency, "charges": items,
                   "statements": stated})  # fmt: skip
        return
    from debtplan.render.tables import print_table
    from debtplan.render.text import grouped, literal

    if not items and not stated:
        tell(_("No charges or statements recorded on {name}.").format(name=literal(loan.name)))
        return
    if items:
        print_table(
            ["#", _("Date"), _("Amount"), _("Note")],
            [[str(i["number"]), i["date"].isoformat(), grouped(i["amount"]), i["note"]]
             for i in items],
            right=(0, 2), title=_("{name}: charges").format(name=loan.name),
        )  # fmt: skip
    if stated:
        print_table(
            ["#", _("Date"), _("Balance"), _("Note")],
            [[str(i["number"]), i["date"].isoformat(), grouped(i["balance"]), i["note"]]
             for i in stated],
            right=(0, 2), title=_("{name}: statements").format(name=loan.name),
        )  # fmt: skip


@handles_errors
def uncharge(
    name: Annotated[str, typer.Argument(autocompletion=complete_loan_names)],
    number: Annotated[int, typer.Argument(help=N_("The charge's number in `debtplan charges`."))],
    statement: Annotated[
        bool,
        typer.Option("--statement", help=N_("Remove statement NUMBER instead of a charge.")),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask."))] = False,
) -> None:
    """Remove a charge or a statement recorded by mistake."""
    from debtplan.render.text import grouped

    loan, _settings = read_loan(name)
    entries: tuple[Any, ...] = loan.statements if statement else loan.charges
    if not 1 <= number <= len(entries):
        raise InputError(
            N_("{name!r} has no statement number {number}; see `debtplan charges {name}`")
            if statement else
            N_("{name!r} has no charge number {number}; see `debtplan charges {name}`"),
            name=loan.name, number=number,
        )  # fmt: skip
    entry = entries[number - 1]
    amount = grouped(entry.balance if statement else entry.amount)
    question = (_("Remove the statement of {amount} on {date}?") if statement
                else _("Remove the charge of {amount} on {date}?"))  # fmt: skip
    remove_numbered(loan, "statements" if statement else "charges", number,
                    question.format(amount=amount, date=entry.on),
                    N_("the charges changed meanwhile; list them again"), yes=yes)  # fmt: skip
    done = (_("Removed the statement of {amount} on {date}.") if statement
            else _("Removed the charge of {amount} on {date}."))  # fmt: skip
    tell(done.format(amount=amount, date=entry.on))


def register(app: typer.Typer) -> None:
    app.command()(charge)
    app.command()(charges)
    app.command()(uncharge)
