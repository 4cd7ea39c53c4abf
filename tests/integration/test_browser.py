"""The page in headless Chromium: answers, clickable citations, ?cite= links, hostile text."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

import ui
from assistant import Assistant
from assistant.examples import suggest
from index import SentenceEmbeddings
from tests.support.builders import make_assistant
from tests.support.paths import ROOT
from tests.support.ui import HOSTILE, HOSTILE_QUESTION, serving, write_hostile_sources

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"  # git-ignored: screenshots for people to look at
QUESTION = "When did Lloyd Austin visit Cambodia?"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make chromium` (apt-get install chromium) "
                    "or set CHROMIUM_PATH")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu",
                                    "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def url(bot: Assistant) -> Iterator[str]:
    with serving(ui.build_app(bot)) as address:
        yield address


@pytest.fixture(scope="module")
def hostile_bot(tmp_path_factory: pytest.TempPathFactory,
                embeddings: SentenceEmbeddings) -> Assistant:
    root = tmp_path_factory.mktemp("hostile")
    return make_assistant(write_hostile_sources(root / "src"), root / "data", embeddings)


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    p = context.new_page()
    p.set_default_timeout(20_000)
    yield p
    context.close()


def ask(page: Page, question: str) -> None:
    """Type a question, send it, and wait for the finished reply (the input is cleared)."""
    replies = page.locator("#chat :is(.ask-answer:not(.streaming), .ask-error)")
    before = replies.count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    expect(box).to_have_value("")
    expect(replies).to_have_count(before + 1)


def highlight(page: Page) -> str:
    mark = page.locator("#source-view mark#cite-hl")
    expect(mark).to_be_in_viewport()
    return str(mark.text_content())


def test_clicking_a_marker_highlights_the_cited_quote(page: Page, url: str,
                                                      bot: Assistant) -> None:
    expected = bot.ask(QUESTION)
    page.goto(url)
    ask(page, QUESTION)
    expect(page.locator("#chat .cite-list")).to_be_visible()
    marker = page.locator("#chat a.cite-marker", has_text="[1]")
    expect(marker).to_have_count(1)
    marker.click()
    expect(page.locator("#source-view mark#cite-hl")).to_have_text(expected.citations[0].quote)
    assert highlight(page) == expected.citations[0].quote
    # No page load; the address bar holds the permalink of what is shown.
    assert page.url.startswith(url)
    assert parse_qs(urlparse(page.url).query)["cite"] == [expected.citations[0].ref]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat.png"))


def test_clicking_a_listed_passage_highlights_it(page: Page, url: str, bot: Assistant) -> None:
    question = suggest(bot.catalog)[1]  # an example made from the article: a date in it
    last = bot.ask(question).citations[-1]
    page.goto(url)
    page.locator("#chat").wait_for()
    page.get_by_role("button", name=question).click()  # the example runs the question
    passage = page.locator("#chat a.cite-passage").last
    expect(passage).to_be_visible()
    passage.click()
    expect(page.locator("#source-view mark#cite-hl")).to_have_text(last.quote)
    assert highlight(page) == last.quote


def test_cite_url_opens_with_the_span_highlighted(page: Page, url: str, bot: Assistant) -> None:
    # A sentence far down the article, so the view has to scroll to show it.
    citation = bot.ask("What does Cambodia need?").citations[-1]
    page.goto(f"{url}?cite={quote(citation.ref)}")
    expect(page.locator("#source-view mark#cite-hl")).to_have_text(citation.quote)
    assert highlight(page) == citation.quote
    expect(page.locator("#source-view .doc-head")).to_contain_text(citation.ref)


def test_clearing_the_chat_forgets_the_conversation(page: Page, url: str) -> None:
    page.goto(url)
    ask(page, "Who is Hun Sen?")
    ask(page, "What did he say at the summit?")
    expect(page.locator("#chat .ask-read-as")).to_have_count(1)  # read as a follow-up
    page.locator("#chat").get_by_role("button", name=re.compile("clear", re.I)).click()
    expect(page.locator("#chat .ask-answer")).to_have_count(0)
    ask(page, "What did he say at the summit?")
    expect(page.locator("#chat .ask-answer")).to_have_count(1)
    expect(page.locator("#chat .ask-read-as")).to_have_count(0)


def test_quote_question_points_at_the_words(page: Page, url: str) -> None:
    phrase = "Cambodia is a developing country"
    page.goto(url)
    ask(page, f'Does the article say "{phrase}"?')
    expect(page.locator("#chat .ask-answer").last).to_contain_text("Yes. The article says")
    page.locator("#chat a.cite-marker").last.click()
    expect(page.locator("#source-view mark#cite-hl")).to_have_text(phrase)


def test_hostile_question_and_document_run_and_fetch_nothing(page: Page,
                                                             hostile_bot: Assistant) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with serving(ui.build_app(hostile_bot)) as address:
        page.goto(address)
        view = page.locator("#source-view .doc-text")
        expect(view).to_contain_text("apple trees")  # the harmless document comes first
        ask(page, HOSTILE_QUESTION)
        expect(page.locator("#chat .ask-user").last).to_have_text(HOSTILE_QUESTION)
        question = "What did the harbour committee discuss about the pier?"
        cited = hostile_bot.ask(question).citations[0].quote
        assert any(s in cited for s in HOSTILE)
        ask(page, question)
        answer = page.locator("#chat .ask-answer").last
        expect(answer).to_contain_text(cited)
        answer.locator("a.cite-marker", has_text="[1]").click()
        # The view switched to the cited document and shows its markup as text.
        expect(page.locator("#source-view mark#cite-hl")).to_have_text(cited)
        for s in HOSTILE:
            expect(view).to_contain_text(s)
        page.goto(f"{address}?cite={quote('b-harbour.md:0-16')}")
        expect(page.locator("#source-view mark#cite-hl")).to_have_text("Harbour minutes.")
        page.wait_for_timeout(300)  # give any injected handler the chance to fire
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("#chat img, #source-view img").count() == 0
    origin = urlparse(address).netloc
    foreign = [u for u in requests
               if not (urlparse(u).netloc == origin or u.startswith(("data:", "blob:")))]
    assert requests and foreign == []
