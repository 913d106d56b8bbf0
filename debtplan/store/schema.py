"""Schema versions: older files are upgraded in memory, newer ones refused."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli as tomllib  # not the standard library's: see debtplan.store.reading

from debtplan.core.text import N_
from debtplan.store.files import StoreError

SCHEMA_VERSION = 1
"""The schema this debtplan writes. Bump it together with a new entry in UPGRADES."""


def _upgrade_0_to_1(doc: dict[str, Any]) -> dict[str, Any]:
    # Version 0 is a file written by hand with no schema_version: its content is
    # already version 1's, only the key is missing.
    return {"schema_version": 1, **doc}


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _upgrade_0_to_1,
}
"""``UPGRADES[v]`` turns a version-``v`` document into a version ``v + 1`` one."""


def upgrade_document(doc: dict[str, Any], *, path: Path | str = "<document>") -> dict[str, Any]:
    """Bring ``doc`` up to :data:`SCHEMA_VERSION` (a file with no ``schema_version`` is 0).

    Raises :class:`StoreError` for a version that is not a whole number or is newer
    than this debtplan knows.
    """
    version = doc.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StoreError(
            N_(
                "{path}: schema_version must be a whole number such as {current}, not {value}; "
                "correct it by hand, or run `debtplan undo` to go back to the previous version"
            ),
            path=str(path),
            current=SCHEMA_VERSION,
            value=_shown(version),
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            N_(
                "{path} was written by a newer debtplan (schema {found}; this debtplan "
                "knows up to {current}); upgrade debtplan to use it. The file was left "
                "as it is"
            ),
            path=str(path),
            found=version,
            current=SCHEMA_VERSION,
        )
    while version < SCHEMA_VERSION:
        doc = UPGRADES[version](doc)
        version += 1
        doc["schema_version"] = version
    return doc


def empty_document() -> dict[str, Any]:
    """A book with no loans, as a missing file reads."""
    return {"schema_version": SCHEMA_VERSION, "loans": []}


def refuse_newer(path: Path, current: bytes) -> None:
    """Raise if ``current`` parses as a document from a newer debtplan.

    A file that does not parse may be replaced (it is kept in the history); only a
    newer one is protected, since this debtplan would drop what it does not know.
    """
    try:
        doc = tomllib.loads(current.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return
    version = doc.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        upgrade_document(doc, path=path)  # raises the "newer debtplan" error


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)
