"""What the chat says back: an `Answer`, or the quote finder's verdict, as one `Reply`.

The quote finder itself is `Assistant.find_quote`; this module only notices that a question
asks whether the sources say something in quotation marks, and words the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import Answer, Assistant, QuoteMatch
from assistant.answers import HEDGE_LEAD
from assistant.examples import corpus_name
from ui.render import Cited

# Double quote marks only: a single ' is too often an apostrophe.
_QUOTED = re.compile(r'["“”„«»]\s*([^"“”„«»]{2,}?)\s*["“”«»]')
# A yes/no or where question ("Does the article say…", "Where is … in the text?")...
_ASKS = re.compile(r"^\W*(does|did|do|is|was|are|were|has|have|can|where|whether|find)\b", re.I)
# ...about saying, or being in the text, something.
_SAYING = re.compile(
    r"\b(say|says|said|mention|mentions|mentioned|contain|contains|write|writes|wrote|written|"
    r"state|states|stated|quote|quotes|include|includes|claim|claims|phrase|words?|"
    r"in the (article|text|sources?|documents?))\b", re.I)
# How many "similar" passages a no-verbatim verdict shows.
SIMILAR_SHOWN = 3


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


def quoted_phrase(question: str) -> str | None:
    """The quoted words of `Does the article say "..."?`-style questions, else None."""
    if not isinstance(question, str) or not (_ASKS.search(question)
                                             and _SAYING.search(question)):
        return None
    m = _QUOTED.search(question)
    return m.group(1).strip() if m else None


def from_answer(answer: Answer, where: str = "the article") -> Reply:
    read_as = answer.resolved_question
    hedge = None
    if answer.outcome == "hedged":  # the extractive answer starts with its hedge; an LLM's not
        lead = answer.text.find(HEDGE_LEAD)
        hedge = answer.text[:lead + len(HEDGE_LEAD)] if lead >= 0 else HEDGE
    return Reply(answer.text, tuple(Cited.from_citation(c) for c in answer.citations),
                 answer.notice, answer.abstained,
                 read_as if read_as and read_as != answer.question else None,
                 byline(answer.answerer, where) if answer.citations else None,
                 hedge)


def _cited(assistant: Assistant, number: int, match: QuoteMatch) -> Cited:
    # The paragraph comes from the lookup, which also re-checks the span.
    passage = assistant.lookup(match.ref)
    return Cited(number, match.source, match.start, match.end, passage.quote, passage.paragraph)


def from_quote(assistant: Assistant, phrase: str) -> Reply:
    """Where the sources say `phrase`: verbatim, nearly verbatim, or only something similar."""
    where = corpus_name(len(assistant.sources))
    matches = assistant.find_quote(phrase)
    if not matches:
        return Reply(f"No. I could not find “{phrase}” or anything close to it in {where}.",
                     abstained=True)
    kind = matches[0].match
    if kind == "similar":
        matches = matches[:SIMILAR_SHOWN]
    cited = tuple(_cited(assistant, n, m) for n, m in enumerate(matches, 1))
    markers = " ".join(f"[{c.number}]" for c in cited)
    if kind == "exact":
        times = "once" if len(cited) == 1 else f"{len(cited)} times"
        verb = "says" if where == "the article" else "say"
        text = f"Yes. {where.capitalize()} {verb} “{phrase}” {times}: {markers}."
    elif kind == "normalized":
        text = (f"Yes, apart from case, spacing or quote marks: “{cited[0].quote}” {markers}.")
    else:
        closest = " ".join(f"“{c.quote}” [{c.number}]" for c in cited)
        text = f"Not in those words. The closest passages in {where}: {closest}"
    return Reply(text, cited)
