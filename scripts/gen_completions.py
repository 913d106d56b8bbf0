"""Write the shell completion scripts in ``completions/`` from the debtplan CLI itself.

    python scripts/gen_completions.py          # (re)write the three scripts
    python scripts/gen_completions.py --check  # exit 1 if one is missing or stale

The scripts are Typer's own (what ``debtplan --show-completion SHELL`` prints): on each
<TAB> the shell runs ``debtplan`` with ``_DEBTPLAN_COMPLETE=complete_SHELL`` and the
words typed so far, and the CLI answers with its commands, options, choices and the
loan names in the current file (``debtplan.cli.common.complete_loan_names``). So the
scripts only change when Typer's protocol does; new commands and options complete
without regenerating anything.

Fixes on top of Typer's text (see FIXES), each checked against the text it replaces so
that a Typer upgrade that changes its scripts stops this script instead of going
unnoticed. Found by completing names like "Chase Sapphire", "Bob's loan" and
"two  spaces" in real shells (tests/test_completions.py does it again):

- bash: Typer inserts an answer as it is, so ``Chase Sapphire`` became two words;
  ``compopt -o filenames`` has readline quote answers the way it quotes file names
  (``Chase\\ Sapphire``, or inside the quote the person opened).
- zsh: Typer's file only registers itself with ``compdef``, so autoloaded from
  ``$fpath`` (``share/zsh/site-functions``, where pip installs it) the first <TAB>
  completed nothing; like Click's script, it now completes when autoloaded and
  registers when sourced. Its unquoted ``eval $(...)`` squeezed two spaces into one,
  and the ``''`` it writes for an apostrophe needs ``rc_quotes``.

The package installs the three files where each shell looks for them (see
``[tool.hatch.build.targets.wheel.shared-data]`` in pyproject.toml). The files are
rewritten only when their content changes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "completions"

# file name -> shell, as each shell's completion loader expects the file to be named
FILES = {"debtplan": "bash", "_debtplan": "zsh", "debtplan.fish": "fish"}

FIXES = {
    "bash": [
        # A readable newline (Typer's Python string turned "\\n" into a line break).
        ("    local IFS=$'\n'\n", "    local IFS=$'\\n'\n"),
        (
            '    COMPREPLY=( $( env COMP_WORDS="${{COMP_WORDS[*]}}" \\\n'
            "                   COMP_CWORD=$COMP_CWORD \\\n"
            "                   {var}=complete_bash $1 ) )\n",
            '    local answer answers=( $( env COMP_WORDS="${{COMP_WORDS[*]}}" \\\n'
            "                   COMP_CWORD=$COMP_CWORD \\\n"
            "                   {var}=complete_bash $1 ) )\n"
            '    # Each answer is "type,value" (debtplan.cli.localize): bash completes file\n'
            "    # names only where the slot takes a file, never in an amount's slot.\n"
            "    COMPREPLY=()\n"
            '    for answer in "${{answers[@]}}"; do\n'
            "        case $answer in\n"
            "            file,*) compopt -o default 2>/dev/null ;;\n"
            "            dir,*) compopt -o dirnames 2>/dev/null ;;\n"
            '            *) COMPREPLY+=( "${{answer#*,}}" ) ;;\n'
            "        esac\n"
            "    done\n"
            "    # Loan names hold spaces and quotes: have readline quote the answers the way it\n"
            "    # quotes file names, or `Chase Sapphire` would be inserted as two words.\n"
            "    compopt -o filenames 2>/dev/null\n",
        ),
        # No file names unless an answer asks for them (above).
        ("complete -o default -F {func} {prog}\n", "complete -F {func} {prog}\n"),
    ],
    "zsh": [
        (
            '  eval $(env _TYPER_COMPLETE_ARGS="${{words[1,$CURRENT]}}" '
            "{var}=complete_zsh {prog})\n",
            "  # rc_quotes: Typer writes the apostrophe in \"Bob's loan\" as '' inside '...'\n"
            "  setopt local_options rc_quotes\n"
            "  # quoted: two spaces in a loan name stay two spaces\n"
            '  eval "$(env _TYPER_COMPLETE_ARGS="${{words[1,$CURRENT]}}" '
            '{var}=complete_zsh {prog})"\n',
        ),
        (
            "\ncompdef {func} {prog}\n",
            "\n"
            "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
            "  # autoloaded from $fpath (pip installs it in share/zsh/site-functions):\n"
            "  # complete now\n"
            '  {func} "$@"\n'
            "else\n"
            "  # sourced from a .zshrc: register for the next <TAB>\n"
            "  compdef {func} {prog}\n"
            "fi\n",
        ),
    ],
    "fish": [],
}


def header(shell: str) -> str:
    return f"# {shell} completion for debtplan, from scripts/gen_completions.py: do not edit.\n"


def scripts() -> dict[str, str]:
    """File name -> content of the three completion scripts, from the CLI's own app."""
    from typer.completion import get_completion_script

    from debtplan.cli.app import app

    prog = app.info.name
    assert isinstance(prog, str)
    # The variable Typer's generated command reads (typer.main: "_{prog}_COMPLETE").
    var = "_{}_COMPLETE".format(prog.replace("-", "_").upper())
    func = f"_{prog.replace('-', '_')}_completion"
    names = {"var": var, "prog": prog, "func": func}
    out = {}
    for name, shell in FILES.items():
        text = get_completion_script(prog_name=prog, complete_var=var, shell=shell) + "\n"
        for old, new in FIXES[shell]:
            old, new = old.format(**names), new.format(**names)
            if text.count(old) != 1:
                raise SystemExit(
                    f"gen_completions: Typer's {shell} script changed ({old!r} is not in it "
                    f"once); update FIXES in scripts/gen_completions.py. Typer's script:\n{text}"
                )
            text = text.replace(old, new)
        # After the first line: zsh needs "#compdef debtplan" there.
        first, rest = text.split("\n", 1) if shell == "zsh" else ("", text)
        out[name] = (first + "\n" if first else "") + header(shell) + rest
    return out


def stale(folder: Path) -> list[str]:
    """The names of the scripts in ``folder`` that are missing or differ from the CLI's."""
    wanted = scripts()
    return [
        name
        for name, text in wanted.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a script is stale")
    parser.add_argument("--dir", type=Path, default=FOLDER, help="where the scripts live")
    args = parser.parse_args(argv)
    folder: Path = args.dir
    names = stale(folder)
    if args.check:
        for name in names:
            print(
                f"{folder / name} is missing or stale: run python scripts/gen_completions.py",
                file=sys.stderr,
            )
        return 1 if names else 0
    folder.mkdir(parents=True, exist_ok=True)
    wanted = scripts()
    for name in names:
        (folder / name).write_text(wanted[name], encoding="utf-8", newline="\n")
        print(f"wrote {folder / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
