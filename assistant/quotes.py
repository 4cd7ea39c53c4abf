"""Quote questions ("Does the article say “…”?") and the quote finder that answers them.

A question that asks whether the sources say something in double quotation marks is not
answered from ranked evidence: the pipeline looks the words up (`find_quote`) and says where
they are, verbatim, nearly verbatim, or only something similar.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answers import Citation, QuoteCheck, QuoteMatch
from assistant.decide import Decision
from assistant.examples import corpus_name
from assistant.lookup import find_exact, lookup
from assistant.retrieval import Searcher
from index import Catalog, tokens

# Below this cosine similarity a passage is not "similar" to a quote...
SIMILAR_QUOTE_MIN = 0.6
# ...unless it holds this share of the quote's words (by their weight in the index), and the
# quote has at least `SIMILAR_WORDS_AT_LEAST` of them: "freezes well for three months" is in
# "The whole pot costs about £3.20 to make, and it freezes well for up to three months.",
# whose meaning is mostly elsewhere.
SIMILAR_WORDS_MIN = 0.8
SIMILAR_WORDS_AT_LEAST = 3
# How many matches a quote question looks at, and how many "similar" ones it shows.
QUOTE_LIMIT = 5
SIMILAR_SHOWN = 3

# Double quote marks only: a single ' is too often an apostrophe.
_QUOTED = re.compile(r'["“”„«»]\s*([^"“”„«»]{2,}?)\s*["“”«»]')
# A yes/no or where question ("Does the article say…", "Where is … in the text?")...
_ASKS = re.compile(r"^\W*(does|did|do|is|was|are|were|has|have|can|where|whether|find)\b", re.I)
# ...about saying, or being in the text, something.
_SAYING = re.compile(
    r"\b(say|says|said|mention|mentions|mentioned|contain|contains|write|writes|wrote|written|"
    r"state|states|stated|quote|quotes|include|includes|claim|claims|phrase|words?|"
    r"in the (article|text|sources?|documents?))\b", re.I)


def quoted_phrase(question: str) -> str | None:
    """The quoted words of `Does the article say "..."?`-style questions, else None."""
    if not isinstance(question, str) or not (_ASKS.search(question)
                                             and _SAYING.search(question)):
        return None
    m = _QUOTED.search(question)
    return m.group(1).strip() if m else None


def find_quote(catalog: Catalog, searcher: Searcher, text: str,
               limit: int = QUOTE_LIMIT) -> list[QuoteMatch]:
    """Where the sources say `text`: exact, then normalized, then similar matches."""
    if not text.strip():
        return []
    found = find_exact(catalog, text)
    if found:
        return found[:limit]
    similar = []
    worded = len(set(tokens(text))) >= SIMILAR_WORDS_AT_LEAST
    for c in searcher.search(text, k=limit):
        words = c.coverage if worded else 0.0
        if c.dense >= SIMILAR_QUOTE_MIN or words >= SIMILAR_WORDS_MIN:
            u = c.unit
            similar.append(QuoteMatch(u.source, u.start, u.end, u.text, max(c.dense, words),
                                      "similar"))
    return sorted(similar, key=lambda m: m.score, reverse=True)[:limit]


def shown(matches: Sequence[QuoteMatch]) -> list[QuoteMatch]:
    """The matches an answer cites: all verbatim ones, or the few closest similar ones."""
    if matches and matches[0].match == "similar":
        return list(matches[:SIMILAR_SHOWN])
    return list(matches)


def check(phrase: str, matches: Sequence[QuoteMatch]) -> QuoteCheck:
    return QuoteCheck(phrase, matches[0].match if matches else None)


def decision(matches: Sequence[QuoteMatch]) -> Decision:
    """Found (verbatim or nearly): an answer; only similar passages: a hedge; none: a
    refusal. Confidence: 1 when found, else the closest passage's similarity."""
    if not matches:
        return Decision("refused", 0.0, "quote_not_found")
    if matches[0].match == "similar":
        return Decision("hedged", matches[0].score, "quote_not_verbatim")
    return Decision("answer", 1.0, None)


def verdict(phrase: str, matches: Sequence[QuoteMatch], documents: int) -> str:
    """Yes (verbatim, or apart from case and spacing), not in those words, or no; the
    matches are cited in order, from [1]."""
    where = corpus_name(documents)
    if not matches:
        return f"No. I could not find “{phrase}” or anything close to it in {where}."
    markers = " ".join(f"[{n}]" for n in range(1, len(matches) + 1))
    kind = matches[0].match
    if kind == "exact":
        times = "once" if len(matches) == 1 else f"{len(matches)} times"
        verb = "says" if where == "the article" else "say"
        return f"Yes. {where.capitalize()} {verb} “{phrase}” {times}: {markers}."
    if kind == "normalized":
        return f"Yes, apart from case, spacing or quote marks: “{matches[0].quote}” {markers}."
    closest = " ".join(f"“{m.quote}” [{n}]" for n, m in enumerate(matches, 1))
    return f"Not in those words. The closest passages in {where}: {closest}"


def citations(catalog: Catalog, matches: Sequence[QuoteMatch]) -> list[Citation]:
    """The matches as numbered citations; the lookup re-checks each span and places it."""
    out = []
    for n, m in enumerate(matches, 1):
        passage = lookup(catalog, m.ref)
        out.append(Citation(n, m.source, m.start, m.end, passage.quote, passage.paragraph,
                            passage.sentences[0], round(m.score, 4)))
    return out
