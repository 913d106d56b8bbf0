"""What `debtplan progress` prints: the `progress --json` document, and for people a table
per currency, where the saved plan stands, the milestones and a chart of the actual
balance beside the plan's."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from debtplan.core.text import N_
from debtplan.i18n import _

if TYPE_CHECKING:
    from debtplan.core.progress import CurrencyProgress, Milestone, MonthPoint, Progress

MILESTONE_NAMES = {
    "first_loan": N_("the first loan paid off"),
    "half": N_("half of what you borrowed repaid"),
    "loan": N_("{loan} paid off"),
    "all": N_("every loan paid off: debt-free"),
}


def _milestone(item: Milestone | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"kind": item.kind, "loan": item.loan, "reached_on": item.reached_on,
            "expected_on": item.expected_on}  # fmt: skip


def _currency(found: CurrencyProgress) -> dict[str, Any]:
    problem = found.plan_problem
    return {
        "currency": found.currency,
        "borrowed": found.borrowed,
        "repaid": found.repaid,
        "paid_percent": found.paid_percent,
        "balance": found.balance,
        "interest_paid": found.interest_paid,
        "planned_balance": found.planned_balance,
        "months_passed": found.months_passed,
        "month_reached": found.month_reached,
        "months_ahead": found.months_ahead,
        "interest_expected": found.interest_expected,
        "expected_debt_free_date": found.expected_debt_free,
        "plan_problem": problem.translated(_) if problem else None,
        "loans": [
            {
                "name": p.name,
                "borrowed": p.borrowed,
                "repaid": p.repaid,
                "paid_percent": p.paid_percent,
                "balance": p.balance,
                "interest_paid": p.interest_paid,
                "paid_off_on": p.paid_off_on,
                "in_plan": p.in_plan,
            }
            for p in found.loans
        ],  # fmt: skip
        "milestones": [_milestone(m) for m in found.milestones],
        "next_milestone": _milestone(found.next_milestone),
        "months": [
            {"month": p.month, "date": p.on, "planned": p.planned, "actual": p.actual}
            for p in found.points
        ],  # fmt: skip
    }


def progress_document(progress: Progress) -> dict[str, Any]:
    """The `progress --json` document (README "JSON output"). ``paid_percent`` at the top
    is the whole book's when it is in one currency (null with several: see each)."""
    saved = progress.saved
    currencies = [_currency(c) for c in progress.currencies]
    return {
        "as_of": progress.as_of,
        "saved_plan": {
            "strategy": saved.strategy,
            "as_of": saved.as_of,
            "budget": dict(saved.budget),
        }
        if saved
        else None,  # fmt: skip
        "paid_percent": currencies[0]["paid_percent"] if len(currencies) == 1 else None,
        "currencies": currencies,
    }


def milestone_text(item: Milestone) -> str:
    from debtplan.render.text import literal

    return _(MILESTONE_NAMES[item.kind]).format(loan=literal(item.loan or ""))


def progress_chart(points: Sequence[MonthPoint], *, ascii_only: bool, rows: int = 8,
                   most_months: int = 20) -> list[str]:  # fmt: skip
    """The actual balance (solid) beside the plan's target (shaded), two columns a month,
    heights in eighths of a row as in :func:`debtplan.render.charts.balance_chart`; months
    beyond ``most_months`` are sampled evenly (first and last kept). No points, or nothing
    above 0: no lines."""
    from debtplan.render.charts import EIGHTHS, bar_heights, columns_for
    from debtplan.render.text import grouped, pad, width

    shown = [points[i] for i in columns_for(len(points), most_months)]
    values = [p.planned for p in shown] + [p.actual or Decimal(0) for p in shown]
    if not shown or max(values) <= 0:
        return []
    heights = bar_heights(values, rows)
    planned, actual = heights[: len(shown)], heights[len(shown) :]
    top = max(values)
    labels = {rows - 1: grouped(top), (rows - 1) // 2: grouped(top / 2)}
    label_width = max(width(grouped(top)), width("0.00"))
    solid, shade, mark, bar = ("#", ":", "+", "|") if ascii_only else ("█", "░", "┤", "│")
    lines = []
    for row in range(rows - 1, -1, -1):
        bottom = row * 8
        cells = []
        for point, done, plan in zip(shown, actual, planned, strict=True):
            filled = done - bottom
            if point.actual is None or filled <= 0:
                cells.append(" ")
            elif filled >= 8:
                cells.append(solid)
            else:
                cells.append(("#" if filled >= 4 else ".") if ascii_only else EIGHTHS[filled])
            cells.append(shade if plan - bottom >= 4 else " ")
            cells.append(" ")
        label = labels.get(row, "")
        lines.append(f"{pad(label, label_width, right=True)} {mark if label else bar}"
                     f"{''.join(cells)}".rstrip())  # fmt: skip
    span = len(shown) * 3
    axis, rule = ("+", "-") if ascii_only else ("└", "─")
    lines.append(f"{pad('0.00', label_width, right=True)} {axis}{rule * span}")
    first, last = f"{shown[0].on:%Y-%m}", f"{shown[-1].on:%Y-%m}"
    gap = " " * max(1, span + 1 - len(first) - len(last))
    lines.append(" " * (label_width + 1) + (first + gap + last if len(shown) > 1 else first))
    lines.append(" " * (label_width + 2) + _("{solid} what you owed   {shade} the plan").format(
        solid=solid, shade=shade))  # fmt: skip
    return lines


def _where(found: CurrencyProgress) -> str:
    from debtplan.render.text import grouped

    assert found.months_ahead is not None and found.planned_balance is not None
    assert found.balance_in_plan is not None
    owe = _("Month {month} of the plan expects {planned} {cur} owed; you owe {actual} {cur}: "
            ).format(month=found.months_passed, planned=grouped(found.planned_balance),
                     actual=grouped(found.balance_in_plan), cur=found.currency)  # fmt: skip
    if found.months_ahead > 0:
        return owe + _("{months} month(s) ahead.").format(months=found.months_ahead)
    if found.months_ahead < 0:
        return owe + _("{months} month(s) behind.").format(months=-found.months_ahead)
    return owe + _("on track.")


def print_progress(progress: Progress) -> None:
    """For people: per currency, the loans, where the plan stands, the milestones, the
    chart (plain ``#`` and ``:`` when stdout is not a terminal)."""
    from debtplan.render.charts import can_draw_blocks
    from debtplan.render.plan import STRATEGY_NAMES
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped, iso

    saved = progress.saved
    if not progress.currencies:
        print_lines([_("No loan yet: add one with debtplan add.")])
    for number, found in enumerate(progress.currencies):
        cur = found.currency
        if number:
            print_lines([""])
        print_table(
            [_("Loan"), _("Borrowed"), _("Repaid"), _("Share repaid"), _("Owed now"),
             _("Interest paid"), _("Paid off on")],
            [[p.name, grouped(p.borrowed), grouped(p.repaid), f"{p.paid_percent}%",
              grouped(p.balance), grouped(p.interest_paid), iso(p.paid_off_on)]
             for p in found.loans],
            right=(1, 2, 3, 4, 5),
            title=_("Progress in {currency} on {date}").format(currency=cur,
                                                               date=progress.as_of),
            footer=[_("Total"), grouped(found.borrowed), grouped(found.repaid),
                    f"{found.paid_percent}%", grouped(found.balance),
                    grouped(found.interest_paid), ""],
        )  # fmt: skip
        lines = [_("You have repaid {percent}% of what you borrowed: {repaid} of {borrowed} "
                   "{cur}.").format(percent=found.paid_percent, repaid=grouped(found.repaid),
                                    borrowed=grouped(found.borrowed), cur=cur)]  # fmt: skip
        lines.append(_("Interest paid so far: {amount} {cur}.").format(
            amount=grouped(found.interest_paid), cur=cur))  # fmt: skip
        if saved is not None and found.months_ahead is not None:
            lines.insert(0, _("Saved plan: {strategy}, {budget} {cur} a month from {date}.").format(
                strategy=_(STRATEGY_NAMES[saved.strategy]),
                budget=grouped(saved.budget.get(cur, Decimal(0))), cur=cur,
                date=saved.as_of))  # fmt: skip
            lines.append(_where(found))
            if found.interest_expected is not None:
                lines.append(_("Keeping to the plan from today: {amount} {cur} more interest"
                               "{until}.").format(
                    amount=grouped(found.interest_expected), cur=cur,
                    until=_(", debt-free on {date}").format(date=found.expected_debt_free)
                    if found.expected_debt_free else ""))  # fmt: skip
            elif found.plan_problem is not None:
                lines.append(_("The plan cannot be kept from today: {reason}").format(
                    reason=found.plan_problem.translated(_)))  # fmt: skip
        for item in found.milestones:
            lines.append(_("Reached on {date}: {milestone}.").format(
                date=item.reached_on, milestone=milestone_text(item)))  # fmt: skip
        upcoming = found.next_milestone
        if upcoming is not None:
            if upcoming.expected_on is not None:
                lines.append(_("Next: {milestone}, by the plan on {date}.").format(
                    milestone=milestone_text(upcoming), date=upcoming.expected_on))  # fmt: skip
            else:
                lines.append(_("Next: {milestone}.").format(milestone=milestone_text(upcoming)))
        print_lines(lines)
        if found.points:
            ascii_only = not sys.stdout.isatty() or not can_draw_blocks(sys.stdout.encoding)
            chart = progress_chart(found.points, ascii_only=ascii_only)
            if chart:
                print_lines([_("What you owed beside the plan ({currency}):").format(
                    currency=cur)])  # fmt: skip
                print_lines(chart)
    if saved is None and progress.currencies:
        print_lines([_("No saved plan: save one with debtplan plan --save (and --budget AMOUNT "
                       "if none is stored) to see whether you are on track.")])  # fmt: skip
