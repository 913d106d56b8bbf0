"""What ``debtplan due`` prints: one JSON document, an aligned table, or nothing.

Plain text aligned by hand, never rich: cron runs this every day and mails whatever it
prints, so an empty answer prints nothing at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from debtplan.core.due import DueItem
from debtplan.core.text import N_
from debtplan.i18n import _

STATUS_WORDS = {"overdue": N_("OVERDUE"), "due": N_("due"), "upcoming": N_("upcoming")}
JSON_KEYS = ("loan", "due_date", "amount", "currency", "days_until", "status", "number")


def due_json(items: Sequence[DueItem], as_of: date, within: int) -> str:
    """``due --json``: ``{"as_of", "within", "items": [...]}``, money as strings."""
    from debtplan.render.formats import dumps

    rows = [{key: getattr(item, key) for key in JSON_KEYS} for item in items]
    document = {"as_of": as_of, "within": within, "items": rows}
    return dumps(document) + "\n"


def due_text(items: Sequence[DueItem], as_of: date, within: int) -> str:
    """The table people read, or ``""`` when nothing needs attention."""
    if not items:
        return ""
    from debtplan.render.text import columns, grouped, literal

    rows = [[_("Due date"), _("Loan"), _("Amount"), "", _("When"), _("Status")]]
    rows += [
        [item.due_date.isoformat(), literal(item.loan), grouped(item.amount), item.currency,
         _when(item.days_until), _(STATUS_WORDS[item.status])]
        for item in items
    ]  # fmt: skip
    heading = _("Due within {days} days, as of {date}:").format(days=within, date=as_of)
    return heading + "\n" + columns(rows, right=[False, False, True, False, False, False]) + "\n"


def _when(days_until: int) -> str:
    if days_until == 0:
        return _("today")
    if days_until > 0:
        return _("in {days} day(s)").format(days=days_until)
    # "ago", not "late": the status column says whether it is late (or still in grace).
    return _("{days} day(s) ago").format(days=-days_until)
