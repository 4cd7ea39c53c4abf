"""What the assistant returns: answers, their citations, looked-up passages, quote matches."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from assistant.boundary import parse_offset
from assistant.errors import CitationError

Outcome = Literal["answer", "hedged", "refused"]
# A hedged extractive answer: "The article may not answer this; the closest passages: …"
HEDGE_LEAD = "may not answer this; the closest passage"


def hedge_lead(cited: int) -> str:
    """The hedge's words before the passages it cites (one, or several)."""
    return f"{HEDGE_LEAD}{'s' if cited > 1 else ''}:"


def after_hedge(text: str) -> str:
    """The passages of a hedged extractive answer: what follows its lead (all of an answer
    without one)."""
    lead = text.find(HEDGE_LEAD)
    return text if lead < 0 else text[text.index(":", lead) + 1:]

if TYPE_CHECKING:
    from index import Unit

_REFERENCE = re.compile(r"(?P<source>.+):(?P<start>-?[0-9]+)-(?P<end>-?[0-9]+)", re.DOTALL)
# A citation line as `assistant ask` prints it, pasted whole: `[1] source:start-end "quote"`.
_PRINTED = re.compile(r'\[[0-9]+\][ \t]+(?P<ref>.+?:-?[0-9]+--?[0-9]+)(?:[ \t]+".*")?',
                      re.DOTALL)


def printed_reference(line: str) -> str | None:
    """The `source:start-end` of a citation line as `assistant ask` prints it, else None."""
    printed = _PRINTED.fullmatch(line.strip())
    return printed["ref"] if printed else None


def reference(source: str, start: int, end: int) -> str:
    """The permalink string of a span: `source:start-end`."""
    return f"{source}:{start}-{end}"


def parse_reference(ref: str) -> tuple[str, int, int]:
    """`source:start-end` (or a UI link carrying `?cite=`) as (source, start, end)."""
    if not isinstance(ref, str):
        raise CitationError(f"expected 'source:start-end', got {type(ref).__name__}")
    text = ref
    if text.startswith("?") or "://" in text or "/?cite=" in text:
        from urllib.parse import parse_qs, urlparse

        values = parse_qs(urlparse(text).query).get("cite")
        text = values[0] if values else text
    m = _REFERENCE.fullmatch(text) or _REFERENCE.fullmatch(text.strip())
    if not m:
        raise CitationError(f"malformed citation reference {ref!r}; expected SOURCE:START-END, "
                            "for example article.txt:73-391", ref)
    start, end = parse_offset(m["start"], ref), parse_offset(m["end"], ref)
    if start < 0 or end <= start:
        raise CitationError(f"bad offsets in {ref!r}: need 0 <= START < END", ref)
    return m["source"], start, end


@dataclass(frozen=True)
class Citation:
    """An exact span of a source: `quote == document_text[start:end]`.

    `paragraph` and `sentence` count from 1, as everywhere the user sees them (the CLI, the
    UI, `Passage`, the retriever's metadata); the title is paragraph 1, sentence 1.
    """

    number: int
    source: str
    start: int
    end: int
    quote: str
    paragraph: int = 0
    sentence: int = 0
    score: float = 0.0
    page: int | None = None  # 1-based page of a PDF source; None for other sources
    stale: str | None = None  # set when the source file changed or vanished since indexing

    @classmethod
    def from_unit(cls, number: int, unit: Unit, score: float) -> Citation:
        """The citation of a whole index unit (whose own numbers count from 0)."""
        return cls(number, unit.source, unit.start, unit.end, unit.text, unit.paragraph + 1,
                   unit.sentence + 1, round(score, 4))

    @property
    def ref(self) -> str:
        return reference(self.source, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "source": self.source, "start": self.start,
                "end": self.end, "quote": self.quote, "paragraph": self.paragraph,
                "sentence": self.sentence, "ref": self.ref, "page": self.page,
                "stale": self.stale}


@dataclass(frozen=True)
class QuoteCheck:
    """What a quote question ("Does the article say “…”?") asked about, and how it was found:
    `match` is "exact", "normalized", "similar" (only similar passages), or None (nothing)."""

    phrase: str
    match: Literal["exact", "normalized", "similar"] | None

    def to_dict(self) -> dict[str, Any]:
        return {"phrase": self.phrase, "match": self.match}


@dataclass(frozen=True)
class Answer:
    """An answer: prose with `[n]` markers, each marker one of `citations`."""

    text: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False  # a refusal: no citations
    question: str = ""
    resolved_question: str = ""
    answerer: str = "extractive"
    timings: dict[str, float] = field(default_factory=dict, compare=False)
    notice: str | None = None  # e.g. why a configured LLM was not used
    # "answer"; "hedged" (cites the closest passages, says it may not answer); "refused"
    outcome: Outcome = "answer"
    confidence: float = 0.0  # calibrated probability that the citations answer the question
    abstain_reason: str | None = None  # the rule or signal behind a hedge or refusal
    # Set when the question asked whether the sources say a quoted phrase: the answer then
    # says where (its citations are the places), not what the evidence answers.
    quote_check: QuoteCheck | None = None

    def __str__(self) -> str:
        lines = [self.text]
        lines += [f"[{c.number}] {c.ref} \"{c.quote}\"" for c in self.citations]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "text": self.text, "abstained": self.abstained,
                "citations": [c.to_dict() for c in self.citations],
                "resolved_question": self.resolved_question, "answerer": self.answerer,
                "timings_ms": dict(self.timings), "notice": self.notice,
                "outcome": self.outcome, "confidence": round(self.confidence, 4),
                "abstain_reason": self.abstain_reason,
                "quote_check": self.quote_check.to_dict() if self.quote_check else None}


@dataclass(frozen=True)
class Passage:
    """A cited span with its place in the document and the text around it.

    `paragraph` and `sentences` (the first and last sentence the span touches) count from 1.
    """

    source: str
    start: int
    end: int
    quote: str
    paragraph: int
    sentences: tuple[int, int]
    before: str
    after: str
    page: int | None = None  # 1-based page of a PDF source; None for other sources
    stale: str | None = None  # set when the source file changed or vanished since indexing

    @property
    def permalink(self) -> str:
        return reference(self.source, self.start, self.end)

    def __str__(self) -> str:
        return f"{self.permalink} (paragraph {self.paragraph})\n…{self.before}[{self.quote}]" \
               f"{self.after}…"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "start": self.start, "end": self.end,
                "quote": self.quote, "paragraph": self.paragraph,
                "sentences": list(self.sentences), "before": self.before, "after": self.after,
                "permalink": self.permalink, "page": self.page, "stale": self.stale}


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote occurs: `match` is "exact", "normalized" or "similar"."""

    source: str
    start: int
    end: int
    quote: str
    score: float
    match: Literal["exact", "normalized", "similar"]

    @property
    def ref(self) -> str:
        return reference(self.source, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "start": self.start, "end": self.end,
                "quote": self.quote, "score": round(self.score, 4), "match": self.match,
                "ref": self.ref}
