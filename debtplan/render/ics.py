"""iCalendar (RFC 5545) for calendar apps: one all-day event per installment to pay.

The calendar is written here, line by line, rather than built with the icalendar
package: the bytes are the ones icalendar writes for the same events (its property
order, TEXT escaping and line folding; the tests compare the two, and parse every
export with icalendar's parser), but a calendar of 1,000 loans takes milliseconds
instead of seconds, and the command does not pay icalendar's 60 ms import.

UIDs are uuid5(namespace, "<name, case folded>/<installment number>"): the same loan
and installment get the same UID in every export, so a calendar app that imports the
file again updates its events instead of adding copies.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from debtplan.i18n import _
from debtplan.render.text import grouped, literal

if TYPE_CHECKING:
    from debtplan.usecases.export import CalendarEntry

# Never change this: it would change every UID and duplicate every event in every
# user's calendar.
ICS_NAMESPACE_SEED = "https://debtplan.invalid/ics/installment"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, ICS_NAMESPACE_SEED)

# RFC 5545 3.1: content lines SHOULD NOT be longer than 75 octets. Like icalendar, a
# line is folded before the octet that would make it 75 long.
_FOLD_AT = 75


def installment_uid(loan_name: str, number: int) -> str:
    """The calendar UID of installment ``number`` of the loan called ``loan_name``."""
    return f"{uuid.uuid5(_NAMESPACE, f'{_calendar_key(loan_name)}/{number}')}@debtplan"


def _calendar_key(name: str) -> str:
    """The loan part of a UID: the name as people see it, ignoring case and spacing around."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name.strip()).casefold())


def render_calendar(entries: Iterable[CalendarEntry], today: date, remind_days: int) -> bytes:
    """The calendar of ``entries``: all-day events with a reminder ``remind_days`` before.

    ``DTSTAMP`` is ``today`` at 00:00 UTC, so that the same book and date always give
    the same bytes. Summaries show what is still owed on the installment.
    """
    from debtplan import __version__

    chunks = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _fold(f"PRODID:{_text(f'-//debtplan//debtplan {__version__}//EN')}"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _fold(f"X-WR-CALNAME:{_text(_('Loan payments'))}"),
    ]
    # What every event shares; only the text lines can be long enough to fold.
    stamp = f"DTSTAMP:{today:%Y%m%d}T000000Z"
    alarm = f"TRIGGER:{'-' if remind_days else ''}P{remind_days}D\r\nEND:VALARM\r\nEND:VEVENT"
    due = _("{loan}: {amount} {currency} due")
    overdue = _("{loan}: {amount} {currency} overdue")
    for entry in entries:
        inst = entry.installment
        summary = _text(
            (overdue if entry.overdue else due).format(
                loan=literal(entry.loan_name), amount=grouped(inst.total_owed),
                currency=entry.currency,
            )
        )  # fmt: skip
        chunks.append(
            "\r\n".join((
                "BEGIN:VEVENT",
                _fold(f"SUMMARY:{summary}"),
                f"DTSTART;VALUE=DATE:{inst.due_date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{inst.due_date + timedelta(days=1):%Y%m%d}",
                stamp,
                f"UID:{installment_uid(entry.loan_name, inst.number)}",
                _fold(f"DESCRIPTION:{_text(_description(entry))}"),
                "TRANSP:TRANSPARENT",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                _fold(f"DESCRIPTION:{summary}"),
                alarm,
            ))
        )  # fmt: skip
    chunks.append("END:VCALENDAR\r\n")
    return "\r\n".join(chunks).encode("utf-8")


def _description(entry: CalendarEntry) -> str:
    inst, currency = entry.installment, entry.currency
    lines = [
        _("Installment {number} of {count}, due {date}.").format(
            number=inst.number, count=entry.installments, date=inst.due_date.isoformat()
        ),
        _("Principal {principal}, interest {interest} {currency}.").format(
            principal=grouped(inst.principal), interest=grouped(inst.interest),
            currency=currency,
        ),
    ]  # fmt: skip
    if inst.total_paid > 0:
        lines.append(
            _("Already paid {paid}; still owed {owed} {currency}.").format(
                paid=grouped(inst.total_paid), owed=grouped(inst.total_owed),
                currency=currency,
            )
        )  # fmt: skip
    if entry.lender:
        lines.append(_("Lender: {lender}").format(lender=literal(entry.lender)))
    return "\n".join(lines)


def _text(value: str) -> str:
    r"""A TEXT value escaped as RFC 5545 3.3.11 asks, in icalendar's order: ``\N`` is
    taken as a line break, then backslash, semicolon and comma are escaped and every
    line break (CRLF, LF or a lone CR) becomes ``\n``."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """``line`` folded (RFC 5545 3.1) into pieces under 75 octets, each continuation
    starting with a space; never inside a UTF-8 character, and (as icalendar does, for
    readers that need it) never between a backslash and the character it escapes."""
    if len(line) * 4 < _FOLD_AT or len(line.encode("utf-8")) < _FOLD_AT:
        return line
    pieces: list[str] = []
    if line.isascii():  # one octet a character: cut by position (most lines of a calendar)
        start, most = 0, _FOLD_AT - 1
        while len(line) - start > most:
            end = start + most
            if line[end - 1] in "\\^":
                end -= 1
            pieces.append(line[start:end])
            start = end
        pieces.append(line[start:])
        return "\r\n ".join(pieces)
    current: list[str] = []
    octets = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and octets + size >= _FOLD_AT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, octets = [carried], 1
            else:
                pieces.append("".join(current))
                current, octets = [], 0
        current.append(char)
        octets += size
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
