"""All settings in one place: defaults, overridden by `ASSISTANT_*` environment variables."""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _bundled_seeds() -> Path:
    """The seed article's folder: assistant/seeds in an installed wheel (package data built
    from the top-level seeds/), the top-level seeds/ itself in a checkout."""
    installed = Path(__file__).resolve().parent / "seeds"
    return installed if installed.is_dir() else PROJECT_ROOT / "seeds"


SEEDS = _bundled_seeds()


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
    # None: the bundled all-MiniLM-L6-v2 with its tuned layers (index/tuned.py); "bundled":
    # without them; else any sentence-transformers model name or folder.
    model: str | None = None
    chroma_url: str | None = None  # e.g. http://127.0.0.1:8000 for a `chroma run` server
    collection: str = "article-units"
    # The decision's thresholds (None: those `assistant train` chose, in the model's file):
    # confidence below `answer_at` hedges, on-topic probability below `refuse_below` refuses.
    answer_at: float | None = None
    refuse_below: float | None = None
    rules_off: frozenset[str] = frozenset()  # rules (assistant/rules.py) switched off by name
    candidates: int = 40
    # How much of the conversation a follow-up's search vector holds (the rest is the
    # question's own; 1 embeds the question with its context whole, which pulls the search
    # back to what the earlier question was answered with). Evidence recall on the synthetic
    # follow-ups of the SQuAD validation articles (assistant/synthetic.py) at 1 / 0.5 / 0.3 /
    # 0.2 / 0: 0.668 / 0.724 / 0.746 / 0.75 / 0.767; 0.2 rather than 0, since SQuAD's
    # questions say most of what they ask even with a pronoun, and a reader's "Why?" nothing.
    follow_up_context: float = 0.2
    # How much late interaction (token-level similarity, `Searcher.late`) counts in a
    # candidate's score; None: the weight `assistant train` fitted with the others
    # (assistant/models/ranking.json), 0: not at all (the decision still reads it).
    late_interaction: float | None = None
    # onnxruntime intra-op threads for one question: 1 keeps concurrent questions (and
    # other processes) from fighting over the cores; indexing uses every core regardless.
    query_threads: int = 1
    # Untrusted input is capped at the boundary (assistant/boundary.py): longer questions and
    # quote searches are refused, longer history turns cut, the oldest turns dropped.
    max_question_chars: int = 2000
    max_history_turns: int = 20
    max_turn_chars: int = 4000
    max_history_chars: int = 40_000
    max_quote_chars: int = 5000
    max_reference_chars: int = 1000
    max_quote_limit: int = 50
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str | None = None  # "user:password" turns on the UI login
    # Gradio's upload route: on for the local UI; turn it off on a shared server.
    uploads: bool = True
    max_upload_mb: int = 20
    # Failed logins from one address: after `login_free_tries` each answer waits longer, and
    # after `login_max_tries` the address is refused for `login_lockout_s` seconds.
    login_free_tries: int = 3
    login_max_tries: int = 10
    login_delay_s: float = 1.0  # the first slowed answer; each further failure doubles it
    login_lockout_s: float = 300.0
    llm: str | None = None  # "openai" or "ollama"; None: the extractive answerer
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_timeout_s: float = 30.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """The defaults, then ASSISTANT_* variables, then `overrides` (None: not given).

        A value that cannot be used is a ConfigError naming its variable and what it takes.
        """
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"ASSISTANT_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = _check(f.name, _convert(f.name, raw, f.default), raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).checked()

    def checked(self) -> Settings:
        """These settings, or ConfigError naming the first one out of range."""
        for name in _RULES:
            _check(name, getattr(self, name))
        return self

    def resolved_data_dir(self) -> Path:
        if self.data_dir is not None:
            return Path(self.data_dir)
        return data_dir_for(Path(self.sources), self.data_home)

    def home(self) -> Path:
        """The data home: the per-sources data folders, the remembered sources, the models."""
        return Path(self.data_home) if self.data_home is not None else _default_data_home()

    def models_dir(self) -> Path:
        """Where the embedding model's folder and its ONNX export are written: the data home's
        `models/`, one for every data folder (174 MB, which each data folder used to copy);
        the data folder's own where the home cannot be written."""
        shared = self.home() / "models"
        try:
            shared.mkdir(parents=True, exist_ok=True)
            if os.access(shared, os.W_OK):
                return shared
        except OSError:
            pass
        return self.resolved_data_dir() / "models"

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


LLM_PROVIDERS = ("openai", "ollama")
_SECRET = {"auth"}  # never echoed back in a message
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
_COLLECTION = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{1,510})[A-Za-z0-9]")
_HOST = re.compile(r"[A-Za-z0-9._:%-]+|\[[0-9A-Fa-f:.%]+\]")


def split_auth(auth: str | None) -> tuple[str, str] | None:
    """`"user:password"` as (user, password); None or "" leaves the page open."""
    if auth is None or auth == "":
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError.bad("auth", auth, _RULES["auth"][0], secret=True)
    return user, password


def _url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _auth(value: str) -> bool:
    user, sep, password = value.partition(":")
    return bool(sep and user and password)


def _unit(value: float) -> bool:
    return 0 <= value <= 1


# What each setting accepts beyond its type: (the words for the message, the test). Paths,
# model names and the LLM's model name are free-form: a missing sources path is a
# SourceError when the index opens, a model that will not load fails when it loads.
_RULES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "chroma_url": ("an http(s) URL such as http://127.0.0.1:8000", _url),
    "collection": ("3 to 512 letters, digits, '.', '_' or '-', starting and ending with a "
                   "letter or digit", lambda v: bool(_COLLECTION.fullmatch(v))),
    "answer_at": ("a number from 0 to 1", _unit),
    "refuse_below": ("a number from 0 to 1", _unit),
    "candidates": ("a whole number of at least 1", lambda v: v >= 1),
    "follow_up_context": ("a number from 0 to 1", _unit),
    "late_interaction": ("a number of at least 0", lambda v: 0 <= v < math.inf),
    "max_question_chars": ("a whole number of at least 1", lambda v: v >= 1),
    "max_history_turns": ("a whole number of at least 0", lambda v: v >= 0),
    "query_threads": ("a whole number of at least 1", lambda v: v >= 1),
    **{name: ("a whole number of at least 1", lambda v: v >= 1) for name in (
        "max_turn_chars", "max_history_chars", "max_quote_chars", "max_reference_chars",
        "max_quote_limit", "max_upload_mb", "login_max_tries")},
    "login_free_tries": ("a whole number of at least 0", lambda v: v >= 0),
    "login_delay_s": ("a number of seconds of at least 0", lambda v: 0 <= v < math.inf),
    "login_lockout_s": ("a number of seconds of at least 0", lambda v: 0 <= v < math.inf),
    "host": ("a host name or IP address such as 127.0.0.1, ::1 or 0.0.0.0",
             lambda v: bool(_HOST.fullmatch(v))),
    "port": ("a whole number from 1 to 65535", lambda v: 1 <= v <= 65535),
    "auth": ("user:password (both parts non-empty)", _auth),
    "llm": (" or ".join(LLM_PROVIDERS) + " (unset: the extractive answerer)",
            lambda v: v.lower() in LLM_PROVIDERS),
    "llm_base_url": ("an http(s) URL such as http://127.0.0.1:11434", _url),
    "llm_timeout_s": ("a number of seconds above 0", lambda v: 0 < v < math.inf),
}


def _check(name: str, value: Any, raw: str | None = None) -> Any:
    """`value`, or ConfigError quoting `raw` (what was typed) and what the setting accepts."""
    rule = _RULES.get(name)
    if value is not None and rule is not None and not rule[1](value):
        raise ConfigError.bad(name, value if raw is None else raw, rule[0],
                              secret=name in _SECRET)
    return value


def _convert(name: str, raw: str, default: object) -> Any:
    """The value of ASSISTANT_<NAME>=raw, typed like the setting's default."""
    if name in ("sources", "data_dir", "data_home"):
        return Path(raw).expanduser()
    if name == "rules_off":
        from assistant.rules import BY_NAME, check_names

        try:
            return check_names(frozenset(n.strip() for n in raw.split(",") if n.strip()))
        except ValueError:
            raise ConfigError.bad(name, raw, "rule names separated by commas, from: "
                                  + ", ".join(BY_NAME)) from None
    try:
        if name in ("answer_at", "refuse_below", "late_interaction"):  # None by default
            return float(raw)
        if isinstance(default, bool):
            lowered = raw.strip().lower()
            if lowered not in _TRUE + _FALSE:
                raise ValueError(raw)
            return lowered in _TRUE
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError(raw)
            return value
    except ValueError:
        accepted = _RULES[name][0] if name in _RULES else (
            f"one of {', '.join(_TRUE + _FALSE)}" if isinstance(default, bool)
            else "a whole number" if isinstance(default, int) else "a number")
        raise ConfigError.bad(name, raw, accepted) from None
    return raw
