"""The Gradio app through its HTTP API (gradio_client), plus its rendering and serving rules."""

from __future__ import annotations

import dataclasses
import html
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import gradio as gr
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError, AuthenticationError

import ui
from assistant import Assistant
from assistant.answers import hedge_lead
from index import SentenceEmbeddings
from tests.support.builders import make_assistant
from tests.support.ui import HOSTILE_QUESTION, serving, write_hostile_sources
from ui import render
from ui.handlers import Handlers, reply_message
from ui.replies import HEDGE, byline, from_answer

QUESTION = "When did Lloyd Austin visit Cambodia?"
FIRST = "Who is Hun Sen?"
FOLLOW_UP = "What did he say at the summit?"
LINK = re.compile(r'href="\?cite=([^"]+)"')


@pytest.fixture(scope="module")
def url(bot: Assistant) -> Iterator[str]:
    with serving(ui.build_app(bot)) as address:
        yield address


def client(url: str, **kwargs: Any) -> Client:
    return Client(url, verbose=False, analytics_enabled=False, **kwargs)


def text_of(message: dict[str, Any]) -> str:
    """A Chatbot message's content as one string (Gradio 6 sends a list of parts)."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def plain(message: dict[str, Any]) -> str:
    """What the page shows of a message: its text without our markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", text_of(message)))


def cited_refs(message: dict[str, Any]) -> list[str]:
    return [unquote(html.unescape(r)) for r in LINK.findall(text_of(message))]


def test_chat_endpoint_streams_an_answer_with_its_sources(url: str, bot: Assistant) -> None:
    expected = bot.ask(QUESTION)
    job = client(url).submit(QUESTION, api_name="/chat")
    messages = job.result()
    assert len(job.outputs()) > 3, "the answer should arrive in several growing pieces"
    # One bubble per answer: the prose with its markers, the references under it, who wrote it.
    user, answer = messages
    assert user["role"] == "user" and QUESTION in text_of(user)
    assert answer["role"] == "assistant" and "June 4, 2024" in plain(answer)
    assert plain(answer).endswith("Quoted from the article")
    refs = [c.ref for c in expected.citations]
    assert cited_refs(answer) == refs + refs  # each marker, then each reference
    assert 'class="cite-list"' in text_of(answer)
    assert f"{expected.citations[0].source}, paragraph 2" in plain(answer)
    # The first thing shown after the question is the working indicator.
    first_reply = next(m for m in job.outputs() if len(m) == 2)
    assert "ask-working" in text_of(first_reply[1])


def test_ask_returns_exact_offsets(url: str, seed_dir: Path) -> None:
    result = client(url).predict(QUESTION, api_name="/ask")
    assert result["abstained"] is False and result["citations"]
    for c in result["citations"]:
        text = (seed_dir / c["source"]).read_text(encoding="utf-8")
        assert c["quote"] == text[c["start"]:c["end"]]
        assert f"[{c['number']}]" in result["text"]


def test_lookup_round_trip(url: str, bot: Assistant) -> None:
    citation = bot.ask(QUESTION).citations[0]
    passage = client(url).predict(citation.ref, api_name="/lookup")
    assert passage["quote"] == citation.quote
    assert passage["permalink"] == citation.ref
    assert passage["paragraph"] == citation.paragraph
    with pytest.raises(AppError, match="malformed citation reference"):
        client(url).predict("not a reference", api_name="/lookup")


def test_find_quote_endpoint(url: str) -> None:
    matches = client(url).predict("Cambodia is a developing country", api_name="/find_quote")
    assert [m["match"] for m in matches] == ["exact"]
    assert matches[0]["quote"] == "Cambodia is a developing country"


def test_bad_question_is_an_error_and_the_next_one_works(url: str) -> None:
    c = client(url)
    with pytest.raises(AppError, match="the question is empty"):
        c.predict("   ", api_name="/ask")
    assert c.predict(QUESTION, api_name="/ask")["citations"]
    # In the chat the error is a message, and the conversation goes on.
    shown = c.predict("", api_name="/chat")
    assert "question is empty" in plain(shown[-1])
    shown = c.predict(QUESTION, api_name="/chat")
    assert 'class="cite-list"' in text_of(shown[-1])


def test_follow_up_uses_the_conversation(url: str, bot: Assistant) -> None:
    first = bot.ask(FIRST)
    history = [{"role": "user", "content": FIRST}, {"role": "assistant", "content": first.text}]
    expected = bot.ask(FOLLOW_UP, history)
    via_api = client(url).predict(FOLLOW_UP, history, api_name="/ask")
    assert FIRST in via_api["resolved_question"]
    assert via_api["text"] == expected.text
    assert [c["ref"] for c in via_api["citations"]] == [c.ref for c in expected.citations]
    # The chat remembers its own session: the second question is read with the first.
    c = client(url)
    c.predict(FIRST, api_name="/chat")
    shown = c.predict(FOLLOW_UP, api_name="/chat")
    answer = shown[-1]
    quotes = "".join(f"[{c.number}] {c.source}, paragraph {c.paragraph} “{render.short(c.quote)}”"
                     for c in expected.citations)
    byline = "Quoted from the article" if expected.citations else ""  # none for a refusal
    # Compared without spaces: a hedge's lead is its own element, so the page's text has no
    # space where the answer's text has one.
    shown_text = "".join(plain(answer).split())
    assert shown_text == "".join(f"Read as: {expected.resolved_question}{expected.text}"
                                 f"{quotes}{byline}".split())
    # A new session has no history: the same question stands alone.
    alone = client(url).predict(FOLLOW_UP, api_name="/chat")
    assert "Read as" not in plain(alone[1])


def test_quote_question_in_chat_says_where(url: str, bot: Assistant) -> None:
    phrase = "Cambodia is a developing country"
    shown = client(url).predict(f'Does the article say "{phrase}"?', api_name="/chat")
    assert plain(shown[-1]).startswith("Yes. The article says")
    ref, listed = cited_refs(shown[-1])  # the marker, then the reference under the answer
    assert ref == listed
    assert bot.lookup(ref).quote == phrase
    shown = client(url).predict('Does the article mention "purple elephants on the moon"?',
                                api_name="/chat")
    assert plain(shown[-1]).startswith("No.")






class _Request:
    def __init__(self, **query: str) -> None:
        self.query_params = query


def test_cite_parameter_highlights_the_span(bot: Assistant) -> None:
    citation = bot.ask(QUESTION).citations[0]
    *_, picker, view = Handlers(bot).on_load(_Request(cite=citation.ref))  # type: ignore[arg-type]
    marked = re.search(r'<mark id="cite-hl">(.*?)</mark>', view, re.S)
    assert marked and html.unescape(marked.group(1)) == citation.quote
    assert picker["value"] == citation.source
    *_, view = Handlers(bot).on_load(_Request(cite="nope.txt:1-2"))  # type: ignore[arg-type]
    assert "unknown source" in view and "<mark" not in view


def test_serve_passes_host_port_and_login(bot: Assistant, monkeypatch: pytest.MonkeyPatch,
                                          caplog: pytest.LogCaptureFixture,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    launched: dict[str, Any] = {}

    def launch(self: gr.Blocks, **kw: Any) -> None:  # started, then stopped at once (Ctrl-C)
        launched.update(kw)
        raise KeyboardInterrupt

    monkeypatch.setattr(gr.Blocks, "launch", launch)
    with caplog.at_level(logging.WARNING, logger="ui.server"):
        ui.serve(bot, host="0.0.0.0", port=7999, auth="ana:s3cret:x")
    assert launched["server_name"] == "0.0.0.0" and launched["server_port"] == 7999
    assert launched["auth"] == ("ana", "s3cret:x")
    assert launched["prevent_thread_lock"]  # waited for in ui.serve, which says it stopped
    assert "all interfaces" in caplog.text
    out = capsys.readouterr().out
    assert "http://127.0.0.1:7999/" in out and "Article assistant stopped" in out
    caplog.clear()
    ui.serve(bot, host="127.0.0.1", port=7998)
    assert launched["auth"] is None and not caplog.text
    with pytest.raises(ValueError, match="user:password"):
        ui.serve(bot, auth="no-colon")


def test_login_is_required_when_auth_is_set(bot: Assistant) -> None:
    with serving(ui.build_app(bot), auth=ui.parse_auth("ana:s3cret")) as address:
        with pytest.raises(AuthenticationError, match="credentials were not provided"):
            client(address).predict(QUESTION, api_name="/ask")
        with pytest.raises(ValueError, match="Could not login"):
            client(address, auth=("ana", "wrong")).predict(QUESTION, api_name="/ask")
        assert client(address, auth=("ana", "s3cret")).predict(
            QUESTION, api_name="/ask")["citations"]


def test_hostile_question_comes_back_as_text(url: str) -> None:
    shown = client(url).predict(HOSTILE_QUESTION, api_name="/chat")
    user = text_of(shown[0])
    assert "<script" not in user and "<img" not in user
    assert plain(shown[0]) == HOSTILE_QUESTION


def _upload(folder: Path, name: str, text: str) -> str:
    path = folder / "incoming" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_uploads_off_shows_no_upload_and_refuses(tmp_path: Path,
                                                embeddings: SentenceEmbeddings) -> None:
    src = tmp_path / "src"
    write_hostile_sources(src)
    bot = make_assistant(src, tmp_path / "data", embeddings, uploads=False)
    handlers = Handlers(bot)
    status, *_ = handlers.add_documents([_upload(tmp_path, "new.txt", "A new article.\n")])
    assert "turned off on this server (ASSISTANT_UPLOADS=0)" in status
    status, *_ = handlers.remove_document("a-orchard.txt")
    assert "turned off" in status
    assert sorted(p.name for p in src.iterdir()) == ["a-orchard.txt", "b-harbour.md"]
    config = ui.build_app(bot).get_config_file()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    assert "upload" not in ids and "source-picker" in ids


def test_a_single_file_source_takes_no_uploads(tmp_path: Path,
                                               embeddings: SentenceEmbeddings) -> None:
    article = tmp_path / "one.txt"
    article.write_text("One article.\n\nIt has a sentence about rivers.\n", encoding="utf-8")
    bot = make_assistant(article, tmp_path / "data", embeddings)
    status, *_ = Handlers(bot).add_documents([_upload(tmp_path, "two.txt", "Two.\n")])
    assert "the sources are one file (one.txt)" in status
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "incoming", "one.txt"]


def test_upload_and_removal_update_the_page(tmp_path: Path,
                                            embeddings: SentenceEmbeddings) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "orchard.txt").write_text("Orchard notes\n\nThe apple trees were planted in "
                                     "rows by Jonas Berg in 1990.\n", encoding="utf-8")
    bot = make_assistant(src, tmp_path / "data", embeddings)
    handlers = Handlers(bot)
    assert "<h2>Ask the article</h2>" in handlers.corpus()[0]
    status, cleared, intro, chat, box, shown, picker, view = handlers.add_documents(
        [_upload(tmp_path, "../../bees.md", "# Bees\n\nThe bees came from the farm of "
                 "Lena Moss on June 2, 2025.\n")])
    assert "Added bees.md. 2 new sentences indexed" in status and cleared is None
    assert "<h2>Ask your documents</h2>" in intro
    assert chat["placeholder"] == "Ask a question about your documents."
    assert box["placeholder"] == "Ask about your documents… (Enter to send)"
    assert ["What happened on June 2, 2025?"] in shown["samples"]
    assert picker["choices"] == ["bees.md", "orchard.txt"] and picker["value"] == "bees.md"
    assert "The bees came from the farm" in view
    assert bot.retriever.invoke("bees from the farm")[0].metadata["source"] == "bees.md"
    status, *_, shown, picker, _ = handlers.remove_document("bees.md")
    assert status.startswith('<ul class="doc-status"><li class="doc-done">Removed bees.md.')
    assert picker["choices"] == ["orchard.txt"] and not (src / "bees.md").exists()
    assert ["What happened on June 2, 2025?"] not in shown["samples"]
    # The user's own file is theirs: the page does not delete it (it once did).
    status, *_, picker, _ = handlers.remove_document("orchard.txt")
    assert "Not removed: orchard.txt was not added from this page, so it is left in place" \
        in status
    assert (src / "orchard.txt").exists() and picker["choices"] == ["orchard.txt"]


def test_a_hedged_answer_is_shown_as_a_hedge(bot: Assistant) -> None:
    answer = bot.ask(QUESTION)
    lead = f"The article {hedge_lead(1)}"
    hedged = dataclasses.replace(answer, outcome="hedged", text=f"{lead} {answer.text}")
    out = str(reply_message(from_answer(hedged)).content)
    # The hedge is muted above the quote, not part of the answer's prose.
    assert f'<small class="ask-hedge">{lead}</small><br>The U.S. Defense Secretary' in out
    written = dataclasses.replace(answer, outcome="hedged", answerer="openai:m")  # an LLM's
    assert f'<small class="ask-hedge">{HEDGE}</small>' in str(
        reply_message(from_answer(written)).content)
    assert "ask-hedge" not in str(reply_message(from_answer(answer)).content)


def test_the_answerer_is_named_in_plain_words() -> None:
    assert byline("extractive", "the article") == "Quoted from the article"
    assert byline("extractive", "your documents") == "Quoted from your documents"
    assert byline("openai:gpt-4o-mini", "the article") == "Written by gpt-4o-mini"
    assert byline("ollama:llama3.2", "your documents") == "Written by llama3.2"
