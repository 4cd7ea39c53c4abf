"""BM25 over retrieval units as a sparse matrix: a query costs a few sparse column sums.

The matrix is kept as its three CSC arrays and summed with numpy; scipy builds and saves it
but is never imported to answer (its import costs a cold ask a quarter of a second).

Thread safety: a Snowball stemmer keeps per-word state in the object, so two threads sharing
one get wrong stems and IndexErrors; each thread gets its own (`threading.local`). The stem
cache (`functools.lru_cache`, internally locked) only ever holds stems computed that way. A
`LexicalIndex` is immutable once built, so any number of threads may query it.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import snowballstemmer

# Bump when tokens() changes: indexes built with another version get their BM25 rebuilt.
VERSION = 5
_STEMMERS = threading.local()
_TOKEN = re.compile(r"\w+", re.UNICODE)
# Function words carry no evidence; dropping them keeps scores about content.
STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "had", "has", "have", "having", "he", "her", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "me", "my", "of", "on", "or", "our", "ours", "she", "should", "so", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "to", "too", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "would", "you", "your", "yours", "about", "after", "also", "any", "because", "before", "between", "both", "each", "few", "just", "more", "most", "much", "no", "nor", "not", "only", "other", "over", "own", "same", "some", "such", "up", "very"]
)


# Where Porter 2 parts a word ending in "s" from its plural ("bus" and "buses" stem to "bus"
# and "buse", "lens" and "lenses" to "len" and "lens"): the stem they share.
_PLURAL_OF_S = {"buses": "bus", "busses": "bus", "gases": "gas", "gasses": "gas",
                "lens": "lens", "pluses": "plus", "alias": "alias", "canvas": "canvas",
                "iris": "iris"}


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem, so 'nominates' and 'nomination', 'meetings' and 'meet',
    'incites' and 'incite' meet in one form. snowballstemmer runs it in C when PyStemmer is
    installed (a dependency), in Python otherwise: the same stems."""
    if word in _PLURAL_OF_S:
        return _PLURAL_OF_S[word]
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words."""
    return [stem(t) for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


Array = np.ndarray[Any, Any]


@dataclass(frozen=True)
class Weights:
    """A units x terms CSC matrix: the rows holding term `t` are
    `indices[indptr[t]:indptr[t + 1]]`, with their BM25 weights at the same places of
    `data`."""

    data: Array
    indices: Array
    indptr: Array
    units: int


class LexicalIndex:
    """Okapi BM25 (k1=1.2, b=0.75) with the per-term weights precomputed into a CSC matrix."""

    def __init__(self, vocabulary: dict[str, int], weights: Weights,
                 idf: np.ndarray[Any, np.dtype[np.float32]]) -> None:
        self.vocabulary = vocabulary
        self.weights = weights
        self.idf = idf

    @classmethod
    def build(cls, texts: list[str], context: list[str] | None = None, k1: float = 1.2,
              b: float = 0.75) -> LexicalIndex:
        """`context[i]` (a document title) is matched with `texts[i]` but not counted in
        document frequencies: a title word shared by every sentence of the only article
        must not look as common as "the" ("Austin" in an article titled after Austin)."""
        from scipy import sparse

        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        df_counts: dict[int, int] = {}
        lengths = np.zeros(len(texts), dtype=np.float32)
        for row, text in enumerate(texts):
            own = tokens(text)
            toks = own + (tokens(context[row]) if context else [])
            lengths[row] = len(toks)
            tf: dict[int, int] = {}
            for tok in toks:
                col = vocabulary.setdefault(tok, len(vocabulary))
                tf[col] = tf.get(col, 0) + 1
            for col in {vocabulary[t] for t in own}:
                df_counts[col] = df_counts.get(col, 0) + 1
            rows.extend([row] * len(tf))
            cols.extend(tf)
            counts.extend(tf.values())
        n = len(texts)
        tf_matrix = sparse.csr_matrix((np.asarray(counts, dtype=np.float32), (rows, cols)),
                                      shape=(n, len(vocabulary)))
        df = np.zeros(len(vocabulary), dtype=np.int64)
        df[list(df_counts)] = list(df_counts.values())
        idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg = float(lengths.mean()) if n else 1.0
        norm = k1 * (1 - b + b * lengths / max(avg, 1e-9))
        data = tf_matrix.data
        row_of = np.repeat(np.arange(n), np.diff(tf_matrix.indptr))
        weighted = data * (k1 + 1) / (data + norm[row_of]) * idf[tf_matrix.indices]
        tf_matrix.data = weighted.astype(np.float32)
        csc = tf_matrix.tocsc()
        return cls(vocabulary, Weights(csc.data, csc.indices, csc.indptr, n), idf)

    def _column(self, col: int) -> tuple[Array, Array]:
        """(rows, weights) of one term."""
        w = self.weights
        span = slice(w.indptr[col], w.indptr[col + 1])
        return w.indices[span], w.data[span]

    def scores(self, query: str) -> np.ndarray[Any, np.dtype[np.float32]]:
        """BM25 score of every unit (a dense vector; zeros where no query term occurs)."""
        cols = sorted({self.vocabulary[t] for t in tokens(query) if t in self.vocabulary})
        n = self.weights.units
        if not cols:
            return np.zeros(n, dtype=np.float32)
        rows, data = zip(*(self._column(c) for c in cols), strict=True)
        return np.bincount(np.concatenate(rows), weights=np.concatenate(data),
                           minlength=n).astype(np.float32)

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        """The `k` best (unit row, score) pairs with a positive score, best first."""
        s = self.scores(query)
        idx = np.argpartition(-s, k)[:k] if k < len(s) else np.arange(len(s))
        idx = idx[s[idx] > 0]
        return [(int(i), float(s[i])) for i in idx[np.argsort(-s[idx], kind="stable")]]

    def rows_with(self, term: str) -> Array:
        """The rows holding a stemmed term (in their text or their document's title)."""
        col = self.vocabulary.get(term)
        return self._column(col)[0] if col is not None else np.zeros(0, dtype=np.int64)

    def term_idf(self, term: str) -> float:
        """IDF of a stemmed term; unseen terms get the highest IDF of the corpus."""
        col = self.vocabulary.get(term)
        if col is None:
            return float(self.idf.max()) if len(self.idf) else 0.0
        return float(self.idf[col])

    def save(self, folder: Path) -> None:
        """Write the index in scipy's `save_npz` layout (bm25.npz), which `load` reads back
        with numpy alone."""
        folder.mkdir(parents=True, exist_ok=True)
        w = self.weights
        np.savez(folder / "bm25.npz", indices=w.indices, indptr=w.indptr, format=b"csc",
                 shape=np.array([w.units, len(w.indptr) - 1]), data=w.data)
        np.save(folder / "idf.npy", self.idf)
        (folder / "vocabulary.json").write_text(json.dumps(self.vocabulary), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        with np.load(folder / "bm25.npz") as npz:
            if npz["format"].item() not in (b"csc", "csc"):
                raise ValueError(f"{folder / 'bm25.npz'} is not a CSC matrix")
            weights = Weights(npz["data"], npz["indices"], npz["indptr"],
                              int(npz["shape"][0]))
        idf = np.load(folder / "idf.npy")
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        return cls(vocabulary, weights, idf)
