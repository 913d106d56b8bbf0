"""Charts for the terminal: plain text made of block characters, no colour, no rich.

A chart is a list of lines; the caller prints them. Heights are computed in
Decimal and rounded half-up to eighths of a row, so a chart is the same on every
machine. ``ascii_only`` draws with ``#`` for terminals that cannot show blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from debtplan.render.text import grouped, pad, width

EIGHTHS = " ▁▂▃▄▅▆▇█"  # 0/8 .. 8/8 of a row
_ASCII = {"full": "#", "axis": "+", "rule": "-", "tick": "+", "bar": "|"}
_BLOCKS = {"full": "█", "axis": "└", "rule": "─", "tick": "┤", "bar": "│"}


def columns_for(count: int, most: int) -> list[int]:
    """Which of ``count`` points to draw in at most ``most`` columns: evenly spaced,
    always the first and the last (``columns_for(5, 3) == [0, 2, 4]``)."""
    if count <= most:
        return list(range(count))
    if most == 1:
        return [0]
    return [(k * (count - 1) + (most - 1) // 2) // (most - 1) for k in range(most)]


def bar_heights(values: Sequence[Decimal], rows: int) -> list[int]:
    """Each value's height in eighths of a row, the largest ``rows * 8``; any value above
    0 gets at least one eighth, so a last small balance still shows."""
    top = max(values, default=Decimal(0))
    if top <= 0:
        return [0] * len(values)
    eighths = rows * 8
    heights = []
    for value in values:
        height = int((value * eighths / top).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        heights.append(max(height, 1) if value > 0 else 0)
    return heights


def balance_chart(
    points: Sequence[tuple[date, Decimal]],
    *,
    most_columns: int = 60,
    rows: int = 8,
    ascii_only: bool = False,
) -> list[str]:
    """A bar chart of ``points`` (date, amount), one column a point, left to right.

    More points than ``most_columns`` are sampled evenly (first and last kept); few
    points get bars up to three columns wide. The
    y axis is labelled with the largest amount, half of it and 0; the x axis with
    the first and last month (YYYY-MM). No points, or none above 0: no lines.
    """
    if not points or max(amount for _, amount in points) <= 0:
        return []
    shown = [points[i] for i in columns_for(len(points), max(1, most_columns))]
    heights = bar_heights([amount for _, amount in shown], rows)
    glyph = _ASCII if ascii_only else _BLOCKS
    repeat = max(1, min(3, most_columns // len(shown)))
    top = max(amount for _, amount in shown)
    labels = {rows - 1: grouped(top), (rows - 1) // 2: grouped(top / 2)} if rows > 1 else {}
    label_width = max(width(grouped(top)), width("0.00"))
    lines = []
    for row in range(rows - 1, -1, -1):
        bottom = row * 8
        cells = []
        for height in heights:
            filled = height - bottom
            if filled >= 8:
                cells.append(glyph["full"])
            elif filled <= 0:
                cells.append(" ")
            elif ascii_only:
                cells.append("#" if filled >= 4 else ".")
            else:
                cells.append(EIGHTHS[filled])
        # Label rows counted from the bottom: row 0 is the lowest bar row.
        label = labels.get(row, "")
        mark = glyph["tick"] if label else glyph["bar"]
        bars = "".join(cell * repeat for cell in cells)
        lines.append(f"{pad(label, label_width, right=True)} {mark}{bars}".rstrip())
    span = len(heights) * repeat
    lines.append(f"{pad('0.00', label_width, right=True)} {glyph['axis']}{glyph['rule'] * span}")
    first, last = f"{shown[0][0]:%Y-%m}", f"{shown[-1][0]:%Y-%m}"
    span += 1
    gap = " " * max(1, span - len(first) - len(last))
    lines.append(" " * (label_width + 1) + (first + gap + last if len(shown) > 1 else first))
    return lines


def can_draw_blocks(encoding: str | None) -> bool:
    """True when ``encoding`` (a stream's) can show the block characters."""
    try:
        (EIGHTHS + "".join(_BLOCKS.values())).encode(encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True
