"""Choosing evidence: scoring candidate sentences, picking one or two, deciding to abstain."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.retrieval import Candidate

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DATE = re.compile(rf"\b(1[0-9]{{3}}|20[0-9]{{2}})s?\b|\b({_MONTHS})\b\.?\s+\d|\bcentur(y|ies)\b|"
                   r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"twenty|thirty|forty|fifty|hundred|thousand|million|billion|percent|"
                     r"dozen|half|several|few)\b", re.I)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_PLACE = re.compile(r"\b(in|at|from|to|near|of)\s+(the\s+)?[A-Z]")

# (question pattern, the evidence pattern an answer to it usually contains)
_CUES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"^\s*(when\b|what (year|date|day|month|time|century|decade))|"
                r"\b(in|on) what (year|date|day)\b", re.I), _DATE),
    (re.compile(r"\bhow (many|much|long|old|far|large|big|tall|high)\b|"
                r"\bwhat (percentage|percent|number|amount)\b", re.I), _NUMBER),
    (re.compile(r"^\s*(who|whom|whose)\b", re.I), _NAME),
    (re.compile(r"^\s*where\b", re.I), _PLACE),
)


@dataclass(frozen=True)
class Weights:
    """How much each feature counts. Tuned with `assistant eval` on the dev and SQuAD sets."""

    dense: float = 0.45
    context: float = 0.10
    lexical: float = 0.20
    coverage: float = 0.35
    context_coverage: float = 0.10
    cue: float = 0.10
    rank_fusion: float = 0.0
    # A neighbour joins the best sentence when it scores within this margin of it.
    second_margin: float = 0.03


WEIGHTS = Weights()


def expected_answer(question: str) -> re.Pattern[str] | None:
    """The pattern an answer to this kind of question contains (a date for 'when', ...)."""
    for asks, answer in _CUES:
        if asks.search(question):
            return answer
    return None


def score(candidates: Sequence[Candidate], question: str, w: Weights = WEIGHTS) -> None:
    """Fill in each candidate's `score` (higher is better, about 0..1)."""
    wanted = expected_answer(question)
    for c in candidates:
        cue = 0.0
        if wanted is not None:
            cue = 1.0 if wanted.search(c.unit.text) else -1.0
        c.features = {"dense": c.dense, "context": c.context, "lexical": c.lexical,
                      "coverage": c.coverage, "context_coverage": c.context_coverage,
                      "cue": cue, "rank_fusion": c.rank_fusion * 30}
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


def select(ranked: list[Candidate], threshold: float, w: Weights = WEIGHTS) -> list[Candidate]:
    """The evidence to cite, in document order; empty when the best is below `threshold`."""
    if not ranked or ranked[0].score < threshold:
        return []
    best = ranked[0]
    chosen = [best]
    for other in ranked[1:3]:
        adjacent = other.unit.source == best.unit.source and abs(other.row - best.row) == 1
        if adjacent and other.score >= best.score - w.second_margin:
            chosen.append(other)
            break
    return sorted(chosen, key=lambda c: c.row)
