"""`debtplan due` at the interpreter's floor: the cron command without Typer.

cron runs ``debtplan due`` every day and shell loops run it per loan file, so it
must cost no more than starting Python. The console script (:mod:`debtplan.__main__`)
first offers the command line to :func:`run_due`, which recognises the plain forms
of ``due`` (the global ``--file``/``--today``/``--lang`` and their environment
variables, then ``due`` with ``--within N``, ``--exit-code``, ``--json``, in any order
and as ``--opt=value`` too) and answers them without importing Typer. Anything else
(another command, ``--help``, an unknown option, a bad value, a loan file with a
problem, a bug) returns ``None`` before printing a thing, and Typer runs the command
as always, so every message and exit code stays the one the full path gives.

**The cache.** After a successful run the answer's ingredients are kept in
``loans.toml.cache`` beside the loan file (beside a symlink's target): each loan's
ledger after its last payment (:func:`debtplan.core.ledger.snapshot`), which any later
date only accrues, written with ``marshal`` (plain tuples of ints and strings), and the
checked book, pickled but loaded by an unpickler that accepts exactly the classes a
book is made of (``CACHE_CLASSES``) and nothing else. It is written with mode 0600,
atomically (a temp file replaced over it), and keyed by a hash of the loan file's
exact bytes, debtplan's version, the cache format and the size and modification time
of the source files that compute it. It is never required: a missing, unreadable,
corrupt or stale cache is ignored and recomputed, and ``DEBTPLAN_CACHE=0`` turns it
off. It is derived data, as private as the loan file; deleting it is always safe.

Every save by debtplan writes the cache of the bytes it saved (:func:`remember_saved`),
so after ``pay`` the next command starts warm; only a file changed by hand (or by
another program) is read from its text again, and then a loan whose table did not change
takes its ledger snapshot from the stale cache (by a hash of the table as read).
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from debtplan import __version__
from debtplan.core.text import N_
from debtplan.i18n import _

EXIT_DUE = 1
EXIT_OVERDUE = 3
MAX_WITHIN = 3660
CACHE_FORMAT = 4
CACHE_MAGIC = "debtplan due cache"
MAX_FILE_BYTES = 64 * 1024 * 1024  # as debtplan.store: bigger is no loan file
# What computes a snapshot: a change to any of them (an upgrade, an edit in a
# development checkout) makes every cache stale.
_SOURCES = ("cli/cron.py", "core/ledger.py", "core/schedule.py", "core/penalty.py",
            "core/model.py", "core/money.py", "core/calendar.py", "core/contacts.py",
            "store.py")  # fmt: skip
_LANGS = ("en", "zh", "zh-cn", "zh_cn")

STATUS_WORDS = {"overdue": N_("OVERDUE"), "due": N_("due"), "upcoming": N_("upcoming")}


# --- the command line --------------------------------------------------------------------


class _Args:
    __slots__ = ("file", "today", "lang", "within", "exit_code", "as_json")

    def __init__(self) -> None:
        self.file: str | None = None
        self.today: str | None = None
        self.lang: str | None = None
        self.within: str | None = None
        self.exit_code = False
        self.as_json = False


_GLOBAL = {"--file": "file", "--today": "today", "--lang": "lang"}
_ENV = {"file": "DEBTPLAN_FILE", "today": "DEBTPLAN_TODAY", "lang": "DEBTPLAN_LANG"}


def parse_due(argv: Sequence[str], environ: Mapping[str, str]) -> _Args | None:
    """The options of a plain ``due`` command line, or ``None`` for anything else.

    Strict on purpose: whatever is not surely the plain form (a repeated option, a value
    that looks like an option, an empty environment variable, shell completion) is left
    to Typer.
    """
    if any(name.startswith("_") and "COMPLETE" in name for name in environ):
        return None  # shell completion: Typer's
    args = _Args()
    seen: set[str] = set()
    words = list(argv)
    position = 0

    def value_of(word: str) -> tuple[str, str] | None:
        nonlocal position
        name, eq, value = word.partition("=")
        if not eq:
            if position + 1 >= len(words):
                return None
            position += 1
            value = words[position]
        if name in seen or not value or value.startswith("-"):
            return None
        seen.add(name)
        return name, value

    while position < len(words) and words[position] != "due":
        word = words[position]
        if word.partition("=")[0] not in _GLOBAL:
            return None
        found = value_of(word)
        if found is None:
            return None
        setattr(args, _GLOBAL[found[0]], found[1])
        position += 1
    if position >= len(words):
        return None
    position += 1
    while position < len(words):
        word = words[position]
        if word in ("--exit-code", "--json"):
            if word in seen:
                return None
            seen.add(word)
            args.exit_code = args.exit_code or word == "--exit-code"
            args.as_json = args.as_json or word == "--json"
        elif word.partition("=")[0] == "--within":
            found = value_of(word)
            if found is None or not found[1].isascii() or not found[1].isdigit():
                return None
            if int(found[1]) > MAX_WITHIN:
                return None
            args.within = found[1]
        else:
            return None
        position += 1
    for option, variable in _ENV.items():
        if getattr(args, option) is None and variable in environ:
            value = environ[variable]
            if not value:
                return None
            setattr(args, option, value)
    return args


def run_due(argv: Sequence[str], environ: Mapping[str, str]) -> int | None:
    """Answer a plain ``due`` command line: print it and return the exit code, or return
    ``None`` having printed nothing, for Typer to run the command."""
    args = parse_due(argv, environ)
    if args is None:
        return None
    try:
        from debtplan.i18n import detect_language, set_language

        lang = args.lang
        if lang is not None and lang.strip().lower() not in _LANGS:
            return None
        today = date.fromisoformat(args.today.strip()) if args.today else date.today()
        within = int(args.within) if args.within is not None else 7
        set_language(detect_language({"DEBTPLAN_LANG": lang} if lang else environ))
        if args.file is None:
            from debtplan.store import default_path

            path = default_path()
        else:
            path = Path(args.file)
        items = cached_due_items(path.expanduser(), today, within,
                                 use_cache=_use_cache(environ))  # fmt: skip
        text = due_output(items, today, within, as_json=args.as_json)
    except Exception:  # noqa: BLE001 - Typer's path repeats the work and reports it
        return None
    if text:
        sys.stdout.write(text)
        sys.stdout.flush()
    return due_exit(items) if args.exit_code else 0


# --- the answer, shared with the Typer command ----------------------------------------


def due_output(items: list[dict[str, Any]], today: date, within: int, *, as_json: bool) -> str:
    """What ``due`` prints on stdout: one JSON document, the aligned table, or nothing."""
    if as_json:
        from debtplan.render.formats import dumps

        keys = ("loan", "due_date", "amount", "currency", "days_until", "status", "number")
        document = {"as_of": today, "within": within,
                    "items": [{key: item[key] for key in keys} for item in items]}  # fmt: skip
        return dumps(document) + "\n"
    if not items:
        return ""
    from debtplan.render.text import columns, grouped, literal

    rows = [[_("Due date"), _("Loan"), _("Amount"), "", _("When"), _("Status")]]
    rows += [
        [item["due_date"].isoformat(), literal(item["loan"]), grouped(item["amount"]),
         item["currency"], _when(item["days_until"]), _(STATUS_WORDS[item["status"]])]
        for item in items
    ]  # fmt: skip
    heading = _("Due within {days} days, as of {date}:").format(days=within, date=today)
    return heading + "\n" + columns(rows, right=[False, False, True, False, False, False]) + "\n"


def due_exit(items: list[dict[str, Any]]) -> int:
    """``--exit-code``: 3 when something is overdue, 1 when something is due, else 0."""
    if any(item["status"] == "overdue" for item in items):
        return EXIT_OVERDUE
    return EXIT_DUE if items else 0


def _when(days_until: int) -> str:
    if days_until == 0:
        return _("today")
    if days_until > 0:
        return _("in {days} day(s)").format(days=days_until)
    return _("{days} day(s) late").format(days=-days_until)


def due_item(name: str, currency: str, inst: Any, today: date) -> dict[str, Any]:
    """One line of ``due`` for an installment state."""
    status = inst.status.value
    return {"loan": name, "due_date": inst.due_date, "amount": inst.total_owed,
            "currency": currency, "days_until": (inst.due_date - today).days,
            "status": status if status in ("overdue", "due") else "upcoming",
            "number": inst.number}  # fmt: skip


def sort_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    items.sort(key=lambda item: (item["due_date"], item["loan"].casefold(), item["number"]))
    return items


# --- the items -------------------------------------------------------------------------


def due_items(loans: Any, today: date, within: int) -> list[dict[str, Any]]:
    """Unpaid installments overdue, due, or falling due within ``within`` days, soonest
    first, from each loan's full ledger (the reference the cache is tested against)."""
    from debtplan.core.ledger import loan_state

    horizon = today + timedelta(days=within)
    return sort_items([
        due_item(loan.name, loan.currency, inst, today)
        for loan in loans for inst in loan_state(loan, today).installments
        if inst.total_owed > 0 and inst.due_date <= horizon
    ])  # fmt: skip


def _snapshot_items(entries: Sequence[Entry], today: date, within: int) -> list[dict[str, Any]]:
    from debtplan.core.ledger import due_states

    horizon = today + timedelta(days=within)
    return sort_items([
        due_item(name, currency, inst, today)
        for name, currency, snap in entries for inst in due_states(snap, today, horizon)
    ])  # fmt: skip


# --- the cache -------------------------------------------------------------------------
#
# One file beside the loan file:
# marshal.dumps((CACHE_MAGIC, key, entries, book, digests, lent)).
# ``entries``: per loan, marshal bytes of (name, currency, last payment ordinal or None,
# overdue terms, open rows), or None when not computed yet; each loan's kept as bytes so
# that a command needing only the book never unpacks the rows (600,000 of them for 1,000
# loans of 50 years), and a save can carry an untouched loan's over as it is. ``book``:
# the validated book as pickle bytes (see _book_bytes), or None. Either part is filled
# by whoever computes it first. ``digests``: per loan, a hash of its table as read from
# the file, or None: after the file is changed by hand, a loan whose table did not change
# takes its snapshot from the stale cache (of the same code) instead of its ledger again.
# ``lent``: those snapshots, carried over by a cache that holds the book but not yet the
# snapshots, or None.

Entry = tuple[str, str, Any]  # a loan's name, currency and ledger Snapshot

# The books this process has read, by cache key (the loan file's bytes and the code): a
# command that reads the book and then its ledgers unpacks it once. Books are immutable.
_BOOKS: dict[str, Any] = {}


def _remember_book(key: str, book: Any) -> None:
    if len(_BOOKS) >= 4:  # a command reads one file; tests run thousands in one process
        _BOOKS.clear()
    _BOOKS[key] = book


class _Cache:
    """What the cache file holds for the loan file's current bytes, as far as known."""

    def __init__(self, path: Path, data: bytes | None = None) -> None:
        """The cache of ``path`` for its current bytes, or for ``data`` when given."""
        self.path = path
        self.target = os.path.realpath(path)
        self.data = _file_bytes(self.target) if data is None else data
        self.key = _cache_key(self.data) if self.data is not None else ""
        self.entry_bytes: tuple[bytes, ...] | None = None
        self._entries: list[Entry] | None = None
        self.book_bytes: bytes | None = None
        self.digests: tuple[bytes, ...] | None = None
        self.stale: dict[bytes, bytes] = {}  # table digest -> entry, from older bytes
        self.dirty = False
        if self.data is not None:
            self._load()

    def _load(self) -> None:
        try:
            with open(self.target + ".cache", "rb") as file:
                magic, key, entry_bytes, book_bytes, digests, lent = marshal.loads(file.read())
            if magic != CACHE_MAGIC or not isinstance(key, str):
                return
            entry_bytes = entry_bytes if _all_bytes(entry_bytes) else None
            digests = digests if _all_bytes(digests) else None
            if key != self.key:
                # Older bytes of this file, cached by this same code: keep what can be
                # reused loan by loan (a snapshot depends on nothing but its loan).
                same_code = key.rpartition("|")[0] == self.key.rpartition("|")[0]
                if same_code and entry_bytes is not None and digests is not None:
                    if len(digests) == len(entry_bytes):
                        self.stale = dict(zip(digests, entry_bytes, strict=True))
                return
            self.entry_bytes, self.digests = entry_bytes, digests
            self.book_bytes = book_bytes if isinstance(book_bytes, bytes) else None
            if entry_bytes is None and isinstance(lent, dict):  # carried over, see save()
                self.stale = {k: v for k, v in lent.items() if type(k) is type(v) is bytes}
        except Exception:  # noqa: BLE001 - a cache is never required
            self.entry_bytes = self.book_bytes = self.digests = None
            self.stale = {}

    @property
    def entries(self) -> list[Entry] | None:
        """Each loan's (name, currency, snapshot), unpacked on first use; None: not known."""
        if self._entries is None and self.entry_bytes is not None:
            try:
                self._entries = [_entry_from_bytes(blob) for blob in self.entry_bytes]
            except Exception:  # noqa: BLE001 - a cache is never required
                self.entry_bytes = None
        return self._entries

    def known_entries(self) -> dict[bytes, bytes]:
        """Snapshot entries by table digest: this cache's own, and a stale one's."""
        known = dict(self.stale)
        if self.digests is not None and self.entry_bytes is not None:
            if len(self.digests) == len(self.entry_bytes):
                known.update(zip(self.digests, self.entry_bytes, strict=True))
        return known

    def book(self) -> Any:
        """The validated book of these bytes (raises what the store or validation raise)."""
        if self.book_bytes is not None:
            known = _BOOKS.get(self.key)
            if known is not None:  # unpacked already (list: the book, then the ledgers)
                return known
            try:
                book = _book_from_bytes(self.book_bytes)
                _remember_book(self.key, book)
                return book
            except Exception:  # noqa: BLE001 - a cache is never required
                self.book_bytes = None
        from debtplan.core.model import load_book
        from debtplan.store import _parse  # the store's reading of these very bytes

        assert self.data is not None
        doc = _parse(self.path, self.data)
        book = load_book(doc)
        self.book_bytes, self.dirty = _book_bytes(book), True
        # One table per loan, in order (the book has no problems, so none was left out).
        self.digests = tuple(_table_digest(table) for table in doc.get("loans", []))
        _remember_book(self.key, book)
        return book

    def snapshots(self) -> list[Entry]:
        entries = self.entries
        if entries is None:
            from debtplan.core.ledger import snapshot

            loans = self.book().loans
            digests = self.digests if self.digests and len(self.digests) == len(loans) else None
            blobs = []
            entries = []
            for number, loan in enumerate(loans):
                blob = self.stale.get(digests[number]) if digests else None
                if blob is None:  # not in the stale cache: its ledger, worked out now
                    entry = (loan.name, loan.currency, snapshot(loan))
                    blob = _entry_bytes(entry)
                else:
                    entry = _entry_from_bytes(blob)
                entries.append(entry)
                blobs.append(blob)
            self._entries, self.entry_bytes, self.dirty = entries, tuple(blobs), True
        return entries

    def save(self) -> None:
        """Write what is known (0600, atomically), when something new was computed."""
        if not self.dirty or self.data is None:
            return
        # Until the snapshots are worked out, keep those a stale cache can lend for these
        # loans: the command that reads the book first (list) is not the one that needs
        # them (its snapshots, a moment later).
        lent = None
        if self.entry_bytes is None and self.stale and self.digests:
            lent = {d: self.stale[d] for d in self.digests if d in self.stale} or None
        content = marshal.dumps(
            (CACHE_MAGIC, self.key, self.entry_bytes, self.book_bytes, self.digests, lent)
        )
        _write_atomically(self.target + ".cache", content)


def remember_saved(
    path: Path,
    before: bytes | None,
    old_book: Any,
    written: Any,
    saved: bytes,
    *,
    read_tables: Any = None,
    read_digests: Any = None,
) -> None:
    """Cache what a save wrote, so that the next command reads a big book warm.

    ``old_book`` is the book the save started from (the bytes ``before``), with its
    loans' tables as read (``read_tables``) or their digests from the cache
    (``read_digests``); ``written`` is the document saved, ``saved`` its bytes. The
    cached book must be exactly what reading ``saved`` gives, down to each Decimal's
    digits. A loan whose table is written as it was read (same keys, types and digits:
    equal ``repr``, compared by digest) is that loan again, and keeps its ledger
    snapshot; any other loan, and the settings, go through TOML text and back as a read
    would. Anything unexpected leaves no cache: the next command then reads the file.
    """
    if not _use_cache():
        return
    try:
        if read_digests is None:
            if read_tables is None:
                return
            read_digests = [_table_digest(table) for table in read_tables]
        book, entry_bytes, digests = _saved_book(path, before, read_digests, old_book, written)
        if book is None:
            return
        cache = _Cache(path, data=saved)
        cache.book_bytes, cache.entry_bytes = _book_bytes(book), entry_bytes
        cache.digests, cache.dirty = digests, True
        cache.save()
    except Exception:  # noqa: BLE001 - a cache is never required
        return


def _saved_book(
    path: Path, before: bytes | None, read_digests: Any, old_book: Any, written: Any
) -> tuple[Any, tuple[bytes, ...] | None, tuple[bytes, ...] | None]:
    """The book, snapshot entries (or None) and table digests a save leaves in the cache,
    or ``(None, None, None)`` when anything is unexpected."""
    from decimal import Decimal

    import tomli
    import tomli_w

    from debtplan.core.model import Book, book_from_document, loan_from_dict, name_key

    def reread(table: dict[str, Any]) -> dict[str, Any]:
        return tomli.loads(tomli_w.dumps(table), parse_float=Decimal)

    nothing = None, None, None
    if len(read_digests) != len(old_book.loans):
        return nothing
    old = _Cache(path, data=before) if before is not None else None
    known = old.known_entries() if old is not None else {}
    by_key = {loan.key: index for index, loan in enumerate(old_book.loans)}
    loans, digests = [], []
    for table in written.get("loans", []):
        name = table.get("name")
        index = by_key.get(name_key(name), -1) if isinstance(name, str) else -1
        digest = _table_digest(table)
        # Equal repr (by digest): the same keys in the same order, the same types, every
        # Decimal with the same digits. Reading the written table back then gives the
        # table read, and so the loan read.
        if index >= 0 and digest == read_digests[index]:
            loan = old_book.loans[index]
        else:
            read_back = reread({"loan": table})["loan"]
            loan, problems = loan_from_dict(read_back)
            if loan is None or problems:
                return nothing
            digest = _table_digest(read_back)
        loans.append(loan)
        digests.append(digest)
    if len({name_key(loan.name) for loan in loans}) != len(loans):
        return nothing
    settings_only = {key: value for key, value in written.items() if key != "loans"}
    shell, problems = book_from_document(reread(settings_only))
    if problems:
        return nothing
    book = Book(tuple(loans), shell.settings)
    if not known:
        return book, None, tuple(digests)  # the next command that needs them works them out
    from debtplan.core.ledger import snapshot

    entries = tuple(
        known.get(digest) or _entry_bytes((loan.name, loan.currency, snapshot(loan)))
        for digest, loan in zip(digests, loans, strict=True)
    )
    return book, entries, tuple(digests)


def _all_bytes(value: Any) -> bool:
    return isinstance(value, tuple) and all(type(item) is bytes for item in value)


def _table_digest(table: Any) -> bytes:
    """A loan table's fingerprint: equal for tables equal in every key, type and digit."""
    return _text_digest(repr(table))


def _text_digest(text: str) -> bytes:
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - an interpreter without it
        from hashlib import blake2b
    return blake2b(text.encode("utf-8", "backslashreplace"), digest_size=16).digest()


def _answer_for(entries: Sequence[Entry], today: date) -> bool:
    """Whether the snapshots answer for ``today``: no loan has a payment after it (the
    ledger as of ``today`` leaves such a payment out; the snapshot has it in)."""
    return all(snap.through is None or snap.through <= today for _n, _c, snap in entries)


def _use_cache(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("DEBTPLAN_CACHE", "1") != "0"


def cached_due_items(
    path: Path, today: date, within: int, *, use_cache: bool = True
) -> list[dict[str, Any]]:
    """``due``'s items for the loan file at ``path``, from its cache when that is fresh.

    The same items as :func:`due_items` on the book in the file. Raises whatever reading
    the file or validating the book raises; the cache is written only after that.
    """
    cache = _Cache(path) if use_cache else None
    if cache is None or cache.data is None:  # no plain file: the store says what it is
        from debtplan.core.model import load_book
        from debtplan.store import read_document

        return due_items(load_book(read_document(path)).loans, today, within)
    entries = cache.snapshots()
    if _answer_for(entries, today):
        items = _snapshot_items(entries, today, within)
    else:  # a payment dated after today: the ledger as of today leaves it out
        items = due_items(cache.book().loans, today, within)
    cache.save()
    return items


def cached_book(path: Path) -> Any | None:
    """The validated book in ``path`` from the cache (computing and caching it when the
    cache does not hold it yet), or ``None`` for the caller to read the file as always:
    no plain file, ``DEBTPLAN_CACHE=0``, or any problem with the file."""
    if not _use_cache():
        return None
    try:
        cache = _Cache(path)
        if cache.data is None:
            return None
        book = cache.book()
        cache.save()
        return book
    except Exception:  # noqa: BLE001 - the caller reads the file and reports the problem
        return None


def cached_book_of(path: Path, data: bytes | None) -> tuple[Any, tuple[bytes, ...]] | None:
    """The book of ``data`` (the bytes of ``path``, read under its lock) and the digest of
    each loan's table, when the cache holds both for exactly these bytes; else None."""
    if data is None or not _use_cache():
        return None
    try:
        cache = _Cache(path, data=data)
        if cache.book_bytes is None or cache.digests is None:
            return None
        book = cache.book()
        if len(cache.digests) != len(book.loans):
            return None
        return book, cache.digests
    except Exception:  # noqa: BLE001 - the caller reads the file and reports any problem
        return None


def cached_listing(path: Path, today: date) -> tuple[tuple[Any, ...], list[Entry]] | None:
    """The loans of ``path`` WITHOUT their payments, and each loan's snapshot, when the
    cache holds both for the file's bytes and the snapshots answer for ``today`` (no
    payment after it); else ``None``, and the caller reads the book. For ``list``, which
    shows each loan's own fields and its snapshot's figures, never its payments."""
    if not _use_cache():
        return None
    try:
        cache = _Cache(path)
        if cache.data is None or cache.book_bytes is None or cache.entry_bytes is None:
            return None
        loans = _book_from_bytes(cache.book_bytes, payments=False).loans
        entries = cache.entries
    except Exception:  # noqa: BLE001 - the caller reads the file and reports any problem
        return None
    if entries is None or [name for name, _c, _s in entries] != [loan.name for loan in loans]:
        return None
    if not _answer_for(entries, today):
        return None
    return loans, entries


def cached_book_and_snapshots(
    path: Path, today: date
) -> tuple[tuple[Any, ...], list[Entry] | None] | None:
    """The loans of ``path`` and each loan's snapshot, from ONE reading of the file (its
    cache, or the file parsed and then cached); the snapshots are None when they do not
    answer for ``today`` (a payment after it) or cannot be worked out, and the caller
    uses each loan's full ledger. None when the cache is off or the file has a problem:
    the caller reads the book and reports it."""
    if not _use_cache():
        return None
    try:
        cache = _Cache(path)
        if cache.data is None:
            return None
        loans = cache.book().loans
    except Exception:  # noqa: BLE001 - the caller reads the file and reports the problem
        return None
    try:
        entries: list[Entry] | None = cache.snapshots()
    except Exception:  # noqa: BLE001 - the full ledger says what is wrong
        entries = None
    cache.save()
    if entries is not None and not _answer_for(entries, today):
        entries = None
    return loans, entries


def cached_loan(path: Path, name: str) -> tuple[Any, Any] | None:
    """The loan ``name`` finds in ``path`` (as :meth:`Book.find` does) and the book's
    settings, from the cache, unpacking that loan's payments only; ``None`` when the
    cache does not hold the book or has no such loan (the caller reads the book)."""
    if not _use_cache():
        return None
    try:
        from debtplan.core.model import name_key

        cache = _Cache(path)
        if cache.data is None or cache.book_bytes is None:
            return None
        stripped, columns = _unpickled(cache.book_bytes)
        key = name_key(name)
        for loan, column in zip(stripped.loans, columns, strict=True):
            if loan.key == key:
                return _with_payments(loan, column), stripped.settings
    except Exception:  # noqa: BLE001 - the caller reads the file and reports any problem
        return None
    return None


def cache_is_fresh(path: Path) -> bool:
    """Whether the cache holds the book of ``path``'s current bytes: the file validated
    without a single problem (a book is cached only then)."""
    if not _use_cache():
        return False
    try:
        return _Cache(path).book_bytes is not None
    except Exception:  # noqa: BLE001
        return False


def _file_bytes(target: str) -> bytes | None:
    """The loan file's bytes when it is a plain file of a sane size, else ``None``."""
    import stat

    try:
        info = os.stat(target)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        with open(target, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_FILE_BYTES else None


def _cache_key(data: bytes) -> str:
    try:
        from _blake2 import blake2b  # built in; hashlib would load OpenSSL (a few ms)
    except ImportError:  # pragma: no cover - an interpreter without it
        from hashlib import blake2b
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sources = []
    for name in _SOURCES:
        try:
            info = os.stat(os.path.join(root, name))
            sources.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            sources.append("-")
    digest = blake2b(data, digest_size=32).hexdigest()
    # The code's part first: a cache of other bytes by the same code can lend snapshots.
    return f"{CACHE_FORMAT}|{__version__}|{','.join(sources)}|{digest}"


def _entry_bytes(entry: Entry) -> bytes:
    return marshal.dumps(_entries_to_plain([entry])[0])


def _entry_from_bytes(blob: bytes) -> Entry:
    return _entries_from_plain([marshal.loads(blob)])[0]


def _entries_to_plain(entries: list[Entry]) -> tuple[Any, ...]:
    return tuple(
        (name, currency, snap.through.toordinal() if snap.through else None,
         (snap.terms.grace_days, str(snap.terms.late_fee), str(snap.terms.daily_rate),
          snap.terms.on_interest), snap.rows, str(snap.balance))
        for name, currency, snap in entries
    )  # fmt: skip


def _entries_from_plain(loans: Any) -> list[Entry]:
    from decimal import Decimal

    from debtplan.core.ledger import OverdueTerms, Snapshot

    entries = []
    for name, currency, through, terms, rows, balance in loans:
        grace, late_fee, rate, on_interest = terms
        snap = Snapshot(
            date.fromordinal(through) if through is not None else None,
            OverdueTerms(int(grace), Decimal(late_fee), Decimal(rate), bool(on_interest)),
            tuple(rows),
            Decimal(balance),
        )
        entries.append((str(name), str(currency), snap))
    return entries


# The validated book, for every command that reads it: pickled without the payments,
# which go as plain columns (a pickled Payment each would cost several times more to
# load). Only debtplan's own classes, Decimal and dates may be loaded from it: the file
# is ours, 0600 beside the loan file, but nothing else could come out of it anyway.


def _book_bytes(book: Any) -> bytes:
    import pickle
    from dataclasses import replace

    loans = tuple(replace(loan, payments=()) for loan in book.loans)
    payments = tuple(
        tuple(zip(*((p.on.toordinal(), str(p.amount), p.note, p.prepay.value)
                    for p in loan.payments), strict=True)) or ((), (), (), ())
        for loan in book.loans
    )  # fmt: skip
    return pickle.dumps((replace(book, loans=loans), payments), protocol=5)


def _book_from_bytes(blob: bytes, *, payments: bool = True) -> Any:
    """The cached book; with ``payments=False`` its loans without their payments (what
    ``list`` needs beside the snapshots, a fifth of the time on long histories)."""
    from dataclasses import replace

    stripped, columns = _unpickled(blob)
    if not payments:
        return stripped
    loans = tuple(_with_payments(loan, column)
                  for loan, column in zip(stripped.loans, columns, strict=True))  # fmt: skip
    return replace(stripped, loans=loans)


def _unpickled(blob: bytes) -> tuple[Any, Any]:
    """The cached book without payments, and each loan's payments as columns."""
    import io
    import pickle

    from debtplan.core.model import Book

    class Restricted(pickle.Unpickler):
        # Exactly the classes a book is made of: no dotted names, no other module, so a
        # planted cache cannot reach a function such as debtplan.store's os.system.
        def find_class(self, module: str, name: str) -> Any:
            if name in CACHE_CLASSES.get(module, ()):
                return super().find_class(module, name)
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")

    stripped, columns = Restricted(io.BytesIO(blob)).load()
    if not isinstance(stripped, Book) or len(columns) != len(stripped.loans):
        raise ValueError("not a cached book")
    return stripped, columns


def _with_payments(loan: Any, column: Any) -> Any:
    """``loan`` (cached without payments) with its payments rebuilt from their columns."""
    from dataclasses import replace
    from decimal import Decimal

    from debtplan.core.model import Payment, Prepay

    prepay = {choice.value: choice for choice in Prepay}
    day = date.fromordinal
    return replace(loan, payments=tuple(
        Payment(day(on), Decimal(amount), note, prepay[way])
        for on, amount, note, way in zip(*column, strict=True)
    ))  # fmt: skip


CACHE_CLASSES: dict[str, frozenset[str]] = {
    "decimal": frozenset({"Decimal"}),
    "datetime": frozenset({"date", "datetime"}),
    "debtplan.core.model": frozenset({"Book", "Loan", "Settings", "Payment", "ContactRecord",
                                      "RateChange", "Method", "PenaltyBase", "Prepay",
                                      "Component"}),
    "debtplan.core.money": frozenset({"Rate", "RateUnit"}),
    "debtplan.core.calendar": frozenset({"Frequency"}),
}  # fmt: skip


def _write_atomically(cache_path: str, content: bytes) -> None:
    """Write ``content`` to ``cache_path`` (0600, a temp file replaced over it); any
    problem: no cache."""
    folder, base = os.path.split(cache_path)
    # Named like the store's temp files, so that a save tidies one left by a crash.
    temp = os.path.join(folder, f".{base}{os.getpid()}{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
        os.replace(temp, cache_path)
    except Exception:  # noqa: BLE001 - a cache is never required
        try:
            os.unlink(temp)
        except OSError:
            pass
