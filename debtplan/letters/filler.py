"""A small, safe template filler: ``{{name}}`` placeholders and nothing else.

Why not ``str.format`` or ``string.Template``: both interpret the text they fill,
so a loan called ``{0}`` or ``$x`` would break a letter or leak values. Here only
the template is scanned, once; a value (a loan name, a note, a reason) is
inserted as it is and never looked at again, so ``{{total_owed}}``, ``$x``,
``[red]`` or an escape sequence in a value comes out literally.

Rules a template follows:

- ``{{name}}`` is a placeholder (spaces inside the braces are allowed). An
  unknown name, a malformed ``{{...}}`` or a lone ``{{`` / ``}}`` is an error
  naming the file and line: a typo never turns into a silent blank.
- A placeholder whose value is missing (``None``) is an error that says which
  option supplies it.
- A line made only of placeholders that all fill to nothing is dropped, with the
  blank line after it, so an optional paragraph leaves no gap.

Pieces files hold the short texts the letters choose between (a sentence for an
overdue loan, another for a current one). Each piece starts with a line
``[name]``; the text runs to the next such line. Lines starting with ``#`` are
comments; blank lines around a piece are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from debtplan.core.text import N_, DebtplanError

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*")
_HEADER = re.compile(r"\[([a-z0-9][a-z0-9_.-]*)\]\s*")
_SUBJECT = re.compile(r"Subject:[ \t]*(.*)")


class TemplateError(DebtplanError):
    """A message template or its facts cannot make a letter; the message says how to fix it."""


@dataclass(frozen=True)
class Text:
    """Lines of template text with their line numbers, and the file they came from."""

    source: str
    lines: tuple[tuple[int, str], ...]

    @classmethod
    def of(cls, source: str, text: str, first_line: int = 1) -> Text:
        return cls(source, tuple(enumerate(text.split("\n"), first_line)))


def normalize(raw: str) -> str:
    """Text as read from a file: no byte-order mark, ``\\n`` line ends."""
    return raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _names_in(line: str, source: str, number: int, known: Iterable[str]) -> list[str]:
    """The placeholder names on one template line, checked against ``known``."""
    names = []
    for match in _PLACEHOLDER.finditer(line):
        name_match = _NAME.fullmatch(match[1])
        if name_match is None:
            raise TemplateError(
                N_("{source}, line {line}: {text} is not a placeholder; write one as {example}"),
                source=source,
                line=number,
                text=match[0],
                example="{{name}}",
            )
        name = name_match[1]
        if name not in known:
            raise TemplateError(
                N_("{source}, line {line}: unknown placeholder {placeholder}; known: {known}"),
                source=source,
                line=number,
                placeholder="{{" + name + "}}",
                known=", ".join(sorted(known)),
            )
        names.append(name)
    rest = _PLACEHOLDER.sub("", line)
    if "{{" in rest or "}}" in rest:
        raise TemplateError(
            N_("{source}, line {line}: unmatched {braces}; write placeholders as {example}"),
            source=source,
            line=number,
            braces="{{ or }}",
            example="{{name}}",
        )
    return names


def check(text: Text, known: Iterable[str]) -> None:
    """Raise :class:`TemplateError` for any unknown or malformed placeholder in ``text``."""
    known_names = frozenset(known)
    for number, line in text.lines:
        _names_in(line, text.source, number, known_names)


def fill(
    text: Text,
    values: Mapping[str, str | None],
    *,
    hints: Mapping[str, str] | None = None,
) -> str:
    """``text`` with each ``{{name}}`` replaced by ``values[name]``, inserted literally.

    ``hints`` maps a name to the option that supplies it, for the error raised
    when its value is ``None``.
    """
    out: list[str] = []
    drop_blank = False
    for number, line in text.lines:
        names = _names_in(line, text.source, number, values)
        if drop_blank and not line.strip():
            drop_blank = False
            continue
        drop_blank = False
        for name in names:
            if values[name] is None:
                option = (hints or {}).get(name)
                if option:
                    raise TemplateError(
                        N_("{source}, line {line}: {placeholder} needs a value; pass {option}"),
                        source=text.source,
                        line=number,
                        placeholder="{{" + name + "}}",
                        option=option,
                    )
                raise TemplateError(
                    N_("{source}, line {line}: {placeholder} has no value for this loan"),
                    source=text.source,
                    line=number,
                    placeholder="{{" + name + "}}",
                )
        if names and not _PLACEHOLDER.sub("", line).strip() and not any(values[n] for n in names):
            drop_blank = True
            continue
        # split() alternates template text and placeholders; the values go in the
        # placeholders' slots and are never scanned again.
        parts = _PLACEHOLDER.split(line)
        parts[1::2] = [values[name] or "" for name in names]
        if names and parts[-1] == "" and parts[-2] == "":
            # An empty value ending the line leaves no space of the template's behind
            # ("{{ask}} {{pay_when}}"); what the user typed is never trimmed.
            parts[-3] = parts[-3].rstrip(" ")
        out.append("".join(parts))
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def parse_template(raw: str, source: str) -> tuple[Text, Text]:
    """Split a message template into its subject and body.

    The first line is ``Subject: ...``, the second is blank, the body follows.
    """
    lines = normalize(raw).split("\n")
    match = _SUBJECT.fullmatch(lines[0])
    if match is None or (len(lines) > 1 and lines[1].strip()):
        raise TemplateError(
            N_(
                "{source}, line {line}: a message template starts with a line "
                "'Subject: ...', then a blank line, then the body"
            ),
            source=source,
            line=1 if match is None else 2,
        )
    subject = Text(source, ((1, match[1].strip()),))
    body = Text(source, tuple(enumerate(lines[2:], 3)))
    return subject, body


def parse_pieces(raw: str, source: str, *, names: Collection[str] | None = None) -> dict[str, Text]:
    """The named pieces in a pieces file: ``[name]`` lines, each followed by its text.

    With ``names``, a piece not among them is an error (a typo in an override).
    """
    pieces: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    for number, line in enumerate(normalize(raw).split("\n"), 1):
        if line.startswith("#"):
            continue
        header = _HEADER.fullmatch(line)
        if header is not None:
            if header[1] in pieces:
                raise TemplateError(
                    N_("{source}, line {line}: piece [{name}] is defined twice"),
                    source=source,
                    line=number,
                    name=header[1],
                )
            if names is not None and header[1] not in names:
                raise TemplateError(
                    N_("{source}, line {line}: unknown piece [{name}]; known pieces: {known}"),
                    source=source,
                    line=number,
                    name=header[1],
                    known=", ".join(names),
                )
            current = pieces[header[1]] = []
        elif current is not None:
            current.append((number, line))
        elif line.strip():
            raise TemplateError(
                N_("{source}, line {line}: text before the first piece; start a piece with [name]"),
                source=source,
                line=number,
            )
    result = {}
    for name, lines in pieces.items():
        while lines and not lines[0][1].strip():
            lines.pop(0)
        while lines and not lines[-1][1].strip():
            lines.pop()
        result[name] = Text(source, tuple(lines))
    return result
