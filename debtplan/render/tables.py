"""Tables for people: rich on a terminal (colour unless NO_COLOR), plain text when piped.

Piped output is aligned columns written without rich: what scripts, grep and mail
want, and a fraction of the time for a table of a thousand loans. Every cell goes
through :func:`debtplan.render.text.literal` (and on a terminal into a
``rich.text.Text``), so a loan called "[red]x" or holding an escape sequence is shown
as typed, never interpreted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from debtplan.render.text import literal


def console(*, stderr: bool = False) -> Any:
    """A rich Console on stdout (or stderr): no markup, no highlighting, wide when piped."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    is_terminal = stream.isatty()
    width = None if is_terminal else int(os.environ.get("COLUMNS", "0") or 0) or 200
    return Console(
        file=stream,
        markup=False,
        highlight=False,
        emoji=False,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")) or not is_terminal,
        force_terminal=is_terminal,
    )


def cell(value: object, style: str = "") -> Any:
    from rich.text import Text

    return Text(literal(str(value)), style=style)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title: str | None = None,
    right: Sequence[int] = (),
    styles: Sequence[str] | None = None,
    footer: Sequence[object] | None = None,
) -> None:
    """Print a table; ``right``: columns to right-align (numbers); ``styles``: one per row."""
    if not sys.stdout.isatty():
        _print_plain(headers, rows, title=title, right=right, footer=footer)
        return
    from rich import box
    from rich.table import Table

    out = console()
    table = Table(
        title=cell(title) if title else None,
        box=box.SIMPLE_HEAD if out.is_terminal else box.ASCII2,
        show_footer=footer is not None,
        title_justify="left",
    )
    for index, header in enumerate(headers):
        table.add_column(
            cell(header, "bold"),
            justify="right" if index in right else "left",
            footer=cell(footer[index]) if footer is not None else "",
            overflow="fold",
        )
    for number, row in enumerate(rows):
        style = styles[number] if styles else ""
        table.add_row(*(cell(value) for value in row), style=style or None)
    out.print(table)


def _print_plain(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title: str | None,
    right: Sequence[int],
    footer: Sequence[object] | None,
) -> None:
    from debtplan.render.text import columns

    table = [[literal(str(value)) for value in row] for row in [headers, *rows]]
    if footer is not None:
        table.append([literal(str(value)) for value in footer])
    aligned = columns(table, right=[index in right for index in range(len(headers))])
    sys.stdout.write((literal(title) + "\n" if title else "") + aligned + "\n")


def print_lines(lines: Sequence[str], *, style: str = "") -> None:
    """Print literal lines (a summary, a note) with an optional style on a terminal."""
    if not sys.stdout.isatty():
        sys.stdout.write("".join(literal(line) + "\n" for line in lines))
        return
    out = console()
    for line in lines:
        out.print(cell(line, style))
