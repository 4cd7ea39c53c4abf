"""Fuzzing a running `assistant serve` (127.0.0.1, a free port) with hypothesis.

Random Unicode (lone surrogates, RTL marks, combining marks, control characters), huge
numbers, wrong types, deep and malformed JSON go to every HTTP endpoint: `/ask`, `/lookup`,
`/find_quote` and `/chat` through Gradio's REST routes (`/gradio_api/call/...`) and through
gradio_client. Every answer must be an answer or a project error: no traceback, no absolute
path, no object repr, no 5xx. Afterwards the same server still answers the seed question
citing the June 4, 2024 sentence. Bounded: a fixed number of examples and a time budget.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import SentenceEmbeddings
from tests.integration.test_exposure import serving
from tests.integration.test_server_limits import request
from tests.support.builders import make_assistant
from tests.support.paths import ARTICLE

QUESTION = "When did Lloyd Austin visit Cambodia?"
DATE = "June 4, 2024"
APIS = ("ask", "lookup", "find_quote", "chat")
# The whole run stays well under a minute on a busy 2-core machine.
EXAMPLES = 80
BUDGET_S = 40.0
LEAKS = re.compile(r"Traceback|File \"/|site-packages| object at 0x|/tmp/|/home/|/root/")

SPECIAL = st.sampled_from([
    "\ud800", "\udfff\ud800", "\u202eevil\u202c", "e" + "\u0301" * 500, "\x00\x1b[2J",
    "9" * 5000, f"{ARTICLE.name}:0-" + "9" * 5000, f"{ARTICLE.name}:-1-5", "../../etc/passwd:0-9",
    "Cambodia " * 700, "ﷺ" * 50, "𝕮𝖆𝖒𝖇𝖔𝖉𝖎𝖆", "\u2028\u2029", "", " ",
])
TEXT = st.one_of(st.text(st.characters(exclude_categories=()), max_size=200), SPECIAL,
                 st.builds(lambda a, b: a + b, SPECIAL, st.text(max_size=50)))
SCALAR = st.one_of(TEXT, st.integers(min_value=-10**40, max_value=10**40),
                   st.floats(allow_nan=False), st.booleans(), st.none())
JSONISH = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["role", "content", "text", "type", "metadata", "x"]), inner, max_size=4)),
    max_leaves=12)
MESSAGE = st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", "system", ""]),
                                 "content": st.one_of(TEXT, st.lists(st.fixed_dictionaries(
                                     {"type": st.just("text"), "text": TEXT}), max_size=3))})
ARGS = {
    "ask": st.tuples(TEXT, st.one_of(st.none(), st.lists(MESSAGE, max_size=4), JSONISH)),
    "lookup": st.tuples(st.one_of(TEXT, SCALAR)),
    "find_quote": st.tuples(TEXT, st.one_of(st.integers(-10**30, 10**30), st.floats(),
                                             TEXT, st.none())),
    "chat": st.tuples(TEXT, st.one_of(st.lists(MESSAGE, max_size=3), JSONISH)),
}
RAW = st.one_of(  # bodies that are not the JSON a client would send
    st.binary(max_size=300),
    st.integers(1000, 20_000).map(lambda n: ("[" * n + "]" * n).encode()),
    st.integers(1000, 20_000).map(lambda n: ('{"data": ' + "[" * n + "]" * n + "}").encode()),
    st.just(b'{"data": [NaN, Infinity]}'), st.just(b'{"data": "not a list"}'),
    st.just(b'{"data": [' + b"9" * 5000 + b"]}"), st.just(b'{"data": ["\\ud800"]}'),
)


def assert_clean(body: bytes, *folders: Path) -> None:
    text = body.decode("utf-8", "replace")
    assert not LEAKS.search(text), text[:800]
    for folder in folders:
        assert str(folder) not in text, text[:800]


@pytest.fixture(scope="module")
def server(seed_dir: Path, embeddings: SentenceEmbeddings,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    make_assistant(seed_dir, data, embeddings)
    with serving(seed_dir, data, ASSISTANT_UPLOADS="0") as (url, _, _):
        yield url, seed_dir, data


def _call(url: str, api: str, body: bytes) -> list[bytes]:
    code, answer, _ = request(f"{url}gradio_api/call/{api}", body,
                              {"Content-Type": "application/json"})
    assert code < 500, answer[:500]
    bodies = [answer]
    if code == 200:
        event = json.loads(answer)["event_id"]
        code, answer, _ = request(f"{url}gradio_api/call/{api}/{event}")
        assert code < 500, answer[:500]
        bodies.append(answer)
        assert b"event: complete" in answer or b"event: error" in answer, answer[:500]
    return bodies


class Budget:
    def __init__(self) -> None:
        self.ends = time.monotonic() + BUDGET_S

    def left(self) -> bool:
        return time.monotonic() < self.ends


@pytest.fixture(scope="module")
def budget() -> Budget:
    return Budget()


def _fuzz_settings(n: int) -> Any:
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_fuzz_settings(EXAMPLES)
@given(api=st.sampled_from(APIS), data=st.data())
def test_rest_routes(server: tuple[str, Path, Path], budget: Budget, api: str,
                     data: st.DataObject) -> None:
    url, sources, folder = server
    args = list(data.draw(ARGS[api]))
    if data.draw(st.booleans()):
        args = args[:1]  # an optional argument left out
    if not budget.left():  # (after drawing: hypothesis wants each run to draw the same)
        return
    body = json.dumps({"data": args}).encode()  # lone surrogates travel as \\ud800 escapes
    for answer in _call(url, api, body):
        assert_clean(answer, sources, folder)


@_fuzz_settings(EXAMPLES // 2)
@given(api=st.sampled_from(APIS), raw=RAW)
def test_malformed_bodies(server: tuple[str, Path, Path], budget: Budget, api: str,
                          raw: bytes) -> None:
    url, sources, folder = server
    if not budget.left():
        return
    for answer in _call(url, api, raw):
        assert_clean(answer, sources, folder)


@pytest.fixture(scope="module")
def client(server: tuple[str, Path, Path]) -> Client:
    return Client(server[0], verbose=False, analytics_enabled=False)


@_fuzz_settings(EXAMPLES // 8)
@given(api=st.sampled_from(["ask", "lookup", "find_quote"]), text=TEXT)
def test_gradio_client(server: tuple[str, Path, Path], client: Client, budget: Budget,
                       api: str, text: str) -> None:
    _, sources, folder = server
    if not budget.left():
        return
    try:
        result = client.predict(text, api_name=f"/{api}")
    except Exception as exc:  # gradio_client raises AppError or ValueError
        assert_clean(str(exc).encode("utf-8", "replace"), sources, folder)
    else:
        assert_clean(json.dumps(result).encode(), sources, folder)


def test_still_answers_after_the_fuzzing(server: tuple[str, Path, Path]) -> None:
    url, _, _ = server
    client = Client(url, verbose=False, analytics_enabled=False)
    answer = client.predict(QUESTION, api_name="/ask")
    assert any(DATE in c["quote"] for c in answer["citations"]), answer
    quote = answer["citations"][0]
    passage = client.predict(f"{quote['source']}:{quote['start']}-{quote['end']}",
                             api_name="/lookup")
    assert passage["quote"] == quote["quote"]
