"""The answering pipeline as a LangChain `Runnable`: check, resolve, retrieve, select, write.

Input: `{"question": str, "history": list[dict] | None}`; output: an `Answer`. Each step is
timed; `invoke`, `batch` and `stream` come from LangChain.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from assistant import decide, examples
from assistant.answers import HEDGE_LEAD, Answer, Citation
from assistant.boundary import clean_question
from assistant.errors import QuestionError
from assistant.evidence import rank, select
from assistant.followup import parse_history, resolve
from assistant.questions import about_the_piece, without_the_piece
from assistant.retrieval import Candidate
from assistant.rules import Facts

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

    from assistant.api import Assistant

# How much a sentence gains from being next to what the previous answer cited...
FOLLOW_UP_BOOST = 0.06
# ...and, among several documents, from being in one the conversation's answers cited: a
# conversation keeps to its document unless another answers clearly better. One value,
# chosen once and not tuned on any question set.
CONVERSATION_DOCUMENT_BOOST = 0.1


def not_said(assistant: Assistant) -> str:
    return examples.not_said(len(assistant.catalog.documents))


def hedge(assistant: Assistant) -> str:
    """What a hedged answer says before the closest passage."""
    return f"{examples.corpus_name(len(assistant.catalog.documents)).capitalize()} {HEDGE_LEAD}"


def is_question(text: str) -> bool:
    """A sentence that asks (an FAQ's question line) does not answer a question; one that
    reports a question in quotation marks ("He asked “Why ...”?") may."""
    return text.rstrip(" \"'”’)").endswith("?") and not any(q in text for q in "“\"«")


def extractive_text(citations: list[Citation]) -> str:
    """The cited sentences themselves, each followed by its marker."""
    return " ".join(f"{c.quote} [{c.number}]" for c in citations)


def _timed(name: str, fn: Callable[[dict[str, Any]], dict[str, Any]],
           state: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    state = fn(state)
    state.setdefault("timings", {})[name] = round((time.perf_counter() - started) * 1000, 2)
    return state


class Pipeline:
    """The extractive steps over an assistant's current index: `run` calls them directly
    (the hot path), `as_runnable` composes the same steps as a LangChain Runnable."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        # One generation for the whole of every run: the assistant may swap in a new one
        # (and a new Pipeline) while this one answers.
        self.catalog = assistant.catalog
        self.searcher = assistant.searcher

    def prepare(self, state: Any) -> dict[str, Any]:
        if isinstance(state, str):  # `chain.invoke("question")`: a question alone
            state = {"question": state}
        if not isinstance(state, dict) or "question" not in state:
            got = sorted(map(str, state)) if isinstance(state, dict) else type(state).__name__
            raise QuestionError("the chain takes a question, or a dict with a 'question' key "
                                f"(and optionally 'history'); got {got}")
        question = clean_question(state.get("question"), self.settings.max_question_chars)
        turns = parse_history(state.get("history"), self.settings.max_history_turns)
        return {"question": question,
                "resolved": resolve(question, turns, self.catalog)}

    def piece_rows(self, question: str) -> frozenset[int] | None:
        """The rows that alone answer a question about the piece itself (who wrote it, what
        it is about, what it concludes); None for any other question."""
        kind = about_the_piece(question)
        if kind is None:
            return None
        rows: list[int | None] = []
        for o in self.catalog.outlines.values():
            rows += {"writer": o.author, "conclusion": (o.close,), "topic": (o.title, o.lead),
                     "summary": (o.lead, o.close)}[kind]
        return frozenset(r for r in rows if r is not None)

    def retrieve(self, state: dict[str, Any]) -> dict[str, Any]:
        resolved = state["resolved"]
        fixed = state["piece_rows"] = self.piece_rows(resolved.question)
        query, focus = (resolved.query, resolved.question) if fixed is not None else \
            (without_the_piece(resolved.query), without_the_piece(resolved.question))
        candidates = self.searcher.search(query, focus=focus, include=fixed or frozenset())
        if fixed is not None:  # only the byline, the title, lead or conclusion answers
            candidates = [c for c in candidates if c.row in fixed]
        else:  # a question line (an FAQ's) answers nothing
            candidates = [c for c in candidates if not is_question(c.unit.text)]
        near = {r: FOLLOW_UP_BOOST for c in candidates for r in resolved.cited_rows
                if abs(c.row - r) <= 1}
        boost = {c.row: near[c.row] for c in candidates if c.row in near}
        catalog = self.catalog
        discussed = {catalog.units[r].source for r in resolved.conversation_rows}
        if len(catalog.documents) > 1 and discussed:
            for c in candidates:
                if c.unit.source in discussed:
                    boost[c.row] = boost.get(c.row, 0.0) + CONVERSATION_DOCUMENT_BOOST
        state["ranked"] = rank(candidates, resolved.question, boost=boost)
        return state

    def decide(self, question: str, ranked: list[Candidate], follow_up: bool,
               state: dict[str, Any] | None = None) -> decide.Decision:
        """Answer, hedge or refuse with `ranked` (best first); the features go in `state`."""
        if not ranked:
            return decide.Decision("refused", 0.0, "nothing_found")
        facts = Facts(question, ranked[0], self.catalog, follow_up)
        values = decide.features(ranked, facts, self.settings.rules_off)
        if state is not None:
            state["features"] = values
        return decide.load().decide(values, self.settings.answer_at, self.settings.refuse_below)

    def write(self, state: dict[str, Any]) -> dict[str, Any]:
        resolved = state["resolved"]
        ranked = state["ranked"]
        decision = state["decision"] = self.decide(resolved.question, ranked,
                                                   resolved.is_follow_up, state)
        if state["piece_rows"] is not None and ranked:
            # The byline, the lead or the conclusion answer however the question is worded.
            decision = state["decision"] = decide.Decision("answer", decision.confidence, None)
            chosen = sorted((c for c in ranked if c.unit.source == ranked[0].unit.source),
                            key=lambda c: c.row)
        elif decision.outcome == "refused":
            chosen = []
        else:
            chosen = select(ranked, quoted=resolved.cited_rows)
        citations = [Citation.from_unit(n, c.unit, c.score) for n, c in enumerate(chosen, 1)]
        state["citations"] = citations
        if not citations:
            state["text"] = not_said(self.assistant)
        elif decision.outcome == "hedged":
            state["text"] = f"{hedge(self.assistant)} {extractive_text(citations)}"
        else:
            state["text"] = extractive_text(citations)
        return state

    def finish(self, state: dict[str, Any]) -> Answer:
        timings = state["timings"]
        timings["total"] = round(sum(timings.values()), 2)
        resolved = state["resolved"]
        decision = state["decision"]
        refused = not state["citations"]
        return Answer(text=state["text"], citations=tuple(state["citations"]),
                      abstained=refused, question=resolved.question,
                      resolved_question=resolved.display, timings=timings,
                      outcome="refused" if refused else decision.outcome,
                      confidence=decision.confidence, abstain_reason=decision.reason)

    def steps(self) -> tuple[tuple[str, Callable[[dict[str, Any]], dict[str, Any]]], ...]:
        return (("prepare", self.prepare), ("retrieval", self.retrieve),
                ("answer", self.write))

    def run(self, question: Any, history: Any = None) -> Answer:
        state: dict[str, Any] = {"question": question, "history": history}
        for name, fn in self.steps():
            state = _timed(name, fn, state)
        return self.finish(state)

    def as_runnable(self) -> Runnable[dict[str, Any] | str, Answer]:
        from langchain_core.runnables import RunnableLambda

        chain: Runnable[Any, Any] | None = None
        for name, fn in self.steps():
            step = RunnableLambda(partial(_timed, name, fn), name=name)
            chain = step if chain is None else chain | step
        assert chain is not None
        return chain | RunnableLambda(self.finish, name="finish")
