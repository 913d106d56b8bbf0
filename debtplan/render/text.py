"""Plain-text helpers with no heavy imports: literal display, widths, money and dates.

The cron path (`debtplan due`) prints through here, never through rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from debtplan.core.money import cents

# C0/C1 controls and the Unicode bidi controls: shown as escapes, never obeyed, so a
# name pasted from a web page cannot recolour the terminal or reorder the line.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\n\r\t]"
)


def literal(text: str) -> str:
    """``text`` with control and bidi characters shown as escapes (``\\x1b``, ``\\u202e``)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, *, right: bool = False) -> str:
    gap = " " * max(0, columns - width(text))
    return gap + text if right else text + gap


def grouped(amount: Decimal) -> str:
    """1234.5 -> '1,234.50' (two decimals, thousands grouped)."""
    return f"{cents(amount):,.2f}"


def money(amount: Decimal, currency: str | None = None) -> str:
    """An amount for people: '1,234.50 CNY'."""
    return f"{grouped(amount)} {currency}" if currency else grouped(amount)


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def columns(rows: Sequence[Sequence[str]], right: Sequence[bool], gap: str = "  ") -> str:
    """Align rows of cells into text columns; ``right[i]`` right-aligns column i."""
    if not rows:
        return ""
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = (
        gap.join(pad(cell, widths[i], right=right[i]) for i, cell in enumerate(row)).rstrip()
        for row in rows
    )
    return "\n".join(lines)
