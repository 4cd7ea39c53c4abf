"""One UI server, 20 client sessions at once, 200 questions: every answer is its own.

Half the sessions talk through the page's chat endpoint (`/chat`, whose history the server
keeps per session), half through the JSON endpoint (`/ask`, history sent by the client).
Each session holds a conversation that hops between people of the article and asks
pronoun follow-ups ("Tell me more about him."), so an answer that leaked from another
session, or a history mixed up between sessions, cites the wrong person. Every answer must
equal the one the same conversation gets from the Python API alone, asked sequentially.

Latency (p50/p95 per endpoint and overall) is printed (`pytest -s`) and written to
concurrency.json in the test's pytest temporary folder.
"""

from __future__ import annotations

import html
import json
import re
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from gradio_client import Client

import ui
from assistant import Assistant
from tests.support.net import free_port
from tests.support.stats import percentile

SESSIONS = 20
PAIRS = 5  # (subject, follow-up) pairs per session: 10 questions each, 200 in all
SUBJECTS = {  # the question that sets the subject, and what its sentence must name
    "Who is Hun Sen?": "Hun Sen",
    "Who is Seun Sam?": "Seun Sam",
    "Who is Lloyd Austin?": "Lloyd Austin",
}
FOLLOW_UPS = ["Tell me more about him.", "What did he say?", "What is his job?"]
LINK = re.compile(r'href="\?cite=([^"]+)"')


def script(session: int) -> list[tuple[str, str | None]]:
    """The session's questions, each with the person its answer must cite (None: any)."""
    subjects = list(SUBJECTS)
    turns: list[tuple[str, str | None]] = []
    for pair in range(PAIRS):
        subject = subjects[(session + pair) % len(subjects)]
        turns.append((subject, SUBJECTS[subject]))
        turns.append((FOLLOW_UPS[(session + 2 * pair) % len(FOLLOW_UPS)], SUBJECTS[subject]))
    return turns


def expected_refs(bot: Assistant, turns: list[tuple[str, str | None]]) -> list[list[str]]:
    """The conversation asked through the Python API alone, one question at a time."""
    history: list[dict[str, str]] = []
    refs = []
    for question, _ in turns:
        answer = bot.ask(question, history)
        refs.append([c.ref for c in answer.citations])
        history += [{"role": "user", "content": question},
                    {"role": "assistant", "content": answer.text}]
    return refs


@pytest.fixture(scope="module")
def url(bot: Assistant) -> Iterator[str]:
    demo = ui.build_app(bot)
    demo.queue(default_concurrency_limit=4)  # several answers at once on one Assistant
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                quiet=True, ssr_mode=False)
    try:
        yield str(demo.local_url)
    finally:
        demo.close()


def chat_refs(messages: list[dict[str, Any]]) -> list[str]:
    """The spans the last reply of a `/chat` result cites (the reference links under it; none
    for a refusal)."""
    content = messages[-1]["content"]
    text = content if isinstance(content, str) else "".join(
        p.get("text", "") for p in content if isinstance(p, dict))
    # A span is linked from its [n] marker and from its reference line: count it once.
    return list(dict.fromkeys(unquote(html.unescape(r)) for r in LINK.findall(text)))


class Session(threading.Thread):
    def __init__(self, number: int, url: str, start: threading.Barrier) -> None:
        super().__init__(name=f"session-{number}")
        self.number, self.url, self.start_together = number, url, start
        self.door = "/chat" if number % 2 == 0 else "/ask"
        self.turns = script(number)
        self.got: list[list[str]] = []
        self.quotes: list[list[str]] = []
        self.latencies: list[float] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            client = Client(self.url, verbose=False, analytics_enabled=False)
            self.start_together.wait(timeout=120)
            history: list[dict[str, str]] = []
            for question, _ in self.turns:
                started = time.perf_counter()
                if self.door == "/chat":
                    result = client.submit(question, api_name="/chat").result(timeout=180)
                    self.latencies.append(time.perf_counter() - started)
                    refs = chat_refs(result)
                    self.quotes.append([])
                else:
                    result = client.submit(question, history, api_name="/ask").result(
                        timeout=180)
                    self.latencies.append(time.perf_counter() - started)
                    refs = [c["ref"] for c in result["citations"]]
                    self.quotes.append([c["quote"] for c in result["citations"]])
                    history = [*history, {"role": "user", "content": question},
                               {"role": "assistant", "content": result["text"]}]
                self.got.append(refs)
        except BaseException as exc:
            self.error = exc


def test_twenty_sessions_at_once_each_get_their_own_answers(url: str, bot: Assistant,
                                                            tmp_path: Path) -> None:
    scripts = {tuple(script(n)) for n in range(SESSIONS)}
    expected = {turns: expected_refs(bot, list(turns)) for turns in scripts}
    barrier = threading.Barrier(SESSIONS)
    sessions = [Session(n, url, barrier) for n in range(SESSIONS)]
    started = time.perf_counter()
    for s in sessions:
        s.start()
    for s in sessions:
        s.join(timeout=600)
    wall = time.perf_counter() - started
    errors = [f"{s.name}: {s.error!r}" for s in sessions if s.error or s.is_alive()]

    latencies = {door: [t for s in sessions if s.door == door for t in s.latencies]
                 for door in ("/chat", "/ask")}
    every = latencies["/chat"] + latencies["/ask"]
    figures: dict[str, Any] = {"sessions": SESSIONS, "questions": len(every),
                               "errors": len(errors), "wall_s": round(wall, 2),
                               "throughput_qps": round(len(every) / wall, 2) if wall else 0}
    for name, values in (("all", every), *latencies.items()):
        if values:
            figures[name] = {"n": len(values), "p50_ms": round(1000 * percentile(values, .5)),
                             "p95_ms": round(1000 * percentile(values, .95)),
                             "mean_ms": round(1000 * statistics.fmean(values))}
    artifact = tmp_path / "concurrency.json"
    artifact.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nconcurrency ({artifact}):", json.dumps(figures))

    assert not errors, errors
    assert len(every) == SESSIONS * 2 * PAIRS == 200
    seed = bot.document(bot.sources[0])
    for s in sessions:
        want = expected[tuple(s.turns)]
        for i, (question, person) in enumerate(s.turns):
            assert s.got[i] == want[i], (s.name, s.door, i, question)
            assert s.got[i], (s.name, question, "no citation")
            assert person is None or any(person in bot.lookup(ref).quote
                                         for ref in s.got[i]), (s.name, i)
            for quote, ref in zip(s.quotes[i], s.got[i], strict=False):
                passage = bot.lookup(ref)
                assert quote == passage.quote == seed[passage.start:passage.end]


def test_the_same_follow_up_cites_each_conversations_own_subject(bot: Assistant) -> None:
    """What makes the test above tell sessions apart: one follow-up, three people, three
    different answers, each citing its person's sentence (a hedge lists the closest passages
    closest first; it need not lead: "What is his job?" after Hun Sen puts Seun Sam's
    "policy analyst" first)."""
    for follow_up in FOLLOW_UPS:
        cited = {}
        for subject, person in SUBJECTS.items():
            first = bot.ask(subject)
            answer = bot.ask(follow_up, [{"role": "user", "content": subject},
                                         {"role": "assistant", "content": first.text}])
            assert any(person in c.quote for c in answer.citations), (subject, answer)
            cited[person] = tuple(c.ref for c in answer.citations)
        assert len(set(cited.values())) == len(SUBJECTS), (follow_up, cited)
