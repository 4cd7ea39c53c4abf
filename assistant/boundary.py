"""The one boundary for untrusted input: every public entry point cleans what it is given here.

Text becomes NFC with unpaired surrogates and control characters replaced; every length is
capped (limits in `assistant.settings`); numbers are parsed with a digit limit; a history is
a list of Gradio messages, cut to what the answerer reads. The functions raise the project's
errors (QuestionError, CitationError) with messages fit to show a client, and
`public_message` keeps absolute paths out of any message that leaves the server.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from assistant.errors import CitationError, QuestionError
from assistant.settings import Settings

# C0 controls except tab, newline and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# More digits than any offset into a text this assistant can index.
MAX_OFFSET_DIGITS = 12
_DEFAULTS = Settings()


def clean_text(text: str, max_chars: int) -> str:
    """`text` in NFC, surrogates as U+FFFD, control characters as spaces; at most `max_chars`
    characters are read (cut before normalising, so a huge input costs nothing)."""
    text = _SURROGATE.sub("\ufffd", text[: max_chars * 2])
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    return text[:max_chars]


def clean_question(question: Any, max_chars: int) -> str:
    """The question as one line of text, or a QuestionError that says what is wrong with it."""
    if not isinstance(question, str):
        raise QuestionError(f"the question must be text, got {type(question).__name__}")
    if len(question) > 2 * max_chars:  # refused before any work on it
        raise QuestionError(f"the question is {len(question)} characters long; the limit is "
                            f"{max_chars}")
    text = " ".join(clean_text(question, 2 * max_chars).split())
    if not text:
        raise QuestionError("the question is empty; type what you want to know")
    if not any(c.isalnum() for c in text):  # "???": nothing to search for
        raise QuestionError("the question has no words; type what you want to know")
    if len(text) > max_chars:
        raise QuestionError(f"the question is {len(text)} characters long; the limit is "
                            f"{max_chars}")
    return text


def clean_quote(text: Any, max_chars: int) -> str:
    """A quote to search for ('' for None); too long or not text is a QuestionError."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise QuestionError(f"the quote to find must be text, got {type(text).__name__}")
    if len(text) > max_chars:
        raise QuestionError(f"the quote to find is {len(text)} characters long; the limit is "
                            f"{max_chars}")
    return clean_text(text, max_chars)


def clean_limit(limit: Any, most: int) -> int:
    """How many matches to return: a whole number from 1 to `most`."""
    if isinstance(limit, float) and limit.is_integer():
        limit = int(limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= most:
        shown = repr(limit) if isinstance(limit, (int, float)) else type(limit).__name__
        raise QuestionError(f"limit must be a whole number from 1 to {most}, got {shown[:40]}")
    return limit


def clean_reference(ref: Any, max_chars: int) -> Any:
    """A reference string with its length capped and its text cleaned; a Citation (or any
    other object, which `lookup` refuses) as it is."""
    if not isinstance(ref, str):
        return ref
    if len(ref) > max_chars:
        raise CitationError(f"the citation reference is {len(ref)} characters long; the "
                            f"limit is {max_chars}", ref[:80])
    return _SURROGATE.sub("\ufffd", ref)


def clean_source(source: Any, max_chars: int) -> str:
    """A source name as given to `document`: text of a sane length."""
    if not isinstance(source, str):
        raise CitationError(f"a source name must be text, got {type(source).__name__}")
    if len(source) > max_chars:
        raise CitationError(f"the source name is {len(source)} characters long; the limit is "
                            f"{max_chars}")
    return _SURROGATE.sub("\ufffd", source)


def parse_offset(digits: str, ref: str) -> int:
    """An offset from a citation reference, refusing numbers no text could reach (Python's
    own int() fails only past 4,300 digits, with a ValueError nobody should see)."""
    if len(digits.lstrip("-")) > MAX_OFFSET_DIGITS:
        raise CitationError(f"offset too large in {ref[:80]!r}: at most {MAX_OFFSET_DIGITS} "
                            "digits", ref[:80])
    return int(digits)


def _content_text(content: Any) -> str | None:
    """The text of a message's content: a string, Gradio's list of parts, or a dict part."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        content = [content]
    if isinstance(content, list):  # multimodal content: keep the text parts
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return None


def clean_history(history: Any, settings: Settings = _DEFAULTS) -> list[dict[str, str]]:
    """The user and assistant turns of a Gradio messages history, as plain {role, content}
    dicts: the newest `2 * max_history_turns` turns, each cut to `max_turn_chars`, together
    at most `max_history_chars` (older turns are dropped). Source panels are left out.

    Only the turns kept are read, so a client cannot make the server walk a huge history.
    """
    if history is None:
        return []
    if isinstance(history, (str, bytes)) or not isinstance(history, Sequence):
        raise QuestionError("history must be a list of {'role': ..., 'content': ...} messages")
    kept: list[dict[str, str]] = []
    budget = settings.max_history_chars
    for message in _newest_first(history):
        if len(kept) >= 2 * settings.max_history_turns or budget <= 0:
            break
        if not isinstance(message, dict):
            raise QuestionError(f"history entries must be dicts with role and content, "
                                f"got {type(message).__name__}")
        role = message.get("role")
        if role not in ("user", "assistant"):
            shown = repr(role)[:40] if isinstance(role, str) else type(role).__name__
            raise QuestionError(f"history role must be 'user' or 'assistant', got {shown}")
        metadata = message.get("metadata") or {}
        if isinstance(metadata, dict) and metadata.get("title"):
            continue  # a sources panel, not part of what was said
        text = _content_text(message.get("content"))
        if text is None:
            continue
        text = clean_text(text, min(settings.max_turn_chars, budget))
        budget -= len(text)
        kept.append({"role": role, "content": text})
    return kept[::-1]


def _newest_first(history: Sequence[Any]) -> Iterable[Any]:
    return (history[i] for i in range(len(history) - 1, -1, -1))


def public_message(message: str, *folders: Path | str | None) -> str:
    """`message` fit for a client: the named folders (sources, data) replaced by words, so a
    message never shows where the server keeps its files."""
    for folder in folders:
        if folder is None:
            continue
        for form in {str(folder), str(Path(folder).resolve())}:
            if len(form) > 1:
                message = message.replace(form + "/", "").replace(form, "the server's folder")
    return message
