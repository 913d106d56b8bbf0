"""Where the loan file and its companions live, and how a save replaces it.

Paths (a symlink is written through: everything lives beside its target), the
:class:`StoreError` a person can act on and the translation of an ``OSError`` into one,
and the atomic write: a temp file in the same folder, written, fsynced, replaced over
the file, the folder fsynced.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from debtplan.core.text import N_, DebtplanError

NEW_FILE_MODE = 0o600
NEW_FOLDER_MODE = 0o700

# A loan file is a few kilobytes; anything this big is surely the wrong file, and
# reading it whole could exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


class StoreError(DebtplanError):
    """The loan file cannot be read or written; the message says why and what to do."""


# --- paths ---------------------------------------------------------------------------


def default_path() -> Path:
    """``loans.toml`` in the user data folder (``~/.local/share/debtplan`` on Linux)."""
    import platformdirs  # only when no --file/DEBTPLAN_FILE is given

    return platformdirs.user_data_path("debtplan") / "loans.toml"


def history_folder(path: Path) -> Path:
    """The folder holding the earlier versions of ``path`` (beside a symlink's target)."""
    target = target_of(path)
    return target.with_name(target.name + ".history")


def lock_path(path: Path) -> Path:
    """The sidecar lock file of ``path`` (beside a symlink's target)."""
    target = target_of(path)
    return target.with_name(target.name + ".lock")


def target_of(path: Path) -> Path:
    # Write through symlinks: replace the file the link points to, never the link.
    # realpath does not fail on a dangling link (the target gets created) or on a
    # loop (opening it then fails with ELOOP, reported like any other OSError).
    return Path(os.path.realpath(path))


# --- the file as it is -----------------------------------------------------------------


def regular_file(path: Path, target: Path, *, reading: bool) -> os.stat_result | None:
    """``target``'s stat, ``None`` when it does not exist; a folder, FIFO or device (which
    would block or never end) is refused, naming ``path`` as the user gave it."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise os_error(path, err, reading=reading) from err
    if stat.S_ISDIR(info.st_mode):
        raise os_error(path, IsADirectoryError(errno.EISDIR, "Is a directory"), reading=reading)
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(
            N_(
                "{path} is not a regular file; choose another loan file with --file or "
                "DEBTPLAN_FILE"
            ),
            path=str(path),
        )
    return info


def current_file(path: Path, target: Path) -> tuple[bytes | None, os.stat_result | None]:
    """The bytes and stat of the file about to be replaced (``None`` when there is none)."""
    info = regular_file(path, target, reading=False)
    if info is None:
        return None, None
    try:
        return target.read_bytes(), info
    except OSError as err:
        raise os_error(path, err, reading=True) from err


# --- the atomic write ------------------------------------------------------------------


def atomic_write(
    path: Path, target: Path, data: bytes, *, mode: int, owner: tuple[int, int] | None
) -> None:
    """Replace ``target`` with ``data``: temp file, write, fsync, replace, fsync folder."""
    folder = target.parent
    make_folder(path, folder)
    try:
        import tempfile  # only a save needs it (and the random module it loads)

        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise os_error(path, err, reading=False) from err
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
        unlink_quietly(tmp)
        if isinstance(err, OSError):
            raise os_error(path, err, reading=False) from err
        raise
    fsync_folder(folder)


def _keep_owner(fd: int, owner: tuple[int, int]) -> None:
    # Someone saving another user's file (with sudo) must not take it over.
    try:
        os.fchown(fd, *owner)
    except PermissionError:
        pass


def make_folder(path: Path, folder: Path) -> None:
    """Create ``folder`` and any missing parent, each 0700, whatever the umask."""
    if folder.is_dir():
        return
    missing = [folder]
    while not missing[-1].parent.is_dir() and missing[-1].parent != missing[-1]:
        missing.append(missing[-1].parent)
    for new in reversed(missing):  # mkdir(parents=True) would make the parents 0777 - umask
        try:
            new.mkdir(mode=NEW_FOLDER_MODE)
            new.chmod(NEW_FOLDER_MODE)  # mkdir's mode is filtered by the umask
        except FileExistsError as err:
            if new.is_dir():  # another debtplan made it just now
                continue
            in_the_way = NotADirectoryError(errno.ENOTDIR, "Not a directory")
            raise os_error(path, in_the_way, reading=False) from err
        except OSError as err:
            raise os_error(path, err, reading=False) from err


def refuse_hard_links(path: Path, info: os.stat_result) -> None:
    """Raise if the file has other names (hard links): a save replaces the file with a
    new one, which would leave the other names holding the old book."""
    if info.st_nlink > 1:
        raise StoreError(
            N_(
                "{path} has {count} hard links, and a save would split them (it writes a new "
                "file and renames it over this one, so the other names would keep the old "
                "book); nothing was changed. Keep one name and make the others symbolic "
                "links (ln -sf), which debtplan writes through"
            ),
            path=str(path),
            count=info.st_nlink,
        )


def open_to_others(path: Path) -> int | None:
    """The file's permission bits when other users may read or write it, else ``None``
    (also when there is no file, or it cannot be looked at)."""
    try:
        info = target_of(path).stat()
    except OSError:
        return None
    mode = stat.S_IMODE(info.st_mode)
    return mode if stat.S_ISREG(info.st_mode) and mode & 0o077 else None


def fsync_folder(folder: Path) -> None:
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


def unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def remove_stale_temp_files(target: Path) -> None:
    """Remove temp files a killed save left behind (called under the lock).

    Nothing else writes temp files with these names, and every save holds the lock,
    so any such file is a leftover. Readers never look at them.
    """
    stale = list(target.parent.glob(f".{_glob_escape(target.name)}.*.tmp"))
    history = target.with_name(target.name + ".history")
    if history.is_dir():
        stale += history.glob(".*.tmp")
    for leftover in stale:
        unlink_quietly(leftover)


def _glob_escape(name: str) -> str:
    """``name`` with glob's special characters made literal."""
    return re.sub(r"([*?\[])", r"[\1]", name)


# --- errors ----------------------------------------------------------------------------


def changed_meanwhile(path: Path) -> StoreError:
    """The file changed between the command's read and its save (an editor, a sync tool,
    a script): saving would throw that change away, so nothing is saved."""
    return StoreError(
        N_(
            "{path} was changed by another program after this command read it; nothing "
            "was saved and the other change is kept. Check the file (`debtplan check`) and "
            "run the command again"
        ),
        path=str(path),
    )


def os_error(path: Path, err: OSError, *, reading: bool) -> StoreError:
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
