"""A PDF page's ruled tables, read cell by cell into markdown pipe rows.

A table printed with borders (a browser's print of an HTML table, a word processor's) comes
out of the text layer as lines in reading order across the cells: a cell that wraps ("…
without a / receipt") interleaves with its neighbours ("purchase price, or £34.99 without a
14 days after we receive the Refund receipt kettle"). Its rules say where each cell is: each
character goes to the cell it is drawn in, and the table reads as a markdown table, whose
rows the index cites one by one with their column names, as a web page's are.

Only ruled tables: without rules, columns are a guess that a paragraph set in two columns
would fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A rule is a shape this thin (points) and at least this long.
_THIN, _LONG = 2.0, 4.0
# Rules this close (points) are one rule; shapes this close touch.
_SNAP = 2.0
# A page drawn with more rules than this (a chart, a form's grid) is not read for tables:
# grouping them is quadratic.
_MOST_RULES = 2000


@dataclass(frozen=True)
class Table:
    """A table found on a page: its box (x0, y0, x1, y1) and its markdown rows."""

    box: tuple[float, float, float, float]
    markdown: str

    def holds(self, line: Any) -> bool:
        """Whether a text line is drawn inside the table."""
        x, y = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
        x0, y0, x1, y1 = self.box
        return bool(x0 <= x <= x1 and y0 <= y <= y1)


def tables(shapes: list[Any], lines: list[Any]) -> list[Table]:
    """The ruled tables among a page's `shapes` (pdfminer LTRect/LTLine), read from `lines`
    (its LTTextLine objects), top first."""
    rules = [s for s in shapes if min(s.width, s.height) <= _THIN
             and max(s.width, s.height) >= _LONG]
    if len(rules) > _MOST_RULES:
        return []
    found = []
    for group in _touching(rules):
        xs = _snapped((r.x0 + r.x1) / 2 for r in group if r.width <= _THIN)
        ys = _snapped((r.y0 + r.y1) / 2 for r in group if r.height <= _THIN)
        if len(xs) < 3 or len(ys) < 3:  # not two columns and two rows
            continue
        rows = _cells(xs, ys[::-1], lines)
        rows = [r for r in rows if any(r)]
        if len(rows) < 2:
            continue
        # A first row of one cell across the table is its caption: a heading over it, as
        # a web page's caption is, and the next row its column names.
        caption = rows[0][0] if len(rows) > 2 and not any(rows[0][1:]) else ""
        rows = rows[1:] if caption else rows
        width = len(xs) - 1
        text = [_row(rows[0]), "|" + "---|" * width, *(_row(r) for r in rows[1:])]
        found.append(Table((xs[0], ys[0], xs[-1], ys[-1]),
                           (f"#### {caption}\n\n" if caption else "") + "\n".join(text)))
    return sorted(found, key=lambda t: -t.box[3])


def _touching(rules: list[Any]) -> list[list[Any]]:
    """The rules in groups that touch one another (one group a table)."""
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for i, a in enumerate(rules):
        for j in range(i):
            b = rules[j]
            if a.x0 - _SNAP <= b.x1 and b.x0 - _SNAP <= a.x1 \
                    and a.y0 - _SNAP <= b.y1 and b.y0 - _SNAP <= a.y1:
                parent[root(i)] = root(j)
    groups: dict[int, list[Any]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(root(i), []).append(rule)
    return list(groups.values())


def _snapped(values: Any) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _cells(xs: list[float], ys: list[float], lines: list[Any]) -> list[list[str]]:
    """Each cell's text, rows top to bottom (`ys` descending): every character goes to the
    cell its middle is in, a cell's lines joined by spaces."""
    pieces: dict[tuple[int, int], list[str]] = {}
    for line in lines:
        last: tuple[int, int] | None = None
        for char in line:
            if not hasattr(char, "x0"):  # a space pdfminer inferred: inside the last cell
                if last is not None:
                    pieces[last][-1] += " "
                continue
            cell = (_slot((char.y0 + char.y1) / 2, ys, descending=True),
                    _slot((char.x0 + char.x1) / 2, xs))
            if cell[0] < 0 or cell[1] < 0:
                continue
            if cell != last:
                pieces.setdefault(cell, []).append("")
                last = cell
            pieces[cell][-1] += char.get_text()
    return [[" ".join(" ".join(p.split()) for p in pieces.get((r, c), []) if p.strip())
             .replace("|", "/") for c in range(len(xs) - 1)] for r in range(len(ys) - 1)]


def _slot(v: float, edges: list[float], descending: bool = False) -> int:
    """The index of the gap between `edges` that `v` falls in; -1 outside them."""
    for i in range(len(edges) - 1):
        low, high = (edges[i + 1], edges[i]) if descending else (edges[i], edges[i + 1])
        if low <= v <= high:
            return i
    return -1


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
