"""What `debtplan triage` prints: the `triage --json` document and its text for people."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from debtplan.core.collection import STAGE_NAMES
from debtplan.core.penalty import Stage
from debtplan.core.triage import STAGE, Threshold, reason
from debtplan.i18n import _

if TYPE_CHECKING:
    from debtplan.usecases.triage import TriageReport


def _line(line: Threshold | None) -> dict[str, Any] | None:
    if line is None:
        return None
    return {"kind": line.kind, "name": line.name, "days_overdue": line.days,
            "in_days": line.in_days, "date": line.on}  # fmt: skip


def triage_document(report: TriageReport) -> dict[str, Any]:
    """The `triage --json` document (README "JSON output"); ``why`` and ``message`` in
    the interface language and as a command line."""
    from debtplan.render.text import literal
    from debtplan.usecases.triage import letter_for

    result = report.result
    pay = []
    for choice in result.choices:
        msgid, params = reason(choice)
        if choice.avoids is not None and choice.avoids.kind == STAGE:
            params["name"] = _(STAGE_NAMES[Stage(choice.avoids.name)])
        pay.append({"loan": choice.loan.name, "number": choice.number,
                    "amount": choice.amount, "whole": choice.whole,
                    "avoids": _line(choice.avoids), "daily_growth": choice.growth,
                    "why": _(msgid).format(**params)})  # fmt: skip
    left = []
    for item in result.left:
        kind = letter_for(item)
        left.append({"loan": item.loan.name, "amount": item.amount,
                     "daily_cost": item.daily_cost, "days_overdue": item.days_overdue,
                     "next": _line(item.next), "letter": kind,
                     "message": f"debtplan message {shlex.quote(literal(item.loan.name))} "
                                f"--kind {kind}"})  # fmt: skip
    return {"as_of": result.as_of, "cash": result.cash, "currency": report.currency,
            "pay": pay, "left": left, "unused": result.unused}  # fmt: skip


def print_triage(document: dict[str, Any]) -> None:
    """The split for people: what to pay and why, what stays due and what a day of it
    costs, and the message to send about it."""
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped, literal

    cur = document["currency"]
    print_lines([_("Cash today ({date}): {cash} {cur}").format(
        date=document["as_of"].isoformat(), cash=grouped(document["cash"]), cur=cur)],
        style="bold")  # fmt: skip
    if document["pay"]:
        rows = [[literal(p["loan"]), str(p["number"]), grouped(p["amount"]),
                 _("the whole installment") if p["whole"] else _("part of it"), p["why"]]
                for p in document["pay"]]  # fmt: skip
        print_table([_("Loan"), "#", _("Pay"), _("Covers"), _("Why")], rows,
                    right=(1, 2), title=_("Pay today"))  # fmt: skip
    else:
        print_lines([_("Nothing to pay with this cash: no installment is due, or none fits.")])
    if document["left"]:
        rows = [[literal(item["loan"]), grouped(item["amount"]), grouped(item["daily_cost"]),
                 str(item["days_overdue"]), item["message"]]
                for item in document["left"]]  # fmt: skip
        print_lines([""])
        print_table([_("Loan"), _("Still due"), _("Each day adds"), _("Days overdue"),
                     _("Write to the lender")], rows, right=(1, 2, 3),
                    title=_("Left unpaid"))  # fmt: skip
    if document["unused"] > 0:
        print_lines([_("Not needed today: {amount} {cur}").format(
            amount=grouped(document["unused"]), cur=cur)])  # fmt: skip
