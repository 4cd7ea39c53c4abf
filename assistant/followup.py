"""Follow-up questions: resolving "Why?" or "What did he say?" against the conversation.

Offline and stateless: everything comes from the history the caller hands in (Gradio's
messages format), so any server process can answer any conversation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answers import after_hedge
from assistant.boundary import clean_history
from assistant.grounding import strip_markers
from assistant.questions import about_the_piece, names_in
from assistant.settings import Settings
from index import Catalog, tokens

_LEANS_ON_CONTEXT = re.compile(
    r"\b(he|she|him|her|his|hers|they|them|their|theirs|it|its|this|that|these|those|there|"
    r"then|the same|the former|the latter|such)\b|"
    # "When is the first one?", "Which one do I have?" (but "Which one of the sheds…" names it)
    r"\b(?:the|this|that|which|each|first|second|third|last|next|other)\s+ones?\b(?!\s+of\b)",
    re.I)
# "he", "her", "they": someone the conversation named, in a question or in an answer.
_PERSONAL = re.compile(r"\b(he|she|him|her|his|hers|they|them|their|theirs)\b", re.I)
# "his job", "her employer": read as the writer's when the conversation is on the writer.
_POSSESSIVE = re.compile(r"\b(?:his|their)\b|\bher\b(?=\s+[a-z])", re.I)
_CONTINUATION = re.compile(r"^\s*(and|but|so|also|what about|how about|why|how come|then)\b",
                           re.I)
# A fragment ("How many times?", "Which states exactly?", "Who won?", "By how many votes?")
# has no auxiliary verb and names nothing: what it asks about is in the conversation.
_FRAGMENT_WORDS = 3
_PREPOSITION_FIRST = re.compile(r"^(?:about|after|at|before|by|during|for|from|in|into|of|on|"
                                r"over|since|to|under|until|till|with|within)\s+"
                                r"(?:how|what|which|when|where|who|whom)\b", re.I)
_AUXILIARY = re.compile(r"\b(am|is|are|was|were|be|been|do|does|did|has|have|had|can|could|will|"
                        r"would|shall|should|may|might|must)\b|\w['’](s|re|ve|ll|d)\b", re.I)
_IT = re.compile(r"\bit\b", re.I)
_NAMED = re.compile(r"(?<!^)(?<![\w'’])[A-Z]")


_DEFAULTS = Settings()


@dataclass(frozen=True)
class Turn:
    role: str
    content: str


@dataclass(frozen=True)
class Resolved:
    """The question as asked, the text to retrieve with, and sentences cited before."""

    question: str
    query: str
    display: str
    cited_rows: frozenset[int] = frozenset()  # what the previous answer cited (follow-ups)
    # Everything the conversation's answers cited: the documents it is about.
    conversation_rows: frozenset[int] = frozenset()

    @property
    def is_follow_up(self) -> bool:
        return self.query != self.question


def parse_history(history: Sequence[Any] | None, max_turns: int,
                  limits: Settings | None = None) -> list[Turn]:
    """User and assistant turns from Gradio-style messages; source panels are left out.

    The text is cleaned and capped at the boundary (`clean_history`): the newest
    `max_turns` exchanges, within `limits`' turn and history lengths (default settings).
    """
    limits = (limits or _DEFAULTS).with_(max_history_turns=max_turns)
    return [Turn(m["role"], m["content"]) for m in clean_history(history, limits)]


def needs_context(question: str) -> bool:
    """True when the question leans on what was said before."""
    return bool(_LEANS_ON_CONTEXT.search(question) or _CONTINUATION.match(question)
                or len(tokens(question)) <= 1 or _fragment(question.strip()))


def _fragment(question: str) -> bool:
    short = len(re.findall(r"\w+", question)) <= _FRAGMENT_WORDS
    return (short or bool(_PREPOSITION_FIRST.match(question))) \
        and not _AUXILIARY.search(question) and not _NAMED.search(question)


def cited_in(catalog: Catalog, answer_text: str) -> set[int]:
    """Rows of the sentences an earlier answer quoted (answers quote what they cite; a
    hedged one after its lead)."""
    if not answer_text:
        return set()
    rows: set[int] = set()
    for piece in re.split(r"\s*\[\d+\]\s*", after_hedge(answer_text)):
        rows.update(catalog.rows_with_text(piece.strip()))
    return rows


def resolve(question: str, turns: list[Turn], catalog: Catalog) -> Resolved:
    """Add the subject of the conversation to a question that leans on it."""
    answers = [t.content for t in turns if t.role == "assistant"]
    discussed = frozenset(r for a in answers for r in cited_in(catalog, a))
    if not turns or not needs_context(question) or about_the_piece(question):
        # "Who wrote this?" asks about the piece, whatever was said before.
        return Resolved(question, question, question, conversation_rows=discussed)
    users = [t.content for t in turns if t.role == "user"]
    context = users[-1:] if users else []
    if len(users) >= 2 and needs_context(users[-1]):
        context = users[-2:]  # the previous question was itself a follow-up
    cited = cited_in(catalog, answers[-1]) if answers else set()
    subject = " ".join(context)
    if answers and _PERSONAL.search(question) and not names_in(subject):
        # "Who wrote it?" then "Where does he work?": he is named in the answer, not the
        # question.
        subject = " ".join([subject, *dict.fromkeys(names_in(strip_markers(answers[-1])))])
    query = f"{question} {subject}".strip()
    # Shown as "Read as": the question with the one earlier question that set its subject.
    display = f"{question} (following: {context[0]})" if context else question
    if _on_the_writer(users):
        as_writer = _of_the_writer(question)
        if about_the_piece(as_writer) == "writer":
            # "Who wrote this?" then "Where does she work?": she is the writer, and the byline
            # or the note on the writer answers as it would "Where does the author work?".
            question = as_writer
        elif about_the_piece(as_piece := _IT.sub("this", as_writer)) == "date":
            # "When did she write it?": it is the piece, dated by its date line.
            question = as_piece
    return Resolved(question, query, display, frozenset(cited), discussed)


def _on_the_writer(users: list[str]) -> bool:
    """Whether the conversation is on the writer: its last question asked who wrote the
    piece, or asked about them after that ("Who wrote this?", "What does she do?")."""
    for asked in reversed(users):
        if about_the_piece(asked) == "writer":
            return True
        if not (_PERSONAL.search(asked) and about_the_piece(_of_the_writer(asked)) == "writer"):
            return False
    return False


def _of_the_writer(question: str) -> str:
    """The question with its pronouns read as the writer ("What is her job?" -> "What is
    the author's job?")."""
    return _PERSONAL.sub("the author", _POSSESSIVE.sub("the author's", question))
