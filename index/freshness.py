"""Whether the files behind an index generation still say what was indexed.

A citation points into the kept text (`index.texts`), so it stays right when a file changes;
this only tells the reader that the file on disk no longer matches, and how to fix that.

Thread safety: the notices found are cached per (source, size, mtime) in a dict guarded by
`self._lock`; the check itself reads only its arguments and the file.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from index.catalog import DocumentEntry

CHANGED = "changed on disk since it was indexed; re-index to update"
DELETED = "deleted from disk since it was indexed; re-index to update"
# Notices kept; a long-running server sees each file version once.
_CACHE = 4096


class Freshness:
    """Notices for documents whose file changed or vanished since indexing."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str, int, int], str | None] = {}

    def notice(self, entry: DocumentEntry) -> str | None:
        """'SOURCE: changed on disk ...' or 'SOURCE: deleted from disk ...', or None when
        the file still holds the bytes that were indexed."""
        path = self.root / entry.source
        try:
            stat = path.stat()
        except OSError:
            return f"{entry.source}: {DELETED}"
        if not path.is_file():
            return f"{entry.source}: {DELETED}"
        if (stat.st_size, stat.st_mtime_ns) == (entry.size, entry.mtime_ns):
            return None  # untouched since indexing: no need to read it
        key = (entry.source, entry.sha256, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            if key in self._seen:
                return self._seen[key]
        try:
            same = hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256
        except OSError:
            return f"{entry.source}: {DELETED}"
        found = None if same else f"{entry.source}: {CHANGED}"
        with self._lock:
            if len(self._seen) >= _CACHE:
                self._seen.pop(next(iter(self._seen)))
            self._seen[key] = found
        return found
