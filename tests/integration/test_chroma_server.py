"""The assistant as a client of a real `chroma run` server (ASSISTANT_CHROMA_URL)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant
from index import SentenceEmbeddings, StoreError
from tests.support.builders import make_assistant
from tests.support.net import free_port
from tests.support.paths import ARTICLE, load_qa

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).with_name("chroma")


@dataclass
class ChromaServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(folder: Path, wait_s: float = 30.0) -> ChromaServer:
    if not CHROMA.exists() and shutil.which("chroma") is None:
        pytest.skip("the `chroma` console script (from the chromadb wheel) is not installed")
    binary = str(CHROMA) if CHROMA.exists() else "chroma"
    port = free_port()
    log = folder / "chroma.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [binary, "run", "--path", str(folder / "db"), "--host", "127.0.0.1",
             "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    server = ChromaServer(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{server.url}/api/v2/heartbeat", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    pytest.fail(f"chroma run did not come up on {server.url}:\n"
                f"{log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    server = start_server(tmp_path_factory.mktemp("chroma-server"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def server_bot(chroma_server: ChromaServer, seed_dir: Path, embeddings: SentenceEmbeddings,
               tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return make_assistant(seed_dir, tmp_path_factory.mktemp("server-data"), embeddings,
                          chroma_url=chroma_server.url)


def ask_conversation(bot: Assistant, turns: list[str]) -> list:
    history: list[dict] = []
    answers = []
    for question in turns:
        answer = bot.ask(question, history=history)
        answers.append(answer)
        history += [{"role": "user", "content": question},
                    {"role": "assistant", "content": answer.text}]
    return answers


def assert_exact_citations(bot: Assistant, answer) -> None:
    for citation in answer.citations:
        text = (bot.root / citation.source).read_text(encoding="utf-8") \
            if bot.root.is_dir() else bot.root.read_text(encoding="utf-8")
        assert citation.quote == text[citation.start:citation.end]
        assert bot.lookup(citation).quote == citation.quote


def test_the_store_is_the_server(server_bot: Assistant, chroma_server: ChromaServer) -> None:
    assert server_bot.store.url == chroma_server.url
    assert server_bot.store.count() == len(server_bot.catalog.units) > 0
    assert not (server_bot.data_dir / "chroma").exists()
    # The shared server is the index searched: the generation keeps no vectors of its own.
    assert server_bot.catalog.vectors is None and server_bot.searcher.store is server_bot.store


@pytest.mark.parametrize(("question", "needle"), [
    ("When did Lloyd Austin visit Cambodia?", "June 4, 2024"),
    ("When were diplomatic ties between Cambodia and the US established?", "July 11, 1950"),
])
def test_date_questions_cite_the_sentence(server_bot: Assistant, question: str,
                                          needle: str) -> None:
    answer = server_bot.ask(question)
    assert not answer.abstained
    assert any(needle in c.quote for c in answer.citations), answer.text
    assert_exact_citations(server_bot, answer)


def test_every_dev_citation_is_an_exact_span(server_bot: Assistant) -> None:
    cases = load_qa()
    assert cases
    for case in cases:
        for answer in ask_conversation(server_bot, case["turns"]):
            assert_exact_citations(server_bot, answer)


def test_two_assistants_share_one_server(server_bot: Assistant, chroma_server: ChromaServer,
                                         seed_dir: Path, embeddings: SentenceEmbeddings,
                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    other = make_assistant(seed_dir, tmp_path_factory.mktemp("server-data-2"), embeddings,
                           chroma_url=chroma_server.url)
    assert other.data_dir != server_bot.data_dir
    assert other.store.count() == server_bot.store.count()
    for case in load_qa():
        mine = ask_conversation(server_bot, case["turns"])
        theirs = ask_conversation(other, case["turns"])
        assert [a.text for a in mine] == [a.text for a in theirs]
        assert [a.citations for a in mine] == [a.citations for a in theirs]


def test_an_unreachable_server_is_a_clear_error(seed_dir: Path, embeddings: SentenceEmbeddings,
                                               tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as err:
        make_assistant(seed_dir, tmp_path, embeddings, chroma_url=url)
    message = str(err.value)
    assert url in message
    assert "chroma run" in message and "ASSISTANT_CHROMA_URL" in message


def test_a_server_that_dies_later_is_a_clear_error(seed_dir: Path,
                                                   embeddings: SentenceEmbeddings,
                                                   tmp_path: Path) -> None:
    server = start_server(tmp_path)
    try:
        bot = make_assistant(seed_dir, tmp_path / "data", embeddings, chroma_url=server.url)
        assert not bot.ask("When did Lloyd Austin visit Cambodia?").abstained
    finally:
        server.stop()
    with pytest.raises(StoreError) as err:
        bot.ask("When did Lloyd Austin visit Cambodia?")
    assert server.url in str(err.value) and "chroma run" in str(err.value)


def test_vectors_tolerate_repeated_ids(server_bot: Assistant) -> None:
    ids = [u.id for u in server_bot.catalog.units[:3]]
    first = server_bot.store.vectors([*ids, ids[0]])
    assert set(first) == set(ids)
    again = server_bot.store.vectors(ids)  # served from memory this time
    for i in ids:
        assert np.array_equal(first[i], again[i])


class CountingEmbeddings(SentenceEmbeddings):
    """The session's loaded model, counting the texts the index asks it to encode (with
    their token states)."""

    def __init__(self, loaded: SentenceEmbeddings) -> None:
        super().__init__(loaded.model_name, loaded.batch_size)
        self._model = loaded.model
        self.texts = 0

    def encode_tokens(self, texts: list[str], keep: bool = False
                      ) -> tuple[np.ndarray, list[np.ndarray]]:
        self.texts += len(texts)
        return super().encode_tokens(texts, keep)


def test_repeated_sentences_are_encoded_once(chroma_server: ChromaServer,
                                             embeddings: SentenceEmbeddings,
                                             tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    text = ARTICLE.read_text(encoding="utf-8")
    (sources / "one.txt").write_text(text, encoding="utf-8")
    (sources / "two.txt").write_text(text, encoding="utf-8")
    counting = CountingEmbeddings(embeddings)
    bot = make_assistant(sources, tmp_path / "data", counting, chroma_url=chroma_server.url,
                         collection="dedupe-units")
    units = bot.catalog.units
    assert bot.store.count() == len(units)
    assert counting.texts == len({u.text for u in units}) == len(units) // 2
    one = [u.id for u in units if u.source == "one.txt"]
    two = [u.id for u in units if u.source == "two.txt"]
    vectors = bot.store.vectors(one + two)
    for a, b in zip(one, two, strict=True):
        assert np.array_equal(vectors[a], vectors[b])
    answer = bot.ask("When did Lloyd Austin visit Cambodia?")
    assert_exact_citations(bot, answer)
