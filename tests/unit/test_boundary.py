"""The input boundary (assistant/boundary.py): what every public entry point does to
untrusted input (NFC text, surrogates and controls replaced, lengths capped, numbers with a
digit limit, history validated). The findings it fixes are in
tests/integration/test_boundary_api.py.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from assistant import CitationError, QuestionError, Settings
from assistant.boundary import (
    clean_history,
    clean_limit,
    clean_question,
    clean_text,
    parse_offset,
    public_message,
)
from assistant.followup import parse_history


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
    with pytest.raises(QuestionError, match="no words"):
        clean_question(" ??? !", 10)
    assert clean_question("Qué?", 10) == "Qué?"
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
