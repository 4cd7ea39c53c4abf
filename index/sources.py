"""Loading the user's articles: a folder of text, Markdown, HTML and PDF files, or one file.

Thread safety: functions over their arguments; nothing shared is kept.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.errors import SourceError
from index.extract import HTML_SUFFIXES, PDF_SUFFIXES, ExtractError, Kind, extract

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".txt", ".md", ".markdown"}) | HTML_SUFFIXES | PDF_SUFFIXES
# Documents a user may well mean to be read, which are not: each is listed as skipped, with
# what to do, rather than left out in silence (an image or a .DS_Store is left out).
UNREAD = {".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".rtf": "RTF",
          ".pages": "Pages", ".epub": "EPUB", ".ppt": "PowerPoint", ".pptx": "PowerPoint",
          ".odp": "OpenDocument", ".xls": "Excel", ".xlsx": "Excel", ".ods": "OpenDocument"}
# What `iter_source_files` lists: what is read, and what is reported as not read.
_LISTED = SUFFIXES | UNREAD.keys()
# Bigger files are almost always data dumps, not articles; skipping them keeps memory bounded.
MAX_FILE_BYTES = 20 * 1024 * 1024
# A folder holding this file is a cache (the Cache Directory Tagging convention, which backup
# tools honour too): an index's data folder inside the sources is never read as sources.
CACHE_TAG = "CACHEDIR.TAG"
CACHE_TAG_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                  "# An article-assistant index: rebuilt from its sources when it is gone.\n"
                  "# About cache directory tags: https://bford.info/cachedir/\n")


@dataclass(frozen=True)
class Document:
    """One source file as read: `source` is its path relative to the sources root, `text`
    what citations count offsets in (extracted for HTML and PDF), `sha256` the hash of the
    file's bytes, `pages` the offsets where each page starts (PDF only)."""

    source: str
    text: str
    sha256: str
    kind: Kind = "text"
    pages: tuple[int, ...] = ()
    size: int = 0
    mtime_ns: int = 0


@dataclass(frozen=True)
class RawFile:
    """A source file's bytes, read once, with what identifies this version of it."""

    file: Path
    source: str
    raw: bytes
    sha256: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    """A file under the sources that is not indexed, and why (`sha256` of the bytes that
    were refused, so the same file is not read and warned about again)."""

    source: str
    reason: str
    sha256: str = ""


def source_name(file: Path, root: Path) -> str:
    """The citation name of a file: its path relative to the sources root."""
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else file.name


def sources_root(path: Path) -> Path:
    """The folder citations are relative to: the folder itself, or a single file's parent."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"sources path does not exist: {path}", str(path))
    return path.resolve() if path.is_dir() else path.resolve().parent


def iter_source_files(path: Path) -> Iterator[Path]:
    """Candidate files under `path`, sorted, never leaving it through a symlink."""
    path = Path(path)
    root = sources_root(path)
    if path.is_file():
        yield path.resolve()
        return
    tagged: dict[Path, bool] = {}

    def in_cache(folder: Path) -> bool:  # below the root, as for hidden names
        while folder != root:
            if folder not in tagged:
                tagged[folder] = (folder / CACHE_TAG).is_file()
            if tagged[folder]:
                return True
            folder = folder.parent
        return False

    for file in sorted(root.rglob("*")):
        # Hidden names count below the root only: a root inside ~/.config is still read.
        hidden = any(p.startswith(".") for p in file.relative_to(root).parts)
        if file.suffix.lower() not in _LISTED or hidden or in_cache(file.parent):
            continue
        try:
            real = file.resolve()
        except (OSError, RuntimeError) as exc:  # a symlink loop (RuntimeError before 3.13)
            log.warning("skipping %s: it cannot be resolved (%s)", file, exc)
            continue
        if not real.is_relative_to(root):
            log.warning("skipping %s: it links outside the sources folder", file)
            continue
        if real.is_file():
            yield file


def unread(suffix: str) -> str | None:
    """Why a document of this type is not read, and what to do (None for other types)."""
    kind = UNREAD.get(suffix.lower())
    return None if kind is None else (f"{kind} files ({suffix.lower()}) are not read; save it "
                                      "as PDF, a web page or plain text")


def read_raw(file: Path, root: Path) -> RawFile | Skipped:
    """A file's bytes and hash, or why it cannot be read."""
    source = source_name(file, root)
    if (why := unread(file.suffix)) is not None:
        return Skipped(source, why)
    try:
        stat = file.stat()
        if stat.st_size > MAX_FILE_BYTES:
            return Skipped(source, f"{stat.st_size} bytes is over the {MAX_FILE_BYTES} byte "
                           "limit")
        raw = file.read_bytes()
    except OSError as exc:
        return Skipped(source, exc.strerror or str(exc))
    return RawFile(file, source, raw, hashlib.sha256(raw).hexdigest(), len(raw),
                   stat.st_mtime_ns)


def to_document(raw: RawFile) -> Document | Skipped:
    """The document in a file's bytes (its text extracted), or why there is none."""
    try:
        found = extract(raw.raw, raw.file.suffix.lower())
    except ExtractError as exc:
        return Skipped(raw.source, str(exc), raw.sha256)
    if not found.text.strip():
        return Skipped(raw.source, "it has no text", raw.sha256)
    return Document(raw.source, found.text, raw.sha256, found.kind, found.pages, raw.size,
                    raw.mtime_ns)


def read_document(file: Path, root: Path) -> Document | None:
    """Read one file; None (with a warning naming it) when it cannot be indexed."""
    raw = read_raw(file, root)
    found = to_document(raw) if isinstance(raw, RawFile) else raw
    if isinstance(found, Skipped):
        log.warning("skipping %s: %s", found.source, found.reason)
        return None
    return found
