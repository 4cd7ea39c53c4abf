"""Each generation keeps its units' vectors (index.vectors): the very vectors Chroma holds,
searched exactly; an unchanged index answers without opening Chroma, an older index gains
its matrix without re-embedding, and a large one is searched in Chroma."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from index import SentenceEmbeddings
from tests.support.builders import make_assistant

QUESTIONS = ["When did Lloyd Austin visit Cambodia?", "What is Ream Naval Base?",
             "Who leads Cambodia's government?", "What did China build?"]


def test_the_generation_keeps_chromas_vectors_and_finds_the_same_units(
        corpus: Path, tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    bot = make_assistant(corpus, tmp_path / "data", embeddings)
    kept = bot.catalog.vectors
    assert kept is not None and bot.searcher.store is kept
    ids = [u.id for u in bot.catalog.units]
    stored = bot.store.vectors(ids)
    assert np.allclose(np.stack([stored[i] for i in ids]), kept.matrix, atol=1e-6)
    for question in QUESTIONS:
        vector = embeddings.encode([question])[0]
        exact, chroma = kept.query(vector, 10), bot.store.query(vector, 10)
        assert [i for i, _ in exact] == [i for i, _ in chroma], question
        assert np.allclose([s for _, s in exact], [s for _, s in chroma], atol=1e-5)


def test_an_unchanged_index_answers_without_opening_chroma(
        corpus: Path, tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    make_assistant(corpus, tmp_path / "data", embeddings)
    again = make_assistant(corpus, tmp_path / "data", embeddings)
    answer = again.ask(QUESTIONS[0])
    assert "June 4, 2024" in answer.citations[0].quote
    assert again.store.collection is None  # chromadb was never asked for anything


def test_an_index_without_its_matrix_gains_one_without_re_embedding(
        corpus: Path, tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    first = make_assistant(corpus, tmp_path / "data", embeddings)
    assert first.catalog.vectors is not None and first.catalog.folder is not None
    before = np.array(first.catalog.vectors.matrix)
    (first.catalog.folder / "vectors.npy").unlink()  # as an index built before the matrix
    again = make_assistant(corpus, tmp_path / "data", embeddings)
    assert again.last_refresh is not None and again.last_refresh.embedded == 0
    assert again.catalog.vectors is not None
    assert np.allclose(again.catalog.vectors.matrix, before, atol=1e-6)  # as Chroma keeps them


def test_a_lost_store_is_rebuilt_when_the_sources_change(
        corpus: Path, tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    first = make_assistant(corpus, tmp_path / "data", embeddings)
    first.store.reopen()
    first.store.client.close()
    shutil.rmtree(tmp_path / "data" / "chroma")
    # Nothing changed: the generation still answers from its own vectors.
    again = make_assistant(corpus, tmp_path / "data", embeddings)
    assert "June 4, 2024" in again.ask(QUESTIONS[0]).citations[0].quote
    # A change writes the store: it is found empty and filled with every unit again.
    (corpus / "more.txt").write_text("The ferry leaves at noon.", encoding="utf-8")
    later = make_assistant(corpus, tmp_path / "data", embeddings)
    assert later.last_refresh is not None
    assert later.last_refresh.embedded == len(later.catalog.units)
    assert later.store.count() == len(later.catalog.units)


def test_a_large_generation_is_searched_in_chroma(
        corpus: Path, tmp_path: Path, embeddings: SentenceEmbeddings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("index.builder.EXACT_MAX", 5)
    bot = make_assistant(corpus, tmp_path / "data", embeddings)
    assert bot.catalog.vectors is None and bot.searcher.store is bot.store
    assert "June 4, 2024" in bot.ask(QUESTIONS[0]).citations[0].quote
    again = make_assistant(corpus, tmp_path / "data", embeddings)
    assert again.last_refresh is not None and not again.last_refresh.touched
