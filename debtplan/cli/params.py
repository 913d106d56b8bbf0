"""What each command-line value is called in the help, and the closed sets it is one of.

Typer names a value after its type (``<str>``, ``<int range>``, ``{name}``); a person
wants to read what to type: ``NAME``, ``AMOUNT``, ``DATE``, ``N``, ``FILE``, ``RATE``,
and for a value out of a closed set, the set itself (``shorten|reduce``) or, when the set
is long, a word whose help lists the choices. One table by parameter name serves every
command (``--note`` is a note everywhere); :func:`debtplan.cli.localize.localize` applies
it to each command when it is built, and gives a closed set its completion on <TAB>.
A metavar written where the option is defined wins. ``tests/test_metavars.py`` walks
every command and fails on a Typer default left in the help.
"""

from __future__ import annotations

from collections.abc import Callable

# Python parameter name -> metavar.
METAVARS: dict[str, str] = {
    "name": "NAME", "rename": "NAME", "lender": "NAME", "borrower": "NAME", "collector": "NAME",
    "amount": "AMOUNT", "principal": "AMOUNT", "balance": "AMOUNT", "late_fee": "AMOUNT",
    "upfront_fee": "AMOUNT", "offer": "AMOUNT", "budget": "AMOUNT",
    "prepay_fee": "FEE", "min_payment": "MINIMUM",
    "rate": "RATE", "penalty_rate": "RATE", "fee_rate": "RATE", "penalty_markup": "PERCENT",
    "term": "N", "grace_days": "N", "due_day": "N", "number": "N", "within": "N",
    "version": "N", "remind_days": "N",
    "start": "DATE", "first_due": "DATE", "on": "DATE", "at": "DATETIME",
    "out": "FILE", "currency": "CODE", "allocation": "ORDER", "note": "NOTE",
    "reason": "REASON", "account": "NUMBER", "total_budget": "AMOUNT", "wrong": "WHAT",
    "should": "WHAT", "fmt": "FORMAT",
}  # fmt: skip


def _method() -> list[str]:
    from debtplan.core.model import Method

    return [str(m) for m in Method]


def _lender_type() -> list[str]:
    from debtplan.core.model import LenderType

    return [str(m) for m in LenderType]


def _frequency() -> list[str]:
    from debtplan.core.calendar import Frequency

    return [str(m) for m in Frequency]


def _channel() -> list[str]:
    from debtplan.core.contacts import Channel

    return [str(m) for m in Channel]


def _kind() -> list[str]:
    from debtplan.letters import KINDS

    return list(KINDS)


def _strategy() -> list[str]:
    from debtplan.core.planner import PLAN_STRATEGIES

    return list(PLAN_STRATEGIES)


def _cause() -> list[str]:
    from debtplan.letters.facts import CAUSES

    return list(CAUSES)


def _fixed(*values: str) -> Callable[[], list[str]]:
    return lambda: list(values)


# Python parameter name -> (its choices, loaded when asked for; the metavar when the set
# is too long to be its own metavar, else None: the metavar is "a|b|c").
CLOSED_SETS: dict[str, tuple[Callable[[], list[str]], str | None]] = {
    "method": (_method, "METHOD"),
    "lender_type": (_lender_type, "TYPE"),
    "frequency": (_frequency, None),
    "channel": (_channel, "CHANNEL"),
    "kind": (_kind, "KIND"),
    "strategy": (_strategy, "STRATEGY"),
    "prepay": (_fixed("shorten", "reduce"), None),
    "penalty_base": (_fixed("overdue", "principal"), None),
    "penalty_compound": (_fixed("yes", "no"), None),
    "jurisdiction": (_fixed("cn", "us"), None),
    "day_count": (_fixed("360", "365"), None),
    "lang": (_fixed("en", "zh"), None),
    "cause": (_cause, "CAUSE"),
}


def choices_of(param: object) -> list[str] | None:
    """The closed set ``param`` takes (a click parameter), or ``None``."""
    entry = CLOSED_SETS.get(getattr(param, "name", "") or "")
    if entry is not None:
        return entry[0]()
    choices = getattr(getattr(param, "type", None), "choices", None)  # click.Choice
    return [str(choice) for choice in choices] if choices else None


def metavar_for(param: object) -> str | None:
    """The metavar to show for ``param`` when its definition gives none."""
    name = getattr(param, "name", "") or ""
    entry = CLOSED_SETS.get(name)
    if entry is not None:
        return entry[1] or "|".join(entry[0]())
    if name in METAVARS:
        return METAVARS[name]
    choices = getattr(getattr(param, "type", None), "choices", None)
    if choices:
        return "|".join(str(choice) for choice in choices)
    return None
