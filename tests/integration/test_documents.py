"""HTML and PDF sources: extracted once, kept, cited by exact offsets, with titles and pages
(issue 14); unreadable files skipped with one warning, listed by the assistant."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from assistant import Assistant
from index import SentenceEmbeddings
from tests.support.builders import make_assistant
from tests.support.paths import DATA

DOCS = DATA / "docs"
PDF = "library-report.pdf"
NEWS = "riverside-footbridge.html"
BLOG = "sourdough-starter-blog.html"
# (question, source, words the first citation holds, page for a PDF)
QUESTIONS = [
    ("How long will the footbridge over the Alder be?", NEWS, "64 metres long", None),
    ("When is construction of the footbridge expected to start?", NEWS, "September 2025",
     None),
    ("How many visitors did Northfield Library welcome in 2024?", PDF, "182,000 visitors", 1),
    ("How many times did the Saturday coding club meet?", PDF, "met 45 times", 2),
    ("Until when will the library open on Thursdays?", PDF, "until nine in the evening", 3),
    ("How long can a sourdough starter in the fridge go without food?", BLOG,
     "three weeks without food", None),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for name in (PDF, NEWS, BLOG):
        shutil.copy(DOCS / name, folder / name)
    (folder / "broken.pdf").write_bytes(b"a")  # a one-byte "PDF"
    (folder / "garbled.txt").write_bytes(b"caf\x81 cr\x8fme")  # not text in either
    return folder


@pytest.fixture(scope="module")
def docs_bot(folder: Path, embeddings: SentenceEmbeddings,
             tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return make_assistant(folder, tmp_path_factory.mktemp("docs-data"), embeddings)


def test_web_pages_and_pdfs_are_indexed_by_their_main_text(docs_bot: Assistant) -> None:
    assert docs_bot.sources == [PDF, NEWS, BLOG]
    titles = {d.source: d.title for d in docs_bot.catalog.documents}
    assert titles == {PDF: "Northfield Library Annual Report 2024",
                      NEWS: "Riverside council approves new footbridge over the Alder",
                      BLOG: "Keeping a sourdough starter alive while you are away"}
    news = docs_bot.document(NEWS)
    assert "ending a decade of debate" in news
    for boilerplate in ("cookies", "Subscribe", "Related stories", "alderwalker", "gtag",
                        "All rights reserved", "Advertisement"):
        assert boilerplate not in news
    assert "\n\nThe bridge will be 64 metres long" in news  # paragraphs stay apart
    blog = docs_bot.document(BLOG)
    assert "Popular posts" not in blog and "froze mine" not in blog
    report = docs_bot.document(PDF)
    assert report.count("\n\n") >= 8 and "The rise came mostly" in report  # lines re-joined


@pytest.mark.parametrize(("question", "source", "words", "page"), QUESTIONS)
def test_answers_from_html_and_pdf_keep_the_invariant(docs_bot: Assistant, question: str,
                                                      source: str, words: str,
                                                      page: int | None) -> None:
    answer = docs_bot.ask(question)
    assert not answer.abstained, answer
    first = answer.citations[0]
    assert first.source == source and words in first.quote, answer
    assert first.page == page
    for c in answer.citations:
        assert c.quote == docs_bot.document(c.source)[c.start:c.end]
        passage = docs_bot.lookup(c)
        assert passage.quote == c.quote and passage.page == c.page
        assert docs_bot.lookup(c.ref) == passage
        assert passage.stale is None and c.stale is None
    assert answer.to_dict()["citations"][0]["page"] == page


def test_a_pdf_passage_knows_its_page(docs_bot: Assistant) -> None:
    text = docs_bot.document(PDF)
    for page, words in ((1, "Northfield Library welcomed"), (2, "A series of evening talks"),
                        (3, "In 2025 the library plans")):
        start = text.index(words)
        assert docs_bot.lookup(f"{PDF}:{start}-{start + len(words)}").page == page
    assert docs_bot.lookup(f"{PDF}:0-10").page == 1  # the title
    assert docs_bot.find_quote("met 45 times")[0].source == PDF


def test_unreadable_files_are_skipped_once_and_listed(
        folder: Path, docs_bot: Assistant, embeddings: SentenceEmbeddings,
        caplog: pytest.LogCaptureFixture) -> None:
    skipped = {s.source: s.reason for s in docs_bot.skipped}
    assert skipped == {"broken.pdf": "not a PDF (no %PDF- header)",
                       "garbled.txt": "neither UTF-8 (invalid start byte) nor Windows-1252 "
                                      "text"}
    caplog.set_level(logging.WARNING)
    again = make_assistant(folder, docs_bot.data_dir, embeddings)  # what each `ask` does
    assert not [r for r in caplog.records if "skipping" in r.getMessage()]
    assert {s.source for s in again.skipped} == set(skipped)
    assert again.last_refresh is not None and not again.last_refresh.touched


@pytest.mark.parametrize(("question", "row"), [
    ("What time is the first ferry from Northport?", "Northport – Arden Pier | 06:40 |"),
    ("How long does the crossing from Eastbay take?", "Eastbay – Arden Pier | 08:10 |"),
    ("How much is an adult single to Willow Island?", "Arden Pier – Willow Island | 09:00 |"),
])
def test_a_question_about_a_table_cell_cites_its_row(
        tmp_path: Path, embeddings: SentenceEmbeddings, question: str, row: str) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DOCS / "ferry-timetable.html", folder)
    bot = make_assistant(folder, tmp_path / "data", embeddings)
    answer = bot.ask(question)
    first = answer.citations[0]
    # The row, read with its column names, is found; the citation is the row itself (not the
    # whole table, nor its header), by exact offsets.
    assert first.quote.startswith(row) and "\n" not in first.quote
    assert first.quote == bot.document(first.source)[first.start:first.end]
    assert not any(c.quote.startswith("Route | First departure") for c in answer.citations)
    # The answer reads the row with its column names, which its cells alone do not say.
    assert f"Route: {row.split(' | ')[0]}; First departure: " in answer.text


@pytest.fixture(scope="module")
def lists_bot(embeddings: SentenceEmbeddings, tmp_path_factory: pytest.TempPathFactory
              ) -> Assistant:
    folder = tmp_path_factory.mktemp("lists")
    for name in ("printed-report.pdf", "bulleted-notice.pdf"):
        shutil.copy(DOCS / name, folder / name)
    return make_assistant(folder, tmp_path_factory.mktemp("lists-data"), embeddings)


@pytest.mark.parametrize(("question", "item"), [
    # The item does not say "recommend": its lead-in does ("…makes the following
    # recommendations to the board for 2025:"), and was cited for it alone.
    ("What does the Head Librarian recommend about the book budget?",
     "2. Restore the book budget to at least 48,000 euros."),
    ("What do I need for the lockers?", "1. A padlock for the lockers"),
    ("Is the sauna open this winter?", "• The sauna is closed."),
    # A bullet drawn as a shape: the two items were one run-on unit.
    ("Can I pay for a locker with a token?", "• the blue tokens sold at reception"),
])
def test_a_pdf_list_item_is_cited_alone_and_found_by_its_lead_in(
        lists_bot: Assistant, question: str, item: str) -> None:
    first = lists_bot.ask(question).citations[0]
    assert first.quote == item
    assert first.quote == lists_bot.document(first.source)[first.start:first.end]


def test_a_cited_lead_in_brings_its_list(lists_bot: Assistant) -> None:
    answer = lists_bot.ask("What should I bring to the changing rooms?")
    # "What to bring to the temporary changing rooms:" says what the items are; alone it
    # answered nothing. The items follow it, each cited by its own offsets.
    assert [c.quote for c in answer.citations] == [
        "What to bring to the temporary changing rooms:", "1. A padlock for the lockers",
        "2. Your own towel", "3. Flip-flops for the outdoor walkway"]
    assert answer.text.endswith("3. Flip-flops for the outdoor walkway [4]")
    assert all(c.quote == lists_bot.document(c.source)[c.start:c.end] for c in answer.citations)


@pytest.fixture(scope="module")
def shapes_bot(embeddings: SentenceEmbeddings, tmp_path_factory: pytest.TempPathFactory
               ) -> Assistant:
    folder = tmp_path_factory.mktemp("shapes")
    shutil.copy(DOCS / "lettered-terms.pdf", folder)
    shutil.copy(DATA / "newcomer2" / "docs" / "forum-nas-backup-thread.txt", folder)
    return make_assistant(folder, tmp_path_factory.mktemp("shapes-data"), embeddings)


def test_a_pdf_lettered_item_is_cited_alone(shapes_bot: Assistant) -> None:
    answer = shapes_bot.ask("How much is the monthly pass?")
    # "(b)" ran on from the end of "(a)": all three plans were one unit.
    assert [c.quote for c in answer.citations][:1] == [
        "(b) Monthly Pass: twelve pounds a month, with the first 45 minutes of every ride free "
        "and each further minute at ten pence, billed on the first day of the month"]


def test_a_reply_is_found_by_what_it_quotes_and_the_quote_is_not_cited(
        shapes_bot: Assistant) -> None:
    answer = shapes_bot.ask("Was the network link running at 100 Mbit/s?")
    # The reply's quote of the earlier post ("> Check whether the network link negotiated at
    # 100 Mbit/s instead of 1 Gbit/s") was cited as the answer; the reply under it answers.
    assert answer.citations[0].quote == "Checked, it is 1 Gbit/s on both ends."
    text = shapes_bot.document(answer.citations[0].source)
    quote = text.index("> Check whether") + 2
    assert all(c.start != quote for c in answer.citations)
