"""Late interaction: with a weight above 0, the best three candidates are reordered by score
plus the weight times their token-level similarity to the question; at 0, the default,
nothing is reordered and no token is encoded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.chain import LATE_HEAD
from assistant.retrieval import Candidate
from index import SentenceEmbeddings
from tests.support.builders import make_assistant

QUESTION = "Why did Lloyd Austin travel to Singapore?"


def _ranked(bot: Assistant, question: str = QUESTION) -> list[Candidate]:
    pipe = bot.pipeline
    return list(pipe.rank(pipe.retrieve(pipe.prepare(question)))["ranked"])


@pytest.fixture(scope="module")
def late(seed_dir: Path, embeddings: SentenceEmbeddings,
         tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return make_assistant(seed_dir, tmp_path_factory.mktemp("late"), embeddings,
                          late_interaction=0.5)


def test_the_head_is_reordered_by_score_and_late_interaction(late: Assistant) -> None:
    ranked = _ranked(late)
    head, rest = ranked[:LATE_HEAD], ranked[LATE_HEAD:]
    assert all(0 < c.late <= 1 for c in head) and all(c.late == 0 for c in rest)
    weight = late.settings.late_interaction
    combined = [c.score + weight * c.late for c in head]
    assert combined == sorted(combined, reverse=True)
    # The rest keep the order rank() gave them.
    assert [c.score for c in rest] == sorted((c.score for c in rest), reverse=True)


def test_off_by_default_nothing_is_reordered(bot: Assistant) -> None:
    assert bot.settings.late_interaction == 0
    ranked = _ranked(bot)
    assert all(c.late == 0 for c in ranked)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


def test_a_sentence_that_says_what_is_asked_scores_higher(bot: Assistant) -> None:
    """The question's own words in a sentence match token for token; other words do not."""
    unit = _ranked(bot)[0].unit
    same = Candidate(row=0, unit=replace(unit, text="Lloyd Austin travelled to Singapore."))
    other = Candidate(row=0, unit=replace(unit, text="The harvest was late in the valley."))
    bot.searcher.late(QUESTION, [same, other])
    assert same.late > other.late + 0.1, (same.late, other.late)
