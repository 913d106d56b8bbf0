"""Every value in the help says what to type, every closed set lists and completes its choices.

Typer names a value after its type (``<str>``, ``<int range>``, ``{name}``, ``TEXT``);
debtplan names it (``NAME``, ``AMOUNT``, ``DATE``, ``N``, ``FILE``, ``RATE``) through
:mod:`debtplan.cli.params`. The walk below covers every command of the registry,
including commands added later.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from debtplan.cli.app import COMMANDS, app
from debtplan.cli.params import choices_of

# What Typer and click write when nothing names the value.
TYPER_DEFAULT = re.compile(
    r"<[a-z ]+>|<[^>]*\|[^>]*>|\{[a-z_]+\}|\b(TEXT|INTEGER|FLOAT|PATH|FILENAME|BOOLEAN)\b|"
    r"\b[a-z_]+:(str|int)\b"
)


def commands() -> list[tuple[str, Any]]:
    import typer
    from typer._click import Context

    from debtplan.cli.localize import use_language

    use_language("en")
    root = typer.main.get_command(app)
    out = []
    for name in COMMANDS:
        command = root.get_command(Context(root), name)
        out.append((name, command))
    return out


def test_no_value_is_named_by_typer_defaults():
    from typer._click import Context

    seen = []
    for name, command in commands():
        ctx = Context(command, info_name=name)
        for param in command.params:
            if getattr(param, "is_flag", False):
                continue
            record = param.get_help_record(ctx)
            shown = record[0] if record else param.make_metavar(ctx)
            seen.append(shown)
            assert not TYPER_DEFAULT.search(shown), f"{name} {param.name}: {shown!r}"
            if param.param_type_name == "argument":
                usage = param.make_metavar(ctx, usage=True)
                assert not TYPER_DEFAULT.search(usage), f"{name} {param.name}: {usage!r}"
    assert len(seen) > 60  # the walk really saw the commands' values


@pytest.mark.parametrize(
    ("command", "option", "metavar"),
    [
        ("pay", "--note", "NOTE"),
        ("add", "--term", "N"),
        ("add", "--start", "DATE"),
        ("add", "--rate", "RATE"),
        ("add", "--principal", "AMOUNT"),
        ("due", "--within", "N"),
        ("undo", "--version", "N"),
        ("message", "--out", "FILE"),
        ("pay", "--prepay", "shorten|reduce"),
        ("export", "--format", "FORMAT"),
    ],
)
def test_the_help_names_the_value(command: str, option: str, metavar: str):
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert f"{option} {metavar} " in result.output


def test_usage_lines_name_the_arguments():
    result = CliRunner().invoke(app, ["pay", "--help"], env={"COLUMNS": "100"})
    assert "Usage: debtplan pay [OPTIONS] NAME AMOUNT\n" in result.output
    assert "--date DATE" in result.output and "YYYY-MM-DD [default: today]" in result.output
    result = CliRunner().invoke(app, ["overdue", "--help"], env={"COLUMNS": "100"})
    assert "Usage: debtplan overdue [OPTIONS] [NAME]\n" in result.output


def test_min_payment_help_shows_the_interest_form():
    result = CliRunner().invoke(app, ["add", "--help"], env={"COLUMNS": "200"})
    assert "1%+interest,35" in result.output


CLOSED = {
    ("add", "method"): ["annuity", "equal-principal", "interest-only", "lump-sum", "flat",
                        "revolving"],
    ("pay", "prepay"): ["shorten", "reduce"],
    ("edit", "frequency"): ["monthly", "biweekly", "weekly"],
    ("plan", "strategy"): ["avalanche", "snowball", "highest-interest-cost", "custom"],
    ("export", "fmt"): ["json", "csv", "ics", "ledger", "beancount"],
    ("import", "fmt"): ["json", "csv"],
    ("add", "lender_type"): ["bank", "card", "consumer-finance", "online", "private"],
    ("message", "channel"): ["call", "sms", "visit", "social", "third-party"],
    ("contact", "channel"): ["call", "sms", "visit", "social", "third-party"],
}  # fmt: skip


def test_every_closed_set_lists_its_choices_in_the_help():
    from typer._click import Context

    checked = set()
    for name, command in commands():
        ctx = Context(command, info_name=name)
        for param in command.params:
            choices = choices_of(param)
            if not choices:
                continue
            record = param.get_help_record(ctx)
            assert record is not None
            text = " ".join(record)
            for choice in choices:
                assert choice in text, f"{name} --{param.name}: {choice!r} not in {text!r}"
            if (name, param.name) in CLOSED:
                assert choices == CLOSED[name, param.name]
                checked.add((name, param.name))
    assert checked == set(CLOSED)


def test_lang_is_listed_at_the_top():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert "--lang en|zh" in result.output


# --- completion, through the installed command and through real bash -----------------------

from tests.test_completions import (  # noqa: E402
    NAMES,
    complete,
    installed,
    run_shell,
    shell,
    shell_env,
    write_book,
)


@pytest.fixture
def book(loan_file: Path) -> Path:
    write_book(loan_file, NAMES)
    return loan_file


@installed
def test_closed_sets_complete(book: Path):
    assert complete("debtplan --lang ") == ["en", "zh"]
    assert complete("debtplan pay Chase 100 --prepay ") == ["shorten", "reduce"]
    assert complete("debtplan message Chase --channel s") == ["sms", "social"]
    assert complete("debtplan export --format ") == ["json", "csv", "ics", "ledger", "beancount"]
    assert complete("debtplan add x --lender-type c") == ["card", "consumer-finance"]
    assert complete("debtplan add x --jurisdiction ") == ["cn", "us"]


def bash_tab(book: Path, words: list[str], tmp_path: Path) -> tuple[list[str], str]:
    """COMPREPLY for the last of ``words`` through the script's function in real bash,
    run in a folder holding a file, and the options bash was told to add."""
    bash = shell("bash")
    (tmp_path / "amount.txt").write_text("a file a TAB must not offer as an amount")
    quoted = " ".join(f"'{word}'" for word in words)
    script = (
        f"source {Path(__file__).resolve().parent.parent}/completions/debtplan\n"
        f"cd {tmp_path}\n"
        # outside a real <TAB>: record what compopt is asked for
        "compopt() { local IFS=' '; echo \"OPT $*\"; }\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        "_debtplan_completion debtplan\n"
        'printf "<%s>\\n" "${COMPREPLY[@]}"\n'
    )
    result = run_shell([bash, "--norc", "--noprofile", "-c", script], shell_env(book))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    return [line for line in lines if line.startswith("<")], " ".join(
        line for line in lines if line.startswith("OPT")
    )


@installed
def test_bash_offers_no_file_names_for_an_amount(book: Path, tmp_path: Path):
    replies, options = bash_tab(book, ["debtplan", "pay", "Chase Sapphire", ""], tmp_path)
    assert replies == ["<>"] and "-o default" not in options  # nothing: no files either
    replies, options = bash_tab(book, ["debtplan", "--lang", ""], tmp_path)
    assert replies == ["<en>", "<zh>"]
    replies, options = bash_tab(book, ["debtplan", "message", "Chase", "--out", "am"], tmp_path)
    assert replies == ["<>"] and "-o default" in options  # a file slot: bash lists files


@installed
def test_bash_tab_in_the_amount_slot_inserts_nothing(book: Path, tmp_path: Path):
    from tests.test_completions import interactive

    bash = shell("bash")
    (tmp_path / "amount.txt").write_text("x")
    env = {**shell_env(book), "INPUTRC": "/dev/null", "PS1": "$ "}
    setup = f"bind 'set bell-style none'; source completions/debtplan; cd {tmp_path}"
    words = interactive([bash, "--norc", "--noprofile", "-i"], setup, "debtplan pay Chase ", env)
    assert words == ["<debtplan>", "<pay>", "<Chase>"]
