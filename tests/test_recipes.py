"""The README's cron and shell recipes, run for real through the installed command.

Cron runs commands with a bare environment (no locale, a short PATH, no terminal);
so do these tests. They read the recipes out of README.md, so the README stays true.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEBTPLAN = BIN / "debtplan"

pytestmark = pytest.mark.skipif(not DEBTPLAN.exists(), reason="debtplan is not installed")


def recipe(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- recipe: {name} -->\s*```sh\n(.*?)```", text, re.S)
    assert match, f"README.md has no recipe {name!r}"
    return match.group(1)


def bare_env(tmp_path: Path, loans: Path, extra_path: Path | None = None) -> dict[str, str]:
    path = f"{BIN}:/usr/bin:/bin"
    if extra_path:
        path = f"{extra_path}:{path}"
    # The file is named, as a cron line does (a named file must exist: see the fixture).
    return {"PATH": path, "HOME": str(tmp_path), "DEBTPLAN_FILE": str(loans),
            "DEBTPLAN_TODAY": "2026-11-28"}  # fmt: skip


def run(command: list[str] | str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    shell = isinstance(command, str)
    return subprocess.run(command, shell=shell, env=env, capture_output=True, text=True,
                          timeout=60, executable="/bin/sh" if shell else None)  # fmt: skip


def add(env: dict[str, str], name: str, start: str) -> None:
    result = run([str(DEBTPLAN), "add", name, "--principal", "1000", "--rate", "0", "--term",
                  "2", "--start", start, "--currency", "CNY"], env)  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "loans.toml").write_text("schema_version = 1\n", encoding="utf-8")  # no loans yet
    return bare_env(tmp_path, tmp_path / "loans.toml")


def test_crontab_line_is_silent_until_something_is_due(env):
    line = recipe("crontab").strip()
    command = line.split(None, 5)[5]  # drop the five time fields, as cron does
    quiet = run(command, env)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    add(env, "phone", "2026-10-30")  # due 2026-11-30, within 3 days
    loud = run(command, env)
    assert loud.returncode == 0
    assert "phone" in loud.stdout and "500.00" in loud.stdout and "in 2 day(s)" in loud.stdout


@pytest.mark.parametrize(
    ("start", "expected"),
    [(None, "nothing due"), ("2026-10-30", "something is due within 3 days"),
     ("2026-10-20", "something is OVERDUE")],
)  # fmt: skip
def test_exit_code_script(env, start, expected):
    if start:
        add(env, "loan", start)
    result = run(recipe("script"), env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_notification_line(tmp_path, env):
    fake = tmp_path / "fakebin"
    fake.mkdir()
    log = tmp_path / "notified"
    (fake / "notify-send").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\n')
    (fake / "notify-send").chmod(0o755)
    env = {**env, "PATH": f"{fake}:{env['PATH']}"}
    run(recipe("notify"), env)
    assert not log.exists()
    add(env, "phone", "2026-10-30")
    run(recipe("notify"), env)
    title, body = log.read_text().split("\n", 1)
    assert title == "debtplan" and "phone" in body


def test_due_json_in_a_bare_environment(env):
    add(env, "手机分期", "2026-10-30")
    result = run([str(DEBTPLAN), "due", "--json"], env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["items"][0]["loan"] == "手机分期"
    result = run([sys.executable, "-m", "debtplan", "due", "--json"], env)
    assert json.loads(result.stdout)["items"][0]["amount"] == "500.00"


def test_errors_in_cron_are_one_clear_line_without_traceback(tmp_path, env):
    Path(env["DEBTPLAN_FILE"]).write_text("this is not toml =\n", encoding="utf-8")
    result = run([str(DEBTPLAN), "due"], env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "line 1" in result.stderr
