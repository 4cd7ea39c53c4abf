"""`Assistant`: the friendly front of the index, the retriever and the answering pipeline.

It keeps the index current and composes, for each index generation, the `Pipeline` that
answers (`chain.py`): extractive, or with `ASSISTANT_LLM` the generated one falling back to
it. The pipeline knows the catalog, the searcher and the settings, never the Assistant.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import boundary, quotes
from assistant.answers import Answer, Citation, Passage, QuoteMatch
from assistant.chain import Pipeline
from assistant.errors import CitationError
from assistant.lookup import lookup
from assistant.retrieval import Searcher
from assistant.settings import Settings
from index import (
    Builder,
    Catalog,
    Freshness,
    NearestUnits,
    Progress,
    RefreshReport,
    SentenceEmbeddings,
    Skipped,
    VectorStore,
    drop_model_copies,
    index_lock,
    sources_root,
)

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

    from assistant.retriever import SentenceRetriever
    from assistant.state import Writer

log = logging.getLogger(__name__)

LOCK_WAIT_S = 60.0


class Assistant:
    """Answers questions about a folder (or file) of articles, citing exact sentences.

    >>> bot = Assistant()                       # the bundled article; index built if needed
    >>> bot.ask("Where had Lloyd Austin been before Cambodia?").citations[0].quote
    """

    def __init__(self, sources: str | Path | None = None, data_dir: str | Path | None = None,
                 *, settings: Settings | None = None, refresh: bool = True,
                 progress: Progress | None = None,
                 embeddings: SentenceEmbeddings | None = None) -> None:
        settings = settings or Settings.from_env()
        if sources is not None:
            settings = settings.with_(sources=Path(sources),
                                      data_dir=None if data_dir is None else Path(data_dir))
        elif data_dir is not None:
            settings = settings.with_(data_dir=Path(data_dir))
        self.settings = settings
        self.root = sources_root(Path(settings.sources))
        self.data_dir = settings.resolved_data_dir()
        # Sharing one loaded model between assistants (tests, servers) saves its memory.
        models = settings.models_dir()
        self.embeddings = embeddings or SentenceEmbeddings(
            settings.model, query_threads=settings.query_threads, cache_dir=models)
        # The ONNX export beside the model folder: made once, checked each load.
        self.embeddings.use_export_dir(models)
        if models != self.data_dir / "models":  # an earlier version's copy, now dead weight
            drop_model_copies(self.data_dir / "models")
        # Opens on first use: a generation that keeps its own vectors never needs it to answer.
        self.store = VectorStore(self.embeddings, settings.collection,
                                 path=self.data_dir / "chroma", url=settings.chroma_url)
        self.builder = Builder(Path(settings.sources), self.data_dir, self.embeddings, self.store)
        self.freshness = Freshness(self.root)
        # Guards the switch to a new generation; readers take `self.pipeline` or
        # `self.catalog` once per call, each a whole generation.
        self._lock = threading.Lock()
        self._writer: Writer | None = None  # the LLM's, made on first use
        self._generated: Pipeline | None = None
        self.last_refresh: RefreshReport | None = None
        catalog = None if refresh else Catalog.load(self.data_dir)
        if catalog is None:
            catalog, self.last_refresh = self.builder.refresh(progress)
        self._use(catalog)

    def _use(self, catalog: Catalog) -> None:
        self.catalog = catalog
        nearest: NearestUnits = self.store
        if catalog.vectors is not None and not self.settings.chroma_url:
            nearest = catalog.vectors
        elif not self.settings.chroma_url and self.store.collection is None:
            # Opening an embedded store creates its files: not while another process builds.
            with index_lock(self.data_dir, LOCK_WAIT_S):
                self.store.open()
        self.searcher = Searcher(catalog, nearest, self.embeddings, self.settings.candidates,
                                 self.settings.follow_up_context)
        self.pipeline = Pipeline(catalog, self.searcher, self.settings)
        self._chain: Any = None
        # The generation this catalog is, not whatever CURRENT says by now: a refresh that
        # lost a race to a newer one is then replaced on the next call.
        self._generation = catalog.folder.name if catalog.folder else self._current_generation()

    def _current_generation(self) -> str | None:
        try:
            return (self.data_dir / "CURRENT").read_text(encoding="utf-8").strip()
        except OSError:
            return None

    def _follow_rebuilds(self) -> None:
        """Switch to a generation another process finished since we loaded ours."""
        generation = self._current_generation()
        if generation and generation != self._generation:
            with self._lock:
                if generation != self._generation and (fresh := Catalog.load(self.data_dir)):
                    log.info("loading the new index generation %s", generation)
                    self.store.reopen()
                    self._use(fresh)

    def refresh(self, progress: Progress | None = None) -> RefreshReport:
        """Re-read the sources and index what was added, changed or deleted."""
        catalog, report = self.builder.refresh(progress)
        with self._lock:
            self._use(catalog)
        return report

    def ask(self, question: str, history: Sequence[dict[str, Any]] | None = None) -> Answer:
        """Answer `question`; `history` is the conversation so far in Gradio's messages format.

        Raises QuestionError for an empty, over-long or malformed question or history.
        """
        question, history = self._clean(question, history)
        self._follow_rebuilds()
        return self._annotated(self._answering().run(question, history))

    def _answering(self) -> Pipeline:
        """The pipeline that answers now: the extractive one, or with an LLM configured the
        generated one over the same index generation (falling back to the extractive)."""
        pipeline = self.pipeline
        if not self.settings.llm:
            return pipeline
        generated = self._generated
        if generated is None or generated.fallback is not pipeline:
            if self._writer is None:  # LangChain's clients load only when an LLM is used
                from assistant.generate import Generated

                self._writer = Generated(self.settings)  # two threads may: equal, no harm
            generated = self._generated = Pipeline(
                pipeline.catalog, pipeline.searcher, self.settings, writer=self._writer,
                fallback=pipeline)
        return generated

    def _annotated(self, answer: Answer) -> Answer:
        """The answer with each citation's page (PDF) and, when a cited file changed or
        vanished since indexing, a notice on the citation and the answer."""
        catalog = self.catalog
        citations = []
        notices: list[str] = []
        for c in answer.citations:
            entry = catalog.by_source.get(c.source)
            stale = self.freshness.notice(entry) if entry else None
            if stale and stale not in notices:
                notices.append(stale)
            citations.append(replace(c, page=entry.page_of(c.start) if entry else None,
                                     stale=stale))
        notice = "; ".join(n for n in (answer.notice, *notices) if n) or None
        return replace(answer, citations=tuple(citations), notice=notice)

    def stream(self, question: str,
               history: Sequence[dict[str, Any]] | None = None) -> Iterator[str | Answer]:
        """The answer text as it is written (growing strings), then the finished Answer.

        With an LLM the strings are the model's raw text as it arrives; the final Answer
        holds the checked text (markers renumbered) and may differ from the last string.
        A quote question's answer (`Answer.quote_check`) comes whole: it is a search result.
        """
        question, history = self._clean(question, history)
        if self.settings.llm:
            self._follow_rebuilds()
            for part in self._answering().stream(question, history):
                yield self._annotated(part) if isinstance(part, Answer) else part
            return
        answer = self.ask(question, history)
        if answer.quote_check is not None:
            yield answer
            return
        words = answer.text.split(" ")
        for i in range(1, len(words) + 1):
            yield " ".join(words[:i])
        yield answer

    def _clean(self, question: Any, history: Any) -> tuple[str, list[dict[str, str]]]:
        """The boundary: the question and history as the answerers may read them."""
        s = self.settings
        return (boundary.clean_question(question, s.max_question_chars),
                boundary.clean_history(history, s))

    @property
    def chain(self) -> Runnable[dict[str, Any], Answer]:
        """The answering steps as a LangChain `Runnable` (built on first use: importing
        LangChain is kept off the path of a one-shot `assistant ask`)."""
        if self._chain is None:  # two threads may both build it: equal chains, no harm
            self._chain = self.pipeline.as_runnable()
        return self._chain  # type: ignore[no-any-return]

    @property
    def retriever(self) -> SentenceRetriever:
        """A LangChain `BaseRetriever` over the same index (sentences with exact offsets)."""
        from assistant.retriever import SentenceRetriever

        return SentenceRetriever(searcher=self.searcher)

    def warm(self) -> None:
        """Load the models and run one question through them now, so that the first real
        question is as fast as the tenth (a server calls this before it listens)."""
        self.embeddings.warm()
        self.pipeline.run("When was this written?", None)

    def lookup(self, ref: Citation | str) -> Passage:
        """The cited passage with its context, as indexed (`Passage.stale` says when the file
        changed since). Raises CitationError for a bad reference."""
        ref = boundary.clean_reference(ref, self.settings.max_reference_chars)
        self._follow_rebuilds()
        return lookup(self.catalog, ref, self.freshness)

    def find_quote(self, text: str, limit: int = 5) -> list[QuoteMatch]:
        """Where the sources say `text`: exact, then normalized, then similar matches.

        Raises QuestionError for a quote longer than `max_quote_chars` or a `limit` that is
        not a whole number from 1 to `max_quote_limit`.
        """
        limit = boundary.clean_limit(limit, self.settings.max_quote_limit)
        text = boundary.clean_quote(text, self.settings.max_quote_chars)
        if not text.strip():
            return []
        self._follow_rebuilds()
        pipeline = self.pipeline  # one generation: its catalog and its searcher
        return quotes.find_quote(pipeline.catalog, pipeline.searcher, text, limit)

    @property
    def sources(self) -> list[str]:
        """The indexed documents, by their citation names."""
        return [d.source for d in self.catalog.documents]

    @property
    def skipped(self) -> list[Skipped]:
        """Files under the sources that are not indexed, each with the reason (warned about
        once, when the index was built)."""
        return list(self.catalog.skipped)

    def document(self, source: str) -> str:
        """The full text one document was indexed from (citations count offsets in it),
        whatever the file says now; `stale(source)` tells whether it changed since."""
        source = boundary.clean_source(source, self.settings.max_reference_chars)
        catalog = self.catalog
        if source not in catalog.by_source:
            raise CitationError(f"unknown source {source!r}", source)
        return catalog.text(source)

    def stale(self, source: str) -> str | None:
        """A notice when `source` changed or vanished on disk since it was indexed."""
        entry = self.catalog.by_source.get(source)
        if entry is None:
            raise CitationError(f"unknown source {source!r}", source)
        return self.freshness.notice(entry)
