"""The Chroma collection of retrieval-unit vectors, embedded or on a `chroma run` server.

With a URL the store is a client of a `chroma run` server (several app processes can share
one); without one it is a `PersistentClient` in the data folder. Either way every failure
leaves this module as a `StoreError` that names the store and the command that fixes it.

The client opens on first use (or `open()`): chromadb's import alone costs over a second,
and an ask answered from a generation's own vectors (`index.vectors`) never needs it.

Thread safety: a `VectorStore` is shared by every request thread. Chroma's client locks its
own calls; this class adds a readers-writer lock so that opening, and `reopen()` (closing
the embedded client to see another process's writes), wait for calls in flight and no call
starts on a closed client, and a plain lock around its vector cache.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.embeddings import SentenceEmbeddings
from index.errors import StoreError

log = logging.getLogger(__name__)

# How long to wait for a server to accept a connection, and to answer one request.
CONNECT_TIMEOUT_S = 5.0
REQUEST_TIMEOUT_S = 120.0
# Unit vectors kept in memory after a read (384 floats each: 20k are about 30 MB).
VECTOR_CACHE = 20_000
# Ids per delete request (a request names every id it removes).
DELETE_BATCH = 5_000


@dataclass(frozen=True)
class ServerAddress:
    """Where a `chroma run` server listens, parsed from a URL such as http://127.0.0.1:8000."""

    url: str
    host: str
    port: int
    ssl: bool

    @classmethod
    def parse(cls, url: str) -> ServerAddress:
        text = url.strip()
        parsed = urlparse(text if "://" in text else f"http://{text}")
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise StoreError(f"the Chroma server URL {url!r} is not an http(s) URL; use one "
                             "like http://127.0.0.1:8000")
        try:
            port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        except ValueError as exc:
            raise StoreError(f"the Chroma server URL {url!r} has a bad port: {exc}") from exc
        return cls(url, parsed.hostname, port, parsed.scheme == "https")

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.ssl else 'http'}://{host}:{self.port}"

    def fix(self) -> str:
        """The commands that make this address work (or stop needing it)."""
        return (f"start it with `chroma run --path <folder> --host {self.host} --port "
                f"{self.port}`, or unset ASSISTANT_CHROMA_URL to keep the index in the data "
                "folder")


def heartbeat(address: ServerAddress, timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Raise StoreError unless a Chroma server answers /api/v2/heartbeat at `address`."""
    import urllib.error
    import urllib.request  # here: its import costs every cold ask 50 ms otherwise

    try:
        # No proxies: the server is usually on loopback, which a proxy cannot reach.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"{address.base}/api/v2/heartbeat", timeout=timeout_s) as response:
            body = json.loads(response.read().decode("utf-8") or "{}")
    except urllib.error.HTTPError as exc:
        raise StoreError(f"{address.url} answered HTTP {exc.code} to a heartbeat; is it a "
                         f"Chroma server? {address.fix()}") from exc
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise StoreError(f"cannot reach the Chroma server at {address.url} ({reason}); "
                         f"{address.fix()}") from exc
    if not isinstance(body, dict) or "nanosecond heartbeat" not in body:
        raise StoreError(f"{address.url} does not answer like a Chroma server (heartbeat "
                         f"said {str(body)[:80]!r}); {address.fix()}")


class _ReadWriteLock:
    """Many holders of `shared()` at once, or one holder of `exclusive()`."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._writing = True  # new readers wait from here on
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def _client(path: Path | None, url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if url:
        address = ServerAddress.parse(url)
        heartbeat(address)
        try:
            client = chromadb.HttpClient(host=address.host, port=address.port, ssl=address.ssl,
                                         settings=settings)
        except Exception as exc:
            raise StoreError(f"cannot connect to the Chroma server at {url} ({exc}); "
                             f"{address.fix()}") from exc
        _set_timeout(client)
        return client
    assert path is not None
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as exc:
        raise StoreError(f"cannot open the index in {path}: {str(exc)[:200]}") from exc


def _set_timeout(client: Any) -> None:
    """chromadb's HTTP client waits forever by default; a hung server should fail instead."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is not None:
        import httpx

        session.timeout = httpx.Timeout(REQUEST_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)


def _is_connection_error(exc: BaseException) -> bool:
    import httpx

    if isinstance(exc, (httpx.TransportError, ConnectionError)):
        return True
    return "Could not connect to a Chroma server" in str(exc)


class VectorStore:
    """Unit vectors in one cosine-space collection.

    The hot path talks to the chromadb collection directly (vectors always supplied, so
    Chroma's own embedding function never runs); `as_langchain()` gives the same collection
    as a langchain-chroma vector store. Importing langchain-chroma only there keeps it off
    the start-up path of every `assistant ask`.

    Scores leave this class higher-is-better (cosine similarity), never as distances.
    """

    def __init__(self, embeddings: SentenceEmbeddings, collection: str,
                 path: Path | None = None, url: str | None = None) -> None:
        self.embeddings = embeddings
        self.url = url
        self.name = collection
        self.address = ServerAddress.parse(url) if url else None
        self.path = path
        self.where = (f"the Chroma server at {url}" if url
                      else f"the local Chroma store in {path}")
        self._guard = _ReadWriteLock()
        self._cache_lock = threading.Lock()
        self._cache: dict[str, np.ndarray[Any, Any]] = {}
        self.client: Any = None
        self.collection: Any = None

    def open(self) -> None:
        """Connect now (a server is checked with a heartbeat) rather than on first use."""
        if self.collection is None:
            with self._guard.exclusive():
                if self.collection is None:
                    self._open()

    def _open(self) -> None:
        client = _client(self.path, self.url)
        with self._cache_lock:
            self._cache.clear()
        try:
            self.collection = client.get_or_create_collection(
                self.name, embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}})
        except Exception as exc:
            raise self._error(f"opening the collection {self.name!r}", exc) from exc
        self.client = client

    def reopen(self) -> None:
        """See what another process wrote: an embedded client keeps its own view of the
        files it opened, so it is closed and opened afresh (a server needs nothing; a store
        not opened yet opens on its next use)."""
        if self.url or self.collection is None:
            return
        with self._guard.exclusive():
            self.client.close()
            self.collection = None
            self._open()

    def as_langchain(self) -> Any:
        """This collection as a `langchain_chroma.Chroma` (similarity_search, retrievers)."""
        from langchain_chroma import Chroma

        from index.langchain_embeddings import LangChainEmbeddings

        self.open()
        return Chroma(client=self.client, collection_name=self.name,
                      embedding_function=LangChainEmbeddings(self.embeddings),
                      collection_configuration={"hnsw": {"space": "cosine"}})

    def _error(self, what: str, exc: BaseException) -> StoreError:
        if self.address is not None and _is_connection_error(exc):
            return StoreError(f"{what} failed: the Chroma server at {self.url} stopped "
                              f"answering ({str(exc)[:200]}); {self.address.fix()}")
        return StoreError(f"{what} failed on {self.where}: {str(exc)[:300]}")

    def _call(self, what: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """`self.collection.<method>(...)`, looked up under the lock so that a concurrent
        `reopen()` never leaves a call holding the closed collection."""
        self.open()
        with self._guard.shared():
            try:
                return getattr(self.collection, method)(*args, **kwargs)
            except Exception as exc:
                raise self._error(what, exc) from exc

    def upsert(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]],
               vectors: np.ndarray[Any, Any]) -> None:
        with self._cache_lock:
            for i in ids:
                self._cache.pop(i, None)
        self._call("upsert", "upsert", ids=ids, documents=texts,
                   metadatas=metadatas, embeddings=vectors)

    def delete_source(self, source: str, keep_sha: str | None = None) -> None:
        """Remove a source's vectors, except those of version `keep_sha`."""
        where: dict[str, Any] = {"source": source}
        if keep_sha:
            where = {"$and": [where, {"sha": {"$ne": keep_sha}}]}
        self._call("delete", "delete", where=where)

    def delete(self, ids: list[str]) -> None:
        """Remove these units' vectors (a batch at a time)."""
        for start in range(0, len(ids), DELETE_BATCH):
            self._call("delete", "delete", ids=ids[start:start + DELETE_BATCH])

    def count(self) -> int:
        return int(self._call("count", "count"))

    def query(self, vector: np.ndarray[Any, Any], k: int) -> list[tuple[str, float]]:
        """(unit id, cosine similarity) of the `k` nearest units, best first."""
        if k <= 0:
            return []
        res = self._call("query", "query", query_embeddings=vector.reshape(1, -1),
                         n_results=k, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0],
                                                    strict=True)]

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray[Any, Any]]:
        """Stored vectors by id (ids the store lacks are left out).

        Vectors read once are kept (up to VECTOR_CACHE entries): a unit id names one
        version of one sentence, so its vector under this store's model never changes.
        """
        with self._cache_lock:
            found = {i: v for i in ids if (v := self._cache.get(i)) is not None}
        # Chroma refuses a request with a repeated id.
        missing = [i for i in dict.fromkeys(ids) if i not in found]
        if missing:
            res = self._call("get", "get", ids=missing, include=["embeddings"])
            for i, e in zip(res["ids"], res["embeddings"], strict=True):
                found[i] = self._keep(i, np.asarray(e, dtype=np.float32))
        return found

    def _keep(self, unit: str, vector: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        with self._cache_lock:
            if len(self._cache) >= VECTOR_CACHE:
                self._cache.pop(next(iter(self._cache)))  # the oldest entry
            self._cache[unit] = vector
        return vector
