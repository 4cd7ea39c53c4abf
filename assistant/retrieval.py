"""Hybrid retrieval: dense (a generation's vectors or Chroma) and lexical (BM25) candidates with per-sentence features."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from index import Catalog, NearestUnits, SentenceEmbeddings, Unit, tokens

Vector = np.ndarray[Any, np.dtype[np.float32]]

CONTEXT_WORD_WEIGHT = 0.3


@dataclass
class Candidate:
    """A sentence that may answer the question, with what the evidence scorer looks at."""

    row: int
    unit: Unit
    dense: float = 0.0  # cosine(question, sentence)
    context: float = 0.0  # best cosine(question, neighbouring sentence)
    lexical: float = 0.0  # BM25 of the sentence, scaled by the best candidate's
    coverage: float = 0.0  # IDF share of question terms found in the sentence
    context_coverage: float = 0.0  # ... found in the sentence or its neighbours
    rank_fusion: float = 0.0  # reciprocal-rank fusion of the dense and lexical lists
    dense_rank: int = 0  # 1-based place in the dense list; 0 when not in it
    lexical_rank: int = 0  # ... in the lexical list
    context_words: frozenset[str] = frozenset()  # stemmed words of it and its neighbours
    late: float = 0.0  # late interaction with the question (see `Searcher.late`)
    late_min: float = 0.0  # the best cosine of the question token the sentence matches worst
    score: float = 0.0


def _unit(v: Vector) -> Vector:
    out: Vector = v / (float(np.linalg.norm(v)) or 1.0)
    return out


def rrf(rankings: list[list[int]], k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the lists an item appears in."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


class Searcher:
    """Finds candidate evidence sentences for a question in one index generation."""

    def __init__(self, catalog: Catalog, store: NearestUnits, embeddings: SentenceEmbeddings,
                 k: int, follow_up_context: float) -> None:
        self.catalog = catalog
        self.store = store
        self.embeddings = embeddings
        self.k = k
        # See Settings.follow_up_context: how much of its context a follow-up is searched with.
        self.follow_up_context = follow_up_context

    def search(self, query: str, k: int | None = None, focus: str | None = None,
               include: frozenset[int] = frozenset()) -> list[Candidate]:
        """Candidates from both retrievers, fused by rank, with features filled in.

        `focus` is the question itself when `query` adds conversation context to it: word
        coverage is measured against the question's own words, which say what is asked.
        `include` are rows to score whether or not a retriever found them.
        """
        k = k or self.k
        cat = self.catalog
        vector = self._vector(query, focus)
        dense_rows = [cat.row_of[i] for i, _ in self.store.query(vector, k + 8)
                      if i in cat.row_of]
        lexical_hits = cat.lexical.top(query, k + 8)
        lexical_rows = [row for row, _ in lexical_hits]
        dense_rows = [r for r in dense_rows if cat.units[r].kind == "body"][:k]
        lexical_rows = [r for r in lexical_rows if cat.units[r].kind == "body"][:k]
        fused = rrf([dense_rows, lexical_rows])
        for row in include:
            fused.setdefault(row, 0.0)
        if not fused:
            return []
        rows = sorted(fused, key=fused.__getitem__, reverse=True)
        dense_rank = {r: n for n, r in enumerate(dense_rows, 1)}
        lexical_rank = {r: n for n, r in enumerate(lexical_rows, 1)}
        around = {n for r in rows for n in (r - 1, r, r + 1)
                  if 0 <= n < len(cat.units) and cat.units[n].source == cat.units[r].source}
        vectors = self.store.vectors([cat.units[r].id for r in sorted(around)])
        sims = {cat.row_of[i]: float(v @ vector) for i, v in vectors.items()}
        best_lexical = max((s for _, s in lexical_hits), default=0.0) or 1.0
        lexical_score = dict(lexical_hits)
        # Context words count a little: they name the subject, the question says what is asked.
        weights = {t: CONTEXT_WORD_WEIGHT * cat.lexical.term_idf(t) for t in tokens(query)}
        weights.update({t: cat.lexical.term_idf(t) for t in tokens(focus or query)})
        total = sum(weights.values()) or 1.0
        out = []
        for row in rows:
            unit = cat.units[row]
            neighbours = [n for n in (row - 1, row + 1) if n in around]
            words = cat.unit_tokens(row)
            wider = words.union(*(cat.unit_tokens(n) for n in neighbours))
            out.append(Candidate(
                row=row, unit=unit, dense=sims.get(row, 0.0),
                context=max((sims.get(n, 0.0) for n in neighbours), default=0.0),
                lexical=lexical_score.get(row, 0.0) / best_lexical,
                coverage=sum(w for t, w in weights.items() if t in words) / total,
                context_coverage=sum(w for t, w in weights.items() if t in wider) / total,
                rank_fusion=fused[row], dense_rank=dense_rank.get(row, 0),
                lexical_rank=lexical_rank.get(row, 0), context_words=wider))
        return out

    def late(self, question: str, candidates: list[Candidate]) -> None:
        """Fill in each candidate's `late`: the mean over the question's tokens of the best
        cosine to one of the sentence's tokens (ColBERT's late interaction, over the same
        model's token states). It reads which words answer which, where one vector per
        sentence blurs them. And each candidate's `late_min`, that best cosine for the
        question's token the sentence matches worst: a word it has nothing for, which is what
        a plausible unanswerable question often asks about (a decision feature). The
        sentences' token states are the generation's own (kept when it was built); only an
        index built before they were kept encodes them here."""
        if not candidates:
            return
        asked = self.embeddings.token_vectors([question])[0]
        stored = self.catalog.tokens
        said = [stored.of(c.row) for c in candidates] if stored is not None else \
            self.embeddings.token_vectors([c.unit.text for c in candidates])
        for c, states in zip(candidates, said, strict=True):
            if len(asked) and len(states):
                best = (asked @ states.T).max(axis=1)
                c.late, c.late_min = float(best.mean()), float(best.min())
            else:
                c.late = c.late_min = 0.0

    def _vector(self, query: str, focus: str | None) -> Vector:
        """The question's vector; a follow-up's (`focus` the question, `query` it with its
        context) mixes the two, `follow_up_context` of the context."""
        if not focus or focus == query or self.follow_up_context >= 1:
            vector: Vector = self._encode([query])[0]
            return vector
        question, with_context = self._encode([focus, query])
        return _unit((1 - self.follow_up_context) * question
                     + self.follow_up_context * with_context)

    def _encode(self, texts: list[str]) -> Vector:
        """Vectors of `texts`; their token states are kept for `late`, from the same run."""
        return self.embeddings.encode_tokens(texts, keep=True)[0]
