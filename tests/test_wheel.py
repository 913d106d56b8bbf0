"""The wheel as a user gets it: built from this checkout, installed into a new virtual
environment WITHOUT the test extra (so nothing the tests bring in can hide a missing
runtime dependency), and run from outside the checkout.

One wheel, one environment for the module (about 20-30 s: the build and the runtime
dependencies' install); marked ``wheel`` and run by default, so CI runs it. Run
``pytest -m "not wheel"`` to leave it out while iterating.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.wheel


@dataclass(frozen=True)
class Installed:
    venv: Path
    home: Path

    def env(self) -> dict[str, str]:
        """A clean environment (no PYTHONPATH, no DEBTPLAN_*): a clean HOME, no colour,
        English, a fixed day."""
        keep = {"PATH", "SYSTEMROOT", "TMPDIR"}
        env = {key: value for key, value in os.environ.items() if key in keep}
        env.update(HOME=str(self.home), XDG_DATA_HOME=str(self.home / "data"),
                   XDG_CONFIG_HOME=str(self.home / "config"), NO_COLOR="1", COLUMNS="120",
                   LANG="C.UTF-8", DEBTPLAN_TODAY="2026-11-28")  # fmt: skip
        return env

    def python(self, code: str) -> str:
        """What the environment's own python prints for ``code``."""
        command = [str(self.venv / "bin" / "python"), "-c", code]
        result = subprocess.run(command, cwd=self.home, env=self.env(), capture_output=True,
                                text=True, timeout=60)  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run the installed `debtplan` from outside the checkout."""
        command = [str(self.venv / "bin" / "debtplan"), *args]
        result = subprocess.run(command, cwd=self.home, env=self.env(), capture_output=True,
                                text=True, timeout=60)  # fmt: skip
        if check:
            assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result


def _call(*args: str, cwd: Path = ROOT) -> None:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    _call(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(dist))
    (wheel,) = dist.glob("debtplan-*.whl")
    venv = base / "venv"
    # No pip in the new environment: this interpreter's pip installs into it (faster).
    _call(sys.executable, "-m", "venv", "--without-pip", str(venv))
    _call(sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
          "-q", "--disable-pip-version-check", str(wheel))  # fmt: skip
    home = base / "home"
    home.mkdir()
    yield Installed(venv, home)


def test_the_wheel_installs_without_the_test_extra(installed: Installed) -> None:
    """Only the runtime dependencies came with it: none of the test extra's packages."""
    test_extra = ["pytest", "hypothesis", "numpy_financial", "babel", "icalendar"]
    probe = f"import importlib.util as u; print([m for m in {test_extra!r} if u.find_spec(m)])"
    assert installed.python(probe) == "[]"
    # And debtplan runs from the installed wheel, not from this checkout.
    where = installed.python("import debtplan; print(debtplan.__file__)")
    assert where.startswith(str(installed.venv)), where


def test_version(installed: Installed) -> None:
    from debtplan import __version__

    assert installed.run("--version").stdout.split()[-1] == __version__


def test_demo(installed: Installed) -> None:
    """The README's first command: the built-in sample book, the user's file untouched."""
    result = installed.run("demo")
    assert "overdue" in result.stdout.lower()
    assert not (installed.home / "data" / "debtplan" / "loans.toml").exists()


def test_export_ics(installed: Installed) -> None:
    """A small file: 1,200 at 0 % over 3 months from 2026-11-28, so three installments
    of 400.00 due 2026-12-28, 2027-01-28 and 2027-02-28, each an event in the calendar."""
    import icalendar

    book = installed.home / "small.toml"
    installed.run("--file", str(book), "add", "Sofa", "--principal", "1200", "--rate", "0%",
                  "--term", "3", "--currency", "CNY")  # fmt: skip
    out = installed.home / "sofa.ics"
    installed.run("--file", str(book), "export", "--format", "ics", "--out", str(out))
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("DTSTART"))
    assert [str(event.decoded("DTSTART")) for event in events] == [
        "2026-12-28",
        "2027-01-28",
        "2027-02-28",
    ]
    assert all("400.00" in str(event.get("SUMMARY")) for event in events), [
        str(event.get("SUMMARY")) for event in events
    ]


def test_the_three_completion_files_are_installed(installed: Installed) -> None:
    """Where bash-completion, zsh and fish look under the install prefix, byte for byte
    the scripts in completions/."""
    share = installed.venv / "share"
    for installed_as, source in [
        ("bash-completion/completions/debtplan", "debtplan"),
        ("zsh/site-functions/_debtplan", "_debtplan"),
        ("fish/vendor_completions.d/debtplan.fish", "debtplan.fish"),
    ]:
        path = share / installed_as
        assert path.is_file(), f"{path} is missing from the installed wheel"
        assert path.read_bytes() == (ROOT / "completions" / source).read_bytes()
