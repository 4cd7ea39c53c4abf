"""The answering pipeline both answerers share: prepare → retrieve → rank → decide → write → cite.

A `Pipeline` is built over one index generation (its catalog and searcher), the settings and
the decision model, with a `Writer` for the answerer-specific steps: `Extractive` (here) or
the LLM's (`generate.Generated`), which falls back to an extractive pipeline over the same
generation when the model fails. Quote questions ("Does the article say “…”?") take the same
steps with the quote finder in place of ranked evidence (`quotes.py`).

Each step takes and returns the run's `State` and is timed into `Answer.timings`; `run` and
`stream` call them directly (the hot path), `as_runnable` composes the same steps as a
LangChain Runnable (input `{"question": str, "history": list[dict] | None}` or a question).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from assistant import decide, examples, quotes
from assistant.answers import Answer, Citation, hedge_lead
from assistant.boundary import clean_question, clean_quote
from assistant.decide import Decision, DecisionModel
from assistant.errors import QuestionError
from assistant.evidence import (
    CITING,
    Ranking,
    rank,
    ranking,
    select,
    with_list_items,
    with_reasons,
    with_version_headings,
)
from assistant.followup import Resolved, parse_history, resolve
from assistant.questions import (
    AND_WHEN,
    ASKS_VERSION,
    ASKS_WHY,
    WHO_REVIEWED,
    about_the_piece,
    not_english,
    the_kind,
    without_the_piece,
)
from assistant.retrieval import Candidate, Searcher
from assistant.rules import Facts
from assistant.settings import Settings
from assistant.state import Fallback, State, Writer
from index import Catalog, is_prose, is_question, tokens

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

# How much closer in meaning (cosine similarity) a sentence counts for being next to what the
# previous answer cited...
FOLLOW_UP_BOOST = 0.125
# ...and, among several documents, for being in one the conversation's answers cited: a
# conversation keeps to its document unless another answers clearly better. Set by hand
# (the scores' 0.06 and 0.1 when similarity weighed 0.48) and not tuned on any question set;
# the ranking is fitted with them.
CONVERSATION_DOCUMENT_BOOST = 0.21
QUOTE_ANSWERER = "quote"  # `Answer.answerer` of a quote question's answer

Step = Callable[[State], State]


def hedge(documents: int, cited: int) -> str:
    """What a hedged extractive answer says before the closest passages."""
    return f"{examples.corpus_name(documents).capitalize()} {hedge_lead(cited)}"


# Passages a hedged answer cites, however far the second scores below the first, and the
# characters they may take together: more than an answer's 400, since a hedge asks the reader
# to check which passage answers. Chosen on the SQuAD validation articles, the largest round
# budget that keeps their mean cited characters well inside 300: recall 0.788 at 257
# characters with 400, 0.810 at 284 with 600, 0.818 at 294 with 800; confident figures do not
# move (only hedges change).
HEDGE_PASSAGES = 2
HEDGE_CHARS = 600


class Extractive:
    """The extractive answerer: the chosen sentences themselves, each with its marker."""

    name = "extractive"

    def resolve(self, state: State, catalog: Catalog) -> None:
        resolved = state["resolved"] = resolve(state["asked"], state["turns"], catalog)
        state["follow_up"] = resolved.is_follow_up

    def write(self, state: State, catalog: Catalog) -> Iterator[str]:
        ranked = state["ranked"]
        hedged = state["decision"].outcome == "hedged"
        if state["piece_rows"] is not None:
            # The byline, the lead or the conclusion answer however the question is worded; a
            # hedge between pieces shows the closest two's, as the reader checks which is meant.
            chosen = _piece_rows_cited(ranked, HEDGE_PASSAGES if hedged else 1)
        else:
            # A hedge shows the closest passages: the reader checks which, if any, answers.
            # It lists them closest first (the reader's best guess leads); an answer reads
            # in document order.
            budget = HEDGE_CHARS if hedged else CITING.cited_chars_budget
            chosen = with_list_items(
                select(ranked, at_least=HEDGE_PASSAGES if hedged else 1, budget=budget),
                catalog.units, budget)
            if ASKS_VERSION.search(state["resolved"].question):
                chosen = with_version_headings(chosen, catalog.units, budget)
            if ASKS_WHY.search(state["resolved"].question):
                chosen = with_reasons(chosen, catalog.units, budget)
            if not hedged:
                chosen.sort(key=lambda c: (c.unit.source, c.row))
        state["chosen"] = chosen
        body = " ".join(f"{catalog.readable(c.row)} [{n}]" for n, c in enumerate(chosen, 1))
        state["text"] = f"{hedge(len(catalog.documents), len(chosen))} {body}" if hedged \
            else body
        yield from ()  # written at once: nothing to stream

    def cite(self, state: State, catalog: Catalog) -> None:
        state["citations"] = [Citation.from_unit(n, c.unit, c.score)
                              for n, c in enumerate(state["chosen"], 1)]


EXTRACTIVE = Extractive()


def _piece_rows_cited(ranked: list[Candidate], pieces: int) -> list[Candidate]:
    """The ranked rows of the closest `pieces` documents, closest document first, each in its
    order, while they fit a hedge's `HEDGE_CHARS` (the closest document's rows always)."""
    by_source: dict[str, list[Candidate]] = {}
    for c in ranked:
        by_source.setdefault(c.unit.source, []).append(c)
    chosen: list[Candidate] = []
    for rows in list(by_source.values())[:pieces]:
        rows.sort(key=lambda c: c.row)
        if chosen and sum(len(c.unit.text) for c in chosen + rows) > HEDGE_CHARS:
            break
        chosen += rows
    return chosen


def _timed(name: str, fn: Step, state: State) -> State:
    started = time.perf_counter()
    state = fn(state)
    state.setdefault("timings", {})[name] = round((time.perf_counter() - started) * 1000, 2)
    return state


# How a document speaks of itself: "this report", "our newsletter".
_SELF = frozenset(("this", "our", "my"))
# The notice on a hedge or refusal of a question in another language (`not_english`).
NOT_ENGLISH = ("the question does not read as English, the language the documents are "
               "searched in: ask it in English")
# Who wrote "the report" or when: the byline or date line of a news story about a report is
# not the report's, where what it is about is told by the story's opening too ("Transcript of
# an interview recorded ...", "A practical guide from ..." speak of themselves).
_WHO_OR_WHEN = ("writer", "date")
# A kind that a piece's prose uses mostly of what it tells, not of another document: "Nine
# weeks is a different story", "St Aldric's story is a familiar one"; a recipe's of the one it
# gives ("Oma's recipe"); a feature's of a thing's ("a feature called dish").
_TOLD = frozenset({"story", "recipe", "feature"})
# More documents than this, none named, and "When was this written?" names no piece.
_FEW = 5
_DETERMINERS = frozenset(("the", "a", "an", "this", "that", "these", "those", "our", "my",
                          "your", "their", "his", "her", "its"))


def _whose(words: str) -> str:
    """The last determiner among the words before a noun ("to our February" → "our"); ''
    where there is none."""
    found = [w for w in words.lower().split() if w in _DETERMINERS]
    return found[-1] if found else ""


# What a question about the piece says besides naming it: when, by whom, what about.
_PIECE_WORDS = frozenset(tokens(
    "when date dated day year month old recent publication published publish written write "
    "wrote posted post put out released release issued issue sent send updated printed come "
    "came appear "
    "who whom whose author authored writer writers penned pen byline behind prepared compiled "
    "produced reported filed signed together responsible journalist reporter correspondent "
    "blogger critic reviewer essayist columnist person name job position title role work "
    "employs employer "
    "about mainly mostly basically actually really generally main central key overall point "
    "idea message argument claim thesis "
    "conclusion conclude concludes takeaway summary summarize summarise sum gist overview "
    "cover covers topic subject end close"))


# A question that speaks of the piece only as "it" ("Who's behind it?")...
_BY_IT = re.compile(r"\bit\b", re.I)
# ...and names no document ("this", "the report", "that column").
_NAMED = re.compile(r"\b(?:this|that|the)\b", re.I)
# What is left of "what's", "don't": no word of a document's name ("Hobb's Reach").
_CLITICS = frozenset({"s", "t"})


class Pipeline:
    """The answering steps over one index generation; see the module's docstring."""

    def __init__(self, catalog: Catalog, searcher: Searcher, settings: Settings, *,
                 decision: DecisionModel | None = None, ranking: Ranking | None = None,
                 writer: Writer = EXTRACTIVE, fallback: Pipeline | None = None) -> None:
        self.catalog = catalog
        self.searcher = searcher
        self.settings = settings
        self.writer = writer
        # None: the shipped model, read when deciding (`assistant train` replaces it).
        self._decision = decision
        self._ranking = ranking  # None: the shipped weights, read when ranking
        self.fallback = fallback
        if fallback is None and writer is not EXTRACTIVE:
            self.fallback = Pipeline(catalog, searcher, settings, decision=decision,
                                     ranking=ranking)

    # -- the steps ------------------------------------------------------------------------

    def prepare(self, state: Any) -> State:
        """Clean the question and history; recognise a quote question; resolve a follow-up."""
        if isinstance(state, str):  # `chain.invoke("question")`: a question alone
            state = {"question": state}
        if not isinstance(state, dict) or "question" not in state:
            got = sorted(map(str, state)) if isinstance(state, dict) else type(state).__name__
            raise QuestionError("the chain takes a question, or a dict with a 'question' key "
                                f"(and optionally 'history'); got {got}")
        s = self.settings
        asked = clean_question(state.get("question"), s.max_question_chars)
        run: State = {"question": state.get("question"), "history": state.get("history"),
                      "asked": asked,
                      "turns": parse_history(state.get("history"), s.max_history_turns),
                      "quote": quotes.quoted_phrase(asked)}
        if run["quote"] is not None:  # asked of the words themselves, whatever came before
            run["resolved"] = Resolved(asked, asked, asked)
            run["follow_up"] = False
        else:
            self.writer.resolve(run, self.catalog)
        return run

    def piece_rows(self, kind: str | None, conversation_rows: frozenset[int] = frozenset(),
                   question: str = "") -> frozenset[int] | None:
        """The rows that alone answer a question about the piece itself (`kind`, from
        `about_the_piece`: when and by whom it was written, what it is about, what it
        concludes, how it rates what it reviews) in the pieces it asks of (`asked_of`): their
        date line, byline, title (standfirst) and lead, (standfirst and) conclusion, or rating:
        a standfirst says an opinion piece's main point. Empty when they have none (no byline,
        no date line, no rating); None for any other question, and where no one piece is
        asked of."""
        if kind is None or (sources := self.asked_of(
                question, conversation_rows, another=kind in _WHO_OR_WHEN)) is None:
            return None
        if kind == "writer" and WHO_REVIEWED.search(question):
            # Who reviewed a film is its review's writer; who reviewed an application is not
            # a letter's signatory.
            sources = [s for s in sources if self._is_review(s)]
            if not sources:
                return None
        rows: list[int | None] = []
        when_too = kind == "writer" and AND_WHEN.search(question) is not None
        for source in sources:
            o = self.catalog.outlines[source]
            rows += {"date": (o.date,), "writer": o.author + ((o.date,) if when_too else ()),
                     "conclusion": (o.standfirst, o.close), "rating": (o.rating,),
                     "topic": (o.title, o.standfirst, o.lead), "summary": (o.lead, o.close)}[kind]
        return frozenset(r for r in rows if r is not None)

    def retrieve(self, state: State) -> State:
        """Candidate sentences (a quote question: the places the words are said)."""
        state["piece_kind"] = state["piece_rows"] = None
        state["undated"] = False
        state["candidates"] = []
        if (phrase := state["quote"]) is not None:
            phrase = clean_quote(phrase, self.settings.max_quote_chars)
            state["matches"] = quotes.shown(quotes.find_quote(self.catalog, self.searcher, phrase))
            return state
        resolved = state["resolved"]
        kind = about_the_piece(resolved.question)
        if kind is not None and _BY_IT.search(resolved.question) \
                and not _NAMED.search(resolved.question):
            # "it" is what the turn before asked of: the piece ("Who wrote this?", then "When
            # did she write it?"), or a thing it speaks of ("How many signed the petition?",
            # then "Who's behind it?").
            before = [t.content for t in state["turns"] if t.role == "user"][-1:]
            if before and about_the_piece(before[0]) is None:
                kind = None
        fixed = self.piece_rows(kind, resolved.conversation_rows, resolved.question)
        state["undated"] = kind == "date" and fixed == frozenset()
        if not fixed:  # no byline (or lead, or conclusion) to give: asked as any other is
            kind = fixed = None
        state["piece_kind"], state["piece_rows"] = kind, fixed
        query, focus = (resolved.query, resolved.question) if fixed is not None else \
            (without_the_piece(resolved.query), without_the_piece(resolved.question))
        candidates = self.searcher.search(query, focus=focus, include=fixed or frozenset())
        if fixed is not None:  # only the byline, the title, lead or conclusion answers
            candidates = [c for c in candidates if c.row in fixed]
        else:  # a question line (an FAQ's) answers nothing
            candidates = [c for c in candidates if not is_question(c.unit.text)]
        state["candidates"] = candidates
        return state

    def asked_of(self, question: str, conversation_rows: frozenset[int] = frozenset(),
                 another: bool = True) -> list[str] | None:
        """The documents a question about the piece asks of: among several, the one it names
        by a word of what presents it or its byline (`_names`: "When was the railway story
        published?", "Who wrote the allotments article?") or of its file's name
        (`Catalog.file_words`), else those it names alike (those of them the conversation has
        cited, if any: it leaves them for one it names elsewhere); where it names none, those
        the conversation has cited, else all of them ("Who wrote this?"), unless they are more
        than `_FEW`: then None, it names none. Where it names the piece by its
        kind ("the report", "the letter"), which also names a document calling itself so
        ("this letter"), and `another` such may be meant, only those that speak of no other
        such (else it asks of one they speak of, and None). A byline or date line says
        nothing of which document it belongs to, so its own closeness to the question cannot
        choose."""
        cat = self.catalog
        cited = {cat.units[r].source for r in conversation_rows}
        sources = list(cited or cat.outlines)
        kind = the_kind(question)
        if len(cat.outlines) > 1:
            kind_terms = set(tokens(kind)) if kind is not None else set()
            weight: dict[str, float] = {}
            for term in set(tokens(without_the_piece(question))) - _PIECE_WORDS - _CLITICS \
                    | kind_terms:
                as_kind = kind if term in kind_terms else None
                # What presents a document and its file's name are two witnesses: a word in
                # both names it more surely than one in a line under another's headline.
                presented = {cat.units[r].source for r in cat.lexical.rows_with(term)
                             if self._names(int(r), as_kind)}
                idf = cat.lexical.term_idf(term)
                for named in (presented, cat.file_words.get(term, frozenset())):
                    for source in named:
                        weight[source] = weight.get(source, 0.0) + idf
            if weight:
                best = max(weight.values())
                named_best = {s for s, w in weight.items() if w == best}
                # A cited document it names stays; one it names elsewhere is a new subject.
                sources = list(named_best & cited or named_best)
        if len(sources) > _FEW:
            return None
        if kind is not None and another and kind not in _TOLD:
            sources = [s for s in sources if not self._speaks_of(s, kind)]
        return sources or None

    def _names(self, row: int, as_kind: str | None) -> bool:
        """Whether a row holding a word of the question names its document: what presents it
        does, its title and every line above its first paragraph of prose (a subtitle, a
        letter's "Re:" line, an e-mail's header), and its byline. The word of the kind the
        question calls it by (`as_kind`, "the report") names it as that word, not a
        "Reporter" or a label's "Next review: July", where it presents the document, in a
        byline's "Reviewed by", or where the document calls itself so ("reply to this
        letter")."""
        o = self.catalog.outlines[self.catalog.units[row].source]
        text = self.catalog.units[row].text
        above = o.lead is not None and row < o.lead
        if as_kind is None:
            return row == o.title or above or row in o.author
        word = re.escape(as_kind)
        if re.search(rf"\b(?:{'|'.join(_SELF)})\s+{word}\b", text, re.I):
            return True
        presents = row == o.title or (above and row not in o.author)
        return (presents and re.search(rf"\b{word}s?\b(?!\s*:)", text, re.I) is not None) or (
            row in o.author and re.search(rf"\b{word}(?:ed|d)\s+by\b", text, re.I) is not None)

    def _is_review(self, source: str) -> bool:
        """Whether a document is a review: it rates what it reviews, or its title, file name
        or byline says "review" ("The Tin Orchard review", "Reviewed by Tom Adeyemi")."""
        o = self.catalog.outlines[source]
        named = [self.catalog.units[r].text for r in (o.title, *o.author) if r is not None]
        return o.rating is not None or any("review" in text.lower() for text in [*named, source])

    def _speaks_of(self, source: str, kind: str) -> bool:
        """Whether a document's text names a `kind` ("report") other than itself ("this
        report", "our report"): in its prose from its lead on, not in the lines that present
        it ("Weekly Newsletter — Issue 19", "PUBLIC NOTICE", "Annual Report 2024"), its
        byline or date line. A document that calls itself one ("This letter explains why …")
        or whose file is named so ("window-replacement-letter.txt") is one, whatever other
        it speaks of ("… will deliver a letter to you")."""
        cat = self.catalog
        if any(source in cat.file_words.get(term, frozenset()) for term in tokens(kind)):
            return False
        o = cat.outlines[source]
        own = {o.date, *o.author}
        doc = cat.by_source[source]
        start = doc.first + doc.count if o.lead is None else o.lead
        # Up to its last paragraph, which may be a footer speaking of it ("To stop receiving
        # the newsletter, reply …"); the determiner before the kind says whose ("our February
        # newsletter" is this one).
        end = doc.first + doc.count if o.close is None else o.close
        said = re.compile(rf"\b((?:[\w'’-]+\s+){{0,3}}){re.escape(kind)}s?\b", re.I)
        whose = {_whose(m[1]) for r in range(start, end)
                 if r not in own and cat.units[r].kind == "body" and is_prose(cat.units[r].text)
                 for m in said.finditer(cat.units[r].text)}
        return bool(whose) and not whose & _SELF

    def rank(self, state: State) -> State:
        """Candidates best first, nudged towards what the conversation has been citing."""
        resolved = state["resolved"]
        candidates = state["candidates"]
        # Every candidate's late interaction: with the index's token states a sentence costs
        # a few microseconds.
        self.searcher.late(resolved.question, candidates)
        state["ranked"] = rank(candidates, resolved.question, self.ranking(),
                               boost=self.boosts(resolved, candidates))
        return state

    def ranking(self) -> Ranking:
        """The ranking's weights, with late interaction's as `Settings.late_interaction` says."""
        weights = self._ranking or ranking()
        late = self.settings.late_interaction
        return weights if late is None else weights.with_late(late)

    def boosts(self, resolved: Resolved, candidates: list[Candidate]) -> dict[int, float]:
        """How much closer in meaning each candidate counts for the conversation: being what
        the previous answer cited, or in a document its answers cited."""
        boost = {c.row: FOLLOW_UP_BOOST for c in candidates if c.row in resolved.cited_rows}
        discussed = {self.catalog.units[r].source for r in resolved.conversation_rows}
        if len(self.catalog.documents) > 1 and discussed:
            for c in candidates:
                if c.unit.source in discussed:
                    boost[c.row] = boost.get(c.row, 0.0) + CONVERSATION_DOCUMENT_BOOST
        return boost

    def decide(self, state: State) -> State:
        """Answer, hedge or refuse (a quote question: by how the words were found)."""
        if state["quote"] is not None:
            state["decision"] = quotes.decision(state["matches"])
            return state
        ranked = state["ranked"]
        decision = self.decision_for(state["resolved"].question, ranked, state["follow_up"],
                                     state)
        # The byline, title, lead or conclusion answers when it can only be one piece's (with
        # the confidence such answers earned in training); among several documents the
        # question may name one without its byline.
        model = self._decision or decide.load()
        # A review's rating line is decided as any sentence is (no such answers were kept in
        # training), but never refused: the review has one, which the reader can check.
        if state["piece_kind"] == "rating" and decision.outcome == "refused":
            decision = Decision("hedged", decision.confidence, "low_confidence")
        if (kind := state["piece_kind"]) is not None and kind != "rating" and ranked:
            sources = {c.unit.source for c in ranked}
            if len(sources) == 1:
                decision = model.decide_piece(kind, self.settings.answer_at)
            elif kind == "date":  # no word of the question named one: any may be meant
                decision = Decision("hedged", model.piece["date"] / len(sources),
                                    "low_confidence")
        elif state["undated"] and decision.outcome == "answer":
            # When it was written is said by a line that dates it, which the piece lacks:
            # what the text says is at best a guess ("Reviewed by Tom Ashworth").
            decision = model.hedge(decision.confidence, "undated", self.settings.answer_at)
        if decision.outcome != "answer" and not_english(state["resolved"].question):
            # "Your documents do not say" would mislead where they may say it in English.
            state["notice"] = NOT_ENGLISH
        state["decision"] = decision
        return state

    def decision_for(self, question: str, ranked: list[Candidate], follow_up: bool,
                     state: State | None = None) -> Decision:
        """Answer, hedge or refuse with `ranked` (best first); the features go in `state`."""
        if not ranked:
            return Decision("refused", 0.0, "nothing_found")
        facts = Facts(question, ranked[0], self.catalog, follow_up)
        values = decide.features(ranked, facts, self.settings.rules_off)
        if state is not None:
            state["features"] = values
        model = self._decision or decide.load()
        return model.decide(values, self.settings.answer_at, self.settings.refuse_below)

    def write(self, state: State) -> Iterator[str]:
        """The answer's text; a writer that streams yields it as it grows."""
        if state["quote"] is not None:
            state["text"] = quotes.verdict(state["quote"], state["matches"],
                                           len(self.catalog.documents))
        elif state["decision"].outcome == "refused":
            state["text"] = examples.not_said(len(self.catalog.documents))
        else:
            yield from self.writer.write(state, self.catalog)

    def cite(self, state: State) -> State:
        """The citations, each an exact span of the text its source was indexed from."""
        if state["quote"] is not None:
            state["citations"] = quotes.citations(self.catalog, state["matches"])
        elif state["decision"].outcome == "refused":
            state["citations"] = []
        else:
            self.writer.cite(state, self.catalog)
        return state

    def finish(self, state: State) -> Answer:
        timings = state["timings"]
        timings["total"] = round(sum(timings.values()), 2)
        decision = state["decision"]
        refused = not state["citations"]
        quote = state["quote"]
        return Answer(text=state["text"], citations=tuple(state["citations"]),
                      abstained=refused, question=state["asked"],
                      resolved_question=state["resolved"].display,
                      answerer=QUOTE_ANSWERER if quote is not None else self.writer.name,
                      timings=timings, notice=state.get("notice"),
                      outcome="refused" if refused else decision.outcome,
                      confidence=decision.confidence, abstain_reason=decision.reason,
                      quote_check=None if quote is None else
                      quotes.check(quote, state["matches"]))

    # -- running them ---------------------------------------------------------------------

    def _before_writing(self) -> tuple[tuple[str, Step], ...]:
        return (("prepare", self.prepare), ("retrieve", self.retrieve), ("rank", self.rank),
                ("decide", self.decide))

    def steps(self) -> tuple[tuple[str, Step], ...]:
        return (*self._before_writing(), ("write", self._written), ("cite", self.cite))

    def _written(self, state: State) -> State:
        for _ in self.write(state):
            pass
        return state

    def stream(self, question: Any, history: Any = None) -> Iterator[str | Answer]:
        """The text as the writer writes it (growing strings, if it streams), then the
        Answer; a writer's `Fallback` ends in the fallback pipeline's answer."""
        state: State = {"question": question, "history": history}
        try:
            for name, fn in self._before_writing():
                state = _timed(name, fn, state)
            started = time.perf_counter()
            yield from self.write(state)
            state["timings"]["write"] = round((time.perf_counter() - started) * 1000, 2)
            state = _timed("cite", self.cite, state)
        except Fallback as why:
            if self.fallback is None:
                raise
            yield replace(self.fallback.run(question, history), notice=why.notice)
            return
        yield self.finish(state)

    def run(self, question: Any, history: Any = None) -> Answer:
        """The finished Answer (`stream` without the growing text)."""
        answer = None
        for part in self.stream(question, history):
            answer = part
        assert isinstance(answer, Answer)  # `stream` always ends with the Answer
        return answer

    def as_runnable(self) -> Runnable[dict[str, Any] | str, Answer]:
        from langchain_core.runnables import RunnableLambda

        chain: Runnable[Any, Any] | None = None
        for name, fn in self.steps():
            step = RunnableLambda(partial(_timed, name, fn), name=name)
            chain = step if chain is None else chain | step
        assert chain is not None
        return chain | RunnableLambda(self.finish, name="finish")
