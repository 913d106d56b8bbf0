"""JSON for programs: one document on stdout, money as two-decimal strings, dates ISO."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from debtplan.core.money import money_str


def jsonable(value: Any) -> Any:
    """Convert Decimals (money: two-decimal strings), dates, enums and tuples for json."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal | datetime | date | Enum):
        return _encode(value)
    return value


def _encode(value: Any) -> Any:
    """One value json does not know: money as a two-decimal string, a date ISO, an enum's
    value (also json's ``default`` hook)."""
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(document: Any, *, pretty: bool | None = None) -> str:
    """The JSON text of ``document`` (UTF-8, keys in the order given).

    Indented for a person (``pretty``, by default when stdout is a terminal), compact
    for a program, as gh does: Python's fast C encoder only writes compact JSON, and a
    50-year plan of 1,000 loans is 64 MB indented. Decimals, dates and enums go through
    the encoder's ``default`` hook rather than a copy of the whole document.
    """
    if pretty is None:
        import sys

        pretty = sys.stdout.isatty()
    if pretty:
        return json.dumps(document, ensure_ascii=False, indent=2, default=_encode)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=_encode)
