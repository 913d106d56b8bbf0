"""Tables in an 80-column terminal, in English and Chinese: nothing cut.

Each command runs in a real pseudo-terminal 80 columns wide (python's pty module), so
rich draws its terminal tables, and its output is compared with the same command piped
at 200 columns, where nothing is ever narrowed. A narrow table may fold a column of
words or leave out a low-value column (`list` drops the lender first), but never cuts a
header word or a number: every amount and date of the wide output appears whole, every
word of a table's header is a word of the wide output, and no line is wider than 80.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

DEBTPLAN = Path(sys.executable).with_name("debtplan")
TODAY = "2026-03-20"

COMMANDS = [
    ["list"],
    ["due"],
    ["overdue"],
    ["show", "Quick Cash 网贷"],
    ["schedule", "Quick Cash 网贷"],
    ["plan", "--budget", "CNY=6000", "--budget", "USD=300"],
    ["payments", "Car loan"],
]
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_AMOUNT = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*\.\d\d(?![\d%])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RULE = "─" * 10


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's four loans as of 2026-03-20 (one of them 12 days overdue)."""
    from debtplan.cli.demo import sample_book
    from debtplan.core.from_document import load_book
    from debtplan.core.to_document import book_to_document
    from debtplan.store import SCHEMA_VERSION, write_document

    path = tmp_path_factory.mktemp("book") / "loans.toml"
    book = load_book(sample_book(date.fromisoformat(TODAY)))
    write_document(path, book_to_document(book, SCHEMA_VERSION), history=0)
    return path


def _env(book: Path, lang: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(book.parent),
            "DEBTPLAN_FILE": str(book), "DEBTPLAN_TODAY": TODAY, "DEBTPLAN_LANG": lang,
            "NO_COLOR": "1", "TERM": "xterm"}  # fmt: skip


def in_terminal(args: list[str], env: dict[str, str], columns: int = 80) -> str:
    """What ``debtplan ARGS`` prints in a pseudo-terminal ``columns`` wide."""
    import fcntl
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: stdin, stdout and stderr are the terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        os.execve(str(DEBTPLAN), [str(DEBTPLAN), *args], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(fd)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out.decode()
    return _ANSI.sub("", out.decode().replace("\r\n", "\n"))


def piped(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([str(DEBTPLAN), *args], capture_output=True, text=True,
                          env={**env, "COLUMNS": "200"}, timeout=60, check=True)  # fmt: skip
    return done.stdout


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def header_words(text: str) -> list[str]:
    """The words of the (up to two) lines above each table's rule: its header."""
    lines = text.splitlines()
    words = []
    for at, line in enumerate(lines):
        if line.startswith(_RULE):
            for above in lines[max(0, at - 2) : at]:
                words += above.split()
    return words


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_nothing_is_cut_at_80_columns(book: Path, args: list[str], lang: str) -> None:
    env = _env(book, lang)
    narrow, wide = in_terminal(args, env), piped(args, env)
    assert _RULE in narrow or args[0] == "due"  # rich drew a table (due is plain text)
    assert [line for line in narrow.splitlines() if width(line.rstrip()) > 80] == []
    # Every amount and date shown at 200 columns is whole at 80 (none is in a column
    # a narrow terminal drops for these loans).
    assert set(_AMOUNT.findall(wide)) <= set(_AMOUNT.findall(narrow))
    assert set(_DATE.findall(wide)) <= set(_DATE.findall(narrow))
    numbers = [word for word in narrow.split() if any(ch.isdigit() for ch in word)]
    assert set(numbers) <= set(wide.split()) | {"┤", "└"}, "a number was cut"
    words = set(wide.split())
    assert [word for word in header_words(narrow) if word not in words] == []


def test_list_drops_the_lender_first_and_shows_the_amount_due_now(book: Path) -> None:
    """At 80 columns `list` leaves the lender out (the longest, least needed column);
    the overdue loan shows 943.78 (908.33 + penalty 5.45 + late fee 30.00) due since
    2026-03-08, not its next installment."""
    narrow = in_terminal(["list"], _env(book, "en"))
    assert "Quick Cash Finance" not in narrow and "City Bank" not in narrow
    row = next(line for line in narrow.splitlines() if line.startswith("Quick"))
    assert "2026-03-08" in row and "943.78" in row and "2026-04-08" not in row
    assert "Quick Cash Finance" in piped(["list"], _env(book, "en"))
