"""`plan`: in what order to pay the debts, when they are all paid, and what-ifs.

The command reads its options and hands them to one use case,
:func:`debtplan.usecases.plan.plan_book` (the book's loans as planner debts, per
currency, through :mod:`debtplan.core.planner`), whose result
:func:`debtplan.render.plan.show_plan` prints as text, JSON or CSV.

A plan that cannot work says so and exits 1: a budget below the month's overdue
amounts and minimums (with the shortfall and the messages that ask lenders for
lower payments), a debt that is never paid off, a plan that does not end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Annotated

import typer

from debtplan.cli.common import (
    complete_loan_list,
    complete_loan_names,
    complete_plan_strategies,
    editing,
    handles_errors,
    read_book,
    session,
    tell,
)
from debtplan.core.text import N_
from debtplan.i18n import _
from debtplan.render.plan import show_plan
from debtplan.usecases.plan import PlanOptions, PlanResult, plan_book

OptList = list[str] | None


@handles_errors
def plan(
    budget: Annotated[
        OptList,
        typer.Option(
            "--budget",
            metavar="[CUR=]AMOUNT",
            help=N_(
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
            help=N_(
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
            help=N_("custom: the loans, first to pay first."),
            autocompletion=complete_loan_list,
        ),
    ] = None,
    extra: Annotated[
        OptList,
        typer.Option(
            "--extra",
            metavar="YYYY-MM=AMOUNT",
            help=N_("A one-off extra payment that month; repeatable."),
        ),
    ] = None,  # fmt: skip
    budget_from: Annotated[
        OptList,
        typer.Option(
            "--budget-from",
            metavar="YYYY-MM=AMOUNT",
            help=N_("The monthly budget from that month on; repeatable."),
        ),
    ] = None,  # fmt: skip
    rate_change: Annotated[
        OptList,
        typer.Option(
            "--rate-change",
            metavar="NAME=DATE:RATE",
            help=N_(
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
            help=N_("Leave a loan out; repeatable."),
            autocompletion=complete_loan_names,
        ),
    ] = None,
    with_loan: Annotated[
        str | None,
        typer.Option(
            "--with-loan",
            metavar="TERMS",
            help=N_(
                "Before borrowing: a loan's terms as for add, e.g. \"name=New phone,"
                'principal=6000,rate=0,method=flat,fee-rate=0.6%/month,term=12"; '
                "nothing is saved."
            ),
        ),
    ] = None,  # fmt: skip
    replace_loans: Annotated[
        OptList,
        typer.Option(
            "--replace",
            metavar="A,B",
            help=N_(
                "With --with-loan: the loans the new loan would pay off today (a "
                "consolidation, refinancing or balance transfer); compares carrying on "
                "against replacing them."
            ),
            autocompletion=complete_loan_list,
        ),
    ] = None,
    compare_all: Annotated[
        bool,
        typer.Option(
            "--compare", help=N_("Every strategy side by side with minimum payments only.")
        ),
    ] = False,
    monthly: Annotated[
        bool, typer.Option("--monthly", help=N_("The month-by-month table."))
    ] = False,
    chart: Annotated[
        bool, typer.Option("--chart/--no-chart", help=N_("The chart of the balance over time."))
    ] = True,
    save_budget: Annotated[
        bool,
        typer.Option(
            "--save-budget", help=N_("Store --budget in the file for later plans and messages.")
        ),
    ] = False,  # fmt: skip
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help=N_(
                "Store this plan in the file (replacing one saved before) for debtplan progress."
            ),
        ),
    ] = False,  # fmt: skip
    unsave: Annotated[
        bool,
        typer.Option("--unsave", help=N_("Remove the saved plan from the file; nothing else.")),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON document."))] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help=N_("Print CSV."))] = False,
) -> None:
    """Payoff plan: what to pay each month, in what order, and when you are debt-free."""
    if as_json and as_csv:
        raise typer.BadParameter(_("choose --json or --csv, not both"), param_hint="--csv")
    if with_loan is not None and (compare_all or as_csv):
        raise typer.BadParameter(
            _("--with-loan shows the plan without and with the loan; leave out --compare "
              "and --csv"), param_hint="--with-loan")  # fmt: skip
    if replace_loans:
        _replace(replace_loans, PlanOptions(
            budgets=tuple(budget or ()), strategy=strategy, order=tuple(order or ()),
            extras=tuple(extra or ()), budget_from=tuple(budget_from or ()),
            rate_changes=tuple(rate_change or ()), exclude=tuple(exclude or ()),
            with_loan=with_loan), as_json=as_json,
            others=compare_all or as_csv or save or unsave or save_budget or monthly)  # fmt: skip
        return
    if unsave:
        if save:
            raise typer.BadParameter(_("choose --save or --unsave, not both"),
                                     param_hint="--unsave")  # fmt: skip
        _unsave()
        return
    if save and (compare_all or with_loan is not None):
        raise typer.BadParameter(_("--save stores one plan of your loans; leave out --compare "
                                   "and --with-loan"), param_hint="--save")  # fmt: skip
    if save_budget and not budget:
        raise typer.BadParameter(_("--save-budget stores --budget; give one"),
                                 param_hint="--save-budget")  # fmt: skip
    result = plan_book(
        read_book(),
        session().today,
        PlanOptions(
            budgets=tuple(budget or ()),
            strategy=strategy,
            order=tuple(order or ()),
            extras=tuple(extra or ()),
            budget_from=tuple(budget_from or ()),
            rate_changes=tuple(rate_change or ()),
            exclude=tuple(exclude or ()),
            with_loan=with_loan,
            compare=compare_all,
        ),
    )
    if save_budget:
        _save_budget(result.given_budgets)
    if save and not result.failed:
        _save_plan(result)
    code = show_plan(result, as_json=as_json, as_csv=as_csv, chart=chart, monthly=monthly)
    if code:
        raise typer.Exit(code)


def _replace(names: list[str], options: PlanOptions, *, as_json: bool,
             others: bool) -> None:  # fmt: skip
    from debtplan.render.replacing import show_replacement
    from debtplan.usecases.replacing import replace_loans

    if others:
        raise typer.BadParameter(_("--replace compares two ways on one budget; leave out "
                                   "--compare, --csv, --monthly, --save, --unsave and "
                                   "--save-budget"), param_hint="--replace")  # fmt: skip
    code = show_replacement(replace_loans(read_book(), session().today, options, names),
                            as_json=as_json)  # fmt: skip
    if code:
        raise typer.Exit(code)


def _save_plan(result: PlanResult) -> None:
    from debtplan.usecases.plan import plan_to_save

    saved = plan_to_save(result)
    with editing() as edit:
        edit.book = replace(edit.book, saved_plan=saved)
    tell(_("Plan saved: see how you keep to it with debtplan progress."))


def _unsave() -> None:
    with editing() as edit:
        had = edit.book.saved_plan is not None
        edit.book = replace(edit.book, saved_plan=None)
    tell(_("The saved plan is removed.") if had else _("There was no saved plan."))


def _save_budget(given: Mapping[str, Decimal]) -> None:
    from debtplan.render.text import grouped

    with editing() as edit:
        settings = edit.book.settings
        budget = {**settings.budget, **given}
        edit.book = replace(edit.book, settings=replace(settings, budget=budget))
    tell(_("Saved the monthly budget: {budgets}.").format(
        budgets=", ".join(f"{grouped(a)} {c}" for c, a in given.items())))  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(plan)
