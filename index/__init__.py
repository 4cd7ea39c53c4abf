"""Documents in, retrieval units out: loading, sentence splitting, embeddings, stores."""

from index.builder import Builder, RefreshReport
from index.catalog import Catalog, Unit
from index.embeddings import SentenceEmbeddings, bundled_model_path
from index.errors import AssistantError, IndexBusyError, SourceError, StoreError
from index.lexical import LexicalIndex, tokens
from index.sources import Document, document_text, sources_root
from index.store import VectorStore

__all__ = [
    "AssistantError",
    "Builder",
    "Catalog",
    "Document",
    "IndexBusyError",
    "LexicalIndex",
    "RefreshReport",
    "SentenceEmbeddings",
    "SourceError",
    "StoreError",
    "Unit",
    "VectorStore",
    "bundled_model_path",
    "document_text",
    "sources_root",
    "tokens",
]
