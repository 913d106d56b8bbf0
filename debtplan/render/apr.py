"""What `debtplan apr` prints: the quote's document (JSON) and its text for people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from debtplan.core.money import ZERO, cents
from debtplan.core.text import N_

LOAN_LINES = {
    "monthly": N_("Borrow {principal}, receive {received}, repay {term} monthly installments "
                  "of {each}: {total} in all."),
    "biweekly": N_("Borrow {principal}, receive {received}, repay {term} installments every "
                   "two weeks of {each}: {total} in all."),
    "weekly": N_("Borrow {principal}, receive {received}, repay {term} weekly installments "
                 "of {each}: {total} in all."),
}  # fmt: skip

if TYPE_CHECKING:
    from debtplan.core.quote import Quote


def quote_document(
    quote: Quote, *, frequency: str, jurisdiction: str, advertised_as_stated: str | None
) -> dict[str, Any]:
    """The `apr --json` document (README "JSON output"): rates are percent strings a year;
    ``advertised_apr`` and ``advertised_as_stated`` only when a rate is advertised, and
    ``times_advertised`` (the nominal APR over it) only when that rate is above 0."""
    from debtplan.usecases.standing import cost_document

    cost = cost_document(quote.cost)
    document: dict[str, Any] = {
        "principal": quote.received + quote.cost.total_fees,
        "received": quote.received,
        "term": len(quote.payments),
        "frequency": frequency,
        "installment": quote.payments[0],
        "last_installment": quote.payments[-1],
        "total_repaid": sum(quote.payments, ZERO),
        "jurisdiction": jurisdiction,
        "lender_type": quote.lender.value,
        **cost,
    }
    if quote.advertised is None:
        del document["advertised_apr"]
    else:
        document["advertised_as_stated"] = advertised_as_stated
        if quote.advertised > 0:
            document["times_advertised"] = cents(quote.cost.nominal_apr / quote.advertised)
    return document
