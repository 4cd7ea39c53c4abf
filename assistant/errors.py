"""The project's one error tree (defined beside the index, extended here).

    AssistantError                 every error this project raises on purpose
    ├── ConfigError                an ASSISTANT_* setting out of range or malformed
    ├── SourceError                a sources path is missing, unreadable or leaves its folder
    ├── StoreError                 the Chroma store cannot be opened or reached
    ├── IndexBusyError             another process is building the same index
    ├── QuestionError              a question or history the assistant cannot take
    ├── CitationError              a citation reference that is malformed or out of range
    └── LLMError                   the configured language model failed (the caller falls back)

"No relevant passage" is not an error: it is an answer with `abstained=True`.
"""

from __future__ import annotations

from index import AssistantError, IndexBusyError, SourceError, StoreError


class ConfigError(AssistantError, ValueError):
    """A setting that cannot be used, raised when the settings are read.

    The message names the environment variable and what it accepts, e.g.
    `ASSISTANT_PORT='80a' is not valid: expected a whole number from 1 to 65535`.
    """

    def __init__(self, message: str, variable: str | None = None,
                 accepted: str | None = None) -> None:
        super().__init__(message)
        self.variable = variable
        self.accepted = accepted

    @classmethod
    def bad(cls, setting: str, value: object, accepted: str, secret: bool = False) -> ConfigError:
        variable = f"ASSISTANT_{setting.upper()}"
        shown = "" if secret else f"={value if isinstance(value, str) else str(value)!r}"
        return cls(f"{variable}{shown} is not valid: expected {accepted}", variable, accepted)


class QuestionError(AssistantError, ValueError):
    """The question (or its history) is empty, too long, or malformed."""


class CitationError(AssistantError, ValueError):
    """A citation reference is malformed, out of range, or names an unknown source."""

    def __init__(self, message: str, reference: str | None = None) -> None:
        super().__init__(message)
        self.reference = reference


class LLMError(AssistantError):
    """The language model could not be reached or answered badly."""


__all__ = [
    "AssistantError",
    "CitationError",
    "ConfigError",
    "IndexBusyError",
    "LLMError",
    "QuestionError",
    "SourceError",
    "StoreError",
]
