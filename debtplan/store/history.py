"""The earlier versions kept beside the file, and undo, which restores one."""

from __future__ import annotations

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


@dataclass(frozen=True)
class HistoryVersion:
    """One saved earlier version of the loan file (``number``: higher is newer)."""

    number: int
    path: Path
    saved_at: datetime  # when this version was saved as the loan file (UTC)
    size: int  # bytes


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
            raise os_error(chosen.path, err, reading=True) from err
        target = target_of(path)
        current, info = current_file(path, target)
        if current is not None and info is not None:
            refuse_newer(path, current)
            refuse_hard_links(path, info)
            keep_in_history(path, target, current, info)
            mode, owner = stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)
        else:
            mode, owner = stat.S_IMODE(chosen.path.stat().st_mode), None
        atomic_write(path, target, data, mode=mode, owner=owner)
        unlink_quietly(chosen.path)
        fsync_folder(chosen.path.parent)
        return target


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
    return entry


def prune_history(path: Path, target: Path, *, keep: int) -> None:
    for old in history_versions(path)[keep:]:
        unlink_quietly(old.path)


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
                dropped += 1
        if dropped:
            fsync_folder(history_folder(path))
    return dropped
