"""Which ranked sentences an answer cites: the close ones; a hedge, at least the two closest."""

from __future__ import annotations

from assistant.evidence import (
    FEATURES,
    Ranking,
    features,
    rank,
    select,
    with_list_items,
    with_reasons,
    with_version_headings,
)
from assistant.questions import read
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


def test_a_score_is_the_weighted_sum_of_the_features_plus_the_boost() -> None:
    ranked = _ranked(0.0, 0.0, 0.0)
    for c, (dense, late) in zip(ranked, ((0.9, 0.0), (0.4, 0.8), (0.7, 0.3)), strict=True):
        c.dense, c.late = dense, late
    only = {"dense": 1.0, "late": 0.5}
    weights = Ranking(tuple(only.get(f, 0.0) for f in FEATURES))
    # 0.9, 0.4 + 0.4, 0.7 + 0.15; a boost of 0.1 counts as closeness: the third leads.
    assert [c.row for c in rank(list(ranked), weights=weights)] == [0, 2, 1]
    assert [round(c.score, 6) for c in ranked] == [0.9, 0.8, 0.85]
    assert [c.row for c in rank(list(ranked), weights=weights, boost={2: 0.1})] == [2, 0, 1]
    assert round(ranked[2].score, 6) == 0.95
    # Late interaction counting 2 puts the second first; at 0 it does not count.
    assert [c.row for c in rank(list(ranked), weights=weights.with_late(2.0))] == [1, 2, 0]
    assert [c.row for c in rank(list(ranked), weights=weights.with_late(0.0))] == [0, 2, 1]
    assert [round(c.score, 6) for c in ranked] == [0.9, 0.4, 0.7]


def test_a_list_items_number_is_not_the_number_a_question_asks_for() -> None:
    reading = read("How much flour goes into it?")
    cue = FEATURES.index("cue")

    def cue_of(text: str) -> float:
        unit = Unit("u", "a.md", 0, len(text), 0, 0, "body", text)
        return features(Candidate(row=0, unit=unit), reading)[cue]
    assert cue_of("8. Lift the focaccia onto a rack.") == -1.0
    assert cue_of("- 500 g strong white bread flour") == 1.0
    assert cue_of("Use 500 g of flour.") == 1.0


def test_which_version_made_a_change_is_the_heading_over_its_item() -> None:
    texts = ["# Changelog", "## 2.4.1 (2024-03-02)", "### Fixed", "- Fixed the leap year bug.",
             "- Python 3.9 is now the minimum.", "## 2.4.0 (2024-01-18)", "- New budget command."]
    kinds = ["title", "body", "heading", "body", "body", "body", "body"]
    units = [Unit(f"u{i}", "CHANGELOG.md", i * 50, i * 50 + len(t), 0, i, k, t)
             for i, (t, k) in enumerate(zip(texts, kinds, strict=True))]

    def cited(*rows: int, budget: int = 400) -> list[int]:
        chosen = [Candidate(r, units[r], score=0.7) for r in rows]
        return [c.row for c in with_version_headings(chosen, units, budget)]
    assert cited(3) == [1, 3]  # past "### Fixed", which names no version
    assert cited(6, 3) == [5, 6, 1, 3]
    assert cited(4) == [4]  # it names a version itself
    assert cited(1, 3) == [1, 3]  # already cited
    assert cited(3, budget=30) == [3]  # no room
    assert cited(0) == [0]


def test_a_lead_in_is_followed_by_its_items_within_the_budget() -> None:
    texts = ["Bring these:", "- a padlock", "- a towel with a very long description",
             "Nothing more.", "Also:", "Plain sentence."]
    units = [Unit(f"u{n}", "a.txt", n * 100, n * 100 + len(t), n, 0, "body", t)
             for n, t in enumerate(texts)]
    lead, other = Candidate(0, units[0], score=0.7), Candidate(3, units[3], score=0.6)
    out = with_list_items([lead, other], units, budget=400)
    assert [(c.unit.text, c.score) for c in out] == [
        ("Bring these:", 0.7), ("- a padlock", 0.7),
        ("- a towel with a very long description", 0.7), ("Nothing more.", 0.6)]
    # Items stop where the budget does; a lead-in with no list after it stays alone.
    assert [c.row for c in with_list_items([lead], units, budget=30)] == [0, 1]
    assert [c.row for c in with_list_items([Candidate(4, units[4])], units, 400)] == [4]
    # An item already chosen is cited once, in its place, at its own score.
    item = Candidate(2, units[2], score=0.65)
    assert [(c.row, c.score) for c in with_list_items([item, lead], units, 400)] == [
        (2, 0.65), (0, 0.7), (1, 0.7)]
    assert [c.row for c in with_list_items([lead, item], units, 400)] == [0, 1, 2]


def test_why_is_answered_with_the_reason_beside_what_happened() -> None:
    texts = ["Sales rose by 7 per cent.", "Operating profit fell to £9.4 million.",
             "The main reason was the cost of flour.", "Prices rose so fast that we could not buy.",
             "The mill stood idle for a year.", "Work resumed in 1864.",
             "Profit fell because flour cost more.", "She stops, and the reason is her hands.",
             "Arthritis has made filing painful."]
    paragraph = [0, 0, 0, 1, 1, 1, 2, 3, 3]
    units = [Unit(f"u{n}", "a.txt", n * 100, n * 100 + len(t), paragraph[n], n, "body", t)
             for n, t in enumerate(texts)]

    def cited(*rows: int, budget: int = 400) -> list[int]:
        chosen = [Candidate(r, units[r], score=0.7) for r in rows]
        return [c.row for c in with_reasons(chosen, units, budget)]
    assert cited(1) == [1, 2]  # the next sentence says why
    assert cited(4) == [4, 3]  # the one before does, the next does not (the best first)
    assert cited(0) == [0, 1] and cited(7) == [7, 8]  # neither does: the next
    assert cited(5) == [5]  # the last of its paragraph, the one before naming no reason
    assert cited(6) == [6]  # it says why itself
    assert cited(1, 4) == [1, 2, 4]  # the best passage's only
    assert cited(1, budget=50) == [1]  # no room
