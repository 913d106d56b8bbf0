"""One writer at a time: an exclusive ``flock`` on the sidecar ``loans.toml.lock``."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from debtplan.core.text import N_
from debtplan.store.files import (
    NEW_FILE_MODE,
    StoreError,
    make_folder,
    os_error,
    remove_stale_temp_files,
    target_of,
)

LOCK_TIMEOUT = 30.0
"""Seconds a save waits for another debtplan to finish before giving up."""

_held = threading.local()


@contextmanager
def locked(path: Path, *, timeout: float) -> Iterator[None]:
    """Hold the exclusive lock of ``path`` (re-entrant within one thread).

    ``flock`` on ``loans.toml.lock`` beside the file: it is released by the kernel
    when the process ends, even when killed, so a crash never leaves it locked.
    """
    target = target_of(path)
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
    make_folder(path, target.parent)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, NEW_FILE_MODE)
    except OSError as err:
        raise os_error(path, err, reading=False) from err
    try:
        if fcntl is not None:
            _acquire(fcntl, fd, path, lock, timeout)
        held[key] = 1
        try:
            remove_stale_temp_files(target)
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
            raise os_error(path, err, reading=False) from err
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
