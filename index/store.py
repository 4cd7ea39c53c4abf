"""The Chroma collection of retrieval-unit vectors, embedded or on a `chroma run` server."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.embeddings import SentenceEmbeddings
from index.errors import StoreError

log = logging.getLogger(__name__)


def _client(path: Path | None, url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        host, port = parsed.hostname or "localhost", parsed.port or 8000
        try:
            client = chromadb.HttpClient(host=host, port=port, ssl=parsed.scheme == "https",
                                         settings=settings)
            client.heartbeat()
        except Exception as exc:
            raise StoreError(f"cannot reach the Chroma server at {url} ({exc}); start it with "
                             f"`chroma run --host {host} --port {port}` or unset "
                             "ASSISTANT_CHROMA_URL") from exc
        return client
    assert path is not None
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class VectorStore:
    """Unit vectors in one cosine-space collection, written through langchain-chroma.

    Scores leave this class higher-is-better (cosine similarity), never as distances.
    """

    def __init__(self, embeddings: SentenceEmbeddings, collection: str,
                 path: Path | None = None, url: str | None = None) -> None:
        from langchain_chroma import Chroma

        self.embeddings = embeddings
        self.url = url
        try:
            self._vs = Chroma(client=_client(path, url), collection_name=collection,
                              embedding_function=embeddings,
                              collection_configuration={"hnsw": {"space": "cosine"}})
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot open the Chroma collection {collection!r}: {exc}") from exc
        self.collection = self._vs._collection

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            where = f"the Chroma server at {self.url}" if self.url else "the local Chroma store"
            raise StoreError(f"{what} failed on {where}: {str(exc)[:300]}") from exc

    def upsert(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]],
               vectors: np.ndarray[Any, Any]) -> None:
        self._call("upsert", self.collection.upsert, ids=ids, documents=texts,
                   metadatas=metadatas, embeddings=vectors)

    def delete_source(self, source: str, keep_sha: str | None = None) -> None:
        """Remove a source's vectors, except those of version `keep_sha`."""
        where: dict[str, Any] = {"source": source}
        if keep_sha:
            where = {"$and": [where, {"sha": {"$ne": keep_sha}}]}
        self._call("delete", self.collection.delete, where=where)

    def count(self) -> int:
        return int(self._call("count", self.collection.count))

    def query(self, vector: np.ndarray[Any, Any], k: int) -> list[tuple[str, float]]:
        """(unit id, cosine similarity) of the `k` nearest units, best first."""
        if k <= 0:
            return []
        res = self._call("query", self.collection.query, query_embeddings=vector.reshape(1, -1),
                         n_results=k, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0],
                                                    strict=True)]

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray[Any, Any]]:
        """Stored vectors by id (ids the store lacks are left out)."""
        if not ids:
            return {}
        res = self._call("get", self.collection.get, ids=ids, include=["embeddings"])
        return {i: np.asarray(e, dtype=np.float32)
                for i, e in zip(res["ids"], res["embeddings"], strict=True)}
