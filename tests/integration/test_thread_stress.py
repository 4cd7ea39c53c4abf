"""The answerer from 16 threads gives exactly the answers, citations and stems of a
single-threaded run over the SQuAD articles (issue 15, item 1).

The questions are made here from the articles' own sentences (a seeded sample): words of a
sentence put into question forms, a quarter of them asked as follow-ups with a history.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import snowballstemmer

from assistant import Assistant
from index import SentenceEmbeddings, sentences, tokens
from index.lexical import _PLURAL_OF_S, stem
from tests.support.builders import make_assistant
from tests.support.paths import ROOT
from tests.support.threads import run_together

SQUAD = ROOT / "bench" / "data" / "squad"
THREADS = 16
QUESTIONS = 256
# The smaller articles keep the index build short on a busy two-core machine.
ARTICLES = 8
FORMS = ["What does the article say about {}?", "Who {}?", "When {}?", "Why {}?",
         "How {}?", "Where {}?", "Is it true that {}?"]

Asked = tuple[str, list[dict[str, str]] | None]


def make_questions(texts: list[str]) -> list[Asked]:
    rng = random.Random(15)
    spans = [text[s.start:s.end] for text in texts for s in sentences.split(text)
             if s.kind == "body"]
    asked: list[Asked] = []
    for sentence in rng.sample(spans, QUESTIONS):
        words = re.findall(r"[A-Za-z][\w'-]*", sentence)
        if len(words) < 3:
            words += ["history"] * 3
        size = rng.randint(3, min(7, len(words)))
        at = rng.randint(0, len(words) - size)
        question = rng.choice(FORMS).format(" ".join(words[at:at + size]))
        history = None
        if asked and rng.random() < 0.25:
            history = [{"role": "user", "content": asked[-1][0]},
                       {"role": "assistant", "content": sentence}]
            question = rng.choice(["What about {}?", "And {}?", "Why was that?",
                                   "When did it happen?"]).format(words[at])
        asked.append((question, history))
    return asked


def outcome(answer: Any) -> dict[str, Any]:
    """Everything an answer says, except how long it took."""
    found = answer.to_dict()
    found.pop("timings_ms")
    found["scores"] = [c.score for c in answer.citations]
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("squad")
    for f in sorted(SQUAD.glob("*.txt"), key=lambda f: f.stat().st_size)[:ARTICLES]:
        shutil.copy(f, folder / f.name)
    return folder


@pytest.mark.timeout(1500)  # two passes of 256 questions: minutes on a busy two-core machine
def test_sixteen_threads_answer_exactly_as_one(corpus: Path, embeddings: SentenceEmbeddings,
                                                tmp_path_factory: pytest.TempPathFactory
                                                ) -> None:
    data = tmp_path_factory.mktemp("squad-data")
    texts = [f.read_text(encoding="utf-8") for f in sorted(corpus.glob("*.txt"))]
    asked = make_questions(texts)
    started = time.perf_counter()
    single = make_assistant(corpus, data, embeddings)
    built = time.perf_counter()
    expected = [outcome(single.ask(q, h)) for q, h in asked]
    one = time.perf_counter()
    assert sum(not e["abstained"] for e in expected) > QUESTIONS // 3  # real answers, mostly

    # A second assistant over the same index: its caches start empty, as do the stems', so
    # the threads race on filling them, not only on reading them.
    stem.cache_clear()
    shared: Assistant = make_assistant(corpus, data, embeddings)
    got: dict[int, dict[str, Any]] = {}

    def work(n: int) -> None:
        for i in range(n, len(asked), THREADS):
            got[i] = outcome(shared.ask(*asked[i]))

    failures = run_together(THREADS, work)
    print(f"\nindex {built - started:.1f} s; {len(asked)} questions: one thread "
          f"{one - built:.1f} s, {THREADS} threads {time.perf_counter() - one:.1f} s")
    assert not failures, failures[:3]
    differ = [i for i in range(len(asked)) if got.get(i) != expected[i]]
    assert not differ, [(asked[i][0], got.get(i), expected[i]) for i in differ[:3]]
    for answer in got.values():
        for c in answer["citations"]:
            assert c["quote"] == shared.document(c["source"])[c["start"]:c["end"]]

    # The stems and unit words cached during the race are those of a fresh stemmer (but the
    # plurals it parts from their singular: "lenses" and "lens").
    fresh = snowballstemmer.stemmer("english")
    words = sorted({w for text in texts for w in re.findall(r"\w+", text.lower())})
    assert len(words) > 5_000
    assert [stem(w) for w in words] == [_PLURAL_OF_S.get(w) or fresh.stemWord(w) for w in words]
    catalog = shared.catalog
    cached = sorted(catalog._tokens)
    assert len(cached) > 1000
    assert all(catalog.unit_tokens(r) == frozenset(tokens(catalog.units[r].text))
               for r in cached)
