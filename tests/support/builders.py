"""Assistants over small folders, sharing the session's loaded embedding model."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, Settings
from index import SentenceEmbeddings


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


def assistant_over_folder(docs: dict[str, str], tmp_path: Path, embeddings: SentenceEmbeddings,
                          **settings: object) -> Assistant:
    """An assistant over a folder holding `docs` (file name: text), its data beside it."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return make_assistant(folder, tmp_path / "data", embeddings, **settings)
