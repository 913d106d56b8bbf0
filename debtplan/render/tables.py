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
    drop: Sequence[int] = (),
) -> None:
    """Print a table; ``right``: columns to right-align (numbers); ``styles``: one per row;
    ``drop``: the columns a narrow terminal may leave out, least useful first.

    On a terminal the table fits its width without cutting a header word or a number:
    a column of words folds between words (a long name within itself), a number or a
    date never breaks, and when even that is too wide the ``drop`` columns go, in order.
    """
    if not sys.stdout.isatty():
        _print_plain(headers, rows, title=title, right=right, footer=footer)
        return
    from rich import box
    from rich.table import Table

    out = console()
    texts = [[literal(str(value)) for value in row] for row in rows]
    if footer is not None:
        texts.append([literal(str(value)) for value in footer])
    shown = _fitting(out.width, [literal(h) for h in headers], texts, drop)
    widths = _widths(out.width, [literal(h) for h in headers], texts, shown)
    table = Table(
        title=cell(title) if title else None,
        box=box.SIMPLE_HEAD,
        show_footer=footer is not None,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    for index in shown:
        table.add_column(
            cell(headers[index], "bold"),
            justify="right" if index in right else "left",
            footer=cell(footer[index]) if footer is not None else "",
            overflow="fold",
            width=widths[index],
        )
    for number, row in enumerate(rows):
        style = styles[number] if styles else ""
        table.add_row(*(cell(row[index]) for index in shown), style=style or None)
    out.print(table)


# Between two columns: a space of padding and the (blank) rule between them.
_GAP = 2
# A column of words is folded between words; a word longer than this may fold within.
_LONG_WORD = 12


def _whole(text: str) -> bool:
    """A cell never folded: a number, an amount or a date (no space, holds a digit)."""
    return " " not in text and any(ch.isdigit() for ch in text)


def _least(header: str, cells: Sequence[str]) -> int:
    """The narrowest a column may be: its longest header word, its widest number or
    date, and its longest word up to :data:`_LONG_WORD` columns."""
    from debtplan.render.text import width

    words = [width(word) for word in header.split()]
    whole = [width(text) for text in cells if _whole(text)]
    text = [min(width(word), _LONG_WORD) for text in cells for word in text.split()]
    return max([*words, *whole, *text, 1])


def _natural(header: str, cells: Sequence[str]) -> int:
    from debtplan.render.text import width

    return max([width(text) for text in cells] + [width(header)])


def _fitting(total: int, headers: Sequence[str], rows: Sequence[Sequence[str]],
             drop: Sequence[int]) -> list[int]:  # fmt: skip
    """The columns shown: all of them, less the ``drop`` ones (in order) a narrow
    terminal cannot hold at their narrowest."""
    shown = list(range(len(headers)))
    least = [_least(h, [row[i] for row in rows]) for i, h in enumerate(headers)]
    for index in drop:
        if sum(least[i] for i in shown) + _GAP * (len(shown) - 1) <= total:
            break
        shown.remove(index)
    return shown


def _widths(total: int, headers: Sequence[str], rows: Sequence[Sequence[str]],
            shown: Sequence[int]) -> dict[int, int]:  # fmt: skip
    """Each shown column's width: its natural width, the widest columns of words made
    narrower (never below :func:`_least`) until the table fits ``total``."""
    widths = {i: _natural(headers[i], [row[i] for row in rows]) for i in shown}
    least = {i: _least(headers[i], [row[i] for row in rows]) for i in shown}
    excess = sum(widths.values()) + _GAP * (len(shown) - 1) - total
    while excess > 0:
        narrower = [i for i in shown if widths[i] > least[i]]
        if not narrower:
            break
        widest = max(narrower, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


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
