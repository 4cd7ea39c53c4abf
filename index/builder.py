"""Building and refreshing an index: only added or changed files are split and embedded."""

from __future__ import annotations

import fcntl
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index import sentences
from index.catalog import Catalog, DocumentEntry, Unit, table_headers, unit_id
from index.embeddings import SentenceEmbeddings
from index.errors import IndexBusyError, StoreError
from index.extract import VERSION as EXTRACT_VERSION
from index.lexical import VERSION as LEXICAL_VERSION
from index.lexical import LexicalIndex
from index.sentences import VERSION as SPLIT_VERSION
from index.sources import (
    CACHE_TAG,
    CACHE_TAG_TEXT,
    Document,
    RawFile,
    Skipped,
    iter_source_files,
    read_raw,
    sources_root,
    to_document,
)
from index.store import VectorStore
from index.texts import text_key
from index.token_states import Quantized, TokenWriter, quantize
from index.vectors import EXACT_MAX, UnitVectors

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (units embedded so far, units to embed)


@dataclass(frozen=True)
class RefreshReport:
    """What one refresh did."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    embedded: int = 0
    units: int = 0
    seconds: float = 0.0

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.deleted or self.embedded)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.deleted)} deleted, {self.unchanged} unchanged; "
                f"{self.embedded} units embedded, {self.units} in the index, "
                f"{self.seconds:.1f} s")


# What a title unit opens with that is no part of the title: markdown's "#", "Subject:".
_TITLE_MARK = re.compile(r"^(?:#+|Subject:)\s*", re.I)


def split_document(doc: Document) -> tuple[list[Unit], str]:
    """The document's units and its title ('' when it has none)."""
    units = [Unit(unit_id(doc.source, doc.sha256, n), doc.source, s.start, s.end, s.paragraph, n,
                  s.kind, doc.text[s.start:s.end])
             for n, s in enumerate(sentences.split(doc.text))]
    title = next((_TITLE_MARK.sub("", u.text).strip() for u in units if u.kind == "title"), "")
    return units, title


# The split versions since which a list item, and a reply's first sentence, is embedded
# after its lead-in.
_LEAD_INS_SINCE = 4
_REPLY_LEAD_INS_SINCE = 8


def lead_ins(units: list[Unit]) -> list[str]:
    """Each unit's lead-in ('' for most): a list item's is the sentence just before the list
    when it ends in a colon ("The librarian recommends the following:"), which says what the
    items are, as they alone do not ("2. Restore the book budget."); a reply's first sentence's
    is what it quotes ("> Is the link at 100 Mbit/s?" over "Checked, it is 1 Gbit/s.")."""
    out, lead, quoted, source = [], "", "", ""
    for u in units:
        if u.source != source:
            lead, quoted, source = "", "", u.source
        if u.kind == "quote":
            quoted = f"{quoted} {u.text}".lstrip()
            out.append("")
            continue
        if u.kind == "body" and sentences.is_list_item(u.text):
            out.append(lead or quoted)
            continue
        out.append(quoted if u.kind == "body" else "")
        lead = u.text if u.kind == "body" and u.text.endswith(":") else ""
        quoted = ""
    return out


def lexical_contexts(units: list[Unit], titles: dict[str, str], headers: list[str],
                     leads: list[str]) -> list[str]:
    """What each sentence is also found by: its article's title (a sentence is found by its
    article's name), a table row by its table's header ("Oxford | £102.00" by "fare") and a
    list item by its lead-in."""
    return [" ".join(w for w in (titles[u.source], header, lead) if w) if u.kind == "body"
            else "" for u, header, lead in zip(units, headers, leads, strict=True)]


def embedding_text(unit: Unit, header: str, lead: str = "") -> str:
    """What a unit's vector and token states are made from: its text; a table row read
    with its column names ("Destination: Oxford; Off-peak single: £102.00"), and a list item
    after its lead-in, which alone they lack. The citation is still the row or item itself."""
    if lead:
        return f"{lead} {unit.text}"
    return sentences.with_column_names(unit.text, header) if header else unit.text


@contextmanager
def index_lock(data_dir: Path, wait_s: float) -> Iterator[None]:
    """One builder per data folder; a second one waits up to `wait_s`, then gives up."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fh = open(data_dir / "index.lock", "w")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise StoreError(f"cannot use {data_dir} as the data folder: {exc}") from exc
    with fh:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusyError(
                        f"another process is building the index in {data_dir}; wait for it "
                        "to finish, then run `assistant index` again") from None
                time.sleep(0.2)
        try:
            if not (data_dir / CACHE_TAG).is_file():  # written under the lock, like the rest
                (data_dir / CACHE_TAG).write_text(CACHE_TAG_TEXT, encoding="utf-8")
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Builder:
    """Keeps the index of one sources path in one data folder up to date.

    Thread safety: `refresh` runs under the data folder's file lock (`index_lock`), which
    also keeps two threads of one process apart (each takes its own open file), so one
    build at a time writes the store, the kept texts and the generations.
    """

    def __init__(self, sources: Path, data_dir: Path, embeddings: SentenceEmbeddings,
                 store: VectorStore, batch_size: int = 256, lock_wait_s: float = 60.0) -> None:
        self.sources = Path(sources)
        self.root = sources_root(self.sources)
        self.data_dir = Path(data_dir)
        self.embeddings = embeddings
        self.store = store
        self.batch_size = batch_size
        self.lock_wait_s = lock_wait_s

    def refresh(self, progress: Progress | None = None) -> tuple[Catalog, RefreshReport]:
        started = time.perf_counter()
        with index_lock(self.data_dir, self.lock_wait_s):
            old = Catalog.load(self.data_dir)
            if old is not None and old.model != self.embeddings.model_id:
                log.info("embedding model changed: re-embedding everything")
                old = None
            docs, skipped = self._read(old)
            known = old.by_source if old else {}
            current = {d.source for d in docs}
            added = [d.source for d in docs if d.source not in known]
            changed = [d.source for d in docs
                       if d.source in known and known[d.source].sha256 != d.sha256]
            deleted = sorted(set(known) - current)
            if old is not None and old.lexical_version == LEXICAL_VERSION \
                    and old.split_version == SPLIT_VERSION \
                    and old.extract_version == EXTRACT_VERSION \
                    and skipped == old.skipped and not (added or changed or deleted) \
                    and self._complete(old):
                return old, RefreshReport(unchanged=len(docs), units=len(old.units),
                                          seconds=time.perf_counter() - started)
            # An index from before token states were kept is embedded again, once.
            reusable = old is not None and old.tokens is not None \
                and self.store.count() == len(old.units)
            catalog, embedded = self._rebuild(docs, skipped, old if reusable else None,
                                              progress)
            for source in changed:
                self.store.delete_source(source, keep_sha=catalog.by_source[source].sha256)
            for source in deleted:
                self.store.delete_source(source)
            if old is not None:  # a file read again by a newer version may have new units
                gone = set(changed) | set(deleted)
                self.store.delete([u.id for u in old.units
                                   if u.source not in gone and u.id not in catalog.row_of])
            catalog.save(self.data_dir)
        report = RefreshReport(added, changed, deleted, len(docs) - len(added) - len(changed),
                               embedded, len(catalog.units), time.perf_counter() - started)
        log.info("index refreshed: %s", report.summary())
        return catalog, report

    def _keeps_vectors(self, units: int) -> bool:
        """Whether a generation of `units` units keeps its own vectors (index.vectors): not
        when a Chroma server is the shared index, nor above EXACT_MAX."""
        return self.store.url is None and units <= EXACT_MAX

    def _complete(self, old: Catalog) -> bool:
        """Whether an unchanged generation can answer as it is. One that keeps its vectors
        answers without the store, so the store is left unopened (a cold ask pays no
        chromadb import); one searched in the store needs the store to hold its units; one
        that should keep its vectors but does not (an older index) is rebuilt, reusing every
        vector; one without token states (older still) is embedded again."""
        if old.tokens is None:
            return False
        if old.vectors is not None:
            return self._keeps_vectors(len(old.units))
        return not self._keeps_vectors(len(old.units)) \
            and self.store.count() == len(old.units)

    def _read(self, old: Catalog | None) -> tuple[list[Document], list[Skipped]]:
        """Every source file as a document, or as skipped. A file whose bytes are those
        already indexed is not extracted again, and one refused before is not warned about
        again (its reason stays in the catalog for `assistant sources`)."""
        refused = {s.source: s for s in old.skipped} if old else {}
        docs: list[Document] = []
        skipped: list[Skipped] = []
        for file in iter_source_files(self.sources):
            found = _load(read_raw(file, self.root), old, refused)
            if isinstance(found, Document):
                docs.append(found)
                continue
            if refused.get(found.source) != found:
                log.warning("skipping %s: %s", found.source, found.reason)
            skipped.append(found)
        return docs, skipped

    def _rebuild(self, docs: list[Document], skipped: list[Skipped], old: Catalog | None,
                 progress: Progress | None) -> tuple[Catalog, int]:
        """Units for every document: reused when unchanged, split and embedded otherwise."""
        entries: list[DocumentEntry] = []
        units: list[Unit] = []
        fresh: list[Unit] = []
        titles: dict[str, str] = {}
        for doc in docs:
            prior = old.by_source.get(doc.source) if old else None
            if old is not None and prior is not None and prior.sha256 == doc.sha256:
                if old.split_version == SPLIT_VERSION \
                        and old.extract_version == EXTRACT_VERSION:
                    doc_units, title = old.document_units(doc.source), prior.title
                else:  # split again; a unit the old split had too keeps its vector, but
                    # not one embedded before units like it were read with their lead-in
                    doc_units, title = split_document(doc)
                    fresh.extend(u for u, lead in zip(doc_units, lead_ins(doc_units),
                                                      strict=True)
                                 if u.id not in old.row_of
                                 or old.units[old.row_of[u.id]].text != u.text
                                 or (old.split_version < _LEAD_INS_SINCE
                                     and sentences.is_list_item(u.text))
                                 or (old.split_version < _REPLY_LEAD_INS_SINCE and lead
                                     and not sentences.is_list_item(u.text)))
            else:
                doc_units, title = split_document(doc)
                fresh.extend(doc_units)
            entries.append(DocumentEntry(doc.source, doc.sha256, len(units), len(doc_units),
                                         title, text_key(doc.text), doc.kind, doc.pages,
                                         doc.size, doc.mtime_ns))
            titles[doc.source] = title
            units.extend(doc_units)
        shas = {e.source: e.sha256 for e in entries}
        kept = self._reused_vectors(units, fresh, old) if self._keeps_vectors(len(units)) \
            else None
        position = {u.id: row for row, u in enumerate(units)}
        headers, leads = table_headers(units), lead_ins(units)
        context_of = {u.id: (h, lead) for u, h, lead in zip(units, headers, leads, strict=True)}
        states = TokenWriter(self.data_dir, len(units))
        try:
            self._reuse_tokens(units, fresh, old, states)
            read = {u.id: embedding_text(u, *context_of[u.id]) for u in fresh}
            vectors = _VectorCache(self.embeddings, read.values())
            # Texts of similar length share a batch, so the model pads less, and repeated
            # texts sit side by side, so the cache lets go of them at once (the order in
            # which units reach the store does not matter).
            by_length = sorted(fresh, key=lambda u: (len(read[u.id]), read[u.id]))
            if progress and fresh:
                progress(0, len(fresh))  # the bar (and its rate) starts before the first batch
            with _Writer(self.store) as writer:
                for i in range(0, len(by_length), self.batch_size):
                    batch = by_length[i: i + self.batch_size]
                    encoded, quantized = vectors.encode([read[u.id] for u in batch])
                    writer.upsert([u.id for u in batch], [u.text for u in batch],
                                  [{"source": u.source, "sha": shas[u.source],
                                    "start": u.start, "end": u.end, "paragraph": u.paragraph,
                                    "sentence": u.sentence, "kind": u.kind} for u in batch],
                                  encoded)
                    for unit, unit_tokens in zip(batch, quantized, strict=True):
                        states.add(position[unit.id], unit_tokens)
                    if kept is not None:
                        for unit, vector in zip(batch, encoded, strict=True):
                            kept[position[unit.id]] = vector
                    if progress:
                        progress(i + len(batch), len(fresh))
            _check_missing(states.missing(), "unit token states")
            tokens = states.finish()
        except BaseException:
            states.discard()
            raise
        lexical = LexicalIndex.build([u.text for u in units],
                                     lexical_contexts(units, titles, headers, leads))
        matrix = None
        if kept is not None:
            matrix = UnitVectors(_stack(kept), [u.id for u in units])
        return Catalog(entries, units, lexical, self.embeddings.model_id,
                       texts={d.source: d.text for d in docs}, skipped=skipped,
                       vectors=matrix, tokens=tokens), len(fresh)

    def _reused_vectors(self, units: list[Unit], fresh: list[Unit],
                        old: Catalog | None) -> list[Vector | None]:
        """One slot per unit: the vector of each reused unit (from the old generation's
        matrix, else from the store), None for the fresh ones, filled as they are encoded."""
        kept: list[Vector | None] = [None] * len(units)
        new = {u.id for u in fresh}
        reused = [(row, u.id) for row, u in enumerate(units) if u.id not in new]
        if old is not None and old.vectors is not None:
            source = old.vectors.vectors([i for _, i in reused])
        else:
            source = {}
            ids = [i for _, i in reused]
            for start in range(0, len(ids), self.batch_size):
                source.update(self.store.vectors(ids[start: start + self.batch_size]))
        for row, unit in reused:
            if (vector := source.get(unit)) is not None:
                kept[row] = np.asarray(vector, dtype=np.float32)
        return kept

    @staticmethod
    def _reuse_tokens(units: list[Unit], fresh: list[Unit], old: Catalog | None,
                      states: TokenWriter) -> None:
        """Copy the old generation's token states of each reused unit into `states`."""
        if old is None or old.tokens is None:
            return
        new = {u.id for u in fresh}
        for row, unit in enumerate(units):
            if unit.id not in new:
                states.add(row, old.tokens.quantized(old.row_of[unit.id]))


def _load(raw: RawFile | Skipped, old: Catalog | None,
          refused: dict[str, Skipped]) -> Document | Skipped:
    if isinstance(raw, Skipped):
        return raw
    if old is not None and old.extract_version != EXTRACT_VERSION:
        return to_document(raw)  # read by another version: extracted again
    prior = old.by_source.get(raw.source) if old else None
    if old is not None and prior is not None and prior.sha256 == raw.sha256:
        return Document(raw.source, old.text(raw.source), raw.sha256, prior.kind, prior.pages,
                        raw.size, raw.mtime_ns)
    before = refused.get(raw.source)
    if before is not None and before.sha256 == raw.sha256:
        return before
    return to_document(raw)


Vector = np.ndarray[Any, np.dtype[np.float32]]


def _check_missing(missing: int, what: str) -> None:
    if missing:
        raise StoreError(f"{missing} {what} missing from the index; run `assistant index` "
                         "again")


def _stack(rows: list[Vector | None]) -> Vector:
    if not rows:
        return np.zeros((0, 0), dtype=np.float32)
    _check_missing(sum(r is None for r in rows), "unit vectors")
    return np.stack([r for r in rows if r is not None]).astype(np.float32, copy=False)


class _Writer:
    """Writes each batch to the store on one background thread while the next batch is
    encoded: the store's insert and the encoder then overlap instead of taking turns.

    At most one write is in flight (a batch waits for the one before it), so memory stays
    at two batches and the store receives the batches in order. An error in a write is
    raised by the next call, or on leaving the block.
    """

    def __init__(self, store: VectorStore) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="index-writer")
        self.pending: Future[None] | None = None

    def upsert(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]],
               vectors: Vector) -> None:
        self.wait()
        self.pending = self.pool.submit(self.store.upsert, ids, texts, metadatas, vectors)

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self.wait()
            elif self.pending is not None:
                self.pending.exception()  # let it finish; the error in flight is the one raised
        finally:
            self.pool.shutdown()


class _VectorCache:
    """Encodes each distinct text once: a text repeated across documents (a boilerplate
    line, a copied paragraph, a corpus with duplicate articles) reuses its first vector and
    token states.

    Only texts still due later are kept, and each is dropped after its last use, so the
    cache holds at most the repeated texts, never the whole corpus.
    """

    def __init__(self, embeddings: SentenceEmbeddings, texts: Iterable[str]) -> None:
        self.embeddings = embeddings
        self.due = Counter(texts)
        self.kept: dict[str, tuple[Vector, Quantized]] = {}

    def encode(self, texts: list[str]) -> tuple[Vector, list[Quantized]]:
        """Vectors of `texts`, and each one's token states quantized."""
        new = list(dict.fromkeys(t for t in texts if t not in self.kept))
        fresh: dict[str, tuple[Vector, Quantized]] = {}
        if new:
            vectors, states = self.embeddings.encode_tokens(new)
            fresh = {t: (v, quantize(st)) for t, v, st in zip(new, vectors, states, strict=True)}
        rows, tokens = [], []
        for text in texts:
            vector, quantized = fresh[text] if text in fresh else self.kept[text]
            rows.append(vector)
            tokens.append(quantized)
            self.due[text] -= 1
            if self.due[text] > 0:
                self.kept[text] = vector, quantized
            else:
                self.kept.pop(text, None)
                del self.due[text]
        if not rows:
            return np.zeros((0, self.embeddings.dimension), dtype=np.float32), []
        return np.stack(rows).astype(np.float32, copy=False), tokens
