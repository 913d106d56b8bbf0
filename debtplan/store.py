"""The loan file: the only code that reads or writes it.

The file is a TOML document (a plain ``dict``) with a top-level ``schema_version``.
This module knows nothing about loans; the loan model validates the content.

What it promises, and how:

- **Exact money.** Read as TOML 1.0 with ``tomli`` (the standard library's ``tomllib``,
  in its compiled build) and ``parse_float=Decimal``; written with
  ``tomli_w``, which writes a Decimal as its exact digits (``10000.10`` stays
  ``10000.10``; ``Decimal("5")`` is written ``5.0`` so it reads back as a Decimal).
- **Never half-written.** A save writes a temp file in the same folder
  (``.loans.toml.<random>.tmp``), flushes and fsyncs it, ``os.replace``-s it over the
  file and fsyncs the folder. A crash leaves either the old file or the new one, at
  worst plus a stale temp file, which readers never look at and the next save removes.
- **One writer at a time.** Every read-modify-write (:func:`transaction`,
  :func:`write_document`, :func:`undo`) holds an exclusive ``flock`` on a sidecar
  ``loans.toml.lock`` (not on the file itself: the replace swaps its inode). Readers
  (:func:`read_document`) take no lock: a replace is atomic, so they see the old file
  or the new one, never a mix.
- **History.** Before a save replaces the file, the current version is copied into
  ``loans.toml.history/`` beside it as ``000001.toml``, ``000002.toml``, ... (the
  highest number is the newest), with the file's mode and its modification time; the
  last ``history`` versions are kept. :func:`undo` restores the newest one and keeps
  the version it replaces as the new newest, so a second undo goes back.
- **Modes and links.** A new file is created 0600 (its folder 0700 if missing); an
  existing file keeps its mode. A symlinked file is written through: the link's
  target is replaced, the link stays. The temp file, the lock and the history live
  beside the target.
- **Versions.** Files from older schema versions are upgraded in memory through
  :data:`UPGRADES` (and written upgraded only when a command saves); a file from a
  newer debtplan is refused and never written.

Errors a person can fix raise :class:`StoreError` with an English message id and named
values (see :mod:`debtplan.core.text`): what is wrong, where, and how to fix it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

# tomli is the package the standard library's tomllib came from (TOML 1.0, the same
# errors, up to 2.3; pyproject.toml keeps it there, since 2.4 reads TOML 1.1). Its wheels
# are compiled with mypyc and parse a loan file in half the time (a 5 MB book: about
# 0.45 s against 0.80 s). Where no compiled wheel exists it is the same pure Python.
import tomli as tomllib

from debtplan.core.text import N_, DebtplanError

SCHEMA_VERSION = 1
"""The schema this debtplan writes. Bump it together with a new entry in UPGRADES."""

NEW_FILE_MODE = 0o600
NEW_FOLDER_MODE = 0o700
DEFAULT_HISTORY = 10
LOCK_TIMEOUT = 30.0
"""Seconds a save waits for another debtplan to finish before giving up."""

# A loan file is a few kilobytes; anything this big is surely the wrong file, and
# reading it whole could exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
# A loan file nests five deep (the document, [[loans]], a loan, its payments, a
# payment). Far deeper nesting is no loan file, and copying or saving it would
# exhaust Python's recursion limit.
MAX_NESTING = 32

_HISTORY_NAME = re.compile(r"^(\d{6,})\.toml$")
_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


class StoreError(DebtplanError):
    """The loan file cannot be read or written; the message says why and what to do."""


@dataclass
class Draft:
    """The document being changed inside a :func:`transaction`; replace or mutate ``doc``.

    ``read`` holds the file's bytes as read (``None``: no file yet) and, after the
    transaction, ``saved`` the bytes the file holds (``None``: nothing was saved).
    ``changed`` is for a transaction opened with ``compare=False``: set it when ``doc``
    was replaced by a changed document.
    """

    path: Path
    doc: dict[str, Any]
    read: bytes | None = None
    saved: bytes | None = None
    changed: bool = False


@dataclass(frozen=True)
class HistoryVersion:
    """One saved earlier version of the loan file (``number``: higher is newer)."""

    number: int
    path: Path
    saved_at: datetime  # when this version was saved as the loan file (UTC)
    size: int  # bytes


# --- schema versions ---------------------------------------------------------------


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


# --- paths ---------------------------------------------------------------------------


def default_path() -> Path:
    """``loans.toml`` in the user data folder (``~/.local/share/debtplan`` on Linux)."""
    import platformdirs  # only when no --file/DEBTPLAN_FILE is given

    return platformdirs.user_data_path("debtplan") / "loans.toml"


def history_folder(path: Path) -> Path:
    """The folder holding the earlier versions of ``path`` (beside a symlink's target)."""
    target = _target(path)
    return target.with_name(target.name + ".history")


def lock_path(path: Path) -> Path:
    """The sidecar lock file of ``path`` (beside a symlink's target)."""
    target = _target(path)
    return target.with_name(target.name + ".lock")


def _target(path: Path) -> Path:
    # Write through symlinks: replace the file the link points to, never the link.
    # realpath does not fail on a dangling link (the target gets created) or on a
    # loop (opening it then fails with ELOOP, reported like any other OSError).
    return Path(os.path.realpath(path))


# --- reading -------------------------------------------------------------------------


def read_document(path: Path) -> dict[str, Any]:
    """The document in ``path``, upgraded to :data:`SCHEMA_VERSION`; a missing file is empty.

    Numbers with a fraction read as exact ``Decimal`` (``10000.10`` -> ``Decimal("10000.10")``).
    Needs no lock: saves replace the file atomically, so a reader sees the old file or the
    new one. Raises :class:`StoreError` for a folder, no permission, an empty or
    zero-filled file, bytes that are not UTF-8, TOML that does not parse (with line and
    column), and a file from a newer debtplan.
    """
    return parse_document(path, _read_bytes(path))


def parse_document(path: Path, data: bytes | None) -> dict[str, Any]:
    """The document in ``data``, the bytes of ``path`` (``None``: no file, an empty
    document); raises as :func:`read_document` does."""
    if data is None:
        return empty_document()
    return _parse(path, data)


def _regular_file(path: Path, target: Path, *, reading: bool) -> os.stat_result | None:
    """``target``'s stat, ``None`` when it does not exist; a folder, FIFO or device (which
    would block or never end) is refused, naming ``path`` as the user gave it."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise _os_error(path, err, reading=reading) from err
    if stat.S_ISDIR(info.st_mode):
        raise _os_error(path, IsADirectoryError(errno.EISDIR, "Is a directory"), reading=reading)
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(
            N_(
                "{path} is not a regular file; choose another loan file with --file or "
                "DEBTPLAN_FILE"
            ),
            path=str(path),
        )
    return info


def _read_bytes(path: Path) -> bytes | None:
    """The bytes of ``path``, or ``None`` when there is no file."""
    info = _regular_file(path, path, reading=True)
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
        raise _os_error(path, err, reading=True) from err


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


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


# --- writing -------------------------------------------------------------------------


def write_document(
    path: Path,
    doc: dict[str, Any],
    *,
    history: int = DEFAULT_HISTORY,
    lock_timeout: float = LOCK_TIMEOUT,
) -> None:
    """Save ``doc`` to ``path`` atomically, keeping the current version in the history.

    Holds the lock (see the module docstring). Writing the text the file already
    holds changes nothing (no history entry). ``history`` is how many earlier
    versions to keep (0: none, and older ones are removed). Refuses to write over a
    file from a newer debtplan.
    """
    with _locked(path, timeout=lock_timeout):
        _write_locked(path, _dumps(doc), history=history, check_current=True)


@contextmanager
def transaction(
    path: Path,
    *,
    history: int | Callable[[dict[str, Any]], int] = DEFAULT_HISTORY,
    lock_timeout: float = LOCK_TIMEOUT,
    compare: bool = True,
) -> Iterator[Draft]:
    """Read, change and save ``path`` while no other debtplan can::

        with transaction(path) as book:
            book.doc["loans"].append(loan)

    The lock is held from before the read to after the save. On a normal exit the
    document is saved if it differs from what was read (as TOML text, so
    ``Decimal("1.5")`` -> ``Decimal("1.50")`` counts as a change); on an exception
    nothing is written. A file from an older schema is saved upgraded only if
    something else changed. ``history`` may be a function of the document being
    saved, so that a setting in the file decides it without a second read.

    ``compare=False`` is for a caller that knows whether it changed the document (it
    replaces ``doc`` and sets ``changed``, never mutating the one read): the document
    read is then neither copied nor written out again to compare.
    """
    with _locked(path, timeout=lock_timeout):
        data = _read_bytes(path)
        doc = parse_document(path, data)
        book = Draft(path=path, doc=doc, read=data)
        # Written out before the caller can touch it: the text to compare against.
        before = _dumps(doc) if compare else None
        yield book
        if compare:
            text = _dumps(book.doc)
            if text == before:
                return
        elif book.changed:
            text = _dumps(book.doc)
        else:
            return
        # Already checked: _parse refused a newer file.
        keep = history(book.doc) if callable(history) else history
        _write_locked(path, text, history=keep, check_current=False)
        book.saved = text


def _dumps(doc: dict[str, Any]) -> bytes:
    import tomli_w  # only commands that save need it

    return tomli_w.dumps(doc).encode("utf-8")


def _write_locked(path: Path, data: bytes, *, history: int, check_current: bool) -> None:
    target = _target(path)
    current, info = _current(path, target)
    if current is not None and info is not None:
        if current == data:
            return
        if check_current:
            _refuse_newer(path, current)
        if history > 0:
            _keep_in_history(path, target, current, info)
        mode, owner = stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)
    else:
        mode, owner = NEW_FILE_MODE, None
    _atomic_write(path, target, data, mode=mode, owner=owner)
    _prune_history(path, target, keep=max(history, 0))
    # debtplan 0.1 kept a derived cache beside the file; the file is now the only source
    # of truth, and the first save removes the leftover.
    _unlink_quietly(target.with_name(target.name + ".cache"))


def _current(path: Path, target: Path) -> tuple[bytes | None, os.stat_result | None]:
    """The bytes and stat of the file about to be replaced (``None`` when there is none)."""
    info = _regular_file(path, target, reading=False)
    if info is None:
        return None, None
    try:
        return target.read_bytes(), info
    except OSError as err:
        raise _os_error(path, err, reading=True) from err


def _refuse_newer(path: Path, current: bytes) -> None:
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


def _atomic_write(
    path: Path, target: Path, data: bytes, *, mode: int, owner: tuple[int, int] | None
) -> None:
    """Replace ``target`` with ``data``: temp file, write, fsync, replace, fsync folder."""
    folder = target.parent
    _make_folder(path, folder)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise _os_error(path, err, reading=False) from err
    tmp = Path(tmp_name)
    try:
        try:
            os.fchmod(fd, mode)  # mkstemp makes 0600; the umask plays no part
            if owner is not None and owner != (os.geteuid(), os.getegid()):
                _keep_owner(fd, owner)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException as err:
        _unlink_quietly(tmp)
        if isinstance(err, OSError):
            raise _os_error(path, err, reading=False) from err
        raise
    _fsync_folder(folder)


def _keep_owner(fd: int, owner: tuple[int, int]) -> None:
    # Someone saving another user's file (with sudo) must not take it over.
    try:
        os.fchown(fd, *owner)
    except PermissionError:
        pass


def _make_folder(path: Path, folder: Path) -> None:
    """Create ``folder`` (0700) if it is missing."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, mode=NEW_FOLDER_MODE)
        folder.chmod(NEW_FOLDER_MODE)  # mkdir's mode is filtered by the umask
    except FileExistsError as err:
        if folder.is_dir():  # another debtplan made it just now
            return
        in_the_way = NotADirectoryError(errno.ENOTDIR, "Not a directory")
        raise _os_error(path, in_the_way, reading=False) from err
    except OSError as err:
        raise _os_error(path, err, reading=False) from err


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable.

    Best effort: some file systems cannot fsync a folder (EINVAL), and by now the
    rename has happened, so reporting "not saved" would be wrong.
    """
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _remove_stale_temp_files(target: Path) -> None:
    """Remove temp files a killed save left behind (called under the lock).

    Nothing else writes temp files with these names, and every save holds the lock,
    so any such file is a leftover. Readers never look at them.
    """
    stale = list(target.parent.glob(f".{_glob_escape(target.name)}.*.tmp"))
    history = target.with_name(target.name + ".history")
    if history.is_dir():
        stale += history.glob(".*.tmp")
    for leftover in stale:
        _unlink_quietly(leftover)


def _glob_escape(name: str) -> str:
    """``name`` with glob's special characters made literal."""
    return re.sub(r"([*?\[])", r"[\1]", name)


# --- history and undo ----------------------------------------------------------------


def history_versions(path: Path) -> list[HistoryVersion]:
    """The earlier versions of ``path`` kept in its history folder, newest first."""
    folder = history_folder(path)
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as err:
        raise _os_error(folder, err, reading=True) from err
    versions = []
    for entry in entries:
        found = _HISTORY_NAME.match(entry.name)
        if not found or not entry.is_file(follow_symlinks=False):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except FileNotFoundError:  # pruned by a save while we looked (readers take no lock)
            continue
        versions.append(
            HistoryVersion(
                number=int(found[1]),
                path=Path(entry.path),
                saved_at=datetime.fromtimestamp(info.st_mtime, UTC),
                size=info.st_size,
            )
        )
    versions.sort(key=lambda version: version.number, reverse=True)
    return versions


def undo(path: Path, *, version: int | None = None, lock_timeout: float = LOCK_TIMEOUT) -> Path:
    """Restore the newest earlier version of ``path`` (or the one numbered ``version``).

    The version being replaced goes into the history as the newest, and the restored
    one leaves it, so ``undo`` twice returns to where you were. Works when the file is
    missing or does not parse (that is when it is needed). Returns the file written
    (a symlink's target). Raises :class:`StoreError` when there is nothing to restore.
    """
    with _locked(path, timeout=lock_timeout):
        versions = history_versions(path)
        if not versions:
            raise StoreError(
                N_(
                    "there is no earlier version of {path} to go back to: {folder} holds "
                    "none. debtplan keeps one there each time it saves the file"
                ),
                path=str(path),
                folder=str(history_folder(path)),
            )
        if version is None:
            chosen = versions[0]
        else:
            matching = [kept for kept in versions if kept.number == version]
            if not matching:
                raise StoreError(
                    N_(
                        "{path} has no earlier version numbered {number}; the numbers kept "
                        "are {numbers}"
                    ),
                    path=str(path),
                    number=version,
                    numbers=", ".join(str(kept.number) for kept in reversed(versions)),
                )
            chosen = matching[0]
        try:
            data = chosen.path.read_bytes()
        except OSError as err:
            raise _os_error(chosen.path, err, reading=True) from err
        target = _target(path)
        current, info = _current(path, target)
        if current is not None and info is not None:
            _refuse_newer(path, current)
            _keep_in_history(path, target, current, info)
            mode, owner = stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)
        else:
            mode, owner = stat.S_IMODE(chosen.path.stat().st_mode), None
        _atomic_write(path, target, data, mode=mode, owner=owner)
        _unlink_quietly(chosen.path)
        _fsync_folder(chosen.path.parent)
        return target


def _keep_in_history(path: Path, target: Path, data: bytes, info: os.stat_result) -> Path:
    """Copy the current version (``data``) into the history as the newest entry."""
    folder = target.with_name(target.name + ".history")
    numbers = [kept.number for kept in history_versions(path)]
    entry = folder / f"{max(numbers, default=0) + 1:06d}.toml"
    _atomic_write(
        folder / entry.name,
        entry,
        data,
        mode=stat.S_IMODE(info.st_mode),
        owner=(info.st_uid, info.st_gid),
    )
    # The entry's time is when this version was saved, for `debtplan history`.
    try:
        os.utime(entry, ns=(info.st_atime_ns, info.st_mtime_ns))
    except OSError:
        pass
    return entry


def _prune_history(path: Path, target: Path, *, keep: int) -> None:
    for old in history_versions(path)[keep:]:
        _unlink_quietly(old.path)


# --- the lock --------------------------------------------------------------------------

_held = threading.local()


@contextmanager
def _locked(path: Path, *, timeout: float) -> Iterator[None]:
    """Hold the exclusive lock of ``path`` (re-entrant within one thread).

    ``flock`` on ``loans.toml.lock`` beside the file: it is released by the kernel
    when the process ends, even when killed, so a crash never leaves it locked.
    """
    target = _target(path)
    lock = target.with_name(target.name + ".lock")
    held: dict[str, int] | None = getattr(_held, "locks", None)
    if held is None:
        held = _held.locks = {}
    key = str(lock)
    if held.get(key):
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return

    fcntl = _fcntl()
    _make_folder(path, target.parent)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, NEW_FILE_MODE)
    except OSError as err:
        raise _os_error(path, err, reading=False) from err
    try:
        if fcntl is not None:
            _acquire(fcntl, fd, path, lock, timeout)
        held[key] = 1
        try:
            _remove_stale_temp_files(target)
            yield
        finally:
            del held[key]
    finally:
        os.close(fd)  # closing releases the flock


def _fcntl() -> Any:
    """The ``fcntl`` module, or ``None`` on Windows (not a target: no lock there)."""
    try:
        import fcntl
    except ImportError:
        return None
    return fcntl


def _acquire(fcntl: Any, fd: int, path: Path, lock: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        except OSError as err:
            raise _os_error(path, err, reading=False) from err
        if time.monotonic() >= deadline:
            raise StoreError(
                N_(
                    "another debtplan has been changing {path} for {seconds} seconds (it holds "
                    "{lock}); try again when it has finished"
                ),
                path=str(path),
                seconds=f"{timeout:g}",
                lock=str(lock),
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


# --- errors ----------------------------------------------------------------------------


def _os_error(path: Path, err: OSError, *, reading: bool) -> StoreError:
    """A :class:`StoreError` saying what went wrong with ``path`` and how to fix it."""
    shown = str(path)
    if isinstance(err, IsADirectoryError) or err.errno == errno.EISDIR:
        return StoreError(
            N_(
                "{path} is a folder, not a loan file; move the folder away, or choose "
                "another loan file with --file or DEBTPLAN_FILE"
            ),
            path=shown,
        )
    if isinstance(err, NotADirectoryError) or err.errno == errno.ENOTDIR:
        return StoreError(
            N_(
                "{path} cannot be used: {blocker} is a file, not a folder; choose another "
                "loan file with --file or DEBTPLAN_FILE"
            ),
            path=shown,
            blocker=str(_file_in_the_way(path)),
        )
    if isinstance(err, PermissionError) or err.errno in (errno.EACCES, errno.EPERM):
        if reading:
            return StoreError(
                N_(
                    "no permission to read {path}; check its owner and mode (ls -l), or "
                    "choose another loan file with --file or DEBTPLAN_FILE"
                ),
                path=shown,
            )
        return StoreError(
            N_(
                "no permission to save {path} (debtplan writes a new file in its folder and "
                "renames it); check the owner and mode of the file and its folder (ls -ld), "
                "or choose another loan file with --file or DEBTPLAN_FILE. Nothing was changed"
            ),
            path=shown,
        )
    reason = err.strerror or str(err)
    if reading:
        return StoreError(N_("cannot read {path}: {reason}"), path=shown, reason=reason)
    if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        return StoreError(
            N_(
                "cannot save {path}: {reason}; free some space or make the disk writable and "
                "try again. Nothing was changed"
            ),
            path=shown,
            reason=reason,
        )
    return StoreError(
        N_("cannot save {path}: {reason}. Nothing was changed"), path=shown, reason=reason
    )


def _file_in_the_way(path: Path) -> Path:
    """The first folder of ``path`` that is in fact a file (or the parent if none is)."""
    for parent in reversed(Path(os.path.abspath(path)).parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return path.parent
