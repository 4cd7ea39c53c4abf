"""What an index generation holds: the documents, their units, and the lexical index.

A generation is written into a fresh folder and made current by one atomic rename of the
`CURRENT` pointer, so a reader (or a crash) only ever sees a complete generation.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from index import sentences
from index.lexical import VERSION as LEXICAL_VERSION
from index.lexical import LexicalIndex, tokens

FORMAT = 1
_NOT_WORD = re.compile(r"[^\w\s-]")


def plain(text: str) -> str:
    """Lower-case words without punctuation, single-spaced: 'U.S.' and 'US' read alike."""
    return " ".join(_NOT_WORD.sub("", text.lower()).split())


@dataclass(frozen=True)
class Unit:
    """A retrieval unit: one sentence (or title/heading) of a source, by exact offsets."""

    id: str
    source: str
    start: int
    end: int
    paragraph: int
    sentence: int  # 0-based number of the unit inside its document
    kind: str
    text: str


@dataclass(frozen=True)
class Outline:
    """Where a document says what it is about, what it concludes, and who wrote it."""

    author: tuple[int, ...]  # rows of the byline or note sentences that name the writer
    title: int | None  # row of its title
    lead: int | None  # row of its first sentence of text
    close: int | None  # row of the first sentence of its last paragraph of text


@dataclass(frozen=True)
class DocumentEntry:
    source: str
    sha256: str
    first: int  # row of its first unit
    count: int
    title: str


def unit_id(source: str, sha256: str, number: int) -> str:
    key = hashlib.sha1(f"{source}\0{sha256}".encode()).hexdigest()[:16]
    return f"{key}:{number}"


class Catalog:
    """Documents and units of one generation, with lookups by id and by document."""

    def __init__(self, documents: list[DocumentEntry], units: list[Unit], lexical: LexicalIndex,
                 model: str, folder: Path | None = None,
                 lexical_version: int = LEXICAL_VERSION) -> None:
        self.documents = documents
        self.units = units
        self.lexical = lexical
        self.model = model
        self.lexical_version = lexical_version
        self.folder = folder
        self.row_of = {u.id: row for row, u in enumerate(units)}
        self.by_source = {d.source: d for d in documents}
        self._rows_by_text: dict[str, list[int]] | None = None
        self._lowered: str | None = None
        self._tokens: dict[int, frozenset[str]] = {}
        self._outlines: dict[str, Outline] | None = None

    def unit_tokens(self, row: int) -> frozenset[str]:
        """The content words of a unit (computed once per unit, on first use)."""
        found = self._tokens.get(row)
        if found is None:
            found = self._tokens[row] = frozenset(tokens(self.units[row].text))
        return found

    @property
    def outlines(self) -> dict[str, Outline]:
        """Each document's title, lead, conclusion and the byline or closing note naming its
        writer (computed on first use)."""
        if self._outlines is None:
            self._outlines = {d.source: self._outline(d) for d in self.documents}
        return self._outlines

    def _outline(self, doc: DocumentEntry) -> Outline:
        grouped: dict[int, list[int]] = {}
        for r in range(doc.first, doc.first + doc.count):
            if self.units[r].kind == "body":
                grouped.setdefault(self.units[r].paragraph, []).append(r)
        paragraphs = [grouped[n] for n in sorted(grouped)]
        author: list[int] = []
        if len(paragraphs) >= 3:  # a note needs an article around it
            for edge, closing in ((0, False), (-1, True)):
                rows = paragraphs[edge]
                texts = [self.units[r].text for r in rows]
                if sentences.is_author_note(texts, closing):
                    author += [rows[i] for i in sentences.author_note(texts, closing)]
                    paragraphs = paragraphs[1:] if edge == 0 else paragraphs[:-1]
        lead = paragraphs[0][0] if paragraphs else None
        close = paragraphs[-1][0] if len(paragraphs) > 1 else None
        title = next((r for r in range(doc.first, doc.first + doc.count)
                      if self.units[r].kind == "title"), None)
        return Outline(tuple(author), title, lead, close)

    @property
    def lowered_text(self) -> str:
        """All unit texts, lower-cased, single-spaced, one per line (for phrase checks)."""
        if self._lowered is None:
            self._lowered = "\n".join(plain(u.text) for u in self.units)
        return self._lowered

    def rows_with_text(self, text: str) -> list[int]:
        """Rows of the units whose text is exactly `text`."""
        if self._rows_by_text is None:
            index: dict[str, list[int]] = {}
            for row, unit in enumerate(self.units):
                index.setdefault(unit.text, []).append(row)
            self._rows_by_text = index
        return self._rows_by_text.get(text, [])

    def document_units(self, source: str) -> list[Unit]:
        doc = self.by_source[source]
        return self.units[doc.first: doc.first + doc.count]

    def save(self, data_dir: Path) -> Path:
        folder = data_dir / f"gen-{uuid.uuid4().hex[:12]}"
        folder.mkdir(parents=True)
        meta = {"format": FORMAT, "model": self.model, "lexical": self.lexical_version,
                "documents": [asdict(d) for d in self.documents]}
        columns = {f: [getattr(u, f) for u in self.units]
                   for f in ("id", "source", "start", "end", "paragraph", "sentence", "kind",
                             "text")}
        _write(folder / "catalog.json", json.dumps(meta))
        _write(folder / "units.json", json.dumps(columns))
        self.lexical.save(folder)
        pointer = data_dir / "CURRENT"
        _write(pointer, folder.name)  # the atomic switch
        for old in data_dir.glob("gen-*"):
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
        self.folder = folder
        return folder

    @classmethod
    def load(cls, data_dir: Path) -> Catalog | None:
        """The current generation, or None when there is none (or it is unreadable)."""
        try:
            folder = data_dir / (data_dir / "CURRENT").read_text(encoding="utf-8").strip()
            meta = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))
            columns: dict[str, list[Any]] = json.loads(
                (folder / "units.json").read_text(encoding="utf-8"))
            lexical = LexicalIndex.load(folder)
        except (OSError, ValueError, KeyError):
            return None
        if meta.get("format") != FORMAT:
            return None
        units = [Unit(*row) for row in zip(*columns.values(), strict=True)]
        documents = [DocumentEntry(**d) for d in meta["documents"]]
        return cls(documents, units, lexical, meta["model"], folder, meta.get("lexical", 0))


def _write(path: Path, text: str) -> None:
    """Write durably: a temporary file, fsync, then an atomic rename over `path`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
