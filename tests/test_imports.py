"""The cron path stays light: `debtplan due` never imports what it does not use.

Commands are loaded lazily (debtplan.cli.app.COMMANDS): a run imports its own module only.

Like Typer's own test_rich_import: run the command in a fresh interpreter and look
at sys.modules afterwards.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Collection, Mapping
from pathlib import Path

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


# -- no module imports another in a circle, lazily or not ----------------------------------
#
# Every `import` statement counts, also those inside functions and under TYPE_CHECKING: a
# lazy import in a circle still ties two modules into one, and the day it moves to the
# top the program stops starting.

PACKAGE = Path(__file__).resolve().parent.parent / "debtplan"


def module_names(package: Path) -> dict[str, Path]:
    """Every module under ``package`` by dotted name (a package by its own name)."""
    names = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imported_modules(name: str, path: Path, known: Collection[str]) -> set[str]:
    """The modules of ``known`` that ``path`` (module ``name``) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from . import x / from ..core import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module in known and module != name}


def import_graph(package: Path) -> dict[str, set[str]]:
    names = module_names(package)
    return {name: imported_modules(name, path, names) for name, path in names.items()}


def cycles(graph: Mapping[str, Collection[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan), each a set of
    modules that import one another in a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def describe(component: frozenset[str], graph: Mapping[str, Collection[str]]) -> str:
    edges = sorted(f"{a} -> {b}" for a in component for b in graph[a] if b in component)
    return "{" + ", ".join(sorted(component)) + "}: " + "; ".join(edges)


def test_the_cycle_finder_sees_lazy_relative_and_long_circles(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from pkg.sub import b\n")  # lazy
    (pkg / "sub" / "b.py").write_text("from ..c import x\n")  # relative
    (pkg / "c.py").write_text("import pkg.a\n")  # closes a -> sub.b -> c -> a
    (pkg / "d.py").write_text("from pkg import c\n")  # into the circle, not part of it
    graph = import_graph(pkg)
    assert graph["pkg.a"] == {"pkg.sub", "pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.c"}
    assert cycles(graph) == [frozenset({"pkg.a", "pkg.sub.b", "pkg.c"})]


def test_no_module_imports_another_in_a_circle() -> None:
    graph = import_graph(PACKAGE)
    assert "debtplan.cli.views" in graph["debtplan.cli.alerts"]  # lazy imports are seen
    found = [describe(component, graph) for component in cycles(graph)]
    assert not found, "modules importing each other in a circle:\n" + "\n".join(found)


# The layers of debtplan/design: cli -> usecases -> core, render beside them; store is
# the only code that touches the file. Lazy imports count as much as top-level ones.
LOWER_LAYERS = ("debtplan.core", "debtplan.usecases", "debtplan.render", "debtplan.letters",
                "debtplan.store")  # fmt: skip


def test_layers_point_one_way() -> None:
    graph = import_graph(PACKAGE)
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if module.startswith(LOWER_LAYERS)
        for target in targets
        if target.startswith("debtplan.cli")
    )
    assert not upward, "lower layers must not import the CLI:\n" + "\n".join(upward)
    core_reaches = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if module.startswith("debtplan.core")
        for target in targets
        if not target.startswith("debtplan.core")
    )
    assert not core_reaches, "the core imports only the core:\n" + "\n".join(core_reaches)
