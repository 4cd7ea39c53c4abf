"""The functions behind the page and the HTTP API: thin calls into the public `Assistant`.

The chat keeps two conversations: what is shown (escaped HTML with citation links) in the
Chatbot, and what was said (plain text, Gradio messages) in a `gr.State`, which is the
history the assistant gets. So nothing the page renders ever feeds back into answering.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import gradio as gr

from assistant import Assistant, AssistantError, Passage
from assistant.boundary import public_message
from ui import render
from ui.replies import Reply, from_answer, from_quote, quoted_phrase
from ui.streaming import SHOWN_MAX_CHARS, recent, thinned

log = logging.getLogger(__name__)

Message = dict[str, Any] | gr.ChatMessage
ChatUpdate = tuple[list[Message], list[dict[str, str]]]
SOURCES_TITLE = "📚 Sources"


def _assistant_says(content: str, **kwargs: Any) -> gr.ChatMessage:
    return gr.ChatMessage(role="assistant", content=content, **kwargs)


def reply_messages(reply: Reply) -> list[Message]:
    """The answer bubble, then (when it cites anything) the open list of its passages."""
    messages: list[Message] = [_assistant_says(render.reply_html(
        reply.text, reply.cited, reply.notice, reply.read_as, answerer=reply.answerer))]
    if reply.cited:
        messages.append(_assistant_says(render.sources_html(reply.cited),
                                        metadata={"title": SOURCES_TITLE}))
    return messages


class Handlers:
    """Event handlers bound to one assistant."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    # -- chat -------------------------------------------------------------------------------

    def _reply(self, message: str, history: list[dict[str, str]]) -> Iterator[str | Reply]:
        """Growing answer text, then the finished Reply (quote questions skip the stream)."""
        phrase = quoted_phrase(message)
        if phrase and len(message) <= self.assistant.settings.max_question_chars:
            yield from_quote(self.assistant, phrase)
            return
        for part in self.assistant.stream(message, history):
            yield part if isinstance(part, str) else from_answer(part)

    def chat(self, message: str, shown: list[Message] | None,
             said: list[dict[str, str]] | None) -> Iterator[ChatUpdate]:
        """Stream the reply to `message`; errors become a message and the chat goes on."""
        limit = self.assistant.settings.max_question_chars
        echo = message[:limit] + "…" if isinstance(message, str) and len(message) > limit \
            else message
        shown = [*recent(shown or [], SHOWN_MAX_CHARS),
                 gr.ChatMessage(role="user", content=render.user_html(echo or ""))]
        said = list(said or [])
        yield shown, said
        reply: Reply | None = None
        try:
            for part in thinned(self._reply(message, said)):
                if isinstance(part, Reply):
                    reply = part
                else:
                    yield [*shown, _assistant_says(render.reply_html(part, streaming=True))
                           ], said
        except AssistantError as exc:
            yield [*shown, _assistant_says(render.error_html(self._public(exc)))], said
            return
        except Exception:  # the chat must survive anything; the log keeps the details
            log.exception("answering %r failed", str(message)[:200])
            yield [*shown, _assistant_says(render.error_html(
                "Something went wrong while answering; see the server log."))], said
            return
        if reply is None:
            return
        said = [*said, {"role": "user", "content": message},
                {"role": "assistant", "content": reply.text}
                ][-2 * self.assistant.settings.max_history_turns:]
        yield [*shown, *reply_messages(reply)], said

    # -- source view ------------------------------------------------------------------------

    def _first_source(self) -> str | None:
        sources = self.assistant.sources
        return sources[0] if sources else None

    def document_view(self, source: str | None, error: str | None = None) -> str:
        source = source or self._first_source()
        if source is None:
            return render.empty_html("No documents are indexed.")
        try:
            return render.document_html(source, self.assistant.document(source), error=error)
        except AssistantError as exc:
            return render.empty_html(str(exc))

    def passage_view(self, ref: str) -> tuple[str, str | None]:
        """The document holding `ref` with the span highlighted, and that document's name."""
        try:
            passage: Passage = self.assistant.lookup(ref)
            text = self.assistant.document(passage.source)
        except AssistantError as exc:
            return self.document_view(None, error=str(exc)), self._first_source()
        return render.document_html(passage.source, text, passage), passage.source

    def show_selected(self, event: gr.SelectData) -> tuple[str, Any]:
        """A click on a `?cite=` link in the chat (sent by the page script)."""
        html, source = self.passage_view(str(event.value))
        return html, gr.update(value=source)

    def show_document(self, source: str | None) -> str:
        return self.document_view(source)

    def on_load(self, request: gr.Request) -> tuple[str, Any]:
        """The initial view: the `?cite=SOURCE:START-END` span when the URL has one."""
        ref = request.query_params.get("cite") if request is not None else None
        if ref:
            html, source = self.passage_view(ref)
        else:
            source = self._first_source()
            html = self.document_view(source)
        return html, gr.update(choices=self.assistant.sources, value=source)

    # -- HTTP API ---------------------------------------------------------------------------

    def api_ask(self, question: str, history: list[dict[str, Any]] | None = None
                ) -> dict[str, Any]:
        """Answer a question (history: earlier turns as Gradio messages); the Answer as JSON."""
        with self._api_errors():
            return self.assistant.ask(question, history or None).to_dict()

    def api_lookup(self, ref: str) -> dict[str, Any]:
        """The passage at `SOURCE:START-END`, with the text around it."""
        with self._api_errors():
            return self.assistant.lookup(ref).to_dict()

    def api_find_quote(self, text: str, limit: int = 5) -> list[dict[str, Any]]:
        """Where the sources say `text`: exact, normalized or similar matches."""
        with self._api_errors():
            return [m.to_dict() for m in self.assistant.find_quote(text, limit)]

    def _public(self, exc: BaseException) -> str:
        """An error's message without the server's folders in it."""
        return public_message(str(exc), self.assistant.root, self.assistant.data_dir)

    @contextmanager
    def _api_errors(self) -> Iterator[None]:
        """The assistant's errors as Gradio errors: the client gets the message, the server
        log no traceback (they are the caller's mistakes, not ours). Anything else is ours:
        logged with its traceback, and the client told no more than that."""
        try:
            yield
        except AssistantError as exc:
            log.info("request refused: %s", exc)  # the detail, folders included, stays here
            raise gr.Error(self._public(exc), print_exception=False) from exc
        except Exception as exc:
            log.exception("an API request failed")
            raise gr.Error("the server could not answer this request; see the server log",
                           print_exception=False) from exc
