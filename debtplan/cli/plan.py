"""`plan`: in what order to pay the debts, when they are all paid, and what-ifs.

Options -> the book -> :mod:`debtplan.core.planning` (loans as planner debts) ->
:mod:`debtplan.core.planner` -> a document (JSON, CSV) or text for people. Loans in
different currencies are planned per currency, each with its own budget.

A plan that cannot work says so and exits 1: a budget below the month's overdue
amounts and minimums (with the shortfall and the messages that ask lenders for
lower payments), a debt that is never paid off, a plan that does not end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from debtplan.cli.common import (
    complete_loan_list,
    complete_loan_names,
    complete_plan_strategies,
    editing,
    emit_json,
    find_loan,
    handles_errors,
    read_book,
    say,
    session,
    tell,
)
from debtplan.core.text import N_, DebtplanError, InputError
from debtplan.i18n import _

if TYPE_CHECKING:
    from debtplan.core.model import Book, Loan
    from debtplan.core.planner import CannotPayOff, Comparison, Debt, Plan

STRATEGY_NAMES = {
    "avalanche": N_("avalanche: highest rate first"),
    "snowball": N_("snowball: smallest balance first"),
    "highest-interest-cost": N_("highest interest cost first"),
    "custom": N_("your order"),
    "minimum": N_("minimum payments only"),
}

# The fields a prospective loan takes: those of `add`, except its start (today).
PROSPECT_FIELDS = (
    "name", "lender", "currency", "method", "principal", "balance", "rate", "term",
    "frequency", "first_due", "due_day", "grace_days", "penalty_rate", "penalty_markup",
    "penalty_base", "penalty_compound", "late_fee", "upfront_fee", "fee_rate", "min_payment",
    "day_count", "allocation", "jurisdiction", "note",
)  # fmt: skip

_CODE_AND_AMOUNT = re.compile(r"\s*([A-Za-z]{3})?\s*(.*?)\s*([A-Za-z]{3})?\s*")
_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")
_KEY = re.compile(r"\s*[A-Za-z][A-Za-z_-]*\s*")


# -- reading the options ------------------------------------------------------------------


def amount_with_currency(text: str) -> tuple[Decimal, str | None]:
    """``"300"``, ``"300 USD"``, ``"USD 300"``, ``"¥1,000"`` -> (amount, code or None)."""
    from debtplan.core.fields import parse_currency, parse_positive_money

    match = _CODE_AND_AMOUNT.fullmatch(text)
    assert match is not None  # the pattern matches any text
    before, amount, after = match.groups()
    if before and after:
        raise InputError(
            N_("{value!r} names two currencies; write an amount like 300 or 300 USD"), value=text
        )
    code = before or after
    return parse_positive_money(amount), parse_currency(code) if code else None


def parse_budget(text: str) -> tuple[Decimal, str | None]:
    """A ``--budget``: ``5000``, ``CNY=5000`` or ``5000 CNY``."""
    from debtplan.core.fields import parse_currency, parse_positive_money

    code, sep, amount = text.partition("=")
    if sep:
        return parse_positive_money(amount.strip()), parse_currency(code)
    return amount_with_currency(text)


def parse_month(text: str) -> date:
    """``2027-01`` (the month's first day) or a whole date ``2027-01-15``."""
    from debtplan.core.fields import parse_date

    match = _MONTH.fullmatch(text)
    if match:
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return date(year, month, 1)
        raise InputError(
            N_("{value!r} is not a month; write it as YYYY-MM, like 2027-01"), value=text
        )
    return parse_date(text)


def parse_dated_amount(text: str, option: str) -> tuple[date, Decimal, str | None]:
    """``2027-01=500`` (an ``--extra`` or ``--budget-from``) -> (date, amount, currency)."""
    when, sep, amount = text.partition("=")
    if not sep or not when.strip() or not amount.strip():
        raise InputError(
            N_("{option} takes MONTH=AMOUNT, like {option} 2027-01=500; got {value!r}"),
            option=option,
            value=text,
        )
    money, code = amount_with_currency(amount)
    return parse_month(when), money, code


def parse_rate_change(text: str) -> tuple[str, date, Any]:
    """``NAME=2027-06-01:18%`` -> (name, date, Rate)."""
    from debtplan.core.fields import parse_any_rate

    name, sep, change = text.rpartition("=")
    when, colon, rate = change.partition(":")
    if not sep or not name.strip() or not colon:
        raise InputError(
            N_(
                "--rate-change takes NAME=DATE:RATE, like --rate-change Card=2027-06-01:18%; "
                "got {value!r}"
            ),
            value=text,
        )
    return name.strip(), parse_month(when), parse_any_rate(rate.strip())


def parse_terms(text: str) -> dict[str, str]:
    """``name=New phone,principal=6,000,rate=0`` -> {"name": "New phone", ...}.

    Pairs are separated by commas; a piece without ``key=`` continues the value
    before it, so amounts (6,000) and minimum rules (5%,100) keep their commas.
    Keys use dashes or underscores, as the options of `add` do.
    """
    pieces: dict[str, list[str]] = {}
    last: str | None = None
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if sep and _KEY.fullmatch(key):
            last = key.strip().lower().replace("-", "_")
            if last in pieces:
                raise InputError(N_("--with-loan gives {key} twice; give it once"), key=last)
            pieces[last] = [value]
        elif last is None:
            raise InputError(
                N_(
                    "--with-loan takes the loan's terms as key=value pairs separated by "
                    "commas, like name=New phone,principal=6000,rate=12%,term=12; got {value!r}"
                ),
                value=text,
            )
        else:
            pieces[last].append(part)
    return {key: ",".join(parts).strip() for key, parts in pieces.items()}


def prospective_loan(text: str, book: Book, today: date, currencies: Sequence[str]) -> Loan:
    """The loan ``--with-loan`` describes, validated exactly like `add` (start: today)."""
    from debtplan.core.from_document import validate_loan_dict
    from debtplan.i18n import default_currency

    raw: dict[str, Any] = parse_terms(text)
    if "start" in raw:
        raise InputError(
            N_("a prospective loan starts today (or --today); leave out start, or give first-due")
        )
    unknown = [key for key in raw if key not in PROSPECT_FIELDS]
    if unknown:
        raise InputError(
            N_("--with-loan does not take {keys}; it takes {fields}"),
            keys=", ".join(unknown),
            fields=", ".join(key.replace("_", "-") for key in PROSPECT_FIELDS),
        )
    raw.setdefault("name", _("New loan"))
    raw.setdefault("currency", currencies[0] if len(currencies) == 1 else default_currency())
    raw["start"] = today.isoformat()
    if "method" not in raw:
        raw["method"] = "revolving" if "balance" in raw else "annuity"
    loan = validate_loan_dict(raw)
    if book.find(loan.name) is not None:
        raise InputError(
            N_("the book already has a loan named {name!r}; give the new one another name"),
            name=loan.name,
        )
    return loan


# -- what was asked -----------------------------------------------------------------------


@dataclass
class Request:
    """The options, read and checked against the book: what to plan, per currency."""

    strategy: str
    order: list[str] | None
    budgets: dict[str, Decimal]
    extras: dict[str, dict[tuple[int, int], Decimal]] = field(default_factory=dict)
    budget_changes: dict[str, list[tuple[date, Decimal]]] = field(default_factory=dict)


def _currency_for(code: str | None, currencies: Sequence[str], option: str, text: str) -> str:
    """The currency an option's amount is in: its code, or the only one planned."""
    if code is None:
        if len(currencies) != 1:
            raise InputError(
                N_(
                    "the loans are in {currencies}; say which currency {option} {value} is in, "
                    "like {option} {value}{example}"
                ),
                currencies=", ".join(currencies),
                option=option,
                value=text,
                example=f" {currencies[0]}" if "=" in text else "",
            )
        return currencies[0]
    if code not in currencies:
        raise InputError(
            N_("{option} {value}: no loan in the plan is in {currency}"),
            option=option,
            value=text,
            currency=code,
        )
    return code


def resolve_budgets(
    values: Sequence[str], currencies: Sequence[str], stored: Mapping[str, Decimal]
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(the budget of every currency planned, the budgets given as options).

    A bare amount needs a single currency; currencies without a ``--budget`` use
    the one stored in the file.
    """
    given: dict[str, Decimal] = {}
    for text in values:
        amount, code = parse_budget(text)
        if code is None:
            if len(currencies) != 1:
                raise InputError(
                    N_(
                        "the loans are in {currencies}; give a budget for each, like "
                        "--budget {example}"
                    ),
                    currencies=", ".join(currencies),
                    example=" --budget ".join(f"{c}=AMOUNT" for c in currencies),
                )
            code = currencies[0]
        given[code] = amount
    budgets: dict[str, Decimal] = {}
    missing = []
    for currency in currencies:
        if currency in given:
            budgets[currency] = given[currency]
        elif currency in stored:
            budgets[currency] = stored[currency]
        else:
            missing.append(currency)
    if missing:
        raise InputError(
            N_(
                "there is no monthly budget for {currencies}: pass --budget AMOUNT (with "
                "several currencies --budget CNY=AMOUNT), or store it with --save-budget"
            ),
            currencies=", ".join(missing),
        )
    return budgets, given


def resolve_order(values: Sequence[str], book: Book, new_name: str | None) -> list[str] | None:
    """The loans named by ``--order`` (``A,B,C``, repeatable; a name holding a comma is
    matched whole first), as the book spells them."""
    if not values:
        return None
    names: list[str] = []
    for value in values:
        parts = [value] if book.find(value.strip()) else value.split(",")
        for part in (p.strip() for p in parts):
            if not part:
                continue
            if new_name is not None and part.casefold() == new_name.casefold():
                raise InputError(
                    N_(
                        "leave the new loan out of --order: a custom order pays it last, "
                        "after the loans you have"
                    )
                )
            names.append(find_loan(book, part).name)
    return names


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


@dataclass
class Prospect:
    """A plan without and with a prospective loan (``before`` None: no other debts)."""

    loan: Loan
    debt: Debt
    budget: Decimal
    before: Plan | None
    after: Plan | None
    problem: CannotPayOff | None


def loan_terms(loan: Loan, lpr_percent: Decimal) -> dict[str, Any]:
    """What a prospective loan costs: its installment and its real APR."""
    from debtplan.cli.views import real_cost
    from debtplan.core.schedule import contract_schedule

    schedule = contract_schedule(loan)
    try:
        cost: dict[str, Any] | None = real_cost(loan, lpr_percent)
    except DebtplanError:
        cost = None  # e.g. a card whose minimum never covers its interest
    return {
        "name": loan.name,
        "currency": loan.currency,
        "method": loan.method.value,
        "principal": loan.principal,
        "term": loan.term or None,
        "installment": schedule[0].payment if schedule else None,
        "first_due_date": schedule[0].due_date if schedule else None,
        "installments": len(schedule),
        "total_repaid": sum((i.payment for i in schedule), Decimal(0)),
        "nominal_apr": cost["nominal_apr"] if cost else None,
        "effective_apr": cost["effective_apr"] if cost else None,
        "advertised_apr": cost["advertised_apr"] if cost else None,
        "total_interest": cost["total_interest"] if cost else None,
        "total_fees": cost["total_fees"] if cost else None,
        "flags": cost["flags"] if cost else [],
    }


def prospect_document(prospect: Prospect, terms: dict[str, Any]) -> dict[str, Any]:
    """Before borrowing: the loan's terms, the plan without and with it, the change."""
    from debtplan.core.planner import BudgetTooSmall

    before, after, problem = prospect.before, prospect.after, prospect.problem
    months_before = before.months if before else 0
    interest_before = before.total_interest if before else Decimal(0)
    return {
        "loan": terms,
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
    import sys

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
    """How the plan's minimum is figured: ``2,451.92``, ``3.08% (at least 35.00)``."""
    from debtplan.render.text import grouped

    parts = []
    if debt.minimum_percent:
        parts.append(_("{percent} of what is owed").format(percent=_pct(debt.minimum_percent)))
    if debt.minimum_fixed or not parts:
        parts.append(grouped(debt.minimum_fixed))
    text = _(", at least ").join(parts)
    if debt.minimum_floor:
        text = _("{rule} (at least {floor})").format(rule=text, floor=grouped(debt.minimum_floor))
    return text


def _chart(plan: Plan) -> None:
    import sys

    from debtplan.render.charts import balance_chart, can_draw_blocks

    points = [(plan.as_of, plan.starting_balance)]
    points += [(row.date, row.total_balance) for row in plan.rows]
    lines = balance_chart(points, ascii_only=not can_draw_blocks(sys.stdout.encoding))
    if lines:
        say(_("Balance left over time ({currency}):").format(currency=plan.currency))
        for line in lines:
            say(line)


def print_plan(plan: Plan, debts: Sequence[Debt], loans: Mapping[str, Loan], *,
               chart: bool, monthly: bool) -> None:  # fmt: skip
    """The summary, the loans as planned, the payoff order, the chart, the months."""
    from debtplan.core.model import Method
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped

    cur = plan.currency
    first = plan.rows[0]
    flat = [d.name for d in debts if loans[d.name.casefold()].method is Method.FLAT]
    one_sum = (Method.LUMP_SUM, Method.INTEREST_ONLY)
    aside = [d.name for d in debts if loans[d.name.casefold()].method in one_sum]
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


def print_prospect(prospect: Prospect, terms: dict[str, Any], *, chart: bool) -> None:
    from debtplan.cli.book import METHOD_NAMES
    from debtplan.cli.views import FLAG_NAMES
    from debtplan.render.tables import print_lines, print_table
    from debtplan.render.text import grouped, iso

    cur = terms["currency"]
    rows = [
        [_("Principal"), f"{grouped(terms['principal'])} {cur}"],
        [_("Method"), _(METHOD_NAMES[terms["method"]])],
    ]
    if terms["installment"] is not None:
        rows.append([_("Installment"), _("{amount} {currency}, first due {date}").format(
            amount=grouped(terms["installment"]), currency=cur,
            date=iso(terms["first_due_date"]))])  # fmt: skip
        rows.append([_("Installments"), str(terms["installments"])])
        rows.append([_("Repaid in all"), f"{grouped(terms['total_repaid'])} {cur}"])
    if terms["nominal_apr"] is not None:
        rows.append(
            [
                _("Real APR"),
                _("{nominal} nominal, {effective} effective").format(
                    nominal=_pct(terms["nominal_apr"]), effective=_pct(terms["effective_apr"])
                ),
            ]
        )
        rows.append([_("Advertised rate"), _pct(terms["advertised_apr"])])
        rows.append([_("Interest and fees"), f"{grouped(terms['total_interest'])} {cur}"])
    print_table([_("Before borrowing"), terms["name"]], rows)
    if terms["flags"]:
        print_lines([_("Warning: the real cost is {what}.").format(what=_(FLAG_NAMES[f]))
                     for f in terms["flags"]], style="bold red")  # fmt: skip
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


def explain_failure(problem: CannotPayOff, debts: Sequence[Debt]) -> None:
    """Say why the plan cannot work, and which messages ask the lenders for less."""
    from debtplan.core.planner import BudgetTooSmall, NeverPaidOff

    tell(_("Error: {message}").format(message=_shown(problem.translated(_))))
    if isinstance(problem, BudgetTooSmall):
        tell(_("Ask the lenders for lower payments, with a message filled with each loan's "
               "numbers:"))  # fmt: skip
        largest = sorted(debts, key=lambda d: d.overdue + d.minimum_fixed, reverse=True)
        for debt in largest:
            tell(f"  debtplan message {_quoted(debt.name)} --kind installments --budget AMOUNT")
        tell(_("(AMOUNT: what you can pay that lender a month; --kind hardship --reason TEXT "
               "also explains what changed.)"))  # fmt: skip
    elif isinstance(problem, NeverPaidOff):
        tell(_("Ask for a lower rate or a repayment plan:"))
        for name in problem.names:
            tell(f"  debtplan message {_quoted(name)} --kind hardship --reason TEXT "
                 "--budget AMOUNT")  # fmt: skip


# -- the command --------------------------------------------------------------------------


@dataclass
class Outcome:
    """One currency's result: a plan, a comparison or a prospect, or why it cannot work."""

    currency: str
    debts: tuple[Debt, ...]
    budget: Decimal
    plan: Plan | None = None
    comparison: Comparison | None = None
    prospect: Prospect | None = None
    problem: CannotPayOff | None = None


def _planned_debts(book: Book, today: date, exclude: Sequence[str],
                   rate_changes: Sequence[str]) -> list[Debt]:  # fmt: skip
    """The book's debts, without the excluded loans, with the what-if rate changes."""
    from debtplan.core.planning import debts_from_book, with_rate_change

    left_out = {find_loan(book, name).key for name in exclude}
    debts = debts_from_book([loan for loan in book.loans if loan.key not in left_out], today)
    by_key = {debt.name.casefold(): i for i, debt in enumerate(debts)}
    for text in rate_changes:
        name, starts, rate = parse_rate_change(text)
        loan = find_loan(book, name)
        if loan.key not in by_key:
            raise InputError(
                N_("--rate-change {name}: the loan is not in the plan (excluded or paid off)"),
                name=loan.name,
            )
        i = by_key[loan.key]
        debts[i] = with_rate_change(debts[i], loan, starts, rate)
    return debts


def _per_currency(
    extras: Sequence[str], budget_from: Sequence[str], currencies: Sequence[str]
) -> tuple[dict[str, dict[tuple[int, int], Decimal]], dict[str, list[tuple[date, Decimal]]]]:
    """``--extra`` by currency and month (amounts in one month add up); ``--budget-from``."""
    by_month: dict[str, dict[tuple[int, int], Decimal]] = {}
    for text in extras:
        when, amount, code = parse_dated_amount(text, "--extra")
        currency = _currency_for(code, currencies, "--extra", text)
        month = (when.year, when.month)
        group = by_month.setdefault(currency, {})
        group[month] = group.get(month, Decimal(0)) + amount
    changes: dict[str, list[tuple[date, Decimal]]] = {}
    for text in budget_from:
        when, amount, code = parse_dated_amount(text, "--budget-from")
        currency = _currency_for(code, currencies, "--budget-from", text)
        changes.setdefault(currency, []).append((when, amount))
    return by_month, changes


def _run(request: Request, debts: Sequence[Debt], currency: str, today: date, *,
         compare_all: bool, new: tuple[Loan, Debt] | None) -> Outcome:  # fmt: skip
    from debtplan.core import planner

    group = tuple(d for d in debts if d.currency == currency)
    own = {d.name.casefold() for d in group}
    order = None
    if request.order is not None:
        order = [name for name in request.order if name.casefold() in own]
    budget = request.budgets[currency]
    outcome = Outcome(currency, group, budget)
    options: dict[str, Any] = {
        "extras": request.extras.get(currency),
        "budget_changes": request.budget_changes.get(currency, ()),
    }
    try:
        if new is not None:
            loan, debt = new
            if group:
                found = planner.with_prospective(group, debt, budget, request.strategy, today,
                                                 order=order, **options)  # fmt: skip
                before, after, problem = found.before, found.after, found.after_problem
            else:
                before, problem = None, None
                custom = [debt.name] if request.strategy == "custom" else None
                try:
                    after = planner.make_plan([debt], budget, request.strategy, today,
                                              order=custom, **options)  # fmt: skip
                except planner.CannotPayOff as error:
                    after, problem = None, error
            outcome.prospect = Prospect(loan, debt, budget, before, after, problem)
        elif compare_all:
            outcome.comparison = planner.compare(group, budget, today, order=order, detail=False,
                                                 **options)  # fmt: skip
        else:
            outcome.plan = planner.make_plan(group, budget, request.strategy, today,
                                             order=order, **options)  # fmt: skip
    except planner.CannotPayOff as error:
        outcome.problem = error
    return outcome


OptList = list[str] | None


@handles_errors
def plan(
    budget: Annotated[
        OptList,
        typer.Option(
            "--budget",
            metavar="[CUR=]AMOUNT",
            help=_(
                "What you can pay a month, for all debts of a currency; repeat per "
                "currency (CNY=5000). [default: the budget stored in the file]"
            ),
        ),
    ] = None,  # fmt: skip
    strategy: Annotated[
        str | None,
        typer.Option(
            "--strategy",
            metavar="NAME",
            help=_(
                "avalanche (highest rate first), snowball (smallest balance first), "
                "highest-interest-cost or custom [default: avalanche; custom with --order]."
            ),
            autocompletion=complete_plan_strategies,
        ),
    ] = None,
    order: Annotated[
        OptList,
        typer.Option(
            "--order",
            metavar="A,B,C",
            help=_("custom: the loans, first to pay first."),
            autocompletion=complete_loan_list,
        ),
    ] = None,
    extra: Annotated[
        OptList,
        typer.Option(
            "--extra",
            metavar="YYYY-MM=AMOUNT",
            help=_("A one-off extra payment that month; repeatable."),
        ),
    ] = None,  # fmt: skip
    budget_from: Annotated[
        OptList,
        typer.Option(
            "--budget-from",
            metavar="YYYY-MM=AMOUNT",
            help=_("The monthly budget from that month on; repeatable."),
        ),
    ] = None,  # fmt: skip
    rate_change: Annotated[
        OptList,
        typer.Option(
            "--rate-change",
            metavar="NAME=DATE:RATE",
            help=_(
                "What if a loan's rate changes (a promotion ends): "
                "Card=2027-06-01:24.99%; repeatable."
            ),
        ),
    ] = None,  # fmt: skip
    exclude: Annotated[
        OptList,
        typer.Option(
            "--exclude",
            metavar="NAME",
            help=_("Leave a loan out; repeatable."),
            autocompletion=complete_loan_names,
        ),
    ] = None,
    with_loan: Annotated[
        str | None,
        typer.Option(
            "--with-loan",
            metavar="TERMS",
            help=_(
                "Before borrowing: a loan's terms as for add, e.g. \"name=New phone,"
                'principal=6000,rate=0,method=flat,fee-rate=0.6%/month,term=12"; '
                "nothing is saved."
            ),
        ),
    ] = None,  # fmt: skip
    compare_all: Annotated[
        bool,
        typer.Option(
            "--compare", help=_("Every strategy side by side with minimum payments only.")
        ),
    ] = False,
    monthly: Annotated[
        bool, typer.Option("--monthly", help=_("The month-by-month table."))
    ] = False,
    chart: Annotated[
        bool, typer.Option("--chart/--no-chart", help=_("The chart of the balance over time."))
    ] = True,
    save_budget: Annotated[
        bool,
        typer.Option(
            "--save-budget", help=_("Store --budget in the file for later plans and messages.")
        ),
    ] = False,  # fmt: skip
    as_json: Annotated[bool, typer.Option("--json", help=_("Print one JSON document."))] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help=_("Print CSV."))] = False,
) -> None:
    """Payoff plan: what to pay each month, in what order, and when you are debt-free."""
    if as_json and as_csv:
        raise typer.BadParameter(_("choose --json or --csv, not both"), param_hint="--csv")
    if with_loan is not None and (compare_all or as_csv):
        raise typer.BadParameter(
            _("--with-loan shows the plan without and with the loan; leave out --compare "
              "and --csv"), param_hint="--with-loan")  # fmt: skip
    if save_budget and not budget:
        raise typer.BadParameter(_("--save-budget stores --budget; give one"),
                                 param_hint="--save-budget")  # fmt: skip
    today = session().today
    book = read_book()
    debts = _planned_debts(book, today, exclude or [], rate_change or [])
    new: tuple[Loan, Debt] | None = None
    if with_loan is not None:
        from debtplan.core.planning import debt_from_loan

        owed = list(dict.fromkeys(d.currency for d in debts))
        loan = prospective_loan(with_loan, book, today, owed)
        debt = debt_from_loan(loan, today)
        assert debt is not None  # a new loan owes its principal
        new = (loan, debt)
        currencies = [loan.currency]
    else:
        currencies = list(dict.fromkeys(d.currency for d in debts))
        if not currencies:
            raise DebtplanError(
                N_("there is nothing to plan: no loan is owed (none added, all paid off, "
                   "or all excluded)")
            )  # fmt: skip
    budgets, given = resolve_budgets(budget or [], currencies, book.settings.budget)
    extras, changes = _per_currency(extra or [], budget_from or [], currencies)
    order_names = resolve_order(order or [], book, new[0].name if new else None)
    chosen = strategy or ("custom" if order_names else "avalanche")
    request = Request(chosen, order_names, budgets, extras, changes)
    if save_budget:
        _save_budget(given)
    outcomes = [
        _run(request, debts, currency, today, compare_all=compare_all, new=new)
        for currency in currencies
    ]
    _report(outcomes, book, as_json=as_json, as_csv=as_csv, chart=chart, monthly=monthly)


def _save_budget(given: Mapping[str, Decimal]) -> None:
    from debtplan.render.text import grouped

    with editing() as held:
        settings = held[0].settings
        budget = {**settings.budget, **given}
        held[0] = replace(held[0], settings=replace(settings, budget=budget))
    tell(_("Saved the monthly budget: {budgets}.").format(
        budgets=", ".join(f"{grouped(a)} {c}" for c, a in given.items())))  # fmt: skip


def _report(outcomes: list[Outcome], book: Book, *, as_json: bool, as_csv: bool, chart: bool,
            monthly: bool) -> None:  # fmt: skip
    failed = [o for o in outcomes if o.problem is not None]
    prospect = next((o.prospect for o in outcomes if o.prospect), None)
    if failed and (as_json or as_csv):
        for outcome in failed:
            assert outcome.problem is not None
            explain_failure(outcome.problem, outcome.debts)
        raise typer.Exit(1)
    if prospect is not None:
        terms = loan_terms(prospect.loan, book.settings.lpr_percent)
        if as_json:
            emit_json(prospect_document(prospect, terms))
        else:
            print_prospect(prospect, terms, chart=chart)
        if prospect.after is None:
            raise typer.Exit(1)
        return
    if as_json:
        docs = {
            o.currency: comparison_document(o.comparison, o.budget)
            if o.comparison
            else plan_document(o.plan)  # type: ignore[arg-type]
            for o in outcomes
        }
        emit_json(next(iter(docs.values())) if len(docs) == 1 else {"currencies": docs})
        return
    if as_csv:
        if any(o.comparison for o in outcomes):
            rows = [r for o in outcomes for r in compare_csv_rows(o.comparison)]  # type: ignore[arg-type]
            _print_csv(CSV_COMPARE_COLUMNS, rows)
        else:
            rows = [r for o in outcomes for r in plan_csv_rows(o.plan)]  # type: ignore[arg-type]
            _print_csv(CSV_PLAN_COLUMNS, rows)
        return
    loans = {loan.key: loan for loan in book.loans}
    for number, outcome in enumerate(outcomes):
        if number:
            say("")
        if outcome.problem is not None:
            explain_failure(outcome.problem, outcome.debts)
        elif outcome.comparison is not None:
            print_comparison(outcome.comparison, outcome.budget, session().today)
        elif outcome.plan is not None:
            print_plan(outcome.plan, outcome.debts, loans, chart=chart, monthly=monthly)
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(plan)
