"""The kept text of every indexed document: `data_dir/texts/<sha256>.txt`.

Citations count offsets in the text a document was indexed from, not in whatever the file
says now, so that text is kept. Files are named by the SHA-256 of their UTF-8 bytes: a text
shared by two generations (or two documents) is stored once, and a generation saved later
removes the texts that no remaining generation lists (`collect`).

Thread safety: a kept text is immutable once written (written to a temporary name, then
renamed into place), so readers need no lock; writes and removals happen only under the
builder's index lock.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from index.errors import SourceError


def text_key(text: str) -> str:
    """The name a text is kept under: the SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TextStore:
    """Content-addressed texts in one folder of a data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / "texts"

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.txt"

    def put(self, text: str) -> str:
        """Keep `text` (once) and return its key."""
        key = text_key(text)
        target = self.path(key)
        if not target.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{key}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(text.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        return key

    def get(self, key: str) -> str:
        """The text kept under `key`, exactly as it was put (bytes, not newline-translated)."""
        try:
            text = self.path(key).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(f"the kept text {key[:12]}… is missing or damaged ({exc}); "
                              "run `assistant index` to rebuild the index") from exc
        if text_key(text) != key:
            raise SourceError(f"the kept text {key[:12]}… is damaged; run `assistant index` "
                              "to rebuild the index")
        return text

    def keys(self) -> set[str]:
        return {p.stem for p in self.folder.glob("*.txt")} if self.folder.is_dir() else set()

    def collect(self, keep: set[str]) -> list[str]:
        """Remove every kept text not in `keep`; returns the removed keys."""
        removed = sorted(self.keys() - keep)
        for key in removed:
            self.path(key).unlink(missing_ok=True)
        return removed
