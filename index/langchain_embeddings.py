"""The project's sentence embeddings behind LangChain's `Embeddings` interface.

A module of its own so that langchain_core is imported only by what hands the embeddings
to LangChain (`VectorStore.as_langchain()`), never on the path of a plain ask.
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from index.embeddings import SentenceEmbeddings


class LangChainEmbeddings(Embeddings):
    """`embed_documents` / `embed_query` over a `SentenceEmbeddings` (normalized vectors)."""

    def __init__(self, embeddings: SentenceEmbeddings) -> None:
        self.embeddings = embeddings

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embeddings.encode(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.embeddings.encode([text])[0].tolist()  # type: ignore[no-any-return]
