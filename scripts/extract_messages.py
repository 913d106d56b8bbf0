"""Keep the Chinese catalog in step with the source: extract, merge, compile, check.

Every message id is the English text given as a string literal to ``_()`` (translate
now, in the CLI) or ``N_()`` (mark only, in the pure core) anywhere under
``debtplan/``, and the docstring of every function registered as a command (its help).
This script finds them with :mod:`ast` (so it sees exactly what Python sees: implicit
concatenation joined, comments and other docstrings ignored), merges
them into ``debtplan/locale/zh_CN/LC_MESSAGES/debtplan.po`` and compiles the ``.mo``
beside it, which is what :mod:`debtplan.i18n` loads at run time.

    python scripts/extract_messages.py          # update the .po, compile the .mo
    python scripts/extract_messages.py --check  # exit 1 if anything is missing or stale

Merging keeps every translation. A new message id gets an empty translation; one
that is close to a changed id gets the old translation marked ``fuzzy`` for review
(fuzzy translations are not compiled, so English shows until someone checks them).
Ids gone from the source are kept at the end of the file as obsolete (``#~``).

The files are rewritten only when their content changes, so running the script on an
up-to-date tree leaves ``git status`` clean.
"""

from __future__ import annotations

import argparse
import ast
import io
import string
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "debtplan"
DOMAIN = "debtplan"
LOCALE = "zh_CN"
PO_PATH = PACKAGE / "locale" / LOCALE / "LC_MESSAGES" / f"{DOMAIN}.po"
MO_PATH = PO_PATH.with_suffix(".mo")
MARKERS = ("_", "N_")

HEADER = """\
Chinese (Simplified) messages of debtplan.
Generated and merged by scripts/extract_messages.py; edit only the msgstr lines.
Keep every {placeholder} of a msgid exactly as written, including !r."""


@dataclass
class Extraction:
    """Message ids with where they occur, and marker calls that cannot be extracted."""

    messages: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _marker_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_indirect(node: ast.expr) -> bool:
    """A name, attribute or lookup: the id was marked with ``N_`` where it was defined."""
    return isinstance(node, ast.Name | ast.Attribute | ast.Subscript)


def extract(package: Path = PACKAGE, root: Path = ROOT) -> Extraction:
    """Every string literal passed first to ``_()`` or ``N_()`` in ``package``'s .py files.

    A call whose first argument is an f-string or a computed string is reported as a
    problem: its text cannot be looked up in a catalog. A call with a variable is
    fine (``_(STATUS_NAMES[code])``): the dictionary's values are marked with ``N_``.
    """
    found = Extraction()
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=where)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _marker_name(node) not in MARKERS:
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if first.value:
                    found.messages.setdefault(first.value, []).append((where, node.lineno))
                else:
                    found.problems.append(f"{where}:{node.lineno}: empty message id")
            elif first is None or not _is_indirect(first):
                found.problems.append(
                    f"{where}:{node.lineno}: {ast.unparse(node)[:70]} - pass a string literal "
                    "(values go in with .format after translation)"
                )
        for _name, line, doc in command_docstrings(tree):
            found.messages.setdefault(doc, []).append((where, line))
    for locations in found.messages.values():
        locations.sort()
    found.messages = dict(sorted(found.messages.items(), key=lambda item: item[1][0]))
    return found


def command_docstrings(tree: ast.Module) -> list[tuple[str, int, str]]:
    """(name, line, docstring) of each function a module registers as a command.

    A command's docstring is its help (``app.command()(pay)``); Typer reads it with
    ``inspect.getdoc``, which cleans it exactly as ``ast.get_docstring`` does, so the
    message id is the text :func:`debtplan.cli.chrome.translate_commands` looks up.
    """
    registered = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Call)
                and _marker_name(node.func) == "command" and len(node.args) == 1
                and isinstance(node.args[0], ast.Name)):  # fmt: skip
            registered.add(node.args[0].id)
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in registered:
            doc = ast.get_docstring(node, clean=True)
            if doc:
                found.append((node.name, node.lineno, doc))
    return found


def placeholders(text: str) -> set[str]:
    """The replacement fields of a ``str.format`` text: ``{name}``, ``{value!r}``, ...

    Raises ``ValueError`` for a text ``str.format`` cannot parse (a lone brace).
    """
    fields = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            fields.add(
                "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                + "}"
            )  # fmt: skip
    return fields


def _template(messages: dict[str, list[tuple[str, int]]]) -> Catalog:
    template = Catalog(domain=DOMAIN, project="debtplan", fuzzy=False)
    for msgid, locations in messages.items():
        flags = ("python-brace-format",) if "{" in msgid else ()
        template.add(msgid, locations=locations, flags=flags)
    return template


def read_catalog(path: Path = PO_PATH) -> Catalog:
    """The .po catalog, or a new empty one with our header if there is none yet."""
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=LOCALE, domain=DOMAIN)
    catalog = Catalog(locale=LOCALE, domain=DOMAIN, project="debtplan", version=_version(),
                      msgid_bugs_address="",
                      last_translator="debtplan developers",
                      language_team="Chinese (Simplified)", fuzzy=False)  # fmt: skip
    catalog.header_comment = "\n".join(f"# {line}" for line in HEADER.splitlines())
    return catalog


def _version() -> str:
    """The package's version, read from its source (the package is not imported)."""
    text = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    return "0"


def merged(catalog: Catalog, messages: dict[str, list[tuple[str, int]]]) -> Catalog:
    """``catalog`` with the source's ids: translations kept, new ids empty, old ones obsolete."""
    catalog.update(_template(messages), update_creation_date=False)
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # No line numbers: they change with every edit above a string and would make
    # every commit touch the catalog; the file name is enough to find the text.
    write_po(buffer, catalog, width=100, include_lineno=False, include_previous=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def translations(catalog: Catalog) -> dict[str, str]:
    """What a compiled catalog serves: non-empty, non-fuzzy translations by message id."""
    return {
        message.id: message.string
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def mo_translations(path: Path = MO_PATH) -> dict[str, str] | None:
    """The translations in the compiled .mo, or None if there is no .mo."""
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return {message.id: message.string for message in read_mo(handle) if message.id}


def untranslated(catalog: Catalog, msgids: Iterable[str]) -> list[str]:
    """The ids among ``msgids`` with no usable translation (absent, empty or fuzzy)."""
    missing = []
    for msgid in msgids:
        message = catalog.get(msgid)
        if message is None or not message.string or message.fuzzy:
            missing.append(msgid)
    return missing


def placeholder_mismatches(catalog: Catalog) -> list[str]:
    """Translations whose ``{...}`` fields differ from their id's (the .format would fail)."""
    wrong = []
    for msgid, text in translations(catalog).items():
        try:
            same = placeholders(text) == placeholders(msgid)
        except ValueError:
            same = False
        if not same:
            wrong.append(msgid)
    return wrong


def check(found: Extraction) -> list[str]:
    """Everything out of step, as lines for a person; empty when all is well."""
    report = [f"cannot extract: {problem}" for problem in found.problems]
    catalog = read_catalog()
    if not PO_PATH.exists():
        report.append(f"{PO_PATH.relative_to(ROOT)} does not exist")
    for msgid in found.messages:
        if msgid not in catalog:
            report.append(f"not in the .po: {msgid!r}")
    for msgid in untranslated(catalog, (m for m in found.messages if m in catalog)):
        state = "fuzzy" if catalog[msgid].fuzzy else "untranslated"
        report.append(f"{state}: {msgid!r}")
    for message in catalog:
        if message.id and message.id not in found.messages:
            report.append(f"no longer in the source (make it obsolete): {message.id!r}")
    for msgid in placeholder_mismatches(catalog):
        report.append(f"placeholders differ from the msgid's: {msgid!r}")
    if mo_translations() != translations(catalog):
        report.append(f"{MO_PATH.relative_to(ROOT)} is stale: compile it")
    return report


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    temporary.replace(path)
    return True


def update(found: Extraction) -> int:
    """Merge the source's ids into the .po, compile the .mo; 1 if anything needs a person."""
    catalog = merged(read_catalog(), found.messages)
    if PO_PATH.exists() and po_bytes(catalog) != PO_PATH.read_bytes():
        catalog.revision_date = datetime.now(UTC)
    for path, content in ((PO_PATH, po_bytes(catalog)), (MO_PATH, mo_bytes(catalog))):
        changed = _write_if_changed(path, content)
        print(f"{'wrote' if changed else 'unchanged'}: {path.relative_to(ROOT)}")
    missing = untranslated(catalog, found.messages)
    wrong = placeholder_mismatches(catalog)
    print(f"{len(found.messages)} message ids, {len(missing)} without a translation, "
          f"{len(catalog.obsolete)} obsolete")  # fmt: skip
    for msgid in missing:
        print(f"  translate: {msgid!r}")
    for msgid in wrong:
        print(f"  fix the placeholders of: {msgid!r}")
    for problem in found.problems:
        print(f"  cannot extract: {problem}", file=sys.stderr)
    return 1 if found.problems or wrong else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 listing ids missing, untranslated or stale, or a stale .mo",
    )
    args = parser.parse_args(argv)
    found = extract()
    if not args.check:
        return update(found)
    report = check(found)
    for line in report:
        print(line)
    if report:
        print(f"{len(report)} problem(s); run: python scripts/extract_messages.py, "
              f"translate in {PO_PATH.relative_to(ROOT)}, run it again")  # fmt: skip
        return 1
    print(f"{len(found.messages)} message ids, all translated; the .mo is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
