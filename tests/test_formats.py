"""The formats for programs: JSON (indented only on a terminal), iCalendar, CSV."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtplan.render.csv import cell, render_csv
from debtplan.render.formats import dumps
from debtplan.render.ics import installment_uid, render_calendar
from debtplan.usecases.export import CalendarEntry, calendar_horizon

DOC = {"as_of": date(2026, 11, 28), "amount": Decimal("5307.268"), "name": "车贷", "n": 3}


def test_compact_for_programs_and_indented_for_people():
    compact, pretty = dumps(DOC, pretty=False), dumps(DOC, pretty=True)
    assert compact == '{"as_of":"2026-11-28","amount":"5307.27","name":"车贷","n":3}'
    assert pretty.startswith('{\n  "as_of": "2026-11-28",\n')
    assert json.loads(compact) == json.loads(pretty)


def test_default_follows_whether_stdout_is_a_terminal(monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert "\n" in dumps(DOC)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert "\n" not in dumps(DOC)


# --- iCalendar: our writer against icalendar's --------------------------------------------

ICAL_TEXT = st.text(
    alphabet=st.sampled_from("aZ 09,;:\\^\"'.-é中文ßẞ𝄞\u00a0\u200b%{}")
    | st.characters(blacklist_categories=("Cs",)),
    max_size=120,
)


def installment(number: int, due: date, owed: Decimal, paid: Decimal, overdue: bool):
    from debtplan.core.ledger import InstallmentState, Status

    return InstallmentState(
        number=number, due_date=due, payment=owed + paid, principal=owed + paid - Decimal("1.25"),
        interest=Decimal("1.25"), balance=Decimal("0"), penalty=Decimal("0"),
        late_fee=Decimal("0"), paid_principal=paid, paid_interest=Decimal("0"),
        paid_penalty=Decimal("0"), paid_fees=Decimal("0"), paid_on=None,
        days_overdue=3 if overdue else 0, status=Status.OVERDUE if overdue else Status.UPCOMING,
    )  # fmt: skip


ENTRIES = st.lists(
    st.builds(
        lambda name, lender, currency, number, due, owed, paid, overdue: CalendarEntry(
            name,
            lender,
            currency,
            installment(number, due, owed, paid, overdue),
            number + 5,
            overdue,
        ),
        ICAL_TEXT.filter(str.strip),
        st.none() | ICAL_TEXT.filter(bool),
        st.sampled_from(["CNY", "USD"]),
        st.integers(1, 600),
        st.dates(date(2000, 1, 1), date(2099, 12, 30)),
        st.decimals("1.25", "99999999.99", places=2),
        st.sampled_from([Decimal("0"), Decimal("0.01"), Decimal("1234.50")]),
        st.booleans(),
    ),  # fmt: skip
    max_size=6,
)


def icalendar_oracle(entries, today: date, remind_days: int) -> bytes:
    """The calendar as the icalendar package writes it (how debtplan wrote it before)."""
    from datetime import UTC, datetime, timedelta

    from icalendar import Alarm, Calendar, Event

    from debtplan import __version__
    from debtplan.render.text import grouped, literal

    calendar = Calendar()
    calendar.add("prodid", f"-//debtplan//debtplan {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Loan payments")
    for entry in entries:
        inst, name, currency = entry.installment, literal(entry.loan_name), entry.currency
        word = "overdue" if entry.overdue else "due"
        summary = f"{name}: {grouped(inst.total_owed)} {currency} {word}"
        lines = [f"Installment {inst.number} of {entry.installments}, due {inst.due_date}.",
                 f"Principal {grouped(inst.principal)}, interest {grouped(inst.interest)} "
                 f"{currency}."]  # fmt: skip
        if inst.total_paid > 0:
            lines.append(f"Already paid {grouped(inst.total_paid)}; still owed "
                         f"{grouped(inst.total_owed)} {currency}.")  # fmt: skip
        if entry.lender:
            lines.append(f"Lender: {literal(entry.lender)}")
        event = Event()
        event.add("uid", installment_uid(entry.loan_name, inst.number))
        event.add("dtstamp", datetime(today.year, today.month, today.day, tzinfo=UTC))
        event.add("dtstart", inst.due_date)
        event.add("dtend", inst.due_date + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(days=-remind_days))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


@settings(max_examples=300, deadline=None)
@given(ENTRIES, st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(0, 60))
def test_calendar_bytes_are_icalendars(entries, today, remind_days):
    """Escaping, folding (never inside a character or an escape), property order, the
    reminder: byte for byte what icalendar writes, and what its parser reads back."""
    from icalendar import Calendar

    ours = render_calendar(entries, today, remind_days)
    assert ours == icalendar_oracle(entries, today, remind_days)
    parsed = [c for c in Calendar.from_ical(ours).walk() if c.name == "VEVENT"]
    assert [str(e["uid"]) for e in parsed] == [
        installment_uid(e.loan_name, e.installment.number) for e in entries
    ]
    assert all(len(line) <= 75 for line in ours.split(b"\r\n"))


@pytest.mark.parametrize(
    "name",
    [
        "x" * 200,
        "\\" * 150,
        "a" * 61 + "\\,b" * 30,
        "中" * 80,
        "é^" * 70,
        "𝄞" * 40,
        "a\\Nb;c",
        "^" * 150,
        "a^" * 90,
        "ab^" * 60,
    ],
)
def test_calendar_folds_long_and_escaped_names_as_icalendar_does(name):
    entry = CalendarEntry(name, name, "CNY", installment(1, date(2026, 12, 30), Decimal(
        "507.51"), Decimal("0"), False), 2, False)  # fmt: skip
    ours = render_calendar([entry], date(2026, 11, 28), 3)
    assert ours == icalendar_oracle([entry], date(2026, 11, 28), 3)


@given(st.text())
def test_text_values_are_escaped_as_icalendar_escapes_them(text):
    from icalendar import vText

    from debtplan.render.ics import _text

    assert _text(text).encode("utf-8") == vText(text).to_ical()


def test_installment_uid_is_uuid5_of_the_case_folded_name_and_number():
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "https://debtplan.invalid/ics/installment")
    assert installment_uid(" Car Loan ", 7) == f"{uuid.uuid5(namespace, 'car loan/7')}@debtplan"
    assert installment_uid("STRASSE", 1) == installment_uid("straße", 1)  # casefold


# --- the calendar's horizon -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "months", "last"),
    [
        (date(2026, 11, 28), 12, date(2027, 11, 28)),
        (date(2026, 11, 28), 0, date(2026, 11, 28)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 120, date(2036, 3, 31)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_calendar_horizon_is_today_plus_calendar_months(today, months, last):
    assert calendar_horizon(today, months) == last


def test_calendar_horizon_refuses_a_negative_span():
    with pytest.raises(ValueError, match="months must be 0 or more, not -1"):
        calendar_horizon(date(2026, 11, 28), -1)


# --- CSV cells ------------------------------------------------------------------------------


def test_csv_cells_and_lines():
    assert [cell(v) for v in (None, True, False, Decimal("5307.268"), date(2026, 1, 2),
                              ("fees", "interest"), 3, "车贷")] == [
        "", "true", "false", "5307.27", "2026-01-02", "fees,interest", "3", "车贷",
    ]  # fmt: skip
    text = render_csv(("loan", "amount"), [{"loan": 'a "b", c', "amount": Decimal("1")}])
    assert text == 'loan,amount\r\n"a ""b"", c",1.00\r\n'
