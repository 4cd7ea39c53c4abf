"""The text of a source file: plain text as written, the main text of a saved web page
(trafilatura), the text of a PDF with its pages (pdfminer.six).

What is extracted here is the text citations count offsets in; the data folder keeps it
(`index.texts`), so extraction runs once per version of a file. The libraries were chosen by
measured quality on the test documents in tests/data/docs (see its README). They are
imported on first use: a corpus of plain text never pays for them.

Thread safety: pure functions over their arguments; nothing shared is kept.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from index.pdf_columns import panels_apart, reading_order
from index.pdf_tables import Table, tables
from index.sentences import (
    BULLETS,
    LETTERED,
    TABLE_ROW,
    TABLE_RULE,
    is_author_note,
    is_byline,
    is_date_line,
    is_date_span,
    is_name,
    is_prose,
    is_rating,
    names_in_full,
)

Kind = Literal["text", "html", "pdf"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
# Bump when what is extracted changes: an index read by another version extracts its files
# again on its next refresh (2: a web page's byline is kept; 3: a web page's inline markup is
# dropped, a table's caption is a heading; a PDF's running headers and footers are
# dropped and its ligatures read as letters; 4: a PDF's list items are lines of their own,
# a bullet it draws reads "•", a web page's line break after a sentence stays inside its
# paragraph; 5: so are a PDF's lettered items, "(a)", "ii)"; 6: a text file that is not UTF-8
# is read as Windows-1252 when it is text in that; 7: a PDF's running lines are found line by
# line, a web page's infobox reads as "Label: value" items, a wiki's edit links, contents and
# references are left out, a PDF's ruled table reads as a markdown table, its columns one
# after the other; 8: a UTF-16 text file is read, a PDF's metadata title that names a file
# ("report.html") is none; 9: a web page's date line, dropped with its byline, is kept; 10:
# so is a byline that names the text ("Exhibition text by …"), and a UTF-16 big-endian file
# without a byte order mark is read; 11: a page whose main text leaves most of what it shows
# out is read whole, by its structure; 12: a PDF's panels side by side, an address block
# beside a bill's summary box, are read one after the other; 13: what the main-text
# extraction drops though a reader asks of it is put back above the text: a table of labels
# and values, a review's rating, a byline no class marks; 14: so is a definition list of them,
# and a byline within a line of details; 15: a picture's caption is a paragraph; 16: so is a
# byline under a standfirst, a date line within a line of details, and a note on the writer
# in a box of its own, after the text, and an event's dates above the text; a "4 min read"
# line is dropped; 17: a byline that is a name alone, where a page marks it, stands over
# its date line, a rating that says its number is kept before stars alone, and a box of facts
# stands between the page's head and its text, no longer above its head; 18: a byline marked
# "news-author" or "byline-line", and one under a cookie notice's paragraphs; 19: a box of
# the piece's own text under its own heading in an aside, "Need to know", is kept, an
# article's own <header> is read, and a date line marked "timestamps", "published" or
# "posted-on" is kept with what follows it).
VERSION = 19
# What text holds none of: control characters but tab, line feed, form feed, carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_BOM = b"\xef\xbb\xbf"
# A web page's inline markup, as trafilatura's markdown writes it (it escapes a literal "*",
# "_", "[" or "]"): a reader's quote and a citation read the words, not the markup. A footnote
# reference (bracketed, or a superscript after punctuation) goes, and a bracketed number left
# ("[1] Battery tests…") reads "(1)": "[1]" is how an answer marks its citations.
_FOOTNOTE_MARK = re.compile(r"(?<=[.,;:!?\"'’”)])<sup>[^<]{1,6}</sup>|"
                            r"<sup>\s*\\\[[^<\]]{1,6}\\\]\s*</sup>")
_SUPERSCRIPT = re.compile(r"<sup>([0-9]{1,3})</sup>")
_DIGITS_UP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_TAG = re.compile(r"</?(?:sup|sub|u|mark|small|ins|del|s)>")
_BRACKETED_NUMBER = re.compile(r"\[(\d{1,3})\]")
_STRONG = re.compile(r"(?<!\\)\*\*(?=\S)(.+?)(?<=\S)(?<!\\)\*\*")
_EMPHASIS = re.compile(r"(?<![\\*])\*(?=[^\s*])(.+?)(?<=[^\s\\*])\*(?!\*)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# A PDF's running header or footer: on the first or last rows of lines of a page (this many),
# and the same, digits aside ("Page 3 of 9", a print date), at the same height on at least
# half of the pages.
_RUNNING_EDGE = 2
_RUNNING_SLACK = 4.0  # points: how much its height may vary from page to page
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
# Lines further apart than this share of a line's height start a new paragraph.
_PARAGRAPH_GAP = 0.6
_SENTENCE_ENDS = frozenset('.!?:"”’)')
# A PDF line that starts a list item ("1.", "2)", "•", "(a)", "ii)"): it goes on a line of its
# own, as a markdown item does, so each item is a unit of its own ("What is the second
# recommendation?" cited all four of them; "How much is the monthly pass?" all three plans).
# Not "-": in a PDF it more often opens a line wrapped at a dash.
_LIST_ITEM = re.compile(rf"^(?:[{BULLETS}]|\d{{1,2}}[.)]|{LETTERED})\s+\S")
# A bullet a PDF draws as a shape (a browser's print of a list), not as a character: the
# size of a shape that can be one, in points.
_BULLET_MIN, _BULLET_MAX = 1.0, 8.0
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# What a wiki page marks as not its text (MediaWiki's classes): the list of the works it
# cites, its table of contents, a heading's edit link.
_NOT_TEXT = frozenset({"references", "reflist", "toc", "toctitle", "mw-editsection"})
# A web page's single line break after a sentence's end: trafilatura writes it as a paragraph
# break, which cut "It is also the heaviest." off from the sentence that names "it".
_BREAK_AFTER_SENTENCE = re.compile(
    rb"(?<=[.!?])((?:[\"')]|</(?:a|b|i|em|strong|span|small|sup)>)*)\s*<br\s*/?>(?!\s*<br)",
    re.IGNORECASE)


class ExtractError(Exception):
    """The file cannot be read as the kind of document it claims to be (the reason)."""


@dataclass(frozen=True)
class Extracted:
    """A document's text; `pages` are the offsets where each page starts (PDF only)."""

    text: str
    kind: Kind = "text"
    pages: tuple[int, ...] = ()


def sniff(raw: bytes, suffix: str) -> Kind:
    """The kind of document by its content: `%PDF-` makes a PDF whatever the name says,
    HTML markers or an .html name make a web page, anything else is text."""
    head = raw[:1024]
    if b"%PDF-" in head[:1024] and head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if suffix in PDF_SUFFIXES:
        return "pdf"  # named .pdf without the header: extract_pdf says why it cannot be read
    if suffix in HTML_SUFFIXES or _HTML_START.match(head.removeprefix(_BOM)):
        return "html"
    return "text"


def extract(raw: bytes, suffix: str) -> Extracted:
    """The text of a file's bytes (`suffix` is its lower-cased extension)."""
    kind = sniff(raw, suffix)
    if kind == "pdf":
        return extract_pdf(raw)
    if b"\x00" in raw:
        if (utf8 := _from_utf16(raw)) is None:
            raise ExtractError("it looks binary (NUL bytes)")
        raw, kind = utf8, sniff(utf8, suffix)
    if kind == "html":  # web pages name their own encoding; the parser reads it
        return extract_html(raw)
    # Universal newlines, as Path.read_text returns.
    return Extracted(decode_text(raw).replace("\r\n", "\n").replace("\r", "\n"))


def _from_utf16(raw: bytes) -> bytes | None:
    """A UTF-16 file's text as UTF-8 (what Windows Notepad saves as "Unicode"): with its byte
    order mark, or without one where every other byte is NUL (either byte order); None for
    anything else."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif len(raw) % 2 or not raw:
        return None
    else:
        # ASCII text in UTF-16 has a NUL after each letter (little-endian) or before it (big-).
        odd, even = raw[1::2].count(0), raw[0::2].count(0)
        if odd >= 0.9 * len(raw) / 2 and not even:
            encoding = "utf-16-le"
        elif even >= 0.9 * len(raw) / 2 and not odd:
            encoding = "utf-16-be"
        else:
            return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else text.encode("utf-8")


def decode_text(raw: bytes) -> str:
    """A text file's characters: UTF-8, else Windows-1252 (Latin-1's superset, what a text
    editor on Windows long saved by default) when that reads as text, without control
    characters; ExtractError otherwise."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = exc.reason
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = "\x00"
    if _CONTROL.search(text):
        raise ExtractError(f"neither UTF-8 ({reason}) nor Windows-1252 text")
    return text


# A byline is one short line ("By Name, Job").
_BYLINE_MAX = 150
# What an element that may be a byline, date line or rating holds at most, with its spaces.
_SHORT_TEXT = 4 * _BYLINE_MAX
# The elements a page sets a line of its own in.
_LINES = frozenset({"p", "div", "span", "small", "address"})
_BYLINE_MARKS = ("class", "id", "itemprop", "rel")  # the attributes that mark one
# What marks a date line: "date", "dateline", "timestamps", "published", "posted-on".
_DATE_MARK = re.compile(r"date|timestamp|published|posted", re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# A mark's words: "news-author" and "byline_line" are marked "author" and "byline".
_MARK_WORD = re.compile(r"[\s_-]+")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def extract_html(raw: bytes) -> Extracted:
    """Title, then the main text of a web page (navigation, banners, comments and scripts
    dropped), paragraphs separated by blank lines and headings as markdown headings."""
    import trafilatura
    from trafilatura.utils import load_html  # decodes as the extraction does

    raw = _BREAK_AFTER_SENTENCE.sub(rb"\1 ", raw)
    tree = load_html(raw)
    if tree is None:
        raise ExtractError("no main text found in the web page")
    byline, dateline, rating = _furniture(tree)  # before the extraction prunes the tree
    note, runs = _writer_note(tree), _event_dates(tree)
    prepared, facts = _prepared(tree)
    page = _without_furniture(copy.deepcopy(prepared))  # a copy: the extraction prunes it
    body = trafilatura.extract(prepared, output_format="markdown", include_comments=False,
                               include_tables=True, include_images=False,
                               include_links=False, favor_precision=True,
                               fast=_blocks(prepared) > _FALLBACK_BLOCKS)
    whole = _as_markdown(page) if page is not None else ""
    shown = " ".join(dict.fromkeys(whole.split("\n\n")))  # a block repeated counts once
    if len(_one_line(body or "")) < _MAIN_SHARE * len(_one_line(shown)):
        body = whole  # not an article: a menu, a timetable, a list of prices
    if not body or not body.strip():
        raise ExtractError("no main text found in the web page")
    title = _html_title(raw)
    lines = [line.rstrip() for line in body.strip().splitlines()
             if not _READING_TIME.fullmatch(line.strip())]
    if lines and title and _one_line(lines[0].lstrip("#")) == title:
        lines = lines[1:]  # the h1 repeats the title
    paragraphs = "\n".join(_captions(_plain(lines))).strip()
    paragraphs = re.sub(r"\n{3,}", "\n\n", paragraphs)
    said = _one_line(paragraphs)
    # What the extraction drops as page furniture though a reader asks of it, put back where
    # it stands: a review's rating and a table of labels and values ("How many pages is the
    # novel?", "How high is the observatory?") where such a box stands, between the page's
    # head and its text; the date line and byline above the text.
    boxed = [f"- {item}" for items in facts if not any(item in said for item in items)
             for item in items]
    if rating and rating not in said:  # "What did the reviewer rate it?"
        # In place of what the extraction kept of it ("★★★★☆" without "4 out of 5").
        kept = re.compile(rf"^{re.escape(rating[:1])}[^\n]*$", re.M)
        part = next((m for m in kept.finditer(paragraphs) if rating.startswith(m[0])), None)
        if part:
            paragraphs = f"{paragraphs[:part.start()]}{rating}{paragraphs[part.end():]}"
        else:
            boxed.insert(0, f"{rating}\n")
    if boxed:
        paragraphs = _before_text(paragraphs, "\n".join(boxed))
    if runs and runs not in said:  # "When does the exhibition close?"
        paragraphs = f"{runs}\n\n{paragraphs}"
    if byline and is_name(byline) and not re.search(rf"^{re.escape(byline)}$", paragraphs, re.M):
        # A name alone (a page may mark it as its byline) says it wrote the piece over the
        # date line, as a column's byline does on paper.
        line = re.search(rf"^{re.escape(dateline)}$", paragraphs, re.M) if dateline else None
        if line:
            paragraphs = f"{paragraphs[:line.start()]}{byline}\n{paragraphs[line.start():]}"
        else:
            paragraphs = f"{byline}\n{dateline}\n\n{paragraphs}" if dateline \
                else f"{byline}\n\n{paragraphs}"
        byline = dateline = ""
    if dateline and dateline not in said and dateline != byline:
        paragraphs = f"{dateline}\n\n{paragraphs}"  # "When was this published?" is asked of it
    if byline and byline not in said:
        paragraphs = f"{byline}\n\n{paragraphs}"  # "Who wrote this?" is asked of it
    if note and note not in said:  # "What's the writer's background?", after the text
        paragraphs = f"{paragraphs}\n\n{note}"
    return Extracted(f"{title}\n\n{paragraphs}\n" if title else f"{paragraphs}\n", "html")


def _before_text(paragraphs: str, block: str) -> str:
    """`paragraphs` with `block` as a paragraph before the first paragraph of prose longer
    than a byline (where the text begins, below the page's head), else above them all."""
    start = 0
    for paragraph in paragraphs.split("\n\n"):
        if len(paragraph) > _BYLINE_MAX and is_prose(paragraph) \
                and not paragraph.startswith(("#", "- ", "* ")):
            return f"{paragraphs[:start]}{block}\n\n{paragraphs[start:]}"
        start += len(paragraph) + 2
    return f"{block}\n\n{paragraphs}"


# Above this many blocks, trafilatura's fallback extractors are not run: justext's search for
# a paragraph's neighbours is quadratic in them (a page of 10,000 short blocks took 51 s, 3.6 s
# without; the checkout's largest page has 117).
_FALLBACK_BLOCKS = 3000
# How long a page takes to read ("4 min read", "· 6 min read"), on a line of its own: it says
# nothing of what the text says.
_READING_TIME = re.compile(r"[·|•\s]*\d+\s*-?\s*min(?:ute)?s?\s+read", re.I)
# A page whose main text, as the extraction finds it, is less than this share of the text it
# shows (without its navigation, header, footer and banners) is not an article: a restaurant's
# menu of dishes and prices in lists, its opening hours in a table, kept only its allergen
# notes (549 of 2,526 characters). It is read whole, by its structure.
_MAIN_SHARE = 0.5
_FURNITURE = ("nav", "header", "footer", "aside", "script", "style", "noscript", "form",
              "button", "template", "svg", "iframe", "select")
_FURNITURE_MARK = re.compile(r"cookie|consent|banner|breadcrumb|share|social|related|promo|"
                             r"advert|subscribe|newsletter-signup|skip", re.I)
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "ul", "ol", "li", "table",
                     "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "address",
                     "body", "hr", *_HEADINGS})


def _blocks(tree: Any) -> int:
    """How many blocks of text (paragraphs, divisions, list items, cells) a page has."""
    return sum(1 for _ in tree.iter("p", "div", "li", "td"))


def _without_furniture(tree: Any) -> Any:
    """The page's body without what is not its text: navigation, header and footer, forms,
    scripts, and what its classes or id mark as a cookie notice, banner or sharing links; None
    for a page without a body."""
    body = tree.find(".//body")
    if body is None:
        return None
    for element in list(body.iter("*")):
        if isinstance(element.tag, str) and (element.tag in _FURNITURE or _marked(element)):
            element.drop_tree()
    return body


def _marked(element: Any) -> bool:
    """Whether an element's classes or id mark it as a cookie notice, banner, sharing links …"""
    return _FURNITURE_MARK.search(f"{element.get('class') or ''} {element.get('id') or ''}") \
        is not None


def _as_markdown(root: Any) -> str:
    """A page's text by its structure, as trafilatura's markdown writes it: headings, a
    paragraph per block of text, a list's items, a table's rows (under its header, or
    "label: value" for a table of two columns without one)."""
    out: list[str] = []

    def walk(element: Any, item: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HEADINGS:
            if text := _text_of(element):
                out.append(f"{'#' * int(tag[1])} {text}")
            return
        if tag == "table":
            out.extend(_table_lines(element))
            return
        run = [element.text or ""]
        first = True

        def flush() -> None:
            nonlocal first
            if text := " ".join("".join(run).split()):
                out.append(f"- {text}" if item and first else text)
                first = False
            run.clear()

        for child in element:
            if isinstance(child.tag, str) and child.tag in _BLOCKS:
                flush()
                walk(child, item=child.tag == "li")
            elif isinstance(child.tag, str):
                run.append("".join(child.itertext()))
            run.append(child.tail or "")
        flush()

    walk(root)
    return "\n\n".join(out)


def _text_of(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _table_lines(table: Any) -> list[str]:
    rows = [[_text_of(c) for c in tr if c.tag in ("th", "td")] for tr in table.iter("tr")]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    head = next(iter(table.iter("tr")))
    if len(rows) > 1 and any(c.tag == "th" for c in head) and \
            all(len(r) == len(rows[0]) for r in rows):
        lines = [f"| {' | '.join(r)} |" for r in rows]
        return ["\n".join([lines[0], "|" + "---|" * len(rows[0]), *lines[1:]])]
    return [f"- {': '.join(r) if len(r) == 2 else '; '.join(r)}" for r in rows]


def _prepared(tree: Any) -> tuple[Any, list[list[str]]]:
    """The page as its main text is read from: a wiki's "[edit]" links out of its headings,
    its table of contents and list of references out (entries of titles and names, cited as
    if the page said them), each picture's caption a paragraph (`_caption_paragraphs`),
    and a box of labels and values (an infobox: a "th" then a "td" on each row; a review's
    details in a definition list: "dt" then "dd") as a list of "Label: value" items, which
    reads the right way round (read as a table, its first row was its column names:
    "Organization: Altitude; University of Carrowmore: 512 m"); with each such box's items,
    which the extraction may still drop (a sidebar's look)."""
    from lxml import etree

    facts: list[list[str]] = []
    for element in list(tree.iter("*")):  # dropping one keeps its tail
        if isinstance(element.tag, str) and (element.get("id") == "toc" or
                                             _NOT_TEXT & set((element.get("class") or "").split())):
            element.drop_tree()
    for heading in list(tree.iter(*_HEADINGS)):
        for element in list(heading.iterdescendants()):
            if element.text_content().strip() == "[edit]":
                element.drop_tree()
    _caption_paragraphs(tree)
    for box in list(tree.iter("aside")):
        if _box_of_text(box):
            box.tag = "section"  # read as the text is, not dropped as a sidebar
    for head in list(tree.iter("header")):
        # An article's own head (its headline, standfirst and byline), not the page's.
        if any(a.tag in ("article", "main") for a in head.iterancestors()) and not _marked(head):
            head.tag = "div"
    for box in list(tree.iter("table", "dl")):
        lines = _labelled(box)
        if lines is None:
            continue
        block = etree.Element("div")
        caption = box.find("caption")
        if caption is not None:
            etree.SubElement(block, "h4").text = _one_line(caption.text_content())
        items = None
        for line in lines:
            if isinstance(line, str):  # a row of one cell: a heading or a note inside the box
                etree.SubElement(block, "p").text = line
                items = None
                continue
            if items is None:
                items = etree.SubElement(block, "ul")
            etree.SubElement(items, "li").text = f"{line[0]}: {line[1]}"
        if not _in_furniture(box):  # a cookie notice's table of cookies is no fact
            facts.append([li.text for li in block.iter("li")])
        block.tail = box.tail
        box.getparent().replace(box, block)
    return tree, facts


def _box_of_text(box: Any) -> bool:
    """Whether an aside is a box of the piece's own text under a heading of its own ("Need
    to know": getting there, baggage transfer, where to stay), which a reader asks of ("How much
    does it cost to have your bags carried?"): not page furniture or a list of links ("Most
    read", "More reviews"), and not a note on the writer (`_writer_note` puts that after the
    text)."""
    marks = f"{box.get('class') or ''} {box.get('id') or ''}"
    heading = next(box.iter(*_HEADINGS), None)
    if heading is None or _marked(box) or _in_furniture(box) or _NOTE_MARK.search(marks) \
            or _NOTE_HEADING.fullmatch(_one_line(heading.text_content())):
        return False
    said = len(_one_line(box.text_content()))
    linked = sum(len(_one_line(a.text_content())) for a in box.iter("a"))
    # Paragraphs of prose, or a list ("The case in numbers": "£41,600 taken from the trust";
    # "The essentials": the address, the opening hours): a box of details ("Rating: 4 out of
    # 5", a team's line-up) is read as facts are (`_labelled`), or not at all.
    return linked <= _LINKED_SHARE * said and (any(
        len(_one_line(p.text_content())) > _BYLINE_MAX and _is_text(p) for p in box.iter("p"))
        or len(list(box.iter("li"))) >= 2)


# A box whose links hold more than this share of its text is a list of links ("Most read").
_LINKED_SHARE = 0.2


def _caption_paragraphs(tree: Any) -> None:
    """Each picture's caption, which the extraction drops with the picture though a reader
    asks of it ("Who took the photo of the barriers?"), as a paragraph: where the picture was,
    or after the text's first paragraph when the picture stands above that (a news page's
    picture under its headline), so that it is not read as the text's lead."""
    from lxml import etree

    # The text's first paragraph, and the pictures above it in the page's order (a picture
    # may stand in a wrapper of its own); found in one pass, however many pictures a
    # gallery holds.
    lead, above = None, []
    for element in tree.iter("figure", "p"):
        if element.tag == "figure":
            above.append(element)
        elif _is_text(element) and not any(a.tag == "figcaption" for a in element.iterancestors()):
            lead = element
            break
    for figure in list(tree.iter("figure")):
        caption = figure.find(".//figcaption")
        if caption is None or figure.find(".//table") is not None \
                or not (said := _one_line(caption.text_content())):
            continue
        paragraph = etree.Element("p")
        paragraph.text = said
        if lead is None or not any(figure is f for f in above):
            paragraph.tail = figure.tail
            figure.getparent().replace(figure, paragraph)
            continue
        figure.drop_tree()
        paragraph.tail, lead.tail = lead.tail, None
        lead.addnext(paragraph)


def _is_text(paragraph: Any) -> bool:
    """Whether a paragraph of a page is of its text: prose (as the text's lead is), not a
    byline, a score line or a label, nor in the page's furniture (a cookie notice above the
    headline)."""
    said = _one_line(paragraph.text_content())
    return is_prose(said) and not is_byline(said) and not _marked(paragraph) \
        and not _in_furniture(paragraph)


def _labelled(box: Any) -> list[str | tuple[str, str]] | None:
    """A box of labels and values, line by line: (label, value), or a note of one cell (a
    table's row of one cell, a "dd" without its "dt"); None unless it holds two labels with
    their values or more, and nothing else: a table whose rows are a "th" then a "td" (no
    table inside it), a definition list whose every "dt" is followed by its "dd"."""
    text = _one_line
    if box.tag == "table":
        if any(inner is not box for inner in box.iter("table")):
            return None
        rows = [[c for c in tr if c.tag in ("th", "td")] for tr in box.iter("tr")]
        pairs = [len(r) == 2 and r[0].tag == "th" and r[1].tag == "td" for r in rows]
        if sum(pairs) < 2 or not all(p or len(r) == 1 for p, r in zip(pairs, rows, strict=True)):
            return None
        return [(text(r[0].text_content()), text(r[1].text_content())) if p
                else text(r[0].text_content()) for p, r in zip(pairs, rows, strict=True)]
    # A "div" may group a term with its definitions (HTML allows it).
    cells = [c for child in box for c in (child if child.tag == "div" else [child])
             if isinstance(c.tag, str)]
    if any(c.tag not in ("dt", "dd") for c in cells) or any(c.find(".//dl") is not None
                                                           for c in cells):
        return None
    lines: list[str | tuple[str, str]] = []
    label = None
    for cell in cells:
        if cell.tag == "dt":
            if label is not None:  # a term without a definition
                return None
            label = text(cell.text_content())
        elif label is not None:
            lines.append((label, text(cell.text_content())))
            label = None
        elif lines and not isinstance(lines[-1], str):  # a term's second definition
            lines[-1] = (lines[-1][0], f"{lines[-1][1]}; {text(cell.text_content())}")
        else:
            lines.append(text(cell.text_content()))
    if label is not None or sum(not isinstance(line, str) for line in lines) < 2:
        return None
    return lines


def _aside(element: Any) -> bool:
    """Whether an element stands in navigation, a sidebar, a footer or a form, or in what its
    classes or id mark as a banner or a list of related stories: not the page's own head."""
    return _within(element, ("nav", "aside", "footer", "form"))


def _in_furniture(element: Any) -> bool:
    """Whether an element stands in the page's navigation, header, footer or a form, or in
    what its classes or id mark as a cookie notice, banner, promotion …"""
    return _within(element, ("nav", "header", "footer", "form"))


def _within(element: Any, tags: tuple[str, ...]) -> bool:
    """Whether an element stands in one of `tags`, or in what its classes or id mark as page
    furniture (`_marked`)."""
    return any(a.tag in tags or _marked(a) for a in element.iterancestors())


def _plain(lines: list[str]) -> list[str]:
    """The lines without inline markup; code (fenced blocks and `spans`) as written."""
    out, fenced = [], False
    for line in lines:
        fence = line.lstrip().startswith("```")
        fenced ^= fence
        if fenced or fence:
            out.append(line)
            continue
        pieces = _CODE_SPAN.split(line)  # text, ticks, code, text, ...
        for i in range(0, len(pieces), 3):
            text = _SUPERSCRIPT.sub(lambda m: m[1].translate(_DIGITS_UP),
                                    _FOOTNOTE_MARK.sub("", pieces[i]))
            text = _EMPHASIS.sub(r"\1", _STRONG.sub(r"\1", _TAG.sub("", text)))
            pieces[i] = _BRACKETED_NUMBER.sub(r"(\1)", _ESCAPE.sub(r"\1", text))
        out.append("".join(p if i % 3 != 1 else p + pieces[i + 1] + p
                           for i, p in enumerate(pieces) if i % 3 != 2))
    return out


def _captions(lines: list[str]) -> list[str]:
    """A table's caption, which the markdown writes as a header row of one cell, as a heading
    over the table (it names the table; it answers nothing): the table's own header row is
    its header again."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        cells = [c.strip() for c in line.strip("|").split("|")]
        if (TABLE_ROW.match(line) and len(cells) > 1 and cells[0] and not any(cells[1:])
                and i + 3 < len(lines) and TABLE_RULE.match(lines[i + 1].strip())
                and TABLE_ROW.match(lines[i + 2].strip())
                and TABLE_RULE.match(lines[i + 3].strip())):
            out += [f"#### {cells[0]}", ""]
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return out


def _short_text(element: Any) -> str:
    """An element's text on one line; '' when it runs long (read no further: a page's every
    element is asked, and the outer ones hold the whole page)."""
    pieces, size = [], 0
    for piece in element.itertext():
        size += len(piece)
        if size > _SHORT_TEXT:
            return ""
        pieces.append(piece)
    return _one_line("".join(pieces))


def _furniture(tree: Any) -> tuple[str, str, str]:
    """The page's byline ("By Ana Ruiz, Science Editor"), date line ("KESTLEFORD, 18 April
    2024", "Published 14 March 2025") and rating ("★★★★☆ 4 out of 5"), which the main-text
    extraction drops as page furniture: the first short element marked as a byline (class, id,
    itemprop or rel "byline" or "author") whose text names someone with "By", else the
    first short element in the page's head that does so, from where it does in a line of
    details ("Reviewed by Callum Iredale · 22 June 2024" marked "meta", of "The Old Vic ·
    Reviewed by …"; not a venue's "By Car: …" further down), else the first so marked that
    is a name alone ("Leontyne Abara"), a mark's words counting ("news-author"); the first
    marked as a date (class, id or itemprop holding "date", "timestamp", "published" or
    "posted", or a <time>) whose text, or its first sentence, is a date line, else
    the first date line in the page's head, from where it starts in a line of details ("From
    Issue 38 · Published online 2 October 2023 · 11 min read"); the first short element that
    is a rating alone and says its number, else stars alone; '' for any there is none of. The
    page's head is what stands above its text's first long paragraph, or below the one above
    that, a standfirst, where a byline must name someone in full ("Words by Miriam Oakes", not
    "By Tuesday, the …")."""
    byline = dateline = rating = unmarked = undated = named = ""
    long = 0  # paragraphs longer than a byline so far: past two, the text has begun
    for element in tree.iter("*"):
        if not isinstance(element.tag, str):
            continue
        marks = " ".join(element.get(a) or "" for a in _BYLINE_MARKS)
        text = _short_text(element)
        short = 0 < len(text) <= _BYLINE_MAX
        if not byline and short and {"byline", "author"} & set(_MARK_WORD.split(marks.lower())):
            if is_author_note([text], closing=False):
                byline = text
            elif not named and is_name(text):  # a name alone: after any "By …" line
                named = text
        if short and element.tag in _LINES and long < 2:
            if not unmarked and ((found := _byline_part(text)) and
                                 (long == 0 or names_in_full(found))):
                unmarked = found
            if not undated and (found := _date_part(text)) and not _aside(element):
                undated = found
        if _begins_text(element, text) and not _in_furniture(element):
            long += 1  # not a cookie notice's paragraph above the page's head
        if not dateline and (element.tag == "time" or _DATE_MARK.search(marks)) and text \
                and is_date_line(_SENTENCE_BREAK.split(text, maxsplit=1)[0]):
            # "First published 18 June 2024. Updated 21 June 2024 to correct the opening
            # hours.": when it was written, and why it changed since.
            dateline = text
        # The first that says its number ("Rating: 4 out of 5" under "★★★★☆"), else stars.
        if element.tag in _LINES and is_rating(text) \
                and (not rating or (_numbered(text) and not _numbered(rating))):
            rating = text
    byline = byline or unmarked or named
    if undated and dateline and dateline in undated:  # "Posted on <time>3 September 2024</time> by …"
        dateline = undated
    return byline, dateline or ("" if undated in byline else undated), rating


def _numbered(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _begins_text(element: Any, text: str) -> bool:
    """Whether an element is a paragraph longer than a byline (`text`, its `_short_text`):
    where a page's text, below its head, begins."""
    return element.tag == "p" and (len(text) > _BYLINE_MAX or (
        not text and any(piece.strip() for piece in element.itertext())))


def _event_dates(tree: Any) -> str:
    """The dates an event runs, on a line of their own above the page's text ("12 April –
    29 September 2024" under an exhibition's name), which the extraction drops as a line of
    details; '' where there are none."""
    for element in tree.iter("p", "div", "span"):
        text = _short_text(element)
        if _begins_text(element, text):
            return ""
        if text and is_date_span(text) and not _aside(element):
            return text
    return ""


def _writer_note(tree: Any) -> str:
    """The text of the page's note on its writer ("Miriam Oakes is a former local radio
    producer who writes about …"), which the extraction drops with the box it stands in: a
    short box marked as one (class or id "author-bio", "about-the-author") or headed "About
    the author"; '' where there is none."""
    for element in tree.iter(*_BOXES):
        heading = next((h for h in element if isinstance(h.tag, str) and h.tag in _HEADINGS),
                       None)
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not (_NOTE_MARK.search(marks) or (heading is not None and _NOTE_HEADING.fullmatch(
                _one_line("".join(heading.itertext()))))):
            continue
        said = " ".join(_one_line("".join(p.itertext())) for p in element.iter("p"))
        # Sentences about them, not a byline in a box so marked ("By Jane Doe").
        return said if 0 < len(said) <= _SHORT_TEXT and is_prose(said) \
            and not is_byline(said) else ""
    return ""


_BOXES = ("aside", "section", "div", "footer")
_NOTE_MARK = re.compile(r"(?:author|writer|contributor)[-_]?(?:bio|info|note|about|box|card)|"
                        r"about[-_]?(?:the[-_]?)?(?:author|writer)", re.I)
_NOTE_HEADING = re.compile(r"about\s+the\s+(?:author|writer|reviewer|columnist|contributor)",
                           re.I)
# What a page's line of details is set out with: "Corran Street Playhouse · Reviewed by …".
_DETAILS_APART = re.compile(r"\s+[·|•]\s+")


def _byline_part(text: str) -> str:
    """A line of details from where it names the writer ("Reviewed by Felix Ambrose · 3
    October 2024" of "Corran Street Playhouse, Tallisford · Reviewed by …"); '' when it does
    not."""
    parts = _DETAILS_APART.split(text)
    starts = [m.end() for m in _DETAILS_APART.finditer(text)]
    return next((text[start:] for part, start in zip(parts, [0, *starts], strict=True)
                 if is_byline(part)), "")


def _date_part(text: str) -> str:
    """The date line in a line of details ("Published online 2 October 2023" of "From Issue
    38 · Published online 2 October 2023 · 11 min read"); '' when it has none."""
    return next((part for part in _DETAILS_APART.split(text) if is_date_line(part)), "")


def _html_title(raw: bytes) -> str:
    """og:title, <title> or the first h1, whichever the page has (trafilatura's choice)."""
    from trafilatura import extract_metadata

    meta = extract_metadata(raw)
    title = _one_line(meta.title) if meta is not None and meta.title else ""
    return title[:200]


def extract_pdf(raw: bytes) -> Extracted:
    """The text of each page, paragraphs separated by blank lines (found from the gaps
    between lines), pages one after another; the metadata title goes first when the text
    does not start with it."""
    if not raw.lstrip()[:5] == b"%PDF-":
        raise ExtractError("not a PDF (no %PDF- header)")
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTCurve, LTLine, LTRect, LTTextContainer, LTTextLine
    from pdfminer.pdfparser import PDFSyntaxError

    read: list[tuple[list[Any], list[tuple[float, float, float, float]], list[Table]]] = []
    try:
        for page in extract_pages(io.BytesIO(raw), laparams=LAParams()):
            boxes = [[line for line in box if isinstance(line, LTTextLine) and _line_text(line)]
                     for box in page if isinstance(box, LTTextContainer)]
            lines = [line for box in boxes for line in box]
            marks = [shape.bbox for shape in page if isinstance(shape, LTCurve)
                     and _BULLET_MIN <= shape.width <= _BULLET_MAX
                     and _BULLET_MIN <= shape.height <= _BULLET_MAX]
            found = tables([s for s in page if isinstance(s, (LTRect, LTLine))], lines)
            boxes = [[line for line in box if not any(t.holds(line) for t in found)]
                     for box in boxes]
            ordered = reading_order(panels_apart(boxes))
            read.append((ordered, marks, found))
    except (PDFSyntaxError, ValueError, TypeError, KeyError, AssertionError) as exc:
        raise ExtractError(f"the PDF cannot be read ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pdfminer raises many private error types on damaged files
        raise ExtractError(f"the PDF cannot be read ({type(exc).__name__})") from exc
    running = _running_lines([lines for lines, _, _ in read])
    pages = [_paragraphs([line for line in lines if line not in running], marks, found)
             for lines, marks, found in read]
    if not any(pages):
        raise ExtractError("the PDF has no text (scanned pages need OCR first)")
    title = _pdf_title(raw)
    first = next((p[0] for p in pages if p), "")
    text, starts = "", list[int]()
    if title and not _shortened(_words(title), _words(first)):
        text = f"{title}\n\n"
    for paragraphs in pages:
        starts.append(len(text) if starts else 0)  # a title put first belongs to page 1
        if paragraphs:
            text += "\n\n".join(paragraphs) + "\n\n"
    return Extracted(text.rstrip("\n") + "\n", "pdf", tuple(starts))


def _running_lines(pages: list[list[Any]]) -> set[Any]:
    """The lines of running headers and footers (a print date and the file's address, "Page 2
    of 9"): they are not the document's text, and were cited as its date. Read line by line,
    as a heading printed just under one would otherwise join it in a paragraph."""
    if len(pages) < 2:
        return set()

    def edges(lines: list[Any]) -> list[Any]:
        rows = sorted({round(line.y1) for line in lines}, reverse=True)
        edge = set(rows[:_RUNNING_EDGE] + rows[-_RUNNING_EDGE:])
        return [line for line in lines if round(line.y1) in edge]
    def key(line: Any) -> tuple[str, int]:
        # Its words (digits aside) and where it is printed: a page number stands at the same
        # height on every page, a table's "4" at a page's top does not.
        return _shape(_line_text(line)), round(line.y0 / _RUNNING_SLACK)
    at_edges = [edges(lines) for lines in pages]
    counts: dict[tuple[str, int], int] = {}
    for lines in at_edges:
        for shape in {key(line) for line in lines}:
            counts[shape] = counts.get(shape, 0) + 1
    running = {s for s, n in counts.items() if n >= max(2, (len(pages) + 1) // 2)}
    return {line for lines in at_edges for line in lines if key(line) in running}


def _line_text(line: Any) -> str:
    return _one_line(line.get_text().translate(_LIGATURES))


def _bullet_of(mark: tuple[float, float, float, float], line: Any) -> bool:
    """Whether a small shape is the bullet of a line: just before it, level with its middle."""
    _, y0, x1, y1 = mark
    left, bottom, top = float(line.x0), float(line.y0), float(line.y1)
    return x1 <= left + 1 and left - x1 <= 2 * max(top - bottom, 1.0) \
        and bottom <= (y0 + y1) / 2 <= top


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _shortened(title: list[str], heading: list[str]) -> bool:
    """Whether a metadata title is the first paragraph's words or some of them in order: a web
    page's shorter <title> over its heading ("… 1.7 L Kettle" over "… 1.7 L Electric Kettle"),
    "Report: 2024" over "Report 2024"."""
    rest = iter(heading)
    return all(word in rest for word in title)


def _shape(paragraph: str) -> str:
    return re.sub(r"\d+", "#", paragraph.casefold())


def _paragraphs(lines: list[Any], marks: list[tuple[float, float, float, float]],
                found: Sequence[Table] = ()) -> list[str]:
    """Lines (top to bottom, each with text) joined into paragraphs where the gap between
    them is small; a line with a bullet drawn before it reads "• " first; each table (top
    first) a paragraph of its own, where it stands."""
    out: list[str] = []
    current = ""
    previous = None
    waiting = [(t.box[3], t.markdown.translate(_LIGATURES)) for t in found]  # top, text
    for line in lines:
        while waiting and waiting[0][0] >= line.y1:  # a table above this line
            out += [current] if current else []
            current, previous = "", None
            out.append(waiting.pop(0)[1])
        text = _line_text(line)
        if any(_bullet_of(mark, line) for mark in marks):
            text = f"• {text}"
        height = max(line.y1 - line.y0, 1.0)
        gap = (previous.y0 - line.y1) if previous is not None else 0.0
        # Far below the line before, or back up above it: the top of the next column, where
        # a paragraph goes on only mid-sentence ("About 9,000 tonnes of" / "silt will be").
        up = previous is not None and line.y0 > previous.y1 + height
        goes_on = text[:1].islower() and current.rstrip()[-1:] not in _SENTENCE_ENDS
        if current and (gap > _PARAGRAPH_GAP * height or (up and not goes_on)):
            out.append(current)
            current = ""
        if not current:
            current = text
        elif _LIST_ITEM.match(text):
            current += "\n" + text
        elif current.endswith("-") and current[-2:-1].isalpha() and text[:1].islower():
            current += text  # a word broken across lines (its hyphen kept: it may be real)
        else:
            current += " " + text
        previous = line
    if current:
        out.append(current)
    return out + [table for _, table in waiting]


# A PDF's metadata title that only names the file it was made from ("report.html",
# "Microsoft Word - minutes.docx", "Untitled-1"): no title.
_FILE_NAME = re.compile(r"(?:microsoft\s+\w+\s+-\s+.*|\S*)\.(?:html?|pdf|docx?|odt|rtf|"
                        r"txt|md|pptx?|xlsx?|indd|tex|dvi|e?ps)$|untitled(?:[\s-]*\d*)$",
                        re.I)


def _pdf_title(raw: bytes) -> str:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSLiteral

    try:
        document = PDFDocument(PDFParser(io.BytesIO(raw)))
        info = document.info[0] if document.info else {}
        value: Any = info.get("Title")
        if hasattr(value, "resolve"):
            value = value.resolve()
        if isinstance(value, PSLiteral):
            value = value.name
        if isinstance(value, bytes):
            value = (value[2:].decode("utf-16-be", "replace")
                     if value.startswith(b"\xfe\xff") else value.decode("latin-1"))
    except Exception:  # a missing or damaged info dictionary only costs the title
        return ""
    if not isinstance(value, str) or _FILE_NAME.match(value.strip()):
        return ""
    return _one_line(value)[:200]

