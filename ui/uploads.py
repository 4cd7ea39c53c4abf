"""Documents added and removed from the page: checked, safely named, kept in the sources folder.

An upload is accepted only when
- its type is one the index reads, and its content is that type (a PNG renamed `.txt` is
  refused: text must be UTF-8 or Windows-1252 text, HTML must look like markup, a PDF must start
  with `%PDF-`);
- it is at most `MAX_UPLOAD_BYTES`;
- its name, reduced to a plain file name (`../../x.txt` becomes `x.txt`), lands directly in
  the sources folder.
Each file is written under a hidden temporary name first (the index skips hidden names) and
renamed into place, so the indexer never reads half a file. Indexing is the caller's next
step (`Assistant.refresh`).

Removing, or replacing by an upload of the same name, deletes only a document added from the
page and unchanged since: a ledger in the data folder (`UPLOADS_LEDGER`) keeps each upload's
name and content hash. A file the user put in the folder, or edited after uploading, is
theirs: the page never deletes or overwrites it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.extract import ExtractError, decode_text
from index.sources import SUFFIXES as INDEXED_SUFFIXES
from index.sources import unread

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOADS_LEDGER = "uploads.json"
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^\w.\- ]+")
_MARKUP = re.compile(rb"<\s*(!doctype\s+html|html|head|body|article|main|p|div|h[1-6]|title)\b",
                     re.I)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


class UploadError(ValueError):
    """Why one uploaded file was refused (the message is shown on the page)."""


def _plain(data: bytes) -> None:
    if b"\x00" in data:
        raise UploadError("it is not a text file: it holds binary data")
    try:
        decode_text(data)
    except ExtractError as exc:
        raise UploadError(f"it is not a text file: it is {exc}") from None


def _html(data: bytes) -> None:
    if b"\x00" in data:  # a page names its encoding: any is read, but no binary
        raise UploadError("it is not an HTML page: it holds binary data")
    if not _MARKUP.search(data[:65536]):
        raise UploadError("it is not an HTML page: no HTML tags in it")


def _pdf(data: bytes) -> None:
    if not data.lstrip()[:5] == b"%PDF-":
        raise UploadError("it is not a PDF: it does not start with %PDF-")


_CHECKS: dict[str, Callable[[bytes], None]] = {
    ".txt": _plain, ".md": _plain, ".markdown": _plain,
    ".html": _html, ".htm": _html, ".pdf": _pdf,
}


def accepted_suffixes() -> tuple[str, ...]:
    """The types an upload may have: those the index reads and we can check."""
    return tuple(s for s in _CHECKS if s in INDEXED_SUFFIXES)


def safe_name(name: str) -> str:
    """A plain file name for `name`: no folders, no hidden names, no odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" ._")
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem:
        raise UploadError("it has no file name with a type (like notes.txt)")
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1].strip(" ._") or "document"
    return f"{stem}.{suffix.lower()}"


def check(name: str, data: bytes) -> str:
    """The safe name to store `data` under; UploadError when it must be refused."""
    accepted = accepted_suffixes()
    target = safe_name(name)
    suffix = Path(target).suffix
    if suffix not in accepted:
        raise UploadError(unread(suffix) or f"{suffix or 'this type'} files are not read; "
                          f"add {', '.join(accepted)} files")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"it is {_size(len(data))}, over the {_size(MAX_UPLOAD_BYTES)} limit")
    if not data.strip():
        raise UploadError("it is empty")
    _CHECKS[suffix](data)
    return target


@dataclass
class Outcome:
    """What happened to a batch of uploads."""

    saved: list[str] = field(default_factory=list)  # source names now in the folder
    replaced: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "name: why" lines


def _write(folder: Path, name: str, data: bytes) -> Path:
    target = (folder / name).resolve()
    if target.parent != folder:  # safe_name makes this impossible; refuse rather than trust
        raise UploadError("its name leaves the sources folder")
    tmp = folder / f".upload-{uuid.uuid4().hex}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _read(file: Path) -> bytes:
    size = file.stat().st_size
    if size > MAX_UPLOAD_BYTES:  # refused before it is read into memory
        raise UploadError(f"it is {_size(size)}, over the {_size(MAX_UPLOAD_BYTES)} limit")
    return file.read_bytes()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _ledger(data_dir: Path) -> dict[str, str]:
    """Uploads still in the folder as added: name -> content hash ({} when none or unreadable)."""
    try:
        found = json.loads((data_dir / UPLOADS_LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _keep_ledger(data_dir: Path, ledger: dict[str, str]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / f".{UPLOADS_LEDGER}-{uuid.uuid4().hex}.tmp"
    try:
        tmp.write_text(json.dumps(ledger, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, data_dir / UPLOADS_LEDGER)
    finally:
        tmp.unlink(missing_ok=True)


def save(folder: Path, files: Iterable[tuple[str, Path]], data_dir: Path) -> Outcome:
    """Check and write each (name as uploaded, file holding its content) into `folder`, and
    note each in the ledger in `data_dir`."""
    folder = Path(folder).resolve()
    outcome = Outcome()
    ledger = _ledger(data_dir)
    for name, file in files:
        shown = name.replace("\\", "/").rsplit("/", 1)[-1] or name
        try:
            data = _read(file)
            target = check(name, data)
            existed = (folder / target).exists()
            inside = (folder / target).resolve().parent == folder  # else _write refuses it
            if existed and inside and not _ours(folder, target, ledger):
                raise UploadError(f"{target} is already in the sources folder, put there "
                                  "another way or changed since; rename the file to add it")
            _write(folder, target, data)
        except UploadError as exc:
            outcome.refused.append(f"{shown}: {exc}")
            continue
        except OSError as exc:
            log.warning("could not save the upload %r: %s", name, exc)
            outcome.refused.append(f"{shown}: it could not be saved ({exc.strerror})")
            continue
        ledger[target] = _digest(data)
        (outcome.replaced if existed else outcome.saved).append(target)
    if outcome.saved or outcome.replaced:
        _keep_ledger(data_dir, ledger)
    return outcome


def _ours(folder: Path, name: str, ledger: dict[str, str]) -> bool:
    """Whether `name` in `folder` is an upload from the page, unchanged since."""
    path = folder / name
    return path.is_file() and ledger.get(name) == _digest(path.read_bytes())


def remove(folder: Path, source: str, data_dir: Path) -> None:
    """Delete the document `source` (a name relative to `folder`) from the folder, if it was
    added from the page and is unchanged since."""
    folder = Path(folder).resolve()
    target = (folder / source).resolve()
    if not target.is_relative_to(folder) or target == folder or not target.is_file():
        raise UploadError(f"{source!r} is not a document in the sources folder")
    ledger = _ledger(data_dir)
    name = target.relative_to(folder).as_posix()
    if not _ours(folder, name, ledger):
        changed = " and changed since" if name in ledger else ""
        raise UploadError(f"{source} was not added from this page{changed}, so it is left in "
                          f"place; to take it out, move it out of {folder}")
    target.unlink()
    del ledger[name]
    _keep_ledger(data_dir, ledger)
