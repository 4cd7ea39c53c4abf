"""Crash-safe indexing: SIGKILLed indexers, two indexers at once, a rebuild under a live server.

Each test drives the real command (`python -m ui index`) in other processes and then
compares what it left with a clean build made in this process: the same units at the same
offsets, the same number of vectors, and the same citations for the same questions.
"""

from __future__ import annotations

import fcntl
import random
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant, Settings
from index import Catalog, SentenceEmbeddings
from tests.support.builders import make_assistant
from tests.support.env import CLI, child_env
from tests.support.paths import ARTICLE

ENV = child_env()
COUNTRIES = ["Laos", "Vietnam", "Thailand", "Myanmar", "Malaysia", "Indonesia", "Brunei",
             "Nepal", "Bhutan", "Mongolia"]
NAMES = ["Ana Ruiz", "Bo Chen", "Carl Berg", "Dina Haddad", "Emil Novak", "Fay Okafor"]
QUESTIONS = [
    "When did Lloyd Austin visit Cambodia?",
    "When did Ana Ruiz visit Laos?",
    "Who is Minister Chen?",
    "When were diplomatic ties established?",
    "What does Vietnam need?",
    "Who is Seun Sam?",
    "When did Thailand cut off diplomatic relations with the US?",
    "What does the US expect from Myanmar?",
]
SEED = random.randrange(1 << 30)  # printed on failure, so a bad run can be replayed


def variant(i: int) -> str:
    """The seed article with its country, visitor, years and minister changed: every copy
    has sentences of its own to embed (identical sentences are embedded only once)."""
    text = ARTICLE.read_text(encoding="utf-8")
    name = NAMES[i % len(NAMES)]
    return (text.replace("Cambodia", COUNTRIES[i % len(COUNTRIES)])
            .replace("Lloyd Austin", name).replace("2024", str(1960 + i))
            .replace("1950", str(1900 + i)).replace("Hun Sen", f"Minister {name.split()[1]}"))


def write_corpus(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ARTICLE, folder / ARTICLE.name)
    for i in numbers:
        (folder / f"copy-{i:02d}.txt").write_text(variant(i), encoding="utf-8")
    return folder


def indexer(sources: Path, data: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*CLI, "index", "--sources",
                             str(sources), "--data-dir", str(data)], cwd=data.parent, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


class Watched:
    """A running indexer whose stderr is read as it comes (to kill it mid-embedding)."""

    def __init__(self, sources: Path, data: Path) -> None:
        self.proc = indexer(sources, data)
        self.err = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        while chunk := self.proc.stderr.read1(4096):  # type: ignore[attr-defined]
            self.err += chunk

    def wait_for(self, text: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            if text in self.err:
                return True
            time.sleep(0.02)
        return text in self.err


def opened(sources: Path, data: Path, embeddings: SentenceEmbeddings) -> Assistant:
    """The index as it was left, without refreshing it (a refresh would hide damage)."""
    return Assistant(sources, data, settings=Settings(), embeddings=embeddings, refresh=False)


def cited(bot: Assistant) -> list[list[tuple[str, int, int]]]:
    return [[(c.source, c.start, c.end) for c in bot.ask(q).citations] for q in QUESTIONS]


def assert_same_index(got: Assistant, clean: Assistant) -> None:
    units = [(u.id, u.source, u.start, u.end, u.text) for u in got.catalog.units]
    assert units == [(u.id, u.source, u.start, u.end, u.text) for u in clean.catalog.units]
    assert got.store.count() == len(got.catalog.units) == clean.store.count()
    assert cited(got) == cited(clean)
    for unit in got.catalog.units[::25]:
        assert got.document(unit.source)[unit.start:unit.end] == unit.text


def assert_complete_or_absent(data: Path) -> None:
    """What a crash may leave: no index yet, or a complete generation, never a torn one."""
    if (data / "CURRENT").exists():
        catalog = Catalog.load(data)
        assert catalog is not None, "CURRENT points at a generation that cannot be read"
        assert sum(d.count for d in catalog.documents) == len(catalog.units)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("crash-corpus"), range(20))


@pytest.fixture(scope="module")
def clean(corpus: Path, embeddings: SentenceEmbeddings,
          tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    bot = make_assistant(corpus, tmp_path_factory.mktemp("clean-data"), embeddings)
    assert len(bot.sources) == 21
    return bot


def test_killed_indexers_leave_an_index_that_a_rerun_completes(
        corpus: Path, clean: Assistant, embeddings: SentenceEmbeddings, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    data = tmp_path / "data"
    kills = []
    for n in range(3):
        run = Watched(corpus, data)
        if n == 0:  # anywhere: importing, loading the model, opening the store, embedding
            time.sleep(rng.uniform(1.0, 8.0))
        else:  # while it embeds and writes vectors, up to the catalog's atomic switch
            # An earlier run may have finished the build: then there is nothing to embed and
            # this one exits at once, cleanly.
            assert run.wait_for(b"embedding", timeout=120) or run.proc.wait(timeout=60) == 0, \
                run.err.decode(errors="replace")
            time.sleep(rng.uniform(0.0, 2.0))
        finished = run.proc.poll() is not None
        run.proc.send_signal(signal.SIGKILL)
        run.proc.wait(timeout=30)
        kills.append("finished first" if finished else "killed")
        assert_complete_or_absent(data)
    print(f"\ncrash test (seed {SEED}): {kills}")
    final = Watched(corpus, data)
    assert final.proc.wait(timeout=300) == 0, final.err.decode(errors="replace")
    assert b"Traceback" not in final.err
    assert_same_index(opened(corpus, data, embeddings), clean)
    assert len(list(data.glob("gen-*"))) == 1, "old generations are cleaned up"
    again = make_assistant(corpus, data, embeddings)  # a refresh finds nothing to do
    assert again.last_refresh is not None and not again.last_refresh.touched


def test_two_indexers_at_once(corpus: Path, clean: Assistant, embeddings: SentenceEmbeddings,
                              tmp_path: Path) -> None:
    """Two `assistant index` runs at once after articles were added to an indexed folder."""
    sources = write_corpus(tmp_path / "sources", range(2))
    data = tmp_path / "data"
    first = indexer(sources, data)
    assert first.wait(timeout=300) == 0, first.communicate()[1].decode(errors="replace")
    for file in corpus.iterdir():
        shutil.copy(file, sources / file.name)
    runs = [indexer(sources, data), indexer(sources, data)]
    results = [(p.wait(timeout=300), *(s.decode(errors="replace") for s in p.communicate()))
               for p in runs]
    for code, out, err in results:
        assert "Traceback" not in err, err
        if code != 0:
            assert code == 1, (code, out, err)
            lines = err.strip().splitlines()
            assert len(lines) == 1 and "another process is building the index" in lines[0], err
    assert any(code == 0 for code, _, _ in results), results
    assert_same_index(opened(sources, data, embeddings), clean)



def wait_until_idle(proc: subprocess.Popen[bytes], timeout: float = 180) -> bool:
    """True once the process's main thread has slept through most of the last 2 seconds
    (an indexer waiting for the lock polls it 5 times a second); False if it exits first.
    Sleeping, not CPU time, is what counts: a process starved by a busy machine is runnable,
    not asleep, so a slow machine cannot make it look idle early."""
    samples: list[bool] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            stat = Path(f"/proc/{proc.pid}/stat").read_text()
        except OSError:
            return False
        samples = [*samples[-39:], stat.rsplit(")", 1)[1].split()[0] == "S"]
        if len(samples) == 40 and sum(samples) >= 36:
            return True
        time.sleep(0.05)
    return False


def test_an_indexer_waits_for_the_lock_before_touching_the_store(
        corpus: Path, tmp_path: Path) -> None:
    """Deterministic form of the race above: while another process holds the data folder's
    lock, an indexer must not create or open anything in it."""
    data = tmp_path / "data"
    data.mkdir()
    with open(data / "index.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        run = indexer(corpus, data)
        try:
            waiting = wait_until_idle(run)  # started up, now polling for the lock
            touched = sorted(p.name for p in data.iterdir() if p.name != "index.lock")
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
        code = run.wait(timeout=300)
    assert waiting, "the indexer never settled into waiting for the lock"
    assert not touched, f"written while another process held the lock: {touched}"
    assert code == 0, run.communicate()[1].decode(errors="replace")



@dataclass
class LiveRebuild:
    server: Assistant
    sources: Path
    before: set[str]
    first_generation: str
    asked: list[Any]
    failures: list[str]
    code: int
    err: str


@pytest.fixture(scope="module")
def live(embeddings: SentenceEmbeddings,
                 tmp_path_factory: pytest.TempPathFactory) -> LiveRebuild:
    """A serving assistant asked in a loop while `assistant index` adds 10 articles."""
    tmp = tmp_path_factory.mktemp("live-rebuild")
    sources = write_corpus(tmp / "sources", range(5))
    data = tmp / "data"
    server = make_assistant(sources, data, embeddings)
    first = (data / "CURRENT").read_text(encoding="utf-8")
    before = set(server.sources)
    write_corpus(sources, range(5, 15))  # new articles for another process to index
    rebuild = Watched(sources, data)
    asked: list[Any] = []
    failures: list[str] = []
    while rebuild.proc.poll() is None:
        if (data / "CURRENT").read_text(encoding="utf-8") != first:
            break  # the new generation is in place: what follows is the next test's
        question = QUESTIONS[len(asked) % len(QUESTIONS)]
        try:
            asked.append((question, server.ask(question)))
        except Exception as exc:
            if (data / "CURRENT").read_text(encoding="utf-8") == first:
                failures.append(repr(exc))
        time.sleep(0.1)  # a server between requests, not a busy loop
    code = rebuild.proc.wait(timeout=300)
    return LiveRebuild(server, sources, before, first, asked, failures, code,
                       rebuild.err.decode(errors="replace"))


def test_a_server_answers_from_the_last_index_during_a_rebuild(live: LiveRebuild) -> None:
    assert live.code == 0, live.err
    assert not live.failures, live.failures
    assert len(live.asked) >= 5, "the rebuild ended before the server was asked anything"
    for question, answer in live.asked:
        for c in answer.citations:
            assert c.source in live.before  # only the generation it had
            text = (live.sources / c.source).read_text(encoding="utf-8")
            assert c.quote == text[c.start:c.end]
        if question == QUESTIONS[0]:
            assert any("June 4, 2024" in c.quote for c in answer.citations), answer
    print(f"\n{len(live.asked)} answers while another process rebuilt the index")


def test_a_server_follows_the_rebuilt_index(live: LiveRebuild) -> None:
    assert live.code == 0, live.err
    answer = live.server.ask("Who came to visit Thailand on June 4, 1972?")  # a new article
    assert set(live.server.sources) == live.before | {f"copy-{i:02d}.txt"
                                                     for i in range(5, 15)}
    assert answer.citations and answer.citations[0].source == "copy-12.txt", answer
    assert "1972" in answer.citations[0].quote
    assert live.server.ask(QUESTIONS[0]).citations
