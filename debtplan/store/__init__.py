"""The loan file: the only code that reads or writes it.

The file is a TOML document (a plain ``dict``) with a top-level ``schema_version``.
This package knows nothing about loans; the loan model validates the content.

What it promises, and how:

- **Exact money.** Read as TOML 1.0 with ``tomli`` (the standard library's ``tomllib``,
  in its compiled build) and ``parse_float=Decimal``; written with
  ``tomli_w``, which writes a Decimal as its exact digits (``10000.10`` stays
  ``10000.10``; ``Decimal("5")`` is written ``5.0`` so it reads back as a Decimal).
- **Never half-written.** A save writes a temp file in the same folder
  (``.loans.toml.<random>.tmp``), flushes and fsyncs it, ``os.replace``-s it over the
  file and fsyncs the folder. A crash leaves either the old file or the new one, at
  worst plus a stale temp file, which readers never look at and the next save removes.
- **Nothing overwritten unseen.** Editors and other programs take no lock: a
  :func:`transaction` saves only if the file still holds the bytes it read (compared
  under the lock, just before the replace), else it raises and writes nothing. A
  command that reads before it locks (``remove`` asks first) compares the book it
  read with the one read under the lock.
- **One writer at a time.** Every read-modify-write (:func:`transaction`,
  :func:`write_document`, :func:`undo`) holds an exclusive ``flock`` on a sidecar
  ``loans.toml.lock`` (not on the file itself: the replace swaps its inode). Readers
  (:func:`read_document`) take no lock: a replace is atomic, so they see the old file
  or the new one, never a mix.
- **History.** Before a save replaces the file, the current version is copied into
  ``loans.toml.history/`` beside it as ``000001.toml``, ``000002.toml``, ... (the
  highest number is the newest), with the file's mode and its modification time; the
  last ``history`` versions are kept. :func:`undo` restores the newest one and keeps
  the version it replaces as the new newest, so a second undo goes back. Beside each
  copy, ``000007.what`` holds the command that saved that version (one line, as
  typed: ``pay Car 2,451.92``); the current file's waits in ``current.what`` with the
  SHA-256 of the bytes it saved, so that an editor's change is never credited to it.
- **Modes and links.** A new file is created 0600, and every folder debtplan creates
  (the file's folder and its missing parents, the history) 0700; an existing file
  keeps its mode. A symlinked file is written through: the link's target is
  replaced, the link stays. The temp file, the lock and the history live beside the
  target. A hard-linked file is refused, never saved: replacing it would leave its
  other names on the old book, and writing it in place could leave it half-written.
- **Versions.** Files from older schema versions are upgraded in memory through
  :data:`UPGRADES` (and written upgraded only when a command saves); a file from a
  newer debtplan is refused and never written.

Errors a person can fix raise :class:`StoreError` with an English message id and named
values (see :mod:`debtplan.core.text`): what is wrong, where, and how to fix it.

One idea a module: :mod:`~debtplan.store.files` (paths, errors, the atomic write),
:mod:`~debtplan.store.lock`, :mod:`~debtplan.store.schema` (versions and upgrades),
:mod:`~debtplan.store.reading`, :mod:`~debtplan.store.history` (and undo) and
:mod:`~debtplan.store.writing` (saves and transactions). Import from the package.
"""

from debtplan.store.files import (
    MAX_FILE_BYTES,
    StoreError,
    changed_meanwhile,
    default_path,
    history_folder,
    lock_path,
    open_to_others,
)
from debtplan.store.history import (
    DEFAULT_HISTORY,
    HistoryVersion,
    Undone,
    drop_versions,
    forget_commands,
    history_versions,
    undo,
)
from debtplan.store.lock import LOCK_TIMEOUT
from debtplan.store.reading import parse_document, read_document
from debtplan.store.schema import SCHEMA_VERSION, UPGRADES, empty_document, upgrade_document
from debtplan.store.writing import Draft, transaction, write_document

__all__ = [
    "DEFAULT_HISTORY",
    "LOCK_TIMEOUT",
    "MAX_FILE_BYTES",
    "SCHEMA_VERSION",
    "UPGRADES",
    "Draft",
    "HistoryVersion",
    "StoreError",
    "Undone",
    "changed_meanwhile",
    "default_path",
    "drop_versions",
    "empty_document",
    "forget_commands",
    "history_folder",
    "history_versions",
    "lock_path",
    "open_to_others",
    "parse_document",
    "read_document",
    "transaction",
    "undo",
    "upgrade_document",
    "write_document",
]
