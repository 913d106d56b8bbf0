"""Why a plan cannot be made: input the planner cannot use, and budgets that never pay off.

:class:`InvalidPlanInput` and :class:`MixedCurrencies` are mistakes in what was asked;
:class:`CannotPayOff` and its kinds are results (the money does not pay the debts off)
that a caller reports with the figures they carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from debtplan.core.text import N_, DebtplanError


class PlanError(DebtplanError):
    """A plan cannot be made as asked."""


class InvalidPlanInput(PlanError):
    """A debt, budget, extra, budget change or order the planner cannot use."""


class MixedCurrencies(PlanError):
    """One plan, several currencies: plan them with :func:`plan_by_currency`."""

    def __init__(self, currencies: Sequence[str]) -> None:
        self.currencies = tuple(currencies)
        super().__init__(
            N_(
                "the debts are in several currencies ({currencies}); a budget is in one "
                "currency, so plan each currency with its own budget"
            ),
            currencies=", ".join(self.currencies),
        )


class CannotPayOff(PlanError):
    """The money given does not pay the debts off (a result, not a typing mistake)."""


class BudgetTooSmall(CannotPayOff):
    """A month's money is below that month's overdue amounts plus minimums.

    ``needed - budget == shortfall``; ``budget`` counts that month's extra payment.
    """

    def __init__(
        self,
        *,
        shortfall: Decimal,
        needed: Decimal,
        budget: Decimal,
        currency: str,
        period: int,
        when: date,
    ) -> None:
        self.shortfall = shortfall
        self.needed = needed
        self.budget = budget
        self.currency = currency
        self.period = period
        self.date = when
        super().__init__(
            N_(
                "the budget of {budget} {currency} for {date} is {shortfall} short of the "
                "{needed} needed for overdue amounts and minimum payments; raise the budget "
                "or ask the lenders for lower payments"
            ),
            budget=budget,
            currency=currency,
            date=when,
            shortfall=shortfall,
            needed=needed,
        )

    def json_fields(self) -> dict[str, Any]:
        """The figures of the error document a ``--json`` command prints."""
        return {"currency": self.currency, "budget": self.budget, "needed": self.needed,
                "shortfall": self.shortfall, "month": self.period, "date": self.date}  # fmt: skip


class NeverPaidOff(CannotPayOff):
    """Debts that are never paid off: their interest is at least all they can get.

    ``interest`` is their interest for the month it was found (``date``, ``period``),
    ``payment`` the most they could get that month (the budget, or their minimums
    alone; for a balance that grows past :data:`GROWTH_LIMIT`, that limit).
    """

    def __init__(
        self,
        msgid: str,
        *,
        names: Sequence[str],
        interest: Decimal,
        payment: Decimal,
        currency: str,
        period: int,
        when: date,
    ) -> None:
        self.names = tuple(names)
        self.interest = interest
        self.payment = payment
        self.currency = currency
        self.period = period
        self.date = when
        super().__init__(
            msgid,
            names=", ".join(self.names),
            interest=interest,
            payment=payment,
            currency=currency,
            date=when,
        )

    def json_fields(self) -> dict[str, Any]:
        """The figures of the error document a ``--json`` command prints."""
        return {"currency": self.currency, "loans": list(self.names), "interest": self.interest,
                "payment": self.payment, "month": self.period, "date": self.date}  # fmt: skip


_NEVER_BUDGET = N_(
    "{names} would never be paid off: from {date} the interest, {interest} {currency} a "
    "month, is at least the whole budget of {payment}; raise the budget or ask for a "
    "lower rate"
)
_NEVER_TOTAL = N_(
    "{names} would never be paid off: from {date} the interest on them, {interest} "
    "{currency} a month, is at least the whole budget of {payment} and can only grow; "
    "raise the budget or ask the lenders for lower rates"
)
_NEVER_MINIMUM = N_(
    "{names} would never be paid off with minimum payments alone: from {date} the "
    "minimums, {payment} {currency} a month, do not cover the interest of {interest}"
)
_NEVER_GROWS = N_(
    "{names} would never be paid off: by {date} the balance grows past {payment} "
    "{currency} while interest adds {interest} a month"
)


class HorizonExceeded(CannotPayOff):
    """Still owed after :data:`HORIZON_MONTHS` months: reported, never cut short."""

    def __init__(
        self, *, names: Sequence[str], balance: Decimal, currency: str, months: int, when: date
    ) -> None:
        self.names = tuple(names)
        self.balance = balance
        self.currency = currency
        self.months = months
        self.date = when
        super().__init__(
            N_(
                "{names} would still owe {balance} {currency} after {months} months "
                "(on {date}); raise the budget to get a plan that ends"
            ),
            names=", ".join(self.names),
            balance=balance,
            currency=currency,
            months=months,
            date=when,
        )

    def json_fields(self) -> dict[str, Any]:
        """The figures of the error document a ``--json`` command prints."""
        return {"currency": self.currency, "loans": list(self.names), "balance": self.balance,
                "months": self.months, "date": self.date}  # fmt: skip
