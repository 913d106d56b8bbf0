"""A loan not taken yet: its terms, checked as `add` checks a loan, and the debt it would be.

Before borrowing, a person writes the loan's terms as ``key=value`` pairs (those of
`add`, dashes or underscores), ``name=New phone,principal=6,000,rate=0,method=flat,
fee-rate=0.6%/month,term=12``. The loan starts on ``as_of`` (nothing is saved); without a
currency it takes the only one the person owes, else the caller's fallback; without a
method, revolving when a balance is given, else annuity. The planner then carries it
as any other debt (:func:`~debtplan.core.planning.debt_from_loan`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from debtplan.core.from_document import validate_loan_dict
from debtplan.core.model import Book, Loan
from debtplan.core.planner import Debt
from debtplan.core.planning import debt_from_loan
from debtplan.core.text import N_, InputError

# The fields a prospective loan takes: those of `add`, except its start (as_of).
PROSPECT_FIELDS = (
    "name", "lender", "currency", "method", "principal", "balance", "rate", "term",
    "frequency", "first_due", "due_day", "grace_days", "penalty_rate", "penalty_markup",
    "penalty_base", "penalty_compound", "late_fee", "upfront_fee", "fee_rate", "min_payment",
    "day_count", "allocation", "jurisdiction", "lender_type", "note",
)  # fmt: skip

_KEY = re.compile(r"\s*[A-Za-z][A-Za-z_-]*\s*")


@dataclass(frozen=True)
class ProspectiveLoan:
    """A loan being considered: the loan as `add` would save it, and the debt it adds
    to a plan from ``as_of`` (it owes its whole principal)."""

    loan: Loan
    debt: Debt


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


def prospective_loan(
    text: str,
    book: Book,
    as_of: date,
    *,
    owed_currencies: Sequence[str],
    fallback_currency: str,
    default_name: str,
) -> ProspectiveLoan:
    """The loan ``text`` describes (see the module docstring), validated exactly like
    `add`, starting on ``as_of``; its name must be new to ``book``.

    ``owed_currencies``: the currencies of the debts planned, in order; the loan takes
    the only one of them when it names none, else ``fallback_currency``.
    ``default_name``: its name when the terms give none (in the person's language).
    """
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
    raw.setdefault("name", default_name)
    if len(owed_currencies) == 1:
        raw.setdefault("currency", owed_currencies[0])
    else:
        raw.setdefault("currency", fallback_currency)
    raw["start"] = as_of.isoformat()
    if "method" not in raw:
        raw["method"] = "revolving" if "balance" in raw else "annuity"
    loan = validate_loan_dict(raw)
    if book.find(loan.name) is not None:
        raise InputError(
            N_("the book already has a loan named {name!r}; give the new one another name"),
            name=loan.name,
        )
    debt = debt_from_loan(loan, as_of)
    assert debt is not None  # a new loan owes its principal
    return ProspectiveLoan(loan, debt)
