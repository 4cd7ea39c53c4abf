"""What an index generation holds: the documents, their units, and the lexical index.

A generation is written into a fresh folder and made current by one atomic rename of the
`CURRENT` pointer, so a reader (or a crash) only ever sees a complete generation. The text
each document was indexed from is kept beside it (`index.texts`) and loaded with it: the
catalog answers `text(source)` from memory, whatever happened to the file since.

Thread safety: a catalog is shared by every request thread and never changes after it is
built, except its caches of derived values (unit tokens, outlines, the lower-cased text,
rows by text, table headers and speakers), which are filled under `self._lock`. A new
generation is a new catalog, swapped in by its owner.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import uuid
from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index import sentences
from index.errors import SourceError
from index.extract import VERSION as EXTRACT_VERSION
from index.extract import Kind
from index.lexical import VERSION as LEXICAL_VERSION
from index.lexical import LexicalIndex, tokens
from index.sentences import VERSION as SPLIT_VERSION
from index.sources import Skipped
from index.texts import TextStore
from index.token_states import TokenStates
from index.vectors import UnitVectors

# 2: documents name their kept text (text_sha), pages, size and mtime; skipped files listed.
FORMAT = 2
_NOT_WORD = re.compile(r"[^\w\s-]")
# How many one-line paragraphs (a subtitle, a dateline; an obituary's name, standfirst, and
# when its subject was born and died) may stand above a byline, or below one at the end.
_BYLINE_AFTER = 5
# How many paragraphs may stand below a letter's signature (enclosures, a legal footer).
_TRAILERS = 2
# How many lines from its top a document's date may be (a headline, a subtitle, a byline, a
# letter's address), and half as many from its end.
_DATE_ROWS = 8
# What an answer does not show of a sentence it quotes, besides its line breaks and markup
# (`sentences.one_line`): a markdown heading's marks or a list item's bullet, as an answer runs
# its quotes together (a number, "2.", "(b)", stays: it says which step or clause).
_LEAD_MARK = re.compile(rf"^\s*(?:#{{1,6}}|[-*+{sentences.BULLETS}])[ \t]+")
# A unit with none of these is shown as it is (`Catalog.readable`).
_SHOWN_OTHERWISE = ("|", "\n", "  ", "\t", "*", "_", "`", "#", "-", "+", *sentences.BULLETS)


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
    """Where a document says what it is about, what it concludes, who wrote it, when, and how
    it rates what it reviews."""

    author: tuple[int, ...]  # rows of the byline or note sentences that name the writer
    title: int | None  # row of its title
    lead: int | None  # row of its first sentence of text
    close: int | None  # row of the first sentence of its last paragraph of text
    date: int | None = None  # row of the line or dateline saying when it was written
    rating: int | None = None  # row of a review's rating alone on its line ("★★★★☆ 4 out of 5")
    standfirst: int | None = None  # row of a line above the lead saying what it is about


@dataclass(frozen=True)
class DocumentEntry:
    source: str
    sha256: str  # of the file's bytes when it was indexed
    first: int  # row of its first unit
    count: int
    title: str
    text_sha: str = ""  # the kept text's key in the TextStore
    kind: Kind = "text"
    pages: tuple[int, ...] = field(default=())  # offsets where each page starts (PDF)
    size: int = 0  # of the file when it was indexed: a cheap first check for changes
    mtime_ns: int = 0

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding `offset` (None for a document without pages)."""
        return max(bisect_right(self.pages, offset), 1) if self.pages else None


def table_headers(units: list[Unit]) -> list[str]:
    """Each unit's table header row ('' for a unit not in a table): a heading in the unit's
    own paragraph, which only a table's header is (`index.sentences`)."""
    out, header = [], ("", -1, "")  # source, paragraph, text
    for u in units:
        if u.kind == "heading":
            header = (u.source, u.paragraph, u.text)
        in_table = u.kind == "body" and header[0] == u.source and header[1] == u.paragraph
        out.append(header[2] if in_table else "")
    return out


# A label opening this many paragraphs of a document is a speaker's ("Priya:"), not a
# paragraph's lead ("One catch: the hall closes at six.").
_TURNS = 2


def speakers(units: list[Unit]) -> list[str]:
    """Each unit's speaker as a transcript labels the turn it is in ("Akosua:"), for a sentence
    after the turn's first, which alone does not say who speaks; '' elsewhere."""
    label_of: dict[tuple[str, int], str] = {}  # (source, paragraph) -> its first unit's label
    turns: Counter[tuple[str, str]] = Counter()
    for u in units:
        if (u.source, u.paragraph) not in label_of:
            found = sentences.SPEAKER.match(u.text) if u.kind == "body" else None
            label_of[u.source, u.paragraph] = found.group().strip() if found else ""
            turns[u.source, label_of[u.source, u.paragraph]] += bool(found)
    out, previous = [], ("", -1)
    for u in units:
        label = label_of[u.source, u.paragraph]
        later = (u.source, u.paragraph) == previous and u.kind == "body"
        out.append(label if later and label and turns[u.source, label] >= _TURNS else "")
        previous = (u.source, u.paragraph)
    return out


def unit_id(source: str, sha256: str, number: int) -> str:
    key = hashlib.sha1(f"{source}\0{sha256}".encode()).hexdigest()[:16]
    return f"{key}:{number}"


# Where a file name's words meet without a separator: "councilLetter", "route42".
_CASE_OR_DIGIT = re.compile(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Za-z])")


# A label and its value ("Present: Priya Raman (chair), …") or an address ("To the parents
# of …"), and a line of details or a trail set out with dots, bars or arrows: no standfirst.
_LABELLED = re.compile(r"^(?:[^:]{0,30}:\s|To\s|Dear\s)")
_DETAILS = re.compile(r"[·|•›»]")


class Catalog:
    """Documents and units of one generation, with lookups by id and by document."""

    def __init__(self, documents: list[DocumentEntry], units: list[Unit], lexical: LexicalIndex,
                 model: str, folder: Path | None = None,
                 lexical_version: int = LEXICAL_VERSION, texts: dict[str, str] | None = None,
                 skipped: list[Skipped] | None = None,
                 vectors: UnitVectors | None = None,
                 tokens: TokenStates | None = None,
                 split_version: int = SPLIT_VERSION,
                 extract_version: int = EXTRACT_VERSION) -> None:
        self.documents = documents
        self.units = units
        self.lexical = lexical
        self.model = model
        self.lexical_version = lexical_version
        self.split_version = split_version
        self.extract_version = extract_version
        self.folder = folder
        self.row_of = {u.id: row for row, u in enumerate(units)}
        self.by_source = {d.source: d for d in documents}
        self._rows_by_text: dict[str, list[int]] | None = None
        self._headers: list[str] | None = None  # `table_headers`, made on first use
        self._speakers: dict[str, list[str]] = {}  # a document's `speakers`, made on first use
        self._lowered: str | None = None
        self._tokens: dict[int, frozenset[str]] = {}
        self._outlines: dict[str, Outline] | None = None
        self._file_words: dict[str, frozenset[str]] | None = None
        self._lock = threading.Lock()
        self.texts = texts or {}  # source -> the text it was indexed from
        self.skipped = list(skipped or [])  # files under the sources that are not indexed
        # The units' vectors, row for row, where the generation keeps them (index.vectors).
        self.vectors = vectors
        # Each unit's token states, for late interaction (index.token_states); None in an
        # index built before they were kept.
        self.tokens = tokens

    def text(self, source: str) -> str:
        """The text `source` was indexed from: citations count their offsets in it."""
        return self.texts[source]

    def unit_tokens(self, row: int) -> frozenset[str]:
        """The content words of a unit (computed once per unit, on first use)."""
        found = self._tokens.get(row)
        if found is None:
            computed = frozenset(tokens(self.units[row].text))
            with self._lock:
                found = self._tokens.setdefault(row, computed)
        return found

    @property
    def outlines(self) -> dict[str, Outline]:
        """Each document's title, lead, conclusion and the byline or closing note naming its
        writer (computed on first use)."""
        if self._outlines is None:
            outlines = {d.source: self._outline(d) for d in self.documents}
            with self._lock:
                if self._outlines is None:
                    self._outlines = outlines
        return self._outlines

    @property
    def file_words(self) -> dict[str, frozenset[str]]:
        """The documents whose file name holds each stemmed word ("council_parking_letter.txt",
        "CouncilLetter.txt": council, letter; "route42_cut.html": route, 42, cut): a reader
        may name a document by what its file was named (computed on first use)."""
        if self._file_words is None:
            found: dict[str, set[str]] = {}
            for d in self.documents:
                stem = _CASE_OR_DIGIT.sub(" ", Path(d.source).stem)
                for word in tokens(stem.replace("_", " ")):
                    found.setdefault(word, set()).add(d.source)
            with self._lock:
                if self._file_words is None:
                    self._file_words = {w: frozenset(s) for w, s in found.items()}
        return self._file_words

    def _outline(self, doc: DocumentEntry) -> Outline:
        grouped: dict[int, list[int]] = {}
        lines: dict[int, list[int]] = {}  # with the headings: a byline may be read as one
        for r in range(doc.first, doc.first + doc.count):
            unit = self.units[r]
            if unit.kind in ("body", "heading"):
                lines.setdefault(unit.paragraph, []).append(r)
            if unit.kind == "body":
                grouped.setdefault(unit.paragraph, []).append(r)
        paragraphs = [grouped[n] for n in sorted(grouped)]
        author: list[int] = []
        if len(paragraphs) >= 3:  # a note needs an article around it
            author += self._byline([lines[n] for n in sorted(lines)][:_BYLINE_AFTER + 1])
            paragraphs = [p for p in paragraphs if p[0] not in author]
            paragraphs = self._without_trailers(paragraphs)
            rows = paragraphs[-1]
            texts = [self.units[r].text for r in rows]
            # A closing phrase in a paragraph of its own ("Yours sincerely,", then the name)
            # signs off with the paragraph after it.
            signed = len(paragraphs) >= 4 and sentences.is_valediction(
                [self.units[r].text for r in paragraphs[-2]])
            if signed:
                texts = [f"{self.units[paragraphs[-2][0]].text}\n{' '.join(texts)}"]
            if sentences.is_author_note(texts, closing=True):
                named = sentences.author_note(texts, closing=True)
                author += rows if signed and named else [rows[i] for i in named]
                paragraphs = paragraphs[:-2] if signed else paragraphs[:-1]
            elif len(texts) <= 3 and sentences.opens_with_writer(
                    texts[0], [self.units[r].text for r in author]):
                author.append(rows[0])
                paragraphs = paragraphs[:-1]
            # A report may end with who prepared it, above a line for whom or a note.
            closing = self._byline(paragraphs[::-1][:_BYLINE_AFTER + 1])
            author += closing
            paragraphs = [p for p in paragraphs if p[0] not in closing]
            if not author:  # a blog's writer may introduce themselves in the text instead
                author = self._introduction(paragraphs)
        # The lead is what the text says first, not a question heading over it ("What is the
        # problem?" opening a notice's first section, an FAQ's first question) nor the line
        # that dates it ("Published 14 September 2025", "First published 18 June 2024.
        # Updated 21 June 2024 to correct the opening hours.").
        said = [p for p in paragraphs
                if not sentences.is_date_line(self.units[p[0]].text)
                and (len(p) > 1 or not sentences.is_question(self.units[p[0]].text))]
        # Nor a line that only addresses or labels it ("Whitby YO21 3PD", "Dear Mr Achterberg,",
        # "To: Omar Haddad <omar@...>"): the first paragraph of prose, where there is one.
        prose = [p for p in said if len(p) > 1 or sentences.is_prose(self.units[p[0]].text)]
        lead = (prose or said)[0][0] if said else None
        close = paragraphs[-1][0] if len(paragraphs) > 1 else None
        # A standfirst: a line of its own above the lead that says what the piece is about
        # ("How a village of 600 people fought to get its night sky back, and what it cost
        # them"), where a feature's lead sets a scene.
        standfirst = None if lead is None else next(
            (p[0] for p in paragraphs[::-1]
             if p[0] < lead and len(p) == 1 and self._standfirst(self.units[p[0]].text)), None)
        title = next((r for r in range(doc.first, doc.first + doc.count)
                      if self.units[r].kind == "title"), None)
        if (sender := self._sender(doc)) is not None:
            author = [sender]
        rating = next((r for r in range(doc.first, doc.first + doc.count)
                       if self.units[r].kind == "body" and sentences.holds_rating(self.units[r].text)),
                      None)
        return Outline(tuple(author), title, lead, close, self._date(doc), rating, standfirst)

    @staticmethod
    def _standfirst(text: str) -> bool:
        """Whether a line above the lead may be a standfirst: a sentence's worth of words
        (eight or more, five of them in lower case), not a label's value ("Present: …",
        "Re: …"), a line of details ("Episode 147 · Aug 9, 2021"), a byline, date line,
        rating, list item, question or heading."""
        plain = text.strip("*_ ")
        words = plain.split()
        return len(words) >= 8 and sum(w[:1].islower() for w in words) >= 5 \
            and "\n" not in plain and plain.count(":") <= 1 and not (
                _LABELLED.match(plain) or plain.endswith(":") or _DETAILS.search(plain)
                or sentences.is_byline(plain) or sentences.is_date_line(plain)
                or sentences.holds_rating(plain) or sentences.is_question(plain)
                or sentences.is_list_item(plain) or plain.startswith(("#", "|")))

    def _sender(self, doc: DocumentEntry) -> int | None:
        """The row of an e-mail's "From:" line, when the document opens with its header: it
        says who sent it, where a thread's last signature is the last reply's ("Kind regards,
        Daniel", under Marta's first message)."""
        rows = range(doc.first, min(doc.first + doc.count, doc.first + 6))
        return rows[0] if sentences.opens_message([self.units[r].text for r in rows]) else None

    def _date(self, doc: DocumentEntry) -> int | None:
        """The row saying when the document was written: a date line among its first lines
        (under the headline, with the byline or in its paragraph, a letter's under the
        address), else a dateline opening one of them ("PORTHAVEN, May 10 — ..."), else a
        date line among its last lines ("Posted 03/03/2025")."""
        end = doc.first + doc.count
        first = range(doc.first, min(end, doc.first + _DATE_ROWS))
        last = range(max(end - _DATE_ROWS // 2, doc.first), end)
        for rows, dates in ((first, sentences.holds_date_line),
                            (first, sentences.opens_with_dateline),
                            (last, sentences.holds_date_line)):
            found = next((r for r in rows if dates(self.units[r].text)), None)
            if found is not None:
                return found
        return None

    def _without_trailers(self, paragraphs: list[list[int]]) -> list[list[int]]:
        """The paragraphs up to a letter's signature, without what may stand below it (an
        "Enclosures:" line, a company's legal footer: "Oakfield Home Insurance is a trading
        name of ...", which would read as a note on the writer, and is not the letter's end)."""
        for k in range(len(paragraphs) - 3, max(len(paragraphs) - 3 - _TRAILERS, 1), -1):
            closing = [self.units[r].text for r in paragraphs[k]]
            if not sentences.is_valediction(closing):
                continue
            name = " ".join(self.units[r].text for r in paragraphs[k + 1])
            if sentences.is_author_note([f"{closing[0]}\n{name}"], closing=True):
                return paragraphs[:k + 2]
        return paragraphs

    def _byline(self, paragraphs: list[list[int]]) -> list[int]:
        """The rows of the first of `paragraphs` that is a byline ("By Jane Doe", "Prepared
        by: ...", "Jane Doe, Opinion Editor", a name alone over the date line), passing over
        lines of their own (a subtitle, a dateline, a "For:" line); none once a paragraph of
        prose comes first."""
        for n, rows in enumerate(paragraphs):
            texts = [self.units[r].text for r in rows]
            if sentences.is_author_note(texts, closing=False):
                return [rows[i] for i in sentences.author_note(texts, closing=False)]
            # A name alone over the date line, split from it as a heading over a line.
            if len(rows) == 1 and n + 1 < len(paragraphs) and sentences.names_over_date(
                    f"{texts[0]}\n{self.units[paragraphs[n + 1][0]].text}"):
                return rows
            if len(rows) > 1:
                break
        return []

    def _introduction(self, paragraphs: list[list[int]]) -> list[int]:
        """The sentence in which the writer introduces themselves ("For anyone new here, I'm
        Priya Shah."), with the next when it goes on about them; none when no sentence does."""
        for rows in paragraphs:
            if found := sentences.introduction([self.units[r].text for r in rows]):
                return [rows[i] for i in found]
        return []

    @property
    def lowered_text(self) -> str:
        """All unit texts, lower-cased, single-spaced, one per line (for phrase checks)."""
        if self._lowered is None:
            lowered = "\n".join(plain(u.text) for u in self.units)
            with self._lock:
                self._lowered = self._lowered or lowered
        return self._lowered

    def rows_with_text(self, text: str) -> list[int]:
        """Rows of the units whose text, or whose text as an answer shows it (`readable`), is
        exactly `text`: an earlier answer's quotes lead back to what it cited."""
        if self._rows_by_text is None:
            index: dict[str, list[int]] = {}
            for row, unit in enumerate(self.units):
                index.setdefault(unit.text, []).append(row)
                if (any(mark in unit.text for mark in _SHOWN_OTHERWISE) or self._speaker(row)) \
                        and (shown := self.readable(row)) != unit.text:
                    index.setdefault(shown, []).append(row)
            with self._lock:
                self._rows_by_text = self._rows_by_text or index
        return self._rows_by_text.get(text, [])

    def readable(self, row: int) -> str:
        """A unit as an answer shows it, with what it alone does not say: a table row with its
        column names ("Day: Friday; Lunch: 12:00 to 15:00"), a transcript's later sentence
        of a turn with its speaker ("Akosua: I'll lead Saturdays myself."); any text on one
        line, without markdown's bold and code marks, heading marks and bullets."""
        unit = self.units[row]
        if unit.kind == "body" and ("|" in unit.text or sentences.CELL_GAP.search(unit.text)):
            if self._headers is None:
                headers = table_headers(self.units)
                with self._lock:
                    self._headers = self._headers or headers
            if header := self._headers[row]:
                return sentences.with_column_names(unit.text, header)
        text = sentences.one_line(_LEAD_MARK.sub("", unit.text))
        speaker = self._speaker(row)
        return f"{speaker} {text}" if speaker else text

    def _speaker(self, row: int) -> str:
        """The speaker `speakers` shows before a unit, worked out for its document alone (a
        cold ask shows a few sentences of a large index)."""
        doc = self.by_source[self.units[row].source]
        found = self._speakers.get(doc.source)
        if found is None:
            found = speakers(self.units[doc.first: doc.first + doc.count])
            with self._lock:
                found = self._speakers.setdefault(doc.source, found)
        return found[row - doc.first]

    def document_units(self, source: str) -> list[Unit]:
        doc = self.by_source[source]
        return self.units[doc.first: doc.first + doc.count]

    def save(self, data_dir: Path) -> Path:
        """Write this generation, make it current, and remove the older generations and the
        kept texts that only they used."""
        store = TextStore(data_dir)
        for doc in self.documents:  # kept before the switch: a current generation is whole
            if store.put(self.texts[doc.source]) != doc.text_sha:
                raise ValueError(f"the text of {doc.source} does not match its key")
        folder = data_dir / f"gen-{uuid.uuid4().hex[:12]}"
        folder.mkdir(parents=True)
        meta = {"format": FORMAT, "model": self.model, "lexical": self.lexical_version,
                "split": self.split_version,
                "extract": self.extract_version,
                "documents": [asdict(d) for d in self.documents],
                "skipped": [asdict(s) for s in self.skipped]}
        columns = {f: [getattr(u, f) for u in self.units]
                   for f in ("id", "source", "start", "end", "paragraph", "sentence", "kind",
                             "text")}
        _write(folder / "catalog.json", json.dumps(meta))
        _write(folder / "units.json", json.dumps(columns))
        self.lexical.save(folder)
        if self.vectors is not None:
            self.vectors.save(folder)
        if self.tokens is not None:
            self.tokens.save(folder)
        pointer = data_dir / "CURRENT"
        _write(pointer, folder.name)  # the atomic switch
        for old in data_dir.glob("gen-*"):
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
        store.collect({d.text_sha for d in self.documents})
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
            if meta.get("format") != FORMAT:
                return None
            documents = [DocumentEntry(**{**d, "pages": tuple(d["pages"])})
                         for d in meta["documents"]]
            store = TextStore(data_dir)
            texts = {d.source: store.get(d.text_sha) for d in documents}
            vectors = UnitVectors.load(folder, columns["id"])
            tokens = TokenStates.load(folder, len(columns["id"]))
        except (OSError, ValueError, KeyError, TypeError, SourceError):
            return None  # a missing or damaged generation is rebuilt
        units = [Unit(*row) for row in zip(*columns.values(), strict=True)]
        skipped = [Skipped(**s) for s in meta.get("skipped", [])]
        return cls(documents, units, lexical, meta["model"], folder, meta.get("lexical", 0),
                   texts, skipped, vectors, tokens, meta.get("split", 1),
                   meta.get("extract", 1))


def _write(path: Path, text: str) -> None:
    """Write durably: a temporary file, fsync, then an atomic rename over `path`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
