"""Plain-text helpers with no heavy imports: literal display, widths, money and dates.

The cron path (`debtplan due`) prints through here, never through rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from debtplan.core.model import INVISIBLE
from debtplan.core.money import cents

# C0/C1 controls, and the characters that show as nothing (bidi controls, zero-width
# spaces and joiners, variation selectors...; see debtplan.core.model.INVISIBLE): shown
# as escapes, never obeyed, so a name pasted from a web page cannot recolour the
# terminal, reorder the line, or pass for another name ("Car" and "Car\u200b").
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\n\r\t{INVISIBLE}]")
_ZWJ = "\u200d"
_EMOJI_VARIATION = ("\ufe0e", "\ufe0f")


def literal(text: str) -> str:
    """``text`` with control and invisible characters shown as escapes (``\\x1b``,
    ``\\u202e``, ``\\u200b``); the joiner and variation selector inside an emoji
    (❤️, 👩‍💻) stay as they are, since there they show."""
    return _UNSAFE.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    char, text, at = found.group(), found.string, found.start()
    if _in_emoji(char, text[at - 1] if at else "", text[at + 1 : at + 2]):
        return char
    return char.encode("unicode_escape").decode("ascii")


def _in_emoji(char: str, before: str, after: str) -> bool:
    """Whether ``char`` between ``before`` and ``after`` is part of an emoji."""
    if char in _EMOJI_VARIATION:  # after a symbol, or a keycap's digit (1️⃣)
        return (before != "" and before in "0123456789#*" and after == "\u20e3") or _symbol(before)
    if char == _ZWJ:  # between two emoji (👩‍💻), the first maybe with its selector
        return _symbol(after) and (_symbol(before) or before in _EMOJI_VARIATION)
    return False


def _symbol(char: str) -> bool:
    return bool(char) and unicodedata.category(char) in ("So", "Sk")


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
