"""The loan file: exact money, modes, links, bad files, versions, history, undo, locks,
and what survives a killed writer, twenty writers at once and readers during writes."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from debtplan import store
from debtplan.store import StoreError, schema

D = Decimal
TESTS = Path(__file__).parent
DATA = TESTS / "data"
HELPER = TESTS / "helpers_store_writer.py"

# The figures quoted in the README's "Your data" section.
KILLS = 200
CONCURRENT_WRITERS = 20


@pytest.fixture
def loans(tmp_path: Path) -> Path:
    return tmp_path / "loans.toml"


def book(*names: str, **extra: Any) -> dict[str, Any]:
    return {
        "schema_version": store.SCHEMA_VERSION,
        "loans": [{"name": name, "principal": D("1000.00")} for name in names],
        **extra,
    }


def temp_files(folder: Path) -> list[Path]:
    found = list(folder.glob(".*.tmp"))
    history = folder / "loans.toml.history"
    if history.is_dir():
        found += history.glob(".*.tmp")
    return found


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_zero() -> Iterator[None]:
    # With no umask, only debtplan's own choice of mode can make a file private.
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


# --- exact round trips -------------------------------------------------------------------


def test_money_is_written_and_read_back_exactly(loans: Path) -> None:
    doc = book(
        term=36,
        principal=D("10000.10"),
        rate=D("0.0425"),
        huge=D("12345678901234567.89"),
        whole=D("5"),
    )
    store.write_document(loans, doc)

    text = loans.read_text("utf-8")
    assert "principal = 10000.10\n" in text  # a float would have written 10000.1
    assert "huge = 12345678901234567.89\n" in text
    back = store.read_document(loans)
    assert str(back["principal"]) == "10000.10"
    assert str(back["rate"]) == "0.0425"
    assert str(back["huge"]) == "12345678901234567.89"
    # A whole Decimal is written 5.0 so that it comes back a Decimal, not an int.
    assert isinstance(back["whole"], Decimal) and back["whole"] == 5
    assert back["term"] == 36 and isinstance(back["term"], int)
    assert back == doc


def test_hostile_text_is_stored_exactly(loans: Path) -> None:
    names = [
        "[red]not red[/red]",
        "\x1b[31mescape\x1b[0m\x07",
        "\u202eevil\u202c",
        'quote " and """ and \'\'\' and \\',
        "line\nbreak\ttab",
        "{{ template }} ${HOME} %s",
        "nul \x00 char",
        "花呗 💳",
    ]
    store.write_document(loans, book(*names))
    assert [loan["name"] for loan in store.read_document(loans)["loans"]] == names


def test_a_missing_file_is_an_empty_book(tmp_path: Path) -> None:
    assert store.read_document(tmp_path / "no" / "such" / "loans.toml") == {
        "schema_version": store.SCHEMA_VERSION,
        "loans": [],
    }
    assert not (tmp_path / "no").exists()  # reading creates nothing


def test_the_same_document_writes_the_same_bytes_once(loans: Path) -> None:
    store.write_document(loans, book("a", "b"))
    first = loans.read_bytes()
    inode = loans.stat().st_ino
    store.write_document(loans, book("a", "b"))
    assert loans.read_bytes() == first
    assert loans.stat().st_ino == inode  # not even replaced
    assert store.history_versions(loans) == []


@pytest.mark.skipif(sys.platform != "linux", reason="XDG folders are Linux's")
def test_default_path_is_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert store.default_path() == tmp_path / "data" / "debtplan" / "loans.toml"


def test_importing_the_store_loads_neither_tomli_w_nor_platformdirs() -> None:
    # `debtplan due` runs from cron: it reads the file and must not pay for writing.
    code = (
        "import sys, debtplan.store; print(sorted({'tomli_w', 'platformdirs'} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=_child_env(), capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- modes and links -----------------------------------------------------------------------


def test_a_new_file_is_0600_in_a_new_0700_folder(tmp_path: Path, umask_zero: None) -> None:
    loans = tmp_path / "new" / "loans.toml"
    store.write_document(loans, book("a"))
    assert mode(loans) == 0o600
    assert mode(loans.parent) == 0o700
    assert mode(loans.parent / "loans.toml.lock") == 0o600


def test_an_existing_mode_is_kept_and_backups_share_it(loans: Path, umask_zero: None) -> None:
    store.write_document(loans, book("a"))
    loans.chmod(0o640)
    store.write_document(loans, book("a", "b"))
    store.write_document(loans, book("a", "b", "c"))
    assert mode(loans) == 0o640
    versions = store.history_versions(loans)
    assert len(versions) == 2
    assert [mode(version.path) for version in versions] == [0o640, 0o640]


def test_a_symlinked_file_is_written_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "real.toml"
    real.parent.mkdir()
    store.write_document(real, book("a"))
    link = tmp_path / "loans.toml"
    link.symlink_to(Path("synced") / "real.toml")  # relative, as `ln -s` makes them

    store.write_document(link, book("a", "b"))

    assert link.is_symlink()
    assert os.readlink(link) == str(Path("synced") / "real.toml")
    assert [loan["name"] for loan in store.read_document(real)["loans"]] == ["a", "b"]
    # The temp file, the lock and the history live beside the target, not the link.
    assert (real.parent / "real.toml.lock").exists()
    assert [v.path.parent for v in store.history_versions(link)] == [
        real.parent / "real.toml.history"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loans.toml", "synced"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "loans.toml"
    link.symlink_to(tmp_path / "elsewhere.toml")
    store.write_document(link, book("a"))
    assert link.is_symlink()
    assert store.read_document(tmp_path / "elsewhere.toml") == book("a")


# --- files that cannot be used ---------------------------------------------------------------


def bad_file_cases(tmp_path: Path) -> dict[str, tuple[Path, list[str]]]:
    """Paths that every operation must refuse, with the words the message must hold."""
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder\n")
    empty = tmp_path / "empty.toml"
    empty.write_bytes(b"")
    zeros = tmp_path / "zeros.toml"
    zeros.write_bytes(b"\x00" * 4096)  # what some file systems leave after a power cut
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(b'schema_version = 1\n[[loans]]\nname = "caf\xe9"\n')
    broken = tmp_path / "broken.toml"
    broken.write_text('schema_version = 1\n[[loans]]\nname = "a"\nprincipal = 12,5\n')
    unclosed = tmp_path / "unclosed.toml"
    unclosed.write_text("schema_version = 1\nloans = [\n")
    bad_version = tmp_path / "bad_version.toml"
    bad_version.write_text('schema_version = "one"\n')
    newer = tmp_path / "newer.toml"
    newer.write_text(f"schema_version = {store.SCHEMA_VERSION + 1}\nfuture = true\n")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    return {
        "folder": (folder, [f"{folder} is a folder", "--file"]),
        "parent is a file": (
            blocker / "loans.toml",
            [f"{blocker} is a file, not a folder", "--file"],
        ),
        "empty": (empty, ["is empty (0 bytes", "debtplan undo", "delete the file"]),
        "zero-filled": (zeros, ["is empty (4096 bytes", "debtplan undo"]),
        "not UTF-8": (
            latin1,
            ["line 3, column 12", "byte 0xe9 (at offset 40)", "save the file as UTF-8"],
        ),
        "bad TOML": (broken, ["line 4, column 15", "Expected newline", "not valid TOML", "undo"]),
        "TOML cut short": (unclosed, ["line 3, column 1", "not valid TOML"]),
        "bad schema_version": (bad_version, ["schema_version must be a whole number", "'one'"]),
        "newer": (
            newer,
            [f"written by a newer debtplan (schema {store.SCHEMA_VERSION + 1}", "upgrade"],
        ),
        "fifo": (fifo, ["is not a regular file", "--file"]),
    }


CASES = [
    "folder",
    "parent is a file",
    "empty",
    "zero-filled",
    "not UTF-8",
    "bad TOML",
    "TOML cut short",
    "bad schema_version",
    "newer",
    "fifo",
]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file under ``folder`` with its bytes (None for anything but a regular file)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        if stat.S_ISREG(path.lstat().st_mode)
        else None
        for path in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("case", CASES)
def test_a_bad_file_is_refused_with_what_where_and_how(tmp_path: Path, case: str) -> None:
    path, words = bad_file_cases(tmp_path)[case]
    with pytest.raises(StoreError) as raised:
        store.read_document(path)
    message = str(raised.value)
    for word in words:
        assert word in message
    # The message is a translatable id plus values; user data never is the format string.
    assert raised.value.msgid.format(**raised.value.params) == message
    assert "{path}" in raised.value.msgid
    assert "Traceback" not in message


@pytest.mark.parametrize("case", CASES)
def test_a_bad_file_is_never_written(tmp_path: Path, case: str) -> None:
    path, words = bad_file_cases(tmp_path)[case]
    before = snapshot(tmp_path)
    with pytest.raises(StoreError):
        with store.transaction(path) as held:
            held.doc["loans"] = [{"name": "should not land"}]
    assert snapshot(tmp_path) == {**before, **_lock_of(path, tmp_path)}


def _lock_of(path: Path, folder: Path) -> dict[str, bytes | None]:
    # The one file a refused transaction may leave: the (empty) lock beside the file.
    lock = Path(os.path.realpath(path)).with_name(Path(path).name + ".lock")
    return {str(lock.relative_to(folder)): b""} if lock.exists() else {}


def test_writing_over_a_folder_or_a_newer_file_is_refused(tmp_path: Path) -> None:
    cases = bad_file_cases(tmp_path)
    for case in ("folder", "newer"):
        path, words = cases[case]
        before = snapshot(tmp_path)
        with pytest.raises(StoreError, match=words[0].replace("(", r"\(")):
            store.write_document(path, book("a"))
        assert snapshot(tmp_path) == {**before, **_lock_of(path, tmp_path)}


def test_a_utf8_byte_order_mark_is_accepted(loans: Path) -> None:
    loans.write_bytes(b"\xef\xbb\xbfschema_version = 1\nloans = []\n")
    assert store.read_document(loans) == book()


def test_toml_errors_at_the_end_of_the_document_have_a_place(loans: Path) -> None:
    loans.write_text('schema_version = 1\nname = "never closed')
    with pytest.raises(StoreError, match=r"line 2, column 21: Unterminated string"):
        store.read_document(loans)


def _run_as_nobody(action: Callable[[], object]) -> str:
    """Run ``action`` in a child process without root's rights; the StoreError it raised."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        result = "no error"
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            action()
        except StoreError as err:
            result = "StoreError: " + str(err)
        except BaseException as err:
            result = f"{type(err).__name__}: {err}"
        finally:
            os.write(write_end, result.encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        result = pipe.read().decode()
    os.waitpid(pid, 0)
    return result


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    # tmp_path lives in a 0700 folder another user cannot even enter; this one is 0755.
    folder = Path(tempfile.mkdtemp(prefix="debtplan-perm-"))
    folder.chmod(0o755)
    yield folder
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() else path.rmdir()
    folder.rmdir()


def test_no_permission_to_read_or_save(shared_folder: Path) -> None:
    # Root reads everything, so as root the test drops to `nobody` in a child process.
    loans = shared_folder / "loans.toml"
    store.write_document(loans, book("a"))
    before = loans.read_bytes()

    if os.geteuid() == 0:
        read = _run_as_nobody(lambda: store.read_document(loans))
        loans.chmod(0o644)  # readable, but the folder is not writable for nobody

        def save() -> None:
            with store.transaction(loans) as held:
                held.doc["loans"] = []

        saved = _run_as_nobody(save)
    else:
        loans.chmod(0o000)
        try:
            store.read_document(loans)
            read = "no error"
        except StoreError as err:
            read = "StoreError: " + str(err)
        loans.chmod(0o644)
        shared_folder.chmod(0o555)
        try:
            store.write_document(loans, book())
            saved = "no error"
        except StoreError as err:
            saved = "StoreError: " + str(err)
        finally:
            shared_folder.chmod(0o755)

    assert read.startswith(f"StoreError: no permission to read {loans}; check its owner")
    assert saved.startswith(f"StoreError: no permission to save {loans}")
    assert "Nothing was changed" in saved
    assert loans.read_bytes() == before


# --- schema versions -------------------------------------------------------------------------


def test_every_older_schema_has_an_upgrade_and_a_stored_old_file() -> None:
    assert sorted(store.UPGRADES) == list(range(store.SCHEMA_VERSION))
    for version in range(store.SCHEMA_VERSION):
        assert (DATA / f"schema{version}.toml").is_file()


def test_a_schema_0_file_is_upgraded_in_memory_and_saved_upgraded(tmp_path: Path) -> None:
    loans = tmp_path / "loans.toml"
    old = (DATA / "schema0.toml").read_bytes()
    loans.write_bytes(old)

    doc = store.read_document(loans)
    assert doc["schema_version"] == 1
    assert [loan["name"] for loan in doc["loans"]] == ["Car loan", "花呗"]
    assert doc["loans"][0]["principal"] == D("10000.10")
    assert doc["loans"][0]["payments"] == [{"date": date(2024, 2, 15), "amount": D("296.85")}]
    assert str(doc["loans"][1]["balance"]) == "1234.50"

    with store.transaction(loans):
        pass  # a command that changes nothing leaves an old file as it was
    assert loans.read_bytes() == old

    with store.transaction(loans) as held:
        held.doc["loans"][1]["note"] = "paid in full"
    text = loans.read_text("utf-8")
    assert text.startswith("schema_version = 1\n")
    assert store.read_document(loans) == {
        **doc,
        "loans": [doc["loans"][0], {**doc["loans"][1], "note": "paid in full"}],
    }
    # The hand-written original is kept, byte for byte.
    assert store.history_versions(loans)[0].path.read_bytes() == old


def test_upgrades_run_in_order_from_the_file_version(
    loans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The machinery for when there are more versions: 1 -> 2 -> 3, each step once.
    steps: list[int] = []

    def to_2(doc: dict[str, Any]) -> dict[str, Any]:
        steps.append(1)
        for loan in doc["loans"]:
            loan["rate"] = D(loan.pop("rate_percent"))
        return doc

    def to_3(doc: dict[str, Any]) -> dict[str, Any]:
        steps.append(2)
        assert doc["schema_version"] == 2
        return {**doc, "history": []}

    # The schema module owns the version and the upgrades that read_document follows.
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(schema, "UPGRADES", {**schema.UPGRADES, 1: to_2, 2: to_3})
    loans.write_text('schema_version = 1\n[[loans]]\nname = "a"\nrate_percent = "4.25"\n')

    assert store.read_document(loans) == {
        "schema_version": 3,
        "loans": [{"name": "a", "rate": D("4.25")}],
        "history": [],
    }
    assert steps == [1, 2]
    steps.clear()
    loans.write_text("schema_version = 3\nloans = []\n")
    store.read_document(loans)
    assert steps == []


# --- history and undo --------------------------------------------------------------------------


def test_history_keeps_the_last_n_versions(loans: Path) -> None:
    for n in range(1, 16):
        store.write_document(loans, book(counter=n), history=10)
    versions = store.history_versions(loans)
    assert [version.number for version in versions] == list(range(14, 4, -1))
    # Each entry is the version its save replaced: 14 replaced by 15, ... 5 by 6.
    assert [store.read_document(version.path)["counter"] for version in versions] == list(
        range(14, 4, -1)
    )
    assert [version.size for version in versions] == [
        version.path.stat().st_size for version in versions
    ]

    store.write_document(loans, book(counter=16), history=3)
    assert [version.number for version in store.history_versions(loans)] == [15, 14, 13]
    store.write_document(loans, book(counter=17), history=0)
    assert store.history_versions(loans) == []
    assert store.read_document(loans)["counter"] == 17


def test_a_history_entry_is_dated_when_its_version_was_saved(loans: Path) -> None:
    store.write_document(loans, book("a"))
    saved = 1_700_000_000
    os.utime(loans, (saved, saved))
    store.write_document(loans, book("a", "b"))
    (version,) = store.history_versions(loans)
    assert version.saved_at.timestamp() == saved
    assert version.path == loans.parent / "loans.toml.history" / "000001.toml"


def test_undo_restores_the_previous_version_and_undo_again_goes_back(
    loans: Path, umask_zero: None
) -> None:
    store.write_document(loans, book("a"))
    loans.chmod(0o640)
    store.write_document(loans, book("a", "b"))
    store.write_document(loans, book("a", "b", "c"))
    abc = loans.read_bytes()

    assert store.undo(loans).target == loans
    assert store.read_document(loans) == book("a", "b")
    assert mode(loans) == 0o640
    assert store.undo(loans).target == loans
    assert loans.read_bytes() == abc
    # Undo moves versions, it does not multiply them.
    assert len(store.history_versions(loans)) == 2

    oldest = store.history_versions(loans)[-1]
    store.undo(loans, version=oldest.number)
    assert store.read_document(loans) == book("a")
    assert [store.read_document(v.path) for v in store.history_versions(loans)] == [
        book("a", "b", "c"),
        book("a", "b"),
    ]


def test_undo_brings_back_a_deleted_or_broken_file(loans: Path) -> None:
    store.write_document(loans, book("a"))
    store.write_document(loans, book("a", "b"))
    loans.write_text("this is = = not toml\n")  # a hand edit gone wrong

    store.undo(loans)
    assert store.read_document(loans) == book("a")
    # The broken edit is not lost either.
    assert store.history_versions(loans)[0].path.read_text() == "this is = = not toml\n"

    loans.unlink()
    store.undo(loans)
    assert loans.read_text() == "this is = = not toml\n"


def test_undo_without_history_changes_nothing(loans: Path) -> None:
    store.write_document(loans, book("a"))
    before = loans.read_bytes()
    with pytest.raises(StoreError, match="no earlier version of .* to go back to"):
        store.undo(loans)
    assert loans.read_bytes() == before

    store.write_document(loans, book("b"))
    after = loans.read_bytes()
    with pytest.raises(StoreError, match="no earlier version numbered 7; the numbers kept are 1"):
        store.undo(loans, version=7)
    assert loans.read_bytes() == after


def test_undo_refuses_to_replace_a_file_from_a_newer_debtplan(loans: Path) -> None:
    store.write_document(loans, book("a"))
    store.write_document(loans, book("a", "b"))
    newer = f"schema_version = {store.SCHEMA_VERSION + 1}\n".encode()
    loans.write_bytes(newer)
    with pytest.raises(StoreError, match="newer debtplan"):
        store.undo(loans)
    assert loans.read_bytes() == newer


# --- transactions and the lock -----------------------------------------------------------------


def test_a_transaction_that_fails_writes_nothing(loans: Path) -> None:
    store.write_document(loans, book("a"))
    store.write_document(loans, book("a", "b"))
    before = snapshot(loans.parent)
    with pytest.raises(ZeroDivisionError):
        with store.transaction(loans) as held:
            held.doc["loans"].clear()
            held.doc["loans"].append({"name": "half-done"})
            _ = 1 / 0
    assert snapshot(loans.parent) == before
    assert temp_files(loans.parent) == []


def test_a_transaction_saves_only_a_change(loans: Path) -> None:
    store.write_document(loans, book("a"))
    inode = loans.stat().st_ino
    with store.transaction(loans) as held:
        held.doc["loans"][0]["principal"] = D("1000.00")  # the same, to the digit
    assert loans.stat().st_ino == inode

    with store.transaction(loans) as held:
        held.doc["loans"][0]["principal"] = D("1000.0")  # equal, but not the same text
    assert loans.stat().st_ino != inode
    assert "principal = 1000.0 " in loans.read_text()

    with store.transaction(loans) as held:
        held.doc = book("replaced")
    assert store.read_document(loans) == book("replaced")


@pytest.mark.parametrize(
    "text",
    ["a = {x = 1,\n  y = 2}\n", "t = 2026-03-20T10:00\n", 's = "\\e"\n', 'h = "\\xe9"\n'],
    ids=["newline in an inline table", "time without seconds", "escape \\e", "escape \\x"],
)
def test_the_file_is_toml_1_0_as_the_standard_library_reads_it(loans: Path, text: str) -> None:
    """TOML 1.1 syntax is refused, as Python's tomllib refuses it: which files debtplan
    accepts does not depend on the tomli release an install happens to have."""
    import tomllib

    document = "schema_version = 1\n" + text
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(document)
    loans.write_text(document, encoding="utf-8")
    with pytest.raises(StoreError, match="line 2, column .*not valid TOML"):
        store.read_document(loans)


def test_a_transaction_told_what_changed_saves_only_then(loans: Path) -> None:
    """``compare=False``: no copy and no second write-out of the document read; the
    caller's ``changed`` decides, and the bytes read and saved are handed back."""
    store.write_document(loans, book("a"))
    first = loans.read_bytes()
    with store.transaction(loans, compare=False) as held:
        held.doc = book("b")  # replaced, but not flagged: nothing is written
    assert (loans.read_bytes(), held.read, held.saved) == (first, first, None)

    with store.transaction(loans, compare=False) as held:
        held.doc, held.changed = book("b"), True
    assert held.read == first
    assert held.saved == loans.read_bytes() != first
    assert store.read_document(loans) == book("b")
    assert len(store.history_versions(loans)) == 1  # the old version kept, as for any save

    with store.transaction(loans, compare=False) as held:  # flagged, the same text:
        held.doc, held.changed = book("b"), True  # the file is not touched
    assert held.saved == loans.read_bytes() and len(store.history_versions(loans)) == 1

    missing = loans.with_name("new.toml")
    with store.transaction(missing, compare=False) as held:
        assert held.read is None and held.doc == store.empty_document()
        held.doc, held.changed = book("c"), True
    assert held.saved == missing.read_bytes()


def test_a_write_inside_a_transaction_does_not_deadlock(loans: Path) -> None:
    with store.transaction(loans, lock_timeout=1) as held:
        store.write_document(loans, book("inner"), lock_timeout=1)
        held.doc = book("outer")
    assert store.read_document(loans) == book("outer")


def test_a_second_writer_waits_for_the_lock_and_then_gives_up(loans: Path) -> None:
    outcome: list[str] = []

    def second_writer() -> None:
        try:
            store.write_document(loans, book("second"), lock_timeout=0.3)
            outcome.append("wrote")
        except StoreError as err:
            outcome.append(str(err))

    with store.transaction(loans) as held:
        held.doc = book("first")
        thread = threading.Thread(target=second_writer)
        started = time.monotonic()
        thread.start()
        thread.join()
        waited = time.monotonic() - started
    assert waited >= 0.3
    assert outcome == [
        f"another debtplan has been changing {loans} for 0.3 seconds (it holds "
        f"{loans}.lock); try again when it has finished"
    ]
    assert store.read_document(loans) == book("first")


def test_stale_temp_files_are_ignored_then_cleaned(loans: Path) -> None:
    store.write_document(loans, book("a"))
    store.write_document(loans, book("a", "b"))
    stale = loans.parent / ".loans.toml.k1ll3d.tmp"
    stale.write_text("schema_version = 1\n[[loans]]\nname = ")  # a save cut short
    stale_backup = loans.parent / "loans.toml.history" / ".000002.toml.k1ll3d.tmp"
    stale_backup.write_text("half")

    assert store.read_document(loans) == book("a", "b")
    assert [v.number for v in store.history_versions(loans)] == [1]
    with store.transaction(loans) as held:
        held.doc["loans"].append({"name": "c", "principal": D("1000.00")})
    assert temp_files(loans.parent) == []
    assert store.read_document(loans) == book("a", "b", "c")


# --- many processes ------------------------------------------------------------------------------


def _child_env() -> dict[str, str]:
    root = str(Path(store.__file__).resolve().parents[2])  # debtplan/store/__init__.py
    pythonpath = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root + (os.pathsep + pythonpath if pythonpath else "")}


@pytest.mark.slow
def test_twenty_writers_started_at_once_all_land(loans: Path) -> None:
    store.write_document(loans, book())
    writers = [
        subprocess.Popen(
            [sys.executable, str(HELPER), str(loans), str(n), "0.005"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_child_env(),
        )
        for n in range(CONCURRENT_WRITERS)
    ]
    try:
        for writer in writers:  # all imported and waiting
            assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
        for writer in writers:  # then all at once
            assert writer.stdin is not None
            writer.stdin.write(b"go\n")
            writer.stdin.close()
        assert [writer.wait(timeout=60) for writer in writers] == [0] * CONCURRENT_WRITERS
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
            if writer.stdout is not None:
                writer.stdout.close()

    records = store.read_document(loans)["records"]
    assert sorted(record["writer"] for record in records) == list(range(CONCURRENT_WRITERS))
    # Each save kept the version before it: the newest holds 19 records.
    versions = store.history_versions(loans)
    assert len(versions) == 10
    assert len(store.read_document(versions[0].path)["records"]) == CONCURRENT_WRITERS - 1


def numbered(n: int, loans_count: int = 30) -> dict[str, Any]:
    """Version ``n`` of a book: every value derived from ``n``, so a mix of two shows."""
    return {
        "schema_version": store.SCHEMA_VERSION,
        "counter": n,
        "loans": [
            {"name": f"loan {i}", "principal": D(f"{n}.{i % 100:02d}"), "note": f"{n}-" * 20}
            for i in range(loans_count)
        ],
    }


def _fork(child: Callable[[], object]) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns into pytest
        try:
            child()
        finally:
            os._exit(0)
    return pid


def _writer_loop(loans: Path) -> None:
    while True:
        with store.transaction(loans, history=3) as held:
            held.doc = numbered(held.doc["counter"] + 1)


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_never_loses_the_file(loans: Path) -> None:
    # Kill within the first few saves (plus the fork), however fast this disk's fsync is.
    started = time.monotonic()
    for n in range(5):
        store.write_document(loans, numbered(n), history=3)
    window = 0.002 + (time.monotonic() - started)  # the time of five saves
    rng = random.Random()
    last = 4
    cut_short = 0  # kills that left a half-done save behind
    for _ in range(KILLS):
        pid = _fork(lambda: _writer_loop(loans))
        time.sleep(rng.uniform(0, window))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

        doc = store.read_document(loans)
        n = doc["counter"]
        assert doc == numbered(n)  # a whole version, never a mix or a fragment
        assert n >= last  # never an older one
        last = n
        for version in store.history_versions(loans):  # backups are whole too
            kept = store.read_document(version.path)
            assert kept == numbered(kept["counter"])
        stale = temp_files(loans.parent)
        assert len(stale) <= 1  # the next save removes what the last one left
        cut_short += bool(stale)

    assert last >= 4 + KILLS // 10  # the writer did write, many times
    assert cut_short > 0  # and some kills landed mid-save
    with store.transaction(loans) as held:  # the next run is not bothered
        held.doc = numbered(last + 1)
    assert temp_files(loans.parent) == []
    assert store.read_document(loans) == numbered(last + 1)


@pytest.mark.slow
def test_readers_never_see_a_half_written_file(loans: Path) -> None:
    versions = {n: numbered(n, loans_count=500) for n in (1, 2)}  # ~70 KB each
    texts = {}
    for n, doc in versions.items():
        store.write_document(loans, doc, history=0)
        texts[loans.read_bytes()] = n

    def writer() -> None:
        n = 1
        while True:
            n = 3 - n
            store.write_document(loans, versions[n], history=0)

    pid = _fork(writer)
    seen = {1: 0, 2: 0}
    reads = 0
    try:
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline or min(seen.values()) < 10:
            # Raw reads are fast enough to catch even a short window; every so often
            # the full read_document path too.
            data = loans.read_bytes()
            which = texts.get(data)
            assert which is not None, f"read {len(data)} bytes that are neither version"
            seen[which] += 1
            reads += 1
            if reads % 50 == 0:
                doc = store.read_document(loans)
                assert doc == versions[doc["counter"]]
            assert time.monotonic() < deadline + 10, seen
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    # Both versions were read, many times, while the file was being rewritten.
    assert min(seen.values()) >= 10
