"""Questions in, answers out: cited, checkable answers about a folder of articles."""

from assistant.answers import Answer, Citation, Passage, QuoteCheck, QuoteMatch
from assistant.api import Assistant
from assistant.errors import (
    AssistantError,
    CitationError,
    ConfigError,
    IndexBusyError,
    LLMError,
    QuestionError,
    SourceError,
    StoreError,
)
from assistant.settings import Settings

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "Citation",
    "CitationError",
    "ConfigError",
    "IndexBusyError",
    "LLMError",
    "Passage",
    "QuestionError",
    "QuoteCheck",
    "QuoteMatch",
    "Settings",
    "SourceError",
    "StoreError",
]
