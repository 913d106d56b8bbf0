"""Translatable messages from a pure core.

The core cannot load translation catalogs (that is I/O), so it raises errors that
carry an English message id plus named values. The CLI looks the id up in the
catalog of the user's language and fills in the values. Only our own message ids
are ever used as format strings; user text only ever arrives as a value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def N_(msgid: str) -> str:
    """Mark ``msgid`` for translation without translating it here (gettext's N_)."""
    return msgid


class DebtplanError(ValueError):
    """An error a person can fix; ``str()`` is the English message."""

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(msgid.format(**params))

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The message in the language ``gettext`` translates to."""
        return gettext(self.msgid).format(**self.params)


class InputError(DebtplanError):
    """Something a person typed or wrote in the file cannot be understood."""
