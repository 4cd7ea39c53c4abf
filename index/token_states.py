"""Each unit's token states, kept with its generation for late interaction.

The model computes every token's state to pool a sentence's vector; the build keeps them, so
a question reranks its best sentences (`assistant.retrieval.Searcher.late`) without running
the model over them again (three long sentences cost ten query embeddings).

Stored as int8 codes with one float32 scale per token (the largest component maps to 127):
a quarter of float32's size, about 390 bytes a token, and cosines within 0.01 of the exact
ones. Rows of one unit are contiguous; `starts[row]:starts[row + 1]` are unit `row`'s.

Memory: a loaded generation reads a unit's rows when asked (`os.pread`), nothing mapped.
Memory-mapped, each question's twenty-odd scattered rows faulted in whole 2 MB folios of the
page cache, and a served index of 10,000 units showed 86 MB of them resident after nine
questions (1.6 GB at 100,000 units).

Thread safety: a `TokenStates` never changes after it is made; `os.pread` reads at an
explicit offset, so any number of threads read one file at once.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

CODES, SCALES, STARTS = "token_codes.npy", "token_scales.npy", "token_starts.npy"

Vectors = np.ndarray[Any, np.dtype[np.float32]]
Codes = np.ndarray[Any, np.dtype[np.int8]]
Scales = np.ndarray[Any, np.dtype[np.float32]]
Quantized = tuple[Codes, Scales]  # one unit's


class Rows(Protocol):
    """An array's rows by slice: in memory (a build's) or read from its file (a load's)."""

    def __len__(self) -> int: ...

    def __getitem__(self, rows: slice, /) -> np.ndarray[Any, Any]: ...


def quantize(states: Vectors) -> Quantized:
    """int8 codes and per-token scales: `codes * scales[:, None]` approximates `states`."""
    states = np.asarray(states, dtype=np.float32)
    scales = (np.abs(states).max(axis=1) / 127.0).astype(np.float32) if len(states) \
        else np.zeros(0, dtype=np.float32)
    safe = np.where(scales > 0, scales, 1.0)[:, None]
    codes = np.clip(np.rint(states / safe), -127, 127).astype(np.int8)
    return codes, scales


class TokenStates:
    """Unit-length token states of one generation's units, by row."""

    def __init__(self, codes: Rows, scales: Rows, starts: np.ndarray[Any, Any]) -> None:
        if len(codes) != len(scales) or int(starts[-1]) != len(codes):
            raise ValueError(f"{len(codes)} token codes, {len(scales)} scales, "
                             f"{int(starts[-1])} by the unit starts")
        self.codes = codes
        self.scales = scales
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts) - 1

    def of(self, row: int) -> Vectors:
        """Unit `row`'s token states (float32, each near unit length)."""
        a, b = int(self.starts[row]), int(self.starts[row + 1])
        out: Vectors = self.codes[a:b].astype(np.float32) * self.scales[a:b][:, None]
        return out

    def quantized(self, row: int) -> Quantized:
        """Unit `row`'s codes and scales as stored (a rebuild copies them unchanged)."""
        a, b = int(self.starts[row]), int(self.starts[row + 1])
        return np.asarray(self.codes[a:b]), np.asarray(self.scales[a:b])

    @classmethod
    def join(cls, units: Sequence[Quantized]) -> TokenStates:
        """One store from each unit's (codes, scales), in row order."""
        dimension = units[0][0].shape[1] if units else 0
        counts = np.array([len(s) for _, s in units], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        codes = np.empty((int(starts[-1]), dimension), dtype=np.int8)
        scales = np.empty(int(starts[-1]), dtype=np.float32)
        for (c, s), a in zip(units, starts[:-1], strict=True):
            codes[a: a + len(s)] = c
            scales[a: a + len(s)] = s
        return cls(codes, scales, starts)

    def save(self, folder: Path) -> None:
        np.save(folder / CODES, self.codes[:])
        np.save(folder / SCALES, self.scales[:])
        np.save(folder / STARTS, self.starts)

    @classmethod
    def load(cls, folder: Path, units: int) -> TokenStates | None:
        """The generation's token states (its rows read as asked), or None when it keeps
        none (an index built before they were kept)."""
        if not (folder / STARTS).exists():
            return None
        states = cls(_FileRows(folder / CODES), _FileRows(folder / SCALES),
                     np.load(folder / STARTS))
        if len(states) != units:
            raise ValueError(f"token states for {len(states)} units, not {units}")
        return states


class _FileRows:
    """The rows of a C-order .npy file, read with `os.pread` when sliced."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as fh:
            version = np.lib.format.read_magic(fh)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) \
                else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = read_header(fh)
            self.offset = fh.tell()
        if fortran or not shape:
            raise ValueError(f"{path.name} is not a C-order array of rows")
        self.shape, self.dtype = shape, dtype
        self.row_bytes = dtype.itemsize * math.prod(shape[1:])
        self.fd = os.open(path, os.O_RDONLY)  # a rebuild may delete the file: still readable

    def __len__(self) -> int:
        return int(self.shape[0])

    def __getitem__(self, rows: slice, /) -> np.ndarray[Any, Any]:
        a, b, step = rows.indices(len(self))
        if step != 1:
            raise ValueError("only contiguous rows are read")
        n = max(b - a, 0)
        raw = os.pread(self.fd, n * self.row_bytes, self.offset + a * self.row_bytes)
        if len(raw) != n * self.row_bytes:
            raise ValueError("the token states file is shorter than its header says")
        return np.frombuffer(raw, dtype=self.dtype).reshape((n, *self.shape[1:]))

    def __del__(self) -> None:
        fd = getattr(self, "fd", None)
        if fd is not None:
            os.close(fd)
