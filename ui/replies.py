"""What the chat says back: an `Answer` as one `Reply`, worded for the page.

Quote questions ("Does the article say “…”?") are recognised and answered by the assistant
(`Answer.quote_check`); this module only renders them, without the answerer's byline.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant import Answer
from assistant.answers import after_hedge
from ui.render import Cited


@dataclass(frozen=True)
class Reply:
    """Prose with `[n]` markers and the spans they point to."""

    text: str
    cited: tuple[Cited, ...] = ()
    notice: str | None = None
    abstained: bool = False
    read_as: str | None = None  # how a follow-up was understood, when it differs
    byline: str | None = None  # who answered, in plain words (None for quote searches)
    hedge: str | None = None  # said above an answer that may not answer the question


HEDGE = "This may not answer your question."


def byline(answerer: str, where: str) -> str:
    """"quoted from the article" for the extractive answerer, "written by MODEL" for an LLM
    (`answerer` is "extractive" or "PROVIDER:MODEL")."""
    if answerer == "extractive":
        return f"Quoted from {where}"
    model = answerer.partition(":")[2] or answerer
    return f"Written by {model}"


def from_answer(answer: Answer, where: str = "the article") -> Reply:
    cited = tuple(Cited.from_citation(c) for c in answer.citations)
    if answer.quote_check is not None:  # a search result: says itself where, and how
        return Reply(answer.text, cited, answer.notice, answer.abstained)
    read_as = answer.resolved_question
    hedge = None
    if answer.outcome == "hedged":  # the extractive answer starts with its hedge; an LLM's not
        rest = after_hedge(answer.text)
        hedge = answer.text[:len(answer.text) - len(rest)].strip() if rest != answer.text \
            else HEDGE
    return Reply(answer.text, cited, answer.notice, answer.abstained,
                 read_as if read_as and read_as != answer.question else None,
                 byline(answer.answerer, where) if answer.citations else None,
                 hedge)
