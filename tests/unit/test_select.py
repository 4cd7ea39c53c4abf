"""Which ranked sentences an answer cites: the close ones; a hedge, at least the two closest."""

from __future__ import annotations

from assistant.evidence import rerank, select
from assistant.retrieval import Candidate
from index import Unit


def _ranked(*scores: float, length: int = 60) -> list[Candidate]:
    out = []
    for row, score in enumerate(scores):
        text = f"Sentence {row} " + "x" * (length - 11)
        unit = Unit(f"u{row}", "a.txt", row * 100, row * 100 + len(text), 0, row, "body", text)
        out.append(Candidate(row=row, unit=unit, score=score))
    return out


def test_only_sentences_close_to_the_best_are_cited_in_document_order() -> None:
    ranked = _ranked(0.9, 0.5, 0.88)
    ranked = [ranked[0], ranked[2], ranked[1]]  # best first
    assert [c.row for c in select(ranked)] == [0, 2]
    assert [c.row for c in select(_ranked(0.9, 0.5))] == [0]


def test_a_hedge_cites_the_next_best_however_far_below_within_the_budget() -> None:
    assert [c.row for c in select(_ranked(0.9, 0.5, 0.1), at_least=2)] == [0, 1]
    assert [c.row for c in select(_ranked(0.9), at_least=2)] == [0]  # nothing else to show
    # The reader's budget (400 characters) still holds.
    assert [c.row for c in select(_ranked(0.9, 0.5, length=250), at_least=2)] == [0]
    # A hedge's own budget, when given, is what holds (chain.HEDGE_CHARS).
    assert [c.row for c in select(_ranked(0.9, 0.5, length=250), at_least=2,
                                  budget=600)] == [0, 1]
    assert [c.row for c in select(_ranked(0.9, 0.5, length=350), at_least=2,
                                  budget=600)] == [0]


def test_a_quoted_best_gives_way_and_the_hedge_adds_to_what_is_left() -> None:
    ranked = _ranked(0.9, 0.89, 0.2)
    assert [c.row for c in select(ranked, quoted=frozenset({0}))] == [1]
    assert [c.row for c in select(ranked, quoted=frozenset({0}), at_least=2)] == [1, 2]
    # The quoted sentence is not the hedge's second passage when another is there.
    assert [c.row for c in select(_ranked(0.9, 0.95, 0.2), quoted=frozenset({1}),
                                  at_least=2)] == [0, 2]
    # Quoted and nothing else close: cited again, and the hedge adds the next best.
    assert [c.row for c in select(_ranked(0.9, 0.2), quoted=frozenset({0}))] == [0]
    assert [c.row for c in select(_ranked(0.9, 0.2), quoted=frozenset({0}),
                                  at_least=2)] == [0, 1]


def test_late_interaction_reorders_and_keeps_the_scores() -> None:
    ranked = _ranked(0.9, 0.85, 0.8, 0.5)
    for c, late in zip(ranked, (0.4, 0.6, 0.5, 0.99), strict=True):
        c.late = late
    # 0.9 + 0.2, 0.85 + 0.3, 0.8 + 0.25, 0.5 + 0.495: the second leads, the fourth stays last.
    assert [c.row for c in rerank(ranked, 0.5)] == [1, 0, 2, 3]
    assert [c.score for c in rerank(ranked, 0.5)] == [0.85, 0.9, 0.8, 0.5]
    assert [c.row for c in rerank(ranked, 2.0)] == [3, 1, 2, 0]
    assert [c.row for c in rerank(ranked, 0.0)] == [0, 1, 2, 3]  # switched off
