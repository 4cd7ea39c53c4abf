"""The page's rendering rules: hostile text escaped."""

from __future__ import annotations

import html

from tests.support.ui import HOSTILE
from ui import render


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


def test_a_hard_wrapped_paragraph_is_shown_to_the_view_s_width() -> None:
    from assistant import Passage

    text = ("Boiler\nLast updated: 2 May\n\nThe boiler in the north block at Elm Court failed twice in the cold\n"
            "January of this year and\nagain in March.\n- one\n- two\nIs it fixed?\nNo.\n")
    start, end = text.index("failed"), text.index("March") + 1
    passage = Passage("x.txt", start, end, text[start:end], 2, (1, 1), "", "")
    out = render.document_html("x.txt", text, passage)
    # A break before a lower-case word, or after a line as long as a wrapped one, is the file's
    # wrapping, shown as a space; the others (a title, a date, a list, a question) stay, and
    # the highlight is the same characters.
    assert '<mark id="cite-hl">failed twice in the cold January of this year and again in M' \
           '</mark>arch.' in out
    assert "Boiler\nLast updated: 2 May\n\n" in out and "\n- one\n- two\nIs it fixed?\nNo." in out


def test_a_reference_quotes_on_one_line_without_markup() -> None:
    assert render.short("**Location:** the old\n>> railway arch, `Unit 7`") == \
        "Location: the old railway arch, Unit 7"
    assert render.short("*A practical guide by Owen Pryce.* _Updated_ in May") == \
        "A practical guide by Owen Pryce. Updated in May"
    for text in ("window.__pwned=1", "2 * 3 * 4 = 24", "2*3*4", "a_b_c and x_y", "* item"):
        assert render.short(text) == text  # a lone mark is text


def test_a_hedge_shows_each_closest_passage_on_a_line_of_its_own() -> None:
    lead = "Your documents may not answer this; the closest passages:"
    cited = [render.Cited(n, "a.txt", 0, 5, "quote", 1) for n in (1, 2)]
    out = render.reply_html(f"{lead} The pool opens at six. [1] Prices rose in May. [2]",
                            cited, hedge=lead)
    assert ">[1]</a><br>Prices rose in May." in out
    # An answer's sentences read as prose; so does a hedge an LLM wrote in its own words.
    assert "</a><br>" not in render.reply_html("It opens at six [1] and shuts at nine [2].",
                                               cited)
    assert "</a><br>" not in render.reply_html("It may open at six [1] or seven [2].", cited,
                                               hedge="Your documents may not answer this.")
