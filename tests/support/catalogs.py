"""Catalogs as the builder makes them, without embedding anything (for the unit lane)."""

from __future__ import annotations

import hashlib

from index import Catalog, LexicalIndex
from index.builder import lead_ins, lexical_contexts, split_document, table_headers
from index.catalog import DocumentEntry
from index.sources import Document


def catalog_of(*docs: tuple[str, str]) -> Catalog:
    """A catalog over `(source, text)` documents, split and indexed lexically."""
    entries, units, titles = [], [], {}
    for source, text in docs:
        sha = hashlib.sha256(text.encode()).hexdigest()
        doc_units, title = split_document(Document(source, text, sha))
        entries.append(DocumentEntry(source, sha, len(units), len(doc_units), title))
        titles[source] = title
        units.extend(doc_units)
    lexical = LexicalIndex.build([u.text for u in units],
                                 lexical_contexts(units, titles, table_headers(units),
                                                  lead_ins(units)))
    return Catalog(entries, units, lexical, "none")
