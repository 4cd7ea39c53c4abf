"""The reading order of a PDF page set in columns: down the first column, then the next.

A PDF's text layer has no order of its own; read strictly top to bottom, two columns side by
side interleave line by line ("Lessons for adults run on Tuesday Lessons for children run on
Saturday evenings and cost £9 a session. mornings in blocks of ten weeks."). A gutter is an
upright strip that no line crosses between lines of prose on both sides of it; a line that
crosses it (a title, a heading, a photo caption across the page) ends the columns above it.
"""

from __future__ import annotations

from typing import Any

# Where a gutter may be, as shares of the text's width, and how finely it is looked for.
_GUTTER_FROM, _GUTTER_TO, _STEP = 0.25, 0.75, 2.0
# What makes two columns: at least this many lines side by side, of prose (this many
# characters on average: a table's short cells are not columns), and few lines across.
_SIDE_BY_SIDE = 3
_PROSE_CHARS = 20
_ACROSS_SHARE = 0.25
_FEWEST_LINES = 6


def reading_order(lines: list[Any]) -> list[Any]:
    """`lines` (pdfminer LTTextLine objects, top to bottom) in reading order: each run of
    columns down one column, then the next; lines across the page where they stand."""
    gutter = _gutter(lines)
    if gutter is None:
        return lines
    out: list[Any] = []
    left: list[Any] = []
    right: list[Any] = []
    for line in lines:
        if line.x1 <= gutter:
            left.append(line)
        elif line.x0 >= gutter:
            right.append(line)
        else:  # across the gutter: the columns above it end here
            out += reading_order(left) + reading_order(right) + [line]
            left, right = [], []
    return out + reading_order(left) + reading_order(right)


def _gutter(lines: list[Any]) -> float | None:
    """The x of the strip between two columns of prose, or None when the lines have none."""
    if len(lines) < _FEWEST_LINES:
        return None
    start, end = min(line.x0 for line in lines), max(line.x1 for line in lines)
    counts: list[tuple[float, int]] = []
    x = start + _GUTTER_FROM * (end - start)
    while x <= start + _GUTTER_TO * (end - start):
        counts.append((x, sum(1 for line in lines if line.x0 < x < line.x1)))
        x += _STEP
    if not counts:
        return None
    across = min(n for _, n in counts)
    # The middle of the widest strip crossed that little: not the edge of a ragged column.
    runs: list[list[float]] = []
    for x, n in counts:
        if n != across:
            runs.append([])
        elif runs and runs[-1]:
            runs[-1].append(x)
        else:
            runs.append([x])
    widest = max(runs, key=len)
    x = (widest[0] + widest[-1]) / 2
    left = [line for line in lines if line.x1 <= x]
    right = [line for line in lines if line.x0 >= x]
    beside = sum(1 for r in right if any(a.y0 < r.y1 and r.y0 < a.y1 for a in left))
    prose = all(sum(len(line.get_text().strip()) for line in side) >= _PROSE_CHARS * len(side)
                for side in (left, right) if side)
    if beside < _SIDE_BY_SIDE or not prose or across > _ACROSS_SHARE * (len(left) + len(right)):
        return None
    return x
