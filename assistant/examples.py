"""Example questions and wording that fit what is indexed, never hard-coded.

    >>> suggest(bot.catalog)
    ['What is the article about?', 'What happened on June 4, 2024?', 'Who is Lloyd Austin?',
     'Does the article say "The former prime minister of Cambodia"?']

Every example is made from the indexed text itself (a title, a date a sentence gives, a name
it mentions, a short clause it says word for word), in document order, so the same corpus
always gives the same examples and a new corpus gives its own. One pass over the units: fast
enough to run on every page load.
"""

from __future__ import annotations

import re
from collections import Counter

from index import Catalog, Unit, is_field, is_question

__all__ = ["corpus_name", "not_said", "suggest"]

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|"
          r"November|December)")
# "June 4, 2024" or "4 June 2024"; else "March 2026"; else a bare year after "in".
_DAY = re.compile(rf"\b(?:{_MONTH}\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+\d{{4}}\b")
_IN_YEAR = re.compile(r"\bin\s+((?:1[5-9]|20)\d\d)\b")
# Two or three capitalised words in a row: a person's name, most often ("Lloyd Austin").
_NAME = re.compile(r"(?=\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b)")
# Words that make a capitalised run a role, a place or an organisation rather than a person.
_NOT_PERSON_WORDS = (
    "Mr Mrs Ms Dr Prof President Minister Prime Secretary Defense Defence Senator Governor "
    "Mayor King Queen General Council Committee Academy University Gazette Times News Post "
    "Government Ministry Department Summit Dialogue Union Republic Kingdom States United "
    "Association Party Company Inc Ltd North South East West New The A An In On At "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    # places and buildings ("Who is Marrow Bridge?")
    "Bridge Street Road Lane Avenue Square Station Hill Valley River Lake Park Cross Hall "
    "Inn Church Museum Library School College Hospital Observatory Railway Airport Centre "
    "Center Fells Moss Bay Island Harbour Port Castle Tower Court Trust Group Society "
    # firms and clubs
    "Trains Airlines Airways Energy Appliances Homes Bank Club Fund Athletic Rovers City")
_NOT_PERSON = frozenset(_NOT_PERSON_WORDS.split())
# What speaks of someone as a person: a title before the name ("Mayor Ana Ruiz", "an engineer
# named Desmond Okafor"), or after it speech ("Okafor said", "Tomasz Wierzbicki wrote:"), an
# age or "who" ("Eleanor Vance, who …").
_PERSON_BEFORE = (r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Lord|Lady|President|"
                  r"Minister|Secretary|Senator|Governor|Mayor|Councillor|councillor|Director|"
                  r"Chief|Captain|Judge|Bishop|Inspector|Coach|Chef|named|called)\.?")
_PERSON_AFTER = (r"(?:\s+(?:said|told|wrote|added|explained|argued|recalled|remembers|"
                 r"admitted|warned)\b|,\s+(?:who|aged)\b|,\s+\d{1,3},|\s+\(\d{1,3}\))")
_CLAUSE = re.compile(r"[^,;:()“”\"]+")
# A field of a header ("Date: 3 February 2025"): it dates the message, nothing happened on it.
_FIELD_WORDS = 8
# A title quoted in an example: short, and without quote marks of its own (nested ones read
# badly: 'What is “"The ice doesn't negotiate": …” about?').
_TITLE_WORDS = 10
# A sentence an example quotes from: a statement, not a heading or a question.
_QUOTED_SENTENCE_WORDS = 6
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
EXAMPLES = 4
CLAUSE_WORDS = (4, 8)  # a quotable clause: long enough to mean something, short to read


def corpus_name(documents: int) -> str:
    """How the page speaks of what is indexed: "the article" or "your documents"."""
    return "the article" if documents == 1 else "your documents"


def not_said(documents: int) -> str:
    """The answer when nothing indexed answers the question."""
    return "The article does not say." if documents == 1 else "Your documents do not say."


def _body(catalog: Catalog, first: int) -> list[Unit]:
    """The body sentences, starting with document number `first` (then the rest, in order),
    so that each kind of example comes from another document when there are several."""
    docs = catalog.documents[first:] + catalog.documents[:first]
    return [u for d in docs for u in catalog.document_units(d.source) if u.kind == "body"]


def _about(catalog: Catalog) -> str | None:
    if len(catalog.documents) == 1:
        return "What is the article about?"
    titled = next((d for d in catalog.documents if d.title
                   and len(d.title.split()) <= _TITLE_WORDS
                   and not any(q in d.title for q in "\"“”«»")
                   and not is_field(d.title)), None)
    if titled is None:
        return None
    return f"What is “{titled.title.strip().rstrip('.?!')}” about?"


def _when(units: list[Unit]) -> str | None:
    for pattern, word in ((_DAY, "on"), (_MONTH_YEAR, "in"), (_IN_YEAR, "in")):
        for u in units:
            if is_field(u.text) and len(u.text.split()) <= _FIELD_WORDS:
                continue
            if m := pattern.search(u.text):
                return f"What happened {word} {m.group(m.lastindex or 0)}?"
    return None


def _person(name: str, text: str) -> bool:
    """Whether the text speaks of `name` as a person: with a title or a role before it
    ("Mayor Ana Ruiz", "an engineer named Desmond Okafor"), or saying something ("Okafor
    said"), or described after a comma ("Eleanor Vance, then professor of …")."""
    n = re.escape(name)
    return bool(re.search(rf"{_PERSON_BEFORE}\s+{n}\b|\b{n}(?:['’]s)?{_PERSON_AFTER}", text))


def _who(units: list[Unit], where: str) -> str | None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n, u in enumerate(units):
        for m in _NAME.finditer(u.text):
            name = m.group(1)
            words = name.split()
            if m.start() == 0 or any(w in _NOT_PERSON for w in words):
                continue  # a sentence's first word is capitalised whatever it is
            counts[name] += 1
            first.setdefault(name, n)
    if not counts:
        return None
    name = min(counts, key=lambda k: (-counts[k], first[k]))
    if _person(name, "\n".join(u.text for u in units)):
        return f"Who is {name}?"
    # A name the text never speaks of as a person may be a place, a firm or a boat.
    return f"What {'does' if where == 'the article' else 'do'} {where} say about {name}?"


def _quote(units: list[Unit], where: str) -> str | None:
    low, high = CLAUSE_WORDS
    for u in units:
        if is_question(u.text) or len(u.text.split()) < _QUOTED_SENTENCE_WORDS:
            continue
        for m in _CLAUSE.finditer(u.text):
            clause = m.group(0).strip().rstrip(".!?…").strip()
            words = clause.split()  # words alone: no markup ("**Present"), number or break
            if low <= len(words) <= high and all(_WORD.fullmatch(w) for w in words) \
                    and "\n" not in clause and clause[:1].isupper():
                verb = "Does" if where == "the article" else "Do"
                return f'{verb} {where} say "{clause}"?'
    return None


def suggest(catalog: Catalog, limit: int = EXAMPLES) -> list[str]:
    """Up to `limit` questions about what `catalog` holds (none for an empty one)."""
    count = len(catalog.documents)
    if not any(u.kind == "body" for u in catalog.units):
        return []
    where = corpus_name(count)
    found = [_about(catalog), _when(_body(catalog, 1 % count)),
             _who(_body(catalog, 2 % count), where), _quote(_body(catalog, 3 % count), where)]
    return list(dict.fromkeys(q for q in found if q))[:limit]
