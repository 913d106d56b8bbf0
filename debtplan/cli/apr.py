"""`debtplan apr`: the real APR of a loan known only by its terms, no book needed.

"Borrow 10,000, repay 908.33 a month for 12 months": what does it really cost a year,
against what the lender advertises and the legal lines? This command never reads the
loan file (docs/conventions.md#the-one-line-apr-check).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from debtplan.cli.common import emit_json, handles_errors, session
from debtplan.core.text import N_, InputError
from debtplan.i18n import _

T = TypeVar("T")


class OptionError(InputError):
    """A value of one option cannot be understood: the option, then why."""

    def __init__(self, option: str, error: InputError) -> None:
        super().__init__(N_("{option}: {message}"), option=option, message=str(error))
        self.option, self.error = option, error

    def translated(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.msgid).format(option=self.option,
                                          message=self.error.translated(gettext))  # fmt: skip


def _one(option: str, parse: Callable[[Any], T], value: str) -> T:
    try:
        return parse(value)
    except InputError as error:
        raise OptionError(option, error) from None


def _parsed(option: str, parse: Callable[[Any], T], value: str | None) -> T | None:
    return None if value is None else _one(option, parse, value)


@handles_errors
def apr(
    principal: Annotated[str, typer.Option(metavar="AMOUNT", help=N_("The amount borrowed."))],
    term: Annotated[str, typer.Option(metavar="N", help=N_("The number of installments."))],
    installment: Annotated[
        str | None, typer.Option(metavar="AMOUNT", help=N_("Each installment."))
    ] = None,
    total: Annotated[
        str | None,
        typer.Option(metavar="AMOUNT", help=N_("All that is repaid, instead of --installment.")),
    ] = None,
    upfront_fee: Annotated[
        str | None,
        typer.Option(metavar="AMOUNT", help=N_("A fee taken from the money lent.")),
    ] = None,
    fee_rate: Annotated[
        str | None,
        typer.Option(
            metavar="RATE",
            help=N_("A fee on the original principal each period, e.g. 0.75%/month."),
        ),
    ] = None,
    frequency: Annotated[
        str, typer.Option(metavar="FREQ", help=N_("monthly, biweekly or weekly."))
    ] = "monthly",
    advertised: Annotated[
        str | None,
        typer.Option(metavar="RATE", help=N_("The rate the lender advertises, e.g. 0.75%/month.")),
    ] = None,
    jurisdiction: Annotated[
        str, typer.Option(metavar="cn|us", help=N_("Whose legal lines apply."))
    ] = "cn",
    lender_type: Annotated[
        str | None,
        typer.Option(metavar="TYPE", help=N_("bank, card, consumer-finance, online or private.")),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
) -> None:
    """The real APR of a loan from its terms alone: no loan file needed."""
    from debtplan.core import fields
    from debtplan.core.money import ZERO
    from debtplan.core.quote import quoted_cost
    from debtplan.render.apr import quote_document

    if installment is not None and total is not None:
        raise InputError(N_("pass either --installment or --total, not both"))
    if installment is None and total is None and fee_rate is None:
        raise InputError(
            N_("say what is repaid: pass --installment AMOUNT, --total AMOUNT or --fee-rate RATE")
        )
    where = _one("--jurisdiction", fields.parse_jurisdiction, jurisdiction)
    often = _one("--frequency", fields.parse_frequency, frequency)
    quote = quoted_cost(
        principal=_one("--principal", fields.parse_positive_money, principal),
        term=_one("--term", fields.parse_term, term),
        on=session().today,
        periods_per_year=often.periods_per_year,
        installment=_parsed("--installment", fields.parse_positive_money, installment),
        total=_parsed("--total", fields.parse_positive_money, total),
        fee_rate=_parsed("--fee-rate", fields.parse_monthly_rate, fee_rate),
        upfront_fee=_parsed("--upfront-fee", fields.parse_money, upfront_fee) or ZERO,
        advertised=_parsed("--advertised", fields.parse_any_rate, advertised),
        jurisdiction=where,
        lender=_parsed("--lender-type", fields.parse_lender_type, lender_type),
    )
    document = quote_document(quote, frequency=often.value, jurisdiction=where,
                              advertised_as_stated=advertised or fee_rate)  # fmt: skip
    if as_json:
        emit_json(document)
    else:
        print_quote(document)


def print_quote(document: dict[str, Any]) -> None:
    """The quote for people: the loan in one line, the real APR, the advertised rate
    made yearly, the legal lines and a warning for each one crossed."""
    from debtplan.cli.views import measured_against
    from debtplan.core.apr import FLAG_NAMES
    from debtplan.core.money import cents
    from debtplan.render.apr import LOAN_LINES
    from debtplan.render.names import lender_type_name
    from debtplan.render.tables import print_lines
    from debtplan.render.text import grouped

    def pct(value: Any) -> str:
        return f"{cents(value)}%"

    if document["installment"] == document["last_installment"]:
        each = grouped(document["installment"])
    else:
        first, last = document["installment"], document["last_installment"]
        each = _("{each} (the last {last})").format(each=grouped(first), last=grouped(last))
    lines = [
        _(LOAN_LINES[document["frequency"]]).format(
            principal=grouped(document["principal"]), received=grouped(document["received"]),
            term=document["term"], each=each, total=grouped(document["total_repaid"])),
        _("Real APR (nominal): {rate} a year").format(rate=pct(document["nominal_apr"])),
        _("Real APR (effective): {rate} a year").format(rate=pct(document["effective_apr"])),
    ]  # fmt: skip
    if "advertised_apr" in document:
        lines.append(_("Advertised: {stated}, which is {yearly} a year").format(
            stated=document["advertised_as_stated"],
            yearly=pct(document["advertised_apr"])))  # fmt: skip
    if "times_advertised" in document:
        lines.append(_("The real cost is {times} times the advertised rate.").format(
            times=document["times_advertised"]))  # fmt: skip
    lines += [
        _("Lender type: {kind}").format(kind=lender_type_name(document["lender_type"])),
        _("Measured against: {lines}").format(lines=measured_against(document)),
    ]
    print_lines(lines)
    if document["flags"]:
        print_lines([_("Warning: the real cost is {what}.").format(what=_(FLAG_NAMES[f]))
                     for f in document["flags"]], style="bold red")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(apr)
