"""Answers over the seed article: the citation invariant, dates, abstention, timings."""

from __future__ import annotations

import itertools
import time

import pytest

from assistant import Answer, Assistant, QuestionError, decide
from assistant.followup import cited_in
from index import SentenceEmbeddings
from tests.support.builders import assistant_over
from tests.support.paths import ARTICLE, load_qa

TEXT = ARTICLE.read_text(encoding="utf-8")


def _ask_row(bot: Assistant, row: dict) -> Answer:
    history: list[dict[str, str]] = []
    answer = None
    for turn in row["turns"]:
        answer = bot.ask(turn, history)
        history += [{"role": "user", "content": turn},
                    {"role": "assistant", "content": answer.text}]
    assert answer is not None
    return answer


@pytest.mark.parametrize("row", load_qa() + load_qa("probe_qa.jsonl"), ids=lambda r: r["id"])
def test_every_citation_is_an_exact_span_and_lookup_agrees(bot: Assistant, row: dict) -> None:
    answer = _ask_row(bot, row)
    assert [c.number for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in answer.citations:
        assert c.source == ARTICLE.name
        assert c.quote == TEXT[c.start:c.end]
        assert f"[{c.number}]" in answer.text
        assert bot.lookup(c).quote == c.quote
        assert bot.lookup(c.ref).quote == c.quote
    assert answer.abstained == (not answer.citations)


@pytest.mark.parametrize(("question", "date"), [
    ("When did Lloyd Austin visit Cambodia?", "June 4, 2024"),
    ("When were diplomatic ties between Cambodia and the US established?", "July 11, 1950"),
])
def test_date_questions_cite_the_sentence_with_the_date(bot: Assistant, question: str,
                                                        date: str) -> None:
    answer = bot.ask(question)
    assert not answer.abstained
    assert date in answer.citations[0].quote
    assert date in answer.text


@pytest.mark.parametrize("row", [r for r in load_qa() if not r["answerable"]],
                         ids=lambda r: r["id"])
def test_unanswerable_questions_are_not_answered_confidently(bot: Assistant, row: dict) -> None:
    answer = _ask_row(bot, row)
    assert answer.outcome in ("hedged", "refused")
    if answer.outcome == "refused":
        assert not answer.citations and answer.text == "The article does not say."
    else:  # the closest passage, said to be possibly beside the point
        assert answer.citations and answer.text.startswith("The article may not answer this")


@pytest.mark.parametrize("question", [
    "Who is Cambodia's current finance minister?",  # the article names no finance minister
    "What was the name of the US ambassador to Cambodia?",
    "Who is the country's foreign minister?",
    "Who is the prime minister of Australia?",  # Australia is named, but not with a minister
])
def test_questions_about_a_role_the_article_never_mentions_are_not_answered(
        bot: Assistant, question: str) -> None:
    """Hedged or refused: the role rule fires, and the decision weighs it with the rest
    (it learned little weight for it, so the reason is usually low confidence)."""
    assert bot.ask(question).outcome != "answer"




def test_a_role_the_article_holds_is_answered(bot: Assistant) -> None:
    answer = bot.ask("Who was Cambodia's prime minister in 2022?")
    assert not answer.abstained
    assert "Hun Sen" in answer.citations[0].quote


def test_answer_carries_stage_timings(bot: Assistant) -> None:
    started = time.perf_counter()
    answer = bot.ask("Who is Seun Sam?")
    wall_ms = (time.perf_counter() - started) * 1000
    timings = dict(answer.timings)
    total = timings.pop("total")
    # One timing per step of the pipeline, in order.
    assert list(timings) == ["prepare", "retrieve", "rank", "decide", "write", "cite"]
    # The stages add up to the total, which the wall clock around the call bounds; embedding
    # the question alone takes well over a hundredth of a millisecond.
    assert total == pytest.approx(sum(timings.values()), abs=0.011)
    assert all(v >= 0 for v in timings.values()) and timings["retrieve"] > 0.01
    assert 0 < total <= wall_ms


@pytest.mark.parametrize("question", ["", "   \n\t ", "x" * 2001, None, 42])
def test_bad_questions_raise_question_error(bot: Assistant, question: object) -> None:
    with pytest.raises(QuestionError):
        bot.ask(question)  # type: ignore[arg-type]
    assert not bot.ask("Who is Seun Sam?").abstained  # still serving


def test_chain_is_a_runnable_with_batch_and_stream(bot: Assistant) -> None:
    questions = [{"question": "Who is Seun Sam?"},
                 {"question": "When did Lloyd Austin visit Cambodia?"}]
    answers = bot.chain.batch(questions)
    assert [a.question for a in answers] == [q["question"] for q in questions]
    streamed = list(bot.chain.stream(questions[0]))
    assert streamed[-1].text == answers[0].text


def test_stream_grows_then_ends_with_the_answer(bot: Assistant) -> None:
    parts = list(bot.stream("Who is Seun Sam?"))
    texts, final = parts[:-1], parts[-1]
    assert isinstance(final, Answer) and texts[-1] == final.text
    assert all(b.startswith(a) for a, b in itertools.pairwise(texts))


def test_retriever_is_a_langchain_retriever_with_offsets(bot: Assistant) -> None:
    from langchain_core.retrievers import BaseRetriever

    retriever = bot.retriever
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("When did Lloyd Austin visit Cambodia?")
    assert docs and "June 4, 2024" in docs[0].page_content
    meta = docs[0].metadata
    assert TEXT[meta["start"]:meta["end"]] == docs[0].page_content


def test_title_is_never_cited(bot: Assistant) -> None:
    answer = bot.ask("What is next for Cambodia-US relations after the visit of Lloyd Austin?")
    assert all(c.start > 71 for c in answer.citations)


def test_store_is_a_langchain_chroma_vector_store(bot: Assistant) -> None:
    from langchain_chroma import Chroma

    store = bot.store.as_langchain()
    assert isinstance(store, Chroma)
    (doc,) = store.similarity_search("When did Lloyd Austin visit Cambodia?", k=1,
                                     filter={"kind": "body"})
    assert "June 4, 2024" in doc.page_content
    assert TEXT[doc.metadata["start"]:doc.metadata["end"]] == doc.page_content


@pytest.mark.parametrize("question", [
    "Who wrote the article?", "Who is the author?", "What is the writer's job?",
    "Where does the author work?", "Who wrote this?"])
def test_questions_about_the_writer_cite_the_note_on_the_writer(bot: Assistant,
                                                                question: str) -> None:
    answer = bot.ask(question)
    assert [c.quote for c in answer.citations] == [
        "Dr. Seun Sam is a policy analyst at the Royal Academy of Cambodia."]


TITLE = "What is next for Cambodia-US Relations after the visit of Lloyd Austin?"
LEAD = "The U.S. Defense Secretary Lloyd Austin came to visit Cambodia on June 4, 2024"
CLOSE = "All in all, both Cambodia and the US should talk face to face with each other"


@pytest.mark.parametrize("question, starts", [
    ("What is the article about?", [TITLE, LEAD]), ("Summarize the piece.", [LEAD, CLOSE]),
    ("What is the author's main point?", [CLOSE]), ("How does the article end?", [CLOSE]),
])
def test_questions_about_the_whole_article_cite_its_title_lead_or_conclusion(
        bot: Assistant, question: str, starts: list[str]) -> None:
    quotes = [c.quote for c in bot.ask(question).citations]
    assert len(quotes) == len(starts)
    assert all(q.startswith(s) for q, s in zip(quotes, starts, strict=True))


def test_what_the_author_argues_is_asked_of_the_article_not_the_note(bot: Assistant) -> None:
    answer = bot.ask("What does the author say Cambodia should do about its scholars?")
    assert answer.citations and all("Seun Sam" not in c.quote for c in answer.citations)


BYLINE = ("Bridge repairs\n\nBy Ann Holt\n\nThe old bridge closed in March. Repairs will "
          "take a year.\n\nThe council pays half of the cost.\n")
UNSIGNED = BYLINE.replace("By Ann Holt\n\n", "").replace("half", "all")


@pytest.mark.parametrize(("text", "writer"), [(BYLINE, "By Ann Holt"), (UNSIGNED, None)])
def test_a_byline_says_who_wrote_it_and_without_one_the_article_does_not_say(
        tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings, text: str,
        writer: str | None) -> None:
    bot = assistant_over(text, "bridge", tmp_path_factory, embeddings)
    answer = bot.ask("Who wrote this article?")
    assert [c.quote for c in answer.citations] == ([writer] if writer else [])
    assert answer.abstained == (writer is None)


REPORT = ("Allotment review\n\nAnnual Summary 2025\n\nPrepared by: Jo Bell, Parks Officer, Vale "
          "District Council\n\nThe waiting list grew to 412 households. Most wait three years."
          "\n\nThe council should open two new sites.\n")


@pytest.mark.parametrize("question", [
    "Who prepared this report?", "Which council does the author work for?",
    "What position does the person who wrote this report hold?"])
def test_a_byline_under_a_subtitle_answers_who_wrote_it_and_for_whom(
        tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings,
        question: str) -> None:
    bot = assistant_over(REPORT, "allotments", tmp_path_factory, embeddings)
    answer = bot.ask(question)
    assert [c.quote for c in answer.citations] == [
        "Prepared by: Jo Bell, Parks Officer, Vale District Council"]
    assert answer.outcome == "answer"


@pytest.mark.parametrize(("question", "group"), [
    ("Who wrote the article?", "writer"), ("What is the article about?", "about"),
    ("Summarize the piece.", "about"), ("How does the article end?", "conclusion")])
def test_a_piece_answer_has_the_confidence_such_answers_earned_in_training(
        bot: Assistant, question: str, group: str) -> None:
    model = decide.load()
    answer = bot.ask(question)
    assert answer.confidence == pytest.approx(model.piece[group])
    # Its outcome agrees with it: a confident answer is never below the threshold.
    assert answer.outcome == ("answer" if model.piece[group] >= model.answer_at else "hedged")
    assert answer.citations  # a hedge keeps what it would have cited


NOTES = ("Quillmark release notes\n\n"
         "The preview server moved from port 8000 to **4173** to avoid clashing with\n"
         "  common Python web frameworks. Run `quillmark serve` to start it.\n\n"
         "The search index for a 500-page site is about 1.4 MB after compression.\n")


def test_an_answer_shows_a_sentence_on_one_line_without_markup_and_cites_it_exactly(
        tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> None:
    bot = assistant_over(NOTES, "notes", tmp_path_factory, embeddings)
    answer = bot.ask("Which port does the preview server use now?")
    quote = answer.citations[0].quote
    assert quote.startswith("The preview server moved from port 8000 to **4173**")
    assert "\n  common" in quote  # the citation is the text exactly
    assert "from port 8000 to 4173 to avoid clashing with common Python" in answer.text
    assert "**" not in answer.text and "\n" not in answer.text
    # A follow-up finds what that answer cited from its text as shown.
    [row] = cited_in(bot.catalog, answer.text)
    assert bot.catalog.units[row].text == quote
    follow = bot.ask("How do I start it?", history=[
        {"role": "user", "content": answer.question},
        {"role": "assistant", "content": answer.text}])
    assert follow.resolved_question.endswith("(following: Which port does the preview server "
                                             "use now?)")
    assert "Run quillmark serve to start it." in follow.text


MEETING = ("Garden committee meeting\n\n"
           "Priya: Thanks for coming. We have two items, the shed and the rota.\n\n"
           "Akosua: I'd rather not have another metal shed. The volunteers said the old metal "
           "shed was freezing in winter.\n\n"
           "Tomasz: The wooden one costs 1,950 pounds with the base.\n\n"
           "Akosua: I'll lead the Saturday work mornings myself.\n")


def test_a_transcripts_later_sentence_is_answered_with_its_speaker(
        tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> None:
    bot = assistant_over(MEETING, "meeting", tmp_path_factory, embeddings)
    answer = bot.ask("Who said the old metal shed was freezing?")
    quote = "The volunteers said the old metal shed was freezing in winter."
    assert answer.citations[0].quote == quote
    assert f"Akosua: {quote} [1]" in answer.text
