"""`plan` for people and programs: a :class:`~debtplan.usecases.plan.PlanResult` as text
(tables, the balance chart, why a plan cannot work), one JSON document, or CSV.

:func:`show_plan` picks the form and says which exit code the result calls for (1 when
a currency's plan cannot work, or the new loan does not fit the budget). Data goes to
stdout; why a plan fails, with the messages that ask lenders for less, to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from debtplan.core.text import N_, DebtplanError
from debtplan.i18n import _

if TYPE_CHECKING:
    from debtplan.core.model import Method
    from debtplan.core.planner import CannotPayOff, Comparison, Debt, Plan
    from debtplan.usecases.plan import LoanTerms, PlanResult, PlanWithNewLoan

STRATEGY_NAMES = {
    "avalanche": N_("avalanche: highest rate first"),
    "snowball": N_("snowball: smallest balance first"),
    "highest-interest-cost": N_("highest interest cost first"),
    "custom": N_("your order"),
    "minimum": N_("minimum payments only"),
}


def _say(text: str) -> None:
    """A line of data, on stdout (looked up when written: a test runner swaps it)."""
    _line(sys.stdout, text)


def _tell(text: str) -> None:
    """A line for the person, on stderr."""
    _line(sys.stderr, text)


def _line(stream: Any, text: str) -> None:
    stream.write(text if text.endswith("\n") else text + "\n")


# -- documents ----------------------------------------------------------------------------


def plan_document(plan: Plan, *, detail: bool = True) -> dict[str, Any]:
    """A plan as the documented JSON keys (``months_detail`` only with ``detail``)."""
    doc: dict[str, Any] = {
        "strategy": plan.strategy.value,
        "currency": plan.currency,
        "budget": plan.budget,
        "months": plan.months,
        "debt_free_date": plan.debt_free_date,
        "total_interest": plan.total_interest,
        "total_paid": plan.total_paid,
        "payoff": [{"name": p.name, "month": p.period, "date": p.date} for p in plan.payoff],
    }
    if detail:
        # Every month of every debt (600,000 of each for 1,000 debts over 50 years): the
        # names zipped with the amounts' text, made from the plan's cents, not a Mapping
        # lookup and a JSON default-hook call per amount.
        names = tuple(plan.rows[0].payments) if plan.rows else ()
        doc["months_detail"] = [
            {
                "month": row.period,
                "date": row.date,
                "payments": dict(zip(names, row.payments.texts(), strict=True)),
                "interest": dict(zip(names, row.interest.texts(), strict=True)),
                "balances": dict(zip(names, row.balances.texts(), strict=True)),
                "total_paid": row.total_paid,
                "unused": row.unused,
            }
            for row in plan.rows
        ]
    return doc


def comparison_document(comparison: Comparison, budget: Decimal) -> dict[str, Any]:
    """Strategies side by side: ``plans`` (with interest and months saved), ``baseline``."""
    plans = []
    for plan in comparison.plans:
        doc = plan_document(plan, detail=False)
        doc["interest_saved"] = comparison.interest_saved.get(plan.strategy)
        doc["months_saved"] = comparison.months_saved.get(plan.strategy)
        plans.append(doc)
    baseline = comparison.baseline
    problem = comparison.baseline_problem
    return {
        "currency": comparison.plans[0].currency,
        "budget": budget,
        "best": comparison.best.value,
        "plans": plans,
        "baseline": plan_document(baseline, detail=False) if baseline else None,
        "baseline_problem": problem.translated(_) if problem else None,
        "failed": [
            {"strategy": strategy.value, "problem": error.translated(_)}
            for strategy, error in comparison.failed.items()
        ],
    }


def terms_document(terms: LoanTerms) -> dict[str, Any]:
    """A prospective loan's terms as the documented JSON keys (``loan``)."""
    from dataclasses import fields

    doc = {item.name: getattr(terms, item.name) for item in fields(terms)}
    doc["flags"] = list(terms.flags)
    return doc


def prospect_document(prospect: PlanWithNewLoan) -> dict[str, Any]:
    """Before borrowing: the loan's terms, the plan without and with it, the change."""
    from debtplan.core.planner import BudgetTooSmall

    before, after, problem = prospect.before, prospect.after, prospect.problem
    months_before = before.months if before else 0
    interest_before = before.total_interest if before else Decimal(0)
    return {
        "loan": terms_document(prospect.terms),
        "currency": prospect.loan.currency,
        "budget": prospect.budget,
        "affordable": after is not None,
        "before": plan_document(before, detail=False) if before else None,
        "after": plan_document(after, detail=False) if after else None,
        "months_added": after.months - months_before if after else None,
        "interest_added": after.total_interest - interest_before if after else None,
        "problem": problem.translated(_) if problem else None,
        "shortfall": problem.shortfall if isinstance(problem, BudgetTooSmall) else None,
    }


CSV_PLAN_COLUMNS = ("currency", "strategy", "month", "date", "name", "payment", "interest",
                    "balance", "total_paid", "unused")  # fmt: skip
CSV_COMPARE_COLUMNS = ("currency", "strategy", "months", "debt_free_date", "total_interest",
                       "total_paid", "interest_saved", "months_saved")  # fmt: skip


def plan_csv_rows(plan: Plan) -> list[dict[str, Any]]:
    """``months_detail`` flattened: one row per month and debt still in the plan that month
    (paid or owing); ``total_paid`` and ``unused`` are the month's, on each of its rows."""
    rows = []
    for row in plan.rows:
        for name in plan.names:
            if not (row.payments[name] or row.balances[name] or row.interest[name]):
                continue
            rows.append(
                {"currency": plan.currency, "strategy": plan.strategy.value, "month": row.period,
                 "date": row.date, "name": name, "payment": row.payments[name],
                 "interest": row.interest[name], "balance": row.balances[name],
                 "total_paid": row.total_paid, "unused": row.unused}
            )  # fmt: skip
    return rows


def compare_csv_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """One row per strategy, then the baseline (strategy ``minimum``, nothing saved)."""
    plans = [*comparison.plans, *([comparison.baseline] if comparison.baseline else [])]
    return [
        {"currency": plan.currency, "strategy": plan.strategy.value, "months": plan.months,
         "debt_free_date": plan.debt_free_date, "total_interest": plan.total_interest,
         "total_paid": plan.total_paid,
         "interest_saved": comparison.interest_saved.get(plan.strategy, ""),
         "months_saved": comparison.months_saved.get(plan.strategy, "")}
        for plan in plans
    ]  # fmt: skip


def _print_csv(columns: Sequence[str], rows: list[dict[str, Any]]) -> None:
    import csv

    from debtplan.render.formats import jsonable

    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(jsonable(row))


# -- text for people ----------------------------------------------------------------------


def _shown(text: str) -> str:
    from debtplan.render.text import literal

    return literal(text)


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(_shown(name))


def _pct(percent: Decimal) -> str:
    from debtplan.core.money import cents

    return f"{cents(percent)}%"


def _strategy_name(value: str) -> str:
    return _(STRATEGY_NAMES[value])


def _minimum_text(debt: Debt) -> str:
    """How the plan's minimum is figured: ``2,451.92``, ``3.00% (at least 35.00)``,
    ``2,777.78 + interest``, ``1.00% of what is owed + interest (at least 35.00)``."""
    from debtplan.render.text import grouped

    parts = []
    if debt.minimum_percent:
        parts.append(_("{percent} of what is owed").format(percent=_pct(debt.minimum_percent)))
    if debt.minimum_fixed or not parts:
        parts.append(grouped(debt.minimum_fixed))
    text = _(", at least ").join(parts)
    if debt.minimum_plus_interest:
        text = _("{rule} + interest").format(rule=text)
    if debt.minimum_floor:
        text = _("{rule} (at least {floor})").format(rule=text, floor=grouped(debt.minimum_floor))
    return text


def _chart(plan: Plan) -> None:
    from debtplan.render.charts import balance_chart, can_draw_blocks

    points = [(plan.as_of, plan.starting_balance)]
    points += [(row.date, row.total_balance) for row in plan.rows]
    lines = balance_chart(points, ascii_only=not can_draw_blocks(sys.stdout.encoding))
    if lines:
        _say(_("Balance left over time ({currency}):").format(currency=plan.currency))
        for line in lines:
            _say(line)


def print_plan(plan: Plan, debts: Sequence[Debt], methods: Mapping[str, Method], *,
               chart: bool, monthly: bool) -> None:  # fmt: skip
    """The summary, the loans as planned, the payoff order, the chart, the months."""
    from debtplan.core.model import Method
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped

    cur = plan.currency
    first = plan.rows[0]
    flat = [d.name for d in debts if methods[d.name.casefold()] is Method.FLAT]
    one_sum = (Method.LUMP_SUM, Method.INTEREST_ONLY)
    aside = [d.name for d in debts if methods[d.name.casefold()] in one_sum]
    print_table(
        [_("Loan"), _("Balance"), _("Overdue"), _("Rate a year"), _("Minimum a month"),
         _("Month 1 pays")],
        [[d.name, grouped(d.balance), grouped(d.overdue) if d.overdue else "",
          _pct(d.annual_percent) + ("*" if d.name in flat else ""),
          _("{minimum} (set aside)").format(minimum=_minimum_text(d))
          if d.name in aside else _minimum_text(d),
          grouped(first.payments[d.name])] for d in debts],
        right=(1, 2, 3, 5),
        title=_("Payoff plan in {currency} ({strategy}), {budget} a month from {date}").format(
            currency=cur, strategy=_strategy_name(plan.strategy.value),
            budget=grouped(plan.budget), date=plan.as_of),
    )  # fmt: skip
    lines = []
    if flat:
        lines.append(_("* A flat-fee loan: planned at the rate its remaining installments "
                       "really cost (the fee is charged on the original principal)."))  # fmt: skip
    if aside:
        lines.append(_("Set aside: a loan repaid in one sum at its end; the plan pays an even "
                       "share of it each month, so it is paid by its last due date."))  # fmt: skip
    lines.append(_("Debt-free on {date}, after {months} month(s).").format(
        date=plan.debt_free_date, months=plan.months))  # fmt: skip
    lines.append(
        _("Interest: {interest} {currency}. Paid in all: {paid} {currency}.").format(
            interest=grouped(plan.total_interest), paid=grouped(plan.total_paid), currency=cur
        )
    )
    if plan.overdue:
        lines.append(_("Month 1 first clears {amount} {currency} already due or overdue: "
                       "penalties grow every day.").format(amount=grouped(plan.overdue),
                                                           currency=cur))  # fmt: skip
    if plan.rows[-1].unused:
        lines.append(_("The last month leaves {amount} {currency} of the budget unused.").format(
            amount=grouped(plan.rows[-1].unused), currency=cur))  # fmt: skip
    print_lines(lines, style="bold")
    print_table(
        ["#", _("Loan"), _("Paid off on"), _("Month"), _("Interest"), _("Paid in all")],
        [[str(k), p.name, p.date.isoformat(), str(p.period), grouped(p.interest), grouped(p.paid)]
         for k, p in enumerate(plan.payoff, start=1)],
        right=(0, 3, 4, 5), title=_("Payoff order"),
    )  # fmt: skip
    if chart:
        _chart(plan)
    if monthly:
        paid = {p.name: p.paid for p in plan.payoff}
        print_table(
            ["#", _("Date"), *plan.names, _("Interest"), _("Paid"), _("Balance left")],
            [[str(row.period), row.date.isoformat(),
              *(grouped(row.payments[n]) if row.payments[n] else "" for n in plan.names),
              grouped(row.total_interest), grouped(row.total_paid), grouped(row.total_balance)]
             for row in plan.rows],
            right=tuple(range(len(plan.names) + 5)[2:]) + (0,),
            title=_("Month by month ({currency})").format(currency=cur),
            footer=["", _("Total"), *(grouped(paid[n]) for n in plan.names),
                    grouped(plan.total_interest), grouped(plan.total_paid), ""],
        )  # fmt: skip


def print_comparison(comparison: Comparison, budget: Decimal, as_of: date) -> None:
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped, literal

    cur = comparison.plans[0].currency
    rows, styles = [], []
    for plan in comparison.plans:
        name = _strategy_name(plan.strategy.value)
        if plan.strategy is comparison.best:
            name = _("{strategy} (least interest)").format(strategy=name)
        saved = comparison.interest_saved.get(plan.strategy)
        months = comparison.months_saved.get(plan.strategy)
        rows.append([name, str(plan.months), plan.debt_free_date.isoformat(),
                     grouped(plan.total_interest), grouped(plan.total_paid),
                     grouped(saved) if saved is not None else "",
                     str(months) if months is not None else ""])  # fmt: skip
        styles.append("bold" if plan.strategy is comparison.best else "")
    baseline = comparison.baseline
    if baseline is not None:
        rows.append([_strategy_name("minimum"), str(baseline.months),
                     baseline.debt_free_date.isoformat(), grouped(baseline.total_interest),
                     grouped(baseline.total_paid), "", ""])  # fmt: skip
        styles.append("dim")
    print_table(
        [_("Strategy"), _("Months"), _("Debt-free"), _("Interest"), _("Paid in all"),
         _("Interest saved"), _("Months saved")],
        rows, right=(1, 3, 4, 5, 6), styles=styles,
        title=_("Strategies compared in {currency}: {budget} a month from {date}").format(
            currency=cur, budget=grouped(budget), date=as_of),
    )  # fmt: skip
    lines = []
    if comparison.baseline_problem is not None:
        lines.append(_("No minimum-payments baseline: {reason}").format(
            reason=literal(comparison.baseline_problem.translated(_))))  # fmt: skip
    else:
        lines.append(_("Interest and months saved are against paying only the minimums."))
    for strategy, problem in comparison.failed.items():
        lines.append(
            _("{strategy} does not work: {reason}").format(
                strategy=_strategy_name(strategy.value), reason=literal(problem.translated(_))
            )
        )
    print_lines(lines)


def print_prospect(prospect: PlanWithNewLoan, *, chart: bool) -> None:
    """Before borrowing: what the loan costs, then the plan without and with it."""
    from debtplan.core.apr import FLAG_NAMES
    from debtplan.render.names import method_name
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped, iso

    terms = prospect.terms
    cur = terms.currency
    rows = [
        [_("Principal"), f"{grouped(terms.principal)} {cur}"],
        [_("Method"), method_name(terms.method)],
    ]
    if terms.installment is not None:
        rows.append([_("Installment"), _("{amount} {currency}, first due {date}").format(
            amount=grouped(terms.installment), currency=cur,
            date=iso(terms.first_due_date))])  # fmt: skip
        rows.append([_("Installments"), str(terms.installments)])
        rows.append([_("Repaid in all"), f"{grouped(terms.total_repaid)} {cur}"])
    if terms.nominal_apr is not None:
        # The real cost is known whole or not at all (LoanTerms).
        assert terms.effective_apr is not None and terms.advertised_apr is not None
        assert terms.total_interest is not None
        rows.append(
            [
                _("Real APR"),
                _("{nominal} nominal, {effective} effective").format(
                    nominal=_pct(terms.nominal_apr), effective=_pct(terms.effective_apr)
                ),
            ]
        )
        rows.append([_("Advertised rate"), _pct(terms.advertised_apr)])
        rows.append([_("Interest and fees"), f"{grouped(terms.total_interest)} {cur}"])
    print_table([_("Before borrowing"), terms.name], rows)
    if terms.flags:
        print_lines([_("Warning: the real cost is {what}.").format(what=_(FLAG_NAMES[f]))
                     for f in terms.flags], style="bold red")  # fmt: skip
    before, after = prospect.before, prospect.after

    def cells(plan: Plan | None) -> list[str]:
        if plan is None:
            return ["", "", "", ""]
        return [str(plan.months), plan.debt_free_date.isoformat(), grouped(plan.total_interest),
                grouped(plan.total_paid)]  # fmt: skip

    columns = list(zip(cells(before), cells(after), strict=True))
    change = ["", "", "", ""]
    if after is not None:
        change = [f"{after.months - (before.months if before else 0):+d}", "",
                  f"{after.total_interest - (before.total_interest if before else 0):+,.2f}",
                  f"{after.total_paid - (before.total_paid if before else 0):+,.2f}"]  # fmt: skip
    labels = [_("Months"), _("Debt-free"), _("Interest"), _("Paid in all")]
    shown = after or before
    print_table(
        ["", _("Without it"), _("With it"), _("Change")],
        [[label, *pair, delta] for label, pair, delta in zip(labels, columns, change,
                                                              strict=True)],
        right=(1, 2, 3),
        title=_("Your plan in {currency} with {budget} a month ({strategy})").format(
            currency=cur, budget=grouped(prospect.budget),
            strategy=_strategy_name(shown.strategy.value) if shown else ""),
    )  # fmt: skip
    if after is not None:
        if before is not None:
            verdict = _("You can carry it: debt-free on {date} instead of {before}.").format(
                date=after.debt_free_date, before=before.debt_free_date
            )
        else:
            verdict = _("You can carry it: debt-free on {date}.").format(date=after.debt_free_date)
        print_lines([verdict], style="bold")
        if chart:
            _chart(after)
    else:
        problem = prospect.problem
        print_lines(
            [
                _("Not on this budget: {reason}").format(
                    reason=_shown(problem.translated(_)) if problem else ""
                )
            ],
            style="bold red",
        )


class PlanFailed(DebtplanError):
    """A plan that cannot work, for ``plan --json``: the first failing currency's message,
    its figures and the letters that ask the lenders for less; the other currencies'
    under ``failures``."""

    def __init__(self, failed: Sequence[tuple[CannotPayOff, Sequence[Debt]]]) -> None:
        problem, debts = failed[0]
        super().__init__(problem.msgid, **problem.params)
        self.code = _error_code(problem)
        self.failed = failed
        self.hint = "\n".join(_failure_hints(problem, debts))

    def json_fields(self) -> dict[str, Any]:
        first, *others = (_failure_fields(problem, debts) for problem, debts in self.failed)
        if others:
            first["failures"] = others
        return first


def _error_code(problem: CannotPayOff) -> str:
    from debtplan.core.planner import BudgetTooSmall, HorizonExceeded, NeverPaidOff

    codes = ((BudgetTooSmall, "budget_too_small"), (NeverPaidOff, "never_paid_off"),
             (HorizonExceeded, "horizon_exceeded"))  # fmt: skip
    return next((code for kind, code in codes if isinstance(problem, kind)), "cannot_pay_off")


def _failure_fields(problem: CannotPayOff, debts: Sequence[Debt]) -> dict[str, Any]:
    fields: dict[str, Any] = getattr(problem, "json_fields", dict)()
    return {"code": _error_code(problem), "message": problem.translated(_), **fields,
            "letters": _letters(problem, debts)}  # fmt: skip


def _letters(problem: CannotPayOff, debts: Sequence[Debt]) -> list[dict[str, str]]:
    """The messages that ask the lenders for less: the loan, the kind and the command."""
    from debtplan.core.planner import BudgetTooSmall, NeverPaidOff

    if isinstance(problem, BudgetTooSmall):
        largest = sorted(debts, key=lambda d: d.overdue + d.minimum_fixed, reverse=True)
        return [{"loan": debt.name, "kind": "installments", "command":
                 f"debtplan message {_quoted(debt.name)} --kind installments --budget AMOUNT"}
                for debt in largest]  # fmt: skip
    if isinstance(problem, NeverPaidOff):
        return [{"loan": name, "kind": "hardship", "command":
                 f"debtplan message {_quoted(name)} --kind hardship --reason TEXT --budget AMOUNT"}
                for name in problem.names]  # fmt: skip
    return []


def _failure_hints(problem: CannotPayOff, debts: Sequence[Debt]) -> list[str]:
    """The lines after the error: which messages ask the lenders for less."""
    from debtplan.core.planner import BudgetTooSmall, NeverPaidOff

    letters = [f"  {letter['command']}" for letter in _letters(problem, debts)]
    if isinstance(problem, BudgetTooSmall):
        return [_("Ask the lenders for lower payments, with a message filled with each loan's "
                  "numbers:"), *letters,
                _("(AMOUNT: what you can pay that lender a month; --kind hardship --reason TEXT "
                  "also explains what changed.)")]  # fmt: skip
    if isinstance(problem, NeverPaidOff):
        return [_("Ask for a lower rate or a repayment plan:"), *letters]
    return []


def explain_failure(problem: CannotPayOff, debts: Sequence[Debt]) -> None:
    """Say why the plan cannot work, and which messages ask the lenders for less."""
    _tell(_("Error: {message}").format(message=_shown(problem.translated(_))))
    for line in _failure_hints(problem, debts):
        _tell(line)


# -- the result, whole ----------------------------------------------------------------------


def show_plan(result: PlanResult, *, as_json: bool, as_csv: bool, chart: bool,
              monthly: bool) -> int:  # fmt: skip
    """Print ``result`` as JSON, CSV or text; the exit code it calls for (0 or 1).

    A currency whose plan cannot work is explained on stderr (with JSON or CSV, in place
    of the document); the other currencies' plans still show as text.
    """
    failed = result.failed
    prospect = result.with_new_loan
    if failed and as_json:
        # One document saying why (see debtplan.cli.common.handles_errors); the first
        # currency that fails, the others' problems under "failures".
        raise PlanFailed([(o.problem, o.debts) for o in failed if o.problem is not None])
    if failed and as_csv:
        for outcome in failed:
            assert outcome.problem is not None
            explain_failure(outcome.problem, outcome.debts)
        return 1
    if prospect is not None:
        if as_json:
            _emit_json(prospect_document(prospect))
        else:
            print_prospect(prospect, chart=chart)
        return 1 if prospect.after is None else 0
    if as_json:
        docs = {
            o.currency: comparison_document(o.comparison, o.budget)
            if o.comparison
            else plan_document(o.plan)  # type: ignore[arg-type]
            for o in result.outcomes
        }
        _emit_json(next(iter(docs.values())) if len(docs) == 1 else {"currencies": docs})
        return 0
    if as_csv:
        if any(o.comparison for o in result.outcomes):
            rows = [r for o in result.outcomes for r in compare_csv_rows(o.comparison)]  # type: ignore[arg-type]
            _print_csv(CSV_COMPARE_COLUMNS, rows)
        else:
            rows = [r for o in result.outcomes for r in plan_csv_rows(o.plan)]  # type: ignore[arg-type]
            _print_csv(CSV_PLAN_COLUMNS, rows)
        return 0
    for number, outcome in enumerate(result.outcomes):
        if number:
            _say("")
        if outcome.problem is not None:
            explain_failure(outcome.problem, outcome.debts)
        elif outcome.comparison is not None:
            print_comparison(outcome.comparison, outcome.budget, result.as_of)
        elif outcome.plan is not None:
            print_plan(outcome.plan, outcome.debts, result.methods, chart=chart, monthly=monthly)
    return 1 if failed else 0


def _emit_json(document: Any) -> None:
    from debtplan.render.formats import dumps

    _say(dumps(document))
