"""The default embedding model: the bundled all-MiniLM-L6-v2 with its transformer layers
fine-tuned for finding the sentence that answers a question (`assistant train --encoder`).

Only the six transformer layers ship (fp16, `index/models/minilm-tuned/`, with a manifest of
data, command and validation figures); the word embeddings stay the bundled model's. The
first use of the model writes its whole folder (the bundled one with these layers in place)
under a cache folder (the data home's `models/`), named by the layers' SHA-256, so that
sentence-transformers, the ONNX export and the index's record of its model all see an
ordinary model folder, and new layers make a new folder (and so a re-embedded index). The folder is written to a temporary name and
renamed, its `complete` marker last: a crash leaves no half model that looks whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

LAYERS = Path(__file__).resolve().parent / "models" / "minilm-tuned"
MANIFEST = "manifest.json"
MARKER = "complete"


def manifest(folder: Path = LAYERS) -> dict[str, Any]:
    """What the layers in `folder` were trained on and how they did."""
    data: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return data


def layer_files(folder: Path = LAYERS) -> list[Path]:
    return sorted(folder.glob("layers-*.safetensors"))


def layers_sha256(folder: Path = LAYERS) -> str:
    digest = hashlib.sha256()
    for path in layer_files(folder):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_layers(folder: Path = LAYERS) -> dict[str, Any]:
    """The tuned tensors by the bundled model's parameter names (float32 numpy arrays)."""
    from safetensors.numpy import load_file

    out: dict[str, Any] = {}
    for path in layer_files(folder):
        out.update({k: v.astype("float32") for k, v in load_file(str(path)).items()})
    return out


def folder_for(cache_dir: Path, layers: Path = LAYERS) -> Path:
    """Where the tuned model's folder lives under `cache_dir` (nothing is written). It is
    named by the SHA-256 the layers' manifest records: hashing 21 MB would cost a cold ask
    35 ms; the layers are checked against it when the folder is written."""
    return cache_dir / f"minilm-tuned-{manifest(layers)['layers_sha256'][:16]}"


def model_folder(base: str | Path, cache_dir: Path, layers: Path = LAYERS) -> Path:
    """The model folder of `base` (a sentence-transformers folder) with the tuned layers of
    `layers`, under `cache_dir` (`folder_for`); written on first use."""
    target = folder_for(cache_dir, layers)
    if (target / MARKER).is_file():
        return target
    recorded = manifest(layers)["layers_sha256"]
    if layers_sha256(layers) != recorded:
        raise ValueError(f"the tuned layers in {layers} are not those their manifest names; "
                         "run `assistant train --encoder` again")
    from safetensors.numpy import load_file, save_file

    cache_dir.mkdir(parents=True, exist_ok=True)
    scratch = cache_dir / f".{target.name}.{uuid.uuid4().hex}"
    try:
        shutil.copytree(base, scratch, ignore=shutil.ignore_patterns("model.safetensors",
                                                                       "pytorch_model.bin"))
        weights = load_file(str(Path(base) / "model.safetensors"))
        tuned = read_layers(layers)
        unknown = sorted(set(tuned) - set(weights))
        if unknown:
            raise ValueError(f"tuned layers name parameters the base model lacks: {unknown[:3]}")
        weights.update(tuned)
        save_file(weights, str(scratch / "model.safetensors"))
        (scratch / MARKER).write_text(recorded + "\n", encoding="utf-8")
        try:
            os.rename(scratch, target)
        except OSError:  # another process made it first: theirs is the same
            if not (target / MARKER).is_file():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target
