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

_MARKER = re.compile(r"\[(\d+)\]")
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
    paragraph: int  # 0-based, as the assistant counts

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
    return f"{item.ref}, paragraph {item.paragraph + 1}"


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br>")


def user_html(question: str) -> str:
    return f'<span class="ask-user">{text_html(question)}</span>'


def reply_html(text: str, cited: list[Cited] | tuple[Cited, ...] = (),
               notice: str | None = None, read_as: str | None = None,
               streaming: bool = False, answerer: str | None = None) -> str:
    """Answer prose with each known `[n]` marker turned into a link to its span."""
    by_number = {c.number: c for c in cited}

    def marker(m: re.Match[str]) -> str:
        item = by_number.get(int(m.group(1)))
        return _link(item.ref, m.group(0), "cite-marker") if item else m.group(0)

    body = _MARKER.sub(marker, text_html(text))
    if read_as:
        body = f'<small class="ask-read-as">Read as: {text_html(read_as)}</small><br>' + body
    if notice:
        body += f'<br><em class="ask-notice">{text_html(notice)}</em>'
    if answerer:  # which answerer wrote it: the offline extractor or a configured LLM
        body += f'<br><small class="ask-answerer">answered by {text_html(answerer)}</small>'
    css = "ask-answer streaming" if streaming else "ask-answer"  # tests wait for the end
    return f'<div class="{css}">{body}</div>'


def sources_html(cited: list[Cited] | tuple[Cited, ...]) -> str:
    """The cited passages, each a link to its highlighted place in the source view."""
    items = []
    for c in cited:
        quote_link = _link(c.ref, f"“{text_html(c.quote)}”", "cite-passage")
        items.append(f'<li><strong>[{c.number}]</strong> {quote_link}<br>'
                     f'<small class="cite-where">{escape(location(c))}</small></li>')
    return f'<ol class="cite-list">{"".join(items)}</ol>'


def error_html(message: str) -> str:
    return f'<div class="ask-error">⚠️ {text_html(message)}</div>'


def document_html(source: str, text: str, passage: Passage | None = None,
                  error: str | None = None) -> str:
    """The whole document, with `passage` (a span of `text`) wrapped in a <mark>."""
    head = f"<strong>{escape(source)}</strong>"
    if passage is not None:
        head += (f' · highlighted <code>{escape(passage.permalink)}</code>, paragraph '
                 f"{passage.paragraph + 1}")
        body = (escape(text[:passage.start])
                + f'<mark id="{HIGHLIGHT_ID}">{escape(text[passage.start:passage.end])}</mark>'
                + escape(text[passage.end:]))
    else:
        body = escape(text)
    warning = error_html(error) if error else ""
    return (f'<div class="doc-view">{warning}<div class="doc-head">{head}</div>'
            f'<div class="doc-text">{body}</div></div>')


def empty_html(message: str) -> str:
    return f'<div class="doc-view">{error_html(message)}</div>'
