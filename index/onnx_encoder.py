"""Sentence vectors from an ONNX export with onnxruntime and tokenizers: no torch.

It reproduces sentence-transformers for a Transformer + mean Pooling (+ Normalize) model:
the model's `tokenizer.json` (its normalizer lower-cases for an uncased model), truncated at
`max_seq_length` (256 for all-MiniLM-L6-v2, not the 128 its tokenizer.json says), padded to
the longest text of a batch; the mean of the token states under the attention mask; then
L2 normalization.

Threads. One `InferenceSession` serves every thread: onnxruntime documents `run` as safe to
call concurrently. Each run uses `threads` intra-op threads (1 by default), so a question is
answered on the thread that asks it and concurrent questions never fight over the cores.
A batch (indexing) is cut into chunks that run on a pool of `batch_workers` threads at
once, which uses the cores without a second session. The `tokenizers.Tokenizer` is not
documented as safe to share (its truncation and padding settings are mutable state), so
each thread gets its own copy: per-thread, not locked, so tokenizing never waits.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

Vectors = np.ndarray[Any, np.dtype[np.float32]]

# Texts per onnxruntime call in a batch; similar lengths share a chunk (less padding).
CHUNK = 32


def unit_rows(rows: Vectors) -> Vectors:
    """`rows` scaled to unit length, as float32."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    out: Vectors = (rows / np.clip(norms, 1e-12, None)).astype(np.float32, copy=False)
    return out


class OnnxEncoder:
    """Normalized sentence vectors from `model.onnx` and the model folder's tokenizer."""

    def __init__(self, onnx_path: str | Path, max_seq_length: int, do_lower_case: bool,
                 model_folder: str | Path, threads: int = 1,
                 batch_workers: int | None = None) -> None:
        # Before onnxruntime loads: no device id or telemetry files in the user's cache.
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # The export is saved optimized (index.onnx_export): optimizing again costs a cold
        # start 30 ms and changes nothing.
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        self.session = ort.InferenceSession(str(onnx_path), options,
                                            providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.max_seq_length = max_seq_length
        self.do_lower_case = do_lower_case
        self.tokenizer_file = str(Path(model_folder) / "tokenizer.json")
        self.batch_workers = batch_workers or os.cpu_count() or 1
        self._local = threading.local()
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def _tokenizer(self) -> Any:
        tok = getattr(self._local, "tokenizer", None)
        if tok is None:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(self.tokenizer_file)
            tok.enable_truncation(self.max_seq_length)
            tok.enable_padding(pad_id=tok.padding["pad_id"] if tok.padding else 0,
                               pad_token=tok.padding["pad_token"] if tok.padding else "[PAD]")
            self._local.tokenizer = tok
        return tok

    def _states(self, texts: list[str]) -> tuple[Vectors, Any, list[Any]]:
        """The token states of one onnxruntime call for all `texts`, with the attention mask
        and the tokenizer's encodings."""
        if self.do_lower_case:
            texts = [t.lower() for t in texts]
        encoded = self._tokenizer().encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.array([e.type_ids for e in encoded], dtype=np.int64)
        states: Vectors = self.session.run(None, feed)[0]
        return states, mask, encoded

    def token_vectors(self, texts: list[str]) -> list[Vectors]:
        """Each text's unit-length token states, its special tokens left out."""
        return _token_rows(*self._states(texts))

    def encode(self, texts: list[str]) -> Vectors:
        """One onnxruntime call for all `texts`, on the calling thread."""
        states, mask, _ = self._states(texts)
        return _pooled(states, mask)

    def encode_tokens(self, texts: list[str]) -> tuple[Vectors, list[Vectors]]:
        """`encode` and `token_vectors` of `texts` from one onnxruntime call."""
        states, mask, encoded = self._states(texts)
        return _pooled(states, mask), _token_rows(states, mask, encoded)

    def encode_batch(self, texts: list[str]) -> Vectors:
        """Many texts: chunks of similar length encoded on `batch_workers` threads."""
        return self._batched(texts, tokens=False)[0]

    def encode_tokens_batch(self, texts: list[str]) -> tuple[Vectors, list[Vectors]]:
        """`encode_tokens` of many texts, chunked like `encode_batch`."""
        return self._batched(texts, tokens=True)

    def _batched(self, texts: list[str], tokens: bool) -> tuple[Vectors, list[Vectors]]:
        def run(chunk: list[str]) -> tuple[Vectors, list[Vectors]]:
            return self.encode_tokens(chunk) if tokens else (self.encode(chunk), [])

        if len(texts) <= CHUNK or self.batch_workers == 1:
            return run(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks = [order[i:i + CHUNK] for i in range(0, len(order), CHUNK)]
        out = np.empty((len(texts), 0), dtype=np.float32)
        states: dict[int, Vectors] = {}
        results = self.pool().map(lambda rows: run([texts[r] for r in rows]), chunks)
        for rows, (vectors, per_text) in zip(chunks, results, strict=True):
            if out.shape[1] == 0:
                out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            out[rows] = vectors
            states.update(zip(rows, per_text, strict=False))
        return out, [states[i] for i in range(len(texts))] if tokens else []

    def pool(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.batch_workers,
                                                thread_name_prefix="onnx-batch")
            return self._pool


def _pooled(states: Vectors, mask: Any) -> Vectors:
    """Mean of the token states under the attention mask, normalized."""
    weights = mask[..., None].astype(np.float32)
    return unit_rows((states * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None))


def _token_rows(states: Vectors, mask: Any, encoded: list[Any]) -> list[Vectors]:
    """Each text's unit-length token states, its special tokens and padding left out."""
    out = []
    for b, e in enumerate(encoded):
        keep = [i for i, t in enumerate(e.special_tokens_mask) if not t and mask[b, i]]
        out.append(unit_rows(states[b, keep]))
    return out
