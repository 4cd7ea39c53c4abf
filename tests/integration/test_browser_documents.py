"""The page as a newcomer uses it, in headless Chromium: their own documents uploaded, indexed,
asked about and cited; bad uploads refused; examples that follow the corpus; the chat on a
phone. Screenshots at 1280x900 and 390x844 go to test-artifacts/ (git-ignored)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

import ui
from assistant import Assistant
from index import SentenceEmbeddings
from tests.integration.test_browser import ask, browser  # noqa: F401 - the shared browser
from tests.support.builders import make_assistant
from tests.support.paths import DATA, ROOT
from tests.support.ui import serving
from ui import uploads

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
RECIPE = ("Grandmother's lentil soup\n\n"
          "This soup was first cooked by Maria Lopez in 1962 for her family in Valencia. "
          "Rinse the lentils, then simmer them for forty minutes with two carrots.\n\n"
          "Serve it hot with fresh bread and a little olive oil.\n")
FAQ = ("# Kettle FAQ\n\nThe kettle switches itself off when the water boils. "
       "The warranty lasts two years from the date of purchase.\n")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "sources"
    src.mkdir()
    shutil.copy(DATA / "harbour" / "harbour.txt", src / "harbour.txt")
    return src


@pytest.fixture()
def newcomer(folder: Path, tmp_path: Path, embeddings: SentenceEmbeddings) -> Assistant:
    return make_assistant(folder, tmp_path / "data", embeddings)


@pytest.fixture()
def url(newcomer: Assistant) -> Iterator[str]:
    with serving(ui.build_app(newcomer)) as address:
        yield address


def open_page(browser: Browser, url: str, viewport: dict[str, int]) -> Page:  # noqa: F811
    page = browser.new_context(viewport=viewport).new_page()  # type: ignore[arg-type]
    page.set_default_timeout(30_000)
    page.goto(url)
    expect(page.locator("#examples")).to_be_visible(timeout=30_000)  # a loaded machine is slow
    return page


def upload(page: Page, *files: dict[str, object]) -> None:
    before = page.locator("#doc-status").inner_text()
    page.locator("#upload input[type=file]").set_input_files(list(files))  # type: ignore[arg-type]
    expect(page.locator("#doc-status")).not_to_have_text(before)


def text_file(name: str, text: str | bytes, mime: str = "text/plain") -> dict[str, object]:
    data = text.encode() if isinstance(text, str) else text
    return {"name": name, "mimeType": mime, "buffer": data}


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_upload_index_ask_cite_and_remove(browser: Browser, url: str,  # noqa: F811
                                          newcomer: Assistant, folder: Path) -> None:
    page = open_page(browser, url, DESKTOP)
    examples = page.locator("#examples")
    expect(page.locator("#intro h2")).to_have_text("Ask the article")
    expect(examples).to_contain_text("Who is Ana Ruiz?")  # made from the one article there
    upload(page, text_file("lentil-soup.txt", RECIPE), text_file("kettle-faq.md", FAQ))
    expect(page.locator("#doc-status")).to_contain_text("Added lentil-soup.txt, kettle-faq.md")
    assert sorted(p.name for p in folder.iterdir()) == ["harbour.txt", "kettle-faq.md",
                                                       "lentil-soup.txt"]
    # Three documents: the page speaks of "your documents" and its examples include them.
    expect(page.locator("#intro h2")).to_have_text("Ask your documents")
    expect(page.locator("#question textarea")).to_have_attribute(
        "placeholder", "Ask about your documents… (Enter to send)")
    expect(examples).to_contain_text("What do your documents say about Maria Lopez?")
    expect(page.locator("#source-view .doc-head")).to_contain_text("lentil-soup.txt")
    question = "How long do the lentils simmer?"
    expected = newcomer.ask(question)
    assert expected.citations and expected.citations[0].source == "lentil-soup.txt"
    ask(page, question)
    answer = page.locator("#chat .ask-answer").last
    expect(answer).to_contain_text("forty minutes")
    expect(answer.locator(".ask-answerer")).to_have_text("Quoted from your documents")
    answer.locator("a.cite-passage").first.click()
    expect(page.locator("#source-view mark#cite-hl")).to_have_text(expected.citations[0].quote)
    shoot(page, "documents-1280x900")
    # Remove the recipe: gone from the folder, the picker, the examples and the answers.
    picker = page.locator("#source-picker input")
    picker.click()
    page.get_by_role("option", name="lentil-soup.txt").click()
    page.locator("#remove-doc").click()
    expect(page.locator("#doc-status")).to_contain_text("Removed lentil-soup.txt")
    assert not (folder / "lentil-soup.txt").exists()
    assert "lentil-soup.txt" not in newcomer.sources
    expect(examples).not_to_contain_text("Maria Lopez")
    assert newcomer.ask(question).citations[:1] != expected.citations[:1]
    # A type the index does not read is refused with what to do, not "Invalid file type".
    upload(page, text_file("notes.docx", b"PK\x03\x04",
                           "application/vnd.openxmlformats-officedocument.wordprocessingml."
                           "document"))
    expect(page.locator("#doc-status")).to_contain_text(
        "Not added: notes.docx: Word files (.docx) are not read; save it as PDF")
    assert not (folder / "notes.docx").exists()


def test_bad_uploads_are_refused_with_a_reason(browser: Browser, url: str,  # noqa: F811
                                               folder: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 4000)
    page = open_page(browser, url, DESKTOP)
    upload(page, text_file("big.txt", "many words " * 500),
           text_file("photo.txt", PNG), text_file("../../x.txt", "Escape attempt.\n"))
    status = page.locator("#doc-status")
    expect(status).to_contain_text("Not added: big.txt: it is 5.5 kB, over the 4.0 kB limit")
    expect(status).to_contain_text("Not added: photo.txt: it is not a text file: it holds "
                                   "binary data")
    # However the browser and the server pass the name on, it lands inside the folder.
    assert sorted(p.name for p in folder.iterdir()) == ["harbour.txt", "x.txt"]
    assert not any(tmp_path.parent.glob("x.txt")) and not (tmp_path / "x.txt").exists()
    expect(status).to_contain_text("Added x.txt")
    shoot(page, "refused-1280x900")
    ask(page, "What did the council vote for?")  # the page still answers
    expect(page.locator("#chat .ask-answer").last).to_contain_text("harbour wall")


def test_html_and_pdf_uploads_are_indexed_and_cited(browser: Browser, url: str,  # noqa: F811
                                                    newcomer: Assistant) -> None:
    docs = DATA / "docs"
    html_files, pdf_files = sorted(docs.glob("*.html")), sorted(docs.glob("*.pdf"))
    if not ({".html", ".pdf"} <= set(uploads.accepted_suffixes()) and html_files and pdf_files):
        pytest.skip("pending: the index does not read HTML and PDF yet (issue 14, item 2)")
    page = open_page(browser, url, DESKTOP)
    page.locator("#upload input[type=file]").set_input_files([html_files[0], pdf_files[0]])
    expect(page.locator("#doc-status")).to_contain_text(
        f"Added {html_files[0].name}, {pdf_files[0].name}")
    for name in (html_files[0].name, pdf_files[0].name):
        assert name in newcomer.sources
        text = newcomer.document(name)
        sentence = next(u.text for u in newcomer.catalog.document_units(name)
                        if u.kind == "body" and len(u.text.split()) > 6)
        answer = newcomer.ask(sentence)
        assert answer.citations and answer.citations[0].quote == text[
            answer.citations[0].start:answer.citations[0].end]
        ask(page, sentence)
        page.locator("#chat a.cite-marker").last.click()
        expect(page.locator("#source-view mark#cite-hl")).to_have_text(
            answer.citations[0].quote)


def test_chat_on_desktop_and_phone(browser: Browser, bot: Assistant) -> None:  # noqa: F811
    with serving(ui.build_app(bot)) as address:
        for viewport in (DESKTOP, PHONE):
            page = open_page(browser, address, viewport)
            size = f"{viewport['width']}x{viewport['height']}"
            for text in ("Built with Gradio", "Use via API", "Settings"):
                expect(page.get_by_text(text, exact=False)).to_be_hidden()
            page.evaluate("""() => { window.__sawWorking = false;
                new MutationObserver(() => { if (document.querySelector('.ask-working'))
                  window.__sawWorking = true; }).observe(document.body,
                  {subtree: true, childList: true}); }""")
            ask(page, "When did Lloyd Austin visit Cambodia?")
            assert page.evaluate("window.__sawWorking"), "no working indicator was shown"
            answer = page.locator("#chat .ask-answer").last
            expect(answer.locator(".cite-list li")).to_have_count(1)
            expect(answer.locator(".ask-answerer")).to_have_text("Quoted from the article")
            assert page.locator("#chat .ask-answer").count() == 1  # one bubble per answer
            # The latest answer and the input are on the first screen, unscrolled.
            assert page.evaluate("window.scrollY") == 0
            for box in (answer.bounding_box(),
                        page.locator("#question textarea").bounding_box()):
                assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
            shoot(page, f"chat-{size}")
            page.context.close()
