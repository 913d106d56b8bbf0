"""`plan --replace`: carry on against replace (:class:`~debtplan.usecases.replacing.Replacement`)
as a table with a one-line verdict, or one JSON document.

The verdict, from the replace side's point of view: it saves money (and months, or takes
longer); it costs more but frees money each month; it costs more over its months.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from debtplan.i18n import _

if TYPE_CHECKING:
    from debtplan.core.planner import Plan
    from debtplan.usecases.replacing import Replacement, Way


def names_text(names: tuple[str, ...]) -> str:
    """``A``, ``A and B``, ``A, B and C`` in the person's language."""
    if len(names) == 1:
        return names[0]
    return _("{names} and {last}").format(names=_(", ").join(names[:-1]), last=names[-1])


def verdict(found: Replacement) -> str | None:
    """The one line that says which way is better (None when a way cannot work)."""
    from debtplan.render.text import grouped

    saved, months = found.saved, found.months_saved
    if saved is None or months is None:
        return None
    names = names_text(found.replaced)
    new_months = found.replacing.plan.months if found.replacing.plan else 0
    if saved > 0 or (saved == 0 and months > 0):
        if months > 0:
            text = _("Replacing {names} saves {amount} and {months} months.")
        elif months == 0:
            text = _("Replacing {names} saves {amount}, debt-free the same month.")
        else:
            text = _("Replacing {names} saves {amount} but takes {months} months longer.")
        return text.format(names=names, amount=grouped(saved), months=abs(months))
    if saved == 0 and months == 0:
        return _("Replacing {names} changes nothing: the same cost, the same months.").format(
            names=names
        )
    if found.monthly_freed > 0:
        return _("Replacing {names} frees {monthly} a month but costs {amount} more in "
                 "total.").format(names=names, monthly=grouped(found.monthly_freed),
                                  amount=grouped(-saved))  # fmt: skip
    return _("Replacing {names} costs {amount} more over {months} months.").format(
        names=names, amount=grouped(-saved), months=new_months
    )


def _way_document(way: Way) -> dict[str, Any]:
    from debtplan.core.planner import BudgetTooSmall
    from debtplan.render.plan import plan_document

    plan, problem = way.plan, way.problem
    return {
        "monthly_payment": way.monthly,
        "months": plan.months if plan else None,
        "debt_free_date": plan.debt_free_date if plan else None,
        "interest_and_fees": way.cost,
        "plan": plan_document(plan, detail=False) if plan else None,
        "problem": problem.translated(_) if problem else None,
        "shortfall": problem.shortfall if isinstance(problem, BudgetTooSmall) else None,
    }


def replacement_document(found: Replacement) -> dict[str, Any]:
    """The documented JSON keys of ``plan --replace`` (README, "JSON output")."""
    from debtplan.render.plan import terms_document

    return {
        "replaced": list(found.replaced),
        "currency": found.currency,
        "budget": found.budget,
        "strategy": found.strategy,
        "payoff": found.payoff,
        "received": found.received,
        "cash_left": found.cash_left,
        "loan": terms_document(found.terms),
        "carry_on": _way_document(found.carry_on),
        "replace": _way_document(found.replacing),
        "saved": found.saved,
        "months_saved": found.months_saved,
        "monthly_freed": found.monthly_freed,
        "verdict": verdict(found),
    }


def print_replacement(found: Replacement) -> None:
    """The offer's terms, the two ways side by side, the verdict."""
    from debtplan.core.apr import FLAG_NAMES
    from debtplan.render.plan import STRATEGY_NAMES, _pct
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped

    terms, cur = found.terms, found.currency
    rows = [
        [_("Pays off today"), f"{grouped(found.payoff)} {cur}"],
        [_("Principal"), f"{grouped(terms.principal)} {cur}"],
        [_("Money received"), f"{grouped(found.received)} {cur}"],
    ]
    if found.cash_left:
        rows.append([_("Left in hand"), f"{grouped(found.cash_left)} {cur}"])
    if terms.nominal_apr is not None:
        assert terms.effective_apr is not None
        rows.append([_("Real APR"), _("{nominal} nominal, {effective} effective").format(
            nominal=_pct(terms.nominal_apr), effective=_pct(terms.effective_apr))])  # fmt: skip
    print_table([_("The offer"), terms.name], rows)
    if terms.flags:
        print_lines([_("Warning: the real cost is {what}.").format(what=_(FLAG_NAMES[f]))
                     for f in terms.flags], style="bold red")  # fmt: skip

    def cells(way: Way) -> list[str]:
        plan: Plan | None = way.plan
        if plan is None:
            return [grouped(way.monthly), "", "", ""]
        assert way.cost is not None
        return [grouped(way.monthly), str(plan.months), plan.debt_free_date.isoformat(),
                grouped(way.cost)]  # fmt: skip

    labels = [_("Monthly payment"), _("Months"), _("Debt-free"), _("Interest and fees")]
    pairs = zip(cells(found.carry_on), cells(found.replacing), strict=True)
    print_table(
        ["", _("Carry on"), _("Replace")],
        [[label, *pair] for label, pair in zip(labels, pairs, strict=True)],
        right=(1, 2),
        title=_("{names} in {currency} with {budget} a month ({strategy})").format(
            names=names_text(found.replaced), currency=cur, budget=grouped(found.budget),
            strategy=_(STRATEGY_NAMES[found.strategy])),
    )  # fmt: skip
    lines = []
    for label, way in ((_("Carry on"), found.carry_on), (_("Replace"), found.replacing)):
        if way.problem is not None:
            lines.append(_("{way}: not on this budget: {reason}").format(
                way=label, reason=way.problem.translated(_)))  # fmt: skip
    said = verdict(found)
    print_lines(lines or [said or ""], style="bold red" if lines else "bold")


def show_replacement(found: Replacement, *, as_json: bool) -> int:
    """Print ``found`` as JSON or text; 1 when a way cannot work on the budget."""
    if as_json:
        from debtplan.render.formats import dumps
        from debtplan.render.plan import _say

        _say(dumps(replacement_document(found)))
    else:
        print_replacement(found)
    return 1 if found.carry_on.plan is None or found.replacing.plan is None else 0
