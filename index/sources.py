"""Loading the user's articles: a folder of .txt/.md files, or one file."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.errors import SourceError

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".txt", ".md", ".markdown"})
# Bigger files are almost always data dumps, not articles; skipping them keeps memory bounded.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """One source file as read: `source` is its path relative to the sources root."""

    source: str
    text: str
    sha256: str


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
    for file in sorted(root.rglob("*")):
        # Hidden names count below the root only: a root inside ~/.config is still read.
        hidden = any(p.startswith(".") for p in file.relative_to(root).parts)
        if file.suffix.lower() not in SUFFIXES or hidden:
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


def read_document(file: Path, root: Path) -> Document | None:
    """Read one file; None (with a warning naming it) when it is not UTF-8 text."""
    source = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.name
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            log.warning("skipping %s: %d bytes is over the %d byte limit",
                        source, size, MAX_FILE_BYTES)
            return None
        raw = file.read_bytes()
    except OSError as exc:
        log.warning("skipping %s: %s", source, exc)
        return None
    if b"\x00" in raw:
        log.warning("skipping %s: it looks binary (NUL bytes)", source)
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        log.warning("skipping %s: not UTF-8 (%s)", source, exc.reason)
        return None
    # The same call as the citation invariant uses, so offsets agree (newline handling included).
    text = file.read_text(encoding="utf-8")
    return Document(source, text, hashlib.sha256(raw).hexdigest())


def document_text(root: Path, source: str) -> str:
    """The text of `source` under `root`, refusing paths that leave the folder."""
    root = Path(root).resolve()
    candidate = (root / source).resolve()
    if not candidate.is_relative_to(root):
        raise SourceError(f"{source!r} is outside the sources folder", source)
    if not candidate.is_file():
        # The message may reach a client: the source name only, never the folder's path.
        raise SourceError(f"unknown source {source!r} (no such file in the sources folder)",
                          source)
    return candidate.read_text(encoding="utf-8")
