"""`demo`: the whole tool on a built-in sample book, never touching the user's file.

The sample is dated relative to ``--today`` so that it always shows one loan
overdue, one installment due within days, a card in dollars and a family loan.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import typer

from debtplan.cli.common import say, session, set_session
from debtplan.i18n import _


def sample_book(today: date) -> dict[str, Any]:
    """The sample document: four loans in CNY and USD, one of them 12 days overdue."""
    from debtplan.core.calendar import add_months
    from debtplan.core.from_document import validate_loan_dict
    from debtplan.core.schedule import contract_schedule

    def paid_up_to(raw: dict[str, Any], before: date) -> dict[str, Any]:
        loan = validate_loan_dict(raw)
        raw["payments"] = [
            {"date": i.due_date, "amount": i.payment, "note": "auto-debit"}
            for i in contract_schedule(loan)
            if i.due_date < before
        ]
        return raw

    online_start = add_months(today - timedelta(days=12), -3)
    online = paid_up_to(
        {
            "name": "Quick Cash 网贷", "lender": "Quick Cash Finance", "currency": "CNY",
            "method": "flat", "principal": "10000", "rate": "0%", "fee_rate": "0.75%/month",
            "term": 12, "start": online_start, "penalty_rate": "0.05%/day", "late_fee": "30",
            "note": "Advertised as 'only 0.75% a month'",
        },
        add_months(online_start, 3),
    )  # fmt: skip
    car_start = add_months(today + timedelta(days=5), -10)
    car = paid_up_to(
        {
            "name": "Car loan", "lender": "City Bank", "currency": "CNY", "method": "annuity",
            "principal": "80000", "rate": "6.5%", "term": 36, "start": car_start,
            "penalty_markup": "50%", "penalty_compound": True, "grace_days": 3,
        },
        today,
    )  # fmt: skip
    card = {
        "name": "Visa card", "lender": "Example Card Services", "currency": "USD",
        "method": "revolving", "balance": "3200", "rate": "24.99%", "min_payment": "1%+interest,35",
        "start": today - timedelta(days=20), "late_fee": "29",
    }  # fmt: skip
    family = {
        "name": "Money from Mum", "lender": "Mum", "currency": "CNY", "method": "lump-sum",
        "principal": "5000", "rate": "0%", "term": 12, "start": add_months(today, -2),
        "note": "No interest; pay back when the car loan is done",
    }  # fmt: skip
    return {
        "schema_version": 1,
        "settings": {"budget": {"CNY": "5000", "USD": "300"}},
        "loans": [online, car, card, family],
    }


def demo(ctx: typer.Context) -> None:
    """Show the tool on a built-in sample book (your own file is not read or written)."""
    import shlex
    import tempfile
    from pathlib import Path

    from debtplan.core.from_document import load_book
    from debtplan.core.to_document import book_to_document
    from debtplan.store import SCHEMA_VERSION, write_document

    outer = session()
    steps = [
        ["list"],
        ["due", "--within", "14"],
        ["overdue"],
        ["triage", "--cash", "1000", "--currency", "CNY"],
        ["show", "Quick Cash 网贷"],
        ["apr", "--principal", "10000", "--installment", "908.33", "--term", "12",
         "--advertised", "0.75%/month"],
        ["plan", "--save"],
        ["plan", "--compare"],
        ["progress"],
        ["message", "Quick Cash 网贷", "--kind", "waiver"],
    ]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="debtplan-demo-") as folder:
        path = Path(folder) / "loans.toml"
        sample = load_book(sample_book(outer.today))
        write_document(path, book_to_document(sample, SCHEMA_VERSION), history=0)
        say(_("A sample book of four loans, as of {date}. Your own file is not touched.")
            .format(date=outer.today))  # fmt: skip
        try:
            for args in steps:
                say("")
                say("$ debtplan " + " ".join(shlex.quote(arg) for arg in args))
                # Each step runs through the root command, as if typed.
                ctx.find_root().command.main(
                    ["--file", str(path), "--today", outer.today.isoformat(),
                     "--lang", outer.lang, *args],
                    prog_name="debtplan", standalone_mode=False,
                )  # fmt: skip
        finally:
            set_session(outer)


def register(app: typer.Typer) -> None:
    app.command()(demo)
