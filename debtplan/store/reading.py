"""Reading the loan file: exact numbers, clear errors, no lock needed."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

# tomli is the package the standard library's tomllib came from (TOML 1.0, the same
# errors, up to 2.3; pyproject.toml keeps it there, since 2.4 reads TOML 1.1). Its wheels
# are compiled with mypyc and parse a loan file in half the time (a 5 MB book: about
# 0.45 s against 0.80 s). Where no compiled wheel exists it is the same pure Python.
import tomli as tomllib

from debtplan.core.text import N_
from debtplan.store.files import MAX_FILE_BYTES, StoreError, os_error, regular_file
from debtplan.store.schema import empty_document, upgrade_document

# A loan file nests five deep (the document, [[loans]], a loan, its payments, a
# payment). Far deeper nesting is no loan file, and copying or saving it would
# exhaust Python's recursion limit.
MAX_NESTING = 32

_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


def read_document(path: Path) -> dict[str, Any]:
    """The document in ``path``, upgraded to :data:`SCHEMA_VERSION`; a missing file is empty.

    Numbers with a fraction read as exact ``Decimal`` (``10000.10`` -> ``Decimal("10000.10")``).
    Needs no lock: saves replace the file atomically, so a reader sees the old file or the
    new one. Raises :class:`StoreError` for a folder, no permission, an empty or
    zero-filled file, bytes that are not UTF-8, TOML that does not parse (with line and
    column), and a file from a newer debtplan.
    """
    return parse_document(path, read_bytes(path))


def parse_document(path: Path, data: bytes | None) -> dict[str, Any]:
    """The document in ``data``, the bytes of ``path`` (``None``: no file, an empty
    document); raises as :func:`read_document` does."""
    if data is None:
        return empty_document()
    return _parse(path, data)


def read_bytes(path: Path) -> bytes | None:
    """The bytes of ``path``, or ``None`` when there is no file."""
    info = regular_file(path, path, reading=True)
    if info is None:
        return None
    if info.st_size > MAX_FILE_BYTES:
        raise StoreError(
            N_(
                "{path} is {size} bytes, far too big to be a loan file; choose another "
                "loan file with --file or DEBTPLAN_FILE"
            ),
            path=str(path),
            size=info.st_size,
        )
    try:
        with open(path, "rb") as file:
            return file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None  # removed between stat and open
    except OSError as err:
        raise os_error(path, err, reading=True) from err


def _parse(path: Path, data: bytes) -> dict[str, Any]:
    if not data.strip(b"\x00"):
        # An empty or zero-filled file is what a crash or a full disk leaves behind
        # (debtplan itself never writes one). Reading it as an empty book would let
        # the next save throw every loan away, so refuse.
        raise StoreError(
            N_(
                "{path} is empty ({size} bytes, no text), most likely cut short by a crash "
                "or a full disk; it was left as it is. Run `debtplan undo` to go back to the "
                "previous version, or delete the file to start a new, empty book"
            ),
            path=str(path),
            size=len(data),
        )
    try:
        # utf-8-sig: accept the byte-order mark some Windows editors put first.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, column = _line_column(data, err.start)
        raise StoreError(
            N_(
                "{path}, line {line}, column {column}: byte {byte} (at offset {offset}) is not "
                "UTF-8 text; save the file as UTF-8 in your editor, or run `debtplan undo` to "
                "go back to the previous version"
            ),
            path=str(path),
            line=line,
            column=column,
            byte=f"0x{data[err.start]:02x}",
            offset=err.start,
        ) from err
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except RecursionError:
        doc = None  # nested beyond what the parser can follow: refused just below
    except tomllib.TOMLDecodeError as err:
        line, column, problem = _toml_where(err, text)
        raise StoreError(
            N_(
                "{path}, line {line}, column {column}: {problem}; this is not valid TOML. "
                "Correct the file by hand, or run `debtplan undo` to go back to the previous "
                "version"
            ),
            path=str(path),
            line=line,
            column=column,
            problem=problem,
        ) from err
    if doc is None or _nesting(doc) > MAX_NESTING:
        raise StoreError(
            N_(
                "{path} nests arrays or tables more than {limit} levels deep, which no loan "
                "file does; it was left as it is. Correct the file by hand, or run "
                "`debtplan undo` to go back to the previous version"
            ),
            path=str(path),
            limit=MAX_NESTING,
        )
    return upgrade_document(doc, path=path)


def _nesting(value: object, depth: int = 0) -> int:
    """How deep ``value`` nests lists and dicts; stops counting past :data:`MAX_NESTING`."""
    if depth > MAX_NESTING or not isinstance(value, dict | list):
        return depth
    deepest = depth + 1
    # Only containers are followed: a call per date and amount would cost a tenth of the
    # parse on a book of 100,000 payments.
    for item in value.values() if isinstance(value, dict) else value:
        if isinstance(item, dict | list):
            deepest = max(deepest, _nesting(item, depth + 1))
    return deepest


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of ``offset`` in ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _toml_where(err: tomllib.TOMLDecodeError, text: str) -> tuple[int, int, str]:
    """Line, column and problem of a TOML error.

    Python 3.14 gives ``lineno``/``colno``; before, the place is only in the message:
    ``"Invalid value (at line 2, column 5)"`` or ``"... (at end of document)"``.
    """
    message = str(err.args[0]) if err.args else str(err)
    bare = getattr(err, "msg", None)  # 3.14+: the problem without its place
    problem = bare if isinstance(bare, str) else message
    problem = _TOML_AT_END.sub("", _TOML_WHERE.sub("", problem))
    lineno, colno = getattr(err, "lineno", None), getattr(err, "colno", None)
    if isinstance(lineno, int) and isinstance(colno, int):
        return lineno, colno, problem
    found = _TOML_WHERE.search(message)
    if found:
        return int(found[1]), int(found[2]), problem
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1, problem
