"""The functions behind the page and the HTTP API: thin calls into the public `Assistant`.

The chat keeps two conversations: what is shown (escaped HTML with citation links) in the
Chatbot, and what was said (plain text, Gradio messages) in a `gr.State`, which is the
history the assistant gets. So nothing the page renders ever feeds back into answering.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import Assistant, AssistantError, Passage
from assistant.boundary import public_message
from assistant.examples import corpus_name, suggest
from ui import render, uploads
from ui.replies import Reply, from_answer
from ui.streaming import SHOWN_MAX_CHARS, recent, thinned
from ui.uploads import UploadError

log = logging.getLogger(__name__)

Message = dict[str, Any] | gr.ChatMessage
ChatUpdate = tuple[list[Message], list[dict[str, str]]]
# What a change of the corpus updates, in this order: the heading, the chat's and the input's
# placeholders, the example questions, the source picker and the source view.
CorpusUpdate = tuple[str, Any, Any, Any, Any, str]


def _assistant_says(content: str, **kwargs: Any) -> gr.ChatMessage:
    return gr.ChatMessage(role="assistant", content=content, **kwargs)


def reply_message(reply: Reply) -> Message:
    """One bubble: the answer, its numbered references and who answered."""
    return _assistant_says(render.reply_html(reply.text, reply.cited, reply.notice,
                                             reply.read_as, byline=reply.byline,
                                             hedge=reply.hedge))


def intro_html(where: str) -> str:
    return (f'<div class="ask-intro"><h2>Ask {escape(where)}</h2><p>Every answer quotes '
            "the sentences it rests on: click a <b>[n]</b> marker or a reference to see it "
            "in the source. Put a phrase in quotation marks (<i>Does it say \"…\"?</i>) "
            "to find where it is said.</p></div>")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


class Handlers:
    """Event handlers bound to one assistant."""

    def __init__(self, assistant: Assistant, examples: Sequence[str] | None = None) -> None:
        self.assistant = assistant
        self._examples = None if examples is None else list(examples)
        # Uploads and removals change the sources folder: one at a time.
        self._changing = threading.Lock()

    @property
    def where(self) -> str:
        """"the article" or "your documents", as the page speaks of what is indexed."""
        return corpus_name(len(self.assistant.sources))

    def examples(self) -> list[str]:
        """Example questions: made from the indexed documents unless fixed by the caller."""
        if self._examples is not None:
            return self._examples
        return suggest(self.assistant.catalog)

    # -- chat -------------------------------------------------------------------------------

    def _reply(self, message: str, history: list[dict[str, str]]) -> Iterator[str | Reply]:
        """Growing answer text, then the finished Reply (a quote question's comes whole)."""
        if not self.assistant.sources:
            raise AssistantError("No documents are indexed yet: add some with “Add "
                                 "documents” beside the chat, then ask.")
        where = self.where
        for part in self.assistant.stream(message, history):
            yield part if isinstance(part, str) else from_answer(part, where)

    def chat(self, message: str, shown: list[Message] | None,
             said: list[dict[str, str]] | None) -> Iterator[ChatUpdate]:
        """Stream the reply to `message`; errors become a message and the chat goes on."""
        limit = self.assistant.settings.max_question_chars
        echo = message[:limit] + "…" if isinstance(message, str) and len(message) > limit \
            else message
        shown = [*recent(shown or [], SHOWN_MAX_CHARS),
                 gr.ChatMessage(role="user", content=render.user_html(echo or ""))]
        said = list(said or [])
        # Something moves from the moment the question is sent until the first words arrive.
        yield [*shown, _assistant_says(render.working_html(self.where))], said
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
        yield [*shown, reply_message(reply)], said

    # -- the documents ----------------------------------------------------------------------

    def corpus(self, source: str | None = None) -> CorpusUpdate:
        """Everything on the page that depends on what is indexed."""
        where = self.where
        sources = self.assistant.sources
        if source not in sources:
            source = sources[0] if sources else None
        return (intro_html(where),
                gr.update(placeholder=f"Ask a question about {where}."),
                gr.update(placeholder=f"Ask about {where}… (Enter to send)"),
                gr.update(samples=[[q] for q in self.examples()]),
                gr.update(choices=sources, value=source, visible=bool(sources)),
                self.document_view(source))

    def _folder(self) -> Path:
        if not self.assistant.settings.uploads:
            raise UploadError("adding and removing documents is turned off on this server "
                              "(ASSISTANT_UPLOADS=0)")
        sources = Path(self.assistant.settings.sources)
        if not sources.is_dir():
            raise UploadError(f"the sources are one file ({sources.name}); serve a folder "
                              "to add documents")
        return self.assistant.root

    def _reindex(self, progress: gr.Progress) -> str:
        def show(done: int, total: int) -> None:
            progress((done, total), desc="Indexing", unit="sentences")

        report = self.assistant.refresh(show)
        documents = len(self.assistant.sources)
        return (f"{_count(report.embedded, 'new sentence')} indexed in {report.seconds:.1f} s; "
                f"{_count(documents, 'document')}, {_count(report.units, 'sentence')} in all.")

    def add_documents(self, files: list[str] | None,
                      progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        """Check, save and index uploaded files; the status line, then the corpus updates."""
        paths = [Path(f) for f in files or []]
        lines: list[str] = []
        added: str | None = None
        try:
            with self._changing:
                outcome = uploads.save(self._folder(), [(p.name, p) for p in paths],
                                       self.assistant.data_dir)
                if outcome.saved or outcome.replaced:
                    added = (outcome.saved or outcome.replaced)[0]
                    names = ", ".join(outcome.saved + outcome.replaced)
                    lines.append(f"Added {names}. " + self._reindex(progress))
                lines += [f"Not added: {why}" for why in outcome.refused]
        except (UploadError, AssistantError) as exc:
            lines.append(f"Not added: {exc}")
        return (render.status_html(lines), None, *self.corpus(added))

    def remove_document(self, source: str | None,
                        progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        """Delete the picked document, if added from the page, from the sources folder and
        from the index."""
        try:
            with self._changing:
                if not source or source not in self.assistant.sources:
                    raise UploadError("pick a document to remove")
                uploads.remove(self._folder(), source, self.assistant.data_dir)
                lines = [f"Removed {source}. " + self._reindex(progress)]
        except (UploadError, AssistantError) as exc:
            lines = [f"Not removed: {exc}"]
        return (render.status_html(lines), None, *self.corpus())

    # -- source view ------------------------------------------------------------------------

    def _first_source(self) -> str | None:
        sources = self.assistant.sources
        return sources[0] if sources else None

    def document_view(self, source: str | None, error: str | None = None) -> str:
        source = source or self._first_source()
        if source is None:
            return render.empty_html("No documents are indexed.")
        try:
            # A file changed or deleted since indexing is said so above the kept text.
            error = error or self.assistant.stale(source)
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
        return render.document_html(passage.source, text, passage,
                                    error=passage.stale), passage.source

    def show_selected(self, event: gr.SelectData) -> tuple[str, Any]:
        """A click on a `?cite=` link in the chat (sent by the page script)."""
        html, source = self.passage_view(str(event.value))
        return html, gr.update(value=source)

    def show_document(self, source: str | None) -> str:
        return self.document_view(source)

    def on_load(self, request: gr.Request) -> CorpusUpdate:
        """The page as the corpus is now, showing the `?cite=SOURCE:START-END` span when the
        URL has one."""
        ref = request.query_params.get("cite") if request is not None else None
        if not ref:
            return self.corpus()
        html, source = self.passage_view(ref)
        return (*self.corpus(source)[:-1], html)

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
