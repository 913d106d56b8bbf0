"""The cron path stays light: `debtplan due` never imports what it does not use.

Commands are loaded lazily (debtplan.cli.app.COMMANDS): a run imports its own module only.

Like Typer's own test_rich_import: run the command in a fresh interpreter and look
at sys.modules afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# (gettext is not here: typer's own click imports it, so it is part of the floor.)
HEAVY = ("rich", "tomli_w", "icalendar", "babel", "platformdirs")

PROBE = """
import sys, json
from debtplan.cli.app import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)
"""


def loaded_modules(args: list[str], env: dict[str, str]) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, env=env, timeout=60)  # fmt: skip
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.fixture
def book_env(tmp_path, cli, add_loan):
    add_loan("phone", "--principal", "1000", "--rate", "12%", "--term", "2", "--start",
             "2026-10-30", "--currency", "CNY")  # fmt: skip
    return {"PATH": "/usr/bin:/bin", "DEBTPLAN_FILE": str(tmp_path / "loans.toml"),
            "DEBTPLAN_TODAY": "2026-11-28"}  # fmt: skip


@pytest.mark.parametrize("args", [["due", "--json"], ["due"], ["due", "--exit-code"]])
def test_due_imports_nothing_heavy(book_env, args):
    loaded = loaded_modules(args, book_env)
    assert "debtplan" in loaded and "typer" in loaded
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_chinese_due_stays_off_rich(book_env):
    loaded = loaded_modules(["--lang", "zh", "due"], book_env)
    assert loaded.isdisjoint({"rich", "tomli_w", "icalendar"})


# `due`, as cron runs it through the console script: Typer, the one command module it
# runs and what that needs; no other command's module, no rich, no TOML writer.
CONSOLE_PROBE = """
import sys, json
sys.argv = ["debtplan", *sys.argv[1:]]
from debtplan.__main__ import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
OTHER_COMMANDS = {"debtplan.cli.book", "debtplan.cli.money", "debtplan.cli.alerts",
                  "debtplan.cli.check", "debtplan.cli.demo", "debtplan.cli.data",
                  "debtplan.cli.letters", "debtplan.cli.plan", "debtplan.cli.transfer",
                  "debtplan.cli.views"}  # fmt: skip
# `due` reads the book; the code that writes a book back as a document is not its business.
WRITER_SIDE = {"debtplan.core.to_document"}


def console_modules(args: list[str], env: dict[str, str]) -> tuple[str, set[str]]:
    result = subprocess.run([sys.executable, "-c", CONSOLE_PROBE, *args], capture_output=True,
                            text=True, env=env, timeout=60)  # fmt: skip
    return result.stdout, set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["due", "--json"], ["due"], ["due", "--exit-code"],
                                  ["--lang", "zh", "due", "--within=30", "--json"]])  # fmt: skip
def test_console_due_loads_only_the_due_command(book_env, args):
    stdout, loaded = console_modules(args, book_env)
    assert "phone" in stdout and "2026-11-30" in stdout  # a real answer was printed
    assert {"debtplan.cli.app", "debtplan.cli.due", "typer"} <= loaded
    assert not loaded & OTHER_COMMANDS, loaded & OTHER_COMMANDS
    assert not loaded & WRITER_SIDE, loaded & WRITER_SIDE
    tops = {name.split(".")[0] for name in loaded}
    assert tops.isdisjoint({*HEAVY, "pydantic"}), tops & {*HEAVY, "pydantic"}


def test_help_lists_every_command(book_env):
    stdout, loaded = console_modules(["--help"], book_env)
    for name in ("add", "pay", "due", "plan", "message", "export", "import"):
        assert f"  {name} " in stdout
    assert "rich" not in {name.split(".")[0] for name in loaded}


@pytest.mark.parametrize("args", [["list"], ["show", "phone"], ["schedule", "phone"]])
def test_piped_tables_are_plain_text_without_rich(book_env, args):
    """Scripts and mail get aligned columns; rich is for a terminal only."""
    loaded = loaded_modules(args, book_env)
    assert "rich" not in loaded
    result = subprocess.run([sys.executable, "-m", "debtplan", *args], capture_output=True,
                            text=True, env=book_env, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "phone" in result.stdout
    assert not set("+|─│┃━") & set(result.stdout)
