"""The interface language: English message ids, Chinese from a gettext catalog.

English needs no catalog, so the cron path in English never imports gettext.
The catalog lives in ``debtplan/locale/zh_CN/LC_MESSAGES/debtplan.po`` (compiled
to ``.mo`` beside it by ``python scripts/extract_messages.py``, which also
collects the message ids from the source; ``--check`` tells what is missing).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh")
# What --lang and DEBTPLAN_LANG accept.
LANGUAGE_NAMES = ("en", "zh", "zh-cn", "zh_cn")
_state = {"lang": "en"}


def detect_language(env: Mapping[str, str] = os.environ) -> str:
    """``DEBTPLAN_LANG`` if set, else zh for a Chinese locale (LC_ALL, LC_MESSAGES, LANG)."""
    chosen = env.get("DEBTPLAN_LANG", "").strip().lower()
    if chosen:
        return "zh" if chosen.startswith("zh") else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def default_currency(env: Mapping[str, str] = os.environ) -> str:
    """The currency a new loan gets when none is given: from the locale's territory."""
    territory = {"CN": "CNY", "TW": "TWD", "HK": "HKD", "SG": "SGD", "GB": "GBP", "US": "USD",
                 "CA": "CAD", "AU": "AUD", "JP": "JPY", "DE": "EUR", "FR": "EUR"}  # fmt: skip
    for name in ("LC_ALL", "LC_MONETARY", "LANG"):
        value = env.get(name, "")
        if "_" in value:
            code = value.split("_", 1)[1][:2].upper()
            if code in territory:
                return territory[code]
    return "CNY" if current_language() == "zh" else "USD"


def set_language(lang: str) -> None:
    _state["lang"] = lang


def current_language() -> str:
    return _state["lang"]


@cache
def _catalog(lang: str) -> Callable[[str], str]:
    import gettext

    locale_dir = Path(__file__).parent / "locale"
    translation = gettext.translation(
        "debtplan", localedir=locale_dir, languages=["zh_CN"], fallback=True
    )
    return translation.gettext


def _(msgid: str) -> str:
    """``msgid`` in the interface language."""
    lang = _state["lang"]
    if lang == "en":
        return msgid
    return _catalog(lang)(msgid)
