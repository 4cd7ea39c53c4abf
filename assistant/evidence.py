"""Choosing evidence: scoring candidate sentences and picking the ones to cite."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.questions import read
from assistant.retrieval import Candidate


@dataclass(frozen=True)
class Weights:
    """How much each feature counts, chosen with `assistant eval` on the dev and SQuAD sets.

    Context counts more than the sentence alone: the right sentence usually sits among
    sentences that share the question's words.
    """

    dense: float = 0.48
    context: float = 0.24
    lexical: float = 0.05
    coverage: float = 0.18
    context_coverage: float = 0.52
    cue: float = 0.07
    rank_fusion: float = 0.40
    # Further sentences join the best one when they score within this margin of it...
    second_margin: float = 0.08
    # ...and while a reader still has at most this many characters to check.
    cited_chars_budget: int = 400
    max_citations: int = 3


WEIGHTS = Weights()


def score(candidates: Sequence[Candidate], question: str, w: Weights = WEIGHTS) -> None:
    """Fill in each candidate's `score` (higher is better, about 0..1)."""
    reading = read(question)
    for c in candidates:
        cue = 0.0
        if reading.wanted is not None:
            cue = 1.0 if reading.wanted.search(c.unit.text) else -1.0
        # 30 puts fused reciprocal ranks (at most 2/61) on the 0..1 scale of the others.
        c.score = (w.dense * c.dense + w.context * c.context + w.lexical * c.lexical
                   + w.coverage * c.coverage + w.context_coverage * c.context_coverage
                   + w.cue * cue + w.rank_fusion * c.rank_fusion * 30)


def rank(candidates: list[Candidate], question: str = "", w: Weights = WEIGHTS,
         boost: dict[int, float] | None = None) -> list[Candidate]:
    """Candidates best first; `boost` adds to the score of given rows (follow-up context)."""
    score(candidates, question, w)
    for c in candidates:
        c.score += (boost or {}).get(c.row, 0.0)
    return sorted(candidates, key=lambda c: c.score, reverse=True)


def rerank(ranked: list[Candidate], weight: float) -> list[Candidate]:
    """The candidates (their `late` filled in) reordered by score plus `weight` times their
    late interaction; every score stays as it was."""
    return sorted(ranked, key=lambda c: c.score + weight * c.late, reverse=True)


def select(ranked: list[Candidate], w: Weights = WEIGHTS,
           quoted: frozenset[int] = frozenset(), at_least: int = 1,
           budget: int | None = None) -> list[Candidate]:
    """The evidence to cite, closest first: the best sentence, and the next ones while
    they score within `second_margin` of it and fit the reader's budget, then the next best
    whatever their score until there are `at_least` (within the budget: `budget` characters,
    else `w.cited_chars_budget`). Whether to answer,
    hedge or refuse with it is the decision's (`assistant/decide.py`).

    `quoted` are rows the previous answer cited: a follow-up asks for something new, so
    they are cited again only when nothing else is."""
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
    chosen = [c for c in chosen if c.row not in quoted] or chosen
    # Then the next best, whatever their score, up to `at_least` (what is cited above stays).
    chars = sum(len(c.unit.text) for c in chosen)
    for other in ranked[1: w.max_citations]:
        if len(chosen) >= at_least:
            break
        if other not in chosen and other.row not in quoted \
                and chars + len(other.unit.text) <= budget:
            chosen.append(other)
            chars += len(other.unit.text)
    return chosen
