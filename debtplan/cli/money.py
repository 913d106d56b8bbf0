"""Money in and out of a loan: pay, payments, unpay, schedule."""

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
    say,
    session,
    tell,
)
from debtplan.core.text import N_, InputError
from debtplan.i18n import _


@handles_errors
def pay(
    name: Annotated[
        str, typer.Argument(help=N_("The loan paid."), autocompletion=complete_loan_names)
    ],
    amount: Annotated[str, typer.Argument(help=N_("Amount paid, e.g. 888.49 or ¥1,000."))],
    on: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help=N_("When it was paid, YYYY-MM-DD [default: today].")
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help=N_("e.g. a transfer reference."))] = None,
    prepay: Annotated[
        str,
        typer.Option(
            help=N_("Money beyond what is due: shorten (the term) or reduce (the installment).")
        ),
    ] = "shorten",
    as_json: JsonFlag = False,
) -> None:
    """Record a payment: it clears what is due, oldest first; the rest prepays principal."""
    from debtplan.core.fields import parse_date, parse_positive_money, parse_text
    from debtplan.core.from_document import validate_loan_dict
    from debtplan.core.ledger import loan_state
    from debtplan.core.model import Payment, Prepay
    from debtplan.core.to_document import loan_to_dict

    today = session().today
    paid_on = parse_date(on) if on else today
    value = parse_positive_money(amount)
    mode = Prepay(prepay) if prepay in ("shorten", "reduce") else None
    if mode is None:
        raise InputError(N_("--prepay must be shorten or reduce, not {value!r}"), value=prepay)
    if paid_on > today:
        raise InputError(
            N_("{date} is after today ({today}); record a payment once it is made"),
            date=paid_on, today=today,
        )  # fmt: skip
    with editing() as edit:
        loan = edit.book.loan_named(name)
        if paid_on < loan.start:
            raise InputError(
                N_("{date} is before the loan started ({start})"), date=paid_on, start=loan.start
            )
        payment = Payment(paid_on, value, parse_text(note or ""), mode)
        updated = replace(
            loan, payments=tuple(sorted((*loan.payments, payment), key=lambda p: p.on))
        )
        validate_loan_dict(loan_to_dict(updated))  # the saved form must load back
        # Computed before saving: if the ledger cannot take the payment, nothing is written.
        state = loan_state(updated, today)
        edit.book = edit.book.replace_loan(loan, updated)
    upcoming = state.next_due
    result = {
        "loan": updated.name, "date": paid_on, "amount": value, "currency": updated.currency,
        "total_due": state.total_due, "balance": state.balance, "overpaid": state.overpaid,
        "next_due_date": upcoming.due_date if upcoming else None,
        "next_due_amount": upcoming.total_owed if upcoming else None,
    }  # fmt: skip
    if as_json:
        emit_json(result)
        return
    from debtplan.render.text import grouped, literal

    tell(
        _("Recorded {amount} {cur} paid on {date} to {name}.").format(
            amount=grouped(value), cur=updated.currency, date=paid_on, name=literal(updated.name)
        )
    )
    tell(_("Still due now: {due}; principal left: {balance}.").format(
        due=grouped(state.total_due), balance=grouped(state.balance)))  # fmt: skip
    if upcoming:
        tell(_("Next: {amount} on {date}.").format(
            amount=grouped(upcoming.total_owed), date=upcoming.due_date))  # fmt: skip
    if state.overpaid:
        tell(_("Paid {amount} more than the loan owes: ask the lender for it back.").format(
            amount=grouped(state.overpaid)))  # fmt: skip


@handles_errors
def payments(
    name: Annotated[str, typer.Argument(autocompletion=complete_loan_names)],
    as_json: JsonFlag = False,
) -> None:
    """List the payments recorded on a loan, numbered for `unpay`."""
    loan, _settings = read_loan(name)
    items: list[dict[str, Any]] = [
        {"number": n, "date": p.on, "amount": p.amount, "note": p.note, "prepay": p.prepay.value}
        for n, p in enumerate(loan.payments, start=1)
    ]
    if as_json:
        emit_json({"loan": loan.name, "currency": loan.currency, "payments": items})
        return
    if not items:
        tell(_("No payments recorded on {name}.").format(name=_literal(loan.name)))
        return
    from debtplan.render.tables import print_table
    from debtplan.render.text import grouped

    print_table(
        ["#", _("Date"), _("Amount"), _("Note")],
        [[str(i["number"]), i["date"].isoformat(), grouped(i["amount"]), i["note"]] for i in items],
        right=(0, 2), title=loan.name,
    )  # fmt: skip


@handles_errors
def unpay(
    name: Annotated[str, typer.Argument(autocompletion=complete_loan_names)],
    number: Annotated[int, typer.Argument(help=N_("The payment's number in `debtplan payments`."))],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask."))] = False,
) -> None:
    """Remove a payment recorded by mistake."""
    from debtplan.render.text import grouped

    loan, _settings = read_loan(name)
    if not 1 <= number <= len(loan.payments):
        raise InputError(
            N_("{name!r} has no payment number {number}; see `debtplan payments {name}`"),
            name=loan.name, number=number,
        )  # fmt: skip
    payment = loan.payments[number - 1]
    question = _("Remove the payment of {amount} on {date}?").format(
        amount=grouped(payment.amount), date=payment.on)  # fmt: skip
    remove_numbered(loan, "payments", number, question,
                    N_("the payments changed meanwhile; list them again"), yes=yes)  # fmt: skip
    tell(_("Removed the payment of {amount} on {date}.").format(
        amount=grouped(payment.amount), date=payment.on))  # fmt: skip


@handles_errors
def schedule(
    name: Annotated[str, typer.Argument(autocompletion=complete_loan_names)],
    as_json: JsonFlag = False,
    as_csv: Annotated[bool, typer.Option("--csv", help=N_("Print CSV."))] = False,
) -> None:
    """Every installment: due date, payment, principal, interest, balance, status."""
    from debtplan.core.ledger import loan_state

    loan, _settings = read_loan(name)
    state = loan_state(loan, session().today)
    rows: list[dict[str, Any]] = [
        {"number": i.number, "due_date": i.due_date, "payment": i.payment,
         "principal": i.principal, "interest": i.interest, "balance": i.balance,
         "status": i.status.value, "paid": i.total_paid, "penalty": i.penalty,
         "late_fee": i.late_fee}
        for i in state.installments
    ]  # fmt: skip
    prepayments: list[dict[str, Any]] = [
        {"date": p.on, "amount": p.amount, "principal": p.principal, "interest": p.interest,
         "fee": p.fee, "balance": p.balance, "prepay": p.prepay.value}
        for p in state.prepayments
    ]  # fmt: skip
    # Totals: the installments and the money prepaid (principal, its interest, fees).
    total_payment = sum((i.payment for i in state.installments), start=_zero()) + sum(
        (p.amount for p in state.prepayments), start=_zero()
    )
    total_interest = (
        sum((i.interest for i in state.installments), start=_zero()) + state.prepaid_interest
    )
    if as_json:
        emit_json({"loan": loan.name, "currency": loan.currency, "as_of": state.as_of,
                   "installments": rows, "prepayments": prepayments,
                   "total_payment": total_payment, "total_interest": total_interest,
                   "prepaid": state.prepaid, "prepaid_interest": state.prepaid_interest,
                   "prepay_fees": state.prepay_fees})  # fmt: skip
        return
    if as_csv:
        _print_csv(rows)
        return
    from debtplan.render.tables import print_table
    from debtplan.render.text import grouped

    # Each prepayment is a row on its day, so every row shows the principal really owed.
    table: list[tuple[Any, list[str], str]] = [
        (r["due_date"], [str(r["number"]), r["due_date"].isoformat(), grouped(r["payment"]),
                         grouped(r["principal"]), grouped(r["interest"]), grouped(r["balance"]),
                         _status_cell(r)],
         {"overdue": "red", "due": "yellow", "paid": "dim"}.get(r["status"], ""))
        for r in rows
    ]  # fmt: skip
    for p in prepayments:
        label = _("prepaid") if not p["fee"] else _("prepaid, fee {fee}").format(
            fee=grouped(p["fee"]))  # fmt: skip
        # A prepayment on a due date comes after that day's installment (sort is stable).
        table.append((p["date"], ["", p["date"].isoformat(), grouped(p["amount"]),
                                  grouped(p["principal"]), grouped(p["interest"]),
                                  grouped(p["balance"]), label], "cyan"))  # fmt: skip
    table.sort(key=lambda row: (row[0], row[1][0] == ""))
    print_table(
        ["#", _("Due date"), _("Payment"), _("Principal"), _("Interest"), _("Balance"),
         _("Status")],
        [cells for _day, cells, _style in table],
        right=(0, 2, 3, 4, 5), styles=[style for _day, _cells, style in table], drop=(3,),
        title=f"{loan.name} ({loan.currency})",
        footer=["", _("Total"), grouped(total_payment), "", grouped(total_interest), "", ""],
    )  # fmt: skip


def _status_cell(row: dict[str, Any]) -> str:
    """An installment's status, with the penalty and late fee it has run up when late."""
    from debtplan.render.names import status_name
    from debtplan.render.text import grouped

    status = status_name(row["status"])
    extras = []
    if row["penalty"]:
        extras.append(_("penalty {amount}").format(amount=grouped(row["penalty"])))
    if row["late_fee"]:
        extras.append(_("late fee {amount}").format(amount=grouped(row["late_fee"])))
    if not extras:
        return status
    return _("{status}: {charges}").format(status=status, charges=_(", ").join(extras))


def _zero() -> Any:
    from debtplan.core.money import ZERO

    return ZERO


def _literal(text: str) -> str:
    from debtplan.render.text import literal

    return literal(text)


def _print_csv(rows: list[dict[str, Any]]) -> None:
    import csv
    import sys

    from debtplan.render.formats import jsonable

    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["number"])
    writer.writeheader()
    for row in rows:
        writer.writerow(jsonable(row))


def register(app: typer.Typer) -> None:
    app.command()(pay)
    app.command()(payments)
    app.command()(unpay)
    app.command()(schedule)


__all__ = ["register", "say"]
