"""All settings in one place: defaults, overridden by `ASSISTANT_*` environment variables."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"


def _default_data_home() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "article-assistant"


def data_dir_for(sources: Path, home: Path | None = None) -> Path:
    """A data folder per sources path, so two source folders never share an index."""
    resolved = Path(sources).resolve()
    key = hashlib.sha1(str(resolved).encode()).hexdigest()[:10]
    return (home or _default_data_home()) / f"{resolved.name or 'root'}-{key}"


@dataclass(frozen=True)
class Settings:
    """Every knob of the assistant. `Settings.from_env()` reads the environment once."""

    sources: Path = SEEDS
    data_dir: Path | None = None  # None: a folder per sources path under ASSISTANT_DATA_HOME
    data_home: Path | None = None
    model: str | None = None  # None: the bundled all-MiniLM-L6-v2
    chroma_url: str | None = None  # e.g. http://127.0.0.1:8000 for a `chroma run` server
    collection: str = "article-units"
    # The decision's thresholds (None: those `assistant train` chose, in the model's file):
    # confidence below `answer_at` hedges, on-topic probability below `refuse_below` refuses.
    answer_at: float | None = None
    refuse_below: float | None = None
    rules_off: frozenset[str] = frozenset()  # rules (assistant/rules.py) switched off by name
    candidates: int = 40
    max_question_chars: int = 2000
    max_history_turns: int = 20
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str | None = None  # "user:password" turns on the UI login
    llm: str | None = None  # "openai" or "ollama"; None: the extractive answerer
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_timeout_s: float = 30.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"ASSISTANT_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def resolved_data_dir(self) -> Path:
        if self.data_dir is not None:
            return Path(self.data_dir)
        return data_dir_for(Path(self.sources), self.data_home)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _convert(name: str, raw: str) -> Any:
    default = Settings.__dataclass_fields__[name].default
    if name in ("sources", "data_dir", "data_home"):
        return Path(raw).expanduser()
    if name in ("answer_at", "refuse_below"):
        return float(raw)
    if name == "rules_off":
        from assistant.rules import check_names

        return check_names(frozenset(n.strip() for n in raw.split(",") if n.strip()))
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw
