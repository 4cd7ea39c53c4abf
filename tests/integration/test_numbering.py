"""One numbering for paragraphs and sentences, counted from 1, wherever the user sees it."""

from __future__ import annotations

from assistant import Assistant
from tests.support.paths import ARTICLE

LEAD = "The U.S. Defense Secretary Lloyd Austin came to visit Cambodia on June 4, 2024"


def test_citation_passage_json_and_retriever_count_from_one(bot: Assistant) -> None:
    answer = bot.ask("When did Lloyd Austin visit Cambodia?")
    citation = answer.citations[0]
    assert citation.quote.startswith(LEAD)
    # The title is paragraph 1 and sentence 1, so the lead is paragraph 2, sentence 2.
    assert (citation.paragraph, citation.sentence) == (2, 2)
    as_json = answer.to_dict()["citations"][0]
    assert (as_json["paragraph"], as_json["sentence"]) == (2, 2)
    passage = bot.lookup(citation)
    assert passage.paragraph == 2 and passage.sentences == (2, 2)
    assert passage.to_dict()["paragraph"] == 2 and "(paragraph 2)" in str(passage)
    docs = bot.retriever.invoke("When did Lloyd Austin visit Cambodia?")
    lead = next(d for d in docs if d.page_content.startswith(LEAD))
    assert (lead.metadata["paragraph"], lead.metadata["sentence"]) == (2, 2)


def test_the_title_is_paragraph_one(bot: Assistant) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    passage = bot.lookup(f"{ARTICLE.name}:0-{len(title)}")
    assert passage.paragraph == 1 and passage.sentences == (1, 1)
