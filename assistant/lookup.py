"""Citation lookup and the quote finder: from a reference or a quote to its exact place.

Both read the text each document was indexed from (kept by the catalog), never the file as
it is now: a citation, its lookup and a quote search agree whatever happened to the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from assistant.answers import (
    Citation,
    Passage,
    QuoteMatch,
    parse_reference,
    printed_reference,
)
from assistant.errors import CitationError
from index import Catalog, Freshness

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'",
                              "`": "'", "´": "'", "«": '"', "»": '"'})


def lookup(catalog: Catalog, ref: Citation | str, freshness: Freshness | None = None) -> Passage:
    """The passage at `ref` (a Citation or 'source:start-end') with the text around it, its
    page (PDF) and, given `freshness`, a notice when the file changed since indexing."""
    if isinstance(ref, Citation):
        source, start, end = ref.source, ref.start, ref.end
        text_ref = ref.ref
    elif isinstance(ref, str):
        # A citation line pasted whole ("[1] notes.txt:5-40 \"…\""), unless a file is so named.
        pasted = printed_reference(ref)
        try:
            source, start, end = parse_reference(ref)
        except CitationError:
            if pasted is None:
                raise
            source, start, end = parse_reference(pasted)
        else:
            if pasted is not None and source not in catalog.by_source:
                source, start, end = parse_reference(pasted)
        text_ref = ref
    else:
        raise CitationError(f"expected a Citation or 'source:start-end', got {type(ref).__name__}")
    if start < 0 or end <= start:
        raise CitationError(f"bad offsets in {text_ref!r}: need 0 <= START < END", text_ref)
    if source not in catalog.by_source:
        names = sorted(catalog.by_source)
        known = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise CitationError(f"unknown source {source!r} in {text_ref!r}; known: {known}",
                            text_ref)
    text = catalog.text(source)
    if end > len(text):
        raise CitationError(f"{text_ref!r} is out of range: {source} has {len(text)} "
                            "characters", text_ref)
    units = catalog.document_units(source)
    touched = [u for u in units if u.start < end and u.end > start]
    if not touched and units:  # a span between sentences: the nearest one places it
        touched = [min(units, key=lambda u: abs(u.start - start))]
    first = touched[0] if touched else None
    last = touched[-1] if touched else None
    before_start = next((u.start for u in reversed(units) if first and u.end <= first.start
                         and u.paragraph == first.paragraph), first.start if first else start)
    after_end = next((u.end for u in units if last and u.start >= last.end
                      and u.paragraph == last.paragraph), last.end if last else end)
    return Passage(source=source, start=start, end=end, quote=text[start:end],
                   # Counted from 1, like Citation (the index counts from 0).
                   paragraph=first.paragraph + 1 if first else 1,
                   sentences=(first.sentence + 1, last.sentence + 1) if first and last
                   else (1, 1),
                   before=text[min(before_start, start):start],
                   after=text[end:max(after_end, end)],
                   page=catalog.by_source[source].page_of(start),
                   stale=freshness.notice(catalog.by_source[source]) if freshness else None)


def _normalized(text: str) -> tuple[str, list[int]]:
    """Case-folded NFC text with one space per whitespace run and plain quote marks, plus a
    map from each normalized character back to its offset in `text`."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in _characters(text.translate(_QUOTE_MARKS)):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        for low in ch.casefold():
            out.append(low)
            where.append(i)
    return "".join(out), where


def _characters(text: str) -> Iterable[tuple[int, str]]:
    """Each character with its offset, a letter and the combining accents after it as one,
    composed ("e\u0301" in a file saved decomposed is "é"); most texts are NFC already."""
    return enumerate(text) if unicodedata.is_normalized("NFC", text) else _composed(text)


def _composed(text: str) -> Iterator[tuple[int, str]]:
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        yield i, unicodedata.normalize("NFC", text[i:j])
        i = j


def _end(text: str, last: int) -> int:
    """Where the character at `last` ends, with the combining accents that follow it."""
    end = last + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


def find_exact(catalog: Catalog, quote: str) -> list[QuoteMatch]:
    """Verbatim occurrences first, then occurrences that differ only in case, spacing or
    quote-mark style."""
    needle = quote.strip()
    if not needle:
        return []
    exact: list[QuoteMatch] = []
    loose: list[QuoteMatch] = []
    norm_needle, _ = _normalized(needle)
    norm_needle = norm_needle.strip()
    for doc in catalog.documents:
        text = catalog.text(doc.source)
        for m in re.finditer(re.escape(needle), text):
            exact.append(QuoteMatch(doc.source, m.start(), m.end(), m.group(), 1.0, "exact"))
        norm_text, where = _normalized(text)
        pos = norm_text.find(norm_needle)
        while pos >= 0 and norm_needle:
            start, end = where[pos], _end(text, where[pos + len(norm_needle) - 1])
            if not any(e.source == doc.source and e.start == start for e in exact):
                loose.append(QuoteMatch(doc.source, start, end, text[start:end], 0.99,
                                        "normalized"))
            pos = norm_text.find(norm_needle, pos + 1)
    return exact + loose
