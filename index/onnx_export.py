"""A sentence-transformers model exported once to ONNX, with a manifest that says from what.

The export is made with `torch.onnx.export` (the TorchScript exporter, `dynamo=False`, which
needs the `onnx` package but not `onnxscript`) from the model's own weights: never a
download. Its folder holds `model.onnx` (the graph), `model.data` (the weights, which
onnxruntime maps from the file instead of parsing them out of the graph: a cold session
starts in 0.18 s instead of 0.44 s) and `manifest.json`; the manifest is written last,
so a folder without one is an unfinished export. The graph is saved already optimized by
onnxruntime (its "extended" level: operator fusions for the CPU, not tied to one processor's
layout), so a session loads it with optimization off: a cold session starts in about 35 ms
instead of 65. An export is *current* only when the manifest names the same model folder, the
same weights (SHA-256), this module's format and the installed onnxruntime (whose fused
operators the graph uses); anything else is stale and is exported again, never used.

Hashing 90 MB of weights costs a tenth of a second, too much for every cold `assistant
ask`: the manifest also keeps the weights file's size and mtime, and the hash is computed
again only when those differ from what was recorded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# 2: the weights in model.data beside the graph; 3: the graph saved optimized by onnxruntime.
FORMAT = 3
DATA = "model.data"
# What torch exports, optimized by onnxruntime into model.onnx and model.data, then removed.
RAW, RAW_DATA = "exported.onnx", "exported.data"
OPSET = 17
EXPORTER = "torch.onnx.export (TorchScript exporter, dynamo=False)"
WEIGHTS = ("model.safetensors", "pytorch_model.bin")
# Cosine the exported model must reach against torch on the probe sentences before it is kept.
PROBE_MIN_COSINE = 0.999
_PROBES = ["Which harbour did the ferry leave from on Tuesday morning?",
           "A short one.",
           "Schrödinger's cat, naïve café owners and 1,250 km of road: tokens of every kind.",
           "A sentence long enough to be cut at the model's limit " + "and on " * 300]


class UnsupportedModel(Exception):
    """The model's modules are not Transformer + mean Pooling (+ Normalize)."""


@dataclass(frozen=True)
class ModelSpec:
    """What the ONNX path must reproduce of a sentence-transformers model folder."""

    path: str
    weights: str  # file name of the weights inside `path`
    max_seq_length: int
    do_lower_case: bool
    dimension: int

    @classmethod
    def read(cls, model_path: str | Path) -> ModelSpec:
        """The spec of a local model folder; UnsupportedModel when the ONNX path cannot
        reproduce it (another pooling, extra layers, no fast tokenizer, not a folder)."""
        folder = Path(model_path)
        if not folder.is_dir():
            raise UnsupportedModel(f"{model_path} is not a local model folder")
        try:
            modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
            bert = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UnsupportedModel(f"cannot read the module list of {folder}: {exc}") from exc
        kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            raise UnsupportedModel(f"modules {kinds} are not Transformer + Pooling (+ Normalize)")
        pooling_dir = folder / modules[1].get("path", "1_Pooling")
        pooling = json.loads((pooling_dir / "config.json").read_text(encoding="utf-8"))
        modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
        if modes != ["pooling_mode_mean_tokens"]:
            raise UnsupportedModel(f"pooling {modes} is not mean pooling")
        if not (folder / "tokenizer.json").is_file():
            raise UnsupportedModel(f"{folder} has no tokenizer.json (fast tokenizer)")
        weights = next((w for w in WEIGHTS if (folder / w).is_file()), None)
        if weights is None:
            raise UnsupportedModel(f"{folder} has none of {WEIGHTS}")
        limit = int(bert.get("max_seq_length") or 512)
        try:
            tok_conf = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
            limit = min(limit, int(tok_conf.get("model_max_length") or limit))
        except (OSError, ValueError):
            pass
        return cls(str(folder.resolve()), weights, limit, bool(bert.get("do_lower_case")),
                   int(pooling["word_embedding_dimension"]))

    @property
    def weights_path(self) -> Path:
        return Path(self.path) / self.weights


@dataclass(frozen=True)
class Manifest:
    format: int
    source: str  # the model folder
    weights: str
    weights_sha256: str
    weights_size: int
    weights_mtime_ns: int
    exporter: str
    opset: int
    torch: str
    onnx: str
    onnxruntime: str
    max_seq_length: int
    do_lower_case: bool
    dimension: int
    probe_min_cosine: float
    seconds: float

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        try:
            raw = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            return cls(**raw)
        except (OSError, ValueError, TypeError):
            return None


def export_folder(root: Path, spec: ModelSpec) -> Path:
    """Where the export of `spec` lives under `root` (one folder per model folder)."""
    key = hashlib.sha1(spec.path.encode()).hexdigest()[:10]
    return Path(root) / f"{Path(spec.path).name}-{key}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def current(folder: Path, spec: ModelSpec) -> Manifest | None:
    """The manifest of the export in `folder` if it is current for `spec`, else None."""
    m = Manifest.load(folder)
    if m is None or not (folder / "model.onnx").is_file() or not (folder / DATA).is_file():
        return None
    if m.format != FORMAT or m.source != spec.path or m.weights != spec.weights \
            or m.onnxruntime != _onnxruntime_version():
        return None
    stat = spec.weights_path.stat()
    if (stat.st_size, stat.st_mtime_ns) == (m.weights_size, m.weights_mtime_ns):
        return m
    if sha256_of(spec.weights_path) != m.weights_sha256:
        log.info("the weights of %s changed since they were exported", spec.path)
        return None
    return m  # touched, not changed: a later export records the new stat


def ensure(root: Path, spec: ModelSpec) -> tuple[Path, Manifest]:
    """The current export of `spec` under `root`, made (or made again) when needed."""
    folder = export_folder(root, spec)
    found = current(folder, spec)
    if found is not None:
        return folder, found
    return folder, export(spec, folder)


def export(spec: ModelSpec, folder: Path) -> Manifest:
    """Export `spec` into `folder`, check it against torch, then write its manifest."""
    import onnx
    import torch
    from sentence_transformers import SentenceTransformer

    started = time.perf_counter()
    log.info("exporting %s to ONNX in %s (once per model and data folder)", spec.path, folder)
    st = SentenceTransformer(spec.path, device="cpu")
    encoder = _last_hidden_state(st[0].auto_model).eval()
    sample = st.tokenizer(["an example sentence", "a second, longer example sentence"],
                          padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    if any(n not in sample for n in names):
        raise UnsupportedModel(f"the tokenizer of {spec.path} does not give {names}")
    args = tuple(sample[n] for n in names)
    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
    stage = folder.parent / f".{folder.name}.{uuid.uuid4().hex[:8]}"
    stage.mkdir(parents=True)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's notes on ops it rewrites
            torch.onnx.export(encoder, args, str(stage / RAW), dynamo=False,
                              input_names=names, output_names=["last_hidden_state"],
                              dynamic_axes=axes, opset_version=OPSET)
        model = onnx.load(str(stage / RAW))
        onnx.save_model(model, str(stage / RAW), save_as_external_data=True,
                        all_tensors_to_one_file=True, location=RAW_DATA, size_threshold=1024)
        _optimize(stage / RAW, stage / "model.onnx")
        (stage / RAW).unlink()
        (stage / RAW_DATA).unlink()
        _check(stage / "model.onnx", spec, st)
        stat = spec.weights_path.stat()
        manifest = Manifest(FORMAT, spec.path, spec.weights, sha256_of(spec.weights_path),
                            stat.st_size, stat.st_mtime_ns, EXPORTER, OPSET,
                            str(torch.__version__), str(onnx.__version__),
                            _onnxruntime_version(), spec.max_seq_length,
                            spec.do_lower_case, spec.dimension, PROBE_MIN_COSINE,
                            round(time.perf_counter() - started, 2))
        (stage / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2),
                                             encoding="utf-8")
        # Swap the finished export in; a reader sees the old folder or the new, never half.
        old = folder.parent / f".{folder.name}.old.{uuid.uuid4().hex[:8]}"
        if folder.exists():
            os.replace(folder, old)
        os.replace(stage, folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    log.info("ONNX export done in %.1f s", manifest.seconds)
    return manifest


def _onnxruntime_version() -> str:
    import onnxruntime

    return str(onnxruntime.__version__)


def _optimize(raw: Path, out: Path) -> None:
    """Save `raw` as onnxruntime optimizes it for the CPU (weights in DATA beside it)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(out)
    options.add_session_config_entry(
        "session.optimized_model_external_initializers_file_name", DATA)
    options.add_session_config_entry(
        "session.optimized_model_external_initializers_min_size_in_bytes", "1024")
    ort.InferenceSession(str(raw), options, providers=["CPUExecutionProvider"])


def _check(path: Path, spec: ModelSpec, st: Any) -> None:
    """Refuse an export whose vectors differ from torch's on the probe sentences."""
    import numpy as np

    from index.onnx_encoder import OnnxEncoder

    mine = OnnxEncoder(path, spec.max_seq_length, spec.do_lower_case, spec.path).encode(_PROBES)
    theirs = st.encode(_PROBES, normalize_embeddings=True, convert_to_numpy=True)
    worst = float(np.min(np.sum(mine * theirs, axis=1)))
    if worst < PROBE_MIN_COSINE:
        raise RuntimeError(f"the ONNX export of {spec.path} disagrees with torch "
                           f"(cosine {worst:.5f} < {PROBE_MIN_COSINE})")


def _last_hidden_state(model: Any) -> Any:
    import torch

    class LastHiddenState(torch.nn.Module):
        """The transformer called by keyword: transformers 5 takes more positional args."""

        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    return LastHiddenState(model)
