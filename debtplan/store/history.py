"""The earlier versions kept beside the file, and undo, which restores one."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from debtplan.core.text import N_
from debtplan.store.files import (
    StoreError,
    atomic_write,
    current_file,
    fsync_folder,
    history_folder,
    os_error,
    refuse_hard_links,
    target_of,
    unlink_quietly,
)
from debtplan.store.lock import LOCK_TIMEOUT, locked
from debtplan.store.schema import refuse_newer

DEFAULT_HISTORY = 10

_HISTORY_NAME = re.compile(r"^(\d{6,})\.toml$")
# Beside each kept version ``000007.toml``, ``000007.what``: one line, the command that
# saved that version (as typed, e.g. ``pay Car 2,451.92``). The command that saved the
# current file waits in ``current.what`` (the SHA-256 of the bytes it saved, then the
# command) until the next save keeps the file in the history; an editor's change since
# makes the hash differ, and the version is then kept without a sidecar. Never in the
# loan file itself.
_CURRENT_WHAT = "current.what"


@dataclass(frozen=True)
class HistoryVersion:
    """One saved earlier version of the loan file (``number``: higher is newer)."""

    number: int
    path: Path
    saved_at: datetime  # when this version was saved as the loan file (UTC)
    size: int  # bytes
    what: str | None = None  # the command that saved this version; None: not recorded


@dataclass(frozen=True)
class Undone:
    """What :func:`undo` did: the file written, and the version it replaced (the
    command that saved it, ``None`` if not recorded, and when)."""

    target: Path
    what: str | None
    saved_at: datetime | None


def history_versions(path: Path) -> list[HistoryVersion]:
    """The earlier versions of ``path`` kept in its history folder, newest first."""
    folder = history_folder(path)
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as err:
        raise os_error(folder, err, reading=True) from err
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
                what=_read_what(Path(entry.path).with_suffix(".what")),
            )
        )
    versions.sort(key=lambda version: version.number, reverse=True)
    return versions


def undo(
    path: Path,
    *,
    version: int | None = None,
    nth: int | None = None,
    what: str | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> Undone:
    """Restore the newest earlier version of ``path``, or the one whose file is numbered
    ``version``, or the ``nth`` newest (1: the newest, as `debtplan history` numbers them).

    The version being replaced goes into the history as the newest, and the restored
    one leaves it, so ``undo`` twice returns to where you were. Works when the file is
    missing or does not parse (that is when it is needed). ``what`` is recorded as the
    command that saved the restored file. Returns the file written (a symlink's target)
    and what the replaced version was. Raises :class:`StoreError` when there is nothing to restore.
    """
    with locked(path, timeout=lock_timeout):
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
        if nth is not None:
            if not 1 <= nth <= len(versions):
                raise StoreError(
                    N_(
                        "{path} has no earlier version numbered {number}; `debtplan history` "
                        "numbers the {count} kept from 1 (the newest) to {count}"
                    ),
                    path=str(path),
                    number=nth,
                    count=len(versions),
                )
            chosen = versions[nth - 1]
        elif version is None:
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
            raise os_error(chosen.path, err, reading=True) from err
        target = target_of(path)
        current, info = current_file(path, target)
        replaced_what, replaced_at = None, None
        if current is not None and info is not None:
            refuse_newer(path, current)
            refuse_hard_links(path, info)
            replaced_what = current_what(target, current)
            replaced_at = datetime.fromtimestamp(info.st_mtime, UTC)
            keep_in_history(path, target, current, info)
            mode, owner = stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)
        else:
            mode, owner = stat.S_IMODE(chosen.path.stat().st_mode), None
        atomic_write(path, target, data, mode=mode, owner=owner)
        record_what(target, data, what, mode=mode, owner=owner)
        unlink_quietly(chosen.path)
        unlink_quietly(chosen.path.with_suffix(".what"))
        fsync_folder(chosen.path.parent)
        return Undone(target, replaced_what, replaced_at)


def keep_in_history(path: Path, target: Path, data: bytes, info: os.stat_result) -> Path:
    """Copy the current version (``data``) into the history as the newest entry."""
    folder = target.with_name(target.name + ".history")
    numbers = [kept.number for kept in history_versions(path)]
    entry = folder / f"{max(numbers, default=0) + 1:06d}.toml"
    atomic_write(
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
    what = current_what(target, data)
    if what is not None:
        atomic_write(
            folder / entry.name,
            entry.with_suffix(".what"),
            (what + "\n").encode("utf-8"),
            mode=stat.S_IMODE(info.st_mode),
            owner=(info.st_uid, info.st_gid),
        )
    return entry


def record_what(
    target: Path, data: bytes, what: str | None, *, mode: int, owner: tuple[int, int] | None
) -> None:
    """Note ``what`` (one line) as the command that saved ``data`` to ``target``, for
    the history entry the next save makes; ``None`` forgets any earlier note."""
    folder = target.with_name(target.name + ".history")
    sidecar = folder / _CURRENT_WHAT
    if what is None:
        unlink_quietly(sidecar)
        return
    line = " ".join(what.split())  # one line, whatever was typed
    digest = hashlib.sha256(data).hexdigest()
    atomic_write(sidecar, sidecar, f"{digest}\n{line}\n".encode(), mode=mode, owner=owner)


def current_what(target: Path, data: bytes) -> str | None:
    """The command that saved ``data`` (the file's bytes now), if debtplan noted it and
    nothing changed the file since."""
    sidecar = target.with_name(target.name + ".history") / _CURRENT_WHAT
    try:
        digest, _, line = sidecar.read_text(encoding="utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if digest != hashlib.sha256(data).hexdigest():
        return None
    return line.strip() or None


def _read_what(sidecar: Path) -> str | None:
    try:
        text = sidecar.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text.strip() or None


def forget_commands(
    path: Path, mentions: Callable[[str], bool], *, lock_timeout: float = LOCK_TIMEOUT
) -> None:
    """Delete every recorded command (the sidecars, and the current file's note) for
    which ``mentions(command)`` is true: `remove --purge` forgets the commands that
    named the loan."""
    folder = history_folder(path)
    with locked(path, timeout=lock_timeout):
        try:
            entries = [Path(entry.path) for entry in os.scandir(folder)]
        except OSError:
            return
        for sidecar in entries:
            if sidecar.suffix != ".what":
                continue
            text = _read_what(sidecar)
            if sidecar.name == _CURRENT_WHAT and text is not None:
                text = text.partition("\n")[2]
            if text is not None and mentions(text):
                unlink_quietly(sidecar)
        fsync_folder(folder)


def prune_history(path: Path, target: Path, *, keep: int) -> None:
    for old in history_versions(path)[keep:]:
        unlink_quietly(old.path)
        unlink_quietly(old.path.with_suffix(".what"))


def drop_versions(
    path: Path, holds: Callable[[bytes], bool], *, lock_timeout: float = LOCK_TIMEOUT
) -> int:
    """Delete the kept versions of ``path`` for which ``holds(their bytes)`` is true (under
    the lock); the number deleted. `remove --purge` drops those holding the loan."""
    dropped = 0
    with locked(path, timeout=lock_timeout):
        for version in history_versions(path):
            try:
                data = version.path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError as err:
                raise os_error(version.path, err, reading=True) from err
            if holds(data):
                try:
                    version.path.unlink()
                except OSError as err:
                    raise os_error(version.path, err, reading=False) from err
                unlink_quietly(version.path.with_suffix(".what"))
                dropped += 1
        if dropped:
            fsync_folder(history_folder(path))
    return dropped
