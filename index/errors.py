"""The project's error tree. `assistant.errors` re-exports it with the answering errors.

    AssistantError                 every error this project raises on purpose
    ├── SourceError                a sources path is missing, unreadable or unsafe
    ├── StoreError                 the vector store cannot be opened or reached
    ├── IndexBusyError             another process is building the same index
    └── (assistant.errors adds QuestionError, CitationError and LLMError)
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the project raises on purpose."""


class SourceError(AssistantError):
    """A sources path is missing, unreadable, or leaves the sources folder."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class StoreError(AssistantError):
    """The Chroma store cannot be opened or reached."""


class IndexBusyError(AssistantError):
    """Another process holds the index lock of the same data folder."""
