"""Shell completion: the scripts in completions/, and the loan names they complete.

The scripts are generated (scripts/gen_completions.py); every <TAB> runs the installed
`debtplan` with Typer's protocol variables, so most of these tests run it that way in a
subprocess, and the shell tests drive real bash, zsh and fish (skipped where absent).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import pty
import select
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPLETIONS = ROOT / "completions"
BIN = Path(sys.executable).parent
DEBTPLAN = BIN / "debtplan"

installed = pytest.mark.skipif(not DEBTPLAN.exists(), reason="debtplan is not installed")

NAMES = ["Chase Sapphire", "招商银行信用卡", "Bob's loan", "two  spaces", "花呗"]


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "gen_completions", ROOT / "scripts/gen_completions.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_book(path: Path, names: list[str]) -> None:
    """A valid loan file holding ``names``: one loan added and paid through the CLI, copied."""
    import tomli_w
    from typer.testing import CliRunner

    from debtplan.cli.app import app
    from debtplan.store import read_document

    seed = path.with_name(f"seed-{path.stem}.toml")
    runner = CliRunner()
    for args in (
        ["add", "seed", "--principal", "12000", "--rate", "12%", "--term", "12",
         "--start", "2026-01-15", "--currency", "CNY"],
        ["pay", "seed", "1066.19", "--date", "2026-02-15"],
    ):  # fmt: skip
        result = runner.invoke(app, ["--file", str(seed), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    doc = read_document(seed)
    (loan,) = doc["loans"]
    assert loan["payments"], "the seed loan should carry a payment"
    doc["loans"] = [dict(copy.deepcopy(loan), name=name) for name in names]
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")


@pytest.fixture
def book(loan_file: Path) -> Path:
    write_book(loan_file, NAMES)
    return loan_file


def bash_protocol(
    words: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """What bash's completion function asks: complete the last of ``words`` (after its space)."""
    cword = len(shlex.split(words + "x")) - 1
    variables = {
        "_DEBTPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    return subprocess.run([str(DEBTPLAN)], env={**os.environ, **variables, **(env or {})},
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    result = bash_protocol(words, env)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return answers(result.stdout)


def answers(stdout: str) -> list[str]:
    """One answer a line, as "type,value" (the value kept here); no answer at all prints
    an empty line."""
    return [] if stdout == "\n" else [line.split(",", 1)[1] for line in stdout.splitlines()]


# --- (a) the committed scripts are the generated ones ------------------------------------


def test_committed_scripts_equal_freshly_generated_ones():
    generator = load_generator()
    fresh = generator.scripts()
    assert set(fresh) == {"debtplan", "_debtplan", "debtplan.fish"}
    for name, text in fresh.items():
        committed = (COMPLETIONS / name).read_text(encoding="utf-8")
        assert committed == text, (
            f"completions/{name} is stale: run python scripts/gen_completions.py"
        )
    assert fresh["_debtplan"].startswith("#compdef debtplan\n")  # zsh reads the first line
    assert "compopt -o filenames" in fresh["debtplan"]
    assert "_DEBTPLAN_COMPLETE=complete_fish" in fresh["debtplan.fish"]


def test_check_fails_when_a_script_is_stale_or_missing(tmp_path: Path, capsys):
    generator = load_generator()
    for name in ("debtplan", "_debtplan", "debtplan.fish"):
        shutil.copy(COMPLETIONS / name, tmp_path / name)
    assert generator.main(["--check", "--dir", str(tmp_path)]) == 0

    (tmp_path / "_debtplan").write_text("#compdef debtplan\n# edited by hand\n", encoding="utf-8")
    (tmp_path / "debtplan.fish").unlink()
    assert generator.main(["--check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "_debtplan is missing or stale" in err and "debtplan.fish is missing or stale" in err
    assert "debtplan is missing" not in err.replace("_debtplan is", "").replace("debtplan.fish", "")

    assert generator.main(["--dir", str(tmp_path)]) == 0  # rewrites them
    assert generator.main(["--check", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "_debtplan").read_text(encoding="utf-8") == generator.scripts()["_debtplan"]


def test_the_check_runs_as_a_command():
    result = subprocess.run([sys.executable, str(ROOT / "scripts/gen_completions.py"), "--check"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")


def test_the_wheel_installs_them_where_the_shells_look():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for line in (
        '"completions/debtplan" = "share/bash-completion/completions/debtplan"',
        '"completions/_debtplan" = "share/zsh/site-functions/_debtplan"',
        '"completions/debtplan.fish" = "share/fish/vendor_completions.d/debtplan.fish"',
    ):
        assert line in text


# --- (b) the loan names, through Typer's completion protocol -----------------------------


@installed
def test_pay_completes_every_name_in_the_file(book: Path):
    assert complete("debtplan pay ") == NAMES


@installed
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ch", ["Chase Sapphire"]),
        # Typer keeps only answers starting with what was typed: the typed case stays, and
        # the name still finds the loan (names match ignoring case).
        ("ch", ["chase Sapphire"]),
        ("CHASE S", ["CHASE Sapphire"]),
        ("招商", ["招商银行信用卡"]),
        ("花", ["花呗"]),
        ("bob", ["bob's loan"]),
        ("two ", ["two  spaces"]),
        ("z", []),
    ],
)
def test_a_prefix_filters_ignoring_case(book: Path, typed: str, expected: list[str]):
    escaped = typed.replace(" ", "\\ ")  # as bash hands over a word holding spaces
    assert complete(f"debtplan pay {escaped}") == expected


@installed
def test_a_completed_name_finds_its_loan(book: Path):
    (done,) = complete("debtplan pay chase\\ s")
    result = subprocess.run([str(DEBTPLAN), "show", done, "--json"], capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Chase Sapphire"


@installed
@pytest.mark.parametrize(
    "words",
    [
        "debtplan edit ",
        "debtplan remove ",
        "debtplan show ",
        "debtplan pay ",
        "debtplan payments ",
        "debtplan unpay ",
        "debtplan schedule ",
        "debtplan overdue ",
        "debtplan message ",
        "debtplan contact ",
        "debtplan --today 2026-12-01 pay ",
    ],
)
def test_every_loan_name_argument_completes(book: Path, words: str):
    assert complete(words) == NAMES


@installed
def test_the_file_is_the_one_the_command_would_use(book: Path, tmp_path: Path):
    other = tmp_path / "other.toml"
    write_book(other, ["Other loan"])
    assert complete(f"debtplan --file {other} pay ") == ["Other loan"]  # over DEBTPLAN_FILE
    assert complete("debtplan pay ", env={"DEBTPLAN_FILE": str(other)}) == ["Other loan"]
    home = tmp_path / "home"
    default = {"HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share")}
    env = {k: v for k, v in os.environ.items() if k != "DEBTPLAN_FILE"}
    result = subprocess.run([str(DEBTPLAN)], env={**env, **default, "_DEBTPLAN_COMPLETE":
                            "complete_bash", "COMP_WORDS": "debtplan pay ", "COMP_CWORD": "2"},
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (result.returncode, answers(result.stdout), result.stderr) == (0, [], "")  # no file yet
    write_book(home / ".local/share/debtplan/loans.toml", ["Default loan"])
    result = subprocess.run([str(DEBTPLAN)], env={**env, **default, "_DEBTPLAN_COMPLETE":
                            "complete_bash", "COMP_WORDS": "debtplan pay ", "COMP_CWORD": "2"},
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert answers(result.stdout) == ["Default loan"]


@installed
@pytest.mark.parametrize(
    "content",
    [
        b"schema_version = 1\n[[loans]\nname = 'broken",  # not TOML
        b"\xff\xfe not utf-8",
        b"schema_version = 99\n[[loans]]\nname = 'From the future'\n",
        b"schema_version = 1\nloans = 'not a list'\n",
        b"schema_version = 1\n[[loans]]\nname = 5\n[[loans]]\nlender = 'no name'\n",
    ],
)
def test_a_broken_file_completes_nothing_and_keeps_quiet(loan_file: Path, content: bytes):
    loan_file.write_bytes(content)
    result = bash_protocol("debtplan pay ")
    assert (result.returncode, answers(result.stdout), result.stderr) == (0, [], "")
    assert loan_file.read_bytes() == content


@installed
def test_a_missing_file_or_a_folder_completes_nothing(tmp_path: Path):
    assert complete("debtplan pay ", env={"DEBTPLAN_FILE": str(tmp_path / "none.toml")}) == []
    assert complete("debtplan pay ", env={"DEBTPLAN_FILE": str(tmp_path)}) == []
    assert not (tmp_path / "none.toml").exists()


@installed
def test_only_the_name_is_read_not_validated(loan_file: Path):
    # A loan the model would refuse still completes: a typo elsewhere must not hide names.
    loan_file.write_text('schema_version = 1\n[[loans]]\nname = "Half written"\nrate = "x"\n',
                         encoding="utf-8")  # fmt: skip
    assert complete("debtplan pay H") == ["Half written"]


@installed
def test_options_complete_their_choices(book: Path):
    from debtplan.letters import KINDS

    assert complete("debtplan message Chase --kind ") == list(KINDS)
    assert complete("debtplan message Chase --kind ha") == ["hardship"]
    assert complete("debtplan add x --method ") == [
        "annuity", "equal-principal", "interest-only", "lump-sum", "flat", "revolving"
    ]  # fmt: skip
    assert complete("debtplan edit Chase --frequency w") == ["weekly"]
    assert complete("debtplan pa") == ["pay", "payments"]
    assert complete("debtplan plan --strategy ") == [
        "avalanche", "snowball", "highest-interest-cost", "custom"
    ]  # fmt: skip
    assert complete("debtplan plan --strategy s") == ["snowball"]


@installed
def test_plan_completes_names_for_exclude_and_the_order_list(book: Path):
    assert complete("debtplan plan --exclude ") == NAMES
    assert complete("debtplan plan --exclude 花") == ["花呗"]
    assert complete("debtplan plan --strategy custom --order 花呗,ch") == ["花呗,chase Sapphire"]
    assert complete("debtplan plan --order 花呗,") == [f"花呗,{name}" for name in NAMES]


@installed
def test_zsh_and_fish_protocols_answer_the_names(book: Path):
    base = {**os.environ, "_TYPER_COMPLETE_ARGS": "debtplan pay "}
    zsh = subprocess.run([str(DEBTPLAN)], env={**base, "_DEBTPLAN_COMPLETE": "complete_zsh"},
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert zsh.returncode == 0 and zsh.stdout.startswith("_arguments '*: :((")
    for name in ("Chase Sapphire", "招商银行信用卡", "Bob''s loan", "two  spaces"):
        assert f'"{name}"' in zsh.stdout
    fish = subprocess.run([str(DEBTPLAN)], env={**base, "_DEBTPLAN_COMPLETE": "complete_fish",
                          "_TYPER_COMPLETE_FISH_ACTION": "get-args"}, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert fish.stdout.splitlines() == NAMES


def test_completion_never_loads_the_heavy_modules(book: Path):
    probe = (
        "import sys\n"
        "from debtplan.__main__ import main\n"
        "sys.argv = ['debtplan']  # the program name picks the protocol's variable\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('rich', 'tomli_w', 'icalendar', 'babel', 'platformdirs')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "_DEBTPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "debtplan pay ",
           "COMP_CWORD": "2"}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert answers(result.stdout) == NAMES
    assert result.stderr.strip() == "[]"


# --- the matching rule itself -------------------------------------------------------------


def completions_from(path: Path | None, typed: str) -> list[str]:
    from debtplan.cli.common import complete_loan_names

    root = SimpleNamespace(params={"file": path})
    ctx = SimpleNamespace(find_root=lambda: root)
    return complete_loan_names(ctx, typed)  # type: ignore[arg-type]


def test_an_accent_typed_either_way_matches(loan_file: Path):
    write_book(loan_file, ["Café crème", "Cafe plain"])
    composed = unicodedata.normalize("NFC", "café")
    decomposed = unicodedata.normalize("NFD", "café")
    assert completions_from(loan_file, composed) == [composed + " crème"]
    assert completions_from(loan_file, decomposed) == [decomposed + " crème"]
    assert completions_from(loan_file, "CAFE") == ["CAFE plain"]
    assert completions_from(loan_file, "") == ["Café crème", "Cafe plain"]


def test_a_typed_trailing_space_counts(loan_file: Path):
    write_book(loan_file, ["Car", "Car loan"])
    assert completions_from(loan_file, "car") == ["car", "car loan"]
    assert completions_from(loan_file, "car ") == ["car loan"]


def test_a_list_option_completes_the_name_after_the_last_comma(loan_file: Path):
    from debtplan.cli.common import complete_loan_list

    write_book(loan_file, ["Chase", "Citi", "花呗"])
    root = SimpleNamespace(params={"file": loan_file})
    ctx = SimpleNamespace(find_root=lambda: root)
    assert complete_loan_list(ctx, "Chase,c") == ["Chase,chase", "Chase,citi"]
    assert complete_loan_list(ctx, "Chase,Citi,") == ["Chase,Citi,Chase", "Chase,Citi,Citi",
                                                      "Chase,Citi,花呗"]  # fmt: skip
    assert complete_loan_list(ctx, "花") == ["花呗"]


def test_nothing_raises_out_of_a_completion(tmp_path: Path):
    assert completions_from(tmp_path, "") == []  # a folder
    assert completions_from(tmp_path / "missing.toml", "x") == []
    from debtplan.cli.common import complete_loan_names

    assert complete_loan_names(None, "x") == []  # type: ignore[arg-type]


# --- (c) the scripts load in the real shells ----------------------------------------------


def shell(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return path


def shell_env(loans: Path) -> dict[str, str]:
    return {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(loans.parent), "DEBTPLAN_FILE": str(loans),
            "TERM": "xterm", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}  # fmt: skip


def run_shell(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_bash_loads_the_script_and_registers_debtplan(book: Path):
    bash = shell("bash")
    loads = "source completions/debtplan && complete -p debtplan"
    result = run_shell([bash, "--norc", "--noprofile", "-c", loads], shell_env(book))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "complete -F _debtplan_completion debtplan"


@installed
def test_bash_completion_function_answers_the_names(book: Path):
    bash = shell("bash")
    script = (
        "source completions/debtplan\n"
        'COMP_WORDS=(debtplan pay "$1"); COMP_CWORD=2\n'
        "_debtplan_completion debtplan\n"
        'printf "<%s>\\n" "${COMPREPLY[@]}"\n'
    )
    result = run_shell([bash, "--norc", "--noprofile", "-c", script, "bash", ""], shell_env(book))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"<{name}>" for name in NAMES]
    result = run_shell([bash, "--norc", "--noprofile", "-c", script, "bash", "招"], shell_env(book))
    assert result.stdout.splitlines() == ["<招商银行信用卡>"]


def test_zsh_loads_the_script_sourced_and_from_fpath(book: Path):
    zsh = shell("zsh")
    sourced = run_shell([zsh, "-f", "-c", "autoload -U compinit; compinit -u -D; "
                         "source completions/_debtplan; print -r -- $_comps[debtplan]"],
                        shell_env(book))  # fmt: skip
    assert (sourced.returncode, sourced.stdout.strip()) == (0, "_debtplan_completion"), (
        sourced.stderr
    )
    autoloaded = run_shell([zsh, "-f", "-c", "fpath=($PWD/completions $fpath); autoload -U "
                            "compinit; compinit -u -D; print -r -- $_comps[debtplan]"],
                           shell_env(book))  # fmt: skip
    assert (autoloaded.returncode, autoloaded.stdout.strip()) == (0, "_debtplan"), autoloaded.stderr


def test_fish_loads_the_script_and_completes_the_names(book: Path):
    fish = shell("fish")
    env = shell_env(book)
    loads = "source completions/debtplan.fish; complete -c debtplan"
    loaded = run_shell([fish, "--no-config", "-c", loads], env)
    assert loaded.returncode == 0, loaded.stderr
    assert "_DEBTPLAN_COMPLETE=complete_fish" in loaded.stdout
    if not DEBTPLAN.exists():
        return
    answered = run_shell([fish, "--no-config", "-c", "source completions/debtplan.fish; "
                          "complete -C'debtplan pay '; echo SPLIT; complete -C'debtplan pay bo'"],
                         env)  # fmt: skip
    assert answered.returncode == 0, answered.stderr
    listed, _, prefixed = answered.stdout.partition("SPLIT\n")
    assert sorted(listed.splitlines()) == sorted(NAMES)
    assert prefixed.splitlines() == ["bob's loan"]


# What a person gets: type, press <TAB>, run the line. A pty drives the interactive shell;
# `args` prints each argument the shell parsed from the completed line.


def interactive(argv: list[str], setup: str, typed: str, env: dict[str, str]) -> list[str]:
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes the shell
        os.chdir(ROOT)
        os.execve(argv[0], argv, env)
    try:
        setup += "\nargs() { printf 'ARG<%s>\\n' \"$@\"; }\necho RE''ADY\n"
        os.write(fd, setup.encode())
        _read_until(fd, b"READY\r\n")
        # <TAB> completes; Ctrl-A goes home to put `args` first; Ctrl-E; run it.
        os.write(fd, typed.encode() + b"\t")
        time.sleep(0.2)
        os.write(fd, b"\x01args \x05; echo DO''NE\r")
        out = _read_until(fd, b"DONE\r\n")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    text = out.decode("utf-8", "replace").replace("\r", "")
    # Each argument as printed, without the terminal's control sequences around it.
    return [line[line.index("ARG<") + 3 : line.rindex(">") + 1] for line in text.split("\n")
            if "ARG<" in line and not line.rstrip().endswith("DO''NE")]  # fmt: skip


def _read_until(fd: int, marker: bytes, timeout: float = 30) -> bytes:
    out = b""
    end = time.monotonic() + timeout
    while marker not in out:
        left = end - time.monotonic()
        assert left > 0, f"the shell did not answer; it printed {out!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                out += os.read(fd, 4096)
            except OSError:
                break
    return out


@installed
@pytest.mark.parametrize(
    ("typed", "argument"),
    [
        ("debtplan pay Ch", "Chase Sapphire"),
        ("debtplan pay bo", "bob's loan"),
        ("debtplan pay 招", "招商银行信用卡"),
        ('debtplan pay "two', "two  spaces"),
    ],
)
def test_bash_tab_inserts_the_whole_name(book: Path, typed: str, argument: str):
    bash = shell("bash")
    env = {**shell_env(book), "INPUTRC": "/dev/null", "PS1": "$ "}
    setup = "bind 'set bell-style none'; source completions/debtplan"
    words = interactive([bash, "--norc", "--noprofile", "-i"], setup, typed, env)
    assert words == ["<debtplan>", "<pay>", f"<{argument}>"]


@installed
@pytest.mark.parametrize("how", ["fpath", "source"])
@pytest.mark.parametrize(
    ("typed", "argument"),
    [
        ("debtplan pay Ch", "Chase Sapphire"),
        ("debtplan pay Bo", "Bob's loan"),
        ("debtplan pay tw", "two  spaces"),
        ("debtplan pay 花", "花呗"),
    ],
)
def test_zsh_tab_inserts_the_whole_name(book: Path, how: str, typed: str, argument: str):
    zsh = shell("zsh")
    load = {
        # As pip installs it: share/zsh/site-functions is in $fpath, the first <TAB> counts.
        "fpath": "fpath=($PWD/completions $fpath); autoload -U compinit; compinit -u -D",
        "source": "autoload -U compinit; compinit -u -D; source completions/_debtplan",
    }[how]
    setup = f"PS1='$ '; unsetopt beep; bindkey -e; {load}"
    words = interactive([zsh, "-f", "-i"], setup, typed, shell_env(book))
    assert words == ["<debtplan>", "<pay>", f"<{argument}>"]


# --- (d) fast enough for a <TAB> ----------------------------------------------------------


@installed
def test_completing_names_in_a_200_loan_file_is_quick(loan_file: Path):
    names = [f"Loan {number:03d}" for number in range(199)] + ["招商银行信用卡"]
    write_book(loan_file, names)
    assert loan_file.stat().st_size > 20_000
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        answered = complete("debtplan pay ")
        timings.append(time.perf_counter() - start)
        assert answered == names
    assert complete("debtplan pay Loan\\ 19") == [f"Loan 19{digit}" for digit in range(9)]
    # Measured about 0.2 s here (mostly Python and Typer starting up); a <TAB> that takes
    # seconds would be a regression.
    assert statistics.median(timings) < 2.0, timings
