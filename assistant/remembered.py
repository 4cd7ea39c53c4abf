"""What `assistant index PATH` remembers for the commands after it.

The state file is `state.json` in the data home (`ASSISTANT_DATA_HOME`, by default
`~/.cache/article-assistant`), written atomically by each successful `assistant index`:

    {"version": 1,
     "sources": "/home/ana/articles",         # the default sources from now on
     "data_dir": null,                        # the --data-dir given with it, if any
     "indexed_at": "2026-12-01T02:30:00Z",
     "documents": ["faq.md", "recipe.txt"],   # what was indexed
     "skipped": ["photo.txt: it looks binary (NUL bytes)"]}   # and what was not, and why

`ask`, `cite`, `serve`, `eval` and a bare `index` use `sources` (and `data_dir`) when neither
`--sources` nor `ASSISTANT_SOURCES` names other sources; `assistant sources` shows it all.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
VERSION = 1


@dataclass(frozen=True)
class Remembered:
    """The sources the last `assistant index` indexed, and how that went."""

    sources: Path
    data_dir: Path | None = None
    indexed_at: str = ""
    documents: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def state_path(home: Path) -> Path:
    return Path(home) / STATE_FILE


def load(home: Path) -> Remembered | None:
    """The remembered sources, or None when nothing (readable) was remembered."""
    path = state_path(home)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        data_dir = raw.get("data_dir")
        return Remembered(Path(raw["sources"]), Path(data_dir) if data_dir else None,
                          str(raw.get("indexed_at", "")), tuple(raw.get("documents", ())),
                          tuple(raw.get("skipped", ())))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring %s: %s", path, exc)
        return None


def save(home: Path, sources: Path, data_dir: Path | None, documents: list[str],
         skipped: list[str]) -> Remembered:
    """Remember `sources` as the default from now on."""
    remembered = Remembered(Path(sources).resolve(),
                            Path(data_dir).resolve() if data_dir else None,
                            datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                            tuple(documents), tuple(skipped))
    payload = {"version": VERSION, "sources": str(remembered.sources),
               "data_dir": str(remembered.data_dir) if remembered.data_dir else None,
               "indexed_at": remembered.indexed_at, "documents": list(remembered.documents),
               "skipped": list(remembered.skipped)}
    path = state_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return remembered
