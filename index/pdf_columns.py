"""The reading order of a PDF page set in columns: down the first column, then the next.

A PDF's text layer has no order of its own; read strictly top to bottom, two columns side by
side interleave line by line ("Lessons for adults run on Tuesday Lessons for children run on
Saturday evenings and cost £9 a session. mornings in blocks of ten weeks."). A gutter is an
upright strip that no line crosses between lines of prose on both sides of it; a line that
crosses it (a title, a heading, a photo caption across the page) ends the columns above it.

Two panels side by side are read one after the other too: a bill's or a letter's address
block beside its summary box ("Mr D. Achterberg" / "Account number: 8830 2217 45" / "14
Fenwick Close" / "Bill date: 4 April 2025" …, read across, loses "Amount to pay: £250.14").
The layout groups each panel's lines into a box; two boxes beside each other whose lines do
not share baselines are panels, where a table's cells, or columns of one paragraph style,
line up row by row.
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


# Lines of two boxes this close (points) in height stand on one baseline: a row.
_BASELINE = 2.0
# Panels are boxes of at least this many lines; beside each other, at most this share of the
# smaller one's lines lines up with the other's.
_PANEL_LINES = 2
_ALIGNED_SHARE = 0.5


def panels_apart(boxes: list[list[Any]]) -> list[Any]:
    """The lines of `boxes` (pdfminer's text boxes, each a list of LTTextLine) top to bottom,
    except that where two boxes are panels side by side, every line of their band (the
    height they span) left of the gap between them comes first, then those right of it."""
    boxes = [box for box in boxes if box]
    lines = sorted((line for box in boxes for line in box),
                   key=lambda line: (-round(line.y1), line.x0))
    bounds = [_bounds(box) for box in boxes]
    band = _panel_band([(box, b) for box, b in zip(boxes, bounds, strict=True)
                        if len(box) >= _PANEL_LINES])
    if band is None:
        return lines
    top, bottom, gap = band
    # The band reaches as far as the boxes on either side that it meets (a panel's next box
    # down, the letterhead over the address).
    grown = True
    while grown:
        grown = False
        for x0, y0, x1, y1 in bounds:
            if (x1 <= gap or x0 >= gap) and y0 < top and bottom < y1 \
                    and (y0 < bottom or y1 > top):
                top, bottom, grown = max(top, y1), min(bottom, y0), True
    inside = {line for line in lines if bottom <= (line.y0 + line.y1) / 2 <= top}
    if any(line.x0 < gap < line.x1 for line in inside):
        return lines
    first = next(i for i, line in enumerate(lines) if line in inside)
    rest = [line for line in lines[first:] if line not in inside]
    band_lines = [line for line in lines if line in inside]
    return lines[:first] + [line for line in band_lines if line.x1 <= gap] \
        + [line for line in band_lines if line.x0 >= gap] + rest


def _bounds(box: list[Any]) -> tuple[float, float, float, float]:
    """The box around a box's lines: x0, y0, x1, y1."""
    return (min(line.x0 for line in box), min(line.y0 for line in box),
            max(line.x1 for line in box), max(line.y1 for line in box))


def _panel_band(boxes: list[tuple[list[Any], tuple[float, float, float, float]]]
                ) -> tuple[float, float, float] | None:
    """The top and bottom of the first two panels side by side, and the x of the gap between
    them; None when no two boxes are."""
    for a, (_, ay0, ax1, ay1) in boxes:
        for b, (bx0, by0, _, by1) in boxes:
            if ax1 >= bx0 or min(ay1, by1) <= max(ay0, by0) or _aligned(a, b):
                continue  # a is not left of b, or not beside it, or they make rows
            return max(ay1, by1), min(ay0, by0), bx0
    return None


def _aligned(a: list[Any], b: list[Any]) -> bool:
    """Whether most lines of the smaller box stand on a baseline of the other's."""
    small, large = sorted((a, b), key=len)
    rows = sum(1 for line in small if any(abs(line.y0 - other.y0) <= _BASELINE for other in large))
    return rows > _ALIGNED_SHARE * len(small)


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
