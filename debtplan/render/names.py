"""The names people read for the codes the documents carry (repayment methods, statuses).

Message ids: each is translated when it is shown.
"""

from __future__ import annotations

from debtplan.core.text import N_
from debtplan.i18n import _

METHOD_NAMES = {
    "annuity": N_("annuity"),
    "equal-principal": N_("equal principal"),
    "interest-only": N_("interest only"),
    "lump-sum": N_("lump sum"),
    "flat": N_("flat fee"),
    "revolving": N_("revolving"),
}

STATUS_NAMES = {
    "paid-off": N_("paid off"),
    "overdue": N_("overdue"),
    "due": N_("due"),
    "current": N_("current"),
    "paid": N_("paid"),
    "partly-paid": N_("partly paid"),
    "upcoming": N_("upcoming"),
}


LENDER_TYPE_NAMES = {
    "bank": N_("bank"),
    "card": N_("credit card"),
    "consumer-finance": N_("consumer-finance company"),
    "online": N_("online lender"),
    "private": N_("private lending"),
}


def lender_type_name(code: str) -> str:
    return _(LENDER_TYPE_NAMES[code])


def method_name(code: str) -> str:
    return _(METHOD_NAMES[code])


def status_name(code: str) -> str:
    return _(STATUS_NAMES[code])
