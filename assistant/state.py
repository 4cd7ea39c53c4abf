"""What one run of the pipeline carries from step to step, and what an answerer provides.

`State` is filled in step order (prepare → retrieve → rank → decide → write → cite); each
step reads what the earlier ones wrote. A `Writer` is the part that differs between the
extractive answerer (`chain.Extractive`) and the LLM answerer (`generate.Generated`): how a
follow-up is understood, how the text is written and how its citations are made.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypedDict

from assistant.answers import Citation, QuoteMatch
from assistant.decide import Decision
from assistant.followup import Resolved, Turn
from assistant.retrieval import Candidate
from index import Catalog, Unit


@dataclass(frozen=True)
class Numbered:
    """A sentence shown to a chat model as `[number]`."""

    number: int
    unit: Unit
    score: float
    text: str  # as shown: a table row with its column names (`Catalog.readable`)


class State(TypedDict, total=False):
    # The input, as given (a fallback answers it again from the start).
    question: Any
    history: Any
    # prepare
    asked: str  # the question, cleaned
    turns: list[Turn]
    quote: str | None  # the phrase of a quote question ("Does it say “…”?")
    resolved: Resolved  # the question, the text to retrieve with, what was cited before
    follow_up: bool
    # retrieve
    piece_kind: str | None  # what a question about the piece asks (`about_the_piece`)
    piece_rows: frozenset[int] | None  # the rows that alone answer a question about the piece
    undated: bool  # it asks when the piece was written, and the piece has no line dating it
    candidates: list[Candidate]
    matches: list[QuoteMatch]  # a quote question's places
    # rank
    ranked: list[Candidate]
    # decide
    features: dict[str, float]
    decision: Decision
    # write
    chosen: list[Candidate]  # the extractive answer's sentences
    passages: list[Numbered]  # what a chat model was shown
    text: str
    # cite
    citations: list[Citation]
    notice: str | None
    timings: dict[str, float]


class Fallback(Exception):
    """Raised by a writer that cannot answer (an LLM unreachable, or citing nothing): the
    pipeline answers extractively instead, with `notice` saying why."""

    def __init__(self, notice: str) -> None:
        super().__init__(notice)
        self.notice = notice


class Writer(Protocol):
    """The answerer-specific steps. `name` is `Answer.answerer`."""

    name: str

    def resolve(self, state: State, catalog: Catalog) -> None:
        """Set `resolved` and `follow_up` from `asked` and `turns`."""

    def write(self, state: State, catalog: Catalog) -> Iterator[str]:
        """Set `text` from the decision and the ranking; yield the text as it grows."""

    def cite(self, state: State, catalog: Catalog) -> None:
        """Set `citations` (and the final `text`, `notice`) from what `write` wrote."""
