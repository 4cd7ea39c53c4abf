"""Rules read from the question, checked on real answers: negations, years and numbers."""

from __future__ import annotations

import pytest

from assistant import Assistant
from index import SentenceEmbeddings
from tests.support.builders import assistant_over

BRIDGE = ("The Hartley Bridge\n\nThe Hartley Bridge was opened to traffic in 1932 by the mayor. "
          "It carries trains and cars across the river on 4 lanes. The ferry across the river did not run "
          "after the bridge opened, because nobody paid for it.\n")


@pytest.fixture(scope="module")
def bridge(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> Assistant:
    return assistant_over(BRIDGE, "bridge", tmp_path_factory, embeddings)


def test_a_negated_question_is_answered_by_a_sentence_that_denies(bridge: Assistant) -> None:
    answer = bridge.ask("What did not run after the bridge opened?")
    assert not answer.abstained
    assert "ferry" in answer.citations[0].quote


def test_a_negated_question_is_not_answered_by_a_sentence_that_denies_nothing(
        bridge: Assistant) -> None:
    assert bridge.ask("Who opened the Hartley Bridge to traffic?").outcome == "answer"
    answer = bridge.ask("Who did not open the Hartley Bridge to traffic?")
    assert answer.outcome != "answer" and answer.abstain_reason == "denial"


def test_a_year_the_passage_lacks_lowers_the_confidence(bridge: Assistant) -> None:
    """The number rule fires and counts against the answer, by the weight the decision
    learned for it (small: on SQuAD other signals already carry most of what it knows)."""
    right = bridge.pipeline.run("Who opened the Hartley Bridge in 1932?")
    pipe = bridge.pipeline
    state = pipe.decide(pipe.rank(pipe.retrieve(pipe.prepare(
        "Who opened the Hartley Bridge in 1950?"))))
    assert state["features"]["number"] == 1.0
    wrong = bridge.ask("Who opened the Hartley Bridge in 1950?")
    assert wrong.confidence < right.confidence


def test_a_number_the_passage_lacks_lowers_the_confidence(bridge: Assistant) -> None:
    """A number the question names must be there as a year must: the sentence about 4
    lanes does not say what has 6."""
    pipe = bridge.pipeline
    state = pipe.decide(pipe.rank(pipe.retrieve(pipe.prepare(
        "What carries trains and cars across the river on 6 lanes?"))))
    assert state["features"]["number"] == 1.0
    right = bridge.ask("What carries trains and cars across the river on four lanes?")
    wrong = bridge.ask("What carries trains and cars across the river on 6 lanes?")
    assert wrong.citations[0].quote == right.citations[0].quote
    assert wrong.confidence < right.confidence
