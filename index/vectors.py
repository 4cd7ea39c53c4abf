"""A generation's unit vectors as one memory-mapped matrix, searched exactly.

Chroma holds every unit vector; each generation of up to `EXACT_MAX` units also keeps the
same vectors, row for row with its catalog, in `vectors.npy`. Nearest units are then one
matrix-vector product (exact, where HNSW is approximate), and an ask in a fresh process
needs neither chromadb (whose import alone costs over a second) nor a client. Larger
generations are searched in Chroma (a full scan of a million units costs more than HNSW).

Thread safety: a `UnitVectors` never changes after it is made; numpy reads of a read-only
memory map are safe from any number of threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

FILE = "vectors.npy"
# Above this many units a generation keeps no matrix (384 floats each: 50k are 77 MB, a
# scan of them a few milliseconds); Chroma's HNSW index answers instead.
EXACT_MAX = 50_000

Matrix = np.ndarray[Any, np.dtype[np.float32]]


class NearestUnits(Protocol):
    """What retrieval needs of a vector index: the store (Chroma) or a generation's matrix."""

    def query(self, vector: Matrix, k: int) -> list[tuple[str, float]]: ...

    def vectors(self, ids: list[str]) -> dict[str, Matrix]: ...


class UnitVectors:
    """Unit-length vectors of one generation's units, row `i` for unit `ids[i]`."""

    def __init__(self, matrix: Matrix, ids: Sequence[str]) -> None:
        if matrix.ndim != 2 or matrix.shape[0] != len(ids):
            raise ValueError(f"{matrix.shape[0]} vectors for {len(ids)} units")
        self.matrix = matrix
        self.ids = ids
        self.row_of = {unit: row for row, unit in enumerate(ids)}

    def query(self, vector: Matrix, k: int) -> list[tuple[str, float]]:
        """(unit id, cosine similarity) of the `k` nearest units, best first."""
        n = self.matrix.shape[0]
        if k <= 0 or n == 0:
            return []
        sims = self.matrix @ vector.astype(np.float32, copy=False)
        top = np.argpartition(-sims, k)[:k] if k < n else np.arange(n)
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(self.ids[r], float(sims[r])) for r in top]

    def vectors(self, ids: list[str]) -> dict[str, Matrix]:
        """Vectors by unit id (ids of other generations are left out)."""
        return {i: self.matrix[r] for i in ids if (r := self.row_of.get(i)) is not None}

    def save(self, folder: Path) -> None:
        np.save(folder / FILE, np.ascontiguousarray(self.matrix, dtype=np.float32))

    @classmethod
    def load(cls, folder: Path, ids: Sequence[str]) -> UnitVectors | None:
        """The generation's matrix, memory-mapped, or None when it keeps none."""
        path = folder / FILE
        if not path.exists():
            return None
        return cls(np.load(path, mmap_mode="r"), ids)
