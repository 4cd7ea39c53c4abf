"""Documents in, retrieval units out: loading, sentence splitting, embeddings, stores."""

from index.builder import Builder, Progress, RefreshReport, index_lock
from index.catalog import Catalog, Unit, plain
from index.embeddings import BUNDLED, SentenceEmbeddings, bundled_model_path, drop_model_copies
from index.errors import AssistantError, IndexBusyError, SourceError, StoreError
from index.freshness import Freshness
from index.lexical import STOPWORDS, LexicalIndex, tokens
from index.sentences import is_field, is_list_item, is_prose, is_question
from index.sources import Document, Skipped, iter_source_files, sources_root
from index.store import VectorStore
from index.tuned import LAYERS as TUNED_LAYERS
from index.tuned import layers_sha256 as tuned_layers_sha256
from index.tuned import manifest as tuned_manifest
from index.tuned import model_folder as tuned_model_folder
from index.vectors import EXACT_MAX, NearestUnits, UnitVectors

__all__ = [
    "BUNDLED",
    "EXACT_MAX",
    "STOPWORDS",
    "TUNED_LAYERS",
    "AssistantError",
    "Builder",
    "Catalog",
    "Document",
    "Freshness",
    "IndexBusyError",
    "LexicalIndex",
    "NearestUnits",
    "Progress",
    "RefreshReport",
    "SentenceEmbeddings",
    "Skipped",
    "SourceError",
    "StoreError",
    "Unit",
    "UnitVectors",
    "VectorStore",
    "bundled_model_path",
    "drop_model_copies",
    "index_lock",
    "is_field",
    "is_list_item",
    "is_prose",
    "is_question",
    "iter_source_files",
    "plain",
    "sources_root",
    "tokens",
    "tuned_layers_sha256",
    "tuned_manifest",
    "tuned_model_folder",
]
