"""Documents in, retrieval units out: loading, sentence splitting, embeddings, stores."""

from index.builder import Builder, Progress, RefreshReport, index_lock
from index.catalog import Catalog, Unit, plain
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
    "Progress",
    "RefreshReport",
    "SentenceEmbeddings",
    "SourceError",
    "StoreError",
    "Unit",
    "VectorStore",
    "bundled_model_path",
    "document_text",
    "index_lock",
    "plain",
    "sources_root",
    "tokens",
]
