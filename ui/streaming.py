"""Bounded streaming for the chat.

Gradio sends the whole Chatbot value with every streamed piece to API callers (the page gets
diffs), and that value comes from the client. So the chat keeps only the newest
SHOWN_MAX_CHARS of it and streams a growing answer in a few pieces, not one per word.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

import gradio as gr

from ui.replies import Reply

Message = dict[str, Any] | gr.ChatMessage

SHOWN_MAX_CHARS = 200_000
STREAM_STEP_CHARS = 80
STREAM_STEP_S = 0.25


def _size(message: Message) -> int:
    content = message.content if isinstance(message, gr.ChatMessage) else \
        message.get("content") if isinstance(message, dict) else message
    if isinstance(content, str):
        return len(content)
    if isinstance(content, list):
        return sum(len(str(p.get("text", ""))) if isinstance(p, dict) else 100 for p in content)
    return 100


def recent(shown: list[Message], max_chars: int) -> list[Message]:
    """The newest messages of a shown conversation that fit in `max_chars`."""
    if not isinstance(shown, list):
        return []
    kept: list[Message] = []
    for message in reversed(shown):
        max_chars -= _size(message)
        if max_chars < 0:
            break
        kept.append(message)
    return kept[::-1]


def thinned(parts: Iterable[str | Reply]) -> Iterator[str | Reply]:
    """Growing text in steps of at least STREAM_STEP_CHARS or STREAM_STEP_S; the Reply as is."""
    sent, when = 0, 0.0
    for part in parts:
        if isinstance(part, str):
            now = time.monotonic()
            if len(part) - sent < STREAM_STEP_CHARS and now - when < STREAM_STEP_S:
                continue
            sent, when = len(part), now
        yield part
