"""The input boundary (assistant/boundary.py): what every public entry point does to
untrusted input, and the findings of the adversarial pass (issue 15) it fixes.

Before the boundary: a lone surrogate in a history turn or a quote search raised the
tokenizer's TypeError; a 5,000-digit offset Python's int-conversion ValueError;
`find_quote(limit=1.5)` a StoreError naming the Chroma folder; a deleted source's message
named the absolute sources folder; a 1 MB quote search took 3-12 s.
"""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from conftest import ARTICLE, make_assistant

from assistant import Assistant, AssistantError, CitationError, QuestionError, Settings
from assistant.boundary import (
    clean_history,
    clean_limit,
    clean_question,
    clean_text,
    parse_offset,
    public_message,
)
from assistant.followup import parse_history
from index import SentenceEmbeddings

QUESTION = "When did Lloyd Austin visit Cambodia?"
DATE = "June 4, 2024"
SRC = ARTICLE.name


# -- the cleaning itself (no model) ---------------------------------------------------------

def test_text_is_nfc_without_surrogates_or_controls() -> None:
    cleaned = clean_text("Cafe\u0301 \ud800 a\x00b\x1bc\x85d \u202eRTL", 100)
    assert cleaned == "Café \ufffd a b c d \u202eRTL"
    assert unicodedata.is_normalized("NFC", cleaned)
    cleaned.encode("utf-8")  # no lone surrogate left


def test_question_is_one_line_and_capped() -> None:
    assert clean_question("  When\n\tdid he \ud800 go? ", 100) == "When did he \ufffd go?"
    with pytest.raises(QuestionError, match="limit is 10"):
        clean_question("x" * 11, 10)
    with pytest.raises(QuestionError, match="limit is 10"):
        clean_question("x" * 10_000_000, 10)  # refused before any work on it
    with pytest.raises(QuestionError, match="empty"):
        clean_question("\x00\x01 ", 10)
    with pytest.raises(QuestionError, match="text"):
        clean_question(["a list"], 10)


@pytest.mark.parametrize("bad", [0, 51, 1.5, True, "5", None, float("nan"), 10**100])
def test_limit_is_a_whole_number_in_range(bad: object) -> None:
    with pytest.raises(QuestionError, match="from 1 to 50"):
        clean_limit(bad, 50)


def test_limit_accepts_whole_numbers() -> None:
    assert clean_limit(1, 50) == 1 and clean_limit(50, 50) == 50 and clean_limit(5.0, 50) == 5


def test_offsets_have_a_digit_limit() -> None:
    assert parse_offset("123", "a:123-124") == 123
    with pytest.raises(CitationError, match="at most 12 digits"):
        parse_offset("9" * 5000, "a:0-" + "9" * 5000)


def test_history_keeps_the_newest_turns_within_the_caps() -> None:
    limits = Settings(max_history_turns=1, max_turn_chars=50, max_history_chars=120)
    history = [{"role": "user", "content": f"question {i} " + "x" * 100} for i in range(1000)]
    kept = clean_history(history, limits)
    assert [m["content"][:12] for m in kept] == ["question 998", "question 999"]
    assert all(len(m["content"]) == 50 for m in kept)
    assert sum(len(m["content"]) for m in clean_history(history, limits.with_(
        max_history_turns=100))) <= 120


def test_history_keeps_what_parse_history_accepted() -> None:
    history = [
        {"role": "user", "content": "Who is Hun Sen\ud800?"},
        {"role": "assistant", "content": [{"type": "text", "text": "A prime"},
                                          {"type": "text", "text": "minister."}]},
        {"role": "assistant", "content": "panel", "metadata": {"title": "📚 Sources"}},
        {"role": "assistant", "content": {"type": "text", "text": "one part"}},
        {"role": "user", "content": {"path": "/tmp/picture.png"}},
        {"role": "user", "content": None},
    ]
    turns = parse_history(history, 20)
    assert [(t.role, t.content) for t in turns] == [
        ("user", "Who is Hun Sen\ufffd?"), ("assistant", "A prime minister."),
        ("assistant", "one part"), ("user", "")]


@pytest.mark.parametrize("bad", ["a string", b"bytes", 42, {"role": "user"},
                                 [["not", "a", "dict"]], [{"role": "system", "content": "x"}],
                                 [{"role": ["deep"], "content": "x"}]])
def test_malformed_history_is_a_question_error(bad: object) -> None:
    with pytest.raises(QuestionError, match="history"):
        clean_history(bad)


def test_public_messages_name_no_folder(tmp_path: Path) -> None:
    message = f"cannot open the index in {tmp_path}/data/chroma: disk I/O error"
    cleaned = public_message(message, tmp_path / "src", tmp_path)
    assert str(tmp_path) not in cleaned and "data/chroma" in cleaned


# -- the findings, through the Python API and the LangChain chain ---------------------------

def test_lone_surrogate_in_history_is_answered(bot: Assistant) -> None:
    history = [{"role": "user", "content": "Who is Hun Sen \ud800?"},
               {"role": "assistant", "content": "He is \udfff the former prime minister."}]
    answer = bot.ask("What did he say?", history=history)  # was: TypeError (tokenizer)
    assert answer.citations and "Hun Sen" in answer.resolved_question
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
    for call in (lambda: bot.lookup("note.txt:0-13"), lambda: bot.document("note.txt")):
        with pytest.raises(AssistantError) as caught:  # CitationError or SourceError
            call()
        assert "note.txt" in str(caught.value)
        assert str(tmp_path) not in str(caught.value)  # was: the absolute sources folder
