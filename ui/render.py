"""HTML for the chat and the source view, built from escaped text only.

Every piece of text that reaches the page (questions, answers, quotes, document text,
error messages, source names) goes through `html.escape` here, so a `<script>` or an
`onerror=` in a question or an article is shown, never run. Links carry a `?cite=` permalink:
the page's script turns a click into a highlight, and the same URL opened directly
highlights the span too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from assistant import Citation, Passage
from index.sentences import one_line

_MARKER = re.compile(r"\[(\d+)\]")
_AFTER_MARKER = re.compile(r"(?<=\[\d\])\s+|(?<=\[\d\d\])\s+")
# A hard-wrapped line's break: shown as a space, so that the view wraps the paragraph to its
# own width, not at the file's 72 columns as well. A break is a wrap when the next line goes
# on in lower case, or in words after a line as long as a wrapped one is (a short line is a
# title, a date, a question over its answer: its break stays).
_BREAK = re.compile(r"(?<=\S)\n(?=[A-Za-z(“\"'‘])")
_WRAP_WIDTH = 60


def _unwrapped(text: str) -> str:
    def join(m: re.Match[str]) -> str:
        at = m.start()
        if text[at + 1].islower() or at - (text.rfind("\n", 0, at) + 1) >= _WRAP_WIDTH:
            return " "
        return "\n"
    return _BREAK.sub(join, text)
# The id the page's script scrolls to; one highlight per view.
HIGHLIGHT_ID = "cite-hl"


@dataclass(frozen=True)
class Cited:
    """One numbered, clickable span shown with a reply (a citation or a quote match)."""

    number: int
    source: str
    start: int
    end: int
    quote: str
    paragraph: int  # counted from 1, as the assistant counts

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.start}-{self.end}"

    @classmethod
    def from_citation(cls, c: Citation) -> Cited:
        return cls(c.number, c.source, c.start, c.end, c.quote, c.paragraph)


def cite_href(ref: str) -> str:
    """The permalink of a span, relative to the page: `?cite=SOURCE:START-END`."""
    return "?cite=" + quote(ref, safe=":")


def _link(ref: str, label_html: str, css: str) -> str:
    return (f'<a class="{css}" href="{escape(cite_href(ref))}" '
            f'title="{escape(ref)}">{label_html}</a>')


def location(item: Cited) -> str:
    return f"{item.source}, paragraph {item.paragraph}"


def short(quote: str, limit: int = 90) -> str:
    """The start of a quote on one line (`one_line`), cut at a word, for the compact list
    under an answer."""
    quote = one_line(quote)
    if len(quote) <= limit:
        return quote
    return quote[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br>")


def user_html(question: str) -> str:
    return f'<span class="ask-user">{text_html(question)}</span>'


def reply_html(text: str, cited: list[Cited] | tuple[Cited, ...] = (),
               notice: str | None = None, read_as: str | None = None,
               streaming: bool = False, byline: str | None = None,
               hedge: str | None = None) -> str:
    """One bubble: the answer prose (each known `[n]` marker a link to its span), then the
    numbered references, then who answered, in plain words."""
    by_number = {c.number: c for c in cited}

    def marker(m: re.Match[str]) -> str:
        item = by_number.get(int(m.group(1)))
        return _link(item.ref, m.group(0), "cite-marker") if item else m.group(0)

    # A hedge the answer text starts with is shown muted, in place; any other above it. The
    # passages after it are the closest ones, unrelated to each other: one a line, not run
    # together as a paragraph.
    lead = hedge if hedge and text.startswith(hedge) else ""
    shown = text[len(lead):].lstrip()
    pieces = _AFTER_MARKER.split(shown) if lead else [shown]
    body = "<br>".join(_MARKER.sub(marker, text_html(p)) for p in pieces)
    if hedge:
        body = f'<small class="ask-hedge">{text_html(hedge)}</small><br>' + body
    if read_as:
        body = f'<small class="ask-read-as">Read as: {text_html(read_as)}</small><br>' + body
    if cited and not streaming:
        body += references_html(cited)
    if notice:
        body += f'<br><em class="ask-notice">{text_html(notice)}</em>'
    if byline:
        body += f'<small class="ask-answerer">{text_html(byline)}</small>'
    css = "ask-answer streaming" if streaming else "ask-answer"  # tests wait for the end
    return f'<div class="{css}">{body}</div>'


def working_html(what: str) -> str:
    """The bubble shown from the moment a question is sent until its first words arrive."""
    return (f'<div class="ask-answer streaming ask-working" role="status">'
            f'<span class="ask-dots" aria-hidden="true"><i></i><i></i><i></i></span> '
            f'Reading {text_html(what)}…</div>')


def references_html(cited: list[Cited] | tuple[Cited, ...]) -> str:
    """The cited passages under an answer: number, source and paragraph, a short quote; each
    a link to its highlighted place in the source view."""
    items = []
    for c in cited:
        quote_link = _link(c.ref, f"“{text_html(short(c.quote))}”", "cite-passage")
        items.append(f'<li><span class="cite-num">[{c.number}]</span> '
                     f'<small class="cite-where">{escape(location(c))}</small> {quote_link}</li>')
    return f'<ol class="cite-list">{"".join(items)}</ol>'


def error_html(message: str) -> str:
    return f'<div class="ask-error">⚠️ {text_html(message)}</div>'


def document_html(source: str, text: str, passage: Passage | None = None,
                  error: str | None = None) -> str:
    """The whole document, with `passage` (a span of `text`) wrapped in a <mark>."""
    text = _unwrapped(text)  # one character for one: the passage's offsets hold
    head = f"<strong>{escape(source)}</strong>"
    if passage is not None:
        head += (f' · highlighted <code>{escape(passage.permalink)}</code>, paragraph '
                 f"{passage.paragraph}")
        body = (escape(text[:passage.start])
                + f'<mark id="{HIGHLIGHT_ID}">{escape(text[passage.start:passage.end])}</mark>'
                + escape(text[passage.end:]))
    else:
        body = escape(text)
    warning = error_html(error) if error else ""
    return (f'<div class="doc-view">{warning}<div class="doc-head">{head}</div>'
            f'<div class="doc-text">{body}</div></div>')


def status_html(lines: list[str]) -> str:
    """What the last upload or removal did, one line each."""
    if not lines:
        return ""
    items = "".join(f'<li class="{"doc-refused" if line.startswith("Not ") else "doc-done"}">'
                    f"{text_html(line)}</li>" for line in lines)
    return f'<ul class="doc-status">{items}</ul>'


def empty_html(message: str) -> str:
    return f'<div class="doc-view">{error_html(message)}</div>'
