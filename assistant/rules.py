"""The rules that read a question against its evidence, each a named object with its reason.

No rule decides alone. Each one is a feature of the learned decision (`assistant/decide.py`),
which weighs it against the ranking signals; `Settings.rules_off` switches rules off by name
(a switched-off rule reads as not fired), which is how `assistant eval --suite --ablate`
measures what each one is worth. `Answer.abstain_reason` names the rule that weighed most
against a hedged or refused answer.

A rule stays only while it improves the SQuAD validation articles and the reader-worded
sets: `answer_type`, `role` and `asked_for` were removed when switching each off changed no
set and the decision refitted without them did as well on validation (within noise).

Everything here is immutable (compiled patterns, frozen dataclasses): safe to share between
threads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from assistant.questions import (
    DENIES,
    Reading,
    names_missing,
    numbers,
    read,
    unknown_word_share,
    within,
)
from assistant.retrieval import Candidate
from index import Catalog

# Above this IDF share of unknown question words, `unknown_words` fires.
UNKNOWN_WORDS_SHARE = 0.6


@dataclass
class Facts:
    """What the rules look at: the question, its best candidate and the index."""

    question: str
    top: Candidate
    catalog: Catalog
    follow_up: bool  # the conversation established the subject; word checks don't apply

    @cached_property
    def reading(self) -> Reading:
        return read(self.question)

    @cached_property
    def context_numbers(self) -> frozenset[str]:
        """The numbers of the best candidate and its neighbours in the same source."""
        units, row = self.catalog.units, self.top.row
        return numbers(" ".join(units[n].text for n in (row - 1, row, row + 1)
                                if 0 <= n < len(units)
                                and units[n].source == units[row].source))


@dataclass(frozen=True)
class Rule:
    name: str
    reason: str  # what an answer it fires on lacks, in words a reader understands
    fires: Callable[[Facts], bool]


def _denial(f: Facts) -> bool:
    return f.reading.negated and not DENIES.search(f.top.unit.text)


def _number(f: Facts) -> bool:
    words = f.top.context_words
    return any(y not in words for y in f.reading.years) \
        or any(not within(d, words) for d in f.reading.decades) \
        or any(n not in f.context_numbers for n in f.reading.numbers)


def _unknown_words(f: Facts) -> bool:
    return not f.follow_up and \
        unknown_word_share(f.question, f.catalog.lexical) > UNKNOWN_WORDS_SHARE


def _unnamed(f: Facts) -> bool:
    return not f.follow_up and names_missing(f.question, f.catalog.lowered_text)


RULES: tuple[Rule, ...] = (
    Rule("denial", "the question asks what did not happen and the passage denies nothing",
         _denial),
    Rule("number", "the passage does not mention a year, decade or number the question names",
         _number),
    Rule("unknown_words", "most of the question's words occur nowhere in the sources",
         _unknown_words),
    Rule("unnamed", "the sources never mention a name the question uses", _unnamed),
)
BY_NAME = {r.name: r for r in RULES}


def fired(facts: Facts, off: frozenset[str] = frozenset()) -> dict[str, float]:
    """Each rule's name with 1.0 when it fires, 0.0 when not (or switched off)."""
    return {r.name: float(r.name not in off and r.fires(facts)) for r in RULES}


def check_names(names: frozenset[str]) -> frozenset[str]:
    """`names` if every one is a rule, else a ValueError naming the rules there are."""
    unknown = sorted(names - BY_NAME.keys())
    if unknown:
        raise ValueError(f"unknown rule(s) {', '.join(unknown)}; the rules are "
                         f"{', '.join(BY_NAME)}")
    return names
