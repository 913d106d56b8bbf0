"""Hostile text: names, lenders and notes pasted from anywhere are stored exactly and shown
literally, never interpreted.

Rich markup, ANSI and OSC escape sequences, bidi overrides, template syntax and
TOML-breaking quotes and newlines: the file round-trips them byte for byte, --json
gives them back exactly, and every screen (list, show, due, overdue, schedule,
payments, contact, message) shows them as text: markup as typed, control characters
as visible escapes (``\\x1b``, ``\\u202e``), so nothing can recolour the terminal,
plant a link, reorder a line or start a line of its own.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from debtplan.cli.app import app
from debtplan.render.text import literal

HOSTILE = {
    "rich-markup": "[red]red[/red] [bold]b[/] [link=http://x.example]click[/link]",
    "ansi-colour": "\x1b[31mred\x1b[0m\x07",
    "osc-8-link": "\x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\",
    "bidi-override": "abc\u202eevil\u202c and \u2066isolated\u2069 \u200f",
    "template-syntax": "{{total_owed}} {0} {name!r} %s %(x)s ${HOME} {{",
    "toml-quotes": '""" \'\'\' \' " \\ \\" \\u0041',
    "toml-injection": '\n[[loans]]\nname="x"\nprincipal = 1\r\n',
    "cjk-emoji": "花呗 💳 ｆｕｌｌ",
}
# Characters a terminal obeys: none may reach the screen raw.
OBEYED = ["\x1b", "\x07", "\r", "\u202e", "\u202c", "\u2066", "\u2069", "\u200f"]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    # Typer rebuilds the click command on every invoke; build it once.
    command = typer.main.get_command(app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: command)
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        result = runner.invoke(app, list(args), env={"COLUMNS": "1000"}, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stderr)
        return result

    return invoke


def book_with(run: Callable[..., Any], text: str) -> str:
    """A loan whose name, lender and notes (loan, payment, contact) all hold ``text``."""
    name = f"loan {text} end"
    run("add", name, "--lender", text, "--note", text, "--principal", "1000", "--rate", "12%",
        "--term", "6", "--start", "2026-01-10", "--currency", "CNY",
        "--penalty-rate", "0.05%/day")  # fmt: skip
    run("pay", name, "100", "--date", "2026-02-10", "--note", text)
    run("contact", name, "--at", "2026-11-20T23:30", "--channel", "call", "--note", text)
    return name


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_file_round_trips_it_exactly(
    run: Callable[..., Any], loan_file: Path, text: str
) -> None:
    name = book_with(run, text)
    doc = tomllib.loads(loan_file.read_text(encoding="utf-8"), parse_float=Decimal)
    assert len(doc["loans"]) == 1  # nothing injected a loan of its own
    stored = doc["loans"][0]
    assert (stored["name"], stored["lender"], stored["note"]) == (name, text, text)
    assert stored["payments"][0]["note"] == text
    assert stored["payments"][0]["amount"] == Decimal("100.00")
    assert stored["contacts"][0]["note"] == text
    assert run("check").stdout.endswith("no problems.\n")
    # Saved again (an edit elsewhere), the text is still the same.
    run("edit", name, "--grace-days", "1")
    again = tomllib.loads(loan_file.read_text(encoding="utf-8"))["loans"][0]
    assert (again["name"], again["lender"], again["note"]) == (name, text, text)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_json_gives_it_back_exactly(run: Callable[..., Any], text: str) -> None:
    name = book_with(run, text)

    def doc(*args: str) -> Any:
        return json.loads(run(*args, "--json").stdout)

    listed = doc("list")["loans"][0]
    assert (listed["name"], listed["lender"]) == (name, text)
    shown = doc("show", name)
    assert (shown["name"], shown["lender"], shown["note"]) == (name, text, text)
    assert doc("payments", name)["payments"][0]["note"] == text
    assert doc("contact", name)["contacts"][0]["note"] == text
    assert {item["loan"] for item in doc("due")["items"]} == {name}
    assert [view["name"] for view in doc("overdue")["loans"]] == [name]
    assert doc("schedule", name)["loan"] == name
    letter = doc("message", name, "--kind", "complaint")
    body = letter["body"]  # addressed to the lender, by account number, not the nickname
    assert f"To: {text}\nAccount number: " in body and f"My note: {text}\n" in body
    # The filler never reads the text as a template: it is there each time, as typed.
    assert body.count(text) == 2


SCREENS = [
    ["list"],
    ["show", "{name}"],
    ["due"],
    ["overdue"],
    ["overdue", "{name}"],
    ["schedule", "{name}"],
    ["payments", "{name}"],
    ["contact", "{name}"],
    ["message", "{name}", "--kind", "complaint"],
    ["message", "{name}", "--kind", "waiver", "--lang", "zh"],
]


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_screen_shows_it_literally(run: Callable[..., Any], text: str) -> None:
    name = book_with(run, text)
    shown = literal(text)  # control characters as visible escapes, everything else as is
    for screen in SCREENS:
        args = [arg.format(name=name) for arg in screen]
        if "--lang" in args:  # a global option: before the command
            args = ["--lang", "zh", *args[: args.index("--lang")]]
        result = run(*args)
        output = result.stdout + result.stderr
        for char in OBEYED:
            assert char not in output, (screen, repr(char))
        assert shown in output, (screen, output)
        # A line break inside the text never starts a line of its own.
        assert not any(line.strip() in ('name="x"', "[[loans]]") for line in output.splitlines())
    # The text typed by a person is shown literally too: markup is not stripped.
    if "[red]" in text:
        assert "[red]red[/red]" in run("list").stdout


def test_an_error_naming_a_hostile_loan_shows_it_literally(
    run: Callable[..., Any], loan_file: Path
) -> None:
    name = book_with(run, HOSTILE["ansi-colour"])
    before = loan_file.read_bytes()
    runner = CliRunner()
    result = runner.invoke(app, ["show", "\x1b[2Jnothing"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert result.stderr == (
        f"Error: no loan named '\\x1b[2Jnothing'; the loans are: {literal(name)}\n"
    )
    removed = runner.invoke(app, ["remove", name], input="n\n", catch_exceptions=False)
    assert "\x1b" not in removed.stderr and literal(name) in removed.stderr
    assert loan_file.read_bytes() == before


def test_all_of_it_at_once(run: Callable[..., Any], loan_file: Path) -> None:
    text = "".join(HOSTILE.values())
    name = book_with(run, text)
    stored = tomllib.loads(loan_file.read_text(encoding="utf-8"))["loans"][0]
    assert (stored["name"], stored["lender"], stored["note"]) == (name, text, text)
    assert json.loads(run("show", name, "--json").stdout)["note"] == text
    for screen in (["show", name], ["list"], ["payments", name], ["contact", name]):
        output = run(*screen).stdout
        assert literal(text) in output, screen
        assert not any(char in output for char in OBEYED), screen


def test_a_loan_without_contacts_is_named_literally(run: Callable[..., Any]) -> None:
    run("add", "\x1b[31mred", "--principal", "1", "--rate", "0", "--term", "1")
    assert run("contact", "\x1b[31mred").stderr == "No contacts logged on \\x1b[31mred.\n"


@pytest.mark.parametrize(
    "args",
    [
        [b"add", b"b\xffc", b"--principal", b"100", b"--rate", b"1%", b"--term", b"2",
         b"--start", b"2026-10-01"],
        [b"edit", b"car", b"--note", b"bad\xff"],
        [b"pay", b"car", b"10", b"--note", b"x\xff"],
        [b"contact", b"car", b"--at", b"2026-11-20T10:00", b"--note", b"n\xff"],
        [b"message", b"car", b"--kind", b"hardship", b"--reason", b"lost \xff job",
         b"--budget", b"10", b"--out", b"OUT"],
        [b"message", b"car", b"--kind", b"validation", b"--borrower", b"A\xff", b"--out",
         b"OUT"],
    ],
    ids=["add name", "edit note", "pay note", "contact note", "message reason",
         "message borrower"],
)  # fmt: skip
def test_a_byte_that_is_not_utf8_is_refused_and_changes_nothing(
    tmp_path: Path, args: list[bytes]
) -> None:
    """A terminal that is not UTF-8 hands Python bytes it keeps as lone surrogates, which
    no file can store: the command says which character, exits 1 and saves nothing."""
    import os
    import subprocess
    import sys

    command = [os.path.join(os.path.dirname(sys.executable), "debtplan")]
    env = {"PATH": os.environ.get("PATH", ""), "DEBTPLAN_FILE": str(tmp_path / "loans.toml"),
           "DEBTPLAN_TODAY": "2026-11-28", "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"}  # fmt: skip
    setup = [b"add", b"car", b"--principal", b"100", b"--rate", b"1%", b"--term", b"2",
             b"--start", b"2026-10-01"]  # fmt: skip
    assert subprocess.run([*command, *setup], env=env, capture_output=True).returncode == 0
    before = (tmp_path / "loans.toml").read_bytes()
    out = tmp_path / "message.txt"
    args = [str(out).encode() if arg == b"OUT" else arg for arg in args]
    done = subprocess.run([*command, *args], env=env, capture_output=True)
    assert done.returncode == 1, done.stderr
    stderr = done.stderr.decode("utf-8", "replace")
    assert "is a stray byte, not UTF-8 text" in stderr and "internal error" not in stderr
    assert (tmp_path / "loans.toml").read_bytes() == before
    assert not out.exists()
