"""The integration lane's shared fixtures: the real embedding model loaded once, the seed
article in a temporary folder, and one assistant over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from index import SentenceEmbeddings
from tests.support.env import DATA_HOME
from tests.support.paths import ARTICLE


@pytest.fixture(scope="session")
def embeddings() -> SentenceEmbeddings:
    # The export in the test run's own data home, as its child processes have it, never the
    # user's ~/.cache.
    models = Path(DATA_HOME) / "models"
    model = SentenceEmbeddings(export_dir=models, cache_dir=models)
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


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """The seed article and a short note, in a fresh folder per test."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / "article.txt")
    (folder / "notes.md").write_text("# Notes\n\nThe lighthouse keeper feeds seven cats.\n",
                                     encoding="utf-8")
    return folder
