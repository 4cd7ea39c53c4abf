"""The index as a LangChain retriever: sentences as documents with exact offsets.

Apart from `retrieval` because it ranks with `evidence`, which itself builds on
`retrieval`'s candidates: kept here, neither needs the other lazily.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.evidence import rank
from assistant.retrieval import Candidate


def to_document(c: Candidate) -> Document:
    """A candidate as a LangChain Document; paragraph and sentence count from 1."""
    u = c.unit
    meta: dict[str, Any] = {"source": u.source, "start": u.start, "end": u.end,
                            "paragraph": u.paragraph + 1, "sentence": u.sentence + 1,
                            "score": round(c.score, 4)}
    return Document(page_content=u.text, metadata=meta, id=u.id)


class SentenceRetriever(BaseRetriever):
    """A LangChain retriever over the index: documents are sentences with exact offsets.

    Compose it like any retriever (`retriever.invoke("question")`); each document's
    metadata holds `source`, `start`, `end`, `paragraph`, `sentence` and `score`.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)
    searcher: Any
    k: int = 4

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        ranked = rank(self.searcher.search(query), query)
        return [to_document(c) for c in ranked[: self.k]]
