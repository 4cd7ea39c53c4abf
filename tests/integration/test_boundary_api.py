"""The findings of the adversarial pass (issue 15) that the input boundary fixes, through
the Python API and the LangChain chain.

Before the boundary: a lone surrogate in a history turn or a quote search raised the
tokenizer's TypeError; a 5,000-digit offset Python's int-conversion ValueError;
`find_quote(limit=1.5)` a StoreError naming the Chroma folder; a deleted source's message
named the absolute sources folder; a 1 MB quote search took 3-12 s.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant import Assistant, AssistantError, CitationError, QuestionError
from index import SentenceEmbeddings
from tests.support.builders import make_assistant
from tests.support.paths import ARTICLE

SRC = ARTICLE.name


def test_lone_surrogate_in_history_is_answered(bot: Assistant) -> None:
    history = [{"role": "user", "content": "Who is Hun Sen \ud800?"},
               {"role": "assistant", "content": "He is \udfff the former prime minister."}]
    answer = bot.ask("What did he say?", history=history)  # was: TypeError (tokenizer)
    assert "Hun Sen" in (answer.resolved_question or "")
    assert all(c.quote == bot.document(c.source)[c.start:c.end] for c in answer.citations)
    chained = bot.chain.invoke({"question": "What did he say?", "history": history})
    assert chained.citations == answer.citations
    streamed = list(bot.stream("What did he say?", history))[-1]
    assert streamed.citations == answer.citations  # type: ignore[union-attr]


def test_lone_surrogate_in_quote_search_is_searched(bot: Assistant) -> None:
    matches = bot.find_quote("Lloyd Austin came \ud800 to visit Cambodia")  # was: TypeError
    assert all(m.quote == bot.document(m.source)[m.start:m.end] for m in matches)


def test_a_5000_digit_offset_is_a_citation_error(bot: Assistant) -> None:
    for ref in (f"{SRC}:0-" + "9" * 5000, f"{SRC}:0-" + "9" * 900):
        with pytest.raises(CitationError) as caught:  # was: ValueError from int()
            bot.lookup(ref)
        assert "int_max_str_digits" not in str(caught.value) and len(str(caught.value)) < 300


@pytest.mark.parametrize("limit", [1.5, 0, -3, 51, "2"])
def test_find_quote_limit_must_be_a_whole_number(bot: Assistant, limit: object) -> None:
    with pytest.raises(QuestionError) as caught:  # was: StoreError naming the Chroma folder
        bot.find_quote("Lloyd Austin", limit=limit)  # type: ignore[arg-type]
    assert "/" not in str(caught.value)
    assert len(bot.find_quote("Lloyd Austin", limit=2)) <= 2


def test_a_long_quote_search_is_refused_at_once(bot: Assistant) -> None:
    started = time.perf_counter()
    with pytest.raises(QuestionError, match="limit is 5000"):  # was: 3-12 s of CPU
        bot.find_quote("Cambodia " * 120_000)
    assert time.perf_counter() - started < 0.5
    assert bot.find_quote("x" * 5000) == []  # at the limit: searched


def test_a_deleted_source_is_named_without_its_folder(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "note.txt").write_text("A short note. It says the harbour opened in May.\n")
    (folder / SRC).write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    bot = make_assistant(folder, tmp_path / "data", embeddings)
    (folder / "note.txt").unlink()
    # The kept text still answers for it, with a notice that names it, not its folder.
    passage = bot.lookup("note.txt:0-13")
    assert passage.quote == "A short note." and passage.stale
    assert "note.txt" in passage.stale and str(tmp_path) not in passage.stale
    for call in (lambda: bot.lookup("gone.txt:0-13"), lambda: bot.document("gone.txt")):
        with pytest.raises(AssistantError) as caught:  # CitationError or SourceError
            call()
        assert "gone.txt" in str(caught.value)
        assert str(tmp_path) not in str(caught.value)  # was: the absolute sources folder
