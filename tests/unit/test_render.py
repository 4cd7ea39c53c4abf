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
