"""What a source file is comes from its content; what is extracted from it (issue 14)."""

from __future__ import annotations

import pytest
from lxml.html import fragment_fromstring
from trafilatura.utils import load_html

from index.extract import (
    _FALLBACK_BLOCKS,
    ExtractError,
    _byline_part,
    _date_part,
    _furniture,
    _labelled,
    extract,
    sniff,
)
from index.sentences import (
    is_byline,
    is_date_line,
    is_date_span,
    is_rating,
    split,
    with_column_names,
)
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


def test_a_page_that_is_no_article_is_read_whole_by_its_structure() -> None:
    # A restaurant's menu: the main-text extraction kept its allergen notes alone (549 of
    # its 2,487 characters); its dishes are list items, its hours a table without a header.
    page = DATA / "newcomer9" / "docs" / "the_copper_kettle_menu.html"
    text = extract(page.read_bytes(), ".html").text
    assert "## Mains\n\n- Beer-battered haddock, triple-cooked chips, crushed peas, tartare " \
        "sauce £17.50 (F, G, E, Mu)\n\n" in text
    assert "- Monday: Closed\n\n- Tuesday – Thursday: 12:00 – 14:30, 17:30 – 21:00" in text
    assert "Two courses £21 / three courses £26" in text
    assert "Book a Table" not in text and "Privacy" not in text  # its navigation, its footer


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
    assert body("author", "Exhibition text by Dr Eleanor Quayle, Curator").startswith(
        "Exhibition text by Dr Eleanor Quayle")
    assert body("byline", "Share this story").startswith("The Elm Road")  # names no one
    assert body("summary", "By Tomás Reyes").count("Tomás") == 1  # in the main text: once
    with pytest.raises(ExtractError, match="no main text"):
        extract(b"<html><head><title>Empty</title></head><body></body></html>", ".html")


def test_a_web_page_date_line_is_kept_after_its_byline() -> None:
    page = ('<html><head><meta charset="utf-8"><title>Garden opens</title></head><body>'
            '<article><h1>Garden opens</h1><p class="byline">By Tomás Reyes</p>{date}'
            + "<p>The Elm Road community garden opened on Saturday with thirty beds.</p>" * 3
            + "</article></body></html>")

    def body(date: str) -> str:
        return extract(page.format(date=date).encode("utf-8"), ".html").text.partition("\n\n")[2]
    dated = '<p class="dateline"><time datetime="2024-04-18">HALFORD, 18 April 2024</time></p>'
    assert body(dated).startswith("By Tomás Reyes\n\nHALFORD, 18 April 2024\n\nThe Elm Road")
    assert body('<time>18 April 2024</time>').count("18 April 2024") == 1
    # Marked as a date, but not a date line: not taken for one.
    unmarked = page.format(date='<span class="date">Updated two hours ago</span>')
    assert _furniture(load_html(unmarked.encode("utf-8")))[1] == ""


def test_a_review_pages_byline_rating_and_details_are_kept_above_its_text() -> None:
    # Dropped by the main-text extraction as page furniture: a byline marked only "meta", a
    # rating (trafilatura drops what a class calls a rating) and a table of labels and values.
    page = ('<html><head><meta charset="utf-8"><title>The Salt Orchard</title></head><body>'
            '<header><a href="/">The Lantern</a></header><h1>The Salt Orchard</h1>'
            '<p class="meta">Reviewed by Callum Iredale &middot; 22 June 2024</p>'
            '<p class="stars">&#9733;&#9733;&#9733;&#9733;&#9734; <span class="rating-text">4 '
            'out of 5</span></p><table class="details"><tr><th>Author</th><td>Rosalind '
            'Achterberg</td></tr><tr><th>Pages</th><td>384</td></tr><tr><th>Price</th><td>'
            '£16.99</td></tr></table>'
            + "<p>Some novels announce their ambitions on the first page, and this one hides "
              "them under a layer of estuary mud for three hundred pages, where the tide comes "
              "in twice a day.</p>" * 4
            + "</body></html>")
    text = extract(page.encode("utf-8"), ".html").text
    assert text.startswith("The Salt Orchard\n\nReviewed by Callum Iredale · 22 June 2024\n\n"
                           "★★★★☆ 4 out of 5\n\n- Author: Rosalind Achterberg\n- Pages: 384\n"
                           "- Price: £16.99\n\nSome novels")
    assert not any(is_rating(t) for t in ("4", "2024", "Rated by readers", "1/5"))
    assert all(is_rating(t) for t in ("Rating: 4/5", "4.5 out of 5 stars", "★★★",
                                      "★★★★☆ (4 out of 5)"))
    # A cookie notice's table of labels and values is no fact of the page.
    cookies = page.replace('</body>', '<div id="cookie-consent"><table><tr><th>Cookie</th><td>'
                           '_ga</td></tr><tr><th>Purpose</th><td>Analytics</td></tr></table>'
                           '</div></body>')
    assert "_ga" not in extract(cookies.encode(), ".html").text
    # Below the text's first long paragraph, "By …" is no byline: a venue's directions.
    directions = page.replace('<p class="meta">Reviewed by Callum Iredale &middot; 22 June '
                              '2024</p>', '').replace('</body>', '<div class="sidebar">By Car: '
                                                      'ten minutes from the ring road.</div>'
                                                      '</body>')
    assert not extract(directions.encode(), ".html").text.startswith("The Salt Orchard\n\nBy Car")
    # Where the extraction drops the table too (this encyclopedia page's infobox), it is put
    # back before the text, below the page's head (the picture's caption), once.
    wiki = (DATA / "newcomer11" / "docs" / "dunmere_observatory_encyclopedia.html").read_bytes()
    text = extract(wiki, ".html").text
    assert text.startswith("Dunmere Observatory\n\nThe main dome in 2015\n\n- Organisation: "
                           "Dunmere Observatory Trust\n- Location: Carrow Fell, near Dunmere, "
                           "Treleven\n- Altitude: 312 m")
    assert text.count("Altitude") == 1


def test_a_review_pages_details_list_and_its_byline_in_a_line_of_details_are_kept() -> None:
    # A definition list of labels and values, and a byline inside a line of details, which
    # the main-text extraction drops: "Who plays Nell?", "How long does it run?"
    page = ('<html><head><meta charset="utf-8"><title>The Lamp</title></head><body>'
            '<h1>The Lamp</h1><p class="meta">Corran Playhouse, Tallisford &middot; Reviewed '
            'by Felix Ambrose &middot; 3 October 2024</p><dl class="details">'
            '<dt>Writer</dt><dd>Declan Ferrow</dd><div><dt>Cast</dt><dd>Orla Kinsey (Nell)</dd>'
            '<dd>Gethin Pryor (Abbot)</dd></div><dt>Running time</dt><dd>2 hours 20 minutes, '
            'including one interval</dd></dl>'
            + "<p>There are forty gas lamps hanging above the stage of the playhouse, and for "
              "the first ten minutes of the new play none of them is lit at all.</p>" * 4
            + "</body></html>")
    text = extract(page.encode("utf-8"), ".html").text
    assert text.startswith("The Lamp\n\nReviewed by Felix Ambrose · 3 October 2024\n\n"
                           "- Writer: Declan Ferrow\n- Cast: Orla Kinsey (Nell); Gethin Pryor "
                           "(Abbot)\n- Running time: 2 hours 20 minutes, including one "
                           "interval\n\nThere are forty")
    def lines(markup: str) -> object:
        return _labelled(fragment_fromstring(markup))

    # A glossary's terms with their definitions are labels and values too; a term left
    # without its definition, or one label alone, is not a box of them.
    assert lines("<dl><dt>Term</dt><dd>What it means.</dd><dt>B</dt><dd>b</dd></dl>") == \
        [("Term", "What it means."), ("B", "b")]
    assert lines("<dl><dt>A</dt><dt>B</dt><dd>b</dd></dl>") is None
    assert lines("<dl><dt>Writer</dt><dd>D</dd></dl>") is None
    # A line of details that names no writer is no byline.
    for line in ("Corran Playhouse · 3 October 2024", "Home | Reviews | About"):
        assert _byline_part(line) == ""


def test_a_pictures_caption_is_a_paragraph_but_not_the_texts_lead() -> None:
    # The extraction drops a picture with its caption, which a reader asks of ("Who took the
    # photo?"). Under the headline it would read as the lead: it goes after the first
    # paragraph. Further down it stays where the picture was.
    first = "<p>Residents of Kettleford say their village has been cut in half by the closure.</p>"
    second = "<p>The timber bridge was shut on 5 January after an inspection found rot in it.</p>"
    page = ('<html><head><meta charset="utf-8"><title>Bridge</title></head><body><article>'
            '<h1>Bridge</h1><figure><img src="a.jpg" alt="barriers"><figcaption>Barriers block '
            'the bridge. Photo: Desmond Quayle</figcaption></figure>' + first * 2
            + '<figure><img src="b.jpg"><figcaption>The river in flood.</figcaption></figure>'
            + second * 2 + "</article></body></html>")
    text = extract(page.encode(), ".html").text
    lines = [line for line in text.split("\n") if line]
    assert lines[1:3] == ["Residents of Kettleford say their village has been cut in half by the "
                          "closure.", "Barriers block the bridge. Photo: Desmond Quayle"]
    assert lines[4:6] == ["The river in flood.", "The timber bridge was shut on 5 January after an "
                          "inspection found rot in it."]
    # So too where the picture stands in a wrapper of its own.
    wrapped = page.replace("<figure>", '<div class="hero"><figure>', 1).replace(
        "</figure>", "</figure></div>", 1)
    assert [line for line in extract(wrapped.encode(), ".html").text.split("\n") if line] == lines


def test_a_web_page_reads_as_words_without_its_inline_markup() -> None:
    page = ('<html><head><meta charset="utf-8"><title>Phones</title></head><body><article>'
            '<h1>Phones</h1><p>We tested the <b>Nova 5</b> and the <i>Pixelle_A3</i>. The '
            '<strong>Pixelle A3</strong> had the best camera.<sup><a href="#n1">[1]</a></sup> '
            'The case is 20 cm<sup>2</sup>; run <code>restic *init*</code> first.</p>'
            '<table><caption>Key specifications</caption><tr><th>Phone</th><th>Price</th></tr>'
            '<tr><td>Nova 5</td><td>€229</td></tr></table>'
            '<p id="n1">[1] Battery tests were run at 200 nits with Wi-Fi on, twice.</p>'
            + "<p>The Orbit Lite is the heaviest of the three phones we tested.</p>" * 2
            + "</article></body></html>").encode("utf-8")
    text = extract(page, ".html").text
    # A reader's quote of what the page shows is found as written.
    assert "We tested the Nova 5 and the Pixelle_A3. The Pixelle A3 had the best camera. " \
        "The case is 20 cm²; run `restic *init*` first." in text  # code as written
    # The caption is the table's heading; the table's header row is its header.
    assert "#### Key specifications\n\n| Phone | Price |\n|---|---|\n| Nova 5 | €229 |" in text
    # A footnote's number does not read as an answer's citation marker.
    assert "(1) Battery tests were run" in text and "[1]" not in text


def test_a_pdf_list_item_is_a_line_and_a_unit_of_its_own() -> None:
    found = extract((DOCS / "bulleted-notice.pdf").read_bytes(), ".pdf")
    # An item that wraps is one line; the next item, bullet or number, starts a new one.
    assert ("• The pool opens at 7 a.m. instead of 6 a.m. on weekdays.\n• Lane swimming moves "
            "to the evenings, from 6 p.m. until closing, and the early lanes are cancelled "
            "until the new boiler is working.\n• The sauna is closed.\n\n") in found.text
    units = [found.text[s.start:s.end] for s in split(found.text)]
    # Each item is a unit of its own: "2." once ended the unit of the item before it.
    assert units[-7:-3] == ["1. A padlock for the lockers", "2. Your own towel",
                            "3. Flip-flops for the outdoor walkway", "The lockers take:"]
    # A bullet the page draws as a shape, not a character (a browser's default), reads "• ":
    # the items ran together as "one-pound coins the blue tokens sold at reception".
    assert units[-3:-1] == ["• one-pound coins", "• the blue tokens sold at reception"]
    # A clause's lettered items are items too: "(b)" once ran on from the end of "(a)".
    terms = extract((DOCS / "lettered-terms.pdf").read_bytes(), ".pdf").text
    units = [terms[s.start:s.end] for s in split(terms)]
    assert units[3:7] == ["You can ride on one of three plans:",
                          "(a) Pay As You Go: one pound to unlock, then fifteen pence a minute",
                          "(b) Monthly Pass: twelve pounds a month, with the first 45 minutes of "
                          "every ride free and each further minute at ten pence, billed on the "
                          "first day of the month", "(c) Annual Pass: ninety-nine pounds a year, "
                          "paid at once"]
    assert units[9:11] == ["i) a bike left outside a dock is charged a recovery fee of twenty "
                           "pounds;", "ii) a bike not returned within 24 hours is reported as "
                           "stolen."]
    report = extract((DOCS / "printed-report.pdf").read_bytes(), ".pdf").text
    assert "to serve working adults.\n2. Restore the book budget" in report
    # The metadata title is not put first when the page's title only punctuates it otherwise
    # ("Greenfield Community Library Annual Report 2024").
    assert report.startswith("Greenfield Community Library: Annual Report 2024\n\nPrepared")


def test_a_line_break_after_a_sentence_keeps_a_web_page_paragraph_whole() -> None:
    page = (b'<html><head><title>Phones</title></head><body><article><h1>Phones</h1>'
            b'<p>The Orbit Lite is the only one with a headphone jack and a microSD slot.<br>'
            b'It is also the <b>heaviest</b> of the three phones at 204 grams.</p>'
            b'<p>Send a phone for repair to:<br>Orbit Service Centre<br>12 Quay Street</p>'
            b'<p>We tested each phone for two weeks.<br><br>Prices are from March.</p>'
            b"</article></body></html>")
    text = extract(page, ".html").text
    assert "microSD slot. It is also the heaviest" in text  # "It" keeps what it refers to
    assert "Service Centre\n\n12 Quay Street" in text  # lines of an address stay lines
    assert "two weeks.\n\nPrices are" in text  # two breaks are a paragraph's end


def test_a_printed_pdf_loses_its_running_header_and_footer_and_its_ligatures() -> None:
    found = extract((DOCS / "printed-report.pdf").read_bytes(), ".pdf")
    assert len(found.pages) == 2
    # Both pages had "12/6/26, 5:56 AM Greenﬁeld Community Library Annual Report 2024" on top
    # and "ﬁle:///tmp/nc2/report-src.html 1/2" (then 2/2) below.
    assert "AM Green" not in found.text and "report-src.html" not in found.text
    assert "\ufb01" not in found.text and "Prepared by Helen Okafor" in found.text
    assert found.text[found.pages[1]:].startswith("4. Finances")


def test_a_print_header_is_dropped_line_by_line_and_a_shorter_title_not_repeated() -> None:
    # Chromium printed "12/6/26, 5:11 PM  Product Recall Notice: … Kettle" on both pages; on
    # the second, the heading "Contact" just under it joined it in one paragraph.
    found = extract((DATA / "newcomer4" / "docs" / "kettle-recall.pdf").read_bytes(), ".pdf")
    assert "5:11 PM" not in found.text and "kettle-recall.html" not in found.text
    assert found.text[found.pages[1]:].startswith("Contact\n\nThe recall line is open")
    # The metadata title ("… 1.7 L Kettle") is the page's heading with a word left out.
    assert found.text.startswith("Product Recall Notice: Brightwell Aria 1.7 L Electric Kettle"
                                 "\n\nIssued by")


def test_a_ruled_pdf_table_reads_cell_by_cell_as_a_markdown_table() -> None:
    # Printed by Chromium from ruled-prices-source.html: a ruled table whose first row spans
    # it (a caption), a cell wrapping over two lines, a cell across two columns; a boxed
    # note (one ruled box is no table).
    text = extract((DOCS / "ruled-prices.pdf").read_bytes(), ".pdf").text
    assert "#### Swimming prices\n\n| Ticket | Adult | Child (under 16) |\n|---|---|---|\n" \
           "| Single swim | £5.20 | £2.60 |\n| Ten-swim card, valid for twelve months from " \
           "the day it is bought | £46.00 | £23.00 |\n| Family swim (two adults, two " \
           "children) | £14.50 |  |\n\nNote: The learner pool closes" in text
    rows = [s for s in split(text) if "|" in text[s.start:s.end]]
    assert [r.kind for r in rows] == ["heading", "body", "body", "body"]
    assert with_column_names("Family swim | £14.50 | ", "Ticket | Adult | Child") == \
        "Ticket: Family swim; Adult: £14.50"  # the empty cell left out


def test_a_pdf_in_two_columns_reads_down_one_column_then_the_other() -> None:
    # Printed by Chromium from harbour-newsletter-source.html: a title and a lead across the
    # page, two columns of sections (one paragraph breaking from the first column into the
    # second), a closing line across the page.
    text = extract((DOCS / "harbour-newsletter.pdf").read_bytes(), ".pdf").text
    order = ["News from the harbour board", "New pontoon opens", "Harbour master Colin Reddy",
             "Dredging in the inner basin", "Sailing club", "Lifeboat station",
             "The harbour office is open"]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)
    assert "About 9,000 tonnes of silt will be removed" in text  # one paragraph, one sentence
    assert "The sailing club's junior course starts on 3 May and runs for ten Saturdays." \
        in text


def test_a_pdfs_panels_side_by_side_read_one_after_the_other() -> None:
    # Printed by Chromium from panel-letter-source.html: an address block beside a bill's
    # summary box, in another type size; below them, prices beside their items, on the same
    # baselines: rows, read across.
    text = extract((DOCS / "panel-letter.pdf").read_bytes(), ".pdf").text
    assert "\n\nMs Priya Lomax 3 Heron Walk Dunsford DF4 9QA\n\n" in text
    assert "\n\nYour water bill Customer number: 5521 0093 Bill date: 2 May 2025 Amount due: " \
           "£84.20 Please pay by 30 May 2025\n\n" in text
    assert "Water supply £41.10 Sewerage £33.60 Standing charge £9.50" in text


def test_a_wiki_page_reads_its_infobox_as_labels_and_values_without_edit_links() -> None:
    page = (b'<html><head><title>Hollin Moss Observatory</title></head><body><main>'
            b'<h1>Hollin Moss Observatory</h1><div id="toc"><h2>Contents</h2><ul><li>'
            b'<a href="#History">1 History</a></li></ul></div>'
            b'<table class="infobox"><caption>Hollin Moss Observatory</caption>'
            b'<tr><th colspan="2">Observatory</th></tr>'
            b'<tr><th>Organization</th><td>University of Carrowmore</td></tr>'
            b'<tr><th>Altitude</th><td>512 m (1,680 ft)</td></tr></table>'
            b'<p>Hollin Moss Observatory is an astronomical observatory in the Westmarch Fells, '
            b'owned by the University of Carrowmore since it was founded.</p>'
            b'<h2><span class="mw-headline">History</span><span class="mw-editsection">'
            b'[<a href="/edit/1">edit</a>]</span></h2><p>The observatory was founded in 1931 '
            b'by the astronomer Eleanor Vance, after smoke from the mills spoiled the sky.</p>'
            b'<table><tr><th>Telescope</th><th>First light</th></tr>'
            b'<tr><td>Pennick refractor</td><td>1932</td></tr></table>'
            b'<h2>References</h2><ol class="references"><li>Vance, E. "A new station for the '
            b'university", Monthly Notes, 1932.</li></ol></main></body></html>')
    text = extract(page, ".html").text
    assert "- Organization: University of Carrowmore\n- Altitude: 512 m (1,680 ft)" in text
    assert "## History\n" in text and "edit" not in text and "Contents" not in text
    assert "A new station" not in text  # the works it cites are not what it says
    assert "| Telescope | First light |" in text  # a table with column names stays a table


def test_a_text_file_is_utf8_else_windows_1252_text() -> None:
    assert extract("Grüße, 3 €\r\n".encode(), ".txt").text == "Grüße, 3 €\n"
    # What a text editor on Windows long saved: read as Windows-1252 (Latin-1's superset).
    assert extract("Café au lait, 3 € – “hot”\n".encode("cp1252"), ".txt").text == \
        "Café au lait, 3 € – “hot”\n"
    # Neither: a byte no character in Windows-1252 (0x81), or a control character (ESC).
    for raw in (b"caf\x81 au lait", b"caf\xe9 \x1b[0m"):
        with pytest.raises(ExtractError, match="nor Windows-1252 text"):
            extract(raw, ".txt")


def _pdf(title: str, text: str) -> bytes:
    """A one-page PDF showing `text`, its metadata title `title`."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               f"<< /Title ({title}) >>".encode()]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def test_a_pdf_title_that_names_a_file_is_no_title() -> None:
    # A PDF printed from a browser or Word names the file it came from in its metadata.
    for name in ("report.html", "Microsoft Word - Annual Report 2024.docx", "Untitled-1"):
        assert extract(_pdf(name, "The library opened in May."), ".pdf").text == \
            "The library opened in May.\n"
    assert extract(_pdf("Harrow Library Report", "The library opened in May."), ".pdf").text \
        == "Harrow Library Report\n\nThe library opened in May.\n"


def test_a_utf16_text_file_is_read_as_text() -> None:
    # Windows Notepad's "Unicode": UTF-16 with a byte order mark, or without one, in either
    # byte order.
    text = "Café menu\n\nSoup of the day: £4.50\n"
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        assert extract(text.encode(encoding), ".txt").text == text
    # Every other byte NUL, but on both sides: no text.
    with pytest.raises(ExtractError, match="binary"):
        extract(b"\x00A\x00B" * 40 + b"A\x00B\x00" * 40, ".txt")
    page = "<html><body><p>Soup of the day costs four pounds fifty.</p></body></html>"
    assert "Soup of the day" in extract(page.encode("utf-16"), ".html").text


def test_a_features_byline_and_date_under_its_standfirst_and_its_writer_note_are_kept() -> None:
    # A magazine page: a standfirst (a long paragraph) above the byline and a line of details
    # with the date, a reading time, and a note on the writer in a box of its own, which the
    # main-text extraction drops: "Who wrote it?", "When was it published?", "Has the writer
    # published any books?"
    body = "<p>At a quarter to eight on a wet Tuesday morning, Jo Pellow is forty feet up the " \
        "tower of St Aldric's church in the village, lying beneath a cast-iron frame.</p>"
    page = ('<html><head><meta charset="utf-8"><title>Keeping Time</title></head><body>'
            '<article><h1>Keeping Time</h1><p class="dek">In a workshop at the edge of the '
            'town, a father and daughter keep some of the oldest machines in the county '
            'running. A visit to the tower where they brought one back from silence.</p>'
            '<p class="meta">Words by Miriam Oakes &middot; Photographs by Sam Ferrante</p>'
            '<p class="meta">From Issue 38, Autumn 2023 &middot; Published online 2 October '
            '2023 &middot; 11 min read</p>' + body * 4
            + '<aside class="author-bio"><h3>About the author</h3><p>Miriam Oakes is a former '
            'radio producer. Her first book came out in 2021.</p></aside></article>'
            '<footer><p>Published by Longshore Press.</p></footer></body></html>')
    text = extract(page.encode("utf-8"), ".html").text
    assert text.startswith("Keeping Time\n\nWords by Miriam Oakes · Photographs by Sam Ferrante"
                           "\n\nPublished online 2 October 2023\n\nIn a workshop")
    assert text.endswith("\n\nMiriam Oakes is a former radio producer. Her first book came out "
                         "in 2021.\n")
    # Under a standfirst only a byline naming someone in full counts: not a quoted "By
    # Tuesday, the council …"; and a date in a sidebar is another page's.
    later = page.replace("Words by Miriam Oakes", "By Tuesday, the tower")
    assert "By Tuesday" not in extract(later.encode("utf-8"), ".html").text
    sidebar = page.replace('<p class="meta">From', '<aside><p class="meta">From').replace(
        "11 min read</p>", "11 min read</p></aside>")
    assert "Published online" not in extract(sidebar.encode("utf-8"), ".html").text
    # A reading time on a line of its own says nothing.
    timed = page.replace(body * 4, '<span class="readtime">4 min read</span>' + body * 4)
    assert "min read" not in extract(timed.encode("utf-8"), ".html").text
    assert _date_part("Corran Playhouse · 3 October 2024 · 6 min read") == "3 October 2024"
    assert _date_part("From Issue 38 · 11 min read") == ""


def test_a_blogs_posted_line_and_author_box_are_kept_whole() -> None:
    # The date is marked (<time>) inside the line that also names the writer: the line is
    # kept, not the date alone; the box on the writer goes after the text.
    page = ('<html><head><meta charset="utf-8"><title>Plot 14B</title></head><body><article>'
            '<h1>Plot 14B</h1><p class="entry-meta">Posted on <time datetime="2024-09-03">3 '
            'September 2024</time> by <a href="/author/priya">Priya Ellwood</a> &middot; <a '
            'href="#comments">6 comments</a></p>'
            + "<p>After eleven years I am giving up plot 14B at Sedgecombe Road, and this post "
              "is about why, and about what I learned there over all that time.</p>" * 4
            + '<div class="author-box"><img src="me.jpg" alt=""><p>Priya Ellwood grows '
            'vegetables in Brennock.</p></div></article></body></html>')
    text = extract(page.encode("utf-8"), ".html").text
    assert text.startswith("Plot 14B\n\nPosted on 3 September 2024 by Priya Ellwood\n\nAfter")
    assert text.endswith("\n\nPriya Ellwood grows vegetables in Brennock.\n")
    # A box so marked that holds only a byline is no note on the writer.
    boxed = page.replace("Priya Ellwood grows vegetables in Brennock.", "By Priya Ellwood")
    assert not extract(boxed.encode("utf-8"), ".html").text.endswith("By Priya Ellwood\n")


def test_an_exhibitions_dates_under_its_name_are_kept() -> None:
    # "When does the exhibition close?": the extraction drops the line of dates under the
    # exhibition's name; a span of dates is when it runs, not when the page was written.
    page = (DATA / "newcomer16" / "docs" / "tallowmere-museum-lacemakers-exhibition.html")
    text = extract(page.read_bytes(), ".html").text
    assert text.startswith("Hands at the Window: The Lacemakers of Grellsby, 1850–1930\n\n"
                           "12 April – 29 September 2024\n\nFor almost a century")
    assert is_date_span("Saturday 3 May - Sunday 4 May") and not is_date_line(
        "12 April – 29 September 2024")
    assert not is_date_span("The festival runs 3 to 5 May.")


def test_a_page_of_very_many_blocks_is_read_without_the_fallback_extractors(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # justext's neighbour search is quadratic in a page's blocks: a page of 10,000 short
    # blocks took 51 s with it. Above `_FALLBACK_BLOCKS` trafilatura runs alone ("fast").
    import trafilatura

    asked: list[bool] = []
    extract_main = trafilatura.extract

    def recording(*args: object, **kwargs: object) -> object:
        asked.append(bool(kwargs.get("fast")))
        return extract_main(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "extract", recording)
    for n in (10, _FALLBACK_BLOCKS + 1):
        items = "".join(f"<div><span>Item {i}</span></div>" for i in range(n))
        page = (f"<html><head><title>T</title></head><body><h1>T</h1>{items}<p>"
                + "A paragraph of the page's own text, long enough to read. " * 5
                + "</p></body></html>")
        assert "A paragraph of the page's own text" in extract(page.encode(), ".html").text
    assert asked == [False, True]


def test_a_byline_that_is_a_name_alone_stands_over_the_date_line_and_a_rating_says_its_number(
        ) -> None:
    # A film review's byline is the critic's name alone, marked "byline"; its details box has
    # stars, then "Rating: 4 out of 5" (the one that says how many), then a list of details.
    page = ('<html><head><meta charset="utf-8"><title>The Tin Orchard review</title></head>'
            '<body><header><a href="/">Reel Northern</a></header><article><p>Film review</p>'
            '<h1>The Tin Orchard review</h1><p class="byline">Leontyne Abara</p>'
            '<p class="dateline">Fri 3 Nov 2023 09.00 GMT</p><aside class="details-box">'
            '<p class="stars">&#9733;&#9733;&#9733;&#9733;&#9734;</p><p>Rating: 4 out of 5</p>'
            '<dl><dt>Director</dt><dd>Mireille Santangelo</dd><dt>Running time</dt>'
            '<dd>118 minutes</dd></dl></aside>'
            + "<p>There is a shot about twenty minutes into The Tin Orchard that tells you "
              "everything about the film you are about to watch, and it lasts forty seconds "
              "at dusk.</p>" * 4 + "</article></body></html>")
    text = extract(page.encode("utf-8"), ".html").text
    assert text.startswith(
        "The Tin Orchard review\n\nFilm review\n\n# The Tin Orchard review\n\nLeontyne Abara\n"
        "Fri 3 Nov 2023 09.00 GMT\n\n"
        "Rating: 4 out of 5\n\n- Director: Mireille Santangelo\n- Running time: 118 minutes\n\n"
        "There is a shot"), text[:400]
    # A "By" line comes before a name alone, which a box on the page may also mark.
    both = page.replace('<p class="dateline">', '<p class="meta">By Leontyne Abara · ')
    assert "By Leontyne Abara · Fri 3 Nov 2023" in extract(both.encode(), ".html").text
    assert "Leontyne Abara\n" not in extract(both.encode(), ".html").text
    # A press release is dated "For immediate release: …".
    assert is_date_line("For immediate release: Monday 15 January 2024")


def test_a_byline_marked_by_a_word_of_its_class_and_one_under_a_cookie_notice_are_kept() -> None:
    # A council page marks its writer's name "news-author"; a travel page sets its "By …"
    # line under a cookie notice whose paragraph is as long as a text's (it is no text).
    text = "<p>" + "The walk runs for five days along the cliffs and harbours of the coast. " * 3
    council = ('<html><head><title>Garden waste changes</title></head><body><main>'
               '<h1>Garden waste changes</h1><div class="news-meta">'
               '<div class="news-author">Rosalind Pike</div><div class="news-date">Published: '
               '<time datetime="2025-03-28">28 March 2025</time></div></div>'
               + f"{text}</p>" * 3 + "</main></body></html>")
    assert "Rosalind Pike\nPublished: 28 March 2025" in extract(council.encode(), ".html").text
    notice = ('<section class="consent-overlay"><p>' + "We and our partners store and access "
              "information on your device, such as cookies, to measure how it is used. " * 3
              + "</p></section>")
    travel = ('<html><head><title>Five days on the coast path</title></head><body>'
              f'{notice}<main><h1>Five days on the coast path</h1>'
              '<p class="intro">Ninety-two kilometres, four harbours, one lighthouse hostel and '
              'a boatman who answers to nobody. Our writer takes on the quietest trail of them '
              'all, and the longest.</p><p class="byline-line">By Josephine Tarrant</p>'
              '<p class="dateline">Saturday 12 April 2025</p>'
              + f"{text}</p>" * 3 + "</main></body></html>")
    assert "By Josephine Tarrant" in extract(travel.encode(), ".html").text
    # Still: a name alone that no mark calls a byline is not one.
    unmarked = council.replace('class="news-author"', 'class="news-person"')
    assert "Rosalind Pike" not in extract(unmarked.encode(), ".html").text


def test_a_box_of_the_pieces_own_prose_in_an_aside_is_kept_and_a_box_of_links_is_not() -> None:
    # A travel feature's "Need to know" box: how to get there, what the bags cost to carry.
    text = "<p>" + "The walk runs for five days along the cliffs and harbours of the coast. " * 3
    box = ('<aside class="factbox"><h3>Need to know</h3><h4>Baggage transfer</h4><p>Coastline '
           'Carriers collects bags from each night\'s accommodation and delivers them to the '
           'next for &pound;12 per bag per day. Book at least a week ahead, since the vans fill '
           'up in the summer.</p></aside>')
    links = ('<aside><h3>Most read</h3><p>' + "".join(
        f'<a href="/n{i}">Harbour wall repairs delayed until the spring, again {i}</a> '
        for i in range(4)) + '</p></aside>')
    page = ('<html><head><title>Five days on the coast path</title></head><body><main>'
            '<h1>Five days on the coast path</h1>' + f"{text}</p>" * 3 + box + links
            + "</main></body></html>")
    said = extract(page.encode(), ".html").text
    assert "£12 per bag per day" in said and "Harbour wall repairs" not in said, said


def test_a_reviews_head_its_list_box_and_its_timestamps_line_are_kept() -> None:
    # A café review: the article's own <header> holds its standfirst and byline ("Words and
    # pictures by …"), a score out of ten stands in a box, the essentials are a list in an
    # aside, and the dates stand at the foot in a line marked "timestamps".
    text = ("<p>" + "The long brick shed behind Potters Yard was where the pottery fired its "
            "teapots, and it is now a café. " * 3 + "</p>")
    page = ('<html><head><title>The Kiln Room, Thornwade</title></head><body><main><article>'
            '<header class="review-head"><h1>The Kiln Room, Thornwade</h1><p class="dek">A '
            'brother-and-sister café in an old pottery shed is the best thing to happen to the '
            'high street in years</p><p class="byline">Words and pictures by <a rel="author" '
            'href="/a/pc">Priya Castellane</a></p></header><div class="verdict-box"><p '
            'class="score-ring">8/10</p></div>' + text * 3
            + '<aside class="info-box"><h3>The essentials</h3><ul><li>4 Potters Yard, '
              'Thornwade</li><li>Open Wednesday to Sunday, 8.30am to 4pm</li></ul></aside>'
              '<p class="timestamps">First published 18 June 2024. Updated 21 June 2024 to '
              'correct the opening hours.</p></article></main></body></html>')
    said = extract(page.encode(), ".html").text
    for kept in ("A brother-and-sister café in an old pottery shed",
                 "Words and pictures by Priya Castellane", "8/10",
                 "Open Wednesday to Sunday, 8.30am to 4pm",
                 "First published 18 June 2024. Updated 21 June 2024 to correct the opening"):
        assert kept in said, (kept, said)
    # A line at the foot marked "posted-on" names the writer and the day too.
    posted = page.replace('<p class="timestamps">First published 18 June 2024. Updated 21 June '
                          '2024 to correct the opening hours.</p>', '<p class="posted-on">Posted '
                          'on 8 July 2024 by Nadia Orrell, club secretary</p>')
    assert "Posted on 8 July 2024 by Nadia Orrell" in extract(posted.encode(), ".html").text
    assert is_byline("Words and pictures by Priya Castellane")
    assert is_rating("8/10") and is_rating("8.5/10") and not is_rating("1/5")
