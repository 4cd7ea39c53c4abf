"""What a source file is comes from its content; what is extracted from it (issue 14)."""

from __future__ import annotations

import pytest

from index.extract import ExtractError, extract, sniff
from tests.support.paths import DATA

DOCS = DATA / "docs"
PDF = "library-report.pdf"


def test_the_kind_of_a_file_comes_from_its_content() -> None:
    pdf = (DOCS / PDF).read_bytes()
    assert sniff(pdf, ".txt") == "pdf" and sniff(pdf, ".pdf") == "pdf"
    assert extract(pdf, ".txt").pages == extract(pdf, ".pdf").pages  # a PDF named .txt
    assert sniff(b"<!DOCTYPE html><html><body><p>Hi.</p></body></html>", ".txt") == "html"
    assert sniff(b"\xef\xbb\xbf<html lang=en>", ".md") == "html"
    assert sniff(b"# A title\n\nText with <b>a tag</b>.", ".md") == "text"
    assert extract(b"line one\r\nline two\rthree", ".txt").text == "line one\nline two\nthree"
    with pytest.raises(ExtractError, match="not a PDF"):
        extract(b"<html><body>Not a PDF</body></html>", ".pdf")
    with pytest.raises(ExtractError, match=r"cannot be read|no text"):
        extract(pdf[: len(pdf) // 3], ".pdf")
    with pytest.raises(ExtractError, match="binary"):
        extract(b"\x00\x01\x02", ".txt")


def test_a_pdf_is_read_page_by_page_into_paragraphs() -> None:
    found = extract((DOCS / PDF).read_bytes(), ".pdf")
    assert found.kind == "pdf" and found.pages[0] == 0 and len(found.pages) == 3
    assert [found.text[p:].split("\n", 1)[0] for p in found.pages] == [
        "Northfield Library Annual Report 2024", "Programmes and events", "Budget and outlook"]
    paragraphs = found.text.strip().split("\n\n")
    assert len(paragraphs) == 9 and all("\n" not in p and "  " not in p for p in paragraphs)


def test_a_web_page_is_its_title_and_main_text() -> None:
    found = extract((DOCS / "riverside-footbridge.html").read_bytes(), ".html")
    title, _, body = found.text.partition("\n\n")
    assert found.kind == "html" and found.pages == ()
    assert title == "Riverside council approves new footbridge over the Alder"
    assert "## Concerns about the riverbank" in body and "cookies" not in body
    # The byline, which the main-text extraction drops as page furniture, comes after it.
    assert body.startswith("By Maria Okafor, Local Affairs Reporter · Published 14 March 2025\n\n")


def test_a_web_page_byline_is_kept_once_and_only_when_it_names_someone() -> None:
    page = ('<html><head><meta charset="utf-8"><title>Garden opens</title></head><body>'
            '<article><h1>Garden opens</h1><p class="{cls}">{byline}</p>'
            + "<p>The Elm Road community garden opened on Saturday with thirty beds.</p>" * 3
            + "</article></body></html>")

    def body(cls: str, byline: str) -> str:
        raw = page.format(cls=cls, byline=byline).encode("utf-8")
        return extract(raw, ".html").text.partition("\n\n")[2]
    assert body("byline", "By Tomás Reyes").startswith("By Tomás Reyes\n\n")
    assert body("post-meta author", "by Ana Ruiz, Science Editor").startswith("by Ana Ruiz")
    assert body("byline", "Share this story").startswith("The Elm Road")  # names no one
    assert body("summary", "By Tomás Reyes").count("Tomás") == 1  # in the main text: once
    with pytest.raises(ExtractError, match="no main text"):
        extract(b"<html><head><title>Empty</title></head><body></body></html>", ".html")
