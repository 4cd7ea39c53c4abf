"""The default embedding model: the bundled all-MiniLM-L6-v2 with the tuned layers that
`assistant train --encoder` ships, written once as an ordinary model folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file

from assistant import tune
from assistant.settings import PROJECT_ROOT
from index import (
    BUNDLED,
    TUNED_LAYERS,
    SentenceEmbeddings,
    bundled_model_path,
    tuned_layers_sha256,
    tuned_manifest,
    tuned_model_folder,
)

SQUAD = PROJECT_ROOT / "bench" / "data" / "squad"


def test_the_folder_is_the_bundled_model_with_the_tuned_layers(tmp_path: Path) -> None:
    folder = tuned_model_folder(bundled_model_path(), tmp_path)
    assert tuned_model_folder(bundled_model_path(), tmp_path) == folder  # made once
    merged = load_file(str(folder / "model.safetensors"))
    base = load_file(str(Path(bundled_model_path()) / "model.safetensors"))
    layers = {k: v for f in sorted(TUNED_LAYERS.glob("layers-*.safetensors"))
              for k, v in load_file(str(f)).items()}
    assert set(merged) == set(base) and layers
    assert all(k.startswith("encoder.layer.") for k in layers)
    for name, tensor in merged.items():
        expected = layers[name].astype(np.float32) if name in layers else base[name]
        assert np.array_equal(tensor, expected), name
    assert tuned_manifest()["layers_sha256"] == tuned_layers_sha256()
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no scratch left behind


def test_layers_that_are_not_the_manifests_are_refused(tmp_path: Path) -> None:
    layers = tmp_path / "layers"
    shutil.copytree(TUNED_LAYERS, layers)
    first = sorted(layers.glob("layers-*.safetensors"))[0]
    first.write_bytes(first.read_bytes()[:-1] + b"\0")
    with pytest.raises(ValueError, match="not those their manifest names"):
        tuned_model_folder(bundled_model_path(), tmp_path / "cache", layers)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_the_default_is_tuned_and_bundled_is_not(tmp_path: Path) -> None:
    assert Path(SentenceEmbeddings(cache_dir=tmp_path).model_name).parent == tmp_path
    assert SentenceEmbeddings(BUNDLED).model_name == bundled_model_path()


def test_the_shipped_layers_reproduce_their_validation_slice(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    """Dense top-1/top-3 on one validation article, recorded when the layers were made,
    come out again from the shipped layers, today's code and the data in the checkout; and
    the tuned model beats the bundled one there, as on the validation articles."""
    recorded = tuned_manifest()["slice"]
    figures = tune.slice_figures(SQUAD, embeddings, tmp_path)
    for key in ("squad_top1", "squad_top3", "reader_top1", "reader_top3"):
        assert figures[key] == pytest.approx(recorded[key], abs=0.01), key
    assert figures["squad_questions"] == recorded["squad_questions"]
    bundled = tune.slice_figures(SQUAD, SentenceEmbeddings(BUNDLED), tmp_path / "bundled")
    assert figures["squad_top1"] > bundled["squad_top1"]


def test_the_training_command_writes_layers_and_manifest(tmp_path: Path) -> None:
    """A quick run (two questions an article, one epoch) goes through the whole command:
    collecting with the bundled model, fitting, saving, the slice."""
    out = tmp_path / "layers"
    done = subprocess.run(
        [sys.executable, "-m", "ui", "train", "--encoder", "--limit", "2", "--epochs", "1",
         "--out", str(out)], capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["layers_sha256"] == tuned_layers_sha256(out)
    assert manifest["command"].startswith("assistant train --encoder --seed 0 --epochs 1")
    assert [h["epoch"] for h in manifest["validation"]] == [0, 1]
    assert manifest["training_pairs"] > 0 and "slice" in manifest
    assert sorted(p.name for p in out.glob("layers-*")) == ["layers-0-2.safetensors",
                                                            "layers-3-5.safetensors"]
    summary = json.loads(done.stdout)
    assert summary["slice"]["article"] == "Harvard_University.txt"
