"""Each unit's token states, kept with its generation for late interaction.

The model computes every token's state to pool a sentence's vector; the build keeps them, so
a question reranks its candidates (`assistant.retrieval.Searcher.late`) without running the
model over them again (three long sentences cost ten query embeddings).

Stored as int8 codes with one float32 scale per token (the largest component maps to 127):
a quarter of float32's size, about 390 bytes a token, and cosines within 0.01 of the exact
ones. Files: `token_codes.bin` (int8, a row of `dimension` per token), `token_scales.bin`
(float32, one per token), both raw and in the order the build wrote them, and
`token_spans.npy` (int64, per unit row: its first token and how many).

Memory: the build appends each batch's states to the files as it goes (`TokenWriter`), so
it holds none of them; a loaded generation reads a unit's rows when asked (`os.pread`),
nothing mapped. Memory-mapped, each question's twenty-odd scattered rows faulted in whole
2 MB folios of the page cache, and a served index of 10,000 units showed 86 MB of them
resident after nine questions (1.6 GB at 100,000 units).

Thread safety: a `TokenStates` never changes after it is made; `os.pread` reads at an
explicit offset, so any number of threads read one file at once. A `TokenWriter` belongs to
one build.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import numpy as np

CODES, SCALES, SPANS = "token_codes.bin", "token_scales.bin", "token_spans.npy"
STAGING = ".token-states-"  # a build's files before its generation is saved

Vectors = np.ndarray[Any, np.dtype[np.float32]]
Codes = np.ndarray[Any, np.dtype[np.int8]]
Scales = np.ndarray[Any, np.dtype[np.float32]]
Quantized = tuple[Codes, Scales]  # one unit's


def quantize(states: Vectors) -> Quantized:
    """int8 codes and per-token scales: `codes * scales[:, None]` approximates `states`."""
    states = np.asarray(states, dtype=np.float32)
    scales = (np.abs(states).max(axis=1) / 127.0).astype(np.float32) if len(states) \
        else np.zeros(0, dtype=np.float32)
    safe = np.where(scales > 0, scales, 1.0)[:, None]
    codes = np.clip(np.rint(states / safe), -127, 127).astype(np.int8)
    return codes, scales


class _File:
    """A raw file read with `os.pread`; the descriptor stays valid when the file is moved
    into its generation or deleted by a later rebuild."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDONLY)
        self.size = os.fstat(self.fd).st_size

    def read(self, offset: int, size: int) -> bytes:
        raw = os.pread(self.fd, size, offset)
        if len(raw) != size:
            raise ValueError("a token states file is shorter than its spans say")
        return raw

    def __del__(self) -> None:
        fd = getattr(self, "fd", None)
        if fd is not None:
            os.close(fd)


class TokenStates:
    """Unit-length token states of one generation's units, by row."""

    def __init__(self, folder: Path, spans: np.ndarray[Any, Any]) -> None:
        self.folder = folder
        self.spans = spans
        self._codes = _File(folder / CODES)
        self._scales = _File(folder / SCALES)
        tokens = self._scales.size // 4
        self.dimension = self._codes.size // tokens if tokens else 0
        if self._codes.size != tokens * self.dimension or (
                len(spans) and int((spans[:, 0] + spans[:, 1]).max()) > tokens):
            raise ValueError(f"token states in {folder.name} do not match their spans")

    def __len__(self) -> int:
        return len(self.spans)

    def quantized(self, row: int) -> Quantized:
        """Unit `row`'s codes and scales as stored (a rebuild copies them unchanged)."""
        first, count = (int(x) for x in self.spans[row])
        codes = np.frombuffer(self._codes.read(first * self.dimension, count * self.dimension),
                              dtype=np.int8).reshape(count, self.dimension)
        scales = np.frombuffer(self._scales.read(first * 4, count * 4), dtype=np.float32)
        return codes, scales

    def of(self, row: int) -> Vectors:
        """Unit `row`'s token states (float32, each near unit length)."""
        codes, scales = self.quantized(row)
        out: Vectors = codes.astype(np.float32) * scales[:, None]
        return out

    def save(self, folder: Path) -> None:
        """Move the build's files into its generation's `folder`."""
        if self.folder == folder:
            return
        for name in (CODES, SCALES):
            os.replace(self.folder / name, folder / name)
        np.save(folder / SPANS, self.spans)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = folder

    @classmethod
    def load(cls, folder: Path, units: int) -> TokenStates | None:
        """The generation's token states (its rows read as asked), or None when it keeps
        none (an index built before they were kept)."""
        if not (folder / SPANS).exists():
            return None
        spans = np.load(folder / SPANS)
        if spans.shape != (units, 2):
            raise ValueError(f"token spans for {len(spans)} units, not {units}")
        return cls(folder, spans)


class TokenWriter:
    """Appends units' token states to a staging folder as a build encodes them, in any
    order; `finish` gives the `TokenStates` that the generation's save moves into place."""

    def __init__(self, data_dir: Path, units: int) -> None:
        for stale in data_dir.glob(f"{STAGING}*"):  # a build that died left it
            shutil.rmtree(stale, ignore_errors=True)
        self.folder = data_dir / f"{STAGING}{uuid.uuid4().hex[:12]}"
        self.folder.mkdir(parents=True)
        self.codes = open(self.folder / CODES, "wb")  # noqa: SIM115  # closed by finish
        self.scales = open(self.folder / SCALES, "wb")  # noqa: SIM115
        self.spans = np.full((units, 2), -1, dtype=np.int64)
        self.tokens = 0

    def add(self, row: int, quantized: Quantized) -> None:
        codes, scales = quantized
        self.codes.write(np.ascontiguousarray(codes, dtype=np.int8).tobytes())
        self.scales.write(np.ascontiguousarray(scales, dtype=np.float32).tobytes())
        self.spans[row] = (self.tokens, len(scales))
        self.tokens += len(scales)

    def missing(self) -> int:
        """Units whose states were not added."""
        return int((self.spans[:, 0] < 0).sum())

    def finish(self) -> TokenStates:
        for fh in (self.codes, self.scales):
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        return TokenStates(self.folder, self.spans)

    def discard(self) -> None:
        for fh in (self.codes, self.scales):
            fh.close()
        shutil.rmtree(self.folder, ignore_errors=True)
