"""Shared fixtures: every test runs with its own loan file, a fixed date and no colour."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

TODAY = "2026-11-28"

# Hypothesis in CI (.ci/run runs with CI=true): the same examples on every run, seeded
# from each test, and nothing replayed from a local example database, so that a red CI
# run fails again the same way when run again. Elsewhere examples stay random, so that
# every developer's run explores new cases. Loaded here, before any test module makes
# its own settings(...) (they inherit from the profile loaded at that moment). The fuzz
# tests (tests/test_fuzz.py) set derandomize=False themselves: they fuzz every run.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's real loan file, locale or terminal settings."""
    for name in list(os.environ):
        if name.startswith("DEBTPLAN_") or name in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEBTPLAN_FILE", str(tmp_path / "loans.toml"))
    monkeypatch.setenv("DEBTPLAN_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    yield
    from debtplan.i18n import set_language

    set_language("en")


@pytest.fixture
def loan_file(tmp_path: Path) -> Path:
    return tmp_path / "loans.toml"


class Cli:
    """Runs debtplan in-process, with stdout and stderr kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None):
        from debtplan.cli.app import app

        return self.runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def add_loan(cli: Cli) -> Callable[..., None]:
    """Add a loan through the CLI; fails the test if that does not work."""

    def add(name: str, *options: str) -> None:
        result = cli("add", name, *options)
        assert result.exit_code == 0, result.output + result.stderr

    return add
