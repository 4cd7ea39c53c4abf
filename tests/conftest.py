"""Shared fixtures: the real embedding model loaded once, indexes in temporary folders."""

from __future__ import annotations

import os

# Before gradio or huggingface_hub are imported anywhere: no network, no telemetry.
os.environ.update(HF_HUB_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1",
                  HF_HUB_DISABLE_PROGRESS_BARS="1", GRADIO_ANALYTICS_ENABLED="False",
                  TOKENIZERS_PARALLELISM="false")

import json
import shutil
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from index import SentenceEmbeddings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "cambodia-us-relations-after-austin-visit.txt"
DATA = Path(__file__).resolve().parent / "data"


def load_qa(name: str = "dev_qa.jsonl") -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def embeddings() -> SentenceEmbeddings:
    model = SentenceEmbeddings()
    model.encode(["warm up"])
    return model


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeds")
    shutil.copy(ARTICLE, folder / ARTICLE.name)
    return folder


@pytest.fixture(scope="session")
def bot(seed_dir: Path, embeddings: SentenceEmbeddings,
        tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The assistant over the seed article (built once per test session)."""
    data = tmp_path_factory.mktemp("data")
    return Assistant(seed_dir, data, settings=Settings(), embeddings=embeddings)


def make_assistant(sources: Path, data: Path, embeddings: SentenceEmbeddings,
                   **settings: object) -> Assistant:
    return Assistant(sources, data, settings=Settings(**settings),  # type: ignore[arg-type]
                     embeddings=embeddings)


def assistant_over(text: str, name: str, tmp_path_factory: pytest.TempPathFactory,
                   embeddings: SentenceEmbeddings) -> Assistant:
    """An assistant over one small article `name`.txt holding `text`."""
    folder = tmp_path_factory.mktemp(name)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return make_assistant(folder, tmp_path_factory.mktemp(f"{name}-data"), embeddings)
