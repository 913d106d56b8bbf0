"""Saving the loan file: a locked read-modify-write that keeps the old version."""

from __future__ import annotations

import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debtplan.store.files import (
    NEW_FILE_MODE,
    atomic_write,
    changed_meanwhile,
    current_file,
    refuse_hard_links,
    target_of,
    unlink_quietly,
)
from debtplan.store.history import DEFAULT_HISTORY, keep_in_history, prune_history, record_what
from debtplan.store.lock import LOCK_TIMEOUT, locked
from debtplan.store.reading import parse_document, read_bytes
from debtplan.store.schema import refuse_newer


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


def write_document(
    path: Path,
    doc: dict[str, Any],
    *,
    history: int = DEFAULT_HISTORY,
    lock_timeout: float = LOCK_TIMEOUT,
    what: str | None = None,
) -> None:
    """Save ``doc`` to ``path`` atomically, keeping the current version in the history.

    Holds the lock (see the module docstring). Writing the text the file already
    holds changes nothing (no history entry). ``history`` is how many earlier
    versions to keep (0: none, and older ones are removed). ``what`` is the command
    that saved it, shown by `debtplan history` once this version is kept (one line, as
    typed). Refuses to write over a file from a newer debtplan.
    """
    with locked(path, timeout=lock_timeout):
        _write_locked(path, _dumps(doc), history=history, check_current=True, what=what)


@contextmanager
def transaction(
    path: Path,
    *,
    history: int | Callable[[dict[str, Any]], int] = DEFAULT_HISTORY,
    lock_timeout: float = LOCK_TIMEOUT,
    compare: bool = True,
    what: str | None = None,
) -> Iterator[Draft]:
    """Read, change and save ``path`` while no other debtplan can::

        with transaction(path) as book:
            book.doc["loans"].append(loan)

    The lock is held from before the read to after the save. Other programs take no
    lock: if the file no longer holds the bytes read when the save comes (an editor
    saved it meanwhile), nothing is written and :class:`StoreError` says so. On a normal exit the
    document is saved if it differs from what was read (as TOML text, so
    ``Decimal("1.5")`` -> ``Decimal("1.50")`` counts as a change); on an exception
    nothing is written. A file from an older schema is saved upgraded only if
    something else changed. ``history`` may be a function of the document being
    saved, so that a setting in the file decides it without a second read.

    ``compare=False`` is for a caller that knows whether it changed the document (it
    replaces ``doc`` and sets ``changed``, never mutating the one read): the document
    read is then neither copied nor written out again to compare.

    ``what``: the command that makes this save, as for :func:`write_document`.
    """
    with locked(path, timeout=lock_timeout):
        data = read_bytes(path)
        before_ours = _last_saved(path)
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
        # A save this thread made meanwhile (a write inside the transaction) is no
        # other program's change: the file must hold what that save wrote.
        ours = _last_saved(path)
        expected = data if ours is before_ours or ours is None else ours[0]
        _write_locked(path, text, history=keep, check_current=False, expected=expected, what=what)
        book.saved = text


def _dumps(doc: dict[str, Any]) -> bytes:
    import tomli_w  # only commands that save need it

    return tomli_w.dumps(doc).encode("utf-8")


_ANY = object()
_saved = threading.local()  # {target: (bytes,)}: what this thread last saved there


def _last_saved(path: Path) -> tuple[bytes] | None:
    saved: dict[str, tuple[bytes]] = getattr(_saved, "files", None) or {}
    return saved.get(str(target_of(path)))


def _remember_saved(target: Path, data: bytes) -> None:
    if getattr(_saved, "files", None) is None:
        _saved.files = {}
    _saved.files[str(target)] = (data,)  # a new tuple each time: identity marks a save


def _write_locked(
    path: Path,
    data: bytes,
    *,
    history: int,
    check_current: bool,
    expected: object = _ANY,
    what: str | None = None,
) -> None:
    """Save ``data``; ``expected``: the bytes the file must still hold (``None``: no file)."""
    target = target_of(path)
    current, info = current_file(path, target)
    if expected is not _ANY and current != expected:
        raise changed_meanwhile(path)
    if current is not None and info is not None:
        if current == data:
            return
        if check_current:
            refuse_newer(path, current)
        refuse_hard_links(path, info)
        if history > 0:
            keep_in_history(path, target, current, info)
        mode, owner = stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)
    else:
        mode, owner = NEW_FILE_MODE, None
    atomic_write(path, target, data, mode=mode, owner=owner)
    record_what(target, data, what if history > 0 else None, mode=mode, owner=owner)
    _remember_saved(target, data)
    prune_history(path, target, keep=max(history, 0))
    # debtplan 0.1 kept a derived cache beside the file; the file is now the only source
    # of truth, and the first save removes the leftover.
    unlink_quietly(target.with_name(target.name + ".cache"))
