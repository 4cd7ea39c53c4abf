"""Reading questions: answer-type cues, the names and roles asked about, the piece itself."""

from __future__ import annotations

import pytest

from assistant.questions import (
    DATE,
    NUMBER,
    PLACE,
    about_the_piece,
    asked_role,
    expected_answer,
    names_in,
    unknown_share,
    without_the_piece,
)
from index import LexicalIndex, tokens


@pytest.mark.parametrize("question, wanted", [
    ("When did the treaty come into force?", DATE),
    ("What year was the bridge finished?", DATE),
    ("When the ice melts, what happens to the river?", None),  # "when" joins a clause
    ("When rivers flood, who pays?", None),
    ("How many people live there?", NUMBER),
    ("Where was the treaty signed?", PLACE),
    ("Why did the talks fail?", None),
])
def test_expected_answer_reads_the_question_type(question: str, wanted: object) -> None:
    assert expected_answer(question) is wanted


@pytest.mark.parametrize("text, pattern", [
    ("The bridge was finished in 1932.", DATE),
    ("The mill burned down during the great flood.", DATE),
    ("Trains stop there every morning.", DATE),
    ("The boat was moored at the edge of the lake.", PLACE),
    ("They settled within the walls of the old town.", PLACE),
    ("The treaty was signed in Paris.", PLACE),
])
def test_answer_patterns_find_their_kind(text: str, pattern: object) -> None:
    assert pattern.search(text)  # type: ignore[attr-defined]


def test_answer_patterns_miss_what_is_not_their_kind() -> None:
    assert not DATE.search("The bridge is long and narrow.")
    assert not PLACE.search("The bridge is long and narrow.")


@pytest.mark.parametrize("question, names", [
    ("Who is the French Minister of Culture?", ["French Minister of Culture"]),
    ("How many rooms does Claridge's Hotel have?", ["Claridge's Hotel"]),
    ("When did Acme President Jane Doe retire?", ["Jane Doe"]),
    ("What did Marx and Engels write?", ["Marx", "Engels"]),
    ("How many of Hun Sen's speeches are cited?", ["Hun Sen"]),
    ("How much is spent on World Cup-related events?", ["World Cup"]),
    ("What did the minister say?", []),
])
def test_names_in_drops_titles_possessives_and_splits_pairs(question: str,
                                                            names: list[str]) -> None:
    assert names_in(question) == names


TOWN_SENTENCES = ["Relations between Riverton and Lakeside have been poor for years.",
                  "Riverton's mayor opened the largest park in the valley.",
                  "The council pays for the park."]


@pytest.mark.parametrize("question, unknown", [
    # The sources never speak of a population or a response: nothing can answer.
    ("What is the population of Riverton?", True),
    ("What is Lakeside's response to the park?", True),
    # "relationship" is derived from "relations"; "largest" is no noun to look for.
    ("What is the relationship between Riverton and Lakeside like?", False),
    ("What is Riverton's largest park?", False),
])
def test_unknown_share_reads_what_is_asked_for(question: str, unknown: bool) -> None:
    lexical = LexicalIndex.build(TOWN_SENTENCES)
    corpus = "\n".join(t.lower() for t in TOWN_SENTENCES)
    assert (unknown_share(question, lexical, corpus) > 0.6) is unknown


@pytest.mark.parametrize("question, kind", [
    ("Who wrote this article?", "writer"),
    ("What is the columnist's job?", "writer"),
    ("What is the article about?", "topic"),
    ("What's this essay mostly about?", "topic"),
    ("Summarize the article.", "summary"),
    ("Give me the gist of the piece.", "summary"),
    ("What is the main point of the piece?", "conclusion"),
    ("What does the author conclude?", "conclusion"),
    ("How does the article end?", "conclusion"),
    ("What should the city do, in the writer's conclusion?", "conclusion"),
    # About what the piece says, or about something else entirely.
    ("What does the author think of the new bridge?", None),
    ("What was the conclusion of the inquiry?", None),
    ("Who wrote the national anthem?", None),
    ("What is the main argument against the tax?", None),
])
def test_about_the_piece(question: str, kind: str | None) -> None:
    assert about_the_piece(question) == kind


def test_words_about_the_piece_are_not_searched_for() -> None:
    assert without_the_piece("What does the author think of the bridge, according to the "
                             "article?") == "What does think of the bridge, ?"
    assert without_the_piece("What does Article 5 say?") == "What does Article 5 say?"


@pytest.mark.parametrize("question, role, owner", [
    ("Who is Cambodia's current finance minister?", "finance minister", "Cambodia"),
    ("What is the name of the former prime minister of Cambodia?", "prime minister", "Cambodia"),
    ("Who is the prime minister of the Netherlands?", "prime minister", "Netherlands"),
    ("Who was the club's assistant manager in 1998?", "assistant manager", ""),
    ("Who was the oldest member of the choir?", "member", ""),
    ("Who is Hun Manet?", "", ""),  # a name, not a role
    ("Who was elected in the spring?", "", ""),  # a verb
    ("Who was the song composed for?", "", ""),
    ("Who is the author of the article?", "", ""),  # about the asking, not the subject
])
def test_asked_role(question: str, role: str, owner: str) -> None:
    assert asked_role(question) == (tokens(role), tokens(owner))
