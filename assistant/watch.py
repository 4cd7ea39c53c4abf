"""Re-indexing a served assistant when its source files change.

`Watcher(assistant).start()` polls the size and modification time of every source file every
two seconds and refreshes the index once a change has held still for one more poll (an
editor's save or a copy in progress settles first). Polling needs no extra dependency and
works on every file system, network mounts included; a stat per file every two seconds is
cheap for the folders of articles this serves. The refresh builds a new generation and
switches it in atomically (`Assistant.refresh`); answers in flight finish on the old one.

Thread safety: one background thread owns the snapshot; `start` and `stop` are locked.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from index import AssistantError, IndexBusyError, RefreshReport, iter_source_files

if TYPE_CHECKING:
    from assistant.api import Assistant

log = logging.getLogger(__name__)

INTERVAL_S = 2.0
Snapshot = frozenset[tuple[str, int, int]]


def snapshot(sources: Path) -> Snapshot:
    """(path, size, mtime) of every source file; empty when the sources are gone."""
    found = set()
    try:
        for file in iter_source_files(sources):
            try:
                stat = file.stat()
            except OSError:
                continue  # removed while we looked: the next poll sees it gone
            found.add((str(file), stat.st_size, stat.st_mtime_ns))
    except (AssistantError, OSError):
        pass
    return frozenset(found)


class Watcher:
    """Keeps an assistant's index in step with its sources while it serves."""

    def __init__(self, assistant: Assistant, interval_s: float = INTERVAL_S,
                 on_refresh: Callable[[RefreshReport], None] | None = None) -> None:
        self.assistant = assistant
        self.sources = Path(assistant.settings.sources)
        self.interval_s = interval_s
        self.on_refresh = on_refresh
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Watcher:
        with self._lock:
            if self._thread is None:
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="source-watcher",
                                                daemon=True)
                self._thread.start()
        return self

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop polling; waits for a refresh in progress to finish."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._stop.set()
        if thread is not None:
            thread.join(timeout_s)

    def __enter__(self) -> Watcher:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def _run(self) -> None:
        seen = snapshot(self.sources)
        pending = False
        while not self._stop.wait(self.interval_s):
            now = snapshot(self.sources)
            if now != seen:  # still changing: wait for it to hold still
                seen, pending = now, True
                continue
            if pending:
                pending = not self._refresh()

    def _refresh(self) -> bool:
        """Refresh the index; False when it should be tried again at the next poll."""
        try:
            report = self.assistant.refresh()
        except IndexBusyError:
            log.info("another process is indexing; trying again in %.0f s", self.interval_s)
            return False
        except AssistantError as exc:
            log.warning("re-indexing after a change failed: %s", exc)
            return True
        except Exception:  # the watcher must outlive any one bad refresh
            log.exception("re-indexing after a change failed")
            return True
        if report.touched:
            log.info("sources changed; index refreshed: %s", report.summary())
        if self.on_refresh is not None:
            self.on_refresh(report)
        return True
