"""Follow-up questions are resolved against the history handed in, nothing else."""

from __future__ import annotations

import pytest

from assistant import Assistant, QuestionError
from index import SentenceEmbeddings
from tests.support.builders import assistant_over, make_assistant


def _history(*pairs: tuple[str, str]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for q, a in pairs:
        out += [{"role": "user", "content": q}, {"role": "assistant", "content": a}]
    return out




def test_pronoun_follow_up_uses_the_previous_subject(bot: Assistant) -> None:
    first = bot.ask("Who is Hun Sen?")
    follow = bot.ask("What did he say at the summit?",
                     _history(("Who is Hun Sen?", first.text)))
    assert "Hun Sen" in follow.resolved_question
    assert any("Why is it so difficult for me" in c.quote for c in follow.citations)


def test_same_follow_up_differs_by_conversation(bot: Assistant) -> None:
    about_austin = _history(("When did Lloyd Austin visit Cambodia?",
                             bot.ask("When did Lloyd Austin visit Cambodia?").text))
    about_ties = _history(("When did Cambodia cut off diplomatic relations with the US?",
                           bot.ask("When did Cambodia cut off diplomatic relations with the "
                                   "US?").text))
    a = bot.ask("Where had he been just before that?", about_austin)
    b = bot.ask("Why does the writer mention it?", about_ties)
    assert any("Singapore" in c.quote for c in a.citations)
    assert any("learn from the history" in c.quote for c in b.citations)


def test_he_is_whoever_the_previous_answer_named(bot: Assistant) -> None:
    first = bot.ask("Who wrote the article?")  # the question names nobody; the answer does
    follow = bot.ask("Where does he work?", _history(("Who wrote the article?", first.text)))
    assert follow.resolved_question == "Where does he work? (following: Who wrote the article?)"
    assert any("Royal Academy of Cambodia" in c.quote for c in follow.citations)




def test_after_who_wrote_it_a_question_about_his_job_is_one_about_the_writer(
        bot: Assistant) -> None:
    first = bot.ask("Who wrote this opinion piece?")
    history = _history(("Who wrote this opinion piece?", first.text))
    job = bot.ask("What does he do for a living?", history)
    # Answered as "What does the author do for a living?" is: from the note on the writer,
    # with the confidence such answers earned.
    assert [c.quote for c in job.citations] == [
        "Dr. Seun Sam is a policy analyst at the Royal Academy of Cambodia."]
    assert job.outcome == "answer" and job.confidence == first.confidence
    again = bot.ask("And where does he work?", [*history, *_history(
        ("What does he do for a living?", job.text))])
    assert again.citations[0].quote == job.citations[0].quote and again.outcome == "answer"
    # What he thinks is in the article, not in the note.
    views = bot.ask("What does he think of China?", history)
    assert views.citations and all("Seun Sam" not in c.quote for c in views.citations)


@pytest.mark.parametrize("history", ["not a list", [1, 2], [{"role": "system", "content": "x"}]])
def test_malformed_history_is_a_question_error(bot: Assistant, history: object) -> None:
    with pytest.raises(QuestionError):
        bot.ask("Why?", history)  # type: ignore[arg-type]


TOWN = ("Riverton\n\nMaria Lopez has been the mayor of Riverton since 2019. She wants to build a "
        "new library beside the river. The council has not agreed to pay for it, and the "
        "library plan has waited for two years.\n\nThe river floods most springs.\n")


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> Assistant:
    return assistant_over(TOWN, "town", tmp_path_factory, embeddings)


def test_a_follow_up_cites_the_new_sentence_not_the_one_already_quoted(town: Assistant) -> None:
    first = town.ask("Who is Maria Lopez?")
    assert [c.quote for c in first.citations] == [
        "Maria Lopez has been the mayor of Riverton since 2019."]
    follow = town.ask("What does she want to build?", _history(("Who is Maria Lopez?",
                                                                first.text)))
    quotes = [c.quote for c in follow.citations]
    # The new sentence, not the one already quoted (a hedge adds the next closest).
    assert quotes[0] == "She wants to build a new library beside the river."
    assert first.citations[0].quote not in quotes
    assert len(quotes) == (2 if follow.outcome == "hedged" else 1)


def test_a_follow_up_may_cite_the_quoted_sentence_when_it_alone_answers(town: Assistant) -> None:
    first = town.ask("Who is Maria Lopez?")
    follow = town.ask("Since when has she been mayor?", _history(("Who is Maria Lopez?",
                                                                  first.text)))
    assert [c.quote for c in follow.citations] == [first.citations[0].quote]


def test_read_as_shows_one_earlier_question_and_none_for_a_question_about_the_piece(
        bot: Assistant) -> None:
    first = bot.ask("Who wrote the article?")
    history = [{"role": "user", "content": first.question},
               {"role": "assistant", "content": first.text}]
    second = bot.ask("Where does he work?", history)
    assert second.resolved_question == "Where does he work? (following: Who wrote the article?)"
    history += [{"role": "user", "content": second.question},
                {"role": "assistant", "content": second.text}]
    again = bot.ask("Who wrote this?", history)
    assert again.resolved_question == "Who wrote this?"
    assert "Seun Sam" in again.citations[0].quote


def test_the_chain_takes_a_plain_question_and_names_a_missing_key(bot: Assistant) -> None:
    answer = bot.chain.invoke("When did Lloyd Austin visit Cambodia?")
    assert "June 4, 2024" in answer.citations[0].quote
    with pytest.raises(QuestionError, match=r"'question' key.*got \['q'\]"):
        bot.chain.invoke({"q": "When did Lloyd Austin visit Cambodia?"})


POTTER = ("Anna Berg\n\nAnna Berg is a Norwegian potter known for her tall blue stoneware "
          "jars, which stand in museums across Scandinavia. She grew up in Tromsø, where her "
          "father repaired fishing boats. She studied ceramics in Bergen and opened her first "
          "workshop in 1998. Her jars are fired for three days in a wood kiln.\n")


@pytest.fixture(scope="module")
def potter(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings
           ) -> Assistant:
    return assistant_over(POTTER, "potter", tmp_path_factory, embeddings)


@pytest.mark.parametrize("follow_up, answer", [
    ("What did her father do?", "She grew up in Tromsø"),
    ("How long are they fired?", "Her jars are fired for three days"),
])
def test_a_follow_up_is_searched_as_itself_more_than_as_the_question_before(
        potter: Assistant, follow_up: str, answer: str) -> None:
    """Embedded with the whole earlier question, "What did her father do?" finds the sentence
    that answered that question; mostly as itself, the sentence it asks for."""
    first_question = "Who is the potter Anna Berg and what is she known for?"
    first = potter.ask(first_question)
    follow = potter.ask(follow_up, _history((first_question, first.text)))
    assert follow.citations[0].quote.startswith(answer)


def test_embedded_whole_with_its_context_a_follow_up_finds_the_earlier_answer(
        potter: Assistant, embeddings: SentenceEmbeddings,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The setting is what changes the search: at 1 the earlier question's sentence wins."""
    whole = make_assistant(potter.settings.sources, tmp_path_factory.mktemp("whole"),
                           embeddings, follow_up_context=1.0)
    first_question = "Who is the potter Anna Berg and what is she known for?"
    first = whole.ask(first_question)
    follow = whole.ask("What did her father do?", _history((first_question, first.text)))
    assert follow.citations[0].quote.startswith("Anna Berg is a Norwegian potter")
