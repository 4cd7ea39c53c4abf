"""The page's rendering rules: hostile text escaped, quote questions recognised."""

from __future__ import annotations

import html

from tests.support.ui import HOSTILE
from ui import render
from ui.replies import quoted_phrase


def test_hostile_text_is_escaped_everywhere() -> None:
    for s in HOSTILE:
        for out in (render.user_html(s), render.reply_html(s), render.error_html(s),
                    render.document_html("x.txt", f"a {s} b")):
            assert "<script" not in out and "<img" not in out
            assert html.escape(s) in out
    cited = render.Cited(1, '"><img src=x>.txt', 0, 5, "<b>hi</b>", 1)
    out = render.reply_html("It says so [1] [2].", [cited], byline="<img src=y>") \
        + render.status_html(list(HOSTILE))
    assert "<img" not in out and "<b>" not in out
    assert out.count('class="cite-marker"') == 1  # [2] cites nothing: left as text


def test_quote_questions_are_recognised() -> None:
    assert quoted_phrase('Does the article say "Cambodia is a small country"?') == \
        "Cambodia is a small country"
    assert quoted_phrase("Does it mention “the Shangri-La Dialogue”?") == \
        "the Shangri-La Dialogue"
    assert quoted_phrase("What did Hun Sen say?") is None
    assert quoted_phrase('Is "a good ally" in the article?') == "a good ally"
    assert quoted_phrase('Where does the text mention «Shangri-La»?') == "Shangri-La"
    assert quoted_phrase('Who wrote "the article"?') is None
    assert quoted_phrase('What is "ASEAN"?') is None
