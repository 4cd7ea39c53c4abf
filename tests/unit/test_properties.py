"""Properties (hypothesis): sentence spans of any text, and citation references as strings.

The sentence splitter promises spans that are exact, trimmed, ordered, non-overlapping and
that together cover every letter and digit of the text (quoting marks, rules and lines of bare
punctuation may be left out); a citation reference must survive its string form
(`source:start-end`) and the UI's `?cite=` permalink for any source name a file can have.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant import CitationError
from assistant.answers import parse_reference, reference
from index import sentences
from ui.render import cite_href

BOUNDED = settings(max_examples=100, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])


def check_spans(text: str) -> None:
    spans = sentences.split(text)
    covered = [False] * len(text)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text), span
        piece = text[span.start:span.end]
        assert piece and piece == piece.strip(), (span, piece)
        assert span.start >= previous_end, "spans out of order or overlapping"
        previous_end = span.end
        assert span.kind in ("title", "heading", "body", "quote")
        for i in range(span.start, span.end):
            covered[i] = True
    # No letter or digit is lost; an e-mail's quoting marks, rules ("-----", "____") and lines of
    # bare punctuation may be, as they say nothing.
    missing = [i for i, ch in enumerate(text) if ch.isalnum() and not covered[i]]
    assert not missing, f"letters or digits not in any span at {missing[:10]}: {text!r}"
    paragraphs = [s.paragraph for s in spans]
    assert paragraphs == sorted(paragraphs)


# Pieces real articles are made of, and the separators between them.
WORDS = st.sampled_from(["Cambodia", "the", "US", "Mr.", "Dr.", "U.S.", "e.g.", "J.", "No.",
                         "1950", "3.5", "“Why", "not?”", "(see", "above)", "Hun", "Sen",
                         "étude", "中文", "ខ្មែរ", "عربي", "🇰🇭", "a.m.", "#", "-", "*", "1.",
                         ">", "...", "…", "!", "?", ".", "'", '"', "]", "[", "x" * 40])
ENDS = st.sampled_from([".", "!", "?", "…", "?!", ".”", "?”", ".)", ".'", "", ":", ";"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\n\n", "\n \n", "\n\t\n\n", "\r\n", "\r\n\r\n",
                              "\t", "\u00a0", "\u2028", "\u3000", "\x0b", "\x1c", "\x85",
                              "\n# ", "\n## ", "\n- ", "\n* ", "\n1. ", "\n> ", "\n\n# ",
                              "\n\n- ", "\n  - "])


@st.composite
def articles(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        words = draw(st.lists(WORDS, min_size=1, max_size=8))
        parts.append(" ".join(words) + draw(ENDS))
        parts.append(draw(SEPARATORS))
    return draw(st.sampled_from(["", " ", "\n", "Title\n\n"])) + "".join(parts)


@BOUNDED
@given(st.text())
@example("")
@example(" \n\t ")
@example("Mr. Smith went. He said “Hi!” Then left…")
@example("# Heading\n\nBody one. Body two.\n- item\n  wrapped\n- item two")
@example("A\u2028B.\u2029C.\x85D.")
def test_split_any_text(text: str) -> None:
    check_spans(text)


@BOUNDED
@given(articles())
def test_split_article_like_text(text: str) -> None:
    check_spans(text)


@BOUNDED
@given(st.text(alphabet=st.sampled_from(". !?\n\t\"'”)(#-*>1aA"), max_size=200))
def test_split_punctuation_soup(text: str) -> None:
    check_spans(text)


# -- references -----------------------------------------------------------------------------

def _file_name_like(name: str) -> bool:
    """Names the reference format is meant to carry: anything a file can be called, with
    colons, dashes, digits, spaces, '?', '%', '&', '+', '#', '=' and any script, but no
    line break, no blank at either end, and no 'cite=' (awkward names have their own test below)."""
    return (bool(name.strip()) and name == name.strip() and "\n" not in name
            and "\x00" not in name and "cite=" not in name)


SOURCE_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
SOURCES = st.one_of(
    st.text(SOURCE_CHARS, min_size=1, max_size=40),
    st.text(st.sampled_from(string.ascii_letters + string.digits + ":-. /?%&+#=;é文ខ"),
            min_size=1, max_size=30),
    st.builds(lambda a, b: f"{a}:{b}.txt", st.text(min_size=1, max_size=8),
              st.integers(-5, 99999).map(str)),
).filter(_file_name_like)
# Offsets of up to 12 digits (the boundary refuses longer ones: no text reaches them).
OFFSETS = st.tuples(st.integers(0, 10 ** 12 - 10 ** 6 - 1), st.integers(1, 10 ** 6)).map(
    lambda p: (p[0], p[0] + p[1]))


@BOUNDED
@given(SOURCES, OFFSETS)
@example("article.txt", (73, 391))
@example("a:1-2.txt", (0, 1))
@example("notes: draft 2:3-4", (5, 6))
@example("Ξένο 文章 (draft) #1?x=1&y=2.md", (10, 20))
@example("dir/sub dir/ខ្មែរ.txt", (1, 2))
def test_reference_round_trip(source: str, offsets: tuple[int, int]) -> None:
    start, end = offsets
    ref = reference(source, start, end)
    assert parse_reference(ref) == (source, start, end)
    # The UI's permalink of the same span reads back the same.
    assert parse_reference(cite_href(ref)) == (source, start, end)
    assert parse_reference(f"http://127.0.0.1:7860/{cite_href(ref)}") == (source, start, end)


@BOUNDED
@given(SOURCES, st.integers(-10 ** 6, 10 ** 6), st.integers(-10 ** 6, 10 ** 6))
def test_bad_offsets_are_citation_errors(source: str, start: int, end: int) -> None:
    ref = reference(source, start, end)
    if 0 <= start < end:
        assert parse_reference(ref) == (source, start, end)
    else:
        with pytest.raises(CitationError):
            parse_reference(ref)


@BOUNDED
@given(st.text(max_size=60))
def test_any_string_parses_or_is_a_citation_error(text: str) -> None:
    try:
        source, start, end = parse_reference(text)
    except CitationError:
        return
    assert 0 <= start < end and isinstance(source, str) and source



@pytest.mark.parametrize("source", [" leading space.txt", "\tnotes.md", "two\nlines.txt",
                                    "cite=notes.txt", "a?cite=b.txt", "x&cite=y.md"])
def test_reference_round_trip_for_awkward_file_names(source: str) -> None:
    assert parse_reference(reference(source, 3, 9)) == (source, 3, 9)
