"""Choosing evidence: scoring candidate sentences and picking the ones to cite."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.questions import Reading, read
from assistant.retrieval import Candidate
from index import Unit, is_list_item

# The ranking's features of a candidate, in the order of its weights.
FEATURES = ("dense", "context", "lexical", "coverage", "context_coverage", "cue", "rank_fusion",
            "late")
RANKING_PATH = Path(__file__).resolve().parent / "models" / "ranking.json"


@dataclass(frozen=True)
class Ranking:
    """How much each of `FEATURES` counts in a candidate's score: fitted by `assistant train`
    (`assistant/ranker.py`) and shipped with its manifest in `assistant/models/ranking.json`.
    Immutable: one instance is shared by every thread."""

    weights: tuple[float, ...]  # one per name in `FEATURES`
    manifest: dict[str, Any] = field(default_factory=dict, compare=False)

    def with_late(self, weight: float) -> Ranking:
        """The same weights with late interaction counting `weight` (0: not at all)."""
        weights = list(self.weights)
        weights[FEATURES.index("late")] = weight
        return replace(self, weights=tuple(weights))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"weights": dict(zip(FEATURES, self.weights, strict=True)),
                                    "manifest": self.manifest}, indent=1) + "\n",
                        encoding="utf-8")


@lru_cache(maxsize=4)
def ranking(path: Path = RANKING_PATH) -> Ranking:
    """The fitted ranking (cached: it is immutable)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    named = raw["weights"]
    if set(named) != set(FEATURES):
        raise ValueError(f"{path.name} was fitted on other features; run `assistant train`")
    return Ranking(tuple(float(named[f]) for f in FEATURES), dict(raw.get("manifest", {})))


@dataclass(frozen=True)
class Citing:
    """How the evidence to cite is chosen from the ranking (set by hand)."""

    # Further sentences join the best one when they score within this margin of it...
    second_margin: float = 0.08
    # ...and while a reader still has at most this many characters to check.
    cited_chars_budget: int = 400
    max_citations: int = 3


CITING = Citing()


# A list item's bullet or number ("4. Simmer the soup."): not a number the item gives.
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def features(c: Candidate, reading: Reading, boost: float = 0.0) -> tuple[float, ...]:
    """A candidate's ranking features, in `FEATURES` order. `boost` (what the conversation
    adds, `Pipeline.boosts`) counts as closeness in meaning, so it weighs what similarity
    weighs. `cue` is 1 when the sentence has what the question asks for (a year for "when", a
    number for "how many"), -1 when it has not, 0 for a question with no such cue; 30 puts
    fused reciprocal ranks (at most 2/61) on the 0..1 scale of the others."""
    cue = 0.0
    if reading.wanted is not None:
        cue = 1.0 if reading.wanted.search(_LIST_MARK.sub("", c.unit.text, count=1)) else -1.0
    return (c.dense + boost, c.context, c.lexical, c.coverage, c.context_coverage, cue,
            c.rank_fusion * 30, c.late)


def rank(candidates: list[Candidate], question: str = "", weights: Ranking | None = None,
         boost: dict[int, float] | None = None) -> list[Candidate]:
    """Candidates best first, each `score` the weighted sum of its features (`weights`: the
    shipped ranking's by default), `boost` added to the closeness in meaning of the rows it
    names. Their `late` must be filled in already."""
    w = (weights or ranking()).weights
    reading = read(question)
    for c in candidates:
        x = features(c, reading, (boost or {}).get(c.row, 0.0))
        c.score = sum(a * b for a, b in zip(w, x, strict=True))
    return sorted(candidates, key=lambda c: c.score, reverse=True)


def select(ranked: list[Candidate], w: Citing = CITING, at_least: int = 1,
           budget: int | None = None) -> list[Candidate]:
    """The evidence to cite, closest first: the best sentence, and the next ones while
    they score within `second_margin` of it and fit the reader's budget, then the next best
    whatever their score until there are `at_least` (within the budget: `budget` characters,
    else `w.cited_chars_budget`). Whether to answer, hedge or refuse with it is the
    decision's (`assistant/decide.py`).

    A follow-up may cite again what the previous answer cited: "What did he say?" is often
    answered by the sentence that named him. (Leaving those sentences out unless nothing
    else was close cost one of 72 reader-worded validation questions when removed, and
    lost questions on the seed article's reader-worded, dev and probe sets.)"""
    if not ranked:
        return []
    budget = w.cited_chars_budget if budget is None else budget
    best = ranked[0]
    chosen = [best]
    chars = len(best.unit.text)
    for other in ranked[1: w.max_citations]:
        size = len(other.unit.text)
        if other.score < best.score - w.second_margin or chars + size > budget:
            break
        chosen.append(other)
        chars += size
    # Then the next best, whatever their score, up to `at_least` (what is cited above stays).
    for other in ranked[1: w.max_citations]:
        if len(chosen) >= at_least:
            break
        if other not in chosen and chars + len(other.unit.text) <= budget:
            chosen.append(other)
            chars += len(other.unit.text)
    return chosen


_VERSION = re.compile(r"\bv?\d+\.\d+(?:\.\d+)*\b")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")


def _version_heading(row: int, units: Sequence[Unit]) -> int | None:
    """The nearest heading above `row` in its document that names a version ("## 2.4.1
    (2024-03-02)", "Version 3.1 — May 2025"); None where the title comes first."""
    source = units[row].source
    for above in range(row - 1, -1, -1):
        unit = units[above]
        if unit.source != source or unit.kind == "title":
            return None
        if (unit.kind == "heading" or _MARKDOWN_HEADING.match(unit.text)) \
                and _VERSION.search(unit.text):
            return above
    return None


def with_version_headings(chosen: list[Candidate], units: Sequence[Unit], budget: int
                          ) -> list[Candidate]:
    """`chosen`, each sentence that names no version preceded by the heading above it that
    does, while they fit `budget` characters in all: which release made a change, a changelog
    says in the heading over its items ("Which version added a dark theme?")."""
    chars = sum(len(c.unit.text) for c in chosen)
    done = {c.row for c in chosen}
    out: list[Candidate] = []
    for c in chosen:
        heading = None if _VERSION.search(c.unit.text) else _version_heading(c.row, units)
        if heading is not None and heading not in done \
                and chars + len(units[heading].text) <= budget:
            out.append(Candidate(heading, units[heading], score=c.score))
            done.add(heading)
            chars += len(units[heading].text)
        out.append(c)
    return out


# Says why: the sentence that gives a reason or a cause ("…, so steeply that the mill could
# not afford to buy", "The main reason was the cost of our raw materials").
_BECAUSE = (r"because|due\s+to|owing\s+to|as\s+a\s+result|thanks\s+to|caus(?:e|es|ed|ing)|blamed|"
            r"so\s+that|in\s+order\s+to|so\s+as\s+to|led\s+to|leads?\s+to|meant\s+that|"
            r"result(?:s|ed)?\s+(?:in|from)|so\s+\w+\s+that|explains?")
_GIVES_REASON = re.compile(rf"\b(?:{_BECAUSE})\b", re.I)
# ...or names one ("The main reason was the cost of flour.").
_NAMES_REASON = re.compile(rf"\b(?:{_BECAUSE}|reasons?|why)\b", re.I)


def with_reasons(chosen: list[Candidate], units: Sequence[Unit], budget: int
                 ) -> list[Candidate]:
    """`chosen`, its best sentence, where it gives no reason, followed by the one beside it
    in its paragraph that names one (the next, else the one before), else by the next ("…,
    and the reason is in her hands." over "Arthritis in both thumbs has made …"), while they
    fit `budget` characters in all: a "why" question's words meet the sentence that says
    what happened ("Operating profit fell from £11.2 million to £9.4 million."), and a writer
    often gives the reason in the next ("The main reason was the cost of our raw materials
    and energy.") or the one before. The other passages are the reader's second guesses."""
    if not chosen or chosen[0].unit.kind != "body" or _GIVES_REASON.search(chosen[0].unit.text):
        return chosen
    best, done = chosen[0], {c.row for c in chosen}
    beside = [r for r in (best.row + 1, best.row - 1) if 0 <= r < len(units)
              and units[r].source == best.unit.source and units[r].paragraph == best.unit.paragraph
              and units[r].kind == "body" and r not in done]
    rows = [r for r in beside if _NAMES_REASON.search(units[r].text)] or \
        [r for r in beside if r == best.row + 1]
    if not rows or sum(len(c.unit.text) for c in chosen) + len(units[rows[0]].text) > budget:
        return chosen
    return [best, Candidate(rows[0], units[rows[0]], score=best.score), *chosen[1:]]


def with_list_items(chosen: list[Candidate], units: Sequence[Unit], budget: int
                    ) -> list[Candidate]:
    """`chosen`, each lead-in of a list ("What to bring to the changing rooms:") followed by
    the list's items while they fit `budget` characters in all: the lead-in says what the
    items are, and alone answers nothing. An item not chosen counts at its lead-in's score."""
    by_row = {c.row: c for c in chosen}
    chars = sum(len(c.unit.text) for c in chosen)
    out: list[Candidate] = []
    done: set[int] = set()
    for c in chosen:
        if c.row in done:
            continue
        out.append(c)
        done.add(c.row)
        if c.unit.kind != "body" or not c.unit.text.endswith(":"):
            continue
        row = c.row + 1
        while row < len(units) and units[row].source == c.unit.source \
                and units[row].kind == "body" and is_list_item(units[row].text):
            if row not in by_row:
                if chars + len(units[row].text) > budget:
                    break
                chars += len(units[row].text)
            if row not in done:
                out.append(by_row.get(row) or Candidate(row, units[row], score=c.score))
                done.add(row)
            row += 1
    return out
